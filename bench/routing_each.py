"""The instructions each new request's route costs, and which make the p99 (route75).

``python bench/routing_each.py [N]`` routes, as bench_routing.py's "new" columns do (the
corpus roster, the router prepared as a server's: ``lexical.prepare``; 200 requests of
bench/sanity unmeasured first), N (3000 unless given) requests never routed before, once
each, under callgrind, and prints the median and p99 of the instructions a route and the
slowest 1% of the requests with theirs.

How: each route runs inside ``operator.call``; callgrind counts only there
(``--toggle-collect``) and writes one dump after each (``--dump-after``), whose total is
that route's. The router is built here, pickled, and loaded by the child (a built index
costs ~30 s under callgrind). Under ``setarch -R`` with ``PYTHONHASHSEED=0`` a count
repeats to the instruction (see routing_parts.py). Collection is off in the child: the
counts are the routes' own. One tree a run (the one this file is in); a run takes ~15-40
minutes.
"""

from __future__ import annotations

import gc
import operator
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._results import help_asked  # noqa: E402
from bench.bench_routing import CORPUS, distinct_requests  # noqa: E402
from bench.routing_parts import served  # noqa: E402

_TOTAL = re.compile(r"^(?:summary|totals): (\d+)", re.MULTILINE)


def _child(stored: str, count: str) -> None:
    """Under callgrind: the server's tables, the warm-up, then each request in a call."""
    router = pickle.loads(Path(stored).read_bytes())
    requests = served(router)
    gc.collect()
    gc.disable()
    call, route = operator.call, router.route
    for request in requests[: int(count)]:
        call(route, request)


def _counts(folder: Path) -> list[int]:
    """Each dump's total, in the order written (``cg.1``, ``cg.2``, ...)."""
    dumps = sorted(folder.glob("cg.*"), key=lambda p: int(p.suffix[1:]))
    found = []
    for dump in dumps:
        total = _TOTAL.search(dump.read_text(encoding="utf-8", errors="replace"))
        found.append(int(total.group(1)) if total else 0)
    return found


def main(count: int) -> None:
    from coordinator.roster.loader import load_registry
    from coordinator.routing.lexical import Router

    dirs = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    router = Router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))
    requests = distinct_requests()[0][:count]
    with tempfile.TemporaryDirectory() as folder:
        stored = Path(folder) / "router.pickle"
        stored.write_bytes(pickle.dumps(router, protocol=pickle.HIGHEST_PROTOCOL))
        argv = [
            *("setarch", "x86_64", "-R", "valgrind", "--tool=callgrind"),
            *("--collect-atstart=no", "--toggle-collect=_operator_call"),
            *("--dump-after=_operator_call", f"--callgrind-out-file={folder}/cg"),
            *(sys.executable, __file__, "--child", str(stored), str(count)),
        ]
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
        counts = _counts(Path(folder))
    if len(counts) != len(requests):
        raise SystemExit(f"{len(counts)} dumps for {len(requests)} requests")
    ordered = sorted(counts)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    print(f"{len(counts)} requests: median {statistics.median(counts):,.0f}, p99 {p99:,}")
    slowest = sorted(zip(counts, requests, strict=True), reverse=True)[: max(1, len(counts) // 100)]
    for instructions, request in slowest:
        print(f"{instructions:>12,}  {len(request.split()):>3} words  {request[:70]!r}")


if __name__ == "__main__":
    help_asked(__doc__)
    if sys.argv[1:2] == ["--child"]:
        _child(*sys.argv[2:])
    else:
        main(int(sys.argv[1]) if sys.argv[1:] else 3000)
