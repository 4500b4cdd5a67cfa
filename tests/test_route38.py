# ruff: noqa: RUF001, RUF002 - Ukrainian words are intended
"""route38: a new word's ``startswith`` scans skipped when no prefix can begin it. An
everyday word's kind (:func:`coordinator.routing.offtopic._kind_uk`), the needs a word
meets (:mod:`coordinator.routing.aliases`) and a Ukrainian word's roots
(:func:`coordinator.routing.uk_roots._uk_roots`) first look the word's first letters up among
those the prefixes begin with: each must give what the plain scans give (the code before
route38), for the prefixes themselves, words that begin them and words that nearly do."""

from __future__ import annotations

import pickle
import re

from coordinator.routing import aliases, byear, lifewords, offtopic, text, uk_roots
from coordinator.routing.offtopic import _Word
from coordinator.routing.spelling import heard_products, product_names

#: Words of every script and shape, and words that begin one of the scanned prefixes or
#: share only some of its first letters.
BASE = [
    *(
        "зроби сторінка сторінці багаж аудіокниги фотошопі додати додаток крашанка формула "
        "макроси таблиця пошта бекенду кнопки лог логи баш пуш смс товари лікарня лікар "
        "понеділок п'ятниця субота вихідні застосунок ендпоінт сервіс сервер каталог "
        "просто затримка згрупувати сервера сповіщення черга чергування ритуал позначки "
        "чіпляти кластера бронювання салонів персональні обов'язкову вікі апі баг бот кеш "
        "alert alerts grouping silence dedup flapping firing resolved request via through "
        "across between dashboard python deploy a я ж з зі про за с"
    ).split(),
    "",
    "'апостроф",
]


def _words() -> list[str]:
    """:data:`BASE`, every prefix scanned, and each with endings added, its last letter
    dropped and one of its first three letters changed."""
    prefixes = [
        *offtopic._KIND_UK_STEMS,
        *aliases._PREFIXES,
        *uk_roots._UK_PREFIXES,
        *offtopic._LIFE_UK_STEMS,
        *lifewords.LIFE_UK,
        *offtopic._SOFTWARE_UK_WORDS,
        *offtopic._FRAME_PRODUCT_UK_WORDS,
        *offtopic._LIFE_FIELD_UK_WORDS,
        *lifewords.SOFTWARE_UK_WORDS,
    ]
    out = [*BASE, *prefixes]
    for word in [*BASE, *prefixes]:
        out += [word + e for e in ("а", "и", "ів", "ами", "ання", "ується", "ing", "s")]
        out += [word[:-1], word[1:], "про" + word, "з" + word]
        out += [word[:at] + "ь" + word[at + 1 :] for at in range(min(3, len(word)))]
        out += [word[:at] + "q" + word[at + 1 :] for at in range(min(3, len(word)))]
    return list(dict.fromkeys(out))


WORDS = _words()


def _kind_uk_by_scans(token: str) -> _Word:
    """:func:`offtopic._kind_uk` as it read a word before route38 (every scan run)."""
    o = offtopic
    if token.startswith(o._PAGES_UK):
        return _Word.PAGE
    if token.startswith(o._LIFE_FIRST_UK):
        return _Word.LIFE
    if token in o._FRAME_PRODUCT_UK_WORDS or token.startswith(o._PRODUCT_STEMS_UK):
        return _Word.PRODUCT
    if token.startswith(o._NOT_SOFTWARE_UK):
        return _Word.OTHER
    if token.startswith(o._OFFICE_UK):
        return _Word.TIME
    if token.startswith(o._SOFTWARE_PLAIN_UK) or token.startswith(lifewords.PLAIN_UK):
        return _Word.PLAIN
    if token.startswith(o._SOFTWARE_UK) or token in o._SOFTWARE_UK_WORDS:
        return _Word.SOFTWARE
    if token in lifewords.SOFTWARE_UK_WORDS or o._heard_tech(token):
        return _Word.SOFTWARE
    if (
        token in o._LIFE_UK_WORDS
        or token in o._LIFE_MORE_UK_WORDS
        or token in lifewords.LIFE_UK_WORDS
    ):
        return _Word.LIFE
    if token in o._LIFE_FIELD_UK_WORDS or token.startswith(o._LIFE_FIELD_STEMS_UK):
        return _Word.LIFE_FIELD
    if o._life_uk_stems().begins(token):
        return _Word.LIFE
    return _Word.TIME if token.startswith(o._FRAME_MINOR_UK) else _Word.OTHER


def test_every_stem_the_kind_scans_is_as_long_as_its_head() -> None:
    """A stem shorter than the head looked up would begin words whose head is not its own."""
    assert min(map(len, offtopic._KIND_UK_STEMS)) >= offtopic._STEM_HEAD
    assert min(map(len, aliases._PREFIXES)) >= aliases._HEAD
    assert all(p for p in uk_roots._UK_PREFIXES)


def test_the_scanned_stems_are_every_stem_the_kind_tests() -> None:
    """The heads are made of every tuple :func:`offtopic._kind_uk` scans with startswith."""
    o = offtopic
    scanned = {
        o._PAGES_UK,
        *o._LIFE_FIRST_UK,
        *o._PRODUCT_STEMS_UK,
        *o._NOT_SOFTWARE_UK,
        *o._OFFICE_UK,
        *o._SOFTWARE_PLAIN_UK,
        *lifewords.PLAIN_UK,
        *o._SOFTWARE_UK,
        *o._LIFE_FIELD_STEMS_UK,
        *o._FRAME_MINOR_UK,
    }
    assert scanned == set(o._KIND_UK_STEMS)


def test_a_words_kind_is_what_the_scans_give() -> None:
    """Each word (Cyrillic ones: the only ones asked) gets the kind every scan gives it."""
    cyrillic = [w for w in WORDS if text.is_cyrillic(w)]
    assert len(cyrillic) > 3000
    differ = [w for w in cyrillic if offtopic._kind_uk(w) != _kind_uk_by_scans(w)]
    assert differ == []
    kinds = {offtopic._kind_uk(w) for w in cyrillic}
    assert len(kinds) >= 6  # the words reach most branches, not only OTHER


def _needs_by_scan(token: str) -> frozenset[int]:
    """The needs a word meets as :class:`aliases._NeedsMet` found them before route38."""
    if not token.startswith(aliases._PREFIXES):
        return frozenset()
    return frozenset(n for n, prefixes in enumerate(aliases._NEEDS) if token.startswith(prefixes))


def test_the_needs_a_word_meets_are_what_the_scan_gives() -> None:
    """Asked first and again (kept), each word meets the needs the scan of prefixes finds."""
    met = aliases._NeedsMet()
    for _ in range(2):
        differ = [w for w in WORDS if met[w] != _needs_by_scan(w)]
        assert differ == []
    assert sum(bool(met[w]) for w in WORDS) > 300


def _uk_roots_by_loop(token: str) -> list[tuple[str, bool]]:
    """:func:`uk_roots._uk_roots` as it was before route38 (the prefixes' loop for every word)."""
    bases = [token]
    if token.endswith(uk_roots._UK_REFLEXIVE) and len(token) >= 7:
        token = token[:-2]
        bases.append(token)
    for prefix in uk_roots._UK_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 5:
            bases.append(token[len(prefix) :])
            break
    roots: list[tuple[str, bool]] = []
    for base in bases:
        if base is not bases[0]:
            roots.append((base, False))
        suffix = uk_roots._UK_DERIVATIONAL_AT.longest(base, len(base) - 4)
        if suffix:
            roots.append((base[: -len(suffix)], True))
    return roots


def test_a_words_roots_are_what_the_loop_gives() -> None:
    """Prefixed or not, reflexive or not, each word's roots are the loop's."""
    words = [*WORDS, *(w + "ся" for w in WORDS), *(w + "ться" for w in WORDS)]
    differ = [w for w in words if uk_roots._uk_roots(w) != _uk_roots_by_loop(w)]
    assert differ == []
    assert sum(len(_uk_roots_by_loop(w)) > 1 for w in words) > 200


def _names_by_heads(heard: byear.HeardNames, word: str) -> set[str]:
    """:meth:`byear.HeardNames.names` as it read a word before route38 (every head made)."""
    keys = heard._keys
    if keys.keys().isdisjoint(byear.key_heads(word)):
        return set()
    return {
        name
        for key, runs in byear.word_keys(word)
        for name, english in keys.get(key, ())
        if byear.sounds_alike(english, runs)
    }


#: A spelling's marked vowel run (upper-case Latin), written as one Cyrillic vowel.
_MARKED = re.compile("[A-Z]+")
_VOWEL_OF = {"A": "а", "E": "е", "I": "і", "O": "о", "U": "у", "Y": "ей"}


def _written(spelling: str) -> str:
    """A spelling by ear (:func:`byear.spellings`) as a Cyrillic word (тEсткAфE: тесткафе)."""
    return _MARKED.sub(lambda run: _VOWEL_OF[run.group()[0]], spelling)


def test_the_names_a_word_writes_by_ear_are_what_its_heads_give() -> None:
    """A word whose fold begins no key's first letters is looked up no further: every
    word, and every spelling by ear of the products' names with case endings (the words
    that do name one), finds the names its heads find, in the products' index and in one
    of a few names."""
    indexes = [heard_products(), byear.HeardNames(["testcafe", "keycloak", "puppeteer", "go"])]
    for index in indexes:
        index.prepare()  # as a server's (serving_router): the first letters looked up
    names = [*sorted(product_names()), "testcafe", "keycloak", "puppeteer"]
    heard = [_written(s) for n in names for s in byear.spellings(n)]
    words = [w for w in WORDS if text.is_cyrillic(w)]
    words += heard + [w + e for w in heard for e in ("у", "і", "ом", "ою", "ами")]
    differ = [
        (w, n)
        for w in words
        for n, index in enumerate(indexes)
        if index.names(w) != _names_by_heads(index, w)
    ]
    assert differ == []
    assert sum(bool(indexes[0].names(w)) for w in words) > 5000  # the names are found
    assert all(len(key) >= byear.MIN_KEY for index in indexes for key in index._keys)


def test_a_stored_index_of_names_by_ear_is_not_prepared() -> None:
    """A pickled copy (a cached routing index, a carried table) holds the spellings only:
    unprepared, it reads every word by its heads, and it equals its original."""
    index = byear.HeardNames(["testcafe", "keycloak"])
    index.prepare()
    copy = pickle.loads(pickle.dumps(index))
    assert copy == index
    assert copy._starts is None
    assert pickle.dumps(copy) == pickle.dumps(byear.HeardNames(["testcafe", "keycloak"]))
    for word in ("тесткафе", "тесткафі", "кейклоаку", "кава", "ритуал"):
        assert copy.names(word) == index.names(word) == _names_by_heads(index, word)
    assert index.names("тесткафі") == {"testcafe"}
