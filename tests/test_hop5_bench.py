"""The hop's measuring tools (issue 12, branch hop5).

* ``bench_engine.sequential(..., stored=N)`` measures sessions on a file already holding N
  3-hop chains (``bench/bench_hop_ab.py --stored N``), on the measured store's connection.
* Every lever of ``bench/bench_hop_levers.py`` still drives its sessions to completion on
  today's store and engine (they reach into private parts, which may move), and puts back
  what it replaced.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from coordinator.runtime.engine import Engine
from coordinator.store.db import Store

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(BENCH))
    import bench_engine
    import bench_hop_levers

    return bench_engine, bench_hop_levers


def test_sequential_stores_the_chains_first_on_the_measured_connection(
    bench: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    be, _ = bench
    made: list[tuple[int, str]] = []
    real = Store.create_session

    def counting(self: Store, request: str, *args: Any, **kwargs: Any) -> str:
        made.append((id(self), request))
        return real(self, request, *args, **kwargs)

    monkeypatch.setattr(Store, "create_session", counting)
    cpu = asyncio.run(be.sequential(be.InstantModel(be.SINGLE), 2, stored=3))
    assert cpu > 0
    assert [r for _, r in made] == ["stored"] * 3 + ["warm up", "request 0", "request 1"]
    assert len({store for store, _ in made}) == 1  # one connection, as one process's sessions


@pytest.mark.parametrize(
    "lever",
    [
        "none",
        "no-session-indexes",
        "no-foreign-keys",
        "no-data-version",
        "no-resume-status",
        "sorted-ids",
        "grown-wal",
        "ceiling",
    ],
)
def test_each_lever_completes_its_sessions_and_puts_back_what_it_replaced(
    bench: Any, lever: str
) -> None:
    _, levers = bench
    resume, new_id = Engine._resume_run, levers.engine_module.new_session_id
    assert isinstance(levers.hop(lever, 1, 1), float)
    assert Engine._resume_run is resume
    assert levers.engine_module.new_session_id is new_id


def test_time_ordered_ids_sort_in_the_order_they_were_made(bench: Any) -> None:
    _, levers = bench
    ids = [levers._sorted_id() for _ in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    assert all(len(i) == 12 and int(i, 16) >= 0 for i in ids)


def test_a_paired_round_splits_the_hops_cpu_into_user_and_system(bench: Any) -> None:
    """hop42: the kernel's share of a hop (SQLite's system calls) is told apart from the
    Python and SQLite instructions' (user), and the two add up to the hop's CPU."""
    be, _ = bench
    found = be.one_round("instant", 3)
    assert found["hop_us"] == pytest.approx(found["hop_user_us"] + found["hop_sys_us"])
    user, system = asyncio.run(be.sequential_split(be.InstantModel(be.CHAIN), 3))
    # Linux splits a precise total by sampled ticks: a short window may put it all on one side
    assert user >= 0 and system >= 0 and user + system > 0
