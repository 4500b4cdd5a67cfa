"""The session databases a command looks in: the local one, then every one the user-level
index knows (:func:`known_databases`), each read in turn with one warning for one that
cannot be read (:func:`_read_each`); a session opened by its id or prefix wherever it is
stored (:func:`open_session`), or the error saying where it was and what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

from coordinator.errors import UserError
from coordinator.store.db import AmbiguousSession, SessionRow, Store, UnknownSession
from coordinator.store.faults import StoreError, StoreFault
from coordinator.store.index import IndexEntry, SessionIndex
from coordinator.store.schema import not_a_file

log = logging.getLogger(__name__)
T = TypeVar("T")


def known_databases(local: Path | None) -> list[Path]:
    """Every session database to list: the local one (when there is anything at its path:
    a folder there is read, and said to be no file, not passed over), then the index's."""
    found = [local.resolve()] if local is not None and _made(local) else []
    for db in SessionIndex().databases():
        if db not in found and db.is_file():
            found.append(db)
    return found


def not_files(local: Path | None) -> list[Path]:
    """The session databases (the local one, the index's) at whose path something is that
    is no file (a folder, a device, a link to either): nothing of them can be listed, which
    a listing says and exits non-zero for (:func:`_read_each` warns of each). One reached
    through a link is named once (the local one by where its link leads, as it is read); a
    link that leads nowhere is a removed database, passed over as a removed file is."""
    with closing(SessionIndex()) as index:
        found = index.databases()
    known = [local.resolve()] if local is not None else []
    seen = {*known, local.absolute()} if local is not None else set()  # (its link's path)
    known += [db for db in dict.fromkeys(found) if db not in seen]
    return [db for db in known if db.exists() and not db.is_file()]


#: How many of its sessions' ids the warning of a database that is no file names.
_IDS_NAMED = 10


def no_file_remedy(database: Path) -> str:
    """What stops every listing exiting 4 over ``database``, a known database at whose
    path no file is (:func:`not_files`): what is there moved or removed (a link leading
    nowhere is passed over), or its sessions forgotten by id (``coord sessions rm``
    forgets a session whose database is gone; the ids are the index's, the first
    :data:`_IDS_NAMED`)."""
    with closing(SessionIndex()) as index:
        ids = index.ids_in(database)
    way = f"every listing exits 4 while it is there: move or remove what is at {database}"
    if not ids:
        return way
    more = len(ids) - _IDS_NAMED
    rest = f" ({more} more: the next listing names them)" if more > 0 else ""
    forget = f"`coord sessions rm {' '.join(ids[:_IDS_NAMED])}`{rest}"
    return f"{way}, or forget its sessions (its own workspace's listings still fail): {forget}"


def not_files_error(databases: tuple[Path, ...], fields: dict[str, object]) -> UserError:
    """The error of a listing that left out ``databases`` (no file at their paths), with
    what stops it (:func:`no_file_remedy`) and ``fields`` (the sessions listed) for
    ``--json``; ``not_files`` names the paths."""
    return UserError(
        "; ".join(f"session database {db} is not a file" for db in databases),
        hint="; ".join(no_file_remedy(db) for db in databases),
        fields={"not_files": [str(db) for db in databases], **fields},
    )


def _home_of(session_id: str, databases: list[str], here: str) -> str:
    """Of the ``databases`` holding a session (copies of it: a copied project's), the one
    a listing shows it from: ``here`` (the local one), else the one the index records for
    it (where :func:`open_session` finds it), else the first."""
    if here in databases:
        return here
    if len(databases) == 1:
        return databases[0]
    homes = {e.db_path for e in SessionIndex().find(session_id) if e.id == session_id}
    return next((db for db in databases if db in homes), databases[0])


@contextmanager
def _quiet() -> Iterator[None]:
    """No warning of this module's logger (a look that only adds to a hint) while inside."""
    was = log.disabled
    log.disabled = True
    try:
        yield
    finally:
        log.disabled = was


class SessionGone(UserError):
    """The index knows the session, but its database is gone: said so, instead of "no
    session database", with how to forget it. Its workspace moved or was deleted, or, when
    the workspace is still there (``rm -rf .coordinator``, a ``--db`` file removed), the
    database file alone was (daily107: that case was told its workspace was gone)."""

    def __init__(self, entry: IndexEntry) -> None:
        forget = f"`coord sessions rm {entry.id}` forgets this one."
        if Path(entry.workspace).is_dir():
            said = f"its workspace {entry.workspace} is still there: the database was"
            hint = f"Moved: pass --db with its new path; deleted: {forget}"
        else:
            said = f"its workspace {entry.workspace} was"
            hint = "Moved: run the command in its new folder (or pass --workspace NEW); "
            hint += f"deleted: {forget}"
        super().__init__(
            f"session {entry.id} was stored in {entry.db_path}, which is gone ({said} moved"
            " or deleted)",
            hint=hint,
        )
        self.entry = entry


#: What to do when a session is in no SQLite database looked in.
NOWHERE_HINT = "List session ids with `coord sessions`."


def nowhere_hint(shared: list[str]) -> str:
    """:data:`NOWHERE_HINT`, and when the user has opened ``shared`` PostgreSQL stores
    (:meth:`SessionIndex.shared_stores`): no PostgreSQL store was named (one named is
    looked in alone) and the index knows none of its sessions, so one stored there is
    found only with that store named again (daily44), as the hint then says."""
    if not shared:
        return NOWHERE_HINT
    return (
        f"{NOWHERE_HINT} A session stored on PostgreSQL is found only with that store named:"
        f" the same --db URL, or COORD_DB (used before: {', '.join(shared)})."
    )


def open_session(ref: str, local: Path, timeout: float) -> tuple[Store, SessionRow]:
    """The store holding session ``ref`` (an id or unique prefix) and its row: the local
    database ``local`` first, then wherever the user-level index says it lives."""
    return _open_with(ref, local, timeout, Store.session)


def _open_with(
    ref: str, local: Path, timeout: float, read: Callable[[Store, str], T]
) -> tuple[Store, T]:
    """The store holding session ``ref`` (found as :func:`open_session` finds it) and what
    ``read`` (a :class:`Store` method taking a ref) gives of it there."""
    error: UserError | None = None
    if local.exists():  # a file, or a folder there: the error when ``ref`` is nowhere
        found_here = _in_local(ref, local, timeout, read)
        if not isinstance(found_here, UserError):
            return found_here
        error = found_here
    looked = local.resolve() if _made(local) else None  # a local database gone: the index's news
    entries = [e for e in SessionIndex().find(ref) if looked is None or Path(e.db_path) != looked]
    if len(entries) > 1:
        raise AmbiguousSession.of(ref, [e.id for e in entries])
    if not entries:
        found = _in_known_databases(ref, local, timeout, read)
        if found is not None:
            return found
        if error is not None and not isinstance(error, UnknownSession):
            raise error  # the local database could not be read: that is the news
        here = f"{local}" if error is not None else "this workspace, which has no sessions"
        raise UnknownSession(  # every place looked in is named, not the local one alone
            f"unknown session: {ref or '(empty)'} (not in {here}, nor in the session index)",
            hint=nowhere_hint(SessionIndex().shared_stores()),
            tool_hint=error.tool_hint if error is not None else None,
        )
    if not Path(entries[0].db_path).is_file():  # moved, perhaps to a database listed
        found = _in_known_databases(entries[0].id, local, timeout, read)
        if found is not None:
            return found
        raise SessionGone(entries[0])
    store = Store.open(Path(entries[0].db_path), create=False, timeout=timeout)
    store.index = SessionIndex()
    try:
        return store, read(store, entries[0].id)
    except BaseException:
        store.close()
        raise


def _in_local(
    ref: str, local: Path, timeout: float, read: Callable[[Store, str], T]
) -> tuple[Store, T] | UserError:
    """Session ``ref`` in the local database, or why not: not there, or the database cannot
    be read (damaged, not a session database). Either way the index may still know where
    ``ref`` lives, so one damaged workspace hides no other's session; an ambiguous prefix
    is raised."""
    try:
        store = Store.open(local, create=False, timeout=timeout)
    except UserError as exc:  # a StoreError too
        return exc
    store.index = SessionIndex()
    try:
        return store, read(store, ref)
    except AmbiguousSession:
        store.close()
        raise
    except UserError as exc:
        store.close()
        return exc


def _in_known_databases(
    ref: str, local: Path, timeout: float, read: Callable[[Store, str], T]
) -> tuple[Store, T] | None:
    """Session ``ref`` in a database the index knows (another session of it is there) while
    the index lacks ``ref`` itself (a write it missed: the index is best effort), as
    ``coord sessions`` lists it; None when no such database holds it."""
    for database in known_databases(local):
        if database == local.resolve():
            continue
        try:
            store = Store.open(database, create=False, timeout=timeout)
        except UserError:
            continue
        try:
            store.index = SessionIndex()
            return store, read(store, ref)
        except UserError:
            store.close()
    return None


def _made(local: Path) -> bool:
    """Whether anything is at the local database's path (a file, a folder, a link): only
    where nothing is did nothing run; a folder there is a damaged store, said so."""
    return local.exists() or local.is_symlink()


def _read_each(
    local: Path,
    timeout: float,
    read: Callable[[Store], T],
    one: bool,
    missing_ok: bool = False,
    *,
    local_fails: bool = False,
) -> list[T]:
    """``read`` of the local database alone (``one``: a fault is the command's error), or
    of every database the index knows, where one that cannot be read is skipped with one
    warning line (:func:`_warn_skipped`: another workspace's damaged one, once): one damaged
    workspace hides no other's (``local_fails``: but the local one's fault is the error).
    ``missing_ok``: a local database not made yet (nothing ran there) is read as holding
    nothing."""
    if one and missing_ok and not _made(local):
        return []
    if one:
        with closing(Store.open(local, create=False, timeout=timeout)) as store:
            return [read(store)]
    results: list[T] = []
    for database in known_databases(local):
        try:
            with closing(Store.open(database, create=False, timeout=timeout)) as store:
                results.append(read(store))
        except UserError as exc:  # a StoreError too: a damaged or unreadable database
            here = database == local.resolve()
            if local_fails and here:
                raise
            _warn_skipped(database, exc, lasting=not here)
    for database in not_files(None):  # the index's, left out of known_databases
        if database.resolve() != local.resolve():  # (the local one: warned of above)
            _warn_skipped(database, not_a_file(database), lasting=False)
    return results


#: The faults a database keeps until someone mends it (a lock, a full disk pass).
_LASTING = frozenset(
    {StoreFault.DAMAGED, StoreFault.NOT_OURS, StoreFault.MISSING_TABLE, StoreFault.BAD_ROW}
)

#: What mends a database left out with a lasting fault; what its warning adds, once.
_REMEDY = (
    "to list its sessions again, put in its place a backup, or what `sqlite3`'s `.recover`"
    " reads of it"
)
_LEFT_OUT = f" (said once: listings leave it out while it stays as it is; {_REMEDY})"


def _warn_skipped(database: Path, exc: UserError, *, lasting: bool) -> None:
    """Warn that ``database`` was skipped for ``exc``, naming the file once (an error of
    the store names it already). Another workspace's database with a lasting fault (damaged,
    not coord's: ``lasting``) is told once, with what mends it, and not again while the file
    is unchanged (:meth:`SessionIndex.told_skipped`): the user cannot act differently on
    the next listing (an index that cannot note it: told each time, not as once). The
    local one's, and a passing fault (locked), on every listing."""
    why = str(exc).splitlines()[0]
    line = f"{why}; skipped" if str(database) in why else f"skipped {database}: {why}"
    if database.exists() and not database.is_file():  # (a listing exits 4 for it)
        line += f" ({no_file_remedy(database)})"
    if lasting and isinstance(exc, StoreError) and exc.fault in _LASTING:
        with closing(SessionIndex()) as index:
            told = index.told_skipped(database)
        if told:
            return
        line += _LEFT_OUT if told is False else f" ({_REMEDY})"
    log.warning("warning: %s", line)
