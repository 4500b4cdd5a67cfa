"""Claude Code hooks: where they come from, which ones match, and how far each is trusted.

Hooks are read, as Claude Code reads them, from the managed settings
(``/etc/claude-code/managed-settings.json``), ``~/.claude/settings.json`` (user),
``WORKSPACE/.claude/settings.json`` (project), ``WORKSPACE/.claude/settings.local.json``
(local), the hooks of the plugins the user's settings enable (their ``hooks/hooks.json`` and
manifest's ``hooks``: :func:`coordinator.roster.plugins.plugin_config`, listed and logged as
``plugin NAME@MARKETPLACE``, with ``CLAUDE_PLUGIN_ROOT`` and ``CLAUDE_PLUGIN_DATA`` in their
environment), an agent file's ``hooks:`` frontmatter (active only while that agent runs)
and an invoked skill's ``hooks`` (registered when the Skill tool invokes it, for the rest of
the session: :meth:`HookSet.add_skill`; confined as a workspace file's when agents can
write the SKILL.md; kept apart from the same handler of another source).
They are merged, not overridden: every matching hook of every source runs (managed ones
first), and the same command (or URL, prompt, MCP tool and input) configured twice for one
event runs once. Hook types: ``command`` (``async: true`` runs it in the background; so does
``asyncRewake``, whose exit 2 wakes the agent: :mod:`coordinator.runtime.hook_async`;
``shell: "powershell"`` runs it with ``pwsh``: :mod:`coordinator.runtime.hook_run`),
``http``, ``prompt``, ``agent`` (a sub-agent with Read, Grep and Glob:
:mod:`coordinator.runtime.hook_agent`) and ``mcp_tool`` (a configured MCP server's tool:
:mod:`coordinator.runtime.hook_mcp`). The shape is Claude Code's::

    {"hooks": {"PreToolUse": [{"matcher": "Edit|Write",
                               "hooks": [{"type": "command", "command": "...", "timeout": 30,
                                          "if": "Edit(*.ts)"}]}]}}

A handler's ``if`` (Claude Code's permission-rule syntax: ``Bash(git *)``, ``Edit(*.ts)``,
``mcp__server__tool``) is read at tool events only (PreToolUse, PostToolUse,
PostToolUseFailure): the hook runs only for a call the rule covers, matched as a
permission rule is (:func:`coordinator.runtime.permission_match.rule_matches`: a Bash command
part by part, paths gitignore-like, from the worktree in a worktree run, as its tools and
permission rules read them); at any other event such a hook never runs in Claude
Code, so it is not loaded (warned), nor is one whose rule cannot be read.
``statusMessage`` (a spinner's text: nobody watches a coord run) is accepted and changes
nothing, ``once`` too but in a skill's hooks (as in Claude Code: there it runs once a session,
then is removed); any other field a type does
not read is warned about and the hook loads without it, so a field added later never fails
a run. ``onFailure: "block"`` (command, http and mcp_tool hooks; Claude Code 2.1.295) makes
a hook that cannot start, times out or exits with a code other than 0 and 2 block as an
exit 2 would (:data:`FAILS_CLOSED_AT`: not at Stop/SubagentStop, as in Claude Code, nor on
an async hook: warned); a value that is neither ``block`` nor ``continue`` is warned about
and read as ``block`` on a PreToolUse hook (:func:`_fails_closed`).

Matchers (tool events: the tool's name; Subagent events: the agent's name;
InstructionsLoaded: its ``load_reason``: :mod:`coordinator.runtime.hook_loaded`; StopFailure,
fired when a run ends on a model API failure: its ``error`` type), as Claude Code
reads them: missing, ``""`` or ``*`` match everything; a matcher of only letters, digits,
``_``, ``-``, spaces, ``,`` and ``|`` is an exact name or a list of them (``Bash``,
``Edit|Write``, ``Edit, Write``; ``mcp__memory`` matches no tool); anything else is a
regular expression tested anywhere in the name, unanchored like JavaScript's
``RegExp.test`` (``^Notebook``, ``mcp__.*__read``; write ``^...$`` for a whole name).

Trust: a hook whose file lies inside the workspace (project and local settings, agent files
there) could have been written by an agent, so it is *confined*: it runs in the Bash sandbox
and only when the user allowed Bash. An ``http`` hook there is not loaded at all (a warning
says so): it would send what the hooks see out of the machine, which a confined command hook
(sandboxed, without network) cannot. A prompt or agent hook there runs without Bash (it
executes nothing), on the default model (its ``model`` ignored: the session's budget pays).
An ``mcp_tool`` hook there calls only a server the user named (defined in their own files,
or listed in their ``enabledMcpjsonServers``; ``enableAllProjectMcpServers`` approves a
repository's servers for agents, not for its hooks to call with inputs they chose); no
mcp_tool hook calls a tool the settings' deny (or ask) rules take. ``allowedHttpHookUrls`` and
``httpHookAllowedEnvVars``
restrict the http hooks loaded (:meth:`HookSet.admit`); they are read from the managed and
user settings only, since the lists merge and a workspace file could otherwise widen them.
Hooks from the user's own files (and enabled plugins', which only the user's settings turn
on and whose folders lie outside the workspace) run as configured, but for one that runs a
file an agent can write (a script in the workspace outside its protected paths, such as
``scripts/check.sh``; ``.claude/hooks/`` is protected): it is confined like a workspace hook,
with a warning (:func:`confine_workspace_scripts`).
``disableAllHooks: true`` in the user file turns every hook off but the managed ones (the
plugins' too, as ``--no-hooks`` does); in a workspace file, only that workspace's hooks (a
file an agent can write never turns off the user's guards, nor a plugin's). Managed hooks
are the administrator's, as in Claude Code: only the managed file's own ``disableAllHooks``
turns them off (not another file's, nor ``--no-hooks``), and its ``allowManagedHooksOnly:
true`` leaves every other hook (user, project, local, agent files, the plugins the user
enables) unloaded but those of the plugins the managed file's ``enabledPlugins`` turns on,
as Claude Code's settings reference says; its ``strictPluginOnlyCustomization`` (``true``
or a list naming ``"hooks"``) leaves the user's, project's and local settings' hooks
unread. Hooks are read once when a session starts, as
Claude Code snapshots them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from coordinator.claude_home import MANAGED_SETTINGS, claude_home, read_managed
from coordinator.config import is_inside, is_reached_through
from coordinator.roster.spec import AgentSpec, Problem
from coordinator.runtime.permission_match import rule_matches
from coordinator.runtime.permission_paths import Call
from coordinator.runtime.permission_rules import Behavior, Rule, parse_rules
from coordinator.runtime.settings_lines import frontmatter_hook_lines, hook_lines
from coordinator.runtime.settings_read import read_settings, settings_text
from coordinator.sanitize import masked_url, register_url_credentials, safe_cut
from coordinator.tools.base import ToolError
from coordinator.tools.command_files import CHECKOUT_DIFFERS, writable_file_named
from coordinator.tools.implicit import ENV_LOADERS
from coordinator.tools.matching import Matcher
from coordinator.tools.programs import program_path
from coordinator.tools.run_time_words import COMPUTED, run_time_word
from coordinator.tools.workspace import written_by_agents

#: Claude Code's default command-hook timeout, in seconds (its hooks reference: 600).
DEFAULT_TIMEOUT = 600.0
#: Claude Code's default prompt-hook timeout, in seconds (its hooks reference: 30).
PROMPT_TIMEOUT = 30.0
#: Claude Code's default agent-hook and mcp_tool-hook timeout, in seconds (60).
AGENT_TIMEOUT = 60.0
PROJECT_SETTINGS = Path(".claude") / "settings.json"
LOCAL_SETTINGS = Path(".claude") / "settings.local.json"


class HookEvent(StrEnum):
    """The hook events this runtime fires (Claude Code's names)."""

    PRE_TOOL_USE = "PreToolUse"
    POST_TOOL_USE = "PostToolUse"
    POST_TOOL_USE_FAILURE = "PostToolUseFailure"
    POST_TOOL_BATCH = "PostToolBatch"
    USER_PROMPT_SUBMIT = "UserPromptSubmit"
    STOP = "Stop"
    SUBAGENT_STOP = "SubagentStop"
    SUBAGENT_START = "SubagentStart"
    INSTRUCTIONS_LOADED = "InstructionsLoaded"
    STOP_FAILURE = "StopFailure"
    #: A worktree run's worktree is made: the hooks make it in git's place and print its
    #: path (:mod:`coordinator.runtime.run_scope`); no matcher.
    WORKTREE_CREATE = "WorktreeCreate"
    #: A worktree run's worktree is about to be removed (its input ``worktree_path``).
    WORKTREE_REMOVE = "WorktreeRemove"
    #: A session starts (``source``: ``startup``, the matcher's subject): before the request's
    #: UserPromptSubmit; its context (plain stdout too) goes before the request (claude109).
    SESSION_START = "SessionStart"
    #: A session finishes (Complete, Needs Review, Failed: ``reason`` ``other``, the
    #: matcher's subject); its hooks only observe (claude109).
    SESSION_END = "SessionEnd"


#: Events Claude Code documents that a coord run never fires (accepted, never fired; its
#: hooks reference, 2026-08): the interactive program's (prompts, notifications, compaction,
#: task lists, teammates, settings and folder watches, MCP
#: elicitation), and ``PermissionDenied`` (auto mode's denials), not fired yet (compat81:
#: were warned of as unknown events, read as typos; worktree101: WorktreeCreate and
#: WorktreeRemove are fired; claude109: SessionStart and SessionEnd are fired).
UNFIRED_EVENTS = frozenset(
    """PermissionRequest Notification PreCompact PostCompact Setup
    UserPromptExpansion MessageDisplay PermissionDenied TaskCreated
    TaskCompleted TeammateIdle ConfigChange CwdChanged DirectoryAdded
    FileChanged Elicitation ElicitationResult""".split()
)
#: Events whose matcher is compared with a name (the tool's, or the agent's).
_MATCHED = frozenset(
    {
        HookEvent.PRE_TOOL_USE,
        HookEvent.POST_TOOL_USE,
        HookEvent.POST_TOOL_USE_FAILURE,
        HookEvent.SUBAGENT_START,
        HookEvent.SUBAGENT_STOP,
        HookEvent.INSTRUCTIONS_LOADED,  # (its load_reason)
        HookEvent.STOP_FAILURE,  # (its error type)
        HookEvent.SESSION_START,  # (its source)
        HookEvent.SESSION_END,  # (its reason)
    }
)
#: Events whose hooks only observe: their exit code, output and JSON change nothing (nor
#: does an ``async`` one's output reach the model, or its exit 2 wake it).
OBSERVERS = frozenset(
    {
        HookEvent.INSTRUCTIONS_LOADED,
        HookEvent.STOP_FAILURE,
        HookEvent.WORKTREE_REMOVE,
        HookEvent.SESSION_END,
    }
)
#: Events whose hooks may be ``prompt`` hooks (Claude Code runs only command hooks, and http
#: ones, at SubagentStart, InstructionsLoaded, SessionStart and SessionEnd; at StopFailure the model
#: API has just failed, and its output is ignored: a model call there would be spent for
#: nothing; a WorktreeCreate hook prints a path, which a model makes no folder for).
_PROMPTED = frozenset(HookEvent) - {
    HookEvent.SUBAGENT_START,
    HookEvent.INSTRUCTIONS_LOADED,
    HookEvent.STOP_FAILURE,
    HookEvent.WORKTREE_CREATE,
    HookEvent.WORKTREE_REMOVE,
    HookEvent.SESSION_START,
    HookEvent.SESSION_END,
}
#: Events where a hook's ``onFailure: "block"`` makes its failure (it cannot start, times
#: out, exits with a code other than 0 and 2) block as an exit 2 would. Claude Code ignores
#: it at Stop and SubagentStop (and its TaskCompleted, TeammateIdle); a hook that cannot
#: block (SubagentStart, an observer) has nothing to block.
FAILS_CLOSED_AT = frozenset(
    {
        HookEvent.PRE_TOOL_USE,
        HookEvent.POST_TOOL_USE,
        HookEvent.POST_TOOL_USE_FAILURE,
        HookEvent.POST_TOOL_BATCH,
        HookEvent.USER_PROMPT_SUBMIT,
    }
)


class HookKind(StrEnum):
    """What a hook runs: its ``type`` in the settings (:class:`Hook`)."""

    COMMAND = "command"
    HTTP = "http"
    PROMPT = "prompt"
    AGENT = "agent"
    MCP_TOOL = "mcp_tool"


class HookShell(StrEnum):
    """What runs a command hook: its ``shell`` in the settings (:attr:`Hook.shell` holds
    the plain value, as read)."""

    BASH = "bash"
    POWERSHELL = "powershell"  # run with ``pwsh`` (PowerShell 7)


#: The kinds that ask a model (a prompt hook's small one, an agent hook's sub-agent).
PROMPTED_KINDS = frozenset({HookKind.PROMPT, HookKind.AGENT})


class OnFailure(StrEnum):
    """A hook's ``onFailure`` (Claude Code 2.1.295): what its failure does."""

    #: The default: a non-blocking error, the action goes ahead (the Agent SDK's name).
    CONTINUE = "continue"
    #: The action is blocked, as by an exit 2.
    BLOCK = "block"


#: Tool events: the only ones whose hooks an ``if`` condition filters (Claude Code's; at
#: any other event a hook with ``if`` never runs, so it is not loaded).
_TOOL_EVENTS = frozenset(
    {HookEvent.PRE_TOOL_USE, HookEvent.POST_TOOL_USE, HookEvent.POST_TOOL_USE_FAILURE}
)
#: Handler fields read by every hook type (Claude Code's common fields). ``statusMessage``
#: (a spinner's text) has nobody to show it to; ``once`` Claude Code honours only in skills,
#: which carry no hooks in coord: both are accepted and change nothing.
_COMMON_FIELDS = frozenset({"type", "if", "timeout", "statusMessage", "once"})
#: The fields each hook type reads besides the common ones (others are warned about).
_TYPE_FIELDS = {
    HookKind.COMMAND: frozenset({"command", "async", "asyncRewake", "shell", "onFailure"}),
    HookKind.HTTP: frozenset({"url", "headers", "allowedEnvVars", "onFailure"}),
    HookKind.PROMPT: frozenset({"prompt", "model"}),
    HookKind.AGENT: frozenset({"prompt", "model"}),
    HookKind.MCP_TOOL: frozenset({"server", "tool", "input", "onFailure"}),
}
#: How long the matcher of a hook an agent could have written may take on one name.
MATCHER_SECONDS = 5.0
#: Matchers that were stopped at :data:`MATCHER_SECONDS`: each counts as matching from then.
_TOO_SLOW: set[str] = set()
#: A matcher of these characters only is an exact name or a list of names.
_PLAIN = re.compile(r"^[A-Za-z0-9_\-\s,|]+$")
_LIST_SEP = re.compile(r"[\s,|]+")


@functools.lru_cache(maxsize=1024)
def matched_apart(matcher: str, name: str) -> bool:
    """``re.search(matcher, name)`` for the matcher of a confined hook (an agent could have
    written its file: ``sub/.claude/settings.json``, an agent file there), in a child
    process under :data:`MATCHER_SECONDS` (:class:`~coordinator.tools.matching.Matcher`):
    ``(?:.*){400}!`` against ``Bash`` backtracks for hours holding the GIL, and the event
    loop choosing the hooks of a tool call stopped, every session of the process and
    Ctrl-C with it. One stopped at the deadline counts as matching (the hook runs, in the
    sandbox: a guard is not dropped by its own matcher), with any name from then on.
    Once per matcher and name."""
    try:
        regex = re.compile(matcher)
    except re.error:
        return False
    if matcher in _TOO_SLOW:
        return True
    try:
        with Matcher(regex, f"the hook matcher {matcher!r}", MATCHER_SECONDS) as apart:
            return apart.search([name])[0]
    except ToolError:
        _TOO_SLOW.add(matcher)
        return True


class HookSource(StrEnum):
    """Where a hook was configured."""

    MANAGED = "managed"
    USER = "user"
    PROJECT = "project"
    LOCAL = "local"
    PLUGIN = "plugin"
    AGENT = "agent"
    #: A SKILL.md's ``hooks``, registered when the skill is invoked (:meth:`HookSet.add_skill`).
    SKILL = "skill"


@dataclass(frozen=True)
class Hook:
    """One configured hook. ``confined``: an agent could have written it. ``kind``
    ``command`` runs ``command`` (in the background when ``background``: Claude Code's
    ``async: true``); ``http`` POSTs to ``url`` with ``headers`` (their ``$VAR`` filled
    only from ``allowed_env_vars``); ``prompt`` asks a small model ``prompt`` (``model``:
    its own model, None for the default); ``agent`` gives ``prompt`` to a sub-agent with
    read-only file tools; ``mcp_tool`` calls ``tool`` of the MCP server ``server`` with
    ``mcp_input`` (a JSON object, as text). ``condition``: its ``if`` rule (tool events
    only; None: every call its matcher selects). ``rewake``: Claude Code's ``asyncRewake``
    (in the background; its exit 2 wakes the agent). ``shell``: ``bash`` or ``powershell``.
    ``fail_closed``: its ``onFailure: "block"`` holds (:data:`FAILS_CLOSED_AT`): a failure
    to start, a timeout or an exit other than 0 and 2 blocks, as an exit 2 would."""

    event: HookEvent
    matcher: str
    command: str
    timeout: float
    source: HookSource
    path: Path
    confined: bool
    agent: str | None = None
    kind: HookKind = HookKind.COMMAND
    url: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    allowed_env_vars: tuple[str, ...] = ()
    prompt: str = ""
    model: str | None = None
    background: bool = False
    server: str = ""
    tool: str = ""
    mcp_input: str = "{}"
    condition: Rule | None = None
    rewake: bool = False
    shell: str = HookShell.BASH.value
    #: What made a hook of the user's own file confined (what it runs: :func:`confined_by`).
    why: str = ""
    #: Read from an agents folder only a worker's database row names, not its own settings
    #: (:meth:`HookSet.add_agent`'s ``untrusted``): confined for that.
    row_named: bool = False
    #: An enabled plugin's hook: its ``NAME@MARKETPLACE``, and what its command's
    #: environment adds (``CLAUDE_PLUGIN_ROOT``, ``CLAUDE_PLUGIN_DATA``).
    plugin: str = ""
    plugin_env: tuple[tuple[str, str], ...] = ()
    fail_closed: bool = False
    #: An invoked skill's hook: the skill's name (the hook runs for the rest of the session).
    skill: str = ""
    #: A skill's hook with ``once: true``: removed once it has run (:meth:`HookSet.ran`).
    once: bool = False
    #: Its line in ``path`` (from 1; 0: not known, as for a frontmatter's hooks).
    line: int = 0

    @property
    def file_line(self) -> str:
        """``settings.json:12``: its file's name, and its line when known."""
        return f"{self.path.name}:{self.line}" if self.line else self.path.name

    @property
    def path_line(self) -> str:
        """``/ws/.claude/settings.json:12``: its file's path, and its line when known (as a
        permission rule's :meth:`~coordinator.runtime.permission_rules.Rule.label` says it)."""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    @property
    def origin(self) -> str:
        """Where it was configured, as listings and the ``hook`` event say it: ``user``,
        ``project``..., ``plugin NAME@MARKETPLACE`` or ``skill NAME``."""
        named = self.plugin or self.skill
        return f"{self.source.value} {named}" if named else self.source.value

    @property
    def handler(self) -> str:
        """What the hook runs: its command, its URL (an http hook), its prompt (a prompt or
        agent hook) or its MCP tool and input."""
        if self.kind == HookKind.HTTP:
            return self.url
        if self.kind == HookKind.MCP_TOOL:
            return f"{self.server}/{self.tool} {self.mcp_input}"
        return self.prompt if self.kind in PROMPTED_KINDS else self.command

    @property
    def once_id(self) -> str:
        """What names a skill's ``once`` hook in the ``hook`` event of its run ("" for any
        other hook): a digest of its skill, SKILL.md, event, matcher, ``if`` rule and whole
        handler, as it reads back from the stored ``skill_invoked`` event (a resume removes
        just the ``once`` hooks that ran, not another with the same command)."""
        if not self.once:
            return ""
        rule = self.condition.text if self.condition is not None else None
        said = [self.skill, str(self.path), self.event.value, self.matcher, rule]
        said += [self.kind, self.handler, self.shell]
        return hashlib.sha256(json.dumps(said).encode()).hexdigest()[:16]

    @property
    def shown(self) -> str:
        """:attr:`handler` as listings, messages and the log show it: an http hook's URL
        masked (:func:`~coordinator.sanitize.masked_url`: its user information, a token
        in ``https://TOKEN@host``, whatever its length)."""
        return masked_url(self.url) if self.kind == HookKind.HTTP else self.handler

    def matches(self, name: str | None) -> bool:
        """True when this hook's matcher selects ``name`` (a tool or agent name, or an
        InstructionsLoaded ``load_reason``)."""
        if self.event not in _MATCHED or self.matcher in ("", "*") or name is None:
            return True
        if _PLAIN.match(self.matcher):
            return name in _LIST_SEP.split(self.matcher.strip())
        if self.confined:
            return matched_apart(self.matcher, name)
        try:
            return re.search(self.matcher, name) is not None
        except re.error:
            return False

    def applies(self, name: str | None, tool_input: object, root: Path) -> bool:
        """True when this hook's ``if`` rule (permission-rule syntax: ``Bash(git *)``,
        ``Edit(*.ts)``) covers the call of tool ``name`` with ``tool_input`` in ``root``, as
        a permission rule would; always without one."""
        if self.condition is None:
            return True
        args = tool_input if isinstance(tool_input, Mapping) else {}
        return name is not None and rule_matches(
            self.condition, Call(name, args, root, Path.home())
        )

    def label(self, *, whole_path: bool = False) -> str:
        """``PreToolUse[Bash] (project, settings.json:4): cmd`` for listings; with
        ``whole_path``, the file's path (:attr:`path_line`), as a refusal's rule names it
        (review144: a deny rule's named the path, a hook's only the file's name)."""
        what = {
            HookKind.HTTP: f"POST {self.shown}",
            HookKind.PROMPT: f"prompt: {self.prompt}",
            HookKind.AGENT: f"agent: {self.prompt}",
            HookKind.MCP_TOOL: f"mcp_tool: {self.server}/{self.tool}",
        }.get(self.kind, self.command + (" (async)" if self.background else ""))
        shown = what if len(what) <= 80 else safe_cut(what, 77) + "..."  # (scrubbed first)
        matcher = f"[{self.matcher}]" if self.matcher not in ("", "*") else ""
        condition = f" if {self.condition.text}" if self.condition is not None else ""
        owner = f"agent {self.agent}" if self.agent else self.origin
        where = self.path_line if whole_path else self.file_line
        return f"{self.event}{matcher}{condition} ({owner}, {where}): {shown}"


@dataclass
class HookSet:
    """Every hook of a session: from settings files, plus each agent's own (by agent name).

    ``warnings`` name hooks that were not loaded (bad shape, unknown event) with their file.
    ``enabled`` False: no hook runs. ``managed_only``: only the managed settings' hooks
    (``allowManagedHooksOnly``, or the others turned off): agents' own are not read, nor
    skills'. ``skill_hooks``: the hooks of the skills invoked in each session, by session id
    (:meth:`add_skill`).
    ``http_urls``/``http_env``: the settings' ``allowedHttpHookUrls`` and
    ``httpHookAllowedEnvVars`` (None: no restriction), applied by :meth:`admit`.
    """

    hooks: list[Hook] = field(default_factory=list)
    agent_hooks: dict[str, list[Hook]] = field(default_factory=dict)
    skill_hooks: dict[str, list[Hook]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    enabled: bool = True
    managed_only: bool = False
    http_urls: tuple[str, ...] | None = None
    http_env: tuple[str, ...] | None = None

    def admit(self, hooks: list[Hook], problems: list[str]) -> list[Hook]:
        """``hooks`` as the http policy leaves them (``problems`` gets a warning per hook
        left out): an http hook whose URL matches no ``allowedHttpHookUrls`` pattern is
        not loaded; its ``allowedEnvVars`` are narrowed to ``httpHookAllowedEnvVars``; the
        credentials a kept one's headers and URL carry are scrubbed from now on."""
        kept: list[Hook] = []
        for hook in hooks:
            if hook.kind != HookKind.HTTP:
                kept.append(hook)
            elif self.http_urls is not None and not _url_allowed(hook.url, self.http_urls):
                problems.append(
                    f"{hook.path}: {hook.event}: http hook {hook.shown} matches no "
                    "allowedHttpHookUrls pattern (entry ignored)"
                )
            elif self.http_env is not None:
                names = tuple(n for n in hook.allowed_env_vars if n in self.http_env)
                kept.append(replace(hook, allowed_env_vars=names))
            else:
                kept.append(hook)
        for hook in kept:  # what their headers will carry is scrubbed from the load on
            if hook.kind == HookKind.HTTP:
                from coordinator.runtime.hook_http import request_headers  # httpx: lazily

                request_headers(hook.headers, hook.allowed_env_vars)
                register_url_credentials(hook.url)  # ?token=… in its URL
        return kept

    def for_event(
        self,
        event: HookEvent,
        agent: str,
        name: str | None = None,
        call: tuple[object, Path] | None = None,
        session: str = "",
    ) -> list[Hook]:
        """The hooks to run for ``event`` in ``agent``'s run, matching ``name`` (and, for a
        hook with an ``if`` rule, the tool call ``call``: its input and the workspace); each
        command (or URL) once. An agent's ``Stop`` hooks run when that agent stops, whatever the
        event name (Claude Code turns a sub-agent's ``Stop`` into ``SubagentStop``). Then the
        hooks of the skills invoked in ``session`` so far, kept apart (Claude Code: "a
        plugin's or skill's copy of the same handler stays separate")."""
        if not self.enabled:
            return []
        stops = (HookEvent.STOP, HookEvent.SUBAGENT_STOP)
        own = [
            h
            for h in self.agent_hooks.get(agent, [])
            if h.event == event or (event in stops and h.event in stops)
        ]
        chosen: list[Hook] = []
        seen: set[tuple[str, str]] = set()
        for hook in [*(h for h in self.hooks if h.event == event), *own]:
            if hook.condition is not None and (call is None or not hook.applies(name, *call)):
                continue
            if (hook.kind, hook.handler) not in seen and hook.matches(name):
                seen.add((hook.kind, hook.handler))
                chosen.append(hook)
        for hook in self.skill_hooks.get(session, ()):
            if hook.event != event or not hook.matches(name):
                continue
            if hook.condition is None or (call is not None and hook.applies(name, *call)):
                chosen.append(hook)
        return chosen

    def add_skill(
        self,
        session: str,
        skill: str,
        value: object,
        path: Path,
        workspace: Path,
        written: bool,
        plugin_env: tuple[tuple[str, str], ...] = (),
    ) -> list[str]:
        """Register the ``hooks`` frontmatter ``value`` of the skill ``skill`` (its SKILL.md
        ``path``) invoked in ``session``, for the rest of it (once per SKILL.md; never when
        hooks are off or only managed ones run): confined, as a workspace settings file's,
        when agents can write it (``written``, or inside ``workspace``); ``plugin_env``: an
        enabled plugin's skill's ``CLAUDE_PLUGIN_ROOT`` and ``CLAUDE_PLUGIN_DATA``, set in
        its hooks' environment as in its plugin's hooks' (claude104). The warnings on
        entries not loaded."""
        if not self.enabled or self.managed_only or value is None:
            return []
        known = self.skill_hooks.setdefault(session, [])
        if any(h.path == path for h in known):
            return []
        confined = written or is_inside(path, workspace) or written_by_agents(path) is not None
        lines = frontmatter_hook_lines(path, value)
        hooks, problems = parse_hooks(value, HookSource.SKILL, path, confined, lines=lines)
        hooks = confine_workspace_scripts(hooks, workspace, problems)
        admitted = self.admit(hooks, problems)
        known.extend(replace(h, skill=skill, plugin_env=plugin_env) for h in admitted)
        return problems

    def ran(self, session: str, hooks: Iterable[Hook]) -> None:
        """``hooks`` ran in ``session``: those with ``once: true`` are removed from it."""
        done = [h for h in hooks if h.once]
        if done and session in self.skill_hooks:
            self.skill_hooks[session] = [h for h in self.skill_hooks[session] if h not in done]

    def forget_skills(self, session: str) -> None:
        """Drop ``session``'s skill hooks from memory (read again from its events)."""
        self.skill_hooks.pop(session, None)

    def add_agent(
        self, name: str, value: object, path: Path, workspace: Path, untrusted: Sequence[Path] = ()
    ) -> None:
        """Read an agent file's ``hooks:`` frontmatter (once per agent; never when only
        managed hooks run); confined when an agent could have written the file, or it lies
        in one of the ``untrusted`` folders (a worker's: those a row of the store named)."""
        if name in self.agent_hooks or self.managed_only:
            return
        row_named = any(is_inside(path, folder) for folder in untrusted)
        confined = row_named or is_inside(path, workspace) or written_by_agents(path) is not None
        lines = frontmatter_hook_lines(path, value)
        hooks, problems = parse_hooks(
            value, HookSource.AGENT, path, confined, agent=name, lines=lines
        )
        if row_named:
            hooks = [replace(hook, row_named=True) for hook in hooks]
        hooks = confine_workspace_scripts(hooks, workspace, problems)
        self.agent_hooks[name] = self.admit(hooks, problems)
        self.warnings.extend(problems)

    def fires(self, event: HookEvent, agent: str, session: str = "") -> bool:
        """Whether some hook of ``event`` may run in ``agent``'s run (its matcher aside)."""
        if not self.enabled:
            return False
        own = [*self.agent_hooks.get(agent, ()), *self.skill_hooks.get(session, ())]
        return any(h.event == event for h in self.hooks) or any(h.event == event for h in own)

    @property
    def configured(self) -> bool:
        """Whether the session has a hook at all (settings files' or agents'): with none,
        its engine needs no hook gate, and a run's final turn is stored with the step that
        acts on it, as with ``--no-hooks``."""
        return bool(self.hooks) or any(self.agent_hooks.values())

    @property
    def rewakes(self) -> bool:
        """Whether some hook of the session is an ``asyncRewake`` one."""
        every = [*self.hooks, *(h for hs in self.agent_hooks.values() for h in hs)]
        return any(h.rewake for h in every)

    def every(self) -> list[Hook]:
        """Every configured hook: the settings' first, then the agents'."""
        return [*self.hooks, *(h for hs in self.agent_hooks.values() for h in hs)]

    def listing(self) -> list[str]:
        """One line per configured hook (:meth:`every`'s order), for ``coord run``."""
        return [h.label() for h in self.every()]


def load_hooks(
    workspace: Path,
    *,
    home: Path | None = None,
    enabled: bool = True,
    managed: Path | None = MANAGED_SETTINGS,
) -> HookSet:
    """The hooks of the settings files for ``workspace`` (managed, user, project, local).
    ``enabled`` False (``--no-hooks``): the managed ones only. ``managed``: the managed
    settings file (None: none). The http policy lists come from the managed and user
    settings only (merged, as Claude Code merges them): a workspace file could widen them."""
    notes: list[str] = []
    policy: dict[str, Any] | None = None
    if managed is not None:  # with its drop-in files
        policy = read_managed(managed, lambda path: read_settings(path, notes))
    if policy is not None and policy.get("disableAllHooks") is True:
        return HookSet(enabled=False)
    user = claude_home(home).settings
    trusted_user = enabled and not is_reached_through(user, workspace)  # no agent wrote it
    found = _http_policy([policy, read_settings(user, []) if trusted_user else None])
    found.warnings += notes  # (the user's file is told of with its hooks)
    if managed is not None and policy is not None:
        confined = is_reached_through(managed, workspace)
        lines = _managed_hook_lines(managed) if policy.get("hooks") else None
        hooks, problems = parse_hooks(
            policy.get("hooks"), HookSource.MANAGED, managed, confined, lines=lines
        )
        hooks = confine_workspace_scripts(hooks, workspace, problems)
        found.hooks.extend(found.admit(hooks, problems))
        found.warnings.extend(problems)
    if not enabled or _managed_hooks_only(policy, managed, found):
        found.managed_only = True
        if enabled:  # the plugins the administrator turns on are the administrator's
            from coordinator.roster.plugins import forced_on

            _add_plugins(found, workspace, home, managed, forced_on(policy))
        found.enabled = bool(found.hooks)
        return found
    from coordinator.roster.plugins import locked_surfaces

    locked = "hooks" in locked_surfaces(policy)
    _add_layers(found, workspace, (user, managed), home, locked)
    return found


def _managed_hook_lines(managed: Path) -> dict[str, list[list[int]]]:
    """The lines of the managed settings file's own hooks (:func:`hook_lines`). Its drop-in
    files' hooks come after them in each event's list (:func:`read_managed` appends what a
    later file adds), so they are read beyond these lines: named by the file alone."""
    return hook_lines(settings_text(managed, [])[1])


def _managed_hooks_only(
    policy: Mapping[str, Any] | None, managed: Path | None, found: HookSet
) -> bool:
    """Whether the managed settings ``policy`` (read from ``managed``; a file that cannot
    be read stopped the run already) keep hooks to the managed ones
    (``allowManagedHooksOnly``): ``true``, and, as Claude Code's "Keys that fail closed", a
    value that is not a boolean, a line on ``found`` saying so."""
    from coordinator.roster.command_plugins import HOOKS_ONLY_KEY

    value = policy.get(HOOKS_ONLY_KEY) if policy is not None else None
    if value is None or isinstance(value, bool) or managed is None:
        return value is True
    from coordinator.roster.plugins import fails_closed

    line = fails_closed(managed, HOOKS_ONLY_KEY, "true or false", False, "true: managed hooks only")
    found.warnings.append(f"{line.path}: {line.message}")
    return True


def _http_policy(files: list[dict[str, Any] | None]) -> HookSet:
    """An empty HookSet with the ``allowedHttpHookUrls`` and ``httpHookAllowedEnvVars`` of
    ``files`` (each list merged across them; unset everywhere: no restriction)."""

    def merged(key: str) -> tuple[str, ...] | None:
        lists = [d[key] for d in files if d is not None and isinstance(d.get(key), list)]
        return tuple(str(item) for found in lists for item in found) if lists else None

    return HookSet(
        http_urls=merged("allowedHttpHookUrls"), http_env=merged("httpHookAllowedEnvVars")
    )


def _url_allowed(url: str, patterns: tuple[str, ...]) -> bool:
    """True when ``url`` matches one of ``patterns`` (whole, ``*`` any run of characters)."""
    return any(
        re.fullmatch(".*".join(re.escape(part) for part in p.split("*")), url) for p in patterns
    )


def _add_layers(
    found: HookSet,
    workspace: Path,
    files: tuple[Path, Path | None],
    home: Path | None,
    locked: bool = False,
) -> None:
    """Add the user's, project's and local settings' hooks to ``found`` (after the managed
    ones), then the enabled plugins' (:func:`_add_plugins`; ``files``: the user's and the
    managed settings, which enable them), as far as their ``disableAllHooks`` leaves
    them. ``locked``: the managed settings lock hooks to plugins
    (``strictPluginOnlyCustomization``): the three files' hooks are not read (a line each)."""
    user, managed_file = files
    layers = [
        (HookSource.USER, user),
        (HookSource.PROJECT, workspace / PROJECT_SETTINGS),
        (HookSource.LOCAL, workspace / LOCAL_SETTINGS),
    ]
    managed = list(found.hooks)
    disabled: set[bool] = set()
    for source, path in layers:
        data, text = settings_text(path, found.warnings)
        if data is None:
            continue
        confined = is_reached_through(path, workspace)
        if data.get("disableAllHooks") is True:
            disabled.add(confined)
        if locked:
            found.warnings += [f"{path}: {LOCKED_NOTE}"] if data.get("hooks") else []
            continue
        lines = hook_lines(text) if data.get("hooks") else None
        hooks, problems = parse_hooks(data.get("hooks"), source, path, confined, lines=lines)
        hooks = confine_workspace_scripts(hooks, workspace, problems)
        found.hooks.extend(found.admit(hooks, problems))
        found.warnings.extend(problems)
    _add_plugins(found, workspace, home, managed_file)
    if False in disabled:  # the user's own file turns every hook off but the managed ones
        found.hooks = managed
        found.managed_only = True
        found.enabled = bool(managed)
    elif True in disabled:
        found.hooks = [h for h in found.hooks if not h.confined or h.source == HookSource.MANAGED]


#: Why a settings file's hooks are not read under ``strictPluginOnlyCustomization``.
LOCKED_NOTE = (
    "hooks ignored: the managed settings lock hooks to plugins and the managed file "
    "(strictPluginOnlyCustomization)"
)


def _add_plugins(
    found: HookSet,
    workspace: Path,
    home: Path | None,
    managed: Path | None,
    only: frozenset[str] | None = None,
) -> None:
    """Add the hooks of the plugins the user's settings enable (:mod:`coordinator.roster.
    plugins`: none below a folder agents ran in; a workspace file's ``false`` turns none
    off, as its ``disableAllHooks`` does not) to ``found``: the user's own, as their
    settings' hooks are (their files lie outside the workspace), each labelled with its
    plugin, ``${CLAUDE_PLUGIN_ROOT}`` and ``${CLAUDE_PLUGIN_DATA}`` expanded and set in its
    command's environment. ``only``: the plugins whose hooks are read (None: every
    enabled one; ``allowManagedHooksOnly``: those the managed settings turn on)."""
    from coordinator.roster.plugins import HOOKS, enabled_plugins, plugin_config

    for plugin in enabled_plugins(workspace, home, managed, guards=True).found:
        if only is not None and plugin.id not in only:
            continue
        notes: list[Problem] = []
        env = tuple(plugin.variables.items())
        for path, value in plugin_config(plugin, HOOKS, notes):
            confined = is_inside(path, workspace)
            lines = hook_lines(settings_text(path, [])[1])
            hooks, problems = parse_hooks(value, HookSource.PLUGIN, path, confined, lines=lines)
            hooks = [replace(h, plugin=plugin.id, plugin_env=env) for h in hooks]
            hooks = confine_workspace_scripts(hooks, workspace, problems)
            found.hooks.extend(found.admit(hooks, problems))
            found.warnings.extend(problems)
        found.warnings += [f"{n.path}:{n.line}: {n.message}" for n in notes]


def confine_workspace_scripts(
    hooks: list[Hook],
    workspace: Path,
    problems: list[str],
    project: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[Hook]:
    """``hooks`` with each command hook of a trusted file that runs a file an agent can
    write (a script in the workspace, outside its protected paths such as
    ``.claude/hooks/``) made confined, as a hook an agent wrote: it would run the agent's
    code as the user. ``problems`` gets a line for each. ``environ``: the environment the
    hooks run with (default: coord's)."""
    kept: list[Hook] = []
    for hook in hooks:
        script = (
            None
            if hook.confined or hook.kind != HookKind.COMMAND
            else _workspace_file(hook, workspace, project, environ)
        )
        if script is not None:
            problems.append(f"{hook.path}: {hook.event}: {_named_hook(hook, script)}")
            hook = replace(hook, confined=True, why=confined_by(script))
        kept.append(hook)
    return kept


def _named_hook(hook: Hook, found: str) -> str:
    """:func:`_confined_note`, the hook's command named first when what it runs is computed
    when it runs (``read a; sh "$a"``): the line does not say which file it is."""
    note = _confined_note(found)
    if COMPUTED not in found:
        return note
    shown = hook.shown if len(hook.shown) <= 80 else safe_cut(hook.shown, 77) + "..."
    return f"hook {shown!r}: {note}"


def confined_by(found: str) -> str:
    """What a hook runs that an agent can rewrite, as a skip line says it: ``found``
    (:func:`~coordinator.tools.command_files.writable_file_named`'s), the environment's
    variable named as the user's (``with your PYTHONPATH, which names …``)."""
    variable = found.split(",", 1)[0]
    return f"with your {found}" if variable in (*ENV_LOADERS, "PATH") else found


def _confined_note(found: str) -> str:
    """The warning for a hook of the user's own file made confined by ``found``, with what
    to do: a script moved where agents cannot write, or the variable sending it into the
    workspace left out of coord's environment, or ``--allow-bash`` (sandboxed there)."""
    variable = found.split(",", 1)[0]
    if COMPUTED in found:
        return (
            f"{found}: coord cannot tell whether it runs a workspace file an agent can "
            "rewrite, so the hook runs as a workspace hook (sandboxed, only with "
            "--allow-bash); write the path or the command out in the hook"
        )
    if variable in (*ENV_LOADERS, "PATH"):
        return (
            f"the hook runs {confined_by(found)} in the workspace, where an agent can write "
            f"the code it loads, so it runs as a workspace hook (sandboxed, only with "
            f"--allow-bash); pass --allow-bash to run it there (without, it is skipped), or "
            f"start coord without {variable} naming the workspace (env -u {variable} coord …)"
        )
    advice = (
        "pass --allow-bash to run it there (without, it is skipped)"
        if ", which " in found  # a project's own file (package.json): none to move
        else "keep hook scripts in .claude/hooks/ (agents cannot write there) or outside"
    )
    return (
        f"the hook runs {found}, a workspace file an agent can rewrite, so it runs as a "
        f"workspace hook (sandboxed, only with --allow-bash); {advice}"
    )


def confined_now(
    hook: Hook,
    workspace: Path,
    project: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Hook:
    """``hook`` as :func:`confine_workspace_scripts` sees it now, as it is about to run: what
    its command runs may have appeared since the hooks were read (an agent wrote the
    Makefile ``make check`` reads, or the script the hook names). ``workspace``: where it
    runs (a worktree run's worktree); ``project``: its ``CLAUDE_PROJECT_DIR`` when that is
    elsewhere (the workspace, whose files it may name: looked into too); ``environ``: the
    environment it runs with (coord's with the settings' ``env`` over it, review120: a
    ``PYTHONPATH`` there naming the workspace ran the agent's module as the user)."""
    if hook.confined or hook.kind != HookKind.COMMAND:
        return hook
    if project is None or _workspace_file(hook, project, None, environ) is None:
        return confine_workspace_scripts([hook], workspace, [], project, environ)[0]
    return replace(hook, confined=True)


_PROJECT_DIR = re.compile(r"\$(?:\{CLAUDE_PROJECT_DIR\}|CLAUDE_PROJECT_DIR\b)")
#: PowerShell's ``$env:CLAUDE_PROJECT_DIR`` (``${env:…}``; its names ignore case).
_PWSH_PROJECT_DIR = re.compile(
    r"\$(?:\{env:CLAUDE_PROJECT_DIR\}|env:CLAUDE_PROJECT_DIR\b)", re.IGNORECASE
)
#: The shell's spellings of the folder a hook runs in, the workspace: ``$PWD``, ``${PWD}``,
#: ``$(pwd)``, a backquoted ``pwd``, and ``~+`` where a tilde expands (a word's start, after
#: an assignment's ``=`` or a ``:``). ``PYTHONUSERBASE=$PWD/.pyuser python3 ...`` named the
#: workspace as ``.pyuser`` does (review125).
_HERE = re.compile(
    r"\$(?:\{PWD\}|PWD\b)|\$\(\s*pwd(?:\s+-[LP])?\s*\)|`\s*pwd(?:\s+-[LP])?\s*`"
    r"|(?:^|(?<=[\s=:'\"]))~\+(?=/|$|[\s:'\"])"
)


def _workspace_file(
    hook: Hook,
    workspace: Path,
    project: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """The first word of ``hook``'s command naming a file in the workspace (as written, with
    ``$CLAUDE_PROJECT_DIR`` (``project``, else the workspace), ``$PWD`` (:data:`_HERE`) or
    relative to the workspace, where hooks run) that no agent is kept from writing, or what
    the environment it runs with (``environ``, default coord's) loads from there; None when
    there is none."""
    root = workspace.resolve()
    named = (project or workspace).resolve()
    text = hook.command
    if hook.shell == HookShell.POWERSHELL:  # ``\`` separates folders too; its ``$env:NAME``
        text = _PWSH_PROJECT_DIR.sub(lambda _: str(named), text.replace("\\", "/"))
    text = _PROJECT_DIR.sub(lambda _: str(named), text)
    text = _HERE.sub(lambda _: str(root), text)
    original = named if named != root else None  # (a worktree run's checkout: root)
    found = writable_file_named(root, command_words(text), environ, original)
    if found is None and hook.shell != HookShell.POWERSHELL:
        found = run_time_word(text)  # (fails closed: what it runs is not known yet)
    elif found is not None and found.endswith(CHECKOUT_DIFFERS):  # (review145)
        word = found.removesuffix(f" {CHECKOUT_DIFFERS}")
        found += f', or name it "$CLAUDE_PROJECT_DIR"/{word} to run the workspace\'s'
    return found


def command_words(command: str) -> list[str]:
    """A hook's command line's words, as a shell splits them (an unbalanced quote: the
    words as they stand), its ANSI-C quoted strings read as bash reads them
    (:func:`~coordinator.tools.implicit.ansi_c_decoded`); in time linear in its length
    (:func:`~coordinator.runtime.shell_words.split_words`)."""
    from coordinator.runtime.shell_words import split_words
    from coordinator.tools.implicit import ansi_c_decoded

    try:
        return split_words(ansi_c_decoded(command))
    except ValueError:
        return command.split()


def parse_hooks(
    value: object,
    source: HookSource,
    path: Path,
    confined: bool,
    *,
    agent: str | None = None,
    lines: Mapping[str, list[list[int]]] | None = None,
) -> tuple[list[Hook], list[str]]:
    """The hooks in a ``hooks`` mapping, and a warning per entry not loaded (or field not
    read); ``lines``: each hook's line in ``path``, by event and group
    (:func:`~coordinator.runtime.settings_lines.hook_lines` of its text)."""
    if value is None:
        return [], []
    if not isinstance(value, Mapping):
        return [], [f"{path}: hooks must be a mapping of event names"]
    hooks: list[Hook] = []
    problems: list[str] = []
    for name, groups in value.items():
        if str(name) in UNFIRED_EVENTS:
            problems.append(f"{path}: {name} hooks never fire in a coord run (ignored)")
            continue
        try:
            event = HookEvent(str(name))
        except ValueError:
            problems.append(f"{path}: unknown hook event '{name}' (ignored){_nearest(name)}")
            continue
        at = (lines or {}).get(str(name), [])
        for n, group in enumerate(groups if isinstance(groups, list) else [groups]):
            group_lines = at[n] if n < len(at) else []
            found, bad = _group(group, event, source, path, confined, agent, group_lines)
            hooks.extend(found)
            problems.extend(bad)
    return hooks, problems


def _nearest(name: object) -> str:
    """``"; did you mean PreToolUse?"`` for a misspelt event name (one Claude Code has,
    fired or not), else ""."""
    import difflib

    known = {e.lower(): e for e in [*(e.value for e in HookEvent), *sorted(UNFIRED_EVENTS)]}
    near = difflib.get_close_matches(str(name).lower(), list(known), n=1, cutoff=0.75)
    return f"; did you mean {known[near[0]]}?" if near else ""  # (names are case-sensitive)


def _group(
    group: object,
    event: HookEvent,
    source: HookSource,
    path: Path,
    confined: bool,
    agent: str | None,
    lines: list[int],
) -> tuple[list[Hook], list[str]]:
    if not isinstance(group, Mapping) or not isinstance(group.get("hooks"), list):
        return [], [f"{path}: a {event} entry needs a 'hooks' list (ignored)"]
    matcher = group.get("matcher") or ""
    if not isinstance(matcher, str):
        return [], [f"{path}: {event} matcher must be text (ignored)"]
    hooks: list[Hook] = []
    problems: list[str] = []
    for n, entry in enumerate(group["hooks"]):
        spec = entry if isinstance(entry, Mapping) else {}
        found = _entry(spec, event, path, confined, problems)
        condition = _condition(spec, event, path) if isinstance(found, dict) else None
        if isinstance(found, str) or isinstance(condition, str):
            problems.append(found if isinstance(found, str) else str(condition))
        else:
            once = source == HookSource.SKILL and spec.get("once") is True  # (skills only)
            line = lines[n] if n < len(lines) else 0
            hook = Hook(
                event, matcher, source=source, agent=agent, condition=condition, line=line, **found
            )
            hooks.append(replace(hook, once=True) if once else hook)
    return hooks, problems


def _condition(spec: Mapping[str, Any], event: HookEvent, path: Path) -> Rule | str | None:
    """A hook's ``if`` rule (permission-rule syntax), None without one, or why the hook is
    not loaded: a rule that cannot be read, or an ``if`` at an event that is not a tool
    event (Claude Code never runs such a hook)."""
    text = spec.get("if")
    if text is None:
        return None
    if event not in _TOOL_EVENTS:
        return f"{path}: {event}: 'if' is read at tool events only: the hook never runs (ignored)"
    rules, bad = parse_rules([text], Behavior.ALLOW, path) if isinstance(text, str) else ([], [])
    if not rules or bad:
        return f"{path}: {event}: cannot read the hook's 'if' rule {text!r} (entry ignored)"
    return rules[0]


def _entry(
    spec: Mapping[str, Any], event: HookEvent, path: Path, confined: bool, notes: list[str]
) -> dict[str, Any] | str:
    """One hook entry's fields (for :class:`Hook`), or the warning saying why it was not
    loaded (``notes`` gets a line per field read but not honoured). An http hook from a
    file an agent can write is not loaded: it could send what the hooks see anywhere (a
    workspace command hook runs in the Bash sandbox, offline)."""
    given = spec.get("type", "command")
    if not isinstance(given, str) or given not in _TYPE_FIELDS:  # a list is no key: no crash
        return f"{path}: {event}: unknown hook type {given!r} (entry ignored)"
    kind = HookKind(given)
    unknown = sorted(str(k) for k in spec if k not in _COMMON_FIELDS | _TYPE_FIELDS[kind])
    if unknown:
        fields = "field" if len(unknown) == 1 else "fields"
        notes.append(f"{path}: {event}: {kind} hook {fields} {', '.join(unknown)} not read")
    common: dict[str, Any] = {"path": path, "confined": confined}
    if kind in PROMPTED_KINDS:
        return _prompt_entry(spec, event, kind, common)
    if kind == HookKind.COMMAND:
        found = _command_entry(spec, event, common, notes)
    elif kind == HookKind.MCP_TOOL:
        found = _mcp_entry(spec, event, common)
    else:
        found = _http_entry(spec, event, common)
    if isinstance(found, dict) and "onFailure" in spec:
        where = f"{path}: {event}: {kind} hook"
        found["fail_closed"] = _fails_closed(spec["onFailure"], event, found, where, notes)
    return found


def _fails_closed(
    value: object, event: HookEvent, found: Mapping[str, Any], where: str, notes: list[str]
) -> bool:
    """Whether a hook's ``onFailure`` ``value`` makes it block when it fails (``notes`` gets
    one line, naming the file and the field, when it is read otherwise than written).
    ``"block"`` holds at :data:`FAILS_CLOSED_AT`, never for an async hook (Claude Code's
    runner skips it there: it blocks nothing); ``"continue"`` is the default. A value that
    is neither is read as ``"block"`` where the hook guards a tool call (PreToolUse: a
    guard written to fail closed must not fail open over a misspelling), else as the
    default."""
    if value not in (OnFailure.BLOCK, OnFailure.CONTINUE):
        strict = event == HookEvent.PRE_TOOL_USE and not found.get("background")
        reading = 'read as "block": it guards a tool call' if strict else "read as the default"
        notes.append(f'{where} onFailure {value!r:.40} is not "block" or "continue" ({reading})')
        return strict
    if value == OnFailure.CONTINUE:
        return False
    if found.get("background"):
        notes.append(f'{where} onFailure "block" is ignored on an async hook (it blocks nothing)')
        return False
    if event in (HookEvent.STOP, HookEvent.SUBAGENT_STOP):
        why = "as Claude Code ignores it: a hook that kept failing would keep the agent going"
    elif event not in FAILS_CLOSED_AT:
        why = "its hooks cannot block"
    else:
        return True
    notes.append(f'{where} onFailure "block" is ignored at {event} ({why})')
    return False


def _command_entry(
    spec: Mapping[str, Any], event: HookEvent, common: dict[str, Any], notes: list[str]
) -> dict[str, Any] | str:
    """A command hook's fields, or why it is not loaded. ``asyncRewake`` runs it in the
    background, its exit 2 waking the agent (as Claude Code does); ``shell`` is ``bash``
    or ``powershell`` (run with ``pwsh``), any other is not loaded."""
    path, command = common["path"], spec.get("command")
    if not isinstance(command, str) or not command.strip():
        return f"{path}: {event}: a command hook needs a 'command' (entry ignored)"
    shell = spec.get("shell", HookShell.BASH.value)
    if shell not in tuple(HookShell):
        return (
            f"{path}: {event}: command hooks run with bash or powershell "
            f"(shell {shell!r}; entry ignored)"
        )
    if shell == HookShell.POWERSHELL and program_path("pwsh") is None:
        notes.append(
            f"{path}: {event}: powershell hook {command!r} will be skipped: "
            "no pwsh (PowerShell 7) on PATH"
        )
    rewake = spec.get("asyncRewake") is True
    background = spec.get("async") is True or rewake
    timeout = _timeout(spec.get("timeout"))
    fields = {"background": background, "rewake": rewake, "shell": shell, "timeout": timeout}
    return {"command": command, **fields, **common}


def _prompt_entry(
    spec: Mapping[str, Any], event: HookEvent, kind: HookKind, common: dict[str, Any]
) -> dict[str, Any] | str:
    """A prompt (or agent) hook's fields, or why it is not loaded. Its ``model`` is
    honoured only from a file an agent cannot write: the calls are spent from the session's
    budget, so a workspace file must not choose a costlier model (it gets the default, small
    one)."""
    path = common["path"]
    prompt, model = spec.get("prompt"), spec.get("model")
    if event not in _PROMPTED:
        return f"{path}: {event}: Claude Code runs no {kind} hooks at {event} (entry ignored)"
    if not isinstance(prompt, str) or not prompt.strip():
        return f"{path}: {event}: a {kind} hook needs a 'prompt' (entry ignored)"
    chosen = model if isinstance(model, str) and model.strip() and not common["confined"] else None
    default = AGENT_TIMEOUT if kind == HookKind.AGENT else PROMPT_TIMEOUT
    timeout = _timeout(spec.get("timeout"), default)
    return {
        "command": "",
        "kind": kind,
        "prompt": prompt,
        "model": chosen,
        "timeout": timeout,
        **common,
    }


def _http_entry(
    spec: Mapping[str, Any], event: HookEvent, common: dict[str, Any]
) -> dict[str, Any] | str:
    """An http hook's fields, or why it is not loaded (see :func:`_entry`)."""
    path = common["path"]
    url = spec.get("url")
    if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
        return f"{path}: {event}: an http hook needs an http(s) 'url' (entry ignored)"
    try:
        _ = urlsplit(url).port  # (a port past 65535 had the POST raise out of the run)
    except ValueError as exc:
        return f"{path}: {event}: http hook 'url' {masked_url(url)}: {exc} (entry ignored)"
    if common["confined"]:
        return (
            f"{path}: {event}: http hooks are read only from the user's and managed "
            "settings (an agent could have written this file to send data out; entry ignored)"
        )
    headers, allowed = spec.get("headers") or {}, spec.get("allowedEnvVars") or []
    if not isinstance(headers, Mapping) or not isinstance(allowed, list):
        return f"{path}: {event}: http hook headers must be a mapping (entry ignored)"
    pairs = tuple((str(k), str(v)) for k, v in headers.items())
    names = tuple(str(n) for n in allowed)
    http = {"url": url, "headers": pairs, "allowed_env_vars": names}
    timeout = _timeout(spec.get("timeout"))
    return {"command": "", "kind": HookKind.HTTP, **http, "timeout": timeout, **common}


def _mcp_entry(
    spec: Mapping[str, Any], event: HookEvent, common: dict[str, Any]
) -> dict[str, Any] | str:
    """An mcp_tool hook's fields, or why it is not loaded: ``server`` (a configured
    server's name), ``tool`` (without the ``mcp__server__`` prefix), ``input`` (an
    object; ``${path}`` in its text filled when it runs), ``timeout`` (60 s)."""
    path = common["path"]
    server, tool, given = spec.get("server"), spec.get("tool"), spec.get("input", {})
    if not isinstance(server, str) or not server.strip():
        return f"{path}: {event}: an mcp_tool hook needs a 'server' (entry ignored)"
    if not isinstance(tool, str) or not tool.strip():
        return f"{path}: {event}: an mcp_tool hook needs a 'tool' (entry ignored)"
    if not isinstance(given, Mapping):
        return f"{path}: {event}: an mcp_tool hook's 'input' must be an object (entry ignored)"
    try:  # frontmatter is YAML: a date, or keys of mixed types, are no JSON object
        text = json.dumps(given, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return f"{path}: {event}: an mcp_tool hook's 'input' must be a JSON object (entry ignored)"
    timeout = _timeout(spec.get("timeout"), AGENT_TIMEOUT)
    fields = {"server": server.strip(), "tool": tool.strip(), "mcp_input": text}
    return {"command": "", "kind": HookKind.MCP_TOOL, **fields, "timeout": timeout, **common}


def _timeout(value: object, default: float = DEFAULT_TIMEOUT) -> float:
    """A hook's ``timeout`` in seconds (Claude Code's unit); ``default`` when missing/bad."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return default


def session_hooks(
    workspace: Path,
    agents: Iterable[AgentSpec],
    *,
    enabled: bool = True,
    home: Path | None = None,
    managed: Path | None = MANAGED_SETTINGS,
    untrusted: Sequence[Path] = (),
) -> HookSet:
    """Every hook of a session: the settings files', then each agent's ``hooks:`` (none
    when only managed hooks run; confined from the ``untrusted`` agents folders)."""
    found = load_hooks(workspace, home=home, enabled=enabled, managed=managed)
    if not found.enabled or found.managed_only:
        return found
    for spec in agents:
        value = spec.extra.get("hooks")
        if value is not None:
            found.add_agent(spec.name, value, spec.source or workspace, workspace, untrusted)
    return found
