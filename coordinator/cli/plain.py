"""Styled lines and a boxed table without rich, for the commands that must start fast.

Importing rich and drawing one table with it costs about 30 ms, an eighth of ``coord route``
(whose whole answer is three lines and a table of five rows). This module draws the same
shapes from the standard library: rich's heavy-head box, a title over the table, colour by
the rules rich reads (``NO_COLOR`` turns it off, ``FORCE_COLOR`` on, otherwise a terminal
other than ``TERM=dumb`` gets it). Every piece of text goes through
:func:`coordinator.sanitize.printable` first: what a roster file or a request holds never
reaches the terminal as a control sequence. A table fits the terminal's width, or off a
terminal COLUMNS (80 when unset): the last column's text wraps (a cell of items between
them, each kept whole where it fits); off a terminal no word of it is broken, nor any name
in the other columns (as
:func:`coordinator.cli.common.print_table` does with rich). A line of items
(:meth:`Lines.say_items`) or of words (:meth:`Lines.say_wrapped`, :meth:`Lines.say_paragraph`)
wraps to the same width, all of it by display width (:func:`cells`: a wide character takes
two columns, a combining mark none), not by characters.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from enum import StrEnum
from typing import TextIO

from coordinator.sanitize import printable

#: A table's cell: text, or items (a tuple) shown joined by ", " and wrapped between them.
Cell = str | tuple[str, ...]


class Style(StrEnum):
    """The SGR codes this module paints with."""

    BOLD = "1"
    DIM = "2"
    ITALIC = "3"
    GREEN = "32"
    YELLOW = "33"
    BOLD_GREEN = "1;32"
    BOLD_YELLOW = "1;33"


def wants_colour(stream: TextIO) -> bool:
    """Whether ``stream`` gets colour: rich's rules (``NO_COLOR``, then ``FORCE_COLOR``, then
    a terminal that is not ``dumb`` or ``unknown``)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    terminal = bool(isatty and isatty())
    return terminal and os.environ.get("TERM", "").lower() not in {"dumb", "unknown"}


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes: rich's :func:`~rich.cells.cell_len` (a
    wide character two, a combining mark none), as the rich views measure it; ASCII is
    counted here, without importing rich."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


class Lines:
    """Lines written to ``stream``, each styled when the stream takes colour."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.colour = wants_colour(stream)
        isatty = getattr(stream, "isatty", None)
        #: Whether the stream is a terminal (a table's words may then be broken to fit).
        self.terminal = bool(isatty and isatty())
        #: The width a table fits: the terminal's, else COLUMNS (80 when unset).
        self.width = shutil.get_terminal_size().columns if self.terminal else _columns()

    def paint(self, text: str, style: Style | None = None) -> str:
        """``text`` made printable and, with colour, wrapped in ``style``'s codes."""
        shown = printable(text)
        return self._styled(shown, style) if shown else shown

    def say(self, *parts: str | tuple[str, Style]) -> None:
        """One line of plain and ``(text, style)`` parts."""
        line = "".join(
            self.paint(*part) if isinstance(part, tuple) else self.paint(part) for part in parts
        )
        self.stream.write(line + "\n")

    def say_items(self, label: str, items: Sequence[str]) -> None:
        """``label`` then ``items`` joined by commas, wrapped to :attr:`width` between items
        (one is never broken; one wider than the room has a line of its own), each further
        line indented under the first item."""
        shown = [printable(item) for item in items]
        for line in fill_items(printable(label), shown, self.width):
            self.stream.write(line + "\n")

    def say_wrapped(self, lead: tuple[str, Style], text: str) -> None:
        """``lead`` (painted) then ``text``, wrapped to :attr:`width` between words (none is
        broken), each further line indented by two spaces."""
        head = printable(lead[0])
        lines = self._wrapped(head + printable(text))
        if lines and lines[0].startswith(head):  # the lead painted where it is whole
            lines[0] = self._styled(head, lead[1]) + lines[0][len(head) :]
        for line in lines:
            self.stream.write(line + "\n")

    def say_paragraph(self, text: str, style: Style) -> None:
        """``text`` wrapped as :meth:`say_wrapped` wraps it, every line painted in ``style``."""
        for line in self._wrapped(printable(text)):
            self.stream.write(self._styled(line, style) + "\n")

    def _wrapped(self, text: str) -> list[str]:
        """``text`` (printable) wrapped to :attr:`width` between words, none broken, each
        further line indented by two spaces."""
        return fill(text.split(), self.width, "  ")

    def table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        """``rows`` under ``header`` in rich's heavy-head box, ``title`` centred above.
        Columns after the first two are left-aligned text; a column whose every cell is a
        number is right-aligned. The last column wraps to fit :attr:`width` (off a terminal,
        never narrower than its longest word), a cell of items between its items where each
        fits the column (:func:`_cell_lines`)."""
        shown = [[_printable(cell) for cell in row] for row in [header, *rows]]
        texts = [[_joined(cell) for cell in row] for row in shown]
        widths = [max(cells(row[i]) for row in texts) for i in range(len(header))]
        room = self.width - sum(widths[:-1]) - 3 * len(widths) - 1
        words = [cells(word) for row in texts for word in row[-1].split()]
        least = 8 if self.terminal else max([1, *words])
        widths[-1] = max(min(widths[-1], room), least)
        numeric = [all(_number(row[i]) for row in texts[1:]) for i in range(len(header))]
        total = sum(widths) + 3 * len(widths) + 1
        self.stream.write(self.paint(_centre(title, total), Style.ITALIC).rstrip() + "\n")
        self.stream.write(_rule("┏", "━", "┳", "┓", widths))
        self._row(shown[0], widths, numeric, "┃", Style.BOLD)
        self.stream.write(_rule("┡", "━", "╇", "┩", widths))
        for row in shown[1:]:
            self._row(row, widths, numeric, "│", None)
        self.stream.write(_rule("└", "─", "┴", "┘", widths))

    def _row(
        self,
        row: Sequence[Cell],
        widths: Sequence[int],
        numeric: Sequence[bool],
        edge: str,
        style: Style | None,
    ) -> None:
        wrapped = [_cell_lines(cell, width) for cell, width in zip(row, widths, strict=True)]
        for depth in range(max(len(lines) for lines in wrapped)):
            parts = []
            for lines, width, right in zip(wrapped, widths, numeric, strict=True):
                text = lines[depth] if depth < len(lines) else ""
                pad = " " * (width - cells(text))
                cell = pad + text if right else text + pad
                parts.append(" " + (self._styled(cell, style)) + " ")
            self.stream.write(edge + edge.join(parts) + edge + "\n")

    def _styled(self, cell: str, style: Style | None) -> str:
        if style is None or not self.colour:
            return cell
        return f"\x1b[{style}m{cell}\x1b[0m"


def _printable(cell: Cell) -> Cell:
    return printable(cell) if isinstance(cell, str) else tuple(map(printable, cell))


def _joined(cell: Cell) -> str:
    return cell if isinstance(cell, str) else ", ".join(cell)


def _cell_lines(cell: Cell, width: int) -> list[str]:
    """A table cell in lines of ``width`` columns: text between its words (a word wider
    than the column in pieces); items between them, ``API path "GET /tasks/{id}"`` kept
    whole where it fits, else between its words."""
    if isinstance(cell, str):
        units = cell.split()
    else:
        joined = [f"{item}," for item in cell[:-1]] + list(cell[-1:])
        units = [u for item in joined for u in ([item] if cells(item) <= width else item.split())]
    return fill([p for unit in units for p in _pieces(unit, width)], width) or [""]


def fill_items(label: str, items: Sequence[str], width: int) -> list[str]:
    """``label`` and ``items`` joined by ``", "`` in lines of at most ``width`` columns where
    the items allow, broken only between items, further lines indented by ``label``'s
    width (at most half of ``width``)."""
    indent = " " * min(cells(label), width // 2)
    pieces = [f"{item}," for item in items[:-1]] + list(items[-1:])
    return fill([label + pieces[0], *pieces[1:]] if pieces else [label], width, indent)


def fill(words: Sequence[str], width: int, indent: str = "") -> list[str]:
    """``words`` joined by spaces in lines of at most ``width`` columns of display width
    (:func:`cells`), each line after the first behind ``indent``; a word wider than the
    room stands alone on its line, whole."""
    lines: list[str] = []
    line, used = "", 0
    for word in words:
        size = cells(word)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = indent + word, cells(indent) + size
        else:
            line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
    return [*lines, line] if line else lines


def _pieces(word: str, width: int) -> list[str]:
    """``word`` cut into pieces of at most ``width`` columns (a combining mark stays with
    the character before it): a table cell's word wider than its column."""
    if cells(word) <= width:
        return [word]
    pieces, piece, used = [], "", 0
    for char in word:
        size = cells(char)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece, used = piece + char, used + size
    return [*pieces, piece]


def _columns() -> int:
    """COLUMNS when it is a positive number, else 80 (the width off a terminal)."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 80


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _centre(text: str, width: int) -> str:
    room = max(width - cells(text), 0)
    return " " * (room // 2) + text + " " * (room - room // 2)


def _rule(left: str, line: str, cross: str, right: str, widths: Sequence[int]) -> str:
    return left + cross.join(line * (width + 2) for width in widths) + right + "\n"
