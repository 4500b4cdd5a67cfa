"""The leading symbols of a summary or label (``✅ Done``) taken off in one pass."""

from __future__ import annotations

import time

from protocols.labels import strip_symbols
from protocols.parse import parse_report


def test_leading_marks_and_the_spaces_after_them_are_taken_off() -> None:
    assert strip_symbols("✅ Done") == "Done"
    assert strip_symbols("⚠️  \u200d🚫 Blocked on the schema") == "Blocked on the schema"
    assert strip_symbols("Done ✅") == "Done ✅"
    assert strip_symbols("✅ ✅ ") == ""


def test_a_summary_of_many_marks_is_read_in_linear_time() -> None:
    """A model (or a hostile agent) writing ``✅ `` 200,000 times before its summary: each
    mark taken off by copying the rest made this quadratic (~8 s of CPU at this size)."""
    text = "✅ " * 200_000 + "Done\n\n**Status:** Complete\n"
    started = time.thread_time()  # CPU time: a busy machine's waits are not counted
    assert strip_symbols(text).startswith("Done")
    report = parse_report(text)
    assert time.thread_time() - started < 3
    assert report.status == "complete"
