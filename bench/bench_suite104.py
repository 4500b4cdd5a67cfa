"""What every new store, routed roster and settings read costs a process (suite104).

Each tree given is timed in fresh interpreters of its own code (``PYTHONPATH``): CPU
(``time.process_time``) and wall per call, the median of ``--rounds`` processes:

- ``create``: ``Store.open`` of a new file, then ``close`` (a user's first ``coord run`` in
  a workspace; each CLI test's store);
- ``open``: ``Store.open`` of an existing file, then ``close``;
- ``route_1st`` / ``route_2nd``: the first roster a process routes on with an empty cache
  (its index built and stored with the routing tables), then a second roster (another
  workspace's: a worker, a server, a test process);
- ``settings``: ``validated`` of a small settings mapping (after a first call);
- ``syncs_create`` / ``syncs_index``: fdatasync/fsync calls of one new store made and
  closed, and of one new session index written and closed (by strace, when installed).

Run from the repository root: ``python bench/bench_suite104.py [--baseline DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_TIMED = r"""
import json, sys, tempfile, time
from pathlib import Path
from coordinator.config import validated
from coordinator.roster.loader import load_registry
from coordinator.routing import lexical
from coordinator.store.db import Store

work = Path(sys.argv[1]); count = int(sys.argv[2])
out = {}

def timed(name, call, n):
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        call(i)
    out[name] = [(time.process_time() - cpu) / n * 1000, (time.perf_counter() - wall) / n * 1000]

timed("create", lambda i: Store.open(work / f"s{i}" / "coordinator.db").close(), count)
timed("open", lambda i: Store.open(work / f"s{i}" / "coordinator.db").close(), count)

def roster(i):
    folder = work / f"agents{i}"
    folder.mkdir()
    for name in ("billing", "mobile", f"extra{i}"):
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: Handles {name} work.\n---\nYou do {name}.\n")
    registry = load_registry([folder], only=True, cwd=folder)
    lexical.router_for(registry).route("Fix the refund flow on the phone app")

timed("route_1st", roster, 1)
timed("route_2nd", lambda i: roster(i + 1), 1)
settings = {"default_model": "sonnet", "max_turns": 12, "max_session_cost": 2.5}
validated(settings)  # pydantic imported (and, since suite104, its validator built)
timed("settings", lambda i: validated(settings), 50)
print(json.dumps(out))
"""

_SYNCED = r"""
import sys
from pathlib import Path
from coordinator.store.db import Store
from coordinator.store.index import SessionIndex
work = Path(sys.argv[1])
if sys.argv[2] == "store":
    Store.open(work / "new" / "coordinator.db").close()
else:
    index = SessionIndex(work / "index.db")
    index.record("0123456789ab", work, work / "coordinator.db", "a request")
    index.close()
"""


def _env(tree: Path, work: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "HOME": str(work / "home")}
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["XDG_DATA_HOME"] = str(work / "data")
    return env


def timed(tree: Path, count: int) -> dict[str, list[float]]:
    """One fresh interpreter's timings (ms of CPU and of wall per call)."""
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:
        work = Path(folder)
        proc = subprocess.run(
            [sys.executable, "-c", _TIMED, str(work), str(count)],
            env=_env(tree, work),
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        )
    found: dict[str, list[float]] = json.loads(proc.stdout)
    return found


def syncs(tree: Path, what: str) -> int | None:
    """fdatasync and fsync calls of one new store (``store``) or index (``index``)."""
    if shutil.which("strace") is None:
        return None
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:
        work = Path(folder)
        trace = work / "trace"
        strace = ["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", str(trace)]
        subprocess.run(
            [*strace, sys.executable, "-c", _SYNCED, str(work), what],
            env=_env(tree, work),
            cwd=work,
            capture_output=True,
            check=True,
        )
        return sum("sync(" in line for line in trace.read_text().splitlines())


def measure(tree: Path, rounds: int, count: int) -> dict[str, tuple[float, float]]:
    runs = [timed(tree, count) for _ in range(rounds)]
    found = {
        name: (
            statistics.median(run[name][0] for run in runs),
            statistics.median(run[name][1] for run in runs),
        )
        for name in runs[0]
    }
    for what in ("store", "index"):
        count_syncs = syncs(tree, what)
        if count_syncs is not None:
            found[f"syncs_{what}"] = (float(count_syncs), 0.0)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another tree, timed first")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=40, help="stores made per process")
    args = parser.parse_args()
    trees = ([args.baseline] if args.baseline else []) + [ROOT]
    results = {str(tree): measure(tree, args.rounds, args.count) for tree in trees}
    names = list(next(iter(results.values())))
    print("| measure | " + " | ".join(f"{t} CPU ms / wall ms" for t in results) + " |")
    print("|---|" + "---|" * len(results))
    for name in names:
        cells = [f"{r[name][0]:.2f} / {r[name][1]:.2f}" for r in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
