"""Schema 8: ``delegations`` checks its status by comparisons (issue 12, branch hop32).

SQLite evaluates ``status IN`` a list of four by building a temporary B-tree of the list
each time a statement runs; schema 7's CHECK did so on every insert and status update of a
delegation (two a hop). Schema 8 keeps the same rule without that table:

* every status the store writes is accepted, anything else refused, as before;
* neither write of a hop builds a temporary table (the statements' programs);
* a schema 7 file upgrades in place with its rows, and refuses as before; an upgrade
  killed midway leaves schema 7 as it was, and runs again. (Since schema 10 the rows are
  keyed by session, renumbered in it: :func:`_keyed`, test_hop39_delegation_keys.py.)
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from kit import routed_run, rows, upgrade_killed_after_dropping

from coordinator.status import DelegationStatus
from coordinator.store.calls import Calls
from coordinator.store.conversation import SEQ_BITS
from coordinator.store.db import MIGRATIONS, SCHEMA_VERSION, Store

#: The second of the two writes of a delegation a hop makes (the first: its insert).
ANSWER = Calls._ANSWER_DELEGATION


def _refused(db: Path, status: str) -> bool:
    """Whether the file refuses a delegation whose status is ``status`` (foreign keys on)."""
    with closing(sqlite3.connect(db)) as con:
        con.execute("PRAGMA foreign_keys = ON")
        run = con.execute("SELECT id FROM runs LIMIT 1").fetchone()[0]
        try:
            with con:
                made = con.execute(
                    "INSERT INTO delegations (session_id, parent_run_id, status, created_at)"
                    " VALUES ('x', ?, ?, 1.0)",
                    (run, status),
                ).lastrowid
        except sqlite3.IntegrityError as exc:
            assert "CHECK constraint failed" in str(exc)
            return True
        with con:
            con.execute("DELETE FROM delegations WHERE id = ?", (made,))
        return False


def _opcodes(db: Path, sql: str, params: tuple[object, ...]) -> set[str]:
    with closing(sqlite3.connect(db)) as con:
        return {str(r[1]) for r in con.execute(f"EXPLAIN {sql}", params)}


def _session(db: Path) -> tuple[str, int]:
    store = Store.open(db)
    try:
        sid, run = routed_run(store, db.parent)
        for status in DelegationStatus:
            with store.transaction():
                made = store.add_delegation(
                    sid, run, domain="db", blocker="b", required="r", child_run_id=run
                )
                store._write("UPDATE delegations SET status = ? WHERE id = ?", (status, made))
        return sid, run
    finally:
        store.close()


def test_every_status_the_store_writes_is_accepted_and_others_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _session(db)
    assert sorted(r[0] for r in rows(db, "SELECT status FROM delegations")) == sorted(
        DelegationStatus
    )
    for status in DelegationStatus:
        assert not _refused(db, status)
    for status in ("done", "Answered", "answered ", ""):
        assert _refused(db, status), status


def test_a_hops_delegation_writes_build_no_temporary_table(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    sid, run = _session(db)
    insert = (sid, run, run, "db", "b", "r", DelegationStatus.CONSULTING, None, 1.0)
    assert "OpenEphemeral" not in _opcodes(db, Calls._INSERT_DELEGATION, insert)
    assert "OpenEphemeral" not in _opcodes(db, ANSWER, ("dba", 1.0, 1))


def _as_schema_7(db: Path) -> None:
    """A file as schema 7 made it (its migrations, unchanged), with a session and one
    delegation of each status."""
    with closing(sqlite3.connect(db, isolation_level=None)) as con:
        con.execute("BEGIN")
        for migration in MIGRATIONS[:7]:
            migration(con)
        con.execute(
            "INSERT INTO sessions (id, request, workspace, status, created_at, updated_at)"
            " VALUES ('abc123abc123', 'r', '/w', 'running', 1.0, 1.0)"
        )
        con.execute(
            "INSERT INTO runs (session_id, session_no, agent, model, depth, status, max_turns,"
            " started_at) VALUES ('abc123abc123', 1, 'a', 'm', 0, 'blocked', 5, 1.0)"
        )
        for i, status in enumerate(DelegationStatus):
            con.execute(
                "INSERT INTO delegations (id, session_id, session_no, parent_run_id, domain,"
                " blocker, required, status, waiting_reason, created_at) VALUES"
                " (?, 'abc123abc123', 1, 1, 'db', 'b', 'r', ?, ?, ?)",
                (10 + i, status, f"why {i}", float(i)),
            )
        con.execute("PRAGMA user_version = 7")
        con.execute("COMMIT")


def _keyed(before: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Schema 7's rows (of session number 1) as schema 10 keeps them: numbered 1, 2, ...
    in their session, ``session_no`` (the third column) dropped."""
    return [((1 << SEQ_BITS) + i + 1, r[1], *r[3:]) for i, r in enumerate(before)]


def test_a_schema_7_file_upgrades_with_its_delegations_kept(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _as_schema_7(db)
    before = rows(db, "SELECT * FROM delegations ORDER BY id")
    assert len(before) == len(DelegationStatus)
    assert "OpenEphemeral" in _opcodes(db, ANSWER, ("dba", 1.0, 10))  # what schema 7 did
    Store.open(db).close()
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "SELECT * FROM delegations ORDER BY id") == _keyed(before)
    first = (1 << SEQ_BITS) + 1
    assert "OpenEphemeral" not in _opcodes(db, ANSWER, ("dba", 1.0, first))
    assert _refused(db, "done")
    assert not _refused(db, DelegationStatus.RETRIED)
    store = Store.open(db)
    try:
        assert [d.status for d in store.delegations("abc123abc123")] == list(DelegationStatus)
        with pytest.raises(sqlite3.IntegrityError):
            store._cursor.execute(f"UPDATE delegations SET status = 'gone' WHERE id = {first}")
    finally:
        store.close()


def test_an_upgrade_killed_midway_leaves_schema_7_and_runs_again(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _as_schema_7(db)
    before = rows(db, "SELECT * FROM delegations ORDER BY id")
    assert upgrade_killed_after_dropping(db, "delegations") == 9
    assert rows(db, "PRAGMA user_version") == [(7,)]
    assert rows(db, "SELECT * FROM delegations ORDER BY id") == before
    assert rows(db, "SELECT name FROM sqlite_master WHERE name = 'delegations_8'") == []
    Store.open(db).close()
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "SELECT * FROM delegations ORDER BY id") == _keyed(before)
