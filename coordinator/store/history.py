"""The read model of stored sessions: the delegation chain, totals, log JSON, changed files.

Built from :class:`~coordinator.store.db.Store` rows only (no SQL here, no rendering), so
``coord log`` / ``coord sessions`` stay light and the CLI's views only draw what this returns.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from coordinator.clip import clip
from coordinator.errors import UserError
from coordinator.sanitize import shown_name
from coordinator.status import (
    ASKS_NOTHING,
    BASH_OFF,
    BASH_OFF_FINISHED,
    BASH_OFF_UNTIL_RESUMED,
    BASH_TURNED_ON,
    FINISHED,
    QUEUES_AGAIN,
    RESUMABLE,
    UNFINISHED_RUNS,
    DelegationStatus,
    FileChange,
    MergeStatus,
    RunStatus,
    SessionStatus,
    ShownRunStatus,
    WriteOutcome,
    resume_command,
    resume_hint,
    waiting_for,
)
from coordinator.store.calls import question_ref
from coordinator.store.db import (
    AmbiguousSession,
    DelegationRow,
    RunRow,
    SessionInUse,
    SessionQuery,
    SessionRow,
    Store,
    UnknownSession,
    not_removed,
)
from coordinator.store.faults import StoreError, StoreFault
from coordinator.store.index import IndexEntry, SessionIndex
from coordinator.store.rows import EventRow, SpentRun, ToolCallRow

log = logging.getLogger(__name__)
T = TypeVar("T")

JSON = dict[str, Any]

#: Tools whose successful calls change a workspace file (named by their ``file_path`` input).
FILE_CHANGING_TOOLS = ("Write", "Edit")
#: The kind of :class:`coordinator.events.WorktreeMerged`, named here so that ``coord log``
#: imports no event class (``tests/test_import_graph.py`` holds them equal).
MERGE_KIND = "worktree_merge"
#: The kind of :class:`coordinator.events.WorktreeOpened` (held equal there too).
WORKTREE_KIND = "worktree"
#: The event of the files a Bash command changed (``coordinator.events.BashChanged``).
BASH_CHANGED_KIND = "bash_changed"
#: The event of a tool call refused before it ran (``coordinator.events.ToolRefused``).
TOOL_REFUSED_KIND = "tool_refused"
#: The event of a tool call about to run (``coordinator.events.ToolStarted``).
TOOL_CALL_KIND = "tool_call"
#: A refused call's fields as ``coord log --json`` gives them (its ``tool_refused`` event's).
REFUSED_FIELDS = ("tool_use_id", "name", "input_summary", "by", "rule", "reason")


def run_tokens(run: RunRow) -> int:
    """Every token a run spent: input, output and both kinds of cache."""
    return run.usage.total_tokens


@dataclass
class BashChanges:
    """What a run's Bash commands changed: each file's change over all of them
    (``created``, ``updated`` or ``deleted``), and how many commands' changes were not
    followed (a workspace of too many files: :mod:`coordinator.tools.changes`), the last
    one's why."""

    files: dict[str, str] = field(default_factory=dict)
    unfollowed: int = 0
    why: str = ""

    def add(self, path: str, change: str) -> None:
        """Count a command's ``change`` to ``path`` after the run's earlier ones."""
        was = self.files.get(path)
        if was == FileChange.CREATED and change != FileChange.DELETED:
            return  # (made by the run, whatever came after but its removal)
        if was == FileChange.DELETED and change == FileChange.CREATED:
            change = FileChange.UPDATED
        self.files[path] = str(change)


@dataclass
class RunNode:
    """One run with the questions it asked (each answered by a consult or a person)."""

    run: RunRow
    questions: list[QuestionNode] = field(default_factory=list)
    #: Seconds of the run's finished model and tool calls (idle time never counts).
    worked: float = 0.0
    #: False when the session is not being driven now (interrupted, waiting, ended).
    live: bool = True
    #: True when the session waits in the workers' queue: no worker has taken it yet.
    queued: bool = False
    #: The workspace files this run changed (:func:`changed_files`, of this run alone).
    files: list[str] = field(default_factory=list)
    #: What its Bash commands changed of them (:class:`BashChanges`).
    bash: BashChanges = field(default_factory=lambda: BashChanges())
    #: The branch of its worktree while it is not merged back (its files are there, not in
    #: the workspace yet); "" otherwise.
    worktree: str = ""
    #: Its tool calls refused before they ran (:data:`REFUSED_FIELDS`, in order; none in a
    #: session stored before they were logged).
    refused: list[JSON] = field(default_factory=list)
    #: The sub-agents its Skill calls of ``context: fork`` skills started, in order.
    forks: list[ForkNode] = field(default_factory=list)

    @property
    def tokens(self) -> int:
        """Tokens this run spent (its consults not included)."""
        return run_tokens(self.run)

    @property
    def status(self) -> str:
        """The run's status as shown: a run left running by a stopped session is interrupted,
        one of a session no worker has taken yet is queued, one whose forked skill's run
        has not ended waits on it (forked)."""
        if self.run.status == RunStatus.RUNNING:
            if self.queued:
                return ShownRunStatus.QUEUED
            if any(f.run.run.status in UNFINISHED_RUNS for f in self.forks):
                return ShownRunStatus.FORKED
            if not self.live:
                return SessionStatus.INTERRUPTED
        return self.run.status

    @property
    def seconds(self) -> float:
        """The time the run spent working: its model calls and tool calls, not the idle
        time between an interruption (or a wait) and a resume."""
        return self.worked

    def to_json(self) -> JSON:
        """The run and its questions as ``coord log --json`` shows them."""
        r = self.run
        return {
            "run": r.id,
            "agent": r.agent,
            "model": r.model,
            "definition": r.definition,
            "domain": r.domain,
            "status": self.status,
            "turns": r.turns,
            "tokens": self.tokens,
            "cost_usd": round(r.cost_usd, 6),
            "model_ms": r.model_ms,
            "seconds": round(self.seconds, 3),
            "files": self.files,
            "bash_files": self.bash.files,
            "bash_unfollowed": self.bash.unfollowed,
            "refused": self.refused,
            "report": r.report_json,
            "failure": r.failure,
            "questions": [q.to_json() for q in self.questions],
            # (only on a run that forked: the shape older sessions print stays as it was)
            **({"forks": [f.to_json() for f in self.forks]} if self.forks else {}),
        }


@dataclass
class ForkNode:
    """A Skill call's sub-agent (a ``context: fork`` skill): the ``skill`` and its run."""

    skill: str
    run: RunNode

    def to_json(self) -> JSON:
        """The fork as ``coord log --json`` shows it."""
        return {"skill": self.skill, "run": self.run.to_json()}


@dataclass
class QuestionNode:
    """A Blocked report's question and who answered it."""

    edge: DelegationRow
    consult: RunNode | None
    #: A person's answer as given (``coord resume --context``); None for an agent's.
    answer: str | None = None
    #: How the consultant was chosen, as its ``consult_started`` event says (``chosen``,
    #: ``matched``, ``why``); None when by its domain alone (or stored before consult47).
    chosen: JSON | None = None

    def to_json(self) -> JSON:
        """The question, its state and its consult as ``coord log --json`` shows them: when
        it was asked and answered (epoch seconds; None while open), a person's wait too."""
        e = self.edge
        return {
            "id": e.id if e.id > 0 else None,  # None: the question a consult's run holds
            "ref": question_ref(e.id) if e.id > 0 else None,  # the short form a person types
            "domain": e.domain,
            "blocker": e.blocker,
            "required": e.required,
            "status": e.status,
            "waiting_reason": e.waiting_reason,
            "answered_by": e.answered_by,
            "answer": self.answer,
            "asked_at": e.created_at,
            "answered_at": e.answered_at,
            "consult": self.consult.to_json() if self.consult else None,
            "chosen": self.chosen or (chosen_by_domain() if self.consult else None),
        }


def chosen_by_domain() -> JSON:
    """How a consultant was chosen when its event says nothing more: by its domain (the
    shape of every question's ``chosen`` in ``coord log --json``)."""
    return {"chosen": "domain", "matched": [], "why": ""}


def _consult_choices(events: list[EventRow]) -> dict[int, JSON]:
    """Consult run id -> how its consultant was chosen, for the consults whose
    ``consult_started`` event says (``chosen``: not by its domain alone)."""
    found: dict[int, JSON] = {}
    for event in events:
        data = event.data
        if event.kind == "consult_started" and "chosen" in data:
            child = data.get("child_run")
            if isinstance(child, int):
                found[child] = {key: data.get(key) for key in chosen_by_domain()}
    return found


def _forked_skills(events: list[EventRow]) -> dict[int, str]:
    """Forked skill's run id -> the skill, from the ``skill_forked`` events."""
    return {
        e.data["child_run"]: str(e.data.get("skill") or "")
        for e in events
        if e.kind == "skill_forked" and isinstance(e.data.get("child_run"), int)
    }


def chain_of(
    store: Store,
    session_id: str,
    *,
    live: bool = True,
    events: list[EventRow] | None = None,
    queued: bool = False,
) -> RunNode | None:
    """The session's delegation tree from the store (None before its first run).

    ``live``: whether the session is being driven now (see :func:`shown_status`);
    ``events``: the session's event log when the caller has read it already; ``queued``:
    whether it waits in the workers' queue (:func:`shown_state`).
    """
    runs = {r.id: r for r in store.runs(session_id)}
    edges = store.delegations(session_id)
    events = store.events(session_id) if events is None else events
    calls = store.all_tool_calls(session_id)
    worked = _worked_seconds(calls, runs)
    answers = _person_answers(events, edges)
    chosen = _consult_choices(events)
    forked = _forked_skills(events)
    files: dict[int, list[str]] = {}
    for run_id, path in _changes(store, calls, events, store.session(session_id).workspace):
        _add_new(files.setdefault(run_id, []), [path])
    bash = _bash_changes(events)
    refused = refused_calls(events)
    unmerged = unmerged_worktrees(events)

    def node(run: RunRow) -> RunNode:
        asked = [e for e in edges if e.parent_run_id == run.id]
        if run.status == RunStatus.BLOCKED and resumed(asked):
            run = replace(run, status=RunStatus.RUNNING)
        return RunNode(
            run,
            [
                QuestionNode(
                    e,
                    node(runs[e.child_run_id]) if e.child_run_id else None,
                    answers.get(e.id),
                    chosen.get(e.child_run_id) if e.child_run_id else None,
                )
                for e in asked
            ],
            worked=worked.get(run.id, 0.0),
            live=live,
            queued=queued,
            files=files.get(run.id, []),
            bash=bash.get(run.id) or BashChanges(),
            worktree=unmerged.get(run.id, ""),
            refused=refused.get(run.id, []),
            forks=[
                ForkNode(forked[r.id], node(r))
                for r in runs.values()
                if r.parent_run_id == run.id and r.id in forked
            ],
        )

    root = next((r for r in runs.values() if r.parent_run_id is None), None)
    return node(root) if root else None


#: A question its run is still blocked on.
_OPEN = frozenset({DelegationStatus.CONSULTING, DelegationStatus.WAITING})


def resumed(asked: list[DelegationRow]) -> bool:
    """Whether a run stored ``blocked`` that asked ``asked`` has been resumed since: none of
    its questions is open (each answered; a retried one is followed by the one asked
    again, in the same step). The engine leaves a resumed run's status to its next step
    (``Engine._resume_run``), so until then this is where its row says it goes on."""
    return bool(asked) and not any(e.status in _OPEN for e in asked)


def bash_turned_on(events: list[EventRow]) -> bool:
    """Whether the session's last resume gave ``--allow-bash`` to a session started without
    it (its ``session_resumed`` notes hold :data:`~coordinator.status.BASH_TURNED_ON`): Bash
    was on in its last run, so its earlier runs' ``bash_off`` advice to give it is stale."""
    last = next((e for e in reversed(events) if e.kind == "session_resumed"), None)
    return last is not None and BASH_TURNED_ON in (last.data.get("notes") or [])


def bash_off_said(store: Store, session_id: str, status: str, events: list[EventRow]) -> str:
    """What ``coord log``'s tree says of a run's refused Bash calls (Bash off), by where
    the session stands now: :data:`~coordinator.status.BASH_OFF_UNTIL_RESUMED` once its
    last resume gave ``--allow-bash``; for a session to resume, the resume that turns it on
    (with ``--context`` when a person's answer is awaited: a resume without one drives
    nothing); for a finished one, :data:`~coordinator.status.BASH_OFF_FINISHED` (a resume
    cannot apply); while it runs, :data:`~coordinator.status.BASH_OFF` (the progress's)."""
    if bash_turned_on(events):
        return BASH_OFF_UNTIL_RESUMED
    if status in FINISHED:
        return BASH_OFF_FINISHED
    if status not in RESUMABLE:
        return BASH_OFF
    asking = status == SessionStatus.WAITING and store.waiting_question(session_id) is not None
    answer = ' --context "..."' if asking else ""
    return f"{BASH_OFF}: `coord resume {session_id}{answer} --allow-bash` turns it on"


def _person_answers(events: list[EventRow], edges: list[DelegationRow]) -> dict[int, str]:
    """Delegation id -> the person's answer that resumed its run: a run's person-answered
    questions, in order, matched with its ``resumed`` events from a person, in order."""
    asked: dict[int, list[int]] = {}
    for e in sorted(edges, key=lambda e: e.id):
        if e.answered_by == "person":
            asked.setdefault(e.parent_run_id, []).append(e.id)
    if not asked:
        return {}
    answers: dict[int, str] = {}
    for event in events:
        if event.kind == "resumed" and event.data.get("answered_by") == "person":
            waiting = asked.get(event.run_id) if event.run_id is not None else None
            if waiting:
                answers[waiting.pop(0)] = str(event.data.get("answer") or "")
    return answers


def _worked_seconds(calls: list[ToolCallRow], runs: dict[int, RunRow]) -> dict[int, float]:
    """Per run: model time plus the time of its finished tool ``calls``."""
    worked = {rid: r.model_ms / 1000 for rid, r in runs.items()}
    for call in calls:
        if call.ended_at is not None:
            worked[call.run_id] = worked.get(call.run_id, 0.0) + call.ended_at - call.started_at
    return worked


def is_live(status: str) -> bool:
    """Whether a session shown with ``status`` is being driven right now."""
    return status == SessionStatus.RUNNING


def totals(store: Store, session_id: str) -> tuple[int, float]:
    """Tokens and cost of every run of a session; of a session without a run (a request
    refused by a UserPromptSubmit hook), those of its prompt hooks' model calls, which
    only their ``hook`` events record (a run counts its own hooks' calls)."""
    runs = store.runs(session_id)
    if runs:
        return sum(run_tokens(r) for r in runs), sum(r.cost_usd for r in runs)
    calls = [e.data for e in store.events(session_id) if e.kind == "hook"]
    tokens = sum(int(d.get(name) or 0) for d in calls for name in _CALL_TOKENS)
    return tokens, sum(float(d.get("cost_usd") or 0.0) for d in calls)


#: The token counts of a prompt hook's model call in its ``hook`` event.
_CALL_TOKENS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")


def log_json(store: Store, session: SessionRow, reach: tuple[str, ...] = ()) -> JSON:
    """``coord log --json``: the session, the options it was started with (provider,
    model, base URL, Bash and its sandbox, hooks), what a waiting one asks (``question``,
    ``waiting_for``, as ``coord sessions --json`` lists them), how to continue it
    (``resume``, ``hint``: :func:`continued_with`), its tree and its event log."""
    status, queued_at = shown_state(store, session)
    resume, hint = continued_with(store, session.id, status, reach)
    asked = asked_of(store, session) if status == SessionStatus.WAITING else None
    wait = wait_of(store, session, asked) if status == SessionStatus.WAITING else None
    events = store.events(session.id)
    queued = queued_at is not None
    root = chain_of(store, session.id, live=is_live(status), events=events, queued=queued)
    tokens, cost = totals(store, session.id)
    return {
        "session": session.id,
        "request": session.request,
        "workspace": session.workspace,
        "status": status,
        "reason": stopped_reason(store, session, status) or session.reason,
        "tokens": tokens,
        "cost_usd": round(cost, 6),
        "created_at": session.created_at,
        "queued_at": queued_at,
        "worker": driver_of(store, session.id, status, queued_at),
        "question": asked,  # as `coord run` and `coord sessions --json` give them
        "waiting_for": waiting_for(*wait, session.id, reach) if wait is not None else None,
        "resume": resume,  # as `coord run --json` gives them
        "hint": hint,
        "options": session.options,  # how it was run: provider, model, Bash, hooks
        "files": changed_files(store, session.id),  # as `coord run --json` has them
        "chain": root.to_json() if root else None,
        "events": [
            {"seq": e.seq, "run": e.run_id, "kind": e.kind, "at": e.at, **e.data} for e in events
        ],
    }


def continued_with(
    store: Store, session_id: str, status: str, reach: tuple[str, ...] = ()
) -> tuple[list[str] | None, str | None]:
    """What continues a session shown ``status``, as ``coord run`` says it: the command as
    an argument list (``--json``'s ``resume``: with ``--question`` and ``--context -`` when
    a person's question waits) and as the text's last line (``Answer with: …``, ``Continue
    with: …``); both None when nothing does (ended, or queued for the workers). ``reach``:
    the flags naming its store (:func:`~coordinator.status.resume_command`'s)."""
    waiting = store.waiting_question(session_id) if status == SessionStatus.WAITING else None
    asking, question = waiting is not None, waiting[0].id if waiting is not None else None
    return (
        resume_command(session_id, status, asking=asking, question=question, reach=reach),
        resume_hint(session_id, status, asking=asking, reach=reach),
    )


def shown_status(store: Store, row: SessionRow) -> str:
    """A running session nobody holds was stopped mid-way: shown as interrupted, unless it
    waits in the workers' queue (``--detach``: running, as soon as a worker takes it)."""
    return shown_state(store, row)[0]


def shown_state(store: Store, row: SessionRow) -> tuple[str, float | None]:
    """:func:`shown_status`, and when a running session that waits in the workers' queue,
    taken by no worker yet, was queued (epoch seconds; None for any other)."""
    if row.status != SessionStatus.RUNNING or store.session_in_use(row.id):
        return row.status, None
    since = store.queued_since(row.id)
    return (
        (SessionStatus.RUNNING, since) if since is not None else (SessionStatus.INTERRUPTED, None)
    )


def stopped_reason(store: Store, row: SessionRow, status: str) -> str | None:
    """Why a worker stopped a session shown ``status`` without driving it to an end, as
    ``coord log`` says it (:func:`stopped_words`); None when none did or it is not shown
    interrupted (one statement, then, only on a shared store)."""
    if status != SessionStatus.INTERRUPTED or row.reason:
        return None
    return _listed_stop(row, status, store.stopped_why(row.id))


def stopped_words(error: str) -> str:
    """A session's lease ``error`` (why a worker stopped it: refused, cancelled, given up,
    its claim released ``failed``) as ``coord sessions`` and ``coord log`` say it, with the
    way on (:data:`~coordinator.status.QUEUES_AGAIN`) when the error does not say it."""
    way = "" if error.endswith(QUEUES_AGAIN) else f"; {QUEUES_AGAIN}"
    return f"a worker stopped it: {error}{way}"


def is_driven(status: str, queued_at: float | None) -> bool:
    """Whether a session shown with ``status`` and ``queued_at`` (:func:`shown_state`) is
    being driven: running, and not waiting in the workers' queue."""
    return status == SessionStatus.RUNNING and queued_at is None


def driver_of(store: Store, session_id: str, status: str, queued_at: float | None) -> str | None:
    """Who drives a session shown with ``status`` (:func:`shown_state`): the worker holding
    its lease while it runs (None when it is queued, stopped, or in a file)."""
    return store.driver(session_id) if is_driven(status, queued_at) else None


def queued_words(since: float, now: float) -> str:
    """What a session queued at ``since`` waits for, as ``coord log`` and ``coord
    sessions`` say it beside its status (``running``, as the store keeps it): no worker
    has taken it yet, for how long (none runs, or none whose root holds its workspace)."""
    return f"queued, no worker has taken it for {age(now - since)}"


def age(seconds: float) -> str:
    """3s, 5m, 2h, 4d: how long ago."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{max(int(seconds), 0)}s"


#: How much of a request ``coord sessions --json`` shows (``coord log --json`` has it all).
LISTED_REQUEST_CLIP = 200


@dataclass(frozen=True)
class SessionLine:
    """One row of ``coord sessions``: the session, its shown status and spend."""

    row: SessionRow
    status: str
    agent: str
    tokens: int
    cost: float
    db: str  # the store, as shown: a file, or a PostgreSQL URL without its password
    unreadable: str | None = None  # why its stored options cannot be read (SessionSummary)
    #: The question a waiting session asks a person, as ``coord run --json`` gives it.
    question: JSON | None = None
    #: What a waiting session that asks a person nothing waits for: its WaitReason and the
    #: reason in words (:func:`wait_of`).
    wait: tuple[str, str] | None = None
    #: When a running session that no worker has taken yet was queued (:func:`shown_state`).
    queued_at: float | None = None
    #: The worker driving a running session on a shared store (:meth:`Store.driver`).
    driver: str | None = None
    #: Why a worker stopped a session shown interrupted without driving it to an end, in
    #: words (:func:`stopped_words`), when its row says no other reason; None otherwise.
    stopped: str | None = None

    @property
    def question_id(self) -> int | None:
        """The id of the question it waits on (``coord resume --question``'s)."""
        return None if self.question is None else int(self.question["id"])

    def to_json(self, reach: tuple[str, ...] = ()) -> JSON:
        """As ``coord sessions --json`` lists it (the request clipped): a waiting one's
        ``question`` and, for one to resume, the command that does (``resume``, with
        ``reach``: the flags naming the store it was listed from)."""
        sid, status = self.row.id, self.status
        asking = self.question is not None and self.wait is None
        wait = waiting_for(*self.wait, sid, reach) if self.wait is not None else None
        return {
            "session": sid,
            "status": status,
            "agent": self.agent,
            "request": clip(self.row.request, LISTED_REQUEST_CLIP),
            "workspace": self.row.workspace,
            "db": self.db,
            "tokens": self.tokens,
            "cost_usd": round(self.cost, 6),
            "created_at": self.row.created_at,
            "queued_at": self.queued_at,
            "worker": self.driver,
            "reason": self.stopped or self.row.reason,
            "question": self.question,
            "waiting_for": wait,
            "resume": resume_command(
                sid, status, asking=asking, question=self.question_id, reach=reach
            ),
        }


def wait_of(store: Store, row: SessionRow, asked: JSON | None) -> tuple[str, str] | None:
    """What waiting session ``row``, asking ``asked`` (:func:`asked_of`), waits for when it
    asks a person nothing (:data:`~coordinator.status.ASKS_NOTHING`): the WaitReason (its
    question's, or with none, its last ``waiting`` event's: a budget reached before a model
    call, a held tool call) and the session's reason in words; None for a question."""
    if asked is not None:
        reason = asked["waiting_reason"]
    else:
        waits = [e for e in store.events(row.id) if e.kind == "waiting"]
        reason = waits[-1].data.get("waiting_reason") if waits else None
    return (str(reason), row.reason) if reason in ASKS_NOTHING else None


def asked_of(store: Store, row: SessionRow) -> JSON | None:
    """The question waiting session ``row`` asks a person (None: it waits for a raised
    budget or a hook), named as :class:`~coordinator.runtime.state.Question` names it."""
    found = store.waiting_question(row.id)
    if found is None:
        return None
    asked, agent = found
    return {
        "id": asked.id,
        "ref": question_ref(asked.id),
        "run": asked.parent_run_id,
        "agent": agent,
        "waiting_reason": asked.waiting_reason,
        "domain": asked.domain,
        "blocker": asked.blocker,
        "required": asked.required,
        "reason": row.reason if row.reason != asked.waiting_reason else "",
    }


def session_lines(store: Store, query: SessionQuery, status: str | None) -> list[SessionLine]:
    """The sessions of one store matching ``query`` and the shown ``status`` (one whose
    stored options cannot be read says so: :func:`listed_lines` lists the others)."""
    if status in (SessionStatus.RUNNING, SessionStatus.INTERRUPTED):
        live = (SessionStatus.RUNNING, SessionStatus.INTERRUPTED)  # told apart below
        stored = replace(query, statuses=live, limit=None)
    else:
        stored = replace(query, statuses=(status,) if status else ())
    lines = []
    for found in store.find_sessions(stored):  # one statement: rows, agents and totals
        shown, queued_at = shown_state(store, found.row)
        if status is not None and shown != status:
            continue
        tokens, cost = found.tokens, found.cost_usd
        if not found.agent:  # no run: a refused request's prompt hook calls, as `log` counts
            tokens, cost = totals(store, found.row.id)
        where = store.shown_location()
        asked = wait = None
        if shown == SessionStatus.WAITING:
            asked = asked_of(store, found.row)
            wait = wait_of(store, found.row, asked)
        read = found.unreadable
        driver = found.driver if is_driven(shown, queued_at) else None
        line = SessionLine(found.row, shown, found.agent, tokens, cost, where, read, asked, wait)
        stopped = _listed_stop(found.row, shown, found.stopped)
        lines.append(replace(line, queued_at=queued_at, driver=driver, stopped=stopped))
    return lines[: query.limit] if query.limit is not None else lines


def _listed_stop(row: SessionRow, status: str, error: str | None) -> str | None:
    """:attr:`SessionLine.stopped` of a session listed with its lease's ``error`` (read
    with its row: :attr:`~coordinator.store.rows.SessionSummary.stopped`), as
    :func:`stopped_reason` says it."""
    if status != SessionStatus.INTERRUPTED or row.reason or error is None:
        return None
    return stopped_words(error)


def listed_lines(store: Store, query: SessionQuery, status: str | None) -> list[SessionLine]:
    """The sessions of one store to list (:func:`session_lines`): one whose stored options
    cannot be read is left out with one warning line naming it (its id, database and
    fault), and hides no other session; ``query.limit`` counts the listed ones (a row
    left out is made up by the next, so a list cut at ``--limit`` is neither short nor
    said to be whole). The newest session's look-up keeps such a row, so ``coord log``
    names its fault, not an older one."""
    lines = session_lines(store, query, status)
    if query.limit is None:
        return readable_lines(lines)
    asked = query.limit
    while len(lines) == asked:  # a full page: one more row for each left out, if any
        wanted = query.limit + sum(line.unreadable is not None for line in lines)
        if wanted == asked:
            break
        asked = wanted
        lines = session_lines(store, replace(query, limit=asked), status)
    return readable_lines(lines)


#: How many matching sessions a list cut at ``--limit`` counts at most in one database
#: (:func:`matching`): the count stays flat in the number stored.
COUNTED_AT_MOST = 1000
#: Among how many of the newest sessions of one database that count is made at most: a
#: rare match among very many stored reads no more (:attr:`Page.partial`).
READ_AT_MOST = 5000


@dataclass(frozen=True)
class Page:
    """The sessions to list (:func:`listed_lines`) and how many match (None: not known);
    ``partial``: counted among the newest :data:`READ_AT_MOST` of a database holding more
    (``matched`` is of those)."""

    lines: list[SessionLine]
    matched: int | None
    partial: bool = False


def listed_page(store: Store, query: SessionQuery, status: str | None) -> Page:
    """:func:`listed_lines`, with how many sessions match when ``query.limit`` cut them
    (:func:`matching`)."""
    lines = listed_lines(store, query, status)
    cut = query.limit is not None and len(lines) >= query.limit
    if not cut:
        return Page(lines, len(lines))
    return Page(lines, *matching(store, query, status))


def matching(store: Store, query: SessionQuery, status: str | None) -> tuple[int | None, bool]:
    """How many sessions of ``store`` match ``query`` and the shown ``status``, counted up
    to one more than :data:`COUNTED_AT_MOST` among its newest :data:`READ_AT_MOST`, and
    whether older ones were left uncounted; None for running or interrupted (told apart
    per session, not by the stored status)."""
    if status in (SessionStatus.RUNNING, SessionStatus.INTERRUPTED):
        return None, False
    stored = replace(query, statuses=(status,) if status else (), limit=None)
    return store.count_sessions(stored, COUNTED_AT_MOST + 1, READ_AT_MOST)


#: The warning for a session left out of a list because its stored options cannot be read.
NOT_LISTED = "warning: session {id} is not listed: its options in {db} are not JSON ({why})"
#: The same for one left out of the sessions to resume (a batch's, after a Ctrl-C).
NOT_RESUMABLE = (
    "warning: session {id} cannot be resumed: its options in {db} are not JSON ({why});"
    " `coord sessions rm {id}` removes it"
)


def readable_lines(lines: Iterable[SessionLine], told: str = NOT_LISTED) -> list[SessionLine]:
    """``lines`` but those whose stored options cannot be read, each said in one warning
    (``told``: :data:`NOT_LISTED`, or :data:`NOT_RESUMABLE`)."""
    kept = []
    for line in lines:
        if line.unreadable is None:
            kept.append(line)
        else:
            log.warning(told.format(id=line.row.id, db=line.db, why=line.unreadable))
    return kept


def known_databases(local: Path | None) -> list[Path]:
    """Every session database to list: the local one (when there is anything at its path:
    a folder there is read, and said to be no file, not passed over), then the index's."""
    found = [local.resolve()] if local is not None and _made(local) else []
    for db in SessionIndex().databases():
        if db not in found and db.is_file():
            found.append(db)
    return found


def listed_everywhere(
    local: Path,
    timeout: float,
    query: SessionQuery,
    status: str | None,
    *,
    one: bool,
    missing_ok: bool = False,
) -> Page:
    """``coord sessions``: the sessions of the local database (``one``), or of every
    database the index knows, newest first, and how many match (:func:`listed_page`); a
    database that cannot be read is skipped with one warning line. ``missing_ok``: a
    local database not made yet holds none. A session in two databases (a copied project,
    ``cp -r``, copies its database) is listed once, where ``log`` and ``resume`` find it
    (:func:`_once`); when a database's page was cut, the copies beyond it are not known,
    so neither is the count."""
    read = _read_each(local, timeout, lambda s: listed_page(s, query, status), one, missing_ok)
    lines = [line for page in read for line in page.lines]
    counts = [page.matched for page in read]
    matched = None if None in counts else sum(count or 0 for count in counts)
    partial = any(page.partial for page in read)
    if one:
        return Page(lines, matched, partial)
    once = _once(lines, local)
    if len(once) < len(lines) and matched is not None:
        cut = any(len(page.lines) != page.matched for page in read)
        matched = None if cut else len(once)
    lines = once
    lines.sort(key=lambda line: line.row.created_at, reverse=True)
    return Page(lines[: query.limit] if query.limit is not None else lines, matched, partial)


def _once(lines: list[SessionLine], local: Path) -> list[SessionLine]:
    """``lines`` with one line per session id: of copies in several databases, the local
    database's, else the one the index records for it (where :func:`open_session` finds
    it), else the first."""
    copies: dict[str, list[SessionLine]] = {}
    for line in lines:
        copies.setdefault(line.row.id, []).append(line)
    here = str(local.resolve())
    kept = []
    for sid, same in copies.items():
        home = _home_of(sid, [line.db for line in same], here)
        kept.append(next(line for line in same if line.db == home))
    return kept


def _home_of(session_id: str, databases: list[str], here: str) -> str:
    """Of the ``databases`` holding a session (copies of it: a copied project's), the one
    a listing shows it from: ``here`` (the local one), else the one the index records for
    it (where :func:`open_session` finds it), else the first."""
    if here in databases:
        return here
    if len(databases) == 1:
        return databases[0]
    homes = {e.db_path for e in SessionIndex().find(session_id) if e.id == session_id}
    return next((db for db in databases if db in homes), databases[0])


def ran_agents_everywhere(
    local: Path, timeout: float, *, one: bool, missing_ok: bool = False
) -> set[str]:
    """The agents the sessions of the local database (``one``) or of every database the
    index knows ran in (:meth:`Store.ran_agents`)."""
    found = _read_each(local, timeout, lambda store: store.ran_agents(), one, missing_ok)
    return {agent for agents in found for agent in agents}


def newest_session(
    local: Path,
    timeout: float,
    statuses: tuple[str, ...] = (),
    *,
    one: bool = False,
    purpose: str = "show",
    asking: bool = False,
    here: str | None = None,
) -> str:
    """The id of the newest session (shown with one of ``statuses``, when given; asking a
    person a question, when ``asking``); none is a UserError saying there is no such
    session to ``purpose`` (show, resume, answer); ``here``: the workspace whose database
    alone is read (``one``), named in that error, and a database not made yet holds none."""

    def newest(store: Store) -> list[SessionLine]:
        query = SessionQuery(limit=1, asking=asking)
        return [line for s in statuses or (None,) for line in session_lines(store, query, s)]

    # each database read once for every status: one that cannot be read is one warning, but
    # this workspace's is the error: its newest session may be the one in there
    found = _read_each(local, timeout, newest, one, missing_ok=here is not None, local_fails=True)
    lines = [line for each in found for line in each]
    if lines:
        return max(lines, key=lambda line: line.row.created_at).row.id
    error = no_session(statuses, purpose, here)
    if here is not None:  # none here: the one the user likely meant, in another folder
        with _quiet():  # a database that cannot be read was warned of already, or is not ours
            elsewhere = [
                line for each in _read_each(local, timeout, newest, False) for line in each
            ]
        if elsewhere:
            error.hint = _elsewhere_hint(
                max(elsewhere, key=lambda line: line.row.created_at), purpose
            )
    raise error


@contextmanager
def _quiet() -> Iterator[None]:
    """No warning of this module's logger (a look that only adds to a hint) while inside."""
    was = log.disabled
    log.disabled = True
    try:
        yield
    finally:
        log.disabled = was


def _elsewhere_hint(line: SessionLine, purpose: str) -> str:
    """The hint naming the newest session another workspace has for ``purpose`` (an
    ``answer``, a ``resume`` or to ``show``: ``coord log --here``), with the command that
    takes it."""
    sid, what = line.row.id, f"{line.status.replace('_', ' ')} one"
    if line.status == SessionStatus.NEEDS_REVIEW:  # (a verb: "the newest needs review one")
        what = "one that needs review"
    command = f"coord log {sid}"
    if purpose != "show":
        context = ' --context "…"' if purpose == "answer" else ""
        if not context and line.status == SessionStatus.WAITING:  # for a person, or a budget
            context = ' [--context "…"]'
        command = f"coord resume {sid}{context}"
    return (
        f"The newest {what} is in {line.row.workspace}: {command}"
        " (`coord sessions` lists every workspace's)."
    )


def no_session(statuses: tuple[str, ...], purpose: str, here: str | None = None) -> UserError:
    """No session (with one of ``statuses``) to ``purpose`` (``here``: in that workspace);
    with no status asked for, none was found at all (any database that could not be read
    was warned of), so the next step is to start one, not to list them."""
    if not statuses and here is None:
        return UserError(
            f"no session to {purpose}: none was found",
            hint='Start one with `coord run "…"`, or try `coord demo`.',
        )
    which = " or ".join(s.replace("_", " ") for s in statuses) or "stored"
    where = "" if here is None else f" in this workspace ({here})"
    hint = "Name one: `coord sessions` lists them."
    if here is not None:
        hint = "Name one: `coord sessions` lists every workspace's (coord resume ID)."
    if purpose == "answer":  # none asks here: another's, or one waiting for a budget
        hint = (
            "Name one: `coord sessions --status waiting` lists every workspace's (coord"
            " resume ID --context …); one waiting for a raised budget resumes without"
            " --context."
        )
    return UserError(f"no {which} session to {purpose}{where}", hint=hint)


class SessionGone(UserError):
    """The index knows the session, but its database is gone (its workspace moved or was
    deleted): said so, instead of "no session database", with how to forget it."""

    def __init__(self, entry: IndexEntry) -> None:
        super().__init__(
            f"session {entry.id} was stored in {entry.db_path}, which is gone"
            f" (its workspace {entry.workspace} was moved or deleted)",
            hint="Moved: run the command in its new folder (or pass --workspace NEW); "
            f"deleted: `coord sessions rm {entry.id}` forgets this one.",
        )
        self.entry = entry


#: What to do when a session is in no SQLite database looked in.
NOWHERE_HINT = "List session ids with `coord sessions`."


def nowhere_hint(shared: list[str]) -> str:
    """:data:`NOWHERE_HINT`, and when the user has opened ``shared`` PostgreSQL stores
    (:meth:`SessionIndex.shared_stores`): no PostgreSQL store was named (one named is
    looked in alone) and the index knows none of its sessions, so one stored there is
    found only with that store named again (daily44), as the hint then says."""
    if not shared:
        return NOWHERE_HINT
    return (
        f"{NOWHERE_HINT} A session stored on PostgreSQL is found only with that store named:"
        f" the same --db URL, or COORD_DB (used before: {', '.join(shared)})."
    )


def open_session(ref: str, local: Path, timeout: float) -> tuple[Store, SessionRow]:
    """The store holding session ``ref`` (an id or unique prefix) and its row: the local
    database ``local`` first, then wherever the user-level index says it lives."""
    return _open_with(ref, local, timeout, Store.session)


def _open_with(
    ref: str, local: Path, timeout: float, read: Callable[[Store, str], T]
) -> tuple[Store, T]:
    """The store holding session ``ref`` (found as :func:`open_session` finds it) and what
    ``read`` (a :class:`Store` method taking a ref) gives of it there."""
    error: UserError | None = None
    if local.exists():  # a file, or a folder there: the error when ``ref`` is nowhere
        found_here = _in_local(ref, local, timeout, read)
        if not isinstance(found_here, UserError):
            return found_here
        error = found_here
    entries = [e for e in SessionIndex().find(ref) if Path(e.db_path) != local.resolve()]
    if len(entries) > 1:
        raise AmbiguousSession.of(ref, [e.id for e in entries])
    if not entries:
        found = _in_known_databases(ref, local, timeout, read)
        if found is not None:
            return found
        if error is not None and not isinstance(error, UnknownSession):
            raise error  # the local database could not be read: that is the news
        here = f"{local}" if error is not None else "this workspace, which has no sessions"
        raise UnknownSession(  # every place looked in is named, not the local one alone
            f"unknown session: {ref or '(empty)'} (not in {here}, nor in the session index)",
            hint=nowhere_hint(SessionIndex().shared_stores()),
            tool_hint=error.tool_hint if error is not None else None,
        )
    if not Path(entries[0].db_path).is_file():  # moved, perhaps to a database listed
        found = _in_known_databases(entries[0].id, local, timeout, read)
        if found is not None:
            return found
        raise SessionGone(entries[0])
    store = Store.open(Path(entries[0].db_path), create=False, timeout=timeout)
    store.index = SessionIndex()
    try:
        return store, read(store, entries[0].id)
    except BaseException:
        store.close()
        raise


def _in_local(
    ref: str, local: Path, timeout: float, read: Callable[[Store, str], T]
) -> tuple[Store, T] | UserError:
    """Session ``ref`` in the local database, or why not: not there, or the database cannot
    be read (damaged, not a session database). Either way the index may still know where
    ``ref`` lives, so one damaged workspace hides no other's session; an ambiguous prefix
    is raised."""
    try:
        store = Store.open(local, create=False, timeout=timeout)
    except UserError as exc:  # a StoreError too
        return exc
    store.index = SessionIndex()
    try:
        return store, read(store, ref)
    except AmbiguousSession:
        store.close()
        raise
    except UserError as exc:
        store.close()
        return exc


def _in_known_databases(
    ref: str, local: Path, timeout: float, read: Callable[[Store, str], T]
) -> tuple[Store, T] | None:
    """Session ``ref`` in a database the index knows (another session of it is there) while
    the index lacks ``ref`` itself (a write it missed: the index is best effort), as
    ``coord sessions`` lists it; None when no such database holds it."""
    for database in known_databases(local):
        if database == local.resolve():
            continue
        try:
            store = Store.open(database, create=False, timeout=timeout)
        except UserError:
            continue
        try:
            store.index = SessionIndex()
            return store, read(store, ref)
        except UserError:
            store.close()
    return None


#: A span back from now: ``2d``, ``3 hours``, ``2 weeks ago``, ``a week ago``, ``last 3
#: days``, ``past hour``, ``last month`` (the count, when a word stands for it, is 1).
_AGO = re.compile(
    r"^\s*(?:(last|past)\s+)?(-?\s*\d+|an?\b)?\s*([a-z]+)(?:\s+ago)?\s*$", re.IGNORECASE
)
#: Each unit's seconds, by every way it is written: ``3h``, ``3 hours``, ``1 week``,
#: ``90s``; a month is 30 days (``m`` is a minute).
_UNIT = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7 * 86400),
    **dict.fromkeys(("mo", "mon", "month", "months"), 30 * 86400),
}
#: Days back to the midnight each word names.
_DAYS = {"today": 0, "yesterday": 1}
_TIME_HINT = (
    "Use a span such as 30s, 30m, 3h, 2d, 1w, 1mo (or '1 week', '2 weeks ago', 'last 3 days'),"
    " today, yesterday, or a date such as 2026-11-30."
)


def started(at: float) -> str:
    """``2026-12-05 09:17``: when a session started (or a span given to ``--since`` began),
    in local time (as ``coord stats`` counts days and ``--since DATE`` reads a date)."""
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M")


def _count(written: str | None) -> int:
    """A span's count as written (``-3``, ``- 3``; none, ``a``, ``an``: 1): past 30
    digits, its first 30 (more seconds than have passed since 1970 either way; Python reads
    no number of over 4300 digits)."""
    if not written or not written[-1].isdigit():
        return 1
    digits = written.replace(" ", "")
    sign = -1 if digits.startswith("-") else 1
    return sign * int(digits.lstrip("-").lstrip("0")[:30] or "0")


def since_epoch(
    text: str, now: float | None = None, *, flag: str = "--since", zero: bool = False
) -> float:
    """``--since``/``--older-than`` (``flag``, named in its errors): a span back from now
    (30s, 30m, 3h, 2d, 1w, 1mo: 30 days; or in words: ``2 days``, ``1 week ago``, ``a month
    ago``, ``last 3 days``, ``past hour``), ``today`` or ``yesterday`` (its local midnight)
    or an ISO date (a span longer than the time since 1970, or a date before it: 1970). A
    negative span or a date still to come is refused, and so is a span of no time unless
    ``zero`` allows it (``--older-than 0m``: every session): ``--since`` would select no session,
    ``--older-than`` every one (and delete them), never what was meant."""
    now = now if now is not None else time.time()
    m = _AGO.match(text)
    if m and (m[1] or m[2]) and m[3].lower() in _UNIT:  # a bare unit ("m") is no span
        count = _count(m[2])
        if count < 0:
            raise UserError(
                f"{flag}: '{text.strip()}' is a negative span",
                hint="A span counts back from now: 2d is two days ago.",
            )
        if count == 0 and not zero:
            raise UserError(f"{flag}: '{text.strip()}' is no time at all", hint=_TIME_HINT)
        seconds = count * _UNIT[m[3].lower()]
        return now - seconds if seconds < now else 0.0  # no session is older than 1970
    if (back := _DAYS.get(text.strip().lower())) is not None:
        midnight = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return (midnight - timedelta(days=back)).timestamp()
    try:
        at = datetime.fromisoformat(text.strip()).timestamp()
    except (ValueError, OverflowError):
        raise UserError(f"{flag}: cannot read the time '{text}'", hint=_TIME_HINT) from None
    if at > now:
        shown = datetime.fromtimestamp(now).isoformat(sep=" ", timespec="minutes")
        raise UserError(
            f"{flag}: '{text.strip()}' is in the future (it is {shown} now)", hint=_TIME_HINT
        )
    return max(at, 0.0)  # 0001-01-01T00:00+14:00: before year 1 in local time


def changed_files(store: Store, session_id: str) -> list[str]:
    """Workspace paths the session changed, in order, once each: those its file-changing
    tool calls changed (a Write of what the file held is none), but for a run in a
    worktree (``isolation: worktree``) the files its merge brought back, as git compared
    them with the last commit (a write of what the file held changed nothing; a file a
    command made is a change; nothing merged back, none)."""
    paths: list[str] = []
    calls, root = store.all_tool_calls(session_id), store.session(session_id).workspace
    _add_new(paths, (path for _, path in _changes(store, calls, store.events(session_id), root)))
    return paths


def _changes(
    store: Store, calls: list[ToolCallRow], events: list[EventRow], root: str
) -> Iterator[tuple[int, str]]:
    """(run id, path) for each file changed, in the order of the tool ``calls`` (a path may
    come more than once): a Write or Edit's (relative to the workspace ``root``, as a Bash
    command's and a merge's are), or every file a worktree run merged back."""
    merged = _merged_files(events)
    bash = _bash_calls(events)
    for call in calls:
        if call.run_id in merged:
            yield from ((call.run_id, path) for path in merged[call.run_id])
        elif _changed_a_file(call):
            yield call.run_id, _in_root(str(store.tool_input(call).get("file_path", "")), root)
        elif (call.run_id, call.tool_use_id) in bash:
            yield from ((call.run_id, path) for path, _ in bash[call.run_id, call.tool_use_id])
    for run_id, files in merged.items():  # a worktree run that called no tool (a hook wrote)
        yield from ((run_id, path) for path in files)


def _in_root(path: str, root: str) -> str:
    """A file tool's ``path`` as the model wrote it, relative to the workspace ``root``
    where it lies in it (``/srv/app/src/a.py`` and ``./src/a.py`` are ``src/a.py``, as a
    Bash command's change names it); else as written."""
    shown = os.path.normpath(path) if path else path
    if os.path.isabs(shown) and root:
        inside = os.path.relpath(shown, root)
        return shown if inside == ".." or inside.startswith("../") else inside
    return shown


def _changed_a_file(call: ToolCallRow) -> bool:
    """True for a Write or Edit that succeeded and changed what its file held."""
    if call.name not in FILE_CHANGING_TOOLS or call.state != "done" or call.is_error:
        return False
    return not (call.result or "").startswith(f"{WriteOutcome.UNCHANGED} '")


def unmerged_worktrees(events: list[EventRow]) -> dict[int, str]:
    """The branch of each run's worktree not merged back yet (an ``isolation: worktree``
    run waiting or interrupted: the files it changed are on that branch, not in the
    workspace), by run, from the session's ``events``."""
    opened = {
        event.run_id: str(event.data.get("branch") or "")
        for event in events
        if event.kind == WORKTREE_KIND and event.run_id is not None
    }
    for event in events:
        if event.kind == MERGE_KIND:
            opened.pop(event.run_id or 0, None)
    return opened


def worktree_where(branch: str) -> str:
    """`` on branch B (merged back when the run ends)`` for files a worktree run changed
    on ``branch`` and has not merged back; "" for none."""
    return f" on branch {branch} (merged back when the run ends)" if branch else ""


def files_where(store: Store, session_id: str) -> str:
    """Where the files ``Files changed:`` names are while a worktree run of the session
    has not merged back (:func:`worktree_where`, its branches); "" when all are in the
    workspace."""
    branches = sorted(set(unmerged_worktrees(store.events(session_id)).values()))
    return worktree_where(", ".join(branches)) if branches else ""


def _merged_files(events: list[EventRow]) -> dict[int, list[str]]:
    """The files each worktree run merged back, by run (none: not merged), from the
    session's ``events``."""
    return {
        event.run_id: [str(x) for x in event.data.get("files") or []]
        if event.data.get("status") == MergeStatus.MERGED
        else []
        for event in events
        if event.kind == MERGE_KIND and event.run_id is not None
    }


def _bash_calls(events: list[EventRow]) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """The files each Bash call changed, by (run id, tool use id), each with its change,
    from the session's ``events`` (``bash_changed``)."""
    found: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for event in events:
        if event.kind == BASH_CHANGED_KIND and event.run_id is not None:
            files = [(str(f[0]), str(f[1])) for f in event.data.get("files") or []]
            found[event.run_id, str(event.data.get("tool_use_id", ""))] = files
    return found


def refused_calls(events: list[EventRow]) -> dict[int, list[JSON]]:
    """The tool calls each run had refused before they ran, by run id, from the session's
    ``events`` (``tool_refused``)."""
    found: dict[int, list[JSON]] = {}
    for event in events:
        if event.kind == TOOL_REFUSED_KIND and event.run_id is not None:
            found.setdefault(event.run_id, []).append(_refused_call(event))
    return found


def session_refused(store: Store, session_id: str) -> list[JSON]:
    """Every tool call the session had refused before it ran, in order, each with the
    agent that asked for it (``coord run --json``'s ``refused``; ``coord log --json`` has
    them per run)."""
    return [
        {"agent": str(event.data.get("agent") or ""), **_refused_call(event)}
        for event in store.events(session_id)
        if event.kind == TOOL_REFUSED_KIND
    ]


def _refused_call(event: EventRow) -> JSON:
    """A ``tool_refused`` event's call (:data:`REFUSED_FIELDS`)."""
    return {key: str(event.data.get(key) or "") for key in REFUSED_FIELDS}


def _bash_changes(events: list[EventRow]) -> dict[int, BashChanges]:
    """What each run's Bash commands changed (:class:`BashChanges`), by run id."""
    found: dict[int, BashChanges] = {}
    for event in events:
        if event.kind == BASH_CHANGED_KIND and event.run_id is not None:
            run = found.setdefault(event.run_id, BashChanges())
            for path, change in event.data.get("files") or []:
                run.add(str(path), str(change))
            if why := str(event.data.get("unfollowed") or ""):
                run.unfollowed, run.why = run.unfollowed + 1, why
    return found


def _add_new(paths: list[str], more: Iterable[str]) -> None:
    """Append each of ``more`` (not empty) that ``paths`` does not hold yet."""
    for path in more:
        if path and path not in paths:
            paths.append(path)


def router_fallback(store: Store, session_id: str) -> str | None:
    """Why the LLM router (``router: llm``) could not settle the session's routing and the
    lexical choice stands; None when it was not asked or it settled it (the ``routed``
    event's ``router_fallback``)."""
    for event in store.events(session_id):
        if event.kind == "routed":
            return str(event.data.get("router_fallback") or "") or None
    return None


def remove_sessions(refs: list[str], local: Path, timeout: float) -> list[str]:
    """``coord sessions rm ID...``, all or nothing: every ref is found (a typo in one
    deletes none), then every session's lock is taken (one a process drives: none is
    removed, and the error names it), then each database's sessions go in one transaction
    while every lock is held; returns the ids removed (once each, in the refs' order)."""
    removal = _Removal(local, timeout)
    try:
        for ref in refs:
            removal.find(ref)
        removal.hold()
        removal.delete()
    finally:
        removal.close()
    return removal.ids


@dataclass
class _Removal:
    """The sessions one ``coord sessions rm ID...`` removes: one store per database, the
    ids of each, the locks taken, and the ids whose database is gone (forgotten only)."""

    local: Path
    timeout: float
    ids: list[str] = field(default_factory=list)
    stores: dict[Path, tuple[Store, list[str]]] = field(default_factory=dict)
    taken: list[tuple[Store, str]] = field(default_factory=list)
    gone: list[IndexEntry] = field(default_factory=list)

    def find(self, ref: str) -> None:
        """Find ``ref`` (as :func:`open_session` does, its options not read: a row whose
        options are not JSON can be removed) and note it under its database."""
        try:
            store, sid = _open_with(ref, self.local, self.timeout, Store.session_id)
        except SessionGone as gone:
            if gone.entry.id not in self.ids:
                self.ids.append(gone.entry.id)
                self.gone.append(gone.entry)
            return
        key = Path(store.path).resolve()
        if key in self.stores:
            store.close()  # one store per database: its locks conflict with another's
        else:
            self.stores[key] = (store, [])
        if sid not in self.ids:
            self.ids.append(sid)
            self.stores[key][1].append(sid)

    def hold(self) -> None:
        """Take every session's lock; SessionInUse (naming it) for one another process
        holds, after letting go of every lock taken."""
        for store, ids in self.stores.values():
            try:
                self.taken += [(store, sid) for sid in store.hold_for_removal(ids)]
            except SessionInUse:
                self._let_go()
                raise

    def delete(self) -> None:
        """Delete each database's sessions in one transaction, every database's begun (its
        write lock taken, in the order of their paths) before the first delete, so one
        another process is writing longer than the busy timeout fails the removal with
        nothing removed; then the index forgets them, and the gone ones."""
        pending = [(store, ids) for _, (store, ids) in sorted(self.stores.items()) if ids]
        with ExitStack() as transactions:
            for store, _ in pending:
                store.index = None  # told below, once every database has committed
                transactions.enter_context(store.transaction())
            for store, ids in pending:
                store.delete_sessions(ids)
        for store, ids in pending:
            SessionIndex().remove(ids, Path(store.path))
        for entry in self.gone:
            SessionIndex().remove([entry.id], Path(entry.db_path))

    def _let_go(self) -> None:
        """Release the locks taken here, recording nothing (a session removed or not)."""
        for store, sid in self.taken:
            store.unlock_session(sid, ended=True)
        self.taken.clear()

    def close(self) -> None:
        """Let go of every lock and close every store."""
        self._let_go()
        for store, _ in self.stores.values():
            store.close()


def _not_in_use(store: Store, session_id: str) -> None:
    """UserError when a process is driving the session, or (on a shared store) a worker
    has it or it waits for one: such a session is never removed."""
    reason = store.busy_reason(session_id)
    if reason is not None:
        raise not_removed(session_id, reason)


def remove_from(store: Store, refs: list[str]) -> list[str]:
    """``coord sessions rm ID...`` on one store (a shared PostgreSQL one): every ref is
    found, and checked free, before any is deleted, then all go in one transaction (which
    checks again: :meth:`Store.delete_sessions`); returns the ids removed (once each)."""
    ids: list[str] = []
    for ref in refs:
        sid = store.session_id(ref)
        _not_in_use(store, sid)
        if sid not in ids:
            ids.append(sid)
    store.delete_sessions(ids)
    return ids


def prune_store(store: Store, before: float, workspace: str | None = None) -> list[str]:
    """Delete every session of ``store`` created before ``before`` (``workspace``'s alone,
    when given) that nobody is driving (or, on a shared store, has queued or leased), in one
    transaction; returns their ids."""
    query = SessionQuery(before=before, workspace=workspace)
    old = [s.row.id for s in store.find_sessions(query)]
    busy = store.busy_sessions(old)
    ids = [sid for sid in old if sid not in busy]
    while ids:
        try:
            store.delete_sessions(ids)
            return ids
        except SessionInUse as taken:  # by a resume since the check: left, as a busy one
            ids.remove(taken.session_id)
    return ids


def prune(
    local: Path, timeout: float, before: float, *, one: bool, missing_ok: bool = False
) -> list[str]:
    """Delete every session created before ``before`` (and not in use) from the local
    database (``one``) or from every database the index knows; returns their ids.
    ``missing_ok``: a local database not made yet holds none (nothing ran there)."""
    removed: list[str] = []
    databases = [local] if one else known_databases(local)
    if one and missing_ok and not _made(local):
        databases = []
    for database in databases:
        with closing(Store.open(database, create=False, timeout=timeout)) as store:
            store.index = SessionIndex()
            removed += prune_store(store, before)
    return removed


#: How often ``coord log --follow`` looks for new events (seconds).
FOLLOW_POLL = 0.25


def follow(store: Store, session_id: str) -> Iterator[int]:
    """Yield the latest event number each time the session's log grows, until the session
    is no longer being driven (its last state included)."""
    seen = -1
    while True:
        last = store.last_event(session_id)
        live = shown_status(store, store.session(session_id)) == SessionStatus.RUNNING
        if last != seen:
            seen = last
            yield last
        if not live:
            return
        time.sleep(FOLLOW_POLL)


def wait_until_stopped(store: Store, session_id: str) -> None:
    """Block until nobody drives the session (``coord log --follow --json``)."""
    for _ in follow(store, session_id):
        pass


def stopped_exit_code(store: Store, session_id: str) -> int:
    """The exit code ``coord log --follow`` ends with once the session stopped: the one
    ``coord run`` gives a session shown so (0 complete, 1 failed or interrupted, 2 needs
    review, 3 waiting), so a job that waits for a session another process drives (a
    detached one, a background agent's) tells its outcome as that process would."""
    return SessionStatus(shown_status(store, store.session(session_id))).exit_code


class Said(StrEnum):
    """The ``kind`` of a ``coord log --transcript`` entry (``--json``; the text view shows
    each with spaces: ``[to agent]``). ``to_agent`` was ``to agent`` in earlier builds (the
    entries are made from the stored messages when read: nothing stored holds it)."""

    RUN = "run"
    TO_AGENT = "to_agent"  # what the agent was told: its task, a consult's answer, a nudge
    ASSISTANT = "assistant"
    PERSON = "person"  # a person's answer to the agent's question
    TOOL_CALL = "tool_call"
    TOOL_RESULT = "tool_result"
    FAILED = "failed"  # how a failed run ended, as the tree says it (its last entry)

    @property
    def label(self) -> str:
        """As the text view shows it."""
        return self.value.replace("_", " ")


def transcript(store: Store, session_id: str) -> list[JSON]:
    """``coord log --transcript``: each run's conversation in order — what the agent was
    told, what it wrote, each tool call with its input and result, and a person's answers;
    a failed run's last entry says why it failed (a refusal's text is not stored: the
    failure is what the tree shows). A call that ran with another input than the model's
    (a PreToolUse hook's ``updatedInput``) has it as ``ran_with``."""
    answered = {e.parent_run_id for e in store.delegations(session_id) if e.answered_by == "person"}
    ran: dict[tuple[object, object], ToolCallRow] = {
        (c.run_id, c.tool_use_id): c for c in store.all_tool_calls(session_id)
    }
    entries: list[JSON] = []
    runs = store.runs(session_id)
    places = run_places(runs, _forked_skills(store.events(session_id)))
    for run in runs:
        entries.append(
            {
                "kind": Said.RUN,
                "run": run.id,
                "agent": run.agent,
                "model": run.model,
                "place": places[run.id],
            }
        )
        for message in store.messages(run.id):
            entries += _message_entries(run, message, run.id in answered)
        if run.status == RunStatus.FAILED:
            entries.append(_failure_entry(run))
    for entry in entries:  # what ran, when not what the model asked (a hook's updatedInput)
        call = (
            ran.get((entry.get("run"), entry.get("id")))
            if entry["kind"] == Said.TOOL_CALL
            else None
        )
        if call is not None and (executed := store.tool_input(call)) != entry["input"]:
            entry["ran_with"] = executed
    return entries


def _failure_entry(run: RunRow) -> JSON:
    """The transcript's last entry of failed ``run``: its kind of failure and why."""
    return {
        "kind": Said.FAILED,
        "run": run.id,
        "agent": run.agent,
        "failure_kind": run.failure_kind,
        "text": run.failure or "",
    }


def run_places(runs: list[RunRow], forked: dict[int, str]) -> dict[int, str]:
    """Where each of a session's ``runs`` (in the order they started) stands in its chain,
    as a person tells them apart: "the request" (the agent it went to), "consult 2 of 3
    for backend" (the second of three consultants, asked by backend), "skill 'survey'
    forked by backend" (a run of ``forked``: run id -> its ``context: fork`` skill). The
    transcript said "run 3", the database's id: a number no other view shows, different
    per backend."""
    agents = {run.id: run.agent for run in runs}
    places = {run.id: "the request" for run in runs if run.parent_run_id is None}
    consults = [run for run in runs if run.parent_run_id is not None and run.id not in forked]
    for number, run in enumerate(consults, 1):
        asker = agents.get(run.parent_run_id or 0, "another agent")
        places[run.id] = f"consult {number} of {len(consults)} for {asker}"
    for run in runs:
        if run.parent_run_id is not None and run.id in forked:
            asker = agents.get(run.parent_run_id, "another agent")
            places[run.id] = f"skill '{shown_name(forked[run.id])}' forked by {asker}"
    return places


#: How the coordinator's message of a person's answer starts, in every build
#: (``prompts.person_resume_message``); a message that only quotes these words (a
#: consultant's answer) is no person's.
_PERSON_ANSWERED = "[coordinator:resume] A person answered your blocker."


def _message_entries(run: RunRow, message: JSON, has_person: bool) -> list[JSON]:
    content = message["content"]
    blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
    out: list[JSON] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "text":
            text = str(block.get("text", ""))
            who = Said.ASSISTANT if message["role"] == "assistant" else Said.TO_AGENT
            if has_person and text.startswith(_PERSON_ANSWERED):  # not quoted in another
                who = Said.PERSON
            out.append({"kind": who, "run": run.id, "agent": run.agent, "text": text})
        elif kind == "tool_use":
            out.append(
                {
                    "kind": Said.TOOL_CALL,
                    "run": run.id,
                    "agent": run.agent,
                    "id": block.get("id"),
                    "name": block.get("name"),
                    "input": block.get("input"),
                }
            )
        elif kind == "tool_result":
            out.append(
                {
                    "kind": Said.TOOL_RESULT,
                    "run": run.id,
                    "agent": run.agent,
                    "id": block.get("tool_use_id"),
                    "is_error": bool(block.get("is_error")),
                    "text": _result_text(block.get("content")),
                }
            )
    return out


def _result_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(b.get("text", "")) for b in content if isinstance(b, dict))
    return ""


#: After a model's name in ``coord stats``: a scripted model played those runs.
OFFLINE_MARK = "(offline)"


@dataclass
class StatsRow:
    """Spend of one (day, agent, model) group."""

    day: str
    agent: str
    model: str
    runs: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    #: A scripted model played these runs: priced as real ones, but nothing was charged.
    offline: bool = False

    @property
    def cache_read_share(self) -> float:
        """Cache reads as a share of every input token (fresh, cache-written, cache-read)."""
        total = self.input_tokens + self.cache_read_tokens + self.cache_write_tokens
        return self.cache_read_tokens / total if total else 0.0

    def to_json(self) -> JSON:
        """As ``coord stats --json`` shows it."""
        return {
            "day": self.day,
            "agent": self.agent,
            "model": self.model,
            "runs": self.runs,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_read_tokens": self.cache_read_tokens,
            "cache_write_tokens": self.cache_write_tokens,
            "cache_read_share": round(self.cache_read_share, 4),
            "cost_usd": round(self.cost_usd, 6),
            "offline": self.offline,
        }


def stats_total(rows: Iterable[StatsRow]) -> StatsRow:
    """The sums of ``rows`` (``coord stats``' total line): day ``total``, no agent or
    model; its cache-read share is that of all their input, not an average of shares."""
    total = StatsRow("total", "", "")
    for row in rows:
        total.runs += row.runs
        total.input_tokens += row.input_tokens
        total.output_tokens += row.output_tokens
        total.cache_read_tokens += row.cache_read_tokens
        total.cache_write_tokens += row.cache_write_tokens
        total.cost_usd += row.cost_usd
    return total


def stats_everywhere(
    local: Path, timeout: float, since: float | None, *, one: bool, missing_ok: bool = False
) -> list[StatsRow]:
    """``coord stats``: the local database's (``one``: a fault is the command's error), or
    every database the index knows, where one that cannot be read is skipped with one
    warning line (as ``coord sessions`` does): one damaged workspace hides no other's.
    ``missing_ok``: a local database not made yet holds none (nothing ran there)."""
    found = _read_each(
        local, timeout, lambda store: (store.where, spend_since(store, since)), one, missing_ok
    )
    spent = [spend for _, spend in found] if one else _spent_once(found, local)
    return stats(
        (run for runs, _ in spent for run in runs), (call for _, calls in spent for call in calls)
    )


#: What the sessions of one store spent (:func:`spend_since`): their runs, and the prompt
#: hooks' model calls of those without a run, each call with its session's id.
Spent = tuple[list[SpentRun], list[tuple[str, JSON, float]]]


def _spent_once(found: list[tuple[str, Spent]], local: Path) -> list[Spent]:
    """Each database's spend (``found``: with the database), a session held by several (a
    copied project, ``cp -r``, copies its database) counted in one alone: the one
    ``coord sessions`` lists it from (:func:`_home_of`), never twice."""
    held: dict[str, list[str]] = {}
    for where, (runs, calls) in found:
        for sid in dict.fromkeys([r.run.session_id for r in runs] + [c[0] for c in calls]):
            held.setdefault(sid, []).append(where)
    here = str(local.resolve())
    home = {sid: _home_of(sid, dbs, here) for sid, dbs in held.items()}
    return [
        (
            [r for r in runs if home[r.run.session_id] == where],
            [c for c in calls if home[c[0]] == where],
        )
        for where, (runs, calls) in found
    ]


def stats_of(store: Store, since: float | None, workspace: str | None = None) -> list[StatsRow]:
    """``coord stats`` of one store (a shared PostgreSQL one): the same rows as a file's,
    from the same indexed statements (:meth:`Store.runs_since`, :meth:`Store.runless_since`);
    ``workspace``: only its sessions (``--here``: the store holds every workspace's)."""
    return stats(*spend_since(store, since, workspace))


#: The agent ``coord stats`` names for the prompt hooks' model calls of requests they refused:
#: such a session has no run (no agent ran), and its calls are grouped by the hook's model.
HOOK_AGENT = "(hook)"


def spend_since(store: Store, since: float | None, workspace: str | None = None) -> Spent:
    """What sessions created since ``since`` (``workspace``'s alone, when given) spent:
    their runs, and the prompt hooks' model calls of those without a run (a request refused
    by a UserPromptSubmit hook: only its ``hook`` events record them, as :func:`totals`
    reads them; a run counts its own hooks' calls), each with the time its session was
    created (a call: with its session's id too)."""
    calls = [
        (session_id, event.data, created)
        for session_id, created in store.runless_since(since, workspace)
        for event in store.events(session_id)
        if event.kind == "hook" and event.data.get("model")
    ]
    return store.runs_since(since, workspace), calls


def _made(local: Path) -> bool:
    """Whether anything is at the local database's path (a file, a folder, a link): only
    where nothing is did nothing run; a folder there is a damaged store, said so."""
    return local.exists() or local.is_symlink()


def _read_each(
    local: Path,
    timeout: float,
    read: Callable[[Store], T],
    one: bool,
    missing_ok: bool = False,
    *,
    local_fails: bool = False,
) -> list[T]:
    """``read`` of the local database alone (``one``: a fault is the command's error), or
    of every database the index knows, where one that cannot be read is skipped with one
    warning line (:func:`_warn_skipped`: another workspace's damaged one, once): one damaged
    workspace hides no other's (``local_fails``: but the local one's fault is the error).
    ``missing_ok``: a local database not made yet (nothing ran there) is read as holding
    nothing."""
    if one and missing_ok and not _made(local):
        return []
    if one:
        with closing(Store.open(local, create=False, timeout=timeout)) as store:
            return [read(store)]
    results: list[T] = []
    for database in known_databases(local):
        try:
            with closing(Store.open(database, create=False, timeout=timeout)) as store:
                results.append(read(store))
        except UserError as exc:  # a StoreError too: a damaged or unreadable database
            here = database == local.resolve()
            if local_fails and here:
                raise
            _warn_skipped(database, exc, lasting=not here)
    return results


#: The faults a database keeps until someone mends it (a lock, a full disk pass).
_LASTING = frozenset(
    {StoreFault.DAMAGED, StoreFault.NOT_OURS, StoreFault.MISSING_TABLE, StoreFault.BAD_ROW}
)

#: What mends a database left out with a lasting fault; what its warning adds, once.
_REMEDY = (
    "to list its sessions again, put in its place a backup, or what `sqlite3`'s `.recover`"
    " reads of it"
)
_LEFT_OUT = f" (said once: listings leave it out while it stays as it is; {_REMEDY})"


def _warn_skipped(database: Path, exc: UserError, *, lasting: bool) -> None:
    """Warn that ``database`` was skipped for ``exc``, naming the file once (an error of
    the store names it already). Another workspace's database with a lasting fault (damaged,
    not coord's: ``lasting``) is told once, with what mends it, and not again while the file
    is unchanged (:meth:`SessionIndex.told_skipped`): the user cannot act differently on
    the next listing (an index that cannot note it: told each time, not as once). The
    local one's, and a passing fault (locked), on every listing."""
    why = str(exc).splitlines()[0]
    line = f"{why}; skipped" if str(database) in why else f"skipped {database}: {why}"
    if lasting and isinstance(exc, StoreError) and exc.fault in _LASTING:
        with closing(SessionIndex()) as index:
            told = index.told_skipped(database)
        if told:
            return
        line += _LEFT_OUT if told is False else f" ({_REMEDY})"
    log.warning("warning: %s", line)


def stats(
    runs: Iterable[SpentRun], calls: Iterable[tuple[str, JSON, float]] = ()
) -> list[StatsRow]:
    """Tokens, cost and cache-read share by day (of the session), agent, model and whether
    a scripted model played them (offline: priced as real runs, nothing charged), of ``runs``
    and of the prompt hooks' ``calls`` of refused requests (their ``hook`` events' fields;
    agent :data:`HOOK_AGENT`, no run), each with the time its session was created (a
    call: after its session's id)."""
    groups: dict[tuple[str, str, str, bool], StatsRow] = {}

    def group(created: float, agent: str, model: str, offline: bool = False) -> StatsRow:
        day = datetime.fromtimestamp(created).strftime("%Y-%m-%d")
        row = StatsRow(day, agent, model, offline=offline)
        return groups.setdefault((day, agent, model, offline), row)

    for run, created, offline in runs:
        g = group(created, run.agent, run.model, offline)
        g.runs += 1
        g.input_tokens += run.input_tokens
        g.output_tokens += run.output_tokens
        g.cache_read_tokens += run.cache_read_tokens
        g.cache_write_tokens += run.cache_write_tokens
        g.cost_usd += run.cost_usd
    for _, data, created in calls:
        g = group(created, HOOK_AGENT, str(data["model"]))
        g.input_tokens += int(data.get("input_tokens") or 0)
        g.output_tokens += int(data.get("output_tokens") or 0)
        g.cache_read_tokens += int(data.get("cache_read_tokens") or 0)
        g.cache_write_tokens += int(data.get("cache_write_tokens") or 0)
        g.cost_usd += float(data.get("cost_usd") or 0.0)
    by_name = sorted(groups.values(), key=lambda g: (g.agent, g.model, g.offline))
    return sorted(by_name, key=lambda g: g.day, reverse=True)  # newest day first
