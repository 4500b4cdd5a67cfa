"""Instructions per delegation hop (and per function) under callgrind, in one process.

The measured sessions run inside ``operator.call`` (a C function nothing else calls), so
``--collect-atstart=no --toggle-collect=_operator_call`` counts them alone; ``os.getpgrp``
after each window dumps it. Two windows: ``N`` 3-hop chains, then ``N`` one-call sessions
of the instant double, each after 20 unmeasured ones on its own file (collector off while
measured); a hop = (chain - single) / 2. With ``--wrap MODULE:ATTR`` the windows run
unmeasured and each named function (after the warm-up) is called through
``operator.call`` instead: its inclusive instructions per hop (one function, or several that
never call one another, per run). With ``--statement PREFIX`` the store's statements whose
SQL starts with ``PREFIX`` are counted instead (binding, SQLite, no Python around them):
e.g. ``--statement COMMIT``, ``--statement "INSERT INTO delegations"`` (hop32's rows).
With ``--warm 1`` (hop55) each window gets one warm-up session after an unmeasured window
of chains: the shape of a ``bench_engine.py --paired`` round (the process warm, each
window's engine and file fresh).

Run (``PYTHONHASHSEED=0``; ``BENCH_TREE`` picks the tree, as in ``bench_engine.py``)::

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_operator_call \\
        --dump-before=os_getpgrp --callgrind-out-file=OUT/cg.out \\
        python bench/bench_hop_callgrind.py 30 [--wrap coordinator.store.encoding:_step_row]
    python bench/bench_hop_callgrind.py --read OUT 30

Prints only (hop30 measured with it; see RESULTS.md "hop30").
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import glob
import importlib
import operator
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engine as be

#: Unmeasured sessions on a window's own file before it is measured.
WARM = 20


def _wrapped(targets: list[str]) -> list[tuple[Any, str, Any]]:
    """Route each ``module:Attr.path`` through ``operator.call``; what to put back."""
    saved = []
    for target in targets:
        module, _, path = target.partition(":")
        owner: Any = importlib.import_module(module)
        *parents, name = path.split(".")
        for part in parents:
            owner = getattr(owner, part)
        original = getattr(owner, name)

        def through(*args: Any, _original: Callable[..., Any] = original, **kw: Any) -> Any:
            return operator.call(_original, *args, **kw)

        setattr(owner, name, through)
        saved.append((owner, name, original))
    return saved


def _statements_of(prefixes: list[str]) -> list[tuple[Any, str, Any]]:
    """Route the store's statements starting with one of ``prefixes`` through
    ``operator.call`` (``Transactions._statement``, which every statement goes through)."""
    from coordinator.store.transactions import Transactions

    original = Transactions._statement
    starts = tuple(prefixes)

    def statement(self: Any, sql: str, params: Any = ()) -> Any:
        if sql.startswith(starts):
            return operator.call(original, self, sql, params)
        return original(self, sql, params)

    Transactions._statement = statement  # type: ignore[method-assign]
    return [(Transactions, "_statement", original)]


async def _sessions(engine: Any, n: int, tag: str) -> None:
    for i in range(n):
        result = await engine.start(f"{tag} {i}", agent="backend")
        if result.status != "complete":
            raise RuntimeError(result)


def window(
    turns: dict[str, list[str]],
    n: int,
    targets: list[str],
    statements: tuple[str, ...] = (),
    warm: int = WARM,
) -> None:
    """One measured window of ``n`` sessions of ``turns`` after ``warm`` unmeasured ones
    (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        loop = asyncio.new_event_loop()
        engine, store = be.engine(Path(tmp), be.InstantModel(turns))
        loop.run_until_complete(_sessions(engine, warm, "warm"))
        gc.collect()
        gc.disable()
        if targets or statements:
            saved = _wrapped(targets) + (_statements_of(list(statements)) if statements else [])
            loop.run_until_complete(_sessions(engine, n, "request"))
            for owner, name, original in saved:
                setattr(owner, name, original)
        else:
            operator.call(loop.run_until_complete, _sessions(engine, n, "request"))
        gc.enable()
        os.getpgrp()  # the window's dump
        store.close()
        loop.close()


def read(folder: Path, n: int) -> None:
    """Print the instructions per chain, per session and per hop of a run's two dumps."""
    totals = []
    for dump in sorted(glob.glob(str(folder / "cg.out.*"))):
        with open(dump) as lines:
            totals += [int(line.split()[1]) for line in lines if line.startswith("summary:")]
    chain, single = totals[0] / n, totals[1] / n
    print(f"chain {chain:,.0f}, single {single:,.0f}, hop {(chain - single) / 2:,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sessions", type=int)
    parser.add_argument("--wrap", action="append", default=[], metavar="MODULE:ATTR")
    parser.add_argument("--statement", action="append", default=[], metavar="PREFIX")
    parser.add_argument("--read", type=Path, metavar="FOLDER", help="print a run's figures")
    parser.add_argument(
        "--warm",
        type=int,
        default=WARM,
        help="unmeasured sessions a window (1, after an unmeasured chain window: what a"
        " round of bench_engine.py --paired measures)",
    )
    args = parser.parse_args()
    if args.read is not None:
        read(args.read, args.sessions)
        return
    if args.warm != WARM:  # the process warm, each window's engine and file fresh
        with tempfile.TemporaryDirectory() as tmp:
            engine, store = be.engine(Path(tmp), be.InstantModel(be.CHAIN))
            asyncio.run(_sessions(engine, args.sessions, "process warm-up"))
            store.close()
    window(be.CHAIN, args.sessions, args.wrap, tuple(args.statement), args.warm)
    window(be.SINGLE, args.sessions, args.wrap, tuple(args.statement), args.warm)


if __name__ == "__main__":
    main()
