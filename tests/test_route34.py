# ruff: noqa: RUF001 - Ukrainian words are intended
"""route34: a Cyrillic pair's compound kept per pair, and a request normalised once when its
config keys are read too; each gives what the uncached, twice-normalised reading gave."""

from __future__ import annotations

import pytest

from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.text import (
    _compound,
    _join_heads,
    config_words,
    normalise,
    normalised_config_words,
    normalised_words,
    words,
)

#: Pairs that join (тензор флоу, гіт лаб), that stay two words (чат бот: both mean something)
#: and that cannot join (a stopword or a Latin tail).
PAIRS = [
    ("тензор", "флоу"),
    ("гіт", "лаб"),
    ("чат", "бот"),
    ("веб", "хук"),
    ("гіт", "і"),
    ("гіт", "lab"),
]


def _glossary_pairs() -> list[tuple[str, str]]:
    """Every glossary stem of 6+ letters split after each head :func:`_joined` may start at."""
    heads = _join_heads()
    return [
        (key[:size], key[size:])
        for key in sorted(GLOSSARY)
        if len(key) >= 6
        for size in range(2, len(key) - 1)
        if key[:size] in heads
    ]


def test_a_kept_compound_is_the_one_read_from_the_glossary() -> None:
    """A pair read a second time (from the cache) joins exactly as the glossary reads it."""
    pairs = PAIRS + _glossary_pairs()
    assert len(pairs) > 1000
    first = [_compound(head, tail) for head, tail in pairs]
    again = [_compound(head, tail) for head, tail in pairs]
    fresh = [_compound.__wrapped__(head, tail) for head, tail in pairs]
    assert first == again == fresh
    assert fresh[: len(PAIRS)] == ["тензорфлоу", "гітлаб", None, None, None, None]
    assert sum(joined is not None for joined in fresh) > 1000
    assert _compound.cache_info().maxsize is not None  # bounded memory


@pytest.mark.parametrize(
    "text",
    [
        "Set MIN.INSYNC.REPLICAS to 2 in server.properties",
        "the payment_intent.succeeded webhook isn't firing",
        "налаштуй гіт лаб і тензор флоу для бази даних у config/app.yaml",
        "Наш штучний інтелект ламає src/main.py",
        "no key here at all",
    ],
)
def test_a_request_normalised_once_reads_the_same_words_and_keys(text: str) -> None:
    """The words and config keys read from one normalised text are those read from the
    request each time."""
    lowered = normalise(text)
    assert normalised_words(lowered) == words(text)
    assert normalised_config_words(lowered) == config_words(text)
    assert bool(config_words(text)) == (text != "no key here at all")
