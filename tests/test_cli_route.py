"""``coord route`` the way a user runs it (in process); the import check in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord, coord_probe

from tests.routing_support import ROUTE_JSON_KEYS


def test_route_json_has_the_documented_shape(tmp_path: Path) -> None:
    proc = coord("route", "--json", "Створи endpoint для задач", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == [
        *ROUTE_JSON_KEYS,
        "hint",
        "exit_code",
    ]  # the CLI adds these (daily113: hint)
    assert data["agent"] == "fastapi-backend-expert"
    assert data["candidates"][0] == {
        "agent": "fastapi-backend-expert",
        "score": data["score"],
        "matched": data["matched"],
    }


def test_route_explains_with_a_table(tmp_path: Path) -> None:
    proc = coord("route", "Add an index on tasks.assignee_id", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "database-engineer" in proc.stdout and "Other candidates" in proc.stdout


def test_route_none_fits(tmp_path: Path) -> None:
    proc = coord("route", "--json", "Write a limerick about cats", cwd=tmp_path)
    assert proc.returncode == 4  # the README's exit-code table: no agent fits
    data = json.loads(proc.stdout)
    assert data["agent"] is None and data["reason"]
    text = coord("route", "Write a limerick about cats", cwd=tmp_path)
    assert text.returncode == 4
    why = data["reason"].removeprefix("no agent fits this request: ")
    assert f"No agent fits this request: {why}" in " ".join(text.stdout.split())  # run's words


def test_route_only_uses_the_given_roster(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "poet.md").write_text(
        "---\nname: poet\ndescription: Writes poems, limericks and verses.\n---\nBe a poet.\n",
        encoding="utf-8",
    )
    only = coord("route", "--json", "--only", "--agents-dir", str(folder),
                 "Write a limerick about cats", cwd=tmp_path)  # fmt: skip
    assert json.loads(only.stdout)["agent"] == "poet"
    backend = coord("route", "--json", "--only", "--agents-dir", str(folder),
                    "Create a FastAPI endpoint", cwd=tmp_path)  # fmt: skip
    assert json.loads(backend.stdout)["agent"] is None
    mixed = coord("route", "--json", "--agents-dir", str(folder), "Create a FastAPI endpoint",
                  cwd=tmp_path)  # fmt: skip
    assert json.loads(mixed.stdout)["agent"] == "fastapi-backend-expert"


def test_route_empty_request_is_a_user_error(tmp_path: Path) -> None:
    proc = coord("route", "  ", cwd=tmp_path)
    assert proc.returncode == 4
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


def test_route_does_not_import_the_sdk(tmp_path: Path) -> None:
    probe = coord_probe("route", "--json", "Deploy with Docker", cwd=tmp_path)
    assert '"agent": "devops-expert"' in probe.stdout
    heavy = [m for m in probe.modules if m.split(".")[0] in ("anthropic", "httpx2")]
    assert heavy == []


def test_route_names_situations_and_phrases_not_internal_terms(tmp_path: Path) -> None:
    """A frame's joined word (``outcomeshown``) reads as the situation it names (by the words
    of its field the agent holds: polish101), in the text and in the JSON alike."""
    from coordinator.routing.outcomes import ENTRIES

    request = "add a status column to the tasks table and show it in the React list"
    data = json.loads(coord("route", "--json", request, cwd=tmp_path).stdout)
    shown = 'situation "frontend ui component render"'
    assert shown in data["matched"] and "outcomeshown" not in data["matched"]
    text = coord("route", request, cwd=tmp_path).stdout
    assert "outcome" not in text
    lines = text.splitlines()  # the matched line, wrapped to 80 columns between items
    matched = lines[1:2] + [line for line in lines[2:4] if line.startswith("         ")]
    assert lines[1].startswith("matched: ") and any(shown in line for line in matched)
    assert ENTRIES["outcomeshown"].startswith("frontend ui component display render")
