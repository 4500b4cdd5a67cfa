"""The SQLite schema: its migrations (``PRAGMA user_version`` counts those applied), the
event log's view and triggers, and the tables a current file must have.

PostgreSQL runs the same migrations through its translating connection
(:class:`~coordinator.store.pg.PgStore`); those that only concern SQLite's layout return at
once there.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from coordinator.errors import UserError
from coordinator.store import pinned
from coordinator.store.alone import ReadAlone, stamp
from coordinator.store.conversation import (
    MESSAGE_BITS,
    SEQ_BITS,
    SEQ_MASK,
    in_session,
    messages_view,
)
from coordinator.store.faults import (
    ELSEWHERE,
    StoreError,
    StoreFault,
    missing_tables,
    not_ours,
    on_read_only_filesystem,
    read_only_filesystem,
    translate,
    unread_log,
)
from coordinator.store.paths import DEFAULT_DB
from coordinator.store.wal import unapplied_changes
from coordinator.tools import owned

if TYPE_CHECKING:
    from coordinator.store.transactions import Transactions


def _migration_1(db: sqlite3.Connection) -> None:
    """The first schema: sessions and their runs, then what a run keeps."""
    _sessions_and_runs(db)
    _run_records(db)


def _sessions_and_runs(db: sqlite3.Connection) -> None:
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
        """,
    )


def _run_records(db: sqlite3.Connection) -> None:
    """Each run's messages, delegations, tool calls and the event log."""
    _script(
        db,
        """
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


def _events_view(session: str, rows: str, first: str = "b.seq") -> str:
    """The view ``events`` over ``rows`` (``event_log b``, with what names the session)
    with ``session`` as its ``session_id``; ``first``: a row's first event's number."""
    return f"""
    CREATE VIEW events (seq, session_id, run_id, kind, data, at, rowid) AS
        SELECT {first} + j.key, {session}, j.value ->> 0, j.value ->> 1, j.value ->> 2,
               CASE WHEN typeof(j.value ->> 3) = 'integer' THEN (j.value ->> 3) / 1e9
                    ELSE j.value ->> 3 END,
               {first} + j.key
        FROM {rows}, json_each(b.rows) j WHERE j.type = 'array';
"""


#: The event log as SQL sees it: one row per event (``seq``, ``session_id``, ``run_id``,
#: ``kind``, ``data``, ``at``; ``rowid`` = ``seq``), expanded from ``event_log``, which
#: keeps the events one transaction wrote for one session as one row: ``rows`` is a JSON
#: array of ``[run_id, kind, data, at]`` entries numbered ``seq``, ``seq + 1``, ... (``n``
#: of them). An entry that was deleted is a JSON null (the others keep their numbers).
#: ``at`` is written as integer nanoseconds (``time.time_ns()``: a float's shortest repr
#: costs ~10x the integer's) and read as seconds, the same double ``time.time()`` gives;
#: a REAL (migrated rows, writes through the view) is seconds already. Since schema 7 a row
#: names its session by number (``session_no``, :func:`_migration_7`); since schema 9 by
#: its key, ``seq``, which is the session's number times 2**32 plus the number of the row's
#: first event in its session (:func:`_migration_9`): the view joins ``sessions`` for the
#: public id, so ``WHERE session_id = ?`` finds the session by its id index, then its rows
#: as one range of ``event_log``'s own B-tree. An event's ``seq`` counts within its
#: session (a migrated event keeps the number it had).
EVENTS_VIEW = _events_view(
    "s.id",
    f"sessions s JOIN event_log b ON {in_session('s.no', 'b.seq')}",
    f"b.seq - (s.no << {SEQ_BITS})",
)
#: The view of schemas 7 and 8 (``event_log`` named its session by ``session_no``).
_EVENTS_VIEW_7 = _events_view("s.id", "event_log b JOIN sessions s ON s.no = b.session_no")
#: The view of schemas 5 and 6 (``event_log`` named its session by id), made by
#: :func:`_migration_5` and replaced by :func:`_migration_7`.
_EVENTS_VIEW_5 = _events_view("b.session_id", "event_log b")
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


def _events_triggers(session: tuple[str, str]) -> str:
    """Writes through the view, for tools and old scripts (the store writes ``event_log``);
    ``session``: the column of ``event_log`` naming the session and its value for ``NEW``."""
    column, value = session
    return f"""
    CREATE TRIGGER events_insert INSTEAD OF INSERT ON events BEGIN
        INSERT INTO event_log (seq, {column}, n, rows)
        VALUES (COALESCE(NEW.seq, {_NEXT_SEQ}), {value}, 1, json_array({_ENTRY}));
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


#: The session's number of an id (the public one, which people see and type).
SESSION_NO = "(SELECT no FROM sessions WHERE id = {})"
_EVENTS_TRIGGERS_7 = _events_triggers(("session_no", SESSION_NO.format("NEW.session_id")))
_EVENTS_TRIGGERS_5 = _events_triggers(("session_id", "NEW.session_id"))


def _events_triggers_9() -> str:
    """:func:`_events_triggers` for schema 9's keys (:data:`_EVENTS_VIEW`): an event's
    ``seq`` is its row's key less its session's base, the session's number times 2**32."""
    new_base, old_base = (
        f"({SESSION_NO.format(f'{v}.session_id')} << {SEQ_BITS})" for v in ("NEW", "OLD")
    )
    last = (
        f"(SELECT seq + n FROM event_log WHERE seq BETWEEN {new_base}"
        f" AND {new_base} + {SEQ_MASK} ORDER BY seq DESC LIMIT 1)"
    )
    holder = (
        f"(SELECT seq FROM event_log WHERE seq <= {old_base} + OLD.seq ORDER BY seq DESC LIMIT 1)"
    )
    at = f"'$[' || ({old_base} + OLD.seq - seq) || ']'"
    return f"""
    CREATE TRIGGER events_insert INSTEAD OF INSERT ON events BEGIN
        SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed')
            WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = NEW.session_id);
        INSERT INTO event_log (seq, n, rows)
        VALUES (COALESCE({new_base} + NEW.seq, {last}, {new_base} + 1), 1, json_array({_ENTRY}));
    END;
    CREATE TRIGGER events_update INSTEAD OF UPDATE ON events BEGIN
        UPDATE event_log SET rows = json_replace(rows, {at}, {_ENTRY}) WHERE seq = {holder};
    END;
    CREATE TRIGGER events_delete INSTEAD OF DELETE ON events BEGIN
        UPDATE event_log SET rows = json_replace(rows, {at}, NULL) WHERE seq = {holder};
    END;
"""


EVENTS_TRIGGERS = _events_triggers_9()


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
        {_EVENTS_VIEW_5}
        """,
    )
    for trigger in _EVENTS_TRIGGERS_5.split("END;"):
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
    _triggers(db, messages_view("session_id"))


class Unnumbered(Exception):
    """A row naming a session the file does not hold: schema 7 has no number to give it
    (or, ``why`` given, a row schema 9 cannot key: :func:`_migration_9`)."""

    def __init__(self, table: str, key: object, session: object, why: str = ""):
        why = why or f"names session {session!r}, which is not stored"
        super().__init__(f"{table} row {key} {why}")
        self.table, self.key, self.session = table, key, session


#: The tables of schema 7 that name a session by number, and its number column
#: (``sessions.no``, an explicit INTEGER PRIMARY KEY: a rowid VACUUM never renumbers).
_NUMBERED = """
    CREATE TABLE sessions_7 (
        no INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        request TEXT NOT NULL,
        workspace TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        options TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE runs_7 (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        session_no INTEGER NOT NULL REFERENCES sessions(no),
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
        ended_at REAL,
        definition TEXT REFERENCES agent_definitions(digest) ON DELETE SET NULL
    );
    CREATE TABLE delegations_7 (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        session_no INTEGER NOT NULL REFERENCES sessions(no),
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
    CREATE TABLE event_log_7 (
        seq INTEGER PRIMARY KEY,
        session_no INTEGER NOT NULL REFERENCES sessions(no),
        n INTEGER NOT NULL,
        rows TEXT NOT NULL,
        message_run INTEGER,
        messages TEXT
    );
"""
#: Schema 7's by-session indexes: keyed by the session's number, so a new session's
#: entries append at each index's right edge (and ``sessions_by_created``, as before).
_NUMBERED_INDEXES = """
    CREATE INDEX sessions_by_created ON sessions(created_at);
    CREATE INDEX runs_by_session ON runs(session_no);
    CREATE INDEX delegations_by_session ON delegations(session_no);
    CREATE INDEX events_by_session ON event_log(session_no, seq);
"""


def _migration_7(db: sqlite3.Connection) -> None:
    """Sessions numbered (``sessions.no``, in the order they were made), and the rows of
    ``runs``, ``delegations`` and ``event_log`` naming theirs by that number, their
    by-session indexes keyed by it: a random 12-hex id put each session's entries on a
    page of its own in every such index, so a checkpoint copied one page per session per
    index (bench/RESULTS.md, "The durable hop on a file in use"); numbers given in order
    append at the right edge. Ids people see and type stay (``sessions.id``; ``runs`` and
    ``delegations`` keep theirs for the rows read; the view ``events`` joins it). Each
    table is rebuilt and copied, so :func:`check_and_migrate` runs this with foreign keys
    off, in one transaction. PostgreSQL keeps its layout."""
    if not isinstance(db, sqlite3.Connection):
        return
    for table, key in (("runs", "id"), ("delegations", "id"), ("event_log", "seq")):
        orphan = db.execute(
            f"SELECT {key}, session_id FROM {table}"
            " WHERE session_id NOT IN (SELECT id FROM sessions) LIMIT 1"
        ).fetchone()
        if orphan is not None:  # only a hand edit with foreign keys off makes one
            raise Unnumbered(table, orphan[0], orphan[1])
    _script(db, "DROP VIEW events; DROP VIEW messages")  # their triggers go with them
    _script(db, _NUMBERED)
    _copy(db, "sessions", "no", "rowid")
    _copy(db, "runs", "session_no", SESSION_NO.format("session_id"))
    _copy(db, "delegations", "session_no", SESSION_NO.format("session_id"))
    _copy(db, "event_log", "session_no", SESSION_NO.format("session_id"))
    _script(db, _NUMBERED_INDEXES + _EVENTS_VIEW_7)
    _triggers(db, _EVENTS_TRIGGERS_7 + messages_view("session_no"))


#: Schema 8's ``delegations``: its status checked by comparisons, not ``IN (…)``. SQLite
#: evaluates ``x IN`` a list of more than two constants by building a temporary B-tree of
#: the list every time the statement runs (a pager opened and closed: ~31 K instructions
#: on each insert and on each update of a status, two a delegation hop, about a tenth of
#: the hop's SQL); compared in turn it costs as much as no check (bench/RESULTS.md,
#: "hop32"). The same values are accepted and refused.
_DELEGATIONS_8 = """
    CREATE TABLE delegations_8 (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        session_no INTEGER NOT NULL REFERENCES sessions(no),
        parent_run_id INTEGER NOT NULL REFERENCES runs(id),
        child_run_id INTEGER REFERENCES runs(id),
        domain TEXT,
        blocker TEXT,
        required TEXT,
        status TEXT NOT NULL CHECK (status = 'consulting' OR status = 'waiting'
            OR status = 'answered' OR status = 'retried'),
        waiting_reason TEXT,
        answered_by TEXT,
        created_at REAL NOT NULL,
        answered_at REAL
    );
    INSERT INTO delegations_8 SELECT id, session_id, session_no, parent_run_id,
        child_run_id, domain, blocker, required, status, waiting_reason, answered_by,
        created_at, answered_at FROM delegations ORDER BY id;
    DROP TABLE delegations;
    ALTER TABLE delegations_8 RENAME TO delegations;
    CREATE INDEX delegations_by_session ON delegations(session_no);
"""


def _migration_8(db: sqlite3.Connection) -> None:
    """``delegations`` rebuilt with its status CHECK written as comparisons
    (:data:`_DELEGATIONS_8`: the same rule, without a temporary B-tree per write); rows,
    ids and the by-session index kept. PostgreSQL keeps its layout (its ``IN`` costs no
    such table)."""
    if not isinstance(db, sqlite3.Connection):
        return
    _script(db, _DELEGATIONS_8)


#: Schema 9's ``event_log``: keyed by session (:data:`SEQ_BITS`), no ``session_no``.
_EVENT_LOG_9 = f"""
    CREATE TABLE event_log_9 (
        seq INTEGER PRIMARY KEY,
        n INTEGER NOT NULL,
        rows TEXT NOT NULL,
        message_run INTEGER,
        messages TEXT
    );
    INSERT INTO event_log_9 (seq, n, rows, message_run, messages)
        SELECT (session_no << {SEQ_BITS}) + seq, n, rows, message_run, messages
        FROM event_log ORDER BY session_no, seq;
    DROP TABLE event_log;
    ALTER TABLE event_log_9 RENAME TO event_log;
"""


def _migration_9(db: sqlite3.Connection) -> None:
    """``event_log`` keyed by session: a row's ``seq`` becomes its session's number times
    2**32 plus its old ``seq`` (each event keeps its number, now counted in its session),
    so a session's rows are one range of the table and ``events_by_session`` goes: every
    step wrote a page of it (bench/RESULTS.md, "hop37"). Views and triggers remade over
    the new keys. PostgreSQL keeps its layout (one row per event)."""
    if not isinstance(db, sqlite3.Connection):
        return
    over = db.execute(
        f"SELECT seq, session_no FROM event_log WHERE seq + n > {SEQ_MASK} LIMIT 1"
    ).fetchone()
    if over is not None:  # four billion events: no file has them, but a hand edit could
        raise Unnumbered("event_log", over[0], over[1], f"numbers an event past {SEQ_MASK}")
    _script(db, "DROP VIEW events; DROP VIEW messages")  # their triggers go with them
    _script(db, _EVENT_LOG_9 + EVENTS_VIEW)
    _triggers(db, EVENTS_TRIGGERS + messages_view("seq"))


#: Schema 10's ``delegations``: keyed by session (``id`` = the session's number times 2**32
#: plus the delegation's number in it, :data:`~.calls.DELEGATION_KEY`), no ``session_no``.
#: Each session's delegations are numbered 1, 2, ... in the order they were made (their ids
#: are the store's own: no other row or event names one).
_DELEGATIONS_10 = f"""
    CREATE TABLE delegations_10 (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        parent_run_id INTEGER NOT NULL REFERENCES runs(id),
        child_run_id INTEGER REFERENCES runs(id),
        domain TEXT,
        blocker TEXT,
        required TEXT,
        status TEXT NOT NULL CHECK (status = 'consulting' OR status = 'waiting'
            OR status = 'answered' OR status = 'retried'),
        waiting_reason TEXT,
        answered_by TEXT,
        created_at REAL NOT NULL,
        answered_at REAL
    );
    INSERT INTO delegations_10 SELECT (session_no << {SEQ_BITS})
            + row_number() OVER (PARTITION BY session_no ORDER BY id),
        session_id, parent_run_id, child_run_id, domain, blocker, required, status,
        waiting_reason, answered_by, created_at, answered_at
        FROM delegations ORDER BY session_no, id;
    DROP TABLE delegations;
    ALTER TABLE delegations_10 RENAME TO delegations;
"""
#: The largest session number a key holds (63 bits: the number times 2**32, plus 2**32).
_KEYED_SESSIONS = (1 << (63 - SEQ_BITS)) - 1


def _migration_10(db: sqlite3.Connection) -> None:
    """``delegations`` keyed by session, as ``event_log`` is since schema 9: a session's
    delegations are one range of the table, renumbered 1, 2, ... in their session in the
    order they were made, and ``delegations_by_session`` goes with ``session_no``: every
    question wrote a page of that index (bench/RESULTS.md, "hop39"). PostgreSQL keeps its
    layout (an identity column and its index)."""
    if not isinstance(db, sqlite3.Connection):
        return
    over = db.execute(
        "SELECT id, session_no FROM delegations"
        f" WHERE session_no NOT BETWEEN 0 AND {_KEYED_SESSIONS} LIMIT 1"
    ).fetchone()
    if over is not None:  # only a hand edit with foreign keys off makes one
        raise Unnumbered("delegations", over[0], over[1], f"names session number {over[1]}")
    _script(db, _DELEGATIONS_10)


def _migration_11(db: sqlite3.Connection) -> None:
    """Nothing stored changes; what rows written from now on mean does, so that older code,
    which would misread them, refuses the file (schema 11 > 10): a question its consult
    answered keeps ``consulting`` in its row, read as answered by that consult's run when
    it ended (``calls._READ_DELEGATION``), and a run's ``final_text`` is NULL (its final
    message is in its conversation, ``Engine._store_outcome``). Each copy cost the hop a
    statement and a page (bench/RESULTS.md, "hop40"). Both backends."""


def _migration_12(db: sqlite3.Connection) -> None:
    """A consult's run holds its question (``runs.question``: the blocker and what is
    required, as JSON) and no ``delegations`` row is written for it: the run's parent,
    domain and start are the question's (:meth:`~.calls.Calls.delegations` reads both).
    NULL in older rows, whose questions keep their rows, so none is read twice. The row
    cost a hop ~5% of its instructions and a WAL frame (bench/RESULTS.md, "hop43", "hop44").
    Both backends."""
    db.execute("ALTER TABLE runs ADD COLUMN question TEXT")


def _migration_13(db: sqlite3.Connection) -> None:
    """A consult task and a resume message are kept by their pieces (a message's
    ``content`` is then a JSON array of the prompt's kind and what its text is built from,
    :data:`~coordinator.prompts.StoredPrompt`) and read back as the text that was
    sent. No table changes: older rows keep their texts and read as before; the version
    makes older code, which would read such an array as the message, refuse the file.
    The texts cost a hop ~5% of its instructions (bench/RESULTS.md, "hop43", "hop45").
    Both backends."""
    del db  # nothing to change in the tables


def _migration_14(db: sqlite3.Connection) -> None:
    """A run that blocks on a consult has its row's status, final turn's counters and report
    left to its next write (the engine's ``RunState.owed``); meanwhile its consult's run holds
    them with its question (``runs.question`` = ``[{report}, counters...]``,
    :func:`~coordinator.store.calls.owed_question`) and readers read the run as blocked with
    them (``Store.runs``, ``coord sessions``' totals). No table changes: older rows read as
    before; the version makes older code, which would read such a run as running with one
    turn fewer, refuse the file. The UPDATE cost a hop ~4% of its instructions
    (bench/RESULTS.md, "hop46"). Both backends."""
    del db  # nothing to change in the tables


def _migration_15(db: sqlite3.Connection) -> None:
    """A run's and a consult's events keep only what no run's row holds: their payload a
    JSON array of those fields, read back under their names with the rest from the rows
    (:mod:`~coordinator.store.payloads`). No table changes: older events keep their JSON
    objects and read as before; the version makes older code, which would read such an
    array as the event's fields, refuse the file. The copies cost a hop ~4% of its
    instructions (bench/RESULTS.md, "hop43", "hop48"). Both backends."""
    del db  # nothing to change in the tables


def _migration_16(db: sqlite3.Connection) -> None:
    """A run's report (``runs.report``, and the one a consult's question holds for its
    asker) leaves out the fields that hold their defaults (an empty list or map, an empty
    summary, no domain, blocker or required: ``protocols.report.stored_report_json``),
    read back with them in their place (``RunRow.report_json``). No table changes: older
    reports keep every field and read as before; the version makes older code, which would
    read such a report without those fields, refuse the file (bench/RESULTS.md, "hop50").
    Both backends."""
    del db  # nothing to change in the tables


def _migration_17(db: sqlite3.Connection) -> None:
    """A consult task's and a resume message's pieces keep the quoted reply or answer,
    which the same step stores as the quoted run's final message, as a reference to that
    message (``[run_id, idx]``: :data:`~coordinator.prompts.MessageRef`), read back as its
    final text. No table changes: older prompts keep their copies and read as before; the
    version makes older code, which would refuse such a prompt as a damaged row, refuse the
    file (bench/RESULTS.md, "hop51"). Both backends."""
    del db  # nothing to change in the tables


def _migration_18(db: sqlite3.Connection) -> None:
    """What a resumed session must get as its first process gave it: a run's own system
    prompt (``runs.system``: its preloaded skills' ``!`command``` outputs and session
    variables, rendered at its first drive; NULL for a run whose prompt is its definition's),
    so a resume in a new process neither runs those commands again nor changes the prompt
    mid-conversation; and the session's latest prompt's id (``sessions.prompt_id``: hooks'
    input ``prompt_id``, written with the request or the answer it names). NULL in older
    rows (read as before: none stored). Columns, not a table: a team role granted the
    tables' rows keeps them (tidy102). Both backends."""
    db.execute("ALTER TABLE runs ADD COLUMN system TEXT")
    db.execute("ALTER TABLE sessions ADD COLUMN prompt_id TEXT")


def _copy(db: sqlite3.Connection, table: str, column: str, value: str) -> None:
    """Fill ``{table}_7`` from ``table`` (its ``column`` from ``value``), then put it in
    the old one's place."""
    new = [r[1] for r in db.execute(f"PRAGMA table_info({table}_7)")]
    kept = ", ".join(c for c in new if c != column)
    db.execute(
        f"INSERT INTO {table}_7 ({kept}, {column}) SELECT {kept}, {value} FROM {table}"
        " ORDER BY rowid"
    )
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {table}_7 RENAME TO {table}")


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
    _migration_7,
    _migration_8,
    _migration_9,
    _migration_10,
    _migration_11,
    _migration_12,
    _migration_13,
    _migration_14,
    _migration_15,
    _migration_16,
    _migration_17,
    _migration_18,
]
SCHEMA_VERSION = len(MIGRATIONS)
#: The tables of the current schema in every backend (the event log's and the
#: conversations' differ: below).
TABLES = frozenset({"sessions", "runs", "delegations", "tool_calls", "agent_definitions"})
#: What a SQLite file at SCHEMA_VERSION has besides (lacking one, it is damaged): the
#: event log's and the conversations' rows, and the views ``events`` and ``messages``.
SQLITE_TABLES = TABLES | {"event_log", "events", "message_log", "messages"}
#: The page size of a new file; a file keeps the one it was made with (4 KiB, SQLite's
#: default, before this). Each COMMIT writes one WAL frame per page it changed, the whole
#: page checksummed and copied: a step of a chain changes ~6.5 pages, so 2 KiB pages write
#: ~0.6x the bytes for ~1.2x the frames, and the file is ~13% smaller (bench/RESULTS.md,
#: "Store split and SQLite pages").
PAGE_SIZE = 2048
#: What a read-only URI ends with to read the file alone (:func:`read_only_uri`).
IMMUTABLE = "&immutable=1"
_SQLITE_PAGE_SIZE = 4096
#: A checkpoint copies the WAL into the file once it holds this much: SQLite counts 1,000
#: pages (4 MB at 4 KiB), kept as bytes for every page size.
WAL_CHECKPOINT_BYTES = 1000 * _SQLITE_PAGE_SIZE


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction (no implicit COMMIT)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def open_file(path: Path, *, create: bool, timeout: float) -> sqlite3.Connection:
    """A connection to the database file at ``path`` (its folder made when ``create``):
    :meth:`~coordinator.store.db.Store.open`. UserError when it lies where an agent's
    command could have put links (:func:`refuse_planted_links`), or names no file (``/``,
    ``.``: a path with no name)."""
    if not path.name:  # (no file's siblings to check: ``-wal`` of ``/`` has no name)
        raise not_a_file(path)
    refuse_planted_links(path)
    if pinned.swappable(path):  # another run's commands could swap its folder meanwhile
        return _open_pinned(path, create=create, timeout=timeout)
    if not path.exists():
        if not create:
            raise UserError(
                f"no session database at {path}",
                hint="Start a session with `coord run` (or pass --db FILE).",
            )
        _make_parent(path)
    elif not path.is_file():
        raise not_a_file(path)
    elif on_read_only_filesystem(path):
        return open_in_place(path, timeout)
    return _connect(path, timeout)


def open_in_place(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that reads the database file ``path`` as it is and writes nothing, no
    ``-shm`` made (:func:`read_only_uri`): on a read-only filesystem, or a full disk. One
    reading the file alone is a :class:`~coordinator.store.alone.ReadAlone`."""
    uri = read_only_uri(path)
    if not uri.endswith(IMMUTABLE):
        db = _through_shm(path, timeout, uri)
        if db is not None:
            return db
        uri = _alone_uri(path)  # (its -shm could not be read through: one half made)
    before = stamp(path)
    db = _connect(path, timeout, uri, ReadAlone)
    if isinstance(db, ReadAlone):
        db.opened = before
    db.execute("PRAGMA query_only = ON")  # marks it read in place: check_and_migrate
    return db


def _through_shm(path: Path, timeout: float, uri: str) -> sqlite3.Connection | None:
    """``path`` read through its ``-shm`` (``uri``), or None when SQLite cannot read it so
    (a ``-shm`` a failed open left too small, which it would have to grow)."""
    try:
        db = _connect(path, timeout, uri)
    except (UserError, sqlite3.Error):
        return None
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        db.execute("PRAGMA query_only = ON")  # marks it read in place: check_and_migrate
    except sqlite3.Error:
        db.close()
        return None
    return db


def not_a_file(path: Path) -> UserError:
    """The database ``path`` names is no file; when it is the folder of one (``--db
    .coordinator``, the folder ``--help`` names as the default's), the hint names the file
    in it."""
    inside = path / DEFAULT_DB.name
    hint = None
    if path.is_dir() and inside.is_file():
        hint = f"It is a folder: name the database in it, --db {inside}"
    return UserError(f"session database {path} is not a file", hint=hint)


def _open_pinned(path: Path, *, create: bool, timeout: float) -> sqlite3.Connection:
    """:func:`open_file` where a command of a run above could swap the database's folder
    for a link (:mod:`.pinned`): the folder opened once, coord's files made in it, SQLite
    told to create nothing, and the file it opened checked to be the folder's."""
    fresh = not os.path.lexists(path.parent)
    folder = pinned.folder_fd(path.parent, create=create)
    if folder is None:
        raise _no_database(path)
    try:
        if fresh and create:
            _mark_new(path.parent, folder)
        try:
            info = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            if not create:
                raise _no_database(path) from None
            os.close(pinned.open_in(folder, path.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
        else:
            if not stat.S_ISREG(info.st_mode):
                raise not_a_file(path)
        before = pinned.open_fds()
        db = _connect(path, timeout, f"file:{quote(str(path))}?mode=rw")
        try:
            _open_log(db)
            pinned.check_same(path, folder)
            pinned.check_opened(path, folder, before, pinned.is_wal(folder, path.name))
        except UserError:
            db.close()
            raise
        return db
    finally:
        os.close(folder)


def _open_log(db: sqlite3.Connection) -> None:
    """Have SQLite open the database's ``-wal`` and ``-shm`` now (it opens them by path on
    the first read), a new file made a WAL database first (:func:`_configure`'s page size).
    An error is left to the checks that follow (a file that is no database says so)."""
    try:
        if db.execute("PRAGMA page_count").fetchone()[0] == 0:
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            db.execute("PRAGMA synchronous = NORMAL")  # as _configure's, before the switch
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass


def _no_database(path: Path) -> UserError:
    return UserError(
        f"no session database at {path}",
        hint="Start a session with `coord run` (or pass --db FILE).",
    )


def _mark_new(folder: Path, fd: int) -> None:
    """What a new database folder gets (:func:`_make_parent`), made in its descriptor."""
    try:
        with os.fdopen(pinned.open_in(fd, ".gitignore", os.O_WRONLY | os.O_CREAT), "w") as fh:
            fh.write("*\n")
    except OSError as exc:
        raise _folder_refused(folder, exc) from None
    owned.claim(folder, dir_fd=fd)


def read_only_uri(path: Path) -> str:
    """The URI that reads ``path`` in place on a read-only filesystem, writing nothing.

    Through its ``-shm`` (``mode=ro``) when a readable one lies beside its ``-wal``: SQLite
    then reads what the log holds and takes its locks, so a writer still running (one
    that opened it before the disk filled) neither hides a change nor checkpoints pages
    under the read (mend104: the file read alone gave a false "malformed"). Without one
    (SQLite could not make it here), when the ``-wal`` holds nothing the file lacks (no
    log, an empty one, no committed frame, or every committed page already in the file:
    :func:`.wal.unapplied_changes`), the file holds everything: it is opened ``immutable``
    (no locks, no ``-shm``; a writer appearing meanwhile is told as a change:
    :mod:`.alone`; so too when SQLite cannot read through the ``-shm``: :func:`open_in_place`).
    ``immutable`` ignores a ``-wal``, so a log with changes and no readable ``-shm`` is
    refused (:func:`.faults.unread_log`).
    """
    shm = Path(f"{path}-shm")
    if shm.is_file() and os.access(shm, os.R_OK) and Path(f"{path}-wal").is_file():
        return _read_only(path)  # (a -wal that is no regular file, a pipe, would hang)
    return _alone_uri(path)


def _read_only(path: Path) -> str:
    """The URI reading ``path`` without writing it."""
    return f"file:{quote(str(path))}?mode=ro"


def _alone_uri(path: Path) -> str:
    """The URI reading ``path`` alone (``immutable``) when its ``-wal`` holds nothing it
    lacks; else the error that it cannot be read here."""
    if not unapplied_changes(Path(f"{path}-wal"), path):
        return _read_only(path) + IMMUTABLE
    raise unread_log(path)


def check_and_migrate(store: Transactions) -> None:
    """Refuse foreign or corrupt files untouched; then configure, and make a new file's
    schema (:func:`_create`) or migrate an older one."""
    try:
        version, tables = _version_and_tables(store._db)
    except sqlite3.DatabaseError as exc:
        raise store._translated(exc) from None
    if version == 0 and tables - {"sqlite_sequence"}:
        raise not_ours(
            store.path,
            f"{store.path} is a SQLite database of something else, not coordinator sessions",
        )
    if version > SCHEMA_VERSION:
        raise not_ours(
            store.path,
            f"{store.path} was written by a newer coordinator"
            f" (schema {version} > {SCHEMA_VERSION})",
            hint="Upgrade coordinator to read it.",
        )
    if version == SCHEMA_VERSION and SQLITE_TABLES - tables:
        raise missing_tables(store.path, sorted(SQLITE_TABLES - tables))
    if store._execute("PRAGMA query_only").fetchone()[0]:
        _read_in_place(store, version)
        return
    new = version == 0 and not tables
    _configure(store, new=new)
    made = _create(store) if new else version
    if made < SCHEMA_VERSION:
        _upgrade(store, made)
    if 0 < version < _COPIED:
        _compact(store)


def _version_and_tables(db: sqlite3.Connection) -> tuple[int, set[str]]:
    """The file's schema version and its tables and views, read in one transaction: a file
    another process is making its schema in (:func:`_create`: one transaction) is seen
    before or after, never with its tables and not yet its version (read apart, four
    processes opening one new file took it for "a SQLite database of something else")."""
    db.execute("BEGIN")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        kinds = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        tables = {r[0] for r in db.execute(kinds)}
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
    return version, tables


def _in_wal(store: Transactions) -> bool:
    """Whether the file is in WAL mode now (as its header says at this read)."""
    return bool(store._execute("PRAGMA journal_mode").fetchone()[0] == "wal")


def _to_wal(store: Transactions) -> None:
    """Switch the file to WAL mode unless it is in it. Connections opening one new file at
    once each ask for the lock the switch needs; one that asks while another's switch is
    under way holds off the other's next step until its own wait ends, so each tries for
    :data:`_SWITCH_WAIT_MS` at a time and looks again between tries (with one wait of its
    whole timeout, four processes opening one new file waited it ~1% of the time)."""
    deadline = time.monotonic() + store.timeout
    while not _in_wal(store):
        store._execute(f"PRAGMA busy_timeout = {_SWITCH_WAIT_MS}")
        try:
            store._execute("PRAGMA journal_mode = WAL")
        except StoreError:
            if time.monotonic() >= deadline:
                raise
        finally:
            store._execute(f"PRAGMA busy_timeout = {int(store.timeout * 1000)}")


#: How long one try of the switch to WAL waits for its lock (:func:`_to_wal`), in ms.
_SWITCH_WAIT_MS = 50


def _upgrade(store: Transactions, version: int) -> None:
    """Run the migrations from schema ``version`` on, one transaction each (one another
    process ran meanwhile is skipped)."""
    # a migration rebuilding a table others reference (7) copies it with foreign keys off
    # (SQLite's way: https://sqlite.org/lang_altertable.html#otheralter); off only outside
    # a transaction, so for the whole upgrade of this connection
    store._execute("PRAGMA foreign_keys = OFF")
    try:
        for number in range(version, SCHEMA_VERSION):
            with store.transaction():
                if int(store._execute("PRAGMA user_version").fetchone()[0]) == number:
                    _migrate(store, number)
    finally:
        store._execute("PRAGMA foreign_keys = ON")


#: The schema a new file is made at (``version``) and the statements that make it in one
#: transaction (``statements``): ``sqlite_master``'s text of a file the migrations made,
#: written by ``tests/data/make_fresh_schema.py`` and checked identical to a migrated
#: file's by ``tests/test_suite104_fresh_schema.py``. Were it older than
#: :data:`SCHEMA_VERSION`, the migrations after it run as on an older file.
FRESH_SCHEMA = Path(__file__).with_name("fresh_schema.json")


def _create(store: Transactions) -> int:
    """Make a new file's schema in one transaction (one commit, where eighteen migrations
    made eighteen and cost ~7x the CPU: bench/RESULTS.md, "suite104"), unless another
    process made it meanwhile; the schema version the file holds then. Without a readable
    :data:`FRESH_SCHEMA` nothing is made here (the migrations make it: 0)."""
    try:
        fresh = json.loads(FRESH_SCHEMA.read_text(encoding="ascii"))
        version, statements = int(fresh["version"]), list(fresh["statements"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    with store.transaction():
        if store._execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            try:
                for statement in statements:
                    store._db.execute(statement)
            except sqlite3.Error as exc:  # a full disk: named, no traceback
                raise store._translated(exc) from None
            store._execute(f"PRAGMA user_version = {version}")
        return int(store._execute("PRAGMA user_version").fetchone()[0])


#: Upgrades from a schema below this copy tables whole (7; ``event_log`` again by 9),
#: leaving their old pages free.
_COPIED = 9


def _compact(store: Transactions) -> None:
    """After an upgrade that copied tables: give the old copies' pages back (VACUUM; the
    file would otherwise stay about twice its size until new rows reuse them) and empty
    the WAL they went through. Best effort: a file another process is reading, or a full
    disk, keeps its free pages for later writes."""
    try:
        store._db.execute("VACUUM")
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass


def _migrate(store: Transactions, number: int) -> None:
    """Migration ``number`` (inside the caller's transaction), then the version it leaves."""
    try:
        MIGRATIONS[number](store._db)
    except Unnumbered as exc:  # rolled back with the transaction: the file is left as it was
        raise StoreError(
            StoreFault.BAD_ROW,
            store.path,
            f"session database {store.path}: {exc}; it cannot be upgraded to schema"
            f" {SCHEMA_VERSION} until that row is deleted",
        ) from None
    except sqlite3.Error as exc:  # a read-only file, a full disk: named, no traceback
        raise store._translated(exc) from None
    store._execute(f"PRAGMA user_version = {number + 1}")


def _read_in_place(store: Transactions, version: int) -> None:
    """A file opened read-only on a read-only filesystem (:func:`open_file`): it is read
    as it is, so it must be at the current schema; nothing of it is changed."""
    if version != SCHEMA_VERSION:
        raise read_only_filesystem(
            store.path,
            f", and its schema ({version}) must be upgraded to {SCHEMA_VERSION} to be read",
        )
    store._execute(f"PRAGMA busy_timeout = {int(store.timeout * 1000)}")


def _configure(store: Transactions, *, new: bool) -> None:
    """The connection's settings: a busy timeout, WAL (``synchronous = NORMAL``: a commit
    is in the WAL before the next model call; only a power loss could undo it), foreign
    keys; a new file's page size (:data:`PAGE_SIZE`) before its first page is written, and
    automatic checkpoints at :data:`WAL_CHECKPOINT_BYTES` whatever the file's page size."""
    store._execute(f"PRAGMA busy_timeout = {int(store.timeout * 1000)}")
    if new:  # (NORMAL first: the switch to WAL of an empty file then syncs its journal once)
        store._execute(f"PRAGMA page_size = {PAGE_SIZE}")
        store._execute("PRAGMA synchronous = NORMAL")
    _to_wal(store)
    store._execute("PRAGMA synchronous = NORMAL")
    store._execute("PRAGMA foreign_keys = ON")
    page = int(store._execute("PRAGMA page_size").fetchone()[0])
    if page != _SQLITE_PAGE_SIZE:  # SQLite's default of 1,000 pages is that already
        store._execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_BYTES // page}")


def refuse_planted_links(path: Path) -> None:
    """UserError when the database ``path`` lies where a sandboxed command could have
    written (:func:`~coordinator.tools.workspace.written_by_agents`: ``sub/.coordinator/``
    below a workspace coord ran agents in) and its folder, the file, its WAL, shared memory
    or lock files is a link (lying there, wherever it leads): SQLite and the locks would
    create or write what it leads to."""
    from coordinator.tools.workspace import written_by_agents

    names = ["", "-wal", "-shm", "-journal", ".lock", ".locks"]
    links = [path.parent] + [path.with_name(path.name + n) for n in names]
    if path.parent.name == DEFAULT_DB.parent.name:
        _refuse_foreign_links(links)
    planted = next((p for p in links if p.is_symlink()), None)
    if planted is None:
        return
    # where the link lies, not only where it leads: one to a folder outside every
    # workspace (/etc) was followed
    outer = written_by_agents(path) or written_by_agents(planted.parent)
    if outer is not None:
        raise UserError(
            f"{planted} is a link, and lies in {outer}, where agents' commands ran and could "
            "have made it: coord creates and writes nothing through it",
            hint="Remove it (or keep this workspace's sessions elsewhere with --db).",
        )


def _refuse_foreign_links(links: list[Path]) -> None:
    """UserError when a workspace's own ``.coordinator`` folder or a file of its database
    (``links``: the folder, then the files) is a link or a file with another name
    (redteam113). coord makes them all itself and never a link, so one there came with the
    workspace's files (a repository can check in ``.coordinator/coordinator.db`` as a link
    to any path) or was made by someone else; SQLite and the locks follow a link, and write
    through a hard link, to a file outside the workspace (it made a database of an empty
    file there, and overwrote a hard-linked ``-shm``'s other name)."""
    for place in links:
        try:
            info = place.lstat()
        except OSError:
            continue  # (missing: coord makes it)
        if stat.S_ISLNK(info.st_mode):
            why = f"is a link (to {os.readlink(place)})"
        elif stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
            why = f"has {info.st_nlink} hard links (another name elsewhere)"
        else:
            continue
        raise UserError(
            f"{place} {why}: coord makes its session folder's files itself and never a "
            "link, so it creates and writes nothing through it (it could lead out of the "
            "workspace)",
            hint="Remove it (or keep this workspace's sessions elsewhere with --db).",
        )


def _make_parent(path: Path) -> None:
    """Create the database's folder; a new one gets a ``.gitignore`` of ``*`` so the store
    never ends up committed in the user's repository, and is remembered as coord's own
    (:func:`~coordinator.tools.owned.claim`: a nested workspace's database is resumed)."""
    try:
        path.parent.mkdir(parents=True)
    except FileExistsError:
        if not path.parent.is_dir():  # `.coordinator` a file: say so, not "cannot open"
            raise UserError(
                f"cannot create the folder for {path}: {path.parent} is a file"
            ) from None
        return
    except OSError as exc:
        raise _folder_refused(path, exc) from None
    try:
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    except OSError as exc:
        raise _folder_refused(path, exc) from None
    owned.claim(path.parent)


def _folder_refused(path: Path, exc: OSError) -> UserError:
    """The database's folder could not be made (a read-only checkout, a workspace the job's
    user cannot write): where the sessions can go instead."""
    return UserError(f"cannot create the folder for {path}: {exc.strerror}", hint=ELSEWHERE)


def _connect(
    path: Path,
    timeout: float,
    uri: str | None = None,
    kind: type[sqlite3.Connection] = sqlite3.Connection,
) -> sqlite3.Connection:
    """A connection (a ``kind``) to ``path`` (through ``uri``, a ``file:`` URI, when
    given)."""
    try:
        if uri is None:
            db = sqlite3.connect(path, isolation_level=None, timeout=timeout)
        else:
            db = sqlite3.connect(uri, isolation_level=None, timeout=timeout, uri=True, factory=kind)
    except sqlite3.Error as exc:
        raise translate(path, exc, timeout) or exc from None
    db.row_factory = sqlite3.Row
    return db
