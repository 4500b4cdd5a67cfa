"""review101: holes in ops100's sweep of a dead ``coord resume --here``.

* "Its holder's connection is gone" was told by the holder's backend pid alone: an operating
  system hands a dead backend's pid to a later process, so a backend started after the claim
  (another coord's connection, a pooled one, a parallel worker) kept a killed holder's claim
  "alive": the session stayed stuck until that unrelated connection ended. A holder is now
  the backend with that pid started no later than it wrote the claim (``heartbeat_at``, the
  server's clock on both sides).
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from test_ops95_sweep_pg import cut_off, gone, leases, queued, set_jobs, sweep
from test_workers_pg import store_at

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def reused(con: psycopg.Connection[object], sid: str) -> psycopg.Connection[object]:
    """A connection opened after the claim whose backend's pid the lease of ``sid`` now
    names, as when the operating system hands the dead holder's pid to a new backend."""
    later = psycopg.connect(con.info.dsn, autocommit=True)
    con.execute(
        "UPDATE coordinator_jobs SET holder_pid = %s WHERE session_id = %s",
        (later.info.backend_pid, sid),
    )
    return later


def test_a_killed_here_whose_pid_a_later_backend_took_is_queued_again(
    tmp_path: Path, pg_url: str
) -> None:
    [sid] = queued(tmp_path, pg_url, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:
        gone(con, cut_off(store_at(pg_url), lambda s: s.claim_here(sid, "coord resume --here")))
        with reused(con, sid):
            [again] = sweep(pg_url, tmp_path / "roots")
    assert (again.session_id, again.held_by) == (sid, "coord resume --here")
    assert leases(pg_url) == {sid: ("todo", 2)}


def test_a_killed_worker_whose_pid_a_later_backend_took_has_its_job_handed_on(
    tmp_path: Path, pg_url: str
) -> None:
    import asyncio

    from procrastinate import PsycopgConnector

    from coordinator.store import pgqueue

    [sid] = queued(tmp_path, pg_url, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:
        gone(con, cut_off(store_at(pg_url), lambda s: s.claim_session(sid, "box:4:dd")))
        set_jobs(con, sid, "doing")  # its job still running: the dead-worker sweep's
        con.execute(  # run by a worker whose heartbeat is fresh: not a stalled job
            "WITH w AS (INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now())"
            " RETURNING id) UPDATE procrastinate_jobs SET worker_id = (SELECT id FROM w)"
            " WHERE status = 'doing'"
        )
        with reused(con, sid):

            async def once() -> list[str]:
                connector = PsycopgConnector(conninfo=pg_url)
                await connector.open_async()
                try:
                    jobs = pgqueue.SessionJobs(connector, [(tmp_path / "roots").resolve()])
                    return await jobs.sweep(3600.0)
                finally:
                    await connector.close_async()

            assert asyncio.run(once()) == [sid]


def test_a_live_holder_is_never_taken_for_a_reused_pid(tmp_path: Path, pg_url: str) -> None:
    """The guard of the rule above: the holder's own backend, connected, keeps its claim."""
    [sid] = queued(tmp_path, pg_url, 1)
    holder = store_at(pg_url)
    try:
        holder.claim_here(sid, "coord resume --here")
        assert sweep(pg_url, tmp_path / "roots") == []
    finally:
        holder.close()
    assert leases(pg_url)[sid][0] in {"doing", "todo"}


def test_a_live_here_whose_connection_was_ended_is_fenced_before_its_next_step(
    tmp_path: Path, pg_url: str
) -> None:
    """A live ``coord resume --here`` whose backend the server ended (an administrator's
    ``pg_terminate_backend``, an idle timeout) in its model call looks killed: the sweep
    queues its session again at a new epoch and a worker drives it. When its call returns,
    the ``--here`` opens its connection again, cannot take up a claim no longer its epoch,
    and stops before the Edit its reply asks for: each Edit once."""
    import os

    from cli import finish, spawn
    from kit import write_agents, write_script
    from test_ops70_stop_pg import wait_for
    from test_ops88_unclaimed_pg import until
    from test_ops100_here_pg import DONE, held_in_second_call
    from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, submit_at_once

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=2, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    held = held_in_second_call(tmp_path)
    proc = spawn("resume", sid, "--db", pg_url, "--here", "--script", held)
    try:
        with psycopg.connect(pg_url, autocommit=True) as con:
            until(con, DONE)  # hop 1's Edit done, then hop 2's model call, held:
            wait_for(tmp_path / "gate.held")  # in flight, every write before it committed
            [(pid,)] = con.execute("SELECT holder_pid FROM coordinator_jobs").fetchall()
            [(keeper,)] = con.execute(  # ops103: its keeper connection too (an idle timeout)
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                (f"coord resume --here {sid}",),
            ).fetchall()
            for ended in (pid, keeper):
                con.execute("SELECT pg_terminate_backend(%s)", (ended,))
                gone(con, ended)
        live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5)
        try:
            live.line_with(f"queued {sid} again", timeout=30)
            live.line_with(f"ended {sid} complete", timeout=60)
        finally:
            live.stop()
        (tmp_path / "gate").touch()  # the --here's call returns: hop 2's Edit again
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, 9)
            finish(proc)
    assert proc.returncode == 4, out  # ops103: one line naming who took it, nothing written
    assert f"error: session {sid} was taken over by " in err, err
    assert "while this process's connection to the session database was cut: nothing more" in err
    assert f"coord log -f {sid} --db " in err and "Traceback" not in err
    check_nothing_repeated(pg_url, [sid], hops=2)


COMMANDS: dict[str, tuple[str, ...]] = {
    "run": ("run", "write out.txt", "--agent", "backend", "--workspace", "{ws}"),
    "run --detach": ("run", "write out.txt", "--agent", "backend", "--workspace", "{ws}",
                     "--detach"),
    "resume": ("resume", "{sid}", "--context", "go on"),
    "worker": ("worker", "--workspace-root", "{roots}", "--drain"),
    "sessions": ("sessions",),
    "log": ("log", "{sid}"),
    "stats": ("stats",),
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_team_command_is_refused_once_before_any_change_to_older_tables(
    tmp_path: Path, pg_url: str, command: str
) -> None:
    """A team role (rows, not tables) on tables an older coord left: each command, reading
    or writing, stops with the one refusal naming the owner, before any DDL."""
    from cli import coord
    from kit import report, write_agents, write_script
    from test_ops84_roles_pg import PASSWORD, READ_WRITE, role_url
    from test_ops100_upgrade_pg import as_an_older_coord_left_it

    [sid] = queued(tmp_path, pg_url, 1)
    _, team = role_url(pg_url, READ_WRITE)
    as_an_older_coord_left_it(pg_url)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "w.yaml", {"backend": [{"text": report("Complete", "x")}]})
    ws = tmp_path / "roots" / "new"
    ws.mkdir(parents=True)
    fill = {"ws": str(ws), "sid": sid, "roots": str(tmp_path / "roots")}
    args = [a.format(**fill) for a in COMMANDS[command]]
    if command.startswith("run") or command == "resume":
        args += ["--agents-dir", str(agents), "--provider", "scripted", "--script", str(script)]
    ran = coord(*args, "--db", team)
    assert ran.returncode == 4, (ran.stdout, ran.stderr)
    assert ran.stderr.startswith("error: the coordinator's tables in the session database"), (
        ran.stderr
    )
    assert "only their owner, role postgres, may make" in ran.stderr
    assert "Traceback" not in ran.stderr and PASSWORD not in ran.stderr
    with psycopg.connect(pg_url) as con:
        columns = con.execute(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'coordinator_jobs'::regclass"
            " AND attname IN ('failures', 'seen_job')"
        ).fetchone()
        rows = con.execute("SELECT count(*) FROM sessions").fetchone()
    assert (columns, rows) == ((0,), (1,))  # nothing altered, nothing stored


def test_the_owner_command_of_a_url_naming_its_role_in_an_encoded_parameter_upgrades(
    tmp_path: Path, pg_url: str
) -> None:
    """libpq decodes a parameter's name as its value (``?us%65r=R`` is ``user=R``, and wins
    over the address's user): the hint's command, run as given, connects as the owner."""
    import shlex
    from urllib.parse import urlsplit, urlunsplit

    from cli import coord
    from test_ops84_roles_pg import PASSWORD, READ_WRITE, role_url
    from test_ops100_upgrade_pg import as_an_older_coord_left_it

    queued(tmp_path, pg_url, 1)
    name, _ = role_url(pg_url, READ_WRITE)
    parts = urlsplit(pg_url)
    team = urlunsplit(
        parts._replace(netloc=f":{PASSWORD}@{parts.netloc.rpartition('@')[2]}",
                       query=f"us%65r={name}")
    )  # fmt: skip
    as_an_older_coord_left_it(pg_url)
    refused = coord("sessions", "--db", team)
    assert refused.returncode == 4, refused.stderr
    [command] = [
        line.partition("run once: ")[2].partition(" (it upgrades")[0]
        for line in refused.stderr.splitlines()
        if "run once: " in line
    ]
    assert name not in command, command
    upgraded = coord(*shlex.split(command)[1:])
    assert upgraded.returncode == 0, upgraded.stderr
    assert coord("sessions", "--db", team).returncode == 0


def test_a_claim_left_at_the_give_up_is_ended_once_and_never_restarted(
    tmp_path: Path, pg_url: str
) -> None:
    """ops100's restart of a count at the give-up is for an older coord's resume only: this
    coord's own lease reaching it (a claim's reply lost on its job's last attempt, one
    failure short) is ended in that sweep, and the next sweeps leave it ended."""
    from test_ops95_sweep_pg import claim_reply_lost

    from coordinator.store import pgqueue

    [sid] = queued(tmp_path, pg_url, 1)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE coordinator_jobs SET failures = %s", (pgqueue.REQUEUE_MAX_FAILED - 1,))
    claim_reply_lost(pg_url, sid, "box:7:ff")
    [ended] = sweep(pg_url, tmp_path / "roots")
    assert ended.ended == pgqueue.gave_up(pgqueue.REQUEUE_MAX_FAILED)
    assert sweep(pg_url, tmp_path / "roots") == []
    assert sweep(pg_url, tmp_path / "roots") == []
    assert leases(pg_url) == {sid: ("failed", 2)}
