"""`coord parse FILE|-` as a user runs it: real exit codes, stdout and stderr (in process);
the import check runs in a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from cli import Ran, coord_probe
from cli import coord as run_coord

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def coord(*args: str, stdin: str | None = None) -> Ran:
    return run_coord("parse", *args, stdin=stdin, cwd=REPO)


def test_blocked_example_as_json() -> None:
    proc = coord(str(EXAMPLES / "report-blocked.md"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {
        *("summary", "changes", "files", "file_lines", "file_groups"),
        *("status", "domain", "blocker", "required"),
    }
    assert data["status"] == "blocked"
    assert data["domain"] == "database"
    assert data["files"] == ["backend/app/api/routes/users.py", "backend/app/schemas/user.py"]
    assert "User model schema" in data["required"]
    assert len(data["changes"]) == 2


def test_complete_example_rich_view_lists_the_fields() -> None:
    proc = coord("examples/report-complete.md")
    assert proc.returncode == 0, proc.stderr
    for text in ("Complete", "Task comments API", "backend/app/schemas/comment.py", "Changes"):
        assert text in proc.stdout
    assert "Domain" not in proc.stdout


def test_stdin_with_dash() -> None:
    report = "Summary: cache\nChanges:\n- warm cache\nFiles: none\nStatus: needs review\n"
    proc = coord("-", "--json", stdin=report)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["status"], data["files"], data["changes"]) == ("needs_review", [], ["warm cache"])


def test_invalid_report_is_one_line_on_stderr_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("\u2705 x\n\n**Changes:**\n- a\n\n**Status:** Done-ish\n", encoding="utf-8")
    proc = coord(str(bad))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == (
        f"error: {bad}: line 6: unknown status 'Done-ish' "
        "(expected Complete, Blocked or Needs Review)\n"
    )


def test_blocked_without_required_from_stdin_names_stdin() -> None:
    proc = coord("-", stdin="**Status:** Blocked\n**Domain:** Backend\n")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: <stdin>: line 1: status is Blocked")
    assert "Traceback" not in proc.stderr


def test_missing_file_is_a_user_error_exit_4(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    proc = coord(str(missing))
    assert proc.returncode == 4
    assert proc.stderr == (
        f"error: cannot read the report {missing}: No such file or directory\nCheck the path.\n"
    )


def test_parse_does_not_import_the_sdk_or_http_stack() -> None:
    probe = coord_probe("parse", EXAMPLES / "report-complete.md", "--json")
    assert json.loads(probe.stdout)["status"] == "complete"
    assert "protocols.parse" in probe.modules
    assert not {m.split(".")[0] for m in probe.modules} & {"anthropic", "httpx", "httpx2"}
