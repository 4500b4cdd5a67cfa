"""AnthropicProvider through the real SDK against a loopback fake Messages API server."""

from __future__ import annotations

import copy
import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fake_messages_server import FakeMessagesServer, error, message

from coordinator.config import DEFAULT_PRICES
from coordinator.errors import UserError
from coordinator.pricing import cost_usd
from coordinator.providers.anthropic import AGENT_HEADER, AnthropicProvider
from coordinator.providers.base import (
    ContextWindowExceeded,
    ModelRefused,
    ModelRequest,
    ProviderError,
    RetriesExhausted,
    Usage,
)
from coordinator.tools.base import ToolContext
from coordinator.tools.toolset import build_toolset

KEY = "sk-ant-api03-TESTKEY-0123456789abcdefghijklmnop"
MODEL = "claude-haiku-4-5"


def make(server: FakeMessagesServer, **kwargs: Any) -> AnthropicProvider:
    opts: dict[str, Any] = {"max_retries": 0, "retry_budget": 0, "backoff": 0.001}
    opts.update(kwargs)
    return AnthropicProvider(api_key=KEY, base_url=server.base_url, **opts)


def req(messages: list[dict[str, Any]] | None = None, **kwargs: Any) -> ModelRequest:
    fields: dict[str, Any] = {
        "agent": "fastapi-backend-expert",
        "model": MODEL,
        "system": "You are a backend expert.",
        "tools": build_toolset(["Read", "Glob"]).schemas(),
        "messages": messages or [{"role": "user", "content": "Fix the User model"}],
    }
    fields.update(kwargs)
    return ModelRequest(**fields)


def breakpoints(body: dict[str, Any]) -> list[str]:
    """Where the request carries cache_control, as readable paths."""
    found = [f"tools[{i}]" for i, t in enumerate(body.get("tools", [])) if "cache_control" in t]
    system = body.get("system", [])
    if isinstance(system, list):
        found += [f"system[{i}]" for i, b in enumerate(system) if "cache_control" in b]
    for m, msg in enumerate(body["messages"]):
        if isinstance(msg["content"], list):
            found += [
                f"messages[{m}].content[{b}]"
                for b, block in enumerate(msg["content"])
                if "cache_control" in block
            ]
    return found


async def test_tool_loop_runs_against_the_real_sdk(
    server: FakeMessagesServer, tmp_path: Path
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "user.py").write_text("class User:\n    email: str\n")
    server.reply(
        message("Reading it.", tool_calls=[("Read", {"file_path": "app/user.py"})]),
        message("The User model has an email field."),
    )
    provider = make(server)
    toolset = build_toolset(["Read", "Glob"])
    ctx = ToolContext(root=tmp_path)
    messages: list[dict[str, Any]] = [{"role": "user", "content": "What is in the User model?"}]
    for _ in range(4):  # a minimal engine loop
        response = await provider.complete(req(messages))
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            break
        results = []
        for use in response.tool_uses:
            out = await toolset.execute(use["name"], use["input"], ctx)
            results.append(
                {"type": "tool_result", "tool_use_id": use["id"], "content": out.content}
            )
        messages.append({"role": "user", "content": results})
    await provider.aclose()

    assert response.text == "The User model has an email field."
    assert len(server.requests) == 2
    second = server.requests[1]
    sent_result = second.body["messages"][2]["content"][0]
    assert sent_result["tool_use_id"] == messages[1]["content"][1]["id"]
    assert "email: str" in sent_result["content"]
    assert second.headers[AGENT_HEADER] == "fastapi-backend-expert"
    assert second.headers["authorization"] == f"Bearer {KEY}"
    assert second.body["model"] == MODEL
    assert [t["name"] for t in second.body["tools"]] == ["Read", "Glob"]
    # the assistant turn we stored is plain JSON, sent back verbatim (no None fields)
    assert messages[1]["content"][0] == {"type": "text", "text": "Reading it."}


async def test_cache_breakpoints_on_tools_system_and_last_message(
    server: FakeMessagesServer,
) -> None:
    history = [
        {"role": "user", "content": "task"},
        {"role": "assistant", "content": [{"type": "text", "text": "ok"}]},
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "t1", "content": "a"},
                {"type": "text", "text": "more"},
            ],
        },
    ]
    request = req(history)
    before = copy.deepcopy((request.messages, request.tools))
    server.reply(message("done"))
    await make(server).complete(request)

    body = server.requests[0].body
    assert breakpoints(body) == ["tools[1]", "system[0]", "messages[2].content[1]"]
    assert body["system"][0]["text"] == "You are a backend expert."
    assert (request.messages, request.tools) == before, "the caller's request was mutated"


async def test_string_content_and_stale_breakpoints_are_normalised(
    server: FakeMessagesServer,
) -> None:
    stale = {"type": "text", "text": "old", "cache_control": {"type": "ephemeral"}}
    history = [
        {"role": "user", "content": [stale]},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "next"},
    ]
    server.reply(message("done"))
    await make(server).complete(req(history, tools=[]))
    body = server.requests[0].body
    assert breakpoints(body) == ["system[0]", "messages[2].content[0]"]
    assert len(breakpoints(body)) <= 4
    assert "cache_control" in stale, "the caller's block was mutated"


async def test_overloaded_529_then_success_is_retried_by_the_sdk(
    server: FakeMessagesServer,
) -> None:
    server.reply(
        error(529, "overloaded_error", "Overloaded", {"retry-after-ms": "5"}), message("fine")
    )
    response = await make(server, max_retries=2).complete(req())
    assert response.text == "fine"
    assert len(server.requests) == 2


async def test_our_budget_retries_after_the_sdk_gives_up(server: FakeMessagesServer) -> None:
    server.reply(error(529, "overloaded_error", "Overloaded"), message("fine"))
    response = await make(server, max_retries=0, retry_budget=1).complete(req())
    assert response.text == "fine"
    assert len(server.requests) == 2


async def test_rate_limit_retry_after_is_honoured(server: FakeMessagesServer) -> None:
    server.reply(error(429, "rate_limit_error", "slow down", {"retry-after": "0.3"}), message("ok"))
    await make(server, max_retries=1).complete(req())
    first, second = server.requests
    assert second.at - first.at >= 0.28


async def test_budget_spent_raises_retries_exhausted(server: FakeMessagesServer) -> None:
    server.handler = lambda _rec: error(500, "api_error", "boom", {"retry-after-ms": "1"})
    with pytest.raises(RetriesExhausted) as info:
        await make(server, max_retries=1, retry_budget=2).complete(req())
    assert info.value.resumable
    assert "500 api_error: boom" in info.value.message
    assert len(server.requests) == (1 + 1) * (2 + 1)


async def test_usage_and_cost_totals(server: FakeMessagesServer) -> None:
    server.reply(
        message(
            "a",
            usage={"input_tokens": 1000, "output_tokens": 200, "cache_creation_input_tokens": 5000},
        ),
        message(
            "b", usage={"input_tokens": 50, "output_tokens": 100, "cache_read_input_tokens": 5000}
        ),
    )
    provider = make(server)
    total = Usage()
    cost = 0.0
    for _ in range(2):
        response = await provider.complete(req())
        total = total + response.usage
        cost += cost_usd(MODEL, response.usage, DEFAULT_PRICES)
    assert total == Usage(
        input_tokens=1050,
        output_tokens=300,
        cache_creation_input_tokens=5000,
        cache_read_input_tokens=5000,
    )
    # haiku 4.5: $1 in, $5 out, $1.25 cache write, $0.10 cache read per MTok
    expected = (1050 * 1 + 300 * 5 + 5000 * 1.25 + 5000 * 0.10) / 1_000_000
    assert cost == pytest.approx(expected)
    assert response.request_id and response.request_id.startswith("req_fake_")


@pytest.mark.parametrize("stop", ["pause_turn", "max_tokens", "stop_sequence", "end_turn"])
async def test_continuable_stop_reasons_return_normally(
    server: FakeMessagesServer, stop: str
) -> None:
    server.reply(message("partial", stop_reason=stop))
    response = await make(server).complete(req())
    assert response.stop_reason == stop


async def test_refusal_raises_model_refused_with_usage(server: FakeMessagesServer) -> None:
    server.reply(message("", stop_reason="refusal", usage={"output_tokens": 7}))
    with pytest.raises(ModelRefused) as info:
        await make(server).complete(req())
    assert info.value.usage is not None and info.value.usage.output_tokens == 7


async def test_context_window_stop_reason_and_prompt_too_long(
    server: FakeMessagesServer,
) -> None:
    server.reply(
        message("", stop_reason="model_context_window_exceeded"),
        error(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"),
    )
    provider = make(server)
    with pytest.raises(ContextWindowExceeded):
        await provider.complete(req())
    with pytest.raises(ContextWindowExceeded, match="210000 tokens"):
        await provider.complete(req())


async def test_other_4xx_is_a_provider_error_with_the_api_message(
    server: FakeMessagesServer,
) -> None:
    server.reply(error(413, "request_too_large", "Request exceeds the maximum size"))
    with pytest.raises(ProviderError, match="413 request_too_large: Request exceeds") as info:
        await make(server, retry_budget=3).complete(req())
    assert not isinstance(info.value, RetriesExhausted)
    assert len(server.requests) == 1


async def test_401_is_a_user_error_without_the_key(server: FakeMessagesServer) -> None:
    server.reply(error(401, "authentication_error", f"invalid x-api-key {KEY}"))
    with pytest.raises(UserError) as info:
        await make(server).complete(req())
    assert info.value.message == "the API rejected the key (401 authentication_error)"
    assert info.value.hint and "ANTHROPIC_API_KEY" in info.value.hint
    assert KEY not in str(info.value)


async def test_key_never_appears_in_logs_errors_or_repr(
    server: FakeMessagesServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.reply(
        message("ok"),
        error(400, "invalid_request_error", f"bad header Bearer {KEY}"),
        error(500, "api_error", f"echo {KEY}"),
    )
    provider = make(server, retry_budget=0)
    await provider.complete(req())
    errors: list[str] = []
    for _ in range(2):
        try:
            await provider.complete(req())
        except ProviderError as exc:
            errors.append(str(exc))
    assert len(errors) == 2
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"  # it was sent...
    assert caplog.records, "nothing was logged: the check below would prove nothing"
    assert KEY not in caplog.text  # ...but never logged
    assert all(KEY not in e and "[redacted]" in e for e in errors)
    assert KEY not in repr(provider)


async def test_no_network_switch_blocks_remote_hosts_before_any_io() -> None:
    # 10.255.255.1 is unroutable: a real connection attempt would hang until the timeout
    # (120 s, given here); the bound below is far from both it and a busy machine's delays
    provider = AnthropicProvider(
        api_key=KEY, base_url="http://10.255.255.1:9", max_retries=3, retry_budget=3, timeout=120
    )
    started = time.perf_counter()
    with pytest.raises(ProviderError, match="switched off") as info:
        await provider.complete(req())
    assert time.perf_counter() - started < 60
    assert not isinstance(info.value, RetriesExhausted)


async def test_no_network_switch_allows_loopback_and_injected_transports(
    server: FakeMessagesServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COORDINATOR_ALLOW_MODEL_REQUESTS", "0")
    server.reply(message("loopback ok"))
    assert (await make(server).complete(req())).text == "loopback ok"

    def handle(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json=message("injected ok").body)

    provider = AnthropicProvider(
        api_key=KEY, base_url="https://api.anthropic.com", transport=httpx2.MockTransport(handle)
    )
    assert (await provider.complete(req())).text == "injected ok"


async def test_agent_header_is_sent_for_unusual_names(server: FakeMessagesServer) -> None:
    server.reply(message("ok"))
    await make(server).complete(req(agent="équipe backend/1"))
    sent = server.requests[0].headers[AGENT_HEADER]
    assert sent.isascii()
    from urllib.parse import unquote

    assert unquote(sent) == "équipe backend/1"
    assert json.dumps(server.requests[0].body)  # JSON body round-trips
