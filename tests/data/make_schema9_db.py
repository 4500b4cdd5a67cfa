"""Writes ``schema9-chains.db``: a session database made by main's coordinator before hop39
(schema 9: ``delegations`` numbered in one sequence for the whole file, found by session
through ``delegations_by_session``), for ``tests/test_hop39_delegation_keys.py``.

Run with the OLD tree: ``python tests/data/make_schema9_db.py DIR tests/data/schema9-chains.db``,
DIR = ``git archive 614b3d86 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double), then in one transaction asks a question of the
FIRST session's root run that waits for a person (its delegation numbered after all of the
second's: the file's sequence interleaves the two) and marks that session waiting, and
checkpoints the WAL into the file; then it writes what the old ``coord log ID --json``
printed for each session, and every run's conversation as the old ``Store.messages`` read
it, to ``schema9-chains.log.json`` beside it: the new code must print and read the same.
The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from old_tree_db import build


def asked_after(store: Any, first: str, second: str) -> None:
    """A question of the first session's root run, waiting for a person, made after the
    second session's questions; the first session waits for its answer."""
    from coordinator.status import SessionStatus, WaitReason  # the old tree's

    root = store.runs(first)[0].id
    store.add_delegation(
        first,
        root,
        domain="ops",
        blocker="Which region does the task queue live in?",
        required="The region's name ✓",
        waiting_reason=WaitReason.NO_SPECIALIST,
    )
    store.set_session_status(first, SessionStatus.WAITING, "no specialist for ops")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), version=9, edit=asked_after, messages=True)
