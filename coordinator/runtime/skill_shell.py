"""``!`command``` in a SKILL.md, and the session's variables, as Claude Code renders an
invoked skill.

Claude Code's skills page: before an invoked skill's text reaches Claude, each
``!`command``` (the ``!`` at a line's start or after white space) and each fenced block
opened with ```` ```! ```` runs, and its output replaces it; Claude sees the output, never the
command; the text is scanned once (an output is not scanned again). ``${CLAUDE_SESSION_ID}``
is the session's id, ``${CLAUDE_EFFORT}`` the effort level. The settings'
``disableSkillShellExecution: true`` puts a placeholder in each command's place instead; an
injected command never prompts: one its permissions do not allow aborts the skill.

coord (:func:`rendered`: the Skill tool's on the text
:func:`~coordinator.runtime.skill_tool.render` gave, and the runner's on each preloaded
skill's text at a run's first drive in a process, which then has a system prompt of its own:
:meth:`~coordinator.runtime.preload.Preload.rendered_prompt`):

* each command runs as a call of the agent's own Bash tool would: only when the agent has
  Bash (its lists, its ``permissionMode``) and the session runs with ``--allow-bash``,
  checked against the agent's own ``tools``/``disallowedTools`` entries and the settings'
  permission rules as that call would be, in the same sandbox, its output cut at
  :data:`OUTPUT_CHARS`; a refused command stays as written with a note saying why (nobody
  is asked in a coord run; the rest of the skill still reaches the model, which can act on
  the note), as does one its Bash call could not start (its sandbox could not be set up:
  the error its Bash call would read; tidy102: it escaped a preloaded skill's rendering,
  ending the run's first drive). At most :data:`MAX_COMMANDS` run per invocation.
* ``disableSkillShellExecution: true`` in any settings file (it only takes a power away: a
  workspace file's counts too) gives Claude Code's placeholder, naming the file.
* ``${CLAUDE_SESSION_ID}`` is coord's session id, ``${CLAUDE_EFFORT}`` the level the run's
  model works at (:data:`~coordinator.tools.base.CALL_RUN`; left as written for a model that
  takes no effort).

Trust: a workspace SKILL.md is an agent's text, and a command in it runs with no more than
the agent's own Bash call would: the same rules, the same sandbox, the same ``--allow-bash``,
and the same PreToolUse hooks (review103: a user's hook guarding Bash sees each command as
a Bash call, :data:`~coordinator.tools.base.RunFacts.vet`; its block leaves the command as
written with a note, its rewrite is what runs, checked by the rules again). Arguments are
substituted first (the model's, checked as its own Bash call would be: a Skill call's
``args`` reach no further than its Bash call; review109: nor do they see an enabled plugin's
folders, which only its skill's own commands see: :class:`Shown`; claude105: those with no
argument in them, and those whose plain-word arguments the plugin's own program takes,
:mod:`coordinator.runtime.skill_args`).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.permissions import PermissionRules
from coordinator.sanitize import shown_name
from coordinator.tools.base import CALL_RUN, JSON, ToolContext, ToolError
from coordinator.tools.sandbox import BashSandbox
from coordinator.tools.shell import BashTool
from coordinator.tools.workspace import cap_text, written_by_agents

if TYPE_CHECKING:
    from coordinator.runtime.hook_gate import PreTool

#: An inline ``!`command``` (the ``!`` at a line's start or after white space) or a fenced
#: block opened with ```` ```! ```` and closed by a line of ```` ``` ````.
_COMMAND = re.compile(
    r"^```![ \t]*\n(?P<script>.*?)\n?^```[ \t]*$|(?:(?<=\s)|^)!`(?P<inline>[^`\n]+)`",
    re.MULTILINE | re.DOTALL,
)
#: The most characters one command's output puts in the skill's text.
OUTPUT_CHARS = 10_000
#: The most commands one invocation runs (the rest stay as written, with a note).
MAX_COMMANDS = 20
#: What stands in a command's place under ``disableSkillShellExecution`` (Claude Code's).
DISABLED = "[shell command execution disabled by policy]"
#: What stands after a preloaded skill's command that started and never ended (coord was
#: stopped while it ran): a resume does not run it again.
LOST = (
    "coord did not run this skill command again: it started before an interruption "
    "(coord was stopped while it ran), so its output was lost"
)
SESSION_ID = "${CLAUDE_SESSION_ID}"
#: The shell a skill's commands run with (a SKILL.md's ``shell`` default, Claude Code's).
BASH = "bash"
EFFORT = "${CLAUDE_EFFORT}"


@dataclass
class CommandLedger:
    """Where the commands of one run's preloaded skills are noted as they run, numbered in
    the order the prompt has them, so that none runs twice (skills103): ``before`` what an
    earlier render of the same prompt stored of each, by its number (its command as written,
    and its output; None: it started and never ended: coord was stopped while it ran);
    ``note`` stores one durably (output None: about to run)."""

    before: Mapping[int, tuple[str, str | None]]
    note: Callable[[int, str, str | None], Awaitable[None]]
    count: int = 0

    def take(self) -> int:
        """The next command's number."""
        self.count += 1
        return self.count


@dataclass(frozen=True)
class SkillShell:
    """How the commands of a skill one agent invokes run: ``spec`` the agent, ``bash``
    whether its toolset has Bash, ``permissions`` the settings' rules (None: none);
    ``written_for``: the shell the skill's SKILL.md says its commands are written for
    (:meth:`for_skill`; only bash's run)."""

    spec: AgentSpec
    bash: bool
    permissions: PermissionRules | None = None
    written_for: str = BASH

    def for_skill(self, meta: Mapping[str, object]) -> SkillShell:
        """This shell for the skill whose frontmatter is ``meta``: its ``shell`` (Claude
        Code's: ``bash``, the default, or ``powershell``) kept, so that the commands of one
        written for another shell are not run by bash (claude104)."""
        said = meta.get("shell")
        name = str(said).strip() if said is not None else ""
        if not name or name.lower() == BASH:
            return self
        return replace(self, written_for=shown_name(name)[:40])

    def refusal(self, command: str, ctx: ToolContext) -> str | None:
        """Why ``command`` may not run as this agent's Bash call, or None."""
        if self.written_for != BASH:
            shell = self.written_for
            return f"its SKILL.md's shell is {shell}, and coord runs skill commands with bash only"
        if not self.bash:
            return "this agent has no Bash tool"
        if not ctx.allow_bash:
            return "shell commands are off in this session (coord run --allow-bash)"
        args = {"command": command}
        home = self.permissions.home if self.permissions is not None else Path.home()
        why = agent_rules(self.spec).refusal(BashTool.name, args, ctx.root, home)
        if why is None and self.permissions is not None:
            mode = self.spec.permission_mode
            why = self.permissions.refusal(BashTool.name, args, ctx.root, mode)
        return None if why is None else why.removeprefix("Error: ")

    @property
    def disabled_by(self) -> Path | None:
        """The settings file setting ``disableSkillShellExecution: true``, or None."""
        return None if self.permissions is None else self.permissions.skill_shell_off


@dataclass(frozen=True)
class Shown:
    """Where the ``written`` commands of an enabled plugin's skill run: ``ctx``, its Bash
    sandbox showing the plugin's folders (:func:`seeing`). ``written``: the commands as its
    SKILL.md has them, no argument in them (:func:`command_list`), and those whose plain
    arguments its plugin's own program takes
    (:func:`~coordinator.runtime.skill_args.own_commands`, claude105); any other a Skill
    call's arguments wrote, or changed, runs in the agent's own context, the home hidden
    (review109: the model's ``args`` reach no further than its Bash call)."""

    ctx: ToolContext
    written: frozenset[str]


def command_list(text: str) -> list[str]:
    """The commands of ``text`` as :func:`rendered` would run them, in order."""
    return [_written(m) for m in _COMMAND.finditer(_variables(text))]


def seeing(ctx: ToolContext, folders: Sequence[Path]) -> ToolContext:
    """``ctx`` whose Bash sandbox also shows ``folders`` read-only, as ``bash_read``'s are
    (an enabled plugin's folders, for its skill's commands:
    :meth:`~coordinator.runtime.preload.Preload.plugin_folders`); ``ctx`` itself for none,
    and while a link in the workspace leads in or above one (:func:`linked_into`)."""
    if not folders or linked_into(ctx.root, folders) is not None:
        return ctx
    sandbox = ctx.sandbox or BashSandbox()
    path = ctx.env.get("PATH", os.environ.get("PATH", ""))
    env = {**ctx.env, "PATH": own_path(path, ctx.root)}
    return replace(ctx, sandbox=replace(sandbox, readable=(*sandbox.readable, *folders)), env=env)


def own_path(path: str, root: Path) -> str:
    """``path`` (a PATH) without the folders agents can write: relative ones, those in the
    workspace ``root`` or below a folder coord ran agents in (:func:`written_by_agents`).
    A plugin skill's command sees its plugin's folders: the ``sh`` it names was found in
    an activated ``.venv/bin`` where the agent's command wrote one (redteam105)."""
    kept = []
    for entry in path.split(os.pathsep):
        if not entry or not os.path.isabs(entry):
            continue
        folder = Path(entry)
        if folder.is_relative_to(root) or written_by_agents(folder) is not None:
            continue
        try:
            if folder.resolve().is_relative_to(root.resolve()):
                continue
        except (OSError, RuntimeError):
            continue
        kept.append(entry)
    return os.pathsep.join(kept)


def linked_into(root: Path, folders: Sequence[Path]) -> Path | None:
    """A symbolic link under ``root`` (the workspace, walked without following links) that
    leads, resolved, in or above one of ``folders``; None when none does. review112: a
    plugin command reading workspace files (``cat *.txt``, no argument in it) followed a
    link an agent made (``leak.txt`` to the plugin's data folder's token) and put the token
    in the skill's text; such a workspace's plugin commands run with the home hidden."""
    shown = [Path(os.path.realpath(f)) for f in folders]
    stack = [str(root)]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        if reaches(Path(os.path.realpath(entry.path)), shown):
                            return Path(entry.path)
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:  # (a folder gone, or unreadable: nothing a command can read there)
            continue
    return None


def reaches(place: Path, shown: Sequence[Path]) -> bool:
    """Whether ``place`` (resolved) is in or above one of ``shown`` (resolved)."""
    return any(place.is_relative_to(f) or f.is_relative_to(place) for f in shown)


def is_dynamic(text: str) -> bool:
    """Whether ``text`` has a command or names the session's variables."""
    return SESSION_ID in text or EFFORT in text or _COMMAND.search(text) is not None


async def rendered(
    text: str,
    shell: SkillShell | None,
    ctx: ToolContext,
    ledger: CommandLedger | None = None,
    shown: Shown | None = None,
) -> str:
    """``text`` (a skill's, its arguments substituted) with the session's variables
    substituted, then each command replaced by its output or, when it may not run, kept
    with a note (``shell`` None: no agent's rules known, so none runs); ``ledger``: a
    preloaded skill's, whose commands run at most once (:class:`CommandLedger`); ``shown``:
    where a plugin skill's own commands run instead of ``ctx`` (:class:`Shown`)."""
    text = _variables(text)
    found = list(_COMMAND.finditer(text))
    if not found:
        return text
    parts, at = [], 0
    for n, match in enumerate(found):
        key = None if ledger is None else (ledger, ledger.take())
        own = shown is not None and _written(match) in shown.written
        where = shown.ctx if own and shown is not None else ctx
        parts += [text[at : match.start()], await _one(match, n, shell, (where, ctx), key)]
        at = match.end()
    return "".join([*parts, text[at:]])


def _variables(text: str) -> str:
    """``${CLAUDE_SESSION_ID}`` and ``${CLAUDE_EFFORT}`` substituted (when known)."""
    run = CALL_RUN.get()
    if run is None:
        return text
    text = text.replace(SESSION_ID, run.session_id)
    return text.replace(EFFORT, run.effort) if run.effort is not None else text


async def _one(
    match: re.Match[str],
    n: int,
    shell: SkillShell | None,
    where: tuple[ToolContext, ToolContext],
    key: tuple[CommandLedger, int] | None,
) -> str:
    """What stands in the command ``match``'s place: its output, or it with a note (``key``:
    the ledger noting it, and its number there). ``where``: the context it runs in as
    written (a plugin skill's own command: :class:`Shown`), and the agent's own, where it
    runs once a PreToolUse hook changed it (redteam105: a hook a workspace skill registered
    rewrote a plugin skill's command, which then read the plugin's data folder)."""
    ctx, own = where
    written = _written(match)
    said = None if key is None else key[0].before.get(key[1])
    if said is not None and said[0] == written:  # (run, or started, by an earlier render)
        return said[1] if said[1] is not None else f"{match.group()}\n[{LOST}]"
    command = written
    if shell is not None and (off := shell.disabled_by) is not None:
        return f"{DISABLED} (disableSkillShellExecution in {off})"
    if n >= MAX_COMMANDS:
        why: str | None = f"only the first {MAX_COMMANDS} commands of a skill run"
    else:
        why = "no agent's rules apply" if shell is None else shell.refusal(command, ctx)
    run = CALL_RUN.get()
    if why is None and shell is not None and run is not None and run.vet is not None:
        command, why = await run.vet(command)  # (its PreToolUse hooks, as on its Bash call)
        ctx = ctx if command == written else own
        why = why if why is not None else shell.refusal(command, ctx)
    if why is not None:
        return f"{match.group()}\n[coord did not run this skill command: {why}]"
    if key is not None:  # stored before it runs: a resume does not run it again
        await key[0].note(key[1], written, None)
    try:
        result = await BashTool().run({"command": command}, ctx)
    except ToolError as exc:  # (its sandbox could not start: as said to its Bash call)
        output = f"{match.group()}\n[coord did not run this skill command: {exc}]"
    else:
        output = cap_text(result.content.rstrip("\n"), OUTPUT_CHARS, what="command output")
    if key is not None:
        await key[0].note(key[1], written, output)
    return output


def _written(match: re.Match[str]) -> str:
    """The command ``match`` found, as written."""
    return match["script"] if match["script"] is not None else match["inline"]


def command_use(command: str) -> JSON:
    """The Bash call a skill's ``command`` stands for, as its PreToolUse hooks see it (no
    tool call is made: its id is coord's own)."""
    use_id = f"skill_command_{uuid.uuid4().hex[:24]}"
    return {"id": use_id, "name": BashTool.name, "input": {"command": command}}


def vetted(command: str, pre: PreTool) -> tuple[str, str | None]:
    """The command a skill's ``command`` runs as after its PreToolUse hooks (``pre``: their
    verdict on it as a Bash call), and why it may not run (None: it may)."""
    if pre.refused is not None:
        return command, pre.refused.content.strip()
    if pre.stop is not None:
        return command, f"a PreToolUse hook stopped it: {pre.stop}"
    if pre.deferred is not None:
        return command, f"a PreToolUse hook deferred it: {pre.deferred}"
    given = pre.input.get("command") if isinstance(pre.input, dict) else None
    if not isinstance(given, str) or not given.strip():
        return command, "a PreToolUse hook's updatedInput has no command"
    return given, None
