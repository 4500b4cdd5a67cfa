"""A real MCP server (official SDK) whose answers are long: ``python tests/mcp_big_server.py``.

Tools: ``big(chars)``, that many characters ending in ``END``; ``roomy(chars)``, the same
from a tool whose ``tools/list`` entry declares ``_meta["anthropic/maxResultSizeChars"]``
of :data:`ROOMY_CHARS` (Claude Code's per-tool character limit); ``bigfail(chars)``, an
error result of that many characters; ``wordy()``, a tool whose description is 5,000
characters long. Its instructions (the handshake's) are 3,000 characters long.
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent

#: What it tells its clients at the handshake: 3,000 characters, ending in ``LASTWORD``.
INSTRUCTIONS = "Ask big for fewer characters first. " + "Page through it. " * 172 + "LASTWORD"

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


#: ``wordy``'s description: 5,000 characters, ending in ``LAST``.
WORDY = "Describes at length. " * 238 + "LAST"


@server.tool(description=WORDY)
def wordy() -> str:
    """(described by :data:`WORDY`)"""
    return "said"


if __name__ == "__main__":
    server.run()
