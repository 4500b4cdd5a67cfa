"""Hedges: the doubt a writer puts on its own statement (*probably complete*, *Complete
(mostly)*, *Завершено, здається*, *maybe Database*).

One vocabulary, by kind, for every field that refuses a doubted value (Status, Domain), and
one rule for where a hedge qualifies a value rather than something the value goes on to say:
right before the value's head word in its clause (*"probably complete"*, *"здається,
готово"*), or as the whole of the clause right after it (*"Complete (mostly)"*, *"Complete, I
think"*, *"Complete (probably — the large zips were not tried)"*). A hedge inside a clause
that says more qualifies that (*"Complete (mostly moves, no behaviour change)"*).
"""

from __future__ import annotations

import re
from typing import Final

#: How likely the writer thinks it is: *probably*, *maybe*, *мабуть*.
_LIKELIHOOD: Final = (
    "maybe",
    "perhaps",
    "probably",
    "possibly",
    "likely",
    "presumably",
    "apparently",
    "seemingly",
    "supposedly",
    "hopefully",
    "можливо",
    "ймовірно",
    "імовірно",
    "мабуть",
    "напевно",
    "напевне",
    "певно",
    "начебто",
    "нібито",
    "ніби",
)
#: How much of it holds: *mostly*, *almost*, *майже* (a partial claim).
_DEGREE: Final = (
    "mostly",
    "largely",
    "mainly",
    "nearly",
    "almost",
    "roughly",
    "basically",
    "more or less",
    "kind of",
    "sort of",
    "somewhat",
    "майже",
    "в основному",
    "здебільшого",
    "переважно",
)
#: The writer saying it believes or it appears so: *I think*, *should be*, *здається*.
_BELIEF: Final = (
    r"i (?:think|believe|guess|suppose|hope|reckon)",
    r"i['\u2019]d say",
    r"it seems",
    r"seems?(?: to be)?",
    r"looks like",
    r"(?:should|ought to) be",
    "not sure",
    "unsure",
    "uncertain",
    "здається",
    "схоже",
    "думаю",
    "гадаю",
    "сподіваюс[яь]",
    r"не впевнен\w*",
)

#: One hedge: a word or phrase of any kind above.
HEDGE: Final = (
    "(?:" + "|".join(sorted((*_LIKELIHOOD, *_DEGREE, *_BELIEF), key=len, reverse=True)) + ")"
)
#: Hedges and what only separates them, the whole of a text: ``probably``, ``I think,
#: mostly``, ``мабуть?``.
_ONLY_HEDGES: Final = re.compile(
    rf"[\s,;:.!?*_`()\[\]\-\u2013\u2014]*(?:{HEDGE}\b[\s,;:.!?*_`()\[\]\-\u2013\u2014]*)+",
    re.IGNORECASE,
)
#: Where the clause after a value's head word ends: a bracket closing, a comma, a dash...
_CLAUSE_END: Final = re.compile(r"[)\],;.!?\u2013\u2014]|\s-\s")
#: What opens the clause after a head word: spaces, a bracket, a comma, a dash, markup.
_CLAUSE_OPEN: Final = re.compile(r"[\s,;:(\[*_`\-\u2013\u2014]*")


def hedge_before(text: str) -> str | None:
    """The hedge that is all of ``text``, the words before a value's head in its clause
    (``"probably "`` before *complete*, ``"Здається, "`` before *готово*), else None."""
    return text.strip(" ,:;*_`") if text.strip() and _ONLY_HEDGES.fullmatch(text) else None


def hedge_after(text: str, end: int) -> str | None:
    """The hedge that is the whole clause right after a head word ending at ``end``
    (``Complete (mostly)``, ``Complete, I think``), else None."""
    start = _CLAUSE_OPEN.match(text, end)
    begin = start.end() if start is not None else end
    stop = _CLAUSE_END.search(text, begin)
    clause = text[begin : stop.start() if stop is not None else len(text)]
    return clause.strip(" *_`") if clause.strip() and _ONLY_HEDGES.fullmatch(clause) else None
