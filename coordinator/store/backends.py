"""Which store a setting names: a SQLite file (the default) or a PostgreSQL URL."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator.store import paths
from coordinator.store.db import Store
from coordinator.store.index import SessionIndex

if TYPE_CHECKING:
    from coordinator.config import Settings


def open_store(settings: Settings, workspace: Path, *, create: bool = True) -> Store:
    """Open the session database ``settings`` name for ``workspace`` (see :mod:`.paths`);
    a ``postgresql://`` URL opens the PostgreSQL backend (:mod:`coordinator.store.pg`,
    imported only then). A SQLite store tells the user-level index (:mod:`.index`) of its
    sessions; a shared PostgreSQL store is its own index, which the user-level one names
    (its URL without credentials)."""
    if isinstance(settings.db, str):
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
