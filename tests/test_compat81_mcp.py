"""compat81: an MCP server definition's own ``timeout`` (Claude Code's MCP page: "a
per-server tool execution timeout by adding a ``timeout`` field in milliseconds to that
server's ``.mcp.json`` entry ... overrides the ``MCP_TOOL_TIMEOUT`` environment variable for
that server only"; "values below 1000 are ignored"), with real servers and a scripted model.
coord read only the variable, and named ``timeout`` among the fields it does not read."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from test_mcp_timeouts import SLOW

from coordinator.roster.registry import Registry
from tests.kit import Harness, report
from tests.test_mcp_client import agent, user_servers

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

NAP = [
    {"tool_calls": [{"name": "mcp__slow__nap", "input": {}, "id": "toolu_nap"}]},
    {"text": report("Complete"), "expect": "slow"},
]


async def nap_result(tmp_path: Path, millis: object) -> tuple[Harness, str, str]:
    """The stored result of one call of the slow server's ``nap`` (its definition's
    ``timeout``: ``millis``), and the session id."""
    script = tmp_path / "slow.py"
    script.write_text(SLOW, encoding="utf-8")
    user_servers(slow={"command": sys.executable, "args": [str(script)], "timeout": millis})
    turns: list[dict[str, Any]] = [dict(t) for t in NAP]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent(mcp=["slow"])]))
    result = await h.engine.start("nap", agent="backend")
    (row,) = h.store.all_tool_calls(result.session_id)
    return h, str(row.result), result.session_id


async def test_the_definitions_timeout_wins_over_mcp_tool_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "4000")  # the start tree waited this long
    h, result, _ = await nap_result(tmp_path, 1000)
    assert result == (
        "Error: MCP server 'slow' failed: no answer in 1 s (its definition's timeout, in "
        "milliseconds)"
    )
    h.close()


async def test_a_timeout_below_a_second_is_ignored_as_claude_code_ignores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "300")
    h, result, sid = await nap_result(tmp_path, 500)
    assert result == (
        "Error: MCP server 'slow' failed: no answer in 0.3 s (MCP_TOOL_TIMEOUT=<milliseconds>"
        " waits longer)"
    )
    started = [e for e in h.store.events(sid) if e.kind == "mcp_servers"]
    assert not any("timeout" in p for p in started[0].data["problems"])  # read, not "unread"
    h.close()


async def test_a_timeout_that_is_no_number_is_one_line_and_no_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "300")
    script = tmp_path / "slow.py"
    script.write_text(SLOW, encoding="utf-8")
    user_servers(slow={"command": sys.executable, "args": [str(script)], "timeout": "10m"})
    turns = [{"text": report("Complete")}]
    h = Harness(tmp_path, {"backend": turns}, registry=Registry([agent(mcp=["slow"])]))
    result = await h.engine.start("nap", agent="backend")
    started = [e for e in h.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert any(
        "server 'slow' in" in p and "timeout must be a number of milliseconds, not '10m'" in p
        for p in started[0].data["problems"]
    )
    h.close()
