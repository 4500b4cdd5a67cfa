"""The Messages API request body as JSON bytes, encoding only what changed since the last call.

An agent's calls differ only in their messages: the model, ``max_tokens``, the system
prompt (scrubbed, with its cache breakpoint), the tool schemas (the last with its
breakpoint) and the effort are the same on every call, and the tools alone are most of a
short conversation's bytes. A conversation only grows: every message but the last was sent
before, without a breakpoint. :class:`BodyEncoder` keeps

* per agent, the encoded text before the messages and after them, reused while every input
  it was built from is equal to the call's: strings, the tool schemas against a private
  copy (so a list changed in place is still seen), and the secrets to scrub
  (:func:`~coordinator.sanitize.secret_patterns`);
* per conversation (the caller's message list), each earlier message made safe and encoded,
  reused while the safe copy still equals the caller's message (so a message changed in
  place, or one that scrubbing changed, is made safe and encoded again) and the secrets are
  the same. Only new messages and the last one (which carries the breakpoint) are scrubbed
  and encoded; the rest is joined.

The bytes parse to what :func:`~coordinator.providers.anthropic.build_params` returns
(``tests/test_sdk2_body.py``). Both caches are bounded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from coordinator.providers.base import JSON, ModelRequest
from coordinator.sanitize import safe_json, secret_patterns

#: As the SDK encodes a JSON body (``openapi_dumps``): UTF-8, compact, no NaN.
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
EPHEMERAL: JSON = {"type": "ephemeral"}
#: Block types that may carry a cache breakpoint.
_CACHEABLE = frozenset({"text", "image", "document", "tool_use", "tool_result"})
#: Agents whose fixed part is kept, conversations whose messages are kept, and the bytes
#: those messages may hold; past any of them that cache starts again.
MAX_AGENTS = 1024
MAX_CONVERSATIONS = 256
MAX_MESSAGE_BYTES = 32 << 20
#: What a message with nothing the API would take is sent as (an assistant's: a reply the
#: model left empty; a user's: an empty answer or prompt).
NO_REPLY = "(no reply)"
EMPTY = "(empty)"


def static_params(request: ModelRequest) -> JSON:
    """The arguments after the messages, the same on every call of an agent: the system
    prompt (made safe), the tools, the effort (:class:`BodyEncoder` encodes them once)."""
    params: JSON = {}
    if request.system:
        system = safe_json(request.system)
        params["system"] = [{"type": "text", "text": system, "cache_control": EPHEMERAL}]
    if request.tools:
        tools = [_without_cache(t) for t in request.tools]
        tools[-1] = {**tools[-1], "cache_control": EPHEMERAL}
        params["tools"] = tools
    if request.effort is not None:  # the agent's ``effort:``, for models that take it
        params["output_config"] = {"effort": request.effort}
    return params


@dataclass(frozen=True, slots=True)
class _Frame:
    """What an agent's fixed part was built from, and its encoded text."""

    model: str
    max_tokens: int
    system: str
    tools: list[JSON]  # a copy (``_snapshot``): the caller's list may change in place
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


@dataclass(slots=True)
class _Said:
    """One earlier message: made safe (a copy) and encoded without a breakpoint."""

    safe: JSON
    encoded: bytes


@dataclass(slots=True)
class _Conversation:
    messages: list[JSON]  # the caller's list: keeps its id from being reused meanwhile
    patterns: tuple[str, ...]
    said: list[_Said] = field(default_factory=list)


class BodyEncoder:
    """Encodes request bodies, keeping what earlier calls encoded; see the module docstring."""

    def __init__(self) -> None:
        self._frames: dict[str, _Frame] = {}
        self._conversations: dict[int, _Conversation] = {}
        self._bytes = 0

    def encode(self, request: ModelRequest) -> bytes:
        """The body ``build_params(request)`` describes, as compact UTF-8 JSON."""
        patterns = secret_patterns()
        frame = self._frames.get(request.agent)
        if frame is None or not frame.fits(request, patterns):
            frame = _frame(request, patterns)
            if len(self._frames) >= MAX_AGENTS:
                self._frames.clear()
            self._frames[request.agent] = frame
        messages = self._messages(request.messages, patterns)
        return b"".join((frame.head, messages, frame.tail))

    def _messages(self, messages: list[JSON], patterns: tuple[str, ...]) -> bytes:
        if not messages:
            return b"[]"
        earlier = len(messages) - 1
        said = self._conversation(messages, patterns).said if earlier else []
        # What is new or changed, made safe in one pass, the last message always.
        stale = [i for i in range(earlier) if i >= len(said) or said[i].safe != messages[i]]
        fresh = sendable_messages(safe_json([messages[i] for i in stale] + [messages[-1]]))
        for i, safe in zip(stale, fresh, strict=False):
            entry = _Said(safe, ENCODER.encode(_strip_message_cache(safe)).encode())
            if i < len(said):
                self._bytes -= len(said[i].encoded)
                said[i] = entry
            else:
                said.append(entry)
            self._bytes += len(entry.encoded)
        last = with_message_breakpoint([fresh[-1]])[0]
        parts = [s.encoded for s in said[:earlier]]
        parts.append(ENCODER.encode(last).encode())
        if self._bytes > MAX_MESSAGE_BYTES:
            self._conversations.clear()
            self._bytes = 0
        return b"[" + b",".join(parts) + b"]"

    def _conversation(self, messages: list[JSON], patterns: tuple[str, ...]) -> _Conversation:
        found = self._conversations.get(id(messages))
        if found is not None and found.messages is messages and found.patterns == patterns:
            return found
        if found is not None:
            self._bytes -= sum(len(s.encoded) for s in found.said)
        if len(self._conversations) >= MAX_CONVERSATIONS or self._bytes > MAX_MESSAGE_BYTES:
            self._conversations.clear()
            self._bytes = 0
        found = self._conversations[id(messages)] = _Conversation(messages, patterns)
        return found


def _frame(request: ModelRequest, patterns: tuple[str, ...]) -> _Frame:
    head = ENCODER.encode({"model": request.model, "max_tokens": request.max_tokens})
    tail = ENCODER.encode(static_params(request))
    return _Frame(
        model=request.model,
        max_tokens=request.max_tokens,
        system=request.system,
        tools=_snapshot(request.tools),
        effort=request.effort,
        patterns=patterns,
        head=(head[:-1] + ',"messages":').encode(),
        tail=("}" if tail == "{}" else "," + tail[1:]).encode(),
    )


def _snapshot(value: Any) -> Any:
    """A copy of parsed JSON's containers (its strings and numbers shared, so comparing the
    copy with the original stops at each shared object), for less than half of what
    ``copy.deepcopy`` costs."""
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snapshot(v) for v in value]
    return value


def blank(block: JSON) -> bool:
    """Whether ``block`` is a text block the API refuses: empty or whitespace only
    (400 ``text content blocks must contain non-whitespace text``)."""
    if block.get("type") != "text":
        return False
    text = block.get("text")
    return not isinstance(text, str) or not text.strip()


def sendable_messages(messages: list[JSON]) -> list[JSON]:
    """``messages`` (the last the conversation's last) as the API takes them back: each
    :func:`sendable_message`, and a final assistant message (a ``pause_turn``'s, sent back
    for the model to go on) without whitespace at its end, which the API refuses there
    (400 ``final assistant content cannot end with trailing whitespace``)."""
    out = [sendable_message(m) for m in messages]
    if out and out[-1].get("role") == "assistant":
        out[-1] = _trimmed(out[-1])
    return out


def sendable_message(message: JSON) -> JSON:
    """``message`` as the API takes it back (a copy when changed): its blank text blocks
    (:func:`blank`) dropped, those inside a ``tool_result``'s content too, and no content
    at all sent as :data:`NO_REPLY` (an assistant's) or :data:`EMPTY` (a tool result's
    too). The API refuses an earlier message with empty content, or a blank text block
    anywhere: one stored so (a reply before provider108 mended it at storing, a fork's, a
    consult's answer, an empty person answer, a tool's blank block) would fail every later
    call of its run."""
    content = message.get("content")
    if isinstance(content, str):
        if content.strip():
            return message
    elif not isinstance(content, list) or (content and not any(map(_unsendable, content))):
        return message
    kept = (
        [_sendable_block(b) for b in content if not blank(b)] if isinstance(content, list) else []
    )
    if not kept:
        text = NO_REPLY if message.get("role") == "assistant" else EMPTY
        kept = [{"type": "text", "text": text}]
    return {**message, "content": kept}


def _unsendable(block: JSON) -> bool:
    """Whether ``block`` is blank, or a tool result whose content holds a blank block."""
    if blank(block):
        return True
    inner = block.get("content") if block.get("type") == "tool_result" else None
    return isinstance(inner, list) and any(map(blank, inner))


def _sendable_block(block: JSON) -> JSON:
    """``block``, a tool result's without its content's blank text blocks (a copy)."""
    inner = block.get("content") if block.get("type") == "tool_result" else None
    if not isinstance(inner, list) or not any(map(blank, inner)):
        return block
    kept = [b for b in inner if not blank(b)] or [{"type": "text", "text": EMPTY}]
    return {**block, "content": kept}


def _trimmed(message: JSON) -> JSON:
    """``message`` without the whitespace ending its last block's text (a copy if any)."""
    content = message.get("content")
    if isinstance(content, str):
        return {**message, "content": content.rstrip()} if content != content.rstrip() else message
    if not isinstance(content, list) or not content or content[-1].get("type") != "text":
        return message
    last = content[-1]
    text = last.get("text")
    if not isinstance(text, str) or text == text.rstrip():
        return message
    return {**message, "content": [*content[:-1], {**last, "text": text.rstrip()}]}


def _without_cache(block: JSON) -> JSON:
    if "cache_control" not in block:
        return block
    return {k: v for k, v in block.items() if k != "cache_control"}


def with_message_breakpoint(messages: list[JSON]) -> list[JSON]:
    """A copy of ``messages`` whose last cacheable block carries the only breakpoint."""
    out = [_strip_message_cache(m) for m in messages]
    if not out:
        return out
    last = dict(out[-1])
    content = last.get("content")
    if isinstance(content, str):
        if content:
            last["content"] = [{"type": "text", "text": content, "cache_control": EPHEMERAL}]
    elif isinstance(content, list):
        blocks = list(content)
        for i in range(len(blocks) - 1, -1, -1):
            block = blocks[i]
            if _cacheable(block):
                blocks[i] = {**block, "cache_control": EPHEMERAL}
                break
        last["content"] = blocks
    out[-1] = last
    return out


def _cacheable(block: object) -> bool:
    if not isinstance(block, dict) or block.get("type") not in _CACHEABLE:
        return False
    return not (block.get("type") == "text" and not block.get("text"))


def _strip_message_cache(message: JSON) -> JSON:
    content = message.get("content")
    if not isinstance(content, list) or not any(
        isinstance(b, dict) and "cache_control" in b for b in content
    ):
        return message
    blocks = [_without_cache(b) if isinstance(b, dict) else b for b in content]
    return {**message, "content": blocks}
