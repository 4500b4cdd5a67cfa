"""review133: hooks112's owed SessionEnd hooks, reviewed with real processes and a real
PostgreSQL: fired once when a worker's takeover meets a resume firing them, told in
``coord log`` and by the resume that fires them."""

from __future__ import annotations

import asyncio
from contextlib import closing
from pathlib import Path

from kit import write_agents, write_script
from test_hooks112_owed import _end_hook, _kinds
from test_workers_pg import chain, store_at, submit_at_once

from coordinator.events import HooksOwed
from coordinator.providers.pool import ProviderPool
from coordinator.runtime.engine import StoreJournal
from coordinator.runtime.worker import drive_claimed


def test_a_worker_taking_over_fires_no_owed_session_end_a_resume_is_firing(
    tmp_path: Path, pg_url: str
) -> None:
    """A session ended with its SessionEnd owed (its driver killed); a ``coord resume``
    on another machine holds its lock, firing them, as the worker the job is handed to
    finds it ended: the worker fires nothing (the resume does, once), says why, and
    hands the job back done. Before, the worker's claim stood in for the lock
    (``PgStore.lock_session``) and it fired them a second time beside the resume."""
    held = _end_hook(tmp_path)
    (held / "released").touch()
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit_at_once(tmp_path, pg_url, script, agents, 1)
    said: list[str] = []
    with closing(store_at(pg_url)) as resuming, closing(store_at(pg_url)) as store:
        with store.transaction():  # what its killed driver committed
            store.set_session_status(sid, "complete")
            StoreJournal(store, None).emit(HooksOwed(sid, None, "SessionEnd", "other"))
        resuming.lock_session(sid)  # `coord resume SID` elsewhere, firing them
        assert store.claim_session(sid, "taker") is not None
        assert asyncio.run(drive_claimed(store, said.append, ProviderPool())) == 0
        assert store.claim is None
        assert not (held / "ends").exists()  # not fired beside the resume
        assert _kinds(store, sid) == ["hooks_owed"]
        resuming.unlock_session(sid, ended=True)
    assert any("not fired" in line and "in use" in line for line in said), said
    assert not any(line.startswith("fired the SessionEnd") for line in said), said
