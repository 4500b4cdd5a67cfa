"""review137: a late SessionEnd's span (hooks113) finds the workflow span that ended its
session by replaying the events that opened that span, not the whole log: a session of
5,000 events took ~1.5 s before (loaded machine); its few events now. The span found is
the full replay's, for a session resumed several times (answers, a process killed while
its part was begun, a woken one's hooks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from kit import blocked, report
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_hooks import Run

from coordinator import events as ev
from coordinator.store.db import Store
from coordinator.store.rows import EventRow
from coordinator.telemetry.otel import TraceRecorder, logged_events, recorder


class _Counted:
    """A store that counts the event rows read from it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.read = 0

    def events(self, *args: Any, **kwargs: Any) -> list[EventRow]:
        rows = self.store.events(*args, **kwargs)
        self.read += len(rows)
        return rows

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _calls(r: Run, sid: str, run: int, n: int) -> None:
    """``n`` model calls, each with a tool call, logged in ``run`` (a long part)."""
    with r.store.transaction():
        for i in range(n):
            r.store.add_event(ev.ModelCalled(sid, run, "backend", i, "tool_use", 9, 9, 0.0, 1))
            r.store.add_event(ev.ToolStarted(sid, run, "backend", f"t{i}", "Read", "x"))
            r.store.add_event(ev.ToolFinished(sid, run, "backend", f"t{i}", "Read", False, "ok"))


def _replayed_end(r: Run, sid: str) -> Any:
    """The workflow span the whole log's replay ends the session with."""
    full = recorder(InMemorySpanExporter())
    full.replay(logged_events(r.store.events(sid)))
    full.close()
    return full.ended[sid]


async def test_the_ending_workflow_span_is_found_from_the_events_that_opened_it(
    tmp_path: Path,
) -> None:
    """Asked twice, answered twice, once by a process killed while its part had begun
    (its ``session_resumed`` with no end), the last part long: the span found is the
    full replay's, and the rows read are a few of the last part's. Before (hooks113):
    every row of the log was read and replayed."""
    end = {"SessionEnd": [{"hooks": [{"type": "command", "command": "echo bye"}]}]}
    turns = [
        {"text": blocked("Payments", "the merchant id")},
        {"text": blocked("Payments", "the currency")},
        {"text": report("Complete")},
    ]
    r = Run(tmp_path, {"backend": turns}, end)
    sid = (await r.engine.start("Add tasks", agent="backend")).session_id
    run = next(e.run_id for e in r.store.events(sid) if e.run_id is not None)
    await r.engine.resume(sid, context="42")  # asked again
    with r.store.transaction():  # a process that took it up and was killed (begun, open)
        r.store.add_event(ev.SessionResumed(sid, None, process="host:1"))
    _calls(r, sid, run, 50)
    await r.engine.resume(sid, context="EUR")  # completes
    _calls(r, sid, run, 300)  # (logged after: as a long last part's would read)
    rows = len(r.store.events(sid))

    counted = _Counted(r.store)
    found = TraceRecorder.ended_in(cast(Store, counted), sid)
    assert found is not None and found == _replayed_end(r, sid)
    assert counted.read <= 64, (counted.read, rows)


async def test_a_session_woken_after_it_finished_ends_with_its_latest_workflow_span(
    tmp_path: Path,
) -> None:
    """A guard (holds on hooks113 too): finished, then taken up again (its part's hooks
    logged before its ``session_resumed``) and finished again: the span found is the
    second finish's, as the full replay's."""
    end = {"SessionEnd": [{"hooks": [{"type": "command", "command": "echo bye"}]}]}
    turns = [{"text": blocked("Payments", "the merchant id")}, {"text": report("Complete")}]
    r = Run(tmp_path, {"backend": turns}, end)
    sid = (await r.engine.start("Add tasks", agent="backend")).session_id
    run = next(e.run_id for e in r.store.events(sid) if e.run_id is not None)
    await r.engine.resume(sid, context="42")
    first = TraceRecorder.ended_in(r.store, sid)
    with r.store.transaction():  # woken: its hooks, then a part of its own, finished
        r.store.add_event(
            ev.HookRan(sid, run, "backend", "Stop", "settings", "x", "ok", 0, None, "", 1)
        )
        r.store.add_event(ev.SessionResumed(sid, None, process="host:2"))
    _calls(r, sid, run, 3)
    with r.store.transaction():
        r.store.add_event(ev.Completed(sid, None, "complete", "again"))
    found = TraceRecorder.ended_in(r.store, sid)
    assert found is not None and found == _replayed_end(r, sid)
    assert first is not None and found != first


def test_both_backends_read_a_sessions_events_past_a_seq_and_the_seqs_of_some_kinds(
    store: Store,
) -> None:
    """What :meth:`TraceRecorder.ended_in` reads: ``Store.events`` past a ``seq``, at most
    so many, and ``Store.event_seqs`` (the ``seq`` and kind of the events of some kinds,
    no payload), on SQLite and PostgreSQL alike."""
    sid = store.create_session("r", Path("/w"), {})
    with store.transaction():
        store.add_event(ev.Routed(sid, None, "request", "backend"))
        store.add_event(ev.Waiting(sid, None, "needs_input", "backend"))
        store.add_event(ev.SessionResumed(sid, None, process="host:1"))
        store.add_event(ev.Completed(sid, None, "complete"))
    every = store.events(sid)
    seqs = [e.seq for e in every]
    assert [e.seq for e in store.events(sid, seqs[0])] == seqs[1:]
    assert [e.seq for e in store.events(sid, seqs[0], 2)] == seqs[1:3]
    kinds = (ev.Waiting.kind, ev.Completed.kind)
    assert store.event_seqs(sid, kinds) == [(seqs[1], kinds[0]), (seqs[3], kinds[1])]


async def test_a_row_the_store_cannot_read_leaves_the_late_span_unfound_never_raised(
    tmp_path: Path,
) -> None:
    """A guard (holds on hooks113 too): a trace never fails what it watches. An event row
    of the ending part that the store cannot read (a ``model_call`` of a run the session
    does not have) has the lookup find nothing (the late hook opens a workflow span of its
    own), never raises the StoreError out of the observer into the transaction storing
    the late SessionEnd's runs."""
    end = {"SessionEnd": [{"hooks": [{"type": "command", "command": "echo bye"}]}]}
    turns = [{"text": blocked("Payments", "the merchant id")}, {"text": report("Complete")}]
    r = Run(tmp_path, {"backend": turns}, end)
    sid = (await r.engine.start("Add tasks", agent="backend")).session_id
    with r.store.transaction():
        r.store.add_event(ev.ModelCalled(sid, 999_999, "backend", 1, "end_turn", 1, 1, 0.0, 1))
    await r.engine.resume(sid, context="42")
    assert TraceRecorder.ended_in(r.store, sid) is None
