"""A serving process runs the collector's passes between requests, not inside them: the
collection due runs after an answer is out (``gcpace.collect_between``; ``coord mcp``'s
``BetweenRequests``), so a new request no longer pays for one the requests before it made."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kit import write_agents

from coordinator.gcpace import BETWEEN_THRESHOLD, collect_between, serving_collections

pytest.importorskip("mcp")

from coordinator.serve import mcp_server
from coordinator.serve.service import CoordinatorService, ServiceOptions

pytestmark = pytest.mark.xdist_group("mcp")


@pytest.fixture
def passes() -> Iterator[list[int]]:
    """The generation of every collection run while a test serves (a fresh young one)."""
    seen: list[int] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    with serving_collections():
        gc.collect(0)  # the young generation starts empty
        gc.callbacks.append(watch)
        try:
            yield seen
        finally:
            gc.callbacks.remove(watch)


def young(count: int) -> list[list[int]]:
    """``count`` new objects the collector tracks, kept alive."""
    return [[i] for i in range(count)]


def test_between_requests_nothing_is_collected_until_one_is_near_due(passes: list[int]) -> None:
    kept = young(BETWEEN_THRESHOLD // 2)
    assert collect_between() is None
    assert passes == []
    kept += young(BETWEEN_THRESHOLD)
    assert collect_between() == 0
    assert passes == [0]
    assert gc.get_count()[0] < BETWEEN_THRESHOLD // 10  # the young generation emptied


def test_between_requests_the_older_generations_come_due_as_the_collector_makes_them(
    passes: list[int],
) -> None:
    """A young pass counts one towards the middle generation, a middle pass one towards the
    oldest: the generation collected is the one the collector itself would run, so no
    generation goes uncollected in a server that only collects between requests."""
    middle, oldest = 2, 2  # CPython's 10 and 10, made small
    gc.set_threshold(gc.get_threshold()[0], middle, oldest)  # serving_collections restores
    gc.collect()  # every generation's count back to 0
    passes.clear()
    kept = []
    for _ in range((middle + 2) * (oldest + 2)):
        kept.append(young(BETWEEN_THRESHOLD))
        collect_between()
    cycle = [0] * (middle + 1) + [1]  # a middle pass once the middle count is over 2
    assert passes[: len(cycle) * (oldest + 1) + 1] == cycle * (oldest + 1) + [2]


def _server(tmp_path: Path) -> Any:
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = write_agents(tmp_path / "agents")
    service = CoordinatorService(ServiceOptions(ws, agents_dirs=[agents], only=True))
    service.prepare()
    return mcp_server.build_server(service)


async def _turns(count: int = 20) -> None:
    """Let the event loop run what is scheduled now (no time passes)."""
    for _ in range(count):
        await asyncio.sleep(0)


async def test_the_server_collects_after_a_route_is_answered_not_while_routing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passes: list[int]
) -> None:
    server = _server(tmp_path)
    monkeypatch.setattr(mcp_server, "PAUSE", 0)
    await server.call_tool("route", {"request": "Add the endpoint GET /tasks"})
    await _turns()
    gc.collect(0)
    passes.clear()
    kept = young(BETWEEN_THRESHOLD + 100)  # what earlier requests left: one now near due
    answer = await server.call_tool("route", {"request": "Fix the flaky login test"})
    assert answer and passes == []  # the route ran none
    await _turns()
    assert passes == [0]  # run once the answer was out
    assert kept


async def test_no_collection_runs_while_another_call_is_in_flight(
    monkeypatch: pytest.MonkeyPatch, passes: list[int]
) -> None:
    """A call that ends while another runs (a ``run`` waiting on the model) leaves the
    collection to the last one's end."""
    monkeypatch.setattr(mcp_server, "PAUSE", 0)
    between = mcp_server.BetweenRequests()
    kept = young(BETWEEN_THRESHOLD + 100)
    async with between.call():
        async with between.call():
            pass
        await _turns()
        assert passes == []
    await _turns()
    assert passes == [0]
    assert kept
