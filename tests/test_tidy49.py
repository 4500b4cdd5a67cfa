"""tidy49 (2026-12-04): rough edges daily18's new user met.

- ``coord run`` with no fitting agent said one idea twice ("no agent fits this request: no
  specialist fits: …"): one sentence, the reason kept.
- ``coord route``'s reason rounded the nearest agent's score from its raw value, the table
  from the decision's (already rounded to three places): "score 1.30" over a row of 1.29.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord


def test_run_with_no_fitting_agent_says_so_once_with_the_reason(tmp_path: Path) -> None:
    done = coord("run", "bake a chocolate cake for my birthday", cwd=tmp_path)
    assert done.returncode == 4
    assert done.stderr.splitlines()[0] == (
        'error: no agent fits this request: "bake" is about everyday life, not software'
    )
    as_json = coord("run", "bake a chocolate cake for my birthday", "--json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["error"].startswith('no agent fits this request: "bake"')


@pytest.mark.parametrize(
    "request_text",
    [
        "our ERC-20 transfer costs way too much gas",  # raw 1.2950..: "1.30", table 1.29
        "why does go vet complain about copying a sync.Mutex in my struct? I'm new to Go",
    ],
)
def test_route_s_reason_and_table_show_one_score_for_the_nearest(request_text: str) -> None:
    shown = coord("route", request_text, env={"COLUMNS": "200"})
    assert shown.returncode == 4
    lines = shown.stdout.splitlines()
    reason = next(x for x in lines if x.startswith("no specialist fits: the nearest, "))
    nearest = reason.removeprefix("no specialist fits: the nearest, ").split(",")[0]
    (row,) = [x.split("│") for x in lines if f" {nearest} " in x and "│" in x]
    assert f"with score {row[2].strip()} (needs" in reason, (reason, row)
