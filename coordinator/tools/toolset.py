"""The set of tools one agent gets, and the one place tool calls are executed.

:func:`build_toolset` applies the agent's ``tools`` / ``disallowedTools`` frontmatter the way
Claude Code does: ``tools`` missing (None) means every tool; names this runtime does not
have (MCP tools, ``WebSearch``, ``Task``...) are ignored. Bash is always *offered* when the
agent may use it, and refused at execution with a message telling the model shell commands
are disabled unless the user allowed them (``ToolContext.allow_bash``), as Claude Code does
when a permission is denied.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import replace

from coordinator.tools.base import (
    JSON,
    TOOL_NAMES,
    Tool,
    ToolContext,
    ToolError,
    ToolRefusal,
    ToolResult,
    names_whole_tool,
    tool_base_name,
)
from coordinator.tools.files import EditTool, GlobTool, ReadTool, WriteTool
from coordinator.tools.search import GrepTool
from coordinator.tools.shell import BashTool
from coordinator.tools.workspace import MAX_OUTPUT_CHARS, cap_text

#: A hard cap on any single result, whatever the tool (tools cap themselves more tightly).
RESULT_MAX_CHARS = 2 * MAX_OUTPUT_CHARS + 20_000
#: What a result cut at :data:`RESULT_MAX_CHARS` says of the rest.
RESULT_REST = (
    "Ask for less to see the rest: Read a file with offset and limit, Grep with a narrower "
    "pattern, path or glob (or head_limit), a command's output narrowed (head, tail, grep)."
)

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def all_tools() -> list[Tool]:
    """A fresh instance of every implemented tool."""
    return [ReadTool(), WriteTool(), EditTool(), GlobTool(), GrepTool(), BashTool()]


class Toolset:
    """The tools one agent may call: their schemas for the model, and execution."""

    def __init__(self, tools: Iterable[Tool]):
        self._tools: dict[str, Tool] = {t.name: t for t in tools}
        self._schemas: list[JSON] | None = None

    @property
    def names(self) -> list[str]:
        """Tool names in the order offered."""
        return list(self._tools)

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def get(self, name: str) -> Tool | None:
        """The tool called ``name``, or None."""
        return self._tools.get(name)

    def __len__(self) -> int:
        return len(self._tools)

    def schemas(self) -> list[JSON]:
        """Anthropic tool definitions (name, description, input_schema).

        Built (and deep-copied from the tools) once per toolset, then the same list on every
        call: callers read it and never mutate it (the provider copies what it changes).
        """
        if self._schemas is None:
            self._schemas = [
                {
                    "name": t.name,
                    "description": t.description,
                    "input_schema": copy.deepcopy(t.input_schema),
                }
                for t in self._tools.values()
            ]
        return self._schemas

    async def execute(self, name: str, args: object, ctx: ToolContext) -> ToolResult:
        """Run tool ``name``. Unknown tools, invalid input and ToolError become error results
        the model can act on; any other exception is a bug and propagates."""
        tool = self._tools.get(name)
        if tool is None:
            offered = ", ".join(self._tools) or "none"
            return ToolResult(
                f"Error: no tool named '{name}' is available to you. Available tools: {offered}.",
                is_error=True,
            )
        if not isinstance(args, dict):
            return ToolResult(f"Error: {name} input must be a JSON object", is_error=True)
        problem = validate_input(tool.input_schema, args)
        if problem:
            return ToolResult(f"Error: invalid input for {name}: {problem}", is_error=True)
        most = result_max_chars(tool)
        try:
            result = await tool.run(args, ctx)
        except ToolRefusal as exc:  # (an error may quote its input, a file, a hook: bounded)
            said = cap_text(f"Error: {exc}", most, what="error")
            return ToolResult(said, is_error=True, refused=exc.refusal)
        except ToolError as exc:
            return ToolResult(cap_text(f"Error: {exc}", most, what="error"), is_error=True)
        if len(result.content) > most:  # (what Bash found kept: replace)
            return replace(result, content=cap_text(result.content, most, rest=RESULT_REST))
        return result


def result_max_chars(tool: Tool) -> int:
    """The most characters a result of ``tool`` may have: :data:`RESULT_MAX_CHARS`, or a
    tool's own ``result_max_chars`` when it bounds its results itself (an MCP tool: Claude
    Code's limits, :mod:`coordinator.mcp.output_limit`)."""
    own = getattr(tool, "result_max_chars", None)
    return own if isinstance(own, int) and own > 0 else RESULT_MAX_CHARS


def validate_input(schema: JSON, args: JSON) -> str | None:
    """Check ``args`` against the subset of JSON Schema our tools use; a message or None."""
    props: JSON = schema.get("properties", {})
    missing = [k for k in schema.get("required", []) if k not in args]
    if missing:
        return f"missing required parameter{'s' if len(missing) > 1 else ''} " + ", ".join(
            f"'{k}'" for k in missing
        )
    if schema.get("additionalProperties") is False:
        extra = [k for k in args if k not in props]
        if extra:
            return f"unknown parameter '{extra[0]}' (accepted: {', '.join(props)})"
    for key, value in args.items():
        spec = props.get(key)
        if spec is None or (value is None and key not in schema.get("required", [])):
            continue
        problem = _check_value(key, spec, value)
        if problem:
            return problem
    return None


def _check_value(key: str, spec: JSON, value: object) -> str | None:
    kind = spec.get("type")
    allowed = _TYPES.get(kind, (object,)) if isinstance(kind, str) else (object,)
    if not isinstance(value, allowed) or (
        kind in ("integer", "number") and isinstance(value, bool)
    ):
        return f"'{key}' must be {'an' if kind == 'integer' else 'a'} {kind}"
    if "enum" in spec and value not in spec["enum"]:
        return f"'{key}' must be one of {', '.join(map(str, spec['enum']))}"
    if "minimum" in spec and isinstance(value, int | float) and value < spec["minimum"]:
        return f"'{key}' must be at least {spec['minimum']}"
    return None


def build_toolset(
    tools: Sequence[str] | None, disallowed: Sequence[str] = (), extra: Iterable[Tool] = ()
) -> Toolset:
    """The toolset for an agent given its ``tools`` and ``disallowedTools`` frontmatter,
    then the tools of ``extra`` (the Skill tool, which the caller decided on).

    ``tools=None`` means every tool. Unknown names are ignored. A ``disallowedTools`` entry
    with a specifier (``Bash(rm:*)``) leaves the tool: it refuses the calls it matches
    (:mod:`coordinator.runtime.agent_rules`). Bash is offered whenever the agent's lists
    permit it and is refused at execution unless ``ToolContext.allow_bash`` is true (see
    the module docstring).
    """
    wanted = set(TOOL_NAMES) if tools is None else {tool_base_name(t) for t in tools}
    denied = {tool_base_name(t) for t in disallowed if names_whole_tool(t)}
    built = [t for t in all_tools() if t.name in wanted and t.name not in denied]
    return Toolset([*built, *extra])
