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
from typing import Any

from coordinator.event_kinds import EventKind
from coordinator.sanitize import shown_word
from coordinator.status import (
    BASH_TOOL,
    FILE_CHANGING_TOOLS,
    FileChange,
    MergeStatus,
    written_change,
)
from coordinator.store.db import Store
from coordinator.store.rows import CallState, EventRow, ToolCallRow

JSON = dict[str, Any]


@dataclass
class BashChanges:
    """What a run's Bash commands changed: each file's change over all of them
    (``created``, ``updated`` or ``deleted``), and how many commands' changes were not
    followed (a workspace of too many files: :mod:`coordinator.tools.changes`), the last
    one's why."""

    files: dict[str, str] = field(default_factory=dict)
    unfollowed: int = 0
    why: str = ""
    #: Each branch or tag its commands made, moved or removed (but HEAD's branch): its
    #: ``OLD..NEW`` over all of them ("" for none; redteam115).
    refs: dict[str, str] = field(default_factory=dict)

    def add_refs(self, moves: list[Any]) -> None:
        """Count a command's ref ``moves`` (``[name, OLD..NEW]``) after the run's earlier ones."""
        for name, move in moves:
            old, _, new = str(move).partition("..")
            first = self.refs.get(str(name), f"{old}..").partition("..")[0]
            if first == new:
                self.refs.pop(str(name), None)  # (put back as it was)
            else:
                self.refs[str(name)] = f"{first}..{new}"

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
    come more than once): :func:`_changes_by_call`'s without the call."""
    return ((run_id, path) for run_id, path, _ in _changes_by_call(store, calls, events, root))


def _changes_by_call(
    store: Store, calls: list[ToolCallRow], events: list[EventRow], root: str
) -> Iterator[tuple[int, str, JSON]]:
    """(run id, path, how) for each file changed, in the order of the tool ``calls`` (a
    path may come more than once): a Write or Edit's (relative to the workspace ``root``,
    as a Bash command's and a merge's are), or every file a worktree run merged back; how:
    the ``tool``, its ``tool_use_id`` and the ``change`` (:func:`file_changes`)."""
    merged = _merged_files(events)
    worktree_runs = set(merged)
    bash = _bash_calls(events)
    for call in calls:
        if call.run_id in worktree_runs:  # its files once, at its first call (review144:
            # at each call, then again after them all: calls x files x files to read)
            yield from ((call.run_id, path, _MERGED) for path in merged.pop(call.run_id, ()))
        elif _changed_a_file(call):
            path = _in_root(str(store.tool_input(call).get("file_path", "")), root)
            yield call.run_id, path, _how(call, _written(call))
        elif (call.run_id, call.tool_use_id) in bash:
            for path, change in bash[call.run_id, call.tool_use_id]:
                yield call.run_id, path, _how(call, change)
    for run_id, files in merged.items():  # a worktree run that called no tool (a hook wrote)
        yield from ((run_id, path, _MERGED) for path in files)


#: How a worktree run's merged file changed: by its merge, no one call of the workspace's.
_MERGED: JSON = {"tool": None, "tool_use_id": None, "change": str(FileChange.MERGED)}


def _how(call: ToolCallRow, change: str) -> JSON:
    """A change by ``call``: its tool, id and ``change`` (``created``, ``updated``, ...)."""
    return {"tool": call.name, "tool_use_id": call.tool_use_id, "change": change}


def _written(call: ToolCallRow) -> str:
    """What a Write or Edit that changed its file did: ``created`` (a Write's result says
    so), else ``updated``."""
    return str(written_change(call.result or "") or FileChange.UPDATED)


def file_changes(
    store: Store, calls: list[ToolCallRow], events: list[EventRow], root: str
) -> dict[int, list[JSON]]:
    """Each run's changes to workspace files, by run id, in order (``coord log --json``'s
    ``file_changes``, audit113): the ``path``, the ``tool`` call that changed it (Write,
    Edit, Bash, an MCP tool never: coord cannot see what it touched) and its
    ``tool_use_id``, and the ``change`` (``created``, ``updated``, ``deleted``;
    ``merged`` with no tool for a worktree run's merge, once a file)."""
    found: dict[int, list[JSON]] = {}
    merged: set[tuple[int, str]] = set()
    for run_id, path, how in _changes_by_call(store, calls, events, root):
        if how is _MERGED:
            if (run_id, path) in merged:
                continue
            merged.add((run_id, path))
        found.setdefault(run_id, []).append({"path": path, **how})
    return found


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
    if call.name not in FILE_CHANGING_TOOLS or call.state != CallState.DONE or call.is_error:
        return False
    return written_change(call.result or "") is not None


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


def moved_line(data: JSON) -> str | None:
    """The tree's line for a ``bash_changed`` event whose command moved HEAD
    (:func:`moved_head_line`) or other branches or tags (``refs``, redteam115); None when
    it moved none."""
    lines = [moved_head_line(data), _moved_refs_line(data.get("refs") or [])]
    return "; ".join(line for line in lines if line) or None


def _moved_refs_line(moves: list[Any]) -> str | None:
    """``a command moved refs/heads/x from A to B, made refs/tags/v at C, removed ...``."""
    said = []
    for name, move in moves[:10]:
        old, _, new = str(move).partition("..")
        shown = shown_word(str(name))
        if not old:
            said.append(f"made {shown} at {new[:12]}")
        elif not new:
            said.append(f"removed {shown} (at {old[:12]})")
        else:
            said.append(f"moved {shown} from {old[:12]} to {new[:12]}")
    more = f" and {len(moves) - 10} more" if len(moves) > 10 else ""
    return f"a command {', '.join(said)}{more}" if said else None


def moved_head_line(data: JSON) -> str | None:
    """The tree's line for a ``bash_changed`` event whose command moved HEAD (``head``:
    ``OLD..NEW``; review145): the commits, and a warning naming the protected paths they
    differ in (``protected``), which the user's own ``git checkout .`` or ``git reset
    --hard`` would write as HEAD has them; None when it did not move HEAD."""
    old, _, new = str(data.get("head") or "").partition("..")
    if not new:
        return None
    moved = f"a command moved HEAD from {old[:12] or '(no commit)'} to {new[:12]}"
    protected = [str(p) for p in data.get("protected") or []]
    if not protected:
        return f"{moved} (`git log` shows its commits)"
    shown = " ".join(shown_word(p) for p in protected[:10])
    more = f" and {len(protected) - 10} more" if len(protected) > 10 else ""
    return (
        f"warning: {moved}, changing protected paths: {shown}{more}; your `git checkout .`"
        f" or `git reset --hard` would write them as that commit has them: read "
        f"`git diff {old[:12] or 'HEAD~'} {new[:12]} -- {shown}` first"
    )


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
            run.add_refs(event.data.get("refs") or [])
    return found


def bash_commands(
    store: Store, calls: list[ToolCallRow], events: list[EventRow]
) -> dict[int, list[JSON]]:
    """Each run's Bash commands that ran (a refused one is its ``refused``), by run id, in
    order (``coord log --json``'s ``commands``, audit113): its ``tool_use_id``, the whole
    ``command`` (scrubbed as the store keeps it), its ``exit_code`` (None: killed at its
    timeout, interrupted, still running, or stored before it was recorded), ``is_error``,
    when it ``started_at`` and its ``ms`` (None while it runs)."""
    refused = {
        (e.run_id, e.data.get("tool_use_id")) for e in events if e.kind == EventKind.TOOL_REFUSED
    }
    codes = {
        (e.run_id, e.data.get("tool_use_id")): e.data.get("exit_code")
        for e in events
        if e.kind == EventKind.TOOL_RESULT
    }
    found: dict[int, list[JSON]] = {}
    for call in calls:
        key = (call.run_id, call.tool_use_id)
        if call.name != BASH_TOOL or key in refused:
            continue
        ended = call.ended_at
        found.setdefault(call.run_id, []).append({
            "tool_use_id": call.tool_use_id,
            "command": str(store.tool_input(call).get("command", "")),
            "exit_code": codes.get(key),
            "is_error": call.is_error,
            "started_at": call.started_at,
            "ms": None if ended is None else round((ended - call.started_at) * 1000),
        })  # fmt: skip
    return found


def _add_new(paths: list[str], more: Iterable[str]) -> None:
    """Append each of ``more`` (not empty) that ``paths`` does not hold yet."""
    for path in more:
        if path and path not in paths:
            paths.append(path)
