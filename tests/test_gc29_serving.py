"""``coord mcp`` serves with its roster's routing index built first and kept out of the
collector's passes, at the pace a batch runs at (``coordinator.gcpace``)."""

from __future__ import annotations

import functools
import gc
from pathlib import Path
from typing import Any

import pytest
from kit import team, write_agents

from coordinator.errors import UserError
from coordinator.gcpace import SERVING_THRESHOLD, serving_collections
from coordinator.routing import carried, outcomes
from coordinator.routing.lexical import _ROUTERS, Router

pytest.importorskip("mcp")

from coordinator.serve import mcp_server
from coordinator.serve.service import CoordinatorService, ServiceOptions


class Watched:
    """Stands in for the MCP server: notes what serving looks like while it runs."""

    def __init__(self, service: CoordinatorService, seen: dict[str, Any]):
        self.service, self.seen = service, seen

    def run(self, *args: object, **kwargs: object) -> None:
        registry = self.service._registry
        self.seen.update(
            threshold=gc.get_threshold(),
            frozen=gc.get_freeze_count(),
            index_built=registry is not None and registry in _ROUTERS,
            tables_unmade=set(carried._TABLES) - carried.made(),
            transport=args[:1],
        )


def _serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agents: Path, **how: Any) -> Any:
    ws = tmp_path / "ws"
    ws.mkdir(parents=True)
    service = CoordinatorService(ServiceOptions(ws, agents_dirs=[agents], only=True))
    seen: dict[str, Any] = {}
    monkeypatch.setattr(mcp_server, "build_server", lambda *a, **k: Watched(service, seen))
    mcp_server.serve(service, **how)
    return service, seen


@pytest.mark.parametrize("how", [{}, {"http_port": 8765, "token": "t0ken"}], ids=["stdio", "http"])
def test_the_server_runs_with_the_index_built_and_frozen_then_the_pace_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: dict[str, Any]
) -> None:
    before = gc.get_threshold()
    agents, tables = write_agents(tmp_path / "agents"), carried._TABLES.items()
    for start in ("first", "again"):  # again: the index read from the cache the first stored
        fresh = {name: (build, functools.cache(build)) for name, (build, _) in tables}
        monkeypatch.setattr(carried, "_TABLES", fresh)  # a process that routed nothing yet
        _, seen = _serve(tmp_path / start, monkeypatch, agents, **how)
        assert seen["tables_unmade"] == set()  # no request builds or reads one
    assert seen["index_built"]
    assert seen["threshold"] == (max(before[0], SERVING_THRESHOLD), *before[1:])
    assert seen["frozen"] > 0
    assert seen["transport"] == (("streamable-http",) if how else ())
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_roster_that_cannot_be_read_is_reported_by_the_first_route(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, seen = _serve(tmp_path, monkeypatch, tmp_path / "missing")
    assert seen["index_built"] is False  # the server still started
    with pytest.raises(UserError, match="cannot read the agents folder"):
        service.route("Add the endpoint GET /tasks")


def test_serving_freezes_what_the_process_held_and_restores_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError, match="server bug"), serving_collections():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] >= SERVING_THRESHOLD
        raise RuntimeError("server bug")
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)


def test_what_new_requests_leave_in_the_routing_caches_holds_nothing_tracked() -> None:
    """A word's plan and what an outcome word stands in hold strings, numbers and tuples of
    them only: the collector stops tracking them (an enum member or a frozenset it tracks
    for good: bench/routing_gc.py counts them). A pass untracks a tuple once what it holds
    is untracked, and may meet a tuple before what it holds: a plan (plan, term, relatives)
    is untracked whole after three."""
    router = Router(team())
    for request in ("Після деплою сторінка замовлень падає з 500", "Add a deploy step to CI"):
        router.route(request)
    for _ in range(3):
        gc.collect()
    assert not [word for word, plan in router._plans.items() if gc.is_tracked(plan)]
    terms = [term for plan in router._plans.values() for term in plan]
    assert terms
    assert [type(term[-1]) for term in terms] == [int] * len(terms)  # a kind, as its int
    assert not [term for term in terms if any(map(gc.is_tracked, (term, *term)))]
    reads = [read for read in outcomes._READ.values() if read[1]]
    assert reads  # words that stand in an outcome frame (deploy)
    assert not [read for read in reads if any(map(gc.is_tracked, read[1:]))]
