"""The session folders coord made itself, so a nested workspace's database stays its own.

A ``.coordinator`` folder below another workspace coord ran agents in (``proj/app`` in a
monorepo run at ``proj`` too) lies where the outer run's commands could write: a database
there could be planted, and a resume trusts what it stores. So coord remembers the
``.coordinator`` folders it made: when it makes one, it writes a random token into it
(:data:`MARK`) and the folder with the token into a list in the user's data folder
(:func:`records_path`, outside every workspace, and hidden from commands when a workspace
holds it), unless a run is live in a workspace above (its commands may have the folder
unhidden). A folder whose token matches the list is coord's own: every workspace above it
treats it as one of coord's directories (hidden from commands, written by no tool:
:func:`coordinator.tools.workspace.reserved_dirs`), so nothing an agent ran since could
change it, and its database is resumed. A folder a command made has no token on the list.
"""

from __future__ import annotations

import fcntl
import os
import stat
import struct
from pathlib import Path

#: The token's file in a ``.coordinator`` folder coord made.
MARK = "owner"
#: The name of the folders coord remembers (its own directory's).
FOLDER = ".coordinator"
#: How much of the mark is read: a token and a newline.
_MARK_BYTES = 128
#: How many folders this process claimed: what caches the list of coord's directories.
_claimed = [0]


def claimed() -> int:
    """How many folders this process has claimed (a cache of them is stale when it grew)."""
    return _claimed[0]


#: A workspace's session database's lock file, relative to it (``store.paths``' default
#: database and its ``lock_file``), and its lock folder elsewhere (``lock_dir``).
LOCK_FILE = f"{FOLDER}/coordinator.db.lock"
LOCK_DIR = f"{FOLDER}/coordinator.db.locks"
_FLOCK = "hhqqi4x"  # struct flock: l_type, l_whence, l_start, l_len, l_pid (64-bit off_t)


def records_path() -> Path:
    """The list of folders coord made: ``databases`` beside the user's session index, in
    :func:`coordinator.config.user_data_dir`."""
    from coordinator.config import user_data_dir

    return user_data_dir() / "databases"


def claim(folder: Path, *, dir_fd: int | None = None) -> None:
    """Remember ``folder``, a ``.coordinator`` folder coord has just made (best effort: a
    folder not remembered is only treated as one a command could have made); ``dir_fd``:
    the folder's descriptor, its mark then made in it (not through a link swapped in)."""
    import secrets  # on first use: hashlib's load is off the reading commands' path

    if folder.name != FOLDER or _outer_run_live(folder):
        return
    token = secrets.token_hex(16)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        fd = os.open(MARK if dir_fd is not None else folder / MARK, flags, 0o600, dir_fd=dir_fd)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(token + "\n")
        records = records_path()
        records.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW
        fd = os.open(records, flags, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(f"{token}\t{_real(folder, dir_fd)}\n")
    except OSError:
        return
    _claimed[0] += 1


def _real(folder: Path, dir_fd: int | None) -> Path:
    """Where ``folder`` is: its descriptor's (the folder coord made, even when a link has
    taken its name since), else its path resolved."""
    if dir_fd is not None:
        try:
            return Path(os.readlink(f"/proc/self/fd/{dir_fd}"))
        except OSError:
            pass
    return folder.resolve()


def _outer_run_live(folder: Path) -> bool:
    """Whether a session of a workspace above ``folder`` is being driven now: a command of
    that run, started before the folder was made, sees it unhidden and could write in it
    for as long as it runs (and a confined MCP server for the whole run); so the folder is
    not claimed. Its session locks tell (:func:`any_held`)."""
    above = folder.resolve().parent.parents
    return any(any_held(outer) for outer in above if (outer / FOLDER).is_dir())


def any_held(workspace: Path) -> bool:
    """Whether any process holds a session lock of ``workspace``'s own database (a run, a
    resume, a server driving one of its sessions: ``store.locks``): its lock file has a
    lock over any byte, or a file in its lock folder is locked. No link is followed."""
    getlk: int | None = getattr(fcntl, "F_OFD_GETLK", None)
    if getlk is None:
        try:
            names = [e.path for e in os.scandir(workspace / LOCK_DIR) if e.is_file()]
        except OSError:
            return False
        return any(_flock_busy(Path(name)) for name in names)
    try:
        fd = os.open(workspace / LOCK_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        query = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, getlk, query)
    except OSError:
        return True  # no answer: as if held
    finally:
        os.close(fd)
    return bool(struct.unpack(_FLOCK, answer)[0] != fcntl.F_UNLCK)


def _flock_busy(path: Path) -> bool:
    """Whether another holder has ``path`` locked with ``flock``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _records() -> dict[str, set[str]]:
    """The remembered folders (resolved, as text) and their tokens."""
    try:
        fd = os.open(records_path(), os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return {}
    found: dict[str, set[str]] = {}
    for line in lines:
        token, _, where = line.partition("\t")
        if token and where:
            found.setdefault(where, set()).add(token)
    return found


def _token(folder: Path) -> str | None:
    """The token in ``folder`` (no link followed, a regular file), or None."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return None
        fd = os.open(folder / MARK, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        return fh.read(_MARK_BYTES).decode("ascii", "replace").strip() or None


def is_own(folder: Path) -> bool:
    """Whether the ``.coordinator`` folder ``folder`` is one coord made: remembered, no
    link, holding the token it remembers."""
    try:
        where = str(folder.resolve())
    except (OSError, RuntimeError):
        return False
    token = _token(folder)
    return token is not None and token in _records().get(where, set())


def own_folders_in(root: Path, *, besides: tuple[Path, ...] = ()) -> list[Path]:
    """The ``.coordinator`` folders below ``root`` (resolved) coord made itself: remembered,
    no link, holding the token it remembers; none below a folder of ``besides`` (their
    tokens are not read)."""
    base = str(root).rstrip("/") + "/"
    skip = tuple(str(b).rstrip("/") + "/" for b in besides)
    found = []
    for where, tokens in _records().items():
        if not where.startswith(base) or (skip and where.startswith(skip)):
            continue
        folder = Path(where)
        if _token(folder) in tokens:
            found.append(folder)
    return found
