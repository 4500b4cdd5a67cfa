"""Claude Code's ``claudeMdExcludes``: the instruction files the settings keep out of context.

Claude Code's memory and large-codebases pages: ``claudeMdExcludes`` is a list of glob
patterns matched against the absolute path of each instruction file (``**`` spans folders;
``**/packages/web/**`` covers that package's CLAUDE.md, ``.claude/CLAUDE.md``,
``CLAUDE.local.md`` and ``.claude/rules`` files), set in any settings file (managed, user,
project, local), the lists of every file merged; a managed CLAUDE.md is never excluded.
coord reads it with the permission rules, once at the start of a process (a session's start
or resume): the files it matches are not loaded at the start nor given after a Read that
reaches them (nor do they fire InstructionsLoaded hooks), and neither is an import of
theirs that a pattern matches; a managed file and its imports always load. A pattern whose
folders lead through a link matches the file where the link leads too, as Claude Code
resolves a pattern's fixed folders. A worktree run's files are matched at their path in
its worktree and where the workspace holds them.

Trust: it only narrows an agent's context, so a workspace file's list counts, as Claude
Code's does (``.claude/settings.json`` and ``settings.local.json`` are protected paths: no
agent writes them during a run).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from coordinator.sanitize import clean_text
from coordinator.tools.globbing import glob_matcher, leading_alternatives, no_character

KEY = "claudeMdExcludes"
#: The first characters of a pattern that can match an absolute path (its leading braces
#: spelt out: :func:`~coordinator.tools.globbing.leading_alternatives`).
_ABSOLUTE = ("/", "*")
#: Why a pattern that starts otherwise matches no file.
_RELATIVE = "patterns are matched against absolute paths (start it with **/ or /)"
#: The characters that open a wildcard (a pattern's fixed folders end before the first).
_WILDCARDS = "*?[{"


@dataclass(frozen=True)
class Exclude:
    """One ``claudeMdExcludes`` pattern, as written, and the settings file that sets it."""

    pattern: str
    source: Path

    def matchers(self) -> list[Callable[[str], bool]]:
        """The pattern's matchers: as written and, for an absolute pattern whose fixed
        folders lead through a link, with those folders resolved."""
        found = [glob_matcher(self.pattern)]
        if self.pattern.startswith("/"):
            cut = min((i for i, c in enumerate(self.pattern) if c in _WILDCARDS), default=-1)
            fixed = self.pattern if cut == -1 else self.pattern[:cut]
            folder = os.path.dirname(fixed)
            real = os.path.realpath(folder)
            if real != folder:
                found.append(glob_matcher(real + self.pattern[len(folder) :]))
        return found


@dataclass(frozen=True)
class ClaudeMdExcludes:
    """Every file's ``claudeMdExcludes`` patterns, merged; ``tree``: for a worktree run's
    files, its worktree and the workspace (a file is matched where either holds it)."""

    entries: tuple[Exclude, ...] = ()
    tree: tuple[Path, Path] | None = None

    def __bool__(self) -> bool:
        return bool(self.entries)

    def in_tree(self, worktree: Path, workspace: Path) -> ClaudeMdExcludes:
        """These patterns for the files of the worktree ``worktree`` of ``workspace``."""
        return replace(self, tree=(worktree, workspace))

    def excluding(self, path: Path) -> Exclude | None:
        """The first pattern matching the instruction file ``path`` (None: it loads)."""
        if not self.entries:
            return None
        named = os.path.abspath(path)
        names = [named]
        if self.tree is not None and path.is_relative_to(self.tree[0]):
            names.append(os.path.join(self.tree[1], os.path.relpath(named, self.tree[0])))
        for entry in self.entries:
            if any(match(name) for match in _matchers(entry) for name in names):
                return entry
        return None


@lru_cache(maxsize=256)
def _matchers(entry: Exclude) -> list[Callable[[str], bool]]:
    """:meth:`Exclude.matchers`, found once a process."""
    return entry.matchers()


def read_excludes(path: Path, data: Mapping[str, Any], warnings: list[str]) -> list[Exclude]:
    """The ``claudeMdExcludes`` patterns of the settings file ``path`` (its ``data``); a
    value that is no list, an entry that is no pattern or one that can match no absolute
    path (none of its leading braces' alternatives): one line in ``warnings``, skipped;
    its relative alternatives or a class matching no character (``[z-a]``): one line, kept."""
    value = data.get(KEY)
    if value is None:
        return []
    if not isinstance(value, list):
        warnings.append(f"{path}: {KEY} must be a list of glob patterns: ignored")
        return []
    found: list[Exclude] = []
    for entry in value:
        if not isinstance(entry, str) or not entry.strip() or not _path_text(entry):
            warnings.append(f"{path}: {KEY}: {entry!r} is no pattern: skipped")
            continue
        starts = leading_alternatives(entry)
        relative = [alt for alt in starts if not alt.startswith(_ABSOLUTE)]
        if len(relative) == len(starts):
            warnings.append(f"{path}: {KEY}: {entry!r} matches no file: {_RELATIVE}")
            continue
        if relative:
            shown = ", ".join(repr(alt) for alt in relative)
            warnings.append(f"{path}: {KEY}: {entry!r}: its {shown} match no file: {_RELATIVE}")
        warnings += [f"{path}: {KEY}: {entry!r}: {said}" for said in no_character(entry)]
        found.append(Exclude(entry, path))
    return found


def _path_text(text: str) -> bool:
    """Whether a path could hold ``text``: no NUL, no lone surrogate (JSON's ``"\\ud800"``)."""
    return "\x00" not in text and clean_text(text) == text
