"""Agent definitions loaded from folders of Claude Code subagent files (stub: interface only)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from coordinator.errors import UserError


class Exclusion(BaseModel):
    """A "NOT for" line: requests about ``topic`` belong to ``target`` (an agent name)."""

    topic: str
    target: str | None
    target_label: str = ""


class AgentSpec(BaseModel):
    """One specialist definition."""

    name: str
    description: str
    tools: list[str] | None = None
    disallowed_tools: list[str] = Field(default_factory=list)
    model: str | None = None
    color: str | None = None
    permission_mode: str | None = None
    max_turns: int | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    body: str = ""
    source: Path | None = None
    aliases: list[str] = Field(default_factory=list)
    domain: str | None = None
    triggers: list[str] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)


class UnknownAgentError(UserError):
    """No agent of that name in the roster."""


class Registry:
    """The roster: agents by name, with the domain each one answers for."""

    def __init__(self, agents: Sequence[AgentSpec]):
        self.agents: dict[str, AgentSpec] = {a.name: a for a in agents}

    def __iter__(self) -> Iterator[AgentSpec]:
        return iter(self.agents.values())

    def __len__(self) -> int:
        return len(self.agents)

    def get(self, name: str) -> AgentSpec:
        """The agent called ``name`` (or one of its aliases); UnknownAgentError otherwise."""
        try:
            return self.agents[name]
        except KeyError:
            raise UnknownAgentError(f"unknown agent: {name}") from None

    def for_domain(
        self, domain: str, overrides: Mapping[str, str] | None = None
    ) -> AgentSpec | None:
        """The specialist answering for ``domain`` (config ``domains:`` map first), or None."""
        name = (overrides or {}).get(domain)
        if name:
            return self.get(name)
        return next((a for a in self if a.domain == domain), None)


def load_registry(
    agents_dirs: Sequence[Path] = (), *, only: bool = False, cwd: Path | None = None
) -> Registry:
    """Load every source by precedence (stub)."""
    raise NotImplementedError
