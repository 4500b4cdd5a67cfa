"""Start an agent's MCP servers for one run and offer their tools (imports the ``mcp`` SDK).

:func:`open_servers` is an async context: it starts each server (stdio process or streamable
HTTP connection), lists its tools, and closes everything on exit. A server that cannot
start is left out with a one-line problem; the run goes on without its tools, as in Claude
Code. Tool calls go through :class:`McpTool`, a :class:`~coordinator.tools.base.Tool` like
the built-in ones, so the runner records them (started/done) in the store like any other.

stdio servers are programs the user configured (see :mod:`coordinator.mcp.config` for
which definitions are trusted). They run with the workspace as their working directory and
an allow-listed environment: the SDK's base (HOME, LOGNAME, PATH, SHELL, TERM, USER), LANG
and LC_ALL, ``CLAUDE_PROJECT_DIR`` and the ``env`` of their definition; nothing else of
coord's environment (no API key) reaches them. Like Claude Code, coord runs a configured
server as the user, but for a *confined* one (an agent could have written its code or its
definition: :attr:`~coordinator.mcp.config.ServerConfig.confined`): that one runs in the Bash
sandbox (``confine``: how Bash commands run; None when Bash is not allowed, and then it is
not started), and what it does to the workspace's protected paths is undone when it stops.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import shlex
import signal
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio
import mcp.types as mt
from anyio.abc import Process
from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client
from mcp.client.sse import sse_client
from mcp.client.stdio import get_default_environment
from mcp.client.streamable_http import streamable_http_client

from coordinator.mcp import bounded, output_limit
from coordinator.mcp.config import (
    CALL_TIMEOUT_VAR,
    MAX_TOOL_NAME,
    STARTUP_TIMEOUT_VAR,
    ServerConfig,
    Transport,
    tool_name,
)
from coordinator.mcp.headers_helper import connection_headers
from coordinator.mcp.limit_vars import CALL_TIMEOUT, STARTUP_TIMEOUT, whole_number
from coordinator.sanitize import scrub_logging
from coordinator.tools.base import JSON, ToolContext, ToolError, ToolResult
from coordinator.tools.command_hints import protected_note
from coordinator.tools.implicit import SAFE_PATH, safe_path, safe_path_note
from coordinator.tools.pids import PidsGroup
from coordinator.tools.protected_guard import ProtectedGuard, running, swept_before_users_program
from coordinator.tools.sandbox import (
    SETUP_ATTEMPTS,
    SETUP_FAILED,
    Confiner,
    SetupStatus,
    outside_env,
)

T = TypeVar("T")
_PASSED_ENV = ("LANG", "LC_ALL")
bounded.install()  # a stdio server's lines are bounded (the SDK's are not)
scrub_logging()  # the SDK's and httpx's log records (a user's DEBUG logging)


def _seconds(variable: str, default: float, config: ServerConfig | None = None) -> float:
    """Seconds from ``variable`` in coord's environment, or as ``config``'s settings set it
    (:attr:`~coordinator.mcp.config.ServerConfig.timeouts`), a whole number of
    milliseconds as Claude Code reads ``MCP_TIMEOUT`` and ``MCP_TOOL_TIMEOUT``
    (``MCP_TIMEOUT=60000``); ``default`` when it is unset, not a whole number or zero."""
    set_by = config.timeouts if config is not None and variable in config.timeouts else None
    millis = whole_number((os.environ if set_by is None else set_by).get(variable, ""))
    return millis / 1000 if millis else default


def startup_timeout(config: ServerConfig | None = None) -> float:
    """Seconds a server (``config``) has to start and list its tools (``MCP_TIMEOUT``, else
    30)."""
    return _seconds(STARTUP_TIMEOUT_VAR, STARTUP_TIMEOUT, config)


def call_timeout(config: ServerConfig | None = None) -> float:
    """Seconds one tool call of ``config``'s may take: its definition's ``timeout`` in
    effect (:func:`own_timeout`), else ``MCP_TOOL_TIMEOUT``, else 600."""
    own = None if config is None else own_timeout(config)
    return _seconds(CALL_TIMEOUT_VAR, CALL_TIMEOUT, config) if own is None else own


def own_timeout(config: ServerConfig) -> float | None:
    """The seconds ``config``'s definition gives each tool call (Claude Code's per-server
    limit, overriding ``MCP_TOOL_TIMEOUT`` for that server), or None: it sets none, or an
    agent could have written it and it would wait longer than the user's limit (the
    variable's, else 600 s): an agent-written ``timeout`` only shortens."""
    own = config.timeout
    if own is not None and config.defined_by_agents:
        return own if own <= _seconds(CALL_TIMEOUT_VAR, CALL_TIMEOUT, config) else None
    return own


@dataclass(frozen=True)
class Served:
    """One running server of a run, as its tools and its resources (:mod:`coordinator.mcp.
    resources`) reach it: one connection, one confinement for both."""

    name: str
    session: ClientSession
    #: What of an agent's it would run now (None: it runs confined, or nothing to ask).
    agents_code: Callable[[], str | None] | None = None
    #: The server definition's own ``timeout`` (seconds; None: ``MCP_TOOL_TIMEOUT``'s).
    timeout: float | None = None
    #: Its definition, whose settings' ``MCP_TOOL_TIMEOUT`` a call waits (None: coord's).
    config: ServerConfig | None = None

    def instructions(self) -> str:
        """The ``instructions`` the server gave at its handshake ("" when none)."""
        result = self.session.initialize_result
        return (result.instructions or "") if result is not None else ""

    def offers_resources(self) -> bool:
        """Whether the server said, at its handshake, it serves resources."""
        capabilities = self.session.server_capabilities
        return capabilities is not None and capabilities.resources is not None

    async def request(self, send: Callable[[float], Awaitable[T]]) -> tuple[T, list[str]]:
        """``send(timeout)``'s answer (a request to the server) and the protected paths
        undone meanwhile. A confined server's writes to them are undone after each request
        (it lives on: the user's git, run meanwhile in a repository it made, would run its
        hooks). One that runs as the user is not asked once it would run code an agent
        wrote since it started (:attr:`agents_code`, :func:`~coordinator.mcp.config.
        agents_code`: the ``smtplib.py`` its ``python -m srv`` imports when a request
        first needs it). A failure is a ToolError the model sees."""
        guard = _GUARDS.get(self.session)
        check = None if guard is not None else self.agents_code
        found = None if check is None else await asyncio.to_thread(check)
        if found is not None:
            raise ToolError(
                f"MCP server '{self.name}' not called: it runs as the user, and now runs "
                f"{found}, a workspace file an agent can write (written since it started); "
                "keep such files out of the folder it runs in"
            )
        # (one of the user's runs as the user: what a confined one wrote meanwhile undone first)
        undone = await swept_before_users_program() if guard is None else []
        try:
            answer = await send(self.timeout or call_timeout(self.config))
        except Exception as exc:  # the server is another program: any failure is its own
            failed = _failed(self.name, exc, self.session, self.timeout, self.config)
            raise ToolError(failed) from None
        finally:
            if guard is not None:
                undone = await asyncio.to_thread(guard.sweep)
        return answer, undone


class McpTool:
    """One tool of one running server, offered to the model as ``mcp__server__tool``."""

    def __init__(
        self,
        server: str,
        remote: mt.Tool,
        session: ClientSession,
        agents_code: Callable[[], str | None] | None = None,
        timeout: float | None = None,
        tokens: int | None = None,
        *,
        written: bool = False,
        config: ServerConfig | None = None,
    ):
        """``written``: an agent could have written its server's code or definition (it
        runs confined), so its ``_meta`` may only lower the user's limits (review141);
        ``config``: its server's definition (its settings' ``MCP_TOOL_TIMEOUT``)."""
        self.server = server
        #: Its answers' token limit (None: ``MAX_MCP_OUTPUT_TOKENS`` of coord's environment).
        self.tokens = tokens
        #: The server definition's own ``timeout`` (seconds; None: ``MCP_TOOL_TIMEOUT``'s).
        self.timeout = timeout
        self.remote = remote.name
        self.name = tool_name(server, remote.name)
        described = output_limit.described(remote.description or "")
        self.description = described or f"{remote.name} (MCP server {server})"
        self.input_schema: JSON = dict(remote.input_schema or {"type": "object"})
        #: The character limit its ``_meta`` declares (:mod:`coordinator.mcp.output_limit`).
        declared = output_limit.declared_chars(remote.meta)
        self.declared_chars = output_limit.lowered(declared, tokens) if written else declared
        #: The most a result of it has (the toolset's cap on a result: it bounds its own).
        self.result_max_chars = output_limit.most_chars(self.declared_chars)
        self._served = Served(server, session, agents_code, timeout, config)

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """Call the tool (:meth:`Served.request`: the confinement every request gets); a
        transport failure is a ToolError the model sees."""
        del ctx  # the server has its own view of the world
        session = self._served.session

        async def call(seconds: float) -> mt.CallToolResult:
            return await session.call_tool(self.remote, args, read_timeout_seconds=seconds)

        try:
            result, undone = await self._served.request(call)
        except ToolError as exc:  # (a JSON-RPC error's message is the server's text too)
            raise ToolError(self._bounded(str(exc))) from None
        text = self._bounded(result_text(result))
        if undone:
            text = f"{text.rstrip()}\n{protected_note(undone)}"
        return ToolResult(text, bool(result.is_error))

    def _bounded(self, text: str) -> str:
        """``text`` of the server's as the model reads it (:func:`output_limit.bounded`)."""
        return output_limit.bounded(text, self.declared_chars, self.tokens)


#: The guard of each running confined stdio server (:meth:`ProtectedGuard.sweep`).
_GUARDS: weakref.WeakKeyDictionary[ClientSession, ProtectedGuard] = weakref.WeakKeyDictionary()


def _failed(
    server: str,
    exc: BaseException,
    session: ClientSession | None,
    timeout: float | None,
    config: ServerConfig | None = None,
) -> str:
    """What the model or the user reads when a call to ``server`` (whose definition's
    ``timeout`` is ``timeout``, or None) failed: why coord stopped it
    (:func:`bounded.closed_reason`), else what the failure says."""
    said = _describe(exc, timeout=timeout, config=config)
    return bounded.closed_reason(session) or f"MCP server '{server}' failed: {said}"


@dataclass
class OpenServers:
    """The running servers' tools and what could not be started."""

    tools: list[McpTool] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Every server that started (its tools listed), for the resource tools.
    served: list[Served] = field(default_factory=list)


#: Builds the sandboxed command line of a confined server: (command, root, env) -> argv,
#: and its cgroup (:meth:`Confiner.pids_group`).
Confine = Confiner


@asynccontextmanager
async def open_servers(
    configs: list[ServerConfig],
    *,
    cwd: Path,
    confine: Confine | None = None,
    agents_code: Callable[[ServerConfig], str | None] | None = None,
    tokens: int | None = None,
) -> AsyncIterator[OpenServers]:
    """Start ``configs`` (stdio processes run in ``cwd``, confined ones through ``confine``);
    close them all on exit. ``agents_code``: what of an agent's a server would run now
    (:func:`~coordinator.mcp.config.agents_code`), asked before each call to one that runs
    as the user; ``tokens``: the token limit of their tools' answers
    (:func:`~coordinator.mcp.output_limit.output_tokens`; None: coord's environment's)."""
    opened = OpenServers()
    async with AsyncExitStack() as stack:
        for config in configs:
            session: ClientSession | None = None
            try:
                session = await stack.enter_async_context(_connect(config, cwd, confine))
                with anyio.fail_after(startup_timeout(config)):
                    listed = await _tools_of(session)
            except Exception as exc:  # a server that cannot start is left out, named
                said = _describe(exc, starting=True, config=config)
                why = f"MCP server '{config.name}' did not start: {said}"
                opened.problems.append(bounded.closed_reason(session) or why)
                continue
            check = None
            if agents_code is not None and not config.confined:  # (it runs as the user)
                check = functools.partial(agents_code, config)
            limit = own_timeout(config)
            opened.served.append(Served(config.name, session, check, limit, config))
            for remote in listed.tools:
                tool = McpTool(
                    config.name, remote, session, check, limit, tokens,
                    written=bool(config.confined), config=config,
                )  # fmt: skip
                if len(tool.name) > MAX_TOOL_NAME:
                    opened.problems.append(f"MCP tool {tool.name} skipped: name too long")
                    continue
                opened.tools.append(tool)
        yield opened


async def _tools_of(session: ClientSession) -> mt.ListToolsResult:
    """The server's tools: none asked of one that said it has none (a server of resources
    only, which would answer ``tools/list`` with an error and be left out)."""
    capabilities = session.server_capabilities
    if capabilities is not None and capabilities.tools is None:
        return mt.ListToolsResult(tools=[])
    return await session.list_tools()


async def call_once(
    config: ServerConfig, tool: str, args: JSON, *, cwd: Path, confine: Confine | None = None
) -> ToolResult:
    """Start ``config`` (a confined one through ``confine``), call its ``tool`` with
    ``args`` and close it (an mcp_tool hook's call): the text result, an error result when
    the tool failed, or when the server could not be started or reached (the caller bounds
    the whole with its timeout)."""
    session: ClientSession | None = None
    try:
        async with _connect(config, cwd, confine) as session:
            waited = call_timeout(config)
            result = await session.call_tool(tool, args, read_timeout_seconds=waited)
    except Exception as exc:  # the server is another program: any failure is its own
        kind = NeverSetUp if isinstance(_innermost(exc), SetupFailed) else ToolResult
        return kind(_failed(config.name, exc, session, own_timeout(config), config), True)
    return ToolResult(result_text(result), bool(result.is_error))


@dataclass(frozen=True)
class NeverSetUp(ToolResult):
    """The error result of a call to a confined server whose sandbox bwrap never set up
    (:class:`SetupFailed`): it never ran (a user's guard refuses the call then)."""


class _Kept:
    """One server kept connected for a session's mcp_tool hooks. Its owner task enters the
    SDK's contexts and leaves them (they must be left in the task that entered them) when
    :attr:`closing` is set; :attr:`ready` once it is connected or could not be."""

    def __init__(self) -> None:
        self.session: ClientSession | None = None
        self.error: BaseException | None = None
        self.ready = asyncio.Event()
        self.closing = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def own(self, config: ServerConfig, cwd: Path) -> None:
        """Connect, then hold the connection until :attr:`closing` (or a cancel)."""
        try:
            async with _connect(config, cwd, None) as session:
                self.session = session
                self.ready.set()
                await self.closing.wait()
        except Exception as exc:  # the server is another program: any failure is its own
            self.error = exc
        finally:
            self.session = None
            self.ready.set()


class ServerPool:
    """The servers a session's mcp_tool hooks called, one connection each, started at
    their first call and kept until :meth:`close` (the session's drive ends), as Claude
    Code calls an already connected server. A server found dead at a call (the connection
    ended, or the call failed on a connection an earlier call had used) is started again
    once for that call; one whose call was cut short (the hook's timeout) is closed, and
    started again at the next call. Only servers that run as the user are kept: a confined one is
    started for each call and closed after it (:func:`call_once`), so its sandbox's guard
    of the protected paths is checked after every call, as before."""

    def __init__(self) -> None:
        self._kept: dict[tuple[Any, ...], _Kept] = {}
        #: Connections asked to close without waiting (:meth:`_end`), awaited at :meth:`close`.
        self._closing: list[asyncio.Task[None]] = []

    async def call(self, config: ServerConfig, tool: str, args: JSON, *, cwd: Path) -> ToolResult:
        """Call ``tool`` of ``config`` with ``args`` on its kept connection: the text
        result, or an error result (the server could not start, or failed). Calls may run
        at once on one connection: a failed or cut-short call ends only the connection it
        used, never one another call has started since (:meth:`_end`)."""
        for attempt in (1, 2):
            kept: _Kept | None = None
            session: ClientSession | None = None
            fresh = True  # (a start that failed: never a second one)
            try:
                kept, fresh = await self._session(config, cwd)
                if kept.session is None:  # (_session gives a started connection)
                    raise RuntimeError(f"MCP server '{config.name}' gave no session")
                session = kept.session
                waited = call_timeout(config)
                result = await session.call_tool(tool, args, read_timeout_seconds=waited)
            except asyncio.CancelledError:  # cut short (the hook's timeout): its state unknown
                if kept is not None:
                    self._end(config, cwd, kept)
                raise
            except Exception as exc:  # the server is another program: any failure is its own
                if kept is not None:
                    await self._end(config, cwd, kept).wait()
                stopped = bounded.closed_reason(session)
                if attempt == 1 and not fresh and not _answered(exc) and not stopped:
                    continue  # it had served an earlier call and died: started again, once
                failed = _failed(config.name, exc, session, own_timeout(config), config)
                return ToolResult(stopped or failed, True)
            return ToolResult(result_text(result), bool(result.is_error))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _session(self, config: ServerConfig, cwd: Path) -> tuple[_Kept, bool]:
        """``config``'s connection, started now (True) or kept from an earlier call."""
        key = (*_key(config), str(cwd))
        kept = self._kept.get(key)
        fresh = kept is None or (kept.task is not None and kept.task.done())
        if kept is None or fresh:
            kept = self._kept[key] = _Kept()
            kept.task = asyncio.get_running_loop().create_task(kept.own(config, cwd))
        await kept.ready.wait()
        if kept.session is None:
            if self._kept.get(key) is kept:
                del self._kept[key]
            raise kept.error or ServerStartError("the connection ended")
        return kept, fresh

    def _end(self, config: ServerConfig, cwd: Path, kept: _Kept) -> _Closed:
        """Ask ``kept`` (the connection a call used) to close, and forget it if it is
        still ``config``'s kept one: one another call has started since (the first of two
        calls that failed on a dead server started it again) is left to serve. A call cut
        short does not wait (the next call starts the server again rather than queue
        behind it); a failed one does (:meth:`_Closed.wait`)."""
        key = (*_key(config), str(cwd))
        if self._kept.get(key) is kept:
            del self._kept[key]
        kept.closing.set()
        if kept.task is not None and not kept.task.done():
            self._closing.append(kept.task)
        return _Closed(kept.task)

    async def drop(self, config: ServerConfig, cwd: Path) -> None:
        """Close ``config``'s connection (it failed, or it must now run confined) and wait
        until it is closed."""
        kept = self._kept.pop((*_key(config), str(cwd)), None)
        if kept is not None and kept.task is not None:
            kept.closing.set()
            await asyncio.gather(kept.task, return_exceptions=True)

    async def close(self) -> None:
        """Close every kept connection (stdio servers stopped) and wait for them."""
        tasks = [k.task for k in self._kept.values() if k.task is not None]
        tasks, self._closing = [*tasks, *self._closing], []
        self.close_soon()
        await asyncio.gather(*tasks, return_exceptions=True)

    def close_soon(self) -> None:
        """Ask every kept connection to close, without waiting (a stopped drive)."""
        for kept in self._kept.values():
            kept.closing.set()
        self._kept.clear()


@dataclass(frozen=True)
class _Closed:
    """A connection asked to close (:meth:`ServerPool._end`)."""

    task: asyncio.Task[None] | None

    async def wait(self) -> None:
        """Wait until it is closed."""
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)


def _key(config: ServerConfig) -> tuple[Any, ...]:
    """What makes two definitions the same server (``ServerConfig`` holds mappings)."""
    env, headers = tuple(sorted(config.env.items())), tuple(sorted(config.headers.items()))
    return (
        *(config.name, config.transport, config.command, config.args, env, config.url, headers),
        config.headers_helper,
    )


@asynccontextmanager
async def _connect(
    config: ServerConfig, cwd: Path, confine: Confine | None
) -> AsyncIterator[ClientSession]:
    line_bound = bounded.LineBound(config.name)
    async with AsyncExitStack() as stack:
        if config.transport == Transport.STDIO:
            session = await _stdio_session(stack, config, cwd, confine, line_bound)
        else:
            read, write = await _remote_streams(stack, config, line_bound, cwd)
            session = await _initialized(stack, (read, write), line_bound, None, config)
        yield session


async def _remote_streams(
    stack: AsyncExitStack, config: ServerConfig, line_bound: bounded.LineBound, cwd: Path
) -> tuple[Any, Any]:
    """An SSE or streamable HTTP server's streams, entered on ``stack`` (its headers: its
    definition's, and its ``headersHelper``'s, run in ``cwd``, over them)."""
    headers = await connection_headers(
        config.name, config.url, config.headers, config.headers_helper, cwd
    )
    if config.transport == Transport.SSE:
        factory = functools.partial(bounded.http_client, line_bound)
        return await stack.enter_async_context(
            sse_client(config.url, headers=headers, httpx_client_factory=factory)
        )
    client = bounded.http_client(line_bound, headers=headers)
    await stack.enter_async_context(client)
    read, write = await stack.enter_async_context(
        streamable_http_client(config.url, http_client=client)
    )
    return read, write


async def _stdio_session(
    stack: AsyncExitStack,
    config: ServerConfig,
    cwd: Path,
    confine: Confine | None,
    line_bound: bounded.LineBound,
) -> ClientSession:
    """A stdio server's initialized session, on ``stack``. A confined one (in its cgroup,
    its guard undoing what it did to the protected paths once it has stopped) is started
    again while bwrap could not set its sandbox up (:class:`SetupStatus`: a path it masks
    vanished meanwhile, and the server never ran), at most :data:`SETUP_ATTEMPTS` times;
    then :class:`SetupFailed`. One coord stopped (a line past the bound: it killed bwrap
    before bwrap said the server ended) or a signal from outside coord stopped (its bwrap
    killed) ran, and is not started again."""
    if not config.confined:
        return await _stdio_started(stack, config, cwd, None, line_bound)
    confine = _sandbox_for(config, confine)
    group = confine.pids_group()
    if group is not None:  # a root coord's limit of its processes, its life long
        stack.callback(group.remove)
    guard = await asyncio.to_thread(ProtectedGuard.taken, cwd, confine.protected_in(cwd))  # (git)
    stack.callback(running(guard))  # (swept before coord runs the user's programs)
    stack.push_async_callback(asyncio.to_thread, guard.restore)  # once it has stopped
    why = ""
    for _ in range(SETUP_ATTEMPTS):
        tried = AsyncExitStack()
        status = tried.enter_context(SetupStatus())
        try:
            sandbox = (confine, group, status)
            session = await _stdio_started(tried, config, cwd, sandbox, line_bound)
        except BaseException as exc:
            try:
                never = await _never_ran(exc, status, line_bound)
            finally:
                await tried.aclose()
            if not never:
                raise
            why = str(exc)
            continue
        await stack.enter_async_context(tried)  # closed (the server stopped) with the rest
        _GUARDS[session] = guard
        return session
    raise SetupFailed(f"{SETUP_FAILED}: {why}")


#: Seconds a confined server that failed to start has for its bwrap to end, before its
#: failure is taken for its own (:meth:`SetupStatus.never_started`).
_SETUP_WAIT = 2.0


async def _never_ran(
    exc: BaseException, status: SetupStatus, line_bound: bounded.LineBound
) -> bool:
    """Whether the confined server that failed to start (``exc``) never ran: its bwrap
    ended without starting it (:meth:`SetupStatus.never_started`), and not because coord
    killed it for a line past the bound (it ran: a killed bwrap never says the server
    ended). That kill may come while coord waits for bwrap's end (the server's reader goes
    on: its failure, a startup timeout, came first); its reason is set before it kills, so
    it is read again once bwrap's end was seen. A bwrap that a signal from outside coord
    ended (another process's, the out-of-memory killer's) ran the server too:
    ServerStartError naming the signal."""
    if not isinstance(exc, ServerStartError) or line_bound.reason is not None:
        return False
    ended = await asyncio.to_thread(status.never_started, _SETUP_WAIT)
    if not ended or line_bound.reason is not None:
        return False
    killed = await _killed_by(line_bound.process)
    if killed:
        raise ServerStartError(
            f"{exc}; it was killed by {killed} (a signal from outside coord: another "
            "process, or the out-of-memory killer), so it was not started again"
        ) from None
    return True


async def _killed_by(process: Process | None) -> str | None:
    """The signal that ended ``process`` (which has ended, or is about to: its bwrap's
    status pipe was seen to end), or None: it exited, or is not seen to end in time."""
    if process is None:
        return None
    try:
        code = await asyncio.wait_for(process.wait(), _SETUP_WAIT)
    except TimeoutError:
        return None
    if code >= 0:
        return None
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


async def _stdio_started(
    stack: AsyncExitStack,
    config: ServerConfig,
    cwd: Path,
    sandbox: tuple[Confiner, PidsGroup | None, SetupStatus] | None,
    line_bound: bounded.LineBound,
) -> ClientSession:
    """A stdio server started (in ``sandbox``: its confiner, cgroup and bwrap's status
    pipe; None: as the user) and initialized, on ``stack``."""
    confine, group, status = sandbox if sandbox is not None else (None, None, None)
    params = stdio_params(config, cwd, confine, group, status)
    errlog = bounded.StderrTail()
    stack.callback(errlog.file.close)  # (a spawn that failed left it open)
    fds = status.fds if status is not None else ()
    try:
        with bounded.watch(line_bound), bounded.passing(fds):
            read, write = await stack.enter_async_context(stdio_client(params, errlog=errlog.file))
    finally:
        if status is not None:
            status.started()
    errlog.started()
    try:
        return await _initialized(stack, (read, write), line_bound, errlog, config)
    except ServerStartError as exc:  # (coord set PYTHONSAFEPATH, the server did not)
        safe = SAFE_PATH in (params.env or {}) and SAFE_PATH not in config.env
        note = safe_path_note(str(exc), "server", _OPT_OUT) if safe else ""
        if note:
            raise ServerStartError(f"{exc} {note}") from None
        raise


#: How a server run as the user has coord's :data:`SAFE_PATH` left out.
_OPT_OUT = f'give it "{SAFE_PATH}": "" in its "env"'


async def _initialized(
    stack: AsyncExitStack,
    streams: tuple[Any, Any],
    line_bound: bounded.LineBound,
    errlog: bounded.StderrTail | None,
    config: ServerConfig,
) -> ClientSession:
    """The session over ``streams`` (read, write) of the server ``config``, on ``stack``,
    once it completed the MCP handshake; ServerStartError saying what the server printed,
    if anything."""
    session = await stack.enter_async_context(ClientSession(*streams))
    bounded.remember(session, line_bound)
    try:
        with anyio.fail_after(startup_timeout(config)):
            await session.initialize()
    except Exception as exc:  # say what the server printed, if anything
        if line_bound.reason:
            raise ServerStartError(line_bound.reason) from None
        tail = await asyncio.to_thread(errlog.last_line) if errlog is not None else ""
        raise ServerStartError(
            _describe(exc, starting=True, config=config) + (f"; it said: {tail}" if tail else "")
        ) from None
    return session


def _sandbox_for(config: ServerConfig, confine: Confine | None) -> Confine:
    """How the confined server ``config`` runs: ``confine``; ServerStartError when Bash
    cannot run sandboxed (None)."""
    if confine is None:
        raise ServerStartError(
            f"it {config.confined}, so it runs only in the Bash sandbox (--allow-bash, "
            "without --unsandboxed-bash)"
        )
    return confine


def stdio_params(
    config: ServerConfig,
    cwd: Path,
    confine: Confine | None,
    group: PidsGroup | None = None,
    status: SetupStatus | None = None,
) -> StdioServerParameters:
    """How a stdio server starts: as the user, or, confined, in the Bash sandbox (with the
    environment the SDK gives it either way), inside ``group`` (a root coord's limit of its
    processes), bwrap reporting to ``status`` (the caller passes its descriptor on:
    :func:`bounded.passing`); ServerStartError for a confined one when Bash cannot run
    sandboxed."""
    env = server_env(config.env, cwd)
    if not config.confined:  # its Pythons import nothing from the folder it runs in
        words = [config.command, *config.args]
        env |= safe_path(words, {**get_default_environment(), **env}, str(cwd))
        return StdioServerParameters(
            command=config.command, args=list(config.args), env=env, cwd=cwd
        )
    confine = _sandbox_for(config, confine)
    # its environment passes through bwrap's own (the SDK starts it with the allow-listed
    # one): no value of it (a token of the definition's env) shows on a command line
    try:  # (ToolError: a deny of the settings cannot be applied: it does not start)
        argv = confine("exec " + shlex.join([config.command, *config.args]), cwd, env, status)
    except ToolError as exc:
        raise ServerStartError(str(exc)) from None
    argv = group.argv(argv) if group is not None else argv
    return StdioServerParameters(command=argv[0], args=argv[1:], env=outside_env(env), cwd=cwd)


class ServerStartError(Exception):
    """A server started but did not complete the MCP handshake."""


class SetupFailed(ServerStartError):
    """A confined server's sandbox bwrap could not set up, at every attempt: it never ran."""


def server_env(configured: Mapping[str, str], workspace: Path) -> dict[str, str]:
    """A stdio server's extra environment: LANG/LC_ALL, CLAUDE_PROJECT_DIR, its own ``env``."""
    env = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
    env["CLAUDE_PROJECT_DIR"] = str(workspace)
    return {**env, **configured}


def result_text(result: mt.CallToolResult) -> str:
    """A tool result as the text the model sees."""
    parts: list[str] = []
    for block in result.content:
        if isinstance(block, mt.TextContent):
            parts.append(block.text)
        elif isinstance(block, mt.EmbeddedResource):
            resource = block.resource
            text = getattr(resource, "text", None)
            parts.append(text if isinstance(text, str) else f"[resource {resource.uri}]")
        elif isinstance(block, mt.ResourceLink):
            parts.append(f"[resource link {block.uri}]")
        else:
            parts.append(f"[{block.type} content: {getattr(block, 'mime_type', '')}]")
    if not parts and result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts) if parts else "(no output)"


def _describe(
    exc: BaseException,
    *,
    starting: bool = False,
    timeout: float | None = None,
    config: ServerConfig | None = None,
) -> str:
    """The innermost message of ``exc`` (task groups wrap failures in groups); ``starting``:
    raised while a server started, so a timeout was :func:`startup_timeout`'s, else
    :func:`call_timeout`'s (the SDK's own timeout of a request): ``timeout``, the server
    definition's own, when it sets one; ``config``: the server's (its settings' limits)."""
    exc = _innermost(exc)
    if isinstance(exc, ServerStartError):
        return str(exc)
    if starting and isinstance(exc, TimeoutError):
        return _no_answer(startup_timeout(config), STARTUP_TIMEOUT_VAR)
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, MCPError) and exc.code == mt.REQUEST_TIMEOUT and timeout is not None:
        return f"no answer in {timeout:g} s (its definition's timeout, in milliseconds)"
    if isinstance(exc, MCPError) and exc.code == mt.REQUEST_TIMEOUT:
        return _no_answer(call_timeout(config), CALL_TIMEOUT_VAR)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _answered(exc: BaseException) -> bool:
    """Whether the call reached a live server: it answered with an error, or was still at
    work when :func:`call_timeout` ran out. Such a call is not made again on a fresh server:
    the tool may have done its work, and a second wait would double a timeout. A closed
    connection (the server had exited) is not an answer."""
    exc = _innermost(exc)
    return isinstance(exc, MCPError) and exc.code != mt.CONNECTION_CLOSED


def _innermost(exc: BaseException) -> BaseException:
    """The failure a task group's exception groups wrap (the first, all the way down)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _no_answer(waited: float, variable: str) -> str:
    return f"no answer in {waited:g} s ({variable}=<milliseconds> waits longer)"
