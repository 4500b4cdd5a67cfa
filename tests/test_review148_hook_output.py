"""review148: a hook's JSON is read whole whatever kind of hook gave it, and a guard whose
JSON cannot be read does not let the call run.

Real hooks: a command hook's script run by coord, a loopback HTTP server answering an http
hook, the stdio MCP fixture server answering an mcp_tool hook.

Was (main after bounds115): a command hook's JSON past its 1 MiB capture was not read, so a
PreToolUse deny let the call run (fail open), silently; an http hook's answer and an
mcp_tool hook's result were cut at 10,000 characters before their JSON was read (the fault
bounds115 mended for command hooks only), so a deny with a long reason let the call run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from test_hooks import WRITE
from test_hooks15_mcp_tool import calls, mcp_hook, user_run
from test_hooks_http import Server, one_hook, server  # noqa: F401  (the fixture)

from coordinator.runtime.hook_run import (
    MAX_HOOK_CAPTURE,
    HookEnv,
    Outcome,
    combine,
    run_hook,
)
from coordinator.runtime.hooks import HookEvent, HookSource, parse_hooks

#: A deny whose reason passes Claude Code's 10,000-character cap on what a hook says.
LONG_DENY = {
    "hookSpecificOutput": {
        "hookEventName": "PreToolUse",
        "permissionDecision": "deny",
        "permissionDecisionReason": "why " * 4_000 + "END",
    }
}
PRE = {"hook_event_name": "PreToolUse", "session_id": "s1", "tool_name": "Write"}


def command_hook(tmp_path: Path, script: str) -> Any:
    """The user's PreToolUse command hook running ``script`` (Python) on every tool."""
    path = tmp_path / "hook.py"
    path.write_text(script, encoding="utf-8")
    entry = {"type": "command", "command": f"{sys.executable} {path}"}
    found, problems = parse_hooks(
        {"PreToolUse": [{"matcher": "", "hooks": [entry]}]},
        HookSource.USER,
        Path("/u/settings.json"),
        False,
    )
    assert problems == []
    return found[0]


async def test_a_guards_json_past_its_capture_refuses_the_call_naming_the_hook(
    tmp_path: Path,
) -> None:
    """A PreToolUse hook printing a deny of more than the 1 MiB coord reads: its decision
    cannot be read, so the call is refused, the reason naming the hook and why. Its plain
    text past the capture is still plain text (the call goes on). Was: the call ran."""
    ws = tmp_path / "ws"
    ws.mkdir()
    size = MAX_HOOK_CAPTURE + 10
    deny = (
        "import json, sys\nsys.stdin.read()\n"
        f"out = {json.dumps(LONG_DENY)}\n"
        f"out['hookSpecificOutput']['permissionDecisionReason'] = 'no ' * {size // 3}\n"
        "print(json.dumps(out))\n"
    )
    run = await run_hook(command_hook(tmp_path, deny), PRE, HookEnv(ws))
    verdict = combine(HookEvent.PRE_TOOL_USE, [run])
    assert run.outcome == Outcome.BLOCKED and verdict.block and verdict.denied
    [said] = verdict.feedback
    assert said.startswith("PreToolUse command hook '")
    assert "(user /u/settings.json): its JSON output passed 1,048,576 bytes" in said
    assert "the call is refused" in said and len(said) < 1_000

    plain = f"import sys\nsys.stdin.read()\nprint('ok ' * {size // 3})\n"
    run = await run_hook(command_hook(tmp_path, plain), PRE, HookEnv(ws))
    assert run.outcome == Outcome.OK and not combine(HookEvent.PRE_TOOL_USE, [run]).block


async def test_an_http_hooks_deny_with_a_long_reason_holds(server: Server) -> None:  # noqa: F811
    """An http hook answering a deny whose reason passes 10,000 characters: the deny holds,
    the model reads the reason cut at 10,000 with a note. Was: its answer was cut at
    10,000 characters first, so it was no JSON and the call ran."""
    server.answer(200, LONG_DENY)
    run = await run_hook(one_hook("PreToolUse", server.url), PRE, HookEnv(Path("/")))
    verdict = combine(HookEvent.PRE_TOOL_USE, [run])
    assert run.outcome == Outcome.BLOCKED and verdict.denied
    [said] = verdict.feedback
    assert said.startswith("why " * 2_400) and "[hook output truncated: " in said
    assert "END" not in said and len(said) < 10_400


async def test_an_mcp_tool_hooks_deny_with_a_long_reason_holds(tmp_path: Path) -> None:
    """An mcp_tool hook whose tool answers a deny with a reason past 10,000 characters:
    the Write is refused. Was: the result was cut at 10,000 characters before its JSON was
    read, so the Write ran."""
    backend = [{"tool_calls": [WRITE]}, {"expect": "why why", "text": "Done"}]
    r = user_run(tmp_path, mcp_hook("reply", text=json.dumps(LONG_DENY)), backend)
    result = await r.engine.start("Write notes", agent="backend")

    assert not (r.ws / "notes.txt").exists()
    assert len(calls(tmp_path / "log")) == 1
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "blocked"


def test_a_text_that_fits_once_scrubbed_is_not_said_to_be_cut() -> None:
    """A text past a bound only by a key that scrubbing shortens to ``[redacted]``: it
    fits, whole and scrubbed, and no note says "0 of 96 characters cut" (the toolset's,
    Grep's, a hook's cut; an MCP answer's). Was: a note that something was left out."""
    from coordinator.mcp.output_limit import bounded
    from coordinator.tools.workspace import cap_text

    text = "x" * 85 + " sk-ant-" + "a" * 60
    assert len(text) > 100
    assert cap_text(text, 100) == "x" * 85 + " [redacted]"
    assert bounded(text, 100) == "x" * 85 + " [redacted]"
