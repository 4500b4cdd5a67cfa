"""One pass over a plainly written report: the seed's format, read without the general grammar.

Most final messages are written exactly as the seed asks::

    ✅ One-line summary

    **Changes:**
    - item

    **Files:** app/main.py, app/models.py

    **Status:** Blocked
    **Domain:** Database
    **Blocker:** ...
    **Required:** ...

:func:`plain_values` reads such a text in one scan over its lines, building the fields
directly, and returns None as soon as a line steps outside this narrow shape (indentation,
tabs, code fences, quotes, headings, numbered lists, a label after prose, a repeated label,
a line that might be a label, a JSON object, a line introducing what follows:
``labels.introduces``).
The general parser (:mod:`protocols.parse`) then reads the text. Inside the shape the general
parser's choices are fixed (one draft, the agent's own; no field takes a continuation line),
so both make the same values; ``tests/test_hop2_plain_parser.py`` compares them on every
dev, hard and canonical case and on the fuzz corpus.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final, Literal

from protocols.files import FileItem, group_heading, read_item
from protocols.labels import (
    _APOSTROPHES,
    _FENCE,
    _FIRST_WORD,
    _FIRST_WORDS,
    _INLINE,
    FieldName,
    Line,
    find_label,
    introduces,
    label_key,
    starts_with_symbol,
    strip_symbols,
)
from protocols.report import Status, is_none
from protocols.values import change_item, clean_inline, strip_quotes, summary_status


@dataclass
class Values:
    """Raw field values with the line each came from, before validation."""

    status: tuple[str, int]
    summary: tuple[str, int] = ("", 0)
    said: Status | None = None
    """The status the summary line declares by its symbol or opening word, if any."""
    changes: tuple[list[str], int] = ([], 0)
    files: tuple[list[FileItem], int] = ([], 0)
    domain: tuple[str, int] | None = None
    blocker: tuple[str, int] | None = None
    required: tuple[str, int] | None = None


#: ``**Label:** value`` or ``- **Label:** value`` (the colon inside the bold markup).
_LABEL: Final = re.compile(r"(- )?\*\*([^*:\uff1a]{1,46})[:\uff1a]\*\*(?:\s(.*))?")
#: Where a prose line may not start: markup, lists, headings, fences, quotes, tags, JSON.
_NOT_PROSE: Final = frozenset("-*+_#`~<>{[|0123456789\u2022\u2023\u25aa\u25e6")
#: What may start a further inline label in a value (``Status: Blocked, Domain: x``).
_INLINE_HINT: Final = re.compile(r"[,;|\u00b7]|\*\*|__")
_LISTS: Final = frozenset({"changes", "files"})


def _may_be_label(text: str) -> bool:
    """Whether ``text`` starts with a word some label starts with."""
    first = _FIRST_WORD.match(strip_symbols(text))
    return first is not None and first.group(1).lower().translate(_APOSTROPHES) in _FIRST_WORDS


def _labelled(text: str, bullet: bool) -> bool:
    """Whether the general grammar reads a label on this line (``Task: x`` is one, ``Task
    list done`` is not): asked only of lines that start with a label's first word."""
    return _may_be_label(text) and find_label(Line(0, 0, text, bullet=bullet)) is not None


@functools.lru_cache(maxsize=1024)
def _field(name: str) -> FieldName | None:
    """The field a bold label names, when the general grammar reads it as that label."""
    field = label_key("**" + name)
    return field if field is not None and _may_be_label(name) else None


def _label(body: str) -> tuple[FieldName, str] | Literal[False] | None:
    """A label line's field and inline value; None when ``body`` is no label line;
    False when it is one this scan does not read."""
    match = _LABEL.fullmatch(body)
    if match is None:
        return None
    value = (match.group(3) or "").strip()
    field = _field(match.group(2))
    if field is None or not (value or field in _LISTS):
        return False
    if _INLINE_HINT.search(value) is not None and _INLINE.search(value) is not None:
        return False
    return field, value


def _bullet(body: str) -> str | None:
    """A plain ``- item`` line's text, or None when the line is anything else."""
    if not body.startswith("- ") or _FENCE.match(body):
        return None
    text = body[2:].strip()
    if not text or text[0] in "-*+" or _labelled(text, bullet=True):
        return None
    return text


def _prose(body: str) -> bool:
    """Whether ``body`` is a plain prose line (a summary candidate)."""
    if body[0] in _NOT_PROSE or body[0].isdigit() or _labelled(body, bullet=False):
        return False
    return not introduces(body)


@dataclass
class _Scan:
    """The fields read so far: inline values, list items, prose before the first label."""

    inline: dict[FieldName, tuple[str, int]]
    items: dict[FieldName, list[str]]
    prose: list[tuple[str, int]]
    first_label: int = 0

    def summary(self) -> tuple[str, int]:
        """The summary line as written, picked as the general parser picks it (label, else
        emoji or adjacent line)."""
        if "summary" in self.inline:
            return self.inline["summary"]
        for text, no in reversed(self.prose):
            if starts_with_symbol(text):
                return text, no
        if self.prose and self.first_label - self.prose[-1][1] <= 2:
            return self.prose[-1]
        return "", 0

    def values(self) -> Values | None:
        f = self.inline
        if "status" not in f:
            return None
        summary, no = self.summary()
        values = Values(f["status"], (clean_inline(summary), no), summary_status(summary))
        if "changes" in f:
            inline, no = f["changes"]
            items = [inline] if inline and not is_none(inline) else []
            items += self.items.get("changes", [])
            keep = [change_item(i) for i in items if i.strip("*_`~ ") and not is_none(i)]
            values.changes = (keep, no)
        if "files" in f:
            values.files = (self._files(), f["files"][1])
        values.domain = f.get("domain")
        for name in ("blocker", "required"):
            if name in f:
                text, no = f[name]
                setattr(values, name, (strip_quotes(text), no))
        return values

    def _files(self) -> list[FileItem]:
        inline = self.inline["files"][0]
        found = read_item(inline) if inline and group_heading(inline) is None else []
        for text in self.items.get("files", []):
            found += read_item(text)
        return found


def plain_values(text: str) -> Values | None:
    """The raw values of a plainly written report, or None when the text needs the general
    parser (anything outside the shape described in this module)."""
    if "\r" in text or "\t" in text or '"""' in text or "'''" in text:
        return None
    scan = _Scan({}, {}, [])
    current: FieldName | None = None
    for no, raw in enumerate(text.split("\n"), 1):
        if not raw or raw.isspace():
            continue
        if raw[0].isspace():
            return None
        body = raw.rstrip()
        label = _label(body) if body[0] in "*-" else None
        if label is False:
            return None
        if label is not None:
            current, value = label
            if current in scan.inline:
                return None
            scan.inline[current] = (value, no)
            scan.first_label = scan.first_label or no
        elif current in _LISTS:
            item = _bullet(body)
            if item is None or (current == "files" and group_heading(item) is not None):
                return None
            scan.items.setdefault(current, []).append(item)
        elif current is not None or scan.first_label or not _prose(body):
            return None
        else:
            scan.prose.append((body, no))
    return scan.values()
