"""The Claude Code extras of a session, gathered once before it runs: hooks (with how
confined hooks are sandboxed), preloaded skills and memory, and what to tell the person."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import HookSet, session_hooks
from coordinator.runtime.preload import Preload


@dataclass(frozen=True)
class SessionExtras:
    """Hooks, their environment and the preloader for one command's engine."""

    hooks: HookSet
    env: HookEnv
    preload: Preload

    def notice(self, registry: Registry, settings: Settings) -> list[str]:
        """Lines for the person, printed once by ``coord run``: the active hooks (or that
        they are off) and every hook, skill, effort or memory setting that will not apply."""
        lines: list[str] = []
        listing = self.hooks.listing() if self.hooks.enabled else []
        if listing:
            lines.append(f"hooks: {len(listing)} active (--no-hooks turns them off)")
            lines += [f"  {line}" for line in listing]
            if self.env.confine is None and any(_confined(self.hooks)):
                lines.append(f"  note: {self.env.skip_reason}")
        lines += [f"warning: {w}" for w in self.hooks.warnings]
        for spec in registry:
            model = settings.resolve_model(spec.model)
            lines += [f"warning: {w}" for w in self.preload.warnings(spec, model)]
        return lines


def _confined(hooks: HookSet) -> list[bool]:
    every = [*hooks.hooks, *(h for hs in hooks.agent_hooks.values() for h in hs)]
    return [h.confined for h in every if h.confined]


def session_extras(
    workspace: Path,
    settings: Settings,
    registry: Registry,
    *,
    hooks: bool = True,
    home: Path | None = None,
) -> SessionExtras:
    """The extras of a session in ``workspace``; ``hooks=False`` (``--no-hooks``) turns
    every hook off."""
    root = workspace.resolve()
    found = session_hooks(root, registry, enabled=hooks, home=home)
    env = HookEnv(root, confine=None)
    preload = Preload(root, home=home or Path.home())
    return SessionExtras(found, env, preload)
