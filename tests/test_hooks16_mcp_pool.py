"""An mcp_tool hook's server is connected once per session and kept, as Claude Code calls an
already connected server: started at the first call, closed when the session's drive ends,
started again once when it died. A real stdio server (tests/mcp_hook_server.py, the
official SDK); the agents are the scripted provider's."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
from pathlib import Path

import pytest
from test_hooks import WRITE
from test_hooks15_mcp_tool import DONE, calls, mcp_hook, server_def, user_run
from test_hooks_async import ended

from coordinator.mcp.config import Transport
from coordinator.runtime.hook_mcp import HookServers

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

WRITE_2 = {"name": "Write", "input": {"file_path": "more.txt", "content": "again"}}


async def test_one_server_answers_every_hook_call_of_a_session_and_ends_with_it(
    tmp_path: Path,
) -> None:
    backend = [{"tool_calls": [WRITE]}, {"tool_calls": [WRITE_2]}, {"text": DONE}]
    r = user_run(tmp_path, mcp_hook("pid"), backend)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    notes = [e["note"] for e in r.hook_events(result.session_id)]
    assert len(notes) == 2 and notes[0] == notes[1]  # the same process answered both
    assert [c["tool"] for c in calls(tmp_path / "log")] == ["pid", "pid"]
    assert ended(int(notes[0]))  # closed when the session's drive ended
    assert not r.engine.hooks.env.mcp.pools  # type: ignore[union-attr]


async def test_a_kept_server_that_died_is_started_again_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    definition = server_def(tmp_path / "log")
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"guard": definition}}))
    from coordinator.mcp.client import ServerPool
    from coordinator.mcp.config import ServerConfig

    config = ServerConfig(
        "guard", Transport.STDIO, "test", True, definition["command"], tuple(definition["args"])
    )
    pool = ServerPool()
    try:
        first = await pool.call(config, "pid", {}, cwd=tmp_path)
        again = await pool.call(config, "pid", {}, cwd=tmp_path)
        assert not first.is_error and first.content == again.content  # kept
        os.kill(int(first.content), signal.SIGKILL)
        assert ended(int(first.content))
        restarted = await pool.call(config, "pid", {}, cwd=tmp_path)
        assert not restarted.is_error, restarted.content
        assert restarted.content != first.content  # a new process, for the same call
    finally:
        await pool.close()
    assert ended(int(restarted.content))


async def test_closing_a_session_leaves_the_other_sessions_servers(tmp_path: Path) -> None:
    servers = HookServers()
    mine, other = servers.pool("s1"), servers.pool("s2")
    assert servers.pool("s1") is mine and mine is not other
    await servers.close("s1")
    assert list(servers.pools) == ["s2"]
    servers.close_soon("s2")
    assert not servers.pools
