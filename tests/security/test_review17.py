"""review17: what trust14 broke in daily use, and holes in its new checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, needs_bwrap, report, write_script, writer_script

WRITER = "---\nname: writer\ndescription: Writes files for tests\ntools: Read, Bash\n---\nDo.\n"


def _run(ws: Path, agents: Path, script: Path, *extra: str) -> int:
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--allow-bash", *extra,
    )  # fmt: skip
    return ran.returncode


@needs_bwrap
def test_a_nested_workspaces_own_database_is_resumed_and_hidden_from_the_outer_one(
    tmp_path: Path,
) -> None:
    """A monorepo: coord ran at ``proj``, then in ``proj/app`` (its own ``.coordinator``).
    The database coord made there is its own: ``coord resume`` in ``app`` drives its
    waiting session. A later run at ``proj`` cannot change it (its folder is hidden from
    commands as the root's is), and one a command made elsewhere below ``proj`` is still
    refused."""
    proj, agents = tmp_path / "proj", tmp_path / "agents"
    (proj / "app").mkdir(parents=True)
    agents.mkdir()
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    done = write_script(tmp_path / "0.yaml", {"writer": [{"text": report("Complete")}]})
    assert _run(proj, agents, done) == 0
    waits = [{"text": blocked("Ops", "Go ahead?")}, {"text": report("Complete")}]
    script = write_script(tmp_path / "1.yaml", {"writer": waits})
    assert _run(proj / "app", agents, script) == 3  # waiting for a person
    own = proj / "app" / ".coordinator"
    tamper = f"echo x > {own}/coordinator.db-wal; mv {proj}/app {proj}/moved; echo rc=$?"
    calls = [{"name": "Bash", "input": {"command": tamper}}]
    evil = writer_script(tmp_path / "2.yaml", calls)
    assert _run(proj, agents, evil) == 0
    assert (
        not (own / "coordinator.db-wal").exists()
        or b"x\n" != (own / "coordinator.db-wal").read_bytes()
    )
    assert own.is_dir() and not (proj / "moved").exists()  # unhidden there, then moved back
    resumed = coord("resume", "--context", "yes", cwd=proj / "app")
    assert resumed.returncode == 0, resumed.stderr
    logged = coord("log", cwd=proj / "app")
    assert logged.returncode == 0, logged.stderr


def test_only_a_folder_coord_made_with_its_token_is_its_own(tmp_path: Path) -> None:
    """A ``.coordinator`` folder is coord's own only when it holds the token coord wrote
    there and remembered: not one a command made, nor one holding a link or a copied mark
    of another folder, nor a link to coord's own."""
    from coordinator.tools import owned

    proj = tmp_path / "proj"
    made = proj / "app" / ".coordinator"
    made.mkdir(parents=True)
    owned.claim(made)
    assert owned.own_folders_in(proj.resolve()) == [made.resolve()]
    planted = proj / "lib" / ".coordinator"
    planted.mkdir(parents=True)
    shutil.copy(made / owned.MARK, planted / owned.MARK)  # a token, not this folder's
    (proj / "web").mkdir()
    (proj / "web" / ".coordinator").symlink_to(made)
    assert owned.own_folders_in(proj.resolve()) == [made.resolve()]
    (made / owned.MARK).unlink()
    (made / owned.MARK).symlink_to(planted / owned.MARK)
    assert owned.own_folders_in(proj.resolve()) == []


def test_a_stale_coordinator_folder_in_home_leaves_the_users_servers_alone(
    tmp_path: Path,
) -> None:
    """An old ``coord -w ~`` run left ``~/.coordinator``. The user's own servers in
    ``~/.claude.json`` (Claude Code's file, rewritten by it all the time) still start as
    the user in a project elsewhere: that run gave commands the whole home folder (its
    shell startup files too), so distrusting this one file afterwards protects nothing; a
    ``-w ~`` run itself still treats it as the workspace's."""
    import json
    import os

    from coordinator.mcp.config import agent_servers
    from coordinator.roster.spec import AgentSpec

    home = Path(os.environ["HOME"])
    (home / ".coordinator").mkdir(exist_ok=True)
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"srv": {"command": "x"}}}))
    spec = AgentSpec(name="b", description="b", domain="b", body="b", extra={"mcpServers": ["srv"]})
    ws = tmp_path / "ws"
    ws.mkdir()
    got = agent_servers(spec, ws, environ={})
    assert [(s.name, s.confined) for s in got.servers] == [("srv", "")], got.problems
    assert got.problems == []
    inside = agent_servers(spec, home, environ={})  # -w ~: the workspace's own file
    assert inside.servers == [] and "not approved" in inside.problems[0]


@needs_bwrap
def test_a_command_writing_coords_own_venv_is_told_why_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """coord installed in the project's ``.venv``: an agent's ``pip install`` there fails
    (read-only: it would change the next coord). The output says it is coord's own
    installation and how to let agents manage that environment (coord installed outside
    the project)."""
    import asyncio

    from coordinator.tools import workspace
    from coordinator.tools.base import ToolContext
    from coordinator.tools.toolset import build_toolset

    ws = tmp_path / "ws"
    site = ws / ".venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    monkeypatch.setattr(workspace, "own_code", lambda: [(ws / ".venv").resolve()])
    context = ToolContext(root=ws, allow_bash=True)
    command = {"command": "touch .venv/lib/python3.11/site-packages/x.py"}
    got = asyncio.run(build_toolset(None).execute("Bash", command, context))
    assert got.is_error and "Read-only file system" in got.content
    assert "coord's own installation" in got.content and "pipx" in got.content


@pytest.mark.parametrize(
    "words",
    [
        ["uv", "run", "-m", "srv"],
        ["uv", "run", "--module", "srv"],
        ["python3", "-msrv"],
        ["python3", "-Im", "srv"],
        ["python3", "-IBmsrv"],
        ["python3", "-c", "import tool; tool.main()"],
        ["python3", "-c", "from srv.app import main"],
        ["sh", "-c", "python3 -m srv"],
        ["bash", "-lc", "exec python3 tool.py --stdio"],
        ["sh", "-c", "sh -c 'python3 -m srv'"],
    ],
)
def test_python_m_and_shell_forms_of_workspace_code_are_seen(
    tmp_path: Path, words: list[str]
) -> None:
    """A server (or hook) that runs a workspace module or file through another spelling
    than ``python -m pkg`` or ``python pkg.py`` is workspace code too: ``uv run -m``,
    Python's joined short options (``-msrv``, ``-Im``), ``python -c 'import pkg'`` (the
    working folder is on its path too) and a shell's ``-c`` command line."""
    from coordinator.tools.command_files import writable_file_named

    (tmp_path / "srv").mkdir()
    (tmp_path / "srv" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "tool.py").write_text("", encoding="utf-8")
    assert writable_file_named(tmp_path, words) is not None


@pytest.mark.parametrize(
    "words",
    [["python3", "-m", "json.tool"], ["python3", "-c", "import json"], ["sh", "-c", "echo hi"]],
)
def test_code_outside_the_workspace_is_not_workspace_code(tmp_path: Path, words: list[str]) -> None:
    """What resolves outside the workspace (the standard library) is not its code."""
    from coordinator.tools.command_files import writable_file_named

    (tmp_path / "tool.py").write_text("", encoding="utf-8")
    assert writable_file_named(tmp_path, words) is None


@needs_bwrap
def test_a_planted_coordinator_link_out_of_every_workspace_is_not_followed(
    tmp_path: Path,
) -> None:
    """A command plants ``sub/.coordinator`` as a link to a folder outside every workspace
    (as root: ``/etc``). The link's own place is where agents wrote, wherever it leads:
    ``coord run`` in ``sub`` creates no database, WAL or lock file there."""
    ws, agents, outside = tmp_path / "ws", tmp_path / "agents", tmp_path / "outside"
    for folder in (ws, agents, outside):
        folder.mkdir()
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    plant = f"mkdir sub && ln -s {outside} sub/.coordinator && echo ok"
    calls = [{"name": "Bash", "input": {"command": plant}}]
    script = writer_script(tmp_path / "1.yaml", calls)
    assert _run(ws, agents, script) == 0
    assert (ws / "sub" / ".coordinator").is_symlink()
    done = write_script(tmp_path / "2.yaml", {"writer": [{"text": report("Complete")}]})
    ran = coord(
        "run", "Do it", "--agent", "writer", "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", done, cwd=ws / "sub",
    )  # fmt: skip
    assert list(outside.iterdir()) == []
    assert ran.returncode != 0 and "is a link" in ran.stderr


def test_a_folder_made_while_an_outer_run_is_live_is_not_claimed(tmp_path: Path) -> None:
    """While a run drives a session at ``proj``, a command of it started before
    ``proj/app/.coordinator`` was made sees that folder unhidden (a watcher loop could
    write a WAL into it): coord does not claim it, so its database is not resumed; once
    no session is driven there, a new folder is claimed."""
    from coordinator.store.locks import SessionLocks
    from coordinator.store.paths import db_path
    from coordinator.tools import owned

    proj = tmp_path / "proj"
    (proj / ".coordinator").mkdir(parents=True)
    locks = SessionLocks(db_path(proj))
    assert locks.acquire("live")
    made = proj / "app" / ".coordinator"
    made.mkdir(parents=True)
    owned.claim(made)
    assert owned.own_folders_in(proj.resolve()) == []
    locks.release("live")
    locks.close()
    later = proj / "lib" / ".coordinator"
    later.mkdir(parents=True)
    owned.claim(later)
    assert owned.own_folders_in(proj.resolve()) == [later.resolve()]


def test_a_run_with_its_database_elsewhere_still_marks_where_agents_ran(
    tmp_path: Path,
) -> None:
    """``coord run -w proj --db elsewhere``, an agent with Write only: nothing made
    ``proj/.coordinator``, the sign that agents ran there, so the ``sub/.mcp.json`` it
    wrote counted as the user's for a later ``coord run -w proj/sub`` (an approved name
    ran its command as the user). The run marks the workspace."""
    from coordinator.tools.workspace import written_by_agents

    ws, agents = tmp_path / "ws", tmp_path / "agents"
    ws.mkdir()
    agents.mkdir()
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes files\ntools: Read, Write\n---\nDo.\n",
        encoding="utf-8",
    )
    calls = [{"name": "Write", "input": {"file_path": "sub/.mcp.json", "content": "{}"}}]
    script = writer_script(tmp_path / "1.yaml", calls)
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--db", tmp_path / "elsewhere.db",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert (ws / "sub" / ".mcp.json").is_file()
    assert written_by_agents(ws / "sub" / ".mcp.json") == ws.resolve()
