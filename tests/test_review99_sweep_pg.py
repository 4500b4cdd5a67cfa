"""review99: holes left in ops95's sweep (``worker._sweep``, ``SessionJobs``).

* A ``--drain`` worker's drain check ran even when the look for sessions left with no job
  had just failed (each check on its own since ops95): one passing failure of that look
  (a connection of the pool ended, a statement cancelled) and the worker stopped "drained"
  while a session whose every job attempt failed before a claim was still waiting, with no
  job left to drive it. The drain check now counts those sessions (and claims left with no
  job and no holder) as left to drain.
* A check's failure during an outage was kept, silently, as already told, and only the
  hand-on of dead workers' sessions ended an outage: after any warning of psycopg's pool, a
  lasting fault of that hand-on was never told (nor any other check's that failed the same
  way during the outage). An outage now ends at any check that reaches the database, and a
  failure met during it is told once it ends.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import psycopg
import pytest
from test_ops95_sweep_pg import claim_reply_lost, queued, set_jobs
from test_workers_pg import InProcessWorker, check_nothing_repeated

from coordinator.runtime.outage import Outage
from coordinator.runtime.worker import SweepCheck, SweepChecks
from coordinator.store import pgqueue

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def fail_first_look(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sweep's look for sessions left with no job fails once (a passing fault), then
    looks as before; how many times it was called."""
    calls: list[int] = []
    real = pgqueue.SessionJobs.requeue_unclaimed

    async def flaky(self: pgqueue.SessionJobs) -> list[pgqueue.Requeued]:
        calls.append(1)
        if len(calls) == 1:
            raise psycopg.OperationalError("the connection is lost")
        return await real(self)

    monkeypatch.setattr(pgqueue.SessionJobs, "requeue_unclaimed", flaky)
    return calls


@pytest.mark.parametrize("left", ["unclaimed", "orphaned"])
def test_a_drain_worker_does_not_stop_on_one_failed_look_for_sessions_left_with_no_job(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, left: str
) -> None:
    [sid] = queued(tmp_path, pg_url, 1)
    if left == "unclaimed":  # its five attempts refused before a claim
        with psycopg.connect(pg_url, autocommit=True) as con:
            set_jobs(con, sid, "failed")
    else:  # claimed on the last attempt, the reply lost with the connection
        claim_reply_lost(pg_url, sid, "box:4242:0a1b2c")
    calls = fail_first_look(monkeypatch)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, drain=True, poll=0.5)
    live.thread.join(60)
    assert not live.thread.is_alive(), live.log
    assert calls, live.log
    assert f"ended {sid} complete" in live.log, live.log  # driven before it drained
    check_nothing_repeated(pg_url, [sid], hops=1)


def test_a_lasting_failure_met_during_an_outage_is_told_once_the_database_is_reached() -> None:
    lines: list[str] = []
    outage = Outage(lines.append)
    outage.emit(
        logging.LogRecord("psycopg.pool", logging.WARNING, "", 0, "error connecting", (), None)
    )
    checks = SweepChecks(lines.append, outage)

    async def refused() -> None:
        raise psycopg.errors.InsufficientPrivilege("permission denied for function retry_job")

    async def registered() -> bool:
        return True

    async def sweep() -> None:
        assert await checks.run(SweepCheck.DEAD, refused()) is None  # during the outage
        assert await checks.run(SweepCheck.PRUNED, registered()) is True  # reached
        for _ in range(3):
            assert await checks.run(SweepCheck.DEAD, refused()) is None

    asyncio.run(sweep())
    assert lines[1:] == [
        "the session database is reachable again",
        f"sweep failed {SweepCheck.DEAD}: permission denied for function retry_job; the"
        " sweep's other checks go on",
    ], lines
