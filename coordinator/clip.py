"""Helpers shared by views, tools, providers and routing: text clipped to one short line, a
line with a list in parentheses clipped at its clauses and whole items, and a count said
with its noun in agreement (``1 line``, ``2 lines``) and the lines a text holds, and the
one cut of a long text (:func:`whole_cut`: never inside a character as a reader sees it)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: The most characters a cut moves back to end between two characters a reader sees as
#: two (past that, a run of joined ones, it cuts inside it: :func:`whole_cut`).
_MOST_BACK = 64
_ZWJ = "\u200d"
#: The regional indicators (two make a flag).
_REGIONAL = "".join(map(chr, range(0x1F1E6, 0x1F200)))
#: Where a clause of a reason ends (a colon's or a comma's, a semicolon's, a dash's).
_CLAUSE_ENDS = (": ", "; ", ", ", " — ")


def counted(n: int, one: str, many: str = "") -> str:
    """``n`` and its noun as a person says it: ``1 line``, ``2 lines``, ``1,024 bytes``
    (thousands grouped); ``many`` is the plural when it is not ``one`` and an s
    (``1 entry``, ``3 entries``)."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def line_count(text: str) -> int:
    """How many lines ``text`` holds as an editor counts them: a last line with no newline
    counts, the empty text and the newline that ends the last line add none."""
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def clip(text: str, limit: int, *, at_word: bool = False) -> str:
    """``text`` on one line (whitespace runs become one space), at most ``limit`` characters;
    a clipped text ends with an ellipsis. ``at_word``: after the last whole word that fits,
    when that keeps two thirds of ``limit`` (else, one long word, cut where it must be)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = text.rfind(" ", 0, limit) if at_word else -1
    return (text[:end] if end >= limit * 2 // 3 else text[: limit - 1]) + "…"


def clip_clause(text: str, limit: int) -> str:
    """``text`` on one line of at most ``limit`` characters, a clipped one cut after its
    last whole clause (at a colon, semicolon, comma or dash) that keeps half of ``limit``,
    else after its last whole word (:func:`clip`), and ending with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = max(text.rfind(mark, 0, limit - 1) for mark in _CLAUSE_ENDS)
    if end >= limit // 2:
        return text[:end].rstrip(" :;,—") + "…"
    return clip(text, limit, at_word=True)


def clip_listed(text: str, items: Sequence[str], limit: int) -> str:
    """``text (a, b, c)`` in at most ``limit`` characters: ``text`` cut at a clause when it
    alone is too long (:func:`clip_clause`, then no list), and of ``items`` as many whole
    ones as fit, an ellipsis standing for the rest (none fits: no parentheses)."""
    text = clip_clause(text, limit)
    if text.endswith("…") or not items:
        return text
    shown: list[str] = []
    for at, item in enumerate(items):
        more = ", …" if at + 1 < len(items) else ""
        if len(text) + len(" ()") + len(", ".join([*shown, item])) + len(more) > limit:
            break
        shown.append(item)
    if not shown:
        return text
    rest = ", …" if len(shown) < len(items) else ""
    return f"{text} ({', '.join(shown)}{rest})"


def whole_cut(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text`` at most, never ending inside a character
    as a reader sees it (a grapheme: a letter and its combining accents, an emoji sequence
    joined by ZWJ or with a modifier, a flag's two regional indicators, a surrogate pair):
    it moves back to the start of such a character, at most :data:`_MOST_BACK`."""
    if len(text) <= limit:
        return text
    end = limit
    while end > 0 and limit - end < _MOST_BACK and _joined(text, end):
        end -= 1
    return text[: end if end > 0 and limit - end < _MOST_BACK else limit]


def _joined(text: str, at: int) -> bool:
    """Whether ``text[at - 1]`` and ``text[at]`` belong to one character a reader sees."""
    before, after = text[at - 1], text[at]
    if before == _ZWJ or after == _ZWJ or (before == "\r" and after == "\n"):
        return True
    if "\ud800" <= before <= "\udbff" and "\udc00" <= after <= "\udfff":
        return True
    if unicodedata.category(after) in ("Mn", "Me", "Mc") or _extends(after):
        return True
    if before in _REGIONAL and after in _REGIONAL:  # a flag: pairs count from the run's start
        return (at - len(text[:at].rstrip(_REGIONAL))) % 2 == 1
    return False


def _extends(char: str) -> bool:
    """An emoji modifier (skin tone) or a tag character (a subdivision flag's): it joins
    the character before it."""
    return "\U0001f3fb" <= char <= "\U0001f3ff" or "\U000e0020" <= char <= "\U000e007f"
