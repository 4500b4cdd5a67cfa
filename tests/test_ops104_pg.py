"""ops104: a team running many chains on shared workers (two or three `coord worker`s, several
submitters) paid model calls twice, and one submitter's batch held another's chains back:

- a worker whose store connection alone the server ended (``pg_terminate_backend``, an idle
  timeout) had its session handed on by the sweep at once, as a killed worker's, though it
  lived and went on: the next driver (a peer, or its own free slot) made the model call in
  flight again;
- a worker back from an outage (its queue pool reconnects with a growing backoff, its
  heartbeat stale meanwhile) fetched new jobs that another worker's sweep of stalled
  workers handed on at once: each first model call paid twice;
- the fetch was first in, first out: a team's 40 queued chains held another team's 2 until
  every one of theirs had started.
"""

from __future__ import annotations

import asyncio
import signal
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import write_agents, write_script
from test_team47_workers_pg import peer_sweep
from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def holder_of(url: str, session_id: str) -> tuple[int, int]:
    """The backend pid holding the session's claim, and the claim's epoch."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute(
            "SELECT holder_pid, epoch FROM coordinator_jobs WHERE session_id = %s", (session_id,)
        ).fetchone()
    assert row is not None and row[0] is not None, row
    return int(row[0]), int(row[1])


def end_backend(url: str, pid: int) -> None:
    """``pg_terminate_backend`` of one connection, returning once the server has ended it
    (a sweep run before then would find the holder alive, whatever the code)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        assert con.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        while con.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            con.execute("SELECT pg_sleep(0.02)")  # a poll of the database, not a wait for it


def until_in_flight(gate: Path, live: InProcessWorker) -> None:
    """Return once the held model call is in flight (the scripted provider made
    ``GATE.held``): the worker's connection then sits idle, between two writes."""
    held = gate.with_name(gate.name + ".held")
    while not held.exists():
        assert live.thread.is_alive(), live.log
        time.sleep(0.02)  # a file the worker's thread makes: nothing of ours to wait on


def test_a_worker_whose_store_connection_alone_was_cut_keeps_its_session(
    tmp_path: Path, pg_url: str
) -> None:
    """The server ends the connection a worker drives a session on, its model call in
    flight; the worker's queue connections stand. No sweep hands the session on (before: a
    peer's sweep, or the worker's own, did at once, and the next driver made the call
    again); the worker opens its connection again, stores the reply and ends the session,
    its claim never taken over (epoch 1)."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    roots, lease = tmp_path / "roots", 5.0
    roots.mkdir()
    live = InProcessWorker(pg_url, roots, lease=lease, concurrency=2)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"driving {sid} epoch 1")
        until_in_flight(gate, live)
        pid, _ = holder_of(pg_url, sid)
        end_backend(pg_url, pid)
        assert peer_sweep(pg_url, roots, lease) == []  # the worker lives: nothing handed on
        gate.touch()
        live.line_with(f"ended {sid} complete")
    finally:
        gate.touch()
        live.stop()
    assert not [ln for ln in live.log if "requeued" in ln or "fenced" in ln], live.log
    check_nothing_repeated(pg_url, [sid], hops=1)
    with closing(store_at(pg_url)) as store:
        assert [j["epoch"] for j in store.jobs()] == [1]  # driven once, by one claim


def queue_of(url: str, jobs: list[tuple[str, str]]) -> int:
    """A database with the coordinator's tables, the sessions' jobs ``(session, workspace)``
    queued in that order (as `coord run --detach` defers them), and a registered worker
    whose heartbeat is an hour old (one back from an outage): its id."""
    import psycopg

    from coordinator.store import pgqueue

    store_at(url).close()  # creates the tables, Procrastinate's too
    with psycopg.connect(url) as con:
        for session_id, workspace in jobs:
            assert pgqueue.defer(con, session_id, workspace)
        row = con.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat)"
            " VALUES (now() - interval '1 hour') RETURNING id"
        ).fetchone()
    assert row is not None
    return int(row[0])


def fetch(url: str, root: Path, worker_id: int, times: int) -> list[str]:
    """The sessions whose jobs worker ``worker_id``'s fetch takes, ``times`` fetches in a row
    (none finished meanwhile: each slot of the worker still drives its session)."""
    from procrastinate import App, PsycopgConnector

    from coordinator.store import pgqueue

    roots = [root.resolve()]

    async def take() -> list[str]:
        app = App(connector=PsycopgConnector(conninfo=url))
        async with app.open_async():
            jobs = pgqueue.SessionJobs(app.connector, roots)
            got: list[Any] = [await jobs.fetch_job(None, worker_id) for _ in range(times)]
        return [pgqueue.locked_session(j.lock) if j else "" for j in got]

    return asyncio.run(take())


def test_a_job_fetched_refreshes_its_workers_heartbeat(tmp_path: Path, pg_url: str) -> None:
    """A worker whose heartbeat went stale while it was cut off takes a job when it is back:
    the fetch refreshes its heartbeat in the same statement, so a peer's sweep of stalled
    workers does not hand that job on (before: at once, while the worker drove it)."""
    roots = tmp_path / "roots"
    (roots / "ws").mkdir(parents=True)
    worker_id = queue_of(pg_url, [("s1", str((roots / "ws").resolve()))])
    assert fetch(pg_url, roots, worker_id, 1) == ["s1"]
    assert peer_sweep(pg_url, roots, 5.0) == []


def test_the_fetch_is_fair_between_workspaces(tmp_path: Path, pg_url: str) -> None:
    """One team queues 4 chains in its workspace, then another team 2 in theirs: a worker's
    next slots take the other team's first (no session of its workspace is being driven),
    not all of the first team's before (first in, first out)."""
    roots = tmp_path / "roots"
    alice, bob = (roots / "alice").resolve(), (roots / "bob").resolve()
    alice.mkdir(parents=True)
    bob.mkdir()
    queued = [(f"a{i}", str(alice)) for i in range(1, 5)] + [("b1", str(bob)), ("b2", str(bob))]
    worker_id = queue_of(pg_url, queued)
    assert fetch(pg_url, roots, worker_id, 6) == ["a1", "b1", "a2", "b2", "a3", "a4"]


def stale_heartbeats(url: str) -> None:
    """Every worker's heartbeat an hour old, as an outage that long leaves them when the
    server is back (no worker could beat meanwhile)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'")


def test_after_an_outage_the_workers_are_given_a_lease_to_beat_again(tmp_path: Path) -> None:
    """The server is back after an outage longer than the lease, the worker driving a
    session not beating yet (paused here; a pool reconnecting after a growing backoff, in
    life) while its model call is in flight: a peer's sweep does not take it for stalled
    until the server has been up a lease (before: it handed the session on at once, and the
    worker that took it made the call again). The worker goes on at epoch 1, each call made
    once."""
    from pgcluster import _bindir, private_cluster
    from test_ops67_pg import HOPS, held_session, restart_server
    from test_workers_pg import call_held, line_with, worker

    if _bindir() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    with private_cluster() as url:
        sid, gate = held_session(tmp_path, url)
        proc = worker(url, tmp_path, "--lease", "60", "--concurrency", "2")
        seen: list[str] = []
        try:
            line_with(proc, f"driving {sid} epoch 1", seen)
            call_held(gate)
            proc.send_signal(signal.SIGSTOP)
            restart_server(url)
            stale_heartbeats(url)
            assert peer_sweep(url, tmp_path / "roots", 60.0) == []  # up < 60 s: it may beat
            proc.send_signal(signal.SIGCONT)
            gate.touch()
            line_with(proc, f"ended {sid} ", seen)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
        finally:
            proc.send_signal(signal.SIGCONT)
            gate.touch()
            proc.kill()
        assert seen[-1].strip() == f"ended {sid} complete", seen
        check_nothing_repeated(url, [sid], hops=HOPS)
        with closing(store_at(url)) as store:
            assert [j["epoch"] for j in store.jobs()] == [1]
