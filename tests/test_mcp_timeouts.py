"""MCP_TIMEOUT and MCP_TOOL_TIMEOUT: the waits Claude Code lets a user change, in
milliseconds, for a server to start and for one tool call (real servers, scripted model)."""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from test_hooks_async import ended

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


#: A server with a quick tool and one that notes each call in a file, then naps.
NOTING = """
import os
import sys
import anyio
from mcp.server.mcpserver import MCPServer
server = MCPServer("noting")
@server.tool()
def ping() -> str:
    return "pong"
@server.tool()
def pid() -> str:
    return str(os.getpid())
@server.tool()
async def nap() -> str:
    with open(sys.argv[1], "a") as notes:
        notes.write("nap\\n")
    await anyio.sleep(60)
    return "awake"
server.run()
"""


async def test_a_call_past_its_timeout_on_a_kept_server_is_not_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept connection that fails is started again for the same call, once, when the
    server had exited; a call the server was still working on when MCP_TOOL_TIMEOUT ran out
    is not made again (its tool may have done its work; a second wait doubled the timeout)."""
    from coordinator.mcp.client import ServerPool
    from coordinator.mcp.config import ServerConfig, Transport

    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "300")
    script, notes = tmp_path / "noting.py", tmp_path / "notes"
    script.write_text(NOTING, encoding="utf-8")
    config = ServerConfig(
        "noting", Transport.STDIO, "test", True, sys.executable, (str(script), str(notes))
    )
    pool = ServerPool()
    try:
        assert (await pool.call(config, "ping", {}, cwd=tmp_path)).content == "pong"  # kept
        late = await pool.call(config, "nap", {}, cwd=tmp_path)
        assert late.is_error and "no answer in 0.3 s (MCP_TOOL_TIMEOUT" in late.content
        assert notes.read_text(encoding="utf-8").splitlines() == ["nap"]
    finally:
        await pool.close()


async def test_a_kept_server_that_exited_is_started_again_for_the_same_call(
    tmp_path: Path,
) -> None:
    """The other side of the rule above: a closed connection is no answer."""
    from coordinator.mcp.client import ServerPool
    from coordinator.mcp.config import ServerConfig, Transport

    script = tmp_path / "noting.py"
    script.write_text(NOTING, encoding="utf-8")
    config = ServerConfig(
        "noting", Transport.STDIO, "test", True, sys.executable, (str(script), str(tmp_path))
    )
    pool = ServerPool()
    try:
        first = int((await pool.call(config, "pid", {}, cwd=tmp_path)).content)
        os.kill(first, signal.SIGKILL)
        assert ended(first)
        again = await pool.call(config, "pid", {}, cwd=tmp_path)
        assert not again.is_error, again.content
        assert int(again.content) != first
    finally:
        await pool.close()
