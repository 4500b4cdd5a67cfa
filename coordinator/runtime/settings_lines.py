"""The line of each entry of a settings file's lists (:func:`entry_lines`), so a permission
rule's refusal names ``file:line`` as well as the rule as written (audit105), and of each
hook of its ``hooks`` (:func:`hook_lines`), so a hook's block does too (audit106). The text is
read a second time by :mod:`json`'s pure-Python scanner, whose string values are noted with
where they start; the mapping coord acts on is still :func:`json.loads`'s.
"""

from __future__ import annotations

import json
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
    read once for them all (the pure-Python scanner: ~0.2 ms for a 2 KB file)."""
    found = _block(text, block)
    if text is None or found is None:
        return {}
    return {
        key: [
            (e.text, text.count("\n", 0, e.at) + 1) if isinstance(e, _Spot) else ("", 0)
            for e in entries
        ]
        for key, entries in found.items()
        if isinstance(entries, list)
    }


def _block(text: str | None, block: str, *, bare: bool = False) -> dict[str, Any] | None:
    """The mapping ``block`` of the settings file ``text``, its string values
    :class:`_Spot` (``bare``: the whole file when it has no ``block``, as a plugin's hooks
    file may be); None when there is none or the text cannot be read again."""
    if text is None:
        return None
    try:
        data: Any = _SpotDecoder().decode(text)
    except (ValueError, RecursionError):
        return None
    found = data.get(block) if isinstance(data, dict) else None
    if found is None and bare:
        found = data
    return found if isinstance(found, dict) else None


#: The field whose line names a hook, in order: what it runs, else its kind.
_HANDLERS = ("command", "url", "prompt", "tool", "server", "type")


def hook_lines(text: str | None) -> dict[str, list[list[int]]]:
    """By event of the ``hooks`` of the settings (or plugin hooks) file ``text`` (a plugin's
    hooks file without that wrapper: its events), for each of its matcher groups, the line
    of each hook (from 1): the line of what it runs (its ``command``, ``url``, ``prompt``,
    MCP ``tool``), else of its ``type``; 0 when none is text. None of it when the text is
    None or cannot be read again."""
    found = _block(text, "hooks", bare=True)
    if text is None or found is None:
        return {}

    def line(entry: object) -> int:
        spots = entry if isinstance(entry, dict) else {}
        for key in _HANDLERS:
            spot = spots.get(key)
            if isinstance(spot, _Spot):
                return text.count("\n", 0, spot.at) + 1
        return 0

    return {
        event: [
            [line(h) for h in group["hooks"]]
            if isinstance(group, dict) and isinstance(group.get("hooks"), list)
            else []
            for group in (groups if isinstance(groups, list) else [groups])
        ]
        for event, groups in found.items()
    }
