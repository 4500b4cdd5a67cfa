"""What one agent run gets beyond the engine's defaults: its MCP servers and its worktree.

:func:`run_scope` is entered when a run is driven and left when the drive returns (the run
ended, blocked or stopped): it opens the run's git worktree (``isolation: worktree``), starts
the servers its ``mcpServers`` names, and yields the run's toolset (built-in tools plus
``mcp__server__tool`` tools its ``tools``/``disallowedTools`` allow, and the resource tools
of :mod:`coordinator.mcp.resources` once a server started) and tool context (the
worktree as the workspace). Servers are closed on exit, but those lent to it
(:class:`McpOpened`: started for its request's ``@`` mentions, closed by the engine once the
drive ends), which it uses instead of starting them again. :func:`merge_back` ends a
worktree run. Each step is an event in the chain log.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from coordinator.events import (
    Event,
    IsolationSkipped,
    McpStarted,
    WorktreeMerged,
    WorktreeOpened,
)
from coordinator.mcp.policy import ServerPolicy
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.worktree import (
    MergeResult,
    Worktree,
    WorktreeHooks,
    WorktreeUnavailable,
    commit_env,
    finish_worktree,
    git_access,
    git_places,
    held_for_review,
    left_uncommitted,
    object_env,
    open_worktree,
    take_back,
)
from coordinator.sanitize import shown_name, shown_word
from coordinator.status import MergeStatus, uncommitted_advice
from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.lazypaths import moved

JSON = dict[str, Any]
Record = Callable[[Event], None]

ISOLATION_KEY = "isolation"
WORKTREE = "worktree"


class Tools(Protocol):
    """A toolset: schemas for the model, and execution."""

    def schemas(self) -> list[JSON]: ...

    async def execute(self, name: str, args: Any, ctx: ToolContext) -> ToolResult: ...


@dataclass(frozen=True)
class RunScope:
    """The run's toolset and tool context, and its worktree when isolated."""

    tools: Tools
    ctx: ToolContext
    worktree: Worktree | None = None
    #: The run's WorktreeCreate/WorktreeRemove hooks (None: none fired).
    hooks: WorktreeHooks | None = None
    #: Its MCP servers' instructions, for the system prompt (fidelity115; "": none).
    instructions: str = ""


class RunTools:
    """Built-in tools plus MCP tools, as one toolset."""

    def __init__(self, base: Tools, extra: Any):
        self.base = base
        self.extra = extra  # a coordinator.tools.toolset.Toolset of McpTools

    def schemas(self) -> list[JSON]:
        return [*self.base.schemas(), *self.extra.schemas()]

    async def execute(self, name: str, args: Any, ctx: ToolContext) -> ToolResult:
        chosen = self.extra if name in self.extra else self.base
        result: ToolResult = await chosen.execute(name, args, ctx)
        return result


def wants_worktree(agent: AgentSpec) -> bool:
    """Whether the agent's file asks for ``isolation: worktree``."""
    return str(agent.extra.get(ISOLATION_KEY) or "").strip().lower() == WORKTREE


async def worked_in(workspace: Path, opened: str | None) -> Path:
    """Where a worktree run's tools worked while its scope was open (review106: for the
    PostToolUse hooks on a forked Skill call's answer, fired once it is closed): the
    workspace's place (:attr:`Worktree.root`) in the worktree at ``opened``, the path of
    its last :class:`WorktreeOpened` event; ``workspace`` itself when it had none."""
    if opened is None:
        return workspace
    return await asyncio.to_thread(_root_in, workspace, Path(opened))


def _root_in(workspace: Path, worktree: Path) -> Path:
    """``workspace``'s place in ``worktree`` (its top, when git no longer says where)."""
    real = workspace.resolve()
    try:
        top = git_places(real).top
    except WorktreeUnavailable:
        return worktree
    return worktree / real.relative_to(top) if real.is_relative_to(top) else worktree


@asynccontextmanager
async def run_scope(
    agent: AgentSpec,
    base: Tools,
    ctx: ToolContext,
    *,
    session_id: str,
    run_id: int,
    record: Record,
    denied: Sequence[str] = (),
    limits: ServerPolicy | None = None,
    hooks: WorktreeHooks | None = None,
    asked: Sequence[str] = (),
    lent: McpOpened | None = None,
) -> AsyncIterator[RunScope]:
    """Open the run's worktree and MCP servers for the duration of one drive. ``denied``:
    the ``mcp__`` (and resource tool) names of the settings' bare deny rules, whose tools
    the agent is not offered (a server they take whole is not started), as Claude Code
    removes them;
    ``limits``: the settings' ``allowedMcpServers``/``deniedMcpServers`` (a server they
    refuse is not started); ``hooks``: the run's WorktreeCreate/WorktreeRemove hooks
    (WorktreeRefused, from entering, when the WorktreeCreate ones made no usable worktree);
    ``asked``: the ``mcp__`` names of the ask rules (a server they take whole has its
    resources neither listed nor read: nobody can confirm); ``lent``: the agent's servers
    already started for this run (:mod:`coordinator.runtime.mentioned`: its request's
    mentions were read over them), used instead of starting them again and left open."""
    workspace = ctx.root
    worktree = await _isolate(
        agent, (workspace, ctx.protected), (session_id, run_id), record, hooks
    )
    if worktree is not None:  # the roster's folders protected where the worktree has them
        protected = moved(ctx.protected, workspace, worktree.root)  # (when first asked for)
        most = _bytes(ctx.worktree_max_commit_mb)  # (bounds the packs its commands write)
        access = await asyncio.to_thread(git_access, worktree, most)  # git commit works there
        env = await asyncio.to_thread(commit_env, worktree.repo)
        if access.writable:  # its objects in a store of its own (git_access)
            env |= await asyncio.to_thread(object_env, worktree)
        ctx = replace(
            ctx, root=worktree.root, protected=protected, git=access, env={**env, **ctx.env}
        )
    if not agent.extra.get("mcpServers"):
        yield RunScope(base, ctx, worktree, hooks)
        return
    if lent is not None and worktree is None:  # (a worktree run's servers run there)
        record(lent.started_for(session_id, run_id))
        yield RunScope(lent.over(base), ctx, worktree, hooks, lent.instructions)
        return
    async with mcp_servers(agent, (workspace, ctx), (denied, limits, asked)) as opened:
        record(opened.started_for(session_id, run_id))
        yield RunScope(opened.over(base), ctx, worktree, hooks, opened.instructions)


async def merge_back(
    scope: RunScope,
    agent: str,
    *,
    failed: bool,
    session_id: str,
    run_id: int,
    record: Record,
) -> MergeResult | None:
    """Commit and merge an ended worktree run; the result is recorded as an event.

    A ``failed`` run is not merged: its worktree and branch are kept for a person.
    """
    if scope.worktree is None:
        return None
    if failed:
        reason = f"the run failed: not merged; its changes are left in {scope.worktree.path}"
        try:  # its commits' objects into the repository, what git would follow removed
            await asyncio.to_thread(
                take_back, scope.worktree, _bytes(scope.ctx.worktree_max_commit_mb)
            )
        except WorktreeUnavailable as exc:
            reason = f"{reason} ({exc})"
        branch = scope.worktree.branch
        record(
            WorktreeMerged(session_id, run_id, agent, MergeStatus.KEPT.value, branch, [], reason)
        )
        return None
    try:
        message = f"coord: {agent} (session {session_id})"
        most = scope.ctx.worktree_max_commit_mb
        result = await finish_worktree(
            scope.worktree, message, scope.ctx.protected, scope.hooks, most_mb=most
        )
    except WorktreeUnavailable as exc:
        result = MergeResult(MergeStatus.CONFLICT, scope.worktree.branch, detail=str(exc))
    record(
        WorktreeMerged(
            session_id,
            run_id,
            agent,
            result.status.value,
            result.branch,
            result.files,
            result.detail,
        )
    )
    return result


def _bytes(mb: int | None) -> int | None:
    """The ``worktree_max_commit_mb`` setting in bytes (None: no limit)."""
    return None if mb is None else mb << 20


def conflict_note(result: MergeResult) -> str:
    """What a person needs to know about a worktree whose merge failed or was held back
    for review (:func:`~coordinator.runtime.worktree.held_for_review`: read what it
    changes before a plain ``git merge`` runs the filters it names), and how to finish."""
    files = ", ".join(map(shown_name, result.files[:10])) or "?"
    why = f" ({result.detail})" if result.detail else ""
    if left_uncommitted(result.detail):
        return (
            f"the agent's changes were neither committed nor merged{why} (files: {files}); "
            + uncommitted_advice(result.detail, result.branch)
        )
    kept = f"they are kept on branch {result.branch} (files: {files})"
    if not held_for_review(result.detail):
        return (
            f"the agent's changes could not be merged back{why}: {kept}; merge it by hand "
            f"with `git merge {result.branch}`"
        )
    shown = " ".join(map(shown_word, result.files[:10]))
    return (
        f"the agent's changes were not merged back{why}: {kept}; read what they change "
        f"first with `git diff HEAD...{result.branch} -- {shown}`, then merge them with "
        f"`git merge {result.branch}` or drop them with `git branch -D {result.branch}`"
    )


async def _isolate(
    agent: AgentSpec,
    where: tuple[Path, Sequence[Path]],
    ids: tuple[str, int],
    record: Record,
    hooks: WorktreeHooks | None,
) -> Worktree | None:
    """The run's worktree (made by its WorktreeCreate ``hooks`` when there are some); None
    (with a warning event) when the workspace cannot have one. ``where``: the workspace and
    its protected folders (where no worktree may lie); ``ids``: the session's and the
    run's."""
    if not wants_worktree(agent):
        return None
    (root, protected), (session_id, run_id) = where, ids
    try:
        wt = await open_worktree(root, session_id, run_id, hooks, protected)
    except WorktreeUnavailable as exc:
        reason = f"{exc}; {agent.name} works in the workspace itself, without isolation"
        record(IsolationSkipped(session_id, run_id, agent.name, reason))
        return None
    record(WorktreeOpened(session_id, run_id, agent.name, wt.branch, str(wt.path)))
    return wt


@dataclass(frozen=True)
class McpOpened:
    """An agent's started MCP servers: their toolset (its ``mcp__`` tools and the resource
    tools; None: the SDK is absent, no tool) and what starting them found, an
    :class:`McpStarted` of no session yet (:meth:`started_for` names the run)."""

    tools: Tools | None
    started: McpStarted
    #: The system prompt's section of the servers' instructions ("": none gave any).
    instructions: str = ""

    def over(self, base: Tools) -> Tools:
        """``base`` (a run's built-in tools) with the servers' tools beside it."""
        return base if self.tools is None else RunTools(base, self.tools)

    def started_for(self, session_id: str, run_id: int) -> McpStarted:
        """The servers' ``mcp_servers`` event, of run ``run_id`` of ``session_id``."""
        return replace(self.started, session_id=session_id, run_id=run_id)


@asynccontextmanager
async def mcp_servers(
    agent: AgentSpec,
    where: tuple[Path, ToolContext],
    rules: tuple[Sequence[str], ServerPolicy | None, Sequence[str]],
) -> AsyncIterator[McpOpened]:
    """``agent``'s MCP servers started for a run (closed on exit). ``where``: the workspace
    (definitions, trust) and the run's tool context (the folder servers run in; how Bash
    runs, for confined servers); ``rules``: the bare deny rules' ``mcp__`` names, the
    settings' server lists and the ask rules' ``mcp__`` names."""
    from coordinator.mcp import INSTALL_HINT, sdk_available
    from coordinator.mcp.config import agent_servers, agents_code, allowed, pattern_matches

    workspace, ctx = where
    denied, limits, asked = rules
    runs_in = ctx.root if ctx.root != workspace else None  # a worktree run's worktree
    wanted = agent_servers(agent, workspace, denied=denied, runs_in=runs_in, limits=limits)
    names = [s.name for s in wanted.servers]
    sources = {s.name: s.source for s in wanted.servers}  # which server, defined where
    confined = [s.name for s in wanted.servers if s.confined]
    if not sdk_available():
        problem = f"MCP servers not started: {INSTALL_HINT}"
        yield McpOpened(
            None, McpStarted("", 0, agent.name, names, [], [problem], sources, confined)
        )
        return
    from coordinator.mcp.client import open_servers
    from coordinator.mcp.output_limit import instructions_section, output_tokens
    from coordinator.mcp.resources import resource_tools
    from coordinator.tools.sandbox import confiner_for
    from coordinator.tools.toolset import Toolset

    confine = confiner_for(ctx.allow_bash, ctx.sandbox, ctx.protected)
    folders = (workspace, ctx.root)  # what a server runs of an agent's, asked before each call
    code = functools.partial(agents_code, where=folders)
    tokens = output_tokens((limits or ServerPolicy()).environ(os.environ))  # settings env too
    async with open_servers(
        wanted.servers, cwd=ctx.root, confine=confine, agents_code=code, tokens=tokens
    ) as opened:
        tools = [
            t
            for t in opened.tools
            if allowed(agent, t.server, t.name)
            and not any(pattern_matches(p, t.server, t.name) for p in denied)
        ]
        problems = wanted.problems + opened.problems + _filtered_out(opened.tools, tools)
        found = [t.name for t in tools]  # (the servers' own: the resource tools are coord's)
        resources = resource_tools(agent, opened.served, denied, asked, tokens)
        started = McpStarted("", 0, agent.name, names, found, problems, sources, confined)
        offered = {t.server for t in tools}  # (a server none of whose tools it has: none)
        said = [(s.name, s.instructions()) for s in opened.served if s.name in offered]
        section = instructions_section(said)
        yield McpOpened(Toolset([*tools, *resources]), started, section)


class NoTools:
    """No built-in tools (what a mention's read lends its servers' tools to)."""

    def schemas(self) -> list[JSON]:
        return []

    async def execute(self, name: str, args: Any, ctx: ToolContext) -> ToolResult:
        return ToolResult(f"no tool {name}", is_error=True)


#: The event kinds this module records, for views that show a run's notes.
def _filtered_out(started: list[Any], kept: list[Any]) -> list[str]:
    """A note for each started server none of whose tools the agent's lists allow."""
    servers = dict.fromkeys(t.server for t in started)
    offered = {t.server for t in kept}
    return [
        f"server '{name}' started but tools/disallowedTools (or the settings' deny rules) "
        f"allow none of its tools (add mcp__{name} to tools)"
        for name in servers
        if name not in offered
    ]
