"""audit47: what a person auditing their agents' work still missed after audit46.

``coord log --follow``'s live view (a terminal) ended on the bare tree: a session that
stopped waiting for a person did not say how to answer it, as the static tree does. The
files a Bash command changed were in no ``files`` list. A cut ``coord sessions`` list's
count read every stored session when the matches were few among very many.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script
from rich.console import Console

from coordinator.cli import views
from coordinator.events import Routed
from coordinator.status import FileChange
from coordinator.store import listing
from coordinator.store.db import SessionQuery, Store
from coordinator.tools import changes

#: backend asks a person (no specialist for Product), then completes once answered.
ASKS = {"backend": [{"text": blocked("Product", "Which plan?")}, {"text": report("Complete")}]}


@pytest.fixture(scope="module")
def asked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A session whose agent asks a person, not answered yet (its store at ``db``)."""
    tmp_path = tmp_path_factory.mktemp("asked")
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", *ASKS)
    script = write_script(tmp_path / "s.yaml", ASKS)
    db = tmp_path / "chains.db"
    ran = coord("run", "Add billing", "--workspace", ws, "--agents-dir", agents, "--only",
                "--agent", "backend", "--script", script, "--db", db, "--json")  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return {"db": db, "ws": ws, **json.loads(ran.stdout)}


def test_the_live_follow_view_ends_with_how_to_answer_the_session(asked: dict[str, Any]) -> None:
    out = io.StringIO()
    terminal = Console(file=out, force_terminal=True, width=200, color_system=None)
    store = Store.open(Path(asked["db"]))
    try:
        views.follow_chain(store, store.session(asked["session"]), terminal)
    finally:
        store.close()
    sid = asked["session"]
    final = out.getvalue().split("\x1b[2K")[-1].replace("\x1b[?25h", "")  # the last frame
    assert final.startswith(f"session {sid}  waiting"), out.getvalue()
    assert final.rstrip().splitlines()[-1] == f'Answer with: coord resume {sid} --context "..."'


# ---- the files a Bash command changed -----------------------------------------------------

BASH_AGENT = """---
name: ops
description: Runs shell commands for deployments, CI and infrastructure.
tools: Bash, Read
---
You run shell commands.
"""


def _bash_chain(tmp_path: Path, ws: Path, *commands: str) -> dict[str, Any]:
    """``coord run`` of agent ops running ``commands`` with Bash allowed in ``ws``, then
    ``coord log --json``'s document and the tree's lines."""
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(BASH_AGENT, encoding="utf-8")
    calls = [{"tool_calls": [{"name": "Bash", "input": {"command": c}}]} for c in commands]
    script = write_script(tmp_path / "s.yaml", {"ops": [*calls, {"text": report("Complete")}]})
    ran = coord("run", "Tidy the build", "--workspace", ws, "--agents-dir", agents, "--only",
                "--agent", "ops", "--script", script, "--allow-bash", "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    sid = json.loads(ran.stdout)["session"]
    log = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    tree = coord("log", sid, "--workspace", ws, env={"COLUMNS": "300"}).stdout.splitlines()
    return {"run": json.loads(ran.stdout), "log": log, "tree": tree}


def _git(ws: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", *identity, *args], cwd=ws, check=True, capture_output=True)


@pytest.mark.parametrize("in_git", [True, False], ids=["git", "no-git"])
def test_the_log_lists_the_files_a_bash_command_changed(tmp_path: Path, in_git: bool) -> None:
    ws = workspace(tmp_path)
    (ws / "old.log").write_text("old\n", encoding="utf-8")
    if in_git:  # (build/ ignored: what git ignores is not followed)
        (ws / ".gitignore").write_text("build/\n", encoding="utf-8")
        _git(ws, "init", "-q")
        _git(ws, "add", "-A")
        _git(ws, "commit", "-qm", "start")
    ran = _bash_chain(
        tmp_path, ws, "echo made > made.txt && rm old.log", "echo more >> README.md",
        "mkdir -p build && echo x > build/out.o",
    )  # fmt: skip
    run = ran["log"]["chain"]
    expected = {"made.txt": "created", "old.log": "deleted", "README.md": "updated"}
    if not in_git:
        expected["build/out.o"] = "created"
    assert run["bash_files"] == expected
    assert run["files"] == list(expected)  # in the order the commands ran, each once
    assert ran["log"]["files"] == ran["run"]["files"] == list(expected)  # as coord run has them
    (line,) = [line for line in ran["tree"] if "files changed:" in line]
    assert line.endswith(
        "files changed: made.txt (Bash: created), old.log (Bash: deleted), "
        "README.md (Bash: updated)" + (", build/out.o (Bash: created)" if not in_git else "")
    )


def test_a_workspace_past_the_bound_says_its_changes_were_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(changes, "MAX_FILES", 3)
    ws = tmp_path / "big"
    ws.mkdir()
    for n in range(4):
        (ws / f"f{n}.txt").write_text("x", encoding="utf-8")
    ran = _bash_chain(tmp_path, ws, "echo y > f0.txt")
    run = ran["log"]["chain"]
    assert (run["files"], run["bash_files"], run["bash_unfollowed"]) == ([], {}, 1)
    (line,) = [line for line in ran["tree"] if "files changed:" in line]
    assert line.endswith(
        "files changed: not followed for 1 Bash command (the workspace holds over 3 files)"
    )


def test_a_snapshot_tells_created_updated_deleted_and_not_a_staged_file(tmp_path: Path) -> None:
    """In git: a file dirty before and changed again, an untracked one removed, a tracked
    one put back; ``git add`` changes no file."""
    ws = tmp_path / "repo"
    ws.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (ws / name).write_text(name, encoding="utf-8")
    _git(ws, "init", "-q")
    _git(ws, "add", "-A")
    _git(ws, "commit", "-qm", "start")
    (ws / "a.txt").write_text("dirty", encoding="utf-8")
    (ws / "u.txt").write_text("untracked", encoding="utf-8")
    (ws / "c.txt").unlink()
    (ws / "b.txt").write_text("staged", encoding="utf-8")
    before = changes.snapshot(ws)
    (ws / "a.txt").write_text("dirtier", encoding="utf-8")
    (ws / "u.txt").unlink()
    (ws / "c.txt").write_text("c.txt", encoding="utf-8")
    _git(ws, "add", "b.txt")
    assert changes.compared(before).files == (
        ("a.txt", FileChange.UPDATED),
        ("c.txt", FileChange.CREATED),
        ("u.txt", FileChange.DELETED),
    )


def test_a_repository_removed_by_the_command_is_not_followed_not_guessed(tmp_path: Path) -> None:
    ws = tmp_path / "repo"
    ws.mkdir()
    (ws / "a.txt").write_text("a", encoding="utf-8")
    _git(ws, "init", "-q")
    _git(ws, "add", "-A")
    _git(ws, "commit", "-qm", "start")
    before = changes.snapshot(ws)
    shutil.rmtree(ws / ".git")  # every file would pass for created, seen without git
    assert changes.compared(before) == changes.Changed(
        unfollowed="git could not list the files after the command"
    )


def test_a_git_file_naming_another_repository_is_walked_not_given_to_git(
    tmp_path: Path,
) -> None:
    """A ``.git`` file a command wrote may name another repository of the user's: coord runs
    no git on it (its changes are found by the walk)."""
    other = tmp_path / "other"
    other.mkdir()
    _git(other, "init", "-q")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".git").write_text(f"gitdir: {other / '.git'}\n", encoding="utf-8")
    before = changes.snapshot(ws)
    assert not before.git and ".git" in before.files
    (ws / "new.txt").write_text("n", encoding="utf-8")
    assert changes.compared(before).files == (("new.txt", FileChange.CREATED),)


# ---- a cut list's count, bounded in rows read ---------------------------------------------


def _routed(store: Store, ws: Path, agent: str) -> str:
    """A session of one run of ``agent``."""
    sid = store.create_session("r", ws, {})
    with store.transaction():
        store.start_run(sid, agent=agent, model="m", depth=0, max_turns=5,
                        first_message={"role": "user", "content": "hi"})  # fmt: skip
        store.add_event(Routed(sid, None, "r", agent))
    return sid


def test_a_cut_lists_count_reads_only_the_newest_sessions_and_says_so(
    store: Store, store_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rare match among very many stored sessions read them all to count them; the count
    now reads the newest ``READ_AT_MOST`` and says older ones were not counted."""
    monkeypatch.setattr(listing, "READ_AT_MOST", 3)
    for agent in ("dba", "ops", "ops", "ops", "dba", "dba"):  # oldest first
        _routed(store, tmp_path, agent)
    cut = coord("sessions", "--db", store_db, "--agent", "dba", "--limit", "1", "--json")
    assert len(json.loads(cut.stdout)) == 1
    assert cut.stderr == (
        "2 sessions match among the newest 3 of a database (older ones not counted), the"
        " newest 1 shown: --since, --status, --agent or --search narrow them\n"
    )
    assert store.count_sessions(SessionQuery(agent="dba"), 1001, 6) == (3, False)
