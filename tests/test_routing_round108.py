# ruff: noqa: RUF001, RUF002 - Ukrainian text is intended
"""Round 108: a technology named in a code ask by its own idioms or by ear.

A request often names its technology only by what that technology's code writes: a Laravel
view (a blade template), a correlated SQL subquery, a server-rendered page's hydration error,
a CSS positioning declaration (position: sticky), Python's whole-file read (readlines)
(``signatures._R108_TOKENS``, ``_R108_PHRASES``); or by its Ukrainian nickname or sound:
RabbitMQ's "кролик" beside a queue or messages, NestJS's "у несті" beside a guard, a module
or a controller (``vocab.SENSES``), Auth0 as "ауз0" (``glossary``). A pet rabbit and
carrying bags (нести) stay what they are. Requests here are constructed, not taken from a
set."""

from __future__ import annotations

import pytest

from coordinator.routing.lexical import route
from coordinator.routing.senses import sense
from coordinator.routing.signatures import PHRASE_NAMES, phrases, technologies
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("please fix the blade template for the orders list", ("laravel", "php")),
        ("a correlated subquery per customer row", ("sql",)),
        ("hydration mismatch on the product page", ("nextjs", "react")),
        ("position: sticky stops working in the sidebar", ("css",)),
    ],
)
def test_an_idiom_names_its_technology(text: str, names: tuple[str, ...]) -> None:
    found = phrases(words(text))
    assert found
    assert PHRASE_NAMES[found[0]] == names


@pytest.mark.parametrize(
    "text",
    ["a razor blade for shaving", "the subquery returns two rows", "the sticky note on my desk"],
)
def test_a_near_miss_names_no_technology(text: str) -> None:
    assert phrases(words(text)) == []


def test_readlines_is_pythons() -> None:
    assert technologies("readlines") == ("python",)


def _sense_of(text: str, word: str) -> tuple[str, ...]:
    tokens = words(text)
    return sense(tokens, tokens.index(word))


@pytest.mark.parametrize(
    ("text", "word", "meaning"),
    [
        ("черга в кролику росте", "кролику", ("rabbitmq",)),
        ("кролик губить повідомлення", "кролик", ("rabbitmq",)),
        ("додай guard у несті для адмінки", "несті", ("nestjs",)),
        ("в несті модуль конфігурації не бачить env", "несті", ("nestjs",)),
    ],
)
def test_a_nickname_beside_its_work(text: str, word: str, meaning: tuple[str, ...]) -> None:
    assert _sense_of(text, word) == meaning


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("мій кролик не їсть моркву", "кролик"),
        ("купили кролика дітям", "кролика"),
        ("не можу нести важкі сумки", "нести"),
    ],
)
def test_a_nickname_left_plain(text: str, word: str) -> None:
    assert _sense_of(text, word) == ()


ROUTES = [
    (
        "N+1 on OrderController@show, eager load the items and fix the blade template",
        "voltagent",
        "laravel-specialist",
    ),
    (
        "position: sticky sidebar doesn't stick when the parent has overflow hidden",
        "0xfurai",
        "css-expert",
    ),
    (
        "у кролику черга повідомлень не розгрібається, консюмери висять",
        "0xfurai",
        "rabbitmq-expert",
    ),
    ("у несті зроби interceptor, який логує час кожного запиту", "0xfurai", "nestjs-expert"),
    ("після логіну через ауз0 токен не містить ролей користувача", "0xfurai", "auth0-expert"),
    (
        "hydration error on the pricing page after we render the user's local time",
        "0xfurai",
        "nextjs-expert",
    ),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_request_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(
    ("text", "roster", "agents"),
    [
        ("як в кролику налаштувати dead letter exchange для черги", "0xfurai", {"rabbitmq-expert"}),
        (
            "next.js hydration mismatch: text content does not match server-rendered html",
            "0xfurai",
            {"nextjs-expert"},
        ),
        ("useEffect runs twice in dev and my fetch fires two times", "0xfurai", {"react-expert"}),
        (
            "make a discriminated union type for the API result so error only exists when ok is"
            " false",
            "voltagent",
            {"typescript-pro"},
        ),
        (
            "wordpress admin is slow after installing woocommerce with 10k products",
            "voltagent",
            {"wordpress-master"},
        ),
    ],
)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agents: set[str]
) -> None:
    assert route(text, corpus_rosters[roster]).agent in agents


@pytest.mark.parametrize(
    "text",
    [
        "мій кролик не їсть моркву вже два дні, що робити",
        "купили кролика дітям, яка клітка потрібна",
        "which razor blade gives the closest shave?",
    ],
)
def test_everyday_requests_stay_unrouted(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent is None
