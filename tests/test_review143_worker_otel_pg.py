"""review143: ``coord worker --otel``, a worker's sessions traced live as ``coord run
--otel`` traces its own (docs/many-machines.md said a worker traces only when started with
``--otel``, which ``coord worker`` did not take: a worker traced nothing live). A real
PostgreSQL cluster, real in-process workers, the in-memory exporter the otel tests use."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import write_script
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_hooks114_owed_pg import _ended_owing
from test_workers_pg import InProcessWorker, chain, store_at, submit_at_once
from typer.testing import CliRunner

import coordinator.telemetry
from coordinator.cli.app import app
from coordinator.providers.pool import ProviderPool
from coordinator.runtime.worker import drive_claimed
from coordinator.telemetry.otel import TraceRecorder, logged_events, recorder
from tests.kit import write_agents


def _attrs(span: Any) -> dict[str, Any]:
    return dict(span.attributes or {})


def test_a_worker_started_with_otel_exports_each_session_it_drives(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker given a trace recorder (``coord worker --otel``: as ``coord run --otel``'s,
    here exporting in memory) starts it once, tells it each session it drives and closes
    it when it stops: the session's workflow span (its id as conversation id) and its
    agent's span, exported."""
    exported = InMemorySpanExporter()
    started: list[TraceRecorder] = []

    def tracing() -> TraceRecorder:
        started.append(recorder(exported))
        return started[-1]

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, tracing=tracing)
    try:
        assert live.line_with(sid).startswith(("claimed", "driving"))
        live.line_with(f"ended {sid}")
    finally:
        live.stop()
    assert len(started) == 1
    spans = exported.get_finished_spans()
    ours = [s for s in spans if _attrs(s).get("gen_ai.conversation.id") == sid]
    names = {s.name for s in ours}
    assert "invoke_workflow coordinator" in names and "invoke_agent backend" in names, names
    [ending] = [s for s in ours if _attrs(s).get("coordinator.session.status") == "complete"]
    assert ending.name == "invoke_workflow coordinator"


def test_a_late_session_end_a_traced_worker_fires_is_live_under_the_ending_workflow(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A traced worker fires the SessionEnd hooks a killed worker owed: its live ``hook
    SessionEnd`` span goes under the workflow span that ended the session (the one the
    log's replay gives it), not a workflow of its own."""
    held, sid = _ended_owing(tmp_path, pg_url, monkeypatch)
    live = InMemorySpanExporter()
    tracer = recorder(live)
    with closing(store_at(pg_url)) as store:
        assert store.claim_session(sid, "taker") is not None
        asyncio.run(drive_claimed(store, [].append, ProviderPool(), tracer=tracer))
        tracer.close()
        replayed = InMemorySpanExporter()
        again = recorder(replayed)
        again.describe_from(store)
        again.replay(logged_events(store.events(sid)))
        again.close()
    [ending] = [
        s for s in replayed.get_finished_spans()
        if _attrs(s).get("coordinator.session.status") == "complete"
    ]  # fmt: skip
    spans = live.get_finished_spans()
    [hook] = [s for s in spans if s.name == "hook SessionEnd"]
    assert hook.parent is not None and hook.parent.span_id == ending.context.span_id
    assert hook.context.trace_id == ending.context.trace_id
    assert not [s for s in spans if s.name.startswith("invoke_workflow")], spans
    assert (held / "ends").read_text(encoding="utf-8") == "ran\n"


def test_coord_worker_otel_asks_the_worker_to_trace(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``coord worker --otel`` is taken (it was refused as an unknown option): the worker
    starts its recorder as ``coord run --otel`` does (:func:`~coordinator.telemetry.
    start_tracing` asked with the flag: on with it; without it, only an OTLP endpoint in
    the environment turns it on)."""
    import coordinator.runtime.launch as launch
    from coordinator.runtime.worker import WorkerEnd

    seen: list[bool] = []

    def served(cfg: Any, tracing: Any = None) -> WorkerEnd:
        tracing()
        return WorkerEnd(0)

    def start_tracing(flag: bool, env: Mapping[str, str] = {}, warn: Any = None) -> None:
        seen.append(flag)

    monkeypatch.setattr(launch, "run_worker", served)
    monkeypatch.setattr(coordinator.telemetry, "start_tracing", start_tracing)
    for extra in (["--otel"], []):
        args = ["worker", "--db", pg_url, "--workspace-root", str(tmp_path), *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    assert seen == [True, False]
