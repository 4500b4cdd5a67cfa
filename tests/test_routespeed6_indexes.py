# ruff: noqa: RUF001 - Ukrainian letters are intended
"""The speed26 look-ups give exactly what a plain scan gives: a Cyrillic word none of whose
fold's heads (:func:`byear.key_heads`) is a name's key writes no name by ear, a word that shares no
one-letter-less string with any name of its first letter is one edit from none of them
(:meth:`NameSpellings.match`), and a prefix table answers as ``str.startswith`` does."""

from __future__ import annotations

import bisect
import functools
import random
from pathlib import Path

import pytest
import test_routespeed3_lazy as lazy3
import yaml

from coordinator.routing import byear, spelling
from coordinator.routing.endings import Prefixes
from coordinator.routing.match import Vocabulary, _one_edit
from coordinator.routing.shapes import skeleton
from coordinator.routing.spelling import NameSpellings
from coordinator.routing.text import is_cyrillic, term_list, words

SANITY = Path(__file__).resolve().parents[1] / "bench" / "sanity"


@functools.cache
def _request_words() -> list[str]:
    """Every word of the bench's sanity requests (about 10,000 distinct). Read by libyaml
    where present: the same cases as ``yaml.safe_load``, about 20 times sooner."""
    found: dict[str, None] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(SANITY.glob("*.yaml")):
        for case in yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []:
            found.update(dict.fromkeys(words(str(case["request"]))))
    return list(found)


def _spellings() -> list[NameSpellings]:
    """The well-known products' names, and the lst97 roster's where ../shared is present."""
    made = [NameSpellings(spelling.product_names())]
    if lazy3.SHARED.is_dir():
        made.append(lazy3.lst97_router()[0].spellings)
    return made


class _Scanned(byear.HeardNames):
    """Every key of a word looked up (no test of its whole fold first)."""

    def names(self, word: str) -> set[str]:
        return {
            name
            for key, runs in byear.word_keys(word)
            for name, english in self._keys.get(key, ())
            if byear.sounds_alike(english, runs)
        }


def test_every_key_of_a_word_is_a_head_of_its_fold() -> None:
    cyrillic = [w for w in _request_words() if is_cyrillic(w)]
    assert len(cyrillic) > 2000
    for word in cyrillic:
        heads = byear.key_heads(word)
        assert all(key in heads for key, _ in byear.word_keys(word)), word


@pytest.mark.parametrize("index", range(2))
def test_heard_names_are_those_a_scan_of_every_key_finds(index: int) -> None:
    made = _spellings()
    if index >= len(made):
        pytest.skip("../shared is not present (only CI and developers have it)")
    heard = made[index]._heard
    plain = _Scanned(())
    plain._keys = heard._keys
    cyrillic = [w for w in _request_words() if is_cyrillic(w)]
    named = [name for names in heard._keys.values() for name, _ in names]
    cyrillic += [s.lower() for name in named[:300] for s in byear.spellings(name)]
    found = 0
    for word in cyrillic:
        scanned = plain.names(word)
        assert heard.names(word) == scanned, word
        found += bool(scanned)
    assert found > 50


def _variants(name: str, rng: random.Random) -> list[str]:
    """``name`` one letter changed, added, left out and two swapped (somewhere)."""
    at = rng.randrange(len(name) - 1)
    letter = rng.choice("aeiklmnorstuy")
    swapped = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    return [name[:at] + letter + name[at + 1 :], name[:at] + letter + name[at:], swapped]


@pytest.mark.parametrize("index", range(2))
def test_names_matched_are_those_a_scan_finds(index: int) -> None:
    made = _spellings()
    if index >= len(made):
        pytest.skip("../shared is not present (only CI and developers have it)")
    names = made[index]
    plain = NameSpellings(names._whole)
    plain._near_any = lambda *_: True  # type: ignore[method-assign]  # the plain scan
    rng = random.Random(26)
    written = sorted(names.written())
    tried = [*_request_words(), *(v for n in written for v in [*_variants(n, rng), n[:-1]])]
    found = 0
    for word in tried:
        for term in {*term_list(word)[:2], word}:
            scanned = plain.match(word, term)
            assert names.match(word, term) == scanned, (word, term)
            found += bool(scanned)
    assert found > 100


def test_prefixes_answer_as_startswith() -> None:
    rng = random.Random(6)
    table = ("", "ab", "abc", "b", "ліка", "лік", "xyzzy")
    for sample in [table[1:], table, ("кіно",), ()]:
        prefixes = Prefixes(sample)
        for _ in range(5000):
            word = "".join(rng.choice("abcxyzлікаон") for _ in range(rng.randint(0, 7)))
            assert prefixes.begins(word) == word.startswith(sample), (sample, word)


def _run_starting(ordered: list[str], prefix: str) -> list[str]:
    """The strings of sorted ``ordered`` that start with ``prefix`` (one run of them)."""
    at = bisect.bisect_left(ordered, prefix)
    end = at
    while end < len(ordered) and ordered[end].startswith(prefix):
        end += 1
    return ordered[at:end]


def test_typos_and_heads_are_those_a_scan_finds() -> None:
    terms = sorted({t for w in _request_words() for t in term_list(w) if t.isascii()})
    vocabulary = Vocabulary(terms)
    rng = random.Random(12)
    tried = [*terms, *(v for t in terms if len(t) >= 6 for v in _variants(t, rng))]
    # the plain scan's candidates for "begun": terms of 5+ letters or digits, in order, so that
    # those starting with a term are one run of them (every one of them still compared)
    long_terms = sorted(t for t in terms if len(t) >= 5 and t.isalnum())
    found = 0
    for term in tried:
        size = len(term)
        if size >= 6 and term.isalpha():
            shapes = vocabulary._shapes.get(skeleton(term)[:2], ())
            plain = {
                original
                for _, original in shapes
                if (len(original) == size - 1 and size > 6 and _one_edit(original, term))
                or (len(original) in (size, size + 1) and _one_edit(term, original))
            }
            assert set(vocabulary._typos(term)) == plain, term
            found += bool(plain)
        if size >= 5:
            begun = set(_run_starting(long_terms, term))
            heads = {term[:n] for n in range(5, size) if term[:n] in vocabulary.terms}
            assert vocabulary._subwords(term, tails=False) == begun | heads, term
    assert found > 500
