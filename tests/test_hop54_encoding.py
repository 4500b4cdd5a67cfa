"""hop54: the step row's fast path calls pydantic-core's serializer without a cached
lookup a step and without the keywords that hold its defaults; the texts stay the same.

Each text is what the serializer wrote with the keywords the fast path always passed
(``inf_nan_mode`` and ``fallback``), byte for byte, and what it refused stays refused.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from pydantic_core import to_json

from coordinator.store import encoding

_MESSAGES: list[Any] = [
    [(4, 1, "assistant", [{"type": "text", "text": "✅ Done\n\n**Status:** Complete\n"}])],
    [(5, 0, "user", ["consult", "backend", "database", "schema", "b", [4, 1], "r", "ab"])],
    [(5, 2, "user", [{"type": "tool_result", "content": [{"n": 1.5}], "id": "t1"}])],
    [(6, 0, "user", "a float key"), (6, 1, "assistant", [{1.5: "x", "k": True}])],
]
_EVENTS: list[Any] = [
    [(4, "model_call", (1, "end_turn", 100, 20, 0.0004, 0, "m", 0, 0, "instant"), 17)],
    [(None, "routed", {"request": "r", "agent": "a", "score": 0.0, "matched": []}, 18)],
    [(4, "tool", {"path": object}, 19)],  # no JSON form: written by ``str``
]


@pytest.mark.parametrize("messages", _MESSAGES)
def test_a_messages_text_is_the_serializers_with_its_old_keywords(messages: Any) -> None:
    expected = to_json(messages, inf_nan_mode="constants", fallback=None)
    assert encoding._clean_json(messages, ()) == expected
    assert encoding._clean_json(messages, (), floats=False) == expected


@pytest.mark.parametrize("entries", _EVENTS)
def test_an_events_text_is_the_serializers_with_its_old_keywords(entries: Any) -> None:
    expected = to_json(entries, inf_nan_mode="null", fallback=str)
    assert encoding._clean_json(entries, (), str, nulls=True) == expected


def test_what_the_fast_path_refused_it_still_refuses() -> None:
    for value in (math.nan, math.inf, -math.inf):
        said = [(4, 1, "assistant", [{"type": "text", "text": "t", "n": value}])]
        assert encoding._clean_json(said, ()) is None
        events = [(4, "x", {"v": value}, 1)]
        assert encoding._clean_json(events, (), str, nulls=True) == b'[[4,"x",{"v":null},1]]'
    assert encoding._clean_json([(4, "x", {"v": object()}, 1)], ()) is None  # no fallback
    assert encoding._clean_json([(4, 0, "user", "\ud800")], ()) is None  # a lone surrogate
    key = [(4, 0, "user", "sk-ant-api03-abcdefghij")]
    assert encoding._clean_json(key, ()) is None


def test_the_serializer_is_loaded_once_and_kept() -> None:
    first = encoding._rust_encoder()
    assert first is to_json
    assert encoding._rust_encoder() is first
    assert encoding._to_json is first
