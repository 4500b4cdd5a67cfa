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
from contextlib import closing
from pathlib import Path

import pytest
from test_hooks_async import ended

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


def test_a_coord_run_terminated_mid_command_ends_it_and_its_resume_reports_it_once(
    tmp_path: Path,
) -> None:
    """SIGTERM to `coord run` while its sandboxed Bash command sleeps (a stray started by
    setsid with it): exit 143 at once, no process of the command left, the session
    interrupted; `coord resume` gives the model the call as interrupted, once, and never
    runs it again (the same for Ctrl-C, which SIGTERM stands for)."""
    from cli import coord, spawn
    from kit import report, write_script
    from test_ops70_stop_pg import bash_agent, wait_for

    from coordinator.prompts import INTERRUPTED_TOOL
    from coordinator.store.db import Store
    from coordinator.store.rows import SessionQuery

    token = f"{uuid.uuid4().int % 10**6 + 7_000_000}"
    command = f"echo run >> started; setsid sleep {token} & sleep {token}"
    turns = [
        {"tool_calls": [{"name": "Bash", "input": {"command": command, "timeout": 600_000}}]},
        {"text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    ws, db = tmp_path / "ws", tmp_path / "s.db"
    ws.mkdir()
    flags = ("--db", db, "--provider", "scripted", "--script", script)
    proc = spawn(
        "run", "run the suite", "--agent", "backend", "--workspace", ws, *flags,
        "--agents-dir", bash_agent(tmp_path / "agents"), "--only", "--allow-bash",
    )  # fmt: skip
    try:
        wait_for(ws / "started")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        left = [pid for pid in sleepers(token) if not ended(pid)]  # (a SIGKILL in flight)
        for pid in sleepers(token):
            os.kill(pid, signal.SIGKILL)
    assert proc.returncode == 143, err
    assert left == []
    with closing(Store.open(db)) as store:
        [found] = store.find_sessions(SessionQuery())
        row = found.row
    assert row.status == "interrupted"
    resumed = coord("resume", row.id, *flags, "--workspace", ws)
    assert resumed.returncode == 0, resumed.stderr
    with closing(Store.open(db)) as store:
        [run] = store.runs(row.id)
        given = [
            block
            for message in store.messages(run.id)
            if isinstance(message["content"], list)
            for block in message["content"]
            if block.get("type") == "tool_result"
        ]
    assert [(b["content"], b["is_error"]) for b in given] == [(INTERRUPTED_TOOL, True)]
    assert (ws / "started").read_text() == "run\n"


def test_a_users_hook_is_not_given_the_stores_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's own hook gets the user's environment less coord's own credentials: the
    store's URL (`COORD_DB`, its password in it) is withheld as the API key is (before: a
    hook's `printenv COORD_DB` printed it)."""
    from coordinator.runtime.hook_run import HookEnv, run_hook
    from coordinator.runtime.hooks import Hook, HookEvent, HookSource
    from coordinator.sanitize import register_url_credentials

    url = "postgresql://coord:pw-ops70-4411@db.example/coord"
    monkeypatch.setenv("COORD_DB", url)
    monkeypatch.setenv("OPS70_PLAIN", "kept")
    register_url_credentials(url)  # as the store does once connected
    command = "printenv COORD_DB; printenv OPS70_PLAIN"
    hook = Hook(
        HookEvent.PRE_TOOL_USE, "Bash", command, 30, HookSource.USER, tmp_path / "s.json", False
    )
    data = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {}}
    ran = asyncio.run(run_hook(hook, data, HookEnv(tmp_path)))
    assert ran.stdout.split() == ["kept"]
