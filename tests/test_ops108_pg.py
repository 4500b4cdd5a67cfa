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

#: A trigger that, after a message is stored (its run's row then held ``FOR KEY SHARE`` by
#: the foreign key's check, whose trigger fires first by name), takes the gate's row.
GATED = """
CREATE TABLE ops108_gate (id integer PRIMARY KEY);
INSERT INTO ops108_gate VALUES (1);
CREATE FUNCTION ops108_gate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM 1 FROM ops108_gate WHERE id = 1 FOR UPDATE; RETURN NULL; END $$;
CREATE TRIGGER zz_ops108_gate AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION ops108_gate();
"""


def _deadlocks(con: psycopg.Connection[Any]) -> int:
    con.execute("SELECT pg_stat_clear_snapshot()")
    row = con.execute(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_write_rolled_back_for_a_deadlock_is_made_again_once(
    tmp_path: Path, pg_url: str
) -> None:
    """The store appends a message (a transaction of its own): its insert holds the run's
    row, then waits for the gate's row, which another transaction holds and which then asks
    for the run's row. The server rolls the store's transaction back (the other one never
    looks for the deadlock: its ``deadlock_timeout`` is an hour). Before ops108 the write's
    ``locked`` fault was the caller's; now it is made again, waits for the other to commit
    and is stored once: the run's messages are the first and this one, nothing twice."""
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
        before = _deadlocks(watch)
        other.execute("SET deadlock_timeout = '1h'")
        other.execute("SELECT 1 FROM ops108_gate WHERE id = 1 FOR UPDATE")
        failed: list[BaseException] = []

        def append() -> None:
            try:
                store.append_message(run, {"role": "assistant", "content": "the reply"})
            except BaseException as exc:  # (the main thread asserts on it)
                failed.append(exc)

        writer = threading.Thread(target=append)
        writer.start()
        pid = store._pg.raw.info.backend_pid
        query = "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s"
        until(watch, query, pid)  # the store's insert waits for the gate
        other.execute("SELECT 1 FROM runs WHERE id = %s FOR UPDATE", (run,))  # the deadlock
        other.commit()
        writer.join()
        assert failed == []
        until(watch, "SELECT deadlocks > %s FROM pg_stat_database"
              " WHERE datname = current_database()", before)  # fmt: skip
        rows = watch.execute(
            "SELECT idx, role, content FROM messages WHERE run_id = %s ORDER BY idx", (run,)
        ).fetchall()
        assert [(r[0], r[1]) for r in rows] == [(0, "user"), (1, "assistant")]
        assert "the reply" in rows[1][2]
        assert not store.broken
