"""Who wrote a final message, told to the report parser (:class:`protocols.Identity`).

The parser refuses a report a line attributes to another agent of the roster or to another
agent's domain (*"Here is the database result:"* in the backend agent's message: a relay,
not its own report); it learns whose message it reads, and who else there is, from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from coordinator.roster.spec import AgentSpec
from protocols.identity import Identity, Party


def _party(spec: AgentSpec) -> Party:
    return Party(spec.name, spec.domain, tuple(spec.aliases))


def report_identity(writer: AgentSpec, agents: Iterable[AgentSpec]) -> Identity:
    """The identity of ``writer``'s final messages among ``agents`` (the session's roster
    and the agents its chain ran: the writer itself among them is skipped)."""
    others: dict[str, Party] = {}
    for spec in agents:
        if spec.name != writer.name:
            others.setdefault(spec.name, _party(spec))
    return Identity(_party(writer), tuple(others.values()))
