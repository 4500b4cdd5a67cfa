"""A near tie's reason when the agent a rule chose is not among the listed candidates.

A framework the request writes can choose an agent that scored below the five candidates
listed; the reason then says by how much less it scored than the top scorer. It used to look
the chosen agent's score up among the five only, and ``Router.route`` raised StopIteration
(``coord route`` printed a traceback) on these two requests of the routing sanity sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import Router
from tests.routing_support import SHARED

CASES = [
    (
        "wshobson__agents",
        "ELK: logstash grok for our legacy app's multiline Java stack traces, "
        "they get split into separate events",
    ),
    ("", "перепиши цей модуль на тайпскрипт, зараз там js з jsdoc"),  # every corpus roster
]


def _router(folder: str, cwd: Path) -> Router:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    corpus = SHARED / "corpus"
    folders = [corpus / folder] if folder else sorted(p for p in corpus.iterdir() if p.is_dir())
    return Router(load_registry(folders, only=True, cwd=cwd, cache=False))


@pytest.mark.parametrize(("folder", "text"), CASES)
def test_a_rule_s_pick_from_past_the_candidates_says_its_margin(
    tmp_path: Path, folder: str, text: str
) -> None:
    decision = _router(folder, tmp_path).route(text)
    assert decision.agent is not None
    assert "a near tie" in decision.reason
    assert "scored only" in decision.reason or "scored the same" in decision.reason
    listed = {c.agent: c.score for c in decision.candidates}
    assert listed[decision.agent] == decision.score  # listed, with the score the margin used
