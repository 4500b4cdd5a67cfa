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
#: The commit HEAD names (no line on an unborn branch) and each branch's and tag's object
#: id (redteam115), in one git (exit 1: none of them).
_TIPS = ("show-ref", "--head", "--heads", "--tags")
#: The most branches and tags a snapshot notes (more: none noted, no move followed).
MOST_REFS = 10_000


def tips(root: Path, run: RunGit) -> tuple[str | None, dict[str, str]]:
    """The commit HEAD names in ``root``'s repository (None: unborn, or git cannot say) and
    each branch's and tag's object id by its name (``refs/heads/x``; none past
    :data:`MOST_REFS`)."""
    done = run(root, _TIPS)
    if done is None or done.returncode not in (0, 1):
        return None, {}
    found: dict[str, str] = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        oid, _, name = line.partition(" ")
        found[name] = oid
    head = found.pop("HEAD", None)
    return head, found if len(found) <= MOST_REFS else {}


def moved_refs(
    before: dict[str, str], after: dict[str, str], head: tuple[str | None, str] | None
) -> tuple[tuple[str, str], ...]:
    """Each branch or tag whose object id differs in ``after`` (its ``OLD..NEW``, "" for
    none: made or removed), in name order, but one that moved as HEAD did (``head``: the
    branch HEAD names, a commit's own move, said as HEAD's)."""
    found = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name, ""), after.get(name, "")
        if old != new and (old or None, new) != head:
            found.append((name, f"{old}..{new}"))
    return tuple(found)


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
