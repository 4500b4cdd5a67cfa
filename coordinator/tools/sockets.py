"""Where the host's Unix sockets are, for the Bash sandbox to cover them.

A socket on a read-only mount still connects, so the sandbox covers each one its
read-only view of the host shows (``sandbox._socket_masks``). A socket's file does not say
it is one until it is looked at, and the host's tree is too large to walk before each
command: the kernel lists the sockets bound in a network namespace in that namespace's
``/proc/PID/net/unix``. coord's own (``/proc/self``) is not enough: a connection to a
socket's path crosses network namespaces, and a service given a network of its own
(systemd's ``PrivateNetwork=``, ``unshare -n``, ``ip netns exec``) or a container binding
its socket in a folder of the host (a PostgreSQL container with ``-v
/srv/pg:/var/run/postgresql``) was reached by a command (redteam103). So every network
namespace coord sees a process of is read, its paths taken where coord sees them (the
process's mount namespace's mounts translated to coord's:
:func:`~coordinator.tools.mounts.seen_from`); and a socket that is itself a mount point
(one a container was given from outside it, ``-v /run/docker.sock:/docker.sock``) is one
whatever namespace bound it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from coordinator.tools.mounts import Mount, parse_mounts, seen_from

#: Where the kernel shows processes (proc(5)).
PROC = Path("/proc")


def socket_paths(table: Path) -> list[str]:
    """The absolute paths of the sockets a ``net/unix`` ``table`` lists (abstract ones,
    ``@name``, are the network's; a relative one is the binder's folder's: both left out)."""
    try:
        lines = table.read_text(errors="surrogateescape").splitlines()[1:]
    except OSError:
        return []
    named = (fields[7] for line in lines if len(fields := line.split(maxsplit=7)) == 8)
    return [p for p in named if p.startswith("/")]


def _namespace(process: str, kind: str) -> str | None:
    try:
        return os.readlink(f"{process}/ns/{kind}")
    except OSError:  # (gone, or another user's: its namespaces are not ours to read)
        return None


class _Networks:
    """The network namespace of each process, kept between calls (reading one takes ~30
    µs, and a desktop runs hundreds): a process is known by its ``/proc`` entry's name
    and inode number (a new process given a pid seen before has a new one)."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, int], str | None] = {}

    def others(self) -> dict[str, list[str]]:
        """The processes of each network namespace but coord's own, by namespace."""
        own = _namespace(f"{PROC}/self", "net")
        seen: dict[tuple[str, int], str | None] = {}
        found: dict[str, list[str]] = {}
        try:
            entries = [e for e in os.scandir(PROC) if e.name.isdigit()]
        except OSError:
            return found
        for entry in entries:
            key = (entry.name, entry.inode())
            net = self.known[key] if key in self.known else _namespace(entry.path, "net")
            seen[key] = net
            if net is not None and net != own:
                found.setdefault(net, []).append(entry.path)
        self.known = seen  # (those gone forgotten)
        return found


_NETWORKS = _Networks()


def _seen_here(process: str, paths: list[str], mounts: Sequence[Mount]) -> Iterable[str]:
    """``paths`` as ``process`` sees them, where coord sees them (``mounts``: its own)."""
    if not paths or _namespace(process, "mnt") == _namespace(f"{PROC}/self", "mnt"):
        return paths
    try:
        theirs = parse_mounts(Path(process, "mountinfo").read_text(errors="surrogateescape"))
    except OSError:
        return []
    return (str(p) for path in paths for p in seen_from(Path(path), theirs, mounts))


def _bound_in(processes: list[str], mounts: Sequence[Mount]) -> Iterable[str]:
    """The sockets bound in the network namespace of ``processes`` (the first still there),
    where coord sees them."""
    for process in processes:
        table = Path(process, "net", "unix")
        if table.exists():
            return _seen_here(process, socket_paths(table), mounts)
    return []


def host_sockets(mounts: Sequence[Mount]) -> list[Path]:
    """Where the host's Unix sockets are, as coord sees them, each resolved: those bound in
    each network namespace coord sees a process of (its own first), and the sockets that
    are mount points (of ``mounts``, coord's)."""
    found = socket_paths(PROC / "self" / "net" / "unix")
    for processes in _NETWORKS.others().values():
        found += _bound_in(processes, mounts)
    found += [m.point for m in mounts if m.point and _is_socket(m.point)]
    return list(dict.fromkeys(Path(os.path.realpath(p)) for p in found))


def _is_socket(path: str) -> bool:
    try:
        return stat.S_ISSOCK(os.lstat(path).st_mode)
    except OSError:
        return False
