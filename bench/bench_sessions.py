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
    """Copy session ``template`` (and its runs) until ``db`` holds ``total`` sessions. A
    numbered store (``sessions.no``, runs keyed by ``session_no``) gives each copy its own
    number; an older one names sessions by id only."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    have = con.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    session = dict(con.execute("SELECT * FROM sessions WHERE id = ?", (template,)).fetchone())
    numbered = "no" in session
    key, value = ("session_no", session.get("no")) if numbered else ("session_id", template)
    runs = [dict(r) for r in con.execute(f"SELECT * FROM runs WHERE {key} = ?", (value,))]
    s_cols = [c for c in session if c != "no"]
    r_cols = [c for c in runs[0] if c != "id"]
    insert_session = (
        f"INSERT INTO sessions ({', '.join(s_cols)}) VALUES ({', '.join(':' + c for c in s_cols)})"
    )
    insert_run = (
        f"INSERT INTO runs ({', '.join(r_cols)}) VALUES ({', '.join(':' + c for c in r_cols)})"
    )
    with con:
        for i in range(have, total):
            sid = uuid.uuid4().hex[:12]
            row = {**session, "id": sid, "created_at": session["created_at"] - i}
            number = con.execute(insert_session, row).lastrowid
            link = {"session_no": number} if numbered else {}
            if "session_id" in r_cols:
                link["session_id"] = sid
            con.executemany(insert_run, [{**r, **link} for r in runs])
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
