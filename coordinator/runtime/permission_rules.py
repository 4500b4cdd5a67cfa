"""The grammar of Claude Code's permission rules: a ``permissions.allow``/``ask``/``deny``
entry read as ``Tool`` or ``Tool(specifier)`` (:class:`Rule`, with the file it came from
and whether an agent could have written that file), and a warning for an entry that can
match no call (a tool name in the wrong case, ``Grep(...)``, an unknown tool, a path with
a glob that matches nothing). What a rule covers: :mod:`coordinator.runtime.permission_match`;
the rules of a session: :mod:`coordinator.runtime.permissions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from coordinator.roster.fields import is_known_tool, nearest_tool
from coordinator.tools.globbing import no_character

#: Which built-in tools a path rule of each tool name covers.
_PATH_FAMILIES: dict[str, frozenset[str]] = {
    "Read": frozenset({"Read", "Grep", "Glob"}),
    "Edit": frozenset({"Edit", "Write", "MultiEdit", "NotebookEdit"}),
    "Write": frozenset({"Write"}),
}


_RULE = re.compile(r"^\s*([A-Za-z0-9_*-]+)\s*(?:\((.*)\))?\s*$", re.DOTALL)


class Behavior(StrEnum):
    """What a matching rule does."""

    DENY = "deny"
    ASK = "ask"
    ALLOW = "allow"


@dataclass(frozen=True)
class Rule:
    """One permission rule: ``tool`` or ``tool(specifier)`` from ``path``'s ``behavior`` list."""

    behavior: Behavior
    tool: str
    specifier: str | None
    text: str
    path: Path
    #: From a file inside the workspace (an agent could have written it).
    confined: bool = False

    @property
    def bare(self) -> bool:
        """True when the rule names a whole tool (``Bash``, ``Bash(*)``)."""
        return self.specifier is None or self.specifier.strip() in ("", "*")

    def label(self) -> str:
        """``Bash(rm *)`` (permissions.deny, /ws/.claude/settings.json)."""
        return f"{self.text} (permissions.{self.behavior}, {self.path})"


def parse_rules(
    value: object, behavior: Behavior, path: Path, confined: bool = False
) -> tuple[list[Rule], list[str]]:
    """The rules of one ``allow``/``ask``/``deny`` list, and a warning per bad entry
    (``confined``: the file lies inside the workspace)."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [f"{path}: permissions.{behavior} must be a list (ignored)"]
    rules: list[Rule] = []
    problems: list[str] = []
    for entry in value:
        match = _RULE.match(entry) if isinstance(entry, str) else None
        if match is None:
            problems.append(f"{path}: permissions.{behavior}: cannot read rule {entry!r}")
            continue
        tool, specifier = match.group(1), match.group(2)
        rules.append(Rule(behavior, tool, specifier, entry.strip(), path, confined))
        problems += [f"{path}: permissions.{behavior}: {entry!r} {why}" for why in _idle(rules[-1])]
    return rules, problems


#: The built-in tools, by their names in lower case (rules name them case-sensitively).
_TOOLS = {name.lower(): name for name in ("Bash", "Read", "Write", "Edit", "Grep", "Glob")}


def _idle(rule: Rule) -> list[str]:
    """Why ``rule`` can match no call (a careless deny must not look like it protects)."""
    if rule.tool not in _TOOLS.values() and rule.tool.lower() in _TOOLS:
        return [f"matches nothing: tool names are case-sensitive ({_TOOLS[rule.tool.lower()]})"]
    if rule.tool in ("Grep", "Glob") and not rule.bare:
        return ["matches nothing: a path rule for Grep and Glob is a Read(...) rule"]
    if not is_known_tool(rule.tool) and "*" not in rule.tool:  # (mcp__server__* patterns)
        near = nearest_tool(rule.tool, cutoff=0.6)
        guess = f" (did you mean {near}?)" if near else ""
        return [f"matches nothing: no tool is named {rule.tool}{guess}"]
    if rule.tool in _PATH_FAMILIES and not rule.bare:
        return [f"matches no path: {said}" for said in no_character(str(rule.specifier))]
    return []
