"""The parser builds its reports without pydantic's validation pass (``AgentReport.of_parts``):
the result must be exactly what validating the same values makes."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from protocols import AgentReport, ReportParseError, Status, parse_report
from protocols.report import block_text

HARD_CASES = Path(__file__).parent / "data" / "reports-hard.yaml"

MESSY: list[dict[str, Any]] = [
    {
        "summary": "  Added\n the   endpoint \t ",
        "changes": ["  one\n  item ", "", "   ", "two"],
        "files": [" app.py ", "app.py", "", "src/x y.py"],
        "file_lines": {"app.py": " 1-2\n ", "b.py": "  "},
        "file_groups": {"app.py": " Created ", "c.py": ""},
        "status": Status.BLOCKED,
        "domain": "Database (D1)",
        "blocker": "\n  - first\n\n      - nested\n\ttabbed\n",
        "required": "  one line  ",
    },
    {
        "summary": "",
        "changes": [],
        "files": [],
        "file_lines": {},
        "file_groups": {},
        "status": Status.COMPLETE,
        "domain": "n/a",
        "blocker": "   ",
        "required": None,
    },
    {
        "summary": "x",
        "changes": ["a"],
        "files": ["f"],
        "file_lines": {},
        "file_groups": {},
        "status": Status.NEEDS_REVIEW,
        "domain": "Security Engineer",
        "blocker": "a\u2028b",
        "required": "wide\u3000space\u00a0here ",
    },
    {
        "summary": "x",
        "changes": [],
        "files": [],
        "file_lines": {},
        "file_groups": {},
        "status": Status.BLOCKED,
        "domain": "devops",
        "blocker": "line\r\nbreaks\x0bhere",
        "required": "\x85",
    },
]


def _same(kwargs: dict[str, Any]) -> None:
    kwargs = {"domain_written": "", **kwargs}  # every field given, as the parser gives them
    built = AgentReport.of_parts(**kwargs, raw="text")
    validated = AgentReport(**kwargs, raw="text")
    assert built.model_dump() == validated.model_dump()
    assert built.model_fields_set == validated.model_fields_set
    assert built.raw == validated.raw == "text"
    assert built.model_dump_json() == validated.model_dump_json()


@pytest.mark.parametrize("kwargs", MESSY, ids=range(len(MESSY)))
def test_of_parts_normalises_as_validation_does(kwargs: dict[str, Any]) -> None:
    _same(kwargs)


def test_of_parts_refuses_a_status_that_is_not_one() -> None:
    with pytest.raises(TypeError):
        AgentReport.of_parts(
            summary="",
            changes=[],
            files=[],
            file_lines={},
            file_groups={},
            status="complete",  # type: ignore[arg-type]
            domain=None,
            blocker=None,
            required=None,
            raw="",
        )


def test_one_line_block_text_matches_the_general_rule() -> None:
    for value in ("b", "  b  ", "", "   ", "a b", "é  ", "**x**"):
        lines = [ln.rstrip() for ln in value.expandtabs(4).splitlines() if ln.strip()]
        assert block_text(value) == (textwrap.dedent("\n".join(lines)).strip() or None)


def _texts(shared: Path) -> list[str]:
    found = []
    for path in (shared / "reports" / "dev-cases.yaml", HARD_CASES):
        found += [str(c["text"]) for c in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return found


def test_every_report_the_parser_builds_equals_the_validated_one(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The values the parser hands over, from every dev and hard case, built both ways."""
    seen: list[dict[str, Any]] = []
    real = AgentReport.of_parts

    def recording(**kwargs: Any) -> AgentReport:
        seen.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(AgentReport, "of_parts", recording)
    for text in _texts(shared):
        try:
            parse_report(text)
        except ReportParseError:
            pass
    monkeypatch.undo()
    assert len(seen) >= 30  # every case that parses (38 when written)
    for kwargs in seen:
        raw = kwargs.pop("raw")
        _same(kwargs)
        kwargs["raw"] = raw
