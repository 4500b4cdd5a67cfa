"""Benchmark the registry and the router: load time (cold and cached), routes/s, p99 latency.

Writes the "routing" section of bench/RESULTS.md. The corpus roster needs ../shared; without
it only the bundled roster is measured. Requests not seen before are routed in a fresh process
each (``--distinct PACE ONLY [DIR ...]``: JSON on stdout).
"""

from __future__ import annotations

import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._results import help_asked, write_section  # noqa: E402
from bench.routing_requests import REQUESTS  # noqa: E402
from coordinator.gcpace import collect_between, serving_collections  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402
from coordinator.routing.lexical import Router, serving_router  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
#: Distinct requests routed once each: the spent routing sets (people's own wording).
SETS = REPO / "bench" / "sanity"
DISTINCT = 3000


def measure_routes(
    router: Router, seconds: float = 2.0
) -> tuple[float, float, float, float, float]:
    """Routes per second, median and p99 latency (µs) by the wall clock, then routes per
    second and p99 (µs) in this process's CPU time: on a shared, loaded machine the wall
    clock counts time the scheduler gave to other processes, CPU time only the router's."""
    walls: list[float] = []
    cpus: list[float] = []
    clock, cpu = time.perf_counter, time.process_time
    start = clock()
    while clock() - start < seconds:
        for request in REQUESTS:
            t0, c0 = clock(), cpu()
            router.route(request)
            cpus.append(cpu() - c0)
            walls.append(clock() - t0)
    walls.sort()
    cpus.sort()
    p99 = int(len(walls) * 0.99) - 1
    return (
        len(walls) / sum(walls),
        statistics.median(walls) * 1e6,
        walls[p99] * 1e6,
        len(cpus) / sum(cpus),
        cpus[p99] * 1e6,
    )


def distinct_requests() -> tuple[list[str], list[str]]:
    """Up to :data:`DISTINCT` requests of the routing sets, each once, and 200 others to
    warm up with (what every route loads once, not what a new request costs)."""
    found: dict[str, None] = {}
    for path in sorted(SETS.glob("*.yaml")):
        found.update(dict.fromkeys(case.request for case in load_cases(path)))
    requests = list(found)
    return requests[:DISTINCT], requests[-200:]


def measure_distinct(router: Router, *, serving: bool = True) -> tuple[float, float, float]:
    """CPU routes per second, median and p99 (µs) over requests the router has not seen:
    each routed once, so nothing a word or a request left in a cache is reused, as for a
    user's new request (the rows above repeat ten requests). ``serving``: at the collector's
    pace of a process that serves many requests (``coord mcp``, a batch: the index built,
    then :func:`serving_collections`, and after each answer the collection due, as the
    server runs it: :func:`collect_between`, not timed); else at Python's default pace, the
    index unfrozen."""
    requests, warm = distinct_requests()
    pace: AbstractContextManager[None] = serving_collections() if serving else nullcontext()
    cpus: list[float] = []
    cpu = time.process_time
    with pace:
        for request in warm:
            router.route(request)
            if serving:
                collect_between()
        for request in requests:
            c0 = cpu()
            router.route(request)
            cpus.append(cpu() - c0)
            if serving:
                collect_between()
    cpus.sort()
    return (
        len(cpus) / sum(cpus),
        statistics.median(cpus) * 1e6,
        cpus[int(len(cpus) * 0.99) - 1] * 1e6,
    )


def distinct_in_child(dirs: list[Path], only: bool, serving: bool) -> list[float]:
    """:func:`measure_distinct` in a fresh process: no per-word table or cache that an
    earlier measurement filled (they live as long as the process) is reused."""
    pace = "serving" if serving else "default"
    argv = [sys.executable, __file__, "--distinct", pace, str(int(only)), *map(str, dirs)]
    proc = subprocess.run(argv, check=True, capture_output=True, text=True)
    return [float(v) for v in json.loads(proc.stdout)]


def _distinct_child(pace: str, only: str, *dirs: str) -> None:
    """The child of :func:`distinct_in_child`: its numbers as JSON on stdout."""
    folders = [Path(d) for d in dirs]
    registry = load_registry(folders, only=only == "1", cwd=REPO.parent, cache=False)
    # Serving: the router as a server or a batch makes it (every table made, the sound index
    # and the names by ear prepared: lexical.serving_router); else as a one-shot command.
    router = serving_router(registry) if pace == "serving" else Router(registry)
    print(json.dumps(measure_distinct(router, serving=pace == "serving")))


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
        memory = len(pickle.dumps(router, protocol=pickle.HIGHEST_PROTOCOL)) / 1e6
        rate, median, p99, cpu_rate, cpu_p99 = measure_routes(router)
        new_rate, new_median, new_p99 = distinct_in_child(dirs, only, serving=True)
        default_p99 = distinct_in_child(dirs, only, serving=False)[2]
        rows.append(
            f"| {label} | {len(registry)} | {cold * 1000:.0f} | {warm * 1000:.0f} | "
            f"{index * 1000:.0f} | {memory:.1f} | {rate:,.0f} | {median:.0f} | {p99:.0f} | "
            f"{cpu_rate:,.0f} | {cpu_p99:.0f} | {new_rate:,.0f} | {new_median:.0f} | "
            f"{new_p99:.0f} | {default_p99:.0f} |"
        )
        print(rows[-1])
    body = "\n".join(
        [
            "Best of 3 for load times; routing over 10 mixed EN/UK requests for 2 s, one core.",
            f"Load average when measured: {os.getloadavg()[0]:.1f} (2 cores).",
            "",
            "Index size is the pickled index (what the index cache stores), in MB. The CPU columns",
            "count only this process's CPU time per request (what a quiet machine would show);",
            "the wall-clock columns include time the scheduler gave to other processes.",
            f'The "new" columns route up to {DISTINCT:,} distinct requests of bench/sanity once',
            "each (CPU time, after 200 others): what a request the router has not seen costs,",
            "with no per-word or per-request cache of an earlier route to reuse, at the",
            "collector's pace of a process serving many requests (`coord mcp`, a batch: the",
            "index built, then `gcpace.serving_collections`); the last column at Python's",
            "default pace with nothing frozen (a new router in a plain script).",
            "",
            "| roster | agents | load cold ms | load cached ms | index build ms | index MB "
            "| routes/s | median µs | p99 µs | CPU routes/s | CPU p99 µs "
            "| new: CPU routes/s | new: median µs | new: p99 µs | new, default pace: p99 µs |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    write_section("routing", "Registry and routing", "bench/bench_routing.py", body)


if __name__ == "__main__":
    help_asked(__doc__)
    if sys.argv[1:2] == ["--distinct"]:
        _distinct_child(*sys.argv[2:])
    else:
        main()
