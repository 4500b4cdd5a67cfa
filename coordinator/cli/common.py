"""Helpers shared by the command modules: options, output, settings, roster loading.

Only the standard library and typer at top level; rich and the runtime load on use.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coordinator.sanitize import BIDI_CONTROLS, LINE_SEPARATORS

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

    from coordinator.config import Settings
    from coordinator.roster.registry import Registry

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
#: ``coord run`` and ``coord route``: the request from a file.
FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file", "-f", metavar="FILE", help="Read the request from FILE (- reads standard input)."
    ),
]
#: The spans ``--since`` and ``sessions rm --older-than`` read
#: (:func:`~coordinator.store.time_words.since_epoch`), as their help names them.
SPANS = "30s, 30m, 3h, 2d, 1w, 1mo, '2 weeks ago', yesterday or a date"
#: ``coord sessions`` and ``coord stats``: the sessions listed or counted.
SinceOption = Annotated[
    str | None, typer.Option("--since", help=f"Only sessions started since: {SPANS}.")
]
HereFilterOption = Annotated[bool, typer.Option("--here", help="Only this workspace's sessions.")]


#: What JSON leaves raw that a terminal would obey (DEL, C1: ``\x9b`` is a CSI), that
#: reorders what it shows (bidi controls) or that breaks a line outside a terminal (the
#: line separators: a JSON line read by ``splitlines``); JSON escapes C0 itself.
_RAW_CONTROL = re.compile(rf"[\x7f-\x9f{BIDI_CONTROLS}{LINE_SEPARATORS}]")
#: How many pieces of :func:`emit_json`'s text (a key, a value, a bracket) are gathered
#: before they are written.
_WRITTEN_AT = 1024


def emit_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (UTF-8, not ASCII-escaped; control characters as
    ``\\uXXXX`` escapes: the same value, nothing a terminal obeys)."""
    import json  # only --json output needs it

    def escaped(text: str) -> str:
        return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

    # written as it is encoded (`coord sessions --json`: 50,000 sessions are 30 MB of
    # text, held whole twice over before): memory holds one piece, not the whole text
    pieces: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2, default=str).iterencode(obj):
        pieces.append(piece)
        if len(pieces) >= _WRITTEN_AT:
            sys.stdout.write(escaped("".join(pieces)))
            pieces.clear()
    sys.stdout.write(escaped("".join(pieces)) + "\n")
    sys.stdout.flush()


def console(stderr: bool = False) -> Console:
    """A rich console (rich is imported here, not at CLI start) that prints text only: an
    escape sequence in what it shows is not passed to the terminal (cli/printable.py)."""
    from coordinator.cli.printable import PrintableConsole

    return PrintableConsole(stderr=stderr, highlight=False, soft_wrap=False)


def print_prose(out: Console, prose: RenderableType, *, markup: bool = True) -> None:
    """Print ``prose`` (sentences: a result, a hint, a note) on ``out``: on a terminal wrapped
    at its spaces to the terminal's width (the terminal itself would cut a word where the
    line ends), elsewhere (a pipe, a file: scripts parse them) each line whole."""
    out.print(prose, soft_wrap=not out.is_terminal, markup=markup)


#: How wide a table may be drawn when nothing limits it (output that is not a terminal).
_UNLIMITED = 100_000


def table_width(out: Console) -> int | None:
    """The width free text in a table drawn on ``out`` (a request) is clipped to: the
    terminal's; when ``out`` is no terminal (a pipe, a file, a CI log), COLUMNS when set,
    else None (nothing clipped). Paths and ids are never cut there (:func:`print_table`)."""
    if out.is_terminal:
        return out.width
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def print_table(out: Console, table: RenderableType) -> None:
    """Print ``table`` (a table, a grid, a panel around one) on ``out``: on a terminal at its
    width; elsewhere (a pipe, a CI log) within COLUMNS (80 when unset) where its words allow,
    so that no path or id in it is broken across lines: a table's free text (in a panel
    too) wraps at its spaces (:func:`fit_columns`); what cannot wrap (a path) sets the width."""
    if out.is_terminal:
        out.print(table)
        return
    from rich.measure import Measurement
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table

    from coordinator.cli.printable import PrintableConsole

    unlimited = out.options.update_width(_UNLIMITED)
    natural = Measurement.get(out, unlimited, table).maximum
    width = max(natural, out.width)
    inner = table.renderable if isinstance(table, Panel) else table  # `coord parse`'s panel
    if natural > out.width and isinstance(inner, Table):
        frame = 0
        if isinstance(table, Panel):  # its borders and padding (its title may be wider)
            _, right, _, left = Padding.unpack(table.padding)
            frame = 2 + left + right
        fit_columns(out, inner, out.width - frame)
        width = max(out.width, Measurement.get(out, unlimited, table).maximum)
    wide = PrintableConsole(width=width, highlight=False, soft_wrap=False)
    with wide.capture() as captured:
        wide.print(table)
    lines = captured.get().splitlines()  # without the padding to the widest line
    out.file.write("".join(f"{line.rstrip()}\n" for line in lines))
    out.file.flush()


def fit_columns(out: Console, table: Table, width: int) -> int:
    """Fix the width of each of ``table``'s columns so the table fits ``width`` where its
    words allow; the table's width. A column that may wrap gets at least its longest word
    (a text that may not: its line), one that may not (``no_wrap``) its longest line (within
    its own ``min_width`` and ``max_width``); the room left goes to the columns wanting more
    (:func:`shared_room`)."""
    from rich.measure import Measurement

    unlimited = out.options.update_width(_UNLIMITED)
    wants: list[tuple[int, int]] = []
    for column in table.columns:
        cells = [column.header, *column.cells] if table.show_header else [*column.cells]
        most = max([1, *(Measurement.get(out, unlimited, cell).maximum for cell in cells)])
        least = most if column.no_wrap else max([1, *(_least(out, cell) for cell in cells)])
        if column.max_width is not None:
            most = max(1, min(most, column.max_width))
            least = min(least, most)
        if column.min_width is not None:
            least = max(least, column.min_width)
            most = max(most, least)
        wants.append((least, most))
    for column in table.columns:
        column.width = 0
    edges = Measurement.get(out, unlimited, table).maximum  # borders and padding alone
    widths = shared_room(wants, width - edges)
    for column, fixed in zip(table.columns, widths, strict=True):
        column.width = fixed
    return edges + sum(widths)


def _least(out: Console, cell: RenderableType) -> int:
    """The fewest columns ``cell`` takes whole: its longest word, or its longest line when
    it is a text that must not wrap (a clipped request), in a group too."""
    from rich.console import Group
    from rich.measure import Measurement
    from rich.text import Text

    if isinstance(cell, Group):
        return max([0, *(_least(out, part) for part in cell.renderables)])
    size = Measurement.get(out, out.options.update_width(_UNLIMITED), cell)
    return size.maximum if isinstance(cell, Text) and cell.no_wrap else size.minimum


def shared_room(wants: list[tuple[int, int]], room: int) -> list[int]:
    """Widths for columns wanting ``(least, most)`` each, in ``room``: each gets its least
    (even past ``room``), then what is left is shared out, the columns wanting the fewest
    more first, so a short column is whole before a long text takes the rest."""
    widths = [least for least, _ in wants]
    spare = room - sum(widths)
    order = sorted(range(len(wants)), key=lambda i: wants[i][1] - wants[i][0])
    for done, i in enumerate(order):
        if spare <= 0:
            break
        given = min(wants[i][1] - wants[i][0], spare // (len(order) - done))
        widths[i] += given
        spare -= given
    return widths


def settings_for(workspace: Path | None, config: Path | None = None, **overrides: Any) -> Settings:
    """Settings for a command: config file, environment, then the command's flags."""
    from coordinator.config import load_settings

    return load_settings(workspace, config, overrides)


def workspace_dir(path: Path | None) -> Path:
    """The workspace a command works in (default: the current folder); it must exist."""
    from coordinator.runtime.launch import workspace_dir as checked

    return checked(path)


def roster(
    agents_dirs: list[Path] | None,
    only: bool,
    settings: Settings | None = None,
    *,
    warn: bool = True,
    checking: bool = False,
) -> Registry:
    """The registry for a command: its ``--agents-dir`` folders, the config's, then the rest.

    With ``warn``, one line on stderr says how many agent files were skipped, if any;
    ``checking``: for ``agents validate`` (see :func:`~coordinator.roster.loader.load_registry`).
    """
    from coordinator.roster.loader import check_agent_paths, load_registry

    dirs = list(agents_dirs or [])
    check_agent_paths(dirs, "--agents-dir")
    if settings is not None:
        dirs += [d for d in settings.agents_dirs if d not in dirs]
    registry = load_registry(dirs, only=only, cwd=Path.cwd(), checking=checking)
    warning = registry.skipped_warning() if warn else None
    if warning is not None:  # it names files an agent could have written: text only
        from coordinator.sanitize import printable

        typer.echo(printable(warning), err=True)
    return registry
