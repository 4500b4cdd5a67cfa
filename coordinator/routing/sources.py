"""Which source's agent a request goes to: the user's own agents first, coord's bundled
specialists as a fallback.

A roster holds the user's own agents (``--agents-dir``, the project's ``.claude/agents/``,
``~/.claude/agents/``, their enabled Claude Code plugins') and coord's bundled specialists,
whose long trigger lists outscore an agent of theirs written for the request ("Add an
endpoint" lost to the bundled fastapi-backend-expert). When the roster chooses a bundled
specialist, the best scoring of the user's agents (:meth:`Registry.own_names`) that fits the
request by the same rules (:meth:`Chooser.best_fit_among`) is chosen instead, and the
decision says so (:data:`OWN_FIRST`). Only when none fits (or their own agent's NOT-for line
sends the request to the bundled one) does the bundled specialist keep it, and ``coord
route``/``coord run`` say it is bundled (:meth:`Registry.bundled_note`). Rosters of one kind
route as before.
"""

from __future__ import annotations

from coordinator.roster.registry import Registry
from coordinator.roster.spec import SourceKind
from coordinator.routing.decision import RouteDecision

#: What the reason of a decision that chose the user's agent over a bundled one begins with.
OWN_FIRST = "your agents first: "


def own_first(
    bundled: RouteDecision, mine: RouteDecision | None, registry: Registry
) -> RouteDecision:
    """The decision for a request the roster (``registry``) gave to a ``bundled``
    specialist, given ``mine``, the best of the user's agents that fits it (None when none
    does): theirs, its reason naming the bundled one (and that it scored higher, when it
    did); else ``bundled``. A
    redirect by one of their own agents' NOT-for lines to the bundled one stands."""
    if mine is None or mine.agent is None:
        return bundled
    came_from = bundled.redirected_from
    if came_from is not None and registry.kinds.get(came_from) != SourceKind.BUNDLED:
        return bundled  # their own agent says the request is not for it: as they wrote
    # the roster may choose a specialist that scored lower (a near tie, an act's agent):
    # "scored higher" only when it did
    how = "scored higher" if bundled.score > mine.score else "was the roster's choice"
    mine.reason = (
        f"{OWN_FIRST}{mine.agent} fits ({mine.score:.2f}); bundled {bundled.agent} {how}"
        f" ({bundled.score:.2f}) and is the fallback when none of yours fits"
    )
    return mine


def source_note(decision: RouteDecision, registry: Registry) -> str | None:
    """The line ``coord route`` adds on stderr about where the chosen agent comes from:
    that one of the user's agents was chosen over the bundled one the roster chose (the
    decision's reason), or :func:`run_note`'s. None otherwise."""
    if decision.agent is not None and decision.reason.startswith(OWN_FIRST):
        return f"note: {decision.reason}"
    return run_note(decision, registry)


def run_note(decision: RouteDecision, registry: Registry) -> str | None:
    """The line ``coord run`` adds on stderr about where the chosen agent comes from: that
    a bundled specialist was chosen from a roster holding agents of the user's own
    (:meth:`Registry.bundled_note`: they may not know it is there). Not that their own
    agent came first: that is the rule they rely on, true of every run of a mixed roster,
    and ``coord route`` says it when asked why. None otherwise."""
    if decision.agent is None:
        return None
    return registry.bundled_note(decision.agent)
