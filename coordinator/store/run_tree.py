"""A stored session's delegation chain as a tree (:func:`chain_of`): each run with the
questions it asked and who answered them (a consult's run, a person's answer), the
sub-agents its forked skills started, its working time, files changed and refused calls;
and what the tree says of a run (resumed, Bash off). Part of the read model of stored
sessions, built from :class:`~coordinator.store.db.Store` rows only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from coordinator.event_kinds import EventKind
from coordinator.status import (
    ANSWERED_BY_PERSON,
    BASH_OFF,
    BASH_OFF_FINISHED,
    BASH_OFF_UNTIL_RESUMED,
    BASH_TURNED_ON,
    FINISHED,
    RESUMABLE,
    UNFINISHED_RUNS,
    DelegationStatus,
    RunStatus,
    SessionStatus,
    ShownRunStatus,
)
from coordinator.store.calls import question_ref
from coordinator.store.db import DelegationRow, RunRow, Store
from coordinator.store.files_changed import (
    BashChanges,
    _add_new,
    _bash_changes,
    _changes,
    bash_commands,
    file_changes,
    unmerged_worktrees,
)
from coordinator.store.rows import EventRow, ToolCallRow
from coordinator.store.spend import run_tokens

JSON = dict[str, Any]


#: A refused call's fields as ``coord log --json`` gives them (its ``tool_refused`` event's).
REFUSED_FIELDS = ("tool_use_id", "name", "input_summary", "by", "rule", "reason")


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
    #: Each change to a file, by which tool call (:func:`file_changes`).
    file_changes: list[JSON] = field(default_factory=list)
    #: Its Bash commands that ran, each with its exit code (:func:`bash_commands`).
    commands: list[JSON] = field(default_factory=list)
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
            "bash_refs": self.bash.refs,
            "file_changes": self.file_changes,
            "commands": self.commands,
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
    #: Who the person who answered was (its ``resumed`` event's ``person``); None for an
    #: agent's answer, or one stored before audit106.
    person: str | None = None

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
            "person": self.person,
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
        if event.kind == EventKind.CONSULT_STARTED and "chosen" in data:
            child = data.get("child_run")
            if isinstance(child, int):
                found[child] = {key: data.get(key) for key in chosen_by_domain()}
    return found


def _forked_skills(events: list[EventRow]) -> dict[int, str]:
    """Forked skill's run id -> the skill, from the ``skill_forked`` events."""
    return {
        e.data["child_run"]: str(e.data.get("skill") or "")
        for e in events
        if e.kind == EventKind.SKILL_FORKED and isinstance(e.data.get("child_run"), int)
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
    chain = _Chain.read(store, session_id, events, live=live, queued=queued)
    root = next((r for r in chain.runs.values() if r.parent_run_id is None), None)
    return chain.node(root) if root else None


@dataclass(frozen=True)
class _Chain:
    """What a session's tree is built from, read once (:meth:`read`): its runs and
    questions, and what the event log and tool calls say of each run, by run id."""

    runs: dict[int, RunRow]
    edges: list[DelegationRow]
    worked: dict[int, float]
    answers: dict[int, tuple[str, str | None]]  # by question (delegation) id
    chosen: dict[int, JSON]
    forked: dict[int, str]
    files: dict[int, list[str]]
    bash: dict[int, BashChanges]
    changes: dict[int, list[JSON]]
    commands: dict[int, list[JSON]]
    refused: dict[int, list[JSON]]
    unmerged: dict[int, str]
    live: bool
    queued: bool

    @classmethod
    def read(
        cls,
        store: Store,
        session_id: str,
        events: list[EventRow] | None,
        *,
        live: bool,
        queued: bool,
    ) -> _Chain:
        """The session's chain as the store holds it (``events``: as :func:`chain_of`'s)."""
        runs = {r.id: r for r in store.runs(session_id)}
        edges = store.delegations(session_id)
        events = store.events(session_id) if events is None else events
        calls, root = store.all_tool_calls(session_id), store.session(session_id).workspace
        files: dict[int, list[str]] = {}
        for run_id, path in _changes(store, calls, events, root):
            _add_new(files.setdefault(run_id, []), [path])
        return cls(
            runs, edges, _worked_seconds(calls, runs), _person_answers(events, edges),
            _consult_choices(events), _forked_skills(events), files, _bash_changes(events),
            file_changes(store, calls, events, root), bash_commands(store, calls, events),
            refused_calls(events), unmerged_worktrees(events), live, queued,
        )  # fmt: skip

    def node(self, run: RunRow) -> RunNode:
        """``run`` with the questions it asked and the skills it forked, each with its run."""
        asked = [e for e in self.edges if e.parent_run_id == run.id]
        if run.status == RunStatus.BLOCKED and resumed(asked):
            run = replace(run, status=RunStatus.RUNNING)
        return RunNode(
            run,
            [self._question(e) for e in asked],
            worked=self.worked.get(run.id, 0.0),
            live=self.live,
            queued=self.queued,
            files=self.files.get(run.id, []),
            bash=self.bash.get(run.id) or BashChanges(),
            file_changes=self.changes.get(run.id, []),
            commands=self.commands.get(run.id, []),
            worktree=self.unmerged.get(run.id, ""),
            refused=self.refused.get(run.id, []),
            forks=[
                ForkNode(self.forked[r.id], self.node(r))
                for r in self.runs.values()
                if r.parent_run_id == run.id and r.id in self.forked
            ],
        )

    def _question(self, edge: DelegationRow) -> QuestionNode:
        """A question with the run that answered it (a consult's) or a person's answer."""
        child = edge.child_run_id
        answer, who = self.answers.get(edge.id, (None, None))
        return QuestionNode(
            edge,
            self.node(self.runs[child]) if child else None,
            answer,
            self.chosen.get(child) if child else None,
            who,
        )


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
    last = next((e for e in reversed(events) if e.kind == EventKind.SESSION_RESUMED), None)
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


def _person_answers(
    events: list[EventRow], edges: list[DelegationRow]
) -> dict[int, tuple[str, str | None]]:
    """Delegation id -> the person's answer that resumed its run and who gave it (None:
    not recorded): a run's person-answered questions, in order, matched with its
    ``resumed`` events from a person, in order."""
    asked: dict[int, list[int]] = {}
    for e in sorted(edges, key=lambda e: e.id):
        if e.answered_by == ANSWERED_BY_PERSON:
            asked.setdefault(e.parent_run_id, []).append(e.id)
    if not asked:
        return {}
    answers: dict[int, tuple[str, str | None]] = {}
    for event in events:
        if event.kind == EventKind.RESUMED and event.data.get("answered_by") == ANSWERED_BY_PERSON:
            waiting = asked.get(event.run_id) if event.run_id is not None else None
            if waiting:
                person = event.data.get("person")
                said = (str(event.data.get("answer") or ""), str(person) if person else None)
                answers[waiting.pop(0)] = said
    return answers


def _worked_seconds(calls: list[ToolCallRow], runs: dict[int, RunRow]) -> dict[int, float]:
    """Per run: model time plus the time of its finished tool ``calls``."""
    worked = {rid: r.model_ms / 1000 for rid, r in runs.items()}
    for call in calls:
        if call.ended_at is not None:
            worked[call.run_id] = worked.get(call.run_id, 0.0) + call.ended_at - call.started_at
    return worked


def refused_calls(events: list[EventRow]) -> dict[int, list[JSON]]:
    """The tool calls each run had refused before they ran, by run id, from the session's
    ``events`` (``tool_refused``)."""
    found: dict[int, list[JSON]] = {}
    for event in events:
        if event.kind == EventKind.TOOL_REFUSED and event.run_id is not None:
            found.setdefault(event.run_id, []).append(_refused_call(event))
    return found


def session_refused(store: Store, session_id: str) -> list[JSON]:
    """Every tool call the session had refused before it ran, in order, each with the
    agent that asked for it (``coord run --json``'s ``refused``; ``coord log --json`` has
    them per run)."""
    return [
        {"agent": str(event.data.get("agent") or ""), **_refused_call(event)}
        for event in store.events(session_id)
        if event.kind == EventKind.TOOL_REFUSED
    ]


def _refused_call(event: EventRow) -> JSON:
    """A ``tool_refused`` event's call (:data:`REFUSED_FIELDS`)."""
    return {key: str(event.data.get(key) or "") for key in REFUSED_FIELDS}
