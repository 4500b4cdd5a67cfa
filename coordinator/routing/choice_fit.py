"""The fit checks under the choice (:class:`FitChecks`): whether an agent really fits a
request or the decision is the calibrated "none" (score, coverage, what it says it is for,
stray words and jargon, a fired frame's field, a job named in plain words), and what is
decided before any scoring: an everyday-life subject, a platform left behind, a role's job,
the roster's everyday field agent and an agent's NOT-for topics.
"""

from __future__ import annotations

from functools import lru_cache

from coordinator.routing import aliases, lifewords, outcomes, redirects
from coordinator.routing.audience import asks_product_work, names_audience
from coordinator.routing.decision import NO_FIT, RouteDecision
from coordinator.routing.frameworks import name_forms
from coordinator.routing.offtopic import (
    asks_text,
    life_subject,
    names_identifier,
    names_software,
    quoted_words,
)
from coordinator.routing.query import _Query, _Trigger
from coordinator.routing.scoring import Scorer
from coordinator.routing.senses import common_words, everyday_terms, plain_terms
from coordinator.routing.text import STOPWORDS, term_list
from coordinator.routing.tuning import (
    AUDIENCE_COVERAGE,
    FRAME_HOLD,
    FRAME_YIELD,
    LARGE_ROSTER,
    MIN_COVERAGE,
    SINGLE_TERM_COVERAGE,
    STRAY_COVERAGE,
    STRAY_DF,
    WEAK_SHARE,
)
from coordinator.routing.vocab import TECH_HOMONYMS

#: A migration's term, and the terms of the field that moves a legacy system to a modern one
#: (round 96: :meth:`FitChecks._leaves_platform`).
_MIGRATION = term_list("migration")[0]
_MODERNIZING = frozenset(term_list("legacy")[:1] + term_list("modernization")[:1])
#: Route73: :meth:`FitChecks._plain_needed` answers one of these two shares, so a coverage
#: at the larger one covers whatever it answers, and one under the smaller covers nothing
#: it answers (:meth:`FitChecks._covered` then asks it nothing).
_SURELY_COVERED = max(MIN_COVERAGE, SINGLE_TERM_COVERAGE)
_SURELY_SHORT = min(MIN_COVERAGE, SINGLE_TERM_COVERAGE)


def _homonym_as_tech(query: _Query) -> bool:
    """Round 105: whether the request writes a technology homonym as the technology, at full
    weight ("the search runs on elastic"; the everyday word weighs HOMONYM_FACTOR)."""
    weights = query.weights
    return any(
        weights.get(t) == 1.0
        for token in query.tokens
        if token in TECH_HOMONYMS
        for t in term_list(token)[:1]
    )


#: Technology names that are everyday words too (a python, java, ruby, go): one of them
#: alone says nothing of software beside an everyday subject (offtopic.life_subject reads
#: them in context).
_HOMONYMS = lifewords.HOMONYMS | TECH_HOMONYMS


@lru_cache(maxsize=16)
def _roster_technologies(names: tuple[str, ...]) -> frozenset[str]:
    """Round 115: the terms a request writes to name a technology some agent of the roster
    ``names`` is named for (frameworks.name_forms: electron for electron-pro)."""
    return frozenset().union(*map(name_forms, names))


class FitChecks(Scorer):
    """The index, checking whether an agent fits a request (see
    :mod:`coordinator.routing.choice`)."""

    def _leaves(self, query: _Query) -> bool:
        """Whether ``query`` asks to move off an old system (the legacy frame) on a roster
        that describes an agent by legacy work (round 97): a mainframe or a VB6 app left
        step by step is the modernizer's, not a platform no agent covers."""
        return not outcomes.LEAVING_TERMS.isdisjoint(query.framed) and (
            not outcomes.LEGACY_TERMS.isdisjoint(self.described_vocab)
        )

    def _role_job(self, query: _Query) -> bool:
        """Round 104: whether the request names a job a role agent of this roster does
        (outcomes.ROLE_TERMS: a business process run over spreadsheets, competitors'
        grocery prices): its everyday nouns and office tools are that job's context."""
        return not self.acts.cues.isdisjoint(outcomes.ROLE_TERMS.intersection(query.framed))

    def _leaves_platform(self, query: _Query) -> bool:
        """Whether the request asks to migrate off what it names (a migration beside legacy
        or modern: off COBOL and DB2 onto something modern) on a roster whose agents
        describe themselves by legacy modernization: the platform it leaves is no field
        the roster lacks, the move is that agent's (round 96). The migration must be the
        request's word: COBOL alone implies one (a COBOL fix stays no agent's)."""
        return (
            query.weights.get(_MIGRATION, 0.0) >= 1.0  # written, not a COBOL's concept
            and not _MODERNIZING.isdisjoint(query.weights)
            and _MODERNIZING | {_MIGRATION} <= self.described_vocab
        )

    def _life_subject(self, request: str, query: _Query) -> str | None:
        """The everyday-life subject the request is about (offtopic.life_subject), its quoted
        words left out: examples it mentions ('авто' and 'машина' as synonyms a search
        should match) are no subject. None when the request asks for work on software it
        names in its owners' voice (audience.asks_product_work, round 70: the airport
        shuttle tracker shows buses in the wrong place)."""
        subject = life_subject(query.tokens, self.described_vocab)
        if subject is None:  # most requests: no quote looked for
            return None
        if asks_product_work(query.tokens):  # the hr portal shows salaries: its owners' work
            return None
        if names_identifier(request):  # a gift_wrap flag on orders: a field, not a gift
            return None
        if self._product_situation(query):  # round 115: a client charged twice for an order
            return None
        quoted = quoted_words(request)
        if not quoted:
            return subject
        return life_subject([t for t in query.tokens if t not in quoted], self.described_vocab)

    def _product_situation(self, query: _Query) -> bool:
        """Round 115: whether a terse request is about the roster's software though an
        everyday word names its subject: it names a technology an agent of the roster is
        named for, as written (electron beside a notarization), or a product outcome frame
        fired beside the business's audience (a client charged twice for one order: the
        shop's payments, not the speaker's money)."""
        if query.framed and names_audience(query.tokens):
            return True
        # a text asked about it (a job ad for a React developer) stays a text
        named = _roster_technologies(tuple(self.names))
        weights, tokens = query.weights, query.tokens
        return any(
            weights.get(t) == 1.0 and t in named
            for token in tokens
            if token.isascii() and token.isalpha() and token not in _HOMONYMS
            for t in term_list(token)[:1]
        ) and not asks_text(tokens, self.described_vocab)

    def _field_agent(self, query: _Query, decision: RouteDecision) -> RouteDecision:
        """``decision``, or the roster's agent for the everyday field the request's words
        belong to (fabrics and a textile expert), if any (round 34), also over an agent a
        few stray words chose (polyester or merino for running shirts: "running" is no
        pipeline runner's, round 67: an agent explaining under STRAY_COVERAGE of the
        request); a request with a word only software has keeps its."""
        if decision.agent is not None and decision.coverage >= STRAY_COVERAGE:
            return decision  # most requests: the chosen agent explains them, no scan
        if decision.agent is not None and _homonym_as_tech(query):
            return decision  # round 105: "it runs on elastic" names software, not a fabric
        agent = self.fields.agent_for(query.tokens)
        if agent is not None:
            return RouteDecision(agent=agent, reason="the request is about the field it covers")
        if decision.agent is None:
            return decision
        declined = self.fields.outnumbered(query.tokens)
        if declined is not None and declined != decision.agent:
            # review93: an everyday request the field agent declined (route91) is no stray
            # agent's either (grease on jeans is no MySQL storage engine's)
            return RouteDecision(agent=None, reason=f"{NO_FIT}it is about everyday life")
        return decision

    def _fit(
        self, index: int, score: float, query: _Query, fired: dict[int, list[_Trigger]]
    ) -> bool:
        """Whether agent ``index`` (scoring ``score``) is a real fit for the request: it
        explains enough of it, by what it says it is for, or by any of its words when the
        request names a product's audience (a business's request: buyers charged twice)."""
        if score < self.min_score:  # _fits says no whatever the coverage: none computed
            return False
        if self._covered(index, query) and (
            self._described(index, query) or names_audience(query.tokens)
        ):
            return True
        if self._framed(index, query) or self._does_job(index, query):
            return True
        return self._fits(True, False, fired.get(index, []))

    def _does_job(self, index: int, query: _Query) -> bool:
        """Round 94: whether agent ``index`` holds, as its own term, a technology the
        request names by its job in plain words (:data:`aliases.JOBS`: alerts that flap or
        should be grouped are Alertmanager's). The words the job was read from are few of
        any agent's vocabulary, so coverage undercounts the agent the job names, and an
        agent explaining more of the rest (a rule; simultaneously read as concurrency) must
        not take the request from it."""
        weights, known = query.weights, self.agent_terms[index]
        for t in aliases.JOB_TERMS:  # three terms: a loop, not any() over a generator
            if t in weights and t in known:
                return True
        return False

    def _framed(self, index: int, query: _Query) -> bool:
        """Whether the request names a product outcome (:mod:`coordinator.routing.outcomes`:
        who, the act and its object) in the field agent ``index`` covers: its domain words
        explain the outcome, so the few other words it shares do not make it "none"."""
        if not query.framed:  # most requests: no frame fired
            return False
        explained = self.explained(index, query)
        return any(t in explained for t in query.framed)

    def _frame_holds(self, top: int, other: int, query: _Query) -> bool:
        """Whether agent ``top`` keeps the request from ``other`` by an outcome frame the
        request fired (round 62): ``top`` holds FRAME_HOLD of the frame's domain terms and
        ``other`` no more than FRAME_YIELD of that, so what moved the request to ``other``
        (coverage of a near tie, which leaves the frame out; a language, product or act the
        request names; its layers; a NOT-for topic) is weaker than the frame's field."""
        if not query.framed or top == other:  # most requests: no frame fired
            return False
        mine = self.frame_share(top, query)
        return mine >= FRAME_HOLD and self.frame_share(other, query) <= FRAME_YIELD * mine

    def _needed_coverage(self, index: int, query: _Query) -> float:
        """The coverage agent ``index`` needs (what a "none" reason reports): that of
        :meth:`_plain_needed`, or no more than AUDIENCE_COVERAGE when the request names a
        product's audience (customers, users: see :meth:`_covered`)."""
        needed = self._plain_needed(index, query)
        if needed > AUDIENCE_COVERAGE and names_audience(query.tokens):
            return AUDIENCE_COVERAGE
        return needed

    def _covered(self, index: int, query: _Query) -> bool:
        """Whether agent ``index`` explains as much of the request as :meth:`_needed_coverage`
        asks; the audience is looked for only when the coverage falls short (most fits do
        not need it)."""
        coverage = self.coverage(index, query)
        # route73: the share needed is read only when the coverage lies between the two it
        # may be (_SURELY_SHORT, _SURELY_COVERED): the same answer, without its look-ups
        if coverage >= _SURELY_COVERED:
            return True
        if coverage >= _SURELY_SHORT and coverage >= self._plain_needed(index, query):
            return True
        return coverage >= AUDIENCE_COVERAGE and names_audience(query.tokens)

    def _plain_needed(self, index: int, query: _Query) -> float:
        """MIN_COVERAGE, or SINGLE_TERM_COVERAGE when all agent ``index`` explains is one
        term of low weight, or everyday English words with no developer domain. On a small
        roster idf is coarse (a term in three of five agents weighs little): there one term
        counts as weak only when it has an everyday meaning (learn, table; not endpoint)."""
        # read from the request's cache first (a call only when it is not there yet)
        explained = query.explained.get(index) or self.explained(index, query)
        if explained and explained.keys() <= everyday_terms():
            return SINGLE_TERM_COVERAGE  # learn; goes, well: not what a specialist is for
        if explained and self._stray(index, query, explained):
            return SINGLE_TERM_COVERAGE  # round 89: words many bodies use, nothing software
        if len(explained) > 1:
            return MIN_COVERAGE
        weight = max((query.basis[t] for t in explained), default=0.0)
        if len(self.names) < LARGE_ROSTER and not explained.keys() & plain_terms():
            return MIN_COVERAGE
        return SINGLE_TERM_COVERAGE if weight < WEAK_SHARE * self.neutral else MIN_COVERAGE

    def _stray(self, index: int, query: _Query, explained: dict[str, float]) -> bool:
        """Round 89: whether agent ``index`` explains the request only by chance: each word
        it explains it holds (itself or as the word's sense) only as one of STRAY_DF or more
        agents do, none in its name, triggers or description (post for post-mortem, domain
        for domain-driven design, пост read as post), no outcome frame fired, and the
        request names nothing software is made of (offtopic.names_software) nor a word the
        roster does not know that is no common English word (nan, epochs: jargon)."""
        if query.framed:
            return False
        known, describing, postings = self.agent_terms[index], self.describing[index], self.postings
        related = query.related
        for t in explained:
            for held in (t,) if t in known else related.get(t, ()):
                if held in known and (held in describing or len(postings[held]) < STRAY_DF):
                    return False
        tokens = query.tokens
        return not names_software(tokens) and not any(map(self._jargon, tokens))

    def _jargon(self, word: str) -> bool:
        """Whether ``word`` (a request's token) is Latin, no stopword or common English word,
        and holds a digit (p95, 4o) or is a word the roster does not know (nan, ws)."""
        if not word.isascii() or word in STOPWORDS or word in common_words() or word.isdigit():
            return False
        if not word.isalpha():
            return True
        found = term_list(word)
        return bool(found) and found[0] not in self.idf

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

    def _excluded(self, index: int, query: _Query) -> redirects.Topic | None:
        """The NOT-for topic of agent ``index`` the request (or its words' domains) is
        about, if any."""
        exclusions = self.exclusions[index]
        if not exclusions.topics:  # most agents write none: no call
            return None
        return exclusions.excluded(query.weights, query.surface, query.tokens, query.broad)
