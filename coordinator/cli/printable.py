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

from rich.console import Console
from rich.segment import Segment

from coordinator.sanitize import printable


class PrintableConsole(Console):
    """A rich console whose text segments are :func:`printable`; control segments (rich's
    own cursor moves for a live view) are left alone."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            s if s.control else Segment(printable(s.text), s.style, s.control) for s in buffer
        )
