# ruff: noqa: RUF001 - Ukrainian requests
"""Round 67: word sense and symptoms on the 0xfurai and lst97 rosters. A technology homonym
that opens a request as a label or sits beside a Ukrainian or test word is the technology
(coordinator.routing.senses.tech_use); one whose roster agent of that name is an everyday
field's (fiber-expert: textiles) gives that agent no name credit; fabrics and fibres go to
that field's agent over stray words; a rabbit beside messages is RabbitMQ; outcome frames
for a technology told by its symptom (messages lost, spreadsheets grouped by a script, one
screen of latency, a prompt to rewrite, code checked for injections, an alert by its numbers,
a resolver querying per item, a site slow on a phone). Requests here are constructed, not
taken from a set."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import frame_names, frames_of, roster_of

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import concepts, outcomes
from coordinator.routing.lexical import route, router_for
from coordinator.routing.senses import tech_use
from coordinator.routing.text import words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jest: mocks leak between files", True),
        ("next: the image component blurs on retina", True),
        ("jest моки не скидаються", True),
        ("go fiber застосунок не стартує", True),
        # a joke, a url, the word inside a sentence: no label
        ("jest kidding, the build is fine", False),
        ("next we should add a button", False),
        ("next://host is no label", False),
    ],
)
def test_a_label_or_a_neighbour_makes_a_homonym_the_technology(text: str, expected: bool) -> None:
    tokens = words(text)
    position = 1 if tokens[0] == "go" else 0
    assert tech_use(text, tokens, position) is expected


_FIELD_ROSTER = {
    "fiber-expert": "Fiber technology: natural and synthetic fibers, textiles and fabrics.",
    "go-expert": "Go specialist: idiomatic Go, goroutines, channels, HTTP servers.",
    "github-actions-expert": "GitHub Actions workflows: jobs, runners, caching.",
    "flask-expert": "Flask web apps in Python: blueprints, request handling.",
}


def test_the_frameworks_name_gives_the_textile_agent_no_credit(tmp_path: Path) -> None:
    roster = roster_of(tmp_path, list(_FIELD_ROSTER.items()))
    decision = route("go fiber app: the handler panics on an empty body", roster)
    ranked = [c.agent for c in decision.candidates]
    assert decision.agent != "fiber-expert"
    assert ranked.index("go-expert") < ranked.index("fiber-expert"), ranked


@pytest.mark.parametrize(
    "text",
    [
        "nylon or wool for a running jacket that dries quickly?",
        "що краще для куртки: нейлонове чи вовняне волокно?",
    ],
)
def test_fabrics_go_to_the_field_agent_over_stray_words(tmp_path: Path, text: str) -> None:
    assert route(text, roster_of(tmp_path, list(_FIELD_ROSTER.items()))).agent == "fiber-expert"


def test_a_software_word_keeps_a_fabric_request_off_the_field_agent(tmp_path: Path) -> None:
    roster = roster_of(tmp_path, list(_FIELD_ROSTER.items()))
    text = "github actions job that runs the textile shop's unit tests"
    assert route(text, roster).agent != "fiber-expert"


def test_a_rabbit_beside_messages_reads_as_rabbitmq(tmp_path: Path) -> None:
    roster = roster_of(
        tmp_path,
        [
            ("rabbitmq-expert", "RabbitMQ: exchanges, queues, acknowledgements."),
            ("flask-expert", "Flask web apps in Python."),
        ],
    )
    router = router_for(roster)
    assert router.query("some messages vanish in rabbit overnight").weights["rabbitmq"] == 1.0
    assert router.query("our rabbit eats carrots all day").weights.get("rabbitmq", 0.0) < 1.0


FIELD_REQUESTS = [
    ("sensors publish readings every second and some messages get lost", "outcomemsgloss"),
    ("частина подій губиться десь між продюсером і консюмером", "outcomemsgloss"),
    ("a python script that merges the csv exports and sums them per month", "outcomesheetgroup"),
    ("скрипт на пітоні, що згрупує ексельки по регіонах", "outcomesheetgroup"),
    ("one dashboard with latency and 5xx rate per endpoint", "outcomeoneboard"),
    ("хочемо один екран з латентністю по сервісах", "outcomeoneboard"),
    ("improve this prompt, the model keeps ignoring the format", "outcomeprompt"),
    ("перепиши промпт, щоб модель відповідала коротше", "outcomeprompt"),
    ("audit the signup form for xss and sql injection", "outcomesecheck"),
    ("перевір, чи паролі не хешуються через md5", "outcomesecheck"),
    ("ALERT: 5xx rate on payments started 5 min ago", "outcomepaged"),
    ("each apollo resolver queries the database once per item", "outcomegqlnplusone"),
    ("резолвер у графкуел робить окремий запит у базу на кожен пост", "outcomegqlnplusone"),
    ("the shop page opens in 9 seconds on a phone", "outcomemobileslow"),
    ("каталог на телефоні вантажиться вічність", "outcomemobileslow"),
]


@pytest.mark.parametrize(("text", "joined"), FIELD_REQUESTS)
def test_a_symptom_makes_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


def test_every_round67_frame_is_exercised_here() -> None:
    named = frame_names(outcomes._ROUND67_LINES)
    assert named == {joined for _, joined in FIELD_REQUESTS}
    assert named <= set(outcomes.ENTRIES)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # one's own chat, one's own spreadsheet formula, a prompt at a shell
        ("my whatsapp messages disappeared after the update", "outcomemsgloss"),
        ("excel formula to sum column B by month", "outcomesheetgroup"),
        ("the terminal prompt shows the wrong folder", "outcomeprompt"),
        # a check with nothing to inject, an alert with no numbers, a phone alone
        ("check the spelling on the landing page", "outcomesecheck"),
        ("my phone is slow since the update", "outcomemobileslow"),
    ],
)
def test_a_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_a_scripts_spreadsheets_are_no_office_platforms(tmp_path: Path) -> None:
    roster = roster_of(
        tmp_path,
        [
            ("pandas-expert", "Pandas: DataFrames, groupby, aggregation, data analysis."),
            ("react-expert", "React components and hooks."),
        ],
    )
    text = "python script to merge our excel exports and total them per region"
    assert route(text, roster).agent == "pandas-expert"
    assert route("excel formula to sum column B", roster).agent is None


LST97 = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "lst97__claude-code-sub-agents"


@pytest.fixture(scope="module")
def lst97() -> Registry:
    if not LST97.is_dir():
        pytest.skip("the shared corpus is absent")
    return load_registry([LST97], only=True, cwd=LST97.parent, cache=False)


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        ("our store's catalog takes 10 seconds to open on a phone", {"performance-engineer"}),
        ("rewrite the prompt of our support bot, it ignores the tone guide", {"prompt-engineer"}),
        ("перевір форму входу на sql інжекції", {"security-auditor"}),
        ("each graphql resolver sends a separate query to the db per order", {"graphql-architect"}),
    ],
)
def test_lst97_routes_the_act_to_its_role(lst97: Registry, text: str, agents: set[str]) -> None:
    assert route(text, lst97).agent in agents


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("is a graph database worth it for a social feed", "graphdb"),
        ("чи варто брати графову бд під соцмережу", "graphdb"),
        ("write a one pager for the referral program", "prd"),
    ],
)
def test_a_kind_named_by_its_generic_name_makes_its_phrase(text: str, joined: str) -> None:
    assert joined in concepts.phrases(words(text))


def test_a_printed_phrase_outweighs_an_everyday_word(tmp_path: Path) -> None:
    roster = roster_of(
        tmp_path,
        [
            ("kafka-expert", "Apache Kafka: topics, partitions, consumer groups, offsets."),
            ("react-expert", "React components and hooks."),
        ],
    )
    text = "max poll interval ms exceeded, lag keeps climbing"
    assert route(text, roster).agent == "kafka-expert"
    assert route("climbing shoes for a beginner, which ones", roster).agent is None
