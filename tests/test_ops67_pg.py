"""ops67: shared workers that stop promptly and never pay a model call twice. A SIGTERM
hands each session back to the queue at its next step boundary (its model call in flight
finished and stored first) instead of driving it to its next stop; a second signal exits
at once and another worker takes the session over."""

from __future__ import annotations

import queue
import signal
from contextlib import closing
from pathlib import Path

import pytest
from kit import write_agents, write_script
from test_workers_pg import (
    InProcessWorker,
    call_held,
    chain,
    check_nothing_repeated,
    line_with,
    read_into,
    store_at,
    submit,
    worker,
)

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

HOPS = 3


def replies(url: str, sid: str) -> int:
    """The model replies stored for the session (every paid call that was not thrown away)."""
    with closing(store_at(url)) as store:
        return sum(
            [m["role"] for m in store.messages(run.id)].count("assistant")
            for run in store.runs(sid)
        )


def held_session(tmp: Path, url: str) -> tuple[str, Path]:
    """A queued chain of :data:`HOPS` model calls whose first call is held until the file
    returned exists."""
    agents = write_agents(tmp / "agents", "backend")
    gate = tmp / "go"
    script = write_script(tmp / "s.yaml", chain(hops=HOPS, latency_ms=0, hold=gate))
    [sid] = submit(tmp, url, script, agents, 1)
    return sid, gate


def test_sigterm_hands_the_session_back_after_its_model_call_in_flight(
    tmp_path: Path, pg_url: str
) -> None:
    """SIGTERM while the first of three model calls is in flight: the call finishes and is
    stored, the session is queued again at once (before its tool runs) with one line, the
    worker exits 0, and another worker goes on from that step: no call made twice, no tool
    run twice (before: the worker drove the whole chain to its end before it exited)."""
    sid, gate = held_session(tmp_path, pg_url)
    proc = worker(pg_url, tmp_path, "--lease", "60")
    try:
        line_with(proc, f"driving {sid} epoch 1")
        call_held(gate)  # held in its first model call
        proc.send_signal(signal.SIGTERM)
        said = line_with(proc, "stopping: ")
        gate.touch()
        handed = line_with(proc, f"handed back {sid}")
        assert proc.wait(timeout=60) == 0
    finally:
        gate.touch()
        proc.kill()
    assert "handing back the 1 session being driven at their next step" in said
    assert handed.strip() == f"handed back {sid} after step 1"
    assert replies(pg_url, sid) == 1  # the paid call was stored before the hand-back
    effects = (tmp_path / "roots" / "ws0" / "effects.log").read_text().splitlines()
    assert effects == ["# effects"]  # and its tool did not run here
    with closing(store_at(pg_url)) as store:
        [job] = store.jobs()
    assert job["state"] == "todo"  # queued again: no lease to wait for
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        # its second job, not a second failure (before: "attempt 2")
        claimed = taker.line_with(f"claimed {sid} ")
        assert claimed == f"claimed {sid} epoch 2 (the session's job 2)"
        taker.line_with(f"ended {sid} complete")
        taker.line_with("<stopped>")
    finally:
        taker.stop()
    check_nothing_repeated(pg_url, [sid], hops=HOPS)  # HOPS + 1 replies, each tool once


def test_a_second_sigterm_exits_at_once_and_a_peer_takes_the_session_over(
    tmp_path: Path, pg_url: str
) -> None:
    """A second SIGTERM while the model call is still in flight: the worker exits at once
    (143, one line); its claim ends with its connection, so a peer takes the session over
    at epoch 2 and completes it, each reply stored once (before: a second SIGTERM did
    nothing, and the worker waited for the held call)."""
    sid, gate = held_session(tmp_path, pg_url)
    proc = worker(pg_url, tmp_path, "--lease", "60")
    lines: queue.Queue[str] = queue.Queue()
    try:
        line_with(proc, f"driving {sid} epoch 1")
        call_held(gate)
        proc.send_signal(signal.SIGTERM)
        line_with(proc, "stopping: ")
        read_into(proc, lines)  # a worker that goes on waiting must not hang the test
        proc.send_signal(signal.SIGTERM)
        said = lines.get(timeout=60)
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        proc.kill()
    assert said.startswith("SIGTERM again: ")
    assert "exiting at once" in said
    taker = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0)
    try:
        assert taker.line_with("of dead workers").endswith(sid)
        taker.line_with(f"claimed {sid} epoch 2")
        gate.touch()
        taker.line_with(f"ended {sid} complete")
    finally:
        gate.touch()
        taker.stop()
    check_nothing_repeated(pg_url, [sid], hops=HOPS)


def test_the_log_of_a_queued_session_shows_its_run_queued_not_working(
    tmp_path: Path, pg_url: str
) -> None:
    """`coord log` of a session no worker has taken yet: its run reads `queued`, in the tree
    and in `--json` (before: `… working`, as if a worker drove it); once a worker has
    driven it, nothing says queued."""
    import json

    from cli import coord

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    shown = coord("log", sid, "--db", pg_url)
    assert shown.returncode == 0, shown.stderr
    assert "working" not in shown.stdout
    [run_line] = [line for line in shown.stdout.splitlines() if "backend" in line]
    assert " queued " in run_line
    assert "… queued: no worker has taken it yet" in shown.stdout
    logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    assert (logged["status"], logged["chain"]["status"]) == ("running", "queued")
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=60.0, drain=True)
    try:
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    logged = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    assert logged["chain"]["status"] == "complete"


def test_a_workers_lines_start_with_their_time_unless_stderr_is_the_journal(
    tmp_path: Path, pg_url: str
) -> None:
    """Redirected to a file (`coord worker ... 2>>worker.log`), each line starts with the
    UTC time to the second (before: none, so a log read after an incident said nothing of
    when); the last line too."""
    from datetime import UTC, datetime

    (tmp_path / "roots").mkdir()
    proc = worker(pg_url, tmp_path, "--drain")
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    lines = [line for line in err.splitlines() if " ready: " in line or " stopped after " in line]
    assert len(lines) == 2, err  # its first line and its last
    for line in lines:
        at = datetime.strptime(line.split(" ", 1)[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert abs((datetime.now(UTC) - at).total_seconds()) < 600


def test_under_journald_a_workers_lines_are_not_stamped_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A systemd service's stderr is the journal, which stamps each line: JOURNAL_STREAM
    names that stream (device:inode), and a line written there carries no time of its own;
    a variable inherited by a process whose stderr goes elsewhere does not count."""
    import os
    import sys

    from coordinator.runtime.worker import log_line

    st = os.fstat(sys.stderr.fileno())
    monkeypatch.setenv("JOURNAL_STREAM", f"{st.st_dev}:{st.st_ino}")
    log_line("ended abc complete")
    assert capfd.readouterr().err == "ended abc complete\n"
    monkeypatch.setenv("JOURNAL_STREAM", f"{st.st_dev}:{st.st_ino + 1}")
    log_line("ended abc complete")
    assert capfd.readouterr().err.endswith("Z ended abc complete\n")


def restart_server(url: str) -> None:
    """``pg_ctl -m fast restart`` of the private cluster at ``url`` (its options kept)."""
    server_ctl(data_directory(url), "restart")


def data_directory(url: str) -> Path:
    """The data directory of the running cluster at ``url``."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute("SHOW data_directory").fetchone()
    assert row is not None
    return Path(row[0])


def server_ctl(data: Path, action: str) -> None:
    """``pg_ctl -m fast -w ACTION`` (restart, stop, start) of the private cluster in ``data``
    (a start or restart keeps its options)."""
    import subprocess

    from pgcluster import _as_owner, _bindir

    bindir = _bindir()
    assert bindir is not None
    log = data.parent / "log"  # (the server keeps no pipe of this process open)
    command = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-m", "fast", "-w"]
    done = subprocess.run(
        _as_owner([*command, action]),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == 0, log.read_text(errors="replace")[-2000:]


def test_a_database_restart_leaves_a_live_workers_session_with_it(tmp_path: Path) -> None:
    """`pg_ctl restart` while a worker's model call is in flight: no sweep hands the session
    on (its worker beats: it is alive), and the worker opens its connection again, takes
    its claim up again at the same epoch and stores the call's reply: each call made once
    (before: the sweep handed the session on at once, the worker took it at epoch 2 and
    made the call again, fencing its own epoch-1 reply)."""
    from pgcluster import _bindir, private_cluster
    from test_team47_workers_pg import peer_sweep

    if _bindir() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    with private_cluster() as url:
        sid, gate = held_session(tmp_path, url)
        proc = worker(url, tmp_path, "--lease", "60", "--concurrency", "2")
        seen: list[str] = []
        try:
            line_with(proc, f"driving {sid} epoch 1", seen)
            call_held(gate)  # held in its first model call
            restart_server(url)
            assert peer_sweep(url, tmp_path / "roots", 60.0) == []  # nobody takes it
            gate.touch()
            line_with(proc, f"ended {sid} ", seen)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
        finally:
            gate.touch()
            proc.kill()
        assert not [line for line in seen if "epoch 2" in line or "fenced" in line], seen
        assert seen[-1].strip() == f"ended {sid} complete"
        check_nothing_repeated(url, [sid], hops=HOPS)
        with closing(store_at(url)) as store:
            assert [j["epoch"] for j in store.jobs()] == [1]
