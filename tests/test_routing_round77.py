# ruff: noqa: RUF001, RUF003 - Ukrainian text is intended
"""Round 77: a roster's own Latin names read by ear in Cyrillic (coordinator.routing.byear).

The spellings are derived from the names, not listed: a roster of made-up tools nobody
tuned the glossary on is read by ear too (кейклоаку, тесткафі, паппетіром). Requests here
are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.routing.byear import HeardNames, fold, heard_keys, word_keys
from coordinator.routing.lexical import route, router_for
from coordinator.routing.spelling import NameSpellings
from coordinator.routing.stems import stem_en
from coordinator.routing.text import term_list, words


def _roster(*names: str) -> Registry:
    """Agents named after a tool each, described by their tool and a generic field."""
    return Registry(
        [
            AgentSpec(
                name=f"{name}-expert",
                description=f"{name.capitalize()} specialist: configuration, debugging, tests.",
                body=f"You are the {name} expert. You fix {name} setups and errors.",
            )
            for name in names
        ]
    )


TOOLS = ("testcafe", "keycloak", "puppeteer", "braintree", "jasmine", "cypress", "zorbix")


def test_fold_reads_vowel_runs_doubles_and_soft_signs_alike() -> None:
    assert fold("тесткафі") == fold("тесткафе") == fold("тестткафе")
    assert fold("кейклоак") == fold("кейклок")
    assert fold("ґрафана") == fold("графана")


def test_a_name_is_heard_in_its_by_ear_spellings() -> None:
    keys = {key for key, _ in heard_keys("puppeteer")}
    assert {key for key, _ in word_keys("паппетір")} <= keys
    assert {key for key, _ in word_keys("папетіром")} & keys


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("тесткафе", "testcafe"),
        ("тесткафі", "testcafe"),  # locative
        ("кейклоаку", "keycloak"),
        ("кейклоком", "keycloak"),
        ("паппетіром", "puppeteer"),
        ("брейнтрі", "braintree"),
        ("жасмін", "jasmine"),
        ("зорбіксом", "zorbix"),  # a made-up tool: nothing about it is listed anywhere
    ],
)
def test_a_cyrillic_word_meets_the_name_it_writes(word: str, name: str) -> None:
    assert HeardNames(TOOLS).name(word) == name


@pytest.mark.parametrize(
    "word",
    [
        "питання",  # an o is written о: the akanye а is no python's
        "троянди",  # trend's e is no оя
        "аудиторія",  # a word that ends in a suffix's vowels is another word
        "тест",  # too short to name one thing
        "кава",
    ],
)
def test_everyday_words_meet_no_name(word: str) -> None:
    assert HeardNames([*TOOLS, "python", "trend", "auditor", "test"]).name(word) is None


def test_two_names_that_sound_alike_are_neither_meant() -> None:
    assert HeardNames(["zorbix", "zorbics"]).name("зорбікс") is None


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("наші е2е на тесткафі флейкають у CI", "testcafe-expert"),
        ("тесткафе не бачить кнопку оплати", "testcafe-expert"),
        ("налаштуй логін через кейклоак для адмінки", "keycloak-expert"),
        ("зорбікс падає після оновлення, глянь конфіг", "zorbix-expert"),
    ],
)
def test_a_request_naming_a_tool_by_ear_goes_to_its_expert(text: str, agent: str) -> None:
    assert route(text, _roster(*TOOLS)).agent == agent


def test_a_product_the_roster_lacks_is_heard_too() -> None:
    # ansible names no agent of an empty roster: read as the product, its domain joins
    assert NameSpellings([]).heard("енсіблом") == "ansible"


def test_a_glossary_word_a_name_only_extends_keeps_its_reading() -> None:
    # сокети are sockets, not socketio; тесткафе is testcafe, not test
    query = router_for(_roster("socketio", "testcafe")).query("сокети відвалюються в тесткафе")
    assert query.weights["socket"] == 1.0
    assert query.weights.get("socketio", 0.0) < 1.0  # related by its prefix only, as before
    assert query.weights[stem_en("testcafe")] == 1.0


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("злетіла", "crash"),  # past tense: the present злітає was in the glossary
        ("повисло", "hang"),
        ("відвалився", "disconnect"),
        ("лягло", "down"),
        ("мангуста", "mongoose"),  # the animal's name is the library's
    ],
)
def test_past_tense_trouble_and_translated_names_read_as_english(word: str, english: str) -> None:
    assert stem_en(english) in term_list(word)


def test_a_startup_that_will_take_off_is_no_crash() -> None:
    assert stem_en("crash") not in term_list("злетить")


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("спрінг бут сервіс", ["spring", "boot"]),
        ("на спрінг буті", ["spring", "boot"]),
        ("з джава скрипт", ["javascript"]),
        ("тайп скриптом", ["typescript"]),
        ("нода джс", ["nodejs"]),
    ],
)
def test_a_two_word_name_said_by_ear_reads_as_written_in_latin(
    text: str, english: list[str]
) -> None:
    assert all(word in words(text) for word in english)


def test_a_script_alone_is_no_javascript() -> None:
    assert "javascript" not in words("скрипт для бекапу")
