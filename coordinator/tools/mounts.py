"""Where else a folder shows: the other mount points of the same file system's subtree.

A workspace reached by a second path (a bind mount of it or of a folder above it, a
container's volume mounted twice) shows coord's own folder there too. The Bash sandbox
hides that folder by its path, under a read-only view of every mount of the host, so it
hides each other path as well (:func:`aliases`, from ``/proc/self/mountinfo``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: This process's mounts, one a line (proc(5)).
MOUNTINFO = Path("/proc/self/mountinfo")


@dataclass(frozen=True, slots=True)
class Mount:
    """One mount: its file system (``device``, major:minor), the folder of that file
    system it shows (``root``, from its top) and where (``point``), as absolute paths with
    no trailing "/" (``/`` itself as "")."""

    device: str
    root: str
    point: str


def read_mounts(path: Path = MOUNTINFO) -> list[Mount]:
    """This process's mounts, in the order they were made; none when unreadable (not Linux)."""
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return []
    return parse_mounts(text)


def parse_mounts(text: str) -> list[Mount]:
    """The mounts of a ``mountinfo`` text (its paths' octal escapes, ``\\040``, read back)."""
    found = []
    for line in text.splitlines():
        fields = line.split(" ", 5)
        if len(fields) > 4:
            found.append(Mount(fields[2], _unescaped(fields[3]), _unescaped(fields[4])))
    return found


_ESCAPE = re.compile(r"\\([0-7]{3})")


def _unescaped(field: str) -> str:
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field) if "\\" in field else field
    return text.rstrip("/")


def _within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies in it (both as :class:`Mount` spells them)."""
    return path.startswith(folder) and (len(path) == len(folder) or path[len(folder)] == "/")


def _showing(path: str, mounts: Sequence[Mount]) -> Mount | None:
    """The mount ``path`` lies in: the deepest mount point above it, the last made of those."""
    best: Mount | None = None
    for mount in mounts:
        if _within(path, mount.point) and (best is None or len(mount.point) >= len(best.point)):
            best = mount
    return best


def aliases(path: Path, mounts: Sequence[Mount]) -> list[Path]:
    """The other paths at which ``mounts`` show the resolved ``path``: where another mount
    of its file system shows a folder holding it, and no mount below that covers it."""
    spelled = str(path).rstrip("/")
    return [p for p in seen_from(path, mounts, mounts) if str(p).rstrip("/") != spelled]


def seen_from(path: Path, theirs: Sequence[Mount], mounts: Sequence[Mount]) -> list[Path]:
    """The paths at which ``mounts`` show what a process whose mounts are ``theirs`` (a
    container's, another mount namespace's) sees at its resolved ``path``: where a mount of
    the same file system shows a folder holding it, and no mount below that covers it."""
    spelled = str(path).rstrip("/")
    shown = _showing(spelled, theirs)
    if shown is None:
        return []
    inner = shown.root + spelled[len(shown.point) :]
    found: dict[Path, None] = {}
    for mount in mounts:
        if mount.device != shown.device or not _within(inner, mount.root):
            continue
        alias = mount.point + inner[len(mount.root) :]
        if _showing(alias, mounts) is mount:
            found[Path(alias or "/")] = None
    return list(found)
