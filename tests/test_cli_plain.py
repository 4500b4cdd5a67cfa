"""``coord route``'s plain printer (``coordinator/cli/plain.py``): the lines and table rich drew
before, without importing rich; colour by rich's rules; nothing from outside reaches the
terminal as a control sequence."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli import coord, coord_probe

from coordinator.cli.plain import Lines, Style, cells, wants_colour

HEADER = ("agent", "score", "matched")
ROWS = [
    ("react-frontend-expert", "14.85", 'trigger "component", trigger "React", react, show'),
    ("database-engineer", "6.42", 'trigger "Додай колонку до таблиці", column, table'),
    ("devops-expert", "1.10", "react, status"),
]


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def rich_table(title: str, rows: list[tuple[str, str, str]]) -> str:
    """The same table drawn by rich the way ``coord route`` drew it before (off a terminal)."""
    from rich.table import Table

    from coordinator.cli.common import print_table
    from coordinator.cli.printable import PrintableConsole

    stream = io.StringIO()
    out = PrintableConsole(file=stream, highlight=False, soft_wrap=False, width=80)
    table = Table(title=title)
    table.add_column("agent", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("matched")
    for row in rows:
        table.add_row(*row)
    print_table(out, table)
    return stream.getvalue()


@pytest.mark.parametrize("title", ["Candidates", "Nearest candidates"])
def test_table_off_a_terminal_is_what_rich_drew(
    title: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = io.StringIO()
    Lines(stream).table(title, HEADER, ROWS)
    assert stream.getvalue() == rich_table(title, ROWS)


def test_a_narrow_terminal_wraps_the_last_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "60")
    stream = Terminal()
    Lines(stream).table("Candidates", HEADER, ROWS)
    lines = stream.getvalue().splitlines()
    assert max(cells(line) for line in lines) == 60
    assert lines[4].startswith("│ react-frontend-expert │ 14.85 │ trigger")  # names are never cut
    assert lines[5].startswith("│                       │       │ ")  # the rest wrapped below
    assert "show" in stream.getvalue()


def test_colour_follows_richs_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_colour(Terminal()) and not wants_colour(io.StringIO())
    monkeypatch.setenv("TERM", "dumb")
    assert not wants_colour(Terminal())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert wants_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_colour(Terminal())  # NO_COLOR wins
    monkeypatch.delenv("NO_COLOR")
    stream = io.StringIO()
    Lines(stream).say(("→ agent", Style.BOLD_GREEN), "  score 1.00")
    assert stream.getvalue() == "\x1b[1;32m→ agent\x1b[0m  score 1.00\n"


def test_outside_text_never_reaches_the_terminal_as_control(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    stream = io.StringIO()
    out = Lines(stream)
    out.say(("title \x1b]0;owned\x07", Style.DIM), " \x1b[2J")
    out.table("Candidates", HEADER, [("a", "1.00", "x\x1b[31m")])
    shown = stream.getvalue().replace("\x1b[2m", "").replace("\x1b[0m", "")
    shown = shown.replace("\x1b[3m", "").replace("\x1b[1m", "")
    assert "\x1b" not in shown and "\x07" not in shown and "\ufffd" in shown


def test_wide_characters_take_two_cells() -> None:
    assert cells("abc") == 3 and cells("таблиця") == 7 and cells("表格") == 4


def test_route_prints_without_rich(tmp_path: Path) -> None:
    """The whole answer (choice, evidence, table) with none of rich's console, text or
    table imported: only its measure of display width (``rich.cells``, tidy47), for a
    line that is not ASCII (here a Ukrainian trigger among the evidence)."""
    probe = coord_probe("route", "Add an index on tasks.assignee_id", cwd=tmp_path)
    assert "→ database-engineer" in probe.stdout and "┏" in probe.stdout
    measure = {"rich", "rich._extension", "rich.cells"}
    rich = [m for m in probe.modules if m.split(".")[0] == "rich"]
    assert [m for m in rich if m not in measure and not m.startswith("rich._unicode")] == []


def test_route_text_off_a_terminal_has_no_escape_codes(tmp_path: Path) -> None:
    proc = coord(
        "route", "Add an index on tasks.assignee_id", cwd=tmp_path, env={"FORCE_COLOR": ""}
    )
    assert proc.returncode == 0 and "\x1b" not in proc.stdout
    assert proc.stdout.startswith("→ database-engineer  score ")
