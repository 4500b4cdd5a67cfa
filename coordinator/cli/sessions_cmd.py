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
    emit_json,
    open_db,
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

    if status is not None and status not in tuple(SessionStatus):
        raise UserError(
            f"unknown status '{status}'", hint=f"use one of: {', '.join(SessionStatus)}"
        )
    with closing(open_db(workspace, db, config)) as store:
        from coordinator.cli import views
        from coordinator.store import history

        shown = history.listed_sessions(store, status)
        if json_out:
            emit_json([history.session_json(store, row, s) for row, s in shown])
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
    with closing(open_db(workspace, db, config)) as store:
        from coordinator.cli import views
        from coordinator.store import history

        row = store.session(session)
        if json_out:
            emit_json(history.log_json(store, row))
            return
        console().print(views.chain_tree(store, row))
