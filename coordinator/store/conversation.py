"""Where a SQLite store keeps the runs' conversations (schema 6): the SQL, no Python state.

A message appended in a transaction that also logs events for its session is kept in that
step's ``event_log`` row (column ``messages``: a JSON array of ``[run_id, idx, role,
content]`` entries, a deleted one a JSON null; ``message_run``: their run when they are
all one run's), so a model turn writes one row for its
message and its events instead of a row in a second B-tree. A message of a transaction
that logs no event (or whose text the scrubber would change, or that holds a float JSON
cannot: NaN, infinity) is a row of ``message_log``, keyed by ``run_id * 2**24 + idx``
(:data:`MESSAGE_BITS`): one rowid B-tree holding each run's messages in order. Migrated
messages are there too. The view ``messages`` shows both with the old table's columns
(``run_id, idx, role, content`` and ``rowid`` = the key); writes through it (tools, old
scripts, tests) go to ``message_log``. PostgreSQL keeps its ``messages`` table.
"""

from __future__ import annotations

#: A message's key in ``message_log``: its run's id times 2**24 plus its index in the run's
#: conversation (16,777,216 messages a run at most).
MESSAGE_BITS = 24
MESSAGE_SPAN = 1 << MESSAGE_BITS
#: Since schema 9 an ``event_log`` row's key (``seq``) is its session's number times
#: 2**32 plus the row's first event's number in the session (its events are numbered on
#: from there), so a session's rows are one range of the table's own B-tree: no index by
#: session to write on every step (:func:`~coordinator.store.schema._migration_9`).
SEQ_BITS = 32
SEQ_MASK = (1 << SEQ_BITS) - 1


def in_session(number: str, key: str = "seq") -> str:
    """SQL: ``key`` (an ``event_log`` row's) lies in the range of the session whose number
    is the SQL expression ``number`` (a subquery is evaluated once, each side)."""
    return f"{key} BETWEEN ({number}) << {SEQ_BITS} AND (({number}) << {SEQ_BITS}) + {SEQ_MASK}"


_MASK = MESSAGE_SPAN - 1
_KEY = f"(NEW.run_id << {MESSAGE_BITS}) + NEW.idx"
_OLD_KEY = f"(OLD.run_id << {MESSAGE_BITS}) + OLD.idx"
#: The ``event_log`` rows of a run's session holding its messages (parameter ``?3``: the
#: run): ``message_run`` is the run when every message of the row is that run's (the
#: usual case; NULL otherwise), so the other runs' rows are skipped without parsing them.
_STEP_ROWS = (
    "FROM event_log b, json_each(b.messages) j"
    f" WHERE {in_session('SELECT session_no FROM runs WHERE id = ?3', 'b.seq')}"
    " AND b.messages IS NOT NULL AND (b.message_run = ?3 OR b.message_run IS NULL)"
    " AND j.type = 'array' AND j.value ->> 0 = ?3"
)
#: The entry of ``OLD``'s message in an ``event_log`` row (for writes through the view).
_OLD_ENTRY = (
    "(SELECT j.key FROM json_each(event_log.messages) j WHERE j.type = 'array'"
    " AND j.value ->> 0 = OLD.run_id AND j.value ->> 1 = OLD.idx)"
)


def messages_view(session: str) -> str:
    """The view ``messages`` and its triggers (an update moves the message to
    ``message_log``); ``session``: the column naming a session in ``runs`` and
    ``event_log`` (``session_id`` before schema 7, ``session_no`` since; ``seq`` since
    schema 9, whose key holds the session's number: :data:`SEQ_BITS`)."""
    if session == "seq":
        of_run = in_session("SELECT session_no FROM runs WHERE id = OLD.run_id")
    else:
        of_run = f"{session} = (SELECT {session} FROM runs WHERE id = OLD.run_id)"
    drop_old = f"""
        DELETE FROM message_log WHERE id = {_OLD_KEY};
        UPDATE event_log SET messages = json_replace(messages, '$[' || {_OLD_ENTRY} || ']', NULL)
            WHERE {of_run}
            AND messages IS NOT NULL AND {_OLD_ENTRY} IS NOT NULL;
"""
    return f"""
    CREATE VIEW messages (run_id, idx, role, content, rowid) AS
        SELECT id >> {MESSAGE_BITS}, id & {_MASK}, role, content, id FROM message_log
        UNION ALL
        SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value -> 3,
               ((j.value ->> 0) << {MESSAGE_BITS}) + (j.value ->> 1)
        FROM event_log b, json_each(b.messages) j
        WHERE b.messages IS NOT NULL AND j.type = 'array';
    CREATE TRIGGER messages_insert INSTEAD OF INSERT ON messages BEGIN
        SELECT RAISE(ABORT, 'message index out of range')
            WHERE NEW.idx NOT BETWEEN 0 AND {_MASK};
        INSERT INTO message_log (id, role, content) VALUES ({_KEY}, NEW.role, NEW.content);
    END;
    CREATE TRIGGER messages_update INSTEAD OF UPDATE ON messages BEGIN
        {drop_old}
        INSERT INTO message_log (id, role, content) VALUES ({_KEY}, NEW.role, NEW.content);
    END;
    CREATE TRIGGER messages_delete INSTEAD OF DELETE ON messages BEGIN
        {drop_old}
    END;
"""


#: Messages of ``message_log`` (parameters: id, role, content).
INSERT_MESSAGE = "INSERT INTO message_log (id, role, content) VALUES (?, ?, ?)"
#: A run's messages in ``message_log`` (parameters: its first key, its last key).
SELECT_MESSAGES = (
    f"SELECT id & {_MASK} AS idx, role, content FROM message_log WHERE id BETWEEN ? AND ?"
)
#: A run's newest messages in ``message_log``, newest first (parameters: its first key, the
#: last key wanted, how many).
SELECT_MESSAGES_BACK = SELECT_MESSAGES + " ORDER BY id DESC LIMIT ?"
#: A session's messages in its ``event_log`` rows (parameter: the session's id): one pass
#: for all its runs, as resuming and ``coord log --transcript`` read every run's.
SESSION_MESSAGES = (
    "SELECT j.value ->> 0 AS run, j.value ->> 1 AS idx, j.value ->> 2 AS role,"
    " j.value -> 3 AS content FROM event_log b, json_each(b.messages) j"
    f" WHERE {in_session('SELECT no FROM sessions WHERE id = ?1', 'b.seq')}"
    " AND b.messages IS NOT NULL AND j.type = 'array'"
)
#: The index of a run's newest message, or NULL (parameters as :data:`SELECT_MESSAGES`).
LAST_INDEX = f"""
    SELECT MAX(i) FROM (
        SELECT (SELECT id FROM message_log WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC LIMIT 1)
               & {_MASK} AS i
        UNION ALL
        SELECT j.value ->> 1 {_STEP_ROWS}
    )
"""
#: A session's messages in ``message_log`` (parameter: the session's id).
DELETE_MESSAGES = (
    "DELETE FROM message_log WHERE id IN (SELECT m.id FROM runs r, message_log m"
    " WHERE r.session_no = (SELECT no FROM sessions WHERE id = ?)"
    f" AND m.id BETWEEN r.id << {MESSAGE_BITS}"
    f" AND (r.id << {MESSAGE_BITS}) + {_MASK})"
)
#: A session's step row with its events and messages (parameters: the session's id, n,
#: rows, message_run, messages), keyed in its session's range (:data:`SEQ_BITS`): one past
#: the last event of the table's last row below the next session's range when that row is
#: the session's, else the range's first (an earlier session's rows end at or before it).
#: A session the file does not hold has no number: its key is a text, which the INTEGER
#: PRIMARY KEY refuses (IntegrityError, "datatype mismatch"), as its foreign key did before
#: schema 9 (a NULL key would be numbered after the table's last row; a third look-up of
#: the number, to leave ``rows`` NULL instead, cost ~2 K instructions a step: hop39).
#: ``rows`` and ``messages`` may be bound as UTF-8 bytes: stored as text (a blob would be
#: JSONB to a newer SQLite's JSON functions).
_NO = "(SELECT no FROM sessions WHERE id = ?1)"
INSERT_STEP = (
    "INSERT INTO event_log (seq, n, rows, message_run, messages) VALUES (COALESCE(max(COALESCE("
    f"(SELECT seq + n FROM event_log WHERE seq < ({_NO} + 1) << {SEQ_BITS}"
    f" ORDER BY seq DESC LIMIT 1), 0), ({_NO} << {SEQ_BITS}) + 1), 'no such session'), ?2,"
    " CAST(?3 AS TEXT), ?4, CAST(?5 AS TEXT))"
)
