# ruff: noqa: RUF001 - Ukrainian text is intended
"""Newreq76: a server's router (``serving_router``, ``lexical.prepare``) reads before its
first request what a new word's reading asks of a term every request may bring: the
roster's relatives of each roster term and of each term the glossary reads a Ukrainian word
as, and the outcome frames each key of their tables stands in. A new request then reads none
of them again, and reads every word as a router not prepared does."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import outcomes
from coordinator.routing.lexical import Router, prepare, serving_router
from coordinator.routing.text import normalise, normalised_words, term_list
from coordinator.routing.uk_roots import glossary_terms
from tests.routing_support import CORPUS, SHARED, set_requests

BUNDLED = Path(__file__).resolve().parents[1] / "agents"
#: A Ukrainian request of words the glossary reads (cache, table, order, validation, form).
REQUEST = "Додай кешування для таблиці замовлень і валідацію форми оплати"


def _words() -> list[str]:
    """Every word of every request of bench/sanity and the routing dev sets, each once."""
    found: dict[str, None] = {}
    for text in set_requests(SHARED):
        found.update(dict.fromkeys(normalised_words(normalise(text))))
    return list(found)


def _fresh(folder: Path, cwd: Path) -> Registry:
    """A roster loaded anew: its router is built here, shared with no other test."""
    return load_registry([folder], only=True, cwd=cwd, cache=False)


def test_a_served_routers_first_request_reads_no_known_terms_relatives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    router = serving_router(_fresh(BUNDLED, tmp_path))
    vocabulary = router.vocabulary
    asked: list[str] = []
    read = vocabulary._related

    def counted(term: str) -> tuple[str, ...]:
        asked.append(term)
        return read(term)

    monkeypatch.setattr(vocabulary, "_related", counted)
    made: list[str] = []
    key_bits = outcomes._key_bits
    monkeypatch.setattr(outcomes, "_key_bits", lambda key: made.append(key) or key_bits(key))
    router.route(REQUEST)
    terms = {t for w in normalised_words(normalise(REQUEST)) for t in term_list(w)}
    assert terms & set(glossary_terms())  # the glossary reads the request's words
    assert not set(asked) & (set(glossary_terms()) | vocabulary.terms)
    assert made == []


@pytest.mark.parametrize("roster", ["bundled", "lst97"])
def test_a_prepared_router_reads_every_word_as_one_not_prepared(
    tmp_path: Path, roster: str
) -> None:
    if roster != "bundled" and not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    folder = BUNDLED if roster == "bundled" else SHARED / "corpus" / CORPUS[roster]
    plain, served = Router(_fresh(folder, tmp_path)), Router(_fresh(folder, tmp_path))
    prepare(served)
    kept = set(served.vocabulary._cache)
    assert set(glossary_terms()) <= kept
    for term in sorted(kept):
        assert served.vocabulary.related(term) == plain.vocabulary.related(term), term
    for word in _words():
        assert served._plan(word) == plain._plan(word), word
        for term in term_list(word):
            assert served.vocabulary.related(term) == plain.vocabulary.related(term), word
    made = dict(outcomes._KEY_BITS)
    assert made.keys() == outcomes.tables()[1].keys()
    assert all(outcomes._key_bits(key) == bits for key, bits in made.items())
