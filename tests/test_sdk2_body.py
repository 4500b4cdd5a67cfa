"""The request body encoded once per change (``providers.body``): the bytes parse to what
``build_params`` returns; an agent's fixed part and a conversation's earlier messages are
reused while nothing they were built from changes, and rebuilt when anything does (secrets
and messages changed in place included)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coordinator.providers import body as body_module
from coordinator.providers.anthropic import build_params, static_params
from coordinator.providers.base import JSON, ModelRequest
from coordinator.providers.body import BodyEncoder
from coordinator.sanitize import REDACTED
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

    def __call__(self, request: ModelRequest) -> JSON:
        self.calls += 1
        return static_params(request)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    counter = Counting()
    monkeypatch.setattr(body_module, "static_params", counter)
    return counter


def sent(encoder: BodyEncoder, request: ModelRequest) -> JSON:
    parsed: JSON = json.loads(encoder.encode(request))
    assert parsed == build_params(request)
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
    encoder = BodyEncoder()
    request = req(**changes)
    sent(encoder, request)
    sent(encoder, request)  # from the kept parts


def test_the_fixed_part_is_built_once_per_agent(counting: Counting) -> None:
    encoder = BodyEncoder()
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
def test_any_change_rebuilds_it(changes: dict[str, Any], counting: Counting) -> None:
    encoder = BodyEncoder()
    sent(encoder, req())
    sent(encoder, req(**changes))
    assert counting.calls == 2


def test_tools_changed_in_place_are_seen() -> None:
    encoder = BodyEncoder()
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
    encoder = BodyEncoder()
    request = req(system=f"the key is {SECRET}")
    assert SECRET in sent(encoder, request)["system"][0]["text"]
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    text = sent(encoder, request)["system"][0]["text"]
    assert SECRET not in text and REDACTED in text


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_module, "MAX_AGENTS", 2)
    encoder = BodyEncoder()
    for agent in ("a", "b", "c"):
        sent(encoder, req(agent=agent))
    assert len(encoder._frames) == 1


def tool_turns(n: int) -> list[JSON]:
    """A tool loop: the task, then ``n`` tool_use / tool_result pairs."""
    messages: list[JSON] = [{"role": "user", "content": "fix the bug ✓"}]
    for i in range(n):
        use = {"type": "tool_use", "id": f"t{i}", "name": "Read", "input": {"file_path": "a"}}
        messages.append({"role": "assistant", "content": [{"type": "text", "text": "ok"}, use]})
        result = {"type": "tool_result", "tool_use_id": f"t{i}", "content": f"line {i}\n" * 20}
        messages.append({"role": "user", "content": [result]})
    return messages


class CountingSafe:
    """``safe_json`` that counts the messages it is given."""

    def __init__(self) -> None:
        self.messages = 0

    def __call__(self, value: Any) -> Any:
        from coordinator.sanitize import safe_json

        if isinstance(value, list):
            self.messages += len(value)
        return safe_json(value)


@pytest.fixture
def scrubbed(monkeypatch: pytest.MonkeyPatch) -> CountingSafe:
    counter = CountingSafe()
    monkeypatch.setattr(body_module, "safe_json", counter)
    return counter


def test_a_growing_conversation_scrubs_only_its_new_messages(scrubbed: CountingSafe) -> None:
    encoder = BodyEncoder()
    messages = tool_turns(0)
    for i in range(5):
        sent(encoder, req(messages=messages))
        messages += tool_turns(i + 1)[-2:]
    # each call after the first: the one that was last before (now without its breakpoint),
    # the new assistant turn and the new last message; never the 1, 3, 5... before them
    assert scrubbed.messages == 1 + 3 + 3 + 3 + 3


def test_conversations_interleaved_keep_their_own(scrubbed: CountingSafe) -> None:
    encoder = BodyEncoder()
    first, second = tool_turns(3), tool_turns(4)
    second[0] = {"role": "user", "content": "another task"}
    for _ in range(2):
        sent(encoder, req(messages=first))
        sent(encoder, req(messages=second))
    assert scrubbed.messages == 7 + 9 + 1 + 1


def test_a_message_changed_in_place_is_sent_as_it_is_now() -> None:
    encoder = BodyEncoder()
    messages = tool_turns(2)
    sent(encoder, req(messages=messages))
    messages[2]["content"][0]["content"] = "changed"
    messages[1]["content"].append({"type": "text", "text": "more"})
    body = sent(encoder, req(messages=messages))
    assert body["messages"][2]["content"][0]["content"] == "changed"


def test_a_secret_in_an_earlier_message_is_scrubbed_once_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    encoder = BodyEncoder()
    messages = tool_turns(1)
    messages[2]["content"][0]["content"] = f"token={SECRET}"
    assert SECRET in json.dumps(sent(encoder, req(messages=messages)))
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    body = json.dumps(sent(encoder, req(messages=[*messages, {"role": "user", "content": "go"}])))
    assert SECRET not in body and REDACTED in body


def test_a_new_list_with_the_same_messages_is_a_new_conversation(scrubbed: CountingSafe) -> None:
    encoder = BodyEncoder()
    messages = tool_turns(2)
    sent(encoder, req(messages=messages))
    sent(encoder, req(messages=list(messages)))
    assert scrubbed.messages == 5 + 5


def test_the_conversations_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_module, "MAX_CONVERSATIONS", 2)
    encoder = BodyEncoder()
    lists = [tool_turns(1) for _ in range(3)]
    for messages in lists:
        sent(encoder, req(messages=messages))
    assert len(encoder._conversations) == 1
    monkeypatch.setattr(body_module, "MAX_MESSAGE_BYTES", 10)
    sent(encoder, req(messages=tool_turns(2)))
    assert encoder._conversations == {} and encoder._bytes == 0
