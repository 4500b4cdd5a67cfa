"""A worker's word on its database going away and coming back, in one line each, and the
libraries' other warnings as lines of the worker's log.

psycopg's connection pool (Procrastinate's queue connections) logs a warning for every
failed reconnection, each with a second, indented line: about two lines a second for as
long as the server is down (1,200 lines over a ten-minute restart), and nothing once it is
back. :class:`Outage` turns them into one line of the worker's log when the first fails,
and one when the worker's sweep reaches the database again. Any other warning or error a
library logs (psycopg, Procrastinate, asyncio's "Task exception was never retrieved") is
one line of that log too, stamped as its own lines are (:class:`LibraryLines`), not an
unstamped line and traceback on stderr; those that tell a person nothing (a connection
psycopg closed as a query's cancellation was cut short, a task that failed because the
worker closed its queue's pool as it exits) are not printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: The logger psycopg's pool warns on.
POOL_LOGGER = "psycopg.pool"

#: psycopg's words when it closes a connection whose query's cancellation was cut short
#: (a task cancelled again as a worker exits): the pool makes another; nothing to do.
_CLOSING_NOTES = (
    "query cancellation interrupted",
    "query not terminated after cancellation",
)


class Outage(logging.Handler):
    """The pool's warnings as one line per outage of the session database."""

    def __init__(self, log: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self._log = log
        self.down = False

    def emit(self, record: logging.LogRecord) -> None:
        """The first failure of an outage: one line; the others: nothing."""
        if self.down:
            return
        self.down = True
        lines = record.getMessage().strip().splitlines()
        self._log(
            f"the session database is unreachable ({lines[0] if lines else 'no reason given'});"
            " this worker keeps trying and its sessions wait: check that PostgreSQL is running"
            " and reachable"
        )

    def reached(self) -> None:
        """The worker reached the database: after an outage, one line says so."""
        if self.down:
            self.down = False
            self._log("the session database is reachable again")


class LibraryLines(logging.Handler):
    """Every other warning or error a library logs, as one line of the worker's log: the
    logger's name, the message's first line and, for an exception, its type and first
    line (no traceback); none for what tells a person nothing (:func:`says_nothing`)."""

    def __init__(self, log: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self._log = log

    def emit(self, record: logging.LogRecord) -> None:
        """The record as one line, unless it says nothing."""
        if says_nothing(record):
            return
        line = f"{record.name}: {_first_line(_message(record))}"
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None:
            line += f" ({type(exc).__name__}: {_first_line(str(exc))})"
        self._log(line)


def says_nothing(record: logging.LogRecord) -> bool:
    """Whether a library's record tells a person nothing: psycopg closing a connection whose
    query's cancellation was cut short, or an error caused by the pool the worker closed as
    it exits (the jobs' bookkeeping it gave up while the database was unreachable)."""
    if record.name.startswith("psycopg") and _message(record).startswith(_CLOSING_NOTES):
        return True
    exc = record.exc_info[1] if record.exc_info else None
    while exc is not None:
        if type(exc).__name__ == "PoolClosed":
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _message(record: logging.LogRecord) -> str:
    """The record's message, or its template when its arguments do not fit it (a library's
    slip: said as written, not raised into the library's call)."""
    try:
        return record.getMessage()
    except (TypeError, ValueError, KeyError):
        return str(record.msg)


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else ""


@contextmanager
def watching_the_logs(log: Callable[[str], None]) -> Iterator[Outage]:
    """Meanwhile, the pool's warnings go to an :class:`Outage` of ``log`` and every other
    library's warnings and errors to ``log`` (:class:`LibraryLines`), not to stderr."""
    pool, root = logging.getLogger(POOL_LOGGER), logging.getLogger()
    outage, others, propagate = Outage(log), LibraryLines(log), pool.propagate
    pool.addHandler(outage)
    pool.propagate = False
    root.addHandler(others)
    try:
        yield outage
    finally:
        root.removeHandler(others)
        pool.removeHandler(outage)
        pool.propagate = propagate
