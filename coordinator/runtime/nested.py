"""Instruction files given when an agent reads a file they cover, as Claude Code gives them.

Claude Code loads a sub-folder's instruction files when it reads a file in that sub-folder
(its ``getMemoryFilesForNestedDirectory``, for each folder from the workspace down to the
file's: ``CLAUDE.md``, ``.claude/CLAUDE.md``, ``CLAUDE.local.md``, the ``.claude/rules`` files
for all, then those whose ``paths:`` match the file relative to that folder), and a rule file
whose frontmatter has ``paths:`` (``~/.claude/rules/``, ``.claude/rules/``) when it reads a
file one of its patterns matches (its docs: rules "trigger when Claude reads files matching
the pattern, not on every tool use"); the user's such rules first, the workspace's after the
sub-folders' files. coord does the same for the Read tool: after
the results of a turn whose Reads reach such files, one text block names and holds each
file not given before in the run, read under :mod:`coordinator.runtime.instructions`' trust
rules (a workspace file quoted, its imports confined to files of the workspace an agent may
read, each import that is not a warning in the block), unless the agent sets
``omitClaudeMd: true``. A worktree run's Reads bring its worktree's own copies (its
sub-folders' files, its ``.claude/rules``), under the same rules with the worktree
as the workspace: an import leaving the worktree loads nothing.

What was given is read back from the run's stored conversation: the block's first line is
:data:`HEAD` and its second the JSON list of the files it handled (given, or refused with a
warning), so a resumed run, or the next turn, gives none of them again, and a crash before
the turn's results are stored gives them once, with those results. The names are relative
to the run's workspace (a worktree run's: its worktree), so they do not depend on where a
resumed run's worktree lies.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from coordinator.runtime.instructions import (
    CLAUDE_MD,
    LOCAL_MD,
    NOT_LOADED,
    InstructionFile,
    InstructionReader,
    Instructions,
    Kind,
    ScopedRule,
    class_warnings,
    path_patterns,
    rule_files,
)
from coordinator.runtime.md_excludes import ClaudeMdExcludes
from coordinator.runtime.prompt_files import PromptFiles
from coordinator.tools.globbing import glob_matcher

log = logging.getLogger(__name__)

#: The first line of the block that gives them (how a stored conversation shows one).
HEAD = "# Instructions for the files just read (CLAUDE.md files and rules)"
ABOUT = (
    "Claude Code gives these when it reads a file they cover: the CLAUDE.md files and rules "
    "of its sub-folders and the rules for its path, each named by where it lies (the "
    "broadest first)."
)


class ReadInstructions:
    """The sub-folders' CLAUDE.md files and path-scoped rules a read of a workspace file
    brings, for the workspace of ``files``; ``base``: the hierarchy already in the system
    prompt (its files are never given again; its ``scoped`` rules are the ones matched);
    ``excludes``: the files never given (``claudeMdExcludes``: not even named).
    (A plain class: see :class:`PromptFiles`.)"""

    __slots__ = ("base", "excludes", "files", "home", "rules")

    def __init__(
        self,
        files: PromptFiles,
        home: Path,
        base: Instructions,
        excludes: ClaudeMdExcludes | None = None,
    ) -> None:
        self.files = files
        self.home = home
        self.base = base
        self.excludes = excludes
        #: Sub-folders' rule files read so far: their stat key and ``paths:`` patterns.
        self.rules: dict[Path, tuple[tuple[int, int, int], tuple[str, ...] | None]] = {}

    def sources(self, read: str) -> list[tuple[Path, Kind]]:
        """What a Read of ``read`` (its ``file_path``) reaches, in Claude Code's order: the
        user's path-scoped rules matching its workspace-relative path; then, in each folder
        below the workspace root down to the file's, what :meth:`_folder` finds; then the
        workspace's path-scoped rules matching; none outside the workspace. (Strings, not
        :class:`Path`: a Path costs ~30 K instructions each.)"""
        if self.files.root is None:
            return []
        root = str(self.files.root).rstrip("/")
        target = os.path.normpath(os.path.join(root, read))
        if not target.startswith(root + "/"):
            return []
        rel = target[len(root) + 1 :]
        scoped = [(r.path, r.kind) for r in self.base.scoped if _matches(r.patterns, rel)]
        found = [rule for rule in scoped if rule[1] is Kind.USER_RULE]
        folder = root
        for part in rel.split("/")[:-1]:
            folder += "/" + part
            # (a folder holding none of them, the common case, costs three checks)
            if (
                _there(f"{folder}/{CLAUDE_MD}")
                or _there(f"{folder}/.claude")
                or _there(f"{folder}/{LOCAL_MD}")
            ):
                found += self._folder(folder, target[len(folder) + 1 :])
        return found + [rule for rule in scoped if rule[1] is not Kind.USER_RULE]

    def _folder(self, folder: str, rel: str) -> list[tuple[Path, Kind]]:
        """What the sub-folder ``folder`` gives a Read of its file ``rel``, as Claude Code's
        ``getMemoryFilesForNestedDirectory`` loads them: its ``CLAUDE.md``,
        ``.claude/CLAUDE.md``, ``CLAUDE.local.md``, then its ``.claude/rules`` files (those
        for all, then those whose ``paths:`` match ``rel``)."""
        found: list[tuple[Path, Kind]] = []
        if _there(path := folder + "/" + CLAUDE_MD):
            found.append((Path(path), Kind.SUBFOLDER))
        dot = _there(folder + "/.claude")
        if dot and _there(path := folder + "/.claude/" + CLAUDE_MD):
            found.append((Path(path), Kind.SUBFOLDER))
        if _there(path := folder + "/" + LOCAL_MD):
            found.append((Path(path), Kind.SUBFOLDER_LOCAL))
        if dot:
            found += self._folder_rules(Path(folder, ".claude", "rules"), rel)
        return found

    def _folder_rules(self, rules: Path, rel: str) -> list[tuple[Path, Kind]]:
        """The rule files of a sub-folder's ``.claude/rules`` a Read of its file ``rel``
        brings: those for all, then those whose ``paths:`` (relative to the sub-folder, as
        Claude Code matches a project rule) match; none when the folder may not be read (a
        link out of the workspace, a Read deny rule: no file name from there is given)."""
        if not os.path.isdir(rules) or not self.files.readable(rules):
            return []
        everyone: list[tuple[Path, Kind]] = []
        matched: list[tuple[Path, Kind]] = []
        for path in rule_files(rules):
            patterns = self._patterns(path)
            if patterns is None:
                everyone.append((path, Kind.SUBFOLDER_RULE))
            elif _matches(patterns, rel):
                matched.append((path, Kind.SUBFOLDER_RULE))
        return everyone + matched

    def _patterns(self, path: Path) -> tuple[str, ...] | None:
        """The ``paths:`` patterns of a sub-folder's rule file (None: a rule for all, or one
        not read under the trust rules, which the reader then warns of once), kept in
        :attr:`rules` while the file's time, size and inode stay the same."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        key = (info.st_mtime_ns, info.st_size, info.st_ino)
        kept = self.rules.get(path)
        if kept is not None and kept[0] == key:
            return kept[1]
        data = self.files.read(path)
        try:
            patterns = None if data is None else path_patterns(data.decode("utf-8"))
        except UnicodeDecodeError:
            patterns = None
        if patterns is not None:  # the user's to fix: told once while the file stays the same
            shown = os.path.relpath(path, self.files.root or "/")
            for line in class_warnings(shown, patterns):
                log.warning("warning: instructions: %s", line)
        self.rules[path] = (key, patterns)
        return patterns

    def scoped(self) -> list[ScopedRule]:
        """The path-scoped rules a Read may match: the hierarchy's and the sub-folders' read
        so far (for InstructionsLoaded's ``globs``)."""
        root = self.files.root or Path()
        return self.base.scoped + [
            ScopedRule(path, path.relative_to(root).as_posix(), Kind.SUBFOLDER_RULE, patterns)
            for path, (_, patterns) in self.rules.items()
            if patterns is not None
        ]

    def given(self, reads: list[str], messages: list[Any]) -> Given | None:
        """What to give after the turn's results for its Reads ``reads`` (None: nothing),
        given the run's ``messages`` so far."""
        sources: list[tuple[Path, Kind]] = []
        for read in reads:
            sources += self.sources(read)
        if not sources:  # (the common case: the conversation is not read)
            return None
        root = self.files.root or Path()
        reader = InstructionReader(root, self.home, None, self.files, self.excludes)
        before = given_in(messages) | {f.shown for f in self.base.files}
        fresh = [
            (p, k)
            for p, k in dict.fromkeys(sources)
            if reader.shown(p) not in before and not reader.excluded(p)
        ]
        found = reader.load_on_read(fresh)
        files = [f for f in found.files if f.shown not in before]
        handled = [reader.shown(p) for p, _ in fresh]
        handled += [f.shown for f in files if f.shown not in handled]
        return Given(handled, files, found.warnings, reads, self) if handled else None


class Given:
    """The files a turn's Reads bring: the names handled (given, or refused with a
    warning), the files given, in order, the warnings; the turn's Reads (their
    ``file_path``) and the :class:`ReadInstructions` that found them (the workspace's or a
    worktree's), for :meth:`trigger` and :attr:`scoped`."""

    __slots__ = ("files", "handled", "reads", "source", "warnings")

    def __init__(
        self,
        handled: list[str],
        files: list[InstructionFile],
        warnings: list[str],
        reads: list[str],
        source: ReadInstructions,
    ) -> None:
        self.handled = handled
        self.files = files
        self.warnings = warnings
        self.reads = reads
        self.source = source

    @property
    def scoped(self) -> list[ScopedRule]:
        """The path-scoped rules of the workspace (or worktree) the files came from, its
        sub-folders' too."""
        return self.source.scoped()

    def trigger(self, path: Path) -> str | None:
        """The absolute path of the first file read that brought ``path`` (None: no Read
        did) in the workspace (or worktree) the files came from; worked out again for
        InstructionsLoaded hooks only (nothing is kept for it on a run without them)."""
        root = self.source.files.root or Path()
        for read in self.reads:
            if any(found == path for found, _ in self.source.sources(read)):
                return os.path.normpath(os.path.join(root, read))
        return None

    def head(self) -> str:
        """The block's first lines: :data:`HEAD`, the names handled, what the files are."""
        return f"{HEAD}\n{json.dumps(self.handled)}\n\n{ABOUT}"


def given_in(messages: list[Any]) -> set[str]:
    """The instruction files the blocks of ``messages`` (a run's conversation) handled."""
    given: set[str] = set()
    for message in messages:
        content = message.get("content") if message.get("role") == "user" else None
        if not isinstance(content, list):
            continue
        for block in content:
            text = block.get("text") if block.get("type") == "text" else None
            if isinstance(text, str) and text.startswith(HEAD + "\n"):
                given.update(_names(text[len(HEAD) + 1 :].split("\n", 1)[0]))
    return given


def _names(line: str) -> list[str]:
    """The names a block's second line lists (none when it is not a JSON list: a hook's
    text that happens to start like one)."""
    try:
        names = json.loads(line)
    except ValueError:
        return []
    return [str(name) for name in names] if isinstance(names, list) else []


def lost_rules(root: Path, workspace: Instructions, tree: Instructions) -> list[str]:
    """The warnings of the worktree at ``root`` (its hierarchy ``tree``) that say why a
    ``paths:`` rule of the ``workspace`` its worktree holds too was not loaded there (a
    link into the workspace leads outside the worktree; a copy not UTF-8): its run's Reads
    are given none of it, and the run's notice named the workspace's problems alone. Its
    other warnings are not: they are the notice's (the user's files), or name a file the
    run is not given (its system prompt holds the workspace's top-level files). A warning
    is told by the file it names and what it says (:class:`Warned`), not by its text."""
    loaded = {r.shown for r in tree.scoped} | {f.shown for f in tree.files}
    lost = {
        r.shown
        for r in workspace.scoped
        if r.kind is Kind.PROJECT_RULE and r.shown not in loaded and os.path.lexists(root / r.shown)
    }
    return [w.text for w in tree.warned if w.shown in lost and w.why in NOT_LOADED]


def _there(path: str) -> bool:
    """Whether a file (or link) is at ``path``: :func:`os.path.lexists` without the
    exception it raises and catches for a missing one (~8 K instructions each, and most
    folders read hold none of the files looked for)."""
    return os.access(path, os.F_OK, follow_symlinks=False)


def _matches(patterns: tuple[str, ...], posix: str) -> bool:
    return any(glob_matcher(pattern)(posix) for pattern in patterns)
