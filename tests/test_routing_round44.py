"""Round 44: what a request asks to DO against what it is about (coordinator/routing/acts.py,
``SituationPicks._act_agent``). A request asking for an act a role agent of the roster is for (find
why it breaks, review, test, document, secure) goes to that agent when it scores near the top,
whatever language the code is in; a request that only names its language stays with that
language's expert. Requests here are constructed, not taken from any request set."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.act_catalogue import all_acts
from coordinator.routing.acts import role_agents
from coordinator.routing.lexical import route, router_for
from tests.routing_support import Rosters, assert_routes_to, write_plain_agent

# -- which acts a request asks for ----------------------------------------------------------

_ROSTER = ["python-pro", "debugger", "code-reviewer", "test-automator", "qa-expert", "ux-designer"]
_ROSTER += ["security-auditor", "performance-engineer"]


def _asked(terms: dict[str, float], tokens: list[str] | None = None) -> list[str]:
    acts = role_agents(_ROSTER)
    return [act.name for act, _ in acts.asked(terms, tokens or list(terms))]


def test_a_roster_without_role_agents_has_no_acts() -> None:
    assert role_agents(["python-pro", "react-pro", "golang-pro"]).acts == ()


def test_each_act_lists_the_roster_agents_for_it_in_its_order() -> None:
    acts = {act.name: agents for act, agents in role_agents(_ROSTER).acts}
    assert acts["test"] == (3, 4)  # test-automator before qa-expert
    assert acts["code review"] == (2,)
    assert acts["security review"] == (6,)
    assert "architecture review" not in acts  # no architect-reviewer on this roster


def test_a_phrase_naming_the_act_asks_for_it() -> None:
    assert _asked({"codereview": 1.0, "python": 1.0}) == ["code review"]
    assert _asked({"testkind": 1.0, "unit": 1.0}) == ["test"]


def test_only_the_requests_own_words_ask() -> None:
    """A term an everyday word's domain brought in (weight under 1) asks for nothing."""
    # ("python crashed": crash brings debug in; round 68: a request's first word is its own)
    assert _asked({"debug": 0.5, "python": 1.0}, ["python", "crashed"]) == []
    assert _asked({"debug": 1.0, "python": 1.0}) == ["debug"]


def test_a_word_with_its_companion_asks_and_alone_does_not() -> None:
    assert _asked({"test": 1.0, "write": 1.0}) == ["writing tests"]
    assert _asked({"test": 1.0, "flaky": 1.0}) == ["test work"]
    assert _asked({"test": 1.0, "plan": 1.0}) == ["test planning"]  # the QA expert's first
    assert _asked({"test": 1.0, "server": 1.0}) == []  # a test server is no test work
    assert _asked({"confus": 1.0, "user": 1.0}) == ["confusing to users"]
    assert _asked({"confus": 1.0, "billing": 1.0}) == []  # a classifier confusing two labels


def test_a_word_that_means_something_else_beside_another_asks_nothing() -> None:
    """npm audit's vulnerabilities are the dependencies'; slow (повільно, which also brings
    "performance") is a symptom whose technology decides, not performance work."""
    assert _asked({"vulnerabil": 1.0, "sql": 1.0}) == ["security"]
    assert _asked({"vulnerabil": 1.0, "npm": 1.0}) == []
    assert _asked({"perform": 1.0, "improv": 1.0}) == ["performance work"]
    assert _asked({"perform": 1.0, "slow": 0.5}) == []  # at any weight


def test_investigating_asks_for_the_debugger_only_about_a_failure() -> None:
    """розберись is any "sort it out": the debugger's when something fails or asks why."""
    assert _asked({"investig": 1.0, "why": 1.0}) == ["investigate a failure"]
    assert _asked({"investig": 1.0, "data": 1.0}) == []
    assert _asked({"review": 1.0, "product": 1.0}) == []  # customer reviews: no code review
    assert _asked({"глян": 1.0, "code": 1.0}) == ["look over code"]  # глянь мій код
    assert _asked({"глян": 1.0, "code": 1.0, "debug": 1.0}) == ["debug", "look over code"]


def test_a_pasted_error_class_name_asks_for_the_debugger() -> None:
    tokens = ["valueerror", "too", "many", "values", "to", "unpack"]
    assert _asked({"valu": 1.0, "unpack": 1.0}, tokens) == ["pasted error"]
    assert _asked({"error": 1.0}, ["error", "handling"]) == []  # the word error names none


def test_every_act_has_cues_and_roles() -> None:
    for act in all_acts():
        assert act.cues and act.roles, act.name
        assert 0.0 < act.close < 1.0


# -- a constructed roster -------------------------------------------------------------------

_FILLERS = [
    ("seo-writer", "Search engine optimisation copy and keyword research for blogs."),
    ("ios-builder", "iOS apps in Swift with SwiftUI, App Store releases."),
    ("data-analyst", "Dashboards, spreadsheets, SQL reports for business questions."),
    ("tax-advisor", "Tax filings, VAT and invoices for small companies."),
    ("video-editor", "Cutting and colour grading video for marketing."),
    ("legal-reviewer", "Contracts, licences and terms of service."),
    ("k8s-operator", "Kubernetes clusters, helm charts and pods."),
    ("css-stylist", "CSS layouts, themes and responsive styling."),
    ("ml-trainer", "Training machine learning models on tabular data."),
    ("email-marketer", "Newsletters, campaigns and deliverability."),
    ("game-designer", "Level design and game balance for mobile games."),
    ("music-tutor", "Teaching guitar chords and music theory."),
    ("crm-admin", "Salesforce and HubSpot configuration for sales teams."),
    ("finance-modeler", "Startup financial models and fundraising decks."),
    ("sre-oncall", "On-call, alerts and service level objectives."),
    ("translator", "Translating product copy between languages."),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """A constructed roster of 20 agents: a Python expert, a code reviewer and fillers."""
    folder: Path = tmp_path_factory.mktemp("agents")
    write_plain_agent(
        folder,
        "python-pro",
        "Write idiomatic Python: decorators, retries, asyncio, packaging, type hints, pytest.",
        "Python expert. Decorators, retry helpers, asyncio code, Python packaging.",
    )
    write_plain_agent(
        folder,
        "code-reviewer",
        "Review code changes before merge: readability, correctness, maintainability.",
        "Reviews changes for correctness and maintainability.",
    )
    for name, description in _FILLERS:
        write_plain_agent(folder, name, description, description)
    return load_registry([folder], only=True, cwd=folder, cache=False)


def test_a_code_review_of_python_goes_to_the_reviewer(roster: Registry) -> None:
    decision = route("code review of my python retry decorator", roster)
    assert decision.agent == "code-reviewer", decision.reason
    scores = {c.agent: c.score for c in decision.candidates}
    assert scores["python-pro"] > scores["code-reviewer"]  # the act decided, not the score


def test_python_work_without_an_act_stays_with_the_expert(roster: Registry) -> None:
    assert route("write a python retry decorator with asyncio", roster).agent == "python-pro"


# -- the corpus rosters (skipped where ../shared is absent) -----------------------------------


@pytest.mark.parametrize(
    ("roster_name", "request_text", "agent"),
    [
        # the act asked, in Ukrainian, on code in a language the roster has an expert for
        ("lst97", "напиши тести для модуля знижок на пайтоні, pytest", "test-automator"),
        ("lst97", "переглянь пулреквест: додав ретраї в клієнт платежів", "code-reviewer-pro"),
        # a pasted error whose language no expert leads: the debugger
        ("lst97", "TypeError: cannot read properties of undefined (reading 'total')", "debugger"),
        # a security audit named outright takes it from the framework's expert
        ("voltagent", "security audit of our fastapi billing service", "security-auditor"),
    ],
)
def test_the_act_asked_reaches_its_role_agent(
    corpus_rosters: Rosters, roster_name: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster_name], agent)


@pytest.mark.parametrize(
    ("roster_name", "request_text", "agent"),
    [
        # a framework's own expert leads and the act is read from a pasted error: it stays
        (
            "voltagent",
            "laravel job fails with ModelNotFoundException on retry",
            "laravel-specialist",
        ),
        # code in a language, no act: the language's expert
        ("lst97", "golang: implement a token bucket rate limiter middleware", "golang-pro"),
    ],
)
def test_work_in_a_language_stays_with_its_expert(
    corpus_rosters: Rosters, roster_name: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster_name], agent)


def test_a_technology_roster_has_no_role_agents(corpus_rosters: Rosters) -> None:
    """0xfurai is technology agents only and the bundled five hold no role agent: no act
    ever moves their requests."""
    assert router_for(corpus_rosters["0xfurai"]).acts.acts == ()
    assert router_for(corpus_rosters["bundled"]).acts.acts == ()
