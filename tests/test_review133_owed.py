"""review133: hooks112's owed SessionEnd hooks, reviewed with real processes and a real
PostgreSQL: fired once when a worker's takeover meets a resume firing them, told in
``coord log`` and by the resume that fires them."""

from __future__ import annotations

import asyncio
from contextlib import closing
from pathlib import Path

from cli import coord
from kit import rows
from test_hooks112_owed import _kinds, ended_owing_session_end, killed_in_session_end
from test_workers_pg import store_at

from coordinator.providers.pool import ProviderPool
from coordinator.runtime.worker import drive_claimed


def test_a_worker_taking_over_fires_no_owed_session_end_a_resume_is_firing(
    tmp_path: Path, pg_url: str
) -> None:
    """A session ended with its SessionEnd owed (its driver killed); a ``coord resume``
    on another machine holds its lock, firing them, as the worker the job is handed to
    finds it ended: the worker fires nothing (the resume does, once), says why, and
    hands the job back done. Before, the worker's claim stood in for the lock
    (``PgStore.lock_session``) and it fired them a second time beside the resume."""
    held, sid = ended_owing_session_end(tmp_path, pg_url)
    said: list[str] = []
    with closing(store_at(pg_url)) as resuming, closing(store_at(pg_url)) as store:
        resuming.lock_session(sid)  # `coord resume SID` elsewhere, firing them
        assert store.claim_session(sid, "taker") is not None
        assert asyncio.run(drive_claimed(store, said.append, ProviderPool())) == 0
        assert store.claim is None
        assert not (held / "ends").exists()  # not fired beside the resume
        assert _kinds(store, sid) == ["hooks_owed"]
        resuming.unlock_session(sid, ended=True)
    assert any("not fired" in line and "in use" in line for line in said), said
    assert not any(line.startswith("fired the SessionEnd") for line in said), said


def test_a_late_session_end_is_told_by_the_resume_that_runs_it_and_by_coord_log(
    tmp_path: Path,
) -> None:
    """``coord run`` killed while its SessionEnd hook runs: ``coord log`` says the hooks
    are owed; a ``--no-hooks`` resume says they still are; the resume that runs them says
    so (not "nothing was resumed or recorded"); ``coord log`` then says they ran late (the
    one cut mid-way ran again). Before, the log showed nothing of it and the resume that
    ran them said nothing was recorded."""
    ws, held = killed_in_session_end(tmp_path)
    [(sid,)] = rows(ws / ".coordinator" / "coordinator.db", "SELECT id FROM sessions")

    owed = coord("log", sid, "--workspace", ws)
    off = coord("resume", sid, "--workspace", ws, "--no-hooks")
    fired = coord("resume", sid, "--workspace", ws)
    late = coord("log", sid, "--workspace", ws)

    assert "SessionEnd hooks owed" in owed.stdout, owed.stdout
    assert off.returncode == 0 and "SessionEnd hooks are still owed" in off.stderr, off.stderr
    assert fired.returncode == 0, fired.stderr
    assert "its SessionEnd hooks, owed since" in fired.stderr, fired.stderr
    assert "nothing was resumed or recorded" not in fired.stderr
    assert "SessionEnd hooks ran late" in late.stdout, late.stdout
    assert "SessionEnd hooks owed" not in late.stdout
    assert (held / "ends").read_text(encoding="utf-8") == "ran\nran\n"
