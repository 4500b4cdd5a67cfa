"""mend107: a model call that failed but was billed (a refusal, a context window overflow)
names the server that answered, as every other model call does: its ``model_call`` event's
``server`` and message id, and its failure's reason; never the base URL's credentials, path
or query."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from kit import Harness
from test_audit106_audit import BASE, _anthropic_over

from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec

#: Where the calls go: ``test_audit106_audit.BASE``'s host and port, all it may show of it.
AT = "from llm.example.com:8443"


@pytest.mark.parametrize(
    ("stop_reason", "said"),
    [
        ("refusal", f"the model declined to continue (stop_reason: refusal; {AT})"),
        (
            "model_context_window_exceeded",
            f"the conversation no longer fits the model's context window ({AT})",
        ),
    ],
)
def test_a_billed_failure_names_its_server(tmp_path: Path, stop_reason: str, said: str) -> None:
    """A refusal and a context window overflow the API billed: the ``model_call`` event
    names the server and the message's id, the failure's reason the server (before: both
    "", and the reason named no server, unlike every other call's event)."""
    spec = AgentSpec(name="ops", description="Runs the release checks.", tools=[], body="Ops.")
    script = {"ops": [{"text": "I can't help with that.", "stop_reason": stop_reason}]}
    provider = _anthropic_over(script, BASE)
    h = Harness(tmp_path, script, registry=Registry([spec]), provider=provider)
    try:
        result = asyncio.run(h.engine.start("Check the release", agent="ops"))
        events = h.store.events(result.session_id)
    finally:
        h.close()
    [call] = [e.data for e in events if e.kind == "model_call"]
    assert call["server"] == "llm.example.com:8443"
    assert call["response_id"].startswith("msg_"), call
    [failed] = [e.data for e in events if e.kind == "failed"]
    assert failed["reason"] == said
    shown = json.dumps([e.data for e in events])
    assert "pa55word" not in shown and "abc123" not in shown and "anthropic?" not in shown
