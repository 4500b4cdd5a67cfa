"""The confinement matrix: every file tool against every way out of the workspace.

An escape is any of: a tool call that succeeds on a path it must refuse, text from outside the
workspace or from the coordinator's own files in a result, or a change to a file outside the
workspace or under ``.coordinator/``. The matrix asserts there are none.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from coordinator.tools.base import ToolContext, ToolError
from coordinator.tools.toolset import build_toolset
from coordinator.tools.workspace import (
    COORDINATOR_DIR,
    OpenMode,
    is_reserved,
    open_confined,
    resolve_in_workspace,
)

TOOLS = build_toolset(None)
OUTSIDE_MARK = "OUTSIDE-SECRET-MARK"
STATE_MARK = "COORDINATOR-STATE-MARK"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (not following links) and its bytes."""
    files: dict[str, bytes] = {}
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(dirpath, name)
            files[str(path)] = b"<link>" if path.is_symlink() else path.read_bytes()
    return files


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A workspace full of traps, a secret folder beside it, and HOME pointing at it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{OUTSIDE_MARK} password\n")
    (outside / "shared.txt").write_text("hard-linked text\n")
    ws = tmp_path / "ws"
    (ws / "app").mkdir(parents=True)
    (ws / "app" / "main.py").write_text("print('hi')\n")
    state = ws / COORDINATOR_DIR
    state.mkdir()
    (state / "config.yaml").write_text(f"# {STATE_MARK}\nallow_bash: false\n")
    (state / "coordinator.db").write_text(f"{STATE_MARK} database\n")
    (ws / "link_file").symlink_to(outside / "secret.txt")
    (ws / "link_dir").symlink_to(outside, target_is_directory=True)
    (ws / "dangling").symlink_to(outside / "missing.txt")
    (ws / "loop_a").symlink_to(ws / "loop_b")
    (ws / "loop_b").symlink_to(ws / "loop_a")
    (ws / "state_link").symlink_to(state / "config.yaml")
    (ws / "state_dir").symlink_to(state, target_is_directory=True)
    os.link(outside / "shared.txt", ws / "hard.txt")
    monkeypatch.setenv("HOME", str(outside))
    return {"ws": ws, "outside": outside, "state": state}


#: Paths every file tool must refuse.
REFUSED = [
    "../outside/secret.txt",
    "app/../../outside/secret.txt",
    "{outside}/secret.txt",
    "~/secret.txt",
    "~",
    "secret.txt\x00",
    "app/main.py\x00../../outside/secret.txt",
    "link_file",
    "link_dir/secret.txt",
    "dangling",
    "loop_a",
    ".coordinator/config.yaml",
    ".coordinator/coordinator.db",
    ".coordinator/new-file.yaml",
    "./.coordinator/../.coordinator/config.yaml",
    "app/../.coordinator/config.yaml",
    "{ws}/.coordinator/config.yaml",
    ".coordinator",
    "state_link",
    "state_dir/config.yaml",
]


def call(ws: Path, tool: str, args: dict[str, Any]) -> str:
    """Run a tool; the content of its result, prefixed ERR when it is an error result."""
    result = asyncio.run(TOOLS.execute(tool, args, ToolContext(root=ws)))
    return ("ERR " if result.is_error else "OK ") + result.content


def file_args(tool: str, path: str, old: str = "allow_bash: false") -> dict[str, Any]:
    if tool == "Write":
        return {"file_path": path, "content": "allow_bash: true\n"}
    if tool == "Edit":
        return {"file_path": path, "old_string": old, "new_string": "pwned"}
    return {"file_path": path}


def test_no_file_tool_call_escapes_the_workspace(world: dict[str, Path]) -> None:
    ws, outside, state = world["ws"], world["outside"], world["state"]
    before = {**snapshot(outside), **snapshot(state)}
    escapes: list[str] = []
    calls = 0
    for raw in REFUSED:
        path = raw.format(outside=outside, ws=ws)
        for tool in ("Read", "Write", "Edit"):
            calls += 1
            out = call(ws, tool, file_args(tool, path))
            if not out.startswith("ERR") or OUTSIDE_MARK in out or STATE_MARK in out:
                escapes.append(f"{tool} {path!r}: {out[:120]}")
    for tool in ("Write", "Edit"):  # a hard link may lead outside: never written through
        calls += 1
        out = call(ws, tool, file_args(tool, "hard.txt", old="hard"))
        if not out.startswith("ERR") or "hard link" not in out:
            escapes.append(f"{tool} hard.txt: {out[:120]}")
    after = {**snapshot(outside), **snapshot(state)}
    if after != before:
        escapes.append(f"files changed outside the workspace: {set(after) ^ set(before)}")
    assert calls == 3 * len(REFUSED) + 2
    assert escapes == []


def test_glob_and_grep_list_nothing_outside_or_in_coordinator_files(
    world: dict[str, Path],
) -> None:
    ws, outside = world["ws"], world["outside"]
    escapes: list[str] = []
    searches: list[tuple[str, dict[str, Any]]] = [
        ("Glob", {"pattern": "**/*"}),
        ("Glob", {"pattern": "**/*.yaml"}),
        ("Glob", {"pattern": "../**/*"}),
        ("Glob", {"pattern": f"{outside}/**"}),
        ("Glob", {"pattern": "**/*", "path": ".."}),
        ("Glob", {"pattern": "**/*", "path": str(outside)}),
        ("Glob", {"pattern": "*", "path": "link_dir"}),
        ("Glob", {"pattern": "*", "path": ".coordinator"}),
        ("Glob", {"pattern": "*", "path": "state_dir"}),
        ("Glob", {"pattern": ".coordinator/*"}),
        ("Grep", {"pattern": "MARK", "output_mode": "content"}),
        ("Grep", {"pattern": "MARK", "glob": "**/*"}),
        ("Grep", {"pattern": "MARK", "path": ".."}),
        ("Grep", {"pattern": "MARK", "path": str(outside)}),
        ("Grep", {"pattern": "MARK", "path": "link_file"}),
        ("Grep", {"pattern": "MARK", "path": "link_dir"}),
        ("Grep", {"pattern": "MARK", "path": ".coordinator"}),
        ("Grep", {"pattern": "MARK", "path": "state_dir"}),
        ("Grep", {"pattern": "MARK", "path": "state_link", "output_mode": "count"}),
        ("Grep", {"pattern": "MARK", "path": "~"}),
    ]
    for tool, args in searches:
        out = call(ws, tool, args)
        leaked = OUTSIDE_MARK in out or STATE_MARK in out
        listed = any(name in out for name in ("secret.txt", "config.yaml", "coordinator.db"))
        if leaked or listed:
            escapes.append(f"{tool} {args}: {out[:160]}")
    assert escapes == []
    # The tools still work inside: the matrix is not passing because everything fails.
    assert "app/main.py" in call(ws, "Glob", {"pattern": "**/*.py"})
    assert "app/main.py:1:print" in call(ws, "Grep", {"pattern": "print", "output_mode": "content"})


def test_reading_a_hard_link_is_allowed_writing_through_it_is_refused(
    world: dict[str, Path],
) -> None:
    ws, outside = world["ws"], world["outside"]
    assert "hard-linked text" in call(ws, "Read", {"file_path": "hard.txt"})
    assert "hard.txt" in call(ws, "Grep", {"pattern": "hard-linked"})
    out = call(ws, "Write", {"file_path": "hard.txt", "content": "changed"})
    assert out.startswith("ERR") and "2 hard links" in out
    assert (outside / "shared.txt").read_text() == "hard-linked text\n"


def test_writes_inside_the_workspace_still_work(world: dict[str, Path]) -> None:
    ws = world["ws"]
    assert call(ws, "Write", {"file_path": "new/dir/x.txt", "content": "a\n"}).startswith("OK")
    edit = {"file_path": "new/dir/x.txt", "old_string": "a", "new_string": "b"}
    assert call(ws, "Edit", edit).startswith("OK")
    assert (ws / "new" / "dir" / "x.txt").read_text() == "b\n"
    # A dangling link whose target is inside the workspace creates that target.
    (ws / "later").symlink_to(ws / "app" / "later.py")
    assert call(ws, "Write", {"file_path": "later", "content": "x = 1\n"}).startswith("OK")
    assert (ws / "app" / "later.py").read_text() == "x = 1\n"


def test_open_confined_never_follows_a_link_swapped_in_after_resolution(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (tmp_path / "secret.txt").write_text("secret\n")
    checked = resolve_in_workspace(ws, "notes.txt")  # resolved while it did not exist
    (ws / "notes.txt").symlink_to(tmp_path / "secret.txt")  # then swapped for a link
    for mode in OpenMode:
        with pytest.raises(ToolError):
            open_confined(ws, checked, mode)
    assert (tmp_path / "secret.txt").read_text() == "secret\n"


def test_a_fifo_is_refused_without_hanging(world: dict[str, Path]) -> None:
    ws = world["ws"]
    os.mkfifo(ws / "pipe")
    for tool in ("Read", "Write", "Edit"):
        out = call(ws, tool, file_args(tool, "pipe", old="x"))
        assert out.startswith("ERR") and "not a regular file" in out
    assert "No matches" in call(ws, "Grep", {"pattern": "x", "path": "pipe"})


def test_the_reserved_directory_is_decided_in_one_place(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert is_reserved(ws, ws.resolve() / ".coordinator" / "locks" / "x")
    assert not is_reserved(ws, ws.resolve() / "app" / ".coordinator")  # only the top one
    assert not is_reserved(ws, ws.resolve() / ".coordinator-notes")
