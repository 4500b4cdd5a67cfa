"""The engine's own Python per hop, fourth cut (issue 12, branch engine6).

* A drive's outcome asks the store for a turn at writing only when the store takes turns
  with other processes (a batch's write lock): without one, no coroutine is made and
  awaited for nothing after every drive; with one, every drive still waits for its turn.

An in-process provider double (no SDK import) keeps the file fast.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.kit import Harness, InstantTurns, blocked, report

CHAIN = {
    "backend": [blocked("database", "The schema"), report("Complete")],
    "dba": [blocked("devops", "The pipeline"), report("Complete", "Schema given")],
    "ops": [report("Complete", "Pipeline given")],
}


class TurnsCounted:
    """A write lock double: every turn is granted at once and counted."""

    def __init__(self) -> None:
        self.turns = 0
        self.busy: Any = None
        self.commit: Any = None

    async def turn(self) -> None:
        self.turns += 1

    def hold(self) -> None:
        return None

    def committed(self) -> None:
        return None


def _chain(h: Harness) -> None:
    result = asyncio.run(h.engine.start("request", agent="backend"))
    assert result.status == "complete"


def test_no_write_lock_no_turn_awaited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    h = Harness(tmp_path, {}, provider=InstantTurns(CHAIN))
    asked: list[int] = []

    async def write_turn() -> None:
        asked.append(1)

    monkeypatch.setattr(h.store, "write_turn", write_turn)
    try:
        assert h.store.write_lock is None
        _chain(h)
        assert h.provider.calls == 5
        assert asked == []  # five drives, no turn to wait for
    finally:
        h.close()


def test_a_write_lock_still_gives_every_drive_its_turn(tmp_path: Path) -> None:
    h = Harness(tmp_path, {}, provider=InstantTurns(CHAIN))
    lock = TurnsCounted()
    h.store.take_turns(lock)  # type: ignore[arg-type]
    try:
        _chain(h)
        assert h.provider.calls == 5
        assert lock.turns == 5  # one turn after each drive, as before
    finally:
        h.store.take_turns(None)
        h.close()
