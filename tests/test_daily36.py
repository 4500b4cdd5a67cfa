"""daily36: rough edges a demanding daily user of ``coord`` met (left by daily35), each
checked where the user meets it: a trace's attributes, a command's message and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import Harness

from coordinator.store.rows import current_event_fields

# ---- a trace names the provider that ran, not the one a model run would have used -------


async def test_a_scripted_runs_trace_names_the_scripted_provider(tmp_path: Path) -> None:
    pytest.importorskip("opentelemetry.sdk")
    from test_otel import chain, traced

    h = Harness(tmp_path, chain())
    rec, exporter = traced(h)
    result = await h.engine.start("Add a task endpoint with the owner's email", agent="backend")
    rec.close()
    spans = exporter.get_finished_spans()
    named = {
        s.name.split()[0]: (s.attributes or {}).get("gen_ai.provider.name")
        for s in spans
        if s.name.startswith(("chat", "invoke_agent"))
    }
    assert named == {"chat": "scripted", "invoke_agent": "scripted"}
    stored = h.store.events(result.session_id)
    h.close()
    assert {e.data["provider"] for e in stored if e.kind in ("run_started", "model_call")} == {
        "scripted"
    }


def test_a_call_stored_before_providers_were_recorded_says_unknown() -> None:
    old = {"agent": "backend", "turn": 1, "model": "claude-sonnet-4-5"}
    assert current_event_fields("model_call", old)["provider"] == "unknown"
    assert current_event_fields("run_started", {"agent": "backend"})["provider"] == "unknown"
    assert "provider" not in current_event_fields("tool_call", {"agent": "backend"})
