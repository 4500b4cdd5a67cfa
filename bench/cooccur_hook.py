"""Round 16's expansion by corpus associations, installed over the router for experiments only.

It did not pay (bench/RESULTS.md, "Routing dev sets (round 16)"), so nothing of it lives in
coordinator/; :func:`install` wraps :class:`coordinator.routing.lexical.Router` in-process the
way the tried hook in ``Router._plan`` worked:

- a request word the roster lacks altogether (not in any agent's definition: no term, no
  sub-word, typo or transliteration relative, no everyday-word domain from
  :mod:`coordinator.routing.concepts`, not a number) stands for at most :attr:`State.most` of
  the terms the corpus associates with it (bench/build_cooccur.py) that some agent describes
  itself by, each at :attr:`State.factor` (capped at the router's RELATED_FACTOR);
- such a word weighs in coverage as an unknown word does, and its associates rank agents but
  explain nothing (they cannot make an agent fit: "none" stays as it was).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coordinator.routing import lexical
from coordinator.routing.text import ABBREVIATIONS, term_list


@dataclass
class State:
    """The expansion's table (term -> associates, space-separated) and its two knobs."""

    table: dict[str, str] = field(default_factory=dict)
    factor: float = 0.1
    most: int = 1


STATE = State()
_PLAN = lexical.Router._plan
_QUERY = lexical.Router.query


def _associates(router: lexical.Router, term: str) -> tuple[str, ...]:
    found = STATE.table.get(term, "").split()
    kept = [a for a in found if a in router.described_vocab and a != term]
    return tuple(kept[: STATE.most])


def _plan(router: lexical.Router, word: str) -> tuple[lexical._TermPlan, ...]:
    plan = router._plans.get(word)
    if plan is not None:
        return plan
    plan = _PLAN(router, word)
    items = list(plan)
    associated: set[str] = router.__dict__.setdefault("associated", set())
    for position, _ in enumerate(term_list(word)):
        t, idf, others, share, best, own = items[position]
        lacks = not others and own is lexical._Kind.WORD and t not in router.idf
        if not lacks or (position and word in ABBREVIATIONS):
            continue
        found = _associates(router, t)
        if not found:
            continue
        best = max(router.idf[a] for a in found)
        weight = min(best, router.neutral * lexical.UNKNOWN_FACTOR)
        share = min(lexical.RELATED_FACTOR, STATE.factor)
        items[position] = (t, idf, found, share, weight, own)
        associated.add(t)
    plan = tuple(items)
    router._plans[word] = plan
    return plan


def _query(router: lexical.Router, request: str) -> lexical._Query:
    query = _QUERY(router, request)
    for t in router.__dict__.get("associated", ()):
        if t in query.related:
            query.related[t] = ()  # associates rank, but explain nothing
    return query


def install() -> None:
    """Wrap the router's query planning (for this process: bench scripts only)."""
    lexical.Router._plan = _plan  # type: ignore[method-assign]
    lexical.Router.query = _query  # type: ignore[method-assign]


def reset(router: lexical.Router) -> None:
    """Forget ``router``'s query plans (after a change of :data:`STATE`)."""
    router._plans = {}
    router.__dict__.pop("associated", None)
