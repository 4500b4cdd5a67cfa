"""review138: ops113's worker warm-up and its end, as an operator meets them. A worker
whose SDK cannot be imported (missing, broken) says so and exits non-zero, its queued
sessions left queued for a sound worker (since ops113 it said `ready`, then claimed each
session and failed it, for ever); a worker's objects are frozen only as its process ends,
not in a process that goes on after :func:`~coordinator.runtime.launch.run_worker`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cli import coord
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, submit, unstamped

from coordinator.runtime import worker as worker_module

ROOT = Path(__file__).resolve().parents[1]


def real_worker(tmp: Path, url: str, path: str, *extra: str) -> subprocess.Popen[str]:
    """``coord worker`` in a process of its own (its own imports: not the test zygote's)."""
    cwd = tmp / "cwd"
    cwd.mkdir(exist_ok=True)
    argv = ["worker", "--db", url, "--workspace-root", str(tmp / "roots"), *extra]
    return subprocess.Popen(
        [sys.executable, "-m", "coordinator", *argv],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        cwd=cwd,  # (a PYTHONPATH entry inside it would be dropped: importpath.py)
    )


def test_a_worker_whose_sdk_cannot_be_imported_says_so_and_exits_leaving_the_queue(
    tmp_path: Path, pg_url: str
) -> None:
    broken = tmp_path / "site" / "anthropic"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text(
        "raise ImportError('this anthropic install is broken')\n", encoding="utf-8"
    )
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    path = os.pathsep.join((str(tmp_path / "site"), str(ROOT)))
    proc = real_worker(tmp_path, pg_url, path)  # a real process: its own imports, its own exit
    seen: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # up to its exit, or to its first word of the session
            seen.append(unstamped(line))
            if sid in line:
                break
        code = proc.wait() if not any(sid in line for line in seen) else None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    said = "".join(seen)
    assert code == 1, said
    assert "this anthropic install is broken" in said, said
    assert "Traceback" not in said, said
    [shown] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
    assert (shown["session"], shown["status"], shown["queued_at"] is not None) == (
        sid,
        "running",
        True,
    ), shown


def test_a_job_queued_while_the_imports_fail_is_left_to_the_next_worker(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job queued while the imports run is neither fetched (ops114: no fetch before
    them; before, it was fetched and waited for them) nor claimed: a sound worker drives
    it. (review142: this test's imports failed only once the job was fetched, which since
    ops114 never comes: it waited for ever.)"""
    fetched = threading.Event()
    said_ready = threading.Event()
    run_job = worker_module.Driver.run_job

    async def fetching(self: worker_module.Driver, session_id: str, workspace: str) -> None:
        fetched.set()
        await run_job(self, session_id, workspace)

    def broken(*_: object) -> None:  # fails once the worker listens, its job queued
        said_ready.wait()
        raise ImportError("no anthropic here")

    monkeypatch.setattr(worker_module.Driver, "run_job", fetching)
    monkeypatch.setattr(worker_module, "_warm_up", broken)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    first = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        first.line_with(" ready: ")
        said_ready.set()
        first.line_with("cannot import what it drives sessions with (ImportError", timeout=30)
    finally:
        said_ready.set()
        first.stop()
    assert not fetched.is_set()
    assert not any(sid in line for line in first.log), first.log
    monkeypatch.undo()
    second = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        second.line_with(f"ended {sid} complete")
    finally:
        second.stop()
