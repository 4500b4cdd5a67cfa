"""The evidence a "NOT for X → other-agent" line needs before it moves a request.

An agent's description may list topics that are not for it ("Database schema та запити →
Database Engineer (D1)"). Such topics are written the same way across rosters (the bundled
NOT-for blocks; wshobson's "Database optimization: query analysis, indexing (defer to
database-architect)"; VoltAgent's "Collaborate with seo-specialist on technical SEO"): a
word or two that name the other agent's domain (database, schema, SEO, Docker, CORS) next to
words any request uses (queries, logic, code, quality, patterns, features). A request that
shares only the second kind is not about the topic. So a topic is read as its words
(:class:`Topic`), and it takes a request away (:func:`hits`) only when:

- at least half of its words are in the request, counted per word, not per term: a topic
  word the glossary reads as two terms (запити: request and query; UI: ui and interface) is
  one word, and one request word counts for one topic word only;
- and what matched is the topic itself, not its everyday part: a *distinctive* word (one that
  is not a common word of requests, :data:`REQUEST_WORDS` and
  :data:`coordinator.routing.vocab.COMMON_WORDS`, and that the agent does not itself claim in
  its name, triggers or description), or two of the topic's words side by side in the
  request as in the topic, neither of them the agent's own (rate limiting, бізнес-логіка),
  or the whole topic, unless it is one word the agent claims (a backend that says it fixes
  CORS "for the frontend" keeps such a request though "Frontend" is not for it).

Words that only say how the topic relates (around, навколо) are no topic words. Nor does a
request word count that stands only in a phrase saying what the work is for (round 46: "a
Dockerfile for the fastapi app", "CI для бекенду") or when it acts (round 51: "show a toast
when the server returns 409"): the act and its object say where the change is made; the
purpose or the condition is its context (:func:`context_words`). A moment ("during
deploy", "під час деплою") is no such context: it is often the cause ("the api returns 502
during deploy" is DevOps' work).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from coordinator.routing.concepts import domain, phrases
from coordinator.routing.text import STOPWORDS, term_list, terms, words
from coordinator.routing.vocab import COMMON_WORDS, TECH_HOMONYMS

#: Words requests of every kind use, whatever specialist they are for: what is asked about
#: in general (request, data, error, code, app, feature), what any domain has (model,
#: table, index, component, interface, server, API, search, chat: a frontend, a backend, a
#: database, an LLM engineer each have their own), and the work done on it (optimization,
#: logic, quality, patterns, limits). In a NOT-for topic they stand beside the word that
#: names the domain ("SQL запити", "LLM patterns") and cannot carry it alone.
REQUEST_WORDS: frozenset[str] = frozenset(
    """
    request requests query queries question data info information error errors exception
    exceptions bug bugs issue issues problem problems failure code codebase source app
    application applications program software project product system systems service
    services feature features function functions method methods class module modules file
    files value values result results output input list item items object objects record
    records entry field fields model models logic pattern patterns quality performance speed
    version change changes update updates fix setup config configuration setting settings
    support solution tool tools process workflow task tasks job step part layer type format
    structure design implementation integration optimization optimisation improvement
    management handling processing business rule rules limit limits rate rates table tables
    index indexes search chat component components interface server servers api apis
    response responses message messages content text status state event events action
    actions client clients user users page pages form forms screen view logic architecture
    approach review analysis practice practices
    """.split()
)
#: The same in Ukrainian where the glossary does not read a word as English (запит, код and
#: дані it does).
_UKRAINIAN_REQUEST_WORDS = "логіка"
#: Words that say how a topic relates, not what it is about: no topic words.
RELATION_WORDS: frozenset[str] = frozenset("around through between related навколо".split())
#: Words that open a phrase of purpose ("for the api", "для бекенду"): what follows says
#: what the work is for, not what is changed (round 46).
#: Round 51: so do words that open a condition ("when the server returns 409", "коли
#: сервер повертає помилку"): it says when the change acts, not where it is made.
CONTEXT_MARKERS: frozenset[str] = frozenset("for для when whenever if коли якщо".split())
#: How many words after a marker its phrase holds ("for the fastapi app"); a condition
#: names a subject, a verb and its object ("when the server returns 409").
CONTEXT_SPAN = 3
CONDITION_SPAN = 4
_SPANS: dict[str, int] = dict.fromkeys(CONTEXT_MARKERS, CONDITION_SPAN) | dict.fromkeys(
    ("for", "для"), CONTEXT_SPAN
)
#: Every common word: these and the everyday English words (a technology homonym such as
#: spring or rest names its technology in a topic).
PLAIN_WORDS: frozenset[str] = REQUEST_WORDS | (COMMON_WORDS - TECH_HOMONYMS)


@functools.cache
def _plain_by_prefix() -> dict[str, tuple[str, ...]]:
    """The common words by their first three letters (a stem keeps them)."""
    groups: dict[str, list[str]] = {}
    for word in PLAIN_WORDS:
        groups.setdefault(word[:3], []).append(word)
    return {prefix: tuple(group) for prefix, group in groups.items()}


@functools.cache
def plain(term: str) -> bool:
    """Whether ``term`` is how the router reads a common word of requests (worked out per
    term on first use: stemming every common word at import would cost a cold start ~8 ms)."""
    if term in terms(_UKRAINIAN_REQUEST_WORDS):
        return True
    return any(term in term_list(word) for word in _plain_by_prefix().get(term[:3], ()))


#: The labels of a description's trigger lines ("- Запити: ...", "Keywords:"): words about
#: the description, not what the agent says it is for.
_LABELS: frozenset[str] = frozenset(
    """
    keyword keywords request requests automatically phrase phrases trigger triggers
    запити автоматично фрази тригери тригер
    """.split()
) | {"ключові слова"}


def claimed(named: Iterable[str], described: Mapping[str, int], description: str) -> frozenset[str]:
    """The terms an agent names itself by: ``named`` (its name's and triggers' terms) and
    ``described`` (its description's terms, counted), less the labels of its trigger lines
    ("- Запити: ..." holds request and query as a label only)."""
    labels: dict[str, int] = {}
    for line in description.splitlines():
        head, colon, _ = line.partition(":")
        if colon and " ".join(head.strip(" \t-*•").casefold().split()) in _LABELS:
            for t in terms(head):
                labels[t] = labels.get(t, 0) + 1
    return frozenset(named) | {t for t, n in described.items() if n > labels.get(t, 0)}


class Kind:
    """What one topic word is, as evidence (plain ints: compared on every redirect check)."""

    #: Names the topic's domain: it may carry the redirect.
    DISTINCTIVE = 0
    #: A common word of requests: it counts towards half the topic, never alone.
    PLAIN = 1
    #: A word the agent uses for itself (in its name, triggers or description).
    CLAIMED = 2


class Topic:
    """One NOT-for line: its text, its target, its words' terms (one set per word), their
    kinds and each word's place among the topic's words (glue words counted: "schema та
    запити" are not side by side). A plain class: a dataclass costs ~1 ms at import."""

    __slots__ = ("kinds", "places", "target", "topic", "units")

    def __init__(
        self,
        topic: str,
        target: str | None,
        units: tuple[frozenset[str], ...],
        kinds: tuple[int, ...],
        places: tuple[int, ...],
    ) -> None:
        self.topic, self.target, self.units = topic, target, units
        self.kinds, self.places = kinds, places

    @property
    def terms(self) -> frozenset[str]:
        """Every term of the topic."""
        return frozenset().union(*self.units)


class Topics:
    """One agent's NOT-for topics, with the topic words each term names (``by_term``: term ->
    (topic, word) pairs; a request touches few topics' words, if any). Built once."""

    __slots__ = ("by_term", "topics")

    def __init__(
        self, topics: tuple[Topic, ...], by_term: dict[str, tuple[tuple[int, int], ...]]
    ) -> None:
        self.topics, self.by_term = topics, by_term

    def __bool__(self) -> bool:
        return bool(self.topics)

    def __iter__(self) -> Iterator[Topic]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)

    def excluded(
        self,
        present: Collection[str],
        surface: Mapping[str, str],
        tokens: Sequence[str],
        broad: Collection[str] = (),
    ) -> Topic | None:
        """The topic the request is most about, if any names it well enough (:func:`hits`);
        only topics at least half of whose words the request touches are weighed."""
        touched: dict[int, set[int]] = {}
        by_term = self.by_term
        for t in present:
            for i, unit in by_term.get(t, ()):
                touched.setdefault(i, set()).add(unit)
        best: tuple[int, Topic] | None = None
        for i in sorted(touched):  # a tie goes to the topic written first
            units, found = touched[i], self.topics[i]
            if len(units) * 2 < len(found.units):
                continue
            count = hits(found, present, surface, tokens, broad)
            if count and (best is None or count > best[0]):
                best = (count, found)
        return best[1] if best else None


#: The topics of an agent that writes none.
NO_TOPICS = Topics((), {})


def topics(items: Iterable[Topic]) -> Topics:
    """``items`` with their term index (see :class:`Topics`)."""
    found = tuple(items)
    if not found:  # most agents: one shared empty set (the index cache stores it once)
        return NO_TOPICS
    by_term: dict[str, list[tuple[int, int]]] = {}
    for i, item in enumerate(found):
        for j, unit in enumerate(item.units):
            for t in unit:
                by_term.setdefault(t, []).append((i, j))
    return Topics(found, {t: tuple(pairs) for t, pairs in by_term.items()})


def topic(text: str, target: str | None, claimed: Collection[str]) -> Topic:
    """Read a NOT-for line's ``text``; ``claimed`` holds the terms the agent names itself by."""
    units: list[frozenset[str]] = []
    places: list[int] = []
    for place, token in enumerate(words(text)):
        if token in STOPWORDS or token in RELATION_WORDS or len(token) < 2:
            continue
        unit = frozenset(term_list(token))
        if unit and unit not in units:
            units.append(unit)
            places.append(place)
    kinds = tuple(_kind(unit, claimed) for unit in units)
    return Topic(text, target, tuple(units), kinds, tuple(places))


def _kind(unit: frozenset[str], claimed: Collection[str]) -> int:
    if any(t in claimed for t in unit):
        return Kind.CLAIMED
    if all(plain(t) for t in unit):
        return Kind.PLAIN
    return Kind.DISTINCTIVE


def hits(
    found: Topic,
    present: Collection[str],
    surface: Mapping[str, str],
    tokens: Sequence[str],
    broad: Collection[str] = (),
) -> int:
    """How many of the topic's words the request names (0 unless that is evidence enough:
    see the module docstring). ``present`` holds the request's terms, ``surface`` the request
    word each term came from, ``tokens`` the request's words in order, ``broad`` the terms
    only an everyday word's domain brought in (a page is frontend work): a word the agent
    claims, reached only that way, is evidence of the topic's sense, not the agent's word."""
    units = found.units
    if not units:
        return 0
    # per topic word, the request words that name it (a term a word's domain brought in
    # stands for itself: a domain may name several of the topic's words)
    options = [
        {t if t in broad else surface.get(t, t) for t in unit if t in present} for unit in units
    ]
    if sum(1 for o in options if o) * 2 < len(units):  # most checks end here
        return 0
    if not CONTEXT_MARKERS.isdisjoint(tokens):
        context = context_words(tokens)
        if context:
            options = [_outside(o, context, tokens, broad) for o in options]
    matched = _matching(options)
    if len(matched) * 2 < len(units):
        return 0
    kinds = list(found.kinds)
    for i in matched:
        if kinds[i] == Kind.CLAIMED and all(t in broad for t in units[i] if t in present):
            kinds[i] = Kind.DISTINCTIVE
    if any(kinds[i] == Kind.DISTINCTIVE for i in matched):
        return len(matched)
    if len(matched) == len(units) and (len(units) > 1 or kinds[0] != Kind.CLAIMED):
        return len(matched)  # the whole topic, unless it is one word the agent claims
    return len(matched) if _side_by_side(found, matched, tokens) else 0


def context_words(tokens: Sequence[str]) -> frozenset[str]:
    """The words of ``tokens`` that stand only in a phrase of purpose: within
    :data:`CONTEXT_SPAN` words after a :data:`CONTEXT_MARKERS` word, never elsewhere."""
    inside: set[str] = set()
    outside: set[str] = set()
    left = 0
    for token in tokens:
        if token in CONTEXT_MARKERS:
            left = _SPANS[token]
            continue
        (inside if left else outside).add(token)
        left = max(0, left - 1)
    return frozenset(inside - outside)


def _outside(
    option: set[str], context: frozenset[str], tokens: Sequence[str], broad: Collection[str]
) -> set[str]:
    """``option`` less what only the context phrase said: its words, and a term a word's or a
    phrase's domain brought in that the request without the context phrase does not bring
    (a 409 in "when the server returns 409" brings in api and backend)."""
    kept = option - context
    if kept.isdisjoint(broad):
        return kept
    rest = [w for w in tokens if w not in context]
    found = [(t, w) for w in rest for t in term_list(w)] + [(p, p) for p in phrases(rest)]
    brought = {d for t, w in found for d in domain(t, w)}
    return {t for t in kept if t not in broad or t in brought}


def _matching(options: list[set[str]]) -> dict[int, str]:
    """Topic word -> the request word counted for it, one request word per topic word, as
    many topic words as can be matched (augmenting paths: a topic has a few words)."""
    owner: dict[str, int] = {}

    def take(unit: int, seen: set[str]) -> bool:
        for word in sorted(options[unit]):
            if word in seen:
                continue
            seen.add(word)
            if word not in owner or take(owner[word], seen):
                owner[word] = unit
                return True
        return False

    for unit in range(len(options)):
        take(unit, set())
    return {unit: word for word, unit in owner.items()}


def _side_by_side(found: Topic, matched: dict[int, str], tokens: Sequence[str]) -> bool:
    """Whether two neighbouring topic words, neither the agent's own, are matched by
    neighbouring request words (rate limiting)."""
    places: dict[str, list[int]] = {}
    for position, token in enumerate(tokens):
        places.setdefault(token, []).append(position)
    kinds, at = found.kinds, found.places
    for unit, word in matched.items():
        after = matched.get(unit + 1)
        if after is None or at[unit + 1] != at[unit] + 1:
            continue
        if Kind.CLAIMED in (kinds[unit], kinds[unit + 1]):
            continue
        if any(p + 1 in places.get(after, ()) for p in places.get(word, ())):
            return True
    return False
