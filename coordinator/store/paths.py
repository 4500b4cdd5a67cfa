"""Where a workspace's session database and its lock files live: the one place that says so."""

from __future__ import annotations

from pathlib import Path

from coordinator.tools.storefiles import COMPANIONS

#: The database of a workspace, relative to it, unless ``--db`` / ``db:`` names another.
DEFAULT_DB = Path(".coordinator") / "coordinator.db"
#: Where a workspace's background runs leave their pid files and logs, relative to it
#: (:mod:`coordinator.runtime.background`).
BACKGROUND_DIR = Path(".coordinator") / "background"


def db_path(workspace: Path, db: Path | None = None) -> Path:
    """The SQLite session database for ``workspace``: ``db`` when given, else the default
    one (a PostgreSQL URL is opened by :func:`coordinator.store.backends.open_store`)."""
    return db if db is not None else workspace / DEFAULT_DB


def check_db_folder(db: str | None) -> None:
    """UserError for a ``--db`` file (no postgresql:// URL) whose folder does not exist: a
    typo in it would leave a tree of folders (and a ``.gitignore``) behind. Only coord's
    own ``.coordinator`` folder is made, in a folder that exists, as the default one is.
    Nothing for a value that is no file's path (a URL of another kind, a mistyped one: its
    own error says so later, and never repeats a password it may hold)."""
    from coordinator.config import DB_URL, db_is_no_path
    from coordinator.errors import UserError

    if db is None or DB_URL.match(db) or db_is_no_path(db):
        return
    folder = Path(db).expanduser().parent
    if folder.is_dir() or (folder.name == DEFAULT_DB.parent.name and folder.parent.is_dir()):
        return
    top = next(f for f in (folder, *folder.parents) if f.parent.is_dir() or f == f.parent)
    why = (
        f"{top} is a file, not a folder" if top.exists() else f"its folder {folder} does not exist"
    )
    if not top.exists() and top != folder:
        why += f" (no {top})"
    raise UserError(
        f"--db {db}: {why}; coord makes the database file, not the folders to it",
        hint=f"Check the path for a typo, or create the folder first (mkdir -p {folder}).",
    )


def enclosing_workspace(folder: Path) -> Path | None:
    """The nearest folder above ``folder`` that is a workspace coord ran in (it holds a
    session database), or None. Looked for below the home folder only when ``folder`` is
    there (a run once in ``~`` makes no project of every folder below it), never at the
    file system's root (no workspace)."""
    folder = folder.resolve()
    home = Path.home().resolve()
    ceiling = home if folder.is_relative_to(home) else Path(folder.anchor)
    for parent in folder.parents:
        if parent == ceiling or not parent.is_relative_to(ceiling):
            return None
        if (parent / DEFAULT_DB).is_file():
            return parent
    return None


def lock_file(db: Path) -> Path:
    """The file beside the database ``db`` whose byte ranges lock its sessions (Linux)."""
    return db.with_name(db.name + ".lock")


def lock_dir(db: Path) -> Path:
    """The folder beside the database ``db`` for per-session lock files (other systems)."""
    return db.with_name(db.name + ".locks")


def store_files(db: str | Path | None) -> tuple[Path, ...]:
    """The files of a SQLite session database ``--db`` names (a file, not the default one
    in ``.coordinator/``, not a PostgreSQL URL): it, its write-ahead log, shared memory,
    lock file and lock folder, and a rollback journal (SQLite replays a ``-wal`` or hot
    ``-journal`` it finds beside the database, whoever wrote it)."""
    if not isinstance(db, Path):
        return ()
    real = db.expanduser().resolve()
    if not real.name:  # ``/``: no file, nor one beside it (opening it says so)
        return (real,)
    wal, shm, journal = (real.with_name(real.name + end) for end in COMPANIONS)
    return (real, wal, shm, journal, lock_file(real), lock_dir(real))


def storable(path: Path, what: str) -> Path:
    """``path`` (``what`` it is: a workspace agents run in, a session database) when it is
    UTF-8; else a UserError naming it, each byte that is not UTF-8 as ``\\xNN``. Such a
    path cannot be kept as text: the session index would lose it (``coord log ID`` could
    not find the session again), and hooks' ``cwd`` and MCP roots would name no folder.
    File names inside a workspace need not be UTF-8 (shown with U+FFFD where text leaves
    coord: :mod:`coordinator.sanitize`)."""
    import os

    from coordinator.errors import UserError

    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise UserError(
            f"{what} {shown}: its path is not UTF-8, which coord cannot keep (the session "
            "index, hooks and MCP servers are given paths as text)",
            hint="Rename the folder or file whose name is not UTF-8 (\\xNN above).",
        ) from None
    return path


def check_store_outside(db: str | Path | None, workspace: Path) -> None:
    """UserError for a session database ``--db`` puts in the workspace outside its
    ``.coordinator/`` folder: the agents' tools and commands could read and rewrite it
    (the options a resume trusts, what ``coord log`` shows)."""
    from coordinator.errors import UserError

    files = store_files(db)
    if files:
        storable(files[0], "session database")
    root = workspace.resolve()
    if not files or not files[0].is_relative_to(root):
        return
    if files[0].is_relative_to(root / DEFAULT_DB.parent):
        return
    raise UserError(
        f"session database {files[0]} lies in the workspace {root}, where agents work: their "
        "tools and commands could read and rewrite it",
        hint="Put it outside the workspace (--db PATH), or leave the default "
        f"{DEFAULT_DB.parent}/.",
    )


def index_path() -> Path:
    """The user-level index of every workspace's sessions (the coordinator's own file,
    outside any workspace): ``$XDG_DATA_HOME/coordinator/index.db``, by default
    ``~/.local/share/coordinator/index.db`` (like ``llm``'s logs database)."""
    from coordinator.config import user_data_dir

    return user_data_dir() / "index.db"
