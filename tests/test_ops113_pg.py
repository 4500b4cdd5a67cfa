"""ops113: shared workers as an operator meets them. A worker says `ready` once it listens,
its SDK imported meanwhile in a thread of its own (not before `ready`, 5-13 s on a loaded
machine, nor in its event loop, which would hold its heartbeat), and a job fetched before
the imports are done waits for them; the process's objects are left to the exit."""

from __future__ import annotations

import asyncio
import gc
import json
import signal
import threading
from pathlib import Path

import pytest
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, submit

from coordinator.runtime import worker as worker_module


def test_ready_comes_before_the_warm_up_ends_which_the_first_job_waits_for(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready = threading.Event()  # set once the worker said `ready`
    where: list[str] = []
    live: list[InProcessWorker] = []

    def warm_up(*_: object) -> None:  # the imports, held until the worker said `ready`
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # a thread of its own: it may wait for `ready`
            where.append("its own thread")
            ready.wait()
        else:  # in the event loop: `ready` (and the heartbeat) would wait for it
            where.append("the event loop")
        live[0].log.append("<warmed up>")

    monkeypatch.setattr(worker_module, "_warm_up", warm_up)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)  # queued before the worker starts
    live.append(InProcessWorker(pg_url, tmp_path / "roots", lease=5.0))
    try:
        live[0].line_with("ready")
        ready.set()
        assert live[0].line_with(sid).startswith(("claimed", "ended"))
        live[0].line_with(f"ended {sid} complete")
    finally:
        ready.set()
        live[0].stop()
    assert where == ["its own thread"]
    log = live[0].log
    assert log.index("<warmed up>") < next(i for i, line in enumerate(log) if "claimed" in line)


def test_a_worker_process_leaves_its_objects_to_the_exit(tmp_path: Path, pg_url: str) -> None:
    """Python's finalization collecting the SDK's types took 1-3 s between a stopped worker's
    last line and its exit; frozen as it exits, they are not collected. Not before
    (review138): a process that goes on after ``run_worker`` (this one) still collects."""
    import atexit
    import os
    import subprocess
    import sys

    from coordinator.runtime.launch import run_worker
    from coordinator.runtime.worker import WorkerConfig

    (tmp_path / "roots").mkdir()
    cfg = WorkerConfig(pg_url, ((tmp_path / "roots").resolve(),), lease=5.0, drain=True)
    frozen = gc.get_freeze_count()  # (what conftest froze after collection: left so)
    try:
        assert run_worker(cfg).exit_code == 0  # drained: nothing was queued
        assert gc.get_freeze_count() <= frozen  # (some freed) [ops113: 14,000 more frozen]
    finally:
        atexit.unregister(gc.freeze)
    code = (  # a handler registered first runs last: after the worker's own
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('at exit', gc.get_freeze_count() > 0))\n"
        "from pathlib import Path\n"
        "from coordinator.runtime.launch import run_worker\n"
        "from coordinator.runtime.worker import WorkerConfig\n"
        "cfg = WorkerConfig(sys.argv[1], (Path(sys.argv[2]),), lease=5.0, drain=True)\n"
        "print('ended', run_worker(cfg).exit_code, gc.get_freeze_count() > 0)\n"
    )
    root = str(Path(__file__).resolve().parents[1])
    ran = subprocess.run(
        [sys.executable, "-c", code, pg_url, str((tmp_path / "roots").resolve())],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": root},
        cwd=tmp_path,
        check=False,
    )
    assert ran.stdout.splitlines() == ["ended 0 False", "at exit True"], ran.stderr


def gone_workers(url: str) -> None:
    """Return once no worker's connection (its queue's, its sessions' holder) is left on
    the server: a killed worker's backends end once they see its sockets closed."""
    from test_pgresume import wait_for_row

    wait_for_row(
        url,
        "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE starts_with("
        "application_name, 'coord worker') OR pid IN (SELECT holder_pid FROM coordinator_jobs"
        " WHERE holder_pid IS NOT NULL))",
    )


def test_the_only_worker_killed_mid_job_its_session_waits_for_the_next_worker(
    tmp_path: Path, pg_url: str
) -> None:
    """Its session is shown waiting for a worker (the next one's sweep hands it on at
    once), not interrupted with `resume continues it` (before ops113, until a worker
    started); once one starts it is driven to its end."""
    from cli import coord
    from test_workers_pg import line_with, worker

    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    first = worker(pg_url, tmp_path)
    try:
        line_with(first, f"driving {sid}")
    finally:
        first.kill()
        first.wait()
    gone_workers(pg_url)
    listed = coord("sessions", "--db", pg_url, "--json")
    [shown] = json.loads(listed.stdout)
    assert (shown["status"], shown["worker"]) == ("running", None), shown
    assert shown["queued_at"] is not None
    table = coord("sessions", "--db", pg_url).stdout
    assert "running (queued" in table and "interrupted" not in table
    log = coord("log", sid, "--db", pg_url)
    assert "running (queued, no worker has taken it for" in log.stdout
    assert "resume continues it" not in log.stdout
    gate.write_text("go", encoding="utf-8")
    second = worker(pg_url, tmp_path)
    try:
        line_with(second, f"ended {sid} complete")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait()
