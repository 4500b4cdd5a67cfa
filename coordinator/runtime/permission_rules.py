"""The grammar of Claude Code's permission rules: a ``permissions.allow``/``ask``/``deny``
entry read as ``Tool`` or ``Tool(specifier)`` (:class:`Rule`, with the file it came from
and whether an agent could have written that file), and a warning for an entry that can
match no call (a tool name in the wrong case, ``Grep(...)``, an unknown tool, a path with
a glob that matches nothing). What a rule covers: :mod:`coordinator.runtime.permission_match`;
the rules of a session: :mod:`coordinator.runtime.permissions`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from coordinator.roster.fields import RESOURCE_TOOLS, is_known_tool, nearest_tool
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
    #: Its line in ``path`` (0: not known; a rule from an agent's or skill's list).
    line: int = field(default=0, compare=False)

    @property
    def bare(self) -> bool:
        """True when the rule names a whole tool (``Bash``, ``Bash(*)``)."""
        return self.specifier is None or self.specifier.strip() in ("", "*")

    def label(self) -> str:
        """``Bash(rm *)`` (permissions.deny, /ws/.claude/settings.json:4): the rule as
        written, its list, its file and line (when known)."""
        at = f":{self.line}" if self.line else ""
        return f"{self.text} (permissions.{self.behavior}, {self.path}{at})"


def parse_rules(
    value: object,
    behavior: Behavior,
    path: Path,
    confined: bool = False,
    lines: Sequence[tuple[str, int]] = (),
) -> tuple[list[Rule], list[str]]:
    """The rules of one ``allow``/``ask``/``deny`` list, and a warning per bad entry
    (``confined``: the file lies inside the workspace; ``lines``: each entry as written
    with its line in the file, :func:`~coordinator.runtime.settings_lines.entry_lines`)."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [f"{path}: permissions.{behavior} must be a list (ignored)"]
    rules: list[Rule] = []
    problems: list[str] = []
    for index, entry in enumerate(value):
        match = _RULE.match(entry) if isinstance(entry, str) else None
        if match is None:
            problems.append(f"{path}: permissions.{behavior}: cannot read rule {entry!r}")
            continue
        tool, specifier = match.group(1), match.group(2)
        line = _line_of(lines, index, entry)
        rules.append(Rule(behavior, tool, specifier, entry.strip(), path, confined, line))
        problems += [f"{path}: permissions.{behavior}: {entry!r} {why}" for why in _idle(rules[-1])]
    return rules, problems


def _line_of(lines: Sequence[tuple[str, int]], index: int, entry: str) -> int:
    """The line of the list's entry ``index`` (0 when ``lines`` does not hold it as
    ``entry``: a managed file's list merged with its drop-ins')."""
    if index < len(lines) and lines[index][0] == entry:
        return lines[index][1]
    return 0


#: The built-in tools, by their names in lower case (rules name them case-sensitively).
_TOOLS = {name.lower(): name for name in ("Bash", "Read", "Write", "Edit", "Grep", "Glob")}


#: What a rule naming an argument of a resource tool is told (coord reads none of them).
_RESOURCE_ARGUMENT = (
    "names an argument coord does not read: as a deny or ask rule it covers every call of "
    "the tool, as an allow rule none"
)


def _idle(rule: Rule) -> list[str]:
    """Why ``rule`` can match no call (a careless deny must not look like it protects), or
    matches other calls than it says."""
    if rule.tool not in _TOOLS.values() and rule.tool.lower() in _TOOLS:
        return [f"matches nothing: tool names are case-sensitive ({_TOOLS[rule.tool.lower()]})"]
    if rule.tool in ("Grep", "Glob") and not rule.bare:
        return ["matches nothing: a path rule for Grep and Glob is a Read(...) rule"]
    if not is_known_tool(rule.tool) and "*" not in rule.tool:  # (mcp__server__* patterns)
        near = nearest_tool(rule.tool, cutoff=0.6)
        guess = f" (did you mean {near}?)" if near else ""
        return [f"matches nothing: no tool is named {rule.tool}{guess}"]
    if rule.tool in RESOURCE_TOOLS and not rule.bare:
        return [_RESOURCE_ARGUMENT]
    if rule.tool in _PATH_FAMILIES and not rule.bare:
        return [f"matches no path: {said}" for said in no_character(str(rule.specifier))]
    return []
