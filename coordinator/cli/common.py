"""Helpers shared by the command modules: options, output, settings, roster loading.

Only the standard library and typer at top level; rich and the runtime load on use.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from coordinator.config import Settings
    from coordinator.roster.registry import Registry
    from coordinator.store.db import SessionRow, Store

AgentsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--agents-dir",
        help="Add a folder of agent files (repeatable; highest precedence).",
        show_default=False,
    ),
]
OnlyOption = Annotated[
    bool,
    typer.Option(
        "--only", help="Use only the --agents-dir folders (no project, user or bundled agents)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a rich view.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Read settings from this YAML file.")
]
WorkspaceOption = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="The project the agents work in (default: here)."),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Session database: a file (default: .coordinator/ in the workspace)"
        " or a postgresql:// URL.",
    ),
]


def emit_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (UTF-8, not ASCII-escaped)."""
    import json  # only --json output needs it

    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def console(stderr: bool = False) -> Console:
    """A rich console (rich is imported here, not at CLI start)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def settings_for(workspace: Path | None, config: Path | None = None, **overrides: Any) -> Settings:
    """Settings for a command: config file, environment, then the command's flags."""
    from coordinator.config import load_settings

    return load_settings(workspace, config, overrides)


def workspace_dir(path: Path | None) -> Path:
    """The workspace a command works in (default: the current folder); it must exist."""
    from coordinator.errors import UserError

    ws = (path or Path.cwd()).resolve()
    if not ws.is_dir():
        raise UserError(f"workspace {ws} is not a folder")
    return ws


def open_session(
    ref: str | None,
    workspace: Path | None,
    db: str | None,
    config: Path | None,
    *,
    statuses: tuple[str, ...] = (),
) -> tuple[Store, SessionRow]:
    """The store holding session ``ref`` and its row: the workspace's database first, then
    wherever the user-level index says it lives (so any session is found from anywhere).

    Without ``ref``: the newest session (with one of ``statuses``, when given).
    """
    from coordinator.errors import UserError
    from coordinator.store import history
    from coordinator.store.db import SessionQuery

    shared = shared_store(workspace, db, config)
    if shared is not None:  # a shared PostgreSQL store holds every session itself
        try:
            if ref is None:
                lines = [
                    line
                    for status in statuses or (None,)
                    for line in history.session_lines(shared, SessionQuery(limit=1), status)
                ]
                if not lines:
                    raise UserError("no session to show", hint="`coord sessions` lists them.")
                ref = max(lines, key=lambda line: line.row.created_at).row.id
            return shared, shared.session(ref)
        except BaseException:
            shared.close()
            raise
    path, timeout = local_db(workspace, db, config)
    one = workspace is not None or db is not None
    if ref is None:
        ref = history.newest_session(path, timeout, statuses, one=one)
    return history.open_session(ref, path, timeout)


def shared_store(workspace: Path | None, db: str | None, config: Path | None) -> Store | None:
    """The shared PostgreSQL store the settings name (``--db``, ``db:``, ``COORD_DB``),
    opened; None when sessions live in a workspace's SQLite file."""
    ws = (workspace or Path.cwd()).resolve()
    settings = settings_for(ws, config, db=db)
    if not isinstance(settings.db, str):
        return None
    from coordinator.store.backends import open_store

    return open_store(settings, ws, create=False)


def local_db(workspace: Path | None, db: str | None, config: Path | None) -> tuple[Path, float]:
    """The database path a command would use here, and its lock timeout."""
    from coordinator.errors import UserError
    from coordinator.store.paths import db_path

    ws = (workspace or Path.cwd()).resolve()
    settings = settings_for(ws, config, db=db)
    if isinstance(settings.db, str):
        raise UserError(
            "this command reads a workspace's session file, not a shared PostgreSQL store",
            hint="`coord sessions`, `log` and `resume` work against --db postgresql://…",
        )
    return db_path(ws, settings.db), settings.db_timeout


def roster(
    agents_dirs: list[Path] | None,
    only: bool,
    settings: Settings | None = None,
    *,
    warn: bool = True,
) -> Registry:
    """The registry for a command: its ``--agents-dir`` folders, the config's, then the rest.

    With ``warn``, one line on stderr says how many agent files were skipped, if any.
    """
    from coordinator.roster.loader import load_registry

    dirs = list(agents_dirs or [])
    if settings is not None:
        dirs += [d for d in settings.agents_dirs if d not in dirs]
    registry = load_registry(dirs, only=only, cwd=Path.cwd())
    warning = registry.skipped_warning() if warn else None
    if warning is not None:
        typer.echo(warning, err=True)
    return registry
