"""ops107: a team on shared workers (a real cluster, tests/pgcluster.py). A session whose
worker was killed (kill -9) and which a sweep handed back to the queue waits for a worker:
``coord sessions`` and ``coord log`` show it queued, not interrupted."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from cli import coord
from kit import write_agents, write_script
from test_team47_workers_pg import peer_sweep
from test_workers_pg import chain, line_with, submit, worker

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def wait_no_worker_connections(url: str) -> None:
    """Return once no ``coord worker`` connection is left on the server (a killed worker's
    backends end a moment after the process)."""
    import psycopg

    left = (
        "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity"
        " WHERE application_name LIKE 'coord worker %%')"
    )
    with psycopg.connect(url, autocommit=True) as con:
        for _ in range(4000):
            if con.execute(left).fetchone() == (True,):
                return
            con.execute("SELECT pg_sleep(0.005)")  # a poll of the database, not a wait for it
    raise AssertionError("the killed worker's connections did not end")


def test_a_session_handed_on_from_a_killed_worker_is_shown_queued(
    tmp_path: Path, pg_url: str
) -> None:
    """Before: its lease still named the dead worker (``doing``), so with no free worker to
    take its job at once, ``coord sessions`` listed it ``interrupted`` (``--status running``
    left it out) and ``coord log`` said ``Continue with: coord resume``, while it waited in
    the queue to be driven."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "never"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    roots = tmp_path / "roots"
    roots.mkdir()
    victim = worker(pg_url, tmp_path, "--lease", "60")
    try:
        line_with(victim, " ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        line_with(victim, f"driving {sid} epoch 1")  # held in its first model call
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=120)  # a safety net: the SIGKILL ends it
    finally:
        if victim.poll() is None:
            victim.kill()
    wait_no_worker_connections(pg_url)
    assert peer_sweep(pg_url, roots, 60.0) == [sid]  # handed on; no worker runs to take it
    listed = coord("sessions", "--db", pg_url, "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["status"], row["worker"]) == ("running", None)
    assert row["queued_at"] is not None
    running = coord("sessions", "--db", pg_url, "--status", "running")
    assert sid in running.stdout and "running (queued " in running.stdout
    log = coord("log", sid, "--db", pg_url)
    assert log.returncode == 0, log.stderr
    assert "running (queued, no worker has taken it for " in log.stdout
    assert "interrupted" not in log.stdout
