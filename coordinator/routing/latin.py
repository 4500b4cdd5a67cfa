# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian text is intended
"""Ukrainian written in Latin letters ("ne pratsyuye logyn", "zroby endpoint dlya zadach").

People without a Ukrainian keyboard write Ukrainian in Latin letters, by the official
KMU 2010 table (``shcho``, ``dlia``, ``otrymuiut``) or by ear (``shob``, ``dlya``,
``pratsyuye``, apostrophes dropped). Read as English, such words are unknown. A request is
taken for Ukrainian in Latin letters when two of its words are Latin spellings of Ukrainian
function or everyday words (:func:`markers`: не, треба, для, щоб, зроби, ...) that no
English word and no roster term spells; then each of its Latin words that is neither an
English word nor a roster term is spelled back in Cyrillic (:func:`cyrillic`) and the
request is read again, so the Ukrainian morphology, glossary and frames read it as they
read a Ukrainian request. English requests and technology names are left alone.
"""

from __future__ import annotations

from collections.abc import Container
from itertools import product

from coordinator.routing import carried
from coordinator.routing.text import ABBREVIATIONS, STOPWORDS, is_cyrillic, term_list, words
from coordinator.routing.vocab import COMMON_WORDS, COMMON_WORDS_UK, LANGUAGES

#: Latin letter groups read as one Cyrillic letter, longest first (KMU 2010 and by ear).
_GROUPS: tuple[tuple[str, str], ...] = (
    ("shch", "щ"), ("sch", "щ"), ("zgh", "зг"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"),
    ("sh", "ш"), ("ts", "ц"), ("ya", "я"), ("ja", "я"), ("yu", "ю"), ("ju", "ю"),
    ("ye", "є"), ("je", "є"), ("yo", "йо"), ("jo", "йо"), ("ji", "ї"), ("yy", "ий"), ("ij", "ій"),
)  # fmt: skip
#: Groups that are iotated vowels only after another letter (KMU: dlia, otrymuiut, kliient).
_INNER_GROUPS: dict[str, str] = {"ia": "я", "iu": "ю", "ie": "є"}
#: Single Latin letters (y and i are read by their neighbours: :func:`_vowel_glide`).
_LETTERS: dict[str, str] = dict(
    zip("abvgdezklmnoprstufhcwqj", "абвгдезклмнопрстуфгцвкй", strict=True)
)
_LETTERS["x"] = "кс"
_VOWELS = frozenset("aeiouy")
#: The Cyrillic letters each Latin spelling may stand for, to spell the marker words.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("h", "g"), "ґ": ("g",), "д": ("d",),
    "е": ("e",), "є": ("ye", "ie", "e"), "ж": ("zh",), "з": ("z",), "и": ("y", "i"),
    "і": ("i",), "ї": ("yi", "i", "ji"), "й": ("y", "i", "j"), "к": ("k",), "л": ("l",),
    "м": ("m",), "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",),
    "т": ("t",), "у": ("u",), "ф": ("f",), "х": ("kh", "h"), "ц": ("ts", "c"),
    "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch", "sh"), "ь": ("",), "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
}  # fmt: skip
#: Ukrainian words common in requests of any field, beyond the stopwords and everyday words.
_REQUEST_WORDS = (
    "зроби зробіть додай додайте напиши напишіть налаштуй створи виправ полагодь перевір"
    " працює працюють пише показує потрібен потрібна нема чомусь після коли весь"
)
#: Spellings a marker word may have: more are not generated (a long word's variants).
_MAX_SPELLINGS = 48
#: Marker words a request needs to be read as Ukrainian in Latin letters.
_MIN_MARKERS = 2


def cyrillic(token: str) -> str:
    """``token`` (Latin letters) spelled in Cyrillic: letter groups first (shch, zh, ya,
    KMU's inner ia/iu/ie), y and i by their neighbours (:func:`_vowel_glide`)."""
    out: list[str] = []
    at, size = 0, len(token)
    while at < size:
        for group, letter in _GROUPS:
            if token.startswith(group, at):
                out.append(letter)
                at += len(group)
                break
        else:
            pair = token[at : at + 2]
            if at and pair in _INNER_GROUPS:
                out.append(_INNER_GROUPS[pair])
                at += 2
                continue
            glide = _vowel_glide(token, at)
            if glide is None:
                out.append(_LETTERS.get(token[at], token[at]))
                at += 1
            else:
                out.append(glide)
                at += 2 if token.startswith("yi", at) else 1
    return "".join(out)


def _vowel_glide(token: str, at: int) -> str | None:
    """The Cyrillic letter of a y or i at ``at``: й after a vowel before a consonant or the
    end (sayt, dodai) or first before a vowel, ий for a final yi after a consonant (yakyi),
    ї for yi elsewhere (two letters), и for another y, і for another i; None for any other
    letter."""
    letter = token[at]
    if letter not in "yi":
        return None
    after = token[at + 1 : at + 2]
    if at and token[at - 1] in _VOWELS and after not in _VOWELS:
        return "й"
    if not at and letter == "y" and after in _VOWELS and after != "i":
        return "й"
    if letter == "i":
        return "і"
    if after == "i":
        return "ий" if at + 2 == len(token) and at else "ї"
    return "и"


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
    english = STOPWORDS | COMMON_WORDS | LANGUAGES | ABBREVIATIONS.keys()
    spelled = {s for word in ukrainian for s in _spellings(word)}
    return frozenset(s for s in spelled if len(s) >= 2 and s not in english)


def _english(token: str, known: Container[str]) -> bool:
    """Whether ``token`` is an English word, abbreviation or roster term (left as it is)."""
    if token in STOPWORDS or token in COMMON_WORDS or token in ABBREVIATIONS:
        return True
    return any(t in known for t in term_list(token))


def read(tokens: list[str], known: Container[str]) -> list[str]:
    """``tokens`` with Ukrainian written in Latin letters spelled in Cyrillic and read again
    (:func:`coordinator.routing.text.words`), when two of them are Latin marker words no
    roster term spells; ``tokens`` themselves otherwise (most requests: one set test)."""
    found = markers()
    if found.isdisjoint(tokens):
        return tokens
    said = sum(1 for t in tokens if t in found and not _english(t, known))
    if said < _MIN_MARKERS:
        return tokens
    spelled = [
        cyrillic(t) if t.isascii() and t.isalpha() and not _english(t, known) else t
        for t in tokens
    ]
    return words(" ".join(spelled))
