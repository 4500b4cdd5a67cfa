"""One helper shared by views, providers and routing: text clipped to one short line."""

from __future__ import annotations


def clip(text: str, limit: int, *, at_word: bool = False) -> str:
    """``text`` on one line (whitespace runs become one space), at most ``limit`` characters;
    a clipped text ends with an ellipsis. ``at_word``: after the last whole word that fits,
    when that keeps two thirds of ``limit`` (else, one long word, cut where it must be)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = text.rfind(" ", 0, limit) if at_word else -1
    return (text[:end] if end >= limit * 2 // 3 else text[: limit - 1]) + "…"
