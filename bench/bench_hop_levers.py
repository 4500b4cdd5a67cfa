"""What each piece of the durable hop costs: levers measured in one process (issue 12).

A lever changes one thing of a fresh store (or of the engine) for the measured sessions:
an index dropped, foreign keys off, a statement left out, time-ordered session ids, a WAL
file already grown, a connection setting. Most are **not safe to ship** (they drop what
readers, integrity or durability need): they bound what a real change of that piece could
buy. The settings (temp store, mmap, page cache, checkpoint size) could ship as they are.
Each round runs every lever once, in alternating order, on its own fresh file (``--stored``
chains first, then a warm-up session, then ``--sessions`` 3-hop chains and as many one-call
sessions, ``process_time`` around them); per delegation hop = (chain - single) / 2. Prints each
lever's median hop and the median of its per-round ratios to ``none``. Prints only.

Run: ``python bench/bench_hop_levers.py [--rounds 10] [--sessions 40] [--stored 0]
[--checkpointed] [LEVER ...]`` (default: every lever; ``none`` is always measured;
``--checkpointed`` as in ``bench_hop_ab.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_engine as be

import coordinator.runtime.engine as engine_module
from coordinator import events as ev
from coordinator.runtime.engine import Engine
from coordinator.store.db import Store

Setup = Callable[[Store], None]
_COUNTER = itertools.count(1)


def _drop(*indexes: str) -> Setup:
    def setup(store: Store) -> None:
        for name in indexes:
            store._db.execute(f"DROP INDEX IF EXISTS {name}")  # (events': gone, schema 9)

    return setup


def _no_foreign_keys(store: Store) -> None:
    store._db.execute("PRAGMA foreign_keys = OFF")


def _no_data_version(store: Store) -> None:
    """A definition this connection saw stored is trusted without ``PRAGMA data_version``."""
    store._data_version = lambda: 0  # type: ignore[method-assign]


def _pragma(sql: str) -> Setup:
    def setup(store: Store) -> None:
        store._db.execute(sql)

    return setup


def _grown_wal(store: Store) -> None:
    """3.5 MB written and checkpointed first: the measured commits overwrite the WAL file
    instead of growing it (and take pages from the free list)."""
    db = store._db
    db.execute("CREATE TABLE pad (b BLOB)")
    db.execute("INSERT INTO pad VALUES (zeroblob(3500000))")
    db.execute("DROP TABLE pad")
    db.execute("PRAGMA wal_checkpoint(RESTART)")


def _resume_without_status(
    self: Engine, s: Any, run: Any, text: str, *, answered_by: str, stored: Any = None
) -> None:
    """``Engine._resume_run`` without the parent's ``status = running`` update (the message
    stored by its pieces when given, as the engine stores it)."""
    message = {"role": "user", "content": text}
    run.messages.append(message)
    kept = message if stored is None else {"role": "user", "content": stored}
    self.journal.step(run.id, None, kept, (ev.Resumed(s.id, run.id, run.name, answered_by),))


def _sorted_id() -> str:
    """A time-ordered id for measurement only (seconds, then a process counter)."""
    return f"{int(time.time()) & 0xFFFFFF:06x}{next(_COUNTER) & 0xFFFFFF:06x}"


_INDEXES = ("events_by_session", "runs_by_session", "delegations_by_session")
#: name -> (setup of the fresh store, engine-module attributes replaced while it runs)
LEVERS: dict[str, tuple[list[Setup], dict[tuple[Any, str], Any]]] = {
    "none": ([], {}),
    "no-events-index": ([_drop("events_by_session")], {}),
    "no-runs-index": ([_drop("runs_by_session")], {}),
    "no-delegations-index": ([_drop("delegations_by_session")], {}),
    "no-foreign-keys": ([_no_foreign_keys], {}),
    "no-data-version": ([_no_data_version], {}),
    "no-resume-status": ([], {(Engine, "_resume_run"): _resume_without_status}),
    "sorted-ids": ([], {(engine_module, "new_session_id"): _sorted_id}),
    "grown-wal": ([_grown_wal], {}),
    # settings a store could ship (no integrity or durability change)
    "temp-store-memory": ([_pragma("PRAGMA temp_store = MEMORY")], {}),
    "mmap-64m": ([_pragma("PRAGMA mmap_size = 67108864")], {}),
    "cache-8m": ([_pragma("PRAGMA cache_size = -8000")], {}),
    "checkpoint-2m": ([_pragma("PRAGMA wal_autocheckpoint = 1000")], {}),
    "no-session-indexes": ([_drop(*_INDEXES)], {}),
    "ceiling": (
        [_drop(*_INDEXES), _no_foreign_keys, _no_data_version],
        {(Engine, "_resume_run"): _resume_without_status},
    ),
}


@contextmanager
def _patched(replaced: dict[tuple[Any, str], Any]) -> Iterator[None]:
    saved = {key: getattr(*key) for key in replaced}
    for (owner, name), value in replaced.items():
        setattr(owner, name, value)
    try:
        yield
    finally:
        for (owner, name), value in saved.items():
            setattr(owner, name, value)


async def _per_session(
    turns: dict[str, list[str]], lever: str, n: int, stored: int, checkpointed: bool = False
) -> float:
    """CPU seconds per session of ``n`` sessions on a fresh file with ``lever`` applied
    (``checkpointed``: as ``bench_engine.sequential``'s, the window pays its checkpoint)."""
    setups, replaced = LEVERS[lever]
    with tempfile.TemporaryDirectory() as tmp, _patched(replaced):
        eng, store = be.engine(Path(tmp), be.InstantModel(turns))
        for setup in setups:
            setup(store)
        if stored:  # on the same connection, as one process's earlier sessions
            filler, _ = be.engine(Path(tmp), be.InstantModel(be.CHAIN), store)
            for _ in range(stored):
                await filler.start("stored", agent="backend")
        await eng.start("warm up", agent="backend")
        if checkpointed:
            be._checkpoint(store, "TRUNCATE")
        started = time.process_time()
        for i in range(n):
            result = await eng.start(f"request {i}", agent="backend")
            if result.status != "complete":
                raise RuntimeError(f"lever {lever}: {result}")
        if checkpointed:
            be._checkpoint(store, "PASSIVE")
        elapsed = time.process_time() - started
        store.close()
    return elapsed / n


def hop(lever: str, sessions: int, stored: int, checkpointed: bool = False) -> float:
    """µs per delegation hop with ``lever``."""
    chain = asyncio.run(_per_session(be.CHAIN, lever, sessions, stored, checkpointed))
    single = asyncio.run(_per_session(be.SINGLE, lever, sessions, stored, checkpointed))
    return (chain - single) / 2 * 1e6


def compare(
    levers: list[str], rounds: int, sessions: int, stored: int, checkpointed: bool = False
) -> None:
    """Alternating rounds of every lever; medians and median ratios to ``none``."""
    names = ["none", *[n for n in levers if n != "none"]]
    got: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            got[name].append(hop(name, sessions, stored, checkpointed))
    for name in names:
        ratio = statistics.median(a / b for a, b in zip(got[name], got["none"], strict=True))
        print(f"{name:22s} {statistics.median(got[name]):7.1f} µs per hop  ratio {ratio:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("levers", nargs="*", metavar="LEVER", help=", ".join(LEVERS))
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--stored", type=int, default=0, help="3-hop chains stored first")
    parser.add_argument(
        "--checkpointed", action="store_true", help="each window pays its own checkpoint"
    )
    args = parser.parse_args()
    unknown = [n for n in args.levers if n not in LEVERS]
    if unknown:
        parser.error(f"unknown lever(s): {', '.join(unknown)}")
    compare(args.levers or list(LEVERS), args.rounds, args.sessions, args.stored, args.checkpointed)
    print(f"load average: {[f'{x:.2f}' for x in os.getloadavg()]}")


if __name__ == "__main__":
    main()
