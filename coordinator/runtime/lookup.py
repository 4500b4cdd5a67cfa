"""Where a command finds sessions, and which ones ``coord sessions`` lists.

A shared PostgreSQL store (``--db``, ``db:``, ``COORD_DB``) holds every session itself;
otherwise sessions live in each workspace's SQLite file and the user-level index says where
(:mod:`coordinator.store.databases`, :mod:`coordinator.store.listing`). Light: the store
and its read model load on use, so the reading commands (``sessions``, ``log``) keep their
fast start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.clip import counted
from coordinator.errors import EXIT_OTHER_QUESTION, UserError, below_bound, nearest_word

if TYPE_CHECKING:
    from coordinator.config import Settings
    from coordinator.runtime.state import SessionResult
    from coordinator.store.db import SessionQuery, SessionRow, Store
    from coordinator.store.listing import Page, SessionLine
    from coordinator.store.rows import RunRow
    from coordinator.store.run_tree import JSON
    from coordinator.store.spend import StatsRow
    from protocols import AgentReport


#: What to do when the workspace of a command that reads its sessions does not exist:
#: creating it (``coord run``'s hint) would only give a folder with none.
FIND_SESSIONS_HINT = (
    "Check the path given to --workspace (`coord sessions` lists every workspace's "
    "sessions; `coord log ID` finds one from any folder)."
)


def existing_folder(workspace: Path, *, reads_sessions: bool = False) -> Path:
    """``workspace`` resolved, when it is a folder; else a UserError saying whether it does
    not exist (a typo, a project not cloned yet) or is a file, and what to pass instead:
    for a command that ``reads_sessions`` there (log, sessions, stats, resume), not to
    create it (a new folder holds no session) but where its sessions are listed."""
    import stat
    from shlex import quote

    try:
        ws = workspace.resolve()
    except RuntimeError:  # a link loop (Python 3.11 says so here; later ones at the stat)
        ws = workspace.absolute()
    try:
        if stat.S_ISDIR(ws.stat().st_mode):
            return ws
        found = True
    except (FileNotFoundError, NotADirectoryError):
        found = False
    except OSError as exc:  # a link loop, a folder on the way it may not search
        raise UserError(
            f"workspace {ws}: {exc.strerror or exc}", hint="Pass a folder with --workspace."
        ) from None
    if not found:
        made = f"mkdir -p {quote(str(ws))}"
        hint = f"Pass an existing folder with --workspace (or create it first: {made})."
        raise UserError(
            f"workspace {ws} does not exist", hint=FIND_SESSIONS_HINT if reads_sessions else hint
        )
    raise UserError(f"workspace {ws} is not a folder", hint="Pass a folder with --workspace.")


def _settings(workspace: Path | None, db: str | None, config: Path | None) -> Settings:
    """The settings a command reading sessions uses; a ``--workspace`` that is not a
    folder is said so (as ``coord run`` does), not "no session database" in it."""
    from coordinator.config import load_settings

    ws = Path.cwd().resolve()
    if workspace is not None:
        ws = existing_folder(workspace, reads_sessions=True)
    return load_settings(ws, config, {"db": db})


def shared_store(workspace: Path | None, db: str | None, config: Path | None) -> Store | None:
    """The shared PostgreSQL store the settings name (``--db``, ``db:``, ``COORD_DB``),
    opened; None when sessions live in a workspace's SQLite file."""
    settings = _settings(workspace, db, config)
    if not isinstance(settings.db, str):
        return None
    from coordinator.store.backends import open_store

    return open_store(settings, (workspace or Path.cwd()).resolve(), create=False)


def local_db(workspace: Path | None, db: str | None, config: Path | None) -> tuple[Path, float]:
    """The database path a command would use here, and its lock timeout."""
    from coordinator.store.paths import db_path

    settings = _settings(workspace, db, config)
    if isinstance(settings.db, str):
        raise UserError(
            "this command reads a workspace's session file, not a shared PostgreSQL store",
            hint="`coord sessions`, `log`, `stats` and `resume` work against --db postgresql://…",
        )
    return db_path((workspace or Path.cwd()).resolve(), settings.db), settings.db_timeout


def reach_flags(db: str | None, workspace: Path | str | None = None) -> tuple[str, ...]:
    """What a command that was given ``--db`` tells a later one to add to reach the same
    store (the ``resume`` argument list and hint of ``--json``): ``--db`` with the file as
    an absolute path (the later command may run elsewhere) or the PostgreSQL URL without
    its credentials (:func:`~coordinator.sanitize.secretless_url`: libpq reads them from
    PGPASSWORD or ``~/.pgpass``; a secret never goes into a command shown). Without
    ``--db``, the session's ``workspace`` (:func:`workspace_flags`)."""
    if db is None:
        return workspace_flags(workspace)
    from coordinator.config import DB_URL

    if DB_URL.match(db):
        from coordinator.sanitize import secretless_url

        return ("--db", secretless_url(db))
    return ("--db", str(Path(db).resolve()))


def workspace_flags(workspace: Path | str | None) -> tuple[str, ...]:
    """``--workspace DIR`` (absolute) when ``workspace``, a session's, is not the current
    folder, whose store a later command reads first: without it, a command run here finds
    the session only through the user-level index, which an unusable HOME (read-only,
    unwritable) leaves without it. Nothing for the current folder (or no workspace)."""
    if workspace is None:
        return ()
    where = Path(workspace).resolve()
    return () if where == Path.cwd().resolve() else ("--workspace", str(where))


class AlreadyEnded(UserError):
    """A resume of a session that had already ended (a CI job retrying a step whose first
    try finished it, a second client): not a mistake, and nothing was changed. The command
    exits with the session's own outcome code (0 complete, 1 failed, 2 needs review, as
    ``coord log -f`` ends) and says so in one line (:attr:`message`); ``--json`` gives
    :meth:`to_json`. A UserError, so a caller that does not show it as a result still ends
    with its line and its code."""

    def __init__(self, message: str, result: SessionResult, ended_at: float, store: Store):
        from coordinator.store.files_changed import changed_files
        from coordinator.store.run_tree import session_refused

        super().__init__(message, exit_code=result.exit_code)
        #: The session's outcome as stored, as the resume that ended it gave it.
        self.result = result
        #: When it ended (epoch seconds).
        self.ended_at = ended_at
        #: What ``--json`` adds to a result (as ``coord run --json``'s): its changed files
        #: and refused tool calls.
        self.files = changed_files(store, result.session_id)
        self.refused = session_refused(store, result.session_id)

    def marks(self) -> JSON:
        """What tells it from a resume that went on: ``already_ended`` and ``ended_at``."""
        return {"already_ended": True, "ended_at": self.ended_at}

    def to_json(self) -> JSON:
        """As ``coord resume --json`` prints it: the session's result as ``coord run
        --json`` gives one, with :meth:`marks`."""
        return {
            **self.result.to_json(),
            "files": self.files,
            "refused": self.refused,
            **self.marks(),
        }


def already_ended(
    store: Store, row: SessionRow, *, fired: bool = False, owed: bool = False
) -> AlreadyEnded:
    """What a resume of ``row``, which has ended, gives instead: its outcome as stored
    (status, the agent of its last root run, that run's report and final text, why, its
    totals) and when it ended (that run's end, else the session's last change); its line
    names the ``coord log`` that shows it (``--db`` for a shared store:
    :func:`shared_reach`) and whether this resume ran the SessionEnd hooks it owed
    (``fired``) or left them owed (``owed``: hooks off; review133)."""
    import shlex
    from datetime import UTC, datetime

    from coordinator.providers.base import Usage
    from coordinator.runtime.state import SessionResult
    from coordinator.status import SessionStatus
    from coordinator.store.session_status import ended_at

    status = SessionStatus(row.status)
    runs = store.runs(row.id)
    roots = [r for r in runs if r.parent_run_id is None]
    root = roots[-1] if roots else None
    at = ended_at(row, runs) or row.updated_at  # (an ended session's: always one)
    result = SessionResult(
        row.id,
        status,
        root.agent if root is not None else "",
        report=_stored_report(root),
        text=_final_text(store, root),
        reason=row.reason,
        usage=sum((r.usage for r in runs), Usage()),
        cost=sum(r.cost_usd for r in runs),
    )
    when = datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    by = f" (agent {root.agent})" if root is not None else ""
    log = shlex.join(["coord", "log", row.id, *shared_reach(store)])
    said = "nothing was resumed or recorded"
    if fired:
        said = (
            "its SessionEnd hooks, owed since the process that ended it stopped before"
            " storing their runs, ran now; nothing else was resumed"
        )
    elif owed:
        said += "; its SessionEnd hooks are still owed (a resume with hooks on runs them)"
    return AlreadyEnded(
        f"session {row.id} had already ended: {status.replace('_', ' ')} at {when}{by};"
        f" {said} (`{log}` shows it)",
        result,
        at,
        store,
    )


def _stored_report(run: RunRow | None) -> AgentReport | None:
    """``run``'s report as stored (None: none, or no run)."""
    data = run.report_json if run is not None else None
    if data is None:
        return None
    from protocols import AgentReport

    return AgentReport.model_validate(data)


def _final_text(store: Store, run: RunRow | None) -> str:
    """``run``'s final message as its result gave it ("" for no run)."""
    if run is None:
        return ""
    from coordinator.prompts import final_text

    return final_text(store.messages(run.id))


#: A question named on the command line: its id as ``--json`` gives it, or its short form.
_QUESTION = re.compile(r"[qQ]?-?[0-9]+")


def question_given(text: str | None) -> str | None:
    """``--question``'s value as given (None: none), checked: a question's id as ``--json``
    gives it (``12884901889``) or its short form (``q1``, :func:`~coordinator.store.calls.
    question_ref`); UserError for anything else."""
    if text is None:
        return None
    given = text.strip()
    if _QUESTION.fullmatch(given) is None or given[:2] in ("q-", "Q-"):
        raise UserError(
            f"--question: {text!r} is not a question's id",
            hint="Give its short form (q1, as --json's question.ref and `coord resume`'s"
            " refusal say it) or its id (--json's question.id).",
        )
    return given


def check_question(store: Store, row: SessionRow, question: str) -> int:
    """``coord resume --question QID``: the id of question QID, while session ``row``
    waits on it; else a refusal with its own exit code (:data:`EXIT_OTHER_QUESTION`) saying what
    it does now, and with ``--json`` the session, its status and the question it asks now
    (``question``, None for none) as fields: a second job whose answer was to a question
    another job answered first never answers the next one with it. A session that has
    ended is :func:`already_ended`, as for a resume without the question."""
    from coordinator.status import FINISHED, SessionStatus
    from coordinator.store.calls import names_question, question_ref

    if row.status in FINISHED:  # as a resume without --question: done, nothing to refuse
        raise already_ended(store, row)
    asked = store.waiting_question(row.id) if row.status == SessionStatus.WAITING else None
    now = asked[0].id if asked is not None else None
    if now is not None and names_question(question, now):
        return now
    status = row.status  # stored running: another process drives it, or it stopped mid-way
    if status == SessionStatus.RUNNING and not store.driven_elsewhere(row.id):
        status = SessionStatus.INTERRUPTED
    if now is not None:
        doing = f"it asks question {question_ref(now)} now (id {now})"
    elif row.status == SessionStatus.WAITING:
        doing = "it asks no question now (it waits for a raised budget or a held tool call)"
    else:
        doing = f"it asks no question now ({status})"
    hint, tool_hint = _why_not_waiting(store, row.id, question, now, status)
    raise UserError(
        f"session {row.id} does not wait on question {question}: {doing}; nothing was recorded",
        hint=hint,
        tool_hint=tool_hint,
        exit_code=EXIT_OTHER_QUESTION,
        fields={"session": row.id, "status": str(status), "question": now},
    )


def _why_not_waiting(
    store: Store, session_id: str, question: str, now: int | None, status: str
) -> tuple[str, str]:
    """:func:`check_question`'s hint, for the command line and for an MCP tool: a question
    the session asked was answered by another job, or it moved on (shown ``status``: one
    another process drives is waited for; one stopped after the answer, a job killed and
    retried by CI, is continued); one it never asked (a typo: ``q9``) is said to be so,
    with how to answer the one it asks now, if any."""
    from coordinator.status import SessionStatus
    from coordinator.store.calls import names_question, question_ref

    if any(names_question(question, d.id) for d in store.delegations(session_id)):
        if status == SessionStatus.RUNNING:
            tell = "Another job answered it and drives the session now: wait for it with"
            return f"{tell} `coord log -f {session_id}`.", (
                f"{tell} `log` (session='{session_id}')."
            )
        if status == SessionStatus.INTERRUPTED:
            tell = "It was answered (by another job, or by this one before it was stopped)"
            return f"{tell}; continue it with `coord resume {session_id}`.", (
                f"{tell}; continue it with `resume` (session='{session_id}')."
            )
        tell = "Another job answered it or the session moved on: see what it does now with"
        return f"{tell} `coord log {session_id}`.", f"{tell} `log` (session='{session_id}')."
    never = f"It never asked question {question}"
    if now is None:
        return f"{never}: see what it does with `coord log {session_id}`.", (
            f"{never}: see what it does with `log` (session='{session_id}')."
        )
    ref = question_ref(now)
    return (
        f"{never}: answer the one it asks with `coord resume {session_id} --question {ref}"
        f' --context "…"`.',
        f"{never}: answer the one it asks with `resume` (session='{session_id}',"
        f" question='{ref}').",
    )


def unanswered(session_id: str, question: str, asked: int) -> UserError:
    """``coord resume --question QID`` with neither an answer nor ``--retry-consult``, while
    the session waits on that question (its id ``asked``: :func:`check_question`): naming
    the question is answering it, so the answer was forgotten; nothing recorded (a bare
    resume would only ask the question again). With ``--json``, the fields a refusal of a
    question it does not wait on has: the session, ``waiting`` and the question's id."""
    from coordinator.status import SessionStatus

    return UserError(
        f"--question {question} names the question you answer, but no answer was given;"
        " nothing was recorded",
        hint=f'Answer it with: coord resume {session_id} --question {question} --context "…"'
        " (--context - or --context-file F reads it).",
        tool_hint=f"Answer it with `resume` (session='{session_id}', question='{question}',"
        " context='…').",
        fields={"session": session_id, "status": str(SessionStatus.WAITING), "question": asked},
    )


def not_waiting(sid: str, status: str, queued: bool) -> UserError:
    """The refusal of an answer to session ``sid``, stored as ``status``, which asks
    nothing (``queued``: it waits in the workers' queue, answered already or resumed by
    someone else). With ``--json``, the session and the status ``coord sessions`` shows as
    fields (``running`` when queued, ``interrupted`` for one no process drives), as an
    ended session's refusal has them: a CI job whose answer came late tells "interrupted,
    resume it" from "queued, wait" without reading the words."""
    from coordinator.status import SessionStatus

    shown = SessionStatus.INTERRUPTED if status == SessionStatus.RUNNING else status
    if queued:
        return UserError(
            f"session {sid} is queued for the workers, not waiting for an answer, so an"
            " answer has nowhere to go (nothing was recorded)",
            hint=f"Follow it with `coord log -f {sid}`; if it asks again, answer then.",
            tool_hint=f"Follow it with `log` (session='{sid}'); if it asks again, answer then.",
            fields={"session": sid, "status": str(SessionStatus.RUNNING)},
        )
    return UserError(
        f"session {sid} is not waiting for an answer, so an answer has nowhere to go",
        hint="Resume it without --context.",
        tool_hint="Call `resume` without `context`.",
        fields={"session": sid, "status": str(shown)},
    )


def refuse_ended(store: Store, row: SessionRow, answer: str | None) -> None:
    """:func:`already_ended` for a resume of ``row`` that has nothing to run, raised before
    anything else is said or read: an ended session, unless it has ``asyncRewake`` wake-ups
    waiting and no answer is given (the engine then runs it again), or it still owes its
    SessionEnd hooks (a process killed before their runs were stored: the engine fires
    them, then says it has ended)."""
    from coordinator.runtime.hook_gate import pending_rewakes
    from coordinator.runtime.hooks_owed import end_owed
    from coordinator.status import FINISHED, WAKEABLE

    if row.status not in FINISHED:
        return
    if answer is None and row.status in WAKEABLE and pending_rewakes(store, row.id):
        return
    if end_owed(store, row.id):
        return
    raise already_ended(store, row)


def shared_reach(store: Store) -> tuple[str, ...]:
    """What a command suggested to read ``store`` again adds: ``--db`` and the URL without
    its credentials for a shared PostgreSQL store, which only a named URL finds (nothing
    for a SQLite file: the user-level index finds it from any folder)."""
    where = store.location()
    return reach_flags(where) if isinstance(where, str) else ()


def require_resumable(store: Store) -> None:
    """UserError when the session database is a file an agent's command could have written
    (:func:`~coordinator.tools.workspace.written_by_agents`: below a folder coord ran agents
    in, outside its own directory, as ``sub/.coordinator/`` is): a resume trusts what it
    stores (the Bash choices, the workspace, the agents' definitions)."""
    from coordinator.tools.workspace import written_by_agents

    where = store.location()
    outer = written_by_agents(where) if isinstance(where, Path) else None
    if outer is None:
        return
    raise UserError(
        f"the session database {where} lies in {outer}, where agents' commands ran and "
        "could have written it; what it stores (how Bash runs, the workspace, the agents' "
        "definitions) would decide what the resumed session may do, so it is not resumed",
        hint="Start the task again with `coord run`. A .coordinator folder coord makes itself "
        "(now, not one an older coord made) stays resumable; so does a database outside the "
        "workspace (--db).",
    )


def resume_place(
    store: Store,
    row: SessionRow,
    answer: str | None,
    question: str | None = None,
    *,
    retry_consult: bool = False,
) -> tuple[Path | str, Path, str | None]:
    """Where a resume of ``row`` (with ``answer``; ``question``: only of that question)
    takes place, ``store`` closed after: the store's location, the session's folder and a
    note when that moved (:func:`session_workspace`). UserError first when the store is
    one a resume cannot trust (:func:`require_resumable`), the session waits on another
    question (:func:`check_question`, checked again under its lock), it is named with no
    answer and no ``retry_consult`` (:func:`unanswered`) or has ended
    (:func:`refuse_ended`), before a model is set up or anything said of what differs."""
    with closing(store):
        require_resumable(store)
        if question is not None:
            asked = check_question(store, row, question)
            if answer is None and not retry_consult:
                raise unanswered(row.id, question, asked)
        refuse_ended(store, row, answer)
        ws, moved = session_workspace(store, row)
        return store.location(), ws, moved


def session_workspace(store: Store, row: SessionRow) -> tuple[Path, str | None]:
    """The folder session ``row`` is driven in, and a note when it is not the one it
    started in: that folder is gone (the project was moved or renamed) and the session's
    database is a workspace's own (``DIR/.coordinator/coordinator.db``), so DIR is where
    the project went; the session is moved there (its row and the index). Gone with no
    such folder to go to: a UserError, before anything runs in a folder that is not there.
    A workspace's own database holding a copy of the session (the project was copied,
    ``cp -r``: the index says the session lives in another database) drives it in that
    workspace, the copy, with a note: never in the project the copy came from."""
    from coordinator.store.paths import DEFAULT_DB

    started = Path(row.workspace)
    where = store.location()
    found = where.resolve() if isinstance(where, Path) else None
    home = found.parent.parent if found is not None else None
    if started.is_dir():
        if home is None or found != home / DEFAULT_DB or not _copied(row.id, found):
            return started, None
        return home, f"session {row.id} started in {started}; this copy of it goes on in {home}"
    if home is None or found != home / DEFAULT_DB or not home.is_dir():
        raise UserError(
            f"session {row.id} works in {started}, which is gone (moved or deleted)",
            hint="Put the folder back, or resume from the folder it moved to "
            f"(its {DEFAULT_DB.parent}/ folder came with it).",
        )
    store.move_session(row.id, home)
    return home, f"workspace {started} is gone; the session goes on in {home}, where it moved"


def _copied(session_id: str, database: Path) -> bool:
    """Whether the user-level index says the session lives in a database other than
    ``database`` (which holds it too: a copy); False when the index does not know it."""
    from coordinator.store.index import SessionIndex

    homes = [e.db_path for e in SessionIndex().find(session_id) if e.id == session_id]
    return bool(homes) and str(database) not in homes


def open_session(
    ref: str | None,
    workspace: Path | None,
    db: str | None,
    config: Path | None,
    *,
    statuses: tuple[str, ...] = (),
    purpose: str = "show",
    asking: bool = False,
    here: bool = False,
) -> tuple[Store, SessionRow]:
    """The store holding session ``ref`` and its row: the workspace's database first, then
    wherever the user-level index says it lives (so any session is found from anywhere).

    Without ``ref``: the newest session (with one of ``statuses``, when given; with a
    question waiting for a person's answer, when ``asking``; of this workspace alone, when
    ``here``: a resume, as ``claude --continue``, never takes another project's); none is
    a UserError saying there is no session to ``purpose`` (show, resume, answer).
    """
    from coordinator.store import databases, listing
    from coordinator.store.db import SessionQuery

    folder = str((workspace or Path.cwd()).resolve()) if here else None
    shared = shared_store(workspace, db, config)
    if shared is not None:  # a shared PostgreSQL store holds every session itself
        try:
            newest = SessionQuery(limit=1, asking=asking, workspace=folder)
            if ref is None:
                ref = _newest_shared(shared, statuses, purpose, newest, folder)
            return shared, shared.session(ref)
        except BaseException:
            shared.close()
            raise
    path, timeout = local_db(workspace, db, config)
    one = here or workspace is not None or db is not None
    sweep_background(workspace, path, timeout)
    if ref is None:
        ref = listing.newest_session(
            path, timeout, statuses, one=one, purpose=purpose, asking=asking, here=folder
        )
        return databases.open_session(ref, path, timeout)
    return _stored_or_awaited(ref, workspace, lambda: databases.open_session(ref, path, timeout))


def sweep_background(workspace: Path | None, local: Path, timeout: float) -> None:
    """Remove the pid files the workspace's background runs left when they crashed after
    storing their session (:func:`coordinator.runtime.background.sweep`): the session is
    looked for as ``coord log`` finds it (the local database, then the index's). Where no
    run was started in the background, one folder is looked for, and nothing loaded."""
    from coordinator.store.paths import BACKGROUND_DIR

    folder = (workspace or Path.cwd()).resolve()
    if not (folder / BACKGROUND_DIR).is_dir():
        return
    from coordinator.runtime import background
    from coordinator.store import databases

    def stored(session_id: str) -> bool:
        try:
            store, _ = databases.open_session(session_id, local, timeout)
        except UserError:
            return False
        store.close()
        return True

    background.sweep(folder, stored)


def _stored_or_awaited(
    ref: str, workspace: Path | None, find: Callable[[], tuple[Store, SessionRow]]
) -> tuple[Store, SessionRow]:
    """``find()``; for a session a background run of this workspace is about to store (its
    id printed by ``coord run`` a moment ago), once it is stored
    (:func:`coordinator.runtime.background.await_stored`)."""
    from coordinator.store.db import UnknownSession

    try:
        return find()
    except UnknownSession:
        from coordinator.runtime import background

        run = background.started(workspace or Path.cwd(), ref)
        if run is None:
            raise
        return background.await_stored(run, find, UnknownSession)


def _newest_shared(
    shared: Store,
    statuses: tuple[str, ...],
    purpose: str,
    newest: SessionQuery,
    here: str | None = None,
) -> str:
    """The newest session of a shared store (with one of ``statuses``, when given) that
    ``newest`` (at most one) finds."""
    from coordinator.store import listing

    lines = [
        line
        for status in statuses or (None,)
        for line in listing.session_lines(shared, newest, status)
    ]
    if not lines:
        raise listing.no_session(statuses, purpose, here)
    return max(lines, key=lambda line: line.row.created_at).row.id


@dataclass(frozen=True)
class SessionFilter:
    """``coord sessions``' filters as given: a status, an agent, a span or date, a text, how
    many at most (``--limit``; None: :data:`SHOWN_AT_MOST` on a screen, every one for a
    script: ``whole``, ``--json``)."""

    status: str | None = None
    agent: str | None = None
    since: str | None = None
    search: str | None = None
    limit: int | None = None
    #: A script's list (``--json``): without ``--limit`` nothing is left out (a list cut at
    #: a screen's 20 said so on stderr alone: a script looking its session up missed it).
    whole: bool = False

    @property
    def at_most(self) -> int:
        """How many sessions are listed at most: ``--limit``, else a screen's
        :data:`SHOWN_AT_MOST`, or every one (:data:`_MOST_ROWS`) for a script's list."""
        if self.limit is not None:
            return self.limit
        return _MOST_ROWS if self.whole else SHOWN_AT_MOST

    def wanted_status(self) -> str | None:
        """The status asked for, as stored: spelt as coord shows it too (``needs review``,
        ``needs-review``, ``Complete``)."""
        from coordinator.status import as_stored

        return as_stored(self.status) if self.status is not None else None

    def words(self) -> str:
        """The filters as an empty list's message says them (" with status waiting,
        where dba ran, since 2d (2026-12-03 09:17), matching 'x'"); "" for none."""
        status = self.wanted_status()
        said = [
            f"with status {status.replace('_', ' ')}" if status else "",
            f"where {self.agent} ran" if self.agent is not None else "",
            self._since_words(),
            f"matching '{self.search}'" if self.search is not None else "",
        ]
        kept = ", ".join(words for words in said if words)
        return f" {kept}" if kept else ""

    def unfiltered(self) -> str | None:
        """How to list every session when these filters found none ("leave out --status
        to list every session"); None without a filter."""
        given = [
            flag
            for flag, value in (
                ("--status", self.status),
                ("--agent", self.agent),
                ("--since", self.since),
                ("--search", self.search),
            )
            if value is not None
        ]
        if not given:
            return None
        flags = given[0] if len(given) == 1 else f"{', '.join(given[:-1])} and {given[-1]}"
        return f"leave out {flags} to list every session"

    def _since_words(self) -> str:
        """``since 2 weeks ago (2026-11-21 16:30)``: the span and when it began, local time
        (a date is not said twice); "" without ``--since``."""
        from coordinator.store.time_words import since_epoch, started

        if self.since is None:
            return ""
        began = started(since_epoch(self.since))
        shown = "" if began.startswith(self.since.strip()) else f" ({began})"
        return f"since {self.since}{shown}"

    def query(self) -> SessionQuery:
        """The store's query for these filters; UserError naming a bad one."""
        from coordinator.status import SessionStatus

        if self.limit is not None and (why := below_bound(self.limit, 1)) is not None:
            raise UserError(f"--limit: {why}")
        if self.status is not None and self.wanted_status() not in tuple(SessionStatus):
            near = nearest_word(self.wanted_status() or "", SessionStatus)
            raise UserError(
                f"--status: unknown status '{self.status}'"
                + (f"; did you mean {near}?" if near else ""),
                hint=f"Use one of: {', '.join(SessionStatus)}.",
            )
        from coordinator.store import time_words
        from coordinator.store.db import SessionQuery

        since = time_words.since_epoch(self.since) if self.since is not None else None
        limit = min(self.at_most, _MOST_ROWS)  # more than any store holds: no limit at all
        return SessionQuery((), self.agent, since, self.search, limit)


#: How many sessions ``coord sessions`` shows without ``--limit`` (a screen's worth).
SHOWN_AT_MOST = 20

#: SQLite's largest integer: a ``--limit`` above it asks for every session (it was an
#: OverflowError traceback when bound to the statement).
_MOST_ROWS = 2**63 - 1


@dataclass(frozen=True)
class SessionList:
    """The sessions ``coord sessions`` shows, newest first, and how to show them."""

    lines: list[SessionLine]
    #: What is said when nothing matched: the filters and the place looked in.
    nothing: str = "no sessions"
    #: More sessions matched than ``--limit`` lets through (the newest are ``lines``).
    more: bool = False
    #: The agent ``--agent`` matched (its roster name), None without ``--agent``.
    agent: str | None = None
    #: How many sessions match (:func:`~coordinator.store.listing.matching`; None: not
    #: known), said under a cut list; ``partial``: of the newest of a database only.
    matched: int | None = None
    partial: bool = False
    #: The flags that name the store in each ``resume`` command (:func:`reach_flags`).
    reach: tuple[str, ...] = ()
    #: Said after ``nothing`` when filters found none: how to list every session
    #: (:meth:`SessionFilter.unfiltered`).
    unfiltered: str | None = None
    #: Session databases at whose path a folder (or another non-file) is: warned of while
    #: listing; the listing exits non-zero (:func:`~coordinator.store.databases.not_files`).
    not_files: tuple[Path, ...] = ()

    def to_json(self) -> list[JSON] | JSON:
        """As ``coord sessions --json`` lists them: a list; with databases that are no
        file (:attr:`not_files`), the error object (``error``, ``hint``, ``exit_code``: 4)
        naming them (``not_files``) and what stops it, the list as ``sessions``."""
        listed: list[JSON] = [
            line.to_json(self.reach or workspace_flags(line.row.workspace)) for line in self.lines
        ]
        if not self.not_files:
            return listed
        from coordinator.store.databases import not_files_error

        return not_files_error(self.not_files, {"sessions": listed}).to_json()

    def consulted_message(self) -> str | None:
        """Under a list ``--agent`` matched: in how many of the sessions shown the agent
        was consulted, not routed to (the agent column names the routed one); None if
        none."""
        if self.agent is None:
            return None
        consulted = sum(line.agent != self.agent for line in self.lines)
        if not consulted:
            return None
        return (
            f"{self.agent} was consulted in {consulted} of the {len(self.lines)} sessions"
            " shown (the agent column names the one each was routed to)"
        )

    def stopped_messages(self) -> list[str]:
        """Under a list: one line for each session shown that a worker stopped without
        driving it to an end, saying why and the way on (its lease's error:
        :attr:`~coordinator.store.listing.SessionLine.stopped`, control characters shown
        as U+FFFD); none on a file's list."""
        from coordinator.sanitize import printable

        return [printable(f"{line.row.id}: {line.stopped}") for line in self.lines if line.stopped]

    def fix_messages(self) -> list[str]:
        """Under a list: one line for each interrupted session shown whose error said what
        to fix before resuming it (a 404's model, a rejected key: ``--json``'s ``fix``), as
        ``coord log`` shows it; control characters shown as U+FFFD."""
        from coordinator.sanitize import printable

        said = []
        for line in self.lines:
            if line.fix:  # one line a session, whatever lines its error had
                fix = " ".join(part.strip() for part in line.fix.splitlines() if part.strip())
                said.append(
                    printable(f"{line.row.id} was interrupted: {line.row.reason}. To fix: {fix}")
                )
        return said

    def more_message(self) -> str | None:
        """What is said under a list cut at ``--limit``: that it was, and how to see more."""
        if not self.more:
            return None
        from coordinator.store.listing import COUNTED_AT_MOST, READ_AT_MOST

        n, narrow = len(self.lines), "--since, --status, --agent or --search narrow them"
        if self.matched is None:  # running or interrupted: told apart one by one
            return f"more sessions match than the {n} shown (the newest): {narrow}"
        if self.matched > COUNTED_AT_MOST:
            return f"more than {COUNTED_AT_MOST:,} sessions match, the newest {n} shown: {narrow}"
        if self.partial:  # (a rare match among very many: older sessions not read)
            return (
                f"{self.matched} sessions match among the newest {READ_AT_MOST:,} of a database"
                f" (older ones not counted), the newest {n} shown: {narrow}"
            )
        return (
            f"{self.matched} sessions match, the newest {n} shown: --limit {self.matched}"
            f" shows them all; {narrow}"
        )

    @property
    def across(self) -> bool:
        """Whether they come from more than one database (the table names workspaces)."""
        return len({line.db for line in self.lines}) > 1


def _looked_in(here: bool, workspace: Path | None, db: str | None, every: str) -> str:
    """Where a reader of one workspace's database looked, as the end of its "no sessions"
    (it said "no sessions" alone, as if there were none anywhere): "" for every workspace;
    with ``--here``, which one and that ``every`` shows them all. A ``--db`` is not
    repeated (a URL may hold a password)."""
    if db is not None:
        return " in the --db database"
    if workspace is not None:
        return f" in workspace {workspace}"
    if here:
        return f" in this workspace ({Path.cwd()}); `{every}` shows every workspace's"
    return ""


def list_sessions(
    filters: SessionFilter,
    workspace: Path | None,
    db: str | None,
    config: Path | None,
    *,
    here: bool = False,
) -> SessionList:
    """The sessions matching ``filters``: the shared store's, one workspace's (``here``, or
    a ``workspace`` or ``db`` given), or every workspace's the user-level index knows."""
    from coordinator.store import listing

    shown = filters.query()
    limit = shown.limit if shown.limit is not None else _MOST_ROWS
    query = replace(shown, limit=min(limit + 1, _MOST_ROWS))  # one more: is the list cut?
    status = filters.wanted_status()
    shared = shared_store(workspace, db, config)
    if shared is not None:  # a shared PostgreSQL store holds every session itself
        with closing(shared):
            found = _shared_sessions(shared, filters, query, limit, here, workspace, config)
        return replace(found, reach=reach_flags(db), unfiltered=filters.unfiltered())
    path, timeout = local_db(workspace, db, config)
    one = here or workspace is not None or db is not None
    missing_ok = _here_alone(here, workspace, db, path)

    def listed(query: SessionQuery) -> Page:
        return listing.listed_everywhere(
            path, timeout, query, status, one=one, missing_ok=missing_ok
        )

    sweep_background(workspace, path, timeout)
    page, name = listed(query), query.agent
    if not page.lines and query.agent is not None:
        from coordinator.store.databases import _quiet

        with _quiet():  # the databases read again: one that cannot be was warned of
            stored = listing.ran_agents_everywhere(path, timeout, one=one, missing_ok=missing_ok)
            name = _agent_named(query.agent, stored, workspace, config)
            if name != query.agent:
                page = listed(replace(query, agent=name))
    nothing = f"no sessions{filters.words()}{_looked_in(here, workspace, db, 'coord sessions')}"
    found = _listed(page, limit, nothing, name)
    from coordinator.store.databases import not_files

    broken = () if one else tuple(not_files(path))
    return replace(found, reach=reach_flags(db), unfiltered=filters.unfiltered(), not_files=broken)


def _listed(page: Page, limit: int, nothing: str, agent: str | None) -> SessionList:
    """``page`` as shown: its first ``limit`` lines, saying ``nothing`` when it has none."""
    more = len(page.lines) > limit
    return SessionList(page.lines[:limit], nothing, more, agent, page.matched, page.partial)


def _shared_sessions(
    shared: Store,
    filters: SessionFilter,
    query: SessionQuery,
    limit: int,
    here: bool,
    workspace: Path | None,
    config: Path | None,
) -> SessionList:
    """:func:`list_sessions` of a shared store: ``here``, only those started in this
    workspace (or ``workspace``), as ``coord log --here`` and ``resume`` take theirs (it
    listed every workspace's)."""
    from coordinator.store import listing

    status = filters.wanted_status()
    query = replace(query, workspace=_shared_here(here, workspace))
    page, name = listing.listed_page(shared, query, status), query.agent
    if not page.lines and query.agent is not None:
        name = _agent_named(query.agent, set(shared.ran_agents()), workspace, config)
        if name != query.agent:
            page = listing.listed_page(shared, replace(query, agent=name), status)
    place = _looked_in(here, workspace if here else None, None, "coord sessions")
    return _listed(page, limit, f"no sessions{filters.words()}{place}", name)


def _agent_named(agent: str, stored: set[str], workspace: Path | None, config: Path | None) -> str:
    """The agent ``coord sessions --agent AGENT`` means when no session listed is one
    ``agent`` as written ran in (``stored``: those that ran in some): ``agent`` itself when it
    is one of those or a roster agent (the workspace's, the user's, the bundled and the
    settings' folders) with no session yet, the roster's name for it when it is another
    spelling of one (a display name: "FastAPI Backend Expert"). Neither: a UserError with
    the close names, not "no sessions"."""
    from coordinator.roster.loader import load_registry
    from coordinator.roster.names import close_names, did_you_mean

    if agent in stored:
        return agent
    ws = (workspace or Path.cwd()).resolve()
    registry = load_registry(_settings(workspace, None, config).agents_dirs, cwd=ws)
    if (name := registry.resolve(agent)) is not None:
        return name
    meant = did_you_mean(close_names(agent, sorted(stored | set(registry.agents))))
    raise UserError(
        f"unknown agent: {agent} (it ran in no session, and no agent of the roster has that"
        f" name){meant}",
        hint="`coord agents list` names the roster; `coord sessions` shows each session's agent.",
    )


def _shared_here(here: bool, workspace: Path | None) -> str | None:
    """The workspace whose sessions alone a ``--here`` command reads on a shared store
    (which holds every workspace's), as stored: this folder's, or ``--workspace``'s; None
    without ``--here`` (every workspace's)."""
    return str((workspace or Path.cwd()).resolve()) if here else None


def _here_alone(here: bool, workspace: Path | None, db: str | None, path: Path) -> bool:
    """``--here`` or ``--workspace DIR`` with no ``--db``, reading that workspace's own
    database ``path`` (``.coordinator/`` in it): one workspace, where a database not made
    yet means nothing ran there (no sessions, exit 0, as ``--here`` says it from the folder
    itself; ``-w DIR`` was an error, so a script listing a fresh workspace failed). A
    workspace that does not exist is refused before (a typo); so is a database file named
    that does not: by ``--db``, or by ``COORD_DB`` or a config file's ``db:`` (review136:
    a typo there listed none, exit 0, where every session lives)."""
    from coordinator.store.paths import db_path

    own = db_path((workspace or Path.cwd()).resolve())
    return (here or workspace is not None) and db is None and path == own


@dataclass(frozen=True)
class SessionStats:
    """``coord stats``' rows, and what is said when there are none."""

    rows: list[StatsRow]
    nothing: str
    #: Said after ``nothing`` when ``--since`` found none: how to count every session
    #: (as :attr:`SessionList.unfiltered`); None without it.
    unfiltered: str | None = None


def session_stats(
    since: str | None,
    workspace: Path | None,
    db: str | None,
    config: Path | None,
    *,
    here: bool = False,
    session: str | None = None,
) -> SessionStats:
    """``coord stats``: the shared store's, one workspace's (``here``, or a ``workspace``
    or ``db`` given), or every workspace's the user-level index knows; one ``session``'s
    (an id or a unique prefix, found as ``coord log`` finds it: :func:`open_session`)."""
    from coordinator.store import spend, time_words

    if session is not None:
        if since is not None:
            raise UserError("--session and --since cannot be combined: give one")
        store, row = open_session(session, workspace, db, config, here=here)
        with closing(store):
            rows = spend.session_stats_rows(store, row)
        return SessionStats(rows, f"no runs in session {row.id}")

    start = time_words.since_epoch(since) if since is not None else None
    asked = f" since {since}" if since is not None else ""
    wider = "leave out --since to count every session" if since is not None else None
    shared = shared_store(workspace, db, config)
    if shared is not None:  # a shared PostgreSQL store holds every session itself
        with closing(shared):  # --here: this workspace's (it counted every workspace's)
            rows = spend.stats_of(shared, start, _shared_here(here, workspace))
        place = _looked_in(here, workspace if here else None, None, "coord stats")
        return SessionStats(rows, f"no sessions{asked}{place}", wider)
    path, timeout = local_db(workspace, db, config)
    one = here or workspace is not None or db is not None
    missing_ok = _here_alone(here, workspace, db, path)
    rows = spend.stats_everywhere(path, timeout, start, one=one, missing_ok=missing_ok)
    place = _looked_in(here, workspace, db, "coord stats")
    return SessionStats(rows, f"no sessions{asked}{place}", wider)


#: How many ids ``coord sessions rm`` names before it counts the rest.
REMOVED_NAMED = 10


def removed_line(removed: Sequence[str], *, dry_run: bool = False) -> str:
    """``coord sessions rm``'s line: how many sessions it removed and their ids (``removed
    1 session: 00b06d02da66``; ``dry_run``: ``would remove ...``), past
    :data:`REMOVED_NAMED` the rest counted (``--json`` lists every one)."""
    from coordinator.store.removal import RemovedIds

    forgotten = removed.forgotten if isinstance(removed, RemovedIds) else {}
    deleted = [sid for sid in removed if sid not in forgotten]
    said = f"{'would remove' if dry_run else 'removed'} {counted(len(deleted), 'session')}"
    said += _named(deleted)
    if not forgotten:
        return said
    paths = sorted(set(forgotten.values()))
    where = f"its database {paths[0]} is" if len(paths) == 1 else f"their databases {paths} are"
    forgot = f"{'would forget' if dry_run else 'forgot'} {counted(len(forgotten), 'session')}"
    forgot += _named(list(forgotten))
    forgot += f" ({where} gone or no file: only the session index's entry goes, nothing"
    forgot += " there is touched)"
    return forgot if not deleted else f"{said}; {forgot}"


def removed_json(removed: Sequence[str], *, dry_run: bool = False) -> dict[str, list[str]]:
    """``coord sessions rm --json``: the ids removed (``would_remove``: ``dry_run``) and,
    among them, when any, the ones only the session index forgot (``forgotten``: their
    database gone or no file)."""
    from coordinator.store.removal import RemovedIds

    said = {"would_remove" if dry_run else "removed": list(removed)}
    if isinstance(removed, RemovedIds) and removed.forgotten:
        said["forgotten"] = list(removed.forgotten)
    return said


def _named(ids: Sequence[str]) -> str:
    """``: ID, ID`` for :func:`removed_line`, past :data:`REMOVED_NAMED` the rest counted."""
    if not ids:
        return ""
    named = ", ".join(ids[:REMOVED_NAMED])
    rest = len(ids) - REMOVED_NAMED
    return f": {named}" + (f" and {rest} more (--json lists every id)" if rest > 0 else "")


def remove_sessions(
    ids: list[str],
    older_than: str | None,
    workspace: Path | None,
    db: str | None,
    config: Path | None,
    *,
    here: bool = False,
    dry_run: bool = False,
) -> list[str]:
    """``coord sessions rm``: sessions ``ids`` (each found and checked before any is
    removed), or every one started before ``older_than``, from the shared store, one
    workspace's database or every one the index knows; the ids removed (``dry_run``: the
    ids it would remove, found and checked alike, none removed)."""
    from coordinator.store import removal, time_words

    if not ids and older_than is None:
        raise UserError(
            "give session ids, or --older-than SPAN", hint="`coord sessions` lists them."
        )
    if ids and older_than is not None:
        raise UserError("give session ids, or --older-than SPAN (not both)")
    if ids and here:  # an id names one session wherever it lives: nothing to narrow
        raise UserError(
            "--here narrows --older-than; an id names its session in any workspace",
            hint="Drop --here, or use `coord sessions --here` to see this workspace's ids.",
        )
    before = (
        time_words.since_epoch(older_than, flag="--older-than", zero=True)
        if older_than is not None
        else 0.0
    )
    shared = shared_store(workspace, db, config)
    if shared is not None:  # a shared PostgreSQL store holds every session itself
        with closing(shared):
            if ids:
                return removal.remove_from(shared, ids, dry_run=dry_run)
            # --here: this workspace's alone (it removed every workspace's old sessions)
            where = _shared_here(here, workspace)
            return removal.prune_store(shared, before, where, dry_run=dry_run)
    path, timeout = local_db(workspace, db, config)
    if ids:
        return removal.remove_sessions(ids, path, timeout, dry_run=dry_run)
    one = here or workspace is not None or db is not None
    missing_ok = _here_alone(here, workspace, db, path)
    return removal.prune(path, timeout, before, one=one, missing_ok=missing_ok, dry_run=dry_run)
