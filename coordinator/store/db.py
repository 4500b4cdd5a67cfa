"""Durable session state in one SQLite file: the store the engine and the commands use.

Tables: ``sessions``; ``runs`` (one agent run each, with its limits, usage and outcome; a
consult's holds the question it answers since schema 12: ``question``);
``messages`` (each run's conversation, one Anthropic message JSON per row, append-only);
``delegations`` (a blocked run's question waiting for a person, with the domain and the
reason, or one asked of a consult before schema 12; keyed by session:
:data:`~.calls.DELEGATION_KEY`);
``tool_calls`` (tool_use id, input, started/done, result);
``events`` (the append-only log: a view, one row per event, over ``event_log``, which keeps
the events one transaction wrote for one session as one row, see :data:`EVENTS_VIEW`). WAL
mode, foreign keys on, a busy timeout, the schema versioned by ``PRAGMA user_version`` and an
ordered list of migrations.

Every write goes through :meth:`Store.transaction`; nested transactions join the outer one,
so the engine commits one state change (and its events) atomically before its next model
call or tool side effect. Every statement goes through :meth:`Store._execute`, which turns
a fault of the file or its disk into a :class:`~coordinator.store.faults.StoreError`.
The read model over these rows: the chain (:mod:`coordinator.store.run_tree`), totals
and spend (:mod:`~coordinator.store.spend`), changed files
(:mod:`~coordinator.store.files_changed`), a session's shown state, log and listing
(:mod:`~coordinator.store.session_status`, :mod:`~coordinator.store.session_log`,
:mod:`~coordinator.store.listing`), the databases looked in
(:mod:`~coordinator.store.databases`), removal (:mod:`~coordinator.store.removal`).

:class:`Store` (sessions, runs, definitions, events, locks) is built on its parts:
:mod:`.schema` (opening, migrations, views), :mod:`.transactions` (statements,
transactions, pending writes, shared commits), :mod:`.messages` (conversations),
:mod:`.calls` (delegations, tool calls), :mod:`.rows` (the rows it returns) and
:mod:`.encoding` (a step's JSON, scrubbed). Their public names are importable from here.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Awaitable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.clip import clip
from coordinator.errors import UserError
from coordinator.sanitize import clean_text, safe_params
from coordinator.status import RunStatus, SessionStatus
from coordinator.store.alone import changed_while_read
from coordinator.store.calls import OWED_COUNTERS, OWING, Calls, owed_question
from coordinator.store.conversation import DELETE_MESSAGES, in_session
from coordinator.store.encoding import (
    JSON,
    Entry,
    MessageEntry,
    Pending,
    _compact_encoder,
    _dumps,
    _dumps_any,
    _finite_dumps,
    _finite_dumps_any,
    dumps,
    dumps_any,
)
from coordinator.store.faults import StoreError, StoreFault, bad_row, read_only_fault
from coordinator.store.index import SessionIndex
from coordinator.store.locks import SessionLocks
from coordinator.store.messages import Conversations
from coordinator.store.payloads import RUN_COLUMNS, expand, is_stored_form, stored
from coordinator.store.rows import (
    DefinitionRow,
    DelegationRow,
    EventRow,
    RunRow,
    SessionQuery,
    SessionRow,
    SessionSummary,
    SpentRun,
    ToolCallRow,
    _check_run_fields,
    current_event_fields,
    played_offline,
    without_number,
)
from coordinator.store.schema import (
    EVENTS_TRIGGERS,
    EVENTS_VIEW,
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_TABLES,
    TABLES,
    check_and_migrate,
    open_file,
    open_in_place,
)
from coordinator.store.transactions import GROUP_LIMIT, Transactions

if TYPE_CHECKING:
    from coordinator.events import Event  # the reading commands never build events

#: What other modules import from here (the store's parts live in the modules named above).
__all__ = [
    "DEFAULT_TIMEOUT",
    "EVENTS_TRIGGERS",
    "EVENTS_VIEW",
    "GROUP_LIMIT",
    "JSON",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SESSION_STATUSES",
    "SQLITE_TABLES",
    "TABLES",
    "DefinitionRow",
    "DelegationRow",
    "Entry",
    "EventRow",
    "MessageEntry",
    "Pending",
    "RunRow",
    "SessionQuery",
    "SessionRow",
    "SessionSummary",
    "Store",
    "ToolCallRow",
    "Transactions",
    "_compact_encoder",
    "_dumps",
    "_dumps_any",
    "_finite_dumps",
    "_finite_dumps_any",
    "dumps",
    "dumps_any",
    "new_session_id",
]

SESSION_STATUSES = tuple(SessionStatus)
DEFAULT_TIMEOUT = 10.0  # seconds to wait for another process's lock


class AmbiguousSession(UserError):
    """A session prefix that matches more than one session: said at once, never looked up
    elsewhere (another database's match would be a different session)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, hint="Type more of it.")

    @classmethod
    def of(cls, ref: str, ids: list[str]) -> AmbiguousSession:
        """The prefix ``ref`` and the first five of the ``ids`` it matches (read at most
        six: "…" when there are more)."""
        shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
        return cls(f"session prefix '{ref}' is ambiguous: {shown}")


class UnknownSession(UserError):
    """No session has this id or prefix (here, or anywhere the index knows)."""

    @classmethod
    def in_store(cls, ref: str, where: str, hint: str) -> UnknownSession:
        """No session ``ref`` in the store at ``where`` (as a message names it); ``hint``
        says how to list its ids (:attr:`Store.LIST_HINT`, which fits its backend)."""
        return cls(
            f"unknown session: {ref or '(empty)'} in {where}",
            hint=hint,
            tool_hint="`sessions` lists this workspace's session ids.",
        )


#: Why a session a process drives is not removed.
IN_USE = "in use by another process"
#: Why a session waiting in the workers' queue (a shared store) is not removed.
QUEUED = "queued for the workers"


def removal_hint(session_id: str, reason: str) -> str:
    """What ends a session ``rm`` leaves for ``reason``: a queued one waits for a worker whose
    roots hold its workspace, which may never come (a workspace outside every root)."""
    if reason != QUEUED:
        return "Wait for it to stop first."
    return (
        f"A worker whose --workspace-root holds its workspace drives it (`coord log {session_id}`"
        f" says whether one runs); `coord resume {session_id} --here` takes it out of the"
        " queue and drives it in this process instead."
    )


def not_removed(session_id: str, reason: str) -> UserError:
    """The error of ``rm`` for a session it leaves for ``reason``."""
    return UserError(
        f"session {session_id} is {reason}: not removed", hint=removal_hint(session_id, reason)
    )


class SessionInUse(UserError):
    """A session to remove that another process drives (it took the session's lock)."""

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"session {session_id} is {IN_USE}: not removed",
            hint=removal_hint(session_id, IN_USE),
        )
        self.session_id = session_id


#: ``coord stats``' one statement: sessions by ``sessions_by_created``, their runs by
#: ``runs_by_session`` (PostgreSQL's: the runs name their session by id).
RUNS_SINCE = (
    "SELECT r.*, s.created_at AS session_created, s.options AS session_options"
    " FROM runs r JOIN sessions s"
    " ON s.id = r.session_id WHERE s.created_at >= ? ORDER BY r.id"
)
#: The same on a SQLite file (its runs name their session by number: schema 7).
RUNS_SINCE_NUMBERED = RUNS_SINCE.replace("s.id = r.session_id", "s.no = r.session_no")
#: Sessions created since ``?`` that have no run (a request refused by a UserPromptSubmit
#: hook, or one not started yet), oldest first: ``coord stats`` reads their ``hook`` events.
RUNLESS_SINCE = (
    "SELECT s.id, s.created_at FROM sessions s WHERE s.created_at >= ?"
    " AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.session_id = s.id) ORDER BY s.created_at"
)
#: The term of :data:`RUNS_SINCE` and :data:`RUNLESS_SINCE` that takes ``since``, and the
#: one added after it for one workspace's sessions (``coord stats --here`` on a shared
#: store, which holds every workspace's).
SINCE_TERM, IN_WORKSPACE = "s.created_at >= ?", " AND s.workspace = ?"
#: The same on a SQLite file (its runs name their session by number: schema 7).
RUNLESS_SINCE_NUMBERED = RUNLESS_SINCE.replace("r.session_id = s.id", "r.session_no = s.no")


def _since(sql: str, since: float | None, workspace: str | None) -> tuple[str, tuple[Any, ...]]:
    """One of ``coord stats``' statements (:data:`RUNS_SINCE`, :data:`RUNLESS_SINCE`) and
    its parameters: sessions created since ``since`` (all when None), ``workspace``'s alone
    when given."""
    start = since if since is not None else 0.0
    if workspace is None:
        return sql, (start,)
    return sql.replace(SINCE_TERM, SINCE_TERM + IN_WORKSPACE, 1), (start, workspace)


class Store(Conversations, Calls):
    """A session database. Open with :meth:`open`; close with :meth:`close`."""

    #: A message is kept with its step's events until the step is written (PostgreSQL
    #: writes it when appended).
    STEP_MESSAGES = True
    #: How an unknown session's user lists this store's ids, or names another database.
    LIST_HINT = "List session ids with `coord sessions` (add --db FILE for another database)."
    #: Removes a session's events (from the rows under the ``events`` view).
    _DELETE_EVENTS = (
        f"DELETE FROM event_log WHERE {in_session('SELECT no FROM sessions WHERE id = ?1')}"
    )
    #: Removes a session's messages kept in ``message_log`` (those in its ``event_log``
    #: rows go with them).
    _DELETE_MESSAGES = DELETE_MESSAGES
    #: ``coord stats``' statement (:data:`RUNS_SINCE`).
    _RUNS_SINCE = RUNS_SINCE_NUMBERED
    #: A column its row is owed as the question of a consult's run ``o`` holds it (schema
    #: 14, :meth:`~.calls.Calls._as_read`): ``{0}`` its place, ``{1}`` its SQL type.
    _OWED = "json_extract(o.question, '$[{0}]')"
    #: ``coord stats``' sessions without a run (:data:`RUNLESS_SINCE`).
    _RUNLESS_SINCE = RUNLESS_SINCE_NUMBERED
    #: The name of the worker driving session ``s`` (:meth:`find_sessions`): only a shared
    #: store has workers.
    _DRIVER = "NULL"
    #: Why a worker stopped session ``s`` without driving it to an end (its lease's error,
    #: :meth:`find_sessions`): only a shared store has workers.
    _STOPPED = "NULL"
    #: Whether a server may end this store's connection while a model call or a tool runs
    #: (PostgreSQL): the runtime then asks :meth:`rejoin` after each (a file: no call).
    REJOINS = False
    #: Whether it hands sessions to workers (:meth:`enqueue`: PostgreSQL): only then may a
    #: session owe the async hooks of a request or answer queued for them (hooks112).
    QUEUES = False
    #: A run's row, naming its session by id and by number (PostgreSQL: by id).
    _INSERT_RUN = (
        "INSERT INTO runs (session_id, session_no, parent_run_id, agent, model, depth, domain,"
        " status, max_turns, started_at, definition, question)"
        " VALUES (?1, (SELECT no FROM sessions WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, 'running',"
        " ?7, ?8, ?9, ?10)"
    )

    def __init__(self, path: Path, db: sqlite3.Connection, timeout: float = DEFAULT_TIMEOUT):
        super().__init__(path, db, timeout)
        self._locks = SessionLocks(path)
        #: Definitions this connection stored (in a transaction that committed, or in the
        #: open one), by digest: name, source, spec (stored again should they be gone).
        self._definitions: dict[str, tuple[str, str | None, str]] = {}
        #: The user-level index told of new sessions and status changes (None: not told).
        self.index: SessionIndex | None = None
        #: The disk was full when it was opened: read in place, and every write refused
        #: with this error (:meth:`open`); None: opened as usual.
        self._full: StoreError | None = None

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
        db = open_file(path, create=create, timeout=timeout)
        store = cls(path, db, timeout)
        try:
            store._check_and_migrate()
        except StoreError as exc:
            store._db.close()
            if exc.fault is not StoreFault.FULL or not path.is_file():
                raise
            return cls._read_when_full(path, timeout, exc)
        except BaseException:
            store._db.close()
            raise
        return store

    @classmethod
    def _read_when_full(cls, path: Path, timeout: float, full: StoreError) -> Store:
        """The store at ``path`` on a full disk, where SQLite cannot make the ``-shm`` even
        a read needs: read in place (:func:`open_in_place`), so ``coord log``, ``sessions``
        and ``stats`` still show what was committed; a write, and :meth:`check_writable`
        before one, raises ``full``. ``full`` itself when it cannot be read so (a log with
        changes the file lacks and no ``-shm``, an older schema)."""
        try:
            store = cls(path, open_in_place(path, timeout), timeout)
        except (UserError, sqlite3.Error):
            raise full from None
        store._full = full
        try:
            store._check_and_migrate()
        except UserError:
            store._db.close()
            raise full from None
        return store

    def location(self) -> Path | str:
        """What ``--db`` names to reopen this store: the file (a URL for PostgreSQL)."""
        return self.path

    def shown_location(self) -> str:
        """Where this store is, as shown to a person: the file (for PostgreSQL its URL
        without the password, as written)."""
        return self.where

    def queued_since(self, session_id: str) -> float | None:
        """When the session was queued for the workers, while it waits in their queue and no
        worker has taken it (epoch seconds; None: not waiting there, and only a shared
        store has one)."""
        return None

    def driver(self, session_id: str) -> str | None:
        """The worker driving the session now (its name, as its log's ``ready`` line says
        it), or ``coord resume --here`` with its host and pid: the holder of its lease on a
        shared store; None when none holds it (and always in a file: no workers)."""
        return None

    def stopped_why(self, session_id: str) -> str | None:
        """Why a worker stopped the session without driving it to an end (its lease's
        error on a shared store: refused, cancelled, given up, its claim released
        ``failed``); None when none did (and always in a file: no workers)."""
        return None

    def check_writable(self) -> None:
        """Raise the :class:`StoreError` a first write would, when the file or its filesystem
        is read-only: a run checks this before it loads the model SDK or calls a model."""
        if self._full is not None:
            raise self._full
        fault = read_only_fault(self.path)
        if fault is not None:
            raise fault

    def _translated(self, exc: sqlite3.Error) -> BaseException:
        """As :meth:`Transactions._translated`; a write to a store read in place on a full
        disk (:meth:`_read_when_full`, SQLite: read-only) is the full disk's error, and a
        "malformed" met reading the file alone while another process changed it is that
        change (:func:`~coordinator.store.alone.changed_while_read`), not damage."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if self._full is not None and code == sqlite3.SQLITE_READONLY:
            self._fault = self._full
            return self._full
        corrupt = code == sqlite3.SQLITE_CORRUPT
        changed = changed_while_read(self._db, self.path) if corrupt else None
        if changed is not None:  # read alone while a writer checkpointed: not damage
            self._fault = changed
            return changed
        return super()._translated(exc)

    def check_claim(self) -> None:
        """Before a model call or a tool's start: raise if a worker's claim on the session
        was lost, or hand it back when the worker stops (only a shared store has claims;
        nothing to check in a file)."""

    def rejoin(self) -> Awaitable[None] | None:
        """After an await (a model call, a tool): what to await before the next write when a
        shared store's server ended its connection meanwhile (it is opened again without
        holding up the event loop); None when nothing is to be done (always in a file,
        where :attr:`REJOINS` spares the call)."""
        return None

    def enqueue(self, session_id: str, resume_flags: dict[str, Any] | None = None) -> None:
        """Hand the session to workers (``resume_flags``: the flags of the resume that
        queued it, for its driver): only a shared PostgreSQL store has them."""
        raise UserError(
            "--detach needs a shared session database with workers",
            hint="Pass --db postgresql://… and run `coord worker --db …` on the machines.",
        )

    def queued_note(self, session_id: str, *, resumed: bool, also: int = 0) -> str:
        """What a session queued for the workers (``also``: and as many more of its batch)
        waits for ("": only a shared store has workers, see :meth:`enqueue`)."""
        return ""

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

    def _session_row(self, row: sqlite3.Row) -> SessionRow:
        data = without_number(row)
        data["options"] = self._json("sessions", row["id"], "options", data["options"])
        return SessionRow(**data)

    def _run_row(self, row: sqlite3.Row) -> RunRow:
        return RunRow(**without_number(row), _db=self.where)

    def _check_and_migrate(self) -> None:
        """Refuse foreign or corrupt files untouched; then configure and migrate."""
        check_and_migrate(self)

    # ---- sessions ------------------------------------------------------------------------

    def create_session(
        self,
        request: str,
        workspace: Path,
        options: JSON,
        sid: str | None = None,
        prompt_id: str | None = None,
    ) -> str:
        """A new running session; returns its id (12 hex digits; ``sid`` when given).
        ``prompt_id``: its request's (hooks' input), when it has one."""
        sid = sid or new_session_id()
        now = time.time()
        self._write(
            "INSERT INTO sessions (id, request, workspace, status, options, created_at,"
            " updated_at, prompt_id) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
            (sid, request, str(workspace), json.dumps(options), now, now, prompt_id),
        )
        if self.index is not None:
            self.index.record(sid, workspace, self.path, request)
        return sid

    def move_session(self, session_id: str, workspace: Path) -> None:
        """Record that the session's workspace is now ``workspace`` (its folder was moved,
        with the database in it), here and in the index."""
        self._write(
            "UPDATE sessions SET workspace = ?, updated_at = ? WHERE id = ?",
            (str(workspace), time.time(), session_id),
        )
        if self.index is not None:
            self.index.moved(session_id, workspace, self.path)

    def session(self, ref: str) -> SessionRow:
        """The session whose id is ``ref`` or starts with it; UserError when none or many."""
        return self._session_row(self._matching_session(ref))

    def session_id(self, ref: str) -> str:
        """The id of the session ``ref`` names (as :meth:`session` finds it), its row not
        read: a session whose stored options are not JSON can still be named (to delete)."""
        return str(self._matching_session(ref)["id"])

    def _matching_session(self, ref: str) -> sqlite3.Row:
        """The stored row of the session ``ref`` names; UserError when none or many."""
        ref = clean_text(ref.strip())
        rows = self._rows(
            "SELECT * FROM sessions WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 6",
            (ref, _like_prefix(ref)),
        )
        exact = [r for r in rows if r["id"] == ref]
        if exact:
            return exact[0]
        if not rows or not ref:
            raise UnknownSession.in_store(ref, self.where, self.LIST_HINT)
        if len(rows) > 1:
            raise AmbiguousSession.of(ref, [r["id"] for r in rows])
        return rows[0]

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
        """A row of :meth:`find_sessions`: one whose options are not JSON (edited by hand)
        is returned saying so, not raised: a listing needs none of them, and one such row
        hides no other session (nor marks the store faulty: nothing was stopped)."""
        data = {k: row[k] for k in row.keys() if not k.startswith("_") and k != "no"}
        unreadable = None
        try:
            data["options"] = json.loads(data["options"])
        except ValueError as exc:
            data["options"], unreadable = {}, str(exc)
        return SessionSummary(
            SessionRow(**data),
            row["_agent"] or "",
            int(row["_tokens"]),
            float(row["_cost"]),
            unreadable,
            row["_driver"],
            row["_stopped"],
            row["_root_ended"],
        )

    def set_session_status(
        self, session_id: str, status: str, reason: str = "", *, prompt_id: str | None = None
    ) -> None:
        """Record the session's status (and why, for waiting/failed/interrupted);
        ``prompt_id``: the id of the prompt (a person's answer) it goes on with, if any."""
        if prompt_id is not None:
            self._write(
                "UPDATE sessions SET status = ?, reason = ?, updated_at = ?, prompt_id = ?"
                " WHERE id = ?",
                (status, reason, time.time(), prompt_id, session_id),
            )
        else:
            self._write(
                "UPDATE sessions SET status = ?, reason = ?, updated_at = ? WHERE id = ?",
                (status, reason, time.time(), session_id),
            )
        if self.index is not None:
            self.index.set_status(session_id, status)

    def find_sessions(self, query: SessionQuery) -> list[SessionSummary]:
        """Sessions matching ``query``, newest first, each with its routed agent, run
        totals, its last root run's end and, on a shared store, the worker driving it and
        why a worker stopped it (``coord sessions``): one indexed statement, however many
        are stored."""
        where, params = query.where(self._OF_S, self._DELEGATIONS_OF_S)
        of_s = self._OF_S
        sql = (
            "SELECT s.*,"
            f" (SELECT agent FROM runs WHERE {of_s} ORDER BY id LIMIT 1) AS _agent,"
            f" (SELECT COALESCE(SUM({self._read_tokens()}), 0) {self._runs_as_read()})"
            " AS _tokens,"
            f" (SELECT COALESCE(SUM({self._read_column('cost_usd', 'float8')}), 0)"
            f" {self._runs_as_read()}) AS _cost, {self._DRIVER} AS _driver,"
            f" {self._STOPPED} AS _stopped,"
            f" (SELECT ended_at FROM runs WHERE {of_s} AND parent_run_id IS NULL"
            " ORDER BY id DESC LIMIT 1) AS _root_ended"
            f" FROM sessions s{where} ORDER BY s.created_at DESC, s.rowid DESC"
        )
        if query.limit is not None:
            sql += " LIMIT ?"
            params = (*params, query.limit)
        return [self._summary(r) for r in self._rows(sql, params)]

    def count_sessions(self, query: SessionQuery, most: int, rows: int) -> tuple[int, bool]:
        """How many sessions match ``query`` (its limit aside), counted up to ``most`` among
        the newest ``rows`` stored (those since the ``rows``-th newest's time, found in the
        index): statements that stop at either, however many are stored (a rare match
        among very many reads no more than ``rows``); and whether older sessions were left
        out of the count (then it is of the newest only)."""
        cut = self._rows(
            "SELECT created_at FROM sessions ORDER BY created_at DESC LIMIT 2 OFFSET ?",
            (rows - 1,),
        )
        since = float(cut[0][0]) if len(cut) == 2 else None  # (none older: all are read)
        older = since is not None and (query.since is None or query.since < since)
        bounded = replace(query, since=since) if older else query
        where, params = bounded.where(self._OF_S, self._DELEGATIONS_OF_S)
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM sessions s{where} LIMIT ?) AS m"
        count = int(self._rows(sql, (*params, most))[0][0])
        return count, older and count < most

    def _runs_as_read(self) -> str:
        """``FROM`` the runs ``r`` of the session ``s``, each with the consult's run ``o``
        whose question holds the columns its row is still owed, if any (the SQL of
        :meth:`~.calls.Calls._as_read`)."""
        return (
            f"FROM runs r LEFT JOIN runs o ON o.{self._OF_S} AND o.parent_run_id = r.id"
            f" AND substr(o.question, 1, 2) = '{OWING}'"
            f" AND r.turns < {self._owed_sql('turns', 'bigint')} WHERE r.{self._OF_S}"
        )

    def _owed_sql(self, column: str, kind: str) -> str:
        """The owed ``column`` (SQL type ``kind``) a question of ``o`` holds."""
        return self._OWED.format(OWED_COUNTERS.index(column) + 1, kind)

    def _read_column(self, column: str, kind: str) -> str:
        """Run ``r``'s ``column`` as read (:meth:`_runs_as_read`)."""
        return f"COALESCE({self._owed_sql(column, kind)}, r.{column})"

    def _read_tokens(self) -> str:
        """Every token of run ``r`` as read (:meth:`_runs_as_read`)."""
        names = ("input_tokens", "output_tokens", "cache_write_tokens", "cache_read_tokens")
        return " + ".join(self._read_column(name, "bigint") for name in names)

    def ran_agents(self) -> list[str]:
        """The agents that ran in some session (routed to or consulted), once each,
        sorted: what ``coord sessions --agent`` can find here."""
        rows = self._rows("SELECT DISTINCT agent FROM runs ORDER BY agent")
        return [str(r[0]) for r in rows]

    def delete_sessions(self, session_ids: list[str]) -> None:
        """Remove sessions with every row that belongs to them, in one transaction.

        Each session's lock (the one a run or a resume drives it under) is taken first and
        held until after the commit, so the check and the delete are one step: a session a
        process drives, or started driving since it was checked, is refused
        (:class:`SessionInUse`, nothing removed), and a resume that comes after finds it gone.
        A read-only file or filesystem is said first, as any write's fault (the lock file
        beside it cannot be opened there either).
        """
        self.check_writable()
        taken = self._lock_for_removal(session_ids)
        try:
            self._definitions.clear()  # the prune below may drop some
            with self.transaction():
                for sid in session_ids:
                    self._delete_session_rows(sid)
                self._execute(
                    "DELETE FROM agent_definitions WHERE digest NOT IN"
                    " (SELECT definition FROM runs WHERE definition IS NOT NULL)"
                )
            if self.index is not None:
                self.index.remove(session_ids, self.path)
        finally:
            for sid in taken:
                self._locks.release(sid)

    def hold_for_removal(self, session_ids: list[str]) -> list[str]:
        """Take each session's lock ahead of :meth:`delete_sessions` (which then keeps it
        until the caller lets go: :meth:`unlock_session` with ``ended``); returns those
        taken here. One another process holds: none is kept, and :class:`SessionInUse`.
        A read-only file or filesystem is said first, as by :meth:`delete_sessions`."""
        self.check_writable()
        return self._lock_for_removal(session_ids)

    def _lock_for_removal(self, session_ids: list[str]) -> list[str]:
        """Take the lock of each session this store does not hold yet; returns those taken.
        One another process holds: every lock taken here is let go, and SessionInUse."""
        taken: list[str] = []
        for sid in sorted(set(session_ids)):
            if self._locks.held(sid):
                continue
            if not self._locks.acquire(sid):
                for other in taken:
                    self._locks.release(other)
                raise SessionInUse(sid)
            taken.append(sid)
        return taken

    def _delete_session_rows(self, sid: str) -> None:
        """Delete one session's rows (inside the caller's transaction)."""
        of_session = self._OF_SESSION
        runs = f"SELECT id FROM runs WHERE {of_session}"
        self._execute(f"DELETE FROM tool_calls WHERE run_id IN ({runs})", (sid,))
        self._execute(self._DELETE_MESSAGES, (sid,))
        self._execute(f"DELETE FROM delegations WHERE {self._DELEGATIONS_OF_SESSION}", (sid,))
        self._execute(self._DELETE_EVENTS, (sid,))
        self._execute(f"UPDATE runs SET parent_run_id = NULL WHERE {of_session}", (sid,))
        self._execute(f"DELETE FROM runs WHERE {of_session}", (sid,))
        self._execute("DELETE FROM sessions WHERE id = ?", (sid,))

    def last_event(self, session_id: str) -> int:
        """The sequence number of the session's latest event (0 when none)."""
        rows = self._event_rows("SELECT MAX(seq) FROM events WHERE session_id = ?", (session_id,))
        return int(rows[0][0] or 0)

    def last_of(self, session_id: str, kinds: tuple[str, ...]) -> tuple[str, JSON] | None:
        """The kind and data of the session's latest event of one of ``kinds`` (session
        events, whose payload is stored whole: no run's row read), None when it has none."""
        marks = ", ".join("?" * len(kinds))
        rows = self._event_rows(
            f"SELECT seq, kind, data FROM events WHERE session_id = ? AND kind IN ({marks})"
            " ORDER BY seq DESC LIMIT 1",
            (session_id, *kinds),
        )
        if not rows:
            return None
        data = self._json("events", rows[0]["seq"], "data", rows[0]["data"])
        return rows[0]["kind"], data if isinstance(data, dict) else {}

    def events_of(
        self, session_id: str, kinds: tuple[str, ...]
    ) -> list[tuple[int, int | None, str, JSON]]:
        """The seq, run id, kind and data of each of the session's events of one of
        ``kinds``, in order (session events, whose payload is stored whole: no run's row
        read); a StoreError naming a row whose data is not a JSON object."""
        marks = ", ".join("?" * len(kinds))
        rows = self._event_rows(
            f"SELECT seq, run_id, kind, data FROM events WHERE session_id = ? AND kind IN"
            f" ({marks}) ORDER BY seq",
            (session_id, *kinds),
        )
        found = []
        for r in rows:
            data = self._object(
                r["seq"], r["kind"], self._json("events", r["seq"], "data", r["data"])
            )
            found.append((r["seq"], r["run_id"], r["kind"], data))
        return found

    def _object(self, seq: int, kind: str, data: JSON) -> JSON:
        """An event's ``data``, when a JSON object (as every event's payload is once read);
        else a StoreError naming its row."""
        if isinstance(data, dict):
            return data
        shown = clip(json.dumps(data, ensure_ascii=False), 40)
        self._fault = bad_row(
            self.where,
            "events",
            seq,
            "data",
            ValueError(f"a {kind} event: its data is {shown}, not an object"),
        )
        raise self._fault from None

    def event_seqs(self, session_id: str, kinds: tuple[str, ...]) -> list[tuple[int, str]]:
        """The ``seq`` and kind of each of the session's events of one of ``kinds``, in
        order (no payload read)."""
        marks = ", ".join("?" * len(kinds))
        rows = self._event_rows(
            f"SELECT seq, kind FROM events WHERE session_id = ? AND kind IN ({marks}) ORDER BY seq",
            (session_id, *kinds),
        )
        return [(int(r["seq"]), str(r["kind"])) for r in rows]

    def runs_since(self, since: float | None, workspace: str | None = None) -> list[SpentRun]:
        """Runs of sessions created since ``since`` (all when None), each with the time
        its session was created and whether a scripted model played it (``coord stats``);
        ``workspace``: only its sessions'."""
        rows = self._rows(*_since(self._RUNS_SINCE, since, workspace))
        runs, created, offline = [], [], []
        scripted: dict[str, bool] = {}  # a session's runs share its options
        for r in rows:
            data = without_number(r)
            created.append(float(data.pop("session_created")))
            options = data.pop("session_options")
            if (known := scripted.get(data["session_id"])) is None:
                known = scripted[data["session_id"]] = played_offline(options)
            offline.append(known)
            runs.append(RunRow(**data, _db=self.where))
        read = self._as_read(runs)
        return [SpentRun(*spent) for spent in zip(read, created, offline, strict=True)]

    def runless_since(
        self, since: float | None, workspace: str | None = None
    ) -> list[tuple[str, float]]:
        """Sessions created since ``since`` (all when None) that have no run, each with
        the time it was created: a request refused by a UserPromptSubmit hook, whose
        prompt hooks' calls ``coord stats`` counts from their ``hook`` events;
        ``workspace``: only its sessions."""
        rows = self._rows(*_since(self._RUNLESS_SINCE, since, workspace))
        return [(str(r[0]), float(r[1])) for r in rows]

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
        question: tuple[str | None, str | None] | None = None,
        asker: JSON | None = None,
    ) -> int:
        """Insert a running agent run with its first user message; returns the run id.

        ``definition``: the digest of the agent definition it runs (saved first with
        :meth:`save_definition`). ``question``: a consult's, the blocker and what is
        required of it; the run's row is its question (schema 12: no ``delegations`` row,
        :meth:`~.calls.Calls.delegations`), whose id is :func:`~.calls.question_id`.
        ``asker``: the columns the asking run's row is owed (its final turn's counters and
        its report, not written when it blocked: schema 14), held with the question until
        that run's next write; its row is read with them meanwhile
        (:meth:`~.calls.Calls._as_read`)."""
        run = (session_id, parent_run_id, agent, model, depth, domain, max_turns)
        if question is None:
            asked = None
        elif asker is not None:  # its report holds the question
            asked = owed_question(asker)
        else:
            asked = _dumps(list(question))
        if self._depth:
            run_id = self._insert_run(run, (definition, asked), first_message)
        else:
            with self.transaction():
                run_id = self._insert_run(run, (definition, asked), first_message)
        if parent_run_id is None and self.index is not None:
            self.index.set_agent(session_id, agent)
        return run_id

    def _insert_run(
        self, run: tuple[Any, ...], extra: tuple[str | None, str | None], first: JSON
    ) -> int:
        """The run's row and its first message (inside the open transaction); ``extra``:
        its definition's digest and its question's JSON."""
        # scrubbed like every write: a consult's domain is the blocked agent's own text
        params = safe_params((*run, time.time(), *extra), self._patterns())
        try:
            cur = self._execute(self._INSERT_RUN, params)
        except sqlite3.IntegrityError as exc:  # (no write of it was made: ABORT)
            if not self._stored_again(extra[0], exc):
                raise
            cur = self._execute(self._INSERT_RUN, params)
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

    def update_run(self, run_id: int, **fields: Any) -> None:
        """Set columns of a run (counters, usage, status, outcome)."""
        _check_run_fields(fields)
        if not self._depth:
            with self.transaction():
                self.update_run(run_id, **fields)
            return
        self._set_run(run_id, fields)

    def run(self, run_id: int) -> RunRow:
        """One run by id (as read: :meth:`~.calls.Calls._as_read`)."""
        run = self._run_row(self._rows("SELECT * FROM runs WHERE id = ?", (run_id,))[0])
        if run.status != RunStatus.RUNNING:  # only a running row can be owed columns
            return run
        return next(r for r in self.runs(run.session_id) if r.id == run_id)

    def runs(self, session_id: str) -> list[RunRow]:
        """The session's runs in the order they started (as read:
        :meth:`~.calls.Calls._as_read`)."""
        rows = self._rows(f"SELECT * FROM runs WHERE {self._OF_SESSION} ORDER BY id", (session_id,))
        return self._as_read([self._run_row(r) for r in rows])

    # ---- agent definitions ---------------------------------------------------------------

    def save_definition(self, digest: str, name: str, source: str | None, spec: str) -> str:
        """Store an agent definition once per digest (nothing is written when it is already
        there); returns ``digest`` for :meth:`start_run`.

        The never-true ``DO UPDATE … WHERE`` locks an existing row until the transaction
        ends (PostgreSQL locks a conflicting row even when the WHERE skips the update), so a
        concurrent prune cannot delete it between this and the run that refers to it.
        A definition this connection stored is not inserted again inside a transaction:
        should another connection's prune have dropped it since, the run's insert finds it
        gone (its foreign key) and it is stored again then (:meth:`_stored_again`)."""
        if self._knows(digest, name):
            return digest
        self._write(_SAVE_DEFINITION, (digest, name, source, spec, time.time()))
        self._learn(digest, name, source, spec)
        return digest

    def _knows(self, digest: str, name: str) -> bool:
        """Whether this connection stored the definition (and the run's insert will find
        out, should another connection have dropped it since): no statement to ask."""
        known = self._definitions.get(digest)
        return known is not None and known[0] == name and self._depth > 0

    def _learn(self, digest: str, name: str, source: str | None, spec: str) -> None:
        """Remember the definition just stored (inside the open transaction)."""
        if self._depth:
            self._definitions[digest] = (name, source, spec)

    def _stored_again(self, digest: str | None, exc: sqlite3.IntegrityError) -> bool:
        """A run's insert refused by a foreign key while its definition ``digest`` was
        taken for stored: another connection pruned it (and maybe others this one knows).
        Store it again and say so (False: not that case; the error stands)."""
        if exc.sqlite_errorcode != sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY or digest is None:
            return False
        known = self._definitions.get(digest)
        if known is None:
            return False
        self._definitions.clear()
        self.save_definition(digest, *known)
        return True

    def definitions(self, session_id: str) -> dict[str, DefinitionRow]:
        """Every agent definition the session's runs used, by digest."""
        rows = self._rows(
            "SELECT * FROM agent_definitions WHERE digest IN"
            f" (SELECT definition FROM runs WHERE {self._OF_SESSION})",
            (session_id,),
        )
        return {r["digest"]: DefinitionRow(**dict(r)) for r in rows}

    # ---- events --------------------------------------------------------------------------

    def add_event(self, event: Event) -> int:
        """Append ``event`` to the log (written with the transaction's other events); the
        time it is logged at (ns since the epoch). A run's or a consult's event names its
        run as the run's row does: what the row holds is read from it, not stored
        (:mod:`~coordinator.store.payloads`, schema 15)."""
        if not self._depth:
            with self.transaction():
                return self.add_event(event)
        at = time.time_ns()
        self._entries_of(event.session_id).append(
            (event.run_id, str(event.kind), stored(event), at)  # (not copied: Event)
        )
        return at

    def record_step(
        self,
        run_id: int,
        fields: dict[str, Any] | None = None,
        message: JSON | None = None,
        events: Sequence[Event] = (),
    ) -> list[int]:
        """One step of run ``run_id`` in one call (the engine's write per step): ``message``
        appended to its conversation, then ``fields`` set (:meth:`update_run`), then
        ``events`` logged (:meth:`add_event`), in that order, all kept until the step's
        row is written; the time each event is logged at (ns)."""
        if not self._depth:
            with self.transaction():
                return self.record_step(run_id, fields, message, events)
        if message is not None:
            self._append(run_id, message)
        if fields:
            _check_run_fields(fields)
            self._set_run(run_id, fields)
        known = ""
        entries: list[Entry] = []
        stamps = []
        for event in events:
            if event.session_id != known:
                known = event.session_id
                entries = self._entries_of(known)
            stamps.append(time.time_ns())
            # what no row holds of the event's payload (:mod:`.payloads`), not a copy
            entries.append((event.run_id, str(event.kind), stored(event), stamps[-1]))
        return stamps

    def events(self, session_id: str, after: int = 0, limit: int | None = None) -> list[EventRow]:
        """The session's event log in order (``after``: only its entries past that
        ``seq``; ``limit``: at most that many)."""
        sql = "SELECT * FROM events WHERE session_id = ? AND seq > ? ORDER BY seq"
        params: tuple[Any, ...] = (session_id, after)
        if limit is not None:
            sql, params = f"{sql} LIMIT ?", (*params, limit)
        rows = self._event_rows(sql, params)
        runs: dict[int, Any] | None = None
        read = []
        for r in rows:
            kind, data = r["kind"], self._json("events", r["seq"], "data", r["data"])
            if is_stored_form(kind, data):  # (schema 15) the rest from the runs' rows
                if runs is None:
                    runs = self._run_columns(session_id)
                data = self._expanded(r["seq"], kind, r["run_id"], data, runs)
            data = current_event_fields(kind, self._object(r["seq"], kind, data))
            read.append(EventRow(r["seq"], r["session_id"], r["run_id"], kind, data, r["at"]))
        return read

    def _run_columns(self, session_id: str) -> dict[int, Any]:
        """The columns of the session's runs that its events leave out, by run id."""
        columns = ", ".join(RUN_COLUMNS)
        sql = f"SELECT {columns} FROM runs WHERE {self._OF_SESSION}"
        return {int(r["id"]): r for r in self._rows(sql, (session_id,))}

    def _expanded(
        self, seq: int, kind: str, run_id: int | None, data: list[Any], runs: dict[int, Any]
    ) -> JSON:
        """An event stored as an array (:func:`~.payloads.expand`); a StoreError naming
        the row when it does not fit its kind."""
        try:
            return expand(kind, run_id, data, runs)
        except ValueError as exc:
            self._fault = bad_row(self.where, "events", seq, "data", exc)
            raise self._fault from None

    def _event_rows(self, sql: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
        """Rows of the ``events`` view; an ``event_log`` row that is not JSON (edited by
        hand) is named as an unreadable row, as a bad ``data`` value is."""
        try:
            return self._rows(sql, params)
        except sqlite3.OperationalError as exc:
            if "JSON" not in str(exc):
                raise
            self._fault = bad_row(self.where, "event_log", params[0], "rows", ValueError(exc))
            raise self._fault from None

    # ---- locks ---------------------------------------------------------------------------

    def lock_session(self, session_id: str, *, exclusive: bool = False) -> None:
        """Take the session's OS lock (released with the process, even on kill -9;
        ``exclusive``: held by no other process, whatever stands in for it elsewhere).

        Raises UserError when another process holds it (:mod:`coordinator.store.locks`),
        naming the command that waits for it (a second script resuming the same session) and,
        with ``--json``, the ``session`` and its ``status`` as ``coord sessions`` shows one
        held (``running``) as fields.
        """
        if not self._locks.acquire(session_id):
            raise UserError(
                f"session {session_id} is in use by another process",
                hint=f"`coord log -f {session_id}` follows it until it stops; or stop that"
                " process first.",
                fields={"session": session_id, "status": str(SessionStatus.RUNNING)},
            )

    def unlock_session(
        self, session_id: str, *, ended: bool = False, exit_code: int | None = None
    ) -> None:
        """Release the session's lock if this store holds it.

        A session still ``running`` when its driver lets go stopped mid-way (an error, a
        signal): it is recorded as interrupted, so ``coord resume`` continues it, with the
        code its command exits with (``exit_code``: 130 after Ctrl-C; a database fault's
        own), which ``coord log -f`` exits with too. ``ended``: the driver saw the
        session's outcome committed, so its status is not looked up.
        """
        self._forget_runs(session_id)
        if not self._locks.held(session_id):
            return
        try:
            if not ended:
                self._mark_interrupted(session_id, exit_code)
        finally:
            self._locks.release(session_id)

    def session_in_use(self, session_id: str) -> bool:
        """True when some process (this one included) holds the session's lock."""
        return self._locks.held_anywhere(session_id)

    def driven_elsewhere(self, session_id: str) -> bool:
        """True when another process (not this store) holds the session's lock: drives it."""
        return not self._locks.held(session_id) and self._locks.held_anywhere(session_id)

    def busy_reason(self, session_id: str) -> str | None:
        """Why the session may not be removed now (None: it may)."""
        return self.busy_sessions([session_id]).get(session_id)

    def busy_sessions(self, session_ids: list[str]) -> dict[str, str]:
        """Those of ``session_ids`` that may not be removed now, each with why: a process
        drives it."""
        return {sid: IN_USE for sid in session_ids if self.session_in_use(sid)}

    def _mark_interrupted(self, session_id: str, exit_code: int | None) -> None:
        """Best effort: a still-running session becomes interrupted, with why and the exit
        code of what stopped it (a database fault's, else ``exit_code``)."""
        why = "stopped before it finished"
        if self._fault is not None:
            why = f"stopped by a database error: {self._fault.message}"
            exit_code = self._fault.exit_code
        try:
            status = self._rows("SELECT status FROM sessions WHERE id = ?", (session_id,))
            if not status or status[0][0] != SessionStatus.RUNNING:
                return  # it ended with an outcome (the usual case): nothing to record
            with self.transaction():
                cur = self._execute(
                    "UPDATE sessions SET status = 'interrupted', reason = ?, updated_at = ?"
                    " WHERE id = ? AND status = 'running'",
                    (why, time.time(), session_id),
                )
                if cur.rowcount:
                    from coordinator.events import Interrupted

                    self.add_event(Interrupted(session_id, None, why, exit_code))
            if self.index is not None:
                self.index.set_status(session_id, SessionStatus.INTERRUPTED)
        except StoreError:
            pass  # the database cannot take it now; a running session nobody holds
            # is shown as interrupted and resumes all the same


#: A definition's row, written once: the never-true update locks an existing row for the
#: transaction (see :meth:`Store.save_definition`).
_SAVE_DEFINITION = (
    "INSERT INTO agent_definitions (digest, name, source, spec, created_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE SET name = excluded.name"
    " WHERE agent_definitions.name <> excluded.name"
)


def new_session_id() -> str:
    """A fresh session id: 12 hex digits."""
    return uuid.uuid4().hex[:12]


def _like_prefix(ref: str) -> str:
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
