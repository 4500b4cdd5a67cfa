"""The session store: schema and migrations, refusals, ids, transactions and OS locks."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from coordinator.errors import UserError
from coordinator.store.db import SCHEMA_VERSION, Store


def test_a_new_database_is_migrated_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "s.db"
    store = Store.open(db)
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.IntegrityError):
        store.start_run(
            "no-such-session",
            agent="a",
            model="m",
            depth=0,
            max_turns=1,
            first_message={"role": "user", "content": "hi"},
        )
    store.close()


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with closing(Store.open(db)) as store:
        sid = store.create_session("req", tmp_path, {"only": True})
    with closing(Store.open(db, create=False)) as store:
        row = store.session(sid)
        assert (row.request, row.status, row.options) == ("req", "running", {"only": True})


def test_a_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    with closing(Store.open(tmp_path / "s.db")) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.create_session("lost", tmp_path, {})
            raise RuntimeError("boom")
        assert store.sessions() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database" * 100, "is not a coordinator session database"),
        (None, "is a SQLite database of something else"),
    ],
)
def test_foreign_files_are_refused_untouched(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    db = tmp_path / "x.db"
    if content is None:
        with closing(sqlite3.connect(db)) as con:
            con.execute("CREATE TABLE photos (id INTEGER)")
            con.commit()
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    with pytest.raises(UserError, match=message) as err:
        Store.open(db)
    assert str(db) in str(err.value)
    assert db.read_bytes() == before
    assert not (tmp_path / "x.db-wal").exists()


def test_a_database_from_a_newer_coordinator_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store.open(db).close()
    with closing(sqlite3.connect(db)) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UserError, match="newer coordinator"):
        Store.open(db)


def test_session_ids_resolve_by_unique_prefix(tmp_path: Path) -> None:
    with closing(Store.open(tmp_path / "s.db")) as store:
        ids = [store.create_session(f"r{i}", tmp_path, {}) for i in range(40)]
        target = ids[0]
        prefix = next(
            target[:n] for n in range(1, 13) if sum(i.startswith(target[:n]) for i in ids) == 1
        )
        assert store.session(prefix).id == target
        shared = next(a[:1] for a in ids for b in ids if a != b and a[:1] == b[:1])  # 40 > 16
        with pytest.raises(UserError, match="ambiguous"):
            store.session(shared)
        with pytest.raises(UserError, match="unknown session: zz") as err:
            store.session("zz")
        assert "coord sessions" in str(err.value)
        with pytest.raises(UserError, match="unknown session"):
            store.session("%")  # LIKE wildcards are taken literally


HOLD = """
import signal, sys
from pathlib import Path
from coordinator.store.db import Store
store = Store.open(Path(sys.argv[1]))
store.lock_session(sys.argv[2])
print("locked", flush=True)
signal.pause()  # until killed
"""


def test_a_session_lock_is_exclusive_and_dies_with_its_process(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with closing(Store.open(db)) as store:
        sid = store.create_session("r", tmp_path, {})
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(db), sid], stdout=subprocess.PIPE, text=True
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
            assert store.session_in_use(sid)
            with pytest.raises(UserError, match=f"session {sid} is in use by another process"):
                store.lock_session(sid)
        finally:
            holder.send_signal(signal.SIGKILL)
            holder.wait(timeout=10)
        # the kernel drops a process's locks before its parent can reap it
        assert not store.session_in_use(sid)
        store.lock_session(sid)  # kill -9 left no stale lock
        assert store.session_in_use(sid)
