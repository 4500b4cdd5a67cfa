"""English stemming keeps a verb's family together: ``tried``, ``tries``, ``trying`` and
``try`` are one term, as ``queried``/``queries``/``query`` and ``classified``/``classify``;
a short plural (``dies``, ``ties``) keeps its ``e`` and no vowel+``ied`` word changes."""

from __future__ import annotations

import pytest

from coordinator.routing.stems import stem_en
from coordinator.routing.text import term_list

FAMILIES = [
    ("try", "tries", "tried", "trying"),
    ("query", "queries", "queried", "querying"),
    ("apply", "applies", "applied", "applying"),
    ("copy", "copies", "copied", "copying"),
    ("retry", "retries", "retried", "retrying"),
    ("classify", "classifies", "classified", "classifying"),
    ("verify", "verifies", "verified", "verifying"),
    ("deny", "denies", "denied", "denying"),
]


@pytest.mark.parametrize("family", FAMILIES)
def test_a_verbs_forms_share_one_term(family: tuple[str, ...]) -> None:
    assert {term_list(word) for word in family} == {term_list(family[0])}


@pytest.mark.parametrize(
    ("word", "stem"), [("dies", "die"), ("ties", "tie"), ("lies", "lie"), ("played", "play")]
)
def test_short_plurals_and_vowel_endings_keep_their_letters(word: str, stem: str) -> None:
    assert stem_en(word) == stem
