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
from coordinator.store.paths import storable

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "workspace"
SCENARIO = HERE / "scenario.yaml"
#: How a temporary demo folder is named (in the temporary directory).
_PREFIX = "coordinator-demo-"
REQUEST = "Add an endpoint GET /tasks/{task_id} that returns the task with its owner's email"


def prepare_workspace(target: Path | None) -> Path:
    """Copy the sample workspace to ``target`` (new or empty) or to a new temp folder; a
    folder that cannot be written (read-only, a full disk) is a UserError naming it, and
    what the copy made is removed; so is a ``target`` whose path is not UTF-8 (no session
    could be kept there: :func:`~coordinator.store.paths.storable`), before it is made;
    what it made is removed too when Ctrl-C (or SIGTERM taken as it) stops the copy."""
    if target is not None:
        storable(target.absolute(), "--workspace")
    if target is not None and target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is not empty" if target.is_dir() else "is a file, not a folder"
        raise UserError(
            f"--workspace {target} {what}; the demo copies its sample project there",
            hint="Pass a new or empty folder (or none, for a temporary one).",
        )
    made: Path | None = None if target is not None and target.exists() else target
    try:
        if target is None:
            made = Path(tempfile.mkdtemp(prefix=_PREFIX))
            target = made / "taskboard"
        shutil.copytree(SAMPLE, target, dirs_exist_ok=True, copy_function=_copy_or_stop)
    except KeyboardInterrupt:  # (and Terminated): stopped mid-copy, nothing left behind
        _remove_copy(made, target)
        raise
    except (OSError, _CopyFailed) as exc:
        error = exc.error if isinstance(exc, _CopyFailed) else exc
        _remove_copy(made, target)
        where = target if target is not None else Path(tempfile.gettempdir())
        raise UserError(
            f"cannot copy the demo's sample project to {where}: {error.strerror or error}",
            hint="Pass a writable folder with --workspace (or free some space).",
        ) from None
    return target.resolve()


class _CopyFailed(Exception):
    """A file of the sample could not be copied: the copy stops there (shutil would try
    every other file and report each in one list)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _copy_or_stop(src: str, dst: str) -> object:
    """``shutil.copy2``, its OSError raised as :class:`_CopyFailed`."""
    try:
        return shutil.copy2(src, dst)
    except OSError as exc:
        raise _CopyFailed(exc) from None


def _remove_copy(made: Path | None, target: Path | None) -> None:
    """Undo a failed copy: the folder it made, or what it put in an empty one given."""
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
    elif target is not None and target.is_dir():
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def remove_workspace(workspace: Path) -> None:
    """Delete a temporary demo folder (made by :func:`prepare_workspace`) and forget its
    sessions in the user-level index."""
    from coordinator.store.index import SessionIndex
    from coordinator.store.paths import db_path

    SessionIndex().forget_database(db_path(workspace))
    shutil.rmtree(temporary_folder(workspace), ignore_errors=True)


def temporary_folder(workspace: Path) -> Path:
    """The folder :func:`prepare_workspace` made for a temporary ``workspace`` (its parent,
    so the project keeps its name): what to remove to leave nothing behind."""
    return workspace.parent if workspace.parent.name.startswith(_PREFIX) else workspace


def demo_registry(workspace: Path) -> Registry:
    """The bundled specialists only (the user's own agents cannot change the demo)."""
    return load_registry([bundled_agents_dir()], only=True, cwd=workspace)
