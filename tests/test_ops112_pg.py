"""ops112: the queue heads' triggers (ops108/ops109) in a fleet of mixed versions on a real
cluster: an ops108-era owner and this one no longer make each other's triggers again at
every command, an owner leaves a newer coordinator's triggers alone and works with them,
and a transaction deadlocked on the heads' locks is told why in words of its own."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import psycopg
from test_ops88_unclaimed_pg import until
from test_ops104_pg import fetch, queue_of
from test_ops108_pg import BLOCKED_BY, _heads
from test_ops109_pg import OPS108_ROW_TRIGGER, _triggers

#: review124's (da7a9054) check that every table and trigger is there, as its binary asks
#: it before each command: when false its owner makes its row trigger again.
REVIEW124_PRESENT = """
SELECT to_regclass('coordinator_schema') IS NOT NULL
    AND to_regclass('procrastinate_jobs') IS NOT NULL
    AND to_regclass('coordinator_workers') IS NOT NULL
    AND (SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('coordinator_jobs')
         AND attname IN ('resume', 'failures', 'seen_job') AND NOT attisdropped) = 3
    AND ((to_regclass('coordinator_jobs_queued') IS NOT NULL
          AND to_regclass('coordinator_jobs_driven') IS NOT NULL
          AND to_regclass('coordinator_queued_by_workspace') IS NOT NULL
          AND to_regclass('coordinator_queued_by_lock') IS NOT NULL
          AND to_regclass('coordinator_queue_heads') IS NOT NULL
          AND (SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass('procrastinate_jobs')
               AND tgname IN ('coordinator_queue_head', 'coordinator_queue_heads_cleared')
               AND tgenabled <> 'D') = 2) OR NOT pg_has_role(
        (SELECT relowner FROM pg_class WHERE oid = to_regclass('coordinator_jobs')), 'USAGE'))
"""

#: One queued job of a session (``%s``: session, workspace), as Procrastinate defers it.
ONE_JOB = """INSERT INTO procrastinate_jobs (queue_name, task_name, lock, queueing_lock, args)
VALUES ('sessions', 'drive', %(s)s, %(s)s, jsonb_build_object('session_id', %(s)s::text,
                                                                'workspace', %(w)s::text))"""


def _review124_command(url: str) -> bool:
    """A review124 owner's command: its check, then (when false) its triggers made again
    (its row trigger, in the shape test_ops109 keeps of it). Whether it made them."""
    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute(REVIEW124_PRESENT).fetchone()
        if row is not None and row[0]:
            return False
        con.execute("DROP TRIGGER IF EXISTS coordinator_queue_head ON procrastinate_jobs")
        for statement in OPS108_ROW_TRIGGER:
            con.execute(statement)  # type: ignore[arg-type]
    return True


def test_an_ops108_owner_and_this_one_stop_making_each_others_triggers(
    tmp_path: Path, pg_url: str
) -> None:
    """A rolling upgrade: a review124 owner's commands and this one's, taking turns. The
    review124 owner makes its row trigger (the name was missing), this owner's next command
    puts its statement triggers back with a stand-in of that name (TRUNCATE only); from then
    on neither makes anything again, and the heads are kept by the statement triggers alone.
    Before ops112 every turn made the triggers again (ops109's left: Mixed-version owners)."""
    from test_workers_pg import store_at

    first, second = str(tmp_path / "a"), str(tmp_path / "b")
    queue_of(pg_url, [("s1", first)])
    assert _review124_command(pg_url)  # (this tree's triggers have no ops108 name)
    store_at(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        made = _triggers(con)
    remade = []
    for _ in range(3):
        remade.append(_review124_command(pg_url))
        store_at(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert remade == [False, False, False]
        assert _triggers(con) == made
        assert ("coordinator_queue_head", True) not in [(n, row) for n, row, _ in made]
        con.execute(ONE_JOB, {"s": "s2", "w": second})
        assert [s for s, _ in _heads(con)] == [first, second]
        con.execute("TRUNCATE procrastinate_jobs CASCADE")
        assert _heads(con) == []


def _newer_triggers(con: psycopg.Connection[Any]) -> None:
    """What a newer coordinator's owner might leave: another name for the insert trigger,
    the function's body its own, every trigger's comment a newer version."""
    con.execute("DROP TRIGGER coordinator_queue_heads_inserted ON procrastinate_jobs")
    con.execute(
        "CREATE TRIGGER coordinator_queue_heads_added AFTER INSERT ON procrastinate_jobs"
        " REFERENCING NEW TABLE AS coordinator_new_jobs"
        " FOR EACH STATEMENT EXECUTE FUNCTION coordinator_queue_heads_kept()"
    )
    row = con.execute("SELECT pg_get_functiondef('coordinator_queue_heads_kept'::regproc)")
    body = str(row.fetchone()[0])  # type: ignore[index]
    con.execute(body.replace("BEGIN", "BEGIN -- newer", 1))  # type: ignore[arg-type]
    for name, _, _ in _triggers(con):
        con.execute(  # type: ignore[call-overload]
            f"COMMENT ON TRIGGER {name} ON procrastinate_jobs IS 'coordinator queue heads 99'"
        )


def test_a_newer_coordinators_triggers_are_left_alone_and_worked_with(
    tmp_path: Path, pg_url: str
) -> None:
    """A newer owner's triggers (another name, its function's body, version 99): this
    owner's command makes nothing again, and queueing and taking jobs work with them. Before
    ops112 the command saw a trigger of its own missing and made them all its way again."""
    from test_workers_pg import store_at

    from coordinator.store import pgqueue

    space = tmp_path / "ws"
    worker_id = queue_of(pg_url, [])
    with psycopg.connect(pg_url, autocommit=True) as con:
        _newer_triggers(con)
        made = _triggers(con)
    store_at(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert _triggers(con) == made
        row = con.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = 'coordinator_queue_heads_kept'"
        )
        assert "-- newer" in str(row.fetchone())
        assert pgqueue.defer(con, "s1", str(space))
        assert [s for s, _ in _heads(con)] == [str(space)]
    assert fetch(pg_url, space, worker_id, 1) == ["s1"]


def test_a_transaction_deadlocked_on_the_heads_locks_is_told_why(
    tmp_path: Path, pg_url: str
) -> None:
    """Two operators' transactions each queue a job of one workspace, then one of the other's
    (statement by statement, in opposite orders): one is rolled back for the deadlock
    (SQLSTATE 40P01 still, so a retry rule keeps working), its message naming the heads and
    its hint the rule. Before ops112 it was PostgreSQL's bare "deadlock detected" with a
    DETAIL of two advisory lock numbers."""
    from test_workers_pg import store_at

    store_at(pg_url).close()
    first, second = str(tmp_path / "a"), str(tmp_path / "b")
    caught: list[BaseException] = []
    with (
        psycopg.connect(pg_url, autocommit=True) as watch,
        psycopg.connect(pg_url) as patient,
        psycopg.connect(pg_url) as victim,
    ):
        patient.execute("SET deadlock_timeout = '1h'")  # (the victim's backend finds it)
        patient.execute(ONE_JOB, {"s": "p1", "w": first})
        victim.execute(ONE_JOB, {"s": "v1", "w": second})
        waits = threading.Thread(target=patient.execute, args=(ONE_JOB, {"s": "p2", "w": second}))
        waits.start()
        until(watch, BLOCKED_BY, patient.info.backend_pid, victim.info.backend_pid)
        try:
            victim.execute(ONE_JOB, {"s": "v2", "w": first})
        except psycopg.errors.DeadlockDetected as exc:
            caught.append(exc)
        victim.rollback()
        waits.join()
        patient.commit()
        assert len(caught) == 1
        diag = caught[0].diag  # type: ignore[attr-defined]
        assert diag.sqlstate == "40P01"
        assert "deadlock on the coordinator's queue heads" in str(diag.message_primary)
        assert "one statement" in str(diag.message_hint)
        assert first in str(diag.message_detail)
        assert [s for s, _ in _heads(watch)] == [first, second]
