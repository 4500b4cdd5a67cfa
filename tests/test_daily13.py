"""daily13: what a script or CI user trips on: SIGTERM of a batch, ``sessions rm`` of many."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli import coord, finish, spawn
from fake_messages_server import FakeMessagesServer, Recorded, Reply, message
from kit import report, workspace, write_agents

# ---- SIGTERM stops a batch as Ctrl-C does ------------------------------------------------

REQUESTS = ["Add a FastAPI endpoint", "Add an API route"]


class HeldCalls:
    """A Messages API holding every call until the test releases them; ``all_in`` is set
    once ``expected`` calls are in (each session of the batch is then in its model call)."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.count = 0
        self.lock = threading.Lock()
        self.all_in, self.release = threading.Event(), threading.Event()

    def __call__(self, rec: Recorded) -> Reply:
        with self.lock:
            self.count += 1
            if self.count == self.expected:
                self.all_in.set()
        self.release.wait(timeout=120)  # a safety net only: the test releases them
        return message(report("Complete", "Endpoint added"))


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux /proc), e.g. a batch's workers."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text(encoding="utf-8").split()]


def _gone(pid: int) -> bool:
    """True when no process (not even a zombie) has this pid any more."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(params=[1, 2], ids=["one-process", "two-workers"])
def held_batch(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A real ``coord run --batch`` of two sessions (in one process or two workers), both
    held in their first model call."""
    workers: int = request.param
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(REQUESTS), "utf-8")
    model = HeldCalls(len(REQUESTS))
    with FakeMessagesServer(handler=model) as server:
        proc = spawn(
            "run", "--batch", tasks, "--workers", str(workers), "--agent", "backend",
            "--workspace", ws, "--agents-dir", agents, "--only", "--base-url", server.base_url,
        )  # fmt: skip
        try:
            while not model.all_in.wait(timeout=0.05):
                assert proc.poll() is None, proc.communicate()[1]
            db = ws / ".coordinator" / "coordinator.db"
            with closing(sqlite3.connect(db)) as con:
                sids = [row[0] for row in con.execute("SELECT id FROM sessions")]
            workers_seen = _children(proc.pid) if workers > 1 else []
            assert len(workers_seen) == (workers if workers > 1 else 0)
            yield {"proc": proc, "sids": sids, "db": db, "workers": workers_seen}
        finally:
            model.release.set()
            if proc.poll() is None:
                finish(proc)


def test_sigterm_stops_a_batch_as_ctrl_c_does_and_names_its_sessions(
    held_batch: dict[str, Any],
) -> None:
    """``timeout``, CI and ``docker stop`` send SIGTERM to the batch's process only: it
    stops every session (its workers' too), names each, exits 143 and leaves no worker."""
    proc, sids = held_batch["proc"], held_batch["sids"]
    assert len(sids) == len(REQUESTS)
    proc.send_signal(signal.SIGTERM)
    _, err = finish(proc)  # the model calls are still held: nothing ends them but SIGTERM
    assert proc.returncode == 143, err
    assert "terminated (SIGTERM) — 2 sessions of the batch left interrupted" in err, err
    assert all(f"coord resume {sid}" in err for sid in sids), err
    assert "Traceback" not in err
    assert all(_gone(pid) for pid in held_batch["workers"])
    with closing(sqlite3.connect(held_batch["db"])) as con:
        statuses = {row[0] for row in con.execute("SELECT status FROM sessions")}
    assert statuses == {"interrupted"}


def test_a_batch_stopped_by_sigterm_says_so_in_json() -> None:
    from coordinator.runtime.batch import BatchStopped

    stopped = BatchStopped(["abc"], terminated=True)
    assert stopped.exit_code == 143
    assert stopped.to_json() == {
        "status": "interrupted",
        "exit_code": 143,
        "sessions": ["abc"],
        "hint": "Resume each with `coord resume ID`; requests not started were not run.",
    }
    assert BatchStopped([]).exit_code == 130
    assert stopped.lines()[0].startswith("terminated (SIGTERM) — 1 session ")
    assert BatchStopped([], terminated=True).lines() == [
        "terminated (SIGTERM): no session of the batch was left interrupted"
    ]


# ---- `coord sessions rm A B ...` removes all of them or none -----------------------------


def _sessions(ws: Path, *requests: str) -> list[str]:
    """Sessions stored in ``ws`` (and in the session index), one per request."""
    from coordinator.store.db import Store
    from coordinator.store.index import SessionIndex
    from coordinator.store.paths import db_path

    with closing(Store.open(db_path(ws))) as store:
        store.index = SessionIndex()
        return [store.create_session(request, ws, {}) for request in requests]


def _stored(ws: Path) -> set[str]:
    from coordinator.store.paths import db_path

    with closing(sqlite3.connect(db_path(ws))) as con:
        return {row[0] for row in con.execute("SELECT id FROM sessions")}


class ResumeAtFirstDelete:
    """A ``coord resume`` of ``target`` that starts when ``sessions rm`` deletes its first
    session (from another store: the lock conflicts as with another process): whether it
    got the session's lock is in ``resumed``; it lets go at :meth:`close`."""

    def __init__(self, target: str, db: Path) -> None:
        from coordinator.store.db import Store

        self.target, self.db = target, db
        self.resume: Store | None = None
        self.resumed: bool | None = None

    def before_delete(self) -> None:
        from coordinator.errors import UserError
        from coordinator.store.db import Store

        if self.resumed is not None:
            return
        self.resume = Store.open(self.db)
        try:
            self.resume.lock_session(self.target)
            self.resumed = True
        except UserError:
            self.resumed = False

    def close(self) -> None:
        if self.resume is not None:
            self.resume.close()


@pytest.fixture
def resume_at_first_delete(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Installs a :class:`ResumeAtFirstDelete` (made by the returned function) in
    ``Store.delete_sessions``; every call's ids are recorded in ``calls``."""
    from coordinator.store.db import Store

    made: list[ResumeAtFirstDelete] = []
    calls: list[list[str]] = []
    delete = Store.delete_sessions

    def delete_after_resume(self: Store, session_ids: list[str]) -> None:
        calls.append(list(session_ids))
        for resume in made:
            resume.before_delete()
        delete(self, session_ids)

    monkeypatch.setattr(Store, "delete_sessions", delete_after_resume)

    def install(target: str, db: Path) -> ResumeAtFirstDelete:
        made.append(ResumeAtFirstDelete(target, db))
        return made[-1]

    install.calls = calls  # type: ignore[attr-defined]
    try:
        yield install
    finally:
        for resume in made:
            resume.close()


def test_sessions_rm_of_many_holds_every_lock_and_deletes_them_in_one_transaction(
    tmp_path: Path, resume_at_first_delete: Any
) -> None:
    """A resume of the last id that starts once rm is deleting finds it taken: rm held
    every session's lock before the first delete, and removes them all at once."""
    from coordinator.store.paths import db_path

    first, last = _sessions(tmp_path, "Add an endpoint", "Add a table")
    resume = resume_at_first_delete(last, db_path(tmp_path))
    removed = coord("sessions", "rm", first, last, "--workspace", tmp_path, "--json")
    assert removed.returncode == 0, removed.stderr
    assert resume.resumed is False  # rm had it: the resume is refused, not half a removal
    assert resume_at_first_delete.calls == [[first, last]]
    assert _stored(tmp_path) == set()


def test_sessions_rm_across_workspaces_removes_none_when_one_is_taken_meanwhile(
    tmp_path: Path, resume_at_first_delete: Any
) -> None:
    """Ids in two workspaces' databases: every lock is taken before any delete, so a
    resume of the second starting during the first's delete is refused, and both go."""
    from coordinator.store.paths import db_path

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (first,), (second,) = _sessions(one, "Add an endpoint"), _sessions(two, "Add a table")
    resume = resume_at_first_delete(second, db_path(two))
    removed = coord("sessions", "rm", first, second, "--json", cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert resume.resumed is False
    assert _stored(one) == set() and _stored(two) == set()


def test_sessions_rm_removes_nothing_when_a_later_id_is_in_use_and_names_it(
    tmp_path: Path,
) -> None:
    from coordinator.store.db import Store
    from coordinator.store.paths import db_path

    first, busy, last = _sessions(tmp_path, "Add an endpoint", "Add a table", "Add a page")
    with closing(Store.open(db_path(tmp_path))) as driver:
        driver.lock_session(busy)  # a run drives it (another store: another process's lock)
        refused = coord("sessions", "rm", first, last, busy, "--workspace", tmp_path)
        assert refused.returncode == 4
        assert f"session {busy} is in use by another process: not removed" in refused.stderr
        assert _stored(tmp_path) == {first, busy, last}
        driver.unlock_session(busy, ended=True)
    with closing(Store.open(db_path(tmp_path))) as after:  # rm let go of every lock it took
        assert not any(after.session_in_use(sid) for sid in (first, busy, last))
        assert after.session(first).status == "running"  # refused: nothing was marked


def test_sessions_rm_of_many_on_the_shared_store_removes_none_when_one_is_in_use(
    tmp_path: Path, pg_fresh: str
) -> None:
    """PostgreSQL: the ids are checked, then all go in one transaction that takes each
    lock again; one a process drives (also when taken after the check) keeps them all."""
    from storefixtures import open_at
    from test_pg12 import counts, run_in

    from coordinator.errors import UserError

    first, busy = (run_in(tmp_path, pg_fresh, text, "--json") for text in ("Add a", "Add b"))
    with closing(open_at(pg_fresh)) as driver:
        driver.lock_session(busy)
        refused = coord("sessions", "rm", first, busy, "--db", pg_fresh)
        assert refused.returncode == 4
        assert f"session {busy} is in use by another process: not removed" in refused.stderr
        with closing(open_at(pg_fresh)) as rm, pytest.raises(UserError, match=busy):
            rm.delete_sessions([first, busy])  # past the check: the transaction refuses
    assert counts(pg_fresh, first)["sessions"] == counts(pg_fresh, busy)["sessions"] == 1
