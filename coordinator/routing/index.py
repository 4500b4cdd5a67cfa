"""Building the routing index from a roster: BM25F term weights and idf per field, postings
cut per term, triggers filed under their rarest term, NOT-for topics and the vocabulary of
related terms (:class:`RosterIndex`).
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, pairwise

from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.routing import carried, outcomes, redirects
from coordinator.routing.acts import role_agents
from coordinator.routing.aliases import roster_aliases
from coordinator.routing.frameworks import technology_words
from coordinator.routing.match import Vocabulary
from coordinator.routing.offtopic import field_agents, foreign_platforms, serves_life
from coordinator.routing.query import _TermPlan, _Trigger
from coordinator.routing.senses import common_terms
from coordinator.routing.siblings import families, version
from coordinator.routing.spelling import NameSpellings, described_products
from coordinator.routing.text import term_list, terms, words
from coordinator.routing.tuning import (
    BODY_DF,
    COMMON_DF,
    COMMON_FACTOR,
    DESCRIBED_POSTINGS,
    FIELD_WEIGHTS,
    GENERIC_POSTINGS,
    K1,
    LARGE_ROSTER,
    LONG_BODY,
    MAX_POSTINGS,
    MIN_SCORE,
    NAME_IDF,
    OWN_NAME_MAX,
    OWN_NAME_SHARE,
    SHORT_DESCRIPTION,
    SINGLE_TRIGGER_BONUS,
    SOUND_IDF,
    TRIGGER_BONUS,
    B,
)
from coordinator.routing.vocab import FULL_STACK, LANGUAGE_NICKNAMES, LANGUAGES


class RosterIndex:
    """The index built from one registry's agents (what the index cache stores)."""

    def __init__(self, registry: Registry):
        agents = list(registry)
        self.names = [a.name for a in agents]
        self.index_of = {name: i for i, name in enumerate(self.names)}
        fields = [_fields(a) for a in agents]
        #: Per agent, the language or framework its name holds, when few names hold it
        #: (golang-pro: golang, go; react-pro: react): the code it is the expert for.
        self.name_terms = _language_names(fields, self.names)
        #: Round 101: per language or framework, the first agent named for it (go:
        #: go-expert): the agent of the language a request asks for, found without a scan.
        self.language_agent: dict[str, int] = {}
        for i, named in enumerate(self.name_terms):
            for t in named:
                self.language_agent.setdefault(t, i)
        self.agent_languages = frozenset(self.language_agent)
        self.agent_terms: list[dict[str, float]] = []
        #: Per agent, the terms only its body knows while its description is long: they
        #: explain a request term for BODY_CREDIT, every other known term fully.
        self.body_only: list[frozenset[str]] = []
        #: Per agent, the weight of a term its body mentions once and nothing else names: a
        #: term of exactly this weight is a passing mention, not what the agent is for.
        self.passing: list[float] = []
        self._build_weights(fields)
        rare = SOUND_IDF * max(self.idf.values(), default=0.0)
        sounded = [t for t in self.described_vocab if self.idf.get(t, 0.0) >= rare]
        self.vocabulary = Vocabulary(self.idf, _name_spellings(agents), sounded)
        #: The roster's names and products, met by requests that misspell them (round 60).
        self.spellings = NameSpellings([*_name_words(agents), *described_products(self.idf)])
        #: The short forms people type for the technologies agents are named for (round 92:
        #: sklearn, gha, psql), each -> the name words it stands for.
        self.aliases = roster_aliases(agents, self.idf)
        #: The one agent named full-stack, if any: it takes a request for a whole feature.
        self.full_stack = _full_stack(self.names)
        #: The acts some agent of the roster is for (debug, review, test...) and their agents.
        self.acts = role_agents(self.names, [a.description for a in agents])
        #: Round 104: the frames of a role's job no agent of the roster does (they fire none).
        self.unserved_frames = outcomes.unserved(self.acts.cues)
        #: The outcome frames' tables (roster-independent): a cached index brings them to a
        #: new process, which then need not build them (``coord route``'s cold start).
        self.outcome_tables = outcomes.tables()
        #: Per surface word, how it enters a query (filled on demand, bounded).
        self._plans: dict[str, tuple[_TermPlan, ...]] = {}
        self.neutral = _median(self.idf.values())
        #: Whether some agent says it is for everyday life (a poet): then it takes such requests.
        self.serves_life = serves_life(self.described_vocab)
        #: The platforms no agent covers (round 34): a request written for one is no agent's.
        self.foreign = foreign_platforms(self.described_vocab, common_terms())
        self._build_descriptions(fields)
        self.min_score = MIN_SCORE * max(self.idf.values(), default=1.0)
        self.triggers = self._build_triggers(agents)
        #: Per agent, its NOT-for topics, each word judged as evidence against the terms
        #: the agent names itself by (:mod:`coordinator.routing.redirects`).
        self.exclusions = [
            redirects.topics(redirects.topic(e.topic, e.target, claimed) for e in a.exclusions)
            for a, doc in zip(agents, fields, strict=True)
            for claimed in (_claimed(a, doc),)
        ]

    def _build_descriptions(self, fields: list[dict[str, Counter[str]]]) -> None:
        """What each agent describes itself by, and what is read from it."""
        described = [_described_terms(doc) for doc in fields]
        #: The agent for an everyday field some agent covers (round 34: textiles, fiber-expert).
        self.fields = field_agents(self.names, described)
        #: Per agent, the terms it describes itself by (round 89: evidence of none of them,
        #: only words many bodies use, is no sign a request is the agent's).
        self.describing = described
        #: Per agent, its family, the version its name holds and (for one of a family only:
        #: the cached index stays small) the terms it describes itself by (round 66): between
        #: siblings a near tie is decided by these (:mod:`coordinator.routing.siblings`).
        self.family = families(self.names)
        self.version = [version(name) for name in self.names]
        self.described = [
            terms if family else frozenset()
            for terms, family in zip(described, self.family, strict=True)
        ]
        #: Per agent named for a technology, the terms a request names it by (round 87:
        #: :func:`coordinator.routing.frameworks.technology_words`); empty for the others.
        self.technology = technology_words(self.names, described, self.name_terms)
        #: Whether most agents are named for none (a roster of technology experts, each
        #: "generic" one named for a technology it does not know as one, has no such tie).
        self.generic_roster = 2 * sum(map(bool, self.technology)) < len(self.names)

    def __getstate__(self) -> dict[str, object]:
        """The index without its per-process cache of query plans (what the cache stores),
        with the routing modules' tables (:mod:`coordinator.routing.carried`)."""
        return {
            **vars(self),
            "_plans": {},
            "tables": carried.export(),
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        """A stored index, whose outcome and routing tables this process adopts (the
        latter read when first used)."""
        tables = state.pop("tables", None)
        # attribute names as the code spells them: a name read back from the pickle is an
        # equal string, not the interned one, and every read of it missed the interpreter's
        # attribute cache (about four times as slow: a cached index routed slower than a built one)
        vars(self).update({sys.intern(name): value for name, value in state.items()})
        outcomes.adopt(self.outcome_tables)
        if isinstance(tables, dict):
            carried.adopt(tables)

    def _build_weights(self, fields: list[dict[str, Counter[str]]]) -> None:
        count = len(fields)
        averages = {
            f: max(1.0, sum(sum(d[f].values()) for d in fields) / max(count, 1))
            for f in FIELD_WEIGHTS
        }
        df: Counter[str] = Counter()
        #: Terms that say what some agent is for (on a small roster, any term it holds).
        self.described_vocab = frozenset(
            t
            for doc in fields
            for f in (FIELD_WEIGHTS if count < LARGE_ROSTER else _DESCRIBING)
            for t in doc[f]
        )
        described: Counter[str] = Counter()
        for doc in fields:
            df.update(set().union(*(doc[f] for f in FIELD_WEIGHTS)))
            described.update(set().union(*(doc[f] for f in _DESCRIBING)))
        # long bodies share most developer words: there, a body alone holding a term counts
        # only BODY_DF towards its document frequency
        share = BODY_DF if count >= LARGE_ROSTER and averages["body"] >= LONG_BODY else 1.0
        raw = {
            t: math.log(1 + (count - m + 0.5) / (m + 0.5))
            for t, n in df.items()
            for m in (max(1.0, described[t] + share * (n - described[t])),)
        }
        common = common_terms()
        self.idf = {t: v * (COMMON_FACTOR if t in common else 1) for t, v in raw.items()}
        name_idf = _name_idf(fields)
        #: Terms of agents' names: the technologies a Ukrainian spelling may name.
        self.name_vocab = frozenset(name_idf)
        postings: dict[str, list[tuple[float, int]]] = {}
        for index, doc in enumerate(fields):
            pseudo: dict[str, float] = {}  # BM25F: field-weighted, length-normalised tf
            for name, factor in FIELD_WEIGHTS.items():
                length = sum(doc[name].values())
                norm = 1 - B + B * length / averages[name]
                for t, tf in doc[name].items():
                    pseudo[t] = pseudo.get(t, 0.0) + factor * tf / norm
            weights = {t: tf * (K1 + 1) / (tf + K1) for t, tf in pseudo.items()}
            self.agent_terms.append(weights)
            self.body_only.append(_body_only(doc))
            once = FIELD_WEIGHTS["body"] * 1 / norm  # the body is the last field
            self.passing.append(once * (K1 + 1) / (once + K1))
            for t, w in weights.items():
                idf = self.idf[t]
                if t in doc["name"]:
                    idf = max(idf, name_idf[t] * (idf / raw[t]))
                postings.setdefault(t, []).append((w * idf, index))
        #: On a large roster, the terms over half the agents hold (error, test, api): as a
        #: word's relative they explain it only in proportion to their idf (_explained).
        self.generic = frozenset(t for t, n in df.items() if 2 * n > count >= LARGE_ROSTER)
        self.postings = _cut_postings(fields, postings, df)

    def _build_triggers(self, agents: list[AgentSpec]) -> dict[str, list[_Trigger]]:
        by_term: dict[str, list[_Trigger]] = {}
        for index, agent in enumerate(agents):
            for text in agent.triggers:
                found = frozenset(terms(text))
                if not found:
                    continue
                bonus = TRIGGER_BONUS if len(found) > 1 else SINGLE_TRIGGER_BONUS
                # fsum: the same weight whatever order the set's terms come in (hash seed)
                weight = bonus * math.fsum(self.idf.get(t, 0.0) for t in found)
                sequence = tuple(terms(text, keep_stopwords=True))
                phrase = sequence if len(found) == 1 and len(sequence) > 1 else ()
                trigger = _Trigger(index, text, found, weight, phrase)
                # filed under its rarest term only: it fires when all its terms are there
                key = max(sorted(found), key=lambda t: self.idf.get(t, 0.0))
                by_term.setdefault(key, []).append(trigger)
        return by_term


#: The fields that say what an agent is for (all but the body).
_DESCRIBING = ("name", "triggers", "description")


def _described_terms(doc: dict[str, Counter[str]]) -> frozenset[str]:
    """The terms an agent describes itself by (its name, triggers and description)."""
    return frozenset(t for f in _DESCRIBING for t in doc[f])


def _claimed(agent: AgentSpec, doc: dict[str, Counter[str]]) -> frozenset[str]:
    """The terms an agent names itself by: its name, triggers and description."""
    if not agent.exclusions:  # only a NOT-for topic asks
        return frozenset()
    named = chain(doc["name"], doc["triggers"])
    return redirects.claimed(named, doc["description"], agent.routing_text or agent.description)


def _body_only(doc: dict[str, Counter[str]]) -> frozenset[str]:
    """Terms only the body knows, when the description is long enough to say what the
    agent is for (a short description gives its body's vocabulary full credit)."""
    if sum(doc["description"].values()) < SHORT_DESCRIPTION:
        return frozenset()
    described = set().union(*(doc[f] for f in FIELD_WEIGHTS if f != "body"))
    return frozenset(set(doc["body"]) - described)


def _cut_postings(
    fields: list[dict[str, Counter[str]]],
    postings: dict[str, list[tuple[float, int]]],
    df: Counter[str],
) -> dict[str, list[tuple[int, float]]]:
    """Each term's postings, highest contribution first: the top MAX_POSTINGS (a term in
    more than 1/COMMON_DF of the agents: GENERIC_POSTINGS), then up to DESCRIBED_POSTINGS
    more of agents whose name, triggers or description hold the term (what an agent says it
    is for scores even where long bodies out-rank it)."""
    common = max(1, len(fields) // COMMON_DF)
    describing: dict[str, set[int]] = {}
    for index, doc in enumerate(fields):
        for t in set().union(*(doc[f] for f in _DESCRIBING)):
            describing.setdefault(t, set()).add(index)
    out: dict[str, list[tuple[int, float]]] = {}
    for t, found in postings.items():
        cut = MAX_POSTINGS if df[t] <= common else GENERIC_POSTINGS
        kept = describing.get(t, set())
        ranked = sorted(found, reverse=True)
        more = [(i, score) for score, i in ranked[cut:] if i in kept][:DESCRIBED_POSTINGS]
        out[t] = [(i, score) for score, i in ranked[:cut]] + more
    return out


def _name_idf(fields: list[dict[str, Counter[str]]]) -> dict[str, float]:
    """NAME_IDF times each name term's idf among agents' names only: a word in few agents'
    names names them, however many bodies use it (api)."""
    count = len(fields)
    named: Counter[str] = Counter()
    for doc in fields:
        named.update(doc["name"])
    return {t: NAME_IDF * math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in named.items()}


def _language_names(
    fields: list[dict[str, Counter[str]]], names: Sequence[str] = ()
) -> list[frozenset[str]]:
    """Per agent, the language or framework it is named for: a name of the language and one
    role word at most (golang-pro: golang and its nickname go; powershell-5.1-expert, not
    powershell-security-hardening; round 100: a framework whose name is two words counts as
    one, spring-boot-engineer: springboot), when at most OWN_NAME_SHARE of the roster's names
    (never more than OWN_NAME_MAX) are named so for it: a language many agents are named for
    names none of them."""
    written = names or [""] * len(fields)
    found = [_named_for(name, doc["name"]) for name, doc in zip(written, fields, strict=True)]
    named = Counter(t for languages in found for t in languages)
    most = min(OWN_NAME_MAX, max(1.0, OWN_NAME_SHARE * len(fields)))
    out = []
    for languages in found:
        own = {t for t in languages if named[t] <= most}
        own.update([NICKNAMES[t] for t in own if t in NICKNAMES])
        out.append(frozenset(own))
    return out


def _named_for(name: str, terms: Counter[str]) -> set[str]:
    """The languages agent ``name`` (its name's terms: ``terms``; "" when not known) is
    named for, when its name holds a language and one other word at most; two words of it
    that make one framework's name (spring boot, react native) count as that one word."""
    words = name.split("-")
    for first, second in pairwise(words):
        joined = term_list(first + second)[:1]
        if joined and joined[0] in LANGUAGE_TERMS:
            return {joined[0]} if len(words) <= 3 else set()
    return {t for t in terms if t in LANGUAGE_TERMS} if len(terms) <= 2 else set()


#: The terms of LANGUAGES (nextjs -> nextj).
LANGUAGE_TERMS = frozenset(term_list(w)[0] for w in LANGUAGES)
#: The nicknames' terms by their languages' (golang -> go).
NICKNAMES = {term_list(k)[0]: term_list(v)[0] for k, v in LANGUAGE_NICKNAMES.items()}


def _name_spellings(agents: list[AgentSpec]) -> dict[str, str]:
    """Words of agents' names the stemmer shortens, as written -> their term (flutter ->
    flut): a Ukrainian spelling is compared with the name as people write it."""
    out: dict[str, str] = {}
    for agent in agents:
        for word in words(agent.name.replace("-", " ")):
            found = term_list(word)
            if len(word) >= 4 and word.isalpha() and word.isascii() and found[:1] != (word,):
                out[word] = found[0]
    return out


def _name_words(agents: list[AgentSpec]) -> set[str]:
    """Every word of agents' names as written (playwright, kubernetes): the forms a
    misspelt name is compared with."""
    return {w for a in agents for w in words(a.name.replace("-", " ")) if w.isalpha()}


def _full_stack(names: list[str]) -> int | None:
    """The index of the one agent whose name says full-stack, else None."""
    found = [i for i, name in enumerate(names) if FULL_STACK in name.replace("-", "")]
    return found[0] if len(found) == 1 else None


def _median(values: Iterable[float]) -> float:
    """The median of ``values`` (1.0 when there are none)."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 1.0


def _fields(agent: AgentSpec) -> dict[str, Counter[str]]:
    name_text = " ".join([agent.name.replace("-", " "), *agent.aliases])
    return {
        "name": Counter(terms(name_text)),
        "triggers": Counter(t for trigger in agent.triggers for t in terms(trigger)),
        "description": Counter(terms(agent.routing_text or agent.description)),
        "body": Counter(terms(agent.body)),
    }
