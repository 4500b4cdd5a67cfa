"""The named picks of the choice (:class:`NamedPicks`): the languages and technologies a
request writes itself and the agents named for them: a language's or framework's own
agent in a near tie, the technology a label names, generic agents over ones named for
what the request does not name, siblings, and a named top scorer's fit.
"""

from __future__ import annotations

from collections.abc import KeysView

from coordinator.routing.choice_fit import FitChecks
from coordinator.routing.frameworks import (
    compound_forms,
    full_weight,
    heard_folds,
    name_forms,
    named_for_platform,
    names_technology,
    native_language,
    phrase_languages,
    printed_by,
    short_for,
    writes,
    writes_any,
)
from coordinator.routing.index import LANGUAGE_TERMS
from coordinator.routing.query import _Query, _Trigger
from coordinator.routing.siblings import says_more, writes_version
from coordinator.routing.text import is_cyrillic, term_list
from coordinator.routing.tuning import (
    GENERIC_CLOSE,
    LARGE_ROSTER,
    NAMED_CLOSE,
    NAMED_TECH_CLOSE,
    PRODUCT_COVERAGE,
    SIBLING_CLOSE,
    SYSTEM_CLOSE,
)

#: Terms of work on a whole system rather than code in its language: its architecture, its
#: split into services, its migration or rewrite (round 41: they keep a language's name from
#: pulling the request to that language's specialist).
_SYSTEM_WORK = frozenset(
    term_list(w)[0]
    for w in "architecture monolith microservices migrate migration modernize legacy rewrite "
    "upgrade".split()
)


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
            if t in term_list(word) or is_cyrillic(word) or short_for(word, t):  # round 117
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


def _language_senses(query: _Query) -> frozenset[str]:
    """Round 121: the request's terms below full weight read from a word that writes one of
    the languages it names (reactiv and reactphp from "React")."""
    surface = query.surface
    written = {surface.get(t) for t in _named_languages(query)}
    return frozenset(t for t, w in query.weights.items() if w < 1.0 and surface.get(t) in written)


class NamedPicks(FitChecks):
    """The index, picking the agent named for what the request writes (see
    :mod:`coordinator.routing.choice`)."""

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
        close candidate's field and not the named one's (:meth:`FitChecks._frame_holds`): the store
        written as where the data lives ("top customers by revenue per month ... Postgres")
        is not what the request asks of it."""
        floor = (1 - NAMED_CLOSE) * ranked[0][1]
        if len(ranked) < 2 or ranked[1][1] < floor:  # no near tie (most requests)
            return None
        close, named = [], []
        own = full_weight(query)
        for item in ranked:  # loops, not comprehensions: each of those is a call (3.11)
            if item[1] >= floor:
                close.append(item)
                if self._writes_name(query, item[0], own):
                    named.append(item)
        if not named and len(self.names) >= LARGE_ROSTER:
            for item in close:  # a loop: a comprehension is a call of its own (3.11)
                if self._owns_word(query, item[0], own):
                    named.append(item)
        if len(named) != 1:
            return None
        for item in close:  # a loop, not any() over a generator (3.11)
            if self._frame_holds(item[0], named[0][0], query):
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
        request, and a near tie's coverage (:meth:`Chooser._closest`) no longer moves to it. On a
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
        unnamed = []
        for item in ranked:  # a loop: a comprehension is a call of its own (3.11)
            if self._unnamed(item[0], query, fired):
                unnamed.append(item)
        if not unnamed:
            return ranked
        heard = heard_folds(query)  # the Cyrillic words by ear, only now: they cost
        kept = []
        for item in unnamed:
            if heard.isdisjoint(technology[item[0]]) and not self._frame_holds(
                item[0], generic[0], query
            ):
                kept.append(item)
        if not kept:
            return ranked
        if generic is not ranked[0] and not self._fit(generic[0], generic[1], query, fired):
            return ranked
        left = []
        for item in ranked:
            if item not in kept:
                left.append(item)
        return left

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

    def _named_for(
        self, query: _Query, ranked: list[tuple[int, float]]
    ) -> tuple[int, float] | None:
        """The candidate named for the one language the request itself names (golang-pro for
        "go grpc service: graceful shutdown"), within NAMED_TECH_CLOSE of a top scorer named
        for none, when the request asks for code in it: not for the system's architecture or
        migration (a monolith to split is the architect's, wherever it is written in django),
        nor a move between two languages (jquery to react)."""
        languages = self.name_terms
        if len(self.names) < LARGE_ROSTER:
            return None
        for i, _ in ranked:  # a loop, not any() over a generator (a call each, 3.11)
            if languages[i]:
                break
        else:
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
        backend architect) may be what the request asks: it keeps the request. Round 121: a
        weaker sense of the word that writes the language (reactivity, vue's, from "React")
        names no other technology."""
        own, senses = full_weight(query), _language_senses(query)
        for index, _ in above:
            technology = self.technology[index]
            if not technology and self.generic_roster:
                return False
            joined = compound_forms(self.names[index])  # round 121: expo-react-native-expert
            if self.name_terms[index] or not technology or joined:  # a language's or framework's
                technology = joined or self.name_terms[index] | name_forms(self.names[index])
                if self._owns_word(query, index, own):  # queryset: django's alone
                    return False
            if names_technology(query, technology.difference(senses)):
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
