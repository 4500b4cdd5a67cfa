# ruff: noqa: RUF001 - Ukrainian words are intended
"""route34: a request normalised once when its config keys are read too gives what the
twice-normalised reading gave (a cache of ``text._compound`` was measured and dropped)."""

from __future__ import annotations

import pytest

from coordinator.routing.text import (
    config_words,
    normalise,
    normalised_config_words,
    normalised_words,
    words,
)


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
