"""Reading a ``Files`` field the way people write it.

An item is one path, or a comma list of paths, optionally followed by a description after a
dash, an em dash or a colon (``app.py — routes, schemas``: one file; the commas belong to
the description). ``path:12`` and ``path:88-104`` name line ranges, kept apart from the path.
Group headings (``Created:``, ``Modified:``, ``Змінено:``) are not files; the group is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from protocols.report import is_none
from protocols.values import strip_quotes, unwrap


@dataclass(frozen=True)
class FileItem:
    """One path read from a Files field, with its line range and group when given."""

    path: str
    lines: str | None = None
    group: str | None = None


#: ``[text](target)``; neither part holds its own brackets, so a line of unclosed ``[a](``
#: is scanned once, not once per bracket.
_LINK: Final = re.compile(r"\[([^\[\]\n]+)\]\(([^()\n]*)\)")
#: A link target that is a path in the workspace: no scheme, not absolute, no spaces.
_LOCAL_TARGET: Final = re.compile(r"(?:\./)?(?P<path>(?![a-zA-Z][\w+.-]*:|[/#~])[^\s#?]+)(?:#.*)?")
#: A line number after a path in a link's text: ``timing.py:12``, ``timing.py:12-30``.
_TEXT_LINES: Final = re.compile(r":\d[\d,\s-]*$")
_BACKTICKED: Final = re.compile(r"`([^`\n]+)`")
#: (Both patterns start a run of spaces only at its first space, so a long run is scanned
#: once, not once per space: ``a.py`` + 100 KB of spaces + ``x (new)`` stays linear.)
_PARENS: Final = re.compile(r"(?<!\s)\s*\([^()]*\)")
_PAREN_SPAN: Final = re.compile(r"\([^()]*\)")
_SIMPLE: Final = re.compile(r"\s*[\w./+@-]+(?:\s*[,;]\s*[\w./+@-]+)*[.,;]?\s*")
_BOLD_TAG: Final = re.compile(r"^(?:\*\*|__)([^*_\n]{1,30}?)(?::(?:\*\*|__)|(?:\*\*|__):)\s+")
_TABLE_HEADER: Final = frozenset({"file", "files", "path", "paths", "файл", "файли", "шлях"})
#: Where a description starts: a spaced dash, an em/en dash, or a colon and a space.
_DESCRIPTION: Final = re.compile(
    r"(?<!\s)\s+[-\u2013\u2014]+\s+|(?<!\s)\s*[\u2013\u2014]\s*|:\s+|:$"
)
_RANGE: Final = r"\d+(?:\s*[-\u2013]\s*L?\d+)?"
_LINE_SUFFIX: Final = re.compile(
    rf"^(?P<path>.+?)(?::(?P<a>{_RANGE}(?:\s*,\s*{_RANGE})*)(?::\d+)?|#L(?P<b>{_RANGE}))$"
)
_LINE_NOTE: Final = re.compile(
    rf"^\(?\s*(?:lines?|ll?\.|рядк(?:и|ів)|рядок|L)\s*(?P<a>{_RANGE}(?:\s*,\s*{_RANGE})*)\s*\)?$",
    re.IGNORECASE,
)
_PATHLIKE: Final = re.compile(
    r"^`|^[^\s`]*[/\\][^\s`]*|^[\w.@+-]*\.[A-Za-z0-9]{1,10}(?::[\d,-]+)?(?=$|[\s,;:])"
    r"|^(?:Dockerfile|Makefile|Procfile|Gemfile|Rakefile|Jenkinsfile|Vagrantfile|README|LICENSE)\b"
)
#: A file named after a described one (``a.py — routes, b.py``); a code span counts when it
#: holds a path or a file name (```b.py```, ```app/```), not a name in the description
#: (``a.py — params `date_from`, `date_to```).
_FILE_NAME: Final = re.compile(
    r"^`[^`\s]*[./]|^[^\s`]*\.[A-Za-z0-9]{1,10}(?::[\d,-]+)?(?=$|[\s,;:)])"
    r"|^`?(?:Dockerfile|Makefile|Procfile|Gemfile|Rakefile|Jenkinsfile|Vagrantfile)\b"
)
_TAG: Final = re.compile(r"^(?P<tag>[^\W\d][\w '\u2019-]{0,30}?)\s*:\s+(?=\S)")
_WORDS: Final = re.compile(r"[^\W\d_][\w'\u2019-]*")

#: Words that name a group of files (``Created``, ``Змінено``), lower case.
GROUP_WORDS: Final = frozenset(
    {
        "created",
        "new",
        "added",
        "modified",
        "updated",
        "changed",
        "edited",
        "deleted",
        "removed",
        "renamed",
        "moved",
        "touched",
        "existing",
        "створено",
        "створені",
        "створений",
        "нові",
        "новий",
        "додано",
        "додані",
        "змінено",
        "змінені",
        "змінений",
        "оновлено",
        "оновлені",
        "видалено",
        "видалені",
        "перейменовано",
        "переміщено",
    }
)


def pathlike(text: str) -> bool:
    """Whether ``text`` starts with something that looks like a file path."""
    return bool(_PATHLIKE.match(text.strip().lstrip("*_[")))


def group_heading(text: str) -> str | None:
    """The group a heading line names (``**Created:**`` -> ``Created``), else None.

    A heading is a few words ending with a colon (or wrapped in bold) with no path in it.
    """
    core = text.strip()
    if not core.endswith((":", "\uff1a", "*", "_")):
        return None
    bold = core.startswith(("**", "__")) and core.rstrip(":\uff1a ").endswith(("**", "__"))
    core = unwrap(core.rstrip(":\uff1a ").strip("*_ ").rstrip(":\uff1a ")).strip()
    if not core or not (text.rstrip("*_ ").endswith((":", "\uff1a")) or bold):
        return None
    name = _PARENS.sub("", core).strip()
    words = _WORDS.findall(name)
    if not words or len(words) > 4 or pathlike(name) or "`" in name:
        return None
    if len(words) != len(name.split()):
        return None
    return name


def _blank(match: re.Match[str]) -> str:
    span = match.group(0)
    return span[0] + "\0" * (len(span) - 2) + span[-1]


def _masked(text: str) -> str:
    """``text`` with backticked and parenthesised spans blanked out (their commas and
    dashes separate nothing)."""
    return _PAREN_SPAN.sub(_blank, _BACKTICKED.sub(_blank, text))


def _split_tag(text: str) -> tuple[str, str | None]:
    """``Created: a.py`` -> (``a.py``, ``Created``); a file name before a colon is no tag."""
    match = _TAG.match(text)
    if match is None:
        return text, None
    tag, rest = match.group("tag").strip(), text[match.end() :]
    words = tag.lower().split()
    if any(w in GROUP_WORDS for w in words) or (pathlike(rest) and not pathlike(tag)):
        return rest, tag
    return text, None


def _head(text: str) -> tuple[str, str | None]:
    """The paths part of an item and line numbers found in a ``(lines 3-9)`` note."""
    lines = None
    masked = _masked(text)
    for match in reversed(list(_PARENS.finditer(masked))):
        note = _LINE_NOTE.match(text[match.start() : match.end()].strip())
        if note is not None:
            lines = _normal_lines(note.group("a"))
        text = text[: match.start()] + text[match.end() :]
        masked = masked[: match.start()] + masked[match.end() :]
    cut = _DESCRIPTION.search(masked)
    if cut is not None and cut.start() > 0:
        text, masked = text[: cut.start()], masked[: cut.start()]
    return text, lines


def _segments(text: str) -> list[str]:
    """Comma/semicolon parts of an item; a part that is no path joins the description before."""
    masked = _masked(text)
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"[,;]\s*", masked):
        rest = text[match.end() :]
        described = bool(_DESCRIPTION.search(masked[start : match.start()]))
        if described and not _FILE_NAME.match(rest.strip().lstrip("*_[")):
            continue
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


def _normal_lines(spec: str) -> str:
    ranges = (re.sub(r"\s*[-\u2013]\s*L?", "-", r.strip()) for r in spec.split(","))
    return ", ".join(r for r in ranges if r)


def _path(part: str, *, code: bool = False) -> tuple[str, str | None]:
    """One path and its line range from a part without description; a ``code`` span's text
    is taken as written (```__init__``` is no emphasis)."""
    part = part.strip() if code else strip_quotes(unwrap(part.strip())).replace("`", "")
    part = part.rstrip(".").strip()
    if not any(ch.isalnum() for ch in part):
        return "", None
    match = _LINE_SUFFIX.match(part)
    if match is not None and (match.group("a") or match.group("b")):
        return match.group("path").strip(), _normal_lines(match.group("a") or match.group("b"))
    return part, None


def _table_cell(row: str) -> str:
    """The first cell of a Markdown table row; ``""`` for the header and the rule."""
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    first = cells[0] if cells else ""
    if not first.strip("-: ") or unwrap(first).lower() in _TABLE_HEADER:
        return ""
    return first


def _link_path(link: re.Match[str]) -> str:
    """A link's text, or its target when the text is that target's file name or tail:
    ``[timing.py](backend/app/middleware/timing.py)`` names the target's path. A target
    that is a URL, an absolute path or another file keeps the text as written."""
    text, target = link.group(1), _LOCAL_TARGET.fullmatch(link.group(2).strip())
    shown = unwrap(text).strip("`*_ ")
    name = _TEXT_LINES.sub("", shown)
    if target is None or not name:
        return text
    path = target.group("path")
    if path != name and not path.endswith(f"/{name}"):
        return text
    return text.replace(name, path, 1)


#: Struck-through text (``~~old.py~~``): in Files, a file removed.
_STRUCK: Final = re.compile(r"~~([^~\n]+)~~")


def read_item(text: str, group: str | None = None) -> list[FileItem]:
    """The files one item names (``a.py, b.py``; ```app.py`:12 — routes, schemas``)."""
    items: list[FileItem] = []
    if "~~" in text:  # "~~old.py~~ (deleted)": a removed file is still a file touched
        text = _STRUCK.sub(r"\1", text)
    if _SIMPLE.fullmatch(text):  # the common case: plain paths, comma-separated
        for part in re.split(r"\s*[,;]\s*", text.strip()):
            path = unwrap(part).rstrip(".")
            if any(ch.isalnum() for ch in path) and not is_none(path):
                items.append(FileItem(path, None, group))
        return items
    text = _LINK.sub(_link_path, text.strip())
    if text.startswith("|"):
        text = _table_cell(text)
    if is_none(text):
        return items
    text = _BOLD_TAG.sub(r"\1: ", text)
    text, tag = _split_tag(unwrap(text))
    for segment in _segments(text):
        head, noted = _head(segment)
        quoted = _BACKTICKED.findall(head)
        candidates = quoted or [head]
        for candidate in candidates:
            path, lines = _path(candidate, code=bool(quoted))
            if quoted:
                after = _path("x" + head.split(f"`{candidate}`", 1)[1].split("`", 1)[0].strip())
                lines = lines or after[1]
            elif " " in path and pathlike(path.split()[0]):
                path, lines = _path(path.split()[0])
            if path and not is_none(path):
                items.append(FileItem(path, lines or noted, tag or group))
    return items


def merge(items: Iterable[FileItem]) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Paths (each once, in order), their line ranges and their groups."""
    files: list[str] = []
    lines: dict[str, str] = {}
    groups: dict[str, str] = {}
    for item in items:
        if item.path not in files:
            files.append(item.path)
        if item.lines:
            known = lines.get(item.path)
            lines[item.path] = item.lines if not known else f"{known}, {item.lines}"
        if item.group and item.path not in groups:
            groups[item.path] = item.group
    return files, lines, groups
