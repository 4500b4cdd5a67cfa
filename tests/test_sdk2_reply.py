"""Replies are cleaned of lone surrogates only when they may hold one (a ``\\ud…`` escape or
bytes that are not strict UTF-8); either way what the provider returns is storable text."""

from __future__ import annotations

import json

import httpx2
import pytest

from coordinator.providers import anthropic as provider_module
from coordinator.providers.anthropic import AnthropicProvider
from coordinator.providers.base import ModelRequest, ProviderError

REQUEST = ModelRequest(
    agent="backend",
    model="claude-haiku-4-5",
    system="",
    tools=[],
    messages=[{"role": "user", "content": "hi"}],
)


def reply_bytes(text_json: bytes) -> bytes:
    """A Messages API reply whose one text block is ``text_json`` (a JSON string literal)."""
    return (
        b'{"id":"m","type":"message","role":"assistant","model":"x","content":[{"type":"text",'
        b'"text":' + text_json + b',"citations":null}],"stop_reason":"end_turn",'
        b'"usage":{"input_tokens":1,"output_tokens":1}}'
    )


class Raw(httpx2.AsyncBaseTransport):
    """Answers every request with the same bytes."""

    def __init__(self, body: bytes):
        self.body = body

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        headers = {"content-type": "application/json"}
        return httpx2.Response(200, content=self.body, headers=headers)


@pytest.mark.parametrize(
    ("text_json", "expected"),
    [
        (b'"plain \xe2\x9c\x85 text"', "plain ✅ text"),
        (b'"lone \\ud800 escape"', "lone \ufffd escape"),
        (b'"lone \\uDC00 upper"', "lone \ufffd upper"),
        (b'"a pair \\ud83d\\ude80 joined"', "a pair 🚀 joined"),
        (b'"raw lone \xed\xa0\x80 bytes"', "raw lone \ufffd bytes"),
        (b'"a path C:\\\\udir"', "a path C:\\udir"),
    ],
)
async def test_replies_come_back_storable(text_json: bytes, expected: str) -> None:
    provider = AnthropicProvider(api_key="scripted", transport=Raw(reply_bytes(text_json)))
    response = await provider.complete(REQUEST)
    await provider.aclose()
    assert response.content == [{"type": "text", "text": expected}]  # ``citations: null`` dropped
    json.dumps(response.content).encode()  # no lone surrogate left


@pytest.mark.parametrize(
    ("raw", "known_clean"),
    [
        (b'{"t":"ok \xe2\x9c\x85"}', True),
        (b'{"t":"\\ud800"}', False),
        (b'{"t":"\\uD800"}', False),
        (b'{"t":"\xed\xa0\x80"}', False),
    ],
)
def test_only_a_reply_that_may_hold_a_lone_surrogate_is_walked(
    raw: bytes, known_clean: bool
) -> None:
    assert provider_module._read_json(raw)[1] is known_clean


@pytest.mark.parametrize(
    "raw", [b"<html>502 Bad Gateway</html>", b'{"id": "m", "cont', b"\xff\xfe\x00"]
)
async def test_a_reply_that_is_not_json_is_a_provider_error(raw: bytes) -> None:
    provider = AnthropicProvider(api_key="scripted", transport=Raw(raw))
    with pytest.raises(ProviderError, match="not JSON") as failed:
        await provider.complete(REQUEST)
    await provider.aclose()
    assert failed.value.resumable
