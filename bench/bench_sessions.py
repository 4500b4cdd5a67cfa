"""``coord sessions`` and ``coord log`` against the number of stored sessions.

A demo session is written by each tree's own code, then copied (sessions and runs rows,
new ids, one second apart) until the store holds N sessions. Median of fresh processes.
With ``--baseline DIR`` the same is timed in another tree first, in the same run.

Run from the repository root: ``python bench/bench_sessions.py [--baseline DIR]``.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import help_asked, write_section  # noqa: E402
from bench._trees import Timing, time_process, trees  # noqa: E402
from bench.bench_startup import demo_workspace  # noqa: E402

SIZES = (100, 10_000, 20_000)
RUNS = 3


def fill(db: Path, template: str, total: int) -> None:
    """Copy session ``template`` (and its runs) until ``db`` holds ``total`` sessions."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    have = con.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    session = dict(con.execute("SELECT * FROM sessions WHERE id = ?", (template,)).fetchone())
    runs = [dict(r) for r in con.execute("SELECT * FROM runs WHERE session_id = ?", (template,))]
    s_cols, r_cols = list(session), [c for c in runs[0] if c != "id"]
    new_sessions, new_runs = [], []
    for i in range(have, total):
        sid = uuid.uuid4().hex[:12]
        new_sessions.append({**session, "id": sid, "created_at": session["created_at"] - i})
        new_runs += [{**r, "session_id": sid} for r in runs]
    with con:
        con.executemany(
            f"INSERT INTO sessions ({', '.join(s_cols)}) VALUES "
            f"({', '.join(':' + c for c in s_cols)})",
            new_sessions,
        )
        con.executemany(
            f"INSERT INTO runs ({', '.join(r_cols)}) VALUES ({', '.join(':' + c for c in r_cols)})",
            new_runs,
        )
    con.close()


def measure(tree: Path) -> dict[int, tuple[Timing, Timing]]:
    """For each size: (``coord sessions``, ``coord log ID``) timings in ``tree``."""
    folder = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    try:
        ws, session = demo_workspace(tree, folder)
        db = ws / ".coordinator" / "coordinator.db"
        found = {}
        for size in SIZES:
            fill(db, session, size)
            listing = time_process(
                ["-m", "coordinator", "sessions", "--workspace", str(ws)], tree, RUNS
            )
            log = time_process(
                ["-m", "coordinator", "log", session, "--workspace", str(ws)], tree, RUNS
            )
            found[size] = (listing, log)
            print(tree, size, listing, log, flush=True)
        return found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    results = {name: measure(tree) for name, tree in trees().items()}
    rows = [
        "| tree | sessions stored | `coord sessions` wall ms | CPU ms | output KB "
        "| `coord log ID` wall ms | CPU ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, by_size in results.items():
        for size, (listing, log) in by_size.items():
            rows.append(
                f"| {name} | {size:,} | {listing.wall_ms:,.0f} | {listing.cpu_ms:,.0f} "
                f"| {listing.out_bytes / 1024:,.1f} | {log.wall_ms:,.0f} | {log.cpu_ms:,.0f} |"
            )
    body = "\n".join(
        [
            f"Median of {RUNS} fresh processes; `coord sessions` with its defaults (this tree: "
            "the newest 50, one indexed query; the baseline lists every session with two "
            "queries per row).",
            "",
            *rows,
        ]
    )
    print(body)
    write_section("sessions", "Session listing at scale", "bench/bench_sessions.py", body)


if __name__ == "__main__":
    help_asked(__doc__)
    main()
