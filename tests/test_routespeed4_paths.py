"""The tenth round's cuts give exactly what they replace: words classified by one look-up,
a listed candidate's score rounded on first read, the query merged by membership tests,
explanations that skip terms with no relatives, evidence reading the idf inline."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coordinator.roster.loader import load_registry
from coordinator.routing import lexical, outcomes, reading
from coordinator.routing.lexical import (
    BODY_CREDIT,
    BODY_WORD_FACTOR,
    HOMONYM_FACTOR,
    UNKNOWN_FACTOR,
    Router,
    _Kind,
    _Query,
    _round3,
    moment,
    sense,
    tech_use,
)
from coordinator.routing.senses import left_alone
from coordinator.routing.shown import shown_words
from coordinator.routing.text import STOPWORDS, config_words
from coordinator.routing.tuning import FRAME_FACTOR
from coordinator.routing.vocab import LEFT_PARTS, MOMENT_EVENTS, TECH_HOMONYMS

ROSTER = "lst97__claude-code-sub-agents"  # 37 agents: a large roster, cheap to index
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXTRA = [
    "Review this Go code for race conditions",
    "what to check after the last release of our rest api",
    "my access token expires too soon",
    "set min.insync.replicas=2 and foo_bar_baz for the broker",
    "Спрінг бут сервіс падає з KeyError після релізу",
    "Write a poem about autumn",
]


@pytest.fixture(scope="module")
def setup() -> tuple[Router, list[str]]:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    router = Router(load_registry([SHARED / "corpus" / ROSTER], only=True, cwd=SHARED, cache=False))
    requests: list[str] = []
    for path in sorted((SHARED / "routing").glob("dev-*.yaml"))[:2]:
        requests += [str(case["request"]) for case in yaml.safe_load(path.read_text()) or []]
    return router, requests[:150] + EXTRA


def _old_words(request: str, tokens: list[str]) -> list[tuple[str, float]]:
    """``Router._words`` before the per-word kinds (each check made for every word)."""
    out: list[tuple[str, float]] = []
    for position, word in enumerate(tokens):
        if word in STOPWORDS or len(word) < 2:
            continue
        if word in MOMENT_EVENTS and moment(tokens, position) and lexical._said_more(tokens):
            continue
        if word in LEFT_PARTS and left_alone(tokens, position):  # rounds 40 and 46
            continue
        factor = 1.0
        if word in TECH_HOMONYMS and not tech_use(request, tokens, position):
            factor = HOMONYM_FACTOR
        meaning = sense(tokens, position)
        if meaning:
            factor = HOMONYM_FACTOR
            out.extend((other, 1.0) for other in meaning)
        out.append((word, factor))
    marks = lexical.signatures.http_marks(request)  # round 88: an API path, a body encoding
    phrases = lexical.concepts.phrases(tokens)  # round 17
    if lexical.signatures.API_PATH in marks:
        phrases = [p for p in phrases if p not in lexical.concepts.PAGE_URL]
    out.extend((joined, 1.0) for joined in phrases)
    out.extend((mark, 1.0) for mark in marks)
    if lexical.signatures.BODY_ENCODING in marks and not lexical.signatures.plain_form(request):
        out = [(w, f) for w, f in out if w not in ("form", "urlencoded", "www")]
    out.extend((joined, 1.0) for joined in outcomes.frames(tokens))  # round 43
    found = lexical.signatures.phrases(tokens)
    out.extend((phrase, 1.0) for phrase in found)
    if not lexical.signatures.RUNTIME_FAILURES.isdisjoint(found):
        out.extend((w, 1.0) for w in ("debug", "bug"))
    return out


def _old_merge(router: Router, request: str) -> tuple[dict, dict, dict, dict, set, set]:  # type: ignore[type-arg]
    """The query's merge with get/setdefault calls, as before."""
    tokens = lexical.words(request)
    weights: dict[str, float] = {}
    basis: dict[str, float] = {}
    related: dict[str, tuple[str, ...]] = {}
    surface: dict[str, str] = {}
    spelled: set[str] = set()
    body_words: set[str] = set()
    unknown = router.neutral * UNKNOWN_FACTOR
    for word, factor in _old_words(request, tokens):
        for t, idf, others, share, others_idf, kind in router._plan(word):
            surface.setdefault(t, word)
            own = factor
            if kind == _Kind.BODY_WORD:
                own = factor * BODY_WORD_FACTOR
                body_words.add(t)
            if own > weights.get(t, 0.0):
                weights[t] = own
            if idf:
                if factor * idf > basis.get(t, 0.0):
                    basis[t] = factor * idf
            elif others:
                basis[t] = factor * others_idf
            elif kind == _Kind.WORD and word not in config_words(request):
                basis.setdefault(t, factor * unknown)
            related[t] = others
            if kind == _Kind.SPELLED:
                spelled.add(t)
            weight = factor * share
            for other in others:
                if weight > weights.get(other, 0.0):
                    weights[other] = weight
                surface.setdefault(other, word)
    for joined in [t for t in weights if t in outcomes.TERMS]:  # round 43: weights only
        basis[joined] = 0.0
        for t in outcomes.domain_terms(joined):
            if t in router.idf and weights.get(t, 0.0) < FRAME_FACTOR:
                weights[t] = FRAME_FACTOR
                surface.setdefault(t, surface[joined])
    return weights, basis, related, surface, spelled, body_words


def _old_explained(router: Router, index: int, query: _Query) -> dict[str, float]:
    out: dict[str, float] = {}
    known, body_only = router.agent_terms[index], router.body_only[index]
    for t, body_word, others, share, top in query.explains(router.idf, router.generic):
        best = 0.0 if t not in known else BODY_CREDIT if t in body_only else 1.0
        if best and body_word:
            best *= BODY_WORD_FACTOR
        for other in others:
            if other in known:
                got = (BODY_CREDIT if other in body_only else 1.0) * share
                if other in router.generic:
                    got *= router.idf[other] / top
                if got > best:
                    best = got
        if best:
            out[t] = best
    return out


def test_words_are_classified_once_and_read_alike(setup: tuple[Router, list[str]]) -> None:
    router, requests = setup
    router.route("Review this Go code for race conditions")
    kinds = {word: read[0] for word, read in reading._WORD_READS.items()}
    assert kinds["review"] == lexical._PLAIN
    assert kinds["this"] == lexical._SKIP
    assert kinds["go"] == lexical._CHECK  # a technology homonym
    for request in requests:
        tokens = lexical.words(request)
        assert router._words(request, tokens) == _old_words(request, tokens), request


def test_the_query_merges_as_before(setup: tuple[Router, list[str]]) -> None:
    router, requests = setup
    for request in requests:
        query = router.query(request)
        weights, basis, related, surface, spelled, body_words = _old_merge(router, request)
        assert list(query.weights.items()) == list(weights.items()), request
        assert list(query.basis.items()) == list(basis.items()), request
        assert list(query.related.items()) == list(related.items()), request
        assert query.surface == surface, request
        assert (query.spelled, query.body_words) == (spelled, body_words), request


def test_explanations_and_evidence_as_before(setup: tuple[Router, list[str]]) -> None:
    router, requests = setup
    for request in requests:
        query = router.query(request)
        totals, _ = router.scores(query)
        known = {t: router.idf[t] for t in query.weights if t in router.idf}
        for index in sorted(totals, key=lambda i: -totals[i])[:6]:
            old = _old_explained(router, index, query)
            assert list(router._explained(index, query).items()) == list(old.items()), request
            terms = router.agent_terms[index]
            ranked = sorted([(terms[t] * w, t) for t, w in known.items() if t in terms])[::-1]
            # the terms best first; a joined word shown as what it stands for (daily29), an
            # outcome frame by the words of its field this agent holds (polish101)
            shown = shown_words([t for _, t in ranked], query)
            assert router.evidence(index, query, ())[: len(shown)] == shown, request


def test_a_listed_score_is_rounded_on_first_read(setup: tuple[Router, list[str]]) -> None:
    router, _ = setup
    request = "Optimize the slow SQL query and add an index to the orders table"
    decision = router.route(request)
    unread = [c for c in decision.candidates if c.agent != decision.agent]
    assert unread and all(c._total is not None for c in unread)  # type: ignore[attr-defined]
    totals, _ = router.scores(router.query(request))
    for candidate in unread:
        total = totals[router.index_of[candidate.agent]]
        assert candidate.score == _round3(total)
        assert candidate._total is None  # type: ignore[attr-defined]
        assert candidate.score == _round3(total)  # kept
    chosen = next(c for c in decision.candidates if c.agent == decision.agent)
    assert chosen.score == decision.score
    chosen.score = 1.5
    assert chosen.score == 1.5
