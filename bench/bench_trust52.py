"""What trust52 adds to a session's start: ``home_files.home_files_inside`` now walks the
workspace for the repositories in it (``gitdirs.work_trees``, the walk the Bash guard
keeps) and reads their settings, and the settings of the repository above it.

``make FOLDER N``: a workspace ``FOLDER/ws`` that is a repository holding ``N`` folders
(30 to a level, a file in each, like a ``node_modules``), and an empty home ``FOLDER/home``.

``run FOLDER MODE``, to run under callgrind (``PYTHONHASHSEED=0``; with the working folder
the tree to measure, which it imports)::

    valgrind --tool=callgrind python bench/bench_trust52.py run /tmp/t52 start

``MODE``: ``none`` (imports only), ``start`` (a session's start: ``home_files_inside``
once), ``bash`` (that, then what a Bash session's first command adds: the guard's
``ProtectedGuard.taken``, which walks the workspace unless a walk is fresh). One mode's
count less ``none``'s is its cost. Results: RESULTS.md, "trust52".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PER_LEVEL = 30


def make(folder: Path, count: int) -> None:
    """The workspace and home of :func:`run` in ``folder``, ``count`` folders deep."""
    ws = folder / "ws"
    made = 0
    todo = [ws]
    while made < count:
        parent = todo.pop(0)
        for i in range(PER_LEVEL):
            child = parent / f"d{i}"
            child.mkdir(parents=True)
            (child / "f.txt").write_text("x\n", encoding="utf-8")
            todo.append(child)
            made += 1
            if made == count:
                break
    (folder / "home").mkdir()
    (ws / ".coordinator").mkdir()  # (a session's own folder: the guard's clock is there)
    subprocess.run(["git", "init", "-q", str(ws)], check=True)


def run(folder: Path, mode: str) -> None:
    """One session's start (and first Bash command's guard) in ``folder/ws``, by ``mode``."""
    os.environ["HOME"] = str(folder / "home")
    sys.path.insert(0, os.getcwd())
    from coordinator.tools.home_files import home_files_inside
    from coordinator.tools.protected_guard import ProtectedGuard

    ws = folder / "ws"
    if mode in ("start", "bash"):
        extra = home_files_inside(ws)
        if mode == "bash":
            ProtectedGuard.taken(ws, extra)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        run(Path(sys.argv[2]), sys.argv[3])
