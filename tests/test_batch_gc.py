"""A batch runs with garbage collection sized for many sessions, and puts it back after."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, report, scripted

from coordinator.gcpace import SERVING_THRESHOLD
from coordinator.providers.base import ModelRequest, ModelResponse
from coordinator.runtime.batch import BatchTask, run_batch

DONE = {"backend": [{"text": report("Complete")}]}


class Watching:
    """Wraps a provider and notes the collector's settings at every model call."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.name = inner.name
        self.seen: list[tuple[tuple[int, int, int], int]] = []

    async def complete(self, request: ModelRequest) -> ModelResponse:
        self.seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return await self.inner.complete(request)  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_the_batch_freezes_what_was_there_and_collects_less_often(tmp_path: Path) -> None:
    before = gc.get_threshold()
    provider = Watching(scripted(DONE))
    h = Harness(tmp_path, {}, provider=provider)
    items = await run_batch(h.engine, [BatchTask(f"task {i}", "backend") for i in range(3)])
    assert [i.result.status if i.result else i.error for i in items] == ["complete"] * 3
    assert len(provider.seen) == 3
    for threshold, frozen in provider.seen:
        assert threshold == (max(before[0], SERVING_THRESHOLD), *before[1:])
        assert frozen > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_settings_come_back_when_the_batch_fails(tmp_path: Path) -> None:
    before = gc.get_threshold()
    h = Harness(tmp_path, DONE)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine bug")

    h.engine.start = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError, match="engine bug"):
        await run_batch(h.engine, [BatchTask("task", "backend")])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
