"""Hooks in files an agent could write (the workspace's .claude/settings*.json, agent files
there): skipped without --allow-bash, and otherwise run in the Bash sandbox (bubblewrap)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import report, scripted, team, workspace

from coordinator.config import Settings
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")
WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}


def project_hooks(ws: Path, hooks: dict[str, Any]) -> None:
    path = ws / ".claude" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"hooks": hooks}), encoding="utf-8")


def build(tmp_path: Path, ws: Path, turns: list[dict[str, Any]], **settings: Any) -> Any:
    config = Settings(**settings)
    registry = team("backend")
    extras = session_extras(ws, config, registry, home=tmp_path / "home")
    store = Store.open(tmp_path / "s.db")
    engine = Engine(
        registry=registry,
        provider=scripted({"backend": turns}),
        store=store,
        settings=config,
        workspace=ws,
        hooks=extras.hooks,
        hook_env=extras.env,
        preload=extras.preload,
    )
    return engine, store, extras, registry, config


async def test_workspace_hooks_are_skipped_without_allow_bash_and_say_why(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    guard = {"matcher": "Write", "hooks": [{"type": "command", "command": "exit 2"}]}
    project_hooks(ws, {"PreToolUse": [guard]})
    engine, store, extras, registry, config = build(
        tmp_path, ws, [{"tool_calls": [WRITE]}, {"text": DONE}]
    )
    notice = "\n".join(extras.notice(registry, config))
    assert "hooks: 1 active" in notice and "PreToolUse[Write] (project" in notice
    assert "workspace hooks run only with --allow-bash" in notice

    result = await engine.start("Write notes", agent="backend")
    assert (ws / "notes.txt").read_text() == "hello"  # the unconfirmed guard did not run
    [event] = [e.data for e in store.events(result.session_id) if e.kind == "hook"]
    assert (event["source"], event["outcome"]) == ("project", "skipped")
    assert "--allow-bash" in event["note"]
