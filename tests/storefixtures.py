"""The store under test on both backends: ``store_db`` names a fresh SQLite file or a fresh
PostgreSQL database (on the one private cluster of this test session, :mod:`pgcluster`), and
``store`` is that database opened. PostgreSQL cases skip with a reason where the binaries or
psycopg are absent (CI has both).

A PostgreSQL store is one database per test session (per xdist worker), migrated once and
emptied before each test (``TRUNCATE`` of every table: ~10 ms, where creating a database
costs ~140 ms even from a migrated template, and ~220 ms with the migrations). Tests that need
an empty database without the schema (migrations) use ``pg_url`` instead.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pgcluster import PG_GROUP

from coordinator.store.db import SCHEMA_VERSION, Store

#: A test parametrized over these runs its PostgreSQL case in the cluster's xdist group (the
#: fixture that reaches the cluster is only asked for at run time, too late to group by it).
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.xdist_group(PG_GROUP))]


def open_at(db: str, *, create: bool = True) -> Store:
    """The store ``db`` names: a PostgreSQL URL or a SQLite file (no user-level index)."""
    if db.startswith("postgresql://"):
        from coordinator.store.pg import PgStore

        return PgStore.connect(db)
    return Store.open(Path(db), create=create)


def is_pg(db: str) -> bool:
    return db.startswith("postgresql://")


def integrity_errors() -> tuple[type[Exception], ...]:
    """What a broken constraint raises on either backend (a bug, never translated)."""
    try:
        import psycopg
    except ImportError:
        return (sqlite3.IntegrityError,)
    return (sqlite3.IntegrityError, psycopg.IntegrityError)


@pytest.fixture(scope="session")
def pg_reused(pg_server: str) -> Iterator[tuple[str, Any]]:
    """One database per test session (per xdist worker), migrated once, and a connection
    to empty it between tests."""
    import psycopg

    name = "coord_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    url = pg_server.rsplit("/", 1)[0] + "/" + name
    open_at(url).close()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SET lock_timeout = '10s'")  # a store left mid-transaction: fail, not hang
        yield url, con


@pytest.fixture
def pg_fresh(pg_reused: tuple[str, Any]) -> str:
    """The URL of a database holding the current schema and no rows: every table of the
    reused database emptied (identities restarted), its schema version reset."""
    url, con = pg_reused
    tables = [
        r[0]
        for r in con.execute(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'coordinator_schema'"
        )
    ]
    with con.transaction():
        con.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        con.execute("UPDATE coordinator_schema SET version = %s", (SCHEMA_VERSION,))
    return str(url)


@pytest.fixture(params=BACKENDS)
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What ``--db`` names for a fresh store of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return str(request.getfixturevalue("pg_fresh"))


@pytest.fixture
def store(store_db: str) -> Iterator[Store]:
    """A fresh store of each backend, closed after the test."""
    opened = open_at(store_db)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store, closed after the test (for tests of SQLite's own file format)."""
    opened = Store.open(tmp_path / "s.db")
    try:
        yield opened
    finally:
        opened.close()
