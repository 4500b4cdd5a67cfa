"""The SQLite store's write path: statements, transactions and the writes they keep pending.

:class:`Transactions` is the base of :class:`~coordinator.store.db.Store`: every statement
goes through :meth:`~Transactions._execute` (a fault of the file or its disk becomes a
:class:`~coordinator.store.faults.StoreError`); every write through
:meth:`~Transactions.transaction`, whose nested calls join the outermost one. A
transaction's events, messages and run update are kept pending by session and written
(one ``event_log`` row per session: :mod:`~coordinator.store.encoding`) before the next
statement that could see them; its COMMIT may be owed and shared by the sessions of one
event loop (:meth:`~Transactions.share_commits`, :meth:`~Transactions.durable`) and taken
in turns with a batch's other processes (:mod:`~coordinator.store.writelock`).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from coordinator.sanitize import encodable_params, safe_params, secret_patterns
from coordinator.status import DelegationStatus, RunStatus, SessionStatus, WaitReason
from coordinator.store.conversation import INSERT_MESSAGE, INSERT_STEP, MESSAGE_BITS, in_session
from coordinator.store.encoding import Entry, Pending, _dumps, _step_row
from coordinator.store.faults import StoreError, StoreFault, bad_row, translate

if TYPE_CHECKING:
    from coordinator.store.writelock import WriteLock

T = TypeVar("T")
#: At most this many transactions share one COMMIT, so the write lock held across them
#: stays short for other processes (workers, commands) writing the same file.
GROUP_LIMIT = 64
#: Statements that cannot observe pending event rows: writes other than deletes (and,
#: while messages are pending, other than writes to ``messages`` or ``message_log``).
_BLIND = ("INSERT", "UPDATE")

# The status enums are bound as their text (what SQLite stores for a str subclass anyway),
# by an adapter found at once: without one, each such parameter goes through the sqlite3
# module's adaptation protocol (two failed attribute lookups, ~0.5 µs a parameter).
for _status in (SessionStatus, RunStatus, DelegationStatus, WaitReason):
    sqlite3.register_adapter(_status, str)
# So are None and bytes (a step row's texts), which the module's fast path leaves out too
# (only exact int, float, str and bytearray skip it): each by a C callable that gives the
# value back as it is bound (``bytes`` of a bytes is itself; an empty dict's ``get`` of
# None is None), so no Python frame either. Neither is a base type the module would then
# adapt every parameter for.
sqlite3.register_adapter(bytes, bytes)
_NOTHING: dict[None, None] = {}
sqlite3.register_adapter(type(None), _NOTHING.get)


class Transactions:
    """A SQLite connection's statements and transactions, and the writes the open
    transaction keeps pending (the store's caches it makes stale are the subclass's)."""

    _next_idx: dict[int, int]
    _run_session: dict[int, str]
    _definitions: dict[str, tuple[str, str | None, str]]

    #: A table's rows of one session (parameter: its id), by ``*_by_session``: the rows
    #: name their session by number since schema 7 (:func:`~.schema._migration_7`), the
    #: id translated once per statement. PostgreSQL's keep the id (``session_id = ?``).
    _OF_SESSION = "session_no = (SELECT no FROM sessions WHERE id = ?)"
    #: The same inside a statement over ``sessions s`` (PostgreSQL: ``session_id = s.id``).
    _OF_S = "session_no = s.no"
    #: A session's ``delegations`` (parameter ``?1``: its id): since schema 10 one range of
    #: the table's keys (:data:`~.calls.DELEGATION_KEY`), not a by-session index.
    _DELEGATIONS_OF_SESSION = in_session("SELECT no FROM sessions WHERE id = ?1", "id")
    #: The same for ``delegations d`` inside a statement over ``sessions s``.
    _DELEGATIONS_OF_S = in_session("s.no", "d.id")

    def __init__(self, path: Path, db: sqlite3.Connection, timeout: float):
        self.path = path
        #: The database as a message names it (:meth:`~.db.Store.shown_location`).
        self.where = str(path)
        self.timeout = timeout
        self._db = db
        #: One cursor for every statement (``Connection.execute`` makes a new one each
        #: time): each caller reads its result at once (lastrowid, rowcount, one row).
        #: PostgreSQL's store runs its own statements (``PgStore._statement``).
        self._cursor = db.cursor() if isinstance(db, sqlite3.Connection) else cast(Any, None)
        self._depth = 0
        self._secrets: tuple[str, ...] | None = None
        self._fault: StoreError | None = None
        self._deferred: list[Callable[[], None]] = []
        #: What the open transaction logged, by session: ``[events, messages]``, written
        #: as one ``event_log`` row per session before the next statement that could see
        #: them (a read, a delete, the COMMIT; :mod:`~coordinator.store.conversation`).
        self._pending: dict[str, Pending] = {}
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
        #: Turns at writing shared with other processes (a batch's workers; None: SQLite's).
        self.write_lock: WriteLock | None = None

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
            return self._cursor.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._translated(exc) from None

    def _statements(self, sql: str, rows: list[Any]) -> None:
        """Run one statement for each of ``rows`` (one ``executemany``)."""
        try:
            self._cursor.executemany(sql, rows)
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

    def written(self, write: Callable[[], T]) -> T:
        """``write`` in one transaction (joining an open one), its result. ``write`` makes
        store writes only, of values it was given: nothing else changes when it runs, so a
        store whose server rolls such a transaction back for its contention with another
        may make it again whole (PostgreSQL's, :meth:`PgStore.written`)."""
        with self.transaction():
            return write()

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
            self.where,
            f"session database {self.where}: a shared commit failed, so writes of sessions"
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
            return self._cursor.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._translated(exc) from None
        except UnicodeEncodeError:  # a lone surrogate from an argument: cleaned, read again
            return self._rows(sql, encodable_params(params))

    def _json(self, table: str, key: object, column: str, text: str) -> Any:
        """A stored JSON value; a StoreError naming the row when it cannot be read."""
        try:
            return json.loads(text)
        except ValueError as exc:
            self._fault = bad_row(self.where, table, key, column, exc)
            raise self._fault from None

    def _data_version(self) -> int:
        """SQLite's count of other connections' commits (pending writes need not be
        flushed: it does not read them)."""
        return int(self._statement("PRAGMA data_version").fetchone()[0])

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

    def _entries_of(self, sid: str) -> list[Entry]:
        """The session's events pending in the open transaction (in whatever order the
        sessions come: each session's rows are numbered in its own range since schema 9)."""
        pending = self._pending.get(sid)
        if pending is None:
            pending = self._pending[sid] = ([], [])
        return pending[0]


class _Outermost:
    """The outermost transaction's context manager, one per store (no generator and no
    context-manager object built per transaction): :meth:`Transactions.transaction`."""

    __slots__ = ("_store",)

    def __init__(self, store: Transactions):
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

    def __init__(self, store: Transactions):
        self._store = store

    def __enter__(self) -> None:
        self._store._depth += 1

    def __exit__(self, *exc: object) -> None:
        self._store._depth -= 1


@functools.lru_cache(maxsize=64)
def _run_update_sql(columns: tuple[str, ...]) -> str:
    """``UPDATE runs`` of these columns (a run's updates repeat a few column sets), its
    parameters by position: SQLite binds a dozen named ones 3.5 us slower."""
    sets = ", ".join(f"{name} = ?" for name in columns)
    return f"UPDATE runs SET {sets} WHERE id = ?"
