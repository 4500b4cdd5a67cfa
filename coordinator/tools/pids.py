"""A process-count limit for a Bash command that runs as root: a cgroup of its own.

The kernel exempts root from ``RLIMIT_NPROC`` (:class:`~coordinator.tools.sandbox.Limits`
sets it for everyone else), so a fork bomb in a command of a coord running as root (a
container, a VM) took the host down. Where coord runs as root and the ``pids`` controller
is there to use (cgroup v1's ``pids`` hierarchy, or cgroup v2 with it enabled for the
children of coord's own cgroup), each command runs in a cgroup of its own, made beside
nothing but coord's and removed after it, whose ``pids.max`` is the limit: its processes
cannot leave it (the sandbox shows ``/sys`` read-only, with no capability). Elsewhere
nothing changes (best effort: no such cgroup, no error).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import itertools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

_LOG = logging.getLogger(__name__)
_NUMBERS = itertools.count(1)
#: Cgroups of ended commands not yet empty when they ended, removed later.
_ENDED: set[Path] = set()
#: Enters the cgroup whose ``tasks`` (v1) or ``cgroup.procs`` (v2) file is ``$1`` (``0``: the
#: shell itself, one thread), then runs the rest.
_ENTER = 'echo 0 > "$1" && shift && exec "$@"'


@dataclass(frozen=True)
class PidsGroup:
    """One command's cgroup (its folder), and the file a process enters it by: cgroup
    v1's ``tasks``, where a single-threaded process moving itself takes no lock of every
    process (``cgroup.procs`` waited for an RCU grace period: ~10 ms a command, every
    command, on a 6.18 kernel), or v2's ``cgroup.procs``."""

    path: Path
    entry: str = "tasks"

    def argv(self, argv: list[str]) -> list[str]:
        """``argv`` run inside this cgroup (entered before its first program starts)."""
        return ["/bin/sh", "-c", _ENTER, "sh", str(self.path / self.entry), *argv]

    def remove(self) -> None:
        """Remove the cgroup (its command has ended); while the kernel still reaps its
        processes, it is removed at the next command's start, or when coord exits."""
        if not _removed(self.path):
            _ENDED.add(self.path)


def pids_group(limit: int | None) -> PidsGroup | None:
    """A new cgroup limiting a command to ``limit`` processes, when coord runs as root and
    can make one; else None."""
    found = _base() if limit is not None and os.geteuid() == 0 else None
    if found is None:
        return None
    base, entry = found
    _sweep(base)
    try:
        path = _new_group(base)
    except OSError as exc:  # (the kernel's cgroup.max.descendants, a base gone meanwhile)
        _unlimited(base, exc)
        return None
    try:
        (path / "pids.max").write_text(str(limit), encoding="ascii")
    except OSError as exc:  # no pids controller in it (cgroup v2 without it for children)
        with contextlib.suppress(OSError):
            path.rmdir()
        _unlimited(base, exc)
        return None
    return PidsGroup(path, entry)


def _new_group(base: Path) -> Path:
    """A new cgroup ``coord-PID-N`` in ``base`` (OSError if none can be made). A name taken
    (a group a process that had this PID before left, still holding its processes: the
    sweep keeps the groups of a live PID) moves on to the next number: the numbers only
    grow and the folder holds finitely many, so a free one comes; mkdir makes it this
    coord's alone (no other live coord has this PID)."""
    while True:
        path = base / f"coord-{os.getpid()}-{next(_NUMBERS)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path


#: The reasons already said why a root coord's command runs with no process limit (each
#: said once a process: every command would say it again).
_SAID: set[str] = set()


def _unlimited(base: Path, exc: OSError) -> None:
    """Say (once for each reason) that a root coord's command runs with no process limit:
    no cgroup could be made for it in ``base`` (review93: before, in silence)."""
    why = f"{exc.strerror or exc}"
    if why not in _SAID:
        _SAID.add(why)
        _LOG.warning(CANNOT_MAKE, base, why)


def _removed(path: Path) -> bool:
    """Whether the cgroup ``path`` is gone now (it was empty, or already removed)."""
    try:
        path.rmdir()
    except FileNotFoundError:
        return True
    except OSError:  # its processes are still being reaped
        return False
    return True


@atexit.register
def _remove_ended() -> None:
    for path in list(_ENDED):
        if _removed(path):
            _ENDED.discard(path)


def _sweep(base: Path) -> None:
    """Remove the cgroups of this coord's ended commands, and the empty ones a coord that
    is gone left (killed before it removed them)."""
    _remove_ended()
    for folder in base.glob("coord-*-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            with contextlib.suppress(OSError):
                folder.rmdir()


@functools.cache
def _base() -> tuple[Path, str] | None:
    """:func:`base_in` this machine's cgroups (warned once, by log, when there is none a
    root coord can use: its commands then run with no process limit)."""
    found = base_in(_cgroup_mounts(), _own_cgroups())
    if found is None and os.geteuid() == 0:
        _LOG.warning(NO_LIMIT)
    return found


#: Why a root coord's commands may run with no process limit.
NO_LIMIT = (
    "coord runs as root and finds no pids cgroup it can use (cgroup v1's pids hierarchy, "
    "or cgroup v2 with the pids controller enabled for the children of coord's own "
    "cgroup: echo +pids > cgroup.subtree_control of its parent, with coord in a child "
    "cgroup of its own): the kernel exempts root from the process limit, so a command "
    "could start processes without bound; run coord as a user other than root"
)


#: Why a root coord's command runs with no process limit where a pids cgroup is usable.
CANNOT_MAKE = (
    "coord runs as root and could not make a pids cgroup for a command in %s (%s): the "
    "command runs with no process limit, as the kernel exempts root from it; run coord as "
    "a user other than root"
)


def base_in(
    mounts: list[tuple[str, Path, str, set[str]]], own: dict[str, str]
) -> tuple[Path, str] | None:
    """The folder of coord's own cgroup (``own``: :func:`_own_cgroups`) in the hierarchy
    holding the ``pids`` controller (``mounts``: :func:`_cgroup_mounts`), with the file a
    process enters a cgroup there by: cgroup v1's ``pids`` one (``tasks``), else the v2
    one (``cgroup.procs``) where the controller is enabled for its children (listed in its
    ``cgroup.subtree_control``: else a child cgroup has no ``pids.max``)."""
    for mount_root, point, kind, options in mounts:
        if kind == "cgroup" and "pids" in options:
            inside = own.get("pids")
        elif kind == "cgroup2":
            inside = own.get("")
        else:
            continue
        if inside is None or not Path(inside).is_relative_to(mount_root):
            continue
        folder = point / Path(inside).relative_to(mount_root)
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            continue
        if kind == "cgroup":
            return folder, "tasks"
        if "pids" in _words(folder / "cgroup.subtree_control"):
            return folder, "cgroup.procs"
    return None


def _words(path: Path) -> list[str]:
    """The words of the file ``path`` (none when it cannot be read)."""
    try:
        return path.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return []


def _cgroup_mounts() -> list[tuple[str, Path, str, set[str]]]:
    """(root, mount point, ``cgroup`` or ``cgroup2``, super options) of each cgroup mount,
    v1's first."""
    found = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines():
            fields, _, rest = line.partition(" - ")
            head, tail = fields.split(), rest.split()
            if len(head) >= 5 and len(tail) >= 3 and tail[0] in ("cgroup", "cgroup2"):
                found.append((head[3], Path(head[4]), tail[0], set(tail[2].split(","))))
    return sorted(found, key=lambda mount: mount[2] == "cgroup2")


def _own_cgroups() -> dict[str, str]:
    """coord's cgroup path for each v1 controller, and for v2 (key ``""``)."""
    own: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text(encoding="utf-8").splitlines():
            _, controllers, path = line.split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                own[controller] = path
    return own
