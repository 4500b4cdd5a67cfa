"""``coord agents list|show|validate|eval`` as a user runs them (in process)."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord

from tests.kit import write_agent as _agent

REPO = Path(__file__).resolve().parents[1]


def test_list_shows_bundled_and_shadowed(tmp_path: Path) -> None:
    mine = _agent(tmp_path / "team", "devops-expert", "My own devops.")
    proc = coord("agents", "list", "--json", "--agents-dir", str(tmp_path / "team"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    names = {a["name"]: a for a in data["agents"]}
    assert names["devops-expert"]["path"] == str(mine)
    assert names["database-engineer"]["kind"] == "bundled"
    [shadowed] = data["shadowed"]
    assert shadowed["name"] == "devops-expert" and shadowed["by"] == str(mine)

    table = coord("agents", "list", "--agents-dir", str(tmp_path / "team"), cwd=tmp_path)
    assert "shadowed" in table.stdout and "database-engineer" in table.stdout


def test_list_only(tmp_path: Path) -> None:
    _agent(tmp_path / "team", "solo")
    proc = coord("agents", "list", "--json", "--only", "--agents-dir", "team", cwd=tmp_path)
    assert [a["name"] for a in json.loads(proc.stdout)["agents"]] == ["solo"]


def test_show_lists_triggers_and_redirects(tmp_path: Path) -> None:
    proc = coord("agents", "show", "fastapi-backend-expert", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for needle in ("TaskIQ", "database-engineer", "Read, Grep", "chars"):
        assert needle in proc.stdout
    data = json.loads(coord("agents", "show", "D1", "--json", cwd=tmp_path).stdout)
    assert data["name"] == "database-engineer" and data["prompt_chars"] > 1000


def test_show_unknown_names_close_matches(tmp_path: Path) -> None:
    proc = coord("agents", "show", "devops-expret", cwd=tmp_path)
    assert proc.returncode == 4
    assert "unknown agent: devops-expret" in proc.stderr and "devops-expert" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_reports_file_and_line_and_fails_on_errors(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    _agent(folder, "fine")
    (folder / "broken.md").write_text("---\nname: broken\n---\n", encoding="utf-8")
    (folder / "colon.md").write_text(
        "---\nname: colon\ndescription: Use it. Triggers on: 'x'.\n---\n", encoding="utf-8"
    )
    proc = coord("agents", "validate", str(folder), cwd=tmp_path)
    assert proc.returncode == 1
    assert "team/broken.md:1: error: frontmatter 'description' is missing" in proc.stdout
    assert "team/colon.md:3: warning" in proc.stdout
    (folder / "broken.md").unlink()
    ok = coord("agents", "validate", str(folder), "--json", cwd=tmp_path)
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["warning_count"] == 1


def test_eval_prints_accuracy_and_misses(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {request: Write a Dockerfile, expect: devops-expert}\n"
        "- {request: Write a Dockerfile, expect: [react-frontend-expert]}\n",
        encoding="utf-8",
    )
    proc = coord("agents", "eval", str(cases), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "50.0%" in proc.stdout and "1/2" in proc.stdout
    data = json.loads(coord("agents", "eval", str(cases), "--json", cwd=tmp_path).stdout)
    assert data["correct"] == 1 and data["misses"][0]["agent"] == "devops-expert"


def test_eval_own_examples(tmp_path: Path) -> None:
    proc = coord("agents", "eval", str(REPO / "examples" / "routing-cases.yaml"), "--json",
                 cwd=tmp_path)  # fmt: skip
    assert json.loads(proc.stdout)["accuracy"] >= 0.9


def test_eval_malformed_cases_is_a_user_error(tmp_path: Path) -> None:
    cases = tmp_path / "bad.yaml"
    cases.write_text("- {request: fine, expect: devops-expert}\n- just a string\n", "utf-8")
    proc = coord("agents", "eval", str(cases), cwd=tmp_path)
    assert proc.returncode == 4
    assert "bad.yaml:2: entry 2" in proc.stderr and "Traceback" not in proc.stderr
