"""How a stored session's state is shown: its status as listed (a running session nobody
drives is interrupted, unless queued for the workers: :func:`shown_state`), who drives
it, why a worker stopped it, what a waiting one asks or waits for, and the command that
continues it. Part of the read model of stored sessions (no SQL here, no rendering).
"""

from __future__ import annotations

from typing import Any

from coordinator.event_kinds import EventKind
from coordinator.status import (
    ASKS_NOTHING,
    FINISHED,
    QUEUES_AGAIN,
    SessionStatus,
    resume_command,
    resume_hint,
)
from coordinator.store.calls import question_ref
from coordinator.store.db import RunRow, SessionRow, Store

JSON = dict[str, Any]


def ended_at(row: SessionRow, runs: list[RunRow]) -> float | None:
    """When a session that ended (complete, needs review, failed) ended, epoch seconds: its
    last root run's end, else the session's last change; None for one that has not ended.
    ``coord log --json``'s ``ended_at``, and an already-ended resume's (scripts113)."""
    roots = [r for r in runs if r.parent_run_id is None]
    return finished_at(row, roots[-1].ended_at if roots else None)


def finished_at(row: SessionRow, root_ended: float | None) -> float | None:
    """:func:`ended_at` from ``root_ended``, its last root run's end (None: none, or not
    ended): ``coord sessions --json`` reads it with the page (one statement)."""
    if row.status not in FINISHED:
        return None
    return root_ended if root_ended is not None else row.updated_at


def session_ended_at(store: Store, row: SessionRow) -> float | None:
    """:func:`ended_at` of ``row``, its runs read only when it has ended (``coord sessions
    --json``, a result's ``--json``: daily113)."""
    return ended_at(row, store.runs(row.id)) if row.status in FINISHED else None


def is_live(status: str) -> bool:
    """Whether a session shown with ``status`` is being driven right now."""
    return status == SessionStatus.RUNNING


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


def wait_of(store: Store, row: SessionRow, asked: JSON | None) -> tuple[str, str] | None:
    """What waiting session ``row``, asking ``asked`` (:func:`asked_of`), waits for when it
    asks a person nothing (:data:`~coordinator.status.ASKS_NOTHING`): the WaitReason (its
    question's, or with none, its last ``waiting`` event's: a budget reached before a model
    call, a held tool call) and the session's reason in words; None for a question."""
    if asked is not None:
        reason = asked["waiting_reason"]
    else:
        waits = [e for e in store.events(row.id) if e.kind == EventKind.WAITING]
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


def _listed_stop(row: SessionRow, status: str, error: str | None) -> str | None:
    """:attr:`SessionLine.stopped` of a session listed with its lease's ``error`` (read
    with its row: :attr:`~coordinator.store.rows.SessionSummary.stopped`), as
    :func:`stopped_reason` says it."""
    if status != SessionStatus.INTERRUPTED or row.reason or error is None:
        return None
    return stopped_words(error)


#: An interruption, and a process taking the session up after one (its process may then
#: have died unseen: interrupted, by nothing it recorded).
DRIVE_ENDS = (EventKind.INTERRUPTED, EventKind.SESSION_RESUMED)


def interruption(store: Store, session_id: str, status: str) -> tuple[str, str] | None:
    """Why a session shown ``status`` was interrupted and what to fix before resuming it,
    as its ``interrupted`` event recorded them (``coord log`` shows them above ``Continue
    with``, ``coord sessions`` under its table, their ``--json`` as ``fix``); None when it
    is not interrupted, was taken up again since, or the error said nothing to fix (a
    transient failure, an event stored before ``hint`` was recorded)."""
    if status != SessionStatus.INTERRUPTED:
        return None
    last = store.last_of(session_id, DRIVE_ENDS)
    if last is None or last[0] != EventKind.INTERRUPTED or not last[1].get("hint"):
        return None
    return str(last[1].get("reason") or ""), str(last[1]["hint"])
