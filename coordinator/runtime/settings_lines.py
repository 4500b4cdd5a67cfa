"""The line of each entry of a settings file's lists (:func:`entry_lines`), so a permission
rule's refusal names ``file:line`` as well as the rule as written (audit105). The text is
read a second time by :mod:`json`'s pure-Python scanner, whose string values are noted with
where they start; the mapping coord acts on is still :func:`json.loads`'s.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]  # (typeshed omits it)
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any, NamedTuple


class _Spot(NamedTuple):
    """A string value of the file and the offset of its opening quote."""

    text: str
    at: int


class _SpotDecoder(json.JSONDecoder):
    """A decoder whose string values are :class:`_Spot` (object keys stay strings)."""

    def __init__(self) -> None:
        super().__init__()
        self.parse_string = _spot
        self.scan_once = py_make_scanner(self)


def _spot(text: str, end: int, strict: bool = True) -> tuple[_Spot, int]:
    """The string value whose opening quote is just before ``end``, noted where it starts."""
    value, after = scanstring(text, end, strict)
    return _Spot(str(value), end - 1), int(after)


def entry_lines(text: str | None, block: str) -> dict[str, list[tuple[str, int]]]:
    """By key, each entry of the lists in ``block`` (``permissions``: its ``deny``, ``ask``,
    ``allow``) of the settings file ``text``, with its line (from 1; a string entry's only,
    another kind's is 0): none when the text is None or cannot be read again. The file is
    read once for them all (the pure-Python scanner: ~0.2 ms for a 2 KB file), and each
    entry's line found among the line ends, noted once (:func:`_line_of`: counted from the
    start for each entry, a settings file of 32,000 rules took 5 s, one of 512,000 about
    20 minutes, a file a cloned repository or a command of a run above may hold,
    redteam105)."""
    if text is None:
        return {}
    try:
        data: Any = _SpotDecoder().decode(text)
    except (ValueError, RecursionError):
        return {}
    found = data.get(block) if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return {}
    ends = list(accumulate(len(line) + 1 for line in text.split("\n")))
    return {
        key: [(e.text, _line_of(ends, e.at)) if isinstance(e, _Spot) else ("", 0) for e in entries]
        for key, entries in found.items()
        if isinstance(entries, list)
    }


def _line_of(ends: list[int], at: int) -> int:
    """The line (from 1) of the offset ``at`` of a text whose lines end before ``ends``
    (each line's end offset, its line break counted)."""
    return bisect_right(ends, at) + 1
