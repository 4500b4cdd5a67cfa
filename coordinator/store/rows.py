"""What the store hands back: one frozen dataclass per stored row, and the query of
``coord sessions`` (:class:`SessionQuery`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from coordinator.event_kinds import EventKind
from coordinator.store.faults import bad_row

if TYPE_CHECKING:
    from coordinator.providers.base import Usage

JSON = dict[str, Any]


#: A report's fields in their order, each with what makes the value it holds when the store
#: left it out (schema 16: ``protocols.report.stored_report_json``; ``status`` is always
#: kept; ``NoneType()`` is None).
_REPORT_FIELDS: tuple[tuple[str, Callable[[], Any]], ...] = (
    ("summary", str),
    ("changes", list),
    ("files", list),
    ("file_lines", dict),
    ("file_groups", dict),
    ("status", type(None)),
    ("domain", type(None)),
    ("blocker", type(None)),
    ("required", type(None)),
)


def report_in_full(data: JSON) -> JSON:
    """A stored report as JSON (``runs.report`` read) with the fields the store left out
    at their defaults (schema 16) put back, in the fields' order: what it was before
    (``AgentReport.model_dump``'s JSON). A full one (older rows) and anything that is
    not a report's object are returned as they are."""
    if type(data) is not dict or len(data) >= len(_REPORT_FIELDS) or "status" not in data:
        return data
    full = {name: data[name] if name in data else made() for name, made in _REPORT_FIELDS}
    full.update(data)  # a key no report field names (none is written): kept, last
    return full


@dataclass(frozen=True)
class SessionRow:
    """One session as stored."""

    id: str
    request: str
    workspace: str
    status: str
    reason: str
    options: JSON
    created_at: float
    updated_at: float
    #: The id of its latest prompt (the request or a person's answer: hooks' ``prompt_id``;
    #: schema 18, None in older rows and where no hook was configured).
    prompt_id: str | None = None


@dataclass(frozen=True)
class SessionSummary:
    """A session with what a listing shows of its runs: the first agent and the totals.
    ``unreadable``: why its stored options cannot be read (its ``row.options`` is then
    empty); None when they can. ``driver``: on a shared store, the worker (or ``coord
    resume --here``) holding the session's lease while it drives it; None otherwise.
    ``stopped``: on a shared store, why a worker stopped it without driving it to an end
    (:meth:`~coordinator.store.db.Store.stopped_why`); None otherwise. ``root_ended``: when
    its last root run ended (None: none, or not ended), what its ``ended_at`` is read from."""

    row: SessionRow
    agent: str
    tokens: int
    cost_usd: float
    unreadable: str | None = None
    driver: str | None = None
    stopped: str | None = None
    root_ended: float | None = None


@dataclass(frozen=True)
class RunRow:
    """One agent run as stored (conversation in :meth:`Store.messages`)."""

    id: int
    session_id: str
    parent_run_id: int | None
    agent: str
    model: str
    depth: int
    domain: str | None
    status: str
    max_turns: int
    turns: int
    repairs: int
    continuations: int
    stop_reason: str | None
    input_tokens: int
    output_tokens: int
    cache_write_tokens: int
    cache_read_tokens: int
    cost_usd: float
    model_ms: int
    report: str | None
    #: The run's final message as older code copied it; NULL in rows written since hop40
    #: (the run's conversation holds it: ``prompts.final_text`` of its messages).
    final_text: str | None
    failure_kind: str | None
    failure: str | None
    started_at: float
    ended_at: float | None
    #: Digest of the agent definition the run used (None: started before snapshots).
    definition: str | None = None
    #: A consult's question as JSON, ``[blocker, required]``, while its row is the
    #: question (schema 12; NULL in older rows, which have a ``delegations`` row, and once
    #: the question waits for a person: :meth:`~.calls.Calls.set_waiting`).
    question: str | None = None
    #: Its own system prompt, rendered at its first drive from its preloaded skills'
    #: commands and variables (schema 18; None: its definition's, rendered anew).
    system: str | None = field(default=None, repr=False)
    _db: str = field(default="", repr=False, compare=False)  # for a bad row's message

    @property
    def usage(self) -> Usage:
        """The run's token counts (``usage.total_tokens`` is its one token total)."""
        from coordinator.providers.base import Usage  # not on the listing's start path

        return Usage(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cache_creation_input_tokens=self.cache_write_tokens,
            cache_read_input_tokens=self.cache_read_tokens,
        )

    @property
    def report_json(self) -> JSON | None:
        """The parsed report as stored (a dict), or None; a StoreError when unreadable."""
        if not self.report:
            return None
        try:
            data: JSON = json.loads(self.report)
        except ValueError as exc:
            raise bad_row(self._db, "runs", self.id, "report", exc) from None
        return report_in_full(data)


@dataclass(frozen=True)
class DefinitionRow:
    """An agent definition some run used: its digest, name, source file and spec JSON."""

    digest: str
    name: str
    source: str | None
    spec: str
    created_at: float


@dataclass(frozen=True)
class DelegationRow:
    """A blocked run's question: answered by a consult, or waiting for a person."""

    id: int
    session_id: str
    parent_run_id: int
    child_run_id: int | None
    domain: str | None
    blocker: str | None
    required: str | None
    status: str
    waiting_reason: str | None
    answered_by: str | None
    created_at: float
    answered_at: float | None


class CallState(StrEnum):
    """A tool call's ``tool_calls.state``: started until its result is stored."""

    STARTED = "started"
    DONE = "done"


class LeaseState(StrEnum):
    """A session's lease on a shared store (``coordinator_jobs.state``): queued for a
    worker, being driven, or ended (its claim released as done, or as failed)."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ToolCallRow:
    """One tool call: ``state`` (a :class:`CallState` value) is ``started`` until its
    result is stored (``done``).

    ``turn`` is the number of the assistant turn that asked for it (ids are only trusted
    to be unique within one turn).
    """

    run_id: int
    turn: int
    tool_use_id: str
    name: str
    input: str
    state: str
    result: str | None
    is_error: bool
    started_at: float
    ended_at: float | None


#: Event fields stored under an earlier name (before one name per thing across the JSON
#: outputs), by event kind: an older database's events are read under today's names.
RENAMED_EVENT_FIELDS: dict[str, dict[str, str]] = {
    EventKind.RUN_STARTED: {"parent_run_id": "parent_run"},
    EventKind.CONSULT_STARTED: {"child_run_id": "child_run"},
    EventKind.CONSULT_DONE: {"child_run_id": "child_run"},
    EventKind.MODEL_CALL: {"cache_creation_tokens": "cache_write_tokens"},
    EventKind.WAITING: {"reason": "waiting_reason"},
}


class SpentRun(NamedTuple):
    """A run as ``coord stats`` counts it: its row, when its session was created, and
    whether a scripted model played it (offline: no API call was made, nothing charged)."""

    run: RunRow
    created: float
    offline: bool


def played_offline(options: str | None) -> bool:
    """Whether a session's stored options (JSON text) ran it on the scripted provider; a
    row whose options cannot be read counts as a real run (its cost is not hidden)."""
    try:
        data = json.loads(options or "{}")
    except ValueError:
        return False
    return options_offline(data)


def options_offline(options: object) -> bool:
    """Whether a session's options (read) ran it on the scripted provider."""
    from coordinator.providers.base import ProviderKind  # not on the listing's start path

    return isinstance(options, dict) and options.get("provider") == ProviderKind.SCRIPTED


#: The event kinds that name the provider that ran them (``provider``), and what an event
#: stored before it was recorded says: not known (the session's runs may have been scripted).
PROVIDER_EVENTS = frozenset({EventKind.RUN_STARTED, EventKind.MODEL_CALL})
UNKNOWN_PROVIDER = "unknown"


#: Fields an event kind has had since a version of coord, with what an event stored before
#: says of them: not recorded.
ADDED_EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    EventKind.TOOL_RESULT: ("exit_code",),
    EventKind.RUN_STARTED: ("definition",),
    EventKind.SESSION_RESUMED: ("process", "provider"),
    EventKind.ROUTED: ("process", "provider", "person"),
    EventKind.MODEL_CALL: ("response_id",),
    EventKind.INTERRUPTED: ("exit_code", "hint"),
    EventKind.HOOK: ("tool_use_id",),
    EventKind.WAITING: ("detail",),
    EventKind.BASH_CHANGED: ("head", "protected", "refs"),
}


def current_event_fields(kind: str, data: JSON) -> JSON:
    """``data`` of a stored ``kind`` event with its fields under today's names (and a
    ``routed`` event's evidence stored with the router's joined words shown as it is now;
    a run's or call's ``provider``, stored since, :data:`UNKNOWN_PROVIDER` before; a field
    of :data:`ADDED_EVENT_FIELDS` an event stored before lacks, None)."""
    if kind == EventKind.ROUTED:
        data = _shown_evidence(data)
    elif kind in PROVIDER_EVENTS and "provider" not in data:
        data = {**data, "provider": UNKNOWN_PROVIDER}
    added = ADDED_EVENT_FIELDS.get(kind)
    if added is not None and not all(name in data for name in added):
        data = {**data, **{name: data.get(name) for name in added}}
    renamed = RENAMED_EVENT_FIELDS.get(kind)
    if renamed is None or renamed.keys().isdisjoint(data):
        return data
    return {renamed.get(key, key): value for key, value in data.items()}


def _shown_evidence(data: JSON) -> JSON:
    """A ``routed`` event's ``data``, its ``matched`` shown as :mod:`coordinator.routing.shown`
    shows a decision's (an event stored before held ``codereview``, ``outcometwice``)."""
    matched, request = data.get("matched"), data.get("request")
    if "router_fallback" in data:  # stored since evidence is shown this way
        return data
    if not matched or not isinstance(matched, list) or not isinstance(request, str):
        return data
    pieces, written = [str(m) for m in matched], request.lower()
    # most events: every piece a word of the request, a trigger or shown already (quoted)
    if all(" " in m or '"' in m or m in written for m in pieces):
        return data
    from coordinator.routing.shown import shown_stored

    return {**data, "matched": shown_stored(pieces, request)}


@dataclass(frozen=True)
class EventRow:
    """One entry of the event log."""

    seq: int
    session_id: str
    run_id: int | None
    kind: str
    data: JSON
    at: float


@dataclass(frozen=True)
class SessionQuery:
    """Which sessions ``coord sessions`` lists: stored status, an agent that ran in it (the
    one it was routed to or one consulted), created since
    (epoch seconds), a substring of the request, at most ``limit``; ``asking``: only those
    whose question waits for a person's answer (``coord resume --context`` takes it);
    ``workspace``: only those started in that folder."""

    statuses: tuple[str, ...] = ()
    agent: str | None = None
    since: float | None = None
    search: str | None = None
    limit: int | None = None
    before: float | None = None
    asking: bool = False
    workspace: str | None = None

    def where(
        self, of_session: str = "session_id = s.id", asked: str = "d.session_id = s.id"
    ) -> tuple[str, tuple[Any, ...]]:
        """The WHERE clause and its parameters (``of_session``: how a ``runs`` row names
        the session ``s``, :attr:`~.transactions.Transactions._OF_S`; ``asked``: which
        rows of ``delegations d`` are its, ``_DELEGATIONS_OF_S``)."""
        terms: list[str] = []
        params: list[Any] = []
        if self.statuses:
            terms.append(f"s.status IN ({', '.join('?' for _ in self.statuses)})")
            params += self.statuses
        if self.agent is not None:
            terms.append(f"EXISTS (SELECT 1 FROM runs r WHERE r.{of_session} AND r.agent = ?)")
            params.append(self.agent)
        if self.since is not None:
            terms.append("s.created_at >= ?")
            params.append(self.since)
        if self.search:
            terms.append("instr(lower(s.request), lower(?)) > 0")
            params.append(self.search)
        if self.before is not None:
            terms.append("s.created_at < ?")
            params.append(self.before)
        if self.workspace is not None:
            terms.append("s.workspace = ?")
            params.append(self.workspace)
        if self.asking:  # a budget or a deferred tool call waits with no question
            terms.append(
                f"EXISTS (SELECT 1 FROM delegations d WHERE {asked} AND d.status = 'waiting')"
            )
        return (" WHERE " + " AND ".join(terms) if terms else ""), tuple(params)


#: The columns naming a session by number (SQLite's since schema 7): not part of a row read.
_NUMBERS = ("no", "session_no")


def without_number(row: Any) -> dict[str, Any]:
    """A row read as a dict, without the session's number (``no``, ``session_no``)."""
    data = dict(row)
    for name in _NUMBERS:
        data.pop(name, None)
    return data


_RUN_COLUMNS = frozenset(name for name in RunRow.__dataclass_fields__ if not name.startswith("_"))


def _check_run_fields(fields: dict[str, Any]) -> None:
    """Refuse an empty update or a column ``runs`` does not have (a bug in the caller)."""
    if not fields or not _RUN_COLUMNS.issuperset(fields):
        raise ValueError(f"unknown run fields: {sorted(set(fields) - _RUN_COLUMNS)}")


def _tool_row(row: sqlite3.Row) -> ToolCallRow:
    data = dict(row)
    data["is_error"] = bool(data["is_error"])
    return ToolCallRow(**data)
