"""One helper shared by views, providers and routing: text clipped to one short line."""

from __future__ import annotations


def clip(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs become one space), at most ``limit`` characters;
    a clipped text ends with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
