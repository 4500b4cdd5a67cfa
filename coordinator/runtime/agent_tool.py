"""The Agent tool's rules in settings files: which files apply to a workspace, and whether
a deny or ask rule ``Agent(NAME)`` (``Task(NAME)``) names an agent.

A leaf both readers share: :mod:`coordinator.runtime.permission_files` with
:mod:`coordinator.runtime.permissions` (the rules read whole) and
:mod:`coordinator.runtime.denied_agents` (the cheap look ``coord route`` takes, which
must not import the permissions modules).
"""

from __future__ import annotations

from pathlib import Path

#: The tool Claude Code delegates to sub-agents with, by its names (``Task`` until 2.1.63).
AGENT_TOOLS = ("Agent", "Task")


def settings_layers(workspace: Path, user_settings: Path, managed: Path | None) -> list[Path]:
    """The settings files whose permission rules apply in ``workspace``, in Claude Code's
    order: the managed file (its drop-ins merged by its reader), the user's, the project's,
    the local one."""
    return [
        *([managed] if managed is not None else []),
        user_settings,
        workspace / ".claude" / "settings.json",
        workspace / ".claude" / "settings.local.json",
    ]


def names_agent(tool: str, specifier: str | None, agent: str, *, delegated: bool) -> bool:
    """Whether the deny or ask rule ``tool(specifier)`` keeps ``agent`` from running:
    ``Agent(NAME)`` names it, a bare ``Agent`` (no specifier, ``*`` or empty) refuses every
    ``delegated`` run (a consult: coord's delegation)."""
    if tool not in AGENT_TOOLS:
        return False
    said = (specifier or "").strip()
    if said in ("", "*"):
        return delegated
    return said == agent
