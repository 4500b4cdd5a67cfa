"""The store's queries answer the same on both backends: listings, filters, totals, order
(ties included), deletion and the read model built on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.events import Routed
from coordinator.store import session_log
from coordinator.store.db import SessionQuery, Store

FIRST = {"role": "user", "content": "hi"}


def _session(store: Store, ws: Path, request: str, agent: str, status: str) -> str:
    sid = store.create_session(request, ws, {})
    with store.transaction():
        root = store.start_run(
            sid, agent=agent, model="m", depth=0, max_turns=5, first_message=FIRST
        )
        store.update_run(root, input_tokens=10, output_tokens=5, cost_usd=0.5)
        store.add_event(Routed(sid, None, request, agent))
    store.set_session_status(sid, status)
    return sid


def test_sessions_are_newest_first_and_ties_keep_the_order_they_were_made(
    store: Store, tmp_path: Path
) -> None:
    ids = [_session(store, tmp_path, f"r{i}", "backend", "complete") for i in range(4)]
    store._write("UPDATE sessions SET created_at = 5.0")  # one instant for all
    store.set_session_status(ids[0], "failed")  # an update must not reorder them
    store.set_session_status(ids[2], "failed")
    assert [s.id for s in store.sessions()] == ids[::-1]
    assert [s.row.id for s in store.find_sessions(SessionQuery())] == ids[::-1]
    assert [s.id for s in store.sessions("failed")] == [ids[2], ids[0]]


def test_session_filters_and_totals(store: Store, tmp_path: Path) -> None:
    a = _session(store, tmp_path, "Add the 100% Endpoint", "backend", "complete")
    b = _session(store, tmp_path, "Fix a_b index", "dba", "waiting")
    c = _session(store, tmp_path, "Deploy", "ops", "failed")

    def ids(**query: object) -> list[str]:
        return [s.row.id for s in store.find_sessions(SessionQuery(**query))]  # type: ignore[arg-type]

    assert ids(statuses=("complete", "waiting")) == [b, a]
    assert ids(agent="dba") == [b]
    assert ids(search="100% endpoint") == [a]  # case-insensitive, % taken literally
    assert ids(search="a_b") == [b] and ids(search="x_y") == []
    assert ids(limit=2) == [c, b]
    created = store.session(b).created_at
    assert ids(before=created) == [a] and ids(since=created) == [c, b]
    (summary,) = store.find_sessions(SessionQuery(agent="backend"))
    assert (summary.agent, summary.tokens, summary.cost_usd) == ("backend", 15, 0.5)
    assert [run.agent for run, *_ in store.runs_since(created)] == ["dba", "ops"]


def test_tool_calls_keep_their_order_and_types(store: Store, tmp_path: Path) -> None:
    sid = _session(store, tmp_path, "r", "backend", "running")
    (run,) = store.runs(sid)
    for n in range(3):
        store.tool_started(run.id, 1, f"t{n}", "Read", {"file_path": f"{n}.py"})
    store._write("UPDATE tool_calls SET started_at = 7.0")  # one instant for all
    store.tool_done(run.id, 1, "t0", "boom", True)
    calls = store.all_tool_calls(sid)
    assert [c.tool_use_id for c in calls] == ["t0", "t1", "t2"]
    assert (calls[0].state, calls[0].is_error, calls[1].is_error) == ("done", True, False)
    assert store.tool_input(calls[2]) == {"file_path": "2.py"}


def test_deleting_sessions_removes_every_row_of_theirs(store: Store, tmp_path: Path) -> None:
    gone = _session(store, tmp_path, "old", "backend", "complete")
    kept = _session(store, tmp_path, "new", "backend", "complete")
    (run,) = store.runs(gone)
    store.tool_started(run.id, 1, "t", "Read", {})
    store.add_delegation(gone, run.id, domain="Database", blocker="b", required="r")
    store.delete_sessions([gone])
    assert [s.id for s in store.sessions()] == [kept]
    assert store.events(gone) == [] and store.runs(gone) == [] and store.delegations(gone) == []
    assert store.last_event(kept) > 0 and store.last_event(gone) == 0
    assert session_log.log_json(store, store.session(kept))["chain"]["agent"] == "backend"


def test_unknown_run_fields_are_refused(store: Store, tmp_path: Path) -> None:
    sid = _session(store, tmp_path, "r", "backend", "running")
    (run,) = store.runs(sid)
    with pytest.raises(ValueError, match="unknown run fields"):
        store.update_run(run.id, nonsense=1)
    store.update_run(run.id, turns=3, stop_reason="end_turn")
    assert (store.run(run.id).turns, store.run(run.id).stop_reason) == (3, "end_turn")
