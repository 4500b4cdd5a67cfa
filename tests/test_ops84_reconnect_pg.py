"""ops84: a worker whose idle session connection the server ended (a restart, a failover,
an idle timeout) opens it again when its next job comes; when the server refuses that one
connection (too many clients, a failover not done yet) the job is tried again a second
later, as a claim the database refused is, and the session is driven then. Before: the job
failed at once, the session stayed ``running (queued)`` with no job left for any worker,
and the worker had lost that slot for good (with one slot: it never drove a session again)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def end_connections_once(url: str) -> None:
    """End every other connection to the test's database now, and wait until each of those
    is gone (its pool and listener connect again meanwhile: new ones)."""
    with psycopg.connect(url, autocommit=True) as con:
        pids = [
            int(pid)
            for (pid,) in con.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        ]
        assert pids
        con.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS p(pid)", (pids,))
        for _ in range(2000):  # each backend leaves pg_stat_activity as it exits
            row = con.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", (pids,)
            ).fetchone()
            if row is not None and row[0] == 0:
                return
            con.execute("SELECT pg_sleep(0.005)")
    raise AssertionError("the worker's connections did not end")


def test_a_refused_reconnect_is_tried_again_and_the_worker_keeps_its_slot(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.store import pg

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    (tmp_path / "roots").mkdir()
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5, concurrency=1)
    refused = threading.Event()
    real_open = pg._open

    def once_refused(*args: Any) -> Any:  # the worker's first reconnect: the server says no
        if threading.current_thread() is live.thread and not refused.is_set():
            refused.set()
            raise psycopg.OperationalError("FATAL:  sorry, too many clients already")
        return real_open(*args)

    try:
        live.line_with(" ready: ")
        end_connections_once(pg_url)  # its idle session connection (and its pool's) ended
        monkeypatch.setattr(pg, "_open", once_refused)
        [first] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"ended {first} complete", timeout=60)
        assert refused.is_set()
        [second] = submit(tmp_path, pg_url, script, agents, 1, 1)  # its one slot serves on
        live.line_with(f"ended {second} complete", timeout=60)
    finally:
        live.stop()
    assert "Traceback" not in "".join(live.log)
    assert f"not driving {first} yet: cannot connect to the session database " in "".join(live.log)
    assert "too many clients already); its job is tried again in 1 s" in "".join(live.log)
    check_nothing_repeated(pg_url, [first, second], hops=1)
