# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian text is intended
"""Ukrainian written in Latin letters ("ne pratsyuye logyn", "zroby endpoint dlya zadach").

People without a Ukrainian keyboard write Ukrainian in Latin letters, by the official
KMU 2010 table (``shcho``, ``dlia``, ``otrymuiut``) or by ear (``shob``, ``dlya``,
``pratsyuye``, apostrophes dropped). Read as English, such words are unknown. A request is
taken for Ukrainian in Latin letters (:func:`read`) when, among its Latin words that are
neither English words nor roster terms, one is a Latin spelling of a Ukrainian function or
everyday word (:func:`markers`: не, треба, для, щоб, зроби, ...), another is one too or a
word the glossary reads once spelled in Cyrillic, and such words are a third of them;
those words are then spelled in Cyrillic (:mod:`coordinator.routing.romanised`) and the
request is read again, so the Ukrainian morphology, glossary and frames read it as they
read a Ukrainian request. English requests and technology names are left alone.
"""

from __future__ import annotations

from collections.abc import Container
from itertools import product

from coordinator.routing import carried
from coordinator.routing.romanised import cyrillic
from coordinator.routing.text import ABBREVIATIONS, STOPWORDS, is_cyrillic, term_list, words
from coordinator.routing.vocab import COMMON_WORDS, COMMON_WORDS_UK, LANGUAGES

#: The Cyrillic letters each Latin spelling may stand for, to spell the marker words.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("h", "g"), "ґ": ("g",), "д": ("d",),
    "е": ("e",), "є": ("ye", "ie", "e"), "ж": ("zh",), "з": ("z",), "и": ("y", "i"),
    "і": ("i",), "ї": ("yi", "i", "ji"), "й": ("y", "i", "j"), "к": ("k",), "л": ("l",),
    "м": ("m",), "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",),
    "т": ("t",), "у": ("u",), "ф": ("f",), "х": ("kh", "h"), "ц": ("ts",),
    "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch", "sh"), "ь": ("",), "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
}  # fmt: skip
#: Ukrainian words common in requests of any field, beyond the stopwords and everyday words.
_REQUEST_WORDS = (
    "зроби зробіть додай додайте напиши напишіть налаштуй створи виправ полагодь перевір"
    " працює працюють пише показує потрібен потрібна нема чомусь після коли весь"
)
#: Spellings of Ukrainian words that are English or technology words as well (друг: drug,
#: річ: rich, іде: ide, ос: os, мета: meta): no marker.
_ENGLISH_SPELLINGS = frozenset("drug rich dim ide os pid sim meta norm nova variant aha".split())
#: Spellings a marker word may have: more are not generated (a long word's variants).
_MAX_SPELLINGS = 48
#: Ukrainian words (markers, glossed words) a request needs to be read as Ukrainian.
_MIN_MARKERS = 2
#: Endings English words take and Ukrainian ones written in Latin letters do not (failing:
#: файлінг is no Ukrainian word the glossary reads as file).
_ENGLISH_ENDINGS = ("ing", "ed", "tion", "ment", "ness", "able", "ful", "ous", "ship")
#: ... and the share of the request's unknown Latin words they must be (one in three).
_SHARE = 3


def _spellings(word: str) -> list[str]:
    """Latin spellings of a Cyrillic ``word`` (up to :data:`_MAX_SPELLINGS`)."""
    options = [_SPELLINGS.get(letter, (letter,)) for letter in word]
    count = 1
    for choice in options:
        count *= len(choice)
    if count > _MAX_SPELLINGS:
        options = [choice[:1] for choice in options]
    return ["".join(parts) for parts in product(*options)]


@carried.table
def markers() -> frozenset[str]:
    """Latin spellings of Ukrainian function and everyday words (ne, treba, dlya, dlia,
    shcho, shob, zroby) that spell no English word, abbreviation or language name."""
    ukrainian = {w for w in STOPWORDS | COMMON_WORDS_UK if is_cyrillic(w)}
    ukrainian.update(_REQUEST_WORDS.split())
    english = STOPWORDS | COMMON_WORDS | LANGUAGES | ABBREVIATIONS.keys() | _ENGLISH_SPELLINGS
    # a two-letter word only as most write it: its other spellings are abbreviations as
    # often (vi for ви: vitest's vi)
    spelled = {s for w in ukrainian for s in (_spellings(w) if len(w) > 2 else _spellings(w)[:1])}
    return frozenset(s for s in spelled if len(s) >= 2 and s not in english)


def _english(token: str, known: Container[str]) -> bool:
    """Whether ``token`` is an English word, abbreviation or roster term (left as it is)."""
    if token in STOPWORDS or token in COMMON_WORDS or token in ABBREVIATIONS:
        return True
    return any(t in known for t in term_list(token))


def read(tokens: list[str], known: Container[str]) -> list[str]:
    """``tokens`` with Ukrainian written in Latin letters spelled in Cyrillic and read again
    (:func:`coordinator.routing.text.words`), when it says so (:func:`_said`); ``tokens``
    themselves otherwise (most requests: one set test). A word of two letters or fewer is
    spelled only when it is a marker (ne, na; not ci, ui, db)."""
    found = markers()
    if found.isdisjoint(tokens):
        return tokens
    foreign = {
        t
        for t in tokens
        if t.isascii() and t.isalpha() and (len(t) > 2 or t in found) and not _english(t, known)
    }
    spelled = {t: _spelled(t) for t in foreign}
    if not _said(spelled, found):
        return tokens
    return words(" ".join(spelled.get(t, t) for t in tokens))


def _said(spelled: dict[str, str], found: frozenset[str]) -> bool:
    """Whether the Latin words no English word or roster term spells (``spelled``: each
    with its Cyrillic spelling) are Ukrainian: one a marker word, another a marker or a
    word the glossary reads once spelled in Cyrillic (tablytsyu: таблицю, table) as other
    than the Latin word itself (terraform: терраформ is still terraform), and such words a
    third of them or more."""
    said = sum(1 for t in spelled if t in found)
    if not said:
        return False
    said += sum(
        1
        for t, word in spelled.items()
        if t not in found and not t.endswith(_ENGLISH_ENDINGS) and _glossed(word, t)
    )
    return said >= _MIN_MARKERS and said * _SHARE >= len(spelled)


def _spelled(token: str) -> str:
    """``token`` in Cyrillic (:func:`cyrillic`), a borrowed word's y read as і and its
    KMU-less ie as іє when only that spelling is the glossary's, or a longer word of it
    (logyn: логін, not the log of логин; klient: клієнт)."""
    word = cyrillic(token)
    for letter, other in (("и", "і"), ("є", "іє")):
        if letter in word:
            mine, theirs = term_list(word), term_list(word.replace(letter, other))
            if theirs and theirs[0].isascii() and _longer(theirs[0], mine):
                return word.replace(letter, other)
    return word


def _longer(found: str, mine: tuple[str, ...]) -> bool:
    """Whether the glossary term ``found`` reads more than ``mine`` (none, no English term,
    or a shorter word it begins: log of login)."""
    if not mine or not mine[0].isascii():
        return True
    return found != mine[0] and found.startswith(mine[0])


def _glossed(word: str, token: str = "") -> bool:
    """Whether the glossary reads a Cyrillic ``word`` as English terms (таблицю: table)
    other than the Latin ``token``'s own."""
    found = term_list(word)
    return bool(found) and found[0].isascii() and found[0] not in term_list(token)
