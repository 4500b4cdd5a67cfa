"""A request read against the index (:class:`QueryReader`): its words (homonyms, senses,
moments, error phrases), what each stands for in the roster and how much each weighs.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import repeat

from coordinator.routing import aliases, concepts, latin, outcomes, signatures
from coordinator.routing.frameworks import (
    CONTEXT_WORDS,
    FRAMEWORK_JS,
    MOVE_FROM,
    MOVE_TO_AFTER_VERB,
    NOT_WANTED,
    label_terms,
    moved_languages,
    moved_off,
    team_languages,
    unwanted,
)
from coordinator.routing.index import LANGUAGE_TERMS, NICKNAMES, RosterIndex
from coordinator.routing.query import (
    _BODY_WORD,
    _NAMED,
    _NUMBER,
    _SPELLED,
    _WORD,
    _Query,
    _TermPlan,
)
from coordinator.routing.roles import is_technology
from coordinator.routing.senses import (
    _PLAIN,
    _SENSE_OF,
    _SKIP,
    _UNSEEN,
    _said_more,
    _word_kind,
    common_uk_terms,
    credential_owners,
    left_alone,
    moment,
    sense,
    tech_use,
)
from coordinator.routing.text import (
    ABBREVIATIONS,
    is_cyrillic,
    normalise,
    normalised_config_words,
    normalised_words,
    term_list,
)
from coordinator.routing.tuning import (
    BODY_WORD_FACTOR,
    FRAME_FACTOR,
    HOMONYM_FACTOR,
    KNOWN_RELATED_FACTOR,
    MAX_PLANS,
    PHRASE_FACTOR,
    RELATED_FACTOR,
    TRANSLIT_FACTOR,
    UNKNOWN_FACTOR,
)
from coordinator.routing.vocab import LEFT_PARTS, MOMENT_EVENTS, TECH_HOMONYMS

_DIGIT = re.compile(r"[0-9]")
#: The words a body's encoding writes that name no page's form (form-data, urlencoded).
_FORM_WORDS = frozenset(("form", "urlencoded", "www"))


#: Fewest letters a name holds past the glossary's reading of a word for the reading to be
#: only the name's first part (тесткафе: test, testcafe), not a word of its own (сокети:
#: socket, not socketio).
NAME_REST = 4


def _first_part(read: str, name: str) -> bool:
    """Whether the glossary's reading ``read`` is only the first part of ``name``."""
    return name.startswith(read) and len(name) - len(read) >= NAME_REST


#: Round 113: no position (most requests write no technology they do not want).
_NONE: frozenset[int] = frozenset()
#: Round 101: the words :meth:`QueryReader._moved` reads a move or a team by: a request
#: with none names neither.
_MOVE_WORDS = MOVE_TO_AFTER_VERB | MOVE_FROM | CONTEXT_WORDS
#: Round 101: no language moved off (a constant: ``tuple[int, ...]()`` costs a generic
#: alias's call each time).
_NO_PLACES: tuple[int, ...] = ()
#: Route74: a word's bits, each the guard of one reader of :meth:`QueryReader._joined_words`,
#: which finds nothing in a request none of whose words has its bit: an everyday phrase's
#: telling token (:data:`concepts.PHRASE_GUARD`), a job's need met
#: (:func:`aliases.meets_need`), an error phrase's telling word (:func:`signatures.tells`).
#: Worked out once per word, or'ed once per request.
_PHRASE_BIT, _JOB_BIT, _ERROR_BIT = 1, 2, 4
#: Per surface word, its kind (:func:`senses._word_kind`), its bits and what it stands in
#: of the outcome frames (:func:`outcomes.holds`: route78, or'ed once per request too, so
#: :func:`outcomes.frames_held` reads no word again), filled on demand, bounded as the
#: plans are.
_WORD_READS: dict[str, tuple[int, int, int]] = {}


def _word_read(word: str) -> tuple[int, int, int]:
    """``word``'s kind, bits and frames (:data:`_WORD_READS`), worked out and kept."""
    bits = _PHRASE_BIT if word in concepts.PHRASE_GUARD else 0
    if aliases.meets_need(word):
        bits |= _JOB_BIT
    if signatures.tells(word):
        bits |= _ERROR_BIT
    read = _word_kind(word), bits, outcomes.holds(word)
    if len(_WORD_READS) < MAX_PLANS:
        _WORD_READS[word] = read
    return read


#: What :meth:`QueryReader._weighed` finds of a request's terms: their weights, bases,
#: relatives and surface words, and which are body words and spelled ones.
_Weighed = tuple[
    dict[str, float],
    dict[str, float],
    dict[str, tuple[str, ...]],
    dict[str, str],
    set[str],
    set[str],
]


class QueryReader(RosterIndex):
    """The index, reading requests as queries (one plan per surface word, kept)."""

    def query(self, request: str) -> _Query:
        """The request's terms, what each stands for in the roster, and how much each weighs."""
        lowered = normalise(request)  # once: the config keys below read it too
        tokens = latin.read(normalised_words(lowered), self.idf)
        moved_to, left = self._moved(tokens)
        weights, basis, related, surface, body_words, spelled = self._weighed(
            request, lowered, tokens, left
        )
        framed: frozenset[str] = frozenset()
        if not outcomes.TERMS.isdisjoint(weights):  # most requests: no outcome frame
            framed = self._frame_weights(weights, basis, surface)
        query = self._made(tokens, weights, basis, related, surface, body_words, spelled)
        query.framed, query.moved_to, query.label = framed, moved_to, label_terms(request)
        query.text = request
        return query

    def _weighed(
        self, request: str, lowered: str, tokens: list[str], left: tuple[int, ...]
    ) -> _Weighed:
        """Each term of the request's words (``left``: the places :meth:`_moved` left out)
        and of their relatives: its weight, its basis (idf times the word's factor), its
        relatives, the word it was written as, and which are body words and spelled ones."""
        config: set[str] | None = None  # found only when an unknown word needs it
        weights: dict[str, float] = {}
        basis: dict[str, float] = {}
        related: dict[str, tuple[str, ...]] = {}
        spelled: set[str] = set()
        surface: dict[str, str] = {}
        unknown = self.neutral * UNKNOWN_FACTOR
        body_words: set[str] = set()
        # a plan holds each kind as its int (see _TermPlan); an enum member read through its
        # class costs a __getattr__ hook per read (3.11), an int compared to an int is inline
        body_word, plain_word, spelled_word = _BODY_WORD, _WORD, _SPELLED
        plans = self._plans
        for word, factor in self._words(request, tokens, left):
            # surface and weights hold the same terms (each weight is above zero): one
            # membership test decides both, and tests stand in for get/setdefault calls
            for t, idf, others, share, others_idf, kind in plans.get(word) or self._plan(word):
                own = factor
                if kind == body_word:
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
                elif kind == plain_word:
                    # an unknown word weighs neutrally; numbers, config keys and technologies
                    # named by an error message weigh nothing
                    if config is None:
                        config = normalised_config_words(lowered)
                    if word not in config and t not in basis:
                        basis[t] = factor * unknown
                related[t] = others
                if kind == spelled_word:
                    spelled.add(t)
                if not others:  # most terms: no relative (and no iterator over an empty tuple)
                    continue
                weight = factor * share
                for other in others:
                    if other in weights:
                        if weight > weights[other]:
                            weights[other] = weight
                    else:
                        surface[other] = word
                        weights[other] = weight
        return weights, basis, related, surface, body_words, spelled

    def _moved(self, tokens: list[str]) -> tuple[str, tuple[int, ...]]:
        """Round 101: :func:`frameworks.moved_languages` of ``tokens`` ("from python to
        go"), after one look-up for most requests (no word of moving to: none)."""
        target, left = "", _NO_PLACES
        if _MOVE_WORDS.isdisjoint(tokens):  # most requests: one set test for the three below
            return target, left
        if not MOVE_TO_AFTER_VERB.isdisjoint(tokens):
            target, left = moved_languages(tokens, self._language)
        if not MOVE_FROM.isdisjoint(tokens):  # round 113: also a tool moved off
            left = tuple(sorted({*left, *moved_off(tokens, self._technology)}))
        if not CONTEXT_WORDS.isdisjoint(tokens):  # round 121: "python team", a CI matrix
            left = tuple(sorted({*left, *team_languages(tokens, self._language)}))
        return target, left

    def _unwanted(self, tokens: list[str]) -> frozenset[int]:
        """Round 113: :func:`frameworks.unwanted` of ``tokens`` ("без еластіка": the
        positions of the technologies not wanted)."""
        return frozenset(unwanted(tokens, self._technology))

    def _js_name(self, word: str) -> bool:
        """Round 101: whether a homonym written as a technology (next, nest, solid) is the
        short name of one an agent is named for with "js" (nextjs-pro, nestjs-expert)."""
        return term_list(word + FRAMEWORK_JS)[0] in self.name_vocab

    def _technology(self, word: str) -> bool:
        """Round 113: whether ``word`` names a technology an agent here is named for
        (еластіка: elasticsearch) or a language (frameworks.unwanted reads one not wanted)."""
        for t, _, others, _, _, kind in self._plans.get(word) or self._plan(word):
            if t in LANGUAGE_TERMS or (
                t in self.name_vocab and (is_technology(word, t) or is_technology(t, t))
            ):
                return True
            if kind == _SPELLED and any(
                n in LANGUAGE_TERMS or (n in self.name_vocab and is_technology(n, n))
                for n in others
            ):
                return True
        return False

    def _language(self, word: str) -> str:
        """Round 101: the language ``word`` names (python, пайтона, джави; golang as go),
        or "" (frameworks.moved_languages reads a move between two)."""
        for t, _, others, _, _, kind in self._plans.get(word) or self._plan(word):
            if t in LANGUAGE_TERMS:
                return NICKNAMES.get(t, t)
            if kind == _SPELLED:
                for other in others:
                    if other in LANGUAGE_TERMS:
                        return NICKNAMES.get(other, other)
        return ""

    def _frame_weights(
        self, weights: dict[str, float], basis: dict[str, float], surface: dict[str, str]
    ) -> frozenset[str]:
        """Raise the domain terms of each outcome frame the request holds to FRAME_FACTOR
        in ``weights``: they rank agents as a word of the request would. Coverage leaves
        the frame out (its word weighs nothing, its terms join no basis): an agent of
        another field still explains the request's own words as before, and one of the
        frame's field fits by :meth:`FitChecks._framed`. The frames' terms, for the query."""
        idf, framed = self.idf, outcomes.TERMS.intersection(weights)
        for joined in framed:
            basis[joined] = 0.0
            for t in outcomes.domain_terms(joined):
                if t in idf and weights.get(t, 0.0) < FRAME_FACTOR:
                    weights[t] = FRAME_FACTOR
                    surface.setdefault(t, surface[joined])
        return framed

    def _made(
        self,
        tokens: list[str],
        weights: dict[str, float],
        basis: dict[str, float],
        related: dict[str, tuple[str, ...]],
        surface: dict[str, str],
        body_words: set[str],
        spelled: set[str],
    ) -> _Query:
        """The query :meth:`query` worked out, with the request's terms in order and the
        terms only an everyday word's domain brought in."""
        idf, domain = self.idf, concepts.domain  # read once, not per term
        broad: set[str] = set()
        for t in basis:  # a loop: a comprehension is a call of its own (3.11)
            if t not in idf:
                broad.update(domain(t, surface[t]))
        if broad:  # what only a word's domain brought in, not the request's own words
            broad.difference_update(basis, *map(self.vocabulary.related, basis))
        # positional: a call with keywords costs a dict through the class's __init__
        return _Query(
            weights,
            basis,
            related,
            surface,
            frozenset(broad),
            frozenset(body_words),
            frozenset(spelled),
            tokens,
        )

    def _words(
        self, request: str, tokens: list[str], left: Collection[int] = ()
    ) -> list[tuple[str, float]]:
        """The words a query is made of: the request's own (a technology homonym used as a
        plain word damped, as a language the request moves off at ``left``: round 101; a
        word whose neighbours choose its second sense read as that sense, a shipping event
        named as a moment left out, a technology it does not want left out: round 113),
        then the technologies its error phrases name."""
        out: list[tuple[str, float]] = []
        reads = _WORD_READS
        mask = 0  # every word's bits, a skipped one's too (an error phrase holds stopwords)
        holding = 0  # every word's frames (most words: none, no big int copied for them)
        unwanted_at = _NONE if NOT_WANTED.isdisjoint(tokens) else self._unwanted(tokens)
        for position, word in enumerate(tokens):
            kind, bits, holds = reads.get(word) or _word_read(word)
            mask |= bits
            if holds:
                holding |= holds
            if kind == _PLAIN and not left and not unwanted_at:  # most words: no check below
                out.append((word, 1.0))
                continue
            if kind == _SKIP or position in unwanted_at:  # round 113: "без еластіка"
                continue
            if word in MOMENT_EVENTS and moment(tokens, position) and _said_more(tokens):
                continue
            if word in LEFT_PARTS and left_alone(tokens, position):
                continue  # a part said to be done or left alone: not what is asked for
            factor = HOMONYM_FACTOR if left and position in left else 1.0  # python to go
            if word in TECH_HOMONYMS and (
                not tech_use(request, tokens, position) or self.fields.other_sense(word)
            ):  # the everyday word, or the roster's agent of that name is the other sense's
                factor = HOMONYM_FACTOR
            elif word in TECH_HOMONYMS and self._js_name(word):  # round 101: next: Next.js
                out.append((word + FRAMEWORK_JS, 1.0))
            # most words have one sense: a dict look-up decides before any call
            meaning = sense(tokens, position) if _SENSE_OF.get(word, _UNSEEN) else ()
            if meaning:
                factor = HOMONYM_FACTOR
                out.extend((other, 1.0) for other in meaning)
            out.append((word, factor))
        return self._joined_words(request, tokens, out, mask, holding)

    def _joined_words(
        self,
        request: str,
        tokens: list[str],
        out: list[tuple[str, float]],
        mask: int,
        holding: int,
    ) -> list[tuple[str, float]]:
        """:meth:`_words` after the request's own (``out``): its phrases, an API's marks,
        the frames and jobs it names, names written split, and its error phrases (each
        reader called only when some word has its bit in ``mask``: :data:`_WORD_READS`;
        the frames from the words' frames or'ed, ``holding``)."""
        marks = signatures.http_marks(request)
        if mask & _PHRASE_BIT:  # most requests hold no phrase
            found = concepts.phrases(tokens)
            if signatures.API_PATH in marks:  # the URL written is the API's, not a page's
                found = [p for p in found if p not in concepts.PAGE_URL]
            out.extend(zip(found, repeat(1.0)))  # each (joined, 1.0), made in C
        if marks:  # round 88: an API path or a body's encoding (form-data) is the API's
            out.extend((mark, 1.0) for mark in marks)
            if signatures.BODY_ENCODING in marks and not signatures.plain_form(request):
                out = [(w, f) for w, f in out if w not in _FORM_WORDS]
        framed = outcomes.frames_held(tokens, holding) if holding else []
        if framed:  # round 104: not a role's job no agent here does
            unserved = self.unserved_frames
            out.extend((joined, 1.0) for joined in framed if joined not in unserved)
        jobs = aliases.job_words(tokens) if mask & _JOB_BIT else []
        if jobs:  # round 92: tracing (most requests: none)
            out.extend(zip(jobs, repeat(1.0)))
        names, parts = self.spellings.split(tokens)
        if names:  # a name written split (java script): its parts are no words of their own
            out = [(w, f) for w, f in out if w not in parts]
            out.extend((name, 1.0) for name in names)
        owners = credential_owners(request)
        if owners:  # OPENAI_API_KEY moved to the secrets: openai counts as a plain word
            out = [(w, HOMONYM_FACTOR if w in owners else f) for w, f in out]
        found = signatures.phrases(tokens) if mask & _ERROR_BIT else []
        if found:  # most requests: no error phrase
            out.extend(zip(found, repeat(1.0)))
            if not signatures.RUNTIME_FAILURES.isdisjoint(found):
                out.extend((w, 1.0) for w in ("debug", "bug"))
        return out

    def _plan(self, word: str, *, fuzzy: bool = True) -> tuple[_TermPlan, ...]:
        """How ``word`` enters a query: per term, its idf (0 when unknown), the roster terms
        it stands for, their share and best idf, and whether the word is a number; then the
        terms of the technology the word names, if it is an error code or a port. Without
        ``fuzzy`` (a name read for a misspelt word), no misspelt name is looked for."""
        plan = self._plans.get(word)
        if plan is None:
            # ints, as a plan holds them; a word of letters only holds no digit (no search)
            kind = _NUMBER if not word.isalpha() and _DIGIT.search(word) else _WORD
            items: list[_TermPlan] = []
            for position, t in enumerate(term_list(word)):
                # round 102: an everyday Ukrainian word (працює) is no roster term by its
                # sound (price): it stands for none
                others = () if t in common_uk_terms() else self.vocabulary.related(t)
                own = kind
                domain: tuple[str, ...] = ()
                # an everyday word the roster lacks (or, on a large roster, only its bodies
                # use): its domain's words join, and the word itself counts less; an
                # abbreviation's later words (e2e: end to end test) bring no domain
                if t not in self.described_vocab and (position == 0 or word not in ABBREVIATIONS):
                    domain = concepts.domain(t, word)
                    if domain:  # most words: none
                        others += tuple(c for c in domain if c in self.idf and c not in others)
                        if t in self.idf:
                            own = _BODY_WORD
                # a name misspelt (playwrite, vitset, terrafrom) is read as the name itself;
                # a Cyrillic word the roster reads already keeps that reading (вивести)
                if fuzzy and not (domain or t in self.idf or (others and is_cyrillic(t))):
                    misspelt = self.spellings.match(word, t)
                    if misspelt:
                        items.extend(p for name in misspelt for p in self._plan(name, fuzzy=False))
                        continue
                known = t in self.idf and own == kind
                share = KNOWN_RELATED_FACTOR if known else RELATED_FACTOR
                if word in concepts.JOINED:
                    share = PHRASE_FACTOR
                if not known and others and is_cyrillic(t):
                    named = [o for o in others if o in self.name_vocab]
                    if named:
                        others, share, own = tuple(named), TRANSLIT_FACTOR, _SPELLED
                best = max(map(self.idf.get, others, repeat(0.0))) if others else 0.0
                items.append((t, self.idf.get(t, 0.0), others, share, best, own))
            for name in (*signatures.technologies(word), *self.aliases.get(word, ())):
                for t, idf, others, share, best, _ in self._plan(name, fuzzy=fuzzy):
                    items.append((t, idf, others, share, best, _NAMED))
            plan = tuple(items)
            if fuzzy and is_cyrillic(word):
                plan = self._heard_plan(word, plan) or plan
            if fuzzy and len(self._plans) < MAX_PLANS:
                self._plans[word] = plan
        return plan

    def _heard_plan(self, word: str, plan: tuple[_TermPlan, ...]) -> tuple[_TermPlan, ...] | None:
        """The plan of the roster name a Cyrillic ``word`` writes by ear (тесткафі,
        кейклоаку: :meth:`NameSpellings.heard`), read as the name written in Latin, when
        the word's own ``plan`` misses that name: the glossary lacks the word, or read only
        the name's first part (тесткафе: test); else None."""
        name = self.spellings.heard(word)
        if name is None:
            return None
        named = term_list(name)[0]
        if any(t == named or named in others for t, _, others, *_ in plan):
            return None
        if any(not (is_cyrillic(t) or _first_part(t, name)) for t in term_list(word)):
            return None  # the glossary's reading of another word stands
        return self._plan(name, fuzzy=False)
