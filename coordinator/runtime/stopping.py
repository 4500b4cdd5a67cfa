"""A stopping worker's bound on the tool calls its sessions are running (``--stop-grace``).

A worker asked to stop (SIGTERM: systemd's stop, a deploy) hands each session back at its
next step boundary (:class:`~coordinator.store.pg.HandedBack`); a tool call already running
then is let run for the grace, then cancelled: its process group (or sandbox) ended, the
call stored done with :func:`stopped_result`, which the next driver's model reads as the
call's result (never run again, never stored twice). A supervisor's own bound on a stop
(systemd's ``TimeoutStopSec``, 90 s by default; Kubernetes' grace, 30 s) is so never met by
a long test suite or build, which would be SIGKILLed with the worker mid-step.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from coordinator.tools.base import ToolResult

#: Seconds a tool call running when its worker is asked to stop is let run before it is
#: ended (``coord worker --stop-grace``): within Kubernetes' 30 s grace and a third of
#: systemd's 90 s, with room left for ending it and handing the session back; long enough
#: for the calls that are not a long build or suite (an edit, a search, a short command).
STOP_GRACE = 20.0


def stopped_result(grace: float | None) -> ToolResult:
    """What the model reads of a call its worker's stop ended ``grace`` seconds after it
    was asked to stop (an error result)."""
    after = f" {grace:g} s later" if grace is not None else ""
    return ToolResult(
        "Error: the worker running this session was shut down while this call ran and ended"
        f" it{after} (its processes killed), so its effect may be partial and its output is"
        " lost. Check the workspace before running it again.",
        is_error=True,
    )


class ToolStop:
    """Whether, and from when, the tool calls of a session are ended: :meth:`after` (the
    worker stops) ends the one running ``grace`` seconds later; until then calls run as
    they would (:meth:`bounded`)."""

    def __init__(self) -> None:
        self._due = asyncio.Event()
        self._timer: asyncio.TimerHandle | None = None
        #: The grace :meth:`after` gave (None: no stop asked).
        self.grace: float | None = None

    @property
    def asked(self) -> bool:
        """Whether the worker was asked to stop (no tool call should start now)."""
        return self.grace is not None

    def after(self, grace: float) -> None:
        """End the call running ``grace`` seconds from now (once: a second ask keeps the
        first deadline); on the running event loop."""
        if self.grace is not None:
            return
        self.grace = grace
        self._timer = asyncio.get_running_loop().call_later(grace, self._due.set)

    async def bounded(self, call: Awaitable[ToolResult]) -> ToolResult | None:
        """``call``'s result, or None when the stop's grace ran out first: the call is then
        cancelled and awaited (a Bash command's process group killed, its guard's undoing
        done) before None is returned; one that finished as it was cancelled gives its
        result. Cancelled itself, the call is cancelled too."""
        task = asyncio.ensure_future(call)
        due = asyncio.ensure_future(self._due.wait())
        try:
            await asyncio.wait({task, due}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            due.cancel()
        if not task.done():
            task.cancel()
            await asyncio.wait({task})
        if task.cancelled():
            return None
        return task.result()
