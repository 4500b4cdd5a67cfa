"""The guard of a workspace's protected paths around a sandboxed program (a Bash command, a
workspace hook, a confined MCP server): what the sandbox's read-only binds cannot stop,
undone after it (:class:`ProtectedGuard`).

The sandbox (:mod:`coordinator.tools.sandbox`) keeps the protected paths that exist
read-only and the folders on their way in place; a command can still create one where it
was missing, or put something in place of a link to one. The guard takes their state
before the program runs and, after it (and, for a program still running, before coord
runs one as the user: :func:`sweep_running`), removes what was created and puts links
back; in the git directories of the workspace it removes the hooks a command added and
the settings it added that make the user's own git run a program (:data:`_USERS_GIT_RUNS`),
putting the user's own values back. Removal goes by descriptors, through no link, each
folder opened to its owner first (a command's ``chmod``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import stat
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from coordinator.tools import gitdirs
from coordinator.tools.base import ToolError
from coordinator.tools.programs import program_path
from coordinator.tools.workspace import (
    COORDINATOR_DIR,
    GIT_DIR,
    PROTECTED_PATHS,
    announce_missing,
    is_reserved,
    open_folder,
    protected_names,
    reserved_dir,
    reserved_dirs,
    user_dirs,
    withdraw,
)


def _inside(root: Path, path: Path) -> Path | None:
    """Where ``path`` leads, when that exists inside the workspace (not its root, not the
    coordinator's own directory); None otherwise (outside, the system is read-only)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if target == root or not target.is_relative_to(root) or is_reserved(root, target):
        return None
    return target


class PathKind(StrEnum):
    """What a protected path (or a folder on its way) was found to be."""

    MISSING = "missing"
    LINK = "link"
    DIR = "dir"
    FILE = "file"
    #: A folder on its way shut (its contents unseen).
    CLOSED = "closed"


@dataclass(frozen=True)
class _Seen:
    """What one protected path (or a folder on its way) was: its kind, identity and, for a
    link, where it pointed."""

    kind: PathKind
    ident: tuple[int, int] = (0, 0)
    link: str = ""


def _seen_open(root: Path, rel: str) -> _Seen:
    """:func:`_seen` of ``root/rel``, the folders on its way opened to their owner first
    when one was shut (:func:`_writable`: a command's ``chmod 0 .claude`` hid what it made
    there, which passed for missing)."""
    seen = _seen(root / rel)
    if seen.kind != PathKind.CLOSED:
        return seen
    _writable(root, (root / rel).parent)
    return _seen(root / rel)


def _seen(path: Path) -> _Seen:
    try:
        info = os.lstat(path)
    except PermissionError:
        return _Seen(PathKind.CLOSED)
    except OSError:
        return _Seen(PathKind.MISSING)
    ident = (info.st_dev, info.st_ino)
    if stat.S_ISLNK(info.st_mode):
        return _Seen(PathKind.LINK, ident, os.readlink(path))
    return _Seen(PathKind.DIR if stat.S_ISDIR(info.st_mode) else PathKind.FILE, ident)


@dataclass(frozen=True)
class ProtectedGuard:
    """The protected paths of a workspace as they were before a sandboxed command, to undo
    what the bind mounts cannot stop: a protected path created where it was missing (it is
    removed), a link to one (or to its folder) replaced (the link is put back). Its
    processes all die with the sandbox, so nothing it started writes after the check."""

    root: Path
    before: dict[str, _Seen]
    protected: frozenset[str] = frozenset(PROTECTED_PATHS)
    #: The list of what was missing, held while the command runs (:func:`announce_missing`).
    marker: tuple[int, Path] | None = None
    #: The git settings and hooks of the git directories in the workspace, as the last
    #: walk found them (:func:`_nested_gits`).
    nested: Mapping[str, _NestedGit] | None = None
    #: That walk, and the file system's time as the command starts (None: unknown, then
    #: a git directory that walk did not find is the command's).
    walk: gitdirs.Walk | None = None
    since: gitdirs.Clock | None = None
    #: Held while it sweeps (a program's guard is swept after each call to it, and before
    #: coord runs a program as the user: :func:`sweep_running`).
    sweeping: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @classmethod
    def taken(cls, root: Path, extra: Iterable[Path] = ()) -> ProtectedGuard:
        """The state of ``root``'s protected paths (:func:`protected_names`, HOME as commands
        get it; and the ``extra`` folders in it, where the sandbox keeps them read-only: one
        missing must not appear either) and every folder on their way, now."""
        root = root.resolve()
        home = os.environ.get("HOME")
        protected = protected_names(root, Path(home) if home else None)
        protected += [p.relative_to(root).as_posix() for p in extra if root in p.parents]
        names: dict[str, None] = {}
        for rel in [*protected, *_own_names(root)]:
            parts = rel.split("/")
            names.update({"/".join(parts[: i + 1]): None for i in range(len(parts))})
        seen = {rel: _seen_open(root, rel) for rel in names}
        guard = cls(root, seen, frozenset(protected))
        missing = [rel for rel, was in seen.items() if was.kind == PathKind.MISSING]
        marker = announce_missing(root, [rel for rel in missing if guard._guarded(rel)])
        since = gitdirs.clock(reserved_dir(root))
        walk = gitdirs.last_walk(root) if since is not None else None
        if walk is None:  # (the first command here: walked now, and after it)
            nested = _nested_gits(root)
            walk = gitdirs.last_walk(root)
        else:  # what the last walk found, read again; the walk after it finds the rest
            nested = _nested_gits(root, walk.found)
        return replace(guard, marker=marker, nested=nested, walk=walk, since=since)

    def restore(self) -> list[str]:
        """Undo what a command did to the protected paths (it has ended); one line per
        path undone."""
        try:
            return self.sweep()
        finally:
            withdraw(self.marker)

    def sweep(self) -> list[str]:
        """Undo what a program still running (a confined MCP server, after each call to
        it) did to the protected paths so far; one line per path undone."""
        with self.sweeping:
            return self._swept()

    def _swept(self) -> list[str]:
        undone: list[str] = []
        for rel in sorted(self.before, key=lambda r: r.count("/")):  # folders first
            was, now = self.before[rel], _seen_open(self.root, rel)
            if now == was or (was.kind == PathKind.MISSING and not self._guarded(rel)):
                continue
            if was.kind == PathKind.LINK or (
                was.kind == PathKind.MISSING and now.kind != PathKind.MISSING
            ):
                undone.append(self._undo(rel, was))
        undone += _programs_removed(self.root, self.before[GIT_DIR])
        undone += _nested_programs_removed(self.root, self.nested or {}, self._was)
        walk = gitdirs.last_walk(self.root)
        if walk is not None and walk.unread and self.since is not None:
            opened = gitdirs.opened_again(walk, self.since)  # (then what lies below is seen)
            undone += [f"{self._rel(p)}: made readable again (it hid a folder)" for p in opened]
            if opened:
                undone += _nested_programs_removed(self.root, self.nested or {}, self._was)
        return undone

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _was(self, folder: Path, now: _NestedGit) -> _NestedGit:
        """What the git directory ``folder`` (``now`` as the command left it; none the
        last walk found) held before the command: where it was one already
        (:func:`~coordinator.tools.gitdirs.there_before`: made by the user meanwhile), its
        hooks and files of settings the command did not change; else nothing."""
        walk, since = self.walk, self.since
        if walk is None or since is None:
            return _NestedGit("new", {})
        if not gitdirs.there_before(walk, self.root, folder, since):
            return _NestedGit("new", {})
        hooks = {  # (key "": ``hooks`` itself, a link)
            name: digest
            for name, digest in now.hooks.items()
            if not self._changed(folder / "hooks" / name, since)
        }
        if any(self._changed(folder / name, since) for name in _GIT_CONFIGS):
            return _NestedGit("new", hooks)
        return _NestedGit(now.config, hooks, {name: _kept(folder / name) for name in _GIT_CONFIGS})

    @staticmethod
    def _changed(path: Path, since: gitdirs.Clock) -> bool:
        """Whether the hook or file of settings ``path``, or what it leads to, changed
        at ``since`` or later."""
        return any(gitdirs.changed_since(source, since) for source in _sources(path))

    def _guarded(self, rel: str) -> bool:
        """Whether ``rel``, missing before, must not appear: a protected path, but in a git
        directory that was missing too (a repository the command made is its own)."""
        fresh_git = rel.startswith(GIT_DIR + "/") and self.before[GIT_DIR].kind == PathKind.MISSING
        return rel in self.protected and not fresh_git

    def _undo(self, rel: str, was: _Seen) -> str:
        path = self.root / rel
        folder = self.root if path.parent == self.root else _inside(self.root, path.parent)
        if folder is None:
            return f"{rel}: changed, and left (its folder is not in the workspace)"
        _writable(self.root, folder)  # (a command's ``chmod a-w .``)
        try:  # in the folder as reached without links: one swapped meanwhile is left alone
            fd = open_folder(self.root, folder, rel)
        except ToolError:
            return f"{rel}: changed, and left (its folder changed while it was undone)"
        try:
            _remove_in(fd, path.name)
            if was.kind == PathKind.LINK:
                os.symlink(was.link, path.name, dir_fd=fd)
        except OSError as exc:
            return f"{rel}: could not be undone ({exc.strerror or exc})"
        finally:
            os.close(fd)
        return f"{rel}: {'link put back' if was.kind == PathKind.LINK else 'removed'}"


#: The guards of programs running in the sandbox (a Bash command, a workspace hook, a
#: confined MCP server, which lives as long as its run), by id (:func:`running`).
_RUNNING: dict[int, ProtectedGuard] = {}
_RUNNING_LOCK = threading.Lock()


def running(guard: ProtectedGuard) -> Callable[[], None]:
    """Count ``guard``'s program as running until the function returned is called: what it
    writes meanwhile is undone by :func:`sweep_running` too."""
    with _RUNNING_LOCK:
        _RUNNING[id(guard)] = guard

    def stopped() -> None:
        with _RUNNING_LOCK:
            _RUNNING.pop(id(guard), None)

    return stopped


def programs_running() -> bool:
    """Whether a program runs in the sandbox beyond one command (:func:`running`)."""
    return bool(_RUNNING)


async def swept_before_users_program() -> list[str]:
    """:func:`sweep_running` (in a thread: it may walk the workspace and run git), right
    before coord runs a program as the user; nothing at once when no program is running."""
    if not programs_running():
        return []
    return await asyncio.to_thread(sweep_running)


def sweep_running() -> list[str]:
    """Undo what each program still running in the sandbox (:func:`running`) did so far to
    the protected paths, before coord runs a program as the user (a hook's command, a call
    to a server of the user's): a confined server writes between calls to it (a command
    or workspace hook while it runs), and the user's git run then in a repository it made
    would run its fsmonitor. One line per
    path undone (nothing, at once, when none is running)."""
    with _RUNNING_LOCK:
        guards = list(_RUNNING.values())
    return [line for guard in guards for line in guard.sweep()]


#: Settings (as git lists them: lower case) that make the user's own git, run later in the
#: workspace (``git status``, ``git commit``, ``git log``), start a program or read another
#: file of settings (or let a remote's ``ext::`` URL run a shell at ``git fetch``); a
#: submodule's ``update`` too, whatever its value (``!command`` runs at ``git submodule
#: update``, redteam105; ``rebase`` or ``merge`` set by a command go with it), and
#: ``core.alternateRefsCommand`` (run when the user pushes into the repository); a
#: built-in tool's program (``man.man.path`` ran at the user's ``git log --help``,
#: review113; ``difftool``'s, ``mergetool``'s, ``browser``'s), ``imap.tunnel``,
#: ``instaweb.httpd`` and ``git send-email``'s commands (``smtpServer`` a program's path).
_USERS_GIT_RUNS = re.compile(
    r"^(?:core\.(?:fsmonitor|hookspath|sshcommand|pager|editor|askpass|gitproxy|worktree"
    r"|alternaterefscommand)"
    r"|sequence\.editor|diff\.external|alias\..+|pager\..+|include\.path|includeif\..+"
    r"|submodule\..+\.update|(?:man|browser|difftool|mergetool)\..+\.path"
    r"|imap\.tunnel|instaweb\.httpd"
    r"|sendemail\.(?:.+\.)?(?:tocmd|cccmd|headercmd|sendmailcmd|smtpserver)"
    r"|protocol\.(?:.+\.)?allow"
    r"|.+\.(?:command|textconv|driver|clean|smudge|process|helper|program|cmd"
    r"|defaultkeycommand|recentobjectshook|difffilter|uploadpack|receivepack))$"
)


def _programs_removed(root: Path, before: _Seen) -> list[str]:
    """Where the workspace's ``.git`` leads to a git directory a command wrote whole (one it
    made, or one a ``.git`` file or link names inside the workspace), what would make the
    user's own git there run a program as the user, outside any sandbox, removed: its
    hooks (but git's ``.sample`` files) and such settings (:data:`_USERS_GIT_RUNS`:
    ``core.fsmonitor`` runs at every ``git status``) of each file of settings git reads
    there (:data:`_GIT_CONFIGS`: with ``extensions.worktreeConfig``, ``config.worktree``
    too, where the agent's ``core.fsmonitor`` and a promisor remote's ``uploadpack`` ran
    at the user's next ``git status`` and at coord's own, redteam104); one line per
    change."""
    folder = _agents_git_dir(root, before)
    if folder is None:
        return []
    rel = folder.relative_to(root).as_posix()
    undone = _hooks_removed(root, folder, rel)
    for name in _GIT_CONFIGS:
        undone += _settings_removed(root, folder / name, rel)
    return undone


@dataclass(frozen=True)
class _NestedGit:
    """A git directory in the workspace: digests of its ``config`` files and of each hook,
    and what each file of settings held (None: missing, or too long to keep), to put
    back the user's own settings a command changed."""

    config: str
    hooks: Mapping[str, str]
    settings: Mapping[str, bytes | None] = field(default_factory=dict)


#: How much of a nested repository's config, or of a hook, is read for its digest.
_DIGESTED = 1 << 20


def _nested_gits(root: Path, known: Iterable[Path] | None = None) -> dict[str, _NestedGit]:
    """The git directories in the workspace (:func:`~coordinator.tools.gitdirs.git_dirs`: a
    repository's ``.git`` in a subfolder, a submodule's in ``.git/modules``, a bare one) but
    its own ``.git`` (bound read-only; one a command makes whole is
    :func:`_programs_removed`'s), by folder: the user's git run there, or ``git status``
    in the workspace's own repository for a gitlink, starts its ``core.fsmonitor``. With
    ``known``: those of them (a walk's) still folders (one git is led to by a ``.git`` file
    or link, or a ``commondir``, counts though it is no git directory)."""
    own = root / GIT_DIR
    found: dict[str, _NestedGit] = {}
    if known is None:
        folders = gitdirs.git_dirs(root, set(reserved_dirs(root)))
    else:
        folders = [folder for folder in known if folder.is_dir()]
    for folder in folders:
        if folder != own:
            configs = "|".join(_followed_digest(folder / name) for name in _GIT_CONFIGS)
            rel = folder.relative_to(root).as_posix()
            kept = {name: _kept(folder / name) for name in _GIT_CONFIGS}
            found[rel] = _NestedGit(configs, _hook_digests(folder / "hooks"), kept)
    return found


#: The files of settings git reads in a git directory.
_GIT_CONFIGS = ("config", "config.worktree")


def _kept(path: Path) -> bytes | None:
    """The bytes of the file of settings ``path`` (read without following a link), or
    None: missing, a link, or past :data:`_DIGESTED` bytes."""
    text = gitdirs.read_plain(path, _DIGESTED + 1)
    return text if text is not None and len(text) <= _DIGESTED else None


def _digest(path: Path) -> str:
    """A digest of the file ``path`` (read without following a link): its inode, change
    time and size, and its first :data:`_DIGESTED` bytes. The change time, which no
    command can set back, covers what lies past those bytes (a config padded to more
    than a megabyte, a setting changed at its end in the same size); "" when it cannot
    be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        head = hashlib.sha256(fh.read(_DIGESTED)).hexdigest()
        return f"{info.st_ino}:{info.st_ctime_ns}:{info.st_size}:{head}"


def _followed_digest(path: Path) -> str:
    """:func:`_digest` of the file ``path``; of a link, where it leads and the digest of
    the file there (a hook or config linked to a file of the work tree: a command that
    rewrites that file changes what the user's git runs, the link left alone)."""
    digest = _digest(path)
    if digest or not path.is_symlink():
        return digest
    try:
        return f"link:{os.readlink(path)}:{_digest(path.resolve())}"
    except (OSError, RuntimeError):
        return "link:?"


def _hook_digests(hooks: Path) -> dict[str, str]:
    """A digest of each hook in ``hooks`` (but git's ``.sample`` files; a link's, of what
    it leads to too); of a ``hooks`` that is a link, where it leads and each hook there
    (key ``""``)."""
    try:
        if hooks.is_symlink():
            led = "|".join(f"{p.name}={_followed_digest(p)}" for p in _hook_files(hooks.resolve()))
            return {"": f"link:{os.readlink(hooks)}:{led}"}
    except (OSError, RuntimeError):
        return {"": "link:?"}
    return {path.name: _followed_digest(path) or "?" for path in _hook_files(hooks)}


def _hook_files(hooks: Path) -> list[Path]:
    """The hooks in the folder ``hooks`` (but git's ``.sample`` files), by name."""
    try:
        names = sorted(n for n in os.listdir(hooks) if not n.endswith(".sample"))
    except OSError:
        return []
    return [hooks / name for name in names]


def _sources(path: Path) -> list[Path]:
    """What a hook, ``hooks`` folder or file of settings at ``path`` is made of: itself;
    for a link, what it leads to too (a folder: and each hook in it)."""
    if not path.is_symlink():
        return [path]
    try:
        led = path.resolve()
    except (OSError, RuntimeError):
        return [path]  # (a loop: it leads to nothing git could run)
    return [path, led, *(_hook_files(led) if led.is_dir() else ())]


def _nested_programs_removed(
    root: Path,
    before: Mapping[str, _NestedGit],
    was_new: Callable[[Path, _NestedGit], _NestedGit],
) -> list[str]:
    """What a command changed in a git directory in the workspace (:func:`_nested_gits`;
    in one not in ``before``, what ``was_new`` says it did not hold before) that makes the
    user's own git run a program: a hook it added or changed is removed, and a config it
    changed loses such settings (:data:`_USERS_GIT_RUNS`); one line per change. One in
    ``before`` that the walk now misses is read where it was (a folder on its way made
    unreadable, ``chmod 111``, hides it from the walk, not from the user's git)."""
    undone: list[str] = []
    found = _nested_gits(root)
    missed = [root / rel for rel in before if rel not in found]
    for rel, now in {**found, **_nested_gits(root, missed)}.items():
        folder = root / rel
        was = before[rel] if rel in before else was_new(folder, now)
        added = [n for n, d in now.hooks.items() if was.hooks.get(n) != d]
        if added:
            undone += _hooks_removed(root, folder, rel, added)
        if now.config != was.config:
            for name in _GIT_CONFIGS:
                undone += _settings_removed(root, folder / name, rel, was.settings.get(name))
    return undone


def _agents_git_dir(root: Path, before: _Seen) -> Path | None:
    git = root / GIT_DIR
    now = _seen(git)
    if now.kind == PathKind.DIR:
        return git if before.kind == PathKind.MISSING else None  # else its settings are bound
    if now.kind == PathKind.FILE:  # (a FIFO there is not waited on: read_plain)
        line = os.fsdecode(gitdirs.read_plain(git, 4096) or b"").partition("\n")[0]
        if line.startswith("gitdir:"):
            git = root / line.removeprefix("gitdir:").strip()
    target = _inside(root, git) if now.kind in (PathKind.FILE, PathKind.LINK) else None
    return target if target is not None and target.is_dir() else None


def _hooks_removed(
    root: Path, folder: Path, rel: str, only: Iterable[str] | None = None
) -> list[str]:
    """Remove the hooks of the git folder ``folder`` (but git's ``.sample`` files; with
    ``only``, those named), or its ``hooks`` itself when that is a link (git follows it);
    one line per hook removed."""
    _writable(root, folder / "hooks")  # (a command's ``chmod 555 .git/hooks``)
    if (folder / "hooks").is_symlink():
        return _hooks_link_removed(root, folder, rel)
    try:
        fd = open_folder(root, folder / "hooks", rel)
    except ToolError:
        return []
    try:
        listed = os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=fd)
        names = [n for n in os.listdir(listed) if not n.endswith(".sample")]
        names = names if only is None else [n for n in names if n in set(only)]
        os.close(listed)
        for name in names:
            _remove_in(fd, name)
    except OSError:
        return [f"{rel}/hooks: could not be emptied"]
    finally:
        os.close(fd)
    return [f"{rel}/hooks/{name}: removed" for name in names]


def _hooks_link_removed(root: Path, folder: Path, rel: str) -> list[str]:
    """Remove the link ``hooks`` in the git folder ``folder`` (reached through no link)."""
    try:
        fd = open_folder(root, folder, rel)
    except ToolError:
        return []
    try:
        if not stat.S_ISLNK(os.stat("hooks", dir_fd=fd, follow_symlinks=False).st_mode):
            return []
        os.unlink("hooks", dir_fd=fd)
    except OSError:
        return [f"{rel}/hooks: a link, could not be removed"]
    finally:
        os.close(fd)
    return [f"{rel}/hooks: a link, removed"]


def _settings_removed(root: Path, config: Path, rel: str, before: bytes | None = None) -> list[str]:
    """Neutralise the settings of the file ``config`` (in a git directory in the workspace
    ``root``) that make the user's git run a program (:data:`_USERS_GIT_RUNS`) and that
    differ from what it held ``before`` the command (None: nothing of the user's): each is
    removed, and the user's own values of it put back; one line per setting changed (or
    that could not be). Its folder and the file are opened to their owner first (a
    command's ``chmod 555 .git``, ``chmod 0 .git/config``: git could neither rewrite nor
    read it, and the user's git ran it once the user opened it)."""
    named = f"{rel}/{config.name}".removeprefix("./")
    _writable(root, config.parent)
    if config.is_symlink():
        try:
            config.unlink()
        except OSError as exc:
            return [f"{named}: a link, could not be removed ({exc.strerror or exc})"]
        return [f"{named}: a link, removed"]
    git = program_path("git")
    if git is None or not _readable(config):
        return []
    base = [git, "config", "--file", str(config)]
    text = _kept(config)  # (no link followed, no FIFO waited on; past 1 MB git reads it)
    now = _run_settings(git, text if text is not None else config)
    was = _run_settings(git, before) if before is not None else {}
    changed = [name for name in {**now, **was} if was.get(name) != now.get(name)]
    undone = []
    for name in changed:
        subprocess.run([*base, "--unset-all", name], capture_output=True, timeout=30, check=False)
        for value in was.get(name, []):
            add = [*base, "--add", name, value]
            subprocess.run(add, capture_output=True, timeout=30, check=False)
        undone.append(f"{named}: {name} {'put back as it was' if name in was else 'removed'}")
    if changed:
        left = _run_settings(git, config)
        undone += [
            f"{named}: {n} could not be removed" for n in changed if left.get(n) != was.get(n)
        ]
    return undone


def _run_settings(git: str, source: bytes | Path) -> dict[str, list[str]]:
    """The settings of a file of settings (its bytes, given to git on standard input: no
    file is written; or the file itself) that make the user's git run a program
    (:data:`_USERS_GIT_RUNS`), each with its values in order, as git reads them. Its
    includes are not followed: ``include.path`` is such a setting itself, and one git could
    not follow (a relative one, from standard input) ended the list there, leaving out a
    ``core.fsmonitor`` after it, which the user's next ``git status`` ran."""
    where = "-" if isinstance(source, bytes) else str(source)
    listed = subprocess.run(
        [git, "config", "--no-includes", "--file", where, "--list", "-z"],
        input=source if isinstance(source, bytes) else b"",
        capture_output=True,
        timeout=30,
        check=False,
    )
    found: dict[str, list[str]] = {}
    for entry in listed.stdout.decode(errors="surrogateescape").split("\0"):
        name, _, value = entry.partition("\n")
        if name and _USERS_GIT_RUNS.match(name):
            found.setdefault(name, []).append(value)
    return found


def _remove_in(fd: int, name: str) -> None:
    """Remove ``name`` (a folder with what it holds, or anything else; nothing when it is
    gone) from the folder ``fd``, following no link."""
    try:
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        _remove_tree(fd, name)
    else:
        os.unlink(name, dir_fd=fd)


#: A folder reached by its name, never through a link: to open it up (``O_PATH``), to
#: list it.
_PATH_DIR = os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_LIST_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _remove_tree(fd: int, name: str) -> None:
    """Remove the folder ``name`` of the folder ``fd`` with all it holds: depth first, by
    descriptors, without recursion (``shutil.rmtree`` recursed: a command's tree 2,000
    folders deep raised RecursionError, which ended the guard with the agent's files
    left), each folder opened to its owner before it is emptied (a command's ``chmod 0``
    kept rmtree out)."""
    here, trail = _entered(fd, name), [name]
    try:
        while True:
            below = _emptied(here)
            if below is not None:
                inner = _entered(here, below)
                os.close(here)
                here = inner
                trail.append(below)
                continue
            done = trail.pop()
            if not trail:
                break
            up = os.open("..", _LIST_DIR, dir_fd=here)
            os.close(here)
            here = up
            os.rmdir(done, dir_fd=here)
    finally:
        os.close(here)
    os.rmdir(name, dir_fd=fd)


def _entered(fd: int, name: str) -> int:
    """The folder ``name`` of the folder ``fd``, opened to its owner, open to be listed."""
    path = os.open(name, _PATH_DIR, dir_fd=fd)
    try:
        _opened_up(path)
        return os.open(".", _LIST_DIR, dir_fd=path)
    finally:
        os.close(path)


def _emptied(fd: int) -> str | None:
    """Remove from the folder ``fd`` what is no folder, up to its first folder: that
    folder's name; None once it is empty."""
    with os.scandir(fd) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                return entry.name
            os.unlink(entry.name, dir_fd=fd)
    return None


def _opened_up(fd: int) -> None:
    """Give the folder ``fd`` (an ``O_PATH`` descriptor) back to its owner: reading,
    writing and searching, which a command (running as the user) could take away to keep
    the guard out. Best effort (a folder of another owner is left)."""
    with contextlib.suppress(OSError):
        mode = os.fstat(fd).st_mode
        if mode & 0o700 != 0o700:
            os.chmod(f"/proc/self/fd/{fd}", stat.S_IMODE(mode) | 0o700)


def _writable(root: Path, folder: Path) -> None:
    """:func:`_opened_up` the workspace ``root`` and each folder from it down to ``folder``,
    reached through no link (a command's ``chmod 555 .git`` kept the guard from removing
    its hooks and settings, ``chmod 0 .claude`` hid what it made there); nothing outside
    ``root``. A few system calls, only where the guard finds something to undo."""
    if not folder.is_relative_to(root):
        return
    try:
        fd = os.open(root, _PATH_DIR)
    except OSError:
        return
    try:
        _opened_up(fd)
        for name in folder.relative_to(root).parts:
            inner = os.open(name, _PATH_DIR, dir_fd=fd)
            os.close(fd)
            fd = inner
            _opened_up(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _readable(path: Path) -> bool:
    """Whether ``path`` is a regular file (no link), given back reading and writing to its
    owner when a command took them away (``chmod 0 .git/config``)."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o600 != 0o600:
            os.chmod(path, stat.S_IMODE(info.st_mode) | 0o600)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode)


def _own_names(root: Path) -> list[str]:
    """The coordinator's own folders in ``root`` (relative): hidden from a command where
    they lead, but a link to one lies in a writable folder; the guard puts it back."""
    names = [COORDINATOR_DIR]
    for folder in user_dirs():
        if folder.is_relative_to(root) and folder != root:
            names.append(folder.relative_to(root).as_posix())
    return names
