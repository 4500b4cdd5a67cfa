"""A loopback fake of the Anthropic Messages API for tests and benchmarks.

A threaded HTTP/1.1 server on 127.0.0.1 (ephemeral port, TCP_NODELAY on every accepted
socket). Queue replies with :meth:`FakeMessagesServer.reply`, or install a ``handler``;
every request is recorded with its headers and JSON body.

    with FakeMessagesServer() as server:
        server.reply(message(text="hi"))
        client = AsyncAnthropic(api_key="k", base_url=server.base_url)
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

JSON = dict[str, Any]


@dataclass
class Reply:
    """One HTTP response the fake server sends."""

    status: int = 200
    body: JSON = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: Send only this many bytes of the body (its full length announced), then reset the
    #: connection: a reply cut off mid-body. None: the whole body.
    cut: int | None = None


@dataclass
class Recorded:
    """One request the fake server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: JSON
    at: float


_counter = iter(range(1, 1 << 62))


def message(
    text: str | None = None,
    *,
    tool_calls: list[tuple[str, JSON]] | None = None,
    stop_reason: str | None = None,
    usage: JSON | None = None,
    model: str = "claude-test",
) -> Reply:
    """A 200 Messages API reply with a text block and/or tool_use blocks."""
    n = next(_counter)
    content: list[JSON] = []
    if text is not None:
        content.append({"type": "text", "text": text})
    for i, (name, args) in enumerate(tool_calls or []):
        content.append(
            {"type": "tool_use", "id": f"toolu_fake_{n}_{i}", "name": name, "input": args}
        )
    body = {
        "id": f"msg_fake_{n}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason or ("tool_use" if tool_calls else "end_turn"),
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5, **(usage or {})},
    }
    return Reply(200, body, {"request-id": f"req_fake_{n}"})


def error(status: int, kind: str, text: str, headers: dict[str, str] | None = None) -> Reply:
    """An API error reply (``{"type": "error", "error": {...}}``)."""
    body = {"type": "error", "error": {"type": kind, "message": text}}
    return Reply(status, body, {"request-id": f"req_err_{next(_counter)}", **(headers or {})})


def refused_by_api(body: JSON) -> Reply | None:
    """The 400 the real Messages API answers a request whose messages it refuses, as it
    words it: a message with no content but a final assistant one, an empty or
    whitespace-only text block anywhere (a tool result's content too), or a final
    assistant message whose text ends in whitespace (the fake checks only these; None:
    none of them)."""
    messages = body.get("messages") or []
    for i, msg in enumerate(messages):
        content = msg.get("content")
        final_assistant = i == len(messages) - 1 and msg.get("role") == "assistant"
        if not content and not final_assistant:
            return _invalid(
                f"messages.{i}: all messages must have non-empty content except for the "
                "optional final assistant message"
            )
        blocks = content if isinstance(content, list) else [{"type": "text", "text": content}]
        refused = _blank_text(blocks, f"messages.{i}.content")
        if refused is not None:
            return refused
        last = blocks[-1] if blocks else {}
        text = last.get("text") if last.get("type") == "text" else None
        if final_assistant and isinstance(text, str) and text != text.rstrip():
            return _invalid("messages: final assistant content cannot end with trailing whitespace")
    return None


def _blank_text(blocks: list[JSON], where: str) -> Reply | None:
    """The 400 for the first empty or whitespace-only text block of ``blocks``, those in a
    tool result's content list included (review127's words of the API)."""
    for j, block in enumerate(blocks):
        inner = block.get("content") if block.get("type") == "tool_result" else None
        if isinstance(inner, list):
            refused = _blank_text(inner, f"{where}.{j}.content")
            if refused is not None:
                return refused
        if block.get("type") != "text":
            continue
        if not block.get("text"):
            return _invalid(f"{where}.{j}.text: text content blocks must be non-empty")
        if not block["text"].strip():
            return _invalid("messages: text content blocks must contain non-whitespace text")
    return None


def _invalid(text: str) -> Reply:
    return error(400, "invalid_request_error", text)


class QuietServer(ThreadingHTTPServer):
    """A test's loopback server that says nothing when a client left before its answer
    (a coord process the test killed or that gave up): its handler thread may still be
    writing after the test, and socketserver's report would land in whatever the process's
    stderr is then (another test's ``coord``, run in-process, fails on it). Other errors
    are reported as usual."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class _Server(QuietServer):
    fake: FakeMessagesServer

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, addr


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        rec = Recorded(
            "POST",
            self.path,
            {k.lower(): v for k, v in self.headers.items()},
            body,
            time.monotonic(),
        )
        reply = self.server.fake._next(rec)
        if reply.delay:
            time.sleep(reply.delay)
        data = json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if reply.cut is not None:
            self.wfile.write(data[: reply.cut])
            self.wfile.flush()
            # SO_LINGER 0: the close sends a TCP reset, as a dropped connection does
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        self.wfile.write(data)


class FakeMessagesServer:
    """The fake server: ``reply()`` queues responses, ``requests`` records what came in."""

    def __init__(self, handler: Callable[[Recorded], Reply] | None = None, *, strict: bool = False):
        self.handler = handler
        #: Answer what the real API refuses as it does (:func:`refused_by_api`).
        self.strict = strict
        self.requests: list[Recorded] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply(self, *replies: Reply) -> None:
        """Queue replies, served in order (after which ``handler``, else a 400)."""
        with self._lock:
            self._queue.extend(replies)

    def _next(self, rec: Recorded) -> Reply:
        with self._lock:
            self.requests.append(rec)
            refused = refused_by_api(rec.body) if self.strict else None
            if refused is not None:
                return refused
            if self._queue:
                return self._queue.popleft()
        if self.handler is not None:
            return self.handler(rec)
        return error(400, "invalid_request_error", "fake server: no reply queued")

    def start(self) -> FakeMessagesServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeMessagesServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
