# ruff: noqa: RUF001 - Ukrainian requests
"""Round 84 routing: VoltAgent's near agents told apart by what each produces. Outcome
frames (``outcomes._ROUND84_LINES``) read new copy for a home page (not a review of copy),
docs the code has left behind (not a refactor), one error across many services (not a
network fault), failure caused on purpose to test resilience (not an outage now), a backlog
of stale tickets (not duplicated code) and an honest verdict on an idea or the bets of a plan.
Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frame_names, roster_of

from coordinator.roster.registry import Registry
from coordinator.routing import outcomes
from coordinator.routing.lexical import route
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to

_SITUATIONS = [
    ("write the homepage copy for our bike repair startup so visitors book", "outcomelanding"),
    ("склади текст для головної сторінки нашої кавʼярні", "outcomelanding"),
    (
        "our contributing guide still describes the old build command, the code changed",
        "outcomedocdrift",
    ),
    ("вікі проекту досі описує старі опції конфігу, код вже інший", "outcomedocdrift"),
    ("the same timeout error appears across five microservices at once", "outcomesameerror"),
    ("одна й та сама помилка одночасно в кількох сервісах", "outcomesameerror"),
    ("be honest: is my idea of an app for renting camping gear worth building?", "outcomevalidate"),
    (
        "скажи відверто, чи варто робити стартап з доставки сніданків, чи це тупа ідея",
        "outcomevalidate",
    ),
    (
        "we want to deliberately kill the database primary in staging to see if we recover",
        "outcomechaos",
    ),
    ("хочемо перевірити чи кластер витримає відмову однієї ноди", "outcomechaos"),
    ("our backlog is full of duplicate and stale tickets, help me triage it", "outcomebacklog"),
    ("в беклозі купа застарілих задач і дублів, допоможи почистити", "outcomebacklog"),
    ("what are we betting on with the new pricing feature that could be wrong", "outcomeassume"),
]


@pytest.mark.parametrize(("text", "joined"), _SITUATIONS)
def test_the_frames_read_the_situation(text: str, joined: str) -> None:
    assert joined in outcomes.frames(words(text))


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # the neighbouring field's own request: no frame of the other field
        ("prod is down right now, 500s everywhere, help", "outcomechaos"),
        ("продакшн лежить, всі сервіси віддають 500, треба терміново", "outcomechaos"),
        ("this class has duplicated code everywhere, clean it up", "outcomebacklog"),
        ("check the homepage text for AI patterns and cliches", "outcomelanding"),
        ("the docs build fails after upgrading sphinx", "outcomedocdrift"),
        ("is it a good idea to cache this query in redis?", "outcomevalidate"),
        # a person's own plan: no product to judge
        ("be honest, is my idea for a surprise party dumb?", "outcomevalidate"),
        ("чесно, чи варто мені йти на цей курс, чи це тупа ідея", "outcomevalidate"),
    ],
)
def test_a_near_field_holds_no_frame(text: str, joined: str) -> None:
    assert joined not in outcomes.frames(words(text))


def test_every_new_frame_names_its_field() -> None:
    for joined in frame_names(outcomes._ROUND84_LINES):
        assert outcomes.ENTRIES.get(joined), joined


_ROSTER = [
    (
        "chaos-engineer",
        "Design and execute controlled failure experiments, validate system resilience "
        "before incidents occur, run game day exercises.",
    ),
    (
        "incident-responder",
        "An active security breach, service outage, or operational incident requires "
        "immediate response and coordinated recovery.",
    ),
    (
        "backlog-grooming",
        "Groom, refine, or clean up a product backlog: backlog refinement, refine stories.",
    ),
    (
        "refactoring-specialist",
        "Transform poorly structured, complex, or duplicated code into clean, maintainable "
        "systems while preserving behavior.",
    ),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r84"), _ROSTER)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "хочемо спеціально вбити одну ноду бази на стейджі і перевірити чи система витримає",
            "chaos-engineer",
        ),
        ("в беклозі купа застарілих задач і дублів, допоможи почистити", "backlog-grooming"),
    ],
)
def test_the_frame_picks_the_agent_that_produces_it(
    roster: Registry, text: str, agent: str
) -> None:
    assert route(text, roster).agent == agent


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("склади текст для головної сторінки нашої кавʼярні онлайн", "landing-page-copywriter"),
        ("вікі проекту досі описує старі опції конфігу, код вже інший", "docs-drift-editor"),
        (
            "the same timeout error appears across five microservices at once every hour",
            "error-detective",
        ),
        (
            "скажи відверто, чи варто робити стартап з доставки сніданків, чи це тупа ідея",
            "project-idea-validator",
        ),
        (
            "our backlog is full of duplicate and stale tickets, help me triage it",
            "backlog-grooming",
        ),
    ],
)
def test_voltagent_near_agents(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert_routes_to(text, corpus_rosters["voltagent"], agent)
