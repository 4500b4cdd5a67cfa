"""A step's ``event_log`` row as the SQLite store writes it: the compact JSON encoders, the
entries a transaction keeps pending (events, messages) and their scrubbed texts.

No SQL and no state here: :class:`~coordinator.store.transactions.Transactions` keeps the
pending entries and writes the row these functions build (see
:data:`~coordinator.store.schema.EVENTS_VIEW` and :mod:`~coordinator.store.conversation`).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from typing import Any

from coordinator.sanitize import (
    has_named_credential,
    has_stored_credential,
    has_url_password,
    named_credentials,
    safe_str,
    stored_field,
)

JSON = dict[str, Any]


def _not_json(value: object) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _compact_encoder(
    default: Callable[[Any], Any], *, finite: bool = False
) -> Callable[[Any], str]:
    """Compact JSON (UTF-8 text kept) by one C encoder built once: ``JSONEncoder.encode``
    builds a new one, and a circular-reference table, on every call (2.5x the cost of a
    small event's encoding). Rows hold parsed JSON and dataclass fields, never a cycle.
    ``finite``: a NaN or infinity raises ValueError (else written as ``NaN``/``Infinity``)."""
    standard = json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), default=default, allow_nan=not finite
    ).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    try:  # the C encoder's last arguments: sort_keys, skipkeys, allow_nan
        chunks = make(  # type: ignore[misc]
            None, default, json.encoder.encode_basestring, None, ":", ",", False, False, not finite
        )
    except TypeError:  # no C accelerator, or one whose private signature changed
        return standard
    text = json.encoder.encode_basestring

    def encode(value: Any) -> str:
        return text(value) if isinstance(value, str) else "".join(chunks(value, 0))

    return encode


_dumps = _compact_encoder(_not_json)
_dumps_any = _compact_encoder(str)
#: The same for a step's row: a float JSON cannot hold raises (SQLite's JSON functions
#: would refuse the array), so no scan of the text for ``NaN``/``Infinity`` is needed.
_finite_dumps = _compact_encoder(_not_json, finite=True)
_finite_dumps_any = _compact_encoder(str, finite=True)
#: The same encoders for the other backend (PostgreSQL keeps one JSON text per event).
dumps_any = _dumps_any
dumps = _dumps

#: the content as the message holds it (encoded when the step is written).
MessageEntry = tuple[int, int, str, Any]
_ROLES = frozenset({"user", "assistant"})
#: One event as kept until its transaction writes it: ``(run_id, kind, data, at)``, ``at``
#: in nanoseconds since the epoch.
Entry = tuple[int | None, str, JSON, int]
#: A session's pending events and messages in the open transaction.
Pending = tuple[list[Entry], list[MessageEntry]]


#: pydantic-core's JSON serializer once :func:`_rust_encoder` has imported it.
_to_json: Callable[..., bytes] | None = None


def _rust_encoder() -> Callable[..., bytes]:
    """pydantic-core's JSON serializer (imported at the first step written: no reader loads
    it). Compact, UTF-8 kept, the same escapes as ``json``'s; ~3x faster on a step's
    events than the C encoder, which builds a list of items and a string per key. Kept in
    a module global, not a ``functools.cache``: a cached call costs ~0.5 K instructions."""
    global _to_json
    if _to_json is None:
        from pydantic_core import to_json

        _to_json = to_json
    return _to_json


@functools.lru_cache(maxsize=8)
def _byte_patterns(patterns: tuple[str, ...]) -> tuple[bytes, ...]:
    """The secrets' UTF-8 forms: a valid text holds a secret exactly when its UTF-8 holds
    the secret's (a lone surrogate's bytes never occur in what the serializer writes)."""
    return tuple(p.encode("utf-8", "surrogatepass") for p in patterns)


def _clean_json(
    value: Any,
    patterns: tuple[str, ...],
    fallback: Any = None,
    *,
    nulls: bool = False,
    floats: bool = True,
) -> bytes | None:
    """``value`` as compact UTF-8 JSON when nothing in it needs the checked path: every
    float finite, no lone surrogate, no secret, no key-like text, no URL password (each is
    only possible, not certain, when None is returned; the checked path decides).
    ``fallback``: how a value of a type JSON has no form for is written (None: refused).
    ``nulls``: a NaN or an infinity is written null (what the checked path makes of one in
    an event), else the serializer writes ``NaN``/``Infinity`` and the text is refused.
    ``floats``: False when the caller knows no float value is in ``value``; then neither is
    looked for (a float key is written ``"nan"``, ``"inf"``, never as either)."""
    encode = _to_json or _rust_encoder()
    try:  # (no keywords where the defaults do: each costs the call ~0.3 K instructions)
        if nulls:
            data = encode(value, inf_nan_mode="null", fallback=fallback)
        else:
            data = encode(value) if fallback is None else encode(value, fallback=fallback)
    except (ValueError, TypeError):  # a lone surrogate, a type with no JSON form
        return None
    find = data.find  # (``in`` on bytes first tries the needle as an int, and fails)
    if floats and not nulls and (find(b"NaN") != -1 or find(b"Infinity") != -1):
        return None
    if find(b"sk-ant-") != -1:  # a key known by its shape
        return None
    # A URL's password is followed by "@" (which JSON never escapes): a text without one
    # has none, and a one-byte search costs a third of the three-byte one's.
    if find(b"@") != -1 and find(b"://") != -1 and has_url_password(data.decode()):
        return None
    if patterns:
        for pattern in _byte_patterns(patterns):
            if find(pattern) != -1:
                return None
    if named_credentials() and has_named_credential(data.decode()):
        return None  # a credential after its name (``password=pw``), whatever its length
    if has_stored_credential(data.decode()):
        return None  # a credential by its shape or name, or a piece of coord's own
    return data


def _step_row(
    sid: str, entries: list[Entry], said: list[MessageEntry], secrets: tuple[str, ...]
) -> tuple[tuple[Any, ...], list[MessageEntry]]:
    """A session's ``event_log`` row (parameters of :data:`INSERT_STEP`) and the messages
    that cannot ride in it (written to ``message_log``). Its texts are UTF-8 bytes when they
    took the fast path (:func:`_clean_json`; the statement stores them as text)."""
    events_text = _clean_json(entries, secrets, str, nulls=True) or _event_text(entries, secrets)
    if not said:
        return (safe_str(sid, secrets), len(entries), events_text, None, None), said
    text = _clean_messages(said, secrets)
    if text is None:
        return (safe_str(sid, secrets), len(entries), events_text, None, None), said
    run: int | None = said[0][0]
    for message in said:
        if message[0] != run:
            run = None
            break
    return (safe_str(sid, secrets), len(entries), events_text, run, text), []


def _clean_messages(messages: list[MessageEntry], secrets: tuple[str, ...]) -> bytes | str | None:
    """:func:`_message_text`, by the fast path when it can (:func:`_clean_json`)."""
    floats = False
    for message in messages:
        if message[2] not in _ROLES:
            return None
        if not floats:
            floats = _may_hold_float(message[3])
    # Without a float value in them the serializer writes no NaN or Infinity: none is
    # looked for.
    return _clean_json(messages, secrets, floats=floats) or _message_text(messages, secrets)


def _may_hold_float(content: Any) -> bool:
    """False when ``content`` is text, or a list of blocks whose values are all text (the
    usual message): no float value is in it. True for anything else (it may hold one)."""
    if type(content) is str:
        return False
    if type(content) is not list:
        return True
    for block in content:
        if type(block) is not dict:
            return True
        for value in block.values():
            if type(value) is not str:
                return True
    return False


def _message_text(messages: list[MessageEntry], secrets: tuple[str, ...]) -> str | None:
    """``messages`` as one JSON array of ``[run_id, idx, role, content]`` (one encoding),
    or None when it cannot be kept as is: the scrubber would change its text (a secret, a
    lone surrogate, a key-like text), a float JSON cannot hold is in it (NaN, infinity:
    SQLite's JSON functions refuse the array then), or a role the table would refuse."""
    try:
        text = _finite_dumps(messages)
    except ValueError:  # NaN or infinity
        return None
    if safe_str(text, secrets) is not text:
        return None
    for message in messages:
        if message[2] not in _ROLES:
            return None
    return text


def _event_text(entries: list[Entry], secrets: tuple[str, ...]) -> str:
    """``entries`` as one JSON array with no secret or unencodable text in it.

    Encoded and scrubbed as one text; in the rare case the scrubber changes something (a
    secret, a lone surrogate, a key-like text), or a float JSON cannot hold (NaN, infinity:
    SQLite's JSON functions refuse the array then) is there, the entries are scrubbed
    value by value and encoded again, so the array stays valid JSON whatever was replaced."""
    try:
        text = _finite_dumps_any(entries)
    except ValueError:  # NaN or infinity: made null below
        return _dumps_any(_safe_value(entries, secrets))
    if safe_str(text, secrets) is text:
        return text
    return _dumps_any(_safe_value(entries, secrets))


def _safe_value(value: Any, secrets: tuple[str, ...]) -> Any:
    """Parsed JSON (or event fields) with every string scrubbed and every non-finite float
    made null."""
    if isinstance(value, str):
        return safe_str(value, secrets)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {
            _safe_value(str(k), secrets): stored_field(str(k), v, secrets)
            if isinstance(v, str)
            else _safe_value(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_safe_value(v, secrets) for v in value]
    if value is None or isinstance(value, (int, bool)):
        return value
    return safe_str(str(value), secrets)  # as the encoder's ``default`` would write it
