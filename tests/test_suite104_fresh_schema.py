"""A new SQLite store is made at the current schema in one transaction (suite104): the schema
it holds is the very one the migrations make (``sqlite_master``'s text, indexes, triggers,
views, version and file settings), ``fresh_schema.json`` is kept current, and a kill or a
race while a store is made leaves nothing a next open cannot finish."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import struct
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

from coordinator.store import schema
from coordinator.store.db import SCHEMA_VERSION, Store

HERE = Path(__file__).resolve().parent
_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master"
#: What a file is made with besides its schema (each the same, made or migrated).
_SETTINGS = ("user_version", "page_size", "journal_mode", "auto_vacuum", "encoding")


def _maker() -> ModuleType:
    """``tests/data/make_fresh_schema.py``, which writes ``fresh_schema.json``."""
    spec = importlib.util.spec_from_file_location(
        "make_fresh_schema", HERE / "data" / "make_fresh_schema.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _migrated(path: Path, upto: int = SCHEMA_VERSION) -> None:
    """A file made the way every store was before suite104: each migration in turn, in its
    own transaction, with the settings a new store gets."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(f"PRAGMA page_size = {schema.PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = OFF")
        for number in range(upto):
            db.execute("BEGIN IMMEDIATE")
            schema.MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {number + 1}")
            db.execute("COMMIT")


def _described(path: Path) -> tuple[frozenset[tuple[object, ...]], dict[str, object]]:
    """Every row of ``sqlite_master`` (tables, views, triggers, indexes SQLite made for a
    key: text and all) and the file's settings."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        master = frozenset(db.execute(_MASTER).fetchall())
        settings = {name: db.execute(f"PRAGMA {name}").fetchone()[0] for name in _SETTINGS}
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    return master, settings


def _commits(wal: Path) -> int:
    """How many transactions the write-ahead log holds (frames ending one)."""
    data = wal.read_bytes()
    page = struct.unpack(">I", data[8:12])[0]
    frames = data[32:]
    step = 24 + page
    return sum(
        struct.unpack(">I", frames[at + 4 : at + 8])[0] != 0
        for at in range(0, len(frames) - step + 1, step)
    )


def test_a_new_store_holds_the_schema_every_migration_makes(tmp_path: Path) -> None:
    _migrated(tmp_path / "migrated.db")
    Store.open(tmp_path / "new.db").close()
    master, settings = _described(tmp_path / "new.db")
    assert (master, settings) == _described(tmp_path / "migrated.db")
    kinds = {row[0] for row in master}
    assert kinds == {"table", "index", "view", "trigger"}
    assert settings["user_version"] == SCHEMA_VERSION
    assert settings["journal_mode"] == "wal" and settings["page_size"] == schema.PAGE_SIZE


def test_the_fresh_schema_file_is_the_current_schema() -> None:
    """Fails after a migration is added until ``python tests/data/make_fresh_schema.py``
    writes the file again (a new store is correct meanwhile, only slower to make: the
    migrations after the file's version run on it)."""
    fresh = json.loads(schema.FRESH_SCHEMA.read_text(encoding="ascii"))
    maker = _maker()
    assert fresh == {"version": SCHEMA_VERSION, "statements": maker.statements(maker.migrated())}


def test_a_new_store_is_written_by_one_commit(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new.db")
    try:
        assert _commits(tmp_path / "new.db-wal") == 1
    finally:
        store.close()


def test_an_older_fresh_schema_is_made_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file at an older schema than the code's (a migration added, the file not written
    again) still makes a current store: the migrations after its version run."""
    maker = _maker()
    older = SCHEMA_VERSION - 1
    db = sqlite3.connect(":memory:", isolation_level=None)
    for number in range(older):
        schema.MIGRATIONS[number](db)
    stale = tmp_path / "fresh_schema.json"
    stale.write_text(json.dumps({"version": older, "statements": maker.statements(db)}))
    monkeypatch.setattr(schema, "FRESH_SCHEMA", stale)
    _migrated(tmp_path / "migrated.db")
    Store.open(tmp_path / "new.db").close()
    assert _described(tmp_path / "new.db") == _described(tmp_path / "migrated.db")


_HALF_MADE = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA page_size = 2048")
db.execute("PRAGMA journal_mode = WAL")
db.execute("BEGIN IMMEDIATE")
for statement in json.loads(sys.stdin.readline())[:10]:
    db.execute(statement)
db.execute("PRAGMA user_version = 18")
print("ready", flush=True)
sys.stdin.readline()
"""


def test_a_store_killed_while_its_schema_is_made_is_made_at_the_next_open(
    tmp_path: Path,
) -> None:
    """kill -9 in the middle of the transaction that makes a new store's schema: the next
    open finds an empty file (the transaction never committed) and makes it whole."""
    path = tmp_path / "new.db"
    statements = json.loads(schema.FRESH_SCHEMA.read_text(encoding="ascii"))["statements"]
    with subprocess.Popen(
        [sys.executable, "-c", _HALF_MADE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as maker:
        assert maker.stdin is not None and maker.stdout is not None
        maker.stdin.write(json.dumps(statements) + "\n")
        maker.stdin.flush()
        assert maker.stdout.readline() == "ready\n"
        maker.kill()
        maker.wait()
    _migrated(tmp_path / "migrated.db")
    Store.open(path).close()
    assert _described(path) == _described(tmp_path / "migrated.db")


def test_stores_opened_at_once_on_a_new_file_make_one_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_it() -> None:
        try:
            start.wait()
            Store.open(path).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _migrated(tmp_path / "migrated.db")
    assert _described(path) == _described(tmp_path / "migrated.db")
