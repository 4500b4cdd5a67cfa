# ruff: noqa: RUF001 - Ukrainian requests
"""Round 61: the remaining kinds of symptom and outcome requests read as outcome frames
(coordinator.routing.outcomes): a monolith to cut into services, a job planned among several
agents, fines over patients' or users' data, errors in several services at once, one server
down tested ahead, a build that takes minutes, one thing of several to pick, a developer's
setup of the project, a shop not found by its own name, teammates overwriting each other's
work, new hires' mail and chat accounts; and short words taking no place in a frame's
window. Requests here are constructed, not from a set."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import frame_names, frames_of

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import outcomes
from coordinator.routing.lexical import route

FIELD_REQUESTS = [
    ("our monolith got huge, how do we carve it up without a rewrite", "outcomesplitmono"),
    ("як розбити наш моноліт, щоб команди не заважали одна одній", "outcomesplitmono"),
    ("everything lives in one rails app, we want to split it into services", "outcomesplitmono"),
    ("which agents should take the migration and in what sequence", "outcomeagentteam"),
    ("хай кілька агентів разом розпланують рефакторинг платформи", "outcomeagentteam"),
    ("we keep card data of customers, can we get fined for that?", "outcomecomply"),
    ("що треба, щоб не влетіти на штраф за дані користувачів з Європи", "outcomecomply"),
    ("медичний сервіс для клініки: які закони треба дотримуватись", "outcomemedical"),
    ("timeouts hit four services simultaneously every hour", "outcomecrossservice"),
    ("помилки в кількох сервісах одночасно, логи не допомагають", "outcomecrossservice"),
    ("if one node dies the whole shop goes down, we want to test that ahead", "outcomeonedown"),
    ("коли одна нода падає, лягає весь кластер; хочемо перевірити заздалегідь", "outcomeonedown"),
    ("хочемо рандомно вбивати поди на стейджі", "outcomechaos"),
    ("the android build takes 18 min on every push", "outcomecibuild"),
    ("проєкт збирається пів години локально", "outcomecibuild"),
    ("we can only do one of these features next sprint, help me pick", "outcomepriority"),
    ("новий девелопер три дні піднімає проєкт на своєму ноуті", "outcomedevsetup"),
    ("our bakery's site never shows up when people search for its name", "outcomeseo"),
    ("our developers keep overwriting each other's changes in the same file", "outcomeoverwrite"),
    ("новим співробітникам треба завести поштові скриньки і ліцензії", "outcomeprovision"),
]


@pytest.mark.parametrize(("text", "joined"), FIELD_REQUESTS)
def test_a_symptom_or_outcome_makes_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


def test_every_round61_frame_is_exercised_here() -> None:
    named = frame_names(outcomes._ROUND61_LINES)
    assert named <= {joined for _, joined in FIELD_REQUESTS}
    assert named <= set(outcomes.ENTRIES)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a team meeting gathers, it is no build
        ("команда збирається на 15 хвилин щоранку на стендап", "outcomecibuild"),
        # one server down right now is the incident's, not a resilience test
        ("one of our servers died and now everything is down", "outcomeonedown"),
        # people who answer tickets, and a purpose ("in order to"), plan no job together
        ("our support agents answer tickets in order of arrival", "outcomeagentteam"),
        ("two AI agents that talk to each other in order to book a flight", "outcomeagentteam"),
        # "fine" as in all right is no fine
        ("customers in india cant pay, everyone else is fine", "outcomecomply"),
        ("what parking rules does our clinic have for patients", "outcomemedical"),
        # search on the site itself, not the shop in a search engine
        ("the search on our site does not show the items people type", "outcomeseo"),
        ("пошук на нашому сайті не знаходить товари", "outcomeseo"),
        # questions asked in a chat are no accounts to create
        ("new hires keep asking the same setup questions in slack", "outcomeprovision"),
        ("new hires need accounts in our app created by an admin", "outcomeprovision"),
        # two people overwriting a record is a lost update (the database's), not git
        ("two people edit the same order and overwrite each other", "outcomeoverwrite"),
        # a laptop from IT is no project to run
        ("new hires wait a whole week to get their laptops from IT", "outcomedevsetup"),
    ],
)
def test_a_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_short_words_take_no_place_in_the_window() -> None:
    assert outcomes._places(["в", "нас", "є", "3", "фічі", "а", "на", "одну"]) == [
        0,
        1,
        1,
        1,
        2,
        2,
        2,
        3,
    ]
    # 13 words from the first frame word to the last, 5 of them of one or two letters
    text = "є 3 фічі а людей на одну: звіти в pdf, імпорт з 1С, темна тема. шо робити першим"
    assert "outcomepriority" in frames_of(text)


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
VOLTAGENT = CORPUS / "VoltAgent__awesome-claude-code-subagents"
LST97 = CORPUS / "lst97__claude-code-sub-agents"


@pytest.fixture(scope="module")
def voltagent() -> Registry:
    if not VOLTAGENT.is_dir():
        pytest.skip("the shared corpus is absent")
    return load_registry([VOLTAGENT], only=True, cwd=VOLTAGENT.parent, cache=False)


@pytest.fixture(scope="module")
def lst97() -> Registry:
    if not LST97.is_dir():
        pytest.skip("the shared corpus is absent")
    return load_registry([LST97], only=True, cwd=LST97.parent, cache=False)


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        (
            "one flask monolith, 30 devs in it, deploys hurt. split it into services?",
            {"microservices-architect"},
        ),
        ("хочемо вбивати інстанси навмисно і дивитись що впаде", {"chaos-engineer"}),
        (
            "застосунок для клініки, зберігаємо записи пацієнтів, що треба щоб не влетіти",
            {"hipaa-compliance", "compliance-auditor"},
        ),
        ("the frontend build takes 14 min in CI, it used to take 3", {"build-engineer"}),
        ("new hires need a mailbox and a teams license on day one", {"m365-admin"}),
        ("two devs keep overwriting each other's work in the repo", {"git-workflow-manager"}),
        ("nobody finds our shop when they search for its name", {"seo-specialist"}),
    ],
)
def test_voltagent_routes_the_outcome_to_its_field(
    voltagent: Registry, text: str, agents: set[str]
) -> None:
    assert route(text, voltagent).agent in agents


def test_a_job_planned_among_agents_is_no_whole_feature_nor_an_act(lst97: Registry) -> None:
    text = "хай кілька спеціалістів разом розпланують переробку: бек, фронт, база, деплой"
    decision = route(text, lst97)
    assert decision.agent == "agent-organizer"
    assert "whole feature" not in decision.reason
    audit = "want several agents to do a security and test audit together, who does what"
    assert route(audit, lst97).agent == "agent-organizer"


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("our new devs need three days to get the repo running locally", "dx-optimizer"),
        (
            "we can ship just one thing this quarter: SSO, dark mode or an audit log. which one?",
            "product-manager",
        ),
        # an office laptop is everyday life on a roster without IT administration
        ("new hires wait a whole week to get their laptops from IT", None),
    ],
)
def test_lst97_routes_setup_and_priority(lst97: Registry, text: str, agent: str | None) -> None:
    assert route(text, lst97).agent == agent
