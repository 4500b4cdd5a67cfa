"""The ``coord`` typer application and its error boundary.

Each command lives in its own module with a ``register(app)`` function. Command modules
import only typer and the standard library at top level; everything heavier is imported
inside the command, so ``coord --help`` starts fast.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer vendors click
from typer.core import TyperGroup

from coordinator import __version__
from coordinator.errors import EXIT_USER_ERROR, UserError
from coordinator.sanitize import safe_streams, safe_text


class CoordGroup(TyperGroup):
    """Root group: user errors become one line on stderr; bad flags exit with code 4.

    Click's usage errors default to exit code 2, which ``coord run`` uses for
    "needs review"; they are remapped so a script can tell the two apart.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:
            _remap_usage_error(exc)
            raise

    def invoke(self, ctx: Any) -> Any:
        with safe_streams():  # no secret or unencodable text reaches the terminal
            try:
                return super().invoke(ctx)
            except UserError as exc:
                print_error(str(exc))
                raise typer.Exit(exc.exit_code) from None
            except UsageError as exc:
                _remap_usage_error(exc)
                raise


def _remap_usage_error(exc: UsageError) -> None:
    exc.exit_code = 0 if isinstance(exc, NoArgsIsHelpError) else EXIT_USER_ERROR


def print_error(message: str) -> None:
    """Write a user-facing error: ``error: <first line>`` then any hint lines (scrubbed)."""
    first, _, rest = safe_text(message).partition("\n")
    sys.stderr.write(f"error: {first}\n")
    if rest:
        sys.stderr.write(f"{rest}\n")


app = typer.Typer(
    cls=CoordGroup,
    name="coord",
    help="Route requests to specialist agents, run them, unblock them, and log every chain.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """coordinator: a team of specialist agents."""


def _register_commands() -> None:
    from coordinator.cli import (
        agents_cmd,
        parse_cmd,
        route_cmd,
        run_cmd,
        sessions_cmd,
        worker_cmd,
    )

    for module in (parse_cmd, route_cmd, agents_cmd, run_cmd, sessions_cmd, worker_cmd):
        module.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    app()
