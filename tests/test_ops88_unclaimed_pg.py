"""ops88: a session queued for the workers whose job ended with no worker able to claim it
(every one of its five attempts refused by the server) is queued again by the workers' own
sweep, after a wait that doubles at each such failure, and driven once the server accepts
connections again: no person runs `coord resume`, nothing runs twice. Before: the session
stayed ``running (queued)`` with no job for any worker, for ever. Also a queued session
whose job is gone (removed by hand) is queued again and driven."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from cli import coord
from kit import write_agents, write_script
from test_ops84_roles_pg import READ_WRITE, owned_schema, role_url
from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def until(con: psycopg.Connection[Any], sql: str, *params: Any) -> None:
    """Wait until ``sql`` returns a row whose first value is true (a server-side pause
    between two looks: the rows are the event waited for)."""
    for _ in range(6000):
        row = con.execute(sql, params).fetchone()  # type: ignore[arg-type]
        if row is not None and row[0]:
            return
        con.execute("SELECT pg_sleep(0.01)")
    raise AssertionError(f"never true: {sql} {params}")


def end_store_connection(con: psycopg.Connection[Any], role: str) -> None:
    """End the worker's idle session connection (its one slot's store) as a failover or an
    idle timeout would, leaving its queue's connections: a worker opens its stores first,
    then its queue's pool and listener, so the store's is the role's oldest backend."""
    row = con.execute(
        "SELECT pid FROM pg_stat_activity WHERE usename = %s ORDER BY backend_start LIMIT 1",
        (role,),
    ).fetchone()
    assert row is not None
    con.execute("SELECT pg_terminate_backend(%s)", (row[0],))
    until(con, "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = %s)", row[0])


def test_a_session_whose_every_attempt_was_refused_is_driven_once_the_server_accepts_again(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    (tmp_path / "roots").mkdir()
    owned_schema(pg_url)
    role, worker_url = role_url(pg_url, READ_WRITE)
    live = InProcessWorker(worker_url, tmp_path / "roots", lease=5.0, poll=0.5)
    with psycopg.connect(pg_url, autocommit=True) as owner:
        try:
            live.line_with(" ready: ")
            end_store_connection(owner, role)
            owner.execute(f"ALTER ROLE {role} NOLOGIN")  # type: ignore[arg-type]
            [sid] = submit(tmp_path, pg_url, script, agents, 1)  # (as the tables' owner)
            until(  # its five attempts: each refused (the first on the ended connection)
                owner,
                "SELECT bool_or(status = 'failed') FROM procrastinate_jobs WHERE lock = %s",
                f"coordinator-session:{sid}",
            )
            owner.execute(f"ALTER ROLE {role} LOGIN")  # type: ignore[arg-type]
            live.line_with(f"ended {sid} complete", timeout=90)
        finally:
            owner.execute(f"ALTER ROLE {role} LOGIN")  # type: ignore[arg-type]
            live.stop()
    log = "\n".join(live.log)
    assert "Traceback" not in log
    assert f"not driving {sid} yet: cannot connect to the session database " in log
    assert "is not permitted to log in" in log
    assert f"queued {sid} again: its job failed 1 time before any worker could claim it" in log
    check_nothing_repeated(pg_url, [sid], hops=1)


def test_a_queued_session_whose_job_is_gone_is_queued_again_and_driven(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)  # queued; no worker yet
    with psycopg.connect(pg_url, autocommit=True) as con:
        gone = con.execute(
            "DELETE FROM procrastinate_jobs WHERE lock = %s", (f"coordinator-session:{sid}",)
        )
        assert gone.rowcount == 1
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5)
    try:
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    log = "\n".join(live.log)
    assert f"queued {sid} again: it waited for a worker with no job left to drive it" in log
    check_nothing_repeated(pg_url, [sid], hops=1)


def test_a_resume_makes_a_job_waiting_out_its_backoff_due_now(tmp_path: Path, pg_url: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)  # queued; no worker yet
    with psycopg.connect(pg_url, autocommit=True) as con:  # as the sweep leaves it after
        con.execute(  # many failures (the wait is 5 min at most; an hour here)
            "UPDATE procrastinate_jobs SET scheduled_at = now() + interval '1 hour'"
            " WHERE lock = %s",
            (f"coordinator-session:{sid}",),
        )
    resumed = coord("resume", sid, "--db", pg_url, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5)
    try:
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    check_nothing_repeated(pg_url, [sid], hops=1)
