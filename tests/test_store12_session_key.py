"""Schema 7: sessions numbered in the order they are made, and ``runs``, ``delegations`` and
``event_log`` naming theirs by that number (issue 12, branch store12).

* The by-session indexes are keyed on the number: a checkpoint of new sessions copies a few
  pages of each, not one page per session (random 12-hex ids scattered them).
* Ids people see and type stay: prefixes, rows read, the ``events`` view.
* A file of schema 6 (written by main's code, or a session killed mid-chain rewritten as
  schema 6 wrote it) migrates once, in place, reads as before, and resumes.
"""

from __future__ import annotations

import sqlite3
import struct
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import (
    as_old_schema,
    assert_logs_as_before,
    copy_of,
    copy_tables,
    read_json,
    routed_run,
    rows,
)
from test_kill_resume import (
    killed_in_old_schema,
    resumes_after_the_upgrade,
)
from test_store_faults import bwrap, one_error_line, sandboxed_coord

from coordinator.events import RunEnded
from coordinator.store.db import MIGRATIONS, SCHEMA_VERSION, Store
from coordinator.store.faults import StoreError, StoreFault
from coordinator.store.schema import WAL_CHECKPOINT_BYTES

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema6-pages4096.db"  # written by main's code (bd9356b): make_schema6_db.py
OLD_LOGS = DATA / "schema6-pages4096.log.json"
#: (``events_by_session`` went with schema 9, ``delegations_by_session`` with schema 10:
#: their tables' keys hold the session's number.)
SESSION_INDEXES = {"runs_by_session": ["session_no"]}


def _index_columns(store: Store, index: str) -> list[str]:
    return [str(r["name"]) for r in store._rows(f"PRAGMA index_info({index})")]


def _numbers(store: Store, table: str, sid: str) -> set[int]:
    """The session numbers ``table``'s rows of session ``sid`` carry."""
    if table == "event_log":  # since schema 9 its key holds the number (seq >> 32)
        number, column = "t.seq >> 32", "(SELECT id FROM sessions WHERE no = t.seq >> 32)"
    elif table == "delegations":  # since schema 10, as event_log's (id >> 32)
        number, column = "t.id >> 32", "session_id"
    else:
        number, column = "t.session_no", "session_id"
    found = store._rows(f"SELECT DISTINCT {number} FROM {table} t WHERE {column} = ?", (sid,))
    return {int(r[0]) for r in found}


def _session(store: Store, folder: Path, first: str) -> tuple[str, int]:
    """A session with a run, a delegation and events (each by-session table has its rows)."""
    sid, run = routed_run(store, folder, first)
    with store.transaction():
        store.add_delegation(sid, run, domain="db", blocker="b", required="r", waiting_reason="x")
        store.record_step(run, {"status": "complete"}, None, [RunEnded(sid, run, "a", "complete")])
    return sid, run


def test_the_session_indexes_are_keyed_on_the_sessions_number(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    try:
        assert SCHEMA_VERSION == 18
        for index, columns in SESSION_INDEXES.items():
            assert _index_columns(store, index) == columns
        indexes = {r[0] for r in store._rows("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "events_by_session" not in indexes  # event_log's key holds it (schema 9)
        assert "delegations_by_session" not in indexes  # and delegations' (schema 10)
        key = [
            (r["name"], r["type"]) for r in store._rows("PRAGMA table_info(sessions)") if r["pk"]
        ]
        assert key == [("no", "INTEGER")]  # a rowid alias: VACUUM never renumbers it
    finally:
        store.close()


def test_sessions_are_numbered_in_order_and_their_rows_carry_the_number(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    try:
        made = [_session(store, tmp_path, f"hello {i}") for i in range(3)]
        numbers = [
            int(store._rows("SELECT no FROM sessions WHERE id = ?", (s,))[0][0]) for s, _ in made
        ]
        assert numbers == sorted(numbers) and len(set(numbers)) == 3
        for (sid, run), no in zip(made, numbers, strict=True):
            for table in ("runs", "delegations", "event_log"):
                assert _numbers(store, table, sid) == {no}, table
            assert [r.id for r in store.runs(sid)] == [run]  # its own rows, read by number
            assert [d.parent_run_id for d in store.delegations(sid)] == [run]
            assert [e.kind for e in store.events(sid)] == ["routed", "run_ended"]
            assert store.messages(run) == [
                {"role": "user", "content": f"hello {numbers.index(no)}"}
            ]
            assert store.session(sid[:8]).id == sid  # ids people type are unchanged
            assert "session_no" not in vars(store.run(run))
        store.delete_sessions([made[1][0]])
        assert store._rows("SELECT COUNT(*) FROM event_log")[0][0] == 2 * 2
        assert [e.kind for e in store.events(made[2][0])] == ["routed", "run_ended"]
    finally:
        store.close()


def _wal_pages(db: Path) -> dict[str, int]:
    """Distinct pages in ``db``'s WAL by B-tree: what checkpointing it copies."""
    wal = Path(f"{db}-wal").read_bytes()
    size = struct.unpack(">I", wal[8:12])[0]
    seen = {struct.unpack(">I", wal[o : o + 4])[0] for o in range(32, len(wal) - 23, 24 + size)}
    with closing(sqlite3.connect(db)) as con:
        owner = dict(con.execute("SELECT pageno, name FROM dbstat"))
    found: dict[str, int] = {}
    for page in seen:
        name = owner.get(page, "")
        found[name] = found.get(name, 0) + 1
    return found


def test_new_sessions_touch_a_few_pages_of_each_session_index(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = Store.open(db)
    try:
        for i in range(3000):  # a file in use: 25-50 pages in each session index
            _session(store, tmp_path, f"stored {i}")
        store._db.execute("PRAGMA wal_autocheckpoint = 0")
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for i in range(40):
            _session(store, tmp_path, f"new {i}")
        assert Path(f"{db}-wal").stat().st_size < WAL_CHECKPOINT_BYTES
        pages = _wal_pages(db)
        # random ids put each new session on a page of its own (25, 25 and 46 pages here,
        # main's layout); numbers in order append at the right edge: a split rewrites the
        # last leaf, its siblings and their parents at most
        assert all(pages.get(index, 0) <= 6 for index in SESSION_INDEXES), pages
    finally:
        store.close()


# ---- a file of schema 6 --------------------------------------------------------------------


def test_a_schema_6_file_written_by_mains_code_migrates_once_and_reads_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = copy_of(OLD, tmp_path)
    made = rows(old, "SELECT id FROM sessions ORDER BY rowid")
    store = Store.open(old)
    try:
        assert store._rows("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert store._rows("PRAGMA foreign_keys")[0][0] == 1  # back on after the upgrade
        assert store._rows("PRAGMA foreign_key_check") == []
        assert store._rows("PRAGMA integrity_check")[0][0] == "ok"
        assert store._rows("PRAGMA freelist_count")[0][0] == 0  # the old copies given back
        assert Path(f"{old}-wal").stat().st_size == 0  # and the log they went through
        assert [(r[0],) for r in store._rows("SELECT id FROM sessions ORDER BY no")] == made
        for index, columns in SESSION_INDEXES.items():
            assert _index_columns(store, index) == columns
        sid, run = _session(store, tmp_path, "after the upgrade")
        assert [e.kind for e in store.events(sid)] == ["routed", "run_ended"]
    finally:
        store.close()

    def again(db: Any) -> None:
        raise AssertionError("migrated twice")

    monkeypatch.setattr("coordinator.store.schema.MIGRATIONS", [*MIGRATIONS[:-1], again])
    reopened = Store.open(old)
    try:
        logs = read_json(OLD_LOGS)
        read = {str(r): reopened.messages(int(r)) for r in logs["messages"]}
        assert read == logs["messages"]
        assert [r.id for r in reopened.runs(sid)] == [run]
    finally:
        reopened.close()
    assert_logs_as_before(old, read_json(OLD_LOGS))


# The upgrade stopped as by kill -9 after it copied ``runs`` (its transaction never commits).
KILLED_MID_UPGRADE = """
import os, sys
from pathlib import Path
from coordinator.store import schema
from coordinator.store.db import Store

real = schema._copy


def copy(db, table, column, value):
    real(db, table, column, value)
    if table == "runs":
        os._exit(9)


schema._copy = copy
Store.open(Path(sys.argv[1]))
"""


def test_an_upgrade_killed_midway_leaves_schema_6_and_runs_again(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_UPGRADE, str(old)], check=False)
    assert killed.returncode == 9
    assert rows(old, "PRAGMA user_version") == [(6,)]
    assert rows(old, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%\\_7' ESCAPE '\\'") == [
        (0,)
    ]
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert_logs_as_before(old, read_json(OLD_LOGS))


def test_a_schema_6_file_that_cannot_be_written_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    old = copy_of(OLD, folder)
    before = old.read_bytes()
    file_only, whole_folder = (
        sandboxed_coord(
            bwrap("--ro-bind", str(p), str(p)), tmp_path / f"{i}.json", ["sessions", "--db", old]
        )[0]
        for i, p in enumerate((old, folder))
    )
    assert str(old) in one_error_line(file_only, "is a read-only file")
    assert "Make it writable, or pass --db another path: a copy of it (--db COPY)" in (
        file_only.stderr
    )
    line = one_error_line(whole_folder, "on a read-only filesystem")
    assert f"schema (6) must be upgraded to {SCHEMA_VERSION}" in line
    assert "--db COPY" in whole_folder.stderr
    assert old.read_bytes() == before and rows(old, "PRAGMA user_version") == [(6,)]


def test_a_row_of_no_stored_session_stops_the_upgrade_and_is_named(tmp_path: Path) -> None:
    old = copy_of(OLD, tmp_path)
    with closing(sqlite3.connect(old)) as con, con:  # a hand edit, foreign keys off
        con.execute(
            "INSERT INTO runs (session_id, agent, model, depth, status, max_turns, started_at)"
            " VALUES ('0000deadbeef', 'a', 'm', 0, 'running', 1, 1.0)"
        )
    orphan = rows(old, "SELECT MAX(id) FROM runs")[0][0]
    with pytest.raises(StoreError) as refused:
        Store.open(old)
    assert refused.value.fault == StoreFault.BAD_ROW
    assert f"runs row {orphan} names session '0000deadbeef'" in str(refused.value)
    assert rows(old, "PRAGMA user_version") == [(6,)]  # left as it was
    with closing(sqlite3.connect(old)) as con, con:
        con.execute("DELETE FROM runs WHERE id = ?", (orphan,))
    Store.open(old).close()
    assert rows(old, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def _as_schema_6(db: Path) -> None:
    """Rewrite ``db`` as schema 6 kept it: every row copied (a session at its old rowid,
    rows naming it by id)."""

    def copy(con: sqlite3.Connection) -> None:
        con.execute(
            "INSERT INTO main.sessions (rowid, id, request, workspace, status, reason, options,"
            " created_at, updated_at) SELECT no, id, request, workspace, status, reason,"
            " options, created_at, updated_at FROM new.sessions"
        )
        copy_tables(con, "agent_definitions", "runs", "delegations", "tool_calls", "message_log")
        con.execute(
            "INSERT INTO main.event_log (seq, session_id, n, rows, message_run, messages)"
            " SELECT b.seq - (s.no << 32), s.id, b.n, b.rows, b.message_run, b.messages"
            " FROM new.event_log b JOIN new.sessions s ON s.no = b.seq >> 32"
        )

    as_old_schema(db, 6, copy)


def test_a_session_killed_mid_chain_in_a_schema_6_file_resumes_after_the_upgrade(
    tmp_path: Path,
) -> None:
    ws, db = killed_in_old_schema(tmp_path, _as_schema_6)
    resumes_after_the_upgrade(tmp_path, ws, db)
    assert rows(db, "SELECT COUNT(DISTINCT session_no) FROM runs") == [(1,)]
