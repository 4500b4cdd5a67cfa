"""``coord route TEXT``: which specialist a request goes to, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coordinator.cli.common import (
    AgentsDirOption,
    ConfigOption,
    JsonOption,
    OnlyOption,
    print_table,
)

if TYPE_CHECKING:
    from coordinator.routing.lexical import RouteDecision


def route_command(
    request: Annotated[
        str | None,
        typer.Argument(help="The request to route (- reads standard input).", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", metavar="FILE", help="Read the request from FILE."),
    ] = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_output: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Explain which specialist REQUEST goes to: score, matched triggers, redirects, runners-up.

    Exit codes: 0 a specialist fits, 4 none fits (the nearest candidates are shown) or a
    user error.
    """
    import sys

    from coordinator.cli.common import emit_json, roster, settings_for
    from coordinator.errors import EXIT_USER_ERROR
    from coordinator.request_text import read_request
    from coordinator.routing.lexical import route

    settings = settings_for(Path.cwd(), config)
    text = read_request(request, file, sys.stdin.buffer, limit=settings.max_request_bytes)
    registry = roster(agents_dir, only, settings)
    registry.require_agents()
    decision = route(text, registry)
    if json_output:
        emit_json(decision.to_json())
    else:
        show_decision(decision)
    if decision.agent is None:
        raise typer.Exit(EXIT_USER_ERROR)


def show_decision(decision: RouteDecision) -> None:
    """Render a routing decision with rich: the choice, its evidence, and the runners-up."""
    from functools import partial

    from rich.markup import escape
    from rich.table import Table

    from coordinator.cli.common import console

    out = console()
    say = partial(out.print, soft_wrap=True)  # each a whole line, however long: grep-able
    if decision.agent is None:
        say("[bold yellow]No specialist fits this request.[/]")
        say(f"[dim]{escape(decision.reason)}[/]")
    else:
        say(f"[bold green]→ {escape(decision.agent)}[/]  score {decision.score:.2f}")
        if decision.redirected_from:
            say(
                f"[yellow]redirected from {escape(decision.redirected_from)}[/]: "
                f"{escape(decision.reason)}"
            )
        if decision.matched:
            say("matched: " + ", ".join(escape(m) for m in decision.matched))
        if decision.also:
            say("also involves: " + ", ".join(escape(a) for a in decision.also))
    if not decision.candidates:
        return
    table = Table(title="Candidates" if decision.agent else "Nearest candidates")
    table.add_column("agent", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("matched")
    for candidate in decision.candidates:
        table.add_row(
            escape(candidate.agent),
            f"{candidate.score:.2f}",
            escape(", ".join(candidate.matched[:8])),
        )
    print_table(out, table)


def register(app: typer.Typer) -> None:
    """Attach ``coord route`` to ``app``."""
    app.command("route")(route_command)
