"""The user-level index of sessions: which database holds each session, in any workspace.

Each workspace keeps its own store (:mod:`coordinator.store.db`); this small SQLite file in
the user's data folder (:func:`coordinator.store.paths.index_path`) only records where
every session lives, with a clip of its request, its agent and last known status, so
``coord sessions``, ``log`` and ``resume`` find a session from anywhere; which of those
databases a listing skipped, damaged, and has told the user of (told once while the file
stays as it is: :meth:`SessionIndex.told_skipped`); and the shared PostgreSQL stores the
user opened (their URLs without credentials, :meth:`SessionIndex.shared_stores`: a session
there is found only with its store named, which an unknown session's hint then says). The index is a
convenience: a missing, damaged or read-only index never breaks a command — it logs one
warning line and the command goes on with the workspace store alone.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from coordinator.sanitize import encodable_params, safe_params, scrubbed_line, secretless_url
from coordinator.store import paths
from coordinator.store.faults import StoreError, on_read_only_filesystem
from coordinator.tools.storefiles import KnownStores

log = logging.getLogger(__name__)

#: How much of a request the index keeps (the full text stays in the workspace store).
REQUEST_CLIP = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    db_path TEXT NOT NULL,
    request TEXT NOT NULL,
    agent TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
)
"""


#: The databases a listing skipped, told once (:meth:`SessionIndex.told_skipped`): each
#: with the mark of its file when told (inode, size, change time).
_SKIPPED_SCHEMA = """
CREATE TABLE IF NOT EXISTS skipped (
    db_path TEXT PRIMARY KEY,
    mark TEXT NOT NULL,
    told_at REAL NOT NULL
)
"""


#: The shared PostgreSQL stores the user opened (:meth:`SessionIndex.used_shared`), each as
#: a URL without its credentials.
_SHARED_SCHEMA = """
CREATE TABLE IF NOT EXISTS shared (
    url TEXT PRIMARY KEY,
    used_at REAL NOT NULL
)
"""

#: How many shared stores :meth:`SessionIndex.shared_stores` names.
SHARED_SHOWN = 2


@dataclass(frozen=True)
class IndexEntry:
    """Where one session lives."""

    id: str
    workspace: str
    db_path: str
    request: str
    agent: str
    status: str
    created_at: float


def _read_in_place(path: Path) -> sqlite3.Connection:
    """The index at ``path``, on a read-only filesystem, opened to read where it lies
    (:func:`~coordinator.store.schema.read_only_uri`); StoreError when its write-ahead log
    holds changes that cannot be read there."""
    from coordinator.store.schema import read_only_uri

    return sqlite3.connect(read_only_uri(path), uri=True, timeout=5, isolation_level=None)


#: The indexes this process has said are unusable.
_WARNED: set[Path] = set()


class SessionIndex:
    """The index at ``path`` (default: the user's); every method is best effort."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.index_path()
        self._writer: sqlite3.Connection | None = None

    def close(self) -> None:
        """Close the connection kept for writes (its WAL is folded into the file)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _writing(self) -> sqlite3.Connection:
        """The connection writes go through, opened once: WAL with ``synchronous=NORMAL``
        (a convenience index needs no fsync per write, and a batch writes three per
        session; set first, a new file's switch to WAL syncs its journal once); reopened
        when the file was removed meanwhile."""
        if self._writer is not None and not self.path.exists():
            self.close()
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            try:
                db.execute("PRAGMA synchronous = NORMAL")
                db.execute("PRAGMA journal_mode = WAL")
                db.execute(_SCHEMA)
            except sqlite3.Error:
                db.close()
                raise
            self._writer = db
        return self._writer

    @contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection | None]:
        """A connection (None when the index is absent and not to be created, or unusable).
        To read (not ``create``) an index on a read-only filesystem (a read-only home, a
        container's), it is opened in place, as the store opens its database there: SQLite
        cannot make the ``-shm`` it would otherwise open with."""
        try:
            if not self.path.exists():
                if not create:
                    yield None
                    return
                self.path.parent.mkdir(parents=True, exist_ok=True)
            if not create and on_read_only_filesystem(self.path):
                db = _read_in_place(self.path)
            else:
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
                try:
                    db.execute(_SCHEMA)
                except sqlite3.Error:
                    db.close()
                    raise
            with closing(db):
                yield db
        except (sqlite3.Error, OSError, StoreError) as exc:
            self._warn(exc)
            yield None

    def _warn(self, exc: BaseException) -> None:
        """Say once per process that the index at :attr:`path` is unusable (a command reads
        it for the databases to hide, then writes its session there: one line)."""
        if self.path not in _WARNED:
            _WARNED.add(self.path)
            # a damaged file stays damaged; a lock or a full disk (OperationalError) passes
            operational = isinstance(exc, sqlite3.OperationalError)
            damaged = isinstance(exc, sqlite3.DatabaseError) and not operational
            fix = "; move it away: coord starts a new one" if damaged else ""
            if isinstance(exc, sqlite3.Error) and on_read_only_filesystem(self.path):
                log.warning(  # SQLite says "unable to open database file", or "readonly"
                    "warning: session index %s is on a read-only filesystem: it is read, "
                    "not written (a session run now is found from its own workspace)",
                    self.path,
                )
                return
            log.warning(
                "warning: session index %s is unusable (%s); skipped%s", self.path, exc, fix
            )

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        try:  # like the store: no secret, and only encodable text, is ever written
            self._writing().execute(sql, safe_params(params))
        except (sqlite3.Error, OSError) as exc:
            self.close()
            self._warn(exc)

    def record(self, session_id: str, workspace: Path, db_path: Path, request: str) -> None:
        """A new session of ``workspace`` stored in ``db_path``."""
        now = time.time()
        self._write(
            "INSERT OR REPLACE INTO sessions (id, workspace, db_path, request, status,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, 'running', ?, ?)",
            (
                session_id,
                str(workspace),
                str(db_path.resolve()),
                scrubbed_line(request, REQUEST_CLIP),
                now,
                now,
            ),
        )

    def set_agent(self, session_id: str, agent: str) -> None:
        """The specialist the session was routed to."""
        self._write("UPDATE sessions SET agent = ? WHERE id = ?", (agent, session_id))

    def set_status(self, session_id: str, status: str) -> None:
        """The session's last stored status."""
        self._write(
            "UPDATE sessions SET status = ?, updated_at = ? WHERE id = ?",
            (status, time.time(), session_id),
        )

    def moved(self, session_id: str, workspace: Path, db_path: Path) -> None:
        """The session's workspace, with its database, now lives at ``workspace``."""
        self._write(
            "UPDATE sessions SET workspace = ?, db_path = ?, updated_at = ? WHERE id = ?",
            (str(workspace), str(db_path.resolve()), time.time(), session_id),
        )

    def remove(self, session_ids: list[str], db_path: Path) -> None:
        """Forget sessions pruned from ``db_path``. An entry of the same id in another
        database stays: a copied workspace's database holds copies of the original's
        sessions, and pruning the copy leaves the original findable."""
        where = str(db_path.resolve())
        for sid in session_ids:
            self._write("DELETE FROM sessions WHERE id = ? AND db_path = ?", (sid, where))

    def forget_database(self, db_path: Path) -> None:
        """Forget every session of a database that is gone (e.g. the demo's temporary one)."""
        self._write("DELETE FROM sessions WHERE db_path = ?", (str(db_path.resolve()),))

    def told_skipped(self, db_path: Path) -> bool | None:
        """Whether a listing skipping ``db_path`` (a database that cannot be read: damaged,
        not coord's) has told the user so while the file stayed as it is now, and notes it
        told when not: the next listing need not say it again. False (tell) when the file
        cannot be read; None (tell, not as once) when the index cannot note it (read-only:
        the listing read it, so no warning of it either)."""
        mark = _mark(str(db_path))
        if mark is None:
            return None
        where, shown = str(db_path.resolve()), ",".join(map(str, mark))
        try:
            db = self._writing()
            db.execute(_SKIPPED_SCHEMA)
            row = db.execute("SELECT mark FROM skipped WHERE db_path = ?", (where,)).fetchone()
            if row is not None and row[0] == shown:
                return True
            db.execute(
                "INSERT OR REPLACE INTO skipped (db_path, mark, told_at) VALUES (?, ?, ?)",
                encodable_params((where, shown, time.time())),
            )
        except (sqlite3.Error, OSError):
            self.close()
            return None
        return False

    def used_shared(self, url: str) -> None:
        """The user opened the shared PostgreSQL store at ``url`` (kept without its
        credentials: :func:`~coordinator.sanitize.secretless_url`); no write when it is the
        most recent one already (a read costs a fraction of a write: ``coord mcp`` opens its
        store per request)."""
        row = safe_params((secretless_url(url), time.time()))
        if self.shared_stores()[:1] == [row[0]]:
            return
        try:
            db = self._writing()
            db.execute(_SHARED_SCHEMA)
            db.execute("INSERT OR REPLACE INTO shared (url, used_at) VALUES (?, ?)", row)
        except (sqlite3.Error, OSError) as exc:
            self.close()
            self._warn(exc)

    def shared_stores(self) -> list[str]:
        """The shared PostgreSQL stores the user opened, most recently first (at most
        :data:`SHARED_SHOWN`); none when the index has none, or cannot be read."""
        with self._connect(create=False) as db:
            if db is None:
                return []
            try:
                rows = db.execute(
                    "SELECT url FROM shared ORDER BY used_at DESC LIMIT ?", (SHARED_SHOWN,)
                ).fetchall()
            except sqlite3.OperationalError:  # no such table: none opened
                return []
            except sqlite3.Error as exc:
                self._warn(exc)
                return []
        return [str(row[0]) for row in rows]

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[IndexEntry]:
        with self._connect(create=False) as db:
            if db is None:
                return []
            try:
                rows = db.execute(sql, encodable_params(params)).fetchall()
            except sqlite3.Error as exc:
                self._warn(exc)
                return []
        return [IndexEntry(*row) for row in rows]

    def find(self, ref: str) -> list[IndexEntry]:
        """Sessions whose id is ``ref`` or starts with it (at most six: five to show, and
        whether there are more)."""
        ref = ref.strip()
        if not ref:
            return []
        escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        entries = self._read(
            "SELECT id, workspace, db_path, request, agent, status, created_at FROM sessions"
            " WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 6",
            (ref, escaped + "%"),
        )
        exact = [e for e in entries if e.id == ref]
        return exact or entries

    def ids_in(self, db_path: Path) -> list[str]:
        """The ids of the sessions the index places in ``db_path`` (as :meth:`databases`
        names it), newest first."""
        entries = self._read(
            "SELECT id, '', '', '', '', '', created_at FROM sessions WHERE db_path = ?"
            " ORDER BY created_at DESC",
            (str(db_path),),
        )
        return [e.id for e in entries]

    def databases(self) -> list[Path]:
        """Every session database the index knows, most recently used first."""
        entries = self._read(
            "SELECT '', '', db_path, '', '', '', MAX(updated_at) FROM sessions"
            " GROUP BY db_path ORDER BY MAX(updated_at) DESC"
        )
        return [Path(e.db_path) for e in entries]


def known_store_files(db: str | Path | None) -> tuple[Path, ...]:
    """The files of the session database ``--db`` names (:func:`paths.store_files`) and of
    every other one the user's index knows outside a ``.coordinator/`` folder (other
    sessions' ``--db`` files): what a Bash command is never to see. The folders coord made
    are hidden whole elsewhere (``owned``)."""
    files = list(paths.store_files(db))
    for other in SessionIndex().databases():
        if other.parent.name != paths.DEFAULT_DB.parent.name and "://" not in str(other):
            files += paths.store_files(other)
    return tuple(dict.fromkeys(files))


def watched_store_files(db: str | Path | None) -> KnownStores:
    """:func:`known_store_files`, read again whenever the index has changed since (a
    database registered while a batch or a ``coord mcp`` run goes on, trust42): each look
    costs two ``stat`` calls while it has not."""
    watch = _IndexWatch(db, SessionIndex().path)
    return KnownStores(watch.read(), watch)


#: An index file changed this recently (seconds) may change again within the same tick of
#: the file system's clock, with its size: it is read again at the next look.
_RACY_SECONDS = 0.1


class _IndexWatch:
    """Reads the index's databases again when its file or write-ahead log changed."""

    def __init__(self, db: str | Path | None, index: Path) -> None:
        self.db = db
        self.file, self.wal = str(index), f"{index}-wal"
        self.stamp: tuple[_Mark, _Mark] | None = None

    def read(self) -> tuple[Path, ...]:
        """The databases' files now (the index's state noted first)."""
        stamp = (_mark(self.file), _mark(self.wal))
        now = time.time_ns()
        racy = any(m is not None and now - m[2] < _RACY_SECONDS * 1e9 for m in stamp)
        self.stamp = None if racy else stamp
        return known_store_files(self.db)

    def __call__(self) -> tuple[Path, ...] | None:
        """The databases' files when the index changed since the last read, else None."""
        if self.stamp is not None and (_mark(self.file), _mark(self.wal)) == self.stamp:
            return None
        return self.read()


#: A file's inode, size and change time (None: it is not there).
_Mark = tuple[int, int, int] | None


def _mark(path: str) -> _Mark:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)
