"""What an agent file says, as data: :class:`AgentSpec`, its problems, and the domain vocabulary.

This module holds no I/O. :mod:`coordinator.roster.loader` builds specs from files and
:mod:`coordinator.roster.registry` looks them up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar

from coordinator.records import Record
from protocols.domains import canonical_domain

#: Domain words, checked against an agent's name (last word first), then its description.
#: ``ml`` is this runtime's domain for LLM / machine-learning specialists (``llm`` and ``ai``
#: are accepted as synonyms by :func:`normalise_domain`).
DOMAIN_WORDS: dict[str, frozenset[str]] = {
    "tests": frozenset({"test", "tests", "testing", "qa", "tdd", "tester"}),
    "docs": frozenset({"docs", "doc", "documentation", "documenter", "docs-writer"}),
    "ml": frozenset({"ml", "llm", "ai", "prompt", "mlops", "nlp", "rag", "embeddings"}),
    "devops": frozenset(
        {
            "devops",
            "deployment",
            "deploy",
            "kubernetes",
            "k8s",
            "docker",
            "terraform",
            "sre",
            "infrastructure",
            "infra",
            "cicd",
            "ci",
            "cloud",
        }
    ),
    "database": frozenset(
        {"database", "db", "dba", "sql", "postgres", "postgresql", "mysql", "mongodb", "databases"}
    ),
    "frontend": frozenset({"frontend", "react", "vue", "angular", "svelte", "ui", "css", "nextjs"}),
    "backend": frozenset({"backend", "api", "fastapi", "django", "flask", "server"}),
}
#: Domain words that say an agent's domain in its name alone (ai-engineer), not in its
#: text: an agent file says "AI" of itself ("a highly specialized AI agent", "AI-powered
#: code review") whatever its field (consult47: lst97's graphql-architect and
#: code-reviewer-pro were ML specialists).
NAME_ONLY_WORDS = frozenset({"ai"})
DOMAIN_SYNONYMS = {
    "llm ml": "ml",
    "llm": "ml",
    "ai": "ml",
    "machine learning": "ml",
    "test": "tests",
    "doc": "docs",
    "documentation": "docs",
    "db": "database",
}


class Severity(StrEnum):
    """How bad a problem is: ``error`` means the file was skipped."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class SourceKind(StrEnum):
    """Which kind of folder an agent file came from (highest precedence first)."""

    MANAGED = "managed"
    AGENTS_DIR = "agents-dir"
    PROJECT = "project"
    USER = "user"
    PLUGIN = "plugin"
    BUNDLED = "bundled"


@dataclass(kw_only=True)
class Problem(Record):
    """Something wrong with one agent file: ``error`` means the file was skipped."""

    path: Path
    line: int = 1
    severity: Severity = Severity.ERROR
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(kw_only=True)
class Exclusion(Record):
    """A "NOT for" line: requests about ``topic`` belong to ``target`` (an agent name)."""

    topic: str
    target: str | None
    target_label: str = ""


@dataclass(kw_only=True)
class AgentSpec(Record):
    """One specialist definition.

    ``extra`` keeps every frontmatter key not modelled by a field (including explicit
    ``domain:``, ``triggers:`` and ``aliases:`` keys, whose derived values are the fields).
    ``keys`` lists every frontmatter key in file order with its line, so a report can say
    what became of each one (:func:`coordinator.roster.fields.field_statuses`).
    ``tools``/``disallowed_tools`` are the effective lists: ``permissionMode: plan`` adds the
    tools that write or run commands to ``disallowed_tools``.
    """

    name: str
    description: str
    tools: list[str] | None = None
    disallowed_tools: list[str] = field(default_factory=list)
    model: str | None = None
    color: str | None = None
    permission_mode: str | None = None
    max_turns: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    body: str = ""
    source: Path | None = None
    aliases: list[str] = field(default_factory=list)
    domain: str | None = None
    triggers: list[str] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    #: The description without its NOT-for block: what the router reads.
    routing_text: str = ""


_T = TypeVar("_T")


class PerDefinition(Generic[_T]):
    """A value built once per agent definition object and kept under the agent's name.

    Specs are never changed in place, so a different object under the same name is another
    definition (a resumed run's stored snapshot beside the current file): it gets its own
    value, never the one built for the other.
    """

    __slots__ = ("_build", "_by_name")

    def __init__(self, build: Callable[[AgentSpec], _T]) -> None:
        self._build = build
        self._by_name: dict[str, tuple[AgentSpec, _T]] = {}

    def __call__(self, spec: AgentSpec) -> _T:
        kept = self._by_name.get(spec.name)
        if kept is not None and kept[0] is spec:
            return kept[1]
        value = self._build(spec)
        self._by_name[spec.name] = (spec, value)
        return value


@dataclass(kw_only=True)
class Shadowed(Record):
    """An agent file hidden by a same-named agent from a higher-precedence source."""

    name: str
    path: Path
    kind: SourceKind
    by: Path
    by_kind: SourceKind
    #: The hidden file's plugin and the hiding one's (``NAME@MARKETPLACE``; "": none).
    plugin: str = ""
    by_plugin: str = ""
    #: Both files are in one folder (a copy that kept another agent's ``name``): the file
    #: named for the agent wins, else the first by path; ``coord run`` and ``route`` warn.
    same_folder: bool = False

    @property
    def labels(self) -> tuple[str, str]:
        """The two sources as listings name them: the kind, or ``plugin NAME@MARKETPLACE``."""
        return (
            f"plugin {self.plugin}" if self.plugin else str(self.kind),
            f"plugin {self.by_plugin}" if self.by_plugin else str(self.by_kind),
        )


def normalise_domain(text: str) -> str:
    """A domain as the registry stores it: canonical, with ``llm``/``ai`` folded into ``ml``."""
    canon = canonical_domain(text)
    return DOMAIN_SYNONYMS.get(canon, canon)


def _said_domains(text: str) -> dict[str, int]:
    """How many words of each domain's vocabulary ``text`` holds (not a name-only word)."""
    counts = dict.fromkeys(DOMAIN_WORDS, 0)
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in NAME_ONLY_WORDS:
            continue
        for domain, vocabulary in DOMAIN_WORDS.items():
            if word in vocabulary:
                counts[domain] += 1
    return counts


#: Where a description's first sentence ends (what the agent says it is).
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
#: The first thing a "Use ... for" sentence says to use the agent for (to its first comma).
_USE_FOR = re.compile(r"(?:^|[.!?]\s+)use\b[^,;.!?]*", re.IGNORECASE)


def derive_domain(name: str, text: str, explicit: Any = None) -> str | None:
    """The agent's domain: explicit ``domain:`` key, else its name's words, else its text:
    the domain its words name most, a domain named once only where the agent says what it
    is (its first sentence: "Expert in MariaDB database management") or the first thing to
    use it for ("Use PROACTIVELY for visual documentation, ..."): one word elsewhere is an
    aside ("... and ensuring comprehensive test coverage" of python-pro, "assessments,
    penetration testing" of a security auditor), not its field."""
    if isinstance(explicit, str) and explicit.strip():
        return normalise_domain(explicit)
    for word in reversed(name.lower().split("-")):
        for domain, vocabulary in DOMAIN_WORDS.items():
            if word in vocabulary:
                return domain
    said = _said_domains(text)
    opening = _SENTENCE_END.search(text)
    stated = [text[: opening.start()] if opening else text, *_USE_FOR.findall(text)]
    first = _said_domains(" ".join(stated))
    counts = {d: n if n > 1 or first[d] else 0 for d, n in said.items()}
    best = max(counts.values())
    winners = [d for d, n in counts.items() if n == best]
    return winners[0] if best > 0 and len(winners) == 1 else None
