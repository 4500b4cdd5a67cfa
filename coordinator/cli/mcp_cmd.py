"""``coord mcp``: serve the coordinator to MCP clients (Claude Code, Cursor, ...).

Thin: flags become :class:`~coordinator.serve.service.ServiceOptions`; the tools live in
:mod:`coordinator.serve`. The ``mcp`` SDK (``coordinator[mcp]``) is imported only here,
when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coordinator.cli.common import (
    AgentsDirOption,
    ConfigOption,
    DbOption,
    OnlyOption,
    WorkspaceOption,
    workspace_dir,
)
from coordinator.cli.run_cmd import (
    AllowBashOption,
    BaseUrlOption,
    ModelOption,
    NoHooksOption,
    ProviderOption,
    ScriptOption,
)


def register(app: typer.Typer) -> None:
    """Attach ``coord mcp`` to ``app``."""
    app.command("mcp")(mcp_command)


def mcp_command(
    workspace: WorkspaceOption = None,
    http: Annotated[
        int | None,
        typer.Option(
            "--http",
            help="Serve streamable HTTP on 127.0.0.1:PORT (1-65535) instead of stdio; every"
            " request needs the bearer token printed at start (or set in COORD_MCP_TOKEN).",
        ),
    ] = None,
    provider: ProviderOption = None,
    script: ScriptOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    allow_bash: AllowBashOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
    agents_dir: AgentsDirOption = None,
    only: OnlyOption = False,
    no_hooks: NoHooksOption = False,
) -> None:
    """Serve route, run, resume, sessions and log as MCP tools (stdio, or --http PORT).

    Every session is stored like a `coord run` one; a waiting session's result asks for the
    person's answer, given back with the `resume` tool.

    Examples:
    claude mcp add coordinator -- coord mcp --workspace /path/to/project
    coord mcp --http 8765 --workspace /path/to/project
    """
    from coordinator.errors import UserError
    from coordinator.mcp import require_sdk
    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    if http is not None and not 1 <= http <= 65535:
        raise UserError(f"--http {http}: a port is a number from 1 to 65535")
    options = ServiceOptions(
        workspace=workspace_dir(workspace),
        config=config,
        db=db,
        agents_dirs=[Path(d).resolve() for d in agents_dir or []],
        only=only,
        choice=ModelChoice(provider, script.resolve() if script else None, base_url, model),
        allow_bash=allow_bash,
        hooks=not no_hooks,
    )
    service = CoordinatorService(options)  # a bad script or setting: said before the SDK loads
    require_sdk("coord mcp")
    from coordinator.serve.mcp_server import announce_token, http_token, serve

    token, made = http_token() if http is not None else (None, False)
    if http is not None and token is not None:
        announce_token(token, made, http)
    serve(service, http_port=http, token=token)
