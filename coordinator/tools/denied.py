"""The paths the settings deny Bash commands: found before each command, for its sandbox.

Claude Code's ``sandbox.filesystem.denyRead``/``denyWrite`` and its ``Read(…)``/``Edit(…)``
deny rules (merged into them: the settings reference) name paths a sandboxed command may
not read, or may not write. The runtime reads them (``coordinator.runtime.bash_denies``,
a :class:`DenyCheck`); here, before each command, they become paths (:func:`denied_paths`),
which the sandbox then hides (:attr:`Access.HIDDEN`: an empty read-only folder over a
folder, an empty file over a file) or shows read-only (:attr:`Access.READ_ONLY`: bound on
itself): ``coordinator.tools.sandbox.bwrap_argv``.

* A path without a wildcard is looked at where it is (links resolved: the sandbox mounts
  over where it leads, so no other name, ``..`` or link reaches past it).
* A denied file (named, or a pattern's match) with other hard links gets each of them in
  the workspace denied too: the whole workspace walked for them, bounded as below.
* A pattern (``*``, ``?``, ``[…]``, ``{a,b}``, a name matched at any depth) is matched
  against what the workspace holds when the command starts, walked from the pattern's
  folder (the whole workspace for a name at any depth), links not followed, coord's own
  folders left out: at most :data:`MAX_WALK` entries a command, :data:`MAX_DENIED` paths
  denied. Past either bound the deny cannot be applied, and the command is refused
  (:class:`~coordinator.tools.base.ToolError` naming the rule): it never runs with a deny
  that does not hold. A pattern is not walked outside the workspace (the runtime says so
  once, when it reads it).
* A path made after the command started (by it, or meanwhile) is denied from the next
  command on; a missing path is not made by coord (a command may create it).
* A deny naming the workspace or a folder holding it refuses every command: they run in
  it; but a ``denyRead`` the sandbox hides all of already but for the workspace (``~/``,
  the home folder being hidden) where the user's or managed settings read the workspace
  again (an ``allowRead`` holding it: Claude Code re-allows reading there).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from coordinator.tools.base import ToolError
from coordinator.tools.workspace import COORDINATOR_DIR

#: The most entries the walks for one command's patterns look at.
MAX_WALK = 200_000
#: The most paths one command's denies may name (each one mount of its sandbox).
MAX_DENIED = 2_000


class Access(StrEnum):
    """What a sandboxed command may do with a denied path."""

    HIDDEN = "unreadable"
    READ_ONLY = "read-only"


@dataclass(frozen=True)
class Denial:
    """A path a command is denied (absolute, as found), how, and the rule that denies it
    (as the user finds it in their files)."""

    path: Path
    access: Access
    rule: str


@dataclass(frozen=True)
class Walk:
    """Where a pattern's walk starts, and how many levels below it it goes (None: all)."""

    start: Path
    depth: int | None


class DenyCheck(Protocol):
    """The settings' denies as a command's sandbox asks them, in the workspace ``root``."""

    def named(self, root: Path) -> list[Denial]:
        """The paths named without a wildcard (as written, ``..`` folded)."""
        ...

    def walks(self, root: Path) -> list[Walk]:
        """Where the patterns' matches may lie in ``root`` (none: no pattern there)."""
        ...

    def matcher(self, root: Path) -> Callable[[str], Denial | None]:
        """The patterns' denial of a path a walk finds (its absolute text; the folders
        above it asked first), or None."""
        ...

    def reopens(self, root: Path) -> bool:
        """Whether the settings read ``root`` again within what a deny hides
        (``allowRead``)."""
        ...

    def first_pattern(self, root: Path) -> str:
        """The first pattern's rule in ``root`` (for a refusal)."""
        ...


def denied_paths(
    check: DenyCheck | None, root: Path, hidden: Callable[[Path], bool]
) -> list[Denial]:
    """Every path ``check`` denies a command in the workspace ``root`` (resolved), each
    where it leads, unreadable over read-only where both; ToolError when one holds the
    workspace (but an unreadable one the settings read the workspace again in, which the
    sandbox shows nothing else of: ``hidden``, as ``~/`` holding a workspace in the home
    folder), or when a bound is passed (:data:`MAX_WALK`, :data:`MAX_DENIED`)."""
    if check is None:
        return []
    found = [d for d in check.named(root) if os.path.lexists(d.path)]
    walks = check.walks(root)
    if walks:
        found += _walked(check, root, walks, check.matcher(root))
    linked = _linked(found)
    if linked:  # (their other names anywhere in the workspace, not only where walked)
        found += _walked(check, root, [Walk(root, None)], lambda path: None, linked)
    chosen: dict[Path, Denial] = {}
    for denial in found:
        real = Path(os.path.realpath(denial.path))
        if real == root or root.is_relative_to(real):
            if denial.access == Access.HIDDEN and hidden(real) and check.reopens(root):
                continue  # (hidden already but for the workspace, read again)
            raise ToolError(_holds_workspace(denial, root))
        kept = chosen.get(real)
        if kept is None or (kept.access == Access.READ_ONLY and denial.access == Access.HIDDEN):
            chosen[real] = Denial(real, denial.access, denial.rule)
    if len(chosen) > MAX_DENIED:
        raise ToolError(_too_many(f"more than {MAX_DENIED:,} paths match them", check, root))
    return list(chosen.values())


def _holds_workspace(denial: Denial, root: Path) -> str:
    return (
        f"the command was not run: {denial.rule} makes {denial.path} {denial.access} to"
        f" commands, and it holds the workspace {root} they run in"
    )


def _too_many(why: str, check: DenyCheck, root: Path) -> str:
    return (
        f"the command was not run: the settings deny paths by patterns ({check.first_pattern(root)}"
        f" first), looked for in the workspace before each command, and {why}: the denies"
        " could not be applied. Name the paths without wildcards (./config/.env) or their"
        " folder (./secrets/)."
    )


def _linked(found: Iterable[Denial]) -> dict[tuple[int, int], Denial]:
    """The denied files that have other hard links, by their device and inode."""
    linked: dict[tuple[int, int], Denial] = {}
    for denial in found:
        try:
            info = os.stat(denial.path)
        except OSError:
            continue
        if not os.path.isdir(denial.path) and info.st_nlink > 1:
            linked[(info.st_dev, info.st_ino)] = denial
    return linked


def _walked(
    check: DenyCheck,
    root: Path,
    walks: list[Walk],
    covers: Callable[[str], Denial | None],
    linked: dict[tuple[int, int], Denial] | None = None,
) -> list[Denial]:
    """What the walks find: the paths ``covers`` denies (a matched folder is not walked
    into) and the other names of the ``linked`` files; ToolError past :data:`MAX_WALK`."""
    found: list[Denial] = []
    seen = 0
    matched: set[str] = set()
    for path, is_dir in _entries(root, walks, matched):
        seen += 1
        if seen > MAX_WALK:
            why = f"it has more than {MAX_WALK:,} entries to look at"
            raise ToolError(_too_many(why, check, root))
        denial = covers(path)
        if denial is None and linked and not is_dir:
            denial = _link_of(path, linked)
        if denial is not None:
            found.append(denial)
            matched.add(path)
            if len(found) > MAX_DENIED:
                why = f"more than {MAX_DENIED:,} paths match them"
                raise ToolError(_too_many(why, check, root))
    return found


def _link_of(path: str, linked: dict[tuple[int, int], Denial]) -> Denial | None:
    """The denial of the file ``path`` is another hard link of, or None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    denial = linked.get((info.st_dev, info.st_ino))
    if denial is None:
        return None
    return Denial(Path(path), denial.access, f"{denial.rule} (a hard link of {denial.path})")


def _entries(root: Path, walks: list[Walk], matched: set[str]) -> Iterator[tuple[str, bool]]:
    """Each entry below the walks' starts that lie in ``root`` (its absolute path; each
    once, links not followed, coord's own folder and the folders put in ``matched``
    meanwhile not walked into), with whether it is a folder."""
    done = matched
    todo = [(str(w.start), w.depth) for w in walks if w.start.is_relative_to(root)]
    while todo:
        folder, depth = todo.pop()
        if folder in done or depth == 0:
            continue
        done.add(folder)
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            is_dir = entry.is_dir(follow_symlinks=False)
            if is_dir and entry.name == COORDINATOR_DIR:
                continue  # (hidden whole already)
            yield entry.path, is_dir
            if is_dir:
                todo.append((entry.path, None if depth is None else depth - 1))
