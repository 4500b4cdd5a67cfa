"""Where a run meets its hooks: each event fired, its runs logged, its verdict applied.

Durability: a hook run is logged (a ``hook`` event) when it finishes, before anything it
decided takes effect. PreToolUse hooks run before the tool's start is stored; the start is
stored with the input the tool really gets (``updatedInput`` applied), and a refused call
is stored started and done at once with the refusal as its result, so a resume never runs
a refused call and never asks the hooks again about a call whose start is stored (it is
reported as interrupted, as before). Hooks are therefore run at least once per decision: a
process killed after a hook but before the start was stored asks the hook again on resume.
A deferred call (``defer``, the turn's only call) stores nothing either: the session waits,
and its resume asks the hooks again, as Claude Code's ``--resume`` of a deferred call does.
PostToolUse (PostToolUseFailure after a failed tool) feedback is stored as part of the
tool's result, in the same transaction. An ``asyncRewake`` hook's exit 2 is stored (a
``hook_rewake`` event, with its ``hook`` event) and delivered at its run's next model call
as a user message stored with a ``hook_rewake_delivered`` event in one transaction: a crash
before that call delivers it on resume, one after it never again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from coordinator.event_kinds import EventKind
from coordinator.events import Event, HookRan, HookRewake, HooksFired, HooksOwed, WorktreeMade
from coordinator.prompts import hook_context, hook_feedback, hook_replaced
from coordinator.providers.base import ApiError, Usage
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.hook_async import Background, Fired
from coordinator.runtime.hook_loaded import loaded_files
from coordinator.runtime.hook_run import (
    HookEnv,
    HookRun,
    Outcome,
    Outputs,
    OutputSlot,
    Verdict,
    payload,
    run_hooks,
)
from coordinator.runtime.hooks import Hook, HookEvent, HookKind, HookSet
from coordinator.runtime.instructions import InstructionFile, ScopedRule, omits_claude_md
from coordinator.runtime.skill_active import Invoked, invoked_in
from coordinator.runtime.stopping import StepCut, StepStop
from coordinator.runtime.worktree import WorktreeHooks, WorktreeRefused
from coordinator.sanitize import safe_cut, safe_text
from coordinator.store.db import Store
from coordinator.store.faults import StoreError
from coordinator.tools.base import Refusal, RefusedBy, ToolResult
from coordinator.tools.lazypaths import moved

JSON = dict[str, Any]
log = logging.getLogger(__name__)
#: Counts the model calls of prompt and agent hooks fired in a run as that run's (session
#: id, run id, the hook runs); called in the transaction that logs them.
Meter = Callable[[str, int, list[HookRun]], None]
#: The USD cost of a model call (model id, usage).
Price = Callable[[str, Usage], float]


class Journal(Protocol):
    """Where hook runs are recorded."""

    def emit(self, *events: Event) -> None: ...


class StartSource(StrEnum):
    """A SessionStart's ``source`` (Claude Code's; the matcher's subject): a request starts
    a session, a person's answer resumes one (``clear``, ``compact``: no such moments)."""

    STARTUP = "startup"
    RESUME = "resume"


class EndReason(StrEnum):
    """A SessionEnd's ``reason`` (Claude Code's; the matcher's subject): a coord session
    ends by finishing, none of the interactive program's ``clear``, ``logout``,
    ``prompt_input_exit``."""

    OTHER = "other"


@dataclass(frozen=True)
class Prompt:
    """The routed agent's first message after UserPromptSubmit hooks, or their refusal
    (``verdict`` is logged by the engine with what the prompt leads to)."""

    text: str
    verdict: Verdict | None = None
    refused: str | None = None
    #: Its id (hooks' input ``prompt_id``), stored with what the prompt leads to.
    prompt_id: str | None = None
    #: The SessionStart hooks' verdict (a new session's request only), logged before
    #: ``verdict``.
    start: Verdict | None = None

    def opened(self, start: Verdict | None, *, before: bool = True) -> Prompt:
        """This prompt, the first of a session (or of its resume) whose SessionStart hooks
        gave ``start``: their context before the text (Claude Code gives it at the
        session's start, before the first prompt; ``before=False``: after it, a person's
        answer keeping its own first line); a refused prompt keeps only their runs, to be
        logged."""
        if start is None:
            return self
        if self.refused is None and start.context:
            said = start.workspace_said
            extra = hook_context(HookEvent.SESSION_START.value, start.context, workspace=said)
            text = f"{extra}\n\n{self.text}" if before else f"{self.text}\n\n{extra}"
            return replace(self, text=text, start=start)
        return replace(self, start=start)


@dataclass(frozen=True)
class PreTool:
    """A PreToolUse verdict: run the tool with ``input``, or answer with ``refused``;
    ``deferred``: a hook's ``defer`` and its reason (the caller decides whether it holds);
    ``context``: the hooks' ``additionalContext`` for a call that runs (:meth:`with_context`)."""

    input: Any
    refused: ToolResult | None = None
    stop: str | None = None
    deferred: str | None = None
    context: tuple[str, ...] = ()
    #: Some of ``context`` is a confined hook's (``Verdict.workspace_said``).
    workspace: bool = False

    def with_context(self, result: ToolResult) -> ToolResult:
        """``result`` with the PreToolUse hooks' context after it (Claude Code adds it to
        Claude's context whether or not the hook decided anything)."""
        if not self.context:
            return result
        event = HookEvent.PRE_TOOL_USE.value
        extra = hook_context(event, list(self.context), workspace=self.workspace)
        return replace(result, content=f"{result.content}\n\n{extra}")


def _hook_refused(text: str, verdict: Verdict) -> ToolResult:
    """The error result of a call PreToolUse's ``verdict`` refuses, naming the hook."""
    hook = verdict.blocked_by
    said = "; ".join(verdict.feedback)  # the hooks' own words, not the model's header
    rule = hook.label(whole_path=True) if hook is not None else ""
    refusal = Refusal(RefusedBy.HOOK, rule, said)
    return ToolResult(text, is_error=True, refused=refusal)


def _outcome(event: HookEvent, content: str) -> JSON:
    """The fields a PostToolUse (or PostToolUseFailure) hook gets of the tool's output
    ``content``, scrubbed as the model and the store get it."""
    shown = safe_text(content)
    if event == HookEvent.POST_TOOL_USE_FAILURE:
        return {"error": shown, "is_interrupt": False}
    return {"tool_response": {"content": shown, "is_error": False}}


def _slot(verdict: Verdict, use: JSON) -> OutputSlot:
    """The output slot of ``verdict`` for the tool call ``use`` (an MCP tool's, or any)."""
    return verdict.mcp_output if use["name"].startswith("mcp__") else verdict.tool_output


def _joined(users: Verdict, ours: Verdict) -> Verdict:
    """The verdict of a PostToolUse event whose user's hooks gave ``users`` and whose
    confined ones, run after them on their output, ``ours`` (its output slots carried on
    from the user's: :func:`~coordinator.runtime.hook_run.combine`)."""
    slots = ours if ours.runs else users
    return Verdict(
        block=users.block or ours.block,
        feedback=[*users.feedback, *ours.feedback],
        context=[*users.context, *ours.context],
        tool_output=slots.tool_output,
        mcp_output=slots.mcp_output,
        stop=users.stop or ours.stop,
        runs=[*users.runs, *ours.runs],
        workspace_said=users.workspace_said or ours.workspace_said,
    )


def prompt_of(verdict: Verdict, text: str, prompt_id: str) -> Prompt:
    """``text`` (the prompt ``prompt_id``) after UserPromptSubmit's ``verdict``: its context
    appended, or refused."""
    if verdict.block or verdict.stop is not None:
        why = "; ".join(verdict.feedback) or verdict.stop or "blocked by a hook"
        return Prompt(text, verdict, refused=why, prompt_id=prompt_id)
    if verdict.context:
        event = HookEvent.USER_PROMPT_SUBMIT.value
        extra = hook_context(event, verdict.context, workspace=verdict.workspace_said)
        text = f"{text}\n\n{extra}"
    return Prompt(text, verdict, prompt_id=prompt_id)


#: The sessions whose latest prompt id a gate keeps (a long ``coord serve`` runs many).
PROMPTS = 1024
#: The events whose input has ``effort`` (``{"level": ...}``) and whose hooks get
#: ``$CLAUDE_EFFORT``: those of a model's turn, its tool calls and its end. Claude Code's hooks
#: reference (v2.1.133): on tool-use events (PreToolUse, PostToolUse...), Stop and SubagentStop;
#: absent on session-level events outside a tool-use context (UserPromptSubmit; here also a
#: run's SubagentStart, before its first model call, and InstructionsLoaded). tidy102: compat100
#: gave it at every event a run fired.
EFFORT_EVENTS = frozenset(
    {
        HookEvent.PRE_TOOL_USE,
        HookEvent.POST_TOOL_USE,
        HookEvent.POST_TOOL_USE_FAILURE,
        HookEvent.POST_TOOL_BATCH,
        HookEvent.STOP,
        HookEvent.SUBAGENT_STOP,
        HookEvent.STOP_FAILURE,
    }
)


class HookGate:
    """Fires one session's hooks (the engine's; one per engine)."""

    def __init__(
        self,
        hooks: HookSet,
        env: HookEnv,
        store: Store,
        journal: Journal,
        modes: Callable[[str | None], str] | None = None,
    ):
        self.hooks = hooks
        self.env = env
        self.store = store
        self.journal = journal
        #: An agent's permission mode from its own (the settings' rules'
        #: :meth:`~coordinator.runtime.permissions.PermissionRules.mode_of`: their
        #: ``defaultMode`` for agents without one; a mode a settings file turns off: default).
        self.modes = modes
        #: The async hooks still running (``async: true``; :mod:`~.hook_async`).
        self.background = Background(self._log_async, self._wake, self._writable)
        #: Rewakes not yet delivered, by (session, run); sessions read from the store.
        self._rewakes: dict[tuple[str, int], list[HookRewake]] = {}
        self._rewakes_read: set[str] = set()
        #: A new session's async SessionStart and UserPromptSubmit hooks, with their input
        #: and where they were fired, until the session is stored (:meth:`session_stored`).
        self._unstored: dict[str, list[tuple[list[Hook], JSON, Fired]]] = {}
        #: The sessions whose async hooks are kept in ``_unstored`` as they fire, not
        #: started: an answer queued for the workers (:meth:`hold`).
        self._held: set[str] = set()
        #: The id of each session's latest prompt of a person's (input ``prompt_id``), the
        #: latest :data:`PROMPTS` sessions' (:meth:`submit` sets it).
        self._prompts: dict[str, str] = {}
        #: Where prompt hooks' model calls are counted (the runner's; None: nowhere).
        self.meter: Meter | None = None
        #: What a prompt hook's model call cost, as its hook event records it (the
        #: runner's price table; None: 0).
        self.price: Price | None = None
        #: A worker's bound on the hooks in flight when it stops (the runner's; None: none).
        self.step_stop: StepStop | None = None
        #: The effort level of a run being driven, by its id (the runner's; None: none).
        self.effort_of: Callable[[int], str | None] | None = None
        #: Whether some skill an agent may invoke sets ``hooks`` (the engine's): only then
        #: are a session's ``skill_invoked`` events read (:meth:`_read_skills`).
        self.skills = False
        self._skills_read: set[str] = set()
        #: What an invoked skill's hooks add to their environment, by its SKILL.md (the
        #: engine's: an enabled plugin's skill's ``CLAUDE_PLUGIN_ROOT`` and
        #: ``CLAUDE_PLUGIN_DATA``, :meth:`~coordinator.runtime.preload.Preload.plugin_env`).
        self.plugin_env: Callable[[Path], tuple[tuple[str, str], ...]] | None = None

    def mode(self, spec: AgentSpec) -> str:
        """The ``permission_mode`` hooks are told: the agent's, else the settings' default
        (as the settings' rules resolve it)."""
        if self.modes is not None:
            return self.modes(spec.permission_mode)
        return spec.permission_mode or "default"

    async def fire(
        self,
        event: HookEvent,
        session_id: str,
        run_id: int | None,
        spec: AgentSpec,
        target: str | None = None,
        *,
        where: Path | None = None,
        users_only: bool = False,
        confined_only: bool = False,
        outputs: Outputs | None = None,
        settles: Event | None = None,
        **fields: Any,
    ) -> Verdict:
        """Run the hooks of ``event`` matching ``target`` (and, for a hook with an ``if``
        rule, its ``tool_input``, its paths read from ``where``: the folder the call's tools
        work in, as its permission rules read them; None: the workspace) and log each run
        (``users_only``: only those no agent could have written, not confined;
        ``confined_only``: only the others; ``outputs``: the tool's output slots as the
        user's hooks left them, :func:`~coordinator.runtime.hook_run.combine`; ``settles``:
        an event stored with their runs). A worker's
        stop whose grace runs out first ends them: their model calls spent logged, then
        :class:`~coordinator.runtime.stopping.StepCut` (nothing else of them stored)."""
        root = where or self.env.root
        call = (fields["tool_input"], root) if "tool_input" in fields else None
        self._read_skills(session_id)
        chosen = self.hooks.for_event(event, spec.name, target, call, session_id)
        chosen = [h for h in chosen if not h.confined] if users_only else chosen
        chosen = [h for h in chosen if h.confined] if confined_only else chosen
        if not chosen:
            return Verdict()
        mode = self.mode(spec)
        env = self.env_in(root)
        level = None
        if run_id is not None:  # as Claude Code inside a sub-agent: at every event, with agent_type
            fields.setdefault("agent_id", str(run_id))
            if event in EFFORT_EVENTS and self.effort_of is not None:
                level = self.effort_of(run_id)
        if level is not None:
            fields["effort"] = {"level": level}
        if (prompt := self._prompts.get(session_id)) is not None:
            fields.setdefault("prompt_id", prompt)
        data = payload(event, session_id, env, spec.name, permission_mode=mode, **fields)
        fired = Fired(
            session_id, run_id, spec.name, event, target, str(fields.get("tool_use_id") or "")
        )
        verdict = await self._run_bounded(chosen, data, fired, replace(env, effort=level), outputs)
        if verdict.runs or settles is not None:
            self._record(fired, verdict, settles)
        self.hooks.ran(session_id, chosen)  # (a skill's ``once`` hooks: gone)
        return verdict

    async def _run_bounded(
        self, chosen: list[Hook], data: JSON, fired: Fired, env: HookEnv, outputs: Outputs | None
    ) -> Verdict:
        """Run ``chosen`` (:meth:`_run`) within a worker's stop and stall bound; ended by
        it (or cancelled): the runs it cut short logged (their model calls were spent),
        then :class:`~coordinator.runtime.stopping.StepCut` (or the cancel)."""
        cut: list[HookRun] = []
        try:
            verdict = await self._bounded(
                self._run(chosen, data, fired, replace(env, cut_short=cut), outputs),
                hooks_bound(chosen),
            )
        except asyncio.CancelledError:
            self._cut_short(fired, cut)
            raise
        if verdict is None:
            self._cut_short(fired, cut)
            stalled = self.step_stop is not None and self.step_stop.stalled is not None
            why = _past_bound(chosen) if stalled else ""
            raise StepCut(f"its {fired.event.value} hooks{why}")
        return verdict

    def env_in(self, root: Path) -> HookEnv:
        """What hooks fired in a run working in ``root`` run with: the session's, or, in a
        worktree run, with the worktree as their working directory, input ``cwd``, sandbox
        (the only folder they may write, as the run's agents) and agent hooks' files, and
        the workspace as ``CLAUDE_PROJECT_DIR``, as Claude Code gives a worktree's hooks."""
        if root == self.env.root or root.resolve() == self.env.root.resolve():
            return self.env
        files = self.env.files
        if files is not None:
            protected = moved(files.ctx.protected, self.env.root.resolve(), root)
            files = replace(files, ctx=replace(files.ctx, root=root, protected=protected))
        return replace(self.env, root=root, project=self.env.root, files=files)

    def _record(self, fired: Fired, verdict: Verdict, settles: Event | None = None) -> None:
        """Log ``verdict``'s hook runs, their model calls counted as the run's (if any), in
        one transaction (with ``settles``, when given). Without a model call to count that
        transaction is store writes only, of the runs given: made again whole when a shared
        store's server rolls it back (:meth:`Store.written`; review134: the hooks had run,
        the record lost, the session driven again from before them)."""
        metered = fired.run_id is not None and self.meter is not None
        if not metered or all(r.usage is None for r in verdict.runs):
            write = functools.partial(self._logged, fired, verdict, settles)
            try:
                self.store.written(write)
            except StoreError as exc:  # (past the store's tries: the runs are kept with it)
                if settles is not None:  # fired once: stored by the drive that goes on
                    exc.unwritten = write
                raise
            return
        with self.store.transaction():  # model hooks' usage with their hook events
            if fired.run_id is not None and self.meter is not None:
                self.meter(fired.session_id, fired.run_id, verdict.runs)
            self._logged(fired, verdict, settles)

    def _logged(self, fired: Fired, verdict: Verdict, settles: Event | None) -> None:
        """:meth:`_log`, then ``settles`` (when given)."""
        self._log(fired, verdict)
        if settles is not None:
            self.journal.emit(settles)

    def _cut_short(self, fired: Fired, runs: list[HookRun]) -> None:
        """Count and log the model hooks a cancel ended mid-way (their calls were spent);
        best effort: a process shutting down may have closed its store."""
        if not runs:
            return
        try:
            self._record(fired, Verdict(runs=list(runs)))
        except Exception as exc:
            log.warning("cancelled hook runs not counted: %s", exc)

    async def _bounded(
        self, call: Coroutine[Any, Any, Verdict], limit: float | None
    ) -> Verdict | None:
        """``call``'s verdict; None when the worker's stop ended it first. ``limit``: the
        seconds the hooks may run by their own timeouts (:func:`hooks_bound`), told to the
        worker's stall watch."""
        if self.step_stop is None:
            return await call
        return await self.step_stop.bounded(call, limit)

    async def _run(
        self,
        chosen: list[Hook],
        data: JSON,
        fired: Fired,
        env: HookEnv | None = None,
        outputs: Outputs | None = None,
    ) -> Verdict:
        """Start ``chosen``'s async hooks in the background, then run the others (with
        ``env``; None: the session's): their verdict (an async hook decides nothing). A
        shared store whose server went away while they ran is waited for before the write
        that follows (their runs logged), as after a model call or a tool
        (:meth:`~coordinator.store.db.Store.rejoin`)."""
        later = [h for h in chosen if h.background]
        if later and fired.session_id in self._held:  # for the worker that drives it
            self._unstored.setdefault(fired.session_id, []).append((later, data, fired))
        elif later:
            self.background.start(later, data, replace(env or self.env, cut_short=None), fired)
        chosen = [h for h in chosen if not h.background]
        verdict = await run_hooks(chosen, data, env or self.env, outputs)
        if self.store.REJOINS and (lost := self.store.rejoin()) is not None:
            await lost
        return verdict

    def _writable(self) -> Awaitable[None] | None:
        """What an async hook's record awaits first: a shared store's one reconnect, when
        its server ended the connection (:meth:`~coordinator.store.db.Store.rejoin`: the
        drive's own waits join it); None otherwise (SQLite: never asked)."""
        return self.store.rejoin() if self.store.REJOINS else None

    def _log_async(self, fired: Fired, run: HookRun) -> None:
        """Log one finished (or killed) async hook run."""
        verdict = Verdict(runs=[run])
        self._log(fired, verdict)

    def _wake(self, fired: Fired, run: HookRun, text: str) -> None:
        """Log an ``asyncRewake`` hook that exited 2 and store its rewake for its run's
        next model call, in one transaction."""
        sid, run_id = fired.session_id, fired.run_id
        if run_id is None:
            return
        self._read_rewakes(sid)  # before it is written: read once, never twice
        handler = safe_cut(run.hook.shown, 200)
        wake = HookRewake(sid, run_id, fired.agent, fired.event.value, handler, text, _token())
        with self.store.transaction():
            hook = self._event(fired, run)
            self.journal.emit(hook, wake)
        self._rewakes.setdefault((sid, run_id), []).append(wake)

    def rewakes(self, session_id: str, run_id: int) -> list[HookRewake]:
        """The rewakes ``run_id`` has not been given yet (read from the store once per
        session and drive: those of a process that died are there)."""
        self._read_rewakes(session_id)
        return list(self._rewakes.get((session_id, run_id), []))

    def delivered(self, session_id: str, run_id: int) -> None:
        """``run_id``'s rewakes were given to it (their delivery is stored)."""
        self._rewakes.pop((session_id, run_id), None)

    def _read_rewakes(self, session_id: str) -> None:
        """Read ``session_id``'s undelivered rewakes from its events (once; none when no
        hook of the session is an ``asyncRewake`` one)."""
        if session_id in self._rewakes_read:
            return
        self._rewakes_read.add(session_id)
        if not self.hooks.rewakes:
            return
        for wake in pending_rewakes(self.store, session_id):
            self._rewakes.setdefault((session_id, wake.run_id or 0), []).append(wake)

    def register_skill(self, session_id: str, invoked: Invoked) -> list[str]:
        """An inline skill with ``hooks`` was invoked in ``session_id`` (its ``skill_invoked``
        event stored): its hooks run from now on, for the rest of the session. The warnings
        on entries not loaded."""
        self._read_skills(session_id)
        return self._add_skill(session_id, invoked)

    def _add_skill(self, session_id: str, invoked: Invoked) -> list[str]:
        path = Path(invoked.path)
        env = self.plugin_env(path) if self.plugin_env is not None else ()
        return self.hooks.add_skill(
            session_id, invoked.skill, invoked.hooks, path, self.env.root, invoked.written, env
        )

    def _read_skills(self, session_id: str) -> None:
        """Register the hooks of the skills invoked in ``session_id`` before this drive, as
        its ``skill_invoked`` events stored them (once a drive: another process may have
        invoked some meanwhile); nothing when no skill offered here sets ``hooks``."""
        if not self.skills or session_id in self._skills_read:
            return
        self._skills_read.add(session_id)
        invoked, ran = invoked_in(self.store, session_id)
        for one in invoked:
            if one.hooks is not None:
                self._add_skill(session_id, one)
        known = self.hooks.skill_hooks.get(session_id, [])  # ``once`` hooks already run: gone
        self.hooks.ran(session_id, [h for h in known if h.once_id in ran or hook_key(h) in ran])

    def _forget_skills(self, session_id: str) -> None:
        """At a drive's end: the session's skill hooks read again next time."""
        self._skills_read.discard(session_id)
        self.hooks.forget_skills(session_id)

    def _forget_rewakes(self, session_id: str) -> None:
        """At a drive's end: read the session's rewakes again next time (another process
        may drive it meanwhile)."""
        self._rewakes_read.discard(session_id)
        for key in [k for k in self._rewakes if k[0] == session_id]:
            del self._rewakes[key]

    def async_context(self, session_id: str, run_id: int) -> str | None:
        """The output of ``run_id``'s async hooks that finished since the last call, as the
        model reads it on its next turn (None: none)."""
        found, said = self.background.take(session_id, run_id)
        if not found:
            return None
        events = dict.fromkeys(event for event, _ in found)
        return "\n".join(
            hook_context(
                f"async {e.value}", [text for event, text in found if event == e], workspace=said
            )
            for e in events
        )

    async def settle_run(self, session_id: str, run_id: int) -> None:
        """At the end of a worktree run, before its worktree goes: the async hooks fired
        in it finished, or killed (:meth:`Background.settle_run`)."""
        await self.background.settle_run(session_id, run_id)

    async def settle(self, session_id: str) -> None:
        """At the end of a session's drive: its async hooks finished or killed."""
        self._unstored.pop(session_id, None)  # (its request never stored: never started)
        self._held.discard(session_id)
        try:
            await self.background.settle(session_id)
        except BaseException:
            self.kill(session_id)
            raise
        self._forget_rewakes(session_id)
        self._forget_skills(session_id)
        await self.env.mcp.close(session_id)  # the servers its mcp_tool hooks kept

    def kill(self, session_id: str) -> None:
        """A drive stopped: its async hooks killed at once (:meth:`Background.kill`)."""
        self._unstored.pop(session_id, None)  # (never started)
        self._held.discard(session_id)
        self.background.kill(session_id)
        self._forget_rewakes(session_id)
        self._forget_skills(session_id)
        self.env.mcp.close_soon(session_id)

    def log(
        self,
        session_id: str,
        run_id: int | None,
        agent: str,
        event: HookEvent,
        target: str | None,
        verdict: Verdict,
    ) -> None:
        """One ``hook`` event per hook run, in one transaction (none: nothing written)."""
        self._log(Fired(session_id, run_id, agent, event, target), verdict)

    def _log(self, fired: Fired, verdict: Verdict) -> None:
        """One ``hook`` event per hook run of ``verdict`` (fired where ``fired`` says: on
        its tool call, when one), in one transaction (none: nothing written)."""
        if not verdict.runs:
            return
        with self.store.transaction():
            self.journal.emit(*(self._event(fired, r) for r in verdict.runs))

    def _event(self, fired: Fired, r: HookRun) -> HookRan:
        """The ``hook`` event of one hook run (with its model call's usage and cost, for a
        prompt hook that made one)."""
        usage = r.usage
        call: tuple[str, int, int, int, int, float] = ("", 0, 0, 0, 0, 0.0)
        if usage is not None:
            cost = self.price(r.model, usage) if self.price is not None else 0.0
            call = (
                r.model,
                usage.input_tokens,
                usage.output_tokens,
                usage.cache_read_input_tokens,
                usage.cache_creation_input_tokens,
                round(cost, 6),
            )
        _, source, handler = hook_key(r.hook)
        return HookRan(
            fired.session_id,
            fired.run_id,
            fired.agent,
            fired.event.value,
            source,
            handler,
            r.outcome,
            r.exit_code,
            fired.target,
            r.note,
            r.ms,
            *call,
            decision=r.decision,
            calls=[c.to_json() for c in r.calls],
            once=r.hook.once_id,
            tool_use_id=fired.tool_use_id,
        )

    async def submit(
        self, sid: str, spec: AgentSpec, prompt: str, text: str, run_id: int | None = None
    ) -> Prompt:
        """UserPromptSubmit on a person's ``prompt`` to ``spec``'s run: a request before its
        session is stored (``run_id`` None: its async hooks start once it is, as the root
        run's, :meth:`session_stored`), or an answer to the question the run ``run_id``
        waits on (its async hooks' output is for its next turn). ``text`` (the
        message the run gets) with the hooks' context, or the refusal. The runs are logged
        by the caller (:meth:`log`) in the transaction that stores what the prompt leads to
        (the new session; a refused answer's ``answer_refused`` event). The prompt gets an
        id: the ``prompt_id`` of the session's hooks from then on (Claude Code's), stored
        by the caller with what the prompt leads to (:meth:`prompted`)."""
        prompt_id = str(uuid.uuid4())
        self.prompted(sid, prompt_id)
        self._read_skills(sid)
        chosen = self.hooks.for_event(HookEvent.USER_PROMPT_SUBMIT, spec.name, session=sid)
        if not chosen:
            return Prompt(text, prompt_id=prompt_id)
        mode = self.mode(spec)
        event = HookEvent.USER_PROMPT_SUBMIT
        shown = safe_text(prompt)  # as the model gets it
        fields = {"permission_mode": mode, "prompt": shown, "prompt_id": prompt_id}
        data = payload(event, sid, self.env, spec.name, **fields)
        fired = Fired(sid, run_id, spec.name, event, None)
        if run_id is None:  # a request: its session and root run are not stored yet
            chosen = self._until_stored(chosen, data, fired)
        return prompt_of(await self._run(chosen, data, fired), text, prompt_id)

    async def session_start(
        self,
        sid: str,
        spec: AgentSpec,
        model: str,
        source: StartSource = StartSource.STARTUP,
        run_id: int | None = None,
    ) -> Verdict | None:
        """SessionStart for the session ``sid``: ``startup``, a new one routed to ``spec``,
        before its request's UserPromptSubmit; ``resume``, a person's answer to ``spec``'s
        waiting run (``coord resume --context``: Claude Code's ``-p --resume`` with a
        prompt), before the answer's UserPromptSubmit. The hooks' verdict (their context,
        plain stdout too; they cannot block, as in Claude Code: an exit 2 or a decision is
        only logged), None when none is configured. Fired where the session's hooks work,
        outside any run, with no ``prompt_id`` (the prompt has none yet); ``model``: the
        one ``spec``'s run calls (Claude Code's input ``model``); ``run_id``: the waiting run
        an answer goes to (its async hooks' output is for its next turn). A new session's
        async hooks start once it is stored (:meth:`session_stored`)."""
        event = HookEvent.SESSION_START
        self._read_skills(sid)  # (an answer's: its session's invoked skills' hooks too)
        chosen = self.hooks.for_event(event, spec.name, source, session=sid)
        fields = {"permission_mode": self.mode(spec), "source": source.value, "model": model}
        data = payload(event, sid, self.env, spec.name, **fields)
        fired = Fired(sid, run_id, spec.name, event, source)
        if source == StartSource.STARTUP:
            chosen = self._until_stored(chosen, data, fired)
        if not chosen:
            return None
        return await self._run(chosen, data, fired)

    def _until_stored(self, chosen: list[Hook], data: JSON, fired: Fired) -> list[Hook]:
        """``chosen`` but its async hooks, kept to start once the new session is stored
        (:meth:`session_stored`): before, they have no run to log in or give output to."""
        if later := [h for h in chosen if h.background]:
            self._unstored.setdefault(fired.session_id, []).append((later, data, fired))
        return [h for h in chosen if not h.background]

    def session_stored(self, sid: str, run_id: int | None) -> None:
        """The new session ``sid`` is stored, with its root run ``run_id`` (None: its
        request refused): its async SessionStart and UserPromptSubmit hooks start now,
        logged in it and their output given to that run's next turn (review122, mend110:
        started before it was stored, one that finished first was never logged, and its
        output reached no run)."""
        env = replace(self.env, cut_short=None)
        for later, data, fired in self._unstored.pop(sid, []):
            self.background.start(later, data, env, replace(fired, run_id=run_id))

    def hold(self, sid: str) -> None:
        """The async hooks fired for the session ``sid`` from now on are kept, not started:
        an answer queued for the workers (``resume --detach``), whose run goes on there
        (:meth:`deferred`; :meth:`release` starts them here after all)."""
        self._held.add(sid)

    def release(self, sid: str) -> None:
        """The async hooks kept for ``sid`` by :meth:`hold` start here: nothing is queued
        (its answer refused by a hook)."""
        self._held.discard(sid)
        env = replace(self.env, cut_short=None)
        for later, data, fired in self._unstored.pop(sid, []):
            self.background.start(later, data, env, fired)

    def deferred(self, sid: str, run_id: int | None) -> list[HooksOwed]:
        """The async SessionStart and UserPromptSubmit hooks kept for ``sid`` (a request's
        until it is stored; an answer's, held) as the ``hooks_owed`` events that queue them
        with the session for the worker that drives it (``run_id``: the run a request's
        are for; an answer's name the run it goes to), their input as fired here
        (:meth:`start_owed`). Started here, their output reached no run (hooks112)."""
        self._held.discard(sid)
        return [
            HooksOwed(sid, fired.run_id or run_id, fired.event.value, fired.target, data)
            for _, data, fired in self._unstored.pop(sid, [])
        ]

    def start_owed(self, owed: HooksOwed, spec: AgentSpec) -> None:
        """Start the async hooks of ``owed`` (:meth:`deferred`) that this machine's
        settings configure for ``spec``'s run (a workspace hook behind its trust check,
        confined, as every hook here; its invoked skills' too, as :meth:`fire` reads them),
        with the input stored, its ``cwd`` this machine's: logged in that run, their output
        for its next turn."""
        event = HookEvent(owed.event)
        self._read_skills(owed.session_id)  # (hooks113: a skill's hook was never started)
        found = self.hooks.for_event(event, spec.name, owed.target, session=owed.session_id)
        later = [h for h in found if h.background]
        if not later or owed.input is None:
            return
        data = {**owed.input, "cwd": str(self.env.root)}
        fired = Fired(owed.session_id, owed.run_id, spec.name, event, owed.target)
        self.background.start(later, data, replace(self.env, cut_short=None), fired)

    def end_owed(self, sid: str, spec: AgentSpec) -> HooksOwed | None:
        """What the session ``sid``, whose root run is ``spec``'s, stores with its outcome
        when SessionEnd hooks are configured for it: they are owed until their runs are
        stored (:mod:`coordinator.runtime.hooks_owed`); None when none is (nothing to
        store)."""
        reason = EndReason.OTHER
        self._read_skills(sid)  # (its skills' hooks, as :meth:`fire` reads them)
        if not self.hooks.for_event(HookEvent.SESSION_END, spec.name, reason, session=sid):
            return None
        return HooksOwed(sid, None, HookEvent.SESSION_END.value, reason.value)

    async def session_end(self, sid: str, spec: AgentSpec, *, late: bool = False) -> None:
        """SessionEnd (``reason``: ``other``) for the session ``sid`` whose root run is
        ``spec``'s, once it finished (Complete, Needs Review, Failed): its hooks' runs
        logged with the ``hooks_fired`` event that settles what its outcome owed
        (:meth:`end_owed`); they only observe (their output, exit code and decisions change
        nothing). ``late``: the owed hooks of a session whose process was killed before
        storing their runs (``coord resume``): settled even when none is configured here."""
        reason, event = EndReason.OTHER, HookEvent.SESSION_END
        owed = self.end_owed(sid, spec)
        if owed is None and not late:
            return  # none configured: nothing owed, nothing stored
        done = HooksFired(sid, None, event.value, late)
        if owed is None:  # owed by a killed process, none configured here: settled
            self._record(Fired(sid, None, spec.name, event, reason), Verdict(), done)
            return
        await self.fire(event, sid, None, spec, reason, settles=done, reason=reason.value)

    def prompted(self, sid: str, prompt_id: str) -> None:
        """``prompt_id`` is the session ``sid``'s latest prompt's: given to its hooks from now
        on (a new prompt's, or, for a session resumed in a new process, the one stored)."""
        self._prompts.pop(sid, None)  # (the latest at the end: the oldest go first)
        self._prompts[sid] = prompt_id
        while len(self._prompts) > PROMPTS:
            del self._prompts[next(iter(self._prompts))]

    async def pre_tool(
        self, session_id: str, run_id: int, agent: AgentSpec, use: JSON, where: Path | None = None
    ) -> PreTool:
        """PreToolUse for one tool call: the input to run it with, or its refusal
        (``where``: the folder its tools work in, a worktree run's worktree)."""
        args = use.get("input") or {}
        verdict = await self.fire(
            HookEvent.PRE_TOOL_USE,
            session_id,
            run_id,
            agent,
            use["name"],
            where=where,
            tool_name=use["name"],
            tool_input=args,
            tool_use_id=use["id"],
        )
        said = verdict.workspace_said
        if verdict.block:
            text = hook_feedback("PreToolUse", verdict.feedback, verdict.context, workspace=said)
            return PreTool(args, _hook_refused(text, verdict), verdict.stop)
        updated = verdict.updated_input if verdict.updated_input is not None else args
        context = tuple(verdict.context)
        pre = PreTool(updated, None, verdict.stop, verdict.deferred, context, said)
        rewriter = verdict.updated_by
        if rewriter is None or not rewriter.confined or updated == args:
            return pre
        return await self._vetted(session_id, run_id, agent, use, pre, where)

    async def _vetted(
        self,
        session_id: str,
        run_id: int,
        agent: AgentSpec,
        use: JSON,
        pre: PreTool,
        where: Path | None,
    ) -> PreTool:
        """``pre``, whose input a confined hook rewrote (an agent could have written it),
        once the user's own PreToolUse hooks have seen the input the tool would get: all ran
        at once on the agent's input, so a guard of the user's approved a call that the
        rewrite then changed (``sub/.claude/settings.json``, a command's, swapped an approved
        ``echo`` for what the guard refuses). Their refusal, stop or defer holds; their own
        rewrite is theirs to make."""
        again = await self.fire(
            HookEvent.PRE_TOOL_USE, session_id, run_id, agent, use["name"], where=where,
            users_only=True, tool_name=use["name"], tool_input=pre.input, tool_use_id=use["id"],
        )  # fmt: skip
        context = (*pre.context, *(c for c in again.context if c not in pre.context))
        stop = again.stop or pre.stop
        said = pre.workspace  # (the second round's hooks are the user's)
        if again.block:
            text = hook_feedback("PreToolUse", again.feedback, list(context), workspace=said)
            return PreTool(pre.input, _hook_refused(text, again), stop)
        final = again.updated_input if again.updated_input is not None else pre.input
        return PreTool(final, None, stop, again.deferred or pre.deferred, context, said)

    async def post_tool(
        self,
        session_id: str,
        run_id: int,
        agent: AgentSpec,
        use: JSON,
        args: Any,
        result: ToolResult,
        where: Path | None = None,
    ) -> tuple[ToolResult, str | None]:
        """PostToolUse after a tool that succeeded, PostToolUseFailure (with ``error``)
        after one that failed, as Claude Code fires them: the result with the hooks'
        feedback and context appended; the tool's output replaced by ``updatedToolOutput``
        (PostToolUse only, any tool: Claude Code 2.1.121), an MCP tool's by the older
        ``updatedMCPToolOutput`` too.
        ``where``: the folder its tools worked in (a worktree run's worktree). The hooks
        get the result scrubbed, as the model does: a workspace's PostToolUse hook (code a
        repository or an agent wrote, run confined) got the credential the user's own MCP
        server printed, whole. The tool's input is given as it runs (the model wrote it
        from what it was shown, scrubbed; a user's guard must see what will run). The
        user's own hooks run first, then the confined ones on the output as the user's left
        it (review120: run at once, a workspace hook echoed the raw output back in its
        ``additionalContext``, past the user's redacting hook)."""
        event = HookEvent.POST_TOOL_USE_FAILURE if result.is_error else HookEvent.POST_TOOL_USE
        fire = functools.partial(
            self.fire, event, session_id, run_id, agent, use["name"], where=where,
            tool_name=use["name"], tool_input=args, tool_use_id=use["id"],
        )  # fmt: skip
        users = await fire(users_only=True, **_outcome(event, result.content))
        slots = (users.tool_output, users.mcp_output)
        left = _slot(users, use).text
        shown = result.content if left is None else left
        ours = await fire(confined_only=True, outputs=slots, **_outcome(event, shown))
        verdict = _joined(users, ours)
        slot = _slot(verdict, use)
        if slot.text is not None:  # (a confined hook's said so: review115)
            mark = "" if slot.users else f"\n\n{hook_replaced(event.value)}"
            result = replace(result, content=slot.text + mark)
        if not verdict.feedback and not verdict.context:
            return result, verdict.stop
        said = verdict.workspace_said
        extra = hook_feedback(event.value, verdict.feedback, verdict.context, workspace=said)
        return replace(result, content=f"{result.content}\n\n{extra}"), verdict.stop

    async def batch_done(
        self,
        session_id: str,
        run_id: int,
        agent: AgentSpec,
        calls: list[JSON],
        where: Path | None = None,
    ) -> tuple[str | None, str | None]:
        """PostToolBatch once every call of a turn has its result, before the next model
        call (Claude Code's hooks reference; no matcher): ``calls`` each one's
        ``tool_name``, ``tool_input``, ``tool_use_id`` and ``tool_response`` (the result's
        text as the model reads it, scrubbed). The text to put after the turn's results
        (the hooks' context, and a block's reason or ``stopReason``: "it stays in the
        conversation, so Claude sees it when the conversation continues"), or None; and why
        the run stops, or None: ``continue: false``, ``decision: "block"`` or an exit 2
        "stops the agentic loop before the next model call"."""
        shown = [{**c, "tool_response": safe_text(str(c["tool_response"]))} for c in calls]
        verdict = await self.fire(
            HookEvent.POST_TOOL_BATCH, session_id, run_id, agent, where=where, tool_calls=shown
        )
        stop = verdict.stop
        if stop is None and verdict.block:
            stop = "; ".join(verdict.feedback) or "blocked by a hook"
        # the blocking message "stays in the conversation": a stopReason too
        reasons = verdict.feedback or ([verdict.stop] if verdict.stop is not None else [])
        if not reasons and not verdict.context:
            return None, stop
        said = verdict.workspace_said
        text = hook_feedback("PostToolBatch", reasons, verdict.context, workspace=said)
        return text, stop

    async def started(
        self, session_id: str, run_id: int, agent: AgentSpec, where: Path | None = None
    ) -> str | None:
        """SubagentStart for a run about to make its first model call: context, or None
        (``where``: the folder the run works in, a worktree run's worktree)."""
        verdict = await self.fire(
            HookEvent.SUBAGENT_START,
            session_id,
            run_id,
            agent,
            agent.name,
            where=where,
            agent_id=str(run_id),
        )
        if not verdict.context:
            return None
        return hook_context("SubagentStart", verdict.context, workspace=verdict.workspace_said)

    def worktree_hooks(
        self, session_id: str, run_id: int, agent: AgentSpec
    ) -> WorktreeHooks | None:
        """``agent``'s run's WorktreeCreate and WorktreeRemove hooks (fired with the
        workspace as their folder: the worktree is not there yet, or about to go); None
        when the session has neither."""
        events = (HookEvent.WORKTREE_CREATE, HookEvent.WORKTREE_REMOVE)
        if not any(self.hooks.fires(event, agent.name) for event in events):
            return None
        return WorktreeHooks(
            functools.partial(self._worktree_create, session_id, run_id, agent),
            functools.partial(self._worktree_remove, session_id, run_id, agent),
        )

    async def _worktree_create(
        self, session_id: str, run_id: int, agent: AgentSpec, name: str
    ) -> str | None:
        """WorktreeCreate with the worktree's ``name``: the path its hooks printed (None:
        none is configured); WorktreeRefused when one failed or none printed a path. The
        path is stored (:class:`WorktreeMade`) before coord adopts it: a resume whose run
        was killed before its branch was checked out there is given it again, the hooks
        not fired twice (a second run may refuse the folder the first made)."""
        if (made := self._made_before(session_id, run_id)) is not None:
            return made
        if not self.hooks.fires(HookEvent.WORKTREE_CREATE, agent.name):
            return None
        for hook in self.hooks.for_event(HookEvent.WORKTREE_CREATE, agent.name):
            if hook.background:  # (started, it would make a worktree no run uses)
                raise WorktreeRefused(
                    f"the WorktreeCreate hook {safe_cut(hook.shown, 80)!r} ({hook.origin}) "
                    "is async: the path it prints is not waited for; remove its async"
                )
        verdict = await self.fire(HookEvent.WORKTREE_CREATE, session_id, run_id, agent, name=name)
        path = created_path(verdict)
        with self.store.transaction():
            self.journal.emit(WorktreeMade(session_id, run_id, agent.name, path))
        return path

    def _made_before(self, session_id: str, run_id: int) -> str | None:
        """The path run ``run_id``'s WorktreeCreate hooks printed in an earlier drive, when
        it is still a folder (None: none, or gone: the hooks are asked again)."""
        made = [
            str(e.data.get("path") or "")
            for e in self.store.events(session_id)
            if e.kind == WorktreeMade.kind and e.run_id == run_id
        ]
        return made[-1] if made and os.path.isdir(made[-1]) else None

    async def _worktree_remove(
        self, session_id: str, run_id: int, agent: AgentSpec, path: Path
    ) -> None:
        """WorktreeRemove with the worktree's path (no decision: each run only logged)."""
        event = HookEvent.WORKTREE_REMOVE
        await self.fire(event, session_id, run_id, agent, worktree_path=str(path))

    async def loaded(
        self,
        session_id: str,
        run_id: int,
        agent: AgentSpec,
        files: Sequence[InstructionFile],
        *,
        where: Path | None = None,
        trigger: Callable[[Path], str | None] | None = None,
        scoped: Sequence[ScopedRule] = (),
    ) -> None:
        """InstructionsLoaded for each of ``files`` given to ``agent``'s run, in order
        (:func:`~coordinator.runtime.hook_loaded.loaded_files`: ``trigger`` None for the
        files of its system prompt): observers, whose answers change nothing; each hook run
        is logged. Nothing when no such hook may run in the run (nothing is computed)."""
        if not files or omits_claude_md(agent):
            return
        self._read_skills(session_id)
        if not self.hooks.fires(HookEvent.INSTRUCTIONS_LOADED, agent.name, session_id):
            return
        for load in loaded_files(files, trigger=trigger, scoped=scoped):
            reason = load.load_reason.value
            await self.fire(
                HookEvent.INSTRUCTIONS_LOADED,
                session_id,
                run_id,
                agent,
                reason,
                where=where,
                **load.fields(),
            )

    async def stopping(
        self,
        session_id: str,
        run_id: int,
        agent: AgentSpec,
        *,
        root: bool,
        active: bool,
        text: str,
        where: Path | None = None,
    ) -> Verdict:
        """Stop (the root run) or SubagentStop (a consult) before its report is read
        (``where``: the folder the run works in)."""
        event = HookEvent.STOP if root else HookEvent.SUBAGENT_STOP
        return await self.fire(
            event,
            session_id,
            run_id,
            agent,
            agent.name,
            where=where,
            stop_hook_active=active,
            last_assistant_message=text,
            agent_id=str(run_id),
        )

    async def failed(
        self,
        session_id: str,
        run_id: int,
        agent: AgentSpec,
        error: ApiError,
        details: str,
        last: str,
        where: Path | None = None,
    ) -> None:
        """StopFailure when ``agent``'s run ends on a model API failure: ``error`` (what
        Claude Code calls it, the matcher's subject), ``details`` (the error's message,
        scrubbed as the provider raised it) and ``last_assistant_message``. Observers: what
        they answer is logged and changes nothing (``where``: the folder the run works in)."""
        await self.fire(
            HookEvent.STOP_FAILURE,
            session_id,
            run_id,
            agent,
            error.value,
            where=where,
            error=error.value,
            error_details=safe_text(details),
            last_assistant_message=last,
        )


def created_path(verdict: Verdict) -> str:
    """The worktree path WorktreeCreate's hook runs gave, as Claude Code reads it: a
    command (or mcp_tool) hook's last non-empty line of output, an http hook's
    ``hookSpecificOutput.worktreePath``. WorktreeRefused when a hook did not succeed (any
    exit code but 0 fails the creation, whatever its JSON says; so does one that was not
    run, or timed out), when none gave a path, or when two gave different ones."""
    paths: list[str] = []
    for run in verdict.runs:
        what = f"the WorktreeCreate {run.hook.kind} hook {safe_cut(run.hook.shown, 80)!r}"
        if run.outcome != Outcome.OK:
            code = f", exit code {run.exit_code}" if run.exit_code is not None else ""
            said = safe_cut(run.stderr.strip() or run.note, 300)
            raise WorktreeRefused(
                f"{what} ({run.hook.origin}) failed ({run.outcome}{code}): {said}"
            )
        if path := _printed(run):
            paths.append(path)
    found = list(dict.fromkeys(paths))
    if not found:
        raise WorktreeRefused(
            "the WorktreeCreate hooks printed no worktree path (as their last line of output, "
            "within its first MiB)"
        )
    if len(found) > 1:
        raise WorktreeRefused(f"the WorktreeCreate hooks printed different paths: {found}")
    return found[0]


def _printed(run: HookRun) -> str:
    """The path one WorktreeCreate hook run gave ("": none)."""
    if run.hook.kind == HookKind.HTTP:
        specific = (run.data or {}).get("hookSpecificOutput")
        path = specific.get("worktreePath") if isinstance(specific, dict) else None
        return path.strip() if isinstance(path, str) else ""
    return run.printed


def hook_key(hook: Hook) -> tuple[str, str, str]:
    """How a ``hook`` event names the hook that ran: its event, origin and handler (cut)."""
    return hook.event.value, hook.origin, safe_cut(hook.shown, 200)


def pending_rewakes(store: Store, session_id: str) -> list[HookRewake]:
    """``session_id``'s rewakes not delivered yet, oldest first (from its events: a
    ``hook_rewake`` without its ``hook_rewake_delivered``)."""
    rows = store.events(session_id)
    done = {r.data.get("token") for r in rows if r.kind == EventKind.HOOK_REWAKE_DELIVERED}
    return [
        HookRewake(session_id, r.run_id, **r.data)
        for r in rows
        if r.kind == EventKind.HOOK_REWAKE and r.run_id is not None and r.data["token"] not in done
    ]


def _token() -> str:
    """A rewake's name, for its delivery."""
    return uuid.uuid4().hex


#: The most seconds of hooks' own ``timeout`` a worker's stall watch leaves uncounted
#: (:func:`hooks_bound`): a hook's ``timeout`` has no upper bound (``86400``: a day), and a
#: hung hook must not keep the watch off that long. A hook past it is cut as stalled
#: ``--stall-after`` seconds later, and the cut says so (:func:`_past_bound`).
HOOKS_BOUND_MAX = 3600.0


def hooks_bound(chosen: list[Hook]) -> float | None:
    """The seconds the hooks ``chosen`` for one event may run by their own ``timeout`` (run
    at once: the longest of those not run in the background; None when all are), at most
    :data:`HOOKS_BOUND_MAX`: a worker's stall watch counts no time within it, as within a
    model call's or a Bash command's own bound
    (:attr:`~coordinator.runtime.stopping.StepStop.within`)."""
    longest = max((h.timeout for h in chosen if not h.background), default=None)
    return None if longest is None else min(longest, HOOKS_BOUND_MAX)


def _past_bound(chosen: list[Hook]) -> str:
    """How the stall watch counted hooks whose ``timeout`` is past :data:`HOOKS_BOUND_MAX`
    ("" for none): what a cut of them says."""
    longest = max((h.timeout for h in chosen if not h.background), default=0.0)
    if longest <= HOOKS_BOUND_MAX:
        return ""
    return (
        f" (a timeout of {longest:g} s, which the stall watch counts only to {HOOKS_BOUND_MAX:g} s)"
    )
