"""``coord agents list|show|validate|eval``: inspect, check and score the roster."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coordinator.cli.common import (
    AgentsDirOption,
    ConfigOption,
    JsonOption,
    OnlyOption,
    print_table,
)
from coordinator.clip import counted, line_count

if TYPE_CHECKING:
    from coordinator.roster.fields import FieldUse
    from coordinator.roster.registry import Registry
    from coordinator.roster.spec import AgentSpec, Problem

agents_app = typer.Typer(
    name="agents",
    help="List, show, validate, evaluate and create the specialist agents.",
    no_args_is_help=True,
)


def _load(
    agents_dir: list[Path] | None, only: bool, config: Path | None, *, checking: bool = False
) -> Registry:
    from coordinator.cli.common import roster, settings_for

    settings = settings_for(Path.cwd(), config)
    return roster(agents_dir, only, settings, warn=False, checking=checking)


def _where(path: Path | None) -> str:
    from coordinator.roster.registry import shown_path

    return "-" if path is None else shown_path(path)


@agents_app.command("list")
def list_command(
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_output: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """List the roster (name, domain, model, tools, source) and any shadowed files.

    An empty roster (no agent file in the folders searched, or every one skipped) is an
    error naming those folders (exit 4), as for `coord route` and `coord run`.
    """
    from coordinator.cli.common import emit_json

    registry = _load(agents_dir, only, config)
    registry.require_agents()
    if json_output:
        emit_json(
            {
                "agents": [_summary(a, registry) for a in registry],
                "shadowed": [s.model_dump(mode="json") for s in registry.shadowed],
                "problems": [p.model_dump(mode="json") for p in registry.problems],
            }
        )
        return
    _show_list(registry)


def _summary(agent: AgentSpec, registry: Registry) -> dict[str, Any]:
    return {
        "name": agent.name,
        "domain": agent.domain,
        "model": agent.model,
        "tools": agent.tools,
        "kind": registry.kinds.get(agent.name),
        "plugin": _plugin_id(agent, registry),
        "path": str(agent.source) if agent.source else None,
    }


def _plugin_id(agent: AgentSpec, registry: Registry) -> str | None:
    """The ``NAME@MARKETPLACE`` of the plugin ``agent`` came from (None: no plugin's)."""
    plugin = registry.plugins.get(agent.name)
    return plugin.id if plugin is not None else None


def _show_list(registry: Registry) -> None:
    from rich.markup import escape
    from rich.table import Table

    from coordinator.cli.common import console
    from coordinator.cli.printable import text

    out = console()
    table = Table(title=counted(len(registry), "agent"))
    for column in ("name", "domain", "model", "tools", "source"):
        table.add_column(column, no_wrap=column == "name", overflow="fold")
    folders = registry.kind_folders()
    for agent in registry:
        tools = "all" if agent.tools is None else ", ".join(agent.tools) or "none"
        kind = registry.source_label(agent.name)
        table.add_row(
            escape(agent.name),
            agent.domain or "-",
            escape(agent.model or "inherit"),
            escape(tools),
            escape(_source(kind, agent, folders.get(kind))),
        )
    print_table(out, table)
    for kind, folder in folders.items():  # each folder once, whole: never broken mid-path
        out.print(f"[dim]{kind}:[/] {escape(_where(folder))}/", soft_wrap=True)
    for item in registry.shadowed:
        hidden, by = item.labels
        out.print(
            f"[yellow]shadowed[/] {escape(item.name)}: {escape(_where(item.path))} ({hidden}) "
            f"is hidden by {escape(_where(item.by))} ({by})",
            soft_wrap=True,  # paths: never broken across lines
        )
    if (problems := registry.problems_line()) is not None:  # a command to copy: one line
        out.print(text(problems, style="dim"), soft_wrap=True)


def _source(kind: str, agent: AgentSpec, root: Path | None) -> str:
    """The list's source cell, under ``root`` (the kind's folder, printed once below the
    table): the kind alone for ``root/NAME.md``, with the sub-folder for ``root/sub/NAME.md``,
    with the file's path under ``root`` for another name; the whole path without a root."""
    if agent.source is None or root is None:
        return f"{kind}: {_where(agent.source)}"
    shown = agent.source.absolute().relative_to(root)
    if shown.name == f"{agent.name}.md":
        return kind if shown.parent == Path() else f"{kind}: {shown.parent.as_posix()}/"
    return f"{kind}: {shown.as_posix()}"


@agents_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="Agent name, display name or short ID.")],
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_output: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Show one agent: triggers, exclusions and redirect targets, tools, prompt size, and
    the CLAUDE.md files it would get run here."""
    from coordinator.cli.common import emit_json
    from coordinator.roster.fields import agent_fields, unoffered_tools
    from coordinator.runtime.instructions import (
        instruction_data,
        instruction_listing,
        workspace_instructions,
    )

    registry = _load(agents_dir, only, config)
    agent = registry.get(name)
    found = workspace_instructions(Path.cwd())
    if json_output:
        data = agent.model_dump(mode="json", exclude={"body", "routing_text"})
        data["path"] = data.pop("source")  # the agent file, named as everywhere else
        data["kind"] = registry.kinds.get(agent.name)
        data["plugin"] = _plugin_id(agent, registry)
        data["prompt_chars"] = len(agent.body)
        data["fields"] = [asdict(f) for f in agent_fields(agent)]
        data["not_offered"] = unoffered_tools(agent.tools)
        data["problems"] = [p.model_dump(mode="json") for p in registry.problems_of(agent)]
        data["instructions"] = instruction_data(agent, found)
        emit_json(data)
        return
    _show_agent(agent, registry, instruction_listing(agent, found))


def _show_agent(agent: AgentSpec, registry: Registry, instructions: list[str]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from coordinator.cli.common import console

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    tools = "all (inherits)" if agent.tools is None else ", ".join(agent.tools) or "none"
    rows = [
        ("name", agent.name),
        ("aliases", ", ".join(agent.aliases) or "-"),
        ("domain", agent.domain or "-"),
        ("model", agent.model or "inherit"),
        ("tools", tools),
        *_unoffered_row(agent),
        ("disallowed", ", ".join(agent.disallowed_tools) or "-"),
        ("permissions", agent.permission_mode or "default"),
        ("color", agent.color or "-"),
        ("source", f"{registry.source_label(agent.name)}: {_where(agent.source)}"),
        (
            "prompt",
            f"{counted(len(agent.body), 'char')}, "
            f"{counted(line_count(agent.body), 'line')}, "
            f"~{counted(len(agent.body) // 4, 'token')}",
        ),
        ("triggers", "; ".join(agent.triggers) or "-"),
        ("instructions", "\n".join(instructions)),
    ]
    for label, value in rows:
        grid.add_row(label, escape(value))
    for exclusion in agent.exclusions:
        target = exclusion.target or f"{exclusion.target_label or '?'} (not in roster)"
        grid.add_row("not for", escape(f"{exclusion.topic} → {target}"))
    out = console()
    print_table(out, grid)
    print_table(out, _fields_table(agent))
    for problem in registry.problems_of(agent):  # as `coord agents validate` says them
        _print_problem(out, problem)


def _unoffered_row(agent: AgentSpec) -> list[tuple[str, str]]:
    from coordinator.roster.fields import UNOFFERED_NOTE, unoffered_tools

    unoffered = unoffered_tools(agent.tools)
    return [("not offered", f"{', '.join(unoffered)} ({UNOFFERED_NOTE})")] if unoffered else []


_SUPPORT_STYLE = {"honoured": "green", "partial": "yellow", "not yet": "red", "unknown": "red"}


def _fields_table(agent: AgentSpec) -> Any:
    from rich.markup import escape
    from rich.table import Table

    from coordinator.roster.fields import agent_fields

    table = Table(title="frontmatter fields")
    for column in ("line", "field", "status", "how / why not"):
        table.add_column(column, overflow="fold", justify="right" if column == "line" else "left")
    for status in agent_fields(agent):
        style = _SUPPORT_STYLE[status.support]
        table.add_row(
            str(status.line),
            escape(status.field),
            f"[{style}]{status.support}[/]",
            escape(status.note),
        )
    return table


def _validation_json(registry: Registry, fields: list[FieldUse]) -> dict[str, Any]:
    """``agents validate --json``'s document: the counts, the problems and the fields."""
    errors = registry.skipped
    return {
        "agent_count": len(registry),  # counts: `agents`, `warnings` are lists elsewhere
        "error_count": len(errors),
        "warning_count": len(registry.warnings),
        "note_count": len(registry.notes),  # info notes: no fault (daily113)
        "problems": [p.model_dump(mode="json") for p in registry.problems],
        "fields": [asdict(f) for f in fields],
        "exit_code": 1 if errors else 0,
    }


@agents_app.command("validate")
def validate_command(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Check only these folders or agent files (default: the whole roster, with"
            " the config's folders).",
            show_default=False,
            metavar="FOLDER",
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", help="Show what becomes of each field (the table) when all is valid too."
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Report every problem in the agent files with file:line, and what becomes of each field.

    All valid: one line, the agents counted and where they came from (--verbose: the fields'
    table too). A problem, or a field not wholly honoured: the problems, the table and the
    count. A FOLDER may also be one agent file. Exit 1 if any problem is an error (a skipped
    file); with --json the code is also the JSON's exit_code.
    """
    from coordinator.cli.common import emit_json
    from coordinator.roster.fields import field_summary
    from coordinator.roster.loader import check_agent_paths, load_registry

    if folders:
        check_agent_paths(folders, "the agent folder or file")  # named as given, no flag
        joined = _load(folders, False, None, checking=True)  # where NOT-for targets are
        registry = load_registry(folders, only=True, redirects_in=joined, checking=True)
        if not len(registry) and not registry.problems:
            from coordinator.errors import UserError

            shown = ", ".join(str(f) for f in folders)
            raise UserError(f"no agent files in {shown}", hint="Agent files are Markdown (*.md).")
    else:
        from coordinator.runtime.settings_read import add_run_refusals

        registry = _load(None, False, None)
        add_run_refusals(registry, Path.cwd())  # exit 1 where `coord run` would refuse
    errors = registry.skipped
    fields = field_summary(registry)
    if json_output:
        emit_json(_validation_json(registry, fields))
    else:
        _show_validation(registry, fields, verbose)
    if errors:
        raise typer.Exit(1)


def _show_validation(registry: Registry, fields: list[FieldUse], verbose: bool) -> None:
    """The problems, the fields' table and the count; all valid (every field honoured, no
    problem) and not ``verbose``: the one line alone."""
    from rich.markup import escape
    from rich.table import Table

    from coordinator.cli.common import console
    from coordinator.cli.printable import text
    from coordinator.roster.fields import Support

    out = console()
    honoured = all(use.support is Support.HONOURED for use in fields)
    if registry.problems or not honoured or verbose:
        for p in registry.problems:
            _print_problem(out, p)
        table = Table(title="frontmatter fields")
        for column in ("field", "files", "status", "how / why not"):
            table.add_column(
                column, overflow="fold", justify="right" if column == "files" else "left"
            )
        for use in fields:
            status = f"[{_SUPPORT_STYLE[use.support]}]{use.support}[/]"
            table.add_row(escape(use.field), str(use.files), status, escape(use.note))
        if fields:
            print_table(out, table)
    out.print(text(registry.validation_line()), soft_wrap=True)  # paths: never broken


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _print_problem(out: Any, problem: Problem) -> None:
    """One problem of an agent file on one line, never wrapped: ``path:line:`` for grep and
    editors."""
    from rich.markup import escape

    out.print(
        f"{escape(_where(problem.path))}:{problem.line}: "
        f"[{_SEVERITY_STYLE[problem.severity]}]{problem.severity}[/]: {escape(problem.message)}",
        soft_wrap=True,
    )


@agents_app.command("eval")
def eval_command(
    cases: Annotated[
        Path,
        typer.Argument(
            help="YAML list of {request, expect[, also]} cases (- reads standard input)."
        ),
    ],
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_output: JsonOption = False,
    config: ConfigOption = None,
    min_accuracy: Annotated[
        float | None,
        typer.Option(
            "--min-accuracy",
            metavar="PCT",
            min=0,
            max=100,
            help="Exit 1 when the accuracy is below PCT percent (0 to 100), saying by how much"
            " (a CI gate).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Route a labelled set of requests and print the accuracy with the misses.

    Each case is {request: TEXT, expect: NAME, or a list of names, or none}, optionally with
    also: the other agents the request involves. Exit 0, or 1 below --min-accuracy.

    Examples:
    coord agents eval examples/routing-cases.yaml
    coord agents eval cases.yaml --agents-dir .claude/agents --only --json
    coord agents eval cases.yaml --min-accuracy 90
    """
    from coordinator.cli.common import emit_json
    from coordinator.routing.evaluate import evaluate, load_cases

    loaded = load_cases(cases, config)
    registry = _load(agents_dir, only, config)
    result = evaluate(loaded, registry)
    short = 0.0 if min_accuracy is None else result.points_short(min_accuracy)
    if json_output:
        data = result.model_dump(mode="json")
        for miss in data["misses"]:  # the agent it was routed to, named as `coord route` does
            miss["agent"] = miss.pop("got")
        if min_accuracy is not None:
            data |= {"min_accuracy": min_accuracy, "points_short": round(short, 1)}
        emit_json(data | {"exit_code": 1 if short else 0})
    else:
        _show_eval(result)
    if short:
        typer.echo(
            f"error: accuracy {result.accuracy:.1%} ({result.correct}/{result.total}) is below"
            f" --min-accuracy {min_accuracy:g}%, by {short:.1f} points",
            err=True,
        )
        raise typer.Exit(1)


def _show_eval(result: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    from coordinator.cli.common import console

    out = console()
    out.print(
        f"[bold]accuracy {result.accuracy:.1%}[/] ({result.correct}/{result.total} acceptable), "
        f"exact {result.exact:.1%}"
    )
    for label, share in (
        ("none precision", result.none_precision),
        ("none recall", result.none_recall),
        ("also precision", result.also_precision),
        ("also recall", result.also_recall),
    ):
        if share.total:
            out.print(f"{label} {share.ratio:.0%} ({share.hits}/{share.total})")
    for language, share in sorted(result.languages.items()):
        out.print(f"{language}: {share.ratio:.1%} ({share.hits}/{share.total})")
    for warning in result.shown_warnings():
        out.print(f"[yellow]warning[/]: {escape(warning)}", soft_wrap=True)  # (FILE:LINE whole)
    if not result.misses:
        return
    table = Table(title=result.misses_title)
    table.add_column("request", overflow="fold")
    table.add_column("expected", overflow="fold")
    table.add_column("got", no_wrap=True)
    table.add_column("rank", justify="right")
    table.add_column("score", justify="right")
    for miss in result.misses:
        expected = ", ".join(e or "none" for e in miss.expect)
        table.add_row(
            escape(miss.request),
            escape(expected),
            escape(miss.got or "none"),
            str(miss.rank) if miss.rank else "-",
            f"{miss.score:.2f}",
        )
    print_table(out, table)


NameArgument = Annotated[str, typer.Argument(help="The agent's name, e.g. payments-expert.")]
DomainOption = Annotated[
    str | None, typer.Option("--domain", help="Its domain, e.g. Payments or Database.")
]
TriggerOption = Annotated[
    list[str] | None,
    typer.Option("--trigger", "-t", metavar="WORD", help="A trigger keyword (repeatable)."),
]
RequestOption = Annotated[
    list[str] | None,
    typer.Option("--request", metavar="TEXT", help="A typical request (repeatable)."),
]
NotForOption = Annotated[
    list[str] | None,
    typer.Option(
        "--not-for", metavar="TOPIC=AGENT", help="Send TOPIC to another agent instead (repeatable)."
    ),
]
ModelOption = Annotated[str, typer.Option("--model", help="Model alias or id.")]
DirOption = Annotated[
    Path | None,
    typer.Option("--agents-dir", metavar="DIR", help="Its folder (default: .claude/agents)."),
]
#: ``--agents-dir``'s first name here, kept for scripts (every other command says
#: ``--agents-dir``); not in the help.
OldDirOption = Annotated[Path | None, typer.Option("--dir", metavar="DIR", hidden=True)]


@agents_app.command("new")
def new_command(
    name: NameArgument,
    domain: DomainOption = None,
    trigger: TriggerOption = None,
    request: RequestOption = None,
    not_for: NotForOption = None,
    model: ModelOption = "sonnet",
    folder: DirOption = None,
    old_folder: OldDirOption = None,
    json_output: JsonOption = False,
) -> None:
    """Create an agent file in the bundled agents' format: description with triggers, a
    NOT-for block and the final report protocol.

    Without --domain or --trigger, asks for them when run in a terminal (not with --json).
    --json prints the agent's name, the file's path, the --agents-dir a command needs to
    see it (null when none), its notes and the commands that try it.

    Examples:
    coord agents new payments-expert --domain Payments -t Stripe -t invoice
    coord agents new qa --domain Tests -t pytest --not-for SQL=database-engineer
    """
    import sys

    from coordinator.errors import UserError
    from coordinator.roster.scaffold import create_agent, split_words

    if folder is not None and old_folder is not None:
        raise UserError("give --agents-dir or its old name --dir, not both")
    if sys.stdin.isatty() and not json_output:
        domain = domain or typer.prompt("Domain (e.g. Payments)")
        trigger = trigger or split_words(typer.prompt("Trigger words, comma-separated"))
    created = create_agent(
        folder or old_folder, Path.cwd(), name, domain or "", list(trigger or []),
        requests=list(request or []), not_for=list(not_for or []), model=model,
    )  # fmt: skip
    for note in created.notes:
        typer.echo(note, err=True)
    if json_output:
        from coordinator.cli.common import emit_json

        emit_json(created.to_json())
        return
    typer.echo(f"Created {_where(created.path)}")
    typer.echo(created.try_it())


def register(app: typer.Typer) -> None:
    """Attach ``coord agents ...`` to ``app``."""
    app.add_typer(agents_app, name="agents")
