"""Open a regular file without opening anything else at its name: the one opener of every
reader of a file a command could have swapped (a git directory's files, an agent file, a
settings or config file, a store's log)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def open_regular(path: Path | str, *, follow: bool = False) -> int:
    """A descriptor reading the regular file ``path`` (a link at its name followed only
    with ``follow``), which opens nothing else: what is there is told from an ``O_PATH``
    descriptor, which opens nothing, and only a regular file is opened, through it (a
    FIFO a command put there, or a link to one or to a device, is neither waited on nor
    opened: opening a FIFO releases its writer, a device's calls its driver). OSError when
    it is missing, not a regular file (a link without ``follow``, a socket: EINVAL; a
    folder: IsADirectoryError, as opening one says) or cannot be read."""
    probe = os.open(path, os.O_PATH | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW))
    try:
        mode = os.fstat(probe).st_mode
        if stat.S_ISDIR(mode):  # (as opening it says)
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return os.open(f"/proc/self/fd/{probe}", os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    finally:
        os.close(probe)
