"""``coord run``, ``coord resume`` and ``coord demo``: drive sessions and show them.

Exit codes: 0 complete, 1 failed (or interrupted: resumable), 2 needs review, 3 waiting
for a person, 4 user error (including "no agent fits the request").
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from contextlib import closing, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

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
    open_db,
    roster,
    settings_for,
    workspace_dir,
)
from coordinator.errors import UserError
from coordinator.runtime.options import ModelChoice, SessionOptions
from coordinator.sanitize import clean_text
from coordinator.status import SessionStatus

if TYPE_CHECKING:
    from rich.console import Console

    from coordinator.cli.views import LiveChain, ProgressLines
    from coordinator.config import Settings
    from coordinator.events import Observer
    from coordinator.providers.base import Provider
    from coordinator.roster.registry import Registry
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.state import SessionResult
    from coordinator.store.db import Store

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
BaseUrlOption = Annotated[
    str | None, typer.Option("--base-url", help="Messages API base URL (e.g. a local server).")
]


def register(app: typer.Typer) -> None:
    """Attach ``run``, ``resume`` and ``demo`` to ``app``."""
    app.command("run")(run)
    app.command("resume")(resume)
    app.command("demo")(demo)


def run(
    request: Annotated[str | None, typer.Argument(help="What to do.", show_default=False)] = None,
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
        int | None, typer.Option("--concurrency", min=1, help="Model calls in flight at once.")
    ] = None,
    router: Annotated[
        str | None,
        typer.Option(
            "--router", help="lexical (default), or llm: a small model settles close calls."
        ),
    ] = None,
    detach: Annotated[
        bool,
        typer.Option("--detach", help="Queue it for `coord worker`s (--db postgresql://…)."),
    ] = False,
) -> None:
    """Route a request to its specialist and run the chain until it completes or waits.

    Exit codes: 0 complete, 1 failed, 2 needs review, 3 waiting for a person, 4 user error.
    """
    if (request is None) == (batch is None):
        raise UserError("give a request, or --batch FILE (not both)")
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
    from coordinator.roster.fields import check_model

    model = check_model(model, settings.models)
    if detach and (batch is not None or not isinstance(settings.db, str)):
        raise UserError(
            "--detach needs one request and a shared PostgreSQL store",
            hint="Pass --db postgresql://… (workers: `coord worker --db …`).",
        )
    registry = roster(agents_dir, only, settings)
    also = _route_first(request, agent, batch, settings, registry, json_out)
    choice = ModelChoice(provider, script.resolve() if script else None, base_url, model)
    options = SessionOptions.remember(
        choice, agents_dirs=agents_dir or [], only=only, settings=settings
    )
    if batch is not None:
        raise typer.Exit(_run_batch(batch, ws, settings, registry, choice, options, json_out))
    result = _drive(
        ws,
        settings,
        registry,
        choice,
        json_out,
        lambda engine: engine.start(
            clean_text(request or ""), agent=agent, options=options, detach=detach
        ),
        extra={"also": also} if also else None,
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
    session: Annotated[str, typer.Argument(help="Session id (or a unique prefix).")],
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
) -> None:
    """Continue an interrupted or waiting session (with --context: a person's answer).

    The session's workspace, agent folders, provider, script, model, base URL and
    --allow-bash (with its sandbox flags) are reused unless given again (a base URL only when
    it is loopback or the one the settings name: the key never goes to an address read back
    from a file).
    """
    from coordinator.roster.fields import check_model

    answer = _read_context(context, context_file)
    with closing(open_db(workspace_dir(workspace), db, config)) as store:
        row = store.session(session)
        database = store.location()
    saved = SessionOptions.from_json(row.options)
    ws = Path(row.workspace)
    settings = settings_for(
        ws,
        config,
        db=database,
        allow_bash=saved.allow_bash or None,
        unsandboxed_bash=saved.unsandboxed_bash or None,
        bash_network=saved.bash_network or None,
        bash_env=list(saved.bash_env) or None,
    )
    dirs, only, choice = saved.resumed_with(
        settings,
        agents_dirs=agents_dir or [],
        only=only,
        choice=ModelChoice(provider, script, base_url, check_model(model, settings.models)),
    )
    registry = roster(dirs, only, settings)
    result = _drive(
        ws,
        settings,
        registry,
        choice,
        json_out,
        lambda engine: engine.resume(row.id, context=answer, detach=isinstance(database, str)),
    )
    raise typer.Exit(0 if result.status == SessionStatus.RUNNING else result.exit_code)


def demo(
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="Copy the sample project here (new or empty)."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Run the bundled offline scenario: backend blocks on database, gets the schema, completes.

    No API key and no network: a scripted model plays both specialists through the real
    engine, tools and session store, in a copy of a small FastAPI project.
    """
    from coordinator.config import Settings
    from coordinator.demo import demo as scenario
    from coordinator.store.paths import db_path

    ws = scenario.prepare_workspace(workspace)
    settings = Settings()  # the demo ignores config files: it always plays the same way
    result = _drive(
        ws,
        settings,
        scenario.demo_registry(ws),
        ModelChoice("scripted", scenario.SCENARIO, None, None),
        json_out,
        lambda engine: engine.start(scenario.REQUEST, options=SessionOptions(demo=True)),
        extra={"workspace": str(ws), "db": str(db_path(ws, settings.db))},
    )
    if not json_out:
        out = console()
        out.print(f"\nThe sample project is in {ws}")
        out.print(f"See the chain again: coord log {result.session_id} --workspace {ws}")
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
) -> SessionResult:
    """Open the store, run ``action`` on an engine under the right view, show the outcome.

    ``extra`` is added to the JSON output.
    """
    import asyncio

    from coordinator.store import history
    from coordinator.store.backends import open_store

    out = console()
    provider = choice.provider(settings)
    with closing(open_store(settings, ws)) as store:
        view = None if json_out else _observer(store, out)
        engine = _engine(store, provider, view, ws, settings, registry, choice)
        with view or nullcontext():
            result = asyncio.run(_closing_provider(provider, action(engine)))
        if json_out:
            files = history.changed_files(store, result.session_id)
            emit_json({**result.to_json(), "files": files, **(extra or {})})
        elif result.status == SessionStatus.RUNNING:  # handed to the workers (--detach)
            typer.echo(result.session_id)
        else:
            _show(store, result, out)
    return result


def _engine(
    store: Store,
    provider: Provider,
    view: Observer | None,
    ws: Path,
    settings: Settings,
    registry: Registry,
    choice: ModelChoice,
) -> Engine:
    """The engine for one command: the roster, provider and store it was given."""
    from coordinator.runtime.engine import Engine

    return Engine(
        registry=registry,
        provider=provider,
        store=store,
        settings=settings,
        workspace=ws,
        observer=view,
        model=choice.model,
    )


def _run_batch(
    path: Path,
    ws: Path,
    settings: Settings,
    registry: Registry,
    choice: ModelChoice,
    options: SessionOptions,
    json_out: bool,
) -> int:
    import asyncio

    from coordinator.runtime import batch
    from coordinator.store.backends import open_store

    tasks = batch.load_tasks(path)
    provider = batch.LimitedProvider(choice.provider(settings), settings.concurrency)
    with closing(open_store(settings, ws)) as store:
        view = None if json_out else _observer(None, console())
        engine = _engine(store, provider, view, ws, settings, registry, choice)
        items = asyncio.run(
            _closing_provider(provider, batch.run_batch(engine, tasks, options=options))
        )
    code = batch.batch_exit_code(items)
    if json_out:
        emit_json(
            {
                "exit_code": code,
                "peak_in_flight": provider.peak,
                "items": [i.to_json() for i in items],
            }
        )
    else:
        from coordinator.cli import views

        console().print(views.batch_table(items))
    return code


async def _closing_provider(provider: Provider, work: Awaitable[T]) -> T:
    try:
        return await work
    finally:
        await provider.aclose()


def _show(store: Store, result: SessionResult, out: Console) -> None:
    from coordinator.cli import views
    from coordinator.store import history

    out.print(views.chain_tree(store, store.session(result.session_id)))
    out.print(views.result_panel(result))
    files = history.changed_files(store, result.session_id)
    if files:
        out.print("Files changed: " + ", ".join(files))


def _observer(store: Store | None, out: Console) -> LiveChain | ProgressLines:
    """A live tree on a terminal; plain progress lines on stderr otherwise."""
    from coordinator.cli import views

    if store is not None and sys.stdout.isatty():
        return views.LiveChain(store, out)
    return views.ProgressLines(sys.stderr)


def _read_context(text: str | None, path: Path | None) -> str | None:
    if text is not None and path is not None:
        raise UserError("give --context or --context-file, not both")
    if path is None:
        return clean_text(text) if text is not None else None
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise UserError(f"cannot read --context-file {path}: {exc.strerror}") from None
