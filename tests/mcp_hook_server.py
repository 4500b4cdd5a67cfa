"""A real MCP server (official SDK) for the mcp_tool hook tests: ``python
tests/mcp_hook_server.py``, over stdio.

Tools: ``reply(text)`` answers with the text as it is (a hook's JSON decision or plain
text), ``fail(reason)`` is an error result, ``hang()`` never answers, ``pid()`` answers
with the server's process id (one server told from another). Every call is
appended as a JSON line (its arguments as received) to the file named by
``MCP_FIXTURE_LOG``, so tests see what a hook's input became.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from mcp.server.mcpserver import MCPServer

server = MCPServer("hook-fixture")


def _log(tool: str, **args: Any) -> None:
    path = os.environ.get("MCP_FIXTURE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"tool": tool, **args}) + "\n")


@server.tool()
def reply(text: str, session: str = "", size: int = 0) -> str:
    """Answer with ``text`` as it is."""
    _log("reply", text=text, session=session, size=size)
    return text


@server.tool()
def fail(reason: str) -> str:
    """Always fails with the reason."""
    _log("fail", reason=reason)
    raise ValueError(f"failed on purpose: {reason}")


@server.tool()
async def hang() -> str:
    """Never answers (a hook's timeout, in the tests)."""
    _log("hang")
    await asyncio.Event().wait()
    return "never"


@server.tool()
def pid() -> str:
    """This server's process id."""
    _log("pid")
    return str(os.getpid())


if __name__ == "__main__":
    server.run()
