# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 120: the deliverable a role agent gives decides over the words around it.

On rosters with role agents (VoltAgent, lst97) a request asks for one deliverable among
words of other fields, and those words pulled a neighbour: a release or a deploy pulled the
deployment engineer, customers' letters the email agent, a monolith the services' architect.
The deliverable asked decides (``outcomes._ROUND120_LINES``, acts in
``act_catalogue._deliverables``):
a team pushing straight to main asked for branching and review rules is the git workflow's
(``outcomebranchrules``; a release then yields); testers clicking through the product by
hand before each release is testing to automate (``outcomehandtesting``); facts pulled out
of customers' letters are NLP (``outcomeextracttext``); a product choice told by a founder,
a "продакт" or a quarter is the product manager's (``outcomepmchoice``); a service carved
out of a monolith asked to be checked is the architecture's review (``outcomesplitcheck``);
an outage whose customers must be told is the incident responder's (``outcomeoutagenow``);
which channel brings customers who stay is the data scientist's (``outcomechannelstay``); an
API partners keep asking how to use, or whose docs partners need, is the API documenter's.
A test plan in Ukrainian with its release criteria is QA's (``outcometestplan``). Near
misses keep their agents. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import outcomes
from coordinator.routing.lexical import route, router_for
from tests.kit import frame_names, frames_of
from tests.routing_support import Rosters, assert_routes_to

ASKED = [
    # (roster, request, frame, agent)
    (
        "voltagent",
        "розробники пушать прямо в main, релізи постійно ламаються — яку схему гілок і "
        "правила рев'ю запровадити",
        "outcomebranchrules",
        "git-workflow-manager",
    ),
    (
        "voltagent",
        "our team of 8 commits directly to master and every release breaks something, what "
        "branching model and review rules should we adopt",
        "outcomebranchrules",
        "git-workflow-manager",
    ),
    (
        "voltagent",
        "перед кожним релізом тестувальники вручну прокликують весь сайт, це два дні",
        "outcomehandtesting",
        "test-automator",
    ),
    (
        "lst97",
        "перед кожним релізом тестувальники вручну прокликують весь сайт, це два дні",
        "outcomehandtesting",
        "test-automator",
    ),
    (
        "voltagent",
        "our qa people click through the whole app by hand before each release, takes three days",
        "outcomehandtesting",
        "test-automator",
    ),
    (
        "voltagent",
        "pull product names and order numbers out of customer emails, mixed english and german",
        "outcomeextracttext",
        "nlp-engineer",
    ),
    (
        "voltagent",
        "треба витягати з повідомлень клієнтів адреси і номери телефонів, тексти українською і "
        "російською",
        "outcomeextracttext",
        "nlp-engineer",
    ),
    (
        "voltagent",
        "i'm the product owner, need to decide next quarter: subscriptions or a referral "
        "program, based on data not gut feeling",
        "outcomepmchoice",
        "product-manager",
    ),
    (
        "lst97",
        "я фаундер, не знаю що будувати першим: особистий кабінет чи інтеграцію з CRM",
        "outcomepmchoice",
        "product-manager",
    ),
    (
        "voltagent",
        "we're carving payments out of the monolith into a separate service, can you sanity "
        "check the boundaries and events",
        "outcomesplitcheck",
        "architect-reviewer",
    ),
    (
        "lst97",
        "виносимо нотифікації з моноліту в окремий сервіс — перевір межі і події",
        "outcomesplitcheck",
        "architect-reviewer",
    ),
    (
        "voltagent",
        "our shop went down this morning, I'm the manager and don't know who to wake up or "
        "what to tell customers",
        "outcomeoutagenow",
        "incident-responder",
    ),
    (
        "voltagent",
        "marketing asks which acquisition channel brings customers who stay longest, data is "
        "in snowflake",
        "outcomechannelstay",
        "data-scientist",
    ),
    (
        "voltagent",
        "маркетинг хоче знати з якого каналу приходять клієнти що довше лишаються, дані в bigquery",
        "outcomechannelstay",
        "data-scientist",
    ),
    (
        "lst97",
        "план тестування нового модуля доставки: що перевіряти, хто і коли, критерії "
        "готовності до релізу",
        "outcometestplan",
        "qa-expert",
    ),
    (
        "voltagent",
        "потрібен план як тестувати оновлення кошика: що перевіряти і хто, критерії для релізу",
        "outcometestplan",
        "qa-expert",
    ),
]


@pytest.mark.parametrize(("roster", "text", "joined", "agent"), ASKED)
def test_a_request_holds_its_frame(roster: str, text: str, joined: str, agent: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(("roster", "text", "joined", "agent"), ASKED)
def test_the_deliverable_decides(
    corpus_rosters: Rosters, roster: str, text: str, joined: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(
    ("roster", "text"),
    [
        (
            "voltagent",
            "our api reference lives in a word document nobody updates and partners keep "
            "asking how to create an order through the api",
        ),
        ("lst97", "our api docs are a shared doc nobody keeps current, partners mail us daily"),
    ],
)
def test_partners_asking_how_to_use_the_api(
    corpus_rosters: Rosters, roster: str, text: str
) -> None:
    assert "outcomeapidocs" in frames_of(text)
    assert_routes_to(text, corpus_rosters[roster], "api-documenter")


def test_the_round_defines_its_frames() -> None:
    assert frame_names(outcomes._ROUND120_LINES) == {
        "outcomebranchrules",
        "outcomehandtesting",
        "outcomeextracttext",
        "outcomesplitmono",
        "outcomesplitcheck",
        "outcomeoutagenow",
        "outcomechannelstay",
        "outcometestplan",
        "outcomepmchoice",
        "outcomeapidocs",
    }


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a merge asked for, a push rejected: no branching rules
        ("merge the feature branch into main and resolve the conflicts", "outcomebranchrules"),
        ("git push to main rejected: non-fast-forward, what do I do", "outcomebranchrules"),
        # addresses pulled from a column, data from invoices: no people's letters
        ("extract all email addresses from this csv column with a regex", "outcomeextracttext"),
        ("витягнути дані з pdf рахунків в excel", "outcomeextracttext"),
        # a version bumped by hand: no testers
        ("before every release I manually bump the version in package.json", "outcomehandtesting"),
        # an idea judged, not two features chosen
        ("founder here, is this idea for a notes app worth building at all?", "outcomepmchoice"),
        # a table moved within databases: no service carved out and checked
        ("move the users table out of the monolith database into a schema", "outcomesplitcheck"),
        # an outage with its logs: nobody to tell
        (
            "the site is down, nginx returns 502 since the deploy, check the logs",
            "outcomeoutagenow",
        ),
        # clicks bought by channel: nobody stays
        ("which marketing channel gives the cheapest clicks", "outcomechannelstay"),
    ],
)
def test_a_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    ("roster", "text", "agent"),
    [
        ("voltagent", "want blue-green deployment with one-click rollback", "deployment-engineer"),
        (
            "voltagent",
            "хочемо канарковий реліз і відкат однією кнопкою, зараз деплоїмо руками",
            "deployment-engineer",
        ),
        ("lst97", "deploys are manual, want a button that ships to prod", "deployment-engineer"),
        ("voltagent", "write playwright tests for the login page", "test-automator"),
        ("lst97", "як тестувати форму логіну? напиши тести", "test-automator"),
        ("lst97", "document our REST API endpoints for partner developers", "api-documenter"),
        ("voltagent", "review this pull request before merge please", "code-reviewer"),
        (
            "voltagent",
            "write a user guide for our accountants on the new reporting screen",
            "documentation-engineer",
        ),
    ],
)
def test_a_near_miss_keeps_its_agent(
    corpus_rosters: Rosters, roster: str, text: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(
    "text",
    [
        "what should I cook for dinner, pasta or soup?",
        "коли виходить новий реліз фільму?",
        "як правильно звільнити працівника за власним бажанням?",
    ],
)
def test_everyday_life_stays_unrouted(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["voltagent"]).agent is None


def test_a_roster_without_the_roles_fires_none_of_them(corpus_rosters: Rosters) -> None:
    unserved = router_for(corpus_rosters["0xfurai"]).unserved_frames
    assert {"outcomebranchrules", "outcomeextracttext", "outcomepmchoice"} <= unserved
    served = router_for(corpus_rosters["voltagent"]).unserved_frames
    assert "outcomebranchrules" not in served
