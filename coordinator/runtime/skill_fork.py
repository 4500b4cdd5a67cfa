"""A skill with ``context: fork``, invoked through the Skill tool, runs as a sub-agent.

Claude Code's skills page: with ``context: fork`` "the skill content becomes the prompt that
drives the subagent", of the ``agent`` type (``Explore``, ``Plan``, ``general-purpose``, the
default, or a custom sub-agent), its ``model`` and ``effort`` applying to it
(``availableModels`` too); its result goes back to the conversation. coord runs it as a
child run of the invoking run, as it runs a consult: its start stored with the Skill call's
(one transaction), driven as the chain's deepest run, its final message stored as the
call's result when it ends, then the invoking run goes on (:class:`~coordinator.runtime.
engine.Engine`; a resume rebuilds it: :func:`forked_call`).

Who runs it (:func:`fork_spec`), by the SKILL.md's ``agent``:

* none, or ``general-purpose``: the invoking agent's own definition (its tools, prompt and
  permission mode: coord has no agent without a specialist's prompt, and Claude Code's
  general-purpose sub-agent has every tool its parent has);
* ``Explore`` or ``Plan`` (Claude Code's read-only built-ins): that definition with its
  tools narrowed to the read-only ones it has (Read, Glob, Grep, its entries for them kept
  as written: ``Read(src/**)`` stays limited; no MCP servers);
* any other name: that agent of the roster. A workspace skill is text agents can write: it
  may not name an agent with a tool, an MCP server or a permission mode the invoking agent
  lacks (the resource tools and ``mcp__`` entries of ``tools`` too, compared as written:
  review121), nor one without the invoking agent's own limits (its ``tools`` entries with
  a specifier, ``disallowedTools`` entries, ``hooks``, ``isolation: worktree``: review100)
  (refused, not narrowed: a specialist cut off from its tools is not the agent it names,
  and the invoking agent can still follow the skill inline).

The SKILL.md's ``model`` (checked as an agent file's is) and ``effort`` replace the agent's
(``--model`` still wins, then ``availableModels``, as for every run); a SKILL.md agents could
have written only lowers them: a model dearer than the agent's, or an effort above its
level, is not applied (mend104: nothing an agent writes may raise what its runs spend).
Refused with an error result naming the SKILL.md and the field, which the model can act
on: an agent that is not in the roster, a model or effort that is none, an ``Agent(NAME)``
deny rule on the agent (or on the built-in type named, ``general-purpose`` when none is),
and, as for a consult, a fork past ``max_depth`` or with the session budget spent.
``allowed-tools`` is never applied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coordinator.mcp.config import resource_tool_names
from coordinator.prompts import quote
from coordinator.roster.fields import model_error
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.efforts import EFFORTS, no_higher
from coordinator.runtime.permission_rules import Behavior, parse_rules
from coordinator.runtime.preload import SkillFile, is_true
from coordinator.runtime.run_scope import wants_worktree
from coordinator.runtime.skill_rules import SKILL_TOOL
from coordinator.runtime.skill_tool import Fork
from coordinator.runtime.state import JSON, Ended, Failed, RunState, SessionState, UsageLimits
from coordinator.sanitize import shown_name
from coordinator.store.db import Store
from coordinator.store.rows import CallState
from coordinator.tools.base import ToolResult

#: The ``agent`` value (any letter case) that, like none, runs the invoking agent itself.
GENERAL_PURPOSE = "general-purpose"
#: Claude Code's read-only built-in agent types, by their folded names.
READ_ONLY_TYPES = {"explore": "Explore", "plan": "Plan"}
#: The tools those types keep (of those the invoking agent has).
READ_ONLY_TOOLS = ("Read", "Glob", "Grep")
MCP_SERVERS = "mcpServers"
HOOKS = "hooks"
DISALLOWED = "disallowedTools"


@dataclass(frozen=True)
class ForkRules:
    """What deciding a fork's agent reads: the session's ``roster``, the tool names each
    definition is offered (``tools``), the label of a deny rule refusing an agent name as
    a delegated run (``refused``; None: no rules), whether a model named costs more than a
    definition's own (``dearer``), the settings' ``effortLevel`` (``effort_level``) and
    model aliases (``models``)."""

    roster: Registry
    tools: Callable[[AgentSpec], frozenset[str]]
    refused: Callable[[str], str | None] | None
    dearer: Callable[[str, AgentSpec], bool]
    effort_level: str | None = None
    models: Iterable[str] = ()


def fork_spec(fork: Fork, caller: AgentSpec, rules: ForkRules) -> AgentSpec | str:
    """The definition the sub-agent of ``fork``, invoked by ``caller``, runs with, or why
    it may not run (one line naming the SKILL.md and its field)."""
    meta = fork.skill.meta
    said = meta.get("agent")
    asked = said.strip() if isinstance(said, str) else ""
    if said is not None and not isinstance(said, str):
        return _refusal(fork, "agent", said, "is not an agent's name")
    built_in = READ_ONLY_TYPES.get(asked.lower())
    if not asked or asked.lower() == GENERAL_PURPOSE or built_in is not None:
        spec = caller if built_in is None else _read_only(caller, rules.tools(caller))
        names = [caller.name, built_in or GENERAL_PURPOSE]  # none: general-purpose too
    else:
        name = rules.roster.resolve(asked)
        if name is None:
            known = ", ".join(sorted(rules.roster.agents)[:12])
            why = f"names no agent of the roster ({known}) nor general-purpose, Explore, Plan"
            return _refusal(fork, "agent", asked, why)
        spec, names = rules.roster.agents[name], [name]
        wider = _wider(caller, spec, rules) if fork.written else None
        if wider is not None:
            return _refusal(fork, "agent", asked, wider)
    for name in names:
        rule = rules.refused(name) if rules.refused is not None else None
        if rule is not None:
            said_name = asked or f"(none: {GENERAL_PURPOSE}, as {caller.name})"
            return _refusal(fork, "agent", said_name, f"the rule {rule} refuses it")
    return _with_model(fork, spec, rules)


def _with_model(fork: Fork, spec: AgentSpec, rules: ForkRules) -> AgentSpec | str:
    """``spec`` with the SKILL.md's ``model`` and ``effort``, or why one is refused. One
    agents could have written lowers, never raises, what ``spec`` spends (mend104): its
    ``model`` only when no dearer than ``spec``'s own, its ``effort`` up to ``spec``'s own
    level (its ``effort``, else the settings' ``effortLevel``, else the API's default)."""
    meta, update = fork.skill.meta, dict[str, object]()
    model = meta.get("model")
    if model is not None:
        text = str(model).strip()
        error = None if text in set(rules.models) else model_error(text)
        if error is not None:
            return _refusal(fork, "model", model, error)
        if not (fork.written and rules.dearer(text, spec)):
            update["model"] = text
    effort = meta.get("effort")
    if effort is not None:
        level = str(effort).strip().lower()
        if level not in EFFORTS:
            return _refusal(fork, "effort", effort, f"is none of {', '.join(EFFORTS)}")
        own = spec.extra.get("effort")
        own = own if own in EFFORTS else rules.effort_level
        if not fork.written or no_higher(level, str(own) if own is not None else None):
            update["extra"] = {**spec.extra, "effort": level}
    return spec.model_copy(update=update) if update else spec


def _read_only(caller: AgentSpec, offered: frozenset[str]) -> AgentSpec:
    """``caller`` narrowed to the read-only tools it is offered, with no MCP server; its
    ``tools`` entries for them kept as written (``Read(src/**)`` stays limited)."""
    if caller.tools is None:
        tools = [t for t in READ_ONLY_TOOLS if t in offered]
    else:
        listed, _ = parse_rules(list(caller.tools), Behavior.ALLOW, caller.source or Path())
        tools = [r.text for r in listed if r.tool in READ_ONLY_TOOLS and r.tool in offered]
    extra = {k: v for k, v in caller.extra.items() if k != MCP_SERVERS}
    return caller.model_copy(update={"tools": tools, "extra": extra})


def _wider(caller: AgentSpec, spec: AgentSpec, rules: ForkRules) -> str | None:
    """What ``spec`` may do that ``caller`` may not (its tools, MCP servers, permission
    mode), in words; None when nothing."""
    more = sorted(rules.tools(spec) - rules.tools(caller))
    if spec.extra.get(MCP_SERVERS):  # (offered once a server is connected, not by the toolset)
        more += sorted(set(resource_tool_names(spec)) - set(resource_tool_names(caller)))
        more += _mcp_entries(spec.tools, caller.tools)
    if more:
        return f"has tools the invoking agent lacks ({', '.join(more)})"
    own = caller.extra.get(MCP_SERVERS) or {}
    servers = spec.extra.get(MCP_SERVERS) or {}
    if servers and servers != own:
        return "has MCP servers the invoking agent lacks"
    if spec.permission_mode != caller.permission_mode:
        return f"runs in another permission mode ({spec.permission_mode or 'default'})"
    if spec.extra.get(HOOKS) != caller.extra.get(HOOKS):
        return "runs other hooks than the invoking agent's"
    if wants_worktree(caller) and not wants_worktree(spec):
        return "writes the workspace itself, not a worktree as the invoking agent (isolation)"
    dropped = _dropped_limits(caller, spec, rules.tools(spec))
    if spec.extra.get(MCP_SERVERS):
        lost = _mcp_entries(caller.disallowed_tools, spec.disallowed_tools)
        dropped += [f"{DISALLOWED}: {entry}" for entry in lost]
    return None if not dropped else f"lacks the invoking agent's limits ({'; '.join(dropped)})"


def _mcp_entries(entries: Sequence[str] | None, others: Sequence[str] | None) -> list[str]:
    """The ``mcp__`` entries of ``entries`` (an agent's ``tools`` or ``disallowedTools``)
    that ``others`` lacks, compared as written (a server's tools are not known before it
    starts). None is every tool: ``others`` None lacks nothing; ``entries`` None is "every
    MCP tool" that a list ``others`` lacks."""
    if others is None:
        return []
    if entries is None:
        return ["every MCP tool"]
    return [e for e in entries if e.strip().startswith("mcp__") and e not in others]


def _dropped_limits(caller: AgentSpec, spec: AgentSpec, offered: frozenset[str]) -> list[str]:
    """The entries of ``caller``'s own ``tools`` and ``disallowedTools`` limiting a tool
    (``Bash(git status:*)``, ``Bash(rm:*)``: :mod:`~coordinator.runtime.agent_rules`) that
    ``spec``, offered ``offered``, does not keep: it lacks a deny, or limits that tool to
    specifiers the caller's do not all include (compared as written)."""
    own, theirs = agent_rules(caller), agent_rules(spec)
    kept = {(r.tool, r.specifier) for r in theirs.denies}
    dropped = [
        f"{DISALLOWED}: {r.text}"
        for r in own.denies
        if r.tool in offered and (r.tool, r.specifier) not in kept
    ]
    for tool, limits in own.only.items():
        allowed = {r.specifier for r in limits}
        narrowed = theirs.only.get(tool)
        if tool in offered and (narrowed is None or {r.specifier for r in narrowed} - allowed):
            dropped.append(f"tools: {', '.join(r.text for r in limits)}")
    return dropped


def _refusal(fork: Fork, key: str, value: object, why: str) -> str:
    """The error result of a fork refused for the SKILL.md field ``key`` set to ``value``."""
    skill = fork.skill
    shown = shown_name(str(value))[:80]
    where = shown_name(fork.where)
    return (
        f"skill '{shown_name(skill.name)}' ({where}) cannot run as a sub-agent: its "
        f"{key}: {shown} {why}. Follow its instructions yourself, or do without it."
    )


def held_back(run: RunState, s: SessionState, max_depth: int, limits: UsageLimits) -> str | None:
    """Why no sub-agent may start below ``run`` now, as no consult may: past ``max_depth``,
    or the session budget spent; None when one may."""
    depth = run.depth + 1
    if depth > max_depth:
        return f"a sub-agent at depth {depth} > max_depth ({max_depth})"
    spent = limits.exceeded(s.usage, s.cost) if limits.bounded else None
    return None if spent is None else f"the session budget is spent ({spent})"


def fork_result(fork_name: str, child: RunState, outcome: Ended) -> ToolResult:
    """The Skill call's result once its sub-agent ``child`` ended: its final message
    (quoted: an agent's text), or its failure (an error result)."""
    head = f"Skill '{shown_name(fork_name)}' ran as a sub-agent ({child.name}, run {child.id})"
    if isinstance(outcome, Failed):
        return ToolResult(f"{head} and failed: {outcome.reason}", is_error=True)
    status = str(outcome.status).replace("_", " ")
    body = quote("skill_result", outcome.text, skill=fork_name)
    return ToolResult(f"{head}; its final message ({status}):\n\n{body}")


#: The line after a forked call's result whose skill sets ``background: true``.
BACKGROUND_NOTE = (
    "(skill '{name}': background: true not applied: a coord run has no later turn to be told "
    "in, so its sub-agent was waited for and its final message is this result)"
)


def background_note(result: ToolResult, skill: SkillFile) -> ToolResult:
    """A forked Skill call's ``result`` with a line saying ``skill``'s ``background: true``
    was not applied (skills103: Claude Code runs such a fork in the background and tells
    the conversation when it ends; a coord run has no interactive turn to come back to, so
    the fork is waited for, as before); ``result`` itself for any other skill."""
    if not is_true(skill.meta.get("background")):
        return result
    line = BACKGROUND_NOTE.format(name=shown_name(skill.name))
    return replace(result, content=f"{result.content}\n\n{line}")


def forked_call(store: Store, parent: RunState) -> JSON | None:
    """The Skill call of ``parent`` a fork's run answers, as a resume finds it: the call of
    its current turn stored started and not done (the fork's start stored it with the
    run; every other call of a turn is done before the next starts); None when none is."""
    recorded = store.tool_calls(parent.id, parent.turns)
    last = parent.messages[-1] if parent.messages else None
    if last is None or last["role"] != "assistant" or not isinstance(last["content"], list):
        return None
    for block in last["content"]:
        row = recorded.get(block.get("id", "")) if block.get("type") == "tool_use" else None
        if row is not None and row.state != CallState.DONE and row.name == SKILL_TOOL:
            return {**block, "input": block.get("input")}
    return None


def fork_skill(use: JSON) -> str:
    """The skill a forked Skill call ``use`` invoked, as its input names it."""
    args = use.get("input")
    return str(args.get("skill") or "") if isinstance(args, dict) else ""
