"""hop33: the step row's byte scans that cannot find anything are skipped.

A message of text alone holds no float, so its JSON is not searched for ``NaN`` or
``Infinity``; a text with no ``@`` holds no URL password, so it is not searched for
``://``. Every text still gets exactly what the checked path writes, and a secret, a key
or a URL's password still never takes the fast path.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from coordinator.sanitize import REDACTED
from coordinator.store import encoding

SECRET = "hop33-secret-value-5678"


def _said(content: Any) -> list[encoding.MessageEntry]:
    return [(4, 1, "assistant", content), (5, 0, "user", "✅ a consult's task")]


@pytest.mark.parametrize(
    "content",
    [
        "NaN and Infinity as words, -Infinity too",
        [{"type": "text", "text": "✅ NaN Infinity"}],
        [{"type": "text", "text": "a"}, {"type": "text", "text": "b", "cache": "x"}],
        "a URL with no password: https://example.com/a?b=c",
    ],
)
def test_text_alone_takes_the_fast_path_with_the_checked_text(content: Any) -> None:
    said = _said(content)
    row, loose = encoding._step_row("s-1", [(4, "x", {"a": 1}, 1)], said, ())
    assert loose == [] and isinstance(row[4], bytes)
    assert row[4].decode() == encoding._message_text(said, ())


@pytest.mark.parametrize(
    "content",
    [
        [{"type": "tool_use", "input": {"x": math.nan}}],
        [{"type": "tool_use", "input": [math.inf]}],
        [{"type": "text", "text": "t"}, {"type": "x", "value": -math.inf}],
    ],
)
def test_a_messages_non_finite_float_still_leaves_the_step_row(content: Any) -> None:
    said = _said(content)
    row, loose = encoding._step_row("s-1", [(4, "x", {"a": 1}, 1)], said, ())
    assert row[4] is None and loose == said


def test_a_float_key_is_written_as_before() -> None:
    """The serializer's mode is kept: a NaN key is written ``"nan"`` as before (``null``
    mode would make it ``"None"``), and no key is written ``NaN`` or ``Infinity``."""
    said = _said([{math.nan: "x"}])
    row, loose = encoding._step_row("s-1", [(4, "x", {"a": 1}, 1)], said, ())
    assert loose == [] and isinstance(row[4], bytes)
    assert b'[{"nan":"x"}]' in row[4]


@pytest.mark.parametrize(
    ("content", "floats"),
    [
        ("text", False),
        ([], False),
        ([{"type": "text", "text": "t"}], False),
        ([{"type": "text", "text": "t", "n": 1}], True),
        ([{"input": {"x": 1.5}}], True),
        ([{1.5: "a float key"}], False),
        ([["not", "a", "block"]], True),
        ({"type": "text"}, True),
        (None, True),
    ],
)
def test_only_text_is_taken_for_floatless(content: Any, floats: bool) -> None:
    assert encoding._may_hold_float(content) is floats


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("https://user:hunter2@example.com/x", "hunter2"),
        ("git clone ssh://bob:pw-of-bob@host/repo", "pw-of-bob"),
        (f"the key {SECRET}", SECRET),
        ("sk-ant-api03-abcdefghijklmnop", "sk-ant-api03-abcdefghijklmnop"),
    ],
)
def test_a_secret_never_takes_the_fast_path(text: str, secret: str) -> None:
    """In a message (text alone: no float scans) or an event: the checked paths take it."""
    patterns = (SECRET,)
    for content in (text, [{"type": "text", "text": text}]):
        said = _said(content)
        assert encoding._clean_json(said, patterns, floats=False) is None
        row, loose = encoding._step_row("s-1", [(4, "x", {"v": text}, 1)], said, patterns)
        assert isinstance(row[2], str) and secret not in row[2] and REDACTED in row[2]
        assert row[4] is None and loose == said  # to message_log, each scrubbed there
