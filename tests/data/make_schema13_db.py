"""Writes ``schema13-chains.db``: a session database made by main's coordinator before hop46
(schema 13: a run that blocks on a consult has its row written ``blocked`` at once, and its
consult's run holds the question as ``[blocker, required]``), for
``tests/test_hop46_owed.py``.

Run with the OLD tree: ``python tests/data/make_schema13_db.py DIR tests/data/schema13-chains.db``,
DIR = ``git archive 083be241 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double: their consults answered), then in one transaction
asks a question of the FIRST session's root run that waits for a person (the session
waiting), and blocks the SECOND session's root run again, as the old engine stored it (its
row ``blocked`` with its counters and report), on two consults holding their questions: one
that failed (its question turned a waiting row, ``consult_failed``) and one still running
(the session left running: killed mid-consult); then it checkpoints the WAL into the file
and writes what the old ``coord log ID --json``, ``coord log ID`` and ``coord sessions
--json`` printed, and every run's conversation as the old ``Store.messages`` read it, to
``schema13-chains.log.json`` beside it: the new code must print and read the same. The
build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from make_schema9_db import asked_after
from old_tree_db import build

#: The second root's report when it blocked again, as the old engine wrote it.
REPORT = (
    '{"summary":"Blocked on the schema ✓","changes":[],"files":[],"file_lines":{},'
    '"file_groups":{},"status":"blocked","domain":"database",'
    '"blocker":"Which table holds the tasks? ✓","required":"The table\'s \\"name\\""}'
)


def _held(store: Any, sid: str, root: int, agent: str, domain: str) -> int:
    """A consult run of ``agent`` for ``root`` holding its question (schema 12)."""
    return int(
        store.start_run(
            sid,
            agent=agent,
            model="claude-sonnet-4-5",
            depth=1,
            max_turns=30,
            first_message={"role": "user", "content": f"[coordinator:consult] {domain} ✓"},
            parent_run_id=root,
            domain=domain,
            question=("Which table holds the tasks? ✓", 'The table\'s "name"'),
        )
    )


def blocked_again(store: Any, first: str, second: str) -> None:
    """:func:`asked_after`; then the second root blocked again on a failed consult, then on
    one still running."""
    from coordinator.status import WaitReason  # the old tree's
    from coordinator.store.calls import question_id

    asked_after(store, first, second)
    root = store.runs(second)[0].id
    counters = {"turns": 4, "input_tokens": 1234, "output_tokens": 321, "cost_usd": 0.0123}
    store.update_run(root, status="blocked", report=REPORT, stop_reason="end_turn", **counters)
    failed = _held(store, second, root, "dba", "database")
    store.update_run(failed, status="failed", failure="the model's API failed", ended_at=1.5e9)
    store.set_waiting(question_id(failed), WaitReason.CONSULT_FAILED)
    _held(store, second, root, "dba", "database")


if __name__ == "__main__":
    build(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        version=13,
        edit=blocked_again,
        messages=True,
        listed=True,
    )
