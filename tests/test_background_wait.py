"""A background run as a user follows it at once (daily29, items 2 and 3): ``coord log -f ID``
typed right after ``coord run`` waits while the background process has not stored the
session yet, and says so when that process died without storing it; a malformed
``--script`` (or a missing key) is named by ``coord run`` itself, before any background
process starts."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
import zygote
from cli import coord
from kit import report, wait_for_line, workspace, write_script
from test_background import agent_file

from coordinator.errors import UserError
from coordinator.runtime import background
from coordinator.store.db import UnknownSession
from coordinator.store.paths import BACKGROUND_DIR


def _started(ran: Any) -> tuple[int, str]:
    """The process and session a ``coord run`` says it started in the background."""
    found = re.search(r"process (\d+), as session ([0-9a-f]{12})", " ".join(ran.stdout.split()))
    assert found is not None, ran.stdout + ran.stderr
    return int(found.group(1)), found.group(2)


def test_a_look_up_waits_while_the_background_process_lives(tmp_path: Path) -> None:
    alive = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # fmt: skip
    try:
        run = background.BackgroundRun("0123456789ab", alive.pid, tmp_path / "bg.log")
        looked: list[int] = []

        def find() -> str:
            looked.append(1)
            if len(looked) < 3:  # not stored yet, twice
                raise UnknownSession("unknown session: 0123456789ab")
            return "stored"

        assert background.await_stored(run, find, UnknownSession) == "stored"
        assert len(looked) == 3
    finally:
        alive.communicate(b"")


def test_a_background_process_that_ended_without_storing_is_named(tmp_path: Path) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    log = tmp_path / "bg.log"
    log.write_text("starting\nerror: cannot read the roster\n\n", encoding="utf-8")
    (tmp_path / BACKGROUND_DIR).mkdir(parents=True)
    background.record(tmp_path, "0123456789ab", ended.pid, log)
    run = background.started(tmp_path, "0123456")  # a prefix names it too
    assert run == background.BackgroundRun("0123456789ab", ended.pid, log)

    def find() -> str:
        raise UnknownSession("unknown session: 0123456789ab")

    with pytest.raises(UserError) as caught:
        background.await_stored(run, find, UnknownSession)
    assert caught.value.message == (
        f"session 0123456789ab: its background run (process {ended.pid}) ended without "
        "storing it: error: cannot read the roster"
    )
    assert str(log) in (caught.value.hint or "")
    assert background.started(tmp_path, "fedcba") is None


class _Process:
    """A process by its id, as :func:`kit.wait_for_line` asks after it (``poll``)."""

    def __init__(self, pid: int) -> None:
        self.run = background.BackgroundRun("", pid, Path())

    def poll(self) -> int | None:
        return None if self.run.alive() else 0


def _blocking_hook(tmp_path: Path) -> tuple[Path, Path]:
    """A UserPromptSubmit hook that says it started (a line to a named pipe) and waits for a
    go: the background run stores its session only after it."""
    started, go = tmp_path / "hook-started", tmp_path / "go"
    os.mkfifo(started)
    command = f"echo started > {started}; while [ ! -e {go} ]; do sleep 0.05; done"
    hook = {"type": "command", "command": command}
    settings = Path(os.environ["HOME"]) / ".claude" / "settings.json"  # the user's: trusted
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"hooks": {"UserPromptSubmit": [{"hooks": [hook]}]}}))
    return started, go


def test_coord_log_f_names_a_background_run_that_died_before_storing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zygote.fork_detached_runs(monkeypatch)
    ws = workspace(tmp_path)
    agents = agent_file(tmp_path / "agents", background=True)
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    started, go = _blocking_hook(tmp_path)
    ran = coord("run", "Add a FastAPI endpoint", "--workspace", ws, "--agents-dir", agents,
                "--only", "--script", script)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    pid, session = _started(ran)
    # run from elsewhere: the command it suggests names the workspace (its pid file is there)
    assert f"Follow it with `coord log -f {session} --workspace {ws}`" in " ".join(
        ran.stdout.split()
    )
    try:
        # the session is not stored before the hook ends
        assert wait_for_line(started, cast(Any, _Process(pid))) == "started"
        os.killpg(pid, signal.SIGKILL)
    finally:
        go.touch()
        zygote.waitpid(pid)
    followed = coord("log", "-f", session, "--workspace", ws)
    assert followed.returncode == 4
    assert f"session {session}: its background run (process {pid}) ended without storing" in (
        " ".join(followed.stderr.split())
    )
    assert "unknown session" not in followed.stderr


def test_a_malformed_script_is_named_before_the_background_run_starts(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = agent_file(tmp_path / "agents", background=True)
    bad = tmp_path / "bad.yaml"
    bad.write_text("agents:\n  backend:\n    - txt: hello\n", encoding="utf-8")
    base = ["--workspace", ws, "--agents-dir", agents, "--only"]
    ran = coord("run", "Add a FastAPI endpoint", *base, "--script", bad)
    assert ran.returncode == 4
    assert ran.stderr.startswith(f"error: {bad}:3: agents.backend[0]: unknown key 'txt'")
    assert "background" not in ran.stdout
    assert not (ws / ".coordinator" / "background").exists()  # no process was started
    keyless = coord("run", "Add a FastAPI endpoint", *base, env={"ANTHROPIC_API_KEY": ""})
    assert keyless.returncode == 4 and "no ANTHROPIC_API_KEY is set" in keyless.stderr
    assert not (ws / ".coordinator" / "background").exists()
