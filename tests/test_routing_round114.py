# ruff: noqa: RUF001, RUF002 - Ukrainian text is intended
"""Round 114: "none" both ways, second pass.

Asks no agent of a roster does get none: a document or a letter asked to be translated (the
terms and conditions page, a letter to a supplier, з перекладом листа: ``offtopic._translated``)
unless the site's i18n code or a word only software has is named; an app asked to be made for
a device the roster has no agent for, whoever it is for (an Android app for our couriers:
``ForeignPlatforms.platform``). Real work told in everyday words gets its agent: a seller's
customers asking a fibre expert's question (``FieldAgents.agent_for``), letters an export
shows garbled (``outcomeexportbytes``), a database asked by its effect not to take a value
(``outcomedbguard``), a big screen showing the business's numbers live
(``outcomewallboard``), a game asked in Ukrainian's other cases (гру, ігри). Near misses keep
their agents. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from tests.kit import frames_of
from tests.routing_support import Rosters, assert_routes_to

TRANSLATED = [
    "translate our terms and conditions into polish, it is 3 pages",
    "can you help with translating a letter to our supplier into german about a late delivery",
    "переклади лист постачальнику німецькою",
    "потрібен переклад договору поставки на англійську",
    "переклад інструкції до товару на англійську, 10 сторінок",
]


@pytest.mark.parametrize("text", TRANSLATED)
@pytest.mark.parametrize("roster", ["bundled", "0xfurai", "lst97"])
def test_a_document_to_translate_gets_no_agent(
    corpus_rosters: Rosters, text: str, roster: str
) -> None:
    assert route(text, corpus_rosters[roster]).agent is None


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "translate the privacy policy page into german and add i18n keys",
            "react-frontend-expert",
        ),
        ("add a language switcher and translate the site UI into polish", "react-frontend-expert"),
        (
            "translations for the checkout page are missing in polish, keys show instead of text",
            "react-frontend-expert",
        ),
        ("переклади цей скрипт з пайтона на тайпскрипт", "react-frontend-expert"),
    ],
)
def test_the_sites_i18n_stays_the_rosters(bundled: Registry, text: str, agent: str) -> None:
    assert_routes_to(text, bundled, agent)


@pytest.mark.parametrize(
    "text",
    [
        "we want an android app for our couriers with a map and offline mode",
        "хочемо андроїд застосунок для кур'єрів з картою і офлайн режимом",
    ],
)
def test_an_app_for_a_device_is_native_whoever_it_is_for(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "make the site work offline as a PWA so couriers can open it on android phones",
            "react-frontend-expert",
        ),
        ("we need an API for the android app our couriers use", "fastapi-backend-expert"),
        (
            "couriers open our web page on android and the map does not load",
            "react-frontend-expert",
        ),
    ],
)
def test_a_web_side_of_a_couriers_app_stays(bundled: Registry, text: str, agent: str) -> None:
    assert_routes_to(text, bundled, agent)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "i sell clothes online and customers ask whether viscose is better than cotton",
            "fiber-expert",
        ),
        ("покупці питають, чи льон мнеться менше за бавовну", "fiber-expert"),
        ("boss wants a big TV in the office showing orders per hour, live", "grafana-expert"),
        ("хочемо телевізор в офісі, щоб показував замовлення за годину наживо", "grafana-expert"),
        ("our go api on fiber returns 500 when customers load the catalog", "go-expert"),
    ],
)
def test_0xfurai_fields_told_in_everyday_words(
    corpus_rosters: Rosters, text: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters["0xfurai"], agent)


@pytest.mark.parametrize(
    "text",
    [
        "customers can't filter products by fabric, the cotton filter returns nothing",
        "клієнти не можуть відфільтрувати товари за тканиною, фільтр бавовна нічого не показує",
    ],
)
def test_a_sellers_filter_is_software(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent != "fiber-expert"


@pytest.mark.parametrize(
    ("text", "joined", "agent"),
    [
        (
            "csv export opens in excel with weird symbols instead of cyrillic letters",
            "outcomeexportbytes",
            "fastapi-backend-expert",
        ),
        (
            "при відкритті вивантаження в ексель замість українських літер якісь ієрогліфи",
            "outcomeexportbytes",
            "fastapi-backend-expert",
        ),
        (
            "orders with negative total price — can the database itself not allow such values?",
            "outcomedbguard",
            "database-engineer",
        ),
        (
            "хочу щоб база не приймала замовлення з від'ємною сумою",
            "outcomedbguard",
            "database-engineer",
        ),
    ],
)
def test_bundled_work_told_in_everyday_words(
    bundled: Registry, text: str, joined: str, agent: str
) -> None:
    assert joined in frames_of(text)
    assert_routes_to(text, bundled, agent)


@pytest.mark.parametrize(
    "text",
    [
        "my smart TV shows an error when opening netflix",
        "which TV to buy for the office, 55 inch or 65?",
        "excel macro breaks when i sort the letters column",
        "write an excel formula that counts letters in a cell",
    ],
)
def test_everyday_near_misses_stay_unrouted(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None


def test_a_check_constraint_in_technical_words_stays(bundled: Registry) -> None:
    assert_routes_to(
        "add a CHECK constraint so total_price >= 0 in postgres", bundled, "database-engineer"
    )


def test_a_game_in_ukrainian_cases(corpus_rosters: Rosters) -> None:
    assert_routes_to(
        "хочу гру для дітей на уроки математики, щоб персонаж бігав, на юніті, для планшетів",
        corpus_rosters["voltagent"],
        "game-developer",
    )
