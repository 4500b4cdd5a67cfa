"""A session folder another run's commands could swap for a link, opened without a gap.

``app/.coordinator`` below a workspace coord ran agents in (a monorepo run at ``proj`` and
``coord run -w proj/app``) lies where the outer run's commands can write: between coord's
check that it is no link (:func:`~coordinator.store.schema.refuse_planted_links`) and its
use, one could rename it and put a link in its place; coord would then create its
database, lock files and ``.gitignore`` where the link leads. So there coord opens the
folder once, following no link at its name (:func:`folder_fd`), and makes and opens its own
files in that descriptor (``O_NOFOLLOW``); SQLite, which opens by path, is given a file that
exists already and is told not to create one (``mode=rw``: a swapped link leads to no such
file), and the file it opened is checked to be the one in the folder
(:func:`check_same`). SQLite opens the database's ``-wal`` and ``-shm`` by path too, later,
on the first read: coord makes that read at once and checks every file SQLite opened since
it connected is the folder's, by device and inode on the descriptors SQLite holds
(:func:`check_opened`), so a link swapped in meanwhile and swapped back is refused
too (what SQLite made through it in that moment stays). Elsewhere (``--db`` in the user's
own folders) nothing changes: a link there is the user's.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from coordinator.errors import UserError

_DIR = os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def swappable(db: Path) -> bool:
    """Whether the database ``db`` lies where a command of another run could have swapped
    its folder (:func:`~coordinator.tools.workspace.written_by_agents`)."""
    from coordinator.tools.workspace import written_by_agents_at

    try:  # the folder's own name and the file's as spelled: a link there is not followed
        spelled = db.parent.parent.resolve() / db.parent.name / db.name
    except (OSError, RuntimeError):
        return False
    return written_by_agents_at(spelled) is not None


def folder_fd(folder: Path, *, create: bool = False) -> int | None:
    """A descriptor (``O_PATH``) of ``folder``, its name not followed when a link (the
    folders above are resolved first: the user's links there are theirs); made first when
    missing and ``create``. None when missing; UserError when it is a link or no folder."""
    if create:
        folder.parent.mkdir(parents=True, exist_ok=True)
    parent = os.open(folder.parent.resolve(), _DIR)
    try:
        if create:
            try:
                os.mkdir(folder.name, 0o777, dir_fd=parent)
            except FileExistsError:
                pass
        try:
            return os.open(folder.name, _DIR, dir_fd=parent)
        except FileNotFoundError:
            return None
        except OSError:
            raise UserError(
                f"{folder} changed while coord opened it and is now a link or no folder (a "
                "command of a run in a folder above may have made it): coord creates and "
                "writes nothing through it",
                hint="Remove it (or keep this workspace's sessions elsewhere with --db).",
            ) from None
    finally:
        os.close(parent)


def open_in(folder: int, name: str, flags: int, mode: int = 0o600) -> int:
    """``name`` in the folder ``folder`` opened with ``flags``, following no link."""
    return os.open(name, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode, dir_fd=folder)


def open_beside(db: Path, name: str, flags: int, mode: int = 0o600) -> int:
    """The file ``name`` in the database ``db``'s folder (a lock file), opened with
    ``flags``: in the folder's descriptor, following no link, where another run's commands
    could have swapped the folder (:func:`swappable`); by path elsewhere."""
    if not swappable(db):
        return os.open(db.parent / name, flags | os.O_CLOEXEC, mode)
    folder = folder_fd(db.parent, create=bool(flags & os.O_CREAT))
    if folder is None:
        raise FileNotFoundError(2, "No such file or directory", str(db.parent))
    try:
        return open_in(folder, name, flags, mode)
    finally:
        os.close(folder)


def check_same(db: Path, folder: int) -> None:
    """UserError when the file at the path ``db`` (SQLite's, opened by path) is not the one
    named so in ``folder``: the folder was swapped while the database was opened."""
    try:
        here = os.stat(db.name, dir_fd=folder, follow_symlinks=False)
        there = os.stat(db)
        top = os.lstat(db.parent)
        same = stat.S_ISDIR(top.st_mode) and (top.st_dev, top.st_ino) == _ident(folder)
    except OSError:
        same = False
    if not same or (here.st_dev, here.st_ino) != (there.st_dev, there.st_ino):
        raise UserError(
            f"{db.parent} changed while coord opened {db.name} in it (a command of a run in "
            "a folder above may have swapped it for a link): coord uses nothing through it",
            hint="Remove it (or keep this workspace's sessions elsewhere with --db).",
        )


def _ident(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_dev, info.st_ino


def open_fds() -> dict[int, tuple[int, int]]:
    """The descriptors this process holds now (``/proc/self/fd``; none where absent), each
    with the device and inode of the file it leads to."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return {}
    found = {}
    for name in names:
        try:  # the folder listdir read is closed by now: left out
            found[int(name)] = _pair(os.stat(f"/proc/self/fd/{name}"))
        except OSError:
            continue
    return found


def check_opened(db: Path, folder: int, before: dict[int, tuple[int, int]], logged: bool) -> None:
    """UserError unless the database ``db`` (and, when ``logged``, its ``-wal`` and
    ``-shm``) named in ``folder`` are files SQLite holds open: the database and its log
    among the descriptors opened since ``before`` (each connection opens its own), the
    shared memory among all (SQLite shares it between a process's connections). A file
    SQLite opened through a link swapped in after it connected is not the folder's; nor is
    a ``-wal`` or ``-shm`` with another name (a hard link made in that moment: the same
    inode, SQLite's bytes written through to that name; review139). The database itself
    may have one: a second name a command gave it is masked from agents, and reading the
    user's sessions through it stays possible (trust42)."""
    if not before:
        return  # no /proc: check_same is what is left
    now = open_fds()
    held = set(now.values())
    fresh = {ident for fd, ident in now.items() if before.get(fd) != ident}
    wanted = [(db.name, fresh)]
    if logged:
        wanted += [(db.name + "-wal", fresh), (db.name + "-shm", held)]
    for name, among in wanted:
        try:
            info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except OSError:
            info = None
        links = info.st_nlink if info is not None and stat.S_ISREG(info.st_mode) else 1
        if links > 1 and name != db.name:  # (a log SQLite made: never another file's name)
            raise UserError(
                f"{db.parent / name} has {links} hard links (another name "
                "elsewhere, made while coord opened it: a command of a run in a folder "
                "above may have made it): coord writes nothing through it",
                hint="Remove it (or keep this workspace's sessions elsewhere with --db).",
            )
        if info is None or not stat.S_ISREG(info.st_mode) or _pair(info) not in among:
            raise UserError(
                f"{db.parent} changed while coord opened {name} in it (a command of a run "
                "in a folder above may have swapped it for a link): coord uses nothing "
                "through it",
                hint="Remove it (or keep this workspace's sessions elsewhere with --db).",
            )


def is_wal(folder: int, name: str) -> bool:
    """Whether the SQLite file ``name`` in ``folder`` is a WAL database (its header's read
    and write versions are 2), read in the folder's descriptor."""
    try:
        fd = open_in(folder, name, os.O_RDONLY)
    except OSError:
        return False
    try:
        header = os.pread(fd, 20, 0)
    finally:
        os.close(fd)
    return header[:16] == b"SQLite format 3\0" and header[18:20] == b"\x02\x02"


def _pair(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino
