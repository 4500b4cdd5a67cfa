"""What this runtime does with each frontmatter field of a Claude Code agent file.

One table (:data:`FIELDS`) says, for every field Claude Code documents for sub-agents (and the
few this runtime adds), whether ``coord`` honours it, in part, or not yet, and why. Future work
flips an entry here; ``coord agents show`` and ``coord agents validate`` read it, so no field
is ever dropped without a word. Model names and permission modes are checked here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coordinator.claude_home import FOLDER, claude_home
from coordinator.clip import clip
from coordinator.errors import UserError
from coordinator.roster.spec import AgentSpec


class Support(StrEnum):
    """How far ``coord`` honours a field."""

    HONOURED = "honoured"
    PARTIAL = "partial"
    NOT_YET = "not yet"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class FieldInfo:
    """One frontmatter field: how far it is honoured, and how (or why not)."""

    support: Support
    note: str


_NO_RUNTIME = "not implemented yet in coord; the agent runs without it"
#: The user's Claude Code folder as the table (and docs/agent-fields.md) names it; shown as
#: coord reads it (:func:`field_info`): ``$CLAUDE_CONFIG_DIR`` when that variable moves it.
HOME_NAMED = f"~/{FOLDER}"

#: Claude Code's sub-agent frontmatter fields (checked against its docs, 2026-11) and the keys
#: this runtime adds (domain, triggers, aliases), in documentation order.
FIELDS: dict[str, FieldInfo] = {
    "name": FieldInfo(
        Support.HONOURED, "the agent's name (lower-case letters, digits and hyphens)"
    ),
    "description": FieldInfo(
        Support.HONOURED, "routing reads its triggers, phrases and NOT-for redirects"
    ),
    "tools": FieldInfo(
        Support.HONOURED,
        "allow-list; Read, Write, Edit, Glob, Grep, Bash and MCP tools (mcp__server, "
        "mcp__server__tool, wildcards) of the servers mcpServers lists are offered; Claude "
        "Code's others (WebFetch, Task) are not; a name that is no tool (Raed), or a tool of a "
        "server mcpServers does not list, is warned of; Bash(git diff:*) or Read(src/**) "
        "alone limits the tool to those calls (others refused)",
    ),
    "disallowedTools": FieldInfo(
        Support.HONOURED,
        "a bare name (Bash) is removed from the agent's tools; Bash(rm:*) or Edit(docs/**) "
        "refuses the calls it matches and keeps the tool",
    ),
    "model": FieldInfo(
        Support.HONOURED, "alias or full id, mapped by the settings' models table; --model wins"
    ),
    "permissionMode": FieldInfo(Support.PARTIAL, "see the permission-mode table"),
    "maxTurns": FieldInfo(Support.HONOURED, "caps the agent's model calls in one run"),
    "skills": FieldInfo(
        Support.HONOURED,
        f"each SKILL.md body ({HOME_NAMED}/skills/NAME, then .claude/skills/NAME) is preloaded "
        "into the system prompt, else an enabled plugin's skills/NAME (PLUGIN:NAME: that "
        "plugin's alone); a missing skill is a warning naming it; one Claude may not invoke "
        "(`disable-model-invocation`, a settings `Skill(NAME)` deny or ask rule, a hiding "
        "`skillOverrides` entry) is not preloaded, a warning saying why; a preloaded SKILL.md's "
        "`context: fork`/`agent`, `model`, `effort`, `hooks`, `disallowed-tools` and "
        "`allowed-tools` are not applied (Claude Code applies them when it invokes a skill; "
        "coord's Skill tool applies `context: fork` with `agent`, `model`, `effort`), one "
        "warning per skill naming them",
    ),
    "mcpServers": FieldInfo(
        Support.HONOURED,
        "names from .mcp.json/.claude settings or inline definitions (stdio, HTTP, SSE), "
        "started for the run; tools are mcp__server__tool; workspace-defined servers need "
        "the user's approval (needs coordinator[mcp])",
    ),
    "hooks": FieldInfo(
        Support.HONOURED,
        "Claude Code's hook protocol, active while this agent runs (Stop = SubagentStop); "
        "hooks in workspace files run in the Bash sandbox; --no-hooks turns them off; "
        "not read when the managed settings set `allowManagedHooksOnly`",
    ),
    "memory": FieldInfo(
        Support.HONOURED,
        "the first 200 lines of MEMORY.md go in the system prompt; project/local memory is "
        "in the workspace and written with the file tools (Read/Write/Edit added); user "
        f"memory ({HOME_NAMED}/agent-memory/NAME) is read-only",
    ),
    "background": FieldInfo(
        Support.HONOURED,
        "`coord run` starts the chain as a detached process and returns (see `coord "
        "sessions`); --foreground or --json wait for it",
    ),
    "effort": FieldInfo(
        Support.HONOURED,
        "sent as output_config.effort (low…max) to models that take it (Opus 4.5, Opus/"
        "Sonnet 4.6+); ignored with a warning for others (Haiku); none: the settings' "
        "effortLevel (a workspace file's only when it lowers the user's)",
    ),
    "isolation": FieldInfo(
        Support.HONOURED,
        "worktree: the run works in a git worktree (branch coord/<session>/<run>), merged back "
        "when it ends; a conflict keeps the branch and the run needs review; outside git the "
        "run works in place with a warning",
    ),
    "color": FieldInfo(Support.HONOURED, "display only: shown by `coord agents show`"),
    "initialPrompt": FieldInfo(
        Support.HONOURED,
        "put before the request in the first message when the agent is the routed (first) "
        "agent of a session; not used when it is consulted",
    ),
    "omitClaudeMd": FieldInfo(
        Support.HONOURED,
        "true: the agent gets no CLAUDE.md files (managed, user, project, rules, "
        "CLAUDE.local.md), which every other agent gets in its system prompt",
    ),
    "domain": FieldInfo(Support.HONOURED, "coord extension: the domain a Blocked agent names"),
    "triggers": FieldInfo(Support.HONOURED, "coord extension: extra routing triggers"),
    "aliases": FieldInfo(Support.HONOURED, "coord extension: other names for the agent"),
}

#: Claude Code's own tools that coord does not offer: an agent listing them runs without
#: them (no warning: a definition written for Claude Code lists them), unlike a name that is
#: no tool at all (a typo such as ``Raed``: :func:`unknown_tool`).
CLAUDE_CODE_TOOLS: frozenset[str] = frozenset(
    """Agent Task WebFetch WebSearch TodoWrite TodoRead NotebookEdit NotebookRead MultiEdit LS
    BashOutput KillShell KillBash ExitPlanMode EnterPlanMode SlashCommand Skill AskUserQuestion
    TaskCreate TaskGet TaskList TaskUpdate TaskOutput TaskStop SendMessage TeamCreate
    TeamDelete ListMcpResourcesTool ReadMcpResourceTool LSP""".split()
)


class ResourceTool(StrEnum):
    """Claude Code's two tools over the MCP servers' resources, which coord offers a run
    with at least one server connected (:mod:`coordinator.mcp.resources`)."""

    LIST = "ListMcpResourcesTool"
    READ = "ReadMcpResourceTool"


#: Their names, to look a name up in.
RESOURCE_TOOLS: frozenset[str] = frozenset(ResourceTool)


def is_known_tool(name: str) -> bool:
    """Whether ``name`` is a tool coord has, one of Claude Code's own, or an MCP tool."""
    from coordinator.tools.base import TOOL_NAMES

    return name in TOOL_NAMES or name in CLAUDE_CODE_TOOLS or name.startswith("mcp__")


def nearest_tool(name: str, cutoff: float) -> str | None:
    """The tool (coord's, then Claude Code's, in a fixed order) ``name`` reads as a typo
    of, at ``difflib``'s ``cutoff``; None when none is that close."""
    import difflib

    from coordinator.tools.base import TOOL_NAMES

    known = [*TOOL_NAMES, *sorted(CLAUDE_CODE_TOOLS)]
    near = difflib.get_close_matches(name, known, n=1, cutoff=cutoff)
    return near[0] if near else None


def unknown_tool(spec: str, key: str = "tools") -> str | None:
    """Why the ``tools`` (or ``disallowedTools``: ``key``) entry ``spec`` names no tool
    (with the nearest tool's name when it reads as a typo of one); None for coord's tools,
    MCP tools and Claude Code's own."""
    from coordinator.tools.base import tool_base_name

    name = tool_base_name(spec)
    words = spec.partition("(")[0].split()
    if len(words) > 1:
        return (
            f"{key}: '{clip(spec, 60)}' is not one tool name: separate tools with commas "
            f"(coord reads only {clip(name, 40)})"
        )
    if is_known_tool(name):
        return None
    near = nearest_tool(name, cutoff=0.7)
    guess = f"; did you mean {near}?" if near else ""
    effect = "ignored" if key == "tools" else "it takes nothing away"
    return f"{key}: '{clip(name, 60)}' is no tool coord or Claude Code has{guess} ({effect})"


def unoffered_tools(tools: Sequence[str] | None) -> list[str]:
    """The entries of an agent's ``tools`` that name Claude Code's own tools coord does not
    have (``WebSearch``, ``TodoWrite``, ``Agent(worker)``): the agent runs without them,
    which ``coord agents show`` says (no warning: a file written for Claude Code lists them)."""
    from coordinator.tools.base import tool_base_name

    return [  # (the resource tools are offered with a server: not "not offered")
        spec for spec in tools or () if tool_base_name(spec) in CLAUDE_CODE_TOOLS - RESOURCE_TOOLS
    ]


#: What ``coord agents show`` says after the tools an agent lists but never gets.
UNOFFERED_NOTE = "Claude Code's own tools, which coord does not have: the agent runs without them"


def unserved_mcp_tools(tools: Sequence[str], servers: object) -> list[str]:
    """Why a ``tools`` entry naming an MCP server's tool (``mcp__echo__echo``,
    ``mcp__echo``) is never offered: the file's ``mcpServers`` (``servers``) does not list
    that server, and coord starts only the servers an agent lists. One line a server."""
    if not any(spec.startswith("mcp__") for spec in tools):
        return []
    from coordinator.tools.base import tool_base_name

    listed = {_UNSAFE_NAME.sub("_", name) for name in listed_servers(servers)}
    told: dict[str, str] = {}
    for spec in tools:
        parts = tool_base_name(spec).split("__")
        if len(parts) < 2 or parts[0] != "mcp" or "*" in parts[1] or parts[1] in listed:
            continue
        told.setdefault(
            parts[1],
            f"tools: '{clip(spec, 60)}' is a tool of MCP server '{clip(parts[1], 40)}', which"
            f" this file's mcpServers does not list: it is never offered (add `mcpServers:"
            f" [{clip(parts[1], 40)}]`)",
        )
    return list(told.values())


#: An MCP tool's name: ``mcp__SERVER__TOOL``, what the API refuses in a name made ``_``.
MCP_PREFIX = "mcp__"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]")


def mcp_prefix(server: str) -> str:
    """``mcp__SERVER``: what each of ``server``'s tool names starts with, and the
    ``tools`` entry taking them all (``plugin:kit:notes``: ``mcp__plugin_kit_notes``)."""
    return f"{MCP_PREFIX}{_UNSAFE_NAME.sub('_', server)}"


def names_server(entry: str, server: str) -> bool:
    """Whether the ``tools`` entry ``entry`` may name a tool of MCP server ``server``:
    ``mcp__SERVER``, ``mcp__SERVER__TOOL``, or a pattern whose text before its first
    wildcard could start one of them (``mcp__plugin_kit_*``)."""
    whole = mcp_prefix(server)
    literal = re.split(r"[*?\[]", entry.strip(), maxsplit=1)[0]
    if literal != entry.strip():  # a pattern: its fixed start and the server's agree
        return f"{whole}__".startswith(literal) or literal.startswith(f"{whole}__")
    return literal == whole or literal.startswith(f"{whole}__")


def listed_servers(value: object) -> set[str]:
    """The server names an agent's ``mcpServers`` lists: a name, a list of names or
    inline definitions (``{name: config}``), or one mapping of them."""
    items = value if isinstance(value, list) else [value]
    names: set[str] = set()
    for item in items:
        if isinstance(item, dict):
            names.update(str(key) for key in item)
        elif isinstance(item, str) and item.strip():
            names.add(item.strip())
    return names


#: Tools that change files or run commands: ``permissionMode: plan`` takes them away.
WRITE_TOOLS: tuple[str, ...] = ("Write", "Edit", "MultiEdit", "NotebookEdit", "Bash")


class PermissionMode(StrEnum):
    """Claude Code's permission modes (an agent's ``permissionMode``, a settings file's
    ``permissions.defaultMode``), as written there. Values read stay the plain strings."""

    DEFAULT = "default"
    ACCEPT_EDITS = "acceptEdits"
    DONT_ASK = "dontAsk"
    PLAN = "plan"
    AUTO = "auto"
    BYPASS_PERMISSIONS = "bypassPermissions"


#: Claude Code's permission modes, mapped to what a non-interactive run can honour.
PERMISSION_MODES: dict[str, FieldInfo] = {
    PermissionMode.DEFAULT: FieldInfo(
        Support.HONOURED,
        "nobody is asked: the agent's tools run, Bash only with --allow-bash",
    ),
    PermissionMode.ACCEPT_EDITS: FieldInfo(
        Support.HONOURED, "edits inside the workspace are accepted, as every run does"
    ),
    PermissionMode.DONT_ASK: FieldInfo(
        Support.HONOURED,
        "nobody is asked: reads run; Write, Edit, Bash and MCP calls run only when a "
        "permissions.allow rule of the settings pre-approves them",
    ),
    PermissionMode.PLAN: FieldInfo(
        Support.HONOURED, f"read-only: {', '.join(WRITE_TOOLS)} are removed from the tools"
    ),
    PermissionMode.AUTO: FieldInfo(
        Support.HONOURED,
        "nobody is asked (no classifier): as default; a hook's `ask` refuses the call",
    ),
    PermissionMode.BYPASS_PERMISSIONS: FieldInfo(
        Support.PARTIAL,
        "widens nothing: the workspace confinement stays and Bash still needs --allow-bash",
    ),
}

#: Other names Claude Code accepts for a permission mode (``manual``: ``default``, as its
#: interfaces label it, v2.1.200), in an agent's ``permissionMode`` and ``defaultMode``.
MODE_ALIASES: dict[str, str] = {"manual": PermissionMode.DEFAULT.value}

#: What coord does with a SKILL.md's ``allowed-tools`` (Claude Code: the listed tools run
#: without asking while the skill is active, every other tool as the permission settings
#: say): shown, never applied.
SKILL_TOOLS_NOTE = (
    "not applied: a coord run asks nobody, a skill is preloaded for the agent's whole run "
    "(not one turn), and a workspace skill is one an agent could write; a dontAsk agent's "
    "calls still need a permissions.allow rule of your own settings"
)
_TOOL_ENTRY = re.compile(r"[A-Za-z0-9_*-]+(?:\([^()]*\))?")


def skill_tools(value: object) -> tuple[list[str], str | None]:
    """The tool rules of a SKILL.md's ``allowed-tools`` (a YAML list, or one string of
    rules apart by spaces or commas: ``Read Grep Bash(git add *)``), or why it cannot be
    read: ``([], why)``."""
    if isinstance(value, str):
        text = value.strip()
        found = _TOOL_ENTRY.findall(text)
        rest = _TOOL_ENTRY.sub("", text).replace(",", " ").strip()
        if rest:
            return [], f"cannot read {clip(rest, 40)!r} as a tool rule (Read, Bash(git add *))"
        return found, None
    if isinstance(value, list):
        if not all(isinstance(v, str) and _TOOL_ENTRY.fullmatch(v.strip()) for v in value):
            bad = next(
                v for v in value if not isinstance(v, str) or not _TOOL_ENTRY.fullmatch(v.strip())
            )
            return [], f"entry {clip(repr(bad), 40)} is no tool rule (Read, Bash(git add *))"
        return [v.strip() for v in value], None
    kind = "a mapping" if isinstance(value, dict) else type(value).__name__
    return [], f"expected a list of tool rules or a string of them, not {kind}"


#: Model aliases Claude Code accepts (sub-agents add ``inherit``), checked 2026-11.
MODEL_ALIASES: frozenset[str] = frozenset(
    {
        "inherit",
        "default",
        "best",
        "sonnet",
        "opus",
        "haiku",
        "fable",
        "opusplan",
        "sonnet[1m]",
        "opus[1m]",
        "fable[1m]",
    }
)
_FULL_MODEL_ID = re.compile(r"^claude-[a-z0-9][a-z0-9.-]*(?:@[0-9]+)?(?:\[1m\])?$")


def model_error(name: str) -> str | None:
    """Why ``name`` is not a model Claude Code accepts, or None when it is."""
    if name in MODEL_ALIASES or _FULL_MODEL_ID.match(name):
        return None
    shown = name if len(name) <= 60 else name[:57] + "..."
    return (
        f"unknown model '{shown}' (expected an alias: "
        f"{', '.join(sorted(MODEL_ALIASES))}; or a full id such as claude-sonnet-5-5)"
    )


def check_model(name: str | None, configured: Iterable[str] = ()) -> str | None:
    """``name`` stripped, if it is a model Claude Code accepts; UserError otherwise.

    For ``--model`` and other places a person names a model; ``configured`` adds the aliases
    of the settings' ``models:`` table.
    """
    if name is None:
        return None
    error = None if name.strip() in set(configured) else model_error(name.strip())
    if error is not None:
        raise UserError(error, hint="Run with --model sonnet, opus, haiku or a claude-… id.")
    return name.strip()


@dataclass(frozen=True)
class FieldStatus:
    """What became of one frontmatter key of one file."""

    field: str
    line: int
    support: Support
    note: str


def field_info(key: str, value: object = None) -> FieldInfo:
    """The table entry for ``key`` (refined by its value for ``permissionMode`` and
    ``isolation``)."""
    if key == "permissionMode" and isinstance(value, str):
        value = MODE_ALIASES.get(value.strip(), value)
    if key == "permissionMode" and isinstance(value, str) and value in PERMISSION_MODES:
        return PERMISSION_MODES[value]
    if key == "permissionMode":
        return FieldInfo(Support.PARTIAL, f"unknown mode {value!r}: treated as default")
    if key == "isolation" and value is not None and str(value).strip().lower() != "worktree":
        return FieldInfo(Support.PARTIAL, f"unknown isolation {value!r}: only worktree is known")
    info = FIELDS.get(key)
    if info is None:
        return FieldInfo(Support.UNKNOWN, "not a Claude Code agent field; ignored")
    if HOME_NAMED in info.note:  # the folder as coord reads it (it said ~/.claude always)
        return FieldInfo(info.support, info.note.replace(HOME_NAMED, claude_home().named))
    return info


def field_statuses(keys: dict[str, int], values: dict[str, object]) -> list[FieldStatus]:
    """Every key of a file (``key -> line``) with how far it is honoured, in file order."""
    return [
        FieldStatus(key, line, info.support, info.note)
        for key, line in keys.items()
        for info in (field_info(key, values.get(key)),)
    ]


def agent_fields(agent: AgentSpec) -> list[FieldStatus]:
    """Every frontmatter key of ``agent``'s file with how far it is honoured."""
    values = {"permissionMode": agent.permission_mode, "isolation": agent.extra.get("isolation")}
    return field_statuses(agent.keys, values)


@dataclass(frozen=True)
class FieldUse:
    """One frontmatter field across a roster: how many files use it, how far it is honoured."""

    field: str
    files: int
    support: Support
    note: str


def field_summary(agents: Iterable[AgentSpec]) -> list[FieldUse]:
    """Every field used by ``agents``, most used first, with its table entry.

    ``permissionMode`` is reported per value (``permissionMode: plan``) since each mode is
    honoured differently.
    """
    counts: dict[str, int] = {}
    infos: dict[str, FieldInfo] = {}
    for agent in agents:
        for status in agent_fields(agent):
            key = status.field
            if key == "permissionMode":
                key = f"permissionMode: {agent.permission_mode}"
            counts[key] = counts.get(key, 0) + 1
            infos[key] = FieldInfo(status.support, status.note)
    order = sorted(counts, key=lambda k: (-counts[k], k))
    return [FieldUse(k, counts[k], infos[k].support, infos[k].note) for k in order]
