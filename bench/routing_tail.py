"""Where the slowest 1% of the requests a router has not seen spend their time (issue 12).

``python bench/routing_tail.py [ROUNDS]`` routes ``bench_routing.py``'s new requests as its
serving child does (the corpus roster, :func:`serving_router`, the 200 warm-ups, then the
3,000 distinct requests once each at :func:`serving_collections`' pace, the collection due
run after each answer as the server runs it, :func:`collect_between`), in ROUNDS fresh
processes (3 unless given; each then routes the 3,000 again, every word known), and prints:

- the p99 of each round and of the per-request minima over the rounds (a minimum sheds most
  of what other processes on a loaded machine add to one reading);
- the same p99s with each collection's CPU (timed by ``gc.callbacks``) taken out of the
  request it ran in, and over the requests after the first 500 only;
- the slowest 1% (by minimum, collections taken out): their CPU the first time and again
  (minima both; the first-time word work is the difference), how many words each reads for
  the first time (a surface word no earlier request held), how many are mostly Cyrillic and
  how many come among the first 500. A collection lands on the same requests every round
  (the same objects kept in the same order), so a minimum keeps it.

One tree a run (it imports the tree it is in): copy it into another tree to compare.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._results import help_asked  # noqa: E402
from bench.bench_routing import CORPUS, distinct_requests  # noqa: E402
from coordinator.gcpace import collect_between, serving_collections  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.lexical import serving_router  # noqa: E402
from coordinator.routing.text import normalise, normalised_words  # noqa: E402

#: The requests counted as a process's first ones (read before most everyday words are).
EARLY = 500


def _child() -> dict[str, Any]:
    """One fresh process's readings: CPU per new request, each collection's CPU by the
    request it ran in, and each request's CPU routed a second time."""
    dirs = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    router = serving_router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))
    requests, warm = distinct_requests()
    cpu = time.process_time
    at, started = [0], [0.0]
    collected: dict[int, float] = {}

    def watch(phase: str, info: dict[str, Any]) -> None:
        if at[0] < 0:  # between two requests (collect_between): in none of them
            return
        if phase == "start":
            started[0] = cpu()
        else:
            collected[at[0]] = collected.get(at[0], 0.0) + cpu() - started[0]

    first: list[float] = []
    second: list[float] = []
    with serving_collections():
        for request in warm:
            router.route(request)
            collect_between()
        gc.callbacks.append(watch)
        for i, request in enumerate(requests):
            at[0], c0 = i, cpu()
            router.route(request)
            first.append(cpu() - c0)
            at[0] = -1
            collect_between()
        gc.callbacks.remove(watch)
        for request in requests:
            c0 = cpu()
            router.route(request)
            second.append(cpu() - c0)
    return {"first": first, "collected": collected, "again": second}


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.99) - 1] * 1e6


def _new_words() -> list[int]:
    """Per new request, how many of its words no earlier request (warm-ups included) held."""
    requests, warm = distinct_requests()
    seen = {w for r in warm for w in normalised_words(normalise(r))}
    counts = []
    for request in requests:
        words = set(normalised_words(normalise(request)))
        counts.append(len(words - seen))
        seen |= words
    return counts


def _cyrillic(request: str) -> bool:
    letters = [c for c in request if c.isalpha()]
    return sum("\u0400" <= c <= "\u04ff" for c in letters) * 2 > len(letters)


def main(rounds: int) -> None:
    runs = []
    for _ in range(rounds):
        argv = [sys.executable, __file__, "--child"]
        out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out))
    firsts = [run["first"] for run in runs]
    minima = [min(v) for v in zip(*firsts, strict=True)]
    spared = [
        [v - run["collected"].get(str(i), 0.0) for i, v in enumerate(run["first"])] for run in runs
    ]
    spared_minima = [min(v) for v in zip(*spared, strict=True)]
    median = statistics.median
    print(f"rounds {rounds}; p99 per round (us): {', '.join(f'{_p99(f):.0f}' for f in firsts)}")
    print(f"p99 of per-request minima: {_p99(minima):.0f} us")
    print(
        f"collections' CPU taken out: p99 median {median(map(_p99, spared)):.0f} us "
        f"(as read {median(map(_p99, firsts)):.0f}); of minima {_p99(spared_minima):.0f} us; "
        f"collections a round: {median(len(run['collected']) for run in runs):.0f}"
    )
    print(
        f"requests {EARLY}+ only: p99 median {median(_p99(f[EARLY:]) for f in firsts):.0f} us, "
        f"of minima {_p99(minima[EARLY:]):.0f} us"
    )
    requests, _ = distinct_requests()
    again, new = [min(v) for v in zip(*(run["again"] for run in runs), strict=True)], _new_words()
    # the slowest 1% without the collections (they land on the same requests every round)
    tail = sorted(range(len(minima)), key=spared_minima.__getitem__, reverse=True)
    tail = tail[: len(minima) // 100]
    mean = statistics.fmean
    first_cpu, again_cpu = mean(spared_minima[i] for i in tail), mean(again[i] for i in tail)
    words = mean(new[i] for i in tail)
    tokens = mean(len(normalised_words(normalise(requests[i]))) for i in tail)
    print(
        f"slowest 1% ({len(tail)}): first time {first_cpu * 1e6:.0f} us, again "
        f"{again_cpu * 1e6:.0f} us (first-time share {1 - again_cpu / first_cpu:.0%}); "
        f"{words:.1f} new words of {tokens:.1f} "
        f"({(first_cpu - again_cpu) * 1e6 / words:.0f} us a new word); "
        f"{sum(_cyrillic(requests[i]) for i in tail)} mostly Cyrillic, "
        f"{sum(i < EARLY for i in tail)} among the first {EARLY}"
    )
    print(
        f"all {len(minima)}: first time {mean(minima) * 1e6:.0f} us, again "
        f"{mean(again) * 1e6:.0f} us, {mean(new):.1f} new words; p99 again {_p99(again):.0f} us"
    )


if __name__ == "__main__":
    help_asked(__doc__)
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_child()))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
