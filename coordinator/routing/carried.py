"""Tables the routing modules derive from their text, made on first use and carried by a
cached routing index.

The routing knowledge is written as text (``word: domain words`` lines, phrase lists, word
lists) and read into dicts and sets: about 10 ms at import, although a cached index makes
the roster's side of routing a 2 ms load. A function decorated with :func:`table` builds one
such table, once per process, on its first call; when a cached index was loaded first
(:func:`adopt`, from :class:`coordinator.routing.index.RosterIndex`), the first call reads
the pickled copy the index carries instead, built by the same code (the cache's key holds
every routing source file). A table a request never needs is neither built nor read.

Whatever the path, a table's value is the same: a carried copy is the builder's own result
(:func:`export`, when an index is stored), so no routing decision depends on which path
made it.
"""

from __future__ import annotations

import functools
import pickle
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")

#: Every table in this process: its name (module and function), its builder and its getter.
_TABLES: dict[str, tuple[Callable[[], object], functools._lru_cache_wrapper[object]]] = {}
#: The pickled tables a cached index brought, by name; each is read on its first use.
_STORED: dict[str, bytes] = {}
#: Each table as :func:`export` pickled it (or as a cached index brought it), by name.
_EXPORTED: dict[str, bytes] = {}


def table(build: Callable[[], T]) -> Callable[[], T]:
    """``build`` made once per process on first use, or read from a cached index's copy."""
    name = f"{build.__module__}.{build.__qualname__}"

    def load() -> T:
        stored = _STORED.pop(name, None)
        if stored is None:
            return build()
        value: T = pickle.loads(stored)  # our own index file, for this very code
        return value

    getter = functools.cache(functools.update_wrapper(load, build))
    _TABLES[name] = (build, getter)
    return getter


def old_name(
    namespace: dict[str, object], made: Mapping[str, Callable[[], object]], name: str
) -> object:
    """A module's ``__getattr__`` (PEP 562) for tables it once held as constants: ``name``'s
    table from ``made``, then kept in ``namespace`` (the module's globals) so the next read
    is a plain attribute; AttributeError for any other name."""
    make = made.get(name)
    if make is None:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    value = namespace[name] = make()
    return value


def builders() -> dict[str, Callable[[], object]]:
    """Each table's builder by name (what a cached route must not call)."""
    return {name: build for name, (build, _get) in _TABLES.items()}


def made() -> frozenset[str]:
    """The names of the tables this process has made so far (built or read)."""
    return frozenset(name for name, (_, get) in _TABLES.items() if get.cache_info().currsize)


def make_all() -> None:
    """Every table of this process made now (built, or read from a cached index's copy):
    for a process about to serve many requests, so that none of them pays for one."""
    for _build, get in list(_TABLES.values()):
        get()


def export() -> dict[str, bytes]:
    """Every table of this process pickled: what a stored index carries to the next process.
    Equal strings and tuples of strings are pickled as one object each (:func:`_shared`), so
    the next process reads each once. A table is pickled once a process (it never changes
    once made: the next index this process stores carries the same bytes), and one a cached
    index brought that this process has not read is carried as it came, unread."""
    for name, (_build, get) in list(_TABLES.items()):
        if name not in _EXPORTED:
            stored = _STORED.get(name)
            _EXPORTED[name] = stored if stored is not None else _pickled(get())
    return {name: _EXPORTED[name] for name in _TABLES}


def _pickled(value: object) -> bytes:
    return pickle.dumps(_shared(value, {}), protocol=pickle.HIGHEST_PROTOCOL)


def _shared(value: object, memo: dict[object, object]) -> object:
    """``value`` (a table) equal, with every string and every tuple or frozenset of strings
    one object per distinct value: lists, sets, dicts, tuples and frozensets are rebuilt
    around their shared items; anything else (a subclass too) is kept as it is."""
    if type(value) is str:
        return memo.setdefault(value, value)
    if type(value) is dict:
        return {_shared(k, memo): _shared(v, memo) for k, v in value.items()}
    if type(value) is list:
        return [_shared(item, memo) for item in value]
    if type(value) is set:
        return {_shared(item, memo) for item in value}
    if type(value) is tuple or type(value) is frozenset:
        items = type(value)(_shared(item, memo) for item in value)
        return memo.setdefault(items, items) if all(type(i) is str for i in items) else items
    return value


def adopt(stored: dict[str, bytes]) -> None:
    """Read the tables not made yet from ``stored`` (a cached index's :func:`export`) when
    first used, instead of building them; one made already keeps its value."""
    done = made()
    for name, data in stored.items():
        if name not in done:
            _STORED.setdefault(name, data)
