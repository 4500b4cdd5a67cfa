"""Round 33: the bundled roster by cause (issue 10).

A candidate the request names by a fired trigger (its own rarest term, in the request itself)
outweighs a near tie of plain words, and the bundled descriptions name the symptoms and topics
their fields are asked about in product words (who may see whose data, a spinner, ticket
categories, a migration to roll back), while devops no longer claims every crash.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import _SCORE, Router, route, router_for
from tests.routing_support import assert_routes_to

AGENTS = Path(__file__).resolve().parents[1] / "agents"
BACKEND, DATABASE = "fastapi-backend-expert", "database-engineer"


@pytest.fixture(scope="module")
def router(bundled: Registry) -> Router:
    return router_for(bundled)


def _closest(router: Router, request: str, *, named: bool) -> str:
    query = router.query(request)
    totals, fired = router.scores(query)
    ranked = sorted(totals.items(), key=_SCORE, reverse=True)
    (best, _), _ = router._closest(query, ranked, fired if named else None)
    return router.names[best]


def test_a_candidate_named_by_its_own_trigger_wins_over_plain_words(
    bundled: Registry, router: Router
) -> None:
    # the frontend scores 20% higher on theme + dark (its dark mode), and no trigger of its
    # fired; the database's "JSONB" is its own term and in the request itself
    request_text = "як шукати по полю jsonb settings, де theme = dark"
    assert _closest(router, request_text, named=False) == "react-frontend-expert"
    assert _closest(router, request_text, named=True) == DATABASE
    assert route(request_text, bundled).agent == DATABASE


def test_a_trigger_fired_by_a_related_sense_names_nobody(router: Router) -> None:
    # "build" relates to the frontend's "bundle" (half weight): the trigger fires, names nobody
    query = router.query("docker build takes 15 minutes, speed it up")
    _, fired = router.scores(query)
    frontend = router.index_of["react-frontend-expert"]
    assert [t.text for t in fired.get(frontend, [])] == ["bundle"]
    assert not router._named(fired[frontend], query)
    named = router.query("бандл важить 4 мега, розбий його")
    assert router._named(router.scores(named)[1][frontend], named)


def test_a_term_other_agents_hold_names_nobody(router: Router) -> None:
    # "валідація" fires the backend's trigger, but validation is the frontend's word too
    query = router.query("в логах pydantic ValidationError, валідація поля падає")
    _, fired = router.scores(query)
    backend = router.index_of["fastapi-backend-expert"]
    assert backend in fired
    assert not router._named(fired[backend], query)


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        # a crash is anyone's word: devops keeps containers that do not start
        ("the model returns invalid json and the parser crashes", "llm-ml-engineer"),
        ("контейнер падає одразу після старту", "devops-expert"),
        ("pod is in CrashLoopBackOff after the deploy", "devops-expert"),
        # access to others' data in product words; the API a mobile app calls
        ("only the owner may see or edit a draft, right now anyone logged in can", BACKEND),
        ("старі версії мобільного застосунку мають далі працювати з API", BACKEND),
        ("в логах бачу KeyError в хендлері /orders", BACKEND),
        # frontend symptoms and widgets
        ("спінер крутиться вічно, якщо запит повернув помилку", "react-frontend-expert"),
        ("the js bundle is 4 MB, split it so the home page loads faster", "react-frontend-expert"),
        # database topics named
        ("add tags or labels to articles and filter by them", "database-engineer"),
        ("міграція впала на середині, як її відкотити", "database-engineer"),
        ("offset pagination is slow on deep pages, switch to keyset pagination", DATABASE),
        # LLM work in product words
        ("sort incoming support tickets into categories automatically", "llm-ml-engineer"),
        ("ШІ-помічник на сайті вигадує знижки, яких немає", "llm-ml-engineer"),
        ("хочу тул колінг: модель сама викликає наші функції", "llm-ml-engineer"),
        # devops: an expired certificate as the browser says it
        ("браузер пише, що сайт не захищений", "devops-expert"),
    ],
)
def test_routes_on_the_bundled_roster(bundled: Registry, request_text: str, agent: str) -> None:
    assert_routes_to(request_text, bundled, agent)


@pytest.mark.parametrize(
    "request_text",
    [
        "give me a short wedding toast for my brother",
        "which songs are top of the music charts this week",
    ],
)
def test_everyday_senses_of_ui_words_stay_unrouted(bundled: Registry, request_text: str) -> None:
    # "toast" and "chart" were left out of the frontend's keywords for these senses
    assert route(request_text, bundled).agent is None


def test_devops_claims_no_bare_crash_and_no_logs_request() -> None:
    text = (AGENTS / "devops-expert.md").read_text(encoding="utf-8")
    description = text.split("\n---", 1)[0]
    assert "падає" not in description
    assert "моніторинг і логи" not in description  # noqa: RUF001
    assert "CrashLoopBackOff" in description
