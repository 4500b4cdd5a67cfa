"""The status vocabularies of sessions, runs, delegations and waits, and the exit-code map.

Each value equals the string stored in the database (a ``StrEnum`` compares equal to its
value), so the schema and the stored rows are unchanged. The store, the engine, rebuild and
the views all name statuses through these enums; no other module spells them.
"""

from __future__ import annotations

from enum import StrEnum

from coordinator.errors import (
    EXIT_COMPLETE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NEEDS_REVIEW,
    EXIT_USER_ERROR,
    EXIT_WAITING,
    UserError,
)


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
    SessionStatus.INTERRUPTED: EXIT_INTERRUPTED,  # resumable: retry later
    SessionStatus.RUNNING: EXIT_FAILED,  # never returned by the engine; a stopped process
}


class NotStarted(StrEnum):
    """What a batch request that started no session shows as its status, by its exit code
    as ``coord run``'s exit codes name them: 4 a user error (no agent fits it: nothing was
    run); any other (its worker process failed) ``failed``, as :class:`SessionStatus`."""

    USER_ERROR = "user_error"


def not_started(exit_code: int) -> str:
    """The status word of a batch request that started no session and exits ``exit_code``."""
    return NotStarted.USER_ERROR if exit_code == EXIT_USER_ERROR else SessionStatus.FAILED


def stopped_json(
    error: str,
    hint: str | None,
    exit_code: int,
    *,
    session: str | None = None,
    status: str | None = None,
    agent: str | None = None,
    fix: str | None = None,
) -> dict[str, object]:
    """A request an error stopped, as ``--json`` gives it: ``coord run``/``resume``'s error
    object and a batch item's alike (review146). ``session``: the one it interrupted, or
    a refused resume's (null: none started); ``status``: that session's, ``interrupted``
    by default, or with no session :func:`not_started`'s word; ``agent``: null when not
    known; ``error`` and ``hint``, as every ``--json`` error has them; ``fix``: what to
    fix before resuming (null: nothing said)."""
    if status is None:
        status = SessionStatus.INTERRUPTED if session is not None else not_started(exit_code)
    return {
        "session": session,
        "status": str(status),
        "agent": agent,
        "error": error,
        "hint": hint,
        "fix": fix,
        "exit_code": exit_code,
    }


def stopped_by(error: UserError) -> dict[str, object]:
    """:func:`stopped_json` of a driving command's ``error``, with the other facts its
    ``fields`` give (a refused resume's ``question``, an interruption's ``resume``), the
    exit code last."""
    given = error.fields

    def said(key: str) -> str | None:
        value = given.get(key)
        return None if value is None else str(value)

    body = stopped_json(
        error.message, error.hint, error.exit_code,
        session=said("session"), status=said("status"), agent=said("agent"), fix=said("fix"),
    )  # fmt: skip
    code = body.pop("exit_code")
    return {**body, **{k: v for k, v in given.items() if k not in body}, "exit_code": code}


class RunStatus(StrEnum):
    """Where one agent run stands. ``blocked``: waiting on a consult or a person."""

    RUNNING = "running"
    BLOCKED = "blocked"
    COMPLETE = "complete"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


class ShownRunStatus(StrEnum):
    """How ``coord log`` shows a run beside its stored :class:`RunStatus`: ``queued``, a
    running run of a session that waits in the workers' queue (no worker has taken it);
    ``forked``, a running run whose Skill call's sub-agent (a ``context: fork`` skill) has
    not ended: it waits on that run, shown below it."""

    QUEUED = "queued"
    FORKED = "forked"


#: Runs the chain still goes through (rebuilt on resume).
UNFINISHED_RUNS = frozenset({RunStatus.RUNNING, RunStatus.BLOCKED})


class DelegationStatus(StrEnum):
    """A blocked run's question: being consulted, waiting for a person, answered, re-asked."""

    CONSULTING = "consulting"
    WAITING = "waiting"
    ANSWERED = "answered"
    RETRIED = "retried"


#: The ``answered_by`` of a question a person answered (else it names the agent that did).
ANSWERED_BY_PERSON = "person"


class WaitReason(StrEnum):
    """Why a chain stopped for a person instead of consulting a specialist."""

    NO_DOMAIN = "no_domain"
    NO_SPECIALIST = "no_specialist"
    #: The question asks for what only a person gives: credentials, an approval, the owner's
    #: decision (``runtime.person``), whatever agents its Domain has.
    FOR_PERSON = "for_person"
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

#: The way on for a session a worker stopped without driving it to an end (its lease's
#: error ends with it: ``pgqueue.CANCELLED``, ``pgqueue.gave_up``; ``coord sessions`` and
#: ``coord log`` add it to any other, :func:`coordinator.store.session_status.stopped_words`).
QUEUES_AGAIN = "coord resume queues it again"

#: What a resume says (and its session's log keeps, in its ``session_resumed`` notes) when
#: ``--allow-bash`` turns Bash on for a session started without it: who widened what, when.
BASH_TURNED_ON = "--allow-bash: agents may run shell commands from this resume on"
#: What the progress says (once a run: the ``bash_off`` event's note) when an agent's Bash
#: call was refused because the session runs without ``--allow-bash``: the agent was told,
#: the user had not been. What to do depends on how the session ends: ``coord log``'s tree
#: says it (``coordinator.store.run_tree.bash_off_said``).
BASH_OFF = (
    "Bash is off for this session (no --allow-bash), so the agent's shell commands are refused"
)
#: What ``coord log``'s tree says of a run's refused Bash calls once the session has
#: finished (nothing resumes it): only a new run can have Bash.
BASH_OFF_FINISHED = (
    "Bash was off for this session (no --allow-bash), so the agent's shell commands were"
    " refused; to let them run, run the request again with `coord run --allow-bash`"
)
#: What ``coord log``'s tree says of a run's refused Bash calls when the session's last
#: resume gave ``--allow-bash`` (:data:`BASH_TURNED_ON`): the advice to give it is stale.
BASH_OFF_UNTIL_RESUMED = (
    "Bash was off for this run until a resume gave --allow-bash, so the agent's shell"
    " commands before it were refused"
)


def resume_command(
    session_id: str,
    status: str,
    *,
    asking: bool,
    question: int | None = None,
    reach: tuple[str, ...] = (),
) -> list[str] | None:
    """The command that continues a session left ``status``, as ``--json`` gives it (an
    argument list a script runs as it is): ``asking``, a person's question waits, whose
    answer the command reads from its standard input (``--context -``: any text, no
    quoting); ``question``, the id of the question it waits on (``--question QID``: the
    command answers that one or nothing, when another job answered it first); ``reach``,
    the flags that name the session's store (``--db``, as the command was given it:
    :func:`~coordinator.runtime.lookup.reach_flags`). None for one with nothing to resume
    (ended, or queued for the workers)."""
    if status not in RESUMABLE:
        return None
    held = ("--question", str(question)) if question is not None else ()
    answer = ("--context", "-") if asking else ()
    return ["coord", "resume", session_id, *reach, *held, *answer]


def resume_hint(
    session_id: str, status: str, *, asking: bool, reach: tuple[str, ...] = ()
) -> str | None:
    """:func:`resume_command` as the text view's line says it (``Answer with: coord resume
    ID --context "..."``, ``Continue with: coord resume ID``, with ``reach`` quoted for a
    shell); None with nothing to resume."""
    if status not in RESUMABLE:
        return None
    command = resume_words(session_id, reach)
    if asking:
        return f'Answer with: {command} --context "..."'
    return f"Continue with: {command}"


def wait_hint(reason: str, session_id: str, reach: tuple[str, ...] = ()) -> str | None:
    """What a session waiting with no question for a person (:data:`ASKS_NOTHING`) needs
    before the command that continues it (``reach``: as :func:`resume_command`'s); None
    for a person's question (its ``Answer with`` line says it)."""
    command = resume_words(session_id, reach)
    if reason == WaitReason.BUDGET:
        return (
            "Raise max_session_cost or max_session_tokens (your config, or --config FILE),"
            f" then continue with: {command}"
        )
    if reason == WaitReason.TOOL_DEFERRED:
        return f"It has not run; a resume asks the PreToolUse hooks about it again: {command}"
    return None


def waiting_for(
    reason: str, detail: str, session_id: str, reach: tuple[str, ...] = ()
) -> dict[str, str | None] | None:
    """``waiting_for`` in ``--json``: what a session that asks a person nothing waits for
    (``waiting_reason``, a WaitReason: ``budget``, ``tool_deferred``), in words (``reason``:
    the budget reached, the hook's decision) and what to do (``hint``:
    :func:`wait_hint`); None for any other."""
    if reason not in ASKS_NOTHING:
        return None
    hint = wait_hint(reason, session_id, reach)
    return {"waiting_reason": str(reason), "reason": detail, "hint": hint}


def resume_words(session_id: str, reach: tuple[str, ...] = ()) -> str:
    """``coord resume ID`` as a shell takes it, with ``reach`` (``--db FILE``) quoted."""
    if not reach:
        return f"coord resume {session_id}"
    from shlex import join

    return f"coord resume {session_id} {join(reach)}"


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
    #: (not a command's) A worktree run's file its merge brought back (``file_changes``).
    MERGED = "merged"


#: Tools whose successful calls change a workspace file (named by their ``file_path`` input).
FILE_CHANGING_TOOLS = ("Write", "Edit")
#: The tool that runs a shell command (``coord log --json``'s ``commands``).
BASH_TOOL = "Bash"


def written_change(result: str) -> FileChange | None:
    """What a Write or Edit that succeeded did to its file, by its ``result`` (a Write's
    first word, :class:`WriteOutcome`): created, else updated; None for a Write of what
    the file held (no change)."""
    if result.startswith(f"{WriteOutcome.UNCHANGED} '"):
        return None
    return (
        FileChange.CREATED if result.startswith(f"{WriteOutcome.CREATED} '") else FileChange.UPDATED
    )


class MergeStatus(StrEnum):
    """How a worktree run's changes came back (the ``worktree_merge`` event's ``status``)."""

    MERGED = "merged"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    KEPT = "kept"  # the run failed: not merged, the branch is left for a person


#: A worktree merge's ``reason`` when the run's changed files were past the commit limit
#: (the ``worktree_max_commit_mb`` setting): nothing committed, the worktree kept.
TOO_BIG = "the run's files to commit are larger than coord commits"
#: Before the kept worktree's path in such a ``reason``.
_LEFT_IN = "; left uncommitted in "


def too_big_detail(mb: int, path: str) -> str:
    """The ``reason`` of a run whose changed files were past ``mb`` MB, kept at ``path``."""
    return f"{TOO_BIG} ({mb} MiB: the worktree_max_commit_mb setting){_LEFT_IN}{path}"


def left_uncommitted(detail: str) -> bool:
    """Whether a merge with ``detail`` found the run's files too large to commit: they are
    left in its worktree, which is kept (:func:`too_big_detail`)."""
    return detail.startswith(TOO_BIG)


def uncommitted_advice(detail: str, branch: str) -> str:
    """How a person finishes a run left uncommitted (``detail``: :func:`too_big_detail`;
    review145: ``coord log`` advised ``git diff HEAD...BRANCH``, empty, and ``git branch
    -D``, which git refuses while the kept worktree has the branch)."""
    import shlex

    path = shlex.quote(detail.rpartition(_LEFT_IN)[2])
    return (
        f"to finish, read and commit what you keep there (`git -C {path} add -A && git -C "
        f"{path} commit`), then `git merge {branch}` and `git worktree remove {path}` (or "
        f"raise worktree_max_commit_mb for later runs)"
    )
