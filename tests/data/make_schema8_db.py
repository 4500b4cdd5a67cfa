"""Writes ``schema8-chains.db``: a session database made by main's coordinator before hop37
(schema 8: ``event_log`` names its session by ``session_no`` and numbers every event in
one sequence for the whole file), for ``tests/test_hop37_event_keys.py``.

Run with the OLD tree: ``python tests/data/make_schema8_db.py DIR tests/data/schema8-chains.db``,
DIR = ``git archive 18732b59 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), then in one transaction appends two messages to
the second chain's last run (one not ASCII, one over 4 KB) and logs an event in the FIRST
session, numbered after all of the second's (the file's sequence interleaves the two), and
checkpoints the WAL into the file; then it writes what the old ``coord log ID --json``
printed for each session, and every run's conversation as the old ``Store.messages`` read
it, to ``schema8-chains.log.json`` beside it: the new code must print and read the same.
The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from old_tree_db import build, two_messages


def interleaved(store: Any, first: str, second: str) -> None:
    """:func:`two_messages`, and an event of the first session after the second's."""
    from coordinator.events import SessionResumed  # the old tree's

    two_messages(store, first, second)
    store.add_event(SessionResumed(first, None, with_context=False))


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), version=8, edit=interleaved, messages=True)
