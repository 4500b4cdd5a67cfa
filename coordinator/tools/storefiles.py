"""Other sessions' database files, as the tools and the Bash sandbox see them (trust41, 42).

:class:`KnownStores` holds every session database file the user's index knows (read by
:func:`coordinator.store.index.watched_store_files`, a layer above), read again once the
index has changed: a database registered while a long process runs (a batch, a ``coord
mcp`` run) is covered from the next tool call or command, not the next process.

:class:`StoresWithin` is what a file tool refuses of them in one workspace: a file by its
name (case-folded too: on a case-insensitive file system ``THEIRS.DB`` is ``theirs.db``) and,
once open, by its identity (device and inode: a hard link or a second mount of it) or the
path it was opened at (a folder on the way swapped for a link after the name was checked).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from coordinator.tools.folding import folded

#: The files SQLite keeps beside a database, by the end of their names: it replays a ``-wal``
#: or hot ``-journal`` it finds there, whoever wrote it (:func:`coordinator.store.paths.
#: store_files` names them for a ``--db``, the sandbox masks them in a workspace).
COMPANIONS = ("-wal", "-shm", "-journal")

#: Reads the index again: the files it knows now, or None when it has not changed.
Reread = Callable[[], "tuple[Path, ...] | None"]


class KnownStores:
    """The session database files (``--db`` files with their ``-wal``, ``-shm``,
    ``-journal``, lock file and lock folder) the user's index knows, ``reread`` each time
    they are asked for (cheap while the index has not changed)."""

    def __init__(self, files: Iterable[Path] = (), reread: Reread | None = None) -> None:
        self._files = tuple(files)
        self._reread = reread
        self._lock = threading.Lock()
        #: Counts the changes of :meth:`files`' answer.
        self.version = 0

    def files(self) -> tuple[Path, ...]:
        """The files the index knows now."""
        if self._reread is None:
            return self._files
        with self._lock:
            new = self._reread()
            if new is not None and new != self._files:
                self._files, self.version = new, self.version + 1
            return self._files


class StoresWithin:
    """Those of :class:`KnownStores`' files that lie in the workspace ``root``: no file tool
    reads, writes or lists them (:class:`coordinator.tools.base.StoreCheck`)."""

    def __init__(self, root: Path, known: KnownStores) -> None:
        self.root = root.resolve()
        self.known = known
        self._lock = threading.Lock()
        self._version = -1
        self._names: frozenset[str] = frozenset()
        self._folded: frozenset[str] = frozenset()
        self._ids: frozenset[tuple[int, int]] = frozenset()

    def _current(self) -> frozenset[str]:
        files = self.known.files()
        with self._lock:
            if self._version != self.known.version:
                root = self.root
                inside = [f for f in files if f != root and f.is_relative_to(root)]
                self._names = frozenset(str(f) for f in inside)
                self._folded = frozenset(folded(n) for n in self._names)
                self._ids = _identities(files)
                self._version = self.known.version
            return self._names

    def __bool__(self) -> bool:
        return bool(self._current())

    def named(self, resolved: Path, *, fresh: bool = True) -> bool:
        """Whether ``resolved`` is one of the files (or in a lock folder), by its name as
        spelled or as a case-insensitive file system compares it; ``fresh=False``: as the
        last look at the index found them (a walk's files, the index read at its start)."""
        names = self._current() if fresh else self._names
        if not names:
            return False
        text = str(resolved)
        if text in names or text.rpartition("/")[0] in names:
            return True
        alike = folded(text)
        return alike in self._folded or alike.rpartition("/")[0] in self._folded

    def holds(self, info: os.stat_result, real: Path | None) -> bool:
        """Whether the file open with ``info`` (``fstat``), at ``real`` (where its descriptor
        leads, when known), is one of them: by the path, or by its identity among every file
        the index knew at the last :meth:`named` (those in the workspace looked at again for
        a file with more than one name: a ``-wal`` made since, linked)."""
        names = self._names  # (the tool looked at the index for the name it was given)
        if real is not None and self.named(real, fresh=False):
            return True
        key = (info.st_dev, info.st_ino)
        if key in self._ids:
            return True
        return info.st_nlink > 1 and bool(names) and key in _identities(Path(n) for n in names)


def _identities(files: Iterable[Path]) -> frozenset[tuple[int, int]]:
    """The device and inode of each of ``files`` that is there (a lock folder's too)."""
    found: set[tuple[int, int]] = set()
    for path in files:
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue
        found.add((info.st_dev, info.st_ino))
    return frozenset(found)


#: Read-only connections coord holds to the session databases in a workspace its commands
#: run in, by the database's device and inode (:func:`hold_logs`), for the process's life.
_HELD: dict[tuple[int, int], sqlite3.Connection] = {}
_HELD_LOCK = threading.Lock()
#: At most this many are held (the rest are masked as before, their logs not kept).
MAX_HELD = 64


def hold_logs(files: Iterable[Path], shown: Callable[[Path], bool]) -> None:
    """Keep a read-only connection open to each session database among ``files`` that a
    sandbox ``shown`` (not in a folder it hides whole), its write-ahead
    log read: SQLite removes a database's ``-wal`` and ``-shm`` when its last connection
    closes, and removing a mount point detaches the mount a sandbox has there, so the other
    session ending during a command undid the masks on them, and the command wrote a
    ``-wal`` of its own there that SQLite replayed; and one it made while a command ran
    (starting again) was no file the sandbox had masked (trust42). While coord holds a
    database, they stay (and a missing one is made now, before the masks). Held ones the
    index no longer names (a database removed or replaced since) are let go when the
    limit is reached (:func:`_release_stale`)."""
    known = set(files)
    wanted = [p for p in known if p.with_name(p.name + "-wal") in known and shown(p)]
    if wanted and len(_HELD) >= MAX_HELD:
        _release_stale(_identities(known))
    for path in wanted:
        _hold(path)


def _release_stale(alive: frozenset[tuple[int, int]]) -> None:
    """Close the held connections to databases not among ``alive`` (the identities of the
    files the index names now): a long-lived process (``coord mcp``, ``coord worker``, a
    batch) held every database it ever showed, a deleted one's file kept open, and once
    :data:`MAX_HELD` were held a database registered later was not, its masks undone
    again when its session ended during a command (trust43)."""
    with _HELD_LOCK:
        for key in [k for k in _HELD if k not in alive]:
            _HELD.pop(key).close()


def _hold(path: Path) -> None:
    try:
        info = os.stat(path)
    except OSError:
        return
    key = (info.st_dev, info.st_ino)
    with _HELD_LOCK:
        if key in _HELD or len(_HELD) >= MAX_HELD or not stat.S_ISREG(info.st_mode):
            return
        uri = f"file:{quote(str(path))}?mode=ro"
        try:
            held = sqlite3.connect(uri, uri=True, timeout=1, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            held.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            held.close()
            return
        _HELD[key] = held


#: :func:`second_names`' last answer, by workspace: the files' identities and link counts
#: it was found for, and the names (which no command can change: each is a mount there).
_NAMES: dict[Path, tuple[tuple[tuple[int, int, int], ...], list[Path]]] = {}


def second_names(files: Iterable[Path], root: Path) -> list[Path]:
    """The other names in the workspace ``root`` of the session database files among
    ``files`` there that have more than one (a hard link a command made while the file was
    not hidden from it: a database registered while it ran), for the sandbox to hide too:
    later commands wrote the database through one (trust42). The workspace is walked only
    when such a file's link count is new (not its change time: the other session writes)."""
    marks: dict[tuple[int, int], tuple[int, int, int]] = {}
    for path in files:
        if path != root and path.is_relative_to(root):
            try:
                info = os.stat(path, follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
                key = (info.st_dev, info.st_ino)
                marks[key] = (*key, info.st_nlink)
    if not marks:
        return []
    stamp = tuple(sorted(marks.values()))
    known = _NAMES.get(root)
    if known is None or known[0] != stamp:
        named = set(files)
        found = [p for p in _linked(root, {ino for _, ino in marks}, marks) if p not in named]
        _NAMES[root] = known = (stamp, found)
    return known[1]


def _linked(
    root: Path, inodes: set[int], marks: dict[tuple[int, int], tuple[int, int, int]]
) -> list[Path]:
    """Every file under ``root`` (no link followed) whose device and inode are in
    ``marks``: the directory entries' inode numbers are compared first (no ``stat``)."""
    found: list[Path] = []
    folders = [str(root)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.inode() in inodes:
                    info = entry.stat(follow_symlinks=False)
                    if (info.st_dev, info.st_ino) in marks:
                        found.append(Path(entry.path))
            except OSError:
                continue
    return found
