# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 27: a "NOT for X → other-agent" redirect needs its topic, not one word of it
(coordinator/routing/redirects.py, hooked into Router._excluded and _redirect_target).

Each rule has a test that fails without it: topic words not terms, one request word per topic
word, common words of requests never alone, the agent's own words never alone (but a word's
domain may reach them), neighbouring topic words as a phrase, and a named target that must
match the request itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import redirects
from coordinator.routing.lexical import route, router_for
from coordinator.routing.redirects import Kind, hits, topic
from coordinator.routing.text import term_list, terms, words


def _hits(
    text: str, request: str, claimed: tuple[str, ...] = (), broad: tuple[str, ...] = ()
) -> int:
    """hits() for a request given as words, each word standing for its own terms."""
    found = topic(text, None, claimed)
    present: dict[str, str] = {}
    for word in words(request):
        for term in term_list(word):
            present.setdefault(term, word)
    present.update({t: t for t in broad})
    return hits(found, present, present, words(request), broad)


# -- topic words, not terms ------------------------------------------------------------


def test_a_topic_is_counted_by_its_words() -> None:
    found = topic("Database schema та запити", None, ())
    # запити is one word though the glossary reads it as request and query
    assert len(found.units) == 3
    assert frozenset({"request", "query"}) in found.units


def test_relation_words_are_no_topic_words() -> None:
    assert len(topic("API endpoints навколо моделі", None, ()).units) == 3


def test_one_word_that_reads_as_two_terms_is_not_half_a_topic() -> None:
    # request + query were two of the old four terms: half the topic from one word
    assert _hits("Database schema та запити", "коли запит не вдався") == 0
    assert _hits("Database schema та запити", "додай колонку в схему бази") == 2


@pytest.mark.parametrize(
    "request_text",
    [
        "додай компонент, який показує помилку, коли запит не вдався",
        "кнопка відправляє запит двічі",
        "напиши компонент для форми логіну, який відправляє запит на бекенд",
    ],
)
def test_a_ukrainian_request_word_keeps_the_frontend_request(
    bundled: Registry, request_text: str
) -> None:
    decision = route(request_text, bundled)
    assert decision.agent == "react-frontend-expert", decision.reason
    assert decision.redirected_from is None


# -- one request word for one topic word -----------------------------------------------


def test_one_request_word_counts_for_one_topic_word() -> None:
    found = topic("SQL, Postgres та міграції", None, ())
    one_word = {"sql": "postgresql", "postgr": "postgresql"}  # a word read as both
    assert hits(found, one_word, one_word, ["postgresql"]) == 0
    two_words = {"sql": "sql", "postgr": "postgres"}
    assert hits(found, two_words, two_words, ["sql", "postgres"]) == 2


def test_terms_a_domain_brought_in_count_each() -> None:
    # keyset paging is about database queries: its domain may name two topic words
    found = topic("Database schema та запити", None, ())
    present = {"databas": "keysetpaging", "query": "keysetpaging"}
    assert hits(found, present, present, ["keyset"], frozenset(present)) == 2


# -- common words of requests never alone ------------------------------------------------


def test_common_request_words_are_plain() -> None:
    kinds = topic("Оптимізація database queries", None, ()).kinds
    assert kinds == (Kind.PLAIN, Kind.DISTINCTIVE, Kind.PLAIN)
    assert topic("LLM patterns", None, ()).kinds == (Kind.DISTINCTIVE, Kind.PLAIN)


def test_a_common_word_cannot_carry_a_redirect_alone() -> None:
    assert _hits("Сторінки та форми", "return one page of results") == 0
    assert _hits("Сторінки та форми", "a page with a form") == 2  # the whole topic
    assert _hits("LLM patterns", "the pattern") == 0
    assert _hits("LLM patterns", "llm calls") == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "add an endpoint that returns the second page of orders",
        "the endpoint should return results one page at a time",
    ],
)
def test_pagination_stays_with_the_backend(bundled: Registry, request_text: str) -> None:
    assert route(request_text, bundled).agent == "fastapi-backend-expert"


def test_technology_homonyms_are_not_plain() -> None:
    # spring is a common English word, Spring a framework: in a topic it names the framework
    assert topic("Spring services", None, ()).kinds[0] == Kind.DISTINCTIVE


# -- the agent's own words never alone ---------------------------------------------------


def test_a_word_the_agent_claims_cannot_carry_its_redirect() -> None:
    assert _hits("Frontend", "the frontend gets a cors error", claimed=("frontend",)) == 0
    assert _hits("Frontend", "the frontend gets a cors error") == 1


def test_trigger_labels_are_no_claims() -> None:
    text = '- Запити: "Створи endpoint"\n- Keywords: a'
    claimed = redirects.claimed((), Counter(terms(text)), text)
    assert "request" not in claimed
    assert "endpoint" in claimed
    text = "Запити: slow queries"  # a label and the word itself: the word is claimed
    assert "query" in redirects.claimed((), Counter(terms(text)), text)


def test_the_backend_keeps_cors_for_the_frontend(bundled: Registry) -> None:
    # its triggers say "Fix CORS for the frontend"; "Frontend" is also on its NOT-for list
    decision = route("the frontend gets a CORS error from our backend", bundled)
    assert decision.agent == "fastapi-backend-expert"


def test_a_domain_may_reach_a_claimed_word() -> None:
    # a page is frontend work: the domain names the topic's sense, not the agent's word
    assert _hits("Frontend", "login page", claimed=("frontend",), broad=("frontend",)) == 1


def test_a_login_page_still_leaves_the_backend(bundled: Registry) -> None:
    decision = route("login page", bundled)
    assert decision.agent == "react-frontend-expert"
    assert decision.redirected_from == "fastapi-backend-expert"


# -- neighbouring topic words as written ---------------------------------------------------


def test_two_plain_topic_words_side_by_side_are_the_topic() -> None:
    assert _hits("CORS та rate limiting", "add rate limiting") == 2
    assert _hits("CORS та rate limiting", "limit the rate") == 0  # not as written


def test_neighbours_across_glue_are_not_side_by_side() -> None:
    # "запити та схема": та stands between them in the topic
    found = topic("SQL запити та схема бази", None, ())
    assert found.places == (0, 1, 3, 4)


# -- the named target must match the request -----------------------------------------------


@pytest.mark.parametrize(
    "request_text",
    [
        "email a receipt to the customer after they sign up",
        "send a confirmation email after registration",
    ],
)
def test_a_target_that_does_not_match_keeps_the_request(
    bundled: Registry, request_text: str
) -> None:
    # signing up brings the frontend domain, but the frontend explains too little of it
    decision = route(request_text, bundled)
    assert decision.agent == "fastapi-backend-expert", decision.reason


def _agent(folder: Path, name: str, description: str) -> None:
    text = f"---\nname: {name}\ndescription: |-\n  {description}\n---\nBody of {name}.\n"
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


def test_a_named_target_needs_its_own_match(tmp_path: Path) -> None:
    desc = "Builds payment flows with Stripe: checkout, refunds, invoices, webhooks.\n\n  "
    _agent(tmp_path, "payments-dev", desc + "NOT for:\n  - Stripe webhooks → mailer")
    _agent(tmp_path, "mailer", "Writes newsletters and email campaigns.")
    registry = load_registry([tmp_path], only=True, cwd=tmp_path, cache=False)
    decision = route("verify the Stripe webhooks signature on refunds", registry)
    assert decision.agent == "payments-dev"  # the mailer explains none of it


# -- the term index decides as weighing every topic would ------------------------------------


@pytest.mark.parametrize(
    "request_text",
    [
        "login page",
        "додай колонку в схему бази і покажи її на сторінці",
        "deploy the new model to the GPU server",
        "add rate limiting and CORS for the frontend",
        "кешування відповідей ендпоінта",
    ],
)
def test_the_term_index_finds_what_every_topic_would(bundled: Registry, request_text: str) -> None:
    router = router_for(bundled)
    query = router.query(request_text)
    for exclusions in router.exclusions:
        args = (query.weights, query.surface, query.tokens, query.broad)
        scored = [(hits(t, *args), -i) for i, t in enumerate(exclusions)]
        best = max(scored, default=(0, 0))
        expected = exclusions.topics[-best[1]] if best[0] else None
        assert exclusions.excluded(*args) == expected


def test_plain_terms_are_found_by_prefix_as_a_full_reading_would() -> None:
    # plain() looks a term up among the common words sharing its first three letters
    every = {t for word in redirects.PLAIN_WORDS for t in term_list(word)}
    assert all(redirects.plain(t) for t in every)
    assert not any(redirects.plain(t) for t in ("docker", "schema", "llm", "cor", "embed"))
