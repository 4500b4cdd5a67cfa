"""One command driving sessions: its store, provider, tracer and engine, opened and closed
in the right order (``coord run``, ``resume``, ``demo`` and each process of a batch).

The store is opened and checked writable before the provider is built, so a store's errors
come first and fast, before the SDK loads. The trace recorder is started by a function the
caller gives (:data:`Tracing`: telemetry sits above the runtime) and closed when the command
ends, whatever happened. A Ctrl-C (or a SIGTERM: ``timeout``, CI, ``docker stop``; see
:func:`sigterm_as_ctrl_c`) while a session runs comes back as :class:`Interrupted` (with the
session it stopped), not as an exception. Nothing here prints but the notice of the
session's hooks and skills, once, on stderr.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from coordinator.config import Settings
    from coordinator.events import Event, Observer
    from coordinator.providers.base import Provider
    from coordinator.roster.registry import Registry
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.extras import SessionExtras
    from coordinator.runtime.options import ModelChoice
    from coordinator.runtime.state import SessionResult
    from coordinator.store.run_tree import JSON
from coordinator.errors import EXIT_SIGINT, EXIT_SIGTERM
from coordinator.runtime.sigterm import Sigterm, Terminated
from coordinator.status import SessionStatus, resume_command, resume_words
from coordinator.store.db import Store
from coordinator.store.paths import check_store_outside

T = TypeVar("T")


class Recorder(Protocol):
    """An observer closed when the command ends (the OpenTelemetry trace recorder)."""

    def __call__(self, event: Event) -> None: ...

    def describe_from(self, store: Store) -> None:
        """Read what the trace says of each agent from ``store`` (its definitions)."""

    def close(self) -> None: ...


#: Starts the command's trace recorder (None: tracing is off); UserError when it cannot.
Tracing = Callable[[], "Recorder | None"]


def no_tracing() -> None:
    """A :data:`Tracing` that never traces (``coord demo``)."""
    return None


class LiveView(Protocol):
    """An observer shown while the session runs (entered and left around it)."""

    def __call__(self, event: Event) -> None: ...

    def __enter__(self) -> object: ...

    def __exit__(self, *exc: object) -> None: ...


@dataclass(frozen=True)
class DriveSetup:
    """What a command drives sessions with: where, with which settings, roster and model,
    with the workspace's hooks or not (``--no-hooks``)."""

    ws: Path
    settings: Settings
    registry: Registry
    choice: ModelChoice
    hooks: bool = True
    #: The command only queues sessions for the workers of a shared store (``--detach``,
    #: a resume there): no key is needed on this machine.
    queues_only: bool = False
    #: The flags a later command adds to reach the same store (``--db`` given:
    #: :func:`~coordinator.runtime.lookup.reach_flags`), in each result's resume command.
    reach: tuple[str, ...] = ()
    #: ``--json``: the notice keeps what will not apply or went wrong (``warning:`` lines,
    #: skipped hooks) and leaves out the routine listing of active hooks and permission
    #: rules (:meth:`~coordinator.runtime.extras.SessionExtras.notice`).
    quiet: bool = False


def raise_terminated(signum: int, frame: object) -> None:
    """The SIGTERM handler of :func:`sigterm_as_interrupt`: raises :class:`Terminated`."""
    raise Terminated


def sigterm_is_interrupt() -> bool:
    """True when SIGTERM raises :class:`Terminated` here now (inside
    :func:`sigterm_as_interrupt`, in the main thread)."""
    main = threading.current_thread() is threading.main_thread()
    return main and signal.getsignal(signal.SIGTERM) is raise_terminated


@contextmanager
def sigterm_as_ctrl_c(seen: Sigterm) -> Iterator[None]:
    """Inside the block, SIGTERM stops the command as Ctrl-C does (noted in ``seen``): the
    session is interrupted (resumable) and its tools' and hooks' process groups, async hooks'
    too, are killed and reaped, where dying of the signal would leave them running (each is
    in a session of its own). Only in the main thread, and only where SIGTERM is not handled
    otherwise: not at all, or by :func:`sigterm_as_interrupt` (``coord demo``'s setup, whose
    handler is back after the block)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL and previous is not raise_terminated:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        seen.received = True
        _as_ctrl_c(frame)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _as_ctrl_c(frame: FrameType | None) -> None:
    """Whatever Ctrl-C does now (asyncio's handler cancels the main task); where SIGINT is
    ignored (a background job of a shell), Python's KeyboardInterrupt."""
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler):
        handler(signal.SIGINT, frame)
    else:
        signal.default_int_handler(signal.SIGINT, frame)


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (in the main thread only: a
    handler can be set nowhere else); the previous handler is back after it. A batch's
    processes take SIGTERM so; one session's run takes it as Ctrl-C
    (:func:`sigterm_as_ctrl_c`), which asyncio turns into a cancel of the run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass(frozen=True)
class Interrupted:
    """Ctrl-C (or SIGTERM: ``terminated``) stopped the command; ``session_id`` is the
    session it was driving (None before one started)."""

    session_id: str | None
    terminated: bool = False
    #: The flags that name the session's store in the resume command (``--db`` given:
    #: :func:`~coordinator.runtime.lookup.reach_flags`).
    reach: tuple[str, ...] = ()
    #: The agent the session was routed to, as a result names it (None: no session, or
    #: no run yet), the session's reason, and the question it asks, if one is open
    #: (:func:`stopped_state`): a script reads them as it reads a Blocked run's.
    agent: str | None = None
    reason: str = ""
    question: JSON | None = None

    @property
    def exit_code(self) -> int:
        """130 after Ctrl-C, 143 after SIGTERM, as a shell expects."""
        return EXIT_SIGTERM if self.terminated else EXIT_SIGINT

    @property
    def how(self) -> str:
        """How the command was stopped, in a word or two."""
        return "terminated (SIGTERM)" if self.terminated else "interrupted"

    def hint(self) -> str:
        """What the user is told: how to continue (or that nothing had started)."""
        if self.session_id is None:
            return f"{self.how} before a session started"
        return f"{self.how} — resume with `{resume_words(self.session_id, self.reach)}`"

    def to_json(self) -> dict[str, object]:
        """What ``--json`` prints for it: the session, its status, the agent, the exit code,
        the reason and question (null for none; ``waiting_for`` always null: it is
        interrupted, not waiting) and, as a result gives them, ``resume`` (the argument list
        that continues it; None before a session started) and ``hint``: the keys a result's
        JSON has for these."""
        sid, status = self.session_id, SessionStatus.INTERRUPTED
        resume = (
            None if sid is None else resume_command(sid, status, asking=False, reach=self.reach)
        )
        return {
            "session": sid,
            "status": str(status),
            "agent": self.agent,
            "exit_code": self.exit_code,
            "reason": self.reason,
            "question": self.question,
            "waiting_for": None,
            "resume": resume,
            "hint": self.hint(),
        }


def stopped_state(store: Store, session_id: str | None) -> tuple[str | None, str, JSON | None]:
    """What :class:`Interrupted` tells of session ``session_id`` (None: none started) once
    Ctrl-C or SIGTERM stopped its drive: the agent its first run is of (None before one),
    the session's stored reason, and the question it asks a person, if one is still open
    (a question asked before, no answer recorded), as ``coord sessions --json`` names it."""
    from coordinator.store.session_status import asked_of

    if session_id is None:
        return None, "", None
    row = store.session(session_id)
    runs = store.runs(session_id)
    return (runs[0].agent if runs else None), row.reason, asked_of(store, row)


Action = Callable[["Engine"], Awaitable["SessionResult"]]


class _SessionSeen:
    """Passes events on to the view and remembers the session they belong to."""

    def __init__(self, view: Observer | None):
        self.view = view
        self.session_id: str | None = None

    def __call__(self, event: Event) -> None:
        self.session_id = event.session_id or self.session_id
        if self.view is not None:
            self.view(event)


@dataclass
class Driving:
    """A command's open store and provider (and trace recorder) while it drives, and the
    session's hooks, skills and memory (``extras``)."""

    setup: DriveSetup
    store: Store
    provider: Provider
    tracer: Recorder | None
    extras: SessionExtras

    def run(self, action: Action, view: LiveView | None) -> SessionResult | Interrupted:
        """Run ``action`` on an engine, shown by ``view`` (entered around it) and traced;
        :class:`Interrupted` on Ctrl-C or SIGTERM."""
        import asyncio

        from coordinator.events import fan_out

        seen = _SessionSeen(fan_out(view, self.tracer))
        engine = engine_for(self.store, self.provider, seen, self.setup, self.extras)
        context: AbstractContextManager[object] = view if view is not None else nullcontext()
        term = engine.signals  # (what stopped a drive, recorded with the session)
        term.signalled = True  # here only Ctrl-C (asyncio's handler) and SIGTERM cancel it
        try:
            with context, sigterm_as_ctrl_c(term):
                return asyncio.run(closing_provider(self.provider, action(engine)))
        except KeyboardInterrupt:
            agent, reason, question = stopped_state(self.store, seen.session_id)
            return Interrupted(
                seen.session_id, term.received, self.setup.reach, agent, reason, question
            )

    def router_fallback(self, result: SessionResult) -> str | None:
        """Why ``router: llm`` could not settle the session's routing (None: it was not
        asked, or it settled it): :func:`coordinator.store.session_log.router_fallback`."""
        if self.setup.settings.router != "llm":
            return None
        from coordinator.store import session_log

        return session_log.router_fallback(self.store, result.session_id)

    def stored_outcome(self, result: SessionResult) -> JSON:
        """What the JSON output adds from the store: the session's ``files``, ``refused``
        and ``ended_at`` (:func:`~coordinator.store.session_log.stored_outcome`)."""
        from coordinator.store.session_log import stored_outcome

        return stored_outcome(self.store, result.session_id)


def open_drive_store(settings: Settings, ws: Path) -> Store:
    """The store sessions are driven with in ``ws``, opened (created) after refusing one
    where the agents work (:func:`coordinator.store.paths.check_store_outside`): before a
    file is made there."""
    from coordinator.store.backends import open_store

    check_store_outside(settings.db, ws)
    return open_store(settings, ws)


@contextmanager
def driving(setup: DriveSetup, tracing: Tracing) -> Iterator[Driving]:
    """The store opened (and checked writable) and the provider built, for the block (at
    its first call when the command only queues sessions: :meth:`~coordinator.providers.
    factory.ReadyProvider.build_later`).

    The command's bad input (a malformed script, no key, ``--allow-bash`` without a sandbox
    for the hooks) is found first, so it leaves no store behind; then the store's errors,
    before the SDK loads."""
    ready = setup.choice.prepared(setup.settings, key_elsewhere=setup.queues_only)
    extras = extras_for(setup)
    tracer = tracing()
    with closing(open_drive_store(setup.settings, setup.ws)) as store, finally_close(tracer):
        store.check_writable()  # a store's errors come first and fast, before the SDK loads
        if tracer is not None:
            tracer.describe_from(store)
        # a command that only queues sessions builds it at its first call, if any: the SDK's
        # import (seconds) is not paid to queue a session the workers drive
        provider = ready.build_later() if setup.queues_only else ready.build()
        yield Driving(setup, store, provider, tracer, extras)


def extras_for(setup: DriveSetup) -> SessionExtras:
    """The session's hooks, skills and memory (UserError when ``--allow-bash`` finds no
    sandbox for its hooks): read before a command makes its store."""
    from coordinator.runtime.extras import session_extras

    return session_extras(setup.ws, setup.settings, setup.registry, hooks=setup.hooks)


def engine_for(
    store: Store,
    provider: Provider,
    observer: Observer | None,
    setup: DriveSetup,
    extras: SessionExtras,
    *,
    notice: bool = True,
) -> Engine:
    """The engine for one command: the roster, provider and store it was given, with the
    session's ``extras`` (their notice printed once on stderr, unless ``notice`` is off: a
    batch worker other than the first)."""
    from coordinator.sanitize import printable

    ws, settings, registry = setup.ws, setup.settings, setup.registry
    model = setup.choice.model
    for line in extras.notice(registry, settings, model, quiet=setup.quiet) if notice else ():
        # a hook's command or a rule comes from a file an agent could have written: text only
        print(printable(line), file=sys.stderr)
    return extras.engine(
        registry, provider, store, settings, ws, model=model, observer=observer, reach=setup.reach
    )


async def closing_provider(provider: Provider, work: Awaitable[T]) -> T:
    """Await ``work``, then close the provider (its HTTP client) whatever happened."""
    try:
        return await work
    finally:
        await provider.aclose()


@contextmanager
def finally_close(tracer: Recorder | None) -> Iterator[None]:
    """Export the trace when the command ends, whatever happened."""
    try:
        yield
    finally:
        if tracer is not None:
            tracer.close()
