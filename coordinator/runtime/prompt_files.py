"""The trust rules every file put in an agent's prompt is read under (a skill, memory, a
CLAUDE.md): a workspace file only as the Read tool would read it, the user's own as written.

Kept apart from :mod:`coordinator.runtime.preload` (which builds prompts, and imports the
model-facing text) so that ``coord agents show`` lists the instruction files on its light
start path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from coordinator.roster.frontmatter import MAX_FILE_BYTES
from coordinator.tools.base import StoreCheck, ToolError
from coordinator.tools.credentials import credential_test
from coordinator.tools.workspace import (
    OpenMode,
    open_confined,
    reserved_alike,
    resolve_in_workspace,
    written_by_agents,
)

#: The most of a skill, memory or instruction file read into a prompt (a file an agent made
#: huge must not exhaust coord's memory at the next start).
PRELOAD_BYTES = MAX_FILE_BYTES


class PromptFiles:
    """How files of the workspace ``root`` (None: no workspace) get into a prompt;
    ``hidden(file, root)``: True for a file a permission rule keeps from being read;
    ``stores``: the session databases in the workspace, which no preloaded file may be.
    (A plain class: a dataclass costs every start a few million instructions.)"""

    __slots__ = ("hidden", "root", "stores")

    def __init__(
        self,
        root: Path | None,
        hidden: Callable[[Path, Path], bool] | None = None,
        stores: StoreCheck | None = None,
    ) -> None:
        self.root = root
        self.hidden = hidden
        self.stores = stores

    def readable(self, path: Path) -> bool:
        """Whether a file of the workspace may go into a prompt: only when it leads to a
        file inside the workspace, outside the coordinator's own folders (``.coordinator/``:
        its database, the user's other sessions), that no Read rule denies (the workspace
        can be an attacker's, and a link there must not carry another file to the model, as
        the tools would refuse to read it). The user's own files outside it always may."""
        if self.root is None or not path.is_relative_to(self.root):
            return True
        root = self.root.resolve()
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        if (
            not real.is_relative_to(root)
            or reserved_alike(root, real)
            or credential_test(root)(real)
        ):
            return False
        return self.hidden is None or not self.hidden(path, root)

    def read(self, path: Path) -> bytes | None:
        """At most :data:`PRELOAD_BYTES` of ``path`` for a prompt, or None when it may not
        go there (:meth:`readable`) or is no regular file. A workspace file is opened as
        the Read tool opens one (:func:`open_confined`): a link a command swaps in after the
        check, a FIFO, or a session database is not followed, waited on nor read."""
        if not self.readable(path):
            return None
        if self.root is None or not path.is_relative_to(self.root):
            return read_bytes(path, PRELOAD_BYTES)
        root = self.root.resolve()
        try:
            real = resolve_in_workspace(root, path)
            with open_confined(root, real, OpenMode.READ, stores=self.stores) as fh:
                return fh.read(PRELOAD_BYTES)
        except (ToolError, OSError):
            return None

    def agents_wrote(self, path: Path) -> str | None:
        """Where the file ``path`` lies when an agent could have written it (in the
        workspace: ``.claude/skills`` or a CLAUDE.md is no protected path; or below a folder
        coord ran agents in, :func:`written_by_agents`), as the prompt names it; None for
        the user's own."""
        if self.root is not None and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return str(path) if written_by_agents(path) is not None else None


def read_bytes(path: Path, limit: int) -> bytes | None:
    """At most ``limit`` bytes of the regular file ``path`` (links followed), or None: a
    FIFO or device is opened without waiting and not read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            return stream.read(limit)
        except OSError:
            return None
