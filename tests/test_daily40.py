"""daily40: rough edges a demanding user met on the first day.

- ``coord agents show NAME`` says the warnings of the agent's own file (a tool name that is
  no tool, an unknown field), as ``coord agents validate`` does: the README names ``show``
  among the places where what cannot apply is reported, and it said nothing.
- ``--min-accuracy`` out of its range (or ``nan``) is refused in coord's words, ``must be at
  most 100 (got 101)``, as ``--limit 0`` is, not pydantic's ("Input should be less than or
  equal to 100", said of ``nan`` too).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import write_worker

from coordinator.roster.loader import load_registry
from coordinator.roster.spec import Severity

_MISSPELT = "---\nname: rr\ndescription: Reviews things.\ntools: Raed, Grep\nfoo: bar\n---\nBody.\n"


def _team(root: Path) -> Path:
    folder = root / "team"
    folder.mkdir()
    (folder / "rr.md").write_text(_MISSPELT, encoding="utf-8")
    (folder / "other.md").write_text(
        "---\nname: other\ndescription: Other things.\nbar: 1\n---\nBody.\n", encoding="utf-8"
    )
    return folder


def test_the_roster_gives_an_agent_its_own_files_warnings(tmp_path: Path) -> None:
    registry = load_registry([_team(tmp_path)], only=True, cache=False)
    found = registry.problems_of(registry.get("rr"))
    assert [(p.line, p.severity) for p in found] == [(4, Severity.WARNING), (5, Severity.WARNING)]
    assert "'Raed' is no tool" in found[0].message and "'foo'" in found[1].message


def test_agents_show_says_the_files_warnings(tmp_path: Path) -> None:
    _team(tmp_path)
    args = ("agents", "show", "rr", "--agents-dir", "team", "--only")
    shown = coord(*args, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    said = ("team/rr.md:4: warning: tools: 'Raed' is no tool", "team/rr.md:5: warning: unknown")
    assert all(any(line.startswith(s) for line in lines) for s in said)
    assert "'bar'" not in shown.stdout  # another agent's file is not this one's
    data = json.loads(coord(*args, "--json", cwd=tmp_path).stdout)
    problems = [(p["line"], p["severity"]) for p in data["problems"]]
    assert problems == [(4, "warning"), (5, "warning")]
    assert {p["path"] for p in data["problems"]} == {data["path"]}  # named as the agent is


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("101", "must be at most 100 (got 101)"),
        ("1e3", "must be at most 100 (got 1000)"),
        ("-1", "must be at least 0 (got -1)"),
        ("nan", "must be a number (got nan)"),
    ],
)
def test_min_accuracy_out_of_range_is_said_in_coords_words(
    tmp_path: Path, value: str, said: str
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {request: add an index to the tasks table, expect: database-engineer}\n")
    ran = coord("agents", "eval", cases, "--min-accuracy", value, "--json", cwd=tmp_path)
    assert ran.returncode == 4
    assert json.loads(ran.stdout)["error"] == f"--min-accuracy: {said}"  # daily70: our voice
    assert "Input should" not in ran.stderr


def test_a_runs_progress_line_says_needs_review_in_words(tmp_path: Path) -> None:
    """The line a run ends with (stderr, not a terminal) said ``needs_review``, the stored
    code, where the tree, the panel and every other line say ``needs review``."""
    script = tmp_path / "s.yaml"
    script.write_text(
        "agents:\n  worker:\n    - text: 'Done, see above.'\n    - text: 'Still done.'\n"
        "    - text: '**Status:** Complet'\n",
        encoding="utf-8",
    )
    agents = write_worker(tmp_path / "agents")
    ran = coord("run", "do it", "--agent", "worker", "--agents-dir", agents, "--only",
                "--script", script, cwd=tmp_path)  # fmt: skip
    assert ran.returncode == 2, ran.stderr
    [ended] = [line for line in ran.stderr.splitlines() if line.endswith(" worker needs review")]
    assert ended.startswith("[") and "needs_review" not in ran.stderr
