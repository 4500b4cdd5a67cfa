# ruff: noqa: RUF001, RUF003 - Ukrainian text is intended
"""Round 80 routing: Ukrainian written in Latin letters (KMU 2010 and by ear) read back in
Cyrillic, English requests left alone, and Latin letters typed into a Cyrillic word read in
one script. Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import latin
from coordinator.routing.romanised import cyrillic
from coordinator.routing.text import term_list, words
from tests.routing_support import Rosters, assert_routes_to, assert_unrouted


@pytest.mark.parametrize(
    ("latin_word", "word"),
    [
        ("dlya", "для"),  # by ear
        ("dlia", "для"),  # KMU 2010
        ("pratsyuye", "працює"),
        ("vidpovidaie", "відповідає"),
        ("shcho", "що"),
        ("zhurnal", "журнал"),
        ("khvylynu", "хвилину"),
        ("yakyi", "який"),
        ("nevirnyy", "невірний"),
        ("sayt", "сайт"),
        ("dodai", "додай"),
        ("yoho", "його"),
        ("kliient", "клієнт"),
        ("zyizhdzhaye", "зїжджає"),  # apostrophe dropped, as normalise drops it
    ],
)
def test_latin_letters_are_spelled_in_cyrillic(latin_word: str, word: str) -> None:
    assert cyrillic(latin_word) == word


def test_markers_are_ukrainian_words_no_english_word_spells() -> None:
    found = latin.markers()
    assert {"ne", "treba", "dlya", "dlia", "shcho", "shchob", "zroby"} <= found
    assert not {"do", "to", "so", "ok", "ci", "a", "i", "vi", "meta", "ide", "os"} & found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("treba dodaty kolonku v tablytsyu", ["треба", "додати", "колонку", "v", "таблицю"]),
        ("ne pratsyuye logyn", ["не", "працює", "логін"]),  # y read as і for the glossary's word
        ("klient ne otrymuye lyst", ["клієнт", "не", "отримує", "лист"]),
    ],
)
def test_a_latin_ukrainian_request_is_read_in_cyrillic(text: str, expected: list[str]) -> None:
    assert latin.read(words(text), frozenset()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "na, forget it, just add pagination to the users endpoint",
        "tak tak, the terraform plan keeps failing on the vpc module",
        "pro tip needed: how do i cache llm responses",
        "ci fails on npm ci: unable to resolve dependency tree",
        "vi.mock does not mock my esm module",
    ],
)
def test_an_english_request_is_left_alone(text: str) -> None:
    tokens = words(text)
    assert latin.read(tokens, frozenset()) is tokens


def test_roster_terms_and_technology_names_stay_latin() -> None:
    tokens = latin.read(words("treba shob docker obraz zibravsya na ci"), frozenset({"docker"}))
    assert "docker" in tokens
    assert "ci" in tokens  # an abbreviation, not the Ukrainian ці


def test_latin_letters_typed_into_a_cyrillic_word_are_read_in_cyrillic() -> None:
    assert words("kontейner падає") == ["контейнер", "падає"]  # layout switched inside the word


@pytest.mark.parametrize(("text", "name"), [("в dockerі", "docker"), ("на prodі", "prod")])
def test_a_latin_word_with_a_ukrainian_ending_stays_latin(text: str, name: str) -> None:
    assert term_list(words(text)[1]) == (name,)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("treba dodaty kolonku v tablytsyu korystuvachiv", "database-engineer"),
        ("zroby temnu temu dlya dashbordu", "react-frontend-expert"),
        ("potribno stvoryty endpoint dlia eksportu zamovlen", "fastapi-backend-expert"),
        ("treba shob pislya oplaty klient otrymuvav lyst z chekom", "fastapi-backend-expert"),
    ],
)
def test_latin_ukrainian_routes_on_the_bundled_roster(
    text: str, agent: str, bundled: Registry
) -> None:
    assert_routes_to(text, bundled, agent)


def test_latin_ukrainian_routes_on_a_large_roster(corpus_rosters: Rosters) -> None:
    roster = corpus_rosters["voltagent"]
    assert_routes_to("treba pidkliuchyty oplatu cherez stripe", roster, "payment-integration")


def test_latin_ukrainian_everyday_request_stays_with_none(bundled: Registry) -> None:
    assert_unrouted("pidkazhy retsept borshchu na vecheryu", bundled)
