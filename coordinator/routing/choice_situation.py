"""The situation picks of the choice (:class:`SituationPicks`): an outcome frame's field
over the words the frame is made of, the act a role agent is for, the situation a pick
made by everyday words stands for, and a product's nearest agent.
"""

from __future__ import annotations

from collections.abc import Callable

from coordinator.routing import outcomes
from coordinator.routing.acts import closing_terms, lead_terms
from coordinator.routing.audience import asks_product_work
from coordinator.routing.choice_named import NamedPicks, _named_languages
from coordinator.routing.frameworks import field_tools, full_weight, name_forms, names_own, writes
from coordinator.routing.offtopic import names_software
from coordinator.routing.query import _Query, _Trigger
from coordinator.routing.roles import is_technology, is_tool
from coordinator.routing.senses import everyday_jargon
from coordinator.routing.text import term_list
from coordinator.routing.tuning import (
    ACT_SAID_CLOSE,
    EVERYDAY_CARRY,
    EVERYDAY_MOST,
    FRAME_HOLD,
    FRAME_WORDS_CLOSE,
    NAMED_CLOSE,
    PRODUCT_COVERAGE,
    RUNNER_UP,
)

#: Nothing kept (a constant: ``frozenset[str]()`` costs a generic alias's call each time).
_NOTHING_KEPT: frozenset[str] = frozenset()


class SituationPicks(NamedPicks):
    """The index, picking by the situation or act the request names (see
    :mod:`coordinator.routing.choice`)."""

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

    def _product_fit(self, index: int, score: float, query: _Query) -> bool:
        """Whether agent ``index`` (scoring ``score``), the nearest to a request no agent
        fits by coverage, fits it as the nearest to work on a piece of software the request
        names (audience.names_product: the app's cart, a booking form, a widget): it needs
        only PRODUCT_COVERAGE of the request, whose other words are its users' (round 70)."""
        if score < self.min_score or self.coverage(index, query) < PRODUCT_COVERAGE:
            return False
        return asks_product_work(query.tokens)

    def _frame_over_words(
        self,
        chosen: tuple[int, float],
        ranked: list[tuple[int, float]],
        query: _Query,
        fired: dict[int, list[_Trigger]],
    ) -> tuple[int, float]:
        """Round 86: the candidate holding most of the request's outcome frames, when it
        scores within FRAME_WORDS_CLOSE of the chosen one and holds them against it
        (:meth:`FitChecks._frame_holds`), takes the request when the chosen one leads only by the
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

    def _act_agent(
        self, query: _Query, ranked: list[tuple[int, float]], totals: dict[int, float]
    ) -> tuple[int, float, str] | None:
        """For a request asking for an act a role agent of the roster is for (find why it
        breaks, review, test, document: :mod:`coordinator.routing.acts`), that agent when it
        scores within the act's ``close`` share of the top score, whatever technology the
        request names (unless the act is read from a word or a pasted error and that
        language's own expert leads), and scores what any chosen agent must (the act asked
        stands in for the rest of the request it does not explain); the first act asked that
        has such an agent decides, its roles in their order. None when the request plans a job
        among several agents (outcomes.PLANNING_TERMS): the acts it names are theirs. With the
        agent, its score and the name of the first act asked that is its (the reason says it)."""
        if not self.acts.acts:  # a roster with no role agents (most small ones): no scan
            return None
        if not outcomes.PLANNING_TERMS.isdisjoint(query.framed):  # the team's acts, not one's
            return None
        asked = self.acts.asked(query.weights, query.tokens)
        if not asked:
            return None
        top = ranked[0][0]
        own = self._own_expert_leads(query, top)
        lead, kept = None, _NOTHING_KEPT
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
                if score >= near and score >= self.min_score:  # named by its first act asked
                    return role, score, next(a.name for a, roles in asked if role in roles)
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
        return self._name_written(query, top, is_technology)

    def _tool_named(self, query: _Query, top: int) -> bool:
        """Round 100: whether the request's own words name the tool or platform (no
        language) agent ``top``'s name holds (docker for docker-expert)."""
        return self._name_written(query, top, is_tool)

    def _name_written(self, query: _Query, top: int, kind: Callable[[str, str], bool]) -> bool:
        """Whether the request writes, at full weight, a word of agent ``top``'s name that
        ``kind`` accepts (:func:`roles.is_technology`, :func:`roles.is_tool`)."""
        weights = query.weights
        for word in self.names[top].split("-"):
            terms = term_list(word)
            if terms and weights.get(terms[0]) == 1.0 and kind(word, terms[0]):
                return True
        return False

    def _own_expert_leads(self, query: _Query, top: int) -> bool:
        """Whether the top scorer ``top`` is the expert for a language the request names
        itself (laravel-specialist for a laravel job's exception): an act read from a word
        stays with it."""
        languages = self.name_terms[top]
        return bool(languages) and not languages.isdisjoint(_named_languages(query))
