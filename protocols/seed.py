"""A report written exactly in the seed's shape, read by one regular expression.

Most final messages are the seed's template filled in::

    ✅ One-line summary

    **Changes:**
    - item

    **Files:** app/main.py, app/models.py

    **Status:** Blocked
    **Domain:** Database
    **Blocker:** ...
    **Required:** ...

:func:`seed_report` matches such a text with one compiled pattern: an optional summary line,
then the labels in this order (each a synonym of its field in a common spelling, each at
most once, only Status required), single spaces, values of plain characters, bullets only
under Changes and Files, paths only plain (``app/main.py, app/x.py`` or one backticked path).
It builds the report from the captured groups with the checks the validation would make
folded into the pattern (no ``[``: no placeholder, checkbox or link; no template text) or
into a few tests of the captured values, and no intermediate records.

It returns None whenever the text steps outside that shape or the report would be refused:
the caller then reads the text with :func:`protocols.plain.plain_values` or the general
grammar, which make the same report, and the located error messages. Inside the shape every
step of that reading is known (one draft; the summary is the line before the first label;
each value passes through the same normalisation), so the values are built directly;
``tests/test_parser3_seed.py`` compares both readings on every dev, hard and canonical case,
on the fuzz corpus and on generated texts.
"""

from __future__ import annotations

import functools
import re
from typing import Final, Literal

from protocols.domains import ambiguity, canonical_domain
from protocols.labels import (
    _APOSTROPHES,
    _FIRST_WORD,
    _FIRST_WORDS,
    _INLINE,
    FieldName,
    Line,
    find_label,
    strip_symbols,
)
from protocols.plain import _INLINE_HINT, _NOT_PROSE, _field
from protocols.report import _NONE_WORDS, AgentReport, Status, domain_of, is_none, report_of
from protocols.values import ValueProblem, clean_inline, read_status, strip_quotes, unwrap

#: The labels the pattern takes: each field's English and Ukrainian name (the others, and
#: the other synonyms, are read by :mod:`protocols.plain`: a short pattern compiles fast).
_NAMES: Final[dict[FieldName, tuple[str, ...]]] = {
    "changes": ("changes", "зміни"),
    "files": ("files", "файли"),
    "status": ("status", "статус"),
    "domain": ("domain", "домен"),
    "blocker": ("blocker", "блокер"),
    "required": ("required", "потрібно"),
}


def _labels(field: FieldName) -> str:
    """``**Label:**`` (or ``- **Label:**``) for ``field``'s names written in lower case,
    capitalised or in capitals, each as the one-pass reader takes it (as that field)."""
    names = {
        variant
        for name in _NAMES[field]
        for variant in (name, name.capitalize(), name.upper())
        if _field(variant) == field
    }
    return rf"(?:- )?\*\*(?:{'|'.join(sorted(names, reverse=True))}):\*\*"


#: Where a value may not start: with a ``[`` (a placeholder, a checkbox) or the seed's template
#: text (``Key change 1``, ``path/to/file.py``) after markup, quotes or symbols. Written without
#: IGNORECASE (a case-blind search is slow) but matching at least what it matches.
_NOT_TEMPLATE: Final = r"(?![\W_]*(?:\[|[kK\u212a][eE][yY] [cC]|[pP][aA][tT][hH]/[tT][oO]/[fF]))"
#: A value: non-space characters, words apart by one space (no tab, no other whitespace).
_VALUE: Final = r"\S+(?: \S+)*"
_TEXT: Final = _NOT_TEMPLATE + _VALUE
#: A prose line that may be the summary: not a list, heading, quote, fence, tag, JSON, digit.
_SUMMARY: Final = _NOT_TEMPLATE + r"[^\s\-*+_#`~<>{\[|0-9]\S*(?: \S+)*"
#: A bullet's text under Changes: not a nested bullet, a rule or a bold label.
_ITEM: Final = _NOT_TEMPLATE + r"[^\s\-*+_]\S*(?: \S+)*"
#: A plain path: word characters and ``./+@-``, starting with a letter, digit, ``.``, ``/``
#: or ``@``, ending with a letter or digit (nothing to unwrap, trim or read as a range).
_PATH: Final = _NOT_TEMPLATE + r"(?:[^\W_]|[./@])[\w./+@-]*(?<![\W_])"
_PATHS: Final = rf"{_PATH}(?:, {_PATH})*"

_SEED: Final = re.compile(
    rf"(?:(?P<summary>{_SUMMARY})\n\n?)?"
    + rf"(?:{_labels('changes')}(?: (?P<changes>{_TEXT}))?\n"
    + rf"(?P<change_items>(?:- {_ITEM}\n)*)\n*)?"
    + rf"(?:{_labels('files')}(?: (?P<files>{_PATHS}))?\n"
    + rf"(?P<file_items>(?:- (?:{_PATHS}|`{_PATH}`)\n)*)\n*)?"
    + rf"{_labels('status')} (?P<status>{_VALUE})(?:\n+|\Z)"
    + rf"(?:{_labels('domain')} (?P<domain>{_VALUE})(?:\n+|\Z))?"
    + rf"(?:{_labels('blocker')} (?P<blocker>{_TEXT})(?:\n+|\Z))?"
    + rf"(?:{_labels('required')} (?P<required>{_TEXT})(?:\n+|\Z))?"
)
#: A bullet's text and its first word (the words labels start with are looked at closer).
_BULLET_WORD: Final = re.compile(r"^- ([\W_]*([^\W\d_]+).*)$", re.MULTILINE)
_QUOTE_LEFT: Final = frozenset("\"'\u201c\u00ab\u2018\u201e`")


def _summary(line: str) -> str | None:
    """The summary the line gives (as ``clean_inline``), or None when it is no prose line."""
    first = line[0]
    if first in _NOT_PROSE or first.isdigit() or line.rstrip("*_ ").endswith((":", "\uff1a")):
        return None
    core = strip_symbols(line)
    word = _FIRST_WORD.match(core)
    if (
        word is not None
        and word.group(1).lower().translate(_APOSTROPHES) in _FIRST_WORDS
        and find_label(Line(0, 0, line)) is not None
    ):
        return None
    if core[:1] in ("*", "_"):
        core = unwrap(core)
    return strip_quotes(core) if core[:1] in _QUOTE_LEFT else core


def _labelled(block: str) -> bool:
    """Whether a bullet in ``block`` reads as a label (``- Status: done``)."""
    for hit in _BULLET_WORD.finditer(block):
        word = hit.group(2).lower().translate(_APOSTROPHES)
        if word in _FIRST_WORDS and find_label(Line(0, 0, hit.group(1), bullet=True)):
            return True
    return False


def _paths(text: str) -> list[str]:
    """The paths of a plain list (``a.py, b.py``) or of one backticked path, "none" dropped.

    For a :data:`_PATH` ``p`` (no markup, ending with a letter or a digit), ``is_none(p)``
    is exactly ``p.lstrip(".").lower() in _NONE_WORDS``."""
    parts = [text[1:-1]] if text[0] == "`" else text.split(", ")
    return [p for p in parts if p.lstrip(".").lower() not in _NONE_WORDS]


@functools.lru_cache(maxsize=256)
def _domain(value: str, blocked: bool) -> str | Literal[False] | None:
    """The report's domain for a Domain line's value, as the validation makes it; False
    when the validation refuses it. Cached: reports name the same few domains."""
    if is_none(value):
        return False if blocked else None
    if ambiguity(value) is not None:
        # A finished report naming no one domain has none; "a | b" is an unfilled template.
        return False if blocked or "|" in value else None
    cleaned = clean_inline(value)
    if not " ".join(cleaned.split()):
        return False
    return domain_of(canonical_domain(cleaned))


def _text(value: str | None) -> str | None:
    """A Blocker or Required value as the report keeps it (quotes unwrapped; "none" → None)."""
    if value is None:
        return None
    if value[0] in _QUOTE_LEFT:
        value = strip_quotes(value)
    return None if is_none(value) or not value else value


def seed_report(text: str) -> AgentReport | None:
    """The report of a text written exactly in the seed's shape; None for any other text
    (and for a report the validation refuses): read it with the general parser then."""
    match = _SEED.fullmatch(text)
    if match is None or '"""' in text or "'''" in text:  # docstrings: the general grammar
        return None
    summary, changes, change_items, files, file_items, status, domain, blocker, required = (
        match.groups()
    )
    for value in (changes, status, domain, blocker, required):
        if value is not None and _INLINE_HINT.search(value) and _INLINE.search(value):
            return None  # another label inside the value (``Blocked, Domain: x``)
    if (change_items and _labelled(change_items)) or (file_items and _labelled(file_items)):
        return None
    try:
        state = read_status(status)
    except ValueProblem:
        return None
    blocked = state is Status.BLOCKED
    found = _domain(domain, blocked) if domain is not None else (False if blocked else None)
    required = _text(required)
    if found is False or (blocked and required is None):
        return None
    shown = "" if summary is None else _summary(summary)
    if shown is None:
        return None
    items = [changes] if changes is not None and not is_none(changes) else []
    if change_items:
        items += change_items[2:-1].split("\n- ")
    paths = _paths(files) if files is not None else []
    if file_items:
        for item in file_items[2:-1].split("\n- "):
            paths += _paths(item)
    return report_of(
        {
            "summary": shown,
            "changes": [i for i in items if i.strip("*_`~ ") and not is_none(i)],
            "files": list(dict.fromkeys(paths)),
            "file_lines": {},
            "file_groups": {},
            "status": state,
            "domain": found,
            "blocker": _text(blocker),
            "required": required,
            "raw": text,
        }
    )
