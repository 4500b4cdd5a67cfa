"""review139: a hard link planted in a nested session folder between coord's check and
SQLite's open (redteam113's refusal is a check before the open).

``app/.coordinator`` below a workspace coord ran agents in lies where the outer run's
commands write. redteam113 refuses a ``-wal``/``-shm`` there that has another name, but
only as it stood when checked: SQLite opens them by path afterwards, and a command that
makes ``coordinator.db-shm`` a hard link of the workspace's ``README.md`` in that moment
(it is missing whenever no connection holds the database) had SQLite's shared memory
written over the README for the whole run. The check after the open (``pinned.check_opened``:
the files SQLite holds are the folder's) passed, a hard link being the same inode. Real
SQLite, a real sandboxed command making the outer workspace; the race's moment is an event
(coord's connect), not a sleep.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import needs_bwrap, tool_call

README = "the user's readme\n" * 4


def nested(tmp_path: Path) -> Path:
    """``ws`` where agents ran, its ``README.md``, and ``ws/app/.coordinator`` holding a WAL
    database no connection holds (its ``-wal`` and ``-shm`` gone)."""
    ws = tmp_path / "ws"
    (ws / "app" / ".coordinator").mkdir(parents=True)
    (ws / "README.md").write_text(README, encoding="utf-8")
    assert "ran" in tool_call(ws, "Bash", {"command": "echo ran"}).content
    db = ws / "app" / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as made:
        made.execute("PRAGMA journal_mode = WAL")
    return db


@needs_bwrap
@pytest.mark.parametrize("suffix", ["-shm", "-wal"])
def test_a_hard_link_planted_after_the_check_is_refused_once_sqlite_opened_it(
    tmp_path: Path, monkeypatch: Any, suffix: str
) -> None:
    """The outer run's command links the README at ``coordinator.db-shm`` (``-wal``) right
    after coord's check passed, as SQLite connects: coord refuses once SQLite opened it,
    and writes no session into the README."""
    from coordinator.errors import UserError
    from coordinator.store import schema
    from coordinator.store.db import Store

    db = nested(tmp_path)
    readme = tmp_path / "ws" / "README.md"
    connect = schema._connect

    def plant_then_connect(*args: Any, **kwargs: Any) -> Any:
        os.link(readme, db.with_name(db.name + suffix))
        return connect(*args, **kwargs)

    monkeypatch.setattr(schema, "_connect", plant_then_connect)
    with pytest.raises(UserError, match=rf"coordinator\.db{suffix} has 2 hard links"):
        Store.open(db).close()
    assert b"CREATE TABLE" not in readme.read_bytes()  # no session written through it
    if suffix == "-wal":  # read, not written, before the refusal
        assert readme.read_text(encoding="utf-8") == README
    # (the -shm SQLite reset as it opened it stays reset: it opens by path, coord cannot
    # stop that moment, only refuse to go on through it)
