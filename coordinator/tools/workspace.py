"""Workspace confinement and output limits shared by every tool.

Every path a tool touches goes through :func:`resolve_in_workspace`: relative paths are
relative to the workspace root, and the fully resolved path (``..`` and symlinks followed)
must stay inside the root and outside the coordinator's own directory
(:data:`COORDINATOR_DIR`: database, locks, settings). Escapes are refused with a
:class:`ToolError` the model can read.

Files are then opened with :func:`open_confined`, which closes the gap between checking a
path and using it: the last component is opened with ``O_NOFOLLOW``, the open file must be a
regular file (no FIFO or device can hang a tool), its real location is checked again from
the open descriptor, and a file opened for writing must have exactly one hard link (a hard
link can point at a file outside the workspace; writing through it would escape). Reading a
hard-linked file is fine: package managers such as pnpm hard-link ``node_modules``.

Files that shape what agents may do later (:data:`PROTECTED_PATHS`, git's directory, the
roster's agent folders inside the workspace) are written by no tool: :func:`resolve_for_write`.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import functools
import os
import re
import stat
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, cast

from coordinator import sanitize
from coordinator.claude_home import VARIABLE as CLAUDE_VARIABLE
from coordinator.claude_home import claude_home
from coordinator.tools import gitconfigs, gitdirs, owned
from coordinator.tools.base import StoreCheck, ToolError, store_refusal
from coordinator.tools.gitdirs import GIT_DIR_NAMES, git_dir_shape, is_git_dir, read_plain
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


#: What of the user's home folder runs programs as the user, out of any sandbox, or says
#: where credentials go: shell startup files (a line there runs at the user's next shell),
#: git's global settings (``core.fsmonitor`` runs at every ``git status``; a credential
#: helper), programs on the user's PATH and the user's Python packages (``.pth`` files
#: run as Python starts), ssh's and the package managers' settings and credentials, a
#: desktop's autostart and user services, the version managers' folders (``nvm.sh`` and
#: pyenv's shims, sourced or found by the user's shell), gems and pipx's programs, gradle's
#: init scripts (every build), IPython's startup, vim's, neovim's and emacs's settings and
#: packages (each start). A workspace holding the home folder (``-w ~``)
#: has them protected as its settings are (:func:`home_files_inside`); reading them stays
#: allowed, as the user gave the home folder.
HOME_FILES = (
    ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc",
    ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".config/fish", ".pam_environment",
    ".xprofile", ".xsessionrc", ".config/autostart", ".config/systemd",
    ".config/environment.d", ".gitconfig", ".config/git", ".git-credentials", ".ssh",
    ".netrc", ".npmrc", ".yarnrc", ".pypirc", ".pip", ".config/pip", ".docker", ".aws",
    ".kube", ".config/gh", ".local/bin", ".local/lib", ".cargo/bin", ".cargo/config",
    ".cargo/config.toml", ".rustup/toolchains", ".rustup/settings.toml", ".claude.json",
    ".nvm", ".pyenv", ".rbenv", ".asdf", ".sdkman", ".gem", ".local/share/gem",
    ".local/pipx", ".local/share/pipx", ".gradle/init.d", ".gradle/init.gradle",
    ".gradle/init.gradle.kts", ".ipython/profile_default/startup",
    ".ipython/profile_default/ipython_config.py", ".vimrc", ".exrc", ".vim", ".config/nvim",
    ".local/share/nvim", ".emacs", ".emacs.el", ".emacs.d", ".config/emacs",
)  # fmt: skip


#: Where the home folder's files (:data:`HOME_FILES`, :data:`CREDENTIALS`) lie when an XDG
#: variable moves them, by their prefix.
_XDG_MOVED = {".config/": "XDG_CONFIG_HOME", ".local/share/": "XDG_DATA_HOME"}


#: Variables of the user's environment naming a file or folder that runs programs as the
#: user, or a program itself, where the home folder's would be (git's global and system
#: settings, an askpass program, the file bash reads first, zsh's startup folder, Python's
#: user site and startup file, pip's settings): one naming the workspace has it protected as
#: :data:`HOME_FILES` are (``GIT_CONFIG_GLOBAL=/srv/dotfiles/gitconfig`` in a ``-w /srv``
#: workspace: its ``core.fsmonitor`` ran at the user's next ``git status``). The
#: variables of :data:`CREDENTIAL_VARIABLES` are too.
SETTINGS_VARIABLES = (
    "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH",
    "BASH_ENV", "ENV", "ZDOTDIR", "PYTHONSTARTUP", "PYTHONUSERBASE", "PIP_CONFIG_FILE",
    "INPUTRC",
)  # fmt: skip


#: Variables of the user's environment naming a folder the user's own tools run programs
#: from, as the user and out of any sandbox, each with what in it they run (none: all of
#: it): docker runs ``$DOCKER_CONFIG/cli-plugins/docker-NAME`` for ``docker NAME``, git
#: its commands from ``GIT_EXEC_PATH`` and, at each ``git init`` or ``git clone``, copies
#: ``GIT_TEMPLATE_DIR``'s hooks and config into the new repository, cargo runs
#: ``cargo-NAME`` from ``$CARGO_HOME/bin`` (rustup's ``cargo`` itself is there) and the
#: wrappers its ``config.toml`` names, rustup its toolchains' programs, ``go install`` and
#: ``npm install -g`` put the programs of the user's PATH in ``GOBIN``, ``$GOPATH/bin``
#: and npm's prefix (npm's global ``npmrc`` names a shell and node options), Claude Code
#: reads the user's settings, hooks, agents, commands, plugins and MCP servers
#: (``.claude.json``) from ``CLAUDE_CONFIG_DIR``; the version managers (``NVM_DIR``,
#: ``PYENV_ROOT``) their shims and the scripts the user's shell sources, Ruby and pipx the
#: gems and programs of ``GEM_HOME``, ``GEM_PATH``, ``PIPX_HOME``, ``PIPX_BIN_DIR``, gradle
#: the init scripts of ``GRADLE_USER_HOME`` at every build, IPython the startup files of
#: ``IPYTHONDIR``. One naming a place in the workspace has
#: it protected as :data:`HOME_FILES` are (:func:`home_files_inside`): an agent's
#: ``cli-plugins/docker-compose`` ran at the user's next ``docker compose``.
PROGRAM_VARIABLES: dict[str, tuple[str, ...]] = {
    "DOCKER_CONFIG": ("cli-plugins",),
    "GIT_EXEC_PATH": (),
    "GIT_TEMPLATE_DIR": (),
    "CARGO_HOME": ("bin", "config", "config.toml"),
    "RUSTUP_HOME": ("toolchains", "settings.toml"),
    "GOBIN": (),
    "GOPATH": ("bin",),
    "NPM_CONFIG_PREFIX": (),
    "npm_config_prefix": (),
    "NPM_CONFIG_GLOBALCONFIG": (),
    "npm_config_globalconfig": (),
    "PNPM_HOME": (),
    "NVM_DIR": (),
    "PYENV_ROOT": (),
    "RBENV_ROOT": (),
    "ASDF_DATA_DIR": (),
    "SDKMAN_DIR": (),
    "GEM_HOME": (),
    "GEM_PATH": (),
    "PIPX_HOME": (),
    "PIPX_BIN_DIR": (),
    "GRADLE_USER_HOME": ("init.d", "init.gradle", "init.gradle.kts"),
    "IPYTHONDIR": ("profile_default/startup", "profile_default/ipython_config.py"),
    "CLAUDE_CONFIG_DIR": (
        "settings.json", "settings.local.json", "agents", "hooks", "commands", "plugins",
        ".claude.json",
    ),
}  # fmt: skip
#: Variables whose value is a list of paths (``KUBECONFIG``'s files, ``GOPATH``'s folders).
_PATH_LISTS = frozenset({"KUBECONFIG", "GOPATH", "GEM_PATH"})


def home_files_inside(root: Path) -> tuple[Path, ...]:
    """The :data:`HOME_FILES` of the user's home folder (HOME) when the workspace ``root``
    holds it (``-w ~``; one of its folders does not), as paths in it, and those an XDG
    variable moves into ``root`` (``XDG_CONFIG_HOME``: git's global settings in
    ``$XDG_CONFIG_HOME/git/config``), and the folders of the user's PATH in the home folder
    there (``~/bin``, ``~/go/bin``, ``~/.cargo/bin``: a program there runs instead of the
    user's own, :func:`_path_folders`), and what a variable of the environment names in it
    (:data:`SETTINGS_VARIABLES`, :data:`CREDENTIAL_VARIABLES`: ``GIT_CONFIG_GLOBAL``,
    ``KUBECONFIG``); none otherwise."""
    base = root.resolve(strict=False)
    homes = _homes_inside(base)
    found = [h / rel[len(k) :] for rel in HOME_FILES for k, h in homes if rel.startswith(k)]
    found += _path_folders([h for k, h in homes if not k])
    settings = [(name, os.environ.get(name, "")) for name in SETTINGS_VARIABLES]
    moved = [*_variable_places(base, settings), *_moved_credentials(base)]
    moved += [*_program_places(base), *_credential_programs(base, moved, homes)]
    moved += _named_programs(base)
    found += [place for place, _ in moved if place.is_relative_to(base)]
    return tuple(dict.fromkeys(found))


def _program_places(base: Path) -> list[tuple[Path, str]]:
    """What the tools run programs from in the folders the variables of
    :data:`PROGRAM_VARIABLES` name in the resolved workspace ``base``
    (``$DOCKER_CONFIG/cli-plugins``), each with its variable (:func:`_with_claude_folder`)."""
    values = [(name, os.environ.get(name, "")) for name in PROGRAM_VARIABLES]
    return _inner_places(base, _with_claude_folder(values), PROGRAM_VARIABLES.__getitem__, "")


def _with_claude_folder(values: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``values`` (each variable with its value), and ``CLAUDE_CONFIG_DIR`` again with the
    folder coord reads for it (:func:`~coordinator.claude_home.claude_home`: ``~/x``
    expanded) when it moves the user's Claude Code folder: the value as spelled names the
    folders Claude Code reads (a relative one from the folder it runs in: both of
    :func:`_places`' folders), the expanded one the folder coord reads."""
    claude = claude_home()
    moved = [(CLAUDE_VARIABLE, str(claude.folder))] if claude.moved else []
    return [*values, *moved]


def _inner_places(
    base: Path,
    values: Iterable[tuple[str, str]],
    inner: Callable[[str], tuple[str, ...]],
    mark: str,
) -> list[tuple[Path, str]]:
    """What the variables ``values`` (each name with its value) name in the resolved
    workspace ``base`` (:func:`_variable_places`): the files ``inner`` gives for a variable
    in the folder it names, or the place itself when it gives none; each with its name
    after ``mark`` (``$CARGO_HOME``)."""
    found: list[tuple[Path, str]] = []
    for place, name in _variable_places(base, values):
        files = inner(name)
        found += [(p, f"{mark}{name}") for p in ([place / f for f in files] if files else [place])]
    return found


def _credential_programs(
    base: Path, moved: list[tuple[Path, str]], homes: list[tuple[str, Path]]
) -> list[tuple[Path, str]]:
    """The programs the user's cloud tools run as the user to get a token, where the
    settings file naming one lies in the resolved workspace ``base`` (``moved``: what a
    variable names there, :func:`_moved_credentials`; or the home folder's, ``homes``) and
    the program too: a kubeconfig's ``exec`` plugin (relative: from the file's folder, as
    kubectl reads it), an AWS config's ``credential_process``. The file is protected, but
    the program it names was any agent's to rewrite. Each with its variable."""
    named = {
        name: [p for p, key in moved if key == f"${name}"]
        or [h / default for k, h in homes if not k]
        for name, default in (("KUBECONFIG", ".kube/config"), ("AWS_CONFIG_FILE", ".aws/config"))
    }
    found: list[tuple[Path, str]] = []
    for config in dict.fromkeys(named["KUBECONFIG"]):
        found += [(config.parent / command, "KUBECONFIG") for command in _exec_commands(config)]
    for config in dict.fromkeys(named["AWS_CONFIG_FILE"]):
        found += [(Path(c), "AWS_CONFIG_FILE") for c in _credential_processes(config)]
    return [(p, name) for place, name in found for p in _spelled_and_real(place, base)]


def _named_programs(base: Path) -> list[tuple[Path, str]]:
    """The programs (or folders of them) the user's git settings and Claude Code's user
    settings name in the resolved workspace ``base``, wherever those files lie (outside
    it: ``~/.gitconfig``'s ``core.fsmonitor = /srv/tools/fsm`` in a ``-w /srv`` workspace
    ran the agent's ``tools/fsm`` at the user's next ``git status``; a hook of
    ``~/.claude/settings.json`` naming ``/srv/hooks/lint.sh`` ran it at the user's next
    Claude Code session, out of coord's sandbox), and the files those git settings include
    there (:func:`_git_places`). Each with what names it."""
    home = Path(os.environ.get("HOME") or Path.home())
    claude = claude_home(home)  # and a relative one as Claude Code reads it (``~/x``: ``./~/x``)
    relative = claude.value and not os.path.isabs(claude.value)
    settings = [claude.settings, *([Path(claude.value, "settings.json")] if relative else [])]
    found = _git_places(base, home)
    for word in (w for s in settings for w in _hook_commands(s)):
        program = os.path.expanduser(os.path.expandvars(word))
        if os.path.isabs(program):
            found += [(Path(program), "claude settings")]
    return [(p, what) for place, what in found for p in _spelled_and_real(place, base)]


def _git_places(base: Path, home: Path) -> list[tuple[Path, str]]:
    """What git settings name in or around the resolved workspace ``base``
    (:func:`~coordinator.tools.gitconfigs.named_places`): the user's global ones
    (``GIT_CONFIG_GLOBAL``, ``~/.gitconfig``, ``$XDG_CONFIG_HOME/git/config``,
    ``GIT_CONFIG_SYSTEM``) and the environment's (``GIT_CONFIG_COUNT``,
    ``GIT_CONFIG_PARAMETERS``), in every repository; and those of the repository the
    workspace lies in (its own, or one above it: ``-w repo/sub``, whose ``include.path =
    sub/shared.gitconfig`` or ``core.fsmonitor = sub/tools/fsm`` names the workspace) and
    of each repository in it (:func:`~coordinator.tools.gitdirs.work_trees`: a nested
    clone's or a submodule's settings). Nothing of git is run to read them."""
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    gits = [os.environ.get("GIT_CONFIG_GLOBAL", ""), str(home / ".gitconfig")]
    gits += [os.path.join(xdg, "git", "config"), os.environ.get("GIT_CONFIG_SYSTEM", "")]
    given = gitconfigs.environment(os.environ)
    shared = gitconfigs.followed([Path(g) for g in dict.fromkeys(gits) if g], home, given)
    above = gitconfigs.enclosing(base)
    trees = gitdirs.work_trees(base, set(reserved_dirs(base)))
    repos = [above] if above is not None else []
    tops = {above.top} if above is not None else set()
    repos += [r for t in trees if t not in tops and (r := gitconfigs.repository(t)) is not None]
    return gitconfigs.named_places(home, shared, repos)


def _hook_commands(settings: Path) -> list[str]:
    """The words of the hooks' commands of Claude Code's settings file ``settings``; none
    when it cannot be read as one."""
    import json
    import shlex

    try:
        data = json.loads(gitconfigs.read_settings(settings) or "{}")
    except ValueError:
        return []
    hooks = data.get("hooks") if isinstance(data, dict) else None
    groups = (
        [g for v in hooks.values() if isinstance(v, list) for g in v]
        if isinstance(hooks, dict)
        else []
    )
    found: list[str] = []
    for group in groups:
        chosen = group.get("hooks") if isinstance(group, dict) else None
        for hook in chosen if isinstance(chosen, list) else ():
            command = hook.get("command") if isinstance(hook, dict) else None
            with contextlib.suppress(ValueError):
                found += shlex.split(command) if isinstance(command, str) else []
    return found


def _exec_commands(config: Path) -> list[str]:
    """The ``exec`` plugins' commands of the kubeconfig file ``config`` that name a path
    (a bare name is found through PATH); none when it cannot be read as one."""
    import yaml

    try:
        data = yaml.safe_load(gitconfigs.read_settings(config))
    except (yaml.YAMLError, ValueError):
        return []
    users = data.get("users") if isinstance(data, dict) else None
    found: list[str] = []
    for entry in users if isinstance(users, list) else ():
        user = entry.get("user") if isinstance(entry, dict) else None
        plugin = user.get("exec") if isinstance(user, dict) else None
        command = plugin.get("command") if isinstance(plugin, dict) else None
        found += [command] if isinstance(command, str) and "/" in command else []
    return found


def _credential_processes(config: Path) -> list[str]:
    """The programs the ``credential_process`` settings of the AWS config file ``config``
    run, where one is an absolute path (or below ``~``); none when it cannot be read."""
    import configparser
    import shlex

    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(gitconfigs.read_settings(config))
    except configparser.Error:
        return []
    found: list[str] = []
    for section in parser.sections():
        command = parser.get(section, "credential_process", fallback="")
        with contextlib.suppress(ValueError):
            words = shlex.split(command)
            program = os.path.expanduser(words[0]) if words else ""
            found += [program] if os.path.isabs(program) else []
    return found


def _path_folders(homes: list[Path]) -> list[Path]:
    """The folders of coord's ``PATH`` (the user's: absolute entries) in one of the home
    folders ``homes`` (resolved): a program an agent leaves there (``git``) runs as the
    user, out of any sandbox, in place of the one the user meant."""
    found: list[Path] = []
    for entry in os.environ.get("PATH", "").split(os.pathsep) if homes else ():
        if os.path.isabs(entry):
            real = Path(entry).resolve(strict=False)
            found += [real] if any(real != h and real.is_relative_to(h) for h in homes) else []
    return found


def _homes_inside(base: Path, home: Path | None = None) -> list[tuple[str, Path]]:
    """Of the home folder (``home``, by default HOME) and the XDG folders that move its
    ``.config/`` and ``.local/share/`` (:data:`_XDG_MOVED`), those the resolved workspace
    ``base`` holds, resolved, each with the prefix of the home folder's files it holds. A
    relative XDG folder (which git, gh and others follow, from the folder they run in) is
    read from coord's working folder and from the workspace, where the user's hooks and
    servers run (coord's own folders never follow one: :func:`~coordinator.config.xdg_home`)."""
    top = Path(home or os.environ.get("HOME") or Path.home()).resolve(strict=False)
    homes = [("", top)]
    for prefix, variable in _XDG_MOVED.items():
        value = os.environ.get(variable)
        homes += [(prefix, p) for p in _places(value, base)] if value else [(prefix, top / prefix)]
    return [
        (k, real)
        for k, h in homes
        if (real := h.resolve(strict=False)) == base or real.is_relative_to(base)
    ]


def _places(value: str, base: Path) -> list[Path]:
    """Where the path ``value`` of a variable leads: itself when absolute; a relative one
    from coord's working folder and from the workspace ``base``."""
    if os.path.isabs(value):
        return [Path(value)]
    return [Path(os.path.abspath(value)), base / value]


def _variable_places(base: Path, variables: Iterable[tuple[str, str]]) -> list[tuple[Path, str]]:
    """What the ``variables`` (each name with its value in coord's environment) name in the
    resolved workspace ``base`` (``KUBECONFIG``: each of its list), each with its variable:
    the path as spelled, and where it leads (even outside ``base``, as a link in
    ``~/.ssh`` does), or only where it leads when that is in ``base``."""
    found: list[tuple[Path, str]] = []
    for name, value in variables:
        for entry in value.split(os.pathsep) if name in _PATH_LISTS else [value]:
            for place in _places(entry, base) if entry else ():
                found += [(p, name) for p in _spelled_and_real(place, base)]
    return found


def _spelled_and_real(place: Path, base: Path) -> list[Path]:
    """``place`` (normalised) and where it leads, when either lies in ``base`` (below it)."""
    spelled = Path(os.path.normpath(place))
    try:
        real = place.resolve(strict=False)
    except (OSError, RuntimeError):
        real = spelled
    inside = [p for p in (spelled, real) if p != base and p.is_relative_to(base)]
    return list(dict.fromkeys([spelled, real])) if spelled in inside else inside


#: The user's credentials in the home folder (keys, tokens, passwords, logins), each with
#: what it holds: a workspace holding the home folder (``-w ~``, or a folder above it:
#: ``-w /home``) has them hidden (:func:`credential_places`): no tool reads, lists or
#: searches them, and commands see them masked, as coord's own files are. What is in the
#: model's context reaches the provider, the store and the logs. ``~/.ssh`` keeps its
#: public keys and ``known_hosts`` readable (:func:`public_ssh`); ``.config/`` ones are
#: looked for under ``XDG_CONFIG_HOME`` too, ``.local/share/`` ones under ``XDG_DATA_HOME``.
CREDENTIALS: dict[str, str] = {
    ".ssh": "ssh's private keys (its public keys and known_hosts stay readable)",
    ".gnupg": "GnuPG's private keys",
    ".password-store": "pass's passwords",
    ".local/share/keyrings": "the desktop keyring's passwords",
    ".pki": "the NSS certificate and key store",
    ".netrc": "logins for hosts (curl, git, ftp)",
    ".git-credentials": "git's stored passwords and tokens",
    ".config/git/credentials": "git's stored passwords and tokens",
    ".aws": "AWS keys",
    ".azure": "Azure tokens",
    ".config/gcloud": "Google Cloud tokens",
    ".oci": "Oracle Cloud keys",
    ".docker/config.json": "container registries' logins",
    ".kube": "Kubernetes clusters' tokens and certificates",
    ".config/gh": "GitHub tokens",
    ".config/hub": "GitHub tokens",
    ".pypirc": "PyPI tokens",
    ".npmrc": "npm tokens",
    ".yarnrc.yml": "npm registries' tokens",
    ".cargo/credentials": "crates.io tokens",
    ".cargo/credentials.toml": "crates.io tokens",
    ".gem/credentials": "RubyGems tokens",
    ".m2/settings.xml": "Maven repositories' passwords",
    ".terraform.d/credentials.tfrc.json": "Terraform tokens",
    ".vault-token": "a Vault token",
    ".s3cfg": "S3 keys",
    ".boto": "cloud storage keys",
    ".claude/.credentials.json": "Claude Code's login",
    ".mozilla": "a browser's cookies and saved passwords",
    ".config/google-chrome": "a browser's cookies and saved passwords",
    ".config/chromium": "a browser's cookies and saved passwords",
    ".config/BraveSoftware": "a browser's cookies and saved passwords",
    ".config/microsoft-edge": "a browser's cookies and saved passwords",
}
#: ssh's folder: hidden but for its public files (:func:`public_ssh`).
SSH_DIR = ".ssh"
#: Variables of the user's environment that move a credential out of the home folder
#: (its tools read it where the variable says), each with the names of the credential's
#: files in the folder it names (none: what it names is the credential) and what it
#: holds. Where one names a place in the workspace (``-w /srv`` with
#: ``AWS_SHARED_CREDENTIALS_FILE=/srv/secrets/aws``; a relative value read from coord's
#: working folder and from the workspace), that is hidden as the home folder's are, in any
#: workspace (:func:`credential_places`), and protected (:func:`home_files_inside`: an
#: ``AWS_CONFIG_FILE`` a command made names a ``credential_process`` the user's ``aws``
#: runs).
CREDENTIAL_VARIABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "AWS_SHARED_CREDENTIALS_FILE": ((), "AWS keys"),
    "AWS_CONFIG_FILE": ((), "AWS settings and keys"),
    "AWS_WEB_IDENTITY_TOKEN_FILE": ((), "an AWS identity token"),
    "GOOGLE_APPLICATION_CREDENTIALS": ((), "a Google Cloud service account's key"),
    "CLOUDSDK_CONFIG": ((), "Google Cloud tokens"),
    "AZURE_CONFIG_DIR": ((), "Azure tokens"),
    "OCI_CLI_CONFIG_FILE": ((), "Oracle Cloud keys"),
    "KUBECONFIG": ((), "Kubernetes clusters' tokens and certificates"),
    "DOCKER_CONFIG": (("config.json",), "container registries' logins"),
    "REGISTRY_AUTH_FILE": ((), "container registries' logins"),
    "GNUPGHOME": ((), "GnuPG's private keys"),
    "PASSWORD_STORE_DIR": ((), "pass's passwords"),
    "NETRC": ((), "logins for hosts (curl, git, ftp)"),
    "GH_CONFIG_DIR": ((), "GitHub tokens"),
    "NPM_CONFIG_USERCONFIG": ((), "npm tokens"),
    "CARGO_HOME": (("credentials", "credentials.toml"), "crates.io tokens"),
    "TF_CLI_CONFIG_FILE": ((), "Terraform tokens"),
    "VAULT_CONFIG_PATH": ((), "a Vault token helper's settings"),
    "BOTO_CONFIG": ((), "cloud storage keys"),
    "S3CMD_CONFIG": ((), "S3 keys"),
    "RCLONE_CONFIG": ((), "rclone's remotes' keys"),
    "PGPASSFILE": ((), "PostgreSQL passwords"),
    "CLAUDE_CONFIG_DIR": ((".credentials.json",), "Claude Code's login"),
}


def credential_places(
    root: Path, home: Path | None = None, existing: bool = False
) -> list[tuple[Path, str]]:
    """Where the user's :data:`CREDENTIALS` lie in the workspace ``root`` (the home folder
    ``home``, by default HOME, in it, or an XDG folder), each with its key there: the path,
    and where a link there leads (even outside ``root``: the host's tree shows it to
    commands); and what a variable of :data:`CREDENTIAL_VARIABLES` names in ``root``, with
    its name as the key (``$KUBECONFIG``). None when no such folder lies in ``root`` (its
    top or below) and no such variable names it. ``existing``: only those there now (what
    a mask can cover; a missing one is not resolved, a path's look up at each step)."""
    base = root.resolve(strict=False)
    homes = _homes_inside(base, home)
    found: dict[Path, str] = {}
    found.update(_moved_credentials(base))
    for rel in CREDENTIALS:
        for prefix, folder in homes:
            if not rel.startswith(prefix):
                continue
            text = f"{folder}/{rel[len(prefix) :]}"  # (a Path made only for one kept)
            if existing and not os.path.lexists(text):
                continue
            place = Path(text)
            found.setdefault(place, rel)
            with contextlib.suppress(OSError, RuntimeError):
                found.setdefault(place.resolve(strict=False), rel)
            if rel == SSH_DIR:
                found.update(_ssh_links(place))
    return list(found.items())


def _ssh_links(folder: Path) -> dict[Path, str]:
    """Where the links in ssh's ``folder`` lead (but its public files'), each with its name
    (``.ssh/id_ed25519``): a key kept elsewhere is a key."""
    found: dict[Path, str] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.is_symlink() and not public_ssh(entry.name):
                with contextlib.suppress(OSError, RuntimeError):
                    found[Path(entry.path).resolve(strict=False)] = f"{SSH_DIR}/{entry.name}"
    return found


def credential_test(root: Path) -> Callable[[Path], str | None]:
    """For a resolved path of the workspace ``root``: the key of :data:`CREDENTIALS` it is
    or lies in (by :func:`folded` name: a case-insensitive file system's other spelling
    too), or None (``~/.ssh`` itself, and its public keys, are none)."""
    tops = _credential_tops(root)
    if not tops:
        return lambda _path: None

    def test(path: Path) -> str | None:
        text = folded(str(path))
        for top, rel in tops:
            if text == top:
                return None if rel == SSH_DIR else rel
            if text.startswith(f"{top}/"):
                return None if rel == SSH_DIR and public_ssh(text[len(top) + 1 :]) else rel
        return None

    return test


#: :func:`_credential_tops`' recent answers, by workspace and environment: Grep asks once
#: per file (a command moves none of them: each is a mount point in the sandbox).
_TOPS: dict[tuple[str, ...], tuple[float, list[tuple[str, str]]]] = {}


def _credential_tops(root: Path) -> list[tuple[str, str]]:
    """:func:`credential_places` of ``root``, each :func:`folded`, asked at most once a
    second."""
    environ = os.environ
    key = (
        str(root),
        os.getcwd(),  # (a relative XDG folder)
        environ.get("HOME", ""),
        *(environ.get(v, "") for v in _XDG_MOVED.values()),
        *_moving_values(),
    )
    now, hit = time.monotonic(), _TOPS.get(key)
    if hit is not None and now - hit[0] < 1.0:
        return hit[1]
    if len(_TOPS) > 256:
        _TOPS.clear()
    tops = [(folded(str(place)), rel) for place, rel in credential_places(root)]
    _TOPS[key] = (now, tops)
    return tops


#: :func:`_moving_values`' last answer: when, the environment's size then, the values.
_MOVING: list[tuple[float, int, tuple[str, ...]]] = [(-1.0, -1, ())]


def _moving_values() -> tuple[str, ...]:
    """The values of :data:`CREDENTIAL_VARIABLES` in coord's environment, read again once a
    second, or when a variable was added or removed: ``os.environ.get`` of an unset one
    raises a ``KeyError`` inside, 1 µs each, and Read, Write and Edit ask on each call."""
    now, size = time.monotonic(), len(os.environ)
    at, was, values = _MOVING[0]
    if now - at >= 1.0 or size != was:
        values = tuple(os.environ.get(name, "") for name in CREDENTIAL_VARIABLES)
        _MOVING[0] = (now, size, values)
    return values


def _moved_credentials(base: Path) -> list[tuple[Path, str]]:
    """The credentials a variable of :data:`CREDENTIAL_VARIABLES` names in the resolved
    workspace ``base`` (:func:`_variable_places`), the files a folder holds where it names
    them (``$CARGO_HOME/credentials.toml``, not the crates it keeps), each with its key
    (``$CARGO_HOME``)."""
    moving = _with_claude_folder(zip(CREDENTIAL_VARIABLES, _moving_values(), strict=True))
    return _inner_places(base, moving, lambda name: CREDENTIAL_VARIABLES[name][0], "$")


def public_ssh(name: str) -> bool:
    """Whether ``name`` (in ``~/.ssh``) is one of ssh's public files: a public key, the
    hosts' keys."""
    return "/" not in name and (name.endswith(".pub") or name in ("known_hosts", "known_hosts.old"))


def _refuse_credential(root: Path, resolved: Path, text: str) -> None:
    """ToolError naming why, when ``resolved`` is one of the user's credentials."""
    rel = credential_test(root)(resolved)
    if rel is not None:
        moved = rel.startswith("$")
        where = f"{rel} names it" if moved else f"~/{rel}"
        held = "" if moved else " in the home folder this workspace holds"
        raise ToolError(
            f"path '{text}' is the user's credentials ({where}: {_why(rel)}){held}; tools "
            "cannot read, write or list them"
        )


def _why(rel: str) -> str:
    """What the credential ``rel`` (a key of :data:`CREDENTIALS`, a link in ssh's folder:
    ``.ssh/NAME``, or ``$NAME`` of :data:`CREDENTIAL_VARIABLES`) holds."""
    if rel.startswith("$"):
        return CREDENTIAL_VARIABLES[rel[1:]][1]
    return CREDENTIALS.get(rel) or CREDENTIALS[SSH_DIR]


def protected_names(root: Path, home: Path | None = None) -> list[str]:
    """The protected paths of the workspace ``root`` relative to it: :data:`PROTECTED_PATHS`,
    the settings and hooks of the other git directories in its ``.git`` (linked worktrees,
    submodules), and the user's own ``.claude`` settings and agents when ``root`` holds the
    home folder ``home`` below its top (files an agent can write, as the project's are)."""
    base = root.resolve(strict=False)
    names = [*PROTECTED_PATHS, *_nested_git_files(base)]
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
    is missing or the folder cannot be written (best effort)."""
    names = sorted(missing)
    if not names:
        return None
    mark_agents_ran(root)
    folder = root / COORDINATOR_DIR / RUNNING_DIR
    final = folder / f"{os.getpid()}-{uuid.uuid4().hex}"
    draft = folder / f".{final.name}"  # locked before its name is one a reader looks at
    try:
        folder.mkdir(exist_ok=True)
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, "\n".join(names).encode())
        os.rename(draft, final)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(draft)
        return None
    return fd, final


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
_AGENTS_WHY = "a folder of the roster's agent definitions (tools, modes, hooks, MCP servers)"
_NESTED_WHY = "agents or settings coord reads when it runs from that folder"
_NESTED_GIT_WHY = (
    "a git directory in the workspace: the user's git run there runs its hooks and the "
    "programs its settings name"
)


def own_code() -> list[Path]:
    """Where the running coordinator's code comes from, resolved: its package, its
    interpreter's prefixes (a virtual environment) and site-packages folders (the user's
    too). In a workspace, an agent that changed them would change the next ``coord`` run
    (the sandbox, the checks, where the key goes)."""
    return list(_own_code(sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix))


@functools.cache
def _own_code(*prefixes: str) -> tuple[Path, ...]:
    """:func:`own_code` for the interpreter's ``prefixes`` (asked once per process)."""
    import site

    import coordinator

    folders = [Path(coordinator.__file__).parent, *(Path(p) for p in prefixes)]
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


def folded(name: str) -> str:
    """``name`` as a case-insensitive file system (macOS's, vfat, a casefold ext4 folder:
    ``chattr +F``) compares it: case folded, canonically decomposed, and without the code
    points such a file system ignores (HFS+, and ext4's casefold before Linux 6.13:
    ``.clau\u200cde`` is ``.claude`` there) and a name's trailing dots and spaces (vfat,
    exfat)."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFD", _IGNORABLE.sub("", name).casefold())
    if text.endswith((".", " ")) or "./" in text or " /" in text:
        text = _TRAILING.sub("", text)  # (vfat's and exfat's names: ``.claude.`` there)
    return text


#: A name's trailing dots and spaces, which vfat and exfat drop (not a ``.``, ``..``).
_TRAILING = re.compile(r"(?<=[^/. ])[. ]+(?=/|$)")


#: Unicode's default-ignorable code points (``Default_Ignorable_Code_Point``): zero-width
#: joiners and spaces, direction marks, variation selectors, the byte order mark, tags.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


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
        resolved = candidate.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # symlink loops, unknown ~user
        raise ToolError(f"path '{text}' cannot be resolved: {exc}") from None
    if resolved != base and not resolved.is_relative_to(base):
        raise ToolError(f"path '{text}' is outside the workspace")
    _check_length(text, resolved)
    if reserved_alike(base, resolved):
        raise ToolError(
            f"path '{text}' is inside {COORDINATOR_DIR}/ (or another of the coordinator's "
            "own directories); tools cannot read, write or list them"
        )
    _refuse_credential(base, resolved, text)
    return resolved


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


def writable_file_named(
    root: Path, words: Iterable[str], environ: Mapping[str, str] | None = None
) -> str | None:
    """The first of ``words`` (a command's, relative to ``root`` or absolute) that names a
    file in ``root`` an agent may write (not protected, not the coordinator's own), or, for
    a Python (``python``, ``uv run``), a module in ``root`` it runs (``-m pkg``, ``-mpkg``,
    ``-Im pkg``) or imports (``-c 'import pkg'``; run from ``root``, Python imports it from
    there); a shell's ``-c`` command line is looked into the same way. A program the user
    runs from it would run the agent's code. Failing that, a program that runs code of its
    working folder (the workspace, where hooks and servers run) without a word naming it
    (:mod:`coordinator.tools.implicit`: ``npm start``, ``make``, ``pytest``), when the
    workspace holds what it reads: ``"make, which reads Makefile"``. Failing that, the
    environment it runs with (``environ``, by default coord's own, which a user's hook
    gets) sending a loader into the workspace (the user's ``PYTHONPATH`` naming its
    ``src``, a program found there through ``PATH``:
    :func:`~coordinator.tools.implicit.environment_code`). None when there is none."""
    from coordinator.tools.implicit import environment_code, implicit_code

    base = root.resolve(strict=False)
    given = list(words)
    named = _named(base, given, _SHELL_DEPTH)
    held, where = functools.partial(_held, base), functools.partial(_where, base)
    text = functools.partial(_head_text, base)
    env = os.environ if environ is None else environ
    found = named or implicit_code(given, held, _SHELL_DEPTH, where, text, env)
    if found is not None:
        return found
    writable = functools.partial(_agents_may_write, base)
    return environment_code(given, env, where, writable, _SHELL_DEPTH)


def _head_text(base: Path, rel: str) -> str:
    """The first 256 KB of the workspace's regular file ``rel`` as text ("" otherwise)."""
    head = read_plain(base / rel, 256 * 1024)
    return "" if head is None else head.decode("utf-8", errors="replace")


def _where(base: Path, word: str) -> str | None:
    """What ``word`` (relative to ``base``, or absolute) names in ``base``: its path
    relative to it (``.`` for ``base``), a folder's ending in ``/``; None when it names
    nothing there."""
    if not word or "\x00" in word or len(word) > 4096:
        return None
    try:
        path = (base / word).resolve()
        if not path.is_relative_to(base) or not os.path.lexists(path):
            return None
        rel = path.relative_to(base).as_posix()
        return f"{rel}/" if path.is_dir() else rel
    except (OSError, RuntimeError, ValueError):
        return None


def _held(base: Path, pattern: str, wanted: Callable[[str], bool]) -> list[str]:
    """The entries of ``base`` matching ``pattern`` (a name or a glob; a link counts) that
    ``wanted`` keeps (given the relative name) and an agent may write (neither protected nor
    coord's own), relative to it."""
    if "**/" in pattern:
        return _held_below(base, pattern, wanted)
    if not any(c in pattern for c in "*?["):
        found = [base / pattern] if os.path.lexists(base / pattern) else []
    else:
        found = sorted(base.glob(pattern))
    names = [p.relative_to(base).as_posix() for p in found]
    return [name for name in names if wanted(name) and _agents_may_write(base, name)]


def _agents_may_write(base: Path, name: str) -> bool:
    return protected_entry(base, base / name) is None and not is_reserved(base, base / name)


def _held_below(base: Path, pattern: str, wanted: Callable[[str], bool]) -> list[str]:
    """:func:`_held` for ``FOLDER/**/NAME`` (a glob of names at any depth): the first one
    found (the walk stops there; links to folders are not followed)."""
    import fnmatch

    top, name = pattern.split("**/", 1)
    for folder, dirs, files in os.walk(base / top):
        dirs.sort()
        for file in sorted(fnmatch.filter(files, name)):
            rel = Path(folder, file).relative_to(base).as_posix()
            if wanted(rel) and _agents_may_write(base, rel):
                return [rel]
    return []


#: How many shells' ``-c`` command lines inside one another are looked into.
_SHELL_DEPTH = 3
#: ``import pkg`` / ``from pkg import`` in a ``python -c`` program.
_IMPORTED = re.compile(r"(?:^|[\s;(])(?:import|from)\s+([A-Za-z_][\w.]*)")


def _named(base: Path, given: list[str], depth: int) -> str | None:
    """:func:`writable_file_named` for ``given``, shells looked into ``depth`` deep."""
    python = _is_python(given)
    for i, word in enumerate(given):
        if not word or "\x00" in word:
            continue
        option = _python_option(given, i) if python else None
        if option is not None:
            flag, value = option
            names = _module_files(value) if flag == "m" else _imported_files(value)
        elif word.startswith("-"):
            continue
        else:
            names = [word]
        if any(_writable(base, name) for name in names):
            return word
        if depth and i > 0 and given[i - 1].startswith("-") and "c" in given[i - 1] and " " in word:
            inner = _split(word)
            if inner and _named(base, inner, depth - 1) is not None:
                return word
    return None


def _python_option(given: list[str], i: int) -> tuple[str, str] | None:
    """``("m", module)`` or ``("c", program)`` when ``given[i]`` is (or ends) a Python
    option naming one: ``-m pkg``, ``--module pkg`` (uv run), ``-mpkg``, ``-Im pkg``."""
    word = given[i]
    if i > 0 and given[i - 1] == "--module":
        return "m", word
    prev = given[i - 1] if i > 0 else ""
    if _short_flags(prev) and prev[-1] in "mc":
        return prev[-1], word
    if _short_flags(word):
        for k, letter in enumerate(word[1:], start=1):
            if letter in "mcWX":
                rest = word[k + 1 :]
                return (letter, rest) if letter in "mc" and rest else None
    return None


def _short_flags(word: str) -> bool:
    """Whether ``word`` is a run of Python's short options (``-I``, ``-Im``, ``-msrv``)."""
    return len(word) > 1 and word[0] == "-" and word[1] != "-"


def _split(line: str) -> list[str]:
    """A shell command line's words (none when it cannot be split)."""
    import shlex

    try:
        return shlex.split(line)
    except ValueError:
        return []


def _is_python(words: list[str]) -> bool:
    """Whether a Python interpreter (``python3``, ``/usr/bin/python3.11``, ``uv run``) is
    among ``words``."""
    names = [Path(w).name for w in words]
    return any(n.startswith("python") for n in names) or ("uv" in names and "run" in names)


def _imported_files(program: str) -> list[str]:
    """Where the modules a ``python -c`` ``program`` imports are found, as :func:`_module_files`."""
    return [f for module in _IMPORTED.findall(program) for f in _module_files(module)]


def _module_files(module: str) -> list[str]:
    """Where ``python -m module`` finds its top package, relative to the working folder."""
    top = module.split(".")[0]
    dotted = module.replace(".", "/")
    found = [f"{top}.py", f"{top}/__init__.py", f"{top}/__main__.py", f"{dotted}.py"]
    return found if top else []


def _writable(base: Path, word: str) -> bool:
    """Whether ``word`` names a file in ``base`` an agent may write."""
    try:
        path = (base / word).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    if path == base or not path.is_relative_to(base) or not path.is_file():
        return False
    return protected_entry(base, path) is None and not is_reserved(base, path)


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
    if why is None:
        why = _NESTED_WHY if f"/{CLAUDE_DIR}/" in f"/{rel}" else _AGENTS_WHY
        why = _NESTED_GIT_WHY if rel == nested_git else why
    raise ToolError(
        f"'{display_path(root, resolved)}' is protected ({rel}: {why}); what an agent writes "
        "there would change what agents may do later, so no tool writes it (reading is allowed)"
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


def cap_text(text: str, limit: int = MAX_OUTPUT_CHARS, *, what: str = "output") -> str:
    """``text`` cut to ``limit`` characters, with a note saying how much was cut."""
    if len(text) <= limit:
        return text
    cut, kept = len(text) - limit, sanitize.safe_cut(text, limit)
    return f"{kept}\n\n[{what} truncated: {cut:,} of {len(text):,} characters cut]"
