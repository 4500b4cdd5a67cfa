"""The console ``coord`` prints with: text only, never terminal commands.

What coord shows comes partly from elsewhere: an agent's reply, a tool's output, a file's
lines, a request. Any of it may hold escape sequences (a model told so by a file it read,
a test runner's colours) that a terminal would obey: recolour, retitle the window, write
the clipboard, move the cursor over what was printed. :class:`PrintableConsole` renders
every piece of text through :func:`coordinator.sanitize.printable` (each control character
becomes U+FFFD) while rich's own styling and cursor control, which are not text, pass as
they are. Imported on use, with rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.segment import Segment

from coordinator.sanitize import printable

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType
    from rich.text import Text


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
