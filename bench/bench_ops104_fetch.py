"""ops104: the cost of a worker's fetch with many sessions queued, first in first out (the
start tree's SQL, read from git) against the fetch fair between workspaces (this tree's).

Usage: python bench/bench_ops104_fetch.py URL [QUEUED] [WORKSPACES]
URL: an empty PostgreSQL database (its coordinator tables are made). Each fetch runs in a
transaction rolled back, so every one sees the same queue (QUEUED todo jobs, 8 doing).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import types
from typing import Any

import psycopg

from coordinator.store import pgqueue
from coordinator.store.pg import PgStore

START = "de8e1155"


def old_fetch() -> str:
    """The start tree's fetch statement (its module run from git, not imported)."""
    source = subprocess.run(
        ["git", "show", f"{START}:coordinator/store/pgqueue.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("pgqueue_start")
    sys.modules[module.__name__] = module  # (its dataclasses look their module up)
    exec(compile(source, "pgqueue_start", "exec"), module.__dict__)
    return str(module._FETCH)


def fill(url: str, queued: int, workspaces: int) -> int:
    """Queue ``queued`` sessions over ``workspaces`` workspaces, 8 of them being driven; the
    id of a registered worker."""
    PgStore.connect(url).close()
    with psycopg.connect(url) as con:
        for n in range(queued):
            pgqueue.defer(con, f"s{n}", f"/srv/ws{n % workspaces}")
        con.execute(
            "UPDATE procrastinate_jobs SET status = 'doing' WHERE id IN"
            " (SELECT id FROM procrastinate_jobs ORDER BY id LIMIT 8)"
        )
        row = con.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now()) RETURNING id"
        ).fetchone()
    assert row is not None
    return int(row[0])


def timed(url: str, sql: str, worker: int, runs: int = 200) -> list[float]:
    """Milliseconds of each of ``runs`` fetches, each rolled back."""
    params: dict[str, Any] = {"queues": None, "worker_id": worker, "roots": ["/srv"]}
    out = []
    with psycopg.connect(url) as con:
        for _ in range(runs):
            start = time.perf_counter()
            con.execute(sql, params).fetchall()  # type: ignore[arg-type]
            out.append((time.perf_counter() - start) * 1000)
            con.rollback()
    return out


def main() -> None:
    url = sys.argv[1]
    queued = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    workspaces = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    worker = fill(url, queued, workspaces)
    for name, sql in (("fifo (start)", old_fetch()), ("fair (ops104)", pgqueue._FETCH)):
        ms = timed(url, sql, worker)
        print(
            f"{name:14} queued={queued} workspaces={workspaces}:"
            f" median {statistics.median(ms):.2f} ms, p95 {sorted(ms)[int(len(ms) * 0.95)]:.2f} ms"
        )


if __name__ == "__main__":
    main()
