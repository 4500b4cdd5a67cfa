"""The kinds of the engine's events, as the event log stores them.

Each member equals the string stored in the ``events`` table's ``kind`` column (a
``StrEnum`` compares equal to its value, and JSON and SQL see the string), so stored logs
read as before. Each event class in :mod:`coordinator.events` names its kind here; the
store and the views compare with these members and spell no kind themselves. A module of
its own (no imports): the reading commands (``coord log``, ``sessions``, ``stats``) name
kinds without loading the event classes.
"""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """The stored name of each event kind (docs/log-json.md lists every one)."""

    ROUTED = "routed"
    RUN_STARTED = "run_started"
    QUEUED = "queued"
    MODEL_CALL = "model_call"
    TOOL_CALL = "tool_call"
    TOOL_RESULT = "tool_result"
    TOOL_REFUSED = "tool_refused"
    HOOK = "hook"
    HOOK_REWAKE = "hook_rewake"
    HOOK_REWAKE_DELIVERED = "hook_rewake_delivered"
    HOOKS_OWED = "hooks_owed"
    HOOKS_FIRED = "hooks_fired"
    REPORT = "report"
    BLOCKED = "blocked"
    CONSULT_STARTED = "consult_started"
    SKILL_FORKED = "skill_forked"
    SKILL_INVOKED = "skill_invoked"
    SKILL_COMMAND = "skill_command"
    SKILL_FORK_DONE = "skill_fork_done"
    CONSULT_DONE = "consult_done"
    RESUMED = "resumed"
    RUN_ENDED = "run_ended"
    COMPLETED = "completed"
    FAILED = "failed"
    WAITING = "waiting"
    INTERRUPTED = "interrupted"
    SESSION_RESUMED = "session_resumed"
    ANSWER_REFUSED = "answer_refused"
    MCP_SERVERS = "mcp_servers"
    WORKTREE = "worktree"
    WORKTREE_MADE = "worktree_made"
    WORKTREE_MERGE = "worktree_merge"
    PROGRAM_HIDDEN = "program_hidden"
    BASH_CHANGED = "bash_changed"
    BASH_OFF = "bash_off"
    ISOLATION_SKIPPED = "isolation_skipped"
    STEP_ENDED = "step_ended"
