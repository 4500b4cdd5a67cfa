"""Reading and merging the settings files for the permission rules
(:func:`load_permissions`): the managed file (with its drop-ins), the user's, the
project's and the local one, each read once when a session's engine is built; a file
that is there but cannot be read refuses the run
(:func:`coordinator.runtime.settings_read.read_settings`). Besides the rules and modes,
the keys read here: the managed-only ones (``allowManagedPermissionRulesOnly`` and the
others, a warning elsewhere), the ``sandbox`` block, ``claudeMdExcludes``,
``skillOverrides``, ``disableSkillShellExecution``, the MCP server lists, the managed
``availableModels``, ``env`` (:mod:`coordinator.runtime.settings_env`); and one warning
per setting coord does not read (:data:`UNREAD_SETTINGS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from coordinator.claude_home import MANAGED_SETTINGS, claude_home
from coordinator.config import is_reached_through
from coordinator.mcp.policy import ServerPolicy, SettingsFile
from coordinator.roster.plugins import STRICT_KEY, locked_surfaces
from coordinator.runtime.agent_tool import settings_layers
from coordinator.runtime.available_models import ModelPolicy
from coordinator.runtime.efforts import DEFAULT_EFFORT, EFFORTS
from coordinator.runtime.md_excludes import ClaudeMdExcludes, Exclude, read_excludes
from coordinator.runtime.permission_modes import (
    MODE_SWITCHES,
    _default_mode,
    _mode_setting,
    _mode_switches,
)
from coordinator.runtime.permission_rules import Behavior, parse_rules
from coordinator.runtime.permissions import PermissionRules
from coordinator.runtime.sandbox_settings import (
    SandboxPolicy,
    filesystem_denies,
    managed_read_only,
    read_reopened,
    unread_sandbox,
)
from coordinator.runtime.settings_env import settings_env
from coordinator.runtime.settings_lines import entry_lines
from coordinator.runtime.settings_read import read_layer
from coordinator.runtime.skill_rules import read_overrides

#: The settings key that turns off a skill's ``!`command``` (Claude Code's).
SKILL_SHELL_OFF = "disableSkillShellExecution"


def load_permissions(
    workspace: Path, *, home: Path | None = None, managed: Path | None = MANAGED_SETTINGS
) -> PermissionRules:
    """The permission rules of the settings files for ``workspace``; UserError when one
    is there but cannot be read."""
    home = home or Path.home()
    user = claude_home(home)
    layers = settings_layers(workspace, user.settings, managed)
    found = PermissionRules(home=home, warnings=[user.note] if user.note else [])
    modes: dict[Path, str] = {}
    read: list[SettingsFile] = []
    only: Path | None = None  # the managed file, when it alone gives rules
    excludes: list[Exclude] = []
    for path in layers:
        data, text = read_layer(path, managed, found.warnings)
        found.warnings += unread_settings(path, data or {})
        inside = is_reached_through(path, workspace)  # (a link there: review120)
        found.warnings += unread_sandbox(path, data or {}, managed=path == managed, inside=inside)
        if data is None:
            continue
        read.append(SettingsFile(path, data, path == managed, inside))
        found.path_denies += filesystem_denies(path, data, inside=inside, warnings=found.warnings)
        excludes += read_excludes(path, data, found.warnings)
        _skill_settings(found, path, data)
        found.warnings += _managed_only_keys(path, data, path == managed)
        if path == managed:
            only = path if data.get(MANAGED_RULES_ONLY) is True else None
            found.locked = locked_surfaces(data)
            found.models = ModelPolicy.read(data, path, found.warnings)
            found.sandbox = SandboxPolicy.read(data, path, found.warnings)
        block = data.get("permissions")
        if block is None:
            continue
        if not isinstance(block, Mapping):
            found.warnings.append(f"{path}: permissions must be a mapping (ignored)")
            continue
        _mode_switches(found, path, block)
        if only is not None and path != only:
            found.warnings += _rules_ignored(path, block, only)
        else:
            _add_rules(found, path, block, inside, text)
        _mode_setting(modes, found.warnings, path, block)
    found.default_mode = _default_mode(modes, managed, workspace)
    found.read_reopened = _reopened(read, found.warnings)
    found.md_excludes = ClaudeMdExcludes(tuple(excludes))
    off = found.modes_off.get(found.default_mode or "")
    if found.default_mode is not None and off is not None:
        found.warnings.append(
            f"permissions.defaultMode {found.default_mode} is turned off by permissions."
            f"{MODE_SWITCHES[found.default_mode]} in {off}: agents without a mode of their "
            "own run in default mode"
        )
    fixed = None if managed is None else managed.parent / MANAGED_MCP
    found.servers = ServerPolicy.read(read, found.warnings, fixed)
    found.servers = replace(found.servers, env=settings_env(read, found.warnings))
    found.effort_level = effort_setting(read, found.warnings)
    return found


def _skill_settings(found: PermissionRules, path: Path, data: Mapping[str, Any]) -> None:
    """The skills' settings of the file ``path`` (``data``) into ``found``: its
    ``skillOverrides`` (a file hiding a skill wins over one listing it: it narrows) and the
    first file turning the skills' shell commands off."""
    for name, hidden in read_overrides(path, data, found.warnings).items():
        had = found.skill_overrides.get(name)
        if had is None or (hidden.hides and not had.hides):
            found.skill_overrides[name] = hidden
    if data.get(SKILL_SHELL_OFF) is True and found.skill_shell_off is None:
        found.skill_shell_off = path


#: The settings key of the session's effort level (Claude Code's).
EFFORT_KEY = "effortLevel"


def effort_setting(read: list[SettingsFile], warnings: list[str]) -> str | None:
    """The ``effortLevel`` the settings files ``read`` give agents without an ``effort``
    of their own (claude104), as Claude Code's sub-agents inherit the session's: the
    managed file's, else the local file's over the project's over the user's; a file
    agents can write (in the workspace) only lowers the user's level (or the API's default,
    ``high``: a workspace must not raise what its runs spend). A value that is no level is
    ignored with a line."""
    levels: dict[bool, str] = {}  # by whether agents can write the file
    for f in read:
        said = f.data.get(EFFORT_KEY)
        if said is None:
            continue
        level = str(said).strip().lower()
        if level not in EFFORTS:
            warnings.append(f"{f.path}: {EFFORT_KEY} {str(said)[:40]!r} is none of "
                            f"{', '.join(EFFORTS)} (ignored)")  # fmt: skip
        elif f.managed:
            return level
        else:
            levels[f.inside] = level  # (later files win: local over project over user)
    own, written = levels.get(False), levels.get(True)
    ceiling = EFFORTS.index(own or DEFAULT_EFFORT)
    return written if written is not None and EFFORTS.index(written) < ceiling else own


def _reopened(read: list[SettingsFile], warnings: list[str]) -> list[str]:
    """The ``allowRead`` paths of the files ``read`` outside the workspace (the managed
    file's alone when it sets ``allowManagedReadPathsOnly``); one matching no path: a line
    in ``warnings``."""
    only = any(f.managed and managed_read_only(f.data) for f in read)
    return [
        pattern
        for f in read
        if not f.inside and (f.managed or not only)
        for pattern in read_reopened(f.path, f.data, warnings)
    ]


#: The administrator's fixed MCP servers, beside the managed settings (exclusive control).
MANAGED_MCP = "managed-mcp.json"
#: The managed-only key that makes the managed settings the only source of permission rules.
MANAGED_RULES_ONLY = "allowManagedPermissionRulesOnly"


#: Keys Claude Code reads only from the managed settings (elsewhere: ignored, one warning).
MANAGED_ONLY_KEYS = (
    MANAGED_RULES_ONLY,
    "allowManagedHooksOnly",
    "allowManagedMcpServersOnly",
    STRICT_KEY,
)


def _managed_only_keys(path: Path, data: Mapping[str, Any], managed: bool) -> list[str]:
    """One warning per managed-only key ``data`` sets outside the managed file: it
    restricts nothing there, as in Claude Code."""
    if managed:
        return []
    return [
        f"{path}: {key} is read only from the managed settings: ignored here"
        for key in MANAGED_ONLY_KEYS
        if data.get(key) is not None
    ]


def _rules_ignored(path: Path, block: Mapping[str, Any], only: Path) -> list[str]:
    """The line saying ``path``'s permission rules are not read (the managed file ``only``
    sets ``allowManagedPermissionRulesOnly``), when it has any."""
    if not any(block.get(b.value) for b in Behavior):
        return []
    return [f"{path}: its permission rules are ignored: {only} sets {MANAGED_RULES_ONLY}"]


def _add_rules(
    found: PermissionRules, path: Path, block: Mapping[str, Any], confined: bool, text: str | None
) -> None:
    """Add the ``allow``/``ask``/``deny`` rules of ``path``'s ``permissions`` block (``text``:
    the file's, for each rule's line)."""
    lines = entry_lines(text, "permissions")
    for behavior in Behavior:
        value = block.get(behavior.value)
        rules, problems = parse_rules(value, behavior, path, confined, lines.get(behavior, []))
        found.rules.extend(rules)
        found.warnings.extend(problems)


#: Claude Code settings that change what a session does but that coord does not read, and
#: what it does instead: one warning each where a settings file sets one. (Keys of the
#: interactive program alone, such as statusLine, outputStyle or cleanupPeriodDays, change
#: nothing a coord run could do: they pass in silence.)
UNREAD_SETTINGS = {
    "model": "the model is --model, the agent's model: or default_model in coord's config",
    "apiKeyHelper": "the key is ANTHROPIC_API_KEY",
    "permissions.additionalDirectories": "the tools reach the workspace only",
    # claude104: the rest of the settings reference's keys that change what a run does
    "fallbackModel": (
        "a model that is overloaded or unavailable is retried (the session stops when it "
        "stays so), never swapped for another"
    ),
    "modelOverrides": "model names are mapped by the models table of coord's config",
    "agent": "a session's first agent is the one routing or --agent chooses",
    "language": "no language instruction is added: agents answer as their prompts ask",
    "alwaysThinkingEnabled": "no extended thinking is asked for",
    "worktree.baseRef": (
        "an isolation: worktree run branches from the workspace's HEAD (its changes are "
        "merged back into the current branch)"
    ),
    "worktree.sparsePaths": "an isolation: worktree run checks out the whole tree",
}
#: The blocks of settings whose keys :data:`UNREAD_SETTINGS` names as ``block.key``.
_UNREAD_BLOCKS = ("permissions", "worktree")


def unread_settings(path: Path, data: Mapping[str, Any]) -> list[str]:
    """One warning per setting of :data:`UNREAD_SETTINGS` that ``data`` (the file ``path``)
    sets, saying what coord does instead."""
    found = dict(data)
    for name in _UNREAD_BLOCKS:
        block = data.get(name)
        if isinstance(block, Mapping):
            found.update({f"{name}.{k}": v for k, v in block.items()})
    return [
        f"{path}: {key} is not read by coord: {instead}"
        for key, instead in UNREAD_SETTINGS.items()
        if found.get(key) not in (None, False, "", [], {})  # (set, and to something)
    ]
