"""daily100: a new user's first hour with coord, the rough edges mended.

Each test failed on the start commit 6ddaee27.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli import coord
from kit import away_from_workspace, report
from kit import run_from_elsewhere as run

# ---- 1. `coord stats` counts a copied project's session once, as `coord sessions` lists it --


def _spent(cwd: Path) -> tuple[int, float]:
    """``coord stats --json`` from ``cwd``: the runs and the cost it counts."""
    shown = coord("stats", "--json", cwd=cwd)
    assert shown.returncode == 0, shown.stderr
    rows = json.loads(shown.stdout)
    return sum(r["runs"] for r in rows), round(sum(r["cost_usd"] for r in rows), 6)


def test_stats_count_a_copied_projects_session_once(tmp_path: Path) -> None:
    """`cp -r project copy` copies its database: `coord sessions` lists the session once
    (review70), but `coord stats` from the copy, or from anywhere once the copy ran a
    session of its own, added the session's runs and cost twice: a spend that was never
    made."""
    setup = away_from_workspace(tmp_path)
    first = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    assert first.returncode == 0, first.stderr
    one_run = _spent(setup["ws"])
    assert one_run[0] == 1
    copy = tmp_path / "copy"
    shutil.copytree(setup["ws"], copy)  # its .coordinator/ database too
    assert _spent(copy) == one_run  # counted 2 runs, twice the cost
    setup["ws"] = copy  # a session of the copy's own: the index now knows its database
    other = run(setup, {"backend": [{"text": report("Complete")}]}, "Add a health check")
    assert other.returncode == 0, other.stderr
    listed = json.loads(coord("sessions", "--json", cwd=setup["elsewhere"]).stdout)
    assert len(listed) == 2
    runs, cost = _spent(setup["elsewhere"])
    assert runs == 2  # counted 3
    assert cost == round(sum(s["cost_usd"] for s in listed), 6)
