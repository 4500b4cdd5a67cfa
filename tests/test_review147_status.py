"""review147: a refused Status value is scanned once per parse, not once per reader.

``bench/parser_adversarial.py``'s ``seed/s4/example`` grew x3.8-4.7 per doubling: not a
quadratic scan but the same refused value read in full twice (the seed reader, then the
general grammar: the cache kept readings, not refusals) at the sizes whose text still fit
the seed's shape, once at the others.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import protocols.values as values
from protocols import ReportParseError, parse_report


class _Counted:
    """The Status pattern, counting its scans."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.scans = pattern, 0

    def finditer(self, text: str) -> Any:
        self.scans += 1
        return self.pattern.finditer(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


def test_a_refused_status_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(values._STATUS)
    monkeypatch.setattr(values, "_STATUS", counted)
    value = "Blocked" + "for example " * 40 + "for exam review147"
    text = (
        "Fixed the login bug.\n\n**Changes:**\n- Added a check\n\n**Files:** src/a.py\n\n"
        f"**Status:** {value}\n**Domain:** Database\n"
        "**Blocker:** the schema is missing\n**Required:** a migration for users\n"
    )
    with pytest.raises(ReportParseError, match="unknown status"):
        parse_report(text)
    assert counted.scans == 1
