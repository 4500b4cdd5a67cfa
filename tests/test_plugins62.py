"""The agents (and skills) of the user's enabled Claude Code plugins, from a real fake home
holding a plugin installed as Claude Code records it: ``~/.claude/plugins/
installed_plugins.json`` (version 2), its copy in ``plugins/cache/MARKETPLACE/NAME/VERSION``
and ``enabledPlugins`` in the settings (:mod:`coordinator.roster.plugins`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord
from kit import report, workspace, write_script

from coordinator.roster.loader import load_registry
from coordinator.roster.spec import Severity, SourceKind
from coordinator.runtime.preload import Preload

PID = "backend-kit@mkt"
AGENT = "graphql-schema-smith"
REQUEST = "design the graphql schema and resolvers for the orders api"
SMITH = f"""---
name: {AGENT}
description: Designs GraphQL schemas, resolvers and federation. Use for GraphQL schema design.
skills: api-rules
permissionMode: bypassPermissions
hooks:
  PreToolUse: []
mcpServers: [github]
---
You design GraphQL schemas.
"""


def claude() -> Path:
    return Path.home() / ".claude"


def install(version: str = "1.0.0", *, agent: str = SMITH, manifest: Any = None) -> Path:
    """The plugin ``backend-kit@mkt`` installed (not enabled) as Claude Code installs one:
    its folder in the cache, its record in installed_plugins.json; its folder."""
    root = claude() / "plugins" / "cache" / "mkt" / "backend-kit" / version
    (root / "agents").mkdir(parents=True)
    (root / ".claude-plugin").mkdir()
    (root / "skills" / "api-rules").mkdir(parents=True)
    (root / "agents" / f"{AGENT}.md").write_text(agent, encoding="utf-8")
    (root / "skills" / "api-rules" / "SKILL.md").write_text(
        "---\nname: api-rules\ndescription: API rules\n---\nVersion every API in its path.\n",
        encoding="utf-8",
    )
    meta = manifest if manifest is not None else {"name": "backend-kit", "version": version}
    (root / ".claude-plugin" / "plugin.json").write_text(json.dumps(meta), encoding="utf-8")
    record = {
        "version": 2,
        "plugins": {
            PID: [
                {
                    "scope": "user",
                    "installPath": str(root),
                    "version": version,
                    "installedAt": "2026-12-01T10:00:00.000Z",
                    "lastUpdated": "2026-12-01T10:00:00.000Z",
                    "gitCommitSha": "0" * 40,
                }
            ]
        },
    }
    (claude() / "plugins" / "installed_plugins.json").write_text(json.dumps(record, indent=2))
    return root


def enable(on: bool = True, settings: Path | None = None) -> None:
    path = settings or claude() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"enabledPlugins": {PID: on}}, indent=2), encoding="utf-8")


def listed(cwd: Path, *args: str) -> dict[str, Any]:
    ran = coord("agents", "list", "--json", *args, cwd=cwd)
    assert ran.returncode == 0, ran.stderr
    data: dict[str, Any] = json.loads(ran.stdout)
    return data


def sources(cwd: Path) -> dict[str, str]:
    """Each agent's source as listings say it: its kind, or ``plugin NAME@MARKETPLACE``."""
    return {a["name"]: shown(a) for a in listed(cwd)["agents"]}


def shown(agent: dict[str, Any]) -> str:
    return f"plugin {agent['plugin']}" if agent["plugin"] else str(agent["kind"])


def test_an_enabled_plugins_agent_is_listed_with_its_plugin(tmp_path: Path) -> None:
    install()
    enable()
    agents = {a["name"]: a for a in listed(tmp_path)["agents"]}
    assert agents[AGENT]["plugin"] == PID
    assert agents[AGENT]["kind"] == SourceKind.PLUGIN
    table = coord("agents", "list", cwd=tmp_path).stdout
    assert f"plugin {PID}:" in table  # its folder, named by the plugin, under the table


def test_a_disabled_or_uninstalled_plugins_agents_are_not_loaded(tmp_path: Path) -> None:
    install()
    enable(False)
    assert AGENT not in sources(tmp_path)
    enable()
    (claude() / "plugins" / "installed_plugins.json").write_text('{"version": 2, "plugins": {}}')
    data = listed(tmp_path)
    assert AGENT not in {a["name"] for a in data["agents"]}
    assert any(
        f"plugin {PID} is enabled but not installed" in p["message"] for p in data["problems"]
    )


def test_a_workspace_settings_file_turns_a_plugin_off_never_on(tmp_path: Path) -> None:
    install()
    project = tmp_path / ".claude" / "settings.json"
    enable(True, project)  # the project alone: agents (or a cloned repository) wrote it
    data = listed(tmp_path)
    assert AGENT not in {a["name"] for a in data["agents"]}
    note = next(p for p in data["problems"] if PID in p["message"])
    assert note["path"] == str(project) and note["severity"] == Severity.INFO
    assert "claude plugin enable" in note["message"]
    enable()  # the user's own settings turn it on ...
    assert sources(tmp_path)[AGENT] == f"plugin {PID}"
    enable(False, tmp_path / ".claude" / "settings.local.json")  # ... a workspace's turn it off
    assert AGENT not in sources(tmp_path)
    enable(False, project)  # the project's off, the local file's on: the local file wins
    enable(True, tmp_path / ".claude" / "settings.local.json")
    assert sources(tmp_path)[AGENT] == f"plugin {PID}"


def test_a_users_agent_of_the_same_name_hides_the_plugins(tmp_path: Path) -> None:
    install()
    enable()
    mine = claude() / "agents" / f"{AGENT}.md"
    mine.parent.mkdir()
    mine.write_text(f"---\nname: {AGENT}\ndescription: My GraphQL agent.\n---\nMine.\n")
    data = listed(tmp_path)
    assert {a["name"]: shown(a) for a in data["agents"]}[AGENT] == "user"
    (hidden,) = [s for s in data["shadowed"] if s["name"] == AGENT]
    assert hidden["plugin"] == PID and hidden["by_kind"] == "user"
    table = coord("agents", "list", cwd=tmp_path).stdout
    assert f"(plugin {PID}) is hidden by" in " ".join(table.split())


def test_coord_route_sends_a_request_to_the_plugins_agent(tmp_path: Path) -> None:
    install()
    enable()
    ran = coord("route", REQUEST, "--json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["agent"] == AGENT


def test_claude_codes_namespaced_name_finds_the_agent(tmp_path: Path) -> None:
    install()
    enable()
    ran = coord("agents", "show", f"backend-kit:{AGENT}", "--json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    agent = json.loads(ran.stdout)
    assert agent["name"] == AGENT and agent["plugin"] == PID


def test_a_plugin_agents_hooks_mcp_servers_and_mode_are_ignored(tmp_path: Path) -> None:
    install()
    enable()
    registry = load_registry(cwd=tmp_path)
    spec = registry.get(AGENT)
    assert spec.permission_mode is None  # bypassPermissions: not the plugin's to choose
    assert "hooks" not in spec.extra and "mcpServers" not in spec.extra
    notes = [p for p in registry.problems_of(spec) if "ignored" in p.message]
    assert sorted(p.line for p in notes) == [5, 6, 8]  # each at its line, as a note


def test_plan_mode_which_only_narrows_stays(tmp_path: Path) -> None:
    install(agent=SMITH.replace("bypassPermissions", "plan"))
    enable()
    spec = load_registry(cwd=tmp_path).get(AGENT)
    assert spec.permission_mode == "plan" and "Write" in spec.disallowed_tools


def test_a_plugins_hooks_and_mcp_servers_are_said_run(tmp_path: Path) -> None:
    root = install(manifest={"name": "backend-kit", "hooks": "./hooks.json"})
    (root / ".mcp.json").write_text('{"mcpServers": {}}')
    enable()
    ran = coord("agents", "show", AGENT, cwd=tmp_path)
    said = " ".join(ran.stdout.split())
    assert f"plugin {PID}: its hooks run with your own" in said  # (plugins64: they run)
    assert "its MCP servers are your own" in said


def test_the_cache_sees_a_plugin_enabled_disabled_and_updated(tmp_path: Path) -> None:
    install()
    enable()
    assert AGENT in load_registry(cwd=tmp_path)  # cached: the parse and the routing index
    enable(False)
    assert AGENT not in load_registry(cwd=tmp_path)
    enable()
    newer = install("1.1.0", agent=SMITH.replace("GraphQL schemas,", "GraphQL gateways,"))
    registry = load_registry(cwd=tmp_path)
    assert registry.get(AGENT).source == newer / "agents" / f"{AGENT}.md"
    assert "gateways" in registry.get(AGENT).description
    ran = coord("route", "set up a graphql gateways federation", "--json", cwd=tmp_path)
    assert json.loads(ran.stdout)["agent"] == AGENT


def test_the_manifests_agent_paths_add_to_its_folder(tmp_path: Path) -> None:
    root = install(manifest={"name": "backend-kit", "agents": ["./extra/", "../outside/"]})
    (root / "extra").mkdir()
    (root / "extra" / "schema-reviewer.md").write_text(
        "---\nname: schema-reviewer\ndescription: Reviews schemas.\n---\nReview.\n"
    )
    enable()
    data = listed(tmp_path)
    names = {a["name"]: shown(a) for a in data["agents"]}
    assert names[AGENT] == names["schema-reviewer"] == f"plugin {PID}"
    (bad,) = [p for p in data["problems"] if "outside" in p["message"]]
    assert (
        bad["path"].endswith("plugin.json") and "not inside the plugin's folder" in bad["message"]
    )


def test_only_keeps_the_plugins_out(tmp_path: Path) -> None:
    install()
    enable()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a.md").write_text("---\nname: a\ndescription: A.\n---\nA.\n")
    assert AGENT in sources(tmp_path)
    only = listed(tmp_path, "--agents-dir", str(mine), "--only")
    assert [a["name"] for a in only["agents"]] == ["a"]


def test_plugins_where_agents_ran_are_left_out(tmp_path: Path, monkeypatch: Any) -> None:
    ws = tmp_path / "ws"  # a workspace holding the home folder, where coord ran agents
    (ws / ".coordinator").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(ws / "me"))
    install()
    enable()
    data = listed(tmp_path)
    assert AGENT not in {a["name"] for a in data["agents"]}
    assert any("where coord ran agents" in p["message"] for p in data["problems"])


def test_a_plugins_skill_is_preloaded_after_the_users(tmp_path: Path) -> None:
    install()
    enable()
    ws = tmp_path / "ws"
    ws.mkdir()
    spec = load_registry(cwd=ws).get(AGENT)
    prompt = Preload(root=ws).system_prompt(spec)
    assert "Version every API in its path." in prompt
    named = spec.model_copy(update={"extra": {**spec.extra, "skills": ["backend-kit:api-rules"]}})
    assert "Version every API in its path." in Preload(root=ws).system_prompt(named)
    own = claude() / "skills" / "api-rules" / "SKILL.md"
    own.parent.mkdir(parents=True)
    own.write_text("---\nname: api-rules\n---\nMy own API rules.\n")
    prompt = Preload(root=ws).system_prompt(spec)
    assert "My own API rules." in prompt and "Version every API" not in prompt


def test_a_scripted_run_runs_the_plugins_agent(tmp_path: Path) -> None:
    install()
    enable()
    ws = workspace(tmp_path)
    script = write_script(tmp_path / "s.yaml", {AGENT: [{"text": report("Complete", "Schema")}]})
    ran = coord(
        "run", REQUEST, "--workspace", ws, "--provider", "scripted", "--script", script, "--json"
    )
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert out["status"] == "complete"
    assert out["agent"] == AGENT


def test_a_version_1_record_in_a_moved_claude_folder_is_read(
    tmp_path: Path, monkeypatch: Any
) -> None:
    moved = tmp_path / "cc"  # CLAUDE_CONFIG_DIR: Claude Code keeps its plugins there too
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(moved))
    root = moved / "plugins" / "cache" / "mkt" / "backend-kit" / "0.9.0"
    (root / "agents").mkdir(parents=True)
    (root / "agents" / f"{AGENT}.md").write_text(SMITH, encoding="utf-8")
    record = {"version": 1, "plugins": {PID: {"version": "0.9.0", "installPath": str(root)}}}
    (moved / "plugins" / "installed_plugins.json").write_text(json.dumps(record))
    enable(settings=moved / "settings.json")
    assert sources(tmp_path)[AGENT] == f"plugin {PID}"


def test_a_broken_record_or_agent_file_is_named_with_its_line(tmp_path: Path) -> None:
    root = install(agent="---\nname: broken\ndescription: [unclosed\nmodel: 7\n---\nBody\n")
    enable()
    ran = coord("agents", "validate", cwd=tmp_path)
    assert ran.returncode == 1  # a skipped file, as any agent file's
    assert f"{root / 'agents' / f'{AGENT}.md'}:" in ran.stdout.replace("\n", "")
    record = claude() / "plugins" / "installed_plugins.json"
    record.write_text('{"version": 2,\n "plugins": {,}}\n')
    data = listed(tmp_path)
    (bad,) = [p for p in data["problems"] if p["path"] == str(record)]
    assert bad["line"] == 2 and "invalid JSON" in bad["message"]
