"""One act a role agent is for (:class:`Act`): the request terms that ask for it, the agents
that do it and how close to the top they must score. The acts themselves are listed in
:mod:`coordinator.routing.act_catalogue`; :mod:`coordinator.routing.acts` reads which of them a
request asks for.
"""

from __future__ import annotations

from collections.abc import Mapping

from coordinator.routing.roles import Role
from coordinator.routing.tuning import ACT_CLOSE, ACT_SAID_CLOSE

#: The debugger's role (round 105: an act of it is known by this very tuple, :attr:`Act.debugs`).
DEBUGGER = (Role("debug"),)


class Act:
    """One act a role agent is for: the request terms that ask for it (any one is enough,
    unless ``needs`` is set: then one of those must be there too), the agent names that do
    it, most specific first, and how close to the top scorer such an agent must score to
    take the request (wider when a phrase names the act outright: "code review"); ``errors``:
    whether a pasted error's class name (ValueError, NullPointerException) asks for it;
    ``without``: terms that say the cue means something else here (npm audit's
    vulnerabilities are the dependencies'); ``faint``: whether a ``needs`` term counts at any
    weight (round 68: "bug" is an everyday word the query halves, "find the bug" still asks
    for debugging); ``leading``: whether only a request that opens with the cue, its first
    verb, asks for the act (round 68: "deploy the service" asks for deploying, "after the
    deploy it crashes" does not); ``owned``: terms a tool's own agent describes itself by
    that make the act its own work (round 100: building docker images is docker-expert's,
    "build, optimize, or secure Docker container images", not the build engineer's).

    A plain class, not a dataclass: building a dataclass costs the cold start most of a
    millisecond at import."""

    __slots__ = (
        "close",
        "cues",
        "debugs",
        "errors",
        "faint",
        "leading",
        "name",
        "needs",
        "owned",
        "roles",
        "without",
    )

    def __init__(
        self,
        name: str,
        cues: frozenset[str],
        roles: tuple[Role, ...],
        needs: frozenset[str] = frozenset(),
        close: float = ACT_CLOSE,
        errors: bool = False,
        without: frozenset[str] = frozenset(),
        *,
        faint: bool = False,
        leading: bool = False,
        owned: frozenset[str] = frozenset(),
    ) -> None:
        self.name, self.cues, self.roles, self.needs = name, cues, roles, needs
        self.close, self.errors, self.without = close, errors, without
        self.faint, self.leading, self.owned = faint, leading, owned
        #: Round 105: whether the act is the debugger's (a pasted error, a failure looked
        #: into): a technology's own agent the request names near the top keeps it. Known
        #: when the act is made: a cached index's copy of ``roles`` is no longer the
        #: module's own tuple, so an identity test read later would say no.
        self.debugs = roles is DEBUGGER

    @property
    def outright(self) -> bool:
        """Whether a phrase names the act outright (code review, a security audit): then it
        takes the request even from the expert for the language the request names."""
        return self.close == ACT_SAID_CLOSE and not self.errors

    def asked(
        self, own: frozenset[str], pasted: bool, terms: Mapping[str, float], lead: frozenset[str]
    ) -> bool:
        """Whether a request whose own words hold the terms ``own`` (and, when ``pasted``,
        a pasted error's class name) asks for this act; ``terms``: all its query terms (a
        ``without`` term counts at any weight); ``lead``: the terms of its first verb."""
        if self.cues.isdisjoint(terms if self.faint and not self.needs else own):
            return self.errors and pasted
        if self.leading and self.cues.isdisjoint(lead):
            return False
        if self.without and not self.without.isdisjoint(terms):
            return False
        return not self.needs or not self.needs.isdisjoint(terms if self.faint else own)
