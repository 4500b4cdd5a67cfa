"""``coord parse FILE|-``: read a specialist report and show what the coordinator sees."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from protocols.report import AgentReport

_STATUS_STYLE = {"complete": "bold green", "blocked": "bold red", "needs_review": "bold yellow"}


def _as_json(report: AgentReport) -> dict[str, Any]:
    return {
        "summary": report.summary,
        "changes": list(report.changes),
        "files": list(report.files),
        "file_lines": dict(report.file_lines),
        "file_groups": dict(report.file_groups),
        "status": report.status.value,
        "domain": report.domain,
        "blocker": report.blocker,
        "required": report.required,
    }


def _file(report: AgentReport, path: str) -> str:
    """``path:88-104  (Created)``: a file with its line ranges and group, when given."""
    from coordinator.sanitize import shown_name

    lines = report.file_lines.get(path)
    group = report.file_groups.get(path)
    return f"{shown_name(path)}{':' + lines if lines else ''}{f'  ({group})' if group else ''}"


def _show(report: AgentReport, name: str) -> None:
    """Print the report as a rich panel: status coloured, then every field."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    from coordinator.cli.common import console, print_table
    from coordinator.cli.printable import text
    from protocols.render import STATUS_TEXT

    status = report.status.value
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Status", f"[{_STATUS_STYLE[status]}]{STATUS_TEXT[report.status]}[/]")
    grid.add_row("Summary", escape(report.summary) or "[dim]-[/]")
    changes = "\n".join(f"• {escape(c)}" for c in report.changes)
    grid.add_row("Changes", changes or "[dim]none[/]")
    files = "\n".join(escape(_file(report, f)) for f in report.files)
    grid.add_row("Files", files or "[dim]none[/]")
    for label, value in (
        ("Domain", report.domain),
        ("Blocker", report.blocker),
        ("Required", report.required),
    ):
        if value is not None:
            grid.add_row(label, escape(value))
    print_table(console(), Panel(grid, title=text(name), title_align="left", expand=False))


def register(app: typer.Typer) -> None:
    """Attach ``coord parse`` to ``app``."""
    app.command("parse")(parse)


def parse(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="Report file to read, or '-' for stdin.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the parsed report as JSON.")
    ] = False,
) -> None:
    """Parse a specialist's final report (summary, Changes, Files, Status) and show its fields.

    Exits 0 for a valid report, 1 when the text holds no usable report.

    Examples:
    coord parse examples/report-blocked.md
    coord parse - --json < reply.md
    """
    from coordinator.cli.common import emit_json
    from coordinator.errors import EXIT_FAILED, UserError
    from coordinator.request_text import read_report
    from protocols.parse import ReportParseError, parse_report

    text, name = read_report(source)
    try:
        report = parse_report(text)
    except ReportParseError as exc:
        raise UserError(f"{name}: {exc}", exit_code=EXIT_FAILED) from None
    if as_json:
        emit_json(_as_json(report))
    else:
        _show(report, name)
