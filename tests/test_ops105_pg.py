"""ops105: a worker's fetch fair between workspaces (ops104) read, joined and sorted every
queued job at each fetch (47 ms at 20,000 queued against 1.2 ms first in first out; review110).
Now its work does not grow with the queue, and it stays fair: the first job of each busy
workspace, the first of a free one, Procrastinate's locks checked on those; first in, first
out when another worker's fetch holds the fair choice.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from kit import write_agents, write_script
from test_ops104_pg import fetch, queue_of, until_in_flight
from test_workers_pg import InProcessWorker, chain, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def rows_read(plan: dict[str, Any]) -> int:
    """Rows the scans of Procrastinate's jobs table in an ``EXPLAIN (ANALYZE, FORMAT JSON)``
    plan read: those they returned and those their filters dropped, in every loop."""
    own = 0
    if plan.get("Relation Name") == "procrastinate_jobs":
        per_loop = plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)
        own = int(per_loop * plan["Actual Loops"])
    return own + sum(rows_read(p) for p in plan.get("Plans", []))


def fetch_cost(
    url: str, root: Path, worker_id: int, measure: Callable[[dict[str, Any]], int] = rows_read
) -> tuple[str, int]:
    """The session one fetch of worker ``worker_id`` takes, and the rows of the jobs table
    its statements read (or what ``measure`` counts of each plan): each statement the
    worker's fetch sends is explained (run, then rolled back) on another connection just
    before it runs."""
    import psycopg
    from procrastinate import App, PsycopgConnector

    from coordinator.store import pgqueue

    read: list[int] = []
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("ANALYZE procrastinate_jobs")  # (as autovacuum does after such inserts)

    class Explaining(PsycopgConnector):
        async def execute_query_all_async(self, query: Any, **arguments: Any) -> Any:
            if "SET status = 'doing'" in query:
                with psycopg.connect(url) as con:
                    [[plan]] = con.execute(
                        "EXPLAIN (ANALYZE, FORMAT JSON) " + query, self._wrap_json(arguments)
                    ).fetchall()
                    con.rollback()
                read.append(measure(plan[0]["Plan"]))
            return await super().execute_query_all_async(query, **arguments)

    roots = [root.resolve()]

    async def take() -> str:
        app = App(connector=Explaining(conninfo=url))
        async with app.open_async():
            jobs = pgqueue.SessionJobs(app.connector, roots)
            job = await jobs.fetch_job(None, worker_id)
        return pgqueue.locked_session(job.lock) if job else ""

    return asyncio.run(take()), sum(read)


def more(url: str, jobs: list[tuple[str, str]]) -> None:
    """Queue more sessions' jobs ``(session, workspace)`` in that order."""
    import psycopg

    from coordinator.store import pgqueue

    with psycopg.connect(url) as con:
        for session_id, workspace in jobs:
            assert pgqueue.defer(con, session_id, workspace)


def test_a_fetch_reads_no_more_of_the_queue_when_it_is_ten_times_longer(
    tmp_path: Path, pg_url: str
) -> None:
    """Two teams' 200 queued chains, then 1,800 more: the fetch that takes the next one
    reads about as many rows of the queue as before (ops104's read every queued job, its
    cost growing with the queue: 10-45x the first-in-first-out fetch at 5,000-20,000)."""
    roots = tmp_path / "roots"
    alice, bob = (roots / "alice").resolve(), (roots / "bob").resolve()
    alice.mkdir(parents=True)
    bob.mkdir()
    spaces = [str(alice), str(bob)]
    worker_id = queue_of(pg_url, [(f"s{n}", spaces[n % 2]) for n in range(200)])
    first, short = fetch_cost(pg_url, roots, worker_id)
    more(pg_url, [(f"s{n}", spaces[n % 2]) for n in range(200, 2000)])
    second, long = fetch_cost(pg_url, roots, worker_id)
    assert (first, second) == ("s0", "s1")  # alice's first, then bob's (fair)
    assert long <= 2 * short + 20, (short, long)


def test_past_a_long_batch_the_fetch_still_finds_a_free_workspace(
    tmp_path: Path, pg_url: str
) -> None:
    """A team's 250 queued chains (more than the fetch reads at the head of the queue),
    then one of each of two other teams: the next slots go to those two, then back to the
    first team's."""
    roots = tmp_path / "roots"
    names = ("alice", "bob", "carol")
    for name in names:
        (roots / name).mkdir(parents=True)
    alice, bob, carol = (str((roots / n).resolve()) for n in names)
    queued = [(f"a{i}", alice) for i in range(1, 251)] + [("b1", bob), ("c1", carol)]
    worker_id = queue_of(pg_url, queued)
    assert fetch(pg_url, roots, worker_id, 4) == ["a1", "b1", "c1", "a2"]


def test_a_session_being_driven_is_not_taken_again_by_a_fair_fetch(
    tmp_path: Path, pg_url: str
) -> None:
    """A session queued again while a worker still drives it heads its workspace's queue:
    the fetch passes it (its lock is held) for the workspace's next, and takes it only
    once its first job has ended."""
    import psycopg

    roots = tmp_path / "roots"
    alice, bob = (roots / "alice").resolve(), (roots / "bob").resolve()
    alice.mkdir(parents=True)
    bob.mkdir()
    worker_id = queue_of(pg_url, [("a1", str(alice))])
    assert fetch(pg_url, roots, worker_id, 1) == ["a1"]
    more(pg_url, [("a1", str(alice)), ("a2", str(alice)), ("b1", str(bob))])
    assert fetch(pg_url, roots, worker_id, 3) == ["b1", "a2", ""]
    with psycopg.connect(pg_url) as con:
        con.execute(
            "UPDATE procrastinate_jobs SET status = 'succeeded'"
            " WHERE status = 'doing' AND args->>'session_id' = 'a1'"
        )
    assert fetch(pg_url, roots, worker_id, 1) == ["a1"]


@contextmanager
def row_locked(url: str, session_id: str) -> Iterator[None]:
    """The queued job of ``session_id`` locked by another transaction (a peer's fetch about
    to take it) while in the block."""
    import psycopg

    with psycopg.connect(url) as con:
        con.execute(
            "SELECT id FROM procrastinate_jobs WHERE status = 'todo'"
            " AND args->>'session_id' = %s FOR UPDATE",
            (session_id,),
        )
        yield
        con.rollback()


def test_a_worker_takes_the_next_job_while_a_peer_takes_the_fair_one(
    tmp_path: Path, pg_url: str
) -> None:
    """Another worker's fetch holds the job this one would take (the first of the one
    workspace queued): this fetch takes the next queued job, not nothing (a worker with a
    free slot would wait for its next poll)."""
    roots = tmp_path / "roots"
    alice = (roots / "alice").resolve()
    alice.mkdir(parents=True)
    worker_id = queue_of(pg_url, [(f"a{i}", str(alice)) for i in range(1, 4)])
    assert fetch(pg_url, roots, worker_id, 1) == ["a1"]
    with row_locked(pg_url, "a2"):
        assert fetch(pg_url, roots, worker_id, 1) == ["a3"]
    assert fetch(pg_url, roots, worker_id, 1) == ["a2"]


def test_a_chain_hung_in_a_model_call_is_handed_back_while_its_worker_beats(
    tmp_path: Path, pg_url: str
) -> None:
    """A session's model call never returns (past every timeout) while its worker's event
    loop and heartbeat go on, so no sweep takes it for dead: once it has recorded no
    progress for ``--stall-after`` seconds, its own worker ends the call and hands the
    session back to the queue, and it is driven on to its end at the next claim (before:
    its worker kept it, running, for ever)."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    roots = tmp_path / "roots"
    roots.mkdir()
    live = InProcessWorker(pg_url, roots, lease=5.0, concurrency=2, stall=2.0)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"driving {sid} epoch 1")
        until_in_flight(gate, live)
        live.line_with(f"stalled {sid}: no progress recorded for 2 s")
        live.line_with(f"handed back {sid} ")
        gate.touch()  # the next driver's call is answered
        live.line_with(f"driving {sid} epoch 2")
        live.line_with(f"ended {sid} complete")
    finally:
        gate.touch()
        live.stop()
    assert not [ln for ln in live.log if "dead workers" in ln or "fenced" in ln], live.log
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("done", 2)]


def test_a_fetch_whose_reply_the_server_cut_takes_nothing_and_loses_nothing(
    tmp_path: Path, pg_url: str
) -> None:
    """The server ends the fetch's connection once its statement committed (a restart: the
    job marked this worker's, the reply lost): the fetch takes nothing, and that job is back
    in the queue for the next fetch (before: the error ended the worker; a job so marked
    would be nobody's while this worker's heartbeat went on)."""
    from procrastinate import App, PsycopgConnector
    from procrastinate.exceptions import ConnectorException

    from coordinator.store import pgqueue

    roots = tmp_path / "roots"
    alice = (roots / "alice").resolve()
    alice.mkdir(parents=True)
    worker_id = queue_of(pg_url, [("a1", str(alice))])
    cut = [True]

    class CutOnce(PsycopgConnector):
        async def execute_query_all_async(self, query: Any, **arguments: Any) -> Any:
            rows = await super().execute_query_all_async(query, **arguments)
            if "SET status = 'doing'" in query and cut and rows:
                cut.clear()
                raise ConnectorException("server closed the connection unexpectedly")
            return rows

    found = [roots.resolve()]

    async def take() -> list[str]:
        app = App(connector=CutOnce(conninfo=pg_url))
        async with app.open_async():
            jobs = pgqueue.SessionJobs(app.connector, found)
            got = [await jobs.fetch_job(None, worker_id) for _ in range(2)]
        return [pgqueue.locked_session(j.lock) if j else "" for j in got]

    assert asyncio.run(take()) == ["", "a1"]


def test_rows_read_counts_every_loop() -> None:
    """The plan reader above: a scan run 3 times, each returning 2 rows and dropping 5."""
    plan = json.loads(
        '{"Node Type": "Limit", "Plans": [{"Relation Name": "procrastinate_jobs",'
        ' "Actual Rows": 2, "Rows Removed by Filter": 5, "Actual Loops": 3}]}'
    )
    assert rows_read(plan) == 21
