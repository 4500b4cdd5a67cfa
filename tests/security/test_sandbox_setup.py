"""A sandbox bwrap could not set up: a path coord masks vanished between coord listing it
and bwrap mounting over it (another workspace's session folder removed, a service's socket
closed). The command never ran then, so coord builds its command line again and starts it
(at most three times, then says so); a command's own failure is never taken for one."""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import signal
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from kit import needs_mcp, sandbox_runs_this_python, tool_call

from coordinator.runtime.hook_run import GUARD_NOT_RUN, HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import Hook, HookEvent, HookSource
from coordinator.tools import sandbox, shell
from coordinator.tools.sandbox import SETUP_FAILED, BashSandbox, confiner_for

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")

#: A folder under the read-only root that no longer exists when bwrap mounts over it.
GONE = "/coord-test-vanished/.coordinator"
#: What a sandboxed program lists of its own descriptors (the listing's own left out).
OWN_FDS = 'for fd in /proc/self/fd/*; do [ -e "$fd" ] && echo "${fd##*/}"; done | sort -n'


def vanishing(monkeypatch: pytest.MonkeyPatch, module: ModuleType, times: int) -> list[int]:
    """``module``'s bwrap_argv, its first ``times`` command lines masking :data:`GONE` (as
    one listing a session folder removed meanwhile); the list of calls made."""
    real = sandbox.bwrap_argv
    calls: list[int] = []

    def argv(*args: Any, **kwargs: Any) -> list[str]:
        built = real(*args, **kwargs)
        calls.append(1)
        if len(calls) <= times:
            at = built.index("--chdir")
            built[at:at] = ["--tmpfs", GONE, "--remount-ro", GONE]
        return built

    monkeypatch.setattr(module, "bwrap_argv", argv)
    return calls


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    assert not Path(GONE).parent.exists()
    return tmp_path


def test_a_command_whose_sandbox_failed_to_set_up_runs_once_after_all(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = vanishing(monkeypatch, shell, times=1)
    result = tool_call(ws, "Bash", {"command": "echo ran >> count; cat count"})
    assert not result.is_error, result.content
    assert result.content.strip() == "ran"
    assert len(calls) == 2


def test_a_sandbox_that_never_sets_up_says_so_and_runs_nothing(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = vanishing(monkeypatch, shell, times=99)
    result = tool_call(ws, "Bash", {"command": "echo ran >> count"})
    assert result.is_error
    assert result.content.startswith(f"Error: {SETUP_FAILED}: bwrap: "), result.content
    assert GONE in result.content
    assert "[.coordinator: protected" not in result.content  # no hint about the command
    assert not (ws / "count").exists()
    assert len(calls) == 3


def test_a_command_failing_with_bwraps_words_is_its_own_failure_and_runs_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = vanishing(monkeypatch, shell, times=0)
    command = 'echo ran >> count; echo "bwrap: Can\'t mkdir /x: Read-only file system"; exit 1'
    result = tool_call(ws, "Bash", {"command": command})
    assert result.is_error
    assert result.content.endswith("[exit code 1]")
    assert SETUP_FAILED not in result.content
    assert (ws / "count").read_text() == "ran\n"
    assert len(calls) == 1


def confined_hook(ws: Path, command: str) -> Any:
    """A workspace hook running ``command`` in the sandbox, to its end: its HookRun."""
    confine = confiner_for(True, BashSandbox())
    hook = Hook(HookEvent.STOP, "", command, 30.0, HookSource.PROJECT, ws / "s.json", True)
    return asyncio.run(run_hook(hook, {"hook_event_name": "Stop"}, HookEnv(ws, confine=confine)))


def test_a_workspace_hook_whose_sandbox_failed_to_set_up_runs_once_after_all(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = vanishing(monkeypatch, sandbox, times=2)
    ran = confined_hook(ws, "echo ran >> count")
    assert ran.outcome is Outcome.OK, ran.stderr
    assert (ws / "count").read_text() == "ran\n"
    assert len(calls) == 3


def test_a_workspace_hook_whose_sandbox_never_sets_up_is_an_error_saying_so(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vanishing(monkeypatch, sandbox, times=99)
    ran = confined_hook(ws, "echo ran >> count")
    assert ran.outcome is Outcome.ERROR
    assert ran.stderr.startswith(f"{SETUP_FAILED}: bwrap: "), ran.stderr
    assert not (ws / "count").exists()


def test_the_users_guard_whose_sandbox_never_sets_up_refuses_the_call(
    ws: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user's own PreToolUse hook, confined (it runs a workspace script): a workspace
    that keeps bwrap from setting its sandbox up (a path it masks made and removed, again
    and again) does not switch the guard off: the call is refused, as when it may not run."""
    vanishing(monkeypatch, sandbox, times=99)
    (ws / "guard.sh").write_text("echo ran >> count\n")
    settings = tmp_path_factory.mktemp("home") / "settings.json"  # the user's, outside
    confine = confiner_for(True, BashSandbox())
    hook = Hook(HookEvent.PRE_TOOL_USE, "", "sh ./guard.sh", 30.0, HookSource.USER, settings, True)
    data = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {}}
    ran = asyncio.run(run_hook(hook, data, HookEnv(ws, confine=confine)))
    assert ran.outcome is Outcome.BLOCKED, ran
    assert ran.stderr.startswith(f"{SETUP_FAILED}: bwrap: "), ran.stderr
    assert ran.stderr.endswith(GUARD_NOT_RUN)
    assert not (ws / "count").exists()


# ---- a confined MCP server (the SDK starts it) ------------------------------------------

SERVER = Path(__file__).resolve().parents[1] / "mcp_hook_server.py"


def confined_server(ws: Path, monkeypatch: pytest.MonkeyPatch, start: str) -> Any:
    """A confined stdio server that runs ``start`` (``srv.py`` beside it: the fixture
    server, copied, as CI's checkout under /tmp is hidden) and the confiner it runs in."""
    from coordinator.mcp.config import ServerConfig, Transport

    readable = sandbox_runs_this_python(monkeypatch)
    shutil.copy(SERVER, ws / "srv.py")
    config = ServerConfig("srv", Transport.STDIO, "test", True, "sh", ("-c", start), confined="x")
    return config, confiner_for(True, BashSandbox(readable=readable))


@needs_mcp
async def test_a_confined_server_whose_sandbox_failed_to_set_up_starts_once_after_all(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.mcp.client import open_servers

    calls = vanishing(monkeypatch, sandbox, times=2)
    start = f"echo ran >> count; ({OWN_FDS}) > fds; exec {sys.executable} srv.py"
    config, confine = confined_server(ws, monkeypatch, start)
    async with open_servers([config], cwd=ws, confine=confine) as opened:
        assert opened.problems == []
        assert "mcp__srv__reply" in [t.name for t in opened.tools]
    assert (ws / "count").read_text() == "ran\n"
    assert len(calls) == 3
    assert (ws / "fds").read_text().split() == ["0", "1", "2"]  # no status pipe reached it


@needs_mcp
async def test_a_confined_server_whose_sandbox_never_sets_up_says_so_and_runs_nothing(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.mcp.client import open_servers

    calls = vanishing(monkeypatch, sandbox, times=99)
    config, confine = confined_server(ws, monkeypatch, "echo ran >> count")
    async with open_servers([config], cwd=ws, confine=confine) as opened:
        [problem] = opened.problems
    assert problem.startswith(f"MCP server 'srv' did not start: {SETUP_FAILED}: "), problem
    assert GONE in problem
    assert not (ws / "count").exists()
    assert len(calls) == 3


@needs_mcp
async def test_a_confined_server_failing_with_bwraps_words_is_its_own_failure_started_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.mcp.client import open_servers

    calls = vanishing(monkeypatch, sandbox, times=0)
    start = 'echo ran >> count; echo "bwrap: Can\'t mkdir /x: Read-only file system" >&2; exit 1'
    config, confine = confined_server(ws, monkeypatch, start)
    async with open_servers([config], cwd=ws, confine=confine) as opened:
        [problem] = opened.problems
    assert SETUP_FAILED not in problem
    assert (ws / "count").read_text() == "ran\n"
    assert len(calls) == 1


@needs_mcp
async def test_the_users_mcp_tool_guard_whose_server_sandbox_never_sets_up_refuses_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user's mcp_tool PreToolUse hook, its server confined (an agent wrote the module
    it runs, in the workspace): a sandbox that never sets up refuses the call, as when the
    server may not run."""
    from test_review20_mcp import _home

    from coordinator.runtime.hook_mcp import HookServers
    from coordinator.runtime.hooks import load_hooks

    vanishing(monkeypatch, sandbox, times=99)
    home, ws = _home(tmp_path), tmp_path / "ws"
    ws.mkdir()
    (ws / "mcp_hook_server.py").write_text("raise SystemExit('the agent')\n")
    [hook] = load_hooks(ws, home=home, managed=None).hooks
    servers = HookServers(home=home)
    confine = confiner_for(True, BashSandbox())
    try:
        data = {"session_id": "s1", "hook_event_name": "PreToolUse"}
        ran = await run_hook(hook, data, HookEnv(root=ws, mcp=servers, confine=confine))
    finally:
        await servers.close()
    assert ran.outcome is Outcome.BLOCKED, ran
    assert SETUP_FAILED in ran.stderr and ran.stderr.endswith(GUARD_NOT_RUN)


def long_line(monkeypatch: pytest.MonkeyPatch) -> str:
    """A command writing a line past the bound, which is 64 bytes here (16 MB through the
    SDK's reader took longer than the servers' 30 s to start on a loaded machine)."""
    from coordinator.mcp import bounded

    monkeypatch.setattr(bounded, "LineBound", functools.partial(bounded.LineBound, limit=64))
    return "head -c 100 /dev/zero | tr '\\0' x"


@needs_mcp
async def test_a_confined_server_coord_stopped_for_a_long_line_is_started_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """coord kills a server whose line runs past the bound (its bwrap too, before bwrap
    says the program ended): that is no sandbox that failed to set up, and the server,
    which ran, is not started again."""
    from coordinator.mcp.client import open_servers

    calls = vanishing(monkeypatch, sandbox, times=0)
    flood = long_line(monkeypatch)
    config, confine = confined_server(ws, monkeypatch, f"echo ran >> count; {flood}; sleep 20")
    async with open_servers([config], cwd=ws, confine=confine) as opened:
        [problem] = opened.problems
    assert "sent a line (one message) of more than" in problem, problem
    assert (ws / "count").read_text() == "ran\n"
    assert len(calls) == 1


@needs_mcp
async def test_a_confined_server_stopped_for_a_long_line_after_it_timed_out_is_started_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that did not answer in time (a loaded machine) and then sent a line past
    the bound while coord waited for its bwrap to end: coord killed it, bwrap never said
    the server ended, and the server, which ran, is not started again."""
    from coordinator.mcp import client

    monkeypatch.setenv(client.STARTUP_TIMEOUT_VAR, "1")  # (one millisecond)
    calls = vanishing(monkeypatch, sandbox, times=0)
    late = "sleep 1"  # (its line comes once coord, its start failed, waits for bwrap's end)
    start = f"echo ran >> count; {late}; {long_line(monkeypatch)}; sleep 20"
    config, confine = confined_server(ws, monkeypatch, start)
    async with client.open_servers([config], cwd=ws, confine=confine) as opened:
        [problem] = opened.problems
    assert SETUP_FAILED not in problem, problem
    assert len(calls) == 1
    ran = (ws / "count").read_text() if (ws / "count").exists() else ""
    assert ran in ("", "ran\n")  # (killed before, or after, it said so)


def test_bwraps_status_pipe_reaches_no_sandboxed_program(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Bash command and a workspace hook hold their stdio only: neither bwrap's status
    pipe (a program holding it could keep coord from seeing how bwrap ended) nor a hook's
    lifeline reaches them."""
    result = tool_call(ws, "Bash", {"command": OWN_FDS})
    assert result.content.split() == ["0", "1", "2"], result.content
    ran = confined_hook(ws, OWN_FDS)
    assert ran.stdout.split() == ["0", "1", "2"], ran


def _bwrap_children() -> list[int]:
    """The bwraps this process started (the one the SDK started for a confined server)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            name = stat.read_text().partition("(")[2].rpartition(")")[0]
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and name == "bwrap":
            pids.append(int(stat.parent.name))
    return pids


@needs_mcp
async def test_a_confined_server_killed_from_outside_says_so_and_is_started_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A confined server that started, its bwrap then killed by another process (or the
    out-of-memory killer): no sandbox that failed to set up (bwrap, killed, never says the
    server ended), so it is not started again, and the problem names the signal."""
    from coordinator.mcp.client import open_servers

    calls = vanishing(monkeypatch, sandbox, times=0)
    os.mkfifo(ws / "ready")
    start = "echo ran >> count; echo > ready; exec sleep 60"  # (its pipe: once it ran)
    config, confine = confined_server(ws, monkeypatch, start)

    def kill_once_started() -> None:
        (ws / "ready").read_text()  # (the server has run: it opened the pipe)
        [pid] = _bwrap_children()
        os.kill(pid, signal.SIGTERM)

    killer = asyncio.create_task(asyncio.to_thread(kill_once_started))
    async with open_servers([config], cwd=ws, confine=confine) as opened:
        [problem] = opened.problems
    await killer
    assert (ws / "count").read_text() == "ran\n"
    assert len(calls) == 1
    assert SETUP_FAILED not in problem, problem
    assert "was killed by SIGTERM" in problem, problem
