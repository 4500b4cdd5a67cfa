"""Schema 4: events without AUTOINCREMENT (one page fewer a commit); a database of schema 3
migrates with its rows, and goes on numbering its events."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from coordinator.events import Routed, SessionResumed
from coordinator.store.db import MIGRATIONS, SCHEMA_VERSION, Store


def _schema_3(path: Path) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        for migration in MIGRATIONS[:3]:
            migration(con)
        con.execute(
            "INSERT INTO sessions (id, request, workspace, status, options, created_at,"
            " updated_at) VALUES ('0123456789ab', 'r', '/w', 'interrupted', '{}', 1.0, 1.0)"
        )
        con.execute(
            "INSERT INTO runs (session_id, agent, model, depth, status, max_turns, started_at)"
            " VALUES ('0123456789ab', 'backend', 'm', 0, 'running', 20, 1.0)"
        )
        for idx, role in enumerate(("user", "assistant")):
            con.execute(
                "INSERT INTO messages (run_id, idx, role, content) VALUES (1, ?, ?, ?)",
                (idx, role, f'"message {idx}"'),
            )
        for kind in ("routed", "run_started", "interrupted"):
            con.execute(
                "INSERT INTO events (session_id, run_id, kind, data, at)"
                " VALUES ('0123456789ab', 1, ?, '{}', 1.0)",
                (kind,),
            )
        con.execute("DELETE FROM events WHERE kind = 'routed'")  # seq 1 gone, 2 and 3 kept
        con.execute("PRAGMA user_version = 3")


def _table_sql(store: Store, name: str) -> str:
    return str(store._rows("SELECT sql FROM sqlite_master WHERE name = ?", (name,))[0][0])


def test_a_schema_3_database_keeps_its_rows_and_numbers_events_on(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_3(path)
    store = Store.open(path)
    try:
        assert int(store._rows("PRAGMA user_version")[0][0]) == SCHEMA_VERSION >= 4
        assert "AUTOINCREMENT" not in _table_sql(store, "events")
        assert [m["content"] for m in store.messages(1)] == ["message 0", "message 1"]
        assert [(e.seq, e.kind) for e in store.events("0123456789ab")] == [
            (2, "run_started"),
            (3, "interrupted"),
        ]
        with store.transaction():
            store.append_message(1, {"role": "user", "content": "message 2"})
            store.add_event(SessionResumed("0123456789ab", None, with_context=False))
        assert [m["content"] for m in store.messages(1)][-1] == "message 2"
        assert [e.seq for e in store.events("0123456789ab")] == [2, 3, 4]
        indexes = {r[0] for r in store._rows("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "events_by_session" not in indexes  # event_log keyed by session (schema 9)
    finally:
        store.close()


def test_a_new_database_numbers_events_without_autoincrement(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new.db")
    try:
        assert "AUTOINCREMENT" not in _table_sql(store, "events")
    finally:
        store.close()


def test_an_event_is_stored_without_the_secrets_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events are scrubbed field by field now (their kind is a constant): the key from the
    environment, a key-like text and a lone surrogate never reach the row."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "plain-secret-value-42")
    store = Store.open(tmp_path / "s.db")
    try:
        with store.transaction():
            sid = store.create_session("r", tmp_path, {})
            request = "use plain-secret-value-42 and sk-ant-api03-abcdefghijklmnop \ud800 now"
            store.add_event(Routed(sid, None, request, "backend"))
        raw = store._rows("SELECT data FROM events WHERE session_id = ?", (sid,))[0][0]
        assert "plain-secret-value-42" not in raw and "sk-ant-api03" not in raw
        assert "\ud800" not in raw and "[redacted]" in raw
        assert store.events(sid)[0].data["request"].startswith("use [redacted] and [redacted]")
    finally:
        store.close()
