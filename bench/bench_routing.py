"""Benchmark the registry and the router: load time (cold and cached), routes/s, p99 latency.

Writes the "routing" section of bench/RESULTS.md. The corpus roster needs ../shared; without
it only the bundled roster is measured.
"""

from __future__ import annotations

import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._results import write_section  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing.lexical import Router  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
REQUESTS = [
    "Створи endpoint для списку користувачів",
    "Add a composite index for the reports query",
    "Write the Dockerfile for the worker service",
    "Зверстай картку задачі з кнопками редагування",
    "Improve the retrieval step of our RAG pipeline",
    "Design a GraphQL schema for the catalogue",
    "Set up Terraform for an S3 bucket with versioning",
    "Review this Go code for race conditions",
    "Write a poem about autumn",
    "Profile the slow checkout page and fix the memory leak",
]


def measure_routes(router: Router, seconds: float = 2.0) -> tuple[float, float, float]:
    """Routes per second, median and p99 latency (microseconds) on one core."""
    latencies: list[float] = []
    clock = time.perf_counter
    start = clock()
    while clock() - start < seconds:
        for request in REQUESTS:
            t0 = clock()
            router.route(request)
            latencies.append(clock() - t0)
    total = sum(latencies)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return len(latencies) / total, statistics.median(latencies) * 1e6, p99 * 1e6


def measure_load(dirs: list[Path], only: bool) -> tuple[float, float, float, Registry]:
    """Registry load seconds without cache, with a warm cache, and index build seconds."""
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        cold = _best(lambda: load_registry(dirs, only=only, cwd=REPO.parent, cache=False))
        load_registry(dirs, only=only, cwd=REPO.parent)  # fill the cache
        warm = _best(lambda: load_registry(dirs, only=only, cwd=REPO.parent))
        registry = load_registry(dirs, only=only, cwd=REPO.parent)
    index = _best(lambda: Router(registry))
    return cold, warm, index, registry


def _best(action: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rows = []
    rosters: list[tuple[str, list[Path], bool]] = [("bundled (5)", [], False)]
    if CORPUS.is_dir():
        rosters.append(
            ("corpus (534 files)", sorted(p for p in CORPUS.iterdir() if p.is_dir()), True)
        )
    for label, dirs, only in rosters:
        cold, warm, index, registry = measure_load(dirs, only)
        router = Router(registry)
        rate, median, p99 = measure_routes(router)
        memory = len(pickle.dumps(router, protocol=pickle.HIGHEST_PROTOCOL)) / 1e6
        rows.append(
            f"| {label} | {len(registry)} | {cold * 1000:.0f} | {warm * 1000:.0f} | "
            f"{index * 1000:.0f} | {memory:.1f} | {rate:,.0f} | {median:.0f} | {p99:.0f} |"
        )
        print(rows[-1])
    body = "\n".join(
        [
            "Best of 3 for load times; routing over 10 mixed EN/UK requests for 2 s, one core.",
            f"Load average when measured: {os.getloadavg()[0]:.1f} (2 cores).",
            "",
            "Index size is the pickled index (what the index cache stores), in MB.",
            "",
            "| roster | agents | load cold ms | load cached ms | index build ms | index MB "
            "| routes/s | median µs | p99 µs |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    write_section("routing", "Registry and routing", "bench/bench_routing.py", body)


if __name__ == "__main__":
    main()
