"""Claude Code's async command hooks (``"async": true``): real hook scripts run in the
background, never block, and give their ``additionalContext``/``systemMessage`` to the model
on its next turn; a session's end leaves none of them running. Synchronised on files and on
the engine's events, never on sleeps."""

from __future__ import annotations

import asyncio
import json
import os
import select
from pathlib import Path
from typing import Any

import pytest
from kit import report
from test_hooks import PY, WRITE, Run

from coordinator.events import Event, HookRan, ToolFinished
from coordinator.runtime import hook_async
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import Hook, HookEvent, load_hooks

DONE = report("Complete", "Done")
GLOB = {"name": "Glob", "input": {"pattern": "*.md"}}


def async_hook(event: str, command: str, matcher: str = "", timeout: float = 20) -> Any:
    entry = {"type": "command", "command": command, "async": True, "timeout": timeout}
    return {event: [{"matcher": matcher, "hooks": [entry]}]}


def script(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return f"{PY} {path}"


def wait_for(path: Path) -> str:
    """Python hook code waiting until ``path`` exists (the test creates it on an event)."""
    return f"import os, time\nwhile not os.path.exists({str(path)!r}):\n    time.sleep(0.01)\n"


def test_async_is_read_on_command_hooks(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    hooks = {**async_hook("PostToolUse", "lint"), "Stop": [{"hooks": [{"command": "check"}]}]}
    (home / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    found = load_hooks(tmp_path / "ws", home=home, managed=None)
    assert [(h.command, h.background) for h in found.hooks] == [("lint", True), ("check", False)]
    assert found.hooks[0].label().endswith("lint (async)")


async def test_an_async_hook_never_blocks_and_its_context_reaches_the_next_turn(
    tmp_path: Path,
) -> None:
    """The PostToolUse hook waits until the Write's result is stored (so the run went on
    without it), then gives context; the model reads it after the next tool's result."""
    release, delivered = tmp_path / "release", tmp_path / "delivered"
    lint = script(
        tmp_path,
        "lint.py",
        "import json, sys\ndata = json.load(sys.stdin)\n"
        + wait_for(release)
        + "print(json.dumps({'systemMessage': 'lint ran',"
        " 'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
        " 'additionalContext': 'lint: 2 warnings in ' + data['tool_input']['file_path']},"
        " 'decision': 'block', 'reason': 'ignored: async hooks decide nothing'}))\n",
    )
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"tool_calls": [GLOB], "hold_until": str(delivered)},
            {"expect": "lint: 2 warnings in notes.txt", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents, async_hook("PostToolUse", lint, "Write"))

    def observe(event: Event) -> None:
        r.events.append(event)
        if isinstance(event, ToolFinished) and event.name == "Write":
            release.touch()  # the Write's result is stored: only now may the hook finish
        if isinstance(event, HookRan):
            delivered.touch()  # its output is kept: the next turn may come

    r.engine.journal.observer = observe
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert (r.ws / "notes.txt").read_text() == "hello"
    kinds = [(e.kind, getattr(e, "name", getattr(e, "event", ""))) for e in r.events]
    assert kinds.index(("tool_result", "Write")) < kinds.index(("hook", "PostToolUse"))
    [event] = r.hook_events(result.session_id)
    assert (event["event"], event["target"], event["exit_code"]) == ("PostToolUse", "Write", 0)
    last = r.provider.model.calls[-1].messages[-1]["content"]
    assert [b["type"] for b in last] == ["tool_result", "text"]
    assert "lint ran" in last[1]["text"] and "async PostToolUse" in last[1]["text"]
    assert "ignored" not in last[1]["text"]  # its reason is not fed back: nothing blocked


async def test_an_async_deny_does_not_stop_the_call(tmp_path: Path) -> None:
    deny = script(
        tmp_path,
        "deny.py",
        "import json\nprint(json.dumps({'hookSpecificOutput': {'permissionDecision': 'deny',"
        " 'permissionDecisionReason': 'too late'}}))\n",
    )
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, async_hook("PreToolUse", deny, "Write"))
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete"
    assert (r.ws / "notes.txt").read_text() == "hello"
    [event] = r.hook_events(result.session_id)  # logged when it ended: it blocked nothing
    assert (event["event"], event["outcome"], event["note"]) == ("PreToolUse", "ok", "too late")


async def test_the_sessions_end_kills_async_hooks_still_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An async hook that never ends is killed when the session ends (after the grace),
    with its whole process group, and logged so: nothing is orphaned, nothing hangs."""
    monkeypatch.setattr(hook_async, "ASYNC_GRACE", 0.2)
    pids = tmp_path / "pids"
    # the hook's shell, and a child of it in its process group, both waiting forever
    forever = f"sleep 1000 & echo $$ $! > {pids}.tmp && mv {pids}.tmp {pids}; wait"
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"text": DONE, "hold_until": str(pids)},  # the hook is running by then
        ]
    }
    r = Run(tmp_path, agents, async_hook("PostToolUse", forever, "Write", timeout=30))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    shell, child = (int(p) for p in pids.read_text().split())
    assert not alive(shell) and not alive(child)
    [event] = r.hook_events(result.session_id)
    assert (event["event"], event["outcome"]) == ("PostToolUse", "error")
    assert event["note"] == hook_async.ENDED
    assert not r.engine.hooks.background.running(result.session_id)  # type: ignore[union-attr]


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs once a kill sent to it has had up to 10 s to land (its exit
    is awaited as an event on a pidfd: a SIGKILL is delivered asynchronously, so a process
    just killed can still be seen running for a moment; a zombie counts as gone)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return False
    try:
        ready, _, _ = select.select([fd], [], [], 10.0)
    finally:
        os.close(fd)
    return not ready


async def test_a_stopped_drive_kills_its_async_hooks_at_once(tmp_path: Path) -> None:
    """:meth:`Background.kill` (a driver stopped by an error or a signal) kills the
    session's async hooks without waiting, logs them, and leaves other sessions' alone."""
    pids = tmp_path / "pids"
    os.mkfifo(pids)  # the hook says it runs by writing its pid here
    forever = f"echo $$ > {pids}; exec sleep 1000"
    hook = load_one(tmp_path, async_hook("PostToolUse", forever))
    logged: list[tuple[str, str]] = []
    background = hook_async.Background(lambda f, run: logged.append((f.session_id, run.outcome)))
    env = HookEnv(tmp_path)
    mine = hook_async.Fired("s1", 1, "backend", HookEvent.POST_TOOL_USE, "Write")
    other = hook_async.Fired("s2", 2, "backend", HookEvent.POST_TOOL_USE, "Write")
    quick = load_one(tmp_path, async_hook("PostToolUse", ECHO_CONTEXT))
    background.start([hook], {"hook_event_name": "PostToolUse"}, env, mine)
    background.start([quick], {"hook_event_name": "PostToolUse"}, env, other)
    [task] = background.running("s1")
    await asyncio.wait(background.running("s2"))  # the other session's hook has finished
    pid = int(await asyncio.to_thread(pids.read_text))  # blocks until the hook runs

    background.kill("s1")
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled() and not alive(pid)
    assert logged == [("s2", "ok"), ("s1", "error")]
    assert background.take("s1", 1) == []
    assert background.take("s2", 2) == [(HookEvent.POST_TOOL_USE, "from s2")]


ECHO_CONTEXT = 'echo \'{"hookSpecificOutput": {"additionalContext": "from s2"}}\''


def load_one(tmp_path: Path, hooks: dict[str, Any]) -> Hook:
    home = tmp_path / "one"
    (home / ".claude").mkdir(parents=True, exist_ok=True)
    (home / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    [hook] = load_hooks(tmp_path / "ws", home=home, managed=None).hooks
    return hook
