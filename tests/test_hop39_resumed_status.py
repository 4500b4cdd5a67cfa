"""A resumed run's status is written by its next step (issue 12, branch hop39).

When a consult answers, the step that resumes the run that asked no longer updates that
run's row (an UPDATE of the whole 27-column record: ~3% of a hop's instructions): the row
keeps ``blocked`` until the run's next step writes ``running`` with its counters, or its
outcome. What the answered question says is read instead:

* ``coord log`` (tree and JSON) shows the run working while the session is driven, and
  ``interrupted`` once its process is gone, as when the row said ``running``;
* a session killed with its resumed run's model call in flight resumes to its end, nothing
  repeated, and the row says ``running`` from the run's next step on;
* a run still blocked on an open question (consulting, waiting) shows ``blocked``.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

from cli import coord, spawn
from kit import consult_chain, rows, wait_for_event, workspace, write_agents, write_script

from coordinator.status import DelegationStatus
from coordinator.store.rows import DelegationRow
from coordinator.store.run_tree import resumed

HOUR = 3_600_000
ROOT = "SELECT status FROM runs WHERE parent_run_id IS NULL"
#: Who holds the question: its consult's run, and how many ``delegations`` rows there are.
HELD = "SELECT agent, (SELECT count(*) FROM delegations) FROM runs WHERE question IS NOT NULL"
#: The resumed run's step after its answer: its Edit's result (the second Edit).
AFTER_EDIT = (
    "kind = 'tool_result' AND data LIKE '%Edit%'"
    " AND seq > (SELECT seq FROM events WHERE kind = 'resumed')"
)


def _hanging(agent: str, call: int) -> dict[str, list[dict[str, Any]]]:
    """The consult chain (kit), the ``agent``'s call ``call`` taking an hour."""
    script = consult_chain(latency_ms=0)
    script[agent][call]["latency_ms"] = HOUR
    return script


def _killed(
    tmp_path: Path, script: dict[str, list[dict[str, Any]]], predicate: str
) -> tuple[Path, Path, dict[str, Any]]:
    """A ``coord run`` of ``script`` killed (-9) once an event matches ``predicate``; what
    ``coord log --json`` printed just before the kill, while it was driven."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    db = ws / ".coordinator" / "coordinator.db"
    hang_script = write_script(tmp_path / "hang.yaml", script)
    proc = spawn(
        "run", "Add a task endpoint", "--agent", "backend", "--workspace", ws,
        "--agents-dir", agents, "--only", "--provider", "scripted", "--script", hang_script,
    )  # fmt: skip
    try:
        wait_for_event(db, predicate, proc)
        sid = rows(db, "SELECT id FROM sessions")[0][0]
        live = coord("log", sid, "--workspace", ws, "--json")
        assert live.returncode == 0, live.stderr
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
    return ws, db, json.loads(live.stdout)


def _statuses(log: dict[str, Any]) -> list[tuple[str, str]]:
    root = log["chain"]
    consults = [q["consult"] for q in root["questions"] if q["consult"]]
    return [(root["agent"], root["status"]), *((c["agent"], c["status"]) for c in consults)]


def test_a_run_killed_in_its_call_after_the_answer_shows_interrupted_and_resumes(
    tmp_path: Path,
) -> None:
    ws, db, live = _killed(tmp_path, _hanging("backend", 2), "kind = 'resumed'")
    # the row as the start left it: its blocked step's update is owed to its next write
    # and held by its consult's run meanwhile (hop46), with no hook in the session
    assert rows(db, ROOT) == [("running",)]
    # nothing of the question is written by the answer: the consult's outcome says it
    # (hop40); its run holds it (hop44: no delegations row)
    assert rows(db, HELD) == [("dba", 0)]
    [asked] = live["chain"]["questions"]
    assert (asked["status"], asked["answered_by"]) == ("answered", "dba")
    assert _statuses(live) == [("backend", "running"), ("dba", "complete")]
    sid = live["session"]
    log = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    assert _statuses(log) == [("backend", "interrupted"), ("dba", "complete")]
    tree = coord("log", sid, "--workspace", ws)
    assert "backend  interrupted" in tree.stdout and "resume continues it" in tree.stdout
    listed = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
    assert [s["status"] for s in listed] == ["interrupted"]

    fast = write_script(tmp_path / "fast.yaml", consult_chain(latency_ms=0))
    done = coord("resume", sid, "--workspace", ws, "--script", fast, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    main = (ws / "app/main.py").read_text()
    assert main.count("# before-consult") == 1 and main.count("# after-resume") == 1
    calls = rows(
        db,
        "SELECT r.agent, COUNT(*) FROM events e JOIN runs r ON r.id = e.run_id"
        " WHERE e.kind = 'model_call' GROUP BY r.agent ORDER BY r.agent",
    )
    assert calls == [("backend", 4), ("dba", 2)]  # nothing repeated
    assert rows(db, "SELECT status FROM runs ORDER BY id") == [("complete",), ("complete",)]


def test_the_resumed_runs_next_step_writes_running(tmp_path: Path) -> None:
    ws, db, live = _killed(tmp_path, _hanging("backend", 3), AFTER_EDIT)
    assert rows(db, ROOT) == [("running",)]  # with the step's counters
    assert _statuses(live) == [("backend", "running"), ("dba", "complete")]
    log = json.loads(coord("log", live["session"], "--workspace", ws, "--json").stdout)
    assert _statuses(log) == [("backend", "interrupted"), ("dba", "complete")]


def test_a_run_blocked_on_its_consult_shows_blocked(tmp_path: Path) -> None:
    predicate = "kind = 'tool_result' AND data LIKE '%Read%'"
    ws, db, live = _killed(tmp_path, _hanging("dba", 1), predicate)  # no answer came
    assert rows(db, ROOT) == [("running",)]  # its blocked update owed (hop46): readers see it
    assert rows(db, HELD) == [("dba", 0)]
    assert _statuses(live) == [("backend", "blocked"), ("dba", "running")]
    log = json.loads(coord("log", live["session"], "--workspace", ws, "--json").stdout)
    assert _statuses(log) == [("backend", "blocked"), ("dba", "interrupted")]


def _asked(*statuses: str) -> list[DelegationRow]:
    return [
        DelegationRow(i, "s", 1, None, "d", "b", "r", status, None, None, 1.0, None)
        for i, status in enumerate(statuses)
    ]


def test_a_run_is_resumed_once_none_of_its_questions_is_open() -> None:
    answered, retried = DelegationStatus.ANSWERED, DelegationStatus.RETRIED
    consulting, waiting = DelegationStatus.CONSULTING, DelegationStatus.WAITING
    assert resumed(_asked(answered)) and resumed(_asked(answered, answered))
    assert resumed(_asked(retried, answered))
    assert not resumed(_asked())  # never asked: its blocked row is the truth
    assert not resumed(_asked(answered, consulting))
    assert not resumed(_asked(retried, waiting))
