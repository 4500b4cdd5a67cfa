"""The store's write path with fewer layers (issue 12, branch store7).

* The outermost transaction is one context-manager object per store, reused (no generator
  and no ``contextlib`` object built per transaction); a failed block or COMMIT still
  rolls back alone and gives back the deferred writes it took.
* A transaction's writes are kept by session as they come; a step's messages are encoded
  once, as one JSON array, when the step's row is written (not one encoding per message
  and a join), byte for byte the schema 6 layout.
* Step rows of several sessions in one transaction are numbered in the order of each
  session's first event, as before.
* ``safe_params`` hands back the parameters themselves when a configured secret is absent
  (it rebuilt the tuple before); secrets in a step's messages, events and a run's first
  message are still scrubbed from everything stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coordinator.events import ModelCalled, Routed
from coordinator.sanitize import REDACTED, safe_params
from coordinator.store import encoding as store_db
from coordinator.store.db import Store

SECRET = "hunter2-store7-secret-value"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture
def store(tmp_path: Path) -> Any:
    opened = Store.open(tmp_path / "s.db")
    yield opened
    opened.close()


def _run(store: Store, sid: str, content: Any = "Build it ✅") -> int:
    first = {"role": "user", "content": content}
    return store.start_run(sid, agent="a", model="m", depth=0, max_turns=5, first_message=first)


def test_the_outermost_transaction_is_one_object_reused(store: Store) -> None:
    outer = store.transaction()
    assert store.transaction(group=True) is outer  # no generator per transaction
    with outer:
        assert store.transaction() is not outer  # a nested one joins the open one
    with store.transaction():
        pass
    assert store.transaction() is outer


def test_a_failed_block_rolls_back_and_gives_back_its_deferred_writes(
    store: Store, tmp_path: Path
) -> None:
    sid = store.create_session("r", tmp_path, {})
    written: list[str] = []
    store.defer(lambda: written.append("deferred"))
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(Routed(sid, None, request="r", agent="lost"))
        raise RuntimeError("crash before commit")
    assert written == ["deferred"]
    with store.transaction():  # the next transaction runs it again, then commits
        store.add_event(Routed(sid, None, request="r", agent="kept"))
    assert written == ["deferred", "deferred"]
    assert [e.data["agent"] for e in store.events(sid)] == ["kept"]


def test_a_failed_commit_rolls_back_and_the_store_goes_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = store.create_session("r", tmp_path, {})
    real = Store._statement

    def failing(self: Store, sql: str, params: Any = ()) -> Any:
        if sql == "COMMIT":
            raise RuntimeError("disk gone")
        return real(self, sql, params)

    monkeypatch.setattr(Store, "_statement", failing)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(Routed(sid, None, request="r", agent="lost"))
    monkeypatch.setattr(Store, "_statement", real)
    with store.transaction():
        store.add_event(Routed(sid, None, request="r", agent="kept"))
    assert [e.data["agent"] for e in store.events(sid)] == ["kept"]


def test_a_steps_messages_are_encoded_once_in_the_schema_6_layout(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = store.create_session("r", tmp_path, {})
    parent = _run(store, sid)
    answer = [{"type": "text", "text": '✅ Done "quoted"'}]
    calls: list[Any] = []
    real = store_db._rust_encoder()

    def counting(value: Any, **options: Any) -> bytes:
        calls.append(value)
        return real(value, **options)

    monkeypatch.setattr(store_db, "_to_json", counting)
    event = ModelCalled(sid, parent, "a", 1, "end_turn", 10, 2, 0.0004, 5, "m")
    with store.transaction():
        store.record_step(parent, {"turns": 1}, {"role": "assistant", "content": answer}, [event])
        child = _run(store, sid, "Consult: the schema")
    said = [value for value in calls if isinstance(value[0][2], str)]  # (run, idx, role, c)
    assert [len(value) for value in said] == [2]  # both messages, one encoding
    (messages, message_run) = store._rows(
        "SELECT messages, message_run FROM event_log ORDER BY seq DESC LIMIT 1"
    )[0]
    expected = [[parent, 1, "assistant", answer], [child, 0, "user", "Consult: the schema"]]
    assert messages == _compact(expected)
    assert message_run is None  # two runs' messages
    assert store.messages(child) == [{"role": "user", "content": "Consult: the schema"}]
    assert store.messages(parent)[1] == {"role": "assistant", "content": answer}


def test_steps_of_two_sessions_are_numbered_in_their_own_sessions(
    store: Store, tmp_path: Path
) -> None:
    first = store.create_session("r", tmp_path, {})
    second = store.create_session("r", tmp_path, {})
    run = _run(store, first)
    with store.transaction():
        store.append_message(run, {"role": "assistant", "content": "a message first"})
        store.add_event(Routed(second, None, request="r", agent="two"))
        store.add_event(Routed(first, run, request="r", agent="one"))
    rows = store._rows(
        "SELECT s.id AS session_id, b.seq - (s.no << 32), b.messages FROM event_log b"
        " JOIN sessions s ON s.no = b.seq >> 32 ORDER BY b.seq"
    )
    # each session's row in its own range of keys (schema 9), its events numbered from 1
    assert [tuple(r)[:2] for r in rows] == [(first, 1), (second, 1)]
    assert rows[0][2] is not None and "a message first" in rows[0][2]
    assert rows[1][2] is None
    assert [e.data["agent"] for e in store.events(first)] == ["one"]
    assert [(e.seq, e.data["agent"]) for e in store.events(second)] == [(1, "two")]


def test_parameters_with_a_configured_secret_absent_are_returned_themselves() -> None:
    row = ("abc", 1, None, "✅ naïve text", 2.5)
    assert safe_params(row, (SECRET,)) is row
    named = {"a": "text", "b": 3}
    assert safe_params(named, (SECRET,)) is named
    assert safe_params(("x " + SECRET, 1), (SECRET,)) == (f"x {REDACTED}", 1)
    assert safe_params({"a": SECRET}, (SECRET,)) == {"a": REDACTED}


def test_secrets_in_a_step_and_a_first_message_are_scrubbed_everywhere(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    sid = store.create_session("r", tmp_path, {})
    with store.transaction():
        run = _run(store, sid, f"use {SECRET} here")  # the run's first message
        said = [{"type": "text", "text": f"the key is {SECRET} ✅"}]
        event = Routed(sid, run, request=f"req {SECRET}", agent="a")
        store.record_step(
            run, {"final_text": f"text {SECRET}"}, {"role": "assistant", "content": said}, [event]
        )
    for table, column in (("messages", "content"), ("events", "data"), ("runs", "final_text")):
        for (value,) in store._rows(f"SELECT {column} FROM {table}"):
            assert SECRET not in str(value)
    assert store.messages(run)[1]["content"][0]["text"] == f"the key is {REDACTED} ✅"
    assert store.messages(run)[0]["content"] == f"use {REDACTED} here"
    assert store.events(sid)[0].data["request"] == f"req {REDACTED}"
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() not in Path(store.path).read_bytes()


def test_nan_as_text_rides_in_the_step_and_a_nan_float_does_not(
    store: Store, tmp_path: Path
) -> None:
    sid = store.create_session("r", tmp_path, {})
    run = _run(store, sid)
    words = {"role": "assistant", "content": "returns NaN or Infinity"}
    loose = store._rows("SELECT COUNT(*) FROM message_log")[0][0]  # the first message
    with store.transaction():
        store.record_step(run, None, words, [Routed(sid, run, request="NaN Infinity", agent="a")])
    assert store._rows("SELECT COUNT(*) FROM message_log")[0][0] == loose  # in the step row
    with store.transaction():  # a float JSON cannot hold: the message goes to message_log
        store.record_step(
            run,
            None,
            {"role": "user", "content": [{"x": float("inf")}]},
            [ModelCalled(sid, run, "a", 1, None, 1, 1, float("nan"), 1)],
        )
    assert store._rows("SELECT COUNT(*) FROM message_log")[0][0] == loose + 1
    said = store.messages(run)
    assert said[1] == words and said[2]["content"][0]["x"] == float("inf")
    request, cost = store.events(sid)[0].data["request"], store.events(sid)[1].data["cost_usd"]
    assert (request, cost) == ("NaN Infinity", None)


def test_a_runs_row_is_scrubbed_too(store: Store, tmp_path: Path) -> None:
    """A consult's domain is the blocked agent's text ("kept as written" when unknown)."""
    sid = store.create_session("r", tmp_path, {})
    first = {"role": "user", "content": "x"}
    key_like = "sk-ant-abcdefgh12345"
    run = store.start_run(
        sid, agent="a", model="m", depth=1, max_turns=5, first_message=first, domain=key_like
    )
    assert store.run(run).domain == REDACTED
