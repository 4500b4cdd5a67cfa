"""``coord run --batch --no-hooks`` runs no hooks, as a single ``coord run --no-hooks`` does."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from cli import coord
from kit import report, workspace, write_agents, write_script

WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}


def test_batch_with_no_hooks_runs_none(tmp_path: Path) -> None:
    settings = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    guard = "echo 'no notes without a ticket' >&2; exit 2"
    hook = {"matcher": "Write", "hooks": [{"type": "command", "command": guard}]}
    settings.write_text(json.dumps({"hooks": {"PreToolUse": [hook]}}), encoding="utf-8")
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [{"tool_calls": [WRITE]}, {"text": report("Complete", "Done")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    batch = tmp_path / "batch.yaml"
    batch.write_text(yaml.safe_dump([{"request": "Write notes", "agent": "backend"}]))
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--batch", batch, "--json"]

    off = coord("run", *base, "--provider", "scripted", "--script", script, "--no-hooks")

    assert off.returncode == 0, off.stderr
    assert "hooks:" not in off.stderr
    assert (ws / "notes.txt").read_text() == "hello"  # the guard did not run
    sid = json.loads(off.stdout)["items"][0]["session"]
    data = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    assert "hook" not in [e["kind"] for e in data["events"]]
