"""Batch workers over one SQLite file take turns at writing it (``store.writelock``): a
process waiting for its turn keeps driving its other sessions, a turn ends with its one
shared COMMIT, and every session's state is still committed before its next model call."""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import sqlite3
import struct
import sys
from contextlib import closing
from pathlib import Path

import pytest
from kit import Harness, scripted, team, workspace
from test_group_commit import TURNS, CommittedFirst

from coordinator.events import Routed
from coordinator.runtime import batch
from coordinator.runtime.batch import BatchTask, Share, ShareDone, run_in_workers, run_share
from coordinator.store import paths
from coordinator.store.db import Store
from coordinator.store.writelock import TURN_BYTE, WriteLock

pytestmark = pytest.mark.skipif(not WriteLock.available(), reason="no OFD locks here")


def turn_range(kind: int) -> bytes:
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, TURN_BYTE, 1, 0)


def turn_taken(db: Path) -> bool:
    """Whether some holder has the write turn of ``db``, asked from a descriptor of its own."""
    fd = os.open(paths.lock_file(db), os.O_RDWR)
    try:
        answer = fcntl.fcntl(fd, fcntl.F_OFD_GETLK, turn_range(fcntl.F_WRLCK))
    finally:
        os.close(fd)
    return bool(struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK)


async def test_a_process_waiting_for_the_turn_drives_its_other_sessions(tmp_path: Path) -> None:
    db = tmp_path / "sessions.db"
    Store.open(db).close()
    other = os.open(paths.lock_file(db), os.O_RDWR | os.O_CREAT)  # as another process would
    mine = WriteLock(db)
    try:
        fcntl.fcntl(other, fcntl.F_OFD_SETLK, turn_range(fcntl.F_WRLCK))  # its turn

        async def write_when_my_turn() -> bool:
            await mine.turn()
            return mine.held  # a session writes right here

        waiting = asyncio.create_task(write_when_my_turn())
        progressed = []
        for step in range(20):  # another session of this loop goes on meanwhile
            progressed.append(step)
            await asyncio.sleep(0)
        assert progressed == list(range(20)) and not waiting.done() and not mine.held
        fcntl.fcntl(other, fcntl.F_OFD_SETLK, turn_range(fcntl.F_UNLCK))
        held = await asyncio.wait_for(waiting, 120)  # woken by the release, not a poll
        assert held and mine.turns == 1 and mine.waited > 0
    finally:
        os.close(other)
        mine.close()
    assert not turn_taken(db)


HOLDER = """
import fcntl, os, struct, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, int(sys.argv[2]), 1, 0))
print("held", flush=True)
sys.stdin.read()
"""


async def test_a_worker_killed_during_its_turn_leaves_no_turn_behind(tmp_path: Path) -> None:
    db = tmp_path / "sessions.db"
    Store.open(db).close()
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        HOLDER,
        str(paths.lock_file(db)),
        str(TURN_BYTE),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    mine = WriteLock(db)
    try:
        assert holder.stdout is not None and await holder.stdout.readline() == b"held\n"
        waiting = asyncio.create_task(mine.turn())
        await asyncio.sleep(0)
        assert not waiting.done()
        holder.send_signal(signal.SIGKILL)  # kill -9 while it has the turn
        await asyncio.wait_for(waiting, 120)  # the lock died with it
        assert mine.turns == 1
    finally:
        if holder.returncode is None:
            holder.kill()
        await holder.wait()
        mine.close()


async def test_closing_while_a_turn_is_awaited_does_not_wait_for_it(tmp_path: Path) -> None:
    db = tmp_path / "sessions.db"
    Store.open(db).close()
    other = os.open(paths.lock_file(db), os.O_RDWR | os.O_CREAT)
    mine = WriteLock(db)
    try:
        fcntl.fcntl(other, fcntl.F_OFD_SETLK, turn_range(fcntl.F_WRLCK))
        waiting = asyncio.create_task(mine.turn())
        await asyncio.sleep(0)  # the thread now waits in the kernel
        waiting.cancel()  # the session was interrupted
        mine.close()  # returns although the other process still has the turn
        assert not mine.held
    finally:
        os.close(other)


async def test_sessions_writing_in_one_turn_share_its_commit_which_ends_it(tmp_path: Path) -> None:
    db = tmp_path / "sessions.db"
    store = Store.open(db)
    lock = WriteLock(db)
    store.share_commits(True)
    store.take_turns(lock)
    commits: list[str] = []
    store._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)

    async def session(i: int) -> None:
        await store.write_turn()
        with store.transaction(group=True):
            sid = store.create_session(f"request {i}", Path("."), {})
            store.add_event(Routed(sid, None, request=f"request {i}", agent="backend"))
        await store.durable()
        assert not turn_taken(db)  # committed, and the turn went with the COMMIT

    try:
        await asyncio.gather(*(session(i) for i in range(10)))
        assert len(commits) == 1 and lock.turns == 1
        with closing(sqlite3.connect(db)) as con:  # seen from another connection
            assert con.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 10
    finally:
        store.take_turns(None)
        store.close()
        lock.close()


async def test_a_turn_nobody_writes_in_is_let_go(tmp_path: Path) -> None:
    db = tmp_path / "sessions.db"
    Store.open(db).close()
    lock = WriteLock(db)
    try:
        await lock.turn()
        assert lock.held and turn_taken(db)
        for _ in range(3):  # the turn's end is scheduled right after its waiters
            await asyncio.sleep(0)
        assert not lock.held and not turn_taken(db)
    finally:
        lock.close()


def test_two_workers_share_commits_and_commit_before_each_model_call(tmp_path: Path) -> None:
    """Through the real engine and scripted SDK provider, in two forked processes."""
    db = tmp_path / "sessions.db"
    workspace(tmp_path)
    Store.open(db).close()

    def runner(share: Share, limit: int) -> ShareDone:
        store = Store.open(db)
        provider = CommittedFirst(db, scripted(TURNS))
        h = Harness(tmp_path, {}, provider=provider, store=store)
        commits: list[str] = []
        store._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
        turns = batch.write_turns(store, 2)
        try:
            items = asyncio.run(run_share(h.engine, share, turns=turns))
        finally:
            if turns is not None:
                turns.close()
            store.close()
        count = f"{len(commits)} {provider.checked} {turns.turns if turns else 0}"
        (tmp_path / f"commits.{os.getpid()}").write_text(count, encoding="utf-8")
        return ShareDone(items)

    tasks = [BatchTask(f"Endpoint number {i}", "backend") for i in range(24)]
    batch.prepare(team(), tasks)  # the SDK loaded before the fork, as `coord run` does
    done = run_in_workers(tasks, 24, 2, runner)
    assert [i.result.status if i.result else i.error for i in done.items] == ["complete"] * 24
    counts = [f.read_text().split() for f in tmp_path.glob("commits.*")]
    assert len(counts) == 2
    for commits, checked, turns in counts:
        assert int(checked) == 12 * 3  # every call of the worker's 12 sessions was checked
        assert int(commits) < 12 * 4 // 2  # alone, each 2-run chain commits 4 times
        assert int(turns) >= 1
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT status FROM sessions").fetchall() == [("complete",)] * 24
    assert not turn_taken(db)


def test_a_large_batch_runs_on_two_cores_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "usable_cores", lambda: 8)
    assert batch.worker_count(1000, 1000) == batch.DEFAULT_MAX_WORKERS == 2
    assert batch.worker_count(batch.LARGE_BATCH, batch.LARGE_BATCH) == 2
    assert batch.worker_count(batch.LARGE_BATCH - 1, 1000) == 1  # a smaller batch
    assert batch.worker_count(1000, 8) == 1  # few calls in flight: not CPU-bound
    assert batch.worker_count(1000, 1000, 3) == 3  # --workers still decides
    monkeypatch.setattr(batch, "usable_cores", lambda: 1)
    assert batch.worker_count(1000, 1000) == 1  # one core: one process


def test_the_only_process_and_a_database_server_take_no_turns(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "sessions.db")
    try:
        assert batch.write_turns(store, 1) is None
        lock = batch.write_turns(store, 2)
        assert isinstance(lock, WriteLock)
        lock.close()
    finally:
        store.close()
