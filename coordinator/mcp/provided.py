"""The remote MCP servers the managed settings provide (``managedMcpServers``: Claude Code's
managed-MCP page, "Provide servers through managed settings"). Every user keeps their own
servers and gets these too; an agent names one in its ``mcpServers`` as any other.

An entry loads only when it passes the page's checks ("What an entry can contain"), else it
is left out with a line and the others load: ``type`` ``http`` or ``sse``
(``streamable-http``: ``http``); ``url`` an ``https://`` URL; no ``command``, ``args``,
``env`` or ``headersHelper`` (a managed document never names a program to run); no
``${VAR}`` anywhere (never expanded); a name of letters, digits, ``-`` and ``_``, and no
control or invisible formatting character in a key or value. Claude Desktop's array form
is not read (a line). Read from the managed settings only: the key in any other file is
dropped with a line. How they combine with the rest (:mod:`coordinator.mcp.config`,
:mod:`coordinator.mcp.policy`): a provided server wins over a server of the same name the
user's, the project's or a plugin's files define, and over none of ``managed-mcp.json``'s
(both load); it loads when ``strictPluginOnlyCustomization`` locks MCP servers to plugins;
it needs no ``allowedMcpServers`` entry, and ``deniedMcpServers`` applies to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEY = "managedMcpServers"
_NAME = re.compile(r"[A-Za-z0-9_-]+")
_TYPES = {"http": "http", "sse": "sse", "streamable-http": "http"}
_PROGRAM_KEYS = ("command", "args", "env", "headersHelper")


@dataclass(frozen=True)
class ProvidedServers:
    """The managed settings file and the servers it provides, by name (each checked)."""

    path: Path
    servers: Mapping[str, dict[str, Any]]

    @classmethod
    def read(
        cls, path: Path, data: Mapping[str, Any], warnings: list[str]
    ) -> ProvidedServers | None:
        """The servers the managed settings ``data`` (read from ``path``) provide; None
        when it provides none. An entry that fails a check is a line in ``warnings``."""
        value = data.get(KEY)
        if value is None:
            return None
        if not isinstance(value, dict):
            form = "an array (Claude Desktop's form)" if isinstance(value, list) else "no object"
            warnings.append(f"{path}: {KEY} is {form}: no server provided")
            return None
        servers: dict[str, dict[str, Any]] = {}
        for name, entry in value.items():
            why = _unusable(str(name), entry)
            if why is None:
                kind = _TYPES[str(entry.get("type", "")).lower()]
                servers[str(name)] = {**entry, "type": kind}
            else:
                warnings.append(f"{path}: {KEY}: server {name!r} left out: {why}")
        return cls(path, servers)


def dropped(path: Path, data: Mapping[str, Any]) -> str | None:
    """The line for a settings file that is not the managed one naming the key."""
    if data.get(KEY) is None:
        return None
    return f"{path}: {KEY} is read from the managed settings only (ignored here)"


def _unusable(name: str, entry: object) -> str | None:
    """Why the entry ``name`` cannot be provided, or None."""
    if not _NAME.fullmatch(name):
        return "a name holds only letters, digits, '-' and '_'"
    if not isinstance(entry, dict):
        return "an entry is an object with type and url"
    if str(entry.get("type", "")).lower() not in _TYPES:
        return 'its type must be "http" or "sse"'
    url = entry.get("url")
    if not isinstance(url, str) or not url.lower().startswith("https://"):
        return "its url must be an https:// URL"
    named = [k for k in _PROGRAM_KEYS if k in entry]
    if named:
        return f"{', '.join(named)} name a program to run (remote servers only)"
    texts = list(_texts(entry))
    if any("${" in t for t in texts):
        return "${VAR} is not expanded here: write the value"
    if any(_hidden(t) for t in texts):
        return "a key or value holds a control or invisible character"
    return None


def _texts(value: object) -> Any:
    """Every key and string value in ``value``, nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _hidden(text: str) -> bool:
    """Whether ``text`` holds a control or invisible formatting character."""
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)
