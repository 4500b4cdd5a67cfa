"""Hook outputs event by event, as Claude Code reads them (compat13): PreToolUse
``additionalContext`` on a call that runs, PostToolUse ``updatedMCPToolOutput`` (MCP tools
only) and ``decision: "block"``, ``systemMessage`` beside a reason. Real hook scripts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kit import report
from test_hooks import WRITE, Run, py_hook

from coordinator.events import Event
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.hook_gate import HookGate
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import Hook, HookEvent, HookSet, HookSource
from coordinator.store.db import Store
from coordinator.tools.base import ToolResult

PY = sys.executable
DONE = report("Complete", "Done")


class Log:
    """A journal keeping what it is given."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def emit(self, *events: Event) -> None:
        self.events.extend(events)


def gate(tmp_path: Path, event: HookEvent, command: str) -> tuple[HookGate, Log]:
    """A HookGate with one user hook for ``event``."""
    hook = Hook(event, "", command, 30.0, HookSource.USER, tmp_path / "settings.json", False)
    log = Log()
    store = Store.open(tmp_path / "s.db")
    ws = tmp_path / "ws"  # the hook scripts (in tmp_path) are the user's, outside it
    ws.mkdir(exist_ok=True)
    return HookGate(HookSet(hooks=[hook]), HookEnv(ws), store, log), log


async def test_pre_tool_use_context_reaches_the_model_when_the_call_runs(
    tmp_path: Path,
) -> None:
    """Claude Code adds a PreToolUse hook's ``additionalContext`` to Claude's context
    before the tool runs, whether or not the hook decides anything; coord dropped it
    unless the call was refused."""
    cmd = py_hook(
        tmp_path,
        "pre.py",
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PreToolUse',"
        " 'permissionDecision': 'allow',"
        " 'additionalContext': 'house style: tabs in ' + data['tool_input']['file_path']}}))\n",
    )
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"expect": "house style: tabs in notes.txt", "text": DONE},
        ]
    }
    entry = {"type": "command", "command": cmd}
    r = Run(tmp_path, agents, {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]})
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete", result.reason
    assert (r.ws / "notes.txt").read_text() == "hello"


async def test_updated_mcp_tool_output_replaces_an_mcp_tools_result_only(
    tmp_path: Path,
) -> None:
    """PostToolUse ``updatedMCPToolOutput`` replaces the output of an MCP tool (a string,
    or content blocks), as in Claude Code; for a built-in tool it is ignored."""
    blocks = [{"type": "text", "text": "token=[redacted]"}, {"type": "text", "text": "ok"}]
    cmd = py_hook(
        tmp_path,
        "post.py",
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
        f" 'updatedMCPToolOutput': {blocks!r}}}}}))\n",
    )
    g, _ = gate(tmp_path, HookEvent.POST_TOOL_USE, cmd)
    spec = AgentSpec(name="backend", description="d")
    mcp = {"id": "toolu_1", "name": "mcp__vault__read", "input": {}}
    result, stop = await g.post_tool("s1", 1, spec, mcp, {}, ToolResult("token=abc123"))
    assert (result, stop) == (ToolResult("token=[redacted]\nok"), None)
    builtin = {"id": "toolu_2", "name": "Read", "input": {}}
    result, _ = await g.post_tool("s1", 1, spec, builtin, {}, ToolResult("token=abc123"))
    assert result == ToolResult("token=abc123")


async def test_post_tool_use_block_reason_is_fed_back_and_system_message_logged(
    tmp_path: Path,
) -> None:
    """PostToolUse ``decision: "block"`` + ``reason``: the tool has run, the reason goes to
    Claude after its result; ``systemMessage`` is for the person (the log line), even
    beside a reason."""
    out = {"decision": "block", "reason": "lint failed: E501", "systemMessage": "lint ran"}
    cmd = f"{PY} -c 'print({json.dumps(json.dumps(out))})'"
    g, log = gate(tmp_path, HookEvent.POST_TOOL_USE, cmd)
    spec = AgentSpec(name="backend", description="d")
    use = {"id": "toolu_1", "name": "Write", "input": {}}
    result, _ = await g.post_tool("s1", 1, spec, use, {}, ToolResult("wrote notes.txt"))
    assert result.content.startswith("wrote notes.txt\n\n")
    assert "lint failed: E501" in result.content and not result.is_error
    [ran] = log.events
    assert "lint failed: E501" in ran.note and "lint ran" in ran.note  # type: ignore[attr-defined]
