"""The pace of the cyclic garbage collector in a ``coord`` process (standard library only:
imported before typer): a one-shot command's (:data:`COLLECTIONS`), and that of a process
serving many sessions or requests (:func:`serving_collections`: a batch, ``coord mcp``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class OneShotCollections:
    """The cyclic collector's pace in a ``coord`` process.

    A one-shot command (help, route, sessions, log, ...) allocates some 100,000 objects that
    live until it exits (modules, typer's commands, routing tables, rich's styles); with
    Python's youngest-generation threshold of 700 the collector walked them 70 times: 11 ms
    of ``coord route``'s CPU (6%) for no garbage. :meth:`start` raises that threshold to
    :data:`THRESHOLD` (cycles are still collected, less often); a long-running command
    restores the default (:meth:`restore`, ``cli/app.py``'s ``LONG_RUNNING``) before it
    starts (and may then serve at :func:`serving_collections`' pace). ``python -m
    coordinator`` and the ``coord`` script start it before typer is imported
    (``coordinator/__main__.py``); tests driving the app in process never do.
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


#: The youngest generation's threshold while a process serves many sessions or requests
#: (CPython's default is 700).
SERVING_THRESHOLD = 10_000


@contextmanager
def serving_collections() -> Iterator[None]:
    """Garbage collection sized for a process serving many sessions or requests (a batch,
    ``coord mcp``), restored afterwards.

    What the process holds when the block starts (modules, the SDK, the roster, its routing
    index: load them first) is frozen out of collections (``gc.freeze``), and the youngest
    generation is collected every :data:`SERVING_THRESHOLD` allocations instead of 700.
    A thousand live sessions otherwise trigger full collections that each walk every object
    of the process (about a sixth of a 1,000-chain batch's CPU); a request routed for the
    first time keeps some 30 new container objects in the routing caches, so at 700 one
    new request in 25 ran a collection and one in 270 a middle-generation one (1-3 ms each,
    in the new requests' p99; ``bench/routing_gc.py``: at this pace 9 in 3,000). Cycles
    are still collected, only less often; the memory held by the garbage in between is a
    few MB at most."""
    old = gc.get_threshold()
    gc.freeze()  # no collection first: one costs ~0.1 s with the SDK loaded
    gc.set_threshold(max(old[0], SERVING_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()
