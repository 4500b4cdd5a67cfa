"""Run Claude Code hooks and read their answers, in Claude Code's protocol.

A command hook is a shell command (``bash -c``; ``shell: "powershell"``: ``pwsh -NoProfile
-NonInteractive -Command``, skipped with a warning when no ``pwsh`` is on PATH) given the
event as JSON on stdin, with the workspace as its working directory and
``CLAUDE_PROJECT_DIR`` set. In a worktree run, as in Claude Code, its working directory and
input ``cwd`` are the worktree and ``CLAUDE_PROJECT_DIR`` the workspace; a confined hook's
sandbox then has only the worktree writable, as the run's agents do. An http hook gets the
same JSON as a POST (:mod:`coordinator.runtime.hook_http`): a 2xx answer's body is read as
a command hook's stdout after exit 0 (empty: success, nothing said); a non-2xx status, no
answer or its timeout is a non-blocking error (it blocks only through its JSON). A prompt
hook asks a small model (:mod:`coordinator.runtime.hook_prompt`), an agent hook lets one
look with read-only tools first (:mod:`coordinator.runtime.hook_agent`), their ``ok``/
``reason`` read as this JSON's ``decision``/``reason``; an mcp_tool hook's tool result
(:mod:`coordinator.runtime.hook_mcp`) is read as stdout after exit 0, a tool error as a
non-blocking error; an ``async`` command hook runs in the background
(:mod:`coordinator.runtime.hook_async`) and decides nothing. Its answer:

* exit 0: success. Stdout that is a JSON object is read as Claude Code's output (below);
  for ``UserPromptSubmit`` plain stdout is context for the model (``SubagentStart`` gives
  context only as ``additionalContext``, as in Claude Code).
* exit 2: block. Stderr is the reason: the tool call is refused (PreToolUse), fed back after
  the result (PostToolUse, PostToolUseFailure), the agent must go on (Stop/SubagentStop),
  the prompt is refused (UserPromptSubmit, the reason goes to the person).
* any other exit, a timeout (``timeout`` seconds; 600 by default)
  or a hook that cannot start: a non-blocking error, logged; the run goes on. But a hook
  whose ``onFailure: "block"`` holds blocks then, as by an exit 2, its reason naming the
  hook, its file and why it failed (:func:`failed_closed`).

JSON output: ``continue: false`` (+ ``stopReason``) ends the agent's run; ``decision:
"block"`` + ``reason``; ``hookSpecificOutput.permissionDecision`` ``allow`` | ``deny`` |
``ask`` | ``defer`` (+ ``permissionDecisionReason``), ``updatedInput``,
``additionalContext`` (PreToolUse: after the result of a call that runs, as well);
PostToolUse ``updatedToolOutput`` replaces any tool's output (Claude Code 2.1.121; the
older ``updatedMCPToolOutput`` an MCP tool's only); ``suppressOutput`` keeps
stdout out of the log; ``systemMessage`` is for the person: the log line shows it (beside
any reason). A non-interactive run has nobody to ask, so ``ask`` refuses the call with a message
saying so; ``allow`` lets the call through the hooks but never past the runtime's own checks
(Bash still needs --allow-bash, paths stay in the workspace). ``defer`` (PreToolUse) holds
the call for later, as Claude Code's non-interactive mode does: when it is the turn's only
tool call, the session stops waiting with the call not run, and ``coord resume`` fires
PreToolUse again (``Verdict.deferred``; with other calls in the turn it is no decision).

Several matching hooks run concurrently, as in Claude Code; ``deny`` beats ``defer`` beats
``ask`` beats ``allow``, and every block reason and context is passed on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shlex
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from coordinator.clip import clip
from coordinator.config import DB_ENV
from coordinator.providers.base import Usage
from coordinator.runtime.hook_agent import HookFiles, HookToolCall, Spent, verify
from coordinator.runtime.hook_mcp import HookServers, NotStarted, call_hook_tool
from coordinator.runtime.hook_prompt import HookModel, ask
from coordinator.runtime.hooks import (
    PROMPTED_KINDS,
    Hook,
    HookEvent,
    HookKind,
    HookShell,
    command_words,
    confined_now,
)
from coordinator.runtime.settings_env import names_workspace
from coordinator.sanitize import (
    URL_ENV,
    configured_secrets,
    register_sent,
    safe_cut,
    scrub,
    scrub_cut_off,
    scrubbed_line,
    secretless_url,
)
from coordinator.tools.base import ToolContext, ToolError
from coordinator.tools.command_hints import protected_note
from coordinator.tools.implicit import SAFE_PATH, safe_path, safe_path_note
from coordinator.tools.pids import PidsGroup
from coordinator.tools.programs import program_path
from coordinator.tools.protected_guard import ProtectedGuard, running, swept_before_users_program
from coordinator.tools.sandbox import (
    SETUP_ATTEMPTS,
    SETUP_FAILED,
    Confiner,
    SetupStatus,
    outside_env,
)
from coordinator.tools.workspace import cap_text

_log = logging.getLogger(__name__)
JSON = dict[str, Any]
#: Output kept from one hook's stdout or stderr.
MAX_HOOK_OUTPUT = 10_000
BLOCK_EXIT = 2
#: A model hook's note when a cancel (Ctrl-C, SIGTERM) ended it before its answer.
CUT_SHORT = "cancelled before its answer (the calls it had made are counted)"
ASK_REFUSED = (
    "A hook asked for a person's confirmation before this call, and nobody can confirm in a "
    "non-interactive coord run, so it was not run."
)


class Outcome:
    """How one hook run ended (stored in the ``hook`` event)."""

    OK = "ok"
    BLOCKED = "blocked"
    ERROR = "error"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"


class HookDecision(StrEnum):
    """A hook's ``permissionDecision`` (its output's ``hookSpecificOutput``), as written;
    :func:`_decision` returns the plain string (the ``hook`` event's ``decided`` says it)."""

    ALLOW = "allow"
    DENY = "deny"
    ASK = "ask"
    DEFER = "defer"


#: The legacy ``decision`` field's words, as the decision each stands for.
_LEGACY = {"block": HookDecision.DENY.value, "approve": HookDecision.ALLOW.value}
#: The decisions that block the action (with ``continue: false``: :func:`_blocks`).
_BLOCKING = (HookDecision.DENY, HookDecision.ASK)


@dataclass(frozen=True)
class HookEnv:
    """What every hook of a session runs with.

    ``confine`` wraps a confined (workspace) hook's command in the Bash sandbox; when it is
    None (Bash not allowed) confined hooks are skipped, since running them would give a
    command an agent may have written the shell the user did not grant. ``llm``: the model
    prompt and agent hooks ask (the run's provider); None: they are skipped. ``files``:
    what an agent hook's read-only tools see (None: the workspace, no permission rules);
    ``mcp``: the servers mcp_tool hooks may call (found, and started, in the workspace:
    :attr:`project_dir`). ``cut_short``: where a model hook that a
    cancel (Ctrl-C, SIGTERM) ends leaves a run holding what its calls had cost, for the
    caller to count (None: nowhere).
    """

    root: Path
    confine: Confiner | None = None
    skip_reason: str = (
        "workspace hooks run only with --allow-bash (an agent could have written them)"
    )
    llm: HookModel | None = None
    files: HookFiles | None = None
    mcp: HookServers = field(default_factory=HookServers)
    cut_short: list[HookRun] | None = None
    #: ``CLAUDE_PROJECT_DIR`` when it is not ``root``: the workspace, for hooks fired in a
    #: worktree run (``root``: the worktree, their working directory and input ``cwd``).
    project: Path | None = None
    #: ``CLAUDE_EFFORT`` for hooks fired in a model's turn (``hook_gate.EFFORT_EVENTS``): its
    #: model's effort level (None: none).
    effort: str | None = None
    #: The settings' ``env`` (the user's and the managed file's): over the environment of
    #: the user's own hooks, never a confined one's (:mod:`coordinator.runtime.settings_env`).
    settings_env: Mapping[str, str] = field(default_factory=dict)

    @property
    def project_dir(self) -> Path:
        """``CLAUDE_PROJECT_DIR``: the workspace (in a worktree run too, as in Claude Code)."""
        return self.project or self.root


@dataclass(frozen=True)
class HookRun:
    """One hook's run: its exit code (None when it did not finish), output and timing;
    ``usage``: a prompt hook's model call (on ``model``), counted as its run's."""

    hook: Hook
    outcome: str
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    ms: int = 0
    data: JSON | None = None
    usage: Usage | None = None
    model: str = ""
    #: An agent hook's own tool calls (:class:`~coordinator.runtime.hook_agent.HookToolCall`).
    calls: tuple[HookToolCall, ...] = ()
    #: A command (or mcp_tool) hook's last non-empty line of output, as it printed it
    #: (:attr:`stdout` is kept on one line): a WorktreeCreate hook's worktree path.
    printed: str = ""
    #: Its ``updatedToolOutput`` was refused: a confined hook's, after a hook of the user's
    #: gave one (:class:`OutputSlot`); the log does not say ``updated output`` then.
    output_refused: bool = False

    @property
    def note(self) -> str:
        """What the log shows: the reason (or stderr), with the ``systemMessage`` meant for
        the person beside it; else stdout (unless suppressed)."""
        if self.outcome == Outcome.SKIPPED:
            return self.stderr
        data = self.data or {}
        message = _text_field(data, "systemMessage")
        reason = (
            _text_field(data, "stopReason")
            or _text_field(data, "reason")
            or _text_field(_specific(data), "permissionDecisionReason")
            or self.stderr.strip()
        )
        if reason or message:
            return scrubbed_line(" | ".join(t for t in (reason, message) if t), 300)
        if data.get("suppressOutput") is True:
            return ""
        return scrubbed_line(self.stdout.strip(), 300)

    @property
    def decision(self) -> str:
        """What the hook decided, for the log: its ``permissionDecision`` (``allow``,
        ``deny``, ``ask``, ``defer``; the legacy ``approve``/``block`` as allow/deny),
        ``block`` for exit 2, ``stop`` for ``continue: false``, ``updated input`` when
        it rewrote the tool's input and ``updated output`` when it gave an output in place of
        the tool's, joined by ``, ``; "" when it decided nothing."""
        if self.outcome not in (Outcome.OK, Outcome.BLOCKED):
            return ""
        if self.data is None:
            return "block" if self.outcome == Outcome.BLOCKED else ""
        found = ["stop"] if self.data.get("continue") is False else []
        found += [d for d in (_decision(self.data),) if d]
        specific = _specific(self.data)
        if isinstance(specific.get("updatedInput"), dict):
            found.append("updated input")
        post = self.hook.event == HookEvent.POST_TOOL_USE
        given = any(specific.get(k) is not None for k in _OUTPUT_FIELDS)
        if post and given and not self.output_refused:
            found.append("updated output")
        return ", ".join(found)


def _text_field(data: JSON, key: str) -> str:
    """``data[key]`` when it is non-empty text, else ``""``."""
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


@dataclass
class OutputSlot:
    """An output a PostToolUse hook gave in place of the tool's (``text``), the last one
    to answer; but no confined hook's replaces one a hook of the user's gave (``users``):
    all see the tool's own output at once, and a hook a command wrote
    (``sub/.claude/settings.json``) gave back what the user's hook had redacted
    (``token=[redacted]``), as the last one to answer."""

    text: str | None = None
    users: bool = False

    def offer(self, confined: bool, text: str) -> bool:
        """``text`` from a hook, confined or the user's; False when it is refused."""
        if confined and self.users:
            return False
        self.text = text
        self.users = not confined
        return True


@dataclass
class Verdict:
    """What a set of hooks decided for one event.

    ``block``: refuse (the tool call, the prompt) or, for Stop events, make the agent go on;
    ``feedback`` is the text for the model (or the person, for a refused prompt);
    ``context`` the additional context; ``updated_input`` replaces a tool's input;
    ``tool_output`` (PostToolUse ``updatedToolOutput``) any tool's output, ``mcp_output``
    (that or ``updatedMCPToolOutput``, the last hook's) an MCP tool's;
    ``stop`` (``continue: false``) ends the run with that reason; ``deferred`` (PreToolUse
    ``defer``, no hook denying) the reason the call is held for later.
    """

    block: bool = False
    deferred: str | None = None
    #: A hook denied (exit 2, ``deny``, ``decision: block``), not only asked.
    denied: bool = False
    #: The first hook that refused (:attr:`block`), for the log.
    blocked_by: Hook | None = None
    feedback: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    updated_input: JSON | None = None
    #: The hook whose ``updatedInput`` is :attr:`updated_input`.
    updated_by: Hook | None = None
    tool_output: OutputSlot = field(default_factory=OutputSlot)
    mcp_output: OutputSlot = field(default_factory=OutputSlot)
    stop: str | None = None
    runs: list[HookRun] = field(default_factory=list)
    #: Some of :attr:`feedback` or :attr:`context` is a confined hook's (an agent could
    #: have written it): the model is not told it is all the user's.
    workspace_said: bool = False


def payload(event: HookEvent, session_id: str, env: HookEnv, agent: str, **fields: Any) -> JSON:
    """The JSON a hook gets on stdin. ``transcript_path`` is null: coord keeps the
    conversation in its database, not in a JSONL file."""
    return {
        "session_id": session_id,
        "transcript_path": None,
        "cwd": str(env.root),
        "hook_event_name": event.value,
        "permission_mode": "default",
        "agent_type": agent,
        **fields,
    }


async def run_hooks(
    hooks: list[Hook], data: JSON, env: HookEnv, outputs: Outputs | None = None
) -> Verdict:
    """Run ``hooks`` concurrently with ``data`` on stdin; their combined verdict
    (``outputs``: the outputs earlier hooks of the event gave, :func:`combine`)."""
    if not hooks:
        return Verdict()
    runs = await asyncio.gather(*(run_hook(h, data, env) for h in hooks))
    mcp = str(data.get("tool_name") or "").startswith("mcp__")
    return combine(HookEvent(data["hook_event_name"]), list(runs), outputs, mcp=mcp)


async def run_hook(hook: Hook, data: JSON, env: HookEnv) -> HookRun:
    """Run one hook to its end or its timeout (then its process group is killed); one whose
    ``onFailure: "block"`` holds and that failed blocks (:func:`failed_closed`)."""
    run = await _run_hook(hook, data, env)
    return failed_closed(run, env) if hook.fail_closed else run


#: The outcomes that are a hook's failure: it could not start (or may not run), timed out,
#: or exited with a code other than 0 and 2 (an http hook: no answer, a non-2xx status; an
#: mcp_tool hook: its server could not be used, or its tool failed).
FAILURES = (Outcome.ERROR, Outcome.TIMEOUT, Outcome.SKIPPED)
#: Ends the reason of a hook that failed and whose ``onFailure`` is ``"block"``.
FAILED_CLOSED = 'blocking because onFailure is "block"'


def failed_closed(run: HookRun, env: HookEnv) -> HookRun:
    """``run``, a hook's whose ``onFailure`` is ``"block"``: when it failed
    (:data:`FAILURES`), blocked as by an exit 2, its reason naming the hook, its file and
    why it failed (as Claude Code's ``...: failed; blocking because onFailure is
    "block"``)."""
    if run.outcome not in FAILURES:
        return run
    hook, said = run.hook, run.stderr.strip()
    if run.outcome == Outcome.ERROR and run.exit_code is not None:
        why, detail = f"exited {run.exit_code}", said
    elif run.outcome == Outcome.SKIPPED:
        why, detail = f"could not run: {said}", ""
    else:
        why, detail = said or "failed", ""
    text = f"{named(hook, env)}: {why}; {FAILED_CLOSED}" + (f": {detail}" if detail else "")
    return replace(run, outcome=Outcome.BLOCKED, stderr=text)


def named(hook: Hook, env: HookEnv) -> str:
    """A hook as a refusal names it: its event, kind, command (cut) and where it is set."""
    where = shown_file(hook.path, env.project_dir) + (f":{hook.line}" if hook.line else "")
    return f"{hook.event} {hook.kind} hook {safe_cut(hook.shown, 80)!r} ({hook.origin} {where})"


#: Why a PreToolUse hook whose JSON output passed :data:`MAX_HOOK_CAPTURE` refused the call.
UNREAD_JSON = (
    "its JSON output passed {size} and was not read, so the call is refused (a guard whose "
    "decision cannot be read does not let the call run; print less)"
)


def unread_closed(run: HookRun, cut: bool, env: HookEnv) -> HookRun:
    """``run``, a hook's whose output was ``cut`` at :data:`MAX_HOOK_CAPTURE` (its JSON not
    read, past what coord keeps): a PreToolUse hook's that exited 0 and whose output was
    JSON (it starts with ``{``) is blocked, naming the hook (review148: its deny let the
    call run). Plain text past the capture is still plain text."""
    if not cut or run.outcome != Outcome.OK or run.data is not None:
        return run
    if run.hook.event != HookEvent.PRE_TOOL_USE or not run.stdout.lstrip().startswith("{"):
        return run
    size = f"{MAX_HOOK_CAPTURE:,} bytes"
    why = f"{named(run.hook, env)}: {UNREAD_JSON.format(size=size)}"
    return replace(run, outcome=Outcome.BLOCKED, stderr=why)


def _confined_now(hook: Hook, env: HookEnv) -> Hook:
    """A command ``hook`` as :func:`confined_now` sees it, with the environment it runs with
    (coord's, the settings' ``env`` over it), and confined when a variable of the settings'
    ``env`` names where its programs find their settings in the workspace (review120:
    :func:`~coordinator.runtime.settings_env.names_workspace`)."""
    environ = {**os.environ, **env.settings_env} if env.settings_env else None
    hook = confined_now(hook, env.root, env.project, environ)
    for root in () if hook.confined else dict.fromkeys((env.root, env.project_dir)):
        named = names_workspace(env.settings_env, root)
        if named is not None:
            return replace(hook, confined=True, why=f"with your {named}")
    return hook


def shown_file(path: Path, workspace: Path) -> str:
    """A hook's file as its refusal names it: relative to the workspace when it lies there,
    ``~/...`` under the home folder, else whole."""
    for base, shown in ((workspace, ""), (Path.home(), "~/")):
        if path.is_relative_to(base):
            return shown + str(path.relative_to(base))
    return str(path)


async def _run_hook(hook: Hook, data: JSON, env: HookEnv) -> HookRun:
    """:func:`run_hook`, what the hook itself answered."""
    if hook.kind == HookKind.HTTP:
        return await run_http_hook(hook, data, env)
    if hook.kind in PROMPTED_KINDS:
        return await run_model_hook(hook, data, env)
    if hook.kind == HookKind.MCP_TOOL:
        await _swept(hook)
        return await run_mcp_hook(hook, data, env)
    hook = _confined_now(hook, env)
    if hook.shell == HookShell.POWERSHELL and pwsh() is None:
        return HookRun(hook, Outcome.SKIPPED, stderr=NO_PWSH)
    if not hook.confined:
        await _swept(hook)
        run = _worktree_note(await _run_command(hook, _argv(hook), data, env), env)
        return _safe_path_note(run, env)
    if env.confine is None:
        return _not_run(hook, data, env)
    # a workspace hook runs in the Bash sandbox; its guard may run git: in a thread
    guard = await asyncio.to_thread(
        ProtectedGuard.taken, env.root, env.confine.protected_in(env.root)
    )
    stopped = running(guard)  # (a hook of the user's meanwhile: swept first)
    group = env.confine.pids_group()  # a root coord's limit of its processes
    try:
        return _worktree_note(await _run_confined(hook, data, env, env.confine, group), env)
    finally:
        stopped()
        try:  # (cancelled meanwhile, the thread still undoes it all)
            await asyncio.to_thread(guard.restore)
        finally:
            if group is not None:
                group.remove()


async def _swept(hook: Hook) -> None:
    """Before a hook runs a program as the user: what a program still running in the
    sandbox (a confined MCP server, between calls to it) wrote that the user's git would
    run undone, and logged
    (:func:`~coordinator.tools.protected_guard.swept_before_users_program`)."""
    undone = await swept_before_users_program()
    if undone:
        _log.warning("before the hook %s: %s", hook.command or hook.kind, protected_note(undone))


def _worktree_note(run: HookRun, env: HookEnv) -> HookRun:
    """``run``, a command hook's that failed in a worktree run, with a note when its command
    names a relative path the worktree lacks but the workspace has (a script the repository
    does not track): it ran in the worktree, so name it with ``$CLAUDE_PROJECT_DIR``."""
    if env.project is None or run.outcome not in (Outcome.BLOCKED, Outcome.ERROR):
        return run
    try:
        words = shlex.split(run.hook.command)
    except ValueError:  # an unbalanced quote: the words as they stand
        words = run.hook.command.split()
    for word in words:
        path = Path(word)
        if word.startswith("-") or path.is_absolute() or "$" in word or "/" not in word:
            continue
        if not (env.root / path).exists() and (env.project / path).exists():
            note = (
                f"[ran in the run's worktree, which has no {word}: name it "
                f'"$CLAUDE_PROJECT_DIR"/{word} to run the workspace\'s]'
            )
            return replace(run, stderr=f"{note}\n{run.stderr}".rstrip())
    return run


def _safe_path_note(run: HookRun, env: HookEnv) -> HookRun:
    """``run``, a user's hook's that failed, with a note when a Python it started could not
    import a module and coord had set ``PYTHONSAFEPATH`` for it (:func:`_safe_path`): a
    script run by another script (``hook.sh`` running ``python3 check.py``) no longer has
    its own folder on its path, so its siblings are not found; what to do about it."""
    if run.outcome != Outcome.ERROR or not run.stderr:
        return run
    note = safe_path_note(run.stderr, "hook", f"start the command with {SAFE_PATH}=")
    if not note or SAFE_PATH not in _safe_path(run.hook, env, dict(os.environ)):
        return run
    return replace(run, stderr=f"{note}\n{run.stderr}".rstrip())


async def _run_confined(
    hook: Hook, data: JSON, env: HookEnv, confine: Confiner, group: PidsGroup | None
) -> HookRun:
    """A workspace hook's command run in the Bash sandbox (inside ``group``), started again
    while bwrap could not set the sandbox up (:class:`SetupStatus`: it never ran), at most
    :data:`SETUP_ATTEMPTS` times; then an error saying so, or, for the user's own
    PreToolUse hook (:func:`_guards`), the call refused: a hostile workspace that kept
    bwrap from setting the sandbox up (a path it masks made and removed, again and again)
    would otherwise switch the user's guard off, as :func:`_not_run` says. A plugin's
    hook sees its plugin's folder and data folder, read-only (the sandbox hides the home):
    what its command runs from there, the agent's code must not rewrite, since the plugin's
    unconfined hooks and servers run it too."""
    shell = pwsh() if hook.shell == HookShell.POWERSHELL else None
    command = hook.command if shell is None else shlex.join([shell, *PWSH_ARGS, hook.command])
    why = unpassable(command) or ""  # no process can be given it: no sandbox to blame
    run = HookRun(hook, Outcome.ERROR)
    for _ in range(0 if why else SETUP_ATTEMPTS):
        with SetupStatus() as status:
            shown = [Path(folder) for _, folder in hook.plugin_env]  # its plugin's, read-only
            try:
                argv = confine(command, env.root, _confined_env(env, hook), status, shown)
            except ToolError as exc:  # (a path the settings deny that cannot be kept from it)
                why, run = str(exc), HookRun(hook, Outcome.ERROR)
                break
            argv = group.argv(argv) if group is not None else argv
            run = await _run_command(hook, argv, data, env, status)
            if run.outcome is Outcome.TIMEOUT or status.program_ran():
                return run
    why = why or f"{SETUP_FAILED}: {run.stderr}".strip()
    if _guards(hook, data, env):
        return replace(run, outcome=Outcome.BLOCKED, stderr=_guard_not_run(hook, why))
    return replace(run, outcome=Outcome.ERROR, stderr=why)


async def _run_command(
    hook: Hook, argv: list[str], data: JSON, env: HookEnv, status: SetupStatus | None = None
) -> HookRun:
    """Run a command hook's ``argv`` to its end or its timeout (bwrap, confined, reporting
    to ``status``)."""
    with Lifeline() as lifeline:
        return await _run_watched(hook, argv, data, env, lifeline, status)


async def _run_watched(
    hook: Hook,
    argv: list[str],
    data: JSON,
    env: HookEnv,
    lifeline: Lifeline,
    status: SetupStatus | None,
) -> HookRun:
    """:func:`_run_command` with its hook's process group watching ``lifeline``."""
    started = time.perf_counter()
    fds = (lifeline.read_end,) if status is None else (lifeline.read_end, *status.fds)
    try:
        hook_env = outside_env(_confined_env(env, hook)) if hook.confined else _hook_env(hook, env)
        proc = await _start(argv, env.root, hook_env, fds)
    except OSError as exc:
        return HookRun(hook, Outcome.ERROR, stderr=f"cannot start: {exc}")
    except ValueError as exc:  # a NUL or a lone surrogate in its command line or environment
        return HookRun(hook, Outcome.ERROR, stderr=cannot_start(exc))
    finally:
        lifeline.started()
        if status is not None:
            status.started()
    stdin = b"\n" + json.dumps(data, ensure_ascii=False).encode()  # the go-ahead, then the input
    try:
        out, err = await asyncio.wait_for(_exchange(proc, stdin), hook.timeout)
    except TimeoutError:
        await _killed(proc)
        ms = int((time.perf_counter() - started) * 1000)
        return HookRun(hook, Outcome.TIMEOUT, ms=ms, stderr=f"timed out after {hook.timeout:g} s")
    except asyncio.CancelledError:
        await _killed(proc)  # reaped: nothing of it outlives its cancelled run
        raise
    ms = int((time.perf_counter() - started) * 1000)
    run = _finished(hook, proc.returncode or 0, _text(out), _text(err), ms, _whole(out))
    run = unread_closed(run, len(out) > MAX_HOOK_CAPTURE, env)
    whole = len(out) <= MAX_HOOK_CAPTURE  # (cut: its last line is a piece of another)
    return replace(run, printed=last_line(out.decode("utf-8", errors="replace")) if whole else "")


def unpassable(command: str) -> str | None:
    """:func:`cannot_start`'s words when ``command`` holds what no process's argument can
    carry (a NUL, a lone surrogate), found before a sandbox is set up for it (badinput113:
    three set-ups were tried, then the error blamed the sandbox); None otherwise."""
    try:
        if "\0" in command:
            raise ValueError("embedded null byte")
        os.fsencode(command)  # (a byte's escape, ``\udcff``, is a byte: it passes)
    except ValueError as exc:
        return cannot_start(exc)
    return None


def cannot_start(exc: ValueError) -> str:
    """Why a hook's process could not be given its command line or environment (``exc``,
    as :mod:`subprocess` raises it): a NUL byte, or a lone surrogate (a settings file's
    ``\\ud800``), neither of which an argument or a variable can carry."""
    if isinstance(exc, UnicodeEncodeError):
        held = f"{exc.object[exc.start : exc.end]!a}, a lone surrogate"
    elif "null byte" in str(exc):
        held = "a NUL byte (U+0000)"
    else:
        return f"cannot start: {exc}"
    return (
        f"cannot start: its command line or environment holds {held}, which no process "
        "can be given (fix the hook's command in its settings file)"
    )


#: Runs a hook's command line (after the lifeline's descriptor) only once its first line
#: of stdin (the go-ahead) has come, and leaves in its process group a watcher of that
#: descriptor (stdio on /dev/null, so no pipe of the hook's waits for it): at the end of
#: the pipe without a line (coord gone, even by SIGKILL), it kills the group; the command
#: itself does not inherit the descriptor (where the shell is not bash, only one under 10:
#: a POSIX shell closes no other).
_GATE = (
    'read -r _ || exit; fd=$1; shift; (read -r _ <&"$fd" || kill -KILL 0) '
    '</dev/null >/dev/null 2>&1 & if [ "$fd" -le 9 ] || [ -n "$BASH_VERSION" ]; '
    'then eval "exec $fd<&-"; fi; exec "$@"'
)


def _gated() -> tuple[str, ...]:
    """The gate's command line, before the lifeline's descriptor and the hook's argv."""
    return (_bash() or "/bin/sh", "-c", _GATE, "coord-hook")


class Lifeline:
    """A pipe whose read end a hook's process group watches (:data:`_GATE`) and whose
    write end only this process holds (not inherited: it is close-on-exec, and the hook's
    own command never gets the read end). When this process ends, however it ends (a
    ``kill -9`` too, where it cannot kill the group itself), the watcher reads the end of
    the pipe and kills the group, so no hook outlives coord until its ``timeout``. Once the
    hook has ended (or been killed), :meth:`close` sends the watcher a line first: it
    leaves quietly, and what the hook left running on purpose is not touched."""

    def __init__(self) -> None:
        self.read_end, self.write_end = os.pipe()

    def __enter__(self) -> Lifeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def started(self) -> None:
        """The hook's process has its copy of the read end (or was never started)."""
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1

    def close(self) -> None:
        """Tell the watcher the hook has ended, and close the pipe."""
        self.started()
        if self.write_end < 0:
            return
        with contextlib.suppress(OSError):  # the watcher was killed with its group
            os.write(self.write_end, b"\n")
        os.close(self.write_end)
        self.write_end = -1


async def _start(
    argv: list[str], cwd: Path, env: Mapping[str, str] | None, fds: tuple[int, ...]
) -> asyncio.subprocess.Process:
    """A hook's process, in a process group of its own, which runs ``argv`` only once its
    first line of stdin has come (:data:`_GATE`; the caller sends it before the input),
    the group watching the lifeline descriptor, the first of ``fds`` (:class:`Lifeline`;
    the others are passed on too: bwrap's status pipe).
    A start cancelled before asyncio hands the process over (a drive stopped just after an
    async hook was fired) kills only that first process, by pid, and waits for its pipes:
    what the hook started would run on and keep them open; gated, it has started nothing."""
    return await asyncio.create_subprocess_exec(
        *_gated(),
        str(fds[0]),
        *argv,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
        pass_fds=fds,
    )


async def run_http_hook(hook: Hook, data: JSON, env: HookEnv) -> HookRun:
    """POST ``data`` to an http hook's URL; a 2xx body is read as a command hook's stdout
    after exit 0 (its JSON whole, up to :data:`MAX_HOOK_CAPTURE` characters); a non-2xx
    status, no answer or the timeout is a non-blocking error (an http hook blocks only
    through its JSON, as in Claude Code). The settings' ``env`` is over coord's environment
    for its ``allowedEnvVars`` (a user's hook's only)."""
    from coordinator.runtime.hook_http import post, request_headers  # httpx: lazily

    environ = {**os.environ, **({} if hook.confined else env.settings_env)}
    headers = request_headers(hook.headers, hook.allowed_env_vars, environ)
    started = time.perf_counter()
    try:
        answer = await asyncio.wait_for(
            post(hook.url, headers, data, hook.timeout, MAX_HOOK_CAPTURE), hook.timeout
        )
    except TimeoutError:
        ms = int((time.perf_counter() - started) * 1000)
        return HookRun(hook, Outcome.TIMEOUT, ms=ms, stderr=f"timed out after {hook.timeout:g} s")
    ms = int((time.perf_counter() - started) * 1000)
    if answer.error is not None:
        return HookRun(hook, Outcome.ERROR, ms=ms, stderr=f"no answer: {answer.error}")
    body = answer.body  # (scrubbed; its JSON read whole, its text kept cut: review148)
    if not answer.ok:
        why = f"HTTP {answer.status}" + (f": {body.strip()}" if body.strip() else "")
        return HookRun(hook, Outcome.ERROR, ms=ms, stderr=scrubbed_line(why, MAX_HOOK_OUTPUT))
    whole = body if len(body) > MAX_HOOK_OUTPUT else None
    run = _finished(hook, 0, safe_cut(body, MAX_HOOK_OUTPUT), "", ms, whole)
    return unread_closed(run, len(body) >= MAX_HOOK_CAPTURE, env)


async def run_model_hook(hook: Hook, data: JSON, env: HookEnv) -> HookRun:
    """Ask a prompt hook's model (:mod:`coordinator.runtime.hook_prompt`), or let an agent
    hook's sub-agent check with read-only tools (:mod:`coordinator.runtime.hook_agent`):
    the ``ok``/``reason`` answer read as a command hook's JSON; a failed call, a malformed
    answer or the timeout is a non-blocking error (as in Claude Code). ``usage``: what the
    calls cost (an agent hook's so far, when the timeout ends it)."""
    if env.llm is None:
        return HookRun(hook, Outcome.SKIPPED, stderr=f"{hook.kind} hooks need a model provider")
    spent = Spent()
    if hook.kind == HookKind.AGENT:
        files = env.files or HookFiles(ToolContext(env.root))
        asked = verify(env.llm, hook.prompt, hook.model, data, files, spent)
    else:
        asked = ask(env.llm, hook.prompt, hook.model, data)
    started = time.perf_counter()
    try:
        answer = await asyncio.wait_for(asked, hook.timeout)
    except TimeoutError:
        ms = int((time.perf_counter() - started) * 1000)
        why = f"timed out after {hook.timeout:g} s"
        calls = tuple(spent.calls)
        return HookRun(
            hook, Outcome.TIMEOUT, ms=ms, stderr=why, usage=spent.usage, model=spent.model,
            calls=calls,
        )  # fmt: skip
    except asyncio.CancelledError:  # the calls made were spent: the caller counts them
        if env.cut_short is not None and spent.usage is not None:
            ms = int((time.perf_counter() - started) * 1000)
            run = HookRun(hook, Outcome.ERROR, ms=ms, stderr=CUT_SHORT, usage=spent.usage)
            env.cut_short.append(replace(run, model=spent.model, calls=tuple(spent.calls)))
        raise
    ms = int((time.perf_counter() - started) * 1000)
    text, usage, model = scrubbed_line(answer.text, MAX_HOOK_OUTPUT), answer.usage, answer.model
    calls = tuple(spent.calls)
    if answer.data is None:
        why = answer.error or ""
        return HookRun(hook, Outcome.ERROR, None, text, why, ms, None, usage, model, calls)
    outcome = Outcome.BLOCKED if _blocks(answer.data) else Outcome.OK
    return HookRun(hook, outcome, None, text, "", ms, answer.data, usage, model, calls)


async def run_mcp_hook(hook: Hook, data: JSON, env: HookEnv) -> HookRun:
    """Call an mcp_tool hook's tool (:mod:`coordinator.runtime.hook_mcp`): its text result
    read as a command hook's stdout after exit 0; a tool error, a server that cannot be
    used or reached, or the timeout is a non-blocking error."""
    started = time.perf_counter()
    try:
        called = call_hook_tool(hook, data, env.project_dir, env.mcp, env.confine, env.root)
        answer = await asyncio.wait_for(called, hook.timeout)
    except TimeoutError:
        ms = int((time.perf_counter() - started) * 1000)
        return HookRun(hook, Outcome.TIMEOUT, ms=ms, stderr=f"timed out after {hook.timeout:g} s")
    ms = int((time.perf_counter() - started) * 1000)
    text = scrubbed_line(answer.content, MAX_HOOK_OUTPUT)
    if isinstance(answer, NotStarted) and _guards(hook, data, env):
        return HookRun(hook, Outcome.BLOCKED, ms=ms, stderr=_guard_not_run(hook, text))
    if answer.is_error:
        return HookRun(hook, Outcome.ERROR, ms=ms, stderr=text)
    whole = scrub(answer.content) if len(answer.content) > MAX_HOOK_OUTPUT else None  # review148
    run = _finished(hook, 0, text, "", ms, whole)
    return replace(run, printed=last_line(answer.content))


def _finished(
    hook: Hook, code: int, out: str, err: str, ms: int, whole: str | None = None
) -> HookRun:
    """How a hook that ended with ``code`` ran: ``out`` and ``err`` as kept (clipped),
    its JSON read from ``whole`` (its stdout unclipped, scrubbed; None: ``out``), as Claude
    Code reads it: a decision with a reason past :data:`MAX_HOOK_OUTPUT` characters is
    still a decision (bounds115: was read as plain text, and a deny let the call run)."""
    if code == BLOCK_EXIT:
        return HookRun(hook, Outcome.BLOCKED, code, out, err, ms)
    if code != 0:
        return HookRun(hook, Outcome.ERROR, code, out, err, ms)
    data = _json_object(out if whole is None else whole)
    blocked = data is not None and _blocks(data)
    return HookRun(hook, Outcome.BLOCKED if blocked else Outcome.OK, code, out, err, ms, data)


def _argv(hook: Hook) -> list[str]:
    """An unconfined command hook's command line: its shell's (bash, or ``pwsh`` for a
    powershell hook)."""
    shell = pwsh() if hook.shell == HookShell.POWERSHELL else None
    if shell is not None:
        return [shell, *PWSH_ARGS, hook.command]
    return ["/bin/sh", "-c", hook.command] if not _bash() else [_bash(), "-c", hook.command]


def _not_run(hook: Hook, data: JSON, env: HookEnv) -> HookRun:
    """A confined hook that may not run (Bash not allowed): skipped; but the user's own
    PreToolUse hook (:func:`_guards`) refuses the call instead. What confined it is
    workspace code an agent can write (a Makefile, a ``.mypy.ini``, a module on the user's
    PYTHONPATH): were it skipped, writing such a file would switch the user's guard off."""
    reason = _skip_reason(hook, env)
    if _guards(hook, data, env):
        return HookRun(hook, Outcome.BLOCKED, stderr=_guard_not_run(hook, reason))
    return HookRun(hook, Outcome.SKIPPED, stderr=reason)


def _guards(hook: Hook, data: JSON, env: HookEnv) -> bool:
    """Whether ``hook`` is the user's own (from a file outside the workspace) and guards a
    tool call (PreToolUse): one that cannot run then refuses the call."""
    own = not (hook.path.is_relative_to(env.root) or hook.path.is_relative_to(env.project_dir))
    return own and data.get("hook_event_name") == HookEvent.PRE_TOOL_USE


#: Why a tool call was refused when the user's PreToolUse hook could not run.
GUARD_NOT_RUN = (
    "this PreToolUse hook of yours guards the call and could not run, so the call is refused"
)
#: Why a tool call was refused when a PreToolUse hook of an agents folder only the worker's
#: database row names could not run (it fails closed, as the user's own guard does).
ROW_GUARD_NOT_RUN = "this PreToolUse hook guards the call and could not run, so the call is refused"
#: Why such a hook is confined.
ROW_NAMED = (
    "this hook's agents folder is named only by the session's row in the store, not by this "
    "worker's settings, so it runs as a workspace hook"
)


def _guard_not_run(hook: Hook, why: str) -> str:
    """The note of a PreToolUse hook that guards a call and could not run (``why``): the
    call is refused."""
    return f"{why}; {ROW_GUARD_NOT_RUN if hook.row_named else GUARD_NOT_RUN}"


def _skip_reason(hook: Hook, env: HookEnv) -> str:
    """Why a confined hook was not run: for one of a file outside the workspace, that only
    the session's row in a worker's store names its agents folder, or (the user's own)
    that it runs workspace code an agent can rewrite (the run's warning says which)."""
    if hook.path.is_relative_to(env.root) or hook.path.is_relative_to(env.project_dir):
        return env.skip_reason  # (a worktree run's hooks are the workspace's)
    if hook.row_named:
        return f"{ROW_NAMED}, and {env.skip_reason}"
    why = f" ({hook.why})" if hook.why else ""
    return f"your hook runs workspace code an agent can rewrite{why}; {env.skip_reason}"


def _confined_env(env: HookEnv, hook: Hook) -> dict[str, str]:
    """A workspace hook's environment, passed on by bwrap (not on its command line): the
    allow-list, the names the user passes, ``CLAUDE_PROJECT_DIR`` (the main workspace,
    read-only there in a worktree run), a plugin's hook's ``CLAUDE_PLUGIN_ROOT`` and
    ``CLAUDE_PLUGIN_DATA``."""
    extra = {"CLAUDE_PROJECT_DIR": str(env.project_dir), **dict(hook.plugin_env), **_effort(env)}
    return env.confine.environment(extra) if env.confine is not None else extra


#: How a powershell hook's command is given to ``pwsh`` (no profile, nobody to prompt).
PWSH_ARGS = ("-NoProfile", "-NonInteractive", "-Command")
#: A powershell hook's note when no ``pwsh`` is on PATH.
NO_PWSH = "skipped: a powershell hook needs pwsh (PowerShell 7) on PATH, and there is none"


def pwsh() -> str | None:
    """The ``pwsh`` on PATH (PowerShell 7; ``powershell.exe`` is Windows-only), or None;
    found through PATH's absolute entries only (:func:`program_path`)."""
    return program_path("pwsh")


def _bash() -> str:
    for candidate in ("/bin/bash", "/usr/bin/bash"):
        if os.path.exists(candidate):
            return candidate
    return ""


def _effort(env: HookEnv) -> dict[str, str]:
    """``CLAUDE_EFFORT`` for a hook fired in a run whose model has an effort level."""
    return {} if env.effort is None else {"CLAUDE_EFFORT": env.effort}


def _hook_env(hook: Hook, env: HookEnv) -> dict[str, str]:
    """A user hook's environment: the user's own (a notification hook may need its token),
    with the settings' ``env`` over it (:attr:`HookEnv.settings_env`), minus the
    coordinator's API credentials and its store's URL (:data:`DB_ENV`), plus
    ``CLAUDE_PROJECT_DIR`` (and a plugin's hook's ``CLAUDE_PLUGIN_ROOT`` and
    ``CLAUDE_PLUGIN_DATA``, as Claude Code sets them),
    and what keeps a Python it starts from importing from the folder it runs in
    (:func:`safe_path`). A credential-named variable of it (``SLACK_TOKEN``) is scrubbed
    from then on, whatever its length, from what the hook prints
    (:func:`~coordinator.sanitize.register_sent`). The base URL's user information (its
    key: ``https://user:KEY@gateway``) is left out, as Claude Code hands a hook no API key
    (review117)."""
    secrets = configured_secrets()
    environ = {**os.environ, **env.settings_env}  # (the settings' win, as in Claude Code)
    kept = {k: v for k, v in environ.items() if v not in secrets and k != DB_ENV}
    kept.update({k: secretless_url(kept[k]) for k in URL_ENV if k in kept})
    for name, value in kept.items():
        register_sent(name, value, header=False)
    kept["CLAUDE_PROJECT_DIR"] = str(env.project_dir)
    kept.update(hook.plugin_env)
    kept.update(_effort(env))
    return {**kept, **_safe_path(hook, env, kept)}


def _safe_path(hook: Hook, env: HookEnv, environ: dict[str, str]) -> dict[str, str]:
    """What coord adds to a user's hook's environment ``environ`` so no Python it starts
    imports from the workspace (:func:`safe_path`)."""
    return safe_path(command_words(hook.command), environ, str(env.root))


#: Seconds a killed hook's pipes are read for, to their end (a process that left its group
#: may hold them open): its run ends then, whatever it left.
_REAP_SECONDS = 2.0


async def _killed(proc: asyncio.subprocess.Process) -> None:
    """Kill a hook's process group and wait for its end: the process reaped and its pipes
    read to their end, the bytes dropped, for at most :data:`_REAP_SECONDS`. asyncio's
    ``wait`` waits for the pipes too, and a pipe nobody reads any more (the run's reading was
    cancelled) stops being read once its buffer is full: its end never came, and a hook
    printing without end past its timeout held coord for ever."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(_kept(proc.stdout), _kept(proc.stderr), proc.wait()), _REAP_SECONDS
        )


#: Bytes of a hook's stdout, and of its stderr, kept (the rest is read and dropped): far
#: more than :data:`MAX_HOOK_OUTPUT` characters once whitespace is folded, yet bounded: a
#: hook printing without end (a workspace's, an agent could have written) held whole
#: filled coord's memory within its timeout.
MAX_HOOK_CAPTURE = 1 << 20


async def _exchange(proc: asyncio.subprocess.Process, stdin: bytes) -> tuple[bytes, bytes]:
    """``proc.communicate(stdin)``, keeping at most :data:`MAX_HOOK_CAPTURE` bytes of its
    stdout and of its stderr."""

    async def feed() -> None:
        if proc.stdin is None:
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            proc.stdin.write(stdin)
            await proc.stdin.drain()
        proc.stdin.close()

    out, err, _ = await asyncio.gather(_kept(proc.stdout), _kept(proc.stderr), feed())
    await proc.wait()
    return out, err


async def _kept(stream: asyncio.StreamReader | None) -> bytes:
    """What ``stream`` gives to its end, but past :data:`MAX_HOOK_CAPTURE` bytes and one
    more (which says the rest was dropped: :func:`_text`)."""
    kept = bytearray()
    while stream is not None and (chunk := await stream.read(1 << 16)):
        kept += chunk[: MAX_HOOK_CAPTURE + 1 - len(kept)]
    return bytes(kept)


def _whole(raw: bytes) -> str | None:
    """A hook's captured stdout whole and scrubbed, for its JSON; None when it passed
    :data:`MAX_HOOK_CAPTURE` (cut: no JSON) or fits :data:`MAX_HOOK_OUTPUT` (as kept)."""
    if len(raw) > MAX_HOOK_CAPTURE or len(raw) <= MAX_HOOK_OUTPUT:
        return None
    return scrub(raw.decode("utf-8", errors="replace"))


def hook_said(text: str) -> str:
    """A hook's text the model reads (an ``additionalContext``, a reason): at most
    :data:`MAX_HOOK_OUTPUT` characters, as Claude Code caps a hook's output, cut by the
    one cut with a note (:func:`~coordinator.tools.workspace.cap_text`)."""
    return cap_text(text, MAX_HOOK_OUTPUT, what="hook output")


def _text(raw: bytes) -> str:
    """A hook's captured stdout or stderr as its run keeps it: scrubbed, then clipped; one
    cut at :data:`MAX_HOOK_CAPTURE` without the secret's start its end may hold
    (:func:`scrub_cut_off`)."""
    if len(raw) > MAX_HOOK_CAPTURE:
        return clip(
            scrub_cut_off(raw[:MAX_HOOK_CAPTURE].decode("utf-8", errors="replace")), MAX_HOOK_OUTPUT
        )
    return scrubbed_line(raw.decode("utf-8", errors="replace"), MAX_HOOK_OUTPUT)


#: The longest last line of output a hook run keeps (:attr:`HookRun.printed`).
MAX_PRINTED = 4096


def last_line(out: str) -> str:
    """The last non-empty line of ``out``, stripped (at most :data:`MAX_PRINTED`
    characters: a longer one is kept as "", no path)."""
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    found = lines[-1] if lines else ""
    return found if len(found) <= MAX_PRINTED else ""


def _json_object(out: str) -> JSON | None:
    text = out.strip()
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _specific(data: JSON) -> JSON:
    specific = data.get("hookSpecificOutput")
    return specific if isinstance(specific, dict) else {}


def _decision(data: JSON) -> str | None:
    """``deny``/``ask``/``allow`` from hookSpecificOutput, or the legacy decision field."""
    value = _specific(data).get("permissionDecision")
    if value in tuple(HookDecision):
        return str(value)
    legacy = data.get("decision")
    return _LEGACY.get(legacy) if isinstance(legacy, str) else None


def _blocks(data: JSON) -> bool:
    return _decision(data) in _BLOCKING or data.get("continue") is False


def combine(
    event: HookEvent, runs: list[HookRun], outputs: Outputs | None = None, *, mcp: bool = False
) -> Verdict:
    """The verdict of several hooks' runs for ``event``; ``outputs``: the tool's and the MCP
    tool's output slots as earlier hooks of the event left them (the user's, run first),
    which a confined hook's output does not replace (its run then says so:
    :attr:`HookRun.output_refused`, of the slot of the tool, an MCP one when ``mcp``)."""
    verdict = Verdict(runs=runs)
    if outputs is not None:
        verdict.tool_output, verdict.mcp_output = (replace(o) for o in outputs)
    for at, run in enumerate(runs):
        said = len(verdict.feedback) + len(verdict.context)
        slot = verdict.mcp_output if mcp else verdict.tool_output
        before = (slot.text, slot.users)
        _read_run(event, run, verdict)
        if _refused(run, before, slot):
            runs[at] = replace(run, output_refused=True)
        if run.hook.confined and len(verdict.feedback) + len(verdict.context) > said:
            verdict.workspace_said = True
    if verdict.deferred is not None and verdict.denied:
        verdict.deferred = None  # deny beats defer
    elif verdict.deferred is not None:  # defer beats ask: nothing is refused now
        verdict.block = False
        verdict.feedback = []
    return verdict


#: A PostToolUse event's output slots: any tool's, an MCP tool's (:class:`Verdict`).
Outputs = tuple[OutputSlot, OutputSlot]


def _refused(run: HookRun, before: tuple[str | None, bool], slot: OutputSlot) -> bool:
    """Whether ``run``, a confined hook's, gave an output the tool's ``slot`` (as it was
    ``before`` the run) refused."""
    if not run.hook.confined or run.hook.event != HookEvent.POST_TOOL_USE or not before[1]:
        return False
    specific = _specific(run.data or {})
    given = any(specific.get(k) is not None for k in _OUTPUT_FIELDS)
    return given and (slot.text, slot.users) == before


def _read_run(event: HookEvent, run: HookRun, verdict: Verdict) -> None:
    """What one hook's run adds to ``verdict``."""
    if run.outcome == Outcome.BLOCKED and run.data is None:
        verdict.block = verdict.denied = True
        verdict.blocked_by = verdict.blocked_by or run.hook
        verdict.feedback.append(run.stderr.strip() or "blocked by a hook (no reason given)")
    elif run.outcome in (Outcome.OK, Outcome.BLOCKED) and run.data is not None:
        _read_json(event, run, verdict)
    elif run.outcome == Outcome.OK and event in _PLAIN_CONTEXT and run.stdout.strip():
        verdict.context.append(run.stdout.strip())


#: Events whose plain stdout (exit 0, not JSON) is context, as in Claude Code; others'
#: plain stdout is only logged.
_PLAIN_CONTEXT = (HookEvent.USER_PROMPT_SUBMIT, HookEvent.SESSION_START)


def _read_json(event: HookEvent, run: HookRun, verdict: Verdict) -> None:
    data = run.data or {}
    if data.get("continue") is False:
        reason = data.get("stopReason")
        verdict.stop = reason if isinstance(reason, str) and reason else "stopped by a hook"
    specific = _specific(data)
    context = specific.get("additionalContext")
    if isinstance(context, str) and context.strip():
        verdict.context.append(hook_said(context.strip()))
    updated = specific.get("updatedInput")
    if event == HookEvent.PRE_TOOL_USE and isinstance(updated, dict):
        verdict.updated_input = updated
        verdict.updated_by = run.hook
    if event == HookEvent.POST_TOOL_USE:
        _read_outputs(specific, run, verdict)
    decision = _decision(data)
    reason = specific.get("permissionDecisionReason") or data.get("reason")
    if decision == HookDecision.DEFER and event == HookEvent.PRE_TOOL_USE:
        verdict.deferred = reason if isinstance(reason, str) and reason else "deferred by a hook"
    if decision in _BLOCKING:
        verdict.block = True
        verdict.blocked_by = verdict.blocked_by or run.hook
        verdict.denied = verdict.denied or decision == HookDecision.DENY
        text = hook_said(reason) if isinstance(reason, str) and reason else "blocked by a hook"
        verdict.feedback.append(ASK_REFUSED + " " + text if decision == HookDecision.ASK else text)


#: PostToolUse fields giving an output in place of the tool's: ``updatedToolOutput`` any
#: tool's (Claude Code 2.1.121), ``updatedMCPToolOutput`` an MCP tool's (the older field).
_OUTPUT_FIELDS = ("updatedToolOutput", "updatedMCPToolOutput")


def _read_outputs(specific: JSON, run: HookRun, verdict: Verdict) -> None:
    """A PostToolUse hook's output in place of the tool's: ``updatedToolOutput`` for any
    tool (over the older ``updatedMCPToolOutput`` when a hook gives both), that field for
    an MCP tool only. A field that is ``null`` gives none (review115: a hook printing every
    field of its output type, ``"updatedToolOutput": null`` among them, replaced the
    tool's output with the text ``null``)."""
    if specific.get("updatedToolOutput") is not None:
        text = output_text(specific["updatedToolOutput"])
        verdict.tool_output.offer(run.hook.confined, text)
        verdict.mcp_output.offer(run.hook.confined, text)
    elif specific.get("updatedMCPToolOutput") is not None:
        verdict.mcp_output.offer(run.hook.confined, output_text(specific["updatedMCPToolOutput"]))


def output_text(value: object) -> str:
    """An ``updatedToolOutput`` (or ``updatedMCPToolOutput``) as the text the model reads:
    a string as it is; coord's own ``tool_response`` shape (``{"content": ...}``, as the
    hook was given it) its content; MCP content blocks (a list, or ``{"content": [...]}``)
    their text joined by lines; Claude Code's Bash shape (``{"stdout", "stderr"}``) the
    two joined, its Read shape (``{"file": {"content"}}``) the file's text; anything else
    as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        known = _shaped_text(value)
        if known is not None:
            return known
    blocks = value.get("content") if isinstance(value, dict) else value
    if isinstance(blocks, list) and blocks:
        parts = [
            str(b["text"])
            if isinstance(b, dict) and b.get("type") == "text" and "text" in b
            else json.dumps(b, ensure_ascii=False)
            for b in blocks
        ]
        return "\n".join(parts)
    return json.dumps(value, ensure_ascii=False)


def _shaped_text(value: JSON) -> str | None:
    """The text of a tool output written in one of the shapes hooks are given: coord's
    ``{"content": "..."}``, Claude Code's Bash ``{"stdout", "stderr"}`` and Read
    ``{"file": {"content"}}``; None for another shape."""
    if isinstance(value.get("content"), str):
        return str(value["content"])
    streams = [value.get(k) for k in ("stdout", "stderr")]
    if any(isinstance(t, str) for t in streams):
        return "\n".join(t for t in streams if isinstance(t, str) and t)
    file = value.get("file")
    if isinstance(file, dict) and isinstance(file.get("content"), str):
        return str(file["content"])
    return None
