"""Write ``coordinator/store/fresh_schema.json``: the schema a SQLite store holds once every
migration has run, as the statements that make it in one transaction (a new store is made so:
:func:`coordinator.store.schema.check_and_migrate`). Run it after adding a migration;
``tests/test_suite104_fresh_schema.py`` says when it is due.

The statements are ``sqlite_master``'s own text of a database the migrations made (applied in
order, each in its transaction, foreign keys off, as an old file is upgraded), so a file they
make holds the very same text; the indexes SQLite makes for a UNIQUE or PRIMARY KEY (no text)
come with their tables, and the empty ``sqlite_sequence`` migration 4 left is made the only
way SQLite makes it, by a table with AUTOINCREMENT (then dropped, as migration 4 dropped its
own)."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coordinator.store import schema  # noqa: E402  (this tree's, wherever it runs from)

#: Makes the (empty) table SQLite keeps AUTOINCREMENT counters in.
SEQUENCE = [
    "CREATE TABLE sequence_made (n INTEGER PRIMARY KEY AUTOINCREMENT)",
    "DROP TABLE sequence_made",
]


def migrated() -> sqlite3.Connection:
    """A database in memory that every migration made, one transaction each."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    for number, migrate in enumerate(schema.MIGRATIONS):
        db.execute("BEGIN IMMEDIATE")
        migrate(db)
        db.execute(f"PRAGMA user_version = {number + 1}")
        db.execute("COMMIT")
    return db


def statements(db: sqlite3.Connection) -> list[str]:
    """What makes ``db``'s schema, in the order ``sqlite_master`` lists it."""
    made: list[str] = []
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
    for name, sql in rows:
        if name == "sqlite_sequence":
            made += SEQUENCE
        elif name.startswith("sqlite_"):
            raise SystemExit(f"SQLite's own {name} cannot be made by a statement")
        else:
            made.append(sql)
    return made


def main() -> None:
    db = migrated()
    fresh = {"version": len(schema.MIGRATIONS), "statements": statements(db)}
    schema.FRESH_SCHEMA.write_text(json.dumps(fresh, indent=1) + "\n", encoding="ascii")
    print(f"wrote {schema.FRESH_SCHEMA} (schema {fresh['version']})")


if __name__ == "__main__":
    main()
