# ruff: noqa: RUF001 - Ukrainian words are intended
"""route36: the known-word floor's cuts give what the plain reading gives: a trigger fires
when every term of it is a request term (the subset asked of the request's keys view first)
and its phrase, if any, is written in order; a query term with no relative brings no other
term in (its loop over relatives skipped); a phrase's pattern runs only when both its strings
are in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.routing import outcomes
from coordinator.routing import text as text_module
from coordinator.routing.lexical import Router

BUNDLED = Path(__file__).resolve().parents[1] / "agents"

REQUESTS = [
    "write docs for the REST API",
    "the react component re-renders too often",
    "deploy to kubernetes with helm",
    "postgres query is slow, add an index",
    "model a many-to-many relationship between users and teams",
    "додай трейсинг запитів у fastapi",
    "fix the failing pytest tests in CI",
]


@pytest.fixture(name="router", scope="module")
def bundled_router() -> Router:
    return Router(load_registry([BUNDLED], only=True, cache=False))


def _in_order(phrase: tuple[str, ...], sequence: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(sequence[i : i + size] == phrase for i in range(len(sequence) - size + 1))


@pytest.mark.parametrize("request_text", REQUESTS)
def test_the_triggers_fired_are_those_whose_terms_the_request_holds(
    router: Router, request_text: str
) -> None:
    """Each agent's fired triggers are exactly those filed under a request term whose terms
    the request all holds (a phrase's also in order), each once per term it is filed under."""
    query = router.query(request_text)
    _, fired = router.scores(query)
    expected: dict[int, list[object]] = {}
    for t in query.weights:
        for trigger in router.triggers.get(t, ()):
            if set(trigger.terms) <= set(query.weights) and (
                not trigger.phrase or _in_order(trigger.phrase, query.sequence)
            ):
                expected.setdefault(trigger.agent, []).append(trigger)
    assert fired == expected


def test_some_trigger_fires_among_the_requests(router: Router) -> None:
    """The requests above do fire triggers (the comparison is not of empty maps)."""
    assert sum(bool(router.scores(router.query(text))[1]) for text in REQUESTS) >= 4


@pytest.mark.parametrize("request_text", REQUESTS)
def test_a_term_with_no_relative_brings_no_other_term(router: Router, request_text: str) -> None:
    """Every weighted term is a request term or some request term's relative (or an outcome
    frame's domain term), every relative is weighed, and each weighs something."""
    query = router.query(request_text)
    relatives = {other for others in query.related.values() for other in others}
    own = set(query.related)
    framed = {t for joined in query.framed for t in outcomes.domain_terms(joined)}
    assert set(query.weights) <= own | relatives | framed
    assert relatives <= set(query.weights)  # a term's relatives all weighed
    assert all(w > 0.0 for w in query.weights.values())


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("is our postgres backed up?", "postgres backup"),
        ("back up the database nightly", "backup the database"),
        ("the bot keeps making things up", "hallucination llm"),
        ("made-up answers from the assistant", "hallucination llm"),
    ],
)
def test_a_phrase_with_both_its_strings_is_still_rewritten(text: str, rewritten: str) -> None:
    """A pattern now runs only when both its strings are in the text: its phrases still are
    rewritten, and a text with one string alone ("backend") is left as it was."""
    assert rewritten in text_module.normalise(text)
    assert text_module.normalise("the backend backs the queue") == "the backend backs the queue"
