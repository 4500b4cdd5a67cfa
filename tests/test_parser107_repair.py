"""A malformed report is refused naming its field, and the engine asks the model again.

The Blocked report missing Required (in a label table, and in the seed's bold labels) is
never taken as Blocked with a guessed Required, nor as the earlier status: the run's next
user message is the repair request naming 'Required:', no consultation starts, and the
report the model writes then is the one read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import Harness, report

TABLE_MISSING_REQUIRED = (
    "✅ Order export started\n\n| Field | Value |\n|---|---|\n| Status | Blocked |\n"
    "| Domain | Database |\n| Blocker | No index on orders.created_at |\n"
)
BOLD_MISSING_REQUIRED = (
    "✅ Order export started\n\n**Status:** Blocked\n**Domain:** Database\n"
    "**Blocker:** No index on orders.created_at\n"
)


@pytest.mark.parametrize(
    "malformed", [TABLE_MISSING_REQUIRED, BOLD_MISSING_REQUIRED], ids=["table", "bold"]
)
async def test_blocked_report_missing_required_is_asked_again(
    tmp_path: Path, malformed: str
) -> None:
    script = {
        "backend": [
            {"text": malformed},
            {
                "expect": "status is Blocked but no 'Required:'",
                "text": report("Complete", "Order export", files="app/api/routes/orders.py"),
            },
        ]
    }
    h = Harness(tmp_path, script)
    result = await h.engine.start("Add an order export", agent="backend")
    h.provider.model.assert_complete()
    assert result.status == "complete" and result.report is not None
    assert result.report.files == ["app/api/routes/orders.py"]
    assert h.store.runs(result.session_id)[0].repairs == 1
    assert h.store.delegations(result.session_id) == []  # nothing guessed, nobody consulted
