"""Round 4 routing rules: a generic relative explains little, a word in few agents' names
names them, Ukrainian request verbs and inflected stopwords weigh like their English words."""

from __future__ import annotations

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for
from coordinator.routing.stems import stem_en
from coordinator.routing.text import term_list
from tests.kit import write_agent as _agent

_LANGUAGES = (
    "ruby rust scala swift kotlin elixir haskell ocaml perl lua dart clojure erlang php "
    "fortran cobol zig nim"
).split()


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """A roster of 22 agents in which every language agent mentions errors, API docs and
    documentation: generic words on this roster."""
    folder = tmp_path_factory.mktemp("large")
    for language in _LANGUAGES:
        _agent(
            folder,
            f"{language}-pro",
            f"{language.title()} code, idioms and error handling; writes API documentation.",
        )
    _agent(folder, "test-runner", "Test automation: unit tests, flaky tests, suites run in CI.")
    deployer = "CI/CD pipelines and deployment; runs tests in CI, fixes build errors."
    _agent(folder, "ci-deployer", deployer)
    _agent(folder, "bug-hunter", "Debugging and root cause analysis of a failure or bug.")
    _agent(folder, "api-documenter", "Reference guides with examples, kept in sync.")
    return load_registry([folder], only=True, cwd=folder, cache=False)


def test_a_generic_relative_does_not_explain_an_everyday_word(large: Registry) -> None:
    # "hang" stands for debugging, error, bug; "error" is in nearly every agent, so the CI
    # agent must not explain "hang" as fully as the test agent explains "tests"
    decision = route("tests hanging in CI", large)
    assert decision.agent == "test-runner", decision.reason


def test_a_word_in_few_names_names_the_agent(large: Registry) -> None:
    # every language agent's description says API and documentation; one agent is named so
    decision = route("write documentation for our API", large)
    assert decision.agent == "api-documenter", decision.reason


@pytest.mark.parametrize(
    ("word", "english"),
    [("напиши", "write"), ("додай", "add"), ("перевір", "check"), ("онови", "update")],
)
def test_ukrainian_request_verbs_are_their_english_words(word: str, english: str) -> None:
    assert term_list(word) == (stem_en(english),)


@pytest.mark.parametrize("word", ["нашого", "вашої", "свого", "зроби", "потрібен"])
def test_inflected_stopwords_carry_no_topic(word: str) -> None:
    assert term_list(word) == ()


def test_a_longer_glossary_word_keeps_its_meaning() -> None:
    # додаток (an app) is not додай (add); змінна (a variable) is not зміни (change)
    assert term_list("додаток") == (stem_en("application"), "app")
    assert term_list("змінна") == (stem_en("variable"),)


def test_a_ukrainian_request_is_explained_like_its_english_twin(large: Registry) -> None:
    english = route("write unit tests for our CI", large)
    ukrainian = route("напиши юніт тести для нашого CI", large)
    assert ukrainian.agent == english.agent == "test-runner"
    assert ukrainian.coverage >= 0.9 * english.coverage, (ukrainian.coverage, english.coverage)


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("оптимізувати", "optimization"),  # derivational suffix -увати
        ("індексування", "index"),  # -ування past the ending a glossary stem allows
        ("контейнеризувати", "container"),  # -изувати
        ("протестувати", "test"),  # perfective prefix про-
        ("закешувати", "cache"),  # prefix and suffix
        ("задокументуй", "documentation"),
        ("моніторити", "monitoring"),  # a root shorter than its glossary stem
        ("класифікувати", "classification"),  # the longest stem, not клас (class)
    ],
)
def test_derived_ukrainian_words_meet_their_glossary_root(word: str, english: str) -> None:
    assert term_list(word) == (stem_en(english),)


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """A large roster in which only a product manager's body says login and page."""
    folder = tmp_path_factory.mktemp("bodies")
    for language in _LANGUAGES:
        _agent(folder, f"{language}-pro", f"{language.title()} code and idioms.")
    _agent(
        folder,
        "product-manager",
        "Roadmaps, priorities and stakeholder alignment.",
        "Track funnels: landing page, login page, checkout. Add metrics to every page.",
    )
    _agent(folder, "frontend-developer", "Frontend UI components, state and accessibility.")
    _agent(folder, "security-auditor", "Authentication and authorization audits.")
    _agent(folder, "code-reviewer", "Code review for quality and style.", "Each pull request.")
    _agent(folder, "api-developer", "Backend API endpoints and services.")
    return load_registry([folder], only=True, cwd=folder, cache=False)


def test_an_everyday_word_only_bodies_use_reaches_its_domain(bodies: Registry) -> None:
    # on a large roster a word no agent describes itself with (login, page) counts less as
    # itself and brings its domain (frontend, UI, authentication)
    decision = route("add a login page", bodies)
    assert decision.agent == "frontend-developer", decision.reason


def test_an_abbreviation_expansion_brings_no_domain(bodies: Registry) -> None:
    # "PR" reads as pull request; "request" is not an API word here, while on its own
    # (only bodies use it on this roster) it brings the API domain
    assert route("review my PR", bodies).agent == "code-reviewer"
    router = router_for(bodies)
    assert "endpoint" not in router.query("review my PR").weights
    assert "endpoint" in router.query("review the request").weights
