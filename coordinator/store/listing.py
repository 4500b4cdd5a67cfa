"""``coord sessions``' list (:class:`SessionLine` per session, a :class:`Page` with how
many match), of one store or of every database the index knows, a session in two
databases listed once; the newest session for ``coord log``/``resume`` without an id, and
the error naming where else one is. Part of the read model of stored sessions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coordinator.clip import clip
from coordinator.errors import UserError
from coordinator.status import SessionStatus, resume_command, resume_hint, waiting_for
from coordinator.store.databases import _home_of, _quiet, _read_each
from coordinator.store.db import SessionQuery, SessionRow, Store
from coordinator.store.session_status import (
    _listed_stop,
    asked_of,
    finished_at,
    interruption,
    is_driven,
    shown_state,
    wait_of,
)
from coordinator.store.spend import totals

log = logging.getLogger(__name__)

JSON = dict[str, Any]


#: How much of a request ``coord sessions --json`` shows (``coord log --json`` has it all).
LISTED_REQUEST_CLIP = 200


@dataclass(frozen=True)
class SessionLine:
    """One row of ``coord sessions``: the session, its shown status and spend."""

    row: SessionRow
    status: str
    agent: str
    tokens: int
    cost: float
    db: str  # the store, as shown: a file, or a PostgreSQL URL without its password
    unreadable: str | None = None  # why its stored options cannot be read (SessionSummary)
    #: The question a waiting session asks a person, as ``coord run --json`` gives it.
    question: JSON | None = None
    #: What a waiting session that asks a person nothing waits for: its WaitReason and the
    #: reason in words (:func:`wait_of`).
    wait: tuple[str, str] | None = None
    #: When a running session that no worker has taken yet was queued (:func:`shown_state`).
    queued_at: float | None = None
    #: The worker driving a running session on a shared store (:meth:`Store.driver`).
    driver: str | None = None
    #: Why a worker stopped a session shown interrupted without driving it to an end, in
    #: words (:func:`stopped_words`), when its row says no other reason; None otherwise.
    stopped: str | None = None
    #: What to fix before resuming an interrupted session, as the error stopping it said
    #: it (a 403/404's model or key: :func:`interruption`); None otherwise.
    fix: str | None = None
    #: When a session that ended ended, as ``coord log --json`` has it (daily113); None
    #: while it has not.
    ended_at: float | None = None

    @property
    def question_id(self) -> int | None:
        """The id of the question it waits on (``coord resume --question``'s)."""
        return None if self.question is None else int(self.question["id"])

    def to_json(self, reach: tuple[str, ...] = ()) -> JSON:
        """As ``coord sessions --json`` lists it (the request clipped): a waiting one's
        ``question`` and, for one to resume, the command that does (``resume``, with
        ``reach``: the flags naming the store it was listed from)."""
        sid, status = self.row.id, self.status
        asking = self.question is not None and self.wait is None
        wait = waiting_for(*self.wait, sid, reach) if self.wait is not None else None
        return {
            "session": sid,
            "status": status,
            "agent": self.agent or None,  # null: no agent ran (as `coord log --json`)
            "request": clip(self.row.request, LISTED_REQUEST_CLIP),
            "workspace": self.row.workspace,
            "db": self.db,
            "tokens": self.tokens,
            "cost_usd": round(self.cost, 6),
            "created_at": self.row.created_at,
            "ended_at": self.ended_at,  # as `coord log --json` has it (daily113)
            "queued_at": self.queued_at,
            "worker": self.driver,
            "reason": self.stopped or self.row.reason,
            "fix": self.fix,  # as `coord log --json` has it
            "question": self.question,
            "waiting_for": wait,
            "resume": resume_command(
                sid, status, asking=asking, question=self.question_id, reach=reach
            ),
            # as `coord run --json` and `coord log --json` have it beside `resume` (scripts113)
            "hint": resume_hint(sid, status, asking=asking, reach=reach),
        }


def session_lines(store: Store, query: SessionQuery, status: str | None) -> list[SessionLine]:
    """The sessions of one store matching ``query`` and the shown ``status`` (one whose
    stored options cannot be read says so: :func:`listed_lines` lists the others)."""
    if status in (SessionStatus.RUNNING, SessionStatus.INTERRUPTED):
        live = (SessionStatus.RUNNING, SessionStatus.INTERRUPTED)  # told apart below
        stored = replace(query, statuses=live, limit=None)
    else:
        stored = replace(query, statuses=(status,) if status else ())
    lines = []
    for found in store.find_sessions(stored):  # one statement: rows, agents and totals
        shown, queued_at = shown_state(store, found.row)
        if status is not None and shown != status:
            continue
        tokens, cost = found.tokens, found.cost_usd
        if not found.agent:  # no run: a refused request's prompt hook calls, as `log` counts
            tokens, cost = totals(store, found.row.id)
        where = store.shown_location()
        asked = wait = None
        if shown == SessionStatus.WAITING:
            asked = asked_of(store, found.row)
            wait = wait_of(store, found.row, asked)
        read = found.unreadable
        driver = found.driver if is_driven(shown, queued_at) else None
        line = SessionLine(found.row, shown, found.agent, tokens, cost, where, read, asked, wait)
        stopped = _listed_stop(found.row, shown, found.stopped)
        said = interruption(store, found.row.id, shown)  # (interrupted ones only: a read)
        fix = None if said is None else said[1]
        ended = finished_at(found.row, found.root_ended)
        line = replace(
            line, queued_at=queued_at, driver=driver, stopped=stopped, fix=fix, ended_at=ended
        )
        lines.append(line)
    return lines[: query.limit] if query.limit is not None else lines


def listed_lines(store: Store, query: SessionQuery, status: str | None) -> list[SessionLine]:
    """The sessions of one store to list (:func:`session_lines`): one whose stored options
    cannot be read is left out with one warning line naming it (its id, database and
    fault), and hides no other session; ``query.limit`` counts the listed ones (a row
    left out is made up by the next, so a list cut at ``--limit`` is neither short nor
    said to be whole). The newest session's look-up keeps such a row, so ``coord log``
    names its fault, not an older one."""
    lines = session_lines(store, query, status)
    if query.limit is None:
        return readable_lines(lines)
    asked = query.limit
    while len(lines) == asked:  # a full page: one more row for each left out, if any
        wanted = query.limit + sum(line.unreadable is not None for line in lines)
        if wanted == asked:
            break
        asked = wanted
        lines = session_lines(store, replace(query, limit=asked), status)
    return readable_lines(lines)


#: How many matching sessions a list cut at ``--limit`` counts at most in one database
#: (:func:`matching`): the count stays flat in the number stored.
COUNTED_AT_MOST = 1000
#: Among how many of the newest sessions of one database that count is made at most: a
#: rare match among very many stored reads no more (:attr:`Page.partial`).
READ_AT_MOST = 5000


@dataclass(frozen=True)
class Page:
    """The sessions to list (:func:`listed_lines`) and how many match (None: not known);
    ``partial``: counted among the newest :data:`READ_AT_MOST` of a database holding more
    (``matched`` is of those)."""

    lines: list[SessionLine]
    matched: int | None
    partial: bool = False


def listed_page(store: Store, query: SessionQuery, status: str | None) -> Page:
    """:func:`listed_lines`, with how many sessions match when ``query.limit`` cut them
    (:func:`matching`)."""
    lines = listed_lines(store, query, status)
    cut = query.limit is not None and len(lines) >= query.limit
    if not cut:
        return Page(lines, len(lines))
    return Page(lines, *matching(store, query, status))


def matching(store: Store, query: SessionQuery, status: str | None) -> tuple[int | None, bool]:
    """How many sessions of ``store`` match ``query`` and the shown ``status``, counted up
    to one more than :data:`COUNTED_AT_MOST` among its newest :data:`READ_AT_MOST`, and
    whether older ones were left uncounted; None for running or interrupted (told apart
    per session, not by the stored status)."""
    if status in (SessionStatus.RUNNING, SessionStatus.INTERRUPTED):
        return None, False
    stored = replace(query, statuses=(status,) if status else (), limit=None)
    return store.count_sessions(stored, COUNTED_AT_MOST + 1, READ_AT_MOST)


#: The warning for a session left out of a list because its stored options cannot be read.
NOT_LISTED = "warning: session {id} is not listed: its options in {db} are not JSON ({why})"
#: The same for one left out of the sessions to resume (a batch's, after a Ctrl-C).
NOT_RESUMABLE = (
    "warning: session {id} cannot be resumed: its options in {db} are not JSON ({why});"
    " `coord sessions rm {id}` removes it"
)


def readable_lines(lines: Iterable[SessionLine], told: str = NOT_LISTED) -> list[SessionLine]:
    """``lines`` but those whose stored options cannot be read, each said in one warning
    (``told``: :data:`NOT_LISTED`, or :data:`NOT_RESUMABLE`)."""
    kept = []
    for line in lines:
        if line.unreadable is None:
            kept.append(line)
        else:
            log.warning(told.format(id=line.row.id, db=line.db, why=line.unreadable))
    return kept


def listed_everywhere(
    local: Path,
    timeout: float,
    query: SessionQuery,
    status: str | None,
    *,
    one: bool,
    missing_ok: bool = False,
) -> Page:
    """``coord sessions``: the sessions of the local database (``one``), or of every
    database the index knows, newest first, and how many match (:func:`listed_page`); a
    database that cannot be read is skipped with one warning line. ``missing_ok``: a
    local database not made yet holds none. A session in two databases (a copied project,
    ``cp -r``, copies its database) is listed once, where ``log`` and ``resume`` find it
    (:func:`_once`); when a database's page was cut, the copies beyond it are not known,
    so neither is the count."""
    read = _read_each(local, timeout, lambda s: listed_page(s, query, status), one, missing_ok)
    lines = [line for page in read for line in page.lines]
    counts = [page.matched for page in read]
    matched = None if None in counts else sum(count or 0 for count in counts)
    partial = any(page.partial for page in read)
    if one:
        return Page(lines, matched, partial)
    once = _once(lines, local)
    if len(once) < len(lines) and matched is not None:
        cut = any(len(page.lines) != page.matched for page in read)
        matched = None if cut else len(once)
    lines = once
    lines.sort(key=lambda line: line.row.created_at, reverse=True)
    return Page(lines[: query.limit] if query.limit is not None else lines, matched, partial)


def _once(lines: list[SessionLine], local: Path) -> list[SessionLine]:
    """``lines`` with one line per session id: of copies in several databases, the local
    database's, else the one the index records for it (where :func:`open_session` finds
    it), else the first."""
    copies: dict[str, list[SessionLine]] = {}
    for line in lines:
        copies.setdefault(line.row.id, []).append(line)
    here = str(local.resolve())
    kept = []
    for sid, same in copies.items():
        home = _home_of(sid, [line.db for line in same], here)
        kept.append(next(line for line in same if line.db == home))
    return kept


def ran_agents_everywhere(
    local: Path, timeout: float, *, one: bool, missing_ok: bool = False
) -> set[str]:
    """The agents the sessions of the local database (``one``) or of every database the
    index knows ran in (:meth:`Store.ran_agents`)."""
    found = _read_each(local, timeout, lambda store: store.ran_agents(), one, missing_ok)
    return {agent for agents in found for agent in agents}


def newest_session(
    local: Path,
    timeout: float,
    statuses: tuple[str, ...] = (),
    *,
    one: bool = False,
    purpose: str = "show",
    asking: bool = False,
    here: str | None = None,
) -> str:
    """The id of the newest session (shown with one of ``statuses``, when given; asking a
    person a question, when ``asking``); none is a UserError saying there is no such
    session to ``purpose`` (show, resume, answer); ``here``: the workspace whose database
    alone is read (``one``), named in that error, and a database not made yet holds none."""

    def newest(store: Store) -> list[SessionLine]:
        query = SessionQuery(limit=1, asking=asking)
        return [line for s in statuses or (None,) for line in session_lines(store, query, s)]

    # each database read once for every status: one that cannot be read is one warning, but
    # this workspace's is the error: its newest session may be the one in there
    found = _read_each(local, timeout, newest, one, missing_ok=here is not None, local_fails=True)
    lines = [line for each in found for line in each]
    if lines:
        return max(lines, key=lambda line: line.row.created_at).row.id
    error = no_session(statuses, purpose, here)
    if here is not None:  # none here: the one the user likely meant, in another folder
        with _quiet():  # a database that cannot be read was warned of already, or is not ours
            elsewhere = [
                line for each in _read_each(local, timeout, newest, False) for line in each
            ]
        if elsewhere:
            error.hint = _elsewhere_hint(
                max(elsewhere, key=lambda line: line.row.created_at), purpose
            )
    raise error


def _elsewhere_hint(line: SessionLine, purpose: str) -> str:
    """The hint naming the newest session another workspace has for ``purpose`` (an
    ``answer``, a ``resume`` or to ``show``: ``coord log --here``), with the command that
    takes it."""
    sid, what = line.row.id, f"{line.status.replace('_', ' ')} one"
    if line.status == SessionStatus.NEEDS_REVIEW:  # (a verb: "the newest needs review one")
        what = "one that needs review"
    command = f"coord log {sid}"
    if purpose != "show":
        context = ' --context "…"' if purpose == "answer" else ""
        if not context and line.status == SessionStatus.WAITING:  # for a person, or a budget
            context = ' [--context "…"]'
        command = f"coord resume {sid}{context}"
    return (
        f"The newest {what} is in {line.row.workspace}: {command}"
        " (`coord sessions` lists every workspace's)."
    )


def no_session(statuses: tuple[str, ...], purpose: str, here: str | None = None) -> UserError:
    """No session (with one of ``statuses``) to ``purpose`` (``here``: in that workspace);
    with no status asked for, none was found at all (any database that could not be read
    was warned of), so the next step is to start one, not to list them."""
    if not statuses and here is None:
        return UserError(
            f"no session to {purpose}: none was found",
            hint='Start one with `coord run "…"`, or try `coord demo`.',
        )
    which = " or ".join(s.replace("_", " ") for s in statuses) or "stored"
    where = "" if here is None else f" in this workspace ({here})"
    hint = "Name one: `coord sessions` lists them."
    if here is not None:
        hint = "Name one: `coord sessions` lists every workspace's (coord resume ID)."
    if purpose == "answer":  # none asks here: another's, or one waiting for a budget
        hint = (
            "Name one: `coord sessions --status waiting` lists every workspace's (coord"
            " resume ID --context …); one waiting for a raised budget resumes without"
            " --context."
        )
    return UserError(f"no {which} session to {purpose}{where}", hint=hint)
