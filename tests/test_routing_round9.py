# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 9 routing rule: an outage named without the word incident (a site that is down,
has fallen or lies beside prod, a server or a 5xx code) reads as an incident."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, sense
from coordinator.routing.text import words
from tests.kit import roster_of


@pytest.fixture(scope="module")
def operations(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round9"),
        [
            ("incident-responder", "Production incidents and outages: triage and postmortems."),
            ("debugger", "Debugging errors, crashes and bugs in application code."),
            (
                "kubernetes-specialist",
                "Kubernetes clusters in prod: pods, nodes, check health everywhere.",
            ),
            ("frontend-developer", "Website pages, UI components, scrolling and layout."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "word", "outage"),
    [
        ("prod is down, 502 everywhere", "down", True),
        ("the api returns 503 and is down", "down", True),
        ("сайт ліг о третій ночі", "ліг", True),
        ("продакшн впав о третій ночі", "впав", True),
        ("scroll down to the footer", "down", False),
        ("the app crashes on startup", "crashes", False),
        ("парсер впав на порожньому файлі", "впав", False),
    ],
)
def test_a_fallen_service_is_an_outage(request_text: str, word: str, outage: bool) -> None:
    tokens = words(request_text)
    meaning = sense(tokens, tokens.index(word))
    assert ("incident" in meaning) is outage


def test_prod_down_with_a_5xx_goes_to_the_incident_responder(operations: Registry) -> None:
    # before: kubernetes-specialist on prod + everywhere + check; "down" alone meant nothing
    decision = route("prod is down, 502 everywhere, what do we check first", operations)
    assert decision.agent == "incident-responder"


def test_a_ukrainian_fallen_production_is_an_incident(operations: Registry) -> None:
    # before: впав read only as crash, so the debugger took it
    assert route("продакшн впав о третій ночі, допоможи", operations).agent == (
        "incident-responder"
    )


def test_a_crashing_app_is_still_a_bug(operations: Registry) -> None:
    assert route("the app crashes on startup", operations).agent == "debugger"


def test_scrolling_down_a_page_is_no_outage(operations: Registry) -> None:
    assert route("the page does not scroll down to the footer", operations).agent == (
        "frontend-developer"
    )
