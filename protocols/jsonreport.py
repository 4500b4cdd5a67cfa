"""Reports written as a JSON object (bare, or in a ```json fence) instead of Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

# The pure-Python parts of the standard decoder (public names, missing from typeshed).
from json.decoder import JSONArray, JSONObject  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any, Final

from protocols.labels import FieldName, label_key

_DECODER: Final = json.JSONDecoder()
#: A line opening an object with a key (a report has a status key): ``{"``, ``> {``.
_OBJECT_START: Final = re.compile(r"^[ \t>]*\{(?=\s*\")", re.MULTILINE)


@dataclass(frozen=True)
class JsonReport:
    """The fields of a JSON report, keyed by canonical field name, and where it starts."""

    fields: dict[FieldName, Any]
    line: int
    end_line: int


def _field_of(key: str) -> FieldName | None:
    return label_key(key.replace("_", " ").replace("-", " "))


def _fields(obj: dict[str, Any], depth: int = 0) -> dict[FieldName, Any] | None:
    """The report fields of ``obj`` (or of the first nested object holding a status)."""
    fields: dict[FieldName, Any] = {}
    for key, value in obj.items():
        name = _field_of(str(key))
        if name is not None and name not in fields:
            fields[name] = value
    if "status" in fields:
        return fields
    if depth < 2:
        for value in obj.values():
            if isinstance(value, dict):
                nested = _fields(value, depth + 1)
                if nested is not None:
                    return nested
    return None


class _Failed(ValueError):
    """A value that failed to decode before (no line count: ``JSONDecodeError`` counts
    the newlines up to its position, which is linear in the text each time)."""


class _Remembering(json.JSONDecoder):
    """A decoder that remembers where an object or array failed to decode and fails there
    at once the next time: decoding a value is context-free, so a text of many starts
    nesting each other (``{"a": [1,`` on every line) is decoded once, not once a start."""

    def __init__(self, failed: set[int]) -> None:
        super().__init__()
        self.failed = failed
        self.parse_object = self._object
        self.parse_array = self._array
        self.scan_once = py_make_scanner(self)

    def _object(self, s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        return self._remember(JSONObject, s_and_end, *args)

    def _array(self, s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        return self._remember(JSONArray, s_and_end, *args)

    def _remember(
        self, parse: Callable[..., tuple[Any, int]], s_and_end: tuple[str, int], *args: Any
    ) -> tuple[Any, int]:
        if s_and_end[1] in self.failed:
            raise _Failed(s_and_end[1])
        try:
            return parse(s_and_end, *args)
        except (ValueError, StopIteration):  # not a recursion error: that one depends on depth
            self.failed.add(s_and_end[1])
            raise


def _decode(
    text: str, start: int, below: tuple[int, int], failed: set[int]
) -> tuple[Any, int] | None:
    """The JSON value at ``start``, decoded in C up to ``cut``, the line of the next object
    start below (its brace at ``brace``, already tried); past it only when it ran into that
    line and that object decoded (a value nesting a failed one fails too); None if it is
    not JSON."""
    cut, brace = below
    if cut < len(text):
        segment = text[start:cut]  # short: a hostile text is not decoded to its end each time
        try:
            obj, end = _DECODER.raw_decode(segment)
            return obj, start + end
        except RecursionError:
            failed.add(start + 1)
            return None
        except ValueError as exc:
            ran_on = getattr(exc, "pos", 0) >= len(segment.rstrip())
            if not ran_on or brace + 1 in failed:
                failed.add(start + 1)
                return None
    try:
        decoder = _DECODER if not failed else _Remembering(failed)
        return decoder.raw_decode(text, start)
    except (ValueError, RecursionError):  # not JSON, or nested past Python's limit
        failed.add(start + 1)  # nested deeper under another start, it fails as well
        return None


def find_json_report(text: str, skip: Callable[[int], bool] | None = None) -> JsonReport | None:
    """The last JSON object in ``text`` that carries a status, or None.

    ``skip(line)`` refuses an object starting on ``line`` (one in a code block or a quote).
    The objects are tried from the last line up, so a text with a report at its end decodes
    one object, not every one before it; each is decoded up to the next one's line first,
    and where a value failed is remembered (linear time on hostile text).
    """
    failed: set[int] = set()  # where an object's inside starts, for each one that failed
    below = (len(text), len(text))
    counted = (len(text), text.count("\n") + 1)  # a position and its line, counted upward
    for match in reversed(list(_OBJECT_START.finditer(text))):
        start = match.end() - 1
        decoded = _decode(text, start, below, failed)
        below = (match.start(), start)
        fields = _fields(decoded[0]) if decoded and isinstance(decoded[0], dict) else None
        if fields is None or decoded is None:
            continue
        line = counted[1] - text.count("\n", start, counted[0])
        counted = (start, line)
        if not (skip is not None and skip(line)):
            return JsonReport(fields, line, line + text.count("\n", start, decoded[1]))
    return None


def as_items(value: Any) -> list[str]:
    """A JSON list or string as a list of item strings (``None`` -> ``[]``)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def as_text(value: Any) -> str | None:
    """A JSON string, or a list of strings as bullet lines."""
    if value is None:
        return None
    if isinstance(value, list):
        items = [str(v) for v in value if v is not None]
        return items[0] if len(items) == 1 else "\n".join(f"- {v}" for v in items)
    return str(value)
