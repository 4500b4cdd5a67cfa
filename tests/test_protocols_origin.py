"""Whose report a block is, and Files items, one rule at a time (see docs/report-parser.md)."""

from __future__ import annotations

import pytest

from protocols import ReportParseError, parse_report
from protocols.files import group_heading, read_item

REPORT = "\u2705 Lookup endpoint\n\n**Changes:**\n- a\n\n**Files:** a.py\n\n**Status:** Complete\n"


@pytest.mark.parametrize(
    "intro",
    [
        "Per the database engineer's advice, I added the index.",
        "After the database engineer's answer, here is the final report:",
        "Following the example in the agent file, here is my report:",
        "Here is my final report for the coordinator:",
        "## Final Report",
        "Here's the full summary of the end-to-end work:",
    ],
)
def test_own_report_introductions_keep_the_report(intro: str) -> None:
    assert parse_report(f"{intro}\n\n{REPORT}").files == ["a.py"]


@pytest.mark.parametrize(
    ("intro", "why"),
    [
        ("The database engineer replied:", "quoted from another agent"),
        ("I asked the DBA, and the database engineer replied:", "quoted from another agent"),
        ("Here is the backend-architect's answer:", "quoted from another agent"),
        ("python-pro replied:", "quoted from another agent"),
        ("Answer from the security auditor:", "quoted from another agent"),
        ("Відповідь інженера бази даних:", "quoted from another agent"),
        ("When I finish, my report will look like this example:", "shown as a sample"),
    ],
)
def test_another_agents_answer_or_a_sample_is_not_the_report(intro: str, why: str) -> None:
    with pytest.raises(ReportParseError, match=why):
        parse_report(f"{intro}\n\n{REPORT}")


@pytest.mark.parametrize("fence", ["```python", "```diff", "```ts", "~~~bash"])
def test_a_report_inside_a_code_fence_is_not_the_agents(fence: str) -> None:
    closing = fence[:3]
    with pytest.raises(ReportParseError, match="inside a code block"):
        parse_report(f"Fixture:\n\n{fence}\n{REPORT}{closing}\n")
    text = f"Fixture:\n\n{fence}\n{REPORT}{closing}\n\n{REPORT.replace('a.py', 'b.py')}"
    assert parse_report(text).files == ["b.py"]


def test_a_fully_blockquoted_report_is_quoted_but_a_quoted_status_line_is_not() -> None:
    quoted = "\n".join(f"> {line}" for line in REPORT.splitlines())
    with pytest.raises(ReportParseError, match="quoted"):
        parse_report(f"Here it is:\n\n{quoted}\n")
    mixed = REPORT.replace("**Status:**", "> **Status:**")
    assert parse_report(mixed).files == ["a.py"]


def test_a_lone_triple_quote_in_backticks_opens_no_docstring() -> None:
    text = REPORT.replace("- a", '- Fixed the `"""` docstring of utils')
    assert parse_report(text).changes == ['Fixed the `"""` docstring of utils']


def test_a_recap_after_the_report_is_not_an_incomplete_attempt() -> None:
    text = f"{REPORT}\n---\n### Recap\n\n**Changes:**\n- a\n\n**Files:** a.py\n"
    assert parse_report(text).files == ["a.py"]


def test_a_trailing_files_correction_without_status_is_refused() -> None:
    text = f"{REPORT}\nActually, let me fix the files list:\n\n**Files:**\n- a.py\n- b.py\n"
    with pytest.raises(ReportParseError, match=r"^line 12: the final report has no 'Status:'"):
        parse_report(text)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("`app/x.py:12`", [("app/x.py", "12", None)]),
        ("app/x.py:88-104", [("app/x.py", "88-104", None)]),
        ("app/x.py:12:5", [("app/x.py", "12", None)]),
        ("README.md#L10-L42", [("README.md", "10-42", None)]),
        ("docs/api.md (lines 3-9)", [("docs/api.md", "3-9", None)]),
        ("`a.py` (L12-L40) — x, y", [("a.py", "12-40", None)]),
        ("`a.py` — new router, list/create/delete, pagination", [("a.py", None, None)]),
        ("a.py — tests, fixtures, b.py — docs", [("a.py", None, None), ("b.py", None, None)]),
        ("a.py (new), b.py (modified, tests)", [("a.py", None, None), ("b.py", None, None)]),
        ("Created: `a.py`, `b.py`", [("a.py", None, "Created"), ("b.py", None, "Created")]),
        ("**Видалено:** old.py", [("old.py", None, "Видалено")]),
        ("Dockerfile: multi-stage, slim", [("Dockerfile", None, None)]),
        ("[a.py](a.py#L3): link", [("a.py", None, None)]),
        ("| a.py | new |", [("a.py", None, None)]),
        ("|---|---|", []),
        ("| File | Change |", []),
        ("`backend/app/ap````", [("backend/app/ap", None, None)]),
    ],
)
def test_file_items(item: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert [(i.path, i.lines, i.group) for i in read_item(item)] == expected


@pytest.mark.parametrize(
    ("line", "group"),
    [
        ("Created:", "Created"),
        ("**Modified:**", "Modified"),
        ("**New files**", "New files"),
        ("Змінено:", "Змінено"),
        ("Created (3):", "Created"),
        ("a.py:", None),
        ("`a.py`:", None),
        ("src/app:", None),
        ("Created: a.py", None),
    ],
)
def test_group_headings(line: str, group: str | None) -> None:
    assert group_heading(line) == group


def test_files_groups_after_blank_lines_and_bold_headings() -> None:
    text = (
        "**Files:**\n\n**Created:**\n- a.py\n\n**Modified:**\n- b.py — x, y\n\n"
        "**Status:** Complete\n"
    )
    report = parse_report(text)
    assert report.files == ["a.py", "b.py"]
    assert report.file_groups == {"a.py": "Created", "b.py": "Modified"}


def test_same_file_twice_is_listed_once_with_both_ranges() -> None:
    report = parse_report("**Files:**\n- `a.py:12`\n- `a.py:40-50`\n**Status:** Complete\n")
    assert (report.files, report.file_lines) == (["a.py"], {"a.py": "12, 40-50"})


def test_triple_quotes_in_prose_open_no_docstring_but_an_unfenced_docstring_does() -> None:
    prose = REPORT.replace("- a", '- Added """ docstrings to utils')
    assert parse_report(prose).files == ["a.py"]
    docstring = 'def report():\n    """The template.\n\n    **Status:** Complete\n    """\n'
    with pytest.raises(ReportParseError, match="inside a code block"):
        parse_report(docstring)


def test_a_report_inside_example_tags_is_not_the_agents() -> None:
    with pytest.raises(ReportParseError, match="quoted"):
        parse_report(f"<example>\n{REPORT}</example>\n")
    assert parse_report(f"<example>\n{REPORT}</example>\n\n{REPORT}").files == ["a.py"]
