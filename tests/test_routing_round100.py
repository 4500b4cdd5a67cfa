# ruff: noqa: RUF001 - Ukrainian requests
"""Round 100: VoltAgent's right neighbour, the agent whose job the request names.

Frames (``outcomes._ROUND100_LINES``): someone else's record opened by changing or guessing
the number in a link (the security auditor's act); 5xx or exceptions since a release, wanted
handled now (the on-call's alarm, not release automation); a board or chart of a business
number by region or week (the analyst's, wherever the data lives); an office's computers
managed through the Windows domain, its shared or mapped drives; an idea asked about as dumb
or pitched as "Uber for X"; users kept by their signup month (the cohort analysis's act); a
clinic's medical data told in Ukrainian (HIPAA); a legacy platform named with its
replacement. Choice: a framework whose name is two words (spring boot) names its agent; an
Apple platform named alone is Swift's; a tool's own agent keeps the build of what it makes
(a docker image); a store written as where the data lives gives no near tie against a
frame's field. Requests here are constructed, not taken from a set."""

from __future__ import annotations

from collections import Counter

import pytest
from kit import frames_of

from coordinator.routing.frameworks import native_language
from coordinator.routing.index import _language_names
from coordinator.routing.lexical import route, router_for
from coordinator.routing.roles import is_tool
from coordinator.routing.text import terms
from tests.routing_support import Rosters

#: (request, the frame it holds, the VoltAgent agent it goes to)
SITUATIONS = [
    (
        "if you swap the order id in the link you get another customer's order",
        "outcomeidor",
        "security-auditor",
    ),
    (
        "якщо в адресі підставити інший номер, видно чужі рахунки",
        "outcomeidor",
        "security-auditor",
    ),
    (
        "guessing the file number in the download url gives you other people's reports",
        "outcomeothersdata",
        "security-auditor",
    ),
    (
        "since the deploy an hour ago the api answers 503s, customers are complaining",
        "outcomepaged",
        "incident-responder",
    ),
    (
        "після релізу в логах ексепшени і 500-ки на оплаті, треба терміново",
        "outcomepaged",
        "incident-responder",
    ),
    (
        "finance wants a weekly revenue dashboard per store, the numbers live in postgres",
        "outcomemetricsboard",
        "data-analyst",
    ),
    (
        "директор хоче графік продажів по регіонах щомісяця, дані в ексельках",
        "outcomemetricsboard",
        "data-analyst",
    ),
    (
        "all laptops in the domain should get the office printers mapped automatically",
        "outcomedomainpc",
        "windows-infra-admin",
    ),
    (
        "хочемо через домен заборонити флешки на всіх компах бухгалтерії",
        "outcomedomainpc",
        "windows-infra-admin",
    ),
    (
        "the sales team lost their mapped drive after the weekend",
        "outcomefileshare",
        "windows-infra-admin",
    ),
    (
        "is a subscription box for pet snacks a dumb idea?",
        "outcomevalidate",
        "project-idea-validator",
    ),
    ("airbnb for garden sheds, is this crazy?", "outcomevalidate", "project-idea-validator"),
    (
        "як тримаються юзери по тижню реєстрації після нового онбордингу",
        "outcomesignupcohort",
        "cohort-analysis",
    ),
    (
        "our clinic wants to keep lab results in the cloud, what do we need to comply with",
        "outcomemedical",
        "hipaa-compliance",
    ),
    (
        "лікарня хоче зберігати діагнози пацієнтів онлайн, що треба врахувати",
        "outcomemedical",
        "hipaa-compliance",
    ),
    (
        "our warehouse app is Delphi 7, we need a plan to replace it",
        "outcomelegacyapp",
        "legacy-modernizer",
    ),
]


@pytest.mark.parametrize(("text", "joined", "agent"), SITUATIONS)
def test_the_situation_holds_its_frame(text: str, joined: str, agent: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(("text", "joined", "agent"), SITUATIONS)
def test_the_situation_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, joined: str, agent: str
) -> None:
    decision = route(text, corpus_rosters["voltagent"])
    assert decision.agent == agent, decision.reason


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        # the named technology's own agent
        ("our docker image is 3 GB and the builds take forever", "docker-expert"),
        ("спрінг бут сервіс піднімається дві хвилини, хочу швидше", "spring-boot-engineer"),
        (
            "spring boot app boots for 2 minutes and kubernetes kills the pod",
            "spring-boot-engineer",
        ),
        ("iOS: the app freezes on the main thread while loading a photo grid", "swift-expert"),
        # a store written as where the data lives
        (
            "write a sql query: revenue per region per month and each region's share of the "
            "total. it's postgres",
            "sql-pro",
        ),
    ],
)
def test_the_named_job_beats_its_neighbour(corpus_rosters: Rosters, text: str, agent: str) -> None:
    decision = route(text, corpus_rosters["voltagent"])
    assert decision.agent == agent, decision.reason


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        # a build a language's compiler runs is still the build engineer's
        ("our typescript monorepo build takes 20 minutes in CI", "build-engineer"),
        ("the webpack production build takes 8 minutes, make it faster", "build-engineer"),
        # a deploy to automate, not an alarm
        (
            "set up a blue-green deploy pipeline for our api in github actions",
            "deployment-engineer",
        ),
        ("our releases break something every time and rollback is manual", "deployment-engineer"),
        # a slow query stays the database's
        ("postgres replication lag keeps growing on the replica", "postgres-pro"),
        # an A/B test stays the experiment's
        (
            "we ran a 50/50 test of two pricing pages, is the difference significant?",
            "ab-test-analysis",
        ),
        # a group policy named outright, a framework's migration
        (
            "push a group policy that blocks usb drives on all office computers",
            "windows-infra-admin",
        ),
        ("migrate spring boot 2 to spring boot 3", "java-architect"),
        ("write a docker compose file for postgres and redis for local dev", "docker-expert"),
    ],
)
def test_near_misses_keep_their_agent(corpus_rosters: Rosters, text: str, agent: str) -> None:
    assert route(text, corpus_rosters["voltagent"]).agent == agent


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("is it a dumb idea to run our service on a single server?", "outcomevalidate"),
        ("integrate the uber api for rides in our app, is it worth it", "outcomevalidate"),
        ("add a 500 error page to our nextjs app", "outcomepaged"),
        ("after each deploy we want an alert if 500s appear", "outcomepaged"),
        ("we bought a domain for the shop, which laptop should I get", "outcomedomainpc"),
        ("build an admin dashboard page that lists orders with filters", "outcomemetricsboard"),
        ("the query for the monthly sales report takes 40s in postgres", "outcomemetricsboard"),
        ("change the email in the user's profile link text", "outcomeidor"),
        ("fix the COBOL payroll job that abends with S0C7", "outcomelegacyapp"),
        ("put the config in a shared folder in the repo", "outcomefileshare"),
    ],
)
def test_near_misses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "the printer in my home office keeps jamming",
        "my laptop battery dies in two hours, should I buy a new one",
        "my iphone battery drains fast after the update",
        "write a COBOL program that reads a fixed-width file",
    ],
)
def test_these_stay_with_none(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["voltagent"]).agent is None


def test_a_two_word_framework_names_its_agent() -> None:
    names = [
        "spring-boot-engineer",
        "react-native-expert",
        "expo-react-native-expert",
        "golang-pro",
    ]
    fields = [{"name": Counter(terms(n.replace("-", " ")))} for n in names]
    assert _language_names(fields, names) == [
        frozenset({"springboot"}),
        frozenset({"reactnat"}),
        frozenset(),  # three words besides the role: named for more than one thing
        frozenset({"go", "golang"}),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("our iPhone app drains the battery", "swift"),
        ("застосунок на айфоні гріється", "swift"),
        ("flutter app janks on older iphones", None),
        ("the app crashes on android and ios", None),
        ("react native list stutters on the iphone", None),
        ("the web app is slow", None),
    ],
)
def test_an_apple_platform_alone_is_swifts(
    corpus_rosters: Rosters, text: str, language: str | None
) -> None:
    query = router_for(corpus_rosters["voltagent"]).query(text)
    assert native_language(query) == language


def test_a_tool_is_a_product_that_is_no_language() -> None:
    assert is_tool("docker", "docker")
    assert is_tool("postgres", "postgr")
    assert not is_tool("python", "python")
    assert not is_tool("security", "secur")


@pytest.mark.parametrize(
    "text",
    [
        "apple keeps rejecting our ios app over a missing privacy manifest",
        "наш iOS застосунок відхилили в app store через privacy manifest",
    ],
)
def test_the_platforms_own_agent_keeps_its_platform(corpus_rosters: Rosters, text: str) -> None:
    """Merging round 100: where the roster has an agent named for the platform (0xfurai's
    ios-expert), the platform's language's agent (swift-expert) does not take it over."""
    decision = route(text, corpus_rosters["0xfurai"])
    assert decision.agent == "ios-expert", decision.reason
