"""``coord workers``: the workers of a shared PostgreSQL store and what waits for them."""

from __future__ import annotations

import typer

from coordinator.cli.common import ConfigOption, JsonOption
from coordinator.cli.worker_cmd import WorkerDbOption


def register(app: typer.Typer) -> None:
    """Attach ``workers`` to ``app``."""
    app.command("workers")(workers)


def workers(
    db: WorkerDbOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = False,
) -> None:
    """List the workers of a shared PostgreSQL store (--db URL) and what waits for them.

    Each worker's id (HOST:PID:TAG, as its ready line says), state, time up, last
    heartbeat, the sessions it drives of its slots and its roots; then how many jobs
    wait in the queue and the sessions queued with no live worker whose
    --workspace-root holds them.

    A worker is alive while it beats within its --lease and its connections are on the
    server; stalled when its connections are there but its heartbeat is older than its
    lease, or than another live worker's shorter one (paused: that worker's sweep takes its
    sessions over); gone once its connections are gone (killed, its machine lost), until
    the next worker to start prunes its row. A worker stopped by SIGTERM, Ctrl-C or
    --drain is not listed. Nothing is written.

    Exit codes: 0 listed (also when none is alive: see --json's "alive"); 4 user error:
    the store is not a shared PostgreSQL one (a SQLite file has no workers), it cannot
    be reached, or its tables need an upgrade only their owner may make (nothing
    written).
    """
    from coordinator.runtime.launch import survey_workers

    view = survey_workers(db, config)
    if json_out:
        from coordinator.cli.common import emit_json

        emit_json(view.to_json())
        return
    import sys

    from coordinator.cli.plain import Lines

    out = Lines(sys.stdout)
    if view.workers:
        header = ("worker", "state", "up", "heartbeat", "driving", "roots")
        out.table("Workers", header, view.rows())
    for line in view.notes():
        out.say(line)
    sys.stdout.flush()
