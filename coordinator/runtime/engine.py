"""The engine: run a request through its specialist, consult on Blocked, resume the blocked.

    start(request) ── route ── root run ──┐
                                          v
    ┌──────────── drive the deepest unfinished run (AgentRunner) ────────────┐
    │ Complete / Needs Review / Failed (typed outcomes, runtime/state.py):   │
    │     a consult?  its whole final message resumes the run waiting on it  │
    │     the root?   the session ends with its report                       │
    │ Blocked: a guarded consult on the report's Domain (consult.py), or the │
    │     chain waits for a person with the exact question                   │
    └─────────────────────────────────────────────────────────────────────────┘

Each outcome becomes a typed next step (``Continue`` the chain or ``Stop`` with the result).
Every transition is one store transaction (state + events), so ``resume`` rebuilds the
chain from the store and goes on where the last process stopped.
"""

from __future__ import annotations

import os
import time
import weakref
from asyncio import CancelledError
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import replace
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from coordinator import events as ev
from coordinator.config import Settings
from coordinator.errors import RunFailure, UserError
from coordinator.events import RewakeDelivered
from coordinator.mentions import mentions, unmentioned
from coordinator.pricing import dearer
from coordinator.prompts import (
    MessageRef,
    StoredPrompt,
    consult_prompt,
    final_text,
    person_resume_message,
    resume_prompt,
    rewake_message,
)
from coordinator.providers.base import Provider, ScriptError
from coordinator.roster.registry import Registry
from coordinator.roster.snapshot import Snapshot, snapshot
from coordinator.roster.spec import AgentSpec, PerDefinition
from coordinator.routing.lexical import no_agent_fits, route
from coordinator.runtime.agent_run import AgentRunner, Toolset, ToolsetFor
from coordinator.runtime.bash_denies import BashDenies
from coordinator.runtime.consult import (
    BY_DOMAIN,
    Consult,
    ConsultChoice,
    NoConsult,
    Specialists,
    check_retry,
    choose_consultant,
    failed_consult,
    past_refused_consultant,
)
from coordinator.runtime.denied_agents import Refused, past_refused
from coordinator.runtime.hook_gate import HookGate, Prompt, StartSource, pending_rewakes
from coordinator.runtime.hook_prompt import HookModel
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import HookEvent, HookSet
from coordinator.runtime.hooks_owed import end_owed, owed_hooks
from coordinator.runtime.lookup import (
    AlreadyEnded,
    already_ended,
    check_question,
    not_waiting,
    unanswered,
)
from coordinator.runtime.options import SessionOptions
from coordinator.runtime.permissions import PermissionRules, merge_disallowed
from coordinator.runtime.preload import MemoryScope, Preload, memory_scope
from coordinator.runtime.rebuild import load_session, root_spec, stored_block
from coordinator.runtime.run_scope import McpOpened, wants_worktree
from coordinator.runtime.sigterm import Sigterm
from coordinator.runtime.skill_active import forked_hooks, skills_set_hooks
from coordinator.runtime.skill_fork import (
    ForkRules,
    fork_result,
    fork_skill,
    fork_spec,
    held_back,
)
from coordinator.runtime.state import (
    Blocked,
    Continue,
    Ended,
    Failed,
    Forked,
    NextStep,
    Question,
    RunOutcome,
    RunState,
    SessionResult,
    SessionState,
    Stop,
    Waiting,
    usage_copy,
)
from coordinator.runtime.stopping import StepCut, StepStop
from coordinator.runtime.worktree import hooks_inside
from coordinator.status import (
    ANSWERED_BY_PERSON,
    FINISHED,
    WAKEABLE,
    DelegationStatus,
    RunStatus,
    SessionStatus,
    WaitReason,
    resume_command,
)
from coordinator.store.calls import question_id
from coordinator.store.db import DelegationRow, SessionRow, Store, new_session_id
from coordinator.store.faults import FULL_IN_SESSION_HINT, StoreError, StoreFault
from coordinator.store.index import watched_store_files
from coordinator.store.resumes import this_process
from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.home_files import home_files_inside
from coordinator.tools.lazypaths import LazyPaths
from coordinator.tools.sandbox import bash_sandbox
from coordinator.tools.storefiles import KnownStores, StoresWithin
from protocols import AgentReport
from protocols.report import stored_report_json

JSON = dict[str, Any]
#: What every run of one agent definition starts with: snapshot, model, turn limit.
RunStart = tuple[Snapshot, str, int]
#: The servers a request's (or an answer's) mentions were read over, kept open for the run
#: they are lent to: at most one stack, made by the first read, closed when the drive ends.
Kept = list[AsyncExitStack]
CONTINUE = Continue()
#: The options of a session started without any (immutable: one for all).
NO_OPTIONS = SessionOptions()
#: The session status a root run's end gives its session.
SESSION_STATUS = {
    RunStatus.COMPLETE: SessionStatus.COMPLETE,
    RunStatus.NEEDS_REVIEW: SessionStatus.NEEDS_REVIEW,
    RunStatus.FAILED: SessionStatus.FAILED,
}


def _consult_chosen(
    sid: str, run_id: int, choice: Consult, domain: str, child_run: int
) -> ev.ConsultChosen:
    """The event of a consult whose consultant was chosen by more than its domain alone
    (the config, a ranking, the router): how, too."""
    chosen = choice.chosen
    return ev.ConsultChosen(
        sid,
        run_id,
        choice.consultant.name,
        domain,
        child_run,
        str(chosen.basis),
        list(chosen.matched),
        chosen.why,
    )


class StoreJournal:
    """Records events in the store (inside the caller's transaction) and tells observers,
    each event with the time it was logged at (:func:`~coordinator.events.tell_logged`)."""

    def __init__(self, store: Store, observer: ev.Observer | None):
        self.store = store
        self.observer = observer

    def emit(self, *events: ev.Event) -> None:
        for event in events:
            at = self.store.add_event(event)
            if self.observer is not None:
                ev.tell_logged(self.observer, event, at)

    def step(
        self,
        run_id: int,
        fields: dict[str, Any] | None,
        message: JSON | None,
        events: Sequence[ev.Event],
    ) -> None:
        """One step of run ``run_id`` stored in one call (:meth:`Store.record_step`: its
        message, then its columns, then its events), then observers told of the events."""
        stamps = self.store.record_step(run_id, fields, message, events)
        observer = self.observer
        if observer is not None:
            for event, at in zip(events, stamps, strict=True):
                ev.tell_logged(observer, event, at)


#: The tools Claude Code adds to an agent with a (writable) ``memory:`` scope.
MEMORY_TOOLS = ("Read", "Write", "Edit")


def protected_folders(registry: Registry, root: Path) -> LazyPaths:
    """The folders in the workspace ``root`` that shape what runs later, besides the
    protected paths every workspace has: the roster's agent folders there, where the
    user's git runs its hooks from (:func:`~coordinator.runtime.worktree.hooks_inside`),
    and the home folder's startup files when it holds them and what git settings name
    there (:func:`~coordinator.tools.home_files.home_files_inside`, which walks the
    workspace for its repositories). Found at the session's first write, not at its start
    (:class:`~coordinator.tools.lazypaths.LazyPaths`): a session that only reads never
    walks."""
    return LazyPaths(
        lambda: (*registry.folders_inside(root), *hooks_inside(root), *home_files_inside(root))
    )


def toolsets_for(
    permissions: PermissionRules | None = None, preload: Preload | None = None
) -> ToolsetFor:
    """One toolset per agent definition (its tools/disallowedTools), built on first use. An
    agent with ``memory: project|local`` also gets Read, Write and Edit (unless disallowed),
    as in Claude Code, to keep its memory file. ``permissions``: the settings' rules, whose
    bare deny rules (``deny: ["Bash"]``) and ``defaultMode: plan`` take tools away;
    ``preload``: the workspace's skills, which the Skill tool offers when the agent's lists
    allow it (:mod:`coordinator.runtime.skill_tool`; None: no Skill tool)."""
    from coordinator.runtime.skill_shell import SkillShell
    from coordinator.runtime.skill_tool import skill_tool
    from coordinator.tools.shell import BashTool
    from coordinator.tools.toolset import build_toolset

    def build(spec: AgentSpec) -> Toolset:
        tools = spec.tools
        if tools is not None and memory_scope(spec) in (MemoryScope.PROJECT, MemoryScope.LOCAL):
            tools = [*tools, *(t for t in MEMORY_TOOLS if t not in tools)]
        removed = permissions.removed_tools(spec.permission_mode) if permissions else []
        disallowed = merge_disallowed(spec.disallowed_tools, removed)
        skills = None if preload is None else skill_tool(preload, spec.tools, disallowed)
        toolset = build_toolset(tools, disallowed, () if skills is None else (skills,))
        if skills is not None:  # (its skills' commands: as this agent's Bash calls)
            skills.shell = SkillShell(spec, BashTool.name in toolset, permissions)
        return toolset

    return PerDefinition(build)


def _register_server_credentials(
    registry: Registry, workspace: Path, permissions: PermissionRules | None
) -> None:
    """Scrub the credentials of the MCP servers the roster's agents name (defined inline,
    a literal ``Authorization`` header; or in a settings file, a token from the environment)
    before a session stores its request or a run its definition: a transaction reads the
    secrets to scrub once, when it begins, and a run reads its servers only when it starts.
    A token from the settings' ``env`` too (``permissions``: the settings read)."""
    if any(spec.extra.get("mcpServers") for spec in registry):
        from coordinator.mcp.config import register_named_credentials

        env = None if permissions is None else permissions.servers.environ(os.environ)
        register_named_credentials(registry, workspace, environ=env)


def _then(fix: str | None, resume: str) -> str:
    """A hint: what to fix (``fix``), then how ``resume`` continues the session."""
    return f"{fix}\nOnce that is fixed, {resume}" if fix else f"Once it is fixed, {resume}"


def check_domain_overrides(registry: Registry, settings: Settings) -> None:
    """A config ``domains:`` entry must name an agent of the roster (UserError otherwise)."""
    for domain, name in settings.domains.items():
        if name and name not in registry:
            raise UserError(
                f"config domains: {domain} -> {name}: no agent named {name} in the roster",
                hint="Fix the name in the config's domains: map (`coord config` shows which"
                " file sets it), or add that agent.",
            )


def _tool_context(
    engine: Engine,
    permissions: PermissionRules | None,
    stores: KnownStores | None,
    protected: Sequence[Path] | None,
) -> ToolContext:
    """The tools' context for ``engine``'s workspace: ``stores``, the user's index (looked
    at again before each tool call), and ``protected``, the folders no tool writes (the
    roster's and the hooks folder's, as the session's set-up found them), when given."""
    settings, workspace = engine.settings, engine.workspace
    if stores is None:
        stores = watched_store_files(settings.db)
    return ToolContext(
        root=workspace,
        allow_bash=settings.allow_bash,
        bash_timeout=settings.bash_timeout,
        worktree_max_commit_mb=settings.worktree_max_commit_mb,
        sandbox=bash_sandbox(settings, stores, BashDenies.of(permissions) if permissions else None),
        stores=StoresWithin(workspace, stores),
        hidden=permissions.read_denied if permissions and permissions.rules else None,
        protected=protected_folders(engine.registry, workspace) if protected is None else protected,
    )


class Engine:
    """Runs sessions of one workspace against one roster, provider and store.

    ``model`` (``--model``) replaces every agent's own model choice; ``toolsets`` defaults
    to each agent's tools from its definition (less what bare deny rules take away);
    ``permissions``: the settings' deny and ask rules, checked on every tool call;
    ``stores``: the session databases the user's index knows (None: looked up here);
    ``protected``: :func:`protected_folders` (None: looked up here); ``step_stop``: a
    worker's bound on the tool calls running when it stops (:mod:`~.stopping`).
    """

    def __init__(
        self,
        *,
        registry: Registry,
        provider: Provider,
        store: Store,
        settings: Settings,
        workspace: Path,
        observer: ev.Observer | None = None,
        toolsets: ToolsetFor | None = None,
        model: str | None = None,
        hooks: HookSet | None = None,
        hook_env: HookEnv | None = None,
        preload: Preload | None = None,
        permissions: PermissionRules | None = None,
        stores: KnownStores | None = None,
        protected: Sequence[Path] | None = None,
        reach: tuple[str, ...] = (),
        step_stop: StepStop | None = None,
    ):
        check_domain_overrides(registry, settings)
        _register_server_credentials(registry, workspace, permissions)
        self.registry = registry
        self.model = model
        #: The flags naming the store in its results' resume command (SessionResult.reach).
        self.reach = reach
        self.store = store
        self.settings = settings
        self.workspace = workspace.resolve()
        self.journal = StoreJournal(store, observer)
        #: Whether a SIGTERM stopped a drive (set by :meth:`Driving.run`'s handler): the
        #: exit code an interrupted session records, as its command exits with it.
        self.signals = Sigterm()
        #: What each agent definition's runs start with (its snapshot, model, turn limit),
        #: taken once per spec object.
        self._starts: PerDefinition[RunStart] = PerDefinition(self._start_of)
        self._specialists = Specialists(registry, settings.domains)
        self._models = permissions.models if permissions is not None else None
        self._permissions = permissions
        self._allowed_rosters: weakref.WeakKeyDictionary[Registry, Registry] = (
            weakref.WeakKeyDictionary()
        )
        ctx = _tool_context(self, permissions, stores, protected)
        self.preload = preload or Preload(self.workspace)
        self.hooks = None if hooks is None else self._gate(hooks, hook_env, provider)
        self.runner = AgentRunner(
            provider=provider,
            store=store,
            journal=self.journal,
            settings=settings,
            toolsets=toolsets or toolsets_for(permissions, self.preload),
            ctx=ctx,
            hooks=self.hooks,
            preload=self.preload,
            permissions=permissions,
            step_stop=step_stop,
        )
        self.runner.skill_model = self._skill_model
        self.runner.roster_of = self._roster_of

    def _roster_of(self, s: SessionState) -> Registry:
        """The roster session ``s`` runs with (a resumed one's, else the engine's)."""
        return s.roster or self.registry

    def _gate(self, hooks: HookSet, env: HookEnv | None, provider: Provider) -> HookGate | None:
        """The gate firing ``hooks``; None when no hook can run (none configured, and no
        skill an agent may invoke sets ``hooks``)."""
        skill_hooks = skills_set_hooks(hooks, self.preload)
        if not hooks.enabled or not (hooks.configured or skill_hooks):
            return None
        env = env or HookEnv(self.workspace)
        if env.llm is None:  # prompt hooks ask the run's own provider
            env = replace(env, llm=HookModel(provider, self._model_for))
        permissions = self._permissions
        modes = permissions.mode_of if permissions else None
        gate = HookGate(hooks, env, self.store, self.journal, modes)
        gate.skills = skill_hooks
        gate.plugin_env = self.preload.plugin_env
        return gate

    @cached_property
    def asker(self) -> str | None:
        """Who asks this engine's requests, as their ``routed`` events record it: the user's
        own git identity (not the workspace repository's), else the OS user (read once per engine:
        :func:`~coordinator.runtime.answerer.answering_person`)."""
        from coordinator.runtime.answerer import answering_person

        return answering_person(self.workspace)

    # ---- entry points --------------------------------------------------------------------

    async def choose_agent(
        self, request: str, agent: str | None = None, *, session_id: str = ""
    ) -> tuple[AgentSpec, ev.Routed]:
        """The specialist for ``request`` (``agent`` forces one); NoAgentFits when none.

        With ``router: llm`` a small model settles decisions the lexical router is unsure
        about (:mod:`coordinator.routing.llm`); the reason is kept in the ``routed`` event
        (of the session ``session_id``), and why the model could not settle it, when it
        could not (``router_fallback``: :func:`coordinator.store.session_log.router_fallback`).
        """
        if agent:
            routed = ev.Routed(
                session_id,
                None,
                request,
                agent,
                reason="--agent",
                process=this_process(),
                provider=self.runner.provider.name,
                person=self.asker,
            )
            return self.registry.get(agent), routed
        asked = unmentioned(request)  # (a resource's path is not what the request is about)
        decision, fallback = route(request, self.registry), None  # (it leaves them out too)
        if self.settings.router == "llm":
            from coordinator.routing import llm as llm_router

            model = self._model_for(self.settings.router_model)
            settled = await llm_router.settle(
                asked, decision, self.registry, self.runner.provider, model
            )
            decision, fallback = settled.decision, settled.fallback
        if self._permissions is not None:  # an agent a rule refuses: the best one allowed
            refused = self._permissions.refused_agent
            decision = past_refused(asked, self.registry, decision, refused)
        if decision.agent is None:
            raise no_agent_fits(decision)
        routed = ev.Routed(
            session_id,
            None,
            request,
            decision.agent,
            decision.score,
            decision.matched,
            decision.reason,
            fallback or "",
            this_process(),
            self.runner.provider.name,
            self.asker,
        )
        return self.registry.get(decision.agent), routed

    async def start(
        self,
        request: str,
        *,
        agent: str | None = None,
        options: SessionOptions | None = None,
        detach: bool = False,
        session_id: str | None = None,
    ) -> SessionResult:
        """Route ``request``, create its session and drive the chain to an outcome.

        ``options`` (no secrets) are stored with the session so ``resume`` can rebuild
        the same roster and provider. ``detach``: hand the new session to the workers of a
        shared store instead (the result is ``running``). ``session_id``: the new session's
        id, chosen by the caller (a batch knows its sessions before any of them starts).
        """
        sid = session_id or new_session_id()
        kept: Kept = []  # the servers a mention was read over, lent to the first run
        try:
            if self.hooks is None:  # (no hook to settle: the common path kept short)
                return await self._start(sid, request, agent, (options, detach), kept)
            async with self._settling(sid):  # its async UserPromptSubmit hooks, if any
                return await self._start(sid, request, agent, (options, detach), kept)
        finally:
            if kept:  # (outside the servers' task groups: no error passed in)
                await kept.pop().aclose()

    async def _start(
        self,
        sid: str,
        request: str,
        agent: str | None,
        how: tuple[SessionOptions | None, bool],
        kept: Kept,
    ) -> SessionResult:
        """:meth:`start` of the session ``sid`` (``how``: its options and ``detach``;
        ``kept``: where the servers its mentions are read over stay open)."""
        options, detach = how
        spec, routed = await self.choose_agent(request, agent, session_id=sid)
        stored = (options or NO_OPTIONS).to_json()
        if self.hooks is None:  # no await needed
            prompt = Prompt(self.preload.first_message(spec, request))
        else:
            prompt = await self._prompt(sid, spec, request)
        servers = None
        if prompt.refused is None and "@" in request and mentions(request):  # (no call: most)
            text, servers = await self._with_resources(spec, request, prompt.text, kept)
            prompt = replace(prompt, text=text)
        # Observers hear of the session (`[id] routed to ...`) once it is committed: a
        # database fault at this write names no session that was never stored.
        observer, told = self.journal.observer, list[ev.Event]()
        self.journal.observer = None if observer is None else told.append
        try:
            s, refused = self._store_start(sid, request, stored, spec, prompt, routed, detach)
        finally:
            self.journal.observer = observer
        await self.store.durable()
        if observer is not None:
            for event in told:
                observer(event)
        if self.hooks is not None:  # (its async SessionStart hooks)
            self.hooks.session_stored(sid, s.chain[0].id if s.chain else None)
        if refused is not None:
            return refused
        if detach:  # what it waits for, as a resume that queues says it
            return self._queued(s, resumed=False)
        if servers is not None:
            await self._lend(kept, s.active, servers)
        self.store.lock_session(sid)
        ended, stopped = False, None
        try:
            result = await self._drive_chain(s)
            ended = True  # its outcome is committed: nothing for the unlock to check
            return result
        except (CancelledError, KeyboardInterrupt) as stop:  # Ctrl-C, SIGTERM: its code kept
            stopped = self.signals.exit_code(stop)
            raise
        finally:
            self.store.unlock_session(sid, ended=ended, exit_code=stopped)

    def _store_start(
        self,
        sid: str,
        request: str,
        stored: dict[str, Any],
        spec: AgentSpec,
        prompt: Prompt,
        routed: ev.Event,
        detach: bool,
    ) -> tuple[SessionState, SessionResult | None]:
        """Store the new session ``sid``, its ``routed`` event and its first run (queued
        with ``detach``), or its refusal by a UserPromptSubmit hook (the result then), in
        one transaction: grouped only where the chain is driven next (its first step
        awaits the commit)."""
        with self.store.transaction(group=not detach and prompt.refused is None):
            self.store.create_session(request, self.workspace, stored, sid, prompt.prompt_id)
            self.journal.emit(routed)
            s = SessionState(sid, request, self.workspace)
            if self.hooks is not None and prompt.start is not None:
                start = HookEvent.SESSION_START
                self.hooks.log(sid, None, spec.name, start, StartSource.STARTUP, prompt.start)
            if self.hooks is not None and prompt.verdict is not None:
                self.hooks.log(
                    sid, None, spec.name, HookEvent.USER_PROMPT_SUBMIT, None, prompt.verdict
                )
            if prompt.refused is not None:
                if prompt.verdict is not None:  # its prompt hooks' calls: no run to count in
                    self.runner.charge_session(s, prompt.verdict.runs)
                refused: SessionResult | None = self._refused(s, prompt.refused, spec.name)
            else:
                refused = None
                s.chain.append(self._start_run(s, spec, prompt.text, queued=detach))
                if prompt.verdict is not None:  # its prompt hooks' calls: the first run's
                    self.runner.charge(s, s.chain[-1], prompt.verdict.runs)
                if detach:
                    self.store.enqueue(sid)
                    self.journal.emit(ev.Queued(sid, s.chain[-1].id, spec.name))
                    self._defer(sid, s.chain[-1].id)
        return s, refused

    async def resume(
        self,
        ref: str,
        *,
        context: str | None = None,
        detach: bool = False,
        notes: tuple[str, ...] = (),
        handed: dict[str, Any] | None = None,
        question: str | None = None,
        retry_consult: bool = False,
        person: str | None = None,
    ) -> SessionResult:
        """Continue an interrupted or waiting session (``context``: a person's answer;
        ``person``: who gave it, kept in its ``resumed`` event).

        ``detach``: record the answer and hand the session to the workers of a shared
        store instead of driving it here (the result is ``running``), with ``handed``, the
        resume's flags a worker honours. ``notes``: kept in the ``session_resumed`` event
        (what differs from what the session remembers). ``question``: resume only while
        the session waits on that question (its id, or its short form ``qN``), checked
        under the session's lock (:func:`~coordinator.runtime.lookup.check_question`). A
        session waiting because its consult failed is asked the same question again, no
        model called, unless ``retry_consult`` (then that consult runs again; UserError
        when it waits on none)."""
        sid = self.store.session(ref).id
        self.store.lock_session(sid)  # (refused: this call has fired no hook to settle)
        kept: Kept = []  # the servers an answer's mention was read over, lent to its run
        try:  # Settled once the lock is released: a worker may take a detached session at once.
            async with self._settling(sid):  # the async UserPromptSubmit hooks of an answer
                return await self._resume(
                    sid, context, detach, notes, handed, question, retry_consult, person, kept=kept
                )
        finally:
            if kept:  # (outside the servers' task groups: no error passed in)
                await kept.pop().aclose()

    async def _resume(
        self,
        sid: str,
        context: str | None,
        detach: bool,
        notes: tuple[str, ...],
        handed: dict[str, Any] | None = None,
        question: str | None = None,
        retry_consult: bool = False,
        person: str | None = None,
        *,
        kept: Kept,
    ) -> SessionResult:
        """:meth:`resume` of the session ``sid``, whose lock it releases (``kept``: where
        the servers its answer's mentions are read over stay open)."""
        ended, stopped = False, None
        try:
            row = await self._resumable(sid, context, question, retry_consult)
            delegations = self.store.delegations(sid)
            s = load_session(self.store, self.registry, row, delegations)
            self._remodel(s)
            waiting = [d for d in delegations if d.status == DelegationStatus.WAITING]
            if context is not None and not waiting:  # refused before anything is logged
                raise not_waiting(sid, row.status, self.store.queued_since(sid) is not None)
            if retry_consult:
                check_retry(sid, waiting, answered=context is not None)
            answer = (
                None if context is None else await self._answer(s, waiting, context, kept, detach)
            )
            message = None if answer is None else answer.text
            resumed = ev.SessionResumed(
                sid,
                None,
                with_context=context is not None,
                notes=notes,
                process=this_process(),
                provider=self.runner.provider.name,
            )
            self.journal.emit(resumed)
            if message is None and not retry_consult and failed_consult(waiting):
                return self._ask_again(s, waiting[-1], row.reason)
            given = None if answer is None else answer.prompt_id
            step = self._reopen(s, waiting, message, context or "", given, person)
            if isinstance(step, Stop):
                return step.result
            if detach:  # the reason says what it waits for: never a bare id
                with self.store.transaction():
                    self.store.enqueue(sid, handed)
                    self.journal.emit(ev.Queued(sid, s.chain[-1].id, s.chain[-1].name))
                    self._defer(sid, s.chain[-1].id)
                return self._queued(s, resumed=True)
            self._start_owed(s)
            result = await self._drive_chain(s)
            ended = True  # its outcome is committed: nothing for the unlock to check
            return result
        except (CancelledError, KeyboardInterrupt) as stop:  # as :meth:`_start`'s
            stopped = self.signals.exit_code(stop)
            raise
        finally:
            self.store.unlock_session(sid, ended=ended, exit_code=stopped)

    async def _resumable(
        self, sid: str, context: str | None, question: str | None, retry_consult: bool
    ) -> SessionRow:
        """The row of the session ``sid`` a resume may go on with, checked before anything
        is answered or logged: waiting on ``question`` when one is named (refused when it
        waits on another, or when nothing answers it), woken when it ended with rewakes not
        delivered, else refused when it has ended (its owed SessionEnd hooks fired first:
        :meth:`_ended`); its latest prompt's id given to its hooks."""
        row = self.store.session(sid)
        if question is not None:  # before anything is woken, answered or logged
            asked = check_question(self.store, row, question)
            if context is None and not retry_consult:  # it names what is answered
                raise unanswered(sid, question, asked)
        if row.status in FINISHED and context is None and self._wake(sid, row.status):
            row = self.store.session(sid)  # woken: its last root run runs again
        if self.hooks is not None and row.prompt_id is not None:  # (its hooks' prompt_id)
            self.hooks.prompted(sid, row.prompt_id)
        if row.status in FINISHED:
            raise await self._ended(row)
        return row

    async def fire_owed_end(self, ref: str) -> bool:
        """The SessionEnd hooks the finished session ``ref`` still owes, fired under its
        lock (a worker that takes over a session its killed driver had ended: hooks112),
        held by no other process (a worker's claim does not stand in for it: a resume
        firing them holds it; UserError); False: none was owed by then."""
        sid = self.store.session(ref).id
        self.store.lock_session(sid, exclusive=True)
        try:
            async with self._settling(sid):  # (its async SessionEnd hooks)
                return await self._owed_end(sid)
        finally:
            self.store.unlock_session(sid, ended=True)

    def _wake(self, sid: str, status: str) -> bool:
        """A Complete or Needs Review session with rewakes not delivered (an
        ``asyncRewake`` hook that exited 2 after its run, or its session, had ended: the
        session was idle) is woken: its last root run runs again with them as its next
        message, stored in one transaction with their delivery and the run and session
        back to running, so a crash either side neither loses nor repeats them. False:
        nothing to wake."""
        if status not in WAKEABLE:
            return False
        pending = pending_rewakes(self.store, sid)
        roots = [r for r in self.store.runs(sid) if r.parent_run_id is None]
        if not pending or not roots:
            return False
        root = roots[-1]
        message = {"role": "user", "content": rewake_message([(w.event, w.text) for w in pending])}
        woke = ev.Resumed(sid, root.id, root.agent, "asyncRewake")
        given = [RewakeDelivered(sid, root.id, w.token) for w in pending]
        with self.store.transaction():
            self.journal.step(root.id, {"status": RunStatus.RUNNING}, message, (woke, *given))
            self.store.set_session_status(sid, SessionStatus.RUNNING)
        return True

    @asynccontextmanager
    async def _settling(self, sid: str) -> AsyncIterator[None]:
        """No async hook fired for ``sid`` in this block outlives it, whichever way it ends
        (a drive settles its own: here, a session queued for the workers, a request or an
        answer refused by a hook, an error before any drive). An ordinary end, a
        ``UserError`` included, waits up to ``ASYNC_GRACE`` for them, then kills them
        (:meth:`Background.settle`); a stop by anything else kills them at once."""
        if self.hooks is None:
            yield
            return
        try:
            yield
        except UserError:
            await self.hooks.settle(sid)
            raise
        except BaseException:
            self.hooks.kill(sid)
            raise
        await self.hooks.settle(sid)

    async def _prompt(self, sid: str, spec: AgentSpec, request: str) -> Prompt:
        """The routed agent's first message (its initialPrompt, the request, the context of
        SessionStart hooks before it and of UserPromptSubmit hooks after it), or the
        UserPromptSubmit hooks' refusal."""
        text = self.preload.first_message(spec, request)
        if self.hooks is None:
            return Prompt(text)
        start = await self.hooks.session_start(sid, spec, self._starts(spec)[1])
        return (await self.hooks.submit(sid, spec, request, text)).opened(start)

    async def _with_resources(
        self, spec: AgentSpec, said: str, text: str, kept: Kept
    ) -> tuple[str, McpOpened | None]:
        """``text`` (a first message, an answer) followed by the MCP resources the
        person's ``said`` mentions, read for ``spec`` (:mod:`coordinator.runtime.mentioned`:
        a UserError when one cannot be), and the servers read over, left open on ``kept``."""
        from coordinator.runtime.mentioned import mentioned_resources

        runner = self.runner
        if not kept:  # (an answer's second read, if ever, shares the first's stack)
            kept.append(AsyncExitStack())
        read = await mentioned_resources(spec, said, runner.ctx, runner.permissions, kept[0])
        return f"{text}\n\n{read.text}", read.servers

    async def _lend(self, kept: Kept, run: RunState, servers: McpOpened) -> None:
        """``servers`` (a mention's read's, open on ``kept``) lent to ``run``, whose drives
        use them instead of starting them again until ``kept`` closes; closed at once for a
        worktree run (its servers run in its worktree)."""
        if wants_worktree(run.agent):
            await kept.pop().aclose()
            return
        self.runner.lent[run.id] = servers
        kept[0].callback(self.runner.lent.pop, run.id, None)  # (before the servers close)

    async def _answer(
        self,
        s: SessionState,
        waiting: Sequence[DelegationRow],
        context: str,
        kept: Kept,
        detach: bool,
    ) -> Prompt:
        """The person's answer as the waiting run's next message, after SessionStart
        (``resume``) and UserPromptSubmit hooks (their context appended; their runs logged
        at once), with its prompt id (hooks configured). A refusal stores only its hook
        runs and an ``answer_refused`` event, in one transaction: the session waits as it
        was, to be answered again. Its mentions are read once its hooks let it through (as
        a request's: an answer refused starts no server and reads nothing), after their
        context; ``kept``: where the servers read over stay open, lent to the run
        answered; ``detach``: queued, not driven here."""
        prompt = await self._answer_hooks(s, waiting, context, detach)
        if not (s.chain and waiting and mentions(context)):
            return prompt
        try:
            text, servers = await self._with_resources(s.active.agent, context, prompt.text, kept)
        except BaseException:
            if detach and self.hooks is not None:
                self.hooks.release(s.id)  # (held for a queue: nothing is queued)
            raise
        if servers is not None:
            await self._lend(kept, s.active, servers)
        return replace(prompt, text=text)

    async def _answer_hooks(
        self, s: SessionState, waiting: Sequence[DelegationRow], context: str, detach: bool
    ) -> Prompt:
        """:meth:`_answer`'s SessionStart and UserPromptSubmit hooks on the answer
        ``context``: the waiting run's next message with their context, or a UserError
        (the refusal stored)."""
        text = person_resume_message(context)
        hooks = self.hooks
        if hooks is None or not s.chain or not waiting:
            return Prompt(text)  # no hooks, or nothing to answer (``_resume`` refused it)
        if detach:  # queued: its async hooks are for the worker that drives it
            hooks.hold(s.id)
        run = s.active
        source = StartSource.RESUME
        start = await hooks.session_start(s.id, run.agent, run.model, source, run.id)
        prompt = (await hooks.submit(s.id, run.agent, context, text, run.id)).opened(
            start, before=False
        )
        if prompt.verdict is None and start is None:
            return prompt  # no SessionStart or UserPromptSubmit hook ran
        with self.store.transaction():
            if start is not None:
                hooks.log(s.id, run.id, run.name, HookEvent.SESSION_START, source, start)
            if (verdict := prompt.verdict) is not None:
                self.runner.charge(s, run, verdict.runs)  # its prompt hooks' calls
                hooks.log(s.id, run.id, run.name, HookEvent.USER_PROMPT_SUBMIT, None, verdict)
            if prompt.refused is None:
                return prompt
            self.journal.emit(ev.AnswerRefused(s.id, run.id, prompt.refused))
        hooks.release(s.id)  # (held for a queue: nothing is queued)
        raise UserError(
            f"the answer was blocked by a UserPromptSubmit hook: {prompt.refused}",
            hint=f"Session {s.id} is still waiting: answer again with `coord resume {s.id}"
            " --context ...`.",
            tool_hint=f"Session {s.id} is still waiting: answer again with `resume`"
            f" (session='{s.id}', context=<the answer>).",
        )

    def _refused(self, s: SessionState, why: str, agent: str) -> SessionResult:
        """The request refused by a UserPromptSubmit hook: the session fails at once (its
        result names ``agent``, the one it was routed to, though no run started)."""
        reason = f"the request was blocked by a UserPromptSubmit hook: {why}"
        self.store.set_session_status(s.id, SessionStatus.FAILED, reason)
        self.journal.emit(ev.Failed(s.id, None, "prompt_blocked", reason))
        return replace(self._result(s, SessionStatus.FAILED, reason=reason), agent=agent)

    # ---- the chain -----------------------------------------------------------------------

    async def _drive_chain(self, s: SessionState) -> SessionResult:
        """Drive the deepest unfinished run until the session completes, fails or waits;
        every write is committed before the result is returned."""
        try:
            result = await self._drive_runs(s)
        except BaseException:
            self._keep_final_turn(s)
            if self.hooks is not None:
                self.hooks.kill(s.id)  # stopped: its async hooks too, at once
            raise
        await self.store.durable()
        if self.hooks is not None:
            if result.status.finished and s.chain:
                await self._session_end(s, self.hooks)
            await self.hooks.settle(s.id)  # no async hook outlives the session's drive
        return result

    @staticmethod
    async def _session_end(s: SessionState, hooks: HookGate) -> None:
        """The finished session ``s``'s SessionEnd hooks (its root run's agent). Its outcome
        is stored: a worker's stop or stall watch ending them ends only them, nothing of
        them stored and nothing to hand back (review122: the cut escaped the drive)."""
        try:
            await hooks.session_end(s.id, s.chain[0].agent)
        except StepCut:
            return

    def _defer(self, sid: str, run_id: int) -> None:
        """Store with the queueing of the session ``sid`` the async SessionStart and
        UserPromptSubmit hooks its request or answer fired (``run_id``: the run they are
        for), for the worker that drives it (:meth:`_start_owed`)."""
        if self.hooks is not None and (owed := self.hooks.deferred(sid, run_id)):
            self.journal.emit(*owed)

    def _start_owed(self, s: SessionState) -> None:
        """The async hooks the session ``s`` owes from its queueing (:meth:`_defer`),
        started as its drive begins here, each for its run's next turn, then stored as
        fired (a kill between: they died with this process, as every async hook does, and
        the next drive starts them again). Nothing with ``--no-hooks``: they stay owed;
        nothing read on a store with no queue (SQLite)."""
        hooks = self.hooks
        if hooks is None or not self.store.QUEUES:  # (a file queues none: no read)
            return
        owed = [o for o in owed_hooks(self.store, s.id) if o.event != HookEvent.SESSION_END]
        if not owed:
            return
        runs = {run.id: run.agent for run in s.chain}
        for o in owed:
            hooks.start_owed(o, runs.get(o.run_id or 0, s.chain[0].agent))
        events = dict.fromkeys(o.event for o in owed)
        with self.store.transaction():
            self.journal.emit(*(ev.HooksFired(s.id, None, e, late=True) for e in events))

    async def _ended(self, row: SessionRow) -> AlreadyEnded:
        """What a resume of the finished session ``row`` says, once the SessionEnd hooks
        it still owes are fired (:meth:`_owed_end`): that they ran, or are still owed
        (hooks off)."""
        fired = await self._owed_end(row.id)
        owed = not fired and self.hooks is None and end_owed(self.store, row.id)
        return already_ended(self.store, row, fired=fired, owed=owed)

    async def _owed_end(self, sid: str) -> bool:
        """The SessionEnd hooks the finished session ``sid`` still owes (its process was
        killed, or its worker stopped, after its outcome was stored and before their runs
        were): fired now, as its root run's agent, once (:mod:`~coordinator.runtime.hooks_owed`).
        Nothing with ``--no-hooks``: they stay owed. True: they were fired (and settled)."""
        hooks = self.hooks
        if hooks is None or not end_owed(self.store, sid):
            return False
        spec = root_spec(self.store, self.registry, sid)
        if spec is None:
            return False
        try:
            await hooks.session_end(sid, spec, late=True)
        except StepCut:
            return False
        return True

    def _keep_final_turn(self, s: SessionState) -> None:
        """The driver stops (an error, a signal) with a final turn not written yet: write
        it, so a resume reads its report instead of calling the model again (best effort:
        a failing database keeps its own error)."""
        run = s.chain[-1] if s.chain else None
        if run is not None:
            self._keep_turn(run)

    def _keep_turn(self, run: RunState) -> None:
        """``run``'s unsaved final turn written on its own, if any (best effort)."""
        if run.unsaved is None:
            return
        try:
            with self.store.transaction():
                self.runner.save_turn(run)
        except UserError:
            pass  # the stop's own error is the one to show; the call is repeated on resume

    @contextmanager
    def _final_turn_kept(self, run: RunState) -> Iterator[None]:
        """Around a transaction writing ``run``'s unsaved final turn with its outcome: when
        it fails (the server rolled it back for a deadlock: the worker drives the session
        again from its last commit), the turn is written on its own (:meth:`_keep_turn`),
        so that drive reads its report instead of asking the model again (ops112). The
        transaction took it from the run, which it may also have dropped from the chain,
        where :meth:`_keep_final_turn` looks."""
        unsaved = run.unsaved
        try:
            yield
        except UserError:
            if unsaved is not None and run.unsaved is None:
                run.unsaved = unsaved
                self._keep_turn(run)
            raise

    async def _drive_runs(self, s: SessionState) -> SessionResult:
        while True:
            run = s.chain[-1]  # the active run
            try:
                outcome = await self.runner.drive(s, run)
            except ScriptError as exc:  # an ``expect`` not met: the (user's) script's fault
                raise await self._ended_by(s, exc.as_user_error()) from exc
            except RunFailure as exc:  # only resumable failures escape the runner
                return self._interrupt(s, exc.message)
            except UserError as exc:  # e.g. the API rejected the key mid-run (the cause kept:
                raise await self._ended_by(s, exc) from exc  # `coord demo` reads it)
            if self.store.write_lock is not None:  # a batch worker's turn at writing
                await self.store.write_turn()  # (store.writelock; no lock: at once, no await)
            step = await self._next(s, run, outcome)
            if isinstance(step, Stop):
                return step.result

    async def _next(self, s: SessionState, run: RunState, outcome: RunOutcome) -> NextStep:
        """What the chain does after ``run`` stopped with ``outcome``."""
        match outcome:
            case Waiting(question=question):
                return Stop(self._wait(s, question))
            case Forked():
                return self._fork(s, run, outcome)
            case Blocked():
                # The block and what follows it: one commit (shared, in a batch).
                with self._final_turn_kept(run), self.store.transaction(group=True):
                    self._store_outcome(s, run, outcome)
                    return self._ask(s, run, outcome)
            case _ if run.parent_id is None:
                return Stop(self._finish(s, run, outcome))
            case _:
                return await self._return_answer(s, run, outcome)

    def _consultant(self, s: SessionState, report: AgentReport) -> ConsultChoice:
        """Who answers the Blocked ``report`` of a run of ``s``, or why nobody will."""
        limits, roster = self.runner.limits, s.roster
        if roster is None:  # the engine's roster: its lookups are kept
            roster = self.registry
            choice = choose_consultant(report, s, roster, self.settings, limits, self._specialists)
        else:
            choice = choose_consultant(report, s, roster, self.settings, limits)
        if self._permissions is None:
            return choice
        refused = partial(self._permissions.refused_agent, delegated=True)
        allowed = partial(self._allowed, roster, refused)
        return past_refused_consultant(choice, report, s, self.settings, allowed, refused, limits)

    def _allowed(self, roster: Registry, refused: Refused) -> Registry:
        """``roster`` without the agents ``refused`` names a rule for, made once per
        roster (a consult's choice passes over them: :func:`past_refused_consultant`)."""
        kept = self._allowed_rosters.get(roster)
        if kept is None:
            kept = roster.without(n for n in roster.agents if refused(n) is not None)
            self._allowed_rosters[roster] = kept
        return kept

    def _ask(
        self, s: SessionState, run: RunState, blocked: Blocked, choice: ConsultChoice | None = None
    ) -> NextStep:
        """Start a consult for the blocked ``run``, or leave the chain waiting for a person
        (inside the caller's transaction); ``choice``: who answers, when the caller knows."""
        report = blocked.report
        if choice is None:
            choice = self._consultant(s, report)
        if isinstance(choice, NoConsult):
            return self._ask_person(s, run, report, choice)
        said = said_ref(run)
        task, stored = consult_prompt(
            run.name,
            report.domain,
            report.required,
            report.blocker,
            blocked.text,
            s.request,
            said=said,
        )
        # the consult's run holds its question: no delegations row (schema 12, "hop44")
        asked = (report.blocker, report.required)
        child = self._start_run(
            s,
            choice.consultant,
            task,
            stored=stored,
            parent=run,
            domain=report.domain,
            question=asked,
            asker=run.owed,
        )
        child.delegation_id = question_id(child.id)
        domain = report.domain or ""
        started = (
            ev.ConsultStarted(s.id, run.id, child.name, domain, child.id)
            if choice.chosen is BY_DOMAIN
            else _consult_chosen(s.id, run.id, choice, domain, child.id)
        )
        self.journal.emit(started)
        s.chain.append(child)
        return CONTINUE

    def _ask_person(
        self, s: SessionState, run: RunState, report: AgentReport, choice: NoConsult
    ) -> NextStep:
        """Leave the chain waiting for a person's answer to the blocked ``run``'s question
        (no consult: ``choice`` says why), inside the caller's transaction."""
        self._pay_owed(run)
        qid = self.store.add_delegation(
            s.id,
            run.id,
            domain=report.domain,
            blocker=report.blocker,
            required=report.required,
            waiting_reason=choice.reason,
        )
        question = Question(
            run.id,
            run.name,
            choice.reason,
            report.domain,
            report.blocker,
            report.required,
            choice.detail,
            qid,
        )
        return Stop(self._wait(s, question))

    def _fork(self, s: SessionState, run: RunState, forked: Forked) -> NextStep:
        """``run``'s Skill call of a ``context: fork`` skill: its sub-agent starts, a child
        run told the skill's text, stored with the call's start in one transaction (a
        resume drives it, or runs the call again when neither is stored); or, when it may
        not (:func:`~coordinator.runtime.skill_fork.fork_spec`, :func:`held_back`), the call
        is answered with why, and ``run`` goes on."""
        use, fork = forked.use, forked.fork
        held = held_back(run, s, self.settings.max_depth, self.runner.limits)
        spec = held or fork_spec(fork, run.agent, self._fork_rules(s))
        with self.store.transaction(group=True):
            self.runner.call_started(s, run, use)
            if isinstance(spec, str):
                self.runner.call_answered(s, run, use, ToolResult(spec, is_error=True))
                return CONTINUE
            child = self._start_run(s, spec, fork.task, parent=run)
            child.call = use
            self.journal.emit(ev.SkillForked(s.id, run.id, child.name, fork.skill.name, child.id))
            hooks = forked_hooks(fork.skill, fork.written)
            if hooks is not None and self.hooks is not None:  # for the rest of the session
                self.journal.emit(hooks.event(s.id, run.id, run.name))
                self.hooks.register_skill(s.id, hooks)
        s.chain.append(child)
        return CONTINUE

    def _fork_rules(self, s: SessionState) -> ForkRules:
        """What deciding a fork's agent reads in session ``s`` (:class:`ForkRules`)."""
        toolsets = self.runner.toolsets
        permissions = self._permissions
        refused = (
            partial(permissions.refused_agent, delegated=True) if permissions is not None else None
        )
        resolve, prices = self.settings.resolve_model, self.settings.prices
        return ForkRules(
            s.roster or self.registry,
            lambda spec: frozenset(t["name"] for t in toolsets(spec).schemas()),
            refused,
            lambda asked, spec: dearer(resolve(asked), resolve(spec.model), prices),
            self.preload.effort_level,
            self.settings.models,
        )

    async def _return_fork(self, s: SessionState, child: RunState, outcome: Ended) -> NextStep:
        """A forked skill's sub-agent ended: its final message (or its failure) is the Skill
        call's result, given to the invoking run's PostToolUse (PostToolUseFailure) hooks as
        any call's (skills103), then stored with the sub-agent's outcome, one step; the run
        that invoked it goes on (its turn's other calls then run, the answered ones reused)."""
        parent, use = s.parent_of(child), child.call or {}
        done = ev.SkillForkDone(s.id, parent.id, child.name, str(outcome.status), child.id)
        result = fork_result(fork_skill(use), child, outcome)
        result = await self.runner.fork_answered(s, parent, use, result)
        with self._final_turn_kept(child), self.store.transaction(group=True):
            self._store_outcome(s, child, outcome, done)
            s.drop(child)
            self.runner.call_answered(s, parent, use, result)
        return CONTINUE

    async def _return_answer(self, s: SessionState, child: RunState, outcome: Ended) -> NextStep:
        """A consult ended: its whole final message resumes the run that waited on it (a
        forked skill's run: :meth:`_return_fork`)."""
        if child.call is not None:
            return await self._return_fork(s, child, outcome)
        parent = s.parent_of(child)
        delegation = child.answers()
        done = ev.ConsultDone(s.id, parent.id, child.name, str(outcome.status), child.id)
        with self._final_turn_kept(child), self.store.transaction(group=True):
            self._store_outcome(s, child, outcome, done)
            s.drop(child)
            if isinstance(outcome, Failed):
                self._pay_owed(parent)  # its consult's run holds them no longer
                asked = self.store.delegation(delegation)
                qid = self.store.set_waiting(delegation, WaitReason.CONSULT_FAILED)
                question = Question(
                    parent.id,
                    parent.name,
                    WaitReason.CONSULT_FAILED,
                    asked.domain,
                    asked.blocker,
                    asked.required,
                    f"{child.name} failed: {outcome.reason}",
                    qid,
                )
                return Stop(self._wait(s, question))
            # The question reads answered by the consult's outcome, stored above: no write
            # (schema 11; an UPDATE cost ~2% of a hop and a page: bench/RESULTS.md, "hop40").
            said = said_ref(child)
            text, stored = resume_prompt(
                child.name, child.domain, outcome.status, outcome.text, said=said
            )
            self._resume_run(s, parent, text, answered_by=child.name, stored=stored)
        return CONTINUE

    def _ask_again(self, s: SessionState, asked: DelegationRow, reason: str) -> SessionResult:
        """The question of a failed consult (``asked``), asked again as it was (its id, its
        failure as ``reason``): a resume does not pay for that consult again unasked
        (``coord resume --retry-consult`` does)."""
        run = s.active
        question = Question(
            run.id,
            run.name,
            WaitReason.CONSULT_FAILED,
            asked.domain,
            asked.blocker,
            asked.required,
            reason,
            asked.id,
        )
        return self._wait(s, question)

    def _reopen(
        self,
        s: SessionState,
        waiting: Sequence[DelegationRow],
        message: str | None,
        answer: str = "",
        prompt_id: str | None = None,
        person: str | None = None,
    ) -> NextStep:
        """Before driving a resumed session: answer (``message``: the person's, ready for
        the waiting run; ``answer``: what they gave, for the ``resumed`` event, with
        ``person``, who gave it; ``prompt_id``: its id, stored with it) or re-ask its
        waiting question (``waiting``: the session's waiting delegations, as the resume
        read them)."""
        with self.store.transaction():
            self.store.set_session_status(s.id, SessionStatus.RUNNING, prompt_id=prompt_id)
            if not waiting:
                return CONTINUE
            question, run = waiting[-1], s.active
            if message is not None:
                self.store.answer_delegation(question.id, ANSWERED_BY_PERSON)
                self._resume_run(
                    s, run, message, answered_by=ANSWERED_BY_PERSON, answer=answer, person=person
                )
                return CONTINUE
            identity = self.runner.identity(s, run)
            blocked = stored_block(self.store.run(run.id), final_text(run.messages), identity)
            choice = self._consultant(s, blocked.report)
            if isinstance(choice, NoConsult) and choice.reason == question.waiting_reason:
                # asked again, it waits for a person as it did: the same question (its id,
                # which a script's --question names, kept; no second node in the tree)
                asked = (question.domain, question.blocker, question.required, choice.detail)
                return Stop(
                    self._wait(s, Question(run.id, run.name, choice.reason, *asked, question.id))
                )
            self.store.retry_delegation(question.id)
            return self._ask(s, run, blocked, choice)

    # ---- transitions (each inside the caller's transaction) ------------------------------

    def _start_run(
        self,
        s: SessionState,
        spec: AgentSpec,
        task: str,
        *,
        stored: StoredPrompt | None = None,
        parent: RunState | None = None,
        domain: str | None = None,
        question: tuple[str | None, str | None] | None = None,
        asker: dict[str, Any] | None = None,
        queued: bool = False,
    ) -> RunState:
        """A new run of ``spec`` told ``task``: the root, or a consult of ``parent`` in
        ``domain`` asked ``question`` (a Blocked report's blocker and required; ``asker``:
        the columns ``parent``'s row is owed, :attr:`RunState.owed`); ``stored``: the
        consult task as the store keeps it (``prompts.consult_prompt``). ``queued``: a
        root handed to the workers, started on the one that takes it: its ``run_started``
        is stored, and observers are told that it is queued instead (``ev.Queued``)."""
        snap, model, max_turns = self._starts(spec)
        # (positional, in RunState's order: id, agent, model, depth, max_turns, messages,
        # parent_id, domain; a class called with keywords is given them as a dict, ~4 K
        # instructions a run)
        run = RunState(
            0,
            spec,
            model,
            parent.depth + 1 if parent else 0,
            max_turns,
            [{"role": "user", "content": task}],
            parent.id if parent else None,
            domain,
        )
        digest = self.store.save_definition(snap.digest, snap.name, snap.source, snap.text)
        run.id = self.store.start_run(
            s.id,
            definition=digest,
            agent=spec.name,
            model=run.model,
            depth=run.depth,
            max_turns=run.max_turns,
            first_message=run.messages[0]
            if stored is None
            else {"role": "user", "content": stored},
            parent_run_id=run.parent_id,
            domain=domain,
            question=question,
            asker=asker,
        )
        by = self.runner.provider.name
        started = ev.RunStarted(
            s.id, run.id, spec.name, run.model, run.depth, run.parent_id, domain, by, digest
        )
        if queued:
            self.store.add_event(started)
        else:
            self.journal.emit(started)
        return run

    def _start_of(self, spec: AgentSpec) -> RunStart:
        """The definition's snapshot, the model its runs call and their turn limit (the
        engine's settings and ``--model`` do not change while it runs)."""
        model = self._model_for(self.model or spec.model)
        return snapshot(spec), model, spec.max_turns or self.settings.max_turns

    def _model_for(self, requested: str | None) -> str:
        """The model a run (or a prompt or agent hook, or the LLM router) asking for
        ``requested`` calls: with the managed availableModels, one it permits (a model it
        does not permit is not called)."""
        if self._models is None:
            return self.settings.resolve_model(requested)
        return self._models.model_for(requested, self.settings)[0]

    def _remodel(self, s: SessionState) -> None:
        """The model of each run of ``s`` being resumed: ``--model`` given again (after a
        model the API did not know: ModelNotFound) wins over the run's own; with the managed
        availableModels, a model it permits. Stored (review127: it was not, and the next
        plain ``coord resume`` called the model the API had refused again)."""
        if self.model is None and self._models is None:
            return
        for run in s.chain:
            model = self._model_for(self.model or run.model)
            if model != run.model:
                run.model = model
                self.store.update_run(run.id, model=model)

    def _skill_model(self, asked: str) -> str | None:
        """The model an invoked inline skill's ``model`` ``asked`` runs its run's turn on,
        or None when the run keeps its own: ``--model`` given (it wins, as for a forked
        skill), ``inherit``, or a model ``availableModels`` does not permit (Claude Code:
        "not used and the session keeps its current model")."""
        if self.model is not None or asked.strip() == "inherit":
            return None
        model = self.settings.resolve_model(asked)
        if self._models is not None and not self._models.permits(model):
            return None
        return model

    def _store_outcome(
        self,
        s: SessionState,
        run: RunState,
        outcome: Ended | Blocked,
        then: ev.Event | None = None,
    ) -> None:
        """Store how ``run`` ended (or that it is blocked) with its report events, after its
        unsaved final turn, and the event ``then``: one step (:meth:`StoreJournal.step`)."""
        report, kind = outcome.report, outcome.failure_kind
        blocked = isinstance(outcome, Blocked)
        unsaved = run.unsaved
        first: tuple[ev.Event, ...] = ()
        fields: dict[str, Any] | None
        if unsaved is None:
            fields, run.owed = run.owed or {}, None
            message = None
        else:  # the final message this outcome was read from
            run.unsaved = None
            # (a copy: the turn's own, if this write is rolled back, :meth:`_final_turn_kept`)
            fields, message, first = dict(unsaved.fields), unsaved.message, (unsaved.event,)
        # The final message itself is not copied into the row (``final_text`` stays NULL):
        # its conversation holds it, and the copy cost ~11 K instructions and 0.7 WAL
        # frames a hop (bench/RESULTS.md, "hop40").
        fields["report"] = stored_report_json(report) if report is not None else None
        if blocked and unsaved is not None:
            # Its row is not written now: its final turn's counters and its report are owed
            # to its next write (:attr:`RunState.owed`; a question for a person writes them
            # at once, ``_ask``), and meanwhile its consult's run holds them with its
            # question; readers see it blocked from that (``Store.runs``). The UPDATE cost
            # ~4% of a hop (bench/RESULTS.md, "hop46").
            run.owed, fields = fields, None
        else:
            fields["status"] = outcome.status
            if kind is not None or outcome.reason:  # else still NULL: a run ends only once
                fields["failure_kind"] = kind
                fields["failure"] = outcome.reason or None
            if not blocked:  # a blocked run has not ended: its ended_at stays NULL
                fields["ended_at"] = time.time()
        sid, rid, name = s.id, run.id, run.name
        read: tuple[ev.Event, ...] = ()
        if report is not None:
            read = (ev.ReportRead(sid, rid, name, str(report.status), report.summary, None),)
        elif kind == "unreadable_report":
            read = (ev.ReportRead(sid, rid, name, None, "", outcome.reason),)
        end: ev.Event
        if blocked and report is not None:  # a Blocked outcome always has its report
            end = ev.Blocked(sid, rid, name, report.domain, report.blocker, report.required)
        else:
            end = ev.RunEnded(sid, rid, name, str(outcome.status), outcome.reason)
        events = (*first, *read, end) if then is None else (*first, *read, end, then)
        self.journal.step(run.id, fields, message, events)

    def _pay_owed(self, run: RunState) -> None:
        """Write the columns the blocked ``run``'s row is owed, with its status (inside
        the caller's transaction): its question now waits for a person, and no consult's
        run holds them."""
        owed = run.owed
        if owed is not None:
            run.owed = None
            # (a run blocked again after a resume owes its ``running`` too: blocked wins)
            self.store.update_run(run.id, **{**owed, "status": RunStatus.BLOCKED})

    def _resume_run(
        self,
        s: SessionState,
        run: RunState,
        text: str,
        *,
        answered_by: str,
        answer: str = "",
        stored: StoredPrompt | None = None,
        person: str | None = None,
    ) -> None:
        """``run`` continues with ``text``, answered by ``answered_by`` (``answer``: a
        person's, as given, and ``person``, who they are, kept in the ``resumed`` event for
        the audit; ``stored``: ``text``
        as the store keeps it, ``prompts.resume_prompt``). Its row keeps
        ``blocked`` until its next step writes ``running`` with that step's counters
        (:attr:`RunState.status_owed`): its question, answered in this step, says it goes
        on (``history.chain_of`` shows it running; a rebuild drives it). An UPDATE of the
        row here cost ~3% of a hop (bench/RESULTS.md, "hop39")."""
        message: JSON = {"role": "user", "content": text}
        run.messages.append(message)
        run.skills = []  # (an invoked skill's model, effort, disallowed-tools: until now)
        run.status_owed = True
        resumed = ev.Resumed(s.id, run.id, run.name, answered_by, answer, person)
        if stored is not None:  # the store keeps the resume message by its pieces
            message = {"role": "user", "content": stored}
        self.journal.step(run.id, None, message, (resumed,))

    def _finish(self, s: SessionState, root: RunState, outcome: Ended) -> SessionResult:
        status = SESSION_STATUS[outcome.status]
        end: ev.Event
        if isinstance(outcome, Failed):
            end = ev.Failed(s.id, root.id, outcome.kind, outcome.reason)
        else:
            summary = outcome.report.summary if outcome.report else ""
            end = ev.Completed(s.id, root.id, str(outcome.status), summary)
        hooks = self.hooks
        owed = None if hooks is None or not s.chain else hooks.end_owed(s.id, s.chain[0].agent)
        with self._final_turn_kept(root), self.store.transaction(group=True):
            if owed is not None:  # its SessionEnd hooks, until their runs are stored
                self.journal.emit(owed)  # (before the outcome, which ends its trace)
            self._store_outcome(s, root, outcome, end)
            self.store.set_session_status(s.id, status, outcome.reason)
        return self._result(
            s, status, report=outcome.report, text=outcome.text, reason=outcome.reason
        )

    def _wait(self, s: SessionState, question: Question) -> SessionResult:
        with self.store.transaction(group=True):
            self.store.set_session_status(
                s.id, SessionStatus.WAITING, question.detail or question.reason
            )
            self.journal.emit(
                ev.Waiting(
                    s.id,
                    question.run_id,
                    question.reason,
                    question.agent,
                    question.domain,
                    question.blocker,
                    question.required,
                    question.detail,
                )
            )
        return self._result(s, SessionStatus.WAITING, question=question, reason=question.detail)

    def _interrupt(
        self, s: SessionState, reason: str, exit_code: int | None = None, hint: str | None = None
    ) -> SessionResult:
        with self.store.transaction():
            self.store.set_session_status(s.id, SessionStatus.INTERRUPTED, reason)
            self.journal.emit(ev.Interrupted(s.id, s.active.id, reason, exit_code, hint))
        return self._result(s, SessionStatus.INTERRUPTED, reason=reason)

    async def _ended_by(self, s: SessionState, exc: UserError) -> UserError:
        """:meth:`_interrupted_by`; the interruption recorded, the session's drive ends as
        after a resumable failure: its async hooks waited for (:meth:`HookGate.settle`), not
        killed as at a Ctrl-C. An async StopFailure hook fired for a rejected key (an alert)
        had only just started."""
        error = self._interrupted_by(s, exc)
        if error is not exc and self.hooks is not None:  # (not a store's own fault)
            await self.hooks.settle(s.id)
        return error

    def _interrupted_by(self, s: SessionState, exc: UserError) -> UserError:
        """Record a user error that stopped a run (the session stays resumable), and the
        error to show: the original one, naming the session, its hint (what to fix) then how
        to continue once that is fixed: ``coord resume``, or for a client of ``coord mcp``
        the ``resume`` tool (the error's ``tool_hint``: what to fix there). A database fault is
        shown as it is: the store records the interruption itself when it lets the session
        go (:meth:`Store.unlock_session`), without writing through the failing database."""
        if isinstance(exc, StoreError):
            if exc.fault is StoreFault.FULL:  # the session to continue is this one
                exc.hint = FULL_IN_SESSION_HINT.format(session=s.id)
            return exc
        try:
            # (`coord log -f` exits so too; `coord log` shows the hint: what to fix)
            self._interrupt(s, exc.message, exc.exit_code, exc.hint)
        except UserError:  # the store itself failed: its own error is the one to show
            return exc
        return UserError(
            f"{exc.message}; session {s.id} is interrupted",
            hint=_then(exc.hint, f"`coord resume {s.id}` continues it."),
            tool_hint=_then(
                exc.tool_hint or exc.hint, f"call `resume` with session='{s.id}' to continue it."
            ),
            exit_code=exc.exit_code,
            fields={
                **exc.fields,
                "session": s.id,
                "status": str(SessionStatus.INTERRUPTED),
                "fix": exc.hint,  # as `coord sessions`/`log --json` name it (review136)
                # the argument list that continues it, as a result's (scripts113)
                "resume": resume_command(
                    s.id, SessionStatus.INTERRUPTED, asking=False, reach=self.reach
                ),
            },
        )

    def _queued(self, s: SessionState, *, resumed: bool) -> SessionResult:
        """The result of a session just handed to the workers: running, with what it waits
        for in words (:meth:`Store.queued_note`) and since when (``queued_at``)."""
        note = self.store.queued_note(s.id, resumed=resumed)
        since = self.store.queued_since(s.id)
        return self._result(s, SessionStatus.RUNNING, reason=note, queued_at=since)

    def _result(self, s: SessionState, status: SessionStatus, **fields: Any) -> SessionResult:
        root = s.chain[0].name if s.chain else ""
        usage = usage_copy(s.usage)  # the state's total grows in place (state.add_usage)
        return SessionResult(
            s.id, status, root, usage=usage, cost=s.cost, reach=self.reach, **fields
        )


def said_ref(run: RunState) -> MessageRef | None:
    """``run``'s last message (its final one, stored in this step), for a prompt that
    quotes the text of the run's outcome to keep instead of a copy (schema 17,
    bench/RESULTS.md "hop51"); None when the last is not the run's. An outcome's text is
    always :func:`~coordinator.prompts.final_text` of its run's messages (``agent_run``'s
    ``_read_report``, ``state.outcome_of`` and ``rebuild.stored_block`` read it so), which
    is what a reader reads for the reference; comparing the two here cost more instructions
    than the copy saves."""
    index = len(run.messages) - 1
    if index < 0 or run.messages[index]["role"] != "assistant":
        return None
    return [run.id, index]
