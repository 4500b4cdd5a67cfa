"""Split a Markdown agent file into YAML frontmatter and body, reading messy YAML leniently.

Strict YAML (``yaml.CSafeLoader`` when libyaml is present) is tried first. Real agent files often
break it: a description with an unquoted ``Triggers on: '...'`` or ``<example>`` blocks is not
valid YAML, yet Claude Code still reads those files. For them :func:`parse_lenient` reads the
frontmatter as top-level ``key: value`` lines with block scalars (``|``, ``>``), indented
lists and continuation lines, and the caller reports a warning. A value the lenient reader
cannot read either (an unterminated quote, a nested or unclosed list, an anchor or alias, a
number of dozens of digits) is a :class:`FrontmatterError`: the file is skipped rather than
loaded with a garbage value.

:func:`read_file` bounds what one file may cost: its size, its frontmatter's size, NUL bytes
and invalid UTF-8 are refused with the line, and a strict parse that yields something no
agent file needs (deep nesting, self-referencing or expanding aliases) is refused too.
"""

from __future__ import annotations

import datetime
import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coordinator.regular import open_regular
from coordinator.yamlfile import yaml_failure

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_BLOCK = re.compile(r"^([|>])([+-]?)[0-9]?[ \t]*(?:#.*)?$")
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: Key-like lines that are really prose inside a description (``<example>`` dialogues).
_PROSE_KEYS = frozenset({"user", "assistant", "context", "commentary", "example", "examples"})
#: Agent files larger than this are skipped (the largest of 534 real ones is 26 KB).
MAX_FILE_BYTES = 1024 * 1024
#: Frontmatter larger than this is skipped (real ones are a few KB).
MAX_FRONTMATTER_CHARS = 64 * 1024
#: A frontmatter may hold at most this many values in all, nested at most this deep.
MAX_NODES = 2_000
MAX_DEPTH = 16
_MAX_INT_DIGITS = 18


class FrontmatterError(ValueError):
    """The file has no usable frontmatter; ``line`` is 1-based."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line

    def __reduce__(self) -> tuple[type[FrontmatterError], tuple[str, int]]:
        return (type(self), (self.message, self.line))


@dataclass
class Frontmatter:
    """A parsed agent file: ``meta`` from the frontmatter, the Markdown ``body``.

    ``yaml_error`` is set (with ``yaml_error_line``) when strict YAML failed and the lenient
    reader was used. ``key_lines`` maps each top-level key to its 1-based line in the file.
    ``folded`` maps a key the lenient reader found indented (``\ttools: Read``: YAML allows
    no key there) and read as text of another key's value to ``(its line, that key)``: the
    caller judges whether it was meant as a field (:func:`parse_lenient`).
    """

    meta: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    yaml_error: str | None = None
    yaml_error_line: int | None = None
    folded: dict[str, tuple[int, str]] = field(default_factory=dict)


def split(text: str) -> tuple[str, str, int]:
    """Return ``(frontmatter_text, body, body_line)``; FrontmatterError when there is none."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise FrontmatterError(_no_frontmatter_reason(lines), 1)
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise FrontmatterError("frontmatter opened with '---' on line 1 is never closed", 1)


def _no_frontmatter_reason(lines: list[str]) -> str:
    if not lines or not "".join(lines).strip():
        return "no frontmatter: the file is empty"
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "---":
            where = "indented " if line[0] in " \t" else ""
            return (
                "no frontmatter: the file must start with a '---' line "
                f"(found an {where}'---' on line {number} instead)"
            )
        break
    return "no frontmatter: the file must start with a '---' line"


def parse(text: str) -> Frontmatter:
    """Split and parse one agent file; FrontmatterError when it has no usable frontmatter."""
    raw, body, body_line = split(text)
    if len(raw) > MAX_FRONTMATTER_CHARS:
        raise FrontmatterError(
            f"frontmatter is {len(raw)} characters (the limit is {MAX_FRONTMATTER_CHARS})", 2
        )
    key_lines = {
        m.group(1): n + 2 for n, ln in enumerate(raw.splitlines()) if (m := _KEY.match(ln))
    }
    import yaml  # on the first parse: a roster read from the parse cache routes without it

    try:
        loaded = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        problem, line = _yaml_failure(exc)
        folded: dict[str, tuple[int, str]] = {}
        try:
            meta = parse_lenient(raw, folded)
        except FrontmatterError as lenient:  # its line is the culprit's: YAML's is dropped
            raise FrontmatterError(
                f"{lenient.message} (the frontmatter is not valid YAML: {problem})",
                lenient.line,
            ) from None
        return Frontmatter(meta, body, body_line, key_lines, problem, line, folded)
    if loaded is None:
        raise FrontmatterError("frontmatter is empty", 1)
    if not isinstance(loaded, dict):
        raise FrontmatterError("frontmatter is not a mapping of keys to values", 2)
    meta = {}
    budget = _Budget()
    for key, value in loaded.items():
        name = _plain_key(key)
        try:
            meta[name] = _plain(value, budget, 0)
        except _TooBig as exc:
            raise FrontmatterError(f"'{name}': {exc}", key_lines.get(name, 2)) from None
    return Frontmatter(meta, body, body_line, key_lines)


def _yaml_failure(exc: BaseException) -> tuple[str, int | None]:
    """Why the frontmatter is not YAML and the file's line it names (the frontmatter starts
    on line 2; a failure that names none: line 2, or None for one in no line at all)."""
    problem, mark = yaml_failure(exc)
    if mark is not None:
        return problem, mark + 2
    return problem, None if isinstance(exc, (RecursionError, ValueError)) else 2


class _TooBig(ValueError):
    """A strictly parsed value is larger or deeper than any agent file needs."""


@dataclass
class _Budget:
    """What the walk over one frontmatter may still visit (:func:`_plain`)."""

    left: int = MAX_NODES
    seen: set[int] = field(default_factory=set)


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any, budget: _Budget, depth: int) -> Any:
    """``value`` as plain JSON-like data (str keys; dates and bytes as text), bounded.

    More than :data:`MAX_NODES` values in all, nesting deeper than :data:`MAX_DEPTH`, or one
    list or mapping reached twice (a recursive or expanding alias) raises ``_TooBig``.
    """
    budget.left -= 1
    if budget.left < 0:
        raise _TooBig(f"more than {MAX_NODES} values")
    if isinstance(value, _SCALARS):
        return value
    if depth >= MAX_DEPTH:
        raise _TooBig(f"value is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict | list | set | tuple):
        if id(value) in budget.seen:
            raise _TooBig("an alias repeats a list or mapping (recursive or expanding aliases)")
        budget.seen.add(id(value))
    if isinstance(value, dict):
        return {_plain_key(k): _plain(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, list | set | tuple):
        return [_plain(v, budget, depth + 1) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _plain_key(key: Any) -> str:
    if isinstance(key, int) and not isinstance(key, bool) and abs(key) >= 10**_MAX_INT_DIGITS:
        return "<large number>"
    return str(key)


def read_file(path: Path) -> Frontmatter | FrontmatterError:
    """Read and parse one agent file, returning (not raising) why it cannot be used."""
    try:
        data = read_regular(path, MAX_FILE_BYTES + 1)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if exc.errno == errno.ENOENT and path.is_symlink():  # listed, so a link: say so
            why = f"it is a link to {os.readlink(path)}, which does not exist"
        return FrontmatterError(f"cannot read the file: {why}", 1)
    return parse_bytes(data)


def read_regular(path: Path, limit: int) -> bytes:
    """The first ``limit`` bytes of the regular file ``path`` (links followed), opened by
    :func:`~coordinator.regular.open_regular`: a FIFO a command swapped in after the
    loader's look (another session's command, still running) must not hold coord for good,
    nor a device be opened. OSError for any other kind."""
    with os.fdopen(open_regular(path, follow=True), "rb") as handle:
        return handle.read(limit)


def parse_bytes(data: bytes) -> Frontmatter | FrontmatterError:
    """Parse an agent file's bytes, returning (not raising) why they cannot be used."""
    if len(data) > MAX_FILE_BYTES:
        return FrontmatterError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB", 1)
    nul = data.find(b"\0")
    if nul >= 0:
        return FrontmatterError("file contains a NUL byte (a binary file?)", _line_at(data, nul))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return FrontmatterError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", _line_at(data, exc.start)
        )
    try:
        return parse(text)
    except FrontmatterError as exc:
        return exc


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_lenient(raw: str, folded: dict[str, tuple[int, str]] | None = None) -> dict[str, Any]:
    """Read frontmatter that strict YAML rejects: top-level keys, block scalars, lists.

    FrontmatterError (with the key's line) when a value cannot be read this way either.
    ``folded``, when given, gets each indented ``key:`` line read as text of another key's
    value (:func:`_folded_keys`), with its 1-based line in the file and that key.
    """
    meta: dict[str, Any] = {}
    lines = raw.splitlines()
    index = 0
    while index < len(lines):
        match = _KEY.match(lines[index])
        if match is None:
            index += 1  # stray line before the first key: nothing to attach it to
            continue
        key, first = match.group(1), (match.group(2) or "").strip()
        key_line = index + 2
        index += 1
        rest: list[str] = []
        open_examples = _example_balance(first)
        while index < len(lines) and not _starts_key(lines[index], open_examples):
            rest.append(lines[index])
            open_examples += _example_balance(lines[index])
            index += 1
        try:
            meta[key] = _value(first, rest)
        except _Unreadable as exc:
            raise FrontmatterError(f"'{key}': {exc}", key_line) from None
        if folded is not None:
            for inner, offset in _folded_keys(first, rest):
                folded.setdefault(inner, (key_line + 1 + offset, key))
    return meta


def _folded_keys(first: str, rest: list[str]) -> list[tuple[str, int]]:
    """The ``key:`` lines among ``rest`` (a value's further lines) that YAML would not read as
    text, with their index: indented by a tab (YAML indents with spaces only), or any
    indented one after a plain value begun on the key's line (``description: Writes docs``
    then ``  tools: Read``). A block scalar's or a list's space-indented lines are its text."""
    plain = bool(first) and _BLOCK.match(first) is None
    found = []
    for offset, line in enumerate(rest):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        match = _KEY.match(line[len(indent) :]) if indent else None
        if match is not None and ("\t" in indent or plain):
            found.append((match.group(1), offset))
    return found


class _Unreadable(ValueError):
    """A value the lenient reader cannot read without guessing."""


def _example_balance(text: str) -> int:
    return text.count("<example>") - text.count("</example>")


def _starts_key(line: str, open_examples: int) -> bool:
    match = _KEY.match(line)
    if match is None:
        return False
    if match.group(1).lower() in _PROSE_KEYS:
        return False
    return open_examples <= 0


def _value(first: str, rest: list[str]) -> Any:
    block = _BLOCK.match(first)
    if block:
        return _block_scalar(rest, folded=block.group(1) == ">", chomp=block.group(2))
    if not first:
        items = [ln.strip() for ln in rest if ln.strip()]
        if items and all(item.startswith("- ") or item == "-" for item in items):
            return [_scalar(item[1:].strip()) for item in items]
        if items and items[0][0] in "[{\"'&*!":
            return _scalar(" ".join(items))
        return " ".join(items) if items else None
    text = " ".join([first, *(ln.strip() for ln in rest if ln.strip())])
    return _scalar(text)


def _block_scalar(rest: list[str], *, folded: bool, chomp: str) -> str:
    indents = [len(ln) - len(ln.lstrip()) for ln in rest if ln.strip()]
    cut = min(indents) if indents else 0
    body = [ln[cut:] if ln.strip() else "" for ln in rest]
    if folded:
        paragraphs: list[list[str]] = [[]]
        for ln in body:
            if ln:
                paragraphs[-1].append(ln)
            else:
                paragraphs.append([])
        text = "\n".join(" ".join(p) for p in paragraphs)
    else:
        text = "\n".join(body)
    text = text.rstrip("\n")
    return text if chomp == "-" else text + "\n"


def _scalar(text: str) -> Any:
    text = text.strip()
    if text[:1] in ('"', "'"):
        if len(text) < 2 or text[-1] != text[0]:
            raise _Unreadable("a quoted value is not closed")
        inner = text[1:-1]
        return inner.replace("''", "'") if text[0] == "'" else _unescape(inner)
    if text[:1] in ("&", "*", "!"):
        raise _Unreadable("anchors, aliases and tags need valid YAML")
    if text[:1] == "{":
        raise _Unreadable("a {mapping} needs valid YAML")
    if text[:1] == "[":
        inner = text[1:-1]
        if not text.endswith("]") or any(c in inner for c in "[]{}"):
            raise _Unreadable("a [list] is not closed, or is nested")
        return [_scalar(part) for part in inner.split(",") if part.strip()]
    if re.fullmatch(r"-?[0-9]+", text):
        if len(text.lstrip("-")) > _MAX_INT_DIGITS:
            raise _Unreadable(f"a number of {len(text)} digits")
        return int(text)
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    return text


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
