"""review134: a step's transaction the server rolls back (40P01, raised by a trigger on the
events of one kind) at every kind of step a worker drives: the session driven on to its
stop, no model call made twice, no tool's or hook's effect twice, no event stored twice,
every hook run recorded, the lease ended done."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from kit import blocked, report, write_agents, write_script
from test_ops112_retry_pg import counted_model_calls, deadlock_trigger, driven_under
from test_workers_pg import MARK, hop, store_at, submit

from coordinator.runtime.hooks_owed import end_owed
from coordinator.store.pg import WRITE_TRIES

#: The first ``{times}`` inserts of an event of kind ``{kind}`` are rolled back as a deadlock
#: would be.
ROLLED_BACK = deadlock_trigger(
    "review134", "events", "NEW.kind = '{kind}' AND nextval('review134_seen') <= {times}"
)


#: Each hook run appends a line (a PostToolUse one the edit's text): a repeat shows twice.
HOOKS = {
    event: [{"matcher": "*", "hooks": [{"type": "command", "command": command}]}]
    for event, command in {
        "PostToolUse": "jq -c .tool_input.new_string >> hooks.log",
        "SessionEnd": "echo end >> hooks.log",
    }.items()
}


def _chain() -> dict[str, Any]:
    """Two edits, then a report."""
    return {"backend": [hop(1, 0), hop(2, 0), {"text": report("Complete", "Done")}]}


def _consult() -> dict[str, Any]:
    """backend edits, blocks on the database; dba reads, answers; backend edits, reports
    (4 model calls and 2)."""
    read = {"tool_calls": [{"name": "Read", "input": {"file_path": "effects.log"}}]}
    return {
        "backend": [
            hop(1, 0),
            {"text": blocked("Database", "Current User model schema")},
            hop(2, 0),
            {"text": report("Complete", "Done")},
        ],
        "dba": [read, {"text": report("Complete", "Schema read", domain="Database")}],
    }


def _person() -> dict[str, Any]:
    """backend edits, then blocks on what no agent of the team answers: a person's wait."""
    return {"backend": [hop(1, 0), {"text": blocked("Legal", "the licence terms")}]}


#: The kind of event rolled back, how many times: the script, its stop, its model calls.
CASES = {
    ("model_call", 1): (_chain, "complete", 3),
    ("tool_call", 1): (_chain, "complete", 3),
    ("tool_result", 1): (_chain, "complete", 3),
    ("hook", 1): (_chain, "complete", 3),
    ("hooks_owed", 1): (_chain, "complete", 3),
    ("report", 1): (_chain, "complete", 3),
    ("completed", 1): (_chain, "complete", 3),
    ("hooks_fired", 1): (_chain, "complete", 3),
    ("hooks_fired", WRITE_TRIES): (_chain, "complete", 3),
    ("session_resumed", 1): (_chain, "complete", 3),
    ("consult_started", 1): (_consult, "complete", 6),
    ("consult_done", 1): (_consult, "complete", 6),
    ("blocked", 1): (_person, "waiting", 2),
    ("waiting", 1): (_person, "waiting", 2),
}


@pytest.mark.parametrize(("kind", "times"), list(CASES))
def test_a_rollback_at_each_step_kind_repeats_nothing(
    tmp_path: Path, pg_url: str, kind: str, times: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    script_of, status, model_calls = CASES[kind, times]
    calls = counted_model_calls(monkeypatch)
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    script = write_script(tmp_path / "s.yaml", script_of())
    ws = tmp_path / "roots" / "ws0"
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": HOOKS}))
    [sid] = submit(tmp_path, pg_url, script, agents, 1, 0, "--allow-bash")
    rolled = ROLLED_BACK.replace("{kind}", kind).replace("{times}", str(times))
    line, log, seen = driven_under(pg_url, tmp_path / "roots", sid, "review134", rolled)
    with psycopg.connect(pg_url, autocommit=True) as con:
        events = con.execute(
            "SELECT kind, run_id, data FROM events WHERE session_id = %s ORDER BY seq", (sid,)
        ).fetchall()
        lease = con.execute(
            "SELECT state FROM coordinator_jobs WHERE session_id = %s", (sid,)
        ).fetchall()
    assert seen >= times  # (the deadlock was raised)
    assert line.startswith(f"ended {sid} {status}"), log
    twice = Counter(
        (k, run, data) for k, run, data in events if k not in ("session_resumed", "interrupted")
    )
    assert not {k: n for k, n in twice.items() if n > 1}, [e[0] for e in events]
    assert len(calls) == model_calls, log
    assert {state for (state,) in lease} <= {"done"}, lease
    with closing(store_at(pg_url)) as store:
        assert store.session(sid).status == status
        assert not end_owed(store, sid)  # (its SessionEnd hooks' runs recorded)
    lines = (ws / "effects.log").read_text().splitlines()
    assert lines[0] == MARK and len(lines) == len(set(lines)), lines
    ran = (ws / "hooks.log").read_text().splitlines()
    assert len(ran) == len(set(ran)), ran  # each hook's effect once (past the store's
    # tries too: the worker's next try stores the runs it has, hooks114)
    assert len(ran) == [e[0] for e in events].count("hook"), ([e[0] for e in events], ran)
