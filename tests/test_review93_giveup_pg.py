"""review93: the worker's sweep gives up a queued session whose jobs failed
``REQUEUE_MAX_FAILED`` times before any claim (f350af24: its lease ends ``failed``, "coord
resume queues it again"). ``coord sessions`` and ``coord log`` then say it is stopped, not
queued; ``coord resume`` queues it again and the count of failed jobs starts over from the
resume (the ones before it are not counted again: not given up at once a second time)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from cli import coord
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, check_nothing_repeated, store_at, submit

from coordinator.store import pgqueue

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_a_session_given_up_is_shown_stopped_and_a_resume_starts_its_count_over(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pgqueue, "REQUEUE_MAX_FAILED", 1)  # one failed job is the cap here
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)  # queued; no worker yet
    lock = pgqueue.session_lock(sid)
    with psycopg.connect(pg_url, autocommit=True) as con:  # its attempts all failed
        con.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE lock = %s", (lock,))
    drained = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, drain=True, poll=0.5)
    drained.thread.join(60)
    assert not drained.thread.is_alive(), drained.log
    assert f"not queuing {sid} again: {pgqueue.gave_up(1)}" in "\n".join(drained.log)
    listed = coord("sessions", "--db", pg_url, cwd=tmp_path)
    shown = coord("log", sid, "--db", pg_url, cwd=tmp_path)
    assert listed.returncode == 0 and shown.returncode == 0, listed.stderr + shown.stderr
    for out in (listed.stdout, shown.stdout):
        assert "queued" not in out, out  # no worker will take it: not said to wait for one
    resumed = coord("resume", sid, "--db", pg_url, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    with psycopg.connect(pg_url, autocommit=True) as con:  # the resume's job lost, no failure
        gone = con.execute(
            "DELETE FROM procrastinate_jobs WHERE lock = %s AND status = 'todo'", (lock,)
        )
        assert gone.rowcount == 1
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5)
    try:
        live.line_with(f"ended {sid} complete", timeout=90)
    finally:
        live.stop()
    log = "\n".join(live.log)
    assert f"not queuing {sid} again" not in log, log  # the failure before the resume: gone
    assert f"queued {sid} again: it waited for a worker with no job left to drive it" in log
    check_nothing_repeated(pg_url, [sid], hops=1)
    with closing(store_at(pg_url)) as store:
        [job] = store.jobs()
        assert job["error"] is None
