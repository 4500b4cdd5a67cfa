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
without them (0xfurai, the bundled five) is never affected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coordinator.routing.text import term_list


def _terms(text: str) -> frozenset[str]:
    """The first term of each word of ``text`` (the form a query holds)."""
    return frozenset(t for w in text.split() for t in term_list(w)[:1])


@dataclass(frozen=True)
class Act:
    """One act a role agent is for: the request terms that ask for it (any one is enough,
    unless ``needs`` is set: then one of those must be there too) and the agent names that
    do it, most specific first."""

    name: str
    cues: frozenset[str]
    roles: tuple[str, ...]
    needs: frozenset[str] = frozenset()

    def asked(self, terms: Mapping[str, float]) -> bool:
        """Whether a request holding ``terms`` (its own words, weight 1) asks for this act."""
        own = [t for t, weight in terms.items() if weight == 1.0]
        if self.cues.isdisjoint(own):
            return False
        return not self.needs or not self.needs.isdisjoint(own)


#: The acts, most specific first: a security review is the auditor's before the reviewer's,
#: an outage the responder's before the debugger's.
ACTS: tuple[Act, ...] = (
    Act(
        "security",
        _terms("securityreview vulnerability pentest owasp injection sqlfromstring"),
        ("security-auditor",),
    ),
    Act("security check", _terms("security"), ("security-auditor",), _terms("audit review check")),
    Act("incident", _terms("incidentnow outage postmortem"), ("incident-responder",)),
    Act("architecture review", _terms("archreview"), ("architect-reviewer",)),
    Act("review", _terms("codereview review"), ("code-reviewer", "code-reviewer-pro")),
    Act("debug", _terms("debug investigate traceback typeerror"), ("debugger",)),
    Act("refactor", _terms("refactor splitcode"), ("refactoring-specialist",)),
    Act(
        "document",
        _terms("documentation readme"),
        ("documentation-expert", "documentation-engineer", "technical-writer"),
    ),
    Act("test", _terms("testkinds"), ("test-automator", "qa-expert")),
    Act(
        "performance",
        _terms("bottleneck latencyregression faster performance"),
        ("performance-engineer",),
    ),
)


def role_agents(names: Iterable[str]) -> tuple[tuple[Act, tuple[int, ...]], ...]:
    """Per act some agent of ``names`` is for, that act and its agents' indices in the act's
    order (empty on a roster with no role agents)."""
    index = {name: i for i, name in enumerate(names)}
    out = []
    for act in ACTS:
        found = tuple(index[r] for r in act.roles if r in index)
        if found:
            out.append((act, found))
    return tuple(out)
