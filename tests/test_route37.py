# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian words are intended
"""route37: a new word's forms computed once and read faster. A word's spelled shape
(:func:`coordinator.routing.shapes.spelled_shape`) and Ukrainian stem are kept per word, the
glossary chain and the stemmers look endings up by length, a closed і is read without a
pattern and :func:`~coordinator.routing.shapes.undouble` substitutes by a callable: each
must give what its plain definition gives (the forms before route37), for words of every
script and shape, asked first or again."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from coordinator.routing import byear, match, offtopic, stems, text, uk_roots
from coordinator.routing.shapes import skeleton, spelled_shape, transliterate, undouble
from coordinator.routing.stems import stem_en, stem_uk

#: Words of every script and shape: Ukrainian (inflected, prefixed, with doubled letters,
#: soft sign, apostrophes, ай), English (plural, tense, derivational endings, doubled
#: letters), names, mixed, capitals, digits, one letter and none.
WORDS = [
    *(
        "налаштування постгрес пайтон кайбана тайпскрипт кубернетіс ноутбук кафкою тесткафі "
        "платіж платежів ніж ножа рахунок покупок списку стовпця черзі збірці мусі сторінці "
        "відрефакторити попартиціонувати передеплоїти розшардити натюнити відрефакторив "
        "порядок виклик задокументуй протестувати оптимізувати індексування деплойнути "
        "кешуватиметься індексуватимуть деплоїтиметься ллмка апіха пдфки гптшечка "
        "джсонкою п'ятниця об'єкт зʼєднання сім'ї ДЖЕЙСОН Київ "
        "джанго ексель кс дж й ь ї єє ааа "
        "creating optimizer experiences retries queried tried scoped coding striping "
        "organization organisations availability reliable nationality stripe scope write "
        "dockerfile docker reviewer debugger processes matches wishes classes glasses "
        "fasttext coffee bookkeeper aaa a ok e ee ly ation ness python3 k8s 1000 "
        "FastAPI PostgreSQL next.js c++ "
    ).split(),
    *("", "аб'юз", "ґанок", "'апостроф", "x" * 30, "ж" * 7),
]


def _variants(words: list[str]) -> list[str]:
    """``words`` and each with a common ending added, a verb prefix put before it, and
    each letter doubled in turn: the shapes the rewritten look-ups branch on."""
    out = list(words)
    for word in words:
        out += [word + e for e in ("ння", "ати", "ити", "ами", "ів", "ець", "ок", "ing", "ed")]
        out += [word + e for e in ("ation", "ness", "ly", "e", "izes", "ies", "ер", "і")]
        out += [p + word for p in ("по", "ви", "від", "пере", "на", "за", "от")]
        out += [word[:at] + word[at] + word[at:] for at in range(len(word))]
    return out


VARIANTS = _variants(WORDS)

#: The pattern a closed і was read by before route37.
_OPEN_E_O = re.compile(r"^(.{2,}?)[ео]([бвгґджзклмнпрстфхцчшщ]+)$")
_DOUBLED = re.compile(r"(.)\1+", re.DOTALL)


def _closed_i_by_pattern(token: str) -> str | None:
    """:func:`uk_roots._closed_i` as the pattern defined it."""
    if len(token) < 5:
        return None
    found = _OPEN_E_O.match(stem_uk(token))
    return None if found is None else found.group(1) + "і" + found.group(2)


def _diminutive_key_by_pattern(token: str) -> str | None:
    """:func:`uk_roots._diminutive_key` as the pattern alone decided where it may apply."""
    found = uk_roots._diminutive().match(token)
    if found is None:
        return None
    root = found.group(1)
    english = text.GLOSSARY.get(root)
    if english is None or len(english) != 1 or len(english[0]) > 4:
        return None
    if not (uk_roots._UK_CONSONANTS.issuperset(root) or root[-1] in uk_roots._UK_VOWELS):
        return None
    same = uk_roots._consonant_skeleton(transliterate(root))
    return root if same == uk_roots._consonant_skeleton(english[0]) else None


def _prefixed_verb_key_by_scan(token: str) -> str | None:
    """:func:`uk_roots._prefixed_verb_key` with each verb form tried in turn (longest first)."""
    if not token.startswith(uk_roots._UK_VERB_PREFIXES):
        return None
    for prefix in uk_roots._UK_VERB_PREFIXES:
        if not token.startswith(prefix) or len(token) - len(prefix) < 6:
            continue
        rest = token[len(prefix) :]
        for form, derived in uk_roots._uk_roots(rest):
            if derived:
                key = uk_roots._derived_key(form, truncated=True)
                if key is not None and uk_roots._borrowed_root(key):
                    return key
        for ending in uk_roots._UK_VERB_FORMS:
            if rest.endswith(ending) and len(rest) - len(ending) >= 4:
                key = uk_roots._derived_key(rest[: -len(ending)], truncated=False)
                return key if key is not None and uk_roots._borrowed_root(key) else None
        return None
    return None


def _step2_by_scan(word: str) -> str:
    """Stem_en's derivational step (up to two endings) with each ending tried in turn, of
    ``word`` in lower case."""
    word = word.lower()
    for _ in range(2):
        if not word.endswith(stems._EN_STEP2_ENDINGS):
            break
        for suffix, keep in stems._EN_STEP2:
            if suffix == "e" and stems._short_syllable(word[:-1]):
                continue
            if word.endswith(suffix) and len(word) - len(suffix) >= keep:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def _word_folds_by_scan(word: str) -> frozenset[str]:
    """:func:`byear.word_folds` with each case ending tested in turn."""
    word = word.lower().translate(byear._FOLD)
    forms = [word]
    forms += [word[: -len(e)] for e in byear._ENDINGS if word.endswith(e) and len(word) > len(e)]
    return frozenset(map(byear._plain_key, forms))


def _twice(function: Callable[[str], object], word: str) -> list[object]:
    """``function`` of ``word`` asked first and again (a kept form is the computed one)."""
    return [function(word), function(word)]


def test_a_kept_form_equals_the_form_computed_again() -> None:
    """The spelled shape and the Ukrainian stem, asked first or again, are what the plain
    computation gives (an English word's shape too: names are compared by it)."""
    differ = [
        word
        for word in VARIANTS
        if _twice(spelled_shape, word) != [skeleton(transliterate(word))] * 2
        or _twice(stem_uk, word) != [stem_uk.__wrapped__(word)] * 2
    ]
    assert differ == []


@pytest.mark.parametrize(
    ("name", "read", "definition"),
    [
        ("closed і", uk_roots._closed_i, _closed_i_by_pattern),
        ("prefixed verb", uk_roots._prefixed_verb_key, _prefixed_verb_key_by_scan),
        (
            "derivational",
            lambda w: stems._derivational(w.lower()),
            lambda w: _step2_by_scan(w.lower()),
        ),
        ("case endings", byear.word_folds.__wrapped__, _word_folds_by_scan),
        ("diminutive", uk_roots._diminutive_key, _diminutive_key_by_pattern),
        (
            "future",
            uk_roots._infinitive_of_future,
            lambda w: (
                (m.group(1) or m.group(2)) if (m := uk_roots._UK_FUTURE.fullmatch(w)) else None
            ),
        ),
        ("runs", undouble, lambda w: _DOUBLED.sub(r"\1", w)),
    ],
)
def test_the_rewritten_look_ups_read_words_as_their_definitions_do(
    name: str, read: Callable[[str], object], definition: Callable[[str], object]
) -> None:
    """A closed і, a prefixed verb's glossary stem, English derivational endings, a
    borrowed name's case endings and runs of one letter: as the scans and patterns the
    look-ups replace read them, for every word and variant."""
    differ = [
        (word, read(word), definition(word)) for word in VARIANTS if read(word) != definition(word)
    ]
    assert differ == [], name


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("organization", "organ"),
        ("availability", "availabil"),
        ("reliable", "reli"),
        ("stripe", "stripe"),
        ("creating", "cre"),
        ("nationality", "nation"),
    ],
)
def test_english_words_keep_their_stems(word: str, stem: str) -> None:
    """Derivational endings are taken off as before: the longest first, a short
    syllable's e kept (stripe), at most two (nation-al-ity)."""
    assert stem_en(word) == stem


def test_e_is_the_one_derivational_ending_of_one_letter() -> None:
    """The by-length look-up tells e (whose short syllable keeps it) by its length."""
    assert [suffix for suffix in stems._EN_STEP2_KEEP if len(suffix) == 1] == ["e"]


def test_a_run_of_one_letter_is_written_once_in_any_script() -> None:
    """undouble writes each run once, newlines and apostrophes too."""
    assert undouble("fasttext") == "fastext"
    assert undouble("наластаваннаа") == "наластавана"
    assert undouble("a\n\nb''c") == "a\nb'c"
    assert undouble("") == ""


def _one_edit_by_definition(short: str, long: str) -> bool:
    """One letter changed (equal lengths) or one left out of ``long`` (one letter longer)."""
    if len(short) == len(long):
        return sum(a != b for a, b in zip(short, long, strict=True)) == 1
    return any(long[:at] + long[at + 1 :] == short for at in range(len(long)))


def test_one_edit_finds_the_place_two_shapes_differ_as_the_definition_does() -> None:
    """:func:`match._one_edit` (its first difference found in C) on each shape and each
    shape with a letter changed, doubled or left out at every place, and shapes of
    neighbouring words: what one letter changed or left out means."""
    shapes = sorted({spelled_shape(w) for w in WORDS} | {w.lower() for w in WORDS})
    pairs = []
    for shape in shapes:
        for at in range(len(shape) + 1):
            pairs.append((shape, shape[:at] + "z" + shape[at + 1 :]))
            pairs.append((shape[:at] + shape[at + 1 :], shape))
            pairs.append((shape, shape[:at] + shape[at : at + 1] * 2 + shape[at + 1 :]))
    pairs += [(a, b) for a in shapes[:80] for b in shapes[:80] if 0 <= len(b) - len(a) <= 1]
    differ = [
        (short, long)
        for short, long in pairs
        if len(long) - len(short) in (0, 1)
        and match._one_edit(short, long) != _one_edit_by_definition(short, long)
    ]
    assert len(pairs) > 5000
    assert differ == []


#: match._SOUNDS as it was before route37 split ``[cq]`` in two.
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
        ("", "[cq]", "k"),
        ("z", "z", "s"),
        ("w", "(?<=[aeiou])w", ""),
        ("w", "w", "v"),
        ("h", "h", ""),
    )
)


def _sounded_before(word: str) -> str:
    """A word through :data:`_SOUNDS_BEFORE` (the sound classes, before the vowels)."""
    for needle, pattern, repl in _SOUNDS_BEFORE:
        if needle in word:
            word = pattern.sub(repl, word)
    return word


def test_a_sound_key_is_the_one_before_c_and_q_were_replaced_apart() -> None:
    """:func:`match._sound` with c and q each made k on its own (tested first) reads every
    word as the one pattern ``[cq]`` did: transliterations, English words, and strings
    of c, q, k, h, s, t, u and vowels in every order."""
    letters = "cqkhstuae"
    words = [spelled_shape(w) for w in VARIANTS] + [w.lower() for w in VARIANTS]
    words += ["".join(letters[(n // 9**at) % 9] for at in range(5)) for n in range(9**5)]
    differ = []
    for word in words:
        if not word.isascii():
            continue
        key = _sounded_before(word)
        runs = tuple(match._VOWELS.findall(key))
        expected = undouble(match._VOWELS.sub("a", key))
        if expected.endswith("a"):
            expected, runs = expected[:-1], runs[:-1]
        if match._sound.__wrapped__(word) != (expected, runs):
            differ.append(word)
    assert differ == []


def test_an_english_word_is_tried_by_a_pattern_only_where_it_may_match() -> None:
    """offtopic's clock, engine-code and exception patterns are tried only on a word that
    starts with a digit, starts with p, or ends in error/exception: every word they match
    does (the tests before them drop none)."""
    tokens = [w.lower() for w in VARIANTS] + ["10am", "9pm", "p0420", "p3999", "keyerror"]
    tokens += ["nullpointerexception", "valueerror", "xerror", "٣am", "²am", "p٠١٢٣"]
    tokens += [
        f"{a}{b}" for a in ("1", "12", "p0", "p4", "key", "ab") for b in ("am", "171", "error")
    ]
    for token in tokens:
        if offtopic._CLOCK.match(token):
            assert token[:1].isdigit(), token
        if offtopic._ENGINE_CODE.match(token):
            assert token[:1] == "p", token
        if offtopic._EXCEPTION.match(token):
            assert token.endswith(offtopic._EXCEPTION_ENDS), token
    assert offtopic._base_kind("10am") is offtopic._Word.TIME
    assert offtopic._base_kind("p0420") is offtopic._Word.LIFE
    assert offtopic._base_kind("keyerror") is offtopic._Word.SOFTWARE
