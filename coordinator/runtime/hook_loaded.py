"""Claude Code's ``InstructionsLoaded`` hook event: one firing per instruction file loaded.

An observer, as in Claude Code: it fires once for each CLAUDE.md file or rule
(``.claude/rules/*.md``, ``~/.claude/rules/*.md``) an agent is given, and cannot block or
change anything (its exit code, JSON and output are ignored; a failure or timeout is only
logged, as its ``hook`` event). Its input, besides the common fields: ``file_path``
(absolute), ``memory_type`` (``Managed``, ``User``, ``Project``, ``Local``; an imported
file has its importer's), ``load_reason`` (which its matcher is compared with) and, where
they apply, ``globs`` (a ``paths:`` rule's patterns), ``trigger_file_path`` (the file whose
Read brought it) and ``parent_file_path`` (the file whose ``@import`` included it). Names,
never contents: an instruction file's text does not reach a hook.

When it fires (:class:`coordinator.runtime.agent_run.AgentRunner`): for the files in a
run's system prompt (``session_start``; an import ``include``), before the run's first
model call, with SubagentStart; and again, alone, when a new process resumes the run past
that call: it is given them again, read as they are then, as a resumed Claude Code session
loads (and fires ``session_start`` for) its files again (once a process: a run resumed
twice in one process fires once; nothing stored is redone). For the files a Read brings
(``nested_traversal``: a sub-folder's ``CLAUDE.md``, ``.claude/CLAUDE.md``,
``CLAUDE.local.md`` (``Local``) or ``.claude/rules`` file for all; ``path_glob_match``: a
``paths:`` rule, a sub-folder's too, as Claude Code tells a file with ``globs`` of either;
their imports ``include``; a worktree run's with its worktree's paths): once the turn's
tools are done, before its results holding them are stored, so a driver that did not store
them (a worker's stop that ended these hooks, a kill) fires them again as it goes on with
the stored calls' results (no tool run again); once stored, a resume, which reads what was
given from the stored conversation (:mod:`coordinator.runtime.nested`), never fires for
them again.
Files not loaded (a refused import, ``omitClaudeMd: true``) fire nothing; ``compact`` never
fires (coord does not compact a conversation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from coordinator.runtime.instructions import InstructionFile, Kind, ScopedRule


class LoadReason(StrEnum):
    """Why an instruction file was loaded (InstructionsLoaded's ``load_reason``)."""

    SESSION_START = "session_start"
    NESTED_TRAVERSAL = "nested_traversal"
    PATH_GLOB_MATCH = "path_glob_match"
    INCLUDE = "include"
    COMPACT = "compact"


class MemoryType(StrEnum):
    """Whose instruction file it is (InstructionsLoaded's ``memory_type``)."""

    MANAGED = "Managed"
    USER = "User"
    PROJECT = "Project"
    LOCAL = "Local"


_MEMORY = {
    Kind.MANAGED: MemoryType.MANAGED,
    Kind.USER: MemoryType.USER,
    Kind.USER_RULE: MemoryType.USER,
    Kind.PROJECT: MemoryType.PROJECT,
    Kind.PROJECT_RULE: MemoryType.PROJECT,
    Kind.SUBFOLDER: MemoryType.PROJECT,
    Kind.SUBFOLDER_RULE: MemoryType.PROJECT,
    Kind.LOCAL: MemoryType.LOCAL,
    Kind.SUBFOLDER_LOCAL: MemoryType.LOCAL,
}


@dataclass(frozen=True)
class Loaded:
    """One instruction file as an InstructionsLoaded hook is told of it."""

    file_path: str
    memory_type: MemoryType
    load_reason: LoadReason
    globs: tuple[str, ...] | None = None
    trigger_file_path: str | None = None
    parent_file_path: str | None = None

    def fields(self) -> dict[str, Any]:
        """The event's own input fields (those that apply)."""
        found: dict[str, Any] = {
            "file_path": self.file_path,
            "memory_type": self.memory_type.value,
            "load_reason": self.load_reason.value,
        }
        if self.globs is not None:
            found["globs"] = list(self.globs)
        if self.trigger_file_path is not None:
            found["trigger_file_path"] = self.trigger_file_path
        if self.parent_file_path is not None:
            found["parent_file_path"] = self.parent_file_path
        return found


def loaded_files(
    files: Sequence[InstructionFile],
    *,
    trigger: Callable[[Path], str | None] | None = None,
    scoped: Sequence[ScopedRule] = (),
) -> list[Loaded]:
    """What InstructionsLoaded tells of ``files`` (in their order: an import after its
    importer). ``trigger`` None: the files of a run's start; else those a Read brought,
    and for each the absolute path of the file read (an import takes its importer's);
    ``scoped``: the path-scoped rules (a matching one's ``globs``)."""
    globs = {rule.path: rule.patterns for rule in scoped}
    by_name: dict[str, tuple[str, MemoryType, str | None]] = {}
    found: list[Loaded] = []
    for file in files:
        path = str(Path(file.path).absolute())
        brought = trigger(file.path) if trigger is not None else None
        if file.kind is Kind.IMPORTED:
            parent, memory, brought = by_name.get(file.via, ("", MemoryType.PROJECT, brought))
            load = Loaded(path, memory, LoadReason.INCLUDE, None, brought, parent or None)
        elif trigger is None:
            load = Loaded(path, _MEMORY[file.kind], LoadReason.SESSION_START)
        elif file.path not in globs:  # a sub-folder's file or rule for all
            reason = LoadReason.NESTED_TRAVERSAL
            load = Loaded(path, _MEMORY[file.kind], reason, None, brought)
        else:
            reason = LoadReason.PATH_GLOB_MATCH
            load = Loaded(path, _MEMORY[file.kind], reason, globs[file.path], brought)
        by_name[file.shown] = (path, load.memory_type, load.trigger_file_path)
        found.append(load)
    return found
