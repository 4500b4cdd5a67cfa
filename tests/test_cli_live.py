"""A running session seen from outside: Ctrl-C (a real SIGINT) and ``coord log --follow``
from another process. The fake model server holds a call, so the tests synchronise on it."""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from cli import coord, finish, spawn
from fake_messages_server import FakeMessagesServer, Recorded, Reply, message
from kit import report, workspace, write_agents


class HeldFirstCall:
    """A Messages API whose first call waits until the test releases it (``arrived`` is
    set when it comes in)."""

    def __init__(self) -> None:
        self.arrived, self.release = threading.Event(), threading.Event()

    def __call__(self, rec: Recorded) -> Reply:
        self.arrived.set()
        self.release.wait(timeout=120)  # a safety net only: the test releases it
        return message(report("Complete", "Endpoint added"))


@pytest.fixture
def held(tmp_path: Path) -> Iterator[dict[str, Any]]:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    model = HeldFirstCall()
    with FakeMessagesServer(handler=model) as server:
        proc = spawn(
            "run", "Add an endpoint", "--agent", "backend", "--workspace", ws,
            "--agents-dir", agents, "--only", "--base-url", server.base_url,
        )  # fmt: skip
        try:
            while not model.arrived.wait(timeout=0.05):
                assert proc.poll() is None, proc.communicate()[1]
            db = ws / ".coordinator" / "coordinator.db"
            with closing(sqlite3.connect(db)) as con:
                (sid,) = con.execute("SELECT id FROM sessions").fetchone()
            yield {"proc": proc, "model": model, "sid": sid, "db": db, "ws": ws}
        finally:
            model.release.set()
            if proc.poll() is None:
                finish(proc)


def test_ctrl_c_says_how_to_resume_and_leaves_the_session_interrupted(
    held: dict[str, Any],
) -> None:
    proc, sid = held["proc"], held["sid"]
    proc.send_signal(signal.SIGINT)
    _, err = finish(proc)
    assert proc.returncode == 130, err
    assert f"interrupted — resume with `coord resume {sid} --workspace {held['ws']}`" in err
    assert "Traceback" not in err
    with closing(sqlite3.connect(held["db"])) as con:
        (status,) = con.execute("SELECT status FROM sessions WHERE id = ?", (sid,)).fetchone()
    assert status == "interrupted"
    log = coord("log", sid, cwd=held["ws"])
    assert "interrupted" in log.stdout and "working" not in log.stdout


def test_log_follow_shows_the_chain_until_the_session_stops(
    held: dict[str, Any], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    follower = spawn("log", held["sid"][:6], "--follow", cwd=elsewhere)
    scripted = spawn("log", held["sid"][:6], "--follow", "--json", cwd=elsewhere)
    try:
        for proc in (follower, scripted):
            assert proc.stderr is not None
            line = proc.stderr.readline()  # it found the session and is following it
            assert line.startswith(f"following session {held['sid']}"), line
            assert proc.poll() is None  # the session is still held: it cannot have ended
        busy = coord("sessions", "rm", held["sid"], cwd=elsewhere)
        assert busy.returncode == 4
        assert "is in use by another process: not removed" in busy.stderr
        assert coord("sessions", "rm", "--older-than", "0m", cwd=elsewhere).returncode == 0
        assert coord("log", held["sid"], cwd=elsewhere).returncode == 0  # still there
    finally:
        held["model"].release.set()
    out, err = finish(follower)
    assert follower.returncode == 0, err
    assert "complete" in out and "✔ Complete: Endpoint added" in out
    out, err = finish(scripted)  # one JSON document, written once the session stopped
    assert scripted.returncode == 0, err
    chain = json.loads(out)
    assert (chain["session"], chain["status"]) == (held["sid"], "complete"), chain
    finish(held["proc"])
    assert held["proc"].returncode == 0


def test_sigterm_stops_the_run_as_ctrl_c_does_and_says_how_to_resume(
    held: dict[str, Any],
) -> None:
    """``timeout``, CI and ``docker stop`` send SIGTERM: the session is left interrupted with
    the same message as Ctrl-C, and the command exits 143."""
    proc, sid = held["proc"], held["sid"]
    proc.send_signal(signal.SIGTERM)
    _, err = finish(proc)
    assert proc.returncode == 143, err
    here = f"--workspace {held['ws']}"  # mend109: run from another folder
    assert f"terminated (SIGTERM) — resume with `coord resume {sid} {here}`" in err
    assert "Traceback" not in err
    with closing(sqlite3.connect(held["db"])) as con:
        (status,) = con.execute("SELECT status FROM sessions WHERE id = ?", (sid,)).fetchone()
    assert status == "interrupted"


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_log_follow_of_a_stopped_session_exits_as_the_stopped_run_did(
    held: dict[str, Any], sent: signal.Signals, code: int
) -> None:
    """A script following a session gets the code the run gave: 130 after Ctrl-C, 143
    after SIGTERM (the ``interrupted`` event keeps it), not 75, an outage's."""
    proc, sid = held["proc"], held["sid"]
    proc.send_signal(sent)
    _, err = finish(proc)
    assert proc.returncode == code, err
    assert coord("log", "-f", sid, cwd=held["ws"]).returncode == code
    follow = coord("log", "-f", sid, "--json", cwd=held["ws"])
    assert follow.returncode == code
    (stop,) = [e for e in json.loads(follow.stdout)["events"] if e["kind"] == "interrupted"]
    assert stop["exit_code"] == code
