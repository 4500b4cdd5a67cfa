"""Names in coord's tables are text, never rich markup: an agent named ``docs[/]`` in a
store (every workspace's are read by ``coord stats``), or a batch file's ``agent:
"[red]x"``, crashed the table (MarkupError) or restyled it."""

from __future__ import annotations

import io

from rich.console import Console

from coordinator.cli import views
from coordinator.cli.common import print_table
from coordinator.runtime.batch import BatchItem, BatchTask
from coordinator.store.spend import StatsRow


def shown(table: object) -> str:
    out = Console(file=io.StringIO(), width=120, color_system=None)
    print_table(out, table)  # type: ignore[arg-type]
    assert isinstance(out.file, io.StringIO)
    return out.file.getvalue()


def test_an_agent_name_with_brackets_is_shown_in_coord_stats() -> None:
    rows = [StatsRow("2026-12-01", "docs[/]", "claude[bold]", runs=1)]
    assert "docs[/]" in shown(views.stats_table(rows, None))
    assert "claude[bold]" in shown(views.stats_table(rows, 80))


def test_a_batch_files_agent_with_brackets_is_shown_as_written() -> None:
    items = [BatchItem(0, BatchTask("do it", "[red]x[/]"), error="no agent named that")]
    assert "[red]x[/]" in shown(views.batch_table(items))
