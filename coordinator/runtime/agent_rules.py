"""What an agent file's own ``tools`` and ``disallowedTools`` entries with a specifier say
about its calls (``Bash(git diff:*)``, ``Read(src/**)``, ``Bash(rm:*)``).

Claude Code's tool lists take permission-rule syntax. A bare name (``Bash``) gives or takes
away the whole tool (:func:`coordinator.tools.toolset.build_toolset`); a name with a
specifier narrows it:

* ``tools: Read, Bash(git diff:*)``: Bash is offered, and a command runs only when every
  part of it is one of the agent's ``Bash(...)`` entries and it writes no file by
  redirection (``git diff > src/calc.py`` is refused) or through its own options
  (``git diff --output=src/calc.py``, ``sed -n -i``), as a ``dontAsk`` agent's allow
  rules pre-approve one (:func:`coordinator.runtime.permission_allow.unapproved`); a tool the
  list names only with specifiers is refused any call none of them covers, and the model
  reads why. Claude Code would ask a person about the others, and nobody can confirm in a
  coord run.
* ``disallowedTools: Bash(rm:*)``: the agent keeps Bash, and a call the entry matches is
  refused (a deny rule: :func:`coordinator.runtime.permission_match.rule_matches`, which sees
  through wrappers, subshells and ``sh -c``); a command whose name is built when it runs
  (``$(echo r)m -rf src``, ``"$CMD" src``) or that runs commands a shell reads from its
  standard input (``echo 'rm x' | sh``, ``bash < f.sh``) is refused too, since no entry
  can be checked against it, as is a script file it runs that holds a denied command
  (``sh f.sh``: :func:`coordinator.runtime.permission_match.unread_name`).

Trust: both only take powers away, and an agent's file is a protected path no agent
writes; a run resumes with the definition it started with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from coordinator.roster.spec import AgentSpec, PerDefinition
from coordinator.runtime.permission_allow import unapproved
from coordinator.runtime.permission_match import rule_matches, unread_name
from coordinator.runtime.permission_paths import Call
from coordinator.runtime.permission_rules import Behavior, Rule, parse_rules
from coordinator.tools.base import Refusal, RefusedBy, ToolResult


@dataclass(frozen=True)
class AgentRules:
    """An agent's own rules: ``denies`` from ``disallowedTools``, and ``only`` (per tool
    name) the specifiers ``tools`` limits the tool to."""

    denies: tuple[Rule, ...] = ()
    only: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)

    def refusal(self, name: str, args: object, root: Path, home: Path) -> str | None:
        """Why the agent's own lists refuse this call, or None (:meth:`refused`'s text)."""
        refused = self.refused(name, args, root, home)
        return None if refused is None else refused.content

    def refused(self, name: str, args: object, root: Path, home: Path) -> ToolResult | None:
        """The error result of a call the agent's own lists refuse, with the entry that
        refused it; None when they do not."""
        if not self.denies and not self.only:
            return None
        call = Call(name, args if isinstance(args, Mapping) else {}, root, home)
        for rule in self.denies:
            if rule_matches(rule, call):
                why = (
                    f"Permission denied: this agent's disallowedTools entry {rule.text} "
                    f"({rule.path}) refuses this call."
                )
                by = Refusal(RefusedBy.AGENT_DISALLOWED, f"{rule.text} ({rule.path})")
                return ToolResult(why, is_error=True, refused=by)
        unread = unread_name(self.denies, call)
        if unread is not None:
            rule, unread_why = unread
            why = (
                f"Permission denied: this agent's disallowedTools entry {rule.text} "
                f"({rule.path}) refuses {unread_why}."
            )
            by = Refusal(RefusedBy.AGENT_DISALLOWED, f"{rule.text} ({rule.path})")
            return ToolResult(why, is_error=True, refused=by)
        allowed = self.only.get(name)
        unmet = None if allowed is None else unapproved(allowed, call)
        if allowed is None or unmet is None:
            return None
        listed = ", ".join(r.text for r in allowed)
        text = (
            f"This agent's tools list allows {name} only as {listed} ({allowed[0].path}), "
            f"and this call is not one of them: {unmet}. It was not run."
        )
        by = Refusal(RefusedBy.AGENT_TOOLS, f"{listed} ({allowed[0].path})")
        return ToolResult(text, is_error=True, refused=by)


def _build(spec: AgentSpec) -> AgentRules:
    where = spec.source or Path(spec.name)
    denied, _ = parse_rules(list(spec.disallowed_tools), Behavior.DENY, where)
    listed, _ = parse_rules(list(spec.tools or ()), Behavior.ALLOW, where)
    whole = {r.tool for r in listed if r.bare}
    only: dict[str, list[Rule]] = {}
    for rule in listed:
        if rule.tool not in whole:
            only.setdefault(rule.tool, []).append(rule)
    return AgentRules(
        denies=tuple(r for r in denied if not r.bare),
        only={tool: tuple(rules) for tool, rules in only.items()},
    )


#: Each agent definition's rules, built on first use.
agent_rules: PerDefinition[AgentRules] = PerDefinition(_build)
