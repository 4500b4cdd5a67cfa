"""``coord demo``'s plan: the sample project copied, the scripted model and the demo's two
specialists, driven like any ``coord run`` (:mod:`coordinator.runtime.drive`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.demo import demo as scenario

if TYPE_CHECKING:
    from coordinator.runtime.drive import Action, DriveSetup
    from coordinator.runtime.options import SessionOptions


#: What the demo says at its end of a temporary sample project (its JSON too, as ``note``:
#: the session id it gives names a database that is gone; daily61 said it only in words).
REMOVED = (
    "The temporary sample project was removed, and this session's record with it (--keep"
    " keeps both)."
)


@dataclass(frozen=True)
class DemoPlan:
    """The offline demo: its workspace (``temporary``: removed when it ends; ``made``: in a
    temporary folder the demo made, removed or kept with ``--keep``) and setup."""

    setup: DriveSetup
    temporary: bool
    made: bool = False

    @property
    def ws(self) -> Path:
        return self.setup.ws

    def leftover(self) -> Path | None:
        """The folder a user removes when done with a temporary sample project that is kept
        (``--keep``, or a demo cut short: :meth:`stop`): its whole temporary folder, as
        removing only the project would leave that behind; None for a --workspace the user
        named."""
        return scenario.temporary_folder(self.ws) if self.made else None

    def options(self) -> SessionOptions:
        """What the demo's session remembers: the scripted model and its scenario, the
        bundled specialists only, no hooks; so ``coord resume`` continues an interrupted
        demo (Ctrl-C, a full disk) offline, as it started, instead of asking for a key."""
        from coordinator.roster.loader import bundled_agents_dir
        from coordinator.runtime.options import SessionOptions

        return SessionOptions.remember(
            self.setup.choice, agents_dirs=[bundled_agents_dir()], only=True, demo=True,
            hooks=False,
        )  # fmt: skip

    def action(self) -> Action:
        """The engine call that starts the scenario's session."""
        options = self.options()
        return lambda engine: engine.start(scenario.REQUEST, options=options)

    def extra(self) -> dict[str, Any]:
        """What the JSON output adds: the workspace, its own database, whether it is kept,
        for a temporary one kept (``--keep``) the folder to remove when done, and for one
        removed at the end (its database with it: the session can no longer be looked up)
        the :data:`REMOVED` note."""
        from coordinator.store.paths import db_path

        added: dict[str, Any] = {
            "workspace": str(self.ws), "db": str(db_path(self.ws)), "kept": not self.temporary
        }  # fmt: skip
        if not self.temporary and (leftover := self.leftover()) is not None:
            added["remove_when_done"] = str(leftover)
        if self.temporary:
            added["note"] = REMOVED
        return added

    def cleanup(self) -> None:
        """Remove a temporary workspace."""
        if self.temporary:
            scenario.remove_workspace(self.ws)

    def _holds_a_session(self) -> bool:
        """Whether the workspace's database may hold a session `coord resume` can continue
        (read only: the disk may be full): one not finished (a demo that completed and then
        could not print, its reader gone, leaves nothing to resume); True when it cannot be
        read: removing it could lose a resumable session."""
        import sqlite3
        from contextlib import closing

        from coordinator.status import FINISHED
        from coordinator.store.paths import db_path

        db = db_path(self.ws)
        if not db.is_file():
            return False
        finished = sorted(FINISHED)
        marks = ", ".join("?" * len(finished))
        unfinished = f"SELECT 1 FROM sessions WHERE status NOT IN ({marks}) LIMIT 1"
        try:
            with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as con:
                return con.execute(unfinished, finished).fetchone() is not None
        except sqlite3.Error:
            return True

    def stop(self) -> str | None:
        """The demo was cut short (Ctrl-C, a full disk): a temporary workspace holding its
        session is kept, so the ``coord resume`` it was told of can continue it; the note
        saying where (None: nothing to keep, and a temporary workspace is removed; or the
        user's own --workspace). A temporary one kept with ``--keep`` is named as well."""
        if not self.temporary:
            leftover = self.leftover()
            if leftover is None:
                return None
            return f"The sample project is kept in {self.ws}; remove {leftover} when done."
        if not self._holds_a_session():
            self.cleanup()
            return None
        return (
            f"The temporary sample project is kept in {self.ws} so `coord resume` can"
            f" continue the demo; remove {self.leftover()} when done."
        )


def plan_demo(workspace: Path | None, keep: bool) -> DemoPlan:
    """The sample project copied (to ``workspace``, or a temporary folder kept with
    ``keep``), the scripted model and the demo's two specialists; no config file is read:
    the demo always plays the same way."""
    from coordinator.config import Settings
    from coordinator.runtime.drive import DriveSetup
    from coordinator.runtime.options import ModelChoice

    ws = scenario.prepare_workspace(workspace)
    temporary = workspace is None and not keep
    try:
        choice = ModelChoice("scripted", scenario.SCENARIO, None, None)
        setup = DriveSetup(ws, Settings(), scenario.demo_registry(ws), choice, hooks=False)
    except BaseException:
        if temporary:
            scenario.remove_workspace(ws)
        raise
    return DemoPlan(setup, temporary, made=workspace is None)
