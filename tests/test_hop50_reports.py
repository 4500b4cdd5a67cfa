"""Schema 16: a run's report is stored without the fields that hold their defaults (issue 12,
hop50).

``runs.report`` (and the blocked report a consult's question holds for its asker) leaves out
an empty summary, list or map and a null domain, blocker or required; every reader gets the
report whole, its fields in their order, as before.

* A chain's reports are stored short and read back whole (both backends).
* A stored report reads as the JSON ``model_dump_json`` wrote before, for reports of every
  shape.
* A file of schema 15 written by main's code upgrades with no row changed and reads as
  before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, assert_upgrades_as_before, blocked, copy_of, read_json, report

from coordinator.store.db import SCHEMA_VERSION, Store
from coordinator.store.rows import report_in_full
from protocols.report import AgentReport, report_json, stored_report_json

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema15-chains.db"  # written by main's code (f5c0f290): make_schema15_db.py
OLD_LOGS = DATA / "schema15-chains.log.json"
FIELDS = [name for name, field in AgentReport.model_fields.items() if not field.exclude]

#: backend blocked on database; dba's answer names a file; backend then completes.
SCRIPT: dict[str, list[dict[str, Any]]] = {
    "backend": [
        {"text": blocked("Database", "The user table ✓")},
        {"expect": "[coordinator:resume]", "text": report("Complete", "Endpoint ✓")},
    ],
    "dba": [{"text": report("Complete", "Schema", files="`app/models.py`")}],
}


async def test_a_chains_reports_are_stored_short_and_read_whole(
    tmp_path: Path, store: Store
) -> None:
    h = Harness(tmp_path, SCRIPT, store=store)
    done = await h.engine.start("Add an endpoint", agent="backend")
    assert done.status == "complete"
    runs = store.runs(done.session_id)
    stored = [r[0] for r in store._rows("SELECT report FROM runs ORDER BY id")]
    assert len(runs) == len(stored) == 2
    for text in stored:
        assert '"domain":null' not in text and '"file_lines":{}' not in text, text
    root, dba = (r.report_json for r in runs)
    assert root is not None and dba is not None
    assert list(root) == list(dba) == FIELDS
    assert root == {
        "summary": "Endpoint ✓",
        "changes": ["Did the work"],
        "files": [],
        "file_lines": {},
        "file_groups": {},
        "status": "complete",
        "domain": None,
        "blocker": None,
        "required": None,
    }
    assert dba["files"] == ["app/models.py"] and dba["summary"] == "Schema"


@pytest.mark.parametrize(
    "made",
    [
        AgentReport(status="complete"),
        AgentReport(summary="Done ✓", changes=["x"], status="blocked", domain="ops", blocker="b"),
        AgentReport(
            summary="All",
            changes=["a", "b"],
            files=["a.py"],
            file_lines={"a.py": "1-2"},
            file_groups={"a.py": "Created"},
            status="needs_review",
            domain="backend",
            blocker="x",
            required="y ✓",
        ),
    ],
)
def test_a_stored_report_reads_as_the_json_written_before(made: AgentReport) -> None:
    full = report_in_full(json.loads(stored_report_json(made)))
    assert json.dumps(full, ensure_ascii=False, separators=(",", ":")) == report_json(made)
    assert AgentReport.model_validate(full) == made


def test_a_schema_15_file_upgrades_with_nothing_changed_and_reads_as_before(
    tmp_path: Path,
) -> None:
    assert SCHEMA_VERSION == 18
    assert_upgrades_as_before(copy_of(OLD, tmp_path), 15, read_json(OLD_LOGS))
