"""review20: an mcp_tool hook's kept connection (hooks16) with a real stdio server (the
official SDK, tests/mcp_hook_server.py) and a real ``kill -9`` of the process keeping it."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import (
    report,
    sandbox_runs_this_python,
    wait_for_event,
    workspace,
    write_agents,
    write_script,
)
from test_hooks import WRITE, Run
from test_hooks15_mcp_tool import server_def
from test_hooks16_rewake import safety_net
from test_hooks_async import ended
from test_hooks_prompt import engine_with
from test_worktree_runs import isolated, make_repo

from coordinator.config import Settings
from coordinator.runtime.hook_mcp import HookServers, call_hook_tool
from coordinator.runtime.hooks import load_hooks

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

TESTS = Path(__file__).resolve().parent


def _home(tmp_path: Path) -> Path:
    """A home whose ~/.claude.json defines ``guard`` as ``python -m mcp_hook_server`` (the
    user's module, found on PYTHONPATH; a module of that name in the workspace, where the
    server runs, would be found first) and whose settings call its ``pid`` on each Write."""
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    env = {"PYTHONPATH": str(TESTS), "MCP_FIXTURE_LOG": str(tmp_path / "log")}
    server = {"command": sys.executable, "args": ["-m", "mcp_hook_server"], "env": env}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"guard": server}}))
    entry = {"type": "mcp_tool", "server": "guard", "tool": "pid", "input": {}}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]}
    (home / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}))
    return home


async def test_a_kept_server_an_agent_can_now_rewrite_is_not_left_running_as_the_user(
    tmp_path: Path,
) -> None:
    """The kept server ran as the user; an agent then writes ``mcp_hook_server.py`` in the
    workspace (Python's ``-m`` finds the workspace's first): the next call finds the server
    confined and does not use the kept connection, and the kept process, which runs as the
    user with the workspace as its working folder, is stopped there and then, not at the
    session's end."""
    ws = tmp_path / "ws"
    ws.mkdir()
    home = _home(tmp_path)
    [hook] = load_hooks(ws, home=home, managed=None).hooks
    servers = HookServers(home=home)
    data = {"session_id": "s1", "hook_event_name": "PreToolUse"}
    try:
        first = await call_hook_tool(hook, data, ws, servers)
        assert not first.is_error, first.content
        (ws / "mcp_hook_server.py").write_text("raise SystemExit('the agent')\n")
        second = await call_hook_tool(hook, data, ws, servers)
        assert second.is_error and "Bash sandbox" in second.content, second.content
        assert ended(int(first.content), within=5)  # not kept running as the user
    finally:
        await servers.close()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_kept_server_ends_when_coord_is_killed_9_or_stopped(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """``coord run`` is killed (-9), or stopped (SIGTERM, taken as Ctrl-C), while its
    session keeps the server of an mcp_tool hook: the server (a real SDK server, running
    as the user) ends too."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    home = _home(tmp_path)
    never = tmp_path / "never"  # the call after the Write waits for good: coord is in it
    done = report("Complete", "Done")
    turns = [{"tool_calls": [WRITE]}, {"text": done, "hold_until": str(never)}]
    script = write_script(tmp_path / "s1.yaml", {"backend": turns})
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted"]
    db = ws / ".coordinator" / "coordinator.db"
    env = {"HOME": str(home)}
    proc = spawn("run", "Write", "--agent", "backend", *base, "--script", script, env=env)
    timer = safety_net(proc)
    try:
        wait_for_event(db, "kind = 'hook'", proc)  # the hook's server answered
    finally:
        timer.cancel()
        proc.send_signal(sig)
        proc.communicate()
    [session] = json.loads(coord("sessions", "--json", "--workspace", ws, env=env).stdout)
    log = json.loads(coord("log", session["session"], "--json", "--workspace", ws, env=env).stdout)
    [hook] = [e for e in log["events"] if e["kind"] == "hook"]
    assert ended(int(hook["note"]))  # the kept server: not left running


SERVER = '''import pathlib
from mcp.server.mcpserver import MCPServer

server = MCPServer("box")


@server.tool()
def touch(path: str) -> str:
    """Write ``path``: what it says, or why it could not."""
    try:
        pathlib.Path(path).write_text("x")
    except OSError as exc:
        return f"refused: {exc.strerror}"
    return "written"


if __name__ == "__main__":
    server.run()
'''


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")
async def test_a_confined_mcp_tool_server_in_a_worktree_run_writes_only_the_worktree(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A workspace hook (confined) of a worktree run calls a server whose code lies in the
    workspace (confined too: started in the Bash sandbox for the call). The run's agents,
    its command hooks and its own MCP servers write only the worktree; the hook's server
    must not do more: the workspace stays read-only to it."""
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": report("Complete", "Done")}]}
    r = Run(tmp_path, agents, None, registry=isolated())
    (r.ws / "srv.py").write_text(SERVER)
    escaped = r.ws / "escaped.txt"
    definition = {"command": sys.executable, "args": ["srv.py"]}  # where it is started
    (r.home / ".claude.json").write_text(json.dumps({"mcpServers": {"box": definition}}))
    entry = {"type": "mcp_tool", "server": "box", "tool": "touch", "input": {"path": str(escaped)}}
    hooks = {"PostToolUse": [{"matcher": "Write", "hooks": [entry]}]}
    (r.ws / ".claude").mkdir(exist_ok=True)
    (r.ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}))
    make_repo(r.ws)
    readable = sandbox_runs_this_python(monkeypatch)  # python and the mcp SDK it imports
    engine = engine_with(r, Settings(allow_bash=True, bash_read=list(readable)))
    sid = "review20srv"
    result = await engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "complete", result
    [event] = r.hook_events(sid)
    assert event["outcome"] == "ok", event  # it ran (confined: its writes there are its own)
    assert not escaped.exists()


async def test_a_kept_server_whose_call_timed_out_is_started_again_at_the_next(
    tmp_path: Path,
) -> None:
    """An mcp_tool hook's call is cut short (its timeout) on the kept connection: the
    server's state is unknown (a server that handles one request at a time is still in it,
    and would hold every later call of the session until each timed out too), so the next
    call starts it again, as each call did before connections were kept."""
    from coordinator.mcp.client import ServerPool
    from coordinator.mcp.config import ServerConfig, Transport

    definition = server_def(tmp_path / "log")
    config = ServerConfig(
        "guard", Transport.STDIO, "test", True, definition["command"], tuple(definition["args"])
    )
    pool = ServerPool()
    try:
        first = await pool.call(config, "pid", {}, cwd=tmp_path)
        with pytest.raises(TimeoutError):  # the hook's timeout, as run_mcp_hook applies it
            await asyncio.wait_for(pool.call(config, "hang", {}, cwd=tmp_path), 0.5)
        again = await pool.call(config, "pid", {}, cwd=tmp_path)
        assert not again.is_error, again.content
        assert again.content != first.content  # started again
        assert ended(int(first.content))
    finally:
        await pool.close()
