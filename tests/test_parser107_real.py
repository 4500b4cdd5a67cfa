"""Final messages as real models write them (tests/data/reports-real107.yaml) read exactly.

Markdown variants (headings, bold, tables, bullets, numbered lists), trailing prose, emoji,
Ukrainian labels, CRLF, invisible characters, nested quotes, ``<details>``, samples after the
report, malformed Blocked reports and statuses hiding more. A refusal is typed in the corpus:
``no_report`` (nothing of the agent's own) or ``malformed`` (its report, unusable: the message
names the field).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from protocols import ReportParseError, parse_report
from tests.test_protocols_hardcases import load_cases, problems

REAL_CASES = Path(__file__).parent / "data" / "reports-real107.yaml"
_CODE_POINT = re.compile(r"<U\+([0-9A-F]{4,6})>")
#: what a message says when the text holds no report of the agent's own
_NO_REPORT = ("no report", "empty text")


def text_of(case: dict[str, Any]) -> str:
    """The case's text with its ``<U+XXXX>`` marks made characters, CRLF when asked."""
    text = _CODE_POINT.sub(lambda m: chr(int(m.group(1), 16)), str(case["text"]))
    return text.replace("\n", "\r\n") if case.get("crlf") else text


def outcome(case: dict[str, Any]) -> list[str]:
    """What differs from the case's expectation, the refusal's type included."""
    kind = case["expect"].get("error")
    real = {**case, "text": text_of(case)}
    if kind is None:
        return problems(real)
    try:
        report = parse_report(real["text"])
    except ReportParseError as exc:
        said = str(exc).lower()
        found = problems({**real, "expect": {"error": True, **case["expect"]}})
        no_report = any(word in said for word in _NO_REPORT)
        if no_report != (kind == "no_report"):
            found.append(f"{kind} expected, message: {exc}")
        return found
    return [f"expected {kind}, parsed {report!r}"]


CASES = load_cases(REAL_CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_real_case(case: dict[str, Any]) -> None:
    assert outcome(case) == []


def test_corpus_is_a_real_mix() -> None:
    kinds = [c["expect"].get("error") for c in CASES]
    assert len(CASES) >= 80 and len({c["id"] for c in CASES}) == len(CASES)
    assert kinds.count("no_report") >= 5 and kinds.count("malformed") >= 10
    assert set(kinds) == {None, "no_report", "malformed"}
