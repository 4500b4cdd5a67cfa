"""redteam113: the workspace's files attacked where coord keeps its own, with real runs.

A workspace's own ``.coordinator`` folder is coord's: it makes the folder, the database,
its ``-wal``, ``-shm`` and lock file, never a link. The store refused a link there only
when an agent's command could have made it (``sub/.coordinator`` below a workspace coord
ran agents in: trust43, trust78). But the workspace's files are not all coord's or the
user's: a repository can check in ``.coordinator/coordinator.db`` as a link to any path,
and a file can have another name elsewhere (a hard link). SQLite follows the link and
writes through the hard link: a real ``coord run`` made its database of an empty file
outside the workspace (its ``-wal`` and ``-shm`` beside it), made the whole store in the
folder a linked ``.coordinator`` led to, and overwrote the other name of a hard-linked
``coordinator.db-shm`` with its shared memory. An agent's own command could do the last in
a monorepo: ``sub/.coordinator/coordinator.db-shm`` a hard link of the workspace's
``README.md``, and the user's ``coord run -w sub`` wrote SQLite's bytes over the README.
Each is refused now, naming the file, before SQLite opens anything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli import coord
from kit import report, workspace, write_agents, write_script

DONE = {"text": report("Complete", "Done")}


def run_in(tmp_path: Path, ws: Path) -> object:
    """``coord run`` in ``ws``, agent ``backend`` answering at once (a real SQLite store)."""
    script = write_script(tmp_path / "s.yaml", {"backend": [DONE]})
    agents = write_agents(tmp_path / "agents", "backend")
    return coord(
        "run", "Add a health check", "-w", ws, "--agents-dir", agents, "--only",
        "--script", script, "--agent", "backend",
    )  # fmt: skip


def test_a_checked_in_database_link_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    """``.coordinator/coordinator.db`` a link (as a clone checks one out) to an empty file
    outside: SQLite made its database there, with its ``-wal`` and ``-shm`` beside it."""
    ws = workspace(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.db").write_bytes(b"")
    (ws / ".coordinator").mkdir()
    (ws / ".coordinator" / "coordinator.db").symlink_to(outside / "notes.db")
    ran = run_in(tmp_path, ws)
    assert ran.returncode == 4, ran.stdout
    assert "coordinator.db is a link" in ran.stderr
    assert (outside / "notes.db").read_bytes() == b""
    assert sorted(p.name for p in outside.iterdir()) == ["notes.db"]


def test_a_hard_linked_shared_memory_file_is_refused(tmp_path: Path) -> None:
    """``coordinator.db-shm`` with another name outside the workspace: SQLite wrote its
    shared memory over that file's content."""
    ws = workspace(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("the user's file\n", encoding="utf-8")
    (ws / ".coordinator").mkdir()
    os.link(outside / "keep.txt", ws / ".coordinator" / "coordinator.db-shm")
    ran = run_in(tmp_path, ws)
    assert ran.returncode == 4, ran.stdout
    assert "coordinator.db-shm has 2 hard links" in ran.stderr
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "the user's file\n"


def test_a_linked_session_folder_makes_nothing_where_it_leads(tmp_path: Path) -> None:
    """The workspace's ``.coordinator`` a link to a folder outside: the whole store was
    made there."""
    ws = workspace(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws / ".coordinator").symlink_to(outside)
    ran = run_in(tmp_path, ws)
    assert ran.returncode == 4, ran.stdout
    assert ".coordinator is a link" in ran.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
def test_a_hard_link_an_agents_command_planted_in_a_nested_session_folder(
    tmp_path: Path,
) -> None:
    """A monorepo run's sandboxed command makes ``sub/.coordinator/coordinator.db-shm`` a
    hard link of the workspace's ``README.md`` (no link: refuse_planted_links let it by);
    the user's next ``coord run -w sub`` wrote SQLite's shared memory over the README."""
    ws = workspace(tmp_path)
    (ws / "README.md").write_text("the user's readme\n", encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: writes files\ntools: Read, Bash\n---\nWrite.\n",
        encoding="utf-8",
    )
    plant = "mkdir -p sub/.coordinator && ln README.md sub/.coordinator/coordinator.db-shm"
    bash = {"tool_calls": [{"name": "Bash", "input": {"command": plant}}]}
    script = write_script(tmp_path / "plant.yaml", {"writer": [bash, DONE]})
    base = ("--agents-dir", agents, "--only", "--agent", "writer")
    ran = coord("run", "Plant", "-w", ws, "--allow-bash", "--script", script, *base)
    assert ran.returncode == 0, ran.stderr
    assert os.stat(ws / "README.md").st_nlink == 2
    again = write_script(tmp_path / "again.yaml", {"writer": [DONE]})
    ran = coord("run", "Again", "-w", ws / "sub", "--script", again, *base)
    assert ran.returncode == 4, ran.stdout
    assert "coordinator.db-shm has 2 hard links" in ran.stderr
    assert (ws / "README.md").read_text(encoding="utf-8") == "the user's readme\n"
