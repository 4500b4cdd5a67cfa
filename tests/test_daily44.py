"""daily44: the rough edges the last walk left, and a CI script's first half hour."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord


def test_a_trigger_in_another_language_names_the_request_words_that_fired_it(
    tmp_path: Path,
) -> None:
    """``coord route "Write a Dockerfile"`` showed ``matched: trigger "Напиши Dockerfile"``
    (the agent's trigger has no English twin): an English reader was shown words they never
    wrote as the reason. The trigger is still named, with the words of the request that
    fired it; a request in the trigger's own language sees it as before."""
    english = coord("route", "Write a Dockerfile", "--json", cwd=tmp_path)
    assert english.returncode == 0, english.stderr
    decision = json.loads(english.stdout)
    assert decision["agent"] == "devops-expert"
    assert decision["matched"][0] == 'trigger "Напиши Dockerfile" (your words: write, dockerfile)'
    shown = coord("route", "Write a Dockerfile", cwd=tmp_path, env={"COLUMNS": "200"})
    assert "(your words: write, dockerfile)" in shown.stdout
    ukrainian = coord("route", "Напиши Dockerfile", "--json", cwd=tmp_path)
    assert json.loads(ukrainian.stdout)["matched"][0] == 'trigger "Напиши Dockerfile"'
