"""Unblocking: who answers a Blocked report, under which guards.

Who (:class:`Basis`): the agent the config's ``domains:`` map names for the report's Domain;
else the only agent of that domain; else, among several, the one the router ranks first
over the question (Domain, Blocker and Required: :mod:`coordinator.routing`) among those
the Domain's qualifier names when it names some (``Backend (Node)``: nodejs-expert, not
gin-expert; ``Frontend / React Native``: not react-pro), an explicit ``domain:`` key first
where the ranking ties or matches none of them; else, when no agent has that domain
(Security, Payments, a technology), the agents the Domain names (``golang``: go-expert),
else those named for a technology the question writes (FastAPI, OWASP), else the agent the
router picks over the whole roster for the Domain (real-time read as realtime) when it is
confident (its own "none" rules) and that the Blocker and Required bring up too, else
nobody: the chain waits for a person, told the nearest specialist to pin with
``domains:``. A technology is read as the router reads it (k8s: kubernetes, golang: go,
node: nodejs). The agents in the chain are never ranked; the router is asked only where a
domain has several agents or none, and the choice is a pure function of the report and the
roster (a resume chooses the same).

Guards: a consult is never started for a report with no Domain, a domain with no specialist,
a cycle (the domain already waited on up the chain, or a consultant already in the chain),
past the depth limit, or with the session budget spent; the chain then waits for a person
instead, with the reason. What the consultant is told lives in
:mod:`coordinator.prompts`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec, normalise_domain
from coordinator.routing.frameworks import (
    FRAMEWORK_JS,
    compound_forms,
    name_forms,
    opens_compound,
)
from coordinator.routing.index import NICKNAMES
from coordinator.routing.lexical import Router, router_for
from coordinator.routing.text import STOPWORDS, term_list
from coordinator.runtime.denied_agents import PASSED_OVER, Refused
from coordinator.runtime.person import person_asked
from coordinator.runtime.state import SessionState, UsageLimits
from coordinator.status import WaitReason
from coordinator.store.rows import DelegationRow
from protocols import AgentReport
from protocols.domains import CANONICAL_DOMAINS, canonical_domain, display_domain


class Basis(StrEnum):
    """How a consultant was chosen (stored with its consult: ``coord log`` shows it)."""

    #: The config's ``domains:`` map names it for the domain.
    CONFIG = "config"
    #: The only agent of the domain (not in the chain): no ranking.
    DOMAIN = "domain"
    #: The first of the domain's agents, ranked by the router over the question.
    RANKED = "ranked"
    #: The first of the domain's agents by its ``domain:`` key, then roster order: the
    #: question matched none of them.
    FIRST = "first"
    #: No agent has the domain: the router over the whole roster chose it, confident.
    ROUTED = "routed"


@dataclass(frozen=True)
class Chosen:
    """Why a consultant was chosen: its :class:`Basis`, the words of the question that
    chose it (the router's evidence) and one line saying so."""

    basis: Basis
    matched: tuple[str, ...] = ()
    why: str = ""


#: The consultant of a domain of one agent: no ranking, nothing more to say.
BY_DOMAIN = Chosen(Basis.DOMAIN)
#: The agent the config's ``domains:`` map names.
BY_CONFIG = Chosen(Basis.CONFIG, why="the config's domains: map names it")


@dataclass(frozen=True, init=False)
class Consult:
    """Ask ``consultant`` (``chosen``: how it was chosen)."""

    consultant: AgentSpec
    chosen: Chosen = BY_DOMAIN

    def __init__(self, consultant: AgentSpec, chosen: Chosen = BY_DOMAIN):
        # stored into its own __dict__: the generated frozen __init__ sets each field
        # through object.__setattr__ (one a hop)
        state = self.__dict__
        state["consultant"] = consultant
        state["chosen"] = chosen


@dataclass(frozen=True)
class NoConsult:
    """Nobody will be asked: the chain waits for a person (``reason``, ``detail``)."""

    reason: WaitReason
    detail: str


ConsultChoice = Consult | NoConsult


class Specialists:
    """Who may answer for each domain in one roster, looked up once per domain (a roster is
    not changed once built, and a lookup walks every agent of it): a :class:`Consult` made
    once where no question can change it (the config's ``domains:`` map names the agent,
    or the domain has one agent), else the domain's agents (``Registry.of_domain``: several,
    or none)."""

    __slots__ = ("found", "overrides", "registry")

    def __init__(self, registry: Registry, overrides: Mapping[str, str]):
        self.registry = registry
        self.overrides = overrides
        self.found: dict[str, Consult | tuple[AgentSpec, ...]] = {}

    def __call__(self, domain: str) -> Consult | tuple[AgentSpec, ...]:
        """Who answers for ``domain`` whatever the question, else who may (see the class)."""
        if domain in self.found:
            return self.found[domain]
        configured = self.registry.configured_for(domain, self.overrides)
        agents = self.registry.of_domain(domain) if configured is None else ()
        found: Consult | tuple[AgentSpec, ...] = agents
        if configured is not None:
            found = Consult(configured, BY_CONFIG)
        elif len(agents) == 1:
            found = Consult(agents[0])
        self.found[domain] = found
        return found


def choose_consultant(
    report: AgentReport,
    session: SessionState,
    registry: Registry,
    settings: Settings,
    limits: UsageLimits | None = None,
    specialists: Specialists | None = None,
) -> ConsultChoice:
    """Decide who answers the active run's blocker, applying every guard (``limits``: the
    session budget, by default the settings'; ``specialists``: ``registry``'s lookup, kept
    by the caller)."""
    domain = report.domain
    if not domain:
        return NoConsult(WaitReason.NO_DOMAIN, "the report names no Domain")
    find = specialists or Specialists(registry, settings.domains)
    choice = find(domain)
    # the config's map is the user's word: its agent may hold what others lack (a vault)
    if not (isinstance(choice, Consult) and choice.chosen is BY_CONFIG):
        asked = person_asked(report)
        if asked is not None:
            return NoConsult(WaitReason.FOR_PERSON, f"the question asks for {asked}")
    if not isinstance(choice, Consult):  # several agents of the domain, or none
        picked = _pick(report, domain, session, choice, find.registry)
        if isinstance(picked, NoConsult):
            return picked
        choice = picked
    chain, name = session.chain, choice.consultant.name
    for run in chain[1:]:  # the consults up the chain (the root answers no domain)
        if run.domain == domain:
            return NoConsult(WaitReason.CYCLE, f"{domain} is already being consulted up the chain")
    for run in chain:
        if run.name == name:
            names = " -> ".join([*(r.name for r in chain), name])
            return NoConsult(WaitReason.CYCLE, f"{name} is already in the chain ({names})")
    depth = chain[-1].depth + 1  # below the active run
    if depth > settings.max_depth:
        return NoConsult(WaitReason.DEPTH, f"consult depth {depth} > max_depth")
    limits = limits or UsageLimits.of(settings)
    if limits.bounded:
        spent = limits.exceeded(session.usage, session.cost)
        if spent is not None:
            return NoConsult(WaitReason.BUDGET, str(spent))
    return choice


def past_refused_consultant(
    choice: ConsultChoice,
    report: AgentReport,
    session: SessionState,
    settings: Settings,
    allowed: Callable[[], Registry],
    refused: Refused,
    limits: UsageLimits | None = None,
) -> ConsultChoice:
    """``choice`` (:func:`choose_consultant`'s) when its consultant may run; else the
    choice over ``allowed()`` (the roster without the agents a rule refuses; the
    ``domains:`` map of ``settings`` naming one of them is left out), its reason naming
    the agent passed over and the rule (``refused``: its label; Claude Code's
    ``Agent(NAME)`` deny, a bare ``Agent`` refusing every consult); nobody (the chain
    waits) when no agent is left."""
    if not isinstance(choice, Consult):
        return choice
    name = choice.consultant.name
    rule = refused(name)
    if rule is None:
        return choice
    said = f"{PASSED_OVER}{name}: the rule {rule} refuses it"
    roster = allowed()
    if not roster.agents:
        return NoConsult(WaitReason.NO_SPECIALIST, f"no agent may be consulted; {said}")
    domains = {d: n for d, n in settings.domains.items() if roster.resolve(n) is not None}
    again = choose_consultant(report, session, roster, replace(settings, domains=domains), limits)
    if isinstance(again, NoConsult):
        return NoConsult(again.reason, f"{again.detail}; {said}")
    why = "; ".join(filter(None, (again.chosen.why, said)))
    return Consult(again.consultant, replace(again.chosen, why=why))


def _pick(
    report: AgentReport,
    domain: str,
    session: SessionState,
    agents: tuple[AgentSpec, ...],
    registry: Registry,
) -> Consult | NoConsult:
    """The consultant for ``domain`` among its ``agents`` (several, or none), before the
    guards; NoConsult when nobody answers for it. The agents in the chain are left out of
    a ranking (none left: the first, which the cycle guard names)."""
    if not agents:
        return _routed(report, domain, session, registry)
    asked = {run.name for run in session.chain}
    free = [a for a in agents if a.name not in asked]
    if len(free) <= 1:
        return Consult((free or agents)[0])
    said = technology(report)
    narrowed = named_for(said, free, registry) if said else []
    among = f"{len(free)} {display_domain(domain)} agents"
    if narrowed:  # "Backend (Node)": the Domain's agents its qualifier names
        among = f"{len(narrowed)} {display_domain(domain)} agents {said} names"
    text = "\n".join(filter(None, (said, question(report, domain=False))))
    return Consult(*_ranked(text, among, narrowed or free, registry))


def question(report: AgentReport, *, domain: bool = True) -> str:
    """What the router reads of a Blocked report: its Domain (``domain``: not where every
    agent ranked has it), Blocker and Required (another agent's text: read, never stored or
    shown whole)."""
    said = display_domain(report.domain or "") if domain else ""
    parts = (said, report.blocker, report.required)
    return "\n".join(part for part in parts if part)


def technology(report: AgentReport) -> str:
    """The words of the report's Domain as its agent wrote it (``domain_written``) that the
    parser folded away: ``React`` of ``Frontend / React``, ``Node`` of ``Backend (Node)``
    (a technology, or a word of no domain; not the domain's own words); "" when there are
    none or the report keeps no Domain as written (one rebuilt from its stored fields)."""
    domain, said = report.domain, report.domain_written
    if not said or domain is None:
        return ""
    words = _SAID_WORD.findall(said.lower())
    kept = [_more(word, domain) for word in words]
    for i in range(len(words) - 1):  # a two-word name of the domain: "база даних"
        if kept[i] and kept[i + 1] and canonical_domain(" ".join(words[i : i + 2])) == domain:
            kept[i] = kept[i + 1] = bool(name_forms(words[i]))
    return " ".join(word for word, keep in zip(words, kept, strict=True) if keep)


def _more(word: str, domain: str) -> bool:
    """Whether ``word`` of a Domain written for ``domain`` says more than the domain: a
    technology (``react``, ``postgresql``) or a word naming no domain (``node``)."""
    return word not in _ROLE_WORDS and (canonical_domain(word) != domain or bool(name_forms(word)))


_SAID_WORD = re.compile(r"[^\W_]+(?:[.+#-][^\W_]+)*", re.UNICODE)
_ROLE_WORDS = frozenset({"expert", "engineer", "engineering", "specialist", "developer", "team"})


def _ranked(
    text: str, among: str, agents: list[AgentSpec], registry: Registry
) -> tuple[AgentSpec, Chosen]:
    """The first of ``agents`` (several, in preference order) by the router's score for
    the question ``text``, those whose name the question names first (:func:`named`); the
    first of them where the best scores tie (or none scores)."""
    router = router_for(registry)
    query = router.query(text)
    totals, fired = router.scores(query)
    index = router.index_of
    shortlist = _own_first(named(text, agents, registry) or agents, registry, totals, index)
    scores = [totals.get(index[a.name], 0.0) for a in shortlist]
    best = max(scores)
    if best <= 0.0:
        why = f"first of {among}: the question matched none of them"
        return shortlist[0], Chosen(Basis.FIRST, why=why)
    top = shortlist[next(i for i, score in enumerate(scores) if score >= best - _TIE)]
    chosen = index[top.name]
    matched = tuple(router.evidence(chosen, query, fired.get(chosen, [])))
    how = "named and ranked" if len(shortlist) < len(agents) else "ranked"
    return top, Chosen(Basis.RANKED, matched, f"{how} first of {among} by the question")


def _own_first(
    agents: list[AgentSpec],
    registry: Registry,
    totals: Mapping[int, float],
    index: Mapping[str, int],
) -> list[AgentSpec]:
    """Of ``agents``, the user's own (:meth:`Registry.own_names`) when the question matches
    one of them and bundled specialists are among the rest, as routing prefers them
    (:mod:`coordinator.routing.sources`); else ``agents``."""
    own = registry.own_names()
    mine = [a for a in agents if a.name in own] if own else agents
    if len(mine) in (0, len(agents)):
        return agents
    return mine if any(totals.get(index[a.name], 0.0) > 0.0 for a in mine) else agents


def named(
    text: str, agents: list[AgentSpec], registry: Registry, *, technology: bool = False
) -> list[AgentSpec]:
    """The ``agents`` a word of whose name the question ``text`` writes, that word being
    its own: in the names of at most :data:`OWN_NAME_WORD` agents of the roster, no
    stopword (the with of deploy-with-verification) and no domain's word unless a
    technology's (github for github-actions-expert, pglite, postgres; not expert, database,
    deploy or sql), in ``agents``' order. A word that opens a two-word technology's name
    names only by that name (react of "react native" names no react-pro). ``technology``:
    only a technology's word names (fastapi, owasp; not admin, logs or context)."""
    tokens = _WORD.findall(text.lower())
    written = {word for at, word in enumerate(tokens) if not opens_compound(tokens, at)}
    counts = Counter(word for name in registry.agents for word in set(name.split("-")))

    def own(word: str) -> bool:
        if word not in written or word in STOPWORDS or counts[word] > OWN_NAME_WORD:
            return False
        if technology or normalise_domain(word) in CANONICAL_DOMAINS:
            return bool(name_forms(word))
        return True

    return [agent for agent in agents if any(map(own, agent.name.split("-")))]


def named_for(said: str, agents: list[AgentSpec], registry: Registry) -> list[AgentSpec]:
    """The ``agents`` a technology written as a Domain (``said``: ``golang``, ``k8s``, the
    ``Node`` of ``Backend (Node)``) names: by a word of their name (:func:`named`), or by
    the technology their name is for, read as the router reads the words
    (:func:`_written_forms`: golang names go-expert, node nodejs-expert, k8s
    kubernetes-specialist), in ``agents``' order."""
    forms = _written_forms(said, router_for(registry))
    by_word = {agent.name for agent in named(said, agents, registry)}
    return [
        agent
        for agent in agents
        if agent.name in by_word or not forms.isdisjoint(_name_terms(agent.name))
    ]


def _name_terms(name: str) -> frozenset[str]:
    """The terms agent ``name``'s technology is written by (react-native-expert:
    reactnative; golang-pro: golang and its nickname go)."""
    forms = name_forms(name) | compound_forms(name)
    return forms.union(NICKNAMES[term] for term in forms if term in NICKNAMES)


def _written_forms(said: str, router: Router) -> frozenset[str]:
    """The terms the words ``said`` name a technology by, as the router reads them: each
    word's terms and those the roster reads it as (k8s: kubernetes, postgres: postgresql),
    its language's nickname (golang: go, :data:`NICKNAMES`) and its framework's name with
    "js" (node: nodejs, as the router reads next for nextjs); two words that make one
    framework's name (react native) only as that name."""
    query = router.query(said)
    tokens, related = query.tokens, query.related
    out: set[str] = set()
    at = 0
    while at < len(tokens):
        word = tokens[at]
        if opens_compound(tokens, at):
            out.update(term_list(word + tokens[at + 1])[:1])
            at += 2
            continue
        for term in term_list(word):
            out.update((term, NICKNAMES.get(term, term), *related.get(term, ())))
        out.update(term_list(word + FRAMEWORK_JS)[:1])
        at += 1
    return frozenset(out.difference(query.broad))


#: How many agents' names a word may be in and still name one of them (:func:`named`).
OWN_NAME_WORD = 3
_WORD = re.compile(r"[a-z0-9]+")


#: Scores this close are a tie (the domain's own order decides).
_TIE = 1e-9


def _routed(
    report: AgentReport, domain: str, session: SessionState, registry: Registry
) -> Consult | NoConsult:
    """No agent has ``domain``: those :func:`_unhomed` finds (the chain's left out), ranked
    by the question as a domain's agents are; else NoConsult naming the candidate nearest
    the question (not in the chain), to pin with ``domains:``."""
    router = router_for(registry)
    asked = {run.name for run in session.chain}
    among, said = _unhomed(report, domain, asked, registry)
    if among:
        consultant, chosen = _ranked(question(report, domain=False), said, among, registry)
        why = f"no {domain} agent: {chosen.why}"
        return Consult(consultant, Chosen(Basis.ROUTED, chosen.matched, why))
    decision = router.route(question(report))
    nearest = next((c.agent for c in decision.candidates if c.agent not in asked), None)
    detail = f"no specialist answers for {domain}"
    if nearest is not None:
        detail += f"; nearest: {nearest} (to ask it, the config's domains: {domain}: {nearest})"
    return NoConsult(WaitReason.NO_SPECIALIST, detail)


def _unhomed(
    report: AgentReport, domain: str, asked: set[str], registry: Registry
) -> tuple[list[AgentSpec], str]:
    """Who may answer for ``domain``, which no agent has, and how they were found: the
    agents it names (:func:`named_for`: ``Rust`` names rust-pro, ``golang`` go-expert);
    else those whose own name word the Blocker and Required write (:func:`named`: FastAPI
    in a Security question, OWASP); else those the router finds for the Domain alone
    (hyphens joined first: real-time as realtime) when it is confident (its own "none"
    rules) that also count among the candidates for the Blocker and Required (a Domain
    word alone is thin evidence: "Budget", "Access"). None of them in ``asked``."""
    agents = [a for a in registry.agents.values() if a.name not in asked]
    among = named_for(domain, agents, registry)
    if among:
        return among, f"{len(among)} agents {domain} names"
    among = named(question(report, domain=False), agents, registry, technology=True)
    if among:
        return among, f"{len(among)} agents the question names"
    router = router_for(registry)
    shown = display_domain(domain)
    found: tuple[str, ...] = ()
    for said in dict.fromkeys((shown.replace("-", ""), shown)):
        field = router.route(said)
        if field.agent is not None:
            found = tuple(c.agent for c in field.candidates)
            break
    near = {c.agent for c in router.route(question(report, domain=False)).candidates}
    among = [registry.agents[name] for name in found if name not in asked and name in near]
    return among, f"{len(among)} agents the router finds for {domain}"


def failed_consult(waiting: Sequence[DelegationRow]) -> bool:
    """Whether a session with these ``waiting`` questions waits because its consult failed
    (the run that asked is waiting on a failed consult's question)."""
    return bool(waiting) and waiting[-1].waiting_reason == WaitReason.CONSULT_FAILED


def check_retry(session_id: str, waiting: Sequence[DelegationRow], *, answered: bool) -> None:
    """``coord resume --retry-consult``: UserError unless the session waits on a failed
    consult, or when an answer is given too (one or the other: a retried consult answers
    the question itself)."""
    if answered:
        raise UserError(
            "--retry-consult runs the failed consult again, which answers the question: give"
            " it or --context, not both",
            hint=f"Answer it yourself: coord resume {session_id} --context TEXT",
        )
    if not failed_consult(waiting):
        raise UserError(
            f"session {session_id} does not wait on a failed consult: --retry-consult has"
            " nothing to run again",
            hint=f"Continue it with: coord resume {session_id}",
        )
