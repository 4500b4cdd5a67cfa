"""Rebuild a session's chain from the store, for ``coord resume``.

The chain is the path of unfinished runs (running or blocked) from the root down: the
deepest one works next. Spend is summed over every run of the session.

Definitions: a run resumes with the agent definition it was started with (its snapshot in
the store, :mod:`coordinator.roster.snapshot`), even when the agent file changed or is gone
here. Runs started after the resume (consults) use the session's roster: an agent that
already ran in the session keeps its snapshot; any other comes from the current roster.
Runs stored before snapshots existed resume from the current roster, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from coordinator.errors import UserError
from coordinator.roster.registry import Registry, UnknownAgentError
from coordinator.roster.snapshot import SnapshotError, restore, snapshot
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.skill_fork import forked_call
from coordinator.runtime.state import JSON, Blocked, RunState, SessionState
from coordinator.status import UNFINISHED_RUNS, DelegationStatus, RunStatus
from coordinator.store.calls import OWED_COUNTERS
from coordinator.store.db import DefinitionRow, DelegationRow, RunRow, SessionRow, Store
from protocols import AgentReport, Identity, ReportParseError, parse_report


def load_session(
    store: Store, registry: Registry, row: SessionRow, delegations: Sequence[DelegationRow]
) -> SessionState:
    """The session's state as the last process left it (``delegations``: the session's, as
    the resume read them)."""
    runs = store.runs(row.id)
    specs = _definitions(store, registry, row.id)
    s = SessionState(row.id, row.request, Path(row.workspace))
    s.roster = _session_roster(registry, runs, specs)
    for run in runs:
        s.usage += run.usage
        s.cost += run.cost_usd
    answering = {
        d.child_run_id: d.id
        for d in delegations
        if d.child_run_id is not None and d.status == DelegationStatus.CONSULTING
    }
    live = {r.parent_run_id: r for r in runs if r.status in UNFINISHED_RUNS}
    current = live.get(None)
    while current is not None:
        spec = _spec(registry, specs, current)
        state = _run_state(store, spec, current, answering.get(current.id))
        state.system = current.system  # (rendered by its first drive: not again)
        if s.chain and state.delegation_id is None:  # no question: a forked skill's run
            state.call = _forked_call(store, s.chain[-1], state)
        s.chain.append(state)
        current = live.get(current.id)
    if not s.chain:
        raise UserError(f"session {row.id} has no unfinished run to resume")
    return s


def root_spec(store: Store, registry: Registry, session_id: str) -> AgentSpec | None:
    """The definition the session's last root run ran with (a finished session's owed
    SessionEnd hooks are its agent's: ``agent_type``); None when it has no run (a request
    refused by a hook)."""
    roots = [r for r in store.runs(session_id) if r.parent_run_id is None]
    if not roots:
        return None
    return _spec(registry, _definitions(store, registry, session_id), roots[-1])


def _forked_call(store: Store, parent: RunState, run: RunState) -> JSON:
    """The Skill call of ``parent`` the forked skill's ``run`` answers; UserError when
    the store holds none (a chain no resume can go on with)."""
    use = forked_call(store, parent)
    if use is None:
        raise UserError(
            f"run {run.id} ({run.name}) answers no question and no Skill call of run"
            f" {parent.id}: the session's chain is broken"
        )
    return use


def stored_block(run: RunRow, text: str, identity: Identity | None = None) -> Blocked:
    """The Blocked outcome a blocked run's row records: its report, with ``text``, its
    final message (read from its conversation: rows written since hop40 hold no copy of
    it), and the Domain as its agent wrote it there (:func:`_written_domain`), as the
    run's own was: the consult choice reads it (``identity``: its writer's, as the run's
    report was read with)."""
    data = run.report_json
    if run.status != RunStatus.BLOCKED or not isinstance(data, dict) or not data:
        raise RuntimeError(f"run {run.id} is {run.status}, not blocked with a report")
    written = _written_domain(text, data.get("domain"), identity)
    report = AgentReport.model_validate({**data, "raw": text, "domain_written": written})
    return Blocked(report, text)


def _written_domain(text: str, domain: object, identity: Identity | None) -> str:
    """The Domain as the agent wrote it in its final message ``text`` (the store keeps the
    report's fields, not that), read by the parser again; "" where ``text`` no longer
    reads as a report of the stored ``domain``."""
    try:
        again = parse_report(text, identity=identity)
    except ReportParseError:
        return ""
    return again.domain_written if again.domain == domain else ""


def _definitions(store: Store, registry: Registry, session_id: str) -> dict[str, AgentSpec]:
    """The definitions the session's runs used, by digest: the roster's own spec object
    where the agent file still says the same, else the stored snapshot."""
    specs: dict[str, AgentSpec] = {}
    for digest, stored in store.definitions(session_id).items():
        current = registry.agents.get(stored.name)
        if current is not None and snapshot(current).digest == digest:
            specs[digest] = current
        else:
            specs[digest] = _restored(stored, session_id)
    return specs


def _restored(stored: DefinitionRow, session_id: str) -> AgentSpec:
    try:
        return restore(stored.spec)
    except SnapshotError as exc:
        raise UserError(
            f"the stored definition of agent {stored.name} (session {session_id},"
            f" {stored.digest[:12]}) cannot be read: {exc}"
        ) from None


def _session_roster(
    registry: Registry, runs: list[RunRow], specs: dict[str, AgentSpec]
) -> Registry | None:
    """The roster runs started after the resume choose from: the latest definition of each
    agent that ran in the session in place of its file (None when they are all the same)."""
    latest = {run.agent: specs[run.definition] for run in runs if run.definition in specs}
    changed = [spec for name, spec in latest.items() if registry.agents.get(name) is not spec]
    return registry.overlaid(latest.values()) if changed else None


def _spec(registry: Registry, specs: dict[str, AgentSpec], run: RunRow) -> AgentSpec:
    """The definition ``run`` resumes with: its snapshot, else (an older run) the roster's."""
    if run.definition is not None and run.definition in specs:
        return specs[run.definition]
    try:
        return registry.get(run.agent)
    except UnknownAgentError:
        raise UserError(
            f"agent {run.agent} of session {run.session_id} is not in the roster",
            hint="Resume with the --agents-dir folders the session was started with.",
            tool_hint="A tool call cannot name agents folders: start coord mcp with the "
            "--agents-dir folders the session was started with.",
        ) from None


def _blocked_columns(run: RunRow) -> dict[str, Any]:
    """What a blocked run's row says of its counters and report, owed to its next write:
    its row may not hold them yet (read from its consult's run: ``Store.runs``)."""
    return {**{name: getattr(run, name) for name in OWED_COUNTERS}, "report": run.report}


def _run_state(store: Store, spec: AgentSpec, run: RunRow, delegation_id: int | None) -> RunState:
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
        status_owed=run.status == RunStatus.BLOCKED,  # resumed or not: its next step says
        owed=_blocked_columns(run) if run.status == RunStatus.BLOCKED else None,
        turns=run.turns,
        repairs=run.repairs,
        continuations=run.continuations,
        stop_reason=run.stop_reason,
        usage=replace(run.usage),  # grows in place (state.add_usage)
        cost=run.cost_usd,
        model_ms=run.model_ms,
    )
