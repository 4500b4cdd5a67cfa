"""Turns at writing one SQLite file, for the worker processes of one batch.

SQLite lets one process write at a time. A second process's ``BEGIN IMMEDIATE`` waits in
SQLite's busy handler, which polls with sleeps (1, 2, 5, 10 … 100 ms) and sleeps the
process's whole event loop with it; the lock, once free, is taken at the next poll. The
workers of a ``coord run --batch --workers W`` instead take turns through one byte of the
store's lock file (``coordinator.db.lock``, an open-file-description lock that dies with its
process): a session about to write awaits :meth:`WriteLock.turn`, while a thread waits in
the kernel (``F_OFD_SETLKW``) and the event loop goes on driving the process's other
sessions (model calls, parsing); every waiter wakes as soon as the turn is granted.

Every session waiting for a turn wakes in the same loop tick; the turn ends right after
them, with the one COMMIT they share (group commit), so a turn is one process's writes of
one tick. The store takes the turn itself, blocking, before a ``BEGIN`` nobody awaited it
for (woken at release, not polled), and gives it back at the COMMIT that leaves no
transaction open: a turn never hands over a held SQLite lock. The engine awaits the turn
(``Store.write_turn``) after a run's outcome is read, before the transition's transaction,
so the report parsing is not part of the turn. SQLite's own locking stays underneath: a
writer that takes no turns (a ``coord`` command) is serialised as before.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import struct
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from coordinator.store import paths, pinned

_OFD_SETLK: int | None = getattr(fcntl, "F_OFD_SETLK", None)
_OFD_SETLKW: int | None = getattr(fcntl, "F_OFD_SETLKW", None)
_FLOCK = "hhqqi4x"  # struct flock: l_type, l_whence, l_start, l_len, l_pid (64-bit off_t)
#: The byte that stands for the write turn: beyond every session's byte (56-bit offsets).
TURN_BYTE = 1 << 60


def _range(kind: int) -> bytes:
    return struct.pack(_FLOCK, kind, os.SEEK_SET, TURN_BYTE, 1, 0)


class WriteLock:
    """This process's turns at writing the database at ``db`` (see the module)."""

    def __init__(self, db: Path):
        lock = paths.lock_file(db)  # no link followed where one could be swapped in
        self._fd = pinned.open_beside(db, lock.name, os.O_RDWR | os.O_CREAT)
        self.held = False
        #: True while the store has a transaction open or a COMMIT owed (set by the store).
        self.busy: Callable[[], bool] = lambda: False
        #: Commits what the turn's writers owe (set by the store; the turn ends after it).
        self.commit: Callable[[], None] = lambda: None
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="coord-write-turn")
        self._asked: Future[float | None] | None = None  # the thread's wait, while it waits
        self._waiters: list[asyncio.Future[None]] = []
        self._off = _OFD_SETLKW is None  # no turns: SQLite's locking alone serialises
        self._check_soon = False
        self._burst = False  # the sessions woken for a turn are writing
        #: Turns taken, and the seconds spent waiting for them (a batch reports both).
        self.turns = 0
        self.waited = 0.0

    @classmethod
    def available(cls) -> bool:
        """Whether this system has open-file-description locks (Linux)."""
        return _OFD_SETLKW is not None

    async def turn(self) -> None:
        """Return once this process holds the turn; the loop runs on meanwhile. Every
        session waiting for one turn wakes in the same loop tick, and the turn ends right
        after them: their writes are committed together, then the turn is released."""
        if self.held or self._off:
            return
        loop = asyncio.get_running_loop()
        if self._asked is None:
            asked = self._asked = self._thread.submit(self._wait)
            asked.add_done_callback(lambda _: loop.call_soon_threadsafe(self._granted, asked))
        waiter = loop.create_future()
        self._waiters.append(waiter)
        await waiter

    def hold(self) -> None:
        """Take the turn now, blocking (the store calls this before a ``BEGIN``)."""
        if self.held or self._off:
            return
        asked, self._asked = self._asked, None
        self._took(asked.result() if asked is not None else self._wait())
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if not self._check_soon:  # released when its writes are committed, or next tick
            self._check_soon = True
            loop.call_soon(self._release_if_idle)

    def committed(self) -> None:
        """The store committed and holds no transaction: release the turn, unless the
        sessions woken for it are still writing (the turn ends after them)."""
        if not self._burst:
            self.release()

    def release(self) -> None:
        """Let the other processes write."""
        if self.held and _OFD_SETLK is not None:
            self.held = False
            fcntl.fcntl(self._fd, _OFD_SETLK, _range(fcntl.F_UNLCK))

    def close(self) -> None:
        """Release the turn, stop the thread, close the file. A thread still waiting for a
        turn (its sessions were interrupted) is not waited for: its descriptor stays open
        until the process ends, so its lock can only ever land on this file."""
        self.release()
        waiting = self._asked is not None and not self._asked.done()
        self._thread.shutdown(wait=not waiting)
        if not waiting:
            os.close(self._fd)

    def _wait(self) -> float | None:
        """Block until the turn is this process's: the seconds it took, or None when the
        system refused the lock (then no more turns are taken: SQLite alone serialises)."""
        if _OFD_SETLKW is None:
            return None
        started = time.perf_counter()
        try:
            fcntl.fcntl(self._fd, _OFD_SETLKW, _range(fcntl.F_WRLCK))
        except OSError:
            return None
        return time.perf_counter() - started

    def _granted(self, asked: Future[float | None]) -> None:
        """In the loop: the thread got the turn (unless :meth:`hold` took it first)."""
        if asked is self._asked:
            self._asked = None
            self._took(asked.result())
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._burst = self.held
        asyncio.get_running_loop().call_soon(self._end_turn)  # right after the waiters

    def _took(self, waited: float | None) -> None:
        if waited is None:
            self._off = True
            return
        self.held = True
        self.turns += 1
        self.waited += waited

    def _end_turn(self) -> None:
        """The turn's waiters wrote: commit what they owe, and release the turn."""
        self._burst = False
        if self.held:
            self.commit()
        self._release_if_idle()

    def _release_if_idle(self) -> None:
        self._check_soon = False
        if not self.busy():
            self.release()
