"""A real MCP server (official SDK) for the tests: ``python tests/mcp_fixture_server.py``.

Tools: ``add(a, b)``, ``echo(text)``, ``fail(reason)`` (an error result), ``whoami()`` (its
cwd and whether secrets reached its environment). Every call is appended as a JSON line to
the file named by ``MCP_FIXTURE_LOG`` (when set), so tests can count calls. With
``--http PORT`` it serves streamable HTTP on 127.0.0.1 instead of stdio (``--sse PORT``:
the older SSE transport; ``--web PORT``: both in one process, at ``/mcp`` and ``/sse``, so
tests that need no fresh server share one).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from mcp.server.mcpserver import MCPServer

server = MCPServer("fixture")


def _log(tool: str, **args: object) -> None:
    path = os.environ.get("MCP_FIXTURE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"tool": tool, **args}) + "\n")


@server.tool()
def add(a: int, b: int) -> str:
    """Add two integers."""
    _log("add", a=a, b=b)
    return str(a + b)


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    _log("echo", text=text)
    return f"echo: {text}"


@server.tool()
def fail(reason: str) -> str:
    """Always fails with the reason."""
    _log("fail", reason=reason)
    raise ValueError(f"failed on purpose: {reason}")


@server.tool()
def whoami() -> str:
    """The server's working directory and which sensitive variables it can see."""
    _log("whoami")
    seen = sorted(k for k in os.environ if "KEY" in k or "TOKEN" in k or "SECRET" in k)
    return json.dumps({"cwd": os.getcwd(), "secrets": seen, "env": os.environ.get("FIXTURE")})


def serve_both(port: int) -> None:
    """Streamable HTTP at ``/mcp`` and SSE at ``/sse`` on one port (one uvicorn server)."""
    import uvicorn

    app = server.streamable_http_app(host="127.0.0.1")  # its lifespan runs the sessions
    app.router.routes.extend(server.sse_app(host="127.0.0.1").routes)
    uvicorn.run(_headers_logged(app), host="127.0.0.1", port=port, log_level="info")


def _headers_logged(app: Any) -> Any:
    """``app``, appending each HTTP request's ``authorization`` and ``x-token`` headers as a
    JSON line to the file ``MCP_FIXTURE_HEADERS`` names (when set)."""
    path = os.environ.get("MCP_FIXTURE_HEADERS")
    if not path:
        return app

    async def logged(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            kept = (b"authorization", b"x-token")
            seen = {k.decode(): v.decode() for k, v in scope["headers"] if k.lower() in kept}
            _append(path, json.dumps(seen))
        await app(scope, receive, send)

    return logged


def _append(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--web":
        serve_both(int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--http":
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--sse":
        server.run("sse", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run()
