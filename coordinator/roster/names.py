"""Agent names and the keys they are looked up by."""

# ruff: noqa: RUF001  (Ukrainian letters and apostrophe variants are intended)

from __future__ import annotations

import re
from collections.abc import Sequence

_APOSTROPHES = re.compile(r"[ʼ'’`ʻ]")
_WORD = re.compile(r"[0-9a-zа-яіїєґ]+")


def slug(text: str) -> str:
    """``Database Engineer (D1)`` -> ``database-engineer-d1``: lower-case words joined by '-'."""
    lowered = _APOSTROPHES.sub("", text.lower()).replace("ё", "е")
    return "-".join(_WORD.findall(lowered))


def close_names(name: str, names: list[str], n: int = 3) -> list[str]:
    """The names of ``names`` a user typing ``name`` likely meant, best first, at most ``n``:
    those spelt nearly alike, then those holding it whole (``backend`` for
    ``fastapi-backend-expert``, which a spelling comparison finds too far)."""
    import difflib

    close = difflib.get_close_matches(name, names, n=n, cutoff=0.5)
    key = slug(name)
    holding = [other for other in names if key and key in slug(other) and other not in close]
    return (close + sorted(holding))[:n]


def did_you_mean(close: Sequence[str]) -> str:
    """``"; did you mean web?"`` (``"; did you mean db-dev, api-dev or web-dev?"``): the
    names a user likely meant (:func:`close_names`), said as coord's usage errors say them
    (``No such command: rnu; did you mean run?``); "" for none."""
    if not close:
        return ""
    *first, last = close
    return f"; did you mean {', '.join(first)} or {last}?" if first else f"; did you mean {last}?"
