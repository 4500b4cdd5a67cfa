"""Instructions of the hop's pieces, each alone, under callgrind (issue 12, hop73).

Each piece (a call the hop makes once or twice, on the instant double's texts) runs
``CALLS`` times inside ``operator.call`` after as many unmeasured calls, one callgrind dump
per piece (``os.getpgrp``, as ``bench_hop_callgrind.py``); ``--read`` prints each piece's
instructions a call (the empty piece's is the loop's own). What the hop spends on reading a
report, storing its JSON, building a consult's task, an event, a row's scrubbing, a step's
events' JSON.

Run::

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_operator_call \\
        --dump-before=os_getpgrp --callgrind-out-file=OUT/cg.out \\
        python bench/bench_hop_pieces.py
    python bench/bench_hop_pieces.py --read OUT

Prints only.
"""

from __future__ import annotations

import argparse
import glob
import operator
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engine as be

CALLS = 200


def pieces() -> dict[str, Callable[[], Any]]:
    """The pieces, each a call with its arguments bound."""
    from pydantic_core import to_json

    from coordinator import events as ev
    from coordinator.prompts import consult_prompt
    from coordinator.sanitize import safe_params, secret_patterns
    from protocols.parse import parse_report
    from protocols.report import stored_report_json
    from protocols.seed import seed_report

    blocked, complete = be.BLOCKED_DB, be._report("Complete")
    report = parse_report(blocked)
    patterns = secret_patterns()
    run_row = (
        *("b80c08a52199", 4, "dba", "claude-sonnet-5-5", 1, "database", 40, 1796527416.64),
        *("b1d6b9d205beab9993df92976507652b842c9f05a955570bba732e5618586fa6", '["b","schema"]'),
    )
    called = (1, "end_turn", 100, 20, 0.0004, 0, "claude-sonnet-5-5", 0, 0, "instant")
    entries = [
        (5, "model_call", called, 1796526773356577716),
        (5, "report", ("blocked", "Done", None, 0), 1796526773356578928),
        (5, "blocked", ("devops", "b", "engine"), 1796526773356579720),
        (6, "run_started", ("instant",), 1796526773356645173),
        (5, "consult_started", (6,), 1796526773356649711),
    ]
    return {
        "seed_report (Blocked)": lambda: seed_report(blocked),
        "parse_report (Blocked)": lambda: parse_report(blocked),
        "parse_report (Complete)": lambda: parse_report(complete),
        "stored_report_json": lambda: stored_report_json(report),
        "consult_prompt": lambda: consult_prompt(
            "backend", "database", "schema", "b", blocked, "request 1", said=[4, 1]
        ),
        "ModelCalled(...)": lambda: ev.ModelCalled("s", 4, "backend", *called[:-1], "instant"),
        "RunStarted(...)": lambda: ev.RunStarted("s", 4, "dba", "m", 1, 3, "database", "x"),
        "safe_params (a run's row)": lambda: safe_params(run_row, patterns),
        "a step's events as JSON": lambda: to_json(entries, inf_nan_mode="null", fallback=str),
        "(nothing)": lambda: None,
    }


def _calls(piece: Callable[[], Any]) -> None:
    for _ in range(CALLS):
        piece()


def read(folder: Path) -> None:
    """Print each piece's instructions a call from a run's dumps (in the pieces' order)."""
    dumps = sorted(glob.glob(str(folder / "cg.out.*")), key=lambda p: int(p.rsplit(".", 1)[1]))
    for name, dump in zip(pieces(), dumps, strict=True):
        with open(dump) as lines:
            total = sum(int(line.split()[1]) for line in lines if line.startswith("summary:"))
        print(f"{total / CALLS:10,.0f}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--read", type=Path, metavar="FOLDER", help="print a run's figures")
    args = parser.parse_args()
    if args.read is not None:
        read(args.read)
        return
    found = pieces()
    for piece in found.values():
        _calls(piece)  # warm: caches, specialised bytecode
    for piece in found.values():
        operator.call(_calls, piece)
        os.getpgrp()  # the piece's dump


if __name__ == "__main__":
    main()
