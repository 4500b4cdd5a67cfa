# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 5 routing rules: everyday Ukrainian developer words reach English roster terms
(a wider glossary, reflexive verbs), and everyday English words of incidents, messy code,
payments, dependencies, monitoring, mail and copy bring their domain's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.text import stem_en, term_list


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


def _agent(folder: Path, name: str, description: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\nname: {name}\ndescription: {description}\n---\nWorks carefully.\n",
        encoding="utf-8",
    )


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
    decision = route(request_text, roster)
    assert decision.agent == agent, decision.reason


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return load_registry(cwd=tmp_path_factory.mktemp("cwd"), cache=False)


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
