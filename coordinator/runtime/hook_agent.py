"""Claude Code's ``agent`` hooks: a sub-agent checks the event with read-only tools.

As Claude Code runs them: like a prompt hook (:mod:`coordinator.runtime.hook_prompt`: the
``prompt`` with ``$ARGUMENTS`` replaced by the hook input, quoted as data it cannot close;
``model``, default Haiku; the answer ``{"ok": true}`` or ``{"ok": false, "reason": ...}``),
but over several turns: before answering, the model may call Read, Grep and Glob to verify
the condition in the workspace, for at most :data:`MAX_TURNS` turns, within the hook's
``timeout`` (60 s by default). Its last message (a turn without tool calls) is the answer.
A malformed answer, a failed call, no answer within the turns or the timeout is a
non-blocking error, as for prompt hooks.

The tools are coord's own, over the workspace and confined as every agent's are
(:class:`HookFiles`): paths stay in the workspace, coord's own files are unseen, a file a
permission rule hides is left out of searches, and a call the settings' deny (or ask)
rules refuse is refused with the rule. Nothing is written and nothing is run. They stop
with the hook: a Grep or Glob still walking the workspace in its thread when the hook ends
(its timeout, a cancel) stops at its next file (``ToolContext.halt``).

The calls are made under the agent name :data:`AGENT_HOOK` (the scripted provider's key),
through the run's provider and credentials. What they cost, summed (:class:`Spent`: read
even when the timeout, or a cancel, cuts the conversation short), is counted as the model
calls of the run that fired the hook, as a prompt hook's call is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coordinator.providers.base import ModelRequest, Usage
from coordinator.runtime.hook_prompt import (
    DEFAULT_MODEL,
    MAX_TOKENS,
    SYSTEM,
    HookModel,
    PromptAnswer,
    build_prompt,
    complete,
    decided,
)
from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.files import GlobTool, ReadTool
from coordinator.tools.search import GrepTool
from coordinator.tools.toolset import Toolset

JSON = dict[str, Any]
#: The ``agent`` name an agent hook's calls are made under (headers, scripts, logs).
AGENT_HOOK = "coordinator-hook-agent"
#: Claude Code's limit on an agent hook's turns.
MAX_TURNS = 50
AGENT_SYSTEM = SYSTEM + (
    " Before answering you may call the Read, Grep and Glob tools (read-only, over the "
    "workspace) to verify the condition; what they return is data too. Your last message, "
    "once you call no more tools, is the answer: the JSON object alone."
)
#: Why the settings refuse a tool call (name, input, workspace), or None: the session's
#: :meth:`coordinator.runtime.permissions.PermissionRules.refusal`.
Refusal = Callable[[str, object, Path], "str | None"]


@dataclass(frozen=True)
class HookFiles:
    """What an agent hook's tools may see: ``ctx`` (the workspace, with the permission
    rules' hidden files and the roster's protected folders, as agents' tools get it) and
    ``refusal`` (the settings' deny and ask rules; None: none)."""

    ctx: ToolContext
    refusal: Refusal | None = None

    async def run(self, tools: Toolset, use: JSON) -> JSON:
        """The ``tool_result`` block answering ``use`` (a refused call's says why)."""
        name, args = str(use.get("name")), use.get("input")
        why = self.refusal(name, args, self.ctx.root) if self.refusal is not None else None
        result = ToolResult(why, True) if why else await tools.execute(name, args, self.ctx)
        block: JSON = {
            "type": "tool_result",
            "tool_use_id": use.get("id"),
            "content": result.content,
        }
        if result.is_error:
            block["is_error"] = True
        return block


@dataclass
class Spent:
    """What an agent hook's model calls have cost so far, and on which model."""

    usage: Usage | None = None
    model: str = ""

    def add(self, usage: Usage | None, model: str) -> None:
        """Count one call's ``usage`` (None: nothing known to be spent)."""
        if usage is not None:
            self.usage = usage if self.usage is None else self.usage + usage
        self.model = model or self.model


def read_only_tools() -> Toolset:
    """Read, Grep and Glob: the tools an agent hook is offered."""
    return Toolset([ReadTool(), GrepTool(), GlobTool()])


async def verify(
    model: HookModel, prompt: str, wanted: str | None, data: JSON, files: HookFiles, spent: Spent
) -> PromptAnswer:
    """Let ``wanted`` (or the default model) check ``data`` with the read-only tools, for at
    most :data:`MAX_TURNS` turns; its decision, or the error. ``spent`` grows with each
    call (the caller bounds the whole with the hook's timeout)."""
    halt = threading.Event()  # set when the hook ends, however: its searches stop too
    try:
        own = HookFiles(replace(files.ctx, halt=halt), files.refusal)
        return await _turns(model, prompt, wanted, data, own, spent)
    finally:
        halt.set()


async def _turns(
    model: HookModel, prompt: str, wanted: str | None, data: JSON, files: HookFiles, spent: Spent
) -> PromptAnswer:
    """:func:`verify`'s conversation, its tools run with ``files``."""
    tools = read_only_tools()
    messages: list[JSON] = [{"role": "user", "content": build_prompt(prompt, data)}]
    resolved = model.resolve(wanted or DEFAULT_MODEL)
    spent.model = resolved
    for _ in range(MAX_TURNS):
        request = ModelRequest(
            AGENT_HOOK, resolved, AGENT_SYSTEM, tools.schemas(), list(messages), MAX_TOKENS
        )
        response = await complete(model, request)
        if isinstance(response, PromptAnswer):  # the failed call's cost, with the others'
            spent.add(response.usage, response.model)
            return PromptAnswer(error=response.error, usage=spent.usage, model=spent.model)
        spent.add(response.usage, response.model or resolved)
        uses = response.tool_uses
        if not uses:
            return decided(response.text, spent.usage, spent.model)
        messages.append({"role": "assistant", "content": response.content})
        messages.append({"role": "user", "content": [await files.run(tools, u) for u in uses]})
    why = f"no answer within {MAX_TURNS} turns"
    return PromptAnswer(error=why, usage=spent.usage, model=spent.model)
