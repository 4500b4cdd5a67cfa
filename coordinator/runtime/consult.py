"""Unblocking: who answers a Blocked report, under which guards.

Guards: a consult is never started for a report with no Domain, a domain with no specialist,
a cycle (the domain already waited on up the chain, or a consultant already in the chain),
past the depth limit, or with the session budget spent; the chain then waits for a person
instead, with the reason. What the consultant is told lives in
:mod:`coordinator.prompts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.state import SessionState, UsageLimits
from coordinator.status import WaitReason
from protocols import AgentReport


@dataclass(frozen=True, init=False)
class Consult:
    """Ask ``consultant``."""

    consultant: AgentSpec

    def __init__(self, consultant: AgentSpec):
        # stored into its own __dict__: the generated frozen __init__ sets the field through
        # object.__setattr__ (one a hop)
        self.__dict__["consultant"] = consultant


@dataclass(frozen=True)
class NoConsult:
    """Nobody will be asked: the chain waits for a person (``reason``, ``detail``)."""

    reason: WaitReason
    detail: str


ConsultChoice = Consult | NoConsult


class Specialists:
    """Who answers for each domain in one roster (``Registry.for_domain`` with the config's
    ``domains:`` map), looked up once per domain: a roster is not changed once built, and
    a lookup walks every agent of it."""

    __slots__ = ("found", "overrides", "registry")

    def __init__(self, registry: Registry, overrides: Mapping[str, str]):
        self.registry = registry
        self.overrides = overrides
        self.found: dict[str, AgentSpec | None] = {}

    def __call__(self, domain: str) -> AgentSpec | None:
        if domain in self.found:
            return self.found[domain]
        spec = self.found[domain] = self.registry.for_domain(domain, self.overrides)
        return spec


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
    consultant = find(domain)
    if consultant is None:
        return NoConsult(WaitReason.NO_SPECIALIST, f"no specialist answers for {domain}")
    chain, name = session.chain, consultant.name
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
    return Consult(consultant)
