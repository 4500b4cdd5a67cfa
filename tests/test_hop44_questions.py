"""Schema 12: a consult's run holds its question; no ``delegations`` row is written for it
(issue 12, hop44).

The consult's child run is the question: its parent, domain and start; the blocker and
what is required are its row's ``question`` (NULL in older rows, whose questions keep
their rows, so none is read twice). ``delegation(id)`` and ``delegations(sid)`` read both,
on both backends; a held question's id (its run's, negated) is no row's. A failed consult's
question becomes a row, waiting for a person, asked when the consult started.

* A file of schema 11 written by main's code (answered consults, a question waiting for a
  person, a failed consult's, a consult still running) upgrades with no row lost and reads
  as before: ``coord log``, ``coord log --json``, ``coord sessions --json``, conversations.
* A session killed mid-consult in a schema-11 file resumes after the upgrade: its
  question, a row, answered once.
* A chain writes no question row, and reads its consults' questions as it did.
* Both backends read held questions, turn a failed one into a waiting row (read once),
  and keep a session's rows and held questions in the order they were asked.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from cli import coord
from kit import (
    Harness,
    as_listed_before,
    as_logged_before,
    as_old_schema,
    assert_rows_kept,
    blocked,
    consult_run,
    copy_of,
    copy_tables,
    drawn_before,
    old_rows,
    read_json,
    report,
    routed_run,
    rows,
)
from storefixtures import open_at
from test_kill_resume import killed_in_old_schema, resumes_after_the_upgrade

from coordinator.store.db import SCHEMA_VERSION, Store

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema11-chains.db"  # written by main's code (1983f8a9): make_schema11_db.py
OLD_LOGS = DATA / "schema11-chains.log.json"
TABLES = (
    "sessions",
    "runs",
    "delegations",
    "tool_calls",
    "event_log",
    "message_log",
    "agent_definitions",
)
#: What a question reads as, without its id and times.
Read = tuple[str, int | None, str | None, str | None, str | None, str, str | None, str | None]


def _read(store: Store, sid: str) -> list[Read]:
    return [
        (
            d.session_id,
            d.child_run_id,
            d.domain,
            d.blocker,
            d.required,
            d.status,
            d.waiting_reason,
            d.answered_by,
        )
        for d in store.delegations(sid)
    ]


def _sessions() -> list[str]:
    return list(read_json(OLD_LOGS)["text"])


def test_a_schema_11_file_upgrades_with_nothing_lost_and_reads_as_before(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    assert rows(old, "PRAGMA user_version") == [(11,)]
    before = old_rows(old, TABLES)
    statuses = rows(old, "SELECT status, waiting_reason FROM delegations ORDER BY id")
    assert sorted(set(statuses)) == [
        ("consulting", None),
        ("waiting", "consult_failed"),
        ("waiting", "no_specialist"),
    ]
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(18,)]
    assert_rows_kept(old, before)  # (runs.question NULL: its questions are rows)
    logs = read_json(OLD_LOGS)
    for sid in _sessions():
        printed = coord("log", sid, "--db", old, "--json")
        assert printed.returncode == 0, printed.stderr
        assert as_logged_before(json.loads(printed.stdout)) == logs[sid]
        assert drawn_before(coord("log", sid, "--db", old).stdout) == logs["text"][sid]
    listed = json.loads(coord("sessions", "--db", old, "--json").stdout)
    assert as_listed_before(listed, logs["sessions"]) == [
        {**s, "db": None} for s in logs["sessions"]
    ]
    store = Store.open(old)
    try:
        read = [d for sid in _sessions() for d in store.delegations(sid)]
        assert len(read) == len(before["delegations"][1])  # each read once
        assert all(store.delegation(d.id) == d for d in read)
        conversations = {
            str(r.id): store.messages(r.id) for s in store.sessions() for r in store.runs(s.id)
        }
        assert conversations == logs["messages"]
    finally:
        store.close()


def _as_schema_11(db: Path) -> None:
    """Rewrite ``db`` as schema 11 kept it: every row copied, its consults' questions rows
    (:func:`kit.as_old_schema`)."""

    def copy(con: sqlite3.Connection) -> None:
        copy_tables(con, *TABLES)

    as_old_schema(db, 11, copy)


def test_a_session_killed_mid_consult_in_a_schema_11_file_resumes_after_the_upgrade(
    tmp_path: Path,
) -> None:
    ws, db = killed_in_old_schema(tmp_path, _as_schema_11)
    assert rows(db, "SELECT id & 0xffffffff > 1, status FROM delegations") == [(1, "consulting")]
    resumes_after_the_upgrade(tmp_path, ws, db)
    assert rows(db, "SELECT count(*) FROM runs WHERE question IS NOT NULL") == [(0,)]
    with closing(Store.open(db)) as store:
        [sid] = [s.id for s in store.sessions()]
        answered = [(d.status, d.answered_by) for d in store.delegations(sid)]
    assert answered == [("answered", "dba")]  # the consult found its question's row, once


async def test_a_chain_writes_no_question_row_and_reads_its_consults_questions(
    tmp_path: Path,
) -> None:
    script = {
        "backend": [
            {"text": blocked("Database", "The user schema", "Owner email unknown ✓")},
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "dba": [
            {"text": blocked("DevOps", "The region")},
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "ops": [{"text": "eu-west-1\n" + report("Complete")}],
    }
    h = Harness(tmp_path, script)
    result = await h.engine.start("Add an endpoint", agent="backend")
    assert result.status == "complete"
    sid = result.session_id
    runs = {r.agent: r for r in h.store.runs(sid)}
    questions = h.store.delegations(sid)
    assert [(d.parent_run_id, d.child_run_id) for d in questions] == [
        (runs["backend"].id, runs["dba"].id),
        (runs["dba"].id, runs["ops"].id),
    ]
    assert [(d.domain, d.blocker, d.required) for d in questions] == [
        ("database", "Owner email unknown ✓", "The user schema"),
        ("devops", "Missing context", "The region"),
    ]
    assert [(d.status, d.answered_by, d.answered_at) for d in questions] == [
        ("answered", "dba", runs["dba"].ended_at),
        ("answered", "ops", runs["ops"].ended_at),
    ]
    assert [d.created_at for d in questions] == [runs["dba"].started_at, runs["ops"].started_at]
    assert len({d.id for d in questions}) == 2 and all(d.id < 0 for d in questions)
    h.close()
    assert rows(h.db, "SELECT count(*) FROM delegations") == [(0,)]
    printed = json.loads(coord("log", sid, "--db", h.db, "--json").stdout)
    asked = printed["chain"]["questions"][0]
    assert (asked["blocker"], asked["status"], asked["answered_by"]) == (
        "Owner email unknown ✓",
        "answered",
        "dba",
    )


def test_both_backends_read_held_questions_with_rows_and_turn_a_failed_one_waiting(
    store_db: str, tmp_path: Path
) -> None:
    with closing(open_at(store_db)) as store:
        sid, root = routed_run(store, tmp_path)
        other, _ = routed_run(store, tmp_path, "other")
        done, first = consult_run(store, sid, root, "dba")  # an upgraded file's
        failed, second = consult_run(store, sid, root, "ops", held=True)
        running, third = consult_run(store, sid, root, "web", held=True)
        assert (second, third) == (-failed, -running)
        assert store.delegations(other) == []
        with store.transaction():
            store.update_run(done, status="complete", ended_at=12.5)
            store.update_run(failed, status="failed", ended_at=13.5)
            waiting = store.set_waiting(second, "consult_failed")
        assert waiting > 0
        assert _read(store, sid) == [
            (sid, done, "dba", "dba blocker", "dba required", "answered", None, "dba"),
            (sid, failed, "ops", "ops blocker", "ops required", "waiting", "consult_failed", None),
            (sid, running, "web", "web blocker", "web required", "consulting", None, None),
        ]
        started = {r.id: r.started_at for r in store.runs(sid)}
        assert store.delegation(waiting).created_at == started[failed]
        assert store.delegation(third).created_at == started[running]
        with store.transaction():
            store.answer_delegation(waiting, "person")
            store.update_run(running, status="needs_review", ended_at=14.5)
        read = store.delegations(sid)
        assert [(d.status, d.answered_by) for d in read] == [
            ("answered", "dba"),
            ("answered", "person"),
            ("answered", "web"),
        ]
        assert [d.id for d in read] == [first, waiting, third]
        assert (read[2].id, read[2].answered_at) == (third, 14.5)
        assert store.delegation(third) == read[2]


def test_a_schema_11_postgresql_database_upgrades_and_reads_its_questions_as_before(
    pg_server: str, tmp_path: Path
) -> None:
    import psycopg

    name = "coord_" + tmp_path.name.replace("-", "_").lower()[-40:]
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    url = pg_server.rsplit("/", 1)[0] + "/" + name
    with closing(open_at(url)) as store:  # questions as schema 11 wrote them: rows
        sid, root = routed_run(store, tmp_path)
        done, _ = consult_run(store, sid, root, "dba")
        failed, asked = consult_run(store, sid, root, "ops")
        with store.transaction():
            store.update_run(done, status="complete", ended_at=12.5)
            store.update_run(failed, status="failed", ended_at=13.5)
            store.set_waiting(asked, "consult_failed")
        before = store.delegations(sid)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("ALTER TABLE runs DROP COLUMN question")
        con.execute("ALTER TABLE runs DROP COLUMN system")  # (schema 18's)
        con.execute("ALTER TABLE sessions DROP COLUMN prompt_id")
        con.execute("UPDATE coordinator_schema SET version = 11")
    with closing(open_at(url)) as store:
        assert store.delegations(sid) == before  # read once each, as before
        running, held = consult_run(store, sid, root, "web", held=True)
        assert [d.id for d in store.delegations(sid)] == [d.id for d in before] + [held]
        assert store.delegation(held).child_run_id == running
    with psycopg.connect(url, autocommit=True) as con:
        assert con.execute("SELECT version FROM coordinator_schema").fetchall() == [(18,)]
        assert con.execute("SELECT count(*) FROM delegations").fetchall() == [(2,)]


def test_a_held_question_that_cannot_be_read_is_named_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with closing(open_at(str(db))) as store:
        sid, root = routed_run(store, tmp_path)
        running, _ = consult_run(store, sid, root, "dba", held=True)
    for bad in ('{"blocker": "b"}', "[1, 2"):
        with closing(sqlite3.connect(db)) as con, con:
            con.execute("UPDATE runs SET question = ? WHERE id = ?", (bad, running))
        shown = coord("log", sid, "--db", db)
        assert shown.returncode != 0
        assert f"runs row {running} has unreadable JSON in question" in shown.stderr
        assert "Traceback" not in shown.stderr
