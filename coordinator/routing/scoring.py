"""Scoring a query against the index (:class:`Scorer`): lexical scores and trigger bonuses,
what each agent explains of the request (coverage), evidence, the candidate list and
``also``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from coordinator.routing.decision import Candidate, _Listed, _new
from coordinator.routing.outcomes import frame_terms
from coordinator.routing.query import _fires, _FrameIdf, _Query, _Trigger
from coordinator.routing.reading import QueryReader
from coordinator.routing.shown import shown_trigger, shown_words
from coordinator.routing.tuning import (
    ALSO_AMONG,
    ALSO_SCORE,
    ALSO_SHARE,
    BODY_CREDIT,
    BODY_WORD_FACTOR,
    RELATED_FACTOR,
    RELATED_POSTINGS,
)

_NONE_FIRED: tuple[_Trigger, ...] = ()


def _said(trigger: _Trigger, weights: dict[str, float]) -> float:
    """How much of its bonus a fired ``trigger`` adds (round 88): all of it when each of
    its terms entered the request as a word of it (or a phrase's, a frame's or a plain
    word's domain); else the weight of the weakest link that brought a term in (a word's
    relative, a word read plainly or in its other sense: a colour beside a SKU brings no
    "component" the request wrote)."""
    low = min(map(weights.__getitem__, trigger.terms))  # in C: no list, no frame
    return low if low < RELATED_FACTOR else 1.0


class Scorer(QueryReader):
    """The index, scoring queries: scores, coverage, evidence, candidates and ``also``."""

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
                # most triggers lack a term: a subset test decides before any call, and
                # only a phrase's order needs _fires (which tests the subset again); the
                # keys view asked first (a frozenset asked first answers NotImplemented
                # to a view, and only then is the view asked)
                if not present >= trigger.terms or (trigger.phrase and not _fires(trigger, query)):
                    continue
                fired.setdefault(trigger.agent, []).append(trigger)
                bonus = trigger.weight * _said(trigger, query.weights)
                totals[trigger.agent] = get(trigger.agent, 0.0) + bonus
        return totals, fired

    def explained(self, index: int, query: _Query) -> dict[str, float]:
        """How much of each request term agent ``index`` explains (0..1, by term)."""
        found = query.explained.get(index)
        if found is None:
            found = query.explained[index] = self._explained(index, query)
        return found

    def _explained(self, index: int, query: _Query) -> dict[str, float]:
        """What agent ``index`` explains of each request term, and (route76) the share of
        the request that is, :meth:`coverage`, kept with it: each term's part of the share
        taken as the term is explained, in the same order, so no second loop reads the
        terms again (and ``sum`` adds them, as the second loop did: 3.12 compensates)."""
        out: dict[str, float] = {}
        known, body_only = self.agent_terms[index], self.body_only[index]
        idf, generic, basis = self.idf, self.generic, query.basis
        products: list[float] = []  # the explained terms' basis, in out's order (for sum)
        explains = query._explains  # computed once per request: read inline after that
        for t, body_word, others, share, top in explains or query.explains(idf, generic):
            if t in known:
                best = BODY_CREDIT if t in body_only else 1.0
                if body_word:
                    best *= BODY_WORD_FACTOR
                if not others:  # most terms stand for no other: nothing to compare
                    out[t] = best
                    products.append(basis[t] * best)
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
                products.append(basis[t] * best)
        total = query.total
        query.covered[index] = min(1.0, sum(products) / total) if total else 0.0
        return out

    def coverage(self, index: int, query: _Query) -> float:
        """Share of the request's weight that agent ``index`` explains.

        A known term weighs its (damped) idf, an unknown word the roster's median idf, a
        number or config key nothing; body-only vocabulary counts fully only when the
        description is short.
        """
        found = query.covered.get(index)
        if found is None:  # worked out with what it explains (:meth:`_explained`)
            query.explained[index] = self._explained(index, query)
            found = query.covered[index]
        return found

    def frame_share(self, index: int, query: _Query, framed: frozenset[str] | None = None) -> float:
        """Share of the fired outcome frames' domain terms (by idf) that agent ``index``
        holds, a body-only term at BODY_CREDIT: how much of the frame's field it is (coverage
        leaves the frame out, see :meth:`QueryReader._frame_weights`). 0.0 with no frame.
        Of the frames ``framed`` only, when given (one of the query's)."""
        known, body_only = self.agent_terms[index], self.body_only[index]
        if framed is None:
            framed = query.framed
        found = query.frame_idf.get(framed)
        if found is None:  # the terms' idfs and their sum are the same for every agent
            found = query.frame_idf[framed] = self._frame_idf(framed)
        weights, terms, total = found
        held = 0.0
        # the terms the agent holds picked in C (most of a frame's terms: not this agent's),
        # added in the terms' order as before
        for t, weight in compress(weights, map(known.__contains__, terms)):
            held += weight * (BODY_CREDIT if t in body_only else 1.0)
        return held / total if total else 0.0

    def _frame_idf(self, framed: frozenset[str]) -> _FrameIdf:
        """The domain terms of the frames ``framed`` with their idf (0 when unknown), the
        terms alone, and the idfs' sum, added in the terms' order (:meth:`frame_share`)."""
        idf = self.idf
        weights = tuple((t, idf.get(t, 0.0)) for t in frame_terms(framed))
        total = 0.0
        for _, weight in weights:
            total += weight
        return weights, tuple(t for t, _ in weights), total

    def everyday_split(
        self,
        index: int,
        query: _Query,
        fired: Sequence[_Trigger],
        everyday: frozenset[str],
    ) -> tuple[float, float]:
        """Round 102: agent ``index``'s score split in two, as :meth:`scores` adds it up:
        what the request's ``everyday`` words give it, and what every other word, relative,
        frame and trigger gives (:meth:`plain_terms` says which terms are the former)."""
        weights, known, postings = query.weights, self.agent_terms[index], self.postings
        plain = self.plain_terms(index, query, everyday)
        low = high = 0.0
        for t, factor in weights.items():
            if t not in known:  # most terms: the agent holds none of them (no look-up)
                continue
            found = postings[t]
            for agent, contribution in found if factor == 1.0 else found[:RELATED_POSTINGS]:
                if agent == index:
                    if t in plain:
                        low += contribution * factor
                    else:
                        high += contribution * factor
                    break
        for trigger in fired:
            bonus = trigger.weight * _said(trigger, weights)
            if trigger.terms <= plain:
                low += bonus
            else:
                high += bonus
        return low, high

    def plain_terms(self, index: int, query: _Query, everyday: frozenset[str]) -> set[str]:
        """Round 102: the query terms that only the request's ``everyday`` words bring to
        agent ``index``: such a word said itself at full weight (not the agent's own
        language: go for go-expert; not a word only the roster's bodies use, whose field
        stands in for it: a page's frontend), and the roster terms only such words stand
        for (a loose stem: checklist for "check"; what "discount" stands for)."""
        weights, related, own = query.weights, query.related, self.name_terms[index]
        plain: set[str] = set()
        for t in related:  # loops, not comprehensions: each of those is a call (3.11)
            if t in everyday and weights[t] >= 1.0 and t not in own:
                plain.add(t)
        if not plain:
            return plain
        loose: set[str] = set()
        for t in plain:
            loose.update(related[t])
        if loose:  # the relatives another word stands for too are that word's
            shared: set[str] = set()
            for t, others in related.items():
                if t not in plain:
                    shared.update(others)
            loose -= shared
            plain |= loose - related.keys()
        return plain

    def posted(self, index: int, term: str, factor: float) -> float:
        """What request term ``term`` (at ``factor``) adds to agent ``index``'s score, as
        :meth:`scores` adds it (a related term only from its first RELATED_POSTINGS)."""
        found = self.postings.get(term, ())
        for agent, contribution in found if factor == 1.0 else found[:RELATED_POSTINGS]:
            if agent == index:
                return contribution * factor
        return 0.0

    def frame_split(
        self,
        pair: tuple[int, int],
        query: _Query,
        fired: dict[int, list[_Trigger]],
        inside: frozenset[str],
    ) -> tuple[float, float, float]:
        """How agent ``top`` of ``pair`` leads ``other`` on the request's words outside
        ``inside`` (the words its fired outcome frames are made of, read as the frame), as
        three numbers: that lead (terms and the triggers they alone fire, ``other``'s
        subtracted), ``top``'s own support there (what it gains on each such word, and its
        triggers there), and the pull of the frames' domain words for ``other`` (their
        terms and the triggers they fire; see :meth:`QueryReader._frame_weights`)."""
        top, other = pair
        surface = query.surface
        joined = {surface[t] for t in query.framed}
        gains: dict[str, float] = {}
        pull = 0.0
        for t, factor in query.weights.items():
            word = surface[t]
            if t in query.framed or word in inside:
                continue
            gain = self.posted(top, t, factor) - self.posted(other, t, factor)
            if word in joined:  # a frame's domain term (coverage leaves it out)
                pull -= gain
            else:
                gains[word] = gains.get(word, 0.0) + gain
        lead, support = sum(gains.values()), sum([g for g in gains.values() if g > 0.0])
        for index, sign in (top, 1.0), (other, -1.0):
            for trigger in fired.get(index, ()):
                words = {surface[t] for t in trigger.terms}
                if not joined.isdisjoint(words):
                    pull -= sign * trigger.weight
                elif inside.isdisjoint(words):
                    lead += sign * trigger.weight
                    support += trigger.weight if sign > 0.0 else 0.0
        return lead, support, pull

    def evidence(self, index: int, query: _Query, fired: Sequence[_Trigger]) -> list[str]:
        """Human-readable evidence: fired triggers, then matched request words (a word the
        router joined shown as what it stands for: :mod:`coordinator.routing.shown`)."""
        known, idf = self.agent_terms[index], self.idf
        # the request's terms the agent holds (each a roster term: its idf is there), in order
        ranked = []
        for t in query.weights:  # loops, not comprehensions: each of those is a call (3.11)
            if t in known:
                ranked.append((known[t] * idf[t], t))
        if len(ranked) > 1:
            ranked.sort(reverse=True)
        # the surface words, a joined word as what it stands for (the agent's part of it)
        terms = []
        for _, t in ranked:
            terms.append(t)
        words = shown_words(terms, query)
        if not fired:
            return words
        if len(fired) == 1:  # most: no order to find
            return [shown_trigger(fired[0], query), *words]
        return _distinct_triggers(fired, query) + words

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


def _distinct_triggers(fired: Sequence[_Trigger], query: _Query) -> list[str]:
    """The fired triggers, heaviest first, less those the request fired with words a listed
    one already shows ("Postgres" beside "PostgreSQL" for one word, a trigger beside its
    Ukrainian twin): one word is one piece of evidence to the reader. Of equal weights, the
    one written with more of the request's own words comes first, so a trigger and its twin
    show the one in the request's language ("Create an endpoint" fired by an English request
    showed its Ukrainian twin "Створи endpoint", which the user never wrote); a trigger
    in another language than the words that fired it names them (:func:`shown_trigger`)."""
    surface = query.surface

    def order(trigger: _Trigger) -> tuple[float, int]:
        written = trigger.text.casefold()
        return -trigger.weight, -sum(surface[t] in written for t in trigger.terms)

    shown: list[tuple[str, set[str]]] = []
    for trigger in sorted(fired, key=order):
        words = {surface[t] for t in trigger.terms}
        if not any(words <= seen for _, seen in shown):
            shown.append((shown_trigger(trigger, query), words))
    return [text for text, _ in shown]
