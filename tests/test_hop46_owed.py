"""Schema 14: a run that blocks on a consult has its row's update left to its next write
(issue 12, hop46).

The blocked step stores the run's final message and events and starts the consult; the
run's row keeps what it said before (running, one turn fewer), and the consult's run holds
the columns it is owed (its report and counters) with its question until the run's next
write takes them. Every reader reads the run as the old UPDATE wrote it: blocked, its
final turn counted, its report (``Store.runs``/``run``/``runs_since``, ``coord sessions``'
totals), on both backends.

* Killed with the blocked step stored and nothing after it, the session reads as before
  (``coord log --json``, ``coord sessions --json``, ``coord stats --json``), and its resume
  consults once and counts the blocked turn once.
* A file of schema 13 written by main's code upgrades with no row changed and reads as
  before (log, log --json, sessions, conversations, questions).
* A consult that fails gives the run's row what it was owed (its question then waits).
* A broken owed question is a named bad row.
"""

from __future__ import annotations

import json
import signal
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import (
    Harness,
    assert_prints_as_before,
    assert_rows_kept,
    blocked,
    copy_of,
    edit_main,
    old_rows,
    read_json,
    report,
    rows,
    wait_for_event,
    workspace,
    write_agents,
    write_script,
)
from storefixtures import open_at

from coordinator.store.db import SCHEMA_VERSION, SessionQuery, Store
from coordinator.store.faults import StoreError

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema13-chains.db"  # written by main's code (083be241): make_schema13_db.py
OLD_LOGS = DATA / "schema13-chains.log.json"
TABLES = ("sessions", "runs", "delegations", "tool_calls", "event_log", "message_log")
REPORT = (
    '{"summary":"Blocked","changes":[],"files":[],"file_lines":{},"file_groups":{},'
    '"status":"blocked","domain":"database","blocker":"b ✓","required":"r \\"q\\""}'
)


def _chain(latency_ms: int) -> dict[str, list[dict[str, Any]]]:
    """backend edits and blocks on database; dba answers (``latency_ms`` late); backend
    resumes and completes."""
    return {
        "backend": [
            {"tool_calls": [edit_main("# before-consult")]},
            {"text": blocked("Database", "Current User model schema")},
            {"expect": "[coordinator:resume]", "text": report("Complete", "Done")},
        ],
        "dba": [{"latency_ms": latency_ms, "text": "email: str\n" + report("Complete", "Schema")}],
    }


def _killed_after_the_block(tmp_path: Path) -> tuple[Path, Path]:
    """A ``coord run`` SIGKILLed once its blocked step is stored, the consult's model call in
    flight (for an hour): the workspace and its database."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    db = ws / ".coordinator" / "coordinator.db"
    hang = write_script(tmp_path / "hang.yaml", _chain(3_600_000))
    proc = spawn(
        "run", "Add a task endpoint", "--agent", "backend", "--workspace", ws,
        "--agents-dir", agents, "--only", "--provider", "scripted", "--script", hang, "--json",
        "--no-hooks",  # (none to run: a final turn is stored with the step acting on it)
    )  # fmt: skip
    try:
        wait_for_event(db, "kind = 'consult_started'", proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)  # a safety net: the SIGKILL ends it
    return ws, db


def _spent(db: Path, agent: str) -> tuple[int, int, int, float]:
    """An agent's model calls, input and output tokens and cost, from its events (read by
    the store: since schema 15 a stored ``model_call`` leaves its agent to its run's row)."""
    with closing(Store.open(db)) as store:
        calls = [
            e.data
            for s in store.sessions()
            for e in store.events(s.id)
            if e.kind == "model_call" and e.data["agent"] == agent
        ]
    return (
        len(calls),
        sum(c["input_tokens"] for c in calls),
        sum(c["output_tokens"] for c in calls),
        sum(c["cost_usd"] for c in calls),
    )


def test_killed_after_the_blocked_step_it_reads_as_blocked_and_resumes_consulting_once(
    tmp_path: Path,
) -> None:
    ws, db = _killed_after_the_block(tmp_path)
    # the blocked step wrote no update of the run's row: it still says what it said before
    assert rows(db, "SELECT agent, status, turns, report FROM runs ORDER BY id") == [
        ("backend", "running", 1, None),
        ("dba", "running", 0, None),
    ]
    turns, inputs, outputs, cost = _spent(db, "backend")
    assert turns == 2
    [listed] = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
    sid = listed["session"]
    log = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    root = log["chain"]
    assert (root["status"], root["turns"], root["tokens"]) == ("blocked", 2, inputs + outputs)
    assert root["cost_usd"] == round(cost, 6)
    assert root["report"]["status"] == "blocked"
    assert root["report"]["required"] == "Current User model schema"
    assert log["tokens"] == inputs + outputs
    assert (listed["status"], listed["tokens"]) == ("interrupted", inputs + outputs)
    assert listed["cost_usd"] == log["cost_usd"] == round(cost, 6)
    stats = {r["agent"]: r for r in json.loads(coord("stats", "--json", "--db", db).stdout)}
    assert (stats["backend"]["input_tokens"], stats["backend"]["output_tokens"]) == (
        inputs,
        outputs,
    )

    fast = write_script(tmp_path / "fast.yaml", _chain(0))
    done = coord("resume", sid, "--workspace", ws, "--script", fast, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    assert rows(db, "SELECT agent FROM runs ORDER BY id") == [("backend",), ("dba",)]  # once
    turns, inputs, outputs, cost = _spent(db, "backend")
    assert turns == 3  # no model call repeated
    assert rows(db, "SELECT status, turns, input_tokens, output_tokens FROM runs WHERE id = 1") == [
        ("complete", 3, inputs, outputs)  # the blocked turn counted once
    ]
    assert rows(db, "SELECT cost_usd FROM runs WHERE id = 1")[0][0] == pytest.approx(cost)


def test_a_schema_13_file_upgrades_with_nothing_changed_and_reads_as_before(
    tmp_path: Path,
) -> None:
    old = copy_of(OLD, tmp_path)
    assert rows(old, "PRAGMA user_version") == [(13,)]
    before = old_rows(old, TABLES)
    assert rows(old, "SELECT status FROM runs WHERE id = 4") == [("blocked",)]
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(18,)]
    assert_rows_kept(old, before)
    logs = read_json(OLD_LOGS)
    sessions = list(logs["text"])
    assert_prints_as_before(old, logs)
    with closing(Store.open(old)) as store:
        conversations = {
            str(r.id): store.messages(r.id) for s in store.sessions() for r in store.runs(s.id)
        }
        assert conversations == logs["messages"]
        asked = [(d.blocker, d.status) for d in store.delegations(sessions[1])]
        assert asked[-2:] == [
            ("Which table holds the tasks? ✓", "waiting"),
            ("Which table holds the tasks? ✓", "consulting"),
        ]


def _blocked_on_a_consult(store: Store) -> tuple[str, int, int]:
    """A root run that took one turn, then blocked on a consult without writing its row (as
    the engine does since schema 14): the session, the root and the consult."""
    sid = store.create_session("r", Path("/w"), {})
    first = {"role": "user", "content": "task"}
    with store.transaction():
        root = store.start_run(
            sid, agent="backend", model="m", depth=0, max_turns=9, first_message=first
        )
        store.update_run(root, turns=1, input_tokens=10, output_tokens=2, cost_usd=0.25)
        owed = {
            "turns": 2,
            "stop_reason": "end_turn",
            "input_tokens": 30,
            "output_tokens": 5,
            "cost_usd": 0.5,
            "model_ms": 7,
            "report": REPORT,
        }
        child = store.start_run(
            sid,
            agent="dba",
            model="m",
            depth=1,
            max_turns=9,
            first_message=first,
            parent_run_id=root,
            domain="database",
            question=("b ✓", 'r "q"'),
            asker=owed,
        )
    return sid, root, child


def test_both_backends_read_a_run_owed_its_blocked_columns_as_blocked(store: Store) -> None:
    sid, root, child = _blocked_on_a_consult(store)
    for run in (store.runs(sid)[0], store.run(root), store.runs_since(None)[0][0]):
        assert (run.id, run.status, run.turns, run.input_tokens, run.output_tokens) == (
            root,
            "blocked",
            2,
            30,
            5,
        )
        assert (run.cost_usd, run.model_ms, run.report, run.stop_reason) == (
            0.5,
            7,
            REPORT,
            "end_turn",
        )
    [summary] = store.find_sessions(SessionQuery())
    assert (summary.tokens, summary.cost_usd) == (35, 0.5)
    [question] = store.delegations(sid)
    assert (question.child_run_id, question.blocker, question.required) == (child, "b ✓", 'r "q"')
    assert (question.status, store.delegation(question.id)) == ("consulting", question)
    with store.transaction():  # its next write: the row holds them, newer counters over them
        store.update_run(root, status="running", turns=3, input_tokens=40, output_tokens=6)
    run = store.run(root)
    assert (run.status, run.turns, run.input_tokens, run.cost_usd) == ("running", 3, 40, 0.25)
    [summary] = store.find_sessions(SessionQuery())
    assert summary.tokens == 46


async def test_a_failed_consult_gives_the_blocked_row_what_it_was_owed(tmp_path: Path) -> None:
    script = {
        "backend": [{"text": blocked("Database", "Current User model schema")}],
        "dba": [{"text": "I can't help with that.", "stop_reason": "refusal"}],
    }
    h = Harness(tmp_path, script)
    seen: list[tuple[Any, ...]] = []

    def observe(event: Any) -> None:  # the blocked step's row, read inside its transaction
        if event.kind == "consult_started":
            sql = "SELECT status, turns FROM runs WHERE id = ?"
            seen.append(tuple(h.store._rows(sql, (event.run_id,))[0]))

    h.engine.journal.observer = observe
    try:
        result = await h.engine.start("Add a task endpoint", agent="backend")
        assert seen == [("running", 0)]  # not written when it blocked on the consult
        assert result.status == "waiting"
        [root, consult] = h.store.runs(result.session_id)
        assert (consult.status, consult.question) == ("failed", None)  # it holds nothing now
    finally:
        h.close()
    # the row itself holds what the blocked step left to it
    assert rows(h.db, "SELECT status, turns, report FROM runs WHERE id = ?", (root.id,)) == [
        ("blocked", 1, root.report)
    ]
    assert root.report is not None and json.loads(root.report)["status"] == "blocked"


@pytest.mark.parametrize(
    "question",
    [
        '[{"a":1},1,2]',  # too few counters
        '[{"a":1},1,null,1,1,"lots",1,0,0]',  # a cost that is no number
        '[{"a":1},1,7,1,1,0.5,1,0,0]',  # a stop reason that is no text
    ],
)
def test_a_broken_owed_question_is_a_named_bad_row(tmp_path: Path, question: str) -> None:
    store = open_at(str(tmp_path / "s.db"))
    try:
        sid, _, child = _blocked_on_a_consult(store)
        store._execute("UPDATE runs SET question = ? WHERE id = ?", (question, child))
        with pytest.raises(StoreError, match=rf"runs row {child} .* question"):
            store.runs(sid)
    finally:
        store.close()
