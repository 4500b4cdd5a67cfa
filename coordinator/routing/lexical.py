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

:class:`Router` is built in layers, a module each: ``index`` (the index built from a roster),
``reading`` (a request read as a query), ``scoring`` (scores, coverage, evidence, ``also``)
and ``choice`` (the decision, "none", redirects), over ``tuning`` (the constants), ``query``
(a request as the index sees it), ``senses`` (words read in context) and ``decision`` (the
records). This module holds the entry points and re-exports the names other code reads.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from coordinator.errors import UserError
from coordinator.mentions import unmentioned
from coordinator.roster.registry import Registry
from coordinator.roster.spec import SourceKind
from coordinator.routing import (
    carried,
    concepts,
    index_cache,
    outcomes,
    reading,
    senses,
    signatures,
)
from coordinator.routing.choice import _SCORE, Chooser
from coordinator.routing.decision import (
    _PENDING,
    NO_FIT,
    NO_WORDS,
    Candidate,
    RouteDecision,
    _round3,
)
from coordinator.routing.index import _fields
from coordinator.routing.query import _fires, _Kind, _Query, _TermPlan, _Trigger
from coordinator.routing.reasons import Chosen
from coordinator.routing.senses import (
    _CHECK,
    _PLAIN,
    _SKIP,
    _said_more,
    moment,
    sense,
    spans_layers,
    tech_use,
)
from coordinator.routing.sources import OWN_FIRST, own_first
from coordinator.routing.text import STOPWORDS, words
from coordinator.routing.tuning import (
    ALSO_AMONG,
    ALSO_SCORE,
    ALSO_SHARE,
    BODY_CREDIT,
    BODY_DF,
    BODY_WORD_FACTOR,
    CLOSE_SCORE,
    COMMON_DF,
    COMMON_FACTOR,
    COVERAGE_LEAD,
    DESCRIBED_POSTINGS,
    FIELD_WEIGHTS,
    GENERIC_POSTINGS,
    HOMONYM_FACTOR,
    K1,
    KNOWN_RELATED_FACTOR,
    LARGE_ROSTER,
    LONG_BODY,
    MAX_PLANS,
    MAX_POSTINGS,
    MIN_COVERAGE,
    MIN_SCORE,
    MOMENT_REST,
    NAME_IDF,
    NAMED_CLOSE,
    RELATED_FACTOR,
    RELATED_POSTINGS,
    RUNNER_UP,
    SHORT_DESCRIPTION,
    SINGLE_TERM_COVERAGE,
    SINGLE_TRIGGER_BONUS,
    SMALL_RUNNER_UP,
    SOUND_IDF,
    TOP_CANDIDATES,
    TRANSLIT_FACTOR,
    TRIGGER_BONUS,
    UNKNOWN_FACTOR,
    WEAK_SHARE,
    B,
)
from coordinator.routing.uk_roots import glossary_terms
from coordinator.routing.vocab import COMMON_WORDS_UK


class Router(Chooser):
    """A prebuilt routing index over one registry's agents."""


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


def serving_router(registry: Registry) -> Router:
    """:func:`router_for`, with every table a request may need made now (a server or a
    batch about to route many requests: the first ones would otherwise each build or read
    one, 1.5-3 ms of a request's time; the roster's sound index and the first letters
    of the names by ear too; the words of :func:`roster_words` read)."""
    router = router_for(registry)
    prepare(router, roster_words(registry))
    return router


def prepare(router: Router, known_words: Iterable[str] = ()) -> None:
    """Make now what :func:`serving_router` makes for ``router``: every carried table, the
    roster's sound index and shapes' halves, the names' indexes, the readings of the
    terms every request may bring (:func:`_read_known_terms`) and of ``known_words``
    (:func:`_read_known_words`; :func:`roster_words` of its roster)."""
    carried.make_all()
    router.vocabulary.prepare()
    router.spellings.prepare()
    _read_known_terms(router)
    _read_known_words(router, known_words)


#: Newreq76: at most this many terms' relatives made at a server's start (the roster's
#: relatives' cache keeps 50,000; 474 agents and the glossary: ~8,000 terms).
KNOWN_TERMS_READ = 20_000


def _read_known_terms(router: Router) -> None:
    """Newreq76: what a new word's reading asks of a term every request may bring, made
    and kept now (as the first word to bring it would): the roster's relatives of each
    roster term and of each term the glossary reads a Ukrainian word as, and the outcome
    frames each key of their tables stands in. Each is the reader's own answer, kept by
    its own cache: what a route reads is the same whether made here or by a request."""
    terms = chain(glossary_terms(), router.vocabulary.terms)
    # bounded: a huge roster's terms leave its relatives' cache room for the requests'
    for _ in map(router.vocabulary.related, islice(terms, KNOWN_TERMS_READ)):
        pass
    outcomes.read_keys()


#: Newreq78: at most this many words read at a server's start (the words' plans are kept
#: while fewer than MAX_PLANS = 50,000 are: most of that room stays the requests'; 474
#: agents: 2,775 words).
KNOWN_WORDS_READ = 10_000


def roster_words(registry: Registry) -> Iterator[str]:
    """Newreq78: the words a request to ``registry``'s roster may well bring, none taken
    from a request: the stopwords and everyday Ukrainian words (:data:`STOPWORDS`,
    :data:`COMMON_WORDS_UK`), then each agent's name, aliases, triggers and description
    as :func:`words` reads a request (its body left out: a 474-agent roster's bodies hold
    ~11,000 words, ~0.5 s to read)."""
    yield from sorted(STOPWORDS | COMMON_WORDS_UK)
    for agent in registry:
        description = agent.routing_text or agent.description
        yield from words(" ".join((agent.name, *agent.aliases, *agent.triggers, description)))


def _read_known_words(router: Router, known: Iterable[str]) -> None:
    """Newreq78: what a request's reading makes of each word of ``known`` the first time
    one brings it (its kind and bits, its plan: :mod:`coordinator.routing.reading`), made
    and kept now, by the readers' own functions and caches; at most
    :data:`KNOWN_WORDS_READ` words, drawn from ``known`` as they are read (a roster of
    huge descriptions is not split into words whole first)."""
    read, plans = reading._WORD_READS, router._plans
    for word in islice(_distinct(known), KNOWN_WORDS_READ):
        if word not in read:
            reading._word_read(word)
        if word not in plans:
            router._plan(word)


def _distinct(items: Iterable[str]) -> Iterator[str]:
    """Each item of ``items`` the first time it comes, drawn as it is asked for."""
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def route(request: str, registry: Registry) -> RouteDecision:
    """Choose the specialist for ``request`` from ``registry`` (index built once per registry),
    its MCP resource mentions (``@server:uri``) left out.

    A bundled specialist chosen from a roster that also holds the user's own agents is a
    fallback: the best scoring of theirs that fits the request comes first
    (:func:`coordinator.routing.sources.own_first`)."""
    router = router_for(registry)
    asked = unmentioned(request)  # (an @server:uri mention is not its subject)
    decision = router.route(asked)
    if decision.reason == NO_WORDS and asked != request:
        decision.reason = ONLY_MENTIONS  # not "no words": the person wrote some
    if decision.agent is None or registry.kinds.get(decision.agent) != SourceKind.BUNDLED:
        return decision  # most requests: a roster of one kind, or one of the user's agents
    own = registry.own_names()
    if not own:
        return decision
    return own_first(decision, router.best_fit_among(asked, own, decision), registry)


#: The reason of a request whose only words are MCP resource mentions, which routing
#: leaves out (they say what to read, not what to do).
ONLY_MENTIONS = (
    "the request has no words to route on besides its MCP resource mentions (@server:uri),"
    " which say what to read, not what to do"
)


class NoAgentFits(UserError):
    """Routing found no specialist for the request."""


#: What ``coord run`` and ``coord route`` say when no agent fits a request (route said "No
#: specialist fits this request." and run "no agent fits this request": one wording, the
#: word of ``--agent`` and ``coord agents list``), as the decision's reason begins.
NO_AGENT_FITS = NO_FIT.removesuffix(": ")


#: The next step ``coord run`` and ``coord route`` (text and ``--json``'s ``hint``) both give
#: when no agent fits a request: the command that runs it with an agent the user names.
NO_FIT_HINT = "To run it anyway: coord run … --agent NAME (`coord agents list` names them)."


def no_fit_words(decision: RouteDecision) -> tuple[str, str]:
    """What is said when no agent fits: :data:`NO_AGENT_FITS` and ``": WHY"`` (the
    decision's reason without its :data:`NO_FIT`, which would say it twice; "" when it has
    none). ``coord run``'s error joins them; ``coord route`` paints the first."""
    reason = decision.reason.removeprefix(NO_FIT)
    return NO_AGENT_FITS, f": {reason}" if reason else ""


def rule_line(decision: RouteDecision) -> str | None:
    """The reason ``coord route`` prints under its choice when a rule chose it rather than
    the best lexical and trigger match (an act's agent, a frame's, a near tie's, a whole
    feature's: an agent the table may show below others); None for the best match, a
    redirect (said with it), the user's own agent first (its note says why) and no choice."""
    reason = decision.reason
    if decision.agent is None or decision.redirected_from or not reason:
        return None
    if reason == Chosen.TOP or reason.startswith(OWN_FIRST):
        return None
    return reason


def no_agent_fits(decision: RouteDecision) -> NoAgentFits:
    """The user error for a request no specialist fits, naming the nearest candidates and
    the decision's reason (:func:`no_fit_words`)."""
    nearest = ", ".join(f"{c.agent} ({c.score:.2f})" for c in decision.candidates[:3])
    message = "".join(no_fit_words(decision))
    if nearest:
        message += f"\nnearest: {nearest}"
    return NoAgentFits(
        message,
        hint=NO_FIT_HINT,
        tool_hint="Choose one with the `agent` argument of `run`.",
    )


def route_or_fail(request: str, registry: Registry) -> RouteDecision:
    """The decision for ``request``; :class:`NoAgentFits` when no specialist fits."""
    decision = route(request, registry)
    if decision.agent is None:
        raise no_agent_fits(decision)
    return decision


#: :func:`senses.common_terms`, by its old name (made on first use: :func:`__getattr__`).
_COMMON_TERMS: frozenset[str]


def __getattr__(name: str) -> object:
    """``_COMMON_TERMS``, still read here (:func:`senses.common_terms`, made on first use)."""
    if name == "_COMMON_TERMS":
        return senses.common_terms()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The router's public API, its calibrated constants, and the internals tests and bench/ read.
__all__ = [
    "ALSO_AMONG",
    "ALSO_SCORE",
    "ALSO_SHARE",
    "BODY_CREDIT",
    "BODY_DF",
    "BODY_WORD_FACTOR",
    "CLOSE_SCORE",
    "COMMON_DF",
    "COMMON_FACTOR",
    "COVERAGE_LEAD",
    "DESCRIBED_POSTINGS",
    "FIELD_WEIGHTS",
    "GENERIC_POSTINGS",
    "HOMONYM_FACTOR",
    "K1",
    "KNOWN_RELATED_FACTOR",
    "LARGE_ROSTER",
    "LONG_BODY",
    "MAX_PLANS",
    "MAX_POSTINGS",
    "MIN_COVERAGE",
    "MIN_SCORE",
    "MOMENT_REST",
    "NAMED_CLOSE",
    "NAME_IDF",
    "NO_AGENT_FITS",
    "NO_FIT_HINT",
    "RELATED_FACTOR",
    "RELATED_POSTINGS",
    "RUNNER_UP",
    "SHORT_DESCRIPTION",
    "SINGLE_TERM_COVERAGE",
    "SINGLE_TRIGGER_BONUS",
    "SMALL_RUNNER_UP",
    "SOUND_IDF",
    "TOP_CANDIDATES",
    "TRANSLIT_FACTOR",
    "TRIGGER_BONUS",
    "UNKNOWN_FACTOR",
    "WEAK_SHARE",
    "_CHECK",
    "_COMMON_TERMS",
    "_PENDING",
    "_PLAIN",
    "_ROUTERS",
    "_SCORE",
    "_SKIP",
    "B",
    "Candidate",
    "NoAgentFits",
    "RouteDecision",
    "Router",
    "_Kind",
    "_Query",
    "_TermPlan",
    "_Trigger",
    "_fields",
    "_fires",
    "_round3",
    "_said_more",
    "concepts",
    "moment",
    "no_agent_fits",
    "no_fit_words",
    "route",
    "route_or_fail",
    "router_for",
    "sense",
    "signatures",
    "spans_layers",
    "tech_use",
    "words",
]
