"""Writes ``schema6-pages4096.db``: a session database made by main's coordinator before
store8 (schema 6, SQLite's default 4 KiB pages, WAL mode), for ``tests/test_store8_pages.py``.

Run with the OLD tree: ``python tests/data/make_schema6_db.py DIR tests/data/schema6-pages4096.db``,
DIR = ``git archive bd9356b | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), appends one message that is not ASCII and one
over 4 KB (an overflow page) to the second, and checkpoints the WAL into the file; then it
writes what the old ``coord log ID --json`` printed for each session, and every run's
conversation as the old ``Store.messages`` read it, to ``schema6-pages4096.log.json``
beside it: the new code must print and read the same.
The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from old_tree_db import build, two_messages

if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), version=6, edit=two_messages, messages=True)
