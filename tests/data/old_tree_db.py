"""What the ``make_schema*_db.py`` scripts share: a session database made by an OLD tree's code.

``build`` runs two 3-hop chains through the old engine (the bench's instant model double),
lets the script change the second chain (``edit``, in one transaction) and the file (``sql``,
statements on the first session), checkpoints the WAL into the file (and, with ``vacuum``,
leaves WAL mode and vacuums), writes it to ``out``; then it writes what the old
``coord log ID --json`` printed for each session (on a copy of the file), and with
``messages`` every run's conversation as the old ``Store.messages`` read it (and with
``listed`` what the old ``coord sessions --json`` and plain ``coord log ID`` printed, under
"sessions" and "text"), to ``out.with_suffix(".log.json")``. Imported by the scripts from
this folder.
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
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

#: (the old Store, first session id, second session id) -> None, inside a transaction
Edit = Callable[[Any, str, str], None]


async def chains(folder: Path, version: int, edit: Edit) -> tuple[str, str]:
    """Two 3-hop chains through the old engine of schema ``version``; ``edit`` after them."""
    import bench_engine as be  # the old tree's bench and coordinator

    from coordinator.store.db import SCHEMA_VERSION

    assert SCHEMA_VERSION == version, SCHEMA_VERSION
    eng, store = be.engine(folder, be.InstantModel(be.CHAIN))
    first = await eng.start("request one", agent="backend")
    second = await eng.start("request two", agent="backend")
    with store.transaction():
        edit(store, first.session_id, second.session_id)
    store.close()
    return first.session_id, second.session_id


def two_messages(store: Any, first: str, second: str) -> None:
    """Two more messages in the second chain's last run: not ASCII, and over 4 KB."""
    last = store.runs(second)[-1].id
    store.append_message(last, {"role": "user", "content": 'ünïcode ✓ "quoted"'})
    long = [{"type": "text", "text": "x" * 5000}]
    store.append_message(last, {"role": "assistant", "content": long})


def conversations(path: Path) -> dict[str, Any]:
    """Every run's conversation as the old ``Store.messages`` reads it."""
    from coordinator.store.db import Store

    store = Store.open(path)
    try:
        return {str(r.id): store.messages(r.id) for s in store.sessions() for r in store.runs(s.id)}
    finally:
        store.close()


def build(
    tree: Path,
    out: Path,
    *,
    version: int,
    edit: Edit,
    sql: Sequence[str] = (),
    vacuum: bool = False,
    messages: bool = False,
    listed: bool = False,
) -> None:
    """Write ``out`` and its ``.log.json`` with the code of ``tree`` (see the module's doc)."""
    os.environ["BENCH_TREE"] = str(tree)
    sys.path.insert(0, str(tree / "bench"))
    sys.path.insert(0, str(tree))
    with tempfile.TemporaryDirectory() as tmp:
        first, second = asyncio.run(chains(Path(tmp), version, edit))
        with closing(sqlite3.connect(Path(tmp) / "bench.db", isolation_level=None)) as con:
            for statement in sql:
                con.execute(statement, (first,))
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if vacuum:
                con.execute("PRAGMA journal_mode = DELETE")
                con.execute("VACUUM")
        out.write_bytes((Path(tmp) / "bench.db").read_bytes())
        shutil.copy(out, Path(tmp) / "copy.db")
        logs: dict[str, Any] = {}
        commands = {sid: ["log", sid, "--json"] for sid in (first, second)}
        if listed:
            commands["sessions"] = ["sessions", "--json"]
            commands |= {f"text {sid}": ["log", sid] for sid in (first, second)}
        for key, command in commands.items():
            printed = subprocess.run(
                [sys.executable, "-c", "from coordinator.cli.app import main; main()", *command,
                 "--db", str(Path(tmp) / "copy.db")],
                env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tmp,
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            logs[key] = json.loads(printed.stdout) if "--json" in command else printed.stdout
        if listed:
            logs["text"] = {sid: logs.pop(f"text {sid}") for sid in (first, second)}
        if messages:
            shutil.copy(out, Path(tmp) / "copy2.db")
            logs["messages"] = conversations(Path(tmp) / "copy2.db")
        out.with_suffix(".log.json").write_text(json.dumps(logs, indent=1, ensure_ascii=False))
