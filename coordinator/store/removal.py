"""Removing stored sessions: ``coord sessions rm`` of sessions by id (wherever they are
stored, refused while one is in use) and ``coord sessions prune`` of the sessions that
ended before a time, in one store or in every database the index knows.
"""

from __future__ import annotations

from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path

from coordinator.errors import UserError
from coordinator.store.databases import SessionGone, _made, _open_with, known_databases
from coordinator.store.db import SessionInUse, SessionQuery, Store, not_removed
from coordinator.store.index import IndexEntry, SessionIndex


class RemovedIds(list[str]):
    """The ids ``coord sessions rm`` removed (in the refs' order), and among them the ones
    only forgotten: ``forgotten`` maps each to its database, gone or no file (a folder),
    whose sessions could not be deleted; the session index's entry alone went."""

    def __init__(self, ids: list[str], forgotten: dict[str, str]) -> None:
        super().__init__(ids)
        self.forgotten = forgotten


def remove_sessions(
    refs: list[str], local: Path, timeout: float, *, dry_run: bool = False
) -> RemovedIds:
    """``coord sessions rm ID...``, all or nothing: every ref is found (a typo in one
    deletes none), then every session's lock is taken (one a process drives: none is
    removed, and the error names it), then each database's sessions go in one transaction
    while every lock is held; returns the ids removed (once each, in the refs' order; the
    ones whose database is gone or no file only forgotten by the index, and said so).
    ``dry_run``: found and checked as for a removal, the ids it would remove; none is."""
    removal = _Removal(local, timeout)
    try:
        for ref in refs:
            removal.find(ref)
        removal.hold()
        if not dry_run:
            removal.delete()
    finally:
        removal.close()
    return RemovedIds(removal.ids, {entry.id: entry.db_path for entry in removal.gone})


@dataclass
class _Removal:
    """The sessions one ``coord sessions rm ID...`` removes: one store per database, the
    ids of each, the locks taken, and the ids whose database is gone (forgotten only)."""

    local: Path
    timeout: float
    ids: list[str] = field(default_factory=list)
    stores: dict[Path, tuple[Store, list[str]]] = field(default_factory=dict)
    taken: list[tuple[Store, str]] = field(default_factory=list)
    gone: list[IndexEntry] = field(default_factory=list)

    def find(self, ref: str) -> None:
        """Find ``ref`` (as :func:`open_session` does, its options not read: a row whose
        options are not JSON can be removed) and note it under its database."""
        try:
            store, sid = _open_with(ref, self.local, self.timeout, Store.session_id)
        except SessionGone as gone:
            self._forget(gone.entry)
            return
        except UserError:
            entry = _in_no_file(ref, self.local)
            if entry is None:
                raise
            self._forget(entry)
            return
        key = Path(store.path).resolve()
        if key in self.stores:
            store.close()  # one store per database: its locks conflict with another's
        else:
            self.stores[key] = (store, [])
        if sid not in self.ids:
            self.ids.append(sid)
            self.stores[key][1].append(sid)

    def _forget(self, entry: IndexEntry) -> None:
        """Note a session whose database is gone: the index forgets it (:meth:`delete`)."""
        if entry.id not in self.ids:
            self.ids.append(entry.id)
            self.gone.append(entry)

    def hold(self) -> None:
        """Take every session's lock; SessionInUse (naming it) for one another process
        holds, after letting go of every lock taken."""
        for store, ids in self.stores.values():
            try:
                self.taken += [(store, sid) for sid in store.hold_for_removal(ids)]
            except SessionInUse:
                self._let_go()
                raise

    def delete(self) -> None:
        """Delete each database's sessions in one transaction, every database's begun (its
        write lock taken, in the order of their paths) before the first delete, so one
        another process is writing longer than the busy timeout fails the removal with
        nothing removed; then the index forgets them, and the gone ones."""
        pending = [(store, ids) for _, (store, ids) in sorted(self.stores.items()) if ids]
        with ExitStack() as transactions:
            for store, _ in pending:
                store.index = None  # told below, once every database has committed
                transactions.enter_context(store.transaction())
            for store, ids in pending:
                store.delete_sessions(ids)
        for store, ids in pending:
            SessionIndex().remove(ids, Path(store.path))
        for entry in self.gone:
            SessionIndex().remove([entry.id], Path(entry.db_path))

    def _let_go(self) -> None:
        """Release the locks taken here, recording nothing (a session removed or not)."""
        for store, sid in self.taken:
            store.unlock_session(sid, ended=True)
        self.taken.clear()

    def close(self) -> None:
        """Let go of every lock and close every store."""
        self._let_go()
        for store, _ in self.stores.values():
            store.close()


def _in_no_file(ref: str, local: Path) -> IndexEntry | None:
    """The index's one entry ``ref`` names when its database is ``local`` and something
    other than a file is there (a folder): removed, it is forgotten as one whose database
    is gone (from this workspace too, where that database's error refused it)."""
    if not local.exists() or local.is_file():
        return None
    entries = SessionIndex().find(ref)
    if len(entries) != 1 or Path(entries[0].db_path) != local.resolve():
        return None
    return entries[0]


def _not_in_use(store: Store, session_id: str) -> None:
    """UserError when a process is driving the session, or (on a shared store) a worker
    has it or it waits for one: such a session is never removed."""
    reason = store.busy_reason(session_id)
    if reason is not None:
        raise not_removed(session_id, reason)


def remove_from(store: Store, refs: list[str], *, dry_run: bool = False) -> list[str]:
    """``coord sessions rm ID...`` on one store (a shared PostgreSQL one): every ref is
    found, and checked free, before any is deleted, then all go in one transaction (which
    checks again: :meth:`Store.delete_sessions`); returns the ids removed (once each;
    ``dry_run``: the ids it would remove, none removed)."""
    ids: list[str] = []
    for ref in refs:
        sid = store.session_id(ref)
        _not_in_use(store, sid)
        if sid not in ids:
            ids.append(sid)
    if not dry_run:
        store.delete_sessions(ids)
    return ids


def prune_store(
    store: Store, before: float, workspace: str | None = None, *, dry_run: bool = False
) -> list[str]:
    """Delete every session of ``store`` created before ``before`` (``workspace``'s alone,
    when given) that nobody is driving (or, on a shared store, has queued or leased), in one
    transaction; returns their ids (``dry_run``: the ids it would delete, none deleted)."""
    query = SessionQuery(before=before, workspace=workspace)
    old = [s.row.id for s in store.find_sessions(query)]
    busy = store.busy_sessions(old)
    ids = [sid for sid in old if sid not in busy]
    while ids and not dry_run:
        try:
            store.delete_sessions(ids)
            return ids
        except SessionInUse as taken:  # by a resume since the check: left, as a busy one
            ids.remove(taken.session_id)
    return ids


def prune(
    local: Path,
    timeout: float,
    before: float,
    *,
    one: bool,
    missing_ok: bool = False,
    dry_run: bool = False,
) -> list[str]:
    """Delete every session created before ``before`` (and not in use) from the local
    database (``one``) or from every database the index knows; returns their ids.
    ``missing_ok``: a local database not made yet holds none (nothing ran there).
    ``dry_run``: the ids it would delete, none deleted."""
    removed: list[str] = []
    databases = [local] if one else known_databases(local)
    if one and missing_ok and not _made(local):
        databases = []
    for database in databases:
        with closing(Store.open(database, create=False, timeout=timeout)) as store:
            store.index = SessionIndex()
            removed += prune_store(store, before, dry_run=dry_run)
    return removed
