# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 5 routing rules: everyday Ukrainian developer words reach English roster terms
(a wider glossary, reflexive verbs), and everyday English words of incidents, messy code,
payments, dependencies, monitoring, mail and copy bring their domain's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for
from coordinator.routing.stems import stem_en
from coordinator.routing.text import term_list
from tests.kit import write_agent as _agent
from tests.routing_support import assert_routes_to


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("стартапу", "startup"),
        ("заплутаний", "messy"),
        ("впала", "crash"),
        ("застарілі", "outdated"),
        ("тормозить", "slow"),
        ("відкотити", "rollback"),
        ("кошика", "cart"),
        ("замовлень", "order"),
        ("сповіщенням", "notification"),
    ],
)
def test_everyday_ukrainian_developer_words_reach_english(word: str, english: str) -> None:
    assert stem_en(english) in term_list(word)


@pytest.mark.parametrize(
    ("word", "english"),
    [("вантажиться", "load"), ("перезапускається", "restart"), ("оновлюється", "update")],
)
def test_a_reflexive_verb_reaches_its_root(word: str, english: str) -> None:
    # -ся/-сь comes off before the root is looked up (its ending is then short enough)
    assert stem_en(english) in term_list(word)


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """Specialists that describe themselves in their domain's words only."""
    folder = tmp_path_factory.mktemp("round5")
    _agent(folder, "code-cleaner", "Refactoring for code quality: smaller functions, clear names.")
    _agent(folder, "package-keeper", "Dependency management: package version updates, lockfiles.")
    _agent(folder, "on-call", "Incident response for production outages and postmortems.")
    _agent(folder, "mail-expert", "Email deliverability: SPF, DKIM, DMARC, sender reputation.")
    _agent(folder, "copywriter", "Copywriting and content marketing for products.")
    _agent(folder, "billing-dev", "Payment and billing integration, checkout flows.")
    _agent(folder, "dashboards", "Monitoring and observability: alert rules, SLOs.")
    return load_registry([folder], only=True, cwd=folder, cache=False)


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("this module is so messy nobody wants to touch it", "code-cleaner"),
        ("half our libraries are outdated", "package-keeper"),
        ("the site is down for everyone", "on-call"),
        ("our newsletter lands in spam", "mail-expert"),
        ("a catchy tagline for the homepage", "copywriter"),
        ("customers ask for a refund twice", "billing-dev"),
        ("page me when uptime drops", "dashboards"),
        ("половина бібліотек застаріла", "package-keeper"),
        ("клієнти просять повернення коштів", "billing-dev"),
    ],
)
def test_an_everyday_word_reaches_its_specialist(
    roster: Registry, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, roster, agent)


@pytest.mark.parametrize(
    "request_text",
    [
        "what's the best way to learn guitar?",  # learn: an everyday word, not ML
        "порадь як навчитися грати на гітарі",  # навчитися: to learn, not to train
        "яку книжку почитати у відпустці?",  # яку: an inflected pronoun, no topic
    ],
)
def test_one_everyday_word_fits_no_specialist(bundled: Registry, request_text: str) -> None:
    decision = route(request_text, bundled)
    assert decision.agent is None, decision.candidates


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("make the button blue", "react-frontend-expert"),
        ("train a model on our support tickets", "llm-ml-engineer"),
        ("навчити модель на наших тікетах", "llm-ml-engineer"),
    ],
)
def test_one_domain_word_still_fits(bundled: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, bundled).agent == agent


def test_a_version_tag_is_no_term() -> None:
    # v2 says as little as 2 (a body that names "Pydantic v2" is no fit for "changelog for
    # v2"); tokens that name a thing keep their digits
    assert term_list("v2") == ()
    assert term_list("v14") == ()
    assert term_list("oauth2") == ("oauth2",)
    assert term_list("p99") == ("p99",)


_FILLER = " ".join(
    "careful reading of the task, plan the steps, verify each result, report back".split() * 60
)


@pytest.fixture(scope="module")
def long_bodies(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """22 agents with long bodies that all mention dependencies in passing; one body says
    upgrade; one agent describes itself by dependencies."""
    folder = tmp_path_factory.mktemp("long")

    def agent(name: str, description: str, extra: str) -> None:
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\n---\n{_FILLER}\n{extra}\n",
            encoding="utf-8",
        )

    for language in _LANGUAGES:
        agent(f"{language}-pro", f"{language.title()} idioms.", "Keep each dependency pinned.")
    agent("chain-dev", "Smart contracts.", "Plan the upgrade path.")
    agent("lockfile-keeper", "Dependency updates and lockfiles.", "Read the lockfile first.")
    return load_registry([folder], only=True, cwd=folder, cache=False)


_LANGUAGES = "ruby rust scala swift kotlin elixir haskell ocaml perl lua dart clojure".split()
_LANGUAGES += "erlang php fortran cobol zig nim julia crystal".split()


def test_a_word_every_long_body_mentions_keeps_weight(long_bodies: Registry) -> None:
    # "dependency" is in 21 of 22 long bodies in passing and in one description: counted
    # as 21 documents it would weigh almost nothing (idf 0.07 against 2.7 for a word one
    # agent holds); a body alone counts half, so it keeps a weight for the agent naming it
    router = router_for(long_bodies)
    assert router.idf[stem_en("dependency")] > 0.2 * router.idf[stem_en("lockfile")]


def test_only_everyday_words_fit_no_specialist(tmp_path: Path) -> None:
    # an agent that explains a request only through everyday words with no developer domain
    # (goes, well) is no fit, however many of them
    _agent(tmp_path, "context-keeper", "Goes through shared context well; keeps state tidy.")
    _agent(tmp_path, "sql-tuner", "SQL query tuning and indexes.")
    registry = load_registry([tmp_path], only=True, cwd=tmp_path, cache=False)
    assert route("what wine goes well with grilled salmon?", registry).agent is None
    assert route("keep the shared context tidy", registry).agent == "context-keeper"
