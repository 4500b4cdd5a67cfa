"""What a tool is: a name, an input schema and an async function over the workspace."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coordinator.config import DEFAULT_WORKTREE_MAX_COMMIT_MB
from coordinator.sanitize import safe_cut, scrubbed_line, shown_name
from coordinator.tools.ignored import IgnoreBase

if TYPE_CHECKING:
    from coordinator.tools.changes import Changed
    from coordinator.tools.hidden import HiddenProgram
    from coordinator.tools.sandbox import BashSandbox

JSON = dict[str, Any]

#: Variables for the command of the tool call being run now, set by an observer of the
#: engine's events (the trace recorder puts ``TRACEPARENT`` here); read by Bash. A context
#: variable, so concurrent sessions of a batch never see each other's.
CALL_ENV: ContextVar[Mapping[str, str] | None] = ContextVar("coordinator_call_env", default=None)


#: A run's PreToolUse hooks on a Bash command no tool call made (a skill's ``!`command```):
#: the command to run (a hook's rewrite, else the same) and why it may not run (None: it may).
CommandVet = Callable[[str], Awaitable[tuple[str, str | None]]]


@dataclass(frozen=True)
class RunFacts:
    """What a run's tools and hooks may be told of it: its session's id, the effort level
    its model works at (None: its model takes no effort setting), and its PreToolUse hooks
    on a skill's command (``vet``; None: it has no hooks)."""

    session_id: str
    effort: str | None = None
    vet: CommandVet | None = None


#: The run being driven now (set by the runner for each drive; None: outside any run): an
#: invoked skill's ``${CLAUDE_SESSION_ID}``/``${CLAUDE_EFFORT}``, hooks' input ``effort``.
#: A context variable, as :data:`CALL_ENV`.
CALL_RUN: ContextVar[RunFacts | None] = ContextVar("coordinator_call_run", default=None)


def effort_env() -> dict[str, str]:
    """``CLAUDE_EFFORT`` of the run being driven (:data:`CALL_RUN`), when it has a level:
    Claude Code sets it for hooks and Bash commands."""
    run = CALL_RUN.get()
    return {} if run is None or run.effort is None else {"CLAUDE_EFFORT": run.effort}


@dataclass
class PartialOutput:
    """What a tool call cancelled mid-way had output (None: nothing kept; Bash keeps the
    whole lines it read, cut as its result would be)."""

    output: str | None = None


#: Where the tool call being run now leaves its :class:`PartialOutput` when it is cancelled
#: (a stopping worker ending it: :mod:`coordinator.runtime.stopping`; None: nowhere). A
#: context variable, as :data:`CALL_ENV`.
CALL_PARTIAL: ContextVar[PartialOutput | None] = ContextVar(
    "coordinator_call_partial", default=None
)


def input_brief(args: object) -> str:
    """A tool call's input in one line of a view (``coord log``, progress lines): its path,
    pattern or command; for another tool (an MCP server's) each argument with the start of
    its value (``topic=routes``). Scrubbed of secrets."""
    if not isinstance(args, dict):
        return ""
    for key in ("file_path", "path", "pattern", "command"):
        if key in args:  # a newline in it would fake a line of a view ("[id] x complete"):
            value = str(args[key])  # a name shown escaped, a command's lines joined
            return (
                scrubbed_line(value, 120) if key == "command" else safe_cut(shown_name(value), 120)
            )
    return scrubbed_line(", ".join(f"{key}={_brief_value(args[key])}" for key in sorted(args)), 120)


def _brief_value(value: object) -> str:
    """An argument's value as :func:`input_brief` shows it: a string as it is, anything
    else as JSON, on one line, its first 40 characters."""
    import json

    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return scrubbed_line(shown, 40)


class ToolError(Exception):
    """A recoverable tool failure: its message goes back to the model as an error result."""


class ToolStopped(ToolError):
    """A search stopped part-way: its caller has gone (:attr:`ToolContext.halt`)."""


class RefusedBy(StrEnum):
    """What refused a tool call before it ran (``coord log``, progress lines, traces)."""

    SETTINGS_DENY = "settings deny"
    SETTINGS_ASK = "settings ask"
    SETTINGS_READ = "settings read rule"  # an Edit that would probe a file a rule hides
    DONT_ASK = "dontAsk mode"
    PROTECTED_PATH = "protected path"
    OUTSIDE_WORKSPACE = "outside the workspace"
    AGENT_DISALLOWED = "agent disallowedTools"
    AGENT_TOOLS = "agent tools"
    HOOK = "PreToolUse hook"
    BASH_OFF = "Bash off"
    SKILL_DISALLOWED = "skill disallowed-tools"  # an invoked skill's, while it is active


@dataclass(frozen=True)
class Refusal:
    """Why a tool call did not run: ``by`` what, and ``rule``: the rule, hook or path that
    refused it, as the user finds it in their files ("" when the kind says it all);
    ``reason``: what the refuser said, when the model's text opens with something else (a
    hook's reasons, below the header naming whose they are; "": the text's first line)."""

    by: RefusedBy
    rule: str = ""
    reason: str = ""


class ToolRefusal(ToolError):
    """A ToolError that is a refusal (a protected path, a path outside the workspace): the
    call is shown refused, not failed."""

    def __init__(self, message: str, refusal: Refusal):
        super().__init__(message)
        self.refusal = refusal


#: Every tool this runtime implements, in the order they are offered to the model.
TOOL_NAMES: tuple[str, ...] = ("Read", "Write", "Edit", "Glob", "Grep", "Bash")

_TOOL_SPEC = re.compile(r"^\s*([A-Za-z_][\w.-]*)")


def tool_base_name(spec: str) -> str:
    """``Bash(git diff:*)`` -> ``Bash``; Claude Code permission patterns name a tool first."""
    match = _TOOL_SPEC.match(spec)
    return match.group(1) if match else spec.strip()


def names_whole_tool(spec: str) -> bool:
    """Whether a ``tools``/``disallowedTools`` entry names a whole tool (``Bash``,
    ``Bash(*)``), not only some of its calls (``Bash(rm:*)``: a rule on the calls)."""
    if "(" not in spec:
        return True
    return spec.partition("(")[2].rpartition(")")[0].strip() in ("", "*")


@dataclass(frozen=True)
class GitAccess:
    """Git folders outside the workspace that a sandboxed command may write: a worktree
    run's own git state (``writable``: its own directory in the main repository's
    ``.git/worktrees``, with its object store, and its branch's ref folders), the files in
    them that stay read-only (``fixed``: where git reads its settings from, the worktree's
    settings), and folders it may only read (``readable``: the repository's git directory).
    Everything else outside the workspace stays read-only (``.git/config``, hooks, info)."""

    writable: tuple[Path, ...] = ()
    fixed: tuple[Path, ...] = ()
    readable: tuple[Path, ...] = ()
    #: The run's branch (``coord/SESSION/RUN``), for the agent's messages.
    branch: str = ""
    #: Run (in a thread) when a command has ended: takes the objects the run's git wrote
    #: into the repository, which lists the run's branch (else its commits are missing
    #: there: ``git gc`` and ``git log --all`` fail); a line for the output when it cannot.
    settle: Callable[[], str | None] | None = None


@dataclass(frozen=True)
class ToolResult:
    """What the model sees as the ``tool_result`` content; ``hidden``: a program the Bash
    sandbox hid from the command, which the user is told about too (the run's log);
    ``changed``: the workspace files a Bash command changed (the run's log lists them);
    ``refused``: what refused the call before it ran (None: it ran, or failed itself; Bash
    off is one kind, of which the user is told once a run: :attr:`bash_off`); ``exit_code``:
    a Bash command's, once it ran to its end (None: another tool, or a command killed)."""

    content: str
    is_error: bool = False
    hidden: HiddenProgram | None = None
    changed: Changed | None = None
    refused: Refusal | None = None
    exit_code: int | None = None

    @property
    def bash_off(self) -> bool:
        """Whether the call was a Bash call refused because Bash is off."""
        return self.refused is not None and self.refused.by == RefusedBy.BASH_OFF


@dataclass(frozen=True)
class ToolContext:
    """Everything a tool may touch. ``root`` is the resolved workspace directory.

    ``sandbox`` says how Bash runs (None: the default, sandboxed with ``bwrap`` from PATH,
    no network, only the base environment); ``env`` holds extra variables the coordinator
    itself sets for commands. ``hidden(file, root)``: True for a file a permission rule
    keeps from being read; Grep and Glob leave such files out of what they show.
    """

    root: Path
    allow_bash: bool = False
    bash_timeout: float = 120.0
    env: Mapping[str, str] = field(default_factory=dict)
    sandbox: BashSandbox | None = None
    hidden: Callable[[Path, Path], bool] | None = None
    #: Folders inside the workspace the roster's agent files are read from: protected like
    #: ``.claude/agents`` (no tool writes them; Bash sees them read-only).
    protected: Sequence[Path] = ()
    #: What of git outside the workspace a command may write (a worktree run commits).
    git: GitAccess = field(default_factory=GitAccess)
    #: The most MB of a worktree run's changed files coord commits (None: no limit; the
    #: ``worktree_max_commit_mb`` setting).
    worktree_max_commit_mb: int | None = DEFAULT_WORKTREE_MAX_COMMIT_MB
    #: Set when the caller has gone (an agent hook's timeout): Grep and Glob, running in a
    #: thread a cancel cannot stop, end at their next file (:meth:`check_halt`).
    halt: threading.Event | None = None
    #: Other sessions' database files (``--db``, resolved, with their ``-wal``, ``-shm``,
    #: lock file and lock folder) that lie in the workspace, from the user's session
    #: index, read again when it changed (:class:`coordinator.tools.storefiles.StoresWithin`):
    #: coord's own files, which no tool reads, writes or lists (trust41, trust42).
    stores: StoreCheck | None = None
    #: The ignore rules of the workspace when the session's first command ran: a file only
    #: a rule written since hides is still among a command's changes (claude105).
    ignores: IgnoreBase = field(default_factory=IgnoreBase)

    def check_halt(self) -> None:
        """Raise :class:`ToolStopped` once :attr:`halt` is set."""
        if self.halt is not None and self.halt.is_set():
            raise ToolStopped("stopped: the caller has gone")

    def shown(self, file: Path) -> bool:
        """Whether a search may show ``file`` (no permission rule hides it, and it is no
        session's database: :attr:`stores`, as the index was at the search's start)."""
        if self.stores is not None and self.stores.named(file, fresh=False):
            return False
        return self.hidden is None or not self.hidden(file, self.root)

    def check_not_store(self, resolved: Path, shown: str) -> None:
        """ToolError for another session's database file (:attr:`stores`), by its name."""
        if self.stores is not None and self.stores.named(resolved):
            raise ToolError(store_refusal(shown))


def store_refusal(shown: str) -> str:
    """Why a tool refuses the file ``shown``: another session's database."""
    return (
        f"'{shown}' is a coordinator session database (or one of its files); "
        "tools cannot read, write or list it"
    )


class StoreCheck(Protocol):
    """Which files are other sessions' databases (:attr:`ToolContext.stores`)."""

    def named(self, resolved: Path, *, fresh: bool = True) -> bool:
        """Whether ``resolved`` names one (``fresh``: the index looked at again first)."""
        ...

    def holds(self, info: os.stat_result, real: Path | None) -> bool:
        """Whether the open file of ``info`` (at ``real``, when known) is one."""
        ...


class Tool(Protocol):
    """One workspace tool."""

    name: str
    description: str
    input_schema: JSON

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """Execute; raise :class:`ToolError` for failures the model should see."""
        ...
