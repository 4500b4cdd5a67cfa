"""Claude Code's ``mcp_tool`` hooks: a configured MCP server's tool called with the event,
its ``input`` filled from the hook input (``${tool_input.file_path}``, ``${session_id}``),
its text result read as a command hook's stdout. The server is a real stdio process
(tests/mcp_hook_server.py, the official SDK); the agents are the scripted provider's."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import zygote
from kit import report
from test_hooks import WRITE, Run
from test_hooks_prompt import engine_with

from coordinator.config import Settings
from coordinator.runtime.hook_mcp import fill
from coordinator.runtime.hooks import AGENT_TIMEOUT, load_hooks

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

SERVER = Path(__file__).resolve().parent / "mcp_hook_server.py"
DONE = report("Complete", "Done")
# a hook timeout that must end a call in progress: tried again, 4x as long, while the
# machine is so busy that the call was not made in time (the last one is only a safety net)
TIMEOUTS = (2, 8, 32, 120)
BLOCK = '{"decision": "block", "reason": "no writes to ${tool_input.file_path}"}'


def server_def(log: Path) -> dict[str, Any]:
    """The hook fixture server as a stdio definition (forked by the test zygote)."""
    command, *args = zygote.launcher([sys.executable, str(SERVER)])
    return {"command": command, "args": args, "env": {"MCP_FIXTURE_LOG": str(log)}}


def mcp_hook(tool: str, server: str = "guard", **given: Any) -> dict[str, Any]:
    entry = {"type": "mcp_tool", "server": server, "tool": tool, "input": given}
    return {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]}


def calls(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def user_run(tmp_path: Path, hooks: dict[str, Any], backend: list[dict[str, Any]]) -> Run:
    """A run whose user settings hold ``hooks`` and whose ~/.claude.json defines ``guard``."""
    r = Run(tmp_path, {"backend": backend}, hooks)
    write_json(r.home / ".claude.json", {"mcpServers": {"guard": server_def(tmp_path / "log")}})
    return r


# ---- loading and filling ----------------------------------------------------------------


def test_mcp_tool_hooks_load_with_claude_codes_defaults(tmp_path: Path) -> None:
    home = tmp_path / "home"
    hooks = {
        **mcp_hook("reply", text="${tool_input.file_path}"),
        "Stop": [
            {
                "hooks": [
                    {"type": "mcp_tool", "server": "guard"},
                    {"type": "mcp_tool", "server": "g", "tool": "t", "input": [1]},
                ]
            }
        ],
    }
    write_json(home / ".claude/settings.json", {"hooks": hooks})
    found = load_hooks(tmp_path / "ws", home=home, managed=None)
    [hook] = found.hooks
    assert (hook.kind, hook.server, hook.tool, hook.timeout) == (
        "mcp_tool",
        "guard",
        "reply",
        AGENT_TIMEOUT,
    )
    assert "mcp_tool: guard/reply" in hook.label()
    text = "\n".join(found.warnings)
    assert "an mcp_tool hook needs a 'tool'" in text and "'input' must be an object" in text


def test_input_references_are_filled_from_the_hook_input() -> None:
    data = {
        "session_id": "s1",
        "cwd": "/ws",
        "tool_input": {"file_path": "a.py", "edits": [{"old_string": "x"}], "n": 3},
    }
    given = {
        "path": "${tool_input.file_path}",
        "where": "${cwd}/${tool_input.file_path} in ${session_id}",
        "n": "${tool_input.n}",  # alone: the value as it is
        "first": "${tool_input.edits.0.old_string}",
        "all": "edits: ${tool_input.edits}",
        "none": "${tool_input.missing}",
        "nested": [{"p": "${tool_input.file_path}"}, 7],
    }
    assert fill(given, data) == {
        "path": "a.py",
        "where": "/ws/a.py in s1",
        "n": 3,
        "first": "x",
        "all": 'edits: [{"old_string": "x"}]',
        "none": "",
        "nested": [{"p": "a.py"}, 7],
    }


# ---- through the engine -----------------------------------------------------------------


async def test_an_mcp_tool_hook_blocks_a_call_with_its_json(tmp_path: Path) -> None:
    backend = [{"tool_calls": [WRITE]}, {"expect": "no writes to notes.txt", "text": DONE}]
    hooks = mcp_hook("reply", text=BLOCK, session="${session_id}")
    r = user_run(tmp_path, hooks, backend)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()  # refused
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["note"]) == ("blocked", "no writes to notes.txt")
    assert event["command"].startswith("guard/reply ")
    [call] = calls(tmp_path / "log")
    assert call["session"] == result.session_id  # ${session_id} filled


async def test_an_mcp_tool_hook_with_plain_text_lets_the_call_run(tmp_path: Path) -> None:
    backend = [{"tool_calls": [WRITE]}, {"text": DONE}]
    r = user_run(tmp_path, mcp_hook("reply", text="checked ${tool_input.file_path}"), backend)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    assert (r.ws / "notes.txt").read_text() == "hello"
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["note"]) == ("ok", "checked notes.txt")


@pytest.mark.parametrize(
    ("hooks", "said"),
    [
        (mcp_hook("fail", reason="broken"), "Error executing tool fail"),
        (mcp_hook("reply", server="nowhere", text=BLOCK), "'nowhere' is not defined"),
    ],
)
async def test_a_tool_error_or_unknown_server_does_not_block(
    tmp_path: Path, hooks: dict[str, Any], said: str
) -> None:
    r = user_run(tmp_path, hooks, [{"tool_calls": [WRITE]}, {"text": DONE}])
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    assert (r.ws / "notes.txt").read_text() == "hello"  # the call ran
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "error" and said in event["note"]


async def test_an_mcp_tool_hook_past_its_timeout_does_not_block(tmp_path: Path) -> None:
    """The timeout ends a call in progress (the ``hang`` tool logged it). The bound is what
    is tested, so no event can stand for it: a busy machine may spend a short one on the
    server's start (the call never made), and then the run is tried again with a timeout
    four times as long; each try must still time out without blocking."""
    for attempt, timeout in enumerate(TIMEOUTS):
        here = tmp_path / str(attempt)
        here.mkdir()
        hooks = mcp_hook("hang")
        hooks["PreToolUse"][0]["hooks"][0]["timeout"] = timeout
        r = user_run(here, hooks, [{"tool_calls": [WRITE]}, {"text": DONE}])
        result = await r.engine.start("Write notes", agent="backend")

        assert result.status == "complete"
        assert (r.ws / "notes.txt").read_text() == "hello"  # the call ran
        [event] = r.hook_events(result.session_id)
        assert (event["outcome"], event["note"]) == ("timeout", f"timed out after {timeout} s")
        if calls(here / "log"):
            break  # the tool was reached before the timeout
    assert [c["tool"] for c in calls(here / "log")] == ["hang"]


async def test_a_deny_rule_on_the_tool_keeps_the_hook_from_calling_it(tmp_path: Path) -> None:
    r = user_run(tmp_path, mcp_hook("reply", text=BLOCK), [{"tool_calls": [WRITE]}, {"text": DONE}])
    rules = {"permissions": {"deny": ["mcp__guard__reply"]}}
    write_json(r.ws / ".claude/settings.json", rules)
    result = await engine_with(r, Settings()).start("Write notes", agent="backend")

    assert (r.ws / "notes.txt").read_text() == "hello"
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "error" and "mcp__guard__reply" in event["note"]
    assert calls(tmp_path / "log") == []


@pytest.mark.parametrize(
    ("approval", "blocked"),
    [
        ({"enableAllProjectMcpServers": True}, False),  # agents may use it, its hooks may not
        ({"enabledMcpjsonServers": ["proj"]}, True),  # the user named it
    ],
)
async def test_a_workspace_hook_calls_only_a_server_the_user_named(
    tmp_path: Path, approval: dict[str, Any], blocked: bool
) -> None:
    backend = [{"tool_calls": [WRITE]}, {"text": DONE}]
    if blocked:
        backend[1] = {"expect": "no writes to notes.txt", "text": DONE}
    r = Run(tmp_path, {"backend": backend})
    write_json(r.home / ".claude/settings.json", approval)
    write_json(r.ws / ".mcp.json", {"mcpServers": {"proj": server_def(tmp_path / "log")}})
    write_json(r.ws / ".claude/settings.json", {"hooks": mcp_hook("reply", "proj", text=BLOCK)})
    result = await engine_with(r, Settings()).start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    [event] = r.hook_events(result.session_id)
    assert (r.ws / "notes.txt").exists() is not blocked
    if blocked:
        assert event["outcome"] == "blocked" and len(calls(tmp_path / "log")) == 1
    else:
        assert event["outcome"] == "error" and "enabledMcpjsonServers" in event["note"]
        assert calls(tmp_path / "log") == []  # the server was never started
