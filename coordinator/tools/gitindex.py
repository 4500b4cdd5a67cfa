"""The gitlinks (mode 160000 entries) of a repository's index, read without starting git
when the index cannot hold one.

A Bash command's guard lists them before and after every command (``tools/sandbox.py``):
``git ls-files --stage`` cost ~5 ms a listing in a 2,000-file repository, ~20% of a Bash
call. Every index entry stores its mode as four big-endian bytes, whatever the index's
version (v4 compresses paths, not modes), so an index whose bytes never spell a gitlink's
mode holds none; any other index (one that does, a split index's shared part, a very large
or unusual file) is listed by git, as before.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

#: A gitlink's mode (0o160000) as an index entry stores it.
GITLINK_MODE = (0o160000).to_bytes(4, "big")
#: An index larger than this is listed by git, not searched here (it is read whole).
SEARCHED_INDEX = 64 << 20


def may_hold_gitlinks(git_dir: Path) -> bool:
    """False only when the index in ``git_dir`` certainly lists no gitlink: a regular
    file of at most :data:`SEARCHED_INDEX` bytes where :data:`GITLINK_MODE` appears
    nowhere, with no split index's shared part beside it (or no index at all)."""
    try:
        fd = os.open(git_dir / "index", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return False  # no index: no entries
    except OSError:
        return True
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > SEARCHED_INDEX:
            return True
        if GITLINK_MODE in fh.read(SEARCHED_INDEX + 1):
            return True
    return any(git_dir.glob("sharedindex.*"))


def gitlinks(root: Path, git: str) -> list[str]:
    """The gitlinks of the index of the repository whose ``.git`` folder is in ``root``,
    by path; ``git`` is the git program. Read as git's listing streams (an index a command
    wrote may be large)."""
    if not may_hold_gitlinks(root / ".git"):
        return []
    argv = [git, "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"]
    found: list[str] = []
    with subprocess.Popen(
        [*argv, "ls-files", "-z", "--stage"], cwd=root, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    ) as proc:  # fmt: skip
        rest = b""
        while proc.stdout is not None and (chunk := proc.stdout.read(1 << 16)):
            *entries, rest = (rest + chunk).split(b"\0")
            found += [os.fsdecode(e.partition(b"\t")[2]) for e in entries if e[:7] == b"160000 "]
    return found
