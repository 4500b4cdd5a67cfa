"""One store call per step, and a final turn written with its outcome (issue 12, engine4).

* A quiet final turn (no tools, hooks, worktree or MCP servers) is kept on its run
  (``RunState.unsaved``) and written by the step that acts on it: with its outcome, or before
  the request to repair its report. No ``Store.defer`` round trip, no commit in between.
* Each step reaches the store in one call, :meth:`Store.record_step` (message, then columns,
  then events); its default makes the three calls it stands for.
* A run's update carries only the columns the step changes: no cache counters before the
  run used the cache, no failure columns for a run that did not fail, no ``ended_at`` for a
  blocked run. The stored rows are what they were.
* A driver stopped between a final turn and its outcome (an error, a signal) writes the
  turn first, so a resume reads its report without calling the model again (killed there,
  the process repeats that one call, as before: ``tests/test_kill_resume.py``).

An in-process provider double (no SDK import) keeps the file fast.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from coordinator.events import ModelCalled, Routed
from coordinator.providers.base import Usage
from coordinator.runtime.engine import Engine
from coordinator.store.db import Store
from tests.kit import Harness, InstantTurns, blocked, report

CHAIN = {
    "backend": [blocked("database", "The schema"), report("Complete")],
    "dba": [blocked("devops", "The pipeline"), report("Complete", "Schema given")],
    "ops": [report("Complete", "Pipeline given")],
}
#: The stored events of that chain, in order (unchanged by this branch).
CHAIN_KINDS = [
    "routed",
    "run_started",
    "model_call",
    "report",
    "blocked",
    "run_started",
    "consult_started",
    "model_call",
    "report",
    "blocked",
    "run_started",
    "consult_started",
    "model_call",
    "report",
    "run_ended",
    "consult_done",
    "resumed",
    "model_call",
    "report",
    "run_ended",
    "consult_done",
    "resumed",
    "model_call",
    "report",
    "run_ended",
    "completed",
]


class Turns(InstantTurns):
    """Answers each agent's k-th turn at once; ``usage`` per call (cache tokens or not)."""

    def __init__(self, turns: dict[str, list[str]], usage: Usage | None = None):
        super().__init__(turns, usage or Usage(input_tokens=10, output_tokens=2))


def _harness(tmp_path: Path, turns: dict[str, list[str]], **kw: Any) -> Harness:
    return Harness(tmp_path, {}, provider=Turns(turns, kw.pop("usage", None)), **kw)


def _steps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, list[str], str | None, list[str]]]:
    """Every Store.record_step call: (run id, columns, message role, event kinds)."""
    calls: list[tuple[int, list[str], str | None, list[str]]] = []
    real = Store.record_step

    def spy(
        self: Store, run_id: int, fields: Any = None, message: Any = None, events: Any = ()
    ) -> list[int]:
        role = message["role"] if message is not None else None
        calls.append((run_id, sorted(fields or {}), role, [e.kind for e in events]))
        return real(self, run_id, fields, message, events)

    monkeypatch.setattr(Store, "record_step", spy)
    return calls


def test_a_final_turn_is_written_with_its_outcome_in_one_store_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = _harness(tmp_path, {"backend": [report("Complete")]})
    deferred: list[object] = []
    monkeypatch.setattr(Store, "defer", lambda self, write: deferred.append(write))
    steps = _steps(monkeypatch)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    assert deferred == []  # no deferred write: the step carries the turn
    [(run_id, columns, role, kinds)] = steps
    assert role == "assistant"
    assert kinds == ["model_call", "report", "run_ended", "completed"]
    assert columns == sorted(
        [
            *("turns", "stop_reason", "input_tokens", "output_tokens", "cost_usd", "model_ms"),
            *("status", "report", "ended_at"),  # the final message: in its conversation
        ]
    )
    row = h.store.run(run_id)
    assert (row.status, row.turns, row.input_tokens, row.output_tokens) == ("complete", 1, 10, 2)
    assert row.failure_kind is None and row.failure is None and row.ended_at is not None
    assert (row.cache_write_tokens, row.cache_read_tokens) == (0, 0)
    assert [m["role"] for m in h.store.messages(run_id)] == ["user", "assistant"]
    assert h.kinds(result.session_id) == [e.kind for e in h.events]
    h.close()


def test_a_chain_stores_the_same_events_in_order_and_tells_observers_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = _harness(tmp_path, CHAIN)
    steps = _steps(monkeypatch)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    assert h.kinds(result.session_id) == CHAIN_KINDS
    assert [e.kind for e in h.events] == CHAIN_KINDS
    # five outcomes, each with its final turn; two runs resumed with their answers
    assert [role for _, _, role, _ in steps] == ["assistant"] * 3 + ["user", "assistant"] * 2
    runs = {r.agent: r for r in h.store.runs(result.session_id)}
    assert all(r.status == "complete" and r.ended_at is not None for r in runs.values())
    assert all(r.turns == (1 if r.agent == "ops" else 2) for r in runs.values())
    for run in runs.values():
        roles = [m["role"] for m in h.store.messages(run.id)]
        assert roles == ["user", "assistant"] * (len(roles) // 2)
    h.close()


def test_a_blocked_run_keeps_ended_at_null_until_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = _harness(tmp_path, {"backend": [blocked("database", "The schema")]}, max_depth=0)
    steps = _steps(monkeypatch)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "waiting"
    [(run_id, columns, _, kinds)] = steps
    assert "ended_at" not in columns and "failure_kind" not in columns
    assert kinds == ["model_call", "report", "blocked"]
    row = h.store.run(run_id)
    assert (row.status, row.ended_at, row.failure_kind) == ("blocked", None, None)
    assert row.report_json is not None and row.report_json["status"] == "blocked"
    h.close()


def test_cache_counters_are_stored_once_the_run_uses_the_cache(tmp_path: Path) -> None:
    usage = Usage(
        input_tokens=10, output_tokens=2, cache_creation_input_tokens=7, cache_read_input_tokens=5
    )
    h = _harness(tmp_path, CHAIN, usage=usage)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    runs = {r.agent: r for r in h.store.runs(result.session_id)}
    assert (runs["backend"].cache_write_tokens, runs["backend"].cache_read_tokens) == (14, 10)
    assert (runs["ops"].cache_write_tokens, runs["ops"].cache_read_tokens) == (7, 5)
    h.close()


def test_an_unreadable_report_stores_the_failure_columns(tmp_path: Path) -> None:
    h = _harness(tmp_path, {"backend": ["no report at all"] * 3}, max_report_repairs=1)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "needs_review"
    [row] = h.store.runs(result.session_id)
    assert row.failure_kind == "unreadable_report" and row.failure
    assert row.ended_at is not None and row.report is None
    h.close()


def test_a_repair_request_follows_the_final_message_it_answers(tmp_path: Path) -> None:
    h = _harness(tmp_path, {"backend": ["no report at all", report("Complete")]})
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    [row] = h.store.runs(result.session_id)
    messages = h.store.messages(row.id)
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[1]["content"][0]["text"] == "no report at all"
    assert messages[2]["content"].startswith("[coordinator:report-error]")
    kinds = h.kinds(result.session_id)
    assert kinds[2:5] == ["model_call", "report", "model_call"]  # the bad turn, then its error
    assert (row.turns, row.repairs) == (2, 1)
    h.close()


def test_a_driver_stopped_before_the_outcome_keeps_the_final_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = _harness(tmp_path, {"backend": [report("Complete")] * 2})

    def gone(*args: Any) -> Any:
        raise KeyboardInterrupt  # the driver stops between a final turn and its outcome

    with monkeypatch.context() as m:
        m.setattr(Engine, "_next", gone)
        with pytest.raises(KeyboardInterrupt):
            asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    [session] = h.store.sessions()
    [row] = h.store.runs(session.id)
    assert [m["role"] for m in h.store.messages(row.id)] == ["user", "assistant"]
    assert session.status == "interrupted"
    provider: Turns = h.engine.runner.provider  # type: ignore[assignment]
    result = asyncio.run(h.engine.resume(session.id))
    assert result.status == "complete" and provider.calls == 1  # its report read, no new call
    assert h.kinds(session.id).count("model_call") == 1
    h.close()


def test_record_step_writes_the_message_then_the_columns_then_the_events(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "s.db")
    with store.transaction():
        sid = store.create_session("r", tmp_path, {})
        run = store.start_run(
            sid,
            agent="a",
            model="m",
            depth=0,
            max_turns=3,
            first_message={"role": "user", "content": "t"},
        )
    message = {"role": "assistant", "content": [{"type": "text", "text": "hi"}]}
    events = [
        Routed(sid, None, "r", "a"),
        ModelCalled(sid, run, "a", 1, "end_turn", 3, 4, 0.5, 9),
    ]
    with store.transaction():
        store.record_step(run, {"turns": 1, "input_tokens": 3}, message, events)
        store.record_step(run, None, None, ())  # nothing to write
    assert store.messages(run)[-1] == message
    row = store.run(run)
    assert (row.turns, row.input_tokens) == (1, 3)
    assert [e.kind for e in store.events(sid)] == ["routed", "model_call"]
    store.close()
