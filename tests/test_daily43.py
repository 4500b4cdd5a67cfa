"""daily43: rough edges a demanding new user met in the first half hour of the tour."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord


def test_an_english_request_is_shown_the_trigger_it_wrote_not_its_twin(tmp_path: Path) -> None:
    """``coord route "Create an endpoint for tasks"`` said ``matched: trigger "Створи
    endpoint"``: the agent's English trigger and its Ukrainian twin fire on the same words
    with the same weight, and the first written won the display. The user is shown the
    one in their own language (a Ukrainian request still sees the Ukrainian one)."""
    english = coord("route", "Create an endpoint for tasks", cwd=tmp_path, env={"COLUMNS": "200"})
    assert english.returncode == 0, english.stderr
    [matched] = [line for line in english.stdout.splitlines() if line.startswith("matched: ")]
    assert matched.startswith('matched: trigger "Create an endpoint", '), matched
    assert "Створи" not in english.stdout
    review = coord("route", "Review the FastAPI code", "--json", cwd=tmp_path)
    assert json.loads(review.stdout)["matched"][0] == 'trigger "Review the FastAPI code"'
    ukrainian = coord("route", "Створи endpoint для задач", "--json", cwd=tmp_path)
    assert json.loads(ukrainian.stdout)["matched"][0] == 'trigger "Створи endpoint"'
