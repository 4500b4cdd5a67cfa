"""Schema 9: ``event_log`` keyed by session (issue 12, branch hop37).

A step row's key (``seq``) is its session's number times 2**32 plus its first event's number
in the session, so a session's rows are one range of the table and no by-session index is
written on every step (``events_by_session`` is gone: one WAL frame, two ``pwrite``s, a
commit fewer). Events are numbered within their session.

* A file of schema 8 written by main's code (two chains whose numbers interleave) migrates
  once, in place: ``coord log --json`` prints what the old code printed, every run's
  conversation reads as before, and new events are numbered on in their session.
* A session killed mid-chain in a schema 8 file resumes after the upgrade, every event kept.
* An upgrade killed before its commit leaves schema 8 whole, and the next open upgrades it.
* A step of a session the file does not hold is refused, as its foreign key did.
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
    rows,
    upgrade_killed_after_dropping,
)
from test_kill_resume import (
    killed_in_old_schema,
    resumes_after_the_upgrade,
)

from coordinator.events import Completed, Routed
from coordinator.store.conversation import SEQ_BITS
from coordinator.store.db import SCHEMA_VERSION, Store
from coordinator.store.faults import StoreError
from coordinator.store.rows import ADDED_EVENT_FIELDS

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema8-chains.db"  # written by main's code (18732b59): make_schema8_db.py
OLD_LOGS = DATA / "schema8-chains.log.json"
OLD_EVENTS = "SELECT seq, session_id, run_id, kind, data, at FROM events ORDER BY seq"


def _logs_as_before(db: Path) -> None:
    """``coord log ID --json`` on ``db`` prints exactly what main's code printed (every key:
    the old file is recent enough to have them all)."""
    for sid, old in read_json(OLD_LOGS).items():
        if sid != "messages":
            ran = coord("log", sid, "--db", db, "--json")
            assert ran.returncode == 0, ran.stderr
            assert as_logged_before(json.loads(ran.stdout)) == old


def _by_session(found: list[tuple[object, ...]]) -> dict[object, list[tuple[object, ...]]]:
    out: dict[object, list[tuple[object, ...]]] = {}
    for row in found:
        out.setdefault(row[1], []).append(row)
    return out


def test_a_schema_8_file_migrates_once_and_reads_as_before(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    before = rows(old, OLD_EVENTS)
    assert rows(old, "PRAGMA user_version") == [(8,)]
    numbers = [r[0] for r in before]
    assert numbers == sorted(numbers) and before[-1][1] == before[0][1]  # interleaved
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    after = rows(old, "SELECT seq, session_id, run_id, kind, data, at FROM events")
    # every event, its number, run, kind, data and time to the last bit, in its session
    assert _by_session(sorted(after)) == _by_session(before)
    assert rows(old, "SELECT name FROM sqlite_master WHERE name = 'events_by_session'") == []
    assert rows(old, "PRAGMA integrity_check") == [("ok",)]
    assert rows(old, "PRAGMA foreign_key_check") == []
    keyed = rows(
        old, f"SELECT COUNT(*) FROM event_log b JOIN sessions s ON s.no = b.seq >> {SEQ_BITS}"
    )
    assert keyed == rows(old, "SELECT COUNT(*) FROM event_log") == [(13,)]
    _logs_as_before(old)
    store = Store.open(old)
    try:
        conversations = {
            str(r.id): store.messages(r.id) for s in store.sessions() for r in store.runs(s.id)
        }
        assert conversations == read_json(OLD_LOGS)["messages"]
    finally:
        store.close()


def test_new_events_of_a_migrated_session_are_numbered_on_in_it(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    first, second = (s for s in read_json(OLD_LOGS) if s != "messages")
    store = Store.open(old)
    try:
        last = {sid: store.last_event(sid) for sid in (first, second)}
        assert last == {first: 53, second: 52}  # the file's one sequence, kept
        with store.transaction():
            store.add_event(Completed(second, None, "complete", "again"))
            store.add_event(Completed(first, None, "complete", "again"))
        assert [e.seq for e in store.events(first)][-3:] == [26, 53, 54]
        assert [e.seq for e in store.events(second)][-2:] == [52, 53]
        store.delete_sessions([first])
        assert [e.seq for e in store.events(second)][-1] == 53
        left = store._rows(f"SELECT DISTINCT seq >> {SEQ_BITS} FROM event_log")
        assert [r[0] for r in left] == [store._rows("SELECT no FROM sessions")[0][0]]
    finally:
        store.close()


def test_two_sessions_number_their_own_events_and_the_view_writes_one(
    sqlite_store: Store, tmp_path: Path
) -> None:
    store = sqlite_store
    one, two = (store.create_session("r", tmp_path, {}) for _ in range(2))
    with store.transaction():
        store.add_event(Routed(two, None, "r", "b"))
        store.add_event(Routed(one, None, "r", "a"))
        store.add_event(Routed(two, None, "r", "c"))
    assert [(e.seq, e.data["agent"]) for e in store.events(one)] == [(1, "a")]
    assert [(e.seq, e.data["agent"]) for e in store.events(two)] == [(1, "b"), (2, "c")]
    with store.transaction():
        store._execute(
            "INSERT INTO events (session_id, run_id, kind, data, at)"
            " VALUES (?, NULL, 'routed', '{\"agent\": \"d\"}', 2.5)",
            (one,),
        )
        store._execute("DELETE FROM events WHERE session_id = ? AND seq = 1", (two,))
        store._execute("UPDATE events SET data = '{}' WHERE session_id = ? AND seq = 1", (one,))
    unknown = dict.fromkeys(ADDED_EVENT_FIELDS["routed"])  # (an event that says nothing)
    assert [(e.seq, e.data) for e in store.events(one)] == [
        (1, unknown),
        (2, {"agent": "d", **unknown}),
    ]
    assert [(e.seq, e.data["agent"]) for e in store.events(two)] == [(2, "c")]
    assert store.last_event(one) == 2 and store.last_event(two) == 2


def test_a_step_of_a_session_not_stored_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    sid = store.create_session("r", tmp_path, {})
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.add_event(Routed("0123456789ab", None, "r", "a"))
    with pytest.raises(sqlite3.IntegrityError):
        store._execute(
            "INSERT INTO events (session_id, run_id, kind, data, at)"
            " VALUES ('0123456789ab', NULL, 'routed', '{}', 1.0)"
        )
    assert store._rows("SELECT COUNT(*) FROM event_log")[0][0] == 0
    with store.transaction():
        store.add_event(Routed(sid, None, "r", "a"))
    assert [e.seq for e in store.events(sid)] == [1]


def test_an_upgrade_killed_midway_leaves_schema_8_and_runs_again(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    before = rows(old, OLD_EVENTS)
    assert upgrade_killed_after_dropping(old, "event_log") == 9
    assert rows(old, "PRAGMA user_version") == [(8,)]
    assert rows(old, OLD_EVENTS) == before
    assert rows(old, "SELECT name FROM sqlite_master WHERE name = 'event_log_9'") == []
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    _logs_as_before(old)


def _as_schema_8(db: Path) -> None:
    """Rewrite ``db`` (one session) as schema 8 kept it: every row copied, ``event_log``
    naming its session by ``session_no`` with the file's own numbers."""

    def copy(con: sqlite3.Connection) -> None:
        copy_tables(con, "sessions", "agent_definitions", "runs", "tool_calls", "message_log")
        copy_numbered_delegations(con)
        con.execute(
            "INSERT INTO main.event_log (seq, session_no, n, rows, message_run, messages)"
            f" SELECT seq - ((seq >> {SEQ_BITS}) << {SEQ_BITS}), seq >> {SEQ_BITS}, n, rows,"
            " message_run, messages FROM new.event_log"
        )

    as_old_schema(db, 8, copy)


def test_a_session_killed_mid_chain_in_a_schema_8_file_resumes_after_the_upgrade(
    tmp_path: Path,
) -> None:
    ws, db = killed_in_old_schema(tmp_path, _as_schema_8)
    assert rows(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_by_session'") == [(1,)]
    resumes_after_the_upgrade(tmp_path, ws, db)


def test_a_schema_8_file_numbering_past_the_key_range_is_refused_untouched(
    tmp_path: Path,
) -> None:
    old = copy_of(OLD, tmp_path)
    with closing(sqlite3.connect(old)) as con, con:
        con.execute(f"UPDATE event_log SET seq = {(1 << SEQ_BITS) - 1} WHERE seq = 53")
    before = old.read_bytes()
    with pytest.raises(StoreError) as raised:
        Store.open(old)
    assert f"event_log row {(1 << SEQ_BITS) - 1} numbers an event past" in str(raised.value)
    assert f"cannot be upgraded to schema {SCHEMA_VERSION} until that row" in str(raised.value)
    assert rows(old, "PRAGMA user_version") == [(8,)]
    assert rows(old, "SELECT COUNT(*) FROM event_log") == [(13,)]
    assert old.read_bytes() == before
