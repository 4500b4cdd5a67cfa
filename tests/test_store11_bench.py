"""The checkpointed hop measurement (issue 12, branch store11).

``bench_engine.sequential(..., checkpointed=True)`` (``bench/bench_hop_ab.py
--checkpointed``): the measured sessions start on an emptied WAL and their time includes
the checkpoint of what they wrote, so a fresh and a populated file (and trees with other
checkpoint sizes) pay the same share of checkpoints.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from coordinator.store.db import Store

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def be(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(BENCH))
    import bench_engine

    return bench_engine


def _record(be: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Sessions made and checkpoints taken, in order."""
    seen: list[str] = []
    real_create, real_checkpoint = Store.create_session, be._checkpoint

    def create(self: Store, request: str, *args: Any, **kwargs: Any) -> str:
        seen.append(request)
        return real_create(self, request, *args, **kwargs)

    def checkpoint(store: Store, mode: str) -> None:
        seen.append(mode)
        real_checkpoint(store, mode)

    monkeypatch.setattr(Store, "create_session", create)
    monkeypatch.setattr(be, "_checkpoint", checkpoint)
    return seen


def test_a_checkpointed_window_starts_empty_and_pays_its_own_checkpoint(
    be: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _record(be, monkeypatch)
    cpu = asyncio.run(be.sequential(be.InstantModel(be.CHAIN), 2, stored=2, checkpointed=True))
    assert cpu > 0
    assert seen == ["stored", "stored", "warm up", "TRUNCATE", "request 0", "request 1", "PASSIVE"]


def test_without_the_flag_nothing_is_checkpointed_by_the_bench(
    be: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _record(be, monkeypatch)
    asyncio.run(be.sequential(be.InstantModel(be.SINGLE), 1))
    assert seen == ["warm up", "request 0"]


def test_checkpoint_copies_every_frame(be: Any, tmp_path: Path) -> None:
    engine, store = be.engine(tmp_path, be.InstantModel(be.SINGLE))
    asyncio.run(engine.start("one", agent="backend"))
    wal = Path(f"{store.path}-wal")
    assert wal.stat().st_size > 0
    be._checkpoint(store, "TRUNCATE")
    assert wal.stat().st_size == 0
    store.close()


def test_a_lever_window_is_checkpointed_the_same_way(
    be: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bench_hop_levers

    seen = _record(be, monkeypatch)
    run = bench_hop_levers._per_session(be.SINGLE, "sorted-ids", 1, 1, checkpointed=True)
    assert asyncio.run(run) > 0
    assert seen == ["stored", "warm up", "TRUNCATE", "request 0", "PASSIVE"]
