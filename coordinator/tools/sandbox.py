"""The Bash sandbox: a bubblewrap (``bwrap``) command line and an allow-listed environment.

What a sandboxed command sees (:func:`bwrap_argv`):

- the workspace read-write; the rest of the filesystem read-only (``--ro-bind / /``);
- the user's HOME replaced by an empty directory (unless HOME is inside the workspace, then
  the coordinator's config and cache directories there are hidden instead);
- the coordinator's own directory ``WORKSPACE/.coordinator/`` replaced by an empty read-only
  directory: the database, locks and settings can be neither read nor written;
- the workspace's ``.claude/settings.json`` and ``settings.local.json`` read-only (their
  deny rules and hooks bind later sessions);
- a fresh ``/dev``, ``/proc`` (its own PID namespace: no parent environment to read) and
  ``/tmp``; its own IPC, UTS and cgroup namespaces; no capabilities (we often run as root);
- no network (a new network namespace, and ``/run`` with its sockets hidden) unless the user
  opted in;
- an environment built from an allow-list (:data:`BASE_ENV` plus names the user lists),
  never from the coordinator's own environment minus a deny-list.

``--die-with-parent`` and the PID namespace mean that when ``bwrap`` or ``coord`` dies, every
process the command started dies with it, background ones included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.errors import UserError
from coordinator.tools.workspace import CLAUDE_DIR, COORDINATOR_DIR, WORKSPACE_SETTINGS

if TYPE_CHECKING:
    from coordinator.config import Settings

#: Variables a command always gets from the coordinator's environment (when set).
BASE_ENV: tuple[str, ...] = ("PATH", "HOME", "LANG", "LC_ALL", "TERM")

#: The coordinator's per-user directories, hidden when they would be visible.
USER_DIRS: tuple[str, ...] = (".config/coordinator", ".cache/coordinator")

#: The namespaces every sandbox gets (the network one is added unless the user opts in).
_NAMESPACES = ("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try")

MISSING_BWRAP = (
    "--allow-bash needs bubblewrap (bwrap) to sandbox shell commands, and it was not found: "
    "install it (Debian/Ubuntu: apt-get install bubblewrap), or pass --unsandboxed-bash to "
    "run commands without a sandbox"
)


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

    def program(self) -> str | None:
        """The bwrap executable to use, or None when it cannot be found."""
        return shutil.which(self.bwrap)

    def require(self) -> None:
        """Raise UserError (one line) when Bash cannot be sandboxed and the user has not
        opted out: bwrap is missing, or cannot create the namespaces here."""
        if self.unsandboxed:
            return
        program = self.program()
        if program is None:
            raise UserError(MISSING_BWRAP)
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


def bash_sandbox(settings: Settings) -> BashSandbox:
    """The sandbox the settings ask for; UserError when Bash is allowed but bwrap is missing
    and the user has not opted out (checked before a session starts)."""
    sandbox = BashSandbox(
        bwrap=settings.bwrap,
        unsandboxed=settings.unsandboxed_bash,
        network=settings.bash_network,
        env_names=tuple(settings.bash_env),
    )
    if settings.allow_bash:
        sandbox.require()
    return sandbox


def command_env(
    environ: Mapping[str, str], names: Iterable[str] = (), extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of a command: :data:`BASE_ENV` and ``names`` copied from ``environ``
    when set, then ``extra`` (values the coordinator sets itself)."""
    wanted = dict.fromkeys((*BASE_ENV, *names))
    env = {name: environ[name] for name in wanted if name in environ}
    env.update(extra or {})
    return env


def shell_program() -> str:
    """The shell commands run in: bash when installed (it is the Bash tool), else sh."""
    return shutil.which("bash") or "/bin/sh"


def bwrap_argv(
    bwrap: str, sandbox: BashSandbox, root: Path, env: Mapping[str, str], command: str
) -> list[str]:
    """The full ``bwrap`` command line running ``command`` in the workspace ``root``."""
    root = root.resolve()
    argv = [
        bwrap,
        "--die-with-parent",
        "--new-session",
        *_NAMESPACES,
        "--cap-drop",
        "ALL",
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--tmpfs",
        "/tmp",
    ]
    if not sandbox.network:
        argv += ["--unshare-net", "--tmpfs", "/run"]
    home = Path(env.get("HOME") or Path.home()).resolve()
    if home != Path("/") and home.is_dir() and not (home == root or home.is_relative_to(root)):
        argv += ["--tmpfs", str(home)]  # HOME hidden, unless it lies inside the workspace
    argv += ["--bind", str(root), str(root)]
    argv += _hide_dir(root / COORDINATOR_DIR, root)
    argv += _settings_read_only(root)
    for folder in _user_dirs(home):  # still writable only when inside the workspace
        if folder.is_dir() and folder.resolve().is_relative_to(root):
            argv += _hide_dir(folder.resolve(), root)
    argv += ["--clearenv"]
    for name, value in env.items():
        argv += ["--setenv", name, value]
    argv += ["--chdir", str(root), "--", shell_program(), "-c", command]
    return argv


def _settings_read_only(root: Path) -> list[str]:
    """The workspace's Claude Code settings files read-only, and ``.claude/`` itself a mount
    point (it cannot be renamed or removed to put other settings in its place), so a command
    cannot lift the project's deny rules or hooks for later sessions. The rest of
    ``.claude/`` stays writable. A ``.claude`` that is a symlink is left as it is."""
    folder = root / CLAUDE_DIR
    if folder.is_symlink() or not folder.is_dir():
        return []
    argv = ["--bind", str(folder), str(folder)]
    for name in WORKSPACE_SETTINGS:
        path = folder / name
        if path.is_file() and not path.is_symlink():
            argv += ["--ro-bind", str(path), str(path)]
    return argv


def _user_dirs(home: Path) -> list[Path]:
    """The coordinator's per-user config and cache directories (XDG variables honoured)."""
    folders = [home / sub for sub in USER_DIRS]
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        if os.environ.get(var):
            folders.append(Path(os.environ[var]) / "coordinator")
    return folders


def _hide_dir(path: Path, root: Path | None = None) -> list[str]:
    """An empty read-only directory over ``path`` (bwrap creates the mount point). A symlink
    is followed: its target is hidden when it is writable (inside ``root``)."""
    target = path.resolve() if path.is_symlink() else path
    if root is not None and target != path and not target.is_relative_to(root):
        return []  # outside the workspace: read-only already
    return ["--tmpfs", str(target), "--remount-ro", str(target)]


def kill_group(pgid: int, sig: int) -> None:
    """Signal a process group, ignoring one that is already gone."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
