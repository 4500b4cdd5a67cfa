"""review114: ops105's fair fetch with odd roots, and its fetch cut by an outage."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from test_ops104_pg import fetch, queue_of

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

#: A workspace root's name holding what a literal written into SQL must survive.
ODD = "it's \\ %(x)s $1 %% é\nnext"


@pytest.mark.parametrize("conforming", ["on", "off"])
def test_a_root_with_quotes_percents_and_backslashes_fetches_its_own_jobs(
    tmp_path: Path, pg_url: str, conforming: str
) -> None:
    """The fair fetch writes the worker's roots into its statement: a root named with a
    quote, a backslash, ``%(x)s``, ``$1``, a newline and non-ASCII text takes its own
    workspace's jobs, fairly, and not a sibling's whose name it begins with, with the
    server's ``standard_conforming_strings`` on or off."""
    import psycopg

    url = f"{pg_url}?options=-c%20standard_conforming_strings%3D{conforming}"
    root = tmp_path / ODD
    (root / "alice").mkdir(parents=True)
    (root / "bob").mkdir()
    (tmp_path / f"{ODD}x").mkdir()
    alice, bob = (str((root / n).resolve()) for n in ("alice", "bob"))
    twin = str((tmp_path / f"{ODD}x").resolve())
    worker_id = queue_of(url, [("t1", twin), ("a1", alice), ("a2", alice), ("b1", bob)])
    assert fetch(url, root, worker_id, 4) == ["a1", "b1", "a2", ""]
    with psycopg.connect(url) as con:
        assert con.execute("SHOW standard_conforming_strings").fetchone() == (conforming,)
        left = con.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'")
        assert left.fetchone() == (1,)


def test_a_fetch_cut_while_the_server_is_down_does_not_end_the_worker(
    tmp_path: Path, pg_url: str
) -> None:
    """The server goes down once the fetch committed (a restart): the fetch's reply and
    the give-back of what it took both fail. The fetch takes nothing and the worker lives
    on; the job it took is given back at the next fetch, which takes it (before: the
    give-back's error ended the worker, the job left marked a live worker's)."""
    from procrastinate import App, PsycopgConnector
    from procrastinate.exceptions import ConnectorException

    from coordinator.store import pgqueue

    roots = tmp_path / "roots"
    alice = (roots / "alice").resolve()
    alice.mkdir(parents=True)
    worker_id = queue_of(pg_url, [("a1", str(alice))])
    down = [True]

    class Restarting(PsycopgConnector):
        async def execute_query_all_async(self, query: Any, **arguments: Any) -> Any:
            if "AND NOT (id = ANY(" in query and down:
                down.clear()  # (up again for the next fetch)
                raise ConnectorException("connection refused: the server is starting up")
            rows = await super().execute_query_all_async(query, **arguments)
            if "SET status = 'doing'" in query and down and rows:
                raise ConnectorException("server closed the connection unexpectedly")
            return rows

    async def take() -> list[str]:
        app = App(connector=Restarting(conninfo=pg_url))
        async with app.open_async():
            jobs = pgqueue.SessionJobs(app.connector, [roots.resolve()])
            got = [await jobs.fetch_job(None, worker_id) for _ in range(3)]
        return [pgqueue.locked_session(j.lock) if j else "" for j in got]

    assert asyncio.run(take()) == ["", "a1", ""]
