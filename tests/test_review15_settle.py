"""review15: a settle cancelled while it waits (a second Ctrl-C or SIGTERM at a session's
end, or ``coord mcp`` cancelling the call) kills the session's async hooks: none left
running in a process that goes on."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from test_hooks_async import async_hook, ended, load_one

from coordinator.runtime import hook_async
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import HookEvent


async def test_a_settle_cancelled_while_it_waits_kills_the_sessions_async_hooks(
    tmp_path: Path,
) -> None:
    pids = tmp_path / "pids"
    os.mkfifo(pids)  # the hook says it runs by writing its pid here
    forever = f"echo $$ > {pids}; exec sleep 1000"
    hook = load_one(tmp_path, async_hook("PostToolUse", forever, timeout=600))
    logged: list[str] = []
    background = hook_async.Background(lambda f, run: logged.append(run.outcome))
    fired = hook_async.Fired("s1", 1, "backend", HookEvent.POST_TOOL_USE, "Write")
    background.start([hook], {"hook_event_name": "PostToolUse"}, HookEnv(tmp_path), fired)
    [task] = background.running("s1")
    pid = int(await asyncio.to_thread(pids.read_text))  # blocks until the hook runs

    settling = asyncio.ensure_future(background.settle("s1", grace=1000))
    await asyncio.sleep(0)  # one turn of the loop (no wait for time): settle's first step,
    # which runs to its asyncio.wait
    settling.cancel()
    await asyncio.gather(settling, return_exceptions=True)
    assert task.cancelling()  # the hook is being killed, not left to its own timeout
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled() and ended(pid)
    assert logged == ["error"]
    assert not background.running("s1")
