"""What of the user's home folder, and of what the environment names, runs programs as the
user, out of any sandbox: :data:`HOME_FILES` (shell startup files, git's global settings,
ssh's and the package managers' settings...), the variables naming such files or folders
(:data:`SETTINGS_VARIABLES`, :data:`PROGRAM_VARIABLES`), and the programs the user's git,
Claude Code, kubectl and aws settings name. :func:`home_files_inside` gives those that lie
in a workspace, which are then protected as its settings are (no tool writes them, commands
see them read-only).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from coordinator.claude_home import claude_home
from coordinator.tools import gitconfigs, gitdirs
from coordinator.tools.credentials import (
    homes_inside,
    inner_places,
    moved_credentials,
    spelled_and_real,
    variable_places,
    with_claude_folder,
)
from coordinator.tools.workspace import reserved_dirs

_LOG = logging.getLogger(__name__)

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


#: Variables of the user's environment naming a file or folder that runs programs as the
#: user, or a program itself, where the home folder's would be (git's global and system
#: settings, an askpass program, the file bash reads first, zsh's startup folder, Python's
#: user site and startup file, pip's settings): one naming the workspace has it protected as
#: :data:`HOME_FILES` are (``GIT_CONFIG_GLOBAL=/srv/dotfiles/gitconfig`` in a ``-w /srv``
#: workspace: its ``core.fsmonitor`` ran at the user's next ``git status``). The
#: variables of :data:`~coordinator.tools.credentials.CREDENTIAL_VARIABLES` are too.
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


def home_files_inside(root: Path) -> tuple[Path, ...]:
    """The :data:`HOME_FILES` of the user's home folder (HOME) when the workspace ``root``
    holds it (``-w ~``; one of its folders does not), as paths in it, and those an XDG
    variable moves into ``root`` (``XDG_CONFIG_HOME``: git's global settings in
    ``$XDG_CONFIG_HOME/git/config``), and the folders of the user's PATH in the home folder
    there (``~/bin``, ``~/go/bin``, ``~/.cargo/bin``: a program there runs instead of the
    user's own, :func:`_path_folders`), and what a variable of the environment names in it
    (:data:`SETTINGS_VARIABLES`, :data:`~coordinator.tools.credentials.CREDENTIAL_VARIABLES`:
    ``GIT_CONFIG_GLOBAL``, ``KUBECONFIG``; the code a loader's variable names:
    :func:`_loaded_places`); none otherwise."""
    base = root.resolve(strict=False)
    homes = homes_inside(base)
    found = [h / rel[len(k) :] for rel in HOME_FILES for k, h in homes if rel.startswith(k)]
    found += _path_folders([h for k, h in homes if not k])
    settings = [(name, os.environ.get(name, "")) for name in SETTINGS_VARIABLES]
    moved = [*variable_places(base, settings), *moved_credentials(base)]
    moved += [*_program_places(base), *_credential_programs(base, moved, homes)]
    moved += [*_named_programs(base), *_loaded_places(base)]
    found += [place for place, _ in moved if place.is_relative_to(base)]
    return tuple(dict.fromkeys(found))


def _program_places(base: Path) -> list[tuple[Path, str]]:
    """What the tools run programs from in the folders the variables of
    :data:`PROGRAM_VARIABLES` name in the resolved workspace ``base``
    (``$DOCKER_CONFIG/cli-plugins``), each with its variable (:func:`with_claude_folder`)."""
    values = [(name, os.environ.get(name, "")) for name in PROGRAM_VARIABLES]
    return inner_places(base, with_claude_folder(values), PROGRAM_VARIABLES.__getitem__, "")


def _loaded_places(base: Path) -> list[tuple[Path, str]]:
    """The code the loader variables of coord's environment name in the resolved workspace
    ``base`` (:func:`~coordinator.tools.implicit.loaded_files`: ``PYTHONHOME``,
    ``LD_PRELOAD``, ``_JAVA_OPTIONS``'s ``-javaagent:lib/agent.jar``, ``NODE_OPTIONS``'s
    ``--require``), each with its variable: a user's hook using them runs confined, but
    coord's own next start (``PYTHONHOME``, the dynamic loader's) and the user's next
    ``java`` or ``node`` ran what an agent wrote there (redteam112)."""
    from coordinator.tools.implicit import ENV_LOADERS, loaded_files

    named = [(n, f) for n in ENV_LOADERS for f in loaded_files(n, os.environ.get(n, ""))]
    return variable_places(base, named)


def _credential_programs(
    base: Path, moved: list[tuple[Path, str]], homes: list[tuple[str, Path]]
) -> list[tuple[Path, str]]:
    """The programs the user's cloud tools run as the user to get a token, where the
    settings file naming one lies in the resolved workspace ``base`` (``moved``: what a
    variable names there, :func:`moved_credentials`; or the home folder's, ``homes``) and
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
    return [(p, name) for place, name in found for p in spelled_and_real(place, base)]


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
    return [(p, what) for place, what in found for p in spelled_and_real(place, base)]


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
    except (ValueError, RecursionError):  # (nested too deeply for the parser)
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
    (a bare name is found through PATH); none when it cannot be read as one, said in one
    warning naming the file (not a traceback: lists nested too deeply for the parser)."""
    import yaml

    from coordinator.yamlfile import yaml_failure

    try:
        data = yaml.safe_load(gitconfigs.read_settings(config))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        _LOG.warning(
            "warning: %s: kubeconfig not read (%s): the programs its exec plugins name"
            " are not protected",
            config,
            yaml_failure(exc)[0],
        )
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
