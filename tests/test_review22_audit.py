"""review22: the audit trail. From the database alone (``coord log``, ``coord log --json``)
and from the trace, an auditor can tell what each hook decided (an ``allow`` included,
which runs with outcome ok), what a person answered a blocked run with, and the trace
counts what the log counts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, blocked, report
from test_hooks import Run
from typer.testing import CliRunner

from coordinator import events as ev
from coordinator.cli.app import app
from coordinator.runtime.engine import Engine

DONE = report("Complete", "Done")

DECIDE = """import json, sys
d = json.load(sys.stdin)
tool = d.get("tool_name")
if tool is None:
    sys.exit(0)
out = {
    "Read": {"permissionDecision": "allow", "permissionDecisionReason": "reads are fine"},
    "Write": {"permissionDecision": "deny", "permissionDecisionReason": "no writes"},
    "Edit": {"updatedInput": {**d["tool_input"], "new_string": "B"}},
}.get(tool)
if tool == "Glob":
    print("globs are off", file=sys.stderr)
    sys.exit(2)
if out:
    print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", **out}}))
"""


def _calls() -> list[dict[str, Any]]:
    return [
        {"name": "Read", "input": {"file_path": "app/models/task.py"}},
        {"name": "Write", "input": {"file_path": "notes.txt", "content": "x"}},
        {"name": "Edit", "input": {"file_path": "notes.md", "old_string": "a", "new_string": "b"}},
        {"name": "Glob", "input": {"pattern": "*.py"}},
        {"name": "Grep", "input": {"pattern": "Task"}},
    ]


def _log(db: Path, session: str, *flags: str) -> str:
    shown = CliRunner().invoke(
        app, ["log", session, "--db", str(db), *flags], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0, shown.output
    return shown.stdout


async def test_each_hooks_decision_is_in_the_log_its_json_and_the_trace(tmp_path: Path) -> None:
    """A PreToolUse hook allows Read, denies Write, rewrites Edit's input, blocks Glob
    (exit 2) and says nothing on Grep: each decision is a field of its ``hook`` event,
    shown in ``coord log``'s line and the trace's ``hook`` span event (an allow was shown
    as a bare ``ok`` before); the transcript shows what the rewritten Edit ran with (it
    showed only the model's input)."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from coordinator.events import fan_out
    from coordinator.telemetry.otel import recorder

    script = tmp_path / "decide.py"
    script.write_text(DECIDE)
    entry = {"type": "command", "command": f"{sys.executable} {script}"}
    hooks = {"PreToolUse": [{"matcher": "", "hooks": [entry]}]}
    r = Run(tmp_path, {"backend": [{"tool_calls": _calls()}, {"text": DONE}]}, hooks)
    exporter = InMemorySpanExporter()
    rec = recorder(exporter)
    e = r.engine
    r.engine = Engine(
        registry=r.registry,
        provider=r.provider,
        store=r.store,
        settings=e.settings,
        workspace=r.ws,
        observer=fan_out(r.events.append, rec),
        hooks=r.extras.hooks,
        hook_env=r.extras.env,
    )
    result = await r.engine.start("Look around", agent="backend")
    rec.close()
    assert result.status == "complete", result.reason
    decided = {e["target"]: (e["outcome"], e["decision"]) for e in r.hook_events(result.session_id)}
    assert decided == {
        "Read": ("ok", "allow"),
        "Write": ("blocked", "deny"),
        "Edit": ("ok", "updated input"),
        "Glob": ("blocked", "block"),
        "Grep": ("ok", ""),
    }
    db = tmp_path / "s.db"
    tree = _log(db, result.session_id)
    assert "PreToolUse[Read app/models/task.py] ok (allow; exit 0, user): reads are fine" in tree
    assert "PreToolUse[Grep Task] ok (exit 0, user)" in tree
    assert "PreToolUse[Write notes.txt] blocked (deny; exit 0, user): no writes" in tree
    assert "PreToolUse[Glob *.py] blocked (exit 2, user): globs are off" in tree
    as_json = json.loads(_log(db, result.session_id, "--json"))
    logged = [e["decision"] for e in as_json["events"] if e["kind"] == "hook"]
    [agent] = [s for s in exporter.get_finished_spans() if s.name == "invoke_agent backend"]
    hooked = [e for e in agent.events if e.name == "hook"]
    traced = [(e.attributes or {}).get("coordinator.decision", "") for e in hooked]
    assert traced == logged == ["allow", "deny", "updated input", "block", ""]
    listed = json.loads(_log(db, result.session_id, "--json", "--transcript"))["transcript"]
    [edit] = [e for e in listed if e["kind"] == "tool_call" and e["name"] == "Edit"]
    assert (edit["input"]["new_string"], edit["ran_with"]["new_string"]) == ("b", "B")
    assert [e for e in listed if "ran_with" in e] == [edit]  # only the rewritten call
    assert 'ran with {"file_path": "notes.md", "old_string": "a", "new_string": "B"}' in _log(
        db, result.session_id, "--transcript"
    )


async def test_a_persons_answer_is_kept_with_the_resumed_event(tmp_path: Path) -> None:
    """``coord resume --context``: the ``resumed`` event says who answered and what, so
    ``coord log --json`` shows the answer (it was only in the run's messages); the JSON
    has the options the session was run with too (only in the database before)."""
    script = {
        "backend": [
            {"text": blocked("Payments", "The refund policy")},
            {"expect": "30 days", "text": DONE},
        ]
    }
    h = Harness(tmp_path, script)
    first = await h.engine.start("Fix refunds", agent="backend")
    assert first.status == "waiting"
    done = await h.engine.resume(first.session_id, context="Refunds within 30 days only")
    assert done.status == "complete"
    as_json = json.loads(_log(h.db, first.session_id, "--json"))
    [resumed] = [e for e in as_json["events"] if e["kind"] == "resumed"]
    assert (resumed["answered_by"], resumed["answer"]) == ("person", "Refunds within 30 days only")
    assert as_json["options"]["allow_bash"] is False  # how it ran, as the session stores it
    h.close()


def test_a_trace_counts_a_prompt_hooks_model_call_as_the_log_does() -> None:
    """A prompt hook's model call is in its run's totals in ``coord log`` (and the
    session's): the agent and workflow spans count it too, and the hook is a span event."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from coordinator.telemetry.otel import recorder

    exporter = InMemorySpanExporter()
    rec = recorder(exporter)
    sid = "0123456789ab"
    rec(ev.Routed(sid, None, "req", "backend"))
    rec(ev.RunStarted(sid, 1, "backend", "claude-x", 0))
    hook = ev.HookRan(sid, 1, "backend", "PreToolUse", "user", "check", "ok", 0, "Write",
                      model="claude-h", input_tokens=10, output_tokens=2, cost_usd=0.25,
                      decision="allow")  # fmt: skip
    rec(hook)
    rec(ev.ModelCalled(sid, 1, "backend", 1, "end_turn", 100, 20, 1.0, 5, "claude-x"))
    rec(ev.RunEnded(sid, 1, "backend", "complete", ""))
    rec(ev.Completed(sid, None, "complete", "done"))
    rec.close()
    spans = {s.name: s for s in exporter.get_finished_spans()}
    agent, root = spans["invoke_agent backend"], spans["invoke_workflow coordinator"]
    assert (agent.attributes or {})["coordinator.cost_usd"] == pytest.approx(1.25)
    assert (agent.attributes or {})["gen_ai.usage.input_tokens"] == 110
    assert (root.attributes or {})["coordinator.cost_usd"] == pytest.approx(1.25)
    [event] = [e for e in agent.events if e.name == "hook"]
    assert dict(event.attributes or {}) == {
        "coordinator.event": "PreToolUse",
        "coordinator.target": "Write",
        "coordinator.outcome": "ok",
        "coordinator.decision": "allow",
        "coordinator.source": "user",
        "coordinator.command": "check",
    }
