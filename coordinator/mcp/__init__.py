"""MCP both ways: agents use MCP servers (client), and ``coord mcp`` serves the coordinator.

- :mod:`coordinator.mcp.config`: server definitions (``.mcp.json``, settings, inline), an
  agent's ``mcpServers`` resolved against them, ``mcp__server__tool`` names and patterns.
  No SDK import.
- :mod:`coordinator.mcp.client`: start an agent's servers for its run, offer their tools.
- :mod:`coordinator.serve.mcp_server` (a wing above the runtime): the coordinator's own
  tools (route, run, resume, sessions, log) over stdio or loopback HTTP.

The official ``mcp`` SDK is the optional extra ``coordinator[mcp]``, imported only here and
only when used (:func:`require_sdk`).
"""

from __future__ import annotations

from coordinator.errors import UserError

INSTALL_HINT = "pip install 'coordinator[mcp]'"


def sdk_available() -> bool:
    """Whether the ``mcp`` SDK can be imported (it is, by this check: only call when used)."""
    try:
        import mcp  # noqa: F401
    except ImportError:
        return False
    return True


def require_sdk(what: str) -> None:
    """Raise a one-line UserError when the ``mcp`` SDK is not installed."""
    if not sdk_available():
        raise UserError(f"{what} needs the MCP SDK: {INSTALL_HINT}")
