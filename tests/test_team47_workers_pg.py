"""team47: a team's first afternoon on shared workers. The rough edges a team met with
`coord worker`s on one PostgreSQL store: the server restarted under a running worker, a
worker stopped with SIGTERM while it drives a session, a worker given a root that is not
there."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from cli import coord
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def end_every_connection(url: str) -> None:
    """What a restart of the server does to a running worker: every connection of its (the
    store's, the queue's, its listener's) is ended."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_a_worker_whose_connections_the_server_ended_drives_the_next_session(
    tmp_path: Path, pg_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """The server restarted under an idle worker: the next session queued is driven to its
    end (before: its job failed on the store's ended connection, with a traceback, and the
    session stayed "running" with nothing to drive it)."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    (tmp_path / "roots").mkdir()
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        live.line_with(" ready: ")
        end_every_connection(pg_url)
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    check_nothing_repeated(pg_url, [sid], hops=1)
    assert "Traceback" not in capfd.readouterr().err


def request_stop(live: InProcessWorker) -> None:
    """What SIGTERM does to ``coord worker``, without waiting for the worker to stop."""
    loop, stop = live._loop, live._stop
    assert loop is not None and stop is not None
    loop.call_soon_threadsafe(stop.set)


def beat_after(url: str, moment: datetime, seconds: float) -> None:
    """Return once the only worker's heartbeat is ``seconds`` past ``moment`` (the database's
    clock); fails when it stops beating for long (its row gone, or no beat for a minute)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        while True:
            row = con.execute(
                "SELECT last_heartbeat > %s + make_interval(secs => %s),"
                " clock_timestamp() - last_heartbeat > interval '60 s'"
                " FROM procrastinate_workers",
                (moment, seconds),
            ).fetchone()
            assert row is not None and not row[1], "the worker stopped beating"
            if row[0]:
                return
            con.execute("SELECT pg_sleep(0.05)")  # a poll of the database, not a wait for it


def peer_sweep(url: str, root: Path, lease: float) -> list[str]:
    """What another worker's sweep hands on now: the jobs of workers it takes for dead."""
    from procrastinate import App, PsycopgConnector

    from coordinator.store import pgqueue

    roots = [root.resolve()]

    async def sweep() -> list[str]:
        app = App(connector=PsycopgConnector(conninfo=url))
        async with app.open_async():
            return await pgqueue.SessionJobs(app.connector, roots).sweep(lease)

    return asyncio.run(sweep())


def test_a_worker_stopped_while_it_drives_a_session_keeps_it_and_says_so(
    tmp_path: Path, pg_url: str
) -> None:
    """SIGTERM while a session is in a model call: the worker says it hands the session back
    after that call and goes on beating meanwhile, so no other worker takes the session over
    (before: its heartbeat ended at once, and ``--lease`` seconds later another worker drove
    the session again, the model call in flight made twice), then it hands it back (ops67:
    it drove it to its end before) and stops; the next worker goes on from there."""
    import psycopg

    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    roots, lease = tmp_path / "roots", 1.0
    roots.mkdir()
    live = InProcessWorker(pg_url, roots, lease=lease)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        live.line_with(f"driving {sid} epoch 1")  # held in its first model call
        with psycopg.connect(pg_url, autocommit=True) as con:
            row = con.execute("SELECT now()").fetchone()
        assert row is not None
        request_stop(live)
        beat_after(pg_url, row[0], lease)  # its last beat is newer than the lease
        assert peer_sweep(pg_url, roots, lease) == []  # so no peer takes the session
        assert "handing back the 1 session being driven" in live.line_with("stopping: ")
        gate.touch()
        live.line_with(f"handed back {sid} after step 1")
        live.line_with("<stopped>")
    finally:
        gate.touch()
        live.stop()
    after = InProcessWorker(pg_url, roots, lease=lease, drain=True)
    try:
        after.line_with(f"ended {sid} complete")
    finally:
        after.stop()
    check_nothing_repeated(pg_url, [sid], hops=1)


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_worker_refuses_a_workspace_root_that_is_not_a_folder(tmp_path: Path, kind: str) -> None:
    """A mistyped or unmounted --workspace-root is named in one line, nothing started (before:
    the worker started, said it was ready, and drove nothing, for ever)."""
    from coordinator.errors import UserError
    from coordinator.runtime import launch

    root = tmp_path / "projects"
    if kind == "file":
        root.write_text("", encoding="utf-8")
    flags = {"concurrency": 1, "lease": 5.0, "poll": 5.0, "drain": False, "stop_grace": 20.0}
    with pytest.raises(UserError) as caught:
        launch.worker_config("postgresql://u@h/db", None, [tmp_path, root], **flags)  # type: ignore[arg-type]
    what = "not a folder" if kind == "file" else "no such folder on this machine"
    assert caught.value.message == f"--workspace-root {root}: {what}"
    assert "same path on every worker" in (caught.value.hint or "")


def test_run_detach_says_what_the_session_waits_for_and_how_to_drive_it(
    tmp_path: Path, pg_url: str
) -> None:
    """``coord run --detach`` from a machine where no worker runs says, as a resume that
    queues does, that the session is queued and nothing drives it yet, and the command that
    would, its URL without the password (before: a bare id, and the session showed
    "running" for ever; the resume's command had the password as ``***``, which libpq
    then sent)."""
    user, rest = pg_url.split("://", 1)[1].split("@", 1)
    with_password = f"postgresql://{user}:hunter2@{rest}"  # the cluster trusts: not checked
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    ws = tmp_path / "roots" / "ws0"
    ws.mkdir(parents=True)
    ran = coord(
        "run", "task 0", "--agent", "backend", "--workspace", ws, "--db", with_password,
        "--detach", "--script", script, "--agents-dir", agents, "--only",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sid = ran.stdout.strip()
    said = " ".join(ran.stderr.split())
    assert f"session {sid} is queued for the workers: a running `coord worker`" in said
    assert "no worker has sent a heartbeat in the last 5 s, so nothing drives it yet" in said
    assert f"start one: coord worker --db {pg_url} --workspace-root {ws.resolve()} --drain" in said
    assert "hunter2" not in ran.stdout + ran.stderr


def test_a_retry_of_a_job_a_peers_sweep_handed_on_leaves_it_as_the_sweep_did(
    tmp_path: Path, pg_url: str
) -> None:
    """A worker whose connections the server ended (it restarted) retries the job whose
    claim it could not make, after another worker's sweep already handed that job on: the
    retry leaves the job queued as the sweep did (before: Procrastinate's retry raised
    "invalid status to retry" in a task no one awaited, a traceback in the worker's log)."""
    import psycopg
    from procrastinate import App, PsycopgConnector
    from procrastinate import jobs as pjobs

    from coordinator.store import pgqueue

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:
        fetched = con.execute(  # what the worker's fetch did
            "UPDATE procrastinate_jobs SET status = 'doing' RETURNING id, status, task_name,"
            " priority, lock, queueing_lock, args, scheduled_at, queue_name, attempts, worker_id"
        ).fetchall()
        columns = ("id", "status", "task_name", "priority", "lock", "queueing_lock", "args")
        columns += ("scheduled_at", "queue_name", "attempts", "worker_id")
        job = pjobs.Job.from_row(dict(zip(columns, fetched[0], strict=True)))
        con.execute("SELECT procrastinate_retry_job_v2(%s, now(), NULL, NULL, NULL)", (job.id,))

    async def retry() -> None:  # what the worker's retry strategy asks for now
        app = App(connector=PsycopgConnector(conninfo=pg_url))
        async with app.open_async():
            await pgqueue.SessionJobs(app.connector, []).retry_job(job)

    asyncio.run(retry())
    with psycopg.connect(pg_url, autocommit=True) as con:
        rows = con.execute("SELECT status, attempts, args->>'session_id' FROM procrastinate_jobs")
        assert rows.fetchall() == [("todo", 1, sid)]  # queued once, as the sweep left it


def test_a_worker_says_once_that_its_database_is_unreachable_and_once_that_it_is_back(
    tmp_path: Path, pg_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """The database goes away under a running worker (a restart, a failover): one line of
    its log says so and what to check, one says when it is back (before: psycopg's pool
    wrote two lines on stderr for every failed reconnection, about two a second for as long
    as it lasted, and nothing once it was back)."""
    import logging
    import threading

    import psycopg

    failed, seen = threading.Event(), []

    class Count(logging.Handler):  # the pool's failed reconnections, as they happen
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)
            if len(seen) >= 3:
                failed.set()

    count = Count(logging.WARNING)
    logging.getLogger("psycopg.pool").addHandler(count)
    (tmp_path / "roots").mkdir()
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, heartbeat=0.05)
    base, name = pg_url.rsplit("/", 1)
    try:
        live.line_with(" ready: ")
        with psycopg.connect(base + "/postgres", autocommit=True) as con:
            con.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')  # the server goes
            con.execute(  # away: every connection ended, no new one taken
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            live.line_with("the session database is unreachable")
            assert failed.wait(timeout=60), seen  # the pool failed to reconnect 3 times
            con.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')  # and is back
        live.line_with("the session database is reachable again")
    finally:
        live.stop()
        logging.getLogger("psycopg.pool").removeHandler(count)
    said = [line for line in live.log if "unreachable" in line]
    assert len(said) == 1, live.log
    assert "check that PostgreSQL is running and reachable" in said[0]
    assert "error connecting" not in capfd.readouterr().err


def test_a_worker_names_its_roots_when_it_is_ready(tmp_path: Path, pg_url: str) -> None:
    """A worker started with the wrong (existing) --workspace-root shows where it looks in
    its first line (before: only how many roots, so a worker that drove nothing gave no
    clue why)."""
    root = tmp_path / "projects"
    root.mkdir()
    live = InProcessWorker(pg_url, root, lease=5.0)
    try:
        ready = live.line_with(" ready: ")
    finally:
        live.stop()
    assert ready.endswith(f" ready: 1 slot over 1 root: {root.resolve()}")
