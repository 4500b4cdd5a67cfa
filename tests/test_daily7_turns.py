"""Storing a model's turn gives the run loop a typed result: a :class:`Turn` (committed,
acted on before any report) or the run's :class:`UnsavedTurn` (a final message kept on the
run, its text with it, its report read next), never a bare string or None."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from coordinator.providers.base import ModelRequest, ModelResponse, Usage
from coordinator.runtime.agent_run import AgentRunner, Turn
from coordinator.runtime.state import UnsavedTurn
from tests.kit import Harness, report

JSON = dict[str, Any]


class Blocks:
    """Answers each call with the next (content blocks, stop reason) at once."""

    name = "blocks"

    def __init__(self, answers: list[tuple[list[JSON], str]]):
        self.answers = answers
        self.calls = 0

    async def complete(self, request: ModelRequest) -> ModelResponse:
        content, stop = self.answers[self.calls]
        self.calls += 1
        return ModelResponse(content, stop, Usage(10, 2), request.model)

    async def aclose(self) -> None:
        return None


def text(value: str) -> JSON:
    return {"type": "text", "text": value}


def stored_turns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[tuple[list[JSON], str]]
) -> tuple[list[object], Harness, str]:
    """What ``_store_turn`` handed the loop for each call of one backend session."""
    seen: list[object] = []
    real = AgentRunner._store_turn

    def spy(self: AgentRunner, *args: Any) -> Any:
        seen.append(real(self, *args))
        return seen[-1]

    monkeypatch.setattr(AgentRunner, "_store_turn", spy)
    h = Harness(tmp_path, {}, provider=Blocks(answers))
    result = asyncio.run(h.engine.start("Add an endpoint", agent="backend"))
    assert result.status == "complete"
    return seen, h, result.session_id


def test_a_final_text_block_is_a_final_message_with_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    final = report("Complete", "Added it")
    seen, h, sid = stored_turns(tmp_path, monkeypatch, [([text(final)], "end_turn")])
    try:
        (turn,) = seen
        assert isinstance(turn, UnsavedTurn) and turn.text == final
        assert h.conversation(sid, "backend")[-1]["content"] == [text(final)]  # written
    finally:
        h.close()


def test_a_final_message_of_other_blocks_is_read_from_the_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = [text("Looked at the code."), text(report("Complete", "Added it"))]
    seen, h, sid = stored_turns(tmp_path, monkeypatch, [(blocks, "end_turn")])
    try:
        (turn,) = seen
        assert isinstance(turn, UnsavedTurn) and turn.text is None
        assert h.conversation(sid, "backend")[-1]["content"] == blocks
    finally:
        h.close()


def test_a_turn_acted_on_first_is_a_turn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    final = report("Complete", "Added it")
    answers = [([text(final[:12])], "max_tokens"), ([text(final[12:])], "end_turn")]
    seen, h, _ = stored_turns(tmp_path, monkeypatch, answers)
    try:
        assert [type(t) for t in seen] == [Turn, UnsavedTurn]
        assert isinstance(seen[0], Turn) and seen[0].stop_reason == "max_tokens"
    finally:
        h.close()
