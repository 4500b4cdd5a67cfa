"""``isolation: worktree``: an agent run works in its own git worktree, merged back at the end.

:func:`open_worktree` makes (or, on resume, finds again) a worktree of the workspace's
repository on the branch ``coord/<session>/<run>``, at the workspace's current commit, kept
inside the repository's git directory (``.git/coord-worktrees/``) so it is never part of a
working tree. The agent's tools see the worktree (the same sub-folder when the workspace is
a sub-folder of its repository). :func:`finish_worktree`, when the run ends, commits what the
agent left uncommitted, then merges the branch into the workspace's current branch
(``git merge --no-ff``). Merged, or nothing changed: the worktree and the branch are removed.
A conflict (or uncommitted changes in the workspace that the merge would overwrite) aborts
the merge and keeps the branch for a person, with the files named. A branch that changes a
protected path (:func:`~coordinator.tools.workspace.protected_change`) is kept the same way,
never merged: a command in the workspace can write a worktree, or its branch, in ``.git``.
A sandboxed command of the run may ``git commit`` to its branch (:func:`git_access`: the
objects, the worktree's own git directory, the session's ref folder; not git's settings).
With WorktreeCreate hooks (:class:`WorktreeHooks`) the hooks make the worktree in git's
place and coord adopts it (:func:`_adopt`: where it may lie, whose it is, the run's branch
checked out there); WorktreeRemove hooks are told before coord removes any worktree.

Worktree creation and merges of one repository are serialised by a lock file in its git
directory, so concurrent chains do not race on git's own locks. git runs with hooks and
fsmonitor off (``core.hooksPath=/dev/null``, ``core.fsmonitor=false``), and the
repository's own configuration (``.git/config``, what it includes, ``config.worktree``, or
a ``commondir`` it is sent to) is read before a worktree is made and again before its merge:
a run is refused its worktree (:class:`WorktreeUnavailable`, naming the setting) when that
configuration names a program the commands coord runs would start (a filter's
clean/smudge/process, a merge driver, a signing program, gc's hook) or moves the work tree
(``core.worktree``); so is the configuration of every repository checked out inside it (a
submodule, or a repository a command made and committed: ``git add`` and ``git diff`` run
``git status`` in each, which starts its clean filter). The tools keep ``.git`` from
agents, but a repository an agent's own command made, or redirected, is written by the
agent; nothing it writes there may run as the user. Settings of the user's own (global,
system) configuration are trusted, as are git-lfs's filters as ``git lfs install`` writes
them.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import hashlib
import os
import re
import shutil
import stat
import subprocess
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from coordinator.config import DEFAULT_WORKTREE_MAX_COMMIT_MB
from coordinator.regular import open_regular
from coordinator.runtime.pack_cost import PackRefused, pack_cost
from coordinator.status import MergeStatus as MergeStatus  # (here first: still imported so)
from coordinator.status import left_uncommitted as left_uncommitted  # (likewise)
from coordinator.status import too_big_detail
from coordinator.tools.base import GitAccess
from coordinator.tools.changes import filters_off, git_env
from coordinator.tools.folding import folded
from coordinator.tools.gitdirs import GIT_HOOKS, git_dir_shape
from coordinator.tools.programs import program_path
from coordinator.tools.workspace import own_code_in, protected_change, reserved_dirs

#: The most bytes of objects (a delta's result counted whole) the packs a worktree run's
#: commands wrote may hold, each time coord takes them in: ``worktree_max_commit_mb``.
_MOST_PACKED = DEFAULT_WORKTREE_MAX_COMMIT_MB << 20
_SAFE = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false")
_FALLBACK_IDENTITY = ("-c", "user.name=coord", "-c", "user.email=coord@localhost")
#: Settings (as git lists them: section and name in lower case) with which the commands coord
#: runs (worktree add, add, commit, merge, and the ``gc --auto`` of the last two) would start
#: a program, or write elsewhere.
_RUNS_PROGRAM = re.compile(
    r"^(?:filter\..+\.(?:clean|smudge|process)|merge\..+\.driver|gpg\.(?:.+\.)?program"
    r"|gpg\.ssh\.defaultkeycommand|hook\..+\.command|gc\.recentobjectshook|core\.worktree)$"
)
#: git-lfs's filters, as ``git lfs install --local`` writes them: the user's program.
_KNOWN_PROGRAMS = frozenset(
    {"git-lfs clean -- %f", "git-lfs smudge -- %f", "git-lfs filter-process"}
)
#: Configuration scopes a repository carries itself (an agent may have written them).
_REPOSITORY_SCOPES = frozenset({"local", "worktree"})


@dataclass(frozen=True)
class Worktree:
    """One run's worktree: where it is, its branch, and where the agent works in it."""

    repo: Path  # the workspace repository's top level
    path: Path  # the worktree's top level
    branch: str
    base: str  # the commit it started from
    root: Path  # the agent's workspace inside the worktree
    #: The repository's git directory, the worktree's own in it (``worktrees/NAME``) and
    #: the object format, as git named them when the worktree was opened (before any
    #: command of the run), so that what a command later writes redirects none of them.
    common: Path
    admin: Path
    object_format: str


@dataclass(frozen=True)
class GitPlaces:
    """Where git run in a folder finds its repository, from one ``git rev-parse``
    (:func:`git_places`): the top of its work tree, its own git directory (a linked
    worktree's is in the repository's ``worktrees/``), the repository's git directory,
    the object format (``sha1``, ``sha256``), and the commit HEAD names ("": none yet)."""

    top: Path
    own: Path
    common: Path
    object_format: str
    head: str


@dataclass(frozen=True)
class MergeResult:
    """What :func:`finish_worktree` did."""

    status: MergeStatus
    branch: str
    files: list[str] = field(default_factory=list)
    detail: str = ""


class WorktreeUnavailable(Exception):
    """The workspace cannot have a worktree (not a git repository, no commit yet)."""


#: The folder of every run's branch (:func:`branch_name`).
_BRANCHES = "coord"


def branch_name(session_id: str, run_id: int) -> str:
    """The branch a run's worktree is on."""
    return f"{_BRANCHES}/{session_id}/{run_id}"


class WorktreeRefused(Exception):
    """The WorktreeCreate hooks made no worktree coord can use (one failed, printed no path,
    or a path where no worktree of the run may lie): the run fails, as Claude Code's
    sub-agent does when its worktree cannot be made."""


@dataclass(frozen=True)
class WorktreeHooks:
    """A run's WorktreeCreate and WorktreeRemove hooks (:mod:`coordinator.runtime.hook_gate`).
    ``create``: given the worktree's name, the path the hooks printed, or None when no
    WorktreeCreate hook is configured (git makes it); WorktreeRefused when they failed.
    ``remove``: told the worktree's path before coord removes it (nothing they do changes
    that)."""

    create: Callable[[str], Awaitable[str | None]]
    remove: Callable[[Path], Awaitable[None]]


async def open_worktree(
    workspace: Path,
    session_id: str,
    run_id: int,
    hooks: WorktreeHooks | None = None,
    protected: Iterable[Path] = (),
) -> Worktree:
    """The run's worktree, made now or found again; WorktreeUnavailable when there can be
    none. With WorktreeCreate ``hooks``, they make it in git's place (once: a resume finds
    the worktree holding the run's branch again, :func:`_held`), and coord checks out the
    run's branch there (:func:`_adopt`; ``protected``: the roster's folders, where no
    worktree may lie)."""
    if hooks is None:
        return await asyncio.to_thread(_open, workspace, session_id, run_id)
    branch = branch_name(session_id, run_id)
    found = await asyncio.to_thread(_held, workspace, branch)
    printed = str(found) if found is not None else await hooks.create(f"{session_id}-{run_id}")
    if printed is None:
        return await asyncio.to_thread(_open, workspace, session_id, run_id)
    try:
        return await asyncio.to_thread(_adopt, workspace, branch, printed, list(protected))
    except WorktreeUnavailable as exc:
        raise WorktreeRefused(f"no worktree coord can use at {printed.strip()!r}: {exc}") from None


async def finish_worktree(
    wt: Worktree,
    message: str,
    protected: Iterable[Path] = (),
    hooks: WorktreeHooks | None = None,
    *,
    most_mb: int | None = DEFAULT_WORKTREE_MAX_COMMIT_MB,
) -> MergeResult:
    """Commit the agent's changes and merge them into the workspace's current branch; a
    branch changing a protected path (``protected``: the roster's folders in the worktree;
    coord's own folders and code in the repository, :func:`own_folders`) is kept for a
    person instead (:func:`_protected_files`). Then the worktree is removed (its branch
    too, unless kept), the WorktreeRemove ``hooks`` told its path first. Past ``most_mb``
    MB of changed files (None: no limit) nothing is committed: the worktree is kept."""
    folders = [p.relative_to(wt.path).as_posix() for p in protected if p.is_relative_to(wt.path)]
    most = None if most_mb is None else most_mb << 20
    result = await asyncio.to_thread(_finish, wt, message, folders + own_folders(wt.repo), most)
    if hooks is not None:
        await hooks.remove(wt.path)
    if left_uncommitted(result.detail):  # (uncommitted: the worktree is what holds them)
        return result
    kept = result.status == MergeStatus.CONFLICT
    await asyncio.to_thread(_remove_locked, wt, delete_branch=not kept)
    return result


def own_folders(repo: Path) -> list[str]:
    """coord's own folders in the repository whose top is ``repo``, relative to it: its
    session folders and per-user ones (:func:`~coordinator.tools.workspace.reserved_dirs`)
    and its code and interpreter (:func:`~coordinator.tools.workspace.own_code_in`), which
    no tool writes; a merge as the user must not either."""
    top = repo.resolve()
    found = [*reserved_dirs(top), *own_code_in(top)]
    return sorted({p.relative_to(top).as_posix() for p in found if p.is_relative_to(top)} - {"."})


#: What :func:`git_places` asks ``git rev-parse``, one line each, in this order; then HEAD.
_PLACES = ("--show-toplevel", "--absolute-git-dir", "--git-common-dir", "--show-object-format")


def git_places(cwd: Path) -> GitPlaces:
    """Where git in ``cwd`` finds its repository (:class:`GitPlaces`), asked of one ``git
    rev-parse``; WorktreeUnavailable when ``cwd`` is in no work tree, or when a path git
    names holds a line break (git prints each answer on a line of its own, unquoted: such
    a path would be read as two)."""
    asked = ("rev-parse", *_PLACES, "--verify", "--quiet", "HEAD^{commit}")
    done = _git(cwd, *asked, check=False)
    expected = {0: len(_PLACES) + 1, 1: len(_PLACES)}.get(done.returncode)  # (1: no HEAD)
    lines = done.stdout.removesuffix("\n").split("\n")
    if expected is None or not done.stdout:
        raise WorktreeUnavailable(f"{cwd} is not in a git repository")
    if len(lines) != expected:
        raise WorktreeUnavailable(
            f"git's paths for {cwd} hold a line break ({done.stdout!r}): coord makes no "
            "worktree there"
        )
    top, own, common, algorithm = lines[: len(_PLACES)]
    shared = Path(common) if os.path.isabs(common) else (cwd / common).resolve()
    head = lines[-1] if done.returncode == 0 else ""
    return GitPlaces(Path(top), Path(own), shared, algorithm, head)


def _open(workspace: Path, session_id: str, run_id: int) -> Worktree:
    workspace = workspace.resolve()
    places = git_places(workspace)
    _refuse_programs(workspace, places.top)
    repo = places.top
    _refuse_elsewhere(repo, places)
    if not places.head:
        raise WorktreeUnavailable(f"the repository at {repo} has no commit yet")
    branch = branch_name(session_id, run_id)
    path = _worktree_path(places.common, f"{session_id}-{run_id}")
    with _repo_lock(places.common):
        if not (path / ".git").exists():
            exists = _git(repo, "rev-parse", "--verify", "--quiet", branch, check=False)
            _git(repo, "worktree", "prune")
            if exists.returncode == 0:  # a resume: the branch's attributes are the run's
                ours = _attribute_blobs(repo, "HEAD") == _attribute_blobs(repo, branch)
                neutral = () if ours else no_filters(repo)
                _git(repo, *neutral, "worktree", "add", str(path), branch)
            else:
                _git(repo, "worktree", "add", "-b", branch, str(path), "HEAD")
    base = _git(repo, "merge-base", "HEAD", branch).stdout.strip()
    admin = _linked_dir(path, places.common).own
    root = path / workspace.relative_to(repo)
    return Worktree(repo, path, branch, base, root, places.common, admin, places.object_format)


def _held(workspace: Path, branch: str) -> Path | None:
    """The worktree that has the run's ``branch`` checked out, as ``git worktree list``
    names it (one a WorktreeCreate hook made before a ``kill -9``: found again, not made
    twice); None when none has. WorktreeUnavailable when the workspace is in no repository
    (coord merges a run's work through git: no hook is asked for a worktree there)."""
    places = git_places(workspace.resolve())
    listed = _git(places.top, "worktree", "list", "--porcelain", "-z", check=False)
    path = None
    for entry in listed.stdout.split("\0"):
        if entry.startswith("worktree "):
            path = entry.removeprefix("worktree ")
        elif entry == f"branch refs/heads/{branch}" and path is not None:
            return Path(path)
    return None


def _adopt(workspace: Path, branch: str, printed: str, protected: list[Path]) -> Worktree:
    """The worktree at ``printed`` (what the WorktreeCreate hooks printed, or :func:`_held`
    found) as the run's: a linked worktree of the workspace's repository, where a run's
    worktree may lie (:func:`_placed`), its configuration running no program, with the
    run's ``branch`` checked out (made at the worktree's HEAD: no file changes); else
    WorktreeUnavailable."""
    workspace = workspace.resolve()
    places = git_places(workspace)
    _refuse_programs(workspace, places.top)
    repo = places.top
    _refuse_elsewhere(repo, places)
    path = _placed(workspace, places, printed, protected)
    found = _linked_dir(path, places.common)
    if found.top.resolve() != path:
        raise WorktreeUnavailable(f"{path} is not the top of a worktree (git's is {found.top})")
    _refuse_programs(path, path)
    with _repo_lock(places.common):
        own = f"refs/heads/{branch}"
        head = _git(path, "symbolic-ref", "-q", "HEAD", check=False).stdout.strip()
        if head != own:
            _refuse_taken(path, head)
            if _git(repo, "rev-parse", "--verify", "--quiet", own, check=False).returncode:
                _git(path, "checkout", "-q", "-b", branch)
            else:  # a resume whose worktree was made again: the branch's attributes are its own
                ours = _attribute_blobs(repo, "HEAD") == _attribute_blobs(repo, branch)
                _git(path, *(() if ours else no_filters(repo)), "checkout", "-q", branch)
    base = _git(repo, "merge-base", "HEAD", branch).stdout.strip()
    root = path / workspace.relative_to(repo)
    return Worktree(repo, path, branch, base, root, places.common, found.own, places.object_format)


def _refuse_taken(path: Path, head: str) -> None:
    """WorktreeUnavailable when the worktree at ``path`` has another run's branch (``head``,
    ``refs/heads/coord/...``) checked out: a run's worktree, in use or kept for its resume,
    that a WorktreeCreate hook printed again (one giving every run the same folder); coord
    would move that run onto this one's branch, and both would write one folder."""
    if head.startswith(f"refs/heads/{_BRANCHES}/"):
        raise WorktreeUnavailable(
            f"{path} has another run's branch {head.removeprefix('refs/heads/')} checked out "
            "(a WorktreeCreate hook gives each run a worktree of its own)"
        )


def _placed(workspace: Path, places: GitPlaces, printed: str, protected: list[Path]) -> Path:
    """The folder ``printed`` names, resolved, when a run's worktree may lie there: in
    coord's worktree folder (``.git/coord-worktrees``), or below the workspace (what the
    run may write) but in no protected path, nor holding one (the roster's folders,
    ``protected``; settings, git's, coord's own folders and code); else
    WorktreeUnavailable."""
    text = printed.strip()
    if not text or "\n" in text or not os.path.isabs(text):
        raise WorktreeUnavailable(f"{text!r} is no absolute path")
    try:
        path = Path(text).resolve(strict=True)
    except (OSError, RuntimeError):
        raise WorktreeUnavailable(f"{text} does not exist") from None
    if not path.is_dir():
        raise WorktreeUnavailable(f"{text} is no folder")
    own = (places.common / "coord-worktrees").resolve()
    if path.is_relative_to(own) and path != own:
        return path
    if path == workspace or not path.is_relative_to(workspace):
        raise WorktreeUnavailable(
            f"{path} is not below the workspace {workspace} (nor in {own}): a run's worktree "
            "lies where the run may write"
        )
    repo = places.top.resolve()
    folders = [p.resolve().relative_to(repo).as_posix() for p in protected if _below(p, repo)]
    why = protected_change(path.relative_to(repo).as_posix(), folders + own_folders(repo))
    if why is not None:
        raise WorktreeUnavailable(
            f"{path} is, lies in or holds the protected path {why}: no run's worktree may"
        )
    return path


def _below(path: Path, top: Path) -> bool:
    return path.resolve().is_relative_to(top)


def _linked_dir(path: Path, common: Path) -> GitPlaces:
    """Where git in the worktree ``path`` finds its repository now (:func:`git_places`);
    WorktreeUnavailable unless its own git directory is a folder of the repository's
    ``worktrees/`` naming ``path`` back, with ``common`` (the repository's git directory)
    as its settings' and objects'. A worktree found again (a resume) has a ``.git`` file,
    and a ``commondir``, that a command in the workspace (outside this run's sandbox, where
    they are read-only) may have rewritten: one naming the repository's git directory
    itself would have the run's commands given its settings and hooks to write
    (:func:`git_access` makes the worktree's own git directory writable)."""
    found = git_places(path)
    own, shared = found.own.resolve(), found.common.resolve()
    if shared != common.resolve() or own.parent != shared / "worktrees":
        raise WorktreeUnavailable(
            f"git in {path} reads the git folder {own} (settings and objects in {shared}), "
            f"not a worktree's of {common}: a command may have rewritten its .git or "
            "commondir"
        )
    _refuse_elsewhere(path, found)
    return found


def git_access(wt: Worktree, most: int | None = _MOST_PACKED) -> GitAccess:
    """What a sandboxed command of the run may write of git outside its worktree, so that
    ``git commit`` works there: the worktree's own directory in ``.git/worktrees`` (its
    HEAD, index, logs, and the run's own object store, :data:`STORE`) and its branch's ref
    and log folders (``refs/heads/coord/SESSION``: this session's runs' branches); its
    ``commondir``, ``gitdir`` and ``config.worktree`` (made empty) stay read-only, as does
    the rest of ``.git`` (config, hooks, info, packed-refs, other branches, and the
    repository's objects: a command replacing one would rewrite every branch's history),
    bound read-only whole (where the sandbox has a tmpfs, ``/tmp``, home, git would write
    the missing rest in it and lose it).
    Nothing where a folder on the way is a link (a command in the workspace may write
    ``.git``: a link would make where it leads writable). After each command (``settle``)
    and at the merge, :func:`take_back` removes the links and symbolic refs a command left,
    puts HEAD back and takes the run's objects in (its packs' objects up to ``most`` bytes
    each time: :func:`_import_pack`)."""
    common, admin, refs = _git_folders(wt)
    objects = common / "objects"
    if not all(_no_links(common, path) for path in (admin, *refs, objects)):
        return GitAccess()
    for path in (*refs, admin / STORE):
        path.mkdir(parents=True, exist_ok=True)
    fixed = [admin / name for name in ("commondir", "gitdir", "config.worktree")]
    fixed[-1].touch()
    settle = functools.partial(_settle, wt, _session_refs(wt), most)
    return GitAccess((admin, *refs), tuple(fixed), (common,), wt.branch, settle)


def _settle(wt: Worktree, others: dict[Path, bytes], most: int | None) -> str | None:
    """After each command (:func:`take_back`): what git would follow removed, so that the
    user's git meets none of it either, the run's objects taken in, so that the repository
    has the commits its branch names, and the session's other refs as they were
    (``others``: :func:`_put_back`); a line saying what was removed or put back, or why the
    objects were not taken in; None when none of these."""
    try:
        removed = take_back(wt, most)
        restored = _put_back(wt, others)
    except (WorktreeUnavailable, OSError) as exc:
        return f"[{exc}]"
    notes = [f"removed: {', '.join(removed)} ({_TAMPERED_NOTE})"] if removed else []
    if restored:
        notes.append(f"put back: {', '.join(restored)} ({_OTHERS_NOTE})")
    return "\n".join(f"[{note}]" for note in notes) or None


_OTHERS_NOTE = (
    "the session's other runs' branches: a kept one is for a person to merge, and a later "
    "run starts from its own; a command of this run writes only its own"
)


def _session_refs(wt: Worktree) -> dict[Path, bytes]:
    """The files in the session's ref folder other than the run's own branch (the session's
    other runs' branches: kept for a person, or a later run's), as they are now."""
    _, _, (folder, _) = _git_folders(wt)
    own = folder / wt.branch.rpartition("/")[2]
    return {
        path: _ref_bytes(path)
        for path in _entries(folder)
        if path not in (own, own.with_name(f"{own.name}.lock"))
        and stat.S_ISREG(path.lstat().st_mode)
    }


#: More than any ref file holds (an object id and a newline; ``ref: refs/heads/NAME``).
_REF_BYTES = 4096


def _ref_bytes(path: Path) -> bytes:
    """The start of a file in a ref folder, at most :data:`_REF_BYTES` and one more: a
    command of the run may write a huge one there, which must not be read whole (no ref is
    that long, so one that long is no ref)."""
    with path.open("rb") as stream:
        return stream.read(_REF_BYTES + 1)


def _put_back(wt: Worktree, before: dict[Path, bytes]) -> list[str]:
    """The session's other refs as they were ``before`` the run's commands: one made since
    removed, one changed or removed written back; the paths put back."""
    now = _session_refs(wt)
    changed = [path for path in now.keys() - before.keys()]
    for path in changed:
        path.unlink()
    for path, data in before.items():
        if now.get(path) != data:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(path)
    return sorted(str(path) for path in changed)


_TAMPERED_NOTE = (
    "links, hard links or symbolic refs in the run's git folders: git, coord's or yours, "
    "would write where they lead, or move the branch they name"
)


#: The run's own object store, in its worktree's git directory: what its commands' git
#: writes (:func:`object_env`); the repository's own objects are only read.
STORE = "coord-objects"


def object_env(wt: Worktree) -> dict[str, str]:
    """Where a command's git writes objects (the run's store) and reads the repository's."""
    common, admin, _ = _git_folders(wt)
    return {
        "GIT_OBJECT_DIRECTORY": str(admin / STORE),
        "GIT_ALTERNATE_OBJECT_DIRECTORIES": str(common / "objects"),
    }


def _git_folders(wt: Worktree) -> tuple[Path, Path, tuple[Path, Path]]:
    """The repository's git directory, the worktree's own in it (named by the worktree's
    ``.git`` file, which commands see read-only; both as found when the worktree was
    opened) and the run's branch's ref and log folders."""
    common, admin = wt.common, wt.admin
    folder = wt.branch.rpartition("/")[0]
    refs = (common / "refs" / "heads" / folder, common / "logs" / "refs" / "heads" / folder)
    return common, admin, refs


def take_back(wt: Worktree, most: int | None = _MOST_PACKED) -> list[str]:
    """Make the run's git state safe for coord's and the user's git once its commands have
    ended: remove what :func:`_tampered` finds (its paths are returned), then take the run's
    objects into the repository (:func:`_import_objects`; its packs' up to ``most`` bytes,
    None: no bound). WorktreeUnavailable for a forged object or a pack git refuses, or
    that would cost more (:func:`_import_pack`)."""
    found = _tampered(wt)
    found += _head_home(wt)
    _import_objects(wt, most)
    return found


def _head_home(wt: Worktree) -> list[str]:
    """The worktree's HEAD put back on the run's branch when a command made it name
    another (``git symbolic-ref HEAD refs/heads/main``, a checkout): a user's hook that
    commits in the worktree would commit to that branch (a detached HEAD moves none)."""
    names = _head_names(wt)
    own = f"refs/heads/{wt.branch}".encode()
    if names is None or names == own or _OBJECT_ID.fullmatch(names):
        return []
    _git(wt.path, "symbolic-ref", "HEAD", own.decode())
    return [f"{wt.admin / 'HEAD'} (it named {names.decode(errors='replace')})"]


def _head_names(wt: Worktree) -> bytes | None:
    """What the worktree's HEAD names (a ref, or an object id: detached); None when it is
    no regular file (:func:`_tampered` removes a link)."""
    fd = _open_regular(wt.admin / "HEAD")
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as fh:
        return fh.read().removeprefix(b"ref:").strip()


#: A ref's content as git writes it: an object id (SHA-1 or SHA-256), no symbolic ref.
_OBJECT_ID = re.compile(rb"(?:[0-9a-f]{40}|[0-9a-f]{64})\n?")
_LOOSE = re.compile(r"[0-9a-f]{2}/(?:[0-9a-f]{38}|[0-9a-f]{62})")
_PACK = re.compile(r"pack/[^/]+\.pack")
_KINDS = frozenset({b"blob", b"tree", b"commit", b"tag"})


def _tampered(wt: Worktree) -> list[str]:
    """What a command left in the run's git folders that git would follow, each removed: a
    link or a hard link (coord's git appends reflogs where it leads), what is no file or
    folder, and a file in the session's ref folder that is no object id (a symbolic ref:
    coord's commit on the run's branch would move the branch it names, ``main``)."""
    _, admin, refs = _git_folders(wt)
    found: list[str] = []
    for top in (admin, *refs):
        for path in _entries(top):
            mode = path.lstat()
            plain = stat.S_ISDIR(mode.st_mode) or (
                stat.S_ISREG(mode.st_mode) and mode.st_nlink == 1
            )
            if plain and top == refs[0] and stat.S_ISREG(mode.st_mode):
                plain = _OBJECT_ID.fullmatch(_ref_bytes(path)) is not None
            if not plain:
                path.unlink()
                found.append(str(path))
    return found


def _entries(top: Path) -> Iterator[Path]:
    """Every file and folder below ``top``, links listed, not followed."""
    for folder, dirs, files in os.walk(top):
        for name in (*dirs, *files):
            yield Path(folder) / name


def _import_objects(wt: Worktree, most: int | None) -> None:
    """Take into the repository the objects the run's commands wrote to their store
    (:data:`STORE`), trusting none of them: a loose object when its content hashes to its
    name (a forged one would stand for that content in every later commit), a pack as
    ``git index-pack`` reads it (naming each object by its content), the packs' objects
    up to ``most`` bytes in all (:func:`_import_pack`); no link followed."""
    common, admin, _ = _git_folders(wt)
    store = admin / STORE
    if store.is_symlink() or not store.is_dir():  # a link: another repository's objects
        return
    algorithm, left = wt.object_format, most
    for path in _entries(store):
        rel = path.relative_to(store).as_posix()
        if _LOOSE.fullmatch(rel):
            _import_loose(path, common / "objects" / rel, algorithm)
        elif _PACK.fullmatch(rel) and not os.path.lexists(common / "objects" / rel):
            left = _import_pack(wt, path, left)  # (a pack's name is its objects': taken once)


#: What a refused pack's name gets (no pack's name to git or :data:`_PACK`).
_REFUSED = ".refused"
#: An object id's bytes in a pack (a ref delta names its base so), by object format.
_ID_BYTES = {"sha1": 20, "sha256": 32}


def _import_pack(wt: Worktree, path: Path, left: int | None) -> int | None:
    """Give the pack ``path`` of the run's store to ``git index-pack`` once its declared
    objects come to at most ``left`` bytes (None: no bound; :func:`pack_cost` reads them
    first, inflating with a cap); what is left of ``left`` after it. A pack past it is
    set aside in the store (renamed :data:`_REFUSED`: neither read again nor git's, kept
    with the worktree for a person) and WorktreeUnavailable raised: git would
    inflate, build and hash every object (redteam115: a 1 MB pack declaring a 1 GiB blob,
    5.7 s of CPU; 14 KB of deltas, each copying an 8 MiB base whole, 9.7 s and 217 MB)."""
    fd = _open_regular(path)
    if fd is None:
        return left
    with os.fdopen(fd, "rb") as pack:
        if left is not None:
            try:
                left -= pack_cost(pack, left, _ID_BYTES.get(wt.object_format, 20))
            except PackRefused as exc:
                aside = path.with_name(f"{path.name}{_REFUSED}")
                path.rename(aside)
                raise WorktreeUnavailable(
                    f"{path} was not taken into the repository, set aside as {aside.name}: "
                    f"{exc}; git would inflate and hash every one of them, outside the sandbox"
                ) from None
            pack.seek(0)
        _git(wt.repo, "index-pack", "--stdin", "--fix-thin", stdin=pack.fileno())
    return left


def _import_loose(path: Path, target: Path, algorithm: str) -> None:
    """Copy the loose object ``path`` to ``target`` (unless there) when it is what its
    name says (:func:`_names_its_content`); WorktreeUnavailable when it is not."""
    if os.path.lexists(target):
        return
    fd = _open_regular(path)
    if fd is None:
        return
    with os.fdopen(fd, "rb") as fh:
        if not _names_its_content(fh, path.parent.name + path.name, algorithm):
            raise WorktreeUnavailable(
                f"{path} is no object named by its content (a command may have forged it): "
                "coord takes none of the run's objects into the repository"
            )
        fh.seek(0)
        target.parent.mkdir(exist_ok=True)
        temporary = target.with_name(f"coord-{os.getpid()}-{path.name}")
        with temporary.open("wb") as out:
            shutil.copyfileobj(fh, out, _CHUNK)
    temporary.chmod(0o444)
    try:
        os.link(temporary, target)  # never over an object already there
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


#: How much of a loose object is read, or inflated, at a time: an object is never held
#: whole (redteam114: a command's 4 MB file, a zlib stream of 4 GB of zeros, had coord
#: inflate it in one piece: 2.5 GB resident, then MemoryError, the run ended with a
#: traceback; ten times the file, ten times the memory).
_CHUNK = 1 << 20
#: The longest header a loose object has (``blob 1234\0``, its size's digits).
_HEADER_BYTES = 32
#: The largest loose object taken in (its header's size): git writes a file past
#: ``core.bigFileThreshold`` (512 MiB) straight into a pack, so a larger loose one is a
#: command's own making, which coord would inflate and hash whole (~8 s of CPU a GB).
_MOST_LOOSE = 1 << 30


def _names_its_content(fh: BinaryIO, name: str, algorithm: str) -> bool:
    """Whether the loose object read from ``fh`` is a zlib stream of a ``kind size\0``
    header and ``size`` bytes whose hash is ``name``, read and inflated a piece at a time,
    stopping as soon as it is not (a header too long, more bytes than it says)."""
    inflate, digest = zlib.decompressobj(), hashlib.new(algorithm)
    head, body = b"", -1  # (-1: the header not read yet)
    try:
        while not inflate.eof and (data := fh.read(_CHUNK)):
            while data:
                piece = inflate.decompress(data, _CHUNK)
                data = inflate.unconsumed_tail
                digest.update(piece)
                if body < 0:
                    head += piece
                    if b"\0" not in head:
                        if len(head) > _HEADER_BYTES:
                            return False
                        continue
                    head, _, piece = head.partition(b"\0")
                    body = 0
                body += len(piece)
                if not _header_fits(head, body, final=False):
                    return False
    except zlib.error:
        return False
    return inflate.eof and _header_fits(head, body, final=True) and digest.hexdigest() == name


def _header_fits(head: bytes, body: int, *, final: bool) -> bool:
    """Whether a loose object's ``head`` (``kind size``) names a kind and at least
    ``body`` bytes (``final``: exactly that many)."""
    kind, _, size = head.partition(b" ")
    if body < 0 or kind not in _KINDS or not size.isdigit() or int(size) > _MOST_LOOSE:
        return False
    return size == str(body).encode() if final else int(size) >= body


def _open_regular(path: Path) -> int | None:
    """A descriptor of ``path`` for reading when it is a regular file (no link followed,
    nothing else opened: :func:`~coordinator.regular.open_regular`); else None."""
    try:
        return open_regular(path)
    except OSError:
        return None


def git_identity(repo: Path) -> tuple[str, str]:
    """The user's git identity as the folder ``repo`` sees it (its repository's settings
    over the user's): ``user.name`` and ``user.email``, "" each when unset.
    WorktreeUnavailable when git cannot run."""
    return _user_identity(repo, own=False)


def own_identity(folder: Path) -> tuple[str, str]:
    """The user's own git identity as git in ``folder`` sees it: ``user.name`` and
    ``user.email`` of the global and system configuration (and what they include, and
    ``git -c``'s), never of the repository's own (``.git/config``, ``config.worktree``) nor
    of a file inside ``folder``: an agent's command can write those (in a repository it made
    itself), and who asked for a session or answered it must not be what an agent wrote.
    "" each when unset. WorktreeUnavailable when git cannot run."""
    return _user_identity(folder, own=True)


def _user_identity(folder: Path, *, own: bool) -> tuple[str, str]:
    """:func:`git_identity`, or (``own``) :func:`own_identity`."""
    listed = _git(
        folder, "config", "-z", "--show-scope", "--show-origin", "--get-regexp",
        r"^user\.(name|email)$", check=False,
    )  # fmt: skip
    fields = listed.stdout.split("\0")
    found = {}  # (the last value of each wins, as ``git config user.name`` reads it)
    for scope, origin, entry in zip(fields[0::3], fields[1::3], fields[2::3], strict=False):
        if not own or not _untrusted(scope, origin, folder, folder):
            key, _, value = entry.partition("\n")
            found[key] = value.strip()
    return found.get("user.name", ""), found.get("user.email", "")


def commit_env(repo: Path) -> dict[str, str]:
    """Who a command's ``git commit`` is by (the sandbox hides the user's ``~/.gitconfig``):
    the user's git identity as the repository sees it, else coord's fallback."""
    name, email = git_identity(repo)
    name, email = name or "coord", email or "coord@localhost"
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def _no_links(base: Path, path: Path) -> bool:
    """Whether ``path`` lies below ``base`` with no link on the way (what exists of it)."""
    if not path.is_relative_to(base):
        return False
    parts = path.relative_to(base).parts
    return not any(base.joinpath(*parts[: i + 1]).is_symlink() for i in range(len(parts)))


def _worktree_path(common: Path, name: str) -> Path:
    """Where the worktree ``name`` goes: ``coord-worktrees/NAME`` in the git directory
    ``common``, neither of them a link (a command may write in ``.git``: a link to
    ``.claude/agents`` would have the run's checkout, and what its agent writes, land
    there)."""
    folder = common / "coord-worktrees"
    try:
        folder.mkdir()
    except FileExistsError:
        pass
    except OSError as exc:
        raise WorktreeUnavailable(f"cannot make {folder}: {exc.strerror}") from None
    for path in (folder, folder / name):
        if path.is_symlink() or (path == folder and not folder.is_dir()):
            raise WorktreeUnavailable(
                f"{path} is a link or no folder (a command in the workspace may have made "
                "it); coord makes no worktree where it leads"
            )
    return folder / name


def _finish(wt: Worktree, message: str, folders: list[str], most: int | None) -> MergeResult:
    tampered = take_back(wt, most)
    if tampered:
        detail = f"a command left links or symbolic refs in git's folders, removed: {_TAMPERED}"
        return MergeResult(MergeStatus.CONFLICT, wt.branch, tampered, detail)
    for top in _refuse_moved(wt):
        _refuse_programs(top, top)
    # a command may have moved the worktree's HEAD (git_access): commit on the run's branch
    if _head_names(wt) != f"refs/heads/{wt.branch}".encode():
        _git(wt.path, "symbolic-ref", "HEAD", f"refs/heads/{wt.branch}")
    chosen = attributes_changed(wt)  # then no filter of the user's runs on the run's files
    neutral = no_filters(wt.repo) if chosen else ()
    identity = _identity(wt.repo)
    if most is not None and (big := _too_big(wt, neutral, most)):
        detail = too_big_detail(most >> 20, str(wt.path))
        return MergeResult(MergeStatus.CONFLICT, wt.branch, big, detail)
    _git(wt.path, *neutral, "add", "-A")
    staged = _git(wt.path, "diff", "--cached", "--quiet", check=False)
    if staged.returncode != 0:
        _git(wt.path, *neutral, *identity, "commit", "-q", "-m", message)
    files = _lines0(_git(wt.repo, "diff", "-z", "--name-only", f"{wt.base}...{wt.branch}"))
    with _repo_lock(wt.common):
        if not files:
            return MergeResult(MergeStatus.UNCHANGED, wt.branch)
        if chosen:
            return MergeResult(MergeStatus.CONFLICT, wt.branch, chosen, _ATTRIBUTES_DETAIL)
        tip = _git(wt.repo, "rev-parse", "--verify", f"{wt.branch}^{{commit}}").stdout.strip()
        refused = _protected_files(wt.repo, tip, folders)
        if refused:
            return MergeResult(MergeStatus.CONFLICT, wt.branch, refused, _PROTECTED_DETAIL)
        merge = _git(
            wt.repo,
            *identity,
            "merge",
            "--no-ff",
            "--no-edit",
            "-m",
            f"coord: merge {wt.branch}",
            tip,
            check=False,
        )
        if merge.returncode == 0:
            return MergeResult(MergeStatus.MERGED, wt.branch, files)
        conflicted = _unmerged(wt.repo)
        _git(wt.repo, "merge", "--abort", check=False)
        detail = _first_error(merge) if not conflicted else "conflicting changes"
        return MergeResult(MergeStatus.CONFLICT, wt.branch, conflicted or files, detail)


def _too_big(wt: Worktree, neutral: tuple[str, ...], most: int) -> list[str]:
    """The files ``git add -A`` would read in the worktree (what ``git status`` lists:
    changed, or new and not ignored; no content read for one whose size changed), largest
    first, when they add up to more than ``most`` bytes; none otherwise."""
    listed = _git(
        wt.path, *neutral, "--no-optional-locks", "status", "--porcelain=v1", "-z",
        "--untracked-files=all", "--ignore-submodules=all", "--no-renames", check=False,
    )  # fmt: skip
    sizes = {name: _lsize(wt.path / name) for name in (e[3:] for e in _lines0(listed))}
    if sum(sizes.values()) <= most:
        return []
    return sorted(sizes, key=lambda name: -sizes[name])


def _lsize(path: Path) -> int:
    """The size of the regular file ``path`` (0: gone, or another kind)."""
    try:
        info = os.lstat(path)
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _refuse_moved(wt: Worktree) -> tuple[Path, Path]:
    """The tops of the worktree's and the repository's work trees, as git, asked again
    before the merge, finds them; WorktreeUnavailable when it no longer finds the
    worktree's own git directory and the repository's where the worktree was opened
    (:func:`_linked_dir`; :func:`_refuse_elsewhere` for the repository): a command outside
    the run's sandbox may have rewritten a ``.git`` since, and the commit and the merge
    must write where :func:`take_back` cleaned."""
    mine = _linked_dir(wt.path, wt.common)
    places = git_places(wt.repo)
    _refuse_elsewhere(wt.repo, places)
    for found, kept in ((mine.own, wt.admin), (places.common, wt.common)):
        if found.resolve() != kept.resolve():
            raise WorktreeUnavailable(
                f"git reads {found} where the run's worktree was opened with {kept}: a "
                "command may have rewritten a .git since; nothing merged"
            )
    return mine.top, places.top


_TAMPERED = "git would have written where they lead, or moved another branch; nothing merged"
_PROTECTED_DETAIL = (
    "the branch changes protected paths (settings, agent definitions, hook scripts, MCP "
    "servers, git's files, coord's own folders and code), which decide what agents may do "
    "later; no run merges them"
)


_ATTRIBUTES_DETAIL = (
    "the branch changes git attributes (.gitattributes, .lfsconfig), which choose the "
    "programs of your git configuration (filters, merge and diff drivers, git-lfs's server) "
    "that git runs on files; no run merges them"
)


def held_for_review(detail: str) -> bool:
    """Whether a merge with ``detail`` was not tried, the branch held back for a person
    (protected paths, git attributes), rather than tried and failed."""
    return detail in (_PROTECTED_DETAIL, _ATTRIBUTES_DETAIL)


def is_attributes(name: str) -> bool:
    """Whether the file ``name`` (relative to the top) chooses programs of the user's git
    configuration for files: a ``.gitattributes`` at any depth (filters, merge and diff
    drivers), the top's ``.lfsconfig`` (where git-lfs fetches from, with your credentials);
    compared folded (:func:`~coordinator.tools.folding.folded`): on a case-insensitive
    file system a ``.GitAttributes`` checked out is what git reads as ``.gitattributes``."""
    last = folded(name.rsplit("/", 1)[-1])
    return last == ".gitattributes" or (last == ".lfsconfig" and "/" not in name)


def attributes_changed(wt: Worktree) -> list[str]:
    """The attribute files (:func:`is_attributes`) the run changed from its base, in its
    worktree (what ``git add -A`` would add or read) or on its branch, read without running
    a filter: git would run the programs they name on the next add, checkout or merge."""
    base = _attribute_blobs(wt.path, wt.base)
    tip = _attribute_blobs(wt.path, f"refs/heads/{wt.branch}")
    here = _attribute_files(wt.path)
    names = set(base) | set(tip) | set(here)
    return sorted(n for n in names if not (base.get(n) == tip.get(n) in here.get(n, ())))


def _attribute_blobs(top: Path, rev: str) -> dict[str, str]:
    """The attribute files of the commit ``rev``, each with its object's id."""
    listed = _git(top, "ls-tree", "-r", "-z", "--full-tree", rev).stdout
    found = {}
    for entry in listed.split("\0"):
        meta, _, name = entry.partition("\t")
        if name and is_attributes(name):
            found[name] = meta.split()[-1]
    return found


def _attribute_files(top: Path) -> dict[str, tuple[str, ...]]:
    """The attribute files of the worktree at ``top`` git would add or read for a file it
    adds (one in an ignored folder holding no such file is left out: ``node_modules``),
    each with the ids its content may stand for (:func:`_content_ids`; a link's: its
    target's, as git stores it; ``("",)`` for another kind: a FIFO)."""
    kept = _lines0(_git(top, "ls-files", "-z", "--cached", "--others", "--exclude-standard"))
    ignored = _lines0(
        _git(
            top, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--",
            ":(top,glob,icase)**/.gitattributes", ":(top,icase).lfsconfig",
        )
    )  # fmt: skip
    named = [n for n in kept if is_attributes(n)]
    if ignored:
        folders = _folders(kept)
        named += [n for n in ignored if n.rpartition("/")[0] in folders]
    regular = [n for n in named if stat.S_ISREG(_lmode(top / n))]
    ids = {n: _content_ids(top, n) for n in regular}
    links = [n for n in named if stat.S_ISLNK(_lmode(top / n))]
    ids.update({n: _link_ids(top, n) for n in links})
    return {**dict.fromkeys(named, ("",)), **ids}


#: The most of an attribute file read (git itself reads none past 100 MB): a command's
#: sparse ``.gitattributes`` of terabytes was read whole into coord's memory (redteam114).
_ATTRIBUTES_BYTES = 16 << 20


def _content_ids(top: Path, name: str) -> tuple[str, ...]:
    """The ids the worktree file ``name`` may stand for, hashed with no filter: its bytes',
    and, with CRLF line endings, the LF text's (git checks text out with CRLF under
    ``eol=crlf`` or ``core.autocrlf`` and stores LF; git reads both alike)."""
    try:
        fd = os.open(top / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ("",)
    with os.fdopen(fd, "rb") as file:
        data = file.read(_ATTRIBUTES_BYTES + 1)
    if len(data) > _ATTRIBUTES_BYTES:  # (no id: changed, the branch held for a person)
        return ("",)
    forms = dict.fromkeys([data, data.replace(b"\r\n", b"\n")])
    return tuple(_hash(top, form) for form in forms)


def _link_ids(top: Path, name: str) -> tuple[str, ...]:
    """The id git stores for the link ``name`` (its target's text); ``("",)`` when gone."""
    try:
        return (_hash(top, os.fsencode(os.readlink(top / name))),)
    except OSError:
        return ("",)


def _hash(top: Path, data: bytes) -> str:
    """The id of a blob holding ``data`` in the repository at ``top`` (no filter)."""
    done = subprocess.run(
        [_git_program(), *_SAFE, "hash-object", "--no-filters", "--stdin"],
        cwd=top, env=git_env(), input=data, capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise WorktreeUnavailable(f"git hash-object failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode().strip()


def _folders(names: list[str]) -> set[str]:
    """Every folder holding one of ``names`` (relative, ``/``-separated), at any depth;
    ``""`` for the top."""
    found = {""}
    for name in names:
        parts = name.split("/")[:-1]
        found.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return found


def _lmode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def _lines0(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [name for name in result.stdout.split("\0") if name]


def _unmerged(repo: Path) -> list[str]:
    """The files a merge left conflicted in ``repo``, as its index holds them (each once),
    no file read: ``git diff --diff-filter=U`` compares the work tree, running ``git status``
    in each repository checked out there, where one a command made a partial clone fetched
    from its remote (a helper found through PATH, review108)."""
    staged = _lines0(_git(repo, "ls-files", "-z", "--unmerged", check=False))
    return list(dict.fromkeys(entry.partition("\t")[2] for entry in staged))


def no_filters(repo: Path) -> tuple[str, ...]:
    """``-c`` flags under which git runs no filter of any configuration: each filter
    named there gets an empty clean, smudge and process command and is not required (git
    then takes the file as it is)."""
    listed = _git(repo, "config", "--name-only", "--get-regexp", r"^filter\.", check=False)
    return filters_off(listed.stdout)


def _protected_files(repo: Path, tip: str, folders: list[str]) -> list[str]:
    """The files a merge of ``tip`` into the current branch would change that are protected
    (:func:`~coordinator.tools.workspace.protected_change`; ``folders``: the roster's,
    relative to the top). The tools keep agents from writing them in the worktree, but a
    command in the workspace can write the worktree, or the branch, under ``.git``."""
    changed = _lines0(_git(repo, "diff", "-z", "--name-only", "--no-renames", f"HEAD...{tip}"))
    inside = _git_dirs_in(repo, tip, changed)
    return [
        f
        for f in changed
        if protected_change(f, folders) is not None or any(f.startswith(f"{d}/") for d in inside)
    ]


def _git_dirs_in(repo: Path, tip: str, changed: list[str]) -> list[str]:
    """The folders holding one of ``changed`` that are git directories in the commit
    ``tip`` (a ``HEAD`` file and ``objects`` and ``refs`` folders, or a ``commondir``:
    as a bare repository is): merged, the user's git there would run what their config
    and hooks name, and the guard of the next command takes a git directory older than it
    for the user's."""
    folders = sorted(_folders(changed) - {""})
    asked = "".join(f"{tip}:{d}/{n}\n" for d in folders if "\n" not in d for n in _GIT_DIR_KINDS)
    found = ""
    if asked:
        found = _git(repo, "cat-file", "--batch-check=%(objecttype)", stdin_text=asked).stdout
    kinds = iter(found.splitlines())
    shaped = []
    for folder in folders:
        if "\n" in folder:  # (cat-file reads a name a line: ls-tree is given it whole)
            held = _git_dir_names(repo, tip, folder)
        else:
            held = {name for name, kind in _GIT_DIR_KINDS.items() if next(kinds, "") == kind}
        if git_dir_shape(held):
            shaped.append(folder)
    return shaped


def _git_dir_names(repo: Path, tip: str, folder: str) -> set[str]:
    """The names of :data:`_GIT_DIR_KINDS` that ``folder`` holds in the commit ``tip``,
    each as the kind a git directory has it (asked of ``git ls-tree -z``: any name)."""
    listed = _git(repo, "ls-tree", "-z", "--full-tree", tip, "--", f":(literal){folder}/")
    held = set()
    for entry in listed.stdout.split("\0"):
        meta, _, name = entry.partition("\t")
        base, words = name.removeprefix(f"{folder}/"), meta.split()
        if len(words) > 1 and _GIT_DIR_KINDS.get(base) == words[1]:
            held.add(base)
    return held


#: What each of a git directory's names (:data:`~coordinator.tools.gitdirs.GIT_DIR_NAMES`)
#: is in a commit when git takes the folder for one: a file (blob) or a folder (tree).
_GIT_DIR_KINDS = {"HEAD": "blob", "objects": "tree", "refs": "tree", "commondir": "blob"}


#: How deep :func:`_refuse_programs` follows repositories held in repositories.
_NESTED_DEPTH = 8


def _refuse_programs(cwd: Path, top: Path | None, depth: int = 0) -> None:
    """WorktreeUnavailable when the repository's own configuration (as git reads it in
    ``cwd``, whose work tree's top is ``top``: includes followed, ``commondir`` honoured)
    names a program coord's git commands would start, or moves the work tree (see the
    module docstring); so does that of each repository checked out in it (a submodule, or
    one a command made and committed): git runs ``git status`` in each (``add -A``,
    ``diff``), which starts its clean filter."""
    _refuse_own_programs(cwd, top, cwd if depth else None)
    if depth < _NESTED_DEPTH and top is not None:
        for inner in _checked_out_inside(top):
            _refuse_programs(inner, _top_level(inner), depth + 1)


def _top_level(cwd: Path) -> Path | None:
    """The top of the work tree git finds in ``cwd`` (None: none)."""
    top = _git(cwd, "rev-parse", "--show-toplevel", check=False).stdout.strip()
    return Path(top) if top else None


def _checked_out_inside(top: Path) -> list[Path]:
    """The repositories checked out in the work tree whose top is ``top``: its gitlinks
    (mode 160000 in the index) whose folder holds a ``.git``."""
    staged = _lines0(_git(top, "ls-files", "-z", "--stage", "--full-name", check=False))
    links = [entry.partition("\t")[2] for entry in staged if entry.startswith("160000 ")]
    return [top / link for link in links if os.path.lexists(top / link / ".git")]


def _refuse_own_programs(cwd: Path, top: Path | None, checked_out: Path | None) -> None:
    """:func:`_refuse_programs` for one repository (``top``: its work tree's); ``checked_out``:
    the folder a nested one is checked out in, which its ``core.worktree`` may name (a
    submodule's does)."""
    listed = _git(cwd, "config", "--list", "--show-scope", "--show-origin", "-z", check=False)
    fields = listed.stdout.split("\0")
    for scope, origin, entry in zip(fields[0::3], fields[1::3], fields[2::3], strict=False):
        key, _, value = entry.partition("\n")
        if not _RUNS_PROGRAM.match(key.lower()) or not _untrusted(scope, origin, cwd, top):
            continue
        if value.strip() in _KNOWN_PROGRAMS or _names_itself(key, origin, value, checked_out):
            continue
        raise WorktreeUnavailable(
            f"the repository's own configuration ({origin.removeprefix('file:')}) sets {key}, "
            "which would make coord's git run a program (or write elsewhere) as you; an agent "
            "may have written it. Move it to your global git configuration to keep it"
        )


def _names_itself(key: str, origin: str, value: str, checked_out: Path | None) -> bool:
    """Whether ``key`` is a nested repository's ``core.worktree`` naming the folder it is
    checked out in (``checked_out``), as ``git submodule`` writes it: no move elsewhere."""
    if checked_out is None or key.lower() != "core.worktree" or not origin.startswith("file:"):
        return False
    config = Path(origin.removeprefix("file:"))
    config = config if config.is_absolute() else checked_out / config
    return (config.parent / value).resolve() == checked_out.resolve()


def _refuse_elsewhere(top: Path, places: GitPlaces) -> None:
    """WorktreeUnavailable when git in the work tree ``top`` reads a git folder outside it
    (``places``: what git in ``top`` found, :func:`git_places`) that does not name ``top``
    back: a ``.git`` file or link, or a ``commondir``, a command wrote in the workspace
    would send coord's git (and the run's tools and commands) to another repository of the
    user's. A linked worktree's own folder (in the main repository's ``worktrees/``, its
    ``gitdir`` naming ``top/.git``) is the user's."""
    top = top.resolve()
    own, common = places.own.resolve(), places.common.resolve()
    if own.is_relative_to(top) and common.is_relative_to(top):
        return
    if not own.is_relative_to(top) and own.parent == common / "worktrees":
        with contextlib.suppress(OSError):
            named = (own / "gitdir").read_text(encoding="utf-8", errors="replace").strip()
            if Path(named).resolve() == top / ".git":
                return
    raise WorktreeUnavailable(
        f"git in {top} reads the git folder {own} (settings and objects in {common}), outside "
        "it, which does not name it back: a command may have written .git or its commondir "
        "to send coord's git to another repository"
    )


def _untrusted(scope: str, origin: str, cwd: Path, top: Path | None) -> bool:
    """Whether a setting of ``scope`` read from ``origin`` (in ``cwd``, whose work tree's top
    is ``top``) may have been written by an agent: the repository's own, or a file inside
    the repository (a global ``~/.gitconfig`` when the workspace holds the home folder)."""
    if scope in _REPOSITORY_SCOPES:
        return True
    if not origin.startswith("file:"):
        return False
    path = Path(origin.removeprefix("file:"))
    path = path if path.is_absolute() else cwd / path
    try:
        return top is not None and path.resolve().is_relative_to(top.resolve())
    except OSError:
        return True


def hooks_inside(root: Path) -> tuple[Path, ...]:
    """The folder the user's git runs the hooks of ``root``'s repository from, when its
    configuration's ``core.hooksPath`` puts it in the workspace ``root``, outside ``.git``
    (``.githooks``; husky's ``.husky/_``): an executable file there runs as the user, out of
    any sandbox, at the user's next ``git status`` (``post-index-change``), commit or
    checkout, as one in ``.git/hooks`` does; so it is protected as the roster's folders
    are (the file tools, the sandbox, a worktree's merge). When that folder is ``root``
    itself (``core.hooksPath=.``), every agent's to write, the files git runs as hooks
    there (:data:`GIT_HOOKS`) are. Empty when there is none (no repository, no git, a
    folder elsewhere)."""
    git = program_path("git")
    if git is None:
        return ()
    try:  # (not _git: its core.hooksPath is /dev/null)
        done = subprocess.run(
            [git, "-c", "core.fsmonitor=false", "rev-parse", "--git-path", "hooks"],
            cwd=root, env=git_env(), capture_output=True, encoding="utf-8",
            errors="surrogateescape", timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return ()
    value = done.stdout.strip()
    if done.returncode != 0 or not value:
        return ()
    base = root.resolve()
    folder = Path(os.path.normpath(base / value))  # relative to ``root``, as git prints it
    if folder == base:
        return tuple(base / name for name in GIT_HOOKS)
    if not folder.is_relative_to(base):
        return ()
    first = folded(folder.relative_to(base).parts[0])
    return () if first == ".git" else (folder,)


def _remove_locked(wt: Worktree, *, delete_branch: bool) -> None:
    """:func:`_remove` under the repository's lock (:func:`finish_worktree`: after the
    merge, and the WorktreeRemove hooks)."""
    with _repo_lock(wt.common):
        _remove(wt, delete_branch=delete_branch)


def _remove(wt: Worktree, *, delete_branch: bool) -> None:
    _git(wt.repo, "worktree", "remove", "--force", str(wt.path), check=False)
    _git(wt.repo, "worktree", "prune", check=False)
    if delete_branch:
        _git(wt.repo, "branch", "-D", wt.branch, check=False)


def _identity(repo: Path) -> tuple[str, ...]:
    """Fallback committer flags when the user has no git identity configured."""
    email = _git(repo, "config", "user.email", check=False).stdout.strip()
    return () if email else _FALLBACK_IDENTITY


_LOCK_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@contextmanager
def _repo_lock(common: Path) -> Iterator[None]:
    """The repository's lock for worktree runs, in its git directory ``common``, where a
    command may have put something else: a link is not followed (coord would create the
    file it leads to), and what is no regular file (a FIFO would hang) is refused."""
    path = common / "coord-worktrees.lock"
    try:
        fd = os.open(path, _LOCK_FLAGS, 0o644)
    except OSError as exc:
        raise WorktreeUnavailable(
            f"cannot open {path}: {exc.strerror} (coord follows no link there)"
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WorktreeUnavailable(f"{path} is not a regular file")
    with os.fdopen(fd, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _git_program() -> str:
    """git, found only through PATH's absolute entries (:func:`program_path`: a relative
    one would run, in the worktree, a ``git`` an agent's command left there)."""
    found = program_path("git")
    if found is None:
        raise WorktreeUnavailable("git cannot run: there is none on PATH (its absolute entries)")
    return found


def _git(
    cwd: Path,
    *args: str,
    check: bool = True,
    stdin: int = subprocess.DEVNULL,
    stdin_text: str | None = None,
) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(
            [_git_program(), *_SAFE, *args],
            cwd=cwd,
            env=git_env(),  # (the workspace's repository, whatever GIT_DIR names)
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",  # a file name that is not UTF-8, as os.fsdecode reads it
            check=False,
            **({"input": stdin_text} if stdin_text is not None else {"stdin": stdin}),
        )
    except OSError as exc:
        raise WorktreeUnavailable(f"git cannot run: {exc.strerror}") from None
    if check and result.returncode != 0:
        raise WorktreeUnavailable(f"git {args[0]} failed: {_first_error(result)}")
    return result


def _first_error(result: subprocess.CompletedProcess[str]) -> str:
    """git's first ``fatal:`` or ``error:`` line of a failed command, else its first line:
    ``git worktree add`` says ``Preparing worktree`` first, which told the user nothing of
    why (review113: in the user's partial clone missing an object, which coord's git does
    not fetch, the reason is ``fatal: could not fetch ... from promisor remote``)."""
    lines = (result.stderr or result.stdout).strip().splitlines()
    why = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (why or lines or [f"exit code {result.returncode}"])[0]
