"""MCP_TIMEOUT and MCP_TOOL_TIMEOUT: the waits Claude Code lets a user change, in
milliseconds, for a server to start and for one tool call (real servers, scripted model)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from coordinator.roster.registry import Registry
from tests.kit import Harness, report
from tests.test_mcp_client import agent, user_servers

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

#: A server whose one tool answers only after a minute.
SLOW = """
import time
from mcp.server.mcpserver import MCPServer
server = MCPServer("slow")
@server.tool()
def nap() -> str:
    time.sleep(60)
    return "awake"
server.run()
"""


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, 30.0), ("60000", 60.0), ("250", 0.25), ("abc", 30.0), ("0", 30.0), ("-5", 30.0)],
)
def test_mcp_timeout_is_read_as_claude_code_reads_it(
    monkeypatch: pytest.MonkeyPatch, value: str | None, seconds: float
) -> None:
    if value is None:
        monkeypatch.delenv("MCP_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("MCP_TIMEOUT", value)
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "")
    # Imported here: the mcp SDK it imports loads only on the worker running the mcp group.
    from coordinator.mcp.client import call_timeout, startup_timeout

    assert startup_timeout() == seconds
    assert call_timeout() == 600.0


async def test_a_server_that_never_answers_is_left_out_after_mcp_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TIMEOUT", "300")
    user_servers(mute={"command": sys.executable, "args": ["-c", "import sys; sys.stdin.read()"]})
    turns = [{"text": report("Complete")}]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent(mcp=["mute"])]))
    result = await h.engine.start("try", agent="backend")
    assert result.status == "complete"
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert started[0].data["problems"] == [
        "MCP server 'mute' did not start: no answer in 0.3 s (MCP_TIMEOUT=<milliseconds> waits"
        " longer)"
    ]
    h.close()


async def test_a_tool_call_past_mcp_tool_timeout_is_an_error_the_model_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "300")
    script = tmp_path / "slow.py"
    script.write_text(SLOW, encoding="utf-8")
    user_servers(slow={"command": sys.executable, "args": [str(script)]})
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "mcp__slow__nap", "input": {}, "id": "toolu_nap"}]},
        {"text": report("Complete"), "expect": "slow"},
    ]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent(mcp=["slow"])]))
    result = await h.engine.start("nap", agent="backend")
    assert result.status == "complete"
    (row,) = h.store.all_tool_calls(result.session_id)
    assert row.is_error
    assert row.result == (
        "Error: MCP server 'slow' failed: no answer in 0.3 s (MCP_TOOL_TIMEOUT=<milliseconds>"
        " waits longer)"
    )
    h.close()
