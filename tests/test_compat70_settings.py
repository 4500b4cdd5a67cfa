"""Claude Code's settings read as its docs write them (compat70), from real files in a temp
home, workspace and managed-settings path: ``${VAR}`` in ``allowedMcpServers`` and
``deniedMcpServers`` entries expanded before matching (managed-MCP page, "How policy entries
expand"); a ``managed-mcp.json`` server naming a variable checked against the allowlist
("How a server is evaluated")."""

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
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.permission_files import load_permissions
from coordinator.store.db import Store

DONE = report("Complete", "Done")


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def agent(*servers: str) -> AgentSpec:
    return AgentSpec(
        name="backend", description="backend", body="x", extra={"mcpServers": list(servers)}
    )


DEFINED = {
    "tool": {"command": "/opt/tools/bin/srv", "args": ["--stdio"]},
    "other": {"command": "/opt/other/srv"},
    "web": {"type": "http", "url": "https://mcp.corp.example/v1"},
}


def servers_of(tmp_path: Path, managed: dict[str, Any], *names: str, **files: Any) -> Any:
    """The servers ``names`` an agent gets (defined in ``~/.claude.json``), with ``managed``
    as the managed settings and the user's settings (``user=``); the environment is
    coord's own (the test sets it)."""
    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    ws.mkdir(exist_ok=True)
    write(home / ".claude.json", {"mcpServers": files.get("defined", DEFINED)})
    write(home / ".claude/settings.json", files.get("user", {}))
    path = write(tmp_path / "managed-settings.json", managed)
    rules = load_permissions(ws, home=home, managed=path)
    got = agent_servers(agent(*names), ws, home=home, limits=rules.servers)
    return [s.name for s in got.servers], got.problems, rules.warnings


def test_an_allowlist_entry_matches_its_variables_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``["${TOOLS}/bin/srv", "--stdio"]`` allows the server whose command is that path
    expanded; a ``serverUrl`` with ``${CORP_HOST}`` the URL on that host; no line about it."""
    monkeypatch.setenv("TOOLS", "/opt/tools")
    monkeypatch.setenv("CORP_HOST", "mcp.corp.example")
    managed = {
        "allowedMcpServers": [
            {"serverCommand": ["${TOOLS}/bin/srv", "--stdio"]},
            {"serverUrl": "https://${CORP_HOST}/*"},
        ]
    }
    started, problems, warnings = servers_of(tmp_path, managed, "tool", "other", "web")
    assert started == ["tool", "web"]
    assert problems == [
        "server 'other' not started: its command matches no serverCommand entry of "
        f"allowedMcpServers ({tmp_path / 'managed-settings.json'})"
    ]
    assert not any("allowedMcpServers" in w for w in warnings)


def test_an_allowlist_entry_a_variable_would_widen_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An allowlist entry never widens by a variable: one unset (no default) or one whose
    value changes the URL's host (``*``, a ``/``) is ignored, with a line naming it; it still
    counts as a command entry, so a ``serverName`` entry does not let the stdio server in."""
    monkeypatch.delenv("NOPE", raising=False)
    monkeypatch.setenv("WIDE", "*")
    monkeypatch.setenv("SLASHED", "mcp.corp.example/v1?x=")
    managed = {
        "allowedMcpServers": [
            {"serverCommand": ["${NOPE}/bin/srv", "--stdio"]},
            {"serverName": "tool"},
            {"serverUrl": "https://${WIDE}/*"},
            {"serverUrl": "https://${SLASHED}.evil.example/*"},
        ]
    }
    started, problems, warnings = servers_of(tmp_path, managed, "tool", "web")
    assert started == []
    assert "its command matches no serverCommand entry" in problems[0]
    assert "its URL matches no serverUrl entry" in problems[1]
    path = tmp_path / "managed-settings.json"
    assert f"{path}: allowedMcpServers[0]: NOPE not set: the entry is ignored" in warnings[0]
    assert warnings[1:] == [
        f"{path}: allowedMcpServers[{i}]: a variable's value would change the URL's scheme, "
        "host or path scope: the entry is ignored"
        for i in (2, 3)
    ]


def test_a_denylist_entry_blocks_its_variables_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A denylist entry expands from coord's environment; a variable it lacks from the
    user's settings' ``env``; one set nowhere matches any text in its place (a deny is never
    weakened by a variable), with a line saying so. Messages show the entry as written."""
    monkeypatch.setenv("TOOLS", "/opt/tools")
    monkeypatch.delenv("OTHER_DIR", raising=False)
    monkeypatch.delenv("NOWHERE", raising=False)
    managed = {
        "deniedMcpServers": [
            {"serverCommand": ["${TOOLS}/bin/srv", "--stdio"]},
            {"serverCommand": ["${OTHER_DIR}/srv"]},
            {"serverUrl": "https://${NOWHERE}/v1"},
        ]
    }
    user = {"env": {"OTHER_DIR": "/opt/other"}}
    started, problems, warnings = servers_of(tmp_path, managed, "tool", "other", "web", user=user)
    assert started == []
    path = tmp_path / "managed-settings.json"
    assert problems[0] == (
        "server 'tool' not started: the deniedMcpServers entry "
        f'{{"serverCommand": ["${{TOOLS}}/bin/srv", "--stdio"]}} ({path}) blocks it'
    )
    assert 'the deniedMcpServers entry {"serverCommand": ["${OTHER_DIR}/srv"]}' in problems[1]
    assert 'the deniedMcpServers entry {"serverUrl": "https://${NOWHERE}/v1"}' in problems[2]
    assert [w for w in warnings if "McpServers" in w] == [
        f"{path}: deniedMcpServers[2]: NOWHERE not set: the entry blocks any value in its place"
    ]


def test_a_workspace_env_never_fills_a_policy_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's settings (an agent could have written them) give no value to an
    allowlist entry's variable: the entry stays ignored."""
    monkeypatch.delenv("TOOLS", raising=False)
    write(tmp_path / "ws/.claude/settings.json", {"env": {"TOOLS": "/opt/tools"}})
    managed = {"allowedMcpServers": [{"serverCommand": ["${TOOLS}/bin/srv", "--stdio"]}]}
    started, _, warnings = servers_of(tmp_path, managed, "tool")
    assert started == []
    assert any("allowedMcpServers[0]: TOOLS not set: the entry is ignored" in w for w in warnings)


def test_a_managed_mcp_json_server_naming_a_variable_meets_the_allowlist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``managed-mcp.json``'s servers skip the allowlist only when written without a
    variable; one whose command, args, env, URL or headers name one is checked (its
    definition comes from the user's environment), expanded."""
    monkeypatch.setenv("CORP_BIN", "/usr/local/bin/corp-mcp")
    monkeypatch.setenv("CORP_TOKEN", "t0k3n-value-long")
    servers = {
        "corp": {"command": "corp-mcp"},
        "bin": {"command": "${CORP_BIN}"},
        "keyed": {"command": "keyed-mcp", "env": {"TOKEN": "${CORP_TOKEN}"}},
        "listed": {"command": "${CORP_BIN}", "args": ["--listed"]},
    }
    write(tmp_path / "managed-mcp.json", {"mcpServers": servers})
    managed = {"allowedMcpServers": [{"serverCommand": ["${CORP_BIN}", "--listed"]}]}
    started, problems, _ = servers_of(tmp_path, managed, "corp", "bin", "keyed", "listed")
    assert started == ["corp", "listed"]
    assert [p.split(":")[0] for p in problems] == [
        "server 'bin' not started",
        "server 'keyed' not started",
    ]
    assert all("matches no serverCommand entry of allowedMcpServers" in p for p in problems)


mcp = pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="no mcp extra")


@mcp
@pytest.mark.xdist_group("mcp")
async def test_a_run_never_starts_a_managed_server_the_allowlist_refuses_once_expanded(
    tmp_path: Path,
) -> None:
    """A real run: the fixture server, defined in ``managed-mcp.json`` with a variable in its
    ``env``, is not on the managed allowlist: never started, its tools not offered, the
    run's MCP event says why."""
    from test_mcp_client import calls, fixture_def

    log = tmp_path / "calls.jsonl"
    ws = workspace(tmp_path)
    managed = write(
        tmp_path / "etc/managed-settings.json",
        {"allowedMcpServers": [{"serverCommand": ["approved-mcp"]}]},
    )
    write(managed.parent / "managed-mcp.json", {"mcpServers": {"srv": fixture_def(log)}})
    registry = team()
    from coordinator.roster.registry import Registry

    registry = Registry(
        [
            s.model_copy(update={"extra": {"mcpServers": ["srv"]}}) if s.name == "backend" else s
            for s in registry
        ]
    )
    provider, settings = scripted({"backend": [{"text": DONE}]}), Settings()
    store = Store.open(tmp_path / "s.db")
    extras = session_extras(ws, settings, registry, home=Path(os.environ["HOME"]), managed=managed)
    engine = extras.engine(registry, provider, store, settings, ws, model=None)
    result = await engine.start("add numbers", agent="backend")
    assert result.status == "complete", result.reason
    assert not any(t.startswith("mcp__") for t in provider.model.calls[0].tools)
    (event,) = [e for e in store.events(result.session_id) if e.kind == "mcp_servers"]
    assert event.data["problems"] == [
        "server 'srv' not started: its command matches no serverCommand entry of "
        f"allowedMcpServers ({managed})"
    ]
    assert calls(log) == []


# ---- strictPluginOnlyCustomization: agents ------------------------------------------------


def agent_file(folder: Path, name: str) -> Path:
    path = folder / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\nname: {name}\ndescription: {name} work. Use for {name} tasks.\n---\nDo it.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("lock", [True, ["agents"]])
def test_strict_plugin_only_customization_loads_agents_only_from_plugins(
    tmp_path: Path, lock: Any
) -> None:
    """Claude Code's settings reference: with ``agents`` locked, agents come only from
    plugins and managed sources: the user's ``~/.claude/agents`` and the project's
    ``.claude/agents`` are not read, one warning on the managed file names the files left
    out; the enabled plugin's agent and the bundled specialists still load."""
    from test_plugins62 import AGENT, enable, install

    from coordinator.roster.loader import load_registry

    install()
    enable()
    home = Path(os.environ["HOME"])
    mine = agent_file(home / ".claude/agents", "my-reviewer")
    ws = tmp_path / "ws"
    theirs = agent_file(ws / ".claude/agents", "repo-helper")
    managed = write(tmp_path / "managed-settings.json", {"strictPluginOnlyCustomization": lock})

    registry = load_registry(cwd=ws, cache=False, managed=managed)
    names = {a.name for a in registry}
    assert AGENT in names and "my-reviewer" not in names and "repo-helper" not in names
    assert "devops-expert" in names  # a bundled specialist
    (line,) = [p for p in registry.problems if p.path == managed]
    assert line.severity == "warning"
    assert line.message == (
        "strictPluginOnlyCustomization locks agents to plugins: 2 agent files of "
        f"{ws / '.claude/agents'} and {home / '.claude/agents'} not loaded ({theirs}, {mine})"
    )

    write(managed, {"strictPluginOnlyCustomization": ["skills", "hooks"]})
    names = {a.name for a in load_registry(cwd=ws, cache=False, managed=managed)}
    assert {"my-reviewer", "repo-helper", AGENT} <= names


# ---- strictKnownMarketplaces / blockedMarketplaces ---------------------------------------


def known(**markets: dict[str, Any]) -> None:
    """The marketplaces Claude Code registered, as ``known_marketplaces.json`` keeps them."""
    home = Path(os.environ["HOME"])
    data = {
        name: {
            "source": source,
            "installLocation": str(home / f".claude/plugins/marketplaces/{name}"),
        }
        for name, source in markets.items()
    }
    write(home / ".claude/plugins/known_marketplaces.json", data)


def plugin_loads(tmp_path: Path, managed: dict[str, Any]) -> tuple[bool, list[str]]:
    """Whether the enabled plugin ``backend-kit@mkt`` loads under ``managed``, and the lines
    on the managed file."""
    from test_plugins62 import PID

    from coordinator.roster.plugins import enabled_plugins

    path = write(tmp_path / "managed-settings.json", managed)
    got = enabled_plugins(tmp_path / "ws", managed=path)
    said = [p.message for p in got.problems if p.path == path]
    return [p.id for p in got.found] == [PID], said


ACME = {"source": "github", "repo": "acme/plugins"}


#: Managed lists, and whether ``backend-kit@mkt`` (from ``ACME``) loads under them.
LISTS: list[tuple[dict[str, Any], bool]] = [
    ({"strictKnownMarketplaces": [ACME]}, True),
    ({"allowedMarketplaces": [{"source": "github", "repo": "acme/*"}]}, True),
    (
        {"strictKnownMarketplaces": [{"source": "hostPattern", "hostPattern": "^github\\.com$"}]},
        True,
    ),
    ({"strictKnownMarketplaces": [{**ACME, "ref": "main"}]}, False),  # ref: exact
    ({"strictKnownMarketplaces": [{"source": "github", "repo": "ACME/*"}]}, False),
    ({"strictKnownMarketplaces": []}, False),  # every source locked out
    (
        {"blockedMarketplaces": [{"source": "git", "url": "git@github.com:ACME/plugins.git"}]},
        False,
    ),
    ({"blockedMarketplaces": [{"source": "github", "repo": "Acme/*"}]}, False),
    ({"blockedMarketplaces": [{"source": "github", "repo": "acme/other"}]}, True),
    (
        {"blockedMarketplaces": [{"source": "url", "url": "https://github.com/acme/plugins/"}]},
        False,
    ),
    ({"strictKnownMarketplaces": [ACME], "blockedMarketplaces": [ACME]}, False),
]


def test_a_plugin_loads_only_from_a_marketplace_the_managed_lists_allow(tmp_path: Path) -> None:
    """Claude Code's "Restrict what users can install": the lists apply again at session
    start to plugins already installed: one whose marketplace source the allowlist does not
    match (exactly; ``owner/*`` by owner) or the blocklist matches (widely: ``git@`` and
    ``https://``, ``.git``, an owner without case) does not load, a line says why; the
    managed ``enabledPlugins`` forcing it on does not override that."""
    from test_plugins62 import PID, enable, install

    install()
    enable()
    known(mkt=ACME)
    for lists, loads in LISTS:
        loaded, said = plugin_loads(tmp_path, {**lists, "enabledPlugins": {PID: True}})
        assert loaded is loads, lists
        assert len(said) == (0 if loads else 1), said
        assert all(
            line.startswith(f'plugin {PID} not loaded: Marketplace "mkt" is ') for line in said
        )


def test_a_plugin_whose_marketplace_is_not_registered_does_not_load_under_a_list(
    tmp_path: Path,
) -> None:
    """While a list restricts, a plugin whose marketplace cannot be found does not load; a
    workspace file's ``extraKnownMarketplaces`` (an agent could have written it) does not
    register one, the user's own settings do. Without a list, nothing changes; the roster
    leaves the plugin's agent out."""
    from test_plugins62 import AGENT, PID, install

    from coordinator.roster.loader import load_registry

    install()
    home = Path(os.environ["HOME"])
    write(home / ".claude/settings.json", {"enabledPlugins": {PID: True}})
    write(
        tmp_path / "ws/.claude/settings.json", {"extraKnownMarketplaces": {"mkt": {"source": ACME}}}
    )
    managed = {"strictKnownMarketplaces": [ACME]}
    loaded, said = plugin_loads(tmp_path, managed)
    assert not loaded
    assert said == [
        f'plugin {PID} not loaded: its marketplace "mkt" is not registered '
        "(known_marketplaces.json, extraKnownMarketplaces) and the managed settings restrict "
        "marketplaces"
    ]
    path = tmp_path / "managed-settings.json"
    names = {a.name for a in load_registry(cwd=tmp_path / "ws", cache=False, managed=path)}
    assert AGENT not in names
    assert plugin_loads(tmp_path, {})[0]  # no list: as before
    user = {"enabledPlugins": {PID: True}, "extraKnownMarketplaces": {"mkt": {"source": ACME}}}
    write(home / ".claude/settings.json", user)
    assert plugin_loads(tmp_path, managed) == (True, [])


def test_a_managed_marketplace_list_that_cannot_be_read_locks_plugins_out(tmp_path: Path) -> None:
    from test_plugins62 import enable, install

    install()
    enable()
    known(mkt=ACME)
    loaded, said = plugin_loads(tmp_path, {"strictKnownMarketplaces": {"source": "github"}})
    assert not loaded
    assert said[0].startswith("strictKnownMarketplaces must be a list of marketplace sources")
    assert said[0].endswith("every marketplace locked out")
