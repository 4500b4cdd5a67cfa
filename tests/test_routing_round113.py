# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 113: a technology's own agent, named the way people ask for it.

A technology written after a word of not wanting ("без еластіка", "not kafka", "without
tailwind") is left out of a request's words (``frameworks.unwanted``); one a request moves
off to another with a verb of moving ("переїжджаємо з вебпака на vite", "migrate from jenkins
to github actions") weighs as little as a language moved off (``frameworks.moved_off``).
"кролик" beside its messages or queue is RabbitMQ, not a pet (``offtopic._nicknamed``);
"фібер" beside Go's words is Go's web framework, its language's agent (``vocab.SENSES``).
Jobs in plain words (``aliases.JOBS``): users who see data change only after a reload and
want it live want a WebSocket; logs searched by labels or from Grafana are Loki's; loops over
an array are NumPy's; a prediction from a table is scikit-learn's. Requests here are
constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.aliases import job_words
from coordinator.routing.frameworks import moved_off, unwanted
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to

_TECH = frozenset("еластіка elasticsearch kafka tailwind вебпака webpack jenkins mysql".split())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("логи дешево, без еластіка", ["еластіка"]),
        ("a broker, not kafka", ["kafka"]),
        ("grid without tailwind, plain css", ["tailwind"]),
    ],
)
def test_a_technology_not_wanted(text: str, found: list[str]) -> None:
    tokens = words(text)
    assert [tokens[at] for at in unwanted(tokens, _TECH.__contains__)] == found


@pytest.mark.parametrize(
    "text",
    [
        "kafka consumer gets no messages",
        "no elasticsearch results for ukrainian words",  # "no" is no word of not wanting
        "чому не працює kafka consumer",  # не before a verb, not the technology
    ],
)
def test_a_technology_wanted(text: str) -> None:
    assert unwanted(words(text), _TECH.__contains__) == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("переїжджаємо з вебпака на vite", ["вебпака"]),
        ("migrate from jenkins to github actions", ["jenkins"]),
    ],
)
def test_a_technology_moved_off(text: str, found: list[str]) -> None:
    tokens = words(text)
    assert [tokens[at] for at in moved_off(tokens, _TECH.__contains__)] == found


@pytest.mark.parametrize(
    "text",
    [
        "import data from mysql into the report",  # no verb of moving
        "дані з mysql в звіт",
        "migrate the schema from mysql",  # moved to nothing named
    ],
)
def test_nothing_moved_off(text: str) -> None:
    assert moved_off(words(text), _TECH.__contains__) == ()


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("customers only see their order status after a refresh, we want it live", "websocket"),
        (
            "клієнти бачать статус замовлення тільки після перезавантаження, хай міняється сам",
            "websocket",
        ),
        ("логи всіх сервісів з пошуком по лейблах", "loki"),
        ("python loop over a 2d array is slow", "numpy"),
        ("хочемо передбачати відтік клієнтів по табличці", "sklearn"),
    ],
)
def test_a_job_in_plain_words(text: str, job: str) -> None:
    assert job in job_words(words(text))


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("коли міняю статус в адмінці, список не оновлюється поки не перезавантажу", "websocket"),
        ("after deploy users must hard refresh to see the new version", "websocket"),
        ("grafana login page shows a blank screen", "loki"),
        ("loop over an array of objects in javascript", "numpy"),
        ("predict the weather for the weekend", "sklearn"),
    ],
)
def test_no_job(text: str, job: str) -> None:
    assert job not in job_words(words(text))


def test_a_rabbit_beside_its_messages_is_software() -> None:
    assert life_subject(words("кролик: повідомлення зникають, консюмери не встигають")) is None


def test_a_pet_rabbit_stays_a_pet() -> None:
    assert life_subject(words("в мене вдома живе кролик, чим його годувати взимку")) is not None


ROUTES = [
    (
        "we need logs from a dozen containers cheaply, without elasticsearch, queried by label",
        "0xfurai",
        "loki-expert",
    ),
    (
        "need a message broker for background jobs, not kafka, something simple with retries and "
        "a dead letter queue",
        "0xfurai",
        "rabbitmq-expert",
    ),
    (
        "центрувати модалку і зробити grid з картками без tailwind, просто css",
        "0xfurai",
        "css-expert",
    ),
    (
        "migrate our pipelines from jenkins to github actions, 20 jobs",
        "0xfurai",
        "github-actions-expert",
    ),
    ("переносимо дані з mysql в mongodb, як змапити звʼязки", "0xfurai", "mongodb-expert"),
    ("кролик губить повідомлення після рестарту брокера", "0xfurai", "rabbitmq-expert"),
    ("фібер мідлвар для авторизації на го, як передати юзера далі", "0xfurai", "go-expert"),
    ("на го з фібером хендлер повертає пусте тіло, як прочитати json", "0xfurai", "go-expert"),
    (
        "користувачі бачать нові повідомлення в чаті тільки після перезавантаження, треба щоб "
        "зʼявлялись одразу",
        "0xfurai",
        "websocket-expert",
    ),
    (
        "my python loop over a big matrix takes minutes, how to make it fast",
        "0xfurai",
        "numpy-expert",
    ),
    ("цикл по масиву 1000x1000 в пайтоні дуже повільний, як прискорити", "0xfurai", "numpy-expert"),
    (
        "хочемо передбачати відтік клієнтів по табличці з їхніми замовленнями",
        "0xfurai",
        "scikit-learn-expert",
    ),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_request_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


NEAR_MISSES = [
    (
        "elasticsearch cluster is red, shards unassigned after a node restart",
        "elasticsearch-expert",
    ),
    (
        "пошук в еластіку повертає не ті результати, як налаштувати аналізатор",
        "elasticsearch-expert",
    ),
    ("no postgres connection from the app container, connection refused", "postgres-expert"),
    ("our kafka consumer gets no messages after rebalancing", "kafka-expert"),
    ("redis without persistence loses keys on restart, how to turn on aof", "redis-expert"),
    ("чим віскоза відрізняється від бавовни і чому речі сідають після прання", "fiber-expert"),
    (
        "коли міняю статус замовлення в адмінці на react, список не оновлюється поки не "
        "перезавантажу",
        "react-expert",
    ),
    ("train a cnn on images of cats and dogs with tensorflow", "tensorflow-expert"),
    ("loop over an array of objects in javascript and group them by key", "javascript-expert"),
    ("rewrite this python service in go", "go-expert"),
]


@pytest.mark.parametrize(("text", "agent"), NEAR_MISSES)
def test_near_misses_keep_their_agent(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert_routes_to(text, corpus_rosters["0xfurai"], agent)


@pytest.mark.parametrize(
    "text",
    ["в мене вдома живе кролик, чим його годувати взимку", "my rabbit keeps chewing the cables"],
)
def test_a_pet_stays_unrouted(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["0xfurai"]).agent is None


def test_the_bundled_stale_list_stays_the_frontends(corpus_rosters: Rosters) -> None:
    text = (
        "коли міняю статус замовлення в адмінці, список не оновлюється поки не перезавантажу "
        "сторінку"
    )
    assert_routes_to(text, corpus_rosters["bundled"], "react-frontend-expert")
