"""Calls at once on one kept mcp_tool hook connection (parallel tool calls each firing an
mcp_tool hook): one that fails or is cut short ends only the connection it used, never the
one another call has started since. A real stdio server (tests/mcp_hook_server.py, the
official SDK)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
from pathlib import Path

import pytest
from test_hooks15_mcp_tool import calls, server_def
from test_hooks_async import ended

from coordinator.mcp.config import ServerConfig, Transport

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]


def guard(tmp_path: Path) -> ServerConfig:
    """The fixture server, run as the user (kept between calls)."""
    definition = server_def(tmp_path / "log")
    command, args = definition["command"], tuple(definition["args"])
    env = tuple(definition["env"].items())
    return ServerConfig("guard", Transport.STDIO, "test", True, command, args, env=dict(env))


async def test_a_call_cut_short_does_not_end_the_connection_a_later_call_started(
    tmp_path: Path,
) -> None:
    from coordinator.mcp.client import ServerPool

    config, pool = guard(tmp_path), ServerPool()
    try:
        first = await pool.call(config, "pid", {}, cwd=tmp_path)
        other: asyncio.Task[object] | None = None
        cut = asyncio.create_task(pool.call(config, "hang", {}, cwd=tmp_path))
        other = asyncio.create_task(pool.call(config, "hang", {}, cwd=tmp_path))
        # a call made after them on the same connection: once answered, the server has
        # begun both hangs (its requests are handled in the order they came)
        probe = await asyncio.create_task(pool.call(config, "pid", {}, cwd=tmp_path))
        assert probe.content == first.content
        assert [c["tool"] for c in calls(tmp_path / "log")] == ["pid", "hang", "hang", "pid"]
        cut.cancel()  # its hook's timeout: the connection it used is ended
        await asyncio.gather(cut, return_exceptions=True)
        # a call made now starts the server again; the other hang, which failed on the
        # ended connection, must not end this new one as it is started
        later = await pool.call(config, "pid", {}, cwd=tmp_path)
        assert not later.is_error, later.content
        assert later.content != first.content
    finally:
        if other is not None:
            other.cancel()
            await asyncio.gather(other, return_exceptions=True)
        await pool.close()
    assert ended(int(first.content)) and ended(int(later.content))


async def test_two_calls_failing_on_a_dead_server_both_get_their_answer(tmp_path: Path) -> None:
    from coordinator.mcp.client import ServerPool

    config, pool = guard(tmp_path), ServerPool()
    try:
        first = await pool.call(config, "pid", {}, cwd=tmp_path)
        os.kill(int(first.content), signal.SIGKILL)
        assert ended(int(first.content))
        both = await asyncio.gather(*(pool.call(config, "pid", {}, cwd=tmp_path) for _ in "ab"))
        assert [r.is_error for r in both] == [False, False], [r.content for r in both]
        assert both[0].content == both[1].content != first.content  # one server started again
    finally:
        await pool.close()
    assert ended(int(both[0].content))
