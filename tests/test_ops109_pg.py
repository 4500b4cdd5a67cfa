"""ops109: the table of queue heads (ops108) kept by statement-level triggers on a real
cluster: one bulk statement over several workspaces takes their heads locks in the locks'
order, queueing and taking jobs go on with the table gone (the fetch probes each
workspace), and the owner's next command replaces ops108's row trigger, once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import psycopg
from test_ops84_roles_pg import READ_WRITE, role_url
from test_ops88_unclaimed_pg import until
from test_ops104_pg import fetch, queue_of
from test_ops108_pg import _heads
from test_workers_pg import store_at

#: One queued job of each workspace (``%s``: two workspaces), in one INSERT, in that order.
TWO_JOBS = """INSERT INTO procrastinate_jobs (queue_name, task_name, lock, queueing_lock, args)
VALUES ('sessions', 'drive', 'b1', 'b1', jsonb_build_object('session_id', 'b1',
                                                              'workspace', %s::text)),
       ('sessions', 'drive', 'b2', 'b2', jsonb_build_object('session_id', 'b2',
                                                              'workspace', %s::text))"""

#: A row trigger of ops108's name and shape (its locks, row by row), as an ops108 owner left.
OPS108_ROW_TRIGGER = (
    """CREATE OR REPLACE FUNCTION coordinator_queue_head() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    spaces text[] := ARRAY[]::text[];
    space text;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'todo' THEN
        spaces := spaces || (OLD.args->>'workspace');
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'todo' THEN
        spaces := spaces || (NEW.args->>'workspace');
    END IF;
    FOR space IN SELECT DISTINCT s FROM unnest(spaces) AS s WHERE s IS NOT NULL ORDER BY s LOOP
        PERFORM pg_advisory_xact_lock(1668247411, hashtext(space));
        DELETE FROM "public".coordinator_queue_heads WHERE workspace = space;
    END LOOP;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER coordinator_queue_head AFTER INSERT OR DELETE"
    " OR UPDATE OF status, priority, queue_name, scheduled_at, args ON procrastinate_jobs"
    " FOR EACH ROW EXECUTE FUNCTION coordinator_queue_head()",
)


def _heads_locks(con: psycopg.Connection[Any], pid: int) -> int:
    from coordinator.store.pg import HEADS_LOCK_SPACE

    row = con.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = %s"
        " AND classid::bigint = %s",
        (pid, HEADS_LOCK_SPACE),
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_one_statement_over_two_workspaces_takes_their_heads_locks_in_order(
    tmp_path: Path, pg_url: str
) -> None:
    """One INSERT queues a job of each of two workspaces, the one of the higher lock key
    first. Another transaction holds the lower key's lock: the statement waits for it
    holding no heads lock (so another bulk statement taking them in the other row order
    cannot deadlock with it), then goes through, the heads right. Before ops109 the row
    trigger took the locks in row order: it waited holding the higher key's."""
    from coordinator.store.pg import HEADS_LOCK_SPACE

    store_at(pg_url).close()
    spaces = [str(tmp_path / "a"), str(tmp_path / "b")]
    with (
        psycopg.connect(pg_url, autocommit=True) as watch,
        psycopg.connect(pg_url) as other,
        psycopg.connect(pg_url, autocommit=True) as bulk,
    ):
        keyed = watch.execute(
            "SELECT s, hashtext(s) FROM unnest(%s::text[]) AS s ORDER BY 2", (spaces,)
        ).fetchall()
        (low_space, low), (high_space, _) = keyed
        other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (HEADS_LOCK_SPACE, low))
        insert = threading.Thread(target=bulk.execute, args=(TWO_JOBS, (high_space, low_space)))
        insert.start()
        pid = bulk.info.backend_pid
        until(watch, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
              " AND NOT granted AND pid = %s)", pid)  # fmt: skip
        held = _heads_locks(watch, pid)
        other.commit()
        insert.join()
        assert held == 0
        assert [space for space, _ in _heads(watch)] == sorted(spaces)
        watch.execute(  # a bulk update and a bulk delete keep them right too
            "UPDATE procrastinate_jobs SET status = 'cancelled' WHERE args->>'workspace' = %s",
            (low_space,),
        )
        assert [space for space, _ in _heads(watch)] == [high_space]
        watch.execute("DELETE FROM procrastinate_jobs WHERE status = 'todo'")
        assert _heads(watch) == []


def test_with_the_heads_gone_a_team_role_queues_and_a_worker_takes_its_job(
    tmp_path: Path, pg_url: str
) -> None:
    """The table of heads dropped, its triggers left (a partial restore), and no owner's
    command since: a team role (rows' rights only) queues a job and a worker of that role
    takes it (its fetch probes each workspace). Before ops109 both failed with
    UndefinedTable in the trigger until the owner's next command."""
    from coordinator.store import pgqueue

    space = tmp_path / "ws"
    worker_id = queue_of(pg_url, [])
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("DROP TABLE coordinator_queue_heads")
    _, team = role_url(pg_url, READ_WRITE)
    with psycopg.connect(team) as con:
        assert pgqueue.defer(con, "s1", str(space))
    assert fetch(team, space, worker_id, 1) == ["s1"]


def _triggers(con: psycopg.Connection[Any]) -> list[tuple[str, bool, int]]:
    """The coordinator's triggers on the jobs: name, whether a row trigger, and oid."""
    return [
        (str(r[0]), bool(r[1]), int(r[2]))
        for r in con.execute(
            "SELECT tgname, (tgtype & 1) = 1, oid FROM pg_trigger"
            " WHERE tgrelid = 'procrastinate_jobs'::regclass AND tgname LIKE 'coordinator%'"
            " ORDER BY tgname"
        ).fetchall()
    ]


def test_the_owners_next_command_replaces_ops108s_row_trigger_once(
    tmp_path: Path, pg_url: str
) -> None:
    """A database an ops108 owner upgraded (its row trigger, no statement triggers): the
    owner's next command puts the statement triggers in its place and the heads anew; the
    command after it changes nothing (nothing made again)."""
    from coordinator.store.pg import HEADS_TRIGGERS

    space = str(tmp_path / "a")
    queue_of(pg_url, [("s1", space)])
    with psycopg.connect(pg_url, autocommit=True) as con:
        for name in HEADS_TRIGGERS:
            con.execute(f"DROP TRIGGER IF EXISTS {name} ON procrastinate_jobs")  # type: ignore[arg-type]
        for statement in OPS108_ROW_TRIGGER:
            con.execute(statement)  # type: ignore[arg-type]
    store_at(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        made = _triggers(con)
    store_at(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert _triggers(con) == made
        assert [(name, row) for name, row, _ in made] == sorted(
            [(name, False) for name in HEADS_TRIGGERS]
            + [("coordinator_queue_heads_cleared", False)]
            + [("coordinator_queue_head", False)]  # (ops112: its TRUNCATE-only stand-in)
        )
        assert con.execute("SELECT to_regprocedure('coordinator_queue_head()')").fetchone() == (
            None,
        )
        assert [s for s, _ in _heads(con)] == [space]


def test_a_worker_reading_the_heads_probes_once_they_are_dropped(
    tmp_path: Path, pg_url: str
) -> None:
    """A running worker's fetch reads the table of heads (it could at its first fetch); the
    table is then dropped: its next fetch probes each workspace and takes the job queued
    meanwhile. Before ops109 that fetch failed with UndefinedTable at every try."""
    import asyncio

    from procrastinate import App, PsycopgConnector

    from coordinator.store import pgqueue

    spaces = [tmp_path / "a", tmp_path / "b"]
    worker_id = queue_of(pg_url, [("s1", str(spaces[0]))])
    roots = [tmp_path.resolve()]

    async def take() -> list[str]:
        app = App(connector=PsycopgConnector(conninfo=pg_url))
        async with app.open_async():
            jobs = pgqueue.SessionJobs(app.connector, roots)
            first = await jobs.fetch_job(None, worker_id)
            read = jobs.heads
            with psycopg.connect(pg_url, autocommit=True) as con:
                con.execute("DROP TABLE coordinator_queue_heads")
                assert pgqueue.defer(con, "s2", str(spaces[1]))
            second = await jobs.fetch_job(None, worker_id)
        assert read is True
        return [pgqueue.locked_session(j.lock) if j else "" for j in (first, second)]

    assert asyncio.run(take()) == ["s1", "s2"]
