"""team48: what team47 left on shared workers. A session handed to the workers says it is
queued, not started; one no worker has taken shows so in ``coord sessions`` and ``coord
log`` (its stored status stays ``running``); a worker whose requeue the database could not
answer says what happens next."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
from cli import coord
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def detach(tmp: Path, url: str, *extra: str) -> Any:
    """``coord run --detach`` of one session in roots/ws0, nothing driving it."""
    agents = write_agents(tmp / "agents", "backend")
    script = write_script(tmp / "s.yaml", chain(hops=1, latency_ms=0))
    ws = tmp / "roots" / "ws0"
    ws.mkdir(parents=True, exist_ok=True)
    (ws / "effects.log").write_text("# effects\n", encoding="utf-8")
    ran = coord(
        "run", "task 0", "--agent", "backend", "--workspace", ws, "--db", url, "--detach",
        "--provider", "scripted", "--script", script, "--agents-dir", agents, "--only", *extra,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return ran


def test_run_detach_says_the_session_is_queued_for_the_workers_not_started(
    tmp_path: Path, pg_url: str
) -> None:
    """Its progress line says queued, for the workers (before: "[id] backend started",
    though nothing had started); ``--json`` says since when (``queued_at``); the log keeps
    the run's start as a worker reads it, and that it was queued."""
    ran = detach(tmp_path, pg_url)
    sid = ran.stdout.strip()
    lines = ran.stderr.splitlines()
    assert f"[{sid[:8]}] backend queued for the workers" in lines
    assert f"[{sid[:8]}] backend started" not in lines
    as_json = detach(tmp_path, pg_url, "--json")
    data = json.loads(as_json.stdout)
    assert data["status"] == "running"  # as stored: what scripts filter on
    assert isinstance(data["queued_at"], float)
    assert "is queued for the workers" in data["reason"]
    logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    kinds = [e["kind"] for e in logged["events"]]
    assert kinds == ["routed", "run_started", "queued"]


def test_a_session_no_worker_has_taken_shows_queued_until_one_takes_it(
    tmp_path: Path, pg_url: str
) -> None:
    """Queued where no worker runs, then where a worker runs under another root: ``coord
    sessions`` and ``coord log`` show it running and queued, no worker has taken it for
    how long, ``--json`` its ``queued_at`` (before: plain "running", for ever, as if driven);
    once a worker whose root holds it has driven it, nothing says queued."""
    ran = detach(tmp_path, pg_url)
    sid = ran.stdout.strip()
    (tmp_path / "elsewhere").mkdir()
    other = InProcessWorker(pg_url, tmp_path / "elsewhere", lease=5.0)
    try:
        other.line_with(" ready: ")
        listed = coord("sessions", "--db", pg_url).stdout
        [row] = [line for line in listed.splitlines() if line.startswith(sid)]
        assert " running (queued " in row
        log = " ".join(coord("log", sid, "--db", pg_url).stdout.split())
        assert f"session {sid} running (queued, no worker has taken it for " in log
        [entry] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
        assert entry["status"] == "running" and isinstance(entry["queued_at"], float)
        logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
        assert logged["queued_at"] == entry["queued_at"]
    finally:
        other.stop()
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    [entry] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
    assert (entry["status"], entry["queued_at"]) == ("complete", None)
    assert "queued" not in coord("log", sid, "--db", pg_url).stdout


def test_a_worker_that_could_not_queue_a_fenced_session_again_says_its_job_is_retried() -> None:
    """The server restarted under a worker driving a session: its claim is lost, and the
    requeue finds the database away. The line says the job is tried again and drives the
    session then, as it does (before: "not queued again", though the retry drove it)."""
    from coordinator.runtime import worker
    from coordinator.store.faults import StoreError, StoreFault
    from coordinator.store.pg import Claim, PgStore

    class Away:  # a store whose requeue meets the database gone (its worker not stopping)
        handing_back = False

        def requeue_lost_claim(self) -> bool:
            raise StoreError(StoreFault.IO, "postgresql://h/db", "connection failed")

    said: list[str] = []
    lost = StoreError(StoreFault.IO, "postgresql://h/db", "the claim was lost")
    with pytest.raises(StoreError):  # raised on: the job's retry strategy takes it
        worker._stop_fenced(cast(PgStore, Away()), Claim("s1", 2, 1), lost, said.append)
    [line] = said
    assert line.startswith("fenced s1: the claim was lost; the database did not answer")
    assert "not queued again" not in line
    retries = f"tried again in {worker.JOB_RETRY_WAIT} s ({worker.JOB_RETRIES} attempts in all)"
    assert retries in line
    assert line.endswith("drives the session once the database answers")
