# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 112: VoltAgent and lst97, what the person is in the middle of picks the agent.

An outage driven now, an intrusion, a nightly load that fails, code cleaned while its
behaviour stays, a command-line tool's completion, an idea checked before money goes in, a
game, a bot kept on its topic, a peer-dependency conflict, sign-ups who never order, a site
slow at one time of day, a bug nobody reproduces, releases that take the site down: the
frames (``outcomes._ROUND112_LINES``) fire only on a roster with the role's agent, and their
acts (``act_catalogue._in_the_middle`` and two in ``act_catalogue._guarding``) take the
request to that agent over a technology or a shared word. Requests here are constructed, not
taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.routing.lexical import route
from tests.routing_support import Rosters, assert_routes_to

#: (request, frame): each situation makes its frame.
FRAMES = [
    ("сайт ліг після релізу, хто поведе відкат", "outcomeoutagenow"),
    ("prod is down, who will lead this now", "outcomeoutagenow"),
    ("someone logged into the admin panel and exported the database", "outcomeintrusion"),
    ("як не затерти сліди на сервері", "outcomeintrusion"),
    ("the nightly import to the warehouse fails and reruns make duplicates", "outcomenightlyload"),
    ("щоночі скрипт тягне замовлення в csv", "outcomenightlyload"),
    ("clean up the class, the behaviour must stay the same", "outcomesamebehaviour"),
    ("розгребти модуль, щоб поведінка не змінилась", "outcomesamebehaviour"),
    ("a cli tool with subcommands and zsh completion", "outcomecliflags"),
    ("before I invest money, does anyone need this", "outcomeideacheck"),
    ("хто вже робить щось подібне", "outcomeideacheck"),
    ("гра на юніті з персонажем", "outcomegame"),
    ("the bot answers nonsense", "outcomebotvoice"),
    ("бот має говорити тільки про доставку", "outcomebotvoice"),
    ("ERESOLVE peer dependency conflict", "outcomepeerdeps"),
    ("users register but never reach the first order", "outcomeflowdrop"),
    ("the site is slow in the evening, in the morning it is fine", "outcomepeakslow"),
    ("the button sometimes does nothing, we cannot reproduce it", "outcomecantrepro"),
]


@pytest.mark.parametrize(("text", "joined"), FRAMES)
def test_the_situation_holds_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


#: (request, frame): the same words saying something else.
NOT_FRAMED = [
    ("canary deploy with an automatic rollback if 5xx grow", "outcomeoutagenow"),
    ("build a web app end to end: a form, a database, login", "outcomeintrusion"),
    ("the docs still list the old cli flags", "outcomecliflags"),
    ("групи користувачів з різними рівнями доступу", "outcomegame"),
    ("the chatbot should answer from our docs and not make things up", "outcomebotvoice"),
    ("replica lag grows at peak hours, primary is normal", "outcomepeakslow"),
    ("write the steps to reproduce in the bug template", "outcomecantrepro"),
]


@pytest.mark.parametrize(("text", "joined"), NOT_FRAMED)
def test_other_senses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


ON_CALL = "incident-responder"
#: (request, roster, agent): the agent the situation names.
ROUTES = [
    (
        "сайт ліг після релізу, пʼятисотки, хто поведе відкат і що писати клієнтам",
        "voltagent",
        ON_CALL,
    ),
    (
        "someone logged into our admin panel from an unknown IP last night and exported the "
        "customers database, what do we do first",
        "voltagent",
        ON_CALL,
    ),
    (
        "хтось зайшов на сервер по ssh і зламав акаунт адміна, як зберегти сліди",
        "voltagent",
        ON_CALL,
    ),
    (
        "щоночі пайплайн завантаження в сховище падає, і перезапуск дає дублі",
        "voltagent",
        "data-engineer",
    ),
    (
        "every night the etl load to the warehouse fails and we lose that day of data",
        "lst97",
        "data-engineer",
    ),
    (
        "розгребти легасі код модуля оплат, поведінка не має змінитись",
        "voltagent",
        "refactoring-specialist",
    ),
    (
        "tidy up this module without changing behavior, lots of copy paste",
        "voltagent",
        "refactoring-specialist",
    ),
    (
        "зроби консольну утиліту з підкомандами і автодоповненням для bash",
        "voltagent",
        "cli-developer",
    ),
    (
        "I have an idea for a pet-sitting app, before I invest money I want to know if "
        "anyone needs it",
        "voltagent",
        "project-idea-validator",
    ),
    ("хочемо гру на юніті з персонажем, який стрибає по платформах", "voltagent", "game-developer"),
    (
        "асистент на сайті відповідає дурниці, хочу щоб говорив тільки про наші тарифи",
        "voltagent",
        "prompt-engineer",
    ),
    (
        "конфлікт peer залежностей після оновлення next, що робити",
        "voltagent",
        "dependency-manager",
    ),
    (
        "users sign up but never reach their first purchase, where do we lose them",
        "lst97",
        "ux-designer",
    ),
    (
        "customers say the checkout button sometimes does nothing, we can't reproduce it",
        "lst97",
        "debugger",
    ),
    (
        "іноді форма не відправляється, у нас не відтворюється, треба знайти причину",
        "voltagent",
        "debugger",
    ),
    ("кожен реліз сайт лежить 3 хвилини, хочу без простою", "voltagent", "deployment-engineer"),
    (
        "every deploy takes the site offline for a minute, how to release without downtime",
        "lst97",
        "deployment-engineer",
    ),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_situation_picks_the_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


#: (request, roster, agents): near misses that keep their agent.
NEAR_MISSES = [
    (
        "backup job fails every night, restore test also failed",
        "voltagent",
        {"database-administrator", "devops-engineer"},
    ),
    (
        "the test fails randomly in CI, can't reproduce locally, it's flaky",
        "lst97",
        {"test-automator", "debugger"},
    ),
    ("write a postmortem for yesterday's outage", "voltagent", {"incident-responder"}),
    (
        "the behavior of this function changed after upgrading to python 3.12, why?",
        "lst97",
        {"python-pro", "debugger"},
    ),
    (
        "we renamed the cli flags in the last PR and the docs pages still show the old ones",
        "voltagent",
        {"docs-drift-editor", "documentation-engineer", "technical-writer"},
    ),
    (
        "налаштуй canary деплой з автоматичним відкатом якщо ростуть 5xx",
        "lst97",
        {"deployment-engineer"},
    ),
]


@pytest.mark.parametrize(("text", "roster", "agents"), NEAR_MISSES)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agents: set[str]
) -> None:
    assert route(text, corpus_rosters[roster]).agent in agents


@pytest.mark.parametrize(
    "text", ["порадь гру для дитини на планшет", "my laptop is slow in the evening"]
)
def test_everyday_life_stays_unrouted(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["voltagent"]).agent is None
