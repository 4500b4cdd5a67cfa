# ruff: noqa: RUF001 - Ukrainian letters are intended
"""The eleventh round's cuts give exactly what they replace: a decision whose candidates and
``also`` are worked out on first read (and otherwise behave as the plain dataclass), the
trigger look-ups made only for the terms some trigger is filed under, and a request of
token letters and spaces split without a regex."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import random

import pytest
import test_routespeed3_lazy as lazy3

from coordinator.routing import lexical, text
from coordinator.routing.lexical import (
    Candidate,
    RouteDecision,
    Router,
    _fires,
    _Query,
    _round3,
    _Trigger,
)

REQUEST = "Optimize the slow SQL query and add an index to the orders table"
_ranked = lazy3._ranked


@pytest.fixture(scope="module")
def setup() -> tuple[Router, list[str]]:
    return lazy3.lst97_router()


def _old_scores(
    router: Router, query: _Query
) -> tuple[dict[int, float], dict[int, list[_Trigger]]]:
    """The tenth round's scores: every term's trigger list looked up."""
    totals: dict[int, float] = {}
    for t, factor in query.weights.items():
        found = router.postings.get(t, [])
        for index, contribution in found if factor == 1.0 else found[:4]:
            add = contribution if factor == 1.0 else contribution * factor
            totals[index] = totals[index] + add if index in totals else add
    fired: dict[int, list[_Trigger]] = {}
    present = query.weights.keys()
    for t in present:
        for trigger in router.triggers.get(t) or ():
            if trigger.terms <= present and _fires(trigger, query):
                fired.setdefault(trigger.agent, []).append(trigger)
                totals[trigger.agent] = totals.get(trigger.agent, 0.0) + trigger.weight
    return totals, fired


def test_candidates_and_also_are_worked_out_on_first_read(
    setup: tuple[Router, list[str]],
) -> None:
    router, _ = setup
    decision = router.route(REQUEST)
    assert decision.agent is not None
    state = vars(decision)
    assert state["candidates"] is lexical._PENDING and state["also"] is lexical._PENDING
    query = state["_source"][3]
    explained = set(query.explained)
    assert decision.also == decision.also  # worked out once, then kept
    assert vars(decision)["also"] is decision.also
    assert len(decision.candidates) > 1 and vars(decision)["candidates"] is decision.candidates
    assert set(query.explained) >= explained


def test_lazy_decisions_equal_eager_ones(setup: tuple[Router, list[str]]) -> None:
    router, requests = setup
    chosen = 0
    for request in requests:
        decision = router.route(request)
        if "everyday life" in decision.reason:  # decided before any scoring
            continue
        query = router.query(request)
        ranked, fired = _ranked(router, query, decision.agent)
        eager = [
            Candidate(router.names[i], _round3(s), router.evidence(i, query, fired.get(i, [])))
            for i, s in ranked
        ]
        assert decision.candidates == eager, request
        if decision.agent is None or decision.redirected_from is not None:
            continue
        chosen += 1
        index = router.index_of[decision.agent]
        assert decision.also == router.also(index, ranked, query), request
        listed = [c for c in eager if c.agent == decision.agent]
        if listed:  # the chosen one's score and evidence are its candidate's
            assert (decision.score, decision.matched) == (listed[0].score, listed[0].matched)
    assert chosen > 80


def test_a_lazy_decision_behaves_as_a_route_decision(setup: tuple[Router, list[str]]) -> None:
    router, _ = setup
    decision = router.route(REQUEST)
    plain = RouteDecision(
        **{f.name: getattr(decision, f.name) for f in dataclasses.fields(RouteDecision)}
    )
    assert decision == plain and plain == decision and decision == router.route(REQUEST)
    assert decision != dataclasses.replace(plain, also=["someone"])
    assert repr(decision) == repr(plain)
    assert dataclasses.asdict(decision) == dataclasses.asdict(plain)
    assert decision.model_dump(mode="json") == plain.model_dump(mode="json")
    assert decision.to_json() == plain.to_json()
    copied = pickle.loads(pickle.dumps(router.route(REQUEST)))
    assert type(copied) is RouteDecision and copied == plain
    assert copy.deepcopy(router.route(REQUEST)) == plain
    assert copy.copy(router.route(REQUEST)) == plain
    changed = router.route(REQUEST).model_copy(update={"reason": "other"})
    assert changed.reason == "other" and changed.candidates == plain.candidates
    fresh = router.route(REQUEST)
    fresh.also = ["x"]
    fresh.candidates = []
    assert (fresh.also, fresh.candidates) == (["x"], [])


def test_triggers_are_read_for_their_terms_only(setup: tuple[Router, list[str]]) -> None:
    router, requests = setup
    fired_any = 0
    for request in requests:
        query = router.query(request)
        totals, fired = router.scores(query)
        old_totals, old_fired = _old_scores(router, query)
        assert list(totals.items()) == list(old_totals.items()), request
        assert fired == old_fired, request
        fired_any += bool(fired)
    assert fired_any > 5


def test_tokens_of_plain_text_are_its_words() -> None:
    letters = "ab z09яіїєґщё"
    others = " .,-+#_/'\"!?:\tÀß"
    rng = random.Random(5)
    for size in range(2000):
        pool = letters if size % 2 else letters + others
        lowered = "".join(rng.choice(pool) for _ in range(size % 40))
        assert text._tokens(lowered) == text._TOKEN.findall(lowered), lowered
    assert text._tokens("створи endpoint для списку") == ["створи", "endpoint", "для", "списку"]
