"""Files a Bash command changed that ``git status`` lists neither before nor after it,
because the command moved HEAD (review112).

A command's changes are what ``git status`` lists before and after it
(:mod:`coordinator.tools.changes`). A command that wrote ``c.txt`` and committed it
(``git add c.txt && git commit``) left a clean status on both sides: the file was in
neither list, and the run's changed files, ``coord log`` and the auditor's view left it
out; so did a ``git checkout`` or ``git reset --hard`` rewriting tracked files. So each
snapshot in git also notes the commit HEAD names (:func:`head`), and when it differs
after the command, the paths the two commits differ in under the workspace
(:func:`moved`: ``git diff-tree``, tree to tree: no filter, no work-tree read) are its
changes too, as the file on disk now says (:func:`change_of`), unless the status
comparison already saw them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from coordinator.status import FileChange as Change

#: How git is run in a folder with these arguments (None: it cannot start).
RunGit = Callable[[Path, tuple[str, ...]], "subprocess.CompletedProcess[bytes] | None"]
#: The commit HEAD names (nothing printed on an unborn branch).
_HEAD = ("rev-parse", "-q", "--verify", "HEAD^{commit}")


def head(root: Path, run: RunGit) -> str | None:
    """The commit HEAD names in ``root``'s repository (None: unborn, or git cannot say)."""
    done = run(root, _HEAD)
    if done is None or done.returncode != 0:
        return None
    return done.stdout.decode("ascii", "replace").strip() or None


def moved(root: Path, before: str | None, after: str, run: RunGit, most: int) -> list[str]:
    """Each path under ``root`` (from it) whose content commit ``before`` (None: none) and
    ``after`` differ in, its letter first (``A``, ``M``, ``D``, ``T``), at most ``most``;
    none when git cannot say."""
    since = (before, after) if before is not None else ("--root", after)
    args = ("diff-tree", "-r", "-z", "--no-renames", "--name-status", "--relative", *since)
    done = run(root, args)
    if done is None or done.returncode != 0:
        return []
    fields = [os.fsdecode(f) for f in done.stdout.split(b"\0")]
    if before is None and fields and fields[0] == after:  # (``--root`` names the commit)
        fields = fields[1:]
    pairs = [f"{fields[n][:1]}{fields[n + 1]}" for n in range(0, len(fields) - 1, 2)]
    return pairs[:most]


def change_of(letter: str, stamp: object | None) -> Change | None:
    """What a path the commits differ in (``letter``: ``A`` new in the later one) is to a
    command that moved HEAD, by whether it is on disk now (``stamp`` None: not)."""
    existed = letter != "A"
    if stamp is None:
        return Change.DELETED if existed else None
    return Change.UPDATED if existed else Change.CREATED
