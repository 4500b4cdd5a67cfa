"""Writes ``schema11-chains.db``: a session database made by main's coordinator before hop44
(schema 11: every question has its ``delegations`` row, a consult's too), for
``tests/test_hop44_questions.py``.

Run with the OLD tree: ``python tests/data/make_schema11_db.py DIR tests/data/schema11-chains.db``,
DIR = ``git archive 1983f8a9 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double: their consults answered), then in one transaction
asks a question of the FIRST session's root run that waits for a person (the session
waiting), and gives the SECOND session's root run two more consults: one that failed (its
question turned waiting, ``consult_failed``) and one still running (its question
consulting); then it checkpoints the WAL into the file and writes what the old
``coord log ID --json`` and ``coord sessions --json`` printed, and every run's conversation
as the old ``Store.messages`` read it, to ``schema11-chains.log.json`` beside it: the new
code must print and read the same. The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from make_schema9_db import asked_after
from old_tree_db import build


def _consult(store: Any, sid: str, root: int, agent: str, domain: str) -> tuple[int, int]:
    """A consult run of ``agent`` for ``root`` and its question, as the old engine wrote them."""
    child = store.start_run(
        sid,
        agent=agent,
        model="claude-sonnet-4-5",
        depth=1,
        max_turns=30,
        first_message={"role": "user", "content": f"[coordinator:consult] {domain} ✓"},
        parent_run_id=root,
        domain=domain,
    )
    asked = store.add_delegation(
        sid,
        root,
        domain=domain,
        blocker=f"What does the {domain} need? ✓",
        required=f'The {domain}\'s "answer"',
        child_run_id=child,
    )
    return child, asked


def failed_and_running(store: Any, first: str, second: str) -> None:
    """:func:`asked_after`; then the second session's failed consult and its running one."""
    from coordinator.status import SessionStatus, WaitReason  # the old tree's

    asked_after(store, first, second)
    root = store.runs(second)[0].id
    failed, asked = _consult(store, second, root, "dba", "database")
    store.update_run(failed, status="failed", failure="the model's API failed", ended_at=1.5e9)
    store.set_waiting(asked, WaitReason.CONSULT_FAILED)
    _consult(store, second, root, "ops", "operations")
    store.set_session_status(second, SessionStatus.WAITING, "dba failed")


if __name__ == "__main__":
    build(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        version=11,
        edit=failed_and_running,
        messages=True,
        listed=True,
    )
