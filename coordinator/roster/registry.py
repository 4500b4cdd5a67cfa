"""The roster as loaded: agents by name and alias, the domain each answers for, and problems.

:func:`coordinator.roster.loader.load_registry` builds it from folders of agent files.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from coordinator.clip import counted
from coordinator.errors import UserError
from coordinator.roster.names import close_names, did_you_mean, slug
from coordinator.roster.plugins import Plugin
from coordinator.roster.spec import (
    AgentSpec,
    Problem,
    Severity,
    Shadowed,
    SourceKind,
    normalise_domain,
)
from coordinator.roster.triggers import target_keys

#: The kinds of source in the roster's precedence (an agent of no kind: last).
_PRECEDENCE: tuple[SourceKind | None, ...] = (*SourceKind, None)
#: The kinds whose folder :meth:`Registry.all_valid_line` names (the bundled one is coord's
#: own; a plugin's label names the plugin).
_FOLDERS_NAMED = frozenset(
    {SourceKind.MANAGED, SourceKind.AGENTS_DIR, SourceKind.PROJECT, SourceKind.USER}
)


class UnknownAgentError(UserError):
    """No agent of that name in the roster."""


class Registry:
    """The roster: agents by name, with the domain each one answers for."""

    def __init__(
        self,
        agents: Sequence[AgentSpec],
        *,
        problems: Sequence[Problem] = (),
        shadowed: Sequence[Shadowed] = (),
        kinds: Mapping[str, SourceKind] | None = None,
        plugins: Mapping[str, Plugin] | None = None,
        redirects_in: Registry | None = None,
    ):
        """``plugins``: the plugin each plugin agent came from (by agent name), whose name
        spells it as Claude Code does too (``NAME:agent``); ``redirects_in``: the roster
        NOT-for targets are looked up in (default: this one; ``coord agents validate
        FOLDER`` checks a folder's files against the roster they join, so a redirect to a
        bundled agent is no warning)."""
        self.agents: dict[str, AgentSpec] = {a.name: a for a in agents}
        self.problems: list[Problem] = list(problems)
        self.shadowed: list[Shadowed] = list(shadowed)
        self.kinds: dict[str, SourceKind] = dict(kinds or {})
        self.plugins: dict[str, Plugin] = dict(plugins or {})
        self._keys: dict[str, str] = {}
        for agent in self.agents.values():
            for key in (slug(agent.name), *(slug(a) for a in agent.aliases)):
                self._keys.setdefault(key, agent.name)
        for name, plugin in self.plugins.items():
            self._keys.setdefault(slug(f"{plugin.name}:{name}"), name)
        for agent in self.agents.values():
            self._keys[slug(agent.name)] = agent.name
        self._resolve_exclusions(redirects_in or self)
        #: Where a large roster's routing index may be cached (None: never).
        self.cache_dir: Path | None = None
        #: The folders the agent files were read from, highest precedence first.
        self.source_dirs: list[Path] = []
        #: own_names()'s answer once worked out (None until then).
        self._own: frozenset[str] | None = None

    def folders_inside(self, root: Path) -> tuple[Path, ...]:
        """The folders agent files were read from that lie in ``root`` (where their links
        lead): an agent working there could rewrite the next run's definitions."""
        base = root.resolve()
        found = (folder.resolve() for folder in self.source_dirs)
        return tuple(dict.fromkeys(f for f in found if f == base or f.is_relative_to(base)))

    def source_label(self, name: str) -> str:
        """Where the agent ``name`` comes from, as listings say it: its kind of source
        (``user``, ``bundled``...), or ``plugin NAME@MARKETPLACE``."""
        plugin = self.plugins.get(name)
        return plugin.label if plugin is not None else str(self.kinds.get(name, ""))

    def kind_folders(self) -> dict[str, Path]:
        """Each kind of source (bundled, project, user, agents-dir, a plugin's label) with the
        folder that holds all its agents (the deepest one: a recursive roster's sub-folders
        sit under it)."""
        found: dict[str, set[str]] = {}
        for agent in self:
            if agent.source is not None:
                kind = self.source_label(agent.name)
                found.setdefault(kind, set()).add(str(agent.source.parent.absolute()))
        return {kind: Path(os.path.commonpath(list(dirs))) for kind, dirs in found.items()}

    def all_valid_line(self) -> str:
        """``coord agents validate``'s one line when no agent file has a problem: the agents
        counted and where they came from, each kind of source with its count and (but the
        bundled and a plugin's, named by their kind) its folder: ``6 agents, all valid: 1
        project (.claude/agents/), 5 bundled``."""
        counts: dict[str, int] = {}
        for agent in self._by_precedence():
            label = self.source_label(agent.name)
            counts[label] = counts.get(label, 0) + 1
        folders = self.kind_folders()
        said = []
        for label, count in counts.items():
            folder = folders.get(label) if label in _FOLDERS_NAMED else None
            where = f" ({shown_path(folder)}/)" if folder is not None else ""
            said.extend([f"{count} {label}{where}"] if label else [])  # a roster of no kind
        agents = f"{counted(len(self), 'agent')}, all valid"
        return f"{agents}: {', '.join(said)}" if said else agents

    def validation_line(self) -> str:
        """``coord agents validate``'s last line: :meth:`all_valid_line` when no file has a
        problem, else the agents loaded and the errors (files skipped) and warnings counted,
        those there are (``6 agents loaded, 1 warning, 1 note``; it said ``0 error(s), 1
        warning(s)``; an info note was counted a warning until daily113)."""
        if not self.problems:
            return self.all_valid_line()
        errors, warnings, notes = len(self.skipped), len(self.warnings), len(self.notes)
        said = [f"{counted(len(self), 'agent')} loaded"]
        said += [counted(errors, "error")] if errors else []
        said += [counted(warnings, "warning")] if warnings else []
        said += [counted(notes, "note")] if notes else []  # (daily113: were warnings)
        return ", ".join(said)

    def _by_precedence(self) -> list[AgentSpec]:
        """The agents, those of the highest precedence's kind of source first."""
        return sorted(self, key=lambda a: _PRECEDENCE.index(self.kinds.get(a.name)))

    def __iter__(self) -> Iterator[AgentSpec]:
        return iter(self.agents.values())

    def __len__(self) -> int:
        return len(self.agents)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.resolve(name) is not None

    @property
    def skipped(self) -> list[Problem]:
        """The problems that made a file be skipped (one per skipped file at least)."""
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings: the file loaded, something in it does not apply."""
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def notes(self) -> list[Problem]:
        """The info notes: how a field is taken (a plugin's agent's own MCP servers), no
        fault; counted apart from the warnings (daily113)."""
        return [p for p in self.problems if p.severity == Severity.INFO]

    def skipped_warning(self) -> str | None:
        """One line for commands that use the roster (run, route) when files were skipped,
        or ignored: a file whose agent's name another file of its folder gives too (a copy
        that kept the name routes as the other agent, silently, without it)."""
        files = {p.path for p in self.skipped}
        said = []
        if folders := sorted(f for f in files if f in self.source_dirs):  # not read at all
            shown = ", ".join(shown_path(f) for f in folders)
            noun = "agent folder" if len(folders) == 1 else "agent folders"
            said.append(f"{noun} {shown} cannot be read ({self.validate_command()} shows why)")
            files -= set(folders)
        if files:
            noun = "agent file" if len(files) == 1 else "agent files"
            said.append(f"{len(files)} {noun} skipped ({self.validate_command()} shows why)")
        twins = [s for s in self.shadowed if s.same_folder]
        if len(twins) == 1:
            (twin,) = twins
            said.append(
                f"{shown_path(twin.path)} ignored: {twin.by.name} in the same folder gives"
                f" the same name, {twin.name} (rename one)"
            )
        elif twins:
            hidden = {t.path for t in twins}
            command = self.validate_command([p for p in self.problems if p.path in hidden])
            said.append(
                f"{len(twins)} agent files ignored: each gives the name of another file"
                f" in its folder ({command} shows which)"
            )
        return f"warning: {'; '.join(said)}" if said else None

    def bundled_note(self, name: str) -> str | None:
        """The line ``coord route`` adds when it chose ``name``, a bundled specialist, from
        a roster that also holds the user's own agents (a folder given with --agents-dir, the
        project's or the user's): they may not know it is there. None otherwise."""
        kinds = set(self.kinds.values())
        if self.kinds.get(name) != SourceKind.BUNDLED or kinds <= {SourceKind.BUNDLED}:
            return None
        keep = (
            "--only keeps just your --agents-dir folders"
            if SourceKind.AGENTS_DIR in kinds
            else "to route among your own alone: --agents-dir FOLDER --only"
        )
        return (
            f"note: {name} is one of coord's bundled specialists, not one of your agents"
            f" ({keep}; `coord agents list` shows where each agent comes from)"
        )

    def own_names(self) -> frozenset[str]:
        """The names of the user's own agents (every source but the bundled one) when the
        roster also holds bundled specialists; empty when it holds only one kind (only
        bundled, or none bundled): :func:`coordinator.routing.lexical.route` prefers them
        to a bundled specialist that scored higher. Worked out once."""
        if self._own is None:
            bundled = SourceKind.BUNDLED
            own = frozenset(a for a in self.agents if self.kinds.get(a, bundled) != bundled)
            self._own = frozenset() if len(own) == len(self.agents) else own
        return self._own

    def require_agents(self) -> None:
        """UserError naming the folders searched when the roster holds no agent at all (a
        wrong or empty ``--agents-dir`` with ``--only``, or every file skipped): routing would
        say "no agent fits", which points at the request instead of the folders, and a list
        of nothing would exit 0 as if the roster were fine."""
        if self.agents:
            return
        if self.skipped:
            hint = f"Every agent file was skipped: `{self.validate_command()}` shows why."
        else:
            hint = "No agent files (*.md) were found: check the --agents-dir folders."
        searched = ", ".join(
            shown_path(d) if d.is_file() else f"{shown_path(d).rstrip('/')}/"
            for d in self.source_dirs
        )
        raise UserError(
            f"no agents: the roster is empty (searched: {searched or 'no folder'})", hint=hint
        )

    def problems_of(self, agent: AgentSpec) -> list[Problem]:
        """The warnings (and notes) of ``agent``'s own file: what ``coord agents validate``
        says of it, so ``coord agents show NAME`` says it too (a tool name that is no tool,
        a redirect to no agent); a file of another agent, or a skipped one, is not its. A
        plugin's agent has its plugin's too (the hooks and MCP servers it does not run)."""
        if agent.source is None:
            return []
        plugin = self.plugins.get(agent.name)
        return [p for p in self.problems if p.path == agent.source or _of_plugin(p, plugin)]

    def problems_line(self) -> str | None:
        """``coord agents list``'s line under its table when agent files have problems: the
        files skipped and the warnings, counted, and the ``coord agents validate`` command
        naming every file with one (it said "3 problem(s), 2 file(s) skipped" and named
        the skipped files alone: a warning's file was left out). It "shows why", as ``coord
        run``'s and ``coord route``'s warning says (daily44: it said "shows them")."""
        if not self.problems:
            return None
        skipped = len({p.path for p in self.skipped})
        warnings, notes = len(self.warnings), len(self.notes)
        said = [
            f"{counted(skipped, 'agent file')} skipped" if skipped else "",
            counted(warnings, "warning") if warnings else "",
            counted(notes, "note") if notes else "",
        ]
        shown = ", ".join(words for words in said if words) or "problems"
        return f"{shown}: `{self.validate_command(self.problems)}` shows why"

    def validate_command(self, problems: list[Problem] | None = None) -> str:
        """The ``coord agents validate`` command that shows the skipped files' problems (or
        ``problems``'): it names the files (up to three), else their folders (up to three),
        else the source folders holding them (an ``--agents-dir`` of many sub-folders: a bare
        ``coord agents validate`` reads the roster without it), else the roster."""
        files = sorted({p.path for p in (self.skipped if problems is None else problems)})
        if any(f.suffix != ".md" for f in files):  # a plugin's record or manifest: no agent
            return "coord agents validate"  # file to name; the whole roster's check says it
        paths = files if len(files) <= 3 else sorted({f.parent for f in files})
        if len(paths) > 3:
            paths = sorted({d for d in self.source_dirs for f in files if f.is_relative_to(d)})
        if not paths or len(paths) > 3:
            return "coord agents validate"
        return " ".join(["coord agents validate", *(shlex.quote(shown_path(p)) for p in paths)])

    def resolve(self, label: str) -> str | None:
        """The agent name a label refers to (name, display name or short ID), or None."""
        if label in self.agents:
            return label
        for key in target_keys(label):
            if key in self._keys:
                return self._keys[key]
        return None

    def get(self, name: str) -> AgentSpec:
        """The agent called ``name`` (or one of its aliases); UnknownAgentError otherwise."""
        resolved = self.resolve(name)
        if resolved is not None:
            return self.agents[resolved]
        skipped = self.skipped_file(name)
        if skipped is not None:
            raise UnknownAgentError(
                f"unknown agent: {name}: its file {shown_path(skipped.path)} was skipped",
                hint=f"{shown_path(skipped.path)}:{skipped.line}: {skipped.message}",
            )
        unread = next((p for p in self.skipped if p.path in self.source_dirs), None)
        if unread is not None:  # it may be there, unread
            raise UnknownAgentError(
                f"unknown agent: {name}: the agent folder {shown_path(unread.path)} cannot be read",
                hint=f"{shown_path(unread.path)}: {unread.message}",
            )
        renamed = self._named_otherwise(name)
        if renamed is not None:
            called, path = renamed
            raise UnknownAgentError(
                f"unknown agent: {name}: its file {shown_path(path)} names the agent {called}",
                hint=f"Use {called}: an agent is called by its file's name: line.",
            )
        meant = did_you_mean(close_names(name, list(self.agents)))
        raise UnknownAgentError(
            f"unknown agent: {name}{meant}",
            hint="See `coord agents list`.",
            tool_hint="Leave `agent` out to route the request (`route` names the candidates).",
        )

    def _named_otherwise(self, name: str) -> tuple[str, Path] | None:
        """(its name, its file) of the agent whose file is ``NAME.md`` while its ``name:``
        line says another name (an agent renamed in its file), if any."""
        key = slug(name)
        for spec in self.agents.values():
            if spec.source is not None and slug(spec.source.stem) == key:
                return spec.name, spec.source
        return None

    def skipped_file(self, name: str) -> Problem | None:
        """The first error of a skipped agent file named like ``name`` (``NAME.md``, or a
        ``name: NAME`` line in its frontmatter), if any: the agent a user asks for may be
        missing because its file could not be used."""
        key = slug(name)
        by_stem = next((p for p in self.skipped if slug(p.path.stem) == key), None)
        if by_stem is not None:
            return by_stem
        if not key:
            return None
        return next((p for p in self.skipped if slug(declared_name(p.path)) == key), None)

    def configured_for(self, domain: str, overrides: Mapping[str, str] | None) -> AgentSpec | None:
        """The agent the config's ``domains:`` map (``overrides``) names for ``domain``, or
        None (the user's explicit choice: it answers whatever the question)."""
        wanted = normalise_domain(domain)
        for key, name in (overrides or {}).items():
            if normalise_domain(key) == wanted and name:
                return self.get(name)
        return None

    def of_domain(self, domain: str) -> tuple[AgentSpec, ...]:
        """Every agent whose domain is ``domain`` (normalised): those with an explicit
        ``domain:`` key first, then the others, each in roster order (highest-precedence
        source first)."""
        wanted = normalise_domain(domain)
        matches = [a for a in self if a.domain == wanted]
        explicit = [a for a in matches if "domain" in a.extra]
        return (*explicit, *(a for a in matches if "domain" not in a.extra))

    def overlaid(self, specs: Iterable[AgentSpec]) -> Registry:
        """This roster with ``specs`` in place of the same-named agents (added after the
        others when absent): a resumed session's roster, with the definitions its runs used
        (:mod:`coordinator.runtime.rebuild`)."""
        agents = dict(self.agents)
        for spec in specs:
            agents[spec.name] = spec
        return Registry(list(agents.values()), kinds=self.kinds, plugins=self.plugins)

    def without(self, names: Iterable[str]) -> Registry:
        """This roster without the agents ``names`` (those a rule keeps from running:
        :mod:`coordinator.runtime.denied_agents`), its routing index cached where this
        one's is."""
        gone = frozenset(names)
        kept = Registry(
            [a for a in self.agents.values() if a.name not in gone],
            kinds={n: k for n, k in self.kinds.items() if n not in gone},
            plugins={n: p for n, p in self.plugins.items() if n not in gone},
        )
        kept.cache_dir = self.cache_dir
        return kept

    def _resolve_exclusions(self, roster: Registry) -> None:
        for name, agent in self.agents.items():
            if not agent.exclusions:
                continue
            resolved = []
            for exc in agent.exclusions:
                target = roster.resolve(exc.target_label) if exc.target_label else None
                if exc.target_label and target is None and agent.source is not None:
                    self.problems.append(
                        Problem(
                            path=agent.source,
                            severity=Severity.WARNING,
                            message=_unknown_target(name, exc.target_label, list(roster.agents)),
                        )
                    )
                resolved.append(exc.model_copy(update={"target": target}))
            self.agents[name] = agent.model_copy(update={"exclusions": resolved})


def _unknown_target(name: str, label: str, names: list[str]) -> str:
    """The warning for agent ``name``'s NOT-for redirect to ``label``, which no agent of
    ``names`` is: with the name it was likely meant to be, when one is close."""
    from coordinator.roster.names import close_names

    said = f"{name}: redirect target '{label}' is not in the roster"
    close = close_names(label, [other for other in names if other != name], n=1)
    return said + (f"; did you mean {close[0]}?" if close else "")


def _of_plugin(problem: Problem, plugin: Plugin | None) -> bool:
    """Whether ``problem`` is about ``plugin`` itself (a file in its folder that is no
    agent file: its manifest)."""
    if plugin is None or problem.path.suffix == ".md":
        return False
    return problem.path.is_relative_to(plugin.root)


def shown_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it (for messages)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_NAME_LINE = re.compile(r"""^name:[ \t]*["']?([^"'\r\n#]*)""", re.MULTILINE)


def declared_name(path: Path) -> str:
    """The ``name:`` a (skipped) agent file declares near its top, read as plain text; ""
    when it has none or cannot be read."""
    from coordinator.roster.frontmatter import read_regular

    try:
        head = read_regular(path, 8192).decode("utf-8", errors="replace")
    except OSError:
        return ""
    found = _NAME_LINE.search(head)
    return found.group(1).strip() if found else ""
