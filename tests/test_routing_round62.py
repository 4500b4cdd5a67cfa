"""Round 62: an agent holding most of a fired outcome frame's field keeps a request it leads
by score against a choice step that would move it to an agent holding little of that field
(FitChecks._frame_holds, Scorer.frame_share). Requests here are constructed, not from a set."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import choice_fit, outcomes
from coordinator.routing.lexical import Router, route, router_for

AGENTS = Path(__file__).resolve().parents[1] / "agents"
#: A column added while production serves: the safe-migration frame (the database's field)
#: leads by score, and the database engineer's NOT-for topic (deploys) would hand it to devops.
SAFE_MIGRATION = "додати нову колонку в users так, щоб прод не ліг під час деплою"


@pytest.fixture(scope="module")
def bundled() -> Registry:
    return load_registry([AGENTS], only=True, cwd=AGENTS.parent, cache=False)


@pytest.fixture(scope="module")
def router(bundled: Registry) -> Router:
    return router_for(bundled)


def test_frame_terms_join_each_fired_frames_domain_terms_once() -> None:
    joined = frozenset({"outcomesafemigr", "outcomecibuild"})
    found = outcomes.frame_terms(joined)
    expected = {t for j in joined for t in outcomes.domain_terms(j)}
    assert set(found) == expected
    assert len(found) == len(set(found))
    assert outcomes.frame_terms(frozenset()) == ()


def test_frame_share_is_the_share_of_the_frames_field_an_agent_holds(router: Router) -> None:
    query = router.query(SAFE_MIGRATION)
    assert "outcomesafemigr" in query.framed
    database = router.index_of["database-engineer"]
    devops = router.index_of["devops-expert"]
    assert router.frame_share(database, query) >= choice_fit.FRAME_HOLD
    assert router.frame_share(devops, query) <= choice_fit.FRAME_YIELD * router.frame_share(
        database, query
    )
    assert router.frame_share(database, router.query("add a column to users")) == 0.0


def test_the_frames_agent_keeps_the_request_from_a_not_for_redirect(bundled: Registry) -> None:
    decision = route(SAFE_MIGRATION, bundled)
    assert decision.agent == "database-engineer"
    assert decision.redirected_from is None


def test_without_the_rule_the_redirect_moves_it(
    bundled: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(choice_fit, "FRAME_HOLD", 2.0)  # no agent holds more than all of it
    assert route(SAFE_MIGRATION, bundled).agent == "devops-expert"


def test_no_frame_or_the_same_agent_holds_nothing(router: Router) -> None:
    database = router.index_of["database-engineer"]
    devops = router.index_of["devops-expert"]
    plain = router.query("add a column to users")
    assert not router._frame_holds(database, devops, plain)
    framed = router.query(SAFE_MIGRATION)
    assert router._frame_holds(database, devops, framed)
    assert not router._frame_holds(database, database, framed)
    assert not router._frame_holds(devops, database, framed)
