# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 70: a request naming a piece of software (an app, a site, a form, a widget) in the
voice of those who run it is work on that software: when no agent fits it by coverage, the
nearest one needs only PRODUCT_COVERAGE of it (coordinator/routing/audience.py,
SituationPicks._product_fit). A person using or shopping for software keeps the usual gate.
Requests here are constructed."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.audience import asks_product_work, names_product
from coordinator.routing.lexical import route, router_for
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import words
from coordinator.routing.tuning import PRODUCT_COVERAGE


@pytest.mark.parametrize(
    "text",
    [
        "the pet shop app's wishlist empties after login",
        "make the order widget refresh by itself",
        "наш застосунок для квітів показує вчорашні ціни",
        "бот у телеграмі мовчить після оновлення",
        "калькулятор на сайті рахує не ту суму",
        "the booking form lets two guests take the last seat",
        "the salon crm sends two reminders for one visit",
        "плагін доставки рахує не ту ціну",
    ],
)
def test_work_on_a_product_is_asked(text: str) -> None:
    assert asks_product_work(words(text))


@pytest.mark.parametrize(
    "text",
    [
        "my bank app logs me out every hour",  # a user of it
        "is there an app that tracks my sleep",  # shopping for one
        "порадь застосунок для нотаток",
        "не можу оплатити на сайті залізниці",
        "change the format of the report",  # формат, format: no product
        "ботанічний сад відкритий у неділю",  # not a bot
    ],
)
def test_no_product_work_is_asked(text: str) -> None:
    assert not asks_product_work(words(text))


def test_a_product_is_named_only_by_its_words() -> None:
    assert names_product(words("віджет оплати"))
    assert not names_product(words("сторінка книжки"))  # a page: printed as often
    assert names_product(words("форму реєстрації"))
    assert not names_product(words("формат дати"))


def test_a_named_product_lowers_the_coverage_its_nearest_agent_needs(bundled: Registry) -> None:
    request = "наш застосунок для квітів показує вчорашні ціни"
    router = router_for(bundled)
    query = router.query(request)
    index = router.index_of["react-frontend-expert"]
    assert PRODUCT_COVERAGE <= router.coverage(index, query) < router._needed_coverage(index, query)
    assert not router._covered(index, query)
    assert router._product_fit(index, router.min_score, query)
    assert route(request, bundled).agent == "react-frontend-expert"


def test_a_users_request_keeps_the_gate(bundled: Registry) -> None:
    router = router_for(bundled)
    query = router.query("мій застосунок для квітів показує вчорашні ціни, що мені робити")
    index = router.index_of["react-frontend-expert"]
    assert not router._product_fit(index, router.min_score, query)


@pytest.mark.parametrize(
    "request_text",
    [
        "the airport parking portal shows taken spots as free",
        "батьківський портал садочка показує чужих дітей",
    ],
)
def test_software_its_owners_name_is_no_everyday_subject(
    bundled: Registry, request_text: str
) -> None:
    router = router_for(bundled)
    query = router.query(request_text)
    assert life_subject(query.tokens, router.described_vocab) is not None  # what it would say
    assert router._life_subject(request_text, query) is None
    assert route(request_text, bundled).agent is not None


def test_filling_a_form_in_is_a_users_errand(bundled: Registry) -> None:
    assert not asks_product_work(words("як заповнити форму на візу"))
    assert route("як заповнити форму на візу в польщу", bundled).agent is None
