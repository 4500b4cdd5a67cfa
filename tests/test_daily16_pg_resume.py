"""``coord resume`` on a shared PostgreSQL store (a real cluster, tests/pgcluster.py): the
flags a worker can honour go with the queued job (kept in its lease row, so a requeue keeps
them too) and the worker drives the session with them; those it cannot are refused in one
message; ``--here`` drives the session in this process, claimed as a worker claims it, so
that of two racing exactly one proceeds."""

from __future__ import annotations

import json
import os
import select
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from cli import coord, coord_process, finish, spawn
from kit import blocked, report, waiting_on, write_script

ASK = blocked("Payments", "the merchant id")  # no payments specialist: waits for a person


def _rows(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        return [tuple(r) for r in con.execute(sql, params).fetchall()]  # type: ignore[arg-type]


def _waiting(tmp_path: Path, url: str) -> tuple[str, Path, Path]:
    """A session of the shared store waiting for a person (started with script A, whose
    replies end there): its id, workspace and agents folder."""
    (tmp_path / "roots").mkdir()
    return waiting_on(tmp_path, url, ASK, tmp_path / "roots")


def _claim_committed(url: str) -> list[tuple[Any, ...]]:
    """The lease row once the claim of the ``--here`` resume that won has committed: the
    winner takes the session's lock a moment before its claim's transaction commits, so
    the loser can be refused (by the lock) before the row says ``doing``. Waits for that
    commit (the winner is held at its gate meanwhile), up to a minute."""
    deadline = time.monotonic() + 60
    while True:
        rows = _rows(url, "SELECT state, holder_pid IS NOT NULL FROM coordinator_jobs")
        if rows == [("doing", True)] or time.monotonic() > deadline:
            return rows
        time.sleep(0.01)  # a commit in another process: no event of ours to wait on


def _script_b(tmp_path: Path, gate: Path | None = None) -> Path:
    """Script B: the same question, then (past ``gate``, when given) a Complete report."""
    done: dict[str, Any] = {"text": report("Complete", "Charged with B")}
    if gate is not None:
        done["hold_until"] = str(gate)
    return write_script(tmp_path / "b.yaml", {"backend": [{"text": ASK}, done]})


def test_the_flags_a_worker_honours_go_with_the_job(tmp_path: Path, pg_url: str) -> None:
    sid, _, _ = _waiting(tmp_path, pg_url)
    b = _script_b(tmp_path)
    queued = coord(
        "resume", sid, "--db", pg_url, "--context", "merchant 42", "--script", b,
        "--model", "haiku",
    )  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.strip() == sid
    assert "not handed on" not in queued.stderr
    ((flags,),) = _rows(pg_url, "SELECT resume FROM coordinator_jobs WHERE session_id = %s", (sid,))
    handed = json.loads(flags)
    assert handed["script"] == str(b) and handed["provider"] == "scripted"
    assert handed["model"]
    drained = coord_process("worker", "--db", pg_url, "--workspace-root", tmp_path / "roots",
                            "--drain")  # fmt: skip
    assert drained.returncode == 0, drained.stderr
    assert f"session {sid}: with the resume's model, provider, script" in drained.stderr
    assert f"ended {sid} complete" in drained.stderr  # script A has no reply left: B's
    log = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    assert "Charged with B" in json.dumps(log)


def test_what_a_worker_cannot_honour_is_refused_in_one_message(tmp_path: Path, pg_url: str) -> None:
    sid, _, _ = _waiting(tmp_path, pg_url)
    refused = coord(
        "resume", sid, "--db", pg_url, "--context", "merchant 42",
        "--base-url", "http://127.0.0.1:9", "--otel", "--json",
    )  # fmt: skip
    assert refused.returncode == 4, refused.stderr
    first = refused.stderr.splitlines()[0]
    assert first == (
        "error: --base-url and --otel cannot be handed to the workers that drive a session"
        " of a shared store"
    )
    assert "Pass --here" in refused.stderr
    assert json.loads(refused.stdout)["exit_code"] == 4
    assert _rows(pg_url, "SELECT 1 FROM coordinator_jobs") == []  # nothing queued
    (status,) = _rows(pg_url, "SELECT status FROM sessions WHERE id = %s", (sid,))
    assert status == ("waiting",)


def test_here_takes_a_queued_session_and_drives_it_in_this_process(
    tmp_path: Path, pg_url: str
) -> None:
    """Queued while no worker runs: ``--here`` withdraws its job, claims the lease at a new
    epoch and drives it with its own flags; no worker finds it afterwards."""
    sid, _, _ = _waiting(tmp_path, pg_url)
    b = _script_b(tmp_path)
    queued = coord("resume", sid, "--db", pg_url, "--context", "merchant 42", "--script", b)
    assert queued.returncode == 0, queued.stderr
    here = coord("resume", sid, "--db", pg_url, "--here", "--script", b, "--json")
    assert here.returncode == 0, here.stderr
    assert json.loads(here.stdout)["status"] == "complete"
    lease = _rows(pg_url, "SELECT state, epoch, worker FROM coordinator_jobs")
    assert lease[0][:2] == ("done", 1) and lease[0][2].startswith("coord resume --here (")
    jobs = _rows(pg_url, "SELECT status FROM procrastinate_jobs WHERE status IN ('todo', 'doing')")
    assert jobs == []


@pytest.mark.parametrize("answer", [True, False], ids=["answered", "interrupted"])
def test_two_racing_here_resumes_exactly_one_proceeds(
    tmp_path: Path, pg_url: str, answer: bool
) -> None:
    sid, _, _ = _waiting(tmp_path, pg_url)
    gate = tmp_path / "gate"
    b = _script_b(tmp_path, gate)
    if not answer:  # an interrupted session: answered, queued, and no worker ran it
        coord("resume", sid, "--db", pg_url, "--context", "merchant 42", "--script", b)
    args = ["resume", sid, "--db", pg_url, "--here", "--script", str(b), "--json"]
    args += ["--context", "merchant 42"] if answer else []
    procs = [spawn(*args) for _ in range(2)]
    try:
        out = {p.stdout.fileno(): p for p in procs if p.stdout is not None}
        ready, _, _ = select.select(list(out), [], [], 120)  # the loser ends; the winner waits
        assert ready, "neither resume ended"
        loser = out[ready[0]]
        winner = next(p for p in procs if p is not loser)
        said = finish(loser)
        assert loser.returncode == 4, said
        assert f"error: session {sid} is in use by another process" in said[1]
        assert json.loads(said[0])["exit_code"] == 4
        assert winner.poll() is None  # still driving, held at the gate
        assert _claim_committed(pg_url) == [("doing", True)]
        gate.touch()
        won = finish(winner)
        assert winner.returncode == 0, won
        assert json.loads(won[0])["status"] == "complete"
    finally:
        for p in procs:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                p.wait(timeout=120)
    calls = _rows(pg_url, "SELECT COUNT(*) FROM events WHERE kind = 'model_call'")
    assert calls == [(2,)]  # the question, then one Complete: nobody drove it twice


def test_a_here_resume_killed_leaves_the_session_resumable_and_removable(
    tmp_path: Path, pg_url: str
) -> None:
    """kill -9 of ``coord resume --here`` mid-drive: its advisory lock and its lease's
    holder go with its connection, so the session is interrupted at once, ``sessions rm``
    may remove it, and the next ``--here`` claims it at a new epoch and completes it."""
    from coordinator.store.pg import PgStore

    sid, _, _ = _waiting(tmp_path, pg_url)
    gate = tmp_path / "gate"
    b = _script_b(tmp_path, gate)
    proc = spawn("resume", sid, "--db", pg_url, "--here", "--script", b, "--context", "42")
    try:
        _wait_for(pg_url, "SELECT 1 FROM sessions WHERE status = 'running'")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=120)
    listed = json.loads(coord("sessions", "--json", "--db", pg_url).stdout)
    assert [s["status"] for s in listed] == ["interrupted"]
    store = PgStore.connect(pg_url, timeout=5)
    try:
        assert store.busy_sessions([sid]) == {}
    finally:
        store.close()
    gate.touch()
    again = coord("resume", sid, "--db", pg_url, "--here", "--script", b, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "complete"
    assert _rows(pg_url, "SELECT state, epoch FROM coordinator_jobs") == [("done", 2)]


def _wait_for(url: str, sql: str) -> None:
    """Return once ``sql`` finds a row (polled in the server, 5 ms apart: 60 s at most)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for _ in range(12000):
            if con.execute(sql).fetchone() is not None:  # type: ignore[arg-type]
                return
            con.execute("SELECT pg_sleep(0.005)")
    raise AssertionError(f"no row for {sql}")
