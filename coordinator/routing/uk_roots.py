# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian text is intended
"""The glossary stem a Ukrainian word form reads as (:func:`glossary_key`,
:func:`glossary_english`): its own entry, else its root once an inflection, a derivational
suffix, a perfective or verbal prefix, a consonant alternation, a fleeting vowel, a
diminutive or a synthetic future is undone. Read by :mod:`coordinator.routing.text`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coordinator.routing import carried
from coordinator.routing.endings import Endings
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.shapes import skeleton, transliterate
from coordinator.routing.stems import UK_ENDINGS, UK_FORM_ENDINGS, stem_en, stem_uk

#: Verbal prefixes a stem may begin with: a truncated root stands for such a stem only with
#: three letters of the stem's own root after the prefix (перебілд: not переб-, which
#: перебувати also leaves; прикріп: not прикр-, which прикрити leaves).
_STEM_PREFIXES = ("пере", "при", "роз", "від", "під", "над", "без")


def _prefixes(keys: list[str]) -> dict[str, str]:
    """A truncated root (5+ letters, at most 4 short of a stem, 3+ letters past a verbal
    prefix) -> the longest stem it begins (the first such stem of ``keys``, longest first)."""
    table: dict[str, str] = {}
    for key in keys:
        floor = max(5, len(key) - 4)
        if key.startswith(_STEM_PREFIXES):
            prefix = next(p for p in _STEM_PREFIXES if key.startswith(p))
            floor = max(floor, len(prefix) + 3)
        for size in range(floor, len(key) + 1):
            table.setdefault(key[:size], key)
    return table


@carried.table
def _glossary_prefixes() -> dict[str, str]:
    """:func:`_prefixes` of the glossary's stems, longest first (built on the first truncated
    root: an English request never needs it)."""
    return _prefixes(sorted(GLOSSARY, key=len, reverse=True))


#: Derivational suffixes of verbs and nouns made from a root (оптиміз-увати,
#: індекс-ування, валід-ацією, монітор-ити; surzhyk's -ірувать, -увать: протест-ірувать,
#: перепис-увать), longest first.
_UK_DERIVATIONAL: tuple[str, ...] = tuple(
    sorted(
        """
        ізуванням изуванням ізування изування ізувати изувати ізуйте ізуй
        уванням юванням ування ювання увати ювати уйте юйте ував ював уй юй
        ацією ація ації ацію ити ати яти ингом ингу инг
        ований ована оване овані ованого ованої ованих ованим ованому ованою ованими
        ьований ьована ьоване ьовані
        ується юється уються юються
        ірувать ірувати ірував ірувала ірували ірують ірує іруйте іруй ірування ировать
        ирувать увать ювать
        """.split(),
        key=len,
        reverse=True,
    )
)


#: :data:`_UK_DERIVATIONAL` looked up by length (the first in order is the longest).
_UK_DERIVATIONAL_AT = Endings(_UK_DERIVATIONAL)


#: Reflexive endings of verbs (вантаж-ить-ся, перезапуска-єть-ся), taken off before a root.
_UK_REFLEXIVE = ("ся", "сь")


#: Perfective prefixes (за-кешувати, про-тестувати, з-деплоїти).
_UK_PREFIXES = ("про", "за", "з", "с")


#: Their first letters (a word that starts with none of them has none of them).
_UK_PREFIX_FIRSTS = frozenset(prefix[0] for prefix in _UK_PREFIXES)


def glossary_english(token: str) -> tuple[str, ...]:
    """The English terms of a Ukrainian ``token`` from the glossary: its own entry, else the
    entry of its root once a derivational suffix (оптимізувати, індексування) or a
    perfective prefix (задокументуй, протестувати) is taken off (empty when none)."""
    key = glossary_key(token)
    if key is None:
        for form, derived in _uk_roots(token):
            key = (_derived_key if derived else glossary_key)(form, truncated=True)
            if key is not None:
                break
    if key is None:
        key = _semelfactive_key(token)
    if key is None:
        base = _unalternated(token)
        key = glossary_key(base) if base else None
    if key is None:
        base = _closed_i(token)
        key = glossary_key(base) if base else None
    if key is None:
        key = _fleeting_key(token)
    if key is None:
        key = _prefixed_verb_key(token)
    if key is None:
        key = _diminutive_key(token)
    if key is None:
        infinitive = _infinitive_of_future(token)
        return glossary_english(infinitive) if infinitive else ()
    return english_terms(key) if key is not None else ()


@lru_cache(maxsize=4096)
def english_terms(key: str) -> tuple[str, ...]:
    """The routing terms of glossary stem ``key``'s English words (kept per stem: the
    forms of one word share it)."""
    return tuple(stem_en(w) for w in GLOSSARY[key])


def glossary_terms() -> dict[str, None]:
    """Newreq76: the routing terms of every glossary stem's English words, in glossary
    order, each once: what a Ukrainian word the glossary reads stands for (each stem's made
    and kept now, as :func:`english_terms` keeps it on first use)."""
    return dict.fromkeys(t for key in GLOSSARY for t in english_terms(key))


def glossary_key(form: str, *, truncated: bool = False, tail: int | None = None) -> str | None:
    """The glossary stem ``form`` starts with (plus a short ending, or at most ``tail``
    letters); with ``truncated``, also a longer glossary stem that starts with ``form``
    (монітор -> моніторинг), the longest stem first (класифік -> класифікац, not клас)."""
    if truncated and len(form) >= 5:
        longer = _glossary_prefixes().get(form)
        if longer is not None:
            return longer
    for size in range(len(form), max(0, len(form) - 5), -1):
        key = form[:size]
        if key not in GLOSSARY:
            continue
        most = _max_ending(key) if tail is None else tail
        if len(form) - size <= most or (tail is None and form[size:] in _NOUN_ENDINGS_3):
            if size < len(form) and not _takes_ending(key, form[size:]):
                continue
            return key
    return None


#: Every inflectional ending a noun, adjective or verb form may end in (for short stems).
_UK_ANY_ENDING = (
    frozenset(UK_ENDINGS)
    | frozenset(UK_FORM_ENDINGS)
    | frozenset("ть ти мо те ш в ла ли ло ємо єш єте ють уть ать ять ає ають аєш".split())
)


_UK_VOWELS = frozenset("аеєиіїоуюя")


def _takes_ending(key: str, ending: str) -> bool:
    """Whether glossary stem ``key`` may be followed by ``ending``: a short stem that is a
    word form of a shorter one with the same meaning (поди: под-и) takes no ending of two
    or more letters that opens with a consonant (подивитись is no pod), and a stem of three
    letters only a real ending (гра-ти, шл-ють, not гра-ф: граф is no game)."""
    if (
        len(key) <= 4
        and len(ending) >= 2
        and ending[0] not in _UK_VOWELS
        and key[-1] in _UK_VOWELS
        and GLOSSARY.get(key[:-1]) == GLOSSARY[key]
    ):
        return False
    return len(key) > 3 or ending in _UK_ANY_ENDING


#: What may join a glossary stem of four or more letters to a derivational suffix: -із-/-из-
#: (синхрон-із-ація, контейнер-из-ація), Latin -ур-/-істр-/-он-/-ік- (конфіг-ур-ація,
#: адмін-істр-ування, версі-он-ування, дубл-ік-ати), the л a labial takes before -ювати
#: (встанов-л-ювати) and the ж of д before -увати (дослід-ж-увати).
_ROOT_LINKS = frozenset(("із", "из", "ур", "істр", "он", "ік", "л", "ж"))


def _derived_key(form: str, *, truncated: bool) -> str | None:
    """The glossary stem of a root a derivational suffix left: the whole root, or the stem
    and one of :data:`_ROOT_LINKS` (подар-увати is no под-, граб-увати no гра-)."""
    key = glossary_key(form, truncated=truncated, tail=0)
    if key is None:
        key = _noun_of_verb(form)
    if key is None:
        for link in _ROOT_LINKS:
            if form.endswith(link) and len(form) - len(link) >= 4:
                key = glossary_key(form[: -len(link)], tail=0)
                if key is not None:
                    break
    return key


#: What a borrowed verb's root takes to become its noun in -ція (ізол-ювати: ізол-яц-ія,
#: інтегр-увати: інтегр-ац-ія, реаліз-увати: реаліз-ац-ія).
_NOUN_SUFFIXES = ("яц", "ац")


def _noun_of_verb(root: str) -> str | None:
    """The glossary stem of the noun in -ція a borrowed verb's root makes (ізолювати ->
    ізоляц): the root and -яц/-ац must be a glossary stem whole."""
    if len(root) < 3:
        return None
    for suffix in _NOUN_SUFFIXES:
        if root + suffix in GLOSSARY:
            return root + suffix
    return None


#: Endings of a verb of one action made from a borrowed word (деплой-нути, пуш-нув, фікс-ніть).
_UK_SEMELFACTIVE = ("нути", "нула", "нули", "нуло", "нуть", "нув", "ніть", "ну")


def _semelfactive_key(token: str) -> str | None:
    """The glossary stem of a verb of one action (деплойнути -> деплой, закомітнув ->
    коміт): the word less its -ну- ending and a perfective prefix must be a glossary stem of
    four or more letters whole, or one of five or more and one letter (деплой-: депло);
    no truncated root (натиснути, повернути, подихнути meet nothing)."""
    if not token.endswith(_UK_SEMELFACTIVE):  # most words: one test in C, no loop
        return None
    for ending in _UK_SEMELFACTIVE:
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            root = token[: -len(ending)]
            for form in (root, *(root[len(p) :] for p in _UK_PREFIXES if root.startswith(p))):
                key = glossary_key(form, tail=1)
                if key is not None and len(key) >= (4 if key == form else 5):
                    return key
            return None
    return None


#: Dative and locative endings that alternate the stem's last consonant (черга -> черзі,
#: збірка -> збірці, муха -> мусі): ending -> the consonant of the base form.
_UK_ALTERNATIONS = (("зі", "г"), ("ці", "к"), ("сі", "х"))


#: The genitive plural drops a stem's last vowel before к (покупка -> покупок).
_UK_FLEETING = ("ок", "ек")


def _unalternated(token: str) -> str | None:
    """The stem of ``token`` with a consonant alternation or a fleeting vowel undone
    (черзі -> черг, збірці -> збірк, покупок -> покупк), or None when neither applies."""
    if len(token) < 5:
        return None
    for ending, consonant in _UK_ALTERNATIONS:
        if token.endswith(ending):
            return token[: -len(ending)] + consonant
    if token.endswith(_UK_FLEETING) and len(token) >= 6:
        return token[:-2] + "к"
    return None


#: Consonants a base form's fleeting vowel stands before (спис-о-к: списку, вуз-о-л: вузла,
#: стовп-е-ць: стовпця), with what the base form ends in.
_FLEETING_BASES: dict[str, tuple[str, ...]] = {
    "к": ("ок", "ек"),
    "л": ("ол", "ел"),
    "ц": ("ець",),
}


def _fleeting_key(token: str) -> str | None:
    """The glossary word whose base form has a vowel its other forms drop (список: списку,
    списки; виняток: винятку; стовпець: стовпця): the stem of ``token`` with that vowel put
    back must be a glossary stem whole (a base form, not a longer word's start)."""
    for cut in (1, 2, 3):  # the ending: списк-у, списк-ами, стовпц-ями
        base = token[:-cut]
        if len(base) < 4 or base[-2] in "аеєиіїоуюяь":
            continue
        for ending in _FLEETING_BASES.get(base[-1], ()):
            form = base[:-1] + ending
            if form in GLOSSARY:
                return form
    return None


#: A borrowed abbreviation made a Ukrainian noun by a diminutive or colloquial suffix and
#: an ending (ллм-к-а, пдф-к-и, апі-х-а, апі-шк-у, джсон-к-ою, гпт-шеч-к-а).
_DIMINUTIVE = r"^(.{2,}?)(?:ш|оч|еч|шеч|о|е)?[кх](?:а|и|у|ою|ці|і|ок|ам|ами|ах|е|ой)?$"


_UK_CONSONANTS = frozenset("бвгґджзйклмнпрстфхцчшщ")


@lru_cache(maxsize=1)
def _diminutive() -> re.Pattern[str]:
    """:data:`_DIMINUTIVE` compiled (when a word the glossary lacks first needs it)."""
    return re.compile(_DIMINUTIVE)


def _diminutive_key(token: str) -> str | None:
    """The glossary stem of a borrowed abbreviation behind a diminutive suffix (ллмка ->
    ллм, апіха -> апі): the root must be a glossary stem whole that spells its one short
    English word (pdf, api, json), and either consonants only (ллм, пдф: no Ukrainian word)
    or ending in a vowel (апі): пушка, башка and банка keep their own sense."""
    near_end = token[2:][-4:]  # where the pattern needs its к or х
    if "к" not in near_end and "х" not in near_end:
        return None  # most words: none there (a test cheaper than the pattern)
    found = _diminutive().match(token)
    if found is None:
        return None
    root = found.group(1)
    english = GLOSSARY.get(root)
    if english is None or len(english) != 1 or len(english[0]) > 4:
        return None
    if not (_UK_CONSONANTS.issuperset(root) or root[-1] in _UK_VOWELS):
        return None
    same = _consonant_skeleton(transliterate(root)) == _consonant_skeleton(english[0])
    return root if same else None


#: A stem that ends in е or о and then consonants (платеж-ів, рахунок -> no), as
#: ``^(.{2,}?)[ео]([бвгґджзклмнпрстфхцчшщ]+)$`` reads it: the consonants that close it.
_CLOSING_CONSONANTS = "бвгґджзклмнпрстфхцчшщ"


def _closed_i(token: str) -> str | None:
    """The base form of a word whose і turns into е or о when an ending opens its last
    syllable (платіж -> платежів, ніж -> ножа), or None: the stem with that е/о back to і."""
    if len(token) < 5:
        return None
    stem = stem_uk(token)
    # no pattern: the е/о is the letter before the stem's closing consonants (the
    # pattern's second group), and two letters or more come before it
    opened = stem.rstrip(_CLOSING_CONSONANTS)
    if len(opened) == len(stem) or len(opened) < 3 or opened[-1] not in "ео":
        return None
    return opened[:-1] + "і" + stem[len(opened) :]


#: Prefixes a verb borrowed from English takes besides про-, за-, з-, с- (по-партиціонувати,
#: від-рефакторити, пере-деплоїти, роз-шардити, ви-деплоїти, на-тюнити, до-налаштувати;
#: surzhyk's от-: от-рефакторить):
#: longest first, so пере- is read before по-.
_UK_VERB_PREFIXES = ("пере", "від", "роз", "під", "при", "по", "ви", "на", "до", "об", "от")


#: Forms of a verb in -ити, -ати, -їти (and its noun in -ння) that follow a borrowed root
#: (від-рефактор-ити, -ив, -ила, -ь, -іть; пере-деплої-ти; пере-білдж-ування is a
#: derivational suffix, read by :func:`_uk_roots`), longest first.
_UK_VERB_FORMS: tuple[str, ...] = tuple(
    sorted(
        """
        итися итись иться ити ить иш имо ите ила или ило ив ять іть ьте ь
        ітися ітись іться іти ів іла іли їтися їтись їться їти їв їла їли їть
        атися атись ати ав ала али ало ає ають ай айте ання анням анні
        ити ення енням енні
        тимуть тиме тимемо тимеш тимете тиметься тимуться
        """.split(),
        key=len,
        reverse=True,
    )
)


#: :data:`_UK_VERB_FORMS` looked up by length (the first in order is the longest).
_UK_VERB_FORMS_AT = Endings(_UK_VERB_FORMS)


def _prefixed_verb_key(token: str) -> str | None:
    """The glossary stem of a borrowed verb behind one of :data:`_UK_VERB_PREFIXES`
    (попартиціонувати -> партиціон, відрефакторити -> рефактор): the prefix must be
    followed by a root of four or more letters and a verb's suffix or ending, so a noun
    that begins with a prefix keeps it (порядок is no рядок, виклик no клик)."""
    if not token.startswith(_UK_VERB_PREFIXES):  # most words: one test in C, no loop
        return None
    for prefix in _UK_VERB_PREFIXES:
        if not token.startswith(prefix) or len(token) - len(prefix) < 6:
            continue
        rest = token[len(prefix) :]
        for form, derived in _uk_roots(rest):
            if derived:
                key = _derived_key(form, truncated=True)
                if key is not None and _borrowed_root(key):
                    return key
        ending = _UK_VERB_FORMS_AT.longest(rest, len(rest) - 4)  # a root of 4+ letters
        if ending:
            key = _derived_key(rest[: -len(ending)], truncated=False)
            return key if key is not None and _borrowed_root(key) else None
        return None
    return None


_VOWELS = re.compile(r"[aeiou]")


#: The synthetic future of an imperfective verb: its infinitive and -му, -меш, -ме, -мемо,
#: -мете, -муть and -меться (кешуватиме, індексуватимуть, деплоїтиметься).
_UK_FUTURE = re.compile(r"(.{4,}ти)(?:му|меш|ме|мемо|мете|муть)(?:ся|сь)?|(.{4,}ти)меться")


def _infinitive_of_future(token: str) -> str | None:
    """The infinitive of a synthetic future form (кешуватиметься -> кешувати), or None."""
    if "тим" not in token:  # most words: every form holds ти and then an ending in м-
        return None
    found = _UK_FUTURE.fullmatch(token)
    return (found.group(1) or found.group(2)) if found else None


def _borrowed_root(key: str) -> bool:
    """Whether glossary stem ``key`` is a borrowed root that spells one of its English words
    (рефактор: refactor, скейл: scale, мердж: merge): five or more letters whose consonants
    agree with the word's for three letters (прав: permission, пуст: empty do not; four-letter
    roots are left out: на-стил-ати, ви-таск-увати, при-краш-увати are Ukrainian verbs)."""
    if len(key) < 5:
        return False
    mine = _consonant_skeleton(transliterate(key))[:3]
    return any(_consonant_skeleton(w)[:3] == mine for w in GLOSSARY[key])


def _consonant_skeleton(word: str) -> str:
    """The first letter and the consonants of :func:`skeleton` (j and g as one)."""
    folded = skeleton(word).replace("j", "g")
    return folded[:1] + _VOWELS.sub("", folded[1:])


def _uk_roots(token: str) -> list[tuple[str, bool]]:
    """Roots of a Ukrainian word: without a reflexive ending (-ся, -сь), without a
    derivational suffix, without a perfective prefix, and combinations; each with whether a
    derivational suffix was taken off (such a root is the whole stem: подар-увати is no
    под-, грабувати no гра-)."""
    bases = [token]
    if token.endswith(_UK_REFLEXIVE) and len(token) >= 7:  # вантажиться, перезапускається
        token = token[:-2]
        bases.append(token)
    if token[:1] in _UK_PREFIX_FIRSTS:  # most words: no loop of startswith calls
        for prefix in _UK_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 5:
                bases.append(token[len(prefix) :])
                break
    roots: list[tuple[str, bool]] = []
    for base in bases:
        if base is not bases[0]:
            roots.append((base, False))
        suffix = _UK_DERIVATIONAL_AT.longest(base, len(base) - 4)
        if suffix:
            roots.append((base[: -len(suffix)], True))
    return roots


def _max_ending(key: str) -> int:
    """How long an inflectional ending may follow a glossary stem (short stems: short endings)."""
    return 2 if len(key) <= 3 else 4


#: The plural instrumental endings a short stem takes too (баг-ами, лог-ами, под-ами,
#: рол-ями); not -ові, an adjective's as well (базові: basic, типові: typical).
_NOUN_ENDINGS_3 = frozenset(("ами", "ями"))
