"""Writes ``schema16-chains.db``: a session database made by main's coordinator before hop51
(schema 16: a consult task's and a resume message's pieces keep a copy of the blocked reply
and of the consult's answer), for ``tests/test_hop51_said.py``.

Run with the OLD tree: ``python tests/data/make_schema16_db.py DIR tests/data/schema16-chains.db``,
DIR = ``git archive 47b86532 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double: their consults answered, their tasks and resume
messages stored by their pieces with those copies), then asks a question of the FIRST
session's root run that waits for a person; then it checkpoints the WAL into the file and
writes what the old ``coord log ID --json``, ``coord log ID`` and ``coord sessions --json``
printed, and every run's conversation as the old ``Store.messages`` read it, to
``schema16-chains.log.json`` beside it: the new code must print and read the same. A third
argument names the schema the tree writes. The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_schema9_db import asked_after
from old_tree_db import build

if __name__ == "__main__":
    build(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        version=int(sys.argv[3]) if len(sys.argv) > 3 else 16,
        edit=asked_after,
        messages=True,
        listed=True,
    )
