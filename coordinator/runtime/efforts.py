"""Claude Code's effort levels (an agent's or skill's ``effort``, the settings'
``effortLevel``), lowest first, and the one a model that takes effort works at when none
is sent."""

from __future__ import annotations

EFFORTS = ("low", "medium", "high", "xhigh", "max")
#: The level a model that takes effort works at when none is sent (the API's default).
DEFAULT_EFFORT = "high"
