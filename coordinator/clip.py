"""Helpers shared by views, tools, providers and routing: text clipped to one short line, a
line with a list in parentheses clipped at its clauses and whole items, and a count said
with its noun in agreement (``1 line``, ``2 lines``) and the lines a text holds."""

from __future__ import annotations

from collections.abc import Sequence

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
