"""mend110: leftovers of review122, daily108 and audit108. An async UserPromptSubmit hook
on a request is the root run's, as an async SessionStart one is; a scripted answer that
does not match its script is the user's error; a bad option value's JSON hint is on stderr
as every other error's line is; the workflow span carries ``gen_ai.provider.name`` from its
creation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report
from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_hooks import Run
from test_hooks_async import GLOB, GatedHook, script, wait_for

from coordinator.errors import EXIT_USER_ERROR
from coordinator.events import Event, HookRan, ModelCalled
from coordinator.telemetry.otel import logged_events, recorder

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"


async def test_an_async_prompt_hook_on_a_request_is_the_root_runs(tmp_path: Path) -> None:
    """An ``async`` UserPromptSubmit hook at a request is fired before the session exists:
    it starts once the session is stored, is logged in its root run, and its
    ``additionalContext`` arrives at that run's next turn (before, it reached no run)."""
    gate = GatedHook.write(tmp_path, "UserPromptSubmit", "LATE")
    r = Run(tmp_path, {"backend": gate.turns()}, gate.hooks)
    r.engine.journal.observer = gate.on_root_run
    result = await r.engine.start("Add tasks", agent="backend")

    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    [root] = r.store.runs(result.session_id)
    [hook] = [e for e in r.store.events(result.session_id) if e.kind == "hook"]
    assert (hook.data["event"], hook.run_id) == ("UserPromptSubmit", root.id)


async def test_an_async_prompt_hook_on_an_answer_is_the_waiting_runs(tmp_path: Path) -> None:
    """An ``async`` UserPromptSubmit hook at a person's answer belongs to the run that
    waited: its ``additionalContext`` arrives at that run's next turn once it finishes
    (before, fired with no run, it reached none)."""
    gate = GatedHook.write(tmp_path, "UserPromptSubmit", "LATE", prompt="plan: none")
    held = script(tmp_path, "held.py", wait_for(gate.delivered))  # (a PreToolUse hook)
    hooks = {**gate.hooks, "PreToolUse": [{"hooks": [{"type": "command", "command": held}]}]}
    turns = [
        {"text": blocked("Tests", "test plan")},
        # the answer's turn, built before the hook may end; its tool waits for the hook's
        # output to be kept, so that output is in the next turn's request, never sooner
        {"tool_calls": [GLOB]},
        {"expect": "LATE", "text": report("Complete", "Done")},
    ]
    r = Run(tmp_path, {"backend": turns}, hooks)
    waiting = await r.engine.start("Add tasks", agent="backend")
    assert waiting.status == "waiting", waiting.reason
    calls: list[ModelCalled] = []

    def observe(event: Event) -> None:
        if isinstance(event, ModelCalled) and not calls:
            calls.append(event)
            gate.release.touch()  # the answer's turn is made: the hook may end
        if isinstance(event, HookRan) and event.event == "UserPromptSubmit":
            gate.delivered.touch()  # its output is kept: the next turn may come

    r.engine.journal.observer = observe
    result = await r.engine.resume(waiting.session_id, context="plan: none")

    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    [root] = r.store.runs(result.session_id)
    ran = [e for e in r.store.events(result.session_id) if e.kind == "hook"]
    prompted = [e.run_id for e in ran if e.data["event"] == "UserPromptSubmit"]
    assert prompted == [root.id, root.id]  # the request's, the answer's


def test_a_scripted_answer_the_script_does_not_expect_is_a_user_error_left_resumable(
    tmp_path: Path,
) -> None:
    """The tour's script expects "email column" in the person's answer. Answered otherwise,
    the script (the user's) is at fault: exit 4 with the mismatch and what to do, not 75
    (an outage to retry); the session is left interrupted, and resumed with a corrected
    script it makes the call again and completes."""
    request = "Add GET /tasks/{id} returning the owner's email"
    ran = coord("run", request, "--script", TOUR, "--json", cwd=tmp_path)
    sid = str(json.loads(ran.stdout)["session"])

    ran = coord("resume", sid, "--context", "Use contact_email", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR, (ran.returncode, ran.stdout, ran.stderr)
    assert "expects 'email column' in the last user message" in ran.stderr, ran.stderr
    assert f"coord resume {sid}" in ran.stderr, ran.stderr
    [listed] = json.loads(coord("sessions", "--json", cwd=tmp_path).stdout)
    assert listed["status"] == "interrupted", listed

    fixed = tmp_path / "fixed.yaml"
    text = TOUR.read_text(encoding="utf-8")
    fixed.write_text(text.replace('expect: "email column"', 'expect: "contact_email"'), "utf-8")
    ran = coord("resume", sid, "--script", fixed, "--json", cwd=tmp_path)
    assert ran.returncode == 0, (ran.stdout, ran.stderr)
    assert json.loads(ran.stdout)["status"] == "complete"


@pytest.mark.parametrize(
    "args",
    [
        ["sessions", "--limit", "x", "--json"],  # a bad value: its hint points to the help
        ["log", "a", "b", "--json"],  # extra arguments
        ["log", "--bogus", "--json"],  # an unknown option (its line names the help)
        ["sessions", "--since", "1x", "--json"],  # coord's own refusal (held)
    ],
)
def test_a_usage_errors_json_hint_is_said_on_stderr_too(tmp_path: Path, args: list[str]) -> None:
    """With ``--json`` stderr says what the JSON says, as every other error's line does: a
    bad option value's hint ("Try 'coord sessions --help' for help.") was in its JSON only."""
    ran = coord(*args, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    data = json.loads(ran.stdout)
    said = " ".join(ran.stderr.split())
    assert data["hint"] and " ".join(data["hint"].split()).strip(".") in said, (data, said)
    assert data["error"] in said, (data, said)


class AtStart(SpanProcessor):
    """Each workflow span's attributes as they were when it started (what a sampler sees)."""

    def __init__(self) -> None:
        self.seen: list[dict[str, object]] = []

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        if span.name.startswith("invoke_workflow"):
            self.seen.append(dict(span.attributes or {}))

    def on_end(self, span: ReadableSpan) -> None:
        pass


async def test_the_workflow_span_names_its_provider_at_its_creation(tmp_path: Path) -> None:
    """``gen_ai.provider.name`` is on each process's workflow span as it starts (the GenAI
    conventions ask for it at creation, for sampling): the starting process's (from its
    ``routed`` event) and a resuming one's (its ``session_resumed``), live and replayed.
    Before, it was set at the process's first run or model call."""
    turns = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]
    r = Run(tmp_path, {"backend": turns})
    seen = AtStart()
    for step in ("start", "resume"):
        rec = recorder(InMemorySpanExporter())
        rec.provider.add_span_processor(seen)
        r.engine.journal.observer = rec
        if step == "start":
            result = await r.engine.start("Add tasks", agent="backend")
            assert result.status == "waiting", result.reason
        else:
            result = await r.engine.resume(result.session_id, context="plan: none")
            assert result.status == "complete", result.reason
        rec.close()
    again = recorder(InMemorySpanExporter())
    again.provider.add_span_processor(seen)
    again.replay(logged_events(r.store.events(result.session_id)))
    again.close()
    assert len(seen.seen) == 4, seen.seen  # two processes, live then replayed
    assert [a.get("gen_ai.provider.name") for a in seen.seen] == ["scripted"] * 4, seen.seen
