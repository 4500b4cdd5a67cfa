"""``coord worker``: drive the sessions of a shared PostgreSQL store (many machines)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coordinator.cli.common import ConfigOption

if TYPE_CHECKING:
    from coordinator.runtime.drive import Recorder

#: A worker's store is always a shared one (a file is refused with this help's advice).
WorkerDbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="The shared PostgreSQL store, a postgresql:// URL (default: COORD_DB, or db: in "
        "the user config).",
    ),
]
#: ``--workspace-root``: the folders whose sessions a worker drives.
WorkspaceRootOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--workspace-root",
        help="Drive only sessions whose workspace is under DIR (repeatable; default: here).",
    ),
]
#: ``--concurrency``: how many sessions a worker drives at once.
WorkerConcurrencyOption = Annotated[
    int, typer.Option("--concurrency", help="Sessions driven at once (at least 1).")
]
#: ``--lease``: how long a silent worker keeps its sessions.
LeaseOption = Annotated[
    float,
    typer.Option("--lease", help="Seconds without a heartbeat before a takeover (at least 0.5)."),
]
#: ``--drain``: exit once the queue under the roots is empty.
DrainOption = Annotated[
    bool, typer.Option("--drain", help="Exit once nothing under the roots is left to do.")
]
#: ``--poll``: seconds between a worker's fallback looks for jobs.
PollOption = Annotated[
    float,
    typer.Option(
        "--poll",
        help="Seconds between fallback looks for jobs (LISTEN/NOTIFY wakes a worker at once).",
    ),
]
#: ``--stop-grace``: how long what is in flight at SIGTERM may run on.
StopGraceOption = Annotated[
    float,
    typer.Option(
        "--stop-grace",
        help="Seconds a model call, hook or tool call in flight at SIGTERM is let run"
        " before it is ended.",
    ),
]
#: ``--stall-after``: how long a session may record no progress before it is handed back.
StallAfterOption = Annotated[
    float,
    typer.Option(
        "--stall-after",
        help="Seconds a session may record no progress (a hung model call or tool)"
        " before this worker ends its step and hands it back to the queue (0: never).",
    ),
]
#: ``--import-limit``: how long the worker's imports at start may take (review142).
ImportLimitOption = Annotated[
    float,
    typer.Option(
        "--import-limit",
        help="Seconds its imports of the SDK and the engine at start may take (a hung"
        " mount) before it stops with exit code 1, fetching nothing meanwhile (0: never).",
    ),
]

#: ``--otel``: the sessions it drives traced live, as ``coord run --otel`` traces its own.
WorkerOtelOption = Annotated[
    bool,
    typer.Option(
        "--otel",
        help="Export an OpenTelemetry trace of each session it drives over OTLP/HTTP (on by"
        " itself when OTEL_EXPORTER_OTLP_ENDPOINT is set; needs the otel extra).",
    ),
]


def _tracing(otel: bool, log: Callable[[str], None]) -> Recorder | None:
    """The worker's trace recorder (``--otel``, or an OTLP endpoint in the environment);
    spans it could not send are one ``warning:`` line of its log when it stops."""
    from coordinator.telemetry import start_tracing

    return start_tracing(otel, warn=lambda line: log(f"warning: {line}"))


def register(app: typer.Typer) -> None:
    """Attach ``worker`` to ``app``."""
    app.command("worker")(worker)


def worker(
    db: WorkerDbOption = None,
    workspace_root: WorkspaceRootOption = None,
    concurrency: WorkerConcurrencyOption = 1,
    lease: LeaseOption = 5.0,
    poll: PollOption = 5.0,
    drain: DrainOption = False,
    stop_grace: StopGraceOption = 20.0,
    stall_after: StallAfterOption = 1800.0,
    import_limit: ImportLimitOption = 600.0,
    otel: WorkerOtelOption = False,
    config: ConfigOption = None,
) -> None:
    """Drive the queued sessions of a shared PostgreSQL store (--db URL): a Procrastinate
    worker, woken by LISTEN/NOTIFY, taking over the sessions of dead workers.

    Submit with `coord run TEXT --db URL --detach` (or `--batch FILE --detach`); answer
    a waiting session from any machine with `coord resume ID --context TEXT --db URL`.

    SIGTERM or Ctrl-C: takes nothing new and hands each session it drives back to the
    queue at its next step (a model call, hook or tool call in flight is let run
    --stop-grace seconds, then ended: a model call or hooks so ended are made again by
    the next worker, a tool call is stored ended and the model is told), then exits;
    a second one exits at once (another worker takes the sessions over). Each log
    line starts with its UTC time, unless stderr is systemd's journal.

    Exit codes: 0 stopped (SIGTERM, Ctrl-C) or drained; 1 it cannot import what it
    drives sessions with (a broken installation, or imports past --import-limit: its
    sessions stay queued); 4 user error;
    5 presumed dead: another worker pruned this one as stalled (no heartbeat for --lease
    seconds, e.g. it was paused) and took its sessions over; restart it; 143 or 130 a
    second SIGTERM or Ctrl-C.
    """
    from coordinator.runtime.launch import run_worker, worker_config

    cfg = worker_config(
        db,
        config,
        workspace_root,
        concurrency=concurrency,
        lease=lease,
        poll=poll,
        drain=drain,
        stop_grace=stop_grace,
        stall=stall_after,
        import_limit=import_limit,
    )
    from coordinator.runtime.worker import log_line  # (the postgres extra: checked)

    end = run_worker(cfg, lambda: _tracing(otel, log_line))

    log_line(end.message())
    raise typer.Exit(end.exit_code)
