"""The paths a session's settings deny its Bash commands, as the sandbox asks them.

Claude Code's settings reference: ``sandbox.filesystem.denyRead`` (paths sandboxed commands
cannot read) and ``denyWrite`` (cannot write) merge across every scope and with the paths
of the ``Read(…)`` and ``Edit(…)`` deny rules. coord reads them all (deny lists only narrow:
a workspace file's count, as its deny rules do): every file's ``denyRead``/``denyWrite``
(:func:`~coordinator.runtime.sandbox_settings.filesystem_denies`), and the deny and ask
rules naming a path on Read (unreadable to commands), Edit and Write (read-only), the rules
the file tools refuse by, matched as they match them
(:func:`~coordinator.runtime.permission_paths.entry_matcher`), so that Bash's view agrees with
theirs. A bare ``Read``/``Edit`` names no path: it takes tools away, not paths.
``allowRead`` (which would widen) is read only from the user's and managed files (the
managed file's alone under its ``allowManagedReadPathsOnly``), and only to keep a
``denyRead`` holding the workspace from refusing every command where one re-opens it
(:meth:`BashDenies.reopens`).
What the sandbox does with them, and when they are found: :mod:`coordinator.tools.denied`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coordinator.claude_home import claude_home
from coordinator.runtime.permission_paths import anchored, entry_matcher
from coordinator.runtime.permission_rules import Behavior
from coordinator.runtime.permissions import PermissionRules
from coordinator.runtime.sandbox_settings import PathDeny
from coordinator.tools.denied import Access, Denial, Walk
from coordinator.tools.files import unencodable

#: What each path rule's tool denies a command.
_ACCESS = {"Read": Access.HIDDEN, "Edit": Access.READ_ONLY, "Write": Access.READ_ONLY}
#: A wildcard of the rules' globs.
_WILD = re.compile(r"[*?\[{]")


@dataclass(frozen=True)
class BashDenies:
    """The session's denied paths (:class:`~coordinator.tools.denied.DenyCheck`),
    unreadable ones first."""

    denies: tuple[PathDeny, ...]
    home: Path
    #: The ``allowRead`` paths of the user's and managed settings (rules' syntax).
    reopened: tuple[str, ...] = ()

    @classmethod
    def of(cls, rules: PermissionRules) -> BashDenies | None:
        """The denies of ``rules`` (None: there are none)."""
        found = [*rules.path_denies]
        for rule in rules.rules:
            access = _ACCESS.get(rule.tool)
            pattern = str(rule.specifier).strip()
            if rule.behavior == Behavior.ALLOW or access is None or rule.bare:
                continue
            if not unencodable(pattern):  # (one no file name can hold denies nothing)
                found.append(PathDeny(pattern, access, rule.label()))
        if not found:
            return None
        found.sort(key=lambda d: d.access != Access.HIDDEN)
        return cls(tuple(found), rules.home, tuple(rules.read_reopened))

    def named(self, root: Path) -> list[Denial]:
        """The paths named without a wildcard, as written (``..`` folded)."""
        return [Denial(Path(path), d.access, d.label) for d, path in _split(self, root)[0]]

    def walks(self, root: Path) -> list[Walk]:
        """Where each pattern's matches may lie in ``root``: below its folder, as deep as
        it reaches (a name at any depth, ``**``: the whole folder)."""
        found: list[Walk] = []
        for _, glob in _split(self, root)[1]:
            if glob is None:
                found.append(Walk(root, None))
                continue
            parts = glob.rstrip("/").split("/")
            fixed = next(i for i, part in enumerate(parts) if _WILD.search(part))
            start = Path("/".join(parts[:fixed]) or "/")
            rest = parts[fixed:]
            deep = any("**" in part for part in rest) or glob.endswith("/")
            if start.is_relative_to(root):
                found.append(Walk(start, None if deep else len(rest)))
            elif root.is_relative_to(start):
                found.append(Walk(root, None))
        return found

    def matcher(self, root: Path) -> Callable[[str], Denial | None]:
        """The first pattern's denial of a path a walk finds, or None (the path alone
        matched: :func:`~coordinator.runtime.permission_paths.entry_matcher`)."""
        each = [(d, entry_matcher(d.pattern, root, self.home)) for d, _ in _split(self, root)[1]]

        def covers(path: str) -> Denial | None:
            deny = next((d for d, matches in each if matches(path)), None)
            return None if deny is None else Denial(Path(path), deny.access, deny.label)

        return covers

    def reopens(self, root: Path) -> bool:
        """Whether an ``allowRead`` path (no wildcard) is ``root`` or holds it."""
        for pattern in self.reopened:
            absolute, glob = anchored(pattern, root, self.home)
            path = _literal(glob) if absolute else None
            if path is not None and root.is_relative_to(os.path.realpath(path)):
                return True
        return False

    def first_pattern(self, root: Path) -> str:
        """The first pattern's rule in ``root``."""
        return next((d.label for d, _ in _split(self, root)[1]), "")

    def reopened_in(self) -> Path:
        """The user's settings file, where an ``allowRead`` re-opens a folder."""
        return claude_home(self.home).settings


Named = list[tuple[PathDeny, str]]
Patterns = list[tuple[PathDeny, str | None]]


@functools.lru_cache(maxsize=64)
def _split(denies: BashDenies, root: Path) -> tuple[Named, Patterns]:
    """``denies`` in ``root``: the paths named without a wildcard, each with its path; the
    patterns, each with its absolute glob (None: a name at any depth)."""
    named: Named = []
    patterns: Patterns = []
    for deny in denies.denies:
        absolute, glob = anchored(deny.pattern, root, denies.home)
        path = _literal(glob) if absolute else None
        if path is not None:
            named.append((deny, path))
        else:
            patterns.append((deny, glob if absolute else None))
    return named, patterns


def _literal(glob: str) -> str | None:
    """The path an absolute glob names when it has no wildcard (a folder's ``/`` or
    ``/**`` dropped: the folder itself), or None."""
    text = glob[: -len("/**")] if glob.endswith("/**") else glob
    text = text.rstrip("/") or "/"
    return None if _WILD.search(text) else text
