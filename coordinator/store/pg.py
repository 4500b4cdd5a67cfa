"""The PostgreSQL backend of the session store, and the shared work queue of workers.

Selected by ``--db postgresql://…`` (or ``db:`` in the user config, or ``COORD_DB``); needs
the ``postgres`` extra (psycopg 3), imported only here. :class:`PgStore` is the same
:class:`~coordinator.store.db.Store`: the same tables, made by the same migrations, whose
SQLite SQL the connection adapter translates (placeholders, identity keys; SQLite's implicit
``rowid`` is a real identity column here, hidden from rows read).

What only a shared database needs: the workers' engine, Procrastinate, whose schema is
created with ours on first use (:mod:`.pgqueue`: a session is one job "drive session S"), and
one lease table, ``coordinator_jobs``: one row per session handed to workers. Claiming a
session bumps its ``epoch`` and records the claiming connection's backend pid; every
transaction of the claiming store re-reads the epoch (``FOR SHARE``) and raises
:class:`Fenced` when another worker has claimed the session since, so a worker that was
paused or cut off stops before its next write (each model turn and each tool start is one).
A claiming store whose connection the server ended (a restart) opens it again after the
model call or tool in flight, waiting for the server without holding up the worker's event
loop, and takes the claim up again while the epoch is still its own
(:meth:`PgStore.rejoin`): the reply of a model call in flight is stored, not paid for
again. That wait is one per store, shared by the session's drive and its async hooks'
writes (one connection opened, the claim taken up once). A claim lost with its connection
before a model call, or whose check the database refused on a live one, the epoch still its
own, is queued again (:meth:`PgStore.requeue_lost_claim`). A stopping worker hands its
claim back at a step boundary (:meth:`PgStore.check_claim`, :class:`HandedBack`). Session
locks are session-scoped advisory locks, released by PostgreSQL the moment the holder's
connection dies.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import select
import shlex
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import quote, unquote, urlsplit

import psycopg
from psycopg.pq import TransactionStatus

from coordinator.clip import counted
from coordinator.errors import UserError
from coordinator.sanitize import (
    encodable_params,
    masked_url,
    register_url_credentials,
    safe_str,
    scrub_diagnostic,
    scrub_logging,
    secretless_url,
)
from coordinator.store import db as sqlite_store
from coordinator.store.faults import StoreError, StoreFault, not_ours
from coordinator.store.messages import newest_first
from coordinator.store.pg_errors import disk_full, rolled_back
from coordinator.store.pgworkers import under_root
from coordinator.store.rows import LeaseState

scrub_logging()  # psycopg's and its pool's log records (a user's DEBUG logging)

if TYPE_CHECKING:
    from coordinator.events import Event
    from coordinator.store.pgworkers import WorkersView

#: Seconds without a heartbeat after which the workers take a worker's sessions over as a
#: dead one's (``coord worker --lease``'s default): :meth:`PgStore.queued_note` counts only
#: the workers heard from within it (a killed worker's row stays until another prunes it).
LEASE = 5.0

#: First key of every advisory lock the coordinator takes ("coor").
LOCK_SPACE = 0x636F6F72
JOBS_DDL = """
CREATE TABLE IF NOT EXISTS coordinator_jobs (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    workspace TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('todo', 'doing', 'done', 'failed')),
    epoch BIGINT NOT NULL DEFAULT 0,
    worker TEXT,
    holder_pid INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    queued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ,
    error TEXT
)
"""
#: The flags of the ``coord resume`` that queued a session, as JSON (``resume_flags``
#: of :meth:`PgStore.enqueue`), for the worker that drives it; added to older tables.
JOBS_RESUME_DDL = "ALTER TABLE coordinator_jobs ADD COLUMN IF NOT EXISTS resume TEXT"
#: The leases still queued, for every worker's sweep of them each second
#: (``pgqueue._UNCLAIMED``): a few rows to read, not every session ever handed to workers.
#: Made by the tables' owner (a role that may not create it works without it, scanning).
JOBS_QUEUED_DDL = (
    "CREATE INDEX IF NOT EXISTS coordinator_jobs_queued ON coordinator_jobs (queued_at)"
    " WHERE state = 'todo'"
)
#: The leases being driven, for the same sweep's look for those left claimed with no job and
#: no holder (``pgqueue._ORPHANED``); made by the owner, as the one above.
JOBS_DRIVEN_DDL = (
    "CREATE INDEX IF NOT EXISTS coordinator_jobs_driven ON coordinator_jobs (queued_at)"
    " WHERE state = 'doing'"
)
#: Procrastinate's queued jobs by workspace, then priority and age, for the workers' fetch
#: fair between workspaces (``pgqueue._FETCH``: the first job of each workspace, one index
#: probe each, instead of every queued job read and sorted); made by the owner, as above.
QUEUED_BY_WORKSPACE_DDL = (
    "CREATE INDEX IF NOT EXISTS coordinator_queued_by_workspace ON procrastinate_jobs"
    " ((args->>'workspace'), priority DESC, id) WHERE status = 'todo'"
)
#: Procrastinate's queued jobs by lock, for the same fetch's check that no job of a session
#: queued before it holds a job back (Procrastinate's own reads its whole ``(id, lock)``
#: index for each row); made by the owner, as above.
QUEUED_BY_LOCK_DDL = (
    "CREATE INDEX IF NOT EXISTS coordinator_queued_by_lock ON procrastinate_jobs (lock)"
    " WHERE status = 'todo' AND lock IS NOT NULL"
)
#: The statement triggers that keep the heads (:data:`QUEUE_HEADS_DDL`): name, event, and
#: the transition tables it passes (one event each, no column list: PostgreSQL's rule for
#: transition tables).
HEADS_TRIGGERS: dict[str, tuple[str, str]] = {
    "coordinator_queue_heads_inserted": ("INSERT", "REFERENCING NEW TABLE AS coordinator_new_jobs"),
    "coordinator_queue_heads_updated": (
        "UPDATE",
        "REFERENCING OLD TABLE AS coordinator_old_jobs NEW TABLE AS coordinator_new_jobs",
    ),
    "coordinator_queue_heads_deleted": ("DELETE", "REFERENCING OLD TABLE AS coordinator_old_jobs"),
}
#: The heads' trigger functions (:data:`QUEUE_HEADS_DDL`). PostgreSQL grants ``EXECUTE``
#: on a new function to ``PUBLIC`` and checks it only as a trigger is made: a role sharing
#: the database with a table of its own (none of the team's) attached them to it and ran
#: them as their owner, emptying the heads (redteam112). Only the owner executes them, and
#: each does nothing but for Procrastinate's jobs table.
HEADS_FUNCTIONS = ("coordinator_queue_heads_kept", "coordinator_queue_heads_cleared")
#: The version of the heads' triggers (:data:`QUEUE_HEADS_DDL`), in each one's comment
#: (:data:`HEADS_MARK` then the number): 1 was ops108's row trigger, 2 ops109's statement
#: triggers (no comment), 3 these (the deadlock's own message). An owner makes them only
#: when the version there is older than its own, never when a newer coordinator's is there
#: (it works with that one: the table of heads is the same), so owners of mixed versions in
#: a rolling upgrade do not make each other's triggers again at every command.
HEADS_VERSION = 3
HEADS_MARK = "coordinator queue heads "
#: In place of ops108's row trigger of this name, once one was found (an ops108 or review124
#: owner in the fleet, whose commands made theirs again whenever the name was missing): a
#: trigger that fires only at a ``TRUNCATE`` (emptying the heads, as the other), costing no
#: write of a job. ops109's owners drop it (their check asks for the name absent).
OPS108_STAND_IN = (
    "CREATE TRIGGER coordinator_queue_head AFTER TRUNCATE ON procrastinate_jobs"
    " FOR EACH STATEMENT EXECUTE FUNCTION coordinator_queue_heads_cleared()"
)
#: The heads' triggers' versions found on the jobs' table (:data:`HEADS_VERSION`): the
#: newest, and whether ops108's row trigger or its stand-in is there.
_HEADS_FOUND = rf"""
SELECT coalesce(max(substring(obj_description(oid, 'pg_trigger')
                              FROM '^{HEADS_MARK}([0-9]+)$')::int), 0) AS newest,
       bool_or(tgname = 'coordinator_queue_head') AS ops108
FROM pg_trigger WHERE tgrelid = to_regclass('procrastinate_jobs')
"""
#: What a transaction deadlocked on the heads' locks is told (:data:`QUEUE_HEADS_DDL`): a
#: statement takes its workspaces' locks in order, but a transaction's statements one after
#: another cannot, and the locks are held to its commit.
HEADS_DEADLOCK = (
    "deadlock on the coordinator's queue heads: this transaction and another changed queued"
    " jobs of the same workspaces in separate statements, in opposite orders; this one was"
    " rolled back"
)
HEADS_DEADLOCK_HINT = (
    "Change one workspace's queued jobs in a transaction, or all of them in one statement"
    " (a statement takes the workspaces' locks in order), then run it again."
)
#: Each workspace's first queued job (by priority, then age: its head) with what the fetch
#: checks of it, kept by triggers on Procrastinate's jobs (ops108), for the fair fetch:
#: when the oldest queued are all of busy workspaces it reads the heads in order
#: (``pgqueue._FAR_HEADS``) instead of probing each workspace (12x first in, first out with
#: 500 workspaces behind one's long batch). The triggers run as the owner (``SECURITY
#: DEFINER``: the team's roles defer and take jobs without rights on this table). Once a
#: statement (ops109: a row trigger made a 1,000-row statement 2.5x dearer), they look again
#: at the heads of the workspaces whose queued jobs it changed, each only under the
#: workspace's transaction lock (:data:`HEADS_LOCK_SPACE`), taken in the locks' order (two
#: statements over the same workspaces never deadlock), so heads changed by two transactions
#: at once come out right. With the table gone they do nothing (the fetch then probes each
#: workspace; queueing never fails for the heads). Made by the owner, as above (with the
#: heads of the jobs queued then, ops108's row trigger dropped); a worker that may not read
#: it probes each workspace, as before. ``{schema}``: the schema, quoted; ``{heads}``: the
#: table's qualified name as a string. A ``TRUNCATE`` of the jobs (no other trigger fires)
#: empties it too, and the owner's next command makes the triggers again when one is
#: missing or disabled (review124: a stale head, first in the heads' order, kept the fetch
#: from the free workspaces behind it).
QUEUE_HEADS_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS coordinator_queue_heads (workspace TEXT PRIMARY KEY,"
    " job_id BIGINT NOT NULL, priority INTEGER NOT NULL, queue_name TEXT NOT NULL,"
    " scheduled_at TIMESTAMPTZ)",
    "CREATE INDEX IF NOT EXISTS coordinator_queue_heads_order"
    " ON coordinator_queue_heads (priority DESC, job_id)",
    """CREATE OR REPLACE FUNCTION coordinator_queue_heads_kept() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    spaces text[];
    lock_key integer;
BEGIN
    IF to_regclass({heads}) IS NULL OR TG_RELID IS DISTINCT FROM to_regclass({jobs}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT s) INTO spaces FROM (SELECT args->>'workspace' FROM
            coordinator_new_jobs WHERE status = 'todo') AS t(s) WHERE s IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT s) INTO spaces FROM (SELECT args->>'workspace' FROM
            coordinator_old_jobs WHERE status = 'todo') AS t(s) WHERE s IS NOT NULL;
    ELSE
        SELECT array_agg(DISTINCT s) INTO spaces FROM (
            SELECT args->>'workspace' FROM coordinator_old_jobs WHERE status = 'todo'
            UNION ALL
            SELECT args->>'workspace' FROM coordinator_new_jobs WHERE status = 'todo'
        ) AS t(s) WHERE s IS NOT NULL;
    END IF;
    IF spaces IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        FOR lock_key IN SELECT DISTINCT hashtext(s) FROM unnest(spaces) AS s ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock({lock_space}, lock_key);
        END LOOP;
    EXCEPTION WHEN deadlock_detected THEN
        RAISE EXCEPTION USING ERRCODE = 'deadlock_detected', MESSAGE = {deadlock_message},
            DETAIL = 'workspaces ' || array_to_string(spaces, ', '), HINT = {deadlock_hint};
    END;
    INSERT INTO {schema}.coordinator_queue_heads AS h
    SELECT s, head.id, head.priority, head.queue_name, head.scheduled_at
    FROM unnest(spaces) AS s CROSS JOIN LATERAL (
        SELECT j.id, j.priority, j.queue_name, j.scheduled_at FROM {schema}.procrastinate_jobs AS j
        WHERE j.args->>'workspace' = s AND j.status = 'todo'
        ORDER BY j.priority DESC, j.id LIMIT 1) AS head
    ON CONFLICT (workspace) DO UPDATE SET job_id = EXCLUDED.job_id,
        priority = EXCLUDED.priority, queue_name = EXCLUDED.queue_name,
        scheduled_at = EXCLUDED.scheduled_at
    WHERE (h.job_id, h.priority, h.queue_name, h.scheduled_at) IS DISTINCT FROM
        (EXCLUDED.job_id, EXCLUDED.priority, EXCLUDED.queue_name, EXCLUDED.scheduled_at);
    DELETE FROM {schema}.coordinator_queue_heads AS h
    WHERE h.workspace = ANY(spaces) AND NOT EXISTS (
        SELECT 1 FROM {schema}.procrastinate_jobs AS j
        WHERE j.args->>'workspace' = h.workspace AND j.status = 'todo');
    RETURN NULL;
END $$""",
    """CREATE OR REPLACE FUNCTION coordinator_queue_heads_cleared() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_RELID = to_regclass({jobs}) THEN
        DELETE FROM {schema}.coordinator_queue_heads;
    END IF;
    RETURN NULL;
END $$""",
    *(f"REVOKE ALL ON FUNCTION {name}() FROM PUBLIC" for name in HEADS_FUNCTIONS),
    *(f"DROP TRIGGER IF EXISTS {name} ON procrastinate_jobs" for name in HEADS_TRIGGERS),
    *(
        f"CREATE TRIGGER {name} AFTER {event} ON procrastinate_jobs {tables}"
        " FOR EACH STATEMENT EXECUTE FUNCTION coordinator_queue_heads_kept()"
        for name, (event, tables) in HEADS_TRIGGERS.items()
    ),
    "DROP TRIGGER IF EXISTS coordinator_queue_heads_cleared ON procrastinate_jobs",
    "CREATE TRIGGER coordinator_queue_heads_cleared AFTER TRUNCATE ON procrastinate_jobs"
    " FOR EACH STATEMENT EXECUTE FUNCTION coordinator_queue_heads_cleared()",
    *(
        f"COMMENT ON TRIGGER {name} ON procrastinate_jobs IS '{HEADS_MARK}{HEADS_VERSION}'"
        for name in (*HEADS_TRIGGERS, "coordinator_queue_heads_cleared")
    ),
    "DROP TRIGGER IF EXISTS coordinator_queue_head ON procrastinate_jobs",  # (ops108's)
    "DROP FUNCTION IF EXISTS coordinator_queue_head()",
    "DELETE FROM coordinator_queue_heads",
    "INSERT INTO coordinator_queue_heads SELECT DISTINCT ON (args->>'workspace')"
    " args->>'workspace', id, priority, queue_name, scheduled_at FROM procrastinate_jobs"
    " WHERE status = 'todo' AND args->>'workspace' IS NOT NULL"
    " ORDER BY args->>'workspace', priority DESC, id",
)
#: The first key of the transaction locks the heads' trigger takes, one a workspace
#: (:data:`QUEUE_HEADS_DDL`; the sessions' are :data:`LOCK_SPACE`'s).
HEADS_LOCK_SPACE = 0x636F6F73
#: The sweep's count of a queued session's jobs that ended failed since it was queued
#: (``failures``), and the newest Procrastinate job id when that count was brought up to
#: date (``seen_job``): the session's ended jobs above it are the ones not counted yet. On the
#: lease row, so a cleanup of Procrastinate's jobs or events does not restart the count; a
#: row an older coord queued has no ``seen_job`` (none of its jobs before counts). Added to
#: older tables in place.
JOBS_FAILURES_DDL = (
    "ALTER TABLE coordinator_jobs ADD COLUMN IF NOT EXISTS failures INTEGER NOT NULL DEFAULT 0,"
    " ADD COLUMN IF NOT EXISTS seen_job BIGINT"
)
#: A lease's count set afresh as it is queued (``failures``, ``seen_job``: above).
_NEWEST_JOB = "(SELECT coalesce(max(id), 0) FROM procrastinate_jobs)"
_COUNT_AFRESH = "failures = 0, seen_job = " + _NEWEST_JOB
#: Each running worker's ``--workspace-root`` folders, beside its Procrastinate row (gone
#: with it), for :meth:`PgStore.queued_note`: a live worker whose roots do not hold a
#: session's workspace never takes it (``pgqueue.SessionJobs.announce``).
WORKERS_DDL = """
CREATE TABLE IF NOT EXISTS coordinator_workers (
    worker_id BIGINT PRIMARY KEY REFERENCES procrastinate_workers(id) ON DELETE CASCADE,
    roots TEXT[] NOT NULL
)
"""
#: What ``coord workers`` shows of each (ops114, :mod:`~coordinator.store.pgworkers`): its
#: id ``HOST:PID:TAG`` (its connections' name is a digest of it), when it started, its
#: ``--lease`` and ``--concurrency``; null in a row an older coord's worker announced.
#: Added to older tables in place, by the owner, as the leases' count of failures.
WORKERS_SEEN_DDL = (
    "ALTER TABLE coordinator_workers ADD COLUMN IF NOT EXISTS name TEXT,"
    " ADD COLUMN IF NOT EXISTS started_at TIMESTAMPTZ,"
    " ADD COLUMN IF NOT EXISTS lease DOUBLE PRECISION, ADD COLUMN IF NOT EXISTS slots INTEGER"
)
#: How many workers sent a heartbeat within the lease (``live``), how many of them would
#: take the session's job: their roots hold its workspace, as a worker's fetch checks
#: (``pgqueue``), or they did not say their roots (a worker of an older coord), and the
#: seconds since the latest heartbeat of those (``quiet``).
_QUEUED_NOTE = (
    """
SELECT j.workspace, count(w.id) AS live, count(w.id) FILTER (WHERE w.holds) AS holding,
       extract(epoch FROM now() - max(w.last_heartbeat) FILTER (WHERE w.holds))::float8
           AS quiet
FROM coordinator_jobs AS j
LEFT JOIN LATERAL (
    SELECT p.id, p.last_heartbeat, c.worker_id IS NULL OR EXISTS (
        SELECT 1 FROM unnest(c.roots) AS r(root)
        WHERE """
    + under_root("j.workspace")
    + """
    ) AS holds
    FROM procrastinate_workers AS p LEFT JOIN coordinator_workers AS c ON c.worker_id = p.id
    WHERE p.last_heartbeat > now() - make_interval(secs => %s)
) AS w ON true
WHERE j.session_id = %s GROUP BY j.workspace
"""
)
#: Seconds since a worker's latest heartbeat past which :meth:`PgStore.queued_note` says it
#: may have stopped (``coord worker`` beats at least once a second; its row stays until
#: another prunes it, ``LEASE`` seconds after its last beat: a killed worker's too).
QUIET = 2.0
#: Who holds a session's lease while driving it (``{}``: the session's id in SQL).
_DRIVER_OF = "SELECT worker FROM coordinator_jobs WHERE session_id = {} AND state = 'doing'"
#: Why a worker stopped a session without driving it to an end: its lease's error, once
#: the lease ended ``failed`` (``{}``: the session's id in SQL).
_STOPPED_OF = "SELECT error FROM coordinator_jobs WHERE session_id = {} AND state = 'failed'"
#: A claimed session's lease queued again (``todo``, no holder) while it is still that
#: claim's (its epoch) and being driven; its workspace, or no row.
_REQUEUE = (
    "UPDATE coordinator_jobs SET state = 'todo', holder_pid = NULL, queued_at = now(), "
    + _COUNT_AFRESH
    + " WHERE session_id = %s AND epoch = %s AND state = 'doing' RETURNING workspace"
)
#: A session's lease row, locked until the transaction ends (before its job is looked at).
_LEASE_HELD = "SELECT 1 FROM coordinator_jobs WHERE session_id = %s FOR UPDATE"
#: An agent definition's row, locked in share mode while it is stored under this name
#: (:meth:`PgStore._knows`).
_DEFINITION_STORED = "SELECT 1 FROM agent_definitions WHERE digest = %s AND name = %s FOR KEY SHARE"
_IDENTITY_TABLES = ("runs", "delegations")
_INSERT_EVENT = "INSERT INTO events (session_id, run_id, kind, data, at) VALUES (?, ?, ?, ?, ?)"
#: PostgreSQL-only steps after a shared migration (by its index): SQLite's implicit ``rowid``
#: (the order rows were made in, which ORDER BY uses to break ties) as a real column of the
#: tables that lack an integer key; ``ctid`` would not do, since an UPDATE moves a row.
_PG_AFTER: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE sessions ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY",
        "ALTER TABLE tool_calls ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY",
    ),
}
#: Whether every table and column the migration makes is there (read without creating
#: anything: a role that may not create tables), and the leases' two indexes unless the
#: role could not make them (it does not own the leases' table: it goes on without).
_TABLES_PRESENT = f"""
WITH heads AS ({_HEADS_FOUND})
SELECT to_regclass('coordinator_schema') IS NOT NULL
    AND to_regclass('procrastinate_jobs') IS NOT NULL
    AND to_regclass('coordinator_workers') IS NOT NULL
    AND (SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('coordinator_jobs')
         AND attname IN ('resume', 'failures', 'seen_job') AND NOT attisdropped) = 3
    AND (SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('coordinator_workers')
         AND attname IN ('name', 'started_at', 'lease', 'slots') AND NOT attisdropped) = 4
    AND ((to_regclass('coordinator_jobs_queued') IS NOT NULL
          AND to_regclass('coordinator_jobs_driven') IS NOT NULL
          AND to_regclass('coordinator_queued_by_workspace') IS NOT NULL
          AND to_regclass('coordinator_queued_by_lock') IS NOT NULL
          AND to_regclass('coordinator_queue_heads') IS NOT NULL
          AND ((SELECT newest FROM heads) > {HEADS_VERSION}
               OR ((SELECT count(*) FROM pg_trigger
                    WHERE tgrelid = to_regclass('procrastinate_jobs') AND tgenabled <> 'D'
                    AND tgname IN ('coordinator_queue_heads_inserted',
                                   'coordinator_queue_heads_updated',
                                   'coordinator_queue_heads_deleted',
                                   'coordinator_queue_heads_cleared')
                    AND obj_description(oid, 'pg_trigger') = '{HEADS_MARK}{HEADS_VERSION}') = 4
                   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'coordinator_queue_head'
                                   AND tgrelid = to_regclass('procrastinate_jobs')
                                   AND (tgtype & 1) = 1)
                   AND NOT EXISTS (SELECT 1 FROM pg_proc WHERE oid IN (
                         to_regprocedure('coordinator_queue_heads_kept()'),
                         to_regprocedure('coordinator_queue_heads_cleared()'))
                       AND (has_function_privilege('public', oid, 'EXECUTE')
                            OR position('TG_RELID' IN prosrc) = 0)))))
        OR NOT pg_has_role(
        (SELECT relowner FROM pg_class WHERE oid = to_regclass('coordinator_jobs')), 'USAGE'))
"""
#: The PostgreSQL-only tables of the coordinator (beside the sessions' and the schema's).
_OURS = ("coordinator_jobs", "coordinator_workers")
#: The owner of each of the named tables that exists and whose owner's rights the connected
#: role lacks (it may not alter it: :meth:`PgStore._refuse_unowned`).
_NOT_OWNED = """
SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class AS c
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
  AND c.relname = ANY(%s::text[]) AND NOT pg_has_role(c.relowner, 'USAGE')
ORDER BY 1
"""
#: The tables (named, and Procrastinate's) and their sequences (named after their table)
#: whose rows the connected role may not read and write: a worker writes them all.
_WITHOUT_RIGHTS = r"""
SELECT c.relname FROM pg_class AS c
WHERE c.relnamespace = current_schema()::regnamespace
  AND (c.relname LIKE 'procrastinate\_%%' OR EXISTS (
      SELECT 1 FROM unnest(%s::text[]) AS t(name)
      WHERE c.relname = t.name OR c.relname LIKE t.name || '\_%%\_seq'))
  AND CASE c.relkind
      WHEN 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE')
      WHEN 'r' THEN NOT (has_table_privilege(c.oid, 'SELECT')
          AND has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE')
          AND has_table_privilege(c.oid, 'DELETE'))
      ELSE false END
ORDER BY c.relname
"""
#: What a worker writes besides the sessions' tables (:data:`~coordinator.store.db.TABLES`)
#: and Procrastinate's: the event log, the conversations, the leases and its roots (an
#: announce the role may not write left it counted as a worker of unknown roots).
_WORKERS_WRITE = ("events", "messages", "coordinator_jobs", "coordinator_workers")
#: Columns that exist only to stand in for SQLite's hidden ones: never part of a row read.
_HIDDEN = frozenset({"rowid"})


#: Seconds between two attempts to open a claimed store's connection again
#: (:meth:`PgStore.rejoin`).
REJOIN_PAUSE = 0.2
#: Seconds a claimed store waits for its server to come back (a restart, a failover) after
#: a model call or a tool, the event loop going on meanwhile (:meth:`PgStore.rejoin`);
#: once its worker stops, the store's own ``timeout`` from the wait's start at most.
REJOIN_WAIT = 60.0
#: The store's log: a write made again after the server rolled it back (:meth:`PgStore._write`).
log = logging.getLogger(__name__)
T = TypeVar("T")
#: Times a write of its own transaction (one statement: :meth:`PgStore._write` outside a
#: transaction) is made when the server rolls it back for a deadlock or a serialization
#: failure (:class:`RolledBack`); past them the fault is the caller's (the job's retry).
WRITE_TRIES = 3


def _open(url: str, timeout: float, idle_limit: float) -> psycopg.Connection[Any]:
    """A connection to ``url`` in autocommit, ended by the server when it sits in a
    transaction for ``idle_limit`` seconds (a paused worker keeps no row lock past it)."""
    raw = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
    try:
        limit = max(1000, int(idle_limit * 1000))
        raw.execute(f"SET idle_in_transaction_session_timeout = {limit}")
    except BaseException:
        raw.close()
        raise
    return raw


def lock_key(session_id: str) -> int:
    """The second advisory-lock key of a session (positive, fits an int4)."""
    return int(hashlib.sha1(session_id.encode()).hexdigest()[:7], 16)


class Fenced(StoreError):
    """Another worker claimed this session since this store did: stop, write nothing."""


class RolledBack(StoreError):
    """The server rolled the transaction back for its contention with another one (a
    deadlock, a serialization failure: :func:`~coordinator.store.pg_errors.rolled_back`):
    nothing of it was kept, the connection stands (a :data:`StoreFault.LOCKED` fault)."""


class HandedBack(StoreError):
    """The stopping worker queued its session again at a step boundary (every step before
    it committed, nothing started after it): stop driving it, write nothing more.
    ``steps``: the session's model calls stored so far (the next driver goes on from
    there)."""

    def __init__(self, path: str, session_id: str, steps: int):
        super().__init__(
            StoreFault.LOCKED,
            path,
            f"session {session_id} was handed back to the queue after step {steps}",
        )
        self.session_id = session_id
        self.steps = steps


# ---- the sqlite3-shaped connection adapter -----------------------------------------------


class Row(dict[str, Any]):
    """A row readable by column name (like ``sqlite3.Row``) and by position."""

    def __getitem__(self, key: str | int) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)


class Cursor:
    """The part of ``sqlite3.Cursor`` the store uses."""

    def __init__(self, cur: psycopg.Cursor[Any], returning: bool):
        self._cur = cur
        self.rowcount = cur.rowcount
        self.lastrowid: int | None = None
        if returning:
            row = cur.fetchone()
            self.lastrowid = int(row[0]) if row else None

    def _row(self, values: Sequence[Any]) -> Row:
        names = [c.name for c in self._cur.description or []]
        return Row((n, v) for n, v in zip(names, values, strict=True) if n not in _HIDDEN)

    def fetchone(self) -> Row | None:
        values = self._cur.fetchone() if self._cur.description else None
        return None if values is None else self._row(values)

    def fetchall(self) -> list[Row]:
        if not self._cur.description:
            return []
        return [self._row(v) for v in self._cur.fetchall()]


_DDL = (
    (
        re.compile(r"INTEGER PRIMARY KEY AUTOINCREMENT"),
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    (re.compile(r"INTEGER PRIMARY KEY"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def translate_sql(sql: str, params: Sequence[Any] | dict[str, Any]) -> str:
    """SQLite SQL of the store as PostgreSQL SQL."""
    named = isinstance(params, dict)
    text = sql.strip()
    if text.upper().startswith("BEGIN"):
        return "BEGIN"
    if text.upper().startswith(("CREATE", "ALTER")):
        for pattern, repl in _DDL:
            text = pattern.sub(repl, text)
    text = re.sub(r"\binstr\(", "strpos(", text)  # SQLite's instr(a, b) is strpos(a, b)
    if params:
        text = text.replace("%", "%%")
        text = _NAMED.sub(r"%(\1)s", text) if named else text.replace("?", "%s")
    if re.match(rf"INSERT INTO ({'|'.join(_IDENTITY_TABLES)})\b", text):
        text += " RETURNING id"
    return text


class Connection:
    """A psycopg connection that answers like the ``sqlite3.Connection`` the store uses."""

    def __init__(self, conn: psycopg.Connection[Any]):
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        """Run one store statement (SQLite dialect)."""
        pg = translate_sql(sql, params)
        return Cursor(self._raw_execute(pg, params), pg.endswith("RETURNING id"))

    def run(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        """Run one statement written for PostgreSQL."""
        return Cursor(self._raw_execute(sql, params), False)

    def _raw_execute(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> Any:
        """``sql`` on the connection. An operational error of the client's own (no SQLSTATE:
        psycopg's "connection socket closed" when the socket failed while it waited, which
        leaves libpq busy and the connection not marked broken: the next statement said
        "another command is already in progress") closes it: it is :attr:`lost`."""
        try:
            return self.raw.execute(cast(Any, sql), params or None)
        except psycopg.OperationalError as exc:
            if exc.sqlstate is None and not self.raw.closed:
                self.raw.close()
            raise

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    @property
    def lost(self) -> bool:
        """True once the connection to the server is gone (ended by the server, or closed)."""
        return self.raw.broken or self.raw.closed

    def close(self) -> None:
        self.raw.close()


# ---- session locks ---------------------------------------------------------------------


class AdvisoryLocks:
    """Session locks as session-scoped advisory locks of one connection (the
    :class:`~coordinator.store.locks.SessionLocks` interface)."""

    def __init__(self, conn: Connection):
        self._conn = conn
        self._held: set[str] = set()

    def acquire(self, session_id: str) -> bool:
        if session_id in self._held:  # advisory locks count: take each once
            return True
        row = self._conn.run(
            "SELECT pg_try_advisory_lock(%s, %s)", (LOCK_SPACE, lock_key(session_id))
        ).fetchone()
        if row is not None and row[0]:
            self._held.add(session_id)
            return True
        return False

    def release(self, session_id: str) -> None:
        """Release a lock this connection holds; a no-op once the connection is lost (the
        server released its locks when it ended it)."""
        if session_id not in self._held:
            return
        self._held.discard(session_id)
        if self._conn.lost:
            return
        try:
            self._conn.run("SELECT pg_advisory_unlock(%s, %s)", (LOCK_SPACE, lock_key(session_id)))
        except psycopg.Error:
            if not self._conn.lost:
                raise

    def held(self, session_id: str) -> bool:
        return session_id in self._held

    def retake(self) -> None:
        """Take the locks this store held again, on its connection opened anew (the server
        released them with the old one): best effort, as a claim's (its epoch fences)."""
        held, self._held = self._held, set()
        for session_id in sorted(held):
            self.acquire(session_id)

    def held_ids(self) -> list[str]:
        return sorted(self._held)

    def held_anywhere(self, session_id: str) -> bool:
        row = self._conn.run(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objid = %s AND objsubid = 2)",
            (LOCK_SPACE, lock_key(session_id)),
        ).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        self._held.clear()


# ---- the store -------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """A session this store drives for a worker, at lease ``epoch``."""

    session_id: str
    epoch: int
    attempts: int
    #: The flags of the resume that queued the session (None: none given), for its driver.
    resume: dict[str, Any] | None = None
    #: A ``coord resume --here`` claim (:meth:`PgStore.claim_here`): driven with no job.
    here: bool = False


class PgStore(sqlite_store.Store):
    """The session store on PostgreSQL (see the module docstring)."""

    #: A shared store is named by --db, COORD_DB or ``db:``: ``coord sessions`` lists
    #: another store's ids (a workspace's file, the index's) without the same one.
    LIST_HINT = (
        "List this store's session ids with `coord sessions` and the same --db URL"
        " (or COORD_DB, or db: in the config)."
    )

    def __init__(self, url: str, conn: Connection, timeout: float):
        super().__init__(Path(masked_url(url)), cast(Any, conn), timeout)
        self.url = url
        self.where = masked_url(url)  # as written (a Path drops a slash of "postgresql://")
        self._pg = conn
        self._advisory = AdvisoryLocks(conn)
        self._locks = cast(Any, self._advisory)
        self.claim: Claim | None = None
        #: Set when the worker stops: the claim is handed back at its next step boundary
        #: (:meth:`check_claim`), not driven to the session's next stop.
        self.handing_back = False
        #: When this store last committed a transaction (``time.monotonic()``): the
        #: session's recorded progress, which a worker watches (``worker.Driver``).
        self.progressed_at = time.monotonic()
        #: ``connect``'s ``idle_limit`` (a connection opened again keeps it).
        self.idle_limit = 60.0
        #: Why the connection was lost, as first seen (later statements only say "closed").
        self._lost_why: str | None = None
        #: The one wait for the server in flight (:meth:`rejoin`), and how many await it.
        self._rejoining: asyncio.Task[None] | None = None
        self._rejoin_waiters = 0
        #: A ``--here`` claim's keeper connection (:meth:`_keep`), idle while it drives.
        self._keeper: psycopg.Connection[Any] | None = None

    @classmethod
    def connect(
        cls, url: str, *, timeout: float = sqlite_store.DEFAULT_TIMEOUT, idle_limit: float = 60.0
    ) -> PgStore:
        """Connect to ``url`` and create or migrate the schema.

        ``idle_limit``: seconds after which PostgreSQL ends this connection if it sits inside
        a transaction (a paused worker must not keep row locks past its lease). The URL's
        password (``user:password@``, ``?password=``) is scrubbed from then on, as a
        credential the user hands on is (:func:`~coordinator.sanitize.register_url_credentials`:
        alone, one of 8 characters or more, a shorter one, ``pw``, would mangle every word
        holding it; whatever its length, after its name, ``password=pw``, and in psycopg's
        errors): a request or an answer may hold it too.
        """
        register_url_credentials(url)
        try:
            raw = _open(url, timeout, idle_limit)
        except psycopg.Error as exc:
            raise cannot_connect(url, exc) from None
        store = cls(url, Connection(raw), timeout)
        store.idle_limit = idle_limit
        try:
            store._check_and_migrate()
        except psycopg.Error as exc:  # (its reads and migration run raw: a lost connection,
            fault = store._fault_of(exc)  # a lock or statement timeout, is the store's fault)
            raw.close()
            if fault is None:
                raise
            raise fault from None
        except BaseException:
            raw.close()
            raise
        return store

    def location(self) -> Path | str:
        return self.url

    def _check_and_migrate(self) -> None:
        """Create or migrate the schema; nothing when it is current (:meth:`_schema_current`):
        a team's role that may read and write the rows but neither create nor own tables
        (PostgreSQL 15 grants no CREATE on ``public`` to other roles) connects; a role that
        would have to create or change them is told so in one line (:meth:`_creating`)."""
        if not self._schema_current():
            self._refuse_unowned()
            self._migrate()

    def _schema_current(self) -> bool:
        """Whether the schema is this version's, every table and column there, read without
        creating anything; a newer coordinator's is refused here (:meth:`_not_newer`), so a
        role that may not create tables is told that, not to have the owner create them.
        Read under the migration's lock, shared: a migration under way (a newer coord's) is
        waited for and its version read, not the one it is replacing."""
        with self.transaction():
            kept = self._pg.run(  # (the lock first: a table missing then is migrated, waiting)
                "SELECT to_regclass('coordinator_schema') IS NOT NULL"
                " FROM pg_advisory_xact_lock_shared(%s, 0)",
                (LOCK_SPACE,),
            ).fetchone()
            if not (kept and kept[0]):
                return False
            found = self._pg.run("SELECT version FROM coordinator_schema").fetchone()
            version = int(found[0]) if found else 0
            self._not_newer(version)
            if version != sqlite_store.SCHEMA_VERSION:
                return False
            row = self._pg.run(_TABLES_PRESENT).fetchone()
        return row is not None and bool(row[0])

    def _refuse_unowned(self) -> None:
        """Before upgrading tables that exist: a :class:`UserError` when another role owns
        them (only an owner, or a member of the owning role, may alter a table), naming that
        role and the one command it runs to upgrade them; nothing changed, nothing lost."""
        names = ["coordinator_schema", *_OURS, *sqlite_store.TABLES]
        with self.transaction():
            rows = self._pg.run(_NOT_OWNED, (names,)).fetchall()
        if not rows:
            return
        owner = str(rows[0]["owner"])
        command = shlex.join(["coord", "sessions", "--db", _url_as_role(self.url, owner)])
        raise UserError(
            f"the coordinator's tables in the session database {self.where} need an upgrade"
            f" for this version of coord, which only their owner, role {owner}, may make (the"
            f" role {self._pg.raw.info.user} may not alter them); nothing was changed",
            hint=f"Have {owner} run once: {command} (it upgrades them in place; commands"
            " connecting meanwhile wait for it), then run this command again.",
        )

    def _not_newer(self, version: int) -> None:
        """A :func:`not_ours` error when schema ``version`` is a newer coordinator's."""
        if version > sqlite_store.SCHEMA_VERSION:
            raise not_ours(
                self.where,
                f"{self.where} was written by a newer coordinator"
                f" (schema {version} > {sqlite_store.SCHEMA_VERSION})",
                hint="Upgrade coordinator to read it.",
            )

    @contextmanager
    def _creating(self) -> Iterator[None]:
        """Around the migration: a statement the role may not run (CREATE on the schema, an
        ALTER of a table it does not own) is one line saying what to do instead."""
        try:
            yield
        except psycopg.errors.InsufficientPrivilege as exc:
            raise UserError(
                f"the role {self._pg.raw.info.user} may not create or change the"
                f" coordinator's tables in the session database {self.where}:"
                f" {_first_line(exc)}",
                hint="Run any coord command once against it as the database's owner (it"
                " creates or upgrades the tables), then grant this role SELECT, INSERT,"
                " UPDATE, DELETE on its tables and USAGE on its sequences.",
            ) from None

    def _migrate(self) -> None:
        with self.transaction(), self._creating():
            self._pg.run("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_SPACE,))
            self._pg.run("CREATE TABLE IF NOT EXISTS coordinator_schema (version INTEGER NOT NULL)")
            row = self._pg.run("SELECT version FROM coordinator_schema").fetchone()
            version = int(row[0]) if row else 0
            if row is None:
                self._pg.run("INSERT INTO coordinator_schema VALUES (0)")
            self._not_newer(version)
            for number in range(version, sqlite_store.SCHEMA_VERSION):
                sqlite_store.MIGRATIONS[number](cast(Any, self._pg))
                for statement in _PG_AFTER.get(number, ()):
                    self._pg.run(statement)
            self._pg.run(
                "UPDATE coordinator_schema SET version = %s", (sqlite_store.SCHEMA_VERSION,)
            )
            self._pg.run(JOBS_DDL)
            self._pg.run(JOBS_RESUME_DDL)
            self._pg.run(JOBS_QUEUED_DDL)
            self._pg.run(JOBS_DRIVEN_DDL)
            self._engine_schema()
            self._pg.run(QUEUED_BY_WORKSPACE_DDL)  # (the workers' fair fetch: ``pgqueue``)
            self._pg.run(QUEUED_BY_LOCK_DDL)
            self._queue_heads()
            self._pg.run(JOBS_FAILURES_DDL)  # (its count names Procrastinate's jobs)
            self._pg.run(WORKERS_DDL)  # (on Procrastinate's workers table)
            self._pg.run(WORKERS_SEEN_DDL)

    def _queue_heads(self) -> None:
        """The heads of the queue and their trigger (:data:`QUEUE_HEADS_DDL`), made again
        with the heads of the jobs queued now (the trigger's statement locks the jobs'
        table: none changes meanwhile)."""
        row = self._pg.run("SELECT current_schema()").fetchone()
        schema = psycopg.sql.Identifier(str(row[0] if row else "public")).as_string(self._pg.raw)
        found = self._pg.run(_HEADS_FOUND).fetchone()
        if found is not None and int(found[0]) > HEADS_VERSION:
            return  # (a newer coordinator's: left as it is, and worked with)
        words = {
            "schema": schema,
            "heads": self._literal(schema + ".coordinator_queue_heads"),
            "jobs": self._literal(schema + ".procrastinate_jobs"),
            "lock_space": HEADS_LOCK_SPACE,
            "deadlock_message": self._literal(HEADS_DEADLOCK),
            "deadlock_hint": self._literal(HEADS_DEADLOCK_HINT),
        }
        for statement in QUEUE_HEADS_DDL:
            self._pg.run(statement.format(**words))
        if found is not None and found[1]:
            self._pg.run(OPS108_STAND_IN)

    def _literal(self, text: str) -> str:
        """``text`` as an SQL string literal, for DDL made with :meth:`str.format`."""
        return psycopg.sql.Literal(text).as_string(self._pg.raw)

    def _engine_schema(self) -> None:
        """Procrastinate's tables, created with ours on first use (the workers' engine;
        imported only when they are missing)."""
        row = self._pg.run("SELECT to_regclass('procrastinate_jobs') IS NULL").fetchone()
        if row is not None and row[0]:
            from coordinator.store import pgqueue

            pgqueue.apply_engine_schema(self._pg.raw)
            for queued in self._pg.run(  # sessions queued before the engine: queue their jobs
                "SELECT session_id, workspace FROM coordinator_jobs"
                " WHERE state IN ('todo', 'doing') ORDER BY queued_at"
            ).fetchall():
                pgqueue.defer(self._pg.raw, str(queued["session_id"]), str(queued["workspace"]))

    # ---- statements: faults and fencing --------------------------------------------------

    def _statement(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        if self._depth == 0 and self.claim is None:  # a read of a drive under its lock
            self._locks_rejoined()
        try:
            return self._pg.execute(sql, params)
        except psycopg.Error as exc:
            fault = self._fault_of(exc)
            if fault is None:
                raise
            raise fault from None

    def _execute_pg(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        """Run one PostgreSQL statement; a lost connection, or a statement the role may not
        run, becomes a StoreError."""
        try:
            return self._pg.run(sql, params)
        except psycopg.Error as exc:
            fault = self._fault_of(exc)
            if fault is None:
                raise
            raise fault from None

    def _write(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        """One statement in the open transaction, or in its own: one the server rolls back
        for a deadlock or a serialization failure (:class:`RolledBack`) is made again at
        once, :data:`WRITE_TRIES` times in all (ops108). Correct as only a transaction of
        its own can be: nothing of the rolled-back one was kept, and the transaction made
        again is the whole of it (its claim check, the deferred writes the rollback gave
        back, this statement), with no Python of a caller's between; a write inside a
        caller's transaction (a step) is not made again here: its fault is the caller's.
        Each try made again is logged (a warning naming the fault and the try: review124)."""
        if self._depth:
            return super()._write(sql, params)
        return self._made_again(lambda: super(PgStore, self)._write(sql, params))

    def written(self, write: Callable[[], T]) -> T:
        """``write`` (store writes only, of values it was given) in one transaction, made
        again whole as :meth:`_write` makes a statement (ops112: a model call's reply, whose
        step rolled back, was asked of the model again by the session's next drive)."""
        if self._depth:
            return super().written(write)
        return self._made_again(lambda: super(PgStore, self).written(write))

    def _made_again(self, attempt: Callable[[], T]) -> T:
        """``attempt`` (a transaction of its own), made again when the server rolled it back
        (:class:`RolledBack`), :data:`WRITE_TRIES` times in all, each try after the first
        logged."""
        tried = 1
        while True:
            try:
                return attempt()
            except RolledBack as exc:
                if tried >= WRITE_TRIES:
                    raise
                tried += 1
                log.warning("%s; made again (try %d of %d)", exc.message, tried, WRITE_TRIES)

    def _fault_of(self, exc: psycopg.Error) -> StoreError | None:
        """The store's fault for ``exc`` (None: a bug): the server's disk full, a write
        rolled back for a deadlock or a serialization failure (:meth:`_refused`), a lost
        connection, or a statement the server refused this role (a read-only role's write)."""
        refused = None if self.broken else self._refused(exc)
        if refused is not None:
            return refused
        if self._is_lost(exc):
            return self._connection_lost(exc)
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return self._denied(_first_line(exc))
        return None

    def _denied(self, why: str) -> StoreError:
        return StoreError(
            StoreFault.DENIED,
            self.where,
            f"the session database {self.where} refused the role {self._pg.raw.info.user}: {why}",
        )

    def check_worker_rights(self) -> None:
        """StoreError naming the tables and sequences a worker writes that this role may not
        (reading and writing their rows), before it takes any session: a role that may only
        read would otherwise fail at its first heartbeat or claim."""
        tables = sorted({*sqlite_store.TABLES, *_WORKERS_WRITE})
        with self.transaction():
            rows = self._pg.run(_WITHOUT_RIGHTS, (tables,)).fetchall()
        if rows:
            names = ", ".join(str(r["relname"]) for r in rows)
            raise self._denied(f"it may not read and write {names}, which a worker needs")

    def _refused(self, exc: psycopg.Error) -> StoreError | None:
        """The fault of a statement the server refused on a connection that stands (None:
        another error): its disk full (:data:`StoreFault.FULL`), or rolled back for its
        contention with another transaction (:data:`StoreFault.LOCKED`; nothing of the
        transaction kept). Before review119 both were taken for a lost connection: the
        connection opened again and the claim taken up again, the error said as an I/O one."""
        if disk_full(exc):
            return StoreError(
                StoreFault.FULL,
                self.where,
                f"the database server's disk is full: session database {self.where} could"
                f" not write ({_first_line(exc)})",
            )
        if rolled_back(exc):
            return RolledBack(
                StoreFault.LOCKED,
                self.where,
                f"session database {self.where} rolled a write back for another transaction"
                f" ({_first_line(exc)}): nothing of it was kept",
            )
        return None

    def _is_lost(self, exc: psycopg.Error) -> bool:
        """True for an operational error but the server's disk full or a statement rolled
        back (:meth:`_refused`: the connection stands), or any error that left the
        connection ended (the server ends one idle in a transaction past the limit with an
        "internal" error)."""
        if self.broken:
            return True
        return isinstance(exc, psycopg.OperationalError) and not (
            disk_full(exc) or rolled_back(exc)
        )

    def _connection_lost(self, exc: psycopg.Error) -> StoreError:
        """The store's fault for a lost connection (kept: later statements raise it too)."""
        if self._lost_why is None and self.broken:
            self._lost_why = _first_line(exc)
        self._fault = StoreError(
            StoreFault.IO,
            self.where,
            f"session database {self.where}: {_first_line(exc)}",
        )
        return self._fault

    def _statements(self, sql: str, rows: list[Any]) -> None:
        for row in rows:
            self._statement(sql, row)

    STEP_MESSAGES = False
    #: PostgreSQL keeps one row per event in the table ``events`` (no ``event_log``).
    _DELETE_EVENTS = "DELETE FROM events WHERE session_id = ?"
    #: Its rows name their session by id (SQLite's by number since schema 7).
    _OF_SESSION = "session_id = ?"
    _OF_S = "session_id = s.id"
    _DELEGATIONS_OF_SESSION = "session_id = ?"
    _DELEGATIONS_OF_S = "d.session_id = s.id"
    _RUNS_SINCE = sqlite_store.RUNS_SINCE
    _OWED = (  # (no cast of an older question's texts: the join's condition may come later)
        "CASE WHEN substr(o.question, 1, 2) = '[{{' THEN ((o.question::jsonb) ->> {0})::{1} END"
    )
    _RUNLESS_SINCE = sqlite_store.RUNLESS_SINCE
    REJOINS = True
    QUEUES = True
    #: The lease's holder while it drives (its primary key: one indexed look-up a row).
    _DRIVER = f"({_DRIVER_OF.format('s.id')})"
    #: The lease's error once it ended ``failed`` (the same look-up).
    _STOPPED = f"({_STOPPED_OF.format('s.id')})"
    _INSERT_RUN = (
        "INSERT INTO runs (session_id, parent_run_id, agent, model, depth, domain,"
        " status, max_turns, started_at, definition, question)"
        " VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)"
    )
    _INSERT_DELEGATION = (
        "INSERT INTO delegations (session_id, parent_run_id, child_run_id, domain, blocker,"
        " required, status, waiting_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )

    def _write_step(self, pending: dict[str, sqlite_store.Pending]) -> None:
        """One row per event, each field scrubbed (the table of schema 4); messages are
        written when appended (none is pending here)."""
        secrets = self._patterns()
        for sid, (entries, _) in pending.items():
            for run_id, kind, data, at in entries:
                text = safe_str(sqlite_store.dumps_any(data), secrets)
                self._statement(
                    _INSERT_EVENT, (safe_str(sid, secrets), run_id, kind, text, at / 1e9)
                )

    def record_step(
        self,
        run_id: int,
        fields: dict[str, Any] | None = None,
        message: sqlite_store.JSON | None = None,
        events: Sequence[Event] = (),
    ) -> list[int]:
        """The three calls (a message here is its own row, written when appended)."""
        if message is not None:
            self.append_message(run_id, message)
        if fields:
            self.update_run(run_id, **fields)
        return [self.add_event(event) for event in events]

    #: PostgreSQL keeps the table ``messages`` keyed by ``(run_id, idx)`` (no ``message_log``).
    _DELETE_MESSAGES = (
        "DELETE FROM messages WHERE run_id IN (SELECT id FROM runs WHERE session_id = ?)"
    )

    def append_message(self, run_id: int, message: sqlite_store.JSON) -> None:
        self._write(
            "INSERT INTO messages (run_id, idx, role, content) VALUES (?, (SELECT"
            " COALESCE(MAX(idx) + 1, 0) FROM messages WHERE run_id = ?), ?, ?)",
            (run_id, run_id, message["role"], sqlite_store.dumps(message["content"])),
        )

    def messages(self, run_id: int) -> list[sqlite_store.JSON]:
        rows = self._rows(
            "SELECT idx, role, content FROM messages WHERE run_id = ? ORDER BY idx", (run_id,)
        )
        return self._conversation(run_id, rows)

    def _said_rows(self, run_id: int, idx: int) -> Iterator[Any]:
        return newest_first(
            lambda hi, limit: self._rows(
                "SELECT idx, role, content FROM messages WHERE run_id = ? AND idx <= ?"
                " ORDER BY idx DESC LIMIT ?",
                (run_id, hi, limit),
            ),
            idx,
        )

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        # a lone surrogate (an argument's byte that is not UTF-8) cannot be bound: cleaned
        return list(self._execute(sql, encodable_params(params)).fetchall())

    def _knows(self, digest: str, name: str) -> bool:
        """Whether the definition is stored under ``name`` already, its row then locked in
        share mode until the transaction ends (``FOR KEY SHARE``, as the run's foreign key
        will lock it): a prune (``FOR UPDATE``, then ``DELETE``) waits for the commit and
        then finds the run that uses it, while other transactions storing the same
        definition go on at once. Before, every one took the row for update (the upsert's
        lock), so parallel submits of one agent waited for each other's commits in turn.
        False: not stored (or another name): the upsert stores it."""
        row = self._execute_pg(_DEFINITION_STORED, (digest, name)).fetchone()
        return row is not None

    def _learn(self, digest: str, name: str, source: str | None, spec: str) -> None:
        return None

    def _rollback(self) -> None:
        if self._pg.in_transaction and not self._pg.raw.closed:
            try:
                self._pg.raw.execute("ROLLBACK")
            except psycopg.Error:
                pass  # the error being raised already says what went wrong

    @contextmanager
    def transaction(self, *, group: bool = False) -> Iterator[None]:
        """One atomic write; when this store holds a claim, fenced by its epoch (and its
        connection opened again first when the server ended it: :meth:`_rejoin`). A
        statement the server refuses the role (a table it may read but not write, and
        Procrastinate's queue) is a :class:`StoreError` naming the role, rolled back."""
        outer = self._depth == 0
        if outer and self.claim is not None and self._ended_by_server():
            self._rejoin(self.claim)
        elif outer and self.claim is None:
            self._locks_rejoined()
        try:
            with super().transaction(group=group):
                if outer and self.claim is not None:
                    self._check_claim(self.claim)
                yield
        except psycopg.errors.InsufficientPrivilege as exc:
            raise self._denied(_first_line(exc)) from None
        if outer:
            self.progressed_at = time.monotonic()

    def share_commits(self, on: bool) -> None:
        """Never: each transaction on a shared database commits at once (other workers
        wait on its locks)."""

    def check_writable(self) -> None:
        """A shared database's permissions show at its first write, as a :class:`StoreError`."""

    def _ended_by_server(self) -> bool:
        """Whether this idle connection is gone: known lost, or its socket has something to
        read while no statement runs (the server's goodbye as it stopped, or the end of
        the stream), and a ping finds it lost. No round trip while it is quiet."""
        if self._pg.lost:
            return True
        try:
            ready, _, _ = select.select([self._pg.raw.fileno()], [], [], 0)
        except (OSError, ValueError, psycopg.Error):
            return True
        if not ready:
            return False
        try:
            self._pg.run("SELECT 1")
        except psycopg.Error:
            return True  # (only the connection fails a SELECT 1)
        return False

    def rejoin(self) -> Awaitable[None] | None:
        """After an await that let the server go by (a model call, a tool, hooks; an async
        hook's own write): when the server ended this claimed store's connection (a restart,
        a failover), the wait for it (:meth:`_rejoined`) to await; None without a claim or
        while the connection stands (no round trip). One wait per store at a time: the
        session's drive and its async hooks' tasks, each asking, await the same one
        (:meth:`_join`), so one connection is opened and the claim taken up once."""
        claim = self.claim
        if claim is None:
            return None
        if self._rejoining is None or self._rejoining.done():
            if not self._ended_by_server():
                return None
            self._rejoining = asyncio.ensure_future(self._rejoined(claim))
        return self._join(self._rejoining)

    async def _join(self, wait: asyncio.Task[None]) -> None:
        """Await the shared ``wait`` (its StoreError is each awaiter's). One awaiter
        cancelled leaves it to the others; the last one cancelled ends it (nobody is left
        to write)."""
        self._rejoin_waiters += 1
        try:
            await asyncio.shield(wait)
        finally:
            self._rejoin_waiters -= 1
            if not self._rejoin_waiters and not wait.done():
                wait.cancel()

    async def _rejoined(self, claim: Claim) -> None:
        """Open the connection again and take the claim up again (:meth:`_take_up`), so the
        reply of the model call that was in flight is stored, not paid for again. The server
        may still be starting: each attempt runs in a thread, with a pause between, for
        :data:`REJOIN_WAIT` seconds (the store's ``timeout`` once its worker stops,
        :attr:`handing_back`), while the worker's event loop goes on (heartbeats, its other
        sessions, signals); then the lost connection's StoreError, and the claim is handed
        on as before (:meth:`requeue_lost_claim`)."""
        start = time.monotonic()
        while True:
            try:
                raw = await asyncio.to_thread(_open, self.url, self.timeout, self.idle_limit)
                break
            except psycopg.OperationalError as exc:
                waited = time.monotonic() - start
                if waited >= (self.timeout if self.handing_back else REJOIN_WAIT):
                    raise self._connection_lost(exc) from None
                await asyncio.sleep(REJOIN_PAUSE)
        if not self._ended_by_server():  # a write's own attempt opened it meanwhile
            raw.close()
            return
        self._take_up(raw, claim)

    def _rejoin(self, claim: Claim) -> None:
        """At a write (no await of :meth:`rejoin` before it, or the server gone since):
        one attempt to open the connection again, not a wait that would hold up the
        worker's event loop (the lost connection's StoreError when it fails)."""
        try:
            raw = _open(self.url, self.timeout, self.idle_limit)
        except psycopg.OperationalError as exc:
            raise self._connection_lost(exc) from None
        self._take_up(raw, claim)

    def _locks_rejoined(self) -> None:
        """:meth:`_rejoin_locks` when this store drives a session under its lock (no claim)
        and the server ended its connection; nothing otherwise (no round trip)."""
        if self._advisory.held_ids() and self._ended_by_server():
            self._rejoin_locks()

    def _rejoin_locks(self) -> None:
        """At a write of a drive with no claim (``coord run`` on a shared store: its
        session's advisory lock) whose connection the server ended (``pg_terminate_backend``,
        an idle timeout): the connection opened again and the locks taken again, so the reply
        of the call in flight is stored, not paid for again on a resume. A session another
        process took meanwhile (its lock held elsewhere, or queued or claimed since: it has
        a lease) is let go, nothing written: a :class:`StoreError` saying so."""
        try:
            raw = _open(self.url, self.timeout, self.idle_limit)
        except psycopg.OperationalError as exc:
            raise self._connection_lost(exc) from None
        held = self._advisory.held_ids()
        self._pg.close()
        self._pg.raw = raw
        self._lost_why = None
        self._fault = None
        self._advisory.retake()
        for sid in held:
            leased = self._pg.run(
                "SELECT 1 FROM coordinator_jobs WHERE session_id = %s", (sid,)
            ).fetchone()
            if self._advisory.held(sid) and leased is None:
                continue
            self._advisory.release(sid)  # (its unlock then writes nothing)
            raise StoreError(
                StoreFault.LOCKED,
                self.where,
                f"session {sid} was resumed by another process while this process's"
                " connection to the session database was cut: nothing more was written here",
            )

    def _take_up(self, raw: psycopg.Connection[Any], claim: Claim) -> None:
        """Use ``raw`` as this store's connection and take the claim up again as its holder,
        when the lease still has its epoch: no other worker claimed the session meanwhile
        (the sweep hands on no claim made before the server started while its worker beats:
        ``pgqueue._DEAD_HOLDERS``). A ``--here`` claim the sweep queued again meanwhile (its
        connection alone was cut: taken for a killed process's) is claimed anew while no
        worker has taken it (:meth:`_claim_again`). Another worker's epoch: nothing taken;
        the next check fences."""
        self._pg.close()
        self._pg.raw = raw
        self._lost_why = None
        self._fault = None
        if claim.here:  # (a restart ended it too: opened again before the claim's new time)
            self._keep(claim.session_id)
        taken = self._pg.run(
            "UPDATE coordinator_jobs SET holder_pid = pg_backend_pid(), heartbeat_at = now()"
            " WHERE session_id = %s AND epoch = %s AND state = 'doing' RETURNING epoch",
            (claim.session_id, claim.epoch),
        ).fetchone()
        self._advisory.retake()
        if taken is None and claim.here and self._advisory.held(claim.session_id):
            self._claim_again(claim)

    def _claim_again(self, claim: Claim) -> None:
        """Claim anew, at a new epoch, a ``--here`` session the workers' sweep queued again
        after this process's connection was cut (``pgqueue._RELEASE_ORPHAN``: its lease
        ``todo`` one epoch on, nothing else since), as :meth:`claim_here` claims one: its
        lease row locked, its waiting job taken out of the queue. Nothing when anything else
        happened since (a worker fetched that job or claimed the session, another ``--here``
        did; or it ended): the next check fences, and this process stops without writing."""
        from coordinator.store import pgqueue

        sid = claim.session_id
        with self._pg.raw.transaction():
            lease = self._pg.run(
                "SELECT state, epoch FROM coordinator_jobs WHERE session_id = %s FOR UPDATE",
                (sid,),
            ).fetchone()
            if lease is None or (lease["state"], int(lease["epoch"])) != (
                LeaseState.TODO,
                claim.epoch + 1,
            ):
                return
            if not pgqueue.withdraw(self._pg.raw, sid):
                return  # a worker fetched its job: it drives the session
            got = self._pg.run(
                "UPDATE coordinator_jobs SET state = 'doing', epoch = epoch + 1,"
                " holder_pid = pg_backend_pid(), attempts = attempts + 1, heartbeat_at = now()"
                " WHERE session_id = %s RETURNING epoch, attempts",
                (sid,),
            ).fetchone()
        if got is not None:  # (its row locked above: always)
            self.claim = replace(claim, epoch=int(got["epoch"]), attempts=int(got["attempts"]))

    def _keep(self, session_id: str | None) -> None:
        """Open (or, for None, close) the keeper connection of this process's ``--here``
        claim on ``session_id``: a second connection, named for the session
        (:func:`~coordinator.store.pgqueue.keeper_name`) and left idle, which tells the
        workers' sweep the process lives when its store connection alone was ended (an
        administrator's ``pg_terminate_backend``): the claim is then not queued again, and
        the process opens its connection again at its next write. Best effort: without one
        (the server refused it), a cut connection is taken for a killed process's, as
        before, and the claim is made anew while no worker has taken it
        (:meth:`_claim_again`)."""
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None
        if session_id is None:
            return  # (a store's close: nothing of the workers' engine is imported)
        from coordinator.store import pgqueue

        try:
            self._keeper = psycopg.connect(
                self.url,
                autocommit=True,
                connect_timeout=max(1, int(self.timeout)),
                application_name=pgqueue.keeper_name(session_id),
            )
        except psycopg.Error:
            return

    def check_claim(self) -> None:
        """Before a model call or a tool's start (a step boundary: every write before it
        committed, nothing started after it): raise :class:`Fenced` unless this store's
        claim is still the session's lease; when the worker is stopping
        (:attr:`handing_back`), hand the claim back (:meth:`_hand_back`) and raise
        :class:`HandedBack`. A lost connection is :class:`Fenced` here (no call was made
        yet: the worker queues the session again); a write opens it again instead
        (:meth:`transaction`), so a reply that was paid for is stored."""
        claim = self.claim
        if claim is None:
            return
        if self.handing_back:
            self._hand_back(claim)
        self._check_claim(claim)

    def check_epoch(self) -> None:
        """Raise :class:`Fenced` unless this store's claim is still the session's lease
        (after an error: was the claim lost? Never hands it back)."""
        if self.claim is not None:
            self._check_claim(self.claim)

    def _hand_back(self, claim: Claim) -> None:
        """Queue the claimed session again, in one transaction fenced by the claim's epoch:
        its lease ``todo`` with no holder, a job "drive session S" deferred (held by the
        job lock until this worker's job ends, then fetched by any worker at once: no
        lease to wait for). Then :class:`HandedBack` (the claim is this store's no more)."""
        from coordinator.store import pgqueue

        with self.transaction():
            row = self._execute_pg(_REQUEUE, (claim.session_id, claim.epoch)).fetchone()
            if row is None:  # (the transaction's own check found the epoch ours)
                return
            pgqueue.defer(self._pg.raw, claim.session_id, str(row["workspace"]))
            steps = self._execute_pg(
                "SELECT count(*) AS n FROM messages AS m JOIN runs AS r ON r.id = m.run_id"
                " WHERE r.session_id = %s AND m.role = 'assistant'",
                (claim.session_id,),
            ).fetchone()
        self.claim = None
        raise HandedBack(self.where, claim.session_id, int(steps["n"]) if steps else 0)

    def _check_claim(self, claim: Claim) -> None:
        """Raise :class:`Fenced` when another worker claimed the session since, or when this
        store's connection is lost: the claim went with it (its holder's backend is gone, so
        a sweep hands the session on), and nothing more may be written for it here."""
        try:
            row = self._pg.run(
                "SELECT epoch FROM coordinator_jobs WHERE session_id = %s FOR SHARE",
                (claim.session_id,),
            ).fetchone()
        except psycopg.Error as exc:
            refused = None if self.broken else self._refused(exc)
            if refused is not None:
                raise refused from None
            if not self._is_lost(exc):
                raise
            fault = self._connection_lost(exc)
            if not self.broken:
                raise fault from None
            raise Fenced(
                StoreFault.IO,
                self.where,
                f"session {claim.session_id} lost its claim with this worker's connection to"
                f" the session database ({self._lost_why}): this one stops",
            ) from None
        if row is None or int(row[0]) != claim.epoch:
            raise Fenced(
                StoreFault.LOCKED,
                self.where,
                f"session {claim.session_id} was claimed by another worker: this one stops",
            )

    # ---- locks -----------------------------------------------------------------------------

    def lock_session(self, session_id: str, *, exclusive: bool = False) -> None:
        """The advisory lock; a worker's claim (fenced by its epoch) stands in for it when a
        paused former holder still has it, unless ``exclusive`` (hooks to fire, which no
        epoch fences: review133)."""
        if not exclusive and self.claim is not None and self.claim.session_id == session_id:
            self._locks.acquire(session_id)
            return
        super().lock_session(session_id, exclusive=exclusive)

    def _mark_interrupted(self, session_id: str, exit_code: int | None) -> None:
        """As for SQLite, except for a session queued for the workers."""
        try:
            queued = self._rows(
                "SELECT 1 FROM coordinator_jobs WHERE session_id = ? AND state = 'todo'",
                (session_id,),
            )
        except StoreError:
            return  # the database cannot answer now; a session nobody holds resumes anyway
        if not queued:
            super()._mark_interrupted(session_id, exit_code)

    # ---- removing sessions ---------------------------------------------------------------

    def busy_sessions(self, session_ids: list[str]) -> dict[str, str]:
        """As for SQLite, and also those queued for the workers or leased by one (a job not
        yet finished): three statements, however many sessions are asked about."""
        if not session_ids:
            return {}
        ids = sorted(set(session_ids))
        by_key: dict[int, list[str]] = {}
        for sid in ids:
            by_key.setdefault(lock_key(sid), []).append(sid)
        held = self._execute_pg(_HELD, (LOCK_SPACE, list(by_key))).fetchall()
        busy = {sid: sqlite_store.IN_USE for row in held for sid in by_key[int(row[0])]}
        for lease in self._execute_pg(_leases(), (ids,)).fetchall():
            reason = _lease_reason(lease)
            if reason is not None:
                busy.setdefault(str(lease["session_id"]), reason)
        for job in self._execute_pg(_LIVE_JOBS, ([_job_lock(s) for s in ids],)).fetchall():
            busy.setdefault(_session_of_lock(str(job["lock"])), _JOB_LEFT)
        return busy

    def delete_sessions(self, session_ids: list[str]) -> None:
        """Remove sessions with every row that belongs to them, their lease rows and their
        finished jobs' history too, in one transaction. It first takes each session's lock
        and lease row, so a session that a process or a worker took since it was checked is
        refused (:class:`UserError`, nothing removed); a worker's claim or a resume that
        comes after waits for the commit, then finds the session gone."""
        if not session_ids:
            return
        ids = sorted(set(session_ids))
        with self.transaction():
            self._hold_for_removal(ids)
            used = self._execute_pg(
                "SELECT digest FROM agent_definitions WHERE digest IN (SELECT definition"
                " FROM runs WHERE session_id = ANY(%s)) ORDER BY digest FOR UPDATE",
                (ids,),
            ).fetchall()
            self._execute_pg("DELETE FROM coordinator_jobs WHERE session_id = ANY(%s)", (ids,))
            self._execute_pg(
                "DELETE FROM procrastinate_jobs WHERE lock = ANY(%s)",
                ([_job_lock(s) for s in ids],),
            )
            for sid in ids:
                self._delete_session_rows(sid)
            self._execute_pg(  # only definitions these sessions used, and no other run uses
                "DELETE FROM agent_definitions d WHERE digest = ANY(%s)"
                " AND NOT EXISTS (SELECT 1 FROM runs WHERE definition = d.digest)",
                ([str(r["digest"]) for r in used],),
            )

    def _hold_for_removal(self, ids: list[str]) -> None:
        """Inside the removing transaction: take each session's lock (until the commit) and
        its lease and job rows; :class:`UserError` for one a process, or a worker, has."""
        for sid in ids:
            got = self._execute_pg(
                "SELECT pg_try_advisory_xact_lock(%s, %s)", (LOCK_SPACE, lock_key(sid))
            ).fetchone()
            if not (got and got[0]):
                raise sqlite_store.not_removed(sid, sqlite_store.IN_USE)
        self._execute_pg("SELECT id FROM sessions WHERE id = ANY(%s) FOR UPDATE", (ids,))
        for lease in self._execute_pg(_leases() + " FOR UPDATE", (ids,)).fetchall():
            reason = _lease_reason(lease)
            if reason is not None:
                raise sqlite_store.not_removed(str(lease["session_id"]), reason)
        locks = [_job_lock(s) for s in ids]
        for job in self._execute_pg(_LIVE_JOBS + " FOR UPDATE", (locks,)).fetchall():
            raise sqlite_store.not_removed(_session_of_lock(str(job["lock"])), _JOB_LEFT)

    def close(self) -> None:
        """Release session locks and the connection (a lost one only closes)."""
        self._keep(None)
        if self.broken:
            self._locks.close()
            self._pg.close()
            return
        super().close()

    # ---- the work queue ----------------------------------------------------------------

    def enqueue(self, session_id: str, resume_flags: dict[str, Any] | None = None) -> None:
        """Hand the session to the workers: its lease row (with ``resume_flags``, the flags
        of the resume that queued it, kept until it is queued again: a requeue or a retry
        drives it with them too) and a Procrastinate job "drive session S", in the caller's
        transaction (NOTIFY wakes a worker on commit). UnknownSession when it is gone."""
        from coordinator.store import pgqueue

        flags = json.dumps(resume_flags) if resume_flags else None
        with self.transaction():
            row = self._pg.run(
                "INSERT INTO coordinator_jobs (session_id, workspace, state, resume, seen_job)"
                " SELECT id, workspace, 'todo', %s, " + _NEWEST_JOB + " FROM sessions"
                " WHERE id = %s ON CONFLICT (session_id) DO UPDATE SET state = 'todo',"
                " error = NULL, queued_at = now(), resume = EXCLUDED.resume, failures = 0,"
                " seen_job = EXCLUDED.seen_job RETURNING workspace",
                (flags, session_id),
            ).fetchone()
            if row is None:
                # (removed since it was looked up: as unknown as one never there)
                raise sqlite_store.UnknownSession.in_store(session_id, self.where, self.LIST_HINT)
            pgqueue.defer(self._pg.raw, session_id, str(row["workspace"]))

    def queued_note(self, session_id: str, *, resumed: bool, also: int = 0) -> str:
        """What a session this store just queued for the workers (``resumed``: by ``coord
        resume``, else by ``coord run --detach``; ``also``: how many more of its batch were
        queued with it, in its workspace) waits for, and when it goes on: at once when a
        worker sent a heartbeat within :data:`LEASE` seconds (and how long ago the latest:
        a worker killed a moment ago still counts, and is said to be quiet past
        :data:`QUIET` seconds), else once one whose root holds
        its workspace is started (the command, its URL without the password: libpq reads
        that where it keeps it). A live worker whose roots do not hold the workspace is
        counted as one that does not take it."""
        row = self._execute_pg(_QUEUED_NOTE, (LEASE, session_id)).fetchone()
        if row is None:
            return ""
        ws, live, holding = str(row["workspace"]), int(row["live"]), int(row["holding"])
        them = "them" if also else "it"
        if holding:
            quiet = float(row["quiet"])
            seen = (
                f"{counted(holding, 'worker')} sent a heartbeat in the last {LEASE:g} s, the latest"
                f" {quiet:.0f} s ago"
            )
            if quiet > QUIET:  # (a kill -9'd worker's row looks live until it is pruned)
                seen += ": a running worker beats every second, so it may have stopped"
        elif live:
            seen = (
                f"{counted(live, 'worker')} sent a heartbeat in the last {LEASE:g} s, but none"
                f" has a --workspace-root holding {them}, so nothing drives {them} yet"
            )
        else:
            seen = (
                f"no worker has sent a heartbeat in the last {LEASE:g} s, so nothing drives"
                f" {them} yet"
            )
        command = shlex.join(
            ["coord", "worker", "--db", secretless_url(self.url), "--workspace-root", ws, "--drain"]
        )
        why = (
            " (on a shared store, coord resume hands the session to them and does not drive it"
            " here)"
            if resumed
            else ""
        )
        queued = (
            f"sessions {session_id} and {also} more of this batch are"
            if also
            else f"session {session_id} is"
        )
        return (
            f"{queued} queued for the workers{why}: a running `coord worker`"
            f" whose --workspace-root holds {ws} takes {them} at once ({seen}). To have {them}"
            f" driven now, start one: {command} (it drives what is queued there, then exits)."
        )

    def driver(self, session_id: str) -> str | None:
        """The holder of the session's lease while it is driven (its ``worker``)."""
        row = self._execute_pg(_DRIVER_OF.format("%s"), (session_id,)).fetchone()
        return None if row is None or row["worker"] is None else str(row["worker"])

    def stopped_why(self, session_id: str) -> str | None:
        """The session's lease's error once it ended ``failed`` (None: no such lease)."""
        row = self._execute_pg(_STOPPED_OF.format("%s"), (session_id,)).fetchone()
        return None if row is None or row["error"] is None else str(row["error"])

    def queued_since(self, session_id: str) -> float | None:
        """When the session's job was queued, while it waits for a worker (queued, not yet
        claimed: no worker whose root holds its workspace has taken it), or when a sweep
        handed it on from a dead worker and none has taken it since (its lease still the
        dead worker's, its job waiting again); None otherwise."""
        from coordinator.store import pgworkers

        params = {
            "id": session_id,
            "lock": _job_lock(session_id),
            "task": pgworkers.TASK,
            "app": pgworkers.WORKER_APP,
            "digest": pgworkers.APP_DIGEST,
        }
        row = self._execute_pg(_queued_since(), params).fetchone()
        return None if row is None else float(row["at"])

    def session_workspace(self, session_id: str) -> str | None:
        """The workspace the session's row names (None: no such session). A lost connection
        (the server restarted since this store's last statement) is a :class:`StoreError`,
        as on every other read a worker makes: its job is tried again on a new connection."""
        row = self._execute_pg(
            "SELECT workspace FROM sessions WHERE id = %s", (session_id,)
        ).fetchone()
        return None if row is None else str(row["workspace"])

    def refuse_queued(self, session_id: str, reason: str) -> None:
        """End the session's lease ``failed`` with ``reason`` without claiming it (a worker
        refused its job): its epoch and any holder's lock are left as they are."""
        with self.transaction():
            self._pg.run(
                "UPDATE coordinator_jobs SET state = 'failed', error = %s"
                " WHERE session_id = %s AND state IN ('todo', 'doing')",
                (reason, session_id),
            )

    def claim_session(self, session_id: str, worker: str) -> Claim | None:
        """Claim a session whose job this worker runs: bump its lease epoch (fencing any
        former driver), record this connection as its holder, take its advisory lock when
        free. None when the session was never queued."""
        with self.transaction():
            got = self._pg.run(
                "UPDATE coordinator_jobs SET state = 'doing', epoch = epoch + 1, worker = %s,"
                " holder_pid = pg_backend_pid(), attempts = attempts + 1, heartbeat_at = now()"
                " WHERE session_id = %s RETURNING epoch, attempts, resume",
                (worker, session_id),
            ).fetchone()
        if got is None:
            return None
        self._locks.acquire(session_id)  # best effort: the epoch, not the lock, fences
        flags = json.loads(got["resume"]) if got["resume"] else None
        self.claim = Claim(session_id, int(got["epoch"]), int(got["attempts"]), flags)
        return self.claim

    def claim_here(self, session_id: str, holder: str) -> Claim:
        """Claim a session to drive it in this process (``coord resume --here``) as a worker
        claims one, so that exactly one process drives it: its advisory lock first (held by
        a worker, a local run or another ``--here``: UserError, in use), then in one
        transaction its lease row locked, its waiting job taken out of the queue (one a
        worker has fetched: UserError, that worker drives it) and its lease taken at a new
        epoch, this connection its holder (a paused former driver is fenced at its next
        write), its count of failed jobs started afresh (a person's resume, as
        :meth:`enqueue`'s). The lease row comes first, as in every other transaction that
        queues a job: a worker's sweep queuing the session again holds that row until its
        new job is in, and that job is then withdrawn here, not left for a worker to claim
        the session from this process. UnknownSession when it is gone. Killed with its
        connection, the claim is queued again by the workers' sweep (``pgqueue._ORPHAN``:
        its holder gone, the claim younger than the server)."""
        from coordinator.store import pgqueue

        self.lock_session(session_id)
        try:
            self._keep(session_id)  # before the claim: it is older than the claim's time
            with self.transaction():
                self._pg.run(_LEASE_HELD, (session_id,))
                if not pgqueue.withdraw(self._pg.raw, session_id):
                    raise UserError(
                        f"session {session_id} is being driven by a worker",
                        hint="Follow it with `coord log -f`; resume it once it stops.",
                    )
                got = self._pg.run(
                    "INSERT INTO coordinator_jobs (session_id, workspace, state, epoch, worker,"
                    " holder_pid, attempts, heartbeat_at, seen_job)"
                    " SELECT id, workspace, 'doing', 1, %s, pg_backend_pid(), 1, now(), "
                    + _NEWEST_JOB
                    + " FROM sessions WHERE id = %s ON CONFLICT (session_id) DO UPDATE SET"
                    " state = 'doing', epoch = coordinator_jobs.epoch + 1,"
                    " worker = EXCLUDED.worker, holder_pid = EXCLUDED.holder_pid,"
                    " attempts = coordinator_jobs.attempts + 1, heartbeat_at = now(),"
                    " error = NULL, resume = NULL, failures = 0, seen_job = EXCLUDED.seen_job"
                    " RETURNING epoch, attempts",
                    (holder, session_id),
                ).fetchone()
        except BaseException:
            self._keep(None)
            self._locks.release(session_id)
            raise
        if got is None:
            self._keep(None)
            self._locks.release(session_id)
            # (removed since it was looked up: as unknown as one never there)
            raise sqlite_store.UnknownSession.in_store(session_id, self.where, self.LIST_HINT)
        self.claim = Claim(session_id, int(got["epoch"]), int(got["attempts"]), here=True)
        return self.claim

    def release_claim(self, state: LeaseState, error: str | None = None) -> None:
        """End this store's claim: ``done`` or ``failed`` if the epoch is still ours."""
        claim, self.claim = self.claim, None
        if claim is None:
            return
        self._keep(None)
        try:
            self._pg.run(
                "UPDATE coordinator_jobs SET state = %s, error = %s, holder_pid = NULL"
                " WHERE session_id = %s AND epoch = %s AND state = 'doing'",
                (state.value, error, claim.session_id, claim.epoch),
            )
            self._locks.release(claim.session_id)
        except psycopg.Error:
            pass  # the connection is gone, and its advisory lock with it

    def requeue_lost_claim(self) -> bool:
        """Hand the session on after this store lost its claim with its connection, or its
        claim check was refused on a live one (the lock held by this connection's claim
        check is gone by then: it ran in autocommit or in a transaction rolled back): on a
        fresh connection, when the session's lease is still this claim's (its epoch: no
        other worker claimed it since), mark it queued again and queue its job "drive
        session S" unless one is waiting already. The job lock keeps the new job until
        this worker's job ends; then a worker drives the session again, at a new epoch.

        False, changing nothing, when another worker has claimed the session since (it
        drives it) or its lease is no longer being driven. Raises :class:`StoreError` when
        the database cannot be reached (the job, then not deleted, is the sweep's).
        """
        from coordinator.store import pgqueue

        claim = self.claim
        if claim is None:
            return False
        try:
            with psycopg.connect(
                self.url, autocommit=True, connect_timeout=max(1, int(self.timeout))
            ) as raw:
                with raw.transaction():
                    row = raw.execute(_REQUEUE, (claim.session_id, claim.epoch)).fetchone()
                    if row is None:
                        return False
                    pgqueue.defer(raw, claim.session_id, str(row[0]))
        except psycopg.OperationalError as exc:
            raise StoreError(
                StoreFault.IO,
                self.where,
                f"cannot queue session {claim.session_id} again: {_first_line(exc)}",
            ) from None
        return True

    @property
    def broken(self) -> bool:
        """True when the connection to the server is lost (reconnect to go on)."""
        return self._pg.lost

    def workers(self) -> WorkersView:
        """The workers of this store and the jobs waiting for them (``coord workers``:
        :func:`~coordinator.store.pgworkers.survey`), read without writing."""
        from coordinator.store.pgworkers import survey

        try:
            return survey(self._pg.raw, LEASE)
        except psycopg.Error as exc:
            fault = self._fault_of(exc)
            if fault is None:
                raise
            raise fault from None

    def jobs(self) -> list[dict[str, Any]]:
        """Every job row (for ``coord worker --status`` and the tests)."""
        return [
            dict(r)
            for r in self._execute_pg(
                "SELECT session_id, state, epoch, worker, attempts, error FROM coordinator_jobs"
                " ORDER BY queued_at"
            ).fetchall()
        ]


#: Which of some sessions' advisory locks (by key) a connection holds.
_HELD = (
    "SELECT DISTINCT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND classid = %s AND objsubid = 2 AND objid::bigint = ANY(%s)"
)
#: When a session waiting for a worker was queued: its lease ``todo``, or still ``doing``
#: (a dead worker's claim) with its job handed back to the queue by a sweep and none running,
#: or with its job still running on a worker that was killed (``{dead}``:
#: :data:`~coordinator.store.pgqueue.DEAD_CLAIM`): the next worker's sweep hands it on, so it
#: waits for a worker as a queued one does, counted from that worker's claim (ops113: it was
#: shown interrupted, "resume continues it", until a worker started). Params: the session's
#: id, its job lock, the workers' task, their connections' name and its digest's length.
_QUEUED_SINCE = """
SELECT extract(epoch FROM CASE WHEN c.state = 'todo' THEN c.queued_at
    WHEN NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS j
        WHERE j.lock = l.lock AND j.status = 'todo') THEN c.heartbeat_at
    ELSE (SELECT max(j.scheduled_at) FROM procrastinate_jobs AS j
          WHERE j.lock = l.lock AND j.status = 'todo') END)::float8 AS at
FROM coordinator_jobs AS c, (SELECT %(id)s::text AS id, %(lock)s::text AS lock) AS l
WHERE c.session_id = l.id AND (c.state = 'todo' OR c.state = 'doing'
  AND EXISTS (SELECT 1 FROM procrastinate_jobs AS j WHERE j.lock = l.lock AND j.status = 'todo')
  AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS j
      WHERE j.lock = l.lock AND j.status = 'doing')
  OR EXISTS (SELECT 1 FROM procrastinate_jobs AS j
      WHERE j.lock = l.lock AND j.status = 'doing' AND j.task_name = %(task)s)
  AND {dead})
"""


def _queued_since() -> str:
    """:data:`_QUEUED_SINCE` with a killed worker's claim told as the workers' sweep tells
    it (the workers' engine loads on use)."""
    from coordinator.store import pgqueue

    return _QUEUED_SINCE.replace("{dead}", pgqueue.DEAD_CLAIM)


#: A session's jobs still queued or running (the partial index on lock serves it).
_LIVE_JOBS = (
    "SELECT lock FROM procrastinate_jobs WHERE lock = ANY(%s) AND status IN ('todo', 'doing')"
)
_JOB_LEFT = "still with a worker (its job has not finished)"


def _job_lock(session_id: str) -> str:
    """The lock of a session's jobs (the workers' engine loads on use)."""
    from coordinator.store import pgqueue

    return pgqueue.session_lock(session_id)


def _leases() -> str:
    """Sessions' leases, and whether each holder's connection is gone (a ``coord resume
    --here`` killed: no job of it is left for a sweep, and nothing drives it), as the
    workers' sweep tells it (:data:`~coordinator.store.pgqueue.HOLDER_GONE`)."""
    from coordinator.store import pgqueue

    return (
        "SELECT c.session_id, c.state, c.worker, c.holder_pid IS NOT NULL AND "
        + pgqueue.HOLDER_GONE
        + " AS holder_gone FROM coordinator_jobs AS c WHERE c.session_id = ANY(%s)"
    )


def _session_of_lock(lock: str) -> str:
    """The session of a job lock (:func:`_job_lock`)."""
    return lock.rsplit(":", 1)[-1]


def _lease_reason(lease: Any) -> str | None:
    """Why a session with this ``coordinator_jobs`` row may not be removed (None: it may)."""
    if lease is None or lease["state"] in (LeaseState.DONE, LeaseState.FAILED):
        return None
    if lease["state"] == LeaseState.DOING and lease["holder_gone"]:
        return None  # its holder is dead: a worker's job, if any, still says so (_LIVE_JOBS)
    if lease["state"] == LeaseState.TODO:
        return sqlite_store.QUEUED
    return f"leased by worker {lease['worker'] or '(unknown)'}"


def _url_as_role(url: str, role: str) -> str:
    """``url`` without its credentials (:func:`~coordinator.sanitize.secretless_url`) and
    as ``role`` (its user name, in the address or a ``user=`` parameter, replaced)."""
    parts = urlsplit(secretless_url(url))
    hosts = parts.netloc.rpartition("@")[2]
    query = "&".join(  # (libpq decodes a parameter's name too: ``us%65r=``)
        p for p in parts.query.split("&") if p and unquote(p.partition("=")[0]) != "user"
    )
    return f"{parts.scheme}://{quote(role, safe='')}@{hosts}{parts.path}" + (
        f"?{query}" if query else ""
    )


class Refusal(StrEnum):
    """Why a connection to a PostgreSQL store failed, as a user acts on it."""

    REFUSED = "connection refused"
    UNKNOWN_HOST = "unknown host"
    AUTH = "authentication failed"
    NO_DATABASE = "no such database"
    NO_ROLE = "no such role"
    NO_SOCKET = "no server at the local socket"
    TIMED_OUT = "timed out"
    NOT_ACCEPTING = "the server accepts no connections now"
    OTHER = "connection failed"


#: libpq's words for each :class:`Refusal` (lower case), first match wins.
_REFUSAL_WORDS: tuple[tuple[Refusal, tuple[str, ...]], ...] = (
    (Refusal.AUTH, ("password authentication failed", "no password supplied",
                    "authentication failed", "pg_hba.conf")),
    (Refusal.NO_ROLE, ("role \"",)),
    (Refusal.NO_DATABASE, ("database \"",)),
    (Refusal.UNKNOWN_HOST, ("failed to resolve host", "could not translate host name",
                            "name or service not known", "nodename nor servname")),
    (Refusal.REFUSED, ("connection refused",)),
    (Refusal.NO_SOCKET, ("no such file or directory",)),
    (Refusal.TIMED_OUT, ("timeout expired", "timed out")),
    (Refusal.NOT_ACCEPTING, ("starting up", "shutting down", "not accepting connections",
                             "too many clients", "in recovery mode")),
)  # fmt: skip

#: What to check for each :class:`Refusal` (the rest: :data:`_CHECK_ANY`).
_CHECK: dict[Refusal, str] = {
    Refusal.REFUSED: "Check the host and port, and that PostgreSQL is running there.",
    Refusal.UNKNOWN_HOST: "Check the host's name (and that it resolves from this machine).",
    Refusal.AUTH: "Check the user and its password (PGPASSWORD or ~/.pgpass), and pg_hba.conf.",
    Refusal.NO_DATABASE: "Create it (`createdb NAME`) or name one that exists.",
    Refusal.NO_ROLE: "Name a role that exists (the URL's user, or PGUSER).",
    Refusal.NO_SOCKET: "Name a host (postgresql://HOST/DB), or start PostgreSQL locally.",
}
_CHECK_ANY = "Check the URL, and that PostgreSQL is running and reachable."
#: libpq's settings taken from the environment where a URL leaves them out (each
#: variable's connection keyword); shown with its value, a secret one's (:data:`_PG_SECRET`)
#: only as set.
_PG_ENV = {
    "PGHOST": "host", "PGHOSTADDR": "hostaddr", "PGPORT": "port", "PGUSER": "user",
    "PGDATABASE": "dbname", "PGSERVICE": "service", "PGPASSWORD": "password",
    "PGPASSFILE": "passfile", "PGSSLMODE": "sslmode",
}  # fmt: skip
_PG_SECRET = frozenset({"PGPASSWORD", "PGPASSFILE"})


def refusal_of(exc: BaseException) -> Refusal:
    """The kind of psycopg's connection error ``exc`` (libpq's words, whatever gave the
    settings: a URL, the environment's PG* variables, a service file)."""
    text = str(exc).lower()
    for kind, words in _REFUSAL_WORDS:
        if any(word in text for word in words) and (
            kind not in (Refusal.NO_ROLE, Refusal.NO_DATABASE) or "does not exist" in text
        ):
            return kind
    return Refusal.OTHER


def cannot_connect(url: str, exc: BaseException) -> UserError:
    """The one error of a store that could not be reached: its URL (password masked), the
    PG* variables libpq also read (their names; values but a password's), the kind of
    failure (:func:`refusal_of`), libpq's line, and what to check for that kind."""
    kind = refusal_of(exc)
    env = _from_environment(url)
    given = f" (with {', '.join(env)} from the environment)" if env else ""
    detail = _said_besides(_first_line(exc), kind)
    return UserError(
        f"cannot connect to the session database {masked_url(url)}{given}: {kind}"
        + (f" ({scrub_diagnostic(detail)})" if detail else ""),
        hint=_CHECK.get(kind, _CHECK_ANY),
    )


#: What psycopg puts before libpq's line (``connection failed: connection to server at
#: "HOST", port 1 failed: Connection refused``), and what libpq ends a server's part with
#: when it names the failure (the kind, said already).
_PSYCOPG_PREFIX = re.compile(r"^connection (?:failed|is bad):\s*", re.IGNORECASE)


def _said_besides(detail: str, kind: Refusal) -> str:
    """What libpq's line ``detail`` says beside ``kind`` (said before it): without
    psycopg's ``connection failed:`` and, when it ends naming the kind (``... port 1
    failed: Connection refused``), without that end; "" when nothing is left."""
    detail = _PSYCOPG_PREFIX.sub("", detail, count=1)
    if detail.lower().startswith(str(kind)):
        return ""
    ending = re.compile(rf"(?: failed)?:\s*{re.escape(str(kind))}\.?$", re.IGNORECASE)
    return ending.sub("", detail).strip()


def _from_environment(url: str) -> list[str]:
    """The PG* variables libpq read for what ``url`` leaves out, as a message names them
    (``PGHOST=db1``; ``PGPASSWORD set``)."""
    import os

    from psycopg.conninfo import conninfo_to_dict

    try:
        given = {k for k, v in conninfo_to_dict(url).items() if v not in (None, "")}
    except psycopg.Error:
        given = set()
    return [
        f"{name} set" if name in _PG_SECRET else f"{name}={os.environ[name]}"
        for name, key in _PG_ENV.items()
        if os.environ.get(name) and key not in given
    ]


def _first_line(exc: BaseException) -> str:
    """The first line of psycopg's error, scrubbed: libpq may echo a piece of the URL
    (``invalid percent-encoded token: "p%zz"``), the password whatever its length."""
    return scrub_diagnostic((str(exc).strip().splitlines() or [type(exc).__name__])[0])
