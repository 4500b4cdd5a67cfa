"""Hooks a session owes, stored so that neither a ``kill -9`` nor a queue loses them
(hooks112).

A finished session's SessionEnd hooks are owed from the transaction that stores its
outcome (a ``hooks_owed`` event) until the one that stores their runs (``hooks_fired``):
a process killed between the two leaves them owed, and the next ``coord resume`` of the
session (the MCP ``resume`` too) fires them, once. The ``async`` SessionStart and
UserPromptSubmit hooks of a request or an answer queued for the workers (``--detach``)
are owed likewise, their input stored with the queueing: the worker that drives the
session starts them, their output for its run's next turn, as Claude Code gives an async
hook's output to the session's next turn. Which hooks fire is read where they fire (that
machine's settings, behind its workspace trust check, a workspace hook confined), as for
every hook of a resumed session.
"""

from __future__ import annotations

from coordinator.events import Event, HooksFired, HooksOwed, stored_event
from coordinator.runtime.hooks import HookEvent
from coordinator.store.db import Store
from coordinator.store.faults import StoreError, bad_row

#: The events that say what a session owes.
OWED_KINDS = (HooksOwed.kind, HooksFired.kind)


def owed_hooks(store: Store, session_id: str) -> list[HooksOwed]:
    """The session's owed hooks not fired yet, oldest first: each ``hooks_owed`` event with
    no ``hooks_fired`` of its hook event after it."""
    owed: dict[str, list[HooksOwed]] = {}
    for seq, run_id, kind, data in store.events_of(session_id, OWED_KINDS):
        event = _read(store, seq, (session_id, run_id, kind), data)
        if isinstance(event, HooksFired):
            owed.pop(event.event, None)
        elif isinstance(event, HooksOwed):
            owed.setdefault(event.event, []).append(event)
    return [o for group in owed.values() for o in group]


def end_owed(store: Store, session_id: str) -> bool:
    """Whether the finished session still owes its SessionEnd hooks (:func:`owed_hooks`):
    a resume of it fires them rather than only telling its outcome."""
    return any(o.event == HookEvent.SESSION_END for o in owed_hooks(store, session_id))


def _read(store: Store, seq: int, of: tuple[str, int | None, str], data: object) -> Event:
    """The stored owed-hooks event ``seq`` (``of``: its session, run and kind); a
    StoreError naming its row when its payload does not hold one (a field of another type,
    its ``event`` missing): were it passed over, the hooks it owes would be lost in silence."""
    try:
        event = stored_event(*of, data)
    except ValueError as exc:
        raise _unfit(store, seq, of[2], str(exc)) from None
    if event is None:
        raise _unfit(store, seq, of[2], "its 'event' is missing")
    return event


def _unfit(store: Store, seq: int, kind: str, why: str) -> StoreError:
    return bad_row(store.where, "events", seq, "data", ValueError(f"a {kind} event: {why}"))
