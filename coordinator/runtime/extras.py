"""The Claude Code extras of a session, gathered once before it runs: hooks (with how
confined hooks are sandboxed), preloaded skills and memory, the settings' permission rules,
and what to tell the person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coordinator.claude_home import MANAGED_SETTINGS
from coordinator.clip import counted
from coordinator.config import Settings
from coordinator.events import Observer
from coordinator.providers.base import Provider
from coordinator.roster.registry import Registry
from coordinator.runtime.bash_denies import BashDenies
from coordinator.runtime.engine import Engine, protected_folders
from coordinator.runtime.hook_agent import HookFiles
from coordinator.runtime.hook_mcp import HookServers
from coordinator.runtime.hook_prompt import DEFAULT_MODEL as HOOKS_MODEL
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import (
    PROMPTED_KINDS,
    HookEvent,
    HookSet,
    HookSource,
    session_hooks,
)
from coordinator.runtime.instructions import CLAUDE_MD, omits_claude_md
from coordinator.runtime.permission_files import load_permissions
from coordinator.runtime.permissions import PermissionRules
from coordinator.runtime.preload import Preload
from coordinator.runtime.sandbox_settings import refuse_widening
from coordinator.runtime.stopping import StepStop
from coordinator.store.db import Store
from coordinator.store.index import watched_store_files
from coordinator.tools.base import ToolContext
from coordinator.tools.git_held import held_warnings
from coordinator.tools.sandbox import Confiner, bash_sandbox
from coordinator.tools.storefiles import KnownStores, StoresWithin

NO_BASH = "workspace hooks run only with --allow-bash (an agent could have written them)"
NO_SANDBOX = "workspace hooks run only in the Bash sandbox; --unsandboxed-bash leaves them off"


@dataclass(frozen=True)
class SessionExtras:
    """Hooks, their environment and the preloader for one command's engine."""

    hooks: HookSet
    env: HookEnv
    preload: Preload
    permissions: PermissionRules = field(default_factory=PermissionRules)
    #: The session databases the user's index knows (:func:`known_store_files`), read once
    #: for the command: hidden from its commands, refused by its tools.
    stores: KnownStores | None = None

    def engine(
        self,
        registry: Registry,
        provider: Provider,
        store: Store,
        settings: Settings,
        workspace: Path,
        *,
        model: str | None,
        observer: Observer | None = None,
        reach: tuple[str, ...] = (),
        step_stop: StepStop | None = None,
    ) -> Engine:
        """An engine for the session in ``workspace`` that runs with these extras (how
        ``coord run``/``resume``, workers and ``coord mcp`` build theirs; ``reach``: the
        flags its results' resume command names the store with; ``step_stop``: a worker's
        bound on the tool calls running when it stops)."""
        return Engine(
            registry=registry,
            provider=provider,
            store=store,
            settings=settings,
            workspace=workspace,
            observer=observer,
            model=model,
            hooks=self.hooks,
            hook_env=self.env,
            preload=self.preload,
            permissions=self.permissions,
            stores=self.stores,
            protected=self.env.files.ctx.protected if self.env.files is not None else None,
            reach=reach,
            step_stop=step_stop,
        )

    def notice(
        self,
        registry: Registry,
        settings: Settings,
        model: str | None = None,
        *,
        quiet: bool = False,
    ) -> list[str]:
        """Lines for the person, printed once by ``coord run``: the active hooks (or that
        they are off) and every hook, skill, effort, memory setting, CLAUDE.md file or
        model (``model``: ``--model``, which every agent's run calls) that will not
        apply. ``quiet`` (``--json``): without the routine listing of the active hooks
        (kept when one is skipped) and of the permission rules."""
        lines = self._hook_lines(quiet)
        lines += [f"warning: {w}" for w in self.hooks.warnings]
        rules = [] if quiet else self.permissions.listing()
        if rules:
            lines.append(f"permission rules: {len(rules)} deny/ask (a call they match is refused)")
            lines += [f"  {line}" for line in rules]
        lines += [f"warning: {w}" for w in self.permissions.warnings]
        policy = self.permissions.models
        lines += self._swapped(settings, model)
        for spec in registry:
            note = self.permissions.mode_note(spec.name, spec.permission_mode)
            lines += [f"warning: {note}"] if note else []
            used = settings.resolve_model(spec.model)
            if policy is not None:
                used, moved = policy.model_for(spec.model, settings)
                lines += [f"warning: {spec.name}: {moved}"] if moved and model is None else []
            said = [f"warning: {w}" for w in self.preload.warnings(spec, used)]
            lines += [line for line in said if line not in lines]  # a skill's: once
        lines += [f"warning: {w}" for w in self.preload.skill_notes()]
        if not all(omits_claude_md(spec) for spec in registry):
            lines += [f"warning: {w}" for w in self.preload.instructions().warnings]
        return lines

    def _swapped(self, settings: Settings, model: str | None) -> list[str]:
        """A line for each model the managed availableModels swaps, as for an agent's own:
        ``--model``'s, the prompt and agent hooks' (their own, or the hooks' default), the
        LLM router's."""
        policy = self.permissions.models
        if policy is None:
            return []
        asked: dict[str, str | None] = {} if model is None else {"--model": model}
        for hook in self.hooks.every() if self.hooks.enabled else ():
            if hook.kind in PROMPTED_KINDS:
                said = f"{hook.event} {hook.kind} hook ({hook.origin}, {hook.path})"
                asked[said] = hook.model or HOOKS_MODEL
        if settings.router == "llm":
            asked["router llm"] = settings.router_model
        moved = {who: policy.model_for(wanted, settings)[1] for who, wanted in asked.items()}
        return [f"warning: {who}: {line}" for who, line in moved.items() if line]

    def _hook_lines(self, quiet: bool = False) -> list[str]:
        """``hooks: N active``, then a line a hook: those an agent could have written are
        counted out, and marked skipped, while no sandbox may run them (no --allow-bash).
        ``quiet``: none when every hook runs (a listing, not a warning)."""
        listing = self.hooks.listing() if self.hooks.enabled else []
        if not listing:
            return []
        managed = any(h.source == HookSource.MANAGED for h in self.hooks.hooks)
        off = "all but the managed ones" if managed else "them"
        every = self.hooks.every()
        skipped = [h.confined and self.env.confine is None for h in every]
        if quiet and not any(skipped):
            return []
        active = (
            f"{len(listing) - sum(skipped)} of {len(listing)}" if any(skipped) else len(listing)
        )
        lines = [f"hooks: {active} active (--no-hooks turns {off} off)"]
        lines += [f"  {'skipped: ' * s}{line}" for line, s in zip(listing, skipped, strict=True)]
        if any(skipped):
            lines.append(f"  note: {self.env.skip_reason}")
        pre = [h.event == HookEvent.PRE_TOOL_USE and not h.fail_closed for h in every]
        guards = sum(s and p for s, p in zip(skipped, pre, strict=True))
        closed = sum(s and h.fail_closed for s, h in zip(skipped, every, strict=True))
        return lines + _unrun_notes(guards, closed)


def _unrun_notes(guards: int, closed: int) -> list[str]:
    """What skipped hooks leave undone: ``guards`` PreToolUse hooks that check nothing now,
    ``closed`` hooks with onFailure "block" that refuse what they match (a note each)."""
    notes = []
    if guards:
        one = guards == 1
        notes.append(
            f"  note: {counted(guards, 'skipped PreToolUse hook')} "
            f"{'checks' if one else 'check'} nothing: the calls "
            f"{'it matches' if one else 'they match'} run without {'it' if one else 'them'} "
            f"(--allow-bash runs {'it' if one else 'them'}, in the sandbox)"
        )
    if closed:
        one = closed == 1
        notes.append(
            f'  note: {counted(closed, "skipped hook")} with onFailure "block" '
            f"{'refuses what it matches' if one else 'refuse what they match'} "
            f"(--allow-bash runs {'it' if one else 'them'}, in the sandbox)"
        )
    return notes


def session_extras(
    workspace: Path,
    settings: Settings,
    registry: Registry,
    *,
    hooks: bool = True,
    home: Path | None = None,
    managed: Path | None = MANAGED_SETTINGS,
    untrusted: Sequence[Path] = (),
) -> SessionExtras:
    """The extras of a session in ``workspace``; ``hooks=False`` (``--no-hooks``) turns
    every hook off but the managed settings' (not the permission rules: they are not
    hooks). ``managed``: the managed-settings file (None: none). ``untrusted``: agents
    folders whose hooks run confined, as the workspace's do (a worker's, from a row)."""
    root = workspace.resolve()
    found = session_hooks(
        root, registry, enabled=hooks, home=home, managed=managed, untrusted=untrusted
    )
    protected = protected_folders(registry, root)
    stores = watched_store_files(settings.db)  # (the user's index: read again when changed)
    permissions = load_permissions(root, home=home, managed=managed)
    refuse_widening(permissions.sandbox, settings)  # a flag past the managed sandbox
    denied = BashDenies.of(permissions)
    permissions.warnings += _denies_left(denied, settings, root)
    confine, why = confiner(settings, protected, root, stores, denied)
    hidden = permissions.read_denied if permissions.rules else None
    within = StoresWithin(root, stores)
    env = HookEnv(
        root,
        confine=confine,
        skip_reason=why,
        files=HookFiles(
            ToolContext(root, hidden=hidden, protected=protected, stores=within),
            permissions.refusal,
        ),
        mcp=HookServers(
            home,
            tuple(t for t in permissions.removed_tools() if t.startswith("mcp__")),
            permissions.asked_mcp(),
            permissions.servers,
        ),
        settings_env=permissions.servers.env,
    )
    preload = Preload(
        root,
        home=home or Path.home(),
        hidden=hidden,
        managed=None if managed is None else managed.parent / CLAUDE_MD,
        stores=within,
        plugin_skills_only="skills" in permissions.locked,
        md_excludes=permissions.md_excludes,
        skill_refused=permissions.refused_skill,
        skill_name_only=permissions.name_only_skill,
        effort_level=permissions.effort_level,
    )
    return SessionExtras(found, env, preload, permissions, stores)


#: What ``--unsandboxed-bash`` leaves of the paths the settings deny.
UNSANDBOXED_DENIES = (
    "--unsandboxed-bash: commands run outside coord's sandbox, so the paths the settings deny"
    " (sandbox.filesystem.denyRead/denyWrite, Read(...)/Edit(...) rules) are kept from the"
    " file tools only"
)


def _denies_left(denied: BashDenies | None, settings: Settings, root: Path) -> list[str]:
    """Warnings of what the settings' denies leave Bash commands in the workspace ``root``:
    everything (``--unsandboxed-bash``), or the denied files git holds (readable through
    its objects: :func:`~coordinator.tools.git_held.held_warnings`); none without Bash."""
    if denied is None or not settings.allow_bash:
        return []
    if settings.unsandboxed_bash:
        return [UNSANDBOXED_DENIES]
    return held_warnings(denied, root)


def confiner(
    settings: Settings,
    protected: Sequence[Path] = (),
    workspace: Path | None = None,
    stores: KnownStores | None = None,
    denied: BashDenies | None = None,
) -> tuple[Confiner | None, str]:
    """How hooks an agent could have written run: in the Bash sandbox (bubblewrap, the
    workspace, or a worktree run's worktree, read-write, no network unless --bash-network,
    an allow-listed environment; ``protected``: the roster's agent folders in
    ``workspace``, read-only, where a worktree has them too; ``denied``: the paths the
    settings deny commands), and only when the user allowed Bash; otherwise not at all,
    and why."""
    if not settings.allow_bash:
        return None, NO_BASH
    # UserError when bwrap is missing or cannot run here
    known = watched_store_files(settings.db) if stores is None else stores
    sandbox = bash_sandbox(settings, known, denied)
    program = sandbox.program()
    if sandbox.unsandboxed or program is None:
        return None, NO_SANDBOX
    confine = Confiner(program, sandbox, protected, workspace)  # env: the hook process's
    return confine, ""
