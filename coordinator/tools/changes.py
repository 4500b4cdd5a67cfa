"""What a Bash command changed in the workspace: a snapshot taken before it, compared after.

In a git work tree (its ``.git`` a folder: a ``.git`` file or link is walked, see
:func:`in_work_tree`) the snapshot is what ``git status`` lists under the workspace (tracked
files that differ, untracked files not ignored) and the tracked files on disk the index
marks so ``git status`` does not compare them (skip-worktree, assume-unchanged: any command
can mark one it changed, :func:`_unwatched`), each with its ``lstat`` stamp: a file that
changes either appears in the list, leaves it, or changes its stamp. Files the user's
ignore rules ignore (``node_modules``, build output) are not followed, nor what lies in a
repository nested there when the session started (git lists it as one folder; one nested
since is walked, review112); a file only a rule written since the session's first command
ignores is (:mod:`coordinator.tools.ignored`, claude105), and so are the paths a command
that moved HEAD changed through git (:mod:`coordinator.tools.commits`, review112). git
runs as coord runs it elsewhere (:func:`program_path`: never a program a command could
have written), after the command's guard has undone what
it left in git's settings, with hooks and ``core.fsmonitor`` off, no submodule looked into,
no optional lock taken (the index is not written), nothing fetched (:data:`_NO_FETCH`: a
partial clone's promisor remote is never started), and no filter driver run
(:func:`filters_off`): ``git status`` runs a filter's ``clean`` command on the files a
``.gitattributes`` names, a file any command may write, as worktree runs that change one
are committed with none (``coordinator.runtime.worktree``).

Outside git the snapshot is every file of the workspace, stamped, but coord's own folders
and git directories, up to :data:`MAX_FILES` files (or as many listed by git): past that the
command's changes are not followed (:attr:`Snapshot.unfollowed` says why), not guessed.
A workspace found past it is not looked at again for :data:`OVER_FOR_S` seconds (its
commands' changes not followed meanwhile): a tree of 20,000 files costs a walk ~0.1 s of
CPU to find it is too big (bench/RESULTS.md, "audit47").

A stamp is ``lstat``'s modification and change times, size, inode and mode: a file written
with what it held is updated (its times moved); git's answer decides for a tracked file
that was clean before and after (the same content). A file another process changes while
the command runs (a concurrent session's agent in the same workspace) counts as the
command's.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from coordinator.status import FileChange as Change
from coordinator.tools.commits import RunGit as TwoArgGit
from coordinator.tools.commits import change_of, moved, moved_refs, tips
from coordinator.tools.ignored import (
    RULES_NAME,
    IgnoreBase,
    Rules,
    changed,
    files_in,
    hidden,
    rule_texts,
    tracked_rules,
)
from coordinator.tools.programs import program_path
from coordinator.tools.workspace import COORDINATOR_DIR, GIT_DIR, protected_change

#: The most files one snapshot stamps (listed by git, or walked outside git).
MAX_FILES = 10_000
#: How long a workspace found past :data:`MAX_FILES` is taken to be so (seconds).
OVER_FOR_S = 60.0
#: How long one ``git status`` may take (seconds); past it the changes are not followed.
GIT_TIMEOUT_S = 30.0
#: git as coord runs it here: what makes it run a program off, no index written.
_GIT_SAFE = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false")
_STATUS = ("--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all",
           "--ignore-submodules=all", "--no-renames", "--", ".")  # fmt: skip
#: The tracked files under the folder, each with a tag (:func:`_unwatched`).
_UNWATCHED = ("ls-files", "-v", "-z", "--", ".")
#: An entry of ``git ls-files -v -z`` whose tag is not ``H``: ``S`` skip-worktree, a lower
#: case one assume-unchanged (``M``, an unmerged file, ``git status`` lists anyway).
_FLAGGED = re.compile(rb"(?:^|\0)([^H\0]) ([^\0]+)")
#: The marked files :func:`_unwatched` last found under each workspace, by the stamp of
#: the index they were read from, by folder (a few workspaces kept, the least recent
#: dropped).
_MARKED: dict[Path, tuple[Stamp | None, dict[str, list[tuple[bytes, bytes]]]]] = {}
_MARKED_KEPT = 8
#: Variables that would point git at another repository than the workspace's.
_GIT_PLACES = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"})
#: What keeps the git run here from fetching: an object a promisor remote would supply is
#: not fetched (``GIT_NO_LAZY_FETCH``, git 2.39.4 and 2.45.1 on), and no transport is
#: allowed, whatever the settings say (``GIT_ALLOW_PROTOCOL`` empty, since git 2.12).
#: Listing files needs none; a repository a command made a partial clone with a missing
#: tree had ``git status`` start its remote: an ``uploadpack`` shell command, or a
#: ``git-remote-NAME`` helper found through PATH (an activated ``.venv/bin``), as the
#: user, outside the sandbox (redteam104). git then fails, and the workspace is walked.
_NO_FETCH = {"GIT_NO_LAZY_FETCH": "1", "GIT_ALLOW_PROTOCOL": ""}

#: The name of a folder's ignore rules, as git lists it.
_RULES = os.fsencode(RULES_NAME)

#: A file's ``lstat``: modification and change times (ns), size, inode, mode.
Stamp = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class Snapshot:
    """The workspace's files at one moment, by path relative to ``root`` (``/``-separated):
    their stamp (None: missing) and, in git, their two-letter status (``" M"``, ``"??"``;
    ``""`` outside git). ``unfollowed``: why there is none (then ``files`` is empty)."""

    root: Path
    git: bool
    files: dict[str, tuple[str, Stamp | None]]
    unfollowed: str | None = None
    #: The ``-c`` flags git ran with that turn its settings' filters off (:func:`filters_off`),
    #: for the snapshot after the command (the guard restores the settings between).
    neutral: tuple[str, ...] = ()
    #: The session's first ignore rules, for the snapshot after (:mod:`~.ignored`).
    ignores: IgnoreBase | None = None
    #: The commit HEAD named (:mod:`~coordinator.tools.commits`; None: unborn, or no git).
    head: str | None = None
    #: Each branch's and tag's object id, by ref name (:func:`~.commits.tips`).
    refs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Changed:
    """What a command changed: each path with its :class:`Change`, in path order; or why
    its changes were not followed (``unfollowed``)."""

    files: tuple[tuple[str, Change], ...] = ()
    unfollowed: str | None = None
    #: The commits HEAD named before and after (``""``: none) when the command moved it:
    #: a commit of an agent's, which the user's own ``git checkout .`` or ``reset --hard``
    #: writes out later, as the user (review145); None when it did not.
    head: tuple[str, str] | None = None
    #: The protected paths (``.claude/hooks/x.sh``, :func:`protected_change`) the two
    #: commits differ in: what coord keeps every tool from writing, chosen in HEAD.
    protected: tuple[str, ...] = ()
    #: Each branch or tag the command made, moved or removed, but HEAD's own (``refs/heads/x``
    #: and ``OLD..NEW``, "" for none; redteam115: ``git branch -f``, ``update-ref``, tags).
    refs: tuple[tuple[str, str], ...] = ()


#: The workspaces found past :data:`MAX_FILES` lately: why, and when (monotonic seconds).
_OVER: dict[Path, tuple[str, float]] = {}


def snapshot(root: Path, ignores: IgnoreBase | None = None) -> Snapshot:
    """The files of the workspace ``root`` (resolved) now: git's view when it lies in a
    work tree and git runs (``ignores``: the session's first ignore rules, whose files
    ignored only by later rules are listed too, :mod:`~coordinator.tools.ignored`), else a
    bounded walk; none for one found too big lately."""
    over = _OVER.get(root)
    if over is not None and time.monotonic() - over[1] < OVER_FOR_S:
        return Snapshot(root, False, {}, over[0])
    if in_work_tree(root):
        git = program_path("git")
        neutral = _neutral(root, git) if git is not None else None
        if git is not None and neutral is not None:
            return _remembered(_git_snapshot(root, git, neutral, ignores))
    return _remembered(_walked(root))


def _remembered(taken: Snapshot) -> Snapshot:
    """``taken``, remembered when it found its workspace too big (:data:`_OVER`)."""
    if taken.unfollowed is not None:
        _OVER[taken.root] = (taken.unfollowed, time.monotonic())
    else:
        _OVER.pop(taken.root, None)
    return taken


def compared(before: Snapshot) -> Changed:
    """What changed in ``before``'s workspace since it was taken (a new snapshot, compared)."""
    if before.unfollowed is not None:
        return Changed(unfollowed=before.unfollowed)
    root, git = before.root, program_path("git") if before.git else None
    after = (
        _walked(root) if git is None else _git_snapshot(root, git, before.neutral, before.ignores)
    )
    if after.git != before.git:  # (its repository removed: git's view before, none now)
        return Changed(unfollowed="git could not list the files after the command")
    _remembered(after)
    if after.unfollowed is not None:
        return Changed(unfollowed=after.unfollowed)
    found = []
    for path in sorted(before.files.keys() | after.files.keys()):
        change = _change(before, after, path)
        if change is not None:
            found.append((path, change))
    if git is None or after.head is None or after.head == before.head:
        refs = moved_refs(before.refs, after.refs, None)
        return Changed(tuple(sorted(found)), refs=refs)
    entries = moved(root, before.head, after.head, _runner(git), MAX_FILES)
    found += _committed(before, after, entries)
    protected = sorted({e[1:] for e in entries if protected_change(e[1:]) is not None})
    head = (before.head or "", after.head)
    refs = moved_refs(before.refs, after.refs, (before.head, after.head))
    return Changed(tuple(sorted(found)), None, head, tuple(protected), refs)


def _committed(before: Snapshot, after: Snapshot, entries: list[str]) -> list[tuple[str, Change]]:
    """The changes of a command that moved HEAD to ``after.head`` (``entries``: the paths
    the two commits differ in, :func:`~coordinator.tools.commits.moved`), which neither
    status listed (review112: written and committed in one command, or rewritten by a
    checkout), as they are on disk now."""
    root, seen = before.root, before.files.keys() | after.files.keys()
    found = []
    for entry in entries:
        path = entry[1:]
        if path in seen or path.split("/", 1)[0] == COORDINATOR_DIR:
            continue
        change = change_of(entry[:1], _stamp(root / path))
        if change is not None:
            found.append((path, change))
    return found


def _runner(git: str) -> TwoArgGit:
    """:func:`run_git` with ``git``, standard input empty."""
    return lambda cwd, args: run_git(cwd, git, args)


def _change(before: Snapshot, after: Snapshot, path: str) -> Change | None:
    """What happened to ``path`` between the two snapshots (None: nothing)."""
    was, now = before.files.get(path), after.files.get(path)
    if was == now:
        return None
    if now is None:  # (git lists it no longer: clean, gone or ignored; the file says which)
        now = ("", _stamp(after.root / path) if after.git else None)
    if was is None:  # absent before, or (git lists it only now) tracked and clean
        existed = after.git and not _new_to_git(now[0])
    else:
        existed = was[1] is not None
    stamp = now[1]
    if stamp is None:
        return Change.DELETED if existed else None
    if not existed:
        return Change.CREATED
    if was is not None and was[1] == stamp:
        return None  # (its status changed, not the file: ``git add``, ``git commit``)
    return Change.UPDATED


def _new_to_git(status: str) -> bool:
    """Whether git's two-letter ``status`` is a file the last commit does not hold (``!!``:
    one a rule added since the session's start hides, :func:`_newly_hidden`)."""
    return status in ("??", "!!") or status.startswith("A")


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_mode)


def in_work_tree(root: Path) -> bool:
    """Whether the nearest ``.git`` at ``root`` or above it is a folder: a ``.git`` file or
    link (a linked worktree's, a submodule's, or one a command wrote naming another
    repository of the user's) is walked instead, as coord's worktree runs refuse one that
    leads elsewhere: git is run on no repository a command chose."""
    top = _top(root)
    return top is not None and os.path.isdir(top / GIT_DIR) and not os.path.islink(top / GIT_DIR)


def _top(root: Path) -> Path | None:
    """The nearest folder at ``root`` or above it holding a ``.git`` (None: none does)."""
    return next((f for f in (root, *root.parents) if os.path.lexists(f / GIT_DIR)), None)


def filters_off(listed: str) -> tuple[str, ...]:
    """``-c`` flags under which git runs no filter of those ``listed`` (``git config
    --name-only --get-regexp ^filter\\.``'s output): each gets an empty clean, smudge and
    process command and is not required (git then takes the file as it is)."""
    names = {key.split(".", 1)[1].rsplit(".", 1)[0] for key in listed.splitlines() if "." in key}
    flags: list[str] = []
    for name in sorted(names):
        for key in ("clean", "smudge", "process"):
            flags += ["-c", f"filter.{name}.{key}="]
        flags += ["-c", f"filter.{name}.required=false"]
    return tuple(flags)


def _neutral(root: Path, git: str) -> tuple[str, ...] | None:
    """:func:`filters_off` of the filters git's settings name at ``root`` (reading
    settings runs nothing); None when git cannot read them (the workspace is walked)."""
    try:
        done = run_git(root, git, ("config", "--name-only", "--get-regexp", r"^filter\."))
    except subprocess.TimeoutExpired:
        return None
    if done is None or done.returncode not in (0, 1):  # (1: no filter is named)
        return None
    return filters_off(os.fsdecode(done.stdout))


def git_env() -> dict[str, str]:
    """coord's environment for the git it runs in a folder: without the variables that
    would point git at another repository than the folder's (:data:`_GIT_PLACES`; a git
    hook starting coord has ``GIT_DIR`` and ``GIT_INDEX_FILE`` set), nothing fetched
    (:data:`_NO_FETCH`: a worktree run's ``git worktree add`` and ``merge`` in a partial
    clone a command made started its promisor remote's ``git-remote-NAME`` through PATH,
    as the user, redteam105)."""
    return {**{k: v for k, v in os.environ.items() if k not in _GIT_PLACES}, **_NO_FETCH}


def run_git(
    root: Path, git: str, args: tuple[str, ...], given: bytes | None = None
) -> subprocess.CompletedProcess[bytes] | None:
    """git ``args`` in ``root`` as this module runs it (None: it cannot start): nothing
    fetched (:data:`_NO_FETCH`); its standard input reads ``given`` (None: nothing)."""
    stdin = subprocess.DEVNULL if given is None else None
    try:
        return subprocess.run(
            [git, *_GIT_SAFE, *args], cwd=root, env=git_env(), capture_output=True,
            timeout=GIT_TIMEOUT_S, check=False, stdin=stdin, input=given,
        )  # fmt: skip
    except OSError:
        return None


def _git_snapshot(
    root: Path, git: str, neutral: tuple[str, ...], ignores: IgnoreBase | None = None
) -> Snapshot:
    """What ``git status`` lists under ``root``, stamped (git run with ``neutral``: no
    filter; ``ignores``: with the files only rules added since the session's start hide,
    :func:`_newly_hidden`); when git cannot say, a walk."""
    status = _STATUS if ignores is None else (*_STATUS[:-2], "--ignored=matching", *_STATUS[-2:])
    try:
        done = run_git(root, git, (*neutral, *status))
    except subprocess.TimeoutExpired:
        return Snapshot(root, True, {}, f"git status took over {GIT_TIMEOUT_S:g} s")
    if done is None or done.returncode != 0:
        return _walked(root)
    try:
        unwatched = _unwatched(root, git)
    except subprocess.TimeoutExpired:
        return Snapshot(root, True, {}, f"git ls-files took over {GIT_TIMEOUT_S:g} s")
    if unwatched is None:
        return _walked(root)
    entries = [*done.stdout.split(b"\0"), *unwatched]
    if ignores is not None:
        ignored = [e[3:] for e in entries if e.startswith(b"!! ")]
        entries = [e for e in entries if not e.startswith(b"!! ")]
        rules = [os.fsdecode(e[3:]) for e in entries if e.endswith(_RULES)]
        rules += [os.fsdecode(e) for e in ignored if e.endswith(_RULES)]
        try:
            found = _newly_hidden(root, git, ignores, rules, ignored)
        except subprocess.TimeoutExpired:
            return Snapshot(root, True, {}, f"git check-ignore took over {GIT_TIMEOUT_S:g} s")
        entries += [b"!! " + os.fsencode(name) for name in found]
        entries += _new_nests(root, ignores, entries)
    files = _stamped(root, entries)
    if files is None:
        return Snapshot(root, True, {}, f"git lists over {MAX_FILES:,} changed files")
    now, refs = tips(root, _runner(git))
    return Snapshot(root, True, files, neutral=neutral, ignores=ignores, head=now, refs=refs)


def _new_nests(root: Path, ignores: IgnoreBase, entries: list[bytes]) -> list[bytes]:
    """The files (as untracked entries) of the repositories nested in ``root`` that git
    lists in ``entries`` (``?? X/``, whose files it does not list) and the session's first
    snapshot did not (review112: a command that ran ``git init x`` and wrote ``x/s.txt``
    was listed as changing nothing); those the user had are not walked."""
    nests = [os.fsdecode(e[3:]) for e in entries if e.startswith(b"?? ") and e.endswith(b"/")]
    first, top = ignores.first_nests(root, nests), _top(root)
    if top is None:
        return []
    found: list[bytes] = []
    for nest in (n for n in nests if n not in first):
        found += [b"?? " + os.fsencode(f) for f in files_in(top, nest.rstrip("/"), MAX_FILES)]
    return found


def _stamped(root: Path, entries: list[bytes]) -> dict[str, tuple[str, Stamp | None]] | None:
    """Each of git's ``entries`` under ``root`` (two letters of status, a space, a path
    from the top) by its path from ``root``, with its status and stamp; None past
    :data:`MAX_FILES`."""
    prefix = _prefix(root)
    files: dict[str, tuple[str, Stamp | None]] = {}
    for entry in entries:
        if len(entry) < 4 or entry.endswith(b"/"):  # (a nested repository: not followed)
            continue
        name = os.fsdecode(entry[3:])
        if not name.startswith(prefix):
            continue
        rel = name[len(prefix) :]
        if rel.split("/", 1)[0] == COORDINATOR_DIR:
            continue
        if len(files) >= MAX_FILES:
            return None
        files[rel] = (os.fsdecode(entry[:2]), _stamp(root / rel))
    return files


def _newly_hidden(
    root: Path, git: str, ignores: IgnoreBase, rules: list[str], ignored: list[bytes]
) -> list[str]:
    """The paths (from the top) of those git ``ignored`` that the rules of the session's
    first snapshot of ``root`` did not ignore; none while the rules are as they were then
    (``rules``: the rule files git listed, ignored or not, where new ones show)."""
    top = _top(root)
    if top is None:
        return []

    def run(
        cwd: Path, args: tuple[str, ...], given: bytes | None
    ) -> subprocess.CompletedProcess[bytes] | None:
        return run_git(cwd, git, args, given)

    def now() -> Rules | None:
        tracked = tracked_rules(root, run)
        return None if tracked is None else rule_texts(top, root, rules, tracked)

    first = ignores.first(root, now)
    if first is None or not changed(first, rules):
        return []
    return hidden(first, [os.fsdecode(n) for n in ignored], run, MAX_FILES + 1)


def _unwatched(root: Path, git: str) -> list[bytes] | None:
    """The tracked files under ``root`` whose changes ``git status`` does not show, as the
    index marks them (``git update-index --skip-worktree`` or ``--assume-unchanged``, which
    any command can run: a file a command changed and marked so was missing from its
    changes, and from the user's ``git status`` and ``git diff``, redteam104), each as
    ``git status`` lists one (two letters of status: ls-files' tag and a space; a path from
    the top of the work tree), those on disk only (a sparse checkout's skipped files are
    not: :func:`_on_disk`); None when git cannot say. git is asked again only once the
    index changed (a flag is set by writing it): ~145 ms of CPU in a repository of 121,000
    files."""
    top = _top(root)
    index = _stamp(top / GIT_DIR / "index") if top is not None else None
    known = _MARKED.get(root)
    if known is None or index is None or known[0] != index:
        done = run_git(root, git, _UNWATCHED)
        if done is None or done.returncode != 0:
            return None
        by_folder: dict[str, list[tuple[bytes, bytes]]] = {}
        for m in _FLAGGED.finditer(done.stdout):
            by_folder.setdefault(os.path.dirname(os.fsdecode(m[2])), []).append((m[1], m[2]))
        if index is not None:
            _MARKED.pop(root, None)
            _MARKED[root] = (index, by_folder)
            while len(_MARKED) > _MARKED_KEPT:
                del _MARKED[next(iter(_MARKED))]
        known = (index, by_folder)
    prefix = os.fsencode(_prefix(root))
    return [b"%c  %s" % (tag, prefix + name) for tag, name in _on_disk(root, known[1])]


def _on_disk(
    root: Path, by_folder: dict[str, list[tuple[bytes, bytes]]]
) -> list[tuple[bytes, bytes]]:
    """The marked files of ``by_folder`` (by folder) that lie under ``root`` now: those of a
    folder that is there, each looked up; none of one that is not, nor below it (mend104: a
    sparse checkout's ~100,000 skipped files, absent by design in the folders outside its
    cone, were each looked up at every snapshot; now each such folder is, or the nearest
    absent one above it)."""
    there: dict[str, bool] = {"": True}
    found: list[tuple[bytes, bytes]] = []
    for folder, entries in by_folder.items():
        if _folder_there(root, folder, there):
            found += [e for e in entries if os.path.lexists(root / os.fsdecode(e[1]))]
    return found


def _folder_there(root: Path, folder: str, there: dict[str, bool]) -> bool:
    """Whether ``folder`` (from ``root``) is there (as a link too), its folders above
    first, each looked up once (``there``: what is known)."""
    known = there.get(folder)
    if known is None:
        known = _folder_there(root, os.path.dirname(folder), there) and os.path.lexists(
            root / folder
        )
        there[folder] = known
    return known


def _prefix(root: Path) -> str:
    """``root``'s path in its work tree, as git's listing starts it (``""`` at the top)."""
    top = _top(root)
    rel = root.relative_to(top).as_posix() if top is not None else "."
    return "" if rel == "." else f"{rel}/"


def _walked(root: Path) -> Snapshot:
    """Every file under ``root`` but coord's own folders and git directories, stamped; none
    past :data:`MAX_FILES` (``unfollowed``)."""
    files: dict[str, tuple[str, Stamp | None]] = {}
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            entries = os.scandir(root / folder if folder else root)
        except OSError:
            continue
        with entries:
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in (GIT_DIR, COORDINATOR_DIR):
                        folders.append(rel)
                    continue
                if len(files) >= MAX_FILES:
                    return Snapshot(
                        root, False, {}, f"the workspace holds over {MAX_FILES:,} files"
                    )
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                stamp = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino,
                         info.st_mode)  # fmt: skip
                files[rel] = ("", stamp)
    return Snapshot(root, False, files)
