"""parser107's rules made to misfire (tests/data/reports-review118.yaml): an example lead
the agent speaks through in the first person, two-cell tables of results, plain dash labels
in prose or a plain fence, a ``<summary>`` title the agent used as its summary, joiners in
Ukrainian text. Cases marked ``guard`` were read right before review118 too."""

from __future__ import annotations

from typing import Any

import pytest

from protocols import ReportParseError, parse_report
from tests.test_parser107_real import outcome, real_cases, text_of

CASES = real_cases("review118")


def exact_summary(case: dict[str, Any]) -> list[str]:
    """The summary read, when the case names it exactly (no ``<summary>`` tag, no joiner)."""
    wanted = case["expect"].get("summary")
    if wanted is None:
        return []
    try:
        summary = parse_report(text_of(case)).summary
    except ReportParseError as exc:
        return [f"refused: {exc}"]
    return [] if summary == wanted else [f"summary {summary!r} != {wanted!r}"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["id"]))
def test_review118_case(case: dict[str, Any]) -> None:
    assert outcome(case) + exact_summary(case) == []


def test_guards_and_mends_both_present() -> None:
    guards = [c for c in CASES if c.get("guard")]
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert 0 < len(guards) < len(CASES)
