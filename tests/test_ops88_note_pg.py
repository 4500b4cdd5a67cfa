"""ops88: the note of a session queued for the workers (``run --detach``, ``resume``) says how
long ago the latest heartbeat of the workers it counts came, and that one quiet for more than
two seconds (a ``coord worker`` beats every second) may have stopped: right after a kill -9,
the killed worker's row still counts as a heartbeat within the lease (until another worker
prunes it), and the note said only "1 worker(s) sent a heartbeat in the last 5 s"."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from kit import write_agents, write_script
from test_workers_pg import chain, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def worker_row(url: str, roots: Path, seconds_ago: float) -> None:
    """A worker's rows as a worker leaves them (its heartbeat ``seconds_ago``, its roots)."""
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DELETE FROM procrastinate_workers")
        row = con.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat)"
            " VALUES (now() - make_interval(secs => %s)) RETURNING id",
            (seconds_ago,),
        ).fetchone()
        assert row is not None
        con.execute(
            "INSERT INTO coordinator_workers (worker_id, roots) VALUES (%s, %s)",
            (row[0], [str(roots)]),
        )


def test_the_note_says_how_long_ago_the_latest_heartbeat_came(tmp_path: Path, pg_url: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    with closing(store_at(pg_url)) as store:
        worker_row(pg_url, tmp_path / "roots", 3.0)  # killed 3 s ago: its row still there
        quiet = " ".join(store.queued_note(sid, resumed=False).split())
        worker_row(pg_url, tmp_path / "roots", 0.0)  # beating
        beating = " ".join(store.queued_note(sid, resumed=False).split())
    # (the server's clock runs on between the row and the note: a loaded machine's pause)
    late = re.search(r"heartbeat in the last 5 s, the latest (\d+) s ago(.*?)\)\.", quiet)
    assert late is not None and int(late[1]) >= 3, quiet
    assert late[2] == ": a running worker beats every second, so it may have stopped", quiet
    now = re.search(r"heartbeat in the last 5 s, the latest (\d+) s ago(.*?)\)\.", beating)
    assert now is not None and int(now[1]) <= 2 and now[2] == "", beating
