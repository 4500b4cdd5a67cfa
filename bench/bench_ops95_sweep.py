"""ops95: what the sweep's new look for claims left with no job and no holder
(``pgqueue._ORPHANED``) reads each second, on a store a team has used for a while: 100,000
sessions handed to workers, all ended but 10 being driven (their jobs running), with and
without its partial index (``coordinator_jobs_driven``). Pages from ``EXPLAIN (ANALYZE,
BUFFERS)`` (the same on any machine) and the median time of 20 looks.

    python bench/bench_ops95_sweep.py
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this tree's coordinator, the test cluster

import psycopg  # noqa: E402
from pgcluster import private_cluster  # noqa: E402

from coordinator.store import pgqueue  # noqa: E402
from coordinator.store.pg import PgStore  # noqa: E402

LEASES = 100_000
DRIVEN = 10
ARGS = {"roots": ["/srv"], "here": pgqueue.HERE_HOLDER}


def fill(url: str) -> None:
    """The store: ``LEASES`` sessions, their leases ``done`` but ``DRIVEN`` being driven."""
    PgStore.connect(url).close()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(
            "INSERT INTO sessions (id, request, workspace, status, created_at, updated_at)"
            " SELECT 's' || g, 'r', '/srv/ws' || (g %% 50), CASE WHEN g < %s THEN 'running'"
            " ELSE 'complete' END, 0, 0 FROM generate_series(0, %s) AS g",
            (DRIVEN, LEASES - 1),
        )
        con.execute(
            "INSERT INTO coordinator_jobs (session_id, workspace, state, holder_pid)"
            " SELECT id, workspace, CASE WHEN status = 'running' THEN 'doing' ELSE 'done' END,"
            " pg_backend_pid() FROM sessions"
        )
        for n in range(DRIVEN):
            pgqueue.defer(con, f"s{n}", f"/srv/ws{n}")
        con.execute("UPDATE procrastinate_jobs SET status = 'doing'")
        con.execute("ANALYZE")


def look(url: str) -> tuple[int, float, str]:
    """Pages read by one look, the median milliseconds of 20, and the plan's top node."""
    query: Any = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + pgqueue._ORPHANED
    times = []
    with psycopg.connect(url) as con:
        for _ in range(20):
            [[plan]] = con.execute(query, ARGS).fetchall()
            con.rollback()
            times.append(float(plan[0]["Execution Time"]))
    top = plan[0]["Plan"]
    pages = int(top["Shared Hit Blocks"]) + int(top["Shared Read Blocks"])
    scans = [n["Node Type"] + " " + n.get("Relation Name", "") for n in _nodes(top)]
    return pages, statistics.median(times), next(s for s in scans if "coordinator_jobs" in s)


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("Plans", []) for n in _nodes(child))]


def main() -> None:
    with private_cluster() as server:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute("CREATE DATABASE ops95")
        url = server.rsplit("/", 1)[0] + "/ops95"
        fill(url)
        pages, ms, scan = look(url)
        print(f"with the index:    {pages} pages, {ms:.2f} ms, {scan}")
        with psycopg.connect(url, autocommit=True) as con:
            con.execute("DROP INDEX coordinator_jobs_driven")
        pages, ms, scan = look(url)
        print(f"without the index: {pages} pages, {ms:.2f} ms, {scan}")


if __name__ == "__main__":
    main()
