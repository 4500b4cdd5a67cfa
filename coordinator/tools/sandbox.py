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
  after it (:class:`~coordinator.tools.protected_guard.ProtectedGuard`): they shape what
  agents may do later;
- the paths the settings deny commands (Claude Code's ``sandbox.filesystem.denyRead``/
  ``denyWrite``, the paths of its ``Read(…)``/``Edit(…)`` deny rules) hidden or read-only,
  found again before each command (:mod:`coordinator.tools.denied`);
- run as root, the host's own secrets (:data:`HOST_SECRETS`: password hashes, the SSH
  server's and TLS private keys) hidden: dropped capabilities keep no owner from its own
  files;
- a fresh ``/dev`` (read-only), ``/proc`` (its own PID namespace: no parent environment
  to read), ``/tmp`` and ``/dev/shm`` (each of at most the memory limit); its own IPC,
  UTS and cgroup namespaces; no capabilities (we often run as root);
- no network (a new network namespace, and ``/run`` with its sockets hidden) unless the user
  opted in; the host's Unix sockets elsewhere covered, of every network namespace coord
  sees a process of (:func:`~coordinator.tools.sockets.host_sockets`);
- no kernel keyring: a seccomp filter refuses its calls (:mod:`~coordinator.tools.seccomp`);
- an environment built from an allow-list (:data:`BASE_ENV` plus names the user lists),
  never from the coordinator's own environment minus a deny-list.

``--die-with-parent`` and the PID namespace mean that when ``bwrap`` or ``coord`` dies, every
process the command started dies with it, background ones included.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import select
import stat
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.config import (
    DEFAULT_BASH_MAX_MEMORY_MB,
    DEFAULT_BASH_MAX_PROCESSES,
    link_way,
    read_config_files,
)
from coordinator.errors import UserError
from coordinator.sanitize import register_sent
from coordinator.tools import landlock, owned
from coordinator.tools.base import GitAccess, ToolError
from coordinator.tools.credentials import (
    SSH_DIR,
    credential_places,
    moved_credentials,
    public_ssh,
)
from coordinator.tools.denied import Access, Denial, DenyCheck, denied_paths
from coordinator.tools.mounts import Mount, aliases, read_mounts
from coordinator.tools.pids import PidsGroup, pids_group
from coordinator.tools.programs import program_path, shell_program
from coordinator.tools.seccomp import filter_fd
from coordinator.tools.sockets import host_sockets
from coordinator.tools.storefiles import COMPANIONS, KnownStores, hold_logs, second_names
from coordinator.tools.workspace import (
    COORDINATOR_DIR,
    GIT_DIR,
    ROOT_WORKSPACE,
    own_code_in,
    protected_names,
    reserved_dirs,
    user_dirs,
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
    #: The paths the settings deny commands (``sandbox.filesystem.denyRead``/``denyWrite``,
    #: ``Read(…)``/``Edit(…)`` deny rules), found again before each command
    #: (:func:`~coordinator.tools.denied.denied_paths`); None: none.
    denied: DenyCheck | None = None

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
        if self.network:  # the host's abstract sockets, where no Landlock scope shuts them out
            landlock.warn_unscoped(program)


def _probe(program: str, *, network: bool) -> str | None:
    """Run ``true`` in a minimal sandbox with our namespaces and seccomp filter; the first
    error line or None."""
    namespaces = [*_NAMESPACES] if network else [*_NAMESPACES, "--unshare-net"]
    with SetupStatus() as status:
        argv = [*_scope(program, network), program, *namespaces, "--ro-bind", "/", "/"]
        argv += [*_status_args(status), "--proc", "/proc", "--", "true"]
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=30, check=False, pass_fds=status.fds
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return str(exc)
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[0] if lines else f"exit code {done.returncode}"


def bash_sandbox(
    settings: Settings,
    store: tuple[Path, ...] | KnownStores = (),
    denied: DenyCheck | None = None,
) -> BashSandbox:
    """The sandbox the settings ask for (``store``: the files of the session databases the
    user's index knows, to hide, or where to look them up before each command; ``denied``:
    the paths the Claude Code settings deny commands); UserError
    when Bash is allowed but bwrap is missing and the user has not opted out (checked before
    a session starts). A credential-named variable it lets into commands is scrubbed from
    now on (:func:`~coordinator.sanitize.register_sent`)."""
    known = store if isinstance(store, KnownStores) else None
    sandbox = BashSandbox(
        bwrap=settings.bwrap,
        unsandboxed=settings.unsandboxed_bash,
        network=settings.bash_network,
        env_names=tuple(settings.bash_env),
        readable=tuple(settings.bash_read),
        store=() if isinstance(store, KnownStores) else store,
        known=known,
        denied=denied,
        limits=Limits(
            settings.bash_max_processes, settings.bash_max_memory_mb, settings.bash_max_cpu_seconds
        ),
    )
    _check_readable(sandbox.readable)
    if settings.allow_bash:
        sandbox.require()
    for name in sandbox.env_names:  # scrubbed from the start, as its first command would:
        register_sent(name, os.environ.get(name, ""), header=False)  # a request may hold it
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
            argv += _empty_folders([path])
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


def _socket_masks(
    sockets: Iterable[Path], covers: Iterable[Path], root: Path, home: Path
) -> list[str]:
    """An empty read-only file over each of the host's ``sockets`` the read-only tree shows
    (not under ``covers``, hidden whole): a socket on a read-only mount still connects, and
    one outside ``/run`` (``/var/tmp``, LXD's ``/var/snap/lxd``, MySQL's ``/var/lib/mysql``)
    is a service of the host's, reached from the sandbox. In the workspace ``root``, one
    the project's own service listens on (a dev server's, a project's PostgreSQL) is left,
    but not one in the tools' state of the ``home`` folder there (``-w ~``: a dot-folder,
    Docker Desktop's ``~/.docker/desktop/docker.sock``, 1Password's SSH agent, ssh's
    ControlMaster sockets): each is a power past the sandbox (redteam103)."""
    hidden = [c.resolve() for c in covers]
    argv: list[str] = []
    for path in sockets:
        if path.is_relative_to(root):
            if not _tools_state(path, home) or _hidden_in(path, root, home, hidden):
                continue
        elif any(path.is_relative_to(c) for c in hidden):
            continue
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                argv += ["--ro-bind", os.devnull, str(path)]
        except OSError:
            continue
    return argv


def _hidden_in(path: Path, root: Path, home: Path, hidden: list[Path]) -> bool:
    """Whether ``path``, in the workspace ``root``, is hidden there already (nothing can be
    mounted on it): in a folder masked (of ``hidden``), or a credential's place."""
    places = [c for c in hidden if c.is_relative_to(root)]
    places += [place for place, _ in credential_places(root, home)]
    return any(path.is_relative_to(place) for place in places)


def _tools_state(path: Path, home: Path) -> bool:
    """Whether ``path`` lies in a dot-folder (or is a dot-file) of the ``home`` folder."""
    return path.is_relative_to(home) and path != home and path.relative_to(home).parts[0][0] == "."


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
    the environment ``env`` (:meth:`environment` for a hook; the MCP SDK's for a server)
    without the variables set only inside (:func:`outside_env`, which bwrap sets there):
    bwrap passes its own on, so no value shows on its command line (``/proc/PID/cmdline``
    is every local user's to read); ``env`` decides only where HOME is. ``shown``: folders
    outside the workspace the program reads (a plugin hook's plugin folder), shown
    read-only where the sandbox hides them."""

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
        shown: Sequence[Path] = (),
    ) -> list[str]:
        here = self.protected_in(root)
        return bwrap_argv(
            self.program,
            self.sandbox,
            root,
            env,
            command,
            here,
            inherit_env=True,
            status=status,
            shown=shown,
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
        #: Where bwrap reads the program's seccomp filter (``--seccomp``: no kernel
        #: keyring, :mod:`~coordinator.tools.seccomp`); None on a machine without one.
        self.filter = filter_fd()

    @property
    def fds(self) -> tuple[int, ...]:
        """The descriptors bwrap is given (the caller passes them on): the status pipe's
        write end and the filter's."""
        return (self.fd,) if self.filter is None else (self.fd, self.filter)

    def started(self) -> None:
        """bwrap has been started (it holds the write end and the filter now): close this
        process's."""
        if self._write_open:
            self._write_open = False
            os.close(self.fd)
            if self.filter is not None:
                os.close(self.filter)

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
    shown: Iterable[Path] = (),
    denials: Sequence[Denial] | None = None,
) -> list[str]:
    """The full ``bwrap`` command line running ``command`` in the workspace ``root``;
    ``protected``: more folders to keep read-only (the roster's agent folders in it);
    ``git``: git folders outside it a command may write (:func:`_git_binds`); ``shown``:
    more folders shown read-only, as ``bash_read``'s are (credentials below them hidden).
    The command's environment is ``env``: set by ``--clearenv`` and ``--setenv``, or, with
    ``inherit_env``, bwrap's own, which the caller starts it with (then no value shows on
    its command line, which ``ps`` shows every user). ``status``: where bwrap reports
    whether it started the program (the caller passes its :attr:`SetupStatus.fd` on).
    ``denials``: the paths the settings deny the command (None: found here,
    :func:`command_denials`). ToolError for a workspace of ``/`` (:data:`ROOT_WORKSPACE`)."""
    root = root.resolve()
    if root == root.parent:
        raise ToolError(f"workspace {root}: {ROOT_WORKSPACE}")
    argv = _start_args(bwrap, sandbox, status)
    home, home_hidden = _home(root, env)
    if home_hidden:
        argv += sandbox.limits.tmpfs(str(home))  # HOME hidden, unless inside the workspace
    git = git or GitAccess()
    readable, covered, bound = _readable_binds(
        [*sandbox.readable, *shown], user_dirs(home), (root, *git.writable)
    )
    argv += [*readable, *_git_reads(git), "--bind", str(root), str(root)]
    stores = sandbox.store_files()
    denials = command_denials(sandbox, root, env) if denials is None else denials
    argv += _pinned_folders([*stores, *(d.path for d in denials)], root)  # (their ways too)
    argv += _git_binds(root, git)
    targets = _hidden_folders(root, home, home_hidden, covered)
    argv += _protected_binds(root, protected, home, _above(root, targets))
    argv += _hiding_masks(root, (home, home_hidden), targets, bound, denials, stores, git)
    argv += _inside_args(env) if inherit_env else _environment_args(env)
    argv += ["--chdir", str(root), "--", *sandbox.limits.prefix(), shell_program(), "-c", command]
    return argv


def _hiding_masks(
    root: Path,
    home_of: tuple[Path, bool],
    targets: list[Path],
    bound: list[tuple[Path, Path]],
    denials: Sequence[Denial],
    stores: Iterable[Path],
    git: GitAccess,
) -> list[str]:
    """The mounts of :func:`bwrap_argv` that hide or freeze what a command must not see or
    change, after the binds that show the rest, each where a later bind cannot show it
    again: the settings' read-only paths, the ``targets`` folders emptied, the credentials,
    the denied paths hidden, the coordinator's ``stores`` files. ``home_of``: the command's
    home and whether it is hidden; ``bound``: the ``bash_read`` folders (each resolved, and
    where it is shown)."""
    home, home_hidden = home_of
    covers = _covers(home, home_hidden)
    mounts = read_mounts()  # where a second mount shows them (the workspace bound twice)
    hidden_whole = [*_OWN_TREES, *([home] if home_hidden else []), *targets]
    shown_again = _shown_again(targets, mounts, hidden_whole)
    shows = functools.partial(_shows, root=root, hidden_whole=hidden_whole, targets=targets)
    denied = _DeniedMasks(
        list(denials), root, bound, shows, lambda p: _shown_again([p], mounts, hidden_whole)
    )
    argv = denied.masks(Access.READ_ONLY)  # (before what hides: a bind shows it again)
    argv += _empty_folders([*targets, *shown_again])  # last: a bind would show them again
    argv += _credential_masks(root, home, lambda p: [p, *_shown_again([p], mounts, hidden_whole)])
    argv += _named_credential_masks(root, shows)
    argv += _read_credential_masks(bound, home) + _host_secret_masks(bound, root, *git.writable)
    argv += denied.masks(Access.HIDDEN)
    masked = [*targets, *shown_again, *denied.folders]  # (no mount point made in them)
    again = functools.partial(_shown_again, mounts=mounts, covers=hidden_whole)
    argv += _file_masks(stores, root, covers, masked, again, shows, mounts, home)
    return argv + _config_masks(root, shows)


def _named_credential_masks(root: Path, shows: Callable[[Path], bool]) -> list[str]:
    """The credentials a variable of the user's environment names outside the workspace
    ``root`` (:func:`~coordinator.tools.credentials.moved_credentials`:
    ``GOOGLE_APPLICATION_CREDENTIALS=/opt/gcp/sa.json``, ``KUBECONFIG=/etc/kubernetes/
    admin.conf``, ``$CLAUDE_CONFIG_DIR/.credentials.json``), hidden where the sandbox
    ``shows`` them: outside HOME and ``/tmp`` the host's tree showed them (redteam107).
    Not a place holding the workspace (the variable names no credential then)."""
    argv: list[str] = []
    for place, rel in moved_credentials(Path("/")):
        if place.is_relative_to(root) or root.is_relative_to(place) or place.is_symlink():
            continue  # (in the workspace: _credential_masks; a link: where it leads is one)
        if shows(place) and os.path.lexists(place):
            argv += _masked(place, rel, lambda p: [p])
    return argv


def _config_masks(root: Path, shows: Callable[[Path], bool]) -> list[str]:
    """coord's own config files read outside the workspace ``root``
    (:func:`~coordinator.config.read_config_files`), each an empty read-only file where the
    sandbox ``shows`` it: a ``--config /srv/coord/team.yaml`` holding the shared store's URL
    and its password was read by ``base64`` past the scrubber (redteam107)."""
    argv: list[str] = []
    for path in read_config_files():
        if not path.is_relative_to(root) and shows(path) and path.is_file():
            argv += _hidden_at(path)
    return argv


def command_denials(sandbox: BashSandbox, root: Path, env: Mapping[str, str]) -> list[Denial]:
    """The paths the settings deny a command run in the workspace ``root`` (resolved) with
    the environment ``env`` (:func:`~coordinator.tools.denied.denied_paths`; ToolError when
    they cannot be applied)."""
    home, home_hidden = _home(root, env)
    covers = _covers(home, home_hidden)
    unseen = [*_OWN_TREES, *([home] if home_hidden else [])]
    readable = [r.resolve() for r in sandbox.readable]

    def shown(path: Path) -> bool:  # (outside the workspace: where a walk may follow a link)
        return _under_any(path, readable) or not _under_any(path, unseen)

    hidden = functools.partial(_under_any, folders=covers)
    # (a walk below a link skips what the sandbox shows none of: no bash_read folder in it)
    skipped = [u for u in unseen if not any(r.is_relative_to(u) for r in readable)]
    return denied_paths(sandbox.denied, root, hidden, shown, skipped, _needed)


#: The system's folders: a command's shell, its libraries and their settings are there.
_SYSTEM_TREES = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


def _needed(folder: Path) -> bool:
    """Whether commands need ``folder`` (resolved) to run: one of the system's folders,
    in one or holding one, or holding the shell (a deny's pattern walk follows no link
    there: :func:`~coordinator.tools.denied.denied_paths`)."""
    needs = [Path(os.path.realpath(p)) for p in (*_SYSTEM_TREES, shell_program())]
    return any(folder.is_relative_to(n) or n.is_relative_to(folder) for n in needs)


def _under_any(path: Path, folders: list[Path]) -> bool:
    """Whether ``path`` is one of ``folders`` or lies in one."""
    return any(path.is_relative_to(f) for f in folders)


def _home(root: Path, env: Mapping[str, str]) -> tuple[Path, bool]:
    """The command's home folder (``env``'s HOME), resolved, and whether the sandbox hides
    it whole (unless it is ``/`` or holds the workspace ``root``)."""
    home = Path(env.get("HOME") or Path.home()).resolve()
    return home, home != Path("/") and home.is_dir() and not home.is_relative_to(root)


def _covers(home: Path, home_hidden: bool) -> list[Path]:
    """The folders the sandbox hides all of (but the workspace in them)."""
    return [Path("/tmp"), *([home] if home_hidden else [])]


def _start_args(bwrap: str, sandbox: BashSandbox, status: SetupStatus | None) -> list[str]:
    """``bwrap`` and what every sandbox starts with: its namespaces, the host's tree
    read-only, fresh memory folders, where it reports (``status``), its network."""
    argv = [*_scope(bwrap, sandbox.network), bwrap, *_BASE_ARGS, *_memory_folders(sandbox.limits)]
    argv += _status_args(status) if status is not None else []
    return argv + _network_args(sandbox.network, sandbox.limits)


def _status_args(status: SetupStatus) -> list[str]:
    """bwrap's options giving it ``status``'s descriptors: where it reports, and the
    program's seccomp filter (:mod:`~coordinator.tools.seccomp`: no kernel keyring)."""
    argv = ["--json-status-fd", str(status.fd)]
    return argv + (["--seccomp", str(status.filter)] if status.filter is not None else [])


def _scope(bwrap: str, network: bool) -> list[str]:
    """What starts bwrap, granted the host's ``network``, in a Landlock domain that shuts
    the host's abstract Unix sockets out (:func:`~coordinator.tools.landlock.scoped_prefix`;
    nothing where the kernel cannot); nothing without: its own network namespace has none."""
    return landlock.scoped_prefix(bwrap) if network else []


def _empty_folders(folders: Iterable[Path]) -> list[str]:
    """Each of ``folders`` shown as an empty read-only folder (a tmpfs remounted read-only)."""
    return [arg for f in folders for arg in ("--tmpfs", str(f), "--remount-ro", str(f))]


def _file_masks(
    stores: Iterable[Path],
    root: Path,
    covers: list[Path],
    masked: list[Path],
    again: Callable[[Iterable[Path]], list[Path]],
    shows: Callable[[Path], bool],
    mounts: list[Mount],
    home: Path,
) -> list[str]:
    """Last, the files hidden where the sandbox shows them (not under ``covers``, hidden
    whole, nor ``masked``, hidden in the workspace ``root``): the session databases'
    (``stores``, and where ``again`` says a second mount shows them) and the host's sockets
    (:func:`~coordinator.tools.sockets.host_sockets`, as ``mounts`` show them; those in
    the ``home`` folder's tools' state where the workspace holds it)."""
    stores = (*stores, *second_names(stores, root))  # (hard links a command made to them)
    hold_logs(stores, shows)  # (-wal kept)
    argv = _store_masks([*stores, *again(stores)], covers, root, masked)
    covered = [*covers, Path("/run"), Path("/dev"), *masked]
    return argv + _socket_masks(host_sockets(mounts), covered, root, home)


def _network_args(network: bool, limits: Limits) -> list[str]:
    """No network (its own namespace), or the network and not the host's services
    (``/run/user/UID/bus``: ``systemd-run --user``): ``/run`` empty either way."""
    if not network:
        return ["--unshare-net", *limits.tmpfs("/run")]
    return [*limits.tmpfs("/run"), *_resolver_binds()]


#: What glibc ignores in a setuid program's environment besides the loader's ``LD_`` ones
#: (its ``UNSECURE_ENVVARS``, sysdeps/generic/unsecvars.h): each names files a program
#: loads or reads as it runs (``GCONV_PATH``: converters, shared libraries, which a
#: Python loads as it sets the locale from ``LOCPATH``'s; ``NLSPATH``, ``HOSTALIASES``...).
GLIBC_UNSECURE = frozenset(
    {
        "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN",
        "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS",
        "TMPDIR", "TZDIR",
    }
)  # fmt: skip


def inside_only(name: str) -> bool:
    """Whether the variable ``name`` is set only inside the sandbox: the dynamic loader's
    (``LD_PRELOAD``, ``LD_LIBRARY_PATH``, ``LD_AUDIT``...: every ``LD_`` one) and the rest
    of what glibc ignores in a setuid program (:data:`GLIBC_UNSECURE`). In the environment
    of a program coord starts outside the sandbox (bwrap, the Landlock launcher, a root's
    cgroup shell), a library or converter there that a command wrote (``build/lib`` in
    the workspace, a relative ``./x.so``, a repository's ``gconv-modules``) runs, outside
    the sandbox, as coord's user."""
    return name.startswith("LD_") or name in GLIBC_UNSECURE


def outside_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment bwrap is started with for a command whose environment is ``env``
    (:func:`bwrap_argv`'s ``inherit_env``): ``env`` without the variables set only inside
    (:func:`inside_only`), which bwrap sets in the sandbox instead."""
    return {name: value for name, value in env.items() if not inside_only(name)}


def _inside_args(env: Mapping[str, str]) -> list[str]:
    """The variables of ``env`` set only inside (:func:`inside_only`), set by bwrap for
    the command (:func:`outside_env` keeps them from bwrap itself): paths, not secrets."""
    inside = [(name, value) for name, value in env.items() if inside_only(name)]
    return [arg for name, value in inside for arg in ("--setenv", name, value)]


def _environment_args(env: Mapping[str, str]) -> list[str]:
    """A command's environment on bwrap's command line: cleared, then exactly ``env``."""
    args = ["--clearenv"]
    for name, value in env.items():
        args += ["--setenv", name, value]
    return args


@dataclass(frozen=True)
class _DeniedMasks:
    """What keeps the ``denials`` from commands, wherever the sandbox shows each: in the
    workspace ``root`` (and where ``again`` says another mount shows it), in a ``bash_read``
    folder (``bound``: where each is, resolved, and where it is shown), elsewhere in the
    host's tree (``shows``; read-only there already)."""

    denials: list[Denial]
    root: Path
    bound: list[tuple[Path, Path]]
    shows: Callable[[Path], bool]
    again: Callable[[Path], list[Path]]

    def places(self, denial: Denial) -> list[Path]:
        """Where the sandbox shows ``denial``'s path (and could give it away)."""
        path, inside = denial.path, denial.path.is_relative_to(self.root)
        found = [s / path.relative_to(r) for r, s in self.bound if path.is_relative_to(r)]
        if self.shows(path) and (inside or denial.access == Access.HIDDEN):
            found += [path, *(self.again(path) if inside else [])]
        return list(dict.fromkeys(found))

    def masks(self, access: Access) -> list[str]:
        """The denials of ``access``: an unreadable path masked (:func:`_hidden_at`: an
        empty read-only folder, an empty file), a read-only one bound on itself read-only."""
        argv: list[str] = []
        for denial in (d for d in self.denials if d.access == access):
            for place in self.places(denial):
                if access == Access.HIDDEN:
                    argv += _hidden_at(place)
                elif place.exists():
                    argv += ["--ro-bind", str(place), str(place)]
        return argv

    @property
    def folders(self) -> list[Path]:
        """Where the sandbox shows an unreadable folder (empty: nothing is mounted in it)."""
        hidden = (d for d in self.denials if d.access == Access.HIDDEN and d.path.is_dir())
        return [place for d in hidden for place in self.places(d)]


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
    ``home`` in it: :func:`~coordinator.tools.credentials.credential_places`), at each place
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
        argv += _hidden_at(path)
    return argv


#: The host's own secrets the read-only tree shows a command run as root (which reads what
#: only root may: ``--cap-drop ALL`` keeps no owner from its own files): password hashes,
#: the SSH server's private keys, TLS private keys. (Not ``/root``: a root coord whose HOME
#: is elsewhere may run its tools from there, ``/root/.pyenv``; HOME is hidden whole.)
HOST_SECRETS = (
    "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/security/opasswd",
    "/etc/ssh/ssh_host_*_key", "/etc/ssl/private",
)  # fmt: skip


def _host_secret_masks(bound: list[tuple[Path, Path]], *shown: Path) -> list[str]:
    """Each of the host's :data:`HOST_SECRETS` (globs) that exists hidden where it is
    (:func:`_hidden_at`), for a coord run as root only (no one else reads them); none
    that holds a folder the sandbox shows: ``shown`` (the workspace; a git folder commands
    write) or a ``bash_read`` folder (``bound``: each where it is and where it is shown;
    one the user named, ``/etc/ssl/private``, is theirs to show)."""
    if os.geteuid() != 0:
        return []
    keep = [*shown, *(p for pair in bound for p in pair)]
    found = (Path(p) for pattern in HOST_SECRETS for p in sorted(glob.glob(pattern)))
    return [
        arg
        for path in found
        if not any(k.is_relative_to(path) for k in keep)
        for arg in _hidden_at(path)
    ]


def _hidden_at(path: Path) -> list[str]:
    """``path`` hidden where it is: an empty read-only folder over a folder, an empty file
    over a file; nothing for a missing one."""
    if path.is_dir():
        return _empty_folders([path])
    return ["--ro-bind", os.devnull, str(path)] if path.exists() else []


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
        way = list(link_way(folder))
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


def _protected_binds(
    root: Path, extra: Iterable[Path] = (), home: Path | None = None, pinned: Iterable[Path] = ()
) -> list[str]:
    """The workspace's protected paths (:func:`protected_names`, the ``extra`` roster
    folders; a worktree's ``.git`` file) read-only where they lead, and every folder on their
    way (``.claude``, ``.git``, a roster folder's parents) a mount point, so a command can
    neither change, remove nor rename them, nor move a folder above them away to put others
    in its place (and the ``pinned`` folders too). The rest of those folders stays writable.
    What a command creates where one was missing, or puts in place of a link, is undone after
    it (:class:`~coordinator.tools.protected_guard.ProtectedGuard`). Folders first, outermost
    first: a later bind shows the host's tree below it again."""
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
    :func:`~coordinator.tools.protected_guard._inside` in ``root``, remembered."""

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
    """:func:`~coordinator.tools.protected_guard._inside` for many paths of one workspace,
    each folder looked at once: a path leads where its folder leads, then one ``lstat`` (a
    link is resolved in full)."""

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


def _hidden(path: Path, root: Path) -> Path | None:
    """Where an empty read-only directory goes over ``path`` (bwrap creates the mount
    point): a symlink is followed, and its target hidden when it is writable (inside
    ``root``); None for one outside (read-only already)."""
    target = path.resolve() if path.is_symlink() else path
    if target != path and not target.is_relative_to(root):
        return None
    return target
