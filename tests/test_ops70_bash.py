"""ops70: Bash calls that end when they are done, and a `coord run` stopped mid-call.

An unsandboxed command (``--unsandboxed-bash``) that leaves a process of its own session
(``setsid``) holding its output is finished when its shell exits: its output is read for a
short grace more, then the call returns with what was read and a note that the process was
left running (before: the call waited for the stray and said the command timed out).
"""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from pathlib import Path

from coordinator.tools.base import ToolContext
from coordinator.tools.sandbox import BashSandbox
from coordinator.tools.shell import BashTool


def sleepers(token: str) -> list[int]:
    """The processes whose command line holds ``token``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if token.encode() in argv.split(b"\0"):
            found.append(int(entry.name))
    return found


def test_an_unsandboxed_command_whose_setsid_stray_holds_its_output_is_finished(
    tmp_path: Path,
) -> None:
    """`setsid sleep N &` keeps the output pipe open after the shell exits 3: the call
    returns the shell's exit code and output (not "timed out"), says a process it started
    was left running with the output open, and that process is left (it is the user's
    opt-out of the sandbox, and setsid asks for a process that outlives its shell)."""
    token = f"{uuid.uuid4().int % 10**6 + 7_000_000}"
    ctx = ToolContext(root=tmp_path, allow_bash=True, sandbox=BashSandbox(unsandboxed=True))
    stray = f"setsid sh -c 'touch ready; exec sleep {token}' &"
    command = f"echo before; {stray} until [ -e ready ]; do :; done; echo after; exit 3"
    try:
        result = asyncio.run(BashTool().run({"command": command, "timeout": 20_000}, ctx))
        left = sleepers(token)
    finally:
        for pid in sleepers(token):
            os.kill(pid, signal.SIGKILL)
    assert "timed out" not in result.content
    assert result.is_error
    lines = result.content.splitlines()
    assert lines[:2] == ["before", "after"]
    assert lines[-1] == "[exit code 3]"
    assert any("still held the output open" in line and "left running" in line for line in lines)
    assert len(left) == 1  # the stray is left as the command made it
