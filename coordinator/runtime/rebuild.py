"""Rebuild a session's chain from the store, for ``coord resume``.

The chain is the path of unfinished runs (running or blocked) from the root down: the
deepest one works next. Spend is summed over every run of the session.
"""

from __future__ import annotations

from pathlib import Path

from coordinator.errors import UserError
from coordinator.roster.registry import Registry, UnknownAgentError
from coordinator.runtime.state import Blocked, RunState, SessionState
from coordinator.status import UNFINISHED_RUNS, DelegationStatus, RunStatus
from coordinator.store.db import RunRow, SessionRow, Store
from protocols import AgentReport


def load_session(store: Store, registry: Registry, row: SessionRow) -> SessionState:
    """The session's state as the last process left it."""
    runs = store.runs(row.id)
    s = SessionState(row.id, row.request, Path(row.workspace))
    for run in runs:
        s.usage += run.usage
        s.cost += run.cost_usd
    answering = {
        d.child_run_id: d.id
        for d in store.delegations(row.id)
        if d.child_run_id is not None and d.status == DelegationStatus.CONSULTING
    }
    live = {r.parent_run_id: r for r in runs if r.status in UNFINISHED_RUNS}
    current = live.get(None)
    while current is not None:
        s.chain.append(_run_state(store, registry, current, answering.get(current.id)))
        current = live.get(current.id)
    if not s.chain:
        raise UserError(f"session {row.id} has no unfinished run to resume")
    return s


def stored_block(run: RunRow) -> Blocked:
    """The Blocked outcome a blocked run's row records (its report and final message)."""
    data = run.report_json
    if run.status != RunStatus.BLOCKED or not data:
        raise RuntimeError(f"run {run.id} is {run.status}, not blocked with a report")
    return Blocked(AgentReport.model_validate(data), run.final_text or "")


def _run_state(
    store: Store, registry: Registry, run: RunRow, delegation_id: int | None
) -> RunState:
    try:
        spec = registry.get(run.agent)
    except UnknownAgentError:
        raise UserError(
            f"agent {run.agent} of session {run.session_id} is not in the roster",
            hint="Resume with the --agents-dir folders the session was started with.",
        ) from None
    return RunState(
        id=run.id,
        agent=spec,
        model=run.model,
        depth=run.depth,
        max_turns=run.max_turns,
        messages=store.messages(run.id),
        parent_id=run.parent_run_id,
        domain=run.domain,
        delegation_id=delegation_id,
        turns=run.turns,
        repairs=run.repairs,
        continuations=run.continuations,
        stop_reason=run.stop_reason,
        usage=run.usage,
        cost=run.cost_usd,
        model_ms=run.model_ms,
    )
