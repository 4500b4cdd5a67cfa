"""Many independent requests at once: one session each, one shared limit on model calls.

``coord run --batch tasks.yaml --concurrency N [--workers W]``. The file is a YAML list
whose items are request strings or ``{request: ..., agent: ...}`` mappings. Every session
runs as its own asyncio task; :class:`LimitedProvider` keeps at most N model calls in flight
across all of them (tools and the store are not limited: they are local and quick).

One process drives its sessions on one core; sessions reaching a commit in the same loop
tick share it. :func:`run_in_workers` splits a batch across ``W`` forked worker processes
(``--workers``; by default one per core, at most two, for a batch of 400 sessions at once
or more: :func:`worker_count`) over the same store. Each worker shares its commits the same
way and writes in turns with the others (:mod:`coordinator.store.writelock`: a session
awaits its process's turn off the event loop instead of in SQLite's busy handler); session
locks are per process, so each session is driven by exactly one of them. The N model calls
in flight are shared out between the workers; items come back in the file's order.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from coordinator.clip import counted
from coordinator.errors import (
    EXIT_COMPLETE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NEEDS_REVIEW,
    EXIT_SIGINT,
    EXIT_SIGTERM,
    EXIT_USER_ERROR,
    EXIT_WAITING,
    UserError,
    below_bound,
    unknown_keys,
)
from coordinator.gcpace import serving_collections
from coordinator.providers.base import ModelRequest, ModelResponse, Provider
from coordinator.request_text import DEFAULT_MAX_REQUEST_BYTES, check_request
from coordinator.roster.registry import Registry
from coordinator.runtime.drive import (
    DriveSetup,
    Tracing,
    closing_provider,
    engine_for,
    extras_for,
    finally_close,
    open_drive_store,
    raise_terminated,
    sigterm_as_interrupt,
    sigterm_is_interrupt,
)
from coordinator.runtime.engine import Engine
from coordinator.runtime.options import SessionOptions
from coordinator.runtime.sigterm import Sigterm, Terminated
from coordinator.runtime.state import SessionResult
from coordinator.status import (
    SessionStatus,
    not_started,
    resume_hint,
    resume_words,
    stopped_json,
    wait_hint,
)
from coordinator.yamlfile import item_line, not_a_list, parse_yaml, read_text, shown

if TYPE_CHECKING:
    from coordinator.events import Observer
    from coordinator.providers.factory import ReadyProvider
    from coordinator.runtime.extras import SessionExtras
    from coordinator.store.db import Store
    from coordinator.store.writelock import WriteLock

#: The batch's exit code is its most severe item's, in this order: an item interrupted by
#: an outage (resumable later) below a failed one, above one that waits for a person.
SEVERITY = (
    EXIT_USER_ERROR,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_WAITING,
    EXIT_NEEDS_REVIEW,
    EXIT_COMPLETE,
)


@dataclass(frozen=True)
class BatchTask:
    """One request of a batch; ``agent`` skips routing. ``session_id``: the id its session
    is created with, given by :meth:`BatchDrive.run` before any process starts (so Ctrl-C
    names exactly the batch's sessions, whichever process created them); None: a new one."""

    request: str
    agent: str | None = None
    session_id: str | None = None


@dataclass(frozen=True)
class BatchItem:
    """A task and how its session ended (``error``: why it could not start, such as no
    agent fits, and ``hint``: what to do)."""

    index: int
    task: BatchTask
    result: SessionResult | None = None
    error: str | None = None
    #: The exit code of an item without a result (a user error, or its worker failed).
    error_code: int = EXIT_USER_ERROR
    hint: str | None = None
    #: The session an error interrupted (a 403/404, a rejected key: the error's
    #: ``session``, as ``coord run --json`` names it); None when none was started.
    session_id: str | None = None
    #: What to fix before resuming the session an error interrupted, as its error said it
    #: (``--json``'s ``fix``, as ``coord sessions --json`` and ``coord run --json`` have
    #: it: review136); None otherwise.
    fix: str | None = None
    #: The command that continues the session an error interrupted (the error's
    #: ``resume``, as a result's: scripts113); None when none was started.
    resume: list[str] | None = None
    #: The workspace files its session changed and the tool calls it had refused, as
    #: ``coord run --json`` gives them (:meth:`BatchDrive.with_changes`); None: not read.
    files: list[str] | None = None
    refused: list[dict[str, Any]] | None = None
    #: When its session ended, as ``coord run --json`` gives it (None: not ended, or not
    #: read).
    ended_at: float | None = None

    @property
    def exit_code(self) -> int:
        return self.result.exit_code if self.result is not None else self.error_code

    @property
    def status(self) -> str:
        """Its session's status; ``interrupted`` when an error stopped it (exit 4, as
        ``coord run`` says it); or (none started) its exit code's word: ``user_error`` (no
        agent fits it: nothing was run, exit 4) or ``failed`` (its worker failed)."""
        if self.result is not None:
            return self.result.status
        if self.session_id is not None:
            return SessionStatus.INTERRUPTED
        return not_started(self.error_code)

    def to_json(self) -> dict[str, Any]:
        """As ``--json`` lists it: the session's result, or the error as any ``--json``
        error is, with the agent the item named, the session it interrupted (null: none
        started) and what to fix before resuming it (``fix``), as ``coord run --json``
        names them."""
        if self.result is not None:
            body = self.result.to_json()
            body |= {"files": self.files or [], "refused": self.refused or []}
            body["ended_at"] = self.ended_at
        else:
            body = stopped_json(
                self.error or "", self.hint, self.exit_code, session=self.session_id,
                status=self.status, agent=self.task.agent, fix=self.fix,
            )  # fmt: skip
            if self.session_id is not None:  # interrupted: the command that continues it
                body["resume"] = self.resume
        return {"index": self.index, "request": self.task.request, **body}


#: The most items a batch file's mistakes list one by one (the rest are counted).
MISTAKES_LISTED = 10


def load_tasks(
    path: Path,
    limit: int = DEFAULT_MAX_REQUEST_BYTES,
    agent: str | None = None,
    registry: Registry | None = None,
) -> list[BatchTask]:
    """Read a batch file; UserError naming the file, and each item with its line, when it is
    malformed: an item that is no task, a request over ``limit`` bytes
    (``max_request_bytes``), an agent ``registry`` does not know. Every item's mistake is
    named at once, so one edit fixes them all. ``agent`` (``--agent``, already checked): the
    agent of every item that names none."""
    text = read_text(path, "batch file", lenient_text=True, flag="--batch", stdin=True)
    data = parse_yaml(text, path, "batch file", stdin=True)
    if not isinstance(data, list) or not data:
        raise not_a_list(
            f"{shown(path)}: a batch file is a non-empty YAML list of requests",
            data,
            '- "Add a health check" or - {request: "…", agent: NAME}',
        )
    tasks: list[BatchTask] = []
    mistakes: list[tuple[int, UserError]] = []
    for i, item in enumerate(data):
        try:
            tasks.append(_checked_task(item, i, agent, limit, registry))
        except UserError as exc:
            mistakes.append((i, exc))
    if mistakes:  # (their lines found only now: each look composes the file)
        raise _mistakes(path, text, mistakes)
    return tasks


def _checked_task(
    item: object, index: int, default: str | None, limit: int, registry: Registry | None
) -> BatchTask:
    """The task of item ``index``; UserError (not yet placed) for its mistake."""
    task = _task(item, default)
    where = f"item {index + 1}"
    if task is None:
        raise UserError(
            f"{where} must be a request string or {{request: TEXT, agent: NAME}}"
            f"{_why_not_a_task(item)}"
        )
    check_request(task.request, limit, where=where)
    if registry is not None and task.agent is not None and task.agent != default:
        try:
            registry.get(task.agent)
        except UserError as exc:
            raise UserError(f"{where}: {exc.message}", hint=exc.hint) from None
    return task


def _mistakes(path: Path, text: str, mistakes: list[tuple[int, UserError]]) -> UserError:
    """One error for the batch file's mistakes: one of them placed at its item's line, or
    (several) a line each under a heading, the first :data:`MISTAKES_LISTED` listed."""
    if len(mistakes) == 1:
        index, only = mistakes[0]
        return only.placed(_item_place(path, text, index))
    lines = [f"{shown(path)}: {len(mistakes)} items have mistakes (nothing was run):"]
    for index, exc in mistakes[:MISTAKES_LISTED]:
        aside = f" ({exc.hint[:1].lower()}{exc.hint[1:].rstrip('.')})" if exc.hint else ""
        lines.append(f"  {_item_place(path, text, index)}: {exc.message}{aside}")
    if len(mistakes) > MISTAKES_LISTED:
        lines.append(f"  … and {len(mistakes) - MISTAKES_LISTED} more")
    return UserError("\n".join(lines), hint="Fix them, then run the batch again.")


def _item_place(path: Path, text: str, index: int) -> str:
    """Where item ``index`` of the batch file ``path`` (which held ``text``) is, as an
    error names it: ``tasks.yaml:7`` (``tasks.yaml`` when its line cannot be told)."""
    line = item_line(text, index)
    return f"{shown(path)}:{line}" if line is not None else shown(path)


def with_session_ids(tasks: list[BatchTask]) -> list[BatchTask]:
    """The tasks, each with the id its session will have (a fresh one each)."""
    from dataclasses import replace

    from coordinator.store.db import new_session_id

    return [replace(task, session_id=new_session_id()) for task in tasks]


def _task(item: object, default: str | None = None) -> BatchTask | None:
    """The task a batch item names (``default``: the agent of one naming none); None when
    it is no request string or ``{request, agent}`` mapping."""
    if isinstance(item, str) and item.strip():
        return BatchTask(item.strip(), default)
    if isinstance(item, dict):
        request, agent = item.get("request"), item.get("agent")
        extra = set(item) - {"request", "agent"}
        if isinstance(request, str) and request.strip() and not extra:
            if agent is None or isinstance(agent, str):
                return BatchTask(request.strip(), agent or default)
    return None


#: The keys of a batch item given as a mapping.
_ITEM_KEYS = ("request", "agent")


def _why_not_a_task(item: object) -> str:
    """What is wrong with a batch item that is not a task (after a semicolon), or nothing."""
    if isinstance(item, str) or item is None:
        return "; this one is empty"
    if isinstance(item, list):  # `- [a, b]`: a request per item
        return "; this one is a list: give each request an item of its own"
    if not isinstance(item, dict):  # `- 5`, `- yes`, `- 2026-12-06`: quote it as text
        return f"; this one is {_kind(item)}, not text (quote it)"
    extra = sorted(str(key) for key in set(item) - set(_ITEM_KEYS))
    if extra:  # a misspelt key named with the one meant, as a cases file's is
        return f"; {unknown_keys(extra, _ITEM_KEYS)}"
    request = item.get("request")
    if request is None or (isinstance(request, str) and not request.strip()):
        return "; its request is missing or empty"
    if not isinstance(request, str):  # `request: 5`, a list: quote it as text
        return f"; its request must be text, not {_kind(request)} (quote it)"
    return "; its agent must be a name"


def _kind(value: object) -> str:
    """What YAML read ``value`` as, in words: a number, true or false, a list, a mapping,
    a date."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return "a date" if isinstance(value, date) else f"a {type(value).__name__} value"


class LimitedProvider:
    """A provider whose ``complete`` runs at most ``limit`` calls at once (``peak`` seen)."""

    def __init__(self, inner: Provider, limit: int):
        self.inner = inner
        self.name = inner.name
        self.limit = limit
        self._slots = asyncio.Semaphore(limit)
        self.in_flight = 0
        self.peak = 0

    async def complete(self, request: ModelRequest) -> ModelResponse:
        async with self._slots:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                return await self.inner.complete(request)
            finally:
                self.in_flight -= 1

    async def aclose(self) -> None:
        await self.inner.aclose()


async def run_batch(
    engine: Engine, tasks: list[BatchTask], *, options: SessionOptions | None = None
) -> list[BatchItem]:
    """Run every task as its own session, concurrently; items in the tasks' order."""
    return await run_share(engine, list(enumerate(tasks)), options=options)


Share = list[tuple[int, BatchTask]]


async def run_share(
    engine: Engine,
    share: Share,
    *,
    options: SessionOptions | None = None,
    turns: WriteLock | None = None,
) -> list[BatchItem]:
    """Run the numbered tasks of ``share`` as sessions, concurrently; items in its order.

    Sessions reaching a commit in the same loop tick share it (:meth:`Store.share_commits`).
    ``turns``: other worker processes write the same store, and this one writes in its
    turns only (:func:`write_turns`), so the write lock held across a tick is never waited
    for in SQLite's busy handler."""

    async def one(index: int, task: BatchTask) -> BatchItem:
        try:
            if turns is not None:
                await turns.turn()  # the session's first write comes next
            result = await engine.start(
                task.request, agent=task.agent, options=options, session_id=task.session_id
            )
        except UserError as exc:
            sid, fix = exc.fields.get("session"), exc.fields.get("fix")  # (interrupted one)
            again = exc.fields.get("resume")
            return BatchItem(
                index, task, error=exc.message, error_code=exc.exit_code, hint=exc.hint,
                session_id=None if sid is None else str(sid), fix=None if fix is None else str(fix),
                resume=[str(w) for w in again] if isinstance(again, list) else None,
            )  # fmt: skip
        return BatchItem(index, task, result)

    engine.store.share_commits(True)
    engine.store.take_turns(turns)
    try:
        with serving_collections():
            return list(await asyncio.gather(*(one(i, t) for i, t in share)))
    finally:
        engine.store.share_commits(False)
        engine.store.take_turns(None)


def write_turns(store: Store, workers: int) -> WriteLock | None:
    """The turns at writing ``store`` for one of ``workers`` processes: None for the only
    one, for a store that is not a file (PostgreSQL has its own locks) and where the
    system has no open-file-description locks."""
    from coordinator.store.writelock import WriteLock

    location = store.location()
    if workers <= 1 or not isinstance(location, Path) or not WriteLock.available():
        return None
    return WriteLock(location)


@contextmanager
def turns_while(store: Store, workers: int) -> Iterator[WriteLock | None]:
    """:func:`write_turns` for the duration of the block, then released and closed."""
    turns = write_turns(store, workers)
    try:
        yield turns
    finally:
        if turns is not None:
            turns.close()


@dataclass(frozen=True)
class ShareDone:
    """What one worker (or the only process) reports: its items and its peak of calls."""

    items: list[BatchItem]
    peak: int = 0


#: Runs a share of the batch to the end in this process, with this many calls in flight:
#: opens its own store and provider, drives the sessions, closes them.
ShareRunner = Callable[[Share, int], ShareDone]


#: From this many sessions at once (tasks and calls in flight both), a batch is CPU-bound
#: and runs on every core it may use by default (``bench/RESULTS.md``, issue 12).
LARGE_BATCH = 400
#: The default's cap: two processes taking turns at one store are what was measured.
DEFAULT_MAX_WORKERS = 2


def worker_count(tasks: int, concurrency: int, requested: int | None = None) -> int:
    """How many processes drive a batch: ``requested`` (``--workers``), else one per core
    this process may use (at most :data:`DEFAULT_MAX_WORKERS`) for a batch of at least
    :data:`LARGE_BATCH` sessions at once and one for a smaller one; never more than the
    tasks or the calls in flight (each worker needs one), and one where processes cannot
    be forked.

    Below that size the one process is not CPU-bound: a second would only add its start
    and the turns at writing the store (:mod:`coordinator.store.writelock`)."""
    if requested is not None and requested < 1:
        raise UserError(f"--workers: {below_bound(requested, 1)}")
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if requested is None:
        large = min(tasks, concurrency) >= LARGE_BATCH
        requested = min(usable_cores(), DEFAULT_MAX_WORKERS) if large else 1
    return max(1, min(requested, tasks, concurrency))


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the system tells)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def shares(tasks: list[BatchTask], workers: int) -> list[Share]:
    """Every ``workers``-th task to each worker (a batch's long and short items mix)."""
    numbered = list(enumerate(tasks))
    return [numbered[w::workers] for w in range(workers)]


def limits(concurrency: int, workers: int) -> list[int]:
    """The calls in flight shared out: they add up to ``concurrency``, each at least 1."""
    base, extra = divmod(concurrency, workers)
    return [base + (1 if w < extra else 0) for w in range(workers)]


def prepare(registry: Registry, tasks: list[BatchTask]) -> None:
    """Build what every worker would otherwise build on its own once, before they are
    forked: the SDK's modules (~1.5 s to import) and the routing index."""
    import coordinator.providers.anthropic  # noqa: F401  (the scripted provider's SDK too)
    import protocols.parse  # noqa: F401  (the report parser's patterns, compiled once)

    if any(t.agent is None for t in tasks):
        from coordinator.routing.lexical import serving_router

        serving_router(registry)


def run_in_workers(
    tasks: list[BatchTask], concurrency: int, workers: int, run: ShareRunner
) -> ShareDone:
    """Run the batch in this process (``workers`` 1) or split across forked workers; the
    items in the tasks' order, the peak the sum of the workers' peaks. A worker that dies
    leaves its items failed (their sessions are stored: ``coord resume`` continues them).

    Ctrl-C at a terminal reaches every process of its group; ``kill -INT PID`` and SIGTERM
    (``timeout``, CI, ``docker stop``; :class:`Terminated` under :func:`sigterm_as_interrupt`)
    only this one. This process passes either on to its workers (a worker takes a repeat
    as already noted), each worker stops its sessions, and this process waits for every
    worker before it raises."""
    if workers <= 1:
        return run(list(enumerate(tasks)), concurrency)
    fork = multiprocessing.get_context("fork")
    sys.stdout.flush()
    sys.stderr.flush()
    started: list[tuple[Share, BaseProcess, Connection]] = []
    ctrl_c = CtrlCHeld.here()
    try:
        with ctrl_c:
            for share, limit in zip(
                shares(tasks, workers), limits(concurrency, workers), strict=True
            ):
                if ctrl_c.pressed or ctrl_c.terminated:
                    break  # requests not started are not run
                mine, theirs = fork.Pipe(duplex=False)
                process = fork.Process(target=_worker, args=(theirs, run, share, limit, ctrl_c))
                process.start()
                theirs.close()
                started.append((share, process, mine))
        done = [_collect(*entry) for entry in started]
    except BaseException as stop:  # let the workers record their sessions (a fork failed)
        _stop_workers([(worker, conn) for _, worker, conn in started], stop)
        raise
    items = sorted((item for d in done for item in d.items), key=lambda item: item.index)
    return ShareDone(items, sum(d.peak for d in done))


def _stop_workers(started: list[tuple[BaseProcess, Connection]], stop: BaseException) -> None:
    """The batch was stopped (``stop``: Ctrl-C, SIGTERM, or an error such as a worker that
    could not be forked): the signal passed on to every worker first (SIGINT after a
    Ctrl-C, which a terminal sends to them too but ``kill -INT PID`` does not: a worker
    takes a second one as already noted, :class:`StopNoted`; SIGTERM otherwise), so none
    runs on while another is waited for, then each one waited for. Another SIGTERM or
    Ctrl-C meanwhile is only noted, so no worker is left running on its own, unjoined,
    after this process has gone."""
    ctrl_c = isinstance(stop, KeyboardInterrupt) and not isinstance(stop, Terminated)
    with _SigtermNoted(sigterm_is_interrupt(), _ctrl_c_raises()):
        for worker, _ in started:
            if not ctrl_c:
                worker.terminate()  # SIGTERM; nothing once it has ended
            elif worker.pid is not None and worker.exitcode is None:  # running, not reaped
                os.kill(worker.pid, signal.SIGINT)
        for worker, conn in started:
            _drain(conn)  # before the join: a report larger than the pipe waits for a reader
            worker.join()


def _ctrl_c_raises() -> bool:
    """True when SIGINT raises KeyboardInterrupt here now (Python's handler, main thread)."""
    main = threading.current_thread() is threading.main_thread()
    return main and signal.getsignal(signal.SIGINT) is signal.default_int_handler


class _SigtermNoted:
    """Within the block, a SIGTERM that would raise :class:`Terminated` is only noted, and
    so is a Ctrl-C (``ctrl_c``: where it would raise KeyboardInterrupt)."""

    def __init__(self, active: bool, ctrl_c: bool = False) -> None:
        self.active = active
        self.ctrl_c = ctrl_c

    def _note(self, signum: int, frame: object) -> None:
        pass

    def __enter__(self) -> _SigtermNoted:
        if self.active:
            signal.signal(signal.SIGTERM, self._note)
        if self.ctrl_c:
            signal.signal(signal.SIGINT, self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.signal(signal.SIGTERM, raise_terminated)
        if self.ctrl_c:
            signal.signal(signal.SIGINT, signal.default_int_handler)


class CtrlCHeld:
    """Ctrl-C (and SIGTERM) held back while the batch starts its workers, then raised.

    A SIGINT that arrives while ``os.fork`` runs its hooks (``os.register_at_fork``: the
    logging module's, for one) raises KeyboardInterrupt inside a hook, and Python reports it
    as "ignored" and goes on: the batch would go on without its parent knowing of the
    Ctrl-C. Inside the block a Ctrl-C is only noted (``pressed``); leaving the block raises
    it. A worker forked after it (the terminal's Ctrl-C never reached it) stops at once:
    :meth:`in_worker`. Where SIGINT is not Python's KeyboardInterrupt (ignored, another
    handler) or this is not the main thread, nothing changes. SIGTERM is held the same
    way (``terminated``) where it raises :class:`Terminated` (``term_active``)."""

    def __init__(self, active: bool, term_active: bool = False) -> None:
        self.active = active
        self.term_active = term_active
        self.pressed = False
        self.terminated = False

    @classmethod
    def here(cls) -> CtrlCHeld:
        return cls(_ctrl_c_raises(), sigterm_is_interrupt())

    def _note(self, signum: int, frame: object) -> None:
        self.pressed = True

    def _note_sigterm(self, signum: int, frame: object) -> None:
        self.terminated = True

    def __enter__(self) -> CtrlCHeld:
        if self.active:
            signal.signal(signal.SIGINT, self._note)
        if self.term_active:
            signal.signal(signal.SIGTERM, self._note_sigterm)
        return self

    def __exit__(self, *exc: object) -> None:
        self.in_worker()

    def came(self) -> KeyboardInterrupt | None:
        """The SIGTERM (:class:`Terminated`) or Ctrl-C noted so far, if any."""
        if self.term_active and self.terminated:
            return Terminated()
        return KeyboardInterrupt() if self.active and self.pressed else None

    def in_worker(self) -> None:
        """In a forked worker (and in the batch's process when the block ends): Ctrl-C
        raises KeyboardInterrupt again (SIGTERM :class:`Terminated`), and raises it now if
        it came before (to the parent before this fork, or here before this call)."""
        if self.term_active:
            signal.signal(signal.SIGTERM, raise_terminated)
        if self.active:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if self.term_active and self.terminated:
            raise Terminated
        if self.active and self.pressed:
            raise KeyboardInterrupt


T = TypeVar("T")
Handler = Callable[[int, FrameType | None], Any] | int | None


class StopNoted:
    """Ctrl-C and SIGTERM noted instead of raised (each where it would raise: ``ctrl_c``,
    ``term``): the first one is ``stop`` (KeyboardInterrupt, or :class:`Terminated`) and
    cancels the work :meth:`run` drives; a later one changes nothing.

    Python raises a signal's exception wherever the main thread is: inside the event loop
    between two tasks, in asyncio's own shutdown (the cancelling of the tasks left), or in
    a finaliser, where it is printed as "ignored" and lost, the batch going on as if no
    signal had come. Noted, it reaches the work only as a cancel, through the loop, and a
    repeat (the terminal's Ctrl-C and the one the batch passes on) stops nothing twice."""

    #: The one installed for the rest of this process (a batch's worker), if any.
    current: ClassVar[StopNoted | None] = None

    def __init__(self) -> None:
        self.stop: KeyboardInterrupt | None = None
        self._cancel: Callable[[], object] | None = None
        #: Told of the signal that cancels the work :meth:`run` drives (its engine's: the
        #: exit code the sessions it interrupts record, 130 or 143).
        self._seen: Sigterm | None = None

    @classmethod
    def install(cls, ctrl_c: bool, term: bool) -> StopNoted:
        """Note Ctrl-C (``ctrl_c``) and SIGTERM (``term``) from now on, in this process."""
        held = cls()
        if held.handle(ctrl_c, term):
            cls.current = held
        return held

    def handle(self, ctrl_c: bool, term: bool) -> dict[int, Handler]:
        """Note the signals asked for; the handlers they had."""
        wanted = [s for s, on in ((signal.SIGINT, ctrl_c), (signal.SIGTERM, term)) if on]
        return {signum: signal.signal(signum, self._note) for signum in wanted}

    def _note(self, signum: int, frame: FrameType | None) -> None:
        if self.stop is not None:
            return  # a repeat: the work is stopping already
        self.stop = Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
        if self._cancel is not None:
            if self._seen is not None:
                self._seen.note(signum)
            self._cancel()

    def run(self, work: Coroutine[Any, Any, T], seen: Sigterm | None = None) -> T:
        """``asyncio.run(work)``, cancelled at the first signal (told to ``seen``); then
        that signal's exception is raised (also when it came as the work ended, or before
        it began)."""

        async def main() -> T:
            task, loop = asyncio.current_task(), asyncio.get_running_loop()
            if task is None:  # (a coroutine asyncio runs is always a task's)
                raise RuntimeError("the work runs in no asyncio task")
            self._cancel, self._seen = lambda: _call_soon(loop, task.cancel), seen
            try:
                if self.stop is not None:
                    work.close()
                    raise asyncio.CancelledError
                return await work
            finally:  # the loop is about to close: a signal is only noted
                self._cancel, self._seen = None, None

        try:
            result = asyncio.run(main())
        except asyncio.CancelledError:
            if self.stop is None:
                raise
            raise self.stop from None
        if self.stop is not None:
            raise self.stop
        return result


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[[], object]) -> None:
    """``callback`` run by ``loop`` (woken up for it), unless it has closed meanwhile."""
    with suppress(RuntimeError):
        loop.call_soon_threadsafe(callback)


def run_until_stopped(work: Coroutine[Any, Any, T], seen: Sigterm | None = None) -> T:
    """Drive ``work`` in an event loop of its own (``asyncio.run``), Ctrl-C and SIGTERM
    taken as :class:`StopNoted` (this process's, or one set for the call and then undone):
    the first cancels it (told to ``seen``), and its exception is raised once the loop has
    closed."""
    held = StopNoted.current
    if held is not None:
        return held.run(work, seen)
    ctrl_c, term = _ctrl_c_raises(), sigterm_is_interrupt()
    if not (ctrl_c or term):
        return asyncio.run(work)
    held = StopNoted()
    previous = held.handle(ctrl_c, term)
    try:
        return held.run(work, seen)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _drain(conn: Connection) -> None:
    """Read and drop what a worker still has to send (its report, or what is left of it
    after a read the Ctrl-C broke off) up to the end of the pipe, then close it."""
    if conn.closed:
        return
    try:
        while os.read(conn.fileno(), 1 << 16):
            pass
    finally:
        conn.close()


def _worker(
    conn: Connection, run: ShareRunner, share: Share, limit: int, ctrl_c: CtrlCHeld
) -> None:
    """A worker process: run its share and send back what happened. From its start to its
    end, Ctrl-C and SIGTERM (each possibly twice: from the terminal and passed on by the
    batch) are taken once (:class:`StopNoted`): the first stops its sessions, a later one
    is only noted, so none breaks off the stopping or the report."""
    held = StopNoted.install(ctrl_c.active, ctrl_c.term_active)
    held.stop = ctrl_c.came() or held.stop  # to the batch before this fork, or here
    try:
        done = run(share, limit)
    except UserError as exc:
        done = _failed(share, str(exc), EXIT_USER_ERROR)
    except KeyboardInterrupt:
        done = _failed(share, "interrupted", EXIT_FAILED)
    except Exception as exc:  # reported in the batch's table, not lost with the process
        done = _failed(share, f"{type(exc).__name__}: {exc}", EXIT_FAILED)
    _report(conn, done)


def _report(conn: Connection, done: ShareDone) -> None:
    """Send a worker's report. Ctrl-C or SIGTERM meanwhile (a report larger than a pipe
    holds waits for the batch to read it) ends the worker quietly: the batch is stopping,
    reads the pipe only to drop what it holds, and its sessions had ended."""
    try:
        conn.send(done)
    except KeyboardInterrupt:
        pass
    finally:
        conn.close()


def _collect(
    share: Share, process: multiprocessing.process.BaseProcess, conn: Connection
) -> ShareDone:
    """A worker's report, or its share failed when it died without one. The pipe stays
    open when Ctrl-C breaks off the read: the worker may still be writing its report."""
    try:
        done: ShareDone = conn.recv()
    except EOFError:
        conn.close()
        process.join()
        why = f"its worker process ended (exit code {process.exitcode}) before reporting"
        return _failed(share, why, EXIT_FAILED)
    conn.close()
    process.join()
    return done


def _failed(share: Share, why: str, code: int) -> ShareDone:
    return ShareDone([BatchItem(i, task, error=why, error_code=code) for i, task in share])


def batch_exit_code(items: list[BatchItem]) -> int:
    """The most severe exit code among the items (:data:`SEVERITY`: user error > failed >
    interrupted > waiting > review)."""
    codes = {item.exit_code for item in items}
    return next((code for code in SEVERITY if code in codes), EXIT_COMPLETE)


@dataclass(frozen=True)
class BatchRun:
    """A batch driven here to the end: its items in the file's order, the peak of model
    calls in flight, the processes that drove it, and its exit code."""

    items: list[BatchItem]
    peak: int
    workers: int
    exit_code: int

    def to_json(self) -> dict[str, Any]:
        return {
            "exit_code": self.exit_code,
            "peak_in_flight": self.peak,
            "workers": self.workers,
            "items": [i.to_json() for i in self.items],
        }

    def next_steps(self) -> list[str]:
        """What the text view says under its table of each item a resume continues: its
        number, the question a person is asked (``#1 asks (q1): REQUIRED``) and the command
        that answers it, or what a wait for no answer needs and the command that continues
        it, as a single run's view says them (the ``--json`` item's ``hint``)."""
        from coordinator.store.calls import question_ref

        lines: list[str] = []
        for item in self.items:
            r, number = item.result, f"#{item.index + 1}"
            if r is None and item.session_id is not None and item.hint:  # what to fix first
                first, *rest = item.hint.splitlines()
                lines += [f"{number} {first}", *(f"   {line}" for line in rest)]
                continue
            hint = r and resume_hint(r.session_id, r.status, asking=r.asking, reach=r.reach)
            if r is None or hint is None:
                continue
            q = r.question
            if r.asking and q is not None:
                ref = "" if q.id is None else f" ({question_ref(q.id)})"
                lines += [f"{number} asks{ref}: {q.required or '?'}", f"   {hint}"]
                continue
            if q is not None and r.status == SessionStatus.WAITING:
                hint = wait_hint(q.reason, r.session_id, r.reach) or hint
            lines.append(f"{number} {hint}")
        return lines


@dataclass(frozen=True)
class BatchStopped:
    """Ctrl-C (or SIGTERM: ``terminated``) stopped a batch run here: the sessions of its
    requests left interrupted (``coord resume ID`` continues each); requests not yet
    started were not run."""

    sessions: list[str]
    terminated: bool = False
    #: The flags that name the sessions' store in the resume commands (``--db`` given).
    reach: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """130 after Ctrl-C, 143 after SIGTERM, as a shell expects."""
        return EXIT_SIGTERM if self.terminated else EXIT_SIGINT

    def lines(self) -> list[str]:
        """What the user is told, on stderr: how to continue each session."""
        how = "terminated (SIGTERM)" if self.terminated else "interrupted"
        if not self.sessions:  # none started yet, or every one started had ended
            return [f"{how}: no session of the batch was left interrupted"]
        return [
            f"{how} — {counted(len(self.sessions), 'session')} of the batch left interrupted;"
            " requests not started were not run",
            *(f"  resume with `{resume_words(sid, self.reach)}`" for sid in self.sessions),
        ]

    def to_json(self) -> dict[str, Any]:
        """What ``--json`` prints for it: as a single run's, with how to continue
        (``hint``), and every session left interrupted."""
        hint = (
            "Resume each with `coord resume ID`; requests not started were not run."
            if self.sessions
            else "No session of the batch was left interrupted; requests not started were not run."
        )
        return {
            "status": "interrupted",
            "exit_code": self.exit_code,
            "sessions": self.sessions,
            "hint": hint,
        }


@dataclass(frozen=True)
class Prepared:
    """What each process of a batch drives with, read and checked before the store is made:
    its provider's input and the sessions' hooks, skills and memory."""

    provider: ReadyProvider
    extras: SessionExtras


@dataclass(frozen=True)
class BatchDrive:
    """What every process of one ``coord run --batch`` runs with: the command's setup, the
    options each session remembers, its tracing (``otel``: the flag, which keeps the batch
    in one process) and the view each process shows its sessions' progress with."""

    setup: DriveSetup
    options: SessionOptions
    tracing: Tracing
    otel: bool = False
    view: Observer | None = None

    def run(self, tasks: list[BatchTask], workers: int | None) -> BatchRun | BatchStopped:
        """Run the batch's tasks (:func:`load_tasks`) in one or more processes
        (``--workers``); Ctrl-C or SIGTERM gives :class:`BatchStopped` with the sessions it
        left interrupted."""
        import time

        started = time.time()
        settings = self.setup.settings
        tasks = with_session_ids(tasks)
        concurrency = settings.concurrency
        count = 1 if self.otel else worker_count(len(tasks), concurrency, workers)
        # bad input (a malformed script, no key, no sandbox for --allow-bash's hooks) before
        # the store is made: it leaves nothing behind
        ready = Prepared(self.setup.choice.prepared(settings), extras_for(self.setup))
        if count > 1:
            open_drive_store(settings, self.setup.ws).close()  # made and migrated before the fork
            prepare(self.setup.registry, tasks)

        def run_share(share: Share, limit: int) -> ShareDone:
            return self.run_share(share, limit, ready, workers=count)

        try:
            with sigterm_as_interrupt():
                done = run_in_workers(tasks, concurrency, count, run_share)
        except KeyboardInterrupt as stop:
            sessions = self.interrupted_since(started, tasks)
            return BatchStopped(sessions, isinstance(stop, Terminated), self.setup.reach)
        return BatchRun(done.items, done.peak, count, batch_exit_code(done.items))

    def with_changes(self, done: BatchRun) -> BatchRun:
        """``done`` with each session's changed files and refused calls, read from the
        store, as ``coord run --json`` gives a session's (``--json``'s ``files`` and
        ``refused`` of each item: scripts113)."""
        from contextlib import closing
        from dataclasses import replace

        from coordinator.store.backends import open_store
        from coordinator.store.session_log import stored_outcome

        items: list[BatchItem] = []
        with closing(open_store(self.setup.settings, self.setup.ws)) as store:
            for item in done.items:
                if item.result is not None:
                    item = replace(item, **stored_outcome(store, item.result.session_id))
                items.append(item)
        return replace(done, items=items)

    def interrupted_since(self, started: float, tasks: list[BatchTask]) -> list[str]:
        """The sessions of these tasks (their ``session_id``: the ids this process gave
        them, which outlive any worker) created since ``started`` and now interrupted (a
        running one nobody drives is shown interrupted), oldest first. Another run's
        session with the same request text is not one of them; one whose stored options
        cannot be read (no resume could read them) is left out with a warning."""
        from contextlib import closing

        from coordinator.status import SessionStatus
        from coordinator.store import listing
        from coordinator.store.backends import open_store
        from coordinator.store.rows import SessionQuery

        ids = {task.session_id for task in tasks if task.session_id is not None}
        with closing(open_store(self.setup.settings, self.setup.ws)) as store:
            lines = listing.session_lines(
                store, SessionQuery(since=started), SessionStatus.INTERRUPTED
            )
        ours = [line for line in reversed(lines) if line.row.id in ids]
        return [line.row.id for line in listing.readable_lines(ours, listing.NOT_RESUMABLE)]

    def run_share(self, share: Share, limit: int, ready: Prepared, *, workers: int) -> ShareDone:
        """One process's part of the batch: its own provider (built from ``ready``), store
        and event loop (with more than one of ``workers``, the turns at writing the store
        shared with the others)."""
        from contextlib import AbstractContextManager, closing, nullcontext

        from coordinator.events import fan_out

        setup = self.setup
        tracer = self.tracing()
        # (a view that holds a line until the session's next event says it at the end)
        view = self.view if isinstance(self.view, AbstractContextManager) else nullcontext()
        with (
            closing(open_drive_store(setup.settings, setup.ws)) as store,
            finally_close(tracer),
            view,
        ):
            store.check_writable()  # a store's errors come first and fast, before the SDK loads
            if tracer is not None:
                tracer.describe_from(store)
            provider = LimitedProvider(ready.provider.build(), limit)
            first = share[0][0] == 0  # the worker with the first item tells of hooks and skills
            observer = fan_out(self.view, tracer)
            engine = engine_for(store, provider, observer, setup, ready.extras, notice=first)
            with turns_while(store, workers) as turns:
                work = run_share(engine, share, options=self.options, turns=turns)
                items = run_until_stopped(closing_provider(provider, work), engine.signals)
        return ShareDone(items, provider.peak)
