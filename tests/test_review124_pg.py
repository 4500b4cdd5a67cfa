"""review124: the trigger-kept table of queue heads (ops108) on a real cluster: it does not
drift from the queue when Procrastinate's jobs table is truncated, and the owner's next
command puts back a trigger that was dropped (or the table's, gone with its trigger left).
And ops108's retry of a write rolled back says each try in the log."""

from __future__ import annotations

import threading
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from test_ops88_unclaimed_pg import until
from test_ops95_sweep_pg import queued, set_jobs, sweep
from test_ops104_pg import queue_of
from test_ops105_pg import more
from test_ops108_pg import _heads
from test_review119_pg import REFUSING
from test_workers_pg import store_at


def test_heads_are_emptied_with_the_jobs_table_truncated(tmp_path: Path, pg_url: str) -> None:
    """An operator empties the queue with ``TRUNCATE procrastinate_jobs CASCADE`` (no row
    trigger fires), then one workspace queues again: the heads are that workspace's only.
    Before review124 the other workspace's head outlived its job; first in the heads' order,
    it was the fair fetch's free workspace at each fetch, a job no one could take, so the
    fetch fell back to first in, first out until that workspace queued again."""
    spaces = [str(tmp_path / "a"), str(tmp_path / "b")]
    queue_of(pg_url, [("s1", spaces[1]), ("s2", spaces[0])])
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert len(_heads(con)) == 2
        con.execute("TRUNCATE procrastinate_jobs CASCADE")
        assert _heads(con) == []
    more(pg_url, [("s3", spaces[0])])
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert [space for space, _ in _heads(con)] == [spaces[0]]


def test_the_owners_next_command_puts_back_a_dropped_trigger(tmp_path: Path, pg_url: str) -> None:
    """The heads' trigger dropped (by hand, a restore without it): the heads drift from the
    queue at the next job queued. The owner's next command makes the trigger again and the
    heads anew (before review124 it checked the table only: the heads drifted for good)."""
    space = str(tmp_path / "a")
    queue_of(pg_url, [("s1", space)])
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("DROP TRIGGER coordinator_queue_heads_inserted ON procrastinate_jobs")
    more(pg_url, [("s2", str(tmp_path / "b"))])
    store_at(pg_url).close()
    more(pg_url, [("s3", str(tmp_path / "c"))])
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert len(_heads(con)) == 3


def test_the_owners_next_command_puts_back_a_dropped_table_of_heads(
    tmp_path: Path, pg_url: str
) -> None:
    """The table of heads dropped with its trigger left: a job queued fails (the trigger
    writes the table). The owner's next command makes the table again, with the heads."""
    space = str(tmp_path / "a")
    queue_of(pg_url, [("s1", space)])
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("DROP TABLE coordinator_queue_heads")
    store_at(pg_url).close()
    more(pg_url, [("s2", str(tmp_path / "b"))])
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert len(_heads(con)) == 2


def test_a_write_made_again_after_a_rollback_says_so_in_the_log(
    tmp_path: Path, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Each new session refused as a serialization failure would be (40001): the write is
    made 3 times in all, then its ``locked`` fault is the caller's; each try made again is a
    warning naming the fault and the try (before review124 the retries were silent: an
    operator saw contention only when all three failed)."""
    from coordinator.store.faults import StoreError

    text = "could not serialize access"
    with closing(store_at(pg_url)) as store, psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(REFUSING.format(text=text, code="serialization_failure"))  # type: ignore[arg-type]
        with caplog.at_level("WARNING", logger="coordinator.store.pg"), pytest.raises(StoreError):
            store.create_session("a request", tmp_path, {})
    said = [r.getMessage() for r in caplog.records if r.name == "coordinator.store.pg"]
    assert [line.rsplit("; ", 1)[-1] for line in said] == [
        "made again (try 2 of 3)",
        "made again (try 3 of 3)",
    ]
    assert all(f"rolled a write back for another transaction ({text}" in line for line in said)


def test_a_sweep_queueing_sessions_of_two_workspaces_takes_their_heads_locks_in_order(
    tmp_path: Path, pg_url: str
) -> None:
    """A worker's sweep queues again, in one transaction, two sessions of two workspaces;
    each job queued takes its workspace's heads lock (ops108's trigger) until the commit.
    Another transaction taking the same two locks in their order (another worker's sweep)
    holds the first: the sweep waits for it holding nothing, and both go through. Before
    review124 the sweep took them in its sessions' order, the other way round: a deadlock
    (40P01), the sweep's transaction rolled back, its sessions left for the next sweep."""
    from coordinator.store.pg import HEADS_LOCK_SPACE

    sids = queued(tmp_path, pg_url, 2)
    with (
        psycopg.connect(pg_url, autocommit=True) as watch,
        psycopg.connect(pg_url) as other,
    ):
        for sid in sids:
            set_jobs(watch, sid, "failed")  # its attempts refused before a claim
        keys = watch.execute(
            "SELECT session_id, hashtext(workspace) FROM coordinator_jobs ORDER BY 2"
        ).fetchall()
        (_, low), (last, high) = keys
        watch.execute(  # the sweep's order (by age): the higher lock first
            "UPDATE coordinator_jobs SET queued_at = queued_at - interval '1 hour'"
            " WHERE session_id = %s",
            (last,),
        )
        before = watch.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
        other.execute("SET deadlock_timeout = '1h'")
        other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (HEADS_LOCK_SPACE, low))
        swept: list[object] = []

        def run() -> None:
            try:
                swept.extend(sweep(pg_url, tmp_path / "roots"))
            except BaseException as exc:  # (the main thread asserts on it)
                swept.append(repr(exc.__cause__ or exc))

        sweeper = threading.Thread(target=run)
        sweeper.start()
        until(watch, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
              " AND NOT granted AND classid::bigint = %s)", HEADS_LOCK_SPACE)  # fmt: skip
        other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (HEADS_LOCK_SPACE, high))
        other.commit()
        sweeper.join()
        after = watch.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    assert sorted(getattr(r, "session_id", repr(r)) for r in swept) == sorted(sids)
    assert before == after
