"""The decision over the scores (:class:`Chooser`): a whole feature, near ties and the
runner-up, the calibrated "none" and its reasons, and NOT-for redirects.

The choice is a chain of classes, bottom to top: :class:`Scorer` <
:class:`~coordinator.routing.choice_fit.FitChecks` (does an agent fit; what is decided
before scoring) < :class:`~coordinator.routing.choice_named.NamedPicks` (the languages and
technologies the request names) < :class:`~coordinator.routing.choice_situation.SituationPicks`
(frames, acts, everyday and product picks) < :class:`Chooser`. Each calls only its own
methods and those of the classes below it.
"""

from __future__ import annotations

from operator import itemgetter

from coordinator.routing import outcomes, redirects
from coordinator.routing.choice_situation import SituationPicks
from coordinator.routing.clauses import clauses
from coordinator.routing.decision import (
    NO_FIT,
    NO_WORDS,
    Candidate,
    RouteDecision,
    _decided,
    _round3,
    read_query,
)
from coordinator.routing.offtopic import NOTEBOOKS, names_software
from coordinator.routing.query import _Query, _Trigger
from coordinator.routing.reasons import (
    NEAR_TIES,
    TOP_REASON,
    Chosen,
    score_gap,
    tie_margin,
    why_chosen,
)
from coordinator.routing.senses import everyday_jargon, spans_layers
from coordinator.routing.tuning import (
    ALSO_PART_COVERAGE,
    ALSO_PART_RATIO,
    ALSO_PART_SCORE,
    CLOSE_SCORE,
    COVERAGE_LEAD,
    LARGE_ROSTER,
    MIN_COVERAGE,
    NAMED_CLOSE,
    RUNNER_UP,
    SMALL_RUNNER_UP,
    TIE_SCORE,
    TOP_CANDIDATES,
)

_SCORE = itemgetter(1)
#: The prefix of a query term that is a phrase one technology prints (signatures.phrases).
_SIGNED = "phrase:"


class Chooser(SituationPicks):
    """The index, choosing the specialist for a request (see :mod:`coordinator.routing.lexical`)."""

    def route(self, request: str) -> RouteDecision:
        """Choose the specialist for ``request`` (see the module docstring)."""
        query = self.query(request)
        if not query.weights:
            return RouteDecision(agent=None, reason=NO_WORDS)
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
                reason=f'{NO_FIT}"{subject}" is about everyday life, not software',
            )
        # a script's work on an office platform's files is no office work (round 67), but a
        # notebook's is the notebook's: it is where the work is done (round 119)
        if not role_job and not self._leaves(query):
            foreign = self.foreign.named(query.tokens, query.sequence)
            if foreign != NOTEBOOKS and not outcomes.SCRIPTED_TERMS.isdisjoint(query.framed):
                foreign = None
        if foreign is not None and self._leaves_platform(query):
            foreign = None  # round 96: moving off COBOL is the modernizer's, not COBOL work
        if foreign is not None:
            return RouteDecision(agent=None, reason=f"{NO_FIT}none covers {foreign}")
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
                reason=self._feature_reason(chosen, ranked),
            )
        return self._field_agent(query, self._decide(query, ranked, totals, fired))

    def best_fit_among(
        self, request: str, names: frozenset[str], first: RouteDecision
    ) -> RouteDecision | None:
        """The best scoring of the agents ``names`` that fits ``request`` by this roster's
        rules (its score and what it explains, :meth:`_fit`) and whose NOT-for lines leave
        it the request, or None (:mod:`coordinator.routing.sources`: the user's own agents
        before a bundled specialist that scored higher). Its candidates are the roster's
        top ones, with it among them. ``first``: this router's decision on ``request`` (the
        request as it read it is read from it when it holds it)."""
        query = read_query(first) or self.query(request)
        totals, fired = self.scores(query)
        called, floor = self.names, self.min_score  # under it, no agent fits (_fit)
        scored = [(i, s) for i, s in totals.items() if s >= floor and called[i] in names]
        scored.sort(key=lambda item: (-item[1], self.names[item[0]]))  # equal: by name
        best = next(
            (
                (i, s)
                for i, s in scored
                if self._fit(i, s, query, fired) and self._excluded(i, query) is None
            ),
            None,
        )
        if best is None:
            return None
        ranked = sorted(totals.items(), key=_SCORE, reverse=True)[:TOP_CANDIDATES]
        if best not in ranked:
            ranked[-1:] = [best]
        found = (_round3(best[1]), self.evidence(best[0], query, fired.get(best[0], [])), None)
        return _decided((self, best[0], ranked, query, fired), found, "")

    def also(self, chosen: int, ranked: list[tuple[int, float]], query: _Query) -> list[str]:
        """The others the request clearly involves, read from its parts routed alone ("add a
        column to the tasks table | and | show it in the React list"): one the shares name
        (``Scorer.also``) when a part goes to it, and the runner-up when a part is clearly
        its own (:meth:`_owns`). A request of one part is one agent's job: a word the chosen
        one lacks names no one else."""
        parts = clauses(query.text)
        if not parts:
            return []
        mine = self.names[chosen]
        runners = {self.names[i] for i, _ in ranked[:2]} - {mine}
        routed: set[str | None] = set()
        owned: list[str] = []
        for part in parts:
            found = self.route(part)
            routed.add(found.agent)
            if found.agent in runners and found.agent not in owned and self._owns(found, mine):
                owned.append(found.agent)
        named = [n for n in super().also(chosen, ranked, query) if n in routed]
        return (named + [n for n in owned if n not in named])[:2]

    def _owns(self, part: RouteDecision, mine: str) -> bool:
        """Whether a part of a request, routed alone, is clearly its agent's: that agent
        explains ALSO_PART_COVERAGE of it and scores ALSO_PART_SCORE times the least score
        a route needs, and ``mine`` scores at most ALSO_PART_RATIO of that on it."""
        if (part.coverage or 0.0) < ALSO_PART_COVERAGE:
            return False
        if part.score < ALSO_PART_SCORE * self.min_score:
            return False
        theirs = next((c.score for c in part.candidates if c.agent == mine), 0.0)
        return theirs <= ALSO_PART_RATIO * part.score

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
        if acted is not None:  # the act asked: named in the reason
            best, score, act = acted
            rule = Chosen.ACT
        else:
            ((best, score), rule), act = self._closest(query, ranked, fired), ""
        if self._frame_holds(ranked[0][0], best, query):  # weaker, generic evidence moved it
            (best, score), acted, rule = ranked[0], None, Chosen.GENERIC
        if query.framed:  # round 86: a frame's field against the chosen one's lone word
            held = self._frame_over_words((best, score), ranked, query, fired)
            if held[0] != best:
                (best, score), acted, rule = held, None, Chosen.FRAME
        # the act asked is what the role agent is for: it needs no more of the request
        fit = acted is not None or self._fit(best, score, query, fired)
        fit = fit or self._language_pick((best, score), query, ranked)  # round 101
        fit = fit or self._named_pick((best, score), query, ranked)  # round 105
        small = len(self.names) < LARGE_ROSTER  # round 98: a near tie on shared words
        tied = None
        if small and fit and acted is None:
            tied = self._tied(best, score, ranked, query, fired)
        if tied is not None:  # round 98: words most agents share, tied on: no evidence for either
            fit = False
        if not small and fit and acted is None:  # round 102: everyday words chose it?
            situated = self._situation_pick((best, score), ranked, query, fired)
            if situated is None:  # nothing the request names is an agent's work
                candidates = self.listed(scored, query, fired)
                why = self._plain_reason(best, query)
                return self._no_fit((best, score), query, candidates, why)
            if situated[0] != best:
                (best, score), rule = situated, Chosen.SITUATION
        if not fit:
            runner_up = self._runner_up((best, score), ranked, query, fired)
            fit = runner_up[0] != best
            if fit:
                (best, score), rule = runner_up, Chosen.RUNNER_UP
        if not fit:  # the request names software: its nearest agent needs less of it
            fit = self._product_fit(best, score, query)
        if not fit:
            reason = "" if tied is None else self._tie_reason((best, score), tied)
            return self._no_fit((best, score), query, self.listed(scored, query, fired), reason)
        chosen, redirected_from, reason = self._redirected(best, ranked, query)
        reason = reason or self._why(rule, best, (scored, totals, query), act)
        # the same values a listed candidate reads: _round3 of its total, its evidence
        shown = _round3(totals.get(chosen, 0.0))
        matched = self.evidence(chosen, query, fired.get(chosen, []))
        found = (shown, matched, redirected_from)
        return _decided((self, chosen, scored, query, fired), found, reason)

    def _redirected(
        self, best: int, ranked: list[tuple[int, float]], query: _Query
    ) -> tuple[int, str | None, str]:
        """The agent ``best``'s NOT-for lines send the request to, the name of ``best`` and
        the reason saying so; else ``best``, None and ""."""
        exclusion = self._excluded(best, query)
        if exclusion is None:
            return best, None, ""
        target = self._redirect_target(exclusion, ranked, query)
        if target is None or target == best:
            return best, None, ""
        if not self._redirects(exclusion, best, target, query) or self._frame_holds(
            best, target, query
        ):
            return best, None, ""
        return (
            target,
            self.names[best],
            f'{self.names[best]} says "{exclusion.topic}" is not for it',
        )

    def _why(
        self,
        rule: Chosen,
        best: int,
        over: tuple[list[tuple[int, float]], dict[int, float], _Query],
        act: str,
    ) -> str:
        """The reason agent ``best`` was chosen by ``rule`` over the candidates ``scored``
        (with every agent's total and the request's query): the best lexical and trigger
        match when it is the top scorer, else the rule that moved the request to it
        (``act``: the act asked, when that rule chose it; a frame, a framework named...) and
        the top scorer it passed; a near tie says by how much it scored less (and, decided
        by coverage, how much more of the request it explains)."""
        scored, totals, query = over
        top, score = scored[0]
        if best == top:
            return TOP_REASON
        if rule is Chosen.TOP:  # the first of the candidates left: the named ones went
            rule = Chosen.GENERIC
        detail = f' ("{act}")' if act and rule is Chosen.ACT else ""
        if rule in NEAR_TIES:
            mine = totals.get(best, 0.0)  # a framework's agent may be past the candidates
            if rule is Chosen.WIDER:
                covered = (self.coverage(best, query), self.coverage(top, query))
                detail = f" ({covered[0]:.0%} of it, the top scorer {covered[1]:.0%})"
            detail += f", and {score_gap(_round3(mine), _round3(score))}"
        return why_chosen(rule, self.names[top], score, detail)

    def _feature_reason(self, chosen: int, ranked: list[tuple[int, float]]) -> str:
        """Why the full-stack agent ``chosen`` takes a whole feature, and the top scorer it
        was chosen over when it is not one."""
        top, score = ranked[0]
        if chosen == top:
            return Chosen.FEATURE.value
        return why_chosen(Chosen.FEATURE, self.names[top], score)

    def _tie_reason(self, nearest: tuple[int, float], other: tuple[int, float]) -> str:
        """Round 98: why agent ``nearest`` (with its score) is no fit: a near tie with
        ``other`` on words most agents share, and by how much."""
        (best, score), (tied, theirs) = nearest, other
        mine, theirs = _round3(score), _round3(theirs)
        return (
            f"the nearest, {self.names[best]}, ties with {self.names[tied]} on words most "
            f"agents share ({tie_margin(mine, theirs)})"
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
        best, raw = nearest
        # rounded as the decision (coord route's table, --json) holds it, so the reason says
        # what the table shows: a raw 0.3949 was "0.39" here and 0.395, "0.40", there
        score, coverage = _round3(raw), self.coverage(best, query)
        if not reason:
            needed = self._needed_coverage(best, query)
            reason = (
                f"the nearest, {self.names[best]}, explains {coverage:.0%} of the request "
                f"(needs {needed:.0%}) with {_score_against(score, raw, self.min_score)}"
            )
        return RouteDecision(
            agent=None,
            score=score,
            matched=[],
            redirected_from=None,
            also=[],
            candidates=candidates,
            coverage=_round3(coverage),
            reason=f"{NO_FIT}{reason}",
        )

    def _tied(
        self,
        index: int,
        score: float,
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> tuple[int, float] | None:
        """Round 98: the candidate (and its score) agent ``index`` (scoring ``score``) of a
        small roster ties with, when it leads
        only by words that say nothing of which agent fits: another candidate scores within
        CLOSE_SCORE of it and explains every word it does, neither has a trigger that fired,
        each word it explains is held by most of the roster's agents (developer, data), and
        the score is under TIE_SCORE of the roster's least a fit scores. "How much should I
        pay a junior developer" is no backend's or frontend's work, whichever leads by a
        hair. None when it does not (the closest such candidate is named)."""
        if fired.get(index) or score >= TIE_SCORE * self.min_score:
            return None  # most requests: a trigger or a clear score
        mine = self.explained(index, query)
        floor = (1 - CLOSE_SCORE) * score
        tied = [
            (other, theirs)
            for other, theirs in ranked
            if other != index
            and theirs >= floor
            and not fired.get(other)
            and mine.keys() <= self.explained(other, query).keys()
        ]
        if not tied:
            return None
        known, related, postings = self.agent_terms[index], query.related, self.postings
        half = len(self.names) / 2
        for t in mine:
            for held in (t,) if t in known else related.get(t, ()):
                if held in known and len(postings.get(held, ())) <= half:
                    return None
        return min(tied, key=lambda item: abs(item[1] - score))

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
        (round 102) not one that the request's everyday words chose
        (:meth:`SituationPicks._everyday_pick`: chaos for "procurement is chaos"), unless each
        is and the request names a word only software has (then, as before, the best
        scoring)."""
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
    ) -> tuple[tuple[int, float], Chosen]:
        """The best candidate and the rule that chose it: among those scoring within
        CLOSE_SCORE of the top, the one that
        explains most of the request when it leads the top scorer's coverage by COVERAGE_LEAD
        (a near tie is decided by what the request asks, not by score noise). Before that,
        a candidate the request names (see _named) within NAMED_CLOSE of a top scorer no
        trigger fired for takes it: JSONB outweighs a few plain words (theme, dark) another
        agent's description happens to hold."""
        if fired and len(ranked) > 1 and ranked[0][0] not in fired:
            near = (1 - NAMED_CLOSE) * ranked[0][1]
            for item in ranked[1:]:
                if item[1] >= near and self._named(fired.get(item[0]), query):
                    return item, Chosen.TRIGGER
        if query.label:  # round 105: the technology its label names ("вебпак 5: ...")
            labelled = self._label_pick(query, ranked)
            if labelled is not None:
                return labelled, Chosen.LABEL
        named = self._named_for(query, ranked)
        if named is ranked[0]:  # the language's own expert leads
            return named, Chosen.TOP
        if named is not None:  # the language's agent, or a whole system's architect
            return named, Chosen.LANGUAGE if self.name_terms[named[0]] else Chosen.SYSTEM
        named = self._framework_tie(query, ranked)
        if named is not None:
            return named, Chosen.FRAMEWORK
        floor = (1 - CLOSE_SCORE) * ranked[0][1]
        if len(ranked) == 1 or ranked[1][1] < floor:  # ranked by score: no other is close
            return ranked[0], Chosen.TOP
        widest = self.coverage(ranked[0][0], query)
        mine = widest + COVERAGE_LEAD
        # the close one explaining most, the first of equals (max's choice, without a
        # key function called per item); the top scorer is close to itself
        wider = ranked[0]
        for item in ranked[1:]:
            if item[1] >= floor:
                found = self.coverage(item[0], query)
                if found > widest:
                    wider, widest = item, found
        if widest < mine or self._sibling_holds(ranked[0][0], wider[0], query):
            return ranked[0], Chosen.TOP
        if self._does_job(ranked[0][0], query) and not self._does_job(wider[0], query):
            return ranked[0], Chosen.TOP  # round 94: the agent of the job the request describes
        return wider, Chosen.WIDER

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


def _score_against(score: float, raw: float, minimum: float) -> str:
    """A no-fit's "score S (needs M)", with the digits that tell S from M (two, else three:
    a score just under the minimum read "score 0.42 (needs 0.42)"); equal at three, a
    ``raw`` score under the minimum is said to be "just under" it."""
    for digits in (2, 3):
        shown, needs = f"{score:.{digits}f}", f"{minimum:.{digits}f}"
        if shown != needs:
            break
    else:
        if raw < minimum:
            return f"score {shown}, just under the {needs} it needs"
    return f"score {shown} (needs {needs})"
