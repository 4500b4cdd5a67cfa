"""Event payloads as the store keeps them (schema 15): only what no run's row holds.

A run's own events (``model_call``, ``report``, ``blocked``, ``run_ended``, ``resumed``,
``run_started``) and a consult's (``consult_started``, ``consult_done``) repeated their
run's row (its agent; a run's start, all of it but the provider) or their consult's (its
agent, its domain), written in the same transaction, and named every field. Since schema 15
such an event's payload is a JSON array of its other fields, in declaration order, with no
names (:func:`stored`); a reader puts the fields back under their names, in the order the
event declares them, taking the rest from the rows (:func:`expand`). An event stored before
(a JSON object) reads as it was stored. The names and copies cost a hop ~20 K instructions,
~0.9 WAL frames and ~4.4 ``pwrite64`` calls (bench/RESULTS.md, "hop43", "hop48").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from coordinator.event_kinds import EventKind

if TYPE_CHECKING:
    from coordinator.events import Event  # the reading commands never build events

JSON = dict[str, Any]

#: A run's row as an expansion reads it: ``agent``, ``model``, ``depth``,
#: ``parent_run_id``, ``domain``, ``definition`` by column name.
RunColumns = Mapping[str, Any]
#: The columns of ``runs`` an expansion reads (``id`` first).
RUN_COLUMNS = ("id", "agent", "model", "depth", "parent_run_id", "domain", "definition")

#: By event kind, every field of its payload in the order its class declares them
#: (:mod:`coordinator.events`; ``tests/test_hop48_payloads.py`` holds them equal), each
#: with ``None`` (kept: the next value of the stored array) or where it is read from: the
#: column of the event's run's row (``run_id``), or, for a consult's events, of its
#: consult's run's row (``child.``: the run its ``child_run`` names).
LAYOUT: dict[str, tuple[tuple[str, str | None], ...]] = {
    EventKind.MODEL_CALL: (
        ("agent", "agent"),
        ("turn", None),
        ("stop_reason", None),
        ("input_tokens", None),
        ("output_tokens", None),
        ("cost_usd", None),
        ("ms", None),
        ("model", None),
        ("cache_read_tokens", None),
        ("cache_write_tokens", None),
        ("provider", None),
        ("response_id", None),
        ("server", None),
    ),
    EventKind.REPORT: (
        ("agent", "agent"),
        ("status", None),
        ("summary", None),
        ("error", None),
        ("repair", None),
    ),
    EventKind.BLOCKED: (
        ("agent", "agent"),
        ("domain", None),
        ("blocker", None),
        ("required", None),
    ),
    EventKind.RUN_ENDED: (("agent", "agent"), ("status", None), ("reason", None)),
    EventKind.RESUMED: (
        ("agent", "agent"),
        ("answered_by", None),
        ("answer", None),
        ("person", None),
    ),
    EventKind.RUN_STARTED: (
        ("agent", "agent"),
        ("model", "model"),
        ("depth", "depth"),
        ("parent_run", "parent_run_id"),
        ("domain", "domain"),
        ("provider", None),
        ("definition", "definition"),
    ),
    # (its domain is "" where the report named none: the consult's row's NULL)
    EventKind.CONSULT_STARTED: (
        ("consultant", "child.agent"),
        ("domain", "child.domain"),
        ("child_run", None),
    ),
    EventKind.CONSULT_DONE: (("consultant", "child.agent"), ("status", None), ("child_run", None)),
}


#: How many kept fields each kind has had added at its end since its array was first
#: written (audit105: ``model_call.response_id``; audit106: ``model_call.server``,
#: ``resumed.person``): an older, shorter array reads them None.
_ADDED_AT_END: dict[str, int] = {EventKind.MODEL_CALL: 2, EventKind.RESUMED: 1}


def _getter(kind: str) -> Callable[[Event], tuple[Any, ...]]:
    """The tuple of a ``kind`` event's kept fields (``attrgetter`` gives a lone one bare)."""
    names = tuple(name for name, column in LAYOUT[kind] if column is None)
    if len(names) > 1:
        return attrgetter(*names)
    (name,) = names
    return lambda event: (getattr(event, name),)


#: The stored payload's getter of each event class met so far (None: its ``__dict__``).
_STORE: dict[type, Callable[[Event], tuple[Any, ...]] | None] = {}


def _learn(cls: type) -> Callable[[Event], tuple[Any, ...]] | None:
    """The getter of :func:`stored` for ``cls``: one for a class of a kind of
    :data:`LAYOUT` that declares exactly its fields (anything else, such as a class
    with a field added since, keeps its ``__dict__``: read back as it is)."""
    kind = getattr(cls, "kind", None)
    layout = LAYOUT.get(kind) if isinstance(kind, str) else None
    ids = ("session_id", "run_id")
    names = [f.name for f in fields(cls) if f.name not in ids] if is_dataclass(cls) else None
    keep = _getter(str(kind)) if layout and names == [n for n, _ in layout] else None
    _STORE[cls] = keep
    return keep


def stored(event: Event) -> Any:
    """What the store keeps of ``event``'s payload: the tuple of the fields no row holds
    for the kinds of :data:`LAYOUT`, else its fields as they are (its ``__dict__``, not
    copied)."""
    try:
        keep = _STORE[type(event)]
    except KeyError:  # a class not met yet
        keep = _learn(type(event))
    return event.__dict__ if keep is None else keep(event)


def is_stored_form(kind: str, data: Any) -> bool:
    """Whether ``data`` is a payload of :func:`stored`'s form (read with :func:`expand`)."""
    return type(data) is list and kind in LAYOUT


def expand(
    kind: str, run_id: int | None, data: Sequence[Any], runs: Mapping[int, RunColumns]
) -> JSON:
    """The fields of a ``kind`` event stored as the array ``data``, under their names, in
    declaration order; ``runs``: the session's runs' rows by id. ValueError when the array
    does not fit the kind or names a run the session does not have."""
    layout = LAYOUT[kind]
    missing = sum(1 for _, column in layout if column is None) - len(data)
    if missing and not 0 < missing <= _ADDED_AT_END.get(kind, 0):
        raise ValueError(f"a {kind} event of {len(data)} values")
    if missing:
        data = [*data, *[None] * missing]
    values = iter(data)
    out: JSON = {}
    for name, column in layout:
        if column is None:
            out[name] = next(values)
    for name, column in layout:
        if column is not None:
            out[name] = _column(kind, column, run_id, out, runs)
    return {name: out[name] for name, _ in layout}


def _column(
    kind: str, column: str, run_id: int | None, kept: JSON, runs: Mapping[int, RunColumns]
) -> Any:
    """The value of ``column`` for a ``kind`` event of run ``run_id`` whose kept fields are
    ``kept`` (``child.``: of the run named by its ``child_run``)."""
    child, _, name = column.rpartition(".")
    rid = kept.get("child_run") if child else run_id
    row = runs.get(rid) if isinstance(rid, int) else None
    if row is None:
        raise ValueError(f"a {kind} event of run {rid}, which the session does not have")
    value = row[name]
    return "" if value is None and kind == EventKind.CONSULT_STARTED else value
