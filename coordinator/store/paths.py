"""Where a workspace's session database and its lock files live: the one place that says so."""

from __future__ import annotations

from pathlib import Path

#: The database of a workspace, relative to it, unless ``--db`` / ``db:`` names another.
DEFAULT_DB = Path(".coordinator") / "coordinator.db"


def db_path(workspace: Path, db: Path | str | None = None) -> Path | str:
    """The session database for ``workspace``: ``db`` when given (a file, or a PostgreSQL
    URL), else the default one."""
    return db if db is not None else workspace / DEFAULT_DB


def lock_file(db: Path) -> Path:
    """The file beside the database ``db`` whose byte ranges lock its sessions (Linux)."""
    return db.with_name(db.name + ".lock")


def lock_dir(db: Path) -> Path:
    """The folder beside the database ``db`` for per-session lock files (other systems)."""
    return db.with_name(db.name + ".locks")
