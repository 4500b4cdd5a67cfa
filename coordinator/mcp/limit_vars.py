"""The environment variables of Claude Code's MCP limits that coord reads, as Claude Code
reads them: ``MAX_MCP_OUTPUT_TOKENS`` (tokens of one tool answer), ``MCP_TIMEOUT`` (a
server's start) and ``MCP_TOOL_TIMEOUT`` (one tool call), both in milliseconds. A value
that is no positive whole number leaves the default in effect (:func:`whole_number`, the
one reading of all three); :func:`limit_problem` is the line a run's warnings give for one
set so (badinput113: it was used in silence). Light: no SDK."""

from __future__ import annotations

#: The token limit of one MCP tool answer, and its default.
TOKENS_VAR = "MAX_MCP_OUTPUT_TOKENS"
DEFAULT_TOKENS = 25_000
#: The user's limits on a server's start and on one tool call (milliseconds).
STARTUP_TIMEOUT_VAR, CALL_TIMEOUT_VAR = "MCP_TIMEOUT", "MCP_TOOL_TIMEOUT"
#: Seconds a server has to start and list its tools (Claude Code's MCP_TIMEOUT default).
STARTUP_TIMEOUT = 30.0
#: Seconds one tool call may take.
CALL_TIMEOUT = 600.0
#: Each variable's default as a warning names it.
_DEFAULTS = {
    TOKENS_VAR: f"{DEFAULT_TOKENS:,} tokens",
    STARTUP_TIMEOUT_VAR: f"{STARTUP_TIMEOUT:g} seconds",
    CALL_TIMEOUT_VAR: f"{CALL_TIMEOUT:g} seconds",
}
#: What each variable counts.
_UNITS = {
    TOKENS_VAR: "tokens",
    STARTUP_TIMEOUT_VAR: "milliseconds",
    CALL_TIMEOUT_VAR: "milliseconds",
}


def whole_number(value: str) -> int:
    """``value`` (spaces around it aside) as a positive whole number, else 0: the variable
    leaves its default in effect."""
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else 0


def limit_problem(name: str, value: str) -> str | None:
    """Why ``value`` set for the limit variable ``name`` changes nothing (it is no positive
    whole number of its unit: coord keeps the default), or None: it is one, ``name`` is no
    limit variable, or the value is empty (unset, as Claude Code reads it)."""
    if name not in _DEFAULTS or not value.strip() or whole_number(value):
        return None
    return (
        f"{value.strip()!r} is not a positive whole number of {_UNITS[name]}: "
        f"coord uses the default, {_DEFAULTS[name]}"
    )
