"""Writes ``schema10-chains.db``: a session database made by main's coordinator before hop40
(schema 10: a consult's answer writes ``answered``, its agent and time into its question's
row, and a run's final message is copied into ``runs.final_text``), for
``tests/test_hop40_answers.py``.

Run with the OLD tree: ``python tests/data/make_schema10_db.py DIR tests/data/schema10-chains.db``,
DIR = ``git archive 9c73c8ea | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), then in one transaction asks a question of the
FIRST session's root run that waits for a person and marks that session waiting, and
checkpoints the WAL into the file; then it writes what the old ``coord log ID --json``
printed for each session, and every run's conversation as the old ``Store.messages`` read
it, to ``schema10-chains.log.json`` beside it: the new code must print and read the same.
The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_schema9_db import asked_after
from old_tree_db import build

if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), version=10, edit=asked_after, messages=True)
