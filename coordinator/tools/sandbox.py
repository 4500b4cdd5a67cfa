"""The Bash sandbox: a bubblewrap (``bwrap``) command line and an allow-listed environment.

What a sandboxed command sees (:func:`bwrap_argv`):

- the workspace read-write; the rest of the filesystem read-only (``--ro-bind / /``);
- the user's HOME replaced by an empty directory (unless HOME is inside the workspace, then
  the coordinator's config and cache directories there are hidden instead);
- the user's ``bash_read`` folders read-only, but for coord's own folders in them and one
  reached through a folder commands write (:func:`_readable_binds`);
- the coordinator's own directory ``WORKSPACE/.coordinator/`` replaced by an empty read-only
  directory: the database, locks and settings can be neither read nor written; so are the
  ``.coordinator/`` folders coord made in other workspaces (:func:`_other_sessions`);
- the workspace's protected paths (:data:`~coordinator.tools.workspace.PROTECTED_PATHS`:
  its settings, project agents, hook scripts and ``.mcp.json``; git's config and hooks)
  read-only, every folder on their way (``.claude``, ``.git``, a roster folder's parents)
  and above the coordinator's own a mount point that cannot be moved away,
  and what a command creates where one was missing, or in place of a link to one, undone
  after it (:class:`ProtectedGuard`): they shape what agents may do later;
- a fresh ``/dev`` (read-only), ``/proc`` (its own PID namespace: no parent environment
  to read), ``/tmp`` and ``/dev/shm`` (each of at most the memory limit); its own IPC,
  UTS and cgroup namespaces; no capabilities (we often run as root);
- no network (a new network namespace, and ``/run`` with its sockets hidden) unless the user
  opted in;
- an environment built from an allow-list (:data:`BASE_ENV` plus names the user lists),
  never from the coordinator's own environment minus a deny-list.

``--die-with-parent`` and the PID namespace mean that when ``bwrap`` or ``coord`` dies, every
process the command started dies with it, background ones included.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import os
import re
import select
import shutil
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.config import DEFAULT_BASH_MAX_MEMORY_MB, DEFAULT_BASH_MAX_PROCESSES
from coordinator.errors import UserError
from coordinator.sanitize import register_sent
from coordinator.tools import gitdirs, owned
from coordinator.tools.base import GitAccess, ToolError
from coordinator.tools.mounts import Mount, aliases, read_mounts
from coordinator.tools.pids import PidsGroup, pids_group
from coordinator.tools.storefiles import COMPANIONS, KnownStores, hold_logs, second_names
from coordinator.tools.workspace import (
    CLAUDE_DIR,
    COORDINATOR_DIR,
    GIT_DIR,
    PROTECTED_PATHS,
    ROOT_WORKSPACE,
    SSH_DIR,
    announce_missing,
    credential_places,
    is_reserved,
    open_folder,
    own_code_in,
    protected_names,
    public_ssh,
    reserved_dir,
    reserved_dirs,
    user_dirs,
    withdraw,
    written_by_agents,
    written_by_agents_at,
)

if TYPE_CHECKING:
    from coordinator.config import Settings

#: Variables a command always gets from the coordinator's environment (when set).
BASE_ENV: tuple[str, ...] = ("PATH", "HOME", "LANG", "LC_ALL", "TERM")

#: The namespaces every sandbox gets (the network one is added unless the user opts in).
_NAMESPACES = ("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try")

MISSING_BWRAP = (
    "--allow-bash needs bubblewrap (bwrap) to sandbox shell commands, and it was not found: "
    "install it (Debian/Ubuntu: apt-get install bubblewrap), or pass --unsandboxed-bash to "
    "run commands without a sandbox"
)


MISSING_PRLIMIT = (
    "the Bash sandbox's limits (bash_max_processes, bash_max_memory_mb, "
    "bash_max_cpu_seconds) are set by prlimit, and it was not found: install util-linux, "
    "or set those limits to null in your coord config"
)


@dataclass(frozen=True)
class Limits:
    """What a sandboxed command may use, set as hard limits (soft equal) on the first
    process inside the sandbox, which every process it starts inherits and none can raise
    (the sandbox drops every capability). None: no limit.

    ``processes`` (``RLIMIT_NPROC``) counts the command's processes and threads: bwrap
    runs a normal user's command in a user namespace of its own, where the kernel
    (5.14 and later) counts only the processes of that namespace; set before bwrap, on
    bwrap itself, it would become the namespace's ceiling and count every process of the
    user. The kernel exempts root from it, so under root it does not apply.
    ``memory_mb`` (``RLIMIT_DATA``) bounds what each process writes (heap, anonymous
    mappings), not the address space it only reserves (V8's and WebAssembly's guard
    regions, Java's heap, Go's arenas), which ``RLIMIT_AS`` would refuse.
    ``cpu_seconds`` (``RLIMIT_CPU``) bounds each process's CPU time: off by default, as
    the command's timeout bounds a command and a confined MCP server lives the session.
    """

    processes: int | None = DEFAULT_BASH_MAX_PROCESSES
    memory_mb: int | None = DEFAULT_BASH_MAX_MEMORY_MB
    cpu_seconds: int | None = None

    def options(self) -> list[str]:
        """prlimit's options setting these limits (soft and hard alike)."""
        named = (
            ("nproc", self.processes),
            ("data", None if self.memory_mb is None else self.memory_mb * 1024 * 1024),
            ("cpu", self.cpu_seconds),
        )
        return [f"--{name}={value}" for name, value in named if value is not None]

    def tmpfs(self, dest: str) -> list[str]:
        """bwrap's options mounting a writable, memory-backed folder at ``dest``, holding at
        most ``memory_mb`` (a tmpfs takes half the host's memory otherwise, each)."""
        if self.memory_mb is None:
            return ["--tmpfs", dest]
        return ["--size", str(self.memory_mb * 1024 * 1024), "--tmpfs", dest]

    def prefix(self) -> list[str]:
        """What runs a command under these limits: ``prlimit OPTIONS --`` (nothing when
        there are none); ToolError when prlimit cannot be found."""
        options = self.options()
        if not options:
            return []
        program = program_path("prlimit")
        if program is None:
            raise ToolError(MISSING_PRLIMIT)
        return [program, *options, "--"]


@dataclass(frozen=True)
class BashSandbox:
    """How Bash commands run: the user's choices, fixed for a session.

    ``bwrap`` is the bubblewrap program (a name looked up on PATH, or a path);
    ``unsandboxed`` is the user's explicit opt-out; ``network`` keeps the host network;
    ``env_names`` are extra variables passed through from the coordinator's environment.
    """

    bwrap: str = "bwrap"
    unsandboxed: bool = False
    network: bool = False
    env_names: tuple[str, ...] = ()
    #: Folders commands may read though HOME's or /tmp's mount hides them (``bash_read``).
    readable: tuple[Path, ...] = ()
    #: The session database ``--db`` names outside the workspace, and its companions: hidden
    #: from commands as the default one in ``.coordinator/`` is
    #: (:func:`coordinator.store.paths.store_files`).
    store: tuple[Path, ...] = ()
    #: What each command may use (:class:`Limits`: processes, memory, CPU time).
    limits: Limits = Limits()
    #: Every session database the user's index knows, looked at again before each command
    #: (:class:`KnownStores`: one registered meanwhile is hidden too); ``store`` when None.
    known: KnownStores | None = None

    def store_files(self) -> tuple[Path, ...]:
        """The session database files to hide from the next command."""
        return self.known.files() if self.known is not None else self.store

    def program(self) -> str | None:
        """The bwrap executable to use, or None when it cannot be found."""
        return program_path(self.bwrap)

    def require(self) -> None:
        """Raise UserError (one line) when Bash cannot be sandboxed and the user has not
        opted out: bwrap is missing, or cannot create the namespaces here."""
        if self.unsandboxed:
            return
        program = self.program()
        if program is None:
            raise UserError(MISSING_BWRAP)
        if self.limits.options() and program_path("prlimit") is None:
            raise UserError(MISSING_PRLIMIT)
        problem = _probe(program, network=self.network)
        if problem:
            raise UserError(
                f"bubblewrap ({program}) cannot create a sandbox here: {problem}; fix that, "
                "or pass --unsandboxed-bash to run commands without a sandbox"
            )


def _probe(program: str, *, network: bool) -> str | None:
    """Run ``true`` in a minimal sandbox with our namespaces; the first error line or None."""
    namespaces = [*_NAMESPACES] if network else [*_NAMESPACES, "--unshare-net"]
    argv = [program, *namespaces, "--ro-bind", "/", "/", "--proc", "/proc", "--", "true"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[0] if lines else f"exit code {done.returncode}"


def bash_sandbox(settings: Settings, store: tuple[Path, ...] | KnownStores = ()) -> BashSandbox:
    """The sandbox the settings ask for (``store``: the files of the session databases the
    user's index knows, to hide, or where to look them up before each command); UserError
    when Bash is allowed but bwrap is missing and the user has not opted out (checked before
    a session starts)."""
    known = store if isinstance(store, KnownStores) else None
    sandbox = BashSandbox(
        bwrap=settings.bwrap,
        unsandboxed=settings.unsandboxed_bash,
        network=settings.bash_network,
        env_names=tuple(settings.bash_env),
        readable=tuple(settings.bash_read),
        store=() if isinstance(store, KnownStores) else store,
        known=known,
        limits=Limits(
            settings.bash_max_processes, settings.bash_max_memory_mb, settings.bash_max_cpu_seconds
        ),
    )
    _check_readable(sandbox.readable)
    if settings.allow_bash:
        sandbox.require()
    return sandbox


def _store_masks(
    files: Iterable[Path], covers: Iterable[Path], root: Path, masked: Iterable[Path]
) -> list[str]:
    """What hides the session databases' files: an empty file over each file, an empty
    read-only folder over its lock folder (those under ``covers``, hidden whole already,
    but where the workspace ``root`` shows them again, and under ``masked``, the folders
    hidden in it, are left). Another session's ``--db`` in the workspace is hidden too: a
    command rewrote it, its history lost (trust41)."""
    argv: list[str] = []
    hidden = [c.resolve() for c in covers]
    for path in files:
        shown = path.is_relative_to(root)
        if any(path.is_relative_to(c) for c in masked) or path == root:
            continue
        if not shown and any(path.is_relative_to(c) for c in hidden):
            continue
        if path.is_dir():
            argv += ["--tmpfs", str(path), "--remount-ro", str(path)]
        elif path.is_file() or (shown and _beside_a_database(path)):
            argv += ["--ro-bind", os.devnull, str(path)]
    return argv


def _pinned_folders(files: Iterable[Path], root: Path) -> list[str]:
    """Each folder between the workspace ``root`` and a session database in it, bound on
    itself (before any other mount below ``root``, which it would hide): a mount point, so
    a command can neither rename nor remove it. ``mv data elsewhere`` had moved another
    session's masked database out of its mask and out of the index's sight (trust41)."""
    folders: dict[Path, None] = {}
    for path in files:
        if path != root and path.is_relative_to(root) and path.exists():
            for folder in reversed(path.parents):
                if folder != root and folder.is_relative_to(root) and folder.is_dir():
                    folders.setdefault(folder)
    return [arg for f in folders if not f.is_symlink() for arg in ("--bind", str(f), str(f))]


def _beside_a_database(path: Path) -> bool:
    """Whether ``path`` is a missing ``-wal``, ``-shm`` or ``-journal`` of a database that is
    there: in the workspace, masked all the same (bwrap leaves an empty file, which SQLite
    takes for none), since SQLite replays the one a command would write, forged frames or
    pages and all (a whole other history, trust41)."""
    name = path.name
    ends = [end for end in COMPANIONS if name.endswith(end)]
    return bool(ends) and not path.is_symlink() and path.with_name(name[: -len(ends[0])]).is_file()


def host_sockets(table: Path = Path("/proc/net/unix")) -> list[Path]:
    """Where the Unix sockets bound in coord's network namespace are (``table`` lists them;
    abstract ones, ``@name``, are the network's and left out), each resolved."""
    try:
        lines = table.read_text(errors="replace").splitlines()[1:]
    except OSError:
        return []
    named = (fields[7] for line in lines if len(fields := line.split(maxsplit=7)) == 8)
    return list(dict.fromkeys(Path(os.path.realpath(p)) for p in named if p.startswith("/")))


def _socket_masks(sockets: Iterable[Path], covers: Iterable[Path]) -> list[str]:
    """An empty read-only file over each of the host's ``sockets`` the read-only tree shows
    (not under ``covers``, hidden whole or the workspace): a socket on a read-only mount still
    connects, and one outside ``/run`` (``/var/tmp``, LXD's ``/var/snap/lxd``, MySQL's
    ``/var/lib/mysql``) is a service of the host's, reached from the sandbox."""
    hidden = [c.resolve() for c in covers]
    argv: list[str] = []
    for path in sockets:
        if any(path.is_relative_to(c) for c in hidden):
            continue
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                argv += ["--ro-bind", os.devnull, str(path)]
        except OSError:
            continue
    return argv


def _check_readable(folders: Iterable[Path]) -> None:
    """UserError for a ``bash_read`` folder holding the home folder: it would show
    everything HOME's mount hides (keys, tokens, every project's sessions)."""
    home = Path(os.environ.get("HOME") or Path.home()).resolve()
    for folder in folders:
        if home.is_relative_to(folder.resolve()):
            raise UserError(
                f"bash_read: {folder} holds the home folder {home}, which Bash commands must "
                "not see whole (keys, tokens, other projects' sessions)",
                hint="Name the folders commands need, such as ~/.pyenv or ~/.nvm.",
            )


@dataclass(frozen=True)
class Confiner:
    """How code an agent could have written runs (a workspace hook, a confined MCP
    server): as a Bash command of the session would, in the sandbox ``program`` (bwrap)
    with ``protected`` (the roster's folders in the workspace) read-only. Called with
    ``(command, root, env)`` (and the :class:`SetupStatus` bwrap reports to, whose descriptor
    the caller passes on) it gives the command line, whose process must be started with
    the environment ``env`` (:meth:`environment` for a hook; the MCP SDK's for a server):
    bwrap passes its own on, so no value shows on its command line (``/proc/PID/cmdline``
    is every local user's to read); ``env`` decides only where HOME is."""

    program: str
    sandbox: BashSandbox
    protected: Sequence[Path] = ()
    #: The workspace ``protected`` lie in; a ``root`` elsewhere (a worktree run's
    #: worktree) gets its own copies of them protected instead.
    workspace: Path | None = None

    def __call__(
        self,
        command: str,
        root: Path,
        env: Mapping[str, str],
        status: SetupStatus | None = None,
    ) -> list[str]:
        here = self.protected_in(root)
        return bwrap_argv(
            self.program, self.sandbox, root, env, command, here, inherit_env=True, status=status
        )

    def protected_in(self, root: Path) -> Sequence[Path]:
        """:attr:`protected` as they lie in ``root`` (a worktree run's: its own copies)."""
        real = root.resolve()
        if self.workspace is None or real == self.workspace:
            return self.protected
        return tuple(real / p.relative_to(self.workspace) for p in self.protected)

    def environment(self, extra: Mapping[str, str]) -> dict[str, str]:
        """The allow-listed environment of a command (:func:`command_env`: the names the
        user passes too), with ``extra`` (values coord sets)."""
        return command_env(os.environ, self.sandbox.env_names, extra)

    def pids_group(self) -> PidsGroup | None:
        """A cgroup of its own for one confined program (a hook's command, an MCP server's
        life) whose ``pids.max`` is the process limit, as a Bash command gets one, when
        coord runs as root (:func:`~coordinator.tools.pids.pids_group`; the kernel exempts
        root from ``RLIMIT_NPROC``); the caller enters it (:meth:`PidsGroup.argv`) and
        removes it when the program has ended. None where there is no such cgroup."""
        return pids_group(self.sandbox.limits.processes)


def confiner_for(
    allow_bash: bool, sandbox: BashSandbox | None, protected: Sequence[Path] = ()
) -> Confiner | None:
    """How code an agent could have written runs (:class:`Confiner`); ``protected``: the
    roster's folders in the workspace. None when Bash is not allowed or runs unsandboxed
    (such code does not run)."""
    sandbox = sandbox or BashSandbox()
    program = sandbox.program() if allow_bash and not sandbox.unsandboxed else None
    if program is None:
        return None
    return Confiner(program, sandbox, protected)


def command_env(
    environ: Mapping[str, str], names: Iterable[str] = (), extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of a command: :data:`BASE_ENV` and ``names`` copied from ``environ``
    when set, then ``extra`` (values the coordinator sets itself). A credential-named one
    of ``names`` (``GITHUB_TOKEN``) is scrubbed from then on, whatever prints it."""
    names = tuple(names)
    wanted = dict.fromkeys((*BASE_ENV, *names))
    env = {name: environ[name] for name in wanted if name in environ}
    for name in names:  # a credential let into commands: scrubbed from what they print
        register_sent(name, env.get(name, ""), header=False)
    env.update(extra or {})
    return env


def shell_program() -> str:
    """The shell commands run in: bash when installed (it is the Bash tool), else sh."""
    return program_path("bash") or "/bin/sh"


def program_path(name: str) -> str | None:
    """Where a program coord itself runs (bwrap, git, bash, pwsh, prlimit) is, found only
    through the absolute entries of PATH: a relative one (``./node_modules/.bin``, an empty
    entry, which is the working folder) would find, in the workspace coord runs in, a
    program an agent's command made, and coord would run it outside any sandbox. So would
    an absolute one in a workspace (an activated ``/project/.venv/bin``): a program there
    that a command could have written (:func:`written_by_agents`, as spelled or where it
    leads) is passed over. A name holding a ``/`` (a ``bwrap:`` setting of the user's) is
    taken as given."""
    if os.sep in name:
        found = shutil.which(name)
        return os.path.abspath(found) if found else None
    for entry in os.environ.get("PATH", os.defpath).split(os.pathsep):
        found = shutil.which(name, path=entry) if os.path.isabs(entry) else None
        if found and not _agents_could_write(Path(os.path.abspath(found))):
            return os.path.abspath(found)
    return None


def _agents_could_write(program: Path) -> bool:
    """Whether a sandboxed command could have written ``program``, where it lies or where
    it leads (:func:`written_by_agents`)."""
    return written_by_agents_at(program) is not None or written_by_agents(program) is not None


#: What every sandboxed command starts from: its own namespaces and session, no
#: capabilities, the host's tree read-only, fresh /dev and /proc (and /tmp:
#: :func:`_memory_folders`).
_BASE_ARGS = (
    "--die-with-parent", "--new-session", *_NAMESPACES, "--cap-drop", "ALL",
    "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
)  # fmt: skip


def _memory_folders(limits: Limits) -> list[str]:
    """A fresh ``/tmp`` and ``/dev/shm``, each holding at most the memory limit
    (:meth:`Limits.tmpfs`), and ``/dev`` read-only (bwrap's is a tmpfs a command could fill
    with the host's memory; its devices still work)."""
    return [*limits.tmpfs("/tmp"), *limits.tmpfs("/dev/shm"), "--remount-ro", "/dev"]


#: How many times coord starts a sandboxed program whose sandbox bwrap could not set up
#: (:class:`SetupStatus`): a path it mounts over vanished meanwhile (another workspace
#: removed, a service's socket closed), and the program never ran.
SETUP_ATTEMPTS = 3
#: What a program whose sandbox could not be set up reports, before bwrap's own message.
SETUP_FAILED = "the sandbox could not be set up, so the command did not run"


class SetupStatus:
    """Whether bwrap set its sandbox up and started the program in it, read from the pipe
    given as ``--json-status-fd`` (:attr:`fd`, passed to bwrap): bwrap reports the
    program's exit code there only once it has started it. Where a mount fails (its path
    vanished between coord listing it and bwrap mounting over it), nothing has run, and
    the caller builds the command line again (:data:`SETUP_ATTEMPTS`)."""

    def __init__(self) -> None:
        self._read, self.fd = os.pipe2(os.O_CLOEXEC)
        os.set_blocking(self._read, False)  # a program in the sandbox may hold the write end
        self._write_open = True
        self._seen = b""

    def started(self) -> None:
        """bwrap has been started (it holds the write end now): close this process's."""
        if self._write_open:
            self._write_open = False
            os.close(self.fd)

    def program_ran(self) -> bool:
        """Whether bwrap started the program (asked once bwrap has ended)."""
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(self._read, 4096):
                self._seen += chunk
        return b'"exit-code"' in self._seen

    def never_started(self, wait: float) -> bool:
        """Whether bwrap has ended without starting the program: the pipe's end was read
        (its write end closed: bwrap exited) with no exit code on it. Waits at most
        ``wait`` seconds for that end (a program still running, or bwrap still setting up,
        is no setup failure: False). For a caller that cannot wait for bwrap itself (an
        MCP server, which the SDK starts)."""
        deadline = time.monotonic() + wait
        poll = select.poll()
        poll.register(self._read, select.POLLIN)
        while (left := deadline - time.monotonic()) > 0:
            if not poll.poll(left * 1000):
                break
            try:
                chunk = os.read(self._read, 4096)
            except BlockingIOError:
                continue
            if not chunk:  # its end: bwrap is gone
                return b'"exit-code"' not in self._seen
            self._seen += chunk
        return False

    def close(self) -> None:
        """Close both ends (those still open)."""
        self.started()
        os.close(self._read)

    def __enter__(self) -> SetupStatus:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def bwrap_argv(
    bwrap: str,
    sandbox: BashSandbox,
    root: Path,
    env: Mapping[str, str],
    command: str,
    protected: Iterable[Path] = (),
    *,
    inherit_env: bool = False,
    git: GitAccess | None = None,
    status: SetupStatus | None = None,
) -> list[str]:
    """The full ``bwrap`` command line running ``command`` in the workspace ``root``;
    ``protected``: more folders to keep read-only (the roster's agent folders in it);
    ``git``: git folders outside it a command may write (:func:`_git_binds`).
    The command's environment is ``env``: set by ``--clearenv`` and ``--setenv``, or, with
    ``inherit_env``, bwrap's own, which the caller starts it with (then no value shows on
    its command line, which ``ps`` shows every user). ``status``: where bwrap reports
    whether it started the program (the caller passes its :attr:`SetupStatus.fd` on).
    ToolError for a workspace of ``/`` (:data:`ROOT_WORKSPACE`)."""
    root = root.resolve()
    if root == root.parent:
        raise ToolError(f"workspace {root}: {ROOT_WORKSPACE}")
    limits = sandbox.limits
    argv = [bwrap, *_BASE_ARGS, *_memory_folders(limits)]
    argv += ["--json-status-fd", str(status.fd)] if status is not None else []
    argv += _network_args(sandbox.network, limits)
    home = Path(env.get("HOME") or Path.home()).resolve()
    home_hidden = home != Path("/") and home.is_dir() and not home.is_relative_to(root)
    if home_hidden:
        argv += limits.tmpfs(str(home))  # HOME hidden, unless it lies inside the workspace
    git = git or GitAccess()
    readable, covered, bound = _readable_binds(
        sandbox.readable, user_dirs(home), (root, *git.writable)
    )
    argv += [*readable, *_git_reads(git), "--bind", str(root), str(root)]
    stores = sandbox.store_files()
    argv += [*_pinned_folders(stores, root), *_git_binds(root, git)]
    targets = _hidden_folders(root, home, home_hidden, covered)
    argv += _protected_binds(root, protected, home, _above(root, targets))
    mounts = read_mounts()  # where a second mount shows them (the workspace bound twice)
    hidden_whole = [*_OWN_TREES, *([home] if home_hidden else []), *targets]
    shown_again = _shown_again(targets, mounts, hidden_whole)
    for target in [*targets, *shown_again]:  # last: a bind would show them again
        argv += ["--tmpfs", str(target), "--remount-ro", str(target)]
    argv += _credential_masks(root, home, lambda p: [p, *_shown_again([p], mounts, hidden_whole)])
    argv += _read_credential_masks(bound, home)
    covers = [Path("/tmp"), *([home] if home_hidden else [])]
    stores = (*stores, *second_names(stores, root))  # (hard links a command made to them)
    hold_logs(stores, lambda p: _shows(p, root, hidden_whole, targets))  # (-wal kept)
    store = [*stores, *_shown_again(stores, mounts, hidden_whole)]
    argv += _store_masks(store, covers, root, [*targets, *shown_again])
    covers.insert(1, root)
    argv += _socket_masks(host_sockets(), [*covers, Path("/run"), Path("/dev"), *targets])
    argv += [] if inherit_env else _environment_args(env)
    argv += ["--chdir", str(root), "--", *sandbox.limits.prefix(), shell_program(), "-c", command]
    return argv


def _network_args(network: bool, limits: Limits) -> list[str]:
    """No network (its own namespace), or the network and not the host's services
    (``/run/user/UID/bus``: ``systemd-run --user``): ``/run`` empty either way."""
    if not network:
        return ["--unshare-net", *limits.tmpfs("/run")]
    return [*limits.tmpfs("/run"), *_resolver_binds()]


def _environment_args(env: Mapping[str, str]) -> list[str]:
    """A command's environment on bwrap's command line: cleared, then exactly ``env``."""
    args = ["--clearenv"]
    for name, value in env.items():
        args += ["--setenv", name, value]
    return args


def _shows(path: Path, root: Path, hidden_whole: list[Path], targets: list[Path]) -> bool:
    """Whether the sandbox shows ``path``: in the workspace ``root`` or under none of the
    folders it hides whole, and in none of the ``targets`` it hides in the workspace."""
    if any(path.is_relative_to(t) for t in targets):
        return False
    return path.is_relative_to(root) or not any(path.is_relative_to(c) for c in hidden_whole)


def _hidden_folders(root: Path, home: Path, home_hidden: bool, covered: list[Path]) -> list[Path]:
    """The folders the sandbox shows empty and read-only: coord's own in the workspace (and
    where a swapped link led), its per-user folders where the host's tree would show them,
    ``covered`` (coord's folders in a ``bash_read`` folder), other sessions' and the
    reserved ones. ``home_hidden``: whether the sandbox hides ``home`` (HOME) whole."""
    hidden_home = home if home_hidden else None
    hidden = [_hidden(root / COORDINATOR_DIR, root)]  # and where it led (a link swapped)
    for folder in user_dirs(home):  # still writable only when inside the workspace
        real = folder.resolve()  # hidden even before coord made it: nothing may plant one
        if real != root and real.is_relative_to(root):
            hidden.append(_hidden(real, root))
        elif _shown_outside(real, root, hidden_home):
            hidden.append(real)  # XDG_*_HOME outside HOME: the host's tree would show it
    hidden += covered  # coord's folders in a bash_read folder: it shows the rest only
    hidden += _other_sessions(root, hidden_home)
    hidden += [r for r in reserved_dirs(root) if r.is_dir() and not r.is_symlink()]
    return list(dict.fromkeys(t for t in hidden if t is not None))


def _credential_masks(root: Path, home: Path, shown: Callable[[Path], list[Path]]) -> list[str]:
    """What hides the user's credentials in the workspace ``root`` (the home folder
    ``home`` in it: :func:`~coordinator.tools.workspace.credential_places`), at each place
    ``shown`` shows one (:func:`_masked`)."""
    argv: list[str] = []
    for place, rel in credential_places(root, home):
        outside = not place.is_relative_to(root)  # (the sandbox's own /tmp shows none)
        if place.is_symlink() or (outside and any(place.is_relative_to(t) for t in _OWN_TREES)):
            continue  # (where a link leads is masked: a place of its own)
        argv += _masked(place, rel, shown)
    return argv


def _read_credential_masks(bound: list[tuple[Path, Path]], home: Path) -> list[str]:
    """What hides the user's credentials below a ``bash_read`` folder (``bound``: where
    each is, resolved, and where the sandbox shows it), as in a workspace holding the home
    folder: ``~/.cargo`` holds crates.io's token, ``~/.config`` gh's. Not one the folder
    is, or lies in (``bash_read: [~/.aws]``): the user named it."""
    if not bound:
        return []
    places = credential_places(Path("/"), home, existing=True)  # (every home's, variable's)
    argv: list[str] = []
    for real, shown in bound:
        for place, rel in places:
            if place == real or not place.is_relative_to(real) or place.is_symlink():
                continue
            argv += _masked(shown / place.relative_to(real), rel, lambda p: [p])
    return argv


def _masked(place: Path, rel: str, shown: Callable[[Path], list[Path]]) -> list[str]:
    """What hides the credential ``rel`` at ``place``, at each place ``shown`` shows it:
    an empty read-only folder over a folder, an empty file over a file; in ``~/.ssh``, over
    each entry but its public keys."""
    argv: list[str] = []
    masked = [place]  # (a folder it cannot list is hidden whole)
    if rel == SSH_DIR and place.is_dir():
        with contextlib.suppress(OSError):
            entries = [place / name for name in sorted(os.listdir(place))]
            masked = [e for e in entries if not public_ssh(e.name) and not e.is_symlink()]
    for path in (p for m in masked for p in shown(m)):
        if path.is_dir():
            argv += ["--tmpfs", str(path), "--remount-ro", str(path)]
        elif path.exists():
            argv += ["--ro-bind", os.devnull, str(path)]
    return argv


#: What the sandbox shows none of the host's (its own, or hidden whole): a path there
#: that a second mount shows is no way in.
_OWN_TREES = (Path("/tmp"), Path("/run"), Path("/dev"), Path("/proc"))


def _shown_again(paths: Iterable[Path], mounts: Sequence[Mount], covers: list[Path]) -> list[Path]:
    """The other paths at which the host's ``mounts`` show ``paths`` (:func:`mounts.aliases`:
    a bind mount of the workspace or a folder above it), but those under ``covers``, which
    the sandbox shows none of (its own ``/tmp``, ``/run``, ``/dev``, the hidden HOME, what
    it hides whole)."""
    found = [a for p in paths for a in aliases(p, mounts)]
    return [a for a in dict.fromkeys(found) if not any(a.is_relative_to(c) for c in covers)]


def _readable_binds(
    folders: Iterable[Path], own: Iterable[Path], written: Iterable[Path]
) -> tuple[list[str], list[Path], list[tuple[Path, Path]]]:
    """Read-only binds of the ``bash_read`` folders that exist, at their real place and,
    for a link (``~/.pyenv`` to elsewhere), at the link's too; and where coord's own
    folders would show through them, to hide: ``own`` (its config, cache and data) and the
    session folders it made (:func:`owned.own_folders_in`: other projects' sessions). Left
    out: a folder in one of coord's own, and one whose way passes through a folder commands
    write (``written``: the workspace, git's): a command could have made it a link to
    anywhere (``~/.ssh``), and the workspace is shown anyway; and one whose way passes a link
    another user made (a missing ``/tmp/tools`` made a link to ``~/.ssh`` by another local
    user). Third, each folder bound, resolved, with where it is shown."""
    argv: list[str] = []
    covered: list[Path] = []
    bound: list[tuple[Path, Path]] = []
    mine = [o.resolve() for o in own]
    mine = [o for o in mine if o.is_dir()]
    written = [w.resolve() for w in written]
    for folder in folders:
        real = folder.resolve()
        if not real.is_dir() or any(real.is_relative_to(o) for o in mine):
            continue
        way = list(_way(folder))
        if any(step.is_relative_to(w) for step in way for w in written):
            continue
        if any(_foreign_link(step) for step in way):
            continue
        hide = [*(o for o in mine if o.is_relative_to(real)), *owned.own_folders_in(real)]
        for place in dict.fromkeys((real, folder)):
            argv += ["--ro-bind", str(real), str(place)]
            covered += [place / o.relative_to(real) for o in hide]
            bound.append((real, place))
    return argv, covered, bound


def _foreign_link(step: Path) -> bool:
    """Whether ``step`` is a link owned by neither this user nor root."""
    try:
        return step.is_symlink() and step.lstat().st_uid not in (os.getuid(), 0)
    except OSError:
        return True


def _resolver_binds(config: Path = Path("/etc/resolv.conf")) -> list[str]:
    """With network, ``/run`` is hidden as without (its sockets are the host's services: a
    socket on a read-only bind still connects), but for the folder ``/etc/resolv.conf``
    leads to when that lies there (systemd-resolved's ``/run/systemd/resolve``,
    resolvconf's, NetworkManager's), shown read-only so names still resolve."""
    try:
        real = config.resolve(strict=True)
    except (OSError, RuntimeError):
        return []
    run = Path("/run").resolve()
    if not real.is_relative_to(run):
        return []
    shown = str(real if real.parent == run else real.parent)  # never /run itself
    return ["--ro-bind", shown, shown]


def _shown_outside(folder: Path, root: Path, home: Path | None) -> bool:
    """Whether coord's own ``folder`` (config, data, cache), outside the workspace ``root``,
    is there for the read-only host tree to show: not in ``/tmp`` nor the hidden HOME
    (``home``), and not holding the workspace."""
    covers = (Path("/tmp"), *((home,) if home is not None else ()))
    if any(folder.is_relative_to(c) for c in covers) or root.is_relative_to(folder):
        return False
    return folder.is_dir()


def _other_sessions(root: Path, home: Path | None) -> list[Path]:
    """The session folders coord made in other workspaces (:func:`owned.own_folders_in`:
    other projects' databases, locks and settings) that the rest of the filesystem, shown
    read-only, would show: not those in this workspace (:func:`reserved_dirs`), nor in the
    hidden HOME (``home``) or ``/tmp``."""
    covers = (Path("/tmp"), root, *((home,) if home is not None else ()))
    return owned.own_folders_in(Path("/"), besides=covers)


def _way(path: Path) -> Iterator[Path]:
    """Every place resolving the absolute ``path`` passes, each with its folder resolved:
    the links on the way and where each leads, step by step (at most 40 links)."""
    todo, at, links = list(path.parts[1:]), Path("/"), 0
    while todo:
        name = todo.pop(0)
        if name in ("", "."):
            continue
        step = at.parent if name == ".." else at / name
        yield step
        if step.is_symlink() and links < 40:
            links += 1
            target = Path(os.readlink(step))
            todo[:0] = target.parts[1:] if target.is_absolute() else target.parts
            at = Path("/") if target.is_absolute() else at
        else:
            at = step


def _protected_binds(
    root: Path, extra: Iterable[Path] = (), home: Path | None = None, pinned: Iterable[Path] = ()
) -> list[str]:
    """The workspace's protected paths (:func:`protected_names`, the ``extra`` roster
    folders; a worktree's ``.git`` file) read-only where they lead, and every folder on their
    way (``.claude``, ``.git``, a roster folder's parents) a mount point, so a command can
    neither change, remove nor rename them, nor move a folder above them away to put others
    in its place (and the ``pinned`` folders too). The rest of those folders stays writable.
    What a command creates where one was missing, or puts in place of a link, is undone after
    it (:class:`ProtectedGuard`). Folders first, outermost first: a later bind shows the
    host's tree below it again."""
    paths = [root / rel for rel in (*protected_names(root, home), GIT_DIR)]
    paths += [p for p in (*extra, *own_code_in(root)) if p.is_relative_to(root)]
    inside = _Leads(root)
    argv: list[str] = []
    folders = dict.fromkeys([*_folders_on_the_way(root, paths, inside), *pinned])
    for folder in sorted(folders, key=lambda p: len(p.parts)):
        argv += ["--bind", str(folder), str(folder)]
    for path in paths:
        target = inside(root / path.relative_to(root))
        if target is not None and (target.is_file() or path.name != GIT_DIR):
            argv += ["--ro-bind", str(target), str(target)]
    return argv


def _git_binds(root: Path, git: GitAccess) -> list[str]:
    """``git``'s writable folders bound read-write, then its fixed files in them read-only
    (mount points: neither changed, removed nor renamed). Only folders outside the workspace
    that exist and are no links; a fixed file that is missing or a link is left out (the
    caller makes them)."""
    argv: list[str] = []
    for folder in git.writable:
        if folder.is_dir() and not folder.is_symlink() and not folder.is_relative_to(root):
            argv += ["--bind", str(folder), str(folder)]
    for file in git.fixed:
        if file.is_file() and not file.is_symlink():
            argv += ["--ro-bind", str(file), str(file)]
    return argv


def _git_reads(git: GitAccess) -> list[str]:
    """``git``'s readable folders bound read-only, under the workspace's and git's writable
    binds: the repository's git directory, which may lie where the sandbox has a ``tmpfs``
    (``/tmp``, the home folder). Missing there, it would be a writable folder of the tmpfs:
    git's ``packed-refs``, tags and stash would land in it and be lost with the command,
    and ``git gc`` would remove the run's branch as it packs it there."""
    argv: list[str] = []
    for folder in git.readable:
        if folder.is_dir() and not folder.is_symlink():
            argv += ["--ro-bind", str(folder), str(folder)]
    return argv


def _above(root: Path, paths: list[Path]) -> list[Path]:
    """The folders between ``root`` and each of the resolved ``paths`` (hidden folders),
    outermost first, made when missing (as bwrap makes a missing mount point: empty
    folders of the user's) so that they can be bound."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_relative_to(root) and path != root:
            parts = path.relative_to(root).parts
            found.update({root.joinpath(*parts[:i]): None for i in range(1, len(parts))})
    folders = sorted(found, key=lambda p: len(p.parts))
    for folder in folders:
        try:
            folder.mkdir(exist_ok=True)
        except OSError:
            return []  # not ours to make (bwrap then fails to hide it, and says so)
    return folders


def _folders_on_the_way(
    root: Path, paths: Iterable[Path], inside: Callable[[Path], Path | None]
) -> list[Path]:
    """The existing folders between ``root`` and each of ``paths``, and between ``root`` and
    where each folder on the way or the path itself leads (a link into a shared folder),
    outermost first: bound onto themselves, they cannot be moved. ``inside``:
    :func:`_inside` in ``root``, remembered."""

    @functools.cache
    def pins(rel: str, last: bool) -> tuple[Path, ...]:
        target = inside(root / rel)
        if target is None:
            return ()
        chain = target.relative_to(root).parts
        keep = len(chain) if not last and target.is_dir() else len(chain) - 1
        return tuple(root.joinpath(*chain[: j + 1]) for j in range(keep))

    found: dict[Path, None] = {}
    for path in paths:
        parts = path.relative_to(root).parts
        for i in range(1, len(parts) + 1):
            found.update(dict.fromkeys(pins("/".join(parts[:i]), i == len(parts))))
    return sorted(found, key=lambda p: len(p.parts))


class _Leads:
    """:func:`_inside` for many paths of one workspace, each folder looked at once: a path
    leads where its folder leads, then one ``lstat`` (a link is resolved in full)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reserved = [str(r) for r in reserved_dirs(root)]
        self.real = functools.cache(self._real)

    def __call__(self, path: Path) -> Path | None:
        target = self.real(path.relative_to(self.root).as_posix())
        if target is None or target == self.root or not target.is_relative_to(self.root):
            return None
        text = str(target)
        if any(text == r or text.startswith(f"{r}/") for r in self.reserved):
            return None
        return target

    def _real(self, rel: str) -> Path | None:
        """Where ``root/rel`` leads, when it exists; None otherwise (or a link loop)."""
        head, _, name = rel.rpartition("/")
        parent = self.real(head) if head else self.root
        if parent is None:
            return None
        path = parent / name
        try:
            info = os.lstat(path)
            return path.resolve(strict=True) if stat.S_ISLNK(info.st_mode) else path
        except (OSError, RuntimeError):
            return None


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


@dataclass(frozen=True)
class _Seen:
    """What one protected path (or a folder on its way) was: its kind, identity and, for a
    link, where it pointed."""

    kind: str  # "missing", "link", "dir", "file" or "closed" (a folder on its way shut)
    ident: tuple[int, int] = (0, 0)
    link: str = ""


def _seen_open(root: Path, rel: str) -> _Seen:
    """:func:`_seen` of ``root/rel``, the folders on its way opened to their owner first
    when one was shut (:func:`_writable`: a command's ``chmod 0 .claude`` hid what it made
    there, which passed for missing)."""
    seen = _seen(root / rel)
    if seen.kind != "closed":
        return seen
    _writable(root, (root / rel).parent)
    return _seen(root / rel)


def _seen(path: Path) -> _Seen:
    try:
        info = os.lstat(path)
    except PermissionError:
        return _Seen("closed")
    except OSError:
        return _Seen("missing")
    ident = (info.st_dev, info.st_ino)
    if stat.S_ISLNK(info.st_mode):
        return _Seen("link", ident, os.readlink(path))
    return _Seen("dir" if stat.S_ISDIR(info.st_mode) else "file", ident)


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
        missing = [rel for rel, was in seen.items() if was.kind == "missing"]
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
            if now == was or (was.kind == "missing" and not self._guarded(rel)):
                continue
            if was.kind == "link" or (was.kind == "missing" and now.kind != "missing"):
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
        fresh_git = rel.startswith(GIT_DIR + "/") and self.before[GIT_DIR].kind == "missing"
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
            if was.kind == "link":
                os.symlink(was.link, path.name, dir_fd=fd)
        except OSError as exc:
            return f"{rel}: could not be undone ({exc.strerror or exc})"
        finally:
            os.close(fd)
        return f"{rel}: {'link put back' if was.kind == 'link' else 'removed'}"


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
#: file of settings (or let a remote's ``ext::`` URL run a shell at ``git fetch``).
_USERS_GIT_RUNS = re.compile(
    r"^(?:core\.(?:fsmonitor|hookspath|sshcommand|pager|editor|askpass|gitproxy|worktree)"
    r"|sequence\.editor|diff\.external|alias\..+|pager\..+|include\.path|includeif\..+"
    r"|protocol\.(?:.+\.)?allow"
    r"|.+\.(?:command|textconv|driver|clean|smudge|process|helper|program|cmd"
    r"|defaultkeycommand|recentobjectshook|difffilter|uploadpack|receivepack))$"
)


def _programs_removed(root: Path, before: _Seen) -> list[str]:
    """Where the workspace's ``.git`` leads to a git directory a command wrote whole (one it
    made, or one a ``.git`` file or link names inside the workspace), what would make the
    user's own git there run a program as the user, outside any sandbox, removed: its
    hooks (but git's ``.sample`` files) and such settings (:data:`_USERS_GIT_RUNS`:
    ``core.fsmonitor`` runs at every ``git status``); one line per change."""
    folder = _agents_git_dir(root, before)
    if folder is None:
        return []
    rel = folder.relative_to(root).as_posix()
    return [*_hooks_removed(root, folder, rel), *_settings_removed(root, folder / "config", rel)]


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
    if now.kind == "dir":
        return git if before.kind == "missing" else None  # else its settings are bound
    if now.kind == "file":
        with contextlib.suppress(OSError, UnicodeDecodeError):
            with git.open("rb") as fh:
                line = fh.read(4096).decode().partition("\n")[0]
            if line.startswith("gitdir:"):
                git = root / line.removeprefix("gitdir:").strip()
    target = _inside(root, git) if now.kind in ("file", "link") else None
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


def protected_note(undone: list[str]) -> str:
    """The line a command's output gets when its changes to protected paths were undone."""
    return (
        "[protected paths (they shape what agents may do later) cannot be created or "
        f"replaced by a command; undone: {'; '.join(undone)}]"
    )


#: How a write to a read-only bind mount (or a move of its folder) fails in a command.
_MOUNT_ERRORS = ("Read-only file system", "Device or resource busy")


def protected_hint(output: str) -> str | None:
    """A line naming the protected paths a command's ``output`` failed to write (a read-only
    mount's error on the line naming the path), so that the agent knows why; None otherwise."""
    names = [*PROTECTED_PATHS, CLAUDE_DIR, GIT_DIR, COORDINATOR_DIR]
    named: dict[str, None] = {}
    for line in output.splitlines():
        if any(error in line for error in _MOUNT_ERRORS):
            named.update({n: None for n in names if _PATH_WORD[n].search(line)})
    hit = [n for n in named if not any(m.startswith(f"{n}/") for m in named)]
    if not hit:
        return None
    return (
        f"[{', '.join(hit)}: protected (they shape what agents may do later): commands see "
        "them read-only and cannot move their folders; reading them is allowed]"
    )


#: How git fails to write a ref, or the stash, it may not write in a worktree run.
_GIT_REFUSED = re.compile(r"cannot lock ref '|Cannot save the current status|packed-refs")


def git_hint(output: str, git: GitAccess) -> str | None:
    """In a worktree run (``git``: its access), a line saying what its git may write when
    the command's ``output`` shows a ref, the stash or ``packed-refs`` refused (``git tag``,
    ``git stash``, ``git branch``); None otherwise."""
    if not git.branch or not _GIT_REFUSED.search(output):
        return None
    return (
        f"[this worktree run's git commits only to its branch {git.branch}, which coord "
        "merges back when the run ends; tags, other branches, the stash and git's settings "
        "are the repository's, read-only to commands]"
    )


def own_code_hint(output: str, root: Path) -> str | None:
    """A line saying why a command's ``output`` failed to write coord's own installation in
    the workspace ``root`` (:func:`own_code_in`: coord run from the project's ``.venv``: an
    agent's ``pip install`` there), and what lets agents manage that environment; None when
    no read-only error names it."""
    base = root.resolve(strict=False)
    words = {
        folder: re.compile(
            rf"(?<![\w.-])({re.escape(str(folder))}|{re.escape(folder.relative_to(base).as_posix())})"
            r"(?![\w.-])"
        )
        for folder in own_code_in(base)
    }
    lines = [line for line in output.splitlines() if any(e in line for e in _MOUNT_ERRORS)]
    hit = [str(f.relative_to(base)) for f, word in words.items() if any(map(word.search, lines))]
    if not hit:
        return None
    return (
        f"[{', '.join(hit)}: coord's own installation (the coord running this session runs "
        "from it), read-only to commands: a change would run in the next coord. For agents "
        "to install packages there, run a coord installed outside the project (pipx install "
        "coordinator, or uv tool install coordinator)]"
    )


def nested_hint(output: str, root: Path) -> str | None:
    """A line saying why a command's ``output`` failed to remove or move a folder holding
    the session folder of a workspace nested in ``root`` (``rm -rf app`` with
    ``app/.coordinator``, coord's own: :func:`~coordinator.tools.owned.own_folders_in`):
    it is hidden from commands by an empty read-only mount, which no command can remove
    nor move (a mount, unlike a file's permissions, cannot be undone from inside), and its
    folder is kept in place so that it stays hidden; the user removes it. None otherwise."""
    from coordinator.tools import owned

    lines = [line for line in output.splitlines() if any(e in line for e in _MOUNT_ERRORS)]
    if not lines:
        return None
    base = root.resolve(strict=False)
    nested = [f.parent for f in owned.own_folders_in(base) if f.parent != base]
    words = {
        folder: re.compile(
            rf"(?<![\w.-])({re.escape(str(folder))}|{re.escape(folder.relative_to(base).as_posix())})"
            r"(?![\w-])"
        )
        for folder in nested
    }
    hit = [f.relative_to(base).as_posix() for f, w in words.items() if any(map(w.search, lines))]
    if not hit:
        return None
    names = ", ".join(hit)
    return (
        f"[{names}: a workspace nested in this one, with its own coord sessions in "
        f"{COORDINATOR_DIR}/ (hidden from commands: an empty read-only mount no command can "
        f"remove or move, so {names} can be neither removed nor moved by a command; the rest "
        f"of it is writable). To delete it, run rm -rf {names} yourself, outside coord]"
    )


_PATH_WORD = {
    n: re.compile(rf"(?<![\w.-]){re.escape(n)}(?![\w.-])")
    for n in (*PROTECTED_PATHS, CLAUDE_DIR, GIT_DIR, COORDINATOR_DIR)
}


def _hidden(path: Path, root: Path) -> Path | None:
    """Where an empty read-only directory goes over ``path`` (bwrap creates the mount
    point): a symlink is followed, and its target hidden when it is writable (inside
    ``root``); None for one outside (read-only already)."""
    target = path.resolve() if path.is_symlink() else path
    if target != path and not target.is_relative_to(root):
        return None
    return target


def kill_group(pgid: int, sig: int) -> None:
    """Signal a process group, ignoring one that is already gone."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
