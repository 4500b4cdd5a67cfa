"""``coord route TEXT``: which specialist a request goes to, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coordinator.cli.common import (
    AgentsDirOption,
    ConfigOption,
    FileOption,
    JsonOption,
    OnlyOption,
)

if TYPE_CHECKING:
    from coordinator.routing.lexical import RouteDecision


def route_command(
    request: Annotated[
        str | None,
        typer.Argument(help="The request to route (- reads standard input).", show_default=False),
    ] = None,
    file: FileOption = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_output: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Explain which specialist REQUEST goes to: score, matched triggers, redirects, runners-up.

    Exit codes: 0 a specialist fits, 4 none fits (the nearest candidates are shown) or a
    user error. With --json the code is also the JSON's exit_code, as for coord run and
    every error.

    Examples:
    coord route "Add an index to the users table"
    coord route --file request.md --json
    git diff | coord route -
    """
    import sys

    from coordinator.cli.common import emit_json, roster, settings_for
    from coordinator.errors import EXIT_COMPLETE, EXIT_USER_ERROR
    from coordinator.request_text import read_request, reads_stdin, stdin_once
    from coordinator.routing.lexical import NO_FIT_HINT
    from coordinator.routing.sources import source_note
    from coordinator.runtime.denied_agents import route_shown

    stdin_once(config, the_request=reads_stdin(request) or reads_stdin(file))
    settings = settings_for(Path.cwd(), config)
    text = read_request(request, file, sys.stdin.buffer, limit=settings.max_request_bytes)
    registry = roster(agents_dir, only, settings)
    registry.require_agents()
    decision = route_shown(text, registry, Path.cwd())  # past an agent a rule refuses
    code = EXIT_USER_ERROR if decision.agent is None else EXIT_COMPLETE
    if json_output:
        hint = {"hint": None if decision.agent else NO_FIT_HINT}  # (daily113: always there)
        emit_json({**decision.to_json(), **hint, "exit_code": code})
    else:
        show_decision(decision)
        note = source_note(decision, registry)
        if note is not None:
            typer.echo(note, err=True)
    if settings.router == "llm":  # coord run may choose otherwise: say so
        from coordinator.routing.llm import unsure_note

        note = unsure_note(decision)
        if note is not None:
            typer.echo(note, err=True)
    if code:
        raise typer.Exit(code)


def show_decision(decision: RouteDecision) -> None:
    """Print a routing decision: the choice, its evidence, and the other candidates (plain
    text with colour on a terminal: rich would be a tenth of this command's start). The
    chosen agent's row is left out of the table: its evidence is said above it, whole."""
    import sys

    from coordinator.cli.plain import Lines, Style
    from coordinator.routing.lexical import NO_FIT_HINT, no_fit_words, rule_line

    out = Lines(sys.stdout)
    if decision.agent is None:  # coord run's error, as a sentence
        said, why = no_fit_words(decision)
        out.say_wrapped((said[:1].upper() + said[1:], Style.BOLD_YELLOW), why)
    else:
        out.say((f"→ {decision.agent}", Style.BOLD_GREEN), f"  score {decision.score:.2f}")
        if decision.redirected_from:
            lead = (f"redirected from {decision.redirected_from}", Style.YELLOW)
            out.say_wrapped(lead, f": {decision.reason}")
        rule = rule_line(decision)
        if rule is not None:
            out.say_wrapped(("why", Style.YELLOW), f": {rule}")
        if decision.matched:
            out.say_items("matched: ", decision.matched)
        if decision.also:
            out.say_items("also involves: ", decision.also)
    others = [c for c in decision.candidates if c.agent != decision.agent]
    if others:
        rows = [(c.agent, f"{c.score:.2f}", tuple(c.matched[:8])) for c in others]
        title = "Other candidates" if decision.agent else "Nearest candidates"
        out.table(title, ("agent", "score", "matched"), rows)
    if decision.agent is None:
        out.say_paragraph(NO_FIT_HINT, Style.DIM)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Attach ``coord route`` to ``app``."""
    app.command("route")(route_command)
