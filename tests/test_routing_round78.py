"""Round 78: a page, screen or service told slow by its seconds (outcomes' round 63 frame) is
the performance engineer's, whatever framework renders the page (nextjs, a UI designer's
"page" words) or however the request is read (a request "запит" is not a database query);
one query told slow in its database stays the optimizer's. The agents are read from the
roster's names, none is listed. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import roster_of

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for

_ROSTER = [
    ("performance-engineer", "Application performance: profiling, latency, load testing."),
    ("nextjs-pro", "Next.js pages, server rendering, routing, page loading and images."),
    ("ui-designer", "Designs pages, screens, components, layouts and visual styles."),
    ("frontend-developer", "Builds frontend pages and components, page load and rendering."),
    ("database-optimizer", "Database performance: slow SQL queries, indexes, query plans."),
    ("backend-architect", "Designs backend services, APIs and request handling under load."),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r78"), _ROSTER)


def _asked(text: str, roster: Registry) -> list[str]:
    router = router_for(roster)
    query = router.query(text)
    return [act.name for act, _ in router.acts.asked(query.weights, query.tokens)]


@pytest.mark.parametrize(
    "text",
    [
        "the pricing page takes 9 seconds to load and the sales team is furious",
        "сторінка замовлень вантажиться 7 секунд, що гальмує",
        "the checkout screen takes 5 seconds to open after the last release",
        "кожен запит до сервісу відповідає 3 секунди під навантаженням",
    ],
)
def test_slowness_in_seconds_asks_for_performance_work(roster: Registry, text: str) -> None:
    assert "slow in seconds" in _asked(text, roster)
    assert route(text, roster).agent == "performance-engineer"


@pytest.mark.parametrize(
    "text",
    [
        "the sales report query takes 40 seconds in postgres, explain shows a seq scan",
        "the orders page takes 6 seconds: the sql behind it has no index",
    ],
)
def test_one_slow_query_in_a_database_is_not_asked(roster: Registry, text: str) -> None:
    assert "slow in seconds" not in _asked(text, roster)
    assert route(text, roster).agent == "database-optimizer"


def test_slow_without_seconds_asks_for_nothing_new(roster: Registry) -> None:
    # the frame needs its measure: "slow" alone is a symptom the technology's expert reads
    assert "slow in seconds" not in _asked("the next.js page feels slow", roster)
