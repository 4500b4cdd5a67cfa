"""Issue 12, hop31: None and bytes bound by an adapter found at once (the sqlite3 module's
fast path leaves both out), each as it was bound before: NULL, and a blob or (cast) text."""

from __future__ import annotations

import sqlite3

from coordinator.store import transactions  # noqa: F401  (registers the adapters)


def test_none_is_still_bound_as_null() -> None:
    db = sqlite3.connect(":memory:")
    row = db.execute("SELECT ?, typeof(?), ? IS NULL", (None, None, None)).fetchone()
    assert row == (None, "null", 1)
    db.execute("CREATE TABLE t (a TEXT NOT NULL)")
    try:
        db.execute("INSERT INTO t VALUES (?)", (None,))
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a NULL was not refused by NOT NULL")


def test_bytes_are_still_bound_as_a_blob_and_cast_as_text() -> None:
    db = sqlite3.connect(":memory:")
    data = '[1,"é"]'.encode()
    value, kind = db.execute("SELECT ?, typeof(?)", (data, data)).fetchone()
    assert (value, kind) == (data, "blob")
    text, kind = db.execute(
        "SELECT CAST(? AS TEXT), typeof(CAST(? AS TEXT))", (data, data)
    ).fetchone()
    assert (text, kind) == ('[1,"é"]', "text")


def test_other_types_keep_their_own_binding() -> None:
    db = sqlite3.connect(":memory:")
    row = db.execute("SELECT typeof(?), typeof(?), typeof(?), typeof(?)", (1, 1.5, "a", True))
    assert row.fetchone() == ("integer", "real", "text", "integer")
    assert sqlite3.adapters.get((type(None), sqlite3.PrepareProtocol)) is not None
    assert sqlite3.adapters.get((bytes, sqlite3.PrepareProtocol)) is bytes
