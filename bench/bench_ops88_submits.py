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
import threading
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


class Watch:
    """Samples the database's backends every 50 ms from a thread: the seconds they spent
    waiting for a lock (``Lock``: a row or transaction id another holds, summed over the
    backends), and the most that waited at once."""

    def __init__(self, db: str) -> None:
        self.db, self.waiting, self.most, self.done = db, 0.0, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.db, autocommit=True) as con:
            while not self.done.wait(0.05):
                row = con.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).fetchone()
                n = int(row[0]) if row else 0
                self.waiting += 0.05 * n
                self.most = max(self.most, n)

    def stop(self) -> str:
        self.done.set()
        self.thread.join()
        return f"lock waits {self.waiting:.1f} backend-s, at most {self.most} at once"


def one_round(tree: Path, server: str, tmp: Path, procs: int) -> tuple[float, list[float], str]:
    """(wall seconds of all ``procs`` submits, each process's wall seconds, lock waits)."""
    db = new_db(server)
    root = tmp / uuid.uuid4().hex[:8]
    agents, script = tmp / "agents", tmp / "s.yaml"
    first = subprocess.run(argv(db, root / "first", agents, script), cwd=tree, capture_output=True)
    if first.returncode != 0:
        raise SystemExit(first.stderr.decode(errors="replace"))
    watch = Watch(db)
    started = time.perf_counter()
    each: list[float] = []

    def one(i: int) -> None:
        at = time.perf_counter()
        done = subprocess.run(
            argv(db, root / f"ws{i}", agents, script), cwd=tree, capture_output=True
        )
        if done.returncode != 0:
            print(done.stderr.decode(errors="replace"), file=sys.stderr)
        each.append(time.perf_counter() - at)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(procs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, each, watch.stop()


def in_process_round(server: str, tmp: Path, threads: int, before: bool) -> tuple[float, str]:
    """``threads`` submits in this process, each on a thread with its own store and loop
    (no interpreter start: the transactions alone); ``before``: a stored definition is
    upserted (its row locked for update) as before ops88, not locked in share mode."""
    import asyncio

    from coordinator.config import load_settings
    from coordinator.roster.loader import load_registry
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.options import ModelChoice, SessionOptions
    from coordinator.store.pg import PgStore

    db = new_db(server)
    root = tmp / uuid.uuid4().hex[:8]
    settings = load_settings(None, None, {"db": db})
    choice = ModelChoice("scripted", tmp / "s.yaml", None, None)
    agents = [tmp / "agents"]
    options = SessionOptions.remember(choice, agents_dirs=agents, only=True, settings=settings)
    registry = load_registry(agents, only=True)
    stores = [PgStore.connect(db) for _ in range(threads + 1)]
    if before:
        for store in stores:
            store._knows = lambda digest, name: False  # type: ignore[method-assign]
    gate = threading.Barrier(threads + 1)

    def one(i: int) -> None:
        ws = root / f"ws{i}"
        ws.mkdir(parents=True)
        engine = Engine(
            registry=registry,
            provider=choice.provider(settings),
            store=stores[i],
            settings=settings,
            workspace=ws,
        )
        if i:
            gate.wait()
        asyncio.run(engine.start("task", agent="backend", options=options, detach=True))

    one(0)  # the definition stored once
    running = [threading.Thread(target=one, args=(i,)) for i in range(1, threads + 1)]
    for t in running:
        t.start()
    watch = Watch(db)
    gate.wait()
    started = time.perf_counter()
    for t in running:
        t.join()
    wall = time.perf_counter() - started
    for store in stores:
        store.close()
    return wall, watch.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--procs", type=int, default=18)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--in-process", action="store_true", help="threads of this process, before/after"
    )
    args = parser.parse_args()
    if args.in_process:
        in_process(args.procs, args.rounds)
        return
    trees = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    with private_cluster() as server, tempfile.TemporaryDirectory(dir=ROOT) as name:
        tmp = Path(name)
        write_agents(tmp / "agents", "backend")
        write_script(tmp / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
        for r in range(args.rounds):
            order = list(trees.items()) if r % 2 == 0 else list(reversed(trees.items()))
            for label, tree in order:
                wall, each, waits = one_round(tree, server, tmp, args.procs)
                print(
                    f"round {r + 1} {label:8} {args.procs} submits: {wall:.1f} s in all;"
                    f" each {statistics.median(each):.1f} s median, {max(each):.1f} s max;"
                    f" {waits}",
                    flush=True,
                )


def in_process(threads: int, rounds: int) -> None:
    with private_cluster() as server, tempfile.TemporaryDirectory(dir=ROOT) as name:
        tmp = Path(name)
        write_agents(tmp / "agents", "backend")
        write_script(tmp / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
        for r in range(rounds):
            for before in (True, False) if r % 2 == 0 else (False, True):
                wall, waits = in_process_round(server, tmp, threads, before)
                label = "before" if before else "after"
                print(f"round {r + 1} {label:6} {threads} threads: {wall:.2f} s; {waits}")


if __name__ == "__main__":
    main()
