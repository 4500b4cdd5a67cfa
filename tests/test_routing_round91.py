# ruff: noqa: RUF001 - Ukrainian requests
"""Round 91: another trade's question a business asks is no developer's (offtopic trades).

A contract, terms of service, a tax regime, accounting, unit economics and a pitch, a logo,
OKRs and a keyboard to buy (:mod:`coordinator.routing.tradewords`), in English and
Ukrainian: no specialist fits on a roster with no agent for the trade, while software work
for such a subject (a VAT field, a terms page, a dashboard of unit economics) keeps its
agent; an app named for a device no agent covers (an iOS app) is no agent's on such a
roster. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.text import words
from tests.routing_support import Rosters

#: Another trade's questions: no agent of the bundled roster fits.
TRADE_QUESTIONS = [
    "Який податковий режим краще для ФОП третьої групи, якщо продаю консультації за кордон?",
    "how should a delaware c-corp pay taxes on saas revenue from europe?",
    "склади договір надання послуг між нашим стартапом і підрядником",
    "draft an NDA for our contractors before they see the product",
    "напишіть політику конфіденційності для нашого сервісу",
    "чи можемо ми використати чужу торгову марку у назві? це законно?",
    "how do we calculate runway if we burn 40k a month and raised 500k?",
    "потрібен пітч дек для інвесторів, 10 слайдів про наш стартап",
    "які показники юніт економіки показати на pre-seed?",
    "design a logo for our coffee delivery startup",
    "придумай слоган для нашої кавʼярні",
    "OKR or KPI for a 10-person marketing team?",
    "як найняти першого співробітника на ФОП і не порушити закон?",
    "which monitor should I buy for coding, 27 or 32 inch?",
    "яку клавіатуру купити програмісту?",
    "хто має вести бухгалтерію ТОВ на загальній системі?",
    "what liability cap is normal in a SaaS agreement with enterprise customers?",
    "підготуйте публічну оферту для інтернет-магазину",
    "how much equity should we give our first engineer?",
]

#: Software work for such a subject: the bundled agent it goes to.
SOFTWARE_FOR_TRADES = [
    ("add a VAT field to the invoice form and compute it on the backend", "react-frontend-expert"),
    ("the terms of service page returns 404 after the deploy", "fastapi-backend-expert"),
    ("додай сторінку з умовами користування на сайт", "react-frontend-expert"),
    ("build a dashboard of our unit economics from the postgres orders table", "database-engineer"),
    ("the logo in the navbar is blurry on retina screens", "react-frontend-expert"),
    ("логотип не відображається в хедері на мобільному", "react-frontend-expert"),
    ("store the signed contract PDFs in S3 and show them in the admin", "react-frontend-expert"),
    ("investors dashboard loads slowly, the query takes 8 seconds", "database-engineer"),
    ("таблиця інвесторів у базі дублює записи після імпорту", "database-engineer"),
    ("keyboard navigation doesn't work in our modal dialog", "react-frontend-expert"),
    ("клавіатура на мобільному перекриває поле вводу в нашому застосунку", "react-frontend-expert"),
    ("the hiring form on our careers site doesn't submit", "react-frontend-expert"),
    ("add KPI charts to the react admin dashboard", "react-frontend-expert"),
    ("порахуй LTV по когортах SQL запитом з таблиці платежів", "database-engineer"),
    ("додати розрахунок ПДВ у кошик інтернет-магазину", "react-frontend-expert"),
    (
        "set up a cron job that emails the accountant the monthly sales CSV",
        "fastapi-backend-expert",
    ),
    ("investors keep asking for uptime numbers, text me when the site goes down", "devops-expert"),
]


@pytest.mark.parametrize("text", TRADE_QUESTIONS)
def test_another_trades_question_is_no_agents(bundled: Registry, text: str) -> None:
    decision = route(text, bundled)
    assert decision.agent is None, decision


@pytest.mark.parametrize(("text", "agent"), SOFTWARE_FOR_TRADES)
def test_software_for_a_trades_subject_keeps_its_agent(
    bundled: Registry, text: str, agent: str
) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    "text",
    [
        "what's the best keyboard for a programmer?",
        "Підготуй квартальну податкову декларацію для ТОВ",
        "напишіть умови користування (terms of service) для нашого сервісу",
    ],
)
def test_a_trade_word_names_the_subject(text: str) -> None:
    assert life_subject(words(text)) is not None


def test_a_roster_with_the_trades_agent_routes_it(corpus_rosters: Rosters) -> None:
    voltagent = corpus_rosters["voltagent"]
    assert route("draft an NDA for our contractors", voltagent).agent == "legal-advisor"
    assert route("склади договір надання послуг з підрядником", voltagent).agent is not None


@pytest.mark.parametrize(
    "text",
    [
        "Потрібен iOS застосунок для наших клієнтів з пуш-нотифікаціями",
        "build an app for iPhone that shows our menu",
    ],
)
def test_an_app_named_for_a_device_no_agent_covers(bundled: Registry, text: str) -> None:
    decision = route(text, bundled)
    assert decision.agent is None and "Apple" in decision.reason


@pytest.mark.parametrize(
    "text",
    [
        "наш застосунок на айфоні показує білий екран після логіну",
        "our users on the iOS app see a stale cart after login from the web",
        "the iOS app calls our FastAPI endpoint and gets 401",
    ],
)
def test_an_app_a_device_only_runs_keeps_its_agent(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is not None
