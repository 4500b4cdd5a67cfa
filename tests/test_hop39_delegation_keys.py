"""Schema 10: ``delegations`` keyed by session (issue 12, branch hop39).

A delegation's id is its session's number times 2**32 plus its number in the session, so a
session's questions are one range of the table and no by-session index is written with each
question (``delegations_by_session`` is gone: one WAL frame, two ``pwrite``s, a hop fewer).
Delegations are numbered within their session, in the order they were made; no reader shows
their ids, and every reader lists a session's questions as before.

* A file of schema 9 written by main's code (two chains, then a question of the first session
  waiting for a person, numbered after the second's) migrates once, in place: ``coord log
  --json`` prints what the old code printed, the waiting question is still found, and new
  questions are numbered on in their session.
* A session killed mid-chain in a schema 9 file resumes after the upgrade: its consult is
  found by its renumbered question and answers it.
* An upgrade killed before its commit leaves schema 9 whole, and the next open upgrades it.
* A question of a session the file does not hold is refused, as its foreign key did.
* Both backends list, find and delete a session's questions alike.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord
from kit import (
    as_logged_before,
    as_old_schema,
    copy_numbered_delegations,
    copy_of,
    copy_tables,
    read_json,
    routed_run,
    rows,
    upgrade_killed_after_dropping,
)
from storefixtures import open_at
from test_kill_resume import killed_in_old_schema, resumes_after_the_upgrade

from coordinator.status import DelegationStatus
from coordinator.store.conversation import SEQ_BITS
from coordinator.store.db import SCHEMA_VERSION, Store
from coordinator.store.faults import StoreError
from coordinator.store.rows import SessionQuery

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema9-chains.db"  # written by main's code (614b3d86): make_schema9_db.py
OLD_LOGS = DATA / "schema9-chains.log.json"
#: Every column schema 10 keeps, in the order the session made them.
KEPT = (
    "session_id, parent_run_id, child_run_id, domain, blocker, required, status,"
    " waiting_reason, answered_by, created_at, answered_at"
)
INDEX = "SELECT name FROM sqlite_master WHERE name = 'delegations_by_session'"


def _logs_as_before(db: Path) -> None:
    """``coord log ID --json`` on ``db`` prints exactly what main's code printed."""
    for sid, old in read_json(OLD_LOGS).items():
        if sid != "messages":
            ran = coord("log", sid, "--db", db, "--json")
            assert ran.returncode == 0, ran.stderr
            assert as_logged_before(json.loads(ran.stdout)) == old


def _sessions() -> tuple[str, str]:
    """The old file's two sessions, in the order they were made."""
    first, second = (s for s in read_json(OLD_LOGS) if s != "messages")
    return first, second


def test_a_schema_9_file_migrates_once_and_reads_as_before(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    first, second = _sessions()
    assert rows(old, "PRAGMA user_version") == [(9,)]
    before = rows(old, f"SELECT session_no, id, {KEPT} FROM delegations ORDER BY id")
    assert [r[2] for r in before] == [first, first, second, second, first]  # interleaved
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(18,)]
    after = rows(old, f"SELECT id, {KEPT} FROM delegations ORDER BY id")
    # each session's questions numbered 1, 2, ... in the order they were made, all else kept
    expected = []
    for no in sorted({r[0] for r in before}):
        own = [r for r in before if r[0] == no]
        expected += [((no << SEQ_BITS) + i + 1, *r[2:]) for i, r in enumerate(own)]
    assert after == expected
    assert rows(old, INDEX) == []
    assert "session_no" not in {r[1] for r in rows(old, "PRAGMA table_info(delegations)")}
    assert rows(old, "PRAGMA integrity_check") == [("ok",)]
    assert rows(old, "PRAGMA foreign_key_check") == []
    _logs_as_before(old)
    store = Store.open(old)
    try:
        conversations = {
            str(r.id): store.messages(r.id) for s in store.sessions() for r in store.runs(s.id)
        }
        assert conversations == read_json(OLD_LOGS)["messages"]
        asking = store.find_sessions(SessionQuery(asking=True))
        assert [s.row.id for s in asking] == [first]  # its question still waits for a person
        assert [d.status for d in store.delegations(first)] == ["answered", "answered", "waiting"]
        assert [d.parent_run_id for d in store.delegations(second)] == [4, 5]
    finally:
        store.close()


def test_new_questions_of_a_migrated_session_are_numbered_on_in_it(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    first, second = _sessions()
    store = Store.open(old)
    try:
        root = store.runs(second)[0].id
        made = [
            store.add_delegation(sid, root, domain="db", blocker="b", required="r")
            for sid in (second, first, second)
        ]
        no = {str(r[1]): int(r[0]) for r in store._rows("SELECT no, id FROM sessions")}
        assert made == [
            (no[second] << SEQ_BITS) + 3,
            (no[first] << SEQ_BITS) + 4,
            (no[second] << SEQ_BITS) + 4,
        ]
        assert [d.id for d in store.delegations(second)][-2:] == [made[0], made[2]]
        store.delete_sessions([first])
        assert len(store.delegations(second)) == 4
        assert store._rows("SELECT COUNT(*) FROM delegations")[0][0] == 4
    finally:
        store.close()


def test_two_sessions_number_their_own_questions_in_the_order_made(
    sqlite_store: Store, tmp_path: Path
) -> None:
    store = sqlite_store
    (one, run1), (two, run2) = (routed_run(store, tmp_path, f"r{i}") for i in range(2))
    asked = []
    for sid, run, domain in ((two, run2, "a"), (one, run1, "b"), (two, run2, "c")):
        with store.transaction():  # each consulting its run (a stand-in consult)
            asked.append(
                store.add_delegation(
                    sid, run, domain=domain, blocker="x", required="y", child_run_id=run
                )
            )
    assert [d.domain for d in store.delegations(one)] == ["b"]
    assert [d.domain for d in store.delegations(two)] == ["a", "c"]
    assert [d.id & ((1 << SEQ_BITS) - 1) for d in store.delegations(two)] == [1, 2]
    assert store.delegation(asked[1]).session_id == one
    store.set_waiting(asked[1], "no_specialist")
    assert [s.row.id for s in store.find_sessions(SessionQuery(asking=True))] == [one]
    store.delete_sessions([one])
    assert [d.domain for d in store.delegations(two)] == ["a", "c"]
    assert store.find_sessions(SessionQuery(asking=True)) == []


def test_a_question_of_a_session_not_stored_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    sid, run = routed_run(store, tmp_path)
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.add_delegation("0123456789ab", run, domain="d", blocker="b", required="r")
    assert store._rows("SELECT COUNT(*) FROM delegations")[0][0] == 0
    made = store.add_delegation(sid, run, domain="d", blocker="b", required="r")
    assert [d.id for d in store.delegations(sid)] == [made]


def test_an_upgrade_killed_midway_leaves_schema_9_and_runs_again(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    before = rows(old, "SELECT * FROM delegations ORDER BY id")
    assert upgrade_killed_after_dropping(old, "delegations") == 9
    assert rows(old, "PRAGMA user_version") == [(9,)]
    assert rows(old, "SELECT * FROM delegations ORDER BY id") == before
    assert rows(old, INDEX) == [("delegations_by_session",)]
    assert rows(old, "SELECT name FROM sqlite_master WHERE name = 'delegations_10'") == []
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    _logs_as_before(old)


def _as_schema_9(db: Path) -> None:
    """Rewrite ``db`` (one session) as schema 9 kept it: every row copied, ``delegations``
    naming its session by ``session_no``, numbered in the file's one sequence."""

    def copy(con: sqlite3.Connection) -> None:
        copy_tables(
            con, "sessions", "agent_definitions", "runs", "tool_calls", "message_log", "event_log"
        )
        copy_numbered_delegations(con)

    as_old_schema(db, 9, copy)


def test_a_session_killed_mid_chain_in_a_schema_9_file_resumes_after_the_upgrade(
    tmp_path: Path,
) -> None:
    ws, db = killed_in_old_schema(tmp_path, _as_schema_9)
    assert rows(db, "SELECT id, status FROM delegations") == [(1, "consulting")]
    assert rows(db, INDEX) == [("delegations_by_session",)]
    resumes_after_the_upgrade(tmp_path, ws, db)
    store = Store.open(db)
    try:
        [sid] = [s.id for s in store.sessions()]
        answered = [(d.id >> 32, d.status, d.answered_by) for d in store.delegations(sid)]
    finally:
        store.close()
    assert answered == [(1, "answered", "dba")]  # the consult found its question, answered


def test_a_schema_9_file_naming_a_session_number_past_the_keys_is_refused_untouched(
    tmp_path: Path,
) -> None:
    old = copy_of(OLD, tmp_path)
    with closing(sqlite3.connect(old)) as con, con:
        con.execute("UPDATE delegations SET session_no = -1 WHERE id = 5")
    before = old.read_bytes()
    with pytest.raises(StoreError) as raised:
        Store.open(old)
    assert "delegations row 5 names session number -1" in str(raised.value)
    assert f"cannot be upgraded to schema {SCHEMA_VERSION} until that row" in str(raised.value)
    assert rows(old, "PRAGMA user_version") == [(9,)]
    assert old.read_bytes() == before


def test_both_backends_list_find_and_delete_a_sessions_questions(
    store_db: str, tmp_path: Path
) -> None:
    with closing(open_at(store_db)) as store:
        (one, run1), (two, run2) = (routed_run(store, tmp_path, f"r{i}") for i in range(2))
        store.add_delegation(two, run2, domain="a", blocker="x", required="y", child_run_id=run2)
        store.add_delegation(one, run1, domain="b", blocker="x", required="y", waiting_reason="w")
        store.add_delegation(two, run2, domain="c", blocker="x", required="y", waiting_reason="w")
        assert [d.domain for d in store.delegations(two)] == ["a", "c"]
        assert [d.status for d in store.delegations(two)] == [
            DelegationStatus.CONSULTING,
            DelegationStatus.WAITING,
        ]
        asking = store.find_sessions(SessionQuery(asking=True))
        assert sorted(s.row.id for s in asking) == sorted([one, two])
        store.delete_sessions([two])
        assert store.delegations(two) == []
        assert [d.domain for d in store.delegations(one)] == ["b"]
        assert [s.row.id for s in store.find_sessions(SessionQuery(asking=True))] == [one]
