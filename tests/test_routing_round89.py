# ruff: noqa: RUF001 - Ukrainian requests
"""Round 89: the short names people type for a technology, the agent named for a library
beside its language, and "none" for requests an agent explains only by chance.

Nicknames (``signatures._NICKNAME_TOKENS``): ts, pg, tf, gpt-*, ws name TypeScript,
PostgreSQL, Terraform, OpenAI and WebSocket. ``NamedPicks._writes_other_name``: an agent named
for a library the request writes (sidekiq) keeps its lead from its language's expert.
``FitChecks._stray``: an agent holding the request's words only as words many agents' bodies
hold (post for post-mortem, domain for domain-driven design), none it describes itself by,
explains a request that names nothing software only by chance. Requests here are
constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing.lexical import route
from coordinator.routing.signatures import technologies
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    ("token", "technology"),
    [
        ("ts", "typescript"),
        ("тс", "typescript"),
        ("pg", "postgres"),
        ("tf", "terraform"),
        ("gpt", "openai"),
        ("gpt4o", "openai"),
        ("гпт", "openai"),
        ("ws", "websocket"),
    ],
)
def test_a_nickname_names_its_technology(token: str, technology: str) -> None:
    assert technology in technologies(token)


@pytest.mark.parametrize("token", ["js", "chatgpt", "es", "post"])
def test_a_short_name_with_another_sense_names_none(token: str) -> None:
    assert technologies(token) == ()


ROUTES = [
    (
        "0xfurai",
        "Sidekiq jobs in our Rails app retry forever and the queue never drains",
        "sidekiq-expert",
    ),
    ("0xfurai", "у нашому rails застосунку sidekiq джоби зависають в retry set", "sidekiq-expert"),
    (
        "0xfurai",
        "gpt-4o returns a different JSON shape every call, how do I force a schema",
        "openai-api-expert",
    ),
    (
        "0xfurai",
        "gpt4o-mini через api повертає обрізані відповіді, max_tokens вже збільшив",
        "openai-api-expert",
    ),
    ("0xfurai", "pg база росте на 10 гб в тиждень, що чистити", "postgres-expert"),
    (
        "0xfurai",
        "tf plan wants to destroy and recreate the rds instance after a provider bump",
        "terraform-expert",
    ),
    (
        "lst97",
        "our ts code for the checkout is full of 'any' and bugs keep slipping through",
        "typescript-pro",
    ),
    ("lst97", "у нашому ts коді всюди any, як це прибрати поступово?", "typescript-pro"),
    # near misses: the language's own request, and a real incident or domain model
    (
        "0xfurai",
        "our rails app has an N+1 on the orders index page, sidekiq is not involved",
        "rails-expert",
    ),
    ("lst97", "write the post-mortem for yesterday's outage", "incident-responder"),
    (
        "lst97",
        "review our domain model boundaries, orders and billing are tangled",
        "architect-reviewer",
    ),
]


@pytest.mark.parametrize(("roster", "text", "agent"), ROUTES)
def test_routes(corpus_rosters: Rosters, roster: str, text: str, agent: str) -> None:
    assert route(text, corpus_rosters[roster]).agent == agent


UNROUTED = [
    "what time does the pharmacy close on sunday?",
    "до котрої працює пошта в суботу?",
    "купіть мені домен і хостинг на рік",
    "напишіть пост у фейсбук про знижки до дня народження магазину",
]


@pytest.mark.parametrize("text", UNROUTED)
def test_chance_words_route_nowhere(corpus_rosters: Rosters, text: str) -> None:
    assert route(text, corpus_rosters["lst97"]).agent is None
