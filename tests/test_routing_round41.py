# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 41: a request that names one language or framework and asks for code in it goes to
the agent named for that language (golang-pro, react-pro, powershell-5.1-expert) when that
agent scores near a top scorer named for none (an architecture, role or review agent)
(coordinator/routing/choice_named.py, ``NamedPicks._named_for``). Not when the language is only
implied by an error or a tool, when the request is about the whole system (a monolith to
split, a migration) or moves between two languages. Requests here are constructed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.index import _language_names
from coordinator.routing.lexical import route, router_for
from coordinator.routing.senses import tech_use
from coordinator.routing.text import terms, words
from coordinator.routing.tuning import PHRASE_FACTOR, RELATED_FACTOR
from tests.routing_support import Rosters, assert_routes_to, write_plain_agent


def _names(*names: str) -> list[frozenset[str]]:
    fields = [{"name": Counter(terms(n.replace("-", " ")))} for n in names]
    return _language_names(fields)


def test_an_agent_is_named_for_a_language_by_the_language_and_one_role_word() -> None:
    found = _names("golang-pro", "react-specialist", "powershell-5.1-expert", "data-engineer")
    assert found[0] == {"golang", "go"}  # and the nickname people write
    assert found[1] == {"react"}
    assert found[2] == {"powershell"}
    assert found[3] == frozenset()  # not a language


def test_a_topic_beside_the_language_names_a_specialist_of_the_topic() -> None:
    found = _names("powershell-security-hardening", "expo-react-native-expert", "python-pro")
    assert found[:2] == [frozenset(), frozenset()]
    assert found[2] == {"python"}


def test_a_language_many_agents_are_named_for_names_none_of_them() -> None:
    found = _names("python-pro", "python-expert", "python-developer", "go-expert")
    assert found[:3] == [frozenset()] * 3  # 3 of 4 names: over the share
    assert found[3] == {"go"}


_FILLERS = [
    ("seo-writer", "Search engine optimisation copy and keyword research for blogs."),
    ("ios-builder", "iOS apps in Swift with SwiftUI, App Store releases."),
    ("data-analyst", "Dashboards, spreadsheets, SQL reports for business questions."),
    ("tax-advisor", "Tax filings, VAT and invoices for small companies."),
    ("video-editor", "Cutting and colour grading video for marketing."),
    ("legal-reviewer", "Contracts, licences and terms of service review."),
    ("k8s-operator", "Kubernetes clusters, helm charts and pods."),
    ("css-stylist", "CSS layouts, themes and responsive styling."),
    ("ml-trainer", "Training machine learning models on tabular data."),
    ("email-marketer", "Newsletters, campaigns and deliverability."),
    ("game-designer", "Level design and game balance for mobile games."),
    ("music-tutor", "Teaching guitar chords and music theory."),
    ("qa-lead", "Test plans, regression suites and release checks."),
    ("docs-writer", "Technical documentation, guides and READMEs."),
    ("crm-admin", "Salesforce and HubSpot configuration for sales teams."),
    ("sre-oncall", "Incident response, on-call, alerts and postmortems."),
    ("ux-researcher", "User interviews, usability studies and personas."),
    ("finance-modeler", "Startup financial models and fundraising decks."),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """A constructed roster of 21 agents: a Go expert, a backend architect whose description
    holds the service words, and fillers (a large roster: the rule is for rosters of many)."""
    folder: Path = tmp_path_factory.mktemp("agents")
    write_plain_agent(
        folder,
        "backend-architect",
        "Backend architecture: services, grpc and REST APIs, timeouts, context propagation, "
        "service boundaries and scaling.",
        "Designs backend services and their APIs. Service timeouts, grpc contracts.",
    )
    write_plain_agent(
        folder,
        "golang-pro",
        "Write idiomatic Go code: goroutines, channels, context cancellation, graceful shutdown.",
        "Go expert. Concurrency in Go, error handling, testing Go code.",
    )
    write_plain_agent(
        folder,
        "microservices-architect",
        "Split a monolith into microservices: boundaries, events, data ownership.",
        "Monolith decomposition, service boundaries, migration plans.",
    )
    for name, description in _FILLERS:
        write_plain_agent(folder, name, description, description)
    return load_registry([folder], only=True, cwd=folder, cache=False)


def test_a_named_language_pulls_its_code_to_the_language_expert(roster: Registry) -> None:
    decision = route("go grpc service: add graceful shutdown and context timeouts", roster)
    assert decision.agent == "golang-pro", decision.reason
    scores = {c.agent: c.score for c in decision.candidates}
    assert scores["backend-architect"] > scores["golang-pro"]  # the rule, not the score


def test_without_the_language_the_architect_keeps_it(roster: Registry) -> None:
    decision = route("grpc service: add graceful shutdown and context timeouts", roster)
    assert decision.agent == "backend-architect"


def test_the_system_built_in_a_language_stays_with_the_architect(roster: Registry) -> None:
    request_text = "go grpc service architecture: graceful shutdown and context timeouts"
    decision = route(request_text, roster)
    assert decision.agent == "backend-architect"
    scores = {c.agent: c.score for c in decision.candidates}
    assert scores["golang-pro"] >= 0.6 * scores["backend-architect"]  # near enough to move


@pytest.mark.parametrize(
    ("roster_name", "request_text", "agent"),
    [
        ("lst97", "go http server: add graceful shutdown on SIGTERM", "golang-pro"),
        ("lst97", "our go service needs context timeouts on every outgoing call", "golang-pro"),
        ("lst97", "electron: auto update from github releases fails on windows", "electron-pro"),
        # the language's own expert leads: a near tie on coverage does not move it
        ("lst97", "в ріакті список на тисячу рядків гальмує при скролі", "react-pro"),
        (
            "voltagent",
            "powershell script that exports AD users who never logged in",
            "powershell-5.1-expert",
        ),
        (
            "voltagent",
            "скрипт на powershell: вимкнути акаунти AD без входу пів року",
            "powershell-5.1-expert",
        ),
    ],
)
def test_the_language_named_reaches_its_expert(
    corpus_rosters: Rosters, roster_name: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster_name], agent)


@pytest.mark.parametrize(
    ("roster_name", "request_text", "agent"),
    [
        # the language only implied by an error message: the debugger keeps it
        (
            "voltagent",
            "TypeError: Cannot read properties of undefined (reading 'id'), where is it from?",
            "debugger",
        ),
    ],
)
def test_an_implied_language_or_a_whole_system_keeps_its_agent(
    corpus_rosters: Rosters, roster_name: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster_name], agent)


def test_a_ukrainian_word_that_sounds_like_a_language_names_none(corpus_rosters: Rosters) -> None:
    """питань (questions) shares python's sound skeleton: the glossary reads it first."""
    router = router_for(corpus_rosters["voltagent"])
    assert "python" not in router.query("анкета з безпеки на 60 питань").weights
    assert "python" in router.query("скрипт на пайтоні").weights


# -- a phrase of the concepts table brings its field's words at PHRASE_FACTOR --------------


def test_a_phrase_brings_its_fields_words_at_the_phrase_share(corpus_rosters: Rosters) -> None:
    # "go or no go" is a phrase of the ideacheck field and no outcome frame (round 43) fires
    query = router_for(corpus_rosters["voltagent"]).query("we need a go or no go on building this")
    assert not query.framed
    assert query.weights["idea"] == PHRASE_FACTOR > RELATED_FACTOR  # ideacheck's words
    assert query.weights["build"] == 1.0  # the request's own word keeps its weight


@pytest.mark.parametrize(
    ("roster_name", "request_text", "agent"),
    [
        # "не можуть знайти" (can't find) is the UX field's phrase; a menu alone is the UI's
        (
            "lst97",
            "клієнти не можуть знайти де змінити тариф у мобільному меню, незручно",
            "ux-designer",
        ),
        # a slow webpack build is the build engineer's, not the language's
        ("voltagent", "збірка вебпаком триває 9 хвилин, треба прискорити", "build-engineer"),
        # "розпиляти моноліт на сервіси" outweighs the framework the monolith is written in
        (
            "voltagent",
            "хочемо розпиляти моноліт на сервіси, рейлс, одна база, де різати",
            "microservices-architect",
        ),
    ],
)
def test_a_phrase_outweighs_single_words_of_another_field(
    corpus_rosters: Rosters, roster_name: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster_name], agent)


# -- a homonym next to a job or a query is the technology (spark job, rails queries) --------


def test_a_homonym_next_to_a_job_or_query_is_the_technology() -> None:
    tokens = words("spark job for the hourly rollup dies on the shuffle")
    assert tech_use("spark job for the hourly rollup dies on the shuffle", tokens, 0)
    plain = "a spark of hope for the team"
    assert not tech_use(plain, words(plain), 1)


# -- round 41's phrases: sibling fields asked for without their names -----------------------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("loads orders from mysql into bigquery every night", "datapipeline"),
        ("щоночі заливаємо дані з crm", "datapipeline"),
        ("which features should we ship first", "productplanning"),
        ("people cant find where to change the plan", "userresearch"),
        ("new hires take a day to get going", "devsetup"),
        ("розподіли між агентами лендінг і тести", "agentsteam"),
        ("randomly kill instances in staging", "chaosdrill"),
        ("оціни ідею застосунку для сусідів", "ideacheck"),
        ("customers pay monthly and cancel anytime", "subscription"),
        ("скільки юзерів повертається після першого тижня", "comeback"),
        ("наші клієнти йдуть від нас", "customerhealth"),
        ("треба іконку для апки і фавікон", "appicon"),
    ],
)
def test_a_sibling_fields_wording_is_read_as_its_phrase(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("дані в BigQuery, порахуй хто відвалюється", "datapipeline"),  # data living there
        ("прод лежить, що першим робити", "productplanning"),  # an outage's first step
        ("клієнти нічого не знаходять у пошуку", "userresearch"),  # a search finding nothing
        ("незрозуміло як скасувати підписку", "subscription"),  # a lost user: UX's
    ],
)
def test_words_with_another_sense_are_no_phrase_of_that_field(text: str, joined: str) -> None:
    assert joined not in concepts.phrases(words(text))


@pytest.mark.parametrize(
    ("roster_name", "request_text", "agent"),
    [
        (
            "lst97",
            "nightly job that loads orders from mysql into bigquery keeps failing",
            "data-engineer",
        ),
        (
            "lst97",
            "spark job for the hourly rollup dies with out of memory on shuffle",
            "data-engineer",
        ),
        (
            "lst97",
            "which features should we ship first, sales and support both have a list",
            "product-manager",
        ),
        ("lst97", "new hires take a whole day to get the repo running locally", "dx-optimizer"),
        ("lst97", "the signup form: people cant find the terms checkbox", "ux-designer"),
        ("lst97", "розподіли між агентами: лендінг, апі і тести", "agent-organizer"),
        (
            "voltagent",
            "chaos test: randomly terminate instances in the staging asg",
            "chaos-engineer",
        ),
        # the data lives in BigQuery and the ask is a question: the data scientist's
        ("lst97", "порахуй у BigQuery, хто з платних юзерів купує найчастіше", "data-scientist"),
        (
            "0xfurai",
            "customers should be billed monthly and be able to cancel anytime from their account",
            "stripe-expert",
        ),
        (
            "voltagent",
            "які юзери повертаються після першого місяця, розбий по когортах",
            "cohort-analysis",
        ),
        (
            "voltagent",
            "наші найбільші клієнти йдуть від нас, хто наступний?",
            "customer-success-manager",
        ),
        # the icon is the deliverable; the platforms are where it goes
        ("voltagent", "потрібні іконки для апки під ios, android і веб", "visual-asset-generator"),
    ],
)
def test_sibling_fields_reach_their_agent(
    corpus_rosters: Rosters, roster_name: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster_name], agent)


def test_a_pr_is_a_pull_not_an_http_request(corpus_rosters: Rosters) -> None:
    """ "PR" reads as pull (request) without "request", which is an API's word: the reviewer,
    not the API documenter, takes "review my pr"."""
    router = router_for(corpus_rosters["lst97"])
    weights = router.query("review my pr pls, mostly payment changes").weights
    assert "pull" in weights
    assert "request" not in weights
    assert_routes_to(
        "review my pr pls, mostly payment changes", corpus_rosters["lst97"], "code-reviewer-pro"
    )


def test_a_whole_system_named_in_no_language_goes_to_the_architect(corpus_rosters: Rosters) -> None:
    """golang-pro's file holds the trigger "architectural design": a request for service
    boundaries that names no language still goes to an architect named for none."""
    request_text = "design the microservice boundaries for payments and invoicing"
    decision = route(request_text, corpus_rosters["lst97"])
    assert decision.agent == "backend-architect"
    assert decision.candidates[0].agent == "golang-pro"  # the top scorer, passed over
