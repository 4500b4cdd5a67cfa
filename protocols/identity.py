"""Whose report the parser reads: the writer's identity, and the relays it tells by it.

The runtime knows which agent wrote a final message and which other agents the roster
holds. Given that (:class:`Identity`), a line introducing a report as another named agent's
or another domain's (*"Here is the database result:"*, *"Відповідь database-engineer:"*)
makes it a relay, never the writer's own; the writer's own name (*"backend-expert's
report:"* written by backend-expert) does not. ``docs/report-parser.md`` describes the rule.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from protocols.domains import BACKEND, DATABASE, DEVOPS, DOCS, FRONTEND, ML, TESTS

#: Words naming an agent by its role ("engineer", "агент").
ROLE: Final = (
    r"(?:agent|engineer|specialist|consultant|expert|developer|architect|reviewer|team|"
    r"designer|analyst|dba|admin|auditor|writer|tester|subagent|"
    r"інженер\w*|агент\w*|спеціаліст\w*|консультант\w*|експерт\w*|розробник\w*|фахів\w*)"
)
#: What may follow an answer word handed on; another word makes it a thing (*"their report
#: format"*, *"its response to the outage"*, *"the webhook response headers"*).
HANDED: Final = r"(?!\s*(?!(?:on|below|here|verbatim|as-is|unchanged|in\s+full)\b)[^\W\d_])"

#: How a report names a domain's agent without its name; a domain whose word is an ordinary
#: noun of the work (tests, docs) names an agent only with a role word after it.
_DOMAIN_WORDS: Final[dict[str, tuple[str, bool]]] = {
    BACKEND: (r"back[- ]?end|бекенд\w*", True),
    FRONTEND: (r"front[- ]?end|фронтенд\w*", True),
    DATABASE: (r"database|db|dba|баз\w*\s+даних|бд", True),
    DEVOPS: (r"dev[- ]?ops|девопс\w*", True),
    ML: (r"ml|llm", True),
    TESTS: (r"tests?|testing|qa|тест\w*", False),
    DOCS: (r"docs?|documentation|документац\w*", False),
}
_ANSWER: Final = (
    r"(?:answer|reply|response|report|result|output|feedback|advice|verdict|summary|"
    r"findings|conclusion)s?"
)
_SAID: Final = (
    r"(?:replied|responded|answered|wrote|said|reported|sent|shared|came\s+back|returned|"
    r"found|concluded|did|відпові\w*|написа\w*|повідоми\w*)"
)
#: What may stand between the party and its verb: "the DBA then replied", "has answered";
#: not a subject of its own ("the database migration I wrote").
_SAID_BEFORE: Final = r"(?:\s+(?:\w+ly|then|already|just|also|has|have|had|finally|вже|теж))*"
#: What may follow a verb of answering to the end of its clause: "replied with the following".
_SAID_TAIL: Final = (
    r"(?:\s+(?:back|with|this|that|the|following|below|as|follows|here|on|it|us|me))*\W*$"
)


#: A party joined to what stands before it (*"Backend and database result"*): a result of
#: several parts, the writer's among them, not one other agent's.
_AND: Final = "and|та|і"  # noqa: RUF001 - Ukrainian "and"
_JOINED: Final = re.compile(rf"(?:\b(?:{_AND})|&|\+|/|,)\s*(?:the\s+)?$", re.IGNORECASE)


#: A name that is one word of letters only: an ordinary word of the work, maybe.
_ORDINARY: Final = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Party:
    """An agent as a report may name it: its name, its domain (canonical, lower case) and
    the other names it answers to."""

    name: str
    domain: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Identity:
    """Who wrote the text being parsed (``own``), and the other agents whose reports it
    may relay (``others``: those it consulted, or the whole roster)."""

    own: Party
    others: tuple[Party, ...] = ()


def _name_form(name: str) -> str:
    """A name as written in prose: ``database-engineer``, ``database engineer``."""
    words = [re.escape(w) for w in re.split(r"[-_\s]+", name.strip()) if w]
    return r"[-_\s]".join(words)


def _domain_form(domain: str) -> str:
    """A domain naming its agent: ``database``, ``the database team``, ``docs agent``."""
    word, alone = _DOMAIN_WORDS.get(domain, (_name_form(domain), False))
    return rf"(?:{word})(?:\s+{ROLE})" + ("?" if alone else "")


def _named_form(name: str) -> str:
    """A name as a report must write it to name the agent: a name that is one ordinary word
    (*debugger*, *planner*, *test*, *build*) names the agent only marked as a name (in
    backticks, ``@debugger``) or with a role word after it (*"the debugger agent"*); alone it
    is the word (*"the test result:"*, *"Debugger output:"* are the writer's own)."""
    form = _name_form(name)
    if not _ORDINARY.fullmatch(name.strip()):
        return form
    return rf"(?:(?:(?<=[`@])|[`@]){form}`?|{form}(?=\s+{ROLE}\b))"


def _forms(identity: Identity) -> list[tuple[str, str]]:
    """How a line may name each other agent (a pattern), and the agent(s) it names: by name
    or alias, or by a domain that is not the writer's (two agents' domain names both)."""
    own = identity.own
    others = [p for p in identity.others if p.name != own.name]
    forms = [(_named_form(n), p.name) for p in others for n in (p.name, *p.aliases)]
    domains: dict[str, list[str]] = {}
    for other in others:
        if other.domain and other.domain != own.domain:
            domains.setdefault(other.domain, []).append(other.name)
    return forms + [(_domain_form(d), " or ".join(names)) for d, names in domains.items()]


class Relays:
    """The relays one identity tells (made once per identity: :func:`relays_of`)."""

    def __init__(self, identity: Identity) -> None:
        own = identity.own
        forms = _forms(identity)
        self.agents: list[str] = [named for _, named in forms]
        named = "|".join(f"(?P<p{i}>{form})" for i, (form, _) in enumerate(forms)) or "(?!)"
        self._which = re.compile(rf"\b(?:{named})", re.IGNORECASE)
        party = "|".join(form for form, _ in forms) or "(?!)"
        party = rf"(?:{party})(?:\s+{ROLE})?"
        self._relay = re.compile(
            rf"\b(?:{party})['\u2019]s\s+(?:\w+\s+)?{_ANSWER}\b(?!-){HANDED}"
            rf"|\b(?:{party})\s+{_ANSWER}\b(?!-){HANDED}"
            rf"|\b{_ANSWER}\s+(?:from|by|of)\s+(?:the\s+)?(?:{party})\W*$"
            rf"|\b(?:{party}){_SAID_BEFORE}\s+{_SAID}{_SAID_TAIL}"
            rf"|\b(?:відповід\w*|звіт\w*|результат\w*)\s+(?:від\s+)?(?:{party})(?!\w)",
            re.IGNORECASE,
        )
        selves = "|".join(_name_form(n) for n in (own.name, *own.aliases))
        self._self = re.compile(rf"(?<![\w-])(?:{selves})(?![\w-])", re.IGNORECASE)
        self._other = re.compile(rf"\b(?:{party})(?![\w-])", re.IGNORECASE)

    def relayed(self, clause: str) -> str | None:
        """The other agent ``clause`` attributes what follows to, or None."""
        found = next(
            (
                m
                for m in self._relay.finditer(clause)
                if not _JOINED.search(clause[: m.start()][-16:])
            ),
            None,
        )
        if found is None:
            return None
        which = self._which.search(clause, found.start(), found.end())
        if which is None:  # (the relay's party is one of the forms: never)
            return None
        return self.agents[int(str(which.lastgroup)[1:])]

    def only_self(self, text: str) -> bool:
        """Whether ``text`` names the writer itself and no other agent (*"backend-expert's
        report"* written by backend-expert)."""
        return self._self.search(text) is not None and self._other.search(text) is None

    def mentioned(self, text: str) -> bool:
        """Whether ``text`` names any agent, the writer or another."""
        return self._self.search(text) is not None or self._other.search(text) is not None


@functools.lru_cache(maxsize=64)
def relays_of(identity: Identity) -> Relays:
    """The :class:`Relays` of ``identity`` (compiled once: a runtime parses many reports
    of the same few identities)."""
    return Relays(identity)
