"""What a run asks of others on the SQLite store: its delegations (a blocked run's question,
answered by a consult or waiting for a person) and its tool calls (started, then done).

:class:`Calls` is a base of :class:`~coordinator.store.db.Store`: plain rows, each written
in the open transaction (or one of its own) and scrubbed (:meth:`~Transactions._write`).
"""

from __future__ import annotations

import time
from typing import Any

from coordinator.status import DelegationStatus
from coordinator.store.conversation import SEQ_BITS
from coordinator.store.encoding import JSON, _dumps
from coordinator.store.rows import DelegationRow, ToolCallRow, _tool_row, without_number
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
        """Record a blocked run's question: consulting ``child_run_id`` or waiting."""
        status = (
            DelegationStatus.CONSULTING if child_run_id is not None else DelegationStatus.WAITING
        )
        cur = self._write(
            self._INSERT_DELEGATION,
            (
                session_id,
                parent_run_id,
                child_run_id,
                domain,
                blocker,
                required,
                status,
                waiting_reason,
                time.time(),
            ),
        )
        return int(cur.lastrowid or 0)

    def answer_delegation(self, delegation_id: int, answered_by: str) -> None:
        """Mark the question answered by ``answered_by`` (``person``; a consult that ends
        with an answer needs no write: :data:`_READ_DELEGATION`)."""
        self._write(self._ANSWER_DELEGATION, (answered_by, time.time(), delegation_id))

    def set_waiting(self, delegation_id: int, reason: str) -> None:
        """Turn a consulting delegation into one waiting for a person."""
        self._write(
            "UPDATE delegations SET status = 'waiting', waiting_reason = ? WHERE id = ?",
            (reason, delegation_id),
        )

    def retry_delegation(self, delegation_id: int) -> None:
        """Close a waiting question that is being asked again (``coord resume``)."""
        self._write("UPDATE delegations SET status = 'retried' WHERE id = ?", (delegation_id,))

    def delegation(self, delegation_id: int) -> DelegationRow:
        """One delegation by id."""
        rows = self._rows(
            _READ_DELEGATION.format("SELECT * FROM delegations WHERE id = ?"), (delegation_id,)
        )
        return _delegation_row(rows[0])

    def delegations(self, session_id: str) -> list[DelegationRow]:
        """The session's delegations in the order they were made."""
        own = f"SELECT * FROM delegations WHERE {self._DELEGATIONS_OF_SESSION}"
        rows = self._rows(_READ_DELEGATION.format(own) + " ORDER BY d.id", (session_id,))
        return [_delegation_row(r) for r in rows]

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


def _delegation_row(row: Any) -> DelegationRow:
    """A ``delegations`` row read (without the session's number, which only SQLite has)."""
    return DelegationRow(**without_number(row))
