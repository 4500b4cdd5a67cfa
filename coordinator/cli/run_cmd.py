"""``coord run``, ``coord resume`` and ``coord demo``: drive sessions and show them.

Exit codes: 0 complete, 1 failed (or interrupted: resumable), 2 needs review, 3 waiting
for a person, 4 user error (including "no agent fits the request").
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from coordinator.cli.common import (
    AgentsDirOption,
    ConfigOption,
    DbOption,
    JsonOption,
    OnlyOption,
    WorkspaceOption,
    console,
    emit_json,
    open_session,
    roster,
    settings_for,
    workspace_dir,
)
from coordinator.errors import UserError
from coordinator.sanitize import clean_text
from coordinator.status import SessionStatus

if TYPE_CHECKING:
    from rich.console import Console

    from coordinator.cli.views import LiveChain, ProgressLines
    from coordinator.config import Settings
    from coordinator.events import Event, Observer
    from coordinator.providers.base import Provider
    from coordinator.roster.registry import Registry
    from coordinator.runtime import batch
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.options import ModelChoice, SessionOptions
    from coordinator.runtime.state import SessionResult
    from coordinator.store.db import Store
    from coordinator.telemetry.otel import TraceRecorder

T = TypeVar("T")

ProviderOption = Annotated[
    str | None, typer.Option("--provider", help="anthropic (default) or scripted (with --script).")
]
ScriptOption = Annotated[
    Path | None, typer.Option("--script", help="YAML script for --provider scripted.")
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
NoHooksOption = Annotated[
    bool, typer.Option("--no-hooks", help="Run no Claude Code hooks (settings' or agents').")
]


def register(app: typer.Typer) -> None:
    """Attach ``run``, ``resume`` and ``demo`` to ``app``."""
    app.command("run")(run)
    app.command("resume")(resume)
    app.command("demo")(demo)


def run(
    ctx: typer.Context,
    request: Annotated[
        str | None,
        typer.Argument(help="What to do (- reads standard input).", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", metavar="FILE", help="Read the request from FILE."),
    ] = None,
    agent: Annotated[str | None, typer.Option("--agent", help="Skip routing: use NAME.")] = None,
    workspace: WorkspaceOption = None,
    provider: ProviderOption = None,
    script: ScriptOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    allow_bash: Annotated[
        bool, typer.Option("--allow-bash", help="Let agents run shell commands (sandboxed).")
    ] = False,
    unsandboxed_bash: Annotated[
        bool,
        typer.Option("--unsandboxed-bash", help="With --allow-bash: run without bubblewrap."),
    ] = False,
    bash_network: Annotated[
        bool, typer.Option("--bash-network", help="With --allow-bash: keep the network.")
    ] = False,
    bash_env: Annotated[
        list[str] | None,
        typer.Option("--bash-env", help="With --allow-bash: pass variable NAME (repeatable)."),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_out: JsonOption = False,
    batch: Annotated[
        Path | None, typer.Option("--batch", help="YAML list of requests to run concurrently.")
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option("--concurrency", help="Model calls in flight at once (at least 1)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help=(
                "With --batch: processes sharing the batch (default: 2 on two cores or more"
                " for 400+ sessions at once, else 1)."
            ),
        ),
    ] = None,
    router: Annotated[
        str | None,
        typer.Option(
            "--router", help="lexical (default), or llm: a small model settles close calls."
        ),
    ] = None,
    no_hooks: NoHooksOption = False,
    foreground: Annotated[
        bool,
        typer.Option("--foreground", help="Wait for the run even if its agent says background."),
    ] = False,
    otel: OtelOption = False,
    detach: Annotated[
        bool,
        typer.Option(
            "--detach",
            help="Queue it (or each request of --batch) for `coord worker`s"
            " (with --db postgresql://URL).",
        ),
    ] = False,
) -> None:
    """Route a request to its specialist and run the chain until it completes or waits.

    An agent with ``background: true`` runs detached (see ``coord sessions``) unless
    --foreground or --json is given. With --detach (and --db postgresql://URL) the session is
    queued for `coord worker`s; --batch FILE --detach queues each request and prints one
    line per request: its session and agent, or why it was not queued.

    Exit codes: 0 complete, 1 failed, 2 needs review, 3 waiting for a person, 4 user error.
    """
    if (request is None and file is None) == (batch is None):
        raise UserError("give a request, or --batch FILE (not both)")
    if workers is not None and (batch is None or detach):
        raise UserError(
            "--workers splits a batch run here: use it with --batch FILE, without --detach"
        )
    ws = workspace_dir(workspace)
    settings = settings_for(
        ws,
        config,
        allow_bash=allow_bash or None,
        unsandboxed_bash=unsandboxed_bash or None,
        bash_network=bash_network or None,
        bash_env=bash_env or None,
        db=db,
        concurrency=concurrency,
        router=router,
    )
    text = None
    if batch is None:
        from coordinator.request_text import read_request

        text = read_request(request, file, sys.stdin.buffer, limit=settings.max_request_bytes)
    from coordinator.roster.fields import check_model
    from coordinator.runtime.options import ModelChoice, SessionOptions

    model = check_model(model, settings.models)
    if detach and not isinstance(settings.db, str):
        raise UserError(
            "--detach needs a shared PostgreSQL store",
            hint="Pass --db postgresql://… (workers: `coord worker --db …`).",
        )
    registry = roster(agents_dir, only, settings)
    also = _route_first(text, agent, batch, settings, registry, json_out)
    choice = ModelChoice(provider, script.resolve() if script else None, base_url, model)
    options = SessionOptions.remember(
        choice,
        agents_dirs=agents_dir or [],
        only=only,
        settings=settings,
        hooks=not no_hooks,
    ).with_extras(ws, registry)
    if batch is not None:
        work = _Batch(ws, settings, registry, choice, options, json_out, otel)
        raise typer.Exit(work.queue(batch) if detach else work.run(batch, workers))
    from coordinator.runtime.detach import background_agent, start_detached

    text = text or ""
    chosen = None if foreground or json_out else background_agent(registry, text, agent)
    if chosen is not None:
        pid, log = start_detached(_same_run(ctx, chosen, ws, text), ws)
        console().print(
            f"{chosen} runs in the background (background: true), process {pid}; "
            f"output in {log}. Follow it with `coord sessions` and `coord log`."
        )
        raise typer.Exit(0)
    result = _drive(
        ws,
        settings,
        registry,
        choice,
        json_out,
        lambda engine: engine.start(text, agent=agent, options=options, detach=detach),
        extra={"also": also} if also else None,
        hooks=not no_hooks,
        otel=otel,
    )
    raise typer.Exit(0 if detach else result.exit_code)


def _route_first(
    request: str | None,
    agent: str | None,
    batch: Path | None,
    settings: Settings,
    registry: Registry,
    json_out: bool,
) -> list[str]:
    """Route before the SDK is imported: a request no agent fits fails at once.

    Returns the other specialists the request involves (printed here unless ``--json``).
    With ``--router llm`` the model settles unsure decisions, so nothing is decided here.
    """
    if request is None or agent or batch is not None or settings.router == "llm":
        return []
    from coordinator.routing.lexical import route_or_fail

    decision = route_or_fail(clean_text(request), registry)
    if decision.also and not json_out:
        console().print(f"[dim]also involves: {', '.join(decision.also)}[/]")
    return decision.also


def resume(
    session: Annotated[
        str | None,
        typer.Argument(
            help="Session id or a unique prefix (default: the newest waiting or interrupted one)."
        ),
    ] = None,
    context: Annotated[
        str | None, typer.Option("--context", help="A person's answer to the waiting question.")
    ] = None,
    context_file: Annotated[
        Path | None, typer.Option("--context-file", help="Read the answer from a file.")
    ] = None,
    workspace: WorkspaceOption = None,
    provider: ProviderOption = None,
    script: ScriptOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_out: JsonOption = False,
    no_hooks: NoHooksOption = False,
    otel: OtelOption = False,
) -> None:
    """Continue an interrupted or waiting session (with --context: a person's answer).

    The session's workspace, agent folders, provider, script, model, base URL and
    --allow-bash (with its sandbox flags) are reused unless given again (a base URL only when
    it is loopback or the one the settings name: the key never goes to an address read back
    from a file). A remembered agents folder (or one the config names) that is gone is
    skipped with a note: the session's runs go on with the agent definitions stored when
    they started. Hooks stay off for a session started with --no-hooks.
    """
    from coordinator.roster.fields import check_model
    from coordinator.runtime.options import ModelChoice, SessionOptions
    from coordinator.status import SessionStatus

    answer = _read_context(context, context_file)
    resumable = (SessionStatus.WAITING, SessionStatus.INTERRUPTED)
    store, row = open_session(
        session, workspace_dir(workspace) if workspace else None, db, config, statuses=resumable
    )
    with closing(store):
        database = store.location()
    saved = SessionOptions.from_json(row.options)
    ws = Path(row.workspace)
    settings = settings_for(ws, config, db=database, **saved.bash_overrides())
    setup = saved.resume_setup(
        settings,
        agents_dirs=agents_dir or [],
        only=only,
        choice=ModelChoice(provider, script, base_url, check_model(model, settings.models)),
        hooks=not no_hooks,
    )
    registry = setup.registry(Path.cwd())
    if (warning := registry.skipped_warning()) is not None:
        typer.echo(warning, err=True)
    notes = setup.notes(ws, registry)
    for note in notes:
        typer.echo(f"session {row.id}: {note}", err=True)
    detach = isinstance(database, str)
    result = _drive(
        ws,
        settings,
        registry,
        setup.choice,
        json_out,
        lambda engine: engine.resume(row.id, context=answer, detach=detach, notes=notes),
        extra={"notes": list(notes)} if notes else None,
        hooks=setup.hooks,
        otel=otel,
    )
    raise typer.Exit(0 if result.status == SessionStatus.RUNNING else result.exit_code)


def demo(
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="Copy the sample project here (new or empty)."),
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the temporary folder (when no --workspace).")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Run the bundled offline scenario: backend blocks on database, gets the schema, completes.

    No API key and no network: a scripted model plays both specialists through the real
    engine, tools and session store, in a copy of a small FastAPI project (a temporary one,
    removed afterwards unless --keep, when no --workspace is given).
    """
    from coordinator.config import Settings
    from coordinator.demo import demo as scenario
    from coordinator.runtime.options import ModelChoice, SessionOptions
    from coordinator.store.paths import db_path

    ws = scenario.prepare_workspace(workspace)
    temporary = workspace is None and not keep
    settings = Settings()  # the demo ignores config files: it always plays the same way
    try:
        result = _drive(
            ws,
            settings,
            scenario.demo_registry(ws),
            ModelChoice("scripted", scenario.SCENARIO, None, None),
            json_out,
            lambda engine: engine.start(scenario.REQUEST, options=SessionOptions(demo=True)),
            extra={
                "workspace": str(ws),
                "db": str(db_path(ws)),  # the demo always uses its own file
                "kept": not temporary,
            },
            hooks=False,
        )
    finally:
        if temporary:
            scenario.remove_workspace(ws)
    if not json_out:
        out = console()
        if temporary:
            out.print("\nThe temporary sample project was removed (--keep keeps it).")
        else:
            out.print(f"\nThe sample project is in {ws}")
            out.print(
                f"See the chain again: coord log {result.session_id} --workspace {ws}",
                soft_wrap=True,
                markup=False,
            )
    raise typer.Exit(result.exit_code)


# ---- shared by run and resume -----------------------------------------------------------


def _drive(
    ws: Path,
    settings: Settings,
    registry: Registry,
    choice: ModelChoice,
    json_out: bool,
    action: Callable[[Engine], Awaitable[SessionResult]],
    *,
    extra: dict[str, Any] | None = None,
    hooks: bool = True,
    otel: bool = False,
) -> SessionResult:
    """Open the store, run ``action`` on an engine under the right view, show the outcome.

    ``extra`` is added to the JSON output; ``hooks`` False runs no hooks (``--no-hooks``).
    The active hooks and any extra that will not apply are printed once, on stderr.
    """
    import asyncio

    from coordinator.events import fan_out
    from coordinator.store import history
    from coordinator.store.backends import open_store
    from coordinator.telemetry import start_tracing

    out = console()
    tracer = start_tracing(otel)
    with closing(open_store(settings, ws)) as store, _finally_close(tracer):
        store.check_writable()  # a store's errors come first and fast, before the SDK loads
        provider = choice.provider(settings)
        view = None if json_out else _observer(store, out)
        seen = _SessionSeen(fan_out(view, tracer))
        engine = _engine(store, provider, seen, ws, settings, registry, choice, hooks=hooks)
        try:
            with view or nullcontext():
                result = asyncio.run(_closing_provider(provider, action(engine)))
        except KeyboardInterrupt:
            _interrupted(store, seen.session_id, out, json_out)
        if json_out:
            files = history.changed_files(store, result.session_id)
            emit_json({**result.to_json(), "files": files, **(extra or {})})
        elif result.status == SessionStatus.RUNNING:  # handed to the workers (--detach)
            typer.echo(result.session_id)
        else:
            _show(store, result, out)
    return result


class _SessionSeen:
    """Passes events on to the view and remembers the session they belong to."""

    def __init__(self, view: Observer | None):
        self.view = view
        self.session_id: str | None = None

    def __call__(self, event: Event) -> None:
        self.session_id = event.session_id or self.session_id
        if self.view is not None:
            self.view(event)


def _interrupted(store: Store, session_id: str | None, out: Console, json_out: bool) -> NoReturn:
    """Ctrl-C: the chain so far, and how to continue (exit 130, as a shell expects)."""
    if session_id is not None and not json_out:
        from coordinator.cli import views

        out.print(views.chain_tree(store, store.session(session_id)))
    line = (
        f"interrupted — resume with `coord resume {session_id}`"
        if session_id is not None
        else "interrupted before a session started"
    )
    typer.echo(line, err=True)
    raise typer.Exit(130)


def _engine(
    store: Store,
    provider: Provider,
    view: Observer | None,
    ws: Path,
    settings: Settings,
    registry: Registry,
    choice: ModelChoice,
    *,
    hooks: bool = True,
    notice: bool = True,
) -> Engine:
    """The engine for one command: the roster, provider and store it was given, with the
    session's hooks, skills and memory (their notice printed once on stderr, unless
    ``notice`` is off: a batch worker other than the first)."""
    from coordinator.runtime.extras import session_extras

    extras = session_extras(ws, settings, registry, hooks=hooks)
    for line in extras.notice(registry, settings) if notice else ():
        print(line, file=sys.stderr)
    return extras.engine(registry, provider, store, settings, ws, model=choice.model, observer=view)


@dataclass(frozen=True)
class _Batch:
    """What every process of one ``coord run --batch`` runs with."""

    ws: Path
    settings: Settings
    registry: Registry
    choice: ModelChoice
    options: SessionOptions
    json_out: bool
    otel: bool

    def run(self, path: Path, workers: int | None) -> int:
        """Run the batch file at ``path`` in one or more processes; its exit code."""
        from coordinator.runtime import batch

        tasks = batch.load_tasks(path, self.settings.max_request_bytes)
        concurrency = self.settings.concurrency
        count = 1 if self.otel else batch.worker_count(len(tasks), concurrency, workers)
        if count > 1:
            from coordinator.store.backends import open_store

            open_store(self.settings, self.ws).close()  # created and migrated before the fork
            batch.prepare(self.registry, tasks)

        def run_share(share: batch.Share, limit: int) -> batch.ShareDone:
            return self.run_share(share, limit, workers=count)

        done = batch.run_in_workers(tasks, concurrency, count, run_share)
        code = batch.batch_exit_code(done.items)
        if self.json_out:
            emit_json(
                {
                    "exit_code": code,
                    "peak_in_flight": done.peak,
                    "workers": count,
                    "items": [i.to_json() for i in done.items],
                }
            )
        else:
            from coordinator.cli import views

            console().print(views.batch_table(done.items))
        return code

    def queue(self, path: Path) -> int:
        """``--batch FILE --detach``: queue every request for the workers (one line, or one
        JSON item, per request); the exit code says whether all were queued."""
        import asyncio

        from coordinator.runtime import batch, detach
        from coordinator.store.backends import open_store

        tasks = batch.load_tasks(path, self.settings.max_request_bytes)
        with closing(open_store(self.settings, self.ws)) as store:
            store.check_writable()  # a store's errors come first and fast, before the SDK loads
            provider = self.choice.provider(self.settings)
            engine = _engine(
                store,
                provider,
                None,
                self.ws,
                self.settings,
                self.registry,
                self.choice,
                hooks=self.options.hooks,
            )
            work = detach.queue_tasks(engine, tasks, options=self.options)
            items = asyncio.run(_closing_provider(provider, work))
        if self.json_out:
            emit_json([item.to_json() for item in items])
        else:
            for item in items:
                typer.echo(clean_text(item.line()))
        return detach.queued_exit_code(items)

    def run_share(self, share: batch.Share, limit: int, *, workers: int) -> batch.ShareDone:
        """One process's part of the batch: its own provider, store and event loop (with
        more than one of ``workers``, the turns at writing the store shared with the others)."""
        import asyncio

        from coordinator.events import fan_out
        from coordinator.runtime import batch
        from coordinator.store.backends import open_store
        from coordinator.telemetry import start_tracing

        tracer = start_tracing(self.otel)
        with closing(open_store(self.settings, self.ws)) as store, _finally_close(tracer):
            store.check_writable()  # a store's errors come first and fast, before the SDK loads
            provider = batch.LimitedProvider(self.choice.provider(self.settings), limit)
            view = None if self.json_out else _observer(None, console())
            first = share[0][0] == 0  # the worker with the first item tells of hooks and skills
            engine = _engine(
                store,
                provider,
                fan_out(view, tracer),
                self.ws,
                self.settings,
                self.registry,
                self.choice,
                hooks=self.options.hooks,
                notice=first,
            )
            with batch.turns_while(store, workers) as turns:
                work = batch.run_share(engine, share, options=self.options, turns=turns)
                items = asyncio.run(_closing_provider(provider, work))
        return batch.ShareDone(items, provider.peak)


async def _closing_provider(provider: Provider, work: Awaitable[T]) -> T:
    try:
        return await work
    finally:
        await provider.aclose()


@contextmanager
def _finally_close(tracer: TraceRecorder | None) -> Iterator[None]:
    """Export the trace when the command ends, whatever happened."""
    try:
        yield
    finally:
        if tracer is not None:
            tracer.close()


def _show(store: Store, result: SessionResult, out: Console) -> None:
    from coordinator.cli import views
    from coordinator.store import history

    out.print(views.chain_tree(store, store.session(result.session_id)))
    out.print(views.result_panel(result))
    files = history.changed_files(store, result.session_id)
    if files:
        out.print("Files changed: " + ", ".join(files))
    row = store.session(result.session_id)
    out.print(
        f"See the chain again: coord log {row.id} --workspace {row.workspace}",
        soft_wrap=True,
        markup=False,
    )


def _observer(store: Store | None, out: Console) -> LiveChain | ProgressLines:
    """A live tree on a terminal; plain progress lines on stderr otherwise."""
    from coordinator.cli import views

    if store is not None and sys.stdout.isatty():
        return views.LiveChain(store, out)
    return views.ProgressLines(sys.stderr)


def _same_run(ctx: typer.Context, agent: str, ws: Path, text: str) -> list[str]:
    """This ``coord run``'s arguments again, with the agent fixed and ``--foreground``
    (a request read from standard input is passed as ``text``: the child cannot re-read it)."""
    from typer.core import TyperArgument

    params = {**ctx.params, "agent": agent, "workspace": ws, "foreground": True}
    if params.get("request") == "-":
        params["request"] = text
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


def _read_context(text: str | None, path: Path | None) -> str | None:
    if text is not None and path is not None:
        raise UserError("give --context or --context-file, not both")
    if path is None:
        return clean_text(text) if text is not None else None
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise UserError(f"cannot read --context-file {path}: {exc.strerror}") from None
