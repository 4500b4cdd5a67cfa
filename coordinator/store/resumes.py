"""What the tree says about a session taken up again (audit105): each ``session_resumed``
event read with the event before it, as one line: the session was interrupted (a transient
failure it wrote down), failed, or its process ended without a word (killed: it wrote no
last event), when, and when and by which process it was resumed. A resume after a wait
for a person's answer, or a worker taking a queued session, says nothing here: the
question's line, or the queue, tells it; one after a wait no question tells (a spent
budget, a deferred tool call) says what it waited for, since when (audit113). The tree's
head names the process that started the session and who asked (:func:`started_line`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from coordinator.event_kinds import EventKind
from coordinator.status import ASKS_NOTHING, WaitReason
from coordinator.store.rows import EventRow
from coordinator.store.time_words import clock


def this_process() -> str:
    """``host:pid``: this process, as a resume records who took a session up."""
    import socket  # (here: coord sessions/log/stats read the tree, record no process)

    return f"{socket.gethostname()}:{os.getpid()}"


def started_line(events: list[EventRow]) -> str | None:
    """``started by Ada Lovelace <ada@example.org> on host:pid``: who asked for the session
    whose log is ``events`` and the process that started it (its ``routed`` event's
    ``person``, recorded since audit112, and ``process``, since audit108), either alone when
    the other is not known; None when neither is (an older session, one not routed yet)."""
    routed = next((e for e in events if e.kind == EventKind.ROUTED), None)
    if routed is None:
        return None
    person, process = routed.data.get("person"), routed.data.get("process")
    if person and process:
        return f"started by {person} on {process}"
    return f"started by {person or process}" if person or process else None


#: The events a session stops at to be taken up again later, by design: a wait for a
#: person or a budget, a queue's (a worker takes it), an answer a hook refused (it waits on).
_WAITS = frozenset({EventKind.WAITING, EventKind.QUEUED, EventKind.ANSWER_REFUSED})


def resumed_line(before: EventRow | None, resumed: EventRow) -> str | None:
    """The tree's line for ``resumed`` (a ``session_resumed`` event) after ``before`` (the
    event just before it; the wait before hook runs logged since), or None when it took the
    session up after a wait a question or the queue tells."""
    if before is None or (before.kind in _WAITS and not _unasked(before)):
        return None
    if before.kind == EventKind.WAITING:
        stopped = waited_words(before.data) + f" at {clock(before.at)}"
    elif before.kind == EventKind.INTERRUPTED:  # (its reason: the event's, said where it stopped)
        stopped = f"interrupted at {clock(before.at)}"
    elif before.kind == EventKind.FAILED:
        stopped = f"failed at {clock(before.at)}"
    else:  # a process killed (or its machine lost) writes no last word
        stopped = (
            f"interrupted: its process ended without a word after its last event "
            f"({before.kind}) at {clock(before.at)}"
        )
    process = resumed.data.get("process")
    by = f" by {process}" if process else ""
    return f"{stopped}; resumed at {clock(resumed.at)}{by}"


def _unasked(event: EventRow) -> bool:
    """Whether ``event`` is a wait no question of the tree tells (a spent budget, a tool
    call a hook deferred: :data:`~coordinator.status.ASKS_NOTHING`)."""
    return event.kind == EventKind.WAITING and event.data.get("waiting_reason") in ASKS_NOTHING


def waited_words(data: Mapping[str, object]) -> str:
    """``waited for a raised budget (session cost $0.4288; max_session_cost is $0.1)``: a
    ``waiting`` event's ``data`` (a budget's or a deferred call's) in words, its ``detail``
    when recorded (audit113)."""
    detail = data.get("detail")
    if data.get("waiting_reason") == WaitReason.BUDGET:
        return "waited for a raised budget" + (f" ({detail})" if detail else "")
    return f"waited: {detail}" if detail else "waited: a hook deferred a tool call"


def _last_word(before: list[EventRow]) -> EventRow | None:
    """The last of ``before`` (a session's log before a resume) that is no hook run: an
    answer's SessionStart (``resume``) and UserPromptSubmit hooks are logged before its
    ``session_resumed`` event, an async hook's when the drive that ended in the wait
    settles it (review122: each made an answered session read as killed)."""
    return next((e for e in reversed(before) if e.kind != EventKind.HOOK), None)


def resumed_said(events: list[EventRow], resumed: EventRow) -> str | None:
    """The tree's lines for ``resumed`` (one of ``events``, the session's log): how it was
    taken up again (:func:`resumed_line`), and what the resume found different (its
    ``notes``: ``resumed: ...``), one under the other; None when there is neither."""
    at = next((i for i, e in enumerate(events) if e.seq == resumed.seq), 0)
    last = _last_word(events[:at])
    before = last if last is None or last.kind in _WAITS else events[at - 1]
    said = resumed_line(before, resumed)
    notes = resumed.data.get("notes") or []
    found = "resumed: " + "; ".join(str(n) for n in notes) if notes else None
    return "\n".join(filter(None, (said, found))) or None
