"""``stem_en`` skips its plural and derivational loops for a word ending in none of theirs.

The pre-check (one ``str.endswith`` over every ending) must change no stem: with a pre-check
every word passes, the function is the one before; both run on a sample of the agent corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator.routing import stems
from coordinator.routing.stems import stem_en


class _Untouchable(tuple[tuple[str, int], ...]):
    """A stand-in for the ending table that fails the test when the loop walks it."""

    def __iter__(self) -> Iterator[tuple[str, int]]:
        raise AssertionError("the derivational loop ran for a word with none of its endings")


def test_a_word_with_no_derivational_ending_skips_the_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stems, "_EN_STEP2", _Untouchable(stems._EN_STEP2))
    for word in ("docker", "python", "react", "debugging", "reviewer", "tests"):
        stem_en(word)  # none of these ends (after step 1) in a derivational ending


def test_a_word_with_no_plural_ending_skips_the_plural_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Untouchable(tuple[tuple[str, str], ...]):
        def __iter__(self) -> Iterator[tuple[str, str]]:
            raise AssertionError("the plural loop ran for a word with none of its endings")

    monkeypatch.setattr(stems, "_EN_PLURAL", Untouchable(stems._EN_PLURAL))
    assert [stem_en(w) for w in ("docker", "tests", "status")] == ["docker", "test", "status"]


def test_the_ending_tuples_name_every_ending() -> None:
    assert set(stems._EN_STEP2_ENDINGS) == {suffix for suffix, _ in stems._EN_STEP2}
    assert set(stems._EN_PLURAL_ENDINGS) == {suffix for suffix, _ in stems._EN_PLURAL}


def _corpus_words(shared: Path, files: int = 120) -> set[str]:
    words: set[str] = set()
    paths = sorted((shared / "corpus").rglob("*.md"))[:: max(1, 534 // files)]
    for path in paths:
        words.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    return words


def test_stems_are_unchanged_on_corpus_words(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = _corpus_words(shared) | set(
        "optimization creating scoped stripe write classes policies indexes caches crashes".split()
    )
    assert len(words) > 2000
    new = {word: stem_en(word) for word in words}
    # The stemmer as it was: a pre-check that every word passes ("" ends every string).
    monkeypatch.setattr(stems, "_EN_STEP2_ENDINGS", ("",))
    monkeypatch.setattr(stems, "_EN_PLURAL_ENDINGS", ("",))
    old = {word: stem_en(word) for word in words}
    assert new == old
