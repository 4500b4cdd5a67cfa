"""Hooks in files an agent could write (the workspace's .claude/settings*.json, agent files
there): skipped without --allow-bash, and otherwise run in the Bash sandbox (bubblewrap)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import REPO, needs_bwrap, report, sandbox_runs_this_python, scripted, team, workspace

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
    assert "hooks: 0 of 1 active" in notice and "skipped: PreToolUse[Write] (project" in notice
    assert "workspace hooks run only with --allow-bash" in notice

    result = await engine.start("Write notes", agent="backend")
    assert (ws / "notes.txt").read_text() == "hello"  # the unconfirmed guard did not run
    [event] = [e.data for e in store.events(result.session_id) if e.kind == "hook"]
    assert (event["source"], event["outcome"]) == ("project", "skipped")
    assert "--allow-bash" in event["note"]


@needs_bwrap
async def test_with_allow_bash_workspace_hooks_run_in_the_bash_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-never-in-a-hook")
    monkeypatch.setenv("TEAM_TOKEN", "t0ken")
    ws = workspace(tmp_path)
    (ws / ".coordinator").mkdir(exist_ok=True)
    (ws / ".coordinator" / "coordinator.db").write_text("private", encoding="utf-8")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "diary.txt").write_text("private", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    probe = (
        'env > "$CLAUDE_PROJECT_DIR/hook-env.txt"; '
        'ls -A "$HOME" > "$CLAUDE_PROJECT_DIR/hook-home.txt"; '
        'ls -A "$CLAUDE_PROJECT_DIR/.coordinator" > "$CLAUDE_PROJECT_DIR/hook-coord.txt"; '
        f"touch {tmp_path}/escaped 2>/dev/null; "
        "echo 'project guard says no' >&2; exit 2"
    )
    project_hooks(ws, {"PreToolUse": [{"matcher": "Write", "hooks": [{"command": probe}]}]})
    turns = [{"tool_calls": [WRITE]}, {"expect": "project guard says no", "text": DONE}]
    engine, store, *_ = build(tmp_path, ws, turns, allow_bash=True)
    result = await engine.start("Write notes", agent="backend")

    assert result.status == "complete" and not (ws / "notes.txt").exists()
    env = (ws / "hook-env.txt").read_text()
    assert f"CLAUDE_PROJECT_DIR={ws.resolve()}" in env
    assert "sk-ant-never-in-a-hook" not in env and "t0ken" not in env
    assert (ws / "hook-home.txt").read_text() == ""  # HOME is an empty directory
    assert (ws / "hook-coord.txt").read_text() == ""  # the coordinator's files are hidden
    assert not (tmp_path / "escaped").exists()  # only the workspace is writable
    [event] = [e.data for e in store.events(result.session_id) if e.kind == "hook"]
    assert (event["source"], event["outcome"], event["exit_code"]) == ("project", "blocked", 2)


@needs_bwrap
@pytest.mark.xdist_group("mcp")  # it starts an MCP server: on the worker that imports the SDK
def test_the_example_claude_setup_runs_with_every_behaviour_in_the_log(
    tmp_path: Path, monkeypatch: Any
) -> None:
    sandbox_runs_this_python(monkeypatch)  # its hooks and MCP server are python3 scripts
    ws = tmp_path / "claude-setup"
    shutil.copytree(REPO / "examples" / "claude-setup", ws)
    script = ws / "script.yaml"
    approval = Path.home() / ".claude" / "settings.json"  # outside the workspace
    approval.parent.mkdir(parents=True, exist_ok=True)
    approval.write_text(json.dumps({"enabledMcpjsonServers": ["conventions"]}))
    ran = coord(
        "run", "Add a health endpoint", "--agent", "api-dev", "--workspace", ws,
        "--allow-bash", "--provider", "scripted", "--script", script, "--json", cwd=ws,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "hooks:" not in ran.stderr  # daily113: both run, --json lists neither on stderr
    assert (ws / "app/api/routes/health.py").is_file() and not (ws / "README.md").exists()
    memory = (ws / ".claude/agent-memory/api-dev/MEMORY.md").read_text()
    assert "health check: app/api/routes/health.py" in memory
    logged = [
        json.loads(x) for x in (ws / ".claude/logs/tools.jsonl").read_text().splitlines() if x
    ]
    assert [x["tool_name"] for x in logged] == [  # PostToolUse, sandboxed
        "mcp__conventions__convention",
        "Write",
        "Edit",
    ]
    sid = json.loads(ran.stdout)["session"]
    events = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)["events"]
    hooks = [(e["event"], e["outcome"]) for e in events if e["kind"] == "hook"]
    assert any(e["kind"] == "mcp_servers" for e in events)  # the project's MCP server ran
    assert hooks == [
        ("PostToolUse", "ok"),
        ("PreToolUse", "blocked"),
        ("PreToolUse", "ok"),
        ("PostToolUse", "ok"),
        ("PreToolUse", "ok"),
        ("PostToolUse", "ok"),
    ]
