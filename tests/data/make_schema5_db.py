"""Writes ``schema5-chains.db``: a session database made by the coordinator of schema 5
(the code before migration 6, which keeps a run's messages in one rowid B-tree), for
``tests/test_store4_journal.py``.

Run with the OLD tree: ``python tests/data/make_schema5_db.py DIR tests/data/schema5-chains.db``,
DIR = ``git archive 79252c4 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), appends one message that is not ASCII and one
over 4 KB (an overflow page), deletes one message of the first chain (a gap in a run's
indexes), and checkpoints the WAL into the file; then it writes what the old
``coord log ID --json`` printed for each session, and every run's conversation as the old
``Store.messages`` read it, to ``schema5-chains.log.json`` beside it: the new code must
print and read the same.
The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from old_tree_db import build, two_messages

if __name__ == "__main__":
    build(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        version=5,
        edit=two_messages,
        sql=[
            "DELETE FROM messages WHERE run_id = (SELECT MIN(id) FROM runs"
            " WHERE session_id = ?) AND idx = 1"
        ],
        vacuum=True,
        messages=True,
    )
