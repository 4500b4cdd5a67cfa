# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 101: 0xfurai and lst97, the language and framework a request asks for.

A technology homonym written as one by the words around it (joined to a language: "from
python to go"; a Latin word among Ukrainian ones in a request about software: "сайт на
next"; what a site is built on: "our site on next"), and "next" for Next.js
(``senses._said_as_tech``, ``QueryReader._js_name``). A move between two languages asks
for the target's agent, the language left weighing as a plain word
(``frameworks.moved_languages``, ``NamedPicks._with_language``), unless an old system is
left step by step (the modernizer's). The one language a request writes over agents named
for other frameworks it does not name (``NamedPicks._siblings_above``: gin-expert is no
evidence for Go's Fiber). Frames (``outcomes._ROUND101_LINES``) for a content site that
loads at once with little JavaScript, a database kept in the browser, users counted once
per week, an email's HTML in a mail client, login code checked for leaks and a script
broken on Cyrillic. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.routing.frameworks import moved_languages
from coordinator.routing.index import LANGUAGE_TERMS
from coordinator.routing.lexical import route, router_for
from coordinator.routing.offtopic import names_identifier
from coordinator.routing.text import term_list, words
from tests.routing_support import Rosters, assert_routes_to, homonym_read_as_technology


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("we are moving the worker from python to go", "go"),
        ("переписуємо парсер з python на go, потрібна структура пакетів", "go"),
        ("каркас на go з воркерами і чергою", "go"),
        ("сайт на next віддає старі ціни після деплою", "next"),
        ("у нас тести на jest падають після оновлення", "jest"),
        ("our site on next loads slowly from search", "next"),
        ("the store runs on rails and checkout takes seconds", "rails"),
    ],
)
def test_a_homonym_written_as_a_technology(text: str, word: str) -> None:
    assert homonym_read_as_technology(text, word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("we launch the shop on next monday", "next"),
        ("кнопка next на формі не реагує", "next"),
        ("скільки йде swift платіж в євро", "swift"),
        ("users go to the settings page and the toggle resets", "go"),
        ("click next on the checkout form and nothing happens", "next"),
    ],
)
def test_a_homonym_left_plain(text: str, word: str) -> None:
    assert not homonym_read_as_technology(text, word)


def _language(token: str) -> str:
    found = term_list(token)[:1]
    return found[0] if found and found[0] in LANGUAGE_TERMS else ""


@pytest.mark.parametrize(
    ("text", "target", "left"),
    [
        ("rewrite the service from python to go", "go", ["python"]),
        ("мігруємо модуль з java на kotlin", "kotlin", ["java"]),
        ("rewrite this perl script in python", "python", ["perl"]),
        ("наш сервіс на ruby треба переписати на go", "go", ["ruby"]),
        ("we ported the api from java to the go runtime", "go", ["java"]),
    ],
)
def test_a_move_between_languages(text: str, target: str, left: list[str]) -> None:
    tokens = words(text)
    moved_to, at = moved_languages(tokens, _language)
    assert moved_to == term_list(target)[0]
    assert [tokens[i] for i in at] == left


@pytest.mark.parametrize(
    "text",
    [
        "мігруй скрипти з python 2 на python 3",  # one language
        "моя go програма читає дані з python скрипта",  # from python, to nothing
        "перенести старий jquery код на щось нормальне",  # to no language named
        "our go service talks to a python service over http",  # no move
    ],
)
def test_no_move_between_languages(text: str) -> None:
    assert moved_languages(words(text), _language) == ("", ())


#: (request, roster, agent): a language moved to, a framework beside its language, a
#: casual framework name, a framework's work named by its outcome.
ROUTES = [
    (
        "we're moving the billing worker from python to go, how should it handle retries",
        "0xfurai",
        "go-expert",
    ),
    ("переписуємо парсер логів з пайтона на go, допоможи зі структурою", "0xfurai", "go-expert"),
    ("we're moving the billing worker from python to go, retries?", "lst97", "golang-pro"),
    ("переписуємо парсер логів з пайтона на go, структура пакетів", "lst97", "golang-pro"),
    ("rewrite our image resizer from python to rust, it eats cpu", "voltagent", "rust-engineer"),
    ("our chi router in go: middleware order breaks the auth check", "0xfurai", "go-expert"),
    ("go fiber app: the logger middleware doesn't see the status code", "0xfurai", "go-expert"),
    ("сайт на next віддає старі ціни після деплою, кеш не оновлюється", "0xfurai", "nextjs-expert"),
    ("сайт на next віддає старі ціни після деплою, кеш не оновлюється", "lst97", "nextjs-pro"),
    (
        "building a personal portfolio site with a blog, should load instantly with barely any "
        "javascript",
        "0xfurai",
        "astro-expert",
    ),
    (
        "маркетинговий лендінг і блог, статичний сайт який швидко вантажиться, js майже не треба",
        "0xfurai",
        "astro-expert",
    ),
    (
        "a database that lives in the browser so the field app works offline and syncs later",
        "lst97",
        "postgresql-pglite-pro",
    ),
    (
        "count unique paying customers per month properly, our numbers have duplicates, sql",
        "lst97",
        "data-scientist",
    ),
    (
        "скільки унікальних юзерів платили щотижня — цифри дублюються, потрібен sql запит",
        "lst97",
        "data-scientist",
    ),
    ("email newsletter html falls apart in outlook, columns stack wrong", "0xfurai", "html-expert"),
    ("верстка листа для розсилки їде в аутлуку", "0xfurai", "html-expert"),
    (
        "dynamo table throws ProvisionedThroughputExceeded on one key during the sale",
        "0xfurai",
        "dynamodb-expert",
    ),
    ("пайтон скрипт що вивантажує звіти в csv ламається на кирилиці", "lst97", "python-pro"),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_request_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(
    ("text", "roster", "agents"),
    [
        ("gin middleware in go: c.Next() runs handlers twice", "0xfurai", {"gin-expert"}),
        (
            "fastapi python endpoint: dependency injection for the db session",
            "0xfurai",
            {"fastapi-expert"},
        ),
        ("actix-web in rust: json extractor fails with 400", "0xfurai", {"actix-expert"}),
        ("django python app: middleware order breaks csrf", "0xfurai", {"django-expert"}),
        (
            "python: celery tasks retry forever when the broker restarts",
            "0xfurai",
            {"celery-expert"},
        ),
        (
            "typescript: the resolver types in our graphql server come out as any",
            "0xfurai",
            {"graphql-expert"},
        ),
        (
            "gradually move the old jquery admin to react without stopping sales",
            "voltagent",
            {"legacy-modernizer"},
        ),
        (
            "моя go програма читає дані з python скрипта через stdin і зависає",
            "0xfurai",
            {"go-expert", "python-expert"},
        ),
        (
            "our react native app must keep working offline on the phone and sync later",
            "lst97",
            {"mobile-developer"},
        ),
        (
            "nightly pipeline loading shop orders into the warehouse fails on cyrillic names",
            "lst97",
            {"data-engineer"},
        ),
        (
            "our customer database leaked, passwords are on a forum, what now",
            "voltagent",
            {"incident-responder"},
        ),
    ],
)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agents: set[str]
) -> None:
    assert route(text, corpus_rosters[roster]).agent in agents


@pytest.mark.parametrize(
    ("text", "roster"),
    [
        ("click next on the checkout form and nothing happens", "0xfurai"),
        ("кнопка next на формі не реагує на клік", "lst97"),
        ("the next release breaks the webpack build", "0xfurai"),
    ],
)
def test_next_as_a_plain_word_is_no_nextjs(corpus_rosters: Rosters, text: str, roster: str) -> None:
    assert route(text, corpus_rosters[roster]).agent not in {"nextjs-expert", "nextjs-pro"}


@pytest.mark.parametrize(
    ("text", "roster"),
    [
        ("how do I set up an out-of-office reply in Outlook", "0xfurai"),
        ("як зробити swift переказ з приватбанку в польщу", "lst97"),
        ("купив квиток на rest у карпатах, як повернути гроші", "0xfurai"),
    ],
)
def test_everyday_requests_stay_unrouted(corpus_rosters: Rosters, text: str, roster: str) -> None:
    assert route(text, corpus_rosters[roster]).agent is None


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("portfolio site with a blog that loads fast with almost no js", "outcomecontentsite"),
        ("сайт-візитка з блогом, швидко вантажиться, майже без js", "outcomecontentsite"),
        ("a browser database for offline tills that syncs later", "outcomebrowserdb"),
        ("база в браузері, щоб каса працювала офлайн і синхронізувала потім", "outcomebrowserdb"),
        ("weekly unique paying users, dupes in the numbers, need the sql", "outcomecountunique"),
        ("html for the newsletter email breaks in outlook", "outcomeemailhtml"),
        ("check the new login code isn't leaking passwords", "outcomecodeaudit"),
        ("перевір код логіну, чи не світить паролі", "outcomecodeaudit"),
        ("the export script crashes on cyrillic names", "outcomeencoding"),
        ("скрипт вивантаження в ексель падає на кирилиці", "outcomeencoding"),
    ],
)
def test_the_situation_holds_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("the landing page loads slowly on phones", "outcomecontentsite"),
        ("our react native app must work offline and sync later", "outcomebrowserdb"),
        ("users table has duplicate emails, add a unique constraint", "outcomecountunique"),
        ("how do I set up an out-of-office reply in Outlook", "outcomeemailhtml"),
        ("check why the password reset code never arrives", "outcomecodeaudit"),
        ("our customer passwords leaked on a forum", "outcomecodeaudit"),
        ("the api returns garbled json for some clients", "outcomeencoding"),
    ],
)
def test_near_misses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_a_frame_gives_way_to_its_narrower_reading() -> None:
    """Login code checked for leaks holds no breach to handle; users counted once no
    schema's constraint (outcomes._YIELDS)."""
    assert "outcomebreach" not in frames_of(
        "can someone check our new login code isn't leaking passwords"
    )
    assert "outcomedupes" not in frames_of(
        "dupes in our weekly numbers, need the sql to count unique paying users per week"
    )


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("the table throws ProvisionedThroughputExceeded on one key", True),
        ("NullPointerException in the sale banner", True),
        ("my PlayStation will not turn on", False),
        ("WhatsApp keeps logging me out", False),
    ],
)
def test_camel_case_names_code(text: str, identifier: bool) -> None:
    assert names_identifier(text) is identifier


def test_the_language_agents_are_indexed(corpus_rosters: Rosters) -> None:
    router = router_for(corpus_rosters["0xfurai"])
    assert router.names[router.language_agent["go"]] == "go-expert"
    assert "go" in router.agent_languages
