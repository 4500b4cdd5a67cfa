"""Where a delegation hop's CPU goes, paired against another tree: SQLite, the engine, the
store's own Python (the lead's split, issue 12).

Each child (one per tree, ``BENCH_TREE``) runs ``bench_engine``'s 3-hop chains and one-call
sessions three ways: with the real store, timing ``process_time`` around every
``execute``/``executemany`` of its connection (SQLite, the ``sqlite3`` module included),
and with the no-op store of ``bench_engine_own`` (the engine alone). Per hop
(``(chain - single) / 2``): SQLite = the timed statements, engine = the no-op store's,
store Python = the rest. The timing wrapper's own cost (two clock reads a statement) lands
in "store Python" for both trees alike. Rounds alternate the trees (order swapped every
round); prints each tree's medians and the medians of the pairwise ratios. Prints only.

Run: ``python bench/bench_store_split.py BASELINE_DIR [--rounds 12] [--sessions 150]``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()


class _Timed:
    """The store's connection with each statement's CPU time added up."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.spent = 0.0

    def execute(self, *args: Any) -> Any:
        started = time.process_time()
        try:
            return self.db.execute(*args)
        finally:
            self.spent += time.process_time() - started

    def executemany(self, *args: Any) -> Any:
        started = time.process_time()
        try:
            return self.db.executemany(*args)
        finally:
            self.spent += time.process_time() - started

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def serve() -> None:
    """The child: answer ``N`` lines with µs per session (real, SQLite, no-op store)."""
    tree = os.environ["BENCH_TREE"]
    sys.path.insert(0, tree)
    sys.path.insert(0, str(Path(tree) / "bench"))
    import bench_engine as be
    import bench_engine_own as beo

    from coordinator.runtime.engine import Engine

    async def real(turns: dict[str, list[str]], n: int) -> tuple[float, float]:
        with tempfile.TemporaryDirectory() as tmp:
            eng, store = be.engine(Path(tmp), be.InstantModel(turns))
            for i in range(10):
                await eng.start(f"warm {i}", agent="backend")
            timed = _Timed(store._db)
            store._db = timed  # type: ignore[assignment]
            cursor = getattr(store, "_cursor", None)  # store9: statements run on one cursor
            if cursor is not None:
                timed_cursor = _Timed(cursor)
                store._cursor = timed_cursor
            gc.collect()
            started = time.process_time()
            for i in range(n):
                await eng.start(f"request {i}", agent="backend")
            total = time.process_time() - started
            store._db = timed.db
            spent = timed.spent
            if cursor is not None:
                store._cursor = cursor
                spent += timed_cursor.spent
            store.close()
        return total / n * 1e6, spent / n * 1e6

    async def null(turns: dict[str, list[str]], n: int) -> float:
        settings = be.Settings(max_session_cost=None, max_session_tokens=None)
        eng = Engine(
            registry=be.registry(),
            provider=be.InstantModel(turns),
            store=beo.NullStore(),  # type: ignore[arg-type]
            settings=settings,
            workspace=Path(tempfile.gettempdir()),
        )
        for i in range(10):
            await eng.start(f"warm {i}", agent="backend")
        gc.collect()
        started = time.process_time()
        for i in range(n):
            await eng.start(f"request {i}", agent="backend")
        return (time.process_time() - started) / n * 1e6

    async def split(n: int) -> dict[str, float]:
        chain, chain_sql = await real(be.CHAIN, n)
        single, single_sql = await real(be.SINGLE, n)
        null_chain, null_single = await null(be.CHAIN, n), await null(be.SINGLE, n)
        hop = (chain - single) / 2
        sql = (chain_sql - single_sql) / 2
        engine = (null_chain - null_single) / 2
        return {"hop": hop, "sql": sql, "engine": engine, "store": hop - sql - engine}

    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(asyncio.run(split(int(line)))), flush=True)


def compare(baseline: Path, rounds: int, sessions: int) -> None:
    from _trees import serve_child

    trees = {"baseline": baseline.resolve(), "this tree": HERE.parents[1]}
    procs = {name: serve_child(HERE, tree) for name, tree in trees.items()}
    parts = ("hop", "sql", "engine", "store")
    per: dict[str, dict[str, list[float]]] = {t: {p: [] for p in parts} for t in trees}
    ratios: dict[str, list[float]] = {p: [] for p in parts}
    for r in range(rounds):
        order = list(trees) if r % 2 == 0 else list(reversed(trees))
        got: dict[str, dict[str, float]] = {}
        for name in order:
            proc = procs[name]
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(f"{sessions}\n")
            proc.stdin.flush()
            got[name] = json.loads(proc.stdout.readline())
        for p in parts:
            for name in trees:
                per[name][p].append(got[name][p])
            ratios[p].append(got["this tree"][p] / got["baseline"][p])
    for proc in procs.values():
        proc.terminate()
        proc.wait()
    for name in trees:
        row = ", ".join(f"{p} {statistics.median(per[name][p]):,.0f}" for p in parts)
        print(f"{name}: µs per hop: {row}")
    paired = ", ".join(f"{p} {statistics.median(ratios[p]):.3f}" for p in parts)
    print(f"ratio (median of pairs): {paired}")
    print(f"load average: {[f'{x:.2f}' for x in os.getloadavg()]}")


def main() -> None:
    from _trees import serve_or_compare

    serve_or_compare(serve, compare, rounds=12, sessions=150)


if __name__ == "__main__":
    main()
