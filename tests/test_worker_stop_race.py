"""A worker that stops removes its own row from Procrastinate's worker table; its sweep,
checking that row at that moment, must not take the stop for being pruned as stalled (it
exited 5, "presumed dead", after a plain SIGTERM: tests/test_workers_pg.py saw it on a
loaded machine). Doubles of the worker and the job queue make the race deterministic."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from coordinator.runtime import worker as worker_module
from coordinator.runtime.outage import Outage
from coordinator.runtime.worker import WorkerConfig


@dataclass
class Jobs:
    """The queue's side of a sweep: the worker's row is gone when ``registered`` is asked,
    and ``on_check`` runs first (what happens meanwhile)."""

    on_check: Any
    checks: list[int] = field(default_factory=list)

    async def sweep(self, stall_seconds: float) -> int:
        return 0

    async def registered(self, worker_id: int) -> bool:
        self.checks.append(worker_id)
        self.on_check()
        return False

    async def pending(self) -> int:
        return 1


@dataclass
class ProcrastinateWorker:
    worker_id: int | None = 7


def sweep(jobs: Jobs, stop: asyncio.Event) -> tuple[bool, list[str]]:
    lines: list[str] = []
    cfg = WorkerConfig(url="postgresql://unused", roots=(Path("/unused"),), sweep=0.01)
    pruned = asyncio.run(
        worker_module._sweep(
            cast(Any, ProcrastinateWorker()),
            cast(Any, jobs),
            cfg,
            stop,
            lines.append,
            Outage(lines.append),
        )
    )
    return pruned, lines


def test_a_worker_whose_row_goes_as_it_stops_is_not_presumed_dead() -> None:
    stop = asyncio.Event()
    jobs = Jobs(on_check=stop.set)  # the SIGTERM came, the worker unregistered itself
    pruned, lines = sweep(jobs, stop)
    assert jobs.checks == [7]
    assert pruned is False
    assert not any("presumed dead" in line for line in lines)


def test_a_worker_whose_row_another_worker_pruned_is_presumed_dead() -> None:
    stop = asyncio.Event()
    pruned, lines = sweep(Jobs(on_check=lambda: None), stop)
    assert pruned is True
    assert stop.is_set()
    assert any("presumed dead" in line for line in lines)
