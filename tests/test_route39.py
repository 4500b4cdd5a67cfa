# ruff: noqa: RUF001 - Ukrainian words are intended
"""route39: a new word's first reading made cheaper, each rewrite equal to what it replaces.

- :func:`coordinator.routing.match._sound` by ``str.replace`` and ``translate`` (its
  patterns only where they may match) reads every string as the pattern steps did.
- ``translate`` tables that cover every ASCII (and Cyrillic) character make what the
  ``str.maketrans`` tables made, for words of every script.
- :func:`coordinator.routing.stems.stem_en`, which tests an ending only after its last
  letter, stems every word as before.
- :func:`coordinator.routing.concepts._spelled` reads a word's sound only when its spelling
  shares a name's first or last three letters: what it spells is the same.
- :meth:`coordinator.routing.match.Vocabulary._near`'s halves filed with their shape's
  length: ``tests/test_route35.py`` checks the terms found against a scan; here, that a
  half's shapes are those of the old filing of that length.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

from coordinator.roster.loader import load_registry
from coordinator.routing import byear, concepts, match, shapes, stems, text
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.lexical import Router
from coordinator.routing.romanised import cyrillic
from coordinator.routing.shapes import undouble

BUNDLED = Path(__file__).resolve().parents[1] / "agents"

#: match._SOUNDS as it was before route39: each step a pattern, tried when its needle is in
#: the word.
_SOUNDS_BEFORE = tuple(
    (needle, re.compile(pattern), repl)
    for needle, pattern, repl in (
        ("ph", "ph", "f"),
        ("th", "th", "t"),
        ("ck", "ck", "k"),
        ("", "sh|ch|zh|ts", "s"),
        ("qu", "qu", "kv"),
        ("x", "x", "ks"),
        ("c", "c(?=[eiy])", "s"),
        ("c", "c", "k"),
        ("q", "q", "k"),
        ("z", "z", "s"),
        ("w", "(?<=[aeiou])w", ""),
        ("w", "w", "v"),
        ("h", "h", ""),
    )
)
_VOWELS = re.compile("[aeiouy]+")


def _sound_before(word: str) -> tuple[str, tuple[str, ...]]:
    """:func:`match._sound` as it was before route39."""
    for needle, pattern, repl in _SOUNDS_BEFORE:
        if needle in word:
            word = pattern.sub(repl, word)
    runs = tuple(_VOWELS.findall(word))
    key = undouble(_VOWELS.sub("a", word))
    if key.endswith("a"):
        key, runs = key[:-1], runs[:-1]
    return key, runs


def test_a_sound_is_read_as_the_pattern_steps_read_it() -> None:
    """Every string of up to four of the letters the steps read (tsh, aww, cey, ...), and
    longer random ones with other letters, spaces, digits and letters past ASCII."""
    letters = "aeiyouphtcksqzwx"
    words = ["".join(t) for size in range(5) for t in itertools.product(letters, repeat=size)]
    rng = random.Random(39)
    more = letters + "bdfglmnrv -'0é\u0436\t"
    words += ["".join(rng.choices(more, k=rng.randint(1, 14))) for _ in range(30_000)]
    words += ["tsh", "tshts", "aww", "eaww", "cece", "quick", "xerox", "snowflake", "readme"]
    words += [shapes.transliterate(w) for w in ("щоденник", "цвях", "джерело", "кецхуп")]
    sound = match._sound.__wrapped__
    assert [w for w in words if sound(w) != _sound_before(w)] == []


def _maketrans_words() -> list[str]:
    """Words of every script: ASCII, Cyrillic with apostrophes and ґ, mixed, Greek, CJK,
    an emoji, control characters."""
    words = ["сторінками", "ґрати", "п'ятниця", "пʼятниця", "п’ятниця", "п`ятниця", "ЇЖАК"]
    words += ["kubernetes", "Quick-Fix", "why_xyz", "tab\there", "αβγ", "日本語", "🙂ok"]
    words += ["mixedслово", "\x00\x1f\x7f", "", "ь", "кафкою", "шЬо", "\u0400\u04ff\u0500"]
    rng = random.Random(39)
    pool = [chr(c) for c in (*range(0, 0x80), *range(0x3F0, 0x520), 0x2019, 0x2BC, 0x1F642)]
    words += ["".join(rng.choices(pool, k=rng.randint(1, 12))) for _ in range(5_000)]
    return words


def test_the_complete_tables_translate_as_the_maketrans_ones() -> None:
    """byear's folds (every ASCII and Cyrillic character added, mapped to itself) and
    skeleton's fold and the sound steps' tables (a list of every ASCII character) translate
    every word as the ``str.maketrans`` tables they replace."""
    tables = [
        (
            byear._FOLD,
            str.maketrans({"ґ": "г", "ь": None, "'": None, "ʼ": None, "’": None, "`": None}),
        ),
        (
            byear._FOLD_VOWELS,
            str.maketrans(
                {"ґ": "г", "ь": None, "'": None, "ʼ": None, "’": None, "`": None}
                | dict.fromkeys(byear._CYRILLIC_VOWELS, "а")
            ),
        ),
        (shapes._FOLD, str.maketrans({"c": "k", "q": "k", "y": "i", "w": "v", "h": "", "x": "ks"})),
        (match._LETTERS, str.maketrans({"c": "k", "q": "k", "z": "s", "w": "v", "h": None})),
        (match._VOWELS_A, str.maketrans(dict.fromkeys("aeiouy", "a"))),
    ]
    words = _maketrans_words()
    for table, before in tables:
        assert [w for w in words if w.translate(table) != w.translate(before)] == []
        assert [w for w in words if w.lower().translate(table) != w.lower().translate(before)] == []


def _stem_en_before(word: str) -> str:
    """:func:`stems.stem_en` as it was before route39 (every ending tested by ``endswith``)."""
    t = stems
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.startswith(t._EN_APART[0][0]):
        return t._EN_APART[0][1]
    for suffix, replacement in t._EN_PLURAL if word.endswith(t._EN_PLURAL_ENDINGS) else ():
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "ies" else 3):
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    stripped = doubled = False
    for suffix in ("ing", "ed"):
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 3 and t._VOWEL.search(rest):
            word, stripped = rest, True
            if word[-1] == "i" and word[-2] not in "aeiou":
                word = word[:-1] + "y"
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word, doubled = word[:-1], True
            break
    for suffix in ("er", "or"):
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 5:
            doubled = rest[-1] == rest[-2] and rest[-1] not in "lsz"
            word = rest[:-1] if doubled else rest
            stripped = True
            break
    if stripped and (word + "e").endswith(t._E_ENDINGS):
        word += "e"
    elif stripped and not doubled and t._short_syllable(word):
        word += "e"
    return t._derivational(word) if word.endswith(t._EN_STEP2_ENDINGS) else word


def test_an_english_word_is_stemmed_as_before() -> None:
    """The glossary's English words and the bundled roster's terms, each with every ending
    the stemmer strips (and plurals of those), a letter doubled or dropped before it."""
    base = {w for words in GLOSSARY.values() for phrase in words for w in phrase.split()}
    base |= set(Router(load_registry([BUNDLED], only=True, cache=False)).idf)
    base |= {"tries", "retries", "queried", "striping", "scoped", "reviewer", "debugger"}
    base |= {"experience", "experiment", "docker", "optimizer", "creating", "bus", "is"}
    endings = [e for e, _ in stems._EN_STEP2] + ["s", "es", "ies", "ing", "ed", "er", "or"]
    endings += ["ers", "ings", "ations", "ably", "ness", "sses", "xes", "ches", "shes"]
    words = set(base)
    for word in base:
        if word.isascii() and word.isalpha():
            for ending in endings:
                words.update((word + ending, word[:-1] + ending, word + word[-1] + ending))
    assert len(words) > 50_000
    assert [w for w in sorted(words) if stems.stem_en(w) != _stem_en_before(w)] == []


def test_a_half_is_filed_with_its_shape_length() -> None:
    """Each half's shapes, filed by (half, length), are the shapes the filing before
    route39 kept under that half with that length, and every key holds one length."""
    vocabulary = match.Vocabulary(Router(load_registry([BUNDLED], only=True, cache=False)).idf)
    vocabulary.prepare()
    for first, (starts, ends, _) in vocabulary._split.items():
        old_starts: dict[str, list[tuple[str, str]]] = {}
        old_ends: dict[str, list[tuple[str, str]]] = {}
        for entry in vocabulary._shapes[first]:
            shape = entry[0]
            half, less = len(shape) // 2, (len(shape) - 1) // 2
            for start in dict.fromkeys((shape[:half], shape[:less])):
                old_starts.setdefault(start, []).append(entry)
            for end in dict.fromkeys((shape[half:], shape[less + 1 :])):
                old_ends.setdefault(end, []).append(entry)
        for new, old in ((starts, old_starts), (ends, old_ends)):
            assert {half for half, _ in new} == old.keys()
            for (half, size), entries in new.items():
                assert entries == [e for e in old[half] if len(e[0]) == size]


def test_a_word_is_searched_only_where_the_pattern_may_match() -> None:
    """No character is both a letter and a digit (a word of letters holds no digit), and
    every Cyrillic letter is past ASCII (an ASCII word holds none): the tests before the
    searches drop nothing they would find; a double letter is where the runs' pattern is."""
    both = [c for c in map(chr, range(0x110000)) if c.isalpha() and c.isdigit()]
    assert both == []
    assert all(not text._CYRILLIC.search(chr(c)) for c in range(128))
    words = [*_maketrans_words(), "abc123", "12", "k8s", "v1", "²", "٣am", "ппп", "aab"]
    for word in words:
        assert text.is_cyrillic.__wrapped__(word) == (text._CYRILLIC.search(word) is not None)
        assert shapes.undouble(word) == shapes._DOUBLED.sub(shapes._RUN_LETTER, word)


def _spelled_before(word: str) -> tuple[str, ...]:
    """:func:`concepts._spelled` as it was before route39 (every word's sound read)."""
    c = concepts
    if len(word) < c.SPELLED_LETTERS:
        return ()
    latin = shapes.transliterate(word)
    key, runs = match.sound_parts(latin)
    found = c._sound_names().get(key)
    if found is None or not match.sounds_alike(found[2], runs):
        return ()
    if not match.near(shapes.skeleton(latin), found[1], c.SPELLED_EDIT):
        return ()
    return c._product(found[0])


def test_a_word_near_no_name_is_spelled_as_before() -> None:
    """A product name's spelling in Cyrillic (графана), with case endings, a letter left out
    or changed at every place, and the glossary's words: what each spells is what it
    spelled when every word's sound was read; and a spelling near a name's shares its
    first or last three letters (the test before the sound)."""
    names = sorted({found[0] for found in concepts._sound_names().values() if found})
    words = set(GLOSSARY)
    for name in names:
        base = cyrillic(name)
        words.update(base + e for e in ("", "і", "у", "ою", "ом", "и"))
        words.update(base[:at] + base[at + 1 :] for at in range(len(base)))
        words.update(base[:at] + "о" + base[at + 1 :] for at in range(len(base)))
    assert len(words) > 10_000
    spelled = [w for w in sorted(words) if concepts._spelled.__wrapped__(w)]
    assert len(spelled) > 500  # the test meets names, not only misses
    assert [
        w for w in sorted(words) if concepts._spelled.__wrapped__(w) != _spelled_before(w)
    ] == []
    heads, tails = concepts._name_ends()
    for shape in [found[1] for found in concepts._sound_names().values() if found]:
        probes = {shape[:at] + c + shape[at + 1 :] for at in range(len(shape)) for c in ("", "z")}
        probes |= {shape + "a", shape[:5]}
        for probe in probes:
            if match.near(probe, shape, concepts.SPELLED_EDIT):
                assert probe[:3] in heads or probe[-3:] in tails, probe
