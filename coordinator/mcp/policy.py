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

``${VAR}`` and ``${VAR:-default}`` in a ``serverCommand`` or ``serverUrl`` entry are expanded
before matching, as Claude Code's "How policy entries expand" documents (a ``serverName``
is matched as written, never expanded). An entry expands from coord's own environment plus
the managed settings' ``env`` (never a workspace file's): an **allowlist** entry naming a
variable that is unset without a default, or whose value would change a URL entry's
scheme, host or path scope (a ``*``; a ``/``, ``:``, ``@``, ``?`` or ``#`` before the path),
is ignored with a line saying so (it never widens the list, and still counts as an entry of
its kind: a ``serverName`` entry does not take its place); a **denylist** entry's variable
with no value there takes one from the user's or managed settings' ``env`` and, when
still unset, matches any text in its place (a deny is never weakened by a variable), a line
saying so.

``managed-mcp.json`` beside the managed settings (``/etc/claude-code/managed-mcp.json``)
takes exclusive control, as in Claude Code: its ``mcpServers`` are the only servers any
agent or hook gets (the user's, the workspace's, the plugins' and agent files' inline
definitions are not started, each with a line saying so); the denylist still applies to
them, the allowlist does not (the organization's own). A server of that file whose command,
arguments, ``env``, URL or headers name a variable is checked against the allowlist too
(its effective definition comes from the user's environment). A file there that cannot be
read gives no server at all (one warning): a restriction must not fail open. Without it,
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
managed allowlist alone (a value that is not a boolean too, with a line: it fails closed).
"""

from __future__ import annotations

import json
import os
import re
from collections import ChainMap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from coordinator.mcp.provided import ProvidedServers, dropped

ALLOWED = "allowedMcpServers"
DENIED = "deniedMcpServers"
#: The managed-only key that keeps the managed allowlist alone.
MANAGED_ONLY = "allowManagedMcpServersOnly"
#: What Claude Code accepts as an allowlist's ``serverName``.
_ALLOWED_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
#: A variable as Claude Code expands it in a server definition or a policy entry.
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
#: What a denylist entry's unset variable stands for in a command word (any text there).
_ANY = "\0"
#: The characters of a variable's value that change a URL entry's scope: anywhere, and
#: before the path (its scheme, host and port).
_RESCOPE_PATH, _RESCOPE_HOST = "*", "*/?#@:\\"


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
    #: Its value, variables expanded (what it matches).
    value: str | tuple[str, ...]
    source: Path
    #: Its value as written, when that names a variable (what messages show: never a value
    #: of the environment).
    written: str | tuple[str, ...] | None = None
    #: An allowlist entry a variable made unusable: it matches nothing.
    ignored: bool = False

    def label(self) -> str:
        """``{"serverName": "github"} (/etc/claude-code/managed-settings.json)``."""
        value = self.value if self.written is None else self.written
        shown = list(value) if isinstance(value, tuple) else value
        return f"{{{json.dumps(self.kind.value)}: {json.dumps(shown)}}} ({self.source})"

    def matches(self, name: str, command: tuple[str, ...] | None, url: str | None) -> bool:
        """Whether the server ``name`` (its ``command`` words when stdio, its ``url`` when
        remote) is the one this entry names."""
        if self.ignored:
            return False
        if self.kind is EntryKind.NAME:
            return self.value == name
        if self.kind is EntryKind.COMMAND:
            return command is not None and _words_match(self.value, command)
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
    #: The remote servers the managed settings provide (``managedMcpServers``).
    provided: ProvidedServers | None = None
    #: The settings' ``env`` (the user's and the managed file's): what a definition's
    #: ``${VAR}`` expands from, over coord's environment (:mod:`coordinator.runtime.settings_env`).
    env: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def read(
        cls,
        files: Sequence[SettingsFile],
        warnings: list[str],
        fixed: Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> ServerPolicy:
        """The lists of ``files`` (managed first), merged as the module says, their entries'
        variables expanded from ``environ`` (default: coord's) as it says, and the servers
        of ``fixed`` (the ``managed-mcp.json`` path; None: none); a line in ``warnings`` per
        entry that cannot be read or that a variable changed, and per allowlist left out."""
        envs = _Environments(files, os.environ if environ is None else environ)
        denied = [e for f in files for e in _entries(f, DENIED, warnings, envs)]
        lists = {
            f.path: _entries(f, ALLOWED, warnings, envs)
            for f in files
            if f.data.get(ALLOWED) is not None
        }
        managed_only = any(_managed_only(f, warnings) for f in files if f.managed)
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
        admin = next((f for f in files if f.managed), None)
        provided = ProvidedServers.read(admin.path, admin.data, warnings) if admin else None
        warnings += [line for f in files if not f.managed and (line := dropped(f.path, f.data))]
        return cls(allowed, tuple(denied), fixed_servers, locked, provided)

    def environ(self, base: Mapping[str, str]) -> ChainMap[str, str]:
        """What a definition's ``${VAR}`` expands from: ``base`` (coord's environment) with
        the settings' :attr:`env` over it, as Claude Code sets them in its own; its
        ``parents`` are ``base`` alone, what a definition an agent could have written
        expands from (review120: its ``${PATH}`` was the settings' ``PATH``)."""
        return ChainMap(dict(self.env), dict(base))

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
        self,
        name: str,
        command: tuple[str, ...] | None,
        url: str | None,
        source: Path,
        *,
        templated: bool = False,
    ) -> str | None:
        """Why the server ``name`` defined in ``source`` may not start (``command``: a
        stdio server's words, ``url``: a remote one's, both expanded; ``templated``: its
        definition names a variable, :func:`uses_variables`), or None."""
        deny = next((e for e in self.denied if e.matches(name, command, url)), None)
        if deny is not None:
            return f"the {DENIED} entry {deny.label()} blocks it"
        own = self.fixed is not None and source == self.fixed.path and not templated
        own = own or (self.provided is not None and source == self.provided.path)
        if self.allowed is None or own:
            return None  # (no allowlist, or the organization's own server as written)
        strict = EntryKind.COMMAND if command is not None else EntryKind.URL
        by = strict if any(e.kind is strict for e in self.allowed) else EntryKind.NAME
        if any(e.kind is by and e.matches(name, command, url) for e in self.allowed):
            return None
        what = {EntryKind.COMMAND: "command", EntryKind.URL: "URL"}.get(by, "name")
        files = ", ".join(dict.fromkeys(str(e.source) for e in self.allowed)) or "none"
        return f"its {what} matches no {by.value} entry of {ALLOWED} ({files})"


def _managed_only(managed: SettingsFile, warnings: list[str]) -> bool:
    """Whether the managed settings keep their allowlist alone (:data:`MANAGED_ONLY`):
    ``true``, and a value that is not a boolean (Claude Code's "Keys that fail closed":
    treated as ``true``), with a line in ``warnings``."""
    value = managed.data.get(MANAGED_ONLY)
    if value is not None and not isinstance(value, bool):
        warnings.append(
            f"{managed.path}: {MANAGED_ONLY} must be true or false; read as the strictest "
            "value (true: the managed allowlist alone)"
        )
    return value is not None and value is not False


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


def _entries(
    file: SettingsFile, key: str, warnings: list[str], envs: _Environments
) -> list[ServerEntry]:
    """The entries of ``file``'s list ``key``, expanded from ``envs``; a line in
    ``warnings`` per one left out or that a variable changed."""
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
            found.append(_expanded(entry, key == DENIED, envs, where, warnings))
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


class _Environments:
    """What policy entries expand from (worked out once, when an entry names a variable):
    ``pinned`` (coord's environment and the managed settings' ``env``: both lists) and
    ``deny`` (over it, the ``env`` of the settings files outside the workspace, the managed
    one first: a denylist's variables unset in ``pinned``)."""

    def __init__(self, files: Sequence[SettingsFile], environ: Mapping[str, str]):
        self.files = files
        self.environ = environ

    @cached_property
    def pinned(self) -> dict[str, str]:
        """Coord's environment, the managed settings' ``env`` over it."""
        managed = next((_env(f) for f in self.files if f.managed), {})
        return {**self.environ, **managed}

    @cached_property
    def deny(self) -> ChainMap[str, str]:
        """:attr:`pinned`, then the ``env`` of the files outside the workspace."""
        return ChainMap(self.pinned, *(_env(f) for f in self.files if not f.inside))


def _env(file: SettingsFile) -> dict[str, str]:
    """The string values of ``file``'s ``env`` mapping."""
    value = file.data.get("env")
    items = value.items() if isinstance(value, Mapping) else ()
    return {str(k): v for k, v in items if isinstance(v, str)}


def _expanded(
    entry: ServerEntry, deny: bool, envs: _Environments, where: str, warnings: list[str]
) -> ServerEntry:
    """``entry`` with its variables expanded as the module says (a name: as written)."""
    words = entry.value if isinstance(entry.value, tuple) else (entry.value,)
    if entry.kind is EntryKind.NAME or not any("${" in w for w in words):
        return entry
    env: Mapping[str, str] = envs.deny if deny else envs.pinned
    expand = Expander(env)
    got = tuple(expand(w) for w in words)
    unset = ", ".join(expand.missing)
    if expand.missing and not deny:
        warnings.append(f"{where}: {unset} not set: the entry is ignored (it never widens)")
        return replace(entry, written=entry.value, ignored=True)
    if expand.missing:  # a denylist entry: any text where the unset variable stands
        warnings.append(f"{where}: {unset} not set: the entry blocks any value in its place")
        wild = _ANY if entry.kind is EntryKind.COMMAND else "*"
        expand = Expander({**env, **dict.fromkeys(expand.missing, wild)})
        got = tuple(expand(w) for w in words)
    elif not deny and entry.kind is EntryKind.URL and _rescoped(words[0], env):
        warnings.append(
            f"{where}: a variable's value would change the URL's scheme, host or path scope: "
            "the entry is ignored"
        )
        return replace(entry, written=entry.value, ignored=True)
    value = got if entry.kind is EntryKind.COMMAND else got[0]
    return replace(entry, value=value, written=entry.value)


def _rescoped(pattern: str, env: Mapping[str, str]) -> bool:
    """Whether a variable of the URL entry ``pattern`` has a value (from ``env``, else its
    default) that changes its scope: a ``*`` anywhere, a separator before the path."""
    for match in VARIABLE.finditer(pattern):
        value = env.get(match.group(1), match.group(2) or "")
        before = pattern[: match.start()]
        scheme = before.find("://")
        in_host = scheme < 0 or not any(c in "/?#" for c in before[scheme + 3 :])
        bad = _RESCOPE_HOST if in_host else _RESCOPE_PATH
        if any(c in bad or c.isspace() for c in value):
            return True
    return False


def _words_match(entry: str | tuple[str, ...], command: tuple[str, ...]) -> bool:
    """Whether ``command`` is the entry's words, each exactly (where a denylist entry's
    unset variable stands, :data:`_ANY`: any text)."""
    if not isinstance(entry, tuple) or len(entry) != len(command):
        return False
    for want, got in zip(entry, command, strict=True):
        if _ANY not in want:
            if want != got:
                return False
        elif re.fullmatch(".*".join(map(re.escape, want.split(_ANY))), got, re.DOTALL) is None:
            return False
    return True


def uses_variables(raw: object) -> bool:
    """Whether the server definition ``raw`` names a variable in its command, arguments,
    ``env``, URL or headers (Claude Code then checks a ``managed-mcp.json`` server against
    the allowlist: its effective definition comes from the user's environment)."""
    if not isinstance(raw, Mapping):
        return False
    texts: list[object] = [raw.get("command"), raw.get("url")]
    for key in ("args", "env", "headers"):
        value = raw.get(key)
        texts += value.values() if isinstance(value, Mapping) else _listed(value)
    return any(isinstance(t, str) and VARIABLE.search(t) for t in texts)


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []


class Expander:
    """Expands ``${VAR}``/``${VAR:-default}`` from ``environ``; remembers the variables
    that were unset and had no default, and those not ``expandable`` (when given: never
    read, their default used, set or not) that had none, each in the order first met."""

    def __init__(self, environ: Mapping[str, str], expandable: Collection[str] | None = None):
        self.environ = environ
        self.expandable = expandable
        self.missing: list[str] = []
        self.refused: list[str] = []

    def __call__(self, text: str) -> str:
        return VARIABLE.sub(self._one, text)

    def _one(self, match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if self.expandable is not None and name not in self.expandable:
            if default is not None:  # its value never read: the default, set or not
                return default
            if name not in self.refused:
                self.refused.append(name)
            return match.group(0)
        value = self.environ.get(name)
        if value is not None:
            return value
        if default is not None:
            return default
        if name not in self.missing:
            self.missing.append(name)
        return match.group(0)
