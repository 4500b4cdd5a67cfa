"""Claude Code's ``mcp_tool`` hooks: a configured MCP server's tool called with the event.

As Claude Code runs them: ``server`` names a configured server, ``tool`` one of its tools
(without the ``mcp__server__`` prefix), ``input`` the tool's arguments, whose text may hold
``${dotted.path}`` references to the hook input (``${tool_input.file_path}``,
``${session_id}``, ``${cwd}``, ``${tool_input.edits.0.old_string}``...). The tool's text
result is read as a command hook's stdout after exit 0 (JSON: the output fields; plain text:
context where plain stdout is); a tool error, a server that is not defined, not approved or
cannot be reached, or the ``timeout`` (60 s) is a non-blocking error.

Filling: a string that is one reference alone gets the value as it is (a number, an object);
a reference inside other text gets it as text (strings as they are, other values as JSON);
a reference to nothing is empty.

Which servers: those a run could use (:func:`coordinator.mcp.config.hook_server`): defined
in the files agents' servers come from, a workspace definition only once the user approved
it, none the settings' deny rules take whole (``mcp__server``), and the tool refused when a
bare deny rule names it, or an ask rule (nobody can confirm the call); never a stdio server
that runs a workspace file an agent can rewrite (it would run that code as the user, outside
the sandbox, mid-run). Claude Code calls a server already connected; coord connects to a
server at a session's first call of it and keeps the connection until the session's drive
ends (:class:`coordinator.mcp.client.ServerPool`; a server found dead is started again once),
but for a confined server, started for each call (in a worktree run, in the worktree: the
only folder it may write, as the run's agents' servers) and closed after it as before, and a
kept one ended once a call finds it confined. A hook from a file
an agent can write (``confined``) calls only a server the user named: defined in their own
files or listed in their ``enabledMcpjsonServers``, since the hook chooses the input the
user's program runs with. The ``mcp`` SDK is imported only when such a hook runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.mcp.policy import ServerPolicy
from coordinator.runtime.hooks import Hook
from coordinator.tools.base import ToolResult

if TYPE_CHECKING:
    from coordinator.mcp.client import ServerPool
    from coordinator.mcp.config import ServerConfig
    from coordinator.tools.sandbox import Confiner

JSON = dict[str, Any]
_REFERENCE = re.compile(r"\$\{([A-Za-z0-9_][A-Za-z0-9_.-]*)\}")


@dataclass(frozen=True)
class NotStarted(ToolResult):
    """The error result of an mcp_tool hook whose server was not started for what an agent
    (or a repository) could have written: it must run confined (an agent can rewrite what
    it runs) while Bash may not run, or its sandbox could never be set up (a workspace
    that keeps a path bwrap masks flapping), or the definition of that name that wins is
    one an agent could have written and may not be used (not approved, an HTTP server)."""


@dataclass(frozen=True)
class HookServers:
    """Where mcp_tool hooks find their servers: the definitions under ``home`` (None: the
    user's home) and the workspace; ``denied``: the settings' bare deny rules on MCP tools
    (``mcp__server``, ``mcp__server__tool``, patterns); ``asked``: their ask rules on MCP
    tools (a person must confirm the call, and nobody can in a coord run: not called)."""

    home: Path | None = None
    denied: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    #: The settings' ``allowedMcpServers``/``deniedMcpServers`` (a server refused is not
    #: started).
    limits: ServerPolicy = field(default_factory=ServerPolicy)
    #: Each session's kept connections (:meth:`pool`), until :meth:`close`.
    pools: dict[str, ServerPool] = field(default_factory=dict, compare=False, repr=False)

    def pool(self, session_id: str) -> ServerPool:
        """The connections ``session_id``'s mcp_tool hooks keep (imports the SDK)."""
        from coordinator.mcp.client import ServerPool

        return self.pools.setdefault(session_id, ServerPool())

    async def close(self, session_id: str | None = None) -> None:
        """Close ``session_id``'s kept servers (None: every session's) and wait for them."""
        for sid in [s for s in self.pools if session_id in (None, s)]:
            await self.pools.pop(sid).close()

    async def drop(self, session_id: str, config: ServerConfig, cwd: Path) -> None:
        """End ``session_id``'s kept connection to ``config`` in ``cwd``, if any (it is now
        found confined: an agent can rewrite what it runs, so it must not run as the user)."""
        pool = self.pools.get(session_id)
        if pool is not None:
            await pool.drop(config, cwd)

    def close_soon(self, session_id: str) -> None:
        """Ask ``session_id``'s kept servers to close, without waiting (a stopped drive)."""
        pool = self.pools.pop(session_id, None)
        if pool is not None:
            pool.close_soon()


def lookup(data: object, path: str) -> object:
    """The value at dotted ``path`` in ``data`` (a list's items by number); None when
    there is none."""
    found = data
    for key in path.split("."):
        if isinstance(found, Mapping):
            found = found.get(key)
        elif isinstance(found, list) and key.isdigit() and int(key) < len(found):
            found = found[int(key)]
        else:
            return None
    return found


def fill(value: object, data: JSON) -> object:
    """``value`` (an mcp_tool hook's ``input``) with its ``${path}`` references to ``data``
    filled, through objects and lists."""
    if isinstance(value, Mapping):
        return {str(k): fill(v, data) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, data) for v in value]
    if not isinstance(value, str):
        return value
    whole = _REFERENCE.fullmatch(value)
    if whole is not None:
        found = lookup(data, whole.group(1))
        return "" if found is None else found
    return _REFERENCE.sub(lambda m: _text(lookup(data, m.group(1))), value)


def _text(value: object) -> str:
    """A filled value inside text: a string as it is, nothing as empty, else JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


async def call_hook_tool(
    hook: Hook,
    data: JSON,
    root: Path,
    servers: HookServers,
    confine: Confiner | None = None,
    run_in: Path | None = None,
) -> ToolResult:
    """Call ``hook``'s tool with its input filled from ``data``: the result, or an error
    result saying why it could not be called. ``confine``: how a server an agent could
    have written runs (in the Bash sandbox; None: it is not started), in ``run_in`` (a
    worktree run's worktree, the only folder it may write there, as the run's agents'
    servers; None: ``root``)."""
    from coordinator.mcp import INSTALL_HINT, sdk_available
    from coordinator.mcp.config import Unusable, hook_server, pattern_matches, tool_name

    found = hook_server(
        hook.server,
        root,
        home=servers.home,
        denied=servers.denied,
        confined=hook.confined,
        limits=servers.limits,
    )
    if isinstance(found, Unusable):
        return (NotStarted if found.written else ToolResult)(found.why, True)
    full = tool_name(hook.server, hook.tool)
    rule = next((p for p in servers.denied if pattern_matches(p, hook.server, full)), None)
    if rule is not None:
        return ToolResult(
            f"{full} not called: the permissions.deny rule {rule} takes it away", True
        )
    asked = next((p for p in servers.asked if pattern_matches(p, hook.server, full)), None)
    if asked is not None:
        why = "asks a person to confirm it, and nobody can in a coord run"
        return ToolResult(f"{full} not called: the permissions.ask rule {asked} {why}", True)
    if not sdk_available():
        return ToolResult(f"mcp_tool hooks need the MCP SDK: {INSTALL_HINT}", True)
    from coordinator.mcp.client import NeverSetUp, call_once

    filled = fill(json.loads(hook.mcp_input), data)
    args = filled if isinstance(filled, dict) else {}
    session = str(data.get("session_id") or "")
    if found.confined:  # its sandbox's guard checked after each call: started for it
        await servers.drop(session, found, root)  # one kept while it ran as the user: ended
        if confine is None:
            why = f"it {found.confined}, so it runs only in the Bash sandbox (--allow-bash)"
            return NotStarted(f"MCP server '{found.name}' not started: {why}", True)
        called = await call_once(found, hook.tool, args, cwd=run_in or root, confine=confine)
        return NotStarted(called.content, True) if isinstance(called, NeverSetUp) else called
    pool = servers.pool(session)
    return await pool.call(found, hook.tool, args, cwd=root)
