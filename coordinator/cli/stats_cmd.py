"""``coord stats``: spend by day, agent and model over the stored sessions (light: no SDK)."""

from __future__ import annotations

from typing import Annotated

import typer

from coordinator.cli.common import (
    ConfigOption,
    DbOption,
    HereFilterOption,
    JsonOption,
    SinceOption,
    WorkspaceOption,
    console,
    emit_json,
    print_table,
)
from coordinator.store.faults import reading


def register(app: typer.Typer) -> None:
    """Attach ``stats`` to ``app``."""
    app.command("stats")(stats)


@reading()
def stats(
    since: SinceOption = None,
    here: HereFilterOption = False,
    workspace: WorkspaceOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = False,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            help="Only this session's runs (an id or a unique prefix, as coord log finds it).",
        ),
    ] = None,
) -> None:
    """Tokens, cost and cache-read share by day, agent and model (every workspace's
    sessions the index knows, unless --here, --workspace or --db names one database).

    More than one row ends with a total line; --json gives the rows alone. A model
    marked (offline) is a scripted one: its runs are priced as real ones would be, but no
    API call was made and nothing was charged (--json: "offline": true).

    Examples:
    coord stats --since 7d
    coord stats --here --json
    coord stats --session 4c2a
    """
    from coordinator.runtime.lookup import session_stats

    stats = session_stats(since, workspace, db, config, here=here, session=session)
    rows = stats.rows
    if json_out:
        emit_json([r.to_json() for r in rows])
        return
    if not rows:
        from coordinator.sanitize import printable

        console().print(printable(stats.nothing), markup=False, soft_wrap=True)
        if stats.unfiltered is not None:
            typer.echo(stats.unfiltered, err=True)
        return
    from coordinator.cli import views

    out = console()
    print_table(out, views.stats_table(rows, out.width if out.is_terminal else None))
