"""The SDK client coordinator builds (``LeanAsyncAnthropic``) builds each kind of request once
and then only changes the body: what goes on the wire stays what the SDK sends, against the
loopback fake server through the real ``anthropic`` SDK."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import anthropic
import httpx2
import pytest
from anthropic._models import FinalRequestOptions
from fake_messages_server import FakeMessagesServer, Reply, error, message

from coordinator.providers import sdk_client
from coordinator.providers.anthropic import AGENT_HEADER, AnthropicProvider
from coordinator.providers.base import ModelRequest
from coordinator.providers.script import ScriptedModel
from coordinator.providers.scripted import ScriptedProvider

KEY = "sk-ant-api03-SDKTWO-0123456789abcdefghijklmnop"
#: Headers that differ between any two requests.
VOLATILE = {"idempotency-key", "content-length"}


def req(
    text: str, agent: str = "backend", history: list[dict[str, Any]] | None = None
) -> ModelRequest:
    return ModelRequest(
        agent=agent,
        model="claude-haiku-4-5",
        system="You are a specialist.",
        tools=[],
        messages=[*(history or []), {"role": "user", "content": text}],
    )


def sent_text(body: dict[str, Any]) -> str:
    """The last user message's text (the provider sends it as a block with a breakpoint)."""
    return str(body["messages"][-1]["content"][0]["text"])


def wire_length(body: dict[str, Any]) -> int:
    """The body's length as the provider encodes it (compact UTF-8)."""
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())


@pytest.fixture
def sdk_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the requests the SDK itself builds (``AsyncAnthropic._build_request``)."""
    built: list[int] = []
    original = anthropic.AsyncAnthropic._build_request

    def counting(self: Any, options: FinalRequestOptions, *, retries_taken: int = 0) -> Any:
        built.append(retries_taken)
        return original(self, options, retries_taken=retries_taken)

    monkeypatch.setattr(anthropic.AsyncAnthropic, "_build_request", counting)
    yield built


def kept(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k not in VOLATILE}


async def test_later_calls_reuse_the_sdks_request_and_send_the_same_headers(
    server: FakeMessagesServer, sdk_builds: list[int]
) -> None:
    server.reply(message("a"), message("b"), message("c"), message("d"))
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=0)
    texts = ["first", "a second, longer request ✓", "third"]
    for text in texts:
        await provider.complete(req(text))
    await provider.complete(req("other", agent="Datenbank ü"))
    await provider.aclose()
    assert sdk_builds == [0, 0]  # one build per agent; the memo built the rest
    first, second, third, other = server.requests
    assert kept(first.headers) == kept(second.headers) == kept(third.headers)
    assert [sent_text(r.body) for r in (first, second, third)] == texts
    for r in server.requests:  # httpx set each body's own length
        assert int(r.headers["content-length"]) == wire_length(r.body)
    assert other.headers[AGENT_HEADER] == "Datenbank%20%C3%BC"
    assert kept({**other.headers, AGENT_HEADER: "backend"}) == kept(first.headers)
    assert list(first.headers) == list(second.headers)  # in the same order, too


async def test_retries_are_kinds_of_their_own(
    server: FakeMessagesServer, sdk_builds: list[int]
) -> None:
    busy = {"retry-after-ms": "1"}
    server.reply(
        *(error(529, "overloaded_error", "busy", busy) for _ in range(2)),
        message("one"),
        *(error(529, "overloaded_error", "busy", busy) for _ in range(2)),
        message("two"),
    )
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=2)
    assert (await provider.complete(req("x"))).content[0]["text"] == "one"
    assert (await provider.complete(req("y"))).content[0]["text"] == "two"
    await provider.aclose()
    assert sdk_builds == [0, 1, 2]
    retries = [r.headers["x-stainless-retry-count"] for r in server.requests]
    assert retries == ["0", "1", "2", "0", "1", "2"]
    bodies = [sent_text(r.body) for r in server.requests]
    assert bodies == ["x"] * 3 + ["y"] * 3


async def test_a_new_key_is_sent_once_set(server: FakeMessagesServer) -> None:
    server.reply(message("a"), message("b"))
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=0)
    await provider.complete(req("x"))
    provider._client.api_key = KEY + "-rotated"
    await provider.complete(req("y"))
    await provider.aclose()
    auth = [r.headers["authorization"] for r in server.requests]
    assert auth == [f"Bearer {KEY}", f"Bearer {KEY}-rotated"]


async def test_cookies_the_server_sets_are_sent_on_later_calls(server: FakeMessagesServer) -> None:
    with_cookie = message("a")
    set_cookie = Reply(with_cookie.status, with_cookie.body, {"set-cookie": "__cf_bm=abc; Path=/"})
    server.reply(set_cookie, message("b"), message("c"))
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=0)
    for text in ("x", "y", "z"):
        await provider.complete(req(text))
    await provider.aclose()
    assert [r.headers.get("cookie") for r in server.requests] == [
        None,
        "__cf_bm=abc",
        "__cf_bm=abc",
    ]


async def test_what_the_memo_cannot_key_is_built_by_the_sdk(
    server: FakeMessagesServer, sdk_builds: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    server.reply(*(message(str(i)) for i in range(6)))
    client = sdk_client.LeanAsyncAnthropic(api_key=KEY, base_url=server.base_url, max_retries=0)
    url = f"{server.base_url}/v1/messages"

    async def post(**kwargs: Any) -> None:
        await client.post(url, cast_to=httpx2.Response, **kwargs)

    body = {"model": "m", "max_tokens": 1, "messages": []}
    await post(body=body)
    await post(body=body)  # a JSON body: the SDK serialises it
    await post(content=b"{}", options={"timeout": 5.0})
    await post(content=b"{}", options={"timeout": 5.0})  # a timeout of its own
    with caplog.at_level(logging.DEBUG, logger="anthropic"):
        await post(content=b"{}")
        await post(content=b"{}")  # the SDK logs each request's options
    await client.close()
    assert len(sdk_builds) == 6
    assert len(server.requests) == 6


async def test_the_memo_is_bounded(
    server: FakeMessagesServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sdk_client, "MAX_TEMPLATES", 2)
    server.reply(*(message(str(i)) for i in range(3)))
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=0)
    for agent in ("a", "b", "c"):
        await provider.complete(req("x", agent=agent))
    templates = provider._client._templates  # type: ignore[attr-defined]
    await provider.aclose()
    assert len(templates) == 1


async def test_the_agents_options_are_copied_not_changed(server: FakeMessagesServer) -> None:
    server.reply(message("a"), message("b"))
    provider = AnthropicProvider(api_key=KEY, base_url=server.base_url, max_retries=0)
    await provider.complete(req("x"))
    template = provider._final_options("backend")
    await provider.complete(req("y"))
    await provider.aclose()
    assert provider._final_options("backend") is template
    assert template.content is None and template.idempotency_key is None
    assert sent_text(server.requests[1].body) == "y"


async def test_the_scripted_provider_uses_the_memo(sdk_builds: list[int]) -> None:
    turns = [{"text": f"answer {i}"} for i in range(3)]
    provider = ScriptedProvider(ScriptedModel.from_data({"agents": {"backend": turns}}))
    texts: list[str] = []
    history: list[dict[str, Any]] = []
    for _ in range(3):
        answer = (await provider.complete(req("go on", history=history))).content[0]["text"]
        history += [{"role": "user", "content": "go on"}, {"role": "assistant", "content": answer}]
        texts.append(answer)
    await provider.aclose()
    assert texts == ["answer 0", "answer 1", "answer 2"]
    assert sdk_builds == [0]


async def test_a_copy_of_the_client_is_lean_with_a_memo_of_its_own(
    server: FakeMessagesServer,
) -> None:
    server.reply(message("a"), message("b"))
    client = sdk_client.LeanAsyncAnthropic(api_key=KEY, base_url=server.base_url, max_retries=0)
    provider = AnthropicProvider(client=client)
    await provider.complete(req("x"))
    copied = client.with_options(max_retries=1, default_headers={"x-extra": "1"})
    assert isinstance(copied, sdk_client.LeanAsyncAnthropic)
    assert copied._templates == {} and copied.max_retries == 1
    await AnthropicProvider(client=copied).complete(req("y"))
    await client.close()
    assert "x-extra" not in server.requests[0].headers
    assert server.requests[1].headers["x-extra"] == "1"
