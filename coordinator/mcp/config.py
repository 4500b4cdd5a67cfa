"""Which MCP servers an agent gets, and what their tools are called (no SDK import).

Definitions come from, first found wins (Claude Code's local > project > user scopes):
``~/.claude.json``'s entry for the project (``projects[<workspace>]``), the workspace's
``.claude/settings.local.json``, ``.claude/settings.json`` and ``.mcp.json``, then the
user's ``~/.claude/settings.json`` and ``~/.claude.json`` (each with an ``mcpServers``
mapping), then the servers of the plugins the user's settings enable (their ``.mcp.json``
and manifest's ``mcpServers``: :func:`coordinator.roster.plugins.plugin_config`), named
``plugin:NAME:SERVER`` as Claude Code names them (tools ``mcp__plugin_NAME_SERVER__TOOL``):
the user's own, since only the user's settings turn a plugin on and its folder lies
outside the workspace (one below a folder agents ran in is left out; a name two plugins
define is neither's). An agent's
``mcpServers`` frontmatter lists server names (a reference to one of those definitions)
or inline definitions (``{name: config}``), as Claude Code's sub-agent files do.

Trust: a file inside the workspace may have been written by an agent, so a server defined
there (``.mcp.json``, the workspace's ``.claude/settings*.json``, an agent file inside the
workspace) is started only when the user approved it outside the workspace, the way Claude
Code approves project servers: ``enableAllProjectMcpServers: true`` or the name in
``enabledMcpjsonServers`` (and not in ``disabledMcpjsonServers``) of
``~/.claude/settings.json`` or ``~/.claude.json`` (top level, or its entry for the project,
where Claude Code records approvals). The workspace's own settings cannot approve anything.
Code an agent could have written never runs as the user: a stdio server that runs a
workspace file an agent can rewrite (``node ./mcp/server.js``), or whose definition lies where
an agent's command could have written it (a ``.mcp.json``, settings or agent file inside a
workspace coord ran in, outside that workspace's protected paths: ``sub/.mcp.json`` when a
later ``coord run -w sub`` reads it) is *confined* (:attr:`ServerConfig.confined`): it runs in
the Bash sandbox, and only when Bash is allowed (a workspace hook's rule); such an HTTP server
is not started (it would send its headers where the file says).
Servers the user defined outside the workspace need no approval; the user's own files count
as the workspace's when it holds them (a workspace holding the home folder).

Tools are named ``mcp__<server>__<tool>``; the agent's ``tools``/``disallowedTools`` apply
with Claude Code's patterns: ``mcp__server`` (every tool of the server), ``mcp__server__*``,
``mcp__server__tool``, and ``*`` wildcards.
"""

from __future__ import annotations

import json
import os
import re
from collections import ChainMap
from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fnmatch import fnmatchcase
from math import isfinite
from pathlib import Path
from typing import Any

from coordinator.claude_home import USER_FILE, claude_home
from coordinator.clip import clip
from coordinator.mcp.limit_vars import CALL_TIMEOUT_VAR as CALL_TIMEOUT_VAR
from coordinator.mcp.limit_vars import STARTUP_TIMEOUT_VAR as STARTUP_TIMEOUT_VAR
from coordinator.mcp.policy import VARIABLE as _VAR
from coordinator.mcp.policy import Expander, ServerPolicy, uses_variables
from coordinator.roster.fields import ResourceTool, mcp_prefix
from coordinator.roster.spec import AgentSpec
from coordinator.sanitize import (
    credential_name,
    register_by_name,
    register_header,
    register_sent,
    register_url_credentials,
)
from coordinator.tools.command_files import CHECKOUT_DIFFERS, writable_file_named
from coordinator.tools.run_time_words import COMPUTED, run_time_word
from coordinator.tools.running import MadeMeanwhile, read_unmade
from coordinator.tools.workspace import written_by_agents

#: In a worker: the agent definitions of its own files (None: not a worker). Any other
#: definition came from a row of the shared store (a run's stored snapshot, a folder only
#: the row names), which anyone with access to the database can write: the servers it
#: defines inline are treated as an agent's (:func:`row_written`).
WORKER_AGENTS: ContextVar[tuple[AgentSpec, ...] | None] = ContextVar(
    "coord_worker_agents", default=None
)
#: Why a server a row defined runs confined.
_ROW_WHY = "is defined by an agent definition a row of the shared store gave"

#: The Messages API accepts tool names of at most this many characters.
MAX_TOOL_NAME = 64
#: The server name Claude Code keeps for its own use: a definition so named is skipped.
RESERVED_NAME = "workspace"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


class Transport(StrEnum):
    """How coord talks to a server."""

    STDIO = "stdio"
    HTTP = "http"
    SSE = "sse"  # the older HTTP+SSE transport, still accepted by Claude Code


@dataclass(frozen=True)
class ServerConfig:
    """One MCP server definition, variables expanded."""

    name: str
    transport: Transport
    source: str  # the file (or agent file) that defined it
    trusted: bool  # defined outside the workspace, or approved by the user
    command: str = ""
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    url: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    #: Why it runs in the Bash sandbox ("" when it runs as the user): an agent could have
    #: written its code or its definition.
    confined: str = ""
    #: Seconds one tool call may take, from the definition's ``timeout`` (milliseconds, as
    #: Claude Code reads it); None: ``MCP_TOOL_TIMEOUT``'s (:func:`server_timeout`).
    timeout: float | None = None
    #: An agent could have written its definition: its ``timeout`` may shorten the user's
    #: limit (``MCP_TOOL_TIMEOUT``, else 600 s), never lengthen it
    #: (:func:`~coordinator.mcp.client.own_timeout`).
    defined_by_agents: bool = False
    #: An http or sse server's ``headersHelper``: a command printing headers at each
    #: connection (:mod:`coordinator.mcp.headers_helper`; "": none).
    headers_helper: str = ""
    #: :data:`STARTUP_TIMEOUT_VAR` and :data:`CALL_TIMEOUT_VAR` as the user's (and managed)
    #: settings ``env`` sets them, over coord's environment (as Claude Code sets that
    #: ``env`` in its process: review141); empty: coord's environment's.
    timeouts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AgentServers:
    """An agent's servers, ready to start, and what could not be used (one line each)."""

    servers: list[ServerConfig]
    problems: list[str]


@dataclass(frozen=True)
class Unusable:
    """Why the server an mcp_tool hook names may not be called (:func:`hook_server`);
    ``written``: the definition that decided it is one an agent, or a repository, could
    have written (in the workspace, or below a folder coord ran agents in), so that a
    guard it made unusable must not let the call it guards through."""

    why: str
    written: bool = False


class DefinitionError(ValueError):
    """A server definition that cannot be used."""


def tool_name(server: str, tool: str) -> str:
    """``mcp__<server>__<tool>``, characters the API refuses replaced by ``_``."""
    return f"{mcp_prefix(server)}__{_UNSAFE.sub('_', tool)}"


def pattern_matches(pattern: str, server: str, full_name: str) -> bool:
    """Whether a ``tools``/``disallowedTools`` entry names the MCP tool ``full_name``."""
    pattern = pattern.strip()
    if pattern == mcp_prefix(server):
        return True
    return fnmatchcase(full_name, pattern)


def server_denied(pattern: str, server: str) -> bool:
    """Whether a deny rule's tool name takes every tool of ``server`` (``mcp__server``,
    ``mcp__server__*``, or any pattern ending in ``*`` that covers ``mcp__server__``:
    ``mcp__*``, ``mcp__se*``, whose last ``*`` takes whatever tool name follows)."""
    whole, pattern = mcp_prefix(server), pattern.strip()
    return pattern == whole or (pattern.endswith("*") and fnmatchcase(f"{whole}__", pattern))


def allowed(agent: AgentSpec, server: str, full_name: str) -> bool:
    """Whether ``agent``'s tools/disallowedTools let it use the MCP tool ``full_name``.

    ``tools`` missing means every tool, as in Claude Code; otherwise the tool (or its
    server) must be listed. ``disallowedTools`` wins.
    """
    if any(pattern_matches(p, server, full_name) for p in agent.disallowed_tools):
        return False
    return agent.tools is None or any(pattern_matches(p, server, full_name) for p in agent.tools)


def resource_tool_names(agent: AgentSpec, denied: Iterable[str] = ()) -> list[ResourceTool]:
    """The resource tools (:mod:`coordinator.mcp.resources`) ``agent``'s ``tools`` (missing:
    every tool) lists and its ``disallowedTools`` and ``denied`` (the settings' bare deny
    rules' tool names) leave, once a server of its is connected."""
    from coordinator.tools.base import names_whole_tool, tool_base_name

    wanted = None if agent.tools is None else {tool_base_name(t) for t in agent.tools}
    gone = {tool_base_name(t) for t in agent.disallowed_tools if names_whole_tool(t)}
    gone |= set(denied)
    return [t for t in ResourceTool if (wanted is None or t in wanted) and t not in gone]


# ---- definitions ------------------------------------------------------------------------


def parse_server(
    name: str,
    raw: object,
    source: str,
    trusted: bool,
    environ: Mapping[str, str],
    expandable: Collection[str] | None = None,
) -> ServerConfig:
    """One definition (``{type?, command, args, env}`` or ``{type: http, url, headers}``).

    ``${VAR}`` and ``${VAR:-default}`` are expanded in command, args, env, url and headers,
    as Claude Code does: the default only when VAR is unset (set but empty stays empty);
    a variable unset without a default is a DefinitionError naming every such variable.
    The credentials of a ``trusted`` definition (the user's own, or approved) are scrubbed
    from then on (:func:`_register_credentials`); an untrusted one's are never sent (its
    server is not started), and whoever wrote it (a cloned repository, an agent's command)
    must not choose what the store and the log hide. ``expandable``: the only variables
    it may name (a definition an agent could have written: what a sandboxed command gets);
    another is never read (``${VAR:-default}`` is its default, set or not), and one without
    a default is a DefinitionError, the server not started.
    """
    expand = Expander(environ, expandable)
    config = _parse(name, raw, source, trusted, expand)
    if expand.refused:
        raise DefinitionError(
            f"server '{name}' in {source}: its definition lies where an agent could have "
            f"written it, so it names no variable of coord's environment but "
            f"{', '.join(expandable or ())}; {', '.join(expand.refused)} not expanded and "
            "the server is not started (define it in your own settings to pass one)"
        )
    if expand.missing:
        several = len(expand.missing) > 1
        raise DefinitionError(
            f"server '{name}' in {source}: environment variable{'s' if several else ''} "
            f"{', '.join(expand.missing)} {'are' if several else 'is'} not set and "
            f"{'have' if several else 'has'} no default (${{VAR:-default}}); "
            "the server is not started"
        )
    unpassable = _unpassable(config)
    if unpassable is not None:
        raise DefinitionError(
            f"server '{name}' in {source}: {unpassable}, which no process or request can "
            "carry; the server is not started"
        )
    if trusted:
        _register_credentials(raw, config, environ)
    return config


def _unpassable(config: ServerConfig) -> str | None:
    """What of ``config``, expanded, no server's process or request could be given (a NUL
    byte, a lone surrogate: a ``\\u0000`` or ``\\ud800`` in the JSON or a variable's
    default), naming the field; None when every field can be."""
    fields = [
        ("command", config.command),
        *((f"args[{n}]", arg) for n, arg in enumerate(config.args)),
        *((f"env {key}", value) for key, value in config.env.items()),
        ("url", config.url),
        *((f"header {key}", value) for key, value in config.headers.items()),
    ]
    for name, text in fields:
        if "\x00" in text:
            return f"its {name} holds a NUL byte (U+0000)"
        try:
            text.encode("utf-8", "surrogateescape")  # (a byte argv carries: \\udcff)
        except UnicodeEncodeError as exc:
            return f"its {name} holds {exc.object[exc.start : exc.end]!a}, a lone surrogate"
    return None


def _register_credentials(raw: object, config: ServerConfig, environ: Mapping[str, str]) -> None:
    """Scrub the credentials ``config`` hands its server from now on
    (:func:`coordinator.sanitize.register_sent`): every variable expanded into a header,
    a credential-named one anywhere else, the value of a credential-named header or
    environment entry (``Authorization``, ``GITHUB_TOKEN``; a header's last word too, the
    token after ``Bearer``) and the password or key/token query values of its URL."""
    if not isinstance(raw, dict):  # (:func:`_parse` refused any other)
        raise RuntimeError(f"server '{config.name}': its entry is no mapping")
    for key, text in _map(raw.get("headers"), config.name, config.source, "headers").items():
        _register_vars(str(text), environ, header=True)
        register_header(key, config.headers.get(key, ""))
    for key, text in _map(raw.get("env"), config.name, config.source, "env").items():
        _register_vars(str(text), environ, header=False)
        if credential_name(key):
            register_by_name(key, config.env.get(key))
    args = raw.get("args")
    args = args if isinstance(args, list) else []
    for text in (raw.get("command"), raw.get("url"), *args):
        _register_vars(str(text or ""), environ, header=False)
    register_url_credentials(config.url)


def _register_vars(text: str, environ: Mapping[str, str], *, header: bool) -> None:
    """Register each variable ``text`` expands that is a credential there."""
    for match in _VAR.finditer(text):
        value = environ.get(match.group(1))
        if value is not None:
            register_sent(match.group(1), value, header=header)


def _parse(name: str, raw: object, source: str, trusted: bool, expand: Expander) -> ServerConfig:
    if not isinstance(raw, dict):
        raise DefinitionError(f"server '{name}' in {source}: expected a mapping")
    kind = str(raw.get("type") or raw.get("transport") or ("http" if "url" in raw else "stdio"))
    if kind == "stdio":
        command = raw.get("command")
        if not isinstance(command, str) or not command.strip():
            raise DefinitionError(f"server '{name}' in {source}: stdio needs a 'command'")
        return ServerConfig(
            name,
            Transport.STDIO,
            source,
            trusted,
            command=expand(command),
            args=tuple(expand(str(a)) for a in _list(raw.get("args"), name, source, "args")),
            env={k: expand(str(v)) for k, v in _map(raw.get("env"), name, source, "env").items()},
            timeout=server_timeout(name, raw, source),
        )
    if kind in ("http", "streamable-http", "streamableHttp", "sse"):
        url = raw.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise DefinitionError(f"server '{name}' in {source}: {kind} needs an http(s) 'url'")
        headers = _map(raw.get("headers"), name, source, "headers")
        helper = raw.get(HELPER)
        if helper is not None and (not isinstance(helper, str) or not helper.strip()):
            raise DefinitionError(f"server '{name}' in {source}: {HELPER} must be a command")
        return ServerConfig(
            name,
            Transport.SSE if kind == "sse" else Transport.HTTP,
            source,
            trusted,
            url=expand(url),
            headers={k: expand(str(v)) for k, v in headers.items()},
            timeout=server_timeout(name, raw, source),
            headers_helper=helper or "",
        )
    raise DefinitionError(
        f"server '{name}' in {source}: transport '{kind}' is not supported (stdio, http or sse)"
    )


#: The least per-server ``timeout`` Claude Code honours (milliseconds; below: the variable's).
LEAST_TIMEOUT_MS = 1000


def server_timeout(name: str, raw: Mapping[str, Any], source: str) -> float | None:
    """The seconds server ``name``'s definition ``raw`` gives each tool call (its
    ``timeout``, in milliseconds: Claude Code's MCP page, "a hard wall-clock limit per tool
    call" overriding ``MCP_TOOL_TIMEOUT`` for that server); None when it sets none, or less
    than :data:`LEAST_TIMEOUT_MS` (ignored there, as in Claude Code). A value that is no
    number is a :class:`DefinitionError` naming the file, the server and the field."""
    value = raw.get("timeout")
    if value is None:
        return None
    millis = _finite(value)
    if millis is None:
        raise DefinitionError(
            f"server '{name}' in {source}: timeout must be a number of milliseconds, "
            f"not {clip(repr(value), 40)}"
        )
    return millis / 1000 if millis >= LEAST_TIMEOUT_MS else None


def _finite(value: object) -> float | None:
    """``value`` as a finite number, or None: no number (a bool, text), NaN, an infinity,
    or an integer too large for a float (``10**400`` from JSON: no OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if isfinite(number) else None


def register_inline_credentials(agent: AgentSpec, environ: Mapping[str, str] | None = None) -> None:
    """Scrub, from now on, the credentials of the servers ``agent``'s file defines inline
    (:func:`parse_server` registers them), before its definition is stored with a run."""
    value = agent.extra.get("mcpServers")
    env = os.environ if environ is None else environ
    origin = str(agent.source or "<agent>")
    for name, raw, _ in _entries(agent, value, [], []) if value else []:
        try:
            parse_server(name, raw, origin, True, env)
        except DefinitionError:
            continue  # told when its run starts


def definition_files(
    workspace: Path, home: Path, problems: list[str]
) -> list[tuple[Path, bool, dict[str, Any]]]:
    """Settings that may define servers, highest precedence first: ``(file, inside the
    workspace, its JSON object)``. ``~/.claude.json`` counts twice: its entry for this
    project (Claude Code's local scope, first) and its top level (user scope); the enabled
    plugins' definitions come last (:func:`_plugin_files`). A file a sandboxed command
    still running may have made counts as missing, with a line in ``problems``
    (:func:`coordinator.tools.running.read_unmade`)."""
    claude, user = workspace / ".claude", claude_home(home)
    user_json = _read_json(user.user_file, problems)
    projects = user_json.get("projects")
    local = projects.get(str(workspace.resolve())) if isinstance(projects, dict) else None
    # the user's own files count as the workspace's when it holds them (``-w ~``): an agent
    # can write them there
    user_inside = _inside(user.user_file, workspace)
    found = [(user.user_file, user_inside, local if isinstance(local, dict) else {})]
    for path in (
        claude / "settings.local.json",
        claude / "settings.json",
        workspace / ".mcp.json",
        user.settings,
    ):
        found.append((path, _inside(path, workspace), _read_json(path, problems)))
    plugins = _plugin_files(workspace, home, problems)
    return [*found, (user.user_file, user_inside, user_json), *plugins]


def _definitions(
    workspace: Path, home: Path, problems: list[str], limits: ServerPolicy
) -> list[tuple[Path, bool, dict[str, Any]]]:
    """The files whose servers agents and hooks may name, first found first: the servers
    the managed settings provide (:mod:`coordinator.mcp.provided`; after
    ``managed-mcp.json``, when it is there: :attr:`ServerPolicy.fixed`, the only file
    then), the enabled plugins' alone when the managed settings lock MCP servers to
    plugins, else :func:`definition_files`."""
    given = limits.provided
    provided = [(given.path, False, {"mcpServers": dict(given.servers)})] if given else []
    if limits.fixed is not None:  # its entry wins over a provided one of the same name
        return [(limits.fixed.path, False, {"mcpServers": dict(limits.fixed.servers)}), *provided]
    if limits.plugins_only is not None:
        return [*provided, *_plugin_files(workspace, home, problems)]
    return [*provided, *definition_files(workspace, home, problems)]


def _plugin_files(
    workspace: Path, home: Path, problems: list[str]
) -> list[tuple[Path, bool, dict[str, Any]]]:
    """The enabled plugins' server definitions as :func:`definition_files` lists them: each
    file's servers under their session names (``plugin:NAME:SERVER``), the plugin's
    variables expanded and, as Claude Code gives them to its stdio servers, in their
    environment (what keeps a plugin out is told by the roster). A name two plugins define
    (their manifests give one ``NAME``) is left out of both, with a line in ``problems``:
    the first found would win, so one plugin's agents would get the other's server, with
    its credentials."""
    from coordinator.roster.plugins import SERVERS, enabled_plugins, plugin_config, server_name

    found: list[tuple[Path, bool, dict[str, Any]]] = []
    owners: dict[str, set[str]] = {}
    for plugin in enabled_plugins(workspace, home).found:
        for path, value in plugin_config(plugin, SERVERS, []):
            named = {
                server_name(plugin, str(k)): _with_env(v, plugin.variables)
                for k, v in value.items()
            }
            for name in named:
                owners.setdefault(name, set()).add(plugin.id)
            found.append((path, _inside(path, workspace), {"mcpServers": named}))
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    problems += [
        f"server {name} left out: plugins {', '.join(sorted(ids))} each define it "
        "(their manifests give one name)"
        for name, ids in shared.items()
    ]
    for _, _, data in found:
        data["mcpServers"] = {k: v for k, v in data["mcpServers"].items() if k not in shared}
    return found


def _with_env(raw: object, variables: Mapping[str, str]) -> object:
    """A stdio server's definition ``raw`` with ``variables`` added to its ``env`` (its own
    entries win); any other as it is."""
    if not isinstance(raw, dict) or "url" in raw:
        return raw
    env = {} if raw.get("env") is None else raw["env"]
    return {**raw, "env": {**variables, **env}} if isinstance(env, dict) else raw


def agent_servers(
    agent: AgentSpec,
    workspace: Path,
    *,
    home: Path | None = None,
    environ: Mapping[str, str] | None = None,
    denied: Sequence[str] = (),
    runs_in: Path | None = None,
    limits: ServerPolicy | None = None,
) -> AgentServers:
    """The servers ``agent``'s ``mcpServers`` asks for, resolved against the definitions.
    ``denied``: the settings' bare deny rules; a server one takes whole (``mcp__server``,
    ``mcp__server__*``) is left out with a note, as is one ``limits`` (the settings'
    ``allowedMcpServers`` and ``deniedMcpServers``) refuses. ``runs_in``: the folder the
    servers run in when it is not the workspace (a worktree run's worktree, the agent's to
    write), looked at too for code of the agent's a server would run (:func:`_confine`)."""
    value = agent.extra.get("mcpServers")
    if not value:
        return AgentServers([], [])
    home = home or Path.home()
    limits = limits or ServerPolicy()
    env = limits.environ(os.environ if environ is None else environ)
    problems: list[str] = []
    files = _definitions(workspace, home, problems, limits)
    approval = _Approval.of(files)
    servers: list[ServerConfig] = []
    row = row_written(agent)
    read = {path for path, _, _ in files}
    for name, raw, source in _entries(agent, value, files, problems, limits):
        refused = limits.outside(name) if source not in read else None
        if refused is not None:  # an inline definition, where only those files count
            problems.append(refused)
            continue
        inline = row and source == (agent.source or Path("<agent>"))
        policy = (approval, env, denied, limits)
        config = _usable(name, raw, source, workspace, policy, problems, row=inline, cwd=runs_in)
        if config is not None:
            servers.append(config)
    return AgentServers(servers, problems)


def row_written(agent: AgentSpec) -> bool:
    """Whether, in a worker, ``agent`` is not one of its own files' definitions
    (:data:`WORKER_AGENTS`)."""
    own = WORKER_AGENTS.get()
    return own is not None and not any(agent is spec for spec in own)


def _refused_by_name(name: str, source: Path, denied: Sequence[str]) -> str | None:
    """Why the server ``name`` (defined in ``source``) is not started whatever its
    definition: a name Claude Code reserves, or a bare deny rule (``denied``) taking all its
    tools away; None when neither."""
    if name == RESERVED_NAME:  # Claude Code skips it at load time, with a warning
        return (
            f"server '{name}' ({source}) not started: Claude Code reserves the name "
            f"'{RESERVED_NAME}' for its own use and skips a server defined so: rename it"
        )
    rule = next((p for p in denied if server_denied(p, name)), None)
    if rule is not None:
        return (
            f"server '{name}' not started: the permissions.deny rule {rule} takes all "
            "its tools away"
        )
    return None


def _usable(
    name: str,
    raw: object,
    source: Path,
    workspace: Path,
    policy: tuple[_Approval, Mapping[str, str], Sequence[str], ServerPolicy],
    problems: list[str],
    *,
    row: bool = False,
    cwd: Path | None = None,
) -> ServerConfig | None:
    """The server ``name`` defined as ``raw`` in ``source``, when it may be started
    (``policy``: the user's approvals, the environment, the bare deny rules, the settings'
    server lists; ``cwd``: the folder it runs in, when not the workspace); else None, with
    the reason in ``problems`` (which also says when it runs confined: an agent could have
    written its code or its definition)."""
    approval, env, denied, limits = policy
    early = _refused_by_name(name, source, denied)
    if early is not None:
        problems.append(early)
        return None
    inside = row or _agent_writable(source, workspace)
    outer = written_by_agents(source) if inside else None  # None: protected, or the row's
    try:
        config = _parsed(name, raw, source, (inside, outer), approval, env, row=row)
    except DefinitionError as exc:
        problems.append(str(exc))
        return None
    stdio = config.transport is Transport.STDIO
    refused = limits.refusal(
        name,
        (config.command, *config.args) if stdio else None,
        None if stdio else config.url,
        source,
        templated=uses_variables(raw),
    )
    if refused is not None:
        problems.append(f"server '{name}' not started: {refused}")
        return None
    if not config.trusted:
        problems.append(
            f"server '{name}' is defined where an agent could have written it ({source}) "
            f"and not approved: add it to enabledMcpjsonServers in {claude_home().named}/"
            f"settings.json to start it{approval.unread_note(name)}"
        )
        return None
    problems += unread_fields(name, raw, source)
    problem, kept = _confine(config, (workspace, cwd or workspace), outer, row)
    problems += [problem] if problem else []
    timeouts = {
        k: limits.env[k] for k in (STARTUP_TIMEOUT_VAR, CALL_TIMEOUT_VAR) if k in limits.env
    }
    return replace(kept, timeouts=timeouts) if kept is not None and timeouts else kept


def _parsed(
    name: str,
    raw: object,
    source: Path,
    where: tuple[bool, Path | None],
    approval: _Approval,
    env: Mapping[str, str],
    *,
    row: bool = False,
) -> ServerConfig:
    """:func:`parse_server` of server ``name`` defined as ``raw`` in ``source``, ``where``
    (whether an agent could have written it, and the agents' folder that holds it): trusted
    unless an agent could have written it and the user did not approve it; naming only the
    sandbox's variables when an agent wrote it (or it is a row's). DefinitionError."""
    inside, outer = where
    expandable = _sandbox_env() if row or outer is not None else None
    trusted = not inside or approval(name)
    if expandable is not None and isinstance(env, ChainMap):  # (never the settings' env)
        env = env.parents
    return parse_server(name, raw, str(source), trusted, env, expandable)


def register_named_credentials(
    agents: Iterable[AgentSpec],
    workspace: Path,
    *,
    home: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Scrub, from now on, the credentials of the servers ``agents`` name that are
    defined in a settings file (the user's own, or approved), as a run's scope does when it
    reads them (:func:`parse_server`), and the inline ones (:func:`register_inline_credentials`):
    before a session stores its request, a hook's output or a person's answer, which may
    hold one. Nothing is started; a definition that cannot be used is told when its run
    starts."""
    named = [a for a in agents if a.extra.get("mcpServers")]
    if not named:
        return
    env = os.environ if environ is None else environ
    problems: list[str] = []
    files = definition_files(workspace, home or Path.home(), problems)
    approval = _Approval.of(files)
    for agent in named:
        register_inline_credentials(agent, env)
        for name, raw, source in _entries(agent, agent.extra["mcpServers"], files, problems):
            if source == (agent.source or Path("<agent>")):
                continue  # inline: registered above
            inside = _agent_writable(source, workspace)
            outer = written_by_agents(source) if inside else None
            with suppress(DefinitionError):
                _parsed(name, raw, source, (inside, outer), approval, env)


#: A remote server's header command (Claude Code's field).
HELPER = "headersHelper"
#: Claude Code's "load this server's tools upfront, never deferred to tool search": what
#: coord does for every server (it defers no tool), so the field is honoured as it is.
ALWAYS = "alwaysLoad"
#: The fields of a server definition coord reads (the others: :func:`unread_fields`).
READ_FIELDS = frozenset(
    {"type", "transport", "command", "args", "env", "url", "headers", "timeout", HELPER, ALWAYS}
)


def unread_fields(name: str, raw: object, source: Path) -> list[str]:
    """One line naming the fields of server ``name``'s definition coord does not read
    (Claude Code's ``oauth``, another client's ``alwaysAllow``): the
    server starts without them, so a failure it then meets (a 401) has its cause named."""
    unread = sorted(k for k in raw if k not in READ_FIELDS) if isinstance(raw, dict) else []
    if not unread:
        return []
    noun = "field" if len(unread) == 1 else "fields"
    return [
        f"server '{name}' in {source}: {noun} {', '.join(unread)} not read by coord "
        "(started without them)"
    ]


#: The user's own Claude Code file (in the home folder): servers of the user scope and per project.
USER_JSON = USER_FILE


def _undefined(name: str) -> str:
    """``'NAME' is not defined in`` the files that may define it (the user's as named:
    :attr:`~coordinator.claude_home.ClaudeHome.named`)."""
    user = claude_home()
    return (
        f"'{name}' is not defined in .mcp.json, .claude/settings*.json, "
        f"{user.named}/settings.json or {user.named_user_file}"
    )


def _agent_writable(source: Path, workspace: Path) -> bool:
    """Whether an agent could have written the definition file ``source``: it lies in the
    workspace, or (``cd sub; coord -w other``) where a command of an agent working in a
    workspace coord ran in could have written it (:func:`written_by_agents`). The user's
    ``~/.claude.json`` counts only while the workspace holds it (``-w ~``): a ``.coordinator``
    an old ``-w ~`` run left in the home folder says that run's commands had all of it, its
    shell startup files too, so distrusting this one file afterwards would protect nothing
    and stop every server of the user's own (Claude Code rewrites the file all the time)."""
    if _inside(source, workspace):
        return True
    return source.name != USER_JSON and written_by_agents(source) is not None


def hook_server(
    name: str,
    workspace: Path,
    *,
    home: Path | None = None,
    environ: Mapping[str, str] | None = None,
    denied: Sequence[str] = (),
    confined: bool = False,
    limits: ServerPolicy | None = None,
) -> ServerConfig | Unusable:
    """The server an mcp_tool hook names, defined and approved as an agent's would be
    (:func:`agent_servers`), or why it may not be called. A ``confined`` hook (from a file
    an agent can write) may call only a server the user named: defined in the user's own
    files, or listed in their ``enabledMcpjsonServers`` (``enableAllProjectMcpServers``
    approves a repository's servers for agents, not for its hooks). A server whose code or
    definition an agent could have written comes back confined, as an agent's does
    (:func:`_confine`): it starts only in the Bash sandbox, never as the user. Why it may
    not be called otherwise: :class:`Unusable`, ``written`` when the definition found (the
    one that wins, over the user's own of that name) is one an agent could have written.
    ``limits``: the settings' ``allowedMcpServers`` and ``deniedMcpServers``, as for an
    agent's servers."""
    home = home or Path.home()
    unread: list[str] = []
    limits = limits or ServerPolicy()
    files = _definitions(workspace, home, unread, limits)
    defined = _lookup(name, files)
    if defined is None:
        said = limits.outside(name) or f"MCP server {_undefined(name)}"
        return Unusable(said + "".join(f" ({line})" for line in unread), bool(unread))
    raw, source = defined
    written = _agent_writable(source, workspace)
    approval = _Approval.of(files)
    if confined and written and not approval.named(name):
        return Unusable(
            f"a workspace hook calls MCP server '{name}' only when it is defined in your own "
            f"files or listed in enabledMcpjsonServers ({claude_home().named}/settings.json)",
            written,
        )
    problems: list[str] = []
    env = limits.environ(os.environ if environ is None else environ)
    policy = (approval, env, denied, limits)
    config = _usable(name, raw, source, workspace, policy, problems)
    if config is None:
        return Unusable("; ".join(problems), written)
    return config


def _confine(
    config: ServerConfig, where: tuple[Path, Path], outer: Path | None, row: bool = False
) -> tuple[str, ServerConfig | None]:
    """``config`` confined when an agent could have written what it runs (a file of the
    workspace, or of the folder it runs in: ``where``, the two, the same but for a worktree
    run, whose worktree the agent writes, and whose resumed run started the user's ``python
    -m srv`` there on the agent's ``srv.py``) or its definition (``outer``: the workspace
    coord ran agents in where one could, as :func:`written_by_agents` found it; ``row``: a
    row of the shared store gave it), with a line saying so; an HTTP server whose
    definition an agent could have written is left out (None)."""
    stdio = config.transport is Transport.STDIO
    script = agents_code(config, where) if stdio else _helper_code(config, where)
    if script is None and outer is None and not row:
        return "", config
    why = (
        f"reads {script}: coord cannot tell whether it runs a workspace file an agent can rewrite"
        if script is not None and COMPUTED in script
        else f"runs {script}"
        if script is not None and CHECKOUT_DIFFERS in script  # (it says why: review145)
        else f"runs {script}, a workspace file an agent can rewrite"
        if script is not None
        else _ROW_WHY
        if outer is None
        else f"is defined in {config.source}, which a command of an agent working in {outer} "
        "could have written"
    )
    if not stdio:
        return f"server '{config.name}' {why}: not started (keep its definition elsewhere)", None
    return (
        f"server '{config.name}' {why}: it runs confined, in the Bash sandbox, and only with "
        "--allow-bash (to run it as you, keep its code outside the workspace)",
        replace(config, confined=why, defined_by_agents=outer is not None or row),
    )


def _helper_code(config: ServerConfig, where: Iterable[Path]) -> str | None:
    """What the ``headersHelper`` of the remote server ``config`` runs of the folders
    ``where`` that an agent can write (its command line's words, as a shell's ``-c``); None
    when it has none, or runs none."""
    if not config.headers_helper:
        return None
    words = ["sh", "-c", config.headers_helper]
    for folder, original in _checkouts(where):
        found = writable_file_named(folder, words, {"PATH": os.environ.get("PATH", "")}, original)
        if found is not None:
            return f"{found} (its headersHelper)"
    late = run_time_word(config.headers_helper)  # (fails closed: hooks114)
    return None if late is None else f"{late} (its headersHelper)"


def agents_code(config: ServerConfig, where: Iterable[Path]) -> str | None:
    """What the stdio server ``config`` runs of one of the folders ``where`` (the workspace,
    and the folder it runs in) that an agent can write, as
    :func:`~coordinator.tools.command_files.writable_file_named` names it (``"python, which
    reads smtplib.py"``); None for an HTTP server, or when there is none. Asked as it
    starts (:func:`_confine`) and again before each call to one that runs as the user
    (:class:`~coordinator.mcp.client.McpTool`): a module its code imports only when a tool
    needs it was read from the workspace the agent had written since."""
    if config.transport is not Transport.STDIO:
        return None
    environ = {"PATH": os.environ.get("PATH", ""), **config.env}  # what it starts with
    words = [config.command, *config.args]
    for folder, original in _checkouts(where):
        found = writable_file_named(folder, words, environ, original)
        if found is not None:
            return found
    import shlex  # (its -c line, a shell's: ``sh -c 'sh "$(…)"'``, hooks114)

    return run_time_word(shlex.join(words))


def _checkouts(where: Iterable[Path]) -> list[tuple[Path, Path | None]]:
    """Each folder of ``where`` once, the first (the workspace) with None, each other (a
    worktree run's checkout of it) with the workspace: its protected files are the
    user's only where they hold what the workspace has (redteam114)."""
    folders = list(dict.fromkeys(where))
    return [(folder, folders[0] if at else None) for at, folder in enumerate(folders)]


def _entries(
    agent: AgentSpec,
    value: object,
    files: Sequence[tuple[Path, bool, dict[str, Any]]],
    problems: list[str],
    limits: ServerPolicy | None = None,
) -> list[tuple[str, object, Path]]:
    """``(name, raw definition, defining file)`` for each server the agent lists; one named
    in none of ``files`` is a line in ``problems`` (``limits``: what narrows them)."""
    items: list[object] = list(value.items()) if isinstance(value, dict) else []
    if isinstance(value, list):
        items = value
    elif not isinstance(value, dict):
        items = [value]
    origin = agent.source or Path("<agent>")
    found: list[tuple[str, object, Path]] = []
    for item in items:
        if isinstance(item, dict):
            found += [(str(k), v, origin) for k, v in item.items()]
        elif isinstance(item, tuple):  # a (name, config) pair of the mapping form
            found.append((str(item[0]), item[1], origin))
        elif isinstance(item, str) and item.strip():
            defined = _lookup(item.strip(), files)
            if defined is None:
                said = limits.outside(item.strip()) if limits is not None else None
                problems.append(said or f"server {_undefined(item.strip())}")
            else:
                found.append((item.strip(), *defined))
        else:
            problems.append(f"mcpServers entry {item!r} is neither a name nor a definition")
    return found


def _lookup(
    name: str, files: Sequence[tuple[Path, bool, dict[str, Any]]]
) -> tuple[object, Path] | None:
    for path, _inside, data in files:
        servers = data.get("mcpServers")
        if isinstance(servers, dict) and name in servers:
            return servers[name], path
    return None


class _Approval:
    """Claude Code's approval of project servers, read from the user's own settings;
    ``unread``: the workspace's files that approve a server by name (``*``: all of them),
    named in the message saying it is not approved."""

    def __init__(self, settings: Sequence[dict[str, Any]], unread: Mapping[str, Path]):
        self.all = any(s.get("enableAllProjectMcpServers") is True for s in settings)
        self.enabled = {n for s in settings for n in _names(s.get("enabledMcpjsonServers"))}
        self.disabled = {n for s in settings for n in _names(s.get("disabledMcpjsonServers"))}
        self.unread = unread

    @classmethod
    def of(cls, files: Sequence[tuple[Path, bool, dict[str, Any]]]) -> _Approval:
        """The approvals of the user's own ``files``; those inside the workspace kept only
        to be named (:meth:`unread_note`)."""
        unread: dict[str, Path] = {}
        for path, inside, data in files:
            if inside and data.get("enableAllProjectMcpServers") is True:
                unread.setdefault("*", path)
            for name in _names(data.get("enabledMcpjsonServers")) if inside else ():
                unread.setdefault(name, path)
        return cls([data for _, inside, data in files if not inside], unread)

    def unread_note(self, name: str) -> str:
        """Why the approval of ``name`` in a workspace file does not count, or ""."""
        path = self.unread.get(name) or self.unread.get("*")
        if path is None:
            return ""
        return (
            f" ({path} approves it, but a file inside the workspace approves nothing: a "
            "repository or an agent's command could have written it)"
        )

    def __call__(self, name: str) -> bool:
        return name not in self.disabled and (self.all or name in self.enabled)

    def named(self, name: str) -> bool:
        """Approved by name (``enabledMcpjsonServers``), not only by the blanket setting."""
        return name not in self.disabled and name in self.enabled


def _names(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _inside(path: Path, workspace: Path) -> bool:
    try:
        return path.resolve().is_relative_to(workspace.resolve())
    except OSError:
        return True


def _read_json(path: Path, problems: list[str]) -> dict[str, Any]:
    """A settings file's object; {} when absent or unreadable (Claude Code skips those too),
    and when a sandboxed command still running may have made it (a line in ``problems``)."""
    try:
        raw = read_unmade(path)
    except MadeMeanwhile as exc:
        problems.append(f"{path}: {exc}")
        return {}
    except OSError:
        return {}
    try:
        data = json.loads(raw.decode("utf-8")) if raw is not None else {}
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _sandbox_env() -> tuple[str, ...]:
    """The variables a sandboxed command gets whatever the settings list
    (:data:`coordinator.tools.sandbox.BASE_ENV`): all a definition an agent could have
    written may name."""
    from coordinator.tools.sandbox import BASE_ENV

    return BASE_ENV


def _list(value: object, name: str, source: str, key: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DefinitionError(f"server '{name}' in {source}: '{key}' must be a list")
    return value


def _map(value: object, name: str, source: str, key: str) -> dict[str, object]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DefinitionError(f"server '{name}' in {source}: '{key}' must be a mapping")
    return {str(k): v for k, v in value.items()}
