"""Where a delegation hop's work goes, by Python function, counted (issue 12, hop73).

Deterministic counts, no timing: the same two windows as ``bench_hop_callgrind.py`` (``N``
3-hop chains, then ``N`` one-call sessions of the instant double, each after 20 unmeasured
sessions on its own file), a hop = (chain - single) / 2. Three views:

- ``calls``: function calls a hop (Python and C, ``sys.setprofile``) and the store's SQL
  statements a hop (``Transactions._statement``, whitespace folded, cut at 90 characters);
- ``ops``: bytecodes executed a hop by Python function, self and inclusive (a function
  counted once per frame stack it is on), with ``sys.settrace`` opcode events;
- ``isinstance``: ``isinstance`` calls a hop by caller line, argument types and result (a
  failing one costs ~0.3 K instructions more than a passing one: it looks up
  ``__class__``).

Callgrind's instructions (``bench_hop_callgrind.py``) say how much; these say where, in
Python's terms. Prints only.

Run: ``PYTHONHASHSEED=0 python bench/bench_hop_profile.py calls|ops|isinstance [--sessions
N] [--top K]``.
"""

from __future__ import annotations

import argparse
import asyncio
import builtins
import collections
import gc
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engine as be

from coordinator.store.transactions import Transactions

ROOT = str(Path(__file__).resolve().parents[1]) + os.sep
Counts = collections.Counter[Any]


def _where(frame: FrameType) -> tuple[str, str]:
    code = frame.f_code
    return code.co_filename.replace(ROOT, ""), code.co_qualname


async def _sessions(engine: Any, n: int, tag: str) -> None:
    for i in range(n):
        result = await engine.start(f"{tag} {i}", agent="backend")
        if result.status != "complete":
            raise RuntimeError(result)


def _window(turns: dict[str, list[str]], n: int, counting: Callable[[], Any]) -> Any:
    """Run ``n`` sessions of ``turns`` (after 20 unmeasured) inside ``counting``'s context
    (a function returning ``(start, stop)``: ``stop()`` gives its counts)."""
    with tempfile.TemporaryDirectory() as tmp:
        loop = asyncio.new_event_loop()
        engine, store = be.engine(Path(tmp), be.InstantModel(turns))
        loop.run_until_complete(_sessions(engine, 20, "warm"))
        gc.collect()
        gc.disable()
        start, stop = counting()
        start()
        try:
            loop.run_until_complete(_sessions(engine, n, "request"))
        finally:
            counts = stop()
            gc.enable()
            store.close()
            loop.close()
    return counts


def _calls() -> tuple[Callable[[], None], Callable[[], tuple[Counts, Counts]]]:
    calls: Counts = collections.Counter()
    sql: Counts = collections.Counter()
    original = Transactions._statement

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            calls[_where(frame)] += 1
        elif event == "c_call":
            calls[("C", getattr(arg, "__qualname__", repr(arg)))] += 1

    def statement(self: Any, text: str, params: Any = ()) -> Any:
        sql[" ".join(text.split())[:90]] += 1
        return original(self, text, params)

    def start() -> None:
        Transactions._statement = statement  # type: ignore[method-assign]
        sys.setprofile(profile)

    def stop() -> tuple[Counts, Counts]:
        sys.setprofile(None)
        Transactions._statement = original  # type: ignore[method-assign]
        return calls, sql

    return start, stop


def _ops() -> tuple[Callable[[], None], Callable[[], tuple[Counts, Counts]]]:
    own: Counts = collections.Counter()
    within: Counts = collections.Counter()

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "opcode":
            own[_where(frame)] += 1
            seen = set()
            at: FrameType | None = frame
            while at is not None:
                where = _where(at)
                if where not in seen:
                    seen.add(where)
                    within[where] += 1
                at = at.f_back
        return local

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        return local

    def start() -> None:
        sys.settrace(trace)

    def stop() -> tuple[Counts, Counts]:
        sys.settrace(None)
        return own, within

    return start, stop


def _isinstance() -> tuple[Callable[[], None], Callable[[], tuple[Counts]]]:
    found: Counts = collections.Counter()
    real = builtins.isinstance

    def counted(obj: Any, cls: Any) -> bool:
        result = real(obj, cls)
        caller = sys._getframe(1)
        name = getattr(cls, "__name__", repr(cls))
        where = f"{caller.f_code.co_filename.replace(ROOT, '')}:{caller.f_lineno}"
        found[(where, type(obj).__name__, name, result)] += 1
        return result

    def start() -> None:
        builtins.isinstance = counted

    def stop() -> tuple[Counts]:
        builtins.isinstance = real
        return (found,)

    return start, stop


VIEWS = {
    "calls": (_calls, ("calls", "SQL statements")),
    "ops": (_ops, ("bytecodes, self", "bytecodes, inclusive")),
    "isinstance": (_isinstance, ("isinstance calls",)),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("view", choices=sorted(VIEWS))
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args()
    counting, titles = VIEWS[args.view]
    chain = _window(be.CHAIN, args.sessions, counting)
    single = _window(be.SINGLE, args.sessions, counting)
    for title, of_chain, of_single in zip(titles, chain, single, strict=True):
        hop = collections.Counter(of_chain)
        hop.subtract(of_single)
        total = sum(hop.values()) / args.sessions / 2  # (inclusive counts overlap: no sum)
        print(f"== {title} a hop" + ("" if "inclusive" in title else f": {total:,.1f} in all"))
        for key, count in hop.most_common(args.top):
            if count:
                print(f"{count / args.sessions / 2:9.1f}  {key}")


if __name__ == "__main__":
    main()
