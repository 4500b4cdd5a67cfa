"""A run's conversation on the SQLite store: its messages kept pending with the open
transaction's step and read back (the SQL and the layout: :mod:`~coordinator.store.conversation`).

:class:`Conversations` is a base of :class:`~coordinator.store.db.Store`; PostgreSQL's store
overrides :meth:`~Conversations.append_message` and :meth:`~Conversations.messages` (its
messages are rows of their own).
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.store.conversation import (
    LAST_INDEX,
    MESSAGE_BITS,
    MESSAGE_SPAN,
    SELECT_MESSAGES,
    SELECT_MESSAGES_BACK,
    SESSION_MESSAGES,
)
from coordinator.store.encoding import JSON, MessageEntry
from coordinator.store.faults import bad_row
from coordinator.store.transactions import Transactions

if TYPE_CHECKING:
    from coordinator.prompts import StoredPrompt


class Conversations(Transactions):
    """Appending to and reading a run's conversation (the store's state for it: each run's
    next message index and session, and the last session's messages read)."""

    def __init__(self, path: Path, db: sqlite3.Connection, timeout: float):
        super().__init__(path, db, timeout)
        #: The next message index and the session of runs this store appends to (filled by
        #: ``start_run`` or one read; forgotten on a rollback and when a session's lock goes).
        self._next_idx: dict[int, int] = {}
        self._run_session: dict[int, str] = {}
        #: The last session's messages read from its ``event_log`` rows, with the state of
        #: the file they were read at (session, own changes, ``PRAGMA data_version``).
        self._read_cache: tuple[tuple[str, int, int], dict[int, list[sqlite3.Row]]] | None = None

    def append_message(self, run_id: int, message: JSON) -> None:
        """Append one message to the run's conversation (written with the transaction's
        events: see :mod:`~coordinator.store.conversation`)."""
        if not self._depth:
            with self.transaction():
                self.append_message(run_id, message)
            return
        self._append(run_id, message)

    def _append(self, run_id: int, message: JSON) -> None:
        """Keep ``message`` for the open transaction's step row, at the run's next index."""
        idx = self._next_idx.get(run_id)
        if idx is None:
            idx = self._last_index(run_id) + 1
        sid = self._run_session.get(run_id)
        if sid is None:
            sid = self._session_of(run_id)
        self._next_idx[run_id] = idx + 1
        self._messages_of(sid).append((run_id, idx, message["role"], message["content"]))

    def _messages_of(self, sid: str) -> list[MessageEntry]:
        """The session's messages pending in the open transaction."""
        pending = self._pending.get(sid)
        if pending is None:
            pending = self._pending[sid] = ([], [])
        return pending[1]

    def _last_index(self, run_id: int) -> int:
        """The index of the run's newest message (-1: none)."""
        first = run_id << MESSAGE_BITS
        found = self._rows(LAST_INDEX, (first, first + MESSAGE_SPAN - 1, run_id))[0][0]
        return -1 if found is None else int(found)

    def _session_of(self, run_id: int) -> str:
        rows = self._rows("SELECT session_id FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise ValueError(f"no run {run_id}")
        self._run_session[run_id] = sid = str(rows[0][0])
        return sid

    def messages(self, run_id: int) -> list[JSON]:
        """The run's conversation as Messages API JSON, in order."""
        first = run_id << MESSAGE_BITS
        rows = self._rows(SELECT_MESSAGES, (first, first + MESSAGE_SPAN - 1))
        stepped = self._stepped(run_id).get(run_id)
        if stepped:
            rows = sorted([*rows, *stepped], key=lambda r: int(r["idx"]))
        return self._conversation(run_id, rows)

    def _stepped(self, run_id: int) -> dict[int, list[sqlite3.Row]]:
        """The messages in the ``event_log`` rows of the run's session, by run: read in one
        pass and kept until anything is written to the file (by any connection)."""
        sid = self._run_session.get(run_id)
        if sid is None:
            known = self._rows("SELECT session_id FROM runs WHERE id = ?", (run_id,))
            if not known:
                return {}  # no such run: no conversation, as before
            sid = str(known[0][0])
        if self._pending or self._run_update is not None:
            self._flush()
        stamp = (sid, self._db.total_changes, self._data_version())
        if self._read_cache is not None and self._read_cache[0] == stamp:
            return self._read_cache[1]
        found: dict[int, list[sqlite3.Row]] = {}
        for row in self._rows(SESSION_MESSAGES, (sid,)):
            found.setdefault(int(row["run"]), []).append(row)
        self._read_cache = (stamp, found)
        return found

    def _conversation(self, run_id: int, rows: list[sqlite3.Row]) -> list[JSON]:
        """Rows of ``(idx, role, content)`` as Messages API JSON (a consult task or resume
        message kept by its pieces, a list that starts with a text, as its text:
        :meth:`_prompt`)."""
        said: list[JSON] = []
        for r in rows:
            key = f"{run_id}/{r['idx']}"
            content = self._json("messages", key, "content", r["content"])
            if type(content) is list and content and type(content[0]) is str:
                content = self._prompt(key, content)
            said.append({"role": r["role"], "content": content})
        return said

    def _prompt(self, key: str, stored: StoredPrompt) -> str:
        """The text of a consult task or resume message the store keeps by its pieces
        (schema 13: :data:`~coordinator.prompts.StoredPrompt`; schema 17: the quoted text
        read from the message it repeats, :meth:`_said`), as it was sent; a StoreError
        naming the message when it is no such thing."""
        from coordinator.prompts import prompt_text

        try:
            return prompt_text(stored, self._said)
        except ValueError as exc:
            self._fault = bad_row(self.where, "messages", key, "content", exc)
            raise self._fault from None

    def _said(self, run_id: int, idx: int) -> str:
        """The final text of the run's conversation up to its message ``idx`` (an assistant
        message), read as stored (a prompt kept by its pieces is a user message that is not
        read: :func:`~coordinator.prompts.final_text` stops at it). Read back from ``idx``
        only to the user message it stops at (one whose stored text does not hold
        :data:`~coordinator.prompts.CONTINUE_MARKER` is never a continuation): a quote
        costs its final message, not the conversation before it."""
        from coordinator.prompts import CONTINUE_MARKER, final_text

        tail: list[JSON] = []  # newest first
        stopped = False
        for r in self._said_rows(run_id, idx):
            if int(r["idx"]) != idx - len(tail):
                break  # a message missing
            content = self._json("messages", f"{run_id}/{r['idx']}", "content", r["content"])
            if type(content) is list and content and type(content[0]) is str:
                content = ""  # a prompt's pieces: a user message, not a continuation
            tail.append({"role": r["role"], "content": content})
            if r["role"] == "user" and CONTINUE_MARKER not in str(r["content"]):
                stopped = True
                break
        if not tail or tail[0]["role"] != "assistant" or not (stopped or len(tail) == idx + 1):
            raise ValueError(f"no stored message {run_id}/{idx} to quote")
        return final_text(tail[::-1])

    def _said_rows(self, run_id: int, idx: int) -> Iterator[Any]:
        """The run's stored messages from its ``idx`` back to its first, newest first,
        read a few at a time (those in the session's ``event_log`` rows merged in)."""
        first = run_id << MESSAGE_BITS
        logged = newest_first(
            lambda hi, limit: self._rows(SELECT_MESSAGES_BACK, (first, first + hi, limit)), idx
        )
        stepped = [r for r in self._stepped(run_id).get(run_id, ()) if int(r["idx"]) <= idx]
        if not stepped:
            return logged
        stepped.sort(key=lambda r: -int(r["idx"]))
        return heapq.merge(logged, stepped, key=lambda r: -int(r["idx"]))

    def _forget_runs(self, session_id: str) -> None:
        """Forget the message indexes of the session's runs when its lock goes: another
        process may append to them while this one does not hold the session."""
        for run_id in [r for r, sid in self._run_session.items() if sid == session_id]:
            del self._run_session[run_id]
            self._next_idx.pop(run_id, None)


#: How many messages a quote's read back takes at a time (its final message and the user
#: message before it, mostly).
SAID_ROWS = 4


def newest_first(fetch: Callable[[int, int], Sequence[Any]], idx: int) -> Iterator[Any]:
    """A run's message rows from ``idx`` back, newest first, ``fetch(hi, limit)`` giving the
    at most ``limit`` newest of those at or before ``hi`` (each with its ``idx``), as they
    are taken."""
    hi = idx
    while hi >= 0:
        rows = fetch(hi, SAID_ROWS)
        yield from rows
        if len(rows) < SAID_ROWS:
            return
        hi = int(rows[-1]["idx"]) - 1
