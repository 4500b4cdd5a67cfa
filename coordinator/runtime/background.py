"""The files a background run leaves in ``WORKSPACE/.coordinator/background/``, and waiting
for the session it is about to store.

``coord run`` prints a background run's session id at once (:mod:`coordinator.runtime.detach`),
but the new process stores that session only after it has read its settings and roster and
opened the store: a ``coord log -f ID`` typed at once would find no such session. So the run
leaves a pid file, ``<session id>.pid`` (the process id, its log file, then when the process
started: a pid the system gave to another process since is no longer the run's), and a
look-up that finds no session of that id waits for it while that process is alive
(:func:`await_stored`), bounded; when the process ended without storing it, the error says so
with the last line the process wrote, and the pid file goes (its log stays).

The run removes its pid file as it ends; one that crashed leaves it, and the next ``coord
sessions`` or ``coord log`` of that workspace that finds its process gone and its session
stored removes it (:func:`sweep`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from coordinator.clip import clip
from coordinator.errors import UserError
from coordinator.store.paths import BACKGROUND_DIR

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
    #: When the process started (:func:`start_time`); None: not recorded (an older coord's
    #: pid file, or no /proc), and the pid alone says whether it runs.
    started: str | None = None
    #: The pid file it was read from (removed once its end is told).
    file: Path | None = field(default=None, compare=False)

    def alive(self) -> bool:
        """Whether the process still runs: not a zombie (exited, not yet reaped), nor
        another process given its pid since it ended (it started at another time)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # someone else's process by now: not ours
            return False
        fields = _stat_fields(self.pid)
        if fields is None:  # no /proc (macOS): the signal said it exists
            return True
        if self.started is not None and fields[_START_FIELD] != self.started:
            return False
        return fields[0] != "Z"

    def last_words(self) -> str:
        """The last line the process wrote to its log ("" when none can be read)."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        said = [line.strip() for line in lines if line.strip()]
        return clip(said[-1], 300) if said else ""


#: Where a process's start time is among the fields of ``/proc/PID/stat`` after its name
#: (field 22, the clock ticks since boot; the state, field 3, is the first).
_START_FIELD = 19


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the process's name (which may hold spaces
    and parentheses): its state first; None when there is no such file to read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()
    return fields if len(fields) > _START_FIELD else None


def start_time(pid: int) -> str | None:
    """When process ``pid`` started, as ``/proc`` tells it (None without ``/proc``): with
    the pid, it names one process however often the pid is reused."""
    fields = _stat_fields(pid)
    return fields[_START_FIELD] if fields is not None else None


def pid_file(workspace: Path, session_id: str) -> Path:
    """Where the background run of ``session_id`` in ``workspace`` leaves its pid file."""
    return workspace / BACKGROUND_DIR / f"{session_id}.pid"


def open_folder(workspace: Path) -> int:
    """A descriptor of ``workspace``'s background folder, made when missing. Where a
    command of a run in a folder above could have made its ``.coordinator`` a link to any
    folder (``sub/.coordinator``), UserError when it is one, and no link is followed there
    (:mod:`coordinator.store.pinned`); elsewhere a link there is the user's. A link at
    ``background`` is never followed (:func:`~coordinator.tools.workspace.own_folder`)."""
    from coordinator.store import pinned
    from coordinator.store.paths import DEFAULT_DB
    from coordinator.store.schema import refuse_planted_links
    from coordinator.tools.workspace import own_folder

    db = workspace / DEFAULT_DB
    refuse_planted_links(db)
    if pinned.swappable(db):
        top = pinned.folder_fd(db.parent, create=True)
    else:
        db.parent.mkdir(parents=True, exist_ok=True)
        top = os.open(db.parent, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    if top is None:  # (made just now: gone meanwhile)
        raise UserError(f"cannot create the folder {db.parent}")
    try:
        return own_folder(top, BACKGROUND_DIR.name)
    except OSError as exc:
        raise UserError(f"cannot open {workspace / BACKGROUND_DIR}: {exc.strerror}") from None
    finally:
        os.close(top)


def record(workspace: Path, session_id: str, pid: int, log: Path) -> None:
    """Leave the pid file of a background run just started (:func:`pid_file`): its pid,
    log and start time (none known: that line is left out); made in :func:`open_folder`."""
    started = start_time(pid)
    text = f"{pid}\n{log}\n" + (f"{started}\n" if started is not None else "")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    folder = open_folder(workspace)
    try:
        fd = os.open(f"{session_id}.pid", flags, 0o666, dir_fd=folder)
    finally:
        os.close(folder)
    with open(fd, "w", encoding="utf-8") as out:
        out.write(text)


def log_command(session_id: str, workspace: Path | str, *, follow: bool = False) -> str:
    """``coord log [-f] ID`` as a user types it here to see the session again: with
    ``--workspace DIR`` (quoted for a shell: a folder may have spaces) only when ``workspace``
    is not the current folder, whose database (and a background run's pid file) ``coord
    log`` reads first."""
    from shlex import quote

    command = f"coord log {'-f ' if follow else ''}{session_id}"
    if Path(workspace).resolve() == Path.cwd().resolve():
        return command
    return f"{command} --workspace {quote(str(workspace))}"


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
    return _read(found[0]) if len(found) == 1 else None


def _read(path: Path) -> BackgroundRun | None:
    """The run a pid file tells of; None when it cannot be read."""
    try:
        pid, log, *rest = path.read_text(encoding="utf-8").splitlines()
        started = rest[0] if rest else None
        return BackgroundRun(path.stem, int(pid), Path(log), started, path)
    except (OSError, ValueError):
        return None


def sweep(workspace: Path, stored: Callable[[str], bool]) -> list[str]:
    """Remove the pid files of ``workspace``'s background runs whose process is gone and
    whose session is ``stored`` (they crashed after storing it: nothing is left to wait
    for); the sessions they named. One whose session is not stored stays, for the look-up
    that says how its run ended (:func:`await_stored`). Cheap where no run was started
    in the background: one folder looked for."""
    try:
        files = list((workspace / BACKGROUND_DIR).glob("*.pid"))
    except OSError:
        return []
    removed = []
    for path in files:
        run = _read(path)
        if run is not None and not run.alive() and stored(run.session_id):
            path.unlink(missing_ok=True)
            removed.append(run.session_id)
    return removed


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
                if run.file is not None:  # told once; its log stays
                    run.file.unlink(missing_ok=True)
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
