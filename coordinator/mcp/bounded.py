"""A bound on the lines a stdio MCP server sends, and on the answers and events an HTTP
one sends (imports the ``mcp`` SDK).

The SDK's stdio client gathers a server's output until a newline, however long: a broken or
hostile server that writes without one (a 64 MB "line", or an endless one) grows coord's
memory until the host runs out. :func:`install` wraps the process the SDK starts (its
spawn function, once), so that reading its output counts the bytes since the last newline;
past :data:`MAX_LINE_BYTES` the server's process group is killed and its output ends
there: the session sees its connection closed, and :func:`closed_reason` says why, naming
the server (:func:`watch`, around the SDK's ``stdio_client``, says which server it is).
An HTTP server's answer (a JSON body is one message, read whole by the SDK) or event (of
an event stream) is bounded alike by :func:`http_client`'s: past the bound its body fails
and the call fails, naming the server.
The same wrapper passes a confined server's bwrap the status pipe it reports to
(:func:`passing`): the SDK's spawn passes no descriptor but stdio.
"""

from __future__ import annotations

import os
import signal
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2
import mcp.client.stdio as sdk_stdio
from anyio.abc import ByteReceiveStream, ByteSendStream, Process
from mcp.shared._httpx_utils import create_mcp_http_client

from coordinator.sanitize import safe_cut
from coordinator.tools.programs import kill_group

#: The longest line (one JSON-RPC message) a stdio server may send: room for a large tool
#: result (a file, a base64 image), not for one that never ends.
MAX_LINE_BYTES = 16 * 1024 * 1024


@dataclass
class LineBound:
    """One connection's bound: the ``server``'s name, the ``limit`` in bytes, and, once
    the server sent a longer line and was stopped, ``reason``."""

    server: str
    limit: int = MAX_LINE_BYTES
    reason: str | None = None
    #: An HTTP server's (:func:`http_client`): a reason is said once.
    http: bool = False
    #: A stdio server's process, once started (a confined one's: its bwrap).
    process: Process | None = None

    def exceeded(self) -> str:
        """Record, and return, why the connection ended."""
        self.reason = (
            f"it sent a line (one message) of more than {_size(self.limit)} without a "
            "newline, and was stopped"
        )
        return self.reason

    def answer_exceeded(self) -> str:
        """Record, and return, why an HTTP server's answer was cut."""
        self.reason = (
            f"it sent an answer (one message) of more than {_size(self.limit)}, which was "
            "cut there and dropped"
        )
        return self.reason


def _size(limit: int) -> str:
    return f"{limit // (1 << 20)} MB" if limit >= 1 << 20 else f"{limit} bytes"


_CURRENT: ContextVar[LineBound | None] = ContextVar("coord_mcp_line_bound", default=None)
_PASSED: ContextVar[tuple[int, ...]] = ContextVar("coord_mcp_passed_fds", default=())
#: Each session's bound, for :func:`closed_reason` (a session gone takes it along).
_BOUNDS: weakref.WeakKeyDictionary[object, LineBound] = weakref.WeakKeyDictionary()


@contextmanager
def watch(bound: LineBound) -> Iterator[None]:
    """Apply ``bound`` to the stdio server the SDK starts in this block."""
    token = _CURRENT.set(bound)
    try:
        yield
    finally:
        _CURRENT.reset(token)


@contextmanager
def passing(fds: tuple[int, ...]) -> Iterator[None]:
    """Pass the descriptors ``fds`` on to the stdio server the SDK starts in this block (a
    confined one's bwrap reports to :class:`~coordinator.tools.sandbox.SetupStatus`'s);
    none: the SDK's own spawn, which passes none."""
    token = _PASSED.set(fds)
    try:
        yield
    finally:
        _PASSED.reset(token)


def remember(session: object, bound: LineBound) -> None:
    """Keep ``bound`` as ``session``'s, for :func:`closed_reason`."""
    _BOUNDS[session] = bound


def closed_reason(session: object | None) -> str | None:
    """Why ``session``'s server was stopped (a line over its bound), or its last answer cut
    (an HTTP one's: said once, the connection goes on), naming it; or None."""
    bound = _BOUNDS.get(session) if session is not None else None
    if bound is None or bound.reason is None:
        return None
    reason = bound.reason
    if bound.http:
        bound.reason = None
    return f"MCP server '{bound.server}' failed: {reason}"


class AnswerTooLarge(httpx2.StreamError):
    """An HTTP server's answer or event over its bound (what the SDK takes for a broken
    stream: the call it answered fails)."""


class _BoundedBody(httpx2.AsyncByteStream):
    """An HTTP answer's body that fails past the bound: the whole body of a JSON answer,
    the bytes since the last blank line (an event's end) of an event stream."""

    def __init__(self, inner: Any, bound: LineBound, events: bool) -> None:
        self._inner, self._bound, self._events = inner, bound, events

    async def __aiter__(self) -> Any:
        run, tail = 0, b""
        async for chunk in self._inner:
            ended = -1
            if self._events:
                window = tail + chunk
                ended = max(window.rfind(b"\n\n"), window.rfind(b"\r\n\r\n"))
                tail = window[-3:]
                run = len(window) - ended if ended >= 0 else run + len(chunk)
            else:
                run += len(chunk)
            if run > self._bound.limit:
                raise AnswerTooLarge(self._bound.answer_exceeded())
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


def http_client(
    bound: LineBound,
    headers: dict[str, str] | None = None,
    timeout: httpx2.Timeout | None = None,
    auth: httpx2.Auth | None = None,
) -> httpx2.AsyncClient:
    """The SDK's HTTP client for a server (:func:`create_mcp_http_client`), each answer's
    body bounded by ``bound`` (a response hook: proxies or not, every answer passes it)."""
    bound.http = True
    client = create_mcp_http_client(headers=headers, timeout=timeout, auth=auth)

    async def bounded(response: httpx2.Response) -> None:
        kind = response.headers.get("content-type", "").lower()
        response.stream = _BoundedBody(response.stream, bound, kind.startswith("text/event"))

    hooks = client.event_hooks
    client.event_hooks = {**hooks, "response": [*hooks.get("response", []), bounded]}
    return client


#: How much of a stdio server's stderr is kept: its last bytes, for the line it said last.
STDERR_KEPT = 4096


class StderrTail:
    """Where a stdio server's stderr goes: a pipe read to its end by a thread that keeps
    only the last :data:`STDERR_KEPT` bytes (a file there grew with all the server wrote:
    one an agent could have written filled the host's disk). :attr:`file` is what the
    SDK's ``errlog`` gets; :meth:`started` closes coord's copy once the server has it."""

    def __init__(self) -> None:
        read_end, write_end = os.pipe()
        self.file = os.fdopen(write_end, "w")
        self._kept = b""
        self._cut = False  # (bytes were dropped before what is kept)
        self._reader = threading.Thread(target=self._drain, args=(read_end,), daemon=True)
        self._reader.start()

    def _drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb", buffering=0) as pipe:
            while chunk := pipe.read(1 << 16):
                kept = self._kept + chunk
                self._cut = self._cut or len(kept) > STDERR_KEPT
                self._kept = kept[-STDERR_KEPT:]

    def started(self) -> None:
        """The server has its copy of the pipe: close coord's, so that its end is the end."""
        self.file.close()

    def last_line(self, wait: float = 0.5) -> str:
        """The last line the server wrote on stderr (waiting at most ``wait`` seconds for
        the pipe's end: a server that failed has exited, or is about to), scrubbed before
        it is cut to 300 characters; none of a line whose start was dropped (it may begin
        with a secret's end, which no scrub recognises)."""
        self._reader.join(wait)
        kept = self._kept.partition(b"\n")[2] if self._cut else self._kept
        text = kept.decode("utf-8", errors="replace")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return safe_cut(lines[-1], 300) if lines else ""


class _BoundedOutput(ByteReceiveStream):
    """A server's stdout that ends (its process group killed) at a line over the bound,
    and that hands on whole lines only: a line's bytes are held here (appended in place)
    until its newline comes, because the SDK's reader joins its partial line to every
    chunk it receives (a copy of all of it each time: a 16 MB line read 64 KB at a time
    cost seconds of CPU, a large tool result alike)."""

    def __init__(self, inner: ByteReceiveStream, bound: LineBound, pid: int):
        self._inner, self._bound, self._pid = inner, bound, pid
        self._held = bytearray()  # the bytes since the last newline
        self._over = False

    async def receive(self, max_bytes: int = 65536) -> bytes:
        """Every byte read up to the last newline (whole lines: perhaps more than
        ``max_bytes``); at the end of the output, what is left of a last line."""
        if self._over:
            raise anyio.EndOfStream
        held = self._held
        while True:
            try:
                data = await self._inner.receive(max_bytes)
            except anyio.EndOfStream:
                if not held:
                    raise
                rest = bytes(held)
                held.clear()
                return rest
            newline = data.rfind(b"\n")
            if newline >= 0:
                held += data[: newline + 1]
                lines = bytes(held)
                held[:] = data[newline + 1 :]
                return lines
            held += data
            if len(held) > self._bound.limit:
                self._over = True
                held.clear()
                self._bound.exceeded()
                kill_group(self._pid, signal.SIGKILL)
                raise anyio.EndOfStream

    async def aclose(self) -> None:
        await self._inner.aclose()


class _BoundedProcess(Process):
    """The SDK's server process, its stdout bounded (:class:`_BoundedOutput`); the rest
    passed through (attributes too: the SDK closes the transport it finds there)."""

    def __init__(self, inner: Process, bound: LineBound):
        self._inner = inner
        out = inner.stdout
        self._stdout = None if out is None else _BoundedOutput(out, bound, inner.pid)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def wait(self) -> int:
        return await self._inner.wait()

    def terminate(self) -> None:
        self._inner.terminate()

    def kill(self) -> None:
        self._inner.kill()

    def send_signal(self, sig: signal.Signals) -> None:
        self._inner.send_signal(sig)

    @property
    def pid(self) -> int:
        return self._inner.pid

    @property
    def returncode(self) -> int | None:
        return self._inner.returncode

    @property
    def stdin(self) -> ByteSendStream | None:
        return self._inner.stdin

    @property
    def stdout(self) -> ByteReceiveStream | None:
        return self._stdout

    @property
    def stderr(self) -> ByteReceiveStream | None:
        return self._inner.stderr


Spawn = Callable[..., Awaitable[Any]]


def _bounded(spawn: Spawn) -> Spawn:
    async def spawned(*args: Any, **kwargs: Any) -> Any:
        fds = _PASSED.get()
        process = await (_spawn_passing(fds, *args, **kwargs) if fds else spawn(*args, **kwargs))
        bound = _CURRENT.get() or LineBound("(unnamed)")
        if not isinstance(process, Process):
            return process
        bound.process = process
        return _BoundedProcess(process, bound)

    spawned.coord_bounded = True  # type: ignore[attr-defined]
    return spawned


async def _spawn_passing(
    fds: tuple[int, ...],
    command: str,
    args: list[str],
    env: dict[str, str] | None = None,
    errlog: Any = None,
    cwd: Any = None,
) -> Process:
    """The SDK's spawn of a stdio server on POSIX (a session of its own, stdin and stdout
    pipes, stderr to ``errlog``), passing ``fds`` on too (:func:`passing`)."""
    return await anyio.open_process(
        [command, *args], env=env, stderr=errlog, cwd=cwd, start_new_session=True, pass_fds=fds
    )


#: The SDK's function that starts a stdio server (private: an SDK that renamed it leaves
#: lines unbounded, and ``tests/security/test_trust31.py``'s flooding server fails).
SPAWN = "_create_platform_compatible_process"


def install() -> None:
    """Wrap the SDK's spawn of a stdio server (once) so that its lines are bounded."""
    spawn = getattr(sdk_stdio, SPAWN, None)
    if spawn is not None and not getattr(spawn, "coord_bounded", False):
        setattr(sdk_stdio, SPAWN, _bounded(spawn))
