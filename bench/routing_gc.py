"""What requests the router has not seen leave for the cyclic garbage collector.

``python bench/routing_gc.py kept|default|serving`` builds the corpus roster's router as
``bench_routing.py``'s "new" columns do, routes its 200 warm-up requests, then its distinct
requests once each, and prints (deterministic for a tree, whatever the machine's load):

- ``kept``: the GC-capable objects each new request keeps (the youngest generation's count,
  the collector off: what paces the collections), and the tracked ones left after two full
  collections (what a middle-generation or full collection walks again), by type;
- ``default`` or ``serving``: with the collector at Python's default pace or at a serving
  process's (``coordinator.gcpace.serving_collections``), the collections per generation,
  the objects each walked and how many requests ran one (their CPU time is printed too,
  but it is noisy).

One mode a process: the routing caches the first fills would serve the next. To compare two
trees, run a copy of this script in each (it imports the tree it is in).
"""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter, defaultdict
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_routing import CORPUS, distinct_requests  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.lexical import Router  # noqa: E402


def _router() -> Router:
    dirs = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    return Router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))


def kept(requests: list[str], warm: list[str]) -> None:
    """Objects each new request keeps: GC-capable ones, then those still tracked."""
    router = _router()
    for request in warm:
        router.route(request)
    gc.collect()
    before = {id(o) for o in gc.get_objects()}
    gc.disable()
    count = gc.get_count()[0]
    for request in requests:
        router.route(request)
    made = gc.get_count()[0] - count
    gc.enable()
    gc.collect()
    gc.collect()
    left = [o for o in gc.get_objects() if id(o) not in before]
    n = len(requests)
    print(f"GC-capable objects kept a new request: {made / n:.1f}")
    print(f"tracked after two full collections: {len(left) / n:.1f} a request")
    types = Counter(type(o).__name__ for o in left).most_common(6)
    print("  by type: " + ", ".join(f"{name} {k / n:.1f}" for name, k in types))


def collections(requests: list[str], warm: list[str], pace: str) -> None:
    """The collections while the new requests are routed, at ``pace``."""
    try:
        from coordinator.gcpace import serving_collections
    except ImportError:  # a tree before gc29: the batch's, the same pace
        from coordinator.runtime.batch import (  # type: ignore[attr-defined,no-redef]
            batch_collections as serving_collections,
        )

    router = _router()
    walked: dict[int, list[int]] = defaultdict(list)
    spent: dict[int, list[float]] = defaultdict(list)
    started = [0.0]

    def watch(phase: str, info: dict[str, Any]) -> None:
        generation = info["generation"]
        if phase == "start":
            walked[generation].append(sum(map(len, map(gc.get_objects, range(generation + 1)))))
            started[0] = time.process_time()
        else:
            spent[generation].append(time.process_time() - started[0])

    ran = 0
    context: AbstractContextManager[None] = (
        serving_collections() if pace == "serving" else nullcontext()
    )
    with context:
        for request in warm:
            router.route(request)
        gc.callbacks.append(watch)
        try:
            for request in requests:
                seen = sum(map(len, spent.values()))
                router.route(request)
                ran += sum(map(len, spent.values())) > seen
        finally:
            gc.callbacks.remove(watch)
    print(f"{pace} pace: {ran} of {len(requests)} requests ran a collection")
    for generation in sorted(walked):
        sizes, cpu = sorted(walked[generation]), sorted(spent[generation])
        print(
            f"  gen{generation}: {len(sizes)} collections, objects walked median "
            f"{sizes[len(sizes) // 2]:,} (max {sizes[-1]:,}); CPU median "
            f"{cpu[len(cpu) // 2] * 1e3:.2f} ms"
        )


def main() -> None:
    if sys.argv[1:] not in (["kept"], ["default"], ["serving"]):
        sys.exit("usage: routing_gc.py kept|default|serving")
    requests, warm = distinct_requests()
    if sys.argv[1] == "kept":
        kept(requests, warm)
    else:
        collections(requests, warm, sys.argv[1])


if __name__ == "__main__":
    main()
