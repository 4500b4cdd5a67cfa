"""Workers: drive the sessions of a shared PostgreSQL store (``coord worker``).

A plain PostgreSQL claim loop (the design the prototypes measured fastest): each slot claims
the oldest queued session under the worker's workspace roots with ``FOR UPDATE SKIP
LOCKED``, bumps its lease epoch, takes its advisory lock, and drives it with
:meth:`Engine.resume` (today's resume, unchanged). One heartbeat connection per process
keeps the leases of its sessions fresh. A session whose worker died (its connection, and so
its advisory lock, gone) is claimable at once; one whose worker stalls past the lease is
claimable too, and the stalled worker is fenced by the epoch at its next write
(:class:`~coordinator.store.pg.Fenced`): it stops quietly, leaving the job to its new owner.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.errors import UserError
from coordinator.providers.base import Provider
from coordinator.runtime.options import SessionOptions
from coordinator.status import FINISHED, SessionStatus
from coordinator.store.db import SessionRow
from coordinator.store.faults import StoreError
from coordinator.store.pg import Fenced, PgStore

if TYPE_CHECKING:
    from coordinator.runtime.engine import Engine

Log = Callable[[str], None]


@dataclass(frozen=True)
class WorkerConfig:
    """What one worker process serves and how often it looks.

    ``lease``: seconds without a heartbeat after which another worker takes a session over;
    keep it well above ``heartbeat``. ``drain``: exit once no session under the roots is
    queued or being driven.
    """

    url: str
    roots: tuple[Path, ...]
    concurrency: int = 1
    lease: float = 5.0
    heartbeat: float = 1.0
    poll: float = 0.2
    drain: bool = False
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    )


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


async def serve(cfg: WorkerConfig, stop: asyncio.Event, log: Log = _stderr) -> int:
    """Run ``cfg.concurrency`` slots and the heartbeat until ``stop`` (or drained);
    returns how many sessions this worker drove to an end."""
    if not cfg.roots:
        raise UserError("a worker needs at least one --workspace-root DIR")
    beat = PgStore.connect(cfg.url)
    _warm_up()
    log(f"worker {cfg.worker_id} ready: {cfg.concurrency} slot(s) over {len(cfg.roots)} root(s)")
    heart = asyncio.create_task(_heartbeat(beat, cfg, stop))
    try:
        counts = await asyncio.gather(*(_slot(cfg, stop, log) for _ in range(cfg.concurrency)))
    finally:
        stop.set()
        await heart
        beat.close()
    return sum(counts)


def _warm_up() -> None:
    """Import the SDK and the engine now, so the first claimed session does not wait for
    them (a worker always needs them; ``import anthropic`` alone takes about 1.5 s)."""
    import importlib

    for name in (
        "coordinator.runtime.engine",
        "coordinator.roster.loader",
        "coordinator.tools.toolset",
        "coordinator.providers.anthropic",
        "coordinator.providers.scripted",
    ):
        importlib.import_module(name)


async def _heartbeat(store: PgStore, cfg: WorkerConfig, stop: asyncio.Event) -> None:
    while not stop.is_set():
        store.heartbeat(cfg.worker_id)
        await _pause(stop, cfg.heartbeat)


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


async def _slot(cfg: WorkerConfig, stop: asyncio.Event, log: Log) -> int:
    store = PgStore.connect(cfg.url, idle_limit=cfg.lease)
    done = 0
    try:
        while not stop.is_set():
            if store.broken:  # the server ended it (e.g. idle in a transaction while paused)
                store.close()
                store = PgStore.connect(cfg.url, idle_limit=cfg.lease)
            claim = store.claim_next(cfg.worker_id, cfg.roots, cfg.lease)
            if claim is None:
                if cfg.drain and not store.pending(cfg.roots):
                    break
                await _pause(stop, cfg.poll)
                continue
            log(f"claimed {claim.session_id} epoch {claim.epoch} attempt {claim.attempts}")
            done += await drive_claimed(store, log)
    finally:
        store.close()
    return done


async def drive_claimed(store: PgStore, log: Log) -> int:
    """Drive the session ``store`` has claimed; 1 when it reached an end here."""
    claim = store.claim
    if claim is None:
        return 0
    row = store.session(claim.session_id)
    if row.status in FINISHED or row.status == SessionStatus.WAITING:
        store.release_claim("done")  # its driver died after the last commit
        return 0
    try:
        status = await _resume(store, row, log)
    except UserError as exc:
        fenced = exc if isinstance(exc, Fenced) else _fenced(store)
        if fenced is not None:  # stop quietly: the session and its job are another's now
            log(f"fenced {claim.session_id}: {fenced.message}")
            store.release_claim("done")  # a no-op: the epoch is no longer ours
            return 0
        log(f"failed {claim.session_id}: {exc.message}")
        store.release_claim("failed", exc.message)
        return 0
    log(f"ended {claim.session_id} {status}")
    store.release_claim("done")
    return 1


def _fenced(store: PgStore) -> StoreError | None:
    """Why the claim is lost, when an error came after another worker took the session
    over (or the server ended this connection, taking the claim's lock with it)."""
    try:
        store.check_claim()
    except StoreError as exc:
        return exc
    return None


async def _resume(store: PgStore, row: SessionRow, log: Log) -> str:
    engine, provider = engine_for(store, row)
    try:
        store.check_claim()  # still ours after loading the roster and the SDK
        if store.claim is not None:
            log(f"driving {row.id} epoch {store.claim.epoch}")
        result = await engine.resume(row.id)
    finally:
        await provider.aclose()
    return str(result.status)


def engine_for(store: PgStore, row: SessionRow) -> tuple[Engine, Provider]:
    """The engine a session remembers (its workspace, agents, provider, sandbox flags, and
    hooks, skills and memory, as a local `coord resume` builds it)."""
    from coordinator.config import load_settings
    from coordinator.roster.loader import load_registry
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.extras import session_extras

    saved = SessionOptions.from_json(row.options)
    ws = Path(row.workspace)
    settings = load_settings(ws, None, {"db": store.url, **saved.bash_overrides()})
    dirs, only, choice = saved.resumed_with(settings)
    registry = load_registry(dirs, only=only, cwd=ws)
    provider = choice.provider(settings)
    extras = session_extras(ws, settings, registry, hooks=saved.hooks)  # as `coord resume`
    engine = Engine(
        registry=registry,
        provider=provider,
        store=store,
        settings=settings,
        workspace=ws,
        model=choice.model,
        hooks=extras.hooks,
        hook_env=extras.env,
        preload=extras.preload,
    )
    return engine, provider
