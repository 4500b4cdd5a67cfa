"""Reports written as a JSON object (bare, or in a ```json fence) instead of Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
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


def find_json_report(text: str, skip: Callable[[int], bool] | None = None) -> JsonReport | None:
    """The last JSON object in ``text`` that carries a status, or None.

    ``skip(line)`` refuses an object starting on ``line`` (one in a code block or a quote).
    The objects are tried from the last line up, so a text with a report at its end decodes
    one object, not every one before it.
    """
    decoder = _DECODER
    for match in reversed(list(_OBJECT_START.finditer(text))):
        start = match.end() - 1
        try:
            obj, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):  # not JSON, or nested past Python's limit
            continue
        if isinstance(obj, dict):
            fields = _fields(obj)
            line = text.count("\n", 0, start) + 1
            if fields is not None and not (skip is not None and skip(line)):
                return JsonReport(fields, line, line + text.count("\n", start, end))
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
