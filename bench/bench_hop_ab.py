"""Paired, interleaved A/B of the engine's CPU per model call and per delegation hop.

Two persistent child processes, one per tree (``BENCH_TREE``), run
``bench_engine.sequential`` for 3-hop chains and one-call sessions in alternating rounds
(order swapped every round). Prints each tree's medians and the median of the pairwise
ratios, which stays steady on a shared machine where single runs move by ±20%. Prints
only: the lead copies figures into ``bench/RESULTS.md``.

Run: ``python bench/bench_hop_ab.py BASELINE_DIR [--rounds 40] [--sessions 40] [--sdk]
[--stored N] [--checkpointed] [--baseline-stored M]`` (``BASELINE_DIR`` e.g. ``git archive
<commit> | tar -x -C DIR``; ``--stored``: each measured file first holds N 3-hop chains,
unmeasured, as a workspace in use does; ``--checkpointed``: each measured window starts on an
empty WAL and ends with its own writes checkpointed into the file, so fresh and populated
files, and trees with different checkpoint sizes, pay the same share of checkpoints;
``--baseline-stored``: the baseline's files hold M chains instead: with ``BASELINE_DIR`` = this
tree, the ratio is its hop on a file in use over its hop on an empty one, issue 12's "within
6%").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()


def serve() -> None:
    """The child: answer ``KIND N`` lines with CPU seconds per session."""
    sys.path.insert(0, str(HERE.parent))
    import bench_engine as be

    makers: dict[str, Any] = {
        "chain": lambda: be.InstantModel(be.CHAIN),
        "single": lambda: be.InstantModel(be.SINGLE),
        "sdkchain": lambda: be.scripted(be.CHAIN),
        "sdksingle": lambda: be.scripted(be.SINGLE),
    }
    stored = int(os.environ.get("BENCH_STORED") or 0)  # --stored of the parent
    checkpointed = os.environ.get("BENCH_CHECKPOINTED") == "1"  # --checkpointed
    print("ready", flush=True)
    for line in sys.stdin:
        kind, n = line.split()
        run = be.sequential(makers[kind](), int(n), stored, checkpointed=checkpointed)
        cpu = asyncio.run(run)
        print(json.dumps(cpu), flush=True)


def compare(
    baseline: Path,
    rounds: int,
    sessions: int,
    sdk: bool,
    stored: int = 0,
    checkpointed: bool = False,
    baseline_stored: int | None = None,
) -> None:
    from _trees import compare_hops

    os.environ["BENCH_STORED"] = str(stored)  # the children inherit them
    os.environ["BENCH_CHECKPOINTED"] = "1" if checkpointed else "0"
    label = "scripted SDK path" if sdk else "instant double"
    if stored:
        label += f", {stored:,} chains stored first"
    if checkpointed:
        label += ", each window checkpointed"
    extra = None
    if baseline_stored is not None and baseline_stored != stored:
        label += f"; the baseline's files hold {baseline_stored:,}"
        extra = {"BENCH_STORED": str(baseline_stored)}
    compare_hops(HERE, baseline, rounds, sessions, "sdk" if sdk else "", label, extra)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("baseline", type=Path, nargs="?")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--sdk", action="store_true")
    parser.add_argument("--stored", type=int, default=0, help="3-hop chains stored first")
    parser.add_argument(
        "--checkpointed", action="store_true", help="each window pays its own checkpoint"
    )
    parser.add_argument(
        "--baseline-stored",
        type=int,
        help="the baseline's --stored (default: the same); with this tree as the baseline,"
        " its hop on a file in use against an empty one",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    if args.baseline is None:
        parser.error("give the baseline tree")
    compare(
        args.baseline,
        args.rounds,
        args.sessions,
        args.sdk,
        args.stored,
        args.checkpointed,
        args.baseline_stored,
    )


if __name__ == "__main__":
    main()
