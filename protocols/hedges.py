"""Hedges: the doubt a writer puts on its own statement (*probably complete*, *Complete
(mostly)*, *Завершено, здається*, *maybe Database*).

One vocabulary, by kind, for every field that refuses a doubted value (Status, Domain), and
one rule for where a hedge qualifies a value rather than something the value goes on to say:
right before the value's head word in its clause (*"probably complete"*, *"здається,
готово"*), or as the whole of the clause right after it (*"Complete (mostly)"*, *"Complete, I
think"*, *"Complete (probably — the large zips were not tried)"*). A hedge inside a clause
that says more qualifies that (*"Complete (mostly moves, no behaviour change)"*), and so
does a likelihood or belief hedge set off by a comma at the head of a statement after a
colon or dash (*"Готово — здається, це була стара версія"*), or anywhere in Ukrainian,
which sets such words off by commas (*"Завершено (мабуть, найпростіше рішення)"*).
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
#: A likelihood or belief hedge set off by a comma at the head of a statement of its own
#: (*"мабуть, найшвидше виправлення"*, *"likely, the flake was the clock"*; Ukrainian
#: always sets such words off by commas): it qualifies that statement, unless the statement
#: goes on with *but*, *though*, *але*... (*"probably, but the zips were not tried"*).
_OPENS_A_STATEMENT: Final = re.compile(
    "(?:" + "|".join(sorted((*_LIKELIHOOD, *_BELIEF), key=len, reverse=True)) + r")\s*,\s*"
    r"(?!(?:but|though|although|yet|and|or|not|no|except|проте|але|однак|хоча|та|й|"
    r"крім|окрім|ні|не|\u0456|\u0430)\b)(?=[^\W\d_])",  # Ukrainian "i", "a": and, but
    re.IGNORECASE,
)
#: A Ukrainian word (its parenthetical hedges are set off by commas wherever they stand).
_UKRAINIAN: Final = re.compile(r"[\u0400-\u04ff]")
#: What ends a value's own clause and opens a new statement: a colon or a dash.
_STATEMENT_OPEN: Final = re.compile(r"[:\u2013\u2014]|\s-\s")
#: Where the clause after a value's head word ends: a bracket closing, a comma, a colon, a
#: dash... (*"Complete (almost: docs left)"*)
_CLAUSE_END: Final = re.compile(r"[)\],;:.!?\u2013\u2014]|\s-\s")
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
    if _opens_a_statement(text, begin, bool(_STATEMENT_OPEN.search(text, end, begin))):
        return None  # "Готово — здається, це була стара версія"
    stop = _CLAUSE_END.search(text, begin)
    clause = text[begin : stop.start() if stop is not None else len(text)]
    return clause.strip(" *_`") if clause.strip() and _ONLY_HEDGES.fullmatch(clause) else None


def _opens_a_statement(text: str, begin: int, after_a_stop: bool) -> bool:
    """Whether the hedge at ``begin`` is set off by a comma at the head of a statement of
    at least two words saying more than hedges: after a colon or dash (``after_a_stop``),
    or, in any place, a Ukrainian one (its commas are grammar, not a pause)."""
    opener = _OPENS_A_STATEMENT.match(text, begin)
    if opener is None or not (after_a_stop or _UKRAINIAN.match(opener.group(0))):
        return False
    stop = _CLAUSE_END.search(text, opener.end())
    rest = text[opener.end() : stop.start() if stop is not None else len(text)]
    return len(rest.split()) >= 2 and _ONLY_HEDGES.fullmatch(rest) is None
