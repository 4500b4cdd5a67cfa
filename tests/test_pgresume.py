"""kill -9 of ``coord run --db postgresql://…`` mid-chain, then ``coord resume``: the dead
process's advisory lock went with its connection (the session is interrupted at once), and the
resume, as on any shared store, queues the session for the workers: it says so, and when it
resumes, never a bare id; a worker then completes it without repeating anything."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import zygote
from cli import coord, coord_process
from kit import consult_chain as chain
from kit import workspace, write_agents, write_script


def wait_for_row(url: str, sql: str) -> None:
    """Return once ``sql`` finds a row (polled in the server, 5 ms apart: 60 s at most)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for _ in range(12000):
            try:
                if con.execute(sql).fetchone() is not None:  # type: ignore[arg-type]
                    return
            except psycopg.errors.UndefinedTable:
                pass  # coord run has not made the tables yet
            con.execute("SELECT pg_sleep(0.005)")
    raise AssertionError(f"no row for {sql}")


def fetch_one(url: str, sql: str) -> tuple[Any, ...]:
    """The one row ``sql`` finds."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute(sql).fetchone()  # type: ignore[arg-type]
    assert row is not None, sql
    return tuple(row)


def killed_mid_chain(tmp_path: Path, url: str) -> tuple[Path, Path]:
    """A real ``coord run --db URL`` of the chain, SIGKILLed once the consultant's Read is
    committed (its next model call in flight, for an hour): the workspace and agents."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    hang = write_script(tmp_path / "hang.yaml", chain(latency_ms=3_600_000))  # until killed
    args = [
        "run", "Add a task endpoint", "--agent", "backend", "--workspace", ws, "--db", url,
        "--agents-dir", agents, "--only", "--provider", "scripted", "--script", hang, "--json",
    ]  # fmt: skip
    # a real process of its own (forked by the test zygote: kill -9 ends it as any process)
    command = [sys.executable, "-m", "coordinator", *map(str, args)]
    proc = zygote.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        read = "SELECT 1 FROM events WHERE kind = 'tool_result' AND data LIKE '%\"Read\"%'"
        wait_for_row(url, read)
        (sid,) = fetch_one(url, "SELECT id FROM sessions")
        busy = coord("resume", sid, "--db", url)  # refused while the live process drives it
        assert busy.returncode == 4, (busy.stdout, busy.stderr)
        assert f"session {sid} is in use by another process" in busy.stderr
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # (also when the wait failed: it would hang)
        proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    return ws, agents


def test_pg_sigkill_mid_chain_then_resume_says_it_is_queued_and_a_worker_completes_it(
    tmp_path: Path, pg_url: str
) -> None:
    ws, _ = killed_mid_chain(tmp_path, pg_url)
    listed = json.loads(coord("sessions", "--json", "--db", pg_url).stdout)
    assert [s["status"] for s in listed] == ["interrupted"]  # its lock went with the process
    sid = listed[0]["session"]

    # the worker drives it with the session's remembered script: no hour-long reply now
    fast = write_script(tmp_path / "hang.yaml", chain(latency_ms=0))
    queued = coord("resume", sid, "--db", pg_url, "--script", fast)
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.strip() == sid  # the id alone on stdout, as `run --detach` prints
    said = " ".join(queued.stderr.split())
    assert f"session {sid} is queued for the workers" in said  # never a bare id
    assert "no worker has sent a heartbeat in the last 5 s, so nothing drives it yet" in said
    assert f"start one: coord worker --db {pg_url} --workspace-root {ws} --drain" in said
    assert "not handed on" not in said  # the worker drives with this --script (daily16)

    again = coord("resume", sid, "--db", pg_url, "--script", fast, "--json")
    out = json.loads(again.stdout)
    assert (again.returncode, out["status"], out["exit_code"]) == (0, "running", 0)
    assert "nothing drives it yet" in out["reason"]

    drained = coord_process("worker", "--db", pg_url, "--workspace-root", ws, "--drain")
    assert drained.returncode == 0, drained.stderr
    ended = json.loads(coord("sessions", "--json", "--db", pg_url).stdout)
    assert [s["status"] for s in ended] == ["complete"]
    main = (ws / "app/main.py").read_text()
    assert main.count("# before-consult") == 1 and main.count("# after-resume") == 1
    import psycopg

    with psycopg.connect(pg_url) as con:
        calls = con.execute(
            "SELECT r.agent, COUNT(*) FROM events e JOIN runs r ON r.id = e.run_id"
            " WHERE e.kind = 'model_call' GROUP BY r.agent ORDER BY r.agent"
        ).fetchall()
    assert calls == [("backend", 4), ("dba", 2)]  # no completed model call was repeated


def test_a_session_its_worker_was_driving_when_killed_resumes_once(
    tmp_path: Path, pg_url: str
) -> None:
    """kill -9 of the ``coord worker`` driving a session, then ``coord resume``: queued again
    (the dead worker's job is swept), completed once by the next worker, nothing repeated."""
    (tmp_path / "roots").mkdir()
    ws, agents = workspace(tmp_path / "roots"), write_agents(tmp_path / "agents")
    hang = write_script(tmp_path / "hang.yaml", chain(latency_ms=3_600_000))  # until killed
    ran = coord(
        "run", "Add a task endpoint", "--agent", "backend", "--workspace", ws, "--db", pg_url,
        "--agents-dir", agents, "--only", "--provider", "scripted", "--script", hang, "--detach",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sid = ran.stdout.strip()
    roots = str(tmp_path / "roots")
    command = [sys.executable, "-m", "coordinator", "worker", "--db", pg_url]
    worker = zygote.Popen(  # a real process (forked by the test zygote), killed with -9 below
        [*command, "--workspace-root", roots, "--lease", "60"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_row(
            pg_url, "SELECT 1 FROM events WHERE kind = 'tool_result' AND data LIKE '%Read%'"
        )
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=120)
    write_script(tmp_path / "hang.yaml", chain(latency_ms=0))  # the next worker's replies

    queued = coord("resume", sid, "--db", pg_url)
    assert queued.returncode == 0, queued.stderr
    assert f"session {sid} is queued for the workers" in " ".join(queued.stderr.split())
    drained = coord_process("worker", "--db", pg_url, "--workspace-root", roots, "--drain")
    assert drained.returncode == 0, drained.stderr
    assert "requeued 1 session of dead workers" in drained.stderr
    assert drained.stderr.count(f"ended {sid} complete") == 1
    main = (ws / "app/main.py").read_text()
    assert main.count("# before-consult") == 1 and main.count("# after-resume") == 1
