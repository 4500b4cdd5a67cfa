"""Overhead of coordinator's provider layer per model call.

Against the loopback fake Messages API server (tests/fake_messages_server.py), in one run:

* the bare SDK call (``AsyncAnthropic.messages.create``) with the same request;
* ``AnthropicProvider.complete`` (request copy + cache breakpoints, header, response
  conversion to JSON dicts, usage);
* ``ScriptedProvider.complete`` (SDK + scripted transport, no sockets) and the scripted
  transport alone (``ScriptedTransport.handle_async_request``).

Calls are interleaved (bare, ours, bare, ours...) so drift hits both equally.
Run: ``python bench/bench_provider.py [calls]``.

``python bench/bench_provider.py --breakdown [calls]`` prints (writes nothing) where the CPU
of one call through the scripted SDK path goes, with an engine-sized request (the bench's
system prompt and two tools): the whole ``ScriptedProvider.complete``, the scripted
transport alone (the fake model), the SDK path over a canned transport with coordinator's
client and with a plain ``AsyncAnthropic``, a bare ``httpx2`` POST, and our own pieces.
Rounds alternate the paths; medians of CPU time (``time.process_time``).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import anthropic  # noqa: E402
import httpx2  # noqa: E402
from fake_messages_server import FakeMessagesServer, message  # noqa: E402

from bench._results import help_asked, write_section  # noqa: E402
from coordinator.prompts import system_prompt  # noqa: E402
from coordinator.providers.anthropic import (  # noqa: E402
    AnthropicProvider,
    _read_json,
    build_params,
)
from coordinator.providers.base import ModelRequest  # noqa: E402
from coordinator.providers.body import ENCODER, BodyEncoder  # noqa: E402
from coordinator.providers.script import ScriptedModel  # noqa: E402
from coordinator.providers.scripted import ScriptedProvider, ScriptedTransport  # noqa: E402
from coordinator.tools.toolset import build_toolset  # noqa: E402

MODEL = "claude-haiku-4-5"
AGENT = "bench-agent"


def conversation(turns: int = 5) -> list[dict[str, Any]]:
    """A realistic mid-run history: task, then tool_use / tool_result pairs."""
    messages: list[dict[str, Any]] = [{"role": "user", "content": "Fix the login bug. " * 20}]
    for i in range(turns):
        use = {"type": "tool_use", "id": f"toolu_{i}", "name": "Read", "input": {"file_path": "a"}}
        messages.append({"role": "assistant", "content": [{"type": "text", "text": "ok"}, use]})
        result = {"type": "tool_result", "tool_use_id": f"toolu_{i}", "content": "x = 1\n" * 200}
        messages.append({"role": "user", "content": [result]})
    return messages


def request() -> ModelRequest:
    return ModelRequest(
        agent=AGENT,
        model=MODEL,
        system="You are a specialist. " * 100,
        tools=build_toolset(None).schemas(),
        messages=conversation(),
        max_tokens=1024,
    )


def stats(samples: list[float]) -> tuple[float, float]:
    """Median and p99, in microseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1e6, p99 * 1e6


async def timed(fn: Callable[[], Awaitable[Any]]) -> float:
    start = time.perf_counter()
    await fn()
    return time.perf_counter() - start


async def bench_loopback(calls: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"bare SDK": [], "AnthropicProvider": []}
    with FakeMessagesServer(handler=lambda _r: message("done")) as server:
        sdk = anthropic.AsyncAnthropic(api_key="k" * 20, base_url=server.base_url, max_retries=0)
        ours = AnthropicProvider(api_key="k" * 20, base_url=server.base_url, max_retries=0)
        req = request()
        params = build_params(req)  # the bare call sends the very same body

        async def bare() -> Any:
            return await sdk.messages.create(**params, extra_headers={"x-coordinator-agent": AGENT})

        async def provider() -> Any:
            return await ours.complete(req)

        for _ in range(20):  # warm up connections and caches
            await bare()
            await provider()
        for _ in range(calls):
            samples["bare SDK"].append(await timed(bare))
            samples["AnthropicProvider"].append(await timed(provider))
        await sdk.close()
        await ours.aclose()
    return samples


async def bench_scripted(calls: int) -> dict[str, list[float]]:
    turns = [{"text": "done"}] * (calls + 20)
    model = ScriptedModel.from_data({"agents": {AGENT: turns}})
    scripted = ScriptedProvider(model)
    req = request()
    for _ in range(20):
        await scripted.complete(req)
    full = [await timed(lambda: scripted.complete(req)) for _ in range(calls)]

    raw_model = ScriptedModel.from_data({"agents": {AGENT: turns}})
    transport = ScriptedTransport(raw_model)
    body = httpx2.Request(
        "POST",
        "http://scripted.invalid/v1/messages",
        json=build_params(req),
        headers={"x-coordinator-agent": AGENT},
    )
    raw = [await timed(lambda: transport.handle_async_request(body)) for _ in range(calls)]
    return {"ScriptedProvider (SDK + scripted transport)": full, "scripted transport alone": raw}


def table(results: dict[str, list[float]]) -> str:
    rows = ["| path | median µs | p99 µs |", "|---|---:|---:|"]
    for name, samples in results.items():
        median, p99 = stats(samples)
        rows.append(f"| {name} | {median:,.0f} | {p99:,.0f} |")
    return "\n".join(rows)


async def main(calls: int) -> str:
    loopback = await bench_loopback(calls)
    scripted = await bench_scripted(calls)
    bare_med, _ = stats(loopback["bare SDK"])
    ours_med, _ = stats(loopback["AnthropicProvider"])
    body_kb = len(httpx2.Request("POST", "http://x", json=build_params(request())).content) / 1024
    return (
        f"{calls} calls per path, request body {body_kb:.0f} KiB (system prompt, 6 tools, "
        "11 messages), loopback HTTP/1.1 keep-alive server.\n\n"
        f"{table({**loopback, **scripted})}\n\n"
        f"Provider-layer overhead over the bare SDK call: **{ours_med - bare_med:,.0f} µs** "
        f"per call (median of ours minus median of bare). A real API call takes 1-30 s."
    )


REPORT = "✅ Done\n\n**Changes:**\n- x\n\n**Files:** none\n\n**Status:** Complete\n"


def engine_request() -> ModelRequest:
    """A first call as the engine bench makes it (system prompt, Read and Glob)."""
    return ModelRequest(
        agent="backend",
        model=MODEL,
        system=system_prompt("backend agent"),
        tools=build_toolset(["Read", "Glob"]).schemas(),
        messages=[{"role": "user", "content": "request 1"}],
        max_tokens=8192,
    )


class Canned(httpx2.AsyncBaseTransport):
    """Answers every request with the same reply: no model at all."""

    def __init__(self) -> None:
        self.reply = ENCODER.encode(message(REPORT).body).encode()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        headers = {"request-id": "req_canned", "content-type": "application/json"}
        return httpx2.Response(200, content=self.reply, headers=headers)


async def cpu_per_call(fn: Callable[[], Awaitable[Any]], calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        await fn()
    return (time.process_time() - started) / calls * 1e6


async def breakdown(calls: int, rounds: int = 7) -> str:
    req = engine_request()
    turns = [{"text": REPORT, "usage": {"input_tokens": 100, "output_tokens": 20}}]
    model = ScriptedModel.from_data({"agents": {"backend": turns}})
    scripted = ScriptedProvider(model)
    canned = Canned()
    base = "http://scripted.invalid"
    lean = AnthropicProvider(api_key="scripted", base_url=base, transport=canned)
    plain_client = anthropic.AsyncAnthropic(
        api_key="scripted",
        base_url="http://scripted.invalid",
        http_client=httpx2.AsyncClient(transport=canned),
    )
    plain = AnthropicProvider(client=plain_client)
    bare = httpx2.AsyncClient(transport=canned)
    url = "http://scripted.invalid/v1/messages"
    body = ENCODER.encode(build_params(req)).encode()
    headers = {"x-api-key": "scripted", "anthropic-version": "2023-06-01"}
    raw = httpx2.Request("POST", url, content=body, headers={"x-coordinator-agent": "backend"})
    transport = ScriptedTransport(model)
    encoder = BodyEncoder()

    async def full() -> None:
        await scripted.complete(req)
        model.calls.clear()

    async def fake() -> None:
        await transport.handle_async_request(raw)
        model.calls.clear()

    async def ours() -> None:
        encoder.encode(req)
        message_, clean = _read_json(canned.reply)
        lean._response(message_, "req", clean)

    paths: dict[str, Callable[[], Awaitable[Any]]] = {
        "ScriptedProvider.complete (SDK + scripted transport)": full,
        "scripted transport alone (the fake model)": fake,
        "AnthropicProvider.complete, canned transport": lambda: lean.complete(req),
        "same with a plain AsyncAnthropic client": lambda: plain.complete(req),
        "bare httpx2 POST, canned transport": lambda: bare.post(url, content=body, headers=headers),
        "our own work: body bytes + reply read": ours,
    }
    for fn in paths.values():
        for _ in range(100):
            await fn()
    got: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, fn in paths.items():
            got[name].append(await cpu_per_call(fn, calls))
    for name, fn in long_conversation().items():
        got[name] = [fn() for _ in range(rounds)]
    rows = ["| path | CPU µs per call (median of rounds) |", "|---|---:|"]
    rows += [f"| {name} | {statistics.median(v):,.0f} |" for name, v in got.items()]
    return "\n".join(rows) + f"\n\n{rounds} rounds x {calls} calls"


def long_conversation(start: int = 20, calls: int = 40) -> dict[str, Callable[[], float]]:
    """The request body of a tool loop from ``start`` turns on, the history growing by a
    tool_use / tool_result pair a call: built whole (``build_params`` + encode, as before
    this round) or by :class:`BodyEncoder`. CPU µs per call."""

    def run(encode: Callable[[ModelRequest], bytes]) -> float:
        messages = conversation(start)
        more = conversation(start + calls)[len(messages) :]
        took = 0.0
        for i in range(calls):
            messages += more[2 * i : 2 * i + 2]
            r = ModelRequest(
                agent=AGENT,
                model=MODEL,
                system="You are a specialist. " * 100,
                tools=build_toolset(None).schemas(),
                messages=messages,
                max_tokens=1024,
            )
            started = time.process_time()
            encode(r)
            took += time.process_time() - started
        return took / calls * 1e6

    def whole() -> float:
        return run(lambda r: ENCODER.encode(build_params(r)).encode())

    def kept() -> float:
        return run(BodyEncoder().encode)

    label = f"request body, tool loop of {start}-{start + calls} turns"
    return {f"{label}: built whole": whole, f"{label}: BodyEncoder": kept}


if __name__ == "__main__":
    help_asked(__doc__)
    if "--breakdown" in sys.argv:
        rest = [a for a in sys.argv[1:] if a != "--breakdown"]
        print(asyncio.run(breakdown(int(rest[0]) if rest else 1000)))
        print("load average:", Path("/proc/loadavg").read_text().split()[:3])
        sys.exit(0)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    body = asyncio.run(main(n))
    print(body)
    write_section("provider", "Provider layer", "bench/bench_provider.py", body)
