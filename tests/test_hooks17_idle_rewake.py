"""An ``asyncRewake`` hook that exits 2 once its session has finished (Complete or Needs
Review: idle, in Claude Code's words) wakes it: the rewake stays pending (``coord log``
says so) and ``coord resume`` runs the session's last root run again with it as the next
message, stored with its delivery in one transaction: a ``kill -9`` on either side of
that neither loses it nor gives it twice. Real hook scripts, real ``coord`` processes;
synchronised on events and files, never on sleeps."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest
from cli import coord, spawn
from kit import report, wait_for_event, workspace, write_agents, write_script
from test_hooks import WRITE, Run
from test_hooks16_rewake import rewake_hook, safety_net
from test_hooks_async import script, wait_for

from coordinator.events import Completed, Event
from coordinator.runtime.lookup import AlreadyEnded
from coordinator.store.db import Store

DONE = report("Complete", "Done")
FIXED = report("Complete", "Fixed what the check found")
#: The first drive's turns (stored: a resumed script starts after them).
FIRST: list[dict[str, Any]] = [{"tool_calls": [WRITE]}, {"text": DONE}]


def late_check(tmp_path: Path, release: Path) -> str:
    """A check that exits 2 once ``release`` exists (the test makes it after the end)."""
    body = "import sys\n" + wait_for(release) + "sys.stderr.write('lint: 2 errors')\nsys.exit(2)\n"
    return script(tmp_path, "check.py", body)


async def test_a_rewake_after_the_session_completed_wakes_it_on_resume_once(
    tmp_path: Path,
) -> None:
    release = tmp_path / "release"
    agents = {
        "backend": [
            {"tool_calls": [WRITE]},
            {"text": DONE},
            {"expect": "lint: 2 errors", "text": FIXED},  # the resumed call
        ]
    }
    r = Run(tmp_path, agents, rewake_hook("PostToolUse", late_check(tmp_path, release), "Write"))

    def observe(event: Event) -> None:
        if isinstance(event, Completed):
            release.touch()  # the session is complete: the hook exits 2 after its end

    r.engine.journal.observer = observe
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete" and len(r.provider.model.calls) == 2
    kinds = [e.kind for e in r.store.events(result.session_id)]
    assert kinds.count("hook_rewake") == 1 and "hook_rewake_delivered" not in kinds

    woken = await r.engine.resume(result.session_id)
    assert woken.status == "complete", woken
    assert woken.report is not None and woken.report.summary == "Fixed what the check found"
    r.provider.model.assert_complete()
    last = r.provider.model.calls[-1].messages
    assert [m for m in last if "lint: 2 errors" in json.dumps(m)] == [last[-1]]
    kinds = [e.kind for e in r.store.events(result.session_id)]
    assert kinds.count("hook_rewake_delivered") == 1
    with pytest.raises(AlreadyEnded, match=r"already ended: complete at "):
        await r.engine.resume(result.session_id)  # nothing left to wake: given once


async def test_a_failed_session_is_not_woken(tmp_path: Path) -> None:
    release = tmp_path / "release"
    failed = report("Failed", "Could not write")
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": failed}]}
    r = Run(tmp_path, agents, rewake_hook("PostToolUse", late_check(tmp_path, release), "Write"))
    r.engine.journal.observer = lambda e: release.touch() if e.kind == "failed" else None
    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "failed"
    assert "hook_rewake" in [e.kind for e in r.store.events(result.session_id)]
    with pytest.raises(AlreadyEnded, match=r"already ended: failed at "):
        await r.engine.resume(result.session_id)


def _setup(tmp_path: Path, release: Path) -> tuple[Path, list[str], dict[str, str]]:
    """A workspace whose user settings hold the late check; coord's common arguments."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    settings = {"hooks": rewake_hook("PostToolUse", late_check(tmp_path, release), "Write")}
    (home / ".claude/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    base = ["--workspace", str(ws), "--agents-dir", str(agents), "--only", "--provider", "scripted"]
    return ws, base, {"HOME": str(home)}


def _run_killed_after_the_rewake(
    tmp_path: Path, ws: Path, base: list[str], env: dict[str, str], release: Path
) -> str:
    """``coord run`` completes, its hook exits 2 in the session's end, and coord is
    killed (-9) then: the session's id."""
    first = write_script(tmp_path / "s1.yaml", {"backend": FIRST})
    db = ws / ".coordinator" / "coordinator.db"
    proc = spawn("run", "Write notes", "--agent", "backend", *base, "--script", first, env=env)
    timer = safety_net(proc)
    try:
        wait_for_event(db, "kind = 'completed'", proc)
        release.touch()
        wait_for_event(db, "kind = 'hook_rewake'", proc)
    finally:
        timer.cancel()
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    [session] = json.loads(coord("sessions", "--json", "--workspace", str(ws), env=env).stdout)
    assert session["status"] == "complete"
    return str(session["session"])


def _log(ws: Path, sid: str, env: dict[str, str]) -> tuple[list[str], str]:
    """The session's event kinds and its drawn log."""
    log = json.loads(coord("log", sid, "--json", "--workspace", str(ws), env=env).stdout)
    return [e["kind"] for e in log["events"]], coord(
        "log", sid, "--workspace", str(ws), env=env
    ).stdout


def test_a_kill_9_after_the_rewake_loses_nothing_and_resume_wakes_the_session(
    tmp_path: Path,
) -> None:
    release = tmp_path / "release"
    ws, base, env = _setup(tmp_path, release)
    sid = _run_killed_after_the_rewake(tmp_path, ws, base, env, release)
    kinds, shown = _log(ws, sid, env)
    assert kinds.count("hook_rewake") == 1
    assert "asyncRewake PostToolUse exited 2 (pending:" in shown

    turns: list[dict[str, Any]] = [*FIRST, {"expect": "lint: 2 errors", "text": FIXED}]
    again = write_script(tmp_path / "s2.yaml", {"backend": turns})
    resumed = coord("resume", sid, *base, "--script", again, "--json", env=env)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert json.loads(resumed.stdout)["status"] == "complete"
    kinds, shown = _log(ws, sid, env)
    assert kinds.count("hook_rewake_delivered") == 1
    assert "asyncRewake PostToolUse woke the agent: lint: 2 errors" in shown
    twice = coord("resume", sid, *base, "--script", again, "--json", env=env)
    assert twice.returncode == 0 and json.loads(twice.stdout)["already_ended"] is True


def test_a_kill_9_in_the_woken_call_does_not_give_the_rewake_twice(tmp_path: Path) -> None:
    release, never = tmp_path / "release", tmp_path / "never"
    ws, base, env = _setup(tmp_path, release)
    sid = _run_killed_after_the_rewake(tmp_path, ws, base, env, release)
    held = write_script(
        tmp_path / "s2.yaml", {"backend": [*FIRST, {"text": FIXED, "hold_until": str(never)}]}
    )
    db = ws / ".coordinator" / "coordinator.db"
    proc = spawn("resume", sid, *base, "--script", held, env=env)
    timer = safety_net(proc)
    try:
        wait_for_event(db, "kind = 'hook_rewake_delivered'", proc)  # the woken call is next
    finally:
        timer.cancel()
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    turns = [*FIRST, {"expect": "lint: 2 errors", "text": FIXED}]
    again = write_script(tmp_path / "s3.yaml", {"backend": turns})
    resumed = coord("resume", sid, *base, "--script", again, "--json", env=env)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert json.loads(resumed.stdout)["status"] == "complete"
    kinds, _ = _log(ws, sid, env)
    assert kinds.count("hook_rewake_delivered") == 1
    store = Store.open(ws / ".coordinator" / "coordinator.db")
    try:
        [root] = store.runs(sid)
        texts = [json.dumps(m) for m in store.messages(root.id)]
    finally:
        store.close()
    assert len([t for t in texts if "lint: 2 errors" in t]) == 1  # given once
