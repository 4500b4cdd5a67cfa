"""A hop's answer step as two statements or as one through a trigger (issue 12, hop52).

A delegation hop's second transaction runs ``UPDATE runs`` (the run's last turn and
outcome) and ``INSERT INTO event_log`` (its step row) between BEGIN IMMEDIATE and COMMIT.
This times the two against one ``INSERT`` into a view whose ``INSTEAD OF`` trigger runs
both (the same SQL, the row's fields as ``NEW``): one call into SQLite fewer, a trigger
program more. The file is the engine's own (``bench_engine``'s instant chains first, so
the B-trees have their working size); each round is a whole transaction on the newest
session's root run, with a step row of a hop's size.

Run: ``python bench/bench_store_merge.py {two,trigger} [N]`` prints CPU per transaction;
under ``valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_operator_call``
with ``--callgrind`` the N rounds run inside ``operator.call`` (instructions: the total over
N). Prints only.
"""

from __future__ import annotations

import argparse
import asyncio
import operator
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, os.path.join(os.environ.get("BENCH_TREE") or ".", "bench"))
sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[1]))

import bench_engine as be

from coordinator.runtime.engine import Engine
from coordinator.store.conversation import INSERT_STEP
from coordinator.store.db import Store

UPDATE = (
    "UPDATE runs SET turns = ?, stop_reason = ?, input_tokens = ?, output_tokens = ?,"
    " cost_usd = ?, model_ms = ?, report = ?, status = ?, ended_at = ? WHERE id = ?"
)
FIELDS = "turns, stop_reason, input_tokens, output_tokens, cost_usd, model_ms, report, status"
#: The view and trigger: the UPDATE and INSERT_STEP with their parameters as ``NEW``'s.
VIEW = (
    f"CREATE TEMP VIEW hop (run_id, {FIELDS}, ended_at, sid, n, rows, message_run, messages)"
    " AS SELECT " + ", ".join(["NULL"] * 15)
)
STEP = INSERT_STEP
for number, name in (("?1", "sid"), ("?2", "n"), ("?3", "rows"), ("?4", "message_run")):
    STEP = STEP.replace(number, f"NEW.{name}")
STEP = STEP.replace("?5", "NEW.messages")
SETS = ", ".join(f"{f} = NEW.{f}" for f in (*FIELDS.split(", "), "ended_at"))
TRIGGER = (
    f"CREATE TEMP TRIGGER hop_insert INSTEAD OF INSERT ON hop BEGIN"
    f" UPDATE runs SET {SETS} WHERE id = NEW.run_id; {STEP}; END"
)
INSERT_HOP = "INSERT INTO hop VALUES (" + ", ".join("?" * 15) + ")"
REPORT = '{"summary":"Done","changes":["x"],"status":"complete"}'
#: A hop's answer step row and its message (``{run}``: the run's id), as the engine writes.
ROWS = (
    '[[{run},"model_call",[1,"end_turn",100,20,0.0004,0,"claude-sonnet-5-5",0,0,"instant"],'
    '1796433087463903306],[{run},"report",["complete","Done",null,0],1796433087463904308],'
    '[{run},"run_ended",["complete",""],1796433087463904900]]'
)
MESSAGES = '[[{run},1,"assistant",[{{"type":"text","text":"' + "x" * 120 + '"}}]]]'


async def _chains(engine: Engine, count: int) -> None:
    for i in range(count):
        await engine.start(f"request {i}", agent="backend")


def transaction(mode: str, folder: Path) -> tuple[Callable[[int], None], Store, int]:
    """``mode``'s transaction (its argument: the run's turns) on a file in ``folder`` after
    30 instant chains, the store, and the run it writes (the newest session's root)."""
    engine, store = be.engine(folder, be.InstantModel(be.CHAIN))
    asyncio.run(_chains(engine, 30))
    db = store._db
    cur = db.cursor()
    sid, run = db.execute(
        "SELECT session_id, id FROM runs WHERE parent_run_id IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    db.execute(VIEW)
    db.execute(TRIGGER)
    fields = ("end_turn", 100, 20, 0.0004, 0, REPORT, "complete", time.time())
    step = (sid, 3, ROWS.format(run=run).encode(), run, MESSAGES.format(run=run).encode())

    def two(i: int) -> None:
        cur.execute("BEGIN IMMEDIATE")
        cur.execute(UPDATE, (i, *fields, run))
        cur.execute(INSERT_STEP, step)
        cur.execute("COMMIT")

    def trigger(i: int) -> None:
        cur.execute("BEGIN IMMEDIATE")
        cur.execute(INSERT_HOP, (run, i, *fields, *step))
        cur.execute("COMMIT")

    return (two if mode == "two" else trigger), store, int(run)


def rounds(mode: str, count: int, callgrind: bool) -> float:
    """CPU seconds of ``count`` transactions of ``mode`` (after 200 unmeasured)."""
    one, _, _ = transaction(mode, Path(tempfile.mkdtemp()))
    for i in range(200):
        one(i)

    def window() -> float:
        start = time.thread_time()
        for i in range(count):
            one(i)
        return time.thread_time() - start

    if callgrind:
        spent = float(operator.call(window))
        os.getpgrp()  # (--dump-before=os_getpgrp, as bench_hop_callgrind)
        return spent
    return window()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("two", "trigger"))
    parser.add_argument("count", type=int, nargs="?", default=3000)
    parser.add_argument("--callgrind", action="store_true")
    args = parser.parse_args()
    spent = rounds(args.mode, args.count, args.callgrind)
    print(f"{args.mode}: {spent / args.count * 1e6:.2f} us a transaction ({args.count})")


if __name__ == "__main__":
    main()
