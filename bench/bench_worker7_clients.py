"""Per-session CPU of a worker draining 200 scripted sessions: one provider (SDK client) per
worker (now) vs one per session (before), paired A/B rounds on one private PostgreSQL cluster.

The worker runs in this process (``serve`` with ``drain``); CPU is this process's
``time.process_time`` over the drain (the PostgreSQL server's CPU is not counted). "before"
drives each session with a provider built for it and closed after (``drive_claimed`` without
the worker's pool), as the worker did before the pool.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from kit import write_agents  # noqa: E402
from pgcluster import private_cluster  # noqa: E402

from bench.bench_workers import script, submit  # noqa: E402
from coordinator.runtime import worker  # noqa: E402

SESSIONS = 200
PAIRS = 5


def new_db(server: str) -> str:
    import psycopg

    name = "b_" + uuid.uuid4().hex[:10]
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return server.rsplit("/", 1)[0] + "/" + name


def drain(server: str, tmp: Path, agents: Path, path: Path, pooled: bool) -> tuple[float, float]:
    """Queue SESSIONS sessions, drain them with one worker; (CPU ms, wall ms) per session."""
    db = new_db(server)
    root = tmp / uuid.uuid4().hex[:8]
    asyncio.run(submit(db, root, agents, path, SESSIONS, detach=True))
    original = worker.drive_claimed
    if not pooled:

        async def per_session(store: object, log: worker.Log, providers: object = None) -> int:
            return await original(store, log)  # type: ignore[arg-type]

        worker.drive_claimed = per_session  # type: ignore[assignment]
    cfg = worker.WorkerConfig(db, (root.resolve(),), concurrency=4, sweep=0.1, drain=True)
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        end = asyncio.run(serve_quietly(cfg))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        worker.drive_claimed = original
    if end.ended != SESSIONS:
        raise SystemExit(f"drained {end.ended} of {SESSIONS} sessions")
    return cpu * 1000 / SESSIONS, wall * 1000 / SESSIONS


async def serve_quietly(cfg: worker.WorkerConfig) -> worker.WorkerEnd:
    return await worker.serve(cfg, asyncio.Event(), lambda _line: None)


def main() -> None:
    with private_cluster() as server, tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        agents = write_agents(tmp / "agents", "backend")
        path = script(tmp, hops=3, latency_ms=0)
        drain(server, tmp, agents, path, pooled=True)  # warm-up: imports, caches
        rows: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for i in range(PAIRS):
            for pooled in (False, True) if i % 2 == 0 else (True, False):
                rows[pooled].append(drain(server, tmp, agents, path, pooled))
                print("pooled" if pooled else "per-session", rows[pooled][-1], flush=True)
        ratios = [a[0] / b[0] for a, b in zip(rows[True], rows[False], strict=True)]
        for pooled in (False, True):
            cpu = statistics.median(r[0] for r in rows[pooled])
            wall = statistics.median(r[1] for r in rows[pooled])
            label = "one provider per worker" if pooled else "one provider per session"
            print(f"| {label} | {cpu:.2f} | {wall:.2f} |")
        print("paired CPU ratios (pooled / per-session):", [f"{r:.3f}" for r in ratios])


if __name__ == "__main__":
    main()
