"""The CLAUDE.md hierarchy: the instruction files Claude Code gives a (non-fork) sub-agent.

Claude Code puts the project's and the user's instruction files in a sub-agent's context
unless its agent file sets ``omitClaudeMd: true``. coord reads, in Claude Code's order
(broadest first, the closest last):

* managed: ``/etc/claude-code/CLAUDE.md`` (beside the managed settings);
* user: ``~/.claude/CLAUDE.md``, then ``~/.claude/rules/**/*.md``;
* project: ``CLAUDE.md``, ``.claude/CLAUDE.md``, ``.claude/rules/**/*.md``, then
  ``CLAUDE.local.md``, all in the workspace.

A rule file whose frontmatter has ``paths:`` is one Claude Code loads only when it reads a
matching file, as it loads the instruction files of sub-folders: those are not in the system
prompt but given after the result of a Read that reaches them
(:mod:`coordinator.runtime.nested`); the rules are listed with their patterns. Folders
above the workspace are not read (Claude Code reads up to ``/``): they are neither the
project's nor the user's own instruction files (a workspace in ``/tmp/x`` would take
``/tmp/CLAUDE.md`` from any local user).

``@path`` imports (relative to the importing file, absolute, or ``~/``) are followed at most
:data:`IMPORT_HOPS` hops deep, not inside code spans or code blocks; each imported file is
put after the one importing it, once. A file an agent could have written (in the workspace:
the Write tool, a command, a merged branch) may import only files of the workspace that
coord lets an agent read: any other import loads nothing, and a warning names the file and
line. An import that names no file where an agent's file may import one ("Ask @alice", a
file not written yet) is ignored quietly, as Claude Code ignores it. The user's own files
import as written, as Claude Code does.

The settings' ``claudeMdExcludes`` patterns (:mod:`coordinator.runtime.md_excludes`) keep
the files they match out, an import too; never the managed file nor what it imports.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from coordinator.claude_home import claude_home
from coordinator.roster.frontmatter import FrontmatterError, parse_bytes
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.md_excludes import KEY, ClaudeMdExcludes, Exclude
from coordinator.runtime.prompt_files import PRELOAD_BYTES, PromptFiles
from coordinator.sanitize import shown_name
from coordinator.tools.base import ToolError
from coordinator.tools.globbing import no_character
from coordinator.tools.workspace import resolve_in_workspace

CLAUDE_MD = "CLAUDE.md"
LOCAL_MD = "CLAUDE.local.md"
#: The managed (organisation-wide) instruction file on Linux, beside the managed settings.
MANAGED_CLAUDE_MD = Path("/etc/claude-code/CLAUDE.md")
#: How many hops of ``@path`` imports are followed (Claude Code: "a maximum depth of 5").
IMPORT_HOPS = 5
#: The most instruction files read for one workspace (rules folders can hold many).
MAX_FILES = 100
FRONTMATTER = re.compile(r"\A---\s*\n.*?\n---\s*(?:\n|\Z)", re.DOTALL)
_IMPORT = re.compile(r"(?:^|(?<=\s))@((?:[^\s\\]|\\ )+)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_IMPORT_START = re.compile(r"^(?:~/|/|[A-Za-z0-9._-])")


class Kind(StrEnum):
    """Where an instruction file lies, as the prompt names it."""

    MANAGED = "managed instructions, for every user of this machine"
    USER = "the user's private instructions for all projects"
    USER_RULE = "a rule of the user's, for all projects"
    PROJECT = "project instructions, checked into the codebase"
    PROJECT_RULE = "a project rule"
    LOCAL = "the user's private project instructions, not checked in"
    SUBFOLDER = "instructions for a sub-folder, checked into the codebase"
    SUBFOLDER_LOCAL = "the user's private instructions for a sub-folder, not checked in"
    SUBFOLDER_RULE = "a rule of a sub-folder, checked into the codebase"
    IMPORTED = "imported"


@dataclass(frozen=True)
class InstructionFile:
    """One instruction file loaded: where it lies, as shown, and its text."""

    path: Path
    shown: str
    kind: Kind
    text: str
    #: True when an agent could have written it: it is quoted as data, not instructions.
    agents: bool
    #: The file that imports it (as shown), for an imported one.
    via: str = ""


@dataclass(frozen=True)
class ScopedRule:
    """A rule file whose frontmatter has ``paths:``: given when a matching file is read."""

    path: Path
    shown: str
    kind: Kind
    #: Its glob patterns, matched against a workspace-relative POSIX path.
    patterns: tuple[str, ...]


class Why(StrEnum):
    """What a warning of the hierarchy says of the file it names."""

    #: Not loaded: it cannot be read, is no regular file, or leads where it may not.
    UNREAD = "unread"
    #: Not loaded: it is not UTF-8.
    NOT_UTF8 = "not UTF-8"
    #: Loaded, cut at the byte limit.
    CUT = "cut"
    #: Not loaded: the files before it fill the byte limit.
    FULL = "full"
    #: Not loaded, with the files after it: more than :data:`MAX_FILES` files.
    TOO_MANY = "too many"
    #: One of its imports is not loaded: too deep.
    DEEP_IMPORT = "deep import"
    #: One of its imports is not loaded: an agent's file importing what it may not.
    REFUSED_IMPORT = "refused import"
    #: A ``paths:`` pattern of the rule matches no file (a backwards range, ``[z-a]``).
    NO_MATCH = "no match"


#: The kinds of rule files (their frontmatter is not given).
RULES = frozenset({Kind.USER_RULE, Kind.PROJECT_RULE, Kind.SUBFOLDER_RULE})

#: What says that the file a warning names was not loaded (an import's names its importer).
NOT_LOADED = frozenset({Why.UNREAD, Why.NOT_UTF8, Why.FULL, Why.TOO_MANY})


@dataclass(frozen=True)
class Warned:
    """One warning: the file it names (as shown: an import's, its importer), what it says
    of it, and its text."""

    shown: str
    why: Why
    text: str


@dataclass(frozen=True)
class ExcludedFile:
    """An instruction file a ``claudeMdExcludes`` pattern keeps out: where it lies, as
    shown, and the pattern, with the settings file that sets it."""

    path: Path
    shown: str
    kind: Kind
    exclude: Exclude


@dataclass
class Instructions:
    """Every instruction file loaded for one workspace, the path-scoped rules, and why."""

    files: list[InstructionFile] = field(default_factory=list)
    #: Rules left out of the system prompt: given when a file they match is read.
    scoped: list[ScopedRule] = field(default_factory=list)
    warned: list[Warned] = field(default_factory=list)
    #: Files that would load but for ``claudeMdExcludes`` (``coord agents show`` lists them).
    excluded: list[ExcludedFile] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """The warnings' texts, in order."""
        return [w.text for w in self.warned]


def omits_claude_md(spec: AgentSpec) -> bool:
    """Whether the agent file sets ``omitClaudeMd: true`` (no instruction files)."""
    return spec.extra.get("omitClaudeMd") is True


def load_instructions(
    files: PromptFiles,
    home: Path,
    managed: Path | None,
    excludes: ClaudeMdExcludes | None = None,
) -> Instructions:
    """The hierarchy for the workspace of ``files`` (none without one), read under its
    trust rules; ``managed``: the managed CLAUDE.md (None: none); ``excludes``: the
    settings' ``claudeMdExcludes``."""
    if files.root is None:
        return Instructions()
    return InstructionReader(files.root, home, managed, files, excludes).load()


def workspace_instructions(workspace: Path, *, home: Path | None = None) -> Instructions:
    """The CLAUDE.md hierarchy an agent run in ``workspace`` gets, read under a run's trust
    rules (``coord agents show``); UserError when a settings file cannot be read."""
    from coordinator.runtime.permission_files import load_permissions

    root = workspace.resolve()
    rules = load_permissions(root, home=home)
    files = PromptFiles(root, rules.read_denied if rules.rules else None)
    return load_instructions(files, home or Path.home(), MANAGED_CLAUDE_MD, rules.md_excludes)


class InstructionReader:
    """Loads the hierarchy for the workspace ``root`` under the trust rules of ``files``
    (what may be read, and what an agent could have written); ``managed``: the managed
    CLAUDE.md (None: none); ``excludes``: the files not loaded (``claudeMdExcludes``).
    (A plain class: see :class:`PromptFiles`.)"""

    def __init__(
        self,
        root: Path,
        home: Path,
        managed: Path | None,
        files: PromptFiles,
        excludes: ClaudeMdExcludes | None = None,
    ) -> None:
        self.root = root
        self.home = home
        self.user = claude_home(home)
        self.managed = managed
        self.files = files
        self.excludes = excludes or ClaudeMdExcludes()
        self.limit = PRELOAD_BYTES
        #: False: a path-scoped rule is listed in ``scoped``; True: loaded (a matching read).
        self.on_read = False
        self._seen: set[Path] = set()
        self._found = Instructions()
        self._bytes = 0

    def load(self) -> Instructions:
        """The instruction files, in Claude Code's order, imports after their importer."""
        for path, kind in self._sources():
            if len(self._found.files) >= MAX_FILES:
                shown = self.shown(path)
                self._warn(
                    shown,
                    Why.TOO_MANY,
                    f"more than {MAX_FILES} files; {shown_name(shown)} and the ones after "
                    "it are not loaded",
                )
                break
            self._add(path, kind, hops=0, via="", managed=kind is Kind.MANAGED)
        return self._found

    def load_on_read(self, sources: list[tuple[Path, Kind]]) -> Instructions:
        """``sources`` (sub-folders' CLAUDE.md files, path-scoped rules) loaded as
        :meth:`load` loads the hierarchy, each followed by its imports."""
        self.on_read = True
        for path, kind in sources:
            self._add(path, kind, hops=0, via="", managed=False)
        return self._found

    def excluded(self, path: Path) -> bool:
        """Whether a ``claudeMdExcludes`` pattern keeps the (not managed) file ``path`` out."""
        return self.excludes.excluding(path) is not None

    def _sources(self) -> Iterator[tuple[Path, Kind]]:
        user = self.user.folder
        if self.managed is not None:
            yield self.managed, Kind.MANAGED
        yield user / CLAUDE_MD, Kind.USER
        yield from ((p, Kind.USER_RULE) for p in rule_files(user / "rules"))
        yield self.root / CLAUDE_MD, Kind.PROJECT
        yield self.root / ".claude" / CLAUDE_MD, Kind.PROJECT
        yield from ((p, Kind.PROJECT_RULE) for p in rule_files(self.root / ".claude" / "rules"))
        yield self.root / LOCAL_MD, Kind.LOCAL

    def shown(self, path: Path) -> str:
        """``path`` as the prompt names it (workspace-relative, ``~/.claude/...``)."""
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        user = self.user
        if path.is_relative_to(user.folder):
            return f"{user.named}/{path.relative_to(user.folder).as_posix()}"
        return str(path)

    def _add(self, path: Path, kind: Kind, hops: int, via: str, managed: bool) -> None:
        """Load ``path`` (when there) and then, depth first, what it imports (``managed``:
        the managed file or one it imports, which no ``claudeMdExcludes`` keeps out)."""
        if not os.path.lexists(path) or (not managed and self._left_out(path, kind)):
            return
        key = Path(os.path.abspath(path))
        if key in self._seen:
            return
        self._seen.add(key)
        shown = self.shown(path)
        named = shown_name(shown)  # in a warning: one line, no terminal escape
        text = self._text(path, shown)
        if text is None:
            return
        if kind in RULES:
            patterns = None if self.on_read else path_patterns(text)
            if patterns is not None:
                self._found.scoped.append(ScopedRule(path, shown, kind, patterns))
                for said in class_warnings(shown, patterns):
                    self._warn(shown, Why.NO_MATCH, said)
                return
            text = FRONTMATTER.sub("", text, count=1)
        self._bytes += len(text)
        if self._bytes > self.limit:
            self._warn(
                shown,
                Why.FULL,
                f"{named} not loaded: the instruction files together pass {self.limit} bytes",
            )
            return
        agents = self.files.agents_wrote(path) is not None
        self._found.files.append(InstructionFile(path, shown, kind, text.strip(), agents, via))
        for line, target in imports(text):
            self._import(path, shown, agents, line, target, hops + 1, managed)

    def _left_out(self, path: Path, kind: Kind) -> bool:
        """Whether a ``claudeMdExcludes`` pattern keeps ``path`` out (listed in
        :attr:`Instructions.excluded` once, for ``coord agents show``)."""
        exclude = self.excludes.excluding(path)
        if exclude is not None and all(e.path != path for e in self._found.excluded):
            self._found.excluded.append(ExcludedFile(path, self.shown(path), kind, exclude))
        return exclude is not None

    def _import(
        self,
        importer: Path,
        shown: str,
        agents: bool,
        line: int,
        target: str,
        hops: int,
        managed: bool,
    ) -> None:
        named = shown_name(shown)
        where = f"{named}:{line}: @{shown_name(target)}"
        if hops > IMPORT_HOPS:
            self._warn(
                shown,
                Why.DEEP_IMPORT,
                f"{where} not loaded: imports go at most {IMPORT_HOPS} hops deep",
            )
            return
        path = self._target(importer, target)
        if agents and not self._confined(path) and not self._names_nothing(path):
            self._warn(
                shown,
                Why.REFUSED_IMPORT,
                f"{where} not loaded: {named} is a workspace file an agent could have "
                "written, and this leads outside the workspace, into the coordinator's own "
                "files or to a file a permission rule keeps from being read",
            )
            return
        self._add(path, Kind.IMPORTED, hops, shown, managed)

    def _target(self, importer: Path, target: str) -> Path:
        if target.startswith("~/"):
            return self.home / target[2:]
        return Path(os.path.normpath(importer.parent / target))

    def _confined(self, path: Path) -> bool:
        """Whether an agent's file may import ``path``: a workspace file an agent may read."""
        return path.is_relative_to(self.root) and self.files.readable(path)

    def _names_nothing(self, path: Path) -> bool:
        """Whether ``path`` names no file, where an agent's import may lead: the Read tool
        would look for it there ("Ask @alice"; a file not written yet). Imports elsewhere
        are warned of whether a file is there or not: the warning is given to an agent
        that reads a sub-folder, and must not tell it which files exist outside."""
        if os.path.exists(path):
            return False
        try:
            resolve_in_workspace(self.root, path)
        except ToolError:
            return False
        hidden = self.files.hidden
        return hidden is None or not hidden(path, self.root)

    def _warn(self, shown: str, why: Why, text: str) -> None:
        self._found.warned.append(Warned(shown, why, f"instructions: {text}"))

    def _text(self, path: Path, shown: str) -> str | None:
        """The text of ``path`` (shown as ``shown``; UTF-8, at most ``limit`` bytes), or
        None with a warning."""
        named = shown_name(shown)
        data = self.files.read(path)
        if data is None:
            self._warn(
                shown,
                Why.UNREAD,
                f"{named} not loaded: it cannot be read, is no regular file, or leads "
                "outside the workspace or into the coordinator's own files",
            )
            return None
        cut = len(data) >= self.limit
        try:
            text = codecs.getincrementaldecoder("utf-8")().decode(data, final=not cut)
        except UnicodeDecodeError:
            self._warn(shown, Why.NOT_UTF8, f"{named} not loaded: it is not UTF-8")
            return None
        if cut:
            self._warn(
                shown, Why.CUT, f"{named} is cut at {self.limit} bytes (the rest is not loaded)"
            )
        return text


def imports(text: str) -> list[tuple[int, str]]:
    """Each ``@path`` import of ``text`` with its line (1-based): none inside a fenced or
    indented code block or a code span; a ``\\ `` in a path is a space, and the
    punctuation after one (``See @README.md.``) is not part of it. (Only lines that
    may open or close a fence, or hold an "@", are matched against a pattern.)"""
    if "@" not in text:
        return []
    found: list[tuple[int, str]] = []
    fence = ""
    blank = True  # an indented line after a blank one (or another such) is code
    code = False
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line) if line.lstrip(" ")[:3] in ("```", "~~~") else None
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        empty = not line.strip()
        code = (blank or code) and line.startswith(("    ", "\t")) and not empty
        blank = empty
        if code or "@" not in line:
            continue
        for match in _IMPORT.finditer(_CODE_SPAN.sub(" ", line)):
            target = match.group(1).replace("\\ ", " ").rstrip(".,;:!?)]")
            if _IMPORT_START.match(target) and target != "/":
                found.append((number, target))
    return found


def path_patterns(text: str) -> tuple[str, ...] | None:
    """The glob patterns a rule file's frontmatter limits it to (``paths:``, a list or a
    string of patterns split at commas outside braces), or None for a rule for all: no
    ``paths:``, or none that limits it (an empty list, only ``**``: Claude Code reads a rule
    whose patterns, a trailing ``/**`` dropped, are all ``**`` as one for every file)."""
    if not FRONTMATTER.match(text):
        return None
    parsed = parse_bytes(text.encode("utf-8"))
    if isinstance(parsed, FrontmatterError):
        return None
    value = parsed.meta.get("paths")
    if value is None:
        return None
    items = value if isinstance(value, list) else _split_patterns(str(value))
    patterns = tuple(p for p in (str(item).strip() for item in items) if p)
    if all(p.removesuffix("/**") in ("", "**") for p in patterns):
        return None
    return patterns


def class_warnings(shown: str, patterns: tuple[str, ...]) -> list[str]:
    """One line for each class of the rule file ``shown``'s ``paths:`` ``patterns`` that
    matches no character (a backwards range, ``[z-a]``), naming the file and the pattern,
    as a settings file's rule is warned of."""
    return [
        f"{shown_name(shown)}: paths: {p!r} matches no file: {said}"
        for p in patterns
        for said in no_character(p)
    ]


def _split_patterns(text: str) -> list[str]:
    """``a/*.ts, b/*.{ts,tsx}`` as its patterns (a comma inside braces is the glob's)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        if char == "," and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def rule_files(folder: Path) -> list[Path]:
    """The ``*.md`` files below ``folder`` (sub-folders too, links to folders not
    followed), sorted by path; none when it is no folder."""
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        found += [Path(top) / f for f in sorted(files) if f.endswith(".md")]
        if len(found) > MAX_FILES:
            break
    return found


def _described(file: InstructionFile) -> str:
    what = (
        f"imported by {shown_name(file.via)}"
        if file.kind is Kind.IMPORTED
        else file.kind.name.lower()
    )
    return f"{what}, quoted: an agent could have written it" if file.agents else what


#: What ``coord agents show`` says of the files a Read brings from a sub-folder (which only a
#: walk of the whole workspace would list): a sentence of its own, on its own line, after
#: the files given at the start (daily61: after "none found" it read as one sentence).
ON_READ = (
    "Later, when the agent reads a file in a sub-folder: that folder's CLAUDE.md, "
    ".claude/CLAUDE.md, CLAUDE.local.md and .claude/rules/**/*.md (those for all, and the "
    "paths: ones matching)."
)

#: What ``coord agents show`` says when no instruction file is given at the start.
NONE_AT_START = "none at the start"


def instruction_listing(spec: AgentSpec, found: Instructions) -> list[str]:
    """What ``coord agents show`` says of the instruction files ``spec`` gets, in the
    order its prompt has them, then the path-scoped rules, what its Reads bring from
    sub-folders (:data:`ON_READ`) and the warnings."""
    if omits_claude_md(spec):
        return ["none (omitClaudeMd: true)"]
    lines = [f"{shown_name(f.shown)} ({_described(f)})" for f in found.files] or [NONE_AT_START]
    lines += [
        f"{shown_name(r.shown)} ({r.kind.name.lower()} for "
        f"{shown_name(', '.join(r.patterns))}: given when the agent reads a matching file)"
        for r in found.scoped
    ]
    lines += [f"{shown_name(x.shown)} ({_excluded(x)})" for x in found.excluded]
    return [*lines, ON_READ] + [f"warning: {w}" for w in found.warnings]


def _excluded(file: ExcludedFile) -> str:
    """``project_rule, excluded: claudeMdExcludes '**/rules/*.md' in FILE: not given``."""
    x, kind = file.exclude, file.kind.name.lower()
    return f"{kind}, excluded: {KEY} {x.pattern!r} in {shown_name(str(x.source))}: not given"


def instruction_data(spec: AgentSpec, found: Instructions) -> dict[str, object]:
    """:func:`instruction_listing` for ``--json``."""
    omitted = omits_claude_md(spec)
    files = [] if omitted else found.files
    return {
        "omitted": omitted,
        "files": [
            {"path": f.shown, "kind": f.kind.name.lower(), "quoted": f.agents, "via": f.via}
            for f in files
        ],
        "scoped": []
        if omitted
        else [
            {"path": r.shown, "kind": r.kind.name.lower(), "paths": list(r.patterns)}
            for r in found.scoped
        ],
        "excluded": []
        if omitted
        else [
            {
                "path": x.shown,
                "kind": x.kind.name.lower(),
                "pattern": x.exclude.pattern,
                "settings": str(x.exclude.source),
            }
            for x in found.excluded
        ],
        "warnings": [] if omitted else found.warnings,
    }
