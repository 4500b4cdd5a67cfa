"""ops100: a ``coord resume --here`` killed with kill -9 left its session's lease ``doing``:
the workers' sweep passed over every ``--here`` claim by name (it drives with no job, and
a server restart ends its connection while it lives), so the session waited for a person's
``coord resume``. The sweep now tells a dead ``--here`` from a restart as it tells a killed
worker: its holder's connection gone while its claim is younger than the server. A live one
(connected, or one whose claim predates a restart: it takes it up again) is never taken.
On SQLite, where a resume always drives in its process, a killed one leaves the session for
the next ``coord resume``, which goes on with nothing repeated."""

from __future__ import annotations

import os
import signal
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from cli import coord, spawn
from kit import write_agents, write_script
from test_ops88_unclaimed_pg import until
from test_ops95_sweep_pg import sweep
from test_workers_pg import MARK, InProcessWorker, chain, check_nothing_repeated, submit_at_once

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def edit(n: int) -> dict[str, object]:
    return {"file_path": "effects.log", "old_string": MARK, "new_string": f"{MARK}\nhop {n}"}


def held_in_second_call(tmp: Path) -> Path:
    """The resume's script: hop 1's Edit, then a model call answered only once ``gate``
    exists (never: the process is killed in it)."""
    gate = tmp / "gate"
    return write_script(
        tmp / "held.yaml",
        {"backend": [
            {"tool_calls": [{"name": "Edit", "input": edit(1)}]},
            {"hold_until": str(gate), "tool_calls": [{"name": "Edit", "input": edit(2)}]},
        ]},
    )  # fmt: skip


DONE = "SELECT true FROM tool_calls WHERE state = 'done'"


def test_a_killed_here_resume_is_queued_again_by_the_sweep_and_driven_once(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    held = held_in_second_call(tmp_path)
    args: list[str | Path] = ["resume", sid, "--db", pg_url, "--here", "--script", held]
    proc = spawn(*args)
    try:
        with psycopg.connect(pg_url, autocommit=True) as con:
            until(con, DONE)
            # alive (its holder connected): no sweep takes it
            assert sweep(pg_url, tmp_path / "roots") == []
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=120)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5)
    try:
        again = live.line_with(f"queued {sid} again", timeout=30)
        live.line_with(f"ended {sid} complete", timeout=60)
    finally:
        live.stop()
    assert again.startswith(f"queued {sid} again: it was left claimed by coord resume --here ("), (
        again
    )
    assert again.endswith("whose connection is gone, with no job to drive it; its new job runs now")
    check_nothing_repeated(pg_url, [sid], hops=2)  # hop 1 by --here, hop 2 by the worker
    with psycopg.connect(pg_url, autocommit=True) as con:
        epoch = con.execute("SELECT epoch FROM coordinator_jobs").fetchone()
    assert epoch == (3,)  # --here's claim, the sweep's requeue (fencing), the worker's


def test_a_here_claim_older_than_the_server_is_left_for_its_process(
    tmp_path: Path, pg_url: str
) -> None:
    """After a restart every holder is gone; a live ``--here`` takes its claim up again once
    its call in flight returns: until then its claim predates the server, and stays."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    from test_workers_pg import store_at

    store = store_at(pg_url)
    store.claim_here(sid, "coord resume --here (box:1)")
    store._pg.raw.close()  # its connections ended with the server's restart
    store._keep(None)  # (ops103: its keeper too)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(
            "UPDATE coordinator_jobs SET heartbeat_at = pg_postmaster_start_time()"
            " - interval '1 second'"
        )
        until(con, "SELECT count(*) = 1 FROM pg_stat_activity WHERE datname = current_database()")
    assert sweep(pg_url, tmp_path / "roots") == []
    with psycopg.connect(pg_url, autocommit=True) as con:
        lease = con.execute("SELECT state, epoch FROM coordinator_jobs").fetchone()
    assert lease == ("doing", 1)


def test_sqlite_a_killed_resume_leaves_the_session_for_the_next_resume(tmp_path: Path) -> None:
    """SQLite (no workers, no ``--here``: a resume drives in its process): kill -9 of
    ``coord resume`` in a model call after its tool ran; its lock dies with it, and the next
    ``coord resume`` goes on from what was stored, nothing repeated."""
    import sqlite3

    from kit import blocked, report

    ask = blocked("Payments", "the merchant id")  # no payments specialist: a person answers
    agents = write_agents(tmp_path / "agents", "backend")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "effects.log").write_text(MARK + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    turns: list[dict[str, object]] = [
        {"tool_calls": [{"name": "Edit", "input": edit(1)}]},
        {"text": ask},
        {"tool_calls": [{"name": "Edit", "input": edit(2)}]},
        {"text": report("Complete", "Done")},
    ]
    full = write_script(tmp_path / "full.yaml", {"backend": turns})
    first = write_script(tmp_path / "first.yaml", {"backend": turns[:2]})
    held = write_script(  # the resume's second call answered only past a gate never made
        tmp_path / "held.yaml",
        {"backend": [*turns[:3], {**turns[3], "hold_until": str(tmp_path / "gate")}]},
    )
    common: list[str | Path] = ["--agents-dir", agents, "--only", "--db", db, "--json"]
    ran = coord("run", "task", "--agent", "backend", "--workspace", ws, "--script", first,
                *common)  # fmt: skip
    assert ran.returncode == 3, ran.stderr  # waits for the merchant id
    proc = spawn("resume", "--workspace", ws, "--context", "42", "--script", held, *common)
    try:
        with closing(sqlite3.connect(db)) as lite:  # (the row is the event waited for)
            while lite.execute(SECOND_DONE).fetchone() is None:
                pass  # (hop 2's Edit stored done: the resume is in its next model call)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=120)
    resumed = coord("resume", "--workspace", ws, "--script", full, *common)
    assert resumed.returncode == 0, resumed.stderr
    lines = (ws / "effects.log").read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(lines) == ["hop 1", "hop 2"]


SECOND_DONE = "SELECT 1 FROM tool_calls WHERE state = 'done' LIMIT 1 OFFSET 1"


#: ``PgStore.enqueue``'s lease statement before ops95 (33a2c64e): an older coord's ``coord
#: resume`` on a store this one upgraded, which knows nothing of the failure count.
OLDER_ENQUEUE = (
    "INSERT INTO coordinator_jobs (session_id, workspace, state, resume)"
    " SELECT id, workspace, 'todo', %s FROM sessions WHERE id = %s"
    " ON CONFLICT (session_id) DO UPDATE SET state = 'todo', error = NULL,"
    " queued_at = now(), resume = EXCLUDED.resume RETURNING workspace"
)


def test_a_session_an_older_coord_resumed_after_a_give_up_is_tried_again_not_given_up(
    tmp_path: Path, pg_url: str
) -> None:
    from test_ops95_sweep_pg import queued, set_jobs

    from coordinator.store import pgqueue

    [sid] = queued(tmp_path, pg_url, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE coordinator_jobs SET failures = %s", (pgqueue.REQUEUE_MAX_FAILED - 1,))
        set_jobs(con, sid, "failed")
        [gave_up] = sweep(pg_url, tmp_path / "roots")
        assert gave_up.ended == pgqueue.gave_up(pgqueue.REQUEUE_MAX_FAILED)
        with con.transaction():  # `coord resume ID` of an older coord
            [(ws,)] = con.execute(OLDER_ENQUEUE, (None, sid)).fetchall()
            pgqueue.defer(con, sid, ws)
        set_jobs(con, sid, "failed")  # its new job's attempts refused too (an outage)
    # tried again after the first wait, as after a resume of this coord; not given up at once
    assert sweep(pg_url, tmp_path / "roots") == [pgqueue.Requeued(sid, 1, 2.0)]
