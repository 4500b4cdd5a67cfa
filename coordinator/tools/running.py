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
import stat
from pathlib import Path

from coordinator.regular import open_regular
from coordinator.tools import owned
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


def made_by_running_commands(path: Path, *, unowned: bool = False) -> list[Path]:
    """The protected paths (absolute) that a sandboxed command now running in a workspace
    at or above the folder ``path`` may have made: read these after what lies there, and
    take what was read for an agent's when it lies in one of them or changed meanwhile.
    The lists of a ``.coordinator`` folder below another are read only when coord made it
    (:func:`~coordinator.tools.owned.is_own`): one a command of the workspace above made
    (``app/.coordinator/running``, a list it holds locked while it runs) had the user's
    own settings read as missing, their permission rules and hooks with them. With
    ``unowned``, theirs too: for a reader that only leaves out what is listed (the roster:
    a list there leaves out more, never lets more in)."""
    found: list[Path] = []
    folder, lists = str(path), f"{FOLDER}/{RUNNING_DIR}"
    while True:  # (strings, not Paths: every start walks this up from each file it reads)
        if os.path.isdir(os.path.join(folder, lists)):
            listed = _listed(Path(folder))  # (mostly none: only while a command runs)
            if listed and (unowned or _trusted(folder)):
                found += [Path(folder, name) for name in listed]
        parent = os.path.dirname(folder)
        if parent == folder:
            return found
        folder = parent


def _trusted(folder: str) -> bool:
    """Whether the lists in ``folder``'s ``.coordinator`` are coord's: no folder above has
    a ``.coordinator`` (agents ran there: its commands could write below it), or coord
    made this one."""
    above = folder
    while (parent := os.path.dirname(above)) != above:
        if os.path.isdir(os.path.join(parent, FOLDER)):
            return owned.is_own(Path(folder, FOLDER))
        above = parent
    return True


#: Why a file is left out (read as missing) that a running command may have made.
MADE_MEANWHILE = (
    "left out: a command running in the workspace may have made it (it was missing when "
    "that command started; what it makes there is undone when it ends)"
)
#: How often a file that changed while it was read is read again (:func:`read_unmade`).
_READS = 3


class MadeMeanwhile(Exception):
    """A file that a sandboxed command still running may have made, or that kept changing
    while it was read: read it as missing (:data:`MADE_MEANWHILE` says why)."""


def read_unmade(path: Path) -> bytes | None:
    """The bytes of the regular file ``path`` (links followed; None when missing), when no
    sandboxed command still running may have made it. It is read, then the running
    commands' lists, then its identity again: a command that ended meanwhile undid what
    was read (the file is gone or another), and one that started meanwhile is listed. A
    file that changed meanwhile is read again; MadeMeanwhile when it is listed (or kept
    changing); OSError when it cannot be read (a FIFO is not waited on)."""
    for _ in range(_READS):
        data, identity = _read(path)
        made = _made_around(path)
        if _identity(path) != identity:
            continue
        if made:
            raise MadeMeanwhile(MADE_MEANWHILE)
        if isinstance(data, OSError):
            raise data
        return data
    raise MadeMeanwhile(MADE_MEANWHILE)


_Identity = tuple[int, int, int, int] | None


def _read(path: Path) -> tuple[bytes | OSError | None, _Identity]:
    """What ``path`` holds (None: missing; the error that kept it from being read) and the
    identity of the file read, taken after reading it (a write meanwhile changes it)."""
    try:  # (a FIFO or a device a link leads to is not opened: open_regular)
        fd = open_regular(path, follow=True)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return exc, _identity(path)
    with os.fdopen(fd, "rb") as stream:
        try:
            data: bytes | OSError = stream.read()
        except OSError as exc:
            data = exc
        info = os.fstat(fd)
    return data, (info.st_dev, info.st_ino, info.st_ctime_ns, info.st_size)


def _identity(path: Path) -> _Identity:
    """The file ``path`` leads to as one: device, inode, change time, size; None when
    missing or unreadable."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_ctime_ns, info.st_size)


def _made_around(path: Path) -> bool:
    """Whether ``path``, as spelled or where its links lead, is or lies in a protected path
    a running command may have made."""
    spelled = os.path.abspath(path)
    try:
        real = os.path.realpath(spelled, strict=False)
    except (OSError, ValueError):
        real = spelled
    for where in {spelled, real}:
        made = made_by_running_commands(Path(os.path.dirname(where)))
        if any(where == str(m) or where.startswith(f"{m}/") for m in made):
            return True
    return False


#: A folder of lists, reached through no link.
_DIR = os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _listed(folder: Path) -> list[str]:
    """What the commands running in the workspace ``folder`` listed. Its ``.coordinator``
    and ``running`` folders are opened without following a link: a list no command holds
    is removed, and a command's ``app/.coordinator/running``, a link to a folder of the
    user's, had each of its files removed as coord read a settings file there."""
    try:
        own = os.open(folder / FOLDER, os.O_PATH | _DIR)
        try:
            lists = os.open(RUNNING_DIR, os.O_RDONLY | _DIR, dir_fd=own)
        finally:
            os.close(own)
    except OSError:
        return []
    try:
        names = [e.name for e in os.scandir(lists) if not e.name.startswith(".")]
        return [name for entry in names for name in _running_list(lists, entry) or ()]
    except OSError:
        return []
    finally:
        os.close(lists)


def _running_list(lists: int, entry: str) -> list[str] | None:
    """The paths the running command's list ``entry`` (in the folder ``lists``) names;
    None (and the file removed) when no command holds it."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(entry, flags, dir_fd=lists)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # held: its command is running
            return stream.read(65536).decode("utf-8", errors="replace").splitlines()
        with contextlib.suppress(OSError):
            os.unlink(entry, dir_fd=lists)
    return None
