"""Read as a new user reads them: ``--db`` takes a file or a URL and every command's help
says so; the demo's closing sentences reach a pipe whole, one line each."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord

WITH_DB = ["run", "resume", "log", "sessions", "stats", "config", "mcp"]


@pytest.mark.parametrize("command", WITH_DB)
def test_db_shows_it_takes_a_file_or_a_url(command: str) -> None:
    shown = coord(command, "--help", env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"}).stdout
    line = next(line for line in shown.splitlines() if line.startswith("│ --db "))
    assert "FILE|URL" in line, line


def test_the_demo_s_closing_sentences_are_whole_lines_in_a_pipe(tmp_path: Path) -> None:
    out = coord("demo", "--workspace", tmp_path / "d", env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    assert any(
        line.startswith("Offline: a scripted model") and line.endswith("real run shows them).")
        for line in lines
    ), out
    assert not any(line != line.rstrip() for line in lines if "charged" in line)
