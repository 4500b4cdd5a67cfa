"""A new SQLite file's page size, and checkpoints by bytes (issue 12, branch store8).

* A new file is made with 2 KiB pages (:data:`~coordinator.store.schema.PAGE_SIZE`): each
  COMMIT writes and checksums whole pages, so a step writes fewer bytes.
* A file keeps the page size it was made with: one written by main's code before this
  (4 KiB pages, schema 6) opens, reads as the old code read it, and takes new chains.
* The WAL is checkpointed at the same size in bytes whatever the page size.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from coordinator.events import RunEnded
from coordinator.store.db import SCHEMA_VERSION, Store
from coordinator.store.schema import PAGE_SIZE, WAL_CHECKPOINT_BYTES
from tests.kit import assert_logs_as_before, copy_of, read_json, routed_run

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema6-pages4096.db"  # written by main's code (bd9356b): make_schema6_db.py
OLD_LOGS = DATA / "schema6-pages4096.log.json"  # its `coord log --json` and conversations


def pragma(store: Store, name: str) -> Any:
    return store._db.execute(f"PRAGMA {name}").fetchone()[0]


@pytest.fixture(scope="module")
def old_logs() -> dict[str, Any]:
    return read_json(OLD_LOGS)


@pytest.fixture
def old_copy(tmp_path: Path) -> Path:
    return copy_of(OLD, tmp_path)


def _chain_step(store: Store, tmp_path: Path) -> tuple[str, int]:
    sid, run = routed_run(store, tmp_path, "hi")
    store.record_step(run, {"turns": 1}, {"role": "assistant", "content": "x" * 3000}, [])
    store.record_step(run, {"status": "complete"}, None, [RunEnded(sid, run, "a", "complete")])
    return sid, run


def test_a_new_file_has_small_pages_and_checkpoints_by_bytes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new.db")
    try:
        assert PAGE_SIZE == 2048
        assert pragma(store, "page_size") == PAGE_SIZE
        assert pragma(store, "wal_autocheckpoint") == WAL_CHECKPOINT_BYTES // PAGE_SIZE == 2000
        assert pragma(store, "journal_mode") == "wal"
        assert pragma(store, "synchronous") == 1  # NORMAL, as before
        sid, run = _chain_step(store, tmp_path)
        assert store.messages(run)[-1]["content"] == "x" * 3000  # a row over a page
    finally:
        store.close()
    reopened = Store.open(tmp_path / "new.db")
    try:
        assert pragma(reopened, "page_size") == PAGE_SIZE
        assert pragma(reopened, "wal_autocheckpoint") == 2000  # set on every open
        assert [e.kind for e in reopened.events(sid)] == ["routed", "run_ended"]
    finally:
        reopened.close()


def test_a_file_written_by_mains_code_keeps_its_pages(
    old_copy: Path, old_logs: dict[str, Any], tmp_path: Path
) -> None:
    store = Store.open(old_copy)
    try:
        assert pragma(store, "page_size") == 4096
        assert pragma(store, "wal_autocheckpoint") == 1000  # SQLite's default: 4 MB as before
        assert pragma(store, "user_version") == SCHEMA_VERSION
        read = {str(run): store.messages(int(run)) for run in old_logs["messages"]}
        assert read == old_logs["messages"]  # a non-ASCII one and a 5,000-character one
        _chain_step(store, tmp_path)
    finally:
        store.close()
    assert_logs_as_before(old_copy, old_logs)
    with closing(sqlite3.connect(old_copy)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA page_size").fetchone()[0] == 4096
