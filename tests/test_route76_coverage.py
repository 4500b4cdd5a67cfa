"""Route76: an agent's coverage of a request is worked out in the one pass that finds what
it explains (``Scorer._explained``), summed in the same order as the separate pass over the
explained terms summed it before; the share is the same double, on the corpus rosters and
the routing sets' requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.evaluate import load_cases
from coordinator.routing.lexical import Router
from coordinator.routing.query import _Query
from tests.routing_support import Rosters


def _requests(shared: Path) -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((shared / "routing").glob("dev-*.yaml")):
        found.update(dict.fromkeys(case.request for case in load_cases(path)))
    return list(found)


def _share(explained: dict[str, float], query: _Query) -> float:
    """The coverage as ``Scorer.coverage`` summed it before route76: the explained terms'
    basis times what is explained of each, in their order, over the request's weight."""
    products = [query.basis[t] * c for t, c in explained.items()]
    total = query.total
    return min(1.0, sum(products) / total) if total else 0.0


@pytest.mark.parametrize("name", ["bundled", "voltagent", "0xfurai"])
def test_coverage_comes_with_what_an_agent_explains(
    name: str, corpus_rosters: Rosters, shared: Path
) -> None:
    """Every top-8 candidate of every routing-set request: finding what it explains also
    keeps its coverage, the very share the separate pass gave, and reading the coverage
    first gives the same share and the same explained terms."""
    registry: Registry = corpus_rosters[name]
    router = Router(registry)
    partial = full = 0
    for request in _requests(shared):
        query, other = router.query(request), router.query(request)
        totals, _ = router.scores(query)
        for index in sorted(totals, key=lambda i: -totals[i])[:8]:
            explained = router._explained(index, query)
            assert query.covered[index] == _share(explained, query), request
            assert router.coverage(index, other) == query.covered[index], request
            assert list(other.explained[index].items()) == list(explained.items()), request
            share = query.covered[index]
            partial, full = partial + (0.0 < share < 1.0), full + (share == 1.0)
    assert partial and full  # shares in between and capped at the whole request are read
