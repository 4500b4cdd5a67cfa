"""An agent's regular expression (Grep's pattern, a glob Glob or Grep translated) matched in a
child process, under a deadline.

Python's ``re`` backtracks, and holds the GIL while it does: ``(a+)+$`` against forty ``a``
and a ``b``, or the glob ``*a*a*a*a*a*b`` against a long file name, runs for hours, and every
thread of coord stops with it (the event loop, the other agents, Ctrl-C's handler), however
the call is awaited. A child process runs the matches instead; this process waits for each
answer without the GIL, and at :data:`MATCH_SECONDS` the child is killed and the tool call
fails with a line the agent can act on.
"""

from __future__ import annotations

import marshal
import os
import re
import select
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

from coordinator.tools.base import ToolError

T = TypeVar("T")

#: How long one tool call's matches may take in all, in seconds.
MATCH_SECONDS = 30.0

#: The child: compiles the pattern, then answers each request (an operation and strings)
#: with one result per string, every message a length and a marshal'd value.
_CHILD = r"""
import marshal, re, struct, sys
inp, out = sys.stdin.buffer, sys.stdout.buffer
def get():
    head = inp.read(8)
    return marshal.loads(inp.read(struct.unpack("<Q", head)[0])) if len(head) == 8 else None
def lines(regex, text):
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if regex.search(line)]
source, flags = get()
regex = re.compile(source, flags)
while (request := get()) is not None:
    op, items = request
    if op == "lines":
        answer = [lines(regex, text) for text in items]
    else:
        answer = [getattr(regex, op)(text) is not None for text in items]
    data = marshal.dumps(answer)
    out.write(struct.pack("<Q", len(data)) + data)
    out.flush()
"""


class Matcher:
    """``regex`` matched in a child process (started at the first request) until the call's
    deadline; a context manager that ends the child. ``what`` names the pattern in errors."""

    def __init__(self, regex: re.Pattern[str], what: str) -> None:
        self.regex = regex
        self.what = what
        self.deadline = time.monotonic() + MATCH_SECONDS
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Matcher:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    stream.close()
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
        self._send(stdin, (op, items))
        answer = marshal.loads(self._read(stdout, struct.unpack("<Q", self._read(stdout, 8))[0]))
        if not isinstance(answer, list):
            raise ToolError(f"{self.what}: the matching process gave no answer")
        return answer

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        """The child's input and output, the child started (and given the pattern) first."""
        started = self.proc is None
        if self.proc is None:
            self.proc = subprocess.Popen(  # -I: no site, no user paths, not the working folder
                [sys.executable, "-I", "-S", "-c", _CHILD],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd="/",
            )
        stdin, stdout = self.proc.stdin, self.proc.stdout
        if stdin is None or stdout is None:
            raise RuntimeError("Popen gave no pipes though both were asked for")
        if started:
            self._send(stdin, (self.regex.pattern, self.regex.flags))
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
            f"{self.what} took over {MATCH_SECONDS:g} s to match and was stopped: it "
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
