"""``coord sessions`` and ``coord log``: read the session store (never the model SDK)."""

from __future__ import annotations

from contextlib import closing
from typing import Annotated

import typer

from coordinator.cli.common import (
    ConfigOption,
    DbOption,
    JsonOption,
    WorkspaceOption,
    console,
    db_path,
    emit_json,
)


def register(app: typer.Typer) -> None:
    """Attach ``sessions`` and ``log`` to ``app``."""
    app.command("sessions")(sessions)
    app.command("log")(log)


def sessions(
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Only sessions with this status: running, complete, needs_review, failed, "
            "waiting, interrupted.",
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = False,
) -> None:
    """List sessions, newest first: id, status, request, agent, tokens, cost."""
    from coordinator.errors import UserError
    from coordinator.status import SessionStatus
    from coordinator.store.db import SESSION_STATUSES, Store

    if status is not None and status not in SESSION_STATUSES:
        raise UserError(
            f"unknown status '{status}'", hint=f"use one of: {', '.join(SESSION_STATUSES)}"
        )
    with closing(Store.open(db_path(workspace, db, config), create=False)) as store:
        from coordinator.cli import views

        rows = store.sessions(None if status == SessionStatus.INTERRUPTED else status)
        shown = [(row, views.shown_status(store, row)) for row in rows]
        if status is not None:
            shown = [(row, s) for row, s in shown if s == status]
        if json_out:
            emit_json(
                [
                    {
                        "session": row.id,
                        "status": s,
                        "request": row.request,
                        "workspace": row.workspace,
                        "tokens": views.totals(store, row.id)[0],
                        "cost_usd": round(views.totals(store, row.id)[1], 6),
                        "created_at": row.created_at,
                    }
                    for row, s in shown
                ]
            )
            return
        if not shown:
            console().print("no sessions" + (f" with status {status}" if status else ""))
            return
        console().print(views.sessions_table(store, [row for row, _ in shown]))


def log(
    session: Annotated[str, typer.Argument(help="Session id (or a unique prefix).")],
    workspace: WorkspaceOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show a session's delegation chain as a tree, with tokens, cost and time per agent."""
    from coordinator.store.db import Store

    with closing(Store.open(db_path(workspace, db, config), create=False)) as store:
        from coordinator.cli import views

        row = store.session(session)
        if json_out:
            emit_json(views.log_json(store, row))
            return
        console().print(views.chain_tree(store, row))
