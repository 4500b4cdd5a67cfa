"""Agent names and the keys they are looked up by."""

# ruff: noqa: RUF001  (Ukrainian letters and apostrophe variants are intended)

from __future__ import annotations

import re

_APOSTROPHES = re.compile(r"[ʼ'’`ʻ]")
_WORD = re.compile(r"[0-9a-zа-яіїєґ]+")


def slug(text: str) -> str:
    """``Database Engineer (D1)`` -> ``database-engineer-d1``: lower-case words joined by '-'."""
    lowered = _APOSTROPHES.sub("", text.lower()).replace("ё", "е")
    return "-".join(_WORD.findall(lowered))
