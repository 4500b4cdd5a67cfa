"""mend108: daily107's list of rough edges, each checked where it is decided."""

from __future__ import annotations

import io
from pathlib import Path

from coordinator.errors import EXIT_FAILED, EXIT_USER_ERROR
from coordinator.runtime.batch import BatchItem, BatchTask

# ---- a batch request no agent fits is a user error, not a failure -----------------------


def test_a_batch_item_no_agent_fits_is_a_user_error_not_failed() -> None:
    """The batch table said ``failed`` for a request no agent fits though the batch exits 4
    (a user error): its status is the exit code's word, in the table and ``--json``."""
    from rich.console import Console

    from coordinator.cli.views import batch_table

    fits_none = BatchItem(0, BatchTask("Paint the fence"), error="no agent fits the request")
    died = BatchItem(1, BatchTask("Endpoint", "backend"), error="died", error_code=EXIT_FAILED)
    assert fits_none.exit_code == EXIT_USER_ERROR
    assert fits_none.status == "user_error" and died.status == "failed"
    assert fits_none.to_json()["status"] == "user_error"
    assert died.to_json()["status"] == "failed"
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(batch_table([fits_none, died], 100))
    rows = console.export_text().splitlines()
    assert rows[1].split()[:3] == ["1", "user", "error"], rows
    assert rows[3].split()[:2] == ["2", "failed"], rows
