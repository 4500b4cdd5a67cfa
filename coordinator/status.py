"""The status vocabularies of sessions, runs, delegations and waits, and the exit-code map.

Each value equals the string stored in the database (a ``StrEnum`` compares equal to its
value), so the schema and the stored rows are unchanged. The store, the engine, rebuild and
the views all name statuses through these enums; no other module spells them.
"""

from __future__ import annotations

from enum import StrEnum

from coordinator.errors import EXIT_COMPLETE, EXIT_FAILED, EXIT_NEEDS_REVIEW, EXIT_WAITING


class SessionStatus(StrEnum):
    """Where a session stands."""

    RUNNING = "running"
    COMPLETE = "complete"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"
    WAITING = "waiting"  # for a person (or a raised budget)
    INTERRUPTED = "interrupted"  # stopped on a transient failure; resumable

    @property
    def finished(self) -> bool:
        """True when nothing is left to resume."""
        return self in FINISHED

    @property
    def exit_code(self) -> int:
        """The documented process exit code of a command that ends in this status."""
        return EXIT_CODES[self]


def as_stored(text: str) -> str:
    """A session status as a user may type it, spelt as stored: as coord shows it too
    (``needs review``), with a hyphen, in capitals (``Needs-Review`` -> ``needs_review``)."""
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


FINISHED = frozenset({SessionStatus.COMPLETE, SessionStatus.NEEDS_REVIEW, SessionStatus.FAILED})
#: Finished sessions a pending rewake wakes on ``coord resume`` (a failed one stays failed).
WAKEABLE = frozenset({SessionStatus.COMPLETE, SessionStatus.NEEDS_REVIEW})

EXIT_CODES: dict[SessionStatus, int] = {
    SessionStatus.COMPLETE: EXIT_COMPLETE,
    SessionStatus.NEEDS_REVIEW: EXIT_NEEDS_REVIEW,
    SessionStatus.WAITING: EXIT_WAITING,
    SessionStatus.FAILED: EXIT_FAILED,
    SessionStatus.INTERRUPTED: EXIT_FAILED,
    SessionStatus.RUNNING: EXIT_FAILED,  # never returned by the engine; a stopped process
}


class RunStatus(StrEnum):
    """Where one agent run stands. ``blocked``: waiting on a consult or a person."""

    RUNNING = "running"
    BLOCKED = "blocked"
    COMPLETE = "complete"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


#: Runs the chain still goes through (rebuilt on resume).
UNFINISHED_RUNS = frozenset({RunStatus.RUNNING, RunStatus.BLOCKED})


class DelegationStatus(StrEnum):
    """A blocked run's question: being consulted, waiting for a person, answered, re-asked."""

    CONSULTING = "consulting"
    WAITING = "waiting"
    ANSWERED = "answered"
    RETRIED = "retried"


class WaitReason(StrEnum):
    """Why a chain stopped for a person instead of consulting a specialist."""

    NO_DOMAIN = "no_domain"
    NO_SPECIALIST = "no_specialist"
    CYCLE = "cycle"
    DEPTH = "depth"
    BUDGET = "budget"
    CONSULT_FAILED = "consult_failed"
    #: A PreToolUse hook deferred the run's tool call (Claude Code's ``defer``).
    TOOL_DEFERRED = "tool_deferred"


#: Waits that ask a person nothing: a raised budget, a hook's decision on a held tool call
#: (``coord resume ID`` alone continues them; an answer is refused).
ASKS_NOTHING = frozenset({WaitReason.BUDGET, WaitReason.TOOL_DEFERRED})
#: Sessions ``coord resume`` continues.
RESUMABLE = frozenset({SessionStatus.WAITING, SessionStatus.INTERRUPTED})


def resume_command(session_id: str, status: str, *, asking: bool) -> list[str] | None:
    """The command that continues a session left ``status``, as ``--json`` gives it (an
    argument list a script runs as it is): ``asking``, a person's question waits, whose
    answer the command reads from its standard input (``--context -``: any text, no
    quoting); None for one with nothing to resume (ended, or queued for the workers)."""
    if status not in RESUMABLE:
        return None
    return ["coord", "resume", session_id, *(("--context", "-") if asking else ())]


def resume_hint(session_id: str, status: str, *, asking: bool) -> str | None:
    """:func:`resume_command` as the text view's line says it (``Answer with: coord resume
    ID --context "..."``, ``Continue with: coord resume ID``); None with nothing to resume."""
    if status not in RESUMABLE:
        return None
    if asking:
        return f'Answer with: coord resume {session_id} --context "..."'
    return f"Continue with: coord resume {session_id}"


class WriteOutcome(StrEnum):
    """The first word of a Write tool's result: what it did to the file. A write of what
    the file held already is no change (``coord run`` lists no such file)."""

    CREATED = "Created"
    UPDATED = "Updated"
    UNCHANGED = "Unchanged"


class FileChange(StrEnum):
    """What a Bash command did to a workspace file (``coord log``'s ``bash_files``)."""

    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


class MergeStatus(StrEnum):
    """How a worktree run's changes came back (the ``worktree_merge`` event's ``status``)."""

    MERGED = "merged"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    KEPT = "kept"  # the run failed: not merged, the branch is left for a person
