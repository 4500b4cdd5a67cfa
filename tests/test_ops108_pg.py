"""ops108: a store write of its own transaction that the server rolls back for a real
deadlock (SQLSTATE 40P01, provoked between two connections on the private cluster, not
raised by a trigger) is made again in place, once, nothing of it repeated."""

from __future__ import annotations

import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
from test_ops88_unclaimed_pg import until
from test_workers_pg import store_at

#: The first key of the test's advisory locks (review130; the store's are other keys).
GATES = 108
#: Triggers on the messages: after a message is stored (its run's row then held ``FOR KEY
#: SHARE`` by the foreign key's check, whose trigger fires first by name), the gate's row is
#: taken, once the test's hold (advisory lock ``GATES, 2``) is let go: the store then first
#: waits for the gate when the other transaction already waits for the run's row, so the
#: store's one look for a deadlock (``deadlock_timeout`` after its wait begins) finds it
#: (review130). Before a message is stored, every try after the first (a sequence counts
#: them, a rollback does not undo it) waits for advisory lock ``GATES, 1``, which the other
#: holds until it has the run's row: a new locker is not queued behind a waiting one, so a
#: try made again at once could take the run's row first and deadlock again (review130:
#: three deadlocks in a row, 2 of 30 loaded runs).
GATED = f"""
CREATE TABLE ops108_gate (id integer PRIMARY KEY);
INSERT INTO ops108_gate VALUES (1);
CREATE SEQUENCE ops108_tries;
CREATE FUNCTION ops108_gate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared({GATES}, 2);
    PERFORM 1 FROM ops108_gate WHERE id = 1 FOR UPDATE;
    RETURN NULL;
END $$;
CREATE FUNCTION ops108_tried() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF nextval('ops108_tries') > 1 THEN PERFORM pg_advisory_xact_lock_shared({GATES}, 1);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER zz_ops108_gate AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION ops108_gate();
CREATE TRIGGER ops108_tried BEFORE INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION ops108_tried();
"""
#: True when backend ``%s`` waits for a lock that backend ``%s`` (alone) holds.
BLOCKED_BY = "SELECT pg_blocking_pids(%s) = ARRAY[%s]::integer[]"


def _deadlocks(con: psycopg.Connection[Any]) -> int:
    con.execute("SELECT pg_stat_clear_snapshot()")
    row = con.execute(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    ).fetchone()
    assert row is not None
    return int(row[0])


def _in_thread(work: Any, failed: list[BaseException]) -> threading.Thread:
    """``work`` begun in a thread of its own, what it raised kept in ``failed``."""

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # (the main thread asserts on it)
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _take_run(other: psycopg.Connection[Any], run: int) -> None:
    """The other transaction asks for the run's row (the deadlock), then lets the store's
    try made again go on (advisory lock ``GATES, 1``) and commits."""
    other.execute("SELECT 1 FROM runs WHERE id = %s FOR UPDATE", (run,))
    other.execute("SELECT pg_advisory_unlock(%s, 1)", (GATES,))
    other.commit()


def test_a_write_rolled_back_for_a_deadlock_is_made_again_once(tmp_path: Path, pg_url: str) -> None:
    """The store appends a message (a transaction of its own): its insert holds the run's
    row, then waits for the gate's row, which another transaction holds and which then asks
    for the run's row. The server rolls the store's transaction back (the other one never
    looks for the deadlock: its ``deadlock_timeout`` is an hour). Before ops108 the write's
    ``locked`` fault was the caller's; now it is made again, once, waits for the other to
    commit and is stored once: the run's messages are the first and this one, nothing twice.
    Each step waits for the one before it to be seen waiting (:data:`GATED`, review130)."""
    with (
        closing(store_at(pg_url)) as store,
        psycopg.connect(pg_url, autocommit=True) as watch,
        psycopg.connect(pg_url) as other,
    ):
        sid = store.create_session("a request", tmp_path, {})
        run = store.start_run(
            sid, agent="a", model="m", depth=0, max_turns=5,
            first_message={"role": "user", "content": "the request"},
        )  # fmt: skip
        watch.execute(GATED)
        watch.execute("SELECT pg_advisory_lock(%s, 2)", (GATES,))
        before = _deadlocks(watch)
        other.execute("SET deadlock_timeout = '1h'")
        other.execute("SELECT pg_advisory_lock(%s, 1)", (GATES,))
        other.execute("SELECT 1 FROM ops108_gate WHERE id = 1 FOR UPDATE")
        failed: list[BaseException] = []
        message = {"role": "assistant", "content": "the reply"}
        writer = _in_thread(lambda: store.append_message(run, message), failed)
        pids = (store._pg.raw.info.backend_pid, watch.info.backend_pid, other.info.backend_pid)
        until(watch, BLOCKED_BY, pids[0], pids[1])  # the store holds the run's row
        taker = _in_thread(lambda: _take_run(other, run), failed)
        until(watch, BLOCKED_BY, pids[2], pids[0])  # the other waits for the run's row
        watch.execute("SELECT pg_advisory_unlock(%s, 2)", (GATES,))  # the store, for the gate
        writer.join()
        taker.join()
        assert failed == []
        until(watch, "SELECT deadlocks > %s FROM pg_stat_database"
              " WHERE datname = current_database()", before)  # fmt: skip
        rows = watch.execute(
            "SELECT idx, role, content FROM messages WHERE run_id = %s ORDER BY idx", (run,)
        ).fetchall()
        assert [(r[0], r[1]) for r in rows] == [(0, "user"), (1, "assistant")]
        assert "the reply" in rows[1][2]
        assert watch.execute("SELECT last_value FROM ops108_tries").fetchone() == (2,)
        assert not store.broken


def test_behind_a_long_batch_the_fetch_reads_no_more_with_ten_times_the_workspaces(
    tmp_path: Path, pg_url: str
) -> None:
    """A team's 250 queued chains (its first then driven: the oldest 200 queued are all of
    a busy workspace), then one chain of each of 20 other workspaces, then of 180 more: the
    fetch that takes the next free workspace's looks up as many workspaces' first jobs with
    200 workspaces behind the batch as with 20 (before ops108 it probed each workspace's
    first job, twice: 12x first in, first out at 500 workspaces; now it reads the
    trigger-kept heads in order, and probes only the busy workspaces). Fair as before: the
    oldest of the free workspaces. (Rows read are no measure at this size: the planner
    reads a table of a few hundred rows whole.)"""
    from test_ops104_pg import queue_of
    from test_ops105_pg import fetch_cost, more

    roots = (tmp_path / "roots").resolve()
    roots.mkdir()
    batch = [(f"a{n}", str(roots / "alice")) for n in range(250)]
    worker_id = queue_of(pg_url, batch + [(f"w{n}", str(roots / f"w{n}")) for n in range(20)])
    assert fetch_cost(pg_url, roots, worker_id)[0] == "a0"  # (alice's, now busy)
    few = fetch_cost(pg_url, roots, worker_id, probes)
    more(pg_url, [(f"w{n}", str(roots / f"w{n}")) for n in range(20, 200)])
    many = fetch_cost(pg_url, roots, worker_id, probes)
    assert (few[0], many[0]) == ("w0", "w1")
    assert many[1] <= few[1] + 2, (few[1], many[1])


def probes(plan: dict[str, Any]) -> int:
    """The look-ups of a workspace's queued jobs in a plan (the loops of its scans of the
    index by workspace, ``pg.QUEUED_BY_WORKSPACE_DDL``), every loop counted."""
    own = plan["Actual Loops"] if plan.get("Index Name") == "coordinator_queued_by_workspace" else 0
    return int(own) + sum(probes(p) for p in plan.get("Plans", []))


def _heads(con: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    """The table of heads, and each workspace's first queued job read from the queue."""
    kept = con.execute(
        "SELECT workspace, job_id FROM coordinator_queue_heads ORDER BY 1"
    ).fetchall()
    read = con.execute(
        "SELECT DISTINCT ON (args->>'workspace') args->>'workspace', id FROM procrastinate_jobs"
        " WHERE status = 'todo' ORDER BY args->>'workspace', priority DESC, id"
    ).fetchall()
    assert kept == read
    return kept


def test_a_head_taken_while_another_transaction_queues_behind_it_is_kept_right(
    tmp_path: Path, pg_url: str
) -> None:
    """A worker takes a workspace's one queued job while another transaction, not yet
    committed, queues the workspace's next: the head is then that next job (the trigger
    looks again only under the workspace's lock, so it waits for the other's commit and
    sees its job), not gone while a job is queued."""
    from test_ops104_pg import queue_of

    from coordinator.store import pgqueue

    space = str(tmp_path / "ws")
    queue_of(pg_url, [("s1", space)])
    with (
        psycopg.connect(pg_url, autocommit=True) as watch,
        psycopg.connect(pg_url) as submit,
        psycopg.connect(pg_url, autocommit=True) as taker,
    ):
        [(_, first)] = _heads(watch)
        assert pgqueue.defer(submit, "s2", space)  # (not committed yet)
        taken = threading.Thread(
            target=taker.execute,
            args=("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", (first,)),
        )
        taken.start()
        pid = taker.info.backend_pid
        until(watch, "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", pid)
        submit.commit()
        taken.join()
        [(_, head)] = _heads(watch)
        assert head != first
