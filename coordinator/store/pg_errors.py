"""What a PostgreSQL statement's error says of the statement, not of its connection: the
server's disk full, or the statement rolled back for its contention with another transaction
(review119: shared by the store's writes, :mod:`coordinator.store.pg`, and the workers'
fetch, :mod:`coordinator.store.pgqueue`)."""

from __future__ import annotations

import psycopg

#: SQLSTATEs of a statement rolled back for its contention with another transaction:
#: serialization_failure, deadlock_detected (by code: psycopg's DeadlockDetected is not a
#: TransactionRollback).
_CONTENDED = frozenset({"40001", "40P01"})


def psycopg_cause(exc: BaseException) -> psycopg.Error | None:
    """The psycopg error a statement failed with (itself, or behind Procrastinate's
    ConnectorException); None: none behind it."""
    cause = exc if isinstance(exc, psycopg.Error) else exc.__cause__
    return cause if isinstance(cause, psycopg.Error) else None


def disk_full(exc: BaseException) -> bool:
    """Whether a statement (a queue's fetch, a store's write) failed because the database
    server's disk is full (SQLSTATE 53100): every write fails the same way until space is
    freed; the connection stands."""
    return isinstance(psycopg_cause(exc), psycopg.errors.DiskFull)


def rolled_back(exc: BaseException) -> bool:
    """Whether the database rolled a statement back for its contention with another
    transaction (a deadlock, a serialization failure: :data:`_CONTENDED`): nothing of it was
    done, it may succeed made again, and the connection stands."""
    cause = psycopg_cause(exc)
    return cause is not None and cause.sqlstate in _CONTENDED
