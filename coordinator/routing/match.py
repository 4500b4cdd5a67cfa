"""Relate request terms to a roster's vocabulary beyond exact equality.

- Sub-words: a term of 5+ letters meets the roster terms it begins and the roster terms of
  5+ letters that begin it (``dockerfil`` <-> ``docker``, ``postgr`` <-> ``postgresql``); a
  term the roster lacks also meets the roster terms it ends (``torch`` -> ``pytorch``). A
  known term keeps only its closest relatives.
- Typos: an unknown English term of 6+ letters meets the roster terms one edit away, as
  written (not folded as a transliteration is: speech is no spec).
- Ukrainian the glossary lacks: the stem is transliterated (``постгрес`` -> ``postgres``) and
  compared, with spelling variation folded away (:func:`coordinator.routing.shapes.skeleton`),
  to the roster's Latin terms and to agents' name words as written (flutter, which stems to
  flut): equal, one edit apart (6+ letters), or one a 5+ letter prefix of the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import compress, count
from operator import ne

from coordinator.routing.shapes import (
    ascii_table,
    one_sound,
    skeleton,
    spelled_shape,
    transliterate,
    undouble,
)
from coordinator.routing.text import is_cyrillic

#: Shortest term that takes part in sub-word or prefix matching.
MIN_SUBWORD = 5
#: A transliteration or an English typo one edit away from a roster term meets it only from
#: this length: a shorter word one letter off another is usually another word (просто is no
#: prose, народ no narrow, stock no stack).
TRANSLIT_EDIT = 6
#: At most this many related terms per request term (the closest in length win).
MAX_RELATED = 6
#: A term the roster knows keeps only its closest prefix relatives (docker <-> dockerfil).
MAX_KNOWN_RELATED = 2
#: A Cyrillic stem of SOUND_LETTERS+ letters (a 5-letter word less its ending) meets a roster
#: term by its sound skeleton (:func:`sound_key`) only when the skeleton holds SOUND_MIN+
#: consonants and exactly one roster term has it.
SOUND_LETTERS = 4
SOUND_MIN = 3


#: English (and transliterated) spelling -> sound classes, applied in order (:func:`_sound`):
#: digraphs first, then a soft c, then letters that sound alike; a w after a vowel is part of
#: the vowel (snow, flow), a silent h is dropped. route39: the literal steps by
#: ``str.replace`` and the one-letter ones by one ``translate`` (a pattern's substitution
#: costs ~2 K instructions, run or not), each only on a word that holds what it replaces.
#: ``sh|ch|zh|ts`` stays a pattern: ``tsh`` is s, h (a replace of ts would make sh again).
_DIGRAPHS = re.compile("sh|ch|zh|ts")
_SOFT_C = re.compile("c(?=[eiy])")
_VOWEL_W = re.compile("(?<=[aeiou])w")
#: c and q as k, z as s, w as v, h dropped: no step after them, and none writes another's
#: letter (a w after a vowel, dropped first, is read before c, q and z are k or s: none is a
#: vowel either way).
_LETTERS = ascii_table({"c": "k", "q": "k", "z": "s", "w": "v", "h": None})
#: Every vowel as a (a run of them then one run of a: :func:`undouble` writes it once).
_VOWELS_A = ascii_table(dict.fromkeys("aeiouy", "a"))
#: The same for an ASCII word's bytes (h dropped by ``translate``'s delete argument), and
#: every byte but a vowel's as a space.
_LETTER_BYTES = bytes.maketrans(b"cqzw", b"kksv")
_VOWEL_BYTES = bytes.maketrans(b"aeiouy", b"aaaaaa")
_RUN_BYTES = bytes(c if chr(c) in "aeiouy" else 32 for c in range(256))
_VOWELS = re.compile("[aeiouy]+")
#: How Ukrainian writes an English vowel (by the English run, else its first letter): the
#: first letter of the transliterated Ukrainian vowel (bundle: бандл, stack: стек, readme:
#: ридмі, airflow: ейрфлоу, google: гугл).
_VOWEL_SPELLINGS: dict[str, str] = {
    "a": "ae",
    "e": "ei",
    "i": "ia",
    "o": "oau",
    "u": "ua",
    "y": "iae",
    "ea": "ie",
    "ee": "ie",
    "ie": "ie",
    "oo": "uo",
    "ou": "uoa",
    "ai": "ea",
    "ay": "ea",
    "au": "oa",
    "ue": "uei",
}


def sound_key(word: str) -> str:
    """The skeleton of a Latin ``word`` by sound: its consonants, each run of vowels as one
    ``a`` and no final vowel (readme and ridmi -> radm, snowflake and snoufleik -> snaflak,
    useeffect and uzefekt -> asafakt)."""
    return _sound(word)[0]


@lru_cache(maxsize=1024)
def _sound(word: str) -> tuple[str, tuple[str, ...]]:
    """:func:`sound_key` and the vowel runs its ``a`` slots stand for (kept a while: a new
    Cyrillic word's stem is read by sound for its domain and for the roster's terms)."""
    if "ph" in word:
        word = word.replace("ph", "f")
    if "th" in word:
        word = word.replace("th", "t")
    if "ck" in word:
        word = word.replace("ck", "k")
    if "h" in word or "ts" in word:  # what every digraph holds
        word = _DIGRAPHS.sub("s", word)
    if "qu" in word:
        word = word.replace("qu", "kv")
    if "x" in word:
        word = word.replace("x", "ks")
    if "c" in word:
        word = _SOFT_C.sub("s", word)
    if "w" in word:
        word = _VOWEL_W.sub("", word)
    if word.isascii():  # its bytes translated by 256-byte tables: no look-up a letter
        raw = word.encode().translate(_LETTER_BYTES, b"h")
        # the vowel runs: the other characters as spaces, split (what the pattern finds,
        # without its search at every place)
        runs = tuple(raw.translate(_RUN_BYTES).decode().split())
        key = undouble(raw.translate(_VOWEL_BYTES).decode())
    else:
        word = word.translate(_LETTERS)
        runs = tuple(_VOWELS.findall(word))
        key = undouble(word.translate(_VOWELS_A))
    if key.endswith("a"):
        key, runs = key[:-1], runs[:-1]
    return key, runs


def _sounds_alike(english: tuple[str, ...], ukrainian: tuple[str, ...]) -> bool:
    """Whether each Ukrainian vowel run (transliterated) is a way to write the English one."""
    if len(english) != len(ukrainian):
        return False
    for eng, uk in zip(english, ukrainian, strict=True):
        spellings = _VOWEL_SPELLINGS.get(eng[:2]) or _VOWEL_SPELLINGS[eng[0]]
        if uk.lstrip("y")[:1] not in spellings:
            return False
    return True


#: A shape and the term it is of.
_Shape = tuple[str, str]


#: The shapes that begin with one pair of letters, indexed for :meth:`Vocabulary._near`
#: (a plain tuple: a named one costs a one-shot route its class's making). Two shapes one
#: edit apart share a half (:func:`_one_edit`): the shorter's first ``len // 2`` letters
#: begin both, or the rest ends both. So each shape is filed under its halves, as the
#: shorter (or equal) of two (its first ``len // 2`` letters in the first dict, the rest in
#: the second) and as the longer (its first ``(len - 1) // 2`` in the first, what follows
#: the letter after them in the second): a shape near another is looked up by its halves,
#: not found by a scan of every shape of its length. The third: those of MIN_SUBWORD+
#: letters by their first MIN_SUBWORD. A half is filed with its shape's length (route39):
#: the shapes a look-up compares are of one length each (the same, one letter longer or one
#: shorter), and a half of one string is shared by shapes of three lengths.
_Halves = dict[tuple[str, int], list[_Shape]]
_Split = tuple[_Halves, _Halves, dict[str, list[_Shape]]]


class Vocabulary:
    """A roster's terms, indexed for sub-word and cross-script lookups."""

    def __init__(
        self,
        vocab: Iterable[str],
        spellings: Mapping[str, str] | None = None,
        sounded: Iterable[str] = (),
    ):
        """Index ``vocab``; ``spellings`` maps words as written to the terms they stem to
        (flutter -> flut), so a transliteration meets the word, not its stem; a Cyrillic
        word may meet the terms in ``sounded`` by its sound (:func:`sound_key`)."""
        self.terms = frozenset(vocab)
        self._sounded = tuple(sorted(t for t in sounded if t in self.terms))
        self._prefix: dict[str, list[str]] = {}
        self._suffix: dict[str, list[str]] = {}
        self._shapes: dict[str, list[tuple[str, str]]] = {}
        for t in self.terms:
            if len(t) >= MIN_SUBWORD and t.isalnum():
                self._prefix.setdefault(t[:MIN_SUBWORD], []).append(t)
                self._suffix.setdefault(t[-MIN_SUBWORD:], []).append(t)
            if len(t) >= 4 and t.isascii() and t.isalpha():
                shape = skeleton(t)
                self._shapes.setdefault(shape[:2], []).append((shape, t))
        for word, t in (spellings or {}).items():
            if t in self.terms:
                shape = skeleton(word)
                self._shapes.setdefault(shape[:2], []).append((shape, t))
        self._sounds: dict[str, tuple[str, tuple[str, ...]] | None] | None = None
        self._split: dict[str, _Split] = {}
        self._originals: dict[str, dict[int, list[str]]] = {}
        self._cache: dict[str, tuple[str, ...]] = {}

    def prepare(self) -> None:
        """Build now what the first Cyrillic word read by sound would (a process about to
        serve many requests: 1-3 ms that one request would otherwise pay), and the shapes'
        halves every pair of first letters is looked up by (:meth:`_near`)."""
        if self._sounds is None:
            self._sounds = _sound_index(self._sounded)
        for first in self._shapes.keys() - self._split.keys():
            self._split_shapes(first)

    def related(self, term: str) -> tuple[str, ...]:
        """Roster terms other than ``term`` itself that ``term`` stands for (cached)."""
        found = self._cache.get(term)
        if found is None:
            found = self._related(term)
            if len(self._cache) < 50_000:
                self._cache[term] = found
        return found

    def _related(self, term: str) -> tuple[str, ...]:
        out: set[str] = set()
        if is_cyrillic(term):
            if term not in self.terms:
                shape = spelled_shape(term)
                for latin in self._latin(term, shape):
                    out.add(latin)
                    if _prefixed(shape, skeleton(latin)):  # not through a guessed letter
                        out.update(self._subwords(latin))
                if not out and len(term) >= SOUND_LETTERS:
                    out.update(self._by_sound(term))
        elif len(term) >= MIN_SUBWORD and term.isalnum():
            known = term in self.terms
            out.update(self._subwords(term, tails=not known))
            out.discard(term)
            if not known and not out:  # a typo: endpont, dockrfile
                out.update(self._typos(term))
            if known and out:
                return tuple(sorted(out, key=lambda t: (len(t), t))[:MAX_KNOWN_RELATED])
        out.discard(term)
        if not out:  # most terms: none
            return ()
        return tuple(sorted(out, key=lambda t: (abs(len(t) - len(term)), t))[:MAX_RELATED])

    def _subwords(self, term: str, *, tails: bool = True) -> set[str]:
        """Terms that begin ``term`` or that it begins; with ``tails``, also those it ends
        (torch -> pytorch). A term's own tail is never taken apart (deposit is no posit)."""
        out = {t for t in self._prefix.get(term[:MIN_SUBWORD], ()) if t.startswith(term)}
        if tails:
            out.update(t for t in self._suffix.get(term[-MIN_SUBWORD:], ()) if t.endswith(term))
        out.update(self.terms.intersection(map(term.__getitem__, _heads(len(term)))))
        return out

    def _latin(self, term: str, shape: str) -> list[str]:
        """The roster terms near the Cyrillic ``term`` (its transliteration's ``shape``)."""
        found = self._near(shape, TRANSLIT_EDIT)
        if "ай" in term:  # a borrowed long i: пайтон -> python, тайп -> type
            found += self._near(spelled_shape(term.replace("ай", "и")), TRANSLIT_EDIT)
        return found

    def _by_sound(self, term: str) -> list[str]:
        """The one roster term with the Cyrillic ``term``'s sound skeleton and vowels that
        Ukrainian writes that way (ридм -> readm), if any."""
        key, runs = _sound(transliterate(term))
        if _consonants(key) < SOUND_MIN:
            return []
        if self._sounds is None:  # built on the first Cyrillic word that needs it
            self._sounds = _sound_index(self._sounded)
        found = self._sounds.get(key)
        return [found[0]] if found and _sounds_alike(found[1], runs) else []

    def _typos(self, term: str) -> list[str]:
        """Roster terms one edit from an English ``term`` as written: spelling is not folded
        as for a transliteration (speech is no spec, french no frank)."""
        size = len(term)
        if size < TRANSLIT_EDIT:  # both TRANSLIT_EDIT+ letters, one letter apart at most
            return []
        first = skeleton(term)[:2]
        by_length = self._originals.get(first) or self._split_originals(first)
        # one edit apart, the two share a half (:func:`_one_edit`): tested first, in C
        half, less = size // 2, (size - 1) // 2
        head, tail, long_tail = term[:half], term[half:], term[less + 1 :]
        found = [
            original
            for original in by_length.get(size - 1, ())
            if size > TRANSLIT_EDIT
            and (original.startswith(term[:less]) or original.endswith(long_tail))
            and _one_edit(original, term)
        ]
        found += [
            original
            for original in (*by_length.get(size, ()), *by_length.get(size + 1, ()))
            if (original.startswith(head) or original.endswith(tail)) and _one_edit(term, original)
        ]
        return found

    def _split_originals(self, first: str) -> dict[int, list[str]]:
        """The terms whose shapes begin with ``first`` (two letters) by their length as
        written (split when first compared)."""
        by_length: dict[int, list[str]] = {}
        for _, original in self._shapes.get(first, ()):
            by_length.setdefault(len(original), []).append(original)
        self._originals[first] = by_length
        return by_length

    def _near(self, shape: str, edit: int = MIN_SUBWORD) -> list[str]:
        """The roster terms whose shapes are near ``shape`` (a skeleton: :func:`_near`); a
        term may be found twice (the caller keeps a set)."""
        if len(shape) < 4:
            return []
        # near only when one letter longer or shorter at most, or (farther in length) when
        # one begins the other: both sharing MIN_SUBWORD first letters
        starts, ends, by_head = self._split.get(shape[:2]) or self._split_shapes(shape[:2])
        size = len(shape)
        # _near(shape, other, edit) by length: equal, or one edit (both edit+ letters);
        # one letter shorter or longer, a 5+ letter prefix or one edit; farther, a prefix.
        # Each of those within one letter shares a half with ``shape`` (:data:`_Split`):
        # as the shorter or equal of the two its ``head`` or ``tail``, as the longer
        # ``long_head`` or ``long_tail``
        half, less = size // 2, (size - 1) // 2
        head, tail = shape[:half], shape[half:]
        found: list[str] = []
        for other, original in (*starts.get((head, size), ()), *ends.get((tail, size), ())):
            # one letter changed: one place differs (counted in C), a vowel or a consonant
            # of the same sound (route91: вивести is no vitest)
            if other == shape or (
                size >= edit and sum(map(ne, shape, other)) == 1 and one_sound(shape, other)
            ):
                found.append(original)
        longer = size + 1
        for other, original in (*starts.get((head, longer), ()), *ends.get((tail, longer), ())):
            if (size >= MIN_SUBWORD and other.startswith(shape)) or (
                size >= edit and _one_edit(shape, other)
            ):
                found.append(original)
        long_head, long_tail, shorter = shape[:less], shape[less + 1 :], size - 1
        found += [
            original
            for other, original in (
                *starts.get((long_head, shorter), ()),
                *ends.get((long_tail, shorter), ()),
            )
            if (size > MIN_SUBWORD and shape.startswith(other))
            or (size > edit and _one_edit(other, shape))
        ]
        if size >= MIN_SUBWORD:
            found += [
                original
                for other, original in by_head.get(shape[:MIN_SUBWORD], ())
                if (other.startswith(shape) if len(other) > size + 1 else shape.startswith(other))
                and not -1 <= len(other) - size <= 1
            ]
        return found

    def _split_shapes(self, first: str) -> _Split:
        """The shapes that begin with ``first`` (two letters) by their halves and by their
        first MIN_SUBWORD letters (split when first compared, or by :meth:`prepare`)."""
        starts: _Halves = {}
        ends: _Halves = {}
        by_head: dict[str, list[_Shape]] = {}
        for entry in self._shapes.get(first, ()):
            shape = entry[0]
            size = len(shape)
            half, less = size // 2, (size - 1) // 2
            for start in dict.fromkeys((shape[:half], shape[:less])):
                starts.setdefault((start, size), []).append(entry)
            for end in dict.fromkeys((shape[half:], shape[less + 1 :])):
                ends.setdefault((end, size), []).append(entry)
            if size >= MIN_SUBWORD:
                by_head.setdefault(shape[:MIN_SUBWORD], []).append(entry)
        split = starts, ends, by_head
        self._split[first] = split
        return split


@lru_cache(maxsize=64)
def _heads(size: int) -> tuple[slice, ...]:
    """The slices of a term's heads of MIN_SUBWORD letters or more, itself left out."""
    return tuple(map(slice, range(MIN_SUBWORD, size)))


def _sound_index(terms: Iterable[str]) -> dict[str, tuple[str, tuple[str, ...]] | None]:
    """Sound skeleton -> the one Latin term that has it and its vowel runs (None: more
    than one term has it)."""
    index: dict[str, tuple[str, tuple[str, ...]] | None] = {}
    for t in terms:
        if len(t) >= SOUND_LETTERS and t.isascii() and t.isalpha():
            key, runs = _sound(t)
            if _consonants(key) >= SOUND_MIN:
                index[key] = None if key in index else (t, runs)
    return index


def _consonants(key: str) -> int:
    return len(key) - key.count("a")


def _near(one: str, other: str, edit: int = MIN_SUBWORD) -> bool:
    """Equal, one edit apart (both ``edit``+ letters; a consonant changed only for one of
    the same sound, :func:`one_sound`), or one a 5+ letter prefix of the other."""
    if one == other:
        return True
    short, long = (one, other) if len(one) <= len(other) else (other, one)
    if len(short) >= MIN_SUBWORD and long.startswith(short):
        return True
    if len(short) < edit or len(long) - len(short) > 1 or not _one_edit(short, long):
        return False
    return len(short) < len(long) or one_sound(short, long)  # route91: vivest is no vitest


def _prefixed(one: str, other: str) -> bool:
    """Whether one of two skeletons begins the other (equal included)."""
    return one.startswith(other) or other.startswith(one)


def _one_edit(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with one letter changed (equal lengths) or one letter
    left out (``long`` one letter longer). Only the first place they differ is tried: a
    letter left out before it, in a run of one letter, leaves the same word."""
    # the one place they differ is in one half of ``short``: the other half is equal
    half = len(short) // 2
    if short[:half] != long[:half] and short[half:] != long[half + len(long) - len(short) :]:
        return False
    # the first place they differ, found in C (long may be one letter longer: map stops
    # at the end of short), not by a generator over the pairs of letters
    at = next(compress(count(), map(ne, short, long)), len(short))
    if len(short) == len(long):
        return at < len(short) and short[at + 1 :] == long[at + 1 :]
    return short[at:] == long[at + 1 :]


#: The sound skeleton of a Latin word and its vowel runs; whether Ukrainian vowel runs write
#: the English ones; whether two skeletons are near (:mod:`coordinator.routing.concepts`
#: reads product names by sound and spelling).
sound_parts = _sound
sounds_alike = _sounds_alike
near = _near
