"""ops103: a ``coord resume --here`` whose database connection alone was cut (its backend
ended with ``pg_terminate_backend``, the process alive, in a model call) was taken for a
killed one: the workers' sweep queued its session again (ops100) and a worker made its model
call again (paid twice); the live process, reconnecting at its next write, found the lease
one epoch on and stopped with "claimed by another worker", its reply lost, even when no
worker had taken the session. Now a ``--here`` keeps a second, idle connection named for
the session while it holds the claim: with it there the sweep leaves the claim, and the
process opens its store connection again at its next write and goes on. With both ended
(an idle timeout ends both), the sweep queues it again and the process claims it anew
while no worker has (the queued job withdrawn, as ``claim_here`` does); when a worker has
taken it, it stops in one line naming it, writing nothing (test_review101_pg's live
``--here`` test). Real PostgreSQL, a real ``coord`` process."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from cli import finish, spawn
from kit import write_agents, write_script
from test_ops70_stop_pg import wait_for
from test_ops88_unclaimed_pg import until
from test_ops95_sweep_pg import gone, sweep
from test_workers_pg import chain, check_nothing_repeated, submit_at_once

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

#: Hop 1's tool has run: the resume is held in its second model call.
IN_SECOND_CALL = "SELECT EXISTS (SELECT 1 FROM tool_calls WHERE state = 'done')"


def held_here(tmp_path: Path, pg_url: str, *, keeper_too: bool) -> tuple[str, Path, object]:
    """A session (2 hops) resumed with ``--here`` in its own process, held in its second
    model call until ``gate`` exists, its store's backend then ended (``keeper_too``: its
    keeper's as well) and gone, the process living on: its id, the gate and the process."""
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
        wait_for(tmp_path / "gate.held")  # in its call, every write before it committed
        ended = con.execute(
            "SELECT pg_terminate_backend(a.pid), a.pid FROM pg_stat_activity AS a"
            " JOIN coordinator_jobs AS c ON a.pid = c.holder_pid"
            " OR (%s AND a.application_name = 'coord resume --here ' || c.session_id)",
            (keeper_too,),
        ).fetchall()
        assert len(ended) == (2 if keeper_too else 1), ended
        for _, pid in ended:
            gone(con, pid)
    return sid, gate, proc


def test_a_here_resume_whose_store_connection_was_cut_is_left_to_it_and_goes_on(
    tmp_path: Path, pg_url: str
) -> None:
    sid, gate, proc = held_here(tmp_path, pg_url, keeper_too=False)
    assert sweep(pg_url, tmp_path / "roots") == []  # its keeper is there: it lives
    gate.touch()
    out, err = finish(proc)  # type: ignore[arg-type]
    assert proc.returncode == 0, err  # type: ignore[attr-defined]
    assert "complete" in out and "Traceback" not in err
    check_nothing_repeated(pg_url, [sid], hops=2)  # the held call's reply stored, once
    with psycopg.connect(pg_url, autocommit=True) as con:
        lease = con.execute("SELECT state, epoch FROM coordinator_jobs").fetchone()
        keepers = con.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'coord resume%%'"
        ).fetchone()
    assert lease == ("done", 1)  # its own claim, taken up again on the new connection
    assert keepers == (0,)  # closed with its claim


def test_one_whose_connections_were_all_cut_claims_it_again_and_goes_on(
    tmp_path: Path, pg_url: str
) -> None:
    sid, gate, proc = held_here(tmp_path, pg_url, keeper_too=True)
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
