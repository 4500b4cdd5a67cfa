# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 29: the "none" decision analysed by cause in both directions
(coordinator/routing/offtopic.py). Everyday words walked as classes (bikes, baking, money and
banks, a car in Ukrainian), an engine trouble code, CVs and occasion texts as personal texts,
Google's office suite and slides as office products; words only software has (MQTT, a
marketplace, an exception's class name, Ukrainian logs and workers); Ukrainian код/помилка read
as English code/error are; a spreadsheet formula before a form; a development board routes to
a roster's device engineer. Requests here are constructed, not taken from a set."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import offtopic
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import term_list, words
from tests.routing_support import assert_routes_to


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("my bike chain squeaks after the rain, which oil should i use", "bike"),
        ("how long should sourdough dough proof overnight", "sourdough"),
        ("best spot for scuba and snorkeling in egypt", "scuba"),
        ("як переказати гроші батькам за кордон", "гроші"),
        ("заблокували картку монобанку, що робити", "монобанку"),
        ("куди поїхати на машині на вихідні", "машині"),
        # round 69: a check engine light names the car first
        ("the check engine light shows P0420, is it safe to drive", "engine"),
        ("is a noncompete enforceable if i move to another state", "noncompete"),
    ],
)
def test_everyday_words_name_everyday_life(request_text: str, subject: str) -> None:
    assert life_subject(words(request_text)) == subject


@pytest.mark.parametrize(
    "request_text",
    [
        "mqtt messages are lost when the broker restarts, which qos",
        "датчики шлють дані в mosquitto, а гроші рахує воркер",
        "підключити монобанк еквайринг до магазину",
        "we are building a marketplace for home cooks, what goes in the first version",
        "ValidationError on the birthday field when saving the profile",
        "помилка в логах після оновлення, дата народження не зберігається",
        "на моїй машині все працює, а в ci ні",
        "розгорни віртуальну машину для тестів",
        "the car dashboard in our fleet app shows the wrong mileage",
        "write a resume parser for the candidates' pdf files",
        "show a birthday toast when the user logs in",
        # an English cue is a whole word: "career" does not begin a car's dashboard, "always"
        # is no pay raise, "side" does not begin sidekiq's jobs
        "career dashboard in react for recruiters",
        "asyncio tasks always raise CancelledError on shutdown",
        "sidekiq jobs pile up in the retry queue",
    ],
)
def test_software_requests_with_everyday_words_are_not_everyday(request_text: str) -> None:
    assert life_subject(words(request_text)) is None


def test_an_engine_code_is_a_car_but_other_codes_are_not() -> None:
    assert offtopic._base_kind("p0171") is offtopic._Word.LIFE
    for token in ("p99", "p95", "u2019", "p10000", "pep8"):
        assert offtopic._base_kind(token) is not offtopic._Word.LIFE, token


def test_an_exception_class_name_is_software() -> None:
    for token in ("validationerror", "keyerror", "nullpointerexception"):
        assert offtopic._base_kind(token) is offtopic._Word.SOFTWARE, token
    assert offtopic._base_kind("terror") is not offtopic._Word.SOFTWARE


def test_ukrainian_code_and_error_weigh_as_english_code_and_error() -> None:
    # the error code of a car: plain words, outweighed by the car and its engine code
    assert offtopic._kind("помилки") is offtopic._Word.PLAIN
    assert offtopic._kind("код") is offtopic._Word.PLAIN
    assert life_subject(words("на панелі авто горить код помилки P0171")) == "авто"
    # and alone against one everyday word they keep a request about software
    assert life_subject(words("код помилки при оплаті")) is None


def test_a_formula_is_a_spreadsheet_word_before_it_is_a_form() -> None:
    assert offtopic._kind("формулу") is offtopic._Word.TIME
    assert offtopic._kind("формою") is offtopic._Word.PLAIN


def test_google_office_suite_is_an_office_product_after_google_only() -> None:
    assert life_subject(words("google sheets formula to sum column B")) == "sheets"
    assert life_subject(words("sum column B in the sheets")) is None
    assert life_subject(words("renew the google workspace subscription")) == "workspace"


def test_slides_and_a_presentation_frame_a_request() -> None:
    assert life_subject(words("зробіть презентацію на 10 слайдів")) == "презентацію"
    assert life_subject(words("слайдер на сторінці не гортається")) is None


@pytest.mark.parametrize(
    ("request_text", "genre"),
    [
        ("напиши резюме на позицію junior python", "резюме"),
        ("help me write a cv for a frontend job", "cv"),
        ("need a wedding toast for my brother, throw in some bug jokes", "wedding"),
        ("потрібен весільний тост для брата програміста", "весільний"),
    ],
)
def test_personal_texts_name_everyday_life(request_text: str, genre: str) -> None:
    assert life_subject(words(request_text)) == genre


def test_a_genre_without_a_verb_needs_its_occasion() -> None:
    assert life_subject(words("the toast for the bug jokes")) is None
    assert life_subject(words("a retirement speech with some bug jokes")) == "retirement"


def test_a_mechanical_keyboard_in_ukrainian_is_something_to_buy() -> None:
    assert life_subject(words("вибрати механічну клавіатуру для програмування")) == "клавіатуру"
    assert offtopic._kind("клавіатуру") is offtopic._Word.PAIRED
    assert life_subject(words("клавіатура не працює в модальному вікні")) is None


def test_a_development_board_is_the_device_engineers_on_a_roster_that_covers_devices() -> None:
    request = words("esp32 watchdog reset every time wifi reconnects")
    assert life_subject(request) == "esp32"  # no device engineer: consumer electronics at home
    assert life_subject(request, frozenset(term_list("firmware"))) is None
    uk = words("ардуіно перезавантажується коли вмикається wifi")
    assert life_subject(uk, frozenset(term_list("microcontroller"))) is None


def test_a_legal_contract_routes_to_a_legal_roster_only() -> None:
    request = words("чи можна розірвати договір оренди достроково")
    assert life_subject(request) is not None
    # round 69: a person's own lease (оренда) stays everyday life beside a lawyer too; a
    # contract with no everyday subject yields to the roster
    assert life_subject(request, frozenset(term_list("lawyer"))) is not None
    supplier = words("чи можна розірвати договір з постачальником достроково")
    assert life_subject(supplier, frozenset(term_list("lawyer"))) is None


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("bike chain is covered in rust, how do i clean it", None),
        ("the check engine light shows P0171 on my car dashboard", None),
        ("напиши резюме на позицію junior frontend", None),
        ("admin dashboard shows wrong totals after the deploy", "devops-expert"),
        # round 46: a toast is shown on screen, the frontend's (was the backend)
        ("show a birthday toast when the user logs in", "react-frontend-expert"),
    ],
)
def test_routes_on_the_bundled_roster(bundled: Registry, request_text: str, agent: str) -> None:
    assert_routes_to(request_text, bundled, agent)


def test_a_roster_with_a_life_specialist_routes_everyday_requests(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "cyclist.md").write_text(
        "---\nname: cyclist\ndescription: Bike repair, bicycle chains and wheels, sourdough"
        " baking on tour.\n---\nYou fix bikes and bake bread.\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True, cwd=tmp_path, cache=False)
    decision = route("bike chain is covered in rust, how do i clean it", registry)
    assert decision.agent == "cyclist", decision.reason
