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
from test_workers_pg import chain, store_at, submit_at_once

from coordinator.store import pgqueue

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
            here.release_claim("done")
    assert lease == ("doing", "coord resume --here (t)")
    assert waiting == (0,), "a job left queued: a worker would claim the session from --here"
