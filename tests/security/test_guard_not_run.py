"""A user's PreToolUse hook that coord may not run (it would run workspace code an agent
can write, and Bash is not allowed) refuses the call instead of being skipped: otherwise an
agent could switch the user's guard off by writing the file that confines it. Real runs
with the scripted provider, a real hook program on PATH.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import needs_mcp, report, run_the_hook, write_script

from coordinator.runtime.hook_run import GUARD_NOT_RUN

WRITER = "---\nname: writer\ndescription: Writes files for tests\ntools: Write\n---\nW.\n"


def _guarded_run(tmp_path: Path, event: str) -> tuple[Path, Path, Any]:
    """The user's ``event`` hook runs ``guardctl`` (a program of theirs on PATH, which
    records each call); the agent writes ``.guardctl`` (that program's configuration by its
    name, so the hook now runs workspace code), then writes ``b.txt``."""
    ws, home, bin_ = tmp_path / "ws", Path(os.environ["HOME"]), tmp_path / "bin"
    ws.mkdir()
    bin_.mkdir()
    seen = tmp_path / "seen"
    program = bin_ / "guardctl"
    program.write_text(f"#!/bin/sh\necho call >> {shlex.quote(str(seen))}\n", encoding="utf-8")
    program.chmod(0o755)
    hook = {"type": "command", "command": "guardctl"}
    (home / ".claude").mkdir(exist_ok=True)
    settings = {"hooks": {event: [{"matcher": "Write", "hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(WRITER, encoding="utf-8")
    calls = [
        {"name": "Write", "input": {"file_path": ".guardctl", "content": "x = 1\n"}},
        {"name": "Write", "input": {"file_path": "b.txt", "content": "b\n"}},
    ]
    turns: list[dict[str, Any]] = [{"tool_calls": [call]} for call in calls]
    script = write_script(tmp_path / "s.yaml", {"writer": [*turns, {"text": report("Complete")}]})
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json",
        env={"PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}"},
    )  # fmt: skip
    return ws, seen, ran


def test_a_users_guard_an_agent_confined_refuses_the_call(tmp_path: Path) -> None:
    ws, seen, ran = _guarded_run(tmp_path, "PreToolUse")
    assert ran.returncode == 0, ran.stderr
    assert (ws / ".guardctl").exists()
    assert seen.read_text(encoding="utf-8").split() == ["call"], "the guard ran confined?"
    assert not (ws / "b.txt").exists(), "the unguarded call went through"
    session = json.loads(ran.stdout)["session"]
    shown = coord("log", session, "-w", ws, "--json")
    assert GUARD_NOT_RUN in shown.stdout


def test_a_users_other_hook_an_agent_confined_is_only_skipped(tmp_path: Path) -> None:
    """A PostToolUse hook guards nothing before the call: skipped, as before (after the
    first write too, which made ``.guardctl``), and both calls went through."""
    ws, seen, ran = _guarded_run(tmp_path, "PostToolUse")
    assert ran.returncode == 0, ran.stderr
    assert (ws / "b.txt").exists()
    assert not seen.exists(), "the hook ran as the user beside the agent's configuration"


@needs_mcp
@pytest.mark.xdist_group("mcp")
@pytest.mark.parametrize(
    ("event", "outcome"), [("PreToolUse", "blocked"), ("PostToolUse", "error")]
)
async def test_a_users_mcp_tool_guard_an_agent_confined_refuses_the_call(
    tmp_path: Path, event: str, outcome: str
) -> None:
    """The user's mcp_tool hook calls their server ``python -m mcp_hook_server``; an agent
    writes ``mcp_hook_server.py`` in the workspace (``-m`` finds it first), so the server
    must run confined, and Bash is not allowed: before a call (PreToolUse) that refuses the
    call; after one it stays a non-blocking error."""
    from test_review20_mcp import _home

    ws = tmp_path / "ws"
    ws.mkdir()
    home = _home(tmp_path)
    (ws / "mcp_hook_server.py").write_text("raise SystemExit('the agent')\n")
    ran = await run_the_hook(ws, home, event)
    assert ran.outcome == outcome, ran
    assert "Bash sandbox" in ran.stderr
    assert (GUARD_NOT_RUN in ran.stderr) == (event == "PreToolUse")
