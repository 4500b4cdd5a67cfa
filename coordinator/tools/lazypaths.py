"""Paths found when first asked for, then kept: a session's protected paths.

Finding a workspace's protected paths walks it for the repositories in it (their settings
name files no tool may write: :func:`~coordinator.tools.home_files.home_files_inside`), ~44 K
instructions a folder. Only what writes needs them (the Write and Edit tools, a Bash command's
sandbox and guard, a confined hook or MCP server, a worktree run's merge): a session that
only reads never asks, and one that writes asks before its first write, which therefore
sees the workspace as it is then (a repository cloned since the session started too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload


class LazyPaths(Sequence[Path]):
    """The paths ``find`` gives, found the first time any is asked for (iterated, counted,
    indexed, looked up), once however many threads ask together, and kept. When ``find``
    raises, nothing is kept: the caller gets the error (a write is refused), the next asks
    again."""

    def __init__(self, find: Callable[[], Iterable[Path]]) -> None:
        self._find = find
        self._lock = threading.Lock()
        self._paths: tuple[Path, ...] | None = None

    def _found(self) -> tuple[Path, ...]:
        paths = self._paths
        if paths is None:
            with self._lock:
                if self._paths is None:
                    self._paths = tuple(self._find())
                paths = self._paths
        return paths

    def __len__(self) -> int:
        return len(self._found())

    def __iter__(self) -> Iterator[Path]:
        return iter(self._found())

    def __contains__(self, value: object) -> bool:
        return value in self._found()

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Path, ...]: ...

    def __getitem__(self, index: int | slice) -> Path | tuple[Path, ...]:
        return self._found()[index]

    def __repr__(self) -> str:
        return f"LazyPaths({self._paths!r})" if self._paths is not None else "LazyPaths(unfound)"


def moved(paths: Sequence[Path], base: Path, root: Path) -> LazyPaths:
    """``paths`` as they lie in ``root`` (a worktree run's worktree: its own copies) when
    they lie in ``base`` (the resolved workspace), the others as they are: found when first
    asked for, as ``paths`` are."""
    return LazyPaths(lambda: [root / p.relative_to(base) if p.is_relative_to(base) else p
                              for p in paths])  # fmt: skip
