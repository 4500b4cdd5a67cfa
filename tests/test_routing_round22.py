# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 22: consumer and office tech is no developer's job (coordinator/routing/offtopic.py).

Home appliances, cars, home finance, spreadsheet functions, creative desktop apps and home
devices frame a request as everyday life; games and hobby electronics do so only on a roster
with no agent for their field (an Arduino is an embedded engineer's work)."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import term_list, words
from tests.kit import roster_of

_DEVELOPERS = [
    ("backend-developer", "APIs, endpoints, services, queues and background jobs."),
    ("frontend-developer", "Website pages, UI components, forms, layout and blend modes."),
    ("database-engineer", "SQL queries, tables, columns, rows, joins and indexes."),
]


@pytest.fixture(scope="module")
def developers(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("round22-dev"), _DEVELOPERS)


@pytest.fixture(scope="module")
def with_embedded(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round22-embedded"),
        [
            *_DEVELOPERS,
            ("embedded-engineer", "Firmware for microcontrollers: drivers, interrupts, boards."),
            ("game-developer", "Game engines, gameplay code, rendering and game performance."),
        ],
    )


# -- entries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("my fridge shows error E5 and beeps", "fridge"),
        ("the dishwasher shows error E24 after every cycle", "dishwasher"),
        ("should I refinance my mortgage this year", "mortgage"),
        ("brakes squeak on my toyota when it rains", "brakes"),
        ("excel vlookup returns #N/A although the value is in the table", "excel"),
        ("countif across two sheets gives the wrong number", "countif"),
        ("batch resize photos in photoshop", "photoshop"),
        ("which laptop should I buy, budget around $1000", "laptop"),
        ("the tv keeps losing the wifi signal", "tv"),
        ("холодильник пищить і показує E5", "холодильник"),
        ("фотошоп не відкриває raw файли", "фотошоп"),
        ("формула ВПР повертає #Н/Д", "впр"),
        ("банкомат забрав картку", "банкомат"),
    ],
)
def test_consumer_and_office_tech_is_everyday_life(request_text: str, subject: str) -> None:
    assert life_subject(words(request_text)) == subject


@pytest.mark.parametrize(
    "request_text",
    [
        # a phone, a webcam, a browser's mail client: where software runs (left out)
        "the checkout text is cut off on iphone safari",
        "access the webcam from the browser",
        "our newsletter keeps landing in gmail promotions tab",
        "flutter апка крашиться на айфоні при відкритті камери",
        # words whose stem a developer uses (left out: illustrate, project, blend, davinci)
        "illustrate the architecture with a diagram",
        "the overlay needs a multiply blend",
        "text-davinci-003 is deprecated, what replaces it",
        # an appliance in an app is software
        "add a fridge inventory screen to our app",
    ],
)
def test_where_software_runs_is_no_everyday_frame(request_text: str) -> None:
    assert life_subject(words(request_text)) is None


# -- mechanisms ----------------------------------------------------------------------------


def test_a_field_product_yields_to_a_roster_that_covers_the_field() -> None:
    request = words("my arduino led will not blink after soldering")
    assert life_subject(request) == "arduino"
    assert life_subject(request, frozenset(term_list("firmware"))) is None
    console = words("my xbox controller drifts to the left")
    assert life_subject(console) == "xbox"
    assert life_subject(console, frozenset(term_list("gaming"))) is None
    # a Ukrainian product stem of the field yields the same way
    assert life_subject(words("ардуіно не прошивається"), frozenset(term_list("iot"))) is None


def test_a_ukrainian_product_name_wins_over_the_word_it_starts_with() -> None:
    # фотошоп starts as фото (a photo: a software word with an everyday sense) does
    assert life_subject(words("фотошоп зависає")) == "фотошоп"


def test_the_first_product_names_the_frame() -> None:
    assert life_subject(words("a macro for excel that colours duplicates")) == "excel"


def test_hobby_electronics_route_to_the_embedded_engineer_where_there_is_one(
    developers: Registry, with_embedded: Registry
) -> None:
    request = "my ESP32 keeps rebooting every few minutes"
    assert route(request, developers).agent is None
    assert route(request, with_embedded).agent == "embedded-engineer"


def test_an_appliance_error_code_gets_no_specialist(developers: Registry) -> None:
    decision = route("my washer shows error code 4E and will not drain", developers)
    assert decision.agent is None
    assert "washer" in decision.reason
