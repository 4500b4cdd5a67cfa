"""A real MCP server (official SDK) whose answers are long: ``python tests/mcp_big_server.py``.

Tools: ``big(chars)``, that many characters ending in ``END``; ``roomy(chars)``, the same
from a tool whose ``tools/list`` entry declares ``_meta["anthropic/maxResultSizeChars"]``
of :data:`ROOMY_CHARS` (Claude Code's per-tool character limit); ``bigfail(chars)``, an
error result of that many characters; ``wordy()``, a tool whose description is 5,000
characters long; ``rpcfail(chars)``, a JSON-RPC error (not a result) whose message is that
many characters; ``pause(ms)``, ``awake`` after that many milliseconds; ``emoji(chars)``,
that many characters of flags ending in ``END``. Its instructions (the handshake's) are
3,000 characters long, or ``MCP_BIG_INSTRUCTIONS``.
"""

from __future__ import annotations

import os
import time

from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, TextContent

#: What it tells its clients at the handshake: 3,000 characters, ending in ``LASTWORD``.
INSTRUCTIONS = "Ask big for fewer characters first. " + "Page through it. " * 172 + "LASTWORD"
INSTRUCTIONS = os.environ.get("MCP_BIG_INSTRUCTIONS") or INSTRUCTIONS

server = MCPServer("big", instructions=INSTRUCTIONS)

#: The character limit ``roomy`` declares.
ROOMY_CHARS = 200_000


def _text(chars: int) -> str:
    """``chars`` characters: ``0123456789`` repeated, then ``END``."""
    body = "0123456789" * (chars // 10 + 1)
    return body[: max(chars - 3, 0)] + "END"


@server.tool()
def big(chars: int) -> str:
    """An answer of that many characters."""
    return _text(chars)


@server.tool(meta={"anthropic/maxResultSizeChars": ROOMY_CHARS})
def roomy(chars: int) -> str:
    """An answer of that many characters, from a tool declaring a larger limit."""
    return _text(chars)


@server.tool()
def bigfail(chars: int) -> CallToolResult:
    """An error of that many characters."""
    return CallToolResult(content=[TextContent(type="text", text=_text(chars))], is_error=True)


@server.tool()
def rpcfail(chars: int) -> str:
    """A JSON-RPC error whose message is that many characters."""
    raise MCPError(-32000, _text(chars))


@server.tool()
def pause(ms: int) -> str:
    """``awake``, after ``ms`` milliseconds."""
    time.sleep(ms / 1000)
    return "awake"


@server.tool()
def emoji(chars: int) -> str:
    """That many characters: a letter, then Ukrainian flags (two characters each), ``END``."""
    return ("x" + "\U0001f1fa\U0001f1e6" * chars)[: chars - 3] + "END"


#: ``wordy``'s description: 5,000 characters, ending in ``LAST``.
WORDY = "Describes at length. " * 238 + "LAST"


@server.tool(description=WORDY)
def wordy() -> str:
    """(described by :data:`WORDY`)"""
    return "said"


if __name__ == "__main__":
    server.run()
