"""Claude Code's async command hooks (``"async": true``): real hook scripts run in the
background, never block, and give their ``additionalContext``/``systemMessage`` to the model
on its next turn; a session's end leaves none of them running. Synchronised on files and on
the engine's events, never on sleeps."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import subprocess
from asyncio import base_subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli import coord, finish, spawn
from kit import report, wait_for_line, workspace, write_agents, write_script
from test_hooks import PY, WRITE, Run

from coordinator.events import Event, HookRan, RunStarted, ToolFinished
from coordinator.runtime import hook_async
from coordinator.runtime.hook_run import HookEnv, run_hook
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


@dataclass(frozen=True)
class GatedHook:
    """An async ``event`` hook (a script in the test's folder) giving ``context`` as its
    ``additionalContext`` once the test creates ``release``; the test creates ``delivered``
    once the hook's output is kept, which the held turn of :meth:`turns` waits for."""

    hooks: dict[str, Any]
    context: str
    release: Path
    delivered: Path

    @classmethod
    def write(
        cls, tmp_path: Path, event: str, context: str, prompt: str | None = None
    ) -> GatedHook:
        """The hook on ``event``; with ``prompt``, it answers only that prompt (any other
        ends it at once, with nothing said)."""
        release, delivered = tmp_path / "release", tmp_path / "delivered"
        said = {"hookSpecificOutput": {"hookEventName": event, "additionalContext": context}}
        only = "" if prompt is None else f"if data['prompt'] != {prompt!r}:\n    sys.exit(0)\n"
        body = f"import json, sys\ndata = json.load(sys.stdin)\n{only}" + wait_for(release)
        command = script(tmp_path, f"{event}.py", body + f"print(json.dumps({said!r}))\n")
        entry = {"type": "command", "command": command, "async": True, "timeout": 60}
        return cls({event: [{"hooks": [entry]}]}, context, release, delivered)

    def turns(self) -> list[dict[str, Any]]:
        """A tool call held until the hook's output is kept, then the turn expecting it."""
        return [
            {"tool_calls": [GLOB], "hold_until": str(self.delivered)},
            {"expect": self.context, "text": DONE},
        ]

    def on_root_run(self, event: Event) -> None:
        """An observer: released once the root run is stored, delivered once it ran."""
        if isinstance(event, RunStarted):
            self.release.touch()  # the session and its root run are stored: the hook may end
        if isinstance(event, HookRan):
            self.delivered.touch()  # its output is kept: the next turn may come


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


async def test_an_async_deny_does_not_stop_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session ends before the hook may have: its end waits for it (the grace is a safety
    net here, which a busy machine's interpreter start must not reach)."""
    monkeypatch.setattr(hook_async, "ASYNC_GRACE", 120)
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
    assert ended(shell) and ended(child)  # (the group's SIGKILL reaches each as it runs)
    [event] = r.hook_events(result.session_id)
    assert (event["event"], event["outcome"]) == ("PostToolUse", "error")
    assert event["note"] == hook_async.ENDED
    assert not r.engine.hooks.background.running(result.session_id)  # type: ignore[union-attr]


def ended(pid: int, within: float = 30) -> bool:
    """Whether ``pid`` has ended (or does, within ``within`` seconds: a process group's
    SIGKILL is delivered to each of its processes as each is next scheduled). Waits on a
    pidfd, which is readable as soon as the process exits: no polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], within)[0])
    finally:
        os.close(fd)


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
    assert task.cancelled() and ended(pid)
    assert logged == [("s2", "ok"), ("s1", "error")]
    assert background.take("s1", 1)[0] == []
    assert background.take("s2", 2)[0] == [(HookEvent.POST_TOOL_USE, "from s2")]


ECHO_CONTEXT = 'echo \'{"hookSpecificOutput": {"additionalContext": "from s2"}}\''


def load_one(tmp_path: Path, hooks: dict[str, Any]) -> Hook:
    home = tmp_path / "one"
    (home / ".claude").mkdir(parents=True, exist_ok=True)
    (home / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    [hook] = load_hooks(tmp_path / "ws", home=home, managed=None).hooks
    return hook


def run_with_a_forever_hook(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, int, int]:
    """A ``coord run`` whose async PostToolUse hook left ``sleep 1000`` running, held in its
    last model call: the process, its workspace, and the hook's shell and child pids (read
    once the hook runs)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    home, pids = tmp_path / "home", tmp_path / "pids"
    os.mkfifo(pids)  # the hook says it runs by writing its pids here
    forever = f"sleep 1000 & echo $$ $! > {pids}; wait"
    (home / ".claude").mkdir(parents=True)
    settings = {"hooks": async_hook("PostToolUse", forever, "Write", timeout=900)}
    (home / ".claude/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    never = tmp_path / "never"  # the final answer waits for it: the run is in its call
    script = write_script(
        tmp_path / "s.yaml",
        {"backend": [{"tool_calls": [WRITE]}, {"text": DONE, "hold_until": str(never)}]},
    )
    proc = spawn(
        "run", "Write notes", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--provider", "scripted", "--script", script, env={"HOME": str(home)},
    )  # fmt: skip
    shell, child = (int(p) for p in wait_for_line(pids, proc).split())
    return proc, ws, shell, child


def test_a_sigterm_to_coord_run_kills_its_async_hooks_as_ctrl_c_does(tmp_path: Path) -> None:
    """``coord run`` stopped by SIGTERM (a supervisor, ``kill``, a CI's timeout) is stopped
    as by Ctrl-C: its async hooks' process groups are killed, not left running (a hook in a
    new session outlives a process that dies of the signal), and the session is resumable."""
    proc, ws, shell, child = run_with_a_forever_hook(tmp_path)
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = finish(proc)
        assert ended(shell) and ended(child), err
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(shell, signal.SIGKILL)  # a failed test leaves nothing behind
    assert hook_async.ENDED in err  # the killed hook is logged, as after a Ctrl-C
    listed = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
    assert [s["status"] for s in listed] == ["interrupted"]


async def test_a_hook_cancelled_while_its_process_starts_has_run_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stopped drive can cancel a hook (an async one above all: started in the background,
    killed at once) after its process is spawned but before asyncio has connected its pipes
    (held here until the cancel). asyncio then kills that process alone, by pid, and waits for
    its pipes: had the hook's command started anything, it would run on, and the cancel hang
    (seen under SIGTERM). The command runs only after its go-ahead line, sent once the
    process is handed over: here it never ran, and the cancel completes."""
    ran, gate, spawned = tmp_path / "ran", asyncio.Event(), asyncio.Event()
    connect = base_subprocess.BaseSubprocessTransport._connect_pipes
    pids: list[int] = []

    async def late(self: Any, waiter: Any) -> None:
        pids.append(self.get_pid())
        spawned.set()
        await gate.wait()  # the pipes are connected only once the test has cancelled
        await connect(self, waiter)

    monkeypatch.setattr(base_subprocess.BaseSubprocessTransport, "_connect_pipes", late)
    hook = load_one(tmp_path, async_hook("PostToolUse", f"touch {ran}; sleep 1000 & wait"))
    run = asyncio.get_running_loop().create_task(
        run_hook(hook, {"hook_event_name": "PostToolUse"}, HookEnv(tmp_path))
    )
    await spawned.wait()
    run.cancel()
    gate.set()
    try:
        await asyncio.wait([run], timeout=30)
        assert run.cancelled()
        assert ended(pids[0]) and not ran.exists()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pids[0], signal.SIGKILL)  # a failed test leaves nothing behind
        await asyncio.wait([run], timeout=30)
