"""mend104: a database read in place (a full disk, a read-only filesystem) while a writer commits.

daily104 made ``coord log``/``sessions``/``stats`` read a database on a full disk in place
(``Store._read_when_full``, as on a read-only filesystem): when the ``-wal`` held nothing the
file lacked, the file was opened ``immutable``, which takes no lock and keeps pages across
reads. A writer still running (one that opened the database before the disk filled: its
``-shm`` exists) commits by reusing its log's space and checkpoints into the file, and the
reader, holding pages of the old version, read the new one's: "database disk image is
malformed", told as damage (which listings leave out until it is mended). Now a readable
``-shm`` is read through (``mode=ro``: SQLite's locks, a consistent read); where none
exists and the file is read alone, a "malformed" met after the file changed is said as
that change, to run again. Real SQLite files, a real writer process, synchronised on its
lines (no sleeps). The full disk itself (a root-only tmpfs) is test_store_faults'.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coordinator.store.db import Store
from coordinator.store.faults import StoreError, StoreFault

SESSIONS = 400
MIDDLE = f"{200:012x}"
#: A writer: opened (its -shm made), its log checkpointed whole ("ready"); at a line on
#: stdin it replaces every session's request (reusing its log's space), commits and
#: checkpoints into the file ("done"); at the next it ends.
WRITER = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA wal_autocheckpoint = 0")
con.execute("SELECT count(*) FROM sessions").fetchone()
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print("ready", flush=True)
sys.stdin.readline()
con.execute("BEGIN")
rows = con.execute("SELECT id, created_at, workspace, options FROM sessions").fetchall()
con.execute("DELETE FROM sessions")
for n, (sid, at, ws, options) in enumerate(rows):
    con.execute(
        "INSERT INTO sessions (id, request, workspace, status, options, created_at,"
        " updated_at) VALUES (?, ?, ?, 'complete', ?, ?, ?)",
        (sid, f"new {n} " + "y" * 900, ws, options, at, at),  # more pages, other places
    )
con.execute("COMMIT")
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print("done", flush=True)
sys.stdin.readline()
"""


def database(tmp_path: Path) -> Path:
    """A session database of :data:`SESSIONS` sessions (many pages), closed."""
    db = tmp_path / "s.db"
    store = Store.open(db)
    with store.transaction():
        for n in range(SESSIONS):  # (ids in order: the same pages every time)
            store.create_session(f"old {n} " + "x" * 300, tmp_path, {}, sid=f"{n:012x}")
    store.close()
    assert not Path(f"{db}-shm").exists()
    return db


@contextmanager
def writer(db: Path) -> Iterator[subprocess.Popen[str]]:
    """The :data:`WRITER` process on ``db``, ready."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        yield proc
    finally:
        if proc.stdin is not None:
            proc.stdin.close()  # (it ends at the end of its input)
        proc.wait(timeout=60)


def step(proc: subprocess.Popen[str]) -> None:
    """Have the writer commit and checkpoint; return once it has."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == "done\n"


def read_in_place(db: Path) -> Store:
    """``db`` opened as a full disk leaves it: read in place, writes refused."""
    full = StoreError(StoreFault.FULL, db, f"no space left for session database {db}")
    return Store._read_when_full(db, 5.0, full)


def requests(store: Store) -> list[str]:
    return sorted(s.request.split()[0] for s in store.sessions())


def test_a_writer_still_running_is_read_through_its_shm_never_as_damage(
    tmp_path: Path,
) -> None:
    db = database(tmp_path)
    with writer(db) as proc:  # it opened the database before (its -shm is there)
        store = read_in_place(db)
        try:
            assert store.session(MIDDLE).request.startswith("old 200 ")  # some pages read
            step(proc)  # committed and checkpointed between the reader's reads
            assert requests(store) == ["new"] * SESSIONS  # (was: "malformed", damaged)
        finally:
            store.close()


def test_a_file_read_alone_that_changes_meanwhile_is_said_so_not_damaged(
    tmp_path: Path,
) -> None:
    db = database(tmp_path)
    store = read_in_place(db)  # no -shm: the file alone (immutable)
    try:
        assert store.session(MIDDLE).request.startswith("old 200 ")  # some pages read
        with writer(db) as proc:  # a writer appears (the disk freed) and checkpoints
            step(proc)
            with pytest.raises(StoreError) as err:
                store.sessions()
    finally:
        store.close()
    assert str(err.value.fault) == "changed"  # passing: listings do not leave it out
    message, hint = str(err.value).split("\n")
    assert (
        message == f"session database {db} changed while it was read (another process wrote to it)"
    )
    assert hint.startswith("Run it again")  # (was: "damaged", "Recover what is readable")
    again = read_in_place(db)  # run again: the change read whole
    try:
        assert requests(again) == ["new"] * SESSIONS
    finally:
        again.close()
