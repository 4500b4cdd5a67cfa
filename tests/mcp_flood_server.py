"""A broken MCP server (official SDK) for the tests: ``python tests/mcp_flood_server.py``.

One tool, ``flood(megabytes)``: that many MB (at most 64) written where its messages go,
without a newline, then its answer. With ``--flood MB`` it floods so before it answers
anything (the handshake); with ``--stderr MB`` it writes so much on stderr first, then the
line ``said: ready``. Bounded whatever the client does: it writes at most 64 MB.
"""

from __future__ import annotations

import os
import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("flood")

#: The most a flood writes.
FLOOD_MAX_MB = 64
#: The client's end of stdout, kept before the SDK diverts descriptor 1 to stderr (so that
#: a tool's print cannot break the protocol): a flood goes where the messages go.
WIRE = os.dup(1)


def _flood(megabytes: int) -> None:
    """Write ``megabytes`` MB (at most :data:`FLOOD_MAX_MB`) of ``x``, no newline."""
    block = b"x" * (1 << 20)
    for _ in range(min(megabytes, FLOOD_MAX_MB)):
        os.write(WIRE, block)


@server.tool()
def flood(megabytes: int) -> str:
    """Write that many MB without a newline, then answer."""
    _flood(megabytes)
    return "flooded"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--flood":
        _flood(int(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "--stderr":
        for _ in range(min(int(sys.argv[2]), FLOOD_MAX_MB)):
            os.write(2, b"e" * (1 << 20))
        os.write(2, b"\nsaid: ready\n")
    server.run()
