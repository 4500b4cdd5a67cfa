"""Which MCP servers the settings let start: Claude Code's ``allowedMcpServers`` and
``deniedMcpServers`` (no SDK import; read with the permission rules, from the same files).

Each list holds entries of one key: ``{"serverName": "github"}`` (the label the server is
defined under, matched exactly), ``{"serverCommand": ["npx", "-y", "pkg"]}`` (a stdio
server's command and arguments, every word in order) or ``{"serverUrl":
"https://*.example.com/*"}`` (an HTTP or SSE server's URL; ``*`` matches any text, the host
is compared without case and without a trailing dot, and a pattern with no path matches
any path), as Claude Code's managed-MCP page documents them. A server is checked when its
run (or hook) would start it, its variables expanded:

1. **Denied** by an entry of any file's ``deniedMcpServers`` (by name, command or URL):
   never started, whatever allows it (the denylist always wins).
2. **Allowed** only when no file sets ``allowedMcpServers``, or it matches an entry: a
   remote server a ``serverUrl`` entry (a ``serverName`` one only while the lists have no
   ``serverUrl`` entry), a stdio server a ``serverCommand`` entry (likewise).

A server refused is not started, and the run's MCP notes say why (the entry, its file).

``managed-mcp.json`` beside the managed settings (``/etc/claude-code/managed-mcp.json``)
takes exclusive control, as in Claude Code: its ``mcpServers`` are the only servers any
agent or hook gets (the user's, the workspace's, the plugins' and agent files' inline
definitions are not started, each with a line saying so); the denylist still applies to
them, the allowlist does not (the organization's own). A file there that cannot be read
gives no server at all (one warning): a restriction must not fail open. Without it,
``strictPluginOnlyCustomization`` (``true``, or a list naming ``"mcp"``) in the managed
settings leaves only the enabled plugins' servers (none of ``~/.claude.json``,
``.mcp.json``, the settings files' or an agent file's inline ones), as Claude Code's
settings reference lists what that lock blocks.

Trust: a denylist only takes servers away, so every file's counts, the workspace's too.
An allowlist from several files is their union in Claude Code, so one more list can only
widen it: the allowlists of the user's own files (the managed settings, ``~/.claude/
settings.json``) merge; a workspace file's (an agent could have written it) counts only
while no file of the user's sets one (it then narrows "every server"), and is named as
ignored otherwise. ``allowManagedMcpServersOnly: true`` in the managed settings keeps the
managed allowlist alone. Claude Code expands ``${VAR}`` in an entry's command or URL;
coord matches an entry as written, and says so where one names a variable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

ALLOWED = "allowedMcpServers"
DENIED = "deniedMcpServers"
#: The managed-only key that keeps the managed allowlist alone.
MANAGED_ONLY = "allowManagedMcpServersOnly"
#: What Claude Code accepts as an allowlist's ``serverName``.
_ALLOWED_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


class EntryKind(StrEnum):
    """What an entry matches a server by."""

    NAME = "serverName"
    COMMAND = "serverCommand"
    URL = "serverUrl"


@dataclass(frozen=True)
class SettingsFile:
    """One settings file as read: its object, whether it is the managed one, and whether
    it lies in the workspace (an agent could have written it)."""

    path: Path
    data: Mapping[str, Any]
    managed: bool
    inside: bool


@dataclass(frozen=True)
class ServerEntry:
    """One entry of an allow- or denylist, and the file that holds it."""

    kind: EntryKind
    value: str | tuple[str, ...]
    source: Path

    def label(self) -> str:
        """``{"serverName": "github"} (/etc/claude-code/managed-settings.json)``."""
        shown = list(self.value) if isinstance(self.value, tuple) else self.value
        return f"{{{json.dumps(self.kind.value)}: {json.dumps(shown)}}} ({self.source})"

    def matches(self, name: str, command: tuple[str, ...] | None, url: str | None) -> bool:
        """Whether the server ``name`` (its ``command`` words when stdio, its ``url`` when
        remote) is the one this entry names."""
        if self.kind is EntryKind.NAME:
            return self.value == name
        if self.kind is EntryKind.COMMAND:
            return command is not None and command == self.value
        return url is not None and isinstance(self.value, str) and url_matches(self.value, url)


@dataclass(frozen=True)
class ServerPolicy:
    """The merged lists; ``allowed`` None: no allowlist applies (every server may start)."""

    allowed: tuple[ServerEntry, ...] | None = None
    denied: tuple[ServerEntry, ...] = ()
    #: ``managed-mcp.json`` and its servers, when it is there (exclusive control).
    fixed: FixedServers | None = None
    #: The managed file locking MCP servers to plugins (``strictPluginOnlyCustomization``).
    plugins_only: Path | None = None

    @classmethod
    def read(
        cls, files: Sequence[SettingsFile], warnings: list[str], fixed: Path | None = None
    ) -> ServerPolicy:
        """The lists of ``files`` (managed first), merged as the module says, and the
        servers of ``fixed`` (the ``managed-mcp.json`` path; None: none); a line in
        ``warnings`` per entry that cannot be read and per allowlist left out."""
        denied = [e for f in files for e in _entries(f, DENIED, warnings)]
        lists = {
            f.path: _entries(f, ALLOWED, warnings) for f in files if f.data.get(ALLOWED) is not None
        }
        managed_only = any(f.managed and f.data.get(MANAGED_ONLY) is True for f in files)
        kept = [
            f for f in files if f.path in lists and (f.managed or not (managed_only or f.inside))
        ]
        if not managed_only and not kept:  # no list of the user's: the workspace's narrow
            kept = [f for f in files if f.path in lists]
        kept_paths = {f.path for f in kept}
        for f in files:
            if f.path in lists and f.path not in kept_paths:
                why = f"the managed settings set {MANAGED_ONLY}"
                if not managed_only:
                    why = "it lies in the workspace and would widen your own allowlist"
                warnings.append(f"{f.path}: {ALLOWED} ignored: {why}")
        from coordinator.roster.plugins import locked_surfaces

        allowed = tuple(e for f in kept for e in lists[f.path]) if kept else None
        fixed_servers = FixedServers.read(fixed, warnings) if fixed else None
        locked = next(
            (f.path for f in files if f.managed and "mcp" in locked_surfaces(f.data)), None
        )
        return cls(allowed, tuple(denied), fixed_servers, locked)

    def outside(self, name: str) -> str | None:
        """Why the server ``name`` is not started when it is defined nowhere it may come
        from (inline in an agent file, or in a file not read), when the managed settings
        narrow where that is (None: they do not)."""
        if self.fixed is not None:
            return (
                f"server '{name}' not started: only {self.fixed.path}'s servers start (it has "
                "exclusive control over MCP servers)"
            )
        if self.plugins_only is not None:
            return (
                f"server '{name}' not started: {self.plugins_only} sets "
                "strictPluginOnlyCustomization: MCP servers come only from enabled plugins"
            )
        return None

    def refusal(
        self, name: str, command: tuple[str, ...] | None, url: str | None, source: Path
    ) -> str | None:
        """Why the server ``name`` defined in ``source`` may not start (``command``: a
        stdio server's words, ``url``: a remote one's), or None."""
        deny = next((e for e in self.denied if e.matches(name, command, url)), None)
        if deny is not None:
            return f"the {DENIED} entry {deny.label()} blocks it"
        if self.allowed is None or (self.fixed is not None and source == self.fixed.path):
            return None  # (no allowlist, or the organization's own server)
        strict = EntryKind.COMMAND if command is not None else EntryKind.URL
        by = strict if any(e.kind is strict for e in self.allowed) else EntryKind.NAME
        if any(e.kind is by and e.matches(name, command, url) for e in self.allowed):
            return None
        what = {EntryKind.COMMAND: "command", EntryKind.URL: "URL"}.get(by, "name")
        files = ", ".join(dict.fromkeys(str(e.source) for e in self.allowed)) or "none"
        return f"its {what} matches no {by.value} entry of {ALLOWED} ({files})"


@dataclass(frozen=True)
class FixedServers:
    """``managed-mcp.json``: its path and its ``mcpServers`` (empty: no server at all)."""

    path: Path
    servers: Mapping[str, Any]

    @classmethod
    def read(cls, path: Path, warnings: list[str]) -> FixedServers | None:
        """The file's servers; None when it is absent; none (with a line in ``warnings``)
        when it cannot be read."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"{path}: cannot be read ({exc}): no MCP server is started")
            return cls(path, {})
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        servers = data.get("mcpServers") if isinstance(data, dict) else None
        if not isinstance(servers, dict):
            warnings.append(
                f"{path}: expected a JSON object with an mcpServers mapping: no MCP server "
                "is started"
            )
            return cls(path, {})
        return cls(path, servers)


def url_matches(pattern: str, url: str) -> bool:
    """Whether ``url`` matches the ``serverUrl`` pattern (``*``: any text; host without
    case or trailing dot, matched apart from the path; no path in the pattern: any path)."""
    want, got = _normal(pattern), _normal(url)
    if want is None or got is None:
        return False
    if re.fullmatch(_wild(want[0]), got[0], re.DOTALL) is None:  # (its host alone: a
        return False  # ``*`` there never reaches into the path)
    return not want[1] or re.fullmatch(_wild(want[1]), got[1] or "/", re.DOTALL) is not None


def _normal(url: str) -> tuple[str, str] | None:
    """``(scheme://host[:port] in lower case, the rest)``; None when it is no URL (a
    pattern's scheme or port may be ``*``)."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        return None
    end = next((i for i, c in enumerate(rest) if c in "/?#"), len(rest))
    netloc, tail = rest[:end].lower(), rest[end:]
    if not netloc:
        return None
    host, colon, port = netloc.rpartition(":")
    if colon and "]" not in port:  # host:port (not the inside of an IPv6 literal)
        netloc = f"{host.rstrip('.')}:{port}"
    return f"{scheme.lower()}://{netloc.rstrip('.')}", tail


def _wild(text: str) -> str:
    return ".*".join(re.escape(part) for part in text.split("*"))


def _entries(file: SettingsFile, key: str, warnings: list[str]) -> list[ServerEntry]:
    """The entries of ``file``'s list ``key``; a line in ``warnings`` per one left out."""
    value = file.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        warnings.append(f"{file.path}: {key} must be a list of entries (ignored)")
        return []
    found: list[ServerEntry] = []
    for index, item in enumerate(value):
        entry, problem = _entry(item, file.path, key)
        where = f"{file.path}: {key}[{index}]"
        if problem is not None:
            warnings.append(f"{where}: {problem} (ignored)")
        elif entry is not None:
            found.append(entry)
            words = entry.value if isinstance(entry.value, tuple) else (entry.value,)
            if any("${" in word for word in words):
                warnings.append(f"{where}: names a variable: coord matches it as written")
    return found


def _entry(item: object, source: Path, key: str) -> tuple[ServerEntry | None, str | None]:
    """One entry, or why it cannot be read."""
    kinds = [k for k in EntryKind if k.value in item] if isinstance(item, dict) else []
    if not isinstance(item, dict) or len(kinds) != 1 or len(item) != 1:
        return None, "expected an object with one key: serverName, serverCommand or serverUrl"
    kind = kinds[0]
    value = item[kind.value]
    if kind is EntryKind.COMMAND:
        if not isinstance(value, list) or not value or not all(isinstance(w, str) for w in value):
            return None, "serverCommand must be a non-empty list of strings"
        return ServerEntry(kind, tuple(value), source), None
    if not isinstance(value, str) or not value.strip():
        return None, f"{kind.value} must be a non-empty string"
    if kind is EntryKind.NAME and key == ALLOWED and not _ALLOWED_NAME.match(value):
        return None, "serverName may hold only letters, digits, hyphens and underscores"
    return ServerEntry(kind, value, source), None
