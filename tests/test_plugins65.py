"""What plugins62/64 left: a plugin's own agents use its own MCP servers (and no others),
and managed settings' ``enabledPlugins`` are read, from a real fake home holding the plugin
``backend-kit@mkt`` as test_plugins62.py installs it, the real fixture MCP server
(tests/mcp_fixture_server.py) as its server, and a scripted ``coord run``
(:func:`coordinator.roster.loader.plugin_agent`, :mod:`coordinator.roster.plugins`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, workspace, write_script
from test_plugins62 import AGENT, PID, claude, enable, install

from coordinator.roster.loader import load_registry

mcp = pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="no mcp extra")
TOOL = "mcp__plugin_backend-kit_notes__"  # Claude Code's name of the plugin's tools


def agent_file(name: str, tools: str | None = None) -> str:
    listed = f"tools: {tools}\n" if tools is not None else ""
    return (
        f"---\nname: {name}\ndescription: Writes release notes from the changelog.\n{listed}"
        f"mcpServers: [mine]\n---\nYou write release notes.\n"
    )


def notes_plugin(log: Path, tools: str | None = None) -> Path:
    """``backend-kit@mkt`` installed and enabled, its agent ``notes-smith`` (``tools`` as
    given) and its ``.mcp.json`` server ``notes``: the fixture server logging to ``log``;
    the user's own server ``mine`` (the same fixture) in ~/.claude.json."""
    from test_mcp_client import fixture_def, user_servers

    root = install(agent=agent_file("notes-smith", tools))
    (root / ".mcp.json").write_text(json.dumps({"notes": fixture_def(log)}), encoding="utf-8")
    user_servers(mine=fixture_def(log.with_name("mine.jsonl")))
    enable()
    return root


def other_plugin(log: Path) -> None:
    """A second plugin, ``other-kit@mkt``, with a server ``vault`` of its own, enabled with
    backend-kit."""
    from test_mcp_client import fixture_def

    root = claude() / "plugins" / "cache" / "mkt" / "other-kit" / "1.0.0"
    (root / ".claude-plugin").mkdir(parents=True)
    (root / ".claude-plugin" / "plugin.json").write_text(json.dumps({"name": "other-kit"}))
    (root / ".mcp.json").write_text(json.dumps({"vault": fixture_def(log)}), encoding="utf-8")
    installed = claude() / "plugins" / "installed_plugins.json"
    record = json.loads(installed.read_text())
    record["plugins"]["other-kit@mkt"] = [{"scope": "user", "installPath": str(root)}]
    installed.write_text(json.dumps(record), encoding="utf-8")
    settings = claude() / "settings.json"
    on = {"enabledPlugins": {PID: True, "other-kit@mkt": True}}
    settings.write_text(json.dumps(on), encoding="utf-8")


def run_smith(tmp_path: Path, turns: list[dict[str, Any]]) -> tuple[dict[str, Any], Path]:
    ws = workspace(tmp_path)
    db = tmp_path / "s.db"
    script = write_script(
        tmp_path / "s.yaml", {"notes-smith": [*turns, {"text": report("Complete", "Notes")}]}
    )
    ran = coord(
        "run", "write the release notes", "--agent", "backend-kit:notes-smith", "-w", ws,
        "--db", db, "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout), db


def started(db: Path, session: str) -> list[dict[str, Any]]:
    from coordinator.store.db import Store

    store = Store.open(db)
    try:
        return [e.data for e in store.events(session) if e.kind == "mcp_servers"]
    finally:
        store.close()


@mcp
@pytest.mark.xdist_group("mcp")
def test_a_plugins_agent_uses_its_own_plugins_server_and_no_other(tmp_path: Path) -> None:
    from test_mcp_client import calls

    log = tmp_path / "notes.jsonl"
    notes_plugin(log)  # its agent's tools unset: in Claude Code it gets every MCP tool
    other_plugin(tmp_path / "vault.jsonl")
    echo = {"name": f"{TOOL}echo", "input": {"text": "v2 notes"}}
    theirs = {"name": "mcp__plugin_other-kit_vault__echo", "input": {"text": "x"}}
    mine = {"name": "mcp__mine__echo", "input": {"text": "x"}}
    out, db = run_smith(tmp_path, [{"tool_calls": [echo, theirs, mine]}])
    assert out["status"] == "complete"
    assert [c["tool"] for c in calls(log)] == ["echo"]  # its own plugin's server answered
    assert calls(tmp_path / "vault.jsonl") == [] and calls(tmp_path / "mine.jsonl") == []
    (event,) = started(db, out["session"])
    assert event["servers"] == ["plugin:backend-kit:notes"]  # not other-kit's, not the user's
    assert f"{TOOL}echo" in event["tools"]
    assert not any("vault" in t or "mine" in t for t in event["tools"])
    shown = " ".join(coord("agents", "show", "notes-smith", cwd=tmp_path).stdout.split())
    assert "MCP servers: its plugin's own (plugin:backend-kit:notes)" in shown


@mcp
@pytest.mark.xdist_group("mcp")
def test_a_plugins_agent_gets_the_tools_its_tools_list_names(tmp_path: Path) -> None:
    from test_mcp_client import calls

    log = tmp_path / "notes.jsonl"
    notes_plugin(log, tools=f"Read, {TOOL}echo")
    echo = {"name": f"{TOOL}echo", "input": {"text": "v2 notes"}}
    who = {"name": f"{TOOL}whoami", "input": {}}
    out, db = run_smith(tmp_path, [{"tool_calls": [echo, who]}])
    assert [c["tool"] for c in calls(log)] == ["echo"]  # whoami is not in its tools
    (event,) = started(db, out["session"])
    assert event["tools"] == [f"{TOOL}echo"]


def test_a_plugins_agent_whose_tools_name_no_server_of_it_gets_none(tmp_path: Path) -> None:
    notes_plugin(tmp_path / "notes.jsonl", tools="Read, Grep")
    registry = load_registry(cwd=tmp_path)
    smith = registry.get("notes-smith")
    assert "mcpServers" not in smith.extra
    install_dir = claude() / "plugins" / "cache" / "mkt" / "backend-kit" / "1.0.0"
    (install_dir / "agents" / f"{AGENT}.md").write_text(
        agent_file("notes-smith", f"Read, {TOOL}*"), encoding="utf-8"
    )  # a pattern reaching its server: the server, and no warning that it is never offered
    registry = load_registry(cwd=tmp_path, cache=False)
    smith = registry.get("notes-smith")
    assert smith.extra["mcpServers"] == ["plugin:backend-kit:notes"]
    assert not [p for p in registry.problems_of(smith) if "never offered" in p.message]


def test_managed_settings_enabled_plugins_win_over_the_users_and_the_workspaces(
    tmp_path: Path,
) -> None:
    """Claude Code's precedence, managed over every other file: a managed false turns a
    plugin off whatever the user says (its agents, hooks and servers with it), a managed
    true turns on one the user's settings leave off, and no workspace file undoes it."""
    from test_plugins64 import hooked_plugin

    from coordinator.roster.plugins import enabled_plugins
    from coordinator.runtime.hooks import session_hooks

    hooked_plugin()
    enable()  # the user's own settings turn it on
    managed = tmp_path / "etc" / "managed-settings.json"
    enable(False, managed)
    ws = workspace(tmp_path)
    assert session_hooks(ws, [], managed=managed).every() == []  # its hooks do not run
    found = enabled_plugins(ws, managed=managed)
    assert found.found == [] and found.problems == []
    enable(False)  # the user turns it off, the administrator on: on, and a workspace's
    enable(True, managed)  # false cannot turn it off
    enable(False, ws / ".claude" / "settings.json")
    assert [p.id for p in enabled_plugins(ws, managed=managed).found] == [PID]
    assert len(session_hooks(ws, [], managed=managed).every()) == 2
    assert enabled_plugins(ws, managed=None).found == []  # (without the managed file: off)


PROBE = """import os, sys
root, data = os.environ["CLAUDE_PLUGIN_ROOT"], os.environ["CLAUDE_PLUGIN_DATA"]
def tried(what, path):
    try:
        if what == "write":
            open(path, "w").write("x")
        else:
            open(path).read()
        return what + " " + os.path.basename(path) + ": yes"
    except OSError:
        return what + " " + os.path.basename(path) + ": no"
said = [open(os.path.join(root, "scripts", "rule.txt")).read().strip(),
        tried("read", os.path.join(data, "state.txt")),
        tried("write", os.path.join(root, "scripts", "rule.txt")),
        tried("write", os.path.join(data, "state.txt")),
        tried("read", os.path.expanduser("~/secret.txt")),
        tried("read", os.path.join(os.path.dirname(root), "other.txt"))]
print("plugin probe: " + "; ".join(said), file=sys.stderr)
sys.exit(2)
"""


def test_a_confined_plugin_hook_reads_its_plugins_folder_and_writes_nothing_of_it(
    tmp_path: Path,
) -> None:
    """A plugin hook running workspace code runs in the sandbox (plugins64); its plugin's
    folder is there, read-only, and so is its data folder; the rest of the home is not."""
    from test_plugins64 import PY, WRITE

    root = install()
    (root / "scripts").mkdir()
    (root / "scripts" / "probe.py").write_text(PROBE, encoding="utf-8")
    (root / "scripts" / "rule.txt").write_text("rule: no notes", encoding="utf-8")
    (root.parent / "other.txt").write_text("another version's", encoding="utf-8")
    (Path.home() / "secret.txt").write_text("the user's", encoding="utf-8")
    probe = f"{PY} ${{CLAUDE_PLUGIN_ROOT}}/scripts/probe.py $CLAUDE_PROJECT_DIR/check.py"
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": probe}]}]}
    (root / "hooks").mkdir()
    (root / "hooks" / "hooks.json").write_text(json.dumps(hooks), encoding="utf-8")
    enable()
    data = claude() / "plugins" / "data" / "backend-kit-mkt"
    data.mkdir(parents=True)
    (data / "state.txt").write_text("kept", encoding="utf-8")
    ws = workspace(tmp_path)
    (ws / "check.py").write_text("print('checked')\n", encoding="utf-8")  # runs workspace code
    said = (
        "plugin probe: rule: no notes; read state.txt: yes; write rule.txt: no; "
        "write state.txt: no; read secret.txt: no; read other.txt: no"
    )
    db = tmp_path / "s.db"
    turns = [{"tool_calls": [WRITE]}, {"expect": said, "text": report("Complete", "Notes")}]
    script = write_script(tmp_path / "s.yaml", {"notes-smith": turns})
    writer = claude() / "agents" / "notes-smith.md"
    writer.parent.mkdir(parents=True, exist_ok=True)
    writer.write_text(agent_file("notes-smith", "Read, Write"), encoding="utf-8")
    ran = coord(
        "run", "write the release notes", "--agent", "notes-smith", "-w", ws, "--db", db,
        "--script", script, "--json", "--allow-bash",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["status"] == "complete"
    assert not (ws / "notes.txt").exists()  # the guard ran, and refused
    assert (root / "scripts" / "rule.txt").read_text() == "rule: no notes"
    assert (data / "state.txt").read_text() == "kept"
