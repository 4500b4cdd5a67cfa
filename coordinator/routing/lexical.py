"""Route a request to the specialist whose definition fits it.

Every agent is indexed once (:class:`Router`) over stemmed terms (see
:mod:`coordinator.routing.text`) of four fields, scored BM25-style with field weights: its
name and aliases, its explicit triggers, its description (without the NOT-for block) and,
with a low weight, its body. A request then only touches the postings of its own terms.

On top of the lexical score:

- an explicit trigger whose every term is in the request adds a bonus and is reported;
- when the best agent's description says the request's topic is NOT for it, the request goes
  to that topic's target (``redirected_from`` names the agent it was taken from);
- when the best agent explains too little of the request (its matched share of the request's
  informative weight, :data:`MIN_COVERAGE`) or scores too low (:data:`MIN_SCORE`), no
  specialist fits and ``agent`` is None, with the nearest candidates listed.
"""

from __future__ import annotations

import heapq
import math
import sys
import weakref
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel, Field

from coordinator.roster import triggers
from coordinator.roster.registry import AgentSpec, Registry
from coordinator.routing import index_cache
from coordinator.routing import text as text_module
from coordinator.routing.text import STOPWORDS, term, terms, words

#: Field weights: how much a term in each part of a definition counts.
FIELD_WEIGHTS: dict[str, float] = {"name": 3.0, "triggers": 2.0, "description": 1.0, "body": 0.2}
K1 = 1.2
B = 0.75
#: A fully matched explicit trigger adds this times the idf of its terms.
TRIGGER_BONUS = 1.0
#: Postings kept per term (highest contributions first): bounds the work per request.
MAX_POSTINGS = 32
#: The chosen agent must explain at least this share of the request's informative weight...
MIN_COVERAGE = 0.15
#: ...and score at least this much...
MIN_SCORE = 0.5
#: ...and show at least this much evidence: a request word in the agent's name counts 2, in
#: its triggers or description 1, only in its body 0.5; a fully matched trigger suffices.
MIN_EVIDENCE = 1.5
#: How many candidates a decision lists.
TOP_CANDIDATES = 5


class Candidate(BaseModel):
    """One agent considered for a request: its score and the evidence that matched."""

    agent: str
    score: float
    matched: list[str] = Field(default_factory=list)


class RouteDecision(BaseModel):
    """Which agent (None when nothing fits), why, and who came close."""

    agent: str | None
    score: float = 0.0
    matched: list[str] = Field(default_factory=list)
    redirected_from: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    reason: str = ""
    coverage: float = 0.0

    def to_json(self) -> dict[str, object]:
        """The documented JSON shape of ``coord route --json``."""
        return {
            "agent": self.agent,
            "score": self.score,
            "matched": self.matched,
            "redirected_from": self.redirected_from,
            "candidates": [c.model_dump() for c in self.candidates],
        }


@dataclass
class _Trigger:
    agent: int
    text: str
    terms: frozenset[str]
    weight: float


@dataclass
class _Exclusion:
    topic: str
    terms: frozenset[str]
    target: str | None


@dataclass
class _Query:
    terms: list[str]
    unique: set[str]
    surface: dict[str, str] = field(default_factory=dict)


class Router:
    """A prebuilt routing index over one registry's agents."""

    def __init__(self, registry: Registry):
        agents = list(registry)
        self.names = [a.name for a in agents]
        self.index_of = {name: i for i, name in enumerate(self.names)}
        fields = [_fields(a) for a in agents]
        self.agent_terms: list[dict[str, float]] = []
        self.body_only: list[frozenset[str]] = []
        self.in_name: list[frozenset[str]] = [frozenset(f["name"]) for f in fields]
        self._build_weights(fields)
        self.triggers = self._build_triggers(agents)
        self.exclusions = [
            [_Exclusion(e.topic, frozenset(terms(e.topic)), e.target) for e in a.exclusions]
            for a in agents
        ]

    def _build_weights(self, fields: list[dict[str, Counter[str]]]) -> None:
        count = len(fields)
        averages = {
            f: max(1.0, sum(sum(d[f].values()) for d in fields) / max(count, 1))
            for f in FIELD_WEIGHTS
        }
        df: Counter[str] = Counter()
        for doc in fields:
            df.update(set().union(*(doc[f] for f in FIELD_WEIGHTS)))
        self.idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self.unknown_idf = max(self.idf.values(), default=1.0)
        postings: dict[str, list[tuple[float, int]]] = {}
        for index, doc in enumerate(fields):
            pseudo: dict[str, float] = {}  # BM25F: field-weighted, length-normalised tf
            for name, factor in FIELD_WEIGHTS.items():
                length = sum(doc[name].values())
                norm = 1 - B + B * length / averages[name]
                for t, tf in doc[name].items():
                    pseudo[t] = pseudo.get(t, 0.0) + factor * tf / norm
            weights = {t: tf * (K1 + 1) / (tf + K1) for t, tf in pseudo.items()}
            self.agent_terms.append(weights)
            described = set().union(*(doc[f] for f in FIELD_WEIGHTS if f != "body"))
            self.body_only.append(frozenset(set(doc["body"]) - described))
            for t, w in weights.items():
                postings.setdefault(t, []).append((w * self.idf[t], index))
        self.postings = {
            t: [(i, s) for s, i in sorted(p, reverse=True)[:MAX_POSTINGS]]
            for t, p in postings.items()
        }

    def _build_triggers(self, agents: list[AgentSpec]) -> dict[str, list[_Trigger]]:
        by_term: dict[str, list[_Trigger]] = {}
        for index, agent in enumerate(agents):
            for text in agent.triggers:
                found = frozenset(terms(text))
                if not found:
                    continue
                weight = TRIGGER_BONUS * sum(self.idf.get(t, 0.0) for t in found)
                trigger = _Trigger(index, text, found, weight)
                for t in found:
                    by_term.setdefault(t, []).append(trigger)
        return by_term

    def query(self, request: str) -> _Query:
        """The request's terms, with the surface word each term came from."""
        surface: dict[str, str] = {}
        found: list[str] = []
        for word in words(request):
            if word in STOPWORDS or len(word) < 2:
                continue
            t = term(word)
            found.append(t)
            surface.setdefault(t, word)
        return _Query(found, set(found), surface)

    def scores(self, query: _Query) -> tuple[dict[int, float], dict[int, list[_Trigger]]]:
        """Lexical scores plus trigger bonuses for every agent the request touches."""
        totals: dict[int, float] = {}
        get = totals.get
        postings = self.postings
        for t in query.unique:
            for index, contribution in postings.get(t, ()):
                totals[index] = get(index, 0.0) + contribution
        fired: dict[int, list[_Trigger]] = {}
        seen: set[int] = set()
        for t in query.unique:
            for trigger in self.triggers.get(t, ()):
                if id(trigger) in seen or not trigger.terms <= query.unique:
                    continue
                seen.add(id(trigger))
                fired.setdefault(trigger.agent, []).append(trigger)
                totals[trigger.agent] = totals.get(trigger.agent, 0.0) + trigger.weight
        return totals, fired

    def coverage(self, index: int, query: _Query) -> float:
        """Share of the request's informative weight that agent ``index`` explains.

        Each request term weighs its idf (a term no agent knows weighs as much as the rarest
        known one). A term in the agent's name counts double, one only in its body half.
        """
        known = self.agent_terms[index]
        body_only, in_name = self.body_only[index], self.in_name[index]
        total = matched = 0.0
        for t in query.unique:
            weight = self.idf.get(t, self.unknown_idf)
            total += weight
            if t in known:
                factor = 2.0 if t in in_name else 0.5 if t in body_only else 1.0
                matched += weight * factor
        return min(1.0, matched / total) if total else 0.0

    def strength(self, index: int, query: _Query) -> float:
        """How much the request's words say about agent ``index`` (see MIN_EVIDENCE)."""
        known, body_only, in_name = (
            self.agent_terms[index],
            self.body_only[index],
            self.in_name[index],
        )
        return sum(
            2.0 if t in in_name else 0.5 if t in body_only else 1.0
            for t in query.unique
            if t in known
        )

    def evidence(self, index: int, query: _Query, fired: list[_Trigger]) -> list[str]:
        """Human-readable evidence: fired triggers, then matched request words."""
        known, idf = self.agent_terms[index], self.idf
        ranked = sorted((t for t in query.unique if t in known), key=lambda t: -known[t] * idf[t])
        items = [f'trigger "{t.text}"' for t in sorted(fired, key=lambda t: -t.weight)]
        return items + [query.surface[t] for t in ranked]

    def route(self, request: str) -> RouteDecision:
        """Choose the specialist for ``request`` (see the module docstring)."""
        query = self.query(request)
        if not query.unique:
            return RouteDecision(agent=None, reason="the request has no words to route on")
        totals, fired = self.scores(query)
        top = heapq.nlargest(TOP_CANDIDATES, totals.items(), key=itemgetter(1))
        ranked = sorted(top, key=lambda item: (-item[1], self.names[item[0]]))
        candidates = [
            Candidate.model_construct(
                agent=self.names[i],
                score=round(s, 3),
                matched=self.evidence(i, query, fired.get(i, [])),
            )
            for i, s in ranked
        ]
        if not ranked:
            return RouteDecision(agent=None, reason="no agent shares a word with the request")
        return self._decide(query, ranked, totals, fired, candidates)

    def _decide(
        self,
        query: _Query,
        ranked: list[tuple[int, float]],
        totals: dict[int, float],
        fired: dict[int, list[_Trigger]],
        candidates: list[Candidate],
    ) -> RouteDecision:
        best, score = ranked[0]
        coverage = self.coverage(best, query)
        evidence = 2.0 if fired.get(best) else self.strength(best, query)
        if score < MIN_SCORE or coverage < MIN_COVERAGE or evidence < MIN_EVIDENCE:
            return RouteDecision(
                agent=None,
                score=round(score, 3),
                candidates=candidates,
                coverage=round(coverage, 3),
                reason=f"no specialist fits: the nearest, {self.names[best]}, explains "
                f"{coverage:.0%} of the request (needs {MIN_COVERAGE:.0%}), evidence "
                f"{evidence:.1f} (needs {MIN_EVIDENCE:.1f}), score {score:.2f} "
                f"(needs {MIN_SCORE:.2f})",
            )
        chosen, redirected_from, reason = best, None, "best lexical and trigger match"
        exclusion = self._excluded(best, query)
        if exclusion is not None:
            target = self._redirect_target(exclusion, ranked, query)
            if target is not None and target != best:
                chosen, redirected_from = target, self.names[best]
                reason = f'{self.names[best]} says "{exclusion.topic}" is not for it'
        listed = next((c for c in candidates if c.agent == self.names[chosen]), None)
        matched = listed.matched if listed else self.evidence(chosen, query, fired.get(chosen, []))
        return RouteDecision(
            agent=self.names[chosen],
            score=round(totals.get(chosen, 0.0), 3),
            matched=matched,
            redirected_from=redirected_from,
            candidates=candidates,
            coverage=round(self.coverage(chosen, query), 3),
            reason=reason,
        )

    def _redirect_target(
        self, exclusion: _Exclusion, ranked: list[tuple[int, float]], query: _Query
    ) -> int | None:
        """Where an excluded request goes: the named target, else the runner-up if it fits."""
        if exclusion.target is not None and exclusion.target in self.index_of:
            return self.index_of[exclusion.target]
        if len(ranked) > 1 and ranked[1][1] >= MIN_SCORE:
            if self.coverage(ranked[1][0], query) >= MIN_COVERAGE:
                return ranked[1][0]
        return None

    def _excluded(self, index: int, query: _Query) -> _Exclusion | None:
        """The NOT-for topic of agent ``index`` the request is about, if any."""
        best: tuple[int, _Exclusion] | None = None
        for exclusion in self.exclusions[index]:
            hits = len(exclusion.terms & query.unique)
            if hits and hits >= math.ceil(len(exclusion.terms) / 2):
                if best is None or hits > best[0]:
                    best = (hits, exclusion)
        return best[1] if best else None


def _fields(agent: AgentSpec) -> dict[str, Counter[str]]:
    name_text = " ".join([agent.name.replace("-", " "), *agent.aliases])
    return {
        "name": Counter(terms(name_text)),
        "triggers": Counter(t for trigger in agent.triggers for t in terms(trigger)),
        "description": Counter(terms(agent.routing_text or agent.description)),
        "body": Counter(terms(agent.body)),
    }


_ROUTERS: weakref.WeakKeyDictionary[Registry, Router] = weakref.WeakKeyDictionary()


def router_for(registry: Registry) -> Router:
    """The routing index for ``registry``, built on first use and kept while it lives.

    A large roster loaded with the cache on reuses an index stored by an earlier process
    for exactly the same files (:mod:`coordinator.routing.index_cache`).
    """
    router = _ROUTERS.get(registry)
    if router is None:
        key = None
        if registry.cache_dir is not None and len(registry) >= index_cache.MIN_AGENTS:
            code = [Path(m.__file__ or "") for m in (lexical_module(), text_module, triggers)]
            key = index_cache.roster_key((a.source for a in registry), code)
        if key is None or registry.cache_dir is None:
            router = Router(registry)
        else:
            router = index_cache.cached(registry.cache_dir, key, lambda: Router(registry))
        _ROUTERS[registry] = router
    return router


def lexical_module() -> ModuleType:
    """This module (its source is part of the index cache key)."""
    return sys.modules[__name__]


def route(request: str, registry: Registry) -> RouteDecision:
    """Choose the specialist for ``request`` from ``registry`` (index built once per registry)."""
    return router_for(registry).route(request)
