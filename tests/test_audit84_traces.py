"""audit84: what an auditor reading a session's trace (and ``coord log --json``) could not
learn, or learnt wrong, against the OpenTelemetry GenAI semantic conventions v1.41.0
(``gen-ai-spans.md``, ``gen-ai-agent-spans.md``, ``anthropic.md``, ``mcp.md``):

* ``gen_ai.usage.input_tokens`` was Anthropic's ``input_tokens``, which leaves the cache's
  reads and writes out; the conventions' Anthropic page says the attribute MUST add them,
  and without them the trace's input and output fell short of ``coord log``'s tokens;
* a failed run's or session's span had an error status but no ``error.type`` (required
  when an operation ended in an error), though the log names the failure's kind;
* the workflow span did not say which agent got the request, nor why (the router's score,
  triggers and reason are in ``coord log --json``'s ``routed`` event);
* a call a PreToolUse hook refused gave, as its reason, the header of the model's text
  ("[coordinator:hook] PreToolUse hook feedback (from ...):"), not what the hook said;
* an MCP tool's span lacked ``mcp.method.name`` (the MCP page: required, on the execute_tool
  span when that span traces the call).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from kit import Harness, report

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from coordinator import events as ev
from coordinator.store.run_tree import chain_of
from coordinator.store.session_log import log_json
from coordinator.telemetry.otel import OTHER_ERROR, recorder
from tests.test_audit48_refused import run
from tests.test_otel import by_name, chain, traced


async def test_input_tokens_count_the_cache_so_a_trace_adds_up_to_coord_log(
    tmp_path: Path,
) -> None:
    h = Harness(tmp_path, chain())  # each call: input 100, output 20, cache 70 read, 30 written
    rec, exporter = traced(h)
    result = await h.engine.start("Add a task endpoint with the owner's email", agent="backend")
    rec.close()
    spans = exporter.get_finished_spans()
    for chat in [s for s in spans if s.name.startswith("chat ")]:
        a = chat.attributes or {}
        assert a["gen_ai.usage.input_tokens"] == 100 + 70 + 30
        assert a["gen_ai.usage.cache_read.input_tokens"] == 70
        assert a["gen_ai.usage.cache_creation.input_tokens"] == 30
    named = by_name(spans)
    root = chain_of(h.store, result.session_id)
    assert root is not None and root.questions[0].consult is not None
    for node in (root, root.questions[0].consult):
        a = named[f"invoke_agent {node.run.agent}"].attributes or {}
        spent = int(a["gen_ai.usage.input_tokens"]) + int(a["gen_ai.usage.output_tokens"])  # type: ignore[call-overload]
        assert spent == node.tokens, node.run.agent
    h.close()


async def test_a_failed_run_and_session_carry_the_failures_kind_as_error_type(
    tmp_path: Path,
) -> None:
    h = Harness(tmp_path, {"backend": [{"text": "No.", "stop_reason": "refusal"}]})
    rec, exporter = traced(h)
    result = await h.engine.start("Add an endpoint", agent="backend")
    rec.close()
    assert result.status == "failed"
    named = by_name(exporter.get_finished_spans())
    for name in ("invoke_agent backend", "invoke_workflow coordinator"):
        span = named[name]
        assert span.status.status_code.name == "ERROR", name
        assert (span.attributes or {})["error.type"] == "refusal", name
    kinds = [e["failure"] for e in log_json(h.store, h.store.session(result.session_id))["events"]
             if e["kind"] == "failed"]  # fmt: skip
    assert kinds == ["refusal"]  # the kind the log names
    h.close()


def test_a_consult_that_failed_while_the_session_went_on_is_an_other_error() -> None:
    exporter = InMemorySpanExporter()
    rec = recorder(exporter)
    sid = "0123456789ab"
    rec(ev.Routed(sid, None, "req", "backend"))
    rec(ev.RunStarted(sid, 1, "backend", "claude-x", 0))
    rec(ev.RunStarted(sid, 2, "dba", "claude-x", 1, parent_run=1, domain="database"))
    rec(ev.RunEnded(sid, 2, "dba", "failed", "the model's API failed"))
    rec(ev.Waiting(sid, 1, "person", "backend"))
    rec.close()
    named = by_name(exporter.get_finished_spans())
    dba = named["invoke_agent dba"]
    assert dba.status.status_code.name == "ERROR"
    assert (dba.attributes or {})["error.type"] == OTHER_ERROR
    assert "error.type" not in (named["invoke_workflow coordinator"].attributes or {})


async def test_the_workflow_span_says_which_agent_was_chosen_and_why(tmp_path: Path) -> None:
    h = Harness(tmp_path, {"backend": [{"text": report("Complete", "Done")}]})
    rec, exporter = traced(h)
    result = await h.engine.start("Add a backend API endpoint for users")
    rec.close()
    routed = next(
        e for e in log_json(h.store, h.store.session(result.session_id))["events"]
        if e["kind"] == "routed"
    )  # fmt: skip
    root = by_name(exporter.get_finished_spans())["invoke_workflow coordinator"]
    [event] = [e for e in root.events if e.name == "routed"]
    a: dict[str, Any] = dict(event.attributes or {})
    assert a["coordinator.agent"] == routed["agent"] == "backend"
    assert a["coordinator.reason"] == routed["reason"] != ""
    assert a["coordinator.score"] == routed["score"] > 0
    assert list(a["coordinator.matched"]) == routed["matched"] != []
    assert not any("request" in key for key in a)  # the request only when opted in
    h.close()


async def test_a_hook_refused_call_gives_the_hooks_reason(tmp_path: Path) -> None:
    hook = {"type": "command", "command": "echo no writes under app/ >&2; exit 2"}
    hooks = {"hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "x"}}
    ran = await run(tmp_path, [write], home_settings=hooks, traced=True)
    [refused] = ran.refused()
    assert refused["reason"] == "no writes under app/"
    [span] = [s for s in ran.spans if s.name == "execute_tool Write"]
    assert span.status.description == "no writes under app/"
    assert span.attributes["error.type"] == "tool_refused"


def test_an_mcp_tools_span_names_its_mcp_method() -> None:
    exporter = InMemorySpanExporter()
    rec = recorder(exporter)
    sid = "0123456789ab"
    rec(ev.Routed(sid, None, "req", "backend"))
    rec(ev.RunStarted(sid, 1, "backend", "claude-x", 0))
    rec(ev.ToolStarted(sid, 1, "backend", "toolu_1", "mcp__srv__echo", "text=hi"))
    rec(ev.ToolFinished(sid, 1, "backend", "toolu_1", "mcp__srv__echo", False, "echo: hi"))
    rec(ev.ToolStarted(sid, 1, "backend", "toolu_2", "Read", "a.py"))
    rec(ev.ToolFinished(sid, 1, "backend", "toolu_2", "Read", False, "x"))
    rec(ev.Completed(sid, None, "complete", "done"))
    rec.close()
    named = by_name(exporter.get_finished_spans())
    assert (named["execute_tool mcp__srv__echo"].attributes or {})["mcp.method.name"] == (
        "tools/call"
    )
    assert "mcp.method.name" not in (named["execute_tool Read"].attributes or {})


async def test_a_resumed_workflow_span_says_how_it_was_resumed(tmp_path: Path) -> None:
    """The workflow span of the process that resumed a session says so with an event, and
    whether a person's answer came with it (kill -9 then ``coord resume``: none did)."""
    script = {
        "backend": [
            {"text": "Stuck.\n\n**Status:** Blocked\n**Domain:** Product\n**Blocker:** b\n"
                     "**Required:** Which column\n"},
            {"expect": "A person answered", "text": report("Complete", "Done")},
        ]
    }  # fmt: skip
    h = Harness(tmp_path, script)
    rec, first = traced(h)
    waiting = await h.engine.start("Add an endpoint", agent="backend")
    rec.close()
    assert not any(
        e.name == "session_resumed" for s in first.get_finished_spans() for e in s.events
    )
    rec, second = traced(h)
    await h.engine.resume(waiting.session_id, context="Use the email column.")
    rec.close()
    root = by_name(second.get_finished_spans())["invoke_workflow coordinator"]
    [event] = [e for e in root.events if e.name == "session_resumed"]
    assert (event.attributes or {})["coordinator.with_context"] is True
    h.close()
