"""The request body with each agent's fixed part encoded once (``providers.body``): the bytes
parse to what ``build_params`` returns, the fixed part is reused while nothing it was built
from changes, and rebuilt when anything does (secrets included)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coordinator.providers import body as body_module
from coordinator.providers.anthropic import build_params, static_params, with_message_breakpoint
from coordinator.providers.base import JSON, ModelRequest
from coordinator.providers.body import BodyEncoder
from coordinator.sanitize import REDACTED, safe_json
from coordinator.tools.toolset import build_toolset

SECRET = "corp-gateway-token-7f3a9c2e5b1d"  # not key-shaped: scrubbed only once configured


def req(**kwargs: Any) -> ModelRequest:
    fields: dict[str, Any] = {
        "agent": "backend",
        "model": "claude-haiku-4-5",
        "system": 'You are "backend" ✓ \\ \n',
        "tools": build_toolset(["Read", "Glob"]).schemas(),
        "messages": [
            {"role": "user", "content": "Привіт 🚀"},
            {"role": "assistant", "content": [{"type": "text", "text": "ok"}]},
            {"role": "user", "content": [{"type": "text", "text": "go on"}]},
        ],
        "max_tokens": 1024,
        "effort": "low",
    }
    fields.update(kwargs)
    return ModelRequest(**fields)


class Counting:
    """``static_params`` that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: ModelRequest, safe: Any) -> JSON:
        self.calls += 1
        return static_params(request, safe)


def sent(encoder: BodyEncoder, request: ModelRequest) -> JSON:
    messages = with_message_breakpoint(safe_json(request.messages))
    parsed: JSON = json.loads(encoder.encode(request, messages))
    return parsed


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"system": ""},
        {"tools": []},
        {"effort": None},
        {"system": "", "tools": [], "effort": None},
        {"messages": []},
        {"tools": [{"name": "T", "input_schema": {}, "cache_control": {"type": "ephemeral"}}]},
    ],
)
def test_the_body_parses_to_build_params(changes: dict[str, Any]) -> None:
    encoder = BodyEncoder(static_params)
    request = req(**changes)
    assert sent(encoder, request) == build_params(request)
    assert sent(encoder, request) == build_params(request)  # from the kept part


def test_the_fixed_part_is_built_once_per_agent() -> None:
    counting = Counting()
    encoder = BodyEncoder(counting)
    for i in range(3):
        request = req(messages=[{"role": "user", "content": f"call {i}"}])
        assert sent(encoder, request)["messages"][0]["content"][0]["text"] == f"call {i}"
    sent(encoder, req(agent="dba"))
    assert counting.calls == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"system": "another prompt"},
        {"model": "claude-sonnet-4-5"},
        {"max_tokens": 2048},
        {"effort": "high"},
        {"tools": build_toolset(["Read"]).schemas()},
    ],
)
def test_any_change_rebuilds_it(changes: dict[str, Any]) -> None:
    counting = Counting()
    encoder = BodyEncoder(counting)
    sent(encoder, req())
    request = req(**changes)
    assert sent(encoder, request) == build_params(request)
    assert counting.calls == 2


def test_tools_changed_in_place_are_seen() -> None:
    encoder = BodyEncoder(static_params)
    tools = [{"name": "A", "description": "first", "input_schema": {"type": "object"}}]
    sent(encoder, req(tools=tools))
    tools[0]["input_schema"]["properties"] = {"x": {"type": "string"}}
    tools.append({"name": "B", "description": "second", "input_schema": {}})
    body = sent(encoder, req(tools=tools))
    assert [t["name"] for t in body["tools"]] == ["A", "B"]
    assert body["tools"][0]["input_schema"]["properties"] == {"x": {"type": "string"}}


def test_a_secret_configured_later_is_scrubbed_from_the_kept_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    encoder = BodyEncoder(static_params)
    request = req(system=f"the key is {SECRET}")
    assert SECRET in sent(encoder, request)["system"][0]["text"]
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    text = sent(encoder, request)["system"][0]["text"]
    assert SECRET not in text and REDACTED in text


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_module, "MAX_AGENTS", 2)
    encoder = BodyEncoder(static_params)
    for agent in ("a", "b", "c"):
        sent(encoder, req(agent=agent))
    assert len(encoder._frames) == 1
