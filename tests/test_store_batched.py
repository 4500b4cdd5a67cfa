"""A transaction's events and run updates are written together, and still behave as if each
were written at once: readable inside the transaction, in order, gone with a rollback.
Both backends (``store`` from :mod:`storefixtures`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.events import Routed
from coordinator.store.db import Store


def _run(store: Store, sid: str) -> int:
    msg = {"role": "user", "content": "hi"}
    return store.start_run(sid, agent="a", model="m", depth=0, max_turns=5, first_message=msg)


def test_events_are_read_back_in_order_inside_their_transaction(store: Store) -> None:
    sid = store.create_session("r", Path("."), {})
    with store.transaction():
        for agent in ("one", "two", "three"):
            store.add_event(Routed(sid, None, request="r", agent=agent))
        inside = [e.data["agent"] for e in store.events(sid)]
        store.add_event(Routed(sid, None, request="r", agent="four"))
    assert inside == ["one", "two", "three"]
    assert [e.data["agent"] for e in store.events(sid)] == ["one", "two", "three", "four"]
    seqs = [e.seq for e in store.events(sid)]
    assert seqs == sorted(seqs)


def test_a_rollback_drops_pending_events_and_run_updates(store: Store) -> None:
    sid = store.create_session("r", Path("."), {})
    run = _run(store, sid)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(Routed(sid, None, request="r", agent="lost"))
        store.update_run(run, turns=3)
        raise RuntimeError("crash before commit")
    store.add_event(Routed(sid, None, request="r", agent="kept"))
    assert [e.data["agent"] for e in store.events(sid)] == ["kept"]
    assert store.run(run).turns == 0


def test_updates_of_a_run_combine_and_the_last_value_wins(store: Store) -> None:
    sid = store.create_session("r", Path("."), {})
    run, other = _run(store, sid), _run(store, sid)
    with store.transaction():
        store.update_run(run, turns=1, stop_reason="tool_use")
        store.add_event(Routed(sid, run, request="r", agent="a"))
        store.update_run(run, turns=2, status="complete")
        store.update_run(other, turns=7)
        assert store.run(run).turns == 2  # a read inside sees the pending update
        store.update_run(run, stop_reason="end_turn")
    first, second = store.run(run), store.run(other)
    assert (first.turns, first.stop_reason, first.status) == (2, "end_turn", "complete")
    assert second.turns == 7


def test_deleting_a_session_takes_its_pending_events(store: Store) -> None:
    sid = store.create_session("r", Path("."), {})
    keep = store.create_session("r", Path("."), {})
    with store.transaction():
        store.add_event(Routed(sid, None, request="r", agent="a"))
        store.add_event(Routed(keep, None, request="r", agent="b"))
        store._execute("DELETE FROM events WHERE session_id = ?", (sid,))
    assert store.events(sid) == []
    assert [e.data["agent"] for e in store.events(keep)] == ["b"]
