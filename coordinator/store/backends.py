"""Which store a setting names: a SQLite file (the default) or a PostgreSQL URL."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.errors import UserError
from coordinator.store import paths
from coordinator.store.db import Store
from coordinator.store.index import SessionIndex

if TYPE_CHECKING:
    from coordinator.config import Settings


#: How to install what a shared PostgreSQL store needs (psycopg 3, and Procrastinate for
#: the workers).
POSTGRES_INSTALL = "pip install 'coordinator[postgres]'"


def require_postgres(what: str, modules: tuple[str, ...]) -> None:
    """UserError when a module of the ``postgres`` extra that ``what`` imports (of
    ``modules``) is not installed: one line with how to install it, not an import's
    traceback. Looked up, not imported; a folder of its name on the path (a namespace
    package, no origin: a checkout of its repository) is not it."""
    from importlib.util import find_spec

    missing = [name for name in modules if getattr(find_spec(name), "origin", None) is None]
    if missing:
        raise UserError(
            f"{what} needs the postgres extra ({' and '.join(missing)} not installed)",
            hint=f"Install it: {POSTGRES_INSTALL}",
        )


def open_store(settings: Settings, workspace: Path, *, create: bool = True) -> Store:
    """Open the session database ``settings`` name for ``workspace`` (see :mod:`.paths`);
    a ``postgresql://`` URL opens the PostgreSQL backend (:mod:`coordinator.store.pg`,
    imported only then). A SQLite store tells the user-level index (:mod:`.index`) of its
    sessions; a shared PostgreSQL store is its own index, which the user-level one names
    (its URL without credentials)."""
    if isinstance(settings.db, str):
        require_postgres("a postgresql:// session database", ("psycopg",))
        from coordinator.store.pg import PgStore

        shared = PgStore.connect(settings.db, timeout=settings.db_timeout)
        with closing(SessionIndex()) as index:  # an unknown session's hint names it
            index.used_shared(settings.db)
        return shared
    store = Store.open(
        Path(paths.db_path(workspace, settings.db)), create=create, timeout=settings.db_timeout
    )
    store.index = SessionIndex()  # a workspace's sessions are found from anywhere
    return store
