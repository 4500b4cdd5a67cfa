"""Claude Code's ``sandbox`` settings and ``policyHelper``, as coord reads them.

Claude Code's sandboxing page and settings reference: ``sandbox.enabled`` runs Bash in an OS
sandbox (bubblewrap on Linux) that writes the working folder only, reads the machine but
``filesystem.denyRead``, reaches the domains ``network.allowedDomains`` lists (a proxy asks
for others); ``filesystem.allowWrite``/``denyWrite``/``allowRead`` move those edges (arrays
merged across every scope; ``allowManagedReadPathsOnly``, ``network.allowManagedDomainsOnly``
managed only); ``excludedCommands`` run outside it; ``allowUnsandboxedCommands`` (default
true) lets a command that fails in it run again outside it; ``failIfUnavailable`` makes a
missing sandbox an error. coord's Bash always runs in its own bubblewrap sandbox (unless
``--unsandboxed-bash``): the workspace alone, writable; no home folder; no network unless
``--bash-network`` (the whole host network: coord has no domain proxy); nothing runs
outside it. So:

* honoured, narrowing: the managed settings asking for the sandbox (``sandbox.enabled:
  true``, ``failIfUnavailable: true`` or ``allowUnsandboxedCommands: false``) refuse
  ``--unsandboxed-bash``; the managed settings limiting the network
  (``network.allowedDomains``, ``deniedDomains``, ``allowManagedDomainsOnly``) refuse
  ``--bash-network``, which would open every domain (:func:`refuse_widening`). A flag
  never widens past what the managed settings allow, and a workspace file widens nothing.
  A managed ``sandbox`` or ``sandbox.network`` that is not a JSON object, or a switch of
  those three that is not true or false, is read as its strictest value (one warning); the
  lines name the file that set the block (a ``managed-settings.d`` drop-in: ``key_source``);
* honoured from every file (deny lists only narrow): ``filesystem.denyRead``/``denyWrite``
  (:func:`filesystem_denies`; with the paths of the ``Read(…)``/``Edit(…)`` deny rules,
  :mod:`coordinator.runtime.bash_denies`), hidden from or read-only to every command;
* already so: ``enabled: true``, ``allowUnsandboxedCommands: false``, ``allowedDomains: []``;
* not honoured, one warning per file setting one (:func:`unread_sandbox`): keys that widen
  (``allowWrite``, ``allowRead``, ``excludedCommands``, ``allowUnsandboxedCommands: true``,
  ``enabled: false``: coord sandboxes anyway; the user's or managed ``allowRead`` is read
  only to keep a ``denyRead`` holding the workspace from refusing every command:
  :func:`read_reopened`), and domain lists (no proxy to apply them);
* ``policyHelper`` (managed only: a program whose output is the managed settings): not run,
  a warning (coord has no runner for an administrator's program; its policy is not
  applied). (``claudeMdExcludes`` is honoured: :mod:`coordinator.runtime.md_excludes`.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coordinator.claude_home import key_source
from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.tools.denied import Access
from coordinator.tools.files import unencodable
from coordinator.tools.globbing import no_character

#: Each key coord does not honour where a settings file sets it, and what coord does.
UNREAD = {
    "sandbox.enabled": "Bash always runs in coord's sandbox (--unsandboxed-bash turns it off)",
    "sandbox.excludedCommands": "every command runs in coord's sandbox",
    "sandbox.allowUnsandboxedCommands": "no command runs outside coord's sandbox",
    "sandbox.filesystem.allowWrite": "commands write the workspace only",
    "sandbox.filesystem.allowRead": "commands read the workspace and the system's folders"
    " (bash_read in coord's config adds one); it only keeps a denyRead holding the workspace"
    " from hiding it",
    "sandbox.network.allowedDomains": "commands have no network unless --bash-network (all of"
    " it: coord has no domain proxy)",
    "sandbox.network.deniedDomains": "commands have no network unless --bash-network",
    "policyHelper": "coord runs no policy program: the policy it would give is not applied",
}

#: The key whose warning a workspace file gets in its own words (:func:`unread_sandbox`).
ALLOW_READ = "sandbox.filesystem.allowRead"
#: A workspace file's ``allowRead``: read by nothing (it would widen what agents read).
WORKSPACE_ALLOW_READ = (
    "commands read the workspace and the system's folders (bash_read in coord's config adds"
    " one); a workspace file's allowRead re-opens nothing"
)
#: Values of a key that coord's sandbox already keeps (no warning for them).
_KEPT: dict[str, tuple[object, ...]] = {
    "sandbox.enabled": (True,),
    "sandbox.allowUnsandboxedCommands": (False,),
    "sandbox.network.allowedDomains": ([],),
    "sandbox.network.deniedDomains": ([],),
}
#: Managed keys (and the values) that ask for the sandbox: ``--unsandboxed-bash`` refused.
_SANDBOXED = {
    "enabled": True,
    "failIfUnavailable": True,
    "allowUnsandboxedCommands": False,
}
#: Managed network keys that limit the domains: ``--bash-network`` refused.
_DOMAINS = ("allowedDomains", "deniedDomains", "allowManagedDomainsOnly")


def unread_sandbox(
    path: Path, data: Mapping[str, Any], *, managed: bool = False, inside: bool = False
) -> list[str]:
    """One warning per key of :data:`UNREAD` that ``data`` (the file ``path``) sets to a
    value coord does not keep, saying what coord does instead (``inside``: the file lies in
    the workspace, whose ``allowRead`` re-opens nothing: :data:`WORKSPACE_ALLOW_READ`); one
    per block that is not a JSON object, ignored (``managed``: the block or its
    ``network``, read as the strictest, said by :meth:`SandboxPolicy.read`)."""
    found: dict[str, object] = {"policyHelper": data.get("policyHelper")}
    block = data.get("sandbox")
    blocks = {"sandbox": block}
    if isinstance(block, Mapping):
        found |= {f"sandbox.{k}": v for k, v in block.items()}
        for part in ("filesystem", "network"):
            inner = blocks[f"sandbox.{part}"] = block.get(part)
            if isinstance(inner, Mapping):
                found |= {f"sandbox.{part}.{k}": v for k, v in inner.items()}
    read_strictest = _READ_STRICTEST if managed else ()
    broken = [
        k
        for k, v in blocks.items()
        if v is not None and not isinstance(v, Mapping) and k not in read_strictest
    ]
    said = {**UNREAD, ALLOW_READ: WORKSPACE_ALLOW_READ} if inside else UNREAD
    return [
        f"{path}: {key} is not honoured by coord: {said[key]}"
        for key, value in found.items()
        if key in UNREAD and value is not None and value not in _KEPT.get(key, ())
    ] + [f"{path}: {key} must be a JSON object: ignored" for key in broken]


#: The managed blocks that, not a JSON object, are read as the strictest (said there).
_READ_STRICTEST = ("sandbox", "sandbox.network")


@dataclass(frozen=True)
class SandboxPolicy:
    """What the managed settings' ``sandbox`` block asks of coord's Bash flags: why Bash
    stays sandboxed and why the network's domains are limited (each: the key and what it
    says; None: it does not), and the file that set the block."""

    sandboxed: str | None
    domains: str | None
    path: Path

    @classmethod
    def read(cls, data: Mapping[str, Any], path: Path, warnings: list[str]) -> SandboxPolicy | None:
        """The policy of the managed settings ``data`` (read from ``path``, its drop-ins
        merged), None when its ``sandbox`` block asks nothing of the flags. A block (or its
        ``network``) that is not a JSON object, or a switch that is not true or false, is
        read as its strictest value, one line in ``warnings`` saying so."""
        block = data.get("sandbox")
        if block is None:
            return None
        source = key_source(path, "sandbox")
        if not isinstance(block, Mapping):
            warnings.append(f"{source}: sandbox {_STRICTEST}")
            return cls(f"sandbox {_UNREAD}", f"sandbox {_UNREAD}", source)
        sandboxed = _sandboxed(block, source, warnings)
        network = block.get("network")
        if network is not None and not isinstance(network, Mapping):
            warnings.append(f"{source}: sandbox.network {_STRICTEST}")
            domains: str | None = f"sandbox.network {_UNREAD}"
        else:
            limits = network or {}
            key = next((k for k in _DOMAINS if limits.get(k) not in (None, False)), None)
            domains = None if key is None else f"sandbox.network.{key} limits the network's domains"
        if sandboxed is None and domains is None:
            return None
        return cls(sandboxed, domains, source)


#: What a managed block that is not a JSON object is read as.
_STRICTEST = (
    "must be a JSON object: read as the strictest (--unsandboxed-bash and --bash-network refused)"
)
#: Why a flag is refused under such a block.
_UNREAD = "is not a JSON object (read as the strictest)"


def _sandboxed(block: Mapping[str, Any], source: Path, warnings: list[str]) -> str | None:
    """Why the managed ``block`` keeps Bash sandboxed (a switch of :data:`_SANDBOXED` at
    its value, or not true or false: a warning naming ``source``), or None."""
    for key, strict in _SANDBOXED.items():
        value = block.get(key)
        if value is strict:
            return f"sandbox.{key} asks for the sandbox"
        if value is not None and not isinstance(value, bool):
            warnings.append(
                f"{source}: sandbox.{key} must be true or false: read as {str(strict).lower()}"
            )
            return f"sandbox.{key} is not true or false (read as {str(strict).lower()})"
    return None


def refuse_widening(policy: SandboxPolicy | None, settings: Settings) -> None:
    """UserError when a flag (or coord's config) would widen Bash past what the managed
    settings' ``sandbox`` block allows: ``--unsandboxed-bash`` where it asks for the
    sandbox, ``--bash-network`` (every domain) where it limits the domains."""
    if policy is None:
        return
    if settings.unsandboxed_bash and policy.sandboxed is not None:
        raise UserError(
            f"{policy.path}: {policy.sandboxed}: "
            "--unsandboxed-bash (or the config's unsandboxed_bash) is refused",
            hint="Drop --unsandboxed-bash: Bash runs in coord's bubblewrap sandbox.",
        )
    if settings.bash_network and policy.domains is not None:
        raise UserError(
            f"{policy.path}: {policy.domains}, and "
            "--bash-network (or the config's bash_network) would open every one: refused",
            hint="Drop --bash-network: coord has no domain proxy, so commands run offline.",
        )


@dataclass(frozen=True)
class PathDeny:
    """A path the settings deny Bash commands: ``pattern`` in the permission rules' syntax
    (``//abs``, ``~/p``, ``/p`` from the workspace, ``p`` a name at any depth), how
    (``access``), and the rule as the user finds it (``label``)."""

    pattern: str
    access: Access
    label: str


#: The sandbox keys that deny paths, and what they deny.
DENY_KEYS = {"denyRead": Access.HIDDEN, "denyWrite": Access.READ_ONLY}


def filesystem_denies(
    path: Path, data: Mapping[str, Any], *, inside: bool, warnings: list[str]
) -> list[PathDeny]:
    """The ``sandbox.filesystem.denyRead``/``denyWrite`` paths of the settings file
    ``path`` (``inside``: it lies in the workspace), in the rules' syntax (Claude Code's
    settings reference, "Sandbox path prefixes": ``/p`` and ``//p`` absolute, ``~/p`` from
    the home folder, ``./p`` or ``p`` from the project root in a project's file, from the
    file's folder, ``~/.claude``, in the user's); an entry that is no path: one line in
    ``warnings``, skipped."""
    found: list[PathDeny] = []
    for key, access in DENY_KEYS.items():
        for entry, pattern in _paths(path, data, key, inside, warnings):
            warnings += _no_match(path, key, entry)
            label = f"{entry} (sandbox.filesystem.{key}, {path})"
            found.append(PathDeny(pattern, access, label))
    return found


def read_reopened(path: Path, data: Mapping[str, Any], warnings: list[str]) -> list[str]:
    """The ``sandbox.filesystem.allowRead`` paths of the settings file ``path`` (outside
    the workspace), in the rules' syntax: read only to keep a ``denyRead`` holding the
    workspace from refusing every command where one of them re-opens it (Claude Code:
    ``allowRead`` re-allows reading within ``denyRead`` regions); one that can match no
    path (``[z-a]``): a line in ``warnings`` (what is no path is :func:`unread_sandbox`'s)."""
    found = _paths(path, data, "allowRead", False, [])
    warnings += [line for entry, _ in found for line in _no_match(path, "allowRead", entry)]
    return [pattern for _, pattern in found]


def _no_match(path: Path, key: str, entry: str) -> list[str]:
    """A line for each class of the ``sandbox.filesystem.KEY`` entry ``entry`` of the
    settings file ``path`` that matches no character (a backwards range, ``[z-a]``), as a
    permission rule's is warned of."""
    return [
        f"{path}: sandbox.filesystem.{key}: {entry!r} matches no path: {said}"
        for said in no_character(entry)
    ]


#: The managed-only key that makes the managed ``allowRead`` the only one read.
MANAGED_READ_ONLY = "allowManagedReadPathsOnly"


def managed_read_only(data: Mapping[str, Any]) -> bool:
    """Whether the managed settings ``data`` set ``sandbox.filesystem.``
    :data:`MANAGED_READ_ONLY` (only their ``allowRead`` is read)."""
    return _filesystem(data).get(MANAGED_READ_ONLY) is True


def _filesystem(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``sandbox.filesystem`` block of the settings ``data`` (empty when either is no
    JSON object: said by :func:`unread_sandbox`)."""
    block = data.get("sandbox")
    inner = block.get("filesystem") if isinstance(block, Mapping) else None
    return inner if isinstance(inner, Mapping) else {}


def _paths(
    path: Path, data: Mapping[str, Any], key: str, inside: bool, warnings: list[str]
) -> list[tuple[str, str]]:
    """Each entry of ``sandbox.filesystem.KEY`` in ``data`` with its path in the rules'
    syntax; what is no list of paths: a line in ``warnings``, skipped."""
    entries = _filesystem(data).get(key)
    if entries is None:
        return []
    if not isinstance(entries, list):
        warnings.append(f"{path}: sandbox.filesystem.{key} must be a list of paths: ignored")
        return []
    found: list[tuple[str, str]] = []
    for entry in entries:
        if not isinstance(entry, str) or not entry.strip() or "\x00" in entry or unencodable(entry):
            warnings.append(f"{path}: sandbox.filesystem.{key}: {entry!r} is no path: skipped")
            continue
        found.append((entry, _as_rule_path(entry, path, inside)))
    return found


def _as_rule_path(entry: str, path: Path, inside: bool) -> str:
    """A sandbox path as the permission rules write it (:class:`PathDeny`)."""
    if entry.startswith("~/") or entry == "~":
        return f"~/{entry[2:]}"
    if entry.startswith("/"):
        return "//" + entry.lstrip("/")
    relative = entry[2:] if entry.startswith("./") else entry
    relative = "" if relative == "." else relative
    return f"/{relative}" if inside else f"/{path.parent.as_posix()}/{relative}"
