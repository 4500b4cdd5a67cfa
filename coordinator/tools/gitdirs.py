"""The git directories in a workspace, found by a walk remembered between commands.

The user's own git, run later in any folder of the workspace, reads the git directory it
finds there (a ``.git`` folder, or a bare repository's folder itself) and runs what its
settings and hooks name (``core.fsmonitor`` at every ``git status``). A Bash command can
make one anywhere: a ``git init`` in a subfolder it never adds to the workspace's
repository, in a workspace that is no repository at all. The guard of each command
(``tools/protected_guard.py``) lists them after it; before it, it reads again only those the last
walk found (a walk costs ~4 us a folder: ~80 ms in a ``node_modules`` of 20,000 folders).
One found after that the last walk did not is the command's unless :func:`there_before`
proves, by the file system's own clock (:func:`clock`), that it was there before the
command started (the user's, made meanwhile). That clock is the system's: set back while
the command ran (a time service stepping it, a leap second), what the command made then
would be stamped before it started, so then no change time proves anything older
(:func:`stepped_back`): a step back seen by the system's lead over the monotonic clock, and
any step at all, back and forward again too, seen by a timer the kernel cancels whenever
the clock is set (:class:`_Steps`). A folder git is led to from one the walk
reaches (a ``.git`` file or link, a ``commondir``) counts as found, wherever it lies.

A folder's entries change only with its change time (a name added, removed or renamed),
which no command can set back; so a folder whose inode and change time are as at the last
walk is not read again, only looked at (one ``lstat``). A folder changed in the last
:data:`SETTLING_NS` is read again at the next walk (two changes in one tick of a coarse
clock share a change time).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from coordinator.regular import open_regular

#: A folder changed this recently (nanoseconds) is read again at the next walk.
SETTLING_NS = 1_000_000_000
#: In a git directory, the folders that hold no git directory of the user's (objects,
#: refs and their logs: the bulk of a repository's folders).
_GIT_BULK = frozenset({"objects", "refs", "logs", "lfs"})
#: How long (seconds) a walk stands for the state before the next command: past it, the
#: command's guard walks before it too.
FRESH_SECONDS = 60.0
#: Workspaces whose walks are remembered (the least recent forgotten past it).
_KEPT_WORKSPACES = 32


class _Folder(NamedTuple):
    """A folder as last read: its identity (device, inode, change time; None: read it
    again), the folders in it and whether its names are a git directory's (``HEAD``, and
    ``objects`` and ``refs`` or ``commondir``: then what ``HEAD`` holds, which a write in
    place changes without the folder's change time, is read at every walk); its device and
    inode, and whether it could be read. (A named tuple: a walk makes one a folder, and a
    frozen dataclass's were a tenth of a walk's instructions.)"""

    ident: tuple[int, int, int] | None
    folders: tuple[str, ...]
    candidate: bool
    node: tuple[int, int] = (0, 0)
    read: bool = True
    #: Whether it holds a ``.git`` that is no folder (a file naming a git directory, or a
    #: link to one: read at every walk, as a write in place changes it).
    gitfile: bool = False


@dataclass(frozen=True)
class Walk:
    """A walk of a workspace: each folder it reached (by path), the git directories found."""

    folders: Mapping[str, _Folder]
    found: tuple[Path, ...]
    #: When it ended (``time.monotonic``).
    ended: float = 0.0
    #: The folders it could not read (what lies below them is unknown to it).
    unread: tuple[str, ...] = ()


class Clock(NamedTuple):
    """A point in a file system's own time (:func:`clock`): the device and change time of a
    file made then, and how far the system's clock (which stamps changes) was then ahead of
    the monotonic one (:func:`_offset`): were it stepped back since (a time service setting
    it, a leap second), a change made after this point would look older than it."""

    device: int
    ctime_ns: int
    #: ``CLOCK_REALTIME`` minus ``CLOCK_MONOTONIC``, nanoseconds, read in that order.
    offset_ns: int = 0
    #: How many times the clock had been set by then (:class:`_Steps`; None: unknown).
    steps: int | None = None


#: How far (nanoseconds) the system's clock may seem to have gone back against the monotonic
#: one before it is taken for stepped back (rounding: each is read to the nanosecond).
_STEP_NS = 1_000_000

_WALKS: dict[str, Walk] = {}
_LOCK = threading.Lock()


def git_dirs(root: Path, skipped: Collection[Path] = ()) -> list[Path]:
    """Every git directory under the folder ``root`` (resolved), itself included when it
    is one, not following links, and not below ``skipped`` folders (coord's own, hidden
    from commands): a folder holding ``HEAD`` and ``objects`` (or a linked worktree's
    ``commondir``). Paths are strings inside: a walk may look at many thousand folders.
    Nothing for ``/``, which is no workspace (the whole machine). The walk is kept
    (:func:`last_walk`)."""
    if root == root.parent:
        return []
    top, skip = str(root), {str(s) for s in skipped}
    with _LOCK:
        last = _WALKS.pop(top, None)
        known = last.folders if last is not None else {}
        seen: dict[str, _Folder] = {}
        found: list[Path] = []
        unread: list[str] = []
        todo = [top]
        lstat, settled = os.lstat, time.time_ns() - SETTLING_NS
        while todo:  # (inline: ~5 us a folder at most, unchanged: one lstat)
            folder = todo.pop()
            try:
                info = lstat(folder)
            except OSError:
                continue
            ident = (info.st_dev, info.st_ino, info.st_ctime_ns)
            now = known.get(folder)
            if now is None or now.ident != ident:
                if not stat.S_ISDIR(info.st_mode):
                    continue
                now = _read(folder, ident, info.st_ctime_ns < settled)
            seen[folder] = now
            if not now.read:
                unread.append(folder)
            git = now.candidate and is_git_dir(Path(folder))
            if git:
                found.append(Path(folder))
            if git or now.gitfile:  # (where git reads settings and hooks from instead)
                found += _led_to(folder, git, top)
            for name in now.folders:
                if not (git and name in _GIT_BULK) and (child := f"{folder}/{name}") not in skip:
                    todo.append(child)
        found = sorted(set(found))
        _WALKS[top] = Walk(seen, tuple(found), time.monotonic(), tuple(unread))
        while len(_WALKS) > _KEPT_WORKSPACES:
            del _WALKS[next(iter(_WALKS))]
    return found


#: The hooks git runs, by their names in its hooks folder (githooks(5), git 2.39 to 2.47).
GIT_HOOKS = (
    "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit",
    "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "post-checkout",
    "post-merge", "pre-push", "pre-receive", "update", "proc-receive", "post-receive",
    "post-update", "reference-transaction", "push-to-checkout", "pre-auto-gc", "post-rewrite",
    "sendemail-validate", "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist",
    "p4-post-changelist", "p4-pre-submit", "post-index-change",
)  # fmt: skip


def work_trees(root: Path, skipped: Collection[Path] = ()) -> list[Path]:
    """The work trees of the repositories under the folder ``root`` (resolved), as
    :func:`git_dirs` walks it (kept, for the next command's guard): the folder of each
    ``.git`` folder, ``.git`` file or link (a submodule's, a linked worktree's), and a bare
    repository's git directory itself (git runs its hooks from there)."""
    found = git_dirs(root, skipped)
    with _LOCK:
        walk = _WALKS.get(str(root))
    trees = [d.parent if d.name == ".git" else d for d in found if ".git" not in d.parent.parts]
    trees += [Path(f) for f, seen in (walk.folders.items() if walk else ()) if seen.gitfile]
    return list(dict.fromkeys(trees))


def _led_to(folder: str, git: bool, top: str) -> list[Path]:
    """The folder in ``top`` that git, run in ``folder``, reads settings and hooks from
    besides ``folder`` itself: for a git directory, the one its ``commondir`` names (a
    linked worktree's); else the one its ``.git`` file names (``gitdir: ...``, as
    ``git init --separate-git-dir`` writes) or its ``.git`` link leads to. Such a folder
    may lie where no walk looks (in a git directory's ``objects``): it counts as found."""
    try:  # (a FIFO a command put there is not waited on: read_plain)
        if git:  # (absent: nothing; a link git follows)
            named = read_plain(f"{folder}/commondir", 4096, follow=True)
            if named is None:
                return []
            target = os.path.join(folder, os.fsdecode(named).partition("\n")[0].strip())
        elif os.path.islink(f"{folder}/.git"):
            target = f"{folder}/.git"
        else:
            line = os.fsdecode(read_plain(f"{folder}/.git", 4096) or b"").partition("\n")[0]
            if not line.startswith("gitdir:"):
                return []
            target = os.path.join(folder, line.removeprefix("gitdir:").strip())
        real = os.path.realpath(target)
    except (OSError, ValueError):
        return []
    inside = real.startswith(top + "/") or real == top
    return [Path(real)] if inside and real != folder and os.path.isdir(real) else []


def last_walk(root: Path) -> Walk | None:
    """The last walk of the folder ``root`` (resolved) in this process, if it ended in the
    last :data:`FRESH_SECONDS` (the user is likelier to have changed the workspace since
    an older one: a repository they cloned meanwhile, found new, is judged by change
    times, and a git command run in it since would make it look the command's)."""
    with _LOCK:
        walk = _WALKS.get(str(root))
    return walk if walk is not None and time.monotonic() - walk.ended < FRESH_SECONDS else None


def clock(folder: Path) -> Clock | None:
    """The file system's time now, as it stamps a change: that of a file made (and removed)
    in ``folder`` (coord's own: hidden from commands); None when none can be made. A change
    made after it has a change time no earlier (a command cannot set it back)."""
    probe = folder / f".clock-{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return Clock(info.st_dev, info.st_ctime_ns, _offset(), _STEPS.count())


def _offset(*, monotonic_first: bool = False) -> int:
    """How far the system's clock is ahead of the monotonic one now (nanoseconds): only a
    step changes it (both are slewed alike). Read realtime first (:func:`clock`), a pause
    between the reads makes it smaller; monotonic first (:func:`stepped_back`), larger: a
    pause never looks like a step back."""
    if monotonic_first:
        mono = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        return time.clock_gettime_ns(time.CLOCK_REALTIME) - mono
    real = time.clock_gettime_ns(time.CLOCK_REALTIME)
    return real - time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def stepped_back(since: Clock) -> bool:
    """Whether the system's clock was set back since ``since`` was taken: then a change made
    after it may have a change time before it, and no change time proves anything older.
    Also when it was set at all since (a step back and one forward again leave its lead over
    the monotonic clock as it was, and what was made between them stamped too early)."""
    if since.steps is not None and _STEPS.count() != since.steps:
        return True
    return _offset(monotonic_first=True) < since.offset_ns - _STEP_NS


class _Steps:
    """How many times the system's clock has been set (stepped, either way) since this
    process first asked, as the kernel tells: a timer on ``CLOCK_REALTIME`` armed far ahead
    with ``TFD_TIMER_CANCEL_ON_SET`` is cancelled (its read fails with ECANCELED) whenever
    the clock is set, a leap second too, and is then armed again. Python 3.11 has no
    ``os.timerfd_*``: the C library's, through ctypes. None where there is no such timer
    (not Linux). A forked process makes its own (a read takes the step from every holder
    of the timer)."""

    #: ``timerfd_create``'s and ``timerfd_settime``'s flags (linux/timerfd.h).
    _CREATE = os.O_NONBLOCK | os.O_CLOEXEC
    _ARM = 1 | 2  # TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET
    #: How far ahead the timer is armed: it is never meant to expire.
    _AHEAD_S = 10 * 365 * 86400

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = -1
        self._fd: int | None = None
        self._seen = 0

    def count(self) -> int | None:
        """The steps seen so far; None when they cannot be seen."""
        with self._lock:
            if self._pid != os.getpid():
                self._open()
            if self._fd is None:
                return None
            try:
                os.read(self._fd, 8)  # (armed a decade ahead: never expired)
            except BlockingIOError:
                return self._seen
            except OSError as exc:
                if exc.errno != errno.ECANCELED or not self._arm(self._fd):
                    self._close()
                    return None
                self._seen += 1
            return self._seen

    def _open(self) -> None:
        self._close()  # (a forked child's copy of its parent's timer)
        self._pid, self._seen = os.getpid(), 0
        try:
            libc = _libc()
            fd = int(libc.timerfd_create(time.CLOCK_REALTIME, self._CREATE))
        except (OSError, AttributeError):
            return
        if fd >= 0 and self._arm(fd):
            self._fd = fd
        elif fd >= 0:
            os.close(fd)

    def _close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def _arm(self, fd: int) -> bool:
        import ctypes

        class Timespec(ctypes.Structure):
            _fields_ = [("sec", ctypes.c_long), ("nsec", ctypes.c_long)]

        class Itimerspec(ctypes.Structure):
            _fields_ = [("interval", Timespec), ("value", Timespec)]

        when = Itimerspec(Timespec(0, 0), Timespec(int(time.time()) + self._AHEAD_S, 0))
        return int(_libc().timerfd_settime(fd, self._ARM, ctypes.byref(when), None)) == 0


@functools.cache
def _libc() -> Any:
    """The C library, through ctypes (imported only when a guard first asks for the clock)."""
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


_STEPS = _Steps()


def there_before(walk: Walk, root: Path, git_dir: Path, since: Clock) -> bool:
    """Whether the git directory ``git_dir`` (not one ``walk`` found) was one, where it is,
    before the time ``since``, taken after ``walk``: each folder on its way from ``root``
    is the one ``walk`` saw there, or came into a folder ``walk`` read whole that has not
    changed since ``since`` (a folder moved in from where no walk looks, a git directory's
    ``objects`` or a folder it could not read, changes the folder it comes into); and what
    makes it a git directory (itself, ``HEAD``, ``objects``, ``refs``, ``commondir``, none
    of the last three a link) has not changed since ``since`` either. So it was there
    before whatever ran since ``since``."""
    folder, fresh = str(root), False  # (fresh: below a folder come in since the walk)
    for name in git_dir.relative_to(root).parts:
        child = f"{folder}/{name}"
        if not fresh:
            parent, was = walk.folders.get(folder), walk.folders.get(child)
            if parent is None or not parent.read or (name in parent.folders and was is None):
                return False  # (not read, or there but not walked into)
            if was is not None and not _same(child, was):
                return False
            fresh = was is None
        if fresh and not _older(folder, since):
            return False  # (come in since the command started, or moved in with a folder)
        folder = child
    names = ("", "HEAD", "objects", "refs", "commondir")
    return all(_older(f"{folder}/{name}".rstrip("/"), since, name != "HEAD") for name in names)


def opened_again(walk: Walk, since: Clock) -> list[Path]:
    """The folders ``walk`` could not read that changed at ``since`` or later, made
    readable and searchable again for their owner (the user: a command makes its folders
    as the user): a command's ``chmod 111 a`` hides from a walk not run as root what lies
    below ``a``, not from the user's git, which goes through it to a repository there. A
    link is never followed; those that could not be changed are left out."""
    opened = []
    for folder in walk.unread:
        try:
            info = os.lstat(folder)
            if not stat.S_ISDIR(info.st_mode) or _older(folder, since):
                continue
            os.chmod(folder, stat.S_IMODE(info.st_mode) | 0o700, follow_symlinks=False)
        except (OSError, NotImplementedError):
            continue
        opened.append(Path(folder))
    return opened


def changed_since(path: Path, since: Clock) -> bool:
    """Whether the file (or link) ``path`` changed at ``since`` or later (or lies on
    another file system, whose time is not ``since``'s)."""
    return not _older(str(path), since)


def _same(path: str, was: _Folder) -> bool:
    """Whether the folder at ``path`` is the one a walk saw there (device and inode)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == was.node and stat.S_ISDIR(info.st_mode)


def _older(path: str, since: Clock, no_link: bool = False) -> bool:
    """Whether ``path`` is missing, or lies on ``since``'s file system and last changed
    before it (and, with ``no_link``, is no link: where one leads may have changed); never
    (but missing) once the system's clock was set back since (:func:`stepped_back`)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if no_link and stat.S_ISLNK(info.st_mode):
        return False
    if info.st_dev != since.device or info.st_ctime_ns >= since.ctime_ns:
        return False
    return not stepped_back(since)


def _read(folder: str, ident: tuple[int, int, int], settled: bool) -> _Folder:
    names: dict[str, bool] = {}
    node = ident[:2]
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    names[entry.name] = entry.is_dir(follow_symlinks=False)
                except OSError:
                    names[entry.name] = False
    except OSError:
        return _Folder(None, (), False, node, read=False)
    candidate = git_dir_shape(names)
    folders = tuple(n for n, is_dir in names.items() if is_dir)
    gitfile = ".git" in names and not names[".git"]
    return _Folder(ident if settled else None, folders, candidate, node, gitfile=gitfile)


#: The names that make a folder a git directory (:func:`git_dir_shape`, :func:`is_git_dir`).
GIT_DIR_NAMES = frozenset({"HEAD", "objects", "refs", "commondir"})


def git_dir_shape(names: Collection[str]) -> bool:
    """Whether a folder holding ``names`` has a git directory's names: a ``HEAD``, and
    ``objects`` and ``refs`` or a ``commondir`` (each of the kind git takes: the caller
    names only those). :func:`is_git_dir` then tells whether git takes it for one."""
    return "HEAD" in names and ("commondir" in names or ("objects" in names and "refs" in names))


def is_git_dir(folder: Path) -> bool:
    """Whether git takes ``folder`` for a git directory, as git's own test does: ``objects``
    and ``refs`` folders (or a linked worktree's ``commondir``) and a ``HEAD`` naming a ref
    or an object."""
    bulk = all(os.access(folder / name, os.X_OK) for name in ("objects", "refs"))  # as git
    if not bulk and not os.path.isfile(folder / "commondir"):
        return False
    head = folder / "HEAD"
    try:
        if head.is_symlink():  # (git still takes a link to refs/...)
            return os.readlink(head).startswith("refs/")
    except OSError:
        return False
    text = read_plain(head, 256)
    return text is not None and _HEAD.match(text) is not None


def read_plain(path: Path | str, limit: int, *, follow: bool = False) -> bytes | None:
    """The first ``limit`` bytes of the regular file ``path``, opened without following a
    link (but with ``follow``) as :func:`open_regular` opens it; None when it is missing,
    a link, not a regular file (a folder too) or cannot be read."""
    try:
        fd = open_regular(path, follow=follow)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        return fh.read(limit)


#: What git takes for a ``HEAD``: a symbolic ref, or what starts with an object's name (git
#: reads its first 40 hexadecimal digits, and nothing after them).
_HEAD = re.compile(rb"ref:\s*refs/|[0-9a-fA-F]{40}")
