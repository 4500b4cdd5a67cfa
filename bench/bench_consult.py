"""What a ranked consult costs on the corpus roster (../shared/corpus's four folders and the
bundled agents: 474 agents), measured by wall clock (medians; load noted by the caller).

Three figures: a ranked consult in a process whose router is built (``coord run`` routed
the request with it: warm, the median of ``--repeat``); the first one in a fresh process
that loaded the roster as ``coord resume`` does, with the routing index in the user's cache
(written by an earlier process) and without it (``--no-cache``: the index built). A domain
of one agent (the bundled roster) is timed too: it never touches the router. Every process
uses a temporary ``XDG_CACHE_HOME``.

    python bench/bench_consult.py [--repeat 200] [--fresh 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"

#: A Blocked report with several agents of its Domain on the corpus roster.
RANKED = (
    "## Report\n**Status:** Blocked\n**Domain:** Database\n"
    "**Blocker:** The orders query on PostgreSQL does a sequential scan\n"
    "**Required:** A composite index on orders(customer_id, created_at)\n"
)

#: Run in a fresh process: load the roster as a resume does, then one ranked consult.
ONE = """
import sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.runtime.consult import choose_consultant
from coordinator.runtime.state import RunState, SessionState
from protocols import parse_report
folders = sorted(p for p in Path({corpus!r}).iterdir() if p.is_dir())
registry = load_registry(folders, cache={cache})
rep = parse_report({report!r})
run = RunState(1, registry.get("backend-developer"), "m", 0, 5, [])
s = SessionState("b", "r", Path("."), chain=[run])
t = time.perf_counter()
choice = choose_consultant(rep, s, registry, Settings())
print((time.perf_counter() - t) * 1000, len(registry), choice.consultant.name)
"""


def fresh(cache: bool, times: int, env: dict[str, str]) -> tuple[list[float], str]:
    """The first ranked consult's ms in ``times`` fresh processes, and what it chose."""
    code = ONE.format(repo=str(REPO), corpus=str(CORPUS), cache=cache, report=RANKED)
    found, said = [], ""
    for _ in range(times):
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        ms, agents, name = out.stdout.split()
        found.append(float(ms))
        said = f"{name} of {agents} agents"
    return found, said


def warm(repeat: int) -> tuple[float, float, str]:
    """Median µs of a ranked consult with the router built, of a one-agent domain's."""
    from coordinator.config import Settings
    from coordinator.roster.loader import load_registry
    from coordinator.runtime.consult import choose_consultant
    from coordinator.runtime.state import RunState, SessionState
    from protocols import parse_report

    folders = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    rep = parse_report(RANKED)
    timed = []
    for registry, asker in (
        (load_registry(folders, cache=False), "backend-developer"),
        (load_registry(cache=False), "fastapi-backend-expert"),
    ):
        s = SessionState(
            "b", "r", Path("."), chain=[RunState(1, registry.get(asker), "m", 0, 5, [])]
        )
        choose_consultant(rep, s, registry, Settings())  # the router built (or not needed)
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            choice = choose_consultant(rep, s, registry, Settings())
            runs.append((time.perf_counter() - t) * 1e6)
        timed.append(statistics.median(runs))
    return timed[0], timed[1], choice.consultant.name


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--fresh", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit("needs ../shared/corpus")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache, "PYTHONHASHSEED": "0"}
        fresh(True, 1, env)  # writes the file cache and the routing index
        cached, said = fresh(True, args.fresh, env)
        built, _ = fresh(False, args.fresh, env)
    ranked, single, _ = warm(args.repeat)
    print(f"ranked consult ({said}):")
    print(f"  warm (router built), median of {args.repeat}: {ranked:.0f} us")
    print(
        f"  fresh process, index cached, median of {args.fresh}: {statistics.median(cached):.1f} ms"
    )
    print(
        f"  fresh process, index built, median of {args.fresh}: {statistics.median(built):.1f} ms"
    )
    print(f"one-agent domain (bundled roster), median of {args.repeat}: {single:.1f} us")


if __name__ == "__main__":
    main()
