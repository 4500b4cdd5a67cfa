"""review124: what ops108's heads trigger (ops109: triggers) costs the statements that queue
and take jobs, the trigger on and off in turn on one database (``ALTER TABLE ... DISABLE
TRIGGER``; ops109: whichever keep the heads, so one tree's and another's measured alike).

Usage: python bench/bench_review124_heads.py URL [QUEUED] [WORKSPACES] [ROUNDS]
URL: an empty PostgreSQL database (its coordinator tables are made). QUEUED todo jobs over
WORKSPACES workspaces first; each timed statement runs in a transaction rolled back, so each
sees the same queue: one job queued (``pgqueue.defer``), 1,000 queued in one statement over
100 workspaces (a batch insert), one job taken (its status to ``doing``), 1,000 queued jobs
cancelled in one statement. After each toggle every statement runs once untimed: the
toggle drops the cached plans (the trigger's own, the first time on a connection: 12 ms).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import psycopg

from coordinator.store import pgqueue
from coordinator.store.pg import PgStore

BATCH = """INSERT INTO procrastinate_jobs (queue_name, task_name, lock, queueing_lock, args)
SELECT 'sessions', 'drive', 'b' || n, 'b' || n,
       jsonb_build_object('session_id', 'b' || n, 'workspace', '/srv/w' || (n % 100))
FROM generate_series(1, 1000) AS n"""


def fill(url: str, queued: int, workspaces: int) -> None:
    """The coordinator's tables, then ``queued`` jobs over ``workspaces`` workspaces."""
    PgStore.connect(url).close()
    with psycopg.connect(url) as con:
        con.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, lock, queueing_lock, args)"
            " SELECT 'sessions', 'drive', 's' || n, 's' || n, jsonb_build_object("
            "'session_id', 's' || n, 'workspace', '/srv/w' || (n %% %s::int))"
            " FROM generate_series(1, %s) AS n",
            (workspaces, queued),
        )
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("VACUUM ANALYZE procrastinate_jobs")


def timed(con: psycopg.Connection[Any], work: Callable[[], object]) -> float:
    """Milliseconds of ``work`` in a transaction rolled back."""
    start = time.perf_counter()
    work()
    spent = (time.perf_counter() - start) * 1000
    con.rollback()
    return spent


def main() -> None:
    url = sys.argv[1]
    queued, workspaces = int(sys.argv[2]) if len(sys.argv) > 2 else 20000, 500
    workspaces = int(sys.argv[3]) if len(sys.argv) > 3 else workspaces
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    fill(url, queued, workspaces)
    with psycopg.connect(url) as con, psycopg.connect(url, autocommit=True) as ddl:
        first = con.execute("SELECT min(id) FROM procrastinate_jobs").fetchone()
        con.rollback()
        assert first is not None
        works: dict[str, Callable[[], object]] = {
            "one defer": lambda: pgqueue.defer(con, "x", "/srv/w1"),
            "batch of 1,000": lambda: con.execute(BATCH),
            "one taken": lambda: con.execute(
                "UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", (first[0],)
            ),
            "1,000 cancelled": lambda: con.execute(
                "UPDATE procrastinate_jobs SET status = 'cancelled' WHERE id IN"
                " (SELECT id FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id"
                " LIMIT 1000)"
            ),
        }
        kept_by = [  # ops108's row trigger, or ops109's statement triggers
            str(r[0])
            for r in ddl.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'procrastinate_jobs'::regclass"
                " AND tgname LIKE 'coordinator_queue_head%' AND tgname <> "
                "'coordinator_queue_heads_cleared'"
            ).fetchall()
        ]
        print("heads kept by:", ", ".join(sorted(kept_by)))
        spent: dict[tuple[str, bool], list[float]] = {}
        for n in range(rounds * 2):
            on = n % 2 == 0
            state = "ENABLE" if on else "DISABLE"
            for name in kept_by:
                ddl.execute(f"ALTER TABLE procrastinate_jobs {state} TRIGGER {name}")  # type: ignore[arg-type]
            for work in works.values():  # (the toggle invalidated the cached plans)
                timed(con, work)
            for name, work in works.items():
                spent.setdefault((name, on), []).append(timed(con, work))
    for name in works:
        on, off = spent[(name, True)], spent[(name, False)]
        print(
            f"{name:16} trigger on {statistics.median(on):7.2f} ms"
            f"  off {statistics.median(off):7.2f} ms  (median of {len(on)})"
        )


if __name__ == "__main__":
    main()
