"""trust31: what a sandboxed command may use (processes, memory), bounded by coord's own
settings, and kept bounded whatever the command does inside.

Every test of a limit first checks, with a harmless probe, that the limit is in place in
the sandbox; a spawner or allocation is bounded on its own (at most 200 ``sleep``
children, at most 512 MB), runs under a 20 s deadline and its process group is killed
at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kit import (
    OWN_CGROUPS,
    SPAWNER,
    app_repo,
    bwrap_run,
    cgroup_values,
    cgroups_removed,
    own_cgroups,
    repo_workspace,
    sandbox_runs_this_python,
)

from coordinator.config import Settings
from coordinator.tools.sandbox import (
    BashSandbox,
    Limits,
    SetupStatus,
    bash_sandbox,
    bwrap_argv,
)
from coordinator.tools.toolset import build_toolset

repo = app_repo  # the fixture: a git repository holding app.py, on main
ws_repo = repo_workspace  # the fixture: a workspace that is a git repository
pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")

NOBODY = 65534


def limits_of(text: str) -> dict[str, tuple[str, str]]:
    """The soft and hard limit of each line of ``/proc/self/limits`` in ``text``."""
    found = {}
    for line in text.splitlines():
        if line.startswith("Max "):
            name, soft, hard = line[:26].strip(), *line[26:].split()[:2]
            found[name] = (soft, hard)
    return found


def sandboxed(ws: Path, command: str, limits: Limits) -> str:
    """The Bash tool's output for ``command`` in the real sandbox with ``limits``."""
    import asyncio

    from coordinator.tools.base import ToolContext

    context = ToolContext(root=ws, allow_bash=True, sandbox=BashSandbox(limits=limits))
    result = asyncio.run(build_toolset(None).execute("Bash", {"command": command}, context))
    return result.content


def test_a_commands_limits_are_hard_and_it_cannot_raise_them(tmp_path: Path) -> None:
    limits = Limits(processes=64, memory_mb=512, cpu_seconds=300)
    text = sandboxed(
        tmp_path, "cat /proc/self/limits; ulimit -H -u 100000 || echo RAISE-REFUSED", limits
    )
    seen = limits_of(text)
    assert seen["Max processes"] == ("64", "64")
    assert seen["Max data size"] == (str(512 << 20),) * 2
    assert seen["Max cpu time"] == ("300", "300")
    assert "RAISE-REFUSED" in text


def test_a_runaway_allocation_fails_in_the_command_not_on_the_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox_runs_this_python(monkeypatch)
    limits = Limits(processes=None, memory_mb=256)
    probe = sandboxed(tmp_path, "cat /proc/self/limits", limits)
    assert limits_of(probe)["Max data size"] == (str(256 << 20),) * 2  # in place first
    grab = "import sys; b = bytearray(512 << 20); print('ALLOCATED', len(b))"
    text = sandboxed(tmp_path, f"timeout 20 python3 -c {grab!r}", limits)
    assert "MemoryError" in text
    assert "ALLOCATED" not in text


def test_the_sandboxs_memory_backed_folders_hold_at_most_the_memory_limit(
    tmp_path: Path,
) -> None:
    limits = Limits(processes=None, memory_mb=16)
    probe = sandboxed(tmp_path, "df -B1M --output=size,target /tmp /dev/shm /run", limits)
    assert [line.split()[0] for line in probe.splitlines()[1:4]] == ["16"] * 3  # in place first
    fill = (  # at most 64 MB a folder, bounded whatever the limit
        "for d in /tmp /dev/shm /run /dev; do head -c 67108864 /dev/zero > $d/fill 2>&1;"
        " echo $d $(stat -c %s $d/fill 2>/dev/null || echo none); done; echo x > /dev/null"
    )
    text = sandboxed(tmp_path, fill, limits)
    assert "/tmp 16777216" in text
    assert "/dev/shm 16777216" in text
    assert "/run 16777216" in text
    assert "/dev none" in text  # read-only: its devices still work
    assert "/dev/fill: Read-only file system" in text


@pytest.fixture
def shared_ws() -> Iterator[Path]:
    """A workspace another user can reach (pytest's own folder is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="trust31-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_nobody(ws: Path, command: str, limits: Limits) -> str:
    """``command`` run, as a normal user (the kernel exempts root from the process limit),
    in the sandbox coord builds with ``limits``; a 20 s deadline, its group killed after."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run the sandbox as another user")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    ids = [f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    sandbox = BashSandbox(limits=limits)

    def argv(status: SetupStatus) -> list[str]:
        inner = bwrap_argv("bwrap", sandbox, ws, env, command, status=status)
        return [setpriv, *ids, "--", *inner]

    return bwrap_run(argv, ws, env, timeout=20).stdout


def test_a_fork_bomb_stops_at_the_process_limit(shared_ws: Path) -> None:
    limits = Limits(processes=40, memory_mb=None)
    probe = as_nobody(shared_ws, "cat /proc/self/limits", limits)
    assert limits_of(probe)["Max processes"] == ("40", "40")  # in place first
    python = shutil.which("python3", path="/usr/bin:/bin")  # one any user can run
    if python is None:
        pytest.skip("no system python3 for the sandboxed user to run")
    script = shared_ws / "spawner.py"
    script.write_text(SPAWNER, encoding="utf-8")
    text = as_nobody(shared_ws, f"{python} {script}", limits)
    started, refused = (int(part.split("=")[1]) for part in text.split()[-2:])
    assert started < 40
    assert refused == 200 - started


def test_the_limits_come_from_the_users_settings() -> None:
    settings = Settings(bash_max_processes=300, bash_max_memory_mb=None, bash_max_cpu_seconds=60)
    assert bash_sandbox(settings).limits == Limits(300, None, 60)
    assert bash_sandbox(Settings()).limits == Limits()
    assert Limits(None, None, None).prefix() == []


FIXTURE = Path(__file__).resolve().parents[1] / "mcp_flood_server.py"


def fixture_server(*args: str) -> Any:
    """The flooding MCP server (tests/mcp_flood_server.py) as a user's stdio server."""
    from coordinator.mcp.config import ServerConfig, Transport

    argv = (str(FIXTURE), *args)
    return ServerConfig("floody", Transport.STDIO, "test", True, sys.executable, argv)


async def test_a_server_flooding_one_line_before_the_handshake_is_left_out_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TIMEOUT", "20000")  # without the bound: a failure, not a hang
    from coordinator.mcp.bounded import MAX_LINE_BYTES
    from coordinator.mcp.client import open_servers

    async with open_servers([fixture_server("--flood", "64")], cwd=tmp_path) as opened:
        assert opened.tools == []
    assert opened.problems == [
        "MCP server 'floody' did not start: it sent a line (one message) of more than "
        f"{MAX_LINE_BYTES >> 20} MB without a newline, and was stopped"
    ]


async def test_a_tool_call_answered_by_a_64_mb_line_fails_naming_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "20000")  # without the bound: a failure, not a hang
    from coordinator.mcp.client import open_servers
    from coordinator.tools.base import ToolContext, ToolError

    async with open_servers([fixture_server()], cwd=tmp_path) as opened:
        [flood] = [t for t in opened.tools if t.name == "mcp__floody__flood"]
        tracemalloc.start()
        try:
            with pytest.raises(ToolError) as caught:
                await flood.run({"megabytes": 64}, ToolContext(root=tmp_path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert str(caught.value).startswith("MCP server 'floody' failed: it sent a line")
    assert peak < 48 << 20  # the line was cut at 16 MB, never held whole


class _Chunks:
    """A server's stdout as the chunks a pipe gives, then its end."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = list(chunks)

    async def receive(self, max_bytes: int = 65536) -> bytes:
        import anyio

        if not self.chunks:
            raise anyio.EndOfStream
        return self.chunks.pop(0)


async def test_a_servers_output_reaches_the_sdk_in_whole_lines() -> None:
    """The SDK's reader joins its partial line to every chunk it gets (a copy of all of it
    each time): a 16 MB line read 64 KB at a time cost seconds. Handed whole lines, it
    never holds a partial one; the last line without its newline still arrives."""
    import anyio

    from coordinator.mcp.bounded import LineBound, _BoundedOutput

    pipe = _Chunks(b'{"a"', b": 1}\n{", b'"b": 2}\n{"c": 3}\n', b"{", b"}\n{", b"}")
    out = _BoundedOutput(pipe, LineBound("s"), pid=0)  # type: ignore[arg-type]
    got = [await out.receive(), await out.receive(), await out.receive(), await out.receive()]
    assert got == [b'{"a": 1}\n', b'{"b": 2}\n{"c": 3}\n', b"{}\n", b"{}"]
    with pytest.raises(anyio.EndOfStream):
        await out.receive()


def repository_with_a_filter(folder: Path, marker: Path) -> Path:
    """A repository in ``folder`` whose own config names a clean filter for every file
    (one writing ``marker``), as a command could make it: git runs a clean filter when
    ``git status`` looks at a file whose times changed."""
    from kit import git, git_init

    folder.mkdir()
    (folder / "data.txt").write_text("data\n")
    (folder / ".gitattributes").write_text("* filter=evil\n")
    git_init(folder)
    git(folder, "config", "filter.evil.clean", f"touch {marker}; cat")
    os.utime(folder / "data.txt", (1, 1))  # changed times: status reads it through the filter
    return folder


async def test_a_filter_of_a_repository_committed_in_the_worktree_never_runs(
    repo: Path, tmp_path: Path
) -> None:
    from kit import git

    from coordinator.runtime.worktree import WorktreeUnavailable, finish_worktree, open_worktree

    marker = tmp_path / "RAN"
    wt = await open_worktree(repo, "s31", 1)
    # what a command of the run can do in its worktree: a repository of its own, committed
    repository_with_a_filter(wt.root / "inner", marker)
    git(wt.root, "add", "inner")
    git(wt.root, "commit", "-q", "-m", "inner")
    marker.unlink(missing_ok=True)  # (the commit above is the command's own, in its sandbox)
    os.utime(wt.root / "inner" / "data.txt", (2, 2))
    with pytest.raises(WorktreeUnavailable, match=r"filter\.evil\.clean"):
        await finish_worktree(wt, "agent run")
    assert not marker.exists()


async def test_a_filter_of_a_submodule_checked_out_in_the_workspace_never_runs(
    repo: Path, tmp_path: Path
) -> None:
    from kit import git

    from coordinator.runtime.worktree import WorktreeUnavailable, open_worktree

    marker = tmp_path / "RAN"
    source = repository_with_a_filter(tmp_path / "lib", marker)
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(source), "lib")
    git(repo, "commit", "-q", "-m", "lib")
    git(repo / "lib", "config", "filter.evil.clean", f"touch {marker}; cat")
    marker.unlink(missing_ok=True)
    os.utime(repo / "lib" / "data.txt", (3, 3))
    with pytest.raises(WorktreeUnavailable, match=r"filter\.evil\.clean"):
        await open_worktree(repo, "s31b", 1)
    assert not marker.exists()


async def test_a_workspace_with_an_ordinary_submodule_still_gets_its_worktree_run(
    repo: Path, tmp_path: Path
) -> None:
    from kit import git, git_init

    from coordinator.runtime.worktree import MergeStatus, finish_worktree, open_worktree

    source = tmp_path / "lib"
    source.mkdir()
    (source / "data.txt").write_text("data\n")
    git_init(source)
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(source), "lib")
    git(repo, "commit", "-q", "-m", "lib")
    wt = await open_worktree(repo, "s31c", 1)
    (wt.root / "app.py").write_text("a = 2\n")
    assert (await finish_worktree(wt, "agent run")).status == MergeStatus.MERGED
    assert (repo / "app.py").read_text() == "a = 2\n"


async def test_a_hook_printing_without_end_is_read_to_its_end_but_not_kept(
    tmp_path: Path,
) -> None:
    """A hook that prints 256 MB (bounded) on stdout and on stderr: coord reads both to
    their end (the hook finishes), holding at most a bounded part of them."""
    from coordinator.runtime.hook_run import MAX_HOOK_OUTPUT, HookEnv, run_hook
    from coordinator.runtime.hooks import Hook, HookEvent, HookSource

    flood = "head -c 268435456 /dev/zero | tr '\\0' x"
    command = f"{flood}; {flood} >&2; exit 3"
    hook = Hook(HookEvent.STOP, "", command, 20, HookSource.USER, tmp_path / "s.json", False)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        run = await run_hook(hook, {"hook_event_name": "Stop"}, HookEnv(tmp_path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20
    assert run.exit_code == 3
    assert run.stdout == run.stderr == "x" * (MAX_HOOK_OUTPUT - 1) + "\u2026"


async def test_a_hook_printing_without_end_past_its_timeout_ends_at_its_timeout(
    tmp_path: Path,
) -> None:
    """Its reading stopped at the timeout, a pipe left full was no longer read, and asyncio
    waited for that pipe's end for ever after the kill (coord hung). Whether a pipe is full
    at that moment is a race (four writers make it likely): ten runs, each guarded by 10 s
    (a hang turns into a failure), must each end at its 0.2 s timeout."""
    import asyncio

    from coordinator.runtime.hook_run import Outcome, run_hook
    from coordinator.runtime.hooks import Hook, HookEvent, HookSource

    command = "yes & yes & yes >&2 & yes >&2; wait"
    hook = Hook(HookEvent.STOP, "", command, 0.2, HookSource.USER, tmp_path / "s.json", False)
    for _ in range(10):
        ran = run_hook(hook, {"hook_event_name": "Stop"}, hook_env(tmp_path))
        assert (await asyncio.wait_for(ran, 10)).outcome == Outcome.TIMEOUT


async def test_a_hook_printing_without_end_when_its_run_is_cancelled_ends_with_it(
    tmp_path: Path,
) -> None:
    """A drive stopped (its run cancelled) while a hook prints without end: the hook is
    killed and the cancelled run ends, not held by a pipe it filled (a race, as above:
    ten runs, each cancelled once the hook has started)."""
    import asyncio

    from coordinator.runtime.hook_run import run_hook
    from coordinator.runtime.hooks import Hook, HookEvent, HookSource

    marker = tmp_path / "started"
    command = f"touch {marker}; yes & yes & yes >&2 & yes >&2; wait"
    hook = Hook(HookEvent.STOP, "", command, 600, HookSource.USER, tmp_path / "s.json", False)
    for _ in range(10):
        marker.unlink(missing_ok=True)
        running = asyncio.ensure_future(
            run_hook(hook, {"hook_event_name": "Stop"}, hook_env(tmp_path))
        )
        for _ in range(6000):  # polling for the file the hook makes (an event), at most 60 s
            if marker.exists() or running.done():
                break
            await asyncio.sleep(0.01)
        running.cancel()
        done, _ = await asyncio.wait([running], timeout=10)
        assert done and running.cancelled()


def hook_env(folder: Path) -> Any:
    """A hook's environment over ``folder`` (no sandbox: a user's hook)."""
    from coordinator.runtime.hook_run import HookEnv

    return HookEnv(folder)


def largest_open_file() -> int:
    """The size of the largest regular file this process holds open (a temporary one too)."""
    sizes = [0]
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            info = os.stat(fd)
            if stat.S_ISREG(info.st_mode):
                sizes.append(info.st_size)
    return max(sizes)


async def test_a_servers_stderr_is_not_kept_whole_on_the_host(tmp_path: Path) -> None:
    from coordinator.mcp.client import open_servers

    async with open_servers([fixture_server("--stderr", "64")], cwd=tmp_path) as opened:
        assert [t.name for t in opened.tools] == ["mcp__floody__flood"]  # it started
        assert largest_open_file() < 1 << 20  # not 64 MB in a temporary file


async def test_a_server_that_fails_after_much_stderr_is_named_with_its_last_line(
    tmp_path: Path,
) -> None:
    from coordinator.mcp.client import open_servers
    from coordinator.mcp.config import ServerConfig, Transport

    script = "import os; [os.write(2, b'e' * (1 << 20)) for _ in range(64)]"
    script += "; os.write(2, b'\\nboom\\n'); raise SystemExit(1)"
    config = ServerConfig("bad", Transport.STDIO, "test", True, sys.executable, ("-c", script))
    async with open_servers([config], cwd=tmp_path) as opened:
        pass
    [problem] = opened.problems
    assert problem.startswith("MCP server 'bad' did not start: ")
    assert problem.endswith("; it said: boom")


def test_a_program_a_command_plants_on_path_in_the_workspace_never_runs_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An activated project virtual environment puts ``WORKSPACE/.venv/bin`` on PATH: a
    ``bwrap`` (or ``git``, ``prlimit``, ``bash``) a command writes there must not be the
    program coord runs, outside the sandbox, for the next command."""
    from coordinator.tools.programs import program_path

    ws = tmp_path / "ws"
    (ws / ".venv" / "bin").mkdir(parents=True)
    monkeypatch.setenv("PATH", f"{ws / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    marker = tmp_path / "ESCAPED"
    plant = "; ".join(
        f"printf '#!/bin/sh\\ntouch {marker}\\n' > .venv/bin/{name}; chmod +x .venv/bin/{name}"
        for name in ("bwrap", "prlimit", "git", "bash")
    )
    assert sandboxed(ws, f"{plant}; echo planted", Limits()).strip() == "planted"
    assert sandboxed(ws, "echo second", Limits()).strip() == "second"
    assert not marker.exists()
    assert program_path("git") == shutil.which("git", path=os.environ["PATH"].split(":", 1)[1])


def test_a_fork_bomb_of_a_command_run_as_root_stops_at_the_process_limit(
    tmp_path: Path,
) -> None:
    """The kernel exempts root from the process limit: a root coord puts each command in
    a cgroup of its own whose pids.max is the limit (where the pids controller is there)."""
    from coordinator.tools import pids

    python, found = shutil.which("python3", path="/usr/bin:/bin"), pids._base()
    if os.geteuid() != 0 or found is None or python is None:
        pytest.skip("needs root, a pids cgroup coord can make, and a system python3")
    base = found[0]
    before = own_cgroups(base)
    limits = Limits(processes=40, memory_mb=None)
    probe = sandboxed(tmp_path, f"grep -H . /sys/fs/cgroup/*/{OWN_CGROUPS}/pids.max", limits)
    assert cgroup_values(probe, before) == ["40"]  # in place first
    (tmp_path / "spawner.py").write_text(SPAWNER, encoding="utf-8")
    text = sandboxed(tmp_path, f"timeout 20 {python} spawner.py", limits)
    started, refused = (int(part.split("=")[1]) for part in text.split()[-2:])
    assert started < 40
    assert refused == 200 - started
    assert cgroups_removed(base, before)  # once the kernel has reaped the command's processes


NESTED = (
    "git init -q x && cd x && git config user.email a@b && git config user.name a"
    " && echo y > y && git add y && git commit -qm y && cd .. && git add x 2>/dev/null"
    " && git commit -qm x"
)


@pytest.mark.parametrize("steps", [1, 2])
def test_the_users_own_git_status_never_runs_a_nested_repositorys_fsmonitor(
    ws_repo: Path, tmp_path: Path, steps: int
) -> None:
    """A command makes a repository and commits it as a gitlink (git status then runs git
    in it), with core.fsmonitor and a hook: in one command, or the settings in a later one."""
    marker = tmp_path / "USER_GIT_RAN"
    settings = (
        f"git -C x config core.fsmonitor 'touch {marker}; true'"
        f" && printf '#!/bin/sh\\ntouch {marker}\\n' > x/.git/hooks/post-checkout"
    )
    if steps == 1:
        text = sandboxed(ws_repo, f"{NESTED} && {settings}", Limits())
    else:
        sandboxed(ws_repo, NESTED, Limits())
        text = sandboxed(ws_repo, settings, Limits())
    assert "x/.git/config: core.fsmonitor removed" in text
    assert "x/.git/hooks/post-checkout: removed" in text
    subprocess.run(["git", "status", "--short"], cwd=ws_repo, capture_output=True, check=False)
    assert not marker.exists()


def test_a_nested_repositorys_own_hooks_and_settings_stay_when_a_command_leaves_them(
    ws_repo: Path,
) -> None:
    from kit import git

    sandboxed(ws_repo, NESTED, Limits())
    git(ws_repo / "x", "config", "core.fsmonitor", "true")  # the user's own, outside coord
    hook = ws_repo / "x" / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    text = sandboxed(ws_repo, "echo y2 > x/y && echo ok", Limits())
    assert text.strip() == "ok"
    assert hook.exists()
    assert git(ws_repo / "x", "config", "core.fsmonitor").strip() == "true"


def test_a_submodule_a_command_adds_keeps_no_fsmonitor(ws_repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "USER_GIT_RAN"
    command = (
        "git init -q /tmp/lib && git -C /tmp/lib -c user.email=a@b -c user.name=a commit -q"
        " --allow-empty -m lib && git -c protocol.file.allow=always submodule add -q /tmp/lib"
        f" lib && git -C lib config core.fsmonitor 'touch {marker}; true' && echo DONE"
    )
    text = sandboxed(ws_repo, command, Limits())
    assert ".git/modules/lib/config: core.fsmonitor removed" in text
    subprocess.run(["git", "status", "--short"], cwd=ws_repo, capture_output=True, check=False)
    assert not marker.exists()


def test_a_setting_written_past_a_padded_configs_first_megabyte_is_removed_too(
    ws_repo: Path, tmp_path: Path
) -> None:
    """A nested repository's config padded past the megabyte its digest reads: a command
    overwrites the padding at its end with core.fsmonitor, in the same size; the change
    is still seen (and the setting removed)."""
    marker = tmp_path / "USER_GIT_RAN"
    sandboxed(ws_repo, NESTED, Limits())
    config = ws_repo / "x" / ".git" / "config"
    setting = f"[core]\n\tfsmonitor = touch {marker}; true\n".encode()
    padded = config.read_bytes() + b"#" + b"p" * (1 << 20) + b"\n"
    config.write_bytes(padded + b"#" + b"q" * (len(setting) - 2) + b"\n")
    (ws_repo / "setting").write_bytes(setting)  # what the command writes at the end
    write = f"dd if=setting of=x/.git/config bs=1 seek={len(padded)} conv=notrunc 2>/dev/null"
    text = sandboxed(ws_repo, f"{write} && rm setting", Limits())
    assert "x/.git/config: core.fsmonitor removed" in text
    subprocess.run(["git", "status", "--short"], cwd=ws_repo, capture_output=True, check=False)
    assert not marker.exists()
