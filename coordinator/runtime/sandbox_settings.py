"""Claude Code's ``sandbox`` settings, ``claudeMdExcludes`` and ``policyHelper``, as coord
reads them.

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
  never widens past what the managed settings allow, and a workspace file widens nothing;
* already so: ``enabled: true``, ``allowUnsandboxedCommands: false``, ``allowedDomains: []``
  and a ``denyRead`` of the home folder's files (the sandbox shows no home folder);
* not honoured, one warning per file setting one (:func:`unread_sandbox`): keys that widen
  (``allowWrite``, ``allowRead``, ``excludedCommands``, ``allowUnsandboxedCommands: true``,
  ``enabled: false``: coord sandboxes anyway), domain lists (no proxy to apply them), and
  ``denyRead``/``denyWrite`` paths (coord's sandbox decides what it shows; the permission
  rules ``Read(…)``/``Edit(…)`` restrict the file tools);
* ``claudeMdExcludes`` (CLAUDE.md files to skip): not read, a warning (every CLAUDE.md file
  still reaches the agents; it is context, not a restriction); ``policyHelper`` (managed
  only: a program whose output is the managed settings): not run, a warning (coord has no
  runner for an administrator's program; its policy is not applied).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coordinator.config import Settings
from coordinator.errors import UserError

#: Each key coord does not honour where a settings file sets it, and what coord does.
UNREAD = {
    "sandbox.enabled": "Bash always runs in coord's sandbox (--unsandboxed-bash turns it off)",
    "sandbox.excludedCommands": "every command runs in coord's sandbox",
    "sandbox.allowUnsandboxedCommands": "no command runs outside coord's sandbox",
    "sandbox.filesystem.allowWrite": "commands write the workspace only",
    "sandbox.filesystem.allowRead": "commands read the workspace and the system's folders"
    " (bash_read in coord's config adds one)",
    "sandbox.filesystem.denyRead": "coord's sandbox shows no home folder; Read(...) deny"
    " rules keep files from the file tools",
    "sandbox.filesystem.denyWrite": "Edit(...) deny rules keep files from the file tools",
    "sandbox.network.allowedDomains": "commands have no network unless --bash-network (all of"
    " it: coord has no domain proxy)",
    "sandbox.network.deniedDomains": "commands have no network unless --bash-network",
    "claudeMdExcludes": "every CLAUDE.md file reaches the agents",
    "policyHelper": "coord runs no policy program: the policy it would give is not applied",
}
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


def unread_sandbox(path: Path, data: Mapping[str, Any]) -> list[str]:
    """One warning per key of :data:`UNREAD` that ``data`` (the file ``path``) sets to a
    value coord does not keep, saying what coord does instead."""
    found: dict[str, object] = {k: data.get(k) for k in ("claudeMdExcludes", "policyHelper")}
    block = data.get("sandbox")
    if isinstance(block, Mapping):
        found |= {f"sandbox.{k}": v for k, v in block.items()}
        for part in ("filesystem", "network"):
            inner = block.get(part)
            if isinstance(inner, Mapping):
                found |= {f"sandbox.{part}.{k}": v for k, v in inner.items()}
    return [
        f"{path}: {key} is not honoured by coord: {UNREAD[key]}"
        for key, value in found.items()
        if key in UNREAD and value is not None and value not in _KEPT.get(key, ())
    ]


@dataclass(frozen=True)
class SandboxPolicy:
    """What the managed settings' ``sandbox`` block asks of coord's flags: the key that
    asks for the sandbox, the key that limits the domains (None: none), and the file."""

    sandboxed: str | None
    domains: str | None
    path: Path

    @classmethod
    def read(cls, data: Mapping[str, Any], path: Path) -> SandboxPolicy | None:
        """The policy of the managed settings ``data`` (read from ``path``), None when its
        ``sandbox`` block asks nothing of the flags."""
        block = data.get("sandbox")
        if not isinstance(block, Mapping):
            return None
        sandboxed = next((k for k, v in _SANDBOXED.items() if block.get(k) is v), None)
        network = block.get("network")
        limits = network if isinstance(network, Mapping) else {}
        domains = next((k for k in _DOMAINS if limits.get(k) not in (None, False)), None)
        if sandboxed is None and domains is None:
            return None
        return cls(sandboxed, None if domains is None else f"network.{domains}", path)


def refuse_widening(policy: SandboxPolicy | None, settings: Settings) -> None:
    """UserError when a flag (or coord's config) would widen Bash past what the managed
    settings' ``sandbox`` block allows: ``--unsandboxed-bash`` where it asks for the
    sandbox, ``--bash-network`` (every domain) where it limits the domains."""
    if policy is None:
        return
    if settings.unsandboxed_bash and policy.sandboxed is not None:
        raise UserError(
            f"{policy.path}: sandbox.{policy.sandboxed} asks for the sandbox: "
            "--unsandboxed-bash (or the config's unsandboxed_bash) is refused",
            hint="Drop --unsandboxed-bash: Bash runs in coord's bubblewrap sandbox.",
        )
    if settings.bash_network and policy.domains is not None:
        raise UserError(
            f"{policy.path}: sandbox.{policy.domains} limits the network's domains, and "
            "--bash-network (or the config's bash_network) would open every one: refused",
            hint="Drop --bash-network: coord has no domain proxy, so commands run offline.",
        )
