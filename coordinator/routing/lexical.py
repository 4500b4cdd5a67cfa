"""Route a request to the specialist whose definition fits it.

Every agent is indexed once (:class:`Router`) over stemmed terms (see
:mod:`coordinator.routing.text`) of four fields, scored BM25-style with field weights: its
name and aliases, its explicit triggers, its description (without the NOT-for block) and,
with a low weight, its body. Everyday English words weigh half their idf; a technology name
that is also an English word (go, rest, spring) counts only when written as a technology.
A request then only touches the postings of its own terms and of the roster terms they stand
for (sub-words, typos, transliterated Ukrainian: :mod:`coordinator.routing.match`) and of the
technologies its error codes, config keys, file names and ports name
(:mod:`coordinator.routing.signatures`); a Ukrainian spelling of a word of an agent's name
(тайпскрипт, флатер: compared with the name as written) counts as that word itself
(:data:`TRANSLIT_FACTOR`). Each term keeps its strongest postings plus a few of the agents
whose name, triggers or description hold it (:data:`DESCRIBED_POSTINGS`), so long bodies
cannot push out what an agent says it is for. A term in few agents' names weighs at least a
share of its idf among names (api-documenter, where every body says api). On a large roster an
everyday word no agent describes itself with (only bodies use it: login, page) counts less as
itself and brings its domain (:mod:`coordinator.routing.concepts`), and a relative that over
half the agents hold (error for "hang") explains a word only in proportion to its idf. On a
large roster with long bodies a body alone holding a term counts half a document towards its
idf (:data:`BODY_DF`), so a word every body uses in passing still weighs for the agents that
describe themselves by it. Version tags (v2) are no terms, like bare numbers. A shipping
event named as a moment ("after the last release": :func:`moment`) is left out, and a word
whose neighbours choose its second sense (an access token: :func:`sense`) reads as that sense.

On top of the lexical score:

- an explicit trigger whose every term is in the request adds a bonus and is reported (a
  one-term trigger less; a quoted phrase such as "ship or no ship" only as written);
- when the best agent's description says the request's topic is NOT for it, the request goes
  to that topic's target if the target matches it too (``redirected_from`` names the agent
  it was taken from); the topic must be named by its words, not by one common word of it
  (:mod:`coordinator.routing.redirects`);
- no specialist fits when the request is about everyday life and names nothing software is
  made of (:mod:`coordinator.routing.offtopic`: a poem, a car's error code), unless an agent
  says it is for such things;
- no specialist fits (``agent`` None, nearest candidates listed) when the best agent's score
  is under :data:`MIN_SCORE` of the roster's top idf, or it explains under
  :data:`MIN_COVERAGE` of the request's weight (known terms by idf, unknown words at half the
  median idf, numbers and config keys not at all) and no two-term trigger evidence fired; on a
  large roster also when the request touches only words the agent's body mentions in passing
  (not its name, triggers, description or words its body repeats); and, as for one weak
  word, when all the agent explains is everyday English words with no developer domain
  (learn, goes, well: :data:`SINGLE_TERM_COVERAGE` of the request);
- a near tie (within :data:`CLOSE_SCORE`) goes to the candidate that explains clearly more of
  the request; when the top scorer is no fit, a candidate scoring :data:`RUNNER_UP` of it
  (:data:`SMALL_RUNNER_UP` on a small roster) that fits and explains more takes over;
- ``also`` names other agents that explain a clear share of what the chosen one does not.

The thresholds were calibrated on the dev sets in ``../shared/routing`` (see
``bench/eval_routing.py`` and bench/RESULTS.md).
"""

from __future__ import annotations

import functools
import math
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from enum import IntEnum
from itertools import chain
from operator import itemgetter
from typing import Any

from coordinator.errors import UserError
from coordinator.records import Record
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.routing import (
    concepts,
    index_cache,
    redirects,
    signatures,
)
from coordinator.routing.match import Vocabulary
from coordinator.routing.offtopic import (
    field_agents,
    foreign_platforms,
    life_subject,
    serves_life,
)
from coordinator.routing.text import (
    ABBREVIATIONS,
    STOPWORDS,
    config_words,
    is_cyrillic,
    stem_en,
    stem_uk,
    term_list,
    terms,
    words,
)
from coordinator.routing.vocab import (
    COMMON_WORDS,
    COMMON_WORDS_UK,
    FULL_STACK,
    LAYERS,
    MOMENT_EVENTS,
    MOMENT_GLUE,
    MOMENT_MARKERS,
    SENSE_SPAN,
    SENSES,
    TECH_CONTEXT,
    TECH_HOMONYMS,
)

#: On a large roster whose bodies are long (at least LONG_BODY terms on average), an agent
#: whose body alone holds a term counts this share of one towards the term's document
#: frequency: a word every body uses in passing (dependency, upgrade) stays specific to the
#: agents whose name, triggers or description say it.
BODY_DF = 0.5
LONG_BODY = 400
#: Field weights: how much a term in each part of a definition counts.
FIELD_WEIGHTS: dict[str, float] = {"name": 3.0, "triggers": 2.0, "description": 1.0, "body": 0.2}
K1 = 1.2
B = 0.75
#: A fired explicit trigger adds this times the idf of its terms...
TRIGGER_BONUS = 1.0
#: ...but a one-term trigger only this much, so it cannot outweigh a many-term match.
SINGLE_TRIGGER_BONUS = 0.6
#: A term in an agent's name weighs at least this share of its idf among names only.
NAME_IDF = 0.25
#: Postings kept per term (highest contributions first): bounds the work per request.
MAX_POSTINGS = 12
#: A roster term reached through a sub-word, a typo or a transliteration counts this much...
RELATED_FACTOR = 0.5
#: A shipping event named as a moment is left out when the request has this many words
#: besides the moment and stopwords: "what to check after a release" keeps it.
MOMENT_REST = 2
#: ...or this much when the request's own term is in the roster too (it is the main evidence).
KNOWN_RELATED_FACTOR = 0.25
#: A Ukrainian word the roster lacks that transliterates to a word of an agent's name
#: (тайпскрипт -> typescript-pro, флатер -> flutter-expert) counts this much: it is that
#: technology's name in another script, not a guess at an ordinary word.
TRANSLIT_FACTOR = 1.0
#: A Ukrainian spelling may meet a roster term by its sound only when some agent describes
#: itself by the term and its idf is at least this share of the roster's highest (сноуфлейк
#: no, ейрфлоу -> airflow, ридмі -> readme; not зараз -> serious, скоро -> score).
SOUND_IDF = 0.5
#: A term found in more than 1/COMMON_DF of the agents keeps only GENERIC_POSTINGS postings
#: (it says little, and reading all its postings is most of the work per request).
COMMON_DF = 8
GENERIC_POSTINGS = 8
#: Besides those, at most this many more postings per term, of the agents whose name, triggers
#: or description hold it (strongest first): long bodies cannot push them all out.
DESCRIBED_POSTINGS = 8
#: Postings read for a related term (its strongest agents only).
RELATED_POSTINGS = 4
#: Everyday English words weigh this share of their roster idf (vocab.COMMON_WORDS)...
COMMON_FACTOR = 0.5
#: ...and a technology name used as a plain English word this share.
HOMONYM_FACTOR = 0.2
#: An everyday word only agents' bodies use (large roster) weighs this share in scores.
BODY_WORD_FACTOR = 0.5
#: A word no agent knows weighs this share of the roster's median idf.
UNKNOWN_FACTOR = 0.5
#: A description shorter than this many terms gets full credit for its body's vocabulary.
SHORT_DESCRIPTION = 40
#: Credit for a term only the body knows, when the description is long enough.
BODY_CREDIT = 0.6
#: The chosen agent must explain this share of the request's known weight...
MIN_COVERAGE = 0.15
#: ...or this share when all it explains is one common term (weighing under WEAK_SHARE of
#: the roster's median idf)...
SINGLE_TERM_COVERAGE = 0.5
WEAK_SHARE = 0.5
#: ...and score at least this share of the roster's highest idf (what one rare term is worth).
MIN_SCORE = 0.25
#: Another agent is named in ``also`` when it scores this share of the best and explains
#: this share of the request the chosen one does not.
ALSO_SCORE = 0.35
ALSO_SHARE = 0.2
#: ...among this many top candidates.
ALSO_AMONG = 3
_DIGIT = re.compile(r"[0-9]")
_COMMON_TERMS = frozenset(stem_en(w) for w in COMMON_WORDS) | {stem_uk(w) for w in COMMON_WORDS_UK}
#: Words with an everyday meaning: common English words and the everyday words of
#: developer domains (table, page: book a table).
_PLAIN_TERMS = _COMMON_TERMS | concepts.CONCEPTS.keys()
#: Everyday words that belong to no developer domain (learn, start; not down: an outage).
_EVERYDAY_TERMS = _COMMON_TERMS - concepts.CONCEPTS.keys()
#: On a large roster a request that touches only words an agent's body mentions once in
#: passing (in-flight, return, clause), and nothing else in its definition names, fits no
#: specialist...
#: ...where large means this many agents: then every domain has an agent whose description
#: names it (on a small roster a body's vocabulary is the evidence: button, sidebar).
LARGE_ROSTER = 20
#: Candidates scoring within this share of the best are a near tie, decided by coverage
#: (when one explains at least COVERAGE_LEAD more of the request than the top scorer).
CLOSE_SCORE = 0.1
#: A candidate a fired trigger names alone (Router._named) within this share of a top scorer
#: that no trigger fired for takes the request: a named term outweighs a few plain words.
NAMED_CLOSE = 0.2
COVERAGE_LEAD = 0.05
#: When the top scorer is no fit, a candidate scoring this share of it that fits takes over.
RUNNER_UP = 0.5
#: ...or this share on a small roster, where a few terms' idf is coarse and coverage says more.
SMALL_RUNNER_UP = 0.33
#: How many candidates a decision lists.
TOP_CANDIDATES = 5
#: Surface words whose query plan is kept (bounds the router's memory).
MAX_PLANS = 50_000
#: How one term of a surface word enters a query: term, idf (0 when unknown), the roster
#: terms it stands for, their factor, their best idf, whether the word is a number.
_TermPlan = tuple[str, float, tuple[str, ...], float, float, "_Kind"]
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
    _source: tuple[Router, int, _Query, Sequence[_Trigger]] | None
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
        """The top candidates, best first (listed on the first read)."""
        state = self.__dict__
        found: list[Candidate] = state["candidates"]
        if found is _PENDING:
            router, _, ranked, query, fired = state["_source"]
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


def _plain_decision(values: dict[str, Any]) -> RouteDecision:
    """A :class:`RouteDecision` from its fields (what a :class:`_Decided` pickles as)."""
    return RouteDecision(**values)


def _decided(
    source: tuple[Router, int, list[tuple[int, float]], _Query, dict[int, list[_Trigger]]],
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
    sequence: tuple[str, ...]
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

    _total: float | None = None

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
                    top = max(idf.get(o, 0.0) for o in others)
                items.append((t, t in body_words, others, share, top))
            self._explains = items
        return self._explains

    @property
    def unique(self) -> set[str]:
        """Every term the request touches, but for those only an everyday word's domain
        brought in."""
        return set(self.weights) - self.broad


class Router:
    """A prebuilt routing index over one registry's agents."""

    def __init__(self, registry: Registry):
        agents = list(registry)
        self.names = [a.name for a in agents]
        self.index_of = {name: i for i, name in enumerate(self.names)}
        fields = [_fields(a) for a in agents]
        self.agent_terms: list[dict[str, float]] = []
        #: Per agent, the terms only its body knows while its description is long: they
        #: explain a request term for BODY_CREDIT, every other known term fully.
        self.body_only: list[frozenset[str]] = []
        #: Per agent, the weight of a term its body mentions once and nothing else names: a
        #: term of exactly this weight is a passing mention, not what the agent is for.
        self.passing: list[float] = []
        self._build_weights(fields)
        rare = SOUND_IDF * max(self.idf.values(), default=0.0)
        sounded = (t for t in self.described_vocab if self.idf.get(t, 0.0) >= rare)
        self.vocabulary = Vocabulary(self.idf, _name_spellings(agents), sounded)
        #: The one agent named full-stack, if any: it takes a request for a whole feature.
        self.full_stack = _full_stack(self.names)
        #: Per surface word, how it enters a query (filled on demand, bounded).
        self._plans: dict[str, tuple[_TermPlan, ...]] = {}
        self.neutral = _median(self.idf.values())
        #: Whether some agent says it is for everyday life (a poet): then it takes such requests.
        self.serves_life = serves_life(self.described_vocab)
        #: The platforms no agent covers (round 34): a request written for one is no agent's.
        self.foreign = foreign_platforms(self.described_vocab, _COMMON_TERMS)
        #: The agent for an everyday field some agent covers (round 34: textiles, fiber-expert).
        self.fields = field_agents(self.names, [_described_terms(doc) for doc in fields])
        self.min_score = MIN_SCORE * max(self.idf.values(), default=1.0)
        self.triggers = self._build_triggers(agents)
        #: Per agent, its NOT-for topics, each word judged as evidence against the terms
        #: the agent names itself by (:mod:`coordinator.routing.redirects`).
        self.exclusions = [
            redirects.topics(redirects.topic(e.topic, e.target, claimed) for e in a.exclusions)
            for a, doc in zip(agents, fields, strict=True)
            for claimed in (_claimed(a, doc),)
        ]

    def __getstate__(self) -> dict[str, object]:
        """The index without its per-process cache of query plans (what the cache stores)."""
        return {
            **vars(self),
            "_plans": {},
        }

    def _build_weights(self, fields: list[dict[str, Counter[str]]]) -> None:
        count = len(fields)
        averages = {
            f: max(1.0, sum(sum(d[f].values()) for d in fields) / max(count, 1))
            for f in FIELD_WEIGHTS
        }
        df: Counter[str] = Counter()
        #: Terms that say what some agent is for (on a small roster, any term it holds).
        self.described_vocab = frozenset(
            t
            for doc in fields
            for f in (FIELD_WEIGHTS if count < LARGE_ROSTER else _DESCRIBING)
            for t in doc[f]
        )
        described: Counter[str] = Counter()
        for doc in fields:
            df.update(set().union(*(doc[f] for f in FIELD_WEIGHTS)))
            described.update(set().union(*(doc[f] for f in _DESCRIBING)))
        # long bodies share most developer words: there, a body alone holding a term counts
        # only BODY_DF towards its document frequency
        share = BODY_DF if count >= LARGE_ROSTER and averages["body"] >= LONG_BODY else 1.0
        raw = {
            t: math.log(1 + (count - m + 0.5) / (m + 0.5))
            for t, n in df.items()
            for m in (max(1.0, described[t] + share * (n - described[t])),)
        }
        self.idf = {t: v * (COMMON_FACTOR if t in _COMMON_TERMS else 1) for t, v in raw.items()}
        name_idf = _name_idf(fields)
        #: Terms of agents' names: the technologies a Ukrainian spelling may name.
        self.name_vocab = frozenset(name_idf)
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
            self.body_only.append(_body_only(doc))
            once = FIELD_WEIGHTS["body"] * 1 / norm  # the body is the last field
            self.passing.append(once * (K1 + 1) / (once + K1))
            for t, w in weights.items():
                idf = self.idf[t]
                if t in doc["name"]:
                    idf = max(idf, name_idf[t] * (idf / raw[t]))
                postings.setdefault(t, []).append((w * idf, index))
        #: On a large roster, the terms over half the agents hold (error, test, api): as a
        #: word's relative they explain it only in proportion to their idf (_explained).
        self.generic = frozenset(t for t, n in df.items() if 2 * n > count >= LARGE_ROSTER)
        self.postings = _cut_postings(fields, postings, df)

    def _build_triggers(self, agents: list[AgentSpec]) -> dict[str, list[_Trigger]]:
        by_term: dict[str, list[_Trigger]] = {}
        for index, agent in enumerate(agents):
            for text in agent.triggers:
                found = frozenset(terms(text))
                if not found:
                    continue
                bonus = TRIGGER_BONUS if len(found) > 1 else SINGLE_TRIGGER_BONUS
                # fsum: the same weight whatever order the set's terms come in (hash seed)
                weight = bonus * math.fsum(self.idf.get(t, 0.0) for t in found)
                sequence = tuple(terms(text, keep_stopwords=True))
                phrase = sequence if len(found) == 1 and len(sequence) > 1 else ()
                trigger = _Trigger(index, text, found, weight, phrase)
                # filed under its rarest term only: it fires when all its terms are there
                key = max(sorted(found), key=lambda t: self.idf.get(t, 0.0))
                by_term.setdefault(key, []).append(trigger)
        return by_term

    def query(self, request: str) -> _Query:
        """The request's terms, what each stands for in the roster, and how much each weighs."""
        tokens = words(request)
        config: set[str] | None = None  # found only when an unknown word needs it
        weights: dict[str, float] = {}
        basis: dict[str, float] = {}
        related: dict[str, tuple[str, ...]] = {}
        spelled: set[str] = set()
        surface: dict[str, str] = {}
        unknown = self.neutral * UNKNOWN_FACTOR
        body_words: set[str] = set()
        # an enum member read through its class costs a __getattr__ hook per read (3.11)
        body_word, plain_word, spelled_word = _Kind.BODY_WORD, _Kind.WORD, _Kind.SPELLED
        plans = self._plans
        for word, factor in self._words(request, tokens):
            # surface and weights hold the same terms (each weight is above zero): one
            # membership test decides both, and tests stand in for get/setdefault calls
            for t, idf, others, share, others_idf, kind in plans.get(word) or self._plan(word):
                own = factor
                if kind is body_word:
                    own = factor * BODY_WORD_FACTOR
                    body_words.add(t)
                if t in weights:
                    if own > weights[t]:
                        weights[t] = own
                else:
                    surface[t] = word
                    weights[t] = own
                if idf:
                    if t not in basis or factor * idf > basis[t]:
                        basis[t] = factor * idf
                elif others:
                    basis[t] = factor * others_idf
                elif kind is plain_word:
                    # an unknown word weighs neutrally; numbers, config keys and technologies
                    # named by an error message weigh nothing
                    if config is None:
                        config = config_words(request)
                    if word not in config and t not in basis:
                        basis[t] = factor * unknown
                related[t] = others
                if kind is spelled_word:
                    spelled.add(t)
                weight = factor * share
                for other in others:
                    if other in weights:
                        if weight > weights[other]:
                            weights[other] = weight
                    else:
                        surface[other] = word
                        weights[other] = weight
        sequence = tuple(chain.from_iterable(map(term_list, tokens)))
        broad = {c for t in basis if t not in self.idf for c in concepts.domain(t, surface[t])}
        if broad:  # what only a word's domain brought in, not the request's own words
            broad -= {o for t in basis for o in (t, *self.vocabulary.related(t))}
        # positional: a call with keywords costs a dict through the class's __init__
        return _Query(
            weights,
            basis,
            related,
            sequence,
            surface,
            frozenset(broad),
            frozenset(body_words),
            frozenset(spelled),
            tokens,
        )

    @staticmethod
    def _words(request: str, tokens: list[str]) -> list[tuple[str, float]]:
        """The words a query is made of: the request's own (a technology homonym used as a
        plain word damped, a word whose neighbours choose its second sense read as that
        sense, a shipping event named as a moment left out), then the technologies its error
        phrases name."""
        out: list[tuple[str, float]] = []
        kinds = _WORD_KINDS
        for position, word in enumerate(tokens):
            kind = kinds.get(word)
            if kind is None:
                kind = _word_kind(word)
            if kind == _PLAIN:  # most words: one look-up says none of the checks below apply
                out.append((word, 1.0))
                continue
            if kind == _SKIP:
                continue
            if word in MOMENT_EVENTS and moment(tokens, position) and _said_more(tokens):
                continue
            factor = 1.0
            if word in TECH_HOMONYMS and not tech_use(request, tokens, position):
                factor = HOMONYM_FACTOR
            # most words have one sense: a dict look-up decides before any call
            meaning = sense(tokens, position) if _SENSE_OF.get(word, _UNSEEN) else ()
            if meaning:
                factor = HOMONYM_FACTOR
                out.extend((other, 1.0) for other in meaning)
            out.append((word, factor))
        if not concepts.PHRASE_GUARD.isdisjoint(tokens):  # most requests hold no phrase
            out.extend((joined, 1.0) for joined in concepts.phrases(tokens))
        found = signatures.phrases(tokens)
        out.extend((phrase, 1.0) for phrase in found)
        if not signatures.RUNTIME_FAILURES.isdisjoint(found):
            out.extend((w, 1.0) for w in ("debug", "bug"))
        return out

    def _plan(self, word: str) -> tuple[_TermPlan, ...]:
        """How ``word`` enters a query: per term, its idf (0 when unknown), the roster terms
        it stands for, their share and best idf, and whether the word is a number; then the
        terms of the technology the word names, if it is an error code or a port."""
        plan = self._plans.get(word)
        if plan is None:
            kind = _Kind.NUMBER if _DIGIT.search(word) else _Kind.WORD
            items = []
            for position, t in enumerate(term_list(word)):
                others, own = self.vocabulary.related(t), kind
                # an everyday word the roster lacks (or, on a large roster, only its bodies
                # use): its domain's words join, and the word itself counts less; an
                # abbreviation's later words (pr: pull request) bring no domain
                if t not in self.described_vocab and (position == 0 or word not in ABBREVIATIONS):
                    domain = concepts.domain(t, word)
                    others += tuple(c for c in domain if c in self.idf and c not in others)
                    if domain and t in self.idf:
                        own = _Kind.BODY_WORD
                known = t in self.idf and own is kind
                share = KNOWN_RELATED_FACTOR if known else RELATED_FACTOR
                named = [o for o in others if o in self.name_vocab]
                if not known and named and is_cyrillic(t):
                    others, share, own = tuple(named), TRANSLIT_FACTOR, _Kind.SPELLED
                best = max((self.idf.get(o, 0.0) for o in others), default=0.0)
                items.append((t, self.idf.get(t, 0.0), others, share, best, own))
            for name in signatures.technologies(word):
                for t, idf, others, share, best, _ in self._plan(name):
                    items.append((t, idf, others, share, best, _Kind.NAMED))
            plan = tuple(items)
            if len(self._plans) < MAX_PLANS:
                self._plans[word] = plan
        return plan

    def scores(self, query: _Query) -> tuple[dict[int, float], dict[int, list[_Trigger]]]:
        """Lexical scores plus trigger bonuses for every agent the request touches."""
        totals: dict[int, float] = {}
        postings, get, triggers = self.postings, totals.get, self.triggers
        keyed: list[str] = []  # the terms some trigger is filed under, in request order
        for t, factor in query.weights.items():
            if t in triggers:  # a test here costs less than a loop over every term after
                keyed.append(t)
            found = postings.get(t, ())
            if factor == 1.0:
                if not totals:  # the first term: its postings are the totals (one per agent)
                    totals.update(found)
                    continue
                for index, contribution in found:
                    if index in totals:  # a subscript costs less than a call to get
                        totals[index] += contribution
                    else:
                        totals[index] = contribution
            else:
                for index, contribution in found[:RELATED_POSTINGS]:
                    if index in totals:
                        totals[index] += contribution * factor
                    else:
                        totals[index] = contribution * factor
        fired: dict[int, list[_Trigger]] = {}
        present = query.weights.keys()
        for t in keyed:
            for trigger in triggers[t]:
                # most triggers lack a term: a subset test decides before any call
                if not trigger.terms <= present or not _fires(trigger, query):
                    continue
                fired.setdefault(trigger.agent, []).append(trigger)
                totals[trigger.agent] = get(trigger.agent, 0.0) + trigger.weight
        return totals, fired

    def explained(self, index: int, query: _Query) -> dict[str, float]:
        """How much of each request term agent ``index`` explains (0..1, by term)."""
        found = query.explained.get(index)
        if found is None:
            found = query.explained[index] = self._explained(index, query)
        return found

    def _explained(self, index: int, query: _Query) -> dict[str, float]:
        out: dict[str, float] = {}
        known, body_only = self.agent_terms[index], self.body_only[index]
        idf, generic = self.idf, self.generic
        explains = query._explains  # computed once per request: read inline after that
        for t, body_word, others, share, top in explains or query.explains(idf, generic):
            if t in known:
                best = BODY_CREDIT if t in body_only else 1.0
                if body_word:
                    best *= BODY_WORD_FACTOR
                if not others:  # most terms stand for no other: nothing to compare
                    out[t] = best
                    continue
            elif not others:
                continue
            else:
                best = 0.0
            for other in others:
                if other in known:
                    got = (BODY_CREDIT if other in body_only else 1.0) * share
                    # error for "hang": explains it as its idf says (top is set when one
                    # of the relatives is generic)
                    if top and other in generic:
                        got *= idf[other] / top
                    if got > best:
                        best = got
            if best:
                out[t] = best
        return out

    def coverage(self, index: int, query: _Query) -> float:
        """Share of the request's weight that agent ``index`` explains.

        A known term weighs its (damped) idf, an unknown word the roster's median idf, a
        number or config key nothing; body-only vocabulary counts fully only when the
        description is short.
        """
        found = query.covered.get(index)
        if found is None:
            total = query.total
            explained = query.explained.get(index)
            if explained is None:
                explained = query.explained[index] = self._explained(index, query)
            basis = query.basis
            weight = sum([basis[t] * c for t, c in explained.items()])
            found = min(1.0, weight / total) if total else 0.0
            query.covered[index] = found
        return found

    def evidence(self, index: int, query: _Query, fired: Sequence[_Trigger]) -> list[str]:
        """Human-readable evidence: fired triggers, then matched request words."""
        known, surface, idf = self.agent_terms[index], query.surface, self.idf
        # the request's terms the agent holds (each a roster term: its idf is there), in order
        ranked = [(known[t] * idf[t], t) for t in query.weights if t in known]
        if len(ranked) > 1:
            ranked.sort(reverse=True)
            words = list(dict.fromkeys([surface[t] for _, t in ranked]))
        else:  # most candidates: one word (no order to find, no repeat to drop)
            words = [surface[t] for _, t in ranked]
        if not fired:
            return words
        if len(fired) == 1:  # most: no order to find
            return [f'trigger "{fired[0].text}"', *words]
        return [f'trigger "{t.text}"' for t in sorted(fired, key=lambda t: -t.weight)] + words

    def route(self, request: str) -> RouteDecision:
        """Choose the specialist for ``request`` (see the module docstring)."""
        query = self.query(request)
        if not query.weights:
            return RouteDecision(agent=None, reason="the request has no words to route on")
        subject = None if self.serves_life else life_subject(query.tokens, self.described_vocab)
        if subject is not None:
            return RouteDecision(
                agent=None,
                reason=f'no specialist fits: "{subject}" is about everyday life, not software',
            )
        foreign = self.foreign.named(query.tokens)
        if foreign is not None:
            return RouteDecision(agent=None, reason=f"no specialist fits: none covers {foreign}")
        totals, fired = self.scores(query)
        ranked = sorted(totals.items(), key=_SCORE, reverse=True)[:TOP_CANDIDATES]
        if len(set(map(_SCORE, ranked))) < len(ranked):  # a tie: the name decides (else sorted)
            ranked.sort(key=lambda item: (-item[1], self.names[item[0]]))
        if not ranked:
            none = RouteDecision(agent=None, reason="no agent shares a word with the request")
            return self._field_agent(query, none)
        if self.full_stack is not None and spans_layers(query.sequence):
            chosen = self.full_stack
            return RouteDecision(
                agent=self.names[chosen],
                score=_round3(totals.get(chosen, 0.0)),
                matched=self.evidence(chosen, query, fired.get(chosen, [])),
                candidates=self.listed(ranked, query, fired),
                coverage=_round3(self.coverage(chosen, query)),
                reason="the request asks for a whole feature: data, API and screen",
            )
        return self._field_agent(query, self._decide(query, ranked, totals, fired))

    def _field_agent(self, query: _Query, decision: RouteDecision) -> RouteDecision:
        """``decision``, or when it names no agent, the roster's agent for the everyday field
        the request's words belong to (fabrics and a textile expert), if any (round 34)."""
        agent = None if decision.agent is not None else self.fields.agent_for(query.tokens)
        if agent is None:
            return decision
        return RouteDecision(agent=agent, reason="the request is about the field it covers")

    def listed(
        self, ranked: list[tuple[int, float]], query: _Query, fired: dict[int, list[_Trigger]]
    ) -> list[Candidate]:
        """The ``ranked`` agents as candidates (their evidence built on first read)."""
        none, names, new, listed = _NONE_FIRED, self.names, _new, _Listed
        candidates: list[Candidate] = []
        for i, s in ranked:  # evidence built on first read: see _Listed
            found = new(listed)
            found.agent, found._total = names[i], s  # rounded on first read (see _Listed)
            found._source = (self, i, query, fired.get(i, none))
            candidates.append(found)
        return candidates

    def _decide(
        self,
        query: _Query,
        ranked: list[tuple[int, float]],
        totals: dict[int, float],
        fired: dict[int, list[_Trigger]],
    ) -> RouteDecision:
        best, score = self._closest(query, ranked, fired)
        fit = self._fit(best, score, query, fired)
        if not fit:
            runner_up = self._runner_up((best, score), ranked, query, fired)
            fit = runner_up[0] != best
            best, score = runner_up
        coverage = self.coverage(best, query)
        if not fit:
            needed = self._needed_coverage(best, query)
            return RouteDecision(
                agent=None,
                score=_round3(score),
                matched=[],
                redirected_from=None,
                also=[],
                candidates=self.listed(ranked, query, fired),
                coverage=_round3(coverage),
                reason=f"no specialist fits: the nearest, {self.names[best]}, explains "
                f"{coverage:.0%} of the request (needs {needed:.0%}) with score "
                f"{score:.2f} (needs {self.min_score:.2f})",
            )
        chosen, redirected_from, reason = best, None, "best lexical and trigger match"
        exclusion = self._excluded(best, query)
        if exclusion is not None:
            target = self._redirect_target(exclusion, ranked, query)
            moves = target is not None and self._redirects(exclusion, best, target, query)
            if target is not None and target != best and moves:
                chosen, redirected_from = target, self.names[best]
                reason = f'{self.names[best]} says "{exclusion.topic}" is not for it'
        # the same values a listed candidate reads: _round3 of its total, its evidence
        shown = _round3(totals.get(chosen, 0.0))
        matched = self.evidence(chosen, query, fired.get(chosen, []))
        found = (shown, matched, redirected_from)
        return _decided((self, chosen, ranked, query, fired), found, reason)

    def _fit(
        self, index: int, score: float, query: _Query, fired: dict[int, list[_Trigger]]
    ) -> bool:
        """Whether agent ``index`` (scoring ``score``) is a real fit for the request."""
        if score < self.min_score:  # _fits says no whatever the coverage: none computed
            return False
        covered = self.coverage(index, query) >= self._needed_coverage(index, query)
        if covered and self._described(index, query):
            return True
        return self._fits(True, False, fired.get(index, []))

    def _runner_up(
        self,
        best: tuple[int, float],
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> tuple[int, float]:
        """When the top scorer is no fit (one strong word, little of the request), the
        candidate scoring at least RUNNER_UP of it that fits and explains more of the request
        (the most), if any."""
        floor = (RUNNER_UP if len(self.names) >= LARGE_ROSTER else SMALL_RUNNER_UP) * ranked[0][1]
        mine = self.coverage(best[0], query)
        fits = [
            item
            for item in ranked
            if item != best
            and item[1] >= floor
            and self.coverage(item[0], query) > mine
            and self._fit(item[0], item[1], query, fired)
        ]
        if not fits:
            return best
        return max(fits, key=lambda item: self.coverage(item[0], query))

    def _closest(
        self,
        query: _Query,
        ranked: list[tuple[int, float]],
        fired: dict[int, list[_Trigger]] | None = None,
    ) -> tuple[int, float]:
        """The best candidate: among those scoring within CLOSE_SCORE of the top, the one that
        explains most of the request when it leads the top scorer's coverage by COVERAGE_LEAD
        (a near tie is decided by what the request asks, not by score noise). Before that,
        a candidate the request names (see _named) within NAMED_CLOSE of a top scorer no
        trigger fired for takes it: JSONB outweighs a few plain words (theme, dark) another
        agent's description happens to hold."""
        if fired and len(ranked) > 1 and ranked[0][0] not in fired:
            near = (1 - NAMED_CLOSE) * ranked[0][1]
            for item in ranked[1:]:
                if item[1] >= near and self._named(fired.get(item[0]), query):
                    return item
        floor = (1 - CLOSE_SCORE) * ranked[0][1]
        if len(ranked) == 1 or ranked[1][1] < floor:  # ranked by score: no other is close
            return ranked[0]
        close = [item for item in ranked if item[1] >= floor]
        mine = self.coverage(ranked[0][0], query) + COVERAGE_LEAD
        wider = max(close, key=lambda item: self.coverage(item[0], query))
        return wider if self.coverage(wider[0], query) >= mine else ranked[0]

    def _named(self, fired: list[_Trigger] | None, query: _Query) -> bool:
        """Whether a fired trigger names its agent alone: each of its terms is in the request
        itself (not only a related sense: "build" relates to bundle) and its rarest term is
        posted for this agent only."""
        weights, postings, idf = query.weights, self.postings, self.idf
        for trigger in fired or ():
            if all(weights[t] == 1.0 for t in trigger.terms):
                rarest = max(trigger.terms, key=lambda t: idf.get(t, 0.0))
                if len(postings.get(rarest, ())) == 1:
                    return True
        return False

    def _needed_coverage(self, index: int, query: _Query) -> float:
        """MIN_COVERAGE, or SINGLE_TERM_COVERAGE when all agent ``index`` explains is one
        term of low weight, or everyday English words with no developer domain. On a small
        roster idf is coarse (a term in three of five agents weighs little): there one term
        counts as weak only when it has an everyday meaning (learn, table; not endpoint)."""
        # read from the request's cache first (a call only when it is not there yet)
        explained = query.explained.get(index) or self.explained(index, query)
        if explained and explained.keys() <= _EVERYDAY_TERMS:
            return SINGLE_TERM_COVERAGE  # learn; goes, well: not what a specialist is for
        if len(explained) > 1:
            return MIN_COVERAGE
        weight = max((query.basis[t] for t in explained), default=0.0)
        if len(self.names) < LARGE_ROSTER and not explained.keys() & _PLAIN_TERMS:
            return MIN_COVERAGE
        return SINGLE_TERM_COVERAGE if weight < WEAK_SHARE * self.neutral else MIN_COVERAGE

    def _described(self, index: int, query: _Query) -> bool:
        """Whether the request touches what agent ``index`` says it is for (its name,
        triggers, description or words its body repeats), not only words its body mentions
        in passing; always true on a small roster."""
        if len(self.names) < LARGE_ROSTER:
            return True
        known, passing = self.agent_terms[index], self.passing[index]
        for t in query.weights:  # no set built: a dozen look-ups cost less
            if t in known and known[t] != passing:
                return True
        return False

    @staticmethod
    def _fits(scored: bool, covered: bool, fired: list[_Trigger]) -> bool:
        """Whether the best agent is a real fit: score and coverage, or fired triggers."""
        if not scored:
            return False
        return covered or len(frozenset().union(*(t.terms for t in fired))) >= 2

    def also(self, chosen: int, ranked: list[tuple[int, float]], query: _Query) -> list[str]:
        """Other agents the request clearly involves: parts the chosen one does not explain."""
        total = query.total
        if not total or len(ranked) < 2:
            return []
        done = query.explained  # the cache first: a call only when one is missing
        mine = done.get(chosen) or self.explained(chosen, query)
        best, basis = ranked[0][1], query.basis
        out = []
        for index, score in ranked[:ALSO_AMONG]:
            if index == chosen or score < ALSO_SCORE * best:
                continue
            theirs = done.get(index) or self.explained(index, query)
            # a term this one explains no better than the chosen adds nothing
            # a list, not a generator: the same sum (same order), without a frame per term
            extra = sum(
                [basis[t] * more for t, c in theirs.items() if (more := c - mine.get(t, 0.0)) > 0.0]
            )
            if extra / total >= ALSO_SHARE:
                out.append(self.names[index])
        return out[:2]

    def _redirect_target(
        self, exclusion: redirects.Topic, ranked: list[tuple[int, float]], query: _Query
    ) -> int | None:
        """Where an excluded request goes: the named target if it matches the request as any
        chosen agent must (score and coverage), else the runner-up if it fits."""
        if exclusion.target is not None and exclusion.target in self.index_of:
            target = self.index_of[exclusion.target]
            score = next((s for i, s in ranked if i == target), 0.0)
            if score >= self.min_score and self.coverage(target, query) >= MIN_COVERAGE:
                return target
            return None
        if len(ranked) > 1 and ranked[1][1] >= self.min_score:
            if self.coverage(ranked[1][0], query) >= MIN_COVERAGE:
                return ranked[1][0]
        return None

    def _redirects(self, exclusion: redirects.Topic, best: int, target: int, query: _Query) -> bool:
        """Whether an excluded request really leaves agent ``best`` for ``target``: always
        when its own words name the NOT-for topic; when only an everyday word's domain does
        (login -> frontend), only if ``target`` explains at least as much of it."""
        if redirects.hits(exclusion, query.unique, query.surface, query.tokens):
            return True
        return self.coverage(target, query) >= self.coverage(best, query)

    def _excluded(self, index: int, query: _Query) -> redirects.Topic | None:
        """The NOT-for topic of agent ``index`` the request (or its words' domains) is
        about, if any."""
        exclusions = self.exclusions[index]
        if not exclusions.topics:  # most agents write none: no call
            return None
        return exclusions.excluded(query.weights, query.surface, query.tokens, query.broad)


_NONE_FIRED: tuple[_Trigger, ...] = ()
_SCORE = itemgetter(1)


#: The fields that say what an agent is for (all but the body).
_DESCRIBING = ("name", "triggers", "description")


def _described_terms(doc: dict[str, Counter[str]]) -> frozenset[str]:
    """The terms an agent describes itself by (its name, triggers and description)."""
    return frozenset(t for f in _DESCRIBING for t in doc[f])


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


def tech_use(request: str, tokens: list[str], position: int) -> bool:
    """Whether the homonym at ``tokens[position]`` is written as a technology.

    Capitalised (not as the first word), with ``.js``, or next to a word such as app,
    framework, API or server.
    """
    word = tokens[position]
    near = tokens[max(0, position - 2) : position] + tokens[position + 1 : position + 3]
    if any(w in TECH_CONTEXT for w in near):
        return True
    for found in re.finditer(rf"(?<![\w.]){re.escape(word)}(?!\w)", request, re.I):
        after = request[found.end() : found.end() + 3].lower()
        if after in (".js", ".rs") or (found.start() > 0 and request[found.start()].isupper()):
            return True
    return False


def _senses() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    return {
        term_list(word)[0]: (
            # a cue with no routing term (a status code such as 503) is matched as written
            frozenset(t for c in cues.split() for t in term_list(c) or (c,)),
            tuple(m.split()),
        )
        for word, (cues, m) in SENSES.items()
    }


_SENSES = _senses()
_UNSEEN = (frozenset[str](), ())
#: Per surface word, its SENSES entry (None: the word has one sense); filled on demand.
_SENSE_OF: dict[str, tuple[frozenset[str], tuple[str, ...]] | None] = {}


def sense(tokens: list[str], position: int) -> tuple[str, ...]:
    """The words the word at ``tokens[position]`` reads as when nearby words select its
    second sense (access token: authentication), else nothing."""
    word = tokens[position]
    entry = _SENSE_OF.get(word, _UNSEEN)
    if entry is _UNSEEN:
        found = term_list(word)
        entry = _SENSES.get(found[0]) if len(found) == 1 else None
        if len(_SENSE_OF) < MAX_PLANS:
            _SENSE_OF[word] = entry
    if entry is None or entry is _UNSEEN:
        return ()
    cues, meaning = entry
    near = (
        tokens[max(0, position - SENSE_SPAN) : position]
        + tokens[position + 1 : position + 1 + SENSE_SPAN]
    )
    if any(w in cues or not cues.isdisjoint(term_list(w)) for w in near):
        return meaning
    return ()


_MOMENT_WORDS = MOMENT_EVENTS | MOMENT_GLUE | MOMENT_MARKERS
#: How :meth:`Router._words` reads a surface word: left out (a stopword or one letter),
#: plain (weighs fully whatever its neighbours: most words), or to be checked in context (a
#: shipping event, a technology homonym, a word with a second sense).
_SKIP, _PLAIN, _CHECK = 0, 1, 2
#: Per surface word, its kind (filled on demand, bounded).
_WORD_KINDS: dict[str, int] = {}


def _word_kind(word: str) -> int:
    """Whether ``word`` is left out, plain or checked in context (see :data:`_WORD_KINDS`)."""
    if word in STOPWORDS or len(word) < 2:
        kind = _SKIP
    elif word in MOMENT_EVENTS or word in TECH_HOMONYMS:
        kind = _CHECK
    else:
        found = term_list(word)
        kind = _CHECK if len(found) == 1 and found[0] in _SENSES else _PLAIN
    if len(_WORD_KINDS) < MAX_PLANS:
        _WORD_KINDS[word] = kind
    return kind


def _said_more(tokens: list[str]) -> bool:
    """Whether a request says enough besides a moment to route on (MOMENT_REST words)."""
    return sum(w not in STOPWORDS and w not in _MOMENT_WORDS for w in tokens) >= MOMENT_REST


def moment(tokens: list[str], position: int) -> bool:
    """Whether the shipping event at ``tokens[position]`` names a moment ("after the last
    release"): a marker such as after or після before it, with at most two glue words."""
    for back in range(position - 1, max(-1, position - 4), -1):
        if tokens[back] in MOMENT_MARKERS:
            return True
        if tokens[back] not in MOMENT_GLUE:
            return False
    return False


def _claimed(agent: AgentSpec, doc: dict[str, Counter[str]]) -> frozenset[str]:
    """The terms an agent names itself by: its name, triggers and description."""
    if not agent.exclusions:  # only a NOT-for topic asks
        return frozenset()
    named = chain(doc["name"], doc["triggers"])
    return redirects.claimed(named, doc["description"], agent.routing_text or agent.description)


def _fires(trigger: _Trigger, query: _Query) -> bool:
    if not trigger.terms <= query.weights.keys():
        return False
    if not trigger.phrase:
        return True
    size, sequence = len(trigger.phrase), query.sequence
    return any(sequence[i : i + size] == trigger.phrase for i in range(len(sequence) - size + 1))


def _body_only(doc: dict[str, Counter[str]]) -> frozenset[str]:
    """Terms only the body knows, when the description is long enough to say what the
    agent is for (a short description gives its body's vocabulary full credit)."""
    if sum(doc["description"].values()) < SHORT_DESCRIPTION:
        return frozenset()
    described = set().union(*(doc[f] for f in FIELD_WEIGHTS if f != "body"))
    return frozenset(set(doc["body"]) - described)


def _cut_postings(
    fields: list[dict[str, Counter[str]]],
    postings: dict[str, list[tuple[float, int]]],
    df: Counter[str],
) -> dict[str, list[tuple[int, float]]]:
    """Each term's postings, highest contribution first: the top MAX_POSTINGS (a term in
    more than 1/COMMON_DF of the agents: GENERIC_POSTINGS), then up to DESCRIBED_POSTINGS
    more of agents whose name, triggers or description hold the term (what an agent says it
    is for scores even where long bodies out-rank it)."""
    common = max(1, len(fields) // COMMON_DF)
    describing: dict[str, set[int]] = {}
    for index, doc in enumerate(fields):
        for t in set().union(*(doc[f] for f in _DESCRIBING)):
            describing.setdefault(t, set()).add(index)
    out: dict[str, list[tuple[int, float]]] = {}
    for t, found in postings.items():
        cut = MAX_POSTINGS if df[t] <= common else GENERIC_POSTINGS
        kept = describing.get(t, set())
        ranked = sorted(found, reverse=True)
        more = [(i, score) for score, i in ranked[cut:] if i in kept][:DESCRIBED_POSTINGS]
        out[t] = [(i, score) for score, i in ranked[:cut]] + more
    return out


def _name_idf(fields: list[dict[str, Counter[str]]]) -> dict[str, float]:
    """NAME_IDF times each name term's idf among agents' names only: a word in few agents'
    names names them, however many bodies use it (api)."""
    count = len(fields)
    named: Counter[str] = Counter()
    for doc in fields:
        named.update(doc["name"])
    return {t: NAME_IDF * math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in named.items()}


def _name_spellings(agents: list[AgentSpec]) -> dict[str, str]:
    """Words of agents' names the stemmer shortens, as written -> their term (flutter ->
    flut): a Ukrainian spelling is compared with the name as people write it."""
    out: dict[str, str] = {}
    for agent in agents:
        for word in words(agent.name.replace("-", " ")):
            found = term_list(word)
            if len(word) >= 4 and word.isalpha() and word.isascii() and found[:1] != (word,):
                out[word] = found[0]
    return out


@functools.cache
def _layers() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(t for w in layer.split() for t in term_list(w)) for layer in LAYERS)


def spans_layers(sequence: Sequence[str]) -> bool:
    """Whether a request's terms name every layer a feature is built in (a table, an
    endpoint and a page: :data:`coordinator.routing.vocab.LAYERS`)."""
    for layer in _layers():  # most requests miss the first layer
        if layer.isdisjoint(sequence):
            return False
    return True


def _full_stack(names: list[str]) -> int | None:
    """The index of the one agent whose name says full-stack, else None."""
    found = [i for i, name in enumerate(names) if FULL_STACK in name.replace("-", "")]
    return found[0] if len(found) == 1 else None


def _median(values: Iterable[float]) -> float:
    """The median of ``values`` (1.0 when there are none)."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 1.0


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

    A roster loaded with the cache on reuses an index stored by an earlier process for
    exactly the same files and routing code (:mod:`coordinator.routing.index_cache`).
    """
    router = _ROUTERS.get(registry)
    if router is None:
        key = None
        if registry.cache_dir is not None and len(registry) >= index_cache.MIN_AGENTS:
            key = index_cache.roster_key(a.source for a in registry)
        if key is None or registry.cache_dir is None:
            router = Router(registry)
        else:
            router = index_cache.cached(registry.cache_dir, key, lambda: Router(registry))
        _ROUTERS[registry] = router
    return router


def route(request: str, registry: Registry) -> RouteDecision:
    """Choose the specialist for ``request`` from ``registry`` (index built once per registry)."""
    return router_for(registry).route(request)


class NoAgentFits(UserError):
    """Routing found no specialist for the request."""


def no_agent_fits(decision: RouteDecision) -> NoAgentFits:
    """The user error for a request no specialist fits, naming the nearest candidates."""
    nearest = ", ".join(f"{c.agent} ({c.score:.2f})" for c in decision.candidates[:3])
    why = f": {decision.reason}" if decision.reason else ""
    message = f"no agent fits this request{why}"
    if nearest:
        message += f"\nnearest: {nearest}"
    return NoAgentFits(message, hint="Choose one with --agent NAME (see `coord agents`).")


def route_or_fail(request: str, registry: Registry) -> RouteDecision:
    """The decision for ``request``; :class:`NoAgentFits` when no specialist fits."""
    decision = route(request, registry)
    if decision.agent is None:
        raise no_agent_fits(decision)
    return decision
