"""trust53: a session's protected paths are found at its first write, not at its start.

Finding them walks the workspace for the repositories in it (trust52: what their settings
include or name is no agent's to write), ~44 K instructions a folder. A session without
Bash that only reads no longer walks at all; one that writes finds them before its first
write, so a repository the user cloned after the session started (which the walk at the
start missed, on 5c9b1e11) is protected too.
"""

from __future__ import annotations

import os
from pathlib import Path

from hostile import DONE, backend, run, sent_results
from kit import git, git_init

from coordinator.tools import gitdirs


def _call(name: str, **args: str) -> dict[str, object]:
    """A turn calling the tool ``name`` with ``args``."""
    return {"tool_calls": [{"name": name, "input": args}]}


def _clone(repo: Path) -> None:
    """``repo`` made a clone of the user's: its settings include ``shared.gitconfig``
    (there, tracked) and name ``core.fsmonitor = tools/fsm`` (missing)."""
    repo.mkdir(parents=True)
    (repo / "shared.gitconfig").write_text("[alias]\n\tst = status\n", encoding="utf-8")
    git_init(repo)
    git(repo, "config", "include.path", "../shared.gitconfig")
    git(repo, "config", "core.fsmonitor", "tools/fsm")


def test_a_session_that_only_reads_does_not_walk_the_workspace(tmp_path: Path) -> None:
    """A session without Bash in a workspace holding a clone reads, lists and searches (a
    file of the clone's too): every call answers, and the workspace is never walked for
    its repositories."""
    ws = tmp_path / "srv"
    _clone(ws / "proj")
    (ws / "notes.txt").write_text("todo: tidy\n", encoding="utf-8")
    turns = [
        _call("Read", file_path="proj/shared.gitconfig"),
        _call("Glob", pattern="**/*.txt"),
        _call("Grep", pattern="todo"),
        DONE,
    ]
    provider = run(ws, Path(os.environ["HOME"]), backend(), turns, allow_bash=False)
    results = sent_results(provider)
    assert [r["is_error"] for r in results] == [False, False, False], results
    assert "st = status" in str(results[0]["content"])
    assert "notes.txt" in str(results[1]["content"])
    assert gitdirs.last_walk(ws.resolve()) is None


def test_the_first_write_protects_a_repository_cloned_after_the_start(tmp_path: Path) -> None:
    """The user clones ``proj`` into the workspace once a session without Bash has
    started: its first write, an Edit of the file the clone's settings include, and a
    Write of the program they name, are refused naming each, and neither changes; a file
    of the clone's own stays writable."""
    ws = tmp_path / "srv"
    ws.mkdir()
    included = ws / "proj" / "shared.gitconfig"
    edit = {"file_path": "proj/shared.gitconfig", "old_string": "st = status",
            "new_string": f"st = status\n[core]\n\tfsmonitor = {ws}/evil"}  # fmt: skip
    turns = [
        _call("Edit", **edit),
        _call("Write", file_path="proj/tools/fsm", content="x"),
        _call("Write", file_path="proj/a.txt", content="a"),
        DONE,
    ]
    provider = run(
        ws, Path(os.environ["HOME"]), backend(), turns, allow_bash=False,
        meanwhile=lambda: _clone(ws / "proj"),
    )  # fmt: skip
    results = sent_results(provider)
    for rel, result in zip(("proj/shared.gitconfig", "proj/tools/fsm"), results, strict=False):
        assert result["is_error"] and rel in str(result["content"]), result
    assert not results[2]["is_error"], results[2]
    assert included.read_text(encoding="utf-8") == "[alias]\n\tst = status\n"
    assert not (ws / "proj" / "tools" / "fsm").exists()
