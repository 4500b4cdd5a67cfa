"""``coord mcp``: the coordinator's tools over MCP (stdio, or streamable HTTP on loopback).

Tools: ``route`` (deterministic, explained routing; nothing runs), ``run`` (a durable chain
to its end, or until it waits for a person), ``resume`` (answer a waiting session with
``context``, or continue an interrupted one), ``sessions`` and ``log``. Each returns JSON
text; a user error (unknown agent, unknown session, …) is an error result with its message.
Imports the ``mcp`` SDK: reached only from ``coord mcp``.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from coordinator.errors import CoordinatorError
from coordinator.sanitize import clean_text, scrub
from coordinator.serve.service import CoordinatorService

INSTRUCTIONS = (
    "coordinator routes a request to a specialist agent (Claude Code sub-agent files), runs "
    "it on the user's workspace and stores every chain. `route` explains the choice without "
    "running anything. `run` returns the final report; when the result has needs_answer, ask "
    "the user the question and call `resume` with the session id and their answer as context."
)


def build_server(service: CoordinatorService, *, quiet: bool = True) -> MCPServer:
    """An MCP server whose tools call ``service`` (``quiet``: warnings only on stderr)."""
    level: Literal["WARNING", "INFO"] = "WARNING" if quiet else "INFO"
    server = MCPServer("coordinator", instructions=INSTRUCTIONS, log_level=level)

    @server.tool()
    def route(request: str) -> str:
        """Which specialist agent a request goes to, the matched triggers and the runners-up."""
        return _call(service.route, clean_text(request))

    @server.tool()
    async def run(request: str, agent: str | None = None) -> str:
        """Run a request through its specialist (agent: skip routing) until it ends or waits."""
        return await _acall(service.run, clean_text(request), agent)

    @server.tool()
    async def resume(session: str, context: str | None = None) -> str:
        """Continue a session; context is the person's answer to its waiting question."""
        answer = clean_text(context) if context is not None else None
        return await _acall(service.resume, session, answer)

    @server.tool()
    def sessions(status: str | None = None) -> str:
        """Stored sessions, newest first (status: running, waiting, complete, ...)."""
        return _call(service.sessions, status)

    @server.tool()
    def log(session: str) -> str:
        """One session's chain: its runs, reports and every event."""
        return _call(service.log, session)

    return server


def serve(service: CoordinatorService, *, http_port: int | None = None) -> None:
    """Serve over stdio, or over streamable HTTP on 127.0.0.1:``http_port`` (then the
    server's log, "Uvicorn running on ..." once it listens, goes to stderr)."""
    if http_port is None:
        build_server(service).run()
    else:
        server = build_server(service, quiet=False)
        server.run("streamable-http", host="127.0.0.1", port=http_port)


def _call(fn: Any, *args: Any) -> str:
    try:
        return _dump(fn(*args))
    except CoordinatorError as exc:
        raise ToolError(scrub(str(exc))) from None


async def _acall(fn: Any, *args: Any) -> str:
    try:
        return _dump(await fn(*args))
    except CoordinatorError as exc:
        raise ToolError(scrub(str(exc))) from None


def _dump(value: object) -> str:
    """JSON text for the client: secrets redacted, text valid UTF-8."""
    return scrub(clean_text(json.dumps(value, ensure_ascii=False, indent=1, default=str)))
