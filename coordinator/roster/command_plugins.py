"""Plugins Claude Code installs by running a command, and whether the managed settings block
them (Claude Code's "Command sources": a marketplace entry whose ``source`` is ``{"source":
"command", "command": ...}``; the settings reference's ``disableCommandPluginSources``).

``disableCommandPluginSources: true`` "stops loading the ones already installed"; ``false``
allows them; unset, it "follows ``allowManagedHooksOnly``: an organization that restricts hook
execution to managed settings gets command sources disabled too" (a managed
``enabledPlugins`` forcing one on does not override). A value of either key that is not a
boolean is read as ``true``, as Claude Code does ("Keys that fail closed"), with one line.
No file but the marketplaces' manifests is read here: :mod:`coordinator.roster.plugins`
reads the settings and hands the values in.

Which plugins are command-sourced: the manifest of the plugin's marketplace
(``.claude-plugin/marketplace.json`` in the ``installLocation`` Claude Code registered in
``known_marketplaces.json``) names each plugin's source. A plugin whose marketplace or entry
cannot be found is not known to be one and loads (coord installs nothing; Claude Code read
that manifest when it installed the plugin), but for a manifest that lies where coord ran
agents (a local marketplace in a workspace: they could have rewritten its source), whose
plugins do not load while the block is on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The managed keys, the one that decides first.
COMMAND_KEY = "disableCommandPluginSources"
HOOKS_ONLY_KEY = "allowManagedHooksOnly"
KEYS = (COMMAND_KEY, HOOKS_ONLY_KEY)
#: A marketplace's manifest, relative to its folder.
MARKETPLACE_MANIFEST = Path(".claude-plugin") / "marketplace.json"


@dataclass(frozen=True)
class CommandGate:
    """The managed key that blocks command-sourced plugins, and where each registered
    marketplace is (``known_marketplaces.json``'s object)."""

    key: str
    known: Mapping[str, Any]
    #: The workspace where coord ran agents that could have written a file, or None
    #: (:func:`coordinator.tools.workspace.written_by_agents`).
    written_by_agents: Callable[[Path], Path | None]

    def refusal(self, pid: str) -> str | None:
        """Why the plugin ``pid`` (``NAME@MARKETPLACE``) does not load, or None. A manifest
        agents could have written (a local marketplace in a workspace) cannot say that a
        plugin is not command-sourced: the plugin does not load (a restriction fails
        closed)."""
        name, _, market = pid.partition("@")
        manifest = _manifest(self.known.get(market))
        if manifest is None:
            return None
        allow = "" if self.key == COMMAND_KEY else f" (`{COMMAND_KEY}: false` allows it)"
        where = self.written_by_agents(manifest)
        if where is not None:
            return (
                f'plugin {pid} not loaded: the manifest of its marketplace "{market}" lies in '
                f"{where}, where coord ran agents that could have written it, so it cannot "
                f"show that the plugin is not installed by running a command, which the "
                f"managed {self.key} blocks{allow}"
            )
        if not _command_sourced(name, manifest):
            return None
        return (
            f'plugin {pid} not loaded: its marketplace "{market}" installs it by running a '
            f'command (source "command"), which the managed {self.key} blocks{allow}'
        )


def blocking_key(policy: Any, unreadable: Collection[str]) -> tuple[str | None, str | None]:
    """The managed key that blocks command-sourced plugins (None: none blocks) and the key
    read as ``true`` because its value is not a boolean (None: none), from the managed
    settings ``policy``; ``unreadable``: the keys a managed file that cannot be read names
    (each read as ``true``)."""
    for key in KEYS:
        if key in unreadable:
            return key, key
        value = policy.get(key) if isinstance(policy, dict) else None
        if value is None:  # unset: the next key decides
            continue
        if value is False:
            return None, None
        return key, (None if value is True else key)
    return None, None


def _manifest(registered: Any) -> Path | None:
    """The manifest of the marketplace Claude Code registered as ``registered`` (its entry
    in ``known_marketplaces.json``), None when it names no ``installLocation``."""
    where = registered.get("installLocation") if isinstance(registered, Mapping) else None
    if not isinstance(where, str) or not where:
        return None
    return Path(where) / MARKETPLACE_MANIFEST


def _command_sourced(name: str, manifest: Path) -> bool:
    """Whether the marketplace ``manifest`` gives the plugin ``name`` a ``command``
    source."""
    import json  # (only with the block on: `coord route` imports no json)

    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    entries = data.get("plugins") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("name") == name:
            source = entry.get("source")
            return isinstance(source, dict) and source.get("source") == "command"
    return False
