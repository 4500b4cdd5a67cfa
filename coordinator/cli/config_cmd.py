"""``coord config``: the effective settings, where each came from, and every path in use."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from coordinator.cli.common import (
    AgentsDirOption,
    ConfigOption,
    DbOption,
    JsonOption,
    OnlyOption,
    WorkspaceOption,
    print_table,
)

if TYPE_CHECKING:
    from coordinator.config import SettingsExplained
    from coordinator.store.inventory import PathInUse


def config_command(
    workspace: WorkspaceOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    json_output: JsonOption = False,
) -> None:
    """Show the effective settings (and where each came from) and every path in use:
    config files considered, the session database, caches, agent folders and your Claude
    Code files (~/.claude, or $CLAUDE_CONFIG_DIR)."""
    from coordinator.claude_home import claude_home
    from coordinator.cli.common import emit_json, workspace_dir
    from coordinator.config import explain_settings
    from coordinator.runtime.settings_read import settings_problems
    from coordinator.sanitize import printable, register_secret, url_secrets
    from coordinator.store.inventory import paths_in_use

    ws = workspace_dir(workspace)
    explained = explain_settings(ws, config, {"db": db})
    urls = (explained.settings.base_url, explained.settings.db)
    for url in urls:  # a URL's password is never shown
        for secret in url_secrets(url if isinstance(url, str) else None):
            register_secret(secret)
    paths = paths_in_use(explained, ws, agents_dirs=agents_dir or [], only=only)
    notes = [claude_home().note or "", *settings_problems(ws)]
    notes = [note for note in notes if note]
    if json_output:
        emit_json(
            {
                "workspace": str(ws),
                "settings": {k: {"value": v, "from": o} for k, v, o in explained.rows()},
                "paths": [p.to_json() for p in paths],
                "notes": notes,
            }
        )
        return
    _show(explained, paths)
    for note in notes:
        typer.echo(f"warning: {printable(note)}", err=True)


def _show(explained: SettingsExplained, paths: list[PathInUse]) -> None:
    import json

    from rich.markup import escape
    from rich.table import Table

    from coordinator.cli.common import console

    settings = Table(title="Settings", title_justify="left")
    settings.add_column("key", no_wrap=True)
    settings.add_column("value", overflow="fold")
    settings.add_column("from", overflow="fold")
    for key, value, origin in explained.rows():
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        style = "dim" if origin == "default" else ""
        settings.add_row(key, escape(_clip(shown)), escape(origin), style=style)
    files = Table(title="Paths", title_justify="left")
    files.add_column("what", no_wrap=True)
    files.add_column("path", overflow="fold")
    files.add_column("exists")
    for p in paths:
        exists = "yes" if p.exists else "[dim]no[/]" if p.exists is False else "[dim]server[/]"
        files.add_row(p.what, escape(str(p.path)), exists)
    out = console()
    print_table(out, settings)
    print_table(out, files)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 12] + " … (--json)"


def register(app: typer.Typer) -> None:
    """Attach ``coord config`` to ``app``."""
    app.command("config")(config_command)
