"""review122: claude109's SessionStart/SessionEnd hooks as ``coord log`` tells them. A
person's answer fires the SessionStart ``resume`` hooks (the plugins' common matcher
``startup|resume|clear|compact``) and logs their runs before the ``session_resumed``
event: the tree must not read that as a process killed after its last event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script
from test_cli_hooks import user_hooks


def _entry(matcher: str, command: str) -> dict[str, Any]:
    return {"matcher": matcher, "hooks": [{"type": "command", "command": command}]}


def test_an_answered_session_with_session_start_hooks_reads_as_a_wait_not_a_kill(
    tmp_path: Path,
) -> None:
    """Run, wait for a person, answer, complete: SessionStart ``startup`` context in the
    first message, ``resume`` context after the answer, SessionEnd once; the tree shows the
    answer (the question's line) and no "ended without a word" line."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    user_hooks(
        {
            "SessionStart": [_entry("startup|resume|clear|compact", "echo plugin-rules")],
            "SessionEnd": [_entry("", "echo bye")],
        }
    )
    turns = [
        {"expect": "plugin-rules", "text": blocked("Tests", "test plan")},
        {"expect": "Use pytest", "text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    scripted = ["--provider", "scripted", "--script", script]
    common = ["--workspace", ws]
    base = [*common, "--agents-dir", agents, "--only", "--agent", "backend", *scripted]
    ran = coord("run", "Write notes", *base, "--json")
    assert ran.returncode == 3, ran.stderr  # waiting for a person
    sid = json.loads(ran.stdout)["session"]
    done = coord("resume", sid, "--context", "Use pytest", *common, *scripted)
    assert done.returncode == 0, done.stderr

    tree = coord("log", sid, *common, env={"COLUMNS": "400"}).stdout
    assert "resumed backend with a person's answer" in tree, tree
    assert "ended without a word" not in tree, tree
    assert "interrupted" not in tree, tree
    events = json.loads(coord("log", sid, *common, "--json").stdout)["events"]
    hooks = [(e["event"], e["target"]) for e in events if e["kind"] == "hook"]
    assert hooks == [
        ("SessionStart", "startup"),
        ("SessionStart", "resume"),
        ("SessionEnd", "other"),
    ]
