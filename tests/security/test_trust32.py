"""trust32: what trust31 left open at the trust boundary.

A root coord's confined hooks and stdio MCP servers in a cgroup of their own as its Bash
commands are; the nested-repository guard off the event loop; a repository a command made
but never added keeps no fsmonitor; an HTTP MCP server's answers bounded.

Every test of a limit first checks, with a harmless probe, that the limit is in place; a
spawner is bounded on its own (at most 200 ``sleep`` children), runs under a 20 s deadline
and its process group is killed at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from kit import (
    OWN_CGROUPS,
    SPAWNER,
    cgroup_values,
    cgroups_removed,
    needs_mcp,
    own_cgroups,
    repo_workspace,
    sandbox_runs_this_python,
)

from coordinator.tools.sandbox import BashSandbox, Limits, confiner_for

ws_repo = repo_workspace  # the fixture: a workspace that is a git repository
pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
#: What a confined program reads of the cgroups of this coord (its limit, its count).
GROUP = f"/sys/fs/cgroup/*/{OWN_CGROUPS}"
HOOK_SERVER = Path(__file__).resolve().parents[1] / "mcp_hook_server.py"


def root_cgroups() -> Path:
    """The folder this coord's cgroups go in; the test is skipped where there is none."""
    from coordinator.tools import pids

    found = pids._base()
    if os.geteuid() != 0 or found is None:
        pytest.skip("needs root and a pids cgroup coord can make")
    return found[0]


def confined_hook(ws: Path, command: str, limits: Limits) -> tuple[str, str]:
    """A workspace hook running ``command`` confined with ``limits``: its outcome and stdout."""
    from coordinator.runtime.hook_run import HookEnv, run_hook
    from coordinator.runtime.hooks import Hook, HookEvent, HookSource

    confine = confiner_for(True, BashSandbox(limits=limits))
    hook = Hook(HookEvent.STOP, "", command, 30.0, HookSource.PROJECT, ws / "s.json", True)
    ran = asyncio.run(run_hook(hook, {"hook_event_name": "Stop"}, HookEnv(ws, confine=confine)))
    return ran.outcome, ran.stdout


def test_a_root_coords_confined_hook_stops_at_the_process_limit(tmp_path: Path) -> None:
    """The kernel exempts root from the process limit: a confined hook of a root coord runs
    in a cgroup of its own whose pids.max is the limit, as a Bash command does."""
    base = root_cgroups()
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        pytest.skip("no system python3")
    before = own_cgroups(base)
    limits = Limits(processes=40, memory_mb=None)
    outcome, probe = confined_hook(tmp_path, f"grep -H . {GROUP}/pids.max", limits)
    assert (outcome, cgroup_values(probe, before)) == ("ok", ["40"])  # in place first
    (tmp_path / "spawner.py").write_text(SPAWNER, encoding="utf-8")
    _, text = confined_hook(tmp_path, f"timeout 20 {python} spawner.py", limits)
    started, refused = (int(part.split("=")[1]) for part in text.split()[-2:])
    assert started < 40
    assert refused == 200 - started
    assert cgroups_removed(base, before)


@needs_mcp
async def test_a_root_coords_confined_mcp_server_runs_in_a_cgroup_of_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A confined stdio server lives the session: all its processes count against the
    limit in its own cgroup (it says what its cgroup holds as it starts), removed after."""
    from coordinator.mcp.client import open_servers
    from coordinator.mcp.config import ServerConfig, Transport

    base = root_cgroups()
    readable = sandbox_runs_this_python(monkeypatch)
    shutil.copy(HOOK_SERVER, tmp_path / "srv.py")  # (a checkout under /tmp is hidden: CI's)
    before = own_cgroups(base)
    start = f"grep -H . {GROUP}/pids.max {GROUP}/tasks > seen; exec {sys.executable} srv.py"
    config = ServerConfig(
        "caged", Transport.STDIO, "test", True, "sh", ("-c", start), confined="runs srv.py"
    )
    limits = Limits(processes=40, memory_mb=None)
    confine = confiner_for(True, BashSandbox(readable=readable, limits=limits))
    async with open_servers([config], cwd=tmp_path, confine=confine) as opened:
        assert opened.problems == []
        assert "mcp__caged__reply" in [t.name for t in opened.tools]
        seen = cgroup_values((tmp_path / "seen").read_text(), before)
    assert seen[0] == "40"
    assert len(seen) > 1  # the server's own processes were in it
    assert cgroups_removed(base, before)


#: A repository made and committed as a gitlink by a command (git status then runs in it).
NESTED = (
    "git init -q x && cd x && git config user.email a@b && git config user.name a"
    " && echo y > y && git add y && git commit -qm y && cd .. && git add x 2>/dev/null"
    " && git commit -qm x"
)
#: A ``git`` that, listing a config's settings, waits for a file the event loop makes (at
#: most 10 s), says whether it came, then is git.
GATED_GIT = """#!/bin/sh
case " $* " in *" --list "*)
    touch "{waiting}"
    until [ -e "{release}" ]; do sleep 0.05; done
    echo released >> "{log}";;
esac
exec {git} "$@"
"""


def appeared(path: Path, call: asyncio.Future[Any]) -> bool:
    """Whether ``path`` appears before ``call`` ends (no bound of its own: a gate never
    reached lets the call end, a gate never released is killed by the guard's own bound on
    its git; flake115: a 10 s bound here failed on a loaded machine)."""
    while not path.exists() and not call.done():
        time.sleep(0.01)
    return path.exists()


async def test_the_nested_repository_guard_runs_git_off_the_event_loop(
    ws_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command changes a nested repository's config: the guard runs git to read it; the
    event loop (other agents, Ctrl-C) must go on meanwhile. The git here waits for the
    loop itself to let it go."""
    from coordinator.tools.base import ToolContext
    from coordinator.tools.toolset import build_toolset

    context = ToolContext(root=ws_repo, allow_bash=True, sandbox=BashSandbox(limits=Limits()))
    tools = build_toolset(None)
    await tools.execute("Bash", {"command": NESTED}, context)
    bin_dir, waiting, release = tmp_path / "bin", tmp_path / "waiting", tmp_path / "release"
    log = tmp_path / "log"
    bin_dir.mkdir()
    gated = GATED_GIT.format(waiting=waiting, release=release, log=log, git=shutil.which("git"))
    (bin_dir / "git").write_text(gated)
    (bin_dir / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    command = "git -C x config core.fsmonitor true && echo ok"
    call = asyncio.ensure_future(tools.execute("Bash", {"command": command}, context))
    assert await asyncio.to_thread(appeared, waiting, call)  # (taken on the event loop)
    release.touch()
    result = await call
    assert result.content.startswith("ok\n")
    assert "x/.git/config: core.fsmonitor removed" in result.content
    assert set(log.read_text().split()) == {"released"}  # (the config before, and now)


def sandboxed(ws: Path, command: str) -> str:
    """The Bash tool's output for ``command`` in the real sandbox."""
    from kit import sandboxed_bash

    return str(sandboxed_bash(ws, command).content)


def users_git_ran(folder: Path, marker: Path, *command: str) -> bool:
    """Whether the user's own git, run in ``folder``, ran a program (made ``marker``)."""
    marker.unlink(missing_ok=True)
    git = ["git", *command] if command else ["git", "status", "--short"]
    subprocess.run(git, cwd=folder, capture_output=True, check=False, timeout=30)
    return marker.exists()


@pytest.mark.parametrize("repository", [False, True])
def test_a_repository_a_command_makes_and_never_adds_keeps_no_fsmonitor(
    tmp_path: Path, repository: bool
) -> None:
    """In a workspace that is no repository, or one that is: a command makes a repository
    in a subfolder, never added, with core.fsmonitor and a hook; the user's git there later
    runs neither."""
    from kit import git_init

    ws, marker = tmp_path / "ws", tmp_path / "USER_GIT_RAN"
    ws.mkdir()
    (ws / "f.txt").write_text("x\n")
    if repository:
        git_init(ws)
    command = (
        f"git init -q app && git -C app config core.fsmonitor 'touch {marker}; true'"
        f" && printf '#!/bin/sh\\ntouch {marker}\\n' > app/.git/hooks/pre-commit"
        " && chmod +x app/.git/hooks/pre-commit && echo made"
    )
    text = sandboxed(ws, command)
    assert "app/.git/config: core.fsmonitor removed" in text
    assert "app/.git/hooks/pre-commit: removed" in text
    (ws / "app" / "a.txt").write_text("a\n")
    assert not users_git_ran(ws / "app", marker)
    assert not users_git_ran(ws / "app", marker, "commit", "-qam", "a", "--allow-empty")


def test_a_bare_repository_a_command_makes_keeps_no_pager(tmp_path: Path) -> None:
    """git run in a bare repository's folder reads its config: core.pager ran at the user's
    ``git log`` there."""
    marker = tmp_path / "USER_GIT_RAN"
    command = (
        f"git init -q --bare lib.git && git -C lib.git config core.pager 'touch {marker}; cat'"
    )
    text = sandboxed(tmp_path, command)
    assert "lib.git/config: core.pager removed" in text
    assert not users_git_ran(tmp_path / "lib.git", marker, "-p", "log")


def test_a_repository_a_command_changes_deep_in_the_workspace_loses_its_new_setting(
    tmp_path: Path,
) -> None:
    """A repository the user made (not a command), deep in a workspace that is no
    repository: its own settings stay while commands leave its config; one a command adds
    is removed (with every such setting of the config it changed)."""
    from kit import git, git_init

    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "f.txt").write_text("x\n")
    git_init(deep)
    git(deep, "config", "core.fsmonitor", "false")  # the user's own: left
    assert sandboxed(tmp_path, "echo untouched").strip() == "untouched"
    assert git(deep, "config", "core.fsmonitor").strip() == "false"
    text = sandboxed(tmp_path, "git -C a/b/c config alias.st '!touch /tmp/x' && echo set")
    assert "a/b/c/.git/config: alias.st removed" in text
    listed = subprocess.run(["git", "config", "--list"], cwd=deep, capture_output=True, text=True)
    assert "alias.st" not in listed.stdout


def test_a_folder_that_only_looks_like_a_git_directory_is_left_alone(tmp_path: Path) -> None:
    """A project folder holding HEAD, objects/, refs/ and hooks/ (a web app's React hooks)
    that git would not take for a git directory: nothing in it is removed."""
    command = (
        "mkdir -p web/objects web/refs web/hooks && echo notes > web/HEAD"
        " && echo 'export {}' > web/hooks/useThing.js && echo made"
    )
    assert sandboxed(tmp_path, command).strip() == "made"
    assert (tmp_path / "web" / "hooks" / "useThing.js").exists()


class FloodingHttpServer(BaseHTTPRequestHandler):
    """A streamable-HTTP MCP server on loopback whose one tool, ``flood``, answers with a
    text of ``megabytes`` MB, as a JSON body or (``events``) one event of an event stream."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        method, ident = body.get("method"), body.get("id")
        if method == "initialize":
            version = body["params"]["protocolVersion"]
            info = {"name": "flood", "version": "1"}
            self.answer(
                ident,
                {"protocolVersion": version, "capabilities": {"tools": {}}, "serverInfo": info},
            )
        elif method == "tools/list":
            self.answer(ident, {"tools": [{"name": "flood", "inputSchema": {"type": "object"}}]})
        elif method == "tools/call":
            args = body["params"]["arguments"]
            self.answer(ident, {"content": [{"type": "text", "text": "@"}]}, **args)
        else:
            self.empty(202)

    def answer(
        self, ident: int, result: dict[str, Any], megabytes: int = 0, events: bool = False
    ) -> None:
        text = json.dumps({"jsonrpc": "2.0", "id": ident, "result": result}).encode()
        before, _, after = text.partition(b"@") if megabytes else (text, b"", b"")
        start, end = (
            (b"event: message\ndata: " + before, after + b"\n\n") if events else (before, after)
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream" if events else "application/json")
        self.send_header("Content-Length", str(len(start) + (megabytes << 20) + len(end)))
        self.end_headers()
        with contextlib.suppress(OSError):  # (the client hung up: cut)
            self.wfile.write(start)
            for _ in range(megabytes):
                self.wfile.write(b"x" * (1 << 20))
            self.wfile.write(end)

    def do_GET(self) -> None:
        self.empty(405)

    def do_DELETE(self) -> None:
        self.empty(200)

    def empty(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@needs_mcp
@pytest.mark.parametrize("events", [False, True])
async def test_an_http_servers_64_mb_answer_fails_the_call_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: bool
) -> None:
    """Cut at the bound, never held whole; the connection goes on for the next call."""
    from kit import serving

    from coordinator.mcp.bounded import MAX_LINE_BYTES
    from coordinator.mcp.client import open_servers
    from coordinator.mcp.config import ServerConfig, Transport
    from coordinator.tools.base import ToolContext, ToolError

    monkeypatch.setenv("MCP_TOOL_TIMEOUT", "20000")  # without the bound: a failure, not a hang
    logging.getLogger("mcp").setLevel(logging.CRITICAL)  # (the SDK logs the cut body)
    with serving(FloodingHttpServer) as url:
        config = ServerConfig("webby", Transport.HTTP, "test", True, url=f"{url}/mcp")
        async with open_servers([config], cwd=tmp_path) as opened:
            [flood] = opened.tools
            tracemalloc.start()
            try:
                with pytest.raises(ToolError) as caught:
                    await flood.run({"megabytes": 64, "events": events}, ToolContext(root=tmp_path))
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            after = await flood.run({"megabytes": 0}, ToolContext(root=tmp_path))
    assert str(caught.value).startswith("MCP server 'webby' failed: ")
    if not events:  # (an event stream is the SDK's to bound first: at 1 MB)
        said = f"of more than {MAX_LINE_BYTES >> 20} MB, which was cut there and dropped"
        assert str(caught.value).endswith(said)
    assert peak < 48 << 20
    assert after.content == "@"


def test_a_matching_child_is_kept_between_calls_but_never_one_stopped_at_its_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grep's and Glob's child is kept for the next call (its start cost ~13 ms a call);
    one killed at its deadline (a catastrophic pattern) is not, and the next call answers."""
    from coordinator.tools import matching
    from coordinator.tools.base import ToolContext
    from coordinator.tools.toolset import build_toolset

    monkeypatch.setattr(matching, "MATCH_SECONDS", 1.0)
    matching._end_idle()  # (children earlier tests of this process left idle)
    (tmp_path / "slow.txt").write_text("a" * 40 + "b\n")
    (tmp_path / "app.py").write_text("value = 1\n")
    tools, context = build_toolset(None), ToolContext(root=tmp_path)

    def grep(pattern: str) -> str:
        return asyncio.run(tools.execute("Grep", {"pattern": pattern}, context)).content

    assert grep("value") == "app.py"
    [kept] = [c for c in matching._IDLE if c.poll() is None]
    assert asyncio.run(tools.execute("Glob", {"pattern": "*.py"}, context)).content == "app.py"
    assert [c.pid for c in matching._IDLE] == [kept.pid]  # the same child answered
    assert "took over 1 s to match and was stopped" in grep("(a+)+$")
    assert kept.poll() is not None  # it was the one stopped: ended, not kept
    assert matching._IDLE == []
    assert grep("value") == "app.py"
    assert len(matching._IDLE) == 1


def test_grep_shows_nothing_of_coords_own_folders_in_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grep's walk opens a file that is no link where it lies (no resolving of each path):
    coord's own folders in the workspace (its config under a HOME inside it) stay unread."""
    from coordinator.tools.base import ToolContext
    from coordinator.tools.toolset import build_toolset

    home = tmp_path / "home"
    (home / ".config" / "coordinator").mkdir(parents=True)
    (home / ".config" / "coordinator" / "config.yaml").write_text("token: SECRET\n")
    (tmp_path / "app.py").write_text("SECRET = 'no'\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    args = {"pattern": "SECRET", "output_mode": "content"}
    found = asyncio.run(build_toolset(None).execute("Grep", args, ToolContext(root=tmp_path)))
    assert found.content == "app.py:1:SECRET = 'no'"


@pytest.mark.parametrize("where", ["nested", "fresh"])
def test_a_hooks_folder_a_command_makes_a_link_is_removed(tmp_path: Path, where: str) -> None:
    """A repository a command makes (in a subfolder, or the workspace's own where there was
    none) whose ``hooks`` is a link to a folder of the command's hooks: the link goes (its
    hooks were never removed: the folder is reached through no link)."""
    marker = tmp_path / "USER_GIT_RAN"
    ws = tmp_path / "ws"
    ws.mkdir()
    repo = "x" if where == "nested" else "."
    command = (
        f"mkdir -p mine && printf '#!/bin/sh\\ntouch {marker}\\n' > mine/pre-commit"
        f" && chmod +x mine/pre-commit && git init -q {repo} && rm -rf {repo}/.git/hooks"
        f" && ln -s {'../..' if where == 'nested' else '..'}/mine {repo}/.git/hooks && echo made"
    )
    text = sandboxed(ws, command)
    named = "x/.git" if where == "nested" else ".git"
    assert f"{named}/hooks: a link, removed" in text
    assert not (ws / named / "hooks").is_symlink()
    assert (ws / "mine" / "pre-commit").exists()  # the command's own file: left
    user = ["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "a"]
    assert not users_git_ran(ws / repo, marker, *user)
