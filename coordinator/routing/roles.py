"""Who does an act, read from a roster's own names (round 68).

An act a request asks for (review, debug, audit, test, document, respond to an incident,
refactor, make faster) is done by the roster's agent whose NAME says it does that act, by the
actor noun English forms from the act's verb: review: reviewer, debug: debugger, audit:
auditor, automate: automator, write: writer, respond: responder, refactor: refactoring,
document: documentation, perform: performance. Beside that noun the name may hold only the
act's objects (code-reviewer: code; security-auditor: security) and generic words (pro,
expert, specialist, engineer); an auditor of something else (compliance-auditor) or a
reviewer of one platform (ad-security-reviewer) is not the act's agent. An agent whose name
holds no actor noun may still declare one in its description's first sentence ("A senior
security auditor and ethical hacker, ..."): it is the act's agent after those the names give.

No agent name is listed here: a roster without such agents gets no act (0xfurai, the bundled
five), and a roster with differently named ones (a ``tester``, a ``code-reviewer-expert``)
gets them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from coordinator.routing.products import PRODUCTS
from coordinator.routing.vocab import LANGUAGES

#: Words a role agent's name may hold beside its actor noun and its act's objects.
GENERIC = frozenset(["pro", "expert", "specialist", "engineer", "master", "senior"])

_VOWELS = frozenset("aeiou")
#: Where a description's first sentence stops naming what the agent is (its head): "A
#: senior security auditor and ethical hacker, specializing in ..." -> the part before ",".
_HEAD_END = re.compile(r"[,.;:(]| for | that | who | to | with | specializ| focus| use ")
_WORD = re.compile(r"[a-z]+")


def actor_nouns(verb: str) -> frozenset[str]:
    """The nouns English forms from ``verb`` for whoever does it or for the work itself
    (review: reviewer, reviewing; debug: debugger; audit: auditor; automate: automator,
    automation; write: writer; document: documentation; deploy: deployment; perform:
    performance; migrate: migration)."""
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {stem + "er", stem + "or", stem + "ing", stem + "ion", stem + "ation", stem + "ance"}
    forms.add(verb + "ment")
    short = "".join("v" if c in _VOWELS else "c" for c in verb[-3:])
    if short == "cvc" and verb[-1] not in "wxy":
        forms |= {verb + verb[-1] + "er", verb + verb[-1] + "ing"}  # debug: debugger
    return frozenset(forms)


class Role:
    """Whoever does one act: ``nouns`` name the doer (from the act's verbs, plus nouns no
    verb forms: qa, architect), ``objects`` what the act is done to (code, security), which a
    name must hold one of when ``required``."""

    __slots__ = ("explicit", "nouns", "objects", "required")

    def __init__(
        self,
        verbs: str,
        objects: str = "",
        required: bool = False,
        nouns: str = "",
    ) -> None:
        derived = frozenset().union(*(actor_nouns(v) for v in verbs.split()))
        self.explicit = frozenset(nouns.split())
        self.nouns = derived | self.explicit
        self.objects = frozenset(objects.split())
        self.required = required

    def named(self, tokens: Sequence[str]) -> int | None:
        """How loosely a name of ``tokens`` (its words) names this role: the number of
        generic words beside its noun and objects (code-reviewer 0, code-reviewer-pro 1),
        None when it does not."""
        rest = [t for t in tokens if t not in self.nouns]
        if len(rest) == len(tokens):
            return None
        if any(t not in self.objects and t not in GENERIC for t in rest):
            return None
        if self.required and self.objects.isdisjoint(rest):
            return None
        return sum(t in GENERIC for t in rest)

    def declared(self, head: Sequence[str]) -> bool:
        """Whether a description's ``head`` (:func:`head_words`) ends by naming this role's
        doer: its noun, or its noun and a generic word ("A senior security auditor",
        "Debugging specialist"), with one of its objects when ``required``."""
        if not head:
            return False
        last = head[-1]
        if last in GENERIC and len(head) > 1 and head[-2] in self.nouns:
            last = head[-2]  # the work and a generic word: "Debugging specialist"
        elif not last.endswith(("er", "or")) and last not in self.explicit:
            return False  # the work alone ("accessibility testing") names no doer
        if last not in self.nouns:
            return False
        return not self.required or not self.objects.isdisjoint(head)


def head_words(description: str) -> tuple[str, ...]:
    """The words of what ``description``'s first sentence says the agent is (before "for",
    "that", a comma, an "and"): "A senior security auditor and ethical hacker, ..." -> a,
    senior, security, auditor; none for "Use this agent when ..." (a task, not a doer)."""
    head = _HEAD_END.split(description.lower(), maxsplit=1)[0].partition(" and ")[0]
    words = tuple(_WORD.findall(head))
    return () if words[:1] == ("use",) else words


class Shapes:
    """A roster's names as words and its descriptions' heads, indexed by the word a role
    agent's name or head would hold (most agents hold none: the acts never read them)."""

    __slots__ = ("by_head", "by_word", "heads", "names")

    def __init__(self, names: Sequence[str], descriptions: Sequence[str]) -> None:
        self.names = [tuple(n.lower().split("-")) for n in names]
        self.heads = [head_words(d) for d in descriptions]
        self.by_word: dict[str, list[int]] = {}
        for i, words in enumerate(self.names):
            for word in set(words):
                self.by_word.setdefault(word, []).append(i)
        self.by_head: dict[str, list[int]] = {}
        for i, head in enumerate(self.heads):
            for word in set(head[-2:]):
                self.by_head.setdefault(word, []).append(i)

    def doers(self, roles: Sequence[Role]) -> tuple[int, ...]:
        """The agents doing the act of ``roles``, most specific first: role by role, those
        its name gives (the tightest names first), then those whose description alone
        declares it."""
        found: list[int] = []
        for role in roles:
            near = {i for noun in role.nouns for i in self.by_word.get(noun, ())}
            ranked = sorted(
                (rank, i) for i in near if (rank := role.named(self.names[i])) is not None
            )
            found += [i for _, i in ranked if i not in found]
        for role in roles:
            near = {i for noun in role.nouns for i in self.by_head.get(noun, ())}
            found += [i for i in sorted(near) if i not in found and role.declared(self.heads[i])]
        return tuple(found)


@cache
def _product_names() -> frozenset[str]:
    """The well-known products and tools as written (:data:`PRODUCTS`: kubernetes, stripe)."""
    return frozenset(w for _, listed in PRODUCTS for w in listed.split())


def is_technology(word: str, term: str) -> bool:
    """Whether an agent name's ``word`` (whose first term is ``term``) is a technology: a
    well-known product or a language (kubernetes, python), not a domain (payment)."""
    return word in _product_names() or term in LANGUAGES or word in LANGUAGES


def is_tool(word: str, term: str) -> bool:
    """Round 100: whether an agent name's ``word`` is a tool or platform, a well-known
    product that is no language (docker, postgres, terraform; not python, django)."""
    return word in _product_names() and term not in LANGUAGES and word not in LANGUAGES
