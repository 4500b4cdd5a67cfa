"""An agent's regular expression (Grep's pattern, a glob Glob or Grep translated) matched in a
child process, under a deadline.

Python's ``re`` backtracks, and holds the GIL while it does: ``(a+)+$`` against forty ``a``
and a ``b``, or the glob ``*a*a*a*a*a*b`` against a long file name, runs for hours, and every
thread of coord stops with it (the event loop, the other agents, Ctrl-C's handler), however
the call is awaited. A child process runs the matches instead; this process waits for each
answer without the GIL, and at :data:`MATCH_SECONDS` the child is killed and the tool call
fails with a line the agent can act on.

Starting that child cost ~13 ms a call (an interpreter's start): a child that answered its
call in time is kept for the next one (:data:`KEPT_CHILDREN` at most, idle), given its
pattern with each request; one killed at the deadline, or whose exchange failed, is not.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

from coordinator.tools.base import ToolError

T = TypeVar("T")

#: How long one tool call's matches may take in all, in seconds.
MATCH_SECONDS = 30.0

#: Idle children kept for later calls, at most.
KEPT_CHILDREN = 2

#: The child: answers each request (a pattern, its flags, an operation and strings) with one
#: result per string, every message a length and a marshal'd value (``re`` keeps the
#: patterns it compiled).
_CHILD = r"""
import marshal, re, struct, sys
inp, out = sys.stdin.buffer, sys.stdout.buffer
def get():
    head = inp.read(8)
    return marshal.loads(inp.read(struct.unpack("<Q", head)[0])) if len(head) == 8 else None
def lines(regex, text):
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if regex.search(line)]
while (request := get()) is not None:
    source, flags, op, items = request
    regex = re.compile(source, flags)
    if op == "lines":
        answer = [lines(regex, text) for text in items]
    else:
        answer = [getattr(regex, op)(text) is not None for text in items]
    data = marshal.dumps(answer)
    out.write(struct.pack("<Q", len(data)) + data)
    out.flush()
"""

Child = subprocess.Popen[bytes]
#: Idle children, and the process they are this one's children of (a fork has none).
_IDLE: list[Child] = []
_IDLE_OWNER = [os.getpid()]
_IDLE_LOCK = threading.Lock()


def _taken() -> Child:
    """An idle child, or a new one."""
    with _IDLE_LOCK:
        if _IDLE_OWNER[0] != os.getpid():  # a fork: the children are its parent's
            _IDLE.clear()
            _IDLE_OWNER[0] = os.getpid()
        while _IDLE:
            child = _IDLE.pop()
            if child.poll() is None:
                return child
            _ended(child)
    return subprocess.Popen(  # -I: no site, no user paths, not the working folder
        [sys.executable, "-I", "-S", "-c", _CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd="/",
    )


def _given_back(child: Child) -> None:
    """Keep ``child`` (its exchanges all answered) for a later call, or end it."""
    with _IDLE_LOCK:
        if len(_IDLE) < KEPT_CHILDREN and _IDLE_OWNER[0] == os.getpid():
            _IDLE.append(child)
            return
    _ended(child)


def _ended(child: Child) -> None:
    child.kill()
    child.wait()
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()


@atexit.register
def _end_idle() -> None:
    with _IDLE_LOCK:
        children = list(_IDLE) if _IDLE_OWNER[0] == os.getpid() else []
        _IDLE.clear()
    for child in children:
        _ended(child)


class Matcher:
    """``regex`` matched in a child process (taken at the first request: a kept one, or
    started) until the call's deadline; a context manager that gives the child back when
    each of its exchanges was answered, and ends it otherwise. ``what`` names the pattern
    in errors; ``seconds``: the deadline, from now (None: :data:`MATCH_SECONDS`)."""

    def __init__(self, regex: re.Pattern[str], what: str, seconds: float | None = None) -> None:
        self.regex = regex
        self.what = what
        self.seconds = MATCH_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds
        self.proc: Child | None = None
        self._answered = True

    def __enter__(self) -> Matcher:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            (_given_back if self._answered else _ended)(self.proc)
            self.proc = None

    def match(self, items: list[str]) -> list[bool]:
        """Whether the pattern matches at the start of each of ``items``."""
        return list(self._ask("match", items))

    def search(self, items: list[str]) -> list[bool]:
        """Whether the pattern matches anywhere in each of ``items``."""
        return list(self._ask("search", items))

    def lines(self, texts: list[str]) -> list[list[tuple[int, str]]]:
        """The lines of each of ``texts`` the pattern matches, with their numbers (from 1)."""
        return [[(int(n), str(line)) for n, line in hits] for hits in self._ask("lines", texts)]

    def _ask(self, op: str, items: list[str]) -> list[Any]:
        if not items:
            return []
        stdin, stdout = self._pipes()
        self._answered = False  # (until its answer is read whole)
        self._send(stdin, (self.regex.pattern, self.regex.flags, op, items))
        answer = marshal.loads(self._read(stdout, struct.unpack("<Q", self._read(stdout, 8))[0]))
        if not isinstance(answer, list):
            raise ToolError(f"{self.what}: the matching process gave no answer")
        self._answered = True
        return answer

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        """The child's input and output, the child taken first."""
        if self.proc is None:
            self.proc = _taken()
        stdin, stdout = self.proc.stdin, self.proc.stdout
        if stdin is None or stdout is None:
            raise RuntimeError("Popen gave no pipes though both were asked for")
        return stdin, stdout

    def _send(self, stdin: IO[bytes], value: tuple[Any, ...]) -> None:
        data = marshal.dumps(value)
        try:
            stdin.write(struct.pack("<Q", len(data)) + data)
            stdin.flush()
        except OSError:
            raise ToolError(f"{self.what}: the matching process ended") from None

    def _read(self, stdout: IO[bytes], size: int) -> bytes:
        """``size`` bytes of the child's answer, waited for until the deadline."""
        fd, data = stdout.fileno(), b""
        while len(data) < size:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise ToolError(self._too_slow())
            chunk = os.read(fd, size - len(data))
            if not chunk:
                raise ToolError(f"{self.what}: the matching process ended")
            data += chunk
        return data

    def _too_slow(self) -> str:
        return (
            f"{self.what} took over {self.seconds:g} s to match and was stopped: it "
            "backtracks catastrophically (a repeated group that can match the same text in "
            "many ways, such as (a+)+ or (a|aa)*, or many wildcards in a row); simplify it"
        )


def kept(
    matcher: Matcher, items: Iterable[T], key: Callable[[T], str], chunk: int = 512
) -> Iterator[T]:
    """The ``items`` whose ``key`` the pattern matches (at its start), asked in chunks."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == chunk:
            yield from _matching(matcher, batch, key)
            batch = []
    yield from _matching(matcher, batch, key)


def _matching(matcher: Matcher, batch: list[T], key: Callable[[T], str]) -> list[T]:
    answers = matcher.match([key(item) for item in batch])
    return [item for item, hit in zip(batch, answers, strict=True) if hit]
