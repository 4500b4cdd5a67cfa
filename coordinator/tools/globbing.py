"""Glob patterns (``**``, ``*``, ``?``, ``[...]``, ``{a,b}``) and a confined file walker."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

#: Directories never descended into while walking (they are still searchable when named
#: as the starting ``path`` itself).
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", ".mypy_cache", ".coordinator"}
)


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile a glob over POSIX relative paths into a regex matching the whole path."""
    regex, _ = _translate(pattern, 0, in_braces=False)
    return re.compile(rf"(?s:{regex})\Z")


def _translate(pat: str, i: int, *, in_braces: bool) -> tuple[str, int]:
    out: list[str] = []
    n = len(pat)
    while i < n:
        c = pat[i]
        if in_braces and c in ",}":
            return "".join(out), i
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            cls, i = _char_class(pat, i)
            out.append(cls)
        elif c == "{":
            alt, i = _braces(pat, i)
            out.append(alt)
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out), i


def _char_class(pat: str, i: int) -> tuple[str, int]:
    end = pat.find("]", i + 2 if pat[i + 1 : i + 2] in ("!", "^") else i + 1)
    if end == -1:
        return re.escape("["), i + 1
    body = pat[i + 1 : end]
    if body[:1] in ("!", "^"):
        body = "^" + body[1:]
    return "[" + body.replace("\\", "\\\\") + "]", end + 1


def _braces(pat: str, i: int) -> tuple[str, int]:
    options: list[str] = []
    j = i + 1
    while True:
        part, j = _translate(pat, j, in_braces=True)
        options.append(part)
        if j >= len(pat):  # unclosed brace: treat "{" literally
            rest, k = _translate(pat, i + 1, in_braces=False)
            return re.escape("{") + rest, k
        if pat[j] == "}":
            return "(?:" + "|".join(options) + ")", j + 1
        j += 1  # skip ","


def walk_files(start: Path) -> Iterator[Path]:
    """Every file under ``start`` (not following directory symlinks, skipping SKIP_DIRS)."""
    if start.is_file():
        yield start
        return
    for dirpath, dirnames, filenames in os.walk(start, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        base = Path(dirpath)
        for name in sorted(filenames):
            yield base / name


def glob_key(pattern: str, rel_posix: str) -> str:
    """What of ``rel_posix`` the glob ``pattern`` is matched against, ripgrep-style: a
    pattern without "/" matches the file name at any depth."""
    return rel_posix if "/" in pattern else rel_posix.rsplit("/", 1)[-1]


def basename_or_path_match(pattern: str, rel_posix: str) -> bool:
    """Whether the glob ``pattern`` (a trusted one: an agent's is matched in a
    :class:`~coordinator.tools.matching.Matcher`) matches ``rel_posix`` (:func:`glob_key`)."""
    return compile_glob(pattern).match(glob_key(pattern, rel_posix)) is not None
