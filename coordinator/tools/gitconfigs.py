"""What the user's own git runs as programs, read from git's settings as text.

The user's git, run later in the workspace (or in a repository above or below it), runs
what its settings name: ``core.fsmonitor`` at every ``git status``, a pager, an editor, a
filter driver... Where such a program, or a file of settings git includes, lies in the
workspace, an agent could rewrite it; :func:`~coordinator.tools.home_files.home_files_inside`
protects what :func:`named_places` finds. The settings are those of the user's global
files, of the variables of coord's environment (``GIT_CONFIG_COUNT``,
``GIT_CONFIG_PARAMETERS``: the user's git, started from the same environment, reads them),
and of each repository whose work tree holds the workspace or lies in it, each with what
it includes (``[include]``, ``[includeIf "..."]``) to git's depth.

Nothing is run to read them: git, run on a file an agent may have written, would run what
it names. Each file is opened without waiting (a FIFO put where one is named does not hold
coord's start) and read as text, at most :data:`SETTINGS_BYTES` of it.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from coordinator.tools.gitdirs import GIT_HOOKS, is_git_dir, read_plain

#: git's settings that name a program git runs as the user (or a folder it runs them
#: from), lowercase, by section and key (a subsection, ``diff "pdf"``, left out): each
#: runs on everyday commands without the user asking for it, in any repository.
#: ``core.fsmonitor`` at every ``git status``, ``core.sshCommand`` and ``core.askPass`` at
#: each fetch or push, ``credential.helper`` (``!/srv/tool`` or ``/srv/tool``) over https,
#: ``core.hooksPath`` at each commit, the pagers (``pager.<cmd>``: any key of the section)
#: at ``git log``, the editors at a commit or rebase, ``diff.external`` and a diff
#: driver's ``textconv`` or ``command`` at ``git diff``, a filter driver's ``clean``,
#: ``smudge`` and ``process`` at ``git add``, ``status`` and checkout, gpg's program
#: (``gpg.ssh.program``) at a signed commit, a merge driver at a merge,
#: ``interactive.diffFilter`` at ``git add -p``, ``core.gitProxy`` over git://, and
#: ``init.templateDir`` (its hooks go into each repository ``git init`` or ``git clone``
#: makes). Left: aliases (``!cmd``: ``git NAME`` asks for that program), difftool's and
#: mergetool's commands, the browser, sendemail's: each run when the user asks for it.
PROGRAM_KEYS = frozenset(
    {
        "core.fsmonitor", "core.sshcommand", "credential.helper", "core.hookspath",
        "core.askpass", "core.gitproxy", "core.pager", "core.editor", "sequence.editor",
        "diff.external", "diff.textconv", "diff.command", "filter.clean", "filter.smudge",
        "filter.process", "gpg.program", "merge.driver", "interactive.difffilter",
        "init.templatedir",
    }
)  # fmt: skip
#: Sections every key of which names such a program.
PROGRAM_SECTIONS = frozenset({"pager"})
#: The settings naming a file of more settings git reads (``[include]``,
#: ``[includeIf "gitdir:~/work/"]``).
INCLUDE_KEYS = frozenset({"include.path", "includeif.path"})
#: The setting naming the folder git runs hooks from.
HOOKS_KEY = "core.hookspath"
_SECTION = re.compile(r'^\[\s*([A-Za-z0-9.-]+)(?:\s+"(?:[^"\\]|\\.)*")?\s*\]\s*(.*)$')
#: How deep git follows ``include.path`` from a file of settings (git's own limit).
INCLUDE_DEPTH = 10
#: The most of a settings file read.
SETTINGS_BYTES = 1024 * 1024
#: How many settings ``GIT_CONFIG_COUNT`` gives at most that are read.
_COUNTED = 1000


@dataclass(frozen=True)
class Settings:
    """Settings git reads together: the files they include (to git's depth), and their
    settings that name a program or include a file, as ``section.key`` (lowercase, the
    subsection left out) with the value as git reads it."""

    included: tuple[Path, ...]
    entries: tuple[tuple[str, str], ...]


def read_settings(config: Path) -> str:
    """The start of the settings file ``config`` (:data:`SETTINGS_BYTES`), opened without
    waiting (a FIFO an agent put where an included file is named does not hold coord's
    start); empty when it cannot be read or is no regular file."""
    try:
        fd = os.open(config, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as stream:
        try:
            regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
            data = stream.read(SETTINGS_BYTES) if regular else b""
        except OSError:
            return ""
    return data.decode("utf-8", errors="replace")


def followed(
    configs: Iterable[Path], home: Path, given: Iterable[tuple[str, str]] = ()
) -> Settings:
    """The settings of the git settings files ``configs`` and the ``given`` ones (the
    environment's: an include there is absolute or ``~/``, git refuses a relative one),
    and of the files they include (``[include]`` and ``[includeIf "..."]``'s ``path``,
    whatever the condition: some repository meets it; ``~/`` from ``home``, a relative one
    from the including file's folder, as git reads it; what those include in turn, to
    git's depth)."""
    files = list(configs)
    seen = {os.path.normpath(config) for config in files}
    included: list[Path] = []
    settings: list[tuple[str, str]] = []
    todo: list[tuple[Path | None, int]] = [(None, 0), *((config, 0) for config in files)]
    while todo:
        config, depth = todo.pop(0)
        for key, value in given if config is None else entries(config):
            if key not in INCLUDE_KEYS or not value:
                settings.append((key, value))
                continue
            if value[:2] == "~/":
                path = home / value[2:]
            elif config is not None:
                path = config.parent / value
            elif os.path.isabs(value):
                path = Path(value)
            else:
                continue
            if (spelled := os.path.normpath(path)) not in seen and depth < INCLUDE_DEPTH:
                seen.add(spelled)
                included.append(path)
                todo.append((path, depth + 1))
    return Settings(tuple(included), tuple(settings))


def entries(config: Path) -> list[tuple[str, str]]:
    """The settings of the git settings file ``config`` that name a program or a file it
    includes (:func:`wanted`), with the value as git reads it (:func:`git_value`); none
    when it cannot be read."""
    section = ""
    found: list[tuple[str, str]] = []
    for line in read_settings(config).splitlines():
        text = line.strip()
        if match := _SECTION.match(text):
            section, text = match.group(1).lower().partition(".")[0], match.group(2)
        key, sep, value = text.partition("=")
        name = f"{section}.{key.strip().lower()}"
        if sep and wanted(name):
            found.append((name, git_value(value)))
    return found


def wanted(name: str) -> bool:
    """Whether the setting ``name`` (``section.key``, lowercase) names a program or a file
    of settings to include."""
    section = name.partition(".")[0]
    return name in PROGRAM_KEYS or name in INCLUDE_KEYS or section in PROGRAM_SECTIONS


def git_value(raw: str) -> str:
    """The value ``raw`` (after a setting's ``=``) as git reads it: its quotes and escapes
    undone, up to a comment (``#`` or ``;`` outside quotes), trimmed."""
    out: list[str] = []
    quoted = escaped = False
    for char in raw.strip():
        if escaped:
            out.append({"n": "\n", "t": "\t", "b": "\b"}.get(char, char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
    return "".join(out).strip()


def program_words(key: str, value: str) -> list[str]:
    """The words of ``value`` (a shell command's each word: ``sh /srv/ssh-wrap``) when the
    git setting ``key`` names a program (:data:`PROGRAM_KEYS`); none otherwise."""
    if key not in PROGRAM_KEYS and key.partition(".")[0] not in PROGRAM_SECTIONS:
        return []
    try:
        return shlex.split(value.removeprefix("!"))
    except ValueError:
        return []


def environment(environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """The settings the variables ``environ`` give every git started with them
    (``GIT_CONFIG_COUNT`` with ``GIT_CONFIG_KEY_<n>`` and ``GIT_CONFIG_VALUE_<n>``, and
    ``GIT_CONFIG_PARAMETERS``, which ``git -c`` passes on to the programs it runs) that
    name a program or a file to include (:func:`wanted`), as ``section.key``."""
    given: list[tuple[str, str]] = []
    count = environ.get("GIT_CONFIG_COUNT", "").strip()
    for n in range(min(int(count), _COUNTED) if count.isascii() and count.isdigit() else 0):
        key = environ.get(f"GIT_CONFIG_KEY_{n}")
        if key is not None:
            given.append((key, environ.get(f"GIT_CONFIG_VALUE_{n}", "")))
    try:  # ('core.pager'='less -R' or, as older git wrote it, 'core.pager=less -R')
        words = shlex.split(environ.get("GIT_CONFIG_PARAMETERS", ""))
    except ValueError:
        words = []
    given += [(k, v) for k, _, v in (w.partition("=") for w in words)]
    found: list[tuple[str, str]] = []
    for key, value in given:
        parts = key.lower().split(".")
        name = f"{parts[0]}.{parts[-1]}" if len(parts) > 1 else ""
        found += [(name, value)] if name and wanted(name) else []
    return found


@dataclass(frozen=True)
class Repository:
    """A repository git finds: the folder it runs programs in (its work tree's top, or a
    bare one's git directory) and its files of settings."""

    top: Path
    configs: tuple[Path, ...]


def enclosing(base: Path) -> Repository | None:
    """The repository the user's git finds in the resolved workspace ``base``: the
    nearest of ``base`` and the folders above it holding a ``.git`` (a workspace below a
    repository, ``-w repo/sub``, is in that repository's work tree); None for none."""
    for folder in (base, *base.parents):
        if os.path.lexists(folder / ".git"):
            return repository(folder)
    return None


def repository(tree: Path) -> Repository | None:
    """The repository of the work tree ``tree`` (its ``.git`` folder, file or link) or of
    the bare repository ``tree``: the files of settings git reads there (the common
    directory's ``config``, and its own ``config.worktree``); None when there is none."""
    dot = tree / ".git"
    if os.path.isdir(dot):  # (a folder, or a link to one)
        git = Path(os.path.realpath(dot))
    elif os.path.lexists(dot):
        line = (read_plain(dot, 4096) or b"").decode("utf-8", "replace").partition("\n")[0]
        if not line.startswith("gitdir:"):
            return None
        git = Path(os.path.normpath(tree / line.removeprefix("gitdir:").strip()))
    elif is_git_dir(tree):
        git = tree
    else:
        return None
    common = (read_plain(git / "commondir", 4096) or b"").decode("utf-8", "replace")
    named = common.partition("\n")[0].strip()
    shared = Path(os.path.normpath(git / named)) if named else git
    return Repository(tree, tuple(dict.fromkeys([shared / "config", git / "config.worktree"])))


def named_places(
    home: Path, shared: Settings, repositories: Iterable[Repository]
) -> list[tuple[Path, str]]:
    """Where the settings name files git reads or programs it runs, each with what names
    it: the files ``shared`` (the user's global settings and the environment's, read in
    every repository) and each of ``repositories``' settings include; the programs they
    name by path (``~/`` from ``home``, variables expanded): an absolute one as it is, a
    relative one (a word with a ``/``: a bare name is found through PATH) from the top of
    the repository git runs it in (each of ``repositories`` for ``shared``'s); and the
    folder ``core.hooksPath`` names (:func:`hooks_folder`)."""
    found = [(p, "gitconfig include") for p in shared.included]
    repos = list(repositories)
    for repo in repos:
        own = followed(repo.configs, home)
        found += [(p, "gitconfig include") for p in own.included]
        for key, value in [*shared.entries, *own.entries]:
            found += [(p, "gitconfig") for p in _programs(key, value, repo.top)]
    if not repos:
        for key, value in shared.entries:
            found += [(p, "gitconfig") for p in _programs(key, value, None)]
    return found


def _programs(key: str, value: str, top: Path | None) -> list[Path]:
    """The paths the setting ``key`` with ``value`` names a program (or hooks folder) by,
    a relative one from ``top`` (None: only the absolute ones)."""
    if key == HOOKS_KEY and value:
        folder = Path(os.path.expanduser(os.path.expandvars(value)))
        if folder.is_absolute():
            return [folder]
        return hooks_folder(top, value) if top is not None else []
    found: list[Path] = []
    for word in program_words(key, value):
        program = os.path.expanduser(os.path.expandvars(word.removeprefix("!")))
        if os.path.isabs(program):
            found.append(Path(program))
        elif top is not None and "/" in program and not program.startswith("-"):
            found.append(Path(os.path.normpath(top / program)))
    return found


def hooks_folder(top: Path, value: str) -> list[Path]:
    """The folder a relative ``core.hooksPath`` ``value`` names in the repository whose
    programs run in ``top`` (its work tree; a bare one's git directory); where that folder
    is ``top`` or above it (``.``, ``..``), the files git runs as hooks there
    (:data:`~coordinator.tools.gitdirs.GIT_HOOKS`), not all of it."""
    folder = Path(os.path.normpath(top / value))
    return [folder / name for name in GIT_HOOKS] if top.is_relative_to(folder) else [folder]
