"""Schema 6: fewer B-trees written per step (issue 12, branch store4).

* A message appended in a transaction that logs events for its session rides in that
  step's ``event_log`` row (column ``messages``); other messages are rows of
  ``message_log``, keyed by ``run_id * 2**24 + idx`` (one rowid B-tree, no separate
  primary-key index). The view ``messages`` shows both with the old table's columns.
* ``runs_by_definition`` is gone; a prune still drops the definitions no run uses.
* A schema 5 file written by the old code migrates with every message, and ``coord log
  --json`` prints what the old code printed.
"""

from __future__ import annotations

import asyncio
import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coordinator.events import RunEnded
from coordinator.store.db import SCHEMA_VERSION, Store
from tests.kit import assert_logs_as_before, copy_of, read_json, routed_run, rows
from tests.test_hop4_statements import _harness

DATA = Path(__file__).parent / "data"
OLD = DATA / "schema5-chains.db"  # written by the code of schema 5: data/make_schema5_db.py
OLD_LOGS = DATA / "schema5-chains.log.json"  # its `coord log --json` and conversations


@pytest.fixture(scope="module")
def old_logs() -> dict[str, Any]:
    return read_json(OLD_LOGS)


@pytest.fixture
def old_copy(tmp_path: Path) -> Path:
    return copy_of(OLD, tmp_path)


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    """SQLite's store only (the old files are SQLite's)."""
    return sqlite_store


# ---- migration of a real schema 5 file ---------------------------------------------------


def test_a_file_written_by_the_old_code_keeps_every_message(
    old_copy: Path, old_logs: dict[str, Any]
) -> None:
    before = rows(old_copy, "SELECT run_id, idx, role, content FROM messages ORDER BY 1, 2")
    assert rows(old_copy, "PRAGMA user_version") == [(5,)] and len(before) == 21
    Store.open(old_copy).close()
    assert rows(old_copy, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    after = rows(old_copy, "SELECT run_id, idx, role, content FROM messages ORDER BY 1, 2")
    assert after == before  # the gap left by the deleted message (run 1, idx 1) included
    assert rows(old_copy, "SELECT COUNT(*) FROM message_log") == [(21,)]
    assert rows(old_copy, "PRAGMA integrity_check") == [("ok",)]
    assert rows(old_copy, "PRAGMA foreign_key_check") == []
    names = {r[0] for r in rows(old_copy, "SELECT name FROM sqlite_master")}
    assert "runs_by_definition" not in names and "sqlite_autoindex_messages_1" not in names
    store = Store.open(old_copy)
    try:
        read = {str(run): store.messages(int(run)) for run in old_logs["messages"]}
    finally:
        store.close()
    assert read == old_logs["messages"]  # a non-ASCII one and a 5,000-character one among them


def test_coord_log_prints_what_the_old_code_printed(
    old_copy: Path, old_logs: dict[str, Any]
) -> None:
    assert_logs_as_before(old_copy, old_logs)


def test_a_migrated_run_goes_on_numbering_its_messages(old_copy: Path) -> None:
    store = Store.open(old_copy)
    try:
        sid = store.sessions()[-1].id  # the older session: its first run lost idx 1
        run = store.runs(sid)[0]
        with store.transaction():
            store.append_message(run.id, {"role": "user", "content": "after"})
            store.add_event(RunEnded(sid, run.id, "backend", "complete"))
        indexes = store._rows("SELECT idx FROM messages WHERE run_id = ? ORDER BY idx", (run.id,))
        assert [r[0] for r in indexes] == [0, 2, 3, 4]
        assert store.messages(run.id)[-1] == {"role": "user", "content": "after"}
        store.delete_sessions([s.id for s in store.sessions()])
        assert store._rows("SELECT COUNT(*) FROM messages")[0][0] == 0
        assert store._rows("SELECT COUNT(*) FROM agent_definitions")[0][0] == 0
    finally:
        store.close()


# ---- where a step's messages go ---------------------------------------------------------


def test_a_chain_writes_its_messages_in_its_step_rows(tmp_path: Path) -> None:
    h = _harness(tmp_path)
    try:
        result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
        assert result.status == "complete"
        store = h.store
        assert store._rows("SELECT COUNT(*) FROM message_log")[0][0] == 0
        steps = store._rows("SELECT messages IS NOT NULL FROM event_log")
        assert [r[0] for r in steps] == [1, 1, 1, 1]  # every committed step held a message
        runs = store.runs(result.session_id)
        assert [len(store.messages(r.id)) for r in runs] == [4, 2]
        assert store.messages(runs[0].id)[0] == {"role": "user", "content": "Add an endpoint"}
        assert store.messages(runs[1].id)[1]["role"] == "assistant"
        view = store._rows("SELECT run_id, idx FROM messages ORDER BY run_id, idx")
        assert [tuple(r) for r in view] == [(runs[0].id, i) for i in range(4)] + [
            (runs[1].id, i) for i in range(2)
        ]
    finally:
        h.close()


def test_a_step_without_events_keeps_its_message_in_message_log(
    store: Store, tmp_path: Path
) -> None:
    sid, run = routed_run(store, tmp_path)
    with store.transaction():
        store.append_message(run, {"role": "assistant", "content": [{"type": "text", "text": "a"}]})
    with store.transaction():
        store.append_message(run, {"role": "user", "content": "b"})
        store.add_event(RunEnded(sid, run, "a", "complete"))
    assert store._rows("SELECT id FROM message_log")[0][0] == (run << 24) + 1
    assert [m["content"] for m in store.messages(run)] == [
        "hello",
        [{"type": "text", "text": "a"}],
        "b",
    ]


def test_a_message_the_scrubber_changes_is_written_as_before(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", 'se"cret-value-42')
    sid, run = routed_run(store, tmp_path)
    with store.transaction():
        store.append_message(run, {"role": "user", "content": 'key se"cret-value-42 \ud800'})
        store.append_message(run, {"role": "user", "content": [{"x": math.nan}]})
        store.add_event(RunEnded(sid, run, "a", "complete"))
    raw = json.dumps(store._rows("SELECT * FROM message_log")[0][:])
    assert "cret-value-42" not in raw
    assert [m["content"] for m in store.messages(run)][1] == "key [redacted] \ufffd"
    assert math.isnan(store.messages(run)[2]["content"][0]["x"])  # as the old table kept it
    assert store._rows("SELECT COUNT(*) FROM message_log")[0][0] == 2


def test_a_rolled_back_message_does_not_take_an_index(store: Store, tmp_path: Path) -> None:
    sid, run = routed_run(store, tmp_path)
    with pytest.raises(RuntimeError), store.transaction():
        store.append_message(run, {"role": "assistant", "content": "lost"})
        store.add_event(RunEnded(sid, run, "a", "complete"))
        raise RuntimeError
    with store.transaction():
        store.append_message(run, {"role": "assistant", "content": "kept"})
        store.add_event(RunEnded(sid, run, "a", "complete"))
    view = store._rows("SELECT idx, content FROM messages WHERE run_id = ? ORDER BY idx", (run,))
    assert [tuple(r) for r in view] == [(0, '"hello"'), (1, '"kept"')]


def test_another_store_appending_while_the_session_is_free_is_seen(
    store: Store, tmp_path: Path
) -> None:
    sid, run = routed_run(store, tmp_path)
    store.lock_session(sid)
    store.unlock_session(sid, ended=True)  # lets go of what it knew of the session's runs
    other = Store.open(store.path)
    try:
        other.append_message(run, {"role": "assistant", "content": "from the other"})
    finally:
        other.close()
    store.lock_session(sid)
    try:
        with store.transaction():
            store.append_message(run, {"role": "user", "content": "mine"})
            store.add_event(RunEnded(sid, run, "a", "complete"))
    finally:
        store.unlock_session(sid, ended=True)
    contents = [m["content"] for m in store.messages(run)]
    assert contents == ["hello", "from the other", "mine"]
    indexes = store._rows("SELECT idx FROM messages WHERE run_id = ? ORDER BY idx", (run,))
    assert [r[0] for r in indexes] == [0, 1, 2]


def test_a_conversation_read_again_sees_every_write_since(store: Store, tmp_path: Path) -> None:
    sid, run = routed_run(store, tmp_path)
    assert len(store.messages(run)) == 1
    with store.transaction():  # this connection
        store.append_message(run, {"role": "assistant", "content": "two"})
        store.add_event(RunEnded(sid, run, "a", "complete"))
    assert [m["content"] for m in store.messages(run)] == ["hello", "two"]
    other = Store.open(store.path)
    try:
        with other.transaction():  # another connection
            other.append_message(run, {"role": "user", "content": "three"})
            other.add_event(RunEnded(sid, run, "a", "complete"))
    finally:
        other.close()
    assert [m["content"] for m in store.messages(run)] == ["hello", "two", "three"]


def test_the_view_takes_writes(store: Store, tmp_path: Path) -> None:
    sid, run = routed_run(store, tmp_path)
    with store.transaction():
        store.append_message(run, {"role": "assistant", "content": "two"})
        store.add_event(RunEnded(sid, run, "a", "complete"))
        store._execute(
            "INSERT INTO messages (run_id, idx, role, content) VALUES (?, 2, 'user', '\"3\"')",
            (run,),
        )
        broken = "UPDATE messages SET content = '{broken' WHERE run_id = ? AND idx = 1"
        store._execute(broken, (run,))
        store._execute("DELETE FROM messages WHERE run_id = ? AND idx = 0", (run,))
    view = store._rows("SELECT idx, role, content FROM messages ORDER BY idx")
    assert [tuple(r) for r in view] == [(1, "assistant", "{broken"), (2, "user", '"3"')]
    with pytest.raises(Exception, match="messages"):
        store.messages(run)  # the unreadable row is named


def test_a_prune_drops_definitions_no_run_uses(store: Store, tmp_path: Path) -> None:
    sid = store.create_session("r", tmp_path, {})
    with store.transaction():
        used = store.save_definition("d1", "a", None, "{}")
        store.save_definition("d2", "b", None, "{}")
        store.start_run(
            sid,
            agent="a",
            model="m",
            depth=0,
            max_turns=5,
            first_message={"role": "user", "content": "x"},
            definition=used,
        )
    keep = store.create_session("r", tmp_path, {})
    with store.transaction():
        store.start_run(
            keep,
            agent="a",
            model="m",
            depth=0,
            max_turns=5,
            first_message={"role": "user", "content": "y"},
            definition=used,
        )
    store.delete_sessions([sid])
    assert [r[0] for r in store._rows("SELECT digest FROM agent_definitions")] == ["d1"]
    store.delete_sessions([keep])
    assert store._rows("SELECT COUNT(*) FROM agent_definitions")[0][0] == 0
    assert store._rows("SELECT COUNT(*) FROM messages")[0][0] == 0


# ---- definitions known stored ------------------------------------------------------------


def _save(store: Store, digest: str = "d1") -> list[str]:
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    with store.transaction():
        store.save_definition(digest, "a", None, "{}")
    store._db.set_trace_callback(None)
    return [s for s in statements if "agent_definitions" in s]


def test_a_definition_seen_stored_is_not_inserted_again(store: Store) -> None:
    assert len(_save(store)) == 1
    assert _save(store) == []  # nothing else committed since: it is there
    assert len(_save(store, "d2")) == 1


def _run_of(store: Store, folder: Path, digest: str) -> int:
    """A run started on the definition ``digest`` (saved first, as the engine does)."""
    sid = store.create_session("r", folder, {})
    with store.transaction():
        return store.start_run(
            sid,
            agent="a",
            model="m",
            depth=0,
            max_turns=5,
            first_message={"role": "user", "content": "x"},
            definition=store.save_definition(digest, "a", None, "{}"),
        )


def test_a_prune_by_another_connection_is_found_by_the_next_run(
    store: Store, tmp_path: Path
) -> None:
    assert len(_save(store)) == 1
    other = Store.open(store.path)
    try:
        other.delete_sessions([])  # drops every definition no run uses
    finally:
        other.close()
    assert store._rows("SELECT COUNT(*) FROM agent_definitions")[0][0] == 0
    assert _save(store) == []  # taken for stored: no statement asks (hop32)
    run = _run_of(store, tmp_path, "d1")  # its foreign key finds it gone: stored again
    assert store.run(run).definition == "d1"
    assert rows(store.path, "SELECT digest, name, spec FROM agent_definitions") == [
        ("d1", "a", "{}")
    ]
    assert len(_save(store)) == 0
    store.delete_sessions([])  # its own prune forgets too (d1 is used: kept)
    assert len(_save(store)) == 1
    assert rows(store.path, "SELECT COUNT(*) FROM agent_definitions") == [(1,)]


def test_a_run_refused_by_another_key_still_fails(store: Store, tmp_path: Path) -> None:
    """A foreign key refusing the run for another reason (no such parent run): its
    definition is stored again, the insert tried once more, and the error stands."""
    run = _run_of(store, tmp_path, "d1")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), store.transaction():
        store.start_run(
            store.run(run).session_id,
            parent_run_id=run + 100,
            agent="a",
            model="m",
            depth=0,
            max_turns=5,
            first_message={"role": "user", "content": "x"},
            definition=store.save_definition("d1", "a", None, "{}"),
        )
    assert rows(store.path, "SELECT COUNT(*) FROM runs") == [(1,)]


def test_a_rolled_back_definition_is_not_known(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.save_definition("d1", "a", None, "{}")
        raise RuntimeError
    assert len(_save(store)) == 1
    assert store._rows("SELECT COUNT(*) FROM agent_definitions")[0][0] == 1
