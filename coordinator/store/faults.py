"""What can go wrong with a session database, told in one line naming the file.

Every ``sqlite3`` error the store meets goes through :func:`translate` (the one place that
maps them); a fault of the file or its disk becomes a :class:`StoreError` (a user error:
exit 4, no traceback); anything else is a bug and is re-raised as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

from coordinator.errors import UserError

# Primary SQLite result codes (https://sqlite.org/rescode.html).
_ERROR, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    1,
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    26,
)


class StoreFault(StrEnum):
    """Kinds of database fault a user can meet."""

    NOT_OURS = "not_ours"  # not SQLite, another program's database, or a newer schema
    DAMAGED = "damaged"  # a damaged page
    MISSING_TABLE = "missing_table"
    BAD_ROW = "bad_row"  # a row whose JSON cannot be read
    LOCKED = "locked"  # another process held a lock longer than the busy timeout
    FULL = "full"  # no space left on the disk (or the database's page limit)
    READ_ONLY_FILESYSTEM = "read_only_filesystem"
    READ_ONLY_FILE = "read_only_file"
    CANNOT_OPEN = "cannot_open"
    IO = "io"  # any other disk I/O error
    CHANGED = "changed"  # read alone (no lock) while another process wrote to it
    DENIED = "denied"  # a shared database refused the role a statement (its privileges)


#: The two databases a read-only one's hint offers elsewhere (daily44: it offered only a
#: copy, which a ``coord run`` starting a new session does not need).
_ELSEWHERE = "a copy of it (--db COPY) keeps its sessions, a new file starts empty."

_HINTS = {
    StoreFault.NOT_OURS: "Point --db at another file; this one was left untouched.",
    StoreFault.DAMAGED: "Nothing more was written to it. Recover what is readable with "
    "`sqlite3 FILE .recover | sqlite3 NEW.db`, or pass --db NEW.db.",
    StoreFault.MISSING_TABLE: "It was changed by another program; restore it from a copy, "
    "or pass --db NEW.db.",
    StoreFault.LOCKED: "Try again when that process is done (the wait is the `db_timeout` "
    "setting).",
    StoreFault.FULL: "Free some space, then run it again; what was committed is kept.",
    StoreFault.CHANGED: "Run it again: it was read without a lock (read-only filesystem or "
    "full disk), and nothing was written to it.",
    StoreFault.READ_ONLY_FILESYSTEM: "Make its folder writable, or pass --db a path on a "
    f"writable filesystem: {_ELSEWHERE}",
    StoreFault.READ_ONLY_FILE: f"Make it writable, or pass --db another path: {_ELSEWHERE}",
    StoreFault.DENIED: "Use a role that may read and write its rows (SELECT, INSERT, UPDATE,"
    " DELETE on its tables, USAGE on their sequences: the tables' owner grants them); one"
    " that may only read lists and shows sessions (coord sessions, log, stats).",
}


#: What a command that only reads sessions (log, sessions, stats) suggests instead of
#: :data:`_HINTS`' (written for one that would have written there: "Nothing more was
#: written to it" told a reader, who writes nothing, of a write it never meant to make).
_READER_HINTS = {
    StoreFault.NOT_OURS: "`coord sessions` lists every workspace's sessions; pass --db PATH "
    "for another database, or restore this one from a backup.",
    StoreFault.DAMAGED: "This command only reads; the file is as it was. Recover what is "
    "readable with `sqlite3 FILE .recover | sqlite3 NEW.db`, then read that with --db NEW.db.",
}


@contextmanager
def reading() -> Iterator[None]:
    """Around (or decorating) a command that only reads sessions: a :class:`StoreError`
    raised within gets the hint for a reader (what to read instead) in place of the general
    one, written for a command that would have written there; a specific hint (a newer
    schema's) stays."""
    try:
        yield
    except StoreError as exc:
        general, instead = _HINTS.get(exc.fault), _READER_HINTS.get(exc.fault)
        if instead is not None and general is not None and exc.hint == _shown(general, exc.path):
            exc.hint = _shown(instead, exc.path)
        raise


def _shown(hint: str, path: Path | str) -> str:
    """``hint`` naming the database ``path`` (its FILE)."""
    return hint.replace("FILE", str(path))


#: A full disk mid-session: the hint names the session to continue.
FULL_IN_SESSION_HINT = (
    "Free some space, then continue with `coord resume {session}`; what was committed is kept."
)


class StoreError(UserError):
    """A fault of the session database or its disk: one line naming the file, exit 4.

    ``path``: the file, or a PostgreSQL store's URL as shown (without its password: a
    :class:`Path` of it would drop a slash of ``postgresql://``)."""

    def __init__(self, fault: StoreFault, path: Path | str, message: str):
        hint = _HINTS.get(fault)
        if fault is StoreFault.BAD_ROW:
            hint = _bad_row_hint(path)
        super().__init__(message, hint=_shown(hint, path) if hint else None)
        self.fault = fault
        self.path = path
        #: The write this fault refused of what has already happened (hook runs that ran),
        #: for whoever goes on to make it again before anything else (a worker's next
        #: drive: hooks114); None: nothing to keep.
        self.unwritten: Callable[[], object] | None = None


def translate(path: Path, exc: sqlite3.Error, timeout: float) -> StoreError | None:
    """The :class:`StoreError` for ``exc`` met on ``path``; None when ``exc`` is a bug."""
    code = getattr(exc, "sqlite_errorcode", _ERROR) & 0xFF
    text = str(exc)
    if code == _NOTADB:
        return not_ours(path)
    if code == _CORRUPT:
        return StoreError(StoreFault.DAMAGED, path, f"session database {path} is damaged ({text})")
    if code in (_BUSY, _LOCKED):
        return StoreError(
            StoreFault.LOCKED,
            path,
            f"session database {path} is locked by another process (waited {timeout:g} s)",
        )
    if code == _FULL or (code == _IOERR and _no_space(path)):
        return StoreError(
            StoreFault.FULL, path, f"no space left for session database {path} (disk full)"
        )
    if code in (_READONLY, _CANTOPEN, _IOERR):
        read_only = read_only_fault(path)
        if read_only is not None:
            return read_only
    if code == _CANTOPEN:
        return StoreError(
            StoreFault.CANNOT_OPEN, path, f"cannot open session database {path} ({text})"
        )
    if code == _IOERR:
        return StoreError(StoreFault.IO, path, f"cannot read or write {path} ({text})")
    if text.startswith("Could not decode to UTF-8 column"):  # (read by the sqlite3 module)
        return not_utf8(path, text)
    if code == _ERROR and text.startswith("no such table: "):
        return missing_tables(path, [text.removeprefix("no such table: ")])
    if code == _ERROR and (text.startswith("no such column: ") or "has no column named" in text):
        return StoreError(
            StoreFault.MISSING_TABLE,
            path,
            f"session database {path} does not have the columns it should ({text})",
        )
    return None


def not_ours(path: Path | str, message: str | None = None, hint: str | None = None) -> StoreError:
    """``path`` is not a coordinator database this version can use."""
    error = StoreError(
        StoreFault.NOT_OURS,
        path,
        message or f"{path} is not a coordinator session database (not SQLite, or corrupt)",
    )
    if hint is not None:
        error.hint = hint
    return error


def missing_tables(path: Path, tables: list[str]) -> StoreError:
    """The schema of ``path`` lacks ``tables``."""
    names = ", ".join(sorted(tables))
    return StoreError(
        StoreFault.MISSING_TABLE,
        path,
        f"session database {path} is missing table{'s' if len(tables) > 1 else ''} {names}",
    )


def bad_row(path: Path | str, table: str, key: object, column: str, exc: ValueError) -> StoreError:
    """A stored JSON value that cannot be read (a ``sessions`` row's hint: deleting that
    session with coord, which does not read the row)."""
    error = StoreError(
        StoreFault.BAD_ROW,
        path,
        f"session database {path}: {table} row {key} has unreadable JSON in {column} ({exc})",
    )
    if table == "sessions":
        error.hint = _shown(_bad_row_hint(path, session=key), path)
    return error


def not_utf8(path: Path | str, text: str) -> StoreError:
    """A stored text that is not UTF-8 (written by another program): the column and the
    start of the text as :mod:`sqlite3` says them (its row is not known there)."""
    said = text.removeprefix("Could not decode to UTF-8 ").replace("\ufffd", "?")
    error = StoreError(
        StoreFault.BAD_ROW,
        path,
        f"session database {path}: a row holds text that is not UTF-8 ({said[:120]})",
    )
    error.hint = _shown(_bad_row_hint(path), path)
    return error


def _bad_row_hint(path: Path | str, session: object = None) -> str:
    """What a bad row's hint suggests (its FILE: the database): the tool that edits it
    (``sqlite3 FILE``, or ``psql`` for a PostgreSQL store, whose ``path`` is its URL as
    shown), and ``coord sessions rm`` when the row is the ``session``'s own."""
    shared = str(path).startswith(("postgresql:", "postgres:"))
    tool = "`psql` on that database" if shared else "`sqlite3 FILE`"
    if session is None:
        return f"Other rows are intact; fix or delete this one with {tool}."
    return (
        f"Other rows are intact; `coord sessions rm {session}` deletes that session,"
        f" or fix its row with {tool}."
    )


def read_only_fault(path: Path) -> StoreError | None:
    """Why ``path`` cannot be written, when the reason is a read-only file or filesystem,
    or a file this user may not even read (said so: "read-only" and "make it writable"
    misled where the file's mode is 000 or it is another user's)."""
    if on_read_only_filesystem(path):
        return read_only_filesystem(path) if path.exists() else cannot_create(path)
    if path.exists() and not os.access(path, os.R_OK):
        error = StoreError(
            StoreFault.CANNOT_OPEN,
            path,
            f"cannot open session database {path}: permission denied (this user may not read it)",
        )
        error.hint = "Make it readable and writable to this user (or run as its owner), or pass"
        error.hint += " --db another path: a new file starts empty."
        return error
    if path.exists() and (_mounted_read_only(path) or not os.access(path, os.W_OK)):
        return StoreError(
            StoreFault.READ_ONLY_FILE, path, f"session database {path} is a read-only file"
        )
    return None


def on_read_only_filesystem(path: Path) -> bool:
    """Whether the folder of ``path`` is on a filesystem mounted read-only: nothing can be
    created or written there, so no process writes the file through this mount."""
    return _mounted_read_only(path.parent)


def read_only_filesystem(path: Path, why: str = "") -> StoreError:
    """``path`` is on a read-only filesystem (``why``: what that stops, after a comma)."""
    return StoreError(
        StoreFault.READ_ONLY_FILESYSTEM,
        path,
        f"session database {path} is on a read-only filesystem{why}",
    )


#: Where a database that cannot be made in its folder can be kept instead.
ELSEWHERE = (
    "Keep the sessions elsewhere: pass --db FILE on a writable filesystem, or set db: in "
    "your coord config (coord config shows where that is)."
)


def cannot_create(path: Path) -> StoreError:
    """No database at ``path``, and its folder is on a read-only filesystem: there is nothing
    to copy, so the hint names a database elsewhere (a read-only checkout, a read-only
    ``.coordinator/`` mount)."""
    error = StoreError(
        StoreFault.READ_ONLY_FILESYSTEM,
        path,
        f"cannot create session database {path}: {path.parent} is on a read-only filesystem",
    )
    error.hint = ELSEWHERE
    return error


def unread_log(path: Path) -> StoreError:
    """``path`` is on a read-only filesystem beside a write-ahead log holding committed
    changes, without the ``-shm`` index SQLite needs to read them there (and cannot make):
    reading the file alone would miss them."""
    error = read_only_filesystem(
        path,
        f", and its write-ahead log {path}-wal holds changes that cannot be read there"
        f" without {path}-shm",
    )
    error.hint = "Copy it with its -wal file to a writable place and pass --db COPY."
    return error


def _mounted_read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _no_space(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False
