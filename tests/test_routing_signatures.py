"""Routing rules of the second calibration round: raw error messages and ports name their
technology, a large roster needs evidence from what an agent says it is for, and close scores
go to the agent that explains more of the request."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import signatures
from coordinator.routing.lexical import LARGE_ROSTER, Router
from coordinator.routing.text import terms
from coordinator.routing.text import words as tokens
from tests.kit import write_agent as _agent

FILLER = [
    ("ios-expert", "iOS apps in Swift and SwiftUI, App Store releases, Xcode builds."),
    ("oauth-expert", "OAuth 2.0 and OIDC login flows, tokens, connect providers, sessions."),
    ("sqlite-expert", "SQLite databases: schema, constraint errors, WAL, embedded storage."),
    ("celery-expert", "Celery task queues, workers, retries, brokers and beat schedules."),
    ("docs-writer", "Technical writing: READMEs, guides, API reference documentation."),
]


def _roster(tmp_path: Path, agents: list[tuple[str, str]], size: int = 0) -> Registry:
    folder = tmp_path / "agents"
    for name, description in [*FILLER, *agents]:
        _agent(folder, name, description)
    for i in range(size):  # padding: distinct narrow specialists
        _agent(folder, f"lang{i}-expert", f"Programming in language number{i} and its tools.")
    return load_registry([folder], only=True, cwd=tmp_path, cache=False)


@pytest.fixture
def databases(tmp_path: Path) -> Router:
    return Router(
        _roster(
            tmp_path,
            [
                ("redis-expert", "Redis caching, data structures, persistence and clusters."),
                ("mongodb-expert", "MongoDB documents, indexes, aggregation and replica sets."),
                ("prisma-expert", "Prisma ORM schema, migrations and the Prisma client."),
                ("kubernetes-expert", "Kubernetes deployments, pods, Helm charts, clusters."),
                ("elasticsearch-expert", "Elasticsearch indices, mappings, queries, shards."),
            ],
        )
    )


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Error: connect ECONNREFUSED 127.0.0.1:6379 when the worker starts", "redis-expert"),
        ("E11000 duplicate key error collection: app.users index: email_1", "mongodb-expert"),
        ("P2002 Unique constraint failed on the fields: (`email`)", "prisma-expert"),
        ("pod stuck in CrashLoopBackOff after the release", "kubernetes-expert"),
        ("circuit_breaking_exception [parent] Data too large", "elasticsearch-expert"),
    ],
)
def test_error_codes_and_ports_name_their_technology(
    databases: Router, request_text: str, expected: str
) -> None:
    decision = databases.route(request_text)
    assert decision.agent == expected


def test_a_port_or_code_the_roster_does_not_know_adds_no_weight(databases: Router) -> None:
    # 2181 names zookeeper, which no agent knows and no domain table holds: the request is
    # not diluted by it (a product with a domain, postgres on 5432, brings its domain's words)
    plain = databases.query("redis cluster failover")
    with_port = databases.query("redis cluster failover on 2181")
    assert sum(with_port.basis.values()) == pytest.approx(sum(plain.basis.values()))


def test_signature_table_is_broad_and_well_formed() -> None:
    assert len(signatures.TOKENS) + len(signatures.PORTS) + len(signatures.PHRASE_NAMES) >= 100
    assert signatures.technologies("6379") == ("redis",)
    assert signatures.technologies("ts2322") == ("typescript",)
    assert signatures.technologies("2024") == ()  # a plain number names nothing
    assert signatures.phrases("cannot read properties of undefined".split()) == [
        "phrase:cannot read properties of undefined"
    ]


def test_a_large_roster_needs_more_than_a_word_its_body_mentions_once(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    body = "Read the code, write the change, run the checks and report what changed. " * 3
    _agent(
        folder,
        "task-distributor",
        "Split work across workers and queues, with priorities and deadlines.",
        body=body + "Assign to the worker with the fewest in-flight tasks.",
    )
    for i in range(LARGE_ROSTER):
        _agent(
            folder,
            f"lang{i}-expert",
            f"Programming in language number{i} and its tools.",
            body=body,
        )
    router = Router(load_registry([folder], only=True, cwd=tmp_path, cache=False))
    assert router.route("book me a flight to Lisbon").agent is None
    assert router.route("split the work across the queues by priority").agent == (
        "task-distributor"
    )


def test_a_small_roster_takes_its_bodies_vocabulary_as_evidence(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    _agent(folder, "frontend", "React and TypeScript pages.", body="Make every button accessible.")
    _agent(folder, "backend", "FastAPI services and SQL.", body="Return clear errors.")
    router = Router(load_registry([folder], only=True, cwd=tmp_path, cache=False))
    assert router.route("make the button blue").agent == "frontend"


def test_a_near_tie_goes_to_the_agent_that_explains_clearly_more(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    _agent(folder, "architect", "Review architecture and system design decisions.")
    _agent(folder, "reviewer", "Review code in a pull request before it is merged.")
    router = Router(load_registry([folder], only=True, cwd=tmp_path, cache=False))
    query = router.query("review the pull request")
    architect, reviewer = router.index_of["architect"], router.index_of["reviewer"]
    assert router.coverage(reviewer, query) > router.coverage(architect, query)
    # a near tie (within CLOSE_SCORE) is decided by coverage...
    assert router._closest(query, [(architect, 1.0), (reviewer, 0.95)])[0][0] == reviewer
    # ...a clear lead by score is not
    assert router._closest(query, [(architect, 1.0), (reviewer, 0.5)])[0][0] == architect


@pytest.mark.parametrize(
    ("ukrainian", "english"),
    [
        ("онбордингу", "onboarding"),
        ("флоу", "flow"),
        ("шаблони", "template"),
        ("фідбеку", "feedback"),
        ("залежності", "dependency"),
        ("шифрування", "encryption"),
    ],
)
def test_everyday_ukrainian_developer_words_meet_english(ukrainian: str, english: str) -> None:
    assert set(terms(english)) <= set(terms(ukrainian))


@pytest.mark.parametrize(
    ("words", "technology"),
    [
        ("min.insync.replicas", "kafka"),
        ("go.mod", "go"),
        ("requirements.txt", "python"),
        ("shared_buffers", "postgres"),
        ("switch from gpt-4o to claude", "llm"),
    ],
)
def test_config_keys_and_file_names_name_their_technology(words: str, technology: str) -> None:
    found = [
        name
        for key in [*tokens(words), *signatures.phrases(tokens(words))]
        for name in signatures.technologies(key)
    ]
    assert technology in found


def test_the_stored_index_routes_alike_without_its_plan_cache(databases: Router) -> None:
    first = databases.route("pod stuck in CrashLoopBackOff after the release")
    copy = pickle.loads(pickle.dumps(databases))
    assert copy._plans == {}  # the per-process cache is not stored
    assert copy.route("pod stuck in CrashLoopBackOff after the release") == first
