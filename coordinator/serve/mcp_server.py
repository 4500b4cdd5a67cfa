"""``coord mcp``: the coordinator's tools over MCP (stdio, or streamable HTTP on loopback).

Tools: ``route`` (deterministic, explained routing; nothing runs), ``run`` (a durable chain
to its end, or until it waits for a person), ``resume`` (answer a waiting session with
``context``, or continue an interrupted one), ``sessions`` and ``log``. Each returns JSON
text; a user error (unknown agent, unknown session, …) is an error result with its message,
and so is a missing, mistyped or unknown argument, with what the tool takes (:class:`_Server`).
Over HTTP every request must carry ``Authorization: Bearer TOKEN`` (:func:`http_token`:
``COORD_MCP_TOKEN``, else a random one printed once on stderr), checked in constant time by
the SDK's own bearer middleware (:class:`BearerToken`, a ``TokenVerifier``); anything else
gets 401 before any tool, session or stream is reached. The SDK's DNS-rebinding check (Host
and Origin must be loopback) applies too. Without it, any local user or process could run
agents on the workspace with the user's key and read every session's log.
Imports the ``mcp`` SDK: reached only from ``coord mcp``.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import os
import re
import secrets
import sys
from collections.abc import AsyncIterator, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any, Literal, TypeVar

import anyio.to_thread
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from pydantic import AnyHttpUrl, ValidationError

from coordinator import __version__
from coordinator.errors import CoordinatorError, UserError, nearest_word
from coordinator.gcpace import collect_between, serving_collections
from coordinator.sanitize import (
    clean_text,
    register_secret,
    scrub,
    scrub_logging,
    write_credential,
)
from coordinator.serve.service import CoordinatorService

scrub_logging()  # the SDK's, uvicorn's and starlette's log records (a user's DEBUG logging)

INSTRUCTIONS = (
    "coordinator routes a request to a specialist agent (Claude Code sub-agent files), runs "
    "it on the user's workspace and stores every chain. `route` explains the choice without "
    "running anything. `run` returns the final report; when the result has needs_answer, ask "
    "the user the question and call `resume` with the session id and their answer as context."
)


#: A tool's function (:func:`_adding_tools`).
_Tool = TypeVar("_Tool", bound=Callable[..., Any])

#: The environment variable that chooses the HTTP server's bearer token.
TOKEN_ENV = "COORD_MCP_TOKEN"
#: What a chosen token must be: 16 to 512 visible ASCII characters (a header's value).
_TOKEN = re.compile(r"[\x21-\x7e]{16,512}")


class BearerToken:
    """The SDK's ``TokenVerifier`` for one token: the one the server was started with,
    compared in constant time (as bytes: a header may hold any Latin-1 text)."""

    def __init__(self, token: str):
        self._expected = token.encode()

    async def verify_token(self, token: str) -> AccessToken | None:
        given = token.encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._expected):
            return None
        return AccessToken(token=REDACTED_TOKEN, client_id="coord-mcp", scopes=[])


#: What the SDK keeps of an accepted token (it needs none: there is one user).
REDACTED_TOKEN = "[redacted]"


def http_token(environ: MutableMapping[str, str] | None = None) -> tuple[str, bool]:
    """The bearer token of ``coord mcp --http`` and whether it was made here: the value of
    :data:`TOKEN_ENV` when set (taken out of the environment, so no hook, MCP server or
    command coord starts inherits it; UserError unless 16 to 512 visible ASCII characters),
    else a new random one. Scrubbed from everything coord prints or stores from now on."""
    env = os.environ if environ is None else environ
    chosen = env.pop(TOKEN_ENV, None)
    if chosen is not None and not _TOKEN.fullmatch(chosen):
        raise UserError(
            f"{TOKEN_ENV}: a token is 16 to 512 visible ASCII characters, no spaces",
            hint="Unset it to have coord mcp make one, or set it to the output of: python -c"
            " 'import secrets; print(secrets.token_urlsafe(32))'",
        )
    return (chosen, False) if chosen is not None else (secrets.token_urlsafe(32), True)


def build_server(
    service: CoordinatorService, *, quiet: bool = True, token: str | None = None, port: int = 0
) -> MCPServer:
    """An MCP server whose tools call ``service`` (``quiet``: warnings only on stderr);
    with ``token``, served over HTTP on ``port``, every request must carry it."""
    level: Literal["WARNING", "INFO"] = "WARNING" if quiet else "INFO"
    auth = None
    if token is not None:  # the SDK's bearer middleware, no OAuth server or metadata
        url = AnyHttpUrl(f"http://127.0.0.1:{port}")
        auth = AuthSettings(issuer_url=url, resource_server_url=None)
    between = BetweenRequests()
    server = _Server(
        "coordinator",
        version=__version__,  # serverInfo: coord's own (the SDK sends "" when none is given)
        instructions=INSTRUCTIONS,
        log_level=level,
        token_verifier=BearerToken(token) if token is not None else None,
        auth=auth,
    )
    tool = _adding_tools(server)

    @tool
    async def route(request: str) -> str:
        """Which specialist agent a request goes to, the matched triggers and the runners-up."""
        async with between.call():
            return await _tcall(service.route, clean_text(request))

    @tool
    async def run(request: str, agent: str | None = None) -> str:
        """Run a request through its specialist (agent: skip routing) until it ends or waits."""
        async with between.call():
            return await _acall(service.run, clean_text(request), agent)

    @tool
    async def resume(
        session: str,
        context: str | None = None,
        question: str | int | None = None,
        retry_consult: bool = False,
    ) -> str:
        """Continue a session; context: the person's answer to its waiting question; question
        (its id or short form q1): refused unless that one waits; retry_consult: run its
        failed consult again (a new model call; else the question is asked again)."""
        answer = clean_text(context) if context is not None else None
        async with between.call():
            return await _acall(service.resume, session, answer, question, retry_consult)

    @tool
    async def sessions(status: str | None = None) -> str:
        """Stored sessions, newest first (status: running, waiting, complete, ...)."""
        async with between.call():
            return await _tcall(service.sessions, status)

    @tool
    async def log(session: str) -> str:
        """One session's chain: its runs, reports and every event."""
        async with between.call():
            return await _tcall(service.log, session)

    return server


class _Server(MCPServer):
    """The SDK's server, a tool call's arguments checked in coord's words: an unknown one
    named with the one meant, a missing or mistyped one named with what the tool takes
    (the SDK answered pydantic's report, its types and an errors.pydantic.dev URL)."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        schema = next((t.input_schema for t in await self.list_tools() if t.name == name), None)
        if schema is None:  # an unknown tool: the SDK's own error
            return await super().call_tool(name, arguments, context)
        if unknown := [key for key in arguments if key not in schema.get("properties", {})]:
            raise ToolError(_arguments_error(name, schema, _unknown_arguments(unknown, schema)))
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError:
            raise
        except ToolError as exc:
            if not isinstance(exc.__cause__, ValidationError):
                raise
            said = _invalid_arguments(exc.__cause__)
            raise ToolError(_arguments_error(name, schema, said)) from exc.__cause__


def _unknown_arguments(unknown: list[str], schema: dict[str, Any]) -> str:
    """``unknown argument `sesion`; did you mean session?``"""
    said = ", ".join(f"`{key}`" for key in unknown)
    near = nearest_word(unknown[0], schema.get("properties", {})) if len(unknown) == 1 else None
    plural = "s" if len(unknown) > 1 else ""
    return f"unknown argument{plural} {said}" + (f"; did you mean {near}?" if near else "")


def _invalid_arguments(error: ValidationError) -> str:
    """What pydantic found wrong with a call's arguments, one clause a field: ``missing
    argument `request```, ```question`` should be a valid string or a valid integer``."""
    found: dict[str, list[str]] = {}
    for err in error.errors():
        field, kind = str(err["loc"][0]) if err["loc"] else "", err["type"]
        said = "missing" if kind == "missing" else str(err["msg"]).removeprefix("Input ")
        found.setdefault(field, []).append(said.removeprefix("should be "))
    return "; ".join(
        f"missing argument `{field}`"
        if said == ["missing"]
        else f"`{field}` should be {' or '.join(dict.fromkeys(said))}"
        for field, said in found.items()
    )


def _arguments_error(tool: str, schema: dict[str, Any], said: str) -> str:
    """A call's bad arguments, then what ``tool`` takes: ``route: missing argument
    `request` (route takes request)``; optional ones in brackets."""
    required = set(schema.get("required", ()))
    takes = [k if k in required else f"[{k}]" for k in schema.get("properties", {})]
    return f"Error executing tool {tool}: {said} ({tool} takes {', '.join(takes)})"


def _adding_tools(server: MCPServer) -> Callable[[_Tool], _Tool]:
    """A decorator adding a function to ``server`` as a tool described by its docstring in
    one line: the docstring's line breaks and indentation are no part of what a client, and
    its model, is shown."""

    def add(fn: _Tool) -> _Tool:
        server.add_tool(fn, description=" ".join((fn.__doc__ or "").split()))
        return fn

    return add


def serve(
    service: CoordinatorService, *, http_port: int | None = None, token: str | None = None
) -> None:
    """Serve over stdio, or over streamable HTTP on 127.0.0.1:``http_port``, every request
    needing ``token`` (:func:`http_token`; then the server's log, "Uvicorn running on ..."
    once it listens, goes to stderr). The roster and its routing index are loaded first,
    then kept out of the collector's passes while the server runs (:func:`serving_collections`),
    and the passes due run between requests (:class:`BetweenRequests`): a route of a request
    the server has not seen no longer runs one (it keeps some 30 objects, not thousands)."""
    if http_port is not None and token is None:
        raise ValueError("an HTTP server needs its bearer token")
    service.prepare()
    with serving_collections():
        if http_port is None:
            build_server(service).run()
        else:
            server = build_server(service, quiet=False, token=token, port=http_port)
            server.run("streamable-http", host="127.0.0.1", port=http_port)


def announce_token(token: str, made: bool, port: int) -> None:
    """Say once on stderr how a client authenticates (the token itself only when it was
    made here: one from :data:`TOKEN_ENV` the user has); then scrub it everywhere."""
    url = f"http://127.0.0.1:{port}/mcp"
    shown = token if made else f"the value of {TOKEN_ENV}"
    write_credential(
        sys.stderr,
        f"coord mcp: clients of {url} must send the header 'Authorization: Bearer {shown}'"
        + (f" (a new token each start; set {TOKEN_ENV} to choose one)" if made else "")
        + "\n",
    )
    sys.stderr.flush()
    register_secret(token)


#: Seconds from the last tool call in flight answering to the collection due between
#: requests (:class:`BetweenRequests`): the SDK writes the answer well within it.
PAUSE = 0.01


class BetweenRequests:
    """The collector's passes moved out of the requests a server answers: the collection
    due (:func:`coordinator.gcpace.collect_between`) runs :data:`PAUSE` seconds after the
    last tool call in flight answered, when its answer is out and no other call started
    meanwhile. A call that outlasts them (a ``run`` waiting on the model) leaves them to
    the collector's own pace, :func:`serving_collections`'. Tool calls run on the server's
    event loop (a synchronous one in a worker thread: :func:`_tcall`)."""

    def __init__(self) -> None:
        self.calls = 0

    @asynccontextmanager
    async def call(self) -> AsyncIterator[None]:
        """One tool call in flight; after the last one, the collection is scheduled."""
        self.calls += 1
        try:
            yield
        finally:
            self.calls -= 1
            if not self.calls:
                asyncio.get_running_loop().call_later(PAUSE, self._collect)

    def _collect(self) -> None:
        if not self.calls:
            collect_between()


async def _tcall(fn: Callable[..., object], *args: Any) -> str:
    """:func:`_call` in a worker thread, as the SDK runs a synchronous tool."""
    return await anyio.to_thread.run_sync(functools.partial(_call, fn, *args))


def _call(fn: Any, *args: Any) -> str:
    try:
        return _dump(fn(*args))
    except CoordinatorError as exc:
        raise _tool_error(exc) from None


async def _acall(fn: Any, *args: Any) -> str:
    try:
        return _dump(await fn(*args))
    except CoordinatorError as exc:
        raise _tool_error(exc) from None


def _tool_error(exc: CoordinatorError) -> ToolError:
    """The error result of a tool call: a user error's hint names the tools and their
    arguments (:meth:`UserError.for_tools`), never the CLI's flags."""
    return ToolError(scrub(exc.for_tools() if isinstance(exc, UserError) else str(exc)))


def _dump(value: object) -> str:
    """JSON text for the client: secrets redacted, text valid UTF-8."""
    return scrub(clean_text(json.dumps(value, ensure_ascii=False, indent=1, default=str)))
