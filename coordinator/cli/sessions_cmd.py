"""``coord sessions`` (list, ``rm``) and ``coord log``: read the session stores (never the
model SDK). Sessions are found in the workspace's database and, through the user-level
index, in every other workspace's."""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING, Annotated

import typer

from coordinator.cli.common import (
    SPANS,
    ConfigOption,
    DbOption,
    HereFilterOption,
    JsonOption,
    SinceOption,
    WorkspaceOption,
    console,
    emit_json,
    print_table,
    table_width,
)
from coordinator.errors import EXIT_USER_ERROR
from coordinator.runtime.lookup import open_session, reach_flags
from coordinator.store.faults import reading

if TYPE_CHECKING:
    from coordinator.store.db import Store

sessions_app = typer.Typer(
    help="List sessions (every workspace's; --here: this one), or prune them (rm)."
    "\n\nNewest first: id, status, agent, tokens, cost, age and request; `coord log ID`"
    " shows one, `coord resume ID` continues one that waits or was interrupted."
    "\n\nExamples:\ncoord sessions --status waiting\ncoord sessions --here --since 2d"
    " --search health\ncoord sessions rm --older-than 30d",
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    """Attach ``sessions`` (with ``rm``) and ``log`` to ``app``."""
    app.add_typer(sessions_app, name="sessions")
    app.command("log")(log)


StatusFilterOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        help="Only sessions with this status: running, complete, needs_review, failed, "
        "waiting, interrupted.",
    ),
]
AgentFilterOption = Annotated[
    str | None,
    typer.Option(
        "--agent",
        help="Only sessions this agent ran in (routed to it, or consulted).",
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option("--search", help="Only sessions whose request contains TEXT.", metavar="TEXT"),
]
#: ``coord log --here``: the newest session of this workspace only.
NewestHereOption = Annotated[
    bool,
    typer.Option(
        "--here", help="Without SESSION: this workspace's newest, never another project's."
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        help="Show at most N sessions (at least 1; default 20, with --json every one).",
        metavar="N",
        show_default=False,
    ),
]


@sessions_app.callback(invoke_without_command=True)
@reading()
def sessions(
    ctx: typer.Context,
    status: StatusFilterOption = None,
    agent: AgentFilterOption = None,
    since: SinceOption = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    here: HereFilterOption = False,
    workspace: WorkspaceOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = False,
) -> None:
    """List sessions, newest first: id, status, agent, tokens, cost, age, request.

    Every workspace's sessions the user-level index knows, unless --here, --workspace or
    --db names one database.
    """
    if ctx.invoked_subcommand is not None:
        return
    from coordinator.runtime.lookup import SessionFilter, list_sessions

    filters = SessionFilter(status, agent, since, search, limit, whole=json_out)
    listed = list_sessions(filters, workspace, db, config, here=here)
    if json_out:
        emit_json(listed.to_json())
    elif not listed.lines:
        from coordinator.sanitize import printable

        console().print(printable(listed.nothing), markup=False, soft_wrap=True)
        if listed.unfiltered is not None:
            typer.echo(listed.unfiltered, err=True)
    else:
        from coordinator.cli import views

        out = console()
        width, whole = table_width(out), not out.is_terminal
        table = views.sessions_table(listed.lines, width, workspaces=listed.across, whole=whole)
        print_table(out, table)
        for stopped in listed.stopped_messages():  # why a worker stopped it, the way on
            typer.echo(stopped, err=True)
        for fix in listed.fix_messages():  # what to fix before resuming, as `log` says it
            typer.echo(fix, err=True)
        if (consulted := listed.consulted_message()) is not None:
            typer.echo(consulted, err=True)
    if (more := listed.more_message()) is not None:  # a script's JSON list is cut too
        typer.echo(more, err=True)
    if listed.not_files:  # warned of by name; the listing lacks their sessions
        raise typer.Exit(EXIT_USER_ERROR)


@sessions_app.command("rm")
def remove(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Session ids (or unique prefixes).", show_default=False),
    ] = None,
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than",
            help=f"Every session started before SPAN: {SPANS}.",
            metavar="SPAN",
        ),
    ] = None,
    here: Annotated[
        bool, typer.Option("--here", help="With --older-than: only this workspace's.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="List the sessions it would remove; remove none."),
    ] = False,
    workspace: WorkspaceOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = False,
) -> None:
    """Delete sessions with their runs, messages, tool calls and events (and from the index).

    A session some process is driving right now is never removed; on a shared store
    (a postgresql:// URL), neither is one queued for the workers or leased by one.

    Examples:
    coord sessions rm 4994d2 a21aaa
    coord sessions rm --older-than 30d --here --dry-run
    """
    from coordinator.runtime.lookup import remove_sessions, removed_json, removed_line

    given = (ids or [], older_than, workspace, db, config)
    removed = remove_sessions(*given, here=here, dry_run=dry_run)
    if json_out:
        from coordinator.cli.common import emit_json

        emit_json(removed_json(removed, dry_run=dry_run))
        return
    console().print(removed_line(removed, dry_run=dry_run), markup=False, highlight=False)


FollowOption = Annotated[
    bool,
    typer.Option(
        "--follow",
        "-f",
        help="Show the chain live until the session stops; exit with its outcome's code,"
        " as `coord run` would (0 complete, 1 failed, 2 needs review, 3 waiting,"
        " 75 interrupted: resumable; 4 a user error, 130 Ctrl-C or 143 SIGTERM stopped it).",
    ),
]
TranscriptOption = Annotated[
    bool,
    typer.Option(
        "--transcript",
        help="Show each agent's messages, tool calls (input and result) and the answers.",
    ),
]
LogOtelOption = Annotated[
    bool,
    typer.Option(
        "--otel",
        help="Send the session's OpenTelemetry trace, rebuilt from the store, over "
        "OTLP/HTTP (to OTEL_EXPORTER_OTLP_ENDPOINT, or localhost:4318; needs the otel "
        "extra).",
    ),
]
OtelEndpointOption = Annotated[
    str | None,
    typer.Option(
        "--otel-endpoint",
        metavar="URL",
        help="Where --otel sends it (implies --otel): the collector's base URL, "
        "/v1/traces appended unless given.",
    ),
]


@reading()
def log(
    session: Annotated[
        str | None,
        typer.Argument(help="Session id or a unique prefix (default: the newest session)."),
    ] = None,
    follow: FollowOption = False,
    transcript: TranscriptOption = False,
    otel: LogOtelOption = False,
    otel_endpoint: OtelEndpointOption = None,
    here: NewestHereOption = False,
    workspace: WorkspaceOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show a session's delegation chain as a tree, with tokens, cost, working time and the
    files changed per agent (found in any workspace through the session index).

    SESSION is its id or any unique prefix of it; --json gives the whole chain with its
    events; --otel sends its trace, as `coord run --otel` would have, from the store.

    Examples:
    coord log                        (the newest session, of any workspace)
    coord log --here                 (this workspace's newest session)
    coord log 4994d2 --transcript    (what each agent was told, wrote and ran)
    coord log -f 4994d2              (wait until it stops; exit with its code)
    coord log 4994d2 --otel          (send its trace to the OTLP collector)
    coord log 4994d2 --otel-endpoint http://collector:4318
    """
    store, row = open_session(session, workspace, db, config, here=here)
    with closing(store):
        if otel or otel_endpoint is not None:
            _export_trace(store, row.id, otel_endpoint, json_out, follow or transcript)
            return
        from coordinator.cli import views
        from coordinator.store import session_log

        if follow and not json_out:
            views.follow_chain(store, row, console(), reach_flags(db, row.workspace))
        elif follow:
            views.say_following(store, row)
            session_log.wait_until_stopped(store, row.id)
        row = store.session(row.id)
        if transcript:
            entries = session_log.transcript(store, row.id)
            if json_out:
                emit_json({"session": row.id, "transcript": entries})
            elif entries:
                console().print(views.transcript_view(entries), soft_wrap=True)
            else:  # nothing on stdout, as there is nothing to show; a person is told why
                typer.echo(f"session {row.id}: no agent has run yet, nothing said", err=True)
        elif json_out:
            emit_json(session_log.log_json(store, row, reach_flags(db, row.workspace)))
        elif not follow:
            console().print(views.log_view(store, row, reach_flags(db, row.workspace)), crop=False)
        if follow:  # a wait: its outcome as `coord run` exits with it
            raise typer.Exit(session_log.stopped_exit_code(store, row.id))


def _export_trace(
    store: Store, session_id: str, endpoint: str | None, json_out: bool, other: bool
) -> None:
    """``coord log --otel``: the session's trace sent from the store, said in one line
    (``other``: --follow or --transcript given too, which it does not take)."""
    from coordinator.errors import UserError
    from coordinator.telemetry import export_stored

    if other:
        raise UserError("--otel sends the stored trace: it takes no --follow or --transcript")
    sent = export_stored(store, session_id, endpoint)
    if json_out:
        emit_json(
            {"session": sent.session_id, "spans": sent.spans, "endpoint": sent.endpoint,
             "running": sent.running}
        )  # fmt: skip
        return
    typer.echo(sent.line())  # one line, never wrapped: a script may read it
