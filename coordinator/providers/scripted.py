"""The scripted provider: canned assistant turns served to the real Anthropic SDK.

A YAML script lists, per agent, the assistant turns to answer with (see
docs/scripted-provider.md; read by :mod:`coordinator.providers.script`).
:class:`ScriptedTransport` is an ``httpx2`` transport that answers Messages API requests
from a :class:`ScriptedModel`, so the offline path runs the same
:class:`~coordinator.providers.anthropic.AnthropicProvider` code as the real one; only the
transport differs. Requests name their agent in the ``x-coordinator-agent`` header.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx2

from coordinator.providers.anthropic import AGENT_HEADER, AnthropicProvider, PassThrough
from coordinator.providers.base import JSON, ProviderKind, ScriptError
from coordinator.providers.script import ErrorSpec, ScriptedModel, Turn, UsageSpec, load_script
from coordinator.providers.sdk_client import LeanAsyncAnthropic

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


#: As httpx encodes ``json=``: UTF-8, compact, no NaN.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _estimate_tokens(value: object) -> int:
    return max(1, len(json.dumps(value, ensure_ascii=False)) // 4)


#: How often a held turn looks for its file.
HOLD_CHECK_S = 0.01


async def _held(gate: Path) -> None:
    """Hold a turn's answer until ``gate`` exists, first creating ``GATE.held`` beside it:
    whoever holds the gate then knows the call is in flight (a signal sent once it exists
    finds the call made, not about to be)."""
    gate.with_name(gate.name + ".held").touch()
    await _until_exists(gate)


async def _until_exists(path: Path) -> None:
    """Return once ``path`` exists (a held turn's gate: another process creates the file,
    so there is no event of this loop to wait for)."""
    # a stat each time (not worth a thread); nothing of this loop's to await instead
    while not os.path.exists(path):  # noqa: ASYNC110, ASYNC240
        await asyncio.sleep(HOLD_CHECK_S)


class ScriptedTransport(httpx2.AsyncBaseTransport):
    """An ``httpx2`` transport answering ``POST /v1/messages`` from a :class:`ScriptedModel`."""

    def __init__(self, model: ScriptedModel):
        self.model = model
        self._messages = 0
        self._usages: dict[int, tuple[UsageSpec, JSON]] = {}

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Serve the next scripted turn for the agent named in the request header."""
        body = json.loads(await request.aread() or b"{}")
        agent = unquote(request.headers.get(AGENT_HEADER, "")) or "(unnamed agent)"
        try:
            _, turn = self.model.select(agent, body)
        except ScriptError as exc:
            raise PassThrough(exc) from None
        if turn.hold_until is not None:
            await _held(Path(turn.hold_until))
        if turn.latency_ms:
            await asyncio.sleep(turn.latency_ms / 1000)
        self._messages += 1
        headers = {"request-id": f"req_scripted_{self._messages}"}
        if turn.error is not None:
            return self._error(turn.error, headers)
        headers["content-type"] = "application/json"
        content = _ENCODER.encode(self._message(agent, turn, body)).encode()
        return httpx2.Response(200, content=content, headers=headers)

    def _usage(self, usage: UsageSpec) -> JSON:
        """A scripted turn's usage as JSON, dumped once per turn."""
        dumped = self._usages.get(id(usage))
        if dumped is None or dumped[0] is not usage:
            dumped = (usage, usage.model_dump())
            self._usages[id(usage)] = dumped
        return dumped[1]

    def _error(self, error: ErrorSpec, headers: dict[str, str]) -> httpx2.Response:
        kind = error.type or _ERROR_TYPES.get(error.status, "api_error")
        # Scripted time is not real time: without retry_after, ask for a retry in 1 ms
        # (the SDK ignores a zero retry-after and would back off for seconds).
        wait_ms = round((error.retry_after or 0) * 1000)
        headers["retry-after-ms"] = str(max(1, wait_ms))
        payload = {"type": "error", "error": {"type": kind, "message": error.message}}
        return httpx2.Response(error.status, json=payload, headers=headers)

    def _message(self, agent: str, turn: Turn, body: JSON) -> JSON:
        content: list[JSON] = []
        if turn.text is not None:
            content.append({"type": "text", "text": turn.text})
        for position, call in enumerate(turn.tool_calls):
            tool_id = call.id or self.model.tool_id(agent, body, position)
            content.append(
                {"type": "tool_use", "id": tool_id, "name": call.name, "input": call.input}
            )
        stop = turn.stop_reason or ("tool_use" if turn.tool_calls else "end_turn")
        usage = (
            self._usage(turn.usage)
            if turn.usage is not None
            else {
                "input_tokens": _estimate_tokens(body),
                "output_tokens": _estimate_tokens(content),
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
            }
        )
        return {
            "id": self.model.message_id(agent, body),
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "scripted"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": usage,
        }


class ScriptedProvider(AnthropicProvider):
    """:class:`AnthropicProvider` whose requests are answered by a script; ``.model`` is it."""

    has_server = False  # (its base URL, ``scripted.invalid``, is no server)

    def __init__(
        self,
        model: ScriptedModel,
        *,
        max_retries: int = 2,
        retry_budget: int = 1,
        backoff: float = 0.05,
    ):
        self.model = model
        client = LeanAsyncAnthropic(
            api_key="scripted",
            base_url="http://scripted.invalid",
            max_retries=max_retries,
            http_client=httpx2.AsyncClient(transport=ScriptedTransport(model)),
        )
        super().__init__(
            client=client,
            retry_budget=retry_budget,
            backoff=backoff,
            name=ProviderKind.SCRIPTED.value,
        )
        self.call_bound = None  # (its transport honours no timeout: a held call waits for ever)

    @classmethod
    def from_file(cls, path: Path, **kwargs: Any) -> ScriptedProvider:
        """Load ``path`` (UserError when malformed) and serve it."""
        return cls(load_script(path), **kwargs)
