"""flake104: a ``headersHelper`` cut off, or timed out, ends at once, whoever holds its pipes.

coord waited for a helper it had cut off (past its 64 KiB) through asyncio's
``Process.wait``, which waits for the end of the output pipes as well as for the exit: the
stream reader, left with more than its limit of output nobody would read, had stopped
reading them, so their end never came (one helper in a dozen under load, the rest of its
output still in the pipe; test_review103's helper then waited for its whole time), nor did
it while a process the helper left in a session of its own held them (then for ever, its
time out awaited the same way). Such a process makes the wait deterministic here: it
prints, then holds the pipes until the test kills it (by the pid it wrote first, before it
left the helper's group: until then the killing of the group reaches it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator.mcp import headers_helper
from coordinator.mcp.headers_helper import HelperFailed, connection_headers

#: A helper (waiting 300 s) that forks a process which writes its pid (to argv[1]), leaves
#: the helper's session, prints on stdout (without end when argv[2] says "much"), holds
#: stdout and stderr open for 300 s (unless the test kills it first), and then says it ended
#: (argv[1].ended).
STRAY = """
import os, sys, time
if os.fork() == 0:
    with open(sys.argv[1] + ".tmp", "w") as pid:
        pid.write(str(os.getpid()))
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    os.setsid()
    sys.stdout.write(sys.argv[2] == "much" and " " * 1_000_000 or "{}")
    sys.stdout.flush()
    time.sleep(300)
    open(sys.argv[1] + ".ended", "w").close()
    sys.exit()
time.sleep(300)
"""


@pytest.fixture
def stray(tmp_path: Path) -> Iterator[Path]:
    """Where the stray process writes its pid; it is killed when the test ends."""
    pid_file = tmp_path / "stray.pid"
    yield pid_file
    if pid_file.exists() and not ended(pid_file):
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)


def ended(pid_file: Path) -> bool:
    """Whether the stray process held the helper's pipes to its end, 300 s on."""
    return pid_file.with_name(pid_file.name + ".ended").exists()


def command(tmp_path: Path, pid_file: Path, prints: str) -> str:
    """The helper's command: :data:`STRAY` run with the pid file and what it prints."""
    script = tmp_path / "helper.py"
    script.write_text(STRAY, encoding="utf-8")
    return f"{sys.executable} {script} {pid_file} {prints}"


async def test_a_helper_cut_off_ends_though_a_stray_holds_its_pipes(
    tmp_path: Path, stray: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the bound, not the clock, must end it: a loaded machine's 10 s limit could fire first
    monkeypatch.setattr(headers_helper, "HELPER_SECONDS", 600.0)
    helper = command(tmp_path, stray, "much")

    with pytest.raises(HelperFailed, match="printed more than 65536 bytes"):
        await connection_headers("web", "http://127.0.0.1:9/mcp", {}, helper, tmp_path)
    assert not ended(stray)  # its end was not waited for


async def test_a_helper_timed_out_ends_though_a_stray_holds_its_pipes(
    tmp_path: Path, stray: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # it never ends (nor does its stdout): whatever the load, it times out
    monkeypatch.setattr(headers_helper, "HELPER_SECONDS", 2.0)
    helper = command(tmp_path, stray, "{}")

    with pytest.raises(HelperFailed, match="took more than 2 s"):
        await connection_headers("web", "http://127.0.0.1:9/mcp", {}, helper, tmp_path)
    assert not ended(stray)
