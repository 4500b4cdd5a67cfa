"""Durable session state in one SQLite file: the only module that speaks SQL.

Tables: ``sessions``; ``runs`` (one agent run each, with its limits, usage and outcome);
``messages`` (each run's conversation, one Anthropic message JSON per row, append-only);
``delegations`` (a blocked run, the domain and question, the consult run answering it or
the reason it waits for a person); ``tool_calls`` (tool_use id, input, started/done, result);
``events`` (the append-only log: a view, one row per event, over ``event_log``, which keeps
the events one transaction wrote for one session as one row, see :data:`EVENTS_VIEW`). WAL
mode, foreign keys on, a busy timeout, the schema versioned by ``PRAGMA user_version`` and an
ordered list of migrations.

Every write goes through :meth:`Store.transaction`; nested transactions join the outer one,
so the engine commits one state change (and its events) atomically before its next model
call or tool side effect. Every statement goes through :meth:`Store._execute`, which turns
a fault of the file or its disk into a :class:`~coordinator.store.faults.StoreError`.
The read model over these rows (chains, totals, changed files) is
:mod:`coordinator.store.history`.
"""

from __future__ import annotations

import functools
import json
import math
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.errors import UserError
from coordinator.providers.base import Usage
from coordinator.sanitize import safe_params, safe_str, secret_patterns
from coordinator.status import DelegationStatus, SessionStatus
from coordinator.store.conversation import (
    DELETE_MESSAGES,
    INSERT_MESSAGE,
    INSERT_STEP,
    LAST_INDEX,
    MESSAGE_BITS,
    MESSAGE_SPAN,
    MESSAGES_VIEW,
    SELECT_MESSAGES,
    SESSION_MESSAGES,
)
from coordinator.store.faults import (
    StoreError,
    StoreFault,
    bad_row,
    missing_tables,
    not_ours,
    read_only_fault,
    translate,
)
from coordinator.store.index import SessionIndex
from coordinator.store.locks import SessionLocks

if TYPE_CHECKING:
    from coordinator.events import Event  # the reading commands never build events
    from coordinator.store.writelock import WriteLock

JSON = dict[str, Any]
SESSION_STATUSES = tuple(SessionStatus)


def _not_json(value: object) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _compact_encoder(
    default: Callable[[Any], Any], *, finite: bool = False
) -> Callable[[Any], str]:
    """Compact JSON (UTF-8 text kept) by one C encoder built once: ``JSONEncoder.encode``
    builds a new one, and a circular-reference table, on every call (2.5x the cost of a
    small event's encoding). Rows hold parsed JSON and dataclass fields, never a cycle.
    ``finite``: a NaN or infinity raises ValueError (else written as ``NaN``/``Infinity``)."""
    standard = json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), default=default, allow_nan=not finite
    ).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    try:  # the C encoder's last arguments: sort_keys, skipkeys, allow_nan
        chunks = make(  # type: ignore[misc]
            None, default, json.encoder.encode_basestring, None, ":", ",", False, False, not finite
        )
    except TypeError:  # no C accelerator, or one whose private signature changed
        return standard
    text = json.encoder.encode_basestring

    def encode(value: Any) -> str:
        return text(value) if isinstance(value, str) else "".join(chunks(value, 0))

    return encode


_dumps = _compact_encoder(_not_json)
_dumps_any = _compact_encoder(str)
#: The same for a step's row: a float JSON cannot hold raises (SQLite's JSON functions
#: would refuse the array), so no scan of the text for ``NaN``/``Infinity`` is needed.
_finite_dumps = _compact_encoder(_not_json, finite=True)
_finite_dumps_any = _compact_encoder(str, finite=True)
#: The same encoders for the other backend (PostgreSQL keeps one JSON text per event).
dumps_any = _dumps_any
dumps = _dumps


def _migration_1(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            request TEXT NOT NULL,
            workspace TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            options TEXT NOT NULL DEFAULT '{}',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            parent_run_id INTEGER REFERENCES runs(id),
            agent TEXT NOT NULL,
            model TEXT NOT NULL,
            depth INTEGER NOT NULL,
            domain TEXT,
            status TEXT NOT NULL,
            max_turns INTEGER NOT NULL,
            turns INTEGER NOT NULL DEFAULT 0,
            repairs INTEGER NOT NULL DEFAULT 0,
            continuations INTEGER NOT NULL DEFAULT 0,
            stop_reason TEXT,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            cache_write_tokens INTEGER NOT NULL DEFAULT 0,
            cache_read_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            model_ms INTEGER NOT NULL DEFAULT 0,
            report TEXT,
            final_text TEXT,
            failure_kind TEXT,
            failure TEXT,
            started_at REAL NOT NULL,
            ended_at REAL
        );
        CREATE INDEX runs_by_session ON runs(session_id);
        CREATE TABLE messages (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            idx INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content TEXT NOT NULL,
            PRIMARY KEY (run_id, idx)
        );
        CREATE TABLE delegations (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            parent_run_id INTEGER NOT NULL REFERENCES runs(id),
            child_run_id INTEGER REFERENCES runs(id),
            domain TEXT,
            blocker TEXT,
            required TEXT,
            status TEXT NOT NULL CHECK (status IN ('consulting', 'waiting', 'answered', 'retried')),
            waiting_reason TEXT,
            answered_by TEXT,
            created_at REAL NOT NULL,
            answered_at REAL
        );
        CREATE INDEX delegations_by_session ON delegations(session_id);
        CREATE TABLE tool_calls (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            turn INTEGER NOT NULL,
            tool_use_id TEXT NOT NULL,
            name TEXT NOT NULL,
            input TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('started', 'done')),
            result TEXT,
            is_error INTEGER NOT NULL DEFAULT 0,
            started_at REAL NOT NULL,
            ended_at REAL,
            PRIMARY KEY (run_id, turn, tool_use_id)
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            run_id INTEGER REFERENCES runs(id),
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX events_by_session ON events(session_id, seq);
        """,
    )


def _migration_2(db: sqlite3.Connection) -> None:
    """Sessions by age (and rowid, implied), so a page of the newest reads only that page."""
    _script(db, "CREATE INDEX sessions_by_created ON sessions(created_at);")


def _migration_3(db: sqlite3.Connection) -> None:
    """The agent definition each run used (:mod:`coordinator.roster.snapshot`), stored once
    per digest; runs of older databases keep a NULL ``definition`` (resumed from the roster).
    ``ON DELETE SET NULL``: should pruning drop a definition a run started on another
    connection has just taken up, that run falls back to the roster instead of failing."""
    _script(
        db,
        """
        CREATE TABLE agent_definitions (
            digest TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            source TEXT,
            spec TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        ALTER TABLE runs ADD COLUMN definition TEXT
            REFERENCES agent_definitions(digest) ON DELETE SET NULL;
        CREATE INDEX runs_by_definition ON runs(definition);
        """,
    )


def _migration_4(db: sqlite3.Connection) -> None:
    """One page fewer written per step (each step's COMMIT writes every page it touched):
    events number themselves without AUTOINCREMENT, whose ``sqlite_sequence`` row was
    rewritten by every transaction that logged an event. A new ``seq`` is the largest kept
    plus one, so within a session it still only grows. PostgreSQL has no sequence table:
    nothing to do there."""
    if not isinstance(db, sqlite3.Connection):
        return
    _script(
        db,
        """
        CREATE TABLE events_4 (
            seq INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            run_id INTEGER REFERENCES runs(id),
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            at REAL NOT NULL
        );
        INSERT INTO events_4 (seq, session_id, run_id, kind, data, at)
            SELECT seq, session_id, run_id, kind, data, at FROM events;
        DROP TABLE events;
        ALTER TABLE events_4 RENAME TO events;
        CREATE INDEX events_by_session ON events(session_id, seq);
        DELETE FROM sqlite_sequence WHERE name = 'events';
        """,
    )


#: The event log as SQL sees it: one row per event (``seq``, ``session_id``, ``run_id``,
#: ``kind``, ``data``, ``at``; ``rowid`` = ``seq``), expanded from ``event_log``, which
#: keeps the events one transaction wrote for one session as one row: ``rows`` is a JSON
#: array of ``[run_id, kind, data, at]`` entries numbered ``seq``, ``seq + 1``, ... (``n``
#: of them). An entry that was deleted is a JSON null (the others keep their numbers).
#: ``at`` is written as integer nanoseconds (``time.time_ns()``: a float's shortest repr
#: costs ~10x the integer's) and read as seconds, the same double ``time.time()`` gives;
#: a REAL (migrated rows, writes through the view) is seconds already.
EVENTS_VIEW = """
    CREATE VIEW events (seq, session_id, run_id, kind, data, at, rowid) AS
        SELECT b.seq + j.key, b.session_id, j.value ->> 0, j.value ->> 1, j.value ->> 2,
               CASE WHEN typeof(j.value ->> 3) = 'integer' THEN (j.value ->> 3) / 1e9
                    ELSE j.value ->> 3 END,
               b.seq + j.key
        FROM event_log b, json_each(b.rows) j WHERE j.type = 'array';
"""
#: The next event number: one past the newest row's last entry (the largest kept plus one).
_NEXT_SEQ = "COALESCE((SELECT seq + n FROM event_log ORDER BY seq DESC LIMIT 1), 1)"
#: The ``event_log`` row holding entry ``OLD.seq`` (the row starting at or before it).
_HOLDER = "(SELECT seq FROM event_log WHERE seq <= OLD.seq ORDER BY seq DESC LIMIT 1)"
#: A ``data`` value written through the view: parsed JSON, or the text itself when it is
#: not JSON (read back as that text, so a reader reports it as unreadable, as before).
_ENTRY = (
    "json_array(NEW.run_id, NEW.kind,"
    " CASE WHEN json_valid(NEW.data) THEN json(NEW.data) ELSE NEW.data END,"
    " json(printf('%!.17g', NEW.at)))"
)
#: (SQLite's JSON writes a REAL with 15 digits; 17 keep every bit of a time.time().)
#: Writes through the view, for tools and old scripts (the store writes ``event_log``).
EVENTS_TRIGGERS = f"""
    CREATE TRIGGER events_insert INSTEAD OF INSERT ON events BEGIN
        INSERT INTO event_log (seq, session_id, n, rows)
        VALUES (COALESCE(NEW.seq, {_NEXT_SEQ}), NEW.session_id, 1, json_array({_ENTRY}));
    END;
    CREATE TRIGGER events_update INSTEAD OF UPDATE ON events BEGIN
        UPDATE event_log SET rows = json_replace(rows, '$[' || (OLD.seq - seq) || ']', {_ENTRY})
        WHERE seq = {_HOLDER};
    END;
    CREATE TRIGGER events_delete INSTEAD OF DELETE ON events BEGIN
        UPDATE event_log SET rows = json_replace(rows, '$[' || (OLD.seq - seq) || ']', NULL)
        WHERE seq = {_HOLDER};
    END;
"""


def _migration_5(db: sqlite3.Connection) -> None:
    """Events kept as one row per transaction and session (``event_log``, a JSON array),
    read through the view ``events`` with the columns of the old table: one row and one
    index entry a step instead of one per event, encoded and scrubbed once. Every old event
    keeps its number. PostgreSQL keeps one row per event (:class:`~.pg.PgStore`)."""
    if not isinstance(db, sqlite3.Connection):
        return
    _script(
        db,
        f"""
        CREATE TABLE event_log (
            seq INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            n INTEGER NOT NULL,
            rows TEXT NOT NULL
        );
        INSERT INTO event_log (seq, session_id, n, rows)
            SELECT seq, session_id, 1, json_array(json_array(run_id, kind,
                CASE WHEN json_valid(data) THEN json(data) ELSE data END,
                json(printf('%!.17g', at))))
            FROM events ORDER BY seq;
        DROP TABLE events;
        CREATE INDEX events_by_session ON event_log(session_id, seq);
        {EVENTS_VIEW}
        """,
    )
    for trigger in EVENTS_TRIGGERS.split("END;"):
        if trigger.strip():
            db.execute(trigger + "END;")


def _migration_6(db: sqlite3.Connection) -> None:
    """Fewer B-trees written per step (each COMMIT writes one page per B-tree it touched;
    :mod:`coordinator.store.conversation`): a message goes into its step's ``event_log``
    row (new column ``messages``) with the step's events, else into ``message_log``, one
    rowid B-tree keyed by ``(run_id, idx)`` where the old table was two (its rows and its
    primary-key index; a ``WITHOUT ROWID`` table measured worse: a consult's first
    message, over ~1 KB, spilled to an overflow page and appends split pages); both are
    read as the view ``messages``. ``runs_by_definition`` goes (every run start wrote a
    page of it; only a prune read it, which now scans the runs once). PostgreSQL keeps
    its layout."""
    if not isinstance(db, sqlite3.Connection):
        return
    _script(
        db,
        f"""
        CREATE TABLE message_log (
            id INTEGER PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content TEXT NOT NULL
        );
        INSERT INTO message_log (id, role, content)
            SELECT (run_id << {MESSAGE_BITS}) + idx, role, content FROM messages
            ORDER BY run_id, idx;
        DROP TABLE messages;
        DROP INDEX runs_by_definition;
        ALTER TABLE event_log ADD COLUMN message_run INTEGER;
        ALTER TABLE event_log ADD COLUMN messages TEXT;
        """,
    )
    _triggers(db, MESSAGES_VIEW)


def _triggers(db: sqlite3.Connection, sql: str) -> None:
    """Run statements that may contain trigger bodies (each ending with ``END;``)."""
    for part in sql.split("END;"):
        if not part.strip():
            continue
        head, _, body = part.partition("CREATE TRIGGER")
        _script(db, head)
        if body:
            db.execute("CREATE TRIGGER" + body + "END;")


#: Ordered migrations; migration ``i`` brings the schema from version ``i`` to ``i + 1``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
]
SCHEMA_VERSION = len(MIGRATIONS)
#: The tables of the current schema in every backend (the event log's and the
#: conversations' differ: below).
TABLES = frozenset({"sessions", "runs", "delegations", "tool_calls", "agent_definitions"})
#: What a SQLite file at SCHEMA_VERSION has besides (lacking one, it is damaged): the
#: event log's and the conversations' rows, and the views ``events`` and ``messages``.
SQLITE_TABLES = TABLES | {"event_log", "events", "message_log", "messages"}
DEFAULT_TIMEOUT = 10.0  # seconds to wait for another process's lock
#: At most this many transactions share one COMMIT, so the write lock held across them
#: stays short for other processes (workers, commands) writing the same file.
GROUP_LIMIT = 64


@dataclass(frozen=True)
class SessionRow:
    """One session as stored."""

    id: str
    request: str
    workspace: str
    status: str
    reason: str
    options: JSON
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class SessionSummary:
    """A session with what a listing shows of its runs: the first agent and the totals."""

    row: SessionRow
    agent: str
    tokens: int
    cost_usd: float


@dataclass(frozen=True)
class RunRow:
    """One agent run as stored (conversation in :meth:`Store.messages`)."""

    id: int
    session_id: str
    parent_run_id: int | None
    agent: str
    model: str
    depth: int
    domain: str | None
    status: str
    max_turns: int
    turns: int
    repairs: int
    continuations: int
    stop_reason: str | None
    input_tokens: int
    output_tokens: int
    cache_write_tokens: int
    cache_read_tokens: int
    cost_usd: float
    model_ms: int
    report: str | None
    final_text: str | None
    failure_kind: str | None
    failure: str | None
    started_at: float
    ended_at: float | None
    #: Digest of the agent definition the run used (None: started before snapshots).
    definition: str | None = None
    _db: Path = field(default=Path(), repr=False, compare=False)  # for a bad row's message

    @property
    def usage(self) -> Usage:
        """The run's token counts (``usage.total_tokens`` is its one token total)."""
        return Usage(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cache_creation_input_tokens=self.cache_write_tokens,
            cache_read_input_tokens=self.cache_read_tokens,
        )

    @property
    def report_json(self) -> JSON | None:
        """The parsed report as stored (a dict), or None; a StoreError when unreadable."""
        if not self.report:
            return None
        try:
            data: JSON = json.loads(self.report)
        except ValueError as exc:
            raise bad_row(self._db, "runs", self.id, "report", exc) from None
        return data


@dataclass(frozen=True)
class DefinitionRow:
    """An agent definition some run used: its digest, name, source file and spec JSON."""

    digest: str
    name: str
    source: str | None
    spec: str
    created_at: float


@dataclass(frozen=True)
class DelegationRow:
    """A blocked run's question: answered by a consult, or waiting for a person."""

    id: int
    session_id: str
    parent_run_id: int
    child_run_id: int | None
    domain: str | None
    blocker: str | None
    required: str | None
    status: str
    waiting_reason: str | None
    answered_by: str | None
    created_at: float
    answered_at: float | None


@dataclass(frozen=True)
class ToolCallRow:
    """One tool call: ``state`` is ``started`` until its result is stored (``done``).

    ``turn`` is the number of the assistant turn that asked for it (ids are only trusted
    to be unique within one turn).
    """

    run_id: int
    turn: int
    tool_use_id: str
    name: str
    input: str
    state: str
    result: str | None
    is_error: bool
    started_at: float
    ended_at: float | None


@dataclass(frozen=True)
class EventRow:
    """One entry of the event log."""

    seq: int
    session_id: str
    run_id: int | None
    kind: str
    data: JSON
    at: float


class Store:
    """A session database. Open with :meth:`open`; close with :meth:`close`."""

    #: A message is kept with its step's events until the step is written (PostgreSQL
    #: writes it when appended).
    STEP_MESSAGES = True
    #: Removes a session's events (from the rows under the ``events`` view).
    _DELETE_EVENTS = "DELETE FROM event_log WHERE session_id = ?"
    #: Removes a session's messages kept in ``message_log`` (those in its ``event_log``
    #: rows go with them).
    _DELETE_MESSAGES = DELETE_MESSAGES

    def __init__(self, path: Path, db: sqlite3.Connection, timeout: float = DEFAULT_TIMEOUT):
        self.path = path
        self.timeout = timeout
        self._db = db
        self._depth = 0
        self._secrets: tuple[str, ...] | None = None
        self._locks = SessionLocks(path)
        self._fault: StoreError | None = None
        self._deferred: list[Callable[[], None]] = []
        #: What the open transaction logged, by session (in the order of each session's
        #: first event): ``[events, messages]``, written as one ``event_log`` row per
        #: session before the next statement that could see them (a read, a delete, the
        #: COMMIT; :mod:`~coordinator.store.conversation`).
        self._pending: dict[str, Pending] = {}
        #: The next message index and the session of runs this store appends to (filled by
        #: ``start_run`` or one read; forgotten on a rollback and when a session's lock goes).
        self._next_idx: dict[int, int] = {}
        self._run_session: dict[int, str] = {}
        #: Definitions known stored as of ``PRAGMA data_version`` ``_definitions_at``.
        self._definitions: set[tuple[str, str]] = set()
        self._definitions_at = -1
        #: The last session's messages read from its ``event_log`` rows, with the state of
        #: the file they were read at (session, own changes, ``PRAGMA data_version``).
        self._read_cache: tuple[tuple[str, int, int], dict[int, list[sqlite3.Row]]] | None = None
        #: The last ``update_run`` of the open transaction: consecutive updates of one run
        #: (a final turn's counters, then its outcome) become one statement.
        self._run_update: tuple[int, dict[str, Any]] | None = None
        #: Transactions marked ``group`` owe their COMMIT to :meth:`durable`
        #: (:meth:`share_commits`).
        self.group_commit = False
        self._owed = False
        self._owed_blocks = 0
        self._lost = False  # a shared commit failed: no session here may go on
        self._commit_waiter: Any = None
        self._joined = _Joined(self)
        self._outer = _Outermost(self)
        #: The open outermost transaction: ``group``, whether it joined an owed COMMIT,
        #: the deferred writes it took (given back should it fail).
        self._group = False
        self._joined_owed = False
        self._taken: list[Callable[[], None]] = []
        #: The user-level index told of new sessions and status changes (None: not told).
        self.index: SessionIndex | None = None
        #: Turns at writing shared with other processes (a batch's workers; None: SQLite's).
        self.write_lock: WriteLock | None = None

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True, timeout: float = DEFAULT_TIMEOUT) -> Store:
        """Open (and migrate) the database at ``path``.

        Raises :class:`UserError` naming the file when it is missing (``create=False``),
        is not a SQLite database, belongs to something else, or is from a newer coordinator,
        and a :class:`StoreError` when it is damaged, locked longer than ``timeout`` seconds,
        read-only or out of space. Nothing is written to a file that fails these checks.
        """
        path = Path(path)
        if not path.exists():
            if not create:
                raise UserError(
                    f"no session database at {path}",
                    hint="Start a session with `coord run` (or pass --db FILE).",
                )
            _make_parent(path)
        elif not path.is_file():
            raise UserError(f"session database {path} is not a file")
        store = cls(path, _connect(path, timeout), timeout)
        try:
            store._check_and_migrate()
        except BaseException:
            store._db.close()
            raise
        return store

    def location(self) -> Path | str:
        """What ``--db`` names to reopen this store: the file (a URL for PostgreSQL)."""
        return self.path

    def check_writable(self) -> None:
        """Raise the :class:`StoreError` a first write would, when the file or its filesystem
        is read-only: a run checks this before it loads the model SDK or calls a model."""
        fault = read_only_fault(self.path)
        if fault is not None:
            raise fault

    def check_claim(self) -> None:
        """Before a model call: raise if a worker's claim on the session was lost (only a
        shared store has claims; nothing to check in a file)."""

    def enqueue(self, session_id: str) -> None:
        """Hand the session to workers: only a shared PostgreSQL store has them."""
        raise UserError(
            "--detach needs a shared session database with workers",
            hint="Pass --db postgresql://… and run `coord worker --db …` on the machines.",
        )

    def close(self) -> None:
        """Write what was deferred or owed, release session locks and the connection."""
        if self._deferred or self._owed:
            try:
                with self.transaction():
                    pass
            except UserError:  # as if the process had stopped before it: resumable
                self._deferred.clear()
        for sid in self._locks.held_ids():
            self.unlock_session(sid)
        self._locks.close()
        self._db.close()
        if self.index is not None:
            self.index.close()

    def _check_and_migrate(self) -> None:
        """Refuse foreign or corrupt files untouched; then configure and migrate."""
        try:
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            tables = {
                r[0]
                for r in self._db.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                )
            }
        except sqlite3.DatabaseError as exc:
            raise self._translated(exc) from None
        if version == 0 and tables - {"sqlite_sequence"}:
            raise not_ours(
                self.path,
                f"{self.path} is a SQLite database of something else, not coordinator sessions",
            )
        if version > SCHEMA_VERSION:
            raise not_ours(
                self.path,
                f"{self.path} was written by a newer coordinator"
                f" (schema {version} > {SCHEMA_VERSION})",
                hint="Upgrade coordinator to read it.",
            )
        if version == SCHEMA_VERSION and SQLITE_TABLES - tables:
            raise missing_tables(self.path, sorted(SQLITE_TABLES - tables))
        self._execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        if version < SCHEMA_VERSION or self._execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self._execute("PRAGMA journal_mode = WAL")
        self._execute("PRAGMA synchronous = NORMAL")
        self._execute("PRAGMA foreign_keys = ON")
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                if int(self._execute("PRAGMA user_version").fetchone()[0]) == number:
                    MIGRATIONS[number](self._db)
                    self._execute(f"PRAGMA user_version = {number + 1}")

    # ---- statements and transactions -----------------------------------------------------

    def _execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement after the pending writes it could observe; a fault of the file
        or disk becomes a StoreError."""
        if self._pending and (
            not sql.startswith(_BLIND) or ("messag" in sql and self._messages_pending())
        ):
            self._flush()
        elif self._run_update is not None:
            self._flush_run()
        return self._statement(sql, params)

    def _statement(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement now; a fault of the file or disk becomes a StoreError."""
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._translated(exc) from None

    def _statements(self, sql: str, rows: list[Any]) -> None:
        """Run one statement for each of ``rows`` (one ``executemany``)."""
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self._translated(exc) from None

    def _messages_pending(self) -> bool:
        return any(p[1] for p in self._pending.values())

    def _patterns(self) -> tuple[str, ...]:
        """The secrets to scrub in the open transaction (looked up once per transaction)."""
        secrets = self._secrets
        if secrets is None:
            secrets = self._secrets = secret_patterns()
        return secrets

    def _flush_run(self) -> None:
        """Write the pending run update of the open transaction."""
        pending, self._run_update = self._run_update, None
        if pending is not None:
            run_id, fields = pending
            params = safe_params((*fields.values(), run_id), self._patterns())
            self._statement(_run_update_sql(tuple(fields)), params)

    def _flush(self) -> None:
        """Write the pending run update and event rows of the open transaction (the
        events wait for a statement that could see them: a read, a delete, the COMMIT)."""
        if self._run_update is not None:
            self._flush_run()
        if self._pending:
            pending, self._pending = self._pending, {}
            self._write_step(pending)

    def _write_step(self, pending: dict[str, Pending]) -> None:
        """Insert the open transaction's events and messages: one ``event_log`` row per
        session, its events encoded and scrubbed as one text (see :data:`EVENTS_VIEW`) and
        its messages as another; messages of a session with no event here (or whose text
        the scrubber would change) go to ``message_log``, one row each."""
        secrets = self._patterns()
        if len(pending) == 1:  # the usual case: one session's step, one row
            for sid, (entries, said) in pending.items():
                if entries:
                    row, loose = _step_row(sid, entries, said, secrets)
                    self._statement(INSERT_STEP, row)
                else:
                    loose = said
        else:
            steps, loose = [], []
            for sid, (entries, said) in pending.items():
                if entries:
                    row, left = _step_row(sid, entries, said, secrets)
                    steps.append(row)
                    loose += left
                else:
                    loose += said
            if steps:
                self._statements(INSERT_STEP, steps)
        if loose:
            rows = [((r << MESSAGE_BITS) + i, role, _dumps(c)) for r, i, role, c in loose]
            self._statements(INSERT_MESSAGE, [safe_params(row, secrets) for row in rows])

    def _forget(self) -> None:
        """Drop what the open transaction had pending, and what it may have made stale."""
        self._pending, self._run_update = {}, None
        self._next_idx.clear()
        self._run_session.clear()
        self._definitions.clear()

    def _translated(self, exc: sqlite3.Error) -> BaseException:
        """``exc`` as a StoreError (remembered), or ``exc`` itself when it is a bug."""
        error = translate(self.path, exc, self.timeout)
        if error is None:
            return exc
        self._fault = error
        return error

    def transaction(self, *, group: bool = False) -> AbstractContextManager[None]:
        """One atomic write. Nested calls join the outermost transaction.

        ``group`` (with :attr:`group_commit` on): the COMMIT is owed rather than made, so
        that sessions of one event loop ending a transaction in the same tick share it;
        the caller must ``await`` :meth:`durable` before its next model call, tool or
        answer. A transaction opened while a COMMIT is owed is a savepoint of the open one
        (it rolls back alone) and, unless grouped, commits everything owed."""
        if self._depth:
            return self._joined
        self._group = group
        return self._outer

    def _begin(self) -> None:
        """Open the outermost transaction (:class:`_Outermost`), then run what was deferred."""
        joined = self._owed
        if not joined and self.write_lock is not None:
            self.write_lock.hold()
        self._statement("SAVEPOINT grouped" if joined else "BEGIN IMMEDIATE")
        self._depth = 1
        self._secrets = None
        self._joined_owed = joined
        deferred, self._deferred = self._deferred, []
        self._taken = deferred
        if deferred:
            try:
                for write in deferred:
                    write()
            except BaseException:
                self._abort()
                raise

    def _abort(self) -> None:
        """Undo the open outermost transaction (its block or its COMMIT failed)."""
        try:
            self._forget()
            self._undo(self._joined_owed)
            self._deferred[:0] = self._taken  # still to write, by the next transaction
        finally:
            self._depth = 0

    def _end(self, joined: bool, *, owe: bool) -> None:
        """Commit the transaction just ended, or owe its COMMIT (see :meth:`transaction`)."""
        if self._pending or self._run_update is not None:
            self._flush()
        if joined:
            self._statement("RELEASE grouped")
        if owe and self._owed_blocks < GROUP_LIMIT:
            self._owed = True
            self._owed_blocks += 1
            return
        self._statement("COMMIT")
        self._owed, self._owed_blocks = False, 0
        self._fault = None  # the database took a write again
        if self.write_lock is not None:
            self._turn_over()

    def _undo(self, joined: bool) -> None:
        """Roll back the transaction that failed: only its savepoint when it joined one
        whose COMMIT is owed (unless SQLite already gave up the whole transaction)."""
        if joined and self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK TO grouped")
                self._db.execute("RELEASE grouped")
                return
            except sqlite3.Error:
                pass
        if joined:  # other sessions' owed writes went with it: they must not go on
            self._lost = True
        self._owed, self._owed_blocks = False, 0
        self._rollback()

    def share_commits(self, on: bool) -> None:
        """Let concurrent sessions of one event loop share commits (a batch turns this on)."""
        self.group_commit = on

    def take_turns(self, lock: WriteLock | None) -> None:
        """Write only in this process's turns of ``lock``, shared with the other workers of
        a batch (:mod:`coordinator.store.writelock`); None: SQLite's locking alone."""
        self.write_lock = lock
        if lock is not None:
            lock.busy = lambda: self._db.in_transaction
            lock.commit = self._commit_owed

    async def write_turn(self) -> None:
        """Return once this process may write (at once unless it takes turns with others)."""
        if self.write_lock is not None:
            await self.write_lock.turn()

    async def durable(self) -> None:
        """Return once every write made so far is committed: at once when no COMMIT is
        owed, else after the one COMMIT shared by every session waiting in this tick."""
        if self._lost:
            raise self._lost_error()
        if not self._owed:
            return
        import asyncio

        if self._commit_waiter is None:
            loop = asyncio.get_running_loop()
            self._commit_waiter = loop.create_future()
            loop.call_soon(self._commit_owed)
        await asyncio.shield(self._commit_waiter)

    def _commit_owed(self) -> None:
        waiter, self._commit_waiter = self._commit_waiter, None
        if waiter is None:
            return
        try:
            if self._owed and not self._db.in_transaction:  # SQLite gave up the whole of it
                self._lost = True
            if self._lost:
                raise self._lost_error()
            if self._owed:
                self._execute("COMMIT")
                self._owed, self._owed_blocks = False, 0
                self._fault = None
            self._turn_over()  # this tick's writes are committed
        except BaseException as exc:
            self._owed, self._owed_blocks = False, 0
            self._forget()
            self._rollback()
            waiter.set_exception(exc)
            return
        waiter.set_result(None)

    def _lost_error(self) -> StoreError:
        return StoreError(
            StoreFault.IO,
            self.path,
            f"session database {self.path}: a shared commit failed, so writes of sessions"
            " in this process were lost; they resume from their last committed step",
        )

    def defer(self, write: Callable[[], None]) -> None:
        """Run ``write`` (store writes only) at the start of the next transaction, whoever
        opens it, so it commits with that transaction's writes: one commit instead of two
        where nothing but computation separates them (a final turn and its outcome).
        Until then it is not durable: use only where losing it on a crash just repeats
        the step (a model call whose turn was not yet acted on)."""
        self._deferred.append(write)

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already done so."""
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the error being raised already says what went wrong
        self._turn_over()

    def _turn_over(self) -> None:
        """Nothing is left to commit: other processes may write (see :attr:`write_lock`)."""
        if self.write_lock is not None and not self._db.in_transaction:
            self.write_lock.committed()

    def _write(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """One statement in the open transaction (or its own); no secret, and only
        encodable text, is ever stored."""
        if not self._depth:
            with self.transaction():
                return self._write(sql, params)
        return self._execute(sql, safe_params(params, self._patterns()))

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        if self._pending or self._run_update is not None:
            self._flush()
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._translated(exc) from None

    def _json(self, table: str, key: object, column: str, text: str) -> Any:
        """A stored JSON value; a StoreError naming the row when it cannot be read."""
        try:
            return json.loads(text)
        except ValueError as exc:
            self._fault = bad_row(self.path, table, key, column, exc)
            raise self._fault from None

    def _session_row(self, row: sqlite3.Row) -> SessionRow:
        data = dict(row)
        data["options"] = self._json("sessions", row["id"], "options", data["options"])
        return SessionRow(**data)

    def _run_row(self, row: sqlite3.Row) -> RunRow:
        return RunRow(**dict(row), _db=self.path)

    # ---- sessions ------------------------------------------------------------------------

    def create_session(
        self, request: str, workspace: Path, options: JSON, sid: str | None = None
    ) -> str:
        """A new running session; returns its id (12 hex digits; ``sid`` when given)."""
        sid = sid or new_session_id()
        now = time.time()
        self._write(
            "INSERT INTO sessions (id, request, workspace, status, options, created_at,"
            " updated_at) VALUES (?, ?, ?, 'running', ?, ?, ?)",
            (sid, request, str(workspace), json.dumps(options), now, now),
        )
        if self.index is not None:
            self.index.record(sid, workspace, self.path, request)
        return sid

    def session(self, ref: str) -> SessionRow:
        """The session whose id is ``ref`` or starts with it; UserError when none or many."""
        ref = ref.strip()
        rows = self._rows(
            "SELECT * FROM sessions WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 5",
            (ref, _like_prefix(ref)),
        )
        exact = [r for r in rows if r["id"] == ref]
        if exact:
            return self._session_row(exact[0])
        if not rows or not ref:
            raise UserError(
                f"unknown session: {ref or '(empty)'} in {self.path}",
                hint="List session ids with `coord sessions` (add --db FILE for another database).",
            )
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows)
            raise UserError(f"session prefix '{ref}' is ambiguous: {ids}", hint="Type more of it.")
        return self._session_row(rows[0])

    def sessions(self, status: str | None = None) -> list[SessionRow]:
        """Every session, newest first, optionally only those with ``status``."""
        if status is None:
            rows = self._rows("SELECT * FROM sessions ORDER BY created_at DESC, rowid DESC")
        else:
            rows = self._rows(
                "SELECT * FROM sessions WHERE status = ? ORDER BY created_at DESC, rowid DESC",
                (status,),
            )
        return [self._session_row(r) for r in rows]

    def _summary(self, row: sqlite3.Row) -> SessionSummary:
        data = {k: row[k] for k in row.keys() if not k.startswith("_")}
        data["options"] = self._json("sessions", row["id"], "options", data["options"])
        return SessionSummary(
            SessionRow(**data), row["_agent"] or "", int(row["_tokens"]), float(row["_cost"])
        )

    def set_session_status(self, session_id: str, status: str, reason: str = "") -> None:
        """Record the session's status (and why, for waiting/failed/interrupted)."""
        self._write(
            "UPDATE sessions SET status = ?, reason = ?, updated_at = ? WHERE id = ?",
            (status, reason, time.time(), session_id),
        )
        if self.index is not None:
            self.index.set_status(session_id, status)

    def find_sessions(self, query: SessionQuery) -> list[SessionSummary]:
        """Sessions matching ``query``, newest first, each with its routed agent and run
        totals (``coord sessions``): one indexed statement, however many are stored."""
        where, params = query.where()
        sql = (
            "SELECT s.*,"
            " (SELECT agent FROM runs WHERE session_id = s.id ORDER BY id LIMIT 1) AS _agent,"
            " (SELECT COALESCE(SUM(input_tokens + output_tokens + cache_write_tokens"
            " + cache_read_tokens), 0) FROM runs WHERE session_id = s.id) AS _tokens,"
            " (SELECT COALESCE(SUM(cost_usd), 0) FROM runs WHERE session_id = s.id) AS _cost"
            f" FROM sessions s{where} ORDER BY s.created_at DESC, s.rowid DESC"
        )
        if query.limit is not None:
            sql += " LIMIT ?"
            params = (*params, query.limit)
        return [self._summary(r) for r in self._rows(sql, params)]

    def delete_sessions(self, session_ids: list[str]) -> None:
        """Remove sessions with every row that belongs to them, in one transaction."""
        self._definitions.clear()  # the prune below may drop some
        with self.transaction():
            for sid in session_ids:
                runs = "SELECT id FROM runs WHERE session_id = ?"
                self._execute(f"DELETE FROM tool_calls WHERE run_id IN ({runs})", (sid,))
                self._execute(self._DELETE_MESSAGES, (sid,))
                self._execute("DELETE FROM delegations WHERE session_id = ?", (sid,))
                self._execute(self._DELETE_EVENTS, (sid,))
                self._execute("UPDATE runs SET parent_run_id = NULL WHERE session_id = ?", (sid,))
                self._execute("DELETE FROM runs WHERE session_id = ?", (sid,))
                self._execute("DELETE FROM sessions WHERE id = ?", (sid,))
            self._execute(
                "DELETE FROM agent_definitions WHERE digest NOT IN"
                " (SELECT definition FROM runs WHERE definition IS NOT NULL)"
            )
        if self.index is not None:
            self.index.remove(session_ids)

    def last_event(self, session_id: str) -> int:
        """The sequence number of the session's latest event (0 when none)."""
        rows = self._event_rows("SELECT MAX(seq) FROM events WHERE session_id = ?", (session_id,))
        return int(rows[0][0] or 0)

    def runs_since(self, since: float | None) -> list[tuple[RunRow, float]]:
        """Runs of sessions created since ``since`` (all when None), each with the time
        its session was created (``coord stats``)."""
        rows = self._rows(
            "SELECT r.*, s.created_at AS session_created FROM runs r JOIN sessions s"
            " ON s.id = r.session_id WHERE s.created_at >= ? ORDER BY r.id",
            (since if since is not None else 0.0,),
        )
        out = []
        for r in rows:
            data = dict(r)
            created = data.pop("session_created")
            out.append((RunRow(**data, _db=self.path), float(created)))
        return out

    # ---- runs and conversations ----------------------------------------------------------

    def start_run(
        self,
        session_id: str,
        *,
        agent: str,
        model: str,
        depth: int,
        max_turns: int,
        first_message: JSON,
        parent_run_id: int | None = None,
        domain: str | None = None,
        definition: str | None = None,
    ) -> int:
        """Insert a running agent run with its first user message; returns the run id.

        ``definition``: the digest of the agent definition it runs (saved first with
        :meth:`save_definition`)."""
        run = (session_id, parent_run_id, agent, model, depth, domain, max_turns)
        if self._depth:
            run_id = self._insert_run(run, definition, first_message)
        else:
            with self.transaction():
                run_id = self._insert_run(run, definition, first_message)
        if parent_run_id is None and self.index is not None:
            self.index.set_agent(session_id, agent)
        return run_id

    def _insert_run(self, run: tuple[Any, ...], definition: str | None, first: JSON) -> int:
        """The run's row and its first message (inside the open transaction)."""
        # scrubbed like every write: a consult's domain is the blocked agent's own text
        params = safe_params((*run, time.time(), definition), self._patterns())
        cur = self._execute(_INSERT_RUN, params)
        run_id = int(cur.lastrowid or 0)
        sid = run[0]
        self._run_session[run_id] = sid
        if not self.STEP_MESSAGES:
            self._next_idx[run_id] = 0
            self.append_message(run_id, first)
            return run_id
        self._next_idx[run_id] = 1
        self._messages_of(sid).append((run_id, 0, first["role"], first["content"]))
        return run_id

    def append_message(self, run_id: int, message: JSON) -> None:
        """Append one message to the run's conversation (written with the transaction's
        events: see :mod:`~coordinator.store.conversation`)."""
        if not self._depth:
            with self.transaction():
                self.append_message(run_id, message)
            return
        self._append(run_id, message)

    def _append(self, run_id: int, message: JSON) -> None:
        """Keep ``message`` for the open transaction's step row, at the run's next index."""
        idx = self._next_idx.get(run_id)
        if idx is None:
            idx = self._last_index(run_id) + 1
        sid = self._run_session.get(run_id)
        if sid is None:
            sid = self._session_of(run_id)
        self._next_idx[run_id] = idx + 1
        self._messages_of(sid).append((run_id, idx, message["role"], message["content"]))

    def _messages_of(self, sid: str) -> list[MessageEntry]:
        """The session's messages pending in the open transaction."""
        pending = self._pending.get(sid)
        if pending is None:
            pending = self._pending[sid] = ([], [])
        return pending[1]

    def _last_index(self, run_id: int) -> int:
        """The index of the run's newest message (-1: none)."""
        first = run_id << MESSAGE_BITS
        found = self._rows(LAST_INDEX, (first, first + MESSAGE_SPAN - 1, run_id))[0][0]
        return -1 if found is None else int(found)

    def _session_of(self, run_id: int) -> str:
        rows = self._rows("SELECT session_id FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise ValueError(f"no run {run_id}")
        self._run_session[run_id] = sid = str(rows[0][0])
        return sid

    def messages(self, run_id: int) -> list[JSON]:
        """The run's conversation as Messages API JSON, in order."""
        first = run_id << MESSAGE_BITS
        rows = self._rows(SELECT_MESSAGES, (first, first + MESSAGE_SPAN - 1))
        stepped = self._stepped(run_id).get(run_id)
        if stepped:
            rows = sorted([*rows, *stepped], key=lambda r: int(r["idx"]))
        return self._conversation(run_id, rows)

    def _stepped(self, run_id: int) -> dict[int, list[sqlite3.Row]]:
        """The messages in the ``event_log`` rows of the run's session, by run: read in one
        pass and kept until anything is written to the file (by any connection)."""
        sid = self._run_session.get(run_id)
        if sid is None:
            known = self._rows("SELECT session_id FROM runs WHERE id = ?", (run_id,))
            if not known:
                return {}  # no such run: no conversation, as before
            sid = str(known[0][0])
        if self._pending or self._run_update is not None:
            self._flush()
        stamp = (sid, self._db.total_changes, self._data_version())
        if self._read_cache is not None and self._read_cache[0] == stamp:
            return self._read_cache[1]
        found: dict[int, list[sqlite3.Row]] = {}
        for row in self._rows(SESSION_MESSAGES, (sid,)):
            found.setdefault(int(row["run"]), []).append(row)
        self._read_cache = (stamp, found)
        return found

    def _conversation(self, run_id: int, rows: list[sqlite3.Row]) -> list[JSON]:
        """Rows of ``(idx, role, content)`` as Messages API JSON."""
        return [
            {
                "role": r["role"],
                "content": self._json("messages", f"{run_id}/{r['idx']}", "content", r["content"]),
            }
            for r in rows
        ]

    def update_run(self, run_id: int, **fields: Any) -> None:
        """Set columns of a run (counters, usage, status, outcome)."""
        _check_run_fields(fields)
        if not self._depth:
            with self.transaction():
                self.update_run(run_id, **fields)
            return
        self._set_run(run_id, fields)

    def _set_run(self, run_id: int, fields: dict[str, Any]) -> None:
        """Keep ``fields`` (a dict of the caller's, not changed) for the run's pending
        update: consecutive updates of one run become one statement."""
        pending = self._run_update
        if pending is not None and pending[0] == run_id:
            pending[1].update(fields)
            return
        if pending is not None:
            self._flush()
        self._run_update = (run_id, dict(fields))

    def run(self, run_id: int) -> RunRow:
        """One run by id."""
        return self._run_row(self._rows("SELECT * FROM runs WHERE id = ?", (run_id,))[0])

    def runs(self, session_id: str) -> list[RunRow]:
        """The session's runs in the order they started."""
        rows = self._rows("SELECT * FROM runs WHERE session_id = ? ORDER BY id", (session_id,))
        return [self._run_row(r) for r in rows]

    # ---- agent definitions ---------------------------------------------------------------

    def save_definition(self, digest: str, name: str, source: str | None, spec: str) -> str:
        """Store an agent definition once per digest (nothing is written when it is already
        there); returns ``digest`` for :meth:`start_run`.

        The never-true ``DO UPDATE … WHERE`` locks an existing row until the transaction
        ends (PostgreSQL locks a conflicting row even when the WHERE skips the update), so a
        concurrent prune cannot delete it between this and the run that refers to it.
        A definition this connection saw stored is not inserted again while no other
        connection has committed since (``PRAGMA data_version``)."""
        if self._knows(digest, name):
            return digest
        self._write(
            "INSERT INTO agent_definitions (digest, name, source, spec, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE SET name = excluded.name"
            " WHERE agent_definitions.name <> excluded.name",
            (digest, name, source, spec, time.time()),
        )
        self._learn(digest, name)
        return digest

    def _knows(self, digest: str, name: str) -> bool:
        """Whether the definition is stored for sure: this connection saw it stored (in a
        transaction that committed, or in the open one) and nothing else wrote since."""
        return (
            (digest, name) in self._definitions
            and self._depth > 0
            and self._data_version() == self._definitions_at
        )

    def _learn(self, digest: str, name: str) -> None:
        """Remember the definition just stored (inside the open transaction)."""
        if not self._depth:
            return
        version = self._data_version()
        if version != self._definitions_at:
            self._definitions.clear()
            self._definitions_at = version
        self._definitions.add((digest, name))

    def _data_version(self) -> int:
        """SQLite's count of other connections' commits (pending writes need not be
        flushed: it does not read them)."""
        return int(self._statement("PRAGMA data_version").fetchone()[0])

    def definitions(self, session_id: str) -> dict[str, DefinitionRow]:
        """Every agent definition the session's runs used, by digest."""
        rows = self._rows(
            "SELECT * FROM agent_definitions WHERE digest IN"
            " (SELECT definition FROM runs WHERE session_id = ?)",
            (session_id,),
        )
        return {r["digest"]: DefinitionRow(**dict(r)) for r in rows}

    # ---- delegations ---------------------------------------------------------------------

    def add_delegation(
        self,
        session_id: str,
        parent_run_id: int,
        *,
        domain: str | None,
        blocker: str | None,
        required: str | None,
        child_run_id: int | None = None,
        waiting_reason: str | None = None,
    ) -> int:
        """Record a blocked run's question: consulting ``child_run_id`` or waiting."""
        status = (
            DelegationStatus.CONSULTING if child_run_id is not None else DelegationStatus.WAITING
        )
        cur = self._write(
            "INSERT INTO delegations (session_id, parent_run_id, child_run_id, domain, blocker,"
            " required, status, waiting_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                parent_run_id,
                child_run_id,
                domain,
                blocker,
                required,
                status,
                waiting_reason,
                time.time(),
            ),
        )
        return int(cur.lastrowid or 0)

    def answer_delegation(self, delegation_id: int, answered_by: str) -> None:
        """Mark the question answered (by a consultant's name, or ``person``)."""
        self._write(
            "UPDATE delegations SET status = 'answered', answered_by = ?, answered_at = ?"
            " WHERE id = ?",
            (answered_by, time.time(), delegation_id),
        )

    def set_waiting(self, delegation_id: int, reason: str) -> None:
        """Turn a consulting delegation into one waiting for a person."""
        self._write(
            "UPDATE delegations SET status = 'waiting', waiting_reason = ? WHERE id = ?",
            (reason, delegation_id),
        )

    def retry_delegation(self, delegation_id: int) -> None:
        """Close a waiting question that is being asked again (``coord resume``)."""
        self._write("UPDATE delegations SET status = 'retried' WHERE id = ?", (delegation_id,))

    def delegation(self, delegation_id: int) -> DelegationRow:
        """One delegation by id."""
        rows = self._rows("SELECT * FROM delegations WHERE id = ?", (delegation_id,))
        return DelegationRow(**dict(rows[0]))

    def delegations(self, session_id: str) -> list[DelegationRow]:
        """The session's delegations in the order they were made."""
        rows = self._rows(
            "SELECT * FROM delegations WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [DelegationRow(**dict(r)) for r in rows]

    # ---- tool calls ----------------------------------------------------------------------

    def tool_started(self, run_id: int, turn: int, tool_use_id: str, name: str, args: JSON) -> None:
        """Record that a tool call of assistant turn ``turn`` is about to run."""
        self._write(
            "INSERT INTO tool_calls (run_id, turn, tool_use_id, name, input, state, started_at)"
            " VALUES (?, ?, ?, ?, ?, 'started', ?)",
            (run_id, turn, tool_use_id, name, _dumps(args), time.time()),
        )

    def tool_done(
        self, run_id: int, turn: int, tool_use_id: str, result: str, is_error: bool
    ) -> None:
        """Record a tool call's result."""
        self._write(
            "UPDATE tool_calls SET state = 'done', result = ?, is_error = ?, ended_at = ?"
            " WHERE run_id = ? AND turn = ? AND tool_use_id = ?",
            (result, int(is_error), time.time(), run_id, turn, tool_use_id),
        )

    def tool_calls(self, run_id: int, turn: int) -> dict[str, ToolCallRow]:
        """The tool calls of one assistant turn of a run, by tool_use id."""
        rows = self._rows("SELECT * FROM tool_calls WHERE run_id = ? AND turn = ?", (run_id, turn))
        return {r["tool_use_id"]: _tool_row(r) for r in rows}

    def all_tool_calls(self, session_id: str) -> list[ToolCallRow]:
        """Every tool call of a session, in the order they started."""
        rows = self._rows(
            "SELECT t.* FROM tool_calls t JOIN runs r ON r.id = t.run_id"
            " WHERE r.session_id = ? ORDER BY t.started_at, t.rowid",
            (session_id,),
        )
        return [_tool_row(r) for r in rows]

    def tool_input(self, call: ToolCallRow) -> JSON:
        """The JSON input a tool call was given."""
        key = f"{call.run_id}/{call.turn}/{call.tool_use_id}"
        data = self._json("tool_calls", key, "input", call.input)
        return data if isinstance(data, dict) else {}

    # ---- events --------------------------------------------------------------------------

    def add_event(self, event: Event) -> None:
        """Append ``event`` to the log (written with the transaction's other events)."""
        if not self._depth:
            with self.transaction():
                self.add_event(event)
            return
        self._entries_of(event.session_id).append(
            (event.run_id, event.kind, event.data(), time.time_ns())
        )

    def _entries_of(self, sid: str) -> list[Entry]:
        """The session's events pending in the open transaction. A session's first event
        moves its entry after those that already hold events: the step rows are numbered in
        the order of each session's first event."""
        pending = self._pending.get(sid)
        if pending is None or not pending[0]:
            pending = self._pending.pop(sid, None) or ([], [])
            self._pending[sid] = pending
        return pending[0]

    def record_step(
        self,
        run_id: int,
        fields: dict[str, Any] | None = None,
        message: JSON | None = None,
        events: Sequence[Event] = (),
    ) -> None:
        """One step of run ``run_id`` in one call (the engine's write per step): ``message``
        appended to its conversation, then ``fields`` set (:meth:`update_run`), then
        ``events`` logged (:meth:`add_event`), in that order, all kept until the step's
        row is written."""
        if not self._depth:
            with self.transaction():
                self.record_step(run_id, fields, message, events)
            return
        if message is not None:
            self._append(run_id, message)
        if fields:
            _check_run_fields(fields)
            self._set_run(run_id, fields)
        known = ""
        entries: list[Entry] = []
        for event in events:
            if event.session_id != known:
                known = event.session_id
                entries = self._entries_of(known)
            entries.append((event.run_id, event.kind, event.data(), time.time_ns()))

    def events(self, session_id: str) -> list[EventRow]:
        """The session's event log in order."""
        rows = self._event_rows(
            "SELECT * FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
        )
        return [
            EventRow(
                seq=r["seq"],
                session_id=r["session_id"],
                run_id=r["run_id"],
                kind=r["kind"],
                data=self._json("events", r["seq"], "data", r["data"]),
                at=r["at"],
            )
            for r in rows
        ]

    def _event_rows(self, sql: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
        """Rows of the ``events`` view; an ``event_log`` row that is not JSON (edited by
        hand) is named as an unreadable row, as a bad ``data`` value is."""
        try:
            return self._rows(sql, params)
        except sqlite3.OperationalError as exc:
            if "JSON" not in str(exc):
                raise
            self._fault = bad_row(self.path, "event_log", params[0], "rows", ValueError(exc))
            raise self._fault from None

    # ---- locks ---------------------------------------------------------------------------

    def lock_session(self, session_id: str) -> None:
        """Take the session's OS lock (released with the process, even on kill -9).

        Raises UserError when another process holds it (:mod:`coordinator.store.locks`).
        """
        if not self._locks.acquire(session_id):
            raise UserError(
                f"session {session_id} is in use by another process",
                hint="Wait for it to finish, or stop that process first.",
            )

    def unlock_session(self, session_id: str, *, ended: bool = False) -> None:
        """Release the session's lock if this store holds it.

        A session still ``running`` when its driver lets go stopped mid-way (an error, a
        signal): it is recorded as interrupted, so ``coord resume`` continues it. ``ended``:
        the driver saw the session's outcome committed, so its status is not looked up.
        """
        self._forget_runs(session_id)
        if not self._locks.held(session_id):
            return
        try:
            if not ended:
                self._mark_interrupted(session_id)
        finally:
            self._locks.release(session_id)

    def _forget_runs(self, session_id: str) -> None:
        """Forget the message indexes of the session's runs when its lock goes: another
        process may append to them while this one does not hold the session."""
        for run_id in [r for r, sid in self._run_session.items() if sid == session_id]:
            del self._run_session[run_id]
            self._next_idx.pop(run_id, None)

    def session_in_use(self, session_id: str) -> bool:
        """True when some process (this one included) holds the session's lock."""
        return self._locks.held_anywhere(session_id)

    def _mark_interrupted(self, session_id: str) -> None:
        """Best effort: a still-running session becomes interrupted, with why."""
        why = (
            f"stopped by a database error: {self._fault.message}"
            if self._fault is not None
            else "stopped before it finished"
        )
        try:
            status = self._rows("SELECT status FROM sessions WHERE id = ?", (session_id,))
            if not status or status[0][0] != "running":
                return  # it ended with an outcome (the usual case): nothing to record
            with self.transaction():
                cur = self._execute(
                    "UPDATE sessions SET status = 'interrupted', reason = ?, updated_at = ?"
                    " WHERE id = ? AND status = 'running'",
                    (why, time.time(), session_id),
                )
                if cur.rowcount:
                    from coordinator.events import Interrupted

                    self.add_event(Interrupted(session_id, None, why))
            if self.index is not None:
                self.index.set_status(session_id, SessionStatus.INTERRUPTED)
        except StoreError:
            pass  # the database cannot take it now; a running session nobody holds
            # is shown as interrupted and resumes all the same


class _Outermost:
    """The outermost transaction's context manager, one per store (no generator and no
    context-manager object built per transaction): :meth:`Store.transaction`."""

    __slots__ = ("_store",)

    def __init__(self, store: Store):
        self._store = store

    def __enter__(self) -> None:
        self._store._begin()

    def __exit__(self, kind: object, *exc: object) -> None:
        """Commit (or owe the COMMIT) when the block ended normally, else roll back and
        keep what the transaction took of the deferred writes."""
        store = self._store
        if kind is not None:
            store._abort()
            return
        try:
            store._end(store._joined_owed, owe=store._group and store.group_commit)
        except BaseException:
            store._abort()
            raise
        store._depth = 0


class _Joined:
    """A transaction opened inside an open one: it joins it (its writes commit with it)."""

    __slots__ = ("_store",)

    def __init__(self, store: Store):
        self._store = store

    def __enter__(self) -> None:
        self._store._depth += 1

    def __exit__(self, *exc: object) -> None:
        self._store._depth -= 1


@dataclass(frozen=True)
class SessionQuery:
    """Which sessions ``coord sessions`` lists: stored status, root agent, created since
    (epoch seconds), a substring of the request, at most ``limit``."""

    statuses: tuple[str, ...] = ()
    agent: str | None = None
    since: float | None = None
    search: str | None = None
    limit: int | None = None
    before: float | None = None

    def where(self) -> tuple[str, tuple[Any, ...]]:
        """The WHERE clause and its parameters."""
        terms: list[str] = []
        params: list[Any] = []
        if self.statuses:
            terms.append(f"s.status IN ({', '.join('?' for _ in self.statuses)})")
            params += self.statuses
        if self.agent is not None:
            terms.append(
                "EXISTS (SELECT 1 FROM runs r WHERE r.session_id = s.id"
                " AND r.parent_run_id IS NULL AND r.agent = ?)"
            )
            params.append(self.agent)
        if self.since is not None:
            terms.append("s.created_at >= ?")
            params.append(self.since)
        if self.search:
            terms.append("instr(lower(s.request), lower(?)) > 0")
            params.append(self.search)
        if self.before is not None:
            terms.append("s.created_at < ?")
            params.append(self.before)
        return (" WHERE " + " AND ".join(terms) if terms else ""), tuple(params)


_RUN_COLUMNS = frozenset(name for name in RunRow.__dataclass_fields__ if not name.startswith("_"))


def _make_parent(path: Path) -> None:
    """Create the database's folder; a new one gets a ``.gitignore`` of ``*`` so the store
    never ends up committed in the user's repository."""
    try:
        path.parent.mkdir(parents=True)
    except FileExistsError:
        return
    except OSError as exc:
        raise UserError(f"cannot create the folder for {path}: {exc.strerror}") from None
    try:
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot create the folder for {path}: {exc.strerror}") from None


_INSERT_RUN = (
    "INSERT INTO runs (session_id, parent_run_id, agent, model, depth, domain,"
    " status, max_turns, started_at, definition)"
    " VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)"
)


def _check_run_fields(fields: dict[str, Any]) -> None:
    """Refuse an empty update or a column ``runs`` does not have (a bug in the caller)."""
    if not fields or not _RUN_COLUMNS.issuperset(fields):
        raise ValueError(f"unknown run fields: {sorted(set(fields) - _RUN_COLUMNS)}")


@functools.lru_cache(maxsize=64)
def _run_update_sql(columns: tuple[str, ...]) -> str:
    """``UPDATE runs`` of these columns (a run's updates repeat a few column sets), its
    parameters by position: SQLite binds a dozen named ones 3.5 us slower."""
    sets = ", ".join(f"{name} = ?" for name in columns)
    return f"UPDATE runs SET {sets} WHERE id = ?"


#: One message as kept until its transaction writes it: ``(run_id, idx, role, content)``,
#: the content as the message holds it (encoded when the step is written).
MessageEntry = tuple[int, int, str, Any]
_ROLES = frozenset({"user", "assistant"})
#: One event as kept until its transaction writes it: ``(run_id, kind, data, at)``, ``at``
#: in nanoseconds since the epoch.
Entry = tuple[int | None, str, JSON, int]
#: A session's pending events and messages in the open transaction.
Pending = tuple[list[Entry], list[MessageEntry]]


def _step_row(
    sid: str, entries: list[Entry], said: list[MessageEntry], secrets: tuple[str, ...]
) -> tuple[tuple[Any, ...], list[MessageEntry]]:
    """A session's ``event_log`` row (parameters of :data:`INSERT_STEP`) and the messages
    that cannot ride in it (written to ``message_log``)."""
    events_text = _event_text(entries, secrets)
    if not said:
        return (safe_str(sid, secrets), len(entries), events_text, None, None), said
    text = _message_text(said, secrets)
    if text is None:
        return (safe_str(sid, secrets), len(entries), events_text, None, None), said
    run: int | None = said[0][0]
    for message in said:
        if message[0] != run:
            run = None
            break
    return (safe_str(sid, secrets), len(entries), events_text, run, text), []


def _message_text(messages: list[MessageEntry], secrets: tuple[str, ...]) -> str | None:
    """``messages`` as one JSON array of ``[run_id, idx, role, content]`` (one encoding),
    or None when it cannot be kept as is: the scrubber would change its text (a secret, a
    lone surrogate, a key-like text), a float JSON cannot hold is in it (NaN, infinity:
    SQLite's JSON functions refuse the array then), or a role the table would refuse."""
    try:
        text = _finite_dumps(messages)
    except ValueError:  # NaN or infinity
        return None
    if safe_str(text, secrets) is not text:
        return None
    for message in messages:
        if message[2] not in _ROLES:
            return None
    return text


def _event_text(entries: list[Entry], secrets: tuple[str, ...]) -> str:
    """``entries`` as one JSON array with no secret or unencodable text in it.

    Encoded and scrubbed as one text; in the rare case the scrubber changes something (a
    secret, a lone surrogate, a key-like text), or a float JSON cannot hold (NaN, infinity:
    SQLite's JSON functions refuse the array then) is there, the entries are scrubbed
    value by value and encoded again, so the array stays valid JSON whatever was replaced."""
    try:
        text = _finite_dumps_any(entries)
    except ValueError:  # NaN or infinity: made null below
        return _dumps_any(_safe_value(entries, secrets))
    if safe_str(text, secrets) is text:
        return text
    return _dumps_any(_safe_value(entries, secrets))


def _safe_value(value: Any, secrets: tuple[str, ...]) -> Any:
    """Parsed JSON (or event fields) with every string scrubbed and every non-finite float
    made null."""
    if isinstance(value, str):
        return safe_str(value, secrets)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {_safe_value(str(k), secrets): _safe_value(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe_value(v, secrets) for v in value]
    if value is None or isinstance(value, (int, bool)):
        return value
    return safe_str(str(value), secrets)  # as the encoder's ``default`` would write it


#: Statements that cannot observe pending event rows: writes other than deletes (and,
#: while messages are pending, other than writes to ``messages`` or ``message_log``).
_BLIND = ("INSERT", "UPDATE")


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    except sqlite3.Error as exc:
        raise translate(path, exc, timeout) or exc from None
    db.row_factory = sqlite3.Row
    return db


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction (no implicit COMMIT)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def new_session_id() -> str:
    """A fresh session id: 12 hex digits."""
    return uuid.uuid4().hex[:12]


def _like_prefix(ref: str) -> str:
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _tool_row(row: sqlite3.Row) -> ToolCallRow:
    data = dict(row)
    data["is_error"] = bool(data["is_error"])
    return ToolCallRow(**data)
