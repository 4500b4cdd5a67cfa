"""Route75: the act a request asks is not read (its verbs, its actor nouns) when no agent of
an act it may ask scores what the router's act pick needs (``SituationPicks._act_agent``);
the pick is the one reading every act gives, on the corpus rosters with role agents and the
routing sets' requests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from coordinator.routing import acts
from coordinator.routing.acts import WIDEST_CLOSE, Act, RoleActs, all_acts
from coordinator.routing.evaluate import load_cases
from coordinator.routing.lexical import Router
from coordinator.routing.tuning import ACT_SAID_CLOSE, TOP_CANDIDATES
from tests.routing_support import Rosters

_READ_ALL = RoleActs.asked


def _requests(shared: Path) -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((shared / "routing").glob("dev-*.yaml")):
        found.update(dict.fromkeys(case.request for case in load_cases(path)))
    return list(found)


def _every_act(
    self: RoleActs,
    terms: Mapping[str, float],
    tokens: Sequence[str],
    reach: tuple[Mapping[int, float], float] | None = None,
) -> list[tuple[Act, tuple[int, ...]]]:
    """``RoleActs.asked`` as it read before route75: every act read, whatever the scores."""
    return _READ_ALL(self, terms, tokens)


def test_no_act_is_closer_than_the_widest() -> None:
    """The floor the pick reads holds for every act: none has a wider close share."""
    assert all(max(act.close, ACT_SAID_CLOSE) <= WIDEST_CLOSE for act in all_acts())


def test_the_act_pick_equals_reading_every_act(
    corpus_rosters: Rosters, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every routing-set request on two rosters with role agents: the act pick (agent,
    score, act) with the acts left unread below the floor equals the pick reading every act;
    the floor leaves some request's acts unread that reading would have found asked, so the
    early answer is exercised."""
    unread = 0
    for name in ("voltagent", "lst97"):
        router = Router(corpus_rosters[name])
        for request in _requests(shared):
            query = router.query(request)
            totals, _ = router.scores(query)
            ranked = sorted(totals.items(), key=lambda item: -item[1])[:TOP_CANDIDATES]
            if not ranked:
                continue
            picked = router._act_agent(query, ranked, totals)
            with monkeypatch.context() as patched:
                patched.setattr(acts.RoleActs, "asked", _every_act)
                assert router._act_agent(query, ranked, totals) == picked, request
            floor = max(router.min_score, (1 - WIDEST_CLOSE) * ranked[0][1])
            reached = router.acts.asked(query.weights, query.tokens, (totals, floor))
            unread += not reached and bool(router.acts.asked(query.weights, query.tokens))
    assert unread > 0
