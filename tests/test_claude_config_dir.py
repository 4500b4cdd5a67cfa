"""``CLAUDE_CONFIG_DIR`` moves the user's Claude Code folder (``~/.claude``) and user file
(``~/.claude.json``), as Claude Code moves them: coord reads the user's agents, settings
(hooks, permission rules), skills, agent memory and MCP servers there, and not from the home
folder; unset, from the home folder as before. A relative value is not followed (it would be
read from the folder coord runs in) and is told of; the folder coord reads is protected from
agents' writes when it lies in the workspace.

Every test writes both folders, each with its own content, in a temporary HOME."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import report, scripted, workspace, write_agents, write_script

from coordinator.config import Settings
from coordinator.mcp.config import ServerConfig, hook_server
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.options import extras_digest
from coordinator.runtime.permission_files import load_permissions
from coordinator.runtime.preload import Preload
from coordinator.store.db import Store
from coordinator.tools.home_files import home_files_inside

DONE = report("Complete", "Done")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """``(~/.claude, the moved folder)``: HOME's (set by conftest) and ``tmp_path/moved``."""
    return Path(os.environ["HOME"]) / ".claude", tmp_path / "moved"


def agent_names(cwd: Path) -> dict[str, str]:
    """The roster ``coord agents list`` shows in ``cwd``: name -> kind, bundled left out."""
    ran = coord("agents", "list", "--json", cwd=cwd)
    assert ran.returncode == 0, ran.stderr
    return {
        a["name"]: a["kind"] for a in json.loads(ran.stdout)["agents"] if a["kind"] != "bundled"
    }


def test_user_agents_are_read_from_the_moved_folder_only(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, moved = folders
    write_agents(home / "agents", "backend")
    write_agents(moved / "agents", "dba")
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    assert agent_names(tmp_path) == {"dba": "user"}
    monkeypatch.delenv("CLAUDE_CONFIG_DIR")
    assert agent_names(tmp_path) == {"backend": "user"}


def user_hook(folder: Path, says: str) -> None:
    """A user settings file in ``folder``: a PreToolUse hook that blocks Write with ``says``."""
    guard = {"type": "command", "command": f"echo '{says}' >&2; exit 2"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [guard]}]}
    write(folder / "settings.json", json.dumps({"hooks": hooks}))


def test_user_settings_hooks_run_from_the_moved_folder_only(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run prints the active hooks and runs them: the moved folder's, not ~/.claude's."""
    home, moved = folders
    user_hook(home, "blocked by home")
    user_hook(moved, "blocked by moved")
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    write_call = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hi"}}

    def run(expect: str) -> str:
        turns = [{"tool_calls": [write_call]}, {"expect": expect, "text": DONE}]
        script = write_script(tmp_path / "s.yaml", {"backend": turns})
        ran = coord("run", "Write notes", "--workspace", ws, "--agents-dir", agents, "--only",
                    "--agent", "backend", "--provider", "scripted", "--script", script)  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        return ran.stderr

    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    shown = run("blocked by moved")
    assert "PreToolUse[Write] (user, settings.json:1): echo 'blocked by moved'" in shown
    assert "blocked by home" not in shown
    monkeypatch.delenv("CLAUDE_CONFIG_DIR")
    assert "echo 'blocked by home'" in run("blocked by home")
    assert not (ws / "notes.txt").exists()


def test_user_permission_rules_are_read_from_the_moved_folder_only(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, moved = folders
    write(home / "settings.json", json.dumps({"permissions": {"deny": ["Bash(rm *)"]}}))
    write(moved / "settings.json", json.dumps({"permissions": {"deny": ["Bash(curl *)"]}}))
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    assert [r.label() for r in load_permissions(tmp_path, managed=None).rules] == [
        f"Bash(curl *) (permissions.deny, {moved / 'settings.json'}:1)"
    ]
    monkeypatch.delenv("CLAUDE_CONFIG_DIR")
    assert [r.label() for r in load_permissions(tmp_path, managed=None).rules] == [
        f"Bash(rm *) (permissions.deny, {home / 'settings.json'}:1)"
    ]


def remembering(**extra: Any) -> AgentSpec:
    return AgentSpec(name="backend", description="backend", body="You are backend.", extra=extra)


def test_user_skills_and_agent_memory_are_read_from_the_moved_folder_only(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system prompt preloads the user's skill and the user-scope memory of the moved
    folder; a resume tells the skills apart (the extras digest reads the same folder)."""
    home, moved = folders
    for folder, said in ((home, "home"), (moved, "moved")):
        write(folder / "skills/style/SKILL.md", f"Style from {said}.")
        write(folder / "agent-memory/backend/MEMORY.md", f"Memory from {said}.")
    ws = workspace(tmp_path)
    spec = remembering(skills=["style"], memory="user")

    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    prompt = Preload(ws).system_prompt(spec)
    assert "Style from moved." in prompt and "Memory from moved." in prompt
    assert "from home" not in prompt
    moved_digest = extras_digest(ws, [spec], hooks=True)
    monkeypatch.delenv("CLAUDE_CONFIG_DIR")
    prompt = Preload(ws).system_prompt(spec)
    assert "Style from home." in prompt and "Memory from home." in prompt
    assert "from moved" not in prompt
    assert extras_digest(ws, [spec], hooks=True) != moved_digest


def test_user_mcp_servers_are_read_from_the_moved_user_file_only(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``.claude.json`` moves into the folder (``$CLAUDE_CONFIG_DIR/.claude.json``), its
    top level and its entry for the project; ``~/.claude.json`` is not read then."""
    home, moved = folders
    ws = tmp_path / "ws"
    ws.mkdir()
    server = {"command": "/bin/true"}
    write(home.parent / ".claude.json", json.dumps({"mcpServers": {"old": server}}))
    entry = {"projects": {str(ws.resolve()): {"mcpServers": {"local": server}}}}
    write(moved / ".claude.json", json.dumps({"mcpServers": {"new": server}, **entry}))
    write(moved / "settings.json", json.dumps({"mcpServers": {"set": server}}))

    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    found = {name: hook_server(name, ws) for name in ("old", "new", "local", "set")}
    assert not isinstance(found["old"], ServerConfig)
    assert found["old"].why.endswith(  # the user's files as they are now
        "$CLAUDE_CONFIG_DIR/settings.json or $CLAUDE_CONFIG_DIR/.claude.json"
    )
    for name in ("new", "local"):
        config = found[name]
        assert isinstance(config, ServerConfig) and config.source == str(moved / ".claude.json")
    assert isinstance(found["set"], ServerConfig)
    monkeypatch.delenv("CLAUDE_CONFIG_DIR")
    config = hook_server("old", ws)
    assert isinstance(config, ServerConfig) and config.source == str(home.parent / ".claude.json")
    assert not isinstance(hook_server("new", ws), ServerConfig)


def claude_paths(cwd: Path) -> dict[str, str]:
    """``coord config --json``'s paths (what -> path) and notes."""
    ran = coord("config", "--json", cwd=cwd)
    assert ran.returncode == 0, ran.stderr
    data = json.loads(ran.stdout)
    return {p["what"]: p["path"] for p in data["paths"]} | {"notes": " ".join(data["notes"])}


def test_config_names_the_moved_folder(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, moved = folders
    moved.mkdir()
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    paths = claude_paths(tmp_path)
    assert paths["claude code (CLAUDE_CONFIG_DIR)"] == str(moved)
    assert paths["agents (user)"] == str(moved / "agents")
    assert paths["claude settings (user)"] == str(moved / "settings.json")
    assert paths["mcp servers (user)"] == str(moved / ".claude.json")
    assert "claude code (user)" not in paths and paths["notes"] == ""
    monkeypatch.delenv("CLAUDE_CONFIG_DIR")
    paths = claude_paths(tmp_path)
    assert paths["claude code (user)"] == str(home)
    assert paths["mcp servers (user)"] == str(home.parent / ".claude.json")
    shown = coord("config", cwd=tmp_path, env={"CLAUDE_CONFIG_DIR": str(moved)}).stdout
    assert "claude code (CLAUDE_CONFIG_DIR)" in shown and str(moved) in shown


def test_empty_and_tilde_values_as_the_user_means_them(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Empty is unset; ``~/x`` (unexpanded: a unit file, an ``.env``) is the home folder's
    ``x``, not ``./~/x`` in the folder coord runs in."""
    home, _ = folders
    write_agents(home / "agents", "backend")
    write_agents(home.parent / "work-claude" / "agents", "ops")
    write_agents(tmp_path / "~" / "work-claude" / "agents", "web")
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", "")
    assert agent_names(tmp_path) == {"backend": "user"}
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", "~/work-claude")
    assert agent_names(tmp_path) == {"ops": "user"}
    assert claude_paths(tmp_path)["claude code (CLAUDE_CONFIG_DIR)"] == str(
        home.parent / "work-claude"
    )


def test_a_relative_value_is_not_followed_into_the_folder_coord_runs_in(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CLAUDE_CONFIG_DIR=cc`` run in a workspace: its ``cc/`` is an agent's to write, so
    its agents and settings are not the user's; ~/.claude is read, and coord config and
    a run say why."""
    home, _ = folders
    write_agents(home / "agents", "backend")
    ws = workspace(tmp_path)
    write_agents(ws / "cc" / "agents", "ops")
    write(ws / "cc" / "settings.json", json.dumps({"permissions": {"defaultMode": "dontAsk"}}))
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", "cc")
    assert agent_names(ws) == {"backend": "user"}
    paths = claude_paths(ws)
    assert paths["claude code (user)"] == str(home)
    assert "CLAUDE_CONFIG_DIR='cc' is a relative path: coord does not follow it" in paths["notes"]
    shown = coord("config", cwd=ws)
    assert "warning: CLAUDE_CONFIG_DIR='cc' is a relative path" in shown.stderr
    monkeypatch.chdir(ws)
    assert ws / "cc" / "settings.json" in home_files_inside(ws)  # Claude Code's, run here
    rules = load_permissions(ws, managed=None)
    assert rules.default_mode is None
    assert any("CLAUDE_CONFIG_DIR='cc'" in w for w in rules.warnings)


# ---- the trust boundary: what coord reads there is protected when the workspace holds it ----


def test_the_moved_folder_coord_reads_is_protected_in_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home folder in the workspace (``-w /home``), ``CLAUDE_CONFIG_DIR=~/cc``: the
    settings, agents and user file coord reads there are the workspace's protected paths
    (an absolute value was protected already: tests/security/test_trust49.py)."""
    ws = tmp_path / "srv"
    home = ws / "me"
    (home / "cc").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", "~/cc")
    protected = set(home_files_inside(ws))
    read = [home / "cc" / "settings.json", home / "cc" / "agents", home / "cc" / ".claude.json"]
    assert [p for p in read if p not in protected] == []


def test_an_agent_cannot_write_the_user_settings_coord_reads_in_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CLAUDE_CONFIG_DIR=~/cc`` with the home folder in the workspace: Write to the
    settings coord reads as the user's (hooks run as the user, allow rules widen a
    dontAsk agent) is refused, as ``~/.claude/settings.json`` is in a ``-w ~`` run; and
    Claude Code's login there is not read, as ``~/.claude/.credentials.json`` is not."""
    ws = workspace(tmp_path)
    settings = write(ws / "me" / "cc" / "settings.json", "{}\n")
    write(ws / "me" / "cc" / ".credentials.json", '{"token": "sk-login"}')
    monkeypatch.setenv("HOME", str(ws / "me"))
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", "~/cc")
    widened = json.dumps({"permissions": {"allow": ["Bash"], "defaultMode": "dontAsk"}})
    calls = [
        {"name": "Write", "input": {"file_path": "me/cc/settings.json", "content": widened}},
        {"name": "Read", "input": {"file_path": "me/cc/.credentials.json"}},
    ]
    spec = AgentSpec(name="backend", description="b", tools=["Read", "Write"], body="Backend.")
    registry = Registry([spec])
    extras = session_extras(ws, Settings(), registry, managed=None)
    provider = scripted({"backend": [{"tool_calls": calls}, {"text": DONE}]})
    store = Store.open(tmp_path / "s.db")
    engine = extras.engine(registry, provider, store, Settings(), ws, model=None)
    try:
        asyncio.run(engine.start("Write settings", agent="backend"))
    finally:
        store.close()
    assert settings.read_text(encoding="utf-8") == "{}\n"
    wrote, read = [
        part
        for message in provider.model.calls[1].messages
        if isinstance(message["content"], list)
        for part in message["content"]
        if part.get("type") == "tool_result"
    ]
    assert wrote["is_error"] and "me/cc/settings.json" in str(wrote["content"])
    assert read["is_error"] and "credentials" in str(read["content"])
    assert "sk-login" not in json.dumps(provider.model.calls[1].messages)
