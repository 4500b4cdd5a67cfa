"""Bash: run a shell command in the workspace, only when the user allowed it.

The command runs in the bubblewrap sandbox of :mod:`coordinator.tools.sandbox` (workspace
read-write, everything else read-only or hidden, no network, own PID namespace, an
allow-listed environment), with the workspace root as its working directory and a timeout.
With the user's explicit opt-out (``--unsandboxed-bash``) it runs directly on the host, still
with the allow-listed environment. Either way the command starts in a new session and its
whole process group is killed at the timeout, on cancellation (what it had output kept for
the caller: :data:`~coordinator.tools.base.CALL_PARTIAL`) and when ``coord`` exits. The
command is done when its own process (the shell, or bwrap) exits: a process it started in a
session of its own (``setsid``) that still holds its output is read for a short grace more,
then left running (the sandbox's PID namespace ends such a process with the command; an
unsandboxed one is the user's, started to outlive its shell), and the model is told. A
command that names a path the settings deny it (hidden or read-only in its sandbox) is told
the rule after its output (:func:`~coordinator.tools.command_hints.denied_note`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import errno
import os
import signal
from dataclasses import replace
from typing import cast

from coordinator.sanitize import safe_cut, secret_span
from coordinator.tools.base import (
    CALL_ENV,
    CALL_PARTIAL,
    JSON,
    Refusal,
    RefusedBy,
    ToolContext,
    ToolError,
    ToolResult,
    effort_env,
)
from coordinator.tools.changes import Changed, compared, snapshot
from coordinator.tools.command_hints import (
    denied_note,
    git_hint,
    nested_hint,
    own_code_hint,
    protected_hint,
    protected_note,
)
from coordinator.tools.denied import Denial
from coordinator.tools.files import unencodable
from coordinator.tools.hidden import HiddenProgram, hidden_program
from coordinator.tools.pids import PidsGroup, pids_group
from coordinator.tools.programs import kill_group, shell_program
from coordinator.tools.protected_guard import ProtectedGuard, running
from coordinator.tools.sandbox import (
    MISSING_BWRAP,
    SETUP_ATTEMPTS,
    SETUP_FAILED,
    BashSandbox,
    SetupStatus,
    bwrap_argv,
    command_denials,
    command_env,
    outside_env,
)
from coordinator.tools.workspace import COORDINATOR_DIR, mark_agents_ran

#: Output (stdout and stderr together) is cut to this many characters.
BASH_MAX_OUTPUT_CHARS = 30_000
#: The model may ask for at most this timeout, in milliseconds (as in Claude Code).
BASH_MAX_TIMEOUT_MS = 600_000
#: Output kept in memory: enough for BASH_MAX_OUTPUT_CHARS characters of UTF-8.
_KEEP_BYTES = 4 * BASH_MAX_OUTPUT_CHARS
#: After the command exits, how long to wait for output still held by stray processes.
_DRAIN_SECONDS = 2.0
#: What the model is told of a process that kept the output open after the command exited.
STRAY_NOTE = (
    f"[a process the command started still held the output open after the command exited:"
    f" output read for {_DRAIN_SECONDS:g} s more; that process was left running (redirect a"
    " background process's output, e.g. `cmd > cmd.log 2>&1 &`)]"
)

DISABLED_MESSAGE = (
    "Bash is disabled in this session: the user has not allowed shell commands. Use Read, "
    "Glob, Grep, Edit and Write instead, or say in your report which command you would run "
    "and why (the user can enable Bash with --allow-bash)."
)


def bash_off_result() -> ToolResult:
    """The error result of a Bash call while the session runs without ``--allow-bash``
    (refused, :attr:`~coordinator.tools.base.RefusedBy.BASH_OFF`: the engine refuses it
    before it starts, as a permission rule does; the tool refuses it too)."""
    off = Refusal(RefusedBy.BASH_OFF, "without --allow-bash")
    return ToolResult(f"Error: {DISABLED_MESSAGE}", True, refused=off)


#: Process groups of commands still running; killed if coord exits first.
_LIVE_GROUPS: set[int] = set()


@atexit.register
def kill_live_groups() -> None:
    """Kill the process groups of the unsandboxed commands still running (a sandboxed one
    dies with its bwrap): at exit, and before an exit that skips it (``os._exit``)."""
    for pgid in list(_LIVE_GROUPS):
        kill_group(pgid, signal.SIGKILL)


class BashTool:
    """Run a shell command with cwd = workspace root (refused unless allowed)."""

    name = "Bash"
    description = (
        "Runs a shell command with the workspace root as the working directory and returns "
        "its combined stdout and stderr (cut to 30,000 characters) and exit code. timeout is "
        f"in milliseconds (at most {BASH_MAX_TIMEOUT_MS}). Only available when the user has "
        "allowed shell commands; otherwise the call is refused. Prefer Read/Grep/Glob for "
        "looking at files."
    )
    input_schema: JSON = {  # noqa: RUF012 (read-only; Toolset.schemas() copies it)
        "type": "object",
        "properties": {
            "command": {"type": "string", "description": "The command to run"},
            "timeout": {
                "type": "integer",
                "minimum": 1,
                "description": f"Timeout in milliseconds (max {BASH_MAX_TIMEOUT_MS})",
            },
            "description": {
                "type": "string",
                "description": "What the command does, in 5-10 words",
            },
        },
        "required": ["command"],
        "additionalProperties": False,
    }

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """Run the command; an error result (``bash_off``) when Bash is not allowed, a
        ToolError when it cannot be sandboxed."""
        if not ctx.allow_bash:
            return bash_off_result()
        broken = unencodable(args["command"])
        if broken is not None:
            return ToolResult(f"Error: the command is not UTF-8 text: {broken}", is_error=True)
        timeout = bash_limit(args, ctx)
        sandbox = ctx.sandbox or BashSandbox()
        sandboxed = not sandbox.unsandboxed
        # (the guard may run git: in a thread, the event loop goes on meanwhile)
        guard = (
            await asyncio.to_thread(ProtectedGuard.taken, ctx.root, ctx.protected)
            if sandboxed
            else None
        )
        stopped = running(guard) if guard is not None else None  # (a hook meanwhile: swept)
        before = await asyncio.to_thread(snapshot, ctx.root, ctx.ignores)  # (what it changes)
        group = pids_group(sandbox.limits.processes) if sandboxed else None  # root only
        undone: list[str] = []
        env = _command_env(ctx)
        try:
            code, out, timed_out, denials = await _execute(
                args["command"], ctx, env, group, timeout
            )
        finally:
            if stopped is not None:
                stopped()
            try:  # (cancelled meanwhile, the thread still undoes it all)
                undone = await asyncio.to_thread(guard.restore) if guard is not None else []
            finally:
                if group is not None:
                    group.remove()
        changed = _own_changes(await asyncio.to_thread(compared, before), ctx)
        if timed_out:  # (what it changed meanwhile kept: no ToolError)
            why = f"Error: command timed out after {timeout:g} s and was killed"
            return ToolResult(why, is_error=True, changed=changed)
        text = out.decode("utf-8", errors="replace")
        nested = nested_hint(text, ctx.root) if sandboxed else None
        hint = None if nested and _only_own(protected_hint(text)) else protected_hint(text)
        settled = await asyncio.to_thread(ctx.git.settle) if ctx.git.settle else None
        notes = [protected_note(undone) if undone else None, hint, nested, settled]
        notes.append(git_hint(text, ctx.git))
        notes.append(denied_note(denials, args["command"], text, ctx.root.resolve()))
        hidden = _hidden_program(text, args["command"], ctx, env) if sandboxed else None
        if sandboxed:
            notes += [own_code_hint(text, ctx.root), hidden.for_the_model() if hidden else None]
        for note in notes:
            if note:
                text = f"{text.rstrip()}\n{note}\n".lstrip("\n")
        if code:
            text = f"{text.rstrip()}\n[exit code {code}]".lstrip("\n")
            return ToolResult(text, True, hidden, changed, exit_code=code)
        text = text if text.strip() else "(no output)"
        return ToolResult(text, hidden=hidden, changed=changed, exit_code=code)


def bash_limit(args: JSON, ctx: ToolContext) -> float:
    """The seconds a Bash call ``args`` may run before it is killed: its own ``timeout``
    (milliseconds, at most :data:`BASH_MAX_TIMEOUT_MS`), else the settings'
    ``bash_timeout`` (no upper bound). A worker's stall watch counts no time within it."""
    asked = args.get("timeout")
    if isinstance(asked, int | float) and not isinstance(asked, bool) and asked >= 1:
        return min(int(asked), BASH_MAX_TIMEOUT_MS) / 1000
    return ctx.bash_timeout


def _own_changes(changed: Changed, ctx: ToolContext) -> Changed:
    """``changed`` without other sessions' database files (:attr:`ToolContext.stores`: a
    concurrent session's writes are not the command's)."""
    stores = ctx.stores
    if stores is None or not changed.files:
        return changed
    kept = tuple(c for c in changed.files if not stores.named(ctx.root / c[0], fresh=False))
    return replace(changed, files=kept)


def _hidden_program(
    text: str, command: str, ctx: ToolContext, env: dict[str, str]
) -> HiddenProgram | None:
    """:func:`hidden_program` for the environment the command got (PATH, HOME)."""
    readable = (ctx.sandbox or BashSandbox()).readable
    return hidden_program(text, ctx.root, readable, env, command)


def _only_own(hint: str | None) -> bool:
    """Whether a :func:`protected_hint` names only coord's own folder (a nested one's)."""
    return hint is not None and hint.startswith(f"[{COORDINATOR_DIR}: ")


def _command_env(ctx: ToolContext) -> dict[str, str]:
    """The environment a command gets: the allow-list, ctx.env and the current call's
    (TRACEPARENT of its tool span, when tracing; ``CLAUDE_EFFORT``, the run's effort level,
    as Claude Code gives its Bash commands)."""
    sandbox = ctx.sandbox or BashSandbox()
    return command_env(
        os.environ, sandbox.env_names, {**ctx.env, **(CALL_ENV.get() or {}), **effort_env()}
    )


async def _execute(
    command: str,
    ctx: ToolContext,
    env: dict[str, str],
    group: PidsGroup | None,
    limit_s: float,
) -> tuple[int | None, bytes, bool, list[Denial]]:
    """The command run to its end or for ``limit_s``: its exit code, output, whether it
    timed out and the paths the settings denied it. In the sandbox it is started again
    while bwrap could not set the sandbox up (:class:`SetupStatus`: it never ran), at most
    :data:`SETUP_ATTEMPTS` times; ToolError when it never could."""
    sandboxed = not (ctx.sandbox or BashSandbox()).unsandboxed
    for _ in range(SETUP_ATTEMPTS if sandboxed else 1):
        # bwrap's status pipe; a shell run unsandboxed reports to none
        with SetupStatus() if sandboxed else contextlib.nullcontext() as status:
            proc, exited, denials = await _spawn(command, ctx, env, group, status)
            _LIVE_GROUPS.add(proc.pid)
            try:
                out, timed_out = await _collect(proc, exited, limit_s)
            finally:
                kill_group(proc.pid, signal.SIGKILL)  # whatever the command left behind
                _LIVE_GROUPS.discard(proc.pid)
                exited.transport.close()  # its output pipe too (a stray may hold it)
            if status is None or timed_out or status.program_ran():
                return proc.returncode, out, timed_out, denials
    why = out.decode("utf-8", errors="replace").strip()
    raise ToolError(f"{SETUP_FAILED}: {why}" if why else SETUP_FAILED)


async def _spawn(
    command: str,
    ctx: ToolContext,
    env: dict[str, str],
    group: PidsGroup | None,
    status: SetupStatus | None,
) -> tuple[asyncio.subprocess.Process, _Exited, list[Denial]]:
    """The command's process: in the sandbox (inside ``group``, a root's limit of its
    processes; bwrap reporting to ``status``), or, unsandboxed, a shell; with what says
    when it exits and the paths the settings deny it in the sandbox."""
    sandbox = ctx.sandbox or BashSandbox()
    fds: tuple[int, ...] = ()
    denials: list[Denial] = []
    if sandbox.unsandboxed:
        mark_agents_ran(ctx.root)  # in the sandbox, bwrap makes it (a mount point)
        argv = [shell_program(), "-c", command]
    else:
        bwrap = sandbox.program()
        if bwrap is None:
            raise ToolError(MISSING_BWRAP)
        denials = command_denials(sandbox, ctx.root.resolve(), env)
        argv = bwrap_argv(
            bwrap, sandbox, ctx.root, env, command, ctx.protected, inherit_env=True, git=ctx.git,
            status=status, denials=denials,
        )  # fmt: skip
        argv = group.argv(argv) if group is not None else argv
        fds = status.fds if status is not None else ()
    loop = asyncio.get_running_loop()
    try:
        transport, exited = await loop.subprocess_exec(
            lambda: _Exited(loop),
            *argv,
            cwd=ctx.root,
            env=env if sandbox.unsandboxed else outside_env(env),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
            pass_fds=fds,
        )
        return asyncio.subprocess.Process(transport, exited, loop), exited, denials
    except OSError as exc:  # a tool error the model reads, not a crash of coord
        raise ToolError(_not_started(command, exc)) from None
    finally:
        if status is not None:
            status.started()


#: The longest single argument Linux passes to a program (MAX_ARG_STRLEN, its NUL counted).
MAX_COMMAND_BYTES = 131_071


def _not_started(command: str, exc: OSError) -> str:
    """Why the command could not start, for the model: one over :data:`MAX_COMMAND_BYTES`
    (E2BIG: a long heredoc) says what to do instead."""
    size = len(os.fsencode(command))
    if exc.errno == errno.E2BIG or size > MAX_COMMAND_BYTES:
        return (
            f"the command is too long to run ({size:,} bytes; at most {MAX_COMMAND_BYTES:,}): "
            "write long content with the Write tool, or into a script file you then run"
        )
    return f"the command could not start: {exc.strerror or exc}"


class _Exited(asyncio.subprocess.SubprocessStreamProtocol):
    """The command's output streams, and :attr:`exited`: done when its own process has
    exited (asyncio's ``Process.wait`` waits for the output pipe's end too, which a process
    the command started in a session of its own may hold open for ever)."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        super().__init__(limit=1 << 16, loop=loop)
        self.exited: asyncio.Future[None] = loop.create_future()
        self.transport: asyncio.SubprocessTransport

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.transport = cast(asyncio.SubprocessTransport, transport)

    def process_exited(self) -> None:
        super().process_exited()
        if not self.exited.done():
            self.exited.set_result(None)


async def _collect(
    proc: asyncio.subprocess.Process, exited: _Exited, limit_s: float
) -> tuple[bytes, bool]:
    """The command's output (capped) and whether it timed out; the group is killed then.
    Its output is read until it exits, then for :data:`_DRAIN_SECONDS` more at most
    (:data:`STRAY_NOTE` when a process still held it open). Cancelled, it leaves what it
    read in :data:`CALL_PARTIAL`'s holder."""
    out = _Output()
    reader = asyncio.ensure_future(_read_capped(proc, out))
    try:
        done, _ = await asyncio.wait({exited.exited}, timeout=limit_s)
        timed_out = not done
        kill_group(proc.pid, signal.SIGKILL)
        await exited.exited  # (killed: at once)
    except asyncio.CancelledError:
        kill_group(proc.pid, signal.SIGKILL)
        reader.cancel()
        if (partial := CALL_PARTIAL.get()) is not None:  # what was read, for its caller
            partial.output = _whole_lines(out.bytes().decode("utf-8", errors="replace"))
        raise
    if not (await asyncio.wait({reader}, timeout=_DRAIN_SECONDS))[0]:
        reader.cancel()  # a stray process outside the group still holds the pipe
        out.stray = True
    return out.bytes(), timed_out


def _whole_lines(text: str) -> str:
    """``text`` up to its last line break: the line reading stopped in is left out, as
    it may end in the start of a secret no scrub can recognise cut (``https://u:pass``
    before its ``@host``; a key's first characters)."""
    return text[: text.rfind("\n") + 1]


class _Output:
    """What a command wrote: its first bytes kept, the rest counted."""

    def __init__(self) -> None:
        self.kept = bytearray()
        self.dropped = 0
        #: Whether a process still held the output open when reading stopped.
        self.stray = False

    def bytes(self) -> bytes:
        """The output as the model reads it: cut to :data:`BASH_MAX_OUTPUT_CHARS`, with a
        note of what was cut, and :data:`STRAY_NOTE`."""
        text = bytes(self.kept)
        decoded = text.decode("utf-8", errors="replace")
        if len(decoded) > BASH_MAX_OUTPUT_CHARS or self.dropped:
            cut = len(decoded) - BASH_MAX_OUTPUT_CHARS + self.dropped
            note = f"\n\n[output truncated: about {max(cut, 0):,} more characters cut]"
            text = safe_cut(decoded, BASH_MAX_OUTPUT_CHARS).encode() + note.encode()
        if self.stray:
            text = text.rstrip(b"\n") + f"\n{STRAY_NOTE}\n".encode()
        return text


async def _read_capped(proc: asyncio.subprocess.Process, out: _Output) -> None:
    """Read stdout to the end into ``out``, keeping the first bytes and counting the rest."""
    stream = proc.stdout
    if stream is None:
        return
    keep = _KEEP_BYTES + 4 * secret_span()  # (a secret begun before the cut: read whole)
    while chunk := await stream.read(1 << 16):
        room = keep - len(out.kept)
        out.kept += chunk[:room]
        out.dropped += max(0, len(chunk) - room)
