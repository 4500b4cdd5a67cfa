"""Claude Code's effort levels (an agent's or skill's ``effort``, the settings'
``effortLevel``), lowest first, and the one a model that takes effort works at when none
is sent."""

from __future__ import annotations

EFFORTS = ("low", "medium", "high", "xhigh", "max")
#: The level a model that takes effort works at when none is sent (the API's default).
DEFAULT_EFFORT = "high"


def no_higher(level: str, than: str | None) -> bool:
    """Whether ``level`` is at most ``than`` (None: :data:`DEFAULT_EFFORT`, the level a run
    sending none works at): a level agents could have written may lower a run's, never
    raise it (claude104's ``effortLevel``, mend104's skill ``effort``)."""
    return EFFORTS.index(level) <= EFFORTS.index(than or DEFAULT_EFFORT)
