"""Whether a deny or ask rule covers a tool call (:func:`rule_matches`: a bare tool, an
MCP server or tool pattern, a Bash command as :mod:`coordinator.runtime.permission_bash`
reads it, a file tool's paths as :mod:`coordinator.runtime.permission_paths` matches
them), and the Bash command a rule cannot be checked against (:func:`unread_name`: a name
built when it runs, input or a script it cannot read), which it refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from coordinator.roster.fields import RESOURCE_TOOLS
from coordinator.runtime.permission_bash import bash_matches
from coordinator.runtime.permission_paths import Call, path_matches
from coordinator.runtime.permission_rules import _PATH_FAMILIES, Rule
from coordinator.runtime.permission_scripts import denied_script
from coordinator.runtime.permission_unread import NAME_UNREAD, built_name, unread_input
from coordinator.tools.files import unencodable


def rule_matches(rule: Rule, call: Call, *, every: bool = False) -> bool:
    """Whether ``rule`` covers ``call``: for a file tool, the path as written or where its
    links lead (a deny rule), or with ``every`` both (an allow rule: it pre-approves a call
    only when it covers the file the tool would really work on). A rule naming an argument
    of a resource tool (``ReadMcpResourceTool(docs://x)``), which coord does not read,
    covers every call of it, and with ``every`` none."""
    if rule.tool.startswith("mcp__") or call.name.startswith("mcp__"):
        return _mcp_matches(rule.tool, call.name)
    if rule.bare:
        return rule.tool == call.name or call.name in _PATH_FAMILIES.get(rule.tool, ())
    if rule.tool == call.name and call.name in RESOURCE_TOOLS:  # (no argument of theirs read:
        return not every  # a deny or ask rule fails closed, an allow rule approves nothing)
    specifier = str(rule.specifier).strip()
    if rule.tool == "Bash":
        command = call.args.get("command")
        return call.name == "Bash" and isinstance(command, str) and bash_matches(specifier, command)
    if call.name in _PATH_FAMILIES.get(rule.tool, frozenset()):
        hits = [path_matches(specifier, t, call.root, call.home) for t in call.targets]
        return bool(hits) and (all(hits) if every else any(hits))
    return False


def _mcp_matches(pattern: str, name: str) -> bool:
    """``mcp__server`` covers every tool of the server; otherwise a name or ``*`` pattern."""
    if pattern.count("__") == 1 and name.startswith(pattern + "__"):
        return True
    return fnmatchcase(name, pattern)


def unread_name(rules: Iterable[Rule], call: Call) -> tuple[Rule, str] | None:
    """The first Bash rule of ``rules`` that cannot be checked against ``call``, and why:
    a command whose name is built when it runs (:func:`built_name`: :data:`NAME_UNREAD`),
    or commands a program reads from its standard input (:func:`unread_input`); a deny
    rule fails closed on it (``$(echo r)m -rf src``, ``echo 'rm x' | sh`` past
    ``Bash(rm:*)``)."""
    command = call.args.get("command")
    if call.name != "Bash" or not isinstance(command, str):
        return None
    bash = [r for r in rules if r.tool == "Bash" and not r.bare]
    if not bash:
        return None
    broken = unencodable(command)
    if broken is not None:  # (no program could be given it; no rule reads it either)
        return bash[0], f"a command that is not UTF-8 text: {broken}"
    name = built_name(command)
    why = unread_input(command) if name is None else NAME_UNREAD.format(name=name)
    if why is not None:
        return bash[0], f"a command it cannot read: {why}"
    script = denied_script(bash, command, call.root)
    return None if script is None else (bash[0], f"a script the command runs: {script}")
