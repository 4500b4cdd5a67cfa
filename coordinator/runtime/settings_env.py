"""The settings ``env`` (review115): environment variables Claude Code sets for its session,
from ``settings.json``. Coord reads them from the files the user controls, the user's own
``~/.claude/settings.json`` and the managed settings (over the user's, as in Claude Code),
for what Claude Code uses them for that coord has: ``${VAR}`` in MCP server definitions
(command, args, env, URL, headers) and the environment of the user's own hook processes
(and an http hook's ``allowedEnvVars``). Never:

* from a file an agent can write (the workspace's ``.claude/settings.json`` and
  ``settings.local.json``; the user's own while the workspace holds it, ``-w ~``): such a
  file's ``env`` would hand a repository's variables to the user's hooks and servers
  (``PATH``, ``PYTHONPATH``, ``NODE_OPTIONS``: code of the workspace run as the user). One
  line says so per file;
* into the Bash sandbox, a confined (workspace) hook or a confined MCP server: they get
  the sandbox's allow-list, as before;
* into coord's own process: its model calls keep the key and base URL of coord's own
  environment and config (:data:`OWN_VARIABLES`: a line says a file setting one does not
  change them).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from coordinator.claude_home import claude_home
from coordinator.mcp.limit_vars import limit_problem
from coordinator.mcp.policy import SettingsFile

#: The settings key.
ENV_KEY = "env"
#: Variables coord's own model calls read (from coord's environment, never the settings).
OWN_VARIABLES = frozenset({"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"})
#: git's variables that hold no path nor program (who, when, yes or no): a value of theirs
#: (``GIT_AUTHOR_NAME=Alice``, ``GIT_TERMINAL_PROMPT=0``) names no place in the workspace,
#: though a relative path would read as one (redteam108: every user hook was confined).
GIT_PLAIN = frozenset(
    {
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE", "GIT_TERMINAL_PROMPT",
        "GIT_OPTIONAL_LOCKS", "GIT_LFS_SKIP_SMUDGE", "GIT_MERGE_AUTOEDIT", "GIT_FLUSH",
        "GIT_DEFAULT_HASH", "GIT_PROTOCOL_FROM_USER", "GIT_ADVICE", "GIT_NO_REPLACE_OBJECTS",
        "GIT_CURL_VERBOSE", "GIT_SSH_VARIANT", "GIT_HTTP_LOW_SPEED_LIMIT",
        "GIT_HTTP_LOW_SPEED_TIME", "GIT_REDACT_COOKIES", "GIT_HTTP_MAX_REQUESTS",
    }
)  # fmt: skip
#: git's trace variables (``GIT_TRACE``, ``GIT_TRACE2_EVENT``...): ``1``, ``2`` or ``true``
#: trace to the standard error, and only an absolute path is a file git writes (a relative
#: value names no place: ``GIT_TRACE=1`` confined every user hook, review125).
GIT_TRACES = "GIT_TRACE"
#: A name a process environment can hold (no ``=``, no NUL: the start would fail).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def settings_env(files: Sequence[SettingsFile], warnings: list[str]) -> dict[str, str]:
    """The variables the ``env`` of ``files`` sets (the user's, the managed file's over
    them), as the module says; a line in ``warnings`` per workspace file setting ``env``,
    per entry left out, and per MCP limit set to no limit (:func:`~coordinator.mcp.
    limit_vars.limit_problem`; coord's environment's too, where no file sets it), each
    naming its file."""
    found: dict[str, str] = {}
    for file in sorted(files, key=lambda f: f.managed):  # (the managed file's win)
        block = file.data.get(ENV_KEY)
        if not block:  # (unset, or set to nothing: nothing to say)
            continue
        if file.inside:
            warnings.append(
                f"{file.path}: {ENV_KEY} is not read from a file agents can write (it lies in "
                f"the workspace): set the variables in {claude_home().named}/settings.json or "
                "coord's environment"
            )
        elif not isinstance(block, Mapping):
            warnings.append(f"{file.path}: {ENV_KEY} must be a mapping of names to strings")
        else:
            found.update(_entries(file, block, warnings))
    warnings += [
        f"coord's environment: {name}: {why}"
        for name, value in os.environ.items()
        if name not in found and (why := limit_problem(name, value)) is not None
    ]
    return found


def _entries(
    file: SettingsFile, block: Mapping[object, object], warnings: list[str]
) -> dict[str, str]:
    """The usable entries of ``file``'s ``env`` mapping ``block``, a line per other."""
    kept: dict[str, str] = {}
    for name, value in block.items():
        where = f"{file.path}: {ENV_KEY}.{name}"
        if not isinstance(name, str) or not _NAME.match(name):
            warnings.append(f"{where}: not a variable name (ignored)")
        elif not isinstance(value, str) or "\0" in value:
            warnings.append(f"{where}: its value must be a string without NUL (ignored)")
        else:
            kept[name] = value
            if (why := limit_problem(name, value)) is not None:
                warnings.append(f"{where}: {why}")
            if name in OWN_VARIABLES:
                warnings.append(
                    f"{where}: given to your hooks and MCP server definitions only; coord's "
                    f"own model calls use {name} from coord's environment"
                )
    return kept


def names_workspace(settings: Mapping[str, str], root: Path) -> str | None:
    """``"NAME, which names PLACE"`` when a variable of the settings' ``env`` that says where
    a program finds its settings or the programs it runs (git's ``GIT_*``, the home files'
    variables: ``GIT_CONFIG_GLOBAL``, ``BASH_ENV``, ``DOCKER_CONFIG``, ``CARGO_HOME``...)
    names a place in the workspace ``root`` (a list's entries, relative ones from ``root``,
    where hooks run); None otherwise. A user's hook run with it would run what an agent
    wrote there (``core.fsmonitor`` at its ``git status``): it runs confined then
    (review120). Coord's own environment's are protected instead
    (:func:`~coordinator.tools.home_files.home_files_inside`)."""
    from coordinator.tools.home_files import PROGRAM_VARIABLES, SETTINGS_VARIABLES

    base = root.resolve(strict=False)
    watched = (*SETTINGS_VARIABLES, *PROGRAM_VARIABLES)
    for name, value in settings.items():
        if not (name.startswith("GIT_") or name in watched) or name in GIT_PLAIN:
            continue
        for part in value.split(os.pathsep):
            if name.startswith(GIT_TRACES) and not os.path.isabs(os.path.expanduser(part)):
                continue
            place = (base / os.path.expanduser(part)).resolve(strict=False) if part else None
            if place is not None and place.is_relative_to(base):
                return f"{name}, which names {part}"
    return None
