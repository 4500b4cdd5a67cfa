"""hop30: a step's JSON by pydantic-core's serializer, checked as bytes, stored as text.

The fast path must write exactly the text the checked path (the ``json`` C encoder and the
scrubber) writes, leave everything it cannot vouch for to that path, and store text, never
a blob; the engine hands it plain strings (a StrEnum costs the serializer ~1 µs a value).
"""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import Any

import pytest
from kit import consult_chain, scripted, team, workspace

from coordinator.config import Settings
from coordinator.events import ModelCalled, Routed
from coordinator.runtime.engine import Engine
from coordinator.sanitize import REDACTED, secret_patterns
from coordinator.status import RunStatus
from coordinator.store import encoding
from coordinator.store.db import Store

SECRET = "hop30-secret-value-1234"

#: values the fast path takes: non-ASCII, quotes, backslashes, controls, nesting, numbers
PLAIN: list[Any] = [
    '✅ Done "quoted" back\\slash\n\ttab \x00\x1f\x7f \u2028 пошук \U0001d518',
    {"nested": [1, -2, 2**70, 0.0004, -0.0, 1.5, None, True, False, []], "": {}},
    ["a", ("tuple", 3)],
    123456789.123,
    "see https://example.com/a?b=c and git@host:x, a URL with no password",
]


def _entries(value: Any) -> list[encoding.Entry]:
    return [(4, "tool_call", {"agent": "backend", "value": value}, 1796283273781964643)]


@pytest.mark.parametrize("value", PLAIN)
def test_the_fast_path_writes_the_checked_paths_text(value: Any) -> None:
    entries = _entries(value)
    said: list[encoding.MessageEntry] = [(4, 1, "assistant", [{"type": "text", "text": value}])]
    row, loose = encoding._step_row("s-1", entries, said, ())
    assert loose == []
    assert isinstance(row[2], bytes) and isinstance(row[4], bytes)  # the fast path
    assert row[2].decode() == encoding._event_text(entries, ())
    assert row[4].decode() == encoding._message_text(said, ())


@pytest.mark.parametrize("value", [float("nan"), -math.inf, [1.0, math.inf], "NaN as a word"])
def test_an_events_non_finite_float_is_written_null_by_the_fast_path(value: Any) -> None:
    row, _ = encoding._step_row("s-1", _entries(value), [], ())
    assert isinstance(row[2], bytes)
    assert row[2].decode() == encoding._event_text(_entries(value), ())  # null, as before


def test_a_messages_non_finite_float_leaves_the_step_row() -> None:
    """As before: such a message is stored on its own (``message_log`` keeps the float)."""
    said: list[encoding.MessageEntry] = [(4, 1, "assistant", [{"value": math.nan}])]
    row, loose = encoding._step_row("s-1", _entries("x"), said, ())
    assert row[4] is None and loose == said


@pytest.mark.parametrize(
    "value",
    [
        "a lone \ud800 surrogate",
        f"the key {SECRET} here",
        "sk-ant-api03-abcdefghijklmnop",
        "https://user:hunter2@example.com/x",
    ],
)
def test_what_the_fast_path_cannot_vouch_for_takes_the_checked_path(value: Any) -> None:
    patterns = (SECRET,)
    assert encoding._clean_json(_entries(value), patterns, str) is None
    row, _ = encoding._step_row("s-1", _entries(value), [], patterns)
    assert row[2] == encoding._event_text(_entries(value), patterns)  # the checked text


def test_a_step_is_stored_as_text_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    assert SECRET in secret_patterns()
    store = Store.open(tmp_path / "s.db")
    sid = store.create_session("r", tmp_path, {})
    first = {"role": "user", "content": PLAIN[0]}
    run = store.start_run(sid, agent="a", model="m", depth=0, max_turns=5, first_message=first)
    answer = [{"type": "text", "text": f"✅ {SECRET}"}]
    with store.transaction():
        store.add_event(Routed(sid, None, request=PLAIN[0], agent="a"))
        event = ModelCalled(sid, run, "a", 1, "end_turn", 10, 2, 0.0004, 5, "m")
        store.record_step(run, {"turns": 1}, {"role": "assistant", "content": answer}, [event])
    kinds = store._rows("SELECT typeof(rows), typeof(messages) FROM event_log")
    assert {tuple(k) for k in kinds} <= {("text", "text"), ("text", "null")}
    assert store.events(sid)[0].data["request"] == PLAIN[0]
    scrubbed = [{"type": "text", "text": f"✅ {REDACTED}"}]
    assert store.messages(run) == [first, {"role": "assistant", "content": scrubbed}]
    store.close()


def test_the_engine_hands_the_store_plain_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run's status reaches the events as ``str``, not as the RunStatus member."""
    found: list[type] = []
    real = encoding._clean_json

    def walk(value: Any) -> None:
        if isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif type(value) not in (str, int, float, bool, type(None)):
            found.append(type(value))

    def checking(value: Any, *args: Any, **options: Any) -> Any:
        walk(value)
        return real(value, *args, **options)

    monkeypatch.setattr(encoding, "_clean_json", checking)
    ws = workspace(tmp_path)
    store = Store.open(tmp_path / "s.db")
    provider = scripted(consult_chain(0))
    engine = Engine(
        registry=team(), provider=provider, store=store, settings=Settings(), workspace=ws
    )
    result = asyncio.run(engine.start("add a field", agent="backend"))
    assert result.status == RunStatus.COMPLETE
    assert found == []
    statuses = [e.data["status"] for e in store.events(result.session_id) if "status" in e.data]
    assert "complete" in statuses
    store.close()
