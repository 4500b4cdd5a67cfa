"""The explicit, typed state of a session: its chain of runs, outcomes, next steps, budget.

A session's chain is a stack: the root run first, each consult it is waiting on after it;
the last run is the one working. Everything here is rebuilt from the store on resume
(:mod:`coordinator.runtime.rebuild`).

A run ends in one :data:`RunOutcome` (``Complete | Blocked | NeedsReview | Failed |
Waiting | Forked``); the engine turns each into a :data:`NextStep` (``Continue`` the chain, or
``Stop`` with the session's result).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from coordinator.config import Settings
from coordinator.providers.base import ModelRequest, Usage
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.status import (
    ASKS_NOTHING,
    RunStatus,
    SessionStatus,
    WaitReason,
    resume_command,
    resume_hint,
    waiting_for,
)
from protocols import AgentReport, Status

if TYPE_CHECKING:
    from coordinator.events import ModelCalled
    from coordinator.runtime.agent_run import Drive
    from coordinator.runtime.skill_active import Invoked
    from coordinator.runtime.skill_tool import Fork

JSON = dict[str, Any]


class UnsavedTurn:
    """A run's final assistant turn not written yet: it is written with the step that acts
    on it (the run's outcome, or a request to repair its report), in that step's
    transaction, so no commit separates a final message from its outcome. Lost with the
    process before that commit, it costs one repeated model call, nothing else.

    ``text``: the final message when the turn is one text block (the usual case); None for
    other blocks, whose text is gathered from the conversation when the report is read."""

    __slots__ = ("event", "fields", "message", "text")

    def __init__(self, message: JSON, fields: dict[str, Any], event: ModelCalled, text: str | None):
        self.message = message
        self.fields = fields
        self.event = event
        self.text = text


@dataclass
class RunState:
    """One agent's run: its conversation, counters and spend so far."""

    id: int
    agent: AgentSpec
    model: str
    depth: int
    max_turns: int
    messages: list[JSON]
    parent_id: int | None = None
    domain: str | None = None  # the domain this run was consulted for (None for the root)
    delegation_id: int | None = None  # the question this consult run answers
    #: The Skill call of its parent this run answers: the run of a ``context: fork`` skill
    #: (:mod:`coordinator.runtime.skill_fork`); None for the root or a consult.
    call: JSON | None = None
    turns: int = 0
    repairs: int = 0
    continuations: int = 0
    stop_reason: str | None = None  # why the model stopped in the run's last assistant turn
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0
    model_ms: int = 0
    #: The agent's name (its spec is never replaced during a run).
    name: str = field(init=False, repr=False, compare=False)
    #: The request every model call of a plain run sends (built on its first drive; its
    #: ``messages`` are this run's list, so it grows with the conversation).
    request: ModelRequest | None = field(default=None, init=False, repr=False, compare=False)
    #: Its own system prompt, when its preloaded skills run commands or name the session's
    #: variables (rendered on its first drive and stored, read back on resume; None: its
    #: plan's).
    system: str | None = field(default=None, init=False, repr=False, compare=False)
    #: What every drive of a plain run shares (its scope and request), built on its first.
    drive: Drive | None = field(default=None, init=False, repr=False, compare=False)
    #: The inline skills invoked since its latest prompt, whose ``model``, ``effort`` and
    #: ``disallowed-tools`` hold (:mod:`coordinator.runtime.skill_active`; None: not read
    #: from the store yet in this process).
    skills: list[Invoked] | None = field(default=None, init=False, repr=False, compare=False)
    #: Why a PostToolUse hook on its forked Skill call's answer (``continue: false``) ends
    #: it when it goes on (``AgentRunner.fork_answered``); None: none did.
    hook_stop: str | None = field(default=None, init=False, repr=False, compare=False)
    #: The final turn written with the step that acts on it (see :class:`UnsavedTurn`).
    unsaved: UnsavedTurn | None = field(default=None, init=False, repr=False, compare=False)
    #: Resumed while its row says ``blocked`` (``Engine._resume_run``): its next step's
    #: counters write ``running`` too (``AgentRunner._add_usage``), or its outcome its own.
    status_owed: bool = field(default=False, repr=False, compare=False)
    #: The columns a blocked step left to its run's next write (its final turn's counters
    #: and its report, ``Engine._store_outcome``): merged into that write, whichever it is
    #: (``AgentRunner._add_usage``, an outcome, a failed consult). Until then readers
    #: derive them from the question its consult's run holds (bench/RESULTS.md, "hop46").
    owed: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.name = self.agent.name

    def answers(self) -> int:
        """The delegation this consult run answers; a consult without one is a broken chain."""
        if self.delegation_id is None:
            raise RuntimeError(f"consult run {self.id} ({self.name}) answers no delegation")
        return self.delegation_id


@dataclass
class SessionState:
    """A session being driven: its request, workspace, chain and total spend."""

    id: str
    request: str
    workspace: Path
    chain: list[RunState] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0
    #: A resumed session's roster: the engine's, with the definition each agent that already
    #: ran in the session used in its place (None: the engine's roster as it is).
    roster: Registry | None = None

    @property
    def active(self) -> RunState:
        """The run that works now (the deepest unfinished one)."""
        return self.chain[-1]

    def drop(self, run: RunState) -> None:
        """Take the finished consult ``run`` off the chain (found by identity: it is the
        last run, the one that worked)."""
        chain = self.chain
        if chain and chain[-1] is run:  # the usual case
            del chain[-1]
            return
        for i in range(len(chain) - 1, -1, -1):
            if chain[i] is run:
                del chain[i]
                return
        raise RuntimeError(f"run {run.id} ({run.name}) is not in the chain")

    def parent_of(self, run: RunState) -> RunState:
        """The run that waits on the consult ``run`` (named by id, not by stack position)."""
        for candidate in self.chain:
            if candidate.id == run.parent_id:
                return candidate
        raise RuntimeError(f"run {run.id} ({run.name}) has no waiting parent in the chain")


def usage_copy(usage: Usage) -> Usage:
    """A copy of ``usage`` (a result keeps the total as it was when it was made)."""
    return Usage(
        usage.input_tokens,
        usage.output_tokens,
        usage.cache_creation_input_tokens,
        usage.cache_read_input_tokens,
    )


def add_usage(total: Usage, usage: Usage) -> None:
    """Add ``usage`` to ``total`` in place (a run's or a session's own running total)."""
    total.input_tokens += usage.input_tokens
    total.output_tokens += usage.output_tokens
    total.cache_creation_input_tokens += usage.cache_creation_input_tokens
    total.cache_read_input_tokens += usage.cache_read_input_tokens


# ---- budgets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetExceeded:
    """Which session limit is used up, how far, and against what limit."""

    what: str  # "tokens" | "cost"
    used: float
    limit: float

    def __str__(self) -> str:
        """``session used 6,000,000 tokens; max_session_tokens is 5000000``: the count
        grouped, the setting as a config writes it, no parentheses (a panel puts the line
        in its own)."""
        if self.what == "tokens":
            return (
                f"session used {int(self.used):,} tokens; max_session_tokens is {int(self.limit)}"
            )
        return f"session cost ${self.used:.4f}; max_session_cost is ${self.limit:g}"


@dataclass(frozen=True)
class UsageLimits:
    """The session's spend limits (None: unlimited), checked before each model call and
    before each consult."""

    max_tokens: int | None = None
    max_cost: float | None = None

    @classmethod
    def of(cls, settings: Settings) -> UsageLimits:
        return cls(settings.max_session_tokens, settings.max_session_cost)

    @property
    def bounded(self) -> bool:
        """Whether any limit is set (else :meth:`exceeded` is always None)."""
        return self.max_tokens is not None or self.max_cost is not None

    def exceeded(self, usage: Usage, cost: float) -> BudgetExceeded | None:
        """The first limit ``usage``/``cost`` has reached, or None while within budget."""
        tokens = usage.total_tokens
        if self.max_tokens is not None and tokens >= self.max_tokens:
            return BudgetExceeded("tokens", tokens, self.max_tokens)
        if self.max_cost is not None and cost >= self.max_cost:
            return BudgetExceeded("cost", cost, self.max_cost)
        return None


# ---- how a run ends --------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """What a waiting session needs from a person."""

    run_id: int
    agent: str
    reason: WaitReason
    domain: str | None = None
    blocker: str | None = None
    required: str | None = None
    detail: str = ""
    #: Its delegation row's id: what ``coord resume --question`` names (None for a wait
    #: with no row: a budget reached before a model call, a held tool call).
    id: int | None = None

    def to_json(self) -> JSON:
        """The ``question`` of ``--json`` results, named as ``coord log --json`` names them:
        ``id`` (``coord resume --question``'s), ``run`` (the waiting run's id),
        ``waiting_reason`` (a WaitReason), ``reason`` (the detail, in words); ``ref``, the
        id's short form a person types (``q1``: :func:`~coordinator.store.calls.question_ref`)."""
        from coordinator.store.calls import question_ref

        return {
            "id": self.id,
            "ref": None if self.id is None else question_ref(self.id),
            "run": self.run_id,
            "agent": self.agent,
            "waiting_reason": str(self.reason),
            "domain": self.domain,
            "blocker": self.blocker,
            "required": self.required,
            "reason": self.detail,
        }


#: Outcomes are frozen dataclasses whose ``__init__`` stores their fields into the
#: instance's own ``__dict__`` (the generated frozen one calls ``object.__setattr__`` per
#: field, ~3x the cost; one ``object.__setattr__`` of a whole ``__dict__`` still goes
#: through the wrapper descriptor); five a 3-hop chain. Same fields, order, defaults,
#: equality and immutability.


@dataclass(frozen=True, init=False)
class Complete:
    """The run finished its task; ``text`` is its whole final message."""

    report: AgentReport
    text: str
    status: ClassVar[RunStatus] = RunStatus.COMPLETE
    reason: ClassVar[str] = ""
    failure_kind: ClassVar[str | None] = None

    def __init__(self, report: AgentReport, text: str):
        fields = self.__dict__
        fields["report"] = report
        fields["text"] = text


@dataclass(frozen=True, init=False)
class Blocked:
    """The run needs context from another domain (its report names Domain and Required)."""

    report: AgentReport
    text: str
    status: ClassVar[RunStatus] = RunStatus.BLOCKED
    reason: ClassVar[str] = ""
    failure_kind: ClassVar[str | None] = None

    def __init__(self, report: AgentReport, text: str):
        fields = self.__dict__
        fields["report"] = report
        fields["text"] = text


@dataclass(frozen=True, init=False)
class NeedsReview:
    """A person should look: the report says so, or (``report`` None) it stayed unreadable."""

    text: str
    report: AgentReport | None = None
    reason: str = ""
    status: ClassVar[RunStatus] = RunStatus.NEEDS_REVIEW

    def __init__(self, text: str, report: AgentReport | None = None, reason: str = ""):
        fields = self.__dict__
        fields["text"] = text
        fields["report"] = report
        fields["reason"] = reason

    @property
    def failure_kind(self) -> str | None:
        return "unreadable_report" if self.report is None else None


@dataclass(frozen=True)
class Failed:
    """The run could not finish (turn limit, refusal, a permanent model error)."""

    kind: str
    reason: str
    text: str = ""
    status: ClassVar[RunStatus] = RunStatus.FAILED
    report: ClassVar[AgentReport | None] = None

    @property
    def failure_kind(self) -> str:
        return self.kind


@dataclass(frozen=True)
class Waiting:
    """The run stopped before its next model call: the session budget is spent."""

    question: Question


@dataclass(frozen=True)
class Forked:
    """The run stopped at a Skill call (``use``: its tool_use block, with the input its
    PreToolUse hooks let through) whose skill runs as a sub-agent (``fork``): the engine
    starts it, and the run goes on with its final message as that call's result."""

    use: JSON
    fork: Fork


#: How a run ended (Complete, NeedsReview, Failed) or stopped (Blocked, Waiting, Forked).
RunOutcome = Complete | Blocked | NeedsReview | Failed | Waiting | Forked
#: Outcomes that end a run and are stored as its result.
Ended = Complete | NeedsReview | Failed


def outcome_of(report: AgentReport, text: str) -> Complete | Blocked | NeedsReview:
    """The outcome a readable report states."""
    if report.status is Status.BLOCKED:
        return Blocked(report, text)
    if report.status is Status.NEEDS_REVIEW:
        return NeedsReview(text, report)
    return Complete(report, text)


# ---- what the engine does next ---------------------------------------------------------


@dataclass(frozen=True)
class Continue:
    """Drive the chain's active run next (a consult started, or a run was resumed)."""


@dataclass(frozen=True)
class Stop:
    """The session stops here with ``result`` (ended, waiting or interrupted)."""

    result: SessionResult


NextStep = Continue | Stop


@dataclass(frozen=True)
class SessionResult:
    """Where a session stands when the engine hands control back."""

    session_id: str
    status: SessionStatus  # RUNNING only when handed to the workers
    agent: str
    report: AgentReport | None = None
    text: str = ""
    reason: str = ""
    question: Question | None = None
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0
    #: The flags a later command needs to reach this session's store (``--db``, when the
    #: command was given one: :func:`~coordinator.runtime.lookup.reach_flags`).
    reach: tuple[str, ...] = ()
    #: When a session handed to the workers was queued (epoch seconds; None otherwise).
    queued_at: float | None = None

    @property
    def exit_code(self) -> int:
        """The documented process exit code for this outcome: 0 for a session handed to
        the workers (running: ``coord run --detach``, a resume on a shared store), as the
        command exits."""
        return 0 if self.status == SessionStatus.RUNNING else self.status.exit_code

    @property
    def asking(self) -> bool:
        """Whether it waits for a person's answer (not for a raised budget or a hook)."""
        return self.question is not None and self.question.reason not in ASKS_NOTHING

    def waiting_for(self) -> JSON | None:
        """What a waiting session that asks a person nothing waits for (a raised budget,
        a hook's decision): :func:`~coordinator.status.waiting_for`; None for any other."""
        q = self.question
        if q is None or self.status != SessionStatus.WAITING:
            return None
        return waiting_for(q.reason, q.detail, self.session_id, self.reach)

    @property
    def question_id(self) -> int | None:
        """The id of the question it waits on (None: none, or a wait with no row)."""
        return self.question.id if self.question is not None else None

    def to_json(self) -> JSON:
        """As ``--json`` gives it: with ``resume``, the command that continues a waiting or
        interrupted session (:func:`~coordinator.status.resume_command`), and ``hint``,
        that command as the text view says it (both None otherwise)."""
        sid, status, asking, reach = self.session_id, self.status, self.asking, self.reach
        return {
            "session": sid,
            "status": str(status),
            "agent": self.agent,
            "exit_code": self.exit_code,
            "report": self.report.model_dump(mode="json") if self.report else None,
            "text": self.text,
            "reason": self.reason,
            "question": self.question.to_json() if self.question else None,
            "waiting_for": self.waiting_for(),
            "resume": resume_command(
                sid, status, asking=asking, question=self.question_id, reach=reach
            ),
            "hint": resume_hint(sid, status, asking=asking, reach=reach),
            "tokens": self.usage.total_tokens,
            "cost_usd": round(self.cost, 6),
            "queued_at": self.queued_at,
        }
