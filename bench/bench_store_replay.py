"""The store alone: the calls the engine makes for one 3-hop chain (or a one-call session),
recorded once through a proxy, replayed N times against a fresh file (new session ids,
run and delegation ids mapped), timed with ``process_time``; SQLite's own share timed
around each ``execute``/``executemany`` of a second pass. Store Python = total - SQLite.

Run: ``python bench/bench_store_replay.py [N]`` (from a tree; ``BENCH_TREE``
names another tree to import). Prints µs per chain, per one-call session, and per hop.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.join(os.environ.get("BENCH_TREE") or ".", "bench"))
sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[1]))

import bench_engine as be

from coordinator.store.db import Store

CALLS = (
    "create_session start_run save_definition record_step add_event add_delegation"
    " answer_delegation set_session_status update_run append_message set_waiting"
).split()


class Recorder:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.log: list[tuple[Any, ...]] = []

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.store, name)
        if name == "transaction":

            def tx(*a: Any, **k: Any) -> Any:
                cm = real(*a, **k)
                log = self.log

                class W:
                    def __enter__(s) -> None:
                        log.append(("enter", a, k))
                        cm.__enter__()

                    def __exit__(s, *e: Any) -> Any:
                        log.append(("exit",))
                        return cm.__exit__(*e)

                return W()

            return tx
        if name in CALLS:

            def call(*a: Any, **k: Any) -> Any:
                out = real(*a, **k)
                self.log.append((name, a, k, out))
                return out

            return call
        return real


async def record(turns: dict[str, list[str]]) -> list[tuple[Any, ...]]:
    with tempfile.TemporaryDirectory() as tmp:
        eng, store = be.engine(Path(tmp), be.InstantModel(turns))
        await eng.start("warm", agent="backend")
        rec = Recorder(store)
        eng.store = rec  # type: ignore[assignment]
        eng.runner.store = rec  # type: ignore[attr-defined]
        eng.journal.store = rec  # type: ignore[attr-defined]
        eng.runner.journal.store = rec  # type: ignore[attr-defined]
        await eng.start("request 1", agent="backend")
        store.close()
        return rec.log


def _sub(value: Any, sid: str, new: str) -> Any:
    if isinstance(value, str) and value == sid:
        return new
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if getattr(value, "session_id", None) == sid:
            return dataclasses.replace(value, session_id=new)
    if isinstance(value, tuple):
        return tuple(_sub(v, sid, new) for v in value)
    if isinstance(value, list):
        return [_sub(v, sid, new) for v in value]
    return value


IDS = {"record_step", "update_run", "append_message", "answer_delegation", "set_waiting"}


def prepare(log: list[tuple[Any, ...]], sid: str, new: str) -> list[tuple[Any, ...]]:
    out = []
    for item in log:
        if item[0] in ("enter", "exit"):
            out.append(item)
            continue
        name, a, k, got = item
        k = {key: _sub(v, sid, new) for key, v in k.items()}
        out.append((name, _sub(a, sid, new), k, got))
    return out


def replay(store: Store, log: list[tuple[Any, ...]], new: str) -> None:
    ids: dict[int, int] = {}
    stack: list[Any] = []
    for item in log:
        kind = item[0]
        if kind == "enter":
            cm = store.transaction(*item[1], **item[2])
            cm.__enter__()
            stack.append(cm)
            continue
        if kind == "exit":
            stack.pop().__exit__(None, None, None)
            continue
        name, a, k, out = item
        k = dict(k)
        if name in IDS:
            a = (ids.get(a[0], a[0]), *a[1:])
        if name == "add_delegation":
            a = (a[0], ids.get(a[1], a[1]))
            if k.get("child_run_id") is not None:
                k["child_run_id"] = ids[k["child_run_id"]]
        if name == "start_run" and k.get("parent_run_id") is not None:
            k["parent_run_id"] = ids[k["parent_run_id"]]
        if name == "create_session":
            a = (*a[:3], new)
        got = getattr(store, name)(*a, **k)
        if name in ("start_run", "add_delegation"):
            ids[out] = got


class Wrap:
    def __init__(self, db: Any) -> None:
        self.db = db
        self.t = 0.0

    def execute(self, *a: Any) -> Any:
        t = time.process_time()
        r = self.db.execute(*a)
        self.t += time.process_time() - t
        return r

    def executemany(self, *a: Any) -> Any:
        t = time.process_time()
        r = self.db.executemany(*a)
        self.t += time.process_time() - t
        return r

    def __getattr__(self, k: str) -> Any:
        return getattr(self.db, k)


def measure(log: list[tuple[Any, ...]], n: int, wrap: bool) -> tuple[float, float]:
    sid = next(item[3] for item in log if item[0] == "create_session")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "s.db")
        for i in range(20):
            replay(store, prepare(log, sid, f"w{i:011d}"), f"w{i:011d}")
        news = [(f"{i:012x}", prepare(log, sid, f"{i:012x}")) for i in range(n)]
        w = c = None
        if wrap:
            w = Wrap(store._db)
            store._db = w  # type: ignore[assignment]
            cursor = getattr(store, "_cursor", None)  # store9: statements run on one cursor
            if cursor is not None:
                c = Wrap(cursor)
                store._cursor = c
        gc.collect()
        t = time.process_time()
        for new, prepared in news:
            replay(store, prepared, new)
        total = (time.process_time() - t) / n * 1e6
        spent = (w.t if w is not None else 0.0) + (c.t if c is not None else 0.0)
        sql = spent / n * 1e6
        if w is not None:
            store._db = w.db
        if c is not None:
            store._cursor = c.db
        store.close()
    return total, sql


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else 300
    chain = asyncio.run(record(be.CHAIN))
    single = asyncio.run(record(be.SINGLE))
    c, _ = measure(chain, n, False)
    s, _ = measure(single, n, False)
    csql = measure(chain, n, True)[1]
    ssql = measure(single, n, True)[1]
    hop, sql = (c - s) / 2, (csql - ssql) / 2
    print(
        f"chain {c:.0f} single {s:.0f} hop {hop:.0f} | SQLite chain {csql:.0f}"
        f" single {ssql:.0f} hop {sql:.0f} | store Python per hop ~{hop - sql:.0f} µs"
    )


if __name__ == "__main__":
    main()
