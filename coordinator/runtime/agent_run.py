"""Drive one agent's conversation until its final message (the inner loop).

loop: model call -> assistant turn stored -> tool calls run (each recorded before and
after) -> tool results stored -> ... until the agent stops; its final message is read as a
report (a malformed one is sent back, bounded). Each step is committed before the next model
call or tool side effect, so a run picked up from the store continues where it stopped:
the stored last turn is handled instead of calling the model again, a tool recorded done is
not run again, and one started but never recorded done is reported as interrupted.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from time import perf_counter
from typing import Any, Final, Protocol

import protocols
from coordinator.clip import counted
from coordinator.config import Price, Settings
from coordinator.errors import RunFailure
from coordinator.events import (
    MOST_MOVED_REFS,
    BashChanged,
    BashOff,
    Event,
    ModelCalled,
    ProgramHidden,
    ReportRead,
    RewakeDelivered,
    SkillCommand,
    StepEnded,
    ToolFinished,
    ToolRefused,
    ToolStarted,
    WorktreeOpened,
)
from coordinator.pricing import MILLION, ceiling, price_of
from coordinator.prompts import (
    CONTINUE_MARKER,
    INTERRUPTED_TOOL,
    continue_message,
    final_text,
    last_reply,
    repair_message,
    rewake_message,
    stop_blocked_message,
)
from coordinator.providers.base import (
    AccessRefused,
    ModelNotFound,
    ModelRequest,
    ModelResponse,
    OutputLimit,
    Provider,
    ProviderError,
    StopReason,
    Usage,
    api_error_of,
    call_bound,
)
from coordinator.providers.body import NO_REPLY, blank
from coordinator.roster.fields import RESOURCE_TOOLS
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.hook_gate import HookGate, PreTool
from coordinator.runtime.hook_run import HookRun
from coordinator.runtime.nested import Given
from coordinator.runtime.permissions import PermissionRules
from coordinator.runtime.preload import Preload, effort_level, given_text, skill_meta
from coordinator.runtime.report_identity import report_identity
from coordinator.runtime.run_scope import (
    McpOpened,
    RunScope,
    conflict_note,
    merge_back,
    run_scope,
    wants_worktree,
    worked_in,
)
from coordinator.runtime.skill_active import (
    APPLIED,
    Invoked,
    active_in,
    deny_rules,
    invoked_of,
    removed,
    skill_request,
    with_notes,
)
from coordinator.runtime.skill_fork import background_note
from coordinator.runtime.skill_rules import SKILL_TOOL
from coordinator.runtime.skill_shell import (
    CommandLedger,
    Shown,
    SkillShell,
    command_list,
    command_use,
    rendered,
    seeing,
    vetted,
)
from coordinator.runtime.skill_tool import Fork, SkillTool
from coordinator.runtime.state import (
    Blocked,
    Complete,
    Ended,
    Failed,
    Forked,
    NeedsReview,
    Question,
    RunOutcome,
    RunState,
    SessionState,
    UnsavedTurn,
    UsageLimits,
    Waiting,
    add_usage,
)
from coordinator.runtime.stopping import StepCut, StepStop, hooks_cut_result, stopped_result
from coordinator.runtime.worktree import WorktreeRefused
from coordinator.sanitize import safe_cut
from coordinator.status import BASH_OFF, MergeStatus, RunStatus, WaitReason
from coordinator.store.db import Store
from coordinator.store.rows import CallState
from coordinator.tools.base import (
    CALL_PARTIAL,
    CALL_RUN,
    CommandVet,
    PartialOutput,
    Refusal,
    RefusedBy,
    RunFacts,
    Tool,
    ToolContext,
    ToolResult,
    input_brief,
)
from coordinator.tools.changes import Changed
from coordinator.tools.shell import BashTool, bash_limit, bash_off_result
from protocols.report import BLOCKED, COMPLETE

JSON = dict[str, Any]
#: How often Stop hooks may send one run back to work before its report is read anyway.
MAX_STOP_BLOCKS = 3
#: ``RunStatus.RUNNING`` read once (an enum member read off its class is slow in Python
#: 3.11: see ``protocols.report.COMPLETE``).
_RUNNING: Final = RunStatus.RUNNING

log = logging.getLogger(__name__)


class Toolset(Protocol):
    """The tools one agent may call (built by ``coordinator.tools.toolset.build_toolset``)."""

    def schemas(self) -> list[JSON]: ...

    async def execute(self, name: str, args: Any, ctx: ToolContext) -> ToolResult: ...

    def get(self, name: str) -> Tool | None: ...


ToolsetFor = Callable[[AgentSpec], Toolset]


@dataclass(frozen=True)
class CallModel:
    """The run goes on: call the model again (after tool results, a pause, a prompt)."""


CALL_MODEL = CallModel()


class Turn:
    """An assistant turn as stored: its content blocks, why the model stopped, and its
    tool_use blocks (found once)."""

    __slots__ = ("content", "cut", "stop_reason", "text", "tool_uses")

    def __init__(self, content: list[JSON], stop_reason: str | None, cut: tuple[str, ...] = ()):
        self.content = content
        self.stop_reason = stop_reason
        #: The tools whose calls the output token limit cut off (dropped, never run).
        self.cut = cut
        #: The text of a turn that is one text block (the usual final message), else None.
        self.text: str | None = None
        if len(content) == 1 and content[0].get("type") == "text":
            self.text = content[0].get("text", "")
            self.tool_uses: list[JSON] = []
        else:
            self.tool_uses = [b for b in content if b.get("type") == "tool_use"]


#: What storing a model's turn gives the loop: a :class:`Turn`, committed and acted on (tools,
#: a pause, hooks) before any report, or an :class:`UnsavedTurn`, a final message kept on
#: the run whose report is read next with nothing in between (written with that step).
StoredTurn = Turn | UnsavedTurn

#: Stop reasons after which the model is called again rather than the report read.
GOES_ON = frozenset({StopReason.PAUSE_TURN, StopReason.MAX_TOKENS})


class Plan:
    """What every drive of one agent definition shares, built once per spec object: its
    toolset, system prompt, and, for a plain agent (no worktree, no MCP servers), the
    scope every drive of it uses as it is (nothing to open, close or merge back)."""

    __slots__ = ("dynamic", "effort", "levels", "scope", "spec", "system", "tools", "toolset")

    def __init__(self, spec: AgentSpec, toolset: Toolset, system: str, scope: RunScope | None):
        self.spec = spec
        self.toolset = toolset
        self.system = system
        self.scope = scope
        #: A plain agent's tool list (its scope's, the same every drive) and its effort on
        #: each model it runs on (one model for every run of an engine, unless resumed).
        self.tools = scope.tools.schemas() if scope is not None else None
        self.effort: dict[str, str | None] = {}
        #: The effort level each model works at (:func:`effort_level`), with :attr:`effort`.
        self.levels: dict[str, str | None] = {}
        #: A preloaded skill runs commands or names the session's variables: each run
        #: renders its own system prompt (:meth:`AgentRunner._render_system`).
        self.dynamic = False


class Drive:
    """One drive of a run: its scope, the request every model call of the drive sends
    (the run's message list itself, so it grows with the conversation), and whether a
    final turn's report is read right after it with nothing in between (``quiet``: no
    hooks, worktree or MCP servers)."""

    __slots__ = ("facts", "quiet", "request", "scope")

    def __init__(self, scope: RunScope, request: ModelRequest, quiet: bool, facts: RunFacts):
        self.scope = scope
        self.request = request
        self.quiet = quiet
        #: What its tools and hooks are told of the run (:data:`CALL_RUN`).
        self.facts = facts


class Journal(Protocol):
    """Where the runner records events (the engine's store-backed journal)."""

    def emit(self, *events: Event) -> None: ...

    def step(
        self,
        run_id: int,
        fields: dict[str, Any] | None,
        message: JSON | None,
        events: Sequence[Event],
    ) -> None: ...


def _called(
    s: SessionState,
    run: RunState,
    usage: Usage,
    model: str,
    ms: int,
    cost: float,
    by: str,
    response_id: str | None = None,
    server: str = "",
) -> ModelCalled:
    """The ``model_call`` event of the run's latest call (its turn and stop reason),
    answered by provider ``by`` (at ``server``) with the message ``response_id``."""
    return ModelCalled(
        s.id,
        run.id,
        run.name,
        run.turns,
        run.stop_reason,
        usage.input_tokens,
        usage.output_tokens,
        round(cost, 6),
        ms,
        model,
        usage.cache_read_input_tokens,
        usage.cache_creation_input_tokens,
        by,
        response_id or "",
        server,
    )


class AgentRunner:
    """Runs agents' conversations for one engine (shared by every run of its sessions)."""

    def __init__(
        self,
        *,
        provider: Provider,
        store: Store,
        journal: Journal,
        settings: Settings,
        toolsets: ToolsetFor,
        ctx: ToolContext,
        hooks: HookGate | None = None,
        preload: Preload | None = None,
        permissions: PermissionRules | None = None,
        step_stop: StepStop | None = None,
    ):
        self.provider = provider
        #: A worker's bound on the step (model call, hooks, tool call) in flight when it
        #: stops (None: none; a command's Ctrl-C cancels it at once).
        self.step_stop = step_stop
        self.store = store
        self.journal = journal
        self.settings = settings
        self.toolsets = toolsets
        self.ctx = ctx
        self._drives: dict[int, Drive] = {}
        #: MCP servers already started for a run (by id): its mentions' read's, which its
        #: drives use instead of starting them again (lent and taken back by the engine).
        self.lent: dict[int, McpOpened] = {}
        self._plans: dict[str, Plan] = {}
        self.limits = UsageLimits.of(settings)
        self._budgeted = self.limits.bounded
        self.hooks = hooks
        self.preload = preload or Preload()
        self.permissions = permissions
        self._started: set[int] = set()
        #: The runs told that Bash is off (one line a run, however many calls it made).
        self._told_bash_off: set[int] = set()
        self._stop_blocks: dict[int, int] = {}
        #: The runs being driven, by id: where a prompt hook's model call is counted.
        self._live: dict[int, tuple[SessionState, RunState]] = {}
        if hooks is not None:
            hooks.meter = self._meter
            hooks.effort_of = self._effort_of
            hooks.price = self._cost
            hooks.step_stop = step_stop
        #: Each model id's price, looked up once (a dated id the API answers with is matched
        #: to its undated entry by a scan of the price table).
        self._prices: dict[str, Price | None] = {}
        #: The model an invoked inline skill's ``model`` runs on, or None: it may not (the
        #: engine's: ``--model`` wins, ``availableModels`` applies).
        self.skill_model: Callable[[str], str | None] = settings.resolve_model
        #: The roster of a session (the engine's: its own, or a resumed session's): the
        #: agents whose reports a final message may relay (default: the chain's alone).
        self.roster_of: Callable[[SessionState], Iterable[AgentSpec]] = lambda s: ()

    def identity(self, s: SessionState, run: RunState) -> protocols.Identity:
        """Who wrote ``run``'s final messages and who else there is, for the parser."""
        return report_identity(run.agent, (*self.roster_of(s), *(r.agent for r in s.chain)))

    def drive(self, s: SessionState, run: RunState) -> Coroutine[Any, Any, RunOutcome]:
        """Run ``run`` to its outcome (Waiting when the session budget is spent before a
        model call). Raises a resumable RunFailure, or a UserError such as a rejected key
        (the engine then marks the session interrupted).

        The run's worktree and MCP servers (:mod:`coordinator.runtime.run_scope`) are open
        while it is driven; a worktree run that ends is merged back (or its branch kept).
        The coroutine returned (awaited by the caller) first awaits the transition that led
        here (:meth:`Store.durable`), before anything else.
        """
        d = run.drive  # a plain run's, kept from its first drive (and found there by _scope)
        if d is None:
            plan = self._plans.get(run.name)
            if plan is None or plan.spec is not run.agent:
                plan = self._plan(run.agent)
            if plan.scope is None:
                return self._drive_scoped(s, run, plan)
            if plan.dynamic and run.system is None:
                return self._drive_rendered(s, run, plan)
            # plain: no worktree or servers to open, close or merge back
            d = run.drive = self._drive_of(s, run, plan, plan.scope)  # the same every drive
        return self._drive(s, run, d)  # one coroutine a drive

    async def _drive_scoped(self, s: SessionState, run: RunState, plan: Plan) -> RunOutcome:
        """Drive ``run`` with its worktree and MCP servers open."""
        await self.store.durable()  # the transition that led here, before the scope opens
        outcome: RunOutcome | Exception
        denied = (
            self.permissions.removed_tools(run.agent.permission_mode) if self.permissions else []
        )
        hooks = self.hooks.worktree_hooks(s.id, run.id, run.agent) if self.hooks else None
        try:
            async with run_scope(
                run.agent,
                plan.toolset,
                self.ctx,
                session_id=s.id,
                run_id=run.id,
                record=self._record,
                denied=[t for t in denied if t.startswith("mcp__") or t in RESOURCE_TOOLS],
                limits=self.permissions.servers if self.permissions else None,
                hooks=hooks,
                asked=self.permissions.asked_mcp() if self.permissions else (),
                lent=self.lent.get(run.id),
            ) as scope:
                await self._render_system(s, run, plan, scope)
                self._drives[run.id] = self._drive_of(s, run, plan, scope)
                try:
                    outcome = await self._drive(s, run, self._drives[run.id])
                except Exception as exc:  # raised below, outside the servers' task groups
                    outcome = exc
                finally:
                    del self._drives[run.id]
        except WorktreeRefused as exc:  # (as Claude Code's sub-agent: it never starts)
            return Failed("worktree_hook", f"{run.name} has no worktree: {exc}")
        # (merged once its MCP servers have stopped and what a confined one wrote was undone:
        # one alive would write between coord's checks of the worktree and its git there)
        if isinstance(outcome, Complete | NeedsReview | Failed):
            if scope.worktree is not None and self.hooks is not None:
                await self.hooks.settle_run(s.id, run.id)  # none outlives its worktree
            outcome = await self._merge_back(s, run, scope, outcome)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def _drive_rendered(self, s: SessionState, run: RunState, plan: Plan) -> RunOutcome:
        """A plain run's first drive when its system prompt is its own (:attr:`Plan.dynamic`)."""
        await self.store.durable()  # the transition that led here, before any command runs
        await self._render_system(s, run, plan, plan.scope or RunScope(plan.toolset, self.ctx))
        return await self.drive(s, run)

    async def _render_system(
        self, s: SessionState, run: RunState, plan: Plan, scope: RunScope
    ) -> None:
        """``run``'s own system prompt (once): its preloaded skills' commands run as its
        Bash calls would, in ``scope``, and the session's variables substituted
        (:mod:`~coordinator.runtime.skill_shell`); stored before its first model call, so
        that a resume (a new process, after a kill -9) reads it back instead of running
        the commands again (:func:`~coordinator.runtime.rebuild.load_session`)."""
        if not plan.dynamic or run.system is not None:
            return
        bash = any(t["name"] == BashTool.name for t in plan.toolset.schemas())
        shell = SkillShell(run.agent, bash, self.permissions)
        level = effort_level(self.preload.effort(run.agent, run.model), run.model)
        facts = CALL_RUN.set(RunFacts(s.id, level, self._vet(s, run, scope.ctx.root)))
        ledger = self._ledger(s, run)

        async def render(text: str, path: Path) -> str:  # (a plugin's skill sees its folders)
            folders = self.preload.plugin_folders(path)  # (not a command a hook changed)
            own = frozenset(command_list(text)) if folders else frozenset()
            shown = Shown(seeing(scope.ctx, folders), own) if own else None  # (none: no walk)
            meta = skill_meta(path)
            return await rendered(text, shell.for_skill(meta), scope.ctx, ledger, shown)

        try:
            system = await self.preload.rendered_prompt(run.agent, render)
        finally:
            CALL_RUN.reset(facts)
        await self.store.write_turn()  # (a batch worker's turn at writing)
        self.store.update_run(run.id, system=system)  # committed: before the model sees it
        run.system = system

    def _ledger(self, s: SessionState, run: RunState, call: str | None = None) -> CommandLedger:
        """Where ``run``'s preloaded skills' commands (``call`` None), or those of the
        ``context: fork`` skill its Skill call ``call`` invokes (claude104: rendered before
        the call is stored), are noted as they run (each before it starts: its
        ``skill_command`` event), with what an earlier render noted (a process killed while
        one ran: none runs again, skills103)."""
        before: dict[int, tuple[str, str | None]] = {}
        for e in self.store.events(s.id):
            if e.kind == SkillCommand.kind and e.run_id == run.id and e.data.get("call") == call:
                d = e.data
                output = d.get("output")
                before[int(d["n"])] = (
                    str(d["command"]),
                    output if isinstance(output, str) else None,
                )

        async def note(n: int, command: str, output: str | None) -> None:
            await self.store.write_turn()  # (a batch worker's turn at writing)
            self._record(SkillCommand(s.id, run.id, run.name, n, command, output, call))

        return CommandLedger(before, note)

    async def _merge_back(
        self, s: SessionState, run: RunState, scope: RunScope, outcome: Ended
    ) -> Ended:
        """An ended worktree run: merged back, or needs review when its merge conflicts."""
        failed = isinstance(outcome, Failed)
        merged = await merge_back(
            scope, run.name, failed=failed, session_id=s.id, run_id=run.id, record=self._record
        )
        if merged is None or merged.status != MergeStatus.CONFLICT:
            return outcome
        note = conflict_note(merged)
        report = outcome.report
        if report is not None:
            summary = f"{report.summary} [not merged: {note}]".strip()
            report = report.model_copy(
                update={"status": protocols.Status.NEEDS_REVIEW, "summary": summary}
            )
        return NeedsReview(outcome.text, report, reason=note)

    def _plan(self, spec: AgentSpec) -> Plan:
        """The agent's plan, built on the first drive of this spec object (specs are never
        changed in place: a new spec object gets a new plan)."""
        toolset = self.toolsets(spec)
        plain = not wants_worktree(spec) and not spec.extra.get("mcpServers")
        scope = RunScope(toolset, self.ctx) if plain else None
        plan = self._plans[spec.name] = Plan(spec, toolset, self.preload.system_prompt(spec), scope)
        plan.dynamic = self.preload.dynamic(spec)
        return plan

    def _drive_of(self, s: SessionState, run: RunState, plan: Plan, scope: RunScope) -> Drive:
        """What every model call of one drive of ``run`` in ``scope`` shares. A plain
        run's scope never changes, so its request is built once for all its drives."""
        if scope is not plan.scope:  # a worktree or MCP servers: opened for this drive
            own = self._request(run, plan, scope)
            vet = self._vet(s, run, scope.ctx.root)
            return Drive(scope, own, False, RunFacts(s.id, plan.levels[run.model], vet))
        request = run.request
        if request is None:
            request = run.request = self._request(run, plan, scope)
        quiet = self.hooks is None  # (no hooks: nothing to vet a skill's command)
        vet = None if quiet else self._vet(s, run, scope.ctx.root)
        return Drive(scope, request, quiet, RunFacts(s.id, plan.levels[run.model], vet))

    def _vet(self, s: SessionState, run: RunState, root: Path) -> CommandVet | None:
        """``run``'s PreToolUse hooks on a skill's command, as on its Bash call (``root``:
        where its tools work; None: no hooks)."""
        hooks = self.hooks
        if hooks is None:
            return None

        async def vet(command: str) -> tuple[str, str | None]:
            pre = await hooks.pre_tool(s.id, run.id, run.agent, command_use(command), root)
            return vetted(command, pre)

        return vet

    def _request(self, run: RunState, plan: Plan, scope: RunScope) -> ModelRequest:
        model, efforts, tools = run.model, plan.effort, plan.tools
        if model in efforts:
            effort = efforts[model]
        else:
            effort = efforts[model] = self.preload.effort(run.agent, model)
            plan.levels[model] = effort_level(effort, model)
        if tools is None or scope is not plan.scope:
            tools = scope.tools.schemas()
        system = plan.system if run.system is None else run.system
        if scope.instructions:  # its MCP servers' (fidelity115), as Claude Code's prompt has
            system = f"{system}\n\n{scope.instructions}"
        # positional: a class called with keywords is given them as a dict (~5 K instructions)
        return ModelRequest(
            run.name,
            model,
            system,
            tools,
            run.messages,
            self.settings.max_output_tokens,
            effort,
        )

    def _record(self, event: Event) -> None:
        with self.store.transaction():
            self.journal.emit(event)

    def _facts(self, run: RunState) -> RunFacts | None:
        """What ``run``'s tools and hooks are told of it (its drive's; None: not driven):
        the effort level in force, an invoked skill's while it holds (skills103: the
        agent's was told)."""
        d = run.drive or self._drives.get(run.id)
        if d is None or not run.skills:
            return None if d is None else d.facts
        request = self._skilled(run, d)
        level = effort_level(request.effort, request.model)
        return d.facts if level == d.facts.effort else replace(d.facts, effort=level)

    def _effort_of(self, run_id: int) -> str | None:
        """The effort level of the run ``run_id`` being driven (None: none, or not driven)."""
        live = self._live.get(run_id)
        facts = None if live is None else self._facts(live[1])
        return None if facts is None else facts.effort

    def _scope(self, run: RunState) -> RunScope:
        d = run.drive or self._drives.get(run.id)  # a plain run's, or this drive's scope
        return d.scope if d is not None else RunScope(self.toolsets(run.agent), self.ctx)

    async def _drive(self, s: SessionState, run: RunState, d: Drive) -> RunOutcome:
        """The loop: call the model, act on its turn, until the run stops."""
        await self.store.durable()  # the transition that led here, before anything else
        self._live[run.id] = (s, run)
        try:
            return await self._loop(s, run, d)
        except StepCut as cut:  # nothing of the step stored: handed back before it
            step = self.step_stop
            if step is None:
                raise
            with self.store.transaction():  # (why, for `coord log`: the claim still held)
                self.journal.emit(StepEnded(s.id, run.id, run.name, step.ended_by, cut.what))
            step.hand_back(self.store, cut)
        finally:
            del self._live[run.id]

    async def _loop(self, s: SessionState, run: RunState, d: Drive) -> RunOutcome:
        """:meth:`_drive`'s loop (``run`` registered as live)."""
        turn: StoredTurn | None = None  # None: call the model
        if run.messages and run.messages[-1]["role"] == "assistant":
            turn = pending_turn(run)
        if run.skills is None:  # (a fresh run has invoked nothing: no call, engine5)
            run.skills = self._active_skills(s, run) if run.turns else []
        try:
            if run.hook_stop is not None:  # a PostToolUse hook on its forked Skill call
                stop, run.hook_stop = run.hook_stop, None
                self._hook_stop(run, stop)
            if self.permissions is not None and self.permissions.rules:
                self._refuse_denied(self.permissions, run)
            if self.hooks is not None:
                await self._subagent_start(s, run)
            while True:
                if turn is None:
                    if self._budgeted and (waiting := self._over_budget(s, run)) is not None:
                        return waiting
                    turn = await self._model_turn(s, run, d)
                if isinstance(turn, Turn):  # acted on (tools, a pause, hooks) before any report
                    step = await self._handle(s, run, turn)
                else:  # a final message not written yet: its report is read next
                    step = self._read_report(s, run, turn.text)
                if not isinstance(step, CallModel):
                    return step
                turn = None
        except RunFailure as exc:
            await self._stop_failure(s, run, exc)
            if exc.resumable:
                raise
            return Failed(exc.kind, exc.message)
        except AccessRefused as exc:  # (a user error: the session is left interrupted)
            await self._stop_failure(s, run, exc)
            if isinstance(exc, ModelNotFound):
                exc.hint = exc.tool_hint = self._model_source(run) or exc.hint
            raise

    async def _model_turn(self, s: SessionState, run: RunState, d: Drive) -> StoredTurn:
        """One model call of ``run`` and its stored turn, once the checks before spending it
        pass (the run's turn limit, rewakes delivered, the claim still held; the session's
        budget is checked before). A refusal, billed, is recorded before it is raised."""
        if run.turns >= run.max_turns:
            self._turn_limit(run)
        if self.hooks is not None:
            self._rewake(s, run, self.hooks)
        self.store.check_claim()  # fenced, or handing back: before spending a call
        request = d.request if not run.skills else self._skilled(run, d)
        started = perf_counter()
        try:
            call = self.provider.complete(request)  # (a worker's: bounded)
            bound = self.step_stop
            response = await (call if bound is None else _bounded_reply(call, bound, self.provider))
        except ProviderError as exc:
            if exc.usage is not None:  # a refusal: billed, so a model call
                ms = int((perf_counter() - started) * 1000)
                self._billed(s, run, exc, ms, request.model)
            raise
        ms = int((perf_counter() - started) * 1000)
        if self.store.REJOINS and (lost := self.store.rejoin()) is not None:
            await lost  # a shared store's server restarted meanwhile
        return self._store_turn(s, run, response, ms, d.quiet)

    def _model_source(self, run: RunState) -> str | None:
        """Where ``run``'s model was asked for when its agent file's ``model:`` names it
        (review127: a sub-agent's 404 pointed only at --model and the settings), or None."""
        spec, line = run.agent, run.agent.keys.get("model")
        if spec.model is None or line is None or spec.source is None:
            return None
        if spec.model.strip() in ("inherit", "default"):  # the session's default model
            return None
        if self.settings.resolve_model(spec.model) != run.model:
            return None  # (--model, inherit, or availableModels chose another)
        return (
            f"{run.name}'s model comes from `model: {spec.model}` in {spec.source}:{line}: "
            "fix it there (or give --model, which every run then calls)"
        )

    async def _stop_failure(
        self, s: SessionState, run: RunState, exc: RunFailure | AccessRefused
    ) -> None:
        """StopFailure hooks, once, when ``run`` ends on a model API failure ``exc``
        (:func:`~coordinator.providers.base.api_error_of`: none for a run ending otherwise):
        failed, or interrupted (retries exhausted, a rejected key). Nothing they do, nor
        their own failure, changes how the run ends: an error firing them is logged."""
        error = api_error_of(exc)
        if self.hooks is None or error is None:
            return
        where = self._scope(run).ctx.root
        last = last_reply(run.messages)
        try:
            await self.hooks.failed(s.id, run.id, run.agent, error, exc.message, last, where)
        except Exception as failure:  # (a worker's stop cutting them short, a store error)
            log.warning("StopFailure hooks of run %s: %s", run.id, failure)

    @staticmethod
    def _refuse_denied(permissions: PermissionRules, run: RunState) -> None:
        """RunFailure before anything of ``run`` when a deny (or ask: coord asks nobody)
        rule of ``permissions`` on the Agent tool keeps its agent from running
        (:meth:`~coordinator.runtime.permissions.PermissionRules.agent_rule`)."""
        found = permissions.agent_rule(run.agent.name, delegated=run.parent_id is not None)
        if found is not None:
            raise RunFailure(
                f"{run.name} may not run: the rule {found.label()} refuses the agent "
                f"{run.agent.name}",
                kind="agent_denied",
            )

    def _over_budget(self, s: SessionState, run: RunState) -> Waiting | None:
        """Waiting for a raised budget when the session's spend reached a limit."""
        spent = self.limits.exceeded(s.usage, s.cost)
        if spent is None:
            return None
        return Waiting(Question(run.id, run.name, WaitReason.BUDGET, detail=str(spent)))

    def _turn_limit(self, run: RunState) -> None:
        raise RunFailure(
            f"{run.name} reached its turn limit ({run.max_turns} model calls)",
            kind="max_turns",
        )

    async def _handle(self, s: SessionState, run: RunState, turn: Turn) -> RunOutcome | CallModel:
        """Act on one assistant turn (a refusal never gets here: the provider raises it)."""
        if turn.tool_uses:
            deferred = await self._run_tools(s, run, turn.tool_uses)
            return CALL_MODEL if deferred is None else deferred
        if turn.stop_reason == StopReason.PAUSE_TURN:
            return CALL_MODEL
        if turn.stop_reason == StopReason.MAX_TOKENS:
            self._ask_to_continue(run, turn.cut)
            return CALL_MODEL
        if self.hooks is not None and await self._stop_blocked(s, run, self.hooks):
            return CALL_MODEL
        return self._read_report(s, run)

    # ---- hooks around the run ------------------------------------------------------------

    async def _subagent_start(self, s: SessionState, run: RunState) -> None:
        """InstructionsLoaded (its system prompt's instruction files) and SubagentStart hooks
        before a run's first model call, once a process; a run this process resumes past it
        is given those files again, read as they are now: InstructionsLoaded alone, as a
        resumed Claude Code session loads (and fires for) them again."""
        if self.hooks is None or run.id in self._started:
            return
        self._started.add(run.id)
        where = self._scope(run).ctx.root  # InstructionsLoaded: its system prompt's files
        await self.hooks.loaded(
            s.id, run.id, run.agent, self.preload.instructions().files, where=where
        )
        if run.turns > 0:
            return
        context = await self.hooks.started(s.id, run.id, run.agent, where)
        if context is not None:
            with self.store.transaction():
                self._append(run, _user(context))

    def _rewake(self, s: SessionState, run: RunState, hooks: HookGate) -> None:
        """Give ``run`` the rewakes of its ``asyncRewake`` hooks that exited 2 since its
        last call: one user message, stored with their delivery (never lost, never twice)."""
        pending = hooks.rewakes(s.id, run.id)
        if not pending:
            return
        text = rewake_message([(w.event, w.text) for w in pending])
        with self.store.transaction():
            self._append(run, _user(text))
            self.journal.emit(*(RewakeDelivered(s.id, run.id, w.token) for w in pending))
        hooks.delivered(s.id, run.id)

    async def _stop_blocked(self, s: SessionState, run: RunState, hooks: HookGate) -> bool:
        """Stop/SubagentStop hooks: True when one sent the agent back to work."""
        blocks = self._stop_blocks.get(run.id, 0)
        verdict = await hooks.stopping(
            s.id,
            run.id,
            run.agent,
            root=run.parent_id is None,
            active=blocks > 0,
            text=final_text(run.messages),
            where=self._scope(run).ctx.root,
        )
        if verdict.stop is not None:
            raise RunFailure(f"a hook stopped {run.name}: {verdict.stop}", kind="hook_stopped")
        if not verdict.block or blocks >= MAX_STOP_BLOCKS:
            return False
        self._stop_blocks[run.id] = blocks + 1
        with self.store.transaction():
            self._append(run, _user(stop_blocked_message(verdict.feedback)))
        return True

    # ---- the model call ------------------------------------------------------------------

    def _store_turn(
        self, s: SessionState, run: RunState, response: ModelResponse, ms: int, quiet: bool
    ) -> StoredTurn:
        """Record the turn: committed at once (a :class:`Turn`), or, when it is a final
        message whose report is read next with nothing in between (``quiet``: no hooks,
        worktree or MCP servers), kept on the run as its :class:`UnsavedTurn` (returned),
        written with the step that acts on it."""
        stop_reason = response.stop_reason
        content, cut = stored_reply(response.content, stop_reason)
        usage = response.usage
        model = response.model or run.model
        cost = self._cost(model, usage)
        message: JSON = {"role": "assistant", "content": content}
        run.turns += 1
        run.stop_reason = stop_reason
        run.messages.append(message)
        fields = self._add_usage(s, run, usage, ms, cost)
        by = self.provider.name
        event = _called(s, run, usage, model, ms, cost, by, response.response_id, response.server)
        if quiet and stop_reason not in GOES_ON:
            first = content[0] if len(content) == 1 else None
            if first is not None and first.get("type") == "text":  # the usual final message
                unsaved = run.unsaved = UnsavedTurn(message, fields, event, first.get("text", ""))
                return unsaved
            if not _uses_tools(content):  # a final message of other blocks
                unsaved = run.unsaved = UnsavedTurn(message, fields, event, None)
                return unsaved
        # (made again whole if the server rolls it back: the reply is never asked twice)
        self.store.written(lambda: self.journal.step(run.id, fields, message, (event,)))
        return Turn(content, stop_reason, cut)

    def _billed(
        self, s: SessionState, run: RunState, exc: ProviderError, ms: int, model: str
    ) -> None:
        """A call on ``model`` (the run's, or an invoked skill's) that failed but was billed
        (``exc.usage``: a refusal, a context window overflow) counted as every model call
        is: one more of the run's calls, its tokens, cost and time, and its ``model_call``
        event (its message id and server), stored at once (no message: the run fails)."""
        usage = exc.usage or Usage()
        cost = self._cost(model, usage)
        run.turns += 1
        run.stop_reason = exc.stop_reason
        fields = self._add_usage(s, run, usage, ms, cost)
        by = self.provider.name
        event = _called(s, run, usage, model, ms, cost, by, exc.response_id, exc.server)
        with self.store.transaction():
            self.journal.step(run.id, fields, None, (event,))

    def _cost(self, model: str, usage: Usage) -> float:
        """The USD cost of ``usage`` on ``model`` (each model id's price looked up once)."""
        prices = self._prices
        price = prices[model] if model in prices else self._price(model)
        if price is None:
            return 0.0
        cost = usage.input_tokens * price.input + usage.output_tokens * price.output
        writes, reads = usage.cache_creation_input_tokens, usage.cache_read_input_tokens
        if writes or reads:  # (the same sum, in the same order, as pricing.cost_of)
            cost = cost + writes * price.cache_write + reads * price.cache_read
        return cost / MILLION

    def _price(self, model: str) -> Price | None:
        if model in self._prices:
            return self._prices[model]
        price = price_of(model, self.settings.prices)
        if price is None and self.limits.max_cost is not None:
            price = ceiling(self.settings.prices)  # a budget limits what it cannot price
            log.warning(
                "model %s has no known price: counted at the highest known one against "
                "max_session_cost (give its price under 'prices' in your settings)",
                model,
            )
        self._prices[model] = price
        return price

    def _count(self, s: SessionState, run: RunState, usage: Usage, model: str, ms: int) -> None:
        """Add one call's usage and cost to the run and the session, and store the run's."""
        cost = self._cost(model, usage)
        self.store.update_run(run.id, **self._add_usage(s, run, usage, ms, cost))

    def _add_usage(
        self, s: SessionState, run: RunState, usage: Usage, ms: int, cost: float
    ) -> dict[str, Any]:
        """Add one call's usage and cost to the run and the session; the run's columns that
        this call changes (the cache counters only once the run has used the cache: a run's
        row starts at 0 and its totals only grow)."""
        total, spent = run.usage, s.usage
        inputs, outputs = usage.input_tokens, usage.output_tokens
        total.input_tokens += inputs  # in place, as state.add_usage (here: no calls)
        total.output_tokens += outputs
        spent.input_tokens += inputs
        spent.output_tokens += outputs
        writes, reads = usage.cache_creation_input_tokens, usage.cache_read_input_tokens
        if writes or reads:  # a call without the cache adds nothing to these
            total.cache_creation_input_tokens += writes
            total.cache_read_input_tokens += reads
            spent.cache_creation_input_tokens += writes
            spent.cache_read_input_tokens += reads
        run.cost += cost
        s.cost += cost
        run.model_ms += ms
        fields = {
            "turns": run.turns,
            "stop_reason": run.stop_reason,
            "input_tokens": total.input_tokens,
            "output_tokens": total.output_tokens,
            "cost_usd": run.cost,
            "model_ms": run.model_ms,
        }
        if total.cache_creation_input_tokens or total.cache_read_input_tokens:
            fields["cache_write_tokens"] = total.cache_creation_input_tokens
            fields["cache_read_tokens"] = total.cache_read_input_tokens
        if run.status_owed:  # resumed: its row said blocked until this step
            run.status_owed = False
            fields["status"] = _RUNNING
        owed = run.owed
        if owed is not None:  # its blocked step's columns, this call's newer counters over them
            run.owed = None
            owed.update(fields)
            return owed
        return fields

    def charge(self, s: SessionState, run: RunState, runs: list[HookRun]) -> None:
        """Count the model calls of ``runs`` (prompt and agent hooks) as ``run``'s: its and the
        session's tokens, cost and model time (so its budget), and store the run's."""
        for hook in runs:
            if hook.usage is not None:
                self._count(s, run, hook.usage, hook.model, hook.ms)

    def charge_session(self, s: SessionState, runs: list[HookRun]) -> None:
        """Count the model calls of ``runs`` (the prompt hooks of a request refused before
        it had a run) as the session's alone: its result's tokens and cost (nothing to
        store: their ``hook`` events keep each call's)."""
        for hook in runs:
            if hook.usage is not None:
                add_usage(s.usage, hook.usage)
                s.cost += self._cost(hook.model, hook.usage)

    def _meter(self, session_id: str, run_id: int, runs: list[HookRun]) -> None:
        """:meth:`charge` for hooks fired in a run driven here (the gate's meter)."""
        live = self._live.get(run_id)
        if live is not None:
            self.charge(*live, runs)

    def _append(self, run: RunState, message: JSON) -> None:
        self.store.append_message(run.id, message)
        run.messages.append(message)

    # ---- tools ---------------------------------------------------------------------------

    async def _run_tools(
        self, s: SessionState, run: RunState, uses: list[JSON]
    ) -> Waiting | Forked | None:
        """Answer every tool_use of the turn; reuse results the store already has. Waiting
        (nothing stored) when a PreToolUse hook defers the turn's only call; Forked when a
        Skill call's skill runs as a sub-agent (the calls before it answered and stored:
        the engine answers it, and the rest run when the run goes on)."""
        recorded = self.store.tool_calls(run.id, run.turns)
        results = []
        for use in uses:
            row = recorded.get(use["id"])
            if row is not None and row.state == CallState.DONE:
                result = ToolResult(row.result or "", row.is_error)
            elif row is not None:
                result = self._interrupted(s, run, use)
            else:
                self.store.check_claim()  # a step boundary: a stopping worker hands back here
                ran = await self._run_tool(s, run, use, solo=len(uses) == 1)
                if isinstance(ran, Waiting | Forked):
                    return ran
                result = ran
            results.append(_tool_result_block(use["id"], result))
        said, stop = await self._batch_done(s, run, uses, results)
        read = self._read_context(run, uses, results)
        if read is not None:  # the sub-folders' CLAUDE.md files and rules the Reads reached
            results.append({"type": "text", "text": given_text(read)})
        if read is not None and self.hooks is not None:  # before the results are stored:
            await self.hooks.loaded(  # ended by a stop, fired again by the next driver
                s.id, run.id, run.agent, read.files, trigger=read.trigger, scoped=read.scoped
            )
        if said is not None:  # PostToolBatch hooks' context, next to the results
            results.append({"type": "text", "text": said})
        later = self.hooks.async_context(s.id, run.id) if self.hooks is not None else None
        if later is not None:  # finished async hooks' output: the model's next turn
            results.append({"type": "text", "text": later})
        self._append(run, {"role": "user", "content": results})
        self._hook_stop(run, stop)  # (the results stored: a resumed run has them)
        return None

    async def _batch_done(
        self, s: SessionState, run: RunState, uses: list[JSON], results: list[JSON]
    ) -> tuple[str | None, str | None]:
        """The turn's PostToolBatch hooks, given each call (its input as the model wrote
        it) with its result's text (:meth:`HookGate.batch_done`): their text, and why the
        run stops."""
        if self.hooks is None:
            return None, None
        calls = [
            {
                "tool_name": use["name"],
                "tool_input": use.get("input"),
                "tool_use_id": use["id"],
                "tool_response": block["content"],
            }
            for use, block in zip(uses, results, strict=True)
        ]
        where = self._scope(run).ctx.root
        return await self.hooks.batch_done(s.id, run.id, run.agent, calls, where)

    def _read_context(self, run: RunState, uses: list[JSON], results: list[JSON]) -> Given | None:
        """The instruction files the turn's successful Reads bring (:meth:`Preload.read_given`):
        those of the folder its tools work in (a worktree run's: its worktree's own copy)."""
        reads = []
        for use, result in zip(uses, results, strict=True):
            args = use.get("input")
            if use["name"] == "Read" and not result["is_error"] and isinstance(args, dict):
                path = args.get("file_path")
                if isinstance(path, str):
                    reads.append(path)
        if not reads:
            return None
        root = self._scope(run).ctx.root
        return self.preload.read_given(run.agent, reads, run.messages, root)

    async def _run_tool(
        self, s: SessionState, run: RunState, use: JSON, *, solo: bool
    ) -> ToolResult | Waiting | Forked:
        """PreToolUse hooks, the start stored (with the input really used), the tool, its
        PostToolUse hooks, the result stored; a refused call is stored started and done.
        A ``defer`` holds a ``solo`` call (the turn's only one, as in Claude Code): Waiting,
        nothing stored; with siblings it is no decision. A Skill call of a ``context:
        fork`` skill, let through: Forked, nothing stored (the engine stores its start with
        its sub-agent's run)."""
        pre = PreTool(use.get("input"))
        scope = self._scope(run)  # its tools' folder: a worktree run's ``if`` rules read it
        if self.hooks is not None:
            pre = await self.hooks.pre_tool(s.id, run.id, run.agent, use, scope.ctx.root)
        if pre.deferred is not None and solo and pre.stop is None:
            detail = f"a PreToolUse hook deferred its {use['name']} call: {pre.deferred}"
            return Waiting(Question(run.id, run.name, WaitReason.TOOL_DEFERRED, detail=detail))
        pre = self._permitted(run.agent, use["name"], pre, scope.ctx)
        if run.skills and pre.refused is None:  # an invoked skill's disallowed-tools
            rules = deny_rules(run.skills)
            gone = removed(run.skills, rules, use["name"], pre.input, scope.ctx.root)
            pre = pre if gone is None else PreTool(pre.input, gone, pre.stop, context=pre.context)
        if self.store.REJOINS and (lost := self.store.rejoin()) is not None:
            await lost
        if self.step_stop is not None and self.step_stop.asked:  # stopped during its hooks:
            self.store.check_claim()  # handed back before it starts
        if pre.refused is not None or pre.stop is not None:
            return self._refuse(s, run, use, pre)
        if use["name"] == SKILL_TOOL:
            fork = await self._fork_of(s, run, use["id"], pre.input, scope.ctx)
            if fork is not None:
                return Forked({**use, "input": pre.input}, fork)
        self._tool_started(s, run, use, pre.input, runs=True)
        started = perf_counter()
        facts = CALL_RUN.set(self._facts(run))  # (an invoked skill's, Bash's CLAUDE_EFFORT)
        try:
            result, ended = await self._execute(use["name"], pre.input, scope)
        finally:
            CALL_RUN.reset(facts)
        ms = int((perf_counter() - started) * 1000)
        stop = None
        if self.hooks is not None and ended:  # (a call ended by a stop did not end)
            try:
                result, stop = await self.hooks.post_tool(
                    s.id, run.id, run.agent, use, pre.input, result, scope.ctx.root
                )
            except StepCut:  # the tool ran: its result stored, the session handed back
                self._tool_done(s, run, use, pre.with_context(self._hooks_cut(result)), ms)
                raise
        result = pre.with_context(result)
        invoked: Invoked | None = None
        if use["name"] == SKILL_TOOL and ended and not result.is_error:
            result, invoked = self._skill_invoked(s, run, pre.input, result)
        if self.store.REJOINS and (lost := self.store.rejoin()) is not None:
            await lost
        said = () if invoked is None else (invoked.event(s.id, run.id, run.name),)
        self._tool_done(s, run, use, result, ms, said)
        self._hook_stop(run, stop)
        return result

    # ---- an invoked inline skill's fields ---------------------------------------------

    def _active_skills(self, s: SessionState, run: RunState) -> list[Invoked]:
        """The inline skills whose ``model``, ``effort``, ``disallowed-tools`` hold in
        ``run`` now, as its events say (read only when a skill it may invoke sets one; a
        run that has made a turn: a fresh one has invoked nothing)."""
        tool = self.toolsets(run.agent).get(SKILL_TOOL)
        if not isinstance(tool, SkillTool):
            return []
        if not any(k in sk.meta for sk in tool.skills for k in APPLIED):
            return []
        return active_in(self.store, s.id, run.id)

    def _skilled(self, run: RunState, d: Drive) -> ModelRequest:
        """``d``'s request with the model, effort and tools ``run``'s active skills give."""
        agent = run.agent
        return skill_request(
            d.request,
            run.skills or (),
            self.skill_model,
            lambda model: self.preload.effort(agent, model),
            self.settings.prices,
            d.scope.ctx.root,
        )

    def _skill_invoked(
        self, s: SessionState, run: RunState, args: Any, result: ToolResult
    ) -> tuple[ToolResult, Invoked | None]:
        """A Skill call answered inline: what its skill applies (its ``hooks`` registered
        for the session, the rest held by ``run``), and its result with a line on what is
        not; stored by the caller with the result (its ``skill_invoked`` event)."""
        tool = self.toolsets(run.agent).get(SKILL_TOOL)
        found = tool.invoked(args) if isinstance(tool, SkillTool) else None
        invoked, notes = invoked_of(*found) if found is not None else (None, [])
        if invoked is None:
            return result, None
        if invoked.hooks is not None and self.hooks is not None:
            notes += self.hooks.register_skill(s.id, invoked)
        elif invoked.hooks is not None:
            notes.append("hooks: no hook runs in this session (--no-hooks or managed only)")
        if invoked.model or invoked.effort or invoked.disallowed:
            run.skills = [*(run.skills or ()), invoked]
        return with_notes(result, invoked, notes), invoked

    async def _fork_of(
        self, s: SessionState, run: RunState, call: str, args: Any, ctx: ToolContext
    ) -> Fork | None:
        """The :class:`Fork` of ``run``'s Skill call ``call`` (its id) invoking a ``context:
        fork`` skill its tool offers, else None (``ctx``: its tools' context, where the
        skill's commands run, each at most once: the call is stored with its sub-agent's
        run, after them, so a resume renders it again from their ``skill_command`` events)."""
        tool = self.toolsets(run.agent).get(SKILL_TOOL)
        if not isinstance(tool, SkillTool):
            return None
        facts = CALL_RUN.set(self._facts(run))  # (the skill's ${CLAUDE_SESSION_ID}, effort)
        try:
            return await tool.fork(args, ctx, lambda: self._ledger(s, run, call))
        finally:
            CALL_RUN.reset(facts)

    def call_started(self, s: SessionState, run: RunState, use: JSON) -> None:
        """Store ``run``'s call ``use`` as started (its ``tool_call`` event told): a Skill
        call whose sub-agent the engine starts in the same transaction."""
        self._tool_started(s, run, use, use.get("input"), runs=True)

    async def fork_answered(
        self, s: SessionState, run: RunState, use: JSON, result: ToolResult
    ) -> ToolResult:
        """``result``, the answer of ``run``'s forked Skill call ``use`` (its sub-agent's
        final message, or its failure), after ``run``'s PostToolUse (PostToolUseFailure)
        hooks, as every call's: their feedback and context appended; a ``continue: false``
        ends ``run`` when it goes on (:attr:`RunState.hook_stop`). ``run`` is not driven
        now: it counts as live while they run (their ``effort``, a prompt hook's spend).
        A skill setting ``background: true`` gets a line saying it was waited for."""
        tool = self.toolsets(run.agent).get(SKILL_TOOL)
        found = tool.invoked(use.get("input")) if isinstance(tool, SkillTool) else None
        if self.hooks is not None:
            result = await self._fork_post_hooks(self.hooks, s, run, use, result)
        return result if found is None else background_note(result, found[0])

    async def _fork_post_hooks(
        self, hooks: HookGate, s: SessionState, run: RunState, use: JSON, result: ToolResult
    ) -> ToolResult:
        """:meth:`fork_answered`'s hooks, fired as in a drive of ``run`` (one stands in when
        none is open: review106): in the folder its tools work in (a worktree run's
        worktree, whose hooks' sandbox may write only there), told the effort in force."""
        standing = run.drive is None and run.id not in self._drives
        if standing:
            self._drives[run.id] = await self._standing_drive(s, run)
        self._live[run.id] = (s, run)
        try:
            where = self._scope(run).ctx.root
            result, run.hook_stop = await hooks.post_tool(
                s.id, run.id, run.agent, use, use.get("input"), result, where
            )
        except StepCut:  # the sub-agent ended: its result stored, the next step hands back
            result = self._hooks_cut(result)
        finally:
            del self._live[run.id]
            if standing:
                del self._drives[run.id]
        return result

    async def _standing_drive(self, s: SessionState, run: RunState) -> Drive:
        """A drive of ``run`` opening nothing, for what runs while it is not driven: a plain
        run's own; a worktree (or MCP) run's in the folder its tools worked in."""
        plan = self._plans.get(run.name)
        if plan is None or plan.spec is not run.agent:
            plan = self._plan(run.agent)
        if plan.scope is not None:
            return self._drive_of(s, run, plan, plan.scope)
        opened = None
        if wants_worktree(run.agent):
            for e in self.store.events(s.id):
                if e.kind == WorktreeOpened.kind and e.run_id == run.id:
                    opened = str(e.data["path"])
        root = await worked_in(self.ctx.root, opened)
        return self._drive_of(s, run, plan, RunScope(plan.toolset, replace(self.ctx, root=root)))

    def call_answered(self, s: SessionState, run: RunState, use: JSON, result: ToolResult) -> None:
        """Store ``result`` as the answer of ``run``'s call ``use`` (stored started), in its
        current turn: a forked Skill call's, once its sub-agent ended, or its refusal."""
        self._tool_done(s, run, use, result, 0)

    def _hooks_cut(self, result: ToolResult) -> ToolResult:
        """``result`` with its PostToolUse hooks ended by the worker's stop."""
        step = self.step_stop
        return hooks_cut_result(result, *((step.grace, step.stalled) if step else (None, None)))

    async def _execute(self, name: str, args: Any, scope: RunScope) -> tuple[ToolResult, bool]:
        """The tool's result and whether it ran to its end; False when its worker's stop
        ended it (:attr:`step_stop`'s grace ran out first): :func:`stopped_result`, with
        what it had output (:data:`~coordinator.tools.base.CALL_PARTIAL`)."""
        call = scope.tools.execute(name, args, scope.ctx)
        step = self.step_stop
        if step is None:
            return await call, True
        partial = PartialOutput()
        token = CALL_PARTIAL.set(partial)  # (the call's task is made inside: it sees it)
        try:
            limit = bash_limit(args, scope.ctx) if name == BashTool.name else None
            ran = await step.bounded(call, limit)  # (Bash within its timeout: never stalled)
        finally:
            CALL_PARTIAL.reset(token)
        if ran is None:
            return stopped_result(step.grace, partial.output, step.stalled), False
        return ran, True

    def _permitted(self, agent: AgentSpec, name: str, pre: PreTool, ctx: ToolContext) -> PreTool:
        """The agent's own rules (``Bash(git diff:*)`` in its tools, ``Bash(rm:*)`` in its
        disallowedTools) and the settings' permission rules on the call the hooks let
        through (checked after PreToolUse, with the input the tool would really get, as in
        Claude Code), then Bash being off (``ctx.allow_bash``)."""
        if pre.refused is not None:
            return pre
        root = ctx.root
        home = self.permissions.home if self.permissions is not None else Path.home()
        refused = agent_rules(agent).refused(name, pre.input, root, home)
        if refused is None and self.permissions is not None:
            refused = self.permissions.refused(name, pre.input, root, agent.permission_mode)
        if refused is None and name == BashTool.name and not ctx.allow_bash:
            refused = bash_off_result()
        if refused is None:
            return pre
        return PreTool(pre.input, refused, pre.stop, context=pre.context)

    def _refuse(self, s: SessionState, run: RunState, use: JSON, pre: PreTool) -> ToolResult:
        """A call refused before it starts (``pre``: a hook, a rule, Bash off), stored
        started and done in one commit: its refusal is its only event (no ``tool_call``),
        and a crash between two commits left a started call the resume stored as
        interrupted, the refusal lost; now it leaves none, which the resume refuses again."""
        refused = pre.refused or ToolResult(
            f"Stopped by a hook: {pre.stop}", True, refused=Refusal(RefusedBy.HOOK)
        )
        refused = pre.with_context(refused)
        with self.store.transaction():
            self._tool_started(s, run, use, pre.input, runs=False)
            self._tool_done(s, run, use, refused, 0)
        self._hook_stop(run, pre.stop)
        return refused

    def _tool_started(
        self, s: SessionState, run: RunState, use: JSON, args: Any, *, runs: bool
    ) -> None:
        """The call stored as started; its ``tool_call`` event only for a call that ``runs``
        (one refused before it starts has its ``tool_refused`` event alone: one line in the
        progress, one span in the traces)."""
        with self.store.transaction():
            stored = args if isinstance(args, dict) else (use.get("input") or {})
            self.store.tool_started(run.id, run.turns, use["id"], use["name"], stored)
            if runs:
                brief = input_brief(args)
                name = use["name"]
                self.journal.emit(ToolStarted(s.id, run.id, run.name, use["id"], name, brief))

    def _hook_stop(self, run: RunState, reason: str | None) -> None:
        """``continue: false`` from a hook ends the run (a Failed outcome, kind hook_stopped)."""
        if reason is not None:
            raise RunFailure(f"a hook stopped {run.name}: {reason}", kind="hook_stopped")

    def _interrupted(self, s: SessionState, run: RunState, use: JSON) -> ToolResult:
        result = ToolResult(INTERRUPTED_TOOL, is_error=True)
        self._tool_done(s, run, use, result, 0)
        return result

    def _tool_done(
        self,
        s: SessionState,
        run: RunState,
        use: JSON,
        result: ToolResult,
        ms: int,
        said: Sequence[Event] = (),
    ) -> None:
        """The call's result stored, with its events (and ``said``: a skill's invocation)."""
        with self.store.transaction():
            self.store.tool_done(run.id, run.turns, use["id"], result.content, result.is_error)
            if said:
                self.journal.emit(*said)
            if result.refused is not None:  # for the progress, the log and the traces
                self.journal.emit(_refused(s, run, use, result, result.refused))
            self.journal.emit(
                ToolFinished(
                    s.id,
                    run.id,
                    run.name,
                    use["id"],
                    use["name"],
                    result.is_error,
                    _first_line(result.content),
                    ms,
                    result.exit_code,
                )
            )
            changed = result.changed
            if changed is not None and (
                changed.files or changed.unfollowed or changed.head or changed.refs
            ):
                self.journal.emit(_bash_changed(s, run, use["id"], changed))
            if result.hidden is not None:  # the user's to fix: told in the progress and log
                h = result.hidden
                self.journal.emit(
                    ProgramHidden(s.id, run.id, run.name, h.program, str(h.path), h.setting)
                )
            if result.bash_off and run.id not in self._told_bash_off:
                self._told_bash_off.add(run.id)
                self.journal.emit(BashOff(s.id, run.id, run.name, BASH_OFF))

    # ---- stopping: continue prompts and reports ------------------------------------------

    def _ask_to_continue(self, run: RunState, cut: tuple[str, ...] = ()) -> None:
        """Ask the model to go on after a reply cut off at the output token limit (naming
        the tool calls it cut off, never run), or fail the run past its continuations."""
        if run.continuations >= self.settings.max_continuations:
            # (review127: the user was not told which call, nor which setting)
            calls = f", the last in its call of {', '.join(dict.fromkeys(cut))} (not run)"
            raise OutputLimit(
                f"{run.name}'s reply hit the output token limit "
                f"({self.settings.max_output_tokens}) "
                f"{counted(self.settings.max_continuations + 1, 'time')}"
                f"{calls if cut else ''}: raise max_output_tokens in your config file"
            )
        with self.store.transaction():
            run.continuations += 1
            self._append(run, _user(continue_message(cut)))
            self.store.update_run(run.id, continuations=run.continuations)

    def _read_report(
        self, s: SessionState, run: RunState, last: str | None = None
    ) -> RunOutcome | CallModel:
        """The run's outcome from its final message (``last``: the text of its last turn
        when that turn is one text block); CALL_MODEL after asking for a repair."""
        messages = run.messages
        # after a last turn there is always a user message before it (a run starts with one)
        before = messages[-2]["content"] if last is not None else None
        if last is not None and isinstance(before, str) and not before.startswith(CONTINUE_MARKER):
            text = last.strip()  # the last turn is the whole final message
        else:
            text = final_text(messages)
        try:
            report = protocols.parse_report(text, identity=self.identity(s, run))
        except protocols.ReportParseError as exc:
            limit = self.settings.max_report_repairs
            if run.repairs >= limit:
                return NeedsReview(text, reason=str(exc))
            with self.store.transaction():
                self.save_turn(run)  # the final message first, then the request to repair it
                run.repairs += 1
                self._append(run, _user(repair_message(str(exc), run.repairs, limit)))
                self.store.update_run(run.id, repairs=run.repairs)
                self.journal.emit(
                    ReportRead(s.id, run.id, run.name, None, error=str(exc), repair=run.repairs)
                )
            return CALL_MODEL
        state = report.status  # the outcome it states (state.outcome_of, inline)
        if state is COMPLETE:
            return Complete(report, text)
        if state is BLOCKED:
            return Blocked(report, text)
        return NeedsReview(text, report)

    def save_turn(self, run: RunState) -> None:
        """Write the run's unsaved final turn, if any (inside the caller's transaction)."""
        unsaved = run.unsaved
        if unsaved is not None:
            run.unsaved = None
            self.journal.step(run.id, unsaved.fields, unsaved.message, (unsaved.event,))


async def _bounded_reply(
    call: Awaitable[ModelResponse], step: StepStop, provider: Provider
) -> ModelResponse:
    """``call``'s reply; :class:`StepCut` when the worker's stop ended it first (paid for,
    not stored: the next driver makes it again). The stall watch counts no time within the
    ``provider``'s own bound on a call (:func:`call_bound`)."""
    response = await step.bounded(call, call_bound(provider))
    if response is None:
        if step.stalled is not None:
            raise StepCut(
                f"a model call with no progress for {step.stalled:g} s (paid, not stored)"
            )
        grace = step.grace
        raise StepCut(f"a model call in flight {grace:g} s after the stop (paid, not stored)")
    return response


#: What a reply whose every block the limit cut off is stored as (one with nothing the API
#: would take back: :data:`~coordinator.providers.body.NO_REPLY`).
CUT_OFF = "(cut off)"


def stored_reply(
    content: list[JSON], stop_reason: str | None
) -> tuple[list[JSON], tuple[str, ...]]:
    """The blocks of a reply as stored and sent back, and the tools whose calls it cut off.

    A reply cut off at the output token limit (``max_tokens``) loses its tool_use blocks:
    their input may be cut mid-JSON, and a call is never run from one. Blank text blocks
    (empty or whitespace only: :func:`~coordinator.providers.body.blank`) are dropped, and a
    reply left with no block is stored as ``NO_REPLY`` (or :data:`CUT_OFF`): the API refuses
    an earlier assistant message with empty content or a blank text block (400
    ``invalid_request_error``; the provider mends them at sending too), so storing it as it
    came would fail every later call of the run (the API answers an empty ``end_turn`` now
    and then, after tool results most often).
    """
    cut: tuple[str, ...] = ()
    if stop_reason == StopReason.MAX_TOKENS:
        cut = tuple(str(b.get("name")) for b in content if b.get("type") == "tool_use")
        if cut:
            content = [b for b in content if b.get("type") != "tool_use"]
    if content and not any(map(blank, content)):
        return content, cut
    kept = [b for b in content if not blank(b)]
    return kept or [{"type": "text", "text": CUT_OFF if cut else NO_REPLY}], cut


def pending_turn(run: RunState) -> Turn | None:
    """The stored last assistant turn not yet acted on (a run picked up after a stop)."""
    if not run.messages or run.messages[-1]["role"] != "assistant":
        return None
    content = run.messages[-1]["content"]
    blocks = content if isinstance(content, list) else [{"type": "text", "text": content}]
    return Turn(blocks, run.stop_reason)


def _bash_changed(
    s: SessionState, run: RunState, tool_use_id: str, changed: Changed
) -> BashChanged:
    """The ``bash_changed`` event of a Bash call's result: the files it changed."""
    files = [[path, str(change)] for path, change in changed.files]
    head = "..".join(changed.head) if changed.head is not None else ""
    refs = [list(moved) for moved in changed.refs[:MOST_MOVED_REFS]]
    return BashChanged(
        s.id, run.id, run.name, tool_use_id, files, changed.unfollowed or "", head,
        list(changed.protected), refs,
    )  # fmt: skip


def _uses_tools(content: list[JSON]) -> bool:
    return any(b.get("type") == "tool_use" for b in content)


def _user(text: str) -> JSON:
    return {"role": "user", "content": text}


def _tool_result_block(tool_use_id: str, result: ToolResult) -> JSON:
    return {
        "type": "tool_result",
        "tool_use_id": tool_use_id,
        "content": result.content,
        "is_error": result.is_error,
    }


def _refused(
    s: SessionState, run: RunState, use: JSON, result: ToolResult, refusal: Refusal
) -> ToolRefused:
    """The ``tool_refused`` event of call ``use``, which ``refusal`` refused."""
    summary = input_brief(use.get("input"))
    reason = _first_line(refusal.reason or result.content)
    rule = safe_cut(refusal.rule, 300)
    return ToolRefused(
        s.id, run.id, run.name, use["id"], use["name"], summary, refusal.by, rule, reason
    )


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return safe_cut(line, 160)
