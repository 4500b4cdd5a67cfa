"""Engine overhead: per model call and per delegation hop, and many sessions at once.

A "3-hop chain" here: backend blocks on Database, the database specialist blocks on DevOps,
the devops specialist answers, database resumes and answers, backend resumes and completes
(3 agent runs, 2 delegations, 5 model calls). Everything is durable: a real SQLite file in
WAL mode, each step committed before the next.

Run: ``python bench/bench_engine.py`` (writes the "engine" section of bench/RESULTS.md).
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._results import write_section
from coordinator.config import Settings
from coordinator.providers.base import ModelRequest, ModelResponse, Usage
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.batch import LimitedProvider
from coordinator.runtime.engine import Engine
from coordinator.store.db import Store


def _report(status: str, extra: str = "") -> str:
    return f"✅ Done\n\n**Changes:**\n- x\n\n**Files:** none\n\n**Status:** {status}\n{extra}"


BLOCKED_DB = _report("Blocked", "**Domain:** Database\n**Blocker:** b\n**Required:** schema")
BLOCKED_OPS = _report("Blocked", "**Domain:** DevOps\n**Blocker:** b\n**Required:** engine")
CHAIN: dict[str, list[str]] = {
    "backend": [BLOCKED_DB, _report("Complete")],
    "dba": [BLOCKED_OPS, _report("Complete")],
    "ops": [_report("Complete")],
}
SINGLE: dict[str, list[str]] = {"backend": [_report("Complete")]}


class InstantModel:
    """A provider double answering each agent's k-th turn at once (or after ``latency``)."""

    name = "instant"

    def __init__(self, turns: dict[str, list[str]], latency: float = 0.0):
        self.turns = turns
        self.latency = latency
        self.calls = 0

    async def complete(self, request: ModelRequest) -> ModelResponse:
        k = sum(1 for m in request.messages if m["role"] == "assistant")
        self.calls += 1
        if self.latency:
            await asyncio.sleep(self.latency)
        return ModelResponse(
            content=[{"type": "text", "text": self.turns[request.agent][k]}],
            stop_reason="end_turn",
            usage=Usage(input_tokens=100, output_tokens=20),
            model=request.model,
        )

    async def aclose(self) -> None:
        return None


def scripted(turns: dict[str, list[str]], latency_ms: int = 0) -> Any:
    """The real scripted provider (Anthropic SDK + injected transport) for the same turns."""
    from coordinator.providers.scripted import ScriptedModel, ScriptedProvider

    data = {
        "agents": {
            agent: [{"text": t, "latency_ms": latency_ms} for t in texts]
            for agent, texts in turns.items()
        }
    }
    return ScriptedProvider(ScriptedModel.from_data(data, source="bench"))


def registry() -> Registry:
    return Registry(
        [
            AgentSpec(name=n, description=d, domain=d, tools=["Read", "Glob"], body=f"{d} agent")
            for n, d in (("backend", "backend"), ("dba", "database"), ("ops", "devops"))
        ]
    )


def engine(folder: Path, provider: Any) -> tuple[Engine, Store]:
    store = Store.open(folder / "bench.db")
    settings = Settings(max_session_cost=None, max_session_tokens=None)
    eng = Engine(
        registry=registry(), provider=provider, store=store, settings=settings, workspace=folder
    )
    return eng, store


async def sequential(provider: Any, sessions: int) -> float:
    """Seconds per session, sessions run one after another."""
    with tempfile.TemporaryDirectory() as tmp:
        eng, store = engine(Path(tmp), provider)
        await eng.start("warm up", agent="backend")
        started = time.perf_counter()
        for i in range(sessions):
            result = await eng.start(f"request {i}", agent="backend")
            if result.status != "complete":
                raise RuntimeError(result)
        elapsed = time.perf_counter() - started
        store.close()
    return elapsed / sessions


async def per_hop(make: Any, sessions: int) -> tuple[float, float]:
    """(µs per model call, µs per delegation hop) with an instant model."""
    chain = min([await sequential(make(CHAIN), sessions) for _ in range(3)])
    single = min([await sequential(make(SINGLE), sessions) for _ in range(3)])
    return chain / 5 * 1e6, (chain - single) / 2 * 1e6


async def concurrent(
    sessions: int, latency: float, limit: int, *, trace: bool = False
) -> dict[str, float]:
    """Wall time (or, with ``trace``, peak traced memory) of ``sessions`` 3-hop chains at once."""
    with tempfile.TemporaryDirectory() as tmp:
        model = LimitedProvider(InstantModel(CHAIN, latency), limit)
        eng, store = engine(Path(tmp), model)
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        results = await asyncio.gather(
            *(eng.start(f"request {i}", agent="backend") for i in range(sessions))
        )
        wall = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        tracemalloc.stop()
        store.close()
    if any(r.status != "complete" for r in results):
        raise RuntimeError("a session did not complete")
    return {"wall": wall, "peak_mib": peak / 2**20, "peak_in_flight": model.peak}


def main() -> None:
    instant = asyncio.run(per_hop(lambda turns: InstantModel(turns), 200))
    through_sdk = asyncio.run(per_hop(lambda turns: scripted(turns), 60))
    critical = 5 * 0.050
    runs = {limit: asyncio.run(concurrent(200, 0.050, limit)) for limit in (200, 50)}
    for limit, run in runs.items():
        run["peak_mib"] = asyncio.run(concurrent(200, 0.050, limit, trace=True))["peak_mib"]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ideal_50 = max(critical, 200 * 5 * 0.050 / 50)
    lines = [
        "Durable SQLite (WAL, one commit per step) in a temp folder; 3-hop chain = backend → "
        "database → devops consults, 5 model calls, 2 delegations.",
        "",
        "| measure | instant provider double | scripted provider (Anthropic SDK + transport) |",
        "| --- | ---: | ---: |",
        f"| engine overhead per model call | {instant[0]:,.0f} µs | {through_sdk[0]:,.0f} µs |",
        f"| overhead per delegation hop (block → consult → resume, 2 calls) "
        f"| {instant[1]:,.0f} µs | {through_sdk[1]:,.0f} µs |",
        "",
        "200 concurrent sessions of 3-hop chains, model latency 50 ms per call "
        f"(critical path {critical * 1000:.0f} ms per chain):",
        "",
        "| concurrency limit | wall time | ideal | overhead vs ideal | peak in flight "
        "| peak Python memory (tracemalloc, separate run) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for limit, r in runs.items():
        ideal = critical if limit >= 200 else ideal_50
        lines.append(
            f"| {limit} | {r['wall'] * 1000:,.0f} ms | {ideal * 1000:,.0f} ms "
            f"| {(r['wall'] - ideal) * 1000:+,.0f} ms | {r['peak_in_flight']:.0f} "
            f"| {r['peak_mib']:.1f} MiB |"
        )
    lines += ["", f"Process peak RSS over the whole bench: {rss:.0f} MiB."]
    body = "\n".join(lines)
    print(body)
    write_section("engine", "Engine", "bench/bench_engine.py", body)


if __name__ == "__main__":
    main()
