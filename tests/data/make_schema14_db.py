"""Writes ``schema14-chains.db``: a session database made by main's coordinator before hop48
(schema 14: every event's payload a JSON object naming all of its fields, those its run's
row holds too), for ``tests/test_hop48_payloads.py``.

Run with the OLD tree: ``python tests/data/make_schema14_db.py DIR tests/data/schema14-chains.db``,
DIR = ``git archive 80acbeed | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double: their consults answered), then in one transaction
asks a question of the FIRST session's root run that waits for a person (the session
waiting), and logs on the SECOND session's runs, as the old engine stored them, the events
the chains did not make: a person's answer, a report that could not be read and one
repaired, a failed run's end and consult, a call answered by another model with cached
tokens, a block on no domain (each as the engine makes it: the fields the runs' rows hold
too are theirs); then it checkpoints the WAL into the file and writes what the old
``coord log ID --json``, ``coord log ID`` and ``coord sessions --json`` printed, and every
run's conversation as the old ``Store.messages`` read it, to ``schema14-chains.log.json``
beside it: the new code must print and read the same. A third argument names the schema
the tree writes (``tests/test_hop48_payloads.py`` runs it with this tree's, 15, and
compares what it printed). The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from make_schema9_db import asked_after
from old_tree_db import build


def more_events(store: Any, first: str, second: str) -> None:
    """:func:`asked_after`; then the second session's runs get one event of each kind the
    chains did not write, with the values they did not have."""
    from coordinator import events as ev  # the old tree's

    asked_after(store, first, second)
    root, child, grandchild = (r.id for r in store.runs(second))
    for event in (
        ev.Resumed(second, root, "backend", "person", 'The region is "eu" ✓'),
        ev.ReportRead(second, child, "dba", None, "", "no **Status:** line", 1),
        ev.ReportRead(second, child, "dba", "complete", "Repaired ✓", None, 2),
        ev.RunEnded(second, grandchild, "ops", "failed", "the model's API failed"),
        ev.ModelCalled(
            second, root, "backend", 5, "max_tokens", 7, 8, 0.5, 9, "claude-other", 3, 4, "x"
        ),
        ev.Blocked(second, child, "dba", None, "Which queue? ✓", None),
        ev.ConsultDone(second, child, "ops", "failed", grandchild),
    ):
        store.add_event(event)


if __name__ == "__main__":
    build(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        version=int(sys.argv[3]) if len(sys.argv) > 3 else 14,
        edit=more_events,
        messages=True,
        listed=True,
    )
