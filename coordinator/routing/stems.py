# ruff: noqa: RUF001, RUF002 - Ukrainian text is intended
"""Light suffix-stripping stemmers for English and Ukrainian words (:func:`stem_en`,
:func:`stem_uk`): they only have to make the same word meet itself in different forms, never
produce dictionary words. Read by :mod:`coordinator.routing.text` for each token's term.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coordinator.routing.endings import Endings

#: Endings a noun or adjective takes (зона, зони, зоною; висока, високої, високу, ...).
UK_FORM_ENDINGS = (
    "", "а", "и", "і", "у", "ю", "е", "є", "о", "я", "ї", "ою", "ею", "ам", "ами", "ах", "ом",
    "ий", "ій", "ої", "ого", "ому", "им", "их", "ими", "ім", "ів", "ями", "ях", "ям", "ь", "ем",
)  # fmt: skip


UK_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        """
        ування ювання ування ання яння ення іння ість ості остей остям
        увати ювати ували ували ування ують юють ються ється ується
        ати яти ити іти ути ать ять ить іть ють уть ете єте ите іте емо ємо имо імо
        ала ало али ила ило или ола ував ював ує ює уй юй ай ій ей
        ами ями ові еві єві ого ього ому ьому ими іми ої ою ею єю ах ях ів їв ям ам ом ем
        ія ію ії ий ій ій ся сь ці ки
        а я у ю і ї и е є о ь й
        """.split(),
        key=len,
        reverse=True,
    )
)


#: :data:`UK_ENDINGS` looked up by length (the first in order is the longest).
_UK_ENDINGS_AT = Endings(UK_ENDINGS)


_EN_PLURAL: tuple[tuple[str, str], ...] = (
    ("sses", "ss"),
    ("ies", "y"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
)


#: Every plural ending at once: a word ending in none of them skips the loop.
_EN_PLURAL_ENDINGS = tuple(suffix for suffix, _ in _EN_PLURAL)


#: Derivational endings and the shortest stem each may leave (``-er``/``-or`` are handled
#: apart: only a stem of 5+ letters loses them, so docker and dockerfile keep ``docker``).
_EN_STEP2: tuple[tuple[str, int], ...] = tuple(
    sorted(
        (
            ("ization", 3),
            ("isation", 3),
            ("ations", 3),
            ("ation", 3),
            ("ition", 3),
            ("ments", 3),
            ("ment", 3),
            ("ness", 3),
            ("ance", 4),
            ("ence", 4),
            ("able", 4),
            ("ible", 4),
            ("ity", 3),
            ("ive", 3),
            ("ize", 3),
            ("ise", 3),
            ("ate", 3),
            ("al", 4),
            ("ly", 4),
            ("e", 4),
        ),
        key=lambda item: len(item[0]),
        reverse=True,
    )
)


#: Every derivational ending at once: a word ending in none of them (most words) skips the loop.
_EN_STEP2_ENDINGS = tuple(suffix for suffix, _ in _EN_STEP2)


#: The letters they end in.
_EN_STEP2_LAST = frozenset(suffix[-1] for suffix in _EN_STEP2_ENDINGS)


#: Each derivational ending's shortest stem, and their lengths longest first.
_EN_STEP2_KEEP = dict(_EN_STEP2)


_EN_STEP2_SIZES = tuple(sorted({len(suffix) for suffix in _EN_STEP2_KEEP}, reverse=True))


_VOWEL = re.compile(r"[aeiouy]")


#: Derivational endings that end in e: a stem that lost -ing, -ed or -er gets its e back
#: when that completes one (creating -> create, optimizer -> optimize), so both meet.
_E_ENDINGS = tuple(suffix for suffix, _ in _EN_STEP2 if suffix.endswith("e") and suffix != "e")


@lru_cache(maxsize=4096)
def stem_uk(word: str) -> str:
    """Strip one Ukrainian inflectional ending, keeping a stem of at least three letters
    (kept per word: a word the glossary lacks is stemmed to undo a closed і and again as
    its term)."""
    ending = _UK_ENDINGS_AT.longest(word, len(word) - 3)
    if ending:
        word = word[: -len(ending)]
    if word.endswith("ь") and len(word) > 3:
        word = word[:-1]
    return word


#: One syllable closed by a single consonant after a single vowel (strip, scop, cod):
#: Porter's *o condition, where a final e is part of the word (stripe is not strip).
_SHORT_SYLLABLE = re.compile(r"^[^aeiouy]*[aeiouy][^aeiouywx]$")


def _short_syllable(stem: str) -> bool:
    """Whether ``stem`` is one short syllable (consonants, one vowel, one consonant)."""
    return _SHORT_SYLLABLE.match(stem) is not None


#: Round 102: words whose stem would be another word's (experience and experiment both
#: experi: a user's experience read as a chaos or A/B experiment), by the prefix they share,
#: and the stem they keep.
_EN_APART: tuple[tuple[str, str], ...] = (("experien", "experienc"),)


def stem_en(word: str) -> str:
    """A light English stemmer: plural and tense endings, then up to two derivational ones."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.startswith(_EN_APART[0][0]):  # one pair: a test costs less than a loop
        return _EN_APART[0][1]
    # each ending below is tested only on a word whose last letter one of them ends in
    # (route39: a letter compared costs a fraction of ``endswith``'s arguments parsed)
    if word[-1] == "s":  # every plural ending ends in s
        for suffix, replacement in _EN_PLURAL if word.endswith(_EN_PLURAL_ENDINGS) else ():
            if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "ies" else 3):
                word = word[: -len(suffix)] + replacement  # tries -> try as retries -> retry
                break
        else:
            if not word.endswith(("ss", "us", "is")):
                word = word[:-1]
    stripped = doubled = False
    for suffix in ("ing", "ed") if word[-1] in "gd" and word.endswith(("ing", "ed")) else ():
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 3 and _VOWEL.search(rest):
            word, stripped = rest, True
            if word[-1] == "i" and word[-2] not in "aeiou":  # queried, tried: query, try
                word = word[:-1] + "y"
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word, doubled = word[:-1], True
            break
    # reviewer -> review, debugger -> debug; docker stays (most words: neither ending)
    for suffix in ("er", "or") if word[-1] == "r" and word.endswith(("er", "or")) else ():
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 5:
            doubled = rest[-1] == rest[-2] and rest[-1] not in "lsz"
            word = rest[:-1] if doubled else rest
            stripped = True
            break
    if stripped and (word + "e").endswith(_E_ENDINGS):  # creating, create -> cre
        word += "e"
    elif stripped and not doubled and _short_syllable(word):  # striping, scoped, coding
        word += "e"
    if word[-1] in _EN_STEP2_LAST and word.endswith(_EN_STEP2_ENDINGS):
        return _derivational(word)
    return word


def _derivational(word: str) -> str:
    """``word`` without up to two of :data:`_EN_STEP2`'s derivational endings (the
    longest first, each leaving its shortest stem at least)."""
    for _ in range(2):
        if not word.endswith(_EN_STEP2_ENDINGS):
            break
        # the endings it ends with, longest first (as :data:`_EN_STEP2` is kept): one
        # look-up per length, not an endswith per ending; e is the one of one letter
        for size in _EN_STEP2_SIZES:
            keep = _EN_STEP2_KEEP.get(word[-size:])
            if keep is None or (size == 1 and _short_syllable(word[:-1])):
                continue  # stripe, scope, write keep their e: strip, scop, writ are other words
            if len(word) - size >= keep:
                word = word[:-size]
                break
        else:
            break
    return word
