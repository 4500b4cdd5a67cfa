"""daily33: rough edges a demanding daily user of ``coord`` met (third round), each checked
where the user meets it (the command's output and exit code, what is left on disk)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import zygote
from cli import coord

from coordinator.errors import EXIT_BROKEN_PIPE

# ---- a reader that leaves (`coord log ID | head -1`) ends coord quietly -------------------


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the demo's session."""
    ws = tmp_path_factory.mktemp("daily33") / "ws"
    done = coord("demo", "-w", ws)
    assert done.returncode == 0, done.stderr
    return ws


def _to_a_closed_pipe(
    args: list[str], cwd: Path, stderr_too: bool = False
) -> tuple[int, str, list[Path]]:
    """``coord ARGS`` with its stdout (``stderr_too``: and stderr) a pipe whose reader has
    left: its exit code, its stderr, and the demo folders left in its temporary folder."""
    tmp = cwd / "tmp"
    tmp.mkdir(exist_ok=True)
    read, write = os.pipe()
    os.close(read)  # the reader left before coord wrote a byte: every write fails
    try:
        with zygote.Popen(
            [sys.executable, "-m", "coordinator", *args],
            stdout=write,
            stderr=write if stderr_too else subprocess.PIPE,
            text=True,
            cwd=cwd,
            env={**os.environ, "TMPDIR": str(tmp)},
        ) as proc:
            os.close(write)
            write = -1
            err = "" if proc.stderr is None else proc.stderr.read()
            code = proc.wait(timeout=120)
    finally:
        if write != -1:
            os.close(write)
    return code, err, sorted(tmp.glob("coordinator-demo-*"))


#: Commands that print, each with what it reads of the demo's workspace.
PRINTING = {
    "help": ["--help"],
    "version": ["--version"],
    "a group's help": ["agents", "--help"],
    "agents list": ["agents", "list"],
    "agents show": ["agents", "show", "fastapi-backend-expert"],
    "agents validate": ["agents", "validate"],
    "sessions": ["sessions", "--here"],
    "log": ["log"],
    "log --json": ["log", "--json"],
    "stats": ["stats", "--here"],
    "route --json": ["route", "add an index to the users table", "--json"],
    "route": ["route", "add an index to the users table"],
    "config": ["config"],
    "an error with --json": ["agents", "show", "nobody", "--json"],
}


@pytest.mark.parametrize("name", list(PRINTING))
def test_a_command_whose_reader_left_exits_141_without_a_word(demo_ws: Path, name: str) -> None:
    """Click ended such a command with exit 1 (rich's consoles did too), as a failure would;
    now it ends as a closed pipe ends ``git log | head``: 141, nothing on stderr (no
    traceback, no "Exception ignored" from the interpreter's last flush)."""
    code, err, _ = _to_a_closed_pipe(PRINTING[name], demo_ws)
    wanted = "error: unknown agent: nobody\nSee `coord agents list`.\n" if "error" in name else ""
    assert (code, err) == (EXIT_BROKEN_PIPE, wanted)


@pytest.mark.parametrize("args", [["--bogus"], ["agents", "show"]], ids=["root", "command"])
def test_a_usage_error_whose_reader_left_exits_141_too(demo_ws: Path, args: list[str]) -> None:
    """``coord --bogus 2>&1 | head -0``: the usage error's box could not be written."""
    code, err, _ = _to_a_closed_pipe(args, demo_ws, stderr_too=True)
    assert (code, err) == (EXIT_BROKEN_PIPE, "")


def test_a_demo_whose_reader_left_removes_its_completed_sample_project(demo_ws: Path) -> None:
    """The demo completed, then its result met a closed pipe: its temporary project was kept
    (and a note on stderr said `coord resume` could continue a demo that had completed)."""
    code, err, left = _to_a_closed_pipe(["demo"], demo_ws)
    assert code == EXIT_BROKEN_PIPE
    assert left == []
    assert "complete" in err.splitlines()[-1] and "kept" not in err, err
