"""The programs coord itself runs (bwrap, git, bash, prlimit): where each is found, never
one a sandboxed command could have written (:func:`program_path`), the shell commands run
in (:func:`shell_program`), and signalling the process groups they start
(:func:`kill_group`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from coordinator.tools.workspace import (
    written_by_agents,
    written_by_agents_at,
)


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


def kill_group(pgid: int, sig: int) -> None:
    """Signal a process group, ignoring one that is already gone."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
