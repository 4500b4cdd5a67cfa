# ruff: noqa: RUF003 - Ukrainian text is intended
"""Spelling shapes for fuzzy comparison across scripts: a Ukrainian word's Latin spelling
(:func:`transliterate`), spelling variation folded away (:func:`skeleton`,
:func:`spelled_shape`, :func:`undouble`, :func:`one_sound`) and the ``str.translate`` tables
they are built with (:func:`ascii_table`, :func:`complete_table`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter

#: Cyrillic -> Latin, tuned to how Ukrainian developers spell English words (дж -> j, г -> g).
#: A translation table (:meth:`str.translate`: one call, in C).
_TRANSLIT = str.maketrans(
    dict(
        zip(
            "абвгґдезиіїйклмнопрстуфхцчшщьюяєжё",
            "a b v g g d e z i i i i k l m n o p r s t u f h ts ch sh shch _ u ya e zh e".split(),
            strict=True,
        )
    )
)


@lru_cache(maxsize=1024)
def transliterate(word: str) -> str:
    """A Latin spelling of a Ukrainian word, as developers borrow English (``постгрес``);
    kept a while: a new word's stem is read for the roster's terms, its names and domain."""
    word = word.replace("дж", "j").replace("кс", "x")
    return word.translate(_TRANSLIT).replace("_", "")


_DOUBLED = re.compile(r"(.)\1+", re.DOTALL)


#: A letter written twice: where :data:`_DOUBLED` matches, and searched for faster (no
#: repeat to try at every place).
_PAIR = re.compile(r"(.)\1", re.DOTALL)


#: A run's one letter (``r"\1"`` as a callable, called in C: a template such as ``r"\1"``
#: is expanded by Python code at each run, ~3x the substitution's cost).
_RUN_LETTER = itemgetter(1)


def undouble(word: str) -> str:
    """``word`` with each run of one letter written once (``fasttext`` -> ``fastext``)."""
    # most words hold no doubled letter: a search tells at ~60% of a substitution's cost
    # (route39), and the substitution runs only where it finds a run
    return _DOUBLED.sub(_RUN_LETTER, word) if _PAIR.search(word) else word


def skeleton(word: str) -> str:
    """``word`` with spelling variation folded away, for fuzzy comparison across scripts."""
    return undouble(word.translate(_FOLD))


#: Route91: the consonants a transliterated skeleton may hold where a Latin name's has the
#: other (a voiced or voiceless pair, ф for ph, в for a Greek b, ш, с or з for a c, which the
#: skeleton writes k; review93: дж, written j, for a soft g, реджекс for regex): any other
#: consonant changed makes a native word another one (вивести: vivest is no vitest, пробіл
#: no profile). Each pair both ways round.
_SOUND_PAIRS = frozenset(
    pair
    for a, b in ("bp", "dt", "gk", "sz", "fv", "fp", "bv", "ks", "kz", "gj")
    for pair in (a + b, b + a)
)


#: The Latin consonants a skeleton holds (a letter no transliteration wrote, э, is no guess).
_CONSONANT_LETTERS = frozenset("bcdfgjklmnpqrstvwxz")


def one_sound(one: str, other: str) -> bool:
    """Whether two skeletons of one length that differ in one place differ by anything but
    two consonants :data:`_SOUND_PAIRS` does not pair (True when they differ in no place or
    in more than one: two neighbouring letters swapped)."""
    changed = [pair for pair in zip(one, other, strict=True) if pair[0] != pair[1]]
    if len(changed) != 1:
        return True
    a, b = changed[0]
    consonants = a in _CONSONANT_LETTERS and b in _CONSONANT_LETTERS
    return not consonants or a + b in _SOUND_PAIRS


@lru_cache(maxsize=4096)
def spelled_shape(word: str) -> str:
    """:func:`skeleton` of ``word``'s :func:`transliterate`: how a Cyrillic word is compared
    with Latin names. Kept per word: a new word's stem is compared with the roster's terms,
    its names and the products' heard by ear, each by this one form."""
    return skeleton(transliterate(word))


def ascii_table(changes: dict[str, str | None]) -> list[str | None]:
    """A ``str.translate`` table of every ASCII character, ``changes`` made (None: dropped;
    one past ASCII stays, as an IndexError). route39: a character a dict table lacks costs
    ``translate`` a KeyError raised and cleared, ~1 K instructions a character."""
    return [changes.get(c, c) for c in map(chr, range(128))]


def complete_table(changes: Mapping[str, str | int | None]) -> dict[int, str | int | None]:
    """``str.maketrans(changes)`` with every ASCII and Cyrillic (U+0400-U+04FF) character
    it lacks mapped to itself: what ``translate`` makes of a word is the same, without a
    KeyError for each letter the table leaves alone (route39)."""
    identity: dict[int, str | int | None] = {c: c for c in (*range(128), *range(0x400, 0x500))}
    return identity | str.maketrans(dict(changes))


_FOLD = ascii_table({"c": "k", "q": "k", "y": "i", "w": "v", "h": "", "x": "ks"})
