# ruff: noqa: RUF001 - Ukrainian requests
"""Round 66: a founder's, a PM's and an operator's words for a field, read as outcome frames
(coordinator.routing.outcomes): Claude given a tool or server of our own (MCP), live
connections dropping as users pile in (websockets), a commit pushed to the wrong branch (git),
what a launch assumes (assumption mapping), an idea judged honestly (idea validation), a
month's signups still using the product (cohorts), a big client gone quiet before renewal
(customer success), one broker of several dying on purpose (chaos), a landing page's text
to write (copywriting). Requests here are constructed, not from a set."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import frame_names, frames_of

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import outcomes, siblings
from coordinator.routing.lexical import route
from coordinator.routing.text import words

FIELD_REQUESTS = [
    ("let Claude Desktop search our internal wiki through a tool", "outcomemcp"),
    ("хочу щоб Клод мав доступ до нашої джири через сервер з тулами", "outcomemcp"),
    ("the live cursors lag and connections drop once 200 users join", "outcomesockets"),
    ("наш чат: коли онлайн 5 тисяч користувачів, сокети відвалюються", "outcomesockets"),
    ("I pushed to master instead of my feature branch, how to undo", "outcomegitundo"),
    ("закомітив у мастер замість своєї гілки, як відкотити", "outcomegitundo"),
    ("before the launch, which of our assumptions could sink the product?", "outcomeassume"),
    ("які припущення можуть провалити запуск цієї фічі?", "outcomeassume"),
    ("be brutally honest about my startup idea, is it viable?", "outcomevalidate"),
    ("оціни чесно ідею: хочу запустити підписку на каву для офісів", "outcomevalidate"),
    ("how many users who signed up in march are still active a month later", "outcomechurn"),
    (
        "скільки клієнтів, що зареєструвались у травні, досі користуються через місяць",
        "outcomechurn",
    ),
    (
        "our biggest client rarely logs in and the contract is up for renewal",
        "outcomeaccounthealth",
    ),
    ("великий клієнт не заходить, контракт закінчується, як утримати", "outcomeaccounthealth"),
    ("what if one of three kafka brokers dies at noon, plan the experiment", "outcomeonedown"),
    ("якщо впаде одна репліка бази, що буде — перевір заздалегідь", "outcomeonedown"),
    ("our coding agents run in parallel and overwrite each other's changes", "outcomeagentteam"),
    ("три агенти працюють одночасно і чекають один на одного", "outcomeagentteam"),
    ("paypal sends the same IPN event twice and we ship the order twice", "outcomepayhook"),
    ("вебхук від лікпею не проходить перевірку підпису", "outcomepayhook"),
    ("which accounts still have admin access they no longer need", "outcomeaccessreview"),
    ("хто в нас досі має зайві адмінські права", "outcomeaccessreview"),
    ("rewrite the homepage text so visitors sign up", "outcomelanding"),
    ("перепиши текст лендінгу, щоб люди реєструвались", "outcomelanding"),
]


@pytest.mark.parametrize(("text", "joined"), FIELD_REQUESTS)
def test_a_situation_makes_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


def test_every_round66_frame_is_exercised_here() -> None:
    named = frame_names(outcomes._ROUND66_LINES)
    assert named == {joined for _, joined in FIELD_REQUESTS}
    assert named <= set(outcomes.ENTRIES)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # Claude named with no tool or server of ours: an LLM question
        ("should we use claude or gpt for summarising tickets", "outcomemcp"),
        # a payment provider named with no webhook: a plan to choose
        ("should we use stripe or paypal for a small shop", "outcomepayhook"),
        # agents (travel, real estate) that wait: no parallel run
        ("our travel agents wait for the customer to call back", "outcomeagentteam"),
        # rights named with nothing that should not be held: a role to grant
        ("which users need admin rights to deploy", "outcomeaccessreview"),
        # a chat that is slow, no connection dropping
        ("our support chat answers customers slowly", "outcomesockets"),
        # a branch named with nothing to undo
        ("create a release branch from main", "outcomegitundo"),
        # one's own idea with nothing launched: a party, a recipe
        ("my idea for a birthday party, is it worth it honestly", "outcomevalidate"),
        # a customer kept with no contract: data kept for years
        ("enterprise customers ask whether we may keep their chat logs", "outcomeaccounthealth"),
        # users dropping as live connections drop are sockets, not churn (yields)
        (
            "after the deploy users start dropping from live chat and sockets reconnect",
            "outcomechurn",
        ),
        # a tools list empty in Claude is an MCP server's, not a screen's empty state
        ("our mcp server shows up in claude desktop but the tools list is empty", "outcomeempty"),
    ],
)
def test_a_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


VOLTAGENT = Path(__file__).resolve().parents[2] / "shared" / "corpus"
VOLTAGENT /= "VoltAgent__awesome-claude-code-subagents"


@pytest.fixture(scope="module")
def voltagent() -> Registry:
    if not VOLTAGENT.is_dir():
        pytest.skip("the shared corpus is absent")
    return load_registry([VOLTAGENT], only=True, cwd=VOLTAGENT.parent, cache=False)


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        (
            "хочу щоб Claude міг читати наші задачі з Linear, потрібен сервер з тулами",
            {"mcp-developer"},
        ),
        (
            "наш вебсокет чат: коли онлайн більше 5 тисяч користувачів, зєднання відвалюються",
            {"websocket-engineer"},
        ),
        (
            "I pushed to master by mistake instead of my feature branch, how do I undo it",
            {"git-workflow-manager"},
        ),
        (
            "we're about to launch a B2B invoicing tool, what are we assuming that might kill it",
            {"assumption-mapping"},
        ),
        (
            "roast my startup idea honestly: renting camping gear, is it worth it?",
            {"project-idea-validator", "market-researcher"},
        ),
        (
            "our biggest customer barely logs in and their contract is up for renewal",
            {"customer-success-manager"},
        ),
        (
            "what if one of our kafka brokers dies during peak hours, test it on purpose",
            {"chaos-engineer"},
        ),
        ("мій магазин не знаходить гугл навіть за назвою", {"seo-specialist"}),
        (
            "our three coding agents run in parallel and keep overwriting each other's changes",
            {"multi-agent-coordinator", "agent-organizer", "workflow-orchestrator"},
        ),
        (
            "paypal sends the same IPN event twice and we ship the order twice",
            {"payment-integration"},
        ),
    ],
)
def test_voltagent_routes_the_situation_to_its_field(
    voltagent: Registry, text: str, agents: set[str]
) -> None:
    assert route(text, voltagent).agent in agents


@pytest.mark.parametrize(
    "text",
    [
        "how do I make pizza dough at home, honest opinion on this idea",
        "my idea for a birthday party, is it worth it honestly",
        "how do I knit a scarf with two colours",
    ],
)
def test_voltagent_keeps_a_persons_own_idea_none(voltagent: Registry, text: str) -> None:
    assert route(text, voltagent).agent is None


def test_a_family_is_a_first_name_word_few_names_share() -> None:
    names = ["powershell-5.1-expert", "powershell-7-expert", "golang-pro", "swift-expert"]
    names += [f"data-{n}" for n in "abcdefg"]  # seven: a field, not a family
    assert siblings.families(names)[:4] == ["powershell", "powershell", None, None]
    assert set(siblings.families(names)[4:]) == {None}


def test_a_version_is_read_from_a_name_and_found_in_a_request() -> None:
    assert siblings.version("powershell-5.1-expert") == ("5", "1")
    assert siblings.version("dotnet-framework-4.8-expert") == ("4", "8")
    assert siblings.version("golang-pro") == ()
    assert siblings.writes_version(words("old box, only PowerShell 5.1 there"), ("5", "1"))
    assert not siblings.writes_version(words("5 servers, 1 of them old"), ("5", "1"))
    assert not siblings.writes_version(words("any request"), ())


def test_says_more_weighs_what_only_one_sibling_describes() -> None:
    idf = {"parallel": 3.0, "gui": 2.0, "script": 1.0}
    mine, theirs = frozenset({"parallel", "script"}), frozenset({"gui", "script"})
    assert siblings.says_more(["parallel", "script"], mine, theirs, idf)
    assert not siblings.says_more(["gui", "script"], mine, theirs, idf)
    assert not siblings.says_more(["script"], mine, theirs, idf)  # shared: no lead


def test_voltagent_near_tie_of_siblings_goes_to_the_one_that_describes_it(
    voltagent: Registry,
) -> None:
    # a pasted PowerShell error on an old server: a PowerShell version's expert, not the
    # sibling for GUIs whose long body explains the error's plain words (term, object, runs)
    text = "script runs fine on my laptop but the old Server 2012 box dies with: The term"
    text += " 'ForEach-Object -Parallel' is not recognized"
    assert route(text, voltagent).agent in {"powershell-5.1-expert", "powershell-7-expert"}
