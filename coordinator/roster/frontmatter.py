"""Split a Markdown agent file into YAML frontmatter and body, reading messy YAML leniently.

Strict YAML (``yaml.CSafeLoader`` when libyaml is present) is tried first. Real agent files often
break it: a description with an unquoted ``Triggers on: '...'`` or ``<example>`` blocks is not
valid YAML, yet Claude Code still reads those files. For them :func:`parse_lenient` reads the
frontmatter as top-level ``key: value`` lines with block scalars (``|``, ``>``), indented
lists and continuation lines, and the caller reports a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_BLOCK = re.compile(r"^([|>])([+-]?)[0-9]?[ \t]*(?:#.*)?$")
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: Key-like lines that are really prose inside a description (``<example>`` dialogues).
_PROSE_KEYS = frozenset({"user", "assistant", "context", "commentary", "example", "examples"})


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
    """

    meta: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    yaml_error: str | None = None
    yaml_error_line: int | None = None


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
    """Split and parse one agent file; FrontmatterError when it has no frontmatter mapping."""
    raw, body, body_line = split(text)
    key_lines = {
        m.group(1): n + 2 for n, ln in enumerate(raw.splitlines()) if (m := _KEY.match(ln))
    }
    try:
        loaded = yaml.load(raw, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 2 if mark is not None else 2
        meta = parse_lenient(raw)
        return Frontmatter(meta, body, body_line, key_lines, str(problem), line)
    if loaded is None:
        raise FrontmatterError("frontmatter is empty", 1)
    if not isinstance(loaded, dict):
        raise FrontmatterError("frontmatter is not a mapping of keys to values", 2)
    meta = {str(k): v for k, v in loaded.items()}
    return Frontmatter(meta, body, body_line, key_lines)


def parse_lenient(raw: str) -> dict[str, Any]:
    """Read frontmatter that strict YAML rejects: top-level keys, block scalars, lists."""
    meta: dict[str, Any] = {}
    lines = raw.splitlines()
    index = 0
    while index < len(lines):
        match = _KEY.match(lines[index])
        if match is None:
            index += 1  # stray line before the first key: nothing to attach it to
            continue
        key, first = match.group(1), (match.group(2) or "").strip()
        index += 1
        rest: list[str] = []
        while index < len(lines) and not _starts_key(lines[index], rest, first):
            rest.append(lines[index])
            index += 1
        meta[key] = _value(first, rest)
    return meta


def _starts_key(line: str, collected: list[str], first: str) -> bool:
    match = _KEY.match(line)
    if match is None:
        return False
    if match.group(1).lower() in _PROSE_KEYS:
        return False
    text = " ".join([first, *collected])
    return text.count("<example>") <= text.count("</example>")


def _value(first: str, rest: list[str]) -> Any:
    block = _BLOCK.match(first)
    if block:
        return _block_scalar(rest, folded=block.group(1) == ">", chomp=block.group(2))
    if not first:
        items = [ln.strip() for ln in rest if ln.strip()]
        if items and all(item.startswith("- ") or item == "-" for item in items):
            return [_scalar(item[1:].strip()) for item in items]
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
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        inner = text[1:-1]
        return inner.replace("''", "'") if text[0] == "'" else _unescape(inner)
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(part) for part in text[1:-1].split(",") if part.strip()]
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    return text


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
