"""ops104, ops105, ops108: the cost of a worker's fetch with many sessions queued, first in
first out (ops104's start tree's SQL, read from git) against ops104's fetch fair between
workspaces (read from git at ops105's start), ops105's (this tree's without the table of
heads: each workspace probed) and this tree's (reading the trigger-kept heads).

Usage: python bench/bench_ops104_fetch.py URL [QUEUED] [WORKSPACES] [--skewed]
URL: an empty PostgreSQL database (its coordinator tables are made). Each fetch runs in a
transaction rolled back, so every one sees the same queue (QUEUED todo jobs, 8 doing).
Jobs go to the workspaces in turn; ``--skewed``: the first workspace's come first, all but
one job of each other workspace's, then those (a team's long batch queued ahead of everyone).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
import types

import psycopg

from coordinator.store import pgqueue
from coordinator.store.pg import PgStore

START = "de8e1155"
#: ops105's start: ops104's fair fetch (review110 measured it at 10-45x the FIFO fetch).
FAIR104 = "3c8441f6"


def old_fetch(commit: str = START) -> str:
    """The fetch statement at ``commit`` (its module run from git, not imported)."""
    source = subprocess.run(
        ["git", "show", f"{commit}:coordinator/store/pgqueue.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType(f"pgqueue_{commit}")
    sys.modules[module.__name__] = module  # (its dataclasses look their module up)
    exec(compile(source, "pgqueue_start", "exec"), module.__dict__)
    return str(module._FETCH)


def spaces(queued: int, workspaces: int, skewed: bool) -> list[int]:
    """The workspace of each job in queue order (module docstring)."""
    if not skewed:
        return [n % workspaces for n in range(queued)]
    tail = list(range(1, workspaces))
    head = [n % (workspaces - 1) + 1 for n in range(queued - len(tail))]
    first = [0] * (len(head) - len(head) // 2)
    return first + head[len(first) :] + tail


def fill(url: str, queued: int, workspaces: int, skewed: bool = False) -> int:
    """Queue ``queued`` sessions over ``workspaces`` workspaces, 8 of them being driven; the
    id of a registered worker."""
    PgStore.connect(url).close()
    with psycopg.connect(url) as con:
        for n, space in enumerate(spaces(queued, workspaces, skewed)):
            pgqueue.defer(con, f"s{n}", f"/srv/ws{space}")
        con.execute(
            "UPDATE procrastinate_jobs SET status = 'doing' WHERE id IN"
            " (SELECT id FROM procrastinate_jobs ORDER BY id LIMIT 8)"
        )
        row = con.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now()) RETURNING id"
        ).fetchone()
    assert row is not None
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("VACUUM ANALYZE procrastinate_jobs")
        con.execute("VACUUM ANALYZE coordinator_queue_heads")
    return int(row[0])


def prepared(sql: str, name: str, worker: int) -> tuple[str, str]:
    """``PREPARE`` and ``EXECUTE`` statements of ``sql`` for worker ``worker`` under ``/srv``:
    a worker's connection runs its fetch prepared (psycopg prepares a statement at its fifth
    run), which a transaction rolled back does not undo at the SQL level."""
    order: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        return f"${order.setdefault(match.group(1), len(order) + 1)}"

    text = re.sub(r"%\((\w+)\)s", number, sql)
    values = {"queues": "NULL", "worker_id": str(worker), "roots": "ARRAY['/srv']"}
    call = ", ".join(values[k] for k in order)
    return f"PREPARE {name} AS {text}", f"EXECUTE {name}" + (f"({call})" if call else "")


def timed(url: str, sqls: dict[str, str], worker: int, rounds: int = 200) -> dict[str, list[float]]:
    """Milliseconds of each of ``rounds`` fetches of each statement, each rolled back, the
    statements in turn (a load on the machine weighs on each alike)."""
    out: dict[str, list[float]] = {name: [] for name in sqls}
    with psycopg.connect(url) as con:
        calls = {}
        for n, (name, sql) in enumerate(sqls.items()):
            prepare, calls[name] = prepared(sql, f"fetch{n}", worker)
            con.execute(prepare.encode())
        con.commit()
        for _ in range(rounds):
            for name, call in calls.items():
                start = time.perf_counter()
                rows = con.execute(call.encode()).fetchall()
                out[name].append((time.perf_counter() - start) * 1000)
                con.rollback()
                assert len(rows) == 1, name
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--skewed"]
    url = args[0]
    queued = int(args[1]) if len(args) > 1 else 5000
    workspaces = int(args[2]) if len(args) > 2 else 10
    worker = fill(url, queued, workspaces, "--skewed" in sys.argv)
    sqls = {
        "fifo (start)": old_fetch(),
        "fair (ops104)": old_fetch(FAIR104),
        "fair (ops105)": pgqueue.fair_fetch(worker, ["/srv"], None),
        "fair (now)": pgqueue.fair_fetch(worker, ["/srv"], None, heads=True),
    }
    for name, ms in timed(url, sqls, worker).items():
        print(
            f"{name:14} queued={queued} workspaces={workspaces}:"
            f" median {statistics.median(ms):.2f} ms, p95 {sorted(ms)[int(len(ms) * 0.95)]:.2f} ms"
        )


if __name__ == "__main__":
    main()
