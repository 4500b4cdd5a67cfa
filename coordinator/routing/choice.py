"""The decision over the scores (:class:`Chooser`): everyday life and foreign platforms, a
whole feature, near ties and the runner-up, the calibrated "none", and NOT-for redirects.
"""

from __future__ import annotations

from collections.abc import KeysView
from operator import itemgetter

from coordinator.routing import aliases, outcomes, redirects
from coordinator.routing.acts import closing_terms, lead_terms
from coordinator.routing.audience import asks_product_work, names_audience
from coordinator.routing.decision import Candidate, RouteDecision, _decided, _round3
from coordinator.routing.frameworks import (
    field_tools,
    full_weight,
    heard_folds,
    name_forms,
    named_for_platform,
    names_own,
    names_technology,
    native_language,
    phrase_languages,
    printed_by,
    writes,
    writes_any,
)
from coordinator.routing.index import LANGUAGE_TERMS
from coordinator.routing.offtopic import (
    life_subject,
    names_identifier,
    names_software,
    quoted_words,
)
from coordinator.routing.query import _Query, _Trigger
from coordinator.routing.roles import is_technology, is_tool
from coordinator.routing.scoring import Scorer
from coordinator.routing.senses import (
    common_words,
    everyday_jargon,
    everyday_terms,
    plain_terms,
    spans_layers,
)
from coordinator.routing.siblings import says_more, writes_version
from coordinator.routing.text import STOPWORDS, is_cyrillic, term_list
from coordinator.routing.tuning import (
    ACT_SAID_CLOSE,
    AUDIENCE_COVERAGE,
    CLOSE_SCORE,
    COVERAGE_LEAD,
    EVERYDAY_CARRY,
    EVERYDAY_MOST,
    FRAME_HOLD,
    FRAME_WORDS_CLOSE,
    FRAME_YIELD,
    GENERIC_CLOSE,
    LARGE_ROSTER,
    MIN_COVERAGE,
    NAMED_CLOSE,
    NAMED_TECH_CLOSE,
    PRODUCT_COVERAGE,
    RUNNER_UP,
    SIBLING_CLOSE,
    SINGLE_TERM_COVERAGE,
    SMALL_RUNNER_UP,
    STRAY_COVERAGE,
    STRAY_DF,
    SYSTEM_CLOSE,
    TIE_SCORE,
    TOP_CANDIDATES,
    WEAK_SHARE,
)
from coordinator.routing.vocab import TECH_HOMONYMS

_SCORE = itemgetter(1)
#: The prefix of a query term that is a phrase one technology prints (signatures.phrases).
_SIGNED = "phrase:"

#: Terms of work on a whole system rather than code in its language: its architecture, its
#: split into services, its migration or rewrite (round 41: they keep a language's name from
#: pulling the request to that language's specialist).
_SYSTEM_WORK = frozenset(
    term_list(w)[0]
    for w in "architecture monolith microservices migrate migration modernize legacy rewrite "
    "upgrade".split()
)


#: A migration's term, and the terms of the field that moves a legacy system to a modern one
#: (round 96: :meth:`Chooser._leaves_platform`).
_MIGRATION = term_list("migration")[0]
_MODERNIZING = frozenset(term_list("legacy")[:1] + term_list("modernization")[:1])


def _named_languages(query: _Query) -> dict[str, float]:
    """The languages and frameworks the request writes itself (go, react, ріакт, php5), each
    with its word's weight; not those only an error or a tool implies (KeyError, goroutine).
    Worked out once per request (round 101: several steps of a decision read it)."""
    if query.languages is None:
        query.languages = _languages_written(query)
    return query.languages


def _languages_written(query: _Query) -> dict[str, float]:
    """:func:`_named_languages`, worked out."""
    found: dict[str, float] = {}
    for t, weight in query.weights.items():
        language = t.rstrip("0123456789.")
        if language in LANGUAGE_TERMS:
            word = query.surface[t]
            if t in term_list(word) or is_cyrillic(word):
                found[language] = max(weight, found.get(language, 0.0))
    for opener, joined in phrase_languages(query, LANGUAGE_TERMS):  # round 81: react native
        # round 100: also when its first word is no language itself (spring boot)
        found.pop(opener, None)
        found[joined] = 1.0
    if not found:  # round 100: the one platform named is its native language's (iPhone)
        native = native_language(query)
        if native is not None:
            found[native] = 1.0
    return found


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


class Chooser(Scorer):
    """The index, choosing the specialist for a request (see :mod:`coordinator.routing.lexical`)."""

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

    def route(self, request: str) -> RouteDecision:
        """Choose the specialist for ``request`` (see the module docstring)."""
        query = self.query(request)
        if not query.weights:
            return RouteDecision(agent=None, reason="the request has no words to route on")
        subject = foreign = None
        role_job = bool(query.framed) and self._role_job(query)
        # a product outcome (outcomes.PRODUCT_TERMS) outweighs the everyday words around it
        if not self.serves_life and outcomes.PRODUCT_TERMS.isdisjoint(query.framed):
            subject = None if role_job else self._life_subject(request, query)
        if subject is not None and any(t.startswith(_SIGNED) for t in query.weights):
            subject = None  # a phrase only a technology prints (consumer lag): not one's life
        if subject is not None:
            return RouteDecision(
                agent=None,
                reason=f'no specialist fits: "{subject}" is about everyday life, not software',
            )
        # a script's work on an office platform's files is no office work (round 67)
        if outcomes.SCRIPTED_TERMS.isdisjoint(query.framed) and not self._leaves(query):
            foreign = None if role_job else self.foreign.named(query.tokens)
        if foreign is not None and self._leaves_platform(query):
            foreign = None  # round 96: moving off COBOL is the modernizer's, not COBOL work
        if foreign is not None:
            return RouteDecision(agent=None, reason=f"no specialist fits: none covers {foreign}")
        totals, fired = self.scores(query)
        ranked = sorted(totals.items(), key=_SCORE, reverse=True)[:TOP_CANDIDATES]
        if len(set(map(_SCORE, ranked))) < len(ranked):  # a tie: the name decides (else sorted)
            ranked.sort(key=lambda item: (-item[1], self.names[item[0]]))
        if not ranked:
            none = RouteDecision(agent=None, reason="no agent shares a word with the request")
            return self._field_agent(query, none)
        chosen = self.full_stack
        if chosen is not None and self._builds_feature(query):
            if self._frame_holds(ranked[0][0], chosen, query) or self._names_top_only(
                query, ranked
            ):  # the frame's field, or the one framework the request names, not layers
                return self._field_agent(query, self._decide(query, ranked, totals, fired))
            return RouteDecision(
                agent=self.names[chosen],
                score=_round3(totals.get(chosen, 0.0)),
                matched=self.evidence(chosen, query, fired.get(chosen, [])),
                candidates=self.listed(ranked, query, fired),
                coverage=_round3(self.coverage(chosen, query)),
                reason="the request asks for a whole feature: data, API and screen",
            )
        return self._field_agent(query, self._decide(query, ranked, totals, fired))

    @staticmethod
    def _builds_feature(query: _Query) -> bool:
        """Whether the request names every layer of a feature (spans_layers) and is not an
        alarm being handled (outcomes.ALARM_TERMS: a page naming the API and the database)
        nor a job to plan among several agents (outcomes.PLANNING_TERMS)."""
        if not spans_layers(query.sequence):
            return False
        return outcomes.ALARM_TERMS.isdisjoint(query.framed) and outcomes.PLANNING_TERMS.isdisjoint(
            query.framed
        )

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
        quoted = quoted_words(request)
        if not quoted:
            return subject
        return life_subject([t for t in query.tokens if t not in quoted], self.described_vocab)

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
        if agent is None:
            return decision
        return RouteDecision(agent=agent, reason="the request is about the field it covers")

    def _decide(
        self,
        query: _Query,
        ranked: list[tuple[int, float]],
        totals: dict[int, float],
        fired: dict[int, list[_Trigger]],
    ) -> RouteDecision:
        scored, ranked = ranked, self._generic_first(query, ranked, fired)
        if not self.agent_languages.isdisjoint(query.weights):  # round 101
            ranked = self._with_language(query, ranked, totals)
        acted = self._act_agent(query, ranked, totals)
        best, score = acted or self._closest(query, ranked, fired)
        if self._frame_holds(ranked[0][0], best, query):  # weaker, generic evidence moved it
            (best, score), acted = ranked[0], None
        if query.framed:  # round 86: a frame's field against the chosen one's lone word
            held = self._frame_over_words((best, score), ranked, query, fired)
            if held[0] != best:
                (best, score), acted = held, None
        # the act asked is what the role agent is for: it needs no more of the request
        fit = acted is not None or self._fit(best, score, query, fired)
        fit = fit or self._language_pick((best, score), query, ranked)  # round 101
        fit = fit or self._named_pick((best, score), query, ranked)  # round 105
        small = len(self.names) < LARGE_ROSTER  # round 98: a near tie on shared words
        tied = small and fit and acted is None and self._tied(best, score, ranked, query, fired)
        if tied:  # round 98: words most agents share, tied on: no evidence for either
            fit = False
        if not small and fit and acted is None:  # round 102: everyday words chose it?
            situated = self._situation_pick((best, score), ranked, query, fired)
            if situated is None:  # nothing the request names is an agent's work
                candidates = self.listed(scored, query, fired)
                why = self._plain_reason(best, query)
                return self._no_fit((best, score), query, candidates, why)
            best, score = situated
        if not fit:
            runner_up = self._runner_up((best, score), ranked, query, fired)
            fit = runner_up[0] != best
            best, score = runner_up
        if not fit:  # the request names software: its nearest agent needs less of it
            fit = self._product_fit(best, score, query)
        if not fit:
            reason = self._tie_reason(best, score) if tied else ""
            return self._no_fit((best, score), query, self.listed(scored, query, fired), reason)
        chosen, redirected_from, reason = best, None, "best lexical and trigger match"
        exclusion = self._excluded(best, query)
        if exclusion is not None:
            target = self._redirect_target(exclusion, ranked, query)
            moves = (
                target is not None
                and self._redirects(exclusion, best, target, query)
                and not self._frame_holds(best, target, query)
            )
            if target is not None and target != best and moves:
                chosen, redirected_from = target, self.names[best]
                reason = f'{self.names[best]} says "{exclusion.topic}" is not for it'
        # the same values a listed candidate reads: _round3 of its total, its evidence
        shown = _round3(totals.get(chosen, 0.0))
        matched = self.evidence(chosen, query, fired.get(chosen, []))
        found = (shown, matched, redirected_from)
        return _decided((self, chosen, scored, query, fired), found, reason)

    def _tie_reason(self, best: int, score: float) -> str:
        """Round 98: why agent ``best`` (scoring ``score``) is no fit: a near tie on words
        most agents share."""
        return (
            f"the nearest, {self.names[best]}, ties with another agent on words most "
            f"agents share (score {score:.2f})"
        )

    def _plain_reason(self, best: int, query: _Query) -> str:
        """Round 102: why agent ``best`` is no fit: everyday words chose it (up to three of
        them quoted, heaviest first), and the request names nothing only software has."""
        plain = self.plain_terms(best, query, everyday_jargon())
        known, idf = self.agent_terms[best], self.idf
        held = sorted((t for t in plain if t in known), key=lambda t: -known[t] * idf[t])
        said = dict.fromkeys(query.surface[t] for t in held)  # heaviest first, each once
        quoted = ", ".join(f'"{w}"' for w in list(said)[:3])
        return (
            f"the nearest, {self.names[best]}, is chosen only by everyday words ({quoted}); "
            "nothing else the request names is a specialist's work"
        )

    def _no_fit(
        self,
        nearest: tuple[int, float],
        query: _Query,
        candidates: list[Candidate],
        reason: str = "",
    ) -> RouteDecision:
        """The "none" decision when the ``nearest`` agent (index, score) is no fit: its
        coverage and score against what a fit needs, or ``reason`` when given (round 98:
        its near tie on words most agents share; round 102: only everyday words chose it)."""
        best, score = nearest
        coverage = self.coverage(best, query)
        if not reason:
            needed = self._needed_coverage(best, query)
            reason = (
                f"the nearest, {self.names[best]}, explains {coverage:.0%} of the request "
                f"(needs {needed:.0%}) with score {score:.2f} (needs {self.min_score:.2f})"
            )
        return RouteDecision(
            agent=None,
            score=_round3(score),
            matched=[],
            redirected_from=None,
            also=[],
            candidates=candidates,
            coverage=_round3(coverage),
            reason=f"no specialist fits: {reason}",
        )

    def _situation_pick(
        self,
        chosen: tuple[int, float],
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> tuple[int, float] | None:
        """Round 102: ``chosen`` (index, score) when more than the request's everyday words
        chose it (most requests); else the agent of the situation the request names
        (:meth:`_situation_agent`); with none, ``chosen`` still when the request names a
        word only software has (what it asks is some software's, and its nearest agent
        stays), and None when it names none: "plan the team offsite, some games" is no
        chaos engineer's game day, "which accounting software is best" no CI's."""
        if not self._everyday_pick(chosen[0], query, fired):
            return chosen
        found = self._situation_agent(chosen[0], ranked, query, fired)
        if found is not None:
            return found
        return chosen if names_software(query.tokens, only=True) else None

    def _everyday_pick(self, index: int, query: _Query, fired: dict[int, list[_Trigger]]) -> bool:
        """Round 102: whether agent ``index`` is chosen by the request's everyday words
        (:func:`senses.everyday_jargon`: "procurement is chaos", a team offsite "with some
        games", a standup schedule, work google accounts, which accounting software) and not
        by its situation: those words and the loose stems only they stand for
        (:meth:`Scorer.everyday_split`) give EVERYDAY_CARRY of its score or more, and the
        rest of the request (its other words, their relatives and fields, its frames and
        triggers) less than any chosen agent must score, or under EVERYDAY_MOST's rest."""
        everyday = everyday_jargon()
        if everyday.isdisjoint(query.weights):  # no everyday word (few requests): no split
            return False
        low, high = self.everyday_split(index, query, fired.get(index, ()), everyday)
        if low < EVERYDAY_CARRY * (low + high):
            return False
        return high < self.min_score or low >= EVERYDAY_MOST * (low + high)

    def _situation_agent(
        self,
        chosen: int,
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> tuple[int, float] | None:
        """Round 102: for a pick everyday words made (:meth:`_everyday_pick`), the candidate
        explaining most of the request among those scoring RUNNER_UP of the top that fit it
        and are chosen by more than its everyday words: the agent of the situation the
        request names (customers' nightly notifications "by text and email" through AWS
        are SNS's, not Perl's text processing); None when there is none."""
        floor = RUNNER_UP * ranked[0][1]
        found = [
            item
            for item in ranked
            if item[0] != chosen
            and item[1] >= floor
            and self._fit(item[0], item[1], query, fired)
            and not self._everyday_pick(item[0], query, fired)
        ]
        if not found:
            return None
        return max(found, key=lambda item: self.coverage(item[0], query))

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

    def _tied(
        self,
        index: int,
        score: float,
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> bool:
        """Round 98: whether agent ``index`` (scoring ``score``) of a small roster leads
        only by words that say nothing of which agent fits: another candidate scores within
        CLOSE_SCORE of it and explains every word it does, neither has a trigger that fired,
        each word it explains is held by most of the roster's agents (developer, data), and
        the score is under TIE_SCORE of the roster's least a fit scores. "How much should I
        pay a junior developer" is no backend's or frontend's work, whichever leads by a
        hair."""
        if fired.get(index) or score >= TIE_SCORE * self.min_score:
            return False  # most requests: a trigger or a clear score
        mine = self.explained(index, query)
        floor = (1 - CLOSE_SCORE) * score
        tied = [
            other
            for other, theirs in ranked
            if other != index
            and theirs >= floor
            and not fired.get(other)
            and mine.keys() <= self.explained(other, query).keys()
        ]
        if not tied:
            return False
        known, related, postings = self.agent_terms[index], query.related, self.postings
        half = len(self.names) / 2
        for t in mine:
            for held in (t,) if t in known else related.get(t, ()):
                if held in known and len(postings.get(held, ())) <= half:
                    return False
        return True

    def _does_job(self, index: int, query: _Query) -> bool:
        """Round 94: whether agent ``index`` holds, as its own term, a technology the
        request names by its job in plain words (:data:`aliases.JOBS`: alerts that flap or
        should be grouped are Alertmanager's). The words the job was read from are few of
        any agent's vocabulary, so coverage undercounts the agent the job names, and an
        agent explaining more of the rest (a rule; simultaneously read as concurrency) must
        not take the request from it."""
        weights, known = query.weights, self.agent_terms[index]
        return any(t in weights and t in known for t in aliases.JOB_TERMS)  # three terms

    def _product_fit(self, index: int, score: float, query: _Query) -> bool:
        """Whether agent ``index`` (scoring ``score``), the nearest to a request no agent
        fits by coverage, fits it as the nearest to work on a piece of software the request
        names (audience.names_product: the app's cart, a booking form, a widget): it needs
        only PRODUCT_COVERAGE of the request, whose other words are its users' (round 70)."""
        if score < self.min_score or self.coverage(index, query) < PRODUCT_COVERAGE:
            return False
        return asks_product_work(query.tokens)

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

    def _frame_over_words(
        self,
        chosen: tuple[int, float],
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> tuple[int, float]:
        """Round 86: the candidate holding most of the request's outcome frames, when it
        scores within FRAME_WORDS_CLOSE of the chosen one and holds them against it
        (:meth:`_frame_holds`), takes the request when the chosen one leads only by the
        words the frame is made of (the header of "the tenant from the X-Tenant header", the
        categories of "several categories per product"): on the rest of the request it
        leads by less than the frame's domain words pull the other way, and what it gains
        there adds up to less than one word of median weight. Not when it has support of
        its own (:meth:`_own_support`)."""
        best, score = chosen
        floor = (1 - FRAME_WORDS_CLOSE) * score
        if not any(item[1] >= floor for item in ranked if item[0] != best):
            return chosen  # no candidate near: no frame share computed
        holder = max(ranked, key=lambda item: self.frame_share(item[0], query))
        index = holder[0]
        if holder[1] < floor or not self._frame_holds(index, best, query):
            return chosen  # also when the chosen one holds the frames most itself
        inside = outcomes.frame_words(query.tokens, query.framed)
        lead, support, pull = self.frame_split((best, index), query, fired, inside)
        if support < self.neutral and lead < pull and not self._own_support(best, index, query):
            return holder
        return chosen

    def _own_support(self, mine: int, other: int, query: _Query) -> bool:
        """Whether agent ``mine`` keeps a request ``other`` holds the frame of by support
        the frame's words do not give: the request writes the technology its name holds
        (react, langchain), one of several frames fired is its own, or ``other``'s NOT-for
        list sends the request's topic to it (or to whoever fits)."""
        if self._writes_name(query, mine, full_weight(query)):
            return True
        framed = query.framed
        if len(framed) > 1 and any(
            self.frame_share(mine, query, frozenset([t])) >= FRAME_HOLD for t in framed
        ):
            return True
        exclusion = self._excluded(other, query)
        if exclusion is None:
            return False
        return exclusion.target is None or self.index_of.get(exclusion.target) == mine

    def _runner_up(
        self,
        best: tuple[int, float],
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> tuple[int, float]:
        """When the top scorer is no fit (one strong word, little of the request), the
        candidate scoring at least RUNNER_UP of it that fits and explains more of the request
        (the best scoring of them, round 46: the one explaining most was often an agent
        only the request's everyday words touch, devops for "оновлювався без
        перезавантаження", over the one its domain words name), if any. On a large roster
        (round 102) not one that the request's everyday words chose (:meth:`_everyday_pick`:
        chaos for "procurement is chaos"), unless each is and the request names a word only
        software has (then, as before, the best scoring)."""
        large = len(self.names) >= LARGE_ROSTER
        floor = (RUNNER_UP if large else SMALL_RUNNER_UP) * ranked[0][1]
        mine = self.coverage(best[0], query)
        fits = [
            item
            for item in ranked
            if item != best
            and item[1] >= floor
            and self.coverage(item[0], query) > mine
            and self._fit(item[0], item[1], query, fired)
        ]
        if large and fits:  # round 102: not one everyday words chose, unless software is named
            kept = [item for item in fits if not self._everyday_pick(item[0], query, fired)]
            fits = kept or (fits if names_software(query.tokens, only=True) else [])
        if not fits:
            return best
        return max(fits, key=_SCORE)

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
        if query.label:  # round 105: the technology its label names ("вебпак 5: ...")
            labelled = self._label_pick(query, ranked)
            if labelled is not None:
                return labelled
        named = self._named_for(query, ranked) or self._framework_tie(query, ranked)
        if named is not None:
            return named
        floor = (1 - CLOSE_SCORE) * ranked[0][1]
        if len(ranked) == 1 or ranked[1][1] < floor:  # ranked by score: no other is close
            return ranked[0]
        close = [item for item in ranked if item[1] >= floor]
        mine = self.coverage(ranked[0][0], query) + COVERAGE_LEAD
        wider = max(close, key=lambda item: self.coverage(item[0], query))
        if self.coverage(wider[0], query) < mine or self._sibling_holds(
            ranked[0][0], wider[0], query
        ):
            return ranked[0]
        if self._does_job(ranked[0][0], query) and not self._does_job(wider[0], query):
            return ranked[0]  # round 94: the agent of the job the request describes
        return wider

    def _framework_tie(
        self, query: _Query, ranked: list[tuple[int, float]]
    ) -> tuple[int, float] | None:
        """Round 81 (:mod:`coordinator.routing.frameworks`): in a near tie (within
        NAMED_CLOSE of the top), the one candidate whose name holds the framework or
        platform the request writes itself (svelte-expert for "sveltekit page loses store
        state", swift-expert for "swiftui list lags") owns it: the request is about that
        framework's own work, and a generic agent of its layer (mobile, frontend) or another
        framework's expert only explains more of its plain words. On a large roster, when
        none is so named, the one named for a technology whose own vocabulary the request
        writes (woocommerce: wordpress-master). None when no candidate, or more than one,
        is so found, and (round 100) when an outcome frame the request fired is another
        close candidate's field and not the named one's (:meth:`_frame_holds`): the store
        written as where the data lives ("top customers by revenue per month ... Postgres")
        is not what the request asks of it."""
        floor = (1 - NAMED_CLOSE) * ranked[0][1]
        if len(ranked) < 2 or ranked[1][1] < floor:  # no near tie (most requests)
            return None
        close = [item for item in ranked if item[1] >= floor]
        own = full_weight(query)
        named = [item for item in close if self._writes_name(query, item[0], own)]
        if not named and len(self.names) >= LARGE_ROSTER:
            named = [item for item in close if self._owns_word(query, item[0], own)]
        if len(named) != 1:
            return None
        if any(self._frame_holds(item[0], named[0][0], query) for item in close):
            return None  # round 100: the frame's field, not the place the request names
        return named[0]

    def _label_pick(
        self, query: _Query, ranked: list[tuple[int, float]]
    ) -> tuple[int, float] | None:
        """Round 105: the one candidate within NAMED_CLOSE of the top named for the
        technology the label the request opens with names ("вебпак 5: Module not found ...
        node.js core modules": webpack-expert over nodejs-expert, whose name the pasted
        message writes): the label says what the request is about. None when the top is so
        named itself or none, or several, are."""
        floor = (1 - NAMED_CLOSE) * ranked[0][1]
        found = [
            item
            for item in ranked
            if item[1] >= floor
            and not query.label.isdisjoint(
                name_forms(self.names[item[0]]) | self.name_terms[item[0]]
            )
        ]
        if len(found) != 1 or found[0] == ranked[0]:
            return None
        return found[0]

    def _generic_first(
        self, query: _Query, ranked: list[tuple[int, float]], fired: dict[int, list[_Trigger]]
    ) -> list[tuple[int, float]]:
        """Round 87: ``ranked`` less the candidates named for a technology the request does
        not name (:meth:`_unnamed`) when the best candidate named for none scores within
        GENERIC_CLOSE of the top and fits the request: "add a dark theme to the web app" or
        "the avatar stretches on the profile page" are no flutter or PowerShell UI work,
        whose agents lead or explain most only by their bodies' plain words (theme, screen,
        page). Such an agent's own work is its technology: a generic agent near it takes the
        request, and a near tie's coverage (:meth:`_closest`) no longer moves to it. On a
        small roster, a roster most of whose agents are named for a technology (there the
        few named for none are technologies too: rest, css), or when no candidate is so
        named, ``ranked`` itself."""
        technology = self.technology
        if not self.generic_roster or len(self.names) < LARGE_ROSTER:
            return ranked
        generic, named = None, False
        for item in ranked:  # a loop, not a generator: this runs for every request
            if technology[item[0]]:
                named = True
            elif generic is None:
                generic = item
        if not named or generic is None or generic[1] < (1 - GENERIC_CLOSE) * ranked[0][1]:
            return ranked  # most requests: no candidate named for a technology
        unnamed = [item for item in ranked if self._unnamed(item[0], query, fired)]
        if not unnamed:
            return ranked
        heard = heard_folds(query)  # the Cyrillic words by ear, only now: they cost
        unnamed = [
            item
            for item in unnamed
            if heard.isdisjoint(technology[item[0]])
            and not self._frame_holds(item[0], generic[0], query)
        ]
        if not unnamed:
            return ranked
        if generic is not ranked[0] and not self._fit(generic[0], generic[1], query, fired):
            return ranked
        return [item for item in ranked if item not in unnamed]

    def _unnamed(self, index: int, query: _Query, fired: dict[int, list[_Trigger]]) -> bool:
        """Whether agent ``index`` is named for a technology the request's terms do not name
        (frameworks.names_technology) nor by the version its name holds (PS 5.1), and no
        trigger of it fired (:meth:`_generic_first` then reads its Cyrillic words by ear
        and the outcome frames)."""
        words = self.technology[index]
        if not words or fired.get(index) or names_technology(query, words):
            return False
        return not writes_version(query.tokens, self.version[index])

    def _names_top_only(self, query: _Query, ranked: list[tuple[int, float]]) -> bool:
        """Round 81: whether the request writes the name of the top scorer's framework and
        of no other candidate's ("a graphql schema so the front gets orders from the
        database in one query": the GraphQL architect's, not a whole feature; "a postgres
        table, a fastapi endpoint and a vue modal" names one per layer: a whole feature)."""
        own = full_weight(query)
        named = [i for i, _ in ranked if self._writes_name(query, i, own)]
        return named == [ranked[0][0]]

    def _writes_name(self, query: _Query, index: int, own: frozenset[str]) -> bool:
        """Whether the request's own words (``own``: its full-weight terms) write the
        technology agent ``index``'s name holds (frameworks.name_forms: svelte, or sveltekit
        for svelte-expert), or its language or nickname (ts for typescript-pro)."""
        return writes_any(query, self.name_terms[index], own) or writes_any(
            query, name_forms(self.names[index]), own
        )

    def _writes_other_name(self, query: _Query, index: int, languages: KeysView[str]) -> bool:
        """Round 89: whether the request writes a technology agent ``index``'s name holds
        other than ``languages`` (sidekiq for sidekiq-expert in "sidekiq on our rails
        store"): a library or tool named beside its language is what the request is about,
        and its own agent keeps the lead from the language's (powershell-security-hardening
        is named for powershell itself: no other technology keeps it)."""
        forms = (self.name_terms[index] | name_forms(self.names[index])).difference(languages)
        return bool(forms) and writes_any(query, forms, full_weight(query))

    def _owns_word(self, query: _Query, index: int, own: frozenset[str]) -> bool:
        """Whether agent ``index``, named for a technology, owns a word the request writes
        itself: its description (not only its body in passing) holds it and no other agent
        of the roster is posted for it (woocommerce for wordpress-master): the framework's
        own vocabulary (``own``: the request's full-weight terms)."""
        if not name_forms(self.names[index]):
            return False
        postings, known, passing = self.postings, self.agent_terms[index], self.passing[index]
        for t in own:
            if t in known and known[t] != passing:
                found = postings.get(t, ())
                if len(found) == 1 and found[0][0] == index and writes(query, t):
                    return True
        return False

    def _sibling_holds(self, top: int, wider: int, query: _Query) -> bool:
        """Whether the top scorer keeps a near tie against ``wider``, its sibling (round 66:
        :mod:`coordinator.routing.siblings`): the version the request writes, else the
        request's terms only one of them describes itself by, decide (the wider one's
        coverage may be its body's)."""
        family = self.family[top]
        if family is None or family != self.family[wider]:
            return False
        written = [writes_version(query.tokens, self.version[i]) for i in (top, wider)]
        if any(written):
            return written[0]
        mine, theirs = self.described[wider], self.described[top]
        return not says_more(query.weights, mine, theirs, self.idf)

    def _act_agent(
        self, query: _Query, ranked: list[tuple[int, float]], totals: dict[int, float]
    ) -> tuple[int, float] | None:
        """For a request asking for an act a role agent of the roster is for (find why it
        breaks, review, test, document: :mod:`coordinator.routing.acts`), that agent when it
        scores within the act's ``close`` share of the top score, whatever technology the
        request names (unless the act is read from a word or a pasted error and that
        language's own expert leads), and scores what any chosen agent must (the act asked
        stands in for the rest of the request it does not explain); the first act asked that
        has such an agent decides, its roles in their order. None when the request plans a job
        among several agents (outcomes.PLANNING_TERMS): the acts it names are theirs."""
        if not self.acts.acts:  # a roster with no role agents (most small ones): no scan
            return None
        if not outcomes.PLANNING_TERMS.isdisjoint(query.framed):  # the team's acts, not one's
            return None
        asked = self.acts.asked(query.weights, query.tokens)
        if not asked:
            return None
        top = ranked[0][0]
        own = self._own_expert_leads(query, top)
        lead, kept = None, frozenset[str]()
        if not self._top_named(query, top):
            tokens = query.tokens
            lead = lead_terms(tokens) | closing_terms(tokens, self.acts.cues)
        elif self._tool_named(query, top):  # round 100: what the tool's own agent does
            kept = self.describing[top]
        named: bool | None = None  # round 105: read once, for a debugger's act only
        for act, agents in asked:
            if (own and not act.outright) or not act.owned.isdisjoint(kept):
                continue
            if act.debugs:
                named = self._named_near(query, ranked) if named is None else named
                if named:
                    continue
            # round 68: the act the request opens with ("document the billing service") is
            # what it asks, as near as a phrase naming the act outright, unless the request
            # names the top scorer itself ("deploy it to kubernetes": kubernetes-specialist)
            close = ACT_SAID_CLOSE if lead and not act.cues.isdisjoint(lead) else act.close
            near = (1 - max(close, act.close)) * ranked[0][1]
            for role in agents:
                score = totals.get(role, 0.0)
                if score >= near and score >= self.min_score:
                    return role, score
        return None

    def _named_near(self, query: _Query, ranked: list[tuple[int, float]]) -> bool:
        """Round 105: whether a candidate within NAMED_CLOSE of the top is named for a
        technology the request names itself or by what only it prints (frameworks.names_own:
        "terraform: Error acquiring the state lock", McpError), or, unless it is another
        act's agent, for a field one of whose tools its own text holds and the request writes
        (frameworks.field_tools: SPF for email deliverability): the failure is that
        technology's own work, its agent's, not a generic debugger's (a generic bug hunt,
        "TypeError in checkout", names none)."""
        floor = (1 - NAMED_CLOSE) * ranked[0][1]
        own, languages = full_weight(query), _named_languages(query).keys()
        for i, score in ranked:
            if score < floor:
                break
            if not self.name_terms[i].isdisjoint(languages):
                return True
            if names_own(query, name_forms(self.names[i]), own):
                return True
            if i in self.acts.doers:  # another act's agent (pytest: a test's, not a fault's)
                continue
            tools = field_tools(self.names[i]) & query.weights.keys()
            if any(writes(query, t) for t in tools & self.agent_terms[i].keys()):
                return True  # a tool of its field its own text holds (spf: email's)
        return False

    def _top_named(self, query: _Query, top: int) -> bool:
        """Whether the request's own words name the technology agent ``top``'s name holds
        (kubernetes for kubernetes-specialist, python for python-pro): a product or
        language, not a domain (payment-integration for "document the payments service")."""
        weights = query.weights
        for word in self.names[top].split("-"):
            terms = term_list(word)
            if terms and weights.get(terms[0]) == 1.0 and is_technology(word, terms[0]):
                return True
        return False

    def _tool_named(self, query: _Query, top: int) -> bool:
        """Round 100: whether the request's own words name the tool or platform (no
        language) agent ``top``'s name holds (docker for docker-expert)."""
        weights = query.weights
        for word in self.names[top].split("-"):
            terms = term_list(word)
            if terms and weights.get(terms[0]) == 1.0 and is_tool(word, terms[0]):
                return True
        return False

    def _own_expert_leads(self, query: _Query, top: int) -> bool:
        """Whether the top scorer ``top`` is the expert for a language the request names
        itself (laravel-specialist for a laravel job's exception): an act read from a word
        stays with it."""
        languages = self.name_terms[top]
        return bool(languages) and not languages.isdisjoint(_named_languages(query))

    def _named_for(
        self, query: _Query, ranked: list[tuple[int, float]]
    ) -> tuple[int, float] | None:
        """The candidate named for the one language the request itself names (golang-pro for
        "go grpc service: graceful shutdown"), within NAMED_TECH_CLOSE of a top scorer named
        for none, when the request asks for code in it: not for the system's architecture or
        migration (a monolith to split is the architect's, wherever it is written in django),
        nor a move between two languages (jquery to react)."""
        languages = self.name_terms
        if len(self.names) < LARGE_ROSTER or not any(languages[i] for i, _ in ranked):
            return None  # no candidate is named for a language (most requests): no scan
        named = _named_languages(query)
        if query.moved_to in named:  # round 101: "from python to go" asks for go code
            named = {query.moved_to: 1.0}
        elif not named and _SYSTEM_WORK & query.weights.keys() and languages[ranked[0][0]]:
            return self._system_agent(ranked)
        elif _SYSTEM_WORK & query.weights.keys():
            return None
        if len(named) != 1:
            return None
        top = ranked[0]
        if 1.0 not in named.values():
            return None
        if not languages[top[0]].isdisjoint(named):
            return top  # the language's own expert leads: no near tie moves it
        if named_for_platform(self.names[top[0]], query):
            return top  # the platform's own expert leads (ios-expert for an iOS app)
        if self._writes_other_name(query, top[0], named.keys()):
            return top  # round 89: the top scorer is named for another technology it writes
        near = (1 - NAMED_TECH_CLOSE) * top[1]
        for at, item in enumerate(ranked[1:], 1):
            if languages[item[0]].isdisjoint(named):
                continue
            if item[1] >= near or query.moved_to:
                return item
            if item[1] >= (1 - SIBLING_CLOSE) * top[1] and self._siblings_above(query, ranked[:at]):
                return item
            return None
        return None

    def _siblings_above(self, query: _Query, above: list[tuple[int, float]]) -> bool:
        """Round 101: whether every candidate in ``above`` (those scoring over the agent of
        the one language the request writes) is named for a technology the request does not
        name at all (gin-expert, django-expert for "our Go API on Fiber: middleware order
        breaks auth"): another framework of that language or of another says nothing of the
        request's, only the plain words its text shares (middleware, auth). A language's or
        framework's agent (or, on a roster of technology experts, one named for none:
        express-expert) counts as named by its name's words or a word its description alone
        holds (queryset: django's); a tool's (opentelemetry-expert) by any word of its
        technology (traces, spans). On a roster of generic agents one named for none (a
        backend architect) may be what the request asks: it keeps the request."""
        own = full_weight(query)
        for index, _ in above:
            technology = self.technology[index]
            if not technology and self.generic_roster:
                return False
            if self.name_terms[index] or not technology:  # a language's or framework's
                technology = self.name_terms[index] | name_forms(self.names[index])
                if self._owns_word(query, index, own):  # queryset: django's alone
                    return False
            if names_technology(query, technology):
                return False
        return True

    def _with_language(
        self, query: _Query, ranked: list[tuple[int, float]], totals: dict[int, float]
    ) -> list[tuple[int, float]]:
        """Round 101: ``ranked`` with the agent named for the language the request moves code
        to ("from python to go": golang-pro) or for the one language it writes itself, added
        when it scores what any chosen agent must and is not among them (other frameworks'
        agents lead on the plain words their text shares: :meth:`_named_for` weighs them)."""
        if query.moved_to and self._leaves(query):
            query.moved_to = ""  # an old system left step by step: not new code in a language
        language = query.moved_to
        if not language:
            named = _named_languages(query)
            if len(named) != 1 or 1.0 not in named.values():
                return ranked
            (language,) = named
        index = self.language_agent.get(language)
        if index is None or any(i == index for i, _ in ranked):
            return ranked
        score = totals.get(index, 0.0)
        return [*ranked, (index, score)] if score >= self.min_score else ranked

    def _language_pick(
        self, chosen: tuple[int, float], query: _Query, ranked: list[tuple[int, float]]
    ) -> bool:
        """Round 101: whether the chosen agent, scoring what any chosen agent must, is named
        for the language the request moves code to, or for the one it writes itself while
        every candidate over it is named for a technology the request does not name
        (:meth:`_siblings_above`): the language is what the request asks for, so the few
        other words its text holds do not make it "none", nor move it to a runner-up."""
        index, score = chosen
        own = self.name_terms[index]
        if not own or score < self.min_score or not (query.moved_to or index != ranked[0][0]):
            return False
        if query.moved_to:
            return query.moved_to in own
        above = [item for item in ranked if item[0] != index]
        at = next((n for n, item in enumerate(ranked) if item[0] == index), 0)
        return own.isdisjoint(self.name_terms[ranked[0][0]]) and self._siblings_above(
            query, above[:at]
        )

    def _named_pick(
        self, chosen: tuple[int, float], query: _Query, ranked: list[tuple[int, float]]
    ) -> bool:
        """Round 105: whether the chosen agent, the top scorer scoring what any chosen agent
        must and explaining PRODUCT_COVERAGE of the request, is named for the technology the
        request writes itself, no other candidate's being written (vue3, вебпак,
        "terraform:"), or for the one whose own message it pastes (webpack's "Module not
        found: Error: Can't resolve", whatever else it names: node.js): the request is about
        that technology, so the words of what it pastes, which no agent's text holds, do not
        make it "none" nor move it to an agent of the rest."""
        index, score = chosen
        if index != ranked[0][0] or score < self.min_score or not name_forms(self.names[index]):
            return False
        if self.coverage(index, query) < PRODUCT_COVERAGE:
            return False
        return self._names_top_only(query, ranked) or not printed_by(query).isdisjoint(
            name_forms(self.names[index])
        )

    def _system_agent(self, ranked: list[tuple[int, float]]) -> tuple[int, float] | None:
        """For a request about a whole system (its architecture, its split into services)
        that names no language, the best candidate named for none within SYSTEM_CLOSE of a
        top scorer named for one (golang-pro's "architectural design" trigger): the system's
        architect, not a language's expert."""
        near = (1 - SYSTEM_CLOSE) * ranked[0][1]
        for item in ranked[1:]:
            if item[1] < near:
                break
            if not self.name_terms[item[0]]:
                return item
        return None

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
        if coverage >= self._plain_needed(index, query):
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
