"""ops69: shared workers a team can see and that never stall. `coord sessions` and `coord
log` (and their `--json`) name the worker driving a running session."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord
from test_ops67_pg import held_session
from test_workers_pg import InProcessWorker, call_held, store_at

from coordinator.store.rows import SessionQuery

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_sessions_and_log_name_the_worker_driving_a_session(tmp_path: Path, pg_url: str) -> None:
    """While a worker drives a session, `coord sessions` shows it `running on WORKER` (the
    name its `ready` line gives), `coord log` too, and both `--json` have it as `worker`;
    once the session ends, no worker is named (before: nothing said who ran it)."""
    sid, gate = held_session(tmp_path, pg_url)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0)
    name = live.cfg.worker_id
    try:
        live.line_with(f"driving {sid} epoch 1")
        call_held(gate)  # held in its first model call: driven by this worker
        listed = coord("sessions", "--db", pg_url)
        assert listed.returncode == 0, listed.stderr
        [row] = [line for line in listed.stdout.splitlines() if line.startswith(sid)]
        assert f"running on {name}" in row
        [one] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
        assert (one["status"], one["worker"]) == ("running", name)
        shown = coord("log", sid, "--db", pg_url)
        assert f"running on {name}" in shown.stdout.splitlines()[0]
        logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
        assert (logged["status"], logged["worker"]) == ("running", name)
        with closing(store_at(pg_url)) as store:  # in the listing's one statement
            [found] = store.find_sessions(SessionQuery())
        assert found.driver == name
        gate.touch()
        live.line_with(f"ended {sid} complete")
    finally:
        gate.touch()
        live.stop()
    [one] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
    assert (one["status"], one["worker"]) == ("complete", None)
    logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    assert logged["worker"] is None
    assert " on " not in coord("log", sid, "--db", pg_url).stdout.splitlines()[0]


def test_a_file_store_names_no_worker(tmp_path: Path) -> None:
    """A SQLite store has no workers: `worker` is null, the status alone."""
    from kit import report, write_agents, write_script

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    db, ws = tmp_path / "s.db", tmp_path / "ws"
    ws.mkdir()
    ran = coord(
        "run", "task", "--agent", "backend", "--db", db, "--provider", "scripted",
        "--script", script, "--agents-dir", agents, "--only", "--workspace", ws,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    [one] = json.loads(coord("sessions", "--db", db, "--json").stdout)
    assert one["worker"] is None
    logged = json.loads(coord("log", one["session"], "--db", db, "--json").stdout)
    assert logged["worker"] is None


def test_a_database_outage_holds_up_nothing_else_the_worker_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server stops while a worker's model call is in flight; the reply comes back and
    the store waits for the server to take its claim up again. Meanwhile the worker's
    event loop goes on (here: a probe run on it while the store's attempts still fail;
    before, the wait blocked the loop for up to 10 s: heartbeats, other sessions' calls
    and signals waited too). The server back, the reply is stored at epoch 1 and the
    session completes, each call made once."""
    import asyncio
    import threading

    from pgcluster import _bindir, private_cluster
    from test_ops67_pg import HOPS, data_directory, server_ctl
    from test_workers_pg import check_nothing_repeated

    from coordinator.store import pg

    if _bindir() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    refusing, probed, refused_after = threading.Event(), threading.Event(), threading.Event()
    opened = pg._open

    def counted(*args: object) -> object:
        try:
            return opened(*args)  # type: ignore[arg-type]
        except Exception:
            if probed.is_set():
                refused_after.set()  # the store still waits for the server after the probe
            refusing.set()
            raise

    monkeypatch.setattr(pg, "_open", counted)
    with private_cluster() as url:
        sid, gate = held_session(tmp_path, url)
        live = InProcessWorker(url, tmp_path / "roots", lease=60.0)
        try:
            live.line_with(f"driving {sid} epoch 1")
            call_held(gate)
            data = data_directory(url)
            server_ctl(data, "stop")
            gate.touch()  # the reply comes back while the server is down
            assert refusing.wait(timeout=60), "the store never tried to open its connection"
            assert live._loop is not None
            asyncio.run_coroutine_threadsafe(asyncio.sleep(0), live._loop).result(timeout=60)
            probed.set()
            assert refused_after.wait(timeout=60), "the store gave up before the loop ran"
            server_ctl(data, "restart")
            live.line_with(f"ended {sid} complete")
        finally:
            gate.touch()
            live.stop()
        assert not [line for line in live.log if "epoch 2" in line or "fenced" in line]
        check_nothing_repeated(url, [sid], hops=HOPS)
        with closing(store_at(url)) as store:
            assert [j["epoch"] for j in store.jobs()] == [1]


def test_a_sigterm_during_a_database_outage_exits_promptly_every_line_stamped(
    tmp_path: Path,
) -> None:
    """SIGTERM while the server is down and the session's reply waits for it: the worker
    says it is stopping at once, waits for the server no longer than the store's timeout
    (the reply would be stored if it came back), then exits 0 without ending its jobs in
    the queue (their bookkeeping would wait 30 s each for a connection); every line it
    prints starts with its time (before: `stopping` came after 30 s, the exit after 90 s
    with code 1 and unstamped tracebacks)."""
    import signal
    import subprocess

    from pgcluster import _bindir, private_cluster
    from test_ops67_pg import data_directory, server_ctl
    from test_workers_pg import STAMP, worker

    if _bindir() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    with private_cluster() as url:
        sid, gate = held_session(tmp_path, url)
        proc = worker(url, tmp_path, "--lease", "60")
        try:
            assert proc.stderr is not None
            seen = []
            for line in proc.stderr:
                seen.append(line)
                if f"driving {sid} epoch 1" in line:
                    break
            call_held(gate)
            server_ctl(data_directory(url), "stop")
            gate.touch()
            proc.send_signal(signal.SIGTERM)
            try:
                _, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
        finally:
            gate.touch()
            proc.kill()
        lines = [*seen, *err.splitlines(keepends=True)]
        assert proc.returncode == 0, "".join(lines)
        unstamped = [line for line in lines if not STAMP.match(line)]
        assert unstamped == [], "".join(lines)
        said = [STAMP.sub("", line, count=1) for line in lines]
        stopping = next(i for i, line in enumerate(said) if line.startswith("stopping: "))
        fenced = next(i for i, line in enumerate(said) if line.startswith(f"fenced {sid}"))
        assert stopping < fenced  # it said so while the store still waited
        # (lead49: it exits before any retry, so it says who takes the job, not a retry)
        assert "another worker's sweep takes the job over" in said[fenced], said[fenced]
        assert "tried again" not in said[fenced]
        assert any("exiting without ending this worker's jobs" in line for line in said)


def test_a_librarys_warnings_are_lines_of_the_workers_log(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """While a worker serves, a warning or error a library logs (asyncio's "Task exception
    was never retrieved", Procrastinate's) is one line of the worker's log, stamped as its
    own (the logger, the first line, an exception's type and first line), never an
    unstamped line and traceback on stderr; psycopg's note that it closed a connection
    whose query's cancellation was cut short (a drained worker's exit) is not printed."""
    import logging

    from coordinator.runtime.outage import watching_the_logs

    said: list[str] = []
    with watching_the_logs(said.append):
        logging.getLogger("psycopg").warning(
            "query cancellation interrupted (%s): closing connection", "CancelledError"
        )
        try:
            raise ValueError("bad row\nsecond line")
        except ValueError:
            logging.getLogger("asyncio").error(
                "Task exception was never retrieved\nfuture: <Task>", exc_info=True
            )
        logging.getLogger("procrastinate.worker").warning("Job failed\n  detail")
    logging.getLogger("procrastinate.worker").warning("after: not the worker's")
    assert said == [
        "asyncio: Task exception was never retrieved (ValueError: bad row)",
        "procrastinate.worker: Job failed",
    ]
    assert "Traceback" not in capfd.readouterr().err
