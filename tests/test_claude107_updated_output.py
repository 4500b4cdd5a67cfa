"""PostToolUse ``updatedToolOutput`` (claude107): since Claude Code 2.1.121 a PostToolUse
hook replaces the output of any tool, not only an MCP tool's (``updatedMCPToolOutput``,
still honoured for MCP tools). coord replaced MCP tools' outputs only, so a user's
redacting hook on Read or Bash let the secret reach the model. Real hook scripts."""

from __future__ import annotations

import json
from pathlib import Path

from kit import report
from test_hooks import Run, hook, py_hook
from test_hooks_outputs import gate

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.hook_run import OutputSlot, output_text
from coordinator.runtime.hooks import HookEvent
from coordinator.tools.base import ToolResult

DONE = report("Complete", "Done")
SPEC = AgentSpec(name="backend", description="d")

#: A PostToolUse hook answering Claude Code's Read shape with the token redacted.
REDACT_READ = (
    "content = data['tool_response']['content']\n"
    "clean = content.replace('sk-live-4242', '[redacted]')\n"
    "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
    " 'updatedToolOutput': {'type': 'text', 'file': {'filePath': 'x', 'content': clean}}}}))\n"
)


async def test_updated_tool_output_keeps_a_secret_read_from_the_model(tmp_path: Path) -> None:
    """A user's PostToolUse hook on Read answering ``updatedToolOutput`` (Claude Code's
    Read shape): the model reads the redacted text, never the token; the hook's log line
    says it replaced the output."""
    agents = {
        "backend": [
            {"tool_calls": [{"name": "Read", "input": {"file_path": "creds.txt"}}]},
            {"expect": "key=[redacted]", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents, hook("PostToolUse", py_hook(tmp_path, "r.py", REDACT_READ), "Read"))
    (r.ws / "creds.txt").write_text("key=sk-live-4242\n", encoding="utf-8")
    result = await r.engine.start("Read the creds", agent="backend")
    assert result.status == "complete", result.reason
    assert "sk-live-4242" not in json.dumps(r.provider.model.calls[-1].messages)
    [ran] = r.hook_events(result.session_id)
    assert "updated output" in ran["decision"]


async def test_updated_tool_output_replaces_builtin_and_mcp_outputs(tmp_path: Path) -> None:
    """``updatedToolOutput`` replaces a built-in tool's output as an MCP tool's: a string
    as is, coord's own ``{"content"}`` shape and Claude Code's Bash ``{stdout, stderr}``
    shape as their text."""
    for value, text in [
        ("short", "short"),
        ({"content": "from coord's shape", "is_error": False}, "from coord's shape"),
        ({"stdout": "3 passed", "stderr": "warn", "interrupted": False}, "3 passed\nwarn"),
    ]:
        body = (
            "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
            f" 'updatedToolOutput': {value!r}}}}}))\n"
        )
        g, _ = gate(tmp_path, HookEvent.POST_TOOL_USE, py_hook(tmp_path, "o.py", body))
        for name in ("Bash", "mcp__vault__read"):
            use = {"id": "toolu_1", "name": name, "input": {}}
            result, stop = await g.post_tool("s1", 1, SPEC, use, {}, ToolResult("long output"))
            assert (result, stop) == (ToolResult(text), None), (value, name)


async def test_updated_tool_output_wins_over_the_mcp_field_and_the_mcp_field_stays_mcp_only(
    tmp_path: Path,
) -> None:
    """A hook giving both fields: ``updatedToolOutput`` is used; ``updatedMCPToolOutput``
    alone still leaves a built-in tool's output as it was."""
    both = (
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
        " 'updatedToolOutput': 'new', 'updatedMCPToolOutput': 'old'}}))\n"
    )
    g, _ = gate(tmp_path, HookEvent.POST_TOOL_USE, py_hook(tmp_path, "b.py", both))
    mcp = {"id": "toolu_1", "name": "mcp__vault__read", "input": {}}
    result, _ = await g.post_tool("s1", 1, SPEC, mcp, {}, ToolResult("raw"))
    assert result == ToolResult("new")
    only_mcp = (
        "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
        " 'updatedMCPToolOutput': 'old'}}))\n"
    )
    g, _ = gate(tmp_path, HookEvent.POST_TOOL_USE, py_hook(tmp_path, "m.py", only_mcp))
    read = {"id": "toolu_2", "name": "Read", "input": {}}
    result, _ = await g.post_tool("s1", 1, SPEC, read, {}, ToolResult("raw"))
    assert result == ToolResult("raw")


def test_output_text_reads_the_shapes_hooks_are_given() -> None:
    """The shapes an ``updatedToolOutput`` comes in: Claude Code's Read shape gives the
    file's text; an empty stderr adds nothing; an unknown object is kept as JSON."""
    assert output_text({"type": "text", "file": {"content": "a\nb"}}) == "a\nb"
    assert output_text({"stdout": "out", "stderr": ""}) == "out"
    assert output_text({"lines": 3}) == '{"lines": 3}'


async def test_a_confined_hooks_updated_tool_output_never_replaces_a_users(
    tmp_path: Path,
) -> None:
    """As for ``updatedMCPToolOutput`` (trust40): a confined hook's ``updatedToolOutput``
    answering after a user's redacting one does not bring the secret back."""
    slot = OutputSlot()
    slot.offer(False, "key=[redacted]")
    slot.offer(True, "key=sk-live-4242")
    assert slot.text == "key=[redacted]"
    slot = OutputSlot()
    slot.offer(True, "confined")
    slot.offer(False, "users")
    assert slot.text == "users"
