"""Denied files git holds: readable to Bash through git's objects, whatever the sandbox hides.

The Bash sandbox hides a path the settings make unreadable (``sandbox.filesystem.denyRead``,
a ``Read(...)`` deny rule: :mod:`coordinator.tools.denied`), but not the workspace's git
repository: a command reads a committed (or staged) file's contents back through git's
objects (``git show HEAD:.env``, ``git cat-file -p``, ``git log -p``), and hiding them
would hide git. So at a run's start, only when Bash runs sandboxed and a deny names a path
in the workspace, one ``git ls-files --with-tree=HEAD`` (the index and HEAD; a second
without ``--with-tree`` in a repository with no commit yet), run as coord runs git
elsewhere (:func:`~coordinator.tools.changes.run_git`: hooks and ``core.fsmonitor`` off,
the workspace's own repository), finds which unreadable files git holds, and the run
warns of each (:func:`held_warnings`). Older commits are not searched (a file removed
from HEAD and the index stays in the history unwarned); nothing is refused.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from coordinator.tools.changes import in_work_tree, run_git
from coordinator.tools.denied import Access, Denial, DenyCheck
from coordinator.tools.programs import program_path

#: The most files the warning names one by one (the rest are counted).
SHOWN = 5


def held_warnings(check: DenyCheck, root: Path) -> list[str]:
    """One warning line per file ``check`` makes unreadable in the workspace ``root``
    (resolved) that its git repository holds (the first :data:`SHOWN`, then how many
    more), naming the file, its rule and the rule's settings file; none when none does."""
    held = git_held(check, root)
    lines = [
        f"{os.path.relpath(d.path, root)}: {d.rule} hides it from Bash commands, but the"
        " workspace's git repository holds it (its index or HEAD): its committed contents"
        " stay readable through git's history in Bash (git show HEAD:PATH). Remove it from"
        " the repository's history and rotate any secret it holds, or run without"
        " --allow-bash"
        for d in held[:SHOWN]
    ]
    if len(held) > SHOWN:
        lines.append(
            f"and {len(held) - SHOWN} more files denied to Bash that the workspace's git"
            " repository holds, readable through its history as well"
        )
    return lines


def git_held(check: DenyCheck, root: Path) -> list[Denial]:
    """The files ``check`` makes unreadable in ``root`` that git's index or HEAD holds, in
    git's order; no git started when no deny names a path in ``root``, and none found
    outside a work tree (a ``.git`` file or link is not followed) or when git cannot say."""
    named = [
        d
        for d in check.named(root)
        if d.access == Access.HIDDEN and d.path != root and d.path.is_relative_to(root)
    ]
    walks = [w.start for w in check.walks(root) if w.start.is_relative_to(root)]
    if not named and not walks:
        return []
    git = program_path("git")
    if git is None or not in_work_tree(root):
        return []
    specs = [f":(literal){os.path.relpath(p, root)}" for p in [*(d.path for d in named), *walks]]
    matcher = check.matcher(root) if walks else None
    found = []
    for rel in _listed(root, git, specs):
        denial = _denial(root / rel, root, named, matcher)
        if denial is not None:
            found.append(Denial(root / rel, denial.access, denial.rule))
    return found


def _listed(root: Path, git: str, specs: list[str]) -> list[str]:
    """The files under ``specs`` git's index or HEAD holds, relative to ``root`` (HEAD
    missing: the index's alone; none when git cannot say in time: a warning, not a
    failure)."""
    for tree in ("--with-tree=HEAD", None):
        args = ("ls-files", "-z", *([tree] if tree else []), "--", *specs)
        try:
            done = run_git(root, git, args)
        except subprocess.TimeoutExpired:
            return []
        if done is not None and done.returncode == 0:
            return [os.fsdecode(n) for n in done.stdout.split(b"\0") if n]
    return []


def _denial(
    path: Path,
    root: Path,
    named: list[Denial],
    matcher: Callable[[str], Denial | None] | None,
) -> Denial | None:
    """The unreadable deny covering ``path``: a named one it is or lies in, or a pattern's
    matching it or a folder above it in ``root`` (the folders asked first)."""
    for denial in named:
        if path.is_relative_to(denial.path):
            return denial
    if matcher is None:
        return None
    for step in [*reversed(path.relative_to(root).parents[:-1]), path.relative_to(root)]:
        found = matcher(str(root / step))
        if found is not None:
            return found if found.access == Access.HIDDEN else None
    return None
