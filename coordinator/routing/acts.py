"""What a request asks to DO, against what it is about (round 44).

Large rosters mix *role* agents (debugger, code-reviewer, test-automator, security-auditor,
documentation-expert, performance-engineer, product-manager, ...) with *technology* agents
(python-pro, react-pro, ...). A request that asks for an act one of the role agents is for
(find why it breaks, review, test, document, speed up, secure, decide what to build) goes to
that agent when it scores near the top, whatever language the code is in; a request that only
names its technology stays with that technology's expert.

An act is read from the request's terms as the query holds them, after the glossary
(переглянь: review, задокументуй: docu, розберись: investig) and after error signatures (a
pasted stack trace brings "debug" in). Its role agents are found by their names, so a roster
without them (0xfurai, the bundled five) is never affected. The acts are listed in
:mod:`coordinator.routing.act_catalogue` (each an :class:`coordinator.routing.act.Act`); this
module reads which of them a request asks for (:func:`role_agents`, :class:`RoleActs`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from coordinator.routing.act import Act
from coordinator.routing.act_catalogue import all_acts
from coordinator.routing.roles import Role, Shapes
from coordinator.routing.text import term_list

#: A word naming an error's class as a program prints it (TypeError, KeyError,
#: NullPointerException): pasted output, what a debugger reads.
_ERROR_NAME = re.compile(r"\b[a-z]{2,}(?:error|exception)\b")


class RoleActs:
    """The acts some agent of one roster is for, each with its agents' indices in the act's
    order (none on a roster with no role agents: 0xfurai, the bundled five), and ``cues``:
    every term some act's cues hold (a request with none of them asks for no act); per cue,
    the acts it is a cue of (round 104: only those are asked, not every act)."""

    __slots__ = ("acts", "by_cue", "cues", "doers", "on_errors")

    def __init__(self, acts: tuple[tuple[Act, tuple[int, ...]], ...], cues: frozenset[str]):
        self.acts, self.cues = acts, cues
        by_cue: dict[str, list[int]] = {}
        for number, (act, _) in enumerate(acts):
            for cue in act.cues:
                by_cue.setdefault(cue, []).append(number)
        self.by_cue = {cue: tuple(numbers) for cue, numbers in by_cue.items()}
        #: The acts a pasted error's class name asks for whatever the cues.
        self.on_errors = tuple(number for number, (act, _) in enumerate(acts) if act.errors)
        #: Round 105: every role agent of some act (test-automator, debugger, build-engineer).
        self.doers = frozenset(i for _, agents in acts for i in agents)

    def asked(
        self, terms: Mapping[str, float], tokens: Sequence[str]
    ) -> list[tuple[Act, tuple[int, ...]]]:
        """The acts a request asks for, in order, from its terms (its own words weigh 1)
        and its surface words ``tokens``."""
        # C-level scans first (most requests ask for no act): the cues against the terms,
        # substring tests, the pattern only when one may be there
        joined = " ".join(tokens)
        pasted = ("error" in joined or "exception" in joined) and bool(_ERROR_NAME.search(joined))
        hit = self.cues.intersection(terms)
        if not pasted and not hit:
            return []
        lead = lead_terms(tokens)
        # the request's first verb and its object are its own words, whatever weight the
        # query gave them ("write a readme": readme, a common word, weighs less)
        # loops, not comprehensions: in 3.11 each comprehension is a function made and called
        words = []
        for t, w in terms.items():
            if w == 1.0 or t in lead:
                words.append(t)
        own = _acted(frozenset(words), tokens, self.cues)
        # an act none of whose cues the request holds is asked only by a pasted error
        by_cue = self.by_cue
        numbers: set[int] = set()
        for cue in hit:
            numbers.update(by_cue[cue])
        if pasted:
            numbers.update(self.on_errors)
        acts = self.acts
        found = []
        for number in sorted(numbers):
            if acts[number][0].asked(own, pasted, terms, lead):
                found.append(acts[number])
        return found


#: Words a request may open with before its first verb (please, can you, треба, будь ласка).
_OPENERS = frozenset(
    "please pls plz kindly can could would will you u help me us i we need needs want wanna"
    " to let lets let's go ahead hey hi hello just quickly quick so ok okay now also then"
    " будь ласка треба потрібно допоможи допоможіть хочу хочемо можеш можете мені нам"
    " давай давайте прошу ну а і й та ще просто спершу спочатку швиденько".split()  # noqa: RUF001
)
#: Endings of an English actor noun (reviewer, auditors): the doer, not the act...
_ACTOR_ENDINGS = ("er", "ers", "or", "ors")
#: A word in Cyrillic (a Ukrainian request's own word).
_CYRILLIC = re.compile("[\u0400-\u04ff]")
#: ... except the verbs that end so (refactor the service, monitor the queue).
_VERBS_LIKE_DOERS = frozenset(
    "refactor monitor render filter trigger register mirror recover answer order".split()
)


#: Verbs whose act is their object's ("write docs", "update the documentation", "онови
#: документацію"), and the words between them and it (the, our, цю).
_LIGHT_VERBS = frozenset(
    "write update make create add do prepare improve fix set пофікси пофіксити полагодь"
    " напиши написати онови оновити оновіть зроби зробити додай додати створи створити"
    " підготуй підготувати покращ покращити виправ виправити налаштуй".split()
)
#: Verbs whose act is what they check for ("check the form for vulnerabilities").
_CHECKS = frozenset("check verify scan inspect перевір перевірте проскануй".split())
_DETERMINERS = frozenset(
    "the a an our my this these some all наш нашу наші мій мою цей цю ці".split()
)


def lead_terms(tokens: Sequence[str]) -> frozenset[str]:
    """The terms of a request's first verb: its first word past the openers ("please
    document ...", "треба задеплоїти ..."), with its object's when the verb is a light one
    ("update the docs"); empty when it opens with none."""
    openers = _OPENERS
    for at, first in enumerate(tokens):  # most requests open with their verb: one step
        if first not in openers:
            rest = tokens[at + 1 :]
            break
    else:
        return frozenset()
    lead = frozenset(term_list(first))
    if first in _CHECKS:  # "check the signup form for vulnerabilities"
        words = []
        for word in rest:  # a loop: a comprehension is a call of its own (3.11)
            if word not in openers:
                words.append(word)
        return lead.union(*map(term_list, words[:6]))
    if first not in _LIGHT_VERBS:
        return lead
    seen = 0
    for word in rest:  # its object: the first of the next three words
        if word in openers:
            continue
        if word not in _DETERMINERS:
            return lead.union(term_list(word))
        seen += 1
        if seen == 3:
            break
    return lead


def closing_terms(tokens: Sequence[str], cues: frozenset[str]) -> frozenset[str]:
    """Round 71: the act a Ukrainian request closes with, told after what it is about
    ("функція повертає None замість списку, хоча дані є, розберись"): the terms of its last
    word that some act's ``cues`` hold, when that word is Ukrainian (its imperative comes
    last; an English request ends with a noun: "diagram in the doc"). Empty otherwise. Like
    the first verb, it is what the request asks."""
    last = tokens[-1] if tokens else ""
    if not last or not _CYRILLIC.match(last):
        return frozenset()
    return cues.intersection(term_list(last))


def _acted(own: frozenset[str], tokens: Sequence[str], cues: frozenset[str]) -> frozenset[str]:
    """``own`` without the cues only an actor noun brought ("the reviewer said the button is
    ugly": the reviewer is who spoke, not what is asked)."""
    doers = []
    for t in tokens:  # a loop: a comprehension is a call of its own (3.11)
        if t.endswith(_ACTOR_ENDINGS) and t not in _VERBS_LIKE_DOERS:
            doers.append(t)
    if not doers:  # most requests: no actor noun
        return own
    wanted = own & cues
    by_doers: set[str] = set()
    for t in doers:  # loops, not comprehensions: each of those is a call (3.11)
        terms = term_list(t)
        if terms and terms[0] in wanted:
            by_doers.add(terms[0])
    if not by_doers:
        return own
    by_others: set[str] = set()
    for t in tokens:
        if t not in doers:
            terms = term_list(t)
            if terms:
                by_others.add(terms[0])
    return own - (by_doers - by_others)


def role_agents(names: Sequence[str], descriptions: Sequence[str] = ()) -> RoleActs:
    """The acts some agent of ``names`` is for, with those agents' indices, read from the
    names and (when given) the descriptions by :mod:`coordinator.routing.roles`."""
    shapes = Shapes(names, descriptions)
    found: dict[tuple[Role, ...], tuple[int, ...]] = {}  # acts share their roles
    out = []
    for act in all_acts():
        if act.roles not in found:
            found[act.roles] = shapes.doers(act.roles)
        if found[act.roles]:
            out.append((act, found[act.roles]))
    return RoleActs(tuple(out), frozenset().union(*(act.cues for act, _ in out)))
