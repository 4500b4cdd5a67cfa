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
The checks the one-pass reader and the validation make are folded into the pattern as
lookaheads at each value (no label inside a value, no label word first in a change, no
"none" word where it would be dropped, no ``[`` or template text where a placeholder is
refused): each is written to match at least what the check it stands for matches, so a
value the pattern takes passes that check, and one it leaves goes to the one-pass reader.
Each lookahead first lets through, at one character's cost, a value starting with a letter
the check cannot match. The checks that are rare or costly to spell as a pattern (a path
or a Blocker that might say "none", a file bullet or a summary starting with a label word)
are asked in Python, after the same one-letter test. The report is built from the captured
groups, with no intermediate records: a seed report takes three to five Python calls.

Every part of the pattern is possessive: a text has one reading, so a text that does not
match is given up in one pass (linear time, also on adversarial input).

It returns None whenever the text steps outside that shape or the report would be refused:
the caller then reads the text with :func:`protocols.plain.plain_values` or the general
grammar, which make the same report, and the located error messages. Inside the shape every
step of that reading is known (one draft; the summary is the line before the first label;
each value passes through the same normalisation), so the values are built directly;
``tests/test_parser3_seed.py`` compares both readings on every dev, hard and canonical case,
on the fuzz corpus and on generated texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Final, Literal

from protocols.domains import ambiguity, canonical_domain
from protocols.labels import (
    _APOSTROPHES,
    _FIRST_WORD,
    _FIRST_WORDS,
    FRAME_BARS,
    FieldName,
    Line,
    find_label,
    introduces,
    strip_symbols,
)
from protocols.plain import _NOT_PROSE, _field
from protocols.report import (
    _NONE_WORDS,
    BLOCKED,
    COMPLETE,
    NEEDS_REVIEW,
    AgentReport,
    Status,
    domain_of,
    is_none,
    report_of,
    says_undetermined,
)
from protocols.values import (
    _TEMPLATE_TEXT,
    BLOCKED_MARKS,
    CAUTIOUS_HEADS,
    ValueProblem,
    asks_more,
    clean_inline,
    read_status,
    strip_quotes,
    summary_status,
    unwrap,
    written_domain,
)

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


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


#: Letters whose lower case is another letter than their own pair's (``K``, the Kelvin sign).
_FOLDED: Final = {"k": "\u212a"}


def _either_case(char: str) -> str:
    """``char`` in every spelling whose lower case it is (``[kK\u212a]``): what IGNORECASE
    would match, without its slow comparisons."""
    spellings = sorted({char, char.upper(), char.lower(), *_FOLDED.get(char, "")})
    spellings = [s for s in spellings if len(s) == 1]
    if len(spellings) == 1:
        return re.escape(char)
    return "[" + "".join(re.escape(s) for s in spellings) + "]"


def _trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` in either case, their common prefixes shared
    (``[bB][lL][oO][cC][kK](?:[eE][dD]|...|)``): a word is given up at its first letters."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def alternation(node: dict[str, Any]) -> str:
        branches = [_either_case(c) + alternation(node[c]) for c in sorted(node) if c]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return alternation(tree)


# The lookaheads. Case-blind parts stand for ``str.lower()`` comparisons: IGNORECASE matches
# every spelling whose lower case is the word (and a few more, which only cost a fallback).

#: No ``[`` (a placeholder, a checkbox) and no template text (``Key change 1``,
#: ``path/to/file.py``) where a value starts after markup, quotes or symbols; spelled out
#: without IGNORECASE (slow), with every letter it matches (the Kelvin sign for k). A value
#: starting with another ASCII letter or a digit passes at once.
_SAFE_START: Final = "[0-9A-JLMOQ-Za-jlmoq-z]"
_NO_TEMPLATE_TEXT: Final = (
    r"(?![\W_]*?(?:\[|[kK\u212a][eE][yY] [cC]|[pP][aA][tT][hH]/[tT][oO]/[fF]))"
)
_NOT_TEMPLATE: Final = rf"(?:(?={_SAFE_START})|{_NO_TEMPLATE_TEXT})"
#: No other label inside a value (``Blocked, Domain: x``, ``Blocked **Domain:** x``): every
#: such label follows ``,;|·`` or ``**``/``__`` and ends with a colon. A value without a colon
#: passes at once.
_NOT_LABELLED: Final = (
    r"(?:(?![^\n:\uff1a]*+[:\uff1a])"
    r"|(?!(?>[^\n]*?(?:[,;|\u00b7]|\*\*|__))[^\n:\uff1a]*+[:\uff1a]))"
)
#: Not a whole value saying "nothing" (``none``, ``N/A``, ``—``, ``(немає)``): ``is_none``. A
#: value starting with an ASCII letter but n or a digit passes at once.
_NOT_NONE: Final = (
    r"(?:(?=[0-9A-MO-Za-mo-z])"
    rf"|(?![-\u2013\u2014*_ ()\[\].]*+(?i:{_words(list(_NONE_WORDS))})?"
    r"[-\u2013\u2014*_ ()\[\].]*+(?:\n|\Z)))"
)
#: Where a label ends on a line the grammar reads as one: a colon, or a dash between spaces
#: (``find_label``; a bullet or a summary here is never a heading nor wrapped in bold).
_LABEL_END: Final = r"(?:[:\uff1a]| [-\u2013\u2014] )"
#: Not a line the one-pass reader would look at as a label (``Status: x`` as a bullet,
#: ``Status — done`` as a summary): its first word (in any case) is none that a label
#: starts with, or no colon or spaced dash follows. A word starting with another letter
#: passes at once.
_INITIALS: Final = "".join(sorted({_either_case(w[0]).strip("[]") for w in _FIRST_WORDS}))
_NOT_LABEL_WORD: Final = (
    rf"(?:(?=[^\W_{_INITIALS}])"
    rf"|(?![\W_]*+{_trie(_FIRST_WORDS)}(?![^\W\d_])[^\n]*?{_LABEL_END}))"
)
_LABEL_END_SEARCH: Final = re.compile(_LABEL_END)
#: Something is left of a change once markup is stripped (``i.strip("*_`~ ")``).
_KEPT: Final = r"(?=[*_`~ ]*+[^*_`~ \n])"
#: "Nothing" as Changes and Files are often written: no item, no path.
_NOTHING: Final = r"(?:none|None|NONE|n/a|N/A|nothing|Nothing|\u2014|-)(?=\n)"

#: A value: no whitespace but single spaces (two spaces in a row: :func:`seed_report`), none
#: at either end. (``[^\n]`` would be faster, but a tab, a no-break space or a line separator
#: changes how a value is read.)
_VALUE: Final = r"[^\s][\S ]*+(?<! )"
_TEXT: Final = _NOT_TEMPLATE + _NOT_LABELLED + _VALUE
#: Where a value, a change or a path may start without being a "none" word or the template's
#: text (``is_none`` and the placeholder check are asked of the others).
_PLAIN_START: Final = frozenset("0123456789ABCDEFGHIJLMOQRSTUVWXYZabcdefghijlmoqrstuvwxyz")
#: Symbols a summary line commonly opens with (each dropped by ``strip_symbols``).
_MARKS: Final = "".join(
    c for c in "\u2705\u26d4\u274c\u2714\u26a0\U0001f6ab" if unicodedata.category(c) == "So"
)
#: The summary line: a mark and a word or a number, or an ASCII letter (``body``: what is
#: left after the mark, with no markup to strip around it, no colon at its end; ``head``:
#: its first word); else any prose line (``odd``: not a list, heading, quote, fence, tag,
#: JSON or number), for :func:`_summary`.
#: :data:`_NOT_TEMPLATE` also passes at once a mark, a space and such a letter (``✅ Done``:
#: no ``[`` nor template text can come before the letter), without its scan over the symbols.
_SUMMARY: Final = rf"(?:(?={_SAFE_START}|[{_MARKS}]\ufe0f? {_SAFE_START})|{_NO_TEMPLATE_TEXT})" + (
    rf"(?>(?:[{_MARKS}]\ufe0f? (?=[^\W_])|(?=[A-Za-z]))"
    r"(?P<body>(?P<head>[^\W\d_]*+)[\S ]*+(?<![:\uff1a*_ ]))"
    r"|(?P<odd>[^\s\-*+_#`~<>{\[|0-9][\S ]*+(?<! )))"
)
#: A bullet's text under Changes: not a nested bullet, a rule or a bold label.
_ITEM: Final = _NOT_TEMPLATE + _NOT_NONE + _KEPT + _NOT_LABEL_WORD + r"[^\s\-*+_][\S ]*+(?<! )"
#: A plain path: word characters and ``./+@-``, starting with a letter, digit, ``.``, ``/``
#: or ``@``, ending with a letter or digit (nothing to unwrap, trim or read as a range; for
#: such a path ``is_none(p)`` is ``p.lstrip(".").lower() in _NONE_WORDS``).
_PATH: Final = r"(?:[^\W_]|[./@])[\w./+@-]*+(?<![\W_])"
_PATHS: Final = rf"{_PATH}(?:, {_PATH})*+"

#: Every part possessive (``?+``, ``*+``): the lines have one reading, so a failing text is
#: given up in one pass instead of trying every way of skipping the optional parts.
_SEED: Final = re.compile(
    rf"(?:{_SUMMARY}\n\n?+)?+"
    + rf"(?:{_labels('changes')}(?: (?:{_NOTHING}|(?P<changes>{_KEPT}{_TEXT})))?+\n"
    + rf"(?P<change_items>(?:- {_ITEM}\n)*+)\n*+)?+"
    + rf"(?:{_labels('files')}(?: (?:{_NOTHING}|(?P<files>{_PATHS})))?+\n"
    + rf"(?P<file_items>(?:- (?:{_PATHS}|`{_PATH}`)\n)*+)\n*+)?+"
    + rf"{_labels('status')} (?P<status>{_NOT_LABELLED}{_VALUE})(?:\n++|\Z)"
    + rf"(?:{_labels('domain')} (?P<domain>{_NOT_LABELLED}{_VALUE})(?:\n++|\Z))?+"
    + rf"(?:{_labels('blocker')} (?P<blocker>{_TEXT})(?:\n++|\Z))?+"
    + rf"(?:{_labels('required')} (?P<required>{_TEXT})(?:\n++|\Z))?+"
)
#: A bullet's text and its first word (the words labels start with are looked at closer).
_BULLET_WORD: Final = re.compile(r"^- ([\W_]*([^\W\d_]+).*)$", re.MULTILINE)
_QUOTE_LEFT: Final = frozenset("\"'\u201c\u00ab\u2018\u201e`")


def _summary(line: str) -> str | None:
    """The summary a prose line gives (as ``clean_inline``), or None when the one-pass
    reader does not take the line as prose."""
    first = line[0]
    if first in _NOT_PROSE or first in FRAME_BARS or first.isdigit() or introduces(line):
        return None  # a frame's bar (``│ ✅ Done │``): the general parser reads it
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


def _domain(value: str, blocked: bool) -> str | Literal[False] | None:
    """The report's domain for a Domain line's value, as the validation makes it; False
    when the validation refuses it."""
    if is_none(value):
        return False if blocked else None
    if ambiguity(value) is not None:
        # A finished report naming no one domain has none; "a | b" is an unfilled template.
        return False if blocked or "|" in value else None
    cleaned = clean_inline(value)
    if not " ".join(cleaned.split()):
        return False
    return domain_of(canonical_domain(cleaned))


#: Status values and Domain values (of a Blocked report, of another) read so far, and what
#: they read as (a Domain: its domain and the value as written, kept with it): reports use
#: a few spellings. Bounded; a pure function of the text.
_STATES: Final[dict[str, Status | Literal[False]]] = {}
_DOMAINS: Final[tuple[dict[str, tuple[str | Literal[False] | None, str]], ...]] = ({}, {})
_KEEP: Final = 512
_UNREAD: Final[tuple[Any, str]] = (object(), "")


def _state(value: str) -> Status | Literal[False]:
    """The status a Status value declares, False for one the validation refuses."""
    try:
        state: Status | Literal[False] = read_status(value)
    except ValueProblem:
        state = False
    if len(_STATES) < _KEEP:
        _STATES[value] = state
    return state


def _domain_of(value: str, blocked: bool) -> tuple[str | Literal[False] | None, str]:
    found = _domain(value, blocked)
    read = (found, written_domain(value) if found else "")
    if len(_DOMAINS[blocked]) < _KEEP:
        _DOMAINS[blocked][value] = read
    return read


def _labelled(block: str) -> bool:
    """Whether a bullet in ``block`` reads as a label (``- status.py: x``)."""
    for hit in _BULLET_WORD.finditer(block):
        if hit.group(2).lower() in _FIRST_WORDS and find_label(Line(0, 0, hit.group(1), True)):
            return True
    return False


def _paths(files: str | None, items: str | None) -> list[str] | None:
    """The paths of the Files value and bullets (``a.py, b.py``, ``- `a.py```), "none" words
    dropped; None when one is the template's (``path/to/file.py``: refused)."""
    paths = files.split(", ") if files is not None else []
    if items:
        for item in items[2:-1].split("\n- "):
            paths += [item[1:-1]] if item[0] == "`" else item.split(", ")
    if all(p[0] in _PLAIN_START for p in paths):
        return paths
    if any(_TEMPLATE_TEXT.match(p) for p in paths):
        return None
    return [p for p in paths if p.lstrip(".").lower() not in _NONE_WORDS]


def _text(value: str) -> str | None:
    """A Blocker or Required value as the report keeps it (quotes unwrapped; "none" → None)."""
    if value[0] in _QUOTE_LEFT:
        value = strip_quotes(value)
    return None if is_none(value) or not value else value


def _label_line(body: str, text: str) -> bool:
    """Whether the summary line (``body`` after its mark, opening with a label's word)
    reads as a label (``Status — done``), not prose."""
    if _LABEL_END_SEARCH.search(body) is None:
        return False
    return find_label(Line(0, 0, text.split("\n", 1)[0])) is not None


def _verdict(text: str, head: str | None, odd: str | None, state: Status) -> bool:
    """Whether the summary line declares a status asking more than ``state`` (``⛔ …``,
    ``Blocked: …`` over a Complete status); its first word is looked at first."""
    if (
        odd is None
        and not text.startswith(BLOCKED_MARKS)
        and not (head and head.lower() in CAUTIOUS_HEADS)
    ):
        return False
    said = summary_status(text.split("\n", 1)[0])
    return said is not None and asks_more(said, state)


def _seed_domain(domain: str, blocked: bool) -> tuple[str | Literal[False] | None, str]:
    """A seed report's Domain line as read (False: refused; None: none) and as written."""
    read = _DOMAINS[blocked].get(domain, _UNREAD)
    if read is _UNREAD:
        read = _domain_of(domain, blocked)
    return read


def seed_report(text: str) -> AgentReport | None:
    """The report of a text written exactly in the seed's shape; None for any other text
    (and for a report the validation refuses): read it with the general parser then."""
    m = _SEED.fullmatch(text)
    if m is None or "  " in text:  # spaces collapse in a summary or a change
        return None
    if ('"' in text and '"""' in text) or ("'" in text and "'''" in text):
        return None  # a docstring: the general grammar
    # ``bullets``: the items under Changes; ``listed``: those under Files
    body, head, odd, changes, bullets, files, listed, status, domain, blocker, required = m.groups()
    if listed and _labelled(listed):
        return None
    state = _STATES.get(status) or _state(status)  # a refused one (False) is read again
    if state is False:
        return None
    blocked = state is BLOCKED
    found: str | Literal[False] | None = False if blocked else None  # Blocked needs one
    written = ""
    if domain is not None:  # (a Complete report has none: no call on its path)
        found, written = _seed_domain(domain, blocked)
    if blocker is not None and blocker[0] not in _PLAIN_START:
        blocker = _text(blocker)
    if required is not None and required[0] not in _PLAIN_START:
        required = _text(required)
    if found is False or (blocked and (required is None or says_undetermined(required))):
        return None
    finished = state is COMPLETE or (state is NEEDS_REVIEW and found is not None)
    if finished and blocker is not None and required is not None:
        return None  # a Complete or Needs Review (Domain) report naming a blocker: see parse
    if not blocked and _verdict(text, head, odd, state):
        return None  # the summary declares a status asking more: the validation refuses
    summary = body if body is not None else "" if odd is None else _summary(odd)
    if summary is None or (head and head.lower() in _FIRST_WORDS and _label_line(body, text)):
        return None  # not prose, or a label (``Status — done``)
    if body is not None and body[-1] == "." and introduces(body):
        return None  # "... replied with the following.": what follows is not the agent's
    paths = _paths(files, listed) if files is not None or listed else []
    if paths is None:
        return None
    keep = changes is not None and (changes[0] in _PLAIN_START or not is_none(changes))
    items = [changes] if keep else []
    if bullets:
        items += bullets[2:-1].split("\n- ")
    return report_of(
        {
            "summary": summary,
            "changes": items,
            "files": list(dict.fromkeys(paths)) if len(paths) > 1 else paths,
            "file_lines": {},
            "file_groups": {},
            "status": state,
            "domain": found,
            "blocker": blocker,
            "required": required,
            "raw": text,
            "domain_written": written,
        }
    )
