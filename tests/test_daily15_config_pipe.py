"""``--config <(cmd)`` (a pipe) and ``--config -`` (standard input): read once, or one clear
error; never a hang, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli import coord, coord_process

from coordinator.config import load_settings
from coordinator.errors import UserError
from tests import zygote
from tests.kit import report, write_script


def test_a_process_substitution_is_read(tmp_path: Path) -> None:
    """The real thing: bash's ``<(cmd)``, a pipe named /dev/fd/N in the coord it starts."""
    command = f"exec {sys.executable} -m coordinator config --json --config <(echo 'max_turns: 7')"
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["settings"]["max_turns"]["value"] == 7


def test_standard_input_is_read(tmp_path: Path) -> None:
    done = coord_process("config", "--json", "--config", "-", cwd=tmp_path, stdin="max_turns: 8\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["settings"]["max_turns"] == {"value": 8, "from": "<stdin>"}


def test_a_pipe_is_read_once_however_often_settings_are_loaded() -> None:
    """``coord resume`` loads the settings twice: the second read of a pipe found it empty."""
    read, write = os.pipe()
    os.write(write, b"max_turns: 9\n")
    os.close(write)
    try:
        path = Path(f"/proc/self/fd/{read}")
        assert load_settings(None, path).max_turns == 9
        assert load_settings(None, path).max_turns == 9
    finally:
        os.close(read)


def test_a_fifo_nobody_writes_is_one_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.fifo"
    os.mkfifo(fifo)
    done = coord_process("config", "--config", fifo, cwd=tmp_path, timeout=60)
    assert done.returncode == 4
    assert (
        done.stderr.strip() == f"error: {fifo}: no settings were read from it (nothing wrote to it)"
    )


def test_standard_input_that_is_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    with pytest.raises(UserError, match="standard input is a terminal"):
        load_settings(None, Path("-"))


def test_config_and_request_cannot_both_come_from_standard_input(tmp_path: Path) -> None:
    ran = coord("run", "-", "--config", "-", cwd=tmp_path, stdin="max_turns: 3\n")
    assert ran.returncode == 4
    assert "--config - and the request both read standard input" in ran.stderr


def test_a_background_run_is_not_given_a_pipe_to_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zygote.fork_detached_runs(monkeypatch)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist: FastAPI endpoints.\n"
        "background: true\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord("run", "Add a FastAPI endpoint", "--workspace", tmp_path, "--agents-dir", agents,
                "--only", "--script", script, "--config", "-", stdin="max_turns: 3\n")  # fmt: skip
    assert ran.returncode == 4, ran.stdout
    assert "a pipe or standard input is read once" in ran.stderr
    assert "--foreground" in ran.stderr


def test_dev_null_is_no_settings() -> None:
    """A device that is no terminal (``--config /dev/null``: no settings) was "not found"."""
    assert load_settings(None, Path("/dev/null")).max_turns == load_settings(None).max_turns


def test_a_terminal_named_as_the_config_is_refused() -> None:
    """``--config /dev/stdin`` typed in a shell: a terminal, nothing pipes settings in."""
    import pty

    leader, follower = pty.openpty()
    try:
        with pytest.raises(UserError, match="a terminal; pipe the settings in"):
            load_settings(None, Path(f"/proc/self/fd/{follower}"))
    finally:
        os.close(leader)
        os.close(follower)
