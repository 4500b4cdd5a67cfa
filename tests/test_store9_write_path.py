"""The store's write path, thirteenth round (issue 12, branch store9).

* Every event class written through ``record_step`` and ``add_event`` reads back as its
  ``data()``, with secrets scrubbed from the payloads.
* Every statement and read runs on the store's one cursor (``Connection.execute`` made and
  dropped a cursor per statement): a chain's writes and reads never call it, and each
  result is read before the next statement.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from coordinator import events as ev
from coordinator.sanitize import REDACTED
from coordinator.store.db import Store
from coordinator.store.payloads import LAYOUT

SECRET = "hunter2-store9-secret-value"


def _event_classes() -> list[type[ev.Event]]:
    found: list[type[ev.Event]] = []
    todo = [ev.Event]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls is not ev.Event and cls.__module__ == ev.__name__:
            found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


#: The row of :func:`_run`'s run, whose events name it as it is (schema 15: a run's and a
#: consult's events leave out what its row holds, read from it).
_ROW = {"agent": "a", "model": "m", "depth": 0, "parent_run_id": None, "domain": None,
        "definition": None}  # fmt: skip


def _sample(cls: type[ev.Event], sid: str, run_id: int) -> ev.Event:
    values: dict[str, Any] = {"session_id": sid, "run_id": run_id}
    for name, column in LAYOUT.get(cls.kind, ()):
        if column is not None:
            values[name] = _ROW[column.removeprefix("child.")]
        if name == "child_run":  # the run consulted: the same one
            values[name] = run_id
    if cls.kind == "consult_started":
        values["domain"] = ""  # (a row's NULL domain)
    for f in dataclasses.fields(cls):
        no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.name not in values and no_default:
            values[f.name] = f"{f.name} ✅"
    return cls(**values)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "s.db")
    yield opened
    opened.close()


def _run(store: Store, sid: str) -> int:
    first = {"role": "user", "content": "go"}
    return store.start_run(sid, agent="a", model="m", depth=0, max_turns=5, first_message=first)


def test_every_event_class_is_stored_as_its_data(store: Store, tmp_path: Path) -> None:
    sid = store.create_session("req", tmp_path, {})
    run_id = _run(store, sid)
    samples = [_sample(cls, sid, run_id) for cls in _event_classes()]
    store.record_step(run_id, {"turns": 1}, {"role": "assistant", "content": "ok"}, samples[1:])
    store.add_event(samples[0])
    rows = store.events(sid)
    stored = [(r.kind, r.data) for r in rows]
    order = [*samples[1:], samples[0]]
    expected = [(e.kind, json.loads(json.dumps(e.data()))) for e in order]  # tuples: lists
    assert stored[-len(expected) :] == expected
    assert all(e.data() is not e.__dict__ for e in samples)  # events left as they were
    assert all(e.session_id == sid for e in samples)
    assert [e.data() for e in samples] == [_sample(type(e), sid, run_id).data() for e in samples]


def test_a_secret_in_an_event_payload_is_scrubbed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    store = Store.open(tmp_path / "s.db")
    sid = store.create_session("req", tmp_path, {})
    run_id = _run(store, sid)
    step = ev.Blocked(sid, run_id, agent="a", domain="db", blocker=SECRET, required="x")
    store.record_step(run_id, None, None, [step])
    store.add_event(ev.Completed(sid, run_id, status="complete", summary=f"key {SECRET}"))
    texts = [str(r.data) for r in store.events(sid)]
    assert any(REDACTED in t for t in texts)
    store.close()
    assert SECRET.encode() not in (tmp_path / "s.db").read_bytes()
    wal = tmp_path / "s.db-wal"
    assert not wal.exists() or SECRET.encode() not in wal.read_bytes()


class _NoExecute:
    """The store's connection with ``execute``/``executemany`` refused (all else passed on)."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def execute(self, *args: object) -> None:
        raise AssertionError(f"Connection.execute{args!r}")

    def executemany(self, *args: object) -> None:
        raise AssertionError(f"Connection.executemany{args!r}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def test_a_chain_runs_every_statement_on_the_one_cursor(store: Store, tmp_path: Path) -> None:
    cursor = store._cursor
    real = store._db
    store._db = cast(Any, _NoExecute(real))
    try:
        sid = store.create_session("req", tmp_path, {})
        digest = store.save_definition("d" * 64, "a", None, "spec")
        root = _run(store, sid)
        store.record_step(root, {"turns": 1}, {"role": "assistant", "content": "blocked ✅"})
        child = store.start_run(
            sid,
            agent="b",
            model="m",
            depth=1,
            max_turns=5,
            parent_run_id=root,
            first_message={"role": "user", "content": "help"},
            definition=digest,
        )
        did = store.add_delegation(
            sid, root, domain="db", blocker="why", required="what", child_run_id=child
        )
        store.answer_delegation(did, "b")
        with store.transaction():
            store.record_step(child, {"turns": 1}, {"role": "assistant", "content": "done"})
            store.record_step(root, {"turns": 2}, None, [ev.Completed(sid, None, "complete")])
        assert [m["content"] for m in store.messages(child)] == ["help", "done"]
        assert store.run(root).turns == 2
        assert store.delegations(sid)[0].answered_by == "b"
        assert [e.kind for e in store.events(sid)][-1] == "completed"
    finally:
        store._db = real
    assert store._cursor is cursor
    assert not real.in_transaction
