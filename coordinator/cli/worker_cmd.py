"""``coord worker``: drive the sessions of a shared PostgreSQL store (many machines)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coordinator.cli.common import ConfigOption, DbOption, settings_for
from coordinator.errors import UserError


def register(app: typer.Typer) -> None:
    """Attach ``worker`` to ``app``."""
    app.command("worker")(worker)


def worker(
    db: DbOption = None,
    workspace_root: Annotated[
        list[Path] | None,
        typer.Option(
            "--workspace-root",
            help="Drive only sessions whose workspace is under DIR (repeatable; default: here).",
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", help="Sessions driven at once (at least 1).")
    ] = 1,
    lease: Annotated[
        float,
        typer.Option(
            "--lease", help="Seconds without a heartbeat before a takeover (at least 0.5)."
        ),
    ] = 5.0,
    poll: Annotated[
        float,
        typer.Option(
            "--poll",
            help="Seconds between fallback looks for jobs (LISTEN/NOTIFY wakes a worker at once).",
        ),
    ] = 5.0,
    drain: Annotated[
        bool, typer.Option("--drain", help="Exit once nothing under the roots is left to do.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Drive the queued sessions of a shared PostgreSQL store (--db URL): a Procrastinate
    worker, woken by LISTEN/NOTIFY, taking over the sessions of dead workers.

    Submit with `coord run TEXT --db URL --detach` (or `--batch FILE --detach`); answer
    a waiting session from any machine with `coord resume ID --context TEXT --db URL`.

    Exit codes: 0 stopped (SIGTERM, Ctrl-C) or drained; 4 user error; 5 presumed dead:
    another worker pruned this one as stalled (no heartbeat for --lease seconds, e.g. it
    was paused) and took its sessions over; restart it.
    """
    import asyncio
    import signal

    from coordinator.runtime.worker import WorkerConfig, WorkerEnd, serve

    if concurrency < 1 or lease < 0.5 or poll <= 0:
        raise UserError(
            "--concurrency must be at least 1, --lease at least 0.5 seconds, --poll above 0"
        )
    roots = tuple(p.resolve() for p in (workspace_root or [Path.cwd()]))
    settings = settings_for(None, config, db=db)
    if not isinstance(settings.db, str):
        raise UserError(
            "coord worker needs a shared PostgreSQL store",
            hint="Pass --db postgresql://… (or set COORD_DB, or db: in the user config).",
        )
    cfg = WorkerConfig(
        settings.db,
        roots,
        concurrency,
        lease=lease,
        heartbeat=min(1.0, lease / 5),
        sweep=min(0.25, lease / 10),
        poll=poll,
        drain=drain,
    )

    async def main() -> WorkerEnd:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        return await serve(cfg, stop)

    end = asyncio.run(main())
    typer.echo(end.message(), err=True)
    raise typer.Exit(end.exit_code)
