"""Writes ``schema15-chains.db``: a session database made by main's coordinator before hop50
(schema 15: every report stored with all of its fields, those at their defaults too), for
``tests/test_hop50_reports.py``.

Run with the OLD tree: ``python tests/data/make_schema15_db.py DIR tests/data/schema15-chains.db``,
DIR = ``git archive f5c0f290 | tar -x -C DIR``. It runs two 3-hop chains through the old
engine (the bench's instant model double: their consults answered, each consult's run
holding its asker's blocked report with its question), then in one transaction asks a
question of the FIRST session's root run that waits for a person (the session waiting),
and gives the SECOND session's runs, as the old engine stored them, a report with no field
at its default (files, line ranges and groups, a domain, blocker and required) and one with
only its status and summary; then it checkpoints the WAL into the file and writes what the
old ``coord log ID --json``, ``coord log ID`` and ``coord sessions --json`` printed, and
every run's conversation as the old ``Store.messages`` read it, to
``schema15-chains.log.json`` beside it: the new code must print and read the same. A third
argument names the schema the tree writes. The build itself is ``old_tree_db.build``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from make_schema9_db import asked_after
from old_tree_db import build


def other_reports(store: Any, first: str, second: str) -> None:
    """:func:`asked_after`; then two of the second session's runs get the reports the
    chains did not write, stored as the old engine stored a report."""
    from protocols.report import AgentReport, report_json  # the old tree's

    asked_after(store, first, second)
    _, child, grandchild = (r.id for r in store.runs(second))
    full = AgentReport(
        summary="Moved the queue ✓",
        changes=["queue.py: region read from settings"],
        files=["queue.py", "settings.toml"],
        file_lines={"queue.py": "10-24"},
        file_groups={"queue.py": "Modified", "settings.toml": "Created"},
        status="needs_review",
        domain="devops",
        blocker="The region's name",
        required="A person's word ✓",
    )
    store.update_run(child, report=report_json(full))
    store.update_run(grandchild, report=report_json(AgentReport(status="complete")))


if __name__ == "__main__":
    build(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        version=int(sys.argv[3]) if len(sys.argv) > 3 else 15,
        edit=other_reports,
        messages=True,
        listed=True,
    )
