"""review83: an MCP server definition's own ``timeout`` (compat81) cannot lengthen the limit
the user set when an agent could have written the definition, and a number too large for
a float is one line naming the field, not a traceback.

Claude Code's MCP page: the per-server ``timeout`` (milliseconds) "overrides the
``MCP_TOOL_TIMEOUT`` environment variable for that server only". The user's own definition
keeps that; one an agent could have written (below a workspace coord ran agents in, approved
by name) would otherwise let the agent's server hold its run for as long as it wrote.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from coordinator.mcp.client import call_timeout
from coordinator.mcp.config import agent_servers
from tests.test_mcp_client import agent, user_servers

HOUR_MS = 3_600_000


def slow(millis: object) -> dict[str, object]:
    return {"command": sys.executable, "args": ["-c", "pass"], "timeout": millis}


def agents_folder_server(tmp_path: Path, millis: object) -> tuple[Path, Path]:
    """A workspace below one coord ran agents in (``outer/.coordinator``), its ``.mcp.json``
    defining ``slow`` (which the user approved by name); the workspace and the home."""
    outer = tmp_path / "outer"
    (outer / ".coordinator").mkdir(parents=True)
    ws = outer / "sub"
    ws.mkdir()
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"slow": slow(millis)}}))
    home = Path.home()
    (home / ".claude").mkdir(exist_ok=True)
    approved = {"enabledMcpjsonServers": ["slow"]}
    (home / ".claude/settings.json").write_text(json.dumps(approved))
    return ws, home


@pytest.mark.parametrize(("millis", "seconds"), [(HOUR_MS, 2.0), (1500, 1.5)])
def test_an_agent_written_timeout_shortens_the_users_limit_and_never_lengthens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, millis: int, seconds: float
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "2000")
    ws, home = agents_folder_server(tmp_path, millis)
    found = agent_servers(agent(mcp=["slow"]), ws, home=home)
    (config,) = found.servers
    assert config.confined  # (an agent could have written it: it runs in the sandbox)
    assert call_timeout(config) == seconds


def test_the_users_own_definition_lengthens_the_limit_as_in_claude_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "2000")
    user_servers(slow=slow(HOUR_MS))
    (config,) = agent_servers(agent(mcp=["slow"]), tmp_path, home=Path.home()).servers
    assert call_timeout(config) == 3600.0


def test_a_timeout_too_large_for_a_float_is_one_line_naming_the_field(tmp_path: Path) -> None:
    user_servers(slow=slow(10**400))
    found = agent_servers(agent(mcp=["slow"]), tmp_path, home=Path.home())
    assert found.servers == []
    (problem,) = found.problems
    assert "server 'slow' in" in problem
    assert "timeout must be a number of milliseconds, not 1000000" in problem
