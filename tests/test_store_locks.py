"""Session locks: exclusive between stores and processes, one lock file per database."""

from __future__ import annotations

import os
import threading
from contextlib import closing
from pathlib import Path

import pytest

from coordinator.errors import UserError
from coordinator.store.db import Store


def test_sessions_share_one_lock_file_and_leave_nothing_else(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with closing(Store.open(db)) as store, closing(Store.open(db)) as other:
        ids = [store.create_session(f"r{i}", tmp_path, {}) for i in range(20)]
        for sid in ids:
            store.lock_session(sid)
            assert store.session_in_use(sid) and other.session_in_use(sid)
            with pytest.raises(UserError, match="in use by another process"):
                other.lock_session(sid)
            store.unlock_session(sid)
            assert not other.session_in_use(sid)
    assert sorted(p.name for p in tmp_path.iterdir() if "lock" in p.name) == ["s.db.lock"]


def test_racing_lockers_never_hold_a_session_together(tmp_path: Path) -> None:
    """Many stores take and drop one session's lock at once: never two holders."""
    db = tmp_path / "s.db"
    with closing(Store.open(db)) as store:
        sid = store.create_session("r", tmp_path, {})
    holders: list[int] = []
    overlaps: list[int] = []
    taken = [0]
    guard = threading.Lock()

    def contend() -> None:
        with closing(Store.open(db)) as mine:
            for _ in range(300):
                try:
                    mine.lock_session(sid)
                except UserError:
                    continue
                with guard:
                    holders.append(1)
                    taken[0] += 1
                for _ in range(50):  # hold it a moment (syscalls let the others run)
                    os.stat(db)
                with guard:
                    overlaps.append(len(holders))
                    holders.pop()
                mine.unlock_session(sid)

    threads = [threading.Thread(target=contend) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert taken[0] > 0
    assert max(overlaps) == 1


def test_unlocking_a_session_still_running_records_it_interrupted(tmp_path: Path) -> None:
    with closing(Store.open(tmp_path / "s.db")) as store:
        sid = store.create_session("r", tmp_path, {})
        store.lock_session(sid)
        store.unlock_session(sid)  # its driver stopped without an outcome
        row = store.session(sid)
        assert (row.status, row.reason) == ("interrupted", "stopped before it finished")
        assert [e.kind for e in store.events(sid)] == ["interrupted"]
        store.set_session_status(sid, "complete")
        store.lock_session(sid)
        store.unlock_session(sid)
        assert store.session(sid).status == "complete"  # an outcome is never overwritten
