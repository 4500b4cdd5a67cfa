"""The store under test on both backends: ``store_db`` names a fresh SQLite file or a fresh
PostgreSQL database (on the one private cluster of this test session, :mod:`pgcluster`), and
``store`` is that database opened. PostgreSQL cases skip with a reason where the binaries or
psycopg are absent (CI has both).

A fresh PostgreSQL database is a copy of a template migrated once per session (``CREATE
DATABASE … TEMPLATE``), so a test pays neither an empty database's creation from scratch nor
the migrations.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator.store.db import Store

BACKENDS = ["sqlite", "postgres"]


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
def pg_template(pg_server: str) -> str:
    """A database migrated to the current schema, copied for each test."""
    import psycopg

    name = "coord_tpl_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    open_at(pg_server.rsplit("/", 1)[0] + "/" + name).close()
    return name


@pytest.fixture
def pg_fresh(pg_server: str, pg_template: str) -> str:
    """The URL of a new database holding the current, empty schema."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")  # type: ignore[arg-type]
    return pg_server.rsplit("/", 1)[0] + "/" + name


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
