# ruff: noqa: RUF001, RUF002 - Ukrainian requests
"""Round 92: technology names as people type them reach the agent named for it.

``aliases.roster_aliases``: the initials of a technology an agent is named for, as its own
description writes it (GitHub Actions: gha, GraphQL: gql, RabbitMQ: rmq), and a curated few
(sklearn, otel, gh/гх, psql). ``frameworks.opens_compound``: react in "react native" names
the compound, not React. ``aliases.job_words``: an alert's grouping or flapping is
Alertmanager's, one request followed through services is distributed tracing. Requests
here are constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.routing.aliases import initials, job_words, roster_aliases
from coordinator.routing.frameworks import opens_compound
from coordinator.routing.lexical import route
from coordinator.routing.text import words
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    ("written", "form"),
    [
        (["GitHub", "Actions"], "gha"),
        (["PostgreSQL"], "psql"),
        (["GraphQL"], "gql"),
        (["RabbitMQ"], "rmq"),
        (["Kafka"], ""),
    ],
)
def test_initials_of_a_written_name(written: list[str], form: str) -> None:
    assert initials(written) == form


def _agent(name: str, description: str) -> AgentSpec:
    return AgentSpec(name=name, description=description, body="")


def test_roster_aliases_come_from_the_description_of_a_technology_name() -> None:
    agents = [
        _agent("github-actions-expert", "Expert in GitHub Actions workflows."),
        _agent("ui-designer", "UI Designer for product screens."),
        _agent("llm-architect", "LLM AI systems."),
    ]
    found = roster_aliases(agents, known=frozenset())
    assert found["gha"] == ("github", "actions")
    assert found["sklearn"] == ("scikit",)
    assert "uid" not in found  # a designer is no technology: uid stays a user id
    assert "llmai" not in found  # an all-caps writing is an acronym already


def test_a_form_two_names_give_is_dropped() -> None:
    agents = [
        _agent("nestjs-expert", "Expert in NestJS."),
        _agent("nextjs-expert", "Expert in NextJS."),
    ]
    assert "njs" not in roster_aliases(agents, known=frozenset())


@pytest.mark.parametrize(
    ("text", "at", "compound"),
    [
        ("our react native app", 1, True),
        ("java script bundle", 0, True),
        ("vue js page", 0, False),
        ("react app with hooks", 0, False),
    ],
)
def test_opens_compound(text: str, at: int, compound: bool) -> None:
    assert opens_compound(words(text), at) is compound


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("alerts fire 50 at once, want them grouped", ["alertmanager"]),
        ("алерт флапає кожні 5 хвилин", ["alertmanager"]),
        ("follow one request through all our services", ["distributed", "tracing"]),
        ("хочу бачити шлях запиту через всі мікросервіси", ["distributed", "tracing"]),
        ("set up an alert on disk usage", []),
        ("how many requests each service handles per minute", []),
    ],
)
def test_job_words(text: str, added: list[str]) -> None:
    assert job_words(words(text)) == added


ROUTES = [
    ("0xfurai", "our sklearn model overfits on a small dataset", "scikit-learn-expert"),
    (
        "0xfurai",
        "sklearn pipeline з OneHotEncoder падає на нових категоріях",
        "scikit-learn-expert",
    ),
    ("0xfurai", "otel collector drops spans when traffic spikes", "opentelemetry-expert"),
    ("0xfurai", "our gha workflow reruns every job on each push", "github-actions-expert"),
    ("0xfurai", "гх екшнс не бачить секрет у форку", "github-actions-expert"),
    ("0xfurai", "gql resolver returns null for a nested author field", "graphql-expert"),
    ("0xfurai", "rmq queue keeps growing, consumers ack too slowly", "rabbitmq-expert"),
    ("lst97", "our react native screen goes blank after navigation", "mobile-developer"),
    (
        "0xfurai",
        "trace one checkout request across the api and payment services",
        "opentelemetry-expert",
    ),
    ("0xfurai", "alerts keep flapping between firing and resolved", "prometheus-expert"),
    # near misses: the technology itself, or a passing word, keeps its agent
    ("0xfurai", "react component re-renders on every keystroke", "react-expert"),
    ("lst97", "react state is lost when I switch tabs in our dashboard", "react-pro"),
    ("0xfurai", "tensorflow model training is slow on GPU, how to profile it", "tensorflow-expert"),
    ("0xfurai", "github actions matrix build for three node versions", "github-actions-expert"),
    ("0xfurai", "grpc call between two services times out after 5 seconds", "grpc-expert"),
    ("0xfurai", "k8s pod stuck in CrashLoopBackOff after the deploy", "kubernetes-expert"),
]


@pytest.mark.parametrize(("roster", "text", "agent"), ROUTES)
def test_routes(corpus_rosters: Rosters, roster: str, text: str, agent: str) -> None:
    assert route(text, corpus_rosters[roster]).agent == agent
