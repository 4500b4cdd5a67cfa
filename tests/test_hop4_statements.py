"""Statements and scrubbing per hop (issue 12, branch hop4).

* A session driven to its outcome is unlocked without reading its status back: the engine
  saw the outcome committed. A session whose driver stops mid-way is still marked
  interrupted by the unlock.
* ``safe_params`` with no secret configured scans each string once and hands back the
  parameters themselves when nothing needs replacing; lone surrogates and key-like text
  are still replaced.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from coordinator.sanitize import REDACTED, REPLACEMENT, safe_params
from tests.kit import Harness, blocked, report

CHAIN = {
    "backend": [{"text": blocked("database", "The schema")}, {"text": report("Complete")}],
    "dba": [{"text": report("Complete", "Schema given")}],
}


def _traced(h: Harness) -> list[str]:
    statements: list[str] = []
    h.store._db.set_trace_callback(statements.append)
    return statements


def test_a_finished_session_is_unlocked_without_reading_its_status(tmp_path: Path) -> None:
    h = Harness(tmp_path, CHAIN)
    statements = _traced(h)
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    assert statements[-1] == "COMMIT"  # nothing after the outcome's commit
    assert not any(s.startswith("SELECT") for s in statements)
    assert not h.store.session_in_use(result.session_id)
    assert h.store.session(result.session_id).status == "complete"
    h.close()


def test_a_session_stopped_mid_way_is_still_marked_interrupted(tmp_path: Path) -> None:
    h = Harness(tmp_path, CHAIN)

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
