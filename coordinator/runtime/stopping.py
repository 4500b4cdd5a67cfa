"""A stopping worker's bound on the step its sessions are in (``--stop-grace``).

A worker asked to stop (SIGTERM: systemd's stop, a deploy) hands each session back at its
next step boundary (:class:`~coordinator.store.pg.HandedBack`); whatever is in flight then
(a model call, hooks, a tool call) is let run for the grace, then cancelled:

* a tool call: its process group (or sandbox) ended, the call stored done with
  :func:`stopped_result`, which the next driver's model reads as the call's result (never
  run again, never stored twice), with what a Bash command had output until then;
* a model call or hooks: nothing of them stored (:class:`StepCut`), the session handed back
  at the boundary before them, so the next driver makes that call or fires those hooks
  again (a model call cut mid-stream was paid for: the worker's hand-back line says so);
  PostToolUse hooks cut after their tool ran: the tool's result stored without them
  (:func:`hooks_cut_result`), as the tool is never run again.

A supervisor's own bound on a stop (systemd's ``TimeoutStopSec``, 90 s by default;
Kubernetes' grace, 30 s) is so never met by a long test suite, build, streamed reply or
slow hook, which would be SIGKILLed with the worker mid-step.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from coordinator.errors import RunFailure
from coordinator.tools.base import ToolResult

if TYPE_CHECKING:
    from coordinator.store.db import Store

T = TypeVar("T")

#: Seconds a step in flight when its worker is asked to stop is let run before it is
#: ended (``coord worker --stop-grace``): within Kubernetes' 30 s grace and a third of
#: systemd's 90 s, with room left for ending it and handing the session back; long enough
#: for the calls that are not a long build or suite (an edit, a search, a short command).
STOP_GRACE = 20.0

#: ``coord worker --stall-after``'s default: a session whose chain recorded nothing (no
#: write to the store: no model reply, no tool result, no event) for this long, not counting
#: the time a call spent within its own bound (:attr:`StepStop.within`: a Bash command's
#: timeout, a model call's timeouts and retries), is stuck past every bound it runs under,
#: though its worker's heartbeat beats: the worker ends the step in flight and hands the
#: session back to the queue, for any worker to go on with.
STALL = 1800.0


class EndedBy(StrEnum):
    """What ended a step in flight (a ``step_ended`` event's ``by``)."""

    #: The worker's stall watch (``coord worker --stall-after``).
    STALL = "stall"
    #: The worker's stop (SIGTERM, Ctrl-C), its ``--stop-grace`` run out.
    STOP = "stop"


def stopped_result(
    grace: float | None, output: str | None = None, stalled: float | None = None
) -> ToolResult:
    """What the model reads of a call its worker's stop ended ``grace`` seconds after it
    was asked to stop (an error result), with the ``output`` it gave until then (None:
    none kept); ``stalled``: ended by the worker's stall watch instead, after that many
    seconds without progress (:meth:`StepStop.stall`)."""
    after = f" {grace:g} s later" if grace is not None else ""
    kept = "its output is lost"
    if output is not None:
        kept = "what it output until then is above" if output.strip() else "it output nothing"
    ended = (
        "the worker running this session was shut down while this call ran and ended"
        f" it{after} (its processes killed)"
    )
    if stalled is not None:
        ended = (
            f"this call ran {stalled:g} s past its own time limit with no progress recorded"
            " (coord worker --stall-after), so the worker ended it (its processes killed)"
            " and handed the session back to the queue"
        )
    text = (
        f"Error: {ended}, so its effect may be partial and {kept}."
        " Check the workspace before running it again."
    )
    shown = f"{output.rstrip()}\n\n{text}" if output and output.strip() else text
    return ToolResult(shown, is_error=True)


def hooks_cut_result(
    result: ToolResult, grace: float | None, stalled: float | None = None
) -> ToolResult:
    """A tool's ``result`` whose PostToolUse hooks the worker's stop ended (stored as the
    call's result: the tool ran and is never run again); ``stalled``: its stall watch, after
    that many seconds without progress."""
    after = f" {grace:g} s after it was asked to stop" if grace is not None else ""
    by = f"the worker's shutdown{after}"
    if stalled is not None:
        by = f"the worker's stall watch (no progress for {stalled:g} s: --stall-after)"
    note = f"(its PostToolUse hooks were ended by {by}: none applied)"
    return replace(result, content=f"{result.content}\n\n{note}")


class StepCut(Exception):
    """The stop's grace ran out while a model call or hooks were in flight: they were
    cancelled and nothing of them stored (``what``: for the worker's log)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


class StepStop:
    """Whether, and from when, the step a session is in is ended: :meth:`after` (the worker
    stops) ends the one in flight ``grace`` seconds later; until then calls run as they
    would (:meth:`bounded`)."""

    def __init__(self) -> None:
        self._due = asyncio.Event()
        self._timer: asyncio.TimerHandle | None = None
        #: The grace :meth:`after` gave (None: no stop asked).
        self.grace: float | None = None
        #: What the grace cut (:class:`StepCut`'s ``what``; None: nothing).
        self.cut: str | None = None
        #: The seconds without progress after which the stall watch ended the step
        #: (:meth:`stall`; None: not stalled).
        self.stalled: float | None = None
        #: The end (``time.monotonic()``) of the own bound of each call in flight that has one.
        self._bounds: dict[asyncio.Future[Any], float] = {}

    @property
    def asked(self) -> bool:
        """Whether the worker was asked to stop (no tool call should start now)."""
        return self.grace is not None

    @property
    def within(self) -> float | None:
        """Until when (``time.monotonic()``) a call in flight runs within its own bound (the
        latest, when runs of the session call at once; None: no call in flight has one): a
        worker's stall watch does not count that time
        (:meth:`~coordinator.runtime.worker.Driver.watch`)."""
        return max(self._bounds.values(), default=None)

    @property
    def ended_by(self) -> EndedBy:
        """What ends (or ended) the step in flight: the stall watch or the stop."""
        return EndedBy.STALL if self.stalled is not None else EndedBy.STOP

    def after(self, grace: float) -> None:
        """End the step in flight ``grace`` seconds from now (once: a second ask keeps the
        first deadline); on the running event loop."""
        if self.grace is not None:
            return
        self.grace = grace
        self._timer = asyncio.get_running_loop().call_later(grace, self._due.set)

    def stall(self, limit: float) -> None:
        """End the step in flight at once: the session recorded no progress for ``limit``
        seconds past its calls' own bounds (a worker's stall watch). A stop already asked
        keeps its deadline and its words."""
        if self.grace is None:
            self.stalled = limit
            self.after(0)

    async def bounded(self, call: Awaitable[T], limit: float | None = None) -> T | None:
        """``call``'s result, or None when the stop's grace ran out first: the call is then
        cancelled and awaited (a Bash command's process group killed, its guard's undoing
        done; a hook's process killed) before None is returned; one that finished as it was
        cancelled gives its result. Cancelled itself, the call is cancelled too. ``limit``:
        the seconds the call may run by its own bounds (a Bash command's timeout, a model
        call's timeouts and retries; None: unbounded), told to the stall watch
        (:attr:`within`)."""
        task = asyncio.ensure_future(call)
        due = asyncio.ensure_future(self._due.wait())
        if limit is not None:
            self._bounds[task] = time.monotonic() + limit
        try:
            await asyncio.wait({task, due}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            due.cancel()
            self._bounds.pop(task, None)
        if not task.done():
            task.cancel()
            await asyncio.wait({task})
        if task.cancelled():
            return None
        return task.result()

    def hand_back(self, store: Store, cut: StepCut) -> NoReturn:
        """After ``cut``: the session handed back at the step boundary before it (the
        store's :class:`~coordinator.store.pg.HandedBack`, raised by its claim's check); a
        store with no claim to hand back leaves the session interrupted for a resume."""
        self.cut = cut.what
        store.check_claim()
        raise RunFailure(f"the worker's stop ended {cut.what}", resumable=True)
