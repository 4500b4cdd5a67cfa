"""WorktreeCreate and WorktreeRemove hooks (worktree101), as Claude Code's hooks reference
defines them: a WorktreeCreate hook makes a worktree run's worktree in git's place (input
``name``, the path printed on its last line of output; any exit code but 0, or no path,
fails the creation, and the run with it); WorktreeRemove is told ``worktree_path`` before
the worktree goes (no decision control). Within coord's rules: the path must lie where a
run's worktree may (below the workspace, in no protected folder, or coord's own worktree
folder), be a worktree of the workspace's repository; the merge-back applies; a resume
finds the worktree again without asking the hook twice. Real hook scripts, real git."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from kit import git, report
from test_hooks import Run
from test_worktree_runs import isolated, make_repo

DONE = report("Complete", "Done", files="notes.txt")
WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}

#: A WorktreeCreate hook as Claude Code's docs show one: reads its input, makes a git
#: worktree (``git worktree add``, its chatter on stderr), prints the path last.
CREATE = """#!{python}
import json, pathlib, subprocess, sys
data = json.load(sys.stdin)
pathlib.Path({log!r}).write_text(json.dumps(data))
target = pathlib.Path(data["cwd"]) / ".claude" / "worktrees" / data["name"]
subprocess.run(
    ["git", "-C", data["cwd"], "worktree", "add", "-q", "-b", "hook/" + data["name"],
     str(target), "HEAD"],
    check=True, stdout=sys.stderr,
)
print("made it")
print(target)
"""
#: A WorktreeRemove hook: what it was told, and whether the worktree was still there.
REMOVE = """#!{python}
import json, os, pathlib, sys
data = json.load(sys.stdin)
data["there"] = os.path.isdir(data["worktree_path"])
pathlib.Path({log!r}).write_text(json.dumps(data))
"""


def script(path: Path, text: str, **fields: str) -> str:
    path.write_text(text.format(python=sys.executable, **fields), encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def hooks_of(create: str, remove: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"WorktreeCreate": [{"hooks": [{"command": create}]}]}
    if remove is not None:
        found["WorktreeRemove"] = [{"hooks": [{"command": remove}]}]
    return found


def run_of(tmp_path: Path, hooks: dict[str, Any]) -> Run:
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, hooks, registry=isolated())
    make_repo(r.ws)
    return r


def kinds(r: Run, sid: str, kind: str) -> list[dict[str, Any]]:
    return [e.data for e in r.store.events(sid) if e.kind == kind]


async def test_a_worktree_create_hook_makes_the_worktree_merged_back_and_removed(
    tmp_path: Path,
) -> None:
    made, removed = tmp_path / "made.json", tmp_path / "removed.json"
    create = script(tmp_path / "create.py", CREATE, log=str(made))
    remove = script(tmp_path / "remove.py", REMOVE, log=str(removed))
    r = run_of(tmp_path, hooks_of(create, remove))
    sid = "wt101a"
    result = await r.engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete"
    told = json.loads(made.read_text())
    assert told["hook_event_name"] == "WorktreeCreate"
    assert told["name"] == f"{sid}-1" and told["cwd"] == str(r.ws)
    target = r.ws.resolve() / ".claude" / "worktrees" / f"{sid}-1"
    [opened] = kinds(r, sid, "worktree")
    assert opened["path"] == str(target)  # the hook's worktree, not coord's own
    assert not (r.ws / ".git" / "coord-worktrees" / f"{sid}-1").exists()
    assert (r.ws / "notes.txt").read_text() == "hello"  # merged back as ever
    gone = json.loads(removed.read_text())
    assert gone["hook_event_name"] == "WorktreeRemove"
    assert gone["worktree_path"] == str(target) and gone["there"] is True  # told first
    assert not target.exists()  # then removed
    logged = {e["event"]: e["outcome"] for e in r.hook_events(sid)}
    assert logged == {"WorktreeCreate": "ok", "WorktreeRemove": "ok"}


async def test_a_worktree_remove_hook_is_told_of_coords_own_worktree(tmp_path: Path) -> None:
    removed = tmp_path / "removed.json"
    remove = script(tmp_path / "remove.py", REMOVE, log=str(removed))
    r = run_of(tmp_path, {"WorktreeRemove": [{"hooks": [{"command": remove}]}]})
    sid = "wt101rm"
    result = await r.engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete"
    own = r.ws.resolve() / ".git" / "coord-worktrees" / f"{sid}-1"
    gone = json.loads(removed.read_text())
    assert gone["worktree_path"] == str(own) and gone["there"] is True
    assert not own.exists() and (r.ws / "notes.txt").read_text() == "hello"


#: WorktreeCreate hooks whose worktree no run may have, and what the failure says.
REFUSED = {
    "exit 1": ("echo 'no VCS here' >&2; exit 1", "no VCS here"),
    "no path": ("echo >&2 quiet", "printed no worktree path"),
    "outside": ("git worktree add -q {out} HEAD >&2; echo {out}", "not below the workspace"),
    "state folder": ("mkdir -p .coordinator/wt; echo $PWD/.coordinator/wt", "protected path"),
    "not a worktree": ("mkdir -p plain; echo $PWD/plain", "not a worktree"),
}


@pytest.mark.parametrize("case", list(REFUSED))
async def test_a_worktree_create_hook_that_fails_fails_the_run(tmp_path: Path, case: str) -> None:
    command, said = REFUSED[case]
    out = tmp_path / "elsewhere"
    r = run_of(tmp_path, hooks_of(command.format(out=out)))
    sid = "wt101f"
    result = await r.engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "failed" and said in (result.reason or ""), result.reason
    assert not (r.ws / "notes.txt").exists()  # the agent never ran, in no worktree
    assert not (r.ws / ".git" / "coord-worktrees" / f"{sid}-1").exists()
    assert kinds(r, sid, "isolation_skipped") == []  # not run without isolation either


async def test_a_hook_worktree_is_found_again_on_resume_not_made_twice(tmp_path: Path) -> None:
    """As after a ``kill -9``: the run's branch is checked out in the hook's worktree, so
    the next drive finds it there; the hook is not asked again."""
    from coordinator.runtime.worktree import WorktreeHooks, finish_worktree, open_worktree

    ws = tmp_path / "ws"
    ws.mkdir()
    make_repo(ws)
    asked: list[str] = []

    async def create(name: str) -> str:
        asked.append(name)
        target = ws / "trees" / name
        git(ws, "worktree", "add", "-q", "-b", f"hook/{name}", str(target), "HEAD")
        return str(target)

    told: list[Path] = []

    async def remove(path: Path) -> None:
        told.append(path)

    hooks = WorktreeHooks(create, remove)
    first = await open_worktree(ws, "s101", 1, hooks)
    (first.root / "made.txt").write_text("kept\n")
    again = await open_worktree(ws, "s101", 1, hooks)  # the resume's drive

    assert asked == ["s101-1"]
    assert again.path == first.path == (ws / "trees" / "s101-1").resolve()
    assert again.branch == "coord/s101/1" and again.base == first.base
    assert git(again.path, "symbolic-ref", "HEAD").strip() == "refs/heads/coord/s101/1"
    result = await finish_worktree(again, "coord: test", (), hooks)
    assert result.status == "merged" and (ws / "made.txt").read_text() == "kept\n"
    assert told == [again.path] and not again.path.exists()
