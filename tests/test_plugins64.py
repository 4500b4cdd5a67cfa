"""An enabled Claude Code plugin's hooks and MCP servers, run as Claude Code runs them: a
real fake home holding the plugin ``backend-kit@mkt`` installed and enabled as in
test_plugins62.py, with a ``hooks/hooks.json`` of real Python scripts (a PreToolUse guard
that refuses a Write, a PostToolUse hook that feeds back on a Read) and a ``.mcp.json`` whose
stdio server is the real test MCP server (tests/mcp_fixture_server.py), called by a scripted
``coord run`` (:func:`coordinator.roster.plugins.plugin_config`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, workspace, write_script
from test_plugins62 import AGENT, PID, claude, enable, install

from coordinator.mcp.config import definition_files
from coordinator.runtime.hooks import session_hooks
from coordinator.store.db import Store

PY = "/usr/bin/python3"
WRITE = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}
READ = {"name": "Read", "input": {"file_path": "README.md"}}
GUARD = """import json, os, sys
data = json.load(sys.stdin)
seen = {"root": os.environ["CLAUDE_PLUGIN_ROOT"], "data": os.environ["CLAUDE_PLUGIN_DATA"],
        "cwd": os.getcwd(), "project": os.environ["CLAUDE_PROJECT_DIR"]}
with open(os.path.join(os.environ["CLAUDE_PLUGIN_DATA"], "seen.json"), "w") as fh:
    json.dump(seen, fh)
print("the plugin guard refuses " + data["tool_input"]["file_path"], file=sys.stderr)
sys.exit(2)
"""
FEEDBACK = """import json, sys
data = json.load(sys.stdin)
out = {"hookEventName": "PostToolUse",
       "additionalContext": "plugin feedback on " + data["tool_input"]["file_path"]}
print(json.dumps({"hookSpecificOutput": out}))
"""
WRITER = """---
name: notes-writer
description: Writes release notes.
tools: Read, Write, mcp__plugin_backend-kit_notes
mcpServers: [plugin:backend-kit:notes]
---
You write release notes.
"""


def hooked_plugin(wrapped: bool = True) -> Path:
    """The plugin installed (not enabled) with its hooks file: a PreToolUse guard on Write
    and a PostToolUse hook on Read, real scripts run by /usr/bin/python3; its folder."""
    root = install()
    (root / "hooks").mkdir()
    (root / "hooks" / "guard.py").write_text(GUARD, encoding="utf-8")
    (root / "hooks" / "feedback.py").write_text(FEEDBACK, encoding="utf-8")
    events = {
        "PreToolUse": [{"matcher": "Write", "hooks": [command("guard.py")]}],
        "PostToolUse": [{"matcher": "Read", "hooks": [command("feedback.py")]}],
    }
    body = {"description": "backend-kit's guards", "hooks": events} if wrapped else events
    (root / "hooks" / "hooks.json").write_text(json.dumps(body, indent=2), encoding="utf-8")
    return root


def command(script: str) -> dict[str, Any]:
    return {"type": "command", "command": f"{PY} ${{CLAUDE_PLUGIN_ROOT}}/hooks/{script}"}


def writer() -> None:
    """The user's own agent ``notes-writer``, which names the plugin's server."""
    folder = claude() / "agents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes-writer.md").write_text(WRITER, encoding="utf-8")


def run(
    tmp_path: Path, turns: list[dict[str, Any]], *flags: str, expect: str = ""
) -> tuple[dict[str, Any], Path]:
    """``coord run`` of ``notes-writer`` playing ``turns`` then a Complete report (whose
    request must hold ``expect``), in a fresh demo workspace: its JSON and the store."""
    writer()
    ws = tmp_path / "ws" if (tmp_path / "ws").exists() else workspace(tmp_path)
    db = tmp_path / "s.db"
    last = {"text": report("Complete", "Notes"), **({"expect": expect} if expect else {})}
    script = write_script(tmp_path / "s.yaml", {"notes-writer": [*turns, last]})
    ran = coord(
        "run", "write the release notes", "--agent", "notes-writer", "-w", ws, "--db", db,
        "--script", script, "--json", *flags,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout), db


def events_of(db: Path, session: str, kind: str) -> list[dict[str, Any]]:
    store = Store.open(db)
    try:
        return [e.data for e in store.events(session) if e.kind == kind]
    finally:
        store.close()


def hook_events(db: Path, session: str) -> list[dict[str, Any]]:
    return events_of(db, session, "hook")


def test_a_plugins_pretooluse_hook_refuses_and_its_posttooluse_hook_feeds_back(
    tmp_path: Path,
) -> None:
    root = hooked_plugin()
    enable()
    expect_refused = {"expect": "the plugin guard refuses notes.txt", "tool_calls": [READ]}
    turns = [{"tool_calls": [WRITE]}, expect_refused]
    out, db = run(tmp_path, turns, expect="plugin feedback on README.md")
    assert out["status"] == "complete"
    ws = tmp_path / "ws"
    assert not (ws / "notes.txt").exists()  # the plugin's guard refused the call
    events = hook_events(db, out["session"])
    assert [(e["event"], e["outcome"], e["source"]) for e in events] == [
        ("PreToolUse", "blocked", f"plugin {PID}"),
        ("PostToolUse", "ok", f"plugin {PID}"),
    ]
    data = claude() / "plugins" / "data" / "backend-kit-mkt"  # ${CLAUDE_PLUGIN_DATA}
    seen = json.loads((data / "seen.json").read_text())
    assert seen == {
        "root": str(root),
        "data": str(data),
        "cwd": str(ws.resolve()),
        "project": str(ws.resolve()),
    }
    shown = " ".join(
        coord("log", out["session"], "--db", db, env={"COLUMNS": "200"}).stdout.split()
    )
    assert f"PreToolUse[Write notes.txt] blocked (exit 2, plugin {PID})" in shown
    assert f"PostToolUse[Read README.md] ok (exit 0, plugin {PID})" in shown


def test_the_start_of_a_run_lists_the_plugins_hooks_by_plugin(tmp_path: Path) -> None:
    hooked_plugin(wrapped=False)  # (Claude Code reads a hooks file with or without its wrapper)
    enable()
    ws = workspace(tmp_path)
    found = session_hooks(ws, [])
    assert [h.label().split(": ", 1)[0] for h in found.every()] == [
        f"PreToolUse[Write] (plugin {PID}, hooks.json:8)",  # (audit106: their lines)
        f"PostToolUse[Read] (plugin {PID}, hooks.json:19)",
    ]
    assert not found.warnings and not any(h.confined for h in found.every())


def test_a_disabled_plugin_runs_neither_its_hooks_nor_its_servers(tmp_path: Path) -> None:
    root = hooked_plugin()
    (root / ".mcp.json").write_text(json.dumps({"notes": {"command": PY}}), encoding="utf-8")
    enable()
    here = tmp_path / "here"
    assert len(session_hooks(here, []).every()) == 2  # enabled: both hooks, and the server
    (*_, plugins) = definition_files(here, Path.home(), [])
    notes = plugins[2]["mcpServers"]["plugin:backend-kit:notes"]  # as Claude Code gives it
    assert notes["env"]["CLAUDE_PLUGIN_ROOT"] == str(root)
    assert notes["env"]["CLAUDE_PLUGIN_DATA"] == str(claude() / "plugins/data/backend-kit-mkt")
    enable(False)
    out, db = run(tmp_path, [{"tool_calls": [WRITE]}])
    assert (tmp_path / "ws" / "notes.txt").read_text() == "hello"
    assert hook_events(db, out["session"]) == []
    (started,) = events_of(db, out["session"], "mcp_servers")
    assert started["servers"] == []
    assert "'plugin:backend-kit:notes' is not defined" in " ".join(started["problems"])


@pytest.mark.parametrize("off", ["--no-hooks", "disableAllHooks"])
def test_no_hooks_and_disable_all_hooks_stop_a_plugins_hooks(tmp_path: Path, off: str) -> None:
    hooked_plugin()
    enable()
    assert len(session_hooks(tmp_path / "here", []).every()) == 2
    if off == "disableAllHooks":  # the user's own settings: every hook off but managed ones
        settings = claude() / "settings.json"
        on = json.loads(settings.read_text())
        settings.write_text(json.dumps({**on, "disableAllHooks": True}), encoding="utf-8")
    flags = ("--no-hooks",) if off == "--no-hooks" else ()
    out, db = run(tmp_path, [{"tool_calls": [WRITE]}], *flags)
    assert (tmp_path / "ws" / "notes.txt").read_text() == "hello"
    assert hook_events(db, out["session"]) == []


def test_a_workspace_file_turns_no_plugin_hook_on_nor_one_off(tmp_path: Path) -> None:
    hooked_plugin()
    ws = workspace(tmp_path)
    project = ws / ".claude" / "settings.json"
    enable(True, project)  # an agent (or a cloned repository) wrote it: no plugin is on
    assert session_hooks(ws, []).every() == []
    enable()  # the user's own settings turn it on; a workspace's disableAllHooks ...
    project.write_text(json.dumps({"disableAllHooks": True}), encoding="utf-8")
    assert len(session_hooks(ws, []).every()) == 2  # ... leaves the user's guards running


def test_a_plugin_where_agents_ran_runs_no_hook(tmp_path: Path, monkeypatch: Any) -> None:
    ws = tmp_path / "ws"  # a workspace holding the home folder, where coord ran agents
    (ws / ".coordinator").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(ws / "me"))
    hooked_plugin()
    enable()
    assert session_hooks(tmp_path / "elsewhere", []).every() == []
    (ws / ".coordinator").rmdir()  # no agents ran there: the same plugin's hooks run
    assert len(session_hooks(tmp_path / "elsewhere", []).every()) == 2


mcp = pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="no mcp extra")


@mcp
@pytest.mark.xdist_group("mcp")
def test_a_plugins_stdio_server_is_the_users_own_named_as_in_claude_code(tmp_path: Path) -> None:
    from test_mcp_client import calls, fixture_def

    root = install()
    log = tmp_path / "calls.jsonl"
    server = fixture_def(log)
    server["env"]["NOTES_TOKEN"] = "plugin-notes-secret-4711"  # scrubbed like any MCP env
    server["env"]["FIXTURE"] = "${CLAUDE_PLUGIN_ROOT}"  # (whoami says it back)
    (root / ".mcp.json").write_text(json.dumps({"mcpServers": {"notes": server}}))
    enable()
    tool = "mcp__plugin_backend-kit_notes__"  # Claude Code's name of the plugin's tools
    echo = {"name": f"{tool}echo", "input": {"text": "plugin-notes-secret-4711"}}
    who = {"name": f"{tool}whoami", "input": {}}
    out, db = run(tmp_path, [{"tool_calls": [echo, who]}], expect=str(root))
    assert out["status"] == "complete"
    assert [c["tool"] for c in calls(log)] == ["echo", "whoami"]
    (started,) = events_of(db, out["session"], "mcp_servers")
    assert started["servers"] == ["plugin:backend-kit:notes"]  # the user's own: no approval
    assert f"{tool}echo" in started["tools"]
    store = Store.open(db)
    try:
        results = [c.result or "" for c in store.all_tool_calls(out["session"])]
    finally:
        store.close()
    assert len(results) == 2 and "plugin-notes-secret-4711" not in " ".join(results)
    shown = coord("agents", "show", AGENT, cwd=tmp_path).stdout
    assert "plugin:backend-kit:notes" in " ".join(shown.split())


def test_a_plugin_hook_running_workspace_code_is_confined_and_still_guards(
    tmp_path: Path,
) -> None:
    root = install()  # its guard runs a script of the workspace, which an agent can rewrite
    (root / "hooks").mkdir()
    check = {"type": "command", "command": f"{PY} $CLAUDE_PROJECT_DIR/check.py"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [check]}]}
    (root / "hooks" / "hooks.json").write_text(json.dumps(hooks), encoding="utf-8")
    enable()
    ws = workspace(tmp_path)
    (ws / "check.py").write_text("import sys\nsys.exit(0)\n", encoding="utf-8")  # it allows
    found = session_hooks(ws, [])
    assert [h.confined for h in found.every()] == [True]  # as a user hook running it is
    assert "a workspace file an agent can rewrite" in " ".join(found.warnings)
    out, db = run(tmp_path, [{"tool_calls": [WRITE]}])  # no --allow-bash: it cannot run ...
    assert not (ws / "notes.txt").exists()  # ... so the call it guards is refused
    (event,) = hook_events(db, out["session"])
    assert event["outcome"] == "blocked" and event["source"] == f"plugin {PID}"
    assert "guards the call and could not run" in event["note"]
