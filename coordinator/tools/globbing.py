"""Glob patterns (``**``, ``*``, ``?``, ``[...]``, ``{a,b}``) and a confined file walker."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Directories never descended into while walking (they are still searchable when named
#: as the starting ``path`` itself).
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", ".mypy_cache", ".coordinator"}
)


#: A glob parsed: a literal character, or ``(kind, arg)``: one of :data:`_SPANS` (a wildcard
#: spanning text), ``("one", None)`` (``?``), ``("class", regex)`` (``[...]``), ``("alt",
#: alternatives)`` (``{a,b}``, each a list of items).
Item = str | tuple[str, Any]
#: What each wildcard spanning text is, as a regular expression: ``**/`` (any folders, or
#: none), ``**`` (anything), ``*`` (anything but ``/``).
_SPANS = {"dirs": "(?:.*/)?", "any": ".*", "star": "[^/]*"}


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile a glob over POSIX relative paths into a regex matching the whole path."""
    items, _ = _parse(pattern, 0, in_braces=False)
    return re.compile(rf"(?s:{_regex(items)})\Z")


def _parse(pat: str, i: int, *, in_braces: bool) -> tuple[list[Item], int]:
    out: list[Item] = []
    n = len(pat)
    while i < n:
        c = pat[i]
        if in_braces and c in ",}":
            return out, i
        if pat.startswith("**/", i):
            out.append(("dirs", None))
            i += 3
        elif pat.startswith("**", i):
            out.append(("any", None))
            i += 2
        elif c in "*?":
            out.append(("star" if c == "*" else "one", None))
            i += 1
        elif c == "[":
            cls, i = _char_class(pat, i)
            out.append(("class", cls) if cls is not None else "[")
        elif c == "{":
            alt, i = _braces(pat, i)
            out += alt
        else:
            out.append(c)
            i += 1
    return out, i


def _char_class(pat: str, i: int) -> tuple[str | None, int]:
    """``[...]`` at ``i`` as a regex class, and where it ends; None when unclosed. A ``]``
    first in it is one of its characters (``[]a]``), as for the shell and ``re``: an empty
    class ``[]`` made ``re`` read on to the next ``]``, the glob's text its members. A
    class ``re`` refuses (a backwards range, ``[z-a]``) matches no character
    (:data:`_NO_CHARACTER`): as Python's fnmatch and Claude Code's picomatch read it, not a
    ``re.error`` stopping coord (an agent can write a glob a later run reads: a sub-folder's
    rule file's ``paths:``, its settings)."""
    first = i + 2 if pat[i + 1 : i + 2] in ("!", "^") else i + 1
    end = pat.find("]", first + 1)
    if end == -1:
        return None, i + 1
    body = pat[i + 1 : end]
    if body[:1] in ("!", "^"):
        body = "^" + body[1:]
    cls = "[" + body.replace("\\", "\\\\") + "]"
    try:
        re.compile(cls)
    except re.error:
        return _NO_CHARACTER, end + 1
    return cls, end + 1


#: A class that matches no character (what a class ``re`` refuses reads as).
_NO_CHARACTER = "(?!)"


def empty_classes(pattern: str) -> list[str]:
    """The classes of ``pattern``, as written, that match no character (a backwards range,
    ``[z-a]``: :func:`_char_class`): what a settings file's reader warns of."""
    found: list[str] = []
    i = pattern.find("[")
    while i != -1:
        cls, end = _char_class(pattern, i)
        if cls == _NO_CHARACTER:
            found.append(pattern[i:end])
        i = pattern.find("[", end if cls is not None else i + 1)
    return found


def no_character(pattern: str) -> list[str]:
    """``[z-a] matches no character (a backwards range)`` for each class of ``pattern``
    that matches none (:func:`empty_classes`): how each reader's warning ends."""
    return [f"{cls} matches no character (a backwards range)" for cls in empty_classes(pattern)]


#: At most this many of a pattern's leading alternatives are spelt out.
_MAX_LEADING = 64


def leading_alternatives(pattern: str) -> list[str]:
    """``pattern`` with its leading braces spelt out (``{a,b}/x``: ``a/x``, ``b/x``; nested
    ones too, at most :data:`_MAX_LEADING`): how it can start. An unclosed brace is a
    ``{`` (as :func:`_braces` reads it): the pattern alone."""
    if not pattern.startswith("{"):
        return [pattern]
    options, end = _brace_options(pattern)
    if end is None:
        return [pattern]
    found: list[str] = []
    for option in options:
        found += leading_alternatives(option + pattern[end:])
        if len(found) >= _MAX_LEADING:
            return found[:_MAX_LEADING]
    return found


def _brace_options(pattern: str) -> tuple[list[str], int | None]:
    """The alternatives of the brace opening ``pattern`` and where it closes (None:
    unclosed), braces within them kept whole."""
    options: list[str] = []
    depth, start = 0, 1
    for at, c in enumerate(pattern):
        if c == "{":
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                return [*options, pattern[start:at]], at + 1
        elif c == "," and depth == 1:
            options.append(pattern[start:at])
            start = at + 1
    return [], None


def _braces(pat: str, i: int) -> tuple[list[Item], int]:
    options: list[list[Item]] = []
    j = i + 1
    while True:
        part, j = _parse(pat, j, in_braces=True)
        options.append(part)
        if j >= len(pat):  # unclosed brace: treat "{" literally
            rest, k = _parse(pat, i + 1, in_braces=False)
            return ["{", *rest], k
        if pat[j] == "}":
            return [("alt", options)], j + 1
        j += 1  # skip ","


def _regex(items: list[Item]) -> str:
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(re.escape(item))
        elif item[0] == "alt":
            out.append("(?:" + "|".join(_regex(option) for option in item[1]) + ")")
        else:
            out.append(_SPANS.get(item[0]) or item[1] or "[^/]")
    return "".join(out)


@lru_cache(maxsize=256)
def glob_matcher(pattern: str) -> Callable[[str], bool]:
    """Whether a text matches the glob ``pattern`` whole (:func:`compile_glob`'s answer),
    safe on an agent's text in coord's own process: the regex where the pattern has at
    most two wildcards and braces in all, else :class:`_Automaton`, linear in the text.
    ``re`` backtracks, holding the GIL: a permission rule ``Read(**/**/**/**/**/**/x)``
    against a path of 100 folders took 72 s, ``*a*a*a*a*a*a*a*b`` against a name of 50
    ``a`` 4 s (each more, exponentially), ``{a,a}`` repeated against a run of ``a``
    likewise; an agent chooses the paths, and can write such a rule where a later run
    reads it (``sub/.claude/settings.json``, or a repository's own settings)."""
    items, _ = _parse(pattern, 0, in_braces=False)
    if _wildcards(items) <= 2:
        regex = compile_glob(pattern)
        return lambda text: regex.match(text) is not None
    return _Automaton(items).matches


def _wildcards(items: list[Item]) -> int:
    """How many wildcards spanning text and braces ``items`` hold, those inside braces too."""
    found = 0
    for item in items:
        if isinstance(item, tuple) and item[0] == "alt":
            found += 1 + sum(_wildcards(option) for option in item[1])
        elif isinstance(item, tuple) and item[0] in _SPANS:
            found += 1
    return found


#: How many sets of states an automaton keeps the moves of (a DFA built as it is used).
_AUTOMATON_STATES = 4096


class _Automaton:
    """A glob as a nondeterministic automaton, run on the set of states it may be in
    (Thompson's): each character of the text is looked at once, whatever the pattern.
    The move from a set on a character is kept (at most :data:`_AUTOMATON_STATES` sets),
    so a path is matched at the speed of a dictionary look-up per character."""

    def __init__(self, items: list[Item]) -> None:
        self.kinds: list[str] = []
        self.args: list[Any] = []
        self.nexts: list[tuple[int, ...]] = []
        self.accept = self._add("accept", None, ())
        self.start = self._closure({self._sequence(items, self.accept)})
        self.moves: dict[tuple[frozenset[int], str], frozenset[int]] = {}

    def _add(self, kind: str, arg: Any, nexts: tuple[int, ...]) -> int:
        self.kinds.append(kind)
        self.args.append(arg)
        self.nexts.append(nexts)
        return len(self.kinds) - 1

    def _sequence(self, items: list[Item], after: int) -> int:
        for item in reversed(items):
            after = self._item(item, after)
        return after

    def _item(self, item: Item, after: int) -> int:
        if isinstance(item, str):
            return self._add("char", item, (after,))
        kind, arg = item
        if kind == "alt":
            return self._add("split", None, tuple(self._sequence(o, after) for o in arg))
        if kind in ("one", "class"):
            test = re.compile(arg, re.DOTALL) if kind == "class" else None
            return self._add("class" if test else "one", test, (after,))
        loop = self._add("split", None, ())
        body = self._add("one" if kind == "star" else "char-any", None, (loop,))
        if kind != "dirs":
            self.nexts[loop] = (body, after)
            return loop
        self.nexts[loop] = (body, self._add("char", "/", (after,)))
        return self._add("split", None, (after, loop))

    def _closure(self, states: set[int]) -> frozenset[int]:
        todo, seen = list(states), set(states)
        while todo:
            state = todo.pop()
            if self.kinds[state] == "split":
                fresh = [s for s in self.nexts[state] if s not in seen]
                seen.update(fresh)
                todo += fresh
        return frozenset(s for s in seen if self.kinds[s] != "split")

    def matches(self, text: str) -> bool:
        """Whether ``text`` matches the glob whole."""
        current = self.start
        for char in text:
            key = (current, char)
            found = self.moves.get(key)
            if found is None:
                found = self._move(current, char)
                if len(self.moves) >= _AUTOMATON_STATES:
                    self.moves.clear()
                self.moves[key] = found
            if not found:
                return False
            current = found
        return self.accept in current

    def _move(self, states: frozenset[int], char: str) -> frozenset[int]:
        reached = set()
        for state in states:
            kind, arg = self.kinds[state], self.args[state]
            if (
                kind == "char-any"
                or (kind == "char" and char == arg)
                or (kind == "one" and char != "/")
                or (kind == "class" and arg.fullmatch(char) is not None)
            ):
                reached.add(self.nexts[state][0])
        return self._closure(reached)


def walk_files(start: Path) -> Iterator[Path]:
    """Every file under ``start`` (resolved; not following directory symlinks, skipping
    SKIP_DIRS), each folder's files before its folders, in name order. Each folder is
    opened by name from its parent's descriptor, never through a link and only as a folder
    (``O_NOFOLLOW | O_DIRECTORY``, so a FIFO put in its place blocks nothing), and ``start``
    checked to be opened where it is spelled: ``os.walk`` looked at a folder, then listed
    it by its path, and a folder a running command swapped for a link in between showed
    the names of a folder outside the workspace (trust41)."""
    if start.is_file():
        yield start
        return
    try:
        fd = os.open(start, _DIR_OPEN)
    except OSError:
        return
    if not _opened_at(fd, str(start)):
        os.close(fd)
        return
    yield from _walked_from(fd, str(start))


#: How the walk opens a folder: read-only, a folder only, no link followed, never blocking.
_DIR_OPEN = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _walked_from(fd: int, top: str) -> Iterator[Path]:
    """:func:`walk_files` from the open folder ``fd`` (closed at the end), spelled ``top``:
    one descriptor held per depth, no recursion."""
    opened: list[tuple[int, str, Iterator[str]]] = []
    here: tuple[int, str] | None = (fd, top)
    try:
        while here is not None or opened:
            if here is not None:
                folders, files = _listed(here[0])
                opened.append((*here, iter(folders)))
                here = None
                base = Path(opened[-1][1])
                yield from (base / name for name in files)
                continue
            parent, path, names = opened[-1]
            name = next(names, None)
            if name is None:
                os.close(opened.pop()[0])
                continue
            try:
                here = (os.open(name, _DIR_OPEN, dir_fd=parent), f"{path}/{name}")
            except OSError:  # now a link, a file, gone, unreadable: not walked
                continue
    finally:
        for folder in [*(o[0] for o in opened), *([here[0]] if here is not None else [])]:
            os.close(folder)


def _listed(fd: int) -> tuple[list[str], list[str]]:
    """The folder ``fd``'s subfolders (not SKIP_DIRS; a link to a folder counts, as for
    ``os.walk``, and is not walked) and other entries, each sorted; empty when unreadable."""
    folders: list[str] = []
    files: list[str] = []
    try:
        with os.scandir(fd) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (folders if is_dir else files).append(entry.name)
    except OSError:
        return [], []
    return sorted(d for d in folders if d not in SKIP_DIRS), sorted(files)


def _opened_at(fd: int, spelled: str) -> bool:
    """Whether the folder ``fd`` is the one at ``spelled`` (no link on its way was swapped
    in after it was resolved): what the kernel names it (``/proc``), or its identity."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}") == spelled
    except OSError:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(spelled, follow_symlinks=False))
        except OSError:
            return False


def glob_key(pattern: str, rel_posix: str) -> str:
    """What of ``rel_posix`` the glob ``pattern`` is matched against, ripgrep-style: a
    pattern without "/" matches the file name at any depth."""
    return rel_posix if "/" in pattern else rel_posix.rsplit("/", 1)[-1]
