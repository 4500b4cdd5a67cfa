"""What trust53 changes in a session's start: the workspace's protected paths (with the
walk for the repositories in it, trust52) are found at the first write, not at the start.

Trees from ``bench/bench_trust52.py make FOLDER N``. ``run FOLDER MODE``, to run under
callgrind (``PYTHONHASHSEED=0``; with the working folder the tree to measure, which it
imports)::

    valgrind --tool=callgrind python bench/bench_trust53.py run /tmp/t52 session

``MODE``: ``none`` (imports only), ``session`` (a session's start without Bash, as ``coord
run`` builds it: ``session_extras``), ``write`` (that, then what its first write asks: every
protected path). Results: RESULTS.md, "trust53".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run(folder: Path, mode: str) -> None:
    """One session's start (and first write) in ``folder/ws``, by ``mode``."""
    os.environ["HOME"] = str(folder / "home")
    sys.path.insert(0, os.getcwd())
    from coordinator.config import Settings
    from coordinator.roster.registry import Registry
    from coordinator.runtime.extras import session_extras

    if mode in ("session", "write"):
        extras = session_extras(folder / "ws", Settings(), Registry([]), managed=None)
        files = extras.env.files
        if mode == "write" and files is not None:
            tuple(files.ctx.protected)


if __name__ == "__main__":
    run(Path(sys.argv[2]), sys.argv[3])
