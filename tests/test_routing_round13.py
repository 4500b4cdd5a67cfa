# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 13 routing breadth: well-known products by domain, Cyrillic spellings of their
names read by sound, everyday features and symptoms, and home life kept at "none"."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.products import PRODUCTS
from coordinator.routing.text import term_list, words
from tests.routing_support import domain_of

# -- the product table -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "domain_term"),
    [
        ("jaeger", "trace"),
        ("loki", "log"),
        ("celery", "queu"),
        ("supabase", "databas"),
        ("pulumi", "iac"),
        ("qdrant", "vector"),
        ("playwright", "e2e"),
        ("npm", "packag"),
        ("liveview", "backend"),
    ],
)
def test_a_product_name_brings_its_domain(name: str, domain_term: str) -> None:
    assert domain_term in domain_of(name)


def test_product_names_are_unique_words_not_everyday_homonyms() -> None:
    names = [n for _, row in PRODUCTS for n in row.split()]
    assert len(names) > 400
    assert not {"tempo", "kind", "compose", "lambda", "poetry", "yarn", "llama"} & set(names)


# -- Cyrillic spellings by sound ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("локі", "loki"),
        ("графані", "grafana"),
        ("павершелі", "powershell"),  # a w read as a v
        ("кубернетіс", "kubernet"),
        ("кейклоака", "keycloak"),
        ("опентелеметрі", "opentelemetry"),
    ],
)
def test_a_cyrillic_spelling_reaches_the_product_by_sound(word: str, name: str) -> None:
    assert domain_of(word)[:1] == (name,)


@pytest.mark.parametrize(
    "word",
    ["бачити", "триває", "їсти", "міняє", "кроки", "зникають", "центрі", "пулами", "платформа"],
)
def test_an_everyday_ukrainian_word_that_sounds_like_a_name_is_not_one(word: str) -> None:
    assert domain_of(word) == ()


# -- Ukrainian symptoms and tool spellings ----------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("течуть", "leak"),
        ("горутини", "goroutin"),
        ("таскік", "taskiq"),
        ("фенікс", "phoenix"),
        ("лайввью", "liveview"),
        ("злітають", "crash"),
        ("автодоповнення", "autocomplet"),
        ("ґо", "go"),
    ],
)
def test_a_ukrainian_symptom_or_tool_word_reads_in_english(token: str, expected: str) -> None:
    assert term_list(token)[0] == expected


# -- routing end to end ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    from tests.kit import roster_of

    return roster_of(
        tmp_path_factory.mktemp("round13"),
        [
            ("observability-engineer", "Tracing, OpenTelemetry spans, logging and monitoring."),
            ("go-developer", "Go services, golang concurrency and goroutines."),
            ("frontend-developer", "Web pages, UI components, CSS and JavaScript."),
            ("database-engineer", "SQL schema, queries and database tuning."),
            ("dependency-manager", "Package dependency versions, audits and upgrades."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("how do I add a custom span so it shows up in jaeger", "observability-engineer"),
        ("логи не доходять у локі", "observability-engineer"),
        ("горутини течуть, кількість росте", "go-developer"),
        ("npm audit: 14 high through an old webpack plugin", "dependency-manager"),
    ],
)
def test_a_product_or_symptom_routes_to_its_domain(
    team: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, team).agent == agent


# -- home life stays everyday -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how do I fix a leaking kitchen tap?",
        "мій пітон (змія) перестав їсти після линьки",
        "порахуй податки для фоп на третій групі",
    ],
)
def test_home_life_is_everyday(text: str) -> None:
    assert life_subject(words(text)) is not None


def test_a_leak_in_software_is_not_home_life(team: Registry) -> None:
    assert life_subject(words("the app leaks memory in the kitchen screen")) is None
