"""Writes ``schema4-chains.db``: a session database made by the coordinator of schema 4
(the code before the event log's migration 5), for ``tests/test_store3_event_log.py``.

Run with the OLD tree: ``python tests/data/make_schema4_db.py DIR tests/data/schema4-chains.db``,
DIR = ``git archive 97d5165 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), logs one event whose payload is not ASCII,
deletes one event (a gap in the numbers), and checkpoints the WAL into the file; then it
writes what the old ``coord log ID --json`` printed for each session (on a copy of the
file) to ``schema4-chains.log.json`` beside it, which the new code must print unchanged.
The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from old_tree_db import build


def edit(store: Any, first: str, second: str) -> None:
    """One event with a payload that is not ASCII."""
    from coordinator.events import Routed

    store.add_event(Routed(second, None, 'ünïcode ✓ "quoted"', "dba"))


if __name__ == "__main__":
    build(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        version=4,
        edit=edit,
        sql=[
            "DELETE FROM events WHERE seq = (SELECT MIN(seq) FROM events"
            " WHERE session_id = ? AND kind = 'run_started')"
        ],
        vacuum=True,
    )
