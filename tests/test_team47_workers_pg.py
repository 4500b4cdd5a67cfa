"""team47: a team's first afternoon on shared workers. The rough edges a team met with
`coord worker`s on one PostgreSQL store: the server restarted under a running worker, a
worker stopped with SIGTERM while it drives a session, a worker given a root that is not
there."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def end_every_connection(url: str) -> None:
    """What a restart of the server does to a running worker: every connection of its (the
    store's, the queue's, its listener's) is ended."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_a_worker_whose_connections_the_server_ended_drives_the_next_session(
    tmp_path: Path, pg_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """The server restarted under an idle worker: the next session queued is driven to its
    end (before: its job failed on the store's ended connection, with a traceback, and the
    session stayed "running" with nothing to drive it)."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    (tmp_path / "roots").mkdir()
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        live.line_with(" ready: ")
        end_every_connection(pg_url)
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    check_nothing_repeated(pg_url, [sid], hops=1)
    assert "Traceback" not in capfd.readouterr().err
