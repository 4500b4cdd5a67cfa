"""The pace of the cyclic garbage collector in a ``coord`` process (standard library only:
imported before typer): a one-shot command's (:data:`COLLECTIONS`), and that of a process
serving many sessions or requests (:func:`serving_collections`: a batch, ``coord mcp``; a
server runs the collection due between requests, :func:`collect_between`)."""

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

#: Between two requests, the collection due is run once the youngest generation holds this
#: many objects (:func:`collect_between`): half :data:`SERVING_THRESHOLD`, so one left to
#: the collector itself lands in a request only when that request alone allocates over half.
BETWEEN_THRESHOLD = SERVING_THRESHOLD // 2


def collect_between() -> int | None:
    """Run, between two requests (after an answer is written), the collection the collector
    would soon run inside one; the generation collected, or None when none is near due.

    A serving process (:func:`serving_collections`) keeps some 30 objects in its routing
    caches a new request, so every few hundred new requests a young collection fell inside
    one (1-10 ms of CPU, the same requests in every process: 8 of the new requests' slowest
    30, newreq40). Called when a request's answer is out, this one runs it once the youngest
    generation is over :data:`BETWEEN_THRESHOLD`, choosing the generation as CPython's own
    pass does (the oldest whose count is over its threshold; a middle collection counts one
    towards the oldest), except that the oldest is not deferred while few objects survived
    its last pass (CPython's ratio is not readable): a full collection between requests
    every hundred young ones walks only what the process kept since it started serving
    (the rest is frozen)."""
    counts = gc.get_count()
    if counts[0] < BETWEEN_THRESHOLD:
        return None
    thresholds = gc.get_threshold()
    generation = next((g for g in (2, 1) if counts[g] > thresholds[g]), 0)
    gc.collect(generation)
    return generation


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
