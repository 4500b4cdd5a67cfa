"""Session locks: one lock per session, held by the process driving it, gone when it dies.

On Linux every session's lock is a one-byte range of a single file beside the database
(``coordinator.db.lock``), locked with an open-file-description lock (``F_OFD_SETLK``):
it conflicts between processes and between stores of one process, dies with its process
(even on kill -9), and leaves no file per session behind. Elsewhere a per-session file in
``coordinator.db.locks/`` is locked with ``flock``.
"""

from __future__ import annotations

import fcntl
import os
import struct
from pathlib import Path
from typing import IO

from coordinator.errors import UserError
from coordinator.store import paths, pinned

_OFD_SETLK: int | None = getattr(fcntl, "F_OFD_SETLK", None)
_OFD_GETLK: int | None = getattr(fcntl, "F_OFD_GETLK", None)
_FLOCK = "hhqqi4x"  # struct flock: l_type, l_whence, l_start, l_len, l_pid (64-bit off_t)


class SessionLocks:
    """The session locks of one database, as one store holds them."""

    def __init__(self, db: Path):
        self.db = db
        self._fd: int | None = None
        self._held: dict[str, IO[str] | None] = {}

    def acquire(self, session_id: str) -> bool:
        """Take the session's lock; False when another holder has it."""
        if session_id in self._held:
            return True
        if _OFD_SETLK is None:
            handle = _flock_file(paths.lock_dir(self.db) / f"{session_id}.lock")
            if handle is None:
                return False
            self._held[session_id] = handle
            return True
        try:
            fd = self._file()
        except OSError as exc:
            raise UserError(
                f"cannot create the lock file beside {self.db}: {exc.strerror}"
            ) from None
        try:
            fcntl.fcntl(fd, _OFD_SETLK, _range(fcntl.F_WRLCK, session_id))
        except (BlockingIOError, PermissionError):
            return False
        self._held[session_id] = None
        return True

    def release(self, session_id: str) -> None:
        """Let go of the session's lock if this store holds it."""
        if session_id not in self._held:
            return
        handle = self._held.pop(session_id)
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        elif self._fd is not None and _OFD_SETLK is not None:
            fcntl.fcntl(self._fd, _OFD_SETLK, _range(fcntl.F_UNLCK, session_id))

    def held_ids(self) -> list[str]:
        """The sessions this store holds."""
        return list(self._held)

    def held(self, session_id: str) -> bool:
        """True when this store holds the session's lock."""
        return session_id in self._held

    def held_anywhere(self, session_id: str) -> bool:
        """True when some holder (this store included) has the session's lock."""
        if session_id in self._held:
            return True
        if _OFD_GETLK is None:
            return _flock_busy(paths.lock_dir(self.db) / f"{session_id}.lock")
        if not paths.lock_file(self.db).exists():
            return False
        try:
            fd = self._file()
        except OSError:
            return False  # a lock file nobody can open (a read-only place) holds no lock
        answer = fcntl.fcntl(fd, _OFD_GETLK, _range(fcntl.F_WRLCK, session_id))
        return bool(struct.unpack(_FLOCK, answer)[0] != fcntl.F_UNLCK)

    def close(self) -> None:
        """Release every lock and the lock file."""
        for session_id in list(self._held):
            self.release(session_id)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _file(self) -> int:
        if self._fd is None:
            lock = paths.lock_file(self.db)  # no link followed where one could be swapped in
            self._fd = pinned.open_beside(self.db, lock.name, os.O_RDWR | os.O_CREAT)
        return self._fd


def _range(kind: int, session_id: str) -> bytes:
    """A ``struct flock`` for the one byte that stands for ``session_id``."""
    from hashlib import blake2b  # on first use: OpenSSL's load is off the reading commands' path

    digest = blake2b(session_id.encode("utf-8"), digest_size=7).digest()
    return struct.pack(_FLOCK, kind, os.SEEK_SET, int.from_bytes(digest, "big"), 1, 0)


def _flock_file(path: Path) -> IO[str] | None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _flock_busy(path: Path) -> bool:
    try:
        handle = path.open("r", encoding="utf-8")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
    return False
