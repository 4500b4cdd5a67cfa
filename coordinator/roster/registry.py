"""Agent definitions loaded from folders of Claude Code subagent files.

Sources, highest precedence first (an agent name found in two sources keeps the higher one and
the lower file is recorded as shadowed):

1. the ``agents_dirs`` given by ``--agents-dir`` or the config file, in the order given;
2. the project's ``.claude/agents/`` nearest to the working directory (walking up), recursively;
3. the user's ``~/.claude/agents/``;
4. the bundled specialists (``coordinator/_bundled_agents`` in a wheel, ``agents/`` in the repo).

With ``only=True`` just the first group is read. Every ``*.md`` file under a source is an agent
definition except README/INDEX/LICENSE-like files (see :data:`NOT_AGENT_FILES`) and anything
under a hidden directory. A file that cannot be loaded is reported on ``Registry.problems`` with
its path, line and reason, and never stops the others from loading.
"""

from __future__ import annotations

import difflib
import os
import pickle
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

import coordinator
from coordinator.errors import UserError
from coordinator.roster.frontmatter import Frontmatter, FrontmatterError
from coordinator.roster.frontmatter import parse as parse_frontmatter
from coordinator.roster.names import slug
from coordinator.roster.triggers import aliases as derive_aliases
from coordinator.roster.triggers import parse_description, target_keys
from protocols.domains import canonical_domain

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
MODEL_ALIASES = frozenset({"sonnet", "opus", "haiku", "inherit"})
_FULL_MODEL_ID = re.compile(r"^claude-[a-z0-9.-]+$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: Domain words, checked against an agent's name (last word first), then its description.
#: ``ml`` is this runtime's domain for LLM / machine-learning specialists (``llm`` and ``ai``
#: are accepted as synonyms by :meth:`Registry.for_domain`).
DOMAIN_WORDS: dict[str, frozenset[str]] = {
    "tests": frozenset({"test", "tests", "testing", "qa", "tdd", "tester"}),
    "docs": frozenset({"docs", "doc", "documentation", "documenter", "docs-writer"}),
    "ml": frozenset({"ml", "llm", "ai", "prompt", "mlops", "nlp", "rag", "embeddings"}),
    "devops": frozenset(
        {
            "devops",
            "deployment",
            "deploy",
            "kubernetes",
            "k8s",
            "docker",
            "terraform",
            "sre",
            "infrastructure",
            "infra",
            "cicd",
            "ci",
            "cloud",
        }
    ),
    "database": frozenset(
        {"database", "db", "dba", "sql", "postgres", "postgresql", "mysql", "mongodb", "databases"}
    ),
    "frontend": frozenset({"frontend", "react", "vue", "angular", "svelte", "ui", "css", "nextjs"}),
    "backend": frozenset({"backend", "api", "fastapi", "django", "flask", "server"}),
}
DOMAIN_SYNONYMS = {
    "llm ml": "ml",
    "llm": "ml",
    "ai": "ml",
    "machine learning": "ml",
    "test": "tests",
    "doc": "docs",
    "documentation": "docs",
    "db": "database",
}

Severity = Literal["error", "warning", "info"]
SourceKind = Literal["agents-dir", "project", "user", "bundled"]


class Problem(BaseModel):
    """Something wrong with one agent file: ``error`` means the file was skipped."""

    path: Path
    line: int = 1
    severity: Severity = "error"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class Exclusion(BaseModel):
    """A "NOT for" line: requests about ``topic`` belong to ``target`` (an agent name)."""

    topic: str
    target: str | None
    target_label: str = ""


class AgentSpec(BaseModel):
    """One specialist definition.

    ``extra`` keeps every frontmatter key not modelled by a field (including explicit
    ``domain:``, ``triggers:`` and ``aliases:`` keys, whose derived values are the fields).
    """

    name: str
    description: str
    tools: list[str] | None = None
    disallowed_tools: list[str] = Field(default_factory=list)
    model: str | None = None
    color: str | None = None
    permission_mode: str | None = None
    max_turns: int | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    body: str = ""
    source: Path | None = None
    aliases: list[str] = Field(default_factory=list)
    domain: str | None = None
    triggers: list[str] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    #: The description without its NOT-for block: what the router reads.
    routing_text: str = ""


class Shadowed(BaseModel):
    """An agent file hidden by a same-named agent from a higher-precedence source."""

    name: str
    path: Path
    kind: SourceKind
    by: Path
    by_kind: SourceKind


@dataclass(frozen=True)
class Source:
    """One folder of agent files and which kind of source it is."""

    kind: SourceKind
    path: Path


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
    ):
        self.agents: dict[str, AgentSpec] = {a.name: a for a in agents}
        self.problems: list[Problem] = list(problems)
        self.shadowed: list[Shadowed] = list(shadowed)
        self.kinds: dict[str, SourceKind] = dict(kinds or {})
        self._keys: dict[str, str] = {}
        for agent in self.agents.values():
            for key in (slug(agent.name), *(slug(a) for a in agent.aliases)):
                self._keys.setdefault(key, agent.name)
        for agent in self.agents.values():
            self._keys[slug(agent.name)] = agent.name
        self._resolve_exclusions()
        #: Where a large roster's routing index may be cached (None: never).
        self.cache_dir: Path | None = None

    def __iter__(self) -> Iterator[AgentSpec]:
        return iter(self.agents.values())

    def __len__(self) -> int:
        return len(self.agents)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.resolve(name) is not None

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
        close = difflib.get_close_matches(name, list(self.agents), n=3, cutoff=0.5)
        hint = f"Did you mean: {', '.join(close)}?" if close else "See `coord agents list`."
        raise UnknownAgentError(f"unknown agent: {name}", hint=hint)

    def for_domain(
        self, domain: str, overrides: Mapping[str, str] | None = None
    ) -> AgentSpec | None:
        """The specialist answering for ``domain`` (config ``domains:`` map first), or None.

        Among several agents of one domain, one with an explicit ``domain:`` key wins, then
        the one from the highest-precedence source (roster order).
        """
        wanted = normalise_domain(domain)
        for key, name in (overrides or {}).items():
            if normalise_domain(key) == wanted and name:
                return self.get(name)
        matches = [a for a in self if a.domain == wanted]
        explicit = [a for a in matches if "domain" in a.extra]
        ranked = explicit or matches
        return ranked[0] if ranked else None

    def _resolve_exclusions(self) -> None:
        for name, agent in self.agents.items():
            if not agent.exclusions:
                continue
            resolved = []
            for exc in agent.exclusions:
                target = self.resolve(exc.target_label) if exc.target_label else None
                if exc.target_label and target is None and agent.source is not None:
                    self.problems.append(
                        Problem(
                            path=agent.source,
                            severity="warning",
                            message=f"{name}: redirect target '{exc.target_label}' "
                            "is not in the roster",
                        )
                    )
                resolved.append(exc.model_copy(update={"target": target}))
            self.agents[name] = agent.model_copy(update={"exclusions": resolved})


def normalise_domain(text: str) -> str:
    """A domain as the registry stores it: canonical, with ``llm``/``ai`` folded into ``ml``."""
    canon = canonical_domain(text)
    return DOMAIN_SYNONYMS.get(canon, canon)


def derive_domain(name: str, text: str, explicit: Any = None) -> str | None:
    """The agent's domain: explicit ``domain:`` key, else its name's words, else its text."""
    if isinstance(explicit, str) and explicit.strip():
        return normalise_domain(explicit)
    for word in reversed(name.lower().split("-")):
        for domain, vocabulary in DOMAIN_WORDS.items():
            if word in vocabulary:
                return domain
    counts = {d: 0 for d in DOMAIN_WORDS}
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        for domain, vocabulary in DOMAIN_WORDS.items():
            if word in vocabulary:
                counts[domain] += 1
    best = max(counts.values())
    winners = [d for d, n in counts.items() if n == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def bundled_agents_dir() -> Path:
    """Where the bundled specialists live: in the wheel, else ``agents/`` in the repo."""
    package = Path(coordinator.__file__).resolve().parent
    wheel = package / "_bundled_agents"
    return wheel if wheel.is_dir() else package.parent / "agents"


def project_agents_dir(cwd: Path) -> Path | None:
    """The ``.claude/agents`` folder nearest to ``cwd`` (walking up), or None."""
    for folder in (cwd, *cwd.parents):
        candidate = folder / ".claude" / "agents"
        if candidate.is_dir():
            return candidate
    return None


def agent_files(root: Path) -> list[Path]:
    """Every agent definition under ``root``, recursively, in a stable order."""
    found = []
    for path in root.rglob("*.md"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.stem.lower().split(".")[0] in NOT_AGENT_FILES or not path.is_file():
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def sources_for(
    agents_dirs: Sequence[Path], *, only: bool, cwd: Path | None = None
) -> list[Source]:
    """The folders to read, highest precedence first (missing optional folders skipped)."""
    if only and not agents_dirs:
        raise UserError("--only needs at least one --agents-dir folder")
    sources = []
    for folder in agents_dirs:
        if not folder.is_dir():
            raise UserError(f"agents folder not found: {folder}")
        sources.append(Source("agents-dir", folder))
    if not only:
        project = project_agents_dir((cwd or Path.cwd()).resolve())
        if project is not None:
            sources.append(Source("project", project))
        user = Path.home() / ".claude" / "agents"
        if user.is_dir():
            sources.append(Source("user", user))
        bundled = bundled_agents_dir()
        if bundled.is_dir():
            sources.append(Source("bundled", bundled))
    unique: dict[Path, Source] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    return list(unique.values())


def load_registry(
    agents_dirs: Sequence[Path] = (),
    *,
    only: bool = False,
    cwd: Path | None = None,
    cache: bool = True,
) -> Registry:
    """Load every source by precedence into a :class:`Registry` (problems collected on it)."""
    file_cache = FileCache.open() if cache else FileCache.disabled()
    agents: list[AgentSpec] = []
    where: dict[str, tuple[Path, Source]] = {}
    problems: list[Problem] = []
    shadowed: list[Shadowed] = []
    kinds: dict[str, SourceKind] = {}
    for source in sources_for(agents_dirs, only=only, cwd=cwd):
        for path in agent_files(source.path):
            spec, found = build_spec(path, file_cache.read(path))
            problems.extend(found)
            if spec is None:
                continue
            if spec.name in where:
                by, by_source = where[spec.name]
                shadowed.append(
                    Shadowed(
                        name=spec.name, path=path, kind=source.kind, by=by, by_kind=by_source.kind
                    )
                )
                if by_source == source:
                    problems.append(
                        Problem(
                            path=path,
                            severity="warning",
                            message=f"duplicate agent name '{spec.name}' "
                            f"(already defined in {by}); this file is ignored",
                        )
                    )
                continue
            where[spec.name] = (path, source)
            kinds[spec.name] = source.kind
            agents.append(spec)
    file_cache.save()
    registry = Registry(agents, problems=problems, shadowed=shadowed, kinds=kinds)
    registry.cache_dir = file_cache.path.parent if file_cache.path is not None else None
    return registry


def read_agent_file(path: Path) -> Frontmatter | FrontmatterError:
    """Parse one file's frontmatter (the unit the cache stores)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return FrontmatterError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", 1)
    except OSError as exc:
        return FrontmatterError(f"cannot read the file: {exc.strerror or exc}", 1)
    try:
        return parse_frontmatter(text)
    except FrontmatterError as exc:
        return exc


def build_spec(
    path: Path, parsed: Frontmatter | FrontmatterError
) -> tuple[AgentSpec | None, list[Problem]]:
    """Turn a parsed file into an AgentSpec, with the problems found on the way."""
    if isinstance(parsed, FrontmatterError):
        return None, [Problem(path=path, line=parsed.line, message=parsed.message)]
    problems: list[Problem] = []
    if parsed.yaml_error is not None:
        problems.append(
            Problem(
                path=path,
                line=parsed.yaml_error_line or 2,
                severity="warning",
                message=f"frontmatter is not valid YAML ({parsed.yaml_error}); read it leniently",
            )
        )
    meta, lines = parsed.meta, parsed.key_lines
    for key in ("name", "description"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            reason = "is empty" if key in meta else "is missing"
            problems.append(
                Problem(
                    path=path,
                    line=lines.get(key, 1),
                    message=f"frontmatter '{key}' {reason}; file skipped",
                )
            )
    if any(p.severity == "error" for p in problems):
        return None, problems
    try:
        spec = _spec_from_meta(path, parsed, problems)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        problems.append(
            Problem(
                path=path,
                line=lines.get(field, 1),
                message=f"invalid '{field}': {err['msg']}; file skipped",
            )
        )
        return None, problems
    return spec, problems


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


def _spec_from_meta(path: Path, parsed: Frontmatter, problems: list[Problem]) -> AgentSpec:
    meta, lines = parsed.meta, parsed.key_lines
    fields: dict[str, Any] = {}
    for key, field in _FIELD_KEYS.items():
        if key in meta and meta[key] is not None:
            fields[field] = meta[key]
    name = str(fields["name"]).strip()
    description = str(fields["description"]).strip()
    if not _NAME.match(name):
        problems.append(
            Problem(
                path=path,
                line=lines.get("name", 1),
                severity="warning",
                message=f"name '{name}' should be lower-case letters, digits and hyphens",
            )
        )
    for field in ("tools", "disallowed_tools"):
        if field in fields:
            fields[field] = _tool_list(fields[field])
    model = fields.get("model")
    if model is not None:
        fields["model"] = str(model).strip()
        if fields["model"] not in MODEL_ALIASES and not _FULL_MODEL_ID.match(fields["model"]):
            problems.append(
                Problem(
                    path=path,
                    line=lines.get("model", 1),
                    severity="warning",
                    message=f"unknown model '{model}' (expected sonnet, opus, "
                    "haiku, inherit or a full model id)",
                )
            )
    for field in ("color", "permission_mode"):
        if field in fields:
            fields[field] = str(fields[field])
    extra = {k: v for k, v in meta.items() if k not in _FIELD_KEYS}
    parts = parse_description(description, _str_list(extra.get("triggers")))
    return AgentSpec(
        **{**fields, "name": name, "description": description},
        extra=extra,
        body=parsed.body,
        source=path,
        aliases=derive_aliases(name, parsed.body, _str_list(extra.get("aliases"))),
        domain=derive_domain(name, parts.text, extra.get("domain")),
        triggers=parts.triggers,
        exclusions=[Exclusion(topic=t, target=None, target_label=lb) for t, lb in parts.exclusions],
        routing_text=parts.text,
    )


def _tool_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, list):
        return [str(t).strip() for t in value if str(t).strip()]
    return [str(value)]


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return []


CACHE_VERSION = 1
#: The cache keeps at most this many files (the least recently seen are dropped).
CACHE_MAX_ENTRIES = 20_000
_Parsed = Frontmatter | FrontmatterError


def cache_file() -> Path:
    """``$XDG_CACHE_HOME/coordinator/registry.pickle`` (``~/.cache`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coordinator" / "registry.pickle"


class FileCache:
    """Parsed agent files keyed by absolute path, valid while mtime and size are unchanged.

    Only the parse of each file is cached; everything derived from it (triggers, domain,
    redirects) is recomputed on load, so code changes never serve stale derived data. A
    missing, unreadable or corrupt cache file is ignored and rewritten.
    """

    def __init__(self, path: Path | None, entries: dict[str, tuple[int, int, _Parsed]]):
        self.path = path
        self.entries = entries
        self.dirty = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, path: Path | None = None) -> FileCache:
        """The cache at ``path`` (default :func:`cache_file`), empty if unusable."""
        path = path or cache_file()
        try:
            with path.open("rb") as handle:
                version, entries = pickle.load(handle)  # the user's own cache file
            if version != (CACHE_VERSION, coordinator.__version__) or not isinstance(entries, dict):
                entries = {}
        except Exception:  # any unreadable cache is simply rebuilt
            entries = {}
        return cls(path, entries)

    @classmethod
    def disabled(cls) -> FileCache:
        """A cache that stores nothing."""
        return cls(None, {})

    def read(self, path: Path) -> _Parsed:
        """The parsed file, from the cache when its mtime and size still match."""
        key = str(path.absolute())
        try:
            stat = path.stat()
        except OSError:
            return read_agent_file(path)
        hit = self.entries.get(key)
        if hit is not None and hit[0] == stat.st_mtime_ns and hit[1] == stat.st_size:
            self.hits += 1
            return hit[2]
        self.misses += 1
        parsed = read_agent_file(path)
        self.entries.pop(key, None)
        self.entries[key] = (stat.st_mtime_ns, stat.st_size, parsed)
        self.dirty = True
        return parsed

    def save(self) -> None:
        """Write the cache atomically if it changed; failures to write are ignored."""
        if self.path is None or not self.dirty:
            return
        entries = dict(list(self.entries.items())[-CACHE_MAX_ENTRIES:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".registry-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(
                    ((CACHE_VERSION, coordinator.__version__), entries),
                    handle,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(tmp, self.path)
        except OSError:
            return
        self.dirty = False


__all__ = [
    "AgentSpec",
    "Exclusion",
    "Problem",
    "Registry",
    "Shadowed",
    "UnknownAgentError",
    "load_registry",
]
