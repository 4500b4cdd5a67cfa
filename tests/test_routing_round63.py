# ruff: noqa: RUF001 - Ukrainian requests
"""Round 63: situations told by a measure or a moment read as outcome frames
(coordinator.routing.outcomes): logs or a request's path wanted in one place, several tools'
numbers in one place, tests that fail now and then, a page or query slow in seconds, an app
checked before launch for being hacked, partners or a mobile app pulling a catalogue,
production failing since the night with customers calling (round 58's on-call frame).
Requests here are constructed, not from a set."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import frame_names, frames_of

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import outcomes
from coordinator.routing.lexical import route

FIELD_REQUESTS = [
    ("we want every service's logs searchable in a single place", "outcomelogsplace"),
    ("зібрати логи з усіх подів в одне місце, щоб шукати помилки", "outcomelogsplace"),
    ("errors from the api and the workers should show up on one dashboard", "outcomelogsplace"),
    ("numbers from stripe, hubspot and google ads should end up in one place", "outcomedataplace"),
    ("дані з магазину і реклами хочемо мати в одному місці для звітів", "outcomedataplace"),
    ("the checkout spec fails randomly in ci, maybe every fifth run", "outcomeflaky"),
    ("е2е тести іноді падають у CI, а локально все ок", "outcomeflaky"),
    ("інтеграційний тест падає через раз на раннері", "outcomeflaky"),
    ("the orders page takes 9 seconds to load", "outcomeslowsecs"),
    ("звіт по продажах формується секунд 20, а раніше було миттєво", "outcomeslowsecs"),
    ("пошук по клієнтах відповідає секунд 7", "outcomeslowsecs"),
    ("before we go live, scan the app for xss and injection holes", "outcomeprelaunch"),
    ("перед релізом перевірте, чи нас не зламають через форму логіну", "outcomeprelaunch"),
    ("our partners' systems need to fetch the price list from us every night", "outcomepullapi"),
    ("мобільний застосунок має тягнути каталог товарів з нашого сервера", "outcomepullapi"),
    ("since 3am half of the logins on production fail and customers are calling", "outcomepaged"),
    ("з ранку на продакшені половина замовлень не проходить", "outcomepaged"),
]


@pytest.mark.parametrize(("text", "joined"), FIELD_REQUESTS)
def test_a_situation_makes_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


def test_every_round63_frame_is_exercised_here() -> None:
    named = frame_names(outcomes._ROUND63_LINES)
    assert named == {joined for _, joined in FIELD_REQUESTS}
    assert named <= set(outcomes.ENTRIES)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a child's test at school, a home pregnancy test: no suite that flakes
        ("my kid's math test results come tomorrow, sometimes he fails", "outcomeflaky"),
        ("тест на вагітність іноді показує хибний результат", "outcomeflaky"),
        # one's own photos or recipes in one place are no data pipeline nor logging
        ("all my photos in one place on the cloud", "outcomedataplace"),
        ("where do I keep all my recipes in one place", "outcomelogsplace"),
        ("a single place to store the team's passwords", "outcomelogsplace"),
        # seconds that no page or query takes
        ("the microwave takes 30 seconds to heat milk", "outcomeslowsecs"),
        # a launch with nothing to hack, a phone pulling mail
        ("перевірте перед запуском ракети чи все безпечно", "outcomeprelaunch"),
        ("my phone can't pull email from the work server", "outcomepullapi"),
        # logs alone, slow alone: the measure is missing
        ("our logs are noisy, half of them are debug lines", "outcomelogsplace"),
        ("the orders page is slow", "outcomeslowsecs"),
        # production named beside no failure going on now
        ("we go to production next week and half the team is on vacation", "outcomepaged"),
    ],
)
def test_a_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LST97 = CORPUS / "lst97__claude-code-sub-agents"
VOLTAGENT = CORPUS / "VoltAgent__awesome-claude-code-subagents"
BUNDLED = Path(__file__).resolve().parents[1] / "agents"


@pytest.fixture(scope="module")
def lst97() -> Registry:
    if not LST97.is_dir():
        pytest.skip("the shared corpus is absent")
    return load_registry([LST97], only=True, cwd=LST97.parent, cache=False)


@pytest.fixture(scope="module")
def bundled() -> Registry:
    return load_registry([BUNDLED], only=True, cwd=BUNDLED.parent, cache=False)


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        (
            "партнерські системи мають забирати наш каталог з цінами щогодини",
            {"fastapi-backend-expert"},
        ),
        (
            "the mobile app should fetch the product list and prices from us",
            {"fastapi-backend-expert"},
        ),
        (
            "errors and logs of the api and the celery workers should land in one place",
            {"devops-expert"},
        ),
        ("the audit log page takes 15 seconds to open past page 300", {"database-engineer"}),
    ],
)
def test_bundled_routes_the_situation_to_its_field(
    bundled: Registry, text: str, agents: set[str]
) -> None:
    assert route(text, bundled).agent in agents


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        ("перед запуском пройдіться, чи нас не зламають через аплоад файлів", {"security-auditor"}),
        ("before release, check the app for injection and broken auth", {"security-auditor"}),
        (
            "з ночі на проді половина логінів відвалюється, клієнти телефонують",
            {"incident-responder", "devops-incident-responder"},
        ),
        ("CRM, shop and ads figures must land in one place each night", {"data-engineer"}),
    ],
)
def test_lst97_routes_the_situation_to_its_field(
    lst97: Registry, text: str, agents: set[str]
) -> None:
    assert route(text, lst97).agent in agents


@pytest.fixture(scope="module")
def voltagent() -> Registry:
    if not VOLTAGENT.is_dir():
        pytest.skip("the shared corpus is absent")
    return load_registry([VOLTAGENT], only=True, cwd=VOLTAGENT.parent, cache=False)


@pytest.mark.parametrize(
    "text",
    [
        "e2e тести в CI падають через раз, локально все зелене",
    ],
)
def test_voltagent_routes_a_flaky_suite_to_test_automation(voltagent: Registry, text: str) -> None:
    assert route(text, voltagent).agent in {"test-automator", "qa-expert"}
