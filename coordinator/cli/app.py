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
        _plain_metavars(self)  # every command's, once the app has added all its options
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


def _plain_metavars(command: Any) -> None:
    """Help shows ``--db FILE``, not Python type tags (``<path>``, ``<list[Path]>``, ``<bool>``).

    A flag shows no value; an option without its own ``metavar`` shows its name's last
    word in capitals (``--agents-dir DIR``); an argument shows its name (``REQUEST``).
    """
    _plain_help_option(command)
    if getattr(command, "help", None):
        command.help = _reflow(command.help)
    for param in getattr(command, "params", []):
        if param.param_type_name == "argument":
            param.display_type_rich = _no_type
            param._usage_display_name = _usage_name(param)
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.metavar = (param.name or "value").upper()
        else:
            longest = max(param.opts, key=len).lstrip("-")
            param.metavar = _METAVARS.get(longest, longest.rsplit("-", 1)[-1].upper())
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


def _reflow(text: str) -> str:
    """A docstring's paragraphs as single lines, so help wraps them to the terminal
    (typer keeps a docstring's line ends, which breaks sentences at 80 columns)."""
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _no_type(ctx: Any) -> None:
    return None


def _usage_name(param: Any) -> Any:
    """The usage line's ``SESSION`` / ``[REQUEST]`` (typer writes ``{SESSION}``)."""

    def name() -> str:
        shown = str(param.metavar or param.name).upper()
        shown = shown if param.required else f"[{shown}]"
        return shown + ("..." if param.nargs != 1 else "")

    return name


def _plain_help_option(command: Any) -> None:
    """``--help`` (made on demand by click) shows no ``<bool>`` either."""
    make = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = get_help_option


#: Value names that read better than the option's last word.
_METAVARS = {
    "workspace": "DIR",
    "agents-dir": "DIR",
    "db": "FILE",
    "config": "FILE",
    "script": "FILE",
    "batch": "FILE",
    "context-file": "FILE",
    "base-url": "URL",
    "concurrency": "N",
    "agent": "NAME",
    "bash-env": "NAME",
    "model": "MODEL",
    "provider": "anthropic|scripted",
    "router": "lexical|llm",
}


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
    add_completion=True,
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
        config_cmd,
        mcp_cmd,
        parse_cmd,
        route_cmd,
        run_cmd,
        sessions_cmd,
        stats_cmd,
        worker_cmd,
    )

    for module in (
        parse_cmd,
        route_cmd,
        agents_cmd,
        run_cmd,
        sessions_cmd,
        stats_cmd,
        config_cmd,
        mcp_cmd,
        worker_cmd,
    ):
        module.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    app()
