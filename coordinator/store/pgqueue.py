"""Procrastinate on the shared PostgreSQL store: the job "drive session S" and its SQL.

Imported only when a PostgreSQL URL is used and a session is queued or a worker runs (the
``postgres`` extra: psycopg 3 and Procrastinate). A session handed to workers is one
Procrastinate job of task :data:`TASK` on queue :data:`QUEUE`, deferred in the same
transaction that records it (so a job never names a session that was rolled back), with

- ``lock`` = ``queueing_lock`` = :func:`session_lock`: one worker drives a session at a time,
  and a session waits in the queue at most once;
- ``args`` = ``{"session_id", "workspace"}``: a worker fetches only jobs whose workspace is
  under one of its ``--workspace-root`` folders (:class:`SessionJobs`, Procrastinate's fetch
  with one more condition), so no worker ever takes a job it cannot drive.

Wake-up is Procrastinate's LISTEN/NOTIFY (its insert trigger); a retried job is announced on
the same channels (:data:`_NOTIFY`), since Procrastinate notifies inserts only.
Procrastinate's heartbeats and stalled-job API find jobs of dead workers; the coordinator's
lease table (``coordinator_jobs``: epoch fencing, the holder's backend pid) finds a killed
worker faster (:data:`_DEAD_HOLDERS`). Everything here is SQL on Procrastinate's tables, as
of its schema 3.x (``procrastinate>=3.5,<4``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString, cast

import psycopg
from procrastinate import jobs as pjobs
from procrastinate import manager, schema
from procrastinate.exceptions import ConnectorException
from procrastinate.psycopg_connector import PsycopgConnector
from procrastinate.sync_psycopg_connector import SyncPsycopgConnector
from psycopg import sql

from coordinator.errors import UserError
from coordinator.sanitize import scrub_logging
from coordinator.status import QUEUES_AGAIN
from coordinator.store.pg_errors import disk_full, psycopg_cause, rolled_back
from coordinator.store.pgworkers import APP_DIGEST, TASK, WORKER_APP, under_root

scrub_logging()  # Procrastinate's and psycopg's log records (a user's DEBUG logging)

#: Procrastinate queue of "drive session S" (its task: ``pgworkers.TASK``).
QUEUE = "coordinator"
#: Seconds before a worker's listener that failed listens again.
RELISTEN = 0.5


#: What a session's job lock starts with (:func:`session_lock`).
LOCK_PREFIX = "coordinator-session:"


def session_lock(session_id: str) -> str:
    """The job lock and queueing lock of one session's jobs."""
    return f"{LOCK_PREFIX}{session_id}"


def locked_session(lock: str | None) -> str:
    """The session whose job holds ``lock`` (:func:`session_lock`'s inverse; "" for none)."""
    return lock.removeprefix(LOCK_PREFIX) if lock and lock.startswith(LOCK_PREFIX) else ""


def apply_engine_schema(conn: psycopg.Connection[Any]) -> None:
    """Create Procrastinate's schema (inside the caller's migration transaction)."""
    conn.execute(schema.SchemaManager.get_schema())


def defer(conn: psycopg.Connection[Any], session_id: str, workspace: str) -> bool:
    """Queue "drive ``session_id``" on ``conn`` (inside the caller's transaction); False when
    a job of the session is already waiting (its queueing lock). One waiting for a later time
    (the wait after its failures, :meth:`SessionJobs.requeue_unclaimed`, or a retry's) is
    made due now, and announced: a ``coord resume`` of the session means now."""
    row = conn.execute(
        "SELECT id, coalesce(scheduled_at > now(), false) FROM procrastinate_jobs"
        " WHERE queueing_lock = %s AND status = 'todo'",
        (session_lock(session_id),),
    ).fetchone()
    if row is not None:
        if row[1]:
            conn.execute(
                "UPDATE procrastinate_jobs SET scheduled_at = NULL WHERE id = %s", (row[0],)
            )
            payload = json.dumps({"type": "job_inserted", "job_id": None})
            conn.execute(_NOTIFY, {"payload": payload, "queue": QUEUE})
        return False
    job = pjobs.Job(
        queue=QUEUE,
        task_name=TASK,
        lock=session_lock(session_id),
        queueing_lock=session_lock(session_id),
        task_kwargs={"session_id": session_id, "workspace": workspace},
    )
    manager.JobManager(SyncPsycopgConnector()).defer_job(job, connection=conn)
    return True


def withdraw(conn: psycopg.Connection[Any], session_id: str) -> bool:
    """Take the session's waiting job out of the queue (inside the caller's transaction,
    its rows locked: a worker's fetch skips them until it commits); False, changing
    nothing, when a worker has fetched a job of the session (it drives it)."""
    rows = conn.execute(
        "SELECT id, status FROM procrastinate_jobs WHERE lock = %s"
        " AND status IN ('todo', 'doing') FOR UPDATE",
        (session_lock(session_id),),
    ).fetchall()
    if any(status == "doing" for _, status in rows):
        return False
    for job_id, _ in rows:
        conn.execute("SELECT procrastinate_cancel_job_v1(%s, false, true)", (job_id,))
    return True


def roots_arg(roots: Sequence[Path]) -> list[str]:
    """Workspace roots as the SQL below takes them."""
    return [str(r) for r in roots]


def within_roots(workspace: LiteralString) -> LiteralString:
    """SQL: the workspace path ``workspace`` lies under one of the roots ``%(roots)s``."""
    return (
        "EXISTS (SELECT 1 FROM unnest(%(roots)s::text[]) AS r(root) WHERE "
        + under_root(workspace)
        + ")"
    )


_UNDER_ROOTS = within_roots("jobs.args->>'workspace'")

#: A worker's roots, id (``HOST:PID:TAG``), start, lease and slots beside its row, for
#: ``PgStore.queued_note`` and ``coord workers`` (:mod:`~coordinator.store.pgworkers`).
_ANNOUNCE: LiteralString = """INSERT INTO coordinator_workers
    (worker_id, roots, name, started_at, lease, slots)
    VALUES (%(worker_id)s, %(roots)s::text[], %(name)s, now(), %(lease)s, %(slots)s)
    ON CONFLICT (worker_id) DO UPDATE SET roots = EXCLUDED.roots, name = EXCLUDED.name,
        lease = EXCLUDED.lease, slots = EXCLUDED.slots"""

#: How many jobs at the head of the queue the fetch reads for one of a workspace with no
#: session being driven, before it looks at each workspace's first job instead (:data:`_FETCH`).
NEAR = 200

# A job ``jobs`` a worker may take: queued and due, of the worker's queues, and not held by
# its lock (a job of its session being driven, or one queued before it): Procrastinate's
# condition, each half on an index (the ``doing`` jobs' unique one of their locks;
# ``pg.QUEUED_BY_LOCK_DDL``): Procrastinate's one condition read its whole ``(id, lock)``
# index for each row the fair fetch looked at, 2 ms a row at 5,000 queued.
_DUE: LiteralString = """jobs.status = 'todo'
      AND (%(queues)s::varchar[] IS NULL OR jobs.queue_name = ANY(%(queues)s::varchar[]))
      AND (jobs.scheduled_at IS NULL OR jobs.scheduled_at <= now())"""
_TAKEABLE: LiteralString = (
    _DUE
    + """
      AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS other_jobs
            WHERE other_jobs.lock = jobs.lock AND other_jobs.status = 'doing')
      AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS other_jobs
            WHERE other_jobs.lock = jobs.lock AND other_jobs.status = 'todo'
              AND (other_jobs.priority > jobs.priority
                   OR (other_jobs.priority = jobs.priority AND other_jobs.id < jobs.id)))
      -- a worker pruned as stalled (paused too long) takes nothing; its sweep stops it
      AND EXISTS (SELECT 1 FROM procrastinate_workers AS w WHERE w.id = %(worker_id)s)"""
)
# The first due job of workspace ``space.workspace`` (by priority, then age) whose session
# is not being driven, read on the index of the queued jobs by workspace
# (``pg.QUEUED_BY_WORKSPACE_DDL``).
_HEAD: LiteralString = (
    """(SELECT jobs.id, jobs.priority FROM procrastinate_jobs AS jobs
        WHERE jobs.args->>'workspace' = space.workspace AND """
    + _DUE
    + """
          AND NOT EXISTS (SELECT 1 FROM doing WHERE doing.lock = jobs.lock)
        ORDER BY jobs.priority DESC, jobs.id LIMIT 1) AS head"""
)
_FREE: LiteralString = (
    "NOT EXISTS (SELECT 1 FROM busy WHERE busy.workspace = space.workspace) AND "
    + within_roots("space.workspace")
)
# The job taken: it becomes the worker's, and refreshes the worker's heartbeat in the same
# statement: a worker whose heartbeat went stale while it was cut off (an outage: its pool
# reconnects with a growing backoff) took new jobs that another worker's sweep of stalled
# workers handed on at once, each model call in flight then paid twice (ops104).
_TAKE: LiteralString = """, beat AS (
    UPDATE procrastinate_workers SET last_heartbeat = now()
    WHERE id = %(worker_id)s AND EXISTS (SELECT 1 FROM candidate)
)
UPDATE procrastinate_jobs SET status = 'doing', worker_id = %(worker_id)s
FROM candidate WHERE procrastinate_jobs.id = candidate.id
RETURNING procrastinate_jobs.id, status, task_name, priority, lock, queueing_lock, args,
          scheduled_at, queue_name, attempts, worker_id
"""

# Procrastinate's procrastinate_fetch_job_v2, plus: only jobs under the worker's roots, and
# only while the worker is registered; fair between workspaces: of the jobs of one priority,
# the oldest of a workspace with the fewest sessions being driven (a team's 40 queued chains
# do not hold another's 2 until every one of theirs has started; ops104).
#
# Without reading every queued job (ops104's ORDER BY on each one's workspace read, joined and
# sorted them all: 47 ms at 20,000 queued against 1.2 ms first in first out; review110): the
# best job is the first (priority, age) of a busy workspace (the few with a session being
# driven: each one's head, ``heads``) or of a free one (driven 0: the first among the
# :data:`NEAR` oldest queued, ``near``; when there is none, the head of each workspace queued,
# one index probe each, ``far``; read in order from the table of heads where the worker may
# read it: :data:`_FAR_HEADS`). Procrastinate's condition is checked on these few only
# (``candidate``): a session of a free workspace has no job being driven. Nothing when
# another worker's fetch holds that row, or a job queued before it holds its lock: then
# :data:`_FETCH_FIFO`. Every part is a small statement of its own, planned in a fraction of
# a millisecond: one statement checking the condition on each part took 7-14 ms to plan.
_PROBE: LiteralString = (
    """
WITH RECURSIVE doing AS MATERIALIZED (
    SELECT lock, args->>'workspace' AS workspace FROM procrastinate_jobs WHERE status = 'doing'
), busy AS MATERIALIZED (
    SELECT workspace, count(*) AS driven FROM doing GROUP BY 1
), heads AS MATERIALIZED (
    SELECT head.id, head.priority, space.driven FROM busy AS space CROSS JOIN LATERAL """
    + _HEAD
    + """
    WHERE """
    + within_roots("space.workspace")
    + """
), near AS MATERIALIZED (
    SELECT jobs.id, jobs.priority, 0::bigint AS driven FROM (
        SELECT * FROM procrastinate_jobs WHERE status = 'todo'
        ORDER BY priority DESC, id LIMIT """
    + str(NEAR)
    + """) AS jobs
    CROSS JOIN LATERAL (SELECT jobs.args->>'workspace' AS workspace) AS space
    WHERE """
    + _FREE
    + " AND "
    + _DUE
    + """
    ORDER BY jobs.priority DESC, jobs.id LIMIT 1
)"""
)
# ``far`` by one index probe a workspace: a skip scan of the workspaces queued, then each
# one's head (without the table of heads: a role that may not read it, an older database).
_FAR_PROBED: LiteralString = (
    """, spaces AS (
    SELECT min(args->>'workspace') AS workspace FROM procrastinate_jobs
    WHERE status = 'todo' AND NOT EXISTS (SELECT 1 FROM near)
    UNION ALL
    SELECT (SELECT min(args->>'workspace') FROM procrastinate_jobs
            WHERE status = 'todo' AND args->>'workspace' > spaces.workspace)
    FROM spaces WHERE spaces.workspace IS NOT NULL
), far AS MATERIALIZED (
    SELECT head.id, head.priority, 0::bigint AS driven FROM spaces AS space CROSS JOIN LATERAL """
    + _HEAD
    + """
    WHERE space.workspace IS NOT NULL AND """
    + _FREE
    + """
    ORDER BY head.priority DESC, head.id LIMIT 1
)"""
)
# A head (a row of the trigger-kept ``coordinator_queue_heads``, ``pg.QUEUE_HEADS_DDL``) the
# worker may take as it is: due, of the worker's queues.
_HEAD_DUE: LiteralString = """(%(queues)s::varchar[] IS NULL
            OR space.queue_name = ANY(%(queues)s::varchar[]))
        AND (space.scheduled_at IS NULL OR space.scheduled_at <= now())"""
# ``far`` from the table of heads (ops108): the first due head of a free workspace, read in
# the heads' order (the busy workspaces' few passed over), and for a workspace whose head is
# not due (a job queued again to run later) or of another queue, its first due job (one
# probe each, as :data:`_FAR_PROBED`'s). A free workspace's head is no job of a session
# being driven (none of its sessions is).
_FAR_HEADS: LiteralString = (
    """, far AS MATERIALIZED (
    SELECT c.id, c.priority, 0::bigint AS driven FROM (
        (SELECT space.job_id AS id, space.priority FROM coordinator_queue_heads AS space
         WHERE NOT EXISTS (SELECT 1 FROM near) AND """
    + _HEAD_DUE
    + " AND "
    + _FREE
    + """
         ORDER BY space.priority DESC, space.job_id LIMIT 1)
        UNION ALL
        (SELECT head.id, head.priority FROM coordinator_queue_heads AS space
         CROSS JOIN LATERAL """
    + _HEAD
    + """
         WHERE NOT EXISTS (SELECT 1 FROM near) AND NOT ("""
    + _HEAD_DUE
    + ") AND "
    + _FREE
    + """
         ORDER BY head.priority DESC, head.id LIMIT 1)
    ) AS c ORDER BY c.priority DESC, c.id LIMIT 1
)"""
)
_RANKED: LiteralString = (
    """, ranked AS MATERIALIZED (
    SELECT array_agg(c.id ORDER BY c.priority DESC, c.driven ASC, c.id ASC) AS ids
    FROM (SELECT * FROM heads UNION ALL SELECT * FROM near UNION ALL SELECT * FROM far) AS c
), candidate AS (
    SELECT jobs.id FROM procrastinate_jobs AS jobs
    WHERE jobs.id = ANY((SELECT ids FROM ranked)::bigint[]) AND """
    + _TAKEABLE
    + """
    ORDER BY array_position((SELECT ids FROM ranked)::bigint[], jobs.id) LIMIT 1
    FOR UPDATE OF jobs SKIP LOCKED
)"""
    + _TAKE
)
_FETCH: LiteralString = _PROBE + _FAR_PROBED + _RANKED
_FETCH_HEADS: LiteralString = _PROBE + _FAR_HEADS + _RANKED


def fair_fetch(
    worker_id: int, roots: Sequence[str], queues: Sequence[str] | None, *, heads: bool = False
) -> str:
    """:data:`_FETCH` (``heads``: :data:`_FETCH_HEADS`, reading the table of heads) with one
    worker's values written in: a statement with no parameters,
    planned once for them on each connection (psycopg prepares it at its fifth run) and
    reused. With parameters, PostgreSQL planned it afresh at each fetch (the plan it would
    keep, not knowing the roots' array, looked dearer), 1.5-2 ms of planning for 1 ms of
    work. Executed with no arguments: each ``%`` of a value is doubled for psycopg."""
    values: dict[str, Any] = {
        "worker_id": worker_id,
        "roots": list(roots),
        "queues": None if queues is None else list(queues),
    }

    def literal(match: re.Match[str]) -> str:
        return sql.Literal(values[match.group(1)]).as_string(None).replace("%", "%%")

    return re.sub(r"%\((\w+)\)s", literal, _FETCH_HEADS if heads else _FETCH)


# Whether the worker's role may read the table of heads (``pg.QUEUE_HEADS_DDL``: made by the
# tables' owner, with its rights granted to the team's roles).
_HEADS_READABLE: LiteralString = """
SELECT CASE WHEN to_regclass('coordinator_queue_heads') IS NULL THEN false
            ELSE has_table_privilege(to_regclass('coordinator_queue_heads'), 'SELECT') END
       AS readable
"""


def _heads_gone(exc: BaseException) -> bool:
    """Whether a fetch reading the table of heads failed because the table is gone (dropped
    by hand, a partial restore: its triggers then do nothing, ``pg.QUEUE_HEADS_DDL``)."""
    return isinstance(psycopg_cause(exc), psycopg.errors.UndefinedTable)


# The fetch when :data:`_FETCH` took nothing: Procrastinate's first in, first out, under the
# worker's roots (another worker's fetch held the fair choice: this one takes the next, and
# no worker waits while a job it may take is queued).
_FETCH_FIFO: LiteralString = (
    """
WITH candidate AS (
    SELECT jobs.id FROM procrastinate_jobs AS jobs
    WHERE """
    + _TAKEABLE
    + " AND "
    + _UNDER_ROOTS
    + """
    ORDER BY jobs.priority DESC, jobs.id ASC LIMIT 1
    FOR UPDATE OF jobs SKIP LOCKED
)"""
    + _TAKE
)

# The jobs marked worker ``worker_id``'s that it did not take: one a fetch the server cut
# had committed (:meth:`SessionJobs.fetch_job`).
_UNTAKEN: LiteralString = """
SELECT id FROM procrastinate_jobs
WHERE status = 'doing' AND worker_id = %(worker_id)s AND NOT (id = ANY(%(known)s::bigint[]))
"""

# Procrastinate's procrastinate_finish_job_v1, only while the job is still this worker's: a
# worker that was presumed dead (paused past its heartbeat) must not end the job another
# worker now runs.
_FINISH: LiteralString = """
UPDATE procrastinate_jobs SET status = %(status)s, abort_requested = false,
       attempts = attempts + 1
WHERE id = %(job_id)s AND status = 'doing' AND worker_id IS NOT DISTINCT FROM %(worker_id)s
"""
_DELETE: LiteralString = """
DELETE FROM procrastinate_jobs
WHERE id = %(job_id)s AND status = 'doing' AND worker_id IS NOT DISTINCT FROM %(worker_id)s
"""
# Once a job has ended, a job of the same session queued meanwhile (held back by the job
# lock until now) is announced: Procrastinate notifies inserts only, so without this, a
# worker with no slot waiting on its fetch would see it at its next poll.
_WAKE_WAITING: LiteralString = """
SELECT pg_notify(channel, %(payload)s)
FROM unnest(ARRAY['procrastinate_any_queue_v1', 'procrastinate_queue_v1#' || %(queue)s])
     AS t(channel)
WHERE EXISTS (SELECT 1 FROM procrastinate_jobs WHERE lock = %(lock)s AND status = 'todo')
"""

#: Whether the holder connection of a lease ``c`` is gone: none recorded (a sweep that
#: handed its job on cleared it: ``_DEAD_HOLDERS``), or no backend with its pid that started
#: before the holder wrote its claim (``heartbeat_at``: the server's clock on both sides). The
#: operating system hands a dead backend's pid to a later process: a backend started after the
#: claim (another coord's connection, a pooled one) is not its holder (review101).
HOLDER_GONE: LiteralString = """(c.holder_pid IS NULL
    OR NOT EXISTS (SELECT 1 FROM pg_stat_activity AS a WHERE a.pid = c.holder_pid
        AND a.backend_start <= coalesce(c.heartbeat_at, 'infinity')))"""


def worker_app_name(worker: str) -> str:
    """The ``application_name`` of worker ``worker``'s queue connections (its pool's: the
    heartbeat, the fetch, the sweep): while one is there, the worker lives, so a claim whose
    store connection alone is gone is not a killed worker's (:data:`_DEAD_HOLDERS`). The
    worker is told by a digest of its id, first (:data:`_APP_OF`): PostgreSQL keeps 63 bytes
    of printable ASCII, and a long host name left out the rest of the id (review110: two
    containers sharing a host's name, each the pid 1 of its own, passed for one worker);
    then as much of the id as fits, for a person reading ``pg_stat_activity``."""
    digest = hashlib.sha256(worker.encode()).hexdigest()[:APP_DIGEST]
    return f"{WORKER_APP} {digest} {worker}".encode()[:63].decode(errors="ignore")


#: SQL: the start of worker ``c.worker``'s connections' names (:func:`worker_app_name`).
_APP_OF: LiteralString = (
    "%(app)s || ' ' || left(encode(sha256(convert_to(c.worker, 'UTF8')), 'hex'), %(digest)s) || ' '"
)


# A session whose driving connection is gone (its worker was killed): PostgreSQL ended the
# backend, so the claim's holder_pid is no longer in pg_stat_activity, and so did every
# connection of the worker's queue (:func:`worker_app_name`): a live worker whose store
# connection alone was ended (``pg_terminate_backend``, an idle timeout) opens it again at its
# next write and takes its claim up again (``PgStore.rejoin``), the reply of its model call in
# flight stored; handed on, that call was made again by the next driver (ops104). Clearing
# holder_pid in the same statement lets exactly one sweeper hand the job on. Only a claim taken (or
# taken up again: heartbeat_at) since the server started: after a restart every holder is
# gone, its worker alive and about to take its claim up again on a new connection
# (``PgStore._rejoin``), its model call in flight; such a session is handed on only once its
# worker's heartbeat is ``lease`` seconds old (the stalled-job sweep), as a paused one's.
#: SQL: the claim of lease ``c`` (``doing``) is a killed worker's, whose job the next sweep
#: of any worker hands on (params ``app``, ``digest``): also how ``coord sessions`` tells
#: such a session from an interrupted one before any worker's sweep saw it (ops113).
DEAD_CLAIM: LiteralString = (
    """c.state = 'doing' AND c.holder_pid IS NOT NULL
  AND c.heartbeat_at >= pg_postmaster_start_time()
  AND NOT EXISTS (SELECT 1 FROM pg_stat_activity AS queue
      WHERE starts_with(queue.application_name, """
    + _APP_OF
    + """))
  AND """
    + HOLDER_GONE
)
_DEAD_HOLDERS: LiteralString = (
    """
UPDATE coordinator_jobs AS c SET holder_pid = NULL
FROM procrastinate_jobs AS jobs
WHERE jobs.lock = 'coordinator-session:' || c.session_id
  AND jobs.status = 'doing' AND jobs.task_name = %(task)s
  AND """
    + DEAD_CLAIM
    + """
RETURNING jobs.id, jobs.worker_id, jobs.lock
"""
)

# Procrastinate's retry (procrastinate_retry_job_v2), only while the job is still the dead
# worker's: a list of stalled jobs read a moment ago must not send back a job another worker
# has fetched since. Not when another job of the session is queued already (e.g. queued
# again after a claim lost with its connection, just before that worker was killed): that
# one drives the session, and the dead job is dropped instead (:data:`_DROP_SUPERSEDED`;
# sending it back would break the one-queued-job-per-session index, at every sweep).
_WAITING: LiteralString = """EXISTS (SELECT 1 FROM procrastinate_jobs AS waiting
    WHERE waiting.queueing_lock = procrastinate_jobs.queueing_lock AND waiting.status = 'todo')"""
_RETRY: LiteralString = (
    """
SELECT procrastinate_retry_job_v2(id, now(), NULL, NULL, NULL) FROM procrastinate_jobs
WHERE id = %(job_id)s AND status = 'doing' AND worker_id IS NOT DISTINCT FROM %(worker_id)s
  AND NOT """
    + _WAITING
)
# The worker's own retry of a job whose run raised (a claim the database refused), as
# Procrastinate's, only while the job is still this worker's: a peer's sweep may have handed
# it on meanwhile (this worker's connections ended with the server's restart), and
# Procrastinate's retry then raised "invalid status to retry" from a task no one awaited.
_RETRY_OWN: LiteralString = (
    """
SELECT procrastinate_retry_job_v2(id, %(retry_at)s, %(priority)s, %(queue)s, %(lock)s)
FROM procrastinate_jobs
WHERE id = %(job_id)s AND status = 'doing' AND worker_id IS NOT DISTINCT FROM %(worker_id)s
  AND NOT """
    + _WAITING
)
_DROP_SUPERSEDED: LiteralString = (
    """
DELETE FROM procrastinate_jobs
WHERE id = %(job_id)s AND status = 'doing' AND worker_id IS NOT DISTINCT FROM %(worker_id)s
  AND """
    + _WAITING
    + """
RETURNING id
"""
)

# Whether the server started less than ``secs`` seconds ago. A restart or an outage longer
# than the lease leaves every worker's heartbeat older than it: the first sweep after it took
# every live worker for stalled and handed on their sessions, a model call in flight at each
# then made again by the worker that took it (ops104). Each worker is given a lease from the
# server's start to beat again (a worker killed meanwhile is taken for dead that much later).
_SERVER_YOUNG: LiteralString = """
SELECT now() - pg_postmaster_start_time() < make_interval(secs => %(secs)s) AS young
"""

_NOTIFY: LiteralString = """
SELECT pg_notify(channel, %(payload)s)
FROM unnest(ARRAY['procrastinate_any_queue_v1', 'procrastinate_queue_v1#' || %(queue)s])
     AS t(channel)
"""

# A session's job waiting or running (each a probe of one of Procrastinate's unique indexes).
_LIVE_JOB: LiteralString = """SELECT 1 WHERE (EXISTS (SELECT 1 FROM procrastinate_jobs AS live
        WHERE live.queueing_lock = %(lock)s AND live.status = 'todo')
    OR EXISTS (SELECT 1 FROM procrastinate_jobs AS live
        WHERE live.lock = %(lock)s AND live.status = 'doing'))"""
# Sessions queued for the workers (their lease ``todo``: no worker claimed them since) under
# the worker's roots with no job waiting or running: their last job ended failed before any
# worker could claim them (the database refused each attempt), or is gone. Their lease rows
# are locked until the caller's transaction ends (another worker's sweep skips them); with
# their count of failed jobs so far (``failures``, ``seen_job``: ``pg.JOBS_FAILURES_DDL``).
_NO_JOB: LiteralString = """
  AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS live
      WHERE live.queueing_lock = 'coordinator-session:' || c.session_id
        AND live.status = 'todo')
  AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS live
      WHERE live.lock = 'coordinator-session:' || c.session_id AND live.status = 'doing')
  AND """
_UNCLAIMED: LiteralString = (
    """
SELECT c.session_id, c.workspace, c.seen_job, NULL AS held_by,
       hashtext(c.workspace) AS head_key
FROM coordinator_jobs AS c
WHERE c.state = 'todo'"""
    + _NO_JOB
    + within_roots("c.workspace")
    + """
ORDER BY c.queued_at
FOR UPDATE OF c SKIP LOCKED
"""
)
#: How a ``coord resume --here`` names itself as a lease's holder (its ``worker``).
HERE_HOLDER = "coord resume --here"


def keeper_name(session_id: str) -> str:
    """The ``application_name`` of the connection a ``coord resume --here`` keeps open, idle,
    while it holds session ``session_id``'s claim (``PgStore.claim_here``): while it is
    there, the process lives, so a claim whose store connection alone is gone is not a
    killed one's (``_ORPHAN``)."""
    return f"{HERE_HOLDER} {session_id}"


# Running sessions a worker claimed (their lease ``doing``) under the roots with no job
# waiting or running and no holder: a claim that committed while its reply was lost with the
# connection, on the job's last attempt (the job ended failed, the worker never knew it
# claimed), or a drive cut off with its connection after its job ended. No worker drives
# such a session: a worker drives one only inside its job, running (``doing``), and a sweep
# that hands a dead worker's job on leaves it waiting (``todo``). A ``coord resume --here``
# claim drives with no job: it is taken only when its holder died (kill -9) with its
# connection, told by the claim (or its take-up again: ``heartbeat_at``) being younger than
# the server, as ``_DEAD_HOLDERS`` tells a killed worker: a restart ends every holder, and a
# live ``--here`` takes its claim up again on a new connection once the server is back (its
# claim older than the server until then); and only when its keeper connection
# (:func:`keeper_name`, opened before the claim) is gone too: its store connection alone
# ended (``pg_terminate_backend``) is a live process's, which opens it again at its next
# write. Not a session that stopped (its drive ended, only the release of its claim was
# lost): its status says where it stands, and ``coord resume`` goes on. Locked as above.
_ORPHAN: LiteralString = (
    """c.state = 'doing'
  AND EXISTS (SELECT 1 FROM sessions AS s WHERE s.id = c.session_id AND s.status = 'running')
  AND (NOT coalesce(starts_with(c.worker, %(here)s), false)
       OR (c.holder_pid IS NOT NULL AND c.heartbeat_at >= pg_postmaster_start_time()
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity AS k
               WHERE k.application_name = %(here)s || ' ' || c.session_id
                 AND k.backend_start <= c.heartbeat_at)))
  AND """
    + HOLDER_GONE
)
_ORPHANED: LiteralString = (
    """
SELECT c.session_id, c.workspace, c.seen_job, c.worker AS held_by, c.epoch,
       hashtext(c.workspace) AS head_key
FROM coordinator_jobs AS c
WHERE """
    + _ORPHAN
    + _NO_JOB
    + within_roots("c.workspace")
    + """
ORDER BY c.queued_at
FOR UPDATE OF c SKIP LOCKED
"""
)
# An orphaned lease (above) queued again: ``todo``, no holder, a new epoch (a former driver
# is fenced at its next write, before any worker claims it), its count kept.
_RELEASE_ORPHAN: LiteralString = (
    """
UPDATE coordinator_jobs AS c SET state = 'todo', holder_pid = NULL, epoch = epoch + 1,
       queued_at = now()
WHERE c.session_id = %(session_id)s AND c.state = 'doing' AND c.epoch = %(epoch)s AND """
    + HOLDER_GONE
    + """
RETURNING c.session_id
"""
)
# How many of a session's jobs not counted yet (above ``seen``; none when it is unknown: an
# older coord queued it) ended failed, and whether one was cancelled in the queue
# (Procrastinate's cancel: a person stopping the session). By job id, not Procrastinate's
# events (a cleanup may delete them): each transaction that queues a session's job holds its
# lease row, so its jobs made since the count was brought up to date are above ``seen``.
_ENDED_SINCE: LiteralString = """
SELECT count(*) FILTER (WHERE f.status = 'failed') AS n,
       coalesce(bool_or(f.status = 'cancelled'), false) AS cancelled
FROM procrastinate_jobs AS f
WHERE f.lock = %(lock)s AND f.status IN ('failed', 'cancelled')
  AND f.id > coalesce(%(seen)s::bigint, (SELECT max(id) FROM procrastinate_jobs))
"""
# The lease's count brought up to date; the count so far, and the server's time. A count at
# the give-up (``most``: :data:`REQUEUE_MAX_FAILED`) on a lease queued again starts afresh:
# this coord ends such a lease ``failed`` in the transaction that reaches it and sets the
# count afresh wherever it queues one, so it was queued again by an older coord's ``coord
# resume`` (its ``enqueue`` predates the count), which would otherwise have it given up at
# its next failure.
_COUNTED: LiteralString = """
UPDATE coordinator_jobs
SET failures = CASE WHEN failures >= %(most)s THEN 0 ELSE failures END + %(n)s,
       seen_job = (SELECT coalesce(max(id), 0) FROM procrastinate_jobs)
WHERE session_id = %(session_id)s RETURNING failures, now() AS at
"""
# A queued session's lease ended ``failed``: its job was cancelled in the queue, or failed
# before any claim too often (:data:`REQUEUE_MAX_FAILED`).
_ENDED_LEASE: LiteralString = """
UPDATE coordinator_jobs SET state = 'failed', error = %(error)s
WHERE session_id = %(session_id)s AND state = 'todo' RETURNING session_id
"""
#: The lease's error of a session whose job was cancelled in the queue.
CANCELLED = f"its job was cancelled in the queue; {QUEUES_AGAIN}"

#: Seconds before a queued session whose job failed before any claim is tried again
#: (:meth:`SessionJobs.requeue_unclaimed`), doubled at each failure since it was queued up
#: to :data:`REQUEUE_WAIT_MAX`: a lasting fault (a server refusing connections for hours)
#: is tried again every few minutes, not in a loop.
REQUEUE_WAIT = 2.0
REQUEUE_WAIT_MAX = 300.0
#: After this many of its jobs failed before any claim since it was queued (about an hour of
#: tries), a queued session is not queued again: its lease ends ``failed``
#: (:func:`gave_up`), so a fault that is no outage (a bug failing every job) ends, and a
#: ``--drain`` worker with it.
REQUEUE_MAX_FAILED = 20


def gave_up(failed: int) -> str:
    """The lease's error of a queued session :meth:`SessionJobs.requeue_unclaimed` gave up."""
    return f"its job failed {failed} times before any worker could claim it; {QUEUES_AGAIN}"


def _not_again(failed: int, *, cancelled: bool) -> str | None:
    """Why a queued session with no job is not queued again (its lease's error), or None."""
    if cancelled:
        return CANCELLED
    return gave_up(failed) if failed >= REQUEUE_MAX_FAILED else None


def requeue_wait(failed: int) -> float:
    """Seconds before a session's new job runs when ``failed`` of its jobs failed since it
    was queued (0: its job was gone, no fault seen: at once)."""
    if failed <= 0:
        return 0.0
    return float(min(REQUEUE_WAIT * 2 ** min(failed - 1, 16), REQUEUE_WAIT_MAX))


@dataclass(frozen=True)
class Requeued:
    """A queued session whose job :meth:`SessionJobs.requeue_unclaimed` made again: how
    many of its jobs had failed since it was queued, and in how many seconds it runs; or,
    with ``ended``, one it did not queue again, its lease ended ``failed`` with that error
    (:data:`CANCELLED`, :func:`gave_up`). ``held_by``: the holder of a claim it found with
    no job and no holder connection left (:data:`_ORPHANED`), which it queued again first."""

    session_id: str
    failed: int
    wait: float
    ended: str | None = None
    held_by: str | None = None


# Sessions under the roots queued or being driven (their job waiting or running), and those
# left with no job that the sweep queues again (:data:`_UNCLAIMED`, :data:`_ORPHANED`): a
# ``--drain`` worker whose look for the latter failed this once is not drained yet.
_PENDING: LiteralString = (
    """
SELECT (SELECT count(*) FROM procrastinate_jobs AS jobs
        WHERE jobs.task_name = %(task)s AND jobs.status IN ('todo', 'doing') AND """
    + _UNDER_ROOTS
    + """)
     + (SELECT count(*) FROM coordinator_jobs AS c WHERE (c.state = 'todo' OR """
    + _ORPHAN
    + ")"
    + _NO_JOB
    + within_roots("c.workspace")
    + """) AS n
"""
)


#: Times a fetch the database rolled back for a deadlock or a serialization failure
#: (:func:`rolled_back`) is made again at once before it takes nothing this time (the next
#: wake-up or poll fetches again).
FETCH_TRIES = 3


def connection_cut(exc: BaseException) -> bool:
    """Whether a queue statement failed with its connection, not for what it says: psycopg's
    OperationalError (the server gone, shutting down or not yet accepting connections, the
    connection lost, no connection free in the pool) or InterfaceError (the connection
    closed), or a connector's error with no psycopg error behind it. Not: a statement the
    server refused (a syntax error, an unknown column or table, a type or rights error), nor
    the OperationalErrors that are no cut: its disk full (:func:`disk_full`), a deadlock or
    a serialization failure (:func:`rolled_back`)."""
    cause = psycopg_cause(exc)
    if cause is None:
        return True
    if disk_full(cause) or rolled_back(cause):
        return False
    return isinstance(cause, psycopg.OperationalError | psycopg.InterfaceError)


def fetch_refused(exc: BaseException) -> UserError:
    """The error ending a worker whose fetch the database refused (:func:`connection_cut`
    is False): one line naming the database's reason (a full disk said as such)."""
    cause = psycopg_cause(exc)
    lines = str(cause or exc).strip().splitlines()
    why = lines[0] if lines else type(cause or exc).__name__
    if disk_full(exc):
        return UserError(
            f"the database server's disk is full ({why}): this worker cannot take a job"
            " (nor write a session's step), so it stops",
            hint="Free space on the PostgreSQL server (its data directory or WAL), then"
            " start the worker again: the queued sessions wait, nothing is lost.",
        )
    return UserError(
        f"the database refused this worker's fetch of a job ({why}), which would fail the"
        " same way at every fetch: the worker stops",
        hint="Check that the queue's schema is the one this version of coordinator made"
        " (run `coord worker` of the version that migrated the database); otherwise report"
        " this line as a bug.",
    )


class SessionJobs(manager.JobManager):
    """Procrastinate's job manager for one worker: it fetches only sessions under the
    worker's roots, and finishes a job only while the job is still its own."""

    def __init__(self, connector: Any, roots: Sequence[Path]):
        super().__init__(connector)
        self.roots = roots_arg(roots)
        self._heard = asyncio.Event()
        #: Notifications heard so far (:meth:`fetch_job` looks for one during its fetch).
        self.notified = 0
        #: The jobs this worker's fetches took and that have not ended here (a fetch the
        #: server cut gives back what else it may have taken: :meth:`fetch_job`).
        self.taken: set[int] = set()
        #: A give-back (:meth:`_give_back`) the database refused: made before the next fetch.
        self.owed = False
        #: Whether the fetch reads the table of heads (:data:`_HEADS_READABLE`, asked at the
        #: first fetch; None: not yet; False again once the table is gone: ops109).
        self.heads: bool | None = None
        #: What the fetch waits for first (:meth:`fetch_after`); None: nothing.
        self._warm: asyncio.Future[None] | None = None
        self._stop: asyncio.Event | None = None

    def fetch_after(self, warm: asyncio.Future[None], stop: asyncio.Event) -> None:
        """Fetch no job before ``warm`` is done (the worker's imports of the SDK and the
        engine, in a thread of their own: ops113): a job fetched meanwhile waited for them,
        5-13 s on a loaded machine, while a warm worker with a free slot could have taken
        it at once (ops114). A ``stop`` meanwhile ends the wait with nothing fetched; the
        worker listens and beats meanwhile, and fetches as soon as ``warm`` is done."""
        self._warm, self._stop = warm, stop

    async def _until_warm(self) -> bool:
        """Wait for :meth:`fetch_after`'s ``warm``; False when the worker stops first (or
        its imports failed: it stops)."""
        warm, stop = self._warm, self._stop
        if warm is None or stop is None or warm.done():
            return True
        stopping = asyncio.ensure_future(stop.wait())
        either: set[asyncio.Future[Any]] = {warm, stopping}
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        return warm.done() and not warm.cancelled() and warm.exception() is None

    async def listen_for_jobs(
        self, *, on_notification: manager.NotificationCallback, queues: Iterable[str] | None = None
    ) -> None:
        """Procrastinate's listener, started again after :data:`RELISTEN` seconds when it
        fails (its connection ended or refused while it was set up). Procrastinate stops
        watching its side tasks once its periodic deferrer returns (at once: there is no
        periodic task), so a listener that died would go unnoticed, and the worker would
        wait for its probe (:meth:`until_listening`) for ever."""

        async def heard(*, channel: str, notification: pjobs.Notification) -> None:
            self.notified += 1
            self._heard.set()
            await on_notification(channel=channel, notification=notification)

        while True:
            try:
                await super().listen_for_jobs(on_notification=heard, queues=queues)
                return
            except (ConnectorException, psycopg.Error):
                await asyncio.sleep(RELISTEN)

    async def until_listening(self, gave_up: Callable[[], bool]) -> None:
        """Return once the worker's listener hears a probe on its channel (so a job deferred
        from now on wakes it), or once ``gave_up()`` (the worker ended)."""
        payload = json.dumps({"type": "coordinator_probe"})
        while not self._heard.is_set() and not gave_up():
            try:
                await self.connector.execute_query_async(
                    query=_NOTIFY, payload=payload, queue=QUEUE
                )
            except (ConnectorException, psycopg.Error):
                pass  # its connection was ended (paused past its lease meanwhile): again
            try:
                await asyncio.wait_for(self._heard.wait(), timeout=0.05)
            except TimeoutError:
                continue

    async def fetch_job(self, queues: Iterable[str] | None, worker_id: int) -> pjobs.Job | None:
        """Procrastinate's fetch under the roots, fair between workspaces (:data:`_FETCH`; first
        in, first out when that took nothing: :data:`_FETCH_FIFO`); fetched again when
        nothing was found and a job was announced meanwhile. Procrastinate clears its
        wake-up once the fetch returns, so an announcement heard during a fetch that found
        nothing was lost: e.g. the wake of a session queued again (:meth:`finish_job`)
        arriving while the fetch woken by its insert ran, with the old job still holding the
        session's lock; the worker then waited for its next poll.

        A fetch the server cut (a restart, ``pg_terminate_backend`` while it ran) takes
        nothing: a job it took and committed before the cut, which no one would run (this
        worker's heartbeat goes on), is put back in the queue (:meth:`_give_back`), and the
        worker fetches again at its next wake-up. Before, the cut ended Procrastinate's worker
        and the whole ``coord worker``. A give-back the database refused too (the server
        still down) is owed, and made before the next fetch (review114: its error ended the
        worker). A fetch rolled back for a deadlock or a serialization failure took nothing
        and is made again at once (:func:`rolled_back`, :data:`FETCH_TRIES` times). Any other
        error (:func:`connection_cut`: a statement the database refused, or the server's
        disk full, which would fail the same way at every fetch) is a UserError ending the
        worker (:func:`fetch_refused`), not a fetch that finds nothing for ever (mend107:
        a full disk, a deadlock were taken for a cut connection). Nothing is fetched before
        the worker is warm (:meth:`fetch_after`)."""
        if not await self._until_warm():
            return None
        for _ in range(FETCH_TRIES):
            try:
                if self.owed:
                    await self._give_back(worker_id)
                job = await self._fetch(queues, worker_id)
            except (ConnectorException, psycopg.Error) as exc:
                if rolled_back(exc):  # a deadlock, a serialization failure: nothing taken
                    continue
                if not connection_cut(exc):  # refused, or its disk full: ends the worker
                    raise fetch_refused(exc) from exc
                self.owed = True
                with contextlib.suppress(ConnectorException, psycopg.Error):
                    await self._give_back(worker_id)
                return None
            if job is not None and job.id is not None:
                self.taken.add(job.id)
            return job
        return None  # rolled back every time: the next wake-up or poll fetches again

    async def _give_back(self, worker_id: int) -> None:
        """Put back in the queue the jobs marked this worker's that it did not take
        (:attr:`taken`), as a sweep does a dead worker's (:data:`_RETRY`, or
        :data:`_DROP_SUPERSEDED` when the session has another job queued)."""
        rows = await self.connector.execute_query_all_async(
            query=_UNTAKEN, worker_id=worker_id, known=sorted(self.taken)
        )
        for row in rows:
            for query in (_RETRY, _DROP_SUPERSEDED):
                if await self.connector.execute_query_all_async(
                    query=query, job_id=row["id"], worker_id=worker_id
                ):
                    break
        self.owed = False

    async def _fetch(self, queues: Iterable[str] | None, worker_id: int) -> pjobs.Job | None:
        """:meth:`fetch_job`'s statements: the fair fetch, then first in, first out."""
        wanted = list(queues) if queues is not None else None
        if self.heads is None:
            rows = await self.connector.execute_query_all_async(query=_HEADS_READABLE)
            self.heads = bool(rows and rows[0]["readable"])
        fair = fair_fetch(worker_id, self.roots, wanted, heads=self.heads)
        while True:
            seen = self.notified
            try:
                rows = await self.connector.execute_query_all_async(query=fair)
            except ConnectorException as exc:  # the heads dropped since: probe, from now on
                if not (self.heads and _heads_gone(exc)):
                    raise
                self.heads = False
                fair = fair_fetch(worker_id, self.roots, wanted)
                continue
            if not rows:  # (another worker's fetch held the fair choice, or none is queued)
                rows = await self.connector.execute_query_all_async(
                    query=_FETCH_FIFO, queues=wanted, worker_id=worker_id, roots=self.roots
                )
            if rows or self.notified == seen:
                return pjobs.Job.from_row(rows[0]) if rows else None

    async def finish_job(self, job: pjobs.Job, status: pjobs.Status, delete_job: bool) -> None:
        """Procrastinate's finish, only while the job is still this worker's; then a job of
        the same session that waited on it is announced (:data:`_WAKE_WAITING`: e.g. one
        queued again after its claim was lost with the worker's connection)."""
        self.taken.discard(job.id or 0)
        await self.connector.execute_query_async(
            query=_DELETE if delete_job else _FINISH,
            job_id=job.id,
            status=status.value,
            worker_id=job.worker_id,
        )
        if job.lock is not None:
            payload = json.dumps({"type": "job_inserted", "job_id": None})
            await self.connector.execute_query_async(
                query=_WAKE_WAITING, payload=payload, queue=QUEUE, lock=job.lock
            )

    async def retry_job(
        self,
        job: pjobs.Job,
        retry_at: datetime.datetime | None = None,
        priority: int | None = None,
        queue: str | None = None,
        lock: str | None = None,
    ) -> None:
        """Procrastinate's retry of a job this worker ran (its retry strategy), only while
        the job is still its own (:data:`_RETRY_OWN`); else, when another job of the
        session waits already, this one is dropped (:data:`_DROP_SUPERSEDED`); a job
        another worker's sweep handed on meanwhile is left as that sweep left it."""
        self.taken.discard(job.id or 0)
        rows = await self.connector.execute_query_all_async(
            query=_RETRY_OWN,
            job_id=job.id,
            worker_id=job.worker_id,
            retry_at=retry_at or datetime.datetime.now(datetime.UTC),
            priority=priority,
            queue=queue,
            lock=lock,
        )
        if not rows:
            await self.connector.execute_query_all_async(
                query=_DROP_SUPERSEDED, job_id=job.id, worker_id=job.worker_id
            )

    async def sweep(self, stall_seconds: float) -> list[str]:
        """Put back in the queue the jobs of dead workers: those whose driving connection
        is gone (at once), and those of workers without a heartbeat for ``stall_seconds``
        (Procrastinate's stalled-job API) once the server has been up that long
        (:data:`_SERVER_YOUNG`); one whose session has another job queued
        already is dropped instead. Returns the sessions handed on (the worker's log names
        them), in the order of their jobs."""
        dead = await self.connector.execute_query_all_async(
            query=_DEAD_HOLDERS, task=TASK, app=WORKER_APP, digest=APP_DIGEST
        )
        found = {int(r["id"]): (r["worker_id"], r["lock"]) for r in dead}
        young = await self.connector.execute_query_one_async(
            query=_SERVER_YOUNG, secs=stall_seconds
        )
        stalled = (
            []
            if young["young"]
            else await self.get_stalled_jobs(
                queue=QUEUE, task_name=TASK, seconds_since_heartbeat=stall_seconds
            )
        )
        found.update({int(j.id): (j.worker_id, j.lock) for j in stalled if j.id is not None})
        moved: list[str] = []
        for job_id, (worker_id, lock) in sorted(found.items()):
            for query in (_RETRY, _DROP_SUPERSEDED):
                rows = await self.connector.execute_query_all_async(
                    query=query, job_id=job_id, worker_id=worker_id
                )
                if rows:  # none when another worker's sweep handed it on first
                    moved.append(locked_session(lock))
                    break
        if moved:
            payload = json.dumps({"type": "job_inserted", "job_id": None})
            await self.connector.execute_query_async(query=_NOTIFY, payload=payload, queue=QUEUE)
        return moved

    async def requeue_unclaimed(self) -> list[Requeued]:
        """Queue again, each with a new job, the sessions under the roots that wait for a
        worker with no job left to drive them (:data:`_UNCLAIMED`: every attempt of their
        job failed before a claim, or it is gone), and those left claimed with no job and no
        holder (:data:`_ORPHANED`: the claim's reply lost on its job's last attempt), each
        run after :func:`requeue_wait` seconds; one whose job was cancelled in the queue
        since it was queued (a person stopping it), or failed :data:`REQUEUE_MAX_FAILED`
        times, is not queued again: its lease ends ``failed``. One transaction: their lease
        rows locked, each checked again on a fresh snapshot (a job another worker's sweep
        made meanwhile, or one a worker fetched since, stands: nothing is driven twice).
        Queued in the order of their workspaces' heads locks (``pg.HEADS_LOCK_SPACE``, each
        job's taken until the commit): two workers' sweeps meet in one order, no deadlock
        (review124). Returns what it queued, and what it left stopped."""
        connector = cast(PsycopgConnector, self.connector)  # (the worker's: serve's)
        run = connector.execute_query_all_async_with_connection
        done: list[Requeued] = []
        async with connector.pool.connection() as conn, conn.transaction():
            rows = await run(conn, query=_UNCLAIMED, roots=self.roots)
            rows += await run(conn, query=_ORPHANED, roots=self.roots, here=HERE_HOLDER)
            rows.sort(key=lambda row: int(row["head_key"]))  # (the heads' locks in order)
            for row in rows:
                lock = session_lock(str(row["session_id"]))
                if await run(conn, query=_LIVE_JOB, lock=lock):
                    continue
                if row["held_by"] is not None and not await run(
                    conn, query=_RELEASE_ORPHAN, session_id=row["session_id"], epoch=row["epoch"]
                ):
                    continue
                done.append(await self._again(conn, row))
        return done

    async def _again(self, conn: Any, row: dict[str, Any]) -> Requeued:
        """Queue again the session of a lease row :meth:`requeue_unclaimed` found (locked,
        ``todo``), its count of failed jobs brought up to date; or end its lease."""
        run = cast(PsycopgConnector, self.connector).execute_query_all_async_with_connection
        sid, held_by = str(row["session_id"]), row["held_by"]
        lock = session_lock(sid)
        [ended] = await run(conn, query=_ENDED_SINCE, lock=lock, seen=row["seen_job"])
        [count] = await run(
            conn, query=_COUNTED, session_id=sid, n=int(ended["n"]), most=REQUEUE_MAX_FAILED
        )
        failed = int(count["failures"])
        if (error := _not_again(failed, cancelled=bool(ended["cancelled"]))) is not None:
            await run(conn, query=_ENDED_LEASE, session_id=sid, error=error)
            return Requeued(sid, failed, 0.0, ended=error, held_by=held_by)
        wait = requeue_wait(failed)
        job = pjobs.Job(
            queue=QUEUE,
            task_name=TASK,
            lock=lock,
            queueing_lock=lock,
            task_kwargs={"session_id": sid, "workspace": str(row["workspace"])},
            scheduled_at=count["at"] + datetime.timedelta(seconds=wait) if wait else None,
        )
        await self.defer_job_async(job, connection=conn)
        return Requeued(sid, failed, wait, held_by=held_by)

    async def update_heartbeat(self, worker_id: int) -> None:
        """Procrastinate's heartbeat; one the database refused (a connection of the pool
        ended, the server restarting) is skipped, and the next one counts. Procrastinate's
        heartbeat loop ends at its first error, unnoticed (its side-task monitor has
        returned), so one blip would leave a live worker without a heartbeat: presumed dead
        ``lease`` seconds later, its sessions taken over, and it stopped."""
        try:
            await super().update_heartbeat(worker_id)
        except (ConnectorException, psycopg.Error):
            return

    async def pending(self) -> int:
        """How many sessions under the roots are queued or being driven, or left with no
        job to drive them (:meth:`requeue_unclaimed` queues them again)."""
        row = await self.connector.execute_query_one_async(
            query=_PENDING, task=TASK, roots=self.roots, here=HERE_HOLDER
        )
        return int(row["n"])

    async def announce(self, worker_id: int, name: str, lease: float, slots: int) -> None:
        """Record this worker's roots beside its row (``coordinator_workers``, gone with the
        row), so that a session queued while it runs is told whether a live worker takes
        it (:meth:`~coordinator.store.pg.PgStore.queued_note`), and its id ``name``, its
        start, ``lease`` and ``slots``, for ``coord workers``. Best effort: one the
        database refused (the row pruned meanwhile, an outage) leaves the worker counted
        as one whose roots are unknown."""
        try:
            await self.connector.execute_query_async(
                query=_ANNOUNCE,
                worker_id=worker_id,
                roots=self.roots,
                name=name,
                lease=lease,
                slots=slots,
            )
        except (ConnectorException, psycopg.Error):
            return

    async def registered(self, worker_id: int) -> bool:
        """False once another worker pruned this one as stalled (it was paused too long)."""
        row = await self.connector.execute_query_one_async(
            query="SELECT count(*) AS n FROM procrastinate_workers WHERE id = %(id)s",
            id=worker_id,
        )
        return int(row["n"]) > 0
