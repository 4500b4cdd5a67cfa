"""daily13: what a script or CI user trips on: SIGTERM of a batch, ``sessions rm`` of many."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli import finish, spawn
from fake_messages_server import FakeMessagesServer, Recorded, Reply, message
from kit import report, workspace, write_agents

# ---- SIGTERM stops a batch as Ctrl-C does ------------------------------------------------

REQUESTS = ["Add a FastAPI endpoint", "Add an API route"]


class HeldCalls:
    """A Messages API holding every call until the test releases them; ``all_in`` is set
    once ``expected`` calls are in (each session of the batch is then in its model call)."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.count = 0
        self.lock = threading.Lock()
        self.all_in, self.release = threading.Event(), threading.Event()

    def __call__(self, rec: Recorded) -> Reply:
        with self.lock:
            self.count += 1
            if self.count == self.expected:
                self.all_in.set()
        self.release.wait(timeout=120)  # a safety net only: the test releases them
        return message(report("Complete", "Endpoint added"))


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux /proc), e.g. a batch's workers."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text(encoding="utf-8").split()]


def _gone(pid: int) -> bool:
    """True when no process (not even a zombie) has this pid any more."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(params=[1, 2], ids=["one-process", "two-workers"])
def held_batch(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A real ``coord run --batch`` of two sessions (in one process or two workers), both
    held in their first model call."""
    workers: int = request.param
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(REQUESTS), "utf-8")
    model = HeldCalls(len(REQUESTS))
    with FakeMessagesServer(handler=model) as server:
        proc = spawn(
            "run", "--batch", tasks, "--workers", str(workers), "--agent", "backend",
            "--workspace", ws, "--agents-dir", agents, "--only", "--base-url", server.base_url,
        )  # fmt: skip
        try:
            while not model.all_in.wait(timeout=0.05):
                assert proc.poll() is None, proc.communicate()[1]
            db = ws / ".coordinator" / "coordinator.db"
            with closing(sqlite3.connect(db)) as con:
                sids = [row[0] for row in con.execute("SELECT id FROM sessions")]
            workers_seen = _children(proc.pid) if workers > 1 else []
            assert len(workers_seen) == workers if workers > 1 else True
            yield {"proc": proc, "sids": sids, "db": db, "workers": workers_seen}
        finally:
            model.release.set()
            if proc.poll() is None:
                finish(proc)


def test_sigterm_stops_a_batch_as_ctrl_c_does_and_names_its_sessions(
    held_batch: dict[str, Any],
) -> None:
    """``timeout``, CI and ``docker stop`` send SIGTERM to the batch's process only: it
    stops every session (its workers' too), names each, exits 143 and leaves no worker."""
    proc, sids = held_batch["proc"], held_batch["sids"]
    assert len(sids) == len(REQUESTS)
    proc.send_signal(signal.SIGTERM)
    _, err = finish(proc)  # the model calls are still held: nothing ends them but SIGTERM
    assert proc.returncode == 143, err
    assert "terminated (SIGTERM) — 2 session(s) of the batch left interrupted" in err, err
    assert all(f"coord resume {sid}" in err for sid in sids), err
    assert "Traceback" not in err
    assert all(_gone(pid) for pid in held_batch["workers"])
    with closing(sqlite3.connect(held_batch["db"])) as con:
        statuses = {row[0] for row in con.execute("SELECT status FROM sessions")}
    assert statuses == {"interrupted"}


def test_a_batch_stopped_by_sigterm_says_so_in_json() -> None:
    from coordinator.runtime.batch import BatchStopped

    stopped = BatchStopped(["abc"], terminated=True)
    assert stopped.exit_code == 143
    assert stopped.to_json() == {"status": "interrupted", "exit_code": 143, "sessions": ["abc"]}
    assert BatchStopped([]).exit_code == 130
    assert stopped.lines()[0].startswith("terminated (SIGTERM) — 1 session(s)")
    assert BatchStopped([], terminated=True).lines() == [
        "terminated (SIGTERM) before a session of the batch started"
    ]
