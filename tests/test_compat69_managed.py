"""The managed settings' restrictions Claude Code honours, read from real files in a temp
home, workspace and managed-settings path (compat69): ``allowManagedPermissionRulesOnly``,
``permissions.disableBypassPermissionsMode``, ``allowedMcpServers``/``deniedMcpServers``
(with ``allowManagedMcpServersOnly``), as Claude Code's permissions, settings-reference and
managed-MCP pages document them."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest
from kit import report, scripted, team, workspace

from coordinator.config import Settings
from coordinator.mcp.config import agent_servers
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.permission_files import load_permissions
from coordinator.store.db import Store

DONE = report("Complete", "Done")


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


class Run:
    """An engine over a demo workspace, a temp home and a managed-settings file of its own."""

    def __init__(self, tmp_path: Path, agents: dict[str, list[dict[str, Any]]]):
        self.ws = workspace(tmp_path)
        self.home = tmp_path / "home"
        (self.home / ".claude").mkdir(parents=True)
        self.managed = tmp_path / "etc/claude-code/managed-settings.json"
        self.store = Store.open(tmp_path / "s.db")
        self.provider = scripted(agents)
        self.settings = Settings()
        self.registry = team()

    def agent_with(self, **fields: Any) -> None:
        specs = [s.model_copy(update=fields) if s.name == "backend" else s for s in self.registry]
        self.registry = Registry(specs)

    def extras(self) -> Any:
        return session_extras(
            self.ws, self.settings, self.registry, home=self.home, managed=self.managed
        )

    async def start(self, request: str) -> Any:
        extras = self.extras()
        engine = extras.engine(
            self.registry, self.provider, self.store, self.settings, self.ws, model=None
        )
        return await engine.start(request, agent="backend")


# ---- allowManagedPermissionRulesOnly ----------------------------------------------------


async def test_only_the_managed_rules_apply_when_the_managed_settings_say_so(
    tmp_path: Path,
) -> None:
    """With ``allowManagedPermissionRulesOnly: true`` the user's and the project's allow,
    ask and deny rules are ignored: the user's allow rule no longer pre-approves a dontAsk
    agent's Write, the user's deny no longer refuses a Read; the managed deny still does."""
    readme = {"name": "Read", "input": {"file_path": "README.md"}}
    env = {"name": "Read", "input": {"file_path": ".env"}}
    ok = {"name": "Write", "input": {"file_path": "src/ok.py", "content": "x = 1\n"}}
    agents = {
        "backend": [
            {"tool_calls": [readme, env, ok]},
            {"expect": "Permission denied: the rule Read(./.env)", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents)
    r.agent_with(permission_mode="dontAsk")
    (r.ws / ".env").write_text("TOKEN=x\n", encoding="utf-8")
    write(
        r.managed,
        {"allowManagedPermissionRulesOnly": True, "permissions": {"deny": ["Read(./.env)"]}},
    )
    user = write(
        r.home / ".claude/settings.json",
        {"permissions": {"allow": ["Edit(src/**)"], "deny": ["Read(./README.md)"]}},
    )
    project = write(r.ws / ".claude/settings.json", {"permissions": {"ask": ["Read"]}})
    notice = "\n".join(r.extras().notice(r.registry, r.settings))
    assert f"{user}: its permission rules are ignored: {r.managed} sets" in notice
    assert f"{project}: its permission rules are ignored" in notice
    result = await r.start("Read and write")
    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    calls = r.store.all_tool_calls(result.session_id)
    assert [c.is_error for c in calls] == [False, True, True]  # README read; .env, Write refused
    assert not (r.ws / "src/ok.py").exists()  # the user's allow rule pre-approves nothing now


def test_the_managed_only_keys_restrict_nothing_from_other_files(tmp_path: Path) -> None:
    """``allowManagedPermissionRulesOnly`` in the user's file is ignored (Claude Code reads
    it from the managed settings alone), with one line saying so."""
    ws, home = workspace(tmp_path), tmp_path / "home"
    user = write(
        home / ".claude/settings.json",
        {"allowManagedPermissionRulesOnly": True, "permissions": {"deny": ["Bash(rm *)"]}},
    )
    write(ws / ".claude/settings.json", {"permissions": {"deny": ["Read(./.env)"]}})
    found = load_permissions(ws, home=home, managed=tmp_path / "no-managed.json")
    assert len(found.listing()) == 2
    assert f"{user}: allowManagedPermissionRulesOnly is read only from the managed settings" in (
        "\n".join(found.warnings)
    )


# ---- disableBypassPermissionsMode -------------------------------------------------------


async def test_bypass_permissions_turned_off_runs_the_agent_in_default_mode(
    tmp_path: Path,
) -> None:
    """``permissions.disableBypassPermissionsMode: "disable"`` (here in the user's own file;
    Claude Code reads it from any scope) turns an agent's ``bypassPermissions`` into
    ``default``: its hooks are told so, and the run's notice names the file."""
    log = tmp_path / "modes.log"
    read = {"name": "Read", "input": {"file_path": "README.md"}}
    r = Run(tmp_path, {"backend": [{"tool_calls": [read]}, {"text": DONE}]})
    r.agent_with(permission_mode="bypassPermissions")
    command = (
        f"python3 -c \"import json,sys; print(json.load(sys.stdin)['permission_mode'])\" >> {log}"
    )
    hooks = {"PreToolUse": [{"matcher": "Read", "hooks": [{"command": command}]}]}
    settings = {"hooks": hooks, "permissions": {"disableBypassPermissionsMode": "disable"}}
    user = write(r.home / ".claude/settings.json", settings)
    notice = "\n".join(r.extras().notice(r.registry, r.settings))
    assert (
        f"agent backend: permissionMode bypassPermissions is turned off by "
        f"permissions.disableBypassPermissionsMode in {user}: it runs in default mode"
    ) in notice
    result = await r.start("Read the readme")
    assert result.status == "complete", result.reason
    assert log.read_text().split() == ["default"]


def test_a_managed_default_mode_of_bypass_is_turned_off_and_a_bad_value_named(
    tmp_path: Path,
) -> None:
    ws, home = workspace(tmp_path), tmp_path / "home"
    managed = write(
        tmp_path / "managed.json", {"permissions": {"defaultMode": "bypassPermissions"}}
    )
    project = write(
        ws / ".claude/settings.json", {"permissions": {"disableBypassPermissionsMode": "disable"}}
    )
    user = write(
        home / ".claude/settings.json", {"permissions": {"disableBypassPermissionsMode": True}}
    )
    found = load_permissions(ws, home=home, managed=managed)
    assert found.mode_of(None) == "default" and found.mode_of("plan") == "plan"
    text = "\n".join(found.warnings)
    assert f"turned off by permissions.disableBypassPermissionsMode in {project}" in text
    assert f'{user}: permissions.disableBypassPermissionsMode True is not "disable"' in text


# ---- allowedMcpServers / deniedMcpServers -----------------------------------------------


def agent(*servers: str) -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        body="You are the backend specialist.",
        extra={"mcpServers": list(servers)},
    )


def servers_of(tmp_path: Path, managed: dict[str, Any], *names: str, **files: Any) -> Any:
    """The servers ``names`` an agent gets, with ``managed`` as the managed settings and the
    user's (``user=``) and the project's (``project=``) settings files."""
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    ws.mkdir(exist_ok=True)
    defined = {
        "gh": {"type": "http", "url": "https://API.GitHub.com./mcp/x"},
        "local": {"command": "npx", "args": ["-y", "approved-pkg"]},
        "other": {"command": "node", "args": ["server.js"]},
        "web": {"type": "http", "url": "https://evil.example.org/mcp"},
    }
    write(home / ".claude.json", {"mcpServers": defined})
    write(home / ".claude/settings.json", files.get("user", {}))
    write(ws / ".claude/settings.json", files.get("project", {}))
    path = write(tmp_path / "managed-settings.json", managed)
    rules = load_permissions(ws, home=home, managed=path)
    got = agent_servers(agent(*names), ws, home=home, environ={}, limits=rules.servers)
    return [s.name for s in got.servers], got.problems, rules.warnings


def test_a_denied_server_is_never_started_whatever_allows_it(tmp_path: Path) -> None:
    managed = {
        "allowedMcpServers": [{"serverUrl": "https://api.github.com/*"}, {"serverName": "local"}],
        "deniedMcpServers": [{"serverCommand": ["npx", "-y", "approved-pkg"]}],
    }
    started, problems, _ = servers_of(tmp_path, managed, "gh", "local", "web")
    assert started == ["gh"]  # host without case or trailing dot; any path under /*
    assert problems[0] == (
        "server 'local' not started: the deniedMcpServers entry "
        '{"serverCommand": ["npx", "-y", "approved-pkg"]} '
        f"({tmp_path / 'managed-settings.json'}) blocks it"
    )
    assert problems[1].startswith(
        "server 'web' not started: its URL matches no serverUrl entry of allowedMcpServers"
    )


def test_a_name_entry_counts_only_while_no_command_entry_does(tmp_path: Path) -> None:
    """Claude Code: a stdio server must match a ``serverCommand`` entry once the allowlist has
    one; a ``serverName`` entry then lets only remote servers in (no serverUrl entry)."""
    managed = {
        "allowedMcpServers": [
            {"serverName": "other"},
            {"serverName": "gh"},
            {"serverCommand": ["npx", "-y", "approved-pkg"]},
        ]
    }
    started, problems, _ = servers_of(tmp_path, managed, "gh", "local", "other")
    assert started == ["gh", "local"]
    assert "server 'other' not started: its command matches no serverCommand entry" in problems[0]


def test_a_workspace_allowlist_never_widens_the_users_own(tmp_path: Path) -> None:
    """An allowlist in the workspace's settings (an agent could have written it) is ignored
    while the user's own files set one; the workspace's denylist still takes servers away."""
    user = {"allowedMcpServers": [{"serverName": "gh"}]}
    project = {
        "allowedMcpServers": [{"serverName": "web"}],
        "deniedMcpServers": [{"serverName": "gh"}],
    }
    started, problems, warnings = servers_of(tmp_path, {}, "gh", "web", user=user, project=project)
    assert started == []
    assert "deniedMcpServers entry" in problems[0] and "matches no serverName" in problems[1]
    assert any("allowedMcpServers ignored: it lies in the workspace" in w for w in warnings)


def test_managed_only_keeps_the_managed_allowlist_alone(tmp_path: Path) -> None:
    managed = {"allowManagedMcpServersOnly": True, "allowedMcpServers": [{"serverName": "gh"}]}
    user = {"allowedMcpServers": [{"serverName": "web"}], "deniedMcpServers": ["bad"]}
    started, _, warnings = servers_of(tmp_path, managed, "gh", "web", user=user)
    assert started == ["gh"]
    shown = "\n".join(warnings)
    assert "allowedMcpServers ignored: the managed settings set allowManagedMcpServersOnly" in shown
    assert "deniedMcpServers[0]: expected an object with one key" in shown


mcp = pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="no mcp extra")


@mcp
@pytest.mark.xdist_group("mcp")
async def test_a_run_never_starts_a_server_the_managed_denylist_names(tmp_path: Path) -> None:
    """A real run: the fixture server, defined in the user's own file, is blocked by the
    managed denylist (by name): not started, its tools not offered, the run's MCP event
    says why once."""
    from test_mcp_client import calls, fixture_def

    log = tmp_path / "calls.jsonl"
    r = Run(tmp_path, {"backend": [{"text": DONE}]})
    r.agent_with(extra={"mcpServers": ["srv"]})
    write(Path(os.environ["HOME"]) / ".claude.json", {"mcpServers": {"srv": fixture_def(log)}})
    r.home = Path(os.environ["HOME"])
    write(r.managed, {"deniedMcpServers": [{"serverName": "srv"}]})
    result = await r.start("add numbers")
    assert result.status == "complete", result.reason
    assert not any(t.startswith("mcp__") for t in r.provider.model.calls[0].tools)
    (started,) = [e for e in r.store.events(result.session_id) if e.kind == "mcp_servers"]
    assert started.data["servers"] == []
    assert started.data["problems"] == [
        f'server \'srv\' not started: the deniedMcpServers entry {{"serverName": "srv"}} '
        f"({r.managed}) blocks it"
    ]
    assert calls(log) == []


# ---- SKILL.md allowed-tools -------------------------------------------------------------


def skill(folder: Path, name: str, allowed: str) -> Path:
    path = folder / name / "SKILL.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"---\nname: {name}\ndescription: {name} things\n{allowed}\n---\nDo {name} things.\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_skills_allowed_tools_are_shown_and_a_bad_value_named(tmp_path: Path) -> None:
    """``allowed-tools`` of a preloaded skill is read and shown with the run's warnings (not
    applied: nothing asks in a coord run, and a workspace skill must not widen an agent's
    powers); a value that cannot be read is one line naming the file and the field."""
    r = Run(tmp_path, {})
    r.agent_with(extra={"skills": ["commit", "review"]})
    mine = skill(r.home / ".claude/skills", "commit", "allowed-tools: Bash(git add *) Read, Grep")
    theirs = skill(r.ws / ".claude/skills", "review", "allowed-tools:\n  tool: Bash")
    notice = r.extras().notice(r.registry, r.settings)
    lines = [line for line in notice if "allowed-tools" in line]
    assert lines[0] == (
        f"warning: agent backend: skill 'commit' ({mine}) allowed-tools Bash(git add *), "
        "Read, Grep: not applied: a coord run asks nobody, a skill is preloaded for the "
        "agent's whole run (not one turn), and a workspace skill is one an agent could "
        "write; a dontAsk agent's calls still need a permissions.allow rule of your own "
        "settings"
    )
    assert lines[1] == (
        f"warning: {theirs}: allowed-tools: expected a list of tool rules or a string of "
        "them, not a mapping (ignored)"
    )
    assert len(lines) == 2


def test_auto_mode_turned_off_runs_as_default(tmp_path: Path) -> None:
    """``permissions.disableAutoMode: "disable"`` turns ``auto`` off as the bypass switch
    turns ``bypassPermissions`` off (Claude Code's permissions page: any settings file)."""
    ws, home = workspace(tmp_path), tmp_path / "home"
    user = write(home / ".claude/settings.json", {"permissions": {"disableAutoMode": "disable"}})
    found = load_permissions(ws, home=home, managed=None)
    assert found.mode_of("auto") == "default" and found.mode_of("dontAsk") == "dontAsk"
    assert found.mode_of("bypassPermissions") == "bypassPermissions"
    assert found.mode_note("backend", "auto") == (
        f"agent backend: permissionMode auto is turned off by permissions.disableAutoMode in "
        f"{user}: it runs in default mode"
    )


# ---- allowManagedHooksOnly: the plugins the administrator turns on ----------------------


def test_managed_hooks_only_keeps_the_hooks_of_plugins_the_managed_settings_turn_on(
    tmp_path: Path,
) -> None:
    """Claude Code's settings reference: with ``allowManagedHooksOnly`` the managed hooks
    and the hooks of plugins force-enabled in the managed ``enabledPlugins`` load; the
    user's hooks and the plugins only the user enables do not."""
    from test_compat72_managed import registered
    from test_plugins62 import PID, enable, install

    from coordinator.runtime.hooks import load_hooks

    root = install()
    (root / "hooks").mkdir()
    guard = {"type": "command", "command": "/usr/bin/true"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [guard]}]}
    (root / "hooks" / "hooks.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    enable()  # the user's own settings turn it on
    # its marketplace registered as Claude Code registers one (compat74: under the block of
    # command sources, which allowManagedHooksOnly implies, an unregistered one fails closed)
    registered(tmp_path, {"source": "github", "repo": "acme/plugins"})
    ws = workspace(tmp_path)
    managed = tmp_path / "managed-settings.json"

    def sources(policy: dict[str, Any]) -> list[str]:
        write(managed, {"allowManagedHooksOnly": True, **policy})
        return [str(h.source) for h in load_hooks(ws, managed=managed).hooks]

    assert sources({}) == []  # a plugin only the user enables: not loaded
    assert sources({"enabledPlugins": {PID: True}}) == ["plugin"]  # the administrator's


def test_managed_mcp_json_gives_the_only_servers(tmp_path: Path) -> None:
    """``managed-mcp.json`` beside the managed settings takes exclusive control: its servers
    are the only ones started (the user's own and an agent file's inline one are not), the
    denylist still applies to them, the allowlist does not; one that cannot be read gives
    no server (a restriction must not fail open)."""
    fixed = write(
        tmp_path / "managed-mcp.json",
        {"mcpServers": {"corp": {"command": "corp-mcp"}, "old": {"command": "old-mcp"}}},
    )
    managed = {
        "allowedMcpServers": [{"serverName": "gh"}],
        "deniedMcpServers": [{"serverName": "old"}],
    }
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    started, problems, _ = servers_of(tmp_path, managed, "corp", "old", "local")
    assert started == ["corp"]
    assert problems[0] == (  # the user's own: not read
        f"server 'local' not started: only {fixed}'s servers start (it has exclusive control "
        "over MCP servers)"
    )
    assert "server 'old' not started: the deniedMcpServers entry" in problems[1]
    rules = load_permissions(ws, home=home, managed=tmp_path / "managed-settings.json")
    inline = AgentSpec(
        name="backend",
        description="backend",
        body="x",
        source=home / ".claude/agents/backend.md",
        extra={"mcpServers": [{"mine": {"command": "my-mcp"}}]},
    )
    got = agent_servers(inline, ws, home=home, environ={}, limits=rules.servers)
    assert got.servers == []
    assert got.problems == [
        f"server 'mine' not started: only {fixed}'s servers start (it has exclusive control "
        "over MCP servers)"
    ]
    fixed.write_text("{not json", encoding="utf-8")
    started, problems, warnings = servers_of(tmp_path, {}, "corp")
    assert started == [] and "server 'corp' not started: only" in problems[0]
    assert f"{fixed}: expected a JSON object with an mcpServers mapping" in " ".join(warnings)


# ---- strictPluginOnlyCustomization ------------------------------------------------------


def test_strict_plugin_only_customization_locks_hooks_servers_and_skills_to_plugins(
    tmp_path: Path,
) -> None:
    """Claude Code's settings reference: each locked kind comes only from plugins and the
    managed files: the user's and the project's settings hooks, MCP servers and skills are
    not read (one line each says so); the enabled plugin's hook, server and skill are."""
    from test_plugins62 import enable, install

    from coordinator.runtime.hooks import load_hooks

    root = install()  # its skill: api-rules
    (root / "hooks").mkdir()
    guard = {"type": "command", "command": "/usr/bin/true"}
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [guard]}]}
    (root / "hooks" / "hooks.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    (root / ".mcp.json").write_text(json.dumps({"mcpServers": {"notes": {"command": "n"}}}))
    enable()
    home = Path(os.environ["HOME"])
    settings = json.loads((home / ".claude/settings.json").read_text())
    user = write(home / ".claude/settings.json", {**settings, "hooks": hooks})
    write(home / ".claude.json", {"mcpServers": {"mine": {"command": "my-mcp"}}})
    skill(home / ".claude/skills", "style", "allowed-tools: Read")
    ws = workspace(tmp_path)
    managed = write(tmp_path / "managed-settings.json", {"strictPluginOnlyCustomization": True})

    found = load_hooks(ws, managed=managed)
    assert [str(h.source) for h in found.hooks] == ["plugin"]
    assert f"{user}: hooks ignored: the managed settings lock hooks to plugins" in (
        "\n".join(found.warnings)
    )
    rules = load_permissions(ws, home=home, managed=managed)
    spec = agent("plugin:backend-kit:notes", "mine")
    got = agent_servers(spec, ws, home=home, environ={}, limits=rules.servers)
    assert [s.name for s in got.servers] == ["plugin:backend-kit:notes"]
    assert got.problems == [
        f"server 'mine' not started: {managed} sets strictPluginOnlyCustomization: MCP "
        "servers come only from enabled plugins"
    ]
    registry = Registry([spec.model_copy(update={"extra": {"skills": ["style", "api-rules"]}})])
    extras = session_extras(ws, Settings(), registry, home=home, managed=managed)
    prompt = extras.preload.system_prompt(registry.get("backend"))
    assert "Version every API in its path." in prompt and "Do style things" not in prompt
    notice = "\n".join(extras.notice(registry, Settings()))
    assert "skill 'style' not found" in notice and "lock skills to plugins" in notice


@pytest.mark.parametrize(
    ("pattern", "url", "matches"),
    [
        ("https://mcp.example.com/*", "https://mcp.example.com/api", True),
        ("https://mcp.example.com", "https://mcp.example.com/a/b", True),  # no path: any
        ("https://mcp.example.com/*", "https://mcp.example.com", True),
        ("https://mcp.example.com", "https://mcp.example.com.evil.org/", False),
        ("https://*.example.com/*", "https://api.example.com/mcp", True),
        ("https://*.example.com/*", "https://evil.org/x.example.com/", False),  # host alone
        ("https://*.example.com", "https://evil.org?.example.com", False),
        ("http://localhost:*/*", "http://localhost:8080/mcp", True),
        ("*://mcp.example.com/*", "http://mcp.example.com/x", True),
        ("https://Mcp.Example.com/*", "https://mcp.example.com./api", True),
        ("https://mcp.example.com/API/*", "https://mcp.example.com/api/x", False),
    ],
)
def test_server_url_patterns_match_as_documented(pattern: str, url: str, matches: bool) -> None:
    """The managed-MCP page's ``serverUrl`` table: ``*`` anywhere (the scheme too), the host
    without case or trailing dot, a pattern with no path any path; a ``*`` in the host never
    reaches into the path (an allowlist must not let ``evil.org/x.example.com`` in)."""
    from coordinator.mcp.policy import url_matches

    assert url_matches(pattern, url) is matches
