"""Bash: run a shell command in the workspace, only when the user allowed it.

The command runs with the workspace root as its working directory, a timeout, and an
environment stripped of credentials (``ANTHROPIC_API_KEY``, ``ANTHROPIC_AUTH_TOKEN`` and any
variable whose name looks like a key, token, secret or password). This is not a sandbox:
an allowed command can still reach outside the workspace, which is why Bash is off by default.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections.abc import Mapping

from coordinator.tools.base import CALL_ENV, JSON, ToolContext, ToolError, ToolResult
from coordinator.tools.workspace import cap_text

#: Output (stdout and stderr together) is cut to this many characters.
BASH_MAX_OUTPUT_CHARS = 30_000
#: The model may ask for at most this timeout, in milliseconds (as in Claude Code).
BASH_MAX_TIMEOUT_MS = 600_000

#: Variable names treated as credentials: *KEY*, *TOKEN*, *SECRET*, *PASSWORD*, *CREDENTIAL*
#: as a whole ``_``-separated word (``API_KEY``, ``GITHUB_TOKEN``, ``AWS_SECRET_ACCESS_KEY``).
_SECRET_NAME = re.compile(
    r"(^|_)(API_?KEY|KEYS?|TOKENS?|SECRETS?|PASSWORD|PASSWD|CREDENTIALS?)($|_)|SECRET|TOKEN",
    re.IGNORECASE,
)

DISABLED_MESSAGE = (
    "Bash is disabled in this session: the user has not allowed shell commands. Use Read, "
    "Glob, Grep, Edit and Write instead, or say in your report which command you would run "
    "and why (the user can enable Bash with --allow-bash or `allow_bash: true` in config)."
)


def scrubbed_env(base: Mapping[str, str], extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` updated with ``extra``, minus every variable that looks like a credential."""
    env = {**base, **(extra or {})}
    return {k: v for k, v in env.items() if not _SECRET_NAME.search(k)}


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
        """Run the command; ToolError when Bash is not allowed."""
        if not ctx.allow_bash:
            raise ToolError(DISABLED_MESSAGE)
        timeout = ctx.bash_timeout
        if args.get("timeout") is not None:
            timeout = min(int(args["timeout"]), BASH_MAX_TIMEOUT_MS) / 1000
        proc = await asyncio.create_subprocess_shell(
            args["command"],
            cwd=ctx.root,
            env=scrubbed_env(os.environ, {**ctx.env, **(CALL_ENV.get() or {})}),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), timeout)
        except TimeoutError:
            _kill_group(proc.pid)
            await proc.wait()
            raise ToolError(f"command timed out after {timeout:g} s and was killed") from None
        except asyncio.CancelledError:
            _kill_group(proc.pid)
            raise
        text = cap_text(out.decode("utf-8", errors="replace"), BASH_MAX_OUTPUT_CHARS)
        code = proc.returncode
        if code:
            return ToolResult(f"{text.rstrip()}\n[exit code {code}]".lstrip("\n"), is_error=True)
        return ToolResult(text if text.strip() else "(no output)")


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
