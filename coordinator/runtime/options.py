"""What a session remembers for ``coord resume``, typed, and the model flags of a command.

A session stores the choices a resume needs to rebuild the same roster and provider: its
agent folders, ``--only``, the provider, script, model, base URL and ``--allow-bash``.
Never a secret: a base URL carrying credentials (``https://user:key@host``, a query string
or fragment) is not stored, so a resume must be given it again.

Hooks and skills are not part of a session: a resume (local or a worker) uses those of the
machine and workspace it runs on. The session remembers a digest of them
(:func:`extras_digest`) so that a resume that finds different ones says so
(:func:`extras_note`); nothing else changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from coordinator.claude_home import claude_home
from coordinator.errors import UserError
from coordinator.providers.base import ProviderKind
from coordinator.status import BASH_TURNED_ON

if TYPE_CHECKING:
    from coordinator.config import Settings, SettingsExplained
    from coordinator.providers.base import Provider
    from coordinator.providers.factory import ReadyProvider
    from coordinator.roster.registry import Registry
    from coordinator.roster.spec import AgentSpec


#: The flags of a queued resume a worker honours (:meth:`SessionOptions.with_resume_flags`).
HANDED = frozenset({"provider", "script", "model", "agents_dirs", "only", "hooks"})


def storable_url(url: str | None) -> str | None:
    """``url`` when it may be stored with a session; None when it could carry credentials
    (user info, a query string or a fragment) or cannot be parsed."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        has_user = parts.username is not None or parts.password is not None
    except ValueError:
        return None
    if has_user or "@" in parts.netloc or parts.query or parts.fragment:
        return None
    return url


@dataclass(frozen=True)
class ModelChoice:
    """The provider flags of a command, turned into a provider when a run starts (the SDK
    is imported then). ``base_url`` is used as given, credentials included."""

    kind: str | None = None
    script: Path | None = None
    base_url: str | None = None
    model: str | None = None
    #: Where ``base_url`` came from, as an error about it names it.
    base_url_from: str = field(default="--base-url", compare=False)
    #: Where ``script`` came from, as an error about it names it: the flag, or the session
    #: a resume remembers it from (:data:`~coordinator.providers.factory.REMEMBERED_SCRIPT`).
    script_from: str = field(default="--script", compare=False)

    def __post_init__(self) -> None:
        if self.kind is None and self.script is not None:  # --script implies scripted
            object.__setattr__(self, "kind", ProviderKind.SCRIPTED.value)

    def check(self) -> None:
        """UserError for provider flags that cannot work (before routing; no SDK import)."""
        from coordinator.providers.factory import check_provider

        check_provider(self.kind, self.script, self.script_from)

    def checked(self, explained: SettingsExplained) -> ModelChoice:
        """This choice with its model names checked where they are the Anthropic API's:
        ``--model`` (stripped) unless a custom base URL is in use (a gateway or a local
        server takes its own names), and the settings' ``default_model`` too when the
        provider is the Anthropic one (the scripted provider ignores it). UserError naming
        the flag, or the file and the field."""
        from coordinator.roster.fields import check_model, model_error

        settings = explained.settings
        if self.kind != "scripted":  # the scripted provider sends nothing anywhere
            self._check_base_url(explained)
        elif self.base_url is not None and self.base_url_from == "--base-url":
            from coordinator.errors import UserError

            typed = self.script_from == "--script"
            raise UserError(  # dropped silently, the user believing the server was called
                "--base-url is for the anthropic provider, not the scripted one"
                f" ({self.script_from})",
                hint="Drop --base-url (a script answers every call offline), or "
                + (
                    "drop --script (resuming a scripted session: add --provider anthropic)"
                    if typed
                    else "add --provider anthropic"
                )
                + " to call that server.",
            )
        if self.base_url or settings.base_url:
            return replace(self, model=self.model.strip() if self.model else self.model)
        checked = replace(self, model=check_model(self.model, settings.models))
        name = settings.default_model
        if self.kind not in (None, ProviderKind.ANTHROPIC) or name.strip() in settings.models:
            return checked
        if (error := model_error(name.strip())) is not None:
            from coordinator.errors import UserError

            source = explained.origin.get("default_model", "settings")
            raise UserError(
                f"{source}: invalid setting 'default_model': {error}",
                hint="Set it to sonnet, opus, haiku, a claude-… id or an alias of models: "
                "(any name goes with a base_url: a gateway or local server).",
            )
        return checked

    def _check_base_url(self, explained: SettingsExplained) -> None:
        """UserError for a base URL (``--base-url``, else ``ANTHROPIC_BASE_URL`` or a config
        file's ``base_url``) that is no http(s) address with a host: named with where it
        came from before any call (the SDK's retries would take it for an outage)."""
        from urllib.parse import urlsplit

        from coordinator.errors import UserError
        from coordinator.sanitize import shown_secretless

        url = self.base_url or explained.settings.base_url
        if url is None:
            return
        try:
            parts = urlsplit(url.strip())
            good = parts.scheme in ("http", "https") and bool(parts.hostname)
            good = good and (parts.port is None or parts.port > 0)  # 1 to 65535, or none
        except ValueError:  # a malformed port or address
            good = False
        if not good:
            source = (
                self.base_url_from
                if self.base_url
                else explained.origin.get("base_url", "base_url")
            )
            raise UserError(
                f"{source}: '{shown_secretless(url)}' is not an http:// or https:// address",
                hint="Pass --base-url with the Messages API's address: https://api.anthropic.com, "
                "a gateway's, or a local server's (http://localhost:8080).",
            )

    def prepared(self, settings: Settings, *, key_elsewhere: bool = False) -> ReadyProvider:
        """What the provider is built from, read and checked (UserError for a malformed
        script, a missing key unless ``key_elsewhere``: the command only queues sessions
        for the workers): no SDK import, no file made."""
        from coordinator.providers.factory import prepare_provider

        return prepare_provider(
            self.kind, settings, script=self.script, base_url=self.base_url,
            key_elsewhere=key_elsewhere, script_from=self.script_from,
        )  # fmt: skip

    def provider(self, settings: Settings) -> Provider:
        """The provider (:meth:`prepared`, then built: the SDK imported)."""
        return self.prepared(settings).build()


#: The notes a resume's log keeps when its flags widen the session's Bash
#: (:meth:`SessionOptions.bash_notes`).
UNSANDBOXED_FROM_RESUME = (
    "--unsandboxed-bash: shell commands run without the bubblewrap sandbox from this resume on"
)
NETWORK_FROM_RESUME = "--bash-network: shell commands keep the host network from this resume on"


@dataclass(frozen=True)
class BashGrants:
    """The sandbox flags of a resume (as ``coord run`` takes them): ``--unsandboxed-bash``,
    ``--bash-network`` and each ``--bash-env NAME``."""

    unsandboxed: bool = False
    network: bool = False
    env: tuple[str, ...] = ()

    def given(self) -> list[str]:
        """The flags given, as typed."""
        flags = [("--unsandboxed-bash", self.unsandboxed), ("--bash-network", self.network)]
        return [flag for flag, on in flags if on] + (["--bash-env"] if self.env else [])


@dataclass(frozen=True)
class SessionOptions:
    """The stored, secret-free choices a session was started with."""

    agents_dirs: tuple[str, ...] = ()
    only: bool = False
    provider: str | None = None
    script: str | None = None
    model: str | None = None
    base_url: str | None = None
    allow_bash: bool = False
    unsandboxed_bash: bool = False
    bash_network: bool = False
    bash_env: tuple[str, ...] = ()
    demo: bool = False
    hooks: bool = True
    #: :func:`extras_digest` of the hooks and skills the session started with (None: not
    #: recorded, e.g. a session stored before it was).
    extras: str | None = None

    @classmethod
    def remember(
        cls,
        choice: ModelChoice,
        *,
        agents_dirs: Sequence[Path] = (),
        only: bool = False,
        settings: Settings | None = None,
        allow_bash: bool = False,
        demo: bool = False,
        hooks: bool = True,
    ) -> SessionOptions:
        """The options to store for a new session (absolute folders, no credentials); the
        Bash choices (allowed, sandbox opt-out, network, environment names) come from
        ``settings`` when given."""
        if settings is not None:
            return replace(
                cls.remember(choice, agents_dirs=agents_dirs, only=only, demo=demo, hooks=hooks),
                allow_bash=settings.allow_bash,
                unsandboxed_bash=settings.unsandboxed_bash,
                bash_network=settings.bash_network,
                bash_env=tuple(settings.bash_env),
            )
        return cls(
            agents_dirs=tuple(str(p.resolve()) for p in agents_dirs),
            only=only,
            provider=choice.kind,
            script=str(choice.script.resolve()) if choice.script else None,
            model=choice.model,
            base_url=storable_url(choice.base_url),
            allow_bash=allow_bash,
            demo=demo,
            hooks=hooks,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionOptions:
        """Options as stored; a missing or mistyped field (an older row) takes its default."""
        dirs, env = data.get("agents_dirs"), data.get("bash_env")
        return cls(
            agents_dirs=tuple(str(d) for d in dirs) if isinstance(dirs, list) else (),
            only=data.get("only") is True,
            provider=_text(data.get("provider")),
            script=_text(data.get("script")),
            model=_text(data.get("model")),
            base_url=storable_url(_text(data.get("base_url"))),
            allow_bash=data.get("allow_bash") is True,
            unsandboxed_bash=data.get("unsandboxed_bash") is True,
            bash_network=data.get("bash_network") is True,
            bash_env=tuple(e for e in env if isinstance(e, str)) if isinstance(env, list) else (),
            demo=data.get("demo") is True,
            hooks=data.get("hooks") is not False,
            extras=_text(data.get("extras")),
        )

    def to_json(self) -> dict[str, Any]:
        """Every field by name, as :meth:`from_json` reads it (tuples as lists)."""
        return {
            "agents_dirs": list(self.agents_dirs),
            "only": self.only,
            "provider": self.provider,
            "script": self.script,
            "model": self.model,
            "base_url": self.base_url,
            "allow_bash": self.allow_bash,
            "unsandboxed_bash": self.unsandboxed_bash,
            "bash_network": self.bash_network,
            "bash_env": list(self.bash_env),
            "demo": self.demo,
            "hooks": self.hooks,
            "extras": self.extras,
        }

    def with_resume_flags(self, flags: Mapping[str, Any], workspace: Path) -> SessionOptions:
        """These options with the flags of a resume that queued the session for a worker
        (:meth:`~coordinator.runtime.launch.ResumeFlags.for_the_worker`: provider, script,
        model, agents folders, only, hooks) in their place, each read as a stored field is.

        Whoever can write the shared store can write these flags, so they may only narrow
        what the session was started with in ``workspace``: UserError, naming each, for any
        that would widen it (:meth:`widened_by`); nothing is applied in part."""
        wider = self.widened_by(flags, workspace)
        if wider:
            raise UserError(
                "the queued resume asks for more than the session was started with: "
                + "; ".join(wider),
                hint="A worker takes from a queued resume only what narrows the session"
                " (--no-hooks, --only, the scripted provider, another model or script, the"
                " session's own agents folders or one inside its workspace). Pass --here to"
                " drive it in this process with your own flags.",
            )
        given = {key: value for key, value in flags.items() if key in HANDED}
        return replace(SessionOptions.from_json({**self.to_json(), **given}), extras=self.extras)

    def widened_by(self, flags: Mapping[str, Any], workspace: Path) -> list[str]:
        """What a queued resume's ``flags`` would widen, one phrase each: a key a resume
        never hands on, hooks back on, ``--only`` off, a provider other than the session's
        or the offline scripted one (a worker's key goes only where the session's did), an
        agents folder neither the session's own nor inside ``workspace`` (resolved: its
        agents' hooks and MCP servers would run as the worker)."""
        wider = [f"{key} (never handed to a worker)" for key in sorted(set(flags) - HANDED)]
        if "hooks" in flags and flags["hooks"] is not False and not self.hooks:
            wider.append("hooks (the session was started with --no-hooks)")
        if "only" in flags and flags["only"] is not True and self.only:
            wider.append("--only off (the session reads only its agents folders)")
        if "provider" in flags:
            kind = _text(flags["provider"]) or ProviderKind.ANTHROPIC
            session = self.provider or ProviderKind.ANTHROPIC
            if kind not in (session, ProviderKind.SCRIPTED):
                wider.append(f"provider {kind} (the session's is {session})")
        if "agents_dirs" in flags:
            wider += [
                f"agents folder {d} (neither one the session was started with nor inside its"
                f" workspace {workspace})"
                for d in self._foreign_dirs(flags["agents_dirs"], workspace)
            ]
        return wider

    def _foreign_dirs(self, dirs: object, workspace: Path) -> list[str]:
        """The folders of ``dirs`` (as a queued resume names them) that are neither among
        this session's agents folders nor inside ``workspace``, both resolved."""
        if not isinstance(dirs, list):
            return [repr(dirs)]
        own = {Path(d).resolve() for d in self.agents_dirs}
        root = workspace.resolve()
        foreign = []
        for d in dirs:
            where = _absolute(d)
            if where is None or not (where in own or where.is_relative_to(root)):
                foreign.append(str(d))
        return foreign

    def with_extras(self, workspace: Path, agents: Iterable[AgentSpec]) -> SessionOptions:
        """These options with the digest of the hooks and skills a session in ``workspace``
        starts with (:func:`extras_digest`, hooks on or off as :attr:`hooks` says)."""
        return replace(self, extras=extras_digest(workspace, agents, hooks=self.hooks))

    def bash_overrides(self) -> dict[str, Any]:
        """The Bash choices the session was started with, as settings overrides for a
        resume (None: not given, so the user's own settings decide)."""
        return {
            "allow_bash": self.allow_bash or None,
            "unsandboxed_bash": self.unsandboxed_bash or None,
            "bash_network": self.bash_network or None,
            "bash_env": list(self.bash_env) or None,
        }

    def resume_overrides(
        self, *, allow_bash: bool = False, grants: BashGrants | None = None
    ) -> dict[str, Any]:
        """The Bash settings a resume runs with (``coord resume``, the MCP ``resume`` tool):
        the session's own (:meth:`bash_overrides`), with Bash turned on when ``allow_bash``
        (``--allow-bash`` given again) and each of ``grants`` (``--unsandboxed-bash``,
        ``--bash-network``, ``--bash-env NAME``, as ``coord run`` takes them) added, for this
        resume: the user asked for each, and the log says it (:meth:`bash_notes`). No flag
        of a resume turns one off; nothing is widened that was not given."""
        given = grants or BashGrants()
        wider: dict[str, Any] = {
            "allow_bash": allow_bash,
            "unsandboxed_bash": given.unsandboxed,
            "bash_network": given.network,
            "bash_env": list(dict.fromkeys([*self.bash_env, *given.env])) if given.env else None,
        }
        return self.bash_overrides() | {key: value for key, value in wider.items() if value}

    def bash_note(self, *, allow_bash: bool) -> str | None:
        """:data:`BASH_TURNED_ON` when ``allow_bash`` (given again) turns Bash on for a
        session started without it, for its log; None otherwise."""
        return BASH_TURNED_ON if allow_bash and not self.allow_bash else None

    def bash_notes(self, *, allow_bash: bool, grants: BashGrants | None = None) -> tuple[str, ...]:
        """What a resume's Bash flags widen of the session's own, one note each for its log
        (who widened what, when): Bash turned on (:meth:`bash_note`), then each of
        ``grants`` the session was started without."""
        given = grants or BashGrants()
        turned_on = self.bash_note(allow_bash=allow_bash)
        notes = [turned_on] if turned_on is not None else []
        if given.unsandboxed and not self.unsandboxed_bash:
            notes.append(UNSANDBOXED_FROM_RESUME)
        if given.network and not self.bash_network:
            notes.append(NETWORK_FROM_RESUME)
        added = [name for name in dict.fromkeys(given.env) if name not in self.bash_env]
        if added:
            notes.append(
                f"--bash-env: shell commands are given {', '.join(added)} from this resume on"
            )
        return tuple(notes)

    def resumed_with(
        self,
        settings: Settings,
        *,
        agents_dirs: Sequence[Path] = (),
        only: bool = False,
        choice: ModelChoice | None = None,
    ) -> tuple[list[Path], bool, ModelChoice]:
        """The roster folders, ``--only`` and model flags for a resume: each flag given
        again wins over what the session remembers. A remembered base URL is reused only
        where it cannot leak the key (:func:`~coordinator.providers.factory.resumed_base_url`):
        the database is a file, and the key never follows an address read back from one."""
        from coordinator.providers.factory import resumed_base_url

        choice = choice or ModelChoice()
        dirs = list(agents_dirs) or [Path(d) for d in self.agents_dirs]
        kind = choice.kind or self.provider
        url, url_from = choice.base_url, choice.base_url_from
        if url is None:  # a script sends nothing anywhere, so its URL needs no check
            scripted = kind == ProviderKind.SCRIPTED
            url = self.base_url if scripted else resumed_base_url(self.base_url, settings)
            url_from = "the session's stored base URL"
        from coordinator.providers.factory import REMEMBERED_SCRIPT

        kept = Path(self.script) if self.script and kind == ProviderKind.SCRIPTED else None
        merged = ModelChoice(
            kind,
            choice.script or kept,  # a remembered script goes with the scripted provider
            url,
            choice.model or self.model,
            url_from,
            choice.script_from if choice.script else REMEMBERED_SCRIPT,
        )
        return dirs, only or self.only, merged

    def resume_setup(
        self,
        settings: Settings,
        *,
        agents_dirs: Sequence[Path] = (),
        only: bool = False,
        choice: ModelChoice | None = None,
        hooks: bool = True,
    ) -> ResumeSetup:
        """:meth:`resumed_with`, with the agents folders this machine lacks set aside
        (moved, deleted, another checkout): those the session remembers and those the
        settings' ``agents_dirs`` name; the session's started runs go on with their stored
        definitions. Folders given again (``agents_dirs``) are used as given: one that is
        missing stays an error. Hooks run when the session started with them and ``hooks``
        (False: ``--no-hooks`` given again) does not turn them off."""
        dirs, only, merged = self.resumed_with(
            settings, agents_dirs=agents_dirs, only=only, choice=choice
        )
        configured = [d for d in settings.agents_dirs if d not in dirs]
        checked = configured if agents_dirs else [*dirs, *configured]  # given: used as given
        missing = tuple(d for d in checked if not d.exists())
        kept = tuple(d for d in (*dirs, *configured) if d not in missing)
        return ResumeSetup(kept, only, merged, missing, self.hooks and hooks, self)


@dataclass(frozen=True)
class ResumeSetup:
    """What a resume (``coord resume``, a worker, the MCP ``resume`` tool) builds its
    roster, provider and hooks from.

    ``dirs``: the agents folders to read (the remembered or given ones, then the settings'),
    ``missing``: agents folders not found here, left out of the roster; the runs already
    started keep the definitions stored when they started, and a consult chooses among the
    agents found here (the session's own definitions in place). ``hooks``: whether hooks
    run; ``saved``: what the session remembers.
    """

    dirs: tuple[Path, ...]
    only: bool
    choice: ModelChoice
    missing: tuple[Path, ...]
    hooks: bool
    saved: SessionOptions

    def notes(self, workspace: Path, agents: Iterable[AgentSpec]) -> tuple[str, ...]:
        """What differs from what the session remembers, for stderr, a worker's log, the
        session's log and a result: one line per missing folder, then
        :func:`extras_note` (the hooks and skills of ``workspace`` and ``agents``, on or off
        as :attr:`hooks` says, unlike those the session started with)."""
        missing = (
            f"agents folder {d} is not on this machine; the session goes on with its"
            " stored agent definitions"
            for d in self.missing
        )
        changed = extras_note(self.saved, workspace, agents, hooks=self.hooks)
        return (*missing, *((changed,) if changed is not None else ()))

    def registry(self, cwd: Path) -> Registry:
        """The roster: these folders, then (without ``only``) the project's, user's and
        bundled agents. With ``only`` and every folder missing, an empty roster: the stored
        definitions alone."""
        from coordinator.roster.loader import load_registry
        from coordinator.roster.registry import Registry

        if self.only and not self.dirs and self.missing:
            return Registry([])
        return load_registry(list(self.dirs), only=self.only, cwd=cwd)


#: What a resume says when the hooks or skills differ from those the session started with
#: (or its instruction files: a sub-folder's CLAUDE.md or a ``paths:`` rule a run was given
#: stays in its conversation as it was, and is not given again).
EXTRAS_CHANGED = (
    "hooks or skills differ from those the session started with, or its CLAUDE.md files"
    " or rules do; those of this machine and workspace are used (a run keeps the"
    " sub-folder files and rules it was already given)"
)


def extras_digest(
    workspace: Path, agents: Iterable[AgentSpec], *, hooks: bool, home: Path | None = None
) -> str:
    """A SHA-256 of the hook and skill configuration a session in ``workspace`` runs with:
    whether hooks are on, every settings-file hook and every agent's own ``hooks:`` (event,
    matcher, command or URL and headers, timeout, where from), and the text of every skill a
    run could preload (the user's ``skills/*/SKILL.md``, :mod:`coordinator.claude_home`, and
    ``WORKSPACE/.claude/skills/*/SKILL.md``), of every CLAUDE.md file it loads
    (:mod:`coordinator.runtime.instructions`), and of the ``paths:`` rules its Reads may
    bring (a run keeps the copy it was given, so a resume after an edit says so). None of a kind:
    the digest is the one a session stored before coord read them. Memory is left out:
    agents update it as they work."""
    from coordinator.runtime.hooks import HookKind, session_hooks
    from coordinator.runtime.preload import command_files

    home = home or Path.home()
    found = session_hooks(workspace, agents, enabled=hooks, home=home)
    listed = [
        [str(h.source), h.agent or "", str(h.event), h.matcher, h.handler, h.timeout]
        + (
            [h.kind, list(h.headers), list(h.allowed_env_vars)]
            if h.kind != HookKind.COMMAND
            else []
        )
        for h in [*found.hooks, *(h for hs in found.agent_hooks.values() for h in hs)]
    ]
    user, project = claude_home(home), workspace / ".claude"
    skills = _skill_digests(user.skills, project / "skills", _skill_files, _skill_name)
    # (custom commands, skills named by their file: claude105; sub-folders': claude107)
    skills |= _skill_digests(user.commands, project / "commands", command_files, _command_name)
    body: dict[str, object] = {
        "hooks": found.enabled,
        "listed": sorted(listed, key=str),
        "skills": skills,
    }
    body.update(_instructions_digests(workspace.resolve(), home))
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _skill_digests(
    user: Path,
    project: Path,
    files: Callable[[Path], Iterable[Path]],
    name: Callable[[Path, Path], str],
) -> dict[str, str]:
    """The digest of each skill file ``files`` lists in the user's folder ``user`` and the
    workspace's ``project``, by ``user:NAME`` and ``project:NAME`` (``name`` of the folder
    and the file)."""
    return {
        f"{where}:{name(folder, path)}": _file_digest(path)
        for where, folder in (("user", user), ("project", project))
        for path in files(folder)
    }


def _skill_files(folder: Path) -> list[Path]:
    """The skills (``NAME/SKILL.md`` regular files) directly in ``folder``."""
    return [path for path in sorted(folder.glob("*/SKILL.md")) if path.is_file()]


def _skill_name(folder: Path, path: Path) -> str:
    """A skill's name in :func:`extras_digest`: its folder's (``NAME/SKILL.md``)."""
    return path.parent.name


def _command_name(folder: Path, path: Path) -> str:
    """A custom command's name in :func:`extras_digest`: ``commands/`` and its path under
    ``folder`` without ``.md`` (``commands/frontend/component``)."""
    return f"commands/{path.relative_to(folder).with_suffix('').as_posix()}"


def _instructions_digests(root: Path, home: Path) -> dict[str, object]:
    """The digests of the instruction files of the workspace ``root``, by kind (a kind
    with none left out): those loaded at the start and the ``paths:`` rules (both found by
    the start's one reading of the hierarchy, under the settings' read denials and
    ``claudeMdExcludes``: a file no run is given is not digested). Sub-folders' CLAUDE.md
    files are not digested: finding them means walking the whole workspace at every start
    and resume."""
    from coordinator.runtime.instructions import workspace_instructions

    found = workspace_instructions(root, home=home)
    kinds: dict[str, object] = {
        "instructions": [[f.shown, _text_digest(f.text)] for f in found.files],
        "scoped": [[r.shown, _file_digest(r.path)] for r in found.scoped],
    }
    return {kind: digests for kind, digests in kinds.items() if digests}


def extras_note(
    saved: SessionOptions, workspace: Path, agents: Iterable[AgentSpec], *, hooks: bool
) -> str | None:
    """:data:`EXTRAS_CHANGED` when a resume's hooks and skills (``hooks``: on or off now)
    differ from those the session remembers; None when they match or none were recorded."""
    if saved.extras is None or extras_digest(workspace, agents, hooks=hooks) == saved.extras:
        return None
    return EXTRAS_CHANGED


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str:
    """The digest of what of ``path`` a run could preload: its first
    :data:`~coordinator.runtime.prompt_files.PRELOAD_BYTES` (a file an agent made huge is
    not read whole at every start), and its size."""
    from coordinator.runtime.prompt_files import PRELOAD_BYTES

    try:  # (a FIFO is not waited on: a run reads none)
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                return "no regular file"
            data = stream.read(PRELOAD_BYTES + 1)
    except OSError as exc:  # unreadable here: the preloader skips it too
        return f"unreadable: {exc.strerror}"
    digest = hashlib.sha256(data[:PRELOAD_BYTES]).hexdigest()
    return digest if len(data) <= PRELOAD_BYTES else f"{digest}+{status.st_size}"


def _absolute(value: object) -> Path | None:
    """``value`` resolved when it is an absolute path; None otherwise."""
    if not isinstance(value, str) or not value.startswith("/"):
        return None
    try:
        return Path(value).resolve()
    except (OSError, RuntimeError, ValueError):  # a NUL, a loop of links
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
