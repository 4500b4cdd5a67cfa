"""``coord run`` with Claude Code hooks and agent extras, in process: the active hooks are
printed once, each hook run is in ``coord log``, ``--no-hooks`` runs none and is remembered
by ``coord resume``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cli import coord
from kit import report, workspace, write_agents, write_script

WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}


def user_hooks(hooks: dict[str, Any]) -> None:
    path = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"hooks": hooks}), encoding="utf-8")


def test_run_prints_active_hooks_and_log_shows_each_run(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    guard = "echo 'no notes without a ticket' >&2; exit 2"
    user_hooks(
        {"PreToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": guard}]}]}
    )
    turns = [
        {"tool_calls": [WRITE]},
        {"expect": "no notes without a ticket", "text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--agent", "backend"]
    ran = coord("run", "Write notes", *base, "--provider", "scripted", "--script", script, "--json")

    assert ran.returncode == 0, ran.stderr
    assert "hooks:" not in ran.stderr  # daily113: --json leaves the listing off stderr
    assert not (ws / "notes.txt").exists()
    sid = json.loads(ran.stdout)["session"]
    shown = coord("log", sid, "--workspace", ws)
    assert "hook PreToolUse[Write notes.txt] blocked (exit 2, user): no notes" in shown.stdout
    data = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    assert [e["kind"] for e in data["events"]].count("hook") == 1

    again = write_script(
        tmp_path / "s2.yaml",
        {"backend": [{"tool_calls": [WRITE]}, {"text": report("Complete", "Done")}]},
    )
    off = coord(
        "run",
        "Write notes",
        *base,
        "--provider",
        "scripted",
        "--script",
        again,
        "--json",
        "--no-hooks",
    )
    assert off.returncode == 0, off.stderr
    assert "hooks:" not in off.stderr and (ws / "notes.txt").read_text() == "hello"
    sid = json.loads(off.stdout)["session"]
    data = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    assert "hook" not in [e["kind"] for e in data["events"]]


def test_run_warns_about_a_missing_skill_by_name(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist: FastAPI endpoints.\n"
        "skills: [api-style]\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete", "Done")}]})
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--agent", "backend"]
    ran = coord("run", "Add tasks", *base, "--provider", "scripted", "--script", script, "--json")
    assert ran.returncode == 0, ran.stderr
    assert "warning: agent backend: skill 'api-style' not found" in ran.stderr
