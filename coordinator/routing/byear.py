# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian letters are intended
"""Latin product names as Ukrainians write them by ear (round 77).

A request names a tool in Cyrillic as it sounds (тесткафе, кейклоак, паппетір, брейнтрі),
often inflected (тесткафі, кейклоаку). Transliterating such a word back to Latin guesses one
spelling of many (c or k, ee or i, a silent e); this module goes the other way: from a name
as the roster writes it (an agent's name word, a product the roster describes), it derives
the consonants English pronunciation allows (:func:`spellings`: c as с or к, j as дж or ж,
th as т, з or с, a silent final e), so a roster nobody tuned on is read by ear too. Both
sides are folded to a key (:func:`fold`: soft sign and apostrophes dropped, each vowel run
one slot, doubled letters one, no trailing vowel); the vowels a slot stands for must then
be a way Ukrainian writes the English ones (:func:`sounds_alike`: an o is о, never the
akanye а, so питання is no python). A request word is looked up as written and less each
case ending (:func:`word_keys`).

:class:`HeardNames` is the index, built with the roster's :class:`NameSpellings`: key ->
the names with that key. A word that writes two names writes neither. Keys shorter than
MIN_KEY letters or with fewer than MIN_CONSONANTS consonants are left out: a short word
sounds like too many things (бан, ава, скала, тест).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from coordinator.routing.endings import Endings
from coordinator.routing.shapes import complete_table, undouble

#: Fewest letters of a folded key: shorter spellings are everyday words too often.
MIN_KEY = 5
#: Fewest consonants of a folded key (its vowel runs are one letter each).
MIN_CONSONANTS = 3
#: At most this many spellings per name (alternatives past it take their first reading).
MAX_SPELLINGS = 64

#: Latin letter groups -> their Cyrillic readings by ear, the usual one first; longer
#: groups are tried first. Context rules (c and g before e/i/y, a silent final e, y as a
#: vowel or a consonant) are in :func:`_readings`.
_GROUPS: dict[str, tuple[str, ...]] = {
    "tion": ("шн", "шан"),
    "sch": ("ск", "ш"),
    "tch": ("ч",),
    "dge": ("дж",),
    "igh": ("а",),
    "ch": ("ч", "к", "х"),
    "sh": ("ш",),
    "th": ("т", "з", "с"),
    "ph": ("ф",),
    "ck": ("к",),
    "qu": ("кв", "к"),
    "gh": ("г", ""),
    "ow": ("а", "ав"),
    "ew": ("а",),
    "aw": ("а",),
    "x": ("кс",),
    "j": ("дж", "ж"),
    "q": ("к",),
    "w": ("в", "а"),
    "h": ("х", "г", ""),
    "b": ("б",),
    "d": ("д",),
    "f": ("ф",),
    "k": ("к",),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "p": ("п",),
    "r": ("р",),
    "s": ("с", "з"),
    "t": ("т",),
    "v": ("в",),
    "z": ("з",),
}
_LONGEST = max(map(len, _GROUPS))
_VOWEL_RUN = re.compile("[aeiouy]+")
#: A Latin vowel run as a spelling carries it (upper case) until the key is made.
_MARKED_RUN = re.compile("[A-Z]+")
_FOLD = complete_table({"ґ": "г", "ь": None, "'": None, "ʼ": None, "’": None, "`": None})
#: A run of Ukrainian vowels (й, я, ю, є, ї included): one vowel by ear.
_CYRILLIC_VOWELS = "аеєиіїоуюяй"
_CYRILLIC_VOWEL_RUN = re.compile(f"[{_CYRILLIC_VOWELS}]+")
_VOWEL_SET = frozenset(_CYRILLIC_VOWELS)
#: :data:`_FOLD` with each Ukrainian vowel written а: a run of them is then a run of а,
#: which :func:`undouble` writes once (as :data:`_CYRILLIC_VOWEL_RUN` would, in one pass)
_FOLD_VOWELS = complete_table(
    {"ґ": "г", "ь": None, "'": None, "ʼ": None, "’": None, "`": None}
    | dict.fromkeys(_CYRILLIC_VOWELS, "а")
)
#: Case and number endings a borrowed noun takes (longest first): тесткафі, кафкою, редісом.
_ENDINGS = tuple(
    sorted(
        "ами ями ові еві ою ею єю ом ем ах ях ів їв у ю і ї а я е и о".split(),
        key=len,
        reverse=True,
    )
)
#: :data:`_ENDINGS` looked up by length (in order: longest first).
_ENDINGS_AT = Endings(_ENDINGS)
#: The first letters of the Cyrillic vowel runs that write an English vowel by ear: per
#: vowel letter, and per run whose sound is not its first letter's (oo: у, ea: і, ai: ей).
#: An o is written о (монго, not the akanye а: питання is no python).
_VOWEL_FIRSTS: dict[str, str] = {
    "a": "аеяєі",
    "e": "еєіиї",
    "i": "іиїа",
    "o": "о",
    "u": "уаюя",
    "y": "иіїая",
    "oo": "ую",
    "ee": "іи",
    "ea": "іие",
    "ou": "ауо",
    "ow": "оа",
    "ai": "еа",
    "ay": "еа",
    "ei": "еаі",
    "ey": "еі",
    "au": "оа",
    "ue": "юуе",
    "ui": "юу",
    "ie": "іа",
    "eu": "юе",
}


def _key(spelling: str) -> tuple[str, tuple[str, ...]]:
    """The folded key of a spelling whose vowel runs are marked (upper-case Latin, or
    Cyrillic), and those runs: each run one а, doubled letters one, no trailing vowel."""
    runs = _MARKED_RUN.findall(spelling) or _CYRILLIC_VOWEL_RUN.findall(spelling)
    return _folded(_MARKED_RUN.sub("а", spelling), runs)


def _folded(spelling: str, runs: list[str]) -> tuple[str, tuple[str, ...]]:
    """:func:`_key` of ``spelling`` (its Latin runs already folded) with vowel ``runs``."""
    folded = undouble(_CYRILLIC_VOWEL_RUN.sub("а", spelling))
    if folded.endswith("а"):
        folded, runs = folded[:-1], runs[:-1]
    return folded, tuple(runs)


def fold(word: str) -> str:
    """A Cyrillic spelling with by-ear variation folded away: soft sign and apostrophes
    dropped, ґ read as г, each run of vowels (й included) as one а, doubled letters as
    one, no trailing vowel (тесткафі, тесткафе -> тастаф)."""
    return _key(word.lower().translate(_FOLD))[0]


def _readings(name: str, at: int) -> tuple[tuple[str, ...], int]:
    """The Cyrillic readings of the letters of ``name`` at ``at`` and how many it spans
    (a vowel run marked as itself in upper case, a silent final e left out)."""
    vowels = _VOWEL_RUN.match(name, at)
    if vowels is not None and not (name[at] == "y" and vowels.end() > at + 1):
        run = vowels.group()
        if run == "e" and at == len(name) - 1 and at > 0:
            return ("", "E"), 1  # a silent final e (sqlite), or said (deno, cafe)
        return (run.upper(),), len(run)
    for size in range(min(_LONGEST, len(name) - at), 1, -1):
        found = _GROUPS.get(name[at : at + size])
        if found is not None:
            return found, size
    ch, rest = name[at], name[at + 1 : at + 2]
    if ch == "y":  # before a vowel: a consonant (yarn), which Ukrainian writes as a vowel
        return ("Y",), 1
    if ch == "c":
        return (("с",) if rest and rest in "eiy" else ("к",)), 1
    if ch == "g":
        return (("г", "дж") if rest and rest in "eiy" else ("г",)), 1
    found = _GROUPS.get(ch, ("",))
    return tuple(r.upper() if r == "а" else r for r in found), 1  # w: a vowel (snowflake)


def spellings(name: str) -> set[str]:
    """The Cyrillic spellings by ear of a Latin ``name`` (lower case letters), at most
    MAX_SPELLINGS of them, their vowel runs marked as the Latin runs in upper case."""
    out = [""]
    at = 0
    while at < len(name):
        found, size = _readings(name, at)
        if len(out) * len(found) > MAX_SPELLINGS:
            found = found[:1]
        out = [done + reading for done in out for reading in found]
        at += size
    return set(out)


def _specific(key: str) -> bool:
    """Whether a folded key is long enough to name one thing: MIN_KEY+ letters, of them
    MIN_CONSONANTS+ consonants."""
    return len(key) >= MIN_KEY and len(key) - key.count("а") >= MIN_CONSONANTS


def heard_keys(name: str) -> set[tuple[str, tuple[str, ...]]]:
    """The folded keys of ``name``'s spellings by ear that are specific enough, each with
    the English vowel runs its а slots stand for."""
    return {key for key in map(_key, spellings(name)) if _specific(key[0])}


@lru_cache(maxsize=4096)
def word_keys(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The folded keys (and vowel runs) a Cyrillic request ``word`` may write a name by:
    as written, then less each case ending it may carry (a stem of three letters at least).
    Kept per word: a word is looked up in the roster's names and the products' at once."""
    word = word.lower().translate(_FOLD)
    # a word as written ends in one vowel at most (a suffix such as -ія makes another
    # word: аудиторія is no auditor); a stem less its ending ends in a consonant; a form
    # shorter than MIN_KEY letters folds to a key shorter still (not specific)
    forms = [] if _VOWEL_SET.issuperset(word[-2:]) or len(word) < MIN_KEY else [word]
    for ending in _ENDINGS_AT.all(word, len(word) - 3):
        stem = word[: -len(ending)]
        if stem[-1] not in _CYRILLIC_VOWELS and len(stem) >= MIN_KEY:
            forms.append(stem)
    return tuple(key for key in dict.fromkeys(map(_word_key, forms)) if _specific(key[0]))


@lru_cache(maxsize=4096)
def key_heads(word: str) -> tuple[str, ...]:
    """The heads of MIN_KEY letters or more of a Cyrillic request ``word``'s fold as
    written (its trailing vowel kept): every key :func:`word_keys` makes of the word is one
    (a key is of the word, less its trailing vowel, or of a stem of it that ends in a
    consonant)."""
    whole = whole_fold(word)
    return tuple([whole[:size] for size in range(MIN_KEY, len(whole) + 1)])


@lru_cache(maxsize=4096)
def whole_fold(word: str) -> str:
    """A Cyrillic request ``word`` folded as written, each vowel run one а (the string
    :func:`key_heads` are the heads of). Kept per word: a word is looked up in the roster's
    names and the products' at once."""
    return undouble(word.lower().translate(_FOLD_VOWELS))


def _word_key(form: str) -> tuple[str, tuple[str, ...]]:
    """:func:`_key` of a request's word in lower case (no vowel run marked in Latin)."""
    return _folded(form, _CYRILLIC_VOWEL_RUN.findall(form))


def name_folds(name: str) -> frozenset[str]:
    """Every folded key of ``name``'s spellings by ear, however short (go: г): what a
    Cyrillic word folds to when it may write the name (round 87 compares them only to keep
    an agent a request may name, never to choose one)."""
    return frozenset(_key(spelling)[0] for spelling in spellings(name))


@lru_cache(maxsize=4096)
def word_folds(word: str) -> frozenset[str]:
    """The folded keys of a Cyrillic request ``word`` as written and less each case ending
    it may carry (голангу, флатером), however short (:func:`name_folds`)."""
    word = word.lower().translate(_FOLD)
    # the endings it ends with, one look-up per length (not an endswith per ending)
    forms = [word, *(word[: -len(e)] for e in _ENDINGS_AT.all(word, len(word) - 1))]
    return frozenset(map(_plain_key, forms))


def _plain_key(form: str) -> str:
    """:func:`_key` of a folded lower-case ``form`` (no marked run), without its runs: one
    translate (each vowel а) and :func:`undouble` instead of three regular expressions."""
    folded = undouble(form.translate(_FOLD_VOWELS))
    return folded[:-1] if folded.endswith("а") else folded


def sounds_alike(english: tuple[str, ...], ukrainian: tuple[str, ...]) -> bool:
    """Whether each Ukrainian vowel run is a way to write the English one by ear."""
    if len(english) != len(ukrainian):
        return False
    for eng, uk in zip(english, ukrainian, strict=True):
        eng = eng.lower()
        firsts = _VOWEL_FIRSTS.get(eng[:2]) or _VOWEL_FIRSTS[eng[0]]
        if uk.lstrip("й")[:1] not in firsts:
            return False
    return True


class HeardNames:
    """Latin names indexed by their Cyrillic spellings by ear."""

    def __init__(self, names: Iterable[str]):
        """Index ``names`` (lower case, letters only, as written)."""
        self._keys: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for name in sorted(set(names)):
            for key, runs in heard_keys(name):
                self._keys.setdefault(key, []).append((name, runs))
        #: The keys' first MIN_KEY letters (:meth:`prepare`), or None.
        self._starts: frozenset[str] | None = None

    def __getstate__(self) -> dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]]:
        """The spellings only: a stored copy (a cached index) is not prepared."""
        return {"_keys": self._keys}

    def __setstate__(self, state: dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]]) -> None:
        """A stored copy's spellings, not prepared."""
        self._keys = state["_keys"]
        self._starts = None

    def prepare(self) -> None:
        """Index the keys' first MIN_KEY letters (every key has that many: :func:`_specific`)
        for a process about to serve many requests: a word's heads all begin with its fold's
        first MIN_KEY letters, so a fold that begins with none of these has no head here
        (route38: seven words in eight, no heads made). A one-shot route reads a handful of
        words: it does not build them."""
        if self._starts is None:
            self._starts = frozenset(key[:MIN_KEY] for key in self._keys)

    def __eq__(self, other: object) -> bool:
        """Whether ``other`` indexes the same spellings (a carried copy equals its build)."""
        return isinstance(other, HeardNames) and self._keys == other._keys

    __hash__ = None  # type: ignore[assignment]  # mutable: equal by content, unhashable

    def __len__(self) -> int:
        """How many folded spellings the index holds."""
        return len(self._keys)

    def names(self, word: str) -> set[str]:
        """The names the Cyrillic ``word`` may write by ear: its consonants one of a name's
        spellings, each vowel a way to write the name's."""
        keys, starts = self._keys, self._starts
        if starts is not None and whole_fold(word)[:MIN_KEY] not in starts:  # most words
            return set()
        if keys.keys().isdisjoint(key_heads(word)):  # no key of theirs is here
            return set()
        return {
            name
            for key, runs in word_keys(word)
            for name, english in keys.get(key, ())
            if sounds_alike(english, runs)
        }

    def name(self, word: str) -> str | None:
        """The one name the Cyrillic ``word`` writes by ear, else None."""
        found = self.names(word)
        return found.pop() if len(found) == 1 else None
