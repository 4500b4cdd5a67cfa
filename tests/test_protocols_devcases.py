"""Every development case in ../shared/reports/dev-cases.yaml parses as its author expects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from protocols import ReportParseError, parse_report


def _cases(shared: Path) -> list[dict[str, Any]]:
    cases = yaml.safe_load((shared / "reports" / "dev-cases.yaml").read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases, "dev-cases.yaml holds no cases"
    return cases


def _problems(case: dict[str, Any]) -> list[str]:
    expect = case["expect"]
    if expect.get("error"):
        try:
            report = parse_report(case["text"])
        except ReportParseError as exc:
            return [] if str(exc) else ["error without a message"]
        return [f"expected an error, parsed {report!r}"]
    report = parse_report(case["text"])
    problems = []
    if report.status.value != expect["status"]:
        problems.append(f"status {report.status.value} != {expect['status']}")
    if "domain" in expect and report.domain != expect["domain"]:
        problems.append(f"domain {report.domain!r} != {expect['domain']!r}")
    if "files" in expect and report.files != expect["files"]:
        problems.append(f"files {report.files} != {expect['files']}")
    if "changes" in expect and len(report.changes) != expect["changes"]:
        problems.append(f"{len(report.changes)} changes != {expect['changes']}")
    for name in ("summary", "blocker", "required"):
        wanted = expect.get(f"{name}_has")
        value = getattr(report, name) or ""
        if wanted is not None and str(wanted).lower() not in value.lower():
            problems.append(f"{name} {value!r} lacks {wanted!r}")
    return problems


def test_every_dev_case_passes(shared: Path) -> None:
    failures = {case["id"]: problems for case in _cases(shared) if (problems := _problems(case))}
    assert failures == {}


def test_dev_case_checker_can_fail(shared: Path) -> None:
    """Guard: a wrong expectation is reported, so the test above is not vacuous."""
    case = dict(_cases(shared)[0])
    case["expect"] = {**case["expect"], "status": "blocked", "changes": 99}
    assert len(_problems(case)) == 2
