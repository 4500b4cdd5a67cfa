"""review90: ops88's sweep (a worker queues again a session left ``todo`` with no job) meets
``coord resume --here``. The sweep holds the session's lease row while it makes the new
job; ``claim_here`` withdrew the session's waiting job first and locked the lease row only
then, so a sweep that had locked the row before found no job, made one and committed, and
``--here`` then claimed the lease and drove the session with that job still queued: any
worker would fetch it and claim the session over the ``--here`` process (its claim bumps the
epoch), both driving it until the ``--here`` one is fenced at its next step.
"""

from __future__ import annotations

import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from kit import write_agents, write_script
from test_ops88_unclaimed_pg import until
from test_workers_pg import InProcessWorker, chain, store_at, submit_at_once

from coordinator.store import pgqueue
from coordinator.store.rows import LeaseState

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_resume_here_racing_the_sweep_leaves_no_job_for_a_worker(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    lock = pgqueue.session_lock(sid)
    roots = {"roots": [str(tmp_path / "roots")]}
    with psycopg.connect(pg_url, autocommit=True) as watch, psycopg.connect(pg_url) as sweep:
        watch.execute("DELETE FROM procrastinate_jobs WHERE lock = %s", (lock,))  # its job gone
        [row] = sweep.execute(pgqueue._UNCLAIMED, roots).fetchall()  # the lease row held
        claimed: list[Any] = []
        with closing(store_at(pg_url)) as here:
            pid = here._pg.raw.info.backend_pid
            resume_here = threading.Thread(
                target=lambda: claimed.append(here.claim_here(sid, "coord resume --here (t)"))
            )
            resume_here.start()
            until(  # --here waits for the sweep's row lock
                watch,
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s",
                pid,
            )
            assert not sweep.execute(pgqueue._LIVE_JOB, {"lock": lock}).fetchall()
            pgqueue.defer(sweep, sid, str(row[1]))  # the sweep's new job, as its transaction
            sweep.commit()
            resume_here.join()
            assert [c.session_id for c in claimed] == [sid]
            waiting = watch.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE lock = %s AND status = 'todo'",
                (lock,),
            ).fetchone()
            lease = watch.execute(
                "SELECT state, worker FROM coordinator_jobs WHERE session_id = %s", (sid,)
            ).fetchone()
            here.release_claim(LeaseState.DONE)
    assert lease == ("doing", "coord resume --here (t)")
    assert waiting == (0,), "a job left queued: a worker would claim the session from --here"


def leases(url: str, done: int) -> None:
    """``done`` sessions handed to workers long ago and ended (their lease rows stay) and
    one queued now, its job waiting: a store a team has used for a while."""
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(
            "INSERT INTO sessions (id, request, workspace, status, created_at, updated_at)"
            " SELECT 's' || g, 'r', '/srv/ws' || (g %% 50), 'complete', 0, 0"
            " FROM generate_series(0, %s) AS g",
            (done,),
        )
        con.execute(
            "INSERT INTO coordinator_jobs (session_id, workspace, state)"
            " SELECT id, workspace, CASE id WHEN 's0' THEN 'todo' ELSE 'done' END FROM sessions"
        )
        pgqueue.defer(con, "s0", "/srv/ws0")
        con.execute("ANALYZE")


def sweep_blocks(url: str) -> int:
    """The table and index pages one look of the sweep for queued sessions with no job
    reads (``EXPLAIN ANALYZE``'s buffers: the same count on any machine)."""
    with psycopg.connect(url) as con:
        [[plan]] = con.execute(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + pgqueue._UNCLAIMED,  # type: ignore[operator]
            {"roots": ["/srv"]},
        ).fetchone()  # type: ignore[misc]
        con.rollback()
    top = plan["Plan"]
    return int(top["Shared Hit Blocks"]) + int(top["Shared Read Blocks"])


def test_the_sweep_reads_the_queued_leases_not_every_session_ever_queued(pg_url: str) -> None:
    store_at(pg_url).close()  # the tables, made by their owner
    leases(pg_url, 20_000)
    assert sweep_blocks(pg_url) < 30  # a full scan of the leases reads ~200 pages


def test_a_team_role_goes_on_without_the_index_and_the_owner_makes_it(pg_url: str) -> None:
    from test_ops84_roles_pg import READ_WRITE, role_url

    store_at(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("DROP INDEX IF EXISTS coordinator_jobs_queued")  # as an older coord left it
    _, team = role_url(pg_url, READ_WRITE)
    store_at(team).close()  # no refusal: it may not create the index, and needs none
    store_at(pg_url).close()  # the owner's next command makes it
    leases(pg_url, 20_000)
    assert sweep_blocks(team) < 30


def test_a_session_whose_job_was_cancelled_in_the_queue_is_not_queued_again(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:  # Procrastinate's own cancel
        [[cancelled]] = con.execute(
            "SELECT procrastinate_cancel_job_v1(id, false, false) FROM procrastinate_jobs"
            " WHERE lock = %s",
            (pgqueue.session_lock(sid),),
        ).fetchall()
        assert cancelled is not None
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, drain=True, poll=0.5)
    live.thread.join(60)  # drained: nothing left queued under its roots
    assert not live.thread.is_alive(), live.log
    log = "\n".join(live.log)
    assert f"not queuing {sid} again: its job was cancelled in the queue" in log, log
    assert f"claimed {sid}" not in log, log
    with closing(store_at(pg_url)) as store:
        assert [(j["session_id"], j["state"]) for j in store.jobs()] == [(sid, "failed")]
        [run] = store.runs(sid)
        assert [m["role"] for m in store.messages(run.id)] == ["user"]  # no model called


def test_a_session_whose_jobs_keep_failing_before_a_claim_is_given_up(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault that is no outage (every job failing before its claim, a bug) is not tried
    again for ever: past REQUEUE_MAX_FAILED failed jobs the lease ends ``failed`` with the
    way back named, and a ``--drain`` worker ends."""
    monkeypatch.setattr(pgqueue, "REQUEUE_MAX_FAILED", 1)  # one failed job is the cap here
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:  # its five attempts all failed
        con.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' WHERE lock = %s",
            (pgqueue.session_lock(sid),),
        )
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, drain=True, poll=0.5)
    live.thread.join(60)  # drained: it gave the session up, nothing left queued
    assert not live.thread.is_alive(), live.log
    log = "\n".join(live.log)
    assert f"not queuing {sid} again: {pgqueue.gave_up(1)}" in log, log
    assert f"claimed {sid}" not in log, log
    with closing(store_at(pg_url)) as store:
        [job] = store.jobs()
        assert (job["session_id"], job["state"]) == (sid, "failed")
        assert "coord resume queues it again" in str(job["error"])
