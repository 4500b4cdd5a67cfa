"""The write-ahead log reader against a -wal an attacker shaped (review12): whatever the
file is, the check ends at once and never reads a log it cannot trust as holding nothing."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coordinator.store import wal as log
from coordinator.store.faults import StoreError
from coordinator.store.schema import read_only_uri


def _within(seconds: float, work: Callable[[], object]) -> object:
    """``work()``'s result, or a failure when it has not ended after ``seconds``."""
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    return out[0] if out else None


@pytest.fixture
def fifo_wal(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A database file whose -wal is a named pipe nobody writes to (a hung reader is let
    go at the end by opening the pipe's other end)."""
    db = tmp_path / "coordinator.db"
    db.write_bytes(b"\0" * 4096)
    wal = Path(f"{db}-wal")
    os.mkfifo(wal)
    yield db, wal
    try:
        os.close(os.open(wal, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


def test_a_pipe_for_a_log_is_not_waited_on(fifo_wal: tuple[Path, Path]) -> None:
    """Opening a pipe blocks until a writer comes: the check must not open one as a log;
    it cannot tell what the log holds, so it assumes changes (the refusal and its hint)."""
    db, wal = fifo_wal
    assert _within(5, lambda: log.unapplied_changes(wal, db)) is True


def test_a_pipe_for_a_log_is_refused_even_beside_a_shm(fifo_wal: tuple[Path, Path]) -> None:
    """With a -shm, SQLite itself would open the pipe (and wait): refused instead."""
    db, _ = fifo_wal
    Path(f"{db}-shm").write_bytes(b"\0" * 32768)

    def uri() -> object:
        try:
            return read_only_uri(db)
        except StoreError as exc:
            return exc

    assert isinstance(_within(5, uri), StoreError)
