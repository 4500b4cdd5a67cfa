"""The shared PostgreSQL store in the daily commands: ``coord stats`` and ``coord sessions rm``
(ids and ``--older-than``) on ``--db postgresql://…`` as on a SQLite file, ``coord config``
naming the shared store, and ``--here`` in a folder where nothing ran."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, write_agents, write_script
from storefixtures import open_at

from coordinator.store.rows import LeaseState

USAGE = {"input_tokens": 1000, "output_tokens": 100, "cache_read_input_tokens": 500}


def run_in(tmp: Path, db: str, request: str, *extra: str) -> str:
    """Run one complete session of the backend agent on ``db``; its id."""
    ws = tmp / "ws"
    ws.mkdir(exist_ok=True)
    agents = write_agents(tmp / "team", "backend")
    steps = {"backend": [{"usage": USAGE, "text": report("Complete")}]}
    script = write_script(tmp / f"s{abs(hash(request))}.yaml", steps)
    ran = coord("run", request, "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
                "--only", "--script", script, "--db", db, *extra)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.strip() if "--detach" in extra else str(json.loads(ran.stdout)["session"])


def counts(db: str, session_id: str) -> dict[str, int]:
    """How many rows of each kind belong to the session."""
    runs = "(SELECT id FROM runs WHERE session_id = ?)"
    queries = {
        "sessions": "SELECT COUNT(*) FROM sessions WHERE id = ?",
        "runs": "SELECT COUNT(*) FROM runs WHERE session_id = ?",
        "events": "SELECT COUNT(*) FROM events WHERE session_id = ?",
        "messages": f"SELECT COUNT(*) FROM messages WHERE run_id IN {runs}",
        "jobs": "SELECT COUNT(*) FROM coordinator_jobs WHERE session_id = ?",
    }
    with closing(open_at(db)) as store:
        return {k: int(store._rows(q, (session_id,))[0][0]) for k, q in queries.items()}


# ---- coord stats on the shared store -----------------------------------------------------


def test_stats_on_the_shared_store_are_those_of_a_file(tmp_path: Path, pg_fresh: str) -> None:
    for db in (pg_fresh, str(tmp_path / "file.db")):
        run_in(tmp_path, db, "Add a login endpoint", "--json")
        run_in(tmp_path, db, "Add a logout endpoint", "--json")
    shared = coord("stats", "--db", pg_fresh, "--json")
    assert shared.returncode == 0, shared.stderr
    file = coord("stats", "--db", tmp_path / "file.db", "--json")
    assert json.loads(shared.stdout) == json.loads(file.stdout)
    [row] = json.loads(shared.stdout)
    assert (row["agent"], row["runs"], row["input_tokens"]) == ("backend", 2, 2000)
    assert row["cache_read_tokens"] == 1000
    since = coord("stats", "--db", pg_fresh, "--since", "1d", "--json")
    assert json.loads(since.stdout) == [row]
    after = datetime.now().isoformat()  # every session started before it (a future date
    later = coord("stats", "--db", pg_fresh, "--since", after, "--json")  # is refused)
    assert json.loads(later.stdout) == []
    table = coord("stats", "--db", pg_fresh)
    assert table.returncode == 0 and "backend" in table.stdout


def test_stats_on_the_shared_store_read_sessions_and_runs_by_index(pg_fresh: str) -> None:
    from coordinator.store.db import RUNS_SINCE
    from coordinator.store.pg import translate_sql

    # A store of 5,000 sessions of two runs each, its statistics read: the plan is the
    # planner's own for ten recent sessions (on the emptied tables it was decided by what
    # autovacuum last read of earlier tests' rows, and swung to a hash join over runs_pkey).
    with closing(open_at(pg_fresh)) as store:
        pg: Any = store
        pg._pg.run(
            "INSERT INTO sessions (id, request, workspace, status, created_at, updated_at)"
            " SELECT 's' || n, 'r', '/w', 'done', n, n FROM generate_series(1, 5000) n"
        )
        pg._pg.run(
            "INSERT INTO runs (id, session_id, agent, model, depth, status, max_turns,"
            " started_at) SELECT n, 's' || (n + 1) / 2, 'a', 'm', 0, 'done', 1, n"
            " FROM generate_series(1, 10000) n"
        )
        pg._pg.run("ANALYZE sessions, runs")
        sql = translate_sql(RUNS_SINCE, (4991.0,))
        plan = " ".join(r[0] for r in pg._pg.run("EXPLAIN " + sql, (4991.0,)).fetchall())
    assert "sessions_by_created" in plan and "runs_by_session" in plan, plan


# ---- coord sessions rm on the shared store -----------------------------------------------


def test_sessions_rm_on_the_shared_store_removes_one_session_whole(
    tmp_path: Path, pg_fresh: str
) -> None:
    gone = run_in(tmp_path, pg_fresh, "Add a login endpoint", "--json")
    kept = run_in(tmp_path, pg_fresh, "Add a logout endpoint", "--json")
    before = counts(pg_fresh, kept)
    assert counts(pg_fresh, gone)["messages"] > 0
    ran = coord("sessions", "rm", gone[:8], "--db", pg_fresh, "--json")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == {"removed": [gone]}
    assert set(counts(pg_fresh, gone).values()) == {0}
    assert counts(pg_fresh, kept) == before  # nothing of another session touched
    listed = json.loads(coord("sessions", "--db", pg_fresh, "--json").stdout)
    assert [line["session"] for line in listed] == [kept]
    unknown = coord("sessions", "rm", "nosuchsession", kept, "--db", pg_fresh)
    assert unknown.returncode == 4  # a typo in one removes none
    assert counts(pg_fresh, kept) == before


def test_sessions_rm_refuses_a_queued_or_leased_shared_session(
    tmp_path: Path, pg_fresh: str
) -> None:
    queued = run_in(tmp_path, pg_fresh, "Add a login endpoint", "--detach")
    leased = run_in(tmp_path, pg_fresh, "Add a logout endpoint", "--detach")
    with closing(open_at(pg_fresh)) as worker:
        assert worker.claim_session(leased, "w1") is not None  # type: ignore[attr-defined]
        for sid in (queued, leased):
            ran = coord("sessions", "rm", sid, "--db", pg_fresh)
            assert ran.returncode == 4, ran.stdout
            assert f"session {sid} is " in ran.stderr and "not removed" in ran.stderr
            assert counts(pg_fresh, sid)["sessions"] == 1
        pruned = coord("sessions", "rm", "--older-than", "0m", "--db", pg_fresh, "--json")
        assert pruned.returncode == 0, pruned.stderr
        assert json.loads(pruned.stdout) == {"removed": []}
    assert counts(pg_fresh, leased)["jobs"] == 1


def test_sessions_rm_refuses_a_shared_session_a_process_drives(
    tmp_path: Path, pg_fresh: str
) -> None:
    sid = run_in(tmp_path, pg_fresh, "Add a login endpoint", "--json")
    with closing(open_at(pg_fresh)) as driver:
        driver.lock_session(sid)
        ran = coord("sessions", "rm", sid, "--db", pg_fresh)
        assert ran.returncode == 4
        assert "in use by another process" in ran.stderr
    assert counts(pg_fresh, sid)["sessions"] == 1


def test_the_store_refuses_to_delete_a_shared_session_leased_since_it_was_checked(
    tmp_path: Path, pg_fresh: str
) -> None:
    from coordinator.errors import UserError

    sid = run_in(tmp_path, pg_fresh, "Add a login endpoint", "--detach")
    with closing(open_at(pg_fresh)) as store, pytest.raises(UserError, match="not removed"):
        store.delete_sessions([sid])  # the check inside the deleting transaction
    assert counts(pg_fresh, sid)["sessions"] == 1


def test_sessions_rm_older_than_on_the_shared_store(tmp_path: Path, pg_fresh: str) -> None:
    done = run_in(tmp_path, pg_fresh, "Add a login endpoint", "--json")
    queued = run_in(tmp_path, pg_fresh, "Add a logout endpoint", "--detach")
    with closing(open_at(pg_fresh)) as worker:  # a finished job of the session: its history
        claim: Any = worker
        claim.enqueue(done)
        claim.claim_session(done, "w1")
        claim.release_claim(LeaseState.DONE)
        still = coord("sessions", "rm", done, "--db", pg_fresh)  # its job not ended yet
        assert still.returncode == 4 and "still with a worker" in still.stderr
        for status in ("doing", "succeeded"):  # as a worker ends it
            claim._pg.run(
                "UPDATE procrastinate_jobs SET status = %s WHERE lock = %s",
                (status, f"coordinator-session:{done}"),
            )
    ran = coord("sessions", "rm", "--older-than", "0m", "--db", pg_fresh, "--json")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == {"removed": [done]}
    assert set(counts(pg_fresh, done).values()) == {0}
    assert counts(pg_fresh, queued)["sessions"] == 1
    with closing(open_at(pg_fresh)) as store:
        left = store._rows(  # type: ignore[attr-defined]
            "SELECT COUNT(*) FROM procrastinate_jobs WHERE lock = ?",
            (f"coordinator-session:{done}",),
        )
    assert int(left[0][0]) == 0


# ---- coord config names the shared store -------------------------------------------------


def test_config_shows_the_shared_session_database_without_its_password(tmp_path: Path) -> None:
    url = "postgresql://team:s3cret-pw@db.internal:5433/coord"
    ran = coord("config", "--workspace", tmp_path, "--db", url, "--json")
    assert ran.returncode == 0, ran.stderr
    assert "s3cret-pw" not in ran.stdout
    paths = {p["what"]: p for p in json.loads(ran.stdout)["paths"]}
    assert paths["session database"]["path"] == "postgresql://team:***@db.internal:5433/coord"
    table = coord("config", "--workspace", tmp_path, "--db", url, env={"COLUMNS": "200"})
    assert "session database" in table.stdout and "db.internal" in table.stdout
    assert "s3cret-pw" not in table.stdout


# ---- --here where nothing ran ------------------------------------------------------------


@pytest.mark.parametrize("command", [["sessions"], ["stats"], ["sessions", "rm"]])
def test_here_in_a_folder_where_nothing_ran_has_no_sessions(
    tmp_path: Path, command: list[str]
) -> None:
    more = ["--older-than", "1d"] if command[-1] == "rm" else []
    shown = coord(*command, *more, "--here", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert ("removed 0 sessions" if more else "no sessions") in shown.stdout
    as_json = coord(*command, *more, "--here", "--json", cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == ({"removed": []} if more else [])
    assert not (tmp_path / ".coordinator").exists()  # reading never creates one
