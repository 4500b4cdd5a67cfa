"""Load agent definitions from folders of Claude Code subagent files into a :class:`Registry`.

Sources, highest precedence first (an agent name found in two sources keeps the higher one and
the lower file is recorded as shadowed; two files of one folder giving one name: the file
named for the agent wins, else the first by path, and the other is a warning):

0. the administrator's: ``.claude/agents`` in the managed settings' folder
   (``/etc/claude-code/.claude/agents``), as Claude Code's "Managed subagents" (its
   highest-priority scope);
1. the ``agents_dirs`` given by ``--agents-dir`` or the config file, in the order given;
2. the project's ``.claude/agents/`` nearest to ``cwd`` (walking up: the workspace's for a run,
   the working directory by default), recursively;
3. the user's ``~/.claude/agents/``;
4. the agents of the user's enabled Claude Code plugins (:mod:`coordinator.roster.plugins`),
   each plugin's in turn (by ``NAME@MARKETPLACE``), shown as ``plugin NAME@MARKETPLACE``;
   a plugin's agent answers to ``NAME:agent`` too, as Claude Code names it, and its own
   ``hooks``, ``mcpServers`` and ``permissionMode`` (but ``plan``) are ignored, as there;
   its ``mcpServers`` are its plugin's own servers, those its ``tools`` allows;
5. the bundled specialists (``coordinator/_bundled_agents`` in a wheel, ``agents/`` in the repo).

When the managed settings (``/etc/claude-code/managed-settings.json``; tests pass their
own) set ``strictPluginOnlyCustomization`` to ``true`` or a list naming ``"agents"``, the
project's and the user's folders (2 and 3) are not read, as Claude Code's settings reference
says ("agents ... can only come from plugins or managed settings"), and one warning on the
managed file names the agent files left out; the managed folder (0), ``--agents-dir``
folders (given by the person running coord, as Claude Code's ``--agents`` flag) and the
bundled specialists still load. A value of that key that is none of its own locks every kind
(a restriction fails closed: :func:`coordinator.roster.plugins.locks`). When the managed
settings set ``disableSideloadFlags`` (Claude Code then rejects ``--agents``), a folder given
(1) is refused with one line (:func:`refuse_sideload`), but by ``agents validate``, which
runs nothing.

With ``only=True`` just the first group is read. Every ``*.md`` file under a source is an agent
definition except README/INDEX/LICENSE-like files (see :data:`NOT_AGENT_FILES`) and anything
under a hidden directory. A file that cannot be loaded is reported on ``Registry.problems`` with
its path, line and reason (severity ``error``: skipped), and never stops the others loading.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import coordinator
from coordinator.claude_home import MANAGED_SETTINGS, claude_home, key_source
from coordinator.clip import clip, counted
from coordinator.errors import UserError, cannot_read
from coordinator.roster.cache import FileCache
from coordinator.roster.fields import (
    FIELDS,
    MODE_ALIASES,
    PERMISSION_MODES,
    WRITE_TOOLS,
    PermissionMode,
    mcp_prefix,
    model_error,
    names_server,
    unknown_tool,
    unserved_mcp_tools,
)
from coordinator.roster.frontmatter import Frontmatter, FrontmatterError
from coordinator.roster.plugins import (
    STRICT_KEY,
    Plugin,
    enabled_plugins,
    fails_closed,
    locks,
    managed_value,
    server_names,
)
from coordinator.roster.registry import Registry
from coordinator.roster.spec import (
    AgentSpec,
    Exclusion,
    Problem,
    Severity,
    Shadowed,
    SourceKind,
    derive_domain,
)
from coordinator.roster.triggers import aliases as derive_aliases
from coordinator.roster.triggers import parse_description
from coordinator.tools.running import MADE_MEANWHILE, made_by_running_commands

#: File stems (case-insensitive) that are documentation, not agent definitions.
NOT_AGENT_FILES = frozenset(
    {
        "readme",
        "index",
        "license",
        "licence",
        "changelog",
        "contributing",
        "code_of_conduct",
        "security",
        "notice",
        "authors",
    }
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME_CHARS = 128
MAX_TURNS_LIMIT = 10_000
#: A comma between two tool entries: not one inside a rule's parentheses.
_TOOL_COMMA = re.compile(r",(?![^()]*\))")


@dataclass(frozen=True)
class Source:
    """One folder of agent files and which kind of source it is (a plugin's: which)."""

    kind: SourceKind
    path: Path
    plugin: Plugin | None = None


def bundled_agents_dir() -> Path:
    """Where the bundled specialists live: in the wheel, else ``agents/`` in the repo."""
    package = Path(coordinator.__file__).resolve().parent
    wheel = package / "_bundled_agents"
    return wheel if wheel.is_dir() else package.parent / "agents"


def project_agents_dir(cwd: Path) -> Path | None:
    """The ``.claude/agents`` folder nearest to ``cwd`` (walking up), or None."""
    for folder in (cwd, *cwd.parents):
        candidate = folder / ".claude" / "agents"
        try:
            if candidate.is_dir():
                return candidate
        except PermissionError:  # .claude may not be searched: loading it says so
            return candidate
    return None


def agent_files(root: Path) -> list[Path]:
    """Every agent definition under ``root``, recursively, in a stable order (or ``root``).

    A ``.md`` name that is no folder counts even when it is no readable file (a link in a
    loop, a dangling link, a pipe): reading it fails, and the problem names it, where
    leaving it out made ``agents validate`` call the folder all valid."""
    if root.is_file():
        return [root]
    found = []
    for path in root.rglob("*.md"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.stem.lower().split(".")[0] in NOT_AGENT_FILES or _is_folder(path):
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False when it cannot be looked at (its folder may be
    listed but not searched): kept, reading it names it and why."""
    try:
        return path.is_dir()
    except OSError:
        return False


def check_agent_paths(paths: Sequence[Path], what: str) -> None:
    """UserError for the first of ``paths`` (given as ``what``: a flag, or an argument's
    role) that is neither a folder nor an agent file (``.md``)."""
    for path in paths:
        try:
            mode = path.stat().st_mode  # the reason it cannot be read: a link loop is no typo
        except OSError as exc:
            raise cannot_read(what, path, exc.errno or errno.ENOENT) from None
        if not (stat.S_ISDIR(mode) or (stat.S_ISREG(mode) and path.suffix == ".md")):
            raise UserError(f"{path} is not a folder of agent files nor an agent file (.md)")


#: The managed-only key that refuses the agents, plugins and MCP servers given for one run
#: (Claude Code: ``--agents``, ``--plugin-dir``, ``--plugin-url``, ``--mcp-config``).
SIDELOAD_KEY = "disableSideloadFlags"


def managed_agents_dir(managed: Path) -> Path:
    """The administrator's agent files beside the managed settings file ``managed``:
    ``.claude/agents`` in its folder (``/etc/claude-code/.claude/agents``)."""
    return managed.parent / ".claude" / "agents"


def refuse_sideload(agents_dirs: Sequence[Path], managed: Path | None) -> None:
    """UserError when the ``managed`` settings set ``disableSideloadFlags`` and
    ``agents_dirs`` (``--agents-dir``, the config's ``agents_dirs``) names a folder other
    than the bundled specialists'. A value that is not a boolean, or a file naming the key
    that cannot be read, refuses them too (a restriction fails closed)."""
    bundled = bundled_agents_dir().resolve()
    given = [folder for folder in agents_dirs if folder.resolve() != bundled]
    if not given or managed is None:
        return
    value, broken = managed_value(managed, SIDELOAD_KEY, [])
    if not broken and (value is None or value is False):
        return
    why = (
        ""
        if value is True
        else f" ({fails_closed(managed, SIDELOAD_KEY, 'true or false', broken, 'true').message})"
    )
    raise UserError(
        f"{key_source(managed, SIDELOAD_KEY)}: {SIDELOAD_KEY} refuses agent folders given for"
        f" a run: {given[0]}{why}",
        hint="Drop --agents-dir (and the config's agents_dirs): agents come from the managed "
        "folder, the project's and your .claude/agents, and enabled plugins.",
    )


def sources_for(
    agents_dirs: Sequence[Path],
    *,
    only: bool,
    cwd: Path | None = None,
    problems: list[Problem] | None = None,
    managed: Path | None = MANAGED_SETTINGS,
    checking: bool = False,
) -> list[Source]:
    """The folders to read, highest precedence first (missing optional folders skipped,
    the project's and the user's when the ``managed`` settings lock agents to plugins);
    what kept an enabled plugin or an agents folder out goes to ``problems``. Folders given
    (``agents_dirs``) are refused by the managed ``disableSideloadFlags``
    (:func:`refuse_sideload`) unless only ``checking`` them (``agents validate``)."""
    if only and not agents_dirs:
        raise UserError("--only needs at least one --agents-dir folder")
    check_agent_paths(agents_dirs, "the agents folder")  # the config's: --agents-dir's before
    if not checking:
        refuse_sideload(agents_dirs, managed)
    sources = [Source(SourceKind.AGENTS_DIR, folder) for folder in agents_dirs]
    said: list[Problem] = []
    if not only:
        administrator = managed_agents_dir(managed) if managed is not None else None
        if administrator is not None and administrator.is_dir():
            sources.insert(0, Source(SourceKind.MANAGED, administrator))
        where = (cwd or Path.cwd()).resolve()
        user = claude_home().agents
        own = [
            *([Source(SourceKind.PROJECT, p)] if (p := project_agents_dir(where)) else []),
            *([Source(SourceKind.USER, user)] if user.is_dir() else []),
        ]
        if own and managed is not None and locks(managed, "agents", said):
            said.append(_locked_out(own, managed))
            own = []
        sources += own
        plugins = enabled_plugins(where, managed=managed)
        said += plugins.problems
        for plugin in plugins.found:
            sources += [Source(SourceKind.PLUGIN, path, plugin) for path in plugin.agents]
        bundled = bundled_agents_dir()
        if bundled.is_dir():
            sources.append(Source(SourceKind.BUNDLED, bundled))
    if problems is not None:
        problems += said
    unique: dict[Path, Source] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    return list(unique.values())


def _locked_out(sources: Sequence[Source], managed: Path) -> Problem:
    """The warning naming the agent files of ``sources`` (the project's and the user's
    folders) the ``managed`` settings keep out."""
    files = [path for source in sources for path in agent_files(source.path)]
    shown = ", ".join(str(path) for path in files[:_NAMED])
    more = f" and {len(files) - _NAMED} more" if len(files) > _NAMED else ""
    folders = " and ".join(str(source.path) for source in sources)
    return Problem(
        path=key_source(managed, STRICT_KEY),
        severity=Severity.WARNING,
        message=f"{STRICT_KEY} locks agents to plugins: {counted(len(files), 'agent file')} of "
        f"{folders} not loaded" + (f" ({shown}{more})" if files else ""),
    )


#: How many agent files a line names before "and N more".
_NAMED = 5


@dataclass
class _Roster:
    """What loading has gathered so far, in precedence order."""

    agents: list[AgentSpec] = field(default_factory=list)
    where: dict[str, tuple[Path, Source]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    shadowed: list[Shadowed] = field(default_factory=list)
    kinds: dict[str, SourceKind] = field(default_factory=dict)
    plugins: dict[str, Plugin] = field(default_factory=dict)
    unknown: dict[str, list[tuple[Path, int]]] = field(default_factory=dict)

    def add(self, spec: AgentSpec, path: Path, source: Source) -> None:
        if spec.name in self.where:
            by, by_source = self.where[spec.name]
            if by_source == source and path.stem == spec.name != by.stem:
                # in one folder the file named for the agent wins (the other is a copy
                # that kept its name), whatever the order of their paths
                self.agents = [a for a in self.agents if a.name != spec.name]
                self._hide(spec.name, by, by_source, (path, source))
            else:
                self._hide(spec.name, path, source, (by, by_source))
                return
        self.where[spec.name] = (path, source)
        self.kinds[spec.name] = source.kind
        if source.plugin is not None:
            self.plugins[spec.name] = source.plugin
        self.agents.append(spec)
        for key, line in spec.keys.items():
            if key not in FIELDS:
                self.unknown.setdefault(key, []).append((path, line))

    def _hide(self, name: str, path: Path, source: Source, by: tuple[Path, Source]) -> None:
        """Record the file ``path`` (of ``source``) as hidden by the file ``by`` of agent
        ``name``; in one folder, with a warning on the hidden file."""
        shown, by_source = by
        same = by_source == source
        self.shadowed.append(
            Shadowed(
                name=name,
                path=path,
                kind=source.kind,
                by=shown,
                by_kind=by_source.kind,
                plugin=source.plugin.id if source.plugin else "",
                by_plugin=by_source.plugin.id if by_source.plugin else "",
                same_folder=same,
            )
        )
        if same:  # the other file, as the folder names it (the line's own path is shown
            # relative to where coord runs; an absolute one beside it read as another place)
            other = shown.relative_to(source.path) if shown.is_relative_to(source.path) else shown
            named = shown.stem == name != path.stem
            said = (
                f"defined in the file named for it, {other}"
                if named
                else f"already defined in {other}"
            )
            self.problems.append(
                Problem(
                    path=path,
                    severity=Severity.WARNING,
                    message=f"duplicate agent name '{name}' ({said}, same folder); "
                    "this file is ignored",
                )
            )

    def unknown_field_warnings(self) -> list[Problem]:
        """One warning per unknown field name, at its first file (with how many use it)."""
        warnings = []
        for key, seen in self.unknown.items():
            path, line = seen[0]
            others = f" (and {counted(len(seen) - 1, 'more file')})" if len(seen) > 1 else ""
            warnings.append(
                Problem(
                    path=path,
                    line=line,
                    severity=Severity.WARNING,
                    message=f"unknown frontmatter field '{key}' is ignored{others}",
                )
            )
        return warnings


def load_registry(
    agents_dirs: Sequence[Path] = (),
    *,
    only: bool = False,
    cwd: Path | None = None,
    cache: bool = True,
    redirects_in: Registry | None = None,
    managed: Path | None = MANAGED_SETTINGS,
    checking: bool = False,
) -> Registry:
    """Load every source by precedence into a :class:`Registry` (problems collected on it;
    ``redirects_in``: the roster its NOT-for targets are looked up in, default its own;
    ``managed``: the managed settings file, None: none; ``checking``: for ``agents
    validate``, which runs nothing: the folders given are read whatever the managed
    ``disableSideloadFlags`` says)."""
    file_cache = FileCache.open() if cache else FileCache.disabled()
    roster = _Roster()
    sources = sources_for(
        agents_dirs,
        only=only,
        cwd=cwd,
        problems=roster.problems,
        managed=managed,
        checking=checking,
    )
    servers: dict[str, list[str]] = {}  # each plugin's, read once
    for source in sources:
        plugin = source.plugin
        served = None if plugin is None else servers.get(plugin.id)
        if plugin is not None and served is None:
            served = servers[plugin.id] = server_names(plugin, [])
        for path, parsed in _read_source(source, file_cache, roster.problems):
            spec, found = build_spec(path, parsed, served)
            roster.problems.extend(found)
            if spec is not None and served is not None:
                spec = plugin_agent(spec, served, roster.problems)
            if spec is not None:
                roster.add(spec, path, source)
    file_cache.save()
    problems = [*roster.problems, *roster.unknown_field_warnings()]
    registry = Registry(
        roster.agents,
        problems=problems,
        shadowed=roster.shadowed,
        kinds=roster.kinds,
        plugins=roster.plugins,
        redirects_in=redirects_in,
    )
    registry.cache_dir = file_cache.path.parent if file_cache.path is not None else None
    registry.source_dirs = [source.path for source in sources]
    return registry


#: Sources an agent's command can reach: the project's, and the user's in a workspace
#: holding the home folder (an ``--agents-dir`` must be there when coord starts; a plugin
#: below a folder coord ran agents in is left out whole: :mod:`coordinator.roster.plugins`).
_WATCHED = frozenset({SourceKind.PROJECT, SourceKind.USER})

#: What Claude Code ignores in a plugin's agent (and coord with it): a plugin's file must
#: not bring hooks, MCP servers or a permission mode the user's own agents do not have.
PLUGIN_IGNORED = ("hooks", "mcpServers", "permissionMode")


def plugin_agent(spec: AgentSpec, served: Sequence[str], problems: list[Problem]) -> AgentSpec:
    """``spec``, read from an enabled plugin whose MCP servers are ``served``, without what
    Claude Code ignores in a plugin's agent (:data:`PLUGIN_IGNORED`; ``permissionMode:
    plan``, which only narrows, stays), one note each at its line, and with its plugin's
    own servers as its ``mcpServers`` (:func:`own_servers`), a note saying which."""
    dropped = [
        key
        for key in PLUGIN_IGNORED
        if key in spec.keys
        and not (key == "permissionMode" and spec.permission_mode == PermissionMode.PLAN)
    ]
    for key in dropped:
        problems.append(
            Problem(
                path=spec.source or Path(),
                line=spec.keys[key],
                severity=Severity.INFO,
                message=f"{key} ignored: a plugin's agent gets no hooks, MCP servers nor "
                "permission mode of its own (as in Claude Code)",
            )
        )
    own = own_servers(spec, served)
    if own:
        problems.append(
            Problem(
                path=spec.source or Path(),
                severity=Severity.INFO,
                message=f"MCP servers: its plugin's own ({', '.join(own)}), as its tools allow; "
                "no other plugin's and none of yours",
            )
        )
    if not dropped and not own:
        return spec
    extra = {k: v for k, v in spec.extra.items() if k not in dropped}
    return spec.model_copy(
        update={
            "extra": {**extra, "mcpServers": own} if own else extra,
            "keys": {k: v for k, v in spec.keys.items() if k not in dropped},
            "permission_mode": spec.permission_mode if "permissionMode" not in dropped else None,
        }
    )


def own_servers(spec: AgentSpec, served: Sequence[str]) -> list[str]:
    """The servers of ``served`` (its plugin's) a plugin's agent gets: every one when its
    ``tools`` is unset (Claude Code gives such an agent the session's MCP tools; coord its
    plugin's alone), else those a ``tools`` entry names (``mcp__plugin_NAME_SERVER``, a tool
    of it, a pattern reaching it); none a ``disallowedTools`` entry takes whole."""

    def taken(server: str) -> bool:
        whole = mcp_prefix(server)
        return any(e.strip() in (whole, f"{whole}__*") for e in spec.disallowed_tools)

    return [
        server
        for server in served
        if (spec.tools is None or any(names_server(e, server) for e in spec.tools))
        and not taken(server)
    ]


def _read_source(
    source: Source, cache: FileCache, problems: list[Problem]
) -> list[tuple[Path, Frontmatter | FrontmatterError]]:
    """The agent files of ``source``, parsed. A project's (or the user's) file that a
    sandboxed command still running in a workspace above may have made (a protected path
    missing when it started) is left out with a problem, and so is one that changed while
    it was read, or was missing (listed, then gone: what was read may be what a command
    made and undid meanwhile): the lists of running commands are read after the files, so
    a command that ended meanwhile has undone what was read, and a command that started
    meanwhile is listed (:func:`coordinator.tools.running.made_by_running_commands`)."""
    unlisted = _cannot_list(source.path)
    if unlisted is not None:  # rglob would find nothing in it, in silence
        why = unlisted.strerror or str(unlisted)
        problems.append(Problem(path=source.path, message=f"cannot read the folder: {why}"))
        return []
    paths = agent_files(source.path)
    if source.kind not in _WATCHED:
        return [(path, cache.read(path)) for path in paths]
    read = [(path, _identity(path), cache.read(path)) for path in paths]
    spelled, real = Path(os.path.abspath(source.path)), source.path.resolve()
    made = made_by_running_commands(spelled, unowned=True)  # (as spelled too: a command's
    if real != spelled:  # .claude/agents made a link to notes/agents led the walk past it)
        made += made_by_running_commands(real, unowned=True)
    kept: list[tuple[Path, Frontmatter | FrontmatterError]] = []
    for path, before, parsed in read:
        now = _identity(path)
        if before is None and isinstance(parsed, FrontmatterError) and _denied(path):
            kept.append((path, parsed))  # never looked at nor read: its read error says why
        elif now is None or now != before or (made and _listed_in(path, made)):
            problems.append(Problem(path=path, message=MADE_MEANWHILE))
        else:
            kept.append((path, parsed))
    return kept


def _listed_in(path: Path, made: list[Path]) -> bool:
    """Whether ``path``, as spelled or where its links lead, lies in one of ``made``."""
    ways = (Path(os.path.abspath(path)), path.resolve())
    return any(way.is_relative_to(m) for way in ways for m in made)


def _cannot_list(folder: Path) -> OSError | None:
    """Why the agent folder ``folder`` cannot be looked at or listed (its mode, or its
    parent's); None when it can, or it is a file."""
    try:
        if folder.is_file():
            return None
        with os.scandir(folder):
            return None
    except FileNotFoundError:
        return None  # a source that is gone is no source (as before)
    except OSError as exc:
        return exc


def _denied(path: Path) -> bool:
    """Whether ``path`` may not be looked at (its folder may be listed, not searched)."""
    try:
        path.lstat()
    except PermissionError:
        return True
    except OSError:
        return False
    return False


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """The file at ``path`` as one, not followed if a link: device, inode, change time
    and size (a file replaced or written changes one of them); None when missing."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_ctime_ns, info.st_size)


def build_spec(
    path: Path, parsed: Frontmatter | FrontmatterError, served: Sequence[str] | None = None
) -> tuple[AgentSpec | None, list[Problem]]:
    """Turn a parsed file into an AgentSpec, with the problems found on the way
    (``served``: the MCP servers a plugin's agent gets, its plugin's own).

    A spec is returned only when no problem is an error; the problems say why otherwise.
    """
    if isinstance(parsed, FrontmatterError):
        return None, [Problem(path=path, line=parsed.line, message=f"{parsed.message}; skipped")]
    problems: list[Problem] = []
    if parsed.yaml_error is not None:
        problems.append(
            Problem(
                path=path,
                line=parsed.yaml_error_line or 2,
                severity=Severity.WARNING,
                message=f"frontmatter is not valid YAML ({parsed.yaml_error}); read it leniently",
            )
        )
    checks = _Checks(path, parsed, problems, served)
    checks.folded()
    checks.required()
    fields = checks.fields()
    if any(p.severity == Severity.ERROR for p in problems):
        return None, problems
    return _spec(path, parsed, fields), problems  # every field was normalised by the checks


#: Frontmatter keys modelled by AgentSpec fields.
_FIELD_KEYS = {
    "name": "name",
    "description": "description",
    "tools": "tools",
    "disallowedTools": "disallowed_tools",
    "model": "model",
    "color": "color",
    "permissionMode": "permission_mode",
    "maxTurns": "max_turns",
}


@dataclass
class _Checks:
    """The checks on one parsed file's frontmatter; each appends to ``problems``."""

    path: Path
    parsed: Frontmatter
    problems: list[Problem]
    #: The servers its ``mcp__`` tools may name (a plugin's agent: its plugin's own); None:
    #: those its ``mcpServers`` lists.
    served: Sequence[str] | None = None

    def problem(self, key: str, message: str, severity: Severity = Severity.ERROR) -> None:
        line = self.parsed.key_lines.get(key, 1)
        self.problems.append(Problem(path=self.path, line=line, severity=severity, message=message))

    def folded(self) -> None:
        """An agent field the lenient reader found indented and read as text of another
        field (``\ttools: Read, Write`` under ``description``): the file is skipped, as run
        without it the agent would get what that field takes away (every tool, for one)."""
        for key, (line, into) in self.parsed.folded.items():
            if key in FIELDS and key not in self.parsed.meta:
                self.problems.append(
                    Problem(
                        path=self.path,
                        line=line,
                        message=f"'{key}' is indented, so it is read as part of '{into}' "
                        "and not as a field: start it at the line's first column (YAML "
                        "indents with spaces, never tabs); file skipped",
                    )
                )

    def required(self) -> None:
        meta = self.parsed.meta
        for key in ("name", "description"):
            value = meta.get(key)
            if isinstance(value, str) and value.strip():
                continue
            reason = "is missing" if key not in meta else "is empty"
            if key in meta and value is not None and not isinstance(value, str):
                reason = f"must be text, not {type(value).__name__}"
            self.problem(key, f"frontmatter '{key}' {reason}; file skipped")
        name = meta.get("name")
        if isinstance(name, str) and name.strip():
            self.name(name.strip())

    def name(self, name: str) -> None:
        if len(name) > MAX_NAME_CHARS or _CONTROL.search(name):
            self.problem(
                "name",
                f"name is longer than {MAX_NAME_CHARS} characters or holds "
                "control characters; file skipped",
            )
        elif self.served is None and (":" in name or name.startswith("-")):
            why = "holds ':', which names a plugin's agent (PLUGIN:NAME)"
            why = why if ":" in name else "starts with '-'"
            self.problem("name", f"name '{clip(name, 60)}' {why}; file skipped (as in Claude Code)")
        elif not _NAME.match(name):
            self.problem(
                "name",
                f"name '{name}' should be lower-case letters, digits and hyphens",
                Severity.WARNING,
            )

    def fields(self) -> dict[str, Any]:
        """The modelled fields, normalised; problems for values that cannot be used."""
        meta = self.parsed.meta
        fields = {f: meta[k] for k, f in _FIELD_KEYS.items() if meta.get(k) is not None}
        for name in ("tools", "disallowed_tools"):
            if name in fields:
                fields[name] = _tool_list(fields[name])
        for key, name in (("tools", "tools"), ("disallowedTools", "disallowed_tools")):
            for spec in dict.fromkeys(fields.get(name, ())):  # a name listed twice: once
                why = unknown_tool(spec, key)
                if why is not None:
                    self.problem(key, why, Severity.WARNING)
        listed = meta.get("mcpServers") if self.served is None else list(self.served)
        for why in unserved_mcp_tools(fields.get("tools", ()), listed):
            self.problem("tools", why, Severity.WARNING)
        if "model" in fields:
            fields["model"] = self.model(fields["model"])
        if "max_turns" in fields:
            fields["max_turns"] = self.max_turns(fields["max_turns"])
        for name in ("color", "permission_mode"):
            if name in fields:
                fields[name] = str(fields[name]).strip()
        mode = fields.get("permission_mode")
        if mode in MODE_ALIASES:
            mode = fields["permission_mode"] = MODE_ALIASES[mode]
        if mode is not None and mode not in PERMISSION_MODES:
            self.problem(
                "permissionMode",
                f"unknown permissionMode '{mode}' (expected "
                f"{', '.join(PERMISSION_MODES)}); treated as default",
                Severity.WARNING,
            )
        return fields

    def model(self, value: Any) -> str | None:
        model = str(value).strip() if isinstance(value, str) else None
        error = (
            model_error(model)
            if model is not None
            else f"frontmatter 'model' must be text, not {type(value).__name__}"
        )
        if error is not None:
            self.problem("model", f"{error}; file skipped")
        return model

    def max_turns(self, value: Any) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_TURNS_LIMIT:
            return value
        self.problem(
            "maxTurns", f"maxTurns must be a whole number from 1 to {MAX_TURNS_LIMIT}; file skipped"
        )
        return None


def _spec(path: Path, parsed: Frontmatter, fields: dict[str, Any]) -> AgentSpec:
    meta = parsed.meta
    name = str(fields.pop("name")).strip()
    description = str(fields.pop("description")).strip()
    if fields.get("permission_mode") == PermissionMode.PLAN:
        denied = fields.get("disallowed_tools", [])
        fields["disallowed_tools"] = [*denied, *(t for t in WRITE_TOOLS if t not in denied)]
    extra = {k: v for k, v in meta.items() if k not in _FIELD_KEYS}
    parts = parse_description(description, _str_list(extra.get("triggers")))
    return AgentSpec(
        **fields,
        name=name,
        description=description,
        extra=extra,
        keys={key: parsed.key_lines.get(key, 1) for key in meta},
        body=parsed.body,
        source=path,
        aliases=derive_aliases(name, parsed.body, _str_list(extra.get("aliases"))),
        domain=derive_domain(name, parts.text, extra.get("domain")),
        triggers=parts.triggers,
        exclusions=[Exclusion(topic=t, target=None, target_label=lb) for t, lb in parts.exclusions],
        routing_text=parts.text,
    )


def _tool_list(value: Any) -> list[str]:
    """A ``tools``/``disallowedTools`` value as its entries: a list, or a string split at
    the commas outside parentheses (``Agent(worker, researcher), Read`` is two entries)."""
    if isinstance(value, str):
        return [t.strip() for t in _TOOL_COMMA.split(value) if t.strip()]
    if isinstance(value, list):
        return [str(t).strip() for t in value if str(t).strip()]
    return [str(value)]


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return []
