"""``coord agents new``: a new agent file in the seed's format.

The file is a Claude Code subagent (YAML frontmatter + Markdown) whose description carries
the seed's routing blocks (``TRIGGERS:`` with keywords and requests, ``NOT for:`` redirects)
and whose body carries the fixed final report, so the new specialist is routed, consulted
and read like the bundled ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from coordinator.clip import clip
from coordinator.errors import UserError
from coordinator.roster.fields import model_error
from coordinator.sanitize import clean_text
from protocols.domains import CANONICAL_DOMAINS, canonical_domain, display_domain

_NAME_MAX = 63
_NAME = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{_NAME_MAX - 1}}}$")
#: Where ``coord agents new`` writes, relative to the project (Claude Code's folder).
PROJECT_AGENTS = Path(".claude") / "agents"


def _name_like(name: str) -> str:
    """An agent's name made of ``name`` (``My Agent`` → ``my-agent``), or an example when
    nothing of it fits (``payments-expert``)."""
    made = "-".join(re.findall(r"[a-z0-9]+", name.lower()))
    return made if made and _NAME.match(made) and len(made) <= _NAME_MAX else "payments-expert"


@dataclass(frozen=True)
class AgentDraft:
    """What a new agent file says."""

    name: str
    domain: str
    triggers: list[str]
    requests: list[str] = field(default_factory=list)
    not_for: list[tuple[str, str]] = field(default_factory=list)  # (topic, other agent)
    model: str = "sonnet"
    tools: str = "Read, Grep, Glob, Edit, Write"

    def __post_init__(self) -> None:
        one_line = _one_line  # every value becomes one line of the frontmatter
        object.__setattr__(self, "domain", one_line(self.domain))
        object.__setattr__(self, "triggers", [one_line(t) for t in self.triggers])
        object.__setattr__(self, "requests", [one_line(r) for r in self.requests])
        object.__setattr__(self, "not_for", [(one_line(a), one_line(b)) for a, b in self.not_for])
        if len(self.name) > _NAME_MAX:
            raise UserError(
                f"agent name '{clip(self.name, 40)}' is {len(self.name)} characters long;"
                f" at most {_NAME_MAX}",
                hint="For example: payments-expert.",
            )
        if not _NAME.match(self.name):
            raise UserError(
                f"agent name '{self.name}' must be lowercase letters, digits and hyphens",
                hint=f"For example: {_name_like(self.name)}.",
            )
        missing = [] if self.domain.strip() else ["the agent's domain (--domain)"]
        if not [t for t in self.triggers if t.strip()]:
            missing.append("at least one trigger word (--trigger WORD, repeatable)")
        if missing:  # both at once: the user met one, fixed it, then met the other
            raise UserError(
                f"give {' and '.join(missing)}",
                hint=f"For example: coord agents new {self.name} --domain Payments"
                " --trigger refund --trigger invoice",
            )
        _refuse_dashed(self.triggers)
        if (error := model_error(self.model)) is not None:  # named as the flag it came from
            raise UserError(f"--model: {error}", hint="Use sonnet, opus, haiku or a claude-… id.")


def _refuse_dashed(triggers: list[str]) -> None:
    """UserError naming the first trigger that starts with "-" (mend111): most often an
    option typed after ``-t``, which took it as its word (``-t -x``, ``-t --force``); the
    router reads no dash, so such a trigger matches only as its words (``force``), a single
    letter (``-x``) never, and ``try``'s ``coord route -x`` is refused as an option."""
    dashed = next((t for t in triggers if t.startswith("-")), None)
    if dashed is None:
        return
    word = dashed.lstrip("-").strip()
    example = f"--trigger {word}" if len(word) > 1 else "--trigger refund"
    raise UserError(
        f"trigger '{clip(dashed, 40)}' starts with '-': an option after --trigger/-t is"
        " taken as its word",
        hint=f"Give the word requests use, without dashes: {example}.",
    )


def _one_line(text: str) -> str:
    """``text`` on one line, encodable (bytes of an argument that were not UTF-8: U+FFFD)."""
    return " ".join(clean_text(text).split())


def parse_not_for(values: list[str]) -> list[tuple[str, str]]:
    """``"topic=agent"`` (or ``topic->agent``) values of ``--not-for``."""
    pairs = []
    for value in values:
        parts = re.split(r"=|->|→", value, maxsplit=1)
        topic, target = (parts[0], parts[1]) if len(parts) == 2 else ("", "")
        if not topic.strip() or not target.strip():
            raise UserError(f"--not-for '{value}' must be TOPIC=AGENT, e.g. 'UI pages=web-expert'")
        pairs.append((topic.strip(), target.strip()))
    return pairs


def render(draft: AgentDraft) -> str:
    """The agent file's text (the description as a literal block, like the seed's)."""
    title = draft.name.replace("-", " ").title()
    lines = [
        f"{title}: the {draft.domain} specialist of this project.",
        "",
        "TRIGGERS:",
        f"- Keywords: {_quoted(draft.triggers)}",
    ]
    if draft.requests:
        lines.append(f"- Requests: {_quoted(draft.requests)}")
    if draft.not_for:
        lines += ["", "NOT for:", *[f"- {topic} → {target}" for topic, target in draft.not_for]]
    description = "\n".join(f"  {line}" if line else "" for line in lines)
    scalars = {"domain": draft.domain, "model": draft.model, "tools": draft.tools}
    rest = yaml.safe_dump(scalars, allow_unicode=True, sort_keys=False, width=10_000)
    header = f"name: {draft.name}\ndescription: |-\n{description}\n{rest}"
    return f"---\n{header}---\n\n{_body(title, draft)}"


def _quoted(values: list[str]) -> str:
    cleaned = (" ".join(v.replace('"', "").split()) for v in values)
    return ", ".join(f'"{v}"' for v in cleaned if v)


def _body(title: str, draft: AgentDraft) -> str:
    mine = canonical_domain(draft.domain)
    others = [display_domain(d) for d in CANONICAL_DOMAINS if d != mine]
    return f"""# You are a subagent: never delegate

- Do the work yourself with your tools ({draft.tools}),
  within the **{draft.domain}** domain.
- Need context outside it? Stop and end with `**Status:** Blocked`, naming the
  `Domain` and what is `Required`. The coordinator asks that specialist and
  resumes you with the answer; your conversation is kept.

# Final report (read by the coordinator: keep this format exactly)

```
✅ [one-line task summary]

**Changes:**
- Key change 1

**Files:** path/one.py, path/two.py

**Status:** Complete | Blocked | Needs Review
```

When Blocked, add:
```
**Domain:** {" | ".join(others)}
**Blocker:** what stops you
**Required:** exactly what you need to continue
```

# {title}

Describe here how this specialist works: conventions, files it owns, checks it runs.
"""


def write_agent(folder: Path, draft: AgentDraft) -> Path:
    """Write ``draft`` as ``folder/NAME.md``; UserError if that file exists already."""
    path = folder / f"{draft.name}.md"
    if path.exists():
        raise UserError(f"{path} exists already", hint="Choose another name, or edit that file.")
    # the folder, or one above it, is a file: mkdir said "File exists" or "Not a directory"
    if (file := next((p for p in (folder, *folder.parents) if _not_a_folder(p)), None)) is not None:
        raise UserError(f"cannot write {path}: {file} is not a folder")
    opened = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = render(draft)
        with path.open("x", encoding="utf-8") as handle:
            opened = True
            handle.write(text)
    except (OSError, UnicodeError) as exc:
        if opened:  # a half-written file would only say "exists already" next time
            path.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return path


def _not_a_folder(path: Path) -> bool:
    """Whether ``path`` is there but is no folder (a file, a device)."""
    return path.exists() and not path.is_dir()


@dataclass(frozen=True)
class Created:
    """A new agent file checked in the roster (:func:`check_created`): what to tell about
    it (its warnings, the agent it hides) and how to try it."""

    path: Path
    name: str
    #: Lines for stderr: the file's warnings (``path:line: warning: …``), and the same-named
    #: agent it now hides, when it does.
    notes: list[str] = field(default_factory=list)
    #: The folder a command must be given to see the agent (``--agents-dir``): None when
    #: the roster reads the file already (the project's, the user's folder).
    folder: Path | None = None
    #: The trigger word :meth:`try_it` routes by default (the draft's first).
    trigger: str = ""

    def try_argvs(self) -> list[list[str]]:
        """:meth:`try_it`'s two commands as argument lists (``--json``'s ``try``), each with
        ``--agents-dir`` when the roster does not read the file's folder."""
        flag = ["--agents-dir", str(self.folder)] if self.folder else []
        return [
            ["coord", "route", self.trigger, *flag],
            ["coord", "agents", "show", self.name, *flag],
        ]

    def to_json(self) -> dict[str, object]:
        """``coord agents new --json``: the agent, the file written (absolute), the folder
        a command must be given to see it (``agents_dir``, None when the roster reads it),
        its notes (also on stderr) and the commands that try it, naming the folder as
        ``agents_dir`` does (absolute: a script may run them from another folder)."""
        folder = None if self.folder is None else self.folder.absolute()
        return {
            "name": self.name,
            "path": str(self.path.absolute()),
            "agents_dir": None if folder is None else str(folder),
            "notes": list(self.notes),
            "try": replace(self, folder=folder).try_argvs(),
        }

    def try_it(self, trigger: str | None = None) -> str:
        """The commands that show the new agent at work, with ``--agents-dir`` when the
        roster does not read its folder (``--agents-dir`` elsewhere): without it, neither
        finds the agent."""
        import shlex

        flag = f" --agents-dir {shlex.quote(str(self.folder))}" if self.folder else ""
        route = f"coord route {shlex.quote(self.trigger if trigger is None else trigger)}{flag}"
        return f"Try it: {route}   ·   coord agents show {self.name}{flag}"


def check_created(path: Path, name: str, cwd: Path) -> Created:
    """The new agent file ``path`` (agent ``name``), loaded in the whole roster seen from
    ``cwd`` at the highest precedence: UserError (the file removed again) when it would not
    load; its warnings, the agent it hides and whether the roster reads its folder."""
    from coordinator.roster.loader import load_registry, sources_for
    from coordinator.roster.spec import Severity

    registry = load_registry([path], only=False, cwd=cwd, cache=False)
    mine = [p for p in registry.problems if p.path.resolve() == path.resolve()]
    errors = [p for p in mine if p.severity == Severity.ERROR]
    if errors:
        path.unlink()
        raise UserError(f"the new agent file would not load: {errors[0]}")
    notes = [str(problem) for problem in mine]
    notes += [  # (the file itself is read again from its folder: not another agent)
        f"note: {name} now hides the {hidden.kind} agent of that name ({hidden.path})"
        for hidden in registry.shadowed
        if hidden.name == name and hidden.by.resolve() == path.resolve() != hidden.path.resolve()
    ]
    read = [source.path.resolve() for source in sources_for([], only=False, cwd=cwd)]
    inside = any(path.resolve().is_relative_to(folder) for folder in read)
    return Created(path, name, notes, None if inside else path.parent)


def split_words(answer: str) -> list[str]:
    """The trigger words of a comma-separated answer (blank ones left out)."""
    return [word.strip() for word in answer.split(",") if word.strip()]


def create_agent(
    folder: Path | None,
    cwd: Path,
    name: str,
    domain: str,
    triggers: list[str],
    *,
    requests: list[str],
    not_for: list[str],
    model: str,
) -> Created:
    """``coord agents new``: the draft of the flags given (``not_for``: TOPIC=AGENT values)
    written to ``folder`` (default: the project's ``.claude/agents`` under ``cwd``), then
    checked in the roster (:func:`check_created`)."""
    draft = AgentDraft(
        name=name,
        domain=domain,
        triggers=triggers,
        requests=requests,
        not_for=parse_not_for(not_for),
        model=model,
    )
    path = write_agent(folder or cwd / PROJECT_AGENTS, draft)
    created = check_created(path, name, cwd)
    return replace(created, trigger=draft.triggers[0])
