"""What a run asks of others on the SQLite store: its delegations (a blocked run's question,
answered by a consult or waiting for a person) and its tool calls (started, then done).

:class:`Calls` is a base of :class:`~coordinator.store.db.Store`: plain rows, each written
in the open transaction (or one of its own) and scrubbed (:meth:`~Transactions._write`).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from typing import Any

from coordinator.status import DelegationStatus, RunStatus
from coordinator.store.conversation import SEQ_BITS, SEQ_MASK
from coordinator.store.encoding import JSON, _dumps
from coordinator.store.faults import bad_row
from coordinator.store.rows import (
    DelegationRow,
    RunRow,
    ToolCallRow,
    _tool_row,
    without_number,
)
from coordinator.store.transactions import Transactions

#: The session's number of the id ``?1``.
_NO = "(SELECT no FROM sessions WHERE id = ?1)"
#: A new delegation's id (schema 10, :func:`~coordinator.store.schema._migration_10`): its
#: session's number times 2**32 plus its number in the session (one past the table's last
#: id below the next session's range when that is the session's, else the range's first),
#: so a session's delegations are one range of the table's own B-tree, in the order they
#: were made, and no index by session is written with each question. A session the file
#: does not hold has no number: its key is a text, which an INTEGER PRIMARY KEY refuses
#: (IntegrityError, "datatype mismatch"), as the foreign key did (a NULL key would be
#: numbered after the table's last row instead).
DELEGATION_KEY = (
    "COALESCE(max(COALESCE((SELECT id FROM delegations"
    f" WHERE id < ({_NO} + 1) << {SEQ_BITS} ORDER BY id DESC LIMIT 1), 0),"
    f" {_NO} << {SEQ_BITS}) + 1, 'no such session')"
)


#: A consult answered its question: its run ended with an answer (complete, or needs
#: review; a failed one's question turns to waiting in the same step). Since schema 11 the
#: answer writes nothing to the question's row (:func:`~.schema._migration_11`): the
#: consult's own outcome, stored in that step, says it.
_ANSWERED = "d.status = 'consulting' AND (c.status = 'complete' OR c.status = 'needs_review')"
#: A delegation's row as read, from ``(…) d`` (the question's rows); a question answered by
#: its consult reads ``answered``, by that consult's agent, when the consult ended (a row
#: answered by older code, or by a person, says so itself).
_READ_DELEGATION = (
    "SELECT d.id, d.session_id, d.parent_run_id, d.child_run_id, d.domain, d.blocker,"
    f" d.required, CASE WHEN {_ANSWERED} THEN 'answered' ELSE d.status END AS status,"
    f" d.waiting_reason, CASE WHEN {_ANSWERED} THEN c.agent ELSE d.answered_by END"
    f" AS answered_by, d.created_at, CASE WHEN {_ANSWERED} THEN c.ended_at"
    " ELSE d.answered_at END AS answered_at"
    " FROM ({}) d LEFT JOIN runs c ON c.id = d.child_run_id"
)
#: A consult's run that is its question (schema 12, :func:`question_id`), as read
#: (:func:`_held_row`); ``c.``: the run's table, for the session's condition.
_HELD_QUESTIONS = (
    "SELECT c.id, c.session_id, c.parent_run_id, c.domain, c.status, c.agent, c.started_at,"
    " c.ended_at, c.question FROM runs c WHERE c.question IS NOT NULL AND c.{}"
)
#: The statuses of a consult's run that answer its question (:data:`_ANSWERED`).
_ANSWERING = frozenset({RunStatus.COMPLETE, RunStatus.NEEDS_REVIEW})
#: How a question starts that holds the columns its asker's row is owed (schema 14,
#: :func:`owed_question`): ``[{report}, turns, ...]`` (older ones: ``[blocker, required]``,
#: each a text or null).
OWING = "[{"
#: The counters such a question holds after the report, in order (all the run's own
#: counters its final turn changes: ``AgentRunner._add_usage``).
OWED_COUNTERS = (
    "turns",
    "stop_reason",
    "input_tokens",
    "output_tokens",
    "cost_usd",
    "model_ms",
    "cache_write_tokens",
    "cache_read_tokens",
)
_DECODER = json.JSONDecoder()


def question_id(run_id: int) -> int:
    """The id of the question a consult's run holds (schema 12: no ``delegations`` row):
    the run's id negated, so no row's id (positive: its session's range in SQLite, an
    identity in PostgreSQL) can be the same."""
    return -run_id


def question_ref(delegation_id: int) -> str:
    """The short form of a question's id that a person types (``coord resume --question
    q2``): ``q`` and its number in its session, the low bits of a SQLite store's id (since
    schema 10 the session's number times 2**32 plus that number: 11 digits), or ``q`` and
    an id not so keyed (PostgreSQL's identity, a question of a store before schema 10:
    already short). Unique in its session, as the id is; nothing stored changes."""
    return f"q{delegation_id & SEQ_MASK if delegation_id > SEQ_MASK else delegation_id}"


def names_question(given: str, delegation_id: int) -> bool:
    """Whether ``given`` (``--question``: a question's id as ``--json`` gives it, or its
    short form, :func:`question_ref`; checked by ``lookup.question_given``) names the
    question ``delegation_id``."""
    if given[:1] in "qQ":
        return question_ref(delegation_id) == f"q{int(given[1:])}"
    return int(given) == delegation_id


class Calls(Transactions):
    """A run's delegations and tool calls."""

    #: A delegation's row, keyed in its session's range (:data:`DELEGATION_KEY`; PostgreSQL:
    #: an identity column, the session named by id).
    _INSERT_DELEGATION = (
        "INSERT INTO delegations (id, session_id, parent_run_id, child_run_id, domain,"
        " blocker, required, status, waiting_reason, created_at)"
        f" VALUES ({DELEGATION_KEY}, ?1,"
        " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    )

    #: A question answered (by a person; a consult's answer is read from its run's
    #: outcome: :data:`_READ_DELEGATION`).
    _ANSWER_DELEGATION = (
        "UPDATE delegations SET status = 'answered', answered_by = ?, answered_at = ? WHERE id = ?"
    )

    # ---- delegations ---------------------------------------------------------------------

    def add_delegation(
        self,
        session_id: str,
        parent_run_id: int,
        *,
        domain: str | None,
        blocker: str | None,
        required: str | None,
        child_run_id: int | None = None,
        waiting_reason: str | None = None,
    ) -> int:
        """Record a blocked run's question: consulting ``child_run_id`` or waiting (a
        consult started since schema 12 holds its question: :meth:`start_run`'s
        ``question``, no row)."""
        status = (
            DelegationStatus.CONSULTING if child_run_id is not None else DelegationStatus.WAITING
        )
        asked = (session_id, parent_run_id, child_run_id, domain, blocker, required, status)
        return self._insert_delegation(asked, waiting_reason, time.time())

    def _insert_delegation(
        self, asked: tuple[Any, ...], waiting_reason: str | None, created_at: float
    ) -> int:
        """A ``delegations`` row: ``asked`` is its session, parent and child runs, domain,
        blocker, required and status."""
        cur = self._write(self._INSERT_DELEGATION, (*asked, waiting_reason, created_at))
        return int(cur.lastrowid or 0)

    def answer_delegation(self, delegation_id: int, answered_by: str) -> None:
        """Mark the question answered by ``answered_by`` (``person``; a consult that ends
        with an answer needs no write: :data:`_READ_DELEGATION`)."""
        self._write(self._ANSWER_DELEGATION, (answered_by, time.time(), delegation_id))

    def set_waiting(self, delegation_id: int, reason: str) -> int:
        """Turn a consulting delegation into one waiting for a person; returns its id. A
        question its consult's run holds (:func:`question_id`) becomes a row, asked when
        the run started, and the run's copy is cleared so that it is read once."""
        if delegation_id > 0:
            self._write(
                "UPDATE delegations SET status = 'waiting', waiting_reason = ? WHERE id = ?",
                (reason, delegation_id),
            )
            return delegation_id
        q = self.delegation(delegation_id)
        self._write("UPDATE runs SET question = NULL WHERE id = ?", (q.child_run_id,))
        asked = (q.session_id, q.parent_run_id, q.child_run_id, q.domain, q.blocker, q.required)
        return self._insert_delegation((*asked, DelegationStatus.WAITING), reason, q.created_at)

    def retry_delegation(self, delegation_id: int) -> None:
        """Close a waiting question that is being asked again (``coord resume``)."""
        self._write("UPDATE delegations SET status = 'retried' WHERE id = ?", (delegation_id,))

    def delegation(self, delegation_id: int) -> DelegationRow:
        """One delegation by id (a consult's run's question: :func:`question_id`)."""
        if delegation_id < 0:
            held = _HELD_QUESTIONS.format("id = ?")
            return self._held_row(self._rows(held, (-delegation_id,))[0])
        rows = self._rows(
            _READ_DELEGATION.format("SELECT * FROM delegations WHERE id = ?"), (delegation_id,)
        )
        return _delegation_row(rows[0])

    def delegations(self, session_id: str) -> list[DelegationRow]:
        """The session's delegations in the order they were made: its rows and the
        questions its consults' runs hold (schema 12)."""
        own = f"SELECT * FROM delegations WHERE {self._DELEGATIONS_OF_SESSION}"
        rows = self._rows(_READ_DELEGATION.format(own) + " ORDER BY d.id", (session_id,))
        read = [_delegation_row(r) for r in rows]
        held = self._rows(_HELD_QUESTIONS.format(self._OF_SESSION), (session_id,))
        if not held:
            return read
        read += [self._held_row(r) for r in held]
        return sorted(read, key=lambda d: (d.created_at, d.id))

    def waiting_question(self, session_id: str) -> tuple[DelegationRow, str] | None:
        """The question the session waits on a person's answer to (its latest waiting
        delegation: a consult's run's question is made a row when it turns to waiting)
        and the agent of the run that asked it; None when it asks none (a budget, a held
        tool call). One statement on the session's own rows."""
        rows = self._rows(
            "SELECT d.*, r.agent AS _asker FROM delegations d JOIN runs r ON r.id ="
            f" d.parent_run_id WHERE d.{self._DELEGATIONS_OF_SESSION} AND d.status = 'waiting'"
            " ORDER BY d.id DESC LIMIT 1",
            (session_id,),
        )
        if not rows:
            return None
        fields = without_number(rows[0])
        asker = str(fields.pop("_asker"))
        return DelegationRow(**fields), asker

    def _held_row(self, row: Any) -> DelegationRow:
        """The question a consult's run holds (:data:`_HELD_QUESTIONS`), read as its row
        would be: asked when the run started, answered by its agent when it ended with an
        answer."""
        blocker, required, _ = self._question(row["id"], row["question"])
        return _held_question(row, blocker, required)

    def _question(self, run_id: int, text: str) -> tuple[str | None, str | None, JSON | None]:
        """A consult's run's ``question``: its blocker and required, and since schema 14
        the columns its asker's row is owed (:func:`owed_question`; None in an older one,
        ``[blocker, required]``). A StoreError naming the row when it is neither."""
        if text.startswith(OWING):
            try:
                return _owed(text)
            except ValueError as exc:
                fault = exc
        else:
            asked = self._json("runs", run_id, "question", text)
            if isinstance(asked, list) and len(asked) == 2:
                return asked[0], asked[1], None
            fault = ValueError("not [blocker, required]")
        self._fault = bad_row(self.where, "runs", run_id, "question", fault)
        raise self._fault

    def _as_read(self, runs: list[RunRow]) -> list[RunRow]:
        """``runs`` (all of a session's, or of several) as read: a run whose blocked step
        left its row's columns to its next write (schema 14) reads, until that write, as
        that step would have written it (blocked, its final turn counted, its report) from
        the question its consult's run holds. Its row counts fewer turns than the
        question's copy until then; after, as many or more."""
        owed: dict[int, JSON] = {}
        for run in runs:
            text = run.question
            if text is not None and text.startswith(OWING) and run.parent_run_id is not None:
                owed[run.parent_run_id] = self._question(run.id, text)[2] or {}  # the latest
        if not owed:
            return runs
        return [_owing(run, owed[run.id]) if run.id in owed else run for run in runs]

    # ---- tool calls ----------------------------------------------------------------------

    def tool_started(self, run_id: int, turn: int, tool_use_id: str, name: str, args: JSON) -> None:
        """Record that a tool call of assistant turn ``turn`` is about to run."""
        self._write(
            "INSERT INTO tool_calls (run_id, turn, tool_use_id, name, input, state, started_at)"
            " VALUES (?, ?, ?, ?, ?, 'started', ?)",
            (run_id, turn, tool_use_id, name, _dumps(args), time.time()),
        )

    def tool_done(
        self, run_id: int, turn: int, tool_use_id: str, result: str, is_error: bool
    ) -> None:
        """Record a tool call's result."""
        self._write(
            "UPDATE tool_calls SET state = 'done', result = ?, is_error = ?, ended_at = ?"
            " WHERE run_id = ? AND turn = ? AND tool_use_id = ?",
            (result, int(is_error), time.time(), run_id, turn, tool_use_id),
        )

    def tool_calls(self, run_id: int, turn: int) -> dict[str, ToolCallRow]:
        """The tool calls of one assistant turn of a run, by tool_use id."""
        rows = self._rows("SELECT * FROM tool_calls WHERE run_id = ? AND turn = ?", (run_id, turn))
        return {r["tool_use_id"]: _tool_row(r) for r in rows}

    def all_tool_calls(self, session_id: str) -> list[ToolCallRow]:
        """Every tool call of a session, in the order they started."""
        rows = self._rows(
            "SELECT t.* FROM tool_calls t JOIN runs r ON r.id = t.run_id"
            f" WHERE r.{self._OF_SESSION} ORDER BY t.started_at, t.rowid",
            (session_id,),
        )
        return [_tool_row(r) for r in rows]

    def tool_input(self, call: ToolCallRow) -> JSON:
        """The JSON input a tool call was given."""
        key = f"{call.run_id}/{call.turn}/{call.tool_use_id}"
        data = self._json("tool_calls", key, "input", call.input)
        return data if isinstance(data, dict) else {}


def _held_question(row: Any, blocker: str | None, required: str | None) -> DelegationRow:
    """:meth:`Calls._held_row` of a run's row and its question."""
    answered = row["status"] in _ANSWERING
    return DelegationRow(
        id=question_id(row["id"]),
        session_id=row["session_id"],
        parent_run_id=row["parent_run_id"],
        child_run_id=row["id"],
        domain=row["domain"],
        blocker=blocker,
        required=required,
        status=DelegationStatus.ANSWERED if answered else DelegationStatus.CONSULTING,
        waiting_reason=None,
        answered_by=row["agent"] if answered else None,
        created_at=row["started_at"],
        answered_at=row["ended_at"] if answered else None,
    )


def owed_question(owed: JSON) -> str:
    """The question of a consult's run whose asker's row is owed ``owed`` (its blocked
    step's columns: :attr:`~coordinator.runtime.state.RunState.owed`): its report's JSON
    as it is (it holds the blocker and what is required), then :data:`OWED_COUNTERS`. Made
    by formatting: encoding them as a JSON object cost ~3x as much (bench/RESULTS.md,
    "hop46")."""
    return (
        f"[{owed['report']},{owed['turns']},{_dumps(owed['stop_reason'])},"
        f"{owed['input_tokens']},{owed['output_tokens']},{owed['cost_usd']!r},"
        f"{owed['model_ms']},{owed.get('cache_write_tokens', 0)},"
        f"{owed.get('cache_read_tokens', 0)}]"
    )


def _owed(text: str) -> tuple[str | None, str | None, JSON]:
    """:func:`owed_question`'s text read: the blocker and required of its report, and the
    columns owed (the report as the text it was written as). ValueError when it is not."""
    report, end = _DECODER.raw_decode(text, 1)
    counters = json.loads("[" + text[end + 1 :])
    if not (
        isinstance(report, dict)
        and text[end] == ","
        and len(counters) == len(OWED_COUNTERS)
        and all(_counter(name, value) for name, value in zip(OWED_COUNTERS, counters, strict=True))
    ):
        raise ValueError("not [report, counters]")
    owed: JSON = dict(zip(OWED_COUNTERS, counters, strict=True))
    owed["report"] = text[1:end]
    return report.get("blocker"), report.get("required"), owed


def _counter(name: str, value: object) -> bool:
    """Whether ``value`` can be the owed column ``name``: ``stop_reason`` a text or null,
    every other a number (a damaged row is a named bad row, not a view's traceback)."""
    if name == "stop_reason":
        return value is None or isinstance(value, str)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _owing(run: RunRow, owed: JSON) -> RunRow:
    """``run`` as read with the columns its row is owed, when it is still owed them."""
    if not owed or run.turns >= owed["turns"]:  # its next write gave them (or newer) to its row
        return run
    return replace(run, status=RunStatus.BLOCKED, **owed)


def _delegation_row(row: Any) -> DelegationRow:
    """A ``delegations`` row read (without the session's number, which only SQLite has)."""
    return DelegationRow(**without_number(row))
