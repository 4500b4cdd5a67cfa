"""Writes ``schema4-chains.db``: a session database made by the coordinator of schema 4
(the code before the event log's migration 5), for ``tests/test_store3_event_log.py``.

Run with the OLD tree: ``python tests/data/make_schema4_db.py DIR tests/data/schema4-chains.db``,
DIR = ``git archive 97d5165 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), logs one event whose payload is not ASCII,
deletes one event (a gap in the numbers), and checkpoints the WAL into the file; then it
writes what the old ``coord log ID --json`` printed for each session (on a copy of the
file) to ``schema4-chains.log.json`` beside it, which the new code must print unchanged.
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


async def chains(folder: Path) -> tuple[str, str]:
    """Two 3-hop chains through the old engine; one event with a payload that is not ASCII."""
    import bench_engine as be  # the old tree's bench and coordinator

    from coordinator.events import Routed
    from coordinator.store.db import SCHEMA_VERSION

    assert SCHEMA_VERSION == 4, SCHEMA_VERSION
    eng, store = be.engine(folder, be.InstantModel(be.CHAIN))
    first = await eng.start("request one", agent="backend")
    second = await eng.start("request two", agent="backend")
    with store.transaction():
        store.add_event(Routed(second.session_id, None, 'ünïcode ✓ "quoted"', "dba"))
    store.close()
    return first.session_id, second.session_id


def main(tree: Path, out: Path) -> None:
    os.environ["BENCH_TREE"] = str(tree)
    sys.path.insert(0, str(tree / "bench"))
    sys.path.insert(0, str(tree))
    with tempfile.TemporaryDirectory() as tmp:
        first, second = asyncio.run(chains(Path(tmp)))
        with closing(sqlite3.connect(Path(tmp) / "bench.db", isolation_level=None)) as con:
            con.execute(
                "DELETE FROM events WHERE seq = (SELECT MIN(seq) FROM events"
                " WHERE session_id = ? AND kind = 'run_started')",
                (first,),
            )
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("PRAGMA journal_mode = DELETE")
            con.execute("VACUUM")
        out.write_bytes((Path(tmp) / "bench.db").read_bytes())
        shutil.copy(out, Path(tmp) / "copy.db")
        logs = {}
        for sid in (first, second):
            printed = subprocess.run(
                [sys.executable, "-c", "from coordinator.cli.app import main; main()", "log",
                 sid, "--db", str(Path(tmp) / "copy.db"), "--json"],
                env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tmp,
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            logs[sid] = json.loads(printed.stdout)
        out.with_suffix(".log.json").write_text(json.dumps(logs, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
