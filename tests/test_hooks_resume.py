"""Hooks and durability with real processes: a PostToolUse hook kills ``coord`` (kill -9)
after the tool ran but before its result was stored; ``coord resume`` reports the call as
interrupted and asks no hook again about it. ``--no-hooks`` is remembered by resume."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cli import coord, coord_process
from kit import report, workspace, write_agents, write_script

WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}


def test_a_hook_before_a_stored_start_is_not_asked_again_on_resume(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    log = tmp_path / "hook.log"
    killer = tmp_path / "killed"
    pre = f"echo pre >> {log}"
    post = f"echo post >> {log}; [ -e {killer} ] || {{ touch {killer}; kill -9 $PPID; }}"
    settings = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    hooks = {
        "PreToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": pre}]}],
        "PostToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": post}]}],
    }
    settings.write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    turns = [
        {"tool_calls": [WRITE]},
        {"expect": "Interrupted", "text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    base = ["--workspace", ws, "--agents-dir", agents, "--only"]
    args = ["--provider", "scripted", "--script", script]
    killed = coord_process("run", "Write notes", "--agent", "backend", *base, *args)
    assert killed.returncode == -9
    assert log.read_text().split() == ["pre", "post"]
    assert (ws / "notes.txt").read_text() == "hello"  # the tool ran; its result was lost

    sid = coord("sessions", "--workspace", ws, "--json")
    session = json.loads(sid.stdout)[0]["session"]
    resumed = coord("resume", session, "--workspace", ws, *args, "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert log.read_text().split() == ["pre", "post"]  # no hook asked again


def test_no_hooks_is_remembered_by_resume(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    log = tmp_path / "hook.log"
    settings = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    stop = [{"hooks": [{"type": "command", "command": f"echo stop >> {log}"}]}]
    settings.write_text(json.dumps({"hooks": {"Stop": stop}}), encoding="utf-8")
    blocked = report("Blocked", "Blocked", domain="Tests", blocker="b", required="test plan")
    turns = [{"text": blocked}, {"text": report("Complete", "Done")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    base = ["--workspace", ws, "--agents-dir", agents, "--only"]
    args = ["--provider", "scripted", "--script", script, "--json"]
    first = coord("run", "Add tasks", "--agent", "backend", *base, *args, "--no-hooks")
    assert first.returncode == 3, first.stderr  # waiting: no tests specialist
    session = json.loads(first.stdout)["session"]
    again = coord("resume", session, "--workspace", ws, *args, "--context", "plan: none")
    assert again.returncode == 0, again.stderr
    assert not log.exists()
