"""The provider's lean request path (``client.post`` with the body as JSON bytes) sends what
``messages.create`` sends, through the real SDK against the loopback fake server."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from fake_messages_server import FakeMessagesServer, error, message

from coordinator.providers.anthropic import AGENT_HEADER, AnthropicProvider, build_params
from coordinator.providers.base import ModelNotFound, ModelRequest, RetriesExhausted
from coordinator.tools.toolset import build_toolset

KEY = "sk-ant-api03-LEANPOST-0123456789abcdefghijklmnop"
#: Headers that differ between any two requests (or name the caller's own choices).
VOLATILE = {"idempotency-key", "content-length"}


def req(**kwargs: Any) -> ModelRequest:
    fields: dict[str, Any] = {
        "agent": "Datenbank-Spezialist ü",
        "model": "claude-haiku-4-5",
        "system": "Du bist ein Datenbank-Experte. ✓",
        "tools": build_toolset(["Read", "Glob"]).schemas(),
        "messages": [
            {"role": "user", "content": "Привіт, fix the schema 🚀"},
            {"role": "assistant", "content": [{"type": "text", "text": "ok"}]},
            {"role": "user", "content": "go on"},
        ],
        "effort": "low",
    }
    fields.update(kwargs)
    return ModelRequest(**fields)


async def test_the_lean_call_sends_what_messages_create_sends(server: FakeMessagesServer) -> None:
    server.reply(message("one"), message("two"))
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=0)
    request = req()
    response = await provider.complete(request)
    # The same request through the SDK's typed method, on the same client.
    headers = {AGENT_HEADER: provider._options(request.agent)["headers"][AGENT_HEADER]}
    await provider._client.messages.create(**build_params(request), extra_headers=headers)
    await provider.aclose()
    lean, typed = server.requests
    assert response.content == [{"type": "text", "text": "one"}]
    assert lean.path == typed.path == "/v1/messages"
    assert lean.body == typed.body
    assert lean.body["messages"][0]["content"] == "Привіт, fix the schema 🚀"

    def kept(h: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in h.items() if k not in VOLATILE}

    assert kept(lean.headers) == kept(typed.headers)
    assert lean.headers["authorization"] == f"Bearer {KEY}"
    assert lean.headers["anthropic-version"]
    assert lean.headers["content-type"] == "application/json"


async def test_a_base_url_with_a_path_keeps_it(server: FakeMessagesServer) -> None:
    server.reply(message("done"))
    provider = AnthropicProvider(api_key=KEY, base_url=f"{server.base_url}/proxy/anthropic")
    await provider.complete(req())
    await provider.aclose()
    assert server.requests[0].path == "/proxy/anthropic/v1/messages"


async def test_a_client_whose_base_url_changes_sends_to_the_new_one() -> None:
    with FakeMessagesServer() as first, FakeMessagesServer() as second:
        first.reply(message("a"))
        second.reply(message("b"))
        provider = AnthropicProvider(api_key=KEY, base_url=first.base_url)
        assert (await provider.complete(req())).content[0]["text"] == "a"
        provider._client.base_url = second.base_url  # type: ignore[assignment]
        assert (await provider.complete(req())).content[0]["text"] == "b"
        await provider.aclose()
    assert len(first.requests) == len(second.requests) == 1


async def test_sdk_retries_still_resend_the_same_body(server: FakeMessagesServer) -> None:
    server.reply(
        error(529, "overloaded_error", "busy", {"retry-after-ms": "1"}),
        error(500, "api_error", "oops", {"retry-after-ms": "1"}),
        message("at last"),
    )
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=2)
    response = await provider.complete(req())
    await provider.aclose()
    assert response.content[0]["text"] == "at last"
    bodies = [r.body for r in server.requests]
    assert len(bodies) == 3 and bodies[0] == bodies[1] == bodies[2]
    retries = [r.headers["x-stainless-retry-count"] for r in server.requests]
    assert retries == ["0", "1", "2"]


async def test_errors_are_still_the_sdks_typed_errors(server: FakeMessagesServer) -> None:
    server.reply(
        error(429, "rate_limit_error", "slow down", {"retry-after-ms": "1"}),
        error(429, "rate_limit_error", "slow down", {"retry-after-ms": "1"}),
        error(404, "not_found_error", "model: claude-nope"),
    )
    provider = AnthropicProvider(
        api_key=KEY, base_url=server.base_url, max_retries=0, retry_budget=1, backoff=0.001
    )
    with pytest.raises(RetriesExhausted, match="429 rate_limit_error: slow down"):
        await provider.complete(req())
    with pytest.raises(ModelNotFound, match="404 not_found_error: model: claude-nope"):
        await provider.complete(req())
    await provider.aclose()


async def test_a_deprecated_model_still_warns(server: FakeMessagesServer) -> None:
    from anthropic._data import DEPRECATED_MODELS

    model = next(iter(DEPRECATED_MODELS))
    server.reply(message("fine"))
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        await provider.complete(req(model=model))
    await provider.aclose()
    assert any(issubclass(w.category, DeprecationWarning) and model in str(w.message) for w in seen)
