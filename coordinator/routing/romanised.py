# ruff: noqa: RUF001, RUF002 - Ukrainian text is intended
"""Ukrainian words written in Latin letters spelled back in Cyrillic (:func:`cyrillic`).

Both tables people write by are read: the official KMU 2010 one (``shcho``, ``dlia``,
``kliient``, й as i after a vowel) and the informal ones (``sh``/``ch``/``zh``, ``ya``/
``yu``/``ye``/``yi``, ``y`` for и, ``g`` for г); a soft sign and an apostrophe, which
neither writes, stay away. This module knows letters only: which words are Ukrainian is
:mod:`coordinator.routing.latin`'s question.
"""

from __future__ import annotations

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
        final = at + 2 == len(token) and at and token[at - 1] not in _VOWELS
        return "ий" if final else "ї"
    return "и"
