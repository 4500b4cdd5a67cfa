"""Workers: drive the sessions of a shared PostgreSQL store (``coord worker``).

The engine is Procrastinate (:mod:`coordinator.store.pgqueue`): a session is one job "drive
session S" with a per-session job lock; a worker wakes on LISTEN/NOTIFY when a job is
deferred, fetches only jobs whose workspace is under its roots, and heartbeats. Running a job
claims the session in the coordinator's lease table (its epoch bumped, this connection its
holder) and drives it with :meth:`Engine.resume` (today's resume, unchanged). A sweep on
every worker hands on the jobs of dead workers: at once when the driving connection is gone
(a killed worker), after ``lease`` seconds without a heartbeat otherwise (Procrastinate's
stalled-job API: a paused worker), and queues again a session left waiting with no job
(each attempt of its job refused before a claim: :func:`_requeue_unclaimed`, after a wait
doubling per such failure). A worker that comes back after its session was taken
over is fenced by the epoch at its next write (:class:`~coordinator.store.pg.Fenced`) and
stops driving it quietly. A live worker whose claim check failed while no other worker took
the session (the epoch, read on a fresh connection, is still its own: its driving connection
alone was lost, or the check was refused on a live one) queues the session again before its
job ends, so it is driven again. A stopping worker (SIGTERM, Ctrl-C) hands each session it
drives back to the queue at its next step boundary, before a model call or a tool starts
(:class:`~coordinator.store.pg.HandedBack`): another worker goes on from there at once (a
model call, hook or tool call in flight is ended after ``stop_grace``:
:mod:`~coordinator.runtime.stopping`); a second signal exits at once
(:func:`stop_on_signals`); stopped while the database is unreachable, it exits once no
session is driven, leaving its jobs to the others' sweep (:func:`_until_stopped`). Log
lines, the libraries' warnings among them
(:func:`~coordinator.runtime.outage.watching_the_logs`), carry their UTC time unless stderr
is the journal (:func:`stamped`). The lease names the worker driving a session
(``coord sessions``: ``running on NAME``).
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coordinator.clip import counted
from coordinator.errors import EXIT_FAILED, UserError
from coordinator.providers.base import ProviderKind
from coordinator.providers.pool import ProviderPool
from coordinator.runtime.options import SessionOptions
from coordinator.runtime.outage import Outage, watching_the_logs
from coordinator.runtime.stopping import STALL, STOP_GRACE, StepStop
from coordinator.status import FINISHED, SessionStatus
from coordinator.store.db import SessionRow
from coordinator.store.faults import StoreError, StoreFault
from coordinator.store.pg import LEASE, Claim, Fenced, HandedBack, PgStore, RolledBack
from coordinator.store.rows import LeaseState

if TYPE_CHECKING:
    from procrastinate.worker import Worker

    from coordinator.config import Settings
    from coordinator.events import Event, Observer
    from coordinator.roster.registry import Registry
    from coordinator.roster.spec import AgentSpec
    from coordinator.runtime.drive import Recorder, Tracing
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.state import SessionResult
    from coordinator.store.pgqueue import Requeued, SessionJobs

Log = Callable[[str], None]
T = TypeVar("T")

#: ``coord worker``'s exit code when another worker pruned it as stalled: it was presumed
#: dead (no heartbeat for ``--lease`` seconds: paused, suspended, starved) and its sessions
#: were handed on; restart it.
EXIT_PRESUMED_DEAD = 5
#: ``coord worker --import-limit``'s default: seconds its imports of the SDK and the engine
#: at start may take before it stops, exit 1 (review142: a hung import left it listening,
#: fetching nothing, listed alive, for ever); 5-60 s were measured on a loaded machine.
IMPORT_LIMIT = 600.0

#: How often a session's job is attempted in all, and the seconds between two attempts,
#: when it ends on a :class:`StoreError` (the database unreachable, a claim it refused).
JOB_RETRIES = 5
JOB_RETRY_WAIT = 1
#: How often a worker drives a session in one job in all when the server rolled a step's
#: transaction back (a deadlock, a serialization failure: :class:`RolledBack`, nothing of it
#: kept): each time again from its last committed step, as the next job would (ops112;
#: before, the lease ended failed and the session waited for `coord resume`).
ROLLED_BACK_DRIVES = 3
#: Seconds between two looks of a worker's sweep for queued sessions left with no job
#: (their every attempt failed before a claim: :func:`_requeue_unclaimed`).
UNCLAIMED_EVERY = 1.0


@dataclass(frozen=True)
class WorkerConfig:
    """What one worker process serves and how it keeps time.

    ``lease``: seconds without a heartbeat after which another worker takes this one's
    sessions over (keep it well above ``heartbeat``). ``sweep``: how often this worker looks
    for jobs of dead workers. ``poll``: the fallback fetch interval (LISTEN/NOTIFY wakes the
    worker when a job is deferred). ``drain``: exit once no session under the roots is
    queued or being driven. ``stop_grace``: seconds a model call, hook or tool call in
    flight when the worker is asked to stop is let run before it is ended
    (:mod:`~coordinator.runtime.stopping`). ``stall``: seconds a session it drives may go
    without recorded progress (a write to the store) before this worker gives it up and
    hands it back to the queue (:meth:`Driver.watch`; 0: never). ``import_limit``: seconds
    its imports at start may take before it stops (:func:`warming_up`; 0: never).
    """

    url: str
    roots: tuple[Path, ...]
    concurrency: int = 1
    lease: float = LEASE
    heartbeat: float = 1.0
    sweep: float = 0.25
    poll: float = 5.0
    drain: bool = False
    stop_grace: float = STOP_GRACE
    stall: float = STALL
    import_limit: float = IMPORT_LIMIT
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    )


@dataclass(frozen=True)
class WorkerEnd:
    """How a worker stopped: how many sessions it drove to an end, and whether it stopped
    because another worker had pruned it as stalled (presumed dead)."""

    ended: int
    presumed_dead: bool = False
    #: Why it could not import what it drives sessions with (:func:`warming_up`), if so.
    broken: str | None = None

    @property
    def exit_code(self) -> int:
        """0 after a stop or a drain; :data:`EXIT_PRESUMED_DEAD` when it was pruned;
        ``EXIT_FAILED`` when it could not import what it drives sessions with."""
        if self.broken is not None:
            return EXIT_FAILED
        return EXIT_PRESUMED_DEAD if self.presumed_dead else 0

    def message(self) -> str:
        """The line ``coord worker`` ends with."""
        line = f"worker stopped after {counted(self.ended, 'session')}"
        if self.broken is not None:
            return (
                f"{line}: it cannot import what it drives sessions with ({self.broken});"
                f" its sessions stay queued for another worker: exit code {EXIT_FAILED},"
                " repair this installation"
            )
        if self.presumed_dead:
            line += (
                "; it was presumed dead (another worker pruned it as stalled, its sessions"
                f" were taken over): exit code {EXIT_PRESUMED_DEAD}, restart it"
            )
        return line


def log_line(line: str) -> None:
    """One line of the worker's log on stderr, text only (an error or a note it names may
    hold an escape sequence an agent wrote), after its time (:func:`stamped`)."""
    from coordinator.sanitize import printable, scrub_diagnostic

    sys.stderr.write(stamped(printable(scrub_diagnostic(line))) + "\n")
    sys.stderr.flush()


def stamped(line: str) -> str:
    """``line`` after the UTC time, to the second (``2026-12-05T19:04:26Z ended ...``),
    unless stderr is the journal: journald stamps each line itself, and a systemd service's
    ``JOURNAL_STREAM`` names the device and inode of the stream it connected (compared with
    stderr's own, as systemd advises: a child whose stderr was redirected elsewhere inherits
    the variable, and its lines would go unstamped)."""
    if _to_the_journal():
        return line
    return f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {line}"


def _to_the_journal() -> bool:
    """Whether stderr is the stream ``JOURNAL_STREAM`` names (``DEVICE:INODE``)."""
    stream = os.environ.get("JOURNAL_STREAM")
    if not stream:
        return False
    try:
        st = os.fstat(sys.stderr.fileno())
    except (OSError, ValueError):  # no file behind it (io.UnsupportedOperation is both)
        return False
    return stream == f"{st.st_dev}:{st.st_ino}"


class Stores:
    """One store connection per concurrent job (a claim belongs to one connection)."""

    def __init__(self, cfg: WorkerConfig):
        self._cfg = cfg
        self._free: asyncio.Queue[PgStore] = asyncio.Queue()
        self._all: list[PgStore] = []
        for _ in range(cfg.concurrency):
            self._put_new()

    def _put_new(self) -> None:
        store = PgStore.connect(self._cfg.url, idle_limit=self._cfg.lease)
        self._all.append(store)
        self._free.put_nowait(store)

    async def get(self) -> PgStore:
        """A free store; one the server ended (a restart, idle in a transaction while
        paused) is opened again. A StoreError when the server refuses that (too many
        clients, a failover under way, a lock or the connection lost while the schema is
        read): the job is tried again (:data:`JOB_RETRIES`), and the slot keeps its store,
        opened again at the next try."""
        store = await self._free.get()
        if not store.broken:
            return store
        try:
            fresh = PgStore.connect(self._cfg.url, idle_limit=self._cfg.lease)
        except BaseException as exc:
            self._free.put_nowait(store)
            if isinstance(exc, UserError):
                raise StoreError(StoreFault.IO, store.where, exc.message) from None
            raise
        store.close()
        self._all[self._all.index(store)] = fresh
        return fresh

    def put(self, store: PgStore) -> None:
        self._free.put_nowait(store)

    def check_rights(self) -> None:
        """StoreError when this worker's role may not write what a worker writes."""
        self._all[0].check_worker_rights()

    def close(self) -> None:
        for store in self._all:
            store.close()


@dataclass
class Driver:
    """The task "drive session S" of one worker process. ``ready`` is set once the worker
    said it is ready: a job fetched before (one queued before the worker started) waits
    for it, so a script reading the log sees ``ready`` before any session's line."""

    cfg: WorkerConfig
    stores: Stores
    log: Log
    providers: ProviderPool = field(default_factory=ProviderPool)
    ended: int = 0
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    #: The stores of the sessions this worker has claimed and not yet let go, with the
    #: bound on their tool calls once it stops.
    driving: dict[PgStore, StepStop] = field(default_factory=dict)
    #: Set by :meth:`hand_back`: a session claimed from now on is handed back at once.
    stopping: bool = False
    #: Done once the SDK and the engine are imported (:func:`warming_up`, in a thread of
    #: its own while the worker listens): a job waits for it before it imports them here,
    #: which would hold the event loop (its heartbeat) for as long. None: not started.
    warm: asyncio.Future[None] | None = None
    #: The trace recorder of the sessions it drives (``--otel``; None: tracing is off).
    tracer: Recorder | None = None

    @property
    def busy(self) -> int:
        """How many sessions this worker drives now (a stop waits for them)."""
        return len(self.driving)

    def hand_back(self) -> None:
        """The worker stops: each session being driven is handed back to the queue at its
        next step boundary (a model call, hook or tool call in flight is ended after
        ``cfg.stop_grace`` seconds), and so is one claimed from now on
        (a job fetched before the stop)."""
        self.stopping = True
        for store, step in self.driving.items():
            store.handing_back = True
            step.after(self.cfg.stop_grace)

    async def run_job(self, session_id: str, workspace: str) -> None:
        """Claim the session, drive it to its next stop (or hand it back at a step boundary
        when the worker stops), release the claim."""
        await self.ready.wait()
        if self.warm is not None:
            try:
                await asyncio.shield(self.warm)  # (a job's cancel leaves it for the others)
            except Exception as exc:  # never claimed here: tried again by another worker
                raise NotWarm(f"not driving {session_id}: {exc}") from exc
        try:
            store = await self.stores.get()
        except StoreError as exc:  # its connection could not be opened again: retried
            self.log(
                f"not driving {session_id} yet: {exc.message}; its job is tried again in"
                f" {JOB_RETRY_WAIT} s ({JOB_RETRIES} attempts in all)"
            )
            raise
        try:
            refused = foreign_workspace(store, session_id, workspace, self.cfg.roots)
            if refused is not None:
                self.log(f"refused {session_id}: {refused}")
                store.refuse_queued(session_id, refused)
                return
            claim = store.claim_session(session_id, self.cfg.worker_id)
            if claim is None:
                self.log(f"skipped {session_id}: not queued in {workspace}")
                return
            # (its jobs, counted: each queueing of the session is one, not a failure)
            job = f"the session's job {claim.attempts}"
            self.log(f"claimed {session_id} epoch {claim.epoch} ({job})")
            step = self.driving[store] = StepStop()
            store.handing_back = self.stopping
            if self.stopping:
                step.after(self.cfg.stop_grace)
            watch = asyncio.create_task(self.watch(store, step, session_id))
            try:
                ended = await drive_claimed(
                    store, self.log, self.providers, step, tracer=self.tracer
                )
                self.ended += ended  # after the await: jobs run concurrently
            finally:
                watch.cancel()
                del self.driving[store]
                store.handing_back = False
        finally:
            if store.claim is not None:  # a bug escaped drive_claimed: say so in the lease
                store.release_claim(LeaseState.FAILED, "the worker's job raised")
            self.stores.put(store)

    async def watch(self, store: PgStore, step: StepStop, session_id: str) -> None:
        """Give up a session whose chain recorded no progress (``store.progressed_at``: no
        write) for ``cfg.stall`` seconds, counted from the end of the bound of the call in
        flight when that is later (:attr:`StepStop.within`: a Bash command within its own
        timeout, however long, is not stalled): a provider call or tool that never
        returns, past every timeout, while this worker's event loop and heartbeat go on
        (no sweep would ever hand it on). As for a stopping worker, the step in flight is
        ended at once and the session handed back to the queue at that step boundary (a new
        job, any worker's; a late write of the step ended is fenced by the next claim's
        epoch)."""
        limit = self.cfg.stall
        if limit <= 0:
            return
        while True:  # (a deadline moved by each write: a timer, not an event to wait on)
            since = max(store.progressed_at, step.within or 0.0)  # (a call within its bound)
            left = since + limit - time.monotonic()
            if left <= 0:
                break
            await asyncio.sleep(left)
        self.log(
            f"stalled {session_id}: no progress recorded for {limit:g} s (--stall-after);"
            " ending its step in flight and handing it back to the queue"
        )
        store.handing_back = True
        step.stall(limit)


def foreign_workspace(
    store: PgStore, session_id: str, workspace: str, roots: tuple[Path, ...]
) -> str | None:
    """Why this worker must not drive the session its job names (None: it may): the
    session's workspace is not the one its job was queued with (the fetch chose the job by
    that one), or, resolved (``..``, links), it is not under any of the worker's roots.
    Anyone who can write the shared store can write both, and the fetch compares text."""
    stored = store.session_workspace(session_id)
    if stored is None:
        return None  # no such session: the claim finds nothing to drive
    if stored != workspace:
        return f"its workspace {stored} is not the one its job was queued with ({workspace})"
    try:
        where = Path(stored).resolve() if Path(stored).is_absolute() else None
    except (OSError, RuntimeError, ValueError):
        where = None
    if where is None or not any(where.is_relative_to(r.resolve()) for r in roots):
        shown = where if where is not None else "no folder"
        return (
            f"its workspace {stored} ({shown} once resolved) is not under this worker's"
            f" --workspace-root {', '.join(str(r) for r in roots)}"
        )
    return None


async def serve(
    cfg: WorkerConfig, stop: asyncio.Event, log: Log = log_line, tracing: Tracing | None = None
) -> WorkerEnd:
    """Run a Procrastinate worker of ``cfg.concurrency`` jobs and the sweep until ``stop``
    (or drained, or presumed dead); how many sessions this worker drove to an end and
    whether another worker pruned it. ``tracing`` starts the trace recorder of the sessions
    it drives (``coord worker --otel``, as ``coord run --otel``; None: none), closed when
    it stops."""
    if not cfg.roots:
        raise UserError("a worker needs at least one --workspace-root DIR")
    from procrastinate import App, RetryStrategy

    from coordinator.store import pgqueue, pgworkers

    tracer = tracing() if tracing is not None else None
    stores = Stores(cfg)  # connects and migrates: our schema and Procrastinate's
    driver = Driver(cfg, stores, log, tracer=tracer)  # its providers live as long as it
    try:
        stores.check_rights()  # a read-only role: one line before "ready", exit 4
        driver.warm = warming_up(stop, log, cfg.import_limit)  # `ready` once listening: a job waits
        app = App(connector=queue_connector(cfg))
        jobs = pgqueue.SessionJobs(app.connector, cfg.roots)
        jobs.fetch_after(driver.warm, stop)  # a warm worker takes what is queued meanwhile
        app.job_manager = jobs
        retry = RetryStrategy(
            max_attempts=JOB_RETRIES, wait=JOB_RETRY_WAIT, retry_exceptions={StoreError, NotWarm}
        )
        task = app.task(name=pgworkers.TASK, queue=pgqueue.QUEUE, retry=retry)
        task(driver.run_job)  # a claim the database refused now is tried again in 1 s
        with watching_the_logs(log) as outage:
            async with app.open_async():
                pruned = await _run_worker(app, jobs, driver, stop, outage)
    finally:
        try:  # after the sessions being driven are done (also when presumed dead)
            await driver.providers.aclose()
        finally:
            stores.close()
            if tracer is not None:
                tracer.close()  # (what is still open ends, all of it exported)
    return WorkerEnd(driver.ended, pruned, warm_failure(driver.warm))


def stop_on_signals(stop: asyncio.Event, log: Log = log_line) -> None:
    """SIGTERM and SIGINT (Ctrl-C) on the running loop: the first sets ``stop`` (the worker
    takes no new session and hands back those it drives at their next step); a second one
    exits at once with 128 + its number, as a process the signal killed (its unsandboxed
    commands' process groups killed first, as at any exit): this process's connections end
    with it, so its claims go with them and another worker's sweep takes
    its sessions over at once, each fenced by its epoch (a model call in flight is lost)."""
    import signal

    from coordinator.tools.shell import kill_live_groups

    seen: list[int] = []

    def on_signal(signum: int) -> None:
        if not seen:
            seen.append(signum)
            stop.set()
            return
        name = signal.Signals(signum).name
        try:  # (a log whose reader is gone, `| tee` ended by the same Ctrl-C, raises)
            log(f"{name} again: exiting at once; another worker takes the sessions over")
        finally:
            kill_live_groups()  # (os._exit runs no exit handler)
            os._exit(128 + signum)

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)


def queue_connector(cfg: WorkerConfig) -> Any:
    """Procrastinate's connections for this worker, each ended by PostgreSQL when it sits
    inside a transaction for ``cfg.lease`` seconds, as the store's are
    (:meth:`PgStore.connect`): a worker paused in the middle of its heartbeat's transaction
    must not keep its worker row locked past its lease (every other worker's prune of stalled
    workers, which each runs as it starts, would wait for it until it continues). Each is
    named for the worker (:func:`~coordinator.store.pgqueue.worker_app_name`): while one
    is there, a session whose store connection alone the server ended is not handed on."""
    from procrastinate import PsycopgConnector

    from coordinator.store.pgqueue import worker_app_name

    limit = max(1000, int(cfg.lease * 1000))

    async def limit_idle_transactions(conn: Any) -> None:
        await conn.execute(f"SET idle_in_transaction_session_timeout = {limit}")
        await conn.commit()  # the pool takes only connections outside a transaction

    return PsycopgConnector(
        conninfo=cfg.url,
        min_size=2,
        max_size=4,
        configure=limit_idle_transactions,
        kwargs={"application_name": worker_app_name(cfg.worker_id)},
    )


async def _run_worker(
    app: Any, jobs: SessionJobs, driver: Driver, stop: asyncio.Event, outage: Outage
) -> bool:
    """Run the worker and its sweep until ``stop``; True when it stopped presumed dead."""
    from procrastinate.worker import Worker

    from coordinator.store import pgqueue

    cfg, log = driver.cfg, driver.log
    worker = Worker(
        app,
        queues=[pgqueue.QUEUE],
        name=cfg.worker_id,
        concurrency=cfg.concurrency,
        fetch_job_polling_interval=cfg.poll,
        delete_jobs="successful",
        install_signal_handlers=False,
        update_heartbeat_interval=cfg.heartbeat,
        stalled_worker_timeout=cfg.lease,
    )
    running = asyncio.create_task(
        worker.run(),  # type: ignore[no-untyped-call]
        name="procrastinate worker",
    )
    await jobs.until_listening(lambda: running.done())
    if worker.worker_id is not None:  # registered: its roots beside its row
        await jobs.announce(worker.worker_id, cfg.worker_id, cfg.lease, cfg.concurrency)
    roots = ", ".join(str(r) for r in cfg.roots)  # where it looks: a wrong root shows here
    log(
        f"worker {cfg.worker_id} ready: {counted(cfg.concurrency, 'slot')} over "
        f"{counted(len(cfg.roots), 'root')}: {roots}"
    )
    driver.ready.set()  # the jobs fetched meanwhile go on: their lines come after this one
    sweeper = asyncio.create_task(_sweep(worker, jobs, cfg, stop, log, outage))
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({running, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        worker.stop()  # type: ignore[no-untyped-call]
        stop.set()
        pruned = await _sweep_ended(sweeper, outage)
        beating = asyncio.create_task(_beat_until(running, worker, jobs, cfg.heartbeat))
        if driver.busy and not pruned:
            log(
                f"stopping: handing back the {counted(driver.busy, 'session')} being driven at"
                f" their next step (a model call, hook or tool call in flight is ended after"
                f" {cfg.stop_grace:g} s: a model call so cut was paid and is made again; a"
                " second SIGTERM or Ctrl-C exits at once: another worker takes them over)"
            )
        driver.hand_back()
        # waits for the sessions being driven to reach a step boundary
        if await _until_stopped(running, driver, outage, cfg.heartbeat):
            await _leave_unreachable(app, running, cfg.lease, log)
        beating.cancel()  # (awaited: a query it had begun is cancelled cleanly, not cut short)
        stopped.cancel()
        await asyncio.wait({beating, stopped})
    failed = running.exception() if running.done() and not running.cancelled() else None
    if isinstance(failed, UserError):  # its fetch refused (pgqueue.fetch_refused): say why
        raise failed
    return pruned


async def _sweep_ended(sweeper: asyncio.Task[bool], outage: Outage) -> bool:
    """The sweep's end once the worker stops: True when it found this worker presumed dead.
    At its next look, or at once while the database is unreachable: a look would wait
    for a connection for the pool's timeout (30 s), and nothing can prune a worker then."""
    if outage.down:
        sweeper.cancel()
    await asyncio.wait({sweeper})
    return not sweeper.cancelled() and sweeper.result()


async def _until_stopped(
    running: asyncio.Task[Any], driver: Driver, outage: Outage, every: float
) -> bool:
    """Wait for Procrastinate's worker to stop (its sessions handed back, its jobs ended in
    the queue); True, giving up, once no session is being driven while the database is
    unreachable: ending each job and the worker's row would wait for a connection for the
    pool's timeout (30 s) each, while a dead worker's are handed on anyway."""
    while not running.done():
        if outage.down and not driver.busy:
            return True
        await asyncio.wait({running}, timeout=every)
    return False


async def _leave_unreachable(app: Any, running: asyncio.Task[Any], lease: float, log: Log) -> None:
    """Stop Procrastinate's worker without ending its jobs and row in the queue (the database
    is unreachable): its pool closed, what waits for a connection fails at once."""
    log(
        "the session database is unreachable: exiting without ending this worker's jobs in"
        f" the queue; once its heartbeat is {lease:g} s old, the other workers' sweep hands"
        " them on"
    )
    await app.connector.close_async()
    with suppress(Exception):  # (each of its failures: the pool closed, said above)
        await running


async def _beat_until(
    running: asyncio.Task[Any], worker: Worker, jobs: SessionJobs, every: float
) -> None:
    """Go on beating while a stopped worker lets its sessions finish: Procrastinate ends its
    heartbeat first, so ``--lease`` seconds later another worker took the sessions over
    while this one still drove them (each model call in flight made twice)."""
    while not running.done():
        if worker.worker_id is not None:
            try:
                await jobs.update_heartbeat(worker.worker_id)
            except Exception:  # the database unreachable (its outage is told): beat no more
                return  # (raised, the task's error would be printed unretrieved at exit)
        await asyncio.wait({running}, timeout=every)


class SweepCheck(StrEnum):
    """The checks of a worker's sweep, each run on its own (:class:`SweepChecks`)."""

    DEAD = "handing on dead workers' sessions"
    UNCLAIMED = "queuing again sessions left with no job"
    PRUNED = "checking this worker is still registered"
    DRAINED = "checking what is left to drain"


@dataclass
class SweepChecks:
    """The sweep's checks, each on its own: one that fails (the database unreachable, a
    lasting fault of one of them) leaves the others running. A failure is logged once, its
    first line scrubbed, until the check succeeds again or fails otherwise; none while the
    database is unreachable (the outage is told once already), and none kept from then: a
    lasting fault is told once the outage ends, which any check that succeeds ends (the
    database was reached), not only the hand-on of dead workers' sessions."""

    log: Log
    outage: Outage
    failing: dict[SweepCheck, str] = field(default_factory=dict)

    async def run(self, check: SweepCheck, step: Awaitable[T]) -> T | None:
        """``step``'s result, or None when it failed."""
        from coordinator.sanitize import scrub_diagnostic

        try:
            result = await step
        except Exception as exc:
            if self.outage.down:
                return None
            lines = str(exc).strip().splitlines()
            why = scrub_diagnostic(lines[0] if lines else repr(exc))
            if self.failing.get(check) != why:
                self.log(f"sweep failed {check}: {why}; the sweep's other checks go on")
            self.failing[check] = why
            return None
        self.outage.reached()
        self.failing.pop(check, None)
        return result


async def _sweep(
    worker: Worker,
    jobs: SessionJobs,
    cfg: WorkerConfig,
    stop: asyncio.Event,
    log: Log,
    outage: Outage,
) -> bool:
    """Hand on dead workers' jobs every ``cfg.sweep`` seconds; stop when drained, or when
    this worker was itself presumed dead (another worker pruned it while it was paused:
    then True). Each check runs on its own (:class:`SweepChecks`); one that reached the
    database ends an ``outage``."""
    pruned = False
    unclaimed_at = 0.0  # when it last looked for queued sessions left with no job
    checks = SweepChecks(log, outage)
    while not stop.is_set():
        moved = await checks.run(SweepCheck.DEAD, jobs.sweep(cfg.lease))
        if moved:
            log(f"requeued {counted(len(moved), 'session')} of dead workers: {' '.join(moved)}")
        if cfg.drain or time.monotonic() - unclaimed_at >= UNCLAIMED_EVERY:
            unclaimed_at = time.monotonic()
            await checks.run(SweepCheck.UNCLAIMED, _requeue_unclaimed(jobs, log))
        if await checks.run(SweepCheck.PRUNED, _pruned(worker, jobs, stop)):
            log(
                "this worker was presumed dead: another worker pruned it as stalled (no"
                f" heartbeat for {cfg.lease:g} s) and its sessions were taken over;"
                " stopping (restart it)"
            )
            pruned = True
            stop.set()
        elif cfg.drain and await checks.run(SweepCheck.DRAINED, jobs.pending()) == 0:
            stop.set()
        await _pause(stop, cfg.sweep)
    return pruned


async def _requeue_unclaimed(jobs: SessionJobs, log: Log) -> None:
    """Queue again the sessions under this worker's roots left waiting with no job: each
    attempt of their job failed before a claim (the database refused the connection for
    longer than the :data:`JOB_RETRIES` attempts), or it is gone; and those left claimed
    with no job and no holder (the claim's reply lost on its job's last attempt). Each runs
    after a wait that doubles with each such failure
    (:func:`~coordinator.store.pgqueue.requeue_wait`). One whose job was cancelled in the
    queue, or failed too often, is left stopped (its lease ``failed``)."""

    for again in await jobs.requeue_unclaimed():
        if again.ended is not None:
            log(f"not queuing {again.session_id} again: {again.ended}")
            continue
        when = f"in {again.wait:g} s" if again.wait else "now"
        log(f"queued {again.session_id} again: {_why_again(again)}; its new job runs {when}")


def _why_again(again: Requeued) -> str:
    """Why the sweep queued a session again (a line of the worker's log)."""
    failed = f"its job failed {counted(again.failed, 'time')}"
    if again.held_by is not None:
        lost = (
            f"it was left claimed by {again.held_by}, whose connection is gone, with no job"
            " to drive it"
        )
        return f"{lost} ({failed})" if again.failed else lost
    if again.failed:
        return f"{failed} before any worker could claim it ({JOB_RETRIES} attempts each)"
    return "it waited for a worker with no job left to drive it"


async def _pruned(worker: Worker, jobs: SessionJobs, stop: asyncio.Event) -> bool:
    """Whether another worker pruned this one as stalled: its row is gone while it was not
    stopping (a worker that stops removes its own row, maybe while this check runs: a
    SIGTERM'd worker is not presumed dead)."""
    if worker.worker_id is None or await jobs.registered(worker.worker_id):
        return False
    return not stop.is_set()


class NotWarm(Exception):
    """A job fetched by a worker that could not import what it drives sessions with: not
    claimed, its job tried again (by another worker: this one stops)."""


class WarmStalled(Exception):
    """The worker's imports did not end within its ``--import-limit`` (review142: a hung
    import left it listening, beating and fetching nothing for ever, listed alive)."""


#: What a worker imports before its first fetch (:func:`_warm_up`), in this order.
WARM_MODULES = (
    "coordinator.runtime.engine",
    "coordinator.roster.loader",
    "coordinator.tools.toolset",
    "coordinator.providers.anthropic",
    "coordinator.providers.scripted",
)


def warming_up(stop: asyncio.Event, log: Log, within: float = 0.0) -> asyncio.Future[None]:
    """:func:`_warm_up` in a thread of its own, done once it returned. The worker says
    `ready` once it listens, not after the imports (ops113: 5.4-13 s to `ready` under load,
    the SDK's import most of it), and its event loop beats and sweeps meanwhile. A daemon
    thread: a worker stopped before they are done does not wait for them. An import that
    fails (the SDK missing or broken: every session would fail with it), or that has not
    ended ``within`` seconds (``--import-limit``; 0: no bound), is logged and stops the
    worker (``stop``), its jobs fetched meanwhile left to another worker
    (:class:`NotWarm`; the failure is the worker's end: :func:`warm_failure`)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    importing: list[str] = []  # (the modules begun, the last one unfinished while it runs)

    def settle(error: Exception | None) -> None:
        if done.done():
            return
        if error is None:
            done.set_result(None)
            return
        said = str(error) if isinstance(error, WarmStalled) else f"{type(error).__name__}: {error}"
        log(f"cannot import what it drives sessions with ({said}): stopping")
        done.set_exception(NotWarm(said))
        stop.set()

    def run() -> None:
        error: Exception | None = None
        try:
            _warm_up(importing)
        except Exception as exc:  # (whatever it is, no session could be driven)
            error = exc
        with suppress(RuntimeError):  # (the loop closed: the worker has stopped)
            loop.call_soon_threadsafe(settle, error)

    def late() -> None:
        which = importing[-1] if importing else "the SDK"
        said = f"its import of {which} did not end within {within:g} s: --import-limit"
        settle(WarmStalled(said))

    if within > 0:
        bound = loop.call_later(within, late)
        done.add_done_callback(lambda _: bound.cancel())
    threading.Thread(target=run, name="coord worker warm-up", daemon=True).start()
    return done


def warm_failure(warm: asyncio.Future[None] | None) -> str | None:
    """Why the worker's imports failed (:func:`warming_up`); None: they did not (yet)."""
    if warm is None or not warm.done() or warm.cancelled():
        return None
    failed = warm.exception()  # (retrieved: no "never retrieved" warning at its collection)
    return None if failed is None else str(failed)


def _warm_up(importing: list[str] | None = None) -> None:
    """Import the SDK and the engine (:data:`WARM_MODULES`, each named in ``importing`` as
    it begins), so the first claimed session does not wait for them in the event loop (a
    worker always needs them; ``import anthropic`` alone takes about 1.5 s on a quiet
    machine, over 10 s on a loaded one)."""
    import importlib

    for name in WARM_MODULES:
        if importing is not None:
            importing.append(name)
        importlib.import_module(name)


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


async def drive_claimed(
    store: PgStore,
    log: Log,
    providers: ProviderPool,
    step: StepStop | None = None,
    *,
    tracer: Recorder | None = None,
) -> int:
    """Drive the session ``store`` has claimed; 1 when it reached an end here. Its provider
    comes from ``providers`` (and stays open for the next session); ``step``: the bound on
    the step in flight once the worker stops (None: none; what it cut is logged with the
    hand-back); ``tracer``: the worker's trace recorder (:func:`traced`).

    A claim found lost, or whose check the database refused, hands the session on
    (:func:`_stop_fenced`). Any other error while the claim stands (a database fault on a
    write, a user error such as a rejected key) ends the lease ``failed`` with its message
    and leaves the session interrupted for ``coord resume``: it is not queued again, since
    a lasting fault (a damaged row, a full disk, a bad key) would fail again on every
    worker, for ever."""
    claim = store.claim
    if claim is None:
        return 0
    row = store.session(claim.session_id)
    if _stopped(row):
        await _settle_stopped(store, row, log, providers, step, tracer)  # its driver died
        log(  # after its last commit
            f"found {claim.session_id} {row.status!s} already: its last driver stopped after"
            " its last commit, before its job was done (its 'ended' line, if it said one,"
            " was its last word of it): not driven again"
        )
        return 0
    try:
        result = await _drive_on(store, row, log, providers, step, tracer)
    except HandedBack as exc:
        cut = step.cut if step is not None else None
        by = "the stall watch" if step is not None and step.stalled is not None else "the stop"
        ended = f": {by} ended {cut}" if cut is not None else ""
        log(f"handed back {claim.session_id} after step {exc.steps}{ended}")
        return 0
    except UserError as exc:
        fenced = exc if isinstance(exc, Fenced) else _fenced(store)
        if fenced is not None:
            _stop_fenced(store, claim, fenced, log)
            return 0
        log(f"failed {claim.session_id}: {exc.message}")
        store.release_claim(LeaseState.FAILED, exc.message)
        return 0
    if isinstance(result, SessionRow):  # (stopped by the drive whose last write rolled back)
        await _settle_stopped(store, result, log, providers, step, tracer)
        log(_ended(result.id, result.status, result.reason))
        return 1
    store.release_claim(LeaseState.DONE)
    log(ended_line(result))
    return 1


def _stopped(row: SessionRow) -> bool:
    """Whether ``row``'s session is at a stop (finished, or waiting for a person)."""
    return row.status in FINISHED or row.status == SessionStatus.WAITING


async def _settle_stopped(
    store: PgStore,
    row: SessionRow,
    log: Log,
    providers: ProviderPool,
    step: StepStop | None,
    tracer: Recorder | None,
) -> None:
    """The claimed session ``row``, found at a stop: the SessionEnd hooks a finished one
    still owes fired (:func:`_owed_end`), its lease ended done."""
    if row.status in FINISHED:
        await _owed_end(store, row, log, providers, step, tracer)
    store.release_claim(LeaseState.DONE)


#: How much of a session's reason a worker's ``ended`` line keeps (one line of its log).
REASON_CHARS = 300


def ended_line(result: SessionResult) -> str:
    """A worker's log line for a session it drove to a stop: its id and status, and for any
    stop but complete, why (a failure's cause, the question it waits on), scrubbed and on
    one line: the worker's log is where a team reads why a session did not complete."""
    return _ended(result.session_id, result.status, result.reason)


def _ended(session_id: str, status: str, reason: str) -> str:
    """:func:`ended_line` of a session's id, status and reason (its stored row's too)."""
    line = f"ended {session_id} {status}"
    if status == SessionStatus.COMPLETE or not reason:
        return line
    from coordinator.sanitize import scrubbed_line

    return f"{line}: {scrubbed_line(reason, REASON_CHARS)}"


def _stop_fenced(store: PgStore, claim: Claim, fenced: StoreError, log: Log) -> None:
    """Stop driving a session whose claim is lost, or could not be confirmed. When no other
    worker took the session (the lease, read on a fresh connection, still has this claim's
    epoch) — its claim lost with this worker's connection (the server ended it), or the
    claim check refused on a live one (a lock or statement timeout, a cancelled query) —
    queue it again, so that a worker drives it once this job ends: the sweep hands on only
    the jobs of dead workers, and this one is deleted as it ends. Taken over by another
    worker: stop quietly, the session and its job are another's now."""
    try:
        requeued = store.requeue_lost_claim()
    except StoreError as exc:  # the database is unreachable: the job is retried, or swept
        then = (
            "this worker is stopping: once its heartbeat is as old as the lease, another"
            " worker's sweep takes the job over"
            if store.handing_back
            else f"its job is tried again in {JOB_RETRY_WAIT} s ({JOB_RETRIES} attempts in"
            " all), and drives the session once the database answers"
        )
        log(
            f"fenced {claim.session_id}: {fenced.message}; the database did not answer"
            f" ({exc.message}): {then}"
        )
        raise
    if requeued:
        log(
            f"requeued {claim.session_id}: {fenced.message}; no other worker had taken it"
            " over, so it is queued again"
        )
    else:
        log(f"fenced {claim.session_id}: {fenced.message}")
    store.release_claim(LeaseState.DONE)  # a no-op: the epoch is no longer ours, or queued


def _fenced(store: PgStore) -> StoreError | None:
    """Why the claim is lost, when an error came after another worker took the session
    over (or the server ended this connection, taking the claim's lock with it)."""
    try:
        store.check_epoch()
    except StoreError as exc:
        return exc
    return None


async def _owed_end(
    store: PgStore,
    row: SessionRow,
    log: Log,
    providers: ProviderPool,
    step: StepStop | None,
    tracer: Recorder | None,
) -> None:
    """The SessionEnd hooks the finished session ``row`` still owes (its driver was killed
    after storing its outcome, before their runs): fired here, with the engine a resume of
    it would have (hooks112); one that cannot be built is told, the session left as it is."""
    from coordinator.runtime.hooks_owed import end_owed

    if not end_owed(store, row.id):
        return
    try:
        driven = engine_for(store, row, providers, log, step, traced(tracer, store))
        fired = await driven.engine.fire_owed_end(row.id)
    except UserError as exc:
        log(f"session {row.id}: its owed SessionEnd hooks not fired: {exc.message}")
        return
    if fired:  # (else another process fired them first)
        log(f"fired the SessionEnd hooks {row.id} owed")


async def _drive_on(
    store: PgStore,
    row: SessionRow,
    log: Log,
    providers: ProviderPool,
    step: StepStop | None,
    tracer: Recorder | None = None,
) -> SessionResult | SessionRow:
    """:func:`_resume`, and again from the session's last committed step (read anew from the
    store, as the next job would) when the server rolled a step's transaction back,
    :data:`ROLLED_BACK_DRIVES` times in all while the claim stands: the step's model call,
    if its reply was not kept, is the one made again; a tool call started is never run
    again (its record was committed before it ran). The session's row when it was found
    at a stop then: its outcome committed before the write rolled back (its SessionEnd
    hooks' record: review134; resumed, it had been refused as ended, the lease failed).
    The record of hooks that ran, rolled back past the store's tries (its SessionEnd
    hooks'), is made first: found owed, they had been fired again (hooks114)."""
    tries, unwritten = 1, None
    while True:
        try:
            if unwritten is not None:
                store.written(unwritten)
                unwritten = None
            if tries > 1:
                row = store.session(row.id)
                if _stopped(row):
                    return row
            return await _resume(store, row, log, providers, step, tracer)
        except RolledBack as exc:
            unwritten = exc.unwritten or unwritten
            if tries >= ROLLED_BACK_DRIVES or _fenced(store) is not None:
                raise
            tries += 1
            log(
                f"driving {row.id} again from its last committed step: {exc.message}"
                f" (try {tries} of {ROLLED_BACK_DRIVES})"
            )


async def _resume(
    store: PgStore,
    row: SessionRow,
    log: Log,
    providers: ProviderPool,
    step: StepStop | None,
    tracer: Recorder | None,
) -> SessionResult:
    from coordinator.mcp.config import WORKER_AGENTS

    driven = engine_for(store, row, providers, log, step, traced(tracer, store))
    store.check_claim()  # still ours after loading the roster and the SDK
    if store.claim is not None:
        log(f"driving {row.id} epoch {store.claim.epoch}")
    token = WORKER_AGENTS.set(driven.own)  # while it runs: any other definition is a row's
    try:
        result = await driven.engine.resume(row.id, notes=driven.notes)
    finally:
        WORKER_AGENTS.reset(token)
    return result


def traced(tracer: Recorder | None, store: PgStore) -> Observer | None:
    """The observer recording, with the worker's ``tracer``, a session driven on ``store``
    (the job's own connection, inside whose transactions events are told): the agents'
    descriptions and where a late SessionEnd goes are read there, as ``coord run --otel``
    reads its store. Jobs share one recorder (one event loop: an event is recorded whole
    before another is heard)."""
    if tracer is None:
        return None

    def heard(event: Event) -> None:
        tracer.describe_from(store)
        tracer(event)

    return heard


@dataclass(frozen=True)
class Driven:
    """What a worker drives a session with: its engine, the notes of what differs here,
    and the agent definitions read from the worker's own files (:data:`WORKER_AGENTS`)."""

    engine: Engine
    notes: tuple[str, ...]
    own: tuple[AgentSpec, ...]


def bash_within(saved: SessionOptions, own: Settings) -> tuple[SessionOptions, str | None]:
    """The session's Bash choices within this worker's ``own`` settings (its config, flags
    and environment; never a row of the shared store, which anyone with access to the
    database can write): Bash, sandboxed in the workspace, as the session was started; its
    sandbox opt-out, the host network and variables of the worker's environment (its key, a
    cloud token) only where ``own`` allows them too. With a note naming what was left out
    (None: nothing)."""
    env = tuple(name for name in saved.bash_env if name in own.bash_env)
    dropped = [
        *(["--unsandboxed-bash"] if saved.unsandboxed_bash and not own.unsandboxed_bash else []),
        *(["--bash-network"] if saved.bash_network and not own.bash_network else []),
        *(f"--bash-env {name}" for name in saved.bash_env if name not in env),
    ]
    if not dropped:
        return saved, None
    narrowed = replace(
        saved,
        unsandboxed_bash=saved.unsandboxed_bash and own.unsandboxed_bash,
        bash_network=saved.bash_network and own.bash_network,
        bash_env=env,
    )
    note = (
        f"the session was started with {', '.join(dropped)}, which this worker's own"
        " settings do not allow: its Bash runs without them"
    )
    return narrowed, note


def row_named(dirs: Iterable[Path], own: Settings) -> tuple[Path, ...]:
    """Of a session's agents folders ``dirs``, those this worker's ``own`` settings do not
    name: a row of the shared store named them, and anyone with access to the database may
    name a folder another user of this machine can write. Their agent files' hooks run
    confined, as an agent could have written them (:meth:`HookSet.add_agent`)."""
    trusted = {d.resolve() for d in own.agents_dirs}
    return tuple(d for d in dirs if d.resolve() not in trusted)


def own_agents(registry: Registry, untrusted: Sequence[Path]) -> list[AgentSpec]:
    """The definitions of ``registry`` read from this worker's own files: not from a folder
    only a row names (``untrusted``); a run's stored snapshot is none of them."""
    from coordinator.config import is_inside

    return [
        spec
        for spec in registry.agents.values()
        if spec.source is not None and not any(is_inside(spec.source, d) for d in untrusted)
    ]


def check_base_url(saved: SessionOptions, settings: Settings) -> None:
    """UserError when the session names a base URL the worker's own ``settings`` do not: a
    worker sends its key only there. A loopback one too, unlike a local ``coord resume``
    (whose database is the user's own file): a row of the shared store is anyone's, and a
    loopback port on the worker's machine any of its users may listen on. None is asked of
    a scripted session (it sends nothing)."""
    url = saved.base_url
    if url is None or saved.provider == ProviderKind.SCRIPTED or url == settings.base_url:
        return
    raise UserError(
        f"this session was started with --base-url {url}; a worker sends its key only where"
        " its own settings say",
        hint="Name it in the worker's settings (base_url in its user config, or"
        f" ANTHROPIC_BASE_URL), or resume the session with --here --base-url {url}.",
    )


def engine_for(
    store: PgStore,
    row: SessionRow,
    providers: ProviderPool,
    log: Log = log_line,
    step: StepStop | None = None,
    observer: Observer | None = None,
) -> Driven:
    """The engine a session remembers (its workspace, agents, provider, sandbox flags, and
    hooks, skills and memory, as a local `coord resume` builds it; the flags of the resume
    that queued it, its claim's, in place of what it remembers), and the notes of what
    differs here, each also a line in the log: a remembered agents folder this machine
    lacks is skipped (:meth:`SessionOptions.resume_setup`: the runs already started go on
    with their stored definitions, a new consult uses the agents found here), and hooks or
    skills unlike those the session started with are named (:meth:`ResumeSetup.notes`). The
    provider comes from ``providers`` (shared: closed with the pool). With the definitions
    of the worker's own files, for :data:`~coordinator.mcp.config.WORKER_AGENTS` while the
    session runs (set by the caller, never here: it would outlive the call). ``step``: the
    bound on the step in flight once the worker stops; ``observer``: told its events (the
    worker's trace: :func:`traced`)."""
    from coordinator.config import load_settings
    from coordinator.runtime.extras import session_extras

    saved = SessionOptions.from_json(row.options)
    handed = store.claim.resume if store.claim is not None else None
    ws = Path(row.workspace)
    if handed:  # the flags of the resume that queued it: as if the session remembered them
        saved = saved.with_resume_flags(handed, ws)  # UserError: they would widen it
        log(f"session {row.id}: with the resume's {', '.join(sorted(handed))}")
    saved, dropped = bash_within(saved, load_settings(ws, None, {"db": store.url}))
    settings = load_settings(ws, None, {"db": store.url, **saved.bash_overrides()})
    check_base_url(saved, settings)
    setup = saved.resume_setup(settings)
    registry = setup.registry(ws)
    notes = (*((dropped,) if dropped else ()), *setup.notes(ws, registry))
    for note in notes:
        log(f"session {row.id}: {note}")
    choice = setup.choice
    provider = providers.get(
        choice.kind,
        settings,
        script=choice.script,
        base_url=choice.base_url,
        script_from=choice.script_from,
    )
    untrusted = row_named(setup.dirs, settings)
    extras = session_extras(  # as `coord resume`, but folders only a row names are untrusted
        ws, settings, registry, hooks=setup.hooks, untrusted=untrusted
    )
    engine = extras.engine(
        registry,
        provider,
        store,
        settings,
        ws,
        model=setup.choice.model,
        observer=observer,
        step_stop=step,
    )
    return Driven(engine, notes, tuple(own_agents(registry, untrusted)))
