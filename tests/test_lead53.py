"""lead53: a settings file that is valid JSON but no object is refused alike by ``coord
route`` and ``coord run``.

``coord route`` read such a file as holding no ``Agent(NAME)`` rule and answered, while
``coord run`` refused the same file ("settings must be a JSON object"): the two disagreed on
one workspace. Now both name the file and refuse it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"
REQUEST = "Add a GET /health/db endpoint that checks the database connection"


@pytest.mark.parametrize("text", ["[1, 2]", '"deny"', "null", "3"])
def test_route_and_run_refuse_a_settings_file_that_is_no_object(tmp_path: Path, text: str) -> None:
    """Both commands exit non-zero with one line naming the file."""
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(text, encoding="utf-8")
    said = f"{settings}: settings must be a JSON object"
    routed = coord("route", REQUEST, cwd=tmp_path)
    ran = coord("run", "--script", TOUR, REQUEST, cwd=tmp_path)
    for result in (routed, ran):
        assert result.returncode != 0
        assert said in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
