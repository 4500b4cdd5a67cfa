"""``coord run``, ``coord resume`` and ``coord demo``: drive sessions and show them.

Each command hands its flags to the core (:mod:`coordinator.runtime.launch`: checked, the
roster loaded, the request routed, what to do next) and drives what it planned
(:mod:`coordinator.runtime.drive`, :mod:`coordinator.runtime.batch`); here only the options,
the views and the printing.

Exit codes: 0 complete, 1 failed, 2 needs review, 3 waiting for a person, 4 user error
(including "no agent fits the request"), 75 interrupted by a model outage (resumable).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from coordinator.cli.common import (
    AgentsDirOption,
    ConfigOption,
    DbOption,
    FileOption,
    JsonOption,
    OnlyOption,
    WorkspaceOption,
    console,
    emit_json,
    print_prose,
    print_table,
    table_width,
)
from coordinator.status import SessionStatus

if TYPE_CHECKING:
    from rich.console import Console

    from coordinator.cli.views import LiveChain, ProgressLines
    from coordinator.runtime.drive import Action, DriveSetup, Interrupted, Recorder
    from coordinator.runtime.launch import Notice, QueueBatch, RunBatch, RunPlan
    from coordinator.runtime.state import SessionResult
    from coordinator.store.db import Store

ProviderOption = Annotated[
    str | None, typer.Option("--provider", help="anthropic (default) or scripted (with --script).")
]
ScriptOption = Annotated[
    Path | None,
    typer.Option(
        "--script",
        help="YAML script answering every model call offline (implies --provider scripted).",
    ),
]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="Use this model for every agent (alias or id).")
]
OtelOption = Annotated[
    bool,
    typer.Option(
        "--otel",
        help="Export an OpenTelemetry trace of the session over OTLP/HTTP (on by itself "
        "when OTEL_EXPORTER_OTLP_ENDPOINT is set; needs the otel extra).",
    ),
]
BaseUrlOption = Annotated[
    str | None, typer.Option("--base-url", help="Messages API base URL (e.g. a local server).")
]
HereOption = Annotated[
    bool,
    typer.Option(
        "--here",
        help="Drive the session in this process, not queue it for the workers: for a shared"
        " store (--db postgresql://URL), where it is claimed as a worker claims it. Not"
        " log's or sessions' --here: without SESSION, resume takes this workspace's newest"
        " session either way.",
    ),
]
NoHooksOption = Annotated[
    bool, typer.Option("--no-hooks", help="Run no Claude Code hooks (settings' or agents').")
]
RequestArgument = Annotated[
    str | None,
    typer.Argument(help="What to do (- reads standard input).", show_default=False),
]
AgentOption = Annotated[str | None, typer.Option("--agent", help="Skip routing: use NAME.")]
AllowBashOption = Annotated[
    bool, typer.Option("--allow-bash", help="Let agents run shell commands (sandboxed).")
]
ResumeBashOption = Annotated[
    bool,
    typer.Option(
        "--allow-bash",
        help="Let agents run shell commands (sandboxed) in this resume, for a session started"
        " without it.",
    ),
]
UnsandboxedOption = Annotated[
    bool,
    typer.Option("--unsandboxed-bash", help="With --allow-bash: run without bubblewrap."),
]
BashNetworkOption = Annotated[
    bool, typer.Option("--bash-network", help="With --allow-bash: keep the network.")
]
BashEnvOption = Annotated[
    list[str] | None,
    typer.Option("--bash-env", help="With --allow-bash: pass variable NAME (repeatable)."),
]
BatchOption = Annotated[
    Path | None,
    typer.Option(
        "--batch", help="YAML list of requests to run concurrently (- reads standard input)."
    ),
]
ConcurrencyOption = Annotated[
    int | None,
    typer.Option("--concurrency", help="With --batch: model calls in flight at once (at least 1)."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help=(
            "With --batch: processes sharing the batch (default: 2 on two cores or more"
            " for 400+ sessions at once, else 1)."
        ),
    ),
]
RouterOption = Annotated[
    str | None,
    typer.Option("--router", help="lexical (default), or llm: a small model settles close calls."),
]
ForegroundOption = Annotated[
    bool,
    typer.Option("--foreground", help="Wait for the run even if its agent says background."),
]
DetachOption = Annotated[
    bool,
    typer.Option(
        "--detach",
        help="Queue it (or each request of --batch) for `coord worker`s"
        " (with --db postgresql://URL).",
    ),
]
SessionArgument = Annotated[
    str | None,
    typer.Argument(
        help="Session id or a unique prefix (default: this workspace's newest waiting or"
        " interrupted one; with --context, its newest one asking a question)."
    ),
]
ContextOption = Annotated[
    str | None,
    typer.Option(
        "--context", help="A person's answer to the waiting question (- reads standard input)."
    ),
]
RetryConsultOption = Annotated[
    bool,
    typer.Option(
        "--retry-consult",
        help="Run the failed consult the session waits on again (a new model call); without"
        " it, a resume asks the failed consult's question again and calls no model.",
    ),
]
QuestionOption = Annotated[
    str | None,
    typer.Option(
        "--question",
        metavar="QID",
        help="Resume only while the session waits on question QID (its short form, q1, or"
        " the id --json gives): another job answered it first, and it asks another or"
        " nothing, refuses with exit 6, nothing recorded.",
    ),
]
PersonOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="NAME",
        help="Who answers, kept with the answer for the log (default: the git user.name and"
        " user.email the workspace sees, else the OS user).",
    ),
]
ContextFileOption = Annotated[
    Path | None,
    typer.Option("--context-file", help="Read the answer from a file (- reads standard input)."),
]
DemoWorkspaceOption = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Copy the sample project here (new or empty)."),
]
OfflineOption = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="Play the scripted scenario even when ANTHROPIC_API_KEY is set (no network).",
    ),
]
KeepOption = Annotated[
    bool,
    typer.Option(
        "--keep",
        help="Keep the temporary sample project and its session (a --workspace folder is"
        " always kept).",
    ),
]


def register(app: typer.Typer) -> None:
    """Attach ``run``, ``resume`` and ``demo`` to ``app``."""
    app.command("run")(run)
    app.command("resume")(resume)
    app.command("demo")(demo)


def run(
    ctx: typer.Context,
    request: RequestArgument = None,
    file: FileOption = None,
    agent: AgentOption = None,
    workspace: WorkspaceOption = None,
    provider: ProviderOption = None,
    script: ScriptOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    allow_bash: AllowBashOption = False,
    unsandboxed_bash: UnsandboxedOption = False,
    bash_network: BashNetworkOption = False,
    bash_env: BashEnvOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_out: JsonOption = False,
    batch: BatchOption = None,
    concurrency: ConcurrencyOption = None,
    workers: WorkersOption = None,
    router: RouterOption = None,
    no_hooks: NoHooksOption = False,
    foreground: ForegroundOption = False,
    otel: OtelOption = False,
    detach: DetachOption = False,
) -> None:
    """Route a request to its specialist and run the chain until it completes or waits.

    An agent with `background: true` runs detached (see `coord sessions`) unless
    --foreground or --json is given. With --detach (and --db postgresql://URL) the session is
    queued for `coord worker`s; --batch FILE --detach queues each request and prints one
    line per request: its session and agent, or why it was not queued.

    Exit codes: 0 complete, 1 failed, 2 needs review, 3 waiting (for a person's answer, a
    raised budget or a held tool call), 4 user error, 75 interrupted by a model outage that
    outlasted the retries (retry later: `coord resume` continues it), 130 interrupted by
    Ctrl-C (143 by SIGTERM; `coord resume` continues it); a batch exits with its most severe
    item (4 > 1 > 75 > 3 > 2 > 0). `coord log -f ID` waits for a detached session and exits
    with its code.

    Examples:
    coord run "Add GET /tasks/{id} returning the owner's email" -w ~/taskboard
    coord run --file task.md --agent database-engineer
    git diff | coord run - --agent fastapi-backend-expert
    coord run --batch tasks.yaml --concurrency 4
    coord run "Add a health check" --script offline.yaml
    """
    raise typer.Exit(_ran(ctx, json_out, otel))


def resume(
    ctx: typer.Context,
    session: SessionArgument = None,
    context: ContextOption = None,
    context_file: ContextFileOption = None,
    question: QuestionOption = None,
    retry_consult: RetryConsultOption = False,
    person: PersonOption = None,
    workspace: WorkspaceOption = None,
    provider: ProviderOption = None,
    script: ScriptOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    allow_bash: ResumeBashOption = False,
    unsandboxed_bash: UnsandboxedOption = False,
    bash_network: BashNetworkOption = False,
    bash_env: BashEnvOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_out: JsonOption = False,
    no_hooks: NoHooksOption = False,
    otel: OtelOption = False,
    here: HereOption = False,
) -> None:
    """Continue an interrupted or waiting session (with --context: a person's answer).

    The session's workspace, agent folders, provider, script, model, base URL and --allow-bash
    (with its sandbox flags) are reused unless given again (--allow-bash turns Bash on for a
    session started without it, --unsandboxed-bash, --bash-network and --bash-env add to its
    sandbox's for this resume, each noted in its log; a base URL only when it is loopback or the
    one the settings name: the key never goes to an address read back from a file). A remembered
    agents folder (or one the config names) that is gone is skipped with a note: the session's
    runs go on with the agent definitions stored when they started. Hooks stay off for a session
    started with --no-hooks.

    On a shared store (--db postgresql://URL) the session is queued for `coord worker`s, not
    driven here: the id is printed, and on stderr whether a worker is running and how to start
    one (exit 0). The worker uses the session's remembered options with --provider, --script,
    --model, --agents-dir, --only and --no-hooks given again in their place; --base-url, --otel
    and --allow-bash (with its sandbox flags) are refused (a worker cannot honour them). --here
    drives it in this process instead, with every flag, once no other process drives it.

    A session waiting because its consult failed is asked the same question again: no model is
    called unless --retry-consult runs that consult again (or answer it with --context).

    Exit codes: as coord run's: 0 complete (or queued for the workers), 1 failed, 2 needs
    review, 3 waiting (for a person's answer, a raised budget or a held tool call), 4 user
    error (nothing to resume, a bad flag), 6 not waiting on --question's question (another
    answered it), 75 interrupted again by a model outage (resumable), 130 interrupted by
    Ctrl-C (143 by SIGTERM).
    A session that had already ended: its own code, said in one line, nothing changed.

    Examples:
    coord resume
    coord resume --context "Use the email column of users"
    coord resume 4994d2 --context-file answer.md --as "Olena Petrenko"
    echo "Use the email column" | coord resume 4994d2 --context -
    """
    raise typer.Exit(_resumed(ctx, json_out, otel))


def demo(
    workspace: DemoWorkspaceOption = None,
    keep: KeepOption = False,
    offline: OfflineOption = False,
    json_out: JsonOption = False,
) -> None:
    """Run the bundled scenario: backend blocks on database, gets the schema, completes.

    In a copy of a small FastAPI project: a temporary one, removed afterwards with its
    session unless --keep, or the --workspace folder given, which is always kept (--keep
    changes nothing then). Without ANTHROPIC_API_KEY (or with --offline) a scripted model
    plays both specialists through the real engine, tools and session store: no network,
    nothing charged. With a key it runs live, as `coord run` does (ANTHROPIC_BASE_URL
    honoured), its session stopped at $1.00; the model may finish, ask, or stop otherwise.

    Exit codes: as coord run's.
    """
    from coordinator.demo.launch import goes_live, plan_demo
    from coordinator.runtime.drive import sigterm_as_interrupt

    with sigterm_as_interrupt():  # SIGTERM while it sets up is Ctrl-C: no folder left behind
        plan = plan_demo(workspace, keep, live=goes_live(offline))
        if (opening := plan.opening()) is not None:
            typer.echo(opening, err=True)
        try:
            result = _drive(
                plan.setup, json_out, plan.action(), extra=plan.extra(), revisit=not plan.temporary
            )
        except BaseException as stop:  # Ctrl-C, a full disk: the session stays resumable, so
            if (said := plan.refused(stop)) is not None:  # its project is kept; not for a bad
                raise said from None  # key
            plan.stop_and_tell(lambda note: typer.echo(note, err=True))
            raise
        plan.cleanup()
    if not json_out:
        out = console()
        print_prose(out, f"\n{plan.ending()}", markup=False)
        if plan.temporary:
            print_prose(out, f"\n{plan.removed(result.status)}", markup=False)
        else:
            print_prose(out, f"\nThe sample project is in {plan.ws}", markup=False)
            if (leftover := plan.leftover()) is not None:
                print_prose(out, f"Remove {leftover} when done.", markup=False)
    raise typer.Exit(result.exit_code)


# ---- shown and printed -------------------------------------------------------------------


def _tell(notice: Notice) -> None:
    """Print what the core tells on the way: warnings and notes on stderr."""
    from coordinator.cli.printable import text
    from coordinator.runtime import launch
    from coordinator.sanitize import printable

    match notice:  # paths and notes may hold what an agent wrote: text only
        case launch.FilesSkipped(line) | launch.RouteNote(line) | launch.WorkspaceNote(line):
            typer.echo(printable(line), err=True)
        case launch.AlsoInvolves(agents):  # names as written: no markup (a link, a style)
            console().print(text(f"also involves: {', '.join(agents)}", style="dim"))
        case launch.ResumeNote(session_id, note):
            typer.echo(printable(f"session {session_id}: {note}"), err=True)


def _tracing(otel: bool) -> Recorder | None:
    """The command's trace recorder (``--otel``, or an OTLP endpoint in the environment);
    spans it could not send are one ``warning:`` line on stderr when it closes."""
    from coordinator.telemetry import start_tracing

    return start_tracing(otel, warn=lambda line: typer.echo(f"warning: {line}", err=True))


def _drive(
    setup: DriveSetup,
    json_out: bool,
    action: Action,
    *,
    extra: dict[str, object] | None = None,
    otel: bool = False,
    revisit: bool = True,
) -> SessionResult:
    """Drive ``action`` under the right view and show the outcome (``extra``: added to the
    JSON output; ``revisit``: say how to see the chain again, False when its workspace and
    store are about to be removed). The active hooks and any extra that will not apply are
    printed once, on stderr."""
    from coordinator.runtime.drive import Interrupted, driving
    from coordinator.sanitize import printable

    out = console()
    setup = replace(setup, quiet=json_out)  # --json: no routine notice lines on stderr
    with driving(setup, lambda: _tracing(otel)) as d:
        view = _observer(d.store, out, json_out)
        result = d.run(action, view)
        if isinstance(result, Interrupted):
            _interrupted(d.store, result, out, json_out)
        fallback = d.router_fallback(result)
        if fallback is not None:  # --router llm asked for, the lexical choice stands
            typer.echo(f"warning: --router llm: {printable(fallback)}", err=True)
            extra = {**(extra or {}), "router_fallback": fallback}
        if json_out:
            emit_json({**result.to_json(), **d.stored_outcome(result), **(extra or {})})
        elif result.status == SessionStatus.RUNNING:  # handed to the workers (--detach)
            typer.echo(result.session_id)
            if result.reason:  # a resume's: what it waits for, when it resumes
                typer.echo(printable(result.reason), err=True)
        else:
            _show(d.store, result, out, revisit)
    return result


def _batch(plan: RunPlan, step: RunBatch | QueueBatch, json_out: bool) -> int:
    """``--batch FILE``: run it here (a table, or JSON) or queue it (one line, or one JSON
    item, per request); the batch's exit code."""
    from coordinator.cli import views
    from coordinator.runtime import detach, launch
    from coordinator.runtime.batch import BatchStopped
    from coordinator.sanitize import clean_text, printable

    if isinstance(step, launch.QueueBatch):
        batch = detach.queue_batch(plan.setup, step.tasks, plan.options)
        if json_out:
            emit_json([item.to_json() for item in batch.items])
        else:
            for item in batch.items:
                typer.echo(printable(clean_text(item.line())))
        if batch.note:
            typer.echo(printable(clean_text(batch.note)), err=True)
        return batch.exit_code
    view = views.WarningLines(sys.stderr) if json_out else views.ProgressLines(sys.stderr)
    plan = replace(plan, setup=replace(plan.setup, quiet=json_out))
    drive = plan.batch(lambda: _tracing(plan.otel), view)
    done = drive.run(step.tasks, step.workers)
    if isinstance(done, BatchStopped):  # Ctrl-C: the sessions it left, and how to go on
        if json_out:
            emit_json(done.to_json())
        for line in done.lines():
            typer.echo(line, err=True)
        return done.exit_code
    if json_out:
        emit_json(drive.with_changes(done).to_json())
    else:
        out = console()  # the request cut to fit, ids whole
        print_table(out, views.batch_table(done.items, table_width(out)))
        for line in done.next_steps():  # a question's own words: no markup, no escapes
            out.print(printable(clean_text(line)), markup=False, highlight=False)
    return done.exit_code


def _start_in_background(
    ctx: typer.Context, agent: str, ws: Path, text: str, routed: bool
) -> NoReturn:
    """The same run, detached, with ``agent`` fixed (``routed``: routed again there, as
    here); says where its output goes."""
    from coordinator.runtime.background import log_command
    from coordinator.runtime.detach import start_detached

    pid, log, session_id = start_detached(_same_run(ctx, None if routed else agent, ws, text), ws)
    follow = log_command(session_id, ws, follow=True)
    print_prose(
        console(),
        f"{agent} runs in the background (background: true), process {pid}, as session "
        f"{session_id}; output in {log}. Follow it with `{follow}` "
        "(it waits for the run to store the session).",
        markup=False,  # the agent's name and the paths as written: no link, no style
    )
    raise typer.Exit(0)


def _interrupted(store: Store, stop: Interrupted, out: Console, json_out: bool) -> NoReturn:
    """Ctrl-C or SIGTERM: the chain so far (``--json``: the session and its status as
    JSON), and how to continue (exit 130 or 143, as a shell expects)."""
    if json_out:
        emit_json(stop.to_json())
    elif stop.session_id is not None:
        from coordinator.cli import views

        out.print(views.chain_tree(store, store.session(stop.session_id)), crop=False)
    typer.echo(stop.hint(), err=True)
    raise typer.Exit(stop.exit_code)


def _ran(ctx: typer.Context, json_out: bool, otel: bool) -> int:
    """``coord run``'s plan carried out (a batch, a start in the background, a drive here),
    and its exit code."""
    from coordinator.runtime import launch

    flags = launch.RunFlags(**ctx.params)  # every option of `run`, as given
    plan = launch.plan_run(flags, sys.stdin.buffer, _tell)
    match plan.step:
        case launch.RunBatch() | launch.QueueBatch() as step:
            return _batch(plan, step, json_out)
        case launch.StartInBackground(chosen, text, routed):
            _start_in_background(ctx, chosen, plan.setup.ws, text, routed)
        case launch.StartHere() as step:
            result = _drive(plan.setup, json_out, plan.start(step), extra=plan.extra(), otel=otel)
            return launch.run_exit_code(step, result)


def _resumed(ctx: typer.Context, json_out: bool, otel: bool) -> int:
    """``coord resume``'s drive and its exit code. A session that had already ended (a
    retried job's resume): its line on stderr (``--json``: its result on stdout,
    ``already_ended`` true), nothing changed, the session's own exit code."""
    from coordinator.runtime import launch
    from coordinator.runtime.lookup import AlreadyEnded
    from coordinator.sanitize import printable

    try:
        plan = launch.plan_resume(launch.ResumeFlags.given(ctx.params), _tell)
        result = _drive(plan.setup, json_out, plan.action(), extra=plan.extra(), otel=otel)
    except AlreadyEnded as ended:
        if json_out:
            emit_json(ended.to_json())
        typer.echo(printable(ended.message), err=True)
        return ended.exit_code
    return plan.exit_code(result)


def _show(store: Store, result: SessionResult, out: Console, revisit: bool) -> None:
    from coordinator.cli import views
    from coordinator.sanitize import shown_name
    from coordinator.store import files_changed

    out.print(views.chain_tree(store, store.session(result.session_id)), crop=False)
    text = views.result_text(result)
    if text is not None:  # the agent's words as written (code, tabs): never cut or wrapped
        out.print(text, soft_wrap=True)
    print_prose(out, views.result_panel(result))  # a reason, a hint: whole lines in a pipe
    files = files_changed.changed_files(store, result.session_id)
    if files:
        shown = ", ".join(map(shown_name, files))
        where = files_changed.files_where(store, result.session_id)
        print_prose(out, f"Files changed{where}: {shown}", markup=False)
    if not revisit:
        return
    from coordinator.runtime.background import log_command

    row = store.session(result.session_id)
    print_prose(out, f"See the chain again: {log_command(row.id, row.workspace)}", markup=False)


def _observer(store: Store, out: Console, json_out: bool) -> LiveChain | ProgressLines:
    """A live tree on a terminal; plain progress lines on stderr otherwise (the result
    printed after them says why a session ended); with ``--json`` the lines that warn
    alone."""
    from coordinator.cli import views

    if json_out:
        return views.WarningLines(sys.stderr)
    if sys.stdout.isatty():
        return views.LiveChain(store, out)
    return views.ProgressLines(sys.stderr, result_follows=True)


def _same_run(ctx: typer.Context, agent: str | None, ws: Path, text: str) -> list[str]:
    """This ``coord run``'s arguments again, with the agent fixed (None: routed again) and
    ``--foreground`` (a request read from standard input is passed as ``text``: the child
    cannot re-read it)."""
    from typer.core import TyperArgument

    params = {**ctx.params, "agent": agent, "workspace": ws, "foreground": True}
    if params.get("request") == "-" or str(params.get("file")) == "-":
        params["request"], params["file"] = text, None
    argv = [ctx.info_name or "run"]
    for param in ctx.command.params:
        value = params.get(param.name or "")
        if isinstance(param, TyperArgument):
            argv += [str(value)] if value is not None else []
        elif value is True:
            argv.append(param.opts[0])
        elif isinstance(value, list | tuple):
            argv += [item for v in value for item in (param.opts[0], str(v))]
        elif value is not None and value is not False:
            argv += [param.opts[0], str(value)]
    return argv
