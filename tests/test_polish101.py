"""polish101: rough edges a daily user meets, mended.

Each test failed on the start commit 88800814.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli import coord
from kit import REPO

from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import Router
from coordinator.routing.text import term_list

# ---- 1. `coord route` shows each candidate only the evidence it has ------------------------

#: A request whose outcome frame (something shown to users) every candidate shared.
SHOWN = "the button does not show up on the page"


def _situation_words(matched: list[str]) -> list[str]:
    """The words of every ``situation "..."`` piece of ``matched``."""
    return [
        w for m in matched for found in re.findall(r'^situation "(.*)"$', m) for w in found.split()
    ]


def test_each_candidate_names_only_the_situation_words_it_holds(tmp_path: Path) -> None:
    """The frame "frontend ui component display" was listed as matched for every runner-up,
    devops-expert too, as if each matched the whole situation: each now names the words of
    the situation's field it holds, the agent chosen more than the runners-up."""
    bundled = load_registry([REPO / "agents"], only=True, cwd=tmp_path, cache=False)
    router = Router(bundled)
    decision = router.route(SHOWN)
    assert decision.agent == "react-frontend-expert"
    chosen = _situation_words(decision.matched)
    assert {"frontend", "ui", "component"} <= set(chosen)
    terms = router.agent_terms  # what each agent holds
    for candidate in decision.candidates:
        words = _situation_words(candidate.matched)
        held = terms[router.names.index(candidate.agent)]
        assert words, candidate  # each holds some of the field (frontend)
        assert all(any(t in held for t in term_list(w)) for w in words), (candidate, words)
    devops = next(c for c in decision.candidates if c.agent == "devops-expert")
    assert "ui" not in _situation_words(devops.matched)


def test_route_shows_it_in_the_table_and_the_json(tmp_path: Path) -> None:
    text = coord("route", SHOWN, cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    rows = [line for line in text.stdout.splitlines() if "devops-expert" in line]
    assert rows and "ui component" not in rows[0], text.stdout
    data = json.loads(coord("route", "--json", SHOWN, cwd=tmp_path).stdout)
    devops = next(c for c in data["candidates"] if c["agent"] == "devops-expert")
    assert not [m for m in devops["matched"] if "ui component" in m]
    assert [m for m in data["matched"] if m.startswith('situation "frontend ui component')]
