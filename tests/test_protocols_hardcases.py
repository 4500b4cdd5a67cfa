"""Hard final messages (tests/data/reports-hard.yaml) parse as their author expects.

Whose report it is (code blocks, quoted answers, samples, a final incomplete attempt), Files
as people write them (line ranges, descriptions, group headings), multi-line Blocker/Required.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from protocols import ReportParseError, parse_report

HARD_CASES = Path(__file__).parent / "data" / "reports-hard.yaml"


def load_cases(path: Path = HARD_CASES) -> list[dict[str, Any]]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases, f"{path} holds no cases"
    return cases


def problems(case: dict[str, Any]) -> list[str]:
    """What differs between the parse of ``case['text']`` and its expectations."""
    expect = case["expect"]
    if expect.get("error"):
        try:
            report = parse_report(case["text"])
        except ReportParseError as exc:
            wanted = str(expect.get("error_has", "")).lower()
            return [] if wanted in str(exc).lower() else [f"error {exc} lacks {wanted!r}"]
        return [f"expected an error, parsed {report!r}"]
    try:
        report = parse_report(case["text"])
    except ReportParseError as exc:
        return [f"refused: {exc}"]
    found: list[str] = []
    if report.status.value != expect["status"]:
        found.append(f"status {report.status.value} != {expect['status']}")
    if "changes" in expect and len(report.changes) != expect["changes"]:
        found.append(f"{len(report.changes)} changes != {expect['changes']}")
    for name in ("domain", "files", "file_lines", "file_groups", "blocker", "required"):
        if name in expect and getattr(report, name) != expect[name]:
            found.append(f"{name} {getattr(report, name)!r} != {expect[name]!r}")
    for name in ("summary", "blocker", "required"):
        wanted = expect.get(f"{name}_has")
        value = getattr(report, name) or ""
        if wanted is not None and str(wanted).lower() not in value.lower():
            found.append(f"{name} {value!r} lacks {wanted!r}")
    return found


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: str(c["id"]))
def test_hard_case(case: dict[str, Any]) -> None:
    assert problems(case) == []


def test_hard_set_is_a_real_mix() -> None:
    cases = load_cases()
    rejects = sum(1 for c in cases if c["expect"].get("error"))
    assert len(cases) >= 30 and 10 <= rejects <= len(cases) - 20


def test_checker_can_fail() -> None:
    """Guard: wrong expectations are reported, so the cases above are not vacuous."""
    accept = next(c for c in load_cases() if "file_lines" in c["expect"])
    wrong = {**accept, "expect": {**accept["expect"], "file_lines": {}, "status": "blocked"}}
    assert len(problems(wrong)) == 2
    reject = next(c for c in load_cases() if c["expect"].get("error"))
    assert problems({**reject, "expect": {"error": True, "error_has": "no such words"}})
