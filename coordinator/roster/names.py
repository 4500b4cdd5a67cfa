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
    ``fastapi-backend-expert``, which a spelling comparison finds too far); a near
    spelling of the part that tells it from the others alone (:func:`_near_alone`)."""
    import difflib

    alike = difflib.get_close_matches(name, names, n=len(names), cutoff=0.5)
    near = _near_alone(name, alike)
    if near is not None:
        return [near]
    close = alike[:n]
    key = slug(name)
    holding = [other for other in names if key and key in slug(other) and other not in close]
    return (close + sorted(holding))[:n]


#: How alike (``difflib``'s ratio) a name's distinctive part must be to ``name``'s to be
#: suggested alone, and by how much more than every other name's.
_NEAR_ALONE = 0.8
_NEAR_MARGIN = 0.2


def _near_alone(name: str, alike: list[str]) -> str | None:
    """The one of ``alike`` whose distinctive part (:func:`_distinctive`) ``name`` spells
    nearly (``databse-engineer``: ``database-engineer``), clearly nearer than every other's
    (``llm-ml-engineer`` is close only by its shared ``-engineer``); None when none is."""
    import difflib

    ratios = sorted(
        (
            (difflib.SequenceMatcher(None, *_distinctive(name, other)).ratio(), other)
            for other in alike
        ),
        reverse=True,
    )
    if not ratios or ratios[0][0] < _NEAR_ALONE:
        return None
    if len(ratios) > 1 and ratios[1][0] > ratios[0][0] - _NEAR_MARGIN:
        return None
    return ratios[0][1]


def _distinctive(name: str, other: str) -> tuple[str, str]:
    """``name`` and ``other`` without the words both start or end with (``databse``,
    ``llm-ml`` of ``databse-engineer`` and ``llm-ml-engineer``)."""
    mine, theirs = name.split("-"), other.split("-")
    while len(mine) > 1 and len(theirs) > 1 and mine[-1] == theirs[-1]:
        mine, theirs = mine[:-1], theirs[:-1]
    while len(mine) > 1 and len(theirs) > 1 and mine[0] == theirs[0]:
        mine, theirs = mine[1:], theirs[1:]
    return "-".join(mine), "-".join(theirs)


def did_you_mean(close: Sequence[str]) -> str:
    """``"; did you mean web?"`` (``"; did you mean db-dev, api-dev or web-dev?"``): the
    names a user likely meant (:func:`close_names`), said as coord's usage errors say them
    (``No such command: rnu; did you mean run?``); "" for none."""
    if not close:
        return ""
    *first, last = close
    return f"; did you mean {', '.join(first)} or {last}?" if first else f"; did you mean {last}?"
