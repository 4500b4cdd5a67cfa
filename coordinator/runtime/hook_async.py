"""Claude Code's async command hooks (``"async": true``): run in the background, never block.

As Claude Code documents them: the hook starts when its event fires and the run goes on at
once, without its answer; it cannot block or decide anything (its exit code, ``decision``,
``permissionDecision`` and ``continue`` have no effect, since the action already went on).
When it has finished, a ``systemMessage`` or ``additionalContext`` in its JSON output is
given to the model on the next conversation turn: here, after the results of the run's
next tool calls (:meth:`Background.take`); a run that has ended gets nothing. Every firing
is its own process (no deduplication across firings); its ``timeout`` still applies.

Each async run is logged (a ``hook`` event) when it finishes; on a shared store whose
server ended its connection meanwhile (a restart), that write first waits for it, bounded,
through the store's one reconnect the session's drive shares
(:meth:`~coordinator.store.db.Store.rejoin`), so an outage loses no rewake. A session's end
does not leave them behind: :meth:`Background.settle` waits at most :data:`ASYNC_GRACE`
seconds for those still running, then kills each one's process group (logged as an error
saying so; that record, and one of a hook that finished and still waits for the server,
waits as bounded: a session ending during an outage loses no rewake and no hook's
outcome; one killed at once, below, is tried once), as does every engine call
that fired some without a drive (a detached start or resume, a request or answer refused
by a hook: ``Engine._settling``); a driver or such a
call stopped by an error or a signal kills them at once (:meth:`Background.kill`; ``coord
run`` takes SIGTERM as Ctrl-C: :func:`coordinator.runtime.drive.sigterm_as_ctrl_c`). Output
kept for a run's next turn lives in this process only: a crash loses it, and a resume fires
no async hook again. An ``asyncRewake`` hook is an async hook whose exit 2 wakes its run:
its stderr is stored (a ``hook_rewake`` event, with its ``hook`` event) and given to that
run's next model call (:meth:`coordinator.runtime.hook_gate.HookGate.rewakes`), so a crash
in between neither loses nor repeats it; one for a run that has ended stays pending until
``coord resume`` wakes the finished session
(:meth:`coordinator.runtime.engine.Engine._wake`). A worktree run's end waits for those
fired in it (:meth:`Background.settle_run`). A ``kill -9`` of coord kills them too (each
hook's group watches a pipe coord holds: :class:`coordinator.runtime.hook_run.Lifeline`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from coordinator.clip import counted
from coordinator.runtime.hook_run import BLOCK_EXIT, HookEnv, HookRun, Outcome, run_hook
from coordinator.runtime.hooks import OBSERVERS, Hook, HookEvent

JSON = dict[str, Any]
log = logging.getLogger(__name__)
#: Seconds a session's end waits for its async hooks before killing them.
ASYNC_GRACE = 10.0
ENDED = "killed: the session ended before this async hook finished"
#: Why an async hook fired in a worktree run was killed at that run's end.
RUN_ENDED = "killed: its worktree run ended (merged back or kept) before this async hook finished"


@dataclass(frozen=True)
class Fired:
    """Where async hooks were fired: whose run gets their output, and their log line's."""

    session_id: str
    run_id: int | None
    agent: str
    event: HookEvent
    target: str | None
    #: The tool call the hooks were fired on ("": none), as their ``hook`` events say.
    tool_use_id: str = ""


def output_of(run: HookRun) -> list[str]:
    """What a finished async hook gives the model: its JSON ``systemMessage`` and
    ``additionalContext`` (nothing else it said has any effect)."""
    data = run.data or {}
    specific = data.get("hookSpecificOutput")
    context = specific.get("additionalContext") if isinstance(specific, dict) else None
    found = [data.get("systemMessage"), context]
    return [text.strip() for text in found if isinstance(text, str) and text.strip()]


def rewake_text(run: HookRun) -> str:
    """What an ``asyncRewake`` hook that exited 2 tells the agent: its stderr (else its
    stdout, else a line saying it exited 2)."""
    return run.stderr.strip() or run.stdout.strip() or "an asyncRewake hook exited with code 2"


#: Records a rewake: the fired hook, its run and the text for the agent.
Wake = Callable[[Fired, HookRun, str], None]
#: What a finished hook's write waits for first: a shared store's server, when it ended the
#: store's connection (its reconnect to await, shared with the session's drive), else None.
Writable = Callable[[], Awaitable[None] | None]


class Background:
    """The async hooks of one engine still running, and the output of those that
    finished, kept for the run they were fired in. ``log`` records a finished run;
    ``wake`` (None: logged as any other) one of an ``asyncRewake`` hook that exited 2;
    ``writable`` (None: nothing) is awaited before either, so a finished run's record
    waits for a shared store's server instead of being lost to its outage."""

    def __init__(
        self,
        log: Callable[[Fired, HookRun], None],
        wake: Wake | None = None,
        writable: Writable | None = None,
    ):
        self._log = log
        self._wake = wake
        self._writable = writable
        self._running: dict[asyncio.Task[None], Fired] = {}
        #: Why a task was cancelled, when not for the session's end (:data:`ENDED`).
        self._why: dict[asyncio.Task[None], str] = {}
        #: The tasks whose hook finished and whose record waits for the store's server.
        self._writing: set[asyncio.Task[None]] = set()
        self._ready: dict[tuple[str, int], list[tuple[HookEvent, str]]] = {}
        #: The runs some of whose ready output is a confined hook's (an agent could have
        #: written it): the model is not told it is the user's.
        self._workspace: set[tuple[str, int]] = set()

    def start(self, hooks: list[Hook], data: JSON, env: HookEnv, fired: Fired) -> None:
        """Start each of ``hooks`` in the background (they are not awaited)."""
        for hook in hooks:
            task = asyncio.get_running_loop().create_task(self._one(hook, data, env, fired))
            self._running[task] = fired
            task.add_done_callback(self._running.pop)

    async def _one(self, hook: Hook, data: JSON, env: HookEnv, fired: Fired) -> None:
        """Run one async hook; keep its output for its run, then log it (killed: logged so)."""
        task = asyncio.current_task()
        try:
            run = await run_hook(hook, data, env)
        except asyncio.CancelledError:
            why = self._why.pop(task, None) if task is not None else None
            killed = HookRun(hook, Outcome.ERROR, stderr=why or ENDED)
            if why is None:  # killed at once (:meth:`kill`): one attempt
                self._record(fired, killed)
            else:  # killed at the grace: its record waits for the server as any other
                await self._logged(task, fired, killed, None)
            raise
        heard = fired.event not in OBSERVERS  # (an observer's answer is ignored)
        woke = heard and hook.rewake and run.exit_code == BLOCK_EXIT and fired.run_id is not None
        if run.outcome == Outcome.BLOCKED:  # it blocked nothing: the action went on
            run = replace(run, outcome=Outcome.OK)
        texts = output_of(run) if run.outcome == Outcome.OK and heard else []
        if texts and fired.run_id is not None:
            key = (fired.session_id, fired.run_id)
            self._ready.setdefault(key, []).extend((fired.event, text) for text in texts)
            if hook.confined:
                self._workspace.add(key)
        await self._logged(task, fired, run, rewake_text(run) if woke else None)

    async def _logged(
        self, task: asyncio.Task[Any] | None, fired: Fired, run: HookRun, wake: str | None
    ) -> None:
        """Record ``run`` (:meth:`_record`) once a shared store's server is back (bounded);
        ``task`` is counted among those whose record waits meanwhile."""
        if task is not None:
            self._writing.add(task)
        try:
            await self._server_back()
        finally:  # (cancelled while waiting: one attempt, as for any record)
            self._writing.discard(task)
            self._record(fired, run, wake if self._wake is not None else None)

    async def _server_back(self) -> None:
        """Wait (bounded) for a shared store's server before a record; its failure is the
        record's own to report (:meth:`_record` tries once and says what was lost)."""
        wait = self._writable() if self._writable is not None else None
        if wait is None:
            return
        try:
            await wait
        except Exception as exc:
            log.debug("async hook's wait for the store ended: %s", exc)

    def _record(self, fired: Fired, run: HookRun, wake: str | None = None) -> None:
        """Log ``run`` (with the rewake ``wake``, if any; best effort: nobody awaits a
        background hook to hear of a failed write, and a process shutting down may have
        closed its store)."""
        try:
            if wake is not None and self._wake is not None:
                self._wake(fired, run, wake)
            else:
                self._log(fired, run)
        except Exception as exc:
            log.warning("async hook run not logged (%s): %s", run.hook.label(), exc)

    def take(self, session_id: str, run_id: int) -> tuple[list[tuple[HookEvent, str]], bool]:
        """The output of the async hooks fired in ``run_id`` that finished since the last
        call (each given once), with the event each was fired at; and whether a confined
        hook (one an agent could have written) said some of it."""
        key = (session_id, run_id)
        said = key in self._workspace
        self._workspace.discard(key)
        return self._ready.pop(key, []), said

    def running(self, session_id: str) -> list[asyncio.Task[None]]:
        """The async hooks of ``session_id`` still running."""
        return [task for task, fired in self._running.items() if fired.session_id == session_id]

    async def settle_run(self, session_id: str, run_id: int) -> int:
        """At the end of a worktree run, before its worktree is merged back and removed:
        wait up to :data:`ASYNC_GRACE` seconds for the async hooks fired in it (they run
        in the worktree, and what they write there is part of the run's work), then kill
        those still running (logged with :data:`RUN_ENDED`): none runs on in a folder
        that is gone. Their output for the run's next turn stays until the session's end
        (the run has none). How many were killed."""
        tasks = [
            t for t, f in self._running.items() if (f.session_id, f.run_id) == (session_id, run_id)
        ]
        if not tasks:
            return 0
        _, late = await asyncio.wait(tasks, timeout=ASYNC_GRACE)
        return await self._end_late(session_id, late, RUN_ENDED)

    async def settle(self, session_id: str, grace: float | None = None) -> None:
        """At a session's end: wait up to ``grace`` seconds (:data:`ASYNC_GRACE`) for its
        async hooks, then kill those still running (:meth:`_end_late`: a finished one's
        record waiting for the store's server goes on waiting); their undelivered output
        is dropped. Cancelled meanwhile (a second Ctrl-C or SIGTERM, a cancelled ``coord
        mcp`` call), it kills them at once (:meth:`kill`): none outlives it."""
        tasks = self.running(session_id)
        if tasks:
            wait = ASYNC_GRACE if grace is None else grace
            try:
                _, late = await asyncio.wait(tasks, timeout=wait)
                await self._end_late(session_id, late)
            except BaseException:
                self.kill(session_id)
                raise
        self._drop(session_id)

    async def _end_late(
        self, session_id: str, late: set[asyncio.Task[None]], why: str | None = None
    ) -> int:
        """After the grace: kill the hooks of ``late`` still running (their record says
        ``why``; None: :data:`ENDED`), and let every record be written, the killed ones'
        and those of the hooks that finished: each waits for a shared store's server,
        bounded by its reconnect (:meth:`~coordinator.store.db.Store.rejoin`), so a
        session ending during a database outage loses no hook's outcome (a rewake) to
        the grace. How many were killed."""
        writing = late & self._writing
        running = late - writing
        for task in running:
            self._why[task] = why or ENDED  # (its record waits for the server: _logged)
            task.cancel()
        if writing:
            log.warning(
                "%s: %s that finished %s for the database to log %s",
                session_id,
                counted(len(writing), "async hook run"),
                *(("waits", "it") if len(writing) == 1 else ("wait", "them")),
            )
        await asyncio.gather(*running, *writing, return_exceptions=True)
        return len(running)

    def kill(self, session_id: str) -> None:
        """Cancel ``session_id``'s async hooks at once (their process groups are killed
        as each task ends), and drop their output."""
        for task in self.running(session_id):
            task.cancel()
        self._drop(session_id)

    def _drop(self, session_id: str) -> None:
        """Forget the undelivered output of ``session_id``'s runs."""
        for key in [k for k in self._ready if k[0] == session_id]:
            del self._ready[key]
            self._workspace.discard(key)
