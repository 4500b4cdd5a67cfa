"""The ``coord`` typer application and its error boundary.

Each command lives in its own module with a ``register(app)`` function, listed in
:data:`COMMANDS`. The root group imports a command's module only when that command is
invoked (or help lists it), so ``coord route`` never loads ``coord run``'s options. Command
modules import only typer and the standard library at top level; everything heavier is
imported inside the command.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import itertools
import os
import re
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

import typer
from typer._click.exceptions import (  # typer vendors click
    BadOptionUsage,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperGroup

from coordinator import __version__
from coordinator.cli import lazyrich
from coordinator.cli.coerce import use_plain_coercion, use_plain_converter
from coordinator.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_USER_ERROR,
    CommandShape,
    UserError,
    nul_argument,
    working_folder_gone,
)
from coordinator.gcpace import COLLECTIONS
from coordinator.sanitize import (
    escaped,
    print_traceback,
    printable,
    safe_streams,
    safe_text,
    scrub_thread_tracebacks,
)

#: Every command, in the order help lists them, and the module of ``coordinator.cli``
#: whose ``register(app)`` adds it.
COMMANDS: dict[str, str] = {
    "parse": "parse_cmd",
    "route": "route_cmd",
    "agents": "agents_cmd",
    "run": "run_cmd",
    "resume": "run_cmd",
    "demo": "run_cmd",
    "log": "sessions_cmd",
    "sessions": "sessions_cmd",
    "stats": "stats_cmd",
    "config": "config_cmd",
    "mcp": "mcp_cmd",
    "worker": "worker_cmd",
    "workers": "workers_cmd",
}


#: Modules whose commands run for long (sessions, servers, workers): they collect garbage
#: as Python does by default (a server or a batch then at ``gcpace.serving_collections``'
#: pace). The others are one-shot commands (``coordinator/gcpace.py``).
LONG_RUNNING = frozenset({"run_cmd", "mcp_cmd", "worker_cmd"})


class CoordGroup(TyperGroup):
    """Root group: user errors become one line on stderr; bad flags exit with code 4.

    Click's usage errors default to exit code 2, which ``coord run`` uses for
    "needs review"; they are remapped so a script can tell the two apart, and said as a
    user error is (``error: No such option: --statsu; did you mean --status?``, then any
    hint), not in typer's box. Commands load on first use (:data:`COMMANDS`).
    """

    #: While help is written: the commands it lists are summaries (name, help, flags), not
    #: built (typer's building of every command's parameters was a sixth of ``coord --help``).
    listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self.listing and cmd_name not in self.commands and cmd_name in COMMANDS:
            return _summaries(COMMANDS[cmd_name]).get(cmd_name)
        if cmd_name not in self.commands:
            module = COMMANDS.get(cmd_name)
            # an unknown name loads every command, so "did you mean" can name any of them
            for name in [module] if module else dict.fromkeys(COMMANDS.values()):
                self._load(name)
        return self.commands.get(cmd_name)

    def _load(self, module_name: str) -> None:
        """Add the commands one module registers, with plain help and plain coercion."""
        import typer.main

        if module_name in LONG_RUNNING:
            COLLECTIONS.restore()
        module = importlib.import_module(f"coordinator.cli.{module_name}")
        holder = typer.Typer()
        module.register(holder)
        for name, command in typer.main.get_group(holder).commands.items():
            _plain_metavars(command)
            use_plain_coercion(command)
            _refuse_flags_as_values(command)
            self.commands[name] = command

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        _plain_metavars(self)  # the root's own options (commands get theirs as they load)
        use_plain_coercion(self)
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:  # the root's own (`coord --bogus`): no command to invoke
            _usage_failed(exc, len(args) > 1 and _asks_for_json(list(args[1])))

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        # `coord --bogus --help`: the help, as for commands; not `coord bogus --help` (an
        # unknown command stays one): the root's options are flags, its first word the command
        mine = list(itertools.takewhile(lambda word: word.startswith("-"), args))
        if _asks_for_help(self, ctx, mine):
            _show_help(self, ctx)
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's ``main`` (help, the command, an error's message), ended quietly when the
        reader of its output leaves (:func:`reader_may_leave`)."""
        with reader_may_leave():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        as_json = _asks_for_json([*ctx._protected_args, *ctx.args])
        with safe_streams():  # no secret or unencodable text reaches the terminal
            try:
                words = [*ctx._protected_args, *ctx.args]
                if (nul := nul_argument(words, lambda: _shape(self, ctx, words))) is not None:
                    raise nul
                return super().invoke(ctx)
            except UserError as exc:
                _fail(exc, as_json, driving=ctx.invoked_subcommand in _DRIVING)
            except FileNotFoundError:  # the working folder removed under the command?
                gone = working_folder_gone()
                if gone is None:
                    raise  # a bug: it keeps its traceback
                _fail(gone, as_json, driving=ctx.invoked_subcommand in _DRIVING)
            except UsageError as exc:
                _usage_failed(exc, as_json, driving=ctx.invoked_subcommand in _DRIVING)
            except KeyboardInterrupt as stop:  # before a command's own handling of it
                raise typer.Exit(_stopped(stop, ctx.invoked_subcommand, as_json)) from None


def _shape(group: Any, ctx: Any, words: list[str]) -> CommandShape:
    """The shape of the command ``words`` run (:class:`~coordinator.errors.CommandShape`):
    the words naming it (the root's options, all flags, skipped), its options that take no
    value and its arguments' names, read from its click parameters."""
    command, depth = group, 0
    for index, word in enumerate(words):
        if word.startswith("-"):
            continue
        sub = command.get_command(ctx, word) if hasattr(command, "get_command") else None
        if sub is None:
            break
        command, depth = sub, index + 1
    flags = {
        name
        for p in command.params
        if p.param_type_name == "option" and (p.is_flag or p.count)
        for name in (*p.opts, *p.secondary_opts)
    }
    arguments = tuple(p.name for p in command.params if p.param_type_name == "argument")
    return CommandShape(depth, frozenset(flags), arguments)


def _usage_failed(exc: UsageError, as_json: bool, *, driving: bool = False) -> NoReturn:
    """End the command on a usage error (unknown option, missing or bad value, unknown
    command) as on a user error: one line on stderr (then the hint naming what was meant,
    if any), its JSON with ``--json``, exit :data:`EXIT_USER_ERROR`; in a terminal or a
    pipe alike (typer drew a box of 4-5 lines). A group's bare name still shows its help."""
    _remap_usage_error(exc)
    if isinstance(exc, NoArgsIsHelpError):
        raise exc
    said, more = _lines(exc)
    error = _usage_json(exc) if as_json else None
    if error is not None and error.message == said:  # its JSON's hint said here too, as
        more = error.hint or ""  # every other error's (the help a bad value points to)
    print_error(f"{said}\n{more}" if more else said)
    if error is not None:
        _emit_error(error, driving)
    raise typer.Exit(exc.exit_code) from None


#: Click's words for a flag given without its value, and for a missing argument or option.
_NO_VALUE = re.compile(r"Option '(.+)' requires (?:an argument|\d+ arguments)\.")
_MISSING = re.compile(r"Missing (argument|option|parameter) '?(.+?)'?\.")
#: Click's words for a value it refused: ``Invalid value for '--limit': 'abc' is not a whole
#: number`` (an option of two names: ``'-w' / '--workspace'``).
_INVALID = re.compile(
    r"Invalid value for ((?:'[^']+'(?: / )?)+)(?: \(env var: [^)]*\))?: (.+)", re.DOTALL
)


def _lines(exc: UsageError) -> tuple[str, str]:
    """A usage error's line, as stderr and ``--json``'s ``error`` say it, and what to do
    ("" for nothing more): an unknown option's line names the help that lists them."""
    said, _, more = _in_our_words(exc).partition("\n")  # more: what to do (_say_to_quote)
    if not more and exc.ctx is not None and isinstance(exc, NoSuchOption):
        said += f" (`{exc.ctx.command_path} --help` lists the options)"
    return said, more


def _in_our_words(exc: UsageError) -> str:
    """Click's message for ``exc`` said as coord's own usage errors say theirs: a flag
    given without its value as ``--limit needs a value`` (as ``--limit --json`` is told),
    a missing argument as ``Missing argument: NAME (usage: coord agents show [OPTIONS]
    NAME)``, a refused value as ``--limit: 'abc' is not a whole number`` (as ``--limit:
    must be at least 1 (got 0)`` is told); any other as click says it."""
    said = exc.format_message()
    if (found := _NO_VALUE.fullmatch(said)) is not None:
        return f"{found[1]} needs a value"
    if (found := _INVALID.fullmatch(said)) is not None:
        names = re.findall(r"'([^']+)'", found[1])
        name = next((n for n in names if n.startswith("--")), names[0])  # the long name
        return f"{name}: {found[2].removesuffix('.')}"
    if (found := _MISSING.fullmatch(said)) is not None and exc.ctx is not None:
        usage = exc.ctx.get_usage().strip().removeprefix("Usage:").strip()
        return f"Missing {found[1]}: {found[2]} (usage: {usage})"
    return said


def _fail(error: UserError, as_json: bool, *, driving: bool = False) -> NoReturn:
    """End the command on a user error: its line (and hint) on stderr, its JSON on stdout
    with ``--json`` (``driving``: a driving command's, :func:`_emit_error`), its exit code."""
    print_error(str(error))
    if as_json:
        _emit_error(error, driving)
    raise typer.Exit(error.exit_code) from None


@contextlib.contextmanager
def reader_may_leave() -> Iterator[None]:
    """The reader of coord's output may leave (``coord log ID | head``): the block's write
    that finds its pipe closed (or the flush of what the block left buffered) ends coord
    quietly, as a closed pipe ends ``git log | head``: no traceback, no line on stderr
    (nor Python's "Exception ignored" at exit), exit :data:`EXIT_BROKEN_PIPE`. Click and
    rich's consoles end the process on a closed pipe themselves (``SystemExit(1)`` raised
    while handling the ``BrokenPipeError``): that exit is made this one too."""
    try:
        try:
            yield
        finally:  # what is still buffered fails here, not at the interpreter's exit
            sys.stdout.flush()
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _silence_closed_pipes()
        raise SystemExit(EXIT_BROKEN_PIPE) from None
    except SystemExit as exc:
        if not isinstance(exc.__context__, BrokenPipeError):
            raise
        _silence_closed_pipes()
        raise SystemExit(EXIT_BROKEN_PIPE) from None


def _silence_closed_pipes() -> None:
    """Point stdout, and stderr when its reader has left too, at the null device: what is
    still buffered in them then goes nowhere when the interpreter flushes them at exit."""
    import select

    null = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                fd = stream.fileno()
            except (OSError, ValueError):  # a stream with no file (CliRunner's)
                continue
            poller = select.poll()
            poller.register(fd, select.POLLOUT)
            closed = any(events & select.POLLERR for _, events in poller.poll(0))
            if closed or stream is sys.stdout:
                os.dup2(null, fd)
    finally:
        os.close(null)


#: The commands that drive sessions: a Ctrl-C that reaches here came before one started;
#: their ``--json`` error names the session, status and agent, as a batch item's does.
_DRIVING = frozenset({"run", "resume", "demo"})


def _stopped(stop: KeyboardInterrupt, command: str | None, as_json: bool) -> int:
    """Ctrl-C (or SIGTERM as one) that no command turned into its outcome (``coord run``
    routing, loading the roster, opening the store): one line on stderr (with ``--json``
    its JSON too, as after a drive's), no traceback; its exit code, 130 (143)."""
    from coordinator.runtime.drive import Interrupted
    from coordinator.runtime.sigterm import Terminated

    stopped = Interrupted(None, terminated=isinstance(stop, Terminated))
    sys.stderr.write(f"{stopped.hint() if command in _DRIVING else stopped.how}\n")
    if as_json:
        from coordinator.cli.common import emit_json

        emit_json(stopped.to_json())
    return stopped.exit_code


def _asks_for_json(args: list[str]) -> bool:
    """Whether the command line gives ``--json`` (as a flag: not after ``--``)."""
    return "--json" in (args[: args.index("--")] if "--" in args else args)


def _usage_json(exc: UsageError) -> UserError:
    """A usage error (unknown option, bad value) as ``--json`` gives it, with the hint
    click's own message gives: where the command's help is (or, for an unquoted request,
    the command with it quoted: :func:`_say_to_quote`); its error is the line stderr says,
    but for the help an unknown option's line names, which is its hint instead (it was said
    twice: in the error and in a hint "Try 'coord log --help' for help.")."""
    where = f"Try '{exc.ctx.command_path} --help' for help." if exc.ctx is not None else None
    said, more = _lines(exc)
    if not more and exc.ctx is not None:
        pointer = f" (`{exc.ctx.command_path} --help` lists the options)"
        if said.endswith(pointer):
            said, where = said.removesuffix(pointer), f"{pointer.strip()[1:-1]}."
    return UserError(said, hint=more or where, exit_code=exc.exit_code)


def _emit_error(error: UserError, driving: bool = False) -> None:
    """A ``--json`` command's error, as JSON on stdout (its line went to stderr);
    ``driving`` (``run``, ``resume``, ``demo``): with the ``session``, ``status``,
    ``agent`` and ``fix`` a batch item an error stopped has (:func:`~coordinator.status.
    stopped_by`)."""
    from coordinator.cli.common import emit_json

    if driving:
        from coordinator.status import stopped_by

        emit_json(stopped_by(error))
    else:
        emit_json(error.to_json())


def _summaries(module_name: str) -> dict[str, Any]:
    """The commands one module registers, as help lists them, without building their
    parameters: name, help (reflowed, as :func:`_plain_metavars` does), short help, hidden,
    deprecated and panel, each solved as typer solves it."""
    import typer.main
    from typer.core import TyperCommand

    module = importlib.import_module(f"coordinator.cli.{module_name}")
    holder = typer.Typer()
    module.register(holder)
    infos: list[Any] = [*holder.registered_commands]
    infos += [typer.main.solve_typer_info_defaults(g) for g in holder.registered_groups]
    found: dict[str, Any] = {}
    for info in infos:
        name = info.name or typer.main.get_command_name(getattr(info.callback, "__name__", ""))
        text = _help_text(info)
        found[name] = TyperCommand(
            name,
            help=_reflow(text) if text else text,
            short_help=info.short_help,
            hidden=info.hidden,
            deprecated=info.deprecated,
            rich_help_panel=info.rich_help_panel,
        )
    return found


def _help_text(info: Any) -> str | None:
    """A command's help as typer's ``get_command_from_info`` takes it (a group's is solved)."""
    import inspect

    from typer.models import CommandInfo

    if not isinstance(info, CommandInfo):
        return info.help  # type: ignore[no-any-return]
    return inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)


def _plain_metavars(command: Any) -> None:
    """Help shows ``--db FILE``, not Python type tags (``<path>``, ``<list[Path]>``, ``<bool>``).

    A flag shows no value; an option without its own ``metavar`` shows its name's last
    word in capitals (``--agents-dir DIR``); an argument shows its name (``REQUEST``); a
    number's range is said by its help in words (``PCT``, not ``PCT [0<=x<=100]``), and
    refused in them (:mod:`coordinator.cli.coerce`).
    """
    _plain_help_option(command)
    if getattr(command, "help", None):
        command.help = _reflow(command.help)
    for param in getattr(command, "params", []):
        param._get_number_range_help_str = _no_range
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


#: A help paragraph starting so keeps its lines: one command line each, as typed, indented
#: (after a paragraph of its own: typer dedents what follows the first paragraph, so
#: examples right after it would lose their indentation).
EXAMPLES = "Examples:"


def _reflow(text: str) -> str:
    """A docstring's paragraphs as single lines, so help wraps them to the terminal
    (typer keeps a docstring's line ends, which breaks sentences at 80 columns); an
    :data:`EXAMPLES` paragraph keeps its lines, each indented by two spaces."""
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        "\n  ".join(line.strip() for line in p.splitlines())
        if p.startswith(EXAMPLES)
        else " ".join(p.split())
        for p in paragraphs
    )


def _no_type(ctx: Any) -> None:
    return None


def _no_range() -> None:
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
            use_plain_converter(option)
        return option

    command.get_help_option = get_help_option


#: Value names that read better than the option's last word.
_METAVARS = {
    "workspace": "DIR",
    "agents-dir": "DIR",
    "db": "FILE|URL",
    "config": "FILE",
    "script": "FILE",
    "batch": "FILE",
    "context-file": "FILE",
    "base-url": "URL",
    "concurrency": "N",
    "workers": "N",
    "limit": "N",
    "workspace-root": "DIR",
    "lease": "SECONDS",
    "poll": "SECONDS",
    "stop-grace": "SECONDS",
    "stall-after": "SECONDS",
    "since": "SPAN",
    "older-than": "SPAN",
    "context": "TEXT",
    "http": "PORT",
    "agent": "NAME",
    "bash-env": "NAME",
    "model": "MODEL",
    "provider": "anthropic|scripted",
    "router": "lexical|llm",
}


def _remap_usage_error(exc: UsageError) -> None:
    exc.exit_code = 0 if isinstance(exc, NoArgsIsHelpError) else EXIT_USER_ERROR
    exc.message = escaped(exc.message)  # (a value's newline: the line is one; hints follow)
    _say_to_quote(exc)
    _name_the_command(exc)
    _count_the_extra_words(exc)


#: How click starts its message for the arguments a command did not expect.
_EXTRA_ARGS = "Got unexpected extra argument(s) ("


def _count_the_extra_words(exc: UsageError) -> None:
    """click's "Got unexpected extra argument(s) (b)" (its hints after it kept): as a
    person says it, ``Unexpected extra argument: b``, ``… arguments: an index to users``."""
    first, newline, hints = exc.message.partition("\n")
    if not first.startswith(_EXTRA_ARGS):
        return
    words = first.removeprefix(_EXTRA_ARGS).removesuffix(")")
    noun = "argument" if len(words.split()) == 1 else "arguments"
    exc.message = f"Unexpected extra {noun}: {words}{newline}{hints}"


def _say_to_quote(exc: UsageError) -> None:
    """``coord route Add an index to users``: click said only "Got unexpected extra
    argument(s) (an index to users)"; for a command taking a request (run, route) the
    message goes on to say to quote it, with the command to type."""
    ctx = exc.ctx
    first = ctx.params.get("request") if ctx is not None else None
    if ctx is None or not isinstance(first, str) or not exc.message.startswith(_EXTRA_ARGS):
        return
    from coordinator.request_text import quote_request_hint

    words = f"{first} {exc.message.removeprefix(_EXTRA_ARGS).removesuffix(')')}"
    exc.message += "\n" + quote_request_hint(ctx.command_path, words)


#: How click starts its message for a group's unknown sub-command.
_NO_SUCH = "No such command "


def _name_the_command(exc: UsageError) -> None:
    """``coord sessions list``, ``coord agents ls``, ``coord log show ID``: click said "No
    such command" (or "Got unexpected extra argument(s)") and at best a near spelling; the
    message says instead which command does that (:mod:`coordinator.guessed`)."""
    ctx = exc.ctx
    if ctx is None or ctx.info_name is None:
        return
    from coordinator.guessed import (
        extra_word_hint,
        guessed_flag_hint,
        guessed_hint,
        split_span_hint,
        sub_commands_hint,
    )

    if isinstance(exc, NoSuchOption):
        flag_hint = guessed_flag_hint(_path_of(ctx), exc.option_name)
        if flag_hint is None:
            _name_the_nearest_flag(exc)
        else:  # what does it instead, not a near spelling that does something else
            exc.possibilities = None
            exc.message += f"\n{flag_hint}"
    elif exc.message.startswith(_NO_SUCH):
        word = _bad_command(exc.message)
        group = "" if ctx.parent is None else ctx.info_name
        meant = split_span_hint(ctx.params, [word]) or guessed_hint(group, word)
        exc.message = f"No such command: {word}"  # as an option's: "No such option: --x"
        if meant is not None:  # the hint names the command that does it
            exc.message += f"\n{meant}"
            return
        commands = ctx.command.list_commands(ctx) if isinstance(ctx.command, TyperGroup) else []
        from coordinator.errors import nearest_word

        near = nearest_word(word, commands)
        if near is not None:
            exc.message += f"; did you mean {near}?"
        where = sub_commands_hint(group, commands) if group else "`coord --help` lists the commands"
        exc.message += f" ({where})"
    elif exc.message.startswith(_EXTRA_ARGS):
        extra = exc.message.removeprefix(_EXTRA_ARGS).removesuffix(")").split()
        first = ctx.params.get("session")
        hint = extra_word_hint(
            ctx.info_name, first if isinstance(first, str) else None, extra
        ) or split_span_hint(ctx.params, extra)
        if hint is not None:
            exc.message += f"\n{hint}"


def _bad_command(message: str) -> str:
    """The word click's "No such command 'WORD'." (with typer's ". Did you mean 'X'?"
    after it) names."""
    import ast

    quoted = message.removeprefix(_NO_SUCH).split(". Did you mean ")[0].removesuffix(".")
    try:
        word = ast.literal_eval(quoted)
    except (ValueError, SyntaxError):  # not a quoted word: the text as it is
        return quoted
    return str(word)


def _name_the_nearest_flag(exc: NoSuchOption) -> None:
    """``--statsu``: click added "(Possible options: --status)" after the message (after
    any hint line, too); the message says instead "; did you mean --status?", the nearest
    by its name, as a command's is guessed (click compares the dashes too, so ``--otel``
    read as ``--help`` and ``--force`` as ``--workspace``: no guess for those)."""
    from coordinator.errors import nearest_word

    if exc.possibilities:
        names = {flag.lstrip("-"): flag for flag in exc.possibilities}
        near = nearest_word(exc.option_name.lstrip("-"), names)
        if near is not None:
            exc.message += f"; did you mean {names[near]}?"
        exc.possibilities = None


def _refuse_flags_as_values(command: Any) -> None:
    """``coord sessions --status --json``: click took ``--json`` as the status. An option
    taking a value that is given one of the command's own options is refused instead
    ("--status needs a value"), for every option of ``command`` and its sub-commands;
    ``--status=--json`` still gives that text. ``--help`` anywhere in its words shows the
    help, exit 0, whatever else they hold (:func:`_asks_for_help`)."""
    parse = command.parse_args

    def parse_args(ctx: Any, args: list[str]) -> Any:
        if _asks_for_help(command, ctx, args):
            _show_help(command, ctx)
        _check_values(command, ctx, args)
        return parse(ctx, args)

    command.parse_args = parse_args
    for sub in getattr(command, "commands", {}).values():
        _refuse_flags_as_values(sub)


def _asks_for_help(command: Any, ctx: Any, args: list[str]) -> bool:
    """Whether ``args`` (up to ``--`` or a sub-command's name) give ``--help``: then the
    help is what was asked for, as ``git log --help --bogus`` shows it, not a usage error
    about another word (``coord log -f --bogus --help``, ``coord route --file --help``:
    click took ``--help`` as the value, or refused the other word first, exit 4)."""
    names = command.list_commands(ctx) if hasattr(command, "list_commands") else []
    stops = {"--", *names}  # a group's: its sub-command's words are the sub-command's own
    for word in args:
        if word in stops:
            return False
        if word in ctx.help_option_names:
            return command.get_help_option(ctx) is not None
    return False


def _show_help(command: Any, ctx: Any) -> None:
    """Show ``command``'s help as its ``--help`` does (then exit 0)."""
    option = command.get_help_option(ctx)
    if option is not None and option.callback is not None:
        option.callback(ctx, option, True)


def _check_values(command: Any, ctx: Any, args: list[str]) -> None:
    """Raise click's usage error when, in ``args`` (up to ``--`` or a sub-command's name),
    an option of ``command`` taking a value is followed by one of its options."""
    options = [p for p in command.params if p.param_type_name == "option"]
    names = {*ctx.help_option_names, *(o for p in options for o in (*p.opts, *p.secondary_opts))}
    takes = {o for p in options if not (p.is_flag or p.count) for o in p.opts}
    stops = {"--", *getattr(command, "commands", {})}
    for word, after in itertools.pairwise(args):
        if word in stops:
            return
        if word in takes and after in names:
            raise BadOptionUsage(word, f"{word} needs a value (got the option {after})", ctx)


def _path_of(ctx: Any) -> str:
    """The command's path after ``coord`` (``agents list``), however the program was named."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


def print_error(message: str) -> None:
    """Write a user-facing error: ``error: <first line>`` then any hint lines (scrubbed)."""
    first, _, rest = printable(safe_text(message)).partition("\n")
    sys.stderr.write(f"error: {first}\n")
    if rest:
        sys.stderr.write(f"{rest}\n")


lazyrich.install()  # help and usage errors without rich.markdown and rich.traceback

app = typer.Typer(
    cls=CoordGroup,
    name="coord",
    help="Route requests to specialist agents, run them, unblock them, and log every chain."
    "\n\nNew here? `coord demo` runs a sample scenario (offline without an API key, or with"
    " --offline: no network); `coord"
    ' route "your request"` shows which specialist would take it; `coord COMMAND --help`'
    " shows a command's options and examples.",
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


def main() -> None:
    """Run ``coord`` (``coordinator/__main__.py`` paces the collector before typer loads)."""
    COLLECTIONS.start()
    scrub_thread_tracebacks()
    try:
        app()
    except Exception as bug:  # a bug keeps its traceback, printed without a secret
        print_traceback(bug)
        raise SystemExit(1) from None
