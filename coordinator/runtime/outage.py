"""A worker's word on its database going away and coming back, in one line each.

psycopg's connection pool (Procrastinate's queue connections) logs a warning for every
failed reconnection, each with a second, indented line: about two lines a second for as
long as the server is down (1,200 lines over a ten-minute restart), and nothing once it is
back. :class:`Outage` turns them into one line of the worker's log when the first fails,
and one when the worker's sweep reaches the database again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: The logger psycopg's pool warns on.
POOL_LOGGER = "psycopg.pool"


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


@contextmanager
def watching_the_pool(log: Callable[[str], None]) -> Iterator[Outage]:
    """The pool's warnings go to an :class:`Outage` of ``log`` (not to stderr) meanwhile."""
    logger = logging.getLogger(POOL_LOGGER)
    outage, propagate = Outage(log), logger.propagate
    logger.addHandler(outage)
    logger.propagate = False
    try:
        yield outage
    finally:
        logger.removeHandler(outage)
        logger.propagate = propagate
