"""Workspace confinement and output limits shared by every tool.

Every path a tool touches goes through :func:`resolve_in_workspace`: relative paths are
relative to the workspace root, and the fully resolved path (``..`` and symlinks followed)
must stay inside the root and outside the coordinator's own directory
(:data:`COORDINATOR_DIR`: database, locks, settings), and be none of the user's credentials
(:func:`~coordinator.tools.credentials.credential_test`). Escapes are refused with a
:class:`ToolError` the model can read.

Files are then opened with :func:`open_confined`, which closes the gap between checking a
path and using it: the last component is opened with ``O_NOFOLLOW``, the open file must be a
regular file (no FIFO or device can hang a tool), its real location is checked again from
the open descriptor, and a file opened for writing must have exactly one hard link (a hard
link can point at a file outside the workspace; writing through it would escape). Reading a
hard-linked file is fine: package managers such as pnpm hard-link ``node_modules``.

Files that shape what agents may do later (:data:`PROTECTED_PATHS`, git's directory, the
roster's agent folders inside the workspace; in a workspace holding the home folder, what
runs as the user: :func:`~coordinator.tools.home_files.home_files_inside`) are written by
no tool: :func:`resolve_for_write`.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import functools
import os
import stat
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, cast

from coordinator import sanitize
from coordinator.clip import whole_cut
from coordinator.tools import owned
from coordinator.tools.base import (
    Refusal,
    RefusedBy,
    StoreCheck,
    ToolError,
    ToolRefusal,
    store_refusal,
)
from coordinator.tools.credentials import credential_test, refuse_credential
from coordinator.tools.folding import folded
from coordinator.tools.gitdirs import GIT_DIR_NAMES, git_dir_shape, is_git_dir
from coordinator.tools.running import RUNNING_DIR, made_by_a_running_command

#: The coordinator's own directory inside a workspace: no tool may read, write or list it,
#: and Bash sees it read-only and empty.
COORDINATOR_DIR = ".coordinator"
#: The coordinator's per-user directories under the home folder, by the XDG variable that
#: moves each: out of every tool's reach, and hidden from commands, when in the workspace.
USER_DIRS: dict[str, str] = {
    "XDG_CONFIG_HOME": ".config/coordinator",
    "XDG_CACHE_HOME": ".cache/coordinator",
    "XDG_DATA_HOME": ".local/share/coordinator",
}
#: The workspace's Claude Code folder (settings, agents, hooks, skills, agent memory).
CLAUDE_DIR = ".claude"
#: Git's own directory (or, in a worktree, its ``.git`` file): git runs what its config and
#: hooks say, so no file tool writes anything in it, and a sandboxed command cannot move it
#: away nor change the git files of :data:`PROTECTED_PATHS` (the rest stays writable: an
#: agent's own ``git commit`` works).
GIT_DIR = ".git"
#: The workspace files (relative to its root) that grant or shape what an agent may do on a
#: later step, a resume or the next ``coord run`` (or what the user's own git runs), each
#: with why. No file tool writes them (here, where their links lead, or anything under a
#: protected folder); a sandboxed command can neither change, remove nor rename one that
#: exists, and what it puts where one was missing, or in place of a link to one, is undone
#: after it (:mod:`coordinator.tools.protected_guard`), but in a git directory its own command made.
#: Reading them stays allowed.
PROTECTED_PATHS: dict[str, str] = {
    ".claude/settings.json": "the project's permission rules, hooks and MCP servers",
    ".claude/settings.local.json": "the project's permission rules, hooks and MCP servers",
    ".claude/agents": "the project's agent definitions (tools, modes, hooks, MCP servers)",
    ".claude/hooks": "hook scripts, which a user's own hooks run outside the sandbox",
    ".mcp.json": "the project's MCP servers, started as approved by name",
    ".git/config": "git's settings, which name programs git runs",
    ".git/hooks": "programs git runs",
    ".git/commondir": "where git reads its settings and hooks from",
    ".git/config.worktree": "git's settings for this work tree (read when enabled)",
    ".git/info/attributes": "which of your git filters and merge or diff drivers run on files",
}
#: What in another git directory inside ``.git`` (a linked worktree's, a submodule's) names
#: programs git runs, or where it reads them from: the user's git in the workspace reads them
#: (``git status`` runs a submodule's ``core.fsmonitor``).
_GIT_FILES = ("config", "config.worktree", "hooks", "commondir", "info/attributes")
#: Of those, what git reads in a linked worktree's own directory (the rest comes from the
#: common directory).
_WORKTREE_FILES = ("config.worktree", "commondir")
#: How deep submodules' git directories are looked for (a name with "/" is a deeper one).
_MODULES_DEPTH = 4


def protected_names(root: Path, home: Path | None = None) -> list[str]:
    """The protected paths of the workspace ``root`` relative to it: :data:`PROTECTED_PATHS`,
    the settings and hooks of the other git directories in its ``.git`` (linked worktrees,
    submodules), the modules Python imports at start beside coord's own packages
    (:func:`own_startup_in`), and the user's own ``.claude`` settings and agents when
    ``root`` holds the home folder ``home`` below its top (files an agent can write, as the
    project's are)."""
    base = root.resolve(strict=False)
    names = [*PROTECTED_PATHS, *_nested_git_files(base), *own_startup_in(base)]
    if home is None:
        return names
    home = home.resolve(strict=False)
    if home != base and home.is_relative_to(base):
        inner = home.relative_to(base).as_posix()
        names += [f"{inner}/{rel}" for rel in PROTECTED_PATHS if rel.startswith(CLAUDE_DIR)]
    return names


def _nested_git_files(base: Path) -> list[str]:
    """The files of :data:`_GIT_FILES` of the git directories in ``base``'s ``.git``: its
    linked worktrees' (``.git/worktrees/NAME``) and its submodules' (``.git/modules/...``,
    nested ones too)."""
    git = base / GIT_DIR
    found: list[tuple[Path, tuple[str, ...]]] = [
        (d, _WORKTREE_FILES) for d in _git_dirs(git / "worktrees", 1, nested=False)
    ]
    found += [(d, _GIT_FILES) for d in _git_dirs(git / "modules", _MODULES_DEPTH)]
    return [f"{d.relative_to(base).as_posix()}/{name}" for d, names in found for name in names]


def _git_dirs(folder: Path, depth: int, *, nested: bool = True) -> list[Path]:
    """The git directories (folders holding ``HEAD``) in ``folder``, down to ``depth``
    names, and (``nested``) the submodules' below each; no link is followed."""
    try:
        entries = [Path(e.path) for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    found: list[Path] = []
    for entry in sorted(entries):
        if (entry / "HEAD").is_file():
            found += [entry, *(_git_dirs(entry / "modules", _MODULES_DEPTH) if nested else [])]
        elif depth > 1:
            found += _git_dirs(entry, depth - 1)
    return found


def written_by_agents(source: Path) -> Path | None:
    """The workspace coord ran in (a folder at or above ``source`` holding its own
    directory) where a sandboxed command could have written ``source``: one of whose
    protected paths, own directories and own code (:func:`own_code`: bundled agent files)
    it is not in. None when there is none."""
    try:
        real = source.resolve()
    except (OSError, RuntimeError):
        return None
    return written_by_agents_at(real)


def written_by_agents_at(real: Path) -> Path | None:
    """:func:`written_by_agents` for ``real``, a path taken as it is spelled (no link in it
    followed: where a link now lies, not where it leads)."""
    for folder in real.parents:
        if not (folder / COORDINATOR_DIR).is_dir():
            continue
        rel = real.relative_to(folder).as_posix()
        if is_reserved(folder, real) or any(real.is_relative_to(c) for c in own_code_in(folder)):
            continue
        if not any(rel == p or rel.startswith(f"{p}/") for p in protected_names(folder)):
            return folder
        if made_by_a_running_command(folder, rel):
            return folder
    return None


def announce_missing(root: Path, missing: Iterable[str]) -> tuple[int, Path] | None:
    """List ``missing`` (protected paths of ``root`` missing as a sandboxed command starts)
    in a file of ``root``'s own folder, hidden from the command, held locked while it runs:
    what the command creates there is undone only when it ends, and another session
    starting meanwhile must not take it for the user's (:func:`made_by_a_running_command`).
    The descriptor holding the lock and the file, for :func:`withdraw`; None when nothing
    is missing or the folder cannot be written (best effort), or is a link (its readers
    follow none: another run's command made ``sub/.coordinator`` a link to any folder)."""
    names = sorted(missing)
    if not names:
        return None
    mark_agents_ran(root)
    name = f"{os.getpid()}-{uuid.uuid4().hex}"
    draft = f".{name}"  # locked before its name is one a reader looks at
    try:
        top = os.open(root / COORDINATOR_DIR, OWN_FOLDER)
        try:
            folder = own_folder(top, RUNNING_DIR)
        finally:
            os.close(top)
    except OSError:
        return None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(draft, flags, 0o666, dir_fd=folder)
    except OSError:
        os.close(folder)
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, "\n".join(names).encode())
        os.rename(draft, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(draft, dir_fd=folder)
        return None
    finally:
        os.close(folder)
    return fd, root / COORDINATOR_DIR / RUNNING_DIR / name


#: A folder of coord's own opened: no link at its name followed.
OWN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def own_folder(top: int, name: str) -> int:
    """A descriptor of the folder ``name`` (``running``, ``background``) in the folder
    ``top`` (a descriptor of a workspace's ``.coordinator``), made when missing; OSError
    when it is a link: another run's command may have made one there, to any folder, where
    coord must make nothing."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o777, dir_fd=top)
    return os.open(name, OWN_FOLDER, dir_fd=top)


def withdraw(marker: tuple[int, Path] | None) -> None:
    """Remove an :func:`announce_missing` file, once its command's changes were undone."""
    if marker is None:
        return
    fd, path = marker
    with contextlib.suppress(OSError):
        os.unlink(path)
    os.close(fd)


def mark_agents_ran(root: Path) -> None:
    """Make the workspace's ``.coordinator`` folder when missing (with a ``.gitignore`` of
    ``*``) before a tool writes in it: it is the sign that agents wrote there
    (:func:`written_by_agents`), which a run whose database is elsewhere (``--db``,
    PostgreSQL) and whose agents made no Bash sandbox (bwrap makes it as a mount point)
    would otherwise not leave. Best effort."""
    base = root.resolve(strict=False)
    folder = base / COORDINATOR_DIR
    if base == base.parent or folder.is_dir() or folder.is_symlink():
        return  # no workspace of / (:data:`ROOT_WORKSPACE`)
    try:
        folder.mkdir()
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    except OSError:
        return
    owned.claim(folder)


_OTHER_WHY = {GIT_DIR: "git's own files: coord and the user run git, which runs what they say"}
_CODE_WHY = (
    "the coordinator's own code or interpreter: the next coord run would run it; for agents "
    "to change it, run a coord installed outside the workspace (pipx install coordinator, "
    "or uv tool install coordinator)"
)
_STARTUP_WHY = (
    "a module Python imports as it starts, beside the coordinator's own packages in this "
    "checkout: the next coord run would run it"
)
_AGENTS_WHY = "a folder of the roster's agent definitions (tools, modes, hooks, MCP servers)"
_NESTED_WHY = "agents or settings coord reads when it runs from that folder"
_NESTED_GIT_WHY = (
    "a git directory in the workspace: the user's git run there runs its hooks and the "
    "programs its settings name"
)


def own_code() -> list[Path]:
    """Where the running coordinator's code comes from, resolved: its packages
    (:data:`~coordinator.importpath.OWN_PACKAGES`: ``protocols`` too, which every run
    imports: redteam108), its interpreter's prefixes (a virtual environment) and
    site-packages folders (the user's too). In a workspace, an agent that changed them
    would change the next ``coord`` run (the sandbox, the checks, where the key goes)."""
    return list(_own_code(sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix))


@functools.cache
def _own_code(*prefixes: str) -> tuple[Path, ...]:
    """:func:`own_code` for the interpreter's ``prefixes`` (asked once per process)."""
    import site

    folders = [*_own_packages(), *(Path(p) for p in prefixes)]
    try:
        folders += [Path(p) for p in [*site.getsitepackages(), site.getusersitepackages()]]
    except AttributeError:  # a virtualenv's old site module
        pass
    found: dict[Path, None] = {}
    for folder in folders:
        try:
            found[folder.resolve()] = None
        except (OSError, RuntimeError):
            continue
    return tuple(found)


def _own_packages() -> list[Path]:
    """The folders of coord's own packages, as this process imports them (found, not
    imported: the start path stays light)."""
    import importlib.util

    from coordinator.importpath import OWN_PACKAGES

    found = []
    for name in OWN_PACKAGES:
        spec = importlib.util.find_spec(name)
        found += [Path(p) for p in (spec.submodule_search_locations or ())] if spec else []
    return found


#: The modules Python's ``site`` imports at every start from any folder on its path.
_STARTUP_MODULES = ("sitecustomize", "usercustomize")


def own_startup_in(base: Path) -> list[str]:
    """The names, relative to the workspace ``base`` (resolved), of the modules Python
    imports at every start (:data:`_STARTUP_MODULES`: a package, or a file by any ending it
    imports) in the folder coord's own packages come from, when that lies in ``base``: a
    checkout, on the path as Python starts (``pip install -e .``'s ``.pth``,
    ``PYTHONPATH=$PWD``), before coord confines its imports. An agent's
    ``sitecustomize.py`` there ran as the user at the next ``coord`` (review125)."""
    from importlib.machinery import all_suffixes

    names = []
    for folder in _own_folders():
        if folder.is_relative_to(base):
            rel = folder.relative_to(base).as_posix()
            at = "" if rel == "." else f"{rel}/"
            names += [f"{at}{m}{e}" for m in _STARTUP_MODULES for e in ("", *all_suffixes())]
    return names


@functools.cache
def _own_folders() -> tuple[Path, ...]:
    """The folders coord's own packages come from, resolved (asked once per process)."""
    return tuple(dict.fromkeys(p.parent.resolve() for p in _own_packages()))


def own_code_in(root: Path) -> list[Path]:
    """The folders of :func:`own_code` inside the workspace ``root`` (below it: a workspace
    that lies inside one of them is not narrowed)."""
    base = root.resolve(strict=False)
    return [p for p in own_code() if p != base and p.is_relative_to(base) and p.exists()]


#: Why no workspace may be ``/``: it holds ``/proc`` (coord's own environment, the API key),
#: ``/dev`` and every file of the machine, which a sandboxed command would get read-write.
ROOT_WORKSPACE = (
    "the root folder holds /proc, /dev and every file of the machine (coord's own "
    "included), so it cannot be a workspace; give a project folder"
)

#: Bytes read to decide whether a file is binary.
BINARY_SNIFF_BYTES = 8192
#: A sample whose share of control characters and undecodable bytes is above this is binary.
BINARY_SHARE = 0.30
#: Control characters that text files do contain (tab, newlines, form feed, backspace, ESC).
_TEXT_CONTROLS = frozenset("\t\n\r\f\b\x1b\x0b")

#: Default cap on what any one tool result may contain, in characters.
MAX_OUTPUT_CHARS = 30_000


class OpenMode(StrEnum):
    """How :func:`open_confined` opens a file."""

    READ = "read"
    WRITE = "write"  # create or truncate
    UPDATE = "update"  # read and rewrite an existing file


_FLAGS = {
    OpenMode.READ: os.O_RDONLY,
    OpenMode.WRITE: os.O_WRONLY | os.O_CREAT,
    OpenMode.UPDATE: os.O_RDWR,
}
_PYMODE = {OpenMode.READ: "rb", OpenMode.WRITE: "wb", OpenMode.UPDATE: "r+b"}


def reserved_dir(root: Path) -> Path:
    """The coordinator's own directory in the workspace ``root``."""
    return root.resolve(strict=False) / COORDINATOR_DIR


def user_dirs(home: Path | None = None) -> list[Path]:
    """The coordinator's per-user directories (config, cache, the session index's data
    folder), XDG variables honoured where coord honours them: absolute ones
    (:func:`coordinator.config.xdg_home`)."""
    home = home if home is not None else Path(os.environ.get("HOME") or Path.home())
    folders = [home / sub for sub in USER_DIRS.values()]
    set_to = [os.environ.get(v, "") for v in USER_DIRS]
    folders += [Path(value) / "coordinator" for value in set_to if os.path.isabs(value)]
    return folders


#: :func:`reserved_dirs`' recent answers, by workspace and environment: a search asks once
#: per file (no agent can move these folders: tools refuse them, commands see them hidden).
_RESERVED: dict[tuple[str, ...], tuple[float, int, list[Path]]] = {}
#: Every folder :func:`reserved_dirs` has found, by the same key: one a ``.coordinator`` link
#: led to stays reserved while a command has swapped the link (it is put back after it).
_SEEN: dict[tuple[str, ...], dict[Path, None]] = {}


def reserved_dirs(root: Path) -> list[Path]:
    """Where the coordinator's own files are, resolved, as far as they lie in ``root``: its
    directory (and where a link there leads, now or before in this process) and its
    per-user directories (a workspace holding the home folder). A database, index or config
    there is what later commands trust (stored session options, agent definitions); and
    the ``.coordinator`` folders below it coord made itself (:mod:`coordinator.tools.owned`:
    a nested workspace's, asked anew, never kept as seen)."""
    key = (str(root), os.environ.get("HOME", ""), *(os.environ.get(v, "") for v in USER_DIRS))
    now, claimed = time.monotonic(), owned.claimed()
    hit = _RESERVED.get(key)
    if hit is not None and now - hit[0] < 1.0 and hit[1] == claimed:
        return hit[2]
    if len(_RESERVED) > 256:
        _RESERVED.clear()
        _SEEN.clear()
    seen = _SEEN.setdefault(key, {})
    seen.update(dict.fromkeys(_reserved_dirs(root)))
    found = list(dict.fromkeys([*seen, *owned.own_folders_in(root.resolve(strict=False))]))
    _RESERVED[key] = (now, claimed, found)
    return found


def _reserved_dirs(root: Path) -> list[Path]:
    base = root.resolve(strict=False)
    found = [base / COORDINATOR_DIR]
    for folder in [base / COORDINATOR_DIR, *user_dirs()]:
        try:
            real = folder.resolve(strict=False)
        except (OSError, RuntimeError):
            continue
        if real != base and real.is_relative_to(base):
            found.append(real)
    return list(dict.fromkeys(found))


def is_reserved(root: Path, resolved: Path) -> bool:
    """True when the resolved path is one of the coordinator's own directories in ``root``
    (:func:`reserved_dirs`) or inside one."""
    return reserved_test(root)(resolved)


def unseen_test(root: Path) -> Callable[[Path], bool]:
    """Whether a search shows a resolved path of ``root`` never: one in coord's own folders
    (:func:`reserved_test`) or the user's credentials (:func:`credential_test`)."""
    own, secret = reserved_test(root), credential_test(root)
    return lambda path: own(path) or secret(path) is not None


def reserved_test(root: Path) -> Callable[[Path], bool]:
    """:func:`is_reserved` for many paths in ``root`` (resolved), its folders read once: a
    walk's (Glob and Grep list no file in coord's own folders, its per-user ones too in a
    workspace holding the home folder, ``-w ~``)."""
    own = reserved_dirs(root)
    return lambda path: any(_within(path, folder) for folder in own)


def _within(path: Path, folder: Path) -> bool:
    """``path.is_relative_to(folder)`` for two absolute, normalised paths, without making
    ``Path`` objects (a search asks once per file)."""
    text, top = str(path), str(folder)
    return text == top or text.startswith(top if top.endswith("/") else f"{top}/")


def _alike(path: Path) -> Path:
    return Path(folded(str(path)))


def reserved_alike(root: Path, resolved: Path) -> bool:
    """:func:`is_reserved`, or the same name in another case (:func:`folded`): what no
    tool reaches. On a case-insensitive file system ``.Coordinator/coordinator.db`` is
    coord's database; elsewhere no project keeps a file by such a name. (Whether a file
    is coord's own, and so no agent's, stays :func:`is_reserved`'s exact answer.)"""
    dirs = reserved_dirs(root)
    if any(_within(resolved, r) for r in dirs):
        return True
    text = folded(str(resolved))
    tops = _folded_dirs(tuple(str(d) for d in dirs))
    return any(text == top or text.startswith(f"{top.rstrip('/')}/") for top in tops)


@functools.lru_cache(maxsize=64)
def _folded_dirs(dirs: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(folded(d) for d in dirs)


def resolve_in_workspace(root: Path, path: str | Path) -> Path:
    """Resolve ``path`` against ``root``; raise ToolError when it leads outside ``root``.

    Relative paths are relative to ``root``; absolute paths (and ``~``) must point inside it.
    ``..`` and symlinks are resolved first (``Path.resolve(strict=False)``), so a symlink inside
    the workspace that points outside it is refused too, and so is anything under
    :data:`COORDINATOR_DIR`.
    """
    text = str(path)
    if "\x00" in text:
        raise ToolError(f"path {text!r} contains a NUL byte")
    base = root.resolve(strict=False)
    if base == base.parent:
        raise ToolError(f"workspace {base}: {ROOT_WORKSPACE}")
    try:
        candidate = Path(text).expanduser() if text.startswith("~") else Path(text)
        if not candidate.is_absolute():
            candidate = base / candidate
        resolved = named_on_disk(candidate).resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # symlink loops, unknown ~user
        raise ToolError(f"path '{text}' cannot be resolved: {exc}") from None
    if resolved != base and not resolved.is_relative_to(base):
        outside = Refusal(RefusedBy.OUTSIDE_WORKSPACE, text)
        raise ToolRefusal(f"path '{text}' is outside the workspace", outside)
    _check_length(text, resolved)
    if reserved_alike(base, resolved):
        raise ToolError(
            f"path '{text}' is inside {COORDINATOR_DIR}/ (or another of the coordinator's "
            "own directories); tools cannot read, write or list them"
        )
    refuse_credential(base, resolved, text)
    return resolved


def named_on_disk(path: Path) -> Path:
    """``path``, or, when it does not exist and holds U+FFFD, the one file it names: a name
    that is not UTF-8 reaches the model with U+FFFD in place of each byte that is not
    (:func:`~coordinator.sanitize.clean_text`, as Glob, Grep and ``git`` lists show it),
    so the model names it back that way. Each missing part with U+FFFD becomes the one
    entry of its folder shown so; ``path`` as it is when there is none or more than one.
    What the path then names is checked as any other (confined, protected, reserved)."""
    if sanitize.REPLACEMENT not in str(path) or os.path.lexists(path):
        return path
    found = Path(path.anchor)
    for part in path.parts[1:]:
        if sanitize.REPLACEMENT in part and not os.path.lexists(found / part):
            try:
                names = [e.name for e in os.scandir(found) if sanitize.clean_text(e.name) == part]
            except OSError:
                return path
            if len(names) != 1:
                return path
            part = names[0]
        found /= part
    return found


#: The longest file name and path the file system takes (Linux: NAME_MAX, PATH_MAX).
NAME_MAX, PATH_MAX = 255, 4095


def _check_length(text: str, resolved: Path) -> None:
    """ToolError for a path the file system would refuse as too long (ENAMETOOLONG, which
    would otherwise escape a tool as an error coord does not expect: a traceback, the
    session interrupted); the model reads why, its path cut short."""
    raw = os.fsencode(resolved)
    longest = max((len(os.fsencode(p)) for p in resolved.parts), default=0)
    if len(raw) > PATH_MAX or longest > NAME_MAX:
        shown = text if len(text) <= 80 else f"{text[:60]}…({len(text):,} characters)"
        raise ToolError(
            f"path '{shown}' is too long (a name holds at most {NAME_MAX} bytes, a path {PATH_MAX})"
        )


def protected_entry(root: Path, resolved: Path, extra: Iterable[Path] = ()) -> str | None:
    """The protected path (a key of :data:`PROTECTED_PATHS`, :data:`GIT_DIR`, or one of the
    ``extra`` folders: the roster's agent folders inside the workspace) that the resolved
    path ``resolved`` is or lies under, where the protected path's links lead; None when it
    is none."""
    base = root.resolve(strict=False)
    names: list[str | Path] = [*PROTECTED_PATHS, GIT_DIR, *extra, *own_code_in(base)]
    names += own_startup_in(base)
    for rel in names:
        try:
            target = (base / rel).resolve(strict=False)
        except (OSError, RuntimeError):  # a link loop: nothing can be written there
            continue
        if target != base and (resolved == target or resolved.is_relative_to(target)):
            return str(rel)
    return _nested_claude(base, resolved) or _nested_git(base, resolved)


def protected_alike(root: Path, resolved: Path, extra: Iterable[Path] = ()) -> str | None:
    """:func:`protected_entry`, or the protected path that ``resolved`` names in another
    case (:func:`folded`): what no tool writes. On a case-insensitive file system the Write
    tool's ``.Claude/settings.json`` is the user's ``.claude/settings.json``; elsewhere no
    project keeps a file by such a name. (Whether an agent may have written a file stays
    :func:`protected_entry`'s exact answer: folded, it would vouch for more.)"""
    found = protected_entry(root, resolved, extra)
    if found is not None:
        return found
    base = root.resolve(strict=False)
    alike, top = _alike(resolved), _alike(base)
    if not alike.is_relative_to(top):
        return None
    names: list[str | Path] = [*PROTECTED_PATHS, GIT_DIR, *extra, *own_code_in(base)]
    names += own_startup_in(base)
    for rel in names:
        target = _alike(base / rel)
        if target != top and (alike == target or alike.is_relative_to(target)):
            return str(rel)
    parts = alike.relative_to(top).parts
    if GIT_DIR in parts:  # a git directory at any depth (by name only: the paths folded
        return "/".join(parts[: parts.index(GIT_DIR) + 1])  # need not exist)
    return _nested_claude(top, alike)


def _nested_git(base: Path, resolved: Path) -> str | None:
    """The git directory below ``base`` (or ``base`` itself, a bare repository) that
    ``resolved`` is or lies in, or that writing it would make one (a ``HEAD`` beside
    ``objects`` and ``refs``); a ``.git`` at any depth (the workspace's own is protected on
    its own). The user's git run in such a folder runs its hooks and its settings' programs
    (``core.fsmonitor`` at every ``git status``), outside any sandbox. None when none."""
    if not resolved.is_relative_to(base):
        return None
    parts = resolved.relative_to(base).parts
    for i, part in enumerate(parts):
        if part == GIT_DIR:
            return "/".join(parts[: i + 1])
    for i, part in enumerate(parts):
        folder = base.joinpath(*parts[:i])
        if os.path.lexists(folder / "HEAD") and is_git_dir(folder):
            return "/".join(parts[:i]) or "."
        if part in GIT_DIR_NAMES and _becomes_git_dir(folder, part):
            return "/".join(parts[:i]) or "."
    return None


def _becomes_git_dir(folder: Path, name: str) -> bool:
    """Whether ``folder`` has git's names for a git directory once ``name`` is added."""
    try:
        names = {*os.listdir(folder), name} & GIT_DIR_NAMES
    except OSError:
        return False
    return git_dir_shape(names)


#: What a ``.claude`` folder below the workspace's root holds that coord reads when it is run
#: from there (the roster's project agents are the nearest ``.claude/agents`` up from the
#: working directory; a workspace given as that folder reads its settings).
_NESTED = frozenset({"agents", *(p.split("/")[1] for p in PROTECTED_PATHS if "settings" in p)})


def _nested_claude(base: Path, resolved: Path) -> str | None:
    """``sub/.claude/agents`` (or its settings files) when ``resolved`` is or lies in one."""
    if not resolved.is_relative_to(base):
        return None
    parts = resolved.relative_to(base).parts
    for i, part in enumerate(parts[:-1]):
        if part == CLAUDE_DIR and parts[i + 1] in _NESTED:
            return "/".join(parts[: i + 2])
    return None


#: What a ``.claude`` folder (at any depth) holds that a change to a tracked file may not bring
#: into the workspace: settings, agent definitions, hook scripts.
_CLAUDE_TRACKED = frozenset({*_NESTED, "hooks"})


def protected_change(rel: str, extra: Iterable[str] = ()) -> str | None:
    """Why a change to the tracked file ``rel`` (POSIX, relative to a repository's top, as
    git names it) may not be merged into a workspace: the protected path it is, lies under
    or stands in the way of (a ``.claude`` folder, or its settings, agents or hooks, at any
    depth; a ``.mcp.json``; anything of git's; a session folder of coord's, at any depth;
    one of the ``extra`` folders, the roster's and coord's own, relative to the same top).
    None when it is none of them. (A run's command can commit any path, one its sandbox
    hides too, and git's merge overwrites an ignored file: coord's database, its code in an
    ignored ``.venv``.)"""
    parts = tuple(p for p in rel.split("/") if p not in ("", "."))
    keys = tuple(folded(p) for p in parts)  # a case-insensitive file system's names
    for i, key in enumerate(keys):
        if key in (GIT_DIR, COORDINATOR_DIR) or (key == CLAUDE_DIR and i == len(keys) - 1):
            return "/".join(parts[: i + 1])
        if key == CLAUDE_DIR and keys[i + 1] in _CLAUDE_TRACKED:
            return "/".join(parts[: i + 2])
    if keys and keys[-1] == ".mcp.json":
        return rel
    path = "/".join(keys)
    for folder in extra:
        name = folder.strip("/")
        key = folded(name)
        if path == key or path.startswith(f"{key}/") or key.startswith(f"{path}/"):
            return name
    return None


def check_writable(root: Path, resolved: Path, extra: Iterable[Path] = ()) -> None:
    """Raise ToolError when a tool may not write ``resolved`` (a protected path, in any
    case: :func:`protected_alike`)."""
    rel = protected_alike(root, resolved, extra)
    if rel is None:
        return
    nested_git = _nested_git(root.resolve(strict=False), resolved)
    nested_git = nested_git or (rel if rel.endswith(f"/{GIT_DIR}") else None)
    why = PROTECTED_PATHS.get(rel) or _OTHER_WHY.get(rel)
    if why is None and Path(rel).is_absolute() and Path(rel) in own_code():
        why = _CODE_WHY
    if why is None and rel in own_startup_in(root.resolve(strict=False)):
        why = _STARTUP_WHY
    if why is None:
        why = _NESTED_WHY if f"/{CLAUDE_DIR}/" in f"/{rel}" else _AGENTS_WHY
        why = _NESTED_GIT_WHY if rel == nested_git else why
    raise ToolRefusal(
        f"'{display_path(root, resolved)}' is protected ({rel}: {why}); what an agent writes "
        "there would change what agents may do later, so no tool writes it (reading is allowed)",
        Refusal(RefusedBy.PROTECTED_PATH, rel),
    )


def resolve_for_write(root: Path, path: str | Path, extra: Iterable[Path] = ()) -> Path:
    """:func:`resolve_in_workspace` for a file a tool will create or change: protected paths
    (:data:`PROTECTED_PATHS`, git's directory, the ``extra`` folders) are refused too."""
    resolved = resolve_in_workspace(root, path)
    check_writable(root, resolved, extra)
    mark_agents_ran(root)
    return resolved


def open_confined(
    root: Path,
    path: Path,
    mode: OpenMode,
    protected: Iterable[Path] = (),
    *,
    base: Path | None = None,
    stores: StoreCheck | None = None,
) -> BinaryIO:
    """Open the already resolved ``path`` safely (see the module docstring); ``base``:
    ``root`` resolved, when the caller has it (a search opens thousands of files).

    Raises ToolError for a symlink swapped in since resolution, a non-regular file, a hard
    link opened for writing, a file that turns out to be outside the workspace, or one of
    ``stores`` (another session's database: by where it was opened and by its identity, a
    hard link or a name in another case of it too), before anything is written.
    """
    base = base or root.resolve(strict=False)
    rel = _shown_in(base, path)
    with contextlib.suppress(OSError):  # (missing: the open says so)
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ToolError(f"'{rel}' is not a regular file")
    flags = _FLAGS[mode] | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    # A file to write is opened in its folder as reached without links: a folder swapped
    # for a link since the check must not have a file created (or changed) where it leads.
    folder = None if mode is OpenMode.READ else open_folder(root, path.parent, rel)
    try:
        fd = os.open(path if folder is None else path.name, flags, 0o666, dir_fd=folder)
    except OSError as exc:
        raise ToolError(f"cannot open '{rel}': {exc.strerror or exc}") from None
    finally:
        if folder is not None:
            os.close(folder)
    try:
        _check_open_file(root, fd, rel, mode, tuple(protected), base, stores)
        if mode is OpenMode.WRITE:
            os.ftruncate(fd, 0)
    except BaseException:
        os.close(fd)
        raise
    return cast(BinaryIO, os.fdopen(fd, _PYMODE[mode]))


_DIR_FLAGS = os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def make_parents(root: Path, path: Path) -> None:
    """Make the missing folders above the resolved ``path`` (inside ``root``) one at a time,
    following no link: ToolError when a folder on the way was swapped for one."""
    os.close(open_folder(root, path.parent, display_path(root, path), create=True))


def open_folder(root: Path, folder: Path, rel: str, *, create: bool = False) -> int:
    """A descriptor (``O_PATH``) of the resolved ``folder``, reached from ``/`` one name at
    a time without following a link; below ``root``, missing folders are made when
    ``create``. ToolError when a name on the way is now a link or no folder."""
    base = root.resolve(strict=False)
    fd = os.open("/", _DIR_FLAGS)
    here = Path("/")
    try:
        for name in folder.parts[1:]:
            here = here / name
            fd = _step(fd, name, create=create and here.is_relative_to(base) and here != base)
    except OSError as exc:
        if here.is_symlink():
            raise ToolError(
                f"'{rel}' changed while it was being opened and now leads elsewhere "
                f"('{display_path(root, here)}' is now a link)"
            ) from None
        raise ToolError(f"cannot write '{rel}': {exc.strerror or exc}") from None
    return fd


def _step(fd: int, name: str, *, create: bool) -> int:
    """The folder ``name`` in the folder ``fd`` (closed), made first when missing and
    ``create``; never a link."""
    try:
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=fd)
        except FileNotFoundError:
            if not create:
                raise
        try:
            os.mkdir(name, 0o777, dir_fd=fd)
        except FileExistsError:
            pass
        return os.open(name, _DIR_FLAGS, dir_fd=fd)
    finally:
        os.close(fd)


def _check_open_file(
    root: Path,
    fd: int,
    rel: str,
    mode: OpenMode,
    protected: tuple[Path, ...] = (),
    base: Path | None = None,
    stores: StoreCheck | None = None,
) -> None:
    """Refuse the file open as ``fd`` (``rel`` to name it): not a regular one, another
    session's database (``stores``), a hard link opened to write, or one that leads outside
    the workspace ``root`` (resolved: ``base``) or into coord's own folders."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise ToolError(f"'{rel}' is not a regular file")
    real = _opened_at(fd)
    if stores is not None and stores.holds(info, real):
        raise ToolError(store_refusal(rel))
    if mode is not OpenMode.READ and info.st_nlink > 1:
        raise ToolError(
            f"'{rel}' has {info.st_nlink} hard links; writing through a hard link could "
            "change a file outside the workspace, so it is refused (copy the file instead)"
        )
    if real is None:  # no /proc: the O_NOFOLLOW open is the check
        return
    base = base or root.resolve(strict=False)
    if not _within(real, base) or reserved_alike(base, real) or credential_test(base)(real):
        raise ToolError(f"'{rel}' changed while it was being opened and now leads elsewhere")
    if mode is not OpenMode.READ:
        check_writable(root, real, protected)


def _opened_at(fd: int) -> Path | None:
    """Where the descriptor ``fd`` leads (None without ``/proc``)."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return None


def display_path(root: Path, path: Path) -> str:
    """``path`` relative to the workspace root, POSIX style ("." for the root itself)."""
    return _shown_in(root.resolve(strict=False), path)


def _shown_in(base: Path, path: Path) -> str:
    """:func:`display_path` for the resolved root ``base``."""
    text, top = str(path), str(base)
    if text == top:
        return "."
    prefix = top if top.endswith("/") else f"{top}/"
    return text[len(prefix) :] if text.startswith(prefix) else text


def looks_binary(sample: bytes) -> bool:
    """True for a NUL byte, or when control characters and undecodable bytes make up more
    than :data:`BINARY_SHARE` of the sample (binary data without NULs)."""
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    # A multi-byte character cut by the end of the sample is not evidence of binary.
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=False)
    if not text:
        return False
    odd = sum(1 for ch in text if ch == "\ufffd" or (ch < " " and ch not in _TEXT_CONTROLS))
    return odd / len(text) > BINARY_SHARE


def sniff_binary(fh: BinaryIO) -> bool:
    """:func:`looks_binary` on the start of the open file; the position is reset to 0."""
    sample = fh.read(BINARY_SNIFF_BYTES)
    fh.seek(0)
    return looks_binary(sample)


def cap_text(
    text: str, limit: int = MAX_OUTPUT_CHARS, *, what: str = "output", rest: str = ""
) -> str:
    """``text`` cut to ``limit`` characters (scrubbed first, never inside a character as a
    reader sees it: :func:`~coordinator.clip.whole_cut`), with a note saying how much of
    the scrubbed text was cut and, ``rest``, how to get the rest."""
    if len(text) <= limit:
        return text
    whole = sanitize.scrub(text)
    if len(whole) <= limit:  # (scrubbed, it fits: nothing is cut, no note says so: review148)
        return whole
    kept = whole_cut(whole, limit)
    note = f"[{what} truncated: {len(whole) - len(kept):,} of {len(whole):,} characters cut]"
    return f"{kept}\n\n{note}" + (f" {rest}" if rest else "")
