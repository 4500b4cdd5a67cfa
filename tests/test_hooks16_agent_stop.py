"""An agent hook's tools stop with the hook: a Grep still walking the workspace in its
thread when the hook times out stops at its next file, instead of keeping the thread (and
the process's exit) busy until it has read everything. The real ``anthropic`` SDK against
the loopback fake Messages API; the Grep is held inside its walk by the permission rules'
``hidden`` check, so no timing decides what is tested."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from fake_messages_server import FakeMessagesServer, message
from test_hooks15_agent import an_agent_hook
from test_hooks_prompt import sdk_model

from coordinator.runtime.hook_agent import HookFiles
from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.tools.base import ToolContext

FILES = 200
SAFETY = 120.0  # a failed test never hangs: the held Grep lets go after this


@dataclass
class Holder:
    """A ``hidden`` check that holds the Grep at its first file until :attr:`release`."""

    inside: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    seen: list[Path] = field(default_factory=list)

    def __call__(self, file: Path, root: Path) -> bool:
        self.seen.append(file)
        if len(self.seen) == 1:
            self.inside.set()
            self.release.wait(SAFETY)
        return False


async def test_a_timed_out_agent_hooks_grep_stops_at_its_next_file(
    server: FakeMessagesServer, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    for i in range(FILES):
        (ws / f"f{i:03}.txt").write_text("needle\n", encoding="utf-8")
    data = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {}}
    for timeout in (0.5, 2, 8, 32):  # long enough for the hook's first turn to reach Grep
        holder = Holder()
        server.reply(
            message(tool_calls=[("Grep", {"pattern": "needle"})]),
            message('{"ok": true}'),
        )
        files = HookFiles(ToolContext(ws, hidden=holder))
        env = HookEnv(ws, llm=sdk_model(server), files=files)
        hook = an_agent_hook("Safe? $ARGUMENTS")
        run = await run_hook(replace(hook, timeout=timeout), data, env)
        assert run.outcome == Outcome.TIMEOUT
        if holder.inside.is_set():
            break
        holder.release.set()
    assert holder.inside.is_set()
    held = len(holder.seen)
    holder.release.set()
    await asyncio.get_running_loop().shutdown_default_executor()  # the Grep's thread ended
    assert len(holder.seen) == held == 1  # it stopped at its next file: none more looked at
