"""hop55's diagnostic (issue 12): take SQLite's system calls out of a bench, to see what
they cost a hop in place. Never for use: both modes give up what the store promises.

Put this folder first on ``PYTHONPATH`` (children of ``bench_engine.py --paired`` inherit
it) and set one of:

* ``HOP55_MEMDB=1``: every connection to a ``bench.db`` opens SQLite's in-memory VFS
  (``memdb``) instead: the same statements, no file, no lock and no write calls.
* ``HOP55_EXCLUSIVE=1``: every such connection runs ``PRAGMA locking_mode = EXCLUSIVE``
  (the WAL's 12 ``fcntl`` lock calls a hop gone, its writes kept; one process only).

Run, e.g.: ``HOP55_MEMDB=1 PYTHONPATH=bench/hop55_io python bench/bench_engine.py
--paired DIR --kind instant --sessions 40 --rounds 40``.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

_connect = sqlite3.connect


def _bench_db(database: Any) -> bool:
    return str(database).endswith("bench.db")


def _in_memory(database: Any, *args: Any, **kw: Any) -> sqlite3.Connection:
    if _bench_db(database):
        kw["uri"] = True
        database = f"file:/hop55-{abs(hash(str(database)))}?vfs=memdb"
    return _connect(database, *args, **kw)


def _exclusive(database: Any, *args: Any, **kw: Any) -> sqlite3.Connection:
    db = _connect(database, *args, **kw)
    if _bench_db(database):
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
    return db


if os.environ.get("HOP55_MEMDB") == "1":
    sqlite3.connect = _in_memory
elif os.environ.get("HOP55_EXCLUSIVE") == "1":
    sqlite3.connect = _exclusive
