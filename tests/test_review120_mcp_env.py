"""review120: a definition an agent could have written (below a workspace coord ran
agents in, approved by name) names only the sandbox's variables (``PATH``, ``HOME``,
``LANG``...), expanded from coord's environment; since review115 they expanded from the
settings' ``env`` over it, so the user's settings reached a confined server."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from coordinator.mcp.config import agent_servers
from coordinator.mcp.policy import ServerPolicy
from tests.test_mcp_client import agent


def test_an_agent_written_definition_expands_from_coords_environment_only(
    tmp_path: Path,
) -> None:
    outer = tmp_path / "outer"
    (outer / ".coordinator").mkdir(parents=True)
    ws = outer / "sub"
    ws.mkdir()
    server = {"command": sys.executable, "args": ["-c", "pass", "${LANG}"]}
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"s": server}}))
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    (home / ".claude/settings.json").write_text(json.dumps({"enabledMcpjsonServers": ["s"]}))
    limits = ServerPolicy(env={"LANG": "the-users-setting"})
    found = agent_servers(
        agent(mcp=["s"]), ws, home=home, environ={"LANG": "C.UTF-8"}, limits=limits
    )
    (config,) = found.servers
    assert config.confined
    assert config.args[-1] == "C.UTF-8", config.args
