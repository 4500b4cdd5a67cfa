"""The console ``coord`` prints with: text only, never terminal commands.

What coord shows comes partly from elsewhere: an agent's reply, a tool's output, a file's
lines, a request. Any of it may hold escape sequences (a model told so by a file it read,
a test runner's colours) that a terminal would obey: recolour, retitle the window, write
the clipboard, move the cursor over what was printed. :class:`PrintableConsole` renders
every piece of text through :func:`coordinator.sanitize.printable` (each control character
becomes U+FFFD) while rich's own styling and cursor control, which are not text, pass as
they are. A rich Text made of outside text deletes BEL, BS, VT, FF and CR as it is made
(before any console sees it), so every view makes one with :func:`text` or
:func:`assemble`, never ``Text(...)`` of such a string, and gives a panel title as one of
them. Imported on use, with rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from coordinator.sanitize import printable

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType
    from rich.style import Style


class PrintableConsole(Console):
    """A rich console whose text is :func:`printable`, through rich's public rendering API:
    a string before rich makes it a Text (:meth:`render_str`; rich's Text deletes BEL, BS,
    VT, FF and CR, so they would never become U+FFFD), and every text segment rendered
    (:meth:`render`: a Text or a segment made elsewhere). Control segments (rich's own
    cursor moves for a live view) are left alone."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """``text`` made :func:`printable`, then rich's Text of it (markup, if any, kept)."""
        return super().render_str(printable(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """rich's segments of ``renderable``, their text :func:`printable`."""
        for segment in super().render(renderable, options):
            if segment.control:
                yield segment
            else:
                yield Segment(printable(segment.text), segment.style, segment.control)


def text(value: str, style: str | Style = "", **kwargs: Any) -> Text:
    """A rich Text of ``value`` made :func:`printable` first (no markup read): each control
    character U+FFFD, none deleted."""
    return Text(printable(value), style=style, **kwargs)


def assemble(*parts: str | Text | tuple[str, str | Style]) -> Text:
    """:meth:`Text.assemble` of ``parts`` (strings, ``(string, style)`` pairs, Texts), each
    string made :func:`printable` first."""
    shown: list[str | Text | tuple[str, str | Style]] = []
    for part in parts:
        if isinstance(part, str):
            shown.append(printable(part))
        elif isinstance(part, tuple):
            shown.append((printable(part[0]), part[1]))
        else:
            shown.append(part)
    return Text.assemble(*shown)
