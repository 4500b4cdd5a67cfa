"""The Messages API request body as JSON bytes, with an agent's fixed part encoded once.

An agent's calls differ only in their messages: the model, ``max_tokens``, the system
prompt (scrubbed, with its cache breakpoint), the tool schemas (the last with its
breakpoint) and the effort are the same on every call, and the tools alone are most of a
short conversation's bytes. :class:`BodyEncoder` keeps, per agent, the encoded text before
the messages and after them, and reuses it while every input it was built from is equal to
the call's: each call compares them (strings, and the tool schemas against a private deep
copy, so a caller that changes its list in place is still seen) and the secrets to scrub
(:func:`~coordinator.sanitize.secret_patterns`). Only the messages are scrubbed and
encoded on every call. The bytes parse to what :func:`build_params` returns
(``tests/test_sdk2_body.py``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coordinator.providers.base import JSON, ModelRequest
from coordinator.sanitize import safe_json, secret_patterns

#: As the SDK encodes a JSON body (``openapi_dumps``): UTF-8, compact, no NaN.
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
#: Agents whose fixed part is kept; past this the cache starts again.
MAX_AGENTS = 1024


@dataclass(frozen=True, slots=True)
class _Frame:
    """What an agent's fixed part was built from, and its encoded text."""

    model: str
    max_tokens: int
    system: str
    tools: list[JSON]  # a deep copy: the caller's list may change in place
    effort: str | None
    patterns: tuple[str, ...]
    head: bytes  # ``{"model":…,"max_tokens":…,"messages":``
    tail: bytes  # ``,"system":…,"tools":…,"output_config":…}``

    def fits(self, request: ModelRequest, patterns: tuple[str, ...]) -> bool:
        return (
            self.patterns == patterns
            and self.system == request.system
            and self.model == request.model
            and self.max_tokens == request.max_tokens
            and self.effort == request.effort
            and self.tools == request.tools
        )


#: Builds the arguments after the messages for a request, given the function that makes
#: text safe (``anthropic.static_params``).
StaticParams = Callable[[ModelRequest, Callable[[Any], Any]], JSON]


class BodyEncoder:
    """Encodes request bodies, keeping each agent's fixed part; see the module docstring."""

    def __init__(self, static_params: StaticParams) -> None:
        self._static_params = static_params
        self._frames: dict[str, _Frame] = {}

    def encode(self, request: ModelRequest, messages: list[JSON]) -> bytes:
        """The body of ``request`` with ``messages`` (already scrubbed, with their
        breakpoint) as its messages."""
        patterns = secret_patterns()
        frame = self._frames.get(request.agent)
        if frame is None or not frame.fits(request, patterns):
            frame = self._frame(request, patterns)
            if len(self._frames) >= MAX_AGENTS:
                self._frames.clear()
            self._frames[request.agent] = frame
        return b"".join((frame.head, ENCODER.encode(messages).encode(), frame.tail))

    def _frame(self, request: ModelRequest, patterns: tuple[str, ...]) -> _Frame:
        head = ENCODER.encode({"model": request.model, "max_tokens": request.max_tokens})
        tail = ENCODER.encode(self._static_params(request, safe_json))
        return _Frame(
            model=request.model,
            max_tokens=request.max_tokens,
            system=request.system,
            tools=copy.deepcopy(request.tools),
            effort=request.effort,
            patterns=patterns,
            head=(head[:-1] + ',"messages":').encode(),
            tail=("}" if tail == "{}" else "," + tail[1:]).encode(),
        )
