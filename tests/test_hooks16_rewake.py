"""Claude Code's ``asyncRewake`` command hooks: run in the background like ``async``, and
an exit 2 wakes the agent: its stderr reaches the run's next model call, stored so that a
``kill -9`` between the hook's end and that call neither loses nor repeats it. Real hook
scripts, real ``coord`` processes; synchronised on events and files, never on sleeps."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
from pathlib import Path
from typing import Any

from cli import coord, spawn
from kit import report, wait_for_event, workspace, write_agents, write_script
from test_hooks import PY, WRITE, Run
from test_hooks_async import GLOB, script, wait_for

from coordinator.events import Event, HookRan, ToolFinished
from coordinator.runtime.hooks import load_hooks

DONE = report("Complete", "Done")
#: Seconds after which a held ``coord`` is killed anyway: without the rewake the event
#: waited for never comes, and the wait must then fail, not hang.
SAFETY = 120.0


def safety_net(proc: subprocess.Popen[str]) -> threading.Timer:
    """Kill ``proc`` after :data:`SAFETY` seconds (cancel it once done with it)."""
    timer = threading.Timer(SAFETY, proc.kill)
    timer.daemon = True
    timer.start()
    return timer


def rewake_hook(event: str, command: str, matcher: str = "", **extra: Any) -> Any:
    entry = {"type": "command", "command": command, "asyncRewake": True, "timeout": 60, **extra}
    return {event: [{"matcher": matcher, "hooks": [entry]}]}


def test_async_rewake_loads_as_a_background_hook_that_wakes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    hooks = rewake_hook("PostToolUse", "check")
    (home / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    found = load_hooks(tmp_path / "ws", home=home, managed=None)
    [hook] = found.hooks
    assert (hook.background, hook.rewake) == (True, True)
    assert found.rewakes and not found.warnings  # no "wakes nothing" warning any more


async def test_an_exit_2_of_an_async_rewake_hook_reaches_the_next_model_call(
    tmp_path: Path,
) -> None:
    """The hook fails after the Write's result is stored (the run went on without it); its
    stderr is the last user message of the run's next model call, given once."""
    release, delivered = tmp_path / "release", tmp_path / "delivered"
    check = script(
        tmp_path,
        "check.py",
        "import sys\n" + wait_for(release) + "sys.stderr.write('tests failed: 3 red')\n"
        "sys.exit(2)\n",
    )
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"tool_calls": [GLOB], "hold_until": str(delivered)},
            {"expect": "tests failed: 3 red", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents, rewake_hook("PostToolUse", check, "Write"))

    def observe(event: Event) -> None:
        r.events.append(event)
        if isinstance(event, ToolFinished) and event.name == "Write":
            release.touch()
        if isinstance(event, HookRan):
            delivered.touch()

    r.engine.journal.observer = observe
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete", result
    r.provider.model.assert_complete()
    kinds = [e.kind for e in r.store.events(result.session_id)]
    assert kinds.count("hook_rewake") == 1 and kinds.count("hook_rewake_delivered") == 1
    assert kinds.index("hook_rewake_delivered") < len(kinds) - 1 - kinds[::-1].index("model_call")
    calls = r.provider.model.calls
    last = calls[-1].messages[-1]["content"]
    assert "asyncRewake" in json.dumps(last) and "tests failed: 3 red" in json.dumps(last)
    woken = [m for m in calls[-1].messages if "tests failed" in json.dumps(m)]
    assert len(woken) == 1  # given once


async def test_a_plain_async_hook_exiting_2_wakes_nothing(tmp_path: Path) -> None:
    """``async: true`` alone keeps its documented behaviour: exit 2 decides nothing."""
    release, delivered = tmp_path / "release", tmp_path / "delivered"
    check = script(
        tmp_path,
        "check.py",
        "import sys\n" + wait_for(release) + "sys.stderr.write('red')\nsys.exit(2)\n",
    )
    entry = {"type": "command", "command": check, "async": True, "timeout": 60}
    hooks = {"PostToolUse": [{"matcher": "Write", "hooks": [entry]}]}
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"tool_calls": [GLOB], "hold_until": str(delivered)},
            {"text": DONE},
        ]
    }
    r = Run(tmp_path, agents, hooks)

    def observe(event: Event) -> None:
        if isinstance(event, ToolFinished) and event.name == "Write":
            release.touch()
        if isinstance(event, HookRan):
            delivered.touch()

    r.engine.journal.observer = observe
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete"
    assert "hook_rewake" not in [e.kind for e in r.store.events(result.session_id)]
    assert "red" not in json.dumps(r.provider.model.calls[-1].messages)


def test_a_rewake_stored_before_a_kill_9_is_given_once_on_resume(tmp_path: Path) -> None:
    """coord is killed (-9) after the hook's exit 2 was stored but before any model call
    read it: ``coord resume`` gives it to the run's next call, once (its delivery is
    stored with the message)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    check = f"{PY} -c \"import sys; sys.stderr.write('lint: 2 errors'); sys.exit(2)\""
    settings = {"hooks": rewake_hook("PostToolUse", check, "Write")}
    (home / ".claude/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    never = tmp_path / "never"  # the call after the Write waits for good: coord is in it
    first = write_script(
        tmp_path / "s1.yaml",
        {"backend": [{"tool_calls": [WRITE]}, {"text": DONE, "hold_until": str(never)}]},
    )
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted"]
    env = {"HOME": str(home)}
    proc = spawn("run", "Write notes", "--agent", "backend", *base, "--script", first, env=env)
    timer = safety_net(proc)
    try:
        wait_for_event(ws / ".coordinator" / "coordinator.db", "kind = 'hook_rewake'", proc)
    finally:
        timer.cancel()
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    [session] = json.loads(coord("sessions", "--json", "--workspace", ws, env=env).stdout)
    turns = [{"tool_calls": [WRITE]}, {"expect": "lint: 2 errors", "text": DONE}]
    again = write_script(tmp_path / "s2.yaml", {"backend": turns})  # (its first turn: stored)
    resumed = coord("resume", session["session"], *base, "--script", again, "--json", env=env)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert json.loads(resumed.stdout)["status"] == "complete"
    log = json.loads(coord("log", session["session"], "--json", "--workspace", ws, env=env).stdout)
    kinds = [e["kind"] for e in log["events"]]
    assert kinds.count("hook_rewake") == 1 and kinds.count("hook_rewake_delivered") == 1
    shown = coord("log", session["session"], "--workspace", ws, env=env).stdout
    assert "asyncRewake PostToolUse woke the agent: lint: 2 errors" in shown


def test_a_rewake_delivered_before_a_kill_9_is_not_given_again(tmp_path: Path) -> None:
    """coord is killed (-9) in the model call the rewake was given to: its message and its
    delivery were stored together, so ``coord resume`` reads it in the conversation and
    gives it no second time."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    check = f"{PY} -c \"import sys; sys.stderr.write('lint: 2 errors'); sys.exit(2)\""
    settings = {"hooks": rewake_hook("PostToolUse", check, "Write")}
    (home / ".claude/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    go, never = tmp_path / "go", tmp_path / "never"
    turns: list[dict[str, Any]] = [
        {"tool_calls": [WRITE]},
        {"tool_calls": [GLOB], "hold_until": str(go)},  # answered once the hook has ended
        {"text": DONE, "hold_until": str(never)},  # the call the rewake is given to
    ]
    first = write_script(tmp_path / "s1.yaml", {"backend": turns})
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted"]
    env = {"HOME": str(home)}
    db = ws / ".coordinator" / "coordinator.db"
    proc = spawn("run", "Write notes", "--agent", "backend", *base, "--script", first, env=env)
    timer = safety_net(proc)
    try:
        wait_for_event(db, "kind = 'hook_rewake'", proc)
        go.touch()
        wait_for_event(db, "kind = 'hook_rewake_delivered'", proc)
    finally:
        timer.cancel()
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    [session] = json.loads(coord("sessions", "--json", "--workspace", ws, env=env).stdout)
    again = [turns[0], turns[1], {"expect": "lint: 2 errors", "text": DONE}]
    script_2 = write_script(tmp_path / "s2.yaml", {"backend": again})
    resumed = coord("resume", session["session"], *base, "--script", script_2, "--json", env=env)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    log = json.loads(coord("log", session["session"], "--json", "--workspace", ws, env=env).stdout)
    kinds = [e["kind"] for e in log["events"]]
    assert kinds.count("hook_rewake") == 1 and kinds.count("hook_rewake_delivered") == 1
