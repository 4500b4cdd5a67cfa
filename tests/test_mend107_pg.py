"""mend107: the stall watch's leftovers (mend106). A model call it ends leaves a
``step_ended`` event in the session's log, which ``coord log`` shows; hooks within their
own ``timeout`` are not stalled; a fetch the database refuses for a full disk ends the
worker with one message, one refused for a deadlock or a serialization failure is
fetched again."""

from __future__ import annotations

import asyncio
import json
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import write_agents, write_script
from test_ops67_pg import HOPS
from test_ops104_pg import fetch, queue_of, until_in_flight
from test_workers_pg import InProcessWorker, chain, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_a_model_call_the_stall_watch_ends_is_in_the_sessions_log(
    tmp_path: Path, pg_url: str
) -> None:
    """A model call hung past ``--stall-after``: the worker ends it and hands the session
    back, and the session's log now says so (a ``step_ended`` event: by the stall watch,
    what it ended), in ``coord log``'s tree and ``--json`` (before: nothing in the log; only
    the worker's own output said why the call was made again)."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    roots = tmp_path / "roots"
    roots.mkdir()
    live = InProcessWorker(pg_url, roots, lease=5.0, stall=2.0)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        until_in_flight(gate, live)
        live.line_with(f"handed back {sid} ")
        gate.touch()
        live.line_with(f"ended {sid} complete")
    finally:
        gate.touch()
        live.stop()
    what = "a model call with no progress for 2 s (paid, not stored)"
    with closing(store_at(pg_url)) as store:
        ended = [e.data for e in store.events(sid) if e.kind == "step_ended"]
    assert ended == [{"agent": "backend", "by": "stall", "what": what}]
    tree = coord("log", sid, "--db", pg_url, env={"COLUMNS": "250"})
    assert tree.returncode == 0, tree.stderr
    by = "stall watch (no progress for coord worker --stall-after)"
    said = f"handed back: the worker's {by} ended {what}"
    assert said in tree.stdout, tree.stdout
    shown = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds.count("step_ended") == 1, kinds


def test_a_hook_within_its_own_timeout_is_not_cut_as_stalled(tmp_path: Path, pg_url: str) -> None:
    """A PostToolUse hook runs longer than ``--stall-after`` but within its own ``timeout``
    (a linter, a test run): the worker lets it run to its end, as a Bash command within its
    timeout (before: cut as stalled at once, its effect lost, the session handed back)."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=HOPS, latency_ms=0))
    ws = tmp_path / "roots" / "ws0"
    hook = "[ -e hook.once ] || { touch hook.once; sleep 3; }; echo fired >> hook.log"
    settings = {"hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command",
                "command": hook, "timeout": 60}]}]}}  # fmt: skip
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps(settings))
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, stall=1.0)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1, 0, "--allow-bash")
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    assert not [ln for ln in live.log if "stalled" in ln or "handed back" in ln], live.log
    assert (ws / "hook.log").read_text().splitlines() == ["fired"] * HOPS
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("done", 1)]


#: Statements that make the server itself fail as a full disk or a deadlock would (their
#: SQLSTATE: psycopg's DiskFull, DeadlockDetected, behind Procrastinate's ConnectorException).
DISK_FULL = (
    'DO $$BEGIN RAISE EXCEPTION \'could not extend file "base/5/16384": No space left on'
    " device' USING ERRCODE = 'disk_full'; END$$"
)
DEADLOCK = (
    "DO $$BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = 'deadlock_detected'; END$$"
)


def failing_fetch(url: str, root: Path, worker_id: int, instead: str, times: int) -> Any:
    """One fetch of worker ``worker_id`` whose first ``times`` fetch statements the server
    fails with ``instead`` (:data:`DISK_FULL`, :data:`DEADLOCK`): the session whose job it
    took ("" none)."""
    from procrastinate import App, PsycopgConnector

    from coordinator.store import pgqueue

    left = [times]

    class Failing(PsycopgConnector):
        async def execute_query_all_async(self, query: Any, **arguments: Any) -> Any:
            if "SET status = 'doing'" in query and left[0]:
                left[0] -= 1
                return await super().execute_query_all_async(instead)
            return await super().execute_query_all_async(query, **arguments)

    roots = [root.resolve()]

    async def take() -> str:
        app = App(connector=Failing(conninfo=url))
        async with app.open_async():
            jobs = pgqueue.SessionJobs(app.connector, roots)
            job = await jobs.fetch_job(None, worker_id)
        return pgqueue.locked_session(job.lock) if job else ""

    return asyncio.run(take())


def test_a_fetch_on_a_full_disk_ends_the_worker_with_one_message(
    tmp_path: Path, pg_url: str
) -> None:
    """The server's disk is full (SQLSTATE 53100, an OperationalError as a cut connection
    is): the fetch raises one user error saying so, which ends the worker non-zero (before:
    taken for a cut connection, the worker fetched nothing for ever, silently)."""
    from coordinator.errors import UserError

    roots = tmp_path / "roots"
    (roots / "alice").mkdir(parents=True)
    worker_id = queue_of(pg_url, [("a1", str((roots / "alice").resolve()))])
    with pytest.raises(UserError) as full:
        failing_fetch(pg_url, roots, worker_id, DISK_FULL, 1)
    said = full.value.message
    assert said.startswith("the database server's disk is full (could not extend file"), said
    assert "No space left on device" in said and "\n" not in said
    assert "Free space on the PostgreSQL server" in (full.value.hint or "")


@pytest.mark.parametrize("times", [1, 3])
def test_a_fetch_rolled_back_for_a_deadlock_is_made_again(
    tmp_path: Path, pg_url: str, times: int
) -> None:
    """The fetch's statement is rolled back for a deadlock (SQLSTATE 40P01; a serialization
    failure alike): nothing was taken, so it is made again at once and takes the job; rolled
    back at every try, it takes nothing this time and the worker goes on (before: taken for a
    cut connection, nothing fetched until the next wake-up; never ends the worker)."""
    roots = tmp_path / "roots"
    (roots / "alice").mkdir(parents=True)
    worker_id = queue_of(pg_url, [("a1", str((roots / "alice").resolve()))])
    taken = failing_fetch(pg_url, roots, worker_id, DEADLOCK, times)
    assert taken == ("a1" if times < 3 else "")
    if times == 3:
        assert fetch(pg_url, roots, worker_id, 1) == ["a1"]  # the next fetch takes it


def test_what_a_fetch_takes_for_a_cut_connection() -> None:
    """A full disk, a deadlock and a serialization failure are OperationalErrors, but no cut
    connection: the first ends the worker, the others are fetched again."""
    import psycopg
    from procrastinate.exceptions import ConnectorException

    from coordinator.store.pgqueue import connection_cut, disk_full, rolled_back

    def wrapped(cause: Exception) -> ConnectorException:
        exc = ConnectorException()
        exc.__cause__ = cause
        return exc

    full = wrapped(psycopg.errors.DiskFull("could not extend file"))
    assert not connection_cut(full) and disk_full(full) and not rolled_back(full)
    for contended in (psycopg.errors.DeadlockDetected(), psycopg.errors.SerializationFailure()):
        assert not connection_cut(wrapped(contended)) and rolled_back(wrapped(contended))
    assert connection_cut(wrapped(psycopg.errors.AdminShutdown("terminating connection")))
    assert not disk_full(ConnectorException("server closed the connection unexpectedly"))


def test_a_worker_whose_database_disk_is_full_ends_with_one_message(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve`` with a session queued while the server's disk is full (each fetch failed by
    the server with SQLSTATE 53100 first): the worker ends, raising the one user error that
    ``coord worker`` prints and exits 4 with, the session still queued (before: it fetched
    nothing for ever, saying nothing)."""
    from coordinator.errors import UserError
    from coordinator.runtime.worker import WorkerConfig, serve
    from coordinator.store import pgqueue

    fair = pgqueue.SessionJobs._fetch

    async def full(self: Any, queues: Any, worker_id: int) -> Any:
        await self.connector.execute_query_all_async(query=DISK_FULL)
        return await fair(self, queues, worker_id)

    monkeypatch.setattr(pgqueue.SessionJobs, "_fetch", full)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    roots = (tmp_path / "roots").resolve()
    cfg = WorkerConfig(pg_url, (roots,), lease=5.0, sweep=0.1, heartbeat=1.0)
    lines: list[str] = []

    async def run() -> None:  # (bounded: on the start tree it waited for ever)
        await asyncio.wait_for(serve(cfg, asyncio.Event(), lines.append), 120)

    with pytest.raises(UserError) as full_disk:
        asyncio.run(run())
    assert full_disk.value.message.startswith("the database server's disk is full ("), lines
    assert not [ln for ln in lines if sid in ln], lines  # never claimed
    with closing(store_at(pg_url)) as store:
        assert [j["state"] for j in store.jobs()] == ["todo"]
