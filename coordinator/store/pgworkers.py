"""Who drives a shared PostgreSQL store's sessions, and what waits for them (``coord workers``).

A read of what the workers and the queue record already, writing nothing and importing
neither Procrastinate nor the SDK (a listing starts fast): each worker's row in
Procrastinate's ``procrastinate_workers`` (its heartbeat) with what the worker announced
beside it in ``coordinator_workers`` (its id ``HOST:PID:TAG``, when it started, its
``--lease``, its slots and ``--workspace-root`` folders), whether its queue connections are
still on the server (named for it: :data:`WORKER_APP`), the sessions whose leases it holds,
and the jobs waiting in the queue, with those no live worker's roots hold marked. A worker's
state is judged in the SQL (:data:`_JUDGED`), once, for the workers and the waiting jobs alike.

The names the workers' queue gives its jobs and connections live here (``pgqueue``, which
imports Procrastinate, takes them from here), so this module needs nothing of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, LiteralString

from coordinator.clip import counted
from coordinator.store.session_status import age

#: Procrastinate task name of "drive session S" (``pgqueue``).
TASK = "coordinator.drive_session"
#: What a worker's queue connections are named (``application_name``:
#: ``pgqueue.worker_app_name``).
WORKER_APP = "coord worker"
#: Hex digits of the digest of a worker's id in its connections' name.
APP_DIGEST = 16


def under_root(workspace: LiteralString) -> LiteralString:
    """SQL: the workspace path ``workspace`` (an SQL expression) is the root ``r.root`` or
    lies below it. The root ``/`` holds every workspace (``r.root || '/'`` was ``//``,
    which none starts with). The workers' fetch, ``PgStore.queued_note`` and ``coord workers``
    read it alike."""
    return (
        f"({workspace} = r.root OR left({workspace}, length(rtrim(r.root, '/')) + 1)"
        f" = rtrim(r.root, '/') || '/')"
    )


class WorkerState(StrEnum):
    """How a registered worker is judged (:data:`_JUDGED`)."""

    #: It beats within its lease and its queue connections are on the server.
    ALIVE = "alive"
    #: Its connections are there but no heartbeat came for its lease, or for the shorter
    #: lease of another live worker (whose sweep hands its sessions on): paused, a suspended
    #: VM, a starved host; the workers take its sessions over; back, it stops (exit 5).
    STALLED = "stalled"
    #: Its connections are gone (killed, its machine lost; or, for a worker that did not
    #: say its name, no heartbeat for the lease): its row stays until a starting worker
    #: prunes it, its sessions handed on by the next sweep.
    GONE = "gone"


#: Every registered worker with what it announced (``info``: its ``coordinator_workers``
#: row as JSON, so a table an older coord made, without some column, is read the same), and
#: its state: gone once no connection named for it is left, else stalled past its lease
#: (its own ``--lease``, else the default ``%(lease)s``) or past a shorter one of another
#: worker that sweeps (connected, beating within its own lease): each worker's sweep hands
#: on the jobs of one silent for the sweeper's lease, not the silent one's (review142: a
#: paused worker of --lease 60 was listed alive while one of --lease 1 drove its
#: sessions), else alive. One that did not say its name (an older coord) is judged by its
#: heartbeat alone.
_JUDGED: LiteralString = f"""
WITH seen AS (
    SELECT p.id, p.last_heartbeat, c.roots, to_jsonb(c) AS info,
           extract(epoch FROM now() - p.last_heartbeat)::float8 AS quiet
    FROM procrastinate_workers AS p LEFT JOIN coordinator_workers AS c ON c.worker_id = p.id
), named AS (
    SELECT seen.*, info->>'name' AS name,
           coalesce((info->>'lease')::float8, %(lease)s) AS lease,
           CASE WHEN info->>'name' IS NULL THEN NULL ELSE EXISTS (
               SELECT 1 FROM pg_stat_activity AS a WHERE starts_with(a.application_name,
                   %(app)s || ' ' || left(encode(sha256(convert_to(info->>'name', 'UTF8')),
                   'hex'), %(digest)s) || ' ')) END AS connected
    FROM seen
), bounded AS (
    SELECT named.*, least(lease, (SELECT min(k.lease) FROM named AS k WHERE k.id <> named.id
        AND k.connected IS NOT FALSE AND k.quiet <= k.lease)) AS bound
    FROM named
), judged AS (
    SELECT bounded.*, CASE WHEN connected IS FALSE THEN '{WorkerState.GONE}'
        WHEN quiet > bound THEN CASE WHEN connected THEN '{WorkerState.STALLED}'
                                     ELSE '{WorkerState.GONE}' END
        ELSE '{WorkerState.ALIVE}' END AS state
    FROM bounded
)
"""
#: Each worker: its state, what it said, and the sessions it holds the lease of and drives
#: (a claim whose holder connection a sweep cleared was handed on).
_WORKERS: LiteralString = (
    _JUDGED
    + """
SELECT id, name, state, quiet, lease, roots, (info->>'slots')::int AS slots,
       extract(epoch FROM now() - (info->>'started_at')::timestamptz)::float8 AS up,
       ARRAY(SELECT j.session_id FROM coordinator_jobs AS j
             WHERE j.state = 'doing' AND j.worker = judged.name AND j.holder_pid IS NOT NULL
             ORDER BY j.heartbeat_at, j.session_id) AS driving
FROM judged ORDER BY (info->>'started_at')::timestamptz NULLS LAST, id
"""
)
#: Each job waiting in the queue, oldest first: its session and workspace, whether it is due
#: (a job tried again later is not yet), how long ago its session was queued, and whether no
#: live worker's roots hold its workspace (one that did not say its roots holds any).
_WAITING: LiteralString = (
    _JUDGED
    + """
SELECT j.args->>'session_id' AS session_id, j.args->>'workspace' AS workspace,
       (j.scheduled_at IS NULL OR j.scheduled_at <= now()) AS due,
       extract(epoch FROM now() - c.queued_at)::float8 AS waited,
       NOT EXISTS (SELECT 1 FROM judged AS k WHERE k.state = 'alive' AND (k.roots IS NULL
           OR EXISTS (SELECT 1 FROM unnest(k.roots) AS r(root) WHERE """
    + under_root("(j.args->>'workspace')")
    + """))) AS unserved
FROM procrastinate_jobs AS j
LEFT JOIN coordinator_jobs AS c ON c.session_id = j.args->>'session_id'
WHERE j.status = 'todo' AND j.task_name = %(task)s ORDER BY j.id
"""
)
#: Whether the workers' tables are there (none until a command queued a session or a
#: worker ran).
_TABLES = (
    "SELECT to_regclass('procrastinate_workers') IS NOT NULL"
    " AND to_regclass('coordinator_workers') IS NOT NULL"
    " AND to_regclass('coordinator_jobs') IS NOT NULL"
)


#: What ``coord workers`` says under its table of a worker stalled or gone.
STATE_WORDS = {
    WorkerState.STALLED: "stalled: its connections are there but no heartbeat came for its"
    " --lease, or another live worker's shorter one (paused, a suspended VM, a starved"
    " host); the workers take its sessions over, and it stops with exit code 5 when it"
    " comes back",
    WorkerState.GONE: "gone: its connections to the database are gone (killed, or its"
    " machine lost); its sessions are handed on by the next sweep and its row is pruned by"
    " the next worker to start",
}
#: What ``coord workers`` says of a store with no worker registered.
NO_WORKER = (
    "no worker is registered on this store (start one: coord worker --db URL --workspace-root DIR)"
)
#: How many sessions queued with no live worker ``coord workers`` names (``--json``: all).
SHOWN_UNSERVED = 10


@dataclass(frozen=True)
class WorkerSeen:
    """One registered worker as the store records it (ages in seconds, by the server's
    clock)."""

    #: Procrastinate's id of its row.
    row: int
    #: Its id, ``HOST:PID:TAG`` as its ``ready`` line says it (None: an older coord's).
    name: str | None
    state: WorkerState
    #: Seconds since its last heartbeat.
    quiet: float
    #: Its ``--lease`` (the default for an older coord's).
    lease: float
    #: Seconds since it started (None: not said).
    up: float | None
    slots: int | None
    #: Its ``--workspace-root`` folders (None: not said: it is taken to hold any).
    roots: tuple[str, ...] | None
    #: The sessions it drives now (their leases held by it).
    driving: tuple[str, ...]

    @property
    def host(self) -> str | None:
        """The machine it runs on (its id's first part)."""
        return None if self.name is None else self.name.rsplit(":", 2)[0]

    @property
    def pid(self) -> int | None:
        """Its process id on that machine."""
        parts = [] if self.name is None else self.name.rsplit(":", 2)
        return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None

    def to_json(self) -> dict[str, Any]:
        """The worker for ``coord workers --json``."""
        return {
            "worker": self.name,
            "host": self.host,
            "pid": self.pid,
            "state": str(self.state),
            "heartbeat_age": round(self.quiet, 3),
            "lease": self.lease,
            "up": None if self.up is None else round(self.up, 3),
            "slots": self.slots,
            "roots": None if self.roots is None else list(self.roots),
            "driving": list(self.driving),
        }


@dataclass(frozen=True)
class Waiting:
    """A job waiting in the queue for a worker."""

    session_id: str
    workspace: str
    #: False: tried again later (a wait after failures), not yet due.
    due: bool
    #: Seconds since its session was queued (None: no lease row).
    waited: float | None
    #: No live worker's roots hold its workspace: nothing takes it until one starts.
    unserved: bool

    def to_json(self) -> dict[str, Any]:
        """The job for ``coord workers --json``."""
        return {
            "session": self.session_id,
            "workspace": self.workspace,
            "due": self.due,
            "waited": None if self.waited is None else round(self.waited, 3),
        }


@dataclass(frozen=True)
class WorkersView:
    """The workers of a shared store and what waits for them (:func:`survey`)."""

    workers: tuple[WorkerSeen, ...]
    waiting: tuple[Waiting, ...]

    @property
    def unserved(self) -> tuple[Waiting, ...]:
        """The waiting jobs no live worker's roots hold."""
        return tuple(w for w in self.waiting if w.unserved)

    def count(self, state: WorkerState) -> int:
        """How many workers are in ``state``."""
        return sum(1 for w in self.workers if w.state == state)

    def rows(self) -> list[tuple[str, str, str, str, str, tuple[str, ...]]]:
        """``coord workers``' table: each worker's id, state, time up, last heartbeat,
        sessions driven of its slots, and roots."""
        return [
            (
                w.name or f"(row {w.row}: an older coord's, no id)",
                str(w.state),
                "?" if w.up is None else age(w.up),
                f"{age(w.quiet)} ago",
                _driving(w),
                ("(any: not said)",) if w.roots is None else w.roots,
            )
            for w in self.workers
        ]

    def notes(self, shown: int = SHOWN_UNSERVED) -> list[str]:
        """The lines under the table: what a stalled or gone worker is, how many jobs wait,
        and the first ``shown`` sessions queued with no live worker whose roots hold them."""
        said = [] if self.workers else [NO_WORKER]
        said += [STATE_WORDS[s] for s in WorkerState if s != WorkerState.ALIVE and self.count(s)]
        due = sum(1 for w in self.waiting if w.due)
        waits = f"{counted(len(self.waiting), 'job')} waiting in the queue"
        said.append(f"{waits} ({due} due)" if due != len(self.waiting) else waits)
        unserved = self.unserved
        if unserved:
            said.append(
                f"{counted(len(unserved), 'session')} queued with no live worker whose"
                " --workspace-root holds it (nothing takes it until one starts):"
            )
            for w in unserved[:shown]:
                waited = "" if w.waited is None else f" (queued {age(w.waited)} ago)"
                said.append(f"  {w.session_id}  {w.workspace}{waited}")
            if len(unserved) > shown:
                said.append(f"  and {len(unserved) - shown} more (--json lists every one)")
        return said

    def to_json(self) -> dict[str, Any]:
        """``coord workers --json``: the workers, how many jobs wait (and are due), and the
        sessions queued with no live worker whose roots hold them."""
        return {
            "workers": [w.to_json() for w in self.workers],
            "alive": self.count(WorkerState.ALIVE),
            "queued": len(self.waiting),
            "due": sum(1 for w in self.waiting if w.due),
            "unserved": [w.to_json() for w in self.unserved],
        }


def survey(conn: Any, default_lease: float) -> WorkersView:
    """The workers of the store ``conn`` (a psycopg connection, in autocommit) is connected
    to and the jobs waiting for them; ``default_lease``: the lease of a worker that did not
    say its own. Nothing is written; none when no worker or queue was ever made there."""
    row = conn.execute(_TABLES).fetchone()
    if not (row and row[0]):
        return WorkersView((), ())
    params = {"lease": default_lease, "app": WORKER_APP, "digest": APP_DIGEST, "task": TASK}
    with conn.transaction():  # (both read in one snapshot)
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        workers = [_worker(r) for r in conn.execute(_WORKERS, params).fetchall()]
        waiting = [_waiting(r) for r in conn.execute(_WAITING, params).fetchall()]
    return WorkersView(tuple(workers), tuple(waiting))


def _driving(w: WorkerSeen) -> str:
    """``2/4: ID ID`` (sessions driven of its slots, and which)."""
    of = "" if w.slots is None else f"/{w.slots}"
    ids = " ".join(w.driving)
    return f"{len(w.driving)}{of}: {ids}" if ids else f"0{of}"


def _worker(r: Any) -> WorkerSeen:
    return WorkerSeen(
        row=int(r[0]),
        name=r[1],
        state=WorkerState(r[2]),
        quiet=float(r[3]),
        lease=float(r[4]),
        roots=None if r[5] is None else tuple(r[5]),
        slots=r[6],
        up=None if r[7] is None else float(r[7]),
        driving=tuple(r[8]),
    )


def _waiting(r: Any) -> Waiting:
    waited = None if r[3] is None else float(r[3])
    return Waiting(str(r[0]), str(r[1]), bool(r[2]), waited, bool(r[4]))
