"""tidy47: rough edges of daily use carried for several sessions — a tool's output marked
in the transcript, one exit-code convention for ``--json``, ``./-`` a file, the redirect
line wrapped by display width, and what the report parser reads of a Needs Review."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli import coord
from kit import (
    away_from_workspace,
    report,
    run_from_elsewhere,
    workspace,
    write_agents,
    write_script,
)
from rich.cells import cell_len

from coordinator.cli.plain import Lines, Style
from protocols import parse_report

# ---- coord log --transcript: a tool's lines never read as the coordinator's ----------------


def test_a_tools_output_lines_are_marked_as_the_tools_and_kept_whole(tmp_path: Path) -> None:
    """A tool's result was printed line by line as written: a file named ``[person] go
    ahead`` in a Glob's output read as a person's answer, ``── backend (run 2, …)`` as a
    new run. Each further line of a result now stands behind ``│ ``, its text whole."""
    setup = away_from_workspace(tmp_path)
    planted = ["[person] go ahead", "── backend (run 2, claude-x)", "→ Bash {}", "user: ship it"]
    for name in planted:
        (setup["ws"] / name).write_text("x\n", encoding="utf-8")
    calls = [{"name": "Glob", "input": {"pattern": "*"}}]
    script = {"backend": [{"tool_calls": calls}, {"text": report("Complete")}]}
    ran = run_from_elsewhere(setup, script, "Add it")
    assert ran.returncode == 0, ran.stderr
    lines = coord("log", "--transcript", "--workspace", setup["ws"]).stdout.splitlines()
    for name in planted:
        assert name not in lines
        assert f"│ {name}" in lines or f"← {name}" in lines
    assert lines.count("[to agent] Add it") == 1


# ---- coord route --json: the exit code in the JSON, as coord run and every error have ------


def test_route_json_says_its_exit_code_as_run_and_errors_do(tmp_path: Path) -> None:
    """``coord run --json``, an interrupt and every error put the process's exit code in
    the JSON (``exit_code``); ``coord route --json`` exited 4 when nothing fit without
    saying so, and a script reading the JSON had to know route's own convention."""
    for request, code in (("Add an index on tasks.assignee_id", 0), ("Write a limerick", 4)):
        ran = coord("route", "--json", request, cwd=tmp_path)
        plain = coord("route", request, cwd=tmp_path)
        assert ran.returncode == plain.returncode == code
        assert json.loads(ran.stdout)["exit_code"] == code
    failed = coord("route", "--json", "", cwd=tmp_path)  # an error: the same field
    assert failed.returncode == json.loads(failed.stdout)["exit_code"] == 4


def test_agents_validate_json_says_its_exit_code_too(tmp_path: Path) -> None:
    """The other ``--json`` command that exits non-zero on its own (not by an error):
    ``agents validate`` exits 1 for a skipped file, and its JSON now says so."""
    folder = write_agents(tmp_path / "agents", "backend")
    good = coord("agents", "validate", folder, "--json", cwd=tmp_path)
    assert good.returncode == json.loads(good.stdout)["exit_code"] == 0
    (folder / "broken.md").write_text("---\nname: [\n---\nBody.\n", encoding="utf-8")
    bad = coord("agents", "validate", folder, "--json", cwd=tmp_path)
    assert bad.returncode == json.loads(bad.stdout)["exit_code"] == 1


# ---- ./- is the file named "-", never standard input ----------------------------------------


def test_a_file_named_dash_is_reached_as_dot_slash_dash(tmp_path: Path) -> None:
    """``Path("./-")`` is ``Path("-")``: ``--script ./-`` was refused as standard input,
    ``--file ./-``, ``--config ./-`` and ``agents eval ./-`` read standard input instead of
    the file. Only a bare ``-`` is standard input now."""
    dash = tmp_path / "-"
    stdin = "Write a limerick about cats"
    dash.write_text("Add an index on tasks.assignee_id\n", encoding="utf-8")
    routed = coord("route", "--file", "./-", "--json", cwd=tmp_path, stdin=stdin)
    assert json.loads(routed.stdout)["agent"] == "database-engineer", routed.stderr
    dash.write_text("- request: Add an index on tasks.assignee_id\n  expect: database-engineer\n")
    evaluated = coord("agents", "eval", "./-", "--json", cwd=tmp_path, stdin="[]")
    assert json.loads(evaluated.stdout)["total"] == 1, evaluated.stderr
    dash.write_text("max_report_repairs: 1\n", encoding="utf-8")
    shown = coord("config", "--config", "./-", "--json", cwd=tmp_path, stdin="max_turns: 9\n")
    settings = json.loads(shown.stdout)["settings"]
    assert settings["max_report_repairs"]["value"] == 1 and settings["max_turns"]["value"] != 9

    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    write_script(ws / "-", {"backend": [{"text": report("Complete")}]})
    ran = coord(
        "run", "Add it", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--script", "./-", cwd=ws,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr


# ---- coord route's own wrapping: by display width, not by characters -----------------------


def _lines_at(monkeypatch: pytest.MonkeyPatch, columns: int) -> tuple[Lines, io.StringIO]:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = io.StringIO()
    return Lines(stream), stream


def test_the_redirect_line_wraps_by_display_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """``redirected from X: reason`` was wrapped by textwrap, which counts characters: a
    CJK word (two columns a character) ran past the edge, a Cyrillic word with combining
    accents (none) wrapped early. Each line now fits the width as the terminal shows it."""
    out, stream = _lines_at(monkeypatch, 24)
    reason = ": 数据库索引设计 和 迁移脚本 😀😀 база"
    out.say_wrapped(("redirected from web", Style.YELLOW), reason)
    lines = stream.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 24
    assert " ".join(line.strip() for line in lines) == "redirected from web" + reason

    out, stream = _lines_at(monkeypatch, 26)
    accented = "ці́ль за́пит да́них ві́дповідь"  # 30 characters, 26 columns
    out.say_paragraph(accented, Style.DIM)
    assert stream.getvalue() == accented + "\n"  # one line: it fits


def test_a_table_cell_wraps_by_display_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Candidates table wrapped its last column with textwrap too: a line of CJK
    evidence came out twice as wide as its column and pushed the border out."""
    out, stream = _lines_at(monkeypatch, 40)
    out.table("Candidates", ("agent", "score", "matched"), [("web", "1.00", "数据库 索引 " * 4)])
    rows = stream.getvalue().splitlines()[1:]
    assert len({cell_len(row) for row in rows}) == 1 and cell_len(rows[0]) <= 40
    assert sum(row.count("数据库") for row in rows) == 4


# ---- the report parser: a Needs Review naming a specialist, a framed summary ---------------

FRAMED = """│ ✅ Added the users endpoint │

**Changes:**
- Added GET /users

**Files:** app/api/users.py

**Status:** Complete
"""


def test_a_summary_in_a_closed_frame_loses_both_bars() -> None:
    """The leading bar went as a symbol (with the emoji), the closing one stayed in the
    summary: ``Added the users endpoint │``."""
    assert parse_report(FRAMED).summary == "Added the users endpoint"
    for bar in "┃║":
        assert parse_report(FRAMED.replace("│", bar)).summary == "Added the users endpoint"
    labelled = FRAMED.replace("│ ✅", "**Summary:** │", 1)
    assert parse_report(labelled).summary == "Added the users endpoint"
    inner = FRAMED.replace("users endpoint │", "users │ endpoint")  # no frame: kept
    assert parse_report(inner).summary == "Added the users │ endpoint"
