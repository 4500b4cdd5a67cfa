"""Typed engine events: what happened in a session, in order.

The engine records each event in the store (the append-only event log) in the same
transaction as the state change it describes, then hands it to observers (the live view,
progress lines). ``kind`` is the stable name stored in the log, an
:class:`~coordinator.event_kinds.EventKind`; ``data()`` the stored payload.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import MISSING, dataclass, field, fields
from types import UnionType
from typing import Any, ClassVar, get_args, get_origin, get_type_hints

from coordinator.clip import clip
from coordinator.event_kinds import EventKind


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every engine event. ``run_id`` is None for session-level events.

    The ids are slots; a subclass's own fields (the payload) are its ``__dict__``, in
    declaration order: the store logs that dict as it is, with no copy (the event is
    frozen, and nothing the store does changes it)."""

    kind: ClassVar[str] = "event"  # (the base is never stored: each subclass's is a member)
    session_id: str
    run_id: int | None

    def data(self) -> dict[str, Any]:
        """The payload stored in the event log (everything but the ids), a copy."""
        return dict(getattr(self, "__dict__", ()))


@dataclass(frozen=True)
class Routed(Event):
    """The request was given to ``agent`` (by the router, or by ``--agent``)."""

    kind: ClassVar[EventKind] = EventKind.ROUTED
    request: str
    agent: str
    score: float = 0.0
    matched: list[str] = field(default_factory=list)
    reason: str = ""
    #: With ``router: llm``: why the model asked could not settle the decision, and the
    #: lexical choice stands ("" when it was not asked, or it settled it).
    router_fallback: str = ""
    #: The process that started the session, ``host:pid`` (a resume's is its
    #: ``session_resumed`` event's); "" in events stored before it was recorded (audit108).
    process: str = ""
    #: The provider its runs call (``anthropic``, ``scripted``), known before any: the
    #: workflow span names it from its start; "" in events stored before it was (mend110).
    provider: str = ""
    #: Who asked: the user's own git identity (global or system, never the workspace
    #: repository's, which an agent can write: review136), else the OS user, as a person's
    #: answer is recorded without ``--as`` (:func:`~coordinator.runtime.answerer.
    #: answering_person`; audit112); None when none is known and in events stored before.
    person: str | None = None


@dataclass(frozen=True)
class RunStarted(Event):
    """An agent run began: the root run, or a consult for ``domain``."""

    kind: ClassVar[EventKind] = EventKind.RUN_STARTED
    agent: str
    model: str
    depth: int
    parent_run: int | None = None
    domain: str | None = None
    #: The provider that runs it (``anthropic``, ``scripted``); "" in events stored before
    #: it was recorded.
    provider: str = ""
    #: The digest of the agent definition the run started with (its ``agent_definitions``
    #: row; the run's ``definition`` in ``coord log --json``); None for a run stored without.
    definition: str | None = None


@dataclass(frozen=True)
class Queued(Event):
    """The session was handed to the workers of a shared store (``coord run --detach``, a
    resume that queues): its run goes on in the worker that takes it, not in this process
    (a run handed on first is told to observers as this, not as ``run_started``)."""

    kind: ClassVar[EventKind] = EventKind.QUEUED
    agent: str


@dataclass(frozen=True)
class ModelCalled(Event):
    """One model call finished; its assistant turn is stored."""

    kind: ClassVar[EventKind] = EventKind.MODEL_CALL
    agent: str
    turn: int
    stop_reason: str | None
    input_tokens: int
    output_tokens: int
    cost_usd: float
    ms: int
    model: str = ""
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    #: The provider that answered (``anthropic``, ``scripted``); "" in events stored before
    #: it was recorded.
    provider: str = ""
    #: The id the Messages API gave its message (``msg_...``; "" when it gave none, as a
    #: billed failure before mend107).
    response_id: str = ""
    #: Where the call went: ``host:port`` of the provider's base URL (no credentials, path
    #: or query); "" for the scripted provider, before audit106 and, before mend107, for a
    #: billed failure.
    server: str = ""


@dataclass(frozen=True)
class ToolStarted(Event):
    """A tool call is about to run (its side effect may follow)."""

    kind: ClassVar[EventKind] = EventKind.TOOL_CALL
    agent: str
    tool_use_id: str
    name: str
    input_summary: str


@dataclass(frozen=True)
class ToolFinished(Event):
    """A tool call's result is stored (an interrupted call is stored as an error result)."""

    kind: ClassVar[EventKind] = EventKind.TOOL_RESULT
    agent: str
    tool_use_id: str
    name: str
    is_error: bool
    summary: str
    ms: int = 0
    #: A Bash command's exit code; None for any other tool, a command killed at its
    #: timeout or interrupted, and a result stored before it was recorded.
    exit_code: int | None = None


@dataclass(frozen=True)
class ToolRefused(Event):
    """A tool call was refused before it ran (logged just before its ``tool_result``, and
    only for such a call: a session stored before has none): ``by`` what
    (:class:`coordinator.tools.base.RefusedBy`: a settings rule, the agent's own lists, a
    PreToolUse hook, a protected path, ...), ``rule`` the rule, hook or path that refused
    it, ``reason`` the first line of what the model was told."""

    kind: ClassVar[EventKind] = EventKind.TOOL_REFUSED
    agent: str
    tool_use_id: str
    name: str
    input_summary: str
    by: str
    rule: str
    reason: str


@dataclass(frozen=True)
class HookRan(Event):
    """A Claude Code hook ran (or was skipped) for ``event``: ``outcome`` is ok, blocked,
    error, timeout or skipped; ``decision`` what it decided (an ``allow`` too, which runs
    with outcome ok); ``note`` the reason, stderr or (unsuppressed) stdout."""

    kind: ClassVar[EventKind] = EventKind.HOOK
    agent: str
    event: str
    source: str
    command: str
    outcome: str
    exit_code: int | None = None
    target: str | None = None
    note: str = ""
    ms: int = 0
    #: A prompt hook's model call (as a ``model_call`` event's fields; empty and 0 for a
    #: hook that made none): counted in its run's totals, or, a request it refused having
    #: no run, in its session's alone (:func:`coordinator.store.spend.totals`).
    model: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    #: What it decided (:attr:`coordinator.runtime.hook_run.HookRun.decision`): ``allow``,
    #: ``deny``, ``ask``, ``defer``, ``block``, ``stop``, ``updated input``, ``updated output``;
    #: "" for none.
    decision: str = ""
    #: An agent hook's own tool calls, in order, each ``name``, ``input_summary``,
    #: ``outcome`` (ok, error, refused) and, unless ok, ``reason``
    #: (:class:`coordinator.runtime.hook_agent.HookToolCall`); empty for other hooks.
    calls: list[dict[str, str]] = field(default_factory=list)
    #: An invoked skill's ``once`` hook: its :attr:`~coordinator.runtime.hooks.Hook.once_id`
    #: (a resume leaves it out); "" for any other hook.
    once: str = ""
    #: The tool call a PreToolUse, PostToolUse or PostToolUseFailure hook ran on (its
    #: ``tool_call``'s ``tool_use_id``: what it decided, on which call; audit112); "" for a
    #: hook not about one call.
    tool_use_id: str = ""


@dataclass(frozen=True)
class HookRewake(Event):
    """An ``asyncRewake`` hook fired in run ``run_id`` exited 2: ``text`` (its stderr) is
    for that run's next model call. Stored with the hook's ``hook`` event; ``token`` names
    it for its :class:`RewakeDelivered` (one for a run that has ended is given to the
    session's last root run when ``coord resume`` wakes the finished session)."""

    kind: ClassVar[EventKind] = EventKind.HOOK_REWAKE
    agent: str
    event: str
    command: str
    text: str
    token: str


@dataclass(frozen=True)
class RewakeDelivered(Event):
    """The rewake ``token`` was given to its run: stored with the message carrying it, so
    a crash neither loses nor repeats it."""

    kind: ClassVar[EventKind] = EventKind.HOOK_REWAKE_DELIVERED
    token: str


@dataclass(frozen=True)
class HooksOwed(Event):
    """Hooks of ``event`` (``target``: its matcher's subject) the session owes, stored with
    what makes them owed so a ``kill -9`` (or a queue) loses none (hooks112): SessionEnd's,
    with the outcome (``input`` None: made when they fire); an ``async`` SessionStart's or
    UserPromptSubmit's of a request or answer queued for the workers (``--detach``), with
    the queueing, ``input`` the hook input as given there (``cwd``: the driver's), for
    ``run_id``'s next turn. Settled by the :class:`HooksFired` of the same ``event``."""

    kind: ClassVar[EventKind] = EventKind.HOOKS_OWED
    event: str
    target: str | None = None
    input: dict[str, Any] | None = None


@dataclass(frozen=True)
class HooksFired(Event):
    """The owed hooks of ``event`` fired (:class:`HooksOwed`): SessionEnd's stored with
    their runs' ``hook`` events (a kill before that: they fire at the next touch), async
    ones as they start. ``late``: by a later process than the one that owed them (a
    ``coord resume`` after a kill, the worker that drives a queued session)."""

    kind: ClassVar[EventKind] = EventKind.HOOKS_FIRED
    event: str
    late: bool = False


@dataclass(frozen=True)
class ReportRead(Event):
    """The agent's final message was read as a report (or could not be, ``error``)."""

    kind: ClassVar[EventKind] = EventKind.REPORT
    agent: str
    status: str | None
    summary: str = ""
    error: str | None = None
    repair: int = 0


@dataclass(frozen=True)
class Blocked(Event):
    """The agent reported Blocked on ``domain`` needing ``required``."""

    kind: ClassVar[EventKind] = EventKind.BLOCKED
    agent: str
    domain: str | None
    blocker: str | None
    required: str | None


@dataclass(frozen=True)
class ConsultStarted(Event):
    """``consultant`` was asked for ``domain`` on behalf of the blocked run."""

    kind: ClassVar[EventKind] = EventKind.CONSULT_STARTED
    consultant: str
    domain: str
    child_run: int


@dataclass(frozen=True)
class ConsultChosen(ConsultStarted):
    """A consult started whose consultant was chosen by more than its domain alone (a
    :class:`ConsultStarted` of the same kind, stored with every field named): ``chosen``
    says how (:class:`~coordinator.runtime.consult.Basis`), ``matched`` the words of the
    blocked agent's question that chose it, ``why`` both in one line."""

    chosen: str = ""
    matched: list[str] = field(default_factory=list)
    why: str = ""


@dataclass(frozen=True)
class SkillForked(Event):
    """A Skill call of a ``context: fork`` skill started its sub-agent: ``child_run``, a
    run of ``agent`` below the invoking run, told the skill's text."""

    kind: ClassVar[EventKind] = EventKind.SKILL_FORKED
    agent: str
    skill: str
    child_run: int


@dataclass(frozen=True)
class SkillInvoked(Event):
    """``agent`` invoked ``skill`` (its SKILL.md ``path``; ``written``: agents can write it)
    inline, and it applies: ``model``/``effort``/``disallowed`` (tool rules) to the run until
    its next answer, ``hooks`` (the frontmatter value) to the session from now on
    (:mod:`coordinator.runtime.skill_active`: what is active is read from these events)."""

    kind: ClassVar[EventKind] = EventKind.SKILL_INVOKED
    agent: str
    skill: str
    path: str
    written: bool = True
    model: str | None = None
    effort: str | None = None
    disallowed: list[str] = field(default_factory=list)
    hooks: Any = None


@dataclass(frozen=True)
class SkillCommand(Event):
    """The ``n``-th ``!`command``` of ``agent``'s preloaded skills (``call`` None), or of
    the ``context: fork`` skill its Skill call ``call`` (the tool_use id) invokes
    (claude104), ``command`` as written, about to run (``output`` None), or run, ``output``
    standing in its place: stored before it runs, so that a resume runs none twice
    (skills103; :class:`~coordinator.runtime.skill_shell.CommandLedger`)."""

    kind: ClassVar[EventKind] = EventKind.SKILL_COMMAND
    agent: str
    n: int
    command: str
    output: str | None = None
    call: str | None = None


@dataclass(frozen=True)
class SkillForkDone(Event):
    """A forked skill's sub-agent ended; its final message is the Skill call's result."""

    kind: ClassVar[EventKind] = EventKind.SKILL_FORK_DONE
    agent: str
    status: str
    child_run: int


@dataclass(frozen=True)
class ConsultDone(Event):
    """A consult ended; its final message goes back to the run that waited on it."""

    kind: ClassVar[EventKind] = EventKind.CONSULT_DONE
    consultant: str
    status: str
    child_run: int


@dataclass(frozen=True)
class Resumed(Event):
    """A blocked run got its answer (from an agent or a person) and continues."""

    kind: ClassVar[EventKind] = EventKind.RESUMED
    agent: str
    answered_by: str
    #: A person's answer as given (``coord resume --context``); "" for an agent's, which is
    #: its run's final message.
    answer: str = ""
    #: Who the person was (``coord resume --as``, else the user's own git identity, else
    #: the OS user: :func:`~coordinator.runtime.answerer.answering_person`); None for an
    #: agent's answer and for a resume stored before audit106.
    person: str | None = None


@dataclass(frozen=True)
class RunEnded(Event):
    """An agent run ended: ``status`` is complete, needs_review or failed (a RunStatus)."""

    kind: ClassVar[EventKind] = EventKind.RUN_ENDED
    agent: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class Completed(Event):
    """The session ended with its root run's report (``status`` complete or needs_review)."""

    kind: ClassVar[EventKind] = EventKind.COMPLETED
    status: str
    summary: str = ""


@dataclass(frozen=True)
class Failed(Event):
    """The session failed: ``failure`` is the machine-readable kind, ``reason`` the text."""

    kind: ClassVar[EventKind] = EventKind.FAILED
    failure: str
    reason: str


@dataclass(frozen=True)
class Waiting(Event):
    """The chain stopped for a person (``waiting_reason`` a WaitReason): the exact question
    is in the fields."""

    kind: ClassVar[EventKind] = EventKind.WAITING
    waiting_reason: str
    agent: str
    domain: str | None = None
    blocker: str | None = None
    required: str | None = None
    #: What it waits for in words, as the session's ``reason`` says it (a spent budget's
    #: use and limit: ``session cost $0.4288; max_session_cost is $0.1``; audit113): ""
    #: when it said none, None in an event stored before it was recorded.
    detail: str | None = None


@dataclass(frozen=True)
class Interrupted(Event):
    """The session stopped on a transient failure, or on a user error mid-run (a rejected
    key); ``coord resume`` continues it."""

    kind: ClassVar[EventKind] = EventKind.INTERRUPTED
    reason: str
    #: The code the command driving it exited with when a user error (4: a rejected key,
    #: a database fault), Ctrl-C (130) or SIGTERM (143) stopped it, which ``coord log -f``
    #: exits with too; None for a transient failure (75), a ``coord mcp`` call its client
    #: cancelled (no signal: 75) and in an event stored before it was recorded.
    exit_code: int | None = None
    #: What to fix before resuming, as the error stopping it said it (a 404's model and
    #: where it was asked for, a rejected key's setting; mend111): None when it said none,
    #: for a transient failure and in an event stored before it was recorded.
    hint: str | None = None


@dataclass(frozen=True)
class SessionResumed(Event):
    """A process took the session up again (``coord resume``, a worker); ``notes``: what
    the resume could not rebuild as the session remembers it (a missing agents folder);
    ``process``: which (``host:pid``); ``provider``: the one its runs call (as
    :attr:`Routed.provider`)."""

    kind: ClassVar[EventKind] = EventKind.SESSION_RESUMED
    with_context: bool = False
    notes: tuple[str, ...] = ()
    process: str = ""
    provider: str = ""


@dataclass(frozen=True)
class AnswerRefused(Event):
    """A UserPromptSubmit hook blocked a person's answer to a waiting session (``reason``:
    the hook's); the session still waits as it was."""

    kind: ClassVar[EventKind] = EventKind.ANSWER_REFUSED
    reason: str


Observer = Callable[[Event], None]

#: When the event observers are being told of was logged (ns since the epoch, as the store
#: wrote it), while a journal tells them (:func:`tell_logged`); None when it tells of one
#: no store wrote (yet).
LOGGED_AT: ContextVar[int | None] = ContextVar("coordinator_logged_at", default=None)


def logged_ns(seconds: float) -> int:
    """A logged event's time as the log gives it back (``seconds`` since the epoch, a
    double) in ns: a replayed span's time, and what a resumed process's workflow span id
    derives from, live (from :data:`LOGGED_AT`) or replayed: the same value both ways."""
    return round(seconds * 1_000_000_000)


def tell_logged(observer: Observer, event: Event, at: int) -> None:
    """Tell ``observer`` of ``event``, logged at ``at`` (ns): :data:`LOGGED_AT` while it
    hears it (a trace of the session derives ids from it, as one rebuilt from the log
    does)."""
    token = LOGGED_AT.set(at)
    try:
        observer(event)
    finally:
        LOGGED_AT.reset(token)


def fan_out(*observers: Observer | None) -> Observer | None:
    """One observer telling each of ``observers`` (None when there are none)."""
    present = [o for o in observers if o is not None]
    if len(present) <= 1:
        return present[0] if present else None

    def tell(event: Event) -> None:
        for observer in present:
            observer(event)

    return tell


@dataclass(frozen=True)
class McpStarted(Event):
    """An agent's MCP servers were started for its run: the tools it got, what failed;
    ``sources`` the file that defined each server and ``confined`` those run in the Bash
    sandbox (an agent could have written them), so the log names which server answered."""

    kind: ClassVar[EventKind] = EventKind.MCP_SERVERS
    agent: str
    servers: list[str]
    tools: list[str]
    problems: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    confined: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WorktreeOpened(Event):
    """An ``isolation: worktree`` run works in its own git worktree on ``branch``."""

    kind: ClassVar[EventKind] = EventKind.WORKTREE
    agent: str
    branch: str
    path: str


@dataclass(frozen=True)
class WorktreeMade(Event):
    """A run's WorktreeCreate hooks printed ``path`` (stored before coord adopts it: a
    resume after a ``kill -9`` in between adopts it again rather than fire them twice)."""

    kind: ClassVar[EventKind] = EventKind.WORKTREE_MADE
    agent: str
    path: str


@dataclass(frozen=True)
class WorktreeMerged(Event):
    """A worktree run ended: merged back, unchanged, or a conflict that kept its branch."""

    kind: ClassVar[EventKind] = EventKind.WORKTREE_MERGE
    agent: str
    status: str  # a runtime.worktree.MergeStatus: merged | unchanged | conflict | kept
    branch: str
    files: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass(frozen=True)
class ProgramHidden(Event):
    """A Bash command could not run ``program`` (as its output wrote it): it is or runs
    ``path``, in a folder the sandbox hides (HOME, /tmp); ``setting`` shows it to commands."""

    kind: ClassVar[EventKind] = EventKind.PROGRAM_HIDDEN
    agent: str
    program: str
    path: str
    setting: str


@dataclass(frozen=True)
class BashChanged(Event):
    """The workspace files Bash call ``tool_use_id`` changed (``files``: each its path,
    relative to the workspace, and ``created``, ``updated`` or ``deleted``), or why they
    were not followed (``unfollowed``: too many files). Stored with the call's result."""

    kind: ClassVar[EventKind] = EventKind.BASH_CHANGED
    agent: str
    tool_use_id: str
    files: list[list[str]] = field(default_factory=list)
    unfollowed: str = ""
    #: ``OLD..NEW`` when the command moved HEAD (OLD "" for none), else "" (review145).
    head: str = ""
    #: The protected paths (settings, hook scripts, agent definitions) the two commits
    #: differ in: what a later ``git checkout .`` or ``reset --hard`` writes as the user.
    protected: list[str] = field(default_factory=list)
    #: Each branch or tag the command made, moved or removed but the branch HEAD names
    #: (its move is ``head``): ``[refs/heads/x, OLD..NEW]``, "" for none; at most
    #: :data:`MOST_MOVED_REFS` (redteam115).
    refs: list[list[str]] = field(default_factory=list)


#: The most ref moves one ``bash_changed`` event lists.
MOST_MOVED_REFS = 100


@dataclass(frozen=True)
class BashOff(Event):
    """A Bash call of ``agent`` was refused because the session runs without
    ``--allow-bash`` (told once a run): ``note`` says so, and how to turn it on."""

    kind: ClassVar[EventKind] = EventKind.BASH_OFF
    agent: str
    note: str


@dataclass(frozen=True)
class IsolationSkipped(Event):
    """``isolation: worktree`` could not be honoured; the run works in the workspace."""

    kind: ClassVar[EventKind] = EventKind.ISOLATION_SKIPPED
    agent: str
    reason: str


@dataclass(frozen=True)
class StepEnded(Event):
    """A worker ended ``agent``'s step in flight (a model call or hooks: nothing of them
    stored, the next driver makes them again) and handed the session back to the queue:
    ``by`` its stall watch (``stall``: no progress for ``coord worker --stall-after``
    seconds) or its stop (``stop``: ``--stop-grace`` ran out); ``what``: what it ended."""

    kind: ClassVar[EventKind] = EventKind.STEP_ENDED
    agent: str
    by: str
    what: str


#: The ids' slots, set directly (the frozen class's ``__setattr__`` refuses every field).
_SLOTS: Mapping[str, Any] = vars(Event)
_SET_SESSION = _SLOTS["session_id"].__set__
_SET_RUN = _SLOTS["run_id"].__set__


def _quick_init(kind: type[Event]) -> None:
    """Give a frozen event class an ``__init__`` that sets its ids' slots and stores its
    payload into its own ``__dict__`` (in declaration order, as the generated one does)
    instead of one ``object.__setattr__`` per field: about 6x cheaper, and the engine builds
    ten events a hop (storing into ``__dict__`` rather than setting a whole one through
    ``object.__setattr__``, a wrapper descriptor, saved ~1.2 K instructions an event:
    bench/RESULTS.md, "hop53"). Same signature, defaults and factories; the instances stay
    frozen."""
    params: list[str] = []
    values: list[str] = []
    scope: dict[str, Any] = {
        "_MISSING": MISSING,
        "_sid": _SET_SESSION,
        "_rid": _SET_RUN,
    }
    body = []
    for f in fields(kind):
        if not f.init or f.kw_only:
            return  # not a shape this builds: the dataclass's own __init__ stays
        if f.default is not MISSING:
            scope[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        elif f.default_factory is not MISSING:
            scope[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING: {f.name} = _f_{f.name}()\n")
        else:
            params.append(f.name)
        if f.name not in ("session_id", "run_id"):  # the ids are slots
            values.append(f"    _payload[{f.name!r}] = {f.name}\n")
    source = (
        f"def __init__(self, {', '.join(params)}):\n{''.join(body)}"
        "    _sid(self, session_id)\n    _rid(self, run_id)\n"
        f"    _payload = self.__dict__\n{''.join(values)}"
    )
    exec(source, scope)  # built from the class's own field names only
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{kind.__qualname__}.__init__"
    init.__doc__ = kind.__init__.__doc__
    kind.__init__ = init  # type: ignore[method-assign]


def _event_classes(root: type[Event]) -> list[type[Event]]:
    found = [root]
    for sub in root.__subclasses__():
        found += _event_classes(sub)
    return found


for _kind in _event_classes(Event)[1:]:  # (the base has no ``__dict__``: its own init stays)
    _quick_init(_kind)


#: Each stored kind's class (a ``consult_started`` naming its choice: :class:`ConsultChosen`).
_BY_KIND: dict[str, type[Event]] = {
    k.kind: k for k in _event_classes(Event)[1:] if k is not ConsultChosen
}


def stored_event(session_id: str, run_id: int | None, kind: str, data: Any) -> Event | None:
    """The event a stored log entry of ``kind`` records, its payload ``data`` read with
    today's field names (:func:`~coordinator.store.rows.current_event_fields`); None for a
    kind or a payload this version does not know (a field it lacks is left out, a field
    missing takes its default; one with no default: None). ValueError naming the field
    when one holds what its type cannot (``"ms": null``, a text for a count)."""
    cls = _BY_KIND.get(kind)
    if cls is ConsultStarted and isinstance(data, dict) and "chosen" in data:
        cls = ConsultChosen
    if cls is None or not isinstance(data, dict):
        return None
    hints = _field_types(cls)
    given = {k: v for k, v in data.items() if k in hints}
    for name, value in given.items():
        if not _fits(value, hints[name]):
            shown = json.dumps(value, ensure_ascii=False, default=str)
            raise ValueError(f"its {name!r} is {clip(shown, 40)}, not {_named(hints[name])}")
    try:
        return cls(session_id, run_id, **given)
    except TypeError:
        return None


#: Each event class's payload fields with their types, read on first use.
_FIELD_TYPES: dict[str, dict[str, Any]] = {}


def _field_types(cls: type[Event]) -> dict[str, Any]:
    """The payload fields of ``cls`` (not its ids), each with its type."""
    found = _FIELD_TYPES.get(cls.__name__)
    if found is None:
        hints = get_type_hints(cls)
        payload = [f.name for f in fields(cls) if f.name not in ("session_id", "run_id")]
        found = _FIELD_TYPES[cls.__name__] = {name: hints[name] for name in payload}
    return found


def _named(hint: Any) -> str:
    """A field's type as written (``int``, ``str | None``)."""
    return hint.__name__ if isinstance(hint, type) else str(hint)


def _fits(value: Any, hint: Any) -> bool:
    """Whether a stored JSON ``value`` has the shape of a field typed ``hint`` (a list for
    a tuple; an int for a float; a container's items unchecked)."""
    if get_origin(hint) is UnionType:
        return any(_fits(value, h) for h in get_args(hint))
    if hint is type(None):
        return value is None
    if isinstance(value, bool):
        return hint is bool
    if hint is float:
        return isinstance(value, int | float)
    origin = get_origin(hint) or hint
    if origin is tuple:
        return isinstance(value, list | tuple)
    return isinstance(value, origin) if isinstance(origin, type) else True
