"""route33: the work every request does with every word known, done once (a query's term
sequence, read by the platform check too; a word's domain kept per word) or skipped where it
cannot find anything (a pair holding a Cyrillic word when the roster's names are ASCII)."""

from __future__ import annotations

from itertools import chain
from pathlib import Path

from coordinator.roster.loader import load_registry
from coordinator.routing import concepts
from coordinator.routing.lexical import Router
from coordinator.routing.offtopic import foreign_platforms
from coordinator.routing.spelling import NameSpellings
from coordinator.routing.text import term_list, words

BUNDLED = Path(__file__).resolve().parents[1] / "agents"


def test_a_name_written_split_is_joined_beside_cyrillic_words() -> None:
    """A name written in two Latin words among Ukrainian ones is still read as the name."""
    spellings = NameSpellings(["fastapi", "typescript"])
    names, parts = spellings.split(words("додай ендпоінт на fast api та type script"))
    assert names == ["fastapi", "typescript"]
    assert parts == {"fast", "api", "type", "script"}


def test_a_cyrillic_name_written_split_is_still_joined() -> None:
    """A roster whose names are not all ASCII reads Cyrillic pairs too (the shortcut that
    skips them holds only for ASCII names)."""
    spellings = NameSpellings(["вебхук", "fastapi"])
    names, parts = spellings.split(words("налаштуй веб хук для fast api"))
    assert names == ["вебхук", "fastapi"]
    assert parts == {"веб", "хук", "fast", "api"}


def test_a_querys_term_sequence_is_its_tokens_terms_in_order() -> None:
    """What a phrase trigger and the platform check read: each token's terms, in order."""
    router = Router(load_registry([BUNDLED], only=True, cache=False))
    request = "Зроби кнопку синьою and fix the 2 failing tests"
    query = router.query(request)
    expected = tuple(chain.from_iterable(map(term_list, query.tokens)))
    assert query.sequence == expected
    assert query.sequence is query.sequence  # made once


def test_the_platform_check_reads_the_same_terms_given_or_made() -> None:
    """A platform the roster lacks is named the same whether the query's terms are given."""
    foreign = foreign_platforms(frozenset(["api", "react"]))
    for text, platform in (
        ("a native iphone app for our shop", "Apple's native SDKs (Swift, SwiftUI, UIKit)"),
        ("autohotkey script that types my email", "desktop scripting (AppleScript, AutoHotkey)"),
        ("the page looks broken on my iphone", None),
    ):
        tokens = words(text)
        terms = tuple(chain.from_iterable(map(term_list, tokens)))
        assert foreign.named(tokens, terms) == foreign.named(tokens) == platform, text


def test_a_words_domain_is_the_same_when_read_again() -> None:
    """The domain kept per (term, word) is the one worked out (an everyday word's, a product
    name's, a Cyrillic spelling's by sound)."""
    for word in ("login", "локі", "невідомеслово", "kafka"):
        term = term_list(word)[0]
        first = concepts.domain(term, word)
        assert concepts.domain(term, word) == first == concepts.domain.__wrapped__(term, word)
