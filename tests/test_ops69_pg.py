"""ops69: shared workers a team can see and that never stall. `coord sessions` and `coord
log` (and their `--json`) name the worker driving a running session."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord
from test_ops67_pg import held_session
from test_workers_pg import InProcessWorker, call_held, store_at

from coordinator.store.rows import SessionQuery

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_sessions_and_log_name_the_worker_driving_a_session(tmp_path: Path, pg_url: str) -> None:
    """While a worker drives a session, `coord sessions` shows it `running on WORKER` (the
    name its `ready` line gives), `coord log` too, and both `--json` have it as `worker`;
    once the session ends, no worker is named (before: nothing said who ran it)."""
    sid, gate = held_session(tmp_path, pg_url)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0)
    name = live.cfg.worker_id
    try:
        live.line_with(f"driving {sid} epoch 1")
        call_held(gate)  # held in its first model call: driven by this worker
        listed = coord("sessions", "--db", pg_url)
        assert listed.returncode == 0, listed.stderr
        [row] = [line for line in listed.stdout.splitlines() if line.startswith(sid)]
        assert f"running on {name}" in row
        [one] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
        assert (one["status"], one["worker"]) == ("running", name)
        shown = coord("log", sid, "--db", pg_url)
        assert f"running on {name}" in shown.stdout.splitlines()[0]
        logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
        assert (logged["status"], logged["worker"]) == ("running", name)
        with closing(store_at(pg_url)) as store:  # in the listing's one statement
            [found] = store.find_sessions(SessionQuery())
        assert found.driver == name
        gate.touch()
        live.line_with(f"ended {sid} complete")
    finally:
        gate.touch()
        live.stop()
    [one] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
    assert (one["status"], one["worker"]) == ("complete", None)
    logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    assert logged["worker"] is None
    assert " on " not in coord("log", sid, "--db", pg_url).stdout.splitlines()[0]


def test_a_file_store_names_no_worker(tmp_path: Path) -> None:
    """A SQLite store has no workers: `worker` is null, the status alone."""
    from kit import report, write_agents, write_script

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    db, ws = tmp_path / "s.db", tmp_path / "ws"
    ws.mkdir()
    ran = coord(
        "run", "task", "--agent", "backend", "--db", db, "--provider", "scripted",
        "--script", script, "--agents-dir", agents, "--only", "--workspace", ws,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    [one] = json.loads(coord("sessions", "--db", db, "--json").stdout)
    assert one["worker"] is None
    logged = json.loads(coord("log", one["session"], "--db", db, "--json").stdout)
    assert logged["worker"] is None
