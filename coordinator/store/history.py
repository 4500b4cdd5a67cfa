"""The read model of stored sessions: the delegation chain, totals, log JSON, changed files.

Built from :class:`~coordinator.store.db.Store` rows only (no SQL here, no rendering), so
``coord log`` / ``coord sessions`` stay light and the CLI's views only draw what this returns.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from coordinator.status import SessionStatus
from coordinator.store.db import DelegationRow, RunRow, SessionRow, Store

JSON = dict[str, Any]

#: Tools whose successful calls change a workspace file (named by their ``file_path`` input).
FILE_CHANGING_TOOLS = ("Write", "Edit")


def run_tokens(run: RunRow) -> int:
    """Every token a run spent: input, output and both kinds of cache."""
    return run.usage.total_tokens


@dataclass
class RunNode:
    """One run with the questions it asked (each answered by a consult or a person)."""

    run: RunRow
    questions: list[QuestionNode] = field(default_factory=list)

    @property
    def tokens(self) -> int:
        """Tokens this run spent (its consults not included)."""
        return run_tokens(self.run)

    def seconds(self, now: float) -> float:
        """How long the run took (so far, when it is still going)."""
        return (self.run.ended_at or now) - self.run.started_at

    def to_json(self, now: float) -> JSON:
        """The run and its questions as ``coord log --json`` shows them."""
        r = self.run
        return {
            "run": r.id,
            "agent": r.agent,
            "model": r.model,
            "domain": r.domain,
            "status": r.status,
            "turns": r.turns,
            "tokens": self.tokens,
            "cost_usd": round(r.cost_usd, 6),
            "model_ms": r.model_ms,
            "seconds": round(self.seconds(now), 3),
            "report": r.report_json,
            "failure": r.failure,
            "questions": [q.to_json(now) for q in self.questions],
        }


@dataclass
class QuestionNode:
    """A Blocked report's question and who answered it."""

    edge: DelegationRow
    consult: RunNode | None

    def to_json(self, now: float) -> JSON:
        """The question, its state and its consult as ``coord log --json`` shows them."""
        e = self.edge
        return {
            "domain": e.domain,
            "blocker": e.blocker,
            "required": e.required,
            "status": e.status,
            "waiting_reason": e.waiting_reason,
            "answered_by": e.answered_by,
            "consult": self.consult.to_json(now) if self.consult else None,
        }


def chain_of(store: Store, session_id: str) -> RunNode | None:
    """The session's delegation tree from the store (None before its first run)."""
    runs = {r.id: r for r in store.runs(session_id)}
    edges = store.delegations(session_id)

    def node(run: RunRow) -> RunNode:
        asked = [e for e in edges if e.parent_run_id == run.id]
        return RunNode(
            run,
            [
                QuestionNode(e, node(runs[e.child_run_id]) if e.child_run_id else None)
                for e in asked
            ],
        )

    root = next((r for r in runs.values() if r.parent_run_id is None), None)
    return node(root) if root else None


def totals(store: Store, session_id: str) -> tuple[int, float]:
    """Tokens and cost of every run of a session."""
    runs = store.runs(session_id)
    return sum(run_tokens(r) for r in runs), sum(r.cost_usd for r in runs)


def log_json(store: Store, session: SessionRow) -> JSON:
    """``coord log --json``: the session, its tree and its event log."""
    now = time.time()
    root = chain_of(store, session.id)
    tokens, cost = totals(store, session.id)
    return {
        "session": session.id,
        "request": session.request,
        "workspace": session.workspace,
        "status": session.status,
        "reason": session.reason,
        "tokens": tokens,
        "cost_usd": round(cost, 6),
        "created_at": session.created_at,
        "chain": root.to_json(now) if root else None,
        "events": [
            {"seq": e.seq, "run": e.run_id, "kind": e.kind, "at": e.at, **e.data}
            for e in store.events(session.id)
        ],
    }


def shown_status(store: Store, row: SessionRow) -> str:
    """A running session nobody holds was stopped mid-way: shown as interrupted."""
    if row.status == SessionStatus.RUNNING and not store.session_in_use(row.id):
        return SessionStatus.INTERRUPTED
    return row.status


def listed_sessions(store: Store, status: str | None = None) -> list[tuple[SessionRow, str]]:
    """``coord sessions``: each session (newest first) with the status it is shown with."""
    rows = store.sessions(None if status == "interrupted" else status)
    shown = [(row, shown_status(store, row)) for row in rows]
    return shown if status is None else [(row, s) for row, s in shown if s == status]


def session_json(store: Store, row: SessionRow, status: str) -> JSON:
    """One session as ``coord sessions --json`` lists it."""
    tokens, cost = totals(store, row.id)
    return {
        "session": row.id,
        "status": status,
        "request": row.request,
        "workspace": row.workspace,
        "tokens": tokens,
        "cost_usd": round(cost, 6),
        "created_at": row.created_at,
    }


def changed_files(store: Store, session_id: str) -> list[str]:
    """Workspace paths the session's file-changing tool calls changed, in order, once each."""
    paths: list[str] = []
    for call in store.all_tool_calls(session_id):
        if call.name in FILE_CHANGING_TOOLS and call.state == "done" and not call.is_error:
            path = str(store.tool_input(call).get("file_path", ""))
            if path and path not in paths:
                paths.append(path)
    return paths
