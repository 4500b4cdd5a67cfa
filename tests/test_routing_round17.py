"""Round 17 routing knowledge: everyday, symptom and business words of a developer team's
checklist (concepts.py), two- to four-word everyday phrases read as one word
(:func:`coordinator.routing.concepts.phrases`), and hosted services by domain (products.py)."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.lexical import Router, route
from coordinator.routing.text import term_list, words
from tests.routing_support import domain_of

# -- phrases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("users can brute-force the login form", ["bruteforce"]),
        ("a many-to-many between users and teams", ["manytomany"]),
        ("N+1 queries on the orders page", ["nplusone"]),
        ("we got paged at 3am again", ["oncall"]),
        ("Log in with Google button", ["sociallogin"]),  # written as the request is read
        ("the race condition in the soft delete", ["racecondition", "softdelete"]),
        ("who won the race yesterday", []),
    ],
)
def test_an_everyday_phrase_is_read_as_one_word(text: str, joined: list[str]) -> None:
    assert concepts.phrases(words(text)) == joined


def test_every_phrase_is_written_as_a_request_is_tokenised() -> None:
    for items in concepts._PHRASES.values():
        for sequence, _ in items:
            assert list(sequence) == words(" ".join(sequence)), sequence


def test_every_phrase_word_has_a_domain() -> None:
    joined = {j for items in concepts._PHRASES.values() for _, j in items}
    assert len(joined) > 100
    assert all(len(term_list(j)) == 1 and domain_of(j) for j in joined)


def test_a_phrase_joins_the_query_as_a_word(team: Registry) -> None:
    query = Router(team).query("we need a many to many between users and teams")
    assert term_list("manytomany")[0] in query.basis
    assert term_list("schema")[0] in query.weights  # its domain, as a related term


# -- the table ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "domain_term"),
    [
        ("pentest", "penetr"),
        ("p99", "latency"),
        ("canaryrelease", "deploy"),
        ("pod", "kubernet"),
        ("dunning", "subscription"),
        ("prd", "requir"),
        ("consent", "privacy"),
        ("sla", "reliabil"),
        ("standup", "scrum"),
        ("letsencrypt", "tls"),  # products.py
        ("mosquitto", "mqtt"),
    ],
)
def test_an_everyday_or_product_word_brings_its_domain(word: str, domain_term: str) -> None:
    assert domain_term in domain_of(word)


def test_domain_words_are_stemmed_when_first_met() -> None:
    assert isinstance(concepts.CONCEPTS[term_list("pentest")[0]], str)
    assert domain_of("pentest") == concepts._related(term_list("pentest")[0])


@pytest.mark.parametrize(
    "word",
    # a second common sense (type inference, sourdough hydration, a local file, the
    # headphones' bluetooth, a Kafka partition, a recommended podcast, heart attack, a canary
    # bird, a running sprint, a news headline, a GPS watch, a bank's fraud, a tax office's VAT, a
    # personal blog, Wikipedia, an election campaign)
    [
        *("inference", "infer", "hydration", "local", "bluetooth", "partition", "recommend"),
        *("attack", "canary", "sprint", "headline", "gps", "smartwatch", "fraud", "vat"),
        *("blog", "wiki", "campaign"),
    ],
)
def test_a_word_with_two_common_senses_is_left_out(word: str) -> None:
    assert term_list(word)[0] not in concepts.CONCEPTS


# -- routing end to end -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    from tests.kit import roster_of

    return roster_of(
        tmp_path_factory.mktemp("round17"),
        [
            ("security-engineer", "Application security: vulnerability review, penetration tests."),
            ("database-engineer", "SQL schema design, relational modeling, queries, indexes."),
            ("frontend-developer", "Web pages, UI components, CSS and JavaScript."),
            ("sre-engineer", "Reliability, incident response, monitoring and alerting."),
            ("product-manager", "Product management: requirements and roadmap."),
            ("kubernetes-operator", "Kubernetes clusters, deployments and Helm charts."),
            ("payments-engineer", "Payment, billing and checkout integrations."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("we need a many to many between users and teams", "database-engineer"),
        ("the bank wants a pentest before they sign", "security-engineer"),
        ("two pods restart every few minutes", "kubernetes-operator"),
        ("draft a PRD for sharing reports with clients", "product-manager"),
        ("customers were charged twice this morning", "payments-engineer"),
        ("we got paged at 3am again", "sre-engineer"),  # not a web page
    ],
)
def test_everyday_wording_routes_to_its_domain(
    team: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, team).agent == agent


@pytest.mark.parametrize(
    "request_text",
    [
        "best sourdough hydration for a beginner?",
        "recommend a podcast about history",
    ],
)
def test_everyday_life_stays_without_a_specialist(team: Registry, request_text: str) -> None:
    assert route(request_text, team).agent is None
