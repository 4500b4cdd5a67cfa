"""Many independent requests at once: one session each, one shared limit on model calls.

``coord run --batch tasks.yaml --concurrency N``. The file is a YAML list whose items are
request strings or ``{request: ..., agent: ...}`` mappings. Every session runs as its own
asyncio task; :class:`LimitedProvider` keeps at most N model calls in flight across all of
them (tools and the store are not limited: they are local and quick).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coordinator.errors import (
    EXIT_COMPLETE,
    EXIT_FAILED,
    EXIT_NEEDS_REVIEW,
    EXIT_USER_ERROR,
    EXIT_WAITING,
    UserError,
)
from coordinator.providers.base import ModelRequest, ModelResponse, Provider
from coordinator.request_text import DEFAULT_MAX_REQUEST_BYTES, check_request
from coordinator.runtime.engine import Engine
from coordinator.runtime.options import SessionOptions
from coordinator.runtime.state import SessionResult
from coordinator.yamlfile import read_yaml

#: The batch's exit code is its most severe item's, in this order.
SEVERITY = (EXIT_USER_ERROR, EXIT_FAILED, EXIT_WAITING, EXIT_NEEDS_REVIEW, EXIT_COMPLETE)


@dataclass(frozen=True)
class BatchTask:
    """One request of a batch; ``agent`` skips routing."""

    request: str
    agent: str | None = None


@dataclass(frozen=True)
class BatchItem:
    """A task and how its session ended (``error``: a user error such as no agent fits)."""

    index: int
    task: BatchTask
    result: SessionResult | None = None
    error: str | None = None

    @property
    def exit_code(self) -> int:
        return self.result.exit_code if self.result is not None else EXIT_USER_ERROR

    def to_json(self) -> dict[str, Any]:
        body = self.result.to_json() if self.result is not None else {"error": self.error}
        return {"index": self.index, "request": self.task.request, **body}


def load_tasks(path: Path, limit: int = DEFAULT_MAX_REQUEST_BYTES) -> list[BatchTask]:
    """Read a batch file; UserError naming the file and the item when it is malformed, or
    when a request is over ``limit`` bytes (``max_request_bytes``)."""
    data = read_yaml(path, "batch file", lenient_text=True)
    if not isinstance(data, list) or not data:
        raise UserError(f"{path}: a batch file is a non-empty YAML list of requests")
    tasks = [_task(path, i, item) for i, item in enumerate(data)]
    for i, task in enumerate(tasks):
        check_request(task.request, limit, where=f"{path}: item {i + 1}")
    return tasks


def _task(path: Path, index: int, item: object) -> BatchTask:
    if isinstance(item, str) and item.strip():
        return BatchTask(item.strip())
    if isinstance(item, dict):
        request, agent = item.get("request"), item.get("agent")
        extra = set(item) - {"request", "agent"}
        if isinstance(request, str) and request.strip() and not extra:
            if agent is None or isinstance(agent, str):
                return BatchTask(request.strip(), agent)
    raise UserError(
        f"{path}: item {index + 1} must be a request string or {{request: TEXT, agent: NAME}}"
    )


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

    async def one(index: int, task: BatchTask) -> BatchItem:
        try:
            result = await engine.start(task.request, agent=task.agent, options=options)
        except UserError as exc:
            return BatchItem(index, task, error=str(exc))
        return BatchItem(index, task, result)

    return list(await asyncio.gather(*(one(i, t) for i, t in enumerate(tasks))))


def batch_exit_code(items: list[BatchItem]) -> int:
    """The most severe exit code among the items (user error > failed > waiting > review)."""
    codes = {item.exit_code for item in items}
    return next((code for code in SEVERITY if code in codes), EXIT_COMPLETE)
