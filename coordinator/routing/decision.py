"""What routing decides: :class:`Candidate` and :class:`RouteDecision`, and their lazy
forms (:class:`_Listed`, :class:`_Decided`) whose evidence, candidates and ``also`` are worked
out when first read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any, Protocol

from coordinator.records import Record
from coordinator.routing.query import _Query, _Trigger


class _Ranker(Protocol):
    """What a lazy decision reads from the router that made it (:class:`_Listed`,
    :func:`_decided`)."""

    names: list[str]

    def evidence(self, index: int, query: _Query, fired: Sequence[_Trigger]) -> list[str]: ...

    def coverage(self, index: int, query: _Query) -> float: ...


@dataclass(slots=True)
class Candidate:
    """One agent considered for a request: its score and the evidence that matched.

    A plain dataclass: five are built per request, and routing must stay under 0.1 ms.
    """

    agent: str
    score: float
    matched: list[str] = field(default_factory=list)


#: The slots that hold a candidate's evidence and rounded score (what :class:`_Listed` fills).
_MATCHED: Any = vars(Candidate)["matched"]


_SCORED: Any = vars(Candidate)["score"]


class _Listed(Candidate):
    """A candidate whose evidence is built when first read: most of the five a route ranks
    are never shown (the decision reads the chosen one's, the output all five), and building
    each costs more than the rest of the candidate. Reads, compares, copies, pickles and
    prints as the :class:`Candidate` it stands for. Its score is rounded on first read too
    (the decision reads the chosen one's)."""

    __slots__ = ("_source", "_total")
    #: What builds the evidence until it is built (None once built or set).
    _source: tuple[_Ranker, int, _Query, Sequence[_Trigger]] | None
    #: The unrounded score until the score is read or set (then None).
    _total: float | None

    @property
    def score(self) -> float:
        """The score, rounded to three decimals (on the first read, then kept)."""
        total = self._total
        if total is not None:
            self.score = rounded = _round3(total)
            return rounded
        return _SCORED.__get__(self)  # type: ignore[no-any-return]

    @score.setter
    def score(self, value: float) -> None:
        _SCORED.__set__(self, value)
        self._total = None

    @property
    def matched(self) -> list[str]:
        """The evidence (built on the first read, then kept)."""
        source = self._source
        if source is not None:  # not yet read: build it (no exception raised: they cost)
            router, index, query, fired = source
            self.matched = found = router.evidence(index, query, fired)
            return found
        return _MATCHED.__get__(self)  # type: ignore[no-any-return]

    @matched.setter
    def matched(self, value: list[str]) -> None:
        _MATCHED.__set__(self, value)
        self._source = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Candidate):
            return NotImplemented
        return (self.agent, self.score, self.matched) == (other.agent, other.score, other.matched)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(Candidate(self.agent, self.score, self.matched))

    def __reduce__(self) -> tuple[type[Candidate], tuple[str, float, list[str]]]:
        return Candidate, (self.agent, self.score, self.matched)


_new = object.__new__


#: What a "none" decision's reason begins with: the words ``coord route`` and ``coord
#: run`` say it in (``route --json``'s reason said "no specialist fits: " while its text
#: said "No agent fits this request:": one wording, the word of ``--agent``).
NO_FIT = "no agent fits this request: "
#: The reason of a request that holds no word to route on.
NO_WORDS = "the request has no words to route on"


@dataclass(kw_only=True)
class RouteDecision(Record):
    """Which agent (None when nothing fits), why, who came close, and who else is involved."""

    agent: str | None
    score: float = 0.0
    matched: list[str] = field(default_factory=list)
    redirected_from: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    reason: str = ""
    coverage: float = 0.0
    also: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The documented JSON shape of ``coord route --json``."""
        return {
            "agent": self.agent,
            "score": self.score,
            "matched": self.matched,
            "redirected_from": self.redirected_from,
            "reason": self.reason,
            "candidates": [asdict(c) for c in self.candidates],
            "also": self.also,
        }


#: A field of a :class:`_Decided` not worked out yet.
_PENDING: Any = object()


class _Decided(RouteDecision):
    """A decision whose ``candidates`` and ``also`` are worked out when first read: the
    decision and its reason read neither (the chosen one's score and evidence are worked
    out directly), ``also`` explains up to two more agents, and the engine reads only the
    agent, score, evidence and reason (``coord route`` prints the candidates, ``coord run``
    and ``coord route`` the others involved). Reads, compares, copies, pickles and prints as
    the :class:`RouteDecision` it stands for."""

    @property
    def candidates(self) -> list[Candidate]:
        """The top candidates, best first (listed on the first read), the chosen one among
        them: one chosen from below them (an act's agent, a runner-up) takes the last place,
        as ``coord route`` showed a table without the agent it had just named."""
        state = self.__dict__
        found: list[Candidate] = state["candidates"]
        if found is _PENDING:
            router, chosen, ranked, query, fired = state["_source"]
            if ranked and all(index != chosen for index, _ in ranked):
                ranked = [*ranked[:-1], (chosen, state["score"])]
            found = state["candidates"] = router.listed(ranked, query, fired)
        return found

    @candidates.setter
    def candidates(self, value: list[Candidate]) -> None:
        self.__dict__["candidates"] = value

    @property
    def also(self) -> list[str]:
        """The other agents the request clearly involves (worked out on the first read)."""
        state = self.__dict__
        found: list[str] = state["also"]
        if found is _PENDING:
            router, chosen, ranked, query, _ = state["_source"]
            found = state["also"] = router.also(chosen, ranked, query)
        return found

    @also.setter
    def also(self, value: list[str]) -> None:
        self.__dict__["also"] = value

    def plain(self) -> RouteDecision:
        """The same decision as a plain :class:`RouteDecision`."""
        values = {f.name: getattr(self, f.name) for f in dataclass_fields(RouteDecision)}
        return RouteDecision(**values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RouteDecision):
            return NotImplemented
        mine = self.plain()
        return mine == (other.plain() if isinstance(other, _Decided) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.plain())

    def __reduce__(self) -> tuple[Any, ...]:
        return _plain_decision, (self.plain().__dict__,)


def read_query(decision: RouteDecision) -> _Query | None:
    """The request as the router read it for ``decision``, when the decision holds it (a
    :class:`_Decided` does: routing the same request again need not read it twice)."""
    source = decision.__dict__.get("_source")
    return None if source is None else source[3]


def _plain_decision(values: dict[str, Any]) -> RouteDecision:
    """A :class:`RouteDecision` from its fields (what a :class:`_Decided` pickles as)."""
    return RouteDecision(**values)


def _decided(
    source: tuple[_Ranker, int, list[tuple[int, float]], _Query, dict[int, list[_Trigger]]],
    found: tuple[float, list[str], str | None],
    reason: str,
) -> _Decided:
    """The decision for the agent ``source`` chose (``found``: its rounded score, evidence
    and the agent it was redirected from); candidates and ``also`` worked out on first read.
    Its fields are written as one ``__dict__``, in field order, as the dataclass
    ``__init__`` writes them (a keyword call through it builds the dict twice)."""
    router, chosen, _, query, _ = source
    score, matched, redirected_from = found
    decision = _new(_Decided)
    decision.__dict__ = {
        "agent": router.names[chosen],
        "score": score,
        "matched": matched,
        "redirected_from": redirected_from,
        "candidates": _PENDING,
        "reason": reason,
        "coverage": _round3(router.coverage(chosen, query)),
        "also": _PENDING,
        "_source": source,
    }
    return decision


#: Below this, ``value * 1000`` is off the exact product by under 2**-22 (half an ulp).
_ROUND_LIMIT = 2.0**31


#: A scaled value this close to a rounding boundary (k + 0.5) is left to ``round``.
_ROUND_MARGIN = 1e-6


def _round3(value: float) -> float:
    """``round(value, 3)``, the same double, by float arithmetic where that is provably
    exact (``round`` formats and parses a decimal string: ~3 K instructions a call).

    ``scaled`` is within 2**-22 of the exact ``value * 1000``; unless it lies within
    _ROUND_MARGIN of a boundary k + 0.5, the exact product rounds (half-even) to the same
    integer k, and ``k / 1000`` is the double nearest k/1000, as ``round``'s parse gives.
    ``scaled - floor(scaled)`` is exact (Sterbenz). Zero, negatives, huge values, NaN and
    near-ties go to ``round`` itself."""
    scaled = value * 1000.0
    if not 0.0 < scaled < _ROUND_LIMIT:
        return round(value, 3)
    whole = math.floor(scaled)
    fraction = scaled - whole
    if fraction < 0.5 - _ROUND_MARGIN:
        return whole / 1000
    if fraction > 0.5 + _ROUND_MARGIN:
        return (whole + 1) / 1000
    return round(value, 3)
