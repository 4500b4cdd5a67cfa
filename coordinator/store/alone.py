"""A database file read ``immutable``: no lock, so no writer is seen (mend104).

Where SQLite cannot make the ``-shm`` a read needs (a read-only filesystem, a full disk) and
none exists, coord reads the file alone, ``immutable`` (:func:`~coordinator.store.schema.
read_only_uri`): SQLite then takes no lock and keeps pages across reads, trusting the file
not to change. A writer that appears meanwhile (the disk freed, another host on a shared
mount) and checkpoints into the file can leave a reader with pages of two versions: SQLite
says "malformed". :class:`ReadAlone` remembers what the file and its log were when it was
opened, so such an error is told as the change it is (:func:`changed_while_read`, a passing
fault), not as damage (which listings leave out until it is mended).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from coordinator.store.faults import StoreError, StoreFault

#: A file's identity and contents' stamp, and whether its ``-wal`` and ``-shm`` exist.
Stamp = tuple[int, int, int, int, bool, bool]


def stamp(path: Path) -> Stamp | None:
    """What ``path`` and its log are now (None: it cannot be looked at)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    wal, shm = (os.path.lexists(f"{path}{suffix}") for suffix in ("-wal", "-shm"))
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, wal, shm)


class ReadAlone(sqlite3.Connection):
    """A connection reading its database file ``immutable``; :attr:`opened`: the file's
    :func:`stamp` taken before it was opened (set by who opens it)."""

    opened: Stamp | None = None


def changed_while_read(db: sqlite3.Connection, path: Path) -> StoreError | None:
    """The error to tell for a "malformed" met reading ``path`` through ``db``: that it
    changed while it was read, when ``db`` reads it alone and the file or its log is not
    what it was when opened; None otherwise (damage, as SQLite says)."""
    if not isinstance(db, ReadAlone) or stamp(path) == db.opened:
        return None
    return StoreError(
        StoreFault.CHANGED,
        path,
        f"session database {path} changed while it was read (another process wrote to it)",
    )
