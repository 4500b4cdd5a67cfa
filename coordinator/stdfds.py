"""A ``coord`` started with a standard stream closed (``coord run ... <&-``, a CI step or a
service manager that closes stdin) gets ``/dev/null`` in its place (standard library only:
before anything else opens a file).

A closed descriptor 0, 1 or 2 leaves ``sys.stdin`` (``stdout``, ``stderr``) ``None``: every
``coord run`` ended in a traceback (it hands ``sys.stdin.buffer`` to the plan), as did
``--context -``, ``--batch -`` and ``coord route``; and the descriptor was left for the next
file opened to take. With ``/dev/null`` there, ``-`` reads an empty input (said as such: "the
answer on standard input is empty") and output is discarded.
"""

import os
import sys

#: Each standard descriptor, its ``sys`` attribute and how it is opened.
STREAMS = (
    (0, "stdin", os.O_RDONLY, "r"),
    (1, "stdout", os.O_WRONLY, "w"),
    (2, "stderr", os.O_WRONLY, "w"),
)


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def open_closed_streams() -> list[int]:
    """Open ``/dev/null`` on each closed standard descriptor (lowest first, so each lands
    on its own number) and give ``sys`` a stream on it; the descriptors opened."""
    opened = []
    for fd, name, flags, mode in STREAMS:
        if not _closed(fd):
            continue
        null = os.open(os.devnull, flags)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        setattr(sys, name, os.fdopen(fd, mode, encoding="utf-8", closefd=False))
        opened.append(fd)
    return opened
