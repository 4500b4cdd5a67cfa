"""Writes ``schema6-pages4096.db``: a session database made by main's coordinator before
store8 (schema 6, SQLite's default 4 KiB pages, WAL mode), for ``tests/test_store8_pages.py``.

Run with the OLD tree: ``python tests/data/make_schema6_db.py DIR tests/data/schema6-pages4096.db``,
DIR = ``git archive bd9356b | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), appends one message that is not ASCII and one
over 4 KB (an overflow page) to the second, and checkpoints the WAL into the file; then it
writes what the old ``coord log ID --json`` printed for each session, and every run's
conversation as the old ``Store.messages`` read it, to ``schema6-pages4096.log.json``
beside it: the new code must print and read the same.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any


async def chains(folder: Path) -> tuple[str, str]:
    """Two 3-hop chains through the old engine; two more messages in the second."""
    import bench_engine as be  # the old tree's bench and coordinator

    from coordinator.store.db import SCHEMA_VERSION

    assert SCHEMA_VERSION == 6, SCHEMA_VERSION
    eng, store = be.engine(folder, be.InstantModel(be.CHAIN))
    first = await eng.start("request one", agent="backend")
    second = await eng.start("request two", agent="backend")
    last = store.runs(second.session_id)[-1].id
    with store.transaction():
        store.append_message(last, {"role": "user", "content": 'ünïcode ✓ "quoted"'})
        long = [{"type": "text", "text": "x" * 5000}]
        store.append_message(last, {"role": "assistant", "content": long})
    store.close()
    return first.session_id, second.session_id


def conversations(path: Path) -> dict[str, Any]:
    """Every run's conversation as the old ``Store.messages`` reads it."""
    from coordinator.store.db import Store

    store = Store.open(path)
    try:
        return {str(r.id): store.messages(r.id) for s in store.sessions() for r in store.runs(s.id)}
    finally:
        store.close()


def main(tree: Path, out: Path) -> None:
    os.environ["BENCH_TREE"] = str(tree)
    sys.path.insert(0, str(tree / "bench"))
    sys.path.insert(0, str(tree))
    with tempfile.TemporaryDirectory() as tmp:
        first, second = asyncio.run(chains(Path(tmp)))
        with closing(sqlite3.connect(Path(tmp) / "bench.db", isolation_level=None)) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        out.write_bytes((Path(tmp) / "bench.db").read_bytes())
        shutil.copy(out, Path(tmp) / "copy.db")
        logs: dict[str, Any] = {}
        for sid in (first, second):
            printed = subprocess.run(
                [sys.executable, "-c", "from coordinator.cli.app import main; main()", "log",
                 sid, "--db", str(Path(tmp) / "copy.db"), "--json"],
                env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tmp,
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            logs[sid] = json.loads(printed.stdout)
        shutil.copy(out, Path(tmp) / "copy2.db")
        logs["messages"] = conversations(Path(tmp) / "copy2.db")
        out.with_suffix(".log.json").write_text(json.dumps(logs, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
