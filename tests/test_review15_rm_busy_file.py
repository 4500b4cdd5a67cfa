"""review15: ``coord sessions rm`` of ids in several workspaces' databases, one of which
another process is writing (its write lock held past the busy timeout): none is removed,
not those of the databases written before it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from test_daily13 import _sessions, _stored

from coordinator.store import removal
from coordinator.store.faults import StoreError
from coordinator.store.paths import db_path


def test_sessions_rm_across_workspaces_removes_none_when_a_later_file_is_being_written(
    tmp_path: Path,
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (first,), (second,) = _sessions(one, "Add an endpoint"), _sessions(two, "Add a table")
    with closing(sqlite3.connect(db_path(two), isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")  # another process's write, longer than the wait
        with pytest.raises(StoreError):
            removal.remove_sessions([first, second], tmp_path / "none.db", timeout=0.05)
        writer.execute("ROLLBACK")
    assert _stored(one) == {first} and _stored(two) == {second}
