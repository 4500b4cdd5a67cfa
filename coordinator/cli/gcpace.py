"""The pace of the cyclic garbage collector in a ``coord`` process (standard library only:
imported before typer)."""

from __future__ import annotations

import gc


class OneShotCollections:
    """The cyclic collector's pace in a ``coord`` process.

    A one-shot command (help, route, sessions, log, ...) allocates some 100,000 objects that
    live until it exits (modules, typer's commands, routing tables, rich's styles); with
    Python's youngest-generation threshold of 700 the collector walked them 70 times: 11 ms
    of ``coord route``'s CPU (6%) for no garbage. :meth:`start` raises that threshold to
    :data:`THRESHOLD` (cycles are still collected, less often); a long-running command
    restores the default (:meth:`restore`, ``cli/app.py``'s ``LONG_RUNNING``) before it
    starts. ``python -m coordinator`` and the ``coord`` script start it before typer is
    imported (``coordinator/__main__.py``); tests driving the app in process never do.
    """

    THRESHOLD = 100_000

    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Raise the youngest generation's threshold (once)."""
        if self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(max(self.saved[0], self.THRESHOLD), *self.saved[1:])

    def restore(self) -> None:
        """The thresholds as they were before :meth:`start`."""
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None


COLLECTIONS = OneShotCollections()
