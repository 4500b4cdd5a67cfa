# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 110: VoltAgent and lst97, an engineering role's work asked by what is wanted.

What a person asks for (an alert policy, a drill, a load test, a measurement, a split, a
review, a root cause, a whole feature) decides over the technology the request names. The
frames (``outcomes._ROUND110_LINES``) fire only on a roster with the role's agent
(``outcomes.unserved``), and their acts (``acts``) take the request to that agent: which
alerts are worth waking on-call people for (SRE), a dependency taken down under control
(chaos), how much load the system takes or where a slow page loses its time (performance),
a big file split into modules (refactoring), a page open without a login (security
auditor), several services' logs read for what starts a chain (error detective), what passes
locally and fails in CI (debugger; flaky tests stay the test automator's), 5xx after a
deploy that a rollback did not fix (on call), a model grown worse in production (ML
engineer), a pull request or code looked over for what is badly written (code reviewer), a
new feature with its page and its data saved (full stack). Requests here are constructed,
not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.routing.lexical import route
from tests.routing_support import Rosters, assert_routes_to

#: (request, frame): each situation makes its frame.
FRAMES = [
    ("the pager wakes us for every small blip, which alerts are worth it", "outcomealertnoise"),
    ("алерти будять чергових через кожну дрібницю, як вирішити поріг", "outcomealertnoise"),
    ("що буде, якщо кафка впаде — перевірити контрольовано", "outcomechaos"),
    ("how many users can the api handle at the peak", "outcomecapacity"),
    ("what breaks first when traffic doubles", "outcomecapacity"),
    (
        "the page is slow and nobody knows where: the server or the browser front",
        "outcomewhereslow",
    ),
    ("сторінка гальмує, треба заміри, де саме", "outcomewhereslow"),
    ("split the 4000-line helpers file into modules", "outcomesplitfile"),
    ("the admin page opens without login for anyone who knows it", "outcomenoauth"),
    ("адмінка відкривається без авторизації", "outcomenoauth"),
    ("logs from three services: find what starts the cascade", "outcomeerrorchain"),
    ("tests pass locally but die in the gitlab pipeline", "outcomelocalonly"),
    ("тести падають на кожен третій прогін", "outcomeflaky"),
    ("5xx since the deploy, rollback did not help", "outcomepaged"),
    ("the model's predictions got worse in production", "outcomemodeldrift"),
    ("глянь мій код, що погано написано", "outcomereviewme"),
    ("can you look over my pull request", "outcomelookpr"),
    ("add a new feature: a page with a form saved to the database", "outcomefeaturestack"),
    ("один розробник робить усе від початку до кінця", "outcomewholeapp"),
]


@pytest.mark.parametrize(("text", "joined"), FRAMES)
def test_the_work_holds_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


#: (request, frame): the same words saying something else.
NOT_FRAMED = [
    ("my phone wakes me with every notification, which apps to mute", "outcomealertnoise"),
    ("split a string into words in python", "outcomesplitfile"),
    ("split the monolith into modules by domain", "outcomesplitfile"),
    ("add a login to the admin page", "outcomenoauth"),
    ("tests pass locally but fail randomly in ci", "outcomelocalonly"),
    ("check our CPT coding workflow, claims come back wrong", "outcomereviewme"),
    ("the form on the page does not save to the database", "outcomefeaturestack"),
    ("the weather forecast got worse this week", "outcomemodeldrift"),
    ("my pull-up bar broke, which one to buy", "outcomelookpr"),
]


@pytest.mark.parametrize(("text", "joined"), NOT_FRAMED)
def test_other_senses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


#: (request, roster, agent): the role the work asked names.
ROUTES = [
    (
        "our pager goes off all night for every minor spike, the team is exhausted. "
        "which alerts should actually wake someone up?",
        "voltagent",
        "sre-engineer",
    ),
    (
        "чергові вигорають, алерти будять вночі через кожну дрібницю. як вирішити, що варто?",
        "voltagent",
        "sre-engineer",
    ),
    (
        "хочемо контрольовано перевірити, що буде якщо впаде кафка посеред дня",
        "voltagent",
        "chaos-engineer",
    ),
    (
        "what happens to checkout if the payment provider dies — we want a controlled drill",
        "voltagent",
        "chaos-engineer",
    ),
    (
        "how many concurrent users can our api handle before it dies? campaign next month",
        "lst97",
        "performance-engineer",
    ),
    (
        "the dashboard takes 12 seconds and nobody knows where — the server or the front end "
        "in the browser. measure it properly",
        "voltagent",
        "performance-engineer",
    ),
    (
        "сторінка кабінету повільно вантажиться, хочу зробити заміри і зрозуміти, де саме",
        "voltagent",
        "performance-engineer",
    ),
    (
        "клас OrderManager на 1500 рядків, треба розбити на модулі і не зламати",
        "voltagent",
        "refactoring-specialist",
    ),
    (
        "the admin dashboard is accessible without a password if you know the link",
        "lst97",
        "security-auditor",
    ),
    ("адмінка відкривається без логіна, якщо знати урл", "lst97", "security-auditor"),
    (
        "we have logs from three services and errors everywhere at 2am — find what starts "
        "the cascade",
        "voltagent",
        "error-detective",
    ),
    (
        "the build passes locally but fails in the gitlab pipeline with a weird import error",
        "voltagent",
        "debugger",
    ),
    (
        "500s since the 16:00 release, we rolled back and it's still happening",
        "voltagent",
        "incident-responder",
    ),
    (
        "прогнози моделі на проді погіршились, як відстежувати це автоматично",
        "lst97",
        "ml-engineer",
    ),
    (
        "can you look over my first pull request before the lead does? it's the signup flow "
        "in express",
        "voltagent",
        "code-reviewer",
    ),
    (
        "глянь мій код перед мерджем: що тут погано написано і де можуть бути дірки",
        "lst97",
        "code-reviewer-pro",
    ),
    ("нова фіча: форма підписки на сторінці і збереження в базі", "lst97", "full-stack-developer"),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_work_goes_to_its_role(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


#: (request, roster, agents): the same words beside other work keep their agent.
NEAR_MISSES = [
    (
        "we got paged at 3am, checkout is down for everyone, what do I check first",
        "voltagent",
        {"incident-responder", "devops-incident-responder"},
    ),
    (
        "which query is slow on the orders page, explain shows a seq scan on postgres",
        "voltagent",
        {"database-optimizer", "postgres-pro", "sql-pro"},
    ),
    ("split our monolith into services by domain", "voltagent", {"microservices-architect"}),
    (
        "один гігантський main.tf на 3к рядків для всіх енвів, треба розбити на модулі",
        "voltagent",
        {"terraform-engineer", "terragrunt-expert"},
    ),
    (
        "playwright suite is flaky in CI, locally always green, stabilise it",
        "voltagent",
        {"test-automator", "qa-expert"},
    ),
    (
        "тести на playwright флейкають в CI — кожен третій прогін падає, локально зелені",
        "voltagent",
        {"test-automator", "qa-expert"},
    ),
    (
        "білд монорепи в CI йде 25 хв, локально 12, кеш не працює",
        "voltagent",
        {"build-engineer", "dx-optimizer"},
    ),
    ("check our login form for sql injection and xss", "lst97", {"security-auditor"}),
    ("write integration tests for the orders API with jest", "lst97", {"test-automator"}),
]


@pytest.mark.parametrize(("text", "roster", "agents"), NEAR_MISSES)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agents: set[str]
) -> None:
    assert route(text, corpus_rosters[roster]).agent in agents


@pytest.mark.parametrize(
    "text",
    [
        "my phone battery dies every afternoon, how many hours should it last",
        "порадь ноутбук для навчання до 30 тисяч",
    ],
)
def test_everyday_life_stays_unrouted(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["voltagent"]).agent is None
