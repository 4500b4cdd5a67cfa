"""tidy52: rough edges in daily use.

* ``coord route`` said "No specialist fits this request." (and its reason again, "no
  specialist fits: …") where ``coord run`` said "no agent fits this request: …": one
  wording now, built in one place (``lexical.no_fit_words``); the JSON is as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord

from coordinator.errors import EXIT_USER_ERROR

# ---- one wording when no agent fits -------------------------------------------------------


@pytest.mark.parametrize(
    "request_text",
    [
        "What should I cook for dinner tonight?",  # everyday life: no nearest candidates
        "our ERC-20 transfer costs way too much gas",  # a nearest one explains too little
    ],
)
def test_route_and_run_say_the_same_words_when_no_agent_fits(
    tmp_path: Path, request_text: str
) -> None:
    env = {"COLUMNS": "300"}  # each on one line
    routed = coord("route", request_text, cwd=tmp_path, env=env)
    ran = coord("run", request_text, cwd=tmp_path, env=env)
    assert routed.returncode == ran.returncode == EXIT_USER_ERROR
    said = ran.stderr.splitlines()[0].removeprefix("error: ")
    assert said.startswith("no agent fits this request: ")
    assert routed.stdout.splitlines()[0] == said[:1].upper() + said[1:]
    assert "specialist" not in routed.stdout + ran.stderr
    as_json = json.loads(coord("route", request_text, "--json", cwd=tmp_path).stdout)
    assert as_json["agent"] is None  # the JSON unchanged: its reason as the router gives it
    assert as_json["reason"] == "no specialist fits: " + said.split(": ", 1)[1]
