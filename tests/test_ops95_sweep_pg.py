"""ops95: the edges ops88/review90 left in the workers' sweep (``SessionJobs.requeue_unclaimed``).

* A claim that committed while its reply was lost, on its job's last attempt, left the lease
  ``doing`` with a failed job and no holder: no sweep looked at it (only queued leases), so the
  session stayed "running" until someone ran ``coord resume``. The sweep now queues such a
  session again, and never one that a process may still drive (a live holder connection, a
  job still running, a ``coord resume --here``).
* The count of failed jobs behind the wait was read from Procrastinate's events: a cleanup
  deleting them (or the failed jobs) restarted it at 2 s. It is now kept on the lease row.
* A lasting failure of that requeue stopped the sweep's other checks (the drain check, the
  presumed-dead check, the hand-on of dead workers' jobs) in the same handler.
"""

from __future__ import annotations

import asyncio
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from kit import write_agents, write_script
from test_ops84_roles_pg import READ_WRITE, role_url
from test_ops88_unclaimed_pg import until
from test_workers_pg import (
    InProcessWorker,
    chain,
    check_nothing_repeated,
    store_at,
    submit_at_once,
)

from coordinator.errors import UserError
from coordinator.store import pgqueue

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def queued(tmp: Path, url: str, n: int) -> list[str]:
    """``n`` sessions queued for the workers (one workspace each under roots/), none driven."""
    agents = write_agents(tmp / "agents", "backend")
    script = write_script(tmp / "s.yaml", chain(hops=1, latency_ms=0))
    return submit_at_once(tmp, url, script, agents, n)


def sweep(url: str, root: Path) -> list[pgqueue.Requeued]:
    """One look of a worker's sweep over ``root`` for sessions left with no job."""
    from procrastinate import PsycopgConnector

    roots = [root.resolve()]  # (as a worker's)

    async def once() -> list[pgqueue.Requeued]:
        connector = PsycopgConnector(conninfo=url)
        await connector.open_async()
        try:
            return await pgqueue.SessionJobs(connector, roots).requeue_unclaimed()
        finally:
            await connector.close_async()

    return asyncio.run(once())


def gone(con: psycopg.Connection[Any], pid: int) -> None:
    until(con, "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = %s)", pid)


def set_jobs(con: psycopg.Connection[Any], sid: str, status: str) -> None:
    """The session's jobs as Procrastinate leaves them (``failed``: its last attempt raised)."""
    con.execute(
        "UPDATE procrastinate_jobs SET status = %s WHERE lock = %s",
        (status, pgqueue.session_lock(sid)),
    )


def claim_reply_lost(url: str, sid: str, worker: str) -> None:
    """The rows a worker's claim leaves when it committed but its reply was lost with the
    connection on the job's fifth (last) attempt: the lease ``doing`` at a new epoch, its
    holder that connection, gone; the job ended ``failed`` (the worker saw a StoreError)."""
    pid = cut_off(store_at(url), lambda store: store.claim_session(sid, worker))
    with psycopg.connect(url, autocommit=True) as con:
        gone(con, pid)
        set_jobs(con, sid, "failed")


def cut_off(store: Any, claim: Any) -> int:
    """``claim(store)``, then the store's connection dropped as a lost one is (no statement
    after it: not the close of a store that ends its session), with a ``--here`` claim's
    keeper connection (ops103: as a killed process's); its backend's pid."""
    claim(store)
    pid = int(store._pg.raw.info.backend_pid)
    store._pg.raw.close()
    store._keep(None)
    return pid


def leases(url: str) -> dict[str, tuple[str, int]]:
    with psycopg.connect(url) as con:
        rows = con.execute("SELECT session_id, state, epoch FROM coordinator_jobs").fetchall()
    return {str(r[0]): (str(r[1]), int(r[2])) for r in rows}


def test_a_claim_whose_reply_was_lost_on_its_last_attempt_is_driven_by_the_sweep(
    tmp_path: Path, pg_url: str
) -> None:
    [sid] = queued(tmp_path, pg_url, 1)
    claim_reply_lost(pg_url, sid, "box:4242:0a1b2c")
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5)
    try:
        live.line_with(f"ended {sid} complete", timeout=30)
    finally:
        live.stop()
    log = "\n".join(live.log)
    assert (
        f"queued {sid} again: it was left claimed by box:4242:0a1b2c, whose connection is gone,"
        " with no job to drive it (its job failed 1 time); its new job runs in 2 s"
    ) in log, log
    check_nothing_repeated(pg_url, [sid], hops=1)


def test_the_sweep_takes_only_the_claim_no_process_can_still_drive(
    tmp_path: Path, pg_url: str
) -> None:
    lost, held, here, killed, stopped = queued(tmp_path, pg_url, 5)
    claim_reply_lost(pg_url, lost, "box:1:aa")
    claim_reply_lost(pg_url, stopped, "box:5:ee")  # its drive stopped (interrupted), only
    with psycopg.connect(pg_url, autocommit=True) as con:  # the release of its claim lost
        con.execute("UPDATE sessions SET status = 'interrupted' WHERE id = %s", (stopped,))
    holder = store_at(pg_url)  # a live connection holds it (a worker cut off from its reply)
    with closing(holder), psycopg.connect(pg_url, autocommit=True) as con:
        holder.claim_session(held, "box:2:bb")
        set_jobs(con, held, "failed")
        # a `coord resume --here` whose connection ended with a restart (its claim older
        # than the server): it takes its claim up again after the call in flight (ops100:
        # one killed, its claim younger than the server, is taken)
        gone(con, cut_off(store_at(pg_url), lambda s: s.claim_here(here, "coord resume --here")))
        con.execute(
            "UPDATE coordinator_jobs SET heartbeat_at = pg_postmaster_start_time()"
            " - interval '1 second' WHERE session_id = %s",
            (here,),
        )
        # a worker killed mid-drive: its job still running, the dead-worker sweep's
        gone(con, cut_off(store_at(pg_url), lambda s: s.claim_session(killed, "box:4:dd")))
        set_jobs(con, killed, "doing")
        again = sweep(pg_url, tmp_path / "roots")
        waiting = con.execute(
            "SELECT lock, scheduled_at > now() FROM procrastinate_jobs WHERE status = 'todo'"
        ).fetchall()
    assert leases(pg_url) == {
        lost: ("todo", 2),  # a new epoch: a driver that was cut off is fenced at once
        held: ("doing", 1),
        here: ("doing", 1),
        killed: ("doing", 1),
        stopped: ("doing", 1),  # not driven again: `coord resume` goes on from its stop
    }
    assert waiting == [(pgqueue.session_lock(lost), True)]  # after the wait of 1 failure
    assert [(a.session_id, a.failed, a.wait, a.held_by) for a in again] == [
        (lost, 1, 2.0, "box:1:aa")
    ]


def test_the_count_of_failed_jobs_outlives_a_cleanup_of_procrastinates_rows(
    tmp_path: Path, pg_url: str
) -> None:
    [sid] = queued(tmp_path, pg_url, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:
        set_jobs(con, sid, "failed")  # its five attempts refused before a claim
        assert sweep(pg_url, tmp_path / "roots") == [pgqueue.Requeued(sid, 1, 2.0)]
        # a cleanup (Procrastinate's remove_old_jobs with remove_failed, or by hand)
        con.execute("DELETE FROM procrastinate_jobs WHERE status = 'failed'")
        con.execute("DELETE FROM procrastinate_events")
        set_jobs(con, sid, "failed")  # the new job's attempts refused too
        assert sweep(pg_url, tmp_path / "roots") == [pgqueue.Requeued(sid, 2, 4.0)]


def test_an_older_store_is_upgraded_in_place_by_its_owner(tmp_path: Path, pg_url: str) -> None:
    [sid] = queued(tmp_path, pg_url, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:  # as an older coord left it
        con.execute("DROP INDEX IF EXISTS coordinator_jobs_driven")
        con.execute(
            "ALTER TABLE coordinator_jobs DROP COLUMN IF EXISTS failures,"
            " DROP COLUMN IF EXISTS seen_job"
        )
    _, team = role_url(pg_url, READ_WRITE)
    with pytest.raises(UserError) as refused:  # a team role may not add the columns
        store_at(team)
    assert "Have postgres run once: coord sessions --db postgresql://postgres@" in str(
        refused.value.hint
    )  # (ops100: the owner and the command named)
    store_at(pg_url).close()  # the owner's next command upgrades it in place
    store_at(team).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        set_jobs(con, sid, "failed")  # (failed before its lease had a count: not counted)
    assert sweep(team, tmp_path / "roots") == [pgqueue.Requeued(sid, 0, 0.0)]
    with closing(store_at(pg_url)) as store:
        assert [(j["session_id"], j["state"]) for j in store.jobs()] == [(sid, "todo")]


def test_a_lasting_failure_of_the_requeue_leaves_the_sweeps_other_checks_running(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refused(self: pgqueue.SessionJobs) -> list[pgqueue.Requeued]:
        raise psycopg.errors.InsufficientPrivilege(
            "permission denied for table coordinator_jobs (postgresql://team:s3cretpw@db/x)"
        )

    monkeypatch.setattr(pgqueue.SessionJobs, "requeue_unclaimed", refused)
    [sid] = queued(tmp_path, pg_url, 1)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, drain=True, poll=0.5)
    live.thread.join(30)  # the drain check still runs: it drives the session and exits
    assert not live.thread.is_alive(), live.log
    failed = [line for line in live.log if "sweep failed" in line]
    assert len(failed) == 1, live.log  # once, not once a sweep
    assert "queuing again sessions left with no job: permission denied" in failed[0]
    assert "s3cretpw" not in "\n".join(live.log)
    assert any(line == f"ended {sid} complete" for line in live.log), live.log
