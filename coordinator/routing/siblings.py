"""Siblings: agents of one family (powershell-5.1-expert, powershell-7-expert,
powershell-ui-architect) that a near tie must tell apart by what each says it is for.

Round 66. A near tie between the top scorer and another candidate is decided by coverage
(:meth:`coordinator.routing.choice.Chooser._closest`): the one that explains more of the
request takes it. Between siblings that is noise: their bodies share the family's vocabulary,
and a long body explains a pasted error's plain words (term, object, runs, server) that say
nothing of what the agent is for. A family is the first word of the names, when two to
:data:`FAMILY_MAX` names begin with it (a role word many names begin with, such as data or
security, makes none); between siblings the request's terms that only one of them describes
itself by (its name, triggers and description) decide, unless the request writes the
version one sibling's name holds (PowerShell 5.1, .NET 4.8): that one is meant.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

#: The most names one family's first word may begin (more: a field, not a family).
FAMILY_MAX = 6


def families(names: list[str]) -> list[str | None]:
    """Per agent name, its family (the first word of its name, shared by 2..FAMILY_MAX
    names of the roster), or None."""
    firsts = [name.split("-", 1)[0] if "-" in name else None for name in names]
    counts = Counter(first for first in firsts if first is not None)
    return [first if first and 2 <= counts[first] <= FAMILY_MAX else None for first in firsts]


def says_more(
    terms: Iterable[str],
    mine: frozenset[str],
    theirs: frozenset[str],
    idf: Mapping[str, float],
) -> bool:
    """Whether the request's ``terms`` that only ``mine`` describes itself by outweigh (by
    idf) those that only ``theirs`` does."""
    weight = 0.0
    for t in terms:
        if t in mine and t not in theirs:
            weight += idf.get(t, 0.0)
        elif t in theirs and t not in mine:
            weight -= idf.get(t, 0.0)
    return weight > 0.0


_VERSION = re.compile(r"-(\d+(?:\.\d+)*)(?:-|$)")


def version(name: str) -> tuple[str, ...]:
    """The version an agent's name holds, as the request's tokens write it
    (powershell-5.1-expert: 5, 1), or () for none."""
    found = _VERSION.search(name)
    return tuple(found.group(1).split(".")) if found else ()


def writes_version(tokens: Sequence[str], parts: tuple[str, ...]) -> bool:
    """Whether ``tokens`` (a request's words, a version split at its dots) write the
    version ``parts`` in a row; never for no version."""
    if not parts:
        return False
    size = len(parts)
    return any(tuple(tokens[i : i + size]) == parts for i in range(len(tokens) - size + 1))
