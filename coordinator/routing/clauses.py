# ruff: noqa: RUF001, RUF002 - Ukrainian text is intended
"""The parts of a request that could each be one specialist's job ("add a column to the
tasks table | and | show it in the React list"): what ``also`` checks an agent against.

A request is cut at sentence ends, semicolons and the words that join clauses in English
and Ukrainian (and, then, because, but, while, that, which; і, та, бо, але, щоб, яка, ...).
A part of one word is no job of its own and is left out; past :data:`MAX_PARTS` parts (a
pasted log) the rest is not read.
"""

from __future__ import annotations

import re

_JOINERS = (
    "that|which|and then|and also|as well as|and|then|also|plus|because|but|while|so that|"
    "яка|який|яке|які|а також|і|й|та|а|бо|потім|але|поки|щоб"
)
#: The parts read of a long request: each is routed alone when ``also`` is read.
MAX_PARTS = 16

_CUT = re.compile(rf"\s*;\s*|(?<=\w)[.!?]\s+|,?\s+(?:{_JOINERS})\s+", re.IGNORECASE)


def clauses(request: str) -> list[str]:
    """The request's first :data:`MAX_PARTS` parts of two words or more, in order (``[]``
    for a request of one part: it has nothing to set against the whole)."""
    parts = [p for p in (part.strip(" ,.") for part in _CUT.split(request)) if len(p.split()) > 1]
    return parts[:MAX_PARTS] if len(parts) > 1 else []
