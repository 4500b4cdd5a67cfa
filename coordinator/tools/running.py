"""What a sandboxed command still running in a workspace may have made among its protected
paths, from the lists its guard holds while it runs (written by
:func:`coordinator.tools.workspace.announce_missing`).

A protected path missing when a command starts (a ``.claude/agents`` the project has not
made) can be made by that command, and is undone only when it ends; meanwhile another
session reading it must take it for an agent's. Only the standard library and the name of
coord's own folder: the roster reads these lists at every start.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from coordinator.tools.owned import FOLDER

#: In a workspace's own folder: one file per sandboxed command running there, listing the
#: protected paths that were missing when it started (``workspace.announce_missing``).
RUNNING_DIR = "running"


def made_by_a_running_command(folder: Path, rel: str) -> bool:
    """Whether ``rel`` in the workspace ``folder`` is (or lies in) a protected path that was
    missing when a sandboxed command now running there started: that command may have
    made it. A list whose command is gone (coord killed: its lock went with it) is
    removed."""
    return any(rel == name or rel.startswith(f"{name}/") for name in _listed(folder))


def made_by_running_commands(path: Path) -> list[Path]:
    """The protected paths (absolute) that a sandboxed command now running in a workspace
    at or above the folder ``path`` may have made: read these after what lies there, and
    take what was read for an agent's when it lies in one of them or changed meanwhile."""
    return [
        folder / name
        for folder in (path, *path.parents)
        if (folder / FOLDER / RUNNING_DIR).is_dir()
        for name in _listed(folder)
    ]


def _listed(folder: Path) -> list[str]:
    """What the commands running in the workspace ``folder`` listed."""
    try:
        entries = [e.path for e in os.scandir(folder / FOLDER / RUNNING_DIR)]
    except OSError:
        return []
    return [
        name
        for entry in entries
        if not Path(entry).name.startswith(".")
        for name in _running_list(entry) or ()
    ]


def _running_list(entry: str) -> list[str] | None:
    """The paths a running command's list names; None (and the file removed) when no
    command holds it."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # held: its command is running
            return stream.read(65536).decode("utf-8", errors="replace").splitlines()
        with contextlib.suppress(OSError):
            os.unlink(entry)
    return None
