"""The git directories in a workspace, found by a walk remembered between commands.

The user's own git, run later in any folder of the workspace, reads the git directory it
finds there (a ``.git`` folder, or a bare repository's folder itself) and runs what its
settings and hooks name (``core.fsmonitor`` at every ``git status``). A Bash command can
make one anywhere: a ``git init`` in a subfolder it never adds to the workspace's
repository, in a workspace that is no repository at all. The guard of each command
(``tools/sandbox.py``) lists them before and after it.

A folder's entries change only with its change time (a name added, removed or renamed),
which no command can set back; so a folder whose inode and change time are as at the last
walk is not read again, only looked at (one ``lstat``). A folder changed in the last
:data:`SETTLING_NS` is read again at the next walk (two changes in one tick of a coarse
clock share a change time).
"""

from __future__ import annotations

import os
import re
import stat
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

#: A folder changed this recently (nanoseconds) is read again at the next walk.
SETTLING_NS = 1_000_000_000
#: In a git directory, the folders that hold no git directory of the user's (objects,
#: refs and their logs: the bulk of a repository's folders).
_GIT_BULK = frozenset({"objects", "refs", "logs", "lfs"})
#: Workspaces whose walks are remembered (the least recent forgotten past it).
_KEPT_WORKSPACES = 32


@dataclass(frozen=True)
class _Folder:
    """A folder as last read: its identity (device, inode, change time; None: read it
    again), the folders in it and whether its names are a git directory's (``HEAD``, and
    ``objects`` and ``refs`` or ``commondir``: then what ``HEAD`` holds, which a write in
    place changes without the folder's change time, is read at every walk)."""

    ident: tuple[int, int, int] | None
    folders: tuple[str, ...]
    candidate: bool


_WALKS: dict[str, dict[str, _Folder]] = {}
_LOCK = threading.Lock()


def git_dirs(root: Path, skipped: Collection[Path] = ()) -> list[Path]:
    """Every git directory under the folder ``root`` (resolved), itself included when it
    is one, not following links, and not below ``skipped`` folders (coord's own, hidden
    from commands): a folder holding ``HEAD`` and ``objects`` (or a linked worktree's
    ``commondir``). Paths are strings inside: a walk may look at many thousand folders.
    Nothing for ``/``, which is no workspace (the whole machine)."""
    if root == root.parent:
        return []
    top, skip = str(root), {str(s) for s in skipped}
    with _LOCK:
        known = _WALKS.pop(top, {})
        seen: dict[str, _Folder] = {}
        found: list[Path] = []
        todo = [top]
        lstat, settled = os.lstat, time.time_ns() - SETTLING_NS
        while todo:  # (inline: ~5 us a folder at most, unchanged: one lstat)
            folder = todo.pop()
            try:
                info = lstat(folder)
            except OSError:
                continue
            ident = (info.st_dev, info.st_ino, info.st_ctime_ns)
            now = known.get(folder)
            if now is None or now.ident != ident:
                if not stat.S_ISDIR(info.st_mode):
                    continue
                now = _read(folder, ident if info.st_ctime_ns < settled else None)
            seen[folder] = now
            git = now.candidate and is_git_dir(Path(folder))
            if git:
                found.append(Path(folder))
            for name in now.folders:
                if not (git and name in _GIT_BULK) and (child := f"{folder}/{name}") not in skip:
                    todo.append(child)
        _WALKS[top] = seen
        while len(_WALKS) > _KEPT_WORKSPACES:
            del _WALKS[next(iter(_WALKS))]
    return sorted(found)


def _read(folder: str, ident: tuple[int, int, int] | None) -> _Folder:
    names: dict[str, bool] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    names[entry.name] = entry.is_dir(follow_symlinks=False)
                except OSError:
                    names[entry.name] = False
    except OSError:
        return _Folder(None, (), False)
    candidate = "HEAD" in names and ("commondir" in names or {"objects", "refs"} <= set(names))
    return _Folder(ident, tuple(n for n, is_dir in names.items() if is_dir), candidate)


def is_git_dir(folder: Path) -> bool:
    """Whether git takes ``folder`` for a git directory, as git's own test does: ``objects``
    and ``refs`` folders (or a linked worktree's ``commondir``) and a ``HEAD`` naming a ref
    or an object."""
    bulk = all(os.access(folder / name, os.X_OK) for name in ("objects", "refs"))  # as git
    if not bulk and not os.path.isfile(folder / "commondir"):
        return False
    head = folder / "HEAD"
    try:
        if head.is_symlink():  # (git still takes a link to refs/...)
            return os.readlink(head).startswith("refs/")
        fd = os.open(head, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return False
        text = fh.read(256)
    return _HEAD.match(text) is not None


#: What git takes for a ``HEAD``: a symbolic ref, or what starts with an object's name (git
#: reads its first 40 hexadecimal digits, and nothing after them).
_HEAD = re.compile(rb"ref:\s*refs/|[0-9a-fA-F]{40}")
