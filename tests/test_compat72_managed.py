"""Claude Code's managed settings the roster reads (compat72), from real agent files and a
real managed settings file in a temp home, workspace and managed folder: the managed
subagents folder (sub-agents page, "Managed subagents": ``.claude/agents/`` in the managed
settings folder, over every other scope), ``disableSideloadFlags`` (settings reference:
"Reject the ``--plugin-dir``, ``--plugin-url``, ``--agents``, and ``--mcp-config`` CLI
flags"), and restrictions that fail closed on a value that is not theirs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from kit import report

from coordinator.errors import UserError
from coordinator.roster.loader import bundled_agents_dir, load_registry
from coordinator.roster.spec import SourceKind


def write(path: Path, data: dict[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def agent_file(folder: Path, name: str, said: str = "Reviews code.") -> Path:
    return write(folder / f"{name}.md", f"---\nname: {name}\ndescription: {said}\n---\nBody.\n")


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The workspace, the managed settings file (in its own folder, as
    ``/etc/claude-code``) and the administrator's agents folder beside it."""
    ws = tmp_path / "ws"
    ws.mkdir()
    managed = write(tmp_path / "etc/claude-code/managed-settings.json", {})
    return ws, managed, tmp_path / "etc/claude-code/.claude/agents"


# ---- the managed subagents folder ---------------------------------------------------------


def test_managed_agents_load_over_every_other_scope(places: tuple[Path, Path, Path]) -> None:
    """An agent file in ``.claude/agents`` beside the managed settings loads, shown as
    ``managed``; its name wins over the project's, the user's and ``--agents-dir``'s."""
    ws, managed, admin = places
    agent_file(admin, "reviewer", "The organization's reviewer.")
    agent_file(admin, "auditor", "Audits dependencies.")
    project = agent_file(ws / ".claude/agents", "reviewer", "The repo's reviewer.")
    mine = agent_file(Path(os.environ["HOME"]) / ".claude/agents", "reviewer")
    given = agent_file(ws.parent / "given", "reviewer", "A reviewer given for a run.")

    registry = load_registry([given.parent], cwd=ws, cache=False, managed=managed)
    assert registry.get("reviewer").description == "The organization's reviewer."
    assert registry.kinds["reviewer"] == SourceKind.MANAGED
    assert registry.kinds["auditor"] == SourceKind.MANAGED
    hidden = {s.path for s in registry.shadowed if s.name == "reviewer"}
    assert hidden == {project, mine, given}
    assert f"2 managed ({admin}/)" in registry.all_valid_line()


def test_managed_agents_load_when_agents_are_locked_to_plugins(
    places: tuple[Path, Path, Path],
) -> None:
    """strictPluginOnlyCustomization's ``agents`` keeps the project's and the user's agents
    out, never the managed folder's ("keeps loading ... agents in the managed policy
    directory")."""
    ws, managed, admin = places
    write(managed, {"strictPluginOnlyCustomization": ["agents"]})
    agent_file(admin, "auditor", "Audits dependencies.")
    agent_file(ws / ".claude/agents", "repo-helper")

    names = {a.name for a in load_registry(cwd=ws, cache=False, managed=managed)}
    assert "auditor" in names and "repo-helper" not in names


# ---- disableSideloadFlags --------------------------------------------------------------------


def test_disable_sideload_flags_refuses_agent_folders_given_for_a_run(
    places: tuple[Path, Path, Path],
) -> None:
    """With ``disableSideloadFlags: true`` a folder given with ``--agents-dir`` (or the
    config's ``agents_dirs``) is refused with one line naming the file and the key, also
    with ``--only``; ``agents validate`` (checking) still reads it, and the bundled
    specialists (the demo's folder) are coord's own."""
    ws, managed, _ = places
    given = agent_file(ws.parent / "given", "helper").parent
    write(managed, {"disableSideloadFlags": True})
    for only in (False, True):
        with pytest.raises(UserError) as refused:
            load_registry([given], only=only, cwd=ws, cache=False, managed=managed)
        assert refused.value.message == (
            f"{managed}: disableSideloadFlags refuses agent folders given for a run: {given}"
        )
    checked = load_registry([given], only=True, cwd=ws, cache=False, managed=managed, checking=True)
    assert [a.name for a in checked] == ["helper"]
    bundled = load_registry([bundled_agents_dir()], only=True, cwd=ws, managed=managed)
    assert len(bundled) > 0
    assert len(load_registry(cwd=ws, cache=False, managed=managed)) > 0  # none given: none refused

    write(managed, {"disableSideloadFlags": False})
    assert [a.name for a in load_registry([given], only=True, cwd=ws, managed=managed)] == [
        "helper"
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"disableSideloadFlags": "yes"}', "it must be true or false"),
        ('{"disableSideloadFlags": 1}', "it must be true or false"),
        ('{"disableSideloadFlags": true,}', "the file cannot be read"),
    ],
)
def test_disable_sideload_flags_fails_closed_on_a_value_not_its_own(
    places: tuple[Path, Path, Path], text: str, why: str
) -> None:
    """A value that is not a boolean, or a managed file naming the key that does not parse,
    refuses the folders too, and the line says why."""
    ws, managed, _ = places
    given = agent_file(ws.parent / "given", "helper").parent
    write(managed, text)
    with pytest.raises(UserError) as refused:
        load_registry([given], only=True, cwd=ws, cache=False, managed=managed)
    assert refused.value.message == (
        f"{managed}: disableSideloadFlags refuses agent folders given for a run: {given} "
        f"(disableSideloadFlags: {why}; read as the strictest value (true))"
    )


# ---- strictPluginOnlyCustomization fails closed ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ('"agents"', "it must be true, false or a list of kinds (skills, agents, hooks, mcp)"),
        ("1", "it must be true, false or a list of kinds (skills, agents, hooks, mcp)"),
        ('["agents",]', "the file cannot be read"),
    ],
)
def test_a_malformed_customization_lock_locks_every_kind(
    places: tuple[Path, Path, Path], value: str, why: str
) -> None:
    """``strictPluginOnlyCustomization: "agents"`` (a string, not a list) or a file that
    does not parse locked nothing: the project's agents loaded. Now every kind is locked,
    with one line on the managed file at the key's line."""
    ws, managed, _ = places
    write(managed, '{\n  "strictPluginOnlyCustomization": ' + value + "\n}\n")
    agent_file(ws / ".claude/agents", "repo-helper")
    registry = load_registry(cwd=ws, cache=False, managed=managed)
    assert "repo-helper" not in {a.name for a in registry}
    (said,) = [p for p in registry.problems if p.path == managed and "read as" in p.message]
    assert said.message == (
        f"strictPluginOnlyCustomization: {why}; read as the strictest value (every kind locked)"
    )
    assert said.line == 2


# ---- disableCommandPluginSources --------------------------------------------------------------


def registered(tmp_path: Path, source: dict[str, Any]) -> None:
    """The marketplace ``mkt`` as Claude Code registers it: its entry in
    ``known_marketplaces.json`` and its manifest in its ``installLocation``, giving the
    plugin ``backend-kit`` the ``source`` (a command source, or another)."""
    where = tmp_path / "markets/mkt"
    write(
        where / ".claude-plugin/marketplace.json",
        {"name": "mkt", "plugins": [{"name": "backend-kit", "source": source}]},
    )
    known = {"mkt": {"source": {"source": "directory", "path": str(where)}}}
    known["mkt"]["installLocation"] = str(where)  # type: ignore[assignment]
    write(Path(os.environ["HOME"]) / ".claude/plugins/known_marketplaces.json", known)


COMMAND = {"source": "command", "command": "my-tool claude-plugin-path"}


def loads(tmp_path: Path, policy: dict[str, Any] | str) -> tuple[bool, list[str]]:
    """Whether the enabled plugin ``backend-kit@mkt`` loads (its agent in the roster) under
    the managed ``policy``, and the lines on the managed file."""
    from test_plugins62 import AGENT

    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    managed = write(tmp_path / "etc/managed-settings.json", policy)
    registry = load_registry(cwd=ws, cache=False, managed=managed)
    return AGENT in {a.name for a in registry}, [
        p.message for p in registry.problems if p.path == managed
    ]


def test_command_sourced_plugins_do_not_load_when_the_managed_settings_block_them(
    tmp_path: Path,
) -> None:
    """``disableCommandPluginSources: true`` "stops loading the ones already installed",
    even one the managed ``enabledPlugins`` forces on; unset, ``allowManagedHooksOnly``
    blocks them too; ``false`` allows them explicitly; a plugin of another source loads."""
    from test_plugins62 import PID, enable, install

    install()
    enable()
    registered(tmp_path, COMMAND)
    refused = (
        f'plugin {PID} not loaded: its marketplace "mkt" installs it by running a command '
        '(source "command"), which the managed disableCommandPluginSources blocks'
    )
    assert loads(tmp_path, {"disableCommandPluginSources": True}) == (False, [refused])
    forced = {"disableCommandPluginSources": True, "enabledPlugins": {PID: True}}
    assert loads(tmp_path, forced) == (False, [refused])
    assert loads(tmp_path, {"allowManagedHooksOnly": True}) == (
        False,
        [
            f'plugin {PID} not loaded: its marketplace "mkt" installs it by running a command '
            '(source "command"), which the managed allowManagedHooksOnly blocks '
            "(`disableCommandPluginSources: false` allows it)"
        ],
    )
    allowed = {"allowManagedHooksOnly": True, "disableCommandPluginSources": False}
    assert loads(tmp_path, allowed) == (True, [])
    assert loads(tmp_path, {})[0]

    registered(tmp_path, {"source": "github", "repo": "acme/plugins"})
    assert loads(tmp_path, {"disableCommandPluginSources": True}) == (True, [])


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"disableCommandPluginSources": "no"}', "it must be true or false"),
        ('{"allowManagedHooksOnly": "true"}', "it must be true or false"),
        ('{"disableCommandPluginSources": false,}', "the file cannot be read"),
    ],
)
def test_a_malformed_command_source_block_blocks(tmp_path: Path, text: str, why: str) -> None:
    """A value of either key that is not a boolean is read as true (Claude Code's "Keys
    that fail closed"), and so is a managed file naming one that does not parse."""
    from test_plugins62 import enable, install

    install()
    enable()
    registered(tmp_path, COMMAND)
    loaded, said = loads(tmp_path, text)
    assert not loaded
    key = "allowManagedHooksOnly" if "Hooks" in text else "disableCommandPluginSources"
    assert (
        f"{key}: {why}; read as the strictest value (true: command-sourced plugins do not load)"
        in said
    )


def test_a_blocked_command_sourced_plugin_runs_no_hook(tmp_path: Path) -> None:
    """Under ``allowManagedHooksOnly`` the hooks of a plugin the managed ``enabledPlugins``
    forces on load, but not when the plugin is command-sourced (its installer is the
    command the organization did not vet), unless ``disableCommandPluginSources: false``."""
    from test_plugins62 import PID, enable, install

    from coordinator.runtime.hooks import load_hooks

    root = install()
    guard = {"type": "command", "command": "/usr/bin/true"}
    write(root / "hooks/hooks.json", {"hooks": {"PreToolUse": [{"hooks": [guard]}]}})
    enable()
    registered(tmp_path, COMMAND)
    ws = tmp_path / "ws"
    ws.mkdir()
    managed = tmp_path / "etc/managed-settings.json"

    def sources(policy: dict[str, Any]) -> list[str]:
        write(managed, {"allowManagedHooksOnly": True, "enabledPlugins": {PID: True}, **policy})
        return [str(h.source) for h in load_hooks(ws, managed=managed).hooks]

    assert sources({}) == []
    assert sources({"disableCommandPluginSources": False}) == ["plugin"]


def test_a_malformed_managed_hooks_only_keeps_hooks_to_the_managed_ones(tmp_path: Path) -> None:
    """``allowManagedHooksOnly: "true"`` (a string) let the user's and the workspace's
    hooks load; Claude Code treats it as true until fixed, and coord now does, with a line
    (a managed file that does not parse already stops the run)."""
    from coordinator.runtime.hooks import load_hooks

    guard = {"type": "command", "command": "/usr/bin/true"}
    hooks = {"hooks": {"PreToolUse": [{"hooks": [guard]}]}}
    write(Path(os.environ["HOME"]) / ".claude/settings.json", hooks)
    ws = tmp_path / "ws"
    write(ws / ".claude/settings.json", hooks)
    managed = write(tmp_path / "etc/managed-settings.json", {"allowManagedHooksOnly": "true"})
    found = load_hooks(ws, managed=managed)
    assert found.hooks == []
    assert (
        f"{managed}: allowManagedHooksOnly: it must be true or false; read as the strictest value "
        "(true: managed hooks only)"
    ) in found.warnings
    write(managed, {"allowManagedHooksOnly": False})
    assert len(load_hooks(ws, managed=managed).hooks) == 2


# ---- permissions.deny Agent(NAME) -----------------------------------------------------------


@pytest.mark.parametrize("rule", ["Agent(backend)", "Task(backend)"])
async def test_a_deny_rule_on_the_agent_tool_keeps_that_agent_from_running(
    tmp_path: Path, rule: str
) -> None:
    """``permissions.deny: ["Agent(backend)"]`` (sub-agents page, "Disable specific
    subagents"; ``Task``: the tool's old name) let backend run. Now its run fails before
    any model call, naming the rule and its file."""
    from test_compat69_managed import Run

    r = Run(tmp_path, {"backend": [{"text": report("Complete", "Done")}]})
    project = write(r.ws / ".claude/settings.json", {"permissions": {"deny": [rule]}})
    result = await r.start("Add an endpoint")
    assert result.status == "failed"
    assert result.reason == (
        f"backend may not run: the rule {rule} (permissions.deny, {project}:1) refuses the "
        "agent backend"
    )
    assert r.store.all_tool_calls(result.session_id) == []


def test_a_bare_agent_deny_refuses_delegated_runs_only(tmp_path: Path) -> None:
    """A bare ``Agent`` deny ("deny the Agent tool itself" keeps Claude from delegating)
    refuses a consulted run, not the run coord routed the request to; ``Agent(other)``
    refuses neither; an allow rule refuses nothing."""
    from coordinator.runtime.permission_files import load_permissions

    ws, home = tmp_path / "ws", tmp_path / "home"
    settings = ws / ".claude/settings.json"
    write(settings, {"permissions": {"deny": ["Agent"], "allow": ["Agent(backend)"]}})
    rules = load_permissions(ws, home=home, managed=None)
    found = rules.agent_rule("backend", delegated=True)
    assert found is not None and found.text == "Agent"
    assert rules.agent_rule("backend", delegated=False) is None
    write(settings, {"permissions": {"deny": ["Agent(other)"]}})
    rules = load_permissions(ws, home=home, managed=None)
    assert rules.agent_rule("backend", delegated=True) is None


# ---- availableModels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "own", "flag", "runs_on"),
    [
        ({"availableModels": ["sonnet", "haiku"]}, "opus", None, "claude-sonnet-4-6"),
        ({"availableModels": ["sonnet", "claude-opus-4-6"]}, "opus", None, "claude-opus-4-6"),
        ({"availableModels": ["sonnet"]}, "haiku", None, "claude-sonnet-4-6"),
        ({"availableModels": ["haiku"]}, "haiku", "opus", "claude-sonnet-4-6"),
        ({"availableModels": "haiku"}, "haiku", None, "claude-sonnet-4-6"),
        # (review72) a version entry disables its family's: Sonnet 4.5 only, not 4.6
        ({"availableModels": ["sonnet", "claude-sonnet-4-5"]}, "sonnet", None, "claude-sonnet-4-5"),
        (
            {"availableModels": ["claude-sonnet-4-5", "sonnet"]},
            "claude-sonnet-4-6",
            "sonnet",
            "claude-sonnet-4-5",
        ),
        (
            {"availableModels": ["haiku"], "enforceAvailableModels": True},
            "opus",
            None,
            "claude-haiku-4-5",
        ),
    ],
)
async def test_a_model_the_managed_allowlist_does_not_permit_is_not_called(
    tmp_path: Path, policy: dict[str, Any], own: str, flag: str | None, runs_on: str
) -> None:
    """The managed ``availableModels`` "applies everywhere a user can specify a model": an
    agent's ``model`` (or ``--model``) outside it runs on the default model (coord's: the
    one it inherits), a blocked family alias on the newest version of that family it
    permits, and with ``enforceAvailableModels`` a default outside it on the first entry it
    permits; a value that is not a list permits nothing but the default."""
    from test_compat69_managed import Run

    r = Run(tmp_path, {"backend": [{"text": report("Complete", "Done")}]})
    r.agent_with(model=own)
    r.settings.models.update({"sonnet": "claude-sonnet-4-6", "haiku": "claude-haiku-4-5"})
    write(r.managed, policy)
    extras = r.extras()
    engine = extras.engine(r.registry, r.provider, r.store, r.settings, r.ws, model=flag)
    result = await engine.start("Add an endpoint", agent="backend")
    assert result.status == "complete", result.reason
    (run,) = r.store.runs(result.session_id)
    assert run.model == runs_on
    notice = extras.notice(r.registry, r.settings)
    if flag is None and run.model != r.settings.resolve_model(own):
        assert f"warning: backend: availableModels ({r.managed}) does not permit {own}" in (
            "\n".join(notice)
        )


# ---- managed-settings.d --------------------------------------------------------------------


def test_drop_in_files_are_merged_into_the_managed_settings(
    places: tuple[Path, Path, Path],
) -> None:
    """``managed-settings.d/*.json`` beside the managed settings merge after it, in name
    order ("Split a file-based policy across teams"): their deny rules combine with the
    managed file's, their ``allowManagedHooksOnly`` keeps the user's hooks out, a later
    single value replaces an earlier one; hidden and non-``.json`` files are not read."""
    from coordinator.runtime.hooks import load_hooks
    from coordinator.runtime.permission_files import load_permissions

    ws, managed, _ = places
    write(managed, {"permissions": {"deny": ["Read(./.env)"]}, "disableSideloadFlags": True})
    drops = managed.parent / "managed-settings.d"
    write(drops / "20-security.json", {"permissions": {"deny": ["Bash(curl:*)", "Read(./.env)"]}})
    write(drops / "30-hooks.json", {"allowManagedHooksOnly": True})
    write(drops / ".40-hidden.json", {"permissions": {"deny": ["Write"]}})
    write(drops / "50-notes.txt", {"permissions": {"deny": ["Edit"]}})
    home = Path(os.environ["HOME"])
    guard = {"type": "command", "command": "/usr/bin/true"}
    write(home / ".claude/settings.json", {"hooks": {"PreToolUse": [{"hooks": [guard]}]}})

    rules = load_permissions(ws, home=home, managed=managed)
    assert [r.text for r in rules.rules] == ["Read(./.env)", "Bash(curl:*)"]
    assert load_hooks(ws, home=home, managed=managed).hooks == []

    given = agent_file(ws.parent / "given", "helper").parent
    with pytest.raises(UserError, match=r"disableSideloadFlags refuses agent folders"):
        load_registry([given], only=True, cwd=ws, cache=False, managed=managed)
    write(drops / "10-agents.json", {"strictPluginOnlyCustomization": ["agents"]})
    write(drops / "60-sideload.json", {"disableSideloadFlags": False})  # later: replaces
    agent_file(ws / ".claude/agents", "repo-helper")
    registry = load_registry([given], only=False, cwd=ws, cache=False, managed=managed)
    names = {a.name for a in registry}
    assert "helper" in names and "repo-helper" not in names  # the drop-in's lock holds


# ---- managedMcpServers ------------------------------------------------------------------------


SEARCH = {"type": "http", "url": "https://search.example.com/mcp"}


def provided(tmp_path: Path, managed: dict[str, Any], *names: str, **files: Any) -> Any:
    """The servers (name, url or command) an agent naming ``names`` gets, with ``managed``
    as the managed settings and ``~/.claude.json`` defining ``search`` as the user's own
    stdio server; the lines about them and the settings' warnings."""
    from coordinator.mcp.config import agent_servers
    from coordinator.roster.spec import AgentSpec
    from coordinator.runtime.permission_files import load_permissions

    home, ws = Path(os.environ["HOME"]), tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    write(home / ".claude.json", {"mcpServers": {"search": {"command": "/opt/mine/search"}}})
    write(home / ".claude/settings.json", files.get("user", {}))
    path = write(tmp_path / "etc/managed-settings.json", managed)
    rules = load_permissions(ws, home=home, managed=path)
    spec = AgentSpec(name="backend", description="x", body="x", extra={"mcpServers": list(names)})
    got = agent_servers(spec, ws, home=home, limits=rules.servers)
    shown = [(s.name, s.url or s.command) for s in got.servers]
    return shown, got.problems, rules.warnings


def test_managed_settings_provide_remote_servers(tmp_path: Path) -> None:
    """``managedMcpServers`` provides remote servers every user gets: an agent naming
    ``search`` gets the organization's over the user's own of that name, with no
    ``allowedMcpServers`` entry needed; ``deniedMcpServers`` still blocks it; it loads under
    ``strictPluginOnlyCustomization``'s ``mcp`` lock; in the user's file the key is
    dropped with a line."""
    org = {"managedMcpServers": {"search": SEARCH}}
    got, problems, _ = provided(tmp_path, org, "search")
    assert got == [("search", SEARCH["url"])] and problems == []
    allow = {**org, "allowedMcpServers": [{"serverUrl": "https://other.example.com/*"}]}
    assert provided(tmp_path, allow, "search")[0] == [("search", SEARCH["url"])]
    deny = {**org, "deniedMcpServers": [{"serverUrl": "https://search.example.com/*"}]}
    got, problems, _ = provided(tmp_path, deny, "search")
    assert got == [] and "server 'search' not started: the deniedMcpServers entry" in problems[0]
    locked = {**org, "strictPluginOnlyCustomization": ["mcp"]}
    assert provided(tmp_path, locked, "search")[0] == [("search", SEARCH["url"])]

    got, _, warnings = provided(tmp_path, {}, "search", user=org)
    assert got == [("search", "/opt/mine/search")]
    home = Path(os.environ["HOME"])
    assert (
        f"{home / '.claude/settings.json'}: managedMcpServers is read from the managed "
        "settings only (ignored here)"
    ) in warnings


def test_a_provided_server_that_fails_a_check_is_left_out(tmp_path: Path) -> None:
    """An entry with a plain ``http://`` URL, a ``command``, a ``${VAR}``, a name with a
    space or a type other than http/sse is left out with a line naming why; the valid one
    still loads; Claude Desktop's array form provides nothing."""
    servers = {
        "search": SEARCH,
        "plain": {"type": "http", "url": "http://localhost:8080/mcp"},
        "runner": {"type": "http", "url": "https://r.example.com", "command": "x"},
        "keyed": {"type": "sse", "url": "https://k.example.com", "headers": {"K": "${KEY}"}},
        "two words": {"type": "http", "url": "https://t.example.com"},
        "local": {"type": "stdio", "url": "https://l.example.com"},
    }
    got, _, warnings = provided(tmp_path, {"managedMcpServers": servers}, "search", "plain")
    assert got == [("search", SEARCH["url"])]
    managed = tmp_path / "etc/managed-settings.json"
    said = [w.removeprefix(f"{managed}: managedMcpServers: ") for w in warnings]
    assert said == [
        "server 'plain' left out: its url must be an https:// URL",
        "server 'runner' left out: command name a program to run (remote servers only)",
        "server 'keyed' left out: ${VAR} is not expanded here: write the value",
        "server 'two words' left out: a name holds only letters, digits, '-' and '_'",
        'server \'local\' left out: its type must be "http" or "sse"',
    ]
    _, _, warnings = provided(tmp_path, {"managedMcpServers": [{"name": "search"}]}, "search")
    assert (
        f"{managed}: managedMcpServers is an array (Claude Desktop's form): no server provided"
        in (warnings)
    )
