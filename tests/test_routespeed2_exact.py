# ruff: noqa: RUF001 - Ukrainian letters and apostrophe look-alikes are the point
"""The eighth round's shortcuts give exactly what they replace: ``_round3`` the same double as
``round(x, 3)``, the chunked tokeniser the same tokens as one regex pass over the request."""

from __future__ import annotations

import random

import pytest

from coordinator.routing import text
from coordinator.routing.lexical import _round3


def _halves() -> list[float]:
    # values whose scaled form is exactly k + 0.5 (binary fractions) or a hair either side
    out = []
    for k in (0, 1, 2, 7, 62, 125, 999, 12644):
        exact = (k + 0.5) / 1000
        out += [exact, exact * (1 + 1e-16), exact * (1 - 1e-16), (2 * k + 1) / 2048]
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_round3_is_round(seed: int) -> None:
    rng = random.Random(seed)
    values = [rng.uniform(0, 30) for _ in range(20_000)]
    values += [rng.uniform(0, 1) for _ in range(20_000)]
    values += [k / 1000 + d for k in range(3000) for d in (0.0, 5e-4, -5e-4, 1e-12)]
    values += [*_halves(), 0.0, -0.0, -1.2345, 1e-300, 3e9, float("inf")]
    for value in values:
        got, want = _round3(value), round(value, 3)
        assert repr(got) == repr(want), value


def test_round3_keeps_nan() -> None:
    assert _round3(float("nan")) != _round3(float("nan"))


def _reference(request: str) -> list[str]:
    lowered = text._APOSTROPHES.sub("", request.lower()).replace("ё", "е")
    for marker, _, pattern, replacement in text._PHRASES:  # each run on its first string alone
        if marker in lowered:
            lowered = pattern.sub(replacement, lowered)
    tokens = text._TOKEN.findall(lowered)
    if text._LATIN.search(lowered) is None or text._CYRILLIC.search(lowered) is None:
        return tokens
    return [text._cyrillic_lookalikes(t) for t in tokens]


def test_words_match_one_regex_pass() -> None:
    rng = random.Random(3)
    alphabet = "abn+1#  \t\n.,_/-é'’ʼ`ʻёЁАяіЇєґ2ыўẞ"
    samples = ["N+1 queries in C++ and C#", "Ім'я користувача", "don’t", "ЁЖ ёж"]
    for _ in range(30_000):
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))))
    for sample in samples:
        assert text.words(sample) == _reference(sample), sample
