"""The session store: schema and migrations, refusals, ids, transactions and session locks.

Every test that is not about the SQLite file itself runs on both backends (``store`` and
``store_db`` from :mod:`storefixtures`: a SQLite file and a PostgreSQL database).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from storefixtures import integrity_errors, is_pg, open_at

from coordinator.errors import UserError
from coordinator.store.db import SCHEMA_VERSION, TABLES, Store


def test_a_new_sqlite_database_is_migrated_and_wal(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "s.db"
    Store.open(db).close()
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert TABLES <= tables


def test_a_new_postgres_database_is_migrated(pg_url: str) -> None:
    with closing(open_at(pg_url)) as store:
        assert store._rows("SELECT version FROM coordinator_schema")[0][0] == SCHEMA_VERSION
        names = store._rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert TABLES <= {r[0] for r in names}
    with closing(open_at(pg_url)) as again:  # a second connection migrates nothing twice
        assert len(again._rows("SELECT version FROM coordinator_schema")) == 1


def test_foreign_keys_hold(store: Store) -> None:
    with pytest.raises(integrity_errors()):
        store.start_run(
            "no-such-session",
            agent="a",
            model="m",
            depth=0,
            max_turns=1,
            first_message={"role": "user", "content": "hi"},
        )
    with pytest.raises(integrity_errors()):
        store.start_run(
            store.create_session("r", Path("."), {}),
            agent="a",
            model="m",
            depth=0,
            max_turns=1,
            first_message={"role": "user", "content": "hi"},
            definition="no-such-definition",
        )


def test_reopening_keeps_the_data(store_db: str, tmp_path: Path) -> None:
    with closing(open_at(store_db)) as store:
        sid = store.create_session("req", tmp_path, {"only": True})
    with closing(open_at(store_db, create=False)) as store:
        row = store.session(sid)
        assert (row.request, row.status, row.options) == ("req", "running", {"only": True})


def test_a_failed_transaction_writes_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.create_session("lost", tmp_path, {})
        raise RuntimeError("boom")
    assert store.sessions() == []
    sid = store.create_session("kept", tmp_path, {})  # the store goes on after a rollback
    assert [s.id for s in store.sessions()] == [sid]


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


def test_a_database_from_a_newer_coordinator_is_refused(store_db: str) -> None:
    with closing(open_at(store_db)) as store:
        if is_pg(store_db):
            store._write("UPDATE coordinator_schema SET version = ?", (SCHEMA_VERSION + 1,))
        else:
            store._execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UserError, match="newer coordinator"):
        open_at(store_db)


def test_session_ids_resolve_by_unique_prefix(store: Store, tmp_path: Path) -> None:
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
db, sid = sys.argv[1:]
if db.startswith("postgresql://"):
    from coordinator.store.pg import PgStore
    store = PgStore.connect(db)
else:
    from coordinator.store.db import Store
    store = Store.open(Path(db))
store.lock_session(sid)
print("locked", flush=True)
signal.pause()  # until killed
"""


def released_by_the_server(db: str, sid: str) -> None:
    """Wait (on the lock itself) until PostgreSQL has seen the holder's connection die."""
    import psycopg

    from coordinator.store.pg import LOCK_SPACE, lock_key

    with psycopg.connect(db, autocommit=True) as con:
        con.execute("SET lock_timeout = '30s'")
        con.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_SPACE, lock_key(sid)))
        con.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_SPACE, lock_key(sid)))


def test_a_session_lock_is_exclusive_and_dies_with_its_process(
    store: Store, store_db: str, tmp_path: Path
) -> None:
    sid = store.create_session("r", tmp_path, {})
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, store_db, sid], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        assert store.session_in_use(sid)
        with pytest.raises(UserError, match=f"session {sid} is in use by another process"):
            store.lock_session(sid)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=120)  # a safety net: the SIGKILL ends it
    if is_pg(store_db):
        released_by_the_server(store_db, sid)
    # (a file lock: the kernel drops a process's locks before its parent can reap it)
    assert not store.session_in_use(sid)
    store.lock_session(sid)  # kill -9 left no stale lock
    assert store.session_in_use(sid)
