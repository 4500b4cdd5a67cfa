"""daily100: a new user's first hour with coord, the rough edges mended.

Each test failed on the start commit 6ddaee27.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli import coord
from kit import away_from_workspace, blocked, report, waiting_run
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


# ---- 2. a request or answer argument that is not UTF-8 is warned of, as a file's is -------

#: What Python makes of the byte 0xff in an argument (``coord route $'\xff'``): a lone
#: surrogate (surrogateescape), as the in-process runner passes it.
NOT_UTF8 = "\udcff"


def test_a_request_argument_that_is_not_utf8_is_warned_of(tmp_path: Path) -> None:
    """`coord route --file F` and `-` warned "bytes that are not UTF-8 read as U+FFFD";
    the same bytes as the argument were replaced silently: the request the agent gets
    is not the one typed, and nothing said so."""
    shown = coord("route", f"Add an index {NOT_UTF8} to the users table", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "warning: the request: bytes that are not UTF-8 read as U+FFFD" in shown.stderr
    plain = coord("route", "Add an index to the users table", cwd=tmp_path)
    assert "U+FFFD" not in plain.stderr


def test_an_answer_argument_that_is_not_utf8_is_warned_of(tmp_path: Path) -> None:
    session, ws, _ = waiting_run(tmp_path, blocked("Product", "Which column?"), report("Complete"))
    answered = coord("resume", session, "--context", f"contact{NOT_UTF8}email", cwd=ws)
    assert answered.returncode == 0, answered.stderr
    assert "warning: the answer: bytes that are not UTF-8 read as U+FFFD" in answered.stderr


# ---- 3. a cases or batch file that is no list says what it holds and how to write one ----


@pytest.mark.parametrize(
    ("args", "text", "found"),
    [
        (("agents", "eval", "-"), "request: Add an index\nexpect: database-engineer\n",
         "it holds one mapping (request, expect), not a list"),
        (("agents", "eval", "-"), "cases:\n  - request: x\n",
         "it holds one mapping (cases), not a list"),
        (("agents", "eval", "-"), "", "it holds nothing"),
        (("run", "--batch", "-"), "request: Add a health check\n",
         "it holds one mapping (request), not a list"),
        (("run", "--batch", "-"), "Add a health check\n", "it holds text (Add a health check)"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_list_says_what_it_holds(
    tmp_path: Path, args: tuple[str, ...], text: str, found: str
) -> None:
    """A first cases or batch file written as one entry without its '- ' was told only
    "expected a non-empty YAML list of {request, expect} entries": nothing said the file
    held one mapping, nor how an entry is written."""
    shown = coord(*args, cwd=tmp_path, stdin=text)
    assert shown.returncode == 4, shown.stdout
    first, hint = shown.stderr.splitlines()[:2]
    assert first.startswith("error: <stdin>: ") and first.endswith(found), first
    assert hint.startswith("Start each entry with '- ', e.g. - "), hint
