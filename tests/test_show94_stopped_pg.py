"""show94: a session a worker stopped without driving it to an end (its lease ended
``failed`` with an error: given up by the sweep, refused, cancelled) says why in ``coord
sessions`` (a line under the table, ``--json``'s ``reason``) and ``coord log`` (the chain's
status line, ``--json``'s ``reason``), with the way on: ``coord resume`` queues it again.
The reason was only in the worker's log, which the user at the CLI never sees."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from cli import coord
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, store_at, submit

from coordinator.status import QUEUES_AGAIN
from coordinator.store import pgqueue

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _shown(tmp_path: Path, url: str, sid: str) -> tuple[str, str, dict[str, str], str, str]:
    """What ``coord sessions`` (its lines under the table, its --json reasons by session)
    and ``coord log`` (text, --json reason) show of ``sid``."""
    listed = coord("sessions", "--db", url, cwd=tmp_path)
    listed_json = coord("sessions", "--db", url, "--json", cwd=tmp_path)
    shown = coord("log", sid, "--db", url, cwd=tmp_path)
    shown_json = coord("log", sid, "--db", url, "--json", cwd=tmp_path)
    for ran in (listed, listed_json, shown, shown_json):
        assert ran.returncode == 0, ran.stderr
    reasons = {s["session"]: s["reason"] for s in json.loads(listed_json.stdout)}
    status = json.loads(shown_json.stdout)
    assert status["status"] == "interrupted", status["status"]
    head = " ".join(shown.stdout.split("\u201c")[0].split())  # the tree's root, as one line
    return listed.stdout, listed.stderr, reasons, head, status["reason"]


def test_a_session_given_up_says_why_in_sessions_and_log(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pgqueue, "REQUEUE_MAX_FAILED", 1)  # one failed job is the cap here
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)  # queued; no worker yet
    with psycopg.connect(pg_url, autocommit=True) as con:  # its attempts all failed
        con.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' WHERE lock = %s",
            (pgqueue.session_lock(sid),),
        )
    drained = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, drain=True, poll=0.5)
    drained.thread.join(60)
    assert not drained.thread.is_alive(), drained.log
    why = f"a worker stopped it: {pgqueue.gave_up(1)}"  # its way on said once, not twice
    table, under, reasons, head, log_reason = _shown(tmp_path, pg_url, sid)
    assert f"{sid}: {why}" in under.splitlines(), under
    assert reasons[sid] == why
    assert why in head and "interrupted" in head, head
    assert log_reason == why
    assert why.count(QUEUES_AGAIN) == 1
    assert "queued" not in table, table


def test_a_refused_session_says_why_with_the_way_on_and_others_say_nothing(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    refused, waiting = submit(tmp_path, pg_url, script, agents, 2)
    refusal = "its workspace is under none of this worker's --workspace-root folders"
    with closing(store_at(pg_url)) as store:  # what a worker refusing its job does
        store.refuse_queued(refused, refusal)
    why = f"a worker stopped it: {refusal}; {QUEUES_AGAIN}"
    _, under, reasons, head, log_reason = _shown(tmp_path, pg_url, refused)
    assert under.splitlines() == [f"{refused}: {why}"], under  # the queued one: no line
    assert reasons == {refused: why, waiting: ""}
    assert head.startswith(f"session {refused} interrupted ({why})"), head
    assert log_reason == why
    resumed = coord("resume", refused, "--db", pg_url, cwd=tmp_path)  # the way on: queued
    assert resumed.returncode == 0, resumed.stderr
    listed = coord("sessions", "--db", pg_url, "--json", cwd=tmp_path)
    assert {s["session"]: s["reason"] for s in json.loads(listed.stdout)}[refused] == ""
