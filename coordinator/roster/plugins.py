"""The user's enabled Claude Code plugins: which are on, where each is installed, and the
folders of agents and skills each brings (the lowest of Claude Code's agent sources).

Claude Code records what is installed in ``~/.claude/plugins/installed_plugins.json``
(``{"version": 2, "plugins": {"NAME@MARKETPLACE": [{"scope", "installPath", "version",
"projectPath"?...}]}}``; version 1 kept one object per plugin), each install a copy in
``~/.claude/plugins/cache/MARKETPLACE/NAME/VERSION`` (an update installs another folder and
moves ``installPath``); it records what is on in the ``enabledPlugins`` map of the settings
(``{"NAME@MARKETPLACE": true}``), user, project and local, the narrower file winning. A
plugin's agents are ``agents/*.md`` in its folder and its skills ``skills/NAME/SKILL.md``,
plus the paths (``./`` relative, inside the folder) its ``.claude-plugin/plugin.json``
names in ``agents`` and ``skills``, which add to those folders, never replace them.

What coord chooses where Claude Code is no model:

* Only the user's own settings (``~/.claude/settings.json``, or ``$CLAUDE_CONFIG_DIR``'s)
  turn a plugin on. The project's ``.claude/settings.json`` and ``settings.local.json`` lie
  in the workspace, which agents (or a cloned repository) write: they may turn a plugin
  off, never on, since a plugin's agents run with every tool the user's own agents get;
  its hooks they do not turn off (``guards``: they may be the user's guards). One they
  alone enable is left off with a note saying how to turn it on. Between the two,
  the local file wins, as in Claude Code (it may turn back on what the user's settings
  enable and the project's turn off).
* An installation whose files lie where a sandboxed agent could have written them (a
  ``-w ~`` workspace coord ran agents in: ``~/.claude/plugins`` is no protected path) is
  left out with a warning: :func:`coordinator.tools.workspace.written_by_agents`.
* A plugin's hooks (``hooks/hooks.json``, with or without its ``{"hooks": ...}`` wrapper,
  plus what the manifest's ``hooks`` names: ``./`` paths or an inline object) run with the
  session's other hooks, and its MCP servers (``.mcp.json``, with or without its
  ``mcpServers`` wrapper, plus the manifest's ``mcpServers``) are the user's own, named
  ``plugin:NAME:SERVER`` as Claude Code names them (:func:`plugin_config`; one line per
  plugin says what runs). ``${CLAUDE_PLUGIN_ROOT}`` (its folder) and
  ``${CLAUDE_PLUGIN_DATA}`` (``plugins/data/ID``, made when first needed) are expanded in
  both. Its agents' own ``hooks``, ``mcpServers`` and ``permissionMode`` are ignored by the
  loader, as Claude Code ignores them in plugin agents (``plan``, which only narrows, is
  kept); its agents get its own servers (:func:`server_names`), those their ``tools``
  allows, where Claude Code gives an agent without ``tools`` every server of the session:
  another plugin's or the user's own servers hold credentials no plugin's author was given.

Every file is read as it is at each load: enabling, disabling or updating a plugin changes
which folders the roster reads (the parse cache is keyed by each file's path, mtime and
size, the routing index by every agent file's). The managed settings'
(``/etc/claude-code/managed-settings.json``) ``enabledPlugins`` are read over every other
file, as Claude Code's precedence puts them: a managed ``false`` turns a plugin off whatever
the user's or the workspace's files say, a managed ``true`` turns it on (the administrator's
file, which no agent writes). Its ``strictKnownMarketplaces`` and ``blockedMarketplaces``
keep out a plugin whose marketplace they refuse (:mod:`coordinator.roster.marketplaces`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coordinator.claude_home import (
    MANAGED_SETTINGS,
    claude_home,
    drop_ins,
    key_source,
    read_managed,
)
from coordinator.roster.command_plugins import KEYS as COMMAND_KEYS
from coordinator.roster.command_plugins import CommandGate, blocking_key
from coordinator.roster.marketplaces import ALLOWED, BLOCKED, EXTRA, MarketGate
from coordinator.roster.spec import Problem, Severity
from coordinator.tools.owned import FOLDER
from coordinator.tools.running import MadeMeanwhile, read_unmade

#: Claude Code's plugins folder in the user's Claude Code folder, and its record of installs.
PLUGINS_DIR = "plugins"
INSTALLED_FILE = "installed_plugins.json"
#: A plugin's manifest, relative to its folder.
MANIFEST = Path(".claude-plugin") / "plugin.json"
#: The settings key and the workspace's settings files (narrowest last).
ENABLED_KEY = "enabledPlugins"
ENABLED = f'"{ENABLED_KEY}"'
WORKSPACE_SETTINGS = ("settings.json", "settings.local.json")
#: What a plugin declares that runs with the session: manifest key, default file.
HOOKS = "hooks"
SERVERS = "mcpServers"
DECLARED = {HOOKS: Path("hooks") / "hooks.json", SERVERS: Path(".mcp.json")}
#: Each plugin's own folder for its data (``${CLAUDE_PLUGIN_DATA}``), in the plugins folder.
DATA_DIR = "data"
#: The variables a plugin's hooks and server definitions name (and its hooks get).
ROOT_VAR = "CLAUDE_PLUGIN_ROOT"
DATA_VAR = "CLAUDE_PLUGIN_DATA"
#: A server's name as Claude Code names a plugin's (``/mcp``; tools ``mcp__plugin_NAME_...``).
SERVER_NAME = "plugin:{plugin}:{server}"
#: Install scopes Claude Code records that apply in every project.
EVERYWHERE = ("user", "managed")


@dataclass(frozen=True)
class Plugin:
    """One enabled, installed plugin: its ``NAME@MARKETPLACE`` id, its name (the namespace of
    its agents and skills: ``NAME:agent``), its folder, and where its agents and skills are."""

    id: str
    name: str
    root: Path
    agents: tuple[Path, ...] = ()
    skills: tuple[Path, ...] = ()
    #: Its data folder (``${CLAUDE_PLUGIN_DATA}``; made when its hooks or servers load).
    data: Path | None = None
    #: Its ``commands`` folder (``NAME.md``: skills named by their file, claude105).
    commands: tuple[Path, ...] = ()

    @property
    def label(self) -> str:
        """How listings name it as a source: ``plugin NAME@MARKETPLACE``."""
        return f"plugin {self.id}"

    @property
    def variables(self) -> dict[str, str]:
        """``CLAUDE_PLUGIN_ROOT`` and ``CLAUDE_PLUGIN_DATA``: what its hooks' environment
        has and its definitions' ``${...}`` name."""
        data = self.data if self.data is not None else self.root
        return {ROOT_VAR: str(self.root), DATA_VAR: str(data)}


@dataclass
class Plugins:
    """The enabled plugins found, and what kept others out (file and line)."""

    found: list[Plugin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def enabled_plugins(
    cwd: Path,
    home: Path | None = None,
    managed: Path | None = MANAGED_SETTINGS,
    *,
    guards: bool = False,
) -> Plugins:
    """The plugins the user's settings enable and no workspace settings file (the nearest
    ``.claude`` at or above ``cwd``) disables, installed where ``installed_plugins.json``
    says, the ``managed`` settings' (None: none) over them all; ``home``: the home folder
    (default the user's). ``guards``: for the plugins' hooks, which a workspace file's
    ``false`` does not turn off (a file an agent or a cloned repository wrote never turns
    off the user's guards, as its ``disableAllHooks`` does not)."""
    out = Plugins()
    user = claude_home(home)
    mine = _enabled_map(_read_json(user.settings, out.problems, user_file=True, key=ENABLED))
    policy: dict[str, object] = {}
    managed_data: Any = None
    before = len(out.problems)
    if managed is not None:  # the administrator's: over every other file, either way
        keys = (ENABLED, _MARKETS, *COMMAND_KEYS)
        managed_data = read_managed(managed, lambda path: _managed_json(path, out.problems, keys))
        policy = _enabled_map(managed_data)
    broken = len(out.problems) > before
    mine |= policy
    wanted = {pid for pid, on in mine.items() if on is True}
    project = _project_settings(cwd)
    said: dict[str, object] = {}
    for path in project:  # the project's, then the local file: the narrower one wins
        theirs = _enabled_map(_read_json(path, out.problems, key=ENABLED))
        said.update(theirs)
        out.problems += [
            _not_turned_on(pid, path)
            for pid, on in theirs.items()
            if on is True and mine.get(pid) is not True and pid not in policy
        ]
    if not guards:
        wanted -= {pid for pid, on in said.items() if on is False and pid not in policy}
    if not wanted:
        return out
    installed_at = user.folder / PLUGINS_DIR / INSTALLED_FILE
    installs = _installs(_read_json(installed_at, out.problems, user_file=True))
    where = project[0].parent.parent if project else cwd
    gates = _gates(managed, (managed_data, broken), user.folder, out.problems)
    for pid in sorted(wanted):
        refused = next(((g, r) for g in gates if (r := g.refusal(pid)) is not None), None)
        if refused is not None and managed is not None:
            gate, why = refused  # the command block's line names the file setting its key
            naming = key_source(managed, gate.key) if isinstance(gate, CommandGate) else managed
            out.problems.append(_problem(naming, why))
            continue
        root = _install_root(installs.get(pid, []), where)
        if root is None:
            out.problems.append(_problem(user.settings, _not_installed(pid, installed_at)))
            continue
        data = user.folder / PLUGINS_DIR / DATA_DIR / _UNSAFE_ID.sub("-", pid)
        out.found.append(_plugin(pid, root, data, out.problems))
    return _confined(out, installed_at)


def _gates(
    managed: Path | None, read: tuple[Any, bool], folder: Path, problems: list[Problem]
) -> list[MarketGate | CommandGate]:
    """What the ``managed`` settings (``read``: its data, and whether it could not be read)
    keep plugins out by: the marketplace lists, then the command sources' block."""
    if managed is None:
        return []
    gates = (
        _market_gate(managed, read, folder, problems),
        _command_gate(managed, read, folder, problems),
    )
    return [gate for gate in gates if gate is not None]


def _command_gate(
    managed: Path, read: tuple[Any, bool], folder: Path, problems: list[Problem]
) -> CommandGate | None:
    """The ``managed`` settings' block of command-sourced plugins
    (:mod:`coordinator.roster.command_plugins`), None when nothing blocks them; a key whose
    value is not a boolean, or that a managed file that cannot be read names, blocks."""
    policy, broken = read
    unreadable = [key for key in COMMAND_KEYS if broken and _names(managed, key)]
    key, malformed = blocking_key(policy, unreadable)
    if malformed is not None:
        read_as = "true: command-sourced plugins do not load"
        problems.append(fails_closed(managed, malformed, "true or false", broken, read_as))
    if key is None:
        return None
    known = _read_json(folder / PLUGINS_DIR / KNOWN_FILE, problems, user_file=True)
    return CommandGate(key, known if isinstance(known, dict) else {}, _written_by_agents)


def _written_by_agents(path: Path) -> Path | None:
    """The workspace where coord ran agents that could have written ``path``, or None
    (the trust code imported only when a folder above holds coord's own)."""
    if not _below_agents_folder([path]):
        return None
    from coordinator.tools.workspace import written_by_agents

    return written_by_agents(path)


def _market_gate(
    managed: Path, read: tuple[Any, bool], folder: Path, problems: list[Problem]
) -> MarketGate | None:
    """The ``managed`` settings' marketplace lists (``read``: its data, and whether it could
    not be read) over the sources of the marketplaces the user's Claude Code registered
    (``known_marketplaces.json``) or the managed and the user's settings declare
    (:mod:`coordinator.roster.marketplaces`); None when the managed settings set no list.
    A managed file naming a list that cannot be read locks every marketplace out (a
    restriction must not fail open)."""
    policy, broken = read
    if broken and _names(managed, _MARKETS):
        problems.append(_problem(managed, "its marketplace lists cannot be read: no plugin loads"))
        return MarketGate((), (), {})
    if not isinstance(policy, dict) or not any(k in policy for k in (*ALLOWED, *BLOCKED)):
        return None
    known = _read_json(folder / PLUGINS_DIR / KNOWN_FILE, problems, user_file=True)
    user = _read_json(folder / "settings.json", [], user_file=True, key=_MARKETS)
    declared = [_declared(data) for data in (policy, user)]
    gate = MarketGate.of(policy, [known if isinstance(known, dict) else {}, *declared])
    problems += [_problem(managed, line) for line in gate.problems]
    return gate


def _names(managed: Path, key: str) -> bool:
    """Whether the managed settings file ``managed`` or one of its drop-in files may name
    ``key`` (or part of a key's name), or cannot be read at all."""
    for path in (managed, *drop_ins(managed)):
        try:
            if key.encode() in path.read_bytes():
                return True
        except FileNotFoundError:
            continue
        except OSError:
            return True
    return False


def _declared(data: Any) -> Mapping[str, Any]:
    """A settings file's ``extraKnownMarketplaces`` map (its alias's when the key is not
    set; empty when neither is a map)."""
    found = next((data[k] for k in EXTRA if isinstance(data, dict) and k in data), None)
    return found if isinstance(found, dict) else {}


#: Claude Code's record of the marketplaces it registered, in the plugins folder.
KNOWN_FILE = "known_marketplaces.json"
#: What each marketplace key has in its name (a settings file without it is not parsed).
_MARKETS = "Marketplaces"

#: What Claude Code replaces in a plugin's id to name its data folder (``a@b``: ``a-b``).
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def _not_turned_on(pid: str, path: Path) -> Problem:
    return _problem(
        path,
        f"plugin {pid} is enabled here only, in a workspace file agents can write: coord "
        f"loads the plugins your own settings enable ({claude_home().named}/settings.json: "
        f'"{ENABLED_KEY}": {{"{pid}": true}}, or `claude plugin enable {pid}`)',
        Severity.INFO,
    )


def _not_installed(pid: str, installed_at: Path) -> str:
    return (
        f"plugin {pid} is enabled but not installed ({installed_at} has no folder for it): "
        f"`claude plugin install {pid}`"
    )


def _problem(path: Path, message: str, severity: Severity = Severity.WARNING) -> Problem:
    return Problem(path=path, line=1, severity=severity, message=message)


def _project_settings(cwd: Path) -> list[Path]:
    """The settings files of the nearest ``.claude`` folder at or above ``cwd`` holding one
    (project, then local), as the project's agents are found."""
    for folder in (cwd, *cwd.parents):
        found = [folder / ".claude" / n for n in WORKSPACE_SETTINGS]
        if any(os.path.isfile(p) for p in found):
            return [p for p in found if os.path.isfile(p)]
    return []


def _read_json(
    path: Path,
    problems: list[Problem],
    *,
    user_file: bool = False,
    key: str | tuple[str, ...] | None = None,
) -> Any:
    """The JSON value of ``path``; None when missing or unreadable (a problem with its line
    says why), or when it holds none of ``key`` (one text or several). A workspace file a
    running command may have made reads as missing."""
    try:
        raw = path.read_bytes() if user_file else read_unmade(path)
    except FileNotFoundError:
        return None
    except MadeMeanwhile as exc:
        problems.append(_problem(path, str(exc)))
        return None
    except OSError as exc:
        problems.append(_problem(path, f"cannot be read ({exc.strerror or exc}); plugins skipped"))
        return None
    keys = (key,) if isinstance(key, str) else key
    if raw is None or (keys is not None and not any(k.encode() in raw for k in keys)):
        return None  # (no plugin setting: most settings files, read without json's import)
    import json

    try:
        return json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(path=path, line=exc.lineno, message=f"invalid JSON ({exc.msg}); ignored")
        )
    except (UnicodeDecodeError, RecursionError):
        problems.append(_problem(path, "not readable as JSON text; ignored"))
    return None


#: The managed-only key that locks kinds of customization to plugins (and managed files),
#: and the kinds (Claude Code's settings reference: ``true`` locks all four).
STRICT_KEY = "strictPluginOnlyCustomization"
SURFACES = ("skills", "agents", "hooks", "mcp")


def locked_surfaces(policy: Mapping[str, Any] | None) -> frozenset[str]:
    """The kinds of customization the managed settings ``policy`` lock to plugins
    (``strictPluginOnlyCustomization``: ``true``, or a list of kinds; names it does not know
    are left out, as Claude Code ignores them). Any other value (``"agents"``, ``1``) locks
    every kind: a restriction fails closed (:func:`locks` says so)."""
    value = policy.get(STRICT_KEY) if policy is not None else None
    if value is None or value is False:
        return frozenset()
    if isinstance(value, list):
        return frozenset(v for v in value if isinstance(v, str) and v in SURFACES)
    return frozenset(SURFACES)


def locks(managed: Path | None, kind: str, problems: list[Problem]) -> bool:
    """Whether the managed settings file ``managed`` (None: none) locks ``kind`` of
    customization to plugins (:func:`locked_surfaces`); what cannot be read goes to
    ``problems``, and a value that is not one of the key's (or a file naming the key that
    cannot be read) locks every kind, with one line saying so."""
    if managed is None:
        return False
    value, broken = managed_value(managed, STRICT_KEY, problems)
    if broken or not (value is None or isinstance(value, bool | list)):
        expected = f"true, false or a list of kinds ({', '.join(SURFACES)})"
        problems.append(fails_closed(managed, STRICT_KEY, expected, broken, "every kind locked"))
        return True
    return kind in locked_surfaces({STRICT_KEY: value})


def fails_closed(managed: Path, key: str, expected: str, broken: bool, read_as: str) -> Problem:
    """The line on the managed settings file ``managed`` saying its restriction ``key`` is
    enforced as ``read_as`` because its value is not ``expected`` (``broken``: because the
    file, which names it, cannot be read)."""
    why = "the file cannot be read" if broken else f"it must be {expected}"
    source = key_source(managed, key)  # a drop-in that sets it, else the managed file
    return Problem(
        path=source,
        line=_key_line(source, key),
        severity=Severity.WARNING,
        message=f"{key}: {why}; read as the strictest value ({read_as})",
    )


def managed_value(managed: Path, key: str, problems: list[Problem]) -> tuple[Any, bool]:
    """The value of ``key`` in the managed settings file ``managed`` (None: not set), and
    whether the file names ``key`` but cannot be read (JSON that does not parse, or no
    object at its top): a restriction it may hold then fails closed, the caller's part."""
    before = len(problems)
    data = read_managed(managed, lambda path: _managed_json(path, problems, key))
    if isinstance(data, dict) and len(problems) == before:
        return data.get(key), False
    value = data.get(key) if isinstance(data, dict) else None
    return value, (len(problems) > before or data is not None) and _names(managed, key)


def _managed_json(path: Path, problems: list[Problem], key: str | tuple[str, ...]) -> Any:
    """The managed settings file (or drop-in) ``path`` as :func:`_read_json` reads it when
    it names ``key``; one whose top level is not an object is a problem naming it and
    reads as None: a restriction it names then fails closed."""
    data = _read_json(path, problems, user_file=True, key=key)
    if data is None or isinstance(data, dict):
        return data
    problems.append(_problem(path, "settings must be a JSON object at the top level; ignored"))
    return None


def forced_on(policy: Mapping[str, Any] | None) -> frozenset[str]:
    """The plugin ids the managed settings ``policy`` turn on (``enabledPlugins``: true)."""
    return frozenset(pid for pid, on in _enabled_map(policy).items() if on is True)


def _enabled_map(data: Any) -> dict[str, object]:
    """The ``enabledPlugins`` map of a settings file's ``data`` (empty when absent)."""
    value = data.get(ENABLED_KEY) if isinstance(data, dict) else None
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _installs(data: Any) -> dict[str, list[Mapping[str, Any]]]:
    """Each plugin id's installations: version 2's lists, version 1's single objects."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if not isinstance(plugins, dict):
        return {}
    found: dict[str, list[Mapping[str, Any]]] = {}
    for pid, entries in plugins.items():
        items = entries if isinstance(entries, list) else [entries]
        found[str(pid)] = [e for e in items if isinstance(e, dict)]
    return found


def _install_root(entries: list[Mapping[str, Any]], project: Path) -> Path | None:
    """The folder of the installation that applies here: a user (or managed) one, else one
    made for this project, else any; only an absolute ``installPath`` that is a folder."""

    def rank(entry: Mapping[str, Any]) -> int:
        if entry.get("scope", "user") in EVERYWHERE:
            return 0
        return 1 if str(entry.get("projectPath", "")) == str(project) else 2

    for entry in sorted(entries, key=rank):
        path = entry.get("installPath")
        if isinstance(path, str) and os.path.isabs(path) and os.path.isdir(path):
            return Path(path)
    return None


def _plugin(pid: str, root: Path, data_dir: Path, problems: list[Problem]) -> Plugin:
    """The plugin installed in ``root`` (its data folder ``data_dir``): its manifest read (when
    there is one), its agent and skill paths checked; a line for the hooks and MCP servers
    it declares. Its folder is listed once (a roster of many plugins pays one call each,
    not one per name)."""
    try:
        top = {entry.name: entry.is_dir() for entry in os.scandir(root)}
    except OSError:
        top = {}
    manifest = root / MANIFEST
    data = _read_json(manifest, problems, user_file=True) if MANIFEST.parts[0] in top else None
    meta = data if isinstance(data, dict) else {}
    declared = meta.get("name")
    name = declared.strip() if isinstance(declared, str) and declared.strip() else pid
    name = name.split("@", 1)[0]
    found = {key: [root / key] if top.get(key) else [] for key in ("agents", "skills", "commands")}
    agents = [*found["agents"], *_named(root, manifest, meta, "agents", problems)]
    skills = [*found["skills"], *_named(root, manifest, meta, "skills", problems)]
    plugin = Plugin(
        pid, name, root, tuple(dict.fromkeys(agents)), tuple(dict.fromkeys(skills)), data_dir,
        commands=tuple(found["commands"]),
    )  # fmt: skip
    declared = [k for k, f in DECLARED.items() if k in meta or (f.parts[0] in top)]
    if declared:
        shown = manifest if meta else root / DECLARED[declared[0]]
        problems.append(_problem(shown, _what_runs(plugin, declared, problems), Severity.INFO))
    return plugin


def _what_runs(plugin: Plugin, declared: list[str], problems: list[Problem]) -> str:
    """The line saying what of ``plugin`` runs with a session: its hooks' events and its
    servers' names (as agents name them), read from its files (not expanded; what cannot
    be read goes to ``problems``)."""
    said: list[str] = []
    if HOOKS in declared:
        found = [v for _, v in plugin_config(plugin, HOOKS, problems, expand=False)]
        events = ", ".join(dict.fromkeys(str(e) for value in found for e in value)) or "none"
        said.append(f"its hooks run with your own ({events}; --no-hooks turns them off)")
    if SERVERS in declared:
        names = ", ".join(server_names(plugin, problems))
        said.append(
            f"its MCP servers are your own ({names or 'none'}: an agent's mcpServers names one)"
        )
    return f"plugin {plugin.id}: {' and '.join(said)}"


def server_name(plugin: Plugin, server: str) -> str:
    """What a session calls ``plugin``'s MCP server ``server``: ``plugin:NAME:SERVER``, as
    Claude Code does (its tools ``mcp__plugin_NAME_SERVER__TOOL``)."""
    return SERVER_NAME.format(plugin=plugin.name, server=server)


def server_names(plugin: Plugin, problems: list[Problem]) -> list[str]:
    """The session names of ``plugin``'s MCP servers (``plugin:NAME:SERVER``), read from
    its files unexpanded (what cannot be read goes to ``problems``)."""
    found = [v for _, v in plugin_config(plugin, SERVERS, problems, expand=False)]
    return list(dict.fromkeys(server_name(plugin, str(n)) for value in found for n in value))


def plugin_config(
    plugin: Plugin, key: str, problems: list[Problem], *, expand: bool = True
) -> list[tuple[Path, dict[str, Any]]]:
    """What ``plugin`` declares under ``key`` (:data:`HOOKS`: hooks by event;
    :data:`SERVERS`: server definitions by name), each with the file it was read from: its
    default file's (:data:`DECLARED`), then the manifest's (an inline object, or ``./``
    paths of JSON files inside its folder), a file's wrapper (``{"hooks": ...}``,
    ``{"mcpServers": ...}``) and a hooks file's ``description`` left out. ``expand``:
    ``${CLAUDE_PLUGIN_ROOT}`` and ``${CLAUDE_PLUGIN_DATA}`` replaced in every text, its
    data folder made (as Claude Code makes it)."""
    manifest = plugin.root / MANIFEST
    meta = _read_json(manifest, problems, user_file=True) if manifest.is_file() else None
    meta = meta if isinstance(meta, dict) else {}
    inline = meta.get(key) if isinstance(meta.get(key), dict) else None
    named = [] if inline is not None else list(_named(plugin.root, manifest, meta, key, problems))
    files = [p for p in dict.fromkeys([plugin.root / DECLARED[key], *named]) if p.is_file()]
    found = [(path, _unwrapped(_read_json(path, problems, user_file=True), key)) for path in files]
    found += [(manifest, inline)] if inline is not None else []
    kept = [(path, value) for path, value in found if value]
    if expand and kept and plugin.data is not None:
        try:
            plugin.data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            problems.append(_problem(manifest, f"{DATA_VAR} {plugin.data}: {exc}"))
    return [(path, _expanded(value, plugin.variables) if expand else value) for path, value in kept]


def _unwrapped(data: Any, key: str) -> dict[str, Any]:
    """A hooks or servers file's ``data`` without its wrapper (``key``'s object, when it has
    one) and a hooks file's ``description``; {} when it is no object."""
    if not isinstance(data, dict):
        return {}
    inner = data.get(key)
    value = inner if isinstance(inner, dict) else data
    return {k: v for k, v in value.items() if not (key == HOOKS and k == "description")}


def plugin_values(plugin: Plugin, value: Any) -> Any:
    """``value`` (a text, or JSON: a skill's ``hooks``) of one of ``plugin``'s skills with
    ``${CLAUDE_PLUGIN_ROOT}`` and ``${CLAUDE_PLUGIN_DATA}`` replaced, as Claude Code
    substitutes them in a plugin skill's content and hooks (skills103); its data folder
    made when named, as for its hooks (a folder that cannot be made is still named)."""
    if plugin.data is not None and _mentions(value, f"${{{DATA_VAR}}}"):
        try:
            plugin.data.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # (what reads it says it is missing, as for its hooks' commands)
    return _expanded(value, plugin.variables)


def _mentions(value: Any, variable: str) -> bool:
    """Whether a text of ``value`` (JSON, or YAML frontmatter's) names ``variable``."""
    if isinstance(value, str):
        return variable in value
    if isinstance(value, list):
        return any(_mentions(v, variable) for v in value)
    return isinstance(value, dict) and any(_mentions(v, variable) for v in value.values())


def _expanded(value: Any, variables: Mapping[str, str]) -> Any:
    """``value`` (JSON) with ``${NAME}`` of each of ``variables`` replaced in its texts."""
    if isinstance(value, str):
        for name, text in variables.items():
            value = value.replace(f"${{{name}}}", text)
        return value
    if isinstance(value, list):
        return [_expanded(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: _expanded(v, variables) for k, v in value.items()}
    return value


def _named(
    root: Path, manifest: Path, meta: Mapping[str, Any], key: str, problems: list[Problem]
) -> Iterator[Path]:
    """The existing paths inside ``root`` that the manifest's ``key`` names (a string or a
    list, each ``./``-relative); a warning with the key's line for each other one."""
    value = meta.get(key)
    if value is None:
        return
    for item in value if isinstance(value, list) else [value]:
        path = root / item if isinstance(item, str) and not os.path.isabs(item) else None
        inside = path is not None and path.resolve().is_relative_to(root.resolve())
        if path is not None and inside and path.exists():
            yield path
            continue
        why = "is not inside the plugin's folder" if path is not None else "is no relative path"
        why = "does not exist" if path is not None and inside else why
        problems.append(
            Problem(
                path=manifest,
                line=_key_line(manifest, key),
                severity=Severity.WARNING,
                message=f"{key}: {str(item)[:120]!r} {why}; ignored",
            )
        )


def _key_line(path: Path, key: str) -> int:
    """The line of ``"key"`` in the JSON file ``path`` (1 when not found)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if f'"{key}"' in line), 1)


def _confined(out: Plugins, installed_at: Path) -> Plugins:
    """``out`` without the plugins whose files (or the record of where they are) lie where
    a sandboxed agent could have written them, a folder coord ran agents in (a warning
    each): there ``~/.claude/plugins`` is no protected path."""
    if not _below_agents_folder([installed_at, *(f.root for f in out.found)]):
        return out  # (the usual case: no .coordinator above, the trust code not imported)
    from coordinator.tools.workspace import written_by_agents

    record = written_by_agents(installed_at)
    kept = []
    for plugin in out.found:
        where = record or written_by_agents(plugin.root)
        if where is None:
            kept.append(plugin)
            continue
        out.problems.append(
            _problem(
                installed_at if record else plugin.root / MANIFEST,
                f"plugin {plugin.id} left out: its files lie in {where}, where coord ran "
                "agents that could have written them",
            )
        )
    out.found = kept
    return out


def _below_agents_folder(paths: list[Path]) -> bool:
    """Whether a folder above one of ``paths`` holds coord's own folder (agents ran there);
    each folder looked at once (the plugins share their top folders)."""
    seen: set[str] = set()
    for path in paths:
        folder = os.path.dirname(path)
        while folder not in seen:
            seen.add(folder)
            if os.path.isdir(os.path.join(folder, FOLDER)):
                return True
            folder = os.path.dirname(folder)
    return False
