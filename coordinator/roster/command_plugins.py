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
``known_marketplaces.json``) names each plugin's source. While the block is on, a plugin
that manifest cannot show is not command-sourced does not load (a restriction fails closed,
as the marketplace lists keep out a plugin whose marketplace cannot be found): its
marketplace not registered or with no ``installLocation``, the manifest missing or not
readable as JSON, no entry of the plugin in it, or the manifest lying where coord ran agents
(a local marketplace in a workspace: they could have rewritten its source). Claude Code knows
each plugin's source from the install it ran; coord installs nothing and has only that file.
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
        that cannot be found or read, or agents could have written (a local marketplace in a
        workspace), cannot say that a plugin is not command-sourced: the plugin does not
        load (a restriction fails closed)."""
        name, _, market = pid.partition("@")
        manifest = _manifest(self.known.get(market))
        allow = "" if self.key == COMMAND_KEY else f" (`{COMMAND_KEY}: false` allows it)"
        unknown = (
            "so it cannot show that the plugin is not installed by running a command, which "
            f"the managed {self.key} blocks{allow}"
        )
        if manifest is None:
            said = "has no installLocation" if market in self.known else "is not registered"
            return (
                f'plugin {pid} not loaded: its marketplace "{market}" {said} in'
                f" known_marketplaces.json, {unknown}"
            )
        where = self.written_by_agents(manifest)
        if where is not None:
            return (
                f'plugin {pid} not loaded: the manifest of its marketplace "{market}" lies in '
                f"{where}, where coord ran agents that could have written it, {unknown}"
            )
        source = _source(name, manifest)
        if isinstance(source, _Unknown):
            return f"plugin {pid} not loaded: {manifest} {source.why}, {unknown}"
        if source != "command":
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


@dataclass(frozen=True)
class _Unknown:
    """The plugin's source cannot be read from its marketplace's manifest: ``why``."""

    why: str


def _source(name: str, manifest: Path) -> str | _Unknown | None:
    """The kind of source (``"command"``, ``"github"``…; None for a relative path) the
    marketplace ``manifest`` gives the plugin ``name``, or why it cannot say."""
    import json  # (only with the block on: `coord route` imports no json)

    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _Unknown("is missing")
    except (OSError, ValueError, RecursionError):
        return _Unknown("cannot be read as JSON")
    entries = data.get("plugins") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("name") == name:
            source = entry.get("source")
            kind = source.get("source") if isinstance(source, dict) else None
            return str(kind) if kind is not None else None
    return _Unknown(f"lists no plugin {name}")
