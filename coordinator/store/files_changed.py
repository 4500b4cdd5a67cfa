"""The files a stored session's runs changed, from its rows and events alone: each run's
Write and Edit calls that succeeded, the files its Bash commands changed
(:class:`BashChanges`), a worktree run's merged back (``worktree_merge``) or still on its
branch (:func:`unmerged_worktrees`), as ``coord log`` and ``coord run --json`` give them.
Part of the read model of stored sessions (no SQL here, no rendering).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from coordinator.event_kinds import EventKind
from coordinator.status import FileChange, MergeStatus, WriteOutcome
from coordinator.store.db import Store
from coordinator.store.rows import EventRow, ToolCallRow

#: Tools whose successful calls change a workspace file (named by their ``file_path`` input).
FILE_CHANGING_TOOLS = ("Write", "Edit")


@dataclass
class BashChanges:
    """What a run's Bash commands changed: each file's change over all of them
    (``created``, ``updated`` or ``deleted``), and how many commands' changes were not
    followed (a workspace of too many files: :mod:`coordinator.tools.changes`), the last
    one's why."""

    files: dict[str, str] = field(default_factory=dict)
    unfollowed: int = 0
    why: str = ""

    def add(self, path: str, change: str) -> None:
        """Count a command's ``change`` to ``path`` after the run's earlier ones."""
        was = self.files.get(path)
        if was == FileChange.CREATED and change != FileChange.DELETED:
            return  # (made by the run, whatever came after but its removal)
        if was == FileChange.DELETED and change == FileChange.CREATED:
            change = FileChange.UPDATED
        self.files[path] = str(change)


def changed_files(store: Store, session_id: str) -> list[str]:
    """Workspace paths the session changed, in order, once each: those its file-changing
    tool calls changed (a Write of what the file held is none), but for a run in a
    worktree (``isolation: worktree``) the files its merge brought back, as git compared
    them with the last commit (a write of what the file held changed nothing; a file a
    command made is a change; nothing merged back, none)."""
    paths: list[str] = []
    calls, root = store.all_tool_calls(session_id), store.session(session_id).workspace
    _add_new(paths, (path for _, path in _changes(store, calls, store.events(session_id), root)))
    return paths


def _changes(
    store: Store, calls: list[ToolCallRow], events: list[EventRow], root: str
) -> Iterator[tuple[int, str]]:
    """(run id, path) for each file changed, in the order of the tool ``calls`` (a path may
    come more than once): a Write or Edit's (relative to the workspace ``root``, as a Bash
    command's and a merge's are), or every file a worktree run merged back."""
    merged = _merged_files(events)
    bash = _bash_calls(events)
    for call in calls:
        if call.run_id in merged:
            yield from ((call.run_id, path) for path in merged[call.run_id])
        elif _changed_a_file(call):
            yield call.run_id, _in_root(str(store.tool_input(call).get("file_path", "")), root)
        elif (call.run_id, call.tool_use_id) in bash:
            yield from ((call.run_id, path) for path, _ in bash[call.run_id, call.tool_use_id])
    for run_id, files in merged.items():  # a worktree run that called no tool (a hook wrote)
        yield from ((run_id, path) for path in files)


def _in_root(path: str, root: str) -> str:
    """A file tool's ``path`` as the model wrote it, relative to the workspace ``root``
    where it lies in it (``/srv/app/src/a.py`` and ``./src/a.py`` are ``src/a.py``, as a
    Bash command's change names it); else as written."""
    shown = os.path.normpath(path) if path else path
    if os.path.isabs(shown) and root:
        inside = os.path.relpath(shown, root)
        return shown if inside == ".." or inside.startswith("../") else inside
    return shown


def _changed_a_file(call: ToolCallRow) -> bool:
    """True for a Write or Edit that succeeded and changed what its file held."""
    if call.name not in FILE_CHANGING_TOOLS or call.state != "done" or call.is_error:
        return False
    return not (call.result or "").startswith(f"{WriteOutcome.UNCHANGED} '")


def unmerged_worktrees(events: list[EventRow]) -> dict[int, str]:
    """The branch of each run's worktree not merged back yet (an ``isolation: worktree``
    run waiting or interrupted: the files it changed are on that branch, not in the
    workspace), by run, from the session's ``events``."""
    opened = {
        event.run_id: str(event.data.get("branch") or "")
        for event in events
        if event.kind == EventKind.WORKTREE and event.run_id is not None
    }
    for event in events:
        if event.kind == EventKind.WORKTREE_MERGE:
            opened.pop(event.run_id or 0, None)
    return opened


def worktree_where(branch: str) -> str:
    """`` on branch B (merged back when the run ends)`` for files a worktree run changed
    on ``branch`` and has not merged back; "" for none."""
    return f" on branch {branch} (merged back when the run ends)" if branch else ""


def files_where(store: Store, session_id: str) -> str:
    """Where the files ``Files changed:`` names are while a worktree run of the session
    has not merged back (:func:`worktree_where`, its branches); "" when all are in the
    workspace."""
    branches = sorted(set(unmerged_worktrees(store.events(session_id)).values()))
    return worktree_where(", ".join(branches)) if branches else ""


def _merged_files(events: list[EventRow]) -> dict[int, list[str]]:
    """The files each worktree run merged back, by run (none: not merged), from the
    session's ``events``."""
    return {
        event.run_id: [str(x) for x in event.data.get("files") or []]
        if event.data.get("status") == MergeStatus.MERGED
        else []
        for event in events
        if event.kind == EventKind.WORKTREE_MERGE and event.run_id is not None
    }


def _bash_calls(events: list[EventRow]) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """The files each Bash call changed, by (run id, tool use id), each with its change,
    from the session's ``events`` (``bash_changed``)."""
    found: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for event in events:
        if event.kind == EventKind.BASH_CHANGED and event.run_id is not None:
            files = [(str(f[0]), str(f[1])) for f in event.data.get("files") or []]
            found[event.run_id, str(event.data.get("tool_use_id", ""))] = files
    return found


def _bash_changes(events: list[EventRow]) -> dict[int, BashChanges]:
    """What each run's Bash commands changed (:class:`BashChanges`), by run id."""
    found: dict[int, BashChanges] = {}
    for event in events:
        if event.kind == EventKind.BASH_CHANGED and event.run_id is not None:
            run = found.setdefault(event.run_id, BashChanges())
            for path, change in event.data.get("files") or []:
                run.add(str(path), str(change))
            if why := str(event.data.get("unfollowed") or ""):
                run.unfollowed, run.why = run.unfollowed + 1, why
    return found


def _add_new(paths: list[str], more: Iterable[str]) -> None:
    """Append each of ``more`` (not empty) that ``paths`` does not hold yet."""
    for path in more:
        if path and path not in paths:
            paths.append(path)
