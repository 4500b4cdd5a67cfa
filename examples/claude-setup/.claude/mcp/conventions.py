"""A tiny MCP server (official SDK) for the example: the project's API conventions.

Started by coord for agents that list ``conventions`` in ``mcpServers`` (``.mcp.json``
defines it; a project server runs only once you approve it outside the workspace, e.g.
``{"enabledMcpjsonServers": ["conventions"]}`` in ``~/.claude/settings.json``).
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

server = MCPServer("conventions")

RULES = {
    "routes": "One router per module under app/api/routes/, registered in app/main.py.",
    "responses": "Every endpoint declares its response_model.",
}


@server.tool()
def convention(topic: str) -> str:
    """The project's convention for ``topic`` (routes, responses)."""
    return RULES.get(topic, f"no convention for {topic!r}; known: {', '.join(RULES)}")


if __name__ == "__main__":
    server.run()
