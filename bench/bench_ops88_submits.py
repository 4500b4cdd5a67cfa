"""Parallel ``coord run --detach`` on one shared PostgreSQL store: ``--procs`` processes
started at once, each queueing one session of the same agent in its own workspace.

Each round makes a fresh database on one private cluster (tests/pgcluster.py), queues one
session first (the schema made, so no round measures the migration), then starts the
processes together and waits for them all. Printed per round and tree: the wall time
from the first start to the last exit, and each process's own wall time (median, max).
``--baseline DIR`` (e.g. ``git archive START | tar -x -C DIR``) runs the same rounds
with that tree's code, interleaved with this one's: each process runs ``python -m
coordinator`` with the tree as its working folder, so it imports that tree.

Usage: python bench/bench_ops88_submits.py [--baseline DIR] [--procs 18] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from kit import report, write_agents, write_script  # noqa: E402
from pgcluster import private_cluster  # noqa: E402


def new_db(server: str) -> str:
    import psycopg

    name = "b_" + uuid.uuid4().hex[:10]
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return server.rsplit("/", 1)[0] + "/" + name


def argv(db: str, ws: Path, agents: Path, script: Path) -> list[str]:
    ws.mkdir(parents=True)
    return [
        sys.executable,
        "-m",
        "coordinator",
        "run",
        "task",
        "--agent",
        "backend",
        "--workspace",
        str(ws),
        "--db",
        db,
        "--detach",
        "--provider",
        "scripted",
        "--script",
        str(script),
        "--agents-dir",
        str(agents),
        "--only",
    ]


def one_round(tree: Path, server: str, tmp: Path, procs: int) -> tuple[float, list[float]]:
    """(wall seconds of all ``procs`` submits, each process's wall seconds)."""
    db = new_db(server)
    root = tmp / uuid.uuid4().hex[:8]
    agents, script = tmp / "agents", tmp / "s.yaml"
    first = subprocess.run(argv(db, root / "first", agents, script), cwd=tree, capture_output=True)
    if first.returncode != 0:
        raise SystemExit(first.stderr.decode(errors="replace"))
    started = time.perf_counter()
    running = [
        (
            subprocess.Popen(
                argv(db, root / f"ws{i}", agents, script),
                cwd=tree,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            ),
            time.perf_counter(),
        )
        for i in range(procs)
    ]
    each = []
    for proc, at in running:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(err.decode(errors="replace"))
        each.append(time.perf_counter() - at)  # (an upper bound: read in start order)
    return time.perf_counter() - started, each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--procs", type=int, default=18)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    with private_cluster() as server, tempfile.TemporaryDirectory(dir=ROOT) as name:
        tmp = Path(name)
        write_agents(tmp / "agents", "backend")
        write_script(tmp / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
        for r in range(args.rounds):
            order = list(trees.items()) if r % 2 == 0 else list(reversed(trees.items()))
            for label, tree in order:
                wall, each = one_round(tree, server, tmp, args.procs)
                print(
                    f"round {r + 1} {label:8} {args.procs} submits: {wall:.1f} s in all;"
                    f" each {statistics.median(each):.1f} s median, {max(each):.1f} s max",
                    flush=True,
                )


if __name__ == "__main__":
    main()
