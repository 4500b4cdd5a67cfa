"""The files a background run leaves in ``WORKSPACE/.coordinator/background/``, and waiting
for the session it is about to store.

``coord run`` prints a background run's session id at once (:mod:`coordinator.runtime.detach`),
but the new process stores that session only after it has read its settings and roster and
opened the store: a ``coord log -f ID`` typed at once would find no such session. So the run
leaves a pid file, ``<session id>.pid`` (the process id, then its log file), and a look-up
that finds no session of that id waits for it while that process is alive
(:func:`await_stored`), bounded; when the process ended without storing it, the error says so
with the last line the process wrote.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from coordinator.clip import clip
from coordinator.errors import UserError

BACKGROUND_DIR = Path(".coordinator") / "background"

#: How long a look-up waits for a live background process to store its session (it does so
#: within a second or two: settings, roster and store; a loaded machine takes longer).
STORE_WAIT = 30.0
#: How often the store is asked again meanwhile.
STORE_POLL = 0.05

T = TypeVar("T")


@dataclass(frozen=True)
class BackgroundRun:
    """A background run as its pid file tells it: its session, process and log."""

    session_id: str
    pid: int
    log: Path

    def alive(self) -> bool:
        """Whether the process still runs (a zombie, exited but not yet reaped, does not)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # someone else's process by now: not ours
            return False
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text(encoding="utf-8")
        except OSError:  # no /proc (macOS): the signal said it exists
            return True
        return stat.rpartition(")")[2].split()[:1] != ["Z"]

    def last_words(self) -> str:
        """The last line the process wrote to its log ("" when none can be read)."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        said = [line.strip() for line in lines if line.strip()]
        return clip(said[-1], 300) if said else ""


def pid_file(workspace: Path, session_id: str) -> Path:
    """Where the background run of ``session_id`` in ``workspace`` leaves its pid file."""
    return workspace / BACKGROUND_DIR / f"{session_id}.pid"


def record(workspace: Path, session_id: str, pid: int, log: Path) -> None:
    """Leave the pid file of a background run just started (:func:`pid_file`)."""
    pid_file(workspace, session_id).write_text(f"{pid}\n{log}\n", encoding="utf-8")


def follow_command(workspace: Path, session_id: str) -> str:
    """The command that follows the background run of ``session_id`` from here: with
    ``--workspace`` when that is not this folder (its pid file is there)."""
    here = workspace.resolve() == Path.cwd().resolve()
    return f"coord log -f {session_id}" + ("" if here else f" --workspace {workspace}")


def forget(workspace: Path, session_id: str) -> None:
    """Remove the pid file of a background run that has stored its session (and ended):
    a later look-up of a session removed since is then no run's to wait for."""
    pid_file(workspace, session_id).unlink(missing_ok=True)


def started(workspace: Path, ref: str) -> BackgroundRun | None:
    """The background run ``workspace`` started for the session ``ref`` (an id or a unique
    prefix of one), None when its folder has no such pid file (or it cannot be read)."""
    if not ref or not ref.isalnum():
        return None
    found = list((workspace / BACKGROUND_DIR).glob(f"{ref}*.pid"))
    if len(found) != 1:
        return None
    try:
        pid, log = found[0].read_text(encoding="utf-8").splitlines()[:2]
        return BackgroundRun(found[0].stem, int(pid), Path(log))
    except (OSError, ValueError):
        return None


def await_stored(
    run: BackgroundRun,
    find: Callable[[], T],
    missing: type[UserError] = UserError,
    *,
    wait: float = STORE_WAIT,
) -> T:
    """``find()`` (the session's look-up) once the background process ``run`` has stored
    the session: asked again while ``find`` raises ``missing`` and the process is alive, for
    up to ``wait`` seconds. A UserError when the process ended without storing it (with
    the last line it wrote) or had not stored it within ``wait``."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return find()
        except missing:
            pass
        if not run.alive():
            try:  # it may have stored the session just before it ended
                return find()
            except missing:
                raise _ended_unstored(run) from None
        if time.monotonic() >= deadline:
            raise UserError(
                f"session {run.session_id}: its background run (process {run.pid}) has not "
                f"stored it after {wait:.0f} s",
                hint=f"Its output so far is in {run.log}.",
            )
        time.sleep(STORE_POLL)


def _ended_unstored(run: BackgroundRun) -> UserError:
    """The error for a background run that ended before it stored its session."""
    said = run.last_words()
    return UserError(
        f"session {run.session_id}: its background run (process {run.pid}) ended without "
        "storing it" + (f": {said}" if said else ""),
        hint=f"Its output is in {run.log}.",
    )
