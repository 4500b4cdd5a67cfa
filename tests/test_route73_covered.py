"""Route73: whether an agent covers a request (``FitChecks._covered``) reads the share it
needs (``_plain_needed``) only when its coverage lies between the two shares that can be
needed; the answer is the one the full computation gives, on the corpus rosters and the
routing sets' requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import choice_fit
from coordinator.routing.audience import names_audience
from coordinator.routing.evaluate import load_cases
from coordinator.routing.lexical import Router
from coordinator.routing.query import _Query
from coordinator.routing.tuning import AUDIENCE_COVERAGE, MIN_COVERAGE, SINGLE_TERM_COVERAGE
from tests.routing_support import Rosters


def _requests(shared: Path) -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((shared / "routing").glob("dev-*.yaml")):
        found.update(dict.fromkeys(case.request for case in load_cases(path)))
    return list(found)


def _full(router: Router, index: int, query: _Query) -> bool:
    """``_covered`` as it read before route73: the share needed, always looked up."""
    coverage = router.coverage(index, query)
    if coverage >= router._plain_needed(index, query):
        return True
    return coverage >= AUDIENCE_COVERAGE and names_audience(query.tokens)


def test_the_shares_bound_what_is_needed() -> None:
    """The two bounds are the shares ``_plain_needed`` answers, the larger and the smaller."""
    assert choice_fit._SURELY_COVERED == max(MIN_COVERAGE, SINGLE_TERM_COVERAGE)
    assert choice_fit._SURELY_SHORT == min(MIN_COVERAGE, SINGLE_TERM_COVERAGE)


@pytest.mark.parametrize("name", ["bundled", "voltagent", "0xfurai"])
def test_covered_equals_the_full_computation(
    name: str, corpus_rosters: Rosters, shared: Path
) -> None:
    """Every candidate of every routing-set request: the same answer as the full
    computation, and the share needed is one of the two bounds (both sides of each bound
    are reached, so the early answers are exercised)."""
    registry: Registry = corpus_rosters[name]
    router = Router(registry)
    sides = set()
    for request in _requests(shared):
        query = router.query(request)
        totals, _ = router.scores(query)
        for index in sorted(totals, key=lambda i: -totals[i])[:8]:
            needed = router._plain_needed(index, query)
            assert needed in (MIN_COVERAGE, SINGLE_TERM_COVERAGE)
            assert router._covered(index, query) == _full(router, index, query), request
            coverage = router.coverage(index, query)
            sides.add((coverage >= choice_fit._SURELY_COVERED, coverage < choice_fit._SURELY_SHORT))
    assert {(True, False), (False, True), (False, False)} <= sides
