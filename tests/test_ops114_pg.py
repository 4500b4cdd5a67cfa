"""ops114: `coord workers` shows the workers of a shared store: which are alive, on which
host and pid, since when, what each drives, its last heartbeat; how many jobs wait in the
queue and which sessions are queued with no live worker whose roots hold them. A worker
killed with -9 shows as gone (its connections gone), not alive; one stopped by SIGTERM is
not listed. Real worker processes, synchronised on their log lines and the server's rows."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from cli import coord, coord_probe, spawn
from kit import write_agents, write_script
from test_pgresume import wait_for_row
from test_workers_pg import chain, line_with, submit, worker

from coordinator.store.pgqueue import worker_app_name


def listed(url: str) -> dict[str, Any]:
    ran = coord("workers", "--db", url, "--json")
    assert ran.returncode == 0, ran.stderr
    return dict(json.loads(ran.stdout))


def ready_name(proc: subprocess.Popen[str]) -> str:
    """The worker's id from its `ready` line (``worker ID ready: ...``)."""
    return line_with(proc, " ready: ").split()[1]


def by_name(seen: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {w["worker"]: w for w in seen["workers"]}


def connections_gone(url: str, name: str) -> None:
    """Return once no queue connection of worker ``name`` is left on the server."""
    app = worker_app_name(name).replace("'", "''")
    wait_for_row(
        url,
        "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity"
        f" WHERE application_name = '{app}')",
    )


def test_workers_shows_live_killed_and_stopped_workers_and_the_unserved_queue(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"  # never written: the session stays in its first model call
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    (tmp_path / "other").mkdir()
    first = worker(pg_url, tmp_path, "--concurrency", "2", "--lease", "30")
    second = spawn("worker", "--db", pg_url, "--workspace-root", tmp_path / "other")
    try:
        one = ready_name(first)
        line_with(first, f"driving {sid}")
        two = ready_name(second)
        seen = listed(pg_url)
        workers = by_name(seen)
        assert set(workers) == {one, two}
        a, b = workers[one], workers[two]
        assert (a["state"], a["host"], a["pid"]) == ("alive", socket.gethostname(), first.pid)
        assert (a["driving"], a["slots"], a["lease"]) == ([sid], 2, 30.0)
        assert a["roots"] == [str((tmp_path / "roots").resolve())]
        assert a["up"] >= 0 and a["heartbeat_age"] < 30
        assert (b["state"], b["pid"], b["driving"], b["slots"]) == ("alive", second.pid, [], 1)
        assert (seen["alive"], seen["queued"], seen["unserved"]) == (2, 0, [])

        os.kill(first.pid, signal.SIGKILL)  # its lease (30 s) is far from over
        first.wait()
        connections_gone(pg_url, one)
        line_with(second, f"requeued 1 session of dead workers: {sid}")
        seen = listed(pg_url)
        workers = by_name(seen)
        assert (workers[one]["state"], workers[one]["driving"]) == ("gone", [])
        assert workers[two]["state"] == "alive"
        assert (seen["alive"], seen["queued"], seen["due"]) == (1, 1, 1)
        [waiting] = seen["unserved"]  # the second worker's root does not hold it
        assert (waiting["session"], waiting["workspace"]) == (sid, str(tmp_path / "roots/ws0"))

        table = coord("workers", "--db", pg_url)
        assert table.returncode == 0, table.stderr
        text = " ".join(table.stdout.split())
        assert one in text and two in text and "gone: its connections" in text
        assert "1 job waiting in the queue" in text
        assert "1 session queued with no live worker whose --workspace-root holds it" in text
        assert f"{sid} {tmp_path / 'roots/ws0'}" in text
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
    assert second.wait() == 0
    seen = listed(pg_url)
    assert [w["worker"] for w in seen["workers"]] == [one]  # the stopped one is not listed
    assert seen["workers"][0]["state"] == "gone"


def test_a_worker_silent_past_its_lease_is_not_alive(tmp_path: Path, pg_url: str) -> None:
    """Its heartbeat older than its lease: stalled while its connections are there
    (SIGSTOP), not alive; the waiting job of its root is then unserved."""
    agents = write_agents(tmp_path / "agents", "backend")
    (tmp_path / "roots").mkdir()
    paused = worker(pg_url, tmp_path, "--lease", "1")
    try:
        name = ready_name(paused)
        os.kill(paused.pid, signal.SIGSTOP)
        wait_for_row(  # its last heartbeat is older than its lease
            pg_url,
            "SELECT 1 FROM procrastinate_workers WHERE last_heartbeat < now() - interval '1.2 s'",
        )
        script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        seen = listed(pg_url)
        [shown] = seen["workers"]
        assert (shown["worker"], shown["state"]) == (name, "stalled")
        assert [w["session"] for w in seen["unserved"]] == [sid]
        assert seen["alive"] == 0
    finally:
        os.kill(paused.pid, signal.SIGKILL)
        paused.wait()


def test_workers_on_a_sqlite_store_says_workers_need_the_shared_store(tmp_path: Path) -> None:
    ran = coord("workers", "--db", tmp_path / "s.db")
    assert ran.returncode == 4
    assert "coord workers needs a shared PostgreSQL store" in ran.stderr
    assert "workers cannot share it" in " ".join(ran.stderr.split())
    (tmp_path / "ws").mkdir()
    here = coord("workers", cwd=tmp_path / "ws", env={"COORD_DB": ""})
    assert here.returncode == 4, here.stdout
    assert "coord workers" in here.stderr and "SQLite" in here.stderr


def test_workers_listing_imports_neither_the_sdk_nor_procrastinate(pg_url: str) -> None:
    from test_workers_pg import store_at

    store_at(pg_url).close()  # the tables made (the first command on a database makes them)
    probe = coord_probe("workers", "--db", pg_url, "--json")
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout)["workers"] == []
    heavy = ("procrastinate", "anthropic", "httpx", "coordinator.runtime.engine")
    assert sorted(m for m in probe.modules if m.split(".")[0] in heavy or m in heavy) == []
    assert "psycopg" in probe.modules  # (the probe sees what the command imported)


def test_an_owner_adds_the_workers_columns_to_an_older_table(pg_url: str) -> None:
    """The columns `coord workers` reads of a worker, added in place by the owner's next
    command to a table an older coord made (its workers' rows then read with them null)."""
    import psycopg
    from test_workers_pg import store_at

    store_at(pg_url).close()
    columns = "SELECT count(*) FROM information_schema.columns WHERE table_name ="
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(
            "ALTER TABLE coordinator_workers DROP COLUMN name, DROP COLUMN started_at,"
            " DROP COLUMN lease, DROP COLUMN slots"
        )
        assert con.execute(f"{columns} 'coordinator_workers'").fetchone() == (2,)
    assert listed(pg_url)["workers"] == []
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert con.execute(f"{columns} 'coordinator_workers'").fetchone() == (6,)


def test_a_worker_fetches_no_job_before_its_imports_are_done(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job fetched while the SDK is imported (5-13 s on a loaded machine) waited for it,
    while a warm worker could have taken it: the fetch now waits for the imports (the
    worker listens and beats meanwhile, `ready` before them as in ops113)."""
    from test_workers_pg import InProcessWorker

    from coordinator.runtime import worker as worker_module
    from coordinator.store import pgqueue

    said_ready = threading.Event()  # the test saw `ready`
    warmed = threading.Event()
    cold: list[bool] = []  # per fetch: made before the imports were done

    def warm_up(*_: object) -> None:
        said_ready.wait()
        warmed.set()

    real_fetch = pgqueue.SessionJobs._fetch

    async def fetch(self: pgqueue.SessionJobs, queues: Any, worker_id: int) -> Any:
        cold.append(not warmed.is_set())
        return await real_fetch(self, queues, worker_id)

    monkeypatch.setattr(worker_module, "_warm_up", warm_up)
    monkeypatch.setattr(pgqueue.SessionJobs, "_fetch", fetch)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)  # queued before the worker starts
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        live.line_with("ready")
        said_ready.set()
        live.line_with(f"ended {sid} complete")
    finally:
        said_ready.set()
        live.stop()
    assert cold and not any(cold), cold  # [before ops114: the first fetch was cold]
