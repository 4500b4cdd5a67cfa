"""``background: true``: a ``coord run`` whose routed agent asks to run in the background.

Claude Code starts such a sub-agent as a background task. ``coord run`` does the nearest
thing a CLI can: it routes the request (lexically, or to ``--agent``), and when that agent
says ``background: true`` it starts the same run as a detached process (its own session,
stdin closed, output to ``WORKSPACE/.coordinator/background/<pid>.log``) with the same
arguments and ``--foreground`` (the agent fixed, or, chosen by the lexical router, routed
again there: its session records the decision), prints the process id and the session's
(chosen here, handed to the child: ``coord log -f ID`` follows it, waiting for the child to
store it: :mod:`coordinator.runtime.background`) and returns at once. The session shows in
``coord sessions`` like any other once the child has stored it.
``--foreground`` (and ``--json``, ``--batch``) keep a run in the foreground.

``coord run --batch FILE --detach``: every request of the batch routed and queued for the
``coord worker``s of a shared PostgreSQL store, each a detached session of its own
(:func:`queue_tasks`); a request that cannot be queued (no agent fits, a hook refuses it)
does not stop the others; what the sessions queued wait for is said once (:class:`QueuedBatch`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.errors import EXIT_COMPLETE, EXIT_FAILED, EXIT_USER_ERROR, UserError
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.runtime.background import open_folder, record
from coordinator.runtime.denied_agents import Refused, past_refused
from coordinator.status import SessionStatus
from coordinator.store.paths import BACKGROUND_DIR

if TYPE_CHECKING:
    from coordinator.runtime.batch import BatchTask
    from coordinator.runtime.drive import DriveSetup
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.options import SessionOptions


#: Hands a background run the session id its ``coord run`` chose, so that one can name the
#: session at once; the child takes it out of its environment before it starts anything.
SESSION_ENV = "COORD_BACKGROUND_SESSION"


def background_agent(
    registry: Registry, request: str, agent: str | None, refused: Refused | None = None
) -> str | None:
    """The agent ``request`` goes to (``agent``, else routed: past an agent ``refused``
    names a rule for) when it has ``background: true``; None otherwise."""
    name = agent
    if name is None:
        decision = route(request, registry)
        if refused is not None:
            decision = past_refused(request, registry, decision, refused)
        name = decision.agent
    if name is None or name not in registry:
        return None
    return name if registry.get(name).extra.get("background") is True else None


def start_detached(argv: list[str], workspace: Path) -> tuple[int, Path, str]:
    """Start ``coord ARGV`` as a detached process (in this working directory, so relative
    paths and the project's ``.claude/`` mean the same); its pid, log file and the id of the
    session it stores (chosen here, handed on in :data:`SESSION_ENV`). Python runs
    it with ``-P``: ``-m`` would put that folder, often the workspace, first on
    ``sys.path``, and a module an agent wrote there (``yaml.py``) would be imported by
    coord, outside the sandbox and with the API key."""
    from coordinator.store.db import new_session_id

    session_id = new_session_id()
    folder = open_folder(workspace)  # a link a command made there: refused, not followed
    try:
        starting = f"starting-{uuid.uuid4().hex}.log"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with os.fdopen(os.open(starting, flags, 0o600, dir_fd=folder), "ab") as out:
            proc = subprocess.Popen(
                [sys.executable, "-P", "-m", "coordinator", *argv],
                cwd=Path.cwd(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, SESSION_ENV: session_id},
            )
        final = workspace / BACKGROUND_DIR / f"{proc.pid}.log"
        # the child keeps writing to the same open file
        os.rename(starting, final.name, src_dir_fd=folder, dst_dir_fd=folder)
        record(workspace, session_id, proc.pid, final)  # `coord log -f ID` waits for it
    finally:
        os.close(folder)
    return proc.pid, final, session_id


def handed_session_id() -> str | None:
    """The session id a background run was handed (:data:`SESSION_ENV`; None when it was
    not, or is not an id), taken out of the environment: no process it starts inherits it."""
    given = os.environ.pop(SESSION_ENV, None)
    return given if given is not None and re.fullmatch(r"[0-9a-f]{12}", given) else None


@dataclass(frozen=True)
class Queued:
    """One request of a detached batch: its session and agent, or why it was not queued
    (``error``, with the exit code it counts for)."""

    index: int
    task: BatchTask
    session_id: str | None = None
    agent: str | None = None
    error: str | None = None
    exit_code: int = EXIT_COMPLETE

    @property
    def queued(self) -> bool:
        return self.error is None

    def line(self) -> str:
        """``SESSION AGENT`` when queued, ``- not queued: WHY`` (on one line) otherwise."""
        if self.error is None:
            return f"{self.session_id} {self.agent}"
        return "- not queued: " + " ".join(self.error.split())

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "request": self.task.request,
            "queued": self.queued,
            "session": self.session_id,
            "agent": self.agent,
            "error": self.error,
        }


async def queue_tasks(
    engine: Engine, tasks: Sequence[BatchTask], *, options: SessionOptions | None = None
) -> list[Queued]:
    """Route each task and queue it as a detached session (one transaction each), in the
    tasks' order; a task that cannot be queued is reported and the others still are."""
    items = []
    for index, task in enumerate(tasks):
        try:
            result = await engine.start(
                task.request, agent=task.agent, options=options, detach=True
            )
        except UserError as exc:  # no agent fits, an unknown --agent, the store refused it
            items.append(Queued(index, task, error=exc.message, exit_code=exc.exit_code))
            continue
        if result.status == SessionStatus.RUNNING:
            items.append(Queued(index, task, result.session_id, result.agent))
        else:  # a UserPromptSubmit hook refused the request: the session failed at once
            why = result.reason or str(result.status)
            items.append(Queued(index, task, result.session_id, result.agent, why, EXIT_FAILED))
    return items


def queued_exit_code(items: Sequence[Queued]) -> int:
    """0 when every request was queued; else the most severe code of those that were not
    (4: a user error such as no agent fits, before 1: refused by a hook)."""
    codes = {item.exit_code for item in items}
    for code in (EXIT_USER_ERROR, EXIT_FAILED):
        if code in codes:
            return code
    return max(codes, default=EXIT_COMPLETE)


@dataclass(frozen=True)
class QueuedBatch:
    """A detached batch: each request's line (:class:`Queued`), and what the sessions
    queued wait for (``note``, as ``coord run --detach`` says it of one: whether a live
    worker's root holds the workspace, the command that drives them; "" when none was)."""

    items: list[Queued]
    note: str

    @property
    def exit_code(self) -> int:
        """:func:`queued_exit_code` of its items."""
        return queued_exit_code(self.items)


def queue_batch(setup: DriveSetup, tasks: list[BatchTask], options: SessionOptions) -> QueuedBatch:
    """``coord run --batch FILE --detach``: every task of the file (:func:`~coordinator.
    runtime.batch.load_tasks`) routed, unless it names its agent, and queued for the
    workers (:func:`queue_tasks`), over the store the settings name; with one note for the
    sessions queued (:meth:`~coordinator.store.db.Store.queued_note`)."""
    import asyncio

    from coordinator.runtime.drive import closing_provider, driving, engine_for, no_tracing

    with driving(setup, no_tracing) as d:
        engine = engine_for(d.store, d.provider, None, setup, d.extras)
        work = queue_tasks(engine, tasks, options=options)
        items = asyncio.run(closing_provider(d.provider, work))
        queued = [item.session_id for item in items if item.queued and item.session_id]
        note = d.store.queued_note(queued[0], resumed=False, also=len(queued) - 1) if queued else ""
        return QueuedBatch(items, note)
