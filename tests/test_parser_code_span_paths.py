"""A path in a code span is read as written: ``__init__`` there is a name, not emphasis."""

from __future__ import annotations

import pytest

from protocols import AgentReport, Status, parse_report, render_report


@pytest.mark.parametrize("name", ["__init__", "__0__", "pkg/__main__", "__init__.py"])
def test_backticked_dunder_name_round_trips(name: str) -> None:
    report = AgentReport(summary="Done", changes=["x"], files=[name], status=Status.COMPLETE)
    assert parse_report(render_report(report)).files == [name]


def test_bold_bare_path_still_loses_its_emphasis() -> None:
    text = (
        "Done\n\n**Changes:** x\n\n**Files:**\n- __app.py__\n- `__main__`: entry\n\n"
        "**Status:** Complete\n"
    )
    assert parse_report(text).files == ["app.py", "__main__"]
