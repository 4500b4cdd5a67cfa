"""ops103: a ``coord resume --here`` whose database connection alone was cut (its backend
ended with ``pg_terminate_backend``, the process alive, in a model call) was taken for a
killed one: the workers' sweep queued its session again (ops100), and the live process,
reconnecting at its next write, found the lease one epoch on and stopped with "claimed by
another worker", its model call's reply (paid) lost, even when no worker had taken the
session. It now claims it anew while no worker has (its queued job withdrawn, as
``claim_here`` does) and goes on, storing that reply; when a worker has taken it, it stops
in one line naming it, writing nothing (test_review101_pg's live ``--here`` test). Real
PostgreSQL, a real ``coord`` process."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from cli import finish, spawn
from kit import write_agents, write_script
from test_ops88_unclaimed_pg import until
from test_ops95_sweep_pg import gone, sweep
from test_workers_pg import chain, check_nothing_repeated, submit_at_once

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

#: Hop 1's tool has run: the resume is held in its second model call.
IN_SECOND_CALL = "SELECT EXISTS (SELECT 1 FROM tool_calls WHERE state = 'done')"


def held_here(tmp_path: Path, pg_url: str) -> tuple[str, Path, object]:
    """A session (2 hops) resumed with ``--here`` in its own process, held in its second
    model call until ``gate`` exists, its store's backend then ended (the process lives on)
    and gone: its id, the gate and the process."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    gate = tmp_path / "gate"
    first, second, done = chain(hops=2, latency_ms=0)["backend"]
    held = write_script(
        tmp_path / "held.yaml", {"backend": [first, {**second, "hold_until": str(gate)}, done]}
    )
    proc = spawn("resume", sid, "--db", pg_url, "--here", "--script", held)
    with psycopg.connect(pg_url, autocommit=True) as con:
        until(con, IN_SECOND_CALL)
        [pid] = con.execute("SELECT holder_pid FROM coordinator_jobs").fetchone() or [None]
        con.execute("SELECT pg_terminate_backend(%s)", (pid,))
        gone(con, pid)
    return sid, gate, proc


def test_a_here_resume_whose_connection_was_cut_claims_it_again_and_goes_on(
    tmp_path: Path, pg_url: str
) -> None:
    sid, gate, proc = held_here(tmp_path, pg_url)
    [requeued] = sweep(pg_url, tmp_path / "roots")  # taken for a killed --here's (ops100)
    assert requeued.session_id == sid
    gate.touch()
    out, err = finish(proc)  # type: ignore[arg-type]
    assert proc.returncode == 0, err  # type: ignore[attr-defined]
    assert "complete" in out and "Traceback" not in err
    check_nothing_repeated(pg_url, [sid], hops=2)  # the held call's reply stored, once
    with psycopg.connect(pg_url, autocommit=True) as con:
        jobs = con.execute("SELECT status FROM procrastinate_jobs ORDER BY id").fetchall()
        lease = con.execute("SELECT state, epoch FROM coordinator_jobs").fetchone()
    assert jobs == []  # the sweep's job withdrawn (deleted): no worker drives it
    assert lease == ("done", 3)  # --here's claim, the sweep's requeue, the claim anew
