"""review74: the review of daily72, route73 and lead51: a span of more seconds than have
passed since 1970 (or of more digits than Python reads) is every session, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord

HUGE = ["99999999999999999999s", "1" * 400 + "s", "1" * 5000 + " seconds ago"]


@pytest.mark.parametrize("span", HUGE, ids=["20 digits", "400 digits", "5000 digits"])
def test_a_span_longer_than_any_time_past_reaches_the_earliest(span: str) -> None:
    """``since_epoch`` returned a time before year 1 (``started`` then raised), raised
    OverflowError (int too large to convert to float) or ValueError (past 4300 digits)."""
    from coordinator.store.history import since_epoch, started

    at = since_epoch(span, now=1000.0)
    assert at == 0.0
    assert started(at)[:4] in ("1969", "1970")  # local time at the epoch


def test_sessions_since_a_huge_span_answers_without_a_traceback(tmp_path: Path) -> None:
    ran = coord("sessions", "--since", HUGE[0], "--here", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "Traceback" not in ran.stderr
