"""A request refused by a UserPromptSubmit prompt hook has no run, yet its model call was
made and paid for: the call's model, tokens and cost are in its ``hook`` event, in the
refused session's result (``--json``) and in ``coord log``'s totals. A run's own prompt
hooks are counted in the run once, not again from their events."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_hooks import Run
from test_hooks_prompt import (
    DONE,
    HOOK_USAGE,
    allowed_by_a_prompt_hook,
    answer,
    priced,
    prompt_hook,
)

from coordinator.config import Settings
from coordinator.runtime.hook_prompt import DEFAULT_MODEL, PROMPT_AGENT
from coordinator.store import session_log

CALL_FIELDS = ("model", "input_tokens", "output_tokens", "cost_usd")


async def test_a_refused_requests_prompt_hook_call_is_counted_on_its_session(
    tmp_path: Path,
) -> None:
    refusal = answer('{"ok": false, "reason": "no deploys on Friday"}', usage=HOOK_USAGE)
    r = Run(tmp_path, {PROMPT_AGENT: [refusal]}, prompt_hook("UserPromptSubmit", "OK? $ARGUMENTS"))
    result = await r.engine.start("Deploy now", agent="backend")

    assert result.status == "failed" and not r.store.runs(result.session_id)
    haiku = Settings().resolve_model(DEFAULT_MODEL)
    cost = priced(haiku, 700, 30)
    assert cost > 0
    assert result.to_json()["tokens"] == 730
    assert result.to_json()["cost_usd"] == pytest.approx(cost)
    [event] = r.hook_events(result.session_id)
    assert (event["model"], event["input_tokens"], event["output_tokens"]) == (haiku, 700, 30)
    assert event["cost_usd"] == pytest.approx(cost)
    logged = session_log.log_json(r.store, r.store.session(result.session_id))
    assert logged["tokens"] == 730 and logged["cost_usd"] == pytest.approx(cost)


async def test_a_runs_prompt_hook_call_is_in_its_event_and_counted_once(tmp_path: Path) -> None:
    r, result = await allowed_by_a_prompt_hook(tmp_path)

    assert result.status == "complete"
    [run] = r.store.runs(result.session_id)
    [event] = r.hook_events(result.session_id)
    assert (event["input_tokens"], event["output_tokens"]) == (700, 30)
    logged = session_log.log_json(r.store, r.store.session(result.session_id))
    assert logged["tokens"] == run.input_tokens + run.output_tokens == 755
    assert logged["cost_usd"] == pytest.approx(run.cost_usd)


async def test_a_command_hooks_event_records_no_model_call(tmp_path: Path) -> None:
    hooks = {"UserPromptSubmit": [{"hooks": [{"type": "command", "command": "exit 0"}]}]}
    r = Run(tmp_path, {"backend": [{"text": DONE}]}, hooks)
    result = await r.engine.start("Fix it", agent="backend")
    [event] = r.hook_events(result.session_id)
    assert event["outcome"] == "ok"
    assert [event[name] for name in CALL_FIELDS] == ["", 0, 0, 0.0]
