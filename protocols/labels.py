"""The line grammar of a report: which lines carry a field label, and what follows it.

A label line is ``[quote] [heading|bullet] [emoji] LABEL ':' VALUE`` where LABEL may be
wrapped in ``**``/``__``/``*``/``_``/backticks (with the colon inside or outside the
markup), or a bare ``### LABEL`` / ``**LABEL**`` line whose value follows on the next lines.
LABEL is any synonym in :data:`SYNONYMS` (English and Ukrainian); nothing else is a label.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from protocols.domains import drop_brackets

FieldName = Literal["summary", "changes", "files", "status", "domain", "blocker", "required"]

_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u02bc": "'"})

#: Label synonyms (normalised: lower case, single spaces, ASCII apostrophe) -> field.
SYNONYMS: Final[dict[str, FieldName]] = {
    **dict.fromkeys(
        ("summary", "tl;dr", "tldr", "task summary", "підсумок", "резюме"),
        "summary",
    ),
    **dict.fromkeys(
        (
            "changes",
            "change",
            "changes made",
            "key changes",
            "what changed",
            "what was done",
            "зміни",
            "ключові зміни",
            "внесені зміни",
            "що зроблено",
        ),
        "changes",
    ),
    **dict.fromkeys(
        (
            "files",
            "file",
            "files changed",
            "changed files",
            "modified files",
            "files modified",
            "files touched",
            "touched files",
            "files created",
            "affected files",
            "файли",
            "файл",
            "змінені файли",
        ),
        "files",
    ),
    **dict.fromkeys(
        ("status", "final status", "статус", "стан", "статус виконання", "статус задачі"),
        "status",
    ),
    **dict.fromkeys(("domain", "blocked domain", "target domain", "домен"), "domain"),
    **dict.fromkeys(
        (
            "blocker",
            "blockers",
            "blocked by",
            "blocking issue",
            "block reason",
            "reason",
            "блокер",
            "блокери",
            "причина",
            "причина блокування",
            "що блокує",
        ),
        "blocker",
    ),
    **dict.fromkeys(
        (
            "required",
            "requires",
            "requirement",
            "requirements",
            "needed",
            "needs",
            "what is needed",
            "what's needed",
            "required context",
            "required to continue",
            "to unblock",
            "потрібно",
            "потрібен",
            "потрібна",
            "потрібні",
            "необхідно",
            "що потрібно",
            "потрібно для продовження",
            "що потрібно для продовження",
            "необхідно для продовження",
        ),
        "required",
    ),
}

#: A quote prefix: ``>``, or a bar (``│``, ``┃``, ``║``, ``▌``, ``|``) that is the line's
#: only one (more make a table row, or a frame the agent drew around its own text), each
#: with the space after it.
_BAR: Final = "|\u2502\u2503\u2551\u258c\u258e"
#: The bars of a frame an agent draws around its own line (``│ ✅ Done │``): the quote
#: bars but ``|`` (a table's). They read as symbols, so the leading one goes with the emoji.
FRAME_BARS: Final = _BAR[1:]
_QUOTE_PREFIX: Final = re.compile(rf"^\s*(?:(?:>|[{_BAR}](?=[^{_BAR}]*$))[ \t]?)+")
_BARS: Final = frozenset(_BAR)
_FENCE: Final = re.compile(r"^\s*(?:`{3,}|~{3,}|(?:[-*_]\s*){3,}$)")
_BACKTICKS: Final = re.compile(r"`[^`]*`")
_CODE_FENCE: Final = re.compile(r"^(`{3,}|~{3,})\s*([^\s`{]*)")
#: Fence languages that only wrap a report; any other info string (``python``, ``diff``)
#: marks code the agent was showing or editing.
_WRAPPERS: Final = frozenset(
    {"", "markdown", "md", "text", "txt", "plain", "plaintext", "json", "yaml", "yml", "report"}
)
#: ``<consultant_answer>``, ``<backend_architect>``, ``<example_report>``, ``<tool_result>``
#: and similar tags around text quoted from another agent or a tool, or shown as a sample.
_QUOTE_TAG: Final = re.compile(
    r"^<\s*(/?)\s*([\w.-]*(?:answer|reply|response|consult|quot|advice|example|sample|template|"
    r"engineer|specialist|architect|expert|reviewer|developer|designer|analyst|auditor|dba|"
    r"subagent|tool_?results?|function_?results?)"
    r"[\w.-]*)"
    r"\b[^<>]*>$",
    re.IGNORECASE,
)
_TRIPLE: Final = ('"""', "'''")
#: Where a docstring or string literal opens: a line starting with three quotes, or three
#: quotes after ``=``, ``(`` or ``,``.
_DOCSTRING: Final = re.compile(r"(?:^|[=(,]\s*)[rRbBuUfF]{0,2}(?:\"\"\"|''')")
_HEADING: Final = re.compile(r"^#{1,6}\s+")
#: A GitHub alert opening a blockquote (``> [!NOTE]``): a callout the writer draws round its
#: own text, not a quotation.
_ALERT: Final = re.compile(r"\[!(?:note|tip|important|warning|caution)\]", re.IGNORECASE)
#: A Markdown table row of two cells: ``| **Status** | Complete |``.
_TWO_CELLS: Final = re.compile(r"^\|([^|]+)\|([^|]*+)\|?\s*+$")
#: The rule under a table's header row: ``|---|:---:|``. (Its space runs are possessive, each
#: followed by no space: a line of 100 KB of spaces is scanned once, not cubically.)
_TABLE_RULE: Final = re.compile(
    r"^\s*+(?:>\s*+)*+\|?(?:\s*+:?-{3,}:?\s*+\|)++\s*+(?::?-{3,}:?\s*+)?$"
)
#: Invisible characters models and editors leave in text: zero-width space and non-joiner,
#: word joiner, byte order mark, soft hyphen, direction marks, and a zero-width joiner that
#: joins no emoji (``👩‍💻`` keeps its own).
_INVISIBLE: Final = re.compile(
    "[\u200b\u200c\u2060\ufeff\u00ad\u200e\u200f]"
    "|(?<![\U0001f000-\U0001faff\u2600-\u27bf\ufe0f])\u200d"
)
_INVISIBLE_CHARS: Final = tuple("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f")
_BULLET: Final = re.compile(r"^(?:[-*+\u2022\u2023\u25aa\u25e6]|\d{1,3}[.)])\s+")
_BULLET_START: Final = frozenset("-*+\u2022\u2023\u25aa\u25e6")
_MARKUP: Final = re.compile(r"[*_`\"]+")
_COLON: Final = re.compile(r"[:\uff1a]")
#: ``Status — Complete``: a spaced dash also separates a label from its value.
#: (A match starts only at a space run's first space: a long run is scanned once, not per space.)
_DASH: Final = re.compile(r"(?<!\s)\s++[\u2014\u2013-]\s+")
_MAX_LABEL: Final = 48
#: The only ASCII characters :func:`strip_symbols` drops (Unicode category Sk).
_ASCII_SYMBOLS: Final = "^`"
#: The first word of every synonym: a line starting with any other word carries no label.
_FIRST_WORDS: Final = frozenset(re.split(r"[\s;']", key)[0] for key in SYNONYMS)
_FIRST_WORD: Final = re.compile(r"[\W_]*([^\W\d_]+)")


@dataclass(slots=True)
class Line:
    """One source line, pre-digested: number, indentation, bullet/heading/fence markers."""

    no: int
    indent: int
    text: str
    """The line without quote prefix, heading or bullet marker, stripped."""
    bullet: bool = False
    heading: bool = False
    marker: str = ""
    """The bullet marker as written (``-``, ``*``, ``1.``), empty for a non-bullet line."""
    fence: bool = False
    code: bool = False
    """Inside a code block (a ``python``/``diff`` fence, a docstring): not the agent's report."""
    quoted: bool = False
    """Quoted (a ``>`` blockquote or a ``<..._answer>`` tag): another agent's words."""
    block: int = 0
    """Which fenced block the line is in (numbered from 1 in text order), 0 for none."""
    callout: bool = False
    """In a ``> [!NOTE]`` callout (not quoted, but a report in it is the writer's own only
    while no line just above it names another party)."""

    @property
    def blank(self) -> bool:
        """An empty line (fence lines count as blank: fences only wrap a report)."""
        return self.fence or not (self.text or self.bullet)

    @property
    def source(self) -> str:
        """The line's text with its bullet marker (``- item``)."""
        return f"{self.marker} {self.text}".strip()


@dataclass(frozen=True)
class Hit:
    """A label found on a line: the field, the inline value, and how it was written."""

    field: FieldName
    value: str
    strong: bool
    """Written with markup (bold, heading): a deliberate label, never prose."""
    also: FieldName | None = None
    """The second field a label names at once (``**Changes / Files:**``: files, also
    changes): one list holds both."""


@dataclass(slots=True)
class _Blocks:
    """Which code fences, docstrings and quote tags are open while lines are digested."""

    fences: list[tuple[str, bool, int]]
    """Open fences: the fence marker, whether the block is code, and its number."""
    code_fences: int = 0
    opened: int = 0
    docstring: bool = False
    tags: int = 0

    @property
    def code(self) -> bool:
        return self.docstring or self.code_fences > 0

    @property
    def block(self) -> int:
        """The number of the innermost open fence, 0 outside fences."""
        return self.fences[-1][2] if self.fences else 0

    def fence(self, body: str) -> bool:
        """Track a fence line; whether ``body`` is one."""
        match = _CODE_FENCE.match(body)
        if match is None:
            return False
        mark, lang = match.group(1), match.group(2).lower()
        top = self.fences[-1] if self.fences else None
        if not lang and top is not None and mark.startswith(top[0]):
            self.code_fences -= self.fences.pop()[1]
        elif not (top is not None and top[1]):  # inside code only a closing fence counts
            self.opened += 1
            self.fences.append((mark, lang not in _WRAPPERS, self.opened))
            self.code_fences += lang not in _WRAPPERS
        return True

    def other(self, body: str) -> bool:
        """Track docstring and quote-tag lines; whether ``body`` is a tag line."""
        if not self.code_fences and ('"""' in body or "'''" in body):
            bare = _BACKTICKS.sub("", body)
            odd = (bare.count('"""') + bare.count("'''")) % 2 == 1
            if odd and (
                _DOCSTRING.search(bare) or (bare.endswith(_TRIPLE) and not _BULLET.match(bare))
            ):
                self.docstring = not self.docstring
        tag = _QUOTE_TAG.match(body) if body.startswith("<") else None
        if tag is not None:
            self.tags = max(0, self.tags - 1) if tag.group(1) else self.tags + 1
        return tag is not None


def _opens_indented_code(lines: list[Line], body: str) -> bool:
    """Whether a line indented by four spaces opens a Markdown code block: it follows a blank
    line under a paragraph of prose (not a list, heading or label) and is no list item."""
    if not lines or lines[-1].text or lines[-1].fence or _BULLET.match(body):
        return False
    for line in reversed(lines):
        if line.fence or line.text or line.bullet:
            return not (
                line.fence
                or line.bullet
                or line.heading
                or line.indent
                or line.code
                or line.quoted
                or find_label(line) is not None
            )
    return False


def visible(text: str) -> str:
    """``text`` without invisible characters (:data:`_INVISIBLE`): ``**Sta\u200btus:**``
    is the label ``**Status:**``, ``Com\u200cplete`` the status Complete."""
    if not text.isascii():
        for char in _INVISIBLE_CHARS:  # substring scans: a class search costs 20x more
            if char in text:
                return _INVISIBLE.sub("", text)
    return text


def _label_table(raws: list[str], at: int) -> tuple[int, bool]:
    """Where the table starting at ``raws[at]`` ends, and whether it is a label table: each
    row under its header (the row above a ``|---|---|`` rule) holds two cells, the first a
    label, and one of them is Status (``| **Status** | Complete |``). A table of results
    (``| Tests | 42 passed |``, ``| Domain | payments only |``) holds no field."""
    end = at
    while end < len(raws) and raws[end].lstrip(" \t>")[:1] == "|":
        end += 1
    rows = [raws[i].lstrip(" \t>").rstrip() for i in range(at, end)]
    header = len(rows) > 1 and _TABLE_RULE.match(rows[1]) is not None
    keys: list[FieldName | None] = []
    for row in rows[1 if header else 0 :]:
        if _TABLE_RULE.match(row):
            continue
        cells = _TWO_CELLS.match(row)
        keys.append(label_key(cells.group(1).strip()) if cells else None)
    return end, "status" in keys and None not in keys


def _table_field(body: str, below: str) -> str:
    """A label table's row (``| **Status** | Complete |``) as the label line it stands for
    (``**Status:** Complete``); its header row (the line ``below`` it is the table's rule)
    and the rule as they are."""
    row = _TWO_CELLS.match(body)
    if row is None or _TABLE_RULE.match(below) or _TABLE_RULE.match(body):
        return body
    name, value = row.group(1).strip(), row.group(2).strip()
    return f"**{name.strip('*_ :').rstrip(':')}:** {value}".rstrip()


#: The report's own label words, which take a plain dash too (``Files - a.py``) beside a plain
#: ``Status - Complete`` or ``Status: Blocked`` line (:func:`_dash_fields`).
_DASH_LABELS: Final = frozenset(
    "changes files domain blocker required summary зміни файли домен блокер потрібно".split()
)
#: The words of a Blocked report's trailers, which take a plain dash beside a plain
#: ``Status: Blocked`` too (``Domain — frontend``; :func:`_dash_fields`).
_TRAILER_LABELS: Final = frozenset("domain blocker required домен блокер потрібно".split())
#: A plain ``Status - Complete`` or ``Status: Blocked`` line, which lets the report's other
#: label words take a plain dash too (:func:`_dash_fields`); the group is the dash.
_STATUS_DASH: Final = re.compile(
    r"^[ \t>]*(?:status|статус)(?:\s+([\u2014\u2013-])\s+|\s*[:\uff1a]\s*)\S",
    re.IGNORECASE | re.MULTILINE,
)
#: A plain ``Files - a.py`` line: a word, a spaced dash, a value.
_WORD_DASH: Final = re.compile(r"^(\w+)\s+[\u2014\u2013-]\s+\S")
#: Any plain ``Files - a.py`` line of the report's words (a text without one needs no walk).
_ANY_WORD_DASH: Final = re.compile(
    rf"^(?:{'|'.join(sorted(_DASH_LABELS))})\s+[\u2014\u2013-]\s+\S", re.IGNORECASE | re.MULTILINE
)
#: The words of plain ``Blocker: x`` lines a dash label's walk passes (:func:`_dash_fields`).
_PLAIN_LABEL_WORDS: Final = _DASH_LABELS | {"status", "статус"}
#: A plain ``Blocker: x`` line: a word, a colon.
_WORD_COLON: Final = re.compile(r"^(\w+)\s*[:\uff1a]")


def _dash_fields(text: str, raws: list[str]) -> frozenset[int]:
    """Indexes of plain ``Files - a.py`` lines (a report word, not indented, not in a list)
    standing with a plain ``Status - Complete`` line, or ``Domain — frontend`` lines (the
    Blocked trailers' words) with a plain ``Status: Blocked`` line, only blank lines,
    bullets, plain ``Blocker: x`` label lines and other such lines between: a model writing
    ``Status - Complete`` writes its other fields alike, while ``Files - none changed, I only
    read the code.`` in prose (or beside a ``Status:`` with a colon) stays prose."""
    if _ANY_WORD_DASH.search(text) is None or _STATUS_DASH.search(text) is None:
        return frozenset()
    found: set[int] = set()
    # each anchor's walk up and down, done as one pass each way (walking from every anchor
    # was quadratic: 100 KB of "Status: x" lines took seconds)
    for order in (range(len(raws)), range(len(raws) - 1, -1, -1)):
        reach: set[frozenset[str]] = set()  # the words of the anchors whose walk got here
        for i in order:
            if reach:
                word = _WORD_DASH.match(raws[i])
                key = word.group(1).lower() if word is not None else ""
                taken = {words for words in reach if key in words}
                found.update((i,) if taken else ())
                if len(taken) < len(reach) and not _plain_label_or_list(raws[i]):
                    reach = taken
            anchor = _STATUS_DASH.match(raws[i])
            if anchor is not None:
                reach.add(_DASH_LABELS if anchor.group(1) else _TRAILER_LABELS)
    return frozenset(found)


def _plain_label_or_list(raw: str) -> bool:
    """A blank line, a bullet, or a plain ``Blocker: x`` line of the report's own words."""
    if not raw.strip() or _BULLET.match(raw.lstrip()) is not None:
        return True
    word = _WORD_COLON.match(raw)
    return word is not None and word.group(1).lower() in _PLAIN_LABEL_WORDS


def split_lines(text: str) -> list[Line]:
    """Digest ``text`` (any newline convention) into :class:`Line` records, numbered from 1."""
    lines: list[Line] = []
    blocks = _Blocks([])
    indented = False  # in a Markdown code block indented by four spaces
    raws = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    dashed = _dash_fields(text, raws)
    table_end, label_table = 0, False
    callout = False  # in a blockquote opened by a GitHub alert: the writer's own text
    for no, raw in enumerate(raws, 1):
        if no - 1 in dashed:
            raw = _DASH.sub(": ", raw, count=1)  # "Files - a.py" as "Files: a.py"
        if not raw or raw.isspace():  # a blank line changes no block state
            lines.append(Line(no, 0, "", code=blocks.code or indented, quoted=blocks.tags > 0))
            callout = False
            continue
        tree = _TREE.match(raw) if raw.lstrip()[:1] in _TREE_START and not blocks.code else None
        if tree is not None and is_table_rule(raw):
            tree = None  # "|--- | ---|": a table's rule, not a branch
        if tree is not None:
            lines.append(_tree_line(no, tree, lines, blocks.block))
            continue
        quoting = ">" in raw or raw.lstrip()[:1] in _BARS
        prefix = _QUOTE_PREFIX.match(raw) if quoting else None
        body = raw[prefix.end() :] if prefix else raw
        callout = callout and prefix is not None
        if prefix is not None and _ALERT.fullmatch(body.strip()) and prefix.group(0).strip() == ">":
            callout = not blocks.code
            lines.append(Line(no, 0, "", fence=True, code=blocks.code, quoted=blocks.tags > 0))
            continue
        body = (body.expandtabs(4) if "\t" in body else body).rstrip()
        stripped = body.lstrip()
        indent, body = len(body) - len(stripped), stripped
        if indent >= 4 and prefix is None and not blocks.code:
            indented = indented or _opens_indented_code(lines, body)
            if indented:
                lines.append(Line(no, indent, body, code=True))
                continue
        indented = False
        was_code = blocks.code
        first = body[:1]
        if (first in "`~" and blocks.fence(body)) or (first in "-*_" and _FENCE.match(body)):
            lines.append(Line(no, indent, "", fence=True, code=was_code and blocks.code))
            continue
        if first == "<" or "'''" in body or '"""' in body:
            if blocks.other(body):
                lines.append(Line(no, indent, "", fence=True, quoted=True))
                continue
        if first == "|":
            if no > table_end:
                table_end, label_table = _label_table(raws, no - 1)
            if label_table:
                body = _table_field(body, raws[no] if no < len(raws) else "")
                first = body[:1]
        # a blockquote nested inside the callout (``> > ...``) is a quotation again
        own_callout = callout and prefix is not None and prefix.group(0).strip() == ">"
        quoted = (prefix is not None and not own_callout) or blocks.tags > 0
        where = (no, indent, was_code or blocks.code, quoted, blocks.block if blocks.fences else 0)
        lines.append(_text_line(where, body, first, own_callout))
    return lines


#: A line of a drawn file tree (``tree``'s output): the bars and spaces of the levels above,
#: the branch (``├── ``, ``└── ``, ``|-- ``, ``\`-- ``) and the name (a ``# note`` may follow).
_TREE: Final = re.compile(
    r"(?P<levels>(?:[\u2502|][ \t\u00a0]{1,3}+|[ \t\u00a0])*+)"
    r"(?:[\u251c\u2514]\u2500++|[|`+]--++)[ \t\u00a0]++(?P<name>[^\s#].*)"
)
_TREE_START: Final = frozenset("\u2502|\u251c\u2514`+")
_TREE_ROOT: Final = re.compile(r"[^\s|>#*`]+/")


def _tree_line(no: int, tree: re.Match[str], lines: list[Line], block: int) -> Line:
    """A line of a drawn file tree as the bullet it stands for, nested by its level: what
    sits above it at a lower level is its folder. A lone folder path just above the drawing
    (``backend/app/``) is its root, a bullet at the top level."""
    above = lines[-1] if lines else None
    if above is not None and not above.bullet and _TREE_ROOT.fullmatch(above.text):
        above.bullet, above.marker = True, "-"
    indent = 2 + len(tree.group("levels").expandtabs(4))
    name = tree.group("name").split(" #", 1)[0].strip()  # "cleanup.py    # nightly job"
    return Line(no, indent, name, True, marker="-", block=block)


def _text_line(where: tuple[int, int, bool, bool, int], body: str, first: str, own: bool) -> Line:
    """The :class:`Line` of ``body`` (its first character ``first``), a line of text:
    ``where`` is its number, indent, code, quoted and block; a heading's ``#`` and a
    bullet's marker taken off; ``own``: in the writer's own callout."""
    no, indent, code, quoted, block = where
    heading = first == "#" and _HEADING.match(body) is not None
    if heading:
        body = _HEADING.sub("", body)
    bullet = _BULLET.match(body) if first in _BULLET_START or first.isdigit() else None
    marker = bullet.group(0).strip() if bullet else ""
    body = body[bullet.end() :].strip() if bullet else body
    return Line(no, indent, body, bool(bullet), heading, marker, False, code, quoted, block, own)


#: A sentence pointing at what follows it: "... replied with the following.", "... нижче."
_POINTER: Final = re.compile(
    r"\b(?:below|(?:the )?following|as follows|нижче|наступн\w*)\.$", re.IGNORECASE
)


def is_table_rule(text: str) -> bool:
    """Whether ``text`` is a Markdown table's rule (``|---|---|``): a summary line never."""
    return _TABLE_RULE.match(text) is not None


def introduces(text: str) -> bool:
    """Whether a prose line introduces what follows it: it ends with a colon (markup aside)
    or is a sentence pointing below (*"The DBA replied with the following."*); such a line
    is never a report's summary."""
    text = text.rstrip("*_ ")
    return text.endswith((":", "\uff1a")) or (
        text.endswith(".") and _POINTER.search(text) is not None
    )


def strip_symbols(text: str) -> str:
    """Drop leading emoji and other pictographs (``✅``, ``⚠️``, ``🚫``) and the space after."""
    if not text or (text[0] < "\x80" and text[0] not in _ASCII_SYMBOLS):
        return text
    at, end = 0, len(text)  # one pass: a slice per symbol made ``✅ `` x N quadratic
    while at < end and (
        unicodedata.category(text[at]) in ("So", "Sk", "Cf", "Mn") or text[at] in "\ufe0f\u200d"
    ):
        at += 1
        while at < end and text[at].isspace():
            at += 1
    return text[at:] if at else text


def starts_with_symbol(text: str) -> bool:
    """Whether ``text`` opens with an emoji or pictograph (the seed's summary marker)."""
    return bool(text) and unicodedata.category(text[0]) == "So"


#: What joins the names of the report's two lists in one label: ``Changes / Files``,
#: ``Files & Changes``, ``Зміни та файли``.
_ROUND: Final = {"(": ")"}
_JOINED: Final = re.compile(r"\s*(?:/|&|\+|\band\b|\bта\b|\bі\b)\s*")  # noqa: RUF001 - Ukrainian "and"
_BOTH_LISTS: Final[frozenset[FieldName | None]] = frozenset({"changes", "files"})


@functools.lru_cache(maxsize=4096)
def label_fields(text: str) -> tuple[FieldName, ...]:
    """The fields a label names: one (``**Статус**``, ``Статус / Status`` in two languages),
    the report's two lists at once (``Changes / Files``: files, changes), or none.

    Cached: a pure function of the text, and reports repeat a small set of labels."""
    key = _MARKUP.sub(" ", drop_brackets(text.translate(_APOSTROPHES), _ROUND))
    key = " ".join(strip_symbols(key.strip()).lower().split()).strip(" :\uff1a'")
    found = SYNONYMS.get(key)
    if found is not None:
        return (found,)
    named = [SYNONYMS.get(part.strip(" :\uff1a'")) for part in _JOINED.split(key)]
    if "/" in key and len(set(named)) == 1 and named[0] is not None:
        return (named[0],)  # "Статус / Status": one field named in two languages
    if len(named) == 2 and set(named) == _BOTH_LISTS:
        return ("files", "changes")
    return ()


def label_key(text: str) -> FieldName | None:
    """The one field a label names (``**Статус**`` -> ``status``), or None if it is no
    label or names two (``Changes / Files``, see :func:`label_fields`)."""
    fields = label_fields(text)
    return fields[0] if len(fields) == 1 else None


def _hit(label: str, value: str, strong: bool) -> Hit | None:
    """The hit of ``label`` with its value, when ``label`` names a field."""
    fields = label_fields(label)
    if not fields:
        return None
    return Hit(fields[0], value, strong, fields[1] if len(fields) > 1 else None)


def _opener(text: str) -> str:
    """The emphasis marker a label starts with (``**Status:**`` -> ``**``, ``***Files:***``
    -> ``***``), or ``""``."""
    for mark in ("***", "___", "**", "__", "*", "_"):
        if text.startswith(mark):
            return mark
    return ""


def _clean_value(value: str, opener: str = "") -> str:
    """Drop the markup closing a label: ``**Status:** x`` and ``**Status: x**`` -> ``x``."""
    if opener and value.startswith(opener):
        return value[len(opener) :].strip()
    value = value.strip()
    if opener and value.endswith(opener) and value.count(opener) % 2 == 1:
        value = value[: -len(opener)].strip()
    return value


def find_label(line: Line) -> Hit | None:
    """The label at the start of ``line``, if it carries one."""
    text = strip_symbols(line.text)
    first = _FIRST_WORD.match(text)
    if first is None or first.group(1).lower().translate(_APOSTROPHES) not in _FIRST_WORDS:
        return None  # no synonym starts with this word: prose, not a label
    strong = line.heading or text.startswith(("**", "__"))
    colon = _COLON.search(text)
    if colon is not None and colon.start() <= _MAX_LABEL:
        hit = _hit(text[: colon.start()], _clean_value(text[colon.end() :], _opener(text)), strong)
        if hit is not None:
            return hit
    dash = _DASH.search(text)
    if dash is not None and dash.start() <= _MAX_LABEL:
        # A dash is weaker than a colon: only a marked-up label, or Status, takes it, so
        # prose such as "- Needs — a faster disk" stays prose.
        hit = _hit(text[: dash.start()], _clean_value(text[dash.end() :], _opener(text)), strong)
        if hit is not None and (strong or hit.field == "status"):
            return hit
    bare = text.rstrip(":\uff1a ")
    wrapped = bare.startswith(("**", "__")) and bare.endswith(("**", "__"))
    if (line.heading or wrapped) and len(bare) <= _MAX_LABEL:
        return _hit(bare, "", True)
    return None


def _inline_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True))
    colon = r"\s*[:\uff1a]"
    bold_in = rf"(?:\*\*|__)(?P<a>{names}){colon}\s*(?:\*\*|__)"
    bold_out = rf"(?:\*\*|__)(?P<b>{names})(?:\*\*|__){colon}"
    plain = rf"(?<=[,;|\u00b7])\s*(?P<c>{names}){colon}"
    return re.compile(rf"\s(?:{bold_in}|{bold_out})|{plain}", re.IGNORECASE)


_INLINE: Final = _inline_pattern()


def split_inline(hit: Hit) -> list[Hit]:
    """Split ``Status: Blocked, Domain: frontend, Required: x`` into one hit per label.

    A further label inside a value counts only when it is bold or follows ``,`` ``;`` ``|``.
    """
    hits: list[Hit] = []
    field, strong, rest, also = hit.field, hit.strong, hit.value, hit.also
    while (match := _INLINE.search(rest)) is not None:
        head = rest[: match.start()].rstrip(" ,;|\u00b7")
        hits.append(Hit(field, _clean_value(head), strong, also))
        also = None
        name = match.group("a") or match.group("b") or match.group("c")
        field = SYNONYMS[" ".join(name.lower().split())]
        rest = rest[match.end() :]
    hits.append(Hit(field, _clean_value(rest), strong, also))
    return hits
