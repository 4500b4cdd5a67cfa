"""team65: a team running many chains on shared workers, end to end. The rough edges it met:
a refused resume of an ended shared session suggested a `coord log` that cannot find it, a
worker's log said a session ended failed (or waiting) but not why, nor which sessions of a
dead worker it took over, `coord run --batch --detach` said nothing of what its sessions wait
for, and `coord log` of a session no worker takes did not say why."""

from __future__ import annotations

import shlex
import signal
from pathlib import Path

import pytest
from cli import coord
from kit import write_agents, write_script
from test_workers_pg import InProcessWorker, chain, line_with, submit, worker

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

#: A script whose only answer is an error no retry mends: the session fails.
TOO_LONG = {
    "backend": [
        {
            "error": {
                "status": 400,
                "type": "invalid_request_error",
                "message": "prompt is too long",
            }
        }
    ]
}


def failed_by_a_worker(tmp: Path, url: str) -> tuple[str, InProcessWorker]:
    """A session queued with a script that fails it, and the worker that drove it to its
    end (still running: the caller stops it)."""
    agents = write_agents(tmp / "agents", "backend")
    script = write_script(tmp / "s.yaml", TOO_LONG)
    [sid] = submit(tmp, url, script, agents, 1)
    return sid, InProcessWorker(url, tmp / "roots", lease=5.0)


def test_a_worker_says_why_a_session_it_drove_failed(tmp_path: Path, pg_url: str) -> None:
    """The worker's log is where a team looks first: its line for a failed session says
    why (before: "ended ID failed", the cause only in `coord log ID --db URL`)."""
    sid, live = failed_by_a_worker(tmp_path, pg_url)
    try:
        line = live.line_with(f"ended {sid} ")
    finally:
        live.stop()
    assert line.startswith(f"ended {sid} failed: ")
    assert "prompt is too long" in line
    assert "\n" not in line


def test_a_refused_resume_of_an_ended_shared_session_names_the_store_to_read_it(
    tmp_path: Path, pg_url: str
) -> None:
    """`coord resume ID --db URL` of a session that ended: the `coord log` it suggests has
    the `--db` that finds it, and works from another folder (before: `coord log ID`, which
    finds no session stored on PostgreSQL: "unknown session")."""
    sid, live = failed_by_a_worker(tmp_path, pg_url)
    try:
        live.line_with(f"ended {sid} ")
    finally:
        live.stop()
    refused = coord("resume", sid, "--db", pg_url)
    assert refused.returncode == 1  # ops103: its own outcome's code, in one line
    [line] = refused.stderr.splitlines()
    command = line.split("`")[1]
    assert command == f"coord log {sid} --db {pg_url}"
    elsewhere = tmp_path / "another-machine"
    elsewhere.mkdir()
    shown = coord(*shlex.split(command)[1:], cwd=elsewhere)
    assert shown.returncode == 0, shown.stderr
    assert f"session {sid}" in shown.stdout and "failed" in shown.stdout


def test_a_detached_batch_says_what_its_sessions_wait_for(tmp_path: Path, pg_url: str) -> None:
    """`coord run --batch FILE --detach` where no worker runs: after its lines, one note as
    `run --detach` gives for one session: queued, nothing drives them yet, the command that
    would (before: the lines only, so a batch queued where no worker's root holds it sat
    `running` with nothing said)."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(
        "- request: task one\n  agent: backend\n- request: task two\n  agent: backend\n",
        encoding="utf-8",
    )
    ws = tmp_path / "roots" / "ws"
    ws.mkdir(parents=True)
    ran = coord(
        "run", "--batch", tasks, "--workspace", ws, "--db", pg_url, "--detach",
        "--provider", "scripted", "--script", script, "--agents-dir", agents, "--only",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    first, second = (line.split()[0] for line in ran.stdout.splitlines())
    said = " ".join(ran.stderr.split())
    assert f"sessions {first} and 1 more of this batch are queued for the workers" in said
    assert "so nothing drives them yet" in said
    assert f"coord worker --db {pg_url} --workspace-root {ws.resolve()} --drain" in said
    assert second not in said


def test_the_log_of_a_session_no_worker_takes_says_why_and_what_drives_it(
    tmp_path: Path, pg_url: str
) -> None:
    """A teammate who did not submit it reads `coord log ID` of a session queued under no
    live worker's root: the log says what `run --detach` said (a worker is live but none
    has a root holding it; the command that would drive it), not only "no worker has taken
    it for 5s" (before: the reason was said once, to the submitter only)."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    (tmp_path / "elsewhere").mkdir()
    other = InProcessWorker(pg_url, tmp_path / "elsewhere", lease=5.0)
    try:
        other.line_with(" ready: ")
        shown = coord("log", sid, "--db", pg_url)
    finally:
        other.stop()
    said = " ".join(shown.stdout.split())
    assert "1 worker sent a heartbeat in the last 5 s, but none has a --workspace-root" in said
    ws = (tmp_path / "roots" / "ws0").resolve()
    assert f"coord worker --db {pg_url} --workspace-root {ws} --drain" in said


def test_a_worker_names_the_sessions_of_a_killed_worker_it_hands_on(
    tmp_path: Path, pg_url: str
) -> None:
    """kill -9 of a worker mid-chain: the worker whose sweep hands its session on names it
    (before: "requeued 1 session of dead workers", which left the team to guess which of
    its running sessions had lost a worker)."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "go"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    doomed = worker(pg_url, tmp_path, "--lease", "60")
    try:
        line_with(doomed, f"driving {sid} epoch 1")  # held in its first model call
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=60)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0)
    try:
        said = live.line_with("of dead workers")
        gate.touch()
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    assert said == f"requeued 1 session of dead workers: {sid}"
