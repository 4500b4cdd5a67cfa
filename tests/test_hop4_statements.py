"""Statements and scrubbing per hop (issue 12, branch hop4).

* A session driven to its outcome is unlocked without reading its status back: the engine
  saw the outcome committed. A session whose driver stops mid-way is still marked
  interrupted by the unlock.
* ``safe_params`` with no secret configured scans each string once and hands back the
  parameters themselves when nothing needs replacing; lone surrogates and key-like text
  are still replaced.
* A run's update binds its parameters by position (a dozen named ones cost 3.5 us more).
* The secrets are looked up (once per transaction) from the environment's own table,
  without ``os.environ.get``'s KeyError for each variable unset.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from coordinator.providers.base import Usage
from coordinator.sanitize import REDACTED, REPLACEMENT, safe_params, safe_text, secret_patterns
from coordinator.store.db import Store
from tests.kit import Harness, InstantTurns, blocked, report

CHAIN = {
    "backend": [{"text": blocked("database", "The schema")}, {"text": report("Complete")}],
    "dba": [{"text": report("Complete", "Schema given")}],
}


def _harness(tmp_path: Path) -> Harness:
    return Harness(
        tmp_path,
        CHAIN,
        provider=InstantTurns(
            {agent: [turn["text"] for turn in turns] for agent, turns in CHAIN.items()},
            Usage(input_tokens=10, output_tokens=2),
        ),
    )


def _traced(h: Harness) -> list[str]:
    statements: list[str] = []
    h.store._db.set_trace_callback(statements.append)
    return statements


def test_a_finished_session_is_unlocked_without_reading_its_status(tmp_path: Path) -> None:
    h = _harness(tmp_path)
    statements = _traced(h)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    assert statements[-1] == "COMMIT"  # nothing after the outcome's commit
    assert not any(s.startswith("SELECT") for s in statements)
    assert not h.store.session_in_use(result.session_id)
    assert h.store.session(result.session_id).status == "complete"
    h.close()


def test_a_session_stopped_mid_way_is_still_marked_interrupted(tmp_path: Path) -> None:
    h = _harness(tmp_path)

    async def stop(*args: object) -> None:
        raise KeyboardInterrupt

    h.engine.runner.drive = stop  # type: ignore[method-assign,assignment]
    with pytest.raises(KeyboardInterrupt):
        asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    (row,) = h.store.sessions()
    assert row.status == "interrupted"
    assert not h.store.session_in_use(row.id)
    h.close()


def test_parameters_with_nothing_to_replace_are_returned_themselves() -> None:
    row = ("abc", 1, None, 2.5, "✅ Done — ok", "plain")
    named = {"a": "text", "b": 3, "c": "naïve"}
    assert safe_params(row, ()) is row
    assert safe_params(named, ()) is named


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bad \ud800 text", f"bad {REPLACEMENT} text"),
        ("✅ \udcff", f"✅ {REPLACEMENT}"),
        ("key sk-ant-abcdefgh12345 here", f"key {REDACTED} here"),
        ("✅ sk-ant-abcdefgh12345", f"✅ {REDACTED}"),
    ],
)
def test_the_fast_path_still_replaces_surrogates_and_key_like_text(
    value: str, expected: str
) -> None:
    assert safe_params(("ok", value, 1), ()) == ("ok", expected, 1)
    assert safe_params({"a": value, "b": "ok"}, ()) == {"a": expected, "b": "ok"}


def test_configured_secrets_still_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "hunter2-secret")
    assert safe_params(("a hunter2-secret b",)) == (f"a {REDACTED} b",)
    row = ("nothing here",)
    assert safe_params(row) == row


def test_the_secrets_lookup_reads_the_environment_table_without_get(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = os._Environ.get

    def counting(self: Any, key: str, default: Any = None) -> Any:
        calls.append(key)
        return real(self, key, default)

    monkeypatch.setattr(os._Environ, "get", counting)
    secret_patterns()  # computed once for what is configured now
    calls.clear()
    secret_patterns()
    assert calls == []  # each unset variable would raise and catch a KeyError in get
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", "tok-123456")
    assert safe_text("x tok-123456") == f"x {REDACTED}"
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN")
    assert safe_text("x tok-123456") == "x tok-123456"


def test_an_environment_without_its_own_table_is_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "environ", {"ANTHROPIC_API_KEY": "plain-dict-key"})
    assert safe_text("a plain-dict-key b") == f"a {REDACTED} b"


def test_run_updates_bind_their_parameters_by_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = _harness(tmp_path)
    bound: list[tuple[str, Any]] = []
    real = Store._statement

    def recording(self: Store, sql: str, params: Any = ()) -> Any:
        bound.append((sql, params))
        return real(self, sql, params)

    monkeypatch.setattr(Store, "_statement", recording)
    asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    updates = [params for sql, params in bound if sql.startswith("UPDATE runs SET")]
    # the root's outcome (what its blocked step owed it with it: hop46), dba's (a resume:
    # none, hop39)
    assert len(updates) == 2
    assert all(isinstance(params, tuple) for params in updates)  # named: 3.5 us more each
    h.close()
