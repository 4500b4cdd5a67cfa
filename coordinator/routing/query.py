"""A request as the routing index sees it (:class:`_Query`), how each of its words enters it
(:data:`_TermPlan`), and an agent's explicit triggers (:class:`_Trigger`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from itertools import chain, repeat

from coordinator.routing.text import term_list
from coordinator.routing.tuning import KNOWN_RELATED_FACTOR, RELATED_FACTOR, TRANSLIT_FACTOR

#: How one term of a surface word enters a query: term, idf (0 when unknown), the roster
#: terms it stands for, their factor, their best idf, where it comes from (a :class:`_Kind`'s
#: int: a plan is kept per word, and a tuple holding an enum member stays tracked by the
#: cyclic collector for good, one of strings and numbers only until its first collection).
_TermPlan = tuple[str, float, tuple[str, ...], float, float, int]


#: What a candidate's frame share reads for one set of frames: their domain terms with
#: their idf, the terms alone, and the idfs' sum (:meth:`Scorer.frame_share`).
_FrameIdf = tuple[tuple[tuple[str, float], ...], tuple[str, ...], float]


#: What explaining one request term takes (:meth:`_Query.explains`): the term, whether it is
#: an everyday word only bodies use, its roster relatives, their share, their best idf.
_Explains = tuple[str, bool, tuple[str, ...], float, float]


class _Kind(IntEnum):
    """Where a query term comes from: a word (unknown: neutral weight), a word with digits
    (unknown: no weight), a technology an error code, phrase or port names (unknown: none)."""

    WORD = 0
    NUMBER = 1
    NAMED = 2
    #: An everyday word only agents' bodies use, on a large roster (weight damped).
    BODY_WORD = 3
    #: A Ukrainian word spelled like a word of an agent's name (тайпскрипт: typescript).
    SPELLED = 4


#: The kinds a plan holds (:data:`_TermPlan`), as ints (read as globals: a member read
#: through its class costs a ``__getattr__`` hook, its ``.value`` a property, per read).
_WORD, _NUMBER, _NAMED, _BODY_WORD, _SPELLED = (
    _Kind.WORD.value,
    _Kind.NUMBER.value,
    _Kind.NAMED.value,
    _Kind.BODY_WORD.value,
    _Kind.SPELLED.value,
)


@dataclass
class _Trigger:
    agent: int
    text: str
    terms: frozenset[str]
    weight: float
    #: Set when the trigger must appear as written (a phrase that is one term plus glue).
    phrase: tuple[str, ...] = ()


@dataclass
class _Query:
    """A request as the index sees it.

    ``weights`` maps every term to look up (the request's own and the roster terms they
    stand for) to its factor; ``basis`` maps each request term to its share of the
    denominator of coverage, ``related`` to the roster terms it stands for.
    """

    weights: dict[str, float]
    basis: dict[str, float]
    related: dict[str, tuple[str, ...]]
    surface: dict[str, str] = field(default_factory=dict)
    #: Terms only an everyday word's domain brought in (concepts): they rank and explain,
    #: but a NOT-for topic is about what the request itself says.
    broad: frozenset[str] = frozenset()
    #: Everyday words only agents' bodies use (large roster): explained at a discount.
    body_words: frozenset[str] = frozenset()
    #: Ukrainian words read as an agent's name in another script (тайпскрипт): their
    #: roster terms count TRANSLIT_FACTOR.
    spelled: frozenset[str] = frozenset()
    #: The request's surface words (what :func:`words` gives).
    tokens: list[str] = field(default_factory=list)
    #: Per agent, what it explains (filled on demand while one request is routed).
    explained: dict[int, dict[str, float]] = field(default_factory=dict)
    #: Per agent, the share of the request it explains (filled on demand).
    covered: dict[int, float] = field(default_factory=dict)
    #: Per request term, what any agent's explanation of it needs (computed once).
    _explains: list[_Explains] | None = None
    #: The terms of the outcome frames the request holds (coordinator.routing.outcomes).
    framed: frozenset[str] = frozenset()
    #: Per set of its frames, their domain terms with their idf, the terms alone, and the
    #: idfs' sum (what each candidate's frame share reads: made once a request, on demand).
    frame_idf: dict[frozenset[str], _FrameIdf] = field(default_factory=dict)
    #: Round 101: the language the request moves code to from another it names ("from
    #: python to go": go), "" when it names no such move (frameworks.moved_languages).
    moved_to: str = ""
    #: The languages the request writes itself (choice_named._named_languages, filled on demand).
    languages: dict[str, float] | None = None
    #: Round 105: the terms of the label the request opens with ("вебпак 5: ...": webpack),
    #: empty for most (frameworks.label_terms).
    label: frozenset[str] = frozenset()
    #: The request as written (``also`` routes its clauses).
    text: str = ""
    #: The request's surface words as a set (:attr:`own`, made on first use).
    _own: frozenset[str] | None = None
    #: The request's terms in order (:attr:`sequence`, made on first use).
    _sequence: tuple[str, ...] | None = None

    _total: float | None = None

    @property
    def own(self) -> frozenset[str]:
        """The request's surface words (:attr:`tokens`) as a set (computed once)."""
        if self._own is None:
            self._own = frozenset(self.tokens)
        return self._own

    @property
    def sequence(self) -> tuple[str, ...]:
        """The request's terms in order (each token's :func:`term_list`), made on first
        read (a phrase trigger's test, a whole feature's layers, the platform a request
        names: :meth:`~coordinator.routing.offtopic.ForeignPlatforms.named`), once."""
        if self._sequence is None:
            self._sequence = tuple(chain.from_iterable(map(term_list, self.tokens)))
        return self._sequence

    @property
    def total(self) -> float:
        """The denominator of coverage: the request's whole weight (computed once)."""
        if self._total is None:
            self._total = sum(self.basis.values())
        return self._total

    def explains(self, idf: dict[str, float], generic: frozenset[str]) -> list[_Explains]:
        """Per request term: whether it is an everyday word only bodies use, the roster terms
        it stands for, their share, and (when one of them is generic) their best idf."""
        if self._explains is None:
            items = []
            related, spelled, body_words = self.related, self.spelled, self.body_words
            for t in self.basis:
                others = related.get(t) or ()
                if t in spelled:
                    share = TRANSLIT_FACTOR
                else:
                    share = KNOWN_RELATED_FACTOR if t in idf else RELATED_FACTOR
                top = 0.0
                if others and not generic.isdisjoint(others):
                    top = max(map(idf.get, others, repeat(0.0)))  # in C: no generator
                items.append((t, t in body_words, others, share, top))
            self._explains = items
        return self._explains

    @property
    def unique(self) -> set[str]:
        """Every term the request touches, but for those only an everyday word's domain
        brought in."""
        return set(self.weights) - self.broad


def _fires(trigger: _Trigger, query: _Query) -> bool:
    if not query.weights.keys() >= trigger.terms:  # the view asked first (see Scorer.scores)
        return False
    if not trigger.phrase:
        return True
    size, sequence = len(trigger.phrase), query.sequence
    return any(sequence[i : i + size] == trigger.phrase for i in range(len(sequence) - size + 1))
