"""The explicit state of a session and of each agent run in its chain.

A session's chain is a stack: the root run first, each consult it is waiting on after it;
the last run is the one working. Everything here is rebuilt from the store on resume.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coordinator.errors import (
    EXIT_COMPLETE,
    EXIT_FAILED,
    EXIT_NEEDS_REVIEW,
    EXIT_WAITING,
)
from coordinator.providers.base import Usage
from coordinator.roster.spec import AgentSpec
from protocols import AgentReport

JSON = dict[str, Any]


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
    turns: int = 0
    repairs: int = 0
    continuations: int = 0
    stop_reason: str | None = None  # why the model stopped in the run's last assistant turn
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0
    model_ms: int = 0

    @property
    def name(self) -> str:
        return self.agent.name


@dataclass
class SessionState:
    """A session being driven: its request, workspace, chain and total spend."""

    id: str
    request: str
    workspace: Path
    chain: list[RunState] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0

    @property
    def active(self) -> RunState:
        """The run that works now (the deepest unfinished one)."""
        return self.chain[-1]


@dataclass(frozen=True)
class RunOutcome:
    """How one run ended: its final message and report (``report`` None when unreadable)."""

    status: str  # complete | blocked | needs_review | failed
    text: str = ""
    report: AgentReport | None = None
    failure_kind: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Question:
    """What a waiting session needs from a person."""

    run_id: int
    agent: str
    reason: str  # no_specialist | cycle | depth | budget | consult_failed | no_domain
    domain: str | None = None
    blocker: str | None = None
    required: str | None = None
    detail: str = ""

    def to_json(self) -> JSON:
        return {
            "run_id": self.run_id,
            "agent": self.agent,
            "reason": self.reason,
            "domain": self.domain,
            "blocker": self.blocker,
            "required": self.required,
            "detail": self.detail,
        }


_EXIT = {
    "complete": EXIT_COMPLETE,
    "needs_review": EXIT_NEEDS_REVIEW,
    "waiting": EXIT_WAITING,
    "failed": EXIT_FAILED,
    "interrupted": EXIT_FAILED,
}


@dataclass(frozen=True)
class SessionResult:
    """Where a session stands when the engine hands control back."""

    session_id: str
    status: str  # complete | needs_review | failed | waiting | interrupted
    agent: str
    report: AgentReport | None = None
    text: str = ""
    reason: str = ""
    question: Question | None = None
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0

    @property
    def exit_code(self) -> int:
        """The documented process exit code for this outcome."""
        return _EXIT[self.status]

    def to_json(self) -> JSON:
        return {
            "session": self.session_id,
            "status": self.status,
            "agent": self.agent,
            "exit_code": self.exit_code,
            "report": self.report.model_dump(mode="json") if self.report else None,
            "text": self.text,
            "reason": self.reason,
            "question": self.question.to_json() if self.question else None,
            "tokens": self.usage.total_tokens,
            "cost_usd": round(self.cost, 6),
        }
