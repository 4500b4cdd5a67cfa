"""Schema 5: the event log kept as one row per transaction and session (``event_log``, a
JSON array) behind the view ``events``, which has the old table's columns; event classes
built with one ``__dict__``. A schema 4 file written by the old code migrates with every
event, number and timestamp, and ``coord log --json`` prints what the old code printed."""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord

from coordinator import events as ev
from coordinator.events import Completed, ModelCalled, Routed, RunEnded
from coordinator.store.db import SCHEMA_VERSION, Store
from tests.kit import as_printed_before, copy_of, named_today, rows

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema4-chains.db"  # written by the code of schema 4: data/make_schema4_db.py
OLD_LOGS = DATA / "schema4-chains.log.json"  # what that code's `coord log ID --json` printed


@pytest.fixture
def old_copy(tmp_path: Path) -> Path:
    return copy_of(OLD, tmp_path)


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    """SQLite's store only (the old files are SQLite's)."""
    return sqlite_store


# ---- migration of a real schema 4 file ---------------------------------------------------


def _run(store: Store, sid: str) -> int:
    """A run of agent ``a``: its events name it so (schema 15 reads their agent from it)."""
    first = {"role": "user", "content": "go"}
    return store.start_run(sid, agent="a", model="m", depth=0, max_turns=5, first_message=first)


def test_a_file_written_by_the_old_code_keeps_every_event(old_copy: Path) -> None:
    events = "SELECT seq, session_id, run_id, kind, data, at FROM events ORDER BY seq"
    before = rows(old_copy, events)
    assert rows(old_copy, "PRAGMA user_version") == [(4,)] and len(before) == 52
    Store.open(old_copy).close()
    assert rows(old_copy, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    after = rows(old_copy, events)
    # the same numbers (with the old gap), ids, kinds and timestamps to the last bit
    assert [r[:4] + r[5:] for r in after] == [r[:4] + r[5:] for r in before]
    assert [json.loads(r[4]) for r in after] == [json.loads(r[4]) for r in before]
    assert any("ünïcode ✓" in r[4] for r in after)
    assert rows(old_copy, "SELECT COUNT(*) FROM event_log") == [(52,)]  # one row each
    assert rows(old_copy, "PRAGMA integrity_check") == [("ok",)]
    assert rows(old_copy, "PRAGMA foreign_key_check") == []


def test_coord_log_prints_what_the_old_code_printed(old_copy: Path) -> None:
    printed = json.loads(OLD_LOGS.read_text(encoding="utf-8"))
    for sid, old in printed.items():
        ran = coord("log", sid, "--db", old_copy, "--json")
        assert ran.returncode == 0, ran.stderr
        assert as_printed_before(json.loads(ran.stdout)) == named_today(old)


def test_a_migrated_file_numbers_new_events_on_and_deletes_them(old_copy: Path) -> None:
    store = Store.open(old_copy)
    try:
        sid = store.sessions()[-1].id  # the older one, whose events are not the newest
        assert store.last_event(sid) == max(e.seq for e in store.events(sid)) == 26
        with store.transaction():
            store.add_event(Routed(sid, None, "again", "backend"))
            store.add_event(Completed(sid, None, "complete", "done"))
        # numbered on in its session (schema 9), not after the file's newest event (53)
        assert [e.seq for e in store.events(sid)][-2:] == [27, 28]
        store.delete_sessions([s.id for s in store.sessions()])
        assert store._rows("SELECT COUNT(*) FROM event_log")[0][0] == 0
    finally:
        store.close()


# ---- the new layout ------------------------------------------------------------------------


def test_a_transaction_writes_one_row_per_session(store: Store, tmp_path: Path) -> None:
    one = store.create_session("r", tmp_path, {})
    two = store.create_session("r", tmp_path, {})
    with store.transaction():
        store.add_event(Routed(one, None, "r", "a"))
        store.add_event(Routed(two, None, "r", "b"))
        store.add_event(RunEnded(one, _run(store, one), "a", "complete"))
        store.add_event(Completed(one, None, "complete"))
    batches = store._rows(
        "SELECT s.id, b.n FROM event_log b JOIN sessions s ON s.no = b.seq >> 32 ORDER BY b.seq"
    )
    assert [tuple(r) for r in batches] == [(one, 3), (two, 1)]
    assert [(e.seq, e.kind) for e in store.events(one)] == [
        (1, "routed"),
        (2, "run_ended"),
        (3, "completed"),
    ]
    # each session numbers its own events (schema 9: its rows are its range of event_log)
    assert [(e.seq, e.data["agent"]) for e in store.events(two)] == [(1, "b")]
    with store.transaction():
        store.add_event(Completed(two, None, "complete"))
    assert [e.seq for e in store.events(two)] == [1, 2]
    assert store.last_event(one) == 3 and store.last_event(two) == 2


def test_every_field_and_timestamp_reads_back_as_written(store: Store, tmp_path: Path) -> None:
    sid = store.create_session("r", tmp_path, {})
    run = _run(store, sid)  # (its agent: read from its row since schema 15)
    called = ModelCalled(sid, run, "a", 2, None, 10, 20, 0.1 + 0.2, 5, model="m")
    with store.transaction():
        store.add_event(called)
        store.add_event(Routed(sid, None, 'é "q" \\ \n', "a", 1e-300, ["x", "y"], "why"))
    first, second = store.events(sid)
    assert (first.run_id, first.kind, first.data) == (run, "model_call", called.data())
    assert second.data["request"] == 'é "q" \\ \n' and second.data["score"] == 1e-300
    raw = store._rows("SELECT rows FROM event_log")[0][0]
    assert [entry[3] / 1e9 for entry in json.loads(raw)] == [first.at, second.at]


def test_a_secret_in_one_event_is_scrubbed_and_the_row_stays_json(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch is scrubbed as one text; when that changes anything it is scrubbed value
    by value instead, so a replaced secret, surrogate or NaN never breaks the array."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", 'se"cret-value-42')
    sid = store.create_session("r", tmp_path, {})
    with store.transaction():
        store.add_event(Routed(sid, None, "fine", "a"))
        store.add_event(
            Routed(sid, None, 'key se"cret-value-42 sk-ant-api03-abcdefghij \ud800', "b")
        )
        store.add_event(ModelCalled(sid, _run(store, sid), "a", 1, None, 1, 1, math.nan, 1))
    raw = store._rows("SELECT rows FROM event_log")[0][0]
    assert "cret-value-42" not in raw and "sk-ant-api03" not in raw and "\ud800" not in raw
    assert json.loads(raw)[0][2]["request"] == "fine"
    fine, scrubbed, called = store.events(sid)
    assert scrubbed.data["request"] == "key [redacted] [redacted] \ufffd"
    assert called.data["cost_usd"] is None  # JSON has no NaN; SQLite's JSON refuses it
    assert fine.data["agent"] == "a"


def test_the_view_takes_writes_and_keeps_the_numbers(store: Store, tmp_path: Path) -> None:
    sid = store.create_session("r", tmp_path, {})
    with store.transaction():
        for agent in ("a", "b", "c"):
            store.add_event(Routed(sid, None, "r", agent))
    with store.transaction():
        store._execute(
            "INSERT INTO events (session_id, run_id, kind, data, at)"
            " VALUES (?, NULL, 'routed', '{\"agent\": \"d\"}', 2.5)",
            (sid,),
        )
        store._execute("DELETE FROM events WHERE seq = 2")
        store._execute("UPDATE events SET data = '{broken' WHERE seq = 3")
    assert [tuple(r) for r in store._rows("SELECT seq, data FROM events ORDER BY seq")] == [
        (1, store._rows("SELECT data FROM events WHERE seq = 1")[0][0]),
        (3, "{broken"),
        (4, '{"agent":"d"}'),
    ]
    assert store._rows("SELECT at FROM events WHERE rowid = 4")[0][0] == 2.5


# ---- event classes -------------------------------------------------------------------------


def _classes() -> list[type[ev.Event]]:
    """Every event class (the base, which no event is, left out)."""
    found, todo = [], [*ev.Event.__subclasses__()]
    while todo:
        kind = todo.pop()
        found.append(kind)
        todo += kind.__subclasses__()
    return found


@pytest.mark.parametrize("kind", _classes(), ids=lambda k: k.__name__)
def test_an_event_class_is_built_in_one_step_and_stays_a_frozen_dataclass(
    kind: type[ev.Event],
) -> None:
    # the quick init is installed (its ids' slots set directly, its payload stored into
    # its own ``__dict__``), not the generated one (``object.__setattr__`` per field)
    assert "_sid" in kind.__init__.__code__.co_names
    fields = dataclasses.fields(kind)
    signature = inspect.signature(kind)
    assert list(signature.parameters) == [f.name for f in fields]
    required = [f for f in fields if f.default is f.default_factory is dataclasses.MISSING]
    values = {f.name: f"v-{f.name}" for f in required}
    made = kind(**values)
    for f in fields:
        if f.default is not dataclasses.MISSING:
            expected = f.default
        elif f.default_factory is not dataclasses.MISSING:
            expected = f.default_factory()
        else:
            expected = values[f.name]
        assert getattr(made, f.name) == expected
    # hop34: the ids are slots and the payload is the ``__dict__``, which the store logs
    # as it is: ``data()`` is a copy of it
    assert [f.name for f in fields[:2]] == ["session_id", "run_id"]
    assert list(made.__dict__) == [f.name for f in fields[2:]]
    assert made == kind(**values)
    assert made.data() == {f.name: getattr(made, f.name) for f in fields[2:]}
    assert made.data() is not made.__dict__
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.session_id = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.run_id = 7  # type: ignore[misc]
    with pytest.raises(TypeError):
        kind()  # type: ignore[call-arg]
    factories = [f.name for f in fields if f.default_factory is not dataclasses.MISSING]
    for name in factories:  # a fresh list per instance, as the dataclass's own init gives
        assert getattr(made, name) is not getattr(kind(**values), name)


def test_an_event_log_row_edited_into_bad_json_is_named(old_copy: Path) -> None:
    Store.open(old_copy).close()
    sid = rows(old_copy, "SELECT id FROM sessions ORDER BY created_at")[0][0]
    with closing(sqlite3.connect(old_copy)) as con, con:
        con.execute(
            "UPDATE event_log SET rows = '[{broken'"
            " WHERE seq >> 32 = (SELECT no FROM sessions WHERE id = ?)",
            (sid,),
        )
    ran = coord("log", sid, "--db", old_copy, "--json")
    assert ran.returncode == 4, ran.stdout
    errors = [line for line in ran.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and f"event_log row {sid} has unreadable JSON in rows" in errors[0]
    assert "Traceback" not in ran.stderr
