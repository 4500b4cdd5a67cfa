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
  off, never on, since a plugin's agents run with every tool the user's own agents get.
  One they alone enable is left off with a note saying how to turn it on. Between the two,
  the local file wins, as in Claude Code (it may turn back on what the user's settings
  enable and the project's turn off).
* An installation whose files lie where a sandboxed agent could have written them (a
  ``-w ~`` workspace coord ran agents in: ``~/.claude/plugins`` is no protected path) is
  left out with a warning: :func:`coordinator.tools.workspace.written_by_agents`.
* A plugin's hooks and MCP servers are never run (one line says so); its agents' own
  ``hooks``, ``mcpServers`` and ``permissionMode`` are ignored by the loader, as Claude
  Code ignores them in plugin agents (``plan``, which only narrows, is kept).

Every file is read as it is at each load: enabling, disabling or updating a plugin changes
which folders the roster reads (the parse cache is keyed by each file's path, mtime and
size, the routing index by every agent file's). The managed settings' ``enabledPlugins``
are not read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coordinator.claude_home import claude_home
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
#: What a plugin may declare that coord does not run: manifest key, default file.
UNRUN = {"hooks": Path("hooks") / "hooks.json", "mcpServers": Path(".mcp.json")}
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

    @property
    def label(self) -> str:
        """How listings name it as a source: ``plugin NAME@MARKETPLACE``."""
        return f"plugin {self.id}"


@dataclass
class Plugins:
    """The enabled plugins found, and what kept others out (file and line)."""

    found: list[Plugin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def enabled_plugins(cwd: Path, home: Path | None = None) -> Plugins:
    """The plugins the user's settings enable and no workspace settings file (the nearest
    ``.claude`` at or above ``cwd``) disables, installed where ``installed_plugins.json``
    says; ``home``: the home folder (default the user's)."""
    out = Plugins()
    user = claude_home(home)
    mine = _enabled_map(_read_json(user.settings, out.problems, user_file=True, key=ENABLED))
    wanted = {pid for pid, on in mine.items() if on is True}
    project = _project_settings(cwd)
    said: dict[str, object] = {}
    for path in project:  # the project's, then the local file: the narrower one wins
        theirs = _enabled_map(_read_json(path, out.problems, key=ENABLED))
        said.update(theirs)
        out.problems += [
            _not_turned_on(pid, path)
            for pid, on in theirs.items()
            if on is True and mine.get(pid) is not True
        ]
    wanted -= {pid for pid, on in said.items() if on is False}
    if not wanted:
        return out
    installed_at = user.folder / PLUGINS_DIR / INSTALLED_FILE
    installs = _installs(_read_json(installed_at, out.problems, user_file=True))
    where = project[0].parent.parent if project else cwd
    for pid in sorted(wanted):
        root = _install_root(installs.get(pid, []), where)
        if root is None:
            out.problems.append(_problem(user.settings, _not_installed(pid, installed_at)))
            continue
        out.found.append(_plugin(pid, root, out.problems))
    return _confined(out, installed_at)


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
    path: Path, problems: list[Problem], *, user_file: bool = False, key: str | None = None
) -> Any:
    """The JSON value of ``path``; None when missing or unreadable (a problem with its line
    says why), or when it does not hold ``"key"``. A workspace file a running command may
    have made reads as missing."""
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
    if raw is None or (key is not None and key.encode() not in raw):
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


def _plugin(pid: str, root: Path, problems: list[Problem]) -> Plugin:
    """The plugin installed in ``root``: its manifest read (when there is one), its agent
    and skill paths checked; a line for the hooks and MCP servers it declares. Its folder is
    listed once (a roster of many plugins pays one call each, not one per name)."""
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
    found = {key: [root / key] if top.get(key) else [] for key in ("agents", "skills")}
    agents = [*found["agents"], *_named(root, manifest, meta, "agents", problems)]
    skills = [*found["skills"], *_named(root, manifest, meta, "skills", problems)]
    unrun = [
        k for k, f in UNRUN.items() if k in meta or (f.parts[0] in top and (root / f).exists())
    ]
    if unrun:
        what = " and ".join("hooks" if k == "hooks" else "MCP servers" for k in unrun)
        problems.append(
            _problem(
                manifest if data is not None else root / UNRUN[unrun[0]],
                f"plugin {pid}: its {what} are not run by coord (its agents and skills are "
                "read; Claude Code runs the rest)",
                Severity.INFO,
            )
        )
    return Plugin(pid, name, root, tuple(dict.fromkeys(agents)), tuple(dict.fromkeys(skills)))


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
