"""ops103: a ``coord run`` on a shared store (driving its session here, under the session's
advisory lock: no claim) whose database connection alone the server ended in a model call
(``pg_terminate_backend``, an idle timeout) failed at its next write ("terminating connection
due to administrator command", exit 4): the reply it had paid for was lost, and the session
left for a ``coord resume`` that made that call again. It opens its connection again at that
write, takes its lock again and goes on; a session another process resumed meanwhile is let
go in one line, nothing written. Real PostgreSQL, a real ``coord`` process."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest
from cli import coord, finish, spawn
from kit import write_agents, write_script
from test_ops70_stop_pg import wait_for
from test_ops88_unclaimed_pg import until
from test_ops95_sweep_pg import gone
from test_workers_pg import MARK, chain

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def held_run(tmp_path: Path, pg_url: str) -> tuple[subprocess.Popen[str], Path]:
    """``coord run`` of a 2-hop chain on the store ``pg_url``, held in its second model
    call until ``gate`` exists, its connection then ended by the server (the process lives
    on): the process and the gate."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "gate"
    first, second, done = chain(hops=2, latency_ms=0)["backend"]
    held = write_script(
        tmp_path / "held.yaml", {"backend": [first, {**second, "hold_until": str(gate)}, done]}
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "effects.log").write_text(f"{MARK}\n")
    proc = spawn(
        "run", "Add it", "--agent", "backend", "--db", pg_url, "--workspace", ws,
        "--agents-dir", agents, "--only", "--script", held,
    )  # fmt: skip
    with psycopg.connect(pg_url, autocommit=True) as con:
        until(con, "SELECT to_regclass('tool_calls') IS NOT NULL")
        until(con, "SELECT EXISTS (SELECT 1 FROM tool_calls WHERE state = 'done')")
        wait_for(tmp_path / "gate.held")  # in its call, every write before it committed
        [(pid,)] = con.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        con.execute("SELECT pg_terminate_backend(%s)", (pid,))
        gone(con, pid)
    return proc, gate


def test_a_run_whose_connection_was_cut_goes_on_and_stores_its_reply(
    tmp_path: Path, pg_url: str
) -> None:
    proc, gate = held_run(tmp_path, pg_url)
    gate.touch()
    out, err = finish(proc)
    assert proc.returncode == 0, err
    assert "complete" in out and "Traceback" not in err
    with psycopg.connect(pg_url, autocommit=True) as con:
        replies = con.execute("SELECT count(*) FROM messages WHERE role = 'assistant'").fetchone()
        status = con.execute("SELECT status FROM sessions").fetchone()
    assert replies == (3,) and status == ("complete",)  # the held call's reply stored, once
    effects = (tmp_path / "ws" / "effects.log").read_text().splitlines()[1:]
    assert sorted(effects) == ["hop 1", "hop 2"], effects  # each Edit once


def test_a_run_resumed_by_another_process_meanwhile_stops_writing_nothing(
    tmp_path: Path, pg_url: str
) -> None:
    proc, gate = held_run(tmp_path, pg_url)
    with psycopg.connect(pg_url, autocommit=True) as con:
        [(sid,)] = con.execute("SELECT id FROM sessions").fetchall()
    queued = coord("resume", sid, "--db", pg_url)  # shown interrupted: queued for the workers
    assert queued.returncode == 0, queued.stderr
    gate.touch()
    _, err = finish(proc)
    assert proc.returncode == 4, err
    assert (
        f"session {sid} was resumed by another process while this process's connection to the"
        " session database was cut: nothing more was written here"
    ) in err
    assert "Traceback" not in err
    with psycopg.connect(pg_url, autocommit=True) as con:
        replies = con.execute("SELECT count(*) FROM messages WHERE role = 'assistant'").fetchone()
        lease = con.execute("SELECT state FROM coordinator_jobs").fetchone()
        status = con.execute("SELECT status FROM sessions").fetchone()
    assert replies == (1,)  # hop 1's; the held call's reply was not written
    assert lease == ("todo",) and status == ("running",)  # still the workers'
