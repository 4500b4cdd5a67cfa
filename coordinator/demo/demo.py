"""``coord demo``: the bundled scenario through the real engine, tools and store, offline.

The sample workspace is copied to a fresh folder, the bundled specialists are loaded, and
the scripted provider plays the scenario (``scenario.yaml``) through the same Anthropic
client code a real run uses. No API key, no network.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from coordinator.errors import UserError
from coordinator.roster.loader import bundled_agents_dir, load_registry
from coordinator.roster.registry import Registry

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "workspace"
SCENARIO = HERE / "scenario.yaml"
REQUEST = "Add an endpoint GET /tasks/{task_id} that returns the task with its owner's email"


def prepare_workspace(target: Path | None) -> Path:
    """Copy the sample workspace to ``target`` (new or empty) or to a new temp folder; a
    folder that cannot be written (read-only, a full disk) is a UserError naming it, and
    what the copy made is removed."""
    if target is not None and target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is not empty" if target.is_dir() else "is a file, not a folder"
        raise UserError(
            f"--workspace {target} {what}; the demo copies its sample project there",
            hint="Pass a new or empty folder (or none, for a temporary one).",
        )
    made: Path | None = None if target is not None and target.exists() else target
    try:
        if target is None:
            made = Path(tempfile.mkdtemp(prefix="coordinator-demo-"))
            target = made / "taskboard"
        shutil.copytree(SAMPLE, target, dirs_exist_ok=True)
    except OSError as exc:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        where = target if target is not None else Path(tempfile.gettempdir())
        raise UserError(
            f"cannot copy the demo's sample project to {where}: {exc.strerror or exc}",
            hint="Pass a writable folder with --workspace (or free some space).",
        ) from None
    return target.resolve()


def remove_workspace(workspace: Path) -> None:
    """Delete a temporary demo folder (made by :func:`prepare_workspace`) and forget its
    sessions in the user-level index."""
    from coordinator.store.index import SessionIndex
    from coordinator.store.paths import db_path

    SessionIndex().forget_database(db_path(workspace))
    folder = (
        workspace.parent if workspace.parent.name.startswith("coordinator-demo-") else workspace
    )
    shutil.rmtree(folder, ignore_errors=True)


def demo_registry(workspace: Path) -> Registry:
    """The bundled specialists only (the user's own agents cannot change the demo)."""
    return load_registry([bundled_agents_dir()], only=True, cwd=workspace)
