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
(:func:`check_same`). Elsewhere (``--db`` in the user's own folders) nothing changes: a
link there is the user's.
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
